"""The quality gate that stands between the project and the live site.

`make publish` calls only `build_checked_site`: the same checks as
`make check` (the quality gate that runs inside every build, then the W3C
Nu HTML Checker), run on the very files that will be deployed, then the
proof in Chromium that every page shows urgent help on a phone's first
screen (urgent_help_proof.py). Then, in the browser editor's online mode
only, /admin/ is added with checks of its own.
"""
import sys

from tooling.build.build import ROOT, BuildFailed, build_into
from tooling.check.check import sources_by_output
from kact_gate.nu_checker import validate
from kact_core.report import format_report

PUBLIC_SETTINGS = "publishconf.py"
# Written by plugins/kact_hosting; without them a host would send no security headers.
HOST_FILES = ("_headers", "_redirects")


class ChecksFailed(Exception):
    """The site did not pass its checks; nothing was published."""


def build_checked_site(output_dir, browser_required=True):
    """Build the public site into `output_dir` and run every check on it.

    `browser_required=False` (a local `make public-build`) lets the urgent-help
    proof be skipped, with a warning, where Chromium is missing; never in CI.
    Raises ChecksFailed, after the problems have been printed, if anything is wrong.
    """
    site = build_public_site(output_dir)
    check_html(site)
    prove_in_browser(site, browser_required)
    add_editor_if_online(site)
    return site


def prove_in_browser(site, required):
    """Every page, opened in Chromium on a phone screen, shows the urgent-help bar and its crisis links."""
    from pelican.settings import read_settings

    from tooling.publish.urgent_help_proof import NoBrowser, ProofFailed, prove_urgent_help

    print("Opening every page in Chromium to see urgent help on a phone's first screen ...", flush=True)
    site_url = read_settings(str(ROOT / PUBLIC_SETTINGS))["SITEURL"]
    try:
        seconds = prove_urgent_help(site, site_url, required)
    except NoBrowser as problem:
        print(f"Urgent help could not be proved in a browser: {problem}", file=sys.stderr)
        raise ChecksFailed("no browser for the urgent-help proof") from None
    except ProofFailed as problems:
        print("Urgent help is not shown as it must be on a phone's first screen (375x667):\n"
              f"{problems}\nThe bar comes from data/notices.yml (urgent-help), theme/templates/partials/"
              "urgent_help.html and the stylesheet in theme/static/css/; undo the change that moved or hid it.",
              file=sys.stderr)
        raise ChecksFailed("urgent help not shown") from None
    if seconds is not None:
        print(f"Urgent help is shown on every page's first phone screen ({seconds:.1f} s).")


def add_editor_if_online(site):
    """The browser editor's online mode (data/editor.yml): /admin/ joins the
    site only now, once the site's own pages have passed every check."""
    from tooling.editor.editor_online import EditorNotAdded, add_online_editor

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
