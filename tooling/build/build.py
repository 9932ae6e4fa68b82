"""Build the site into a staging folder and swap it in only when it is clean.

The quality gate (plugins/kact_gate) checks every page during the build and
gathers every problem, Pelican's own warnings included; if there is any, it
prints them all in one plain report and the build ends with a non-zero exit.
The previous output folder is then left exactly as it was, so a mistake
never replaces a good site.
"""
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from kact_core.root import ROOT
from tooling.build.folder_swap import clean_up, remove_abandoned, replace_folder, staging_folder
from tooling.build.reporter import INTERRUPTED

STAGING = ROOT / ".build-staging"


class BuildFailed(Exception):
    """The site did not build cleanly; the previous output is untouched."""


def run_pelican(settings_file, output_dir, extra_args=()):
    """Run Pelican in its own process, so every build starts from a clean slate
    (through tooling/build/run_pelican.py, which explains a stop in plain words)."""
    command = [
        sys.executable, "-m", "tooling.build.run_pelican", str(ROOT / "content"),
        "--settings", str(ROOT / settings_file),
        "--output", str(output_dir),
        # No --fatal: it would stop at the first warning, with a traceback.
        # The gate reports every problem of the build together instead.
        *extra_args,
    ]
    result = subprocess.run(command, cwd=ROOT)
    # Ctrl+C reaches this process too, but a busy machine can run the Pelican
    # process's handler (run_pelican.py: exit 130) and let it end first: it is
    # still Ctrl+C, never a failed build.
    if result.returncode in (INTERRUPTED, -signal.SIGINT):
        raise KeyboardInterrupt
    return result


def build_into(output_dir, settings_file="pelicanconf.py"):
    """Build the site into `output_dir`, replacing it only if the build is clean."""
    output_dir = Path(output_dir).absolute()
    if output_dir.is_symlink():
        raise BuildFailed(
            f"{output_dir.name} is a link to {os.readlink(output_dir)}, not a folder. The build "
            f"replaces {output_dir.name}/ as a whole, so it would replace the link. Remove the link "
            f"(rm {output_dir.name}) and build again; to serve the site from elsewhere, copy it there "
            "with `make publish`."
        )
    # Beside the output, on the same disk, so the finished build is moved in by a rename.
    work = output_dir.parent / STAGING.name
    swap = work / f"swap-{output_dir.name}"
    # What an interrupted or killed build left behind.
    clean_up(output_dir, swap)
    remove_abandoned(work, "output")
    # A folder of its own for each build, so two builds at once never write into each other's files.
    staged = staging_folder(work, "output")
    try:
        result = run_pelican(settings_file, staged)
        if result.returncode != 0:
            raise BuildFailed(
                f"The site was not built, so {output_dir.name}/ was left as it was. "
                "Fix the problems listed above and build again."
            )
        replace_folder(staged, output_dir, swap)
    finally:
        # Gone after a clean swap; otherwise a failed or interrupted build.
        shutil.rmtree(staged, ignore_errors=True)
    return output_dir
