"""Copy the built site to a server (`host:path`) with rsync, so visitors never see half of it.

(A folder on this machine is published by deploy_folder.py, without rsync.)

- --delay-updates: new and changed files wait in a hidden `.~tmp~` folder and
  are moved into place together at the very end, so a transfer that breaks
  off leaves the previous version serving.
- --delete-after: files the new site no longer has are removed only after that.
- --checksum: a file is copied when its content differs, not its date (every
  build writes fresh dates).
"""
import subprocess

from tooling.publish.destination import DeployFailed
from kact_core.system_tools import RSYNC

OPTIONS = [
    "--recursive",
    "--links",
    "--checksum",
    "--delete-after",
    "--delay-updates",
    # Readable by the web server whatever this machine's defaults are.
    "--chmod=Du=rwx,Dgo=rx,Fu=rw,Fgo=r",
    "--itemize-changes",
]
# rsync's exit codes for "some files were not copied, the others were".
PARTIAL_TRANSFER = {23, 24}


def rsync_command(site_dir, address, dry_run=False):
    return ["rsync", *OPTIONS, *(["--dry-run"] if dry_run else []), "--", f"{site_dir}/", address]


def summarise(itemized_lines):
    """rsync's --itemize-changes lines -> (copied, deleted) file paths."""
    copied, deleted = [], []
    for line in itemized_lines:
        change, _, path = line.partition(" ")
        if change == "*deleting":
            deleted.append(path.strip())
        elif change[:1] in "<>" and change[1:2] in "fL":
            copied.append(path.strip())
    return copied, deleted


def deploy_with_rsync(site_dir, destination, dry_run=False):
    """Make `destination` an exact copy of `site_dir`. Returns (copied, deleted)."""
    address = str(destination.local_path) if destination.local_path else destination.address
    try:
        result = subprocess.run(
            rsync_command(site_dir, address, dry_run), capture_output=True, text=True
        )
    except FileNotFoundError:
        raise DeployFailed(
            f"rsync is not installed, so nothing was copied. It {RSYNC.purpose}. "
            f"Install it ({RSYNC.how_to_install()}) and publish again."
        ) from None
    if result.returncode in PARTIAL_TRANSFER:
        raise DeployFailed(
            f"rsync could not copy every file to {destination.describe()} (exit code "
            f"{result.returncode}); the files it did copy are in place, so the site there may be a "
            f"mix of old and new. Fix the problem below and publish again.\n{result.stderr.strip()}"
        )
    if result.returncode != 0:
        raise DeployFailed(
            f"Copying to {destination.describe()} stopped before it finished (rsync exit code "
            f"{result.returncode}). rsync swaps files in only at the very end, so the previous "
            f"version is still being served. Fix the problem below and publish again.\n"
            f"{result.stderr.strip()}"
        )
    return summarise(result.stdout.splitlines())
