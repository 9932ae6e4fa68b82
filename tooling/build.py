"""Build the site into a staging folder and swap it in only when it is clean.

The quality gate (plugins/kact_gate) checks every page during the build and
gathers every problem, Pelican's own warnings included; if there is any, it
prints them all in one plain report and the build ends with a non-zero exit.
The previous output folder is then left exactly as it was, so a mistake
never replaces a good site.
"""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGING = ROOT / ".build-staging"


class BuildFailed(Exception):
    """The site did not build cleanly; the previous output is untouched."""


def run_pelican(settings_file, output_dir, extra_args=()):
    """Run Pelican in its own process, so every build starts from a clean slate."""
    command = [
        sys.executable, "-m", "pelican", str(ROOT / "content"),
        "--settings", str(ROOT / settings_file),
        "--output", str(output_dir),
        # No --fatal: it would stop at the first warning, with a traceback.
        # The gate reports every problem of the build together instead.
        *extra_args,
    ]
    return subprocess.run(command, cwd=ROOT)


def build_into(output_dir, settings_file="pelicanconf.py"):
    """Build the site into `output_dir`, replacing it only if the build is clean."""
    output_dir = Path(output_dir).resolve()
    STAGING.mkdir(exist_ok=True)
    # A folder of its own for each build, so two builds at once (a save in the
    # preview while `make html` runs) never write into or move each other's files.
    staged = Path(tempfile.mkdtemp(prefix="output-", dir=STAGING))
    result = run_pelican(settings_file, staged)
    if result.returncode != 0:
        shutil.rmtree(staged, ignore_errors=True)
        raise BuildFailed(
            f"The site was not built, so {output_dir.name}/ was left as it was. "
            "Fix the problems listed above and build again."
        )
    swap_in(staged, output_dir)
    return output_dir


def swap_in(staged, output_dir, attempts=5):
    """Replace output_dir with staged using renames, so it is never half-written.

    If another build swaps its output in between our two renames, ours is
    moved in on the next attempt; the last build to finish wins."""
    aside = Path(tempfile.mkdtemp(prefix="previous-", dir=STAGING))
    try:
        for attempt in range(attempts):
            previous = aside / str(attempt)
            try:
                output_dir.rename(previous)
            except FileNotFoundError:
                pass  # no output yet, or another build has just moved it aside
            try:
                staged.rename(output_dir)
                return
            except OSError:
                if attempt == attempts - 1:
                    raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)
