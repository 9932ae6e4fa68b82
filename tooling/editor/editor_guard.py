"""A guard in front of decap-server, the editor's file server of `make edit`.

decap-server writes whatever path a caller sends, anywhere in the project:
a page elsewhere could have saved a workflow, a setting or pelicanconf.py
(which the preview then runs). It listens on a port only this guard knows;
the guard listens on the editor's port and passes a request on only when

1. it comes from the editor's own page (tooling/preview/local_callers.py), and
2. it is one of the actions the editor uses, and every path it names lies in
   what editor/admin/config.yml lets her edit: a collection's folder or file,
   or the media folder (pictures). Nothing else can be read or written.

Anything else gets 403 and a one-line reason, and decap-server never sees it.
"""
import http.client
import json
import threading
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tooling.preview.local_callers import caller_problem

API_PATH = "/api/v1"
# A photo arrives as base64 in JSON; the editor shrinks photos before that
# (editor/admin/photo-cleaning.js), so this is generous.
LARGEST_REQUEST = 64 * 1024 * 1024
# What decap-server receives back: its answer, less what belongs to one hop.
HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "date", "server"}


class Refused(Exception):
    """A request the file server must not see; the message says why."""


def editable_places(settings, project=None):
    """(files, folders, project) the editor's settings let her edit: each
    collection's files and folder, and the media folder; `project`, when given,
    is the folder they are in, so a shortcut (symlink) there cannot lead out."""
    files, folders = set(), {settings["media_folder"]}
    for collection in settings["collections"]:
        if "folder" in collection:
            folders.add(collection["folder"])
        files.update(item["file"] for item in collection.get("files", ()))
    return frozenset(files), frozenset(folders), project


def named_paths(action, params):
    """Every path an action of decap-server's local API reads or writes
    (decap-server/dist/index.js, localFsMiddleware)."""
    if action in ("info", "getDeployPreview"):
        return []
    if action == "entriesByFolder":
        return [params["folder"]]
    if action == "entriesByFiles":
        return [item["path"] for item in params["files"]]
    if action in ("getEntry", "getMediaFile", "deleteFile"):
        return [params["path"]]
    if action == "deleteFiles":
        return list(params["paths"])
    if action == "getMedia":
        return [params["mediaFolder"]]
    if action == "persistMedia":
        return [params["asset"]["path"]]
    if action == "persistEntry":
        entry = params.get("entry") or {}
        data_files = params.get("dataFiles") or [entry]
        return [
            *(item["path"] for item in data_files),
            *(item["newPath"] for item in data_files if item.get("newPath")),
            *(item["path"] for item in params.get("assets") or ()),
        ]
    raise Refused(f"the editor never asks for {action!r}")


def is_editable(path, places):
    """`path` is one of the files, or lies inside one of the folders, with no
    way out of it (no .., no absolute path, no backslash, no shortcut leading out)."""
    files, folders, project = places
    if not isinstance(path, str) or "\\" in path or "\x00" in path:
        return False
    parts = path.split("/")
    if any(part in ("..", ".", "") for part in parts):  # also an absolute path's leading ""
        return False
    normal = "/".join(parts)
    if normal in files:
        place = normal
    else:
        place = next((folder for folder in folders
                      if normal == folder or normal.startswith(folder.rstrip("/") + "/")), None)
        if place is None:
            return False
    if project is None:
        return True
    real, allowed = (Path(project) / normal).resolve(), (Path(project) / place).resolve()
    return real == allowed or allowed in real.parents


def request_problem(body, places):
    """Why the JSON `body` may not reach decap-server, or None."""
    try:
        message = json.loads(body)
        action, params = message["action"], message.get("params") or {}
        paths = named_paths(action, params)
    except Refused as refused:
        return str(refused)
    except (ValueError, KeyError, TypeError, AttributeError):
        return "the request is not one the editor sends"
    outside = [path for path in paths if not is_editable(path, places)]
    if outside:
        return (f"{', '.join(map(str, outside))} is outside what the editor edits "
                "(its collections in content/ and data/, and the pictures)")
    return None


class _Guard(BaseHTTPRequestHandler):
    server_version = "editor-guard"

    def do_OPTIONS(self):
        self._pass_on(b"")

    def do_POST(self):
        problem = self._caller_problem()
        if problem:
            self._refuse(403, problem)
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > LARGEST_REQUEST:
            self._refuse(413, "the request is larger than any save the editor makes")
            return
        body = self.rfile.read(length)
        if self.path.split("?")[0] != API_PATH:
            self._refuse(404, f"only {API_PATH} is served here")
            return
        problem = request_problem(body, self.server.places)
        if problem:
            self._refuse(403, problem)
            return
        self._pass_on(body)

    def do_GET(self):
        self._refuse(404, f"only {API_PATH} is served here")

    def _caller_problem(self):
        return caller_problem(self.headers.get("Host"), self.headers.get("Origin"),
                              self.server.server_port, self.server.page_port)

    def _pass_on(self, body):
        problem = self._caller_problem()
        if problem:
            self._refuse(403, problem)
            return
        headers = {name: value for name, value in self.headers.items() if name.lower() != "host"}
        connection = http.client.HTTPConnection("127.0.0.1", self.server.inner_port, timeout=120)
        try:
            connection.request(self.command, self.path, body=body or None, headers=headers)
            answer = connection.getresponse()
            payload = answer.read()
        finally:
            connection.close()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_HEADERS:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _refuse(self, status, reason):
        text = f"Refused by the editor's file server: {reason}.\n".encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)
        self.log_message("refused %s %s: %s", self.command, self.path, reason)

    def log_message(self, format, *args):
        if format.startswith("refused"):
            super().log_message(format, *args)


class GuardServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port, inner_port, page_port, places):
        super().__init__(("127.0.0.1", port), _Guard)
        self.inner_port, self.page_port, self.places = inner_port, page_port, places

    def start(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.shutdown()
        self.server_close()
