"""Tasks for building, previewing and testing the site. `make` calls these.

Run `invoke --list` to see them all.
"""
import sys

from invoke import task

from tooling.build import BuildFailed, build_into

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
def build(c):
    """Build the site into output/ (kept as it was if the build fails)."""
    _build_or_exit()
    print(f"Built the site into {OUTPUT}/.")


@task
def clean(c):
    """Remove the built site and the staging folder."""
    c.run(f"rm -rf {OUTPUT} .build-staging")


@task
def test(c):
    """Run the whole test suite."""
    c.run(f"{sys.executable} -m pytest", pty=False)


@task
def serve(c):
    """Serve a live preview at http://127.0.0.1:8000 that rebuilds and refreshes on every save."""
    from tooling.preview import serve_preview

    serve_preview(HOST, PORT)


@task(help={
    "port": "port of the preview and the editor (default 8000)",
    "editor_port": "port of the editor's file server on this machine (default 8081)",
})
def edit(c, port=PORT, editor_port=0):
    """Serve the live preview and the browser editor (http://127.0.0.1:8000/admin/) on this checkout."""
    from tooling.editor import EDITOR_SERVER_PORT, EditorMissing
    from tooling.preview import serve_preview

    try:
        serve_preview(HOST, int(port), editor_port=int(editor_port) or EDITOR_SERVER_PORT)
    except EditorMissing as missing:
        print(missing, file=sys.stderr)
        sys.exit(1)


@task(help={"title": 'the new page\'s title, in quotes: invoke new-page "Office hours"'})
def new_page(c, title):
    """Start a new page in content/pages/ with its header filled in; never overwrites a page."""
    from tooling.new_page import NewPageRefused, create_page, describe

    try:
        path, text = create_page(title)
    except NewPageRefused as refused:
        print(refused, file=sys.stderr)
        sys.exit(1)
    print(describe(path, text))


@task(help={
    "dest": "where to publish: a folder, host:path, or a repository ending in .git "
            "(default: PUBLISH_DEST from the environment or publishconf.py)",
    "dry_run": "build and check, then only show what would change",
})
def publish(c, dest="", dry_run=False):
    """Build the public site, run every check, and only then deploy it to DEST."""
    from tooling.publish import PublishStopped, publish as publish_site

    try:
        publish_site(dest, dry_run)
    except PublishStopped as stopped:
        print(f"\n{stopped}", file=sys.stderr)
        sys.exit(1)


@task
def nginx_snippet(c):
    """Print the nginx lines that send the site's security headers (see docs/deploy.md)."""
    from tooling.nginx_snippet import nginx_snippet as snippet

    print(snippet(), end="")


@task
def check(c):
    """Run every check, the W3C HTML checker included, on a fresh build; exit 0 only when all pass."""
    from tooling.check import check_site

    sys.exit(check_site())


@task(help={"online": "also ask each outside address whether it still answers (needs the internet)"})
def check_links(c, online=False):
    """List the site's outside links; with --online, check each one (bounded time, answers cached)."""
    from tooling.check import check_outside_links

    sys.exit(check_outside_links(online))
