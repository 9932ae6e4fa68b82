"""How much work a warm rebuild does, before and after a change: a count the machine's load cannot move.

    .venv/bin/python bench/rebuild_instructions.py BASE [NEW] [--pages 1000]

BASE and NEW are commits (NEW defaults to HEAD). For each, in a throwaway copy
of that commit's files: the synthetic site of `bench/build_bench.py` (our pages
and numbered copies, `--pages` in all), built twice (the first draws the share
pictures, the second warms every cache), then one more warm rebuild run under
Valgrind's callgrind, which counts the machine instructions it executes.

Why instructions and not seconds: on a shared machine the same build takes
anywhere from 6 to 16 seconds, so a 10% budget cannot be read from wall or
CPU times; the instruction count of the same build differs by well under 1%
from run to run. It is a measure of work, not of time (a cache miss costs
more than an addition), so it answers "did this change add work", which is
what a speed budget on one machine asks. Needs valgrind (apt-get install
valgrind); a run under it takes about 80 times as long as without.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from kact_core.root import ROOT

VALGRIND_COUNT = re.compile(r"Collected : (\d+)")


def files_of(commit, destination):
    """The commit's files, as `git archive` gives them (no work tree, no untracked files).
    tar itself unpacks them: the fixtures hold links that Python's safe unpacking refuses."""
    destination.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive, check=True)
    return destination


def synthetic_project(tree, work, pages):
    """That tree's own benchmark makes its synthetic site, so each commit is built as it was."""
    code = (
        "import sys; sys.path[:0] = [sys.argv[1] + '/bench', sys.argv[1]]\n"
        "import build_bench as b\n"
        "from pathlib import Path\n"
        "project = b.copy_project(Path(sys.argv[2]))\n"
        "b.make_synthetic_pages(project, int(sys.argv[3]))\n"
    )
    project = work / "project"
    subprocess.run([sys.executable, "-c", code, str(tree), str(project), str(pages)], check=True, cwd=tree)
    # A rule per page in _headers: more than Cloudflare's 100 stops a real build, not this one.
    formats = project / "plugins" / "kact_hosting" / "formats.py"
    formats.write_text(re.sub(r"MAX_HEADER_RULES = \d+", "MAX_HEADER_RULES = 10**9", formats.read_text()))
    return project


def warm_rebuild_instructions(project, output):
    command = [sys.executable, "-m", "pelican", str(project / "content"), "--settings",
               str(project / "pelicanconf.py"), "--output", str(output), "--quiet"]
    # One hash seed, so sets and dicts are walked in the same order every run.
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    for _ in range(2):
        built = subprocess.run(command, cwd=project, capture_output=True, text=True, env=environment)
        if built.returncode:
            sys.exit(f"The build failed in {project}:\n{built.stdout[-3000:]}\n{built.stderr[-3000:]}")
    counted = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={output}.callgrind", *command],
                             cwd=project, capture_output=True, text=True, env=environment)
    found = VALGRIND_COUNT.search(counted.stderr)
    if counted.returncode or not found:
        sys.exit(f"The counted build failed in {project}:\n{counted.stderr[-3000:]}")
    return int(found.group(1))


def measure(commit, pages, temporary):
    work = Path(temporary) / commit
    tree = files_of(commit, work / "tree")
    project = synthetic_project(tree, work, pages)
    return warm_rebuild_instructions(project, work / "output")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the commit to compare against")
    parser.add_argument("new", nargs="?", default="HEAD", help="the commit to measure (default HEAD)")
    parser.add_argument("--pages", type=int, default=1000, help="pages in the synthetic site")
    args = parser.parse_args()
    if subprocess.run(["valgrind", "--version"], capture_output=True).returncode != 0:
        sys.exit("This needs Valgrind: apt-get install valgrind (Debian/Ubuntu) or brew install valgrind.")
    with tempfile.TemporaryDirectory(prefix="kact-instructions-") as temporary:
        counts = {}
        for commit in (args.base, args.new):
            counts[commit] = measure(commit, args.pages, temporary)
            print(f"{commit}: {counts[commit]:,} instructions for a warm rebuild of {args.pages} pages", flush=True)
    change = counts[args.new] / counts[args.base] - 1
    print(f"{args.new} against {args.base}: {change:+.1%}")


if __name__ == "__main__":
    main()
