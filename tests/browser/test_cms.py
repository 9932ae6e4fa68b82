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
3. The facts form (data/practice.yml) refuses a crisis number written wrongly,
   and a change it saves touches only its own line (comments and sources stay).
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
import yaml

from tests.browser.conftest import CHROMIUM_FLAGS, DESKTOP
from tests.needs import need
from tests.test_preview import CHANGE_SECONDS, error_page, fetch, free_port, running_preview, wait_for
from tooling.editor import packages_installed
from tooling.project_copy import BUILD_INPUTS, copy_project

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
FAQ = "content/pages/faq.md"
ABOUT = "content/pages/about.md"
PRACTICE = "data/practice.yml"


@pytest.fixture(scope="module")
def editor_tools():
    missing = []
    if shutil.which("node") is None:
        missing.append("Node.js (`sudo apt-get install nodejs npm`)")
    if not packages_installed():
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
        self.errors = []  # console errors and uncaught exceptions, e.g. a policy violation
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

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
        editing = self.page.get_by_text(f"Writing in {collection} collection")
        login.or_(editing).first.wait_for()
        if login.is_visible():  # the first time only: the local backend asks for no password
            login.click()
        editing.wait_for()

    def answer_box(self, question):
        questions = self.page.locator('input[id^="question-field"]')
        texts = [questions.nth(number).input_value() for number in range(questions.count())]
        assert question in texts, f"the FAQ form shows no question {question!r}: {texts}"
        return self.page.get_by_label("Answer").nth(texts.index(question))

    def replace_in(self, field, old, new):
        text = field.input_value()
        assert old in text, f"{old!r} is not in the field"
        self.type_into(field, text.replace(old, new, 1))

    def type_into(self, field, text):
        """Replace what a field holds. A field the editor has just marked wrong is
        drawn again as it changes, which can swallow the first try: check it took."""
        for _attempt in range(3):
            field.fill(text)
            self.page.wait_for_timeout(300)
            if field.input_value() == text:
                return
        pytest.fail(f"the field would not take {text!r}; it shows {field.input_value()!r}", pytrace=False)

    def save(self, path):
        """Save as she would, and wait (bounded) until the file on disk has changed."""
        before = path.read_bytes()
        self.page.get_by_role("button", name="Publish").click()
        self.page.get_by_text("Publish now").click()
        wait_for(lambda: path.read_bytes() != before, CHANGE_SECONDS, f"the editor to save {path.name}")
        # Until the editor itself knows, leaving the page would ask "leave with unsaved changes?".
        self.page.get_by_text("Changes saved").wait_for()

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


def test_the_editor_is_served_with_its_own_strict_policy(editor):
    with urllib.request.urlopen(f"{editor[1]}/admin/", timeout=10) as response:
        policy = response.headers["Content-Security-Policy"]
    assert policy and "default-src 'none'" in policy and "frame-ancestors 'none'" in policy, policy
    connect = next(part for part in policy.split("; ") if part.startswith("connect-src"))
    assert re.fullmatch(r"connect-src 'self' blob: http://127\.0\.0\.1:\d+", connect), connect


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

    assert editor_tab.errors == []

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


def test_the_facts_form_refuses_a_wrong_crisis_number_and_keeps_the_rest_of_the_file(editor, editor_tab):
    project, _base = editor
    practice = project / PRACTICE
    original = practice.read_text(encoding="utf-8")
    old_note = "note: free, confidential treatment referral"
    new_note = "note: free and confidential treatment referral"
    try:
        editor_tab.open_entry("facts", "practice")
        lifeline_number = editor_tab.page.get_by_label("Number as shown").first
        assert lifeline_number.input_value() == "988"
        editor_tab.type_into(lifeline_number, "98")
        editor_tab.page.get_by_role("button", name="Publish").click()
        editor_tab.page.get_by_text("Publish now").click()
        editor_tab.page.get_by_text("Write a three-digit number such as 988").wait_for()
        assert practice.read_text(encoding="utf-8") == original, "a wrong crisis number was saved"

        editor_tab.type_into(lifeline_number, "988")
        editor_tab.replace_in(editor_tab.page.get_by_label("Note"), "free, confidential", "free and confidential")
        editor_tab.save(practice)
        assert practice.read_text(encoding="utf-8") == original.replace(old_note, new_note, 1)
    finally:
        practice.write_text(original, encoding="utf-8")


def photo_with_gps(path):
    """A 3000×2000 JPEG as a phone writes it: GPS position, camera EXIF, XMP and a comment."""
    from PIL import ExifTags, Image

    picture = Image.new("RGB", (3000, 2000), (180, 120, 90))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 1
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (33.0, 26.0, 51.0),
        ExifTags.GPS.GPSLongitudeRef: "W", ExifTags.GPS.GPSLongitude: (112.0, 4.0, 26.0),
    }
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
    picture.save(path, "JPEG", quality=90, exif=exif, xmp=xmp, comment=b"taken at home")
    return path


# What a phone photo may carry that must never reach the repository.
METADATA_MARKS = (b"Exif\x00", b"http://ns.adobe.com/xap/", b"adobe:ns:meta", b"taken at home", b"PhoneMaker")


def test_a_photo_uploaded_in_the_editor_is_saved_without_its_gps_position(editor, editor_tab, tmp_path):
    from PIL import Image

    project, _base = editor
    original = photo_with_gps(tmp_path / "renelle-garden.jpg")
    assert all(mark in original.read_bytes() for mark in METADATA_MARKS), "the test photo lacks its metadata"
    saved = project / "content" / "images" / "renelle-garden.jpg"
    try:
        editor_tab.page.goto(f"{editor_tab.base}/admin/#/collections/pages")
        editor_tab.page.reload()
        login, media = editor_tab.page.get_by_role("button", name="Login"), editor_tab.page.get_by_text("Media", exact=True)
        login.or_(media).first.wait_for()
        if login.is_visible():
            login.click()
        media.click()
        # Until the library has listed what is there, it ignores a chosen file.
        editor_tab.page.get_by_text("Media assets").wait_for()
        editor_tab.page.get_by_text("Loading...").wait_for(state="hidden")
        editor_tab.page.get_by_text("No assets found.").wait_for()
        editor_tab.page.locator('input[type="file"]').set_input_files(original)
        # Waiting in Chromium, not in time.sleep: the route that lets only loopback
        # through is answered from this thread, so the upload waits on it.
        editor_tab.page.get_by_text(saved.name, exact=True).wait_for(timeout=CHANGE_SECONDS * 1000)
        editor_tab.page.wait_for_timeout(500)  # the library shows the photo as the write ends

        data = saved.read_bytes()
        assert [mark for mark in METADATA_MARKS if mark in data] == []
        with Image.open(saved) as picture:
            assert picture.format == "JPEG"
            assert not picture.getexif(), dict(picture.getexif())
            # (Chromium labels what it draws as sRGB, a colour profile that says nothing about her.)
            assert not {"exif", "xmp", "comment", "photoshop"} & picture.info.keys(), picture.info.keys()
            assert max(picture.size) <= 2400 and picture.size[0] * 2 == picture.size[1] * 3, picture.size
        assert editor_tab.errors == []
    finally:
        saved.unlink(missing_ok=True)



# The trial's attack, from a page elsewhere: save code over pelicanconf.py (which
# the preview would then run) and read the editor's settings back.
ATTACK_PAGE = """<!doctype html><title>another site</title><script>
const save = JSON.stringify({action: "persistEntry", params: {branch: "main",
  entry: {slug: "x", path: "pelicanconf.py", raw: "import os\\n"}, assets: [],
  options: {commitMessage: "x", useWorkflow: false, status: "draft"}}});
const said = answer => answer.text().then(text => answer.status + " " + text.slice(0, 80));
Promise.allSettled([
  fetch("FILE_SERVER", {method: "POST", headers: {"Content-Type": "application/json"}, body: save}).then(said),
  fetch("PREVIEW/admin/config.yml").then(said),
]).then(results => { document.title = JSON.stringify(results.map(result => result.value || "refused")); });
</script>"""


@contextmanager
def other_chromium(browser, *rules):
    """A Chromium of its own whose name rules add `rules` (the shared one reaches 127.0.0.1 only)."""
    flags = [flag for flag in CHROMIUM_FLAGS if not flag.startswith("--host-resolver-rules")]
    resolver = " , ".join([*rules, "MAP * ~NOTFOUND", "EXCLUDE 127.0.0.1"])
    # Chromium's own guard for loopback (Local Network Access) is switched off, so the
    # servers' guards are what is tested, as in browsers without it (Firefox, Safari).
    no_loopback_guard = "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests"
    other = browser.browser_type.launch(executable_path=need("chromium"),
                                        args=[*flags, f"--host-resolver-rules={resolver}", no_loopback_guard])
    try:
        yield other.new_context()
    finally:
        other.close()


def run_attack(context, page_url, file_server, preview):
    """Open the attack page as if `page_url` served it; what each call got back."""
    page = ATTACK_PAGE.replace("FILE_SERVER", file_server).replace("PREVIEW", preview)
    context.route(page_url, lambda route: route.fulfill(status=200, content_type="text/html", body=page))
    tab = context.new_page()
    tab.goto(page_url)
    tab.wait_for_function("document.title.startsWith('[')", timeout=CHANGE_SECONDS * 1000)
    return json.loads(tab.title())


def test_a_page_on_another_loopback_address_or_a_rebound_name_cannot_use_the_editor(editor, browser):
    """DNS rebinding as a browser sees it: rebind.example resolves to 127.0.0.1, so
    a page it served calls the local servers as its own origin (no CORS in the way).
    And a page on another loopback address (127.0.0.2), which CORS alone must not guard."""
    project, base = editor
    before = (project / "pelicanconf.py").read_bytes()
    file_server = yaml.safe_load(fetch(f"{base}/admin/config.yml"))["local_backend"]["url"]
    file_port, preview_port = urlsplit(file_server).port, urlsplit(base).port
    with other_chromium(browser, "MAP rebind.example 127.0.0.1", "EXCLUDE 127.0.0.2") as context:
        rebound_file_server = f"http://rebind.example:{file_port}/api/v1"
        # The same-origin write: the page "is" rebind.example on the file server's port.
        write, _read = run_attack(context, f"http://rebind.example:{file_port}/attack",
                                  rebound_file_server, f"http://rebind.example:{preview_port}")
        _write, read = run_attack(context, f"http://rebind.example:{preview_port}/attack",
                                  rebound_file_server, f"http://rebind.example:{preview_port}")
        other_write, other_read = run_attack(context, "http://127.0.0.2:9/attack", file_server, base)
    assert write.startswith("403 Refused"), write
    assert read.startswith("403 Refused") and "local_backend" not in read, read
    assert other_write == "refused" and other_read == "refused", (other_write, other_read)
    assert (project / "pelicanconf.py").read_bytes() == before

