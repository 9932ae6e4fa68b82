"""The local servers of `make edit` answer only the editor's own page, and the
file server writes only what the editor edits (issue 19, "Local servers").

Run for real: the preview with its editor (`tooling.preview.preview --edit`) on a copy
of the project, called with raw HTTP as a page elsewhere would call it: with a
rebinding-style Host (a site's name pointing at 127.0.0.1), from a page on
another loopback address (Origin http://127.0.0.2:PORT), and with paths the
editor never edits (a workflow, pelicanconf.py, .git/config). The browser
version of the same attack is in tests/browser/test_cms.py.
"""
import base64
import http.client
import json
import shutil

import pytest
import yaml

from tests.support import BUILD_INPUTS, copy_project, missing
from tests.preview.test_preview import CHANGE_SECONDS, fetch, free_port, running_preview, wait_for
from tooling.editor.editor import ADMIN, packages_installed
from tooling.editor.editor_guard import editable_places, is_editable, request_problem

PLACES = editable_places(yaml.safe_load((ADMIN / "config.yml").read_text(encoding="utf-8")))
ABOUT = "content/pages/about.md"


def persist(path, text):
    return {"action": "persistEntry", "params": {
        "branch": "main", "entry": {"slug": "x", "path": path, "raw": text}, "assets": [], "options": {"commitMessage": "Update", "useWorkflow": False, "status": "draft"}}}


@pytest.mark.parametrize("path", [
    ".github/workflows/publish.yml", "pelicanconf.py", "tooling/build/build.py", "data/hosting.yml", "data/editor.yml",
    "content/pages/../../pelicanconf.py", "/etc/passwd", "content/pages/./x.md", "content\\pages\\x.md",
    "content/pagesX/evil.md", "content/pages/", "theme/templates/base.html",
    "data/sources.yml", "data/time_limits.yml.bak", "data/time_limits.yml/x",
])
def test_paths_outside_the_editors_collections_are_not_editable(path):
    assert not is_editable(path, PLACES)


@pytest.mark.parametrize("path", [ABOUT, "content/pages/new-page.md", "content/pages/faq.md",
                                  "data/practice.yml", "data/time_limits.yml", "content/images/renelle.jpg"])
def test_the_collections_and_pictures_are_editable(path):
    assert is_editable(path, PLACES)


def test_saving_the_dated_statements_reaches_the_file_server():
    """Issue 18: the form for data/time_limits.yml saves that one file; its
    neighbours in data/ stay out of reach."""
    assert request_problem(json.dumps(persist("data/time_limits.yml", "x: 1\n")).encode(), PLACES) is None
    assert "data/sources.yml is outside" in request_problem(json.dumps(persist("data/sources.yml", "")).encode(), PLACES)


@pytest.mark.parametrize("message, says", [
    ({"action": "getEntry", "params": {"path": ".git/config"}}, ".git/config is outside"),
    ({"action": "entriesByFolder", "params": {"folder": ".github/workflows", "extension": "yml", "depth": 1}},
     ".github/workflows is outside"),
    ({"action": "persistMedia", "params": {"asset": {"path": "theme/static/x.js", "content": "", "encoding": "base64"}}},
     "theme/static/x.js is outside"),
    ({"action": "deleteFiles", "params": {"paths": [ABOUT, "Makefile"]}}, "Makefile is outside"),
    ({"action": "persistEntry", "params": {"entry": {"path": ABOUT, "newPath": "pelicanconf.py", "raw": ""},
                                           "assets": []}}, "pelicanconf.py is outside"),
    ({"action": "runCommand", "params": {}}, "never asks for 'runCommand'"),
    ({"params": {}}, "not one the editor sends"),
])
def test_a_request_naming_anything_else_is_refused_with_its_reason(message, says):
    assert says in request_problem(json.dumps(message).encode(), PLACES)


@pytest.fixture(scope="module")
def editor_servers(tmp_path_factory):
    """(project copy, preview port, file server port)."""
    if shutil.which("node") is None or not packages_installed():
        missing("needs Node.js and the editor's packages (`make editor`)")
    project = copy_project(tmp_path_factory.mktemp("guarded"), [*BUILD_INPUTS, "tasks.py", "tooling"])
    editor_port = free_port()
    with running_preview(project, ["--edit", "--editor-port", str(editor_port)]) as (base, _process):
        wait_for(lambda: "decap-cms.js" in fetch(f"{base}/admin/"), CHANGE_SECONDS, "the editor at /admin/")
        yield project, int(base.rsplit(":", 1)[1]), editor_port


def call(port, method="GET", path="/", host=None, origin=None, body=None):
    """(status, text) of one raw request to 127.0.0.1:`port` with the Host and Origin given."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": host or f"127.0.0.1:{port}", "Content-Type": "application/json"}
    if origin:
        headers["Origin"] = origin
    connection.request(method, path, body=json.dumps(body).encode() if body is not None else None, headers=headers)
    answer = connection.getresponse()
    try:
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_the_preview_answers_only_its_own_address(editor_servers):
    _project, preview_port, _editor_port = editor_servers
    assert call(preview_port, path="/faq/")[0] == 200
    assert call(preview_port, path="/faq/", host=f"localhost:{preview_port}")[0] == 200
    status, text = call(preview_port, path="/admin/config.yml", host=f"attacker.example:{preview_port}")
    assert status == 403 and "attacker.example" in text and "local_backend" not in text
    assert call(preview_port, path="/faq/", host="127.0.0.1:9")[0] == 403
    status, text = call(preview_port, path="/livereload.js", origin="http://127.0.0.2:8000")
    assert status == 403 and "127.0.0.2" in text


def test_the_file_server_answers_only_the_editors_page(editor_servers):
    project, preview_port, editor_port = editor_servers
    own = f"http://127.0.0.1:{preview_port}"
    about = project / ABOUT
    original = about.read_text(encoding="utf-8")
    changed = original.replace("\n", "\n\n", 1)
    try:
        for host, origin in ((f"attacker.example:{editor_port}", own),  # DNS rebinding
                             (f"127.0.0.1:{editor_port}", f"http://127.0.0.2:{preview_port}"),  # another page
                             (f"127.0.0.1:{editor_port}", "null")):
            status, text = call(editor_port, "POST", "/api/v1", host, origin, persist(ABOUT, changed))
            assert status == 403 and "Refused" in text, (host, origin, status, text)
        assert about.read_text(encoding="utf-8") == original

        status, _text = call(editor_port, "POST", "/api/v1", origin=own, body=persist(ABOUT, changed))
        assert status == 200 and about.read_text(encoding="utf-8") == changed, _text
    finally:
        about.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("path", [".github/workflows/deploy.yml", "pelicanconf.py", "data/hosting.yml"])
def test_the_file_server_writes_no_code_workflow_or_setting(editor_servers, path):
    project, preview_port, editor_port = editor_servers
    target = project / path
    before = target.read_bytes() if target.exists() else None
    status, text = call(editor_port, "POST", "/api/v1", origin=f"http://127.0.0.1:{preview_port}",
                        body=persist(path, "import os\n"))
    assert status == 403 and path in text, text
    assert (target.read_bytes() if target.exists() else None) == before


def test_the_file_server_reads_nothing_outside_the_collections(editor_servers):
    project, preview_port, editor_port = editor_servers
    (project / ".git").mkdir(exist_ok=True)
    (project / ".git" / "config").write_text("[remote]\n  url = secret\n", encoding="utf-8")
    status, text = call(editor_port, "POST", "/api/v1", origin=f"http://127.0.0.1:{preview_port}",
                        body={"action": "getEntry", "params": {"path": ".git/config"}})
    assert status == 403 and "secret" not in text
    picture = base64.b64encode(b"not really a picture").decode()
    status, _text = call(editor_port, "POST", "/api/v1", origin=f"http://127.0.0.1:{preview_port}", body={
        "action": "persistMedia",
        "params": {"branch": "main", "asset": {"path": "content/images/x.txt", "content": picture, "encoding": "base64"},
                   "options": {"commitMessage": "Upload"}}})
    assert status == 200 and (project / "content" / "images" / "x.txt").is_file(), _text
    (project / "content" / "images" / "x.txt").unlink()


def test_a_shortcut_in_a_collection_cannot_lead_out_of_it(tmp_path):
    (tmp_path / "content" / "pages").mkdir(parents=True)
    (tmp_path / "pelicanconf.py").write_text("SITENAME = 'x'\n", encoding="utf-8")
    (tmp_path / "content" / "pages" / "shortcut.md").symlink_to(tmp_path / "pelicanconf.py")
    settings = yaml.safe_load((ADMIN / "config.yml").read_text(encoding="utf-8"))
    places = editable_places(settings, tmp_path)
    assert not is_editable("content/pages/shortcut.md", places)
    assert is_editable("content/pages/about.md", places)
    assert is_editable("data/practice.yml", places)
