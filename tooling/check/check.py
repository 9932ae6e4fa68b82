"""`invoke check` (`make check`) and `invoke check-links [--online]`.

`check` runs every check, the slow ones included, and prints one report:
it builds the site into a temporary folder (output/ is never touched), which
runs the quality gate of every build (plugins/kact_gate), then runs the W3C
Nu HTML Checker over every built page. Exit status 0 only when all is clean.
"""
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from tooling.build.build import ROOT, run_pelican
from kact_gate.checks.readability import grade_table
from kact_gate.nu_checker import validate
from kact_core.plain_yaml import load_data
from kact_core.report import format_report
from kact_gate.source import SourcePage


# Reading grade, spelling and review-age advice: slow to load, so only here
# and in the preview (see GATE_ADVICE in pelicanconf.py).
ADVICE_ON = ("--extra-settings", "GATE_ADVICE=true")
SOURCES_FILE = "data/sources.yml"


def check_site(settings_file="pelicanconf.py"):
    """Return the exit status: 0 when the build's checks and the HTML checker are clean."""
    with tempfile.TemporaryDirectory(prefix="kact-check-") as folder:
        output = Path(folder) / "site"
        print("Building the site and running the quality checks ...", flush=True)
        build = run_pelican(settings_file, output, ADVICE_ON)
        if not output.is_dir():
            print("The build stopped before writing any page; fix the problems above first.", file=sys.stderr)
            return 1
        print("Running the W3C HTML checker over every page ...", flush=True)
        sources = sources_by_output()
        problems = validate(output, lambda rel: sources[rel].rel if rel in sources else None)
        grades = grade_table(output, sources)  # issue 7: every page's reading grade
    errors = [p for p in problems if p.is_error]
    if grades:
        print(grades)
    if problems:
        print(format_report(problems), file=sys.stderr)
    if build.returncode == 0 and not errors:
        print("Every check passed.")
        return 0
    print("Some checks failed: fix the problems listed above, then run `make check` again.", file=sys.stderr)
    return 1


def check_outside_links(online=False, settings_file="pelicanconf.py"):
    """`invoke check-links [--online]`; returns the exit status."""
    from tooling.check.check_links import CACHE, check_online, outside_links, problems_for

    with tempfile.TemporaryDirectory(prefix="kact-links-") as folder:
        output = Path(folder) / "site"
        print("Building the site (every build checks each link's form and every internal link) ...", flush=True)
        build = run_pelican(settings_file, output)
        if build.returncode != 0:
            print("Fix the problems above first, then check the outside links.", file=sys.stderr)
            return 1
        links = outside_links(output, own_host=_own_host())
    # Every outside source of the truth register is asked too, linked or not,
    # so `make questions` can show when each last answered.
    for url in source_urls():
        links.setdefault(url, set()).add(SOURCES_FILE)
    if not online:
        print(f"The site links to {len(links)} outside addresses. "
              "Run `invoke check-links --online` to ask each one whether it still answers.")
        return 0
    print(f"Asking {len(links)} outside addresses (answers are kept in {CACHE.relative_to(ROOT)}) ...", flush=True)
    answers = check_online(links)
    for answer in answers:
        note = " (remembered)" if answer.from_cache else ""
        print(f"  {'ok  ' if answer.ok else 'FAIL'} {answer.url} {answer.describe()}{note}")
    problems = problems_for(answers, links, _where_linked)
    if problems:
        print(format_report(problems), file=sys.stderr)
        return 1
    print("Every outside link answered.")
    return 0


def sources_by_output():
    """{built file (faq/index.html): its Markdown SourcePage}, from each page's Slug or Save_as."""
    found = {}
    for path in sorted((ROOT / "content" / "pages").glob("*.md")):
        source = SourcePage(path, ROOT).read_header()
        slug = source.value("slug") or path.stem
        found[source.value("save_as") or f"{slug}/index.html"] = source
    return found


def source_urls():
    """The address of every outside source in data/sources.yml."""
    sources = load_data(ROOT / SOURCES_FILE) or {}
    return [source["url"] for source in sources.values() if source.get("url")]


def _where_linked(address, url):
    """(Markdown file, line) holding `url`, from the built page's address (/faq/),
    or the line of data/sources.yml that holds it."""
    if address == SOURCES_FILE:
        lines = (ROOT / SOURCES_FILE).read_text(encoding="utf-8").splitlines()
        return SOURCES_FILE, next((n for n, line in enumerate(lines, start=1) if url in line), None)
    rel = address.strip("/")
    rel = "index.html" if not rel else (rel if rel.endswith(".html") else f"{rel}/index.html")
    source = sources_by_output().get(rel)
    return (source.rel, source.line_containing(url)) if source else None


def _own_host():
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    return urlsplit(settings.get("PUBLIC_URL") or settings.get("SITEURL") or "").hostname or ""
