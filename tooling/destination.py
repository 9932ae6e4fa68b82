"""Where `make publish` sends the site, read from DEST and checked before any build.

- DEST ending in `.git` (an address or a local path): that repository's
  gh-pages branch (GitHub Pages).
- Anything else: an rsync destination, a local folder or `host:path`.

A destination that could lose files that are not the site's (a home folder,
this project, a folder of other files) is refused, because rsync deletes
whatever the site does not have.
"""
from dataclasses import dataclass
from pathlib import Path

from tooling.build import ROOT

GIT = "git"
RSYNC = "rsync"
# A folder we may replace: empty, or holding a copy of this site.
SITE_MARKERS = ("index.html", "404.html")


class DeployFailed(Exception):
    """The destination was not changed, or not completely; the message says which."""


@dataclass(frozen=True)
class Destination:
    kind: str  # GIT or RSYNC
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
    local_path = None if remote else Path(address).expanduser().resolve()
    kind = GIT if address.rstrip("/").endswith(".git") else RSYNC
    destination = Destination(kind, address, local_path)
    if kind == RSYNC:
        refuse_unsafe_rsync_target(destination)
    return destination


def refuse_unsafe_rsync_target(destination):
    if destination.local_path is None:
        path = destination.address.split(":", 1)[1]
        if path.strip("/~. ") == "":
            raise DeployFailed(
                f"{destination.address} names a whole home or root folder. Give the site's own "
                "folder, such as user@host:/var/www/kact."
            )
        return
    target = destination.local_path
    if target == ROOT or target in ROOT.parents:
        raise DeployFailed(
            f"{target} is this project's folder or a folder around it. Publish to a folder of its own."
        )
    if target.exists() and not target.is_dir():
        raise DeployFailed(f"{target} is a file, not a folder.")
    if target.is_dir() and any(target.iterdir()) and not any(
        (target / marker).is_file() for marker in SITE_MARKERS
    ):
        raise DeployFailed(
            f"{target} already holds other files and no copy of the site, and publishing would "
            "delete them. Choose an empty or new folder, or the folder the site was published to before."
        )
