"""The quality gate that stands between the project and the live site.

`make publish` calls only `build_checked_site`: the same checks as
`make check` (the quality gate that runs inside every build, then the W3C
Nu HTML Checker), run on the very files that will be deployed. Then, in the
browser editor's online mode only, /admin/ is added with checks of its own.
"""
import sys

from tooling.build import ROOT, BuildFailed, build_into
from tooling.check import sources_by_output

sys.path.insert(0, str(ROOT / "plugins"))

from kact_gate.nu_checker import validate  # noqa: E402
from kact_gate.report import format_report  # noqa: E402

PUBLIC_SETTINGS = "publishconf.py"
# Written by plugins/kact_hosting; without them a host would send no security headers.
HOST_FILES = ("_headers", "_redirects")


class ChecksFailed(Exception):
    """The site did not pass its checks; nothing was published."""


def build_checked_site(output_dir):
    """Build the public site into `output_dir` and run every check on it.

    Raises ChecksFailed, after the problems have been printed, if anything is wrong.
    """
    site = build_public_site(output_dir)
    check_html(site)
    add_editor_if_online(site)
    return site


def add_editor_if_online(site):
    """The browser editor's online mode (data/editor.yml): /admin/ joins the
    site only now, once the site's own pages have passed every check."""
    from tooling.editor_online import EditorNotAdded, add_online_editor

    try:
        if add_online_editor(site):
            print("Added the browser editor at /admin/ (online mode, data/editor.yml).")
    except EditorNotAdded as problem:
        print(problem, file=sys.stderr)
        raise ChecksFailed(str(problem)) from None


def build_public_site(output_dir, settings_file=PUBLIC_SETTINGS):
    """Build with publishconf.py (tests: settings of their own that start from it);
    the build's own quality gate runs inside it."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        site = build_into(output_dir, settings_file)
    except BuildFailed as failure:
        raise ChecksFailed(str(failure)) from None
    missing = [name for name in HOST_FILES if not (site / name).is_file()]
    if missing:
        print(f"The build wrote no {' or '.join(missing)}: is kact_hosting missing from PLUGINS in pelicanconf.py?")
        raise ChecksFailed(f"missing {', '.join(missing)}")
    return site


def check_html(site):
    """The W3C Nu HTML Checker over every built page, as `make check` runs it."""
    print("Running the W3C HTML checker over every page ...", flush=True)
    sources = sources_by_output()
    problems = validate(site, lambda rel: sources[rel].rel if rel in sources else None)
    if problems:
        print(format_report(problems), file=sys.stderr)
    if any(problem.is_error for problem in problems):
        raise ChecksFailed("the HTML checker found errors")
