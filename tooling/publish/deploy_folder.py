"""Publish to a folder on this machine with Python alone (no rsync).

The new copy is made complete in a hidden folder beside the destination
(`.<name>.kact-publish/`), with the marker file listing every file in it,
and then swapped in by folder_swap.replace_folder: the old copy is kept
until the new one is in place, and a web server reading the folder sees
one version or the other, never a mix.
"""
import os
import shutil
from pathlib import Path

from tooling.publish.destination import MARKER, DeployFailed, files_not_published_here
from tooling.build.folder_swap import clean_up, remove_abandoned, replace_folder, staging_folder

MARKER_HEADER = "# Files `make publish` put in this folder. It replaces the folder only while this list covers everything in it.\n"
# Readable by a web server whatever this machine's defaults are.
FOLDER_MODE, FILE_MODE = 0o755, 0o644


def work_folder(target):
    return target.parent / f".{target.name}.kact-publish"


def files_in(folder):
    """{relative path: Path} of every file under `folder`, the marker left out."""
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if not path.is_dir() and path.relative_to(folder).as_posix() != MARKER
    }


def changes(site_dir, target):
    """(copied, deleted): the files that differ or are new, and those the site no longer has."""
    new, old = files_in(Path(site_dir)), files_in(target)
    copied = [name for name, path in new.items()
              if name not in old or old[name].read_bytes() != path.read_bytes()]
    deleted = sorted(set(old) - set(new))
    return copied, deleted


def deploy_to_folder(site_dir, destination, dry_run=False):
    """Make the folder an exact copy of `site_dir` plus the marker. Returns (copied, deleted)."""
    target = destination.local_path
    work = work_folder(target)
    if not dry_run:
        clean_up(target, work)
        remove_abandoned(work, "incoming")
    copied, deleted = changes(site_dir, target)
    if dry_run or (not copied and not deleted and (target / MARKER).is_file()):
        return copied, deleted
    # Checked again: files may have arrived while the site was being built.
    strangers = files_not_published_here(target)
    if strangers:
        raise DeployFailed(
            f"{target} gained files that no publish put there ({', '.join(strangers[:5])}), "
            "so nothing was changed. Move them elsewhere or choose another folder."
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = staging_folder(work, "incoming")
        try:
            shutil.copytree(site_dir, staged, symlinks=True, dirs_exist_ok=True)
            write_marker(staged)
            make_readable(staged)
            replace_folder(staged, target, work)
        finally:
            shutil.rmtree(staged, ignore_errors=True)
    except OSError as error:
        raise DeployFailed(
            f"Copying the site to {target} stopped: {error.strerror or error}. The folder still "
            "holds the previous version, complete. Fix that and publish again."
        ) from None
    return copied, deleted


def write_marker(folder):
    names = sorted(files_in(folder))
    (folder / MARKER).write_text(MARKER_HEADER + "".join(f"{name}\n" for name in names), encoding="utf-8")


def make_readable(folder):
    for directory, _, names in os.walk(folder):
        os.chmod(directory, FOLDER_MODE)
        for name in names:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                os.chmod(path, FILE_MODE)
