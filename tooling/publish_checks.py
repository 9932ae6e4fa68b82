"""The quality gate that stands between the project and the live site.

`make publish` calls only `build_checked_site`, so it always runs the same
checks as the build itself (the kact_gate plugin runs inside every build):
a fuller gate is swapped in here, in one line.
"""
from tooling.build import BuildFailed, build_into

PUBLIC_SETTINGS = "publishconf.py"
# Written by plugins/kact_hosting; without them a host would send no security headers.
HOST_FILES = ("_headers", "_redirects")


class ChecksFailed(Exception):
    """The site did not pass its checks; nothing was published."""


def build_checked_site(output_dir):
    """Build the public site into `output_dir` and run every check on it.

    Raises ChecksFailed, after the problems have been printed, if anything is wrong.
    """
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        site = build_into(output_dir, PUBLIC_SETTINGS)
    except BuildFailed as failure:
        raise ChecksFailed(str(failure)) from None
    missing = [name for name in HOST_FILES if not (site / name).is_file()]
    if missing:
        print(f"The build wrote no {' or '.join(missing)}: is kact_hosting missing from PLUGINS in pelicanconf.py?")
        raise ChecksFailed(f"missing {', '.join(missing)}")
    return site
