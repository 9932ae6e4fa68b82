"""The live preview: rebuild on every save and refresh the browser.

A save that breaks the site keeps the last good build on screen; the
problems are printed in the terminal.
"""
from livereload import Server

from tooling.build import ROOT, BuildFailed, build_into

WATCHED = [
    "content/**/*",
    "theme/templates/**/*.html",
    "theme/static/**/*",
    "data/*.yml",
    "plugins/**/*.py",
    "pelicanconf.py",
]


def rebuild(output):
    try:
        build_into(ROOT / output)
    except BuildFailed as failure:
        print(failure)


def serve_preview(host, port, output):
    rebuild(output)
    server = Server()
    for pattern in WATCHED:
        server.watch(str(ROOT / pattern), lambda: rebuild(output))
    print(f"Preview at http://{host}:{port}/ (press Ctrl+C to stop)")
    server.serve(host=host, port=port, root=str(ROOT / output), open_url_delay=None)
