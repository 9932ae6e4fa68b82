"""Tasks for building, previewing and testing the site. `make` calls these.

Run `invoke --list` to see them all.
"""
import os
import sys

from invoke import task

from tooling.build.build import BuildFailed, build_into
from tooling.build.reporter import plain_errors

HOST = "127.0.0.1"
PORT = 8000
OUTPUT = "output"


def _build_or_exit(settings_file="pelicanconf.py", output=OUTPUT):
    try:
        return build_into(output, settings_file)
    except BuildFailed as failure:
        print(f"\n{failure}", file=sys.stderr)
        sys.exit(1)


@task
@plain_errors
def build(c):
    """Build the site into output/ (kept as it was if the build fails)."""
    _build_or_exit()
    print(f"Built the site into {OUTPUT}/.")


@task
def clean(c):
    """Remove the built site and the staging folder."""
    c.run(f"rm -rf {OUTPUT} .build-staging")


# What `invoke test --fast` leaves out: the markers of pytest.ini that cost the most time.
NOT_FAST = "not (browser or slow or rehearsal or needs_npm)"


@task(help={"content": "only the tests of the built site (marker `content`)",
            "fast": "the inner loop: only the tests that are not marked browser, slow, rehearsal or needs_npm"})
def test(c, content=False, fast=False):
    """Run the whole test suite, one worker process per core (pytest-xdist; docs/performance.md)."""
    selected = " -m content" if content else f' -m "{NOT_FAST}"' if fast else ""
    # --dist loadfile: a module's tests stay in one worker, so its module fixtures are made once;
    # --no-loadscope-reorder: modules are handed out in the order tests/conftest.py gives them.
    c.run(f"{sys.executable} -m pytest --numprocesses auto --dist loadfile --no-loadscope-reorder" + selected, pty=False)


@task
@plain_errors
def serve(c):
    """Serve a live preview at http://127.0.0.1:8000 that rebuilds and refreshes on every save."""
    from tooling.preview.preview import PreviewAlreadyRunning, serve_preview

    try:
        serve_preview(HOST, PORT)
    except PreviewAlreadyRunning as running:
        print(running, file=sys.stderr)
        sys.exit(1)


@task(help={
    "port": "port of the preview and the editor (default 8000)",
    "editor_port": "port of the editor's file server on this machine (default 8081)",
})
@plain_errors
def edit(c, port=PORT, editor_port=0):
    """Serve the live preview and the browser editor (http://127.0.0.1:8000/admin/) on this checkout."""
    from tooling.editor.editor import EDITOR_SERVER_PORT, EditorMissing
    from tooling.preview.preview import PreviewAlreadyRunning, serve_preview

    try:
        serve_preview(HOST, int(port), editor_port=int(editor_port) or EDITOR_SERVER_PORT)
    except (PreviewAlreadyRunning, EditorMissing) as stopped:
        print(stopped, file=sys.stderr)
        sys.exit(1)


@task(help={"title": 'the new page\'s title, in quotes: invoke new-page "Office hours"'})
@plain_errors
def new_page(c, title):
    """Start a new page in content/pages/ with its header filled in; never overwrites a page."""
    from tooling.pages.new_page import NewPageRefused, create_page, describe

    try:
        path, _text = create_page(title)
    except NewPageRefused as refused:
        print(refused, file=sys.stderr)
        sys.exit(1)
    print(describe(path))


@task(help={
    "dest": "where to publish: a folder, host:path, or a repository ending in .git "
            "(default: KACT_DEST, then PUBLISH_DEST from the environment or publishconf.py)",
    "dry_run": "build and check, then only show what would change (also: KACT_DRY_RUN not empty)",
})
@plain_errors
def publish(c, dest="", dry_run=False):
    """Build the public site, run every check, and only then deploy it to DEST."""
    from tooling.publish.publish import PublishStopped, publish as publish_site

    # `make publish DEST=... DRY_RUN=1` passes both through the environment
    # (see the Makefile), so DEST never reaches a shell or an option parser.
    dest = dest or os.environ.get("KACT_DEST", "")
    dry_run = dry_run or bool(os.environ.get("KACT_DRY_RUN", ""))
    # Names given to make on its command line (the Makefile) or in the environment.
    given = [*os.environ.get("KACT_GIVEN_NAMES", "").split(), *os.environ]
    try:
        publish_site(dest, dry_run, given)
    except PublishStopped as stopped:
        print(f"\n{stopped}", file=sys.stderr)
        sys.exit(1)


@task
def nginx_snippet(c):
    """Print the nginx lines that send the site's security headers (see docs/deploy.md)."""
    from tooling.publish.nginx_snippet import nginx_snippet as snippet

    print(snippet(), end="")


@task
@plain_errors
def check(c):
    """Run every check, the W3C HTML checker included, on a fresh build; exit 0 only when all pass."""
    from tooling.check.check import check_site

    sys.exit(check_site())


@task(help={"online": "also ask each outside address whether it still answers (needs the internet)"})
def check_links(c, online=False):
    """List the site's outside links; with --online, check each one (bounded time, answers cached)."""
    from tooling.check.check import check_outside_links

    sys.exit(check_outside_links(online))


@task
def check_review_dates(c):
    """Fail when a health page was last reviewed over 12 months ago (in builds only advice), or a dated statement has ended."""
    from tooling.check.overdue_reviews import check_review_dates as check_reviews

    sys.exit(check_reviews())


@task
def public_build(c):
    """Build the public site (publishconf.py) into .publish/site and run every check on it, as `make publish` does."""
    from tooling.publish.publish import PUBLISH_BUILD
    from tooling.publish.publish_checks import ChecksFailed, build_checked_site
    from tooling.publish.publish_lock import PublishFolderBusy, publish_folder_lock

    try:
        with publish_folder_lock(PUBLISH_BUILD.parent):
            # Locally, a missing Chromium only warns: nothing is published from here (README.md).
            build_checked_site(PUBLISH_BUILD, browser_required=False)
    except ChecksFailed:
        print("\nThe public site did not pass its checks (the problems are listed above).", file=sys.stderr)
        sys.exit(1)
    except PublishFolderBusy as busy:
        print(f"\n{busy}", file=sys.stderr)
        sys.exit(1)
    print(f"Built and checked the public site in {PUBLISH_BUILD.relative_to(PUBLISH_BUILD.parents[1])}/.")


@task
def questions(c):
    """Print every open question for the practice and every outside source with its checked dates."""
    from tooling.pages.questions import questions_report

    print(questions_report(), end="")
