"""The quality gate that stands between the project and the live site.

`make publish` calls only `build_checked_site`, so the checks it runs are
always the same as the build's own: swap in a fuller gate here, in one line.
"""
from tooling.build import BuildFailed, build_into

PUBLIC_SETTINGS = "publishconf.py"


class ChecksFailed(Exception):
    """The site did not pass its checks; nothing was published."""


def build_checked_site(output_dir):
    """Build the public site into `output_dir` and run every check on it.

    Raises ChecksFailed, after the problems have been printed, if anything is wrong.
    """
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        return build_into(output_dir, PUBLIC_SETTINGS)
    except BuildFailed as failure:
        raise ChecksFailed(str(failure)) from None
