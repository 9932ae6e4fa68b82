"""The live preview: rebuild on every save and refresh the browser.

A save with a mistake shows an error page in the browser (file, line, what is
wrong, how to fix it) and the same list in the terminal; the next clean save
brings the site back. The preview never stops for a content mistake.

Run it with `make serve`, or directly (the tests do) with
`python -m tooling.preview.preview --project DIR --port N`. With `--edit` (`make edit`)
it also serves the browser editor at /admin/ (tooling/editor/editor.py).
"""
import argparse
import signal
import socket
import sys
import time
from pathlib import Path

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from tornado import escape, web
from tornado.routing import AnyMatches, Matcher, Rule

from tooling.build.build import ROOT
from tooling.preview.local_callers import caller_problem
from tooling.editor.editor import EDITOR_SERVER_PORT, EditorMissing, admin_handlers, file_server
from tooling.preview.preview_build import PreviewBuilder
from tooling.preview.preview_watcher import RebuildingWatcher
from tooling.build.reporter import plain_errors
from kact_core.report import format_problem

WATCHED = ["content", "theme", "data", "plugins", "pelicanconf.py"]
# livereload's own snippet for a page served on the port it reloads from.
LIVE_SCRIPT = (
    '<script type="text/javascript">(function(){'
    'var s=document.createElement("script");'
    'var port=(window.location.port || (window.location.protocol == \'https:\' ? 443: 80));'
    's.src="//"+window.location.hostname+":"+port'
    '+ "/livereload.js?port=" + port;'
    'document.head.appendChild(s);'
    '})();</script>'
)


def report(result, changed=()):
    stamp = time.strftime("%H:%M:%S")
    # Editors save through temporary files; name only the files that remain.
    names = ", ".join(Path(path).name for path in changed if Path(path).is_file())
    saved = f" after saving {names}" if names else ""
    if result.ok:
        print(f"[{stamp}] Preview updated{saved} in {result.seconds:.2f} s.", flush=True)
        return
    count = len(result.errors)
    print(f"\n[{stamp}] The preview is waiting for a fix{saved}: {count} mistake{'s' * (count != 1)}.")
    if not result.reported_by_gate:
        for problem in result.errors:
            print(f"{format_problem(problem)}\n")
    print("Save the file again once it is fixed; the browser follows by itself.\n", flush=True)


class PreviewAlreadyRunning(Exception):
    """The preview's address is taken, most likely by a preview started earlier."""


def refuse_a_taken_address(host, port):
    """Say so in plain words before building, rather than fail with a traceback after."""
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise PreviewAlreadyRunning(
                f"The preview is already running at http://{host}:{port}/ (started in another "
                "window). Open that address in your browser, or stop the other preview with "
                "Ctrl+C in its window and run `make serve` again."
            ) from None


class _OwnCallers(Matcher):
    """Matches a request only from the preview's own pages (tooling/preview/local_callers.py)."""

    def __init__(self, port):
        self.port = port

    def match(self, request):
        return None if caller_problem(request.host, request.headers.get("Origin"), self.port, self.port) else {}


class _Refused(web.RequestHandler):
    def prepare(self):
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        problem = caller_problem(self.request.host, self.request.headers.get("Origin"),
                                 self.application.settings["own_port"], self.application.settings["own_port"])
        self.finish(f"Refused by the preview: {problem}.\n")


class _PreviewServer(Server):
    """livereload's server, with extra routes (the editor's) ahead of the site's,
    all of them answered only for the preview's own pages."""

    def __init__(self, extra_handlers=(), **options):
        super().__init__(**options)
        self.extra_handlers = list(extra_handlers)

    def get_web_handlers(self, script):
        return self.extra_handlers + super().get_web_handlers(script)

    def application(self, port, host, liveport=None, debug=None, live_css=True):
        """livereload's Server.application (2.7.1) for one port, with every route
        (its reload socket among them) behind _OwnCallers."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        script = escape.utf8(LIVE_SCRIPT)

        class Injector(LiveScriptInjector):
            pass

        Injector.script = script
        routes = [
            (r"/livereload", LiveReloadHandler),
            (r"/forcereload", ForceReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            *self.get_web_handlers(script),
        ]
        app = web.Application(
            [Rule(_OwnCallers(port), routes), Rule(AnyMatches(), _Refused)],
            transforms=[Injector], own_port=port,
        )
        app.listen(port, address=host)


def serve_preview(host, port, project=ROOT, editor_port=None):
    """The live preview; with `editor_port`, the browser editor too (its file
    server on that port), which the plain preview never serves."""
    project = Path(project).resolve()
    refuse_a_taken_address(host, port)
    if editor_port is None:
        _serve(host, port, project)
        return
    with file_server(project, editor_port, preview_port=port):
        # Stopped like Ctrl+C when terminated, so the file server stops with it.
        signal.signal(signal.SIGTERM, _stop_as_if_interrupted)
        _serve(host, port, project, admin_handlers(editor_port))


def _stop_as_if_interrupted(signum, frame):
    raise KeyboardInterrupt


def _serve(host, port, project, extra_handlers=()):
    builder = PreviewBuilder(project)

    def rebuild(changed=()):
        report(builder.build(changed), changed)

    rebuild()
    watcher = RebuildingWatcher([project / name for name in WATCHED], rebuild)
    server = _PreviewServer(extra_handlers, watcher=watcher)
    print(f"Preview at http://{host}:{port}/ (press Ctrl+C to stop)", flush=True)
    if extra_handlers:
        print(f"Editor at http://{host}:{port}/admin/", flush=True)
    server.serve(host=host, port=port, root=str(builder.served), open_url_delay=None)


@plain_errors
def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=str(ROOT), help="folder holding pelicanconf.py and content/")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--edit", action="store_true", help="also serve the browser editor at /admin/")
    parser.add_argument("--editor-port", type=int, default=EDITOR_SERVER_PORT, help="port of the editor's file server")
    arguments = parser.parse_args()
    editor_port = arguments.editor_port if arguments.edit else None
    try:
        serve_preview(arguments.host, arguments.port, arguments.project, editor_port)
    except (PreviewAlreadyRunning, EditorMissing) as stopped:
        print(stopped, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
