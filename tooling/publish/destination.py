"""Where `make publish` sends the site, read from DEST and checked before any build.

- DEST ending in `.git` (an address or a local path): that repository's
  gh-pages branch (GitHub Pages).
- `host:path`: a server, copied to with rsync.
- Anything else: a folder on this machine, replaced by Python (deploy_folder.py).

Publishing makes the destination an exact copy of the site, so a
destination that could lose files that are not the site's (a home folder,
this project, a folder of other files) is refused before anything is built.
"""
from dataclasses import dataclass
from pathlib import Path

from tooling.build.build import ROOT

GIT = "git"
FOLDER = "folder"
SERVER = "server"
# Written into every folder `make publish` fills, listing the files it put
# there. A folder may be replaced only when it is empty or everything in it
# is listed here.
MARKER = ".kact-site"
MAX_NAMES_SHOWN = 5


class DeployFailed(Exception):
    """The destination was not changed, or not completely; the message says which."""


@dataclass(frozen=True)
class Destination:
    kind: str  # GIT, FOLDER or SERVER
    address: str  # as given: a path, a URL or host:path
    local_path: Path | None  # set when the destination is on this machine

    def describe(self):
        if self.kind == GIT:
            return f"the gh-pages branch of {self.address}"
        return self.address


def is_remote(address):
    """rsync's own rule: `host:path` is remote when the colon comes before any slash."""
    colon, slash = address.find(":"), address.find("/")
    return colon > 0 and (slash == -1 or colon < slash)


def _local_path(address):
    try:
        return Path(address).expanduser().resolve()
    except RuntimeError:  # ~name for a user this computer does not have
        user = address[1:].split("/", 1)[0]
        raise DeployFailed(
            f"The destination {address!r} starts with ~{user}, the home folder of a user called "
            f"{user!r}, and this computer has no such user. Write the folder's full path instead, "
            "for example DEST=/home/you/site, or ~/site for a folder in your own home folder."
        ) from None


def parse_destination(address):
    address = address.strip()
    if not address:
        raise DeployFailed(
            "No destination given. Say where to publish: make publish DEST=/path/to/folder, "
            "DEST=user@host:/var/www/site or DEST=git@github.com:you/site.git, "
            "or set PUBLISH_DEST in publishconf.py or the environment."
        )
    if address.startswith("-"):
        raise DeployFailed(
            f"The destination {address!r} begins with '-', which git and rsync would read as an "
            "option, not a place. Give a folder, user@host:/path or a repository address "
            "(write ./-name for a folder whose name begins with '-')."
        )
    remote = "://" in address or is_remote(address)
    local_path = None if remote else _local_path(address)
    if local_path is not None:
        refuse_the_project(local_path)
    if address.rstrip("/").endswith(".git"):
        return Destination(GIT, address, local_path)
    if remote:
        refuse_unsafe_remote_path(address)
        return Destination(SERVER, address, None)
    refuse_unsafe_folder(local_path)
    return Destination(FOLDER, address, local_path)


def refuse_the_project(target):
    if target == ROOT or target in ROOT.parents or ROOT in target.parents:
        raise DeployFailed(
            f"{target} is this project's folder, a folder inside it or a folder around it. "
            "Publish to a folder of its own, outside the project."
        )


def refuse_unsafe_folder(target):
    if target.exists() and not target.is_dir():
        raise DeployFailed(f"{target} is a file, not a folder.")
    strangers = files_not_published_here(target)
    if strangers:
        shown = "\n".join(f"  {name}" for name in strangers[:MAX_NAMES_SHOWN])
        more = len(strangers) - MAX_NAMES_SHOWN
        raise DeployFailed(
            f"{target} holds files that no earlier `make publish` put there, and publishing would "
            f"delete them, for example:\n{shown}" + (f"\n  ... and {more} more" if more > 0 else "")
            + f"\nChoose an empty or new folder, or the folder the site was published to before "
            f"(it holds a {MARKER} file listing what was published)."
        )


def published_files(folder):
    """The files the marker says a previous publish put in `folder`, or None without a marker."""
    marker = folder / MARKER
    if not marker.is_file():
        return None
    lines = marker.read_text(encoding="utf-8", errors="replace").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def files_not_published_here(folder):
    """Files (relative paths) in `folder` that a publish would lose and did not write."""
    if not folder.is_dir():
        return []
    known = published_files(folder) or set()
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if relative != MARKER and not path.is_dir() and relative not in known:
            found.append(relative)
    return found


def refuse_unsafe_remote_path(address):
    """`host:path`: rsync deletes what the site lacks, so the path must be the site's own folder."""
    path = address.split(":", 1)[1].strip()
    segments = [part for part in path.split("/") if part not in ("", ".")]
    absolute = path.startswith("/")
    if segments and segments[0].startswith("~"):
        segments = segments[1:]
    # /home/alice or /Users/alice: a whole home folder.
    in_home = absolute and len(segments) <= 2 and segments[:1] in (["home"], ["Users"])
    if ".." in segments or len(segments) < 2 or in_home:
        raise DeployFailed(
            f"{address} names a home folder, a top-level folder or a path of one segment, and "
            "publishing there would delete everything that is not the site. Give the site's own "
            "folder, such as user@host:/var/www/kact or user@host:sites/kact."
        )
