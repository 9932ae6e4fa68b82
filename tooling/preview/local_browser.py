"""A built site served on 127.0.0.1, and the windows a browser opens it in.

What the browser tests (tests/browser/) and the design screenshots
(tooling/preview/design_screenshots.py) share, so neither imports the other.
"""
import sys
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


class _QuietHandler(SimpleHTTPRequestHandler):
    # The extra headers for a request's path (a function of the path).
    headers_for = staticmethod(lambda path: {})

    def end_headers(self):
        for name, value in self.headers_for(urlsplit(self.path).path).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A test that closes its page may cut a reply short: not a failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_folder(path, headers=None, port=0):
    """Serve `path` on 127.0.0.1 (at a free port unless `port` is given); yields
    'http://127.0.0.1:PORT'. `headers` is a dict sent with every response, or a
    function from a request's path to the headers for it."""
    headers_for = headers if callable(headers) else (lambda _path, fixed=dict(headers or {}): fixed)
    handler = type("Handler", (_QuietHandler,), {"headers_for": staticmethod(headers_for)})
    with serving(_QuietServer(("127.0.0.1", port), partial(handler, directory=str(path)))) as address:
        yield address


@contextmanager
def serving(server):
    """Run a loopback `server` in a thread of its own; yields 'http://127.0.0.1:PORT'
    and stops it on the way out (also the workflow rehearsal's stand-in API)."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
