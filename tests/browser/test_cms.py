"""The browser editor (`make edit`), driven in Chromium as the therapist would use it.

A copy of the project is served by the live preview with the editor at /admin/
and decap-server writing into the copy. Chromium may reach 127.0.0.1 only:
every other request is blocked and counted, and the count must be zero.

1. An FAQ answer and a page's Summary are changed in the editor's own fields
   and saved: each file on disk is exactly the old one with that one change,
   no other file changed, the live preview shows the new words, and the copy
   builds through the quality gate.
2. A broken link saved in the editor: the preview shows its error page and the
   build stops with the usual plain message (file, line, fix), no traceback.
"""
import hashlib
import os
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import DESKTOP
from tests.test_preview import CHANGE_SECONDS, error_page, fetch, free_port, running_preview, wait_for
from tooling.editor import DECAP_DIST, DECAP_SERVER
from tooling.project_copy import BUILD_INPUTS, copy_project

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
FAQ = "content/pages/faq.md"
ABOUT = "content/pages/about.md"


@pytest.fixture(scope="module")
def editor_tools():
    missing = []
    if shutil.which("node") is None:
        missing.append("Node.js (`sudo apt-get install nodejs npm`)")
    if not DECAP_SERVER.is_file() or not (DECAP_DIST / "decap-cms.js").is_file():
        missing.append("the editor's packages (`make editor`, which runs npm ci in editor/)")
    if missing:
        message = "the browser editor test needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(f"{message} (.ci/run installs them)", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module")
def editor(editor_tools, tmp_path_factory):
    """(project copy, preview base URL): `tooling.preview --edit` on a copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("editor-project"), [*BUILD_INPUTS, "tasks.py", "tooling"])
    with running_preview(project, ["--edit", "--editor-port", str(free_port())]) as (base, _process):
        wait_for(lambda: "decap-cms.js" in fetch(f"{base}/admin/"), CHANGE_SECONDS, "the editor at /admin/")
        yield project, base


class EditorTab:
    """A fresh Chromium context on /admin/ that lets only loopback requests through."""

    def __init__(self, browser, base):
        self.base = base
        self.blocked = []
        self.context = browser.new_context(viewport=DESKTOP)
        self.context.route("**/*", self._only_loopback)
        self.page = self.context.new_page()

    def _only_loopback(self, route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def open_entry(self, collection, entry):
        self.page.goto(f"{self.base}/admin/#/collections/{collection}/entries/{entry}")
        self.page.reload()  # a change of #address alone would keep the entry open before
        login = self.page.get_by_role("button", name="Login")
        title = self.page.get_by_label("Title").first
        login.or_(title).first.wait_for()
        if login.is_visible():  # the first time only: the local backend asks for no password
            login.click()
        title.wait_for()

    def answer_box(self, question):
        questions = self.page.locator('input[id^="question-field"]')
        texts = [questions.nth(number).input_value() for number in range(questions.count())]
        assert question in texts, f"the FAQ form shows no question {question!r}: {texts}"
        return self.page.get_by_label("Answer").nth(texts.index(question))

    def replace_in(self, field, old, new):
        text = field.input_value()
        assert old in text, f"{old!r} is not in the field"
        field.fill(text.replace(old, new, 1))

    def save(self, path):
        """Save as she would, and wait (bounded) until the file on disk has changed."""
        before = path.read_bytes()
        self.page.get_by_role("button", name="Publish").click()
        self.page.get_by_text("Publish now").click()
        wait_for(lambda: path.read_bytes() != before, CHANGE_SECONDS, f"the editor to save {path.name}")

    def close(self):
        self.context.close()


@pytest.fixture
def editor_tab(browser, editor):
    tab = EditorTab(browser, editor[1])
    yield tab
    tab.close()
    assert tab.blocked == [], f"the editor asked another site for: {tab.blocked}"


def fingerprints(project):
    """Every content and data file, by its bytes' digest."""
    return {
        str(path.relative_to(project)): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in ("content", "data")
        for path in sorted((project / folder).rglob("*"))
        if path.is_file()
    }


def build(project):
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    return result.returncode, result.stdout + result.stderr


def read(project, name):
    return (project / name).read_text(encoding="utf-8")


def test_edits_in_the_browser_land_in_the_markdown_and_nothing_else(editor, editor_tab):
    project, base = editor
    before = fingerprints(project)
    faq, about = read(project, FAQ), read(project, ABOUT)
    old_answer, new_answer = "Many people keep seeing", "Many couples keep seeing"
    old_summary = "Meet the therapist who leads KACT"
    new_summary = "Meet Renelle, the therapist who leads KACT"

    editor_tab.open_entry("faq", "faq")
    editor_tab.replace_in(editor_tab.answer_box("Can I keep my therapist?"), old_answer, new_answer)
    editor_tab.save(project / FAQ)
    editor_tab.open_entry("pages", "about")
    editor_tab.replace_in(editor_tab.page.get_by_label("Summary"), old_summary, new_summary)
    editor_tab.save(project / ABOUT)

    assert read(project, FAQ) == faq.replace(old_answer, new_answer, 1)
    assert read(project, ABOUT) == about.replace(old_summary, new_summary, 1)
    after = fingerprints(project)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert changed == [ABOUT, FAQ]
    wait_for(lambda: new_answer in fetch(f"{base}/faq/"), CHANGE_SECONDS, "the preview to show the new answer")

    returncode, output = build(project)
    assert returncode == 0, output
    assert "Quality check" not in output, output
    assert not list((project / "output").rglob("admin")), "the editor must never be part of the built site"


def test_a_broken_link_saved_in_the_browser_is_refused_by_the_build(editor, editor_tab):
    project, base = editor
    original = read(project, FAQ)
    try:
        editor_tab.open_entry("faq", "faq")
        editor_tab.replace_in(
            editor_tab.answer_box("How do we start?"), "\n", " See [the questions]({filename}faqs.md).\n"
        )
        editor_tab.save(project / FAQ)
        saved = read(project, FAQ)
        line = next(n for n, text in enumerate(saved.splitlines(), 1) if "{filename}faqs.md" in text)

        page = wait_for(lambda: error_page(base), CHANGE_SECONDS, "the preview's error page")
        assert "faq.md" in page and "faqs.md" in page
        returncode, output = build(project)
        assert returncode != 0, output
        assert "Traceback" not in output, output
        assert f"content/pages/faq.md:{line}" in output, output
        assert "does not exist" in output and 'Did you mean "faq.md"?' in output, output
    finally:
        (project / FAQ).write_text(original, encoding="utf-8")
