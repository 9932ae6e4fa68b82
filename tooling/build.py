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
    staged = STAGING / "output"
    shutil.rmtree(staged, ignore_errors=True)
    result = run_pelican(settings_file, staged)
    if result.returncode != 0:
        shutil.rmtree(staged, ignore_errors=True)
        raise BuildFailed(
            f"The site was not built, so {output_dir.name}/ was left as it was. "
            "Fix the problems listed above and build again."
        )
    swap_in(staged, output_dir)
    return output_dir


def swap_in(staged, output_dir):
    """Replace output_dir with staged using renames, so it is never half-written."""
    previous = STAGING / "previous"
    shutil.rmtree(previous, ignore_errors=True)
    if output_dir.exists():
        output_dir.rename(previous)
    staged.rename(output_dir)
    shutil.rmtree(previous, ignore_errors=True)
