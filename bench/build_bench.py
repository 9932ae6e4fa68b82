"""How fast the site builds: prints a table of medians, changes nothing in the project.

    .venv/bin/python bench/build_bench.py [--runs 3] [--sizes 1000 5000]

Measures, each in a throwaway copy of the project (so real pages are never edited):
- a cold build (`pelican` in a fresh process, as `make html` runs it, with an
  empty cache folder) and a cached rebuild (the same with the cache kept);
- the time from saving a one-line edit to the preview being rebuilt, through
  the preview's own builder and file watcher (tooling/preview/preview_build.py);
- synthetic sites made of copies of our pages at each size, built by our
  settings and by plain Pelican (built-in `simple` theme, no plugins) on the
  same content, as milliseconds per page and as a ratio.
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from tooling.build.project_copy import copy_project as copy_project_inputs

BUILD_INPUTS = ["content", "data", "theme", "plugins", "pelicanconf.py", "publishconf.py", "EDITING.md"]
# Header fields a copy must not keep: they would put every copy in the menus
# or give two pages one address.
DROPPED_FIELDS = {"nav_order", "nav_label", "footer_order", "save_as", "url", "status", "template"}
# The synthetic sites are built by our settings with one change: `_headers`
# gets a cache rule per page, so a 1,000-page copy has more rules than the 100
# Cloudflare Pages reads, which stops a real build (plugins/kact_hosting).
SYNTHETIC_SETTINGS = '''"""Our settings for a synthetic site: every check, but no limit on `_headers` rules."""
import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

HOSTING_MAX_HEADER_RULES = None
'''
SUMMARY_LIMIT = 160  # as the gate's summary check: search results cut a longer one off
PLAIN_SETTINGS = '''"""Plain Pelican on the same content: built-in theme, no plugins."""
import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

THEME = "simple"
PLUGINS = []
'''


def copy_project(destination):
    copy_project_inputs(destination, BUILD_INPUTS)
    (destination / "plain_settings.py").write_text(PLAIN_SETTINGS, encoding="utf-8")
    (destination / "synthetic_settings.py").write_text(SYNTHETIC_SETTINGS, encoding="utf-8")
    return destination


def pelican(project, settings, output, fatal=True, cached=True):
    """Build once in a fresh process; returns wall seconds. Fails loudly on a broken build.
    cached=False reads every page afresh (Pelican's --ignore-cache), as a first build does."""
    command = [sys.executable, "-m", "pelican", str(project / "content"), "--settings", str(project / settings),
               "--output", str(output), "--quiet"]
    if not cached:
        command.append("--ignore-cache")
    if fatal:
        command += ["--fatal", "warnings"]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=project, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"The build failed in {project} ({settings}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds


def split_header(text):
    header, _, body = text.partition("\n\n")
    fields = []
    for line in header.splitlines():
        key, _, value = line.partition(":")
        fields.append((key.strip(), value.strip()))
    return fields, body


def make_synthetic_pages(project, total):
    """Fill content/pages with our pages plus numbered copies, `total` pages in all."""
    pages = project / "content" / "pages"
    originals = sorted(pages.glob("*.md"))
    sources = [path for path in originals if path.stem not in ("404", "index")]
    copies = {}
    for original in originals:
        # Plain Pelican's theme has none of our special templates (home, booking, 404).
        fields, body = split_header(original.read_text(encoding="utf-8"))
        kept = [f"{key}: {value}" for key, value in fields if key.lower() != "template"]
        original.write_text("\n".join(kept) + "\n\n" + body, encoding="utf-8")
    for number in range(total - len(originals)):
        source = sources[number % len(sources)]
        fields, body = split_header(source.read_text(encoding="utf-8"))
        suffix = f" (copy {number + 1})"
        kept = []
        for key, value in fields:
            lowered = key.lower()
            if lowered in DROPPED_FIELDS:
                continue
            if lowered == "title":
                value += suffix
            if lowered == "summary":
                value = numbered_summary(value, suffix)
            if lowered == "slug":
                value = f"{value}-copy-{number + 1}"
            kept.append(f"{key}: {value}")
        (pages / f"{source.stem}-copy-{number + 1}.md").write_text("\n".join(kept) + "\n\n" + body, encoding="utf-8")
        copies.setdefault(source.stem, []).append(f"{source.stem}-copy-{number + 1}")
    name_copies_in_time_limits(project, copies)
    return len(list(pages.glob("*.md")))


def name_copies_in_time_limits(project, copies):
    """A copy makes its original's dated statements, so data/time_limits.yml lists
    it beside the original (the gate refuses a page that shows an end date its
    statement does not name). The copy's file loses the comments, not a value."""
    path = project / "data" / "time_limits.yml"
    if not path.is_file():
        return
    limits = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for limit in limits.values():
        limit["pages"] = [*limit["pages"], *(copy for page in limit["pages"] for copy in copies.get(page, []))]
    path.write_text(yaml.safe_dump(limits, sort_keys=False, allow_unicode=True), encoding="utf-8")


def numbered_summary(summary, suffix):
    """The summary with its copy number, cut at a word so it stays within the gate's limit."""
    words = summary.rstrip(".").split()
    while words and len(" ".join(words) + suffix + ".") > SUMMARY_LIMIT:
        words.pop()
    return " ".join(words) + suffix + "."


def median(values):
    return statistics.median(values)


def measure_builds(workdir, runs):
    project = copy_project(workdir / "site")
    output = workdir / "site-output"
    cold, cached = [], []
    for _ in range(runs):
        shutil.rmtree(project / "cache", ignore_errors=True)
        cold.append(pelican(project, "pelicanconf.py", output))
        cached.append(pelican(project, "pelicanconf.py", output))
    return project, {"cold": cold, "cached": cached}


def measure_edit(project, runs):
    """Run the edit probe in its own process, as the preview runs."""
    result = subprocess.run(
        [sys.executable, __file__, "--edit-probe", str(project), "--runs", str(runs)],
        cwd=project, capture_output=True, text=True,
    )
    match = re.search(r"^EDIT-PROBE (.*)$", result.stdout, re.MULTILINE)
    if result.returncode != 0 or not match:
        sys.exit(f"The edit probe failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return json.loads(match.group(1))


def edit_probe(project, runs):
    """Save a one-line edit, let the preview's watcher notice it and rebuild; time it."""
    import threading

    from watchfiles import watch

    from tooling.preview.preview_build import PreviewBuilder

    builder = PreviewBuilder(project)
    first = builder.build()
    if not first.ok:
        sys.exit(f"the preview build of the copy failed: {first.errors}")
    page = project / "content" / "pages" / "faq.md"
    original = page.read_text(encoding="utf-8")
    rebuilt = threading.Event()
    builds = []
    stop = threading.Event()

    def watcher():
        # As tooling/preview/preview_watcher.py: hand over the saved files 50 ms after the last change.
        for changes in watch(project / "content", step=50, stop_event=stop):
            result = builder.build(sorted({path for _, path in changes}))
            builds.append((result.ok, result.seconds))
            rebuilt.set()

    thread = threading.Thread(target=watcher, daemon=True)
    thread.start()
    time.sleep(0.5)
    saved_to_rebuilt = []
    for number in range(runs):
        rebuilt.clear()
        saved = time.perf_counter()
        page.write_text(original + f"\nOne more line for the benchmark, edit {number}.\n", encoding="utf-8")
        if not rebuilt.wait(30):
            sys.exit("the watcher never rebuilt the preview")
        saved_to_rebuilt.append(time.perf_counter() - saved)
        time.sleep(0.3)
    stop.set()
    page.write_text(original, encoding="utf-8")
    print("EDIT-PROBE " + json.dumps({
        "saved_to_rebuilt": saved_to_rebuilt,
        "build_only": [seconds for _, seconds in builds],
        "all_clean": all(ok for ok, _ in builds),
    }))


def measure_synthetic(workdir, size, runs):
    project = copy_project(workdir / f"synthetic-{size}")
    pages = make_synthetic_pages(project, size)
    ours_output, plain_output = workdir / f"ours-{size}", workdir / f"plain-{size}"
    # The first build draws every share picture; later ones take them from the cache.
    first = pelican(project, "synthetic_settings.py", ours_output, fatal=False)
    pelican(project, "plain_settings.py", plain_output, fatal=False)
    # Both with Pelican's content cache warm (a rebuild), and both reading every
    # page afresh (a cold build): each pair compares like with like.
    timings = {"ours": [], "plain": [], "ours_cold": [], "plain_cold": []}
    for _ in range(runs):
        for cached in (True, False):
            suffix = "" if cached else "_cold"
            timings["ours" + suffix].append(pelican(project, "synthetic_settings.py", ours_output, False, cached))
            timings["plain" + suffix].append(pelican(project, "plain_settings.py", plain_output, False, cached))
    return {"pages": pages, "first": first, **timings}


def machine():
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = found.group(1) if found else ""
    return f"{os.cpu_count()} cores, {model or platform.processor()}, Python {platform.python_version()}"


def seconds(values):
    return f"{median(values):6.2f} s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (the median is shown)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000], help="synthetic site sizes in pages")
    parser.add_argument("--edit-probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.edit_probe:
        edit_probe(args.edit_probe.resolve(), args.runs)
        return

    print(f"Machine: {machine()}; median of {args.runs} runs each.\n")
    with tempfile.TemporaryDirectory(prefix="kact-bench-") as temporary:
        workdir = Path(temporary)
        project, builds = measure_builds(workdir, args.runs)
        edit = measure_edit(project, args.runs)
        pages = len(list((project / "content" / "pages").glob("*.md")))
        print(f"Our site ({pages} pages)                      median    runs")
        print(f"  cold build (empty cache, fresh process)    {seconds(builds['cold'])}   {_runs(builds['cold'])}")
        print(f"  cached rebuild (fresh process)             {seconds(builds['cached'])}   {_runs(builds['cached'])}")
        print(f"  save an edit -> preview rebuilt            {seconds(edit['saved_to_rebuilt'])}   "
              f"{_runs(edit['saved_to_rebuilt'])}  (target < 1 s)")
        print(f"    of which the preview's build             {seconds(edit['build_only'])}   {_runs(edit['build_only'])}")
        if not edit["all_clean"]:
            print("    (a preview rebuild reported problems)")
        print()
        print("Synthetic sites (copies of our pages)  build    ours ms/page  plain ms/page  ratio")
        for size in args.sizes:
            result = measure_synthetic(workdir, size, args.runs)
            for label, suffix in (("rebuild (cache warm)", ""), ("cold (no cache)", "_cold")):
                ours, plain = median(result["ours" + suffix]), median(result["plain" + suffix])
                print(f"  {result['pages']:>5} pages  {label:<22} {ours * 1000 / result['pages']:10.2f}"
                      f"  {plain * 1000 / result['pages']:13.2f}  {ours / plain:5.2f}x")
            print(f"  {result['pages']:>5} pages  first build, drawing every share picture: {result['first']:.1f} s")
        print("\nTargets: ratio within 1.5x; edit rebuilt under 1 s; under 5 ms per page at 1,000 pages.")


def _runs(values):
    return " ".join(f"{value:.2f}" for value in values)


if __name__ == "__main__":
    main()
