"""The browser editor of `make edit`: Decap CMS at /admin/ on the live preview,
and decap-server on 127.0.0.1, which writes each save into the project's files.

Everything comes from this checkout: the editor's page and settings from
editor/admin/, Decap itself from editor/node_modules (installed from
editor/package-lock.json by `make edit`). Nothing is fetched from another site,
and none of it is ever copied into the built site.
"""
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import yaml
from tornado import web

from tooling.build import ROOT

EDITOR = ROOT / "editor"
ADMIN = EDITOR / "admin"
DECAP_DIST = EDITOR / "node_modules" / "decap-cms" / "dist"
DECAP_SERVER = EDITOR / "node_modules" / "decap-server" / "dist" / "index.js"
EDITOR_SERVER_PORT = 8081


class EditorMissing(Exception):
    """Node or the editor's packages are not installed."""


def editor_settings(server_port):
    """editor/admin/config.yml, pointed at the decap-server this run started."""
    settings = yaml.safe_load((ADMIN / "config.yml").read_text(encoding="utf-8"))
    settings["local_backend"]["url"] = f"http://127.0.0.1:{server_port}/api/v1"
    return settings


class _SettingsHandler(web.RequestHandler):
    def initialize(self, server_port):
        self.server_port = server_port

    def get(self):
        self.set_header("Content-Type", "text/yaml; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(yaml.safe_dump(editor_settings(self.server_port), sort_keys=False))


class _NoCacheFiles(web.StaticFileHandler):
    # The editor's own files change with the checkout: never serve a stale one.
    def set_extra_headers(self, path):
        self.set_header("Cache-Control", "no-store")


def admin_handlers(server_port):
    """Tornado routes for /admin/, placed before the preview's own."""
    return [
        (r"/admin", web.RedirectHandler, {"url": "/admin/"}),
        (r"/admin/config\.yml", _SettingsHandler, {"server_port": server_port}),
        (r"/admin/decap/(.*)", web.StaticFileHandler, {"path": str(DECAP_DIST)}),
        (r"/admin/(.*)", _NoCacheFiles, {"path": str(ADMIN), "default_filename": "index.html"}),
    ]


def _node():
    node = shutil.which("node")
    if node is None:
        raise EditorMissing(
            "The browser editor needs Node.js (version 20 or later), which is not installed. "
            "Install it from https://nodejs.org/ (or `sudo apt-get install nodejs npm`), then run `make edit` again."
        )
    if not DECAP_SERVER.is_file() or not (DECAP_DIST / "decap-cms.js").is_file():
        raise EditorMissing(
            "The browser editor's packages are not installed. Run `make edit` (it installs them "
            "from editor/package-lock.json), or `cd editor && npm ci`."
        )
    return node


def _wait_until_answering(process, port, seconds=30):
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1", data=b'{"action":"info"}',
        headers={"Content-Type": "application/json"},
    )
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EditorMissing(f"The editor's file server stopped at once (exit status {process.returncode}); "
                                f"is port {port} already in use? Choose another with EDITOR_PORT=8082.")
        try:
            with urllib.request.urlopen(request, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise EditorMissing(f"The editor's file server did not answer on port {port} within {seconds} s.")


@contextmanager
def file_server(project, port=EDITOR_SERVER_PORT, preview_port=8000):
    """Run decap-server on 127.0.0.1:`port`, writing into `project`, while the block runs."""
    environment = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",  # never reachable from other machines
        "MODE": "fs",  # write the files only; committing is her choice (EDITING.md)
        "GIT_REPO_DIRECTORY": str(project),
        "ORIGIN": f"http://127.0.0.1:{preview_port}",  # only the editor's page may call it
        "LOG_LEVEL": "warn",
    }
    process = subprocess.Popen([_node(), str(DECAP_SERVER)], env=environment, cwd=str(project))
    try:
        _wait_until_answering(process, port)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
