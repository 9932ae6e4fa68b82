"""The browser editor of `make edit`: Decap CMS at /admin/ on the live preview,
and decap-server on 127.0.0.1, which writes each save into the project's files.

Everything comes from this checkout: the editor's page and settings from
editor/admin/, Decap and the YAML library from editor/node_modules (installed from
editor/package-lock.json by `make edit`). Nothing is fetched from another site.
The public site gets the same files only in the editor's online mode, after
its checks (tooling/editor/editor_online.py).
"""
import functools
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import yaml
from tornado import web

from tooling.build.build import ROOT
from tooling.editor.editor_guard import GuardServer, editable_places
from tooling.build.processes import stop
from kact_gate.checks.reviewed_required import health_page_rules
from kact_core.plain_yaml import load_data
from kact_hosting.rules import content_security_policy, editor_directives

EDITOR = ROOT / "editor"
ADMIN = EDITOR / "admin"
DECAP_DIST = EDITOR / "node_modules" / "decap-cms" / "dist"
DECAP_SERVER = EDITOR / "node_modules" / "decap-server" / "dist" / "index.js"
YAML_DIST = EDITOR / "node_modules" / "yaml" / "browser" / "dist"
EDITOR_SERVER_PORT = 8081
# What `npm ci` in editor/ provides, and the editor cannot start without.
PACKAGE_FILES = (DECAP_DIST / "decap-cms.js", DECAP_SERVER, YAML_DIST / "index.js")


class EditorMissing(Exception):
    """Node or the editor's packages are not installed."""


def read_data(name):
    return load_data(ROOT / "data" / name)


def while_unchanged(*paths):
    """Keep a function's answers until one of the files it reads changes. The
    preview asks for the policy with every file of /admin/ and for the settings
    on every load of the editor; reading the YAML again each time took most of
    the preview's time while she edited (docs/testing.md)."""
    def decorate(function):
        answers = {}

        @functools.wraps(function)
        def answer(*args):
            version = tuple(_version(path) for path in paths)
            if args not in answers or answers[args][0] != version:
                answers[args] = (version, function(*args))
            return answers[args][1]
        answer.files = paths
        return answer
    return decorate


def _version(path):
    """What changes when a file is written (a missing file is a version too)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def shared_settings(editor):
    """editor/admin/config.yml (the collections, written once) with the GitHub
    repository and branch of `editor` (data/editor.yml): both modes start from this."""
    settings = yaml.safe_load((ADMIN / "config.yml").read_text(encoding="utf-8"))
    _fill_choices(settings["collections"], read_data("sources.yml"))
    return {"backend": {"name": "github", "repo": editor["repo"], "branch": editor["branch"]}, **settings}


# The longest label a choice shows of a source's title: the list stays readable.
CHOICE_TITLE = 90


def _fill_choices(fields, sources):
    """Every field with `options_from: data/sources.yml` becomes a pick-list of
    the sources the site cites, each shown by its words and saved as its id: the list is data/sources.yml itself, never a copy in config.yml."""
    for field in fields:
        origin = field.pop("options_from", None)
        if origin is not None:
            if origin != "data/sources.yml":
                raise ValueError(f"editor/admin/config.yml: options_from {origin!r}: only data/sources.yml is known.")
            field["options"] = [{"label": _choice_label(entry), "value": source} for source, entry in sources.items()]
        for key in ("files", "fields"):
            _fill_choices(field.get(key) or [], sources)
        if isinstance(field.get("field"), dict):
            _fill_choices([field["field"]], sources)


def _choice_label(entry):
    """"Publisher: title", the title cut at a word; an article's title names its authors."""
    title = entry["title"]
    if len(title) > CHOICE_TITLE:
        title = title[:CHOICE_TITLE].rsplit(" ", 1)[0] + "…"
    return f"{entry['publisher']}: {title}" if entry.get("publisher") else title


@while_unchanged(ROOT / "data" / "notices.yml")
def health_rules_json():
    """Which pages need "Reviewed on": the build's rule, for the form (reviewed-required.js)."""
    return json.dumps(health_page_rules(read_data("notices.yml")), default=str)


def editor_settings(server_port):
    """The settings of `make edit`: pointed at the decap-server this run started."""
    settings = shared_settings(read_data("editor.yml"))
    settings["local_backend"]["url"] = f"http://127.0.0.1:{server_port}/api/v1"
    return settings


@while_unchanged(ROOT / "data" / "hosting.yml")
def editor_policy(server_port):
    """The Content-Security-Policy of /admin/ (data/hosting.yml, editor_headers):
    our own files, and calls to the file server on this computer only."""
    directives = editor_directives(read_data("hosting.yml"), [("connect-src", f"http://127.0.0.1:{server_port}")])
    return content_security_policy(directives)


class _EditorHeaders:
    """Sent with every file of /admin/ (the site's own pages keep theirs)."""

    def initialize(self, server_port, **options):
        super().initialize(**options)
        self.server_port = server_port

    def set_default_headers(self):
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")

    def prepare(self):
        self.set_header("Content-Security-Policy", editor_policy(self.server_port))


@while_unchanged(ROOT / "data" / "editor.yml", ROOT / "data" / "sources.yml", ADMIN / "config.yml")
def editor_settings_yaml(server_port):
    return yaml.safe_dump(editor_settings(server_port), sort_keys=False)


class _SettingsHandler(_EditorHeaders, web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "text/yaml; charset=utf-8")
        self.write(editor_settings_yaml(self.server_port))


class _HealthRulesHandler(_EditorHeaders, web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.write(health_rules_json())


class _EditorFiles(_EditorHeaders, web.StaticFileHandler):
    """The editor's own files. The browser may keep them, but asks again on each
    use ("no-cache", answered 304 by their ETag while unchanged): an updated file
    is seen at once, and an unchanged Decap (5 MB) is not sent again on every load
    of the editor. The settings and rules above are made per request: no-store."""

    def set_default_headers(self):
        super().set_default_headers()
        self.set_header("Cache-Control", "no-cache")


def admin_handlers(server_port):
    """Tornado routes for /admin/, placed before the preview's own."""
    return [
        (r"/admin", web.RedirectHandler, {"url": "/admin/"}),
        (r"/admin/config\.yml", _SettingsHandler, {"server_port": server_port}),
        (r"/admin/health-pages\.json", _HealthRulesHandler, {"server_port": server_port}),
        (r"/admin/decap/(.*)", _EditorFiles, {"server_port": server_port, "path": str(DECAP_DIST)}),
        (r"/admin/yaml/(.*)", _EditorFiles, {"server_port": server_port, "path": str(YAML_DIST)}),
        (r"/admin/(.*)", _EditorFiles,
         {"server_port": server_port, "path": str(ADMIN), "default_filename": "index.html"}),
    ]


def packages_installed():
    return all(path.is_file() for path in PACKAGE_FILES)


def _node():
    node = shutil.which("node")
    if node is None:
        raise EditorMissing(
            "The browser editor needs Node.js (version 20 or later), which is not installed. "
            "Install it from https://nodejs.org/ (or `sudo apt-get install nodejs npm`), then run `make edit` again."
        )
    if not packages_installed():
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
                                "its messages are just above.")
        try:
            with urllib.request.urlopen(request, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise EditorMissing(f"The editor's file server did not answer on port {port} within {seconds} s.")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def file_server(project, port=EDITOR_SERVER_PORT, preview_port=8000):
    """Run decap-server, writing into `project`, behind its guard on
    127.0.0.1:`port` (tooling/editor/editor_guard.py), while the block runs."""
    inner_port = _free_port()  # known to the guard only
    environment = {
        **os.environ,
        "PORT": str(inner_port),
        "BIND_HOST": "127.0.0.1",  # never reachable from other machines
        "MODE": "fs",  # write the files only; committing is her choice (docs/editing-reference.md, "Saving and publishing your work")
        "GIT_REPO_DIRECTORY": str(project),
        "ORIGIN": f"http://127.0.0.1:{preview_port}",  # only the editor's page may call it
        "LOG_LEVEL": "warn",
    }
    settings = yaml.safe_load((ADMIN / "config.yml").read_text(encoding="utf-8"))
    process = subprocess.Popen([_node(), str(DECAP_SERVER)], env=environment, cwd=str(project))
    guard = None
    try:
        _wait_until_answering(process, inner_port)
        try:
            guard = GuardServer(port, inner_port, preview_port, editable_places(settings, project)).start()
        except OSError:
            raise EditorMissing(f"The editor's port {port} is already in use (is `make edit` running in "
                                "another window?). Stop it, or choose another port with EDITOR_PORT=8082.") from None
        yield process
    finally:
        if guard:
            guard.stop()
        stop(process)
