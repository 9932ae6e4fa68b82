"""The browser editor (`make edit`), driven in Chromium as the therapist would use it.

A copy of the project is served by the live preview with the editor at /admin/
and decap-server writing into the copy. Chromium may reach 127.0.0.1 only:
every other request is blocked and counted, and the count must be zero.

1. An FAQ answer and a page's Summary are changed, and a question is added to
   one of the FAQ's groups, in the editor's own fields and saved: each file on
   disk is exactly the old one with those changes, no other file changed, the
   live preview shows the new words, and the copy builds through the quality
   gate with the new question on the FAQ page and in its FAQPage data.
2. A broken link saved in the editor: the preview shows its error page and the
   build stops with the usual plain message (file, line, fix), no traceback.
3. The facts form (data/practice.yml) refuses a national crisis line's number
   other than the floor's (plugins/kact_core/crisis_registry.py), 998 for the
   988 Lifeline included, with a plain message, and a change it saves touches
   only its own line (comments and sources stay). A crisis line she adds there
   is saved under crisis.added and listed on the built Urgent help page.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.browser.conftest import CHROMIUM_FLAGS, DESKTOP
from tests.support import BUILD_INPUTS, copy_project, missing, need
from tests.preview.test_preview import CHANGE_SECONDS, error_page, fetch, free_port, running_preview, wait_for
from tooling.editor.editor import packages_installed

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
FAQ = "content/pages/faq.md"
ABOUT = "content/pages/about.md"
PRACTICE = "data/practice.yml"


@pytest.fixture(scope="module")
def editor_tools():
    absent = []
    if shutil.which("node") is None:
        absent.append("Node.js (`sudo apt-get install nodejs npm`)")
    if not packages_installed():
        absent.append("the editor's packages (`make editor`, which runs npm ci in editor/)")
    if absent:
        missing("the browser editor test needs " + " and ".join(absent))


@pytest.fixture(scope="module")
def editor(editor_tools, tmp_path_factory):
    """(project copy, preview base URL): `tooling.preview.preview --edit` on a copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("editor-project"), [*BUILD_INPUTS, "tasks.py", "tooling"])
    with running_preview(project, ["--edit", "--editor-port", str(free_port())]) as (base, _process):
        wait_for(lambda: "decap-cms.js" in fetch(f"{base}/admin/"), CHANGE_SECONDS, "the editor at /admin/")
        yield project, base


class EditorTab:
    """A Chromium context on /admin/ that records every request to another host than loopback.

    The shared Chromium reaches only 127.0.0.1 (its --host-resolver-rules), so such
    a request fails; `blocked` names it, and each test fails on it. No route: a
    route in Playwright turns off the browser's cache, and the preview then sent
    Decap's 5.8 MB script again on every load of the editor, at a third of the
    preview's CPU time (docs/testing.md)."""

    def __init__(self, browser, base):
        self.base = base
        self.blocked = []
        self.context = browser.new_context(viewport=DESKTOP)
        self.context.on("request", self._record_outside)  # every page of the context, popups included
        self.page = self.context.new_page()
        self.errors = []  # console errors and uncaught exceptions, e.g. a policy violation
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._answer_dialog)

    @staticmethod
    def _answer_dialog(dialog):
        """Leaving a form with unsaved changes (a test that ended on a refused save)
        asks "leave the page?": yes. Any other question (Decap's "use the local
        backup?") is answered no, as Playwright does when nobody listens."""
        if dialog.type == "beforeunload":
            dialog.accept()
        else:
            dialog.dismiss()

    def _record_outside(self, request):
        address = urlsplit(request.url)
        if address.scheme in ("http", "https", "ws", "wss") and address.hostname not in LOCAL_HOSTS:
            self.blocked.append(request.url)

    def load(self, address):
        """Load the editor afresh at /admin/`address` (#/collections/...): nothing of what was open stays."""
        open_before = self.page.url.startswith(f"{self.base}/admin/")
        self.page.goto(f"{self.base}/admin/{address}")
        if open_before:  # otherwise that goto loaded the editor afresh
            self.page.reload()  # a change of #address alone would keep the entry open before

    def open_entry(self, collection, entry, label=None):
        """`label`: the collection's label_singular, where it is not its name."""
        self.load(f"#/collections/{collection}/entries/{entry}")
        login = self.page.get_by_role("button", name="Login")
        editing = self.page.get_by_text(f"Writing in {label or collection} collection")
        login.or_(editing).first.wait_for()
        if login.is_visible():  # the first time only: the local backend asks for no password
            login.click()
        editing.wait_for()

    def answer_box(self, question):
        questions = self.page.locator('input[id^="question-field"]')
        texts = [questions.nth(number).input_value() for number in range(questions.count())]
        assert question in texts, f"the FAQ form shows no question {question!r}: {texts}"
        return self.page.get_by_label("Answer", exact=True).nth(texts.index(question))

    def add_question(self, group, question, answer):
        """Click the group's "Add question" and fill in the two new boxes."""
        groups = self.page.locator('input[id^="group-field"]')
        names = [groups.nth(number).input_value() for number in range(groups.count())]
        assert group in names, f"the FAQ form shows no group {group!r}: {names}"
        self.page.get_by_role("button", name="Add question", exact=True).nth(names.index(group)).click()
        questions = self.page.locator('input[id^="question-field"]')
        empty = [number for number in range(questions.count()) if questions.nth(number).input_value() == ""]
        assert len(empty) == 1, f"adding a question gave {len(empty)} empty question boxes"
        self.type_into(questions.nth(empty[0]), question)
        self.type_into(self.page.get_by_label("Answer", exact=True).nth(empty[0]), answer)

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

    def publish(self):
        """With `make edit`, Decap's "Publish" only saves the file, and says so."""
        self.page.get_by_role("button", name="Save on this computer").click()
        self.page.get_by_text("Save now", exact=True).click()

    def save(self, path):
        """Save as she would, and wait (bounded) until the file on disk has changed."""
        before = path.read_bytes()
        self.publish()
        self.wait_for(lambda: path.read_bytes() != before, f"the editor to save {path.name}")
        # Until the editor itself knows, leaving the page would ask "leave with unsaved changes?".
        self.page.get_by_text("Changes saved").wait_for()

    def wait_for(self, condition, what, seconds=CHANGE_SECONDS):
        """Wait for `condition` while Playwright runs, not in time.sleep: Playwright's
        events (the requests recorded, the dialogs answered) are handled on this
        thread only while it runs; while a route stood between the editor and
        the file server, a save sent during a sleep never reached it."""
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                pytest.fail(f"Waited {seconds} s for {what}. The editor showed: "
                            f"{self.page.inner_text('body')[:1500]}", pytrace=False)
            self.page.wait_for_timeout(100)

    def forget(self):
        """A shared tab, handed to the next test: nothing recorded for the last one."""
        self.page.evaluate("1")  # hands over what the last test's page still had to say, before it is cleared
        for record in self.records():
            record.clear()

    def records(self):
        return [self.errors, self.blocked]

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def _shared_editor_tab(browser, editor):
    """One tab for the module. A tab compiles Decap's 5 MB script once and reuses
    it on each reload: opening a form took 2.9 s of Chromium's CPU in a new
    context and 1.1 s in the tab that had it open before (docs/testing.md).
    Every open reloads the editor, so no test sees another's form; what stays
    is the sign-in (the local backend's "Login" button) and the files, which
    each test puts back as it found them."""
    tab = EditorTab(browser, editor[1])
    yield tab
    tab.close()


@pytest.fixture
def editor_tab(_shared_editor_tab):
    tab = _shared_editor_tab
    tab.forget()
    yield tab
    assert tab.blocked == [], f"the editor asked another site for: {tab.blocked}"


@pytest.fixture
def new_editor_tab(browser, editor):
    """A tab of its own, never signed in."""
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


def test_the_editors_files_are_asked_again_each_time_and_not_sent_again_unchanged(editor):
    """Decap's 5 MB script is answered 304 while unchanged; the settings, made per
    request, are never kept."""
    decap = f"{editor[1]}/admin/decap/decap-cms.js"
    with urllib.request.urlopen(decap, timeout=10) as response:
        assert response.headers["Cache-Control"] == "no-cache" and len(response.read()) > 1_000_000
        tag = response.headers["ETag"]
    with pytest.raises(urllib.error.HTTPError) as unchanged:
        urllib.request.urlopen(urllib.request.Request(decap, headers={"If-None-Match": tag}), timeout=10)
    assert unchanged.value.code == 304
    with urllib.request.urlopen(f"{editor[1]}/admin/config.yml", timeout=10) as response:
        assert response.headers["Cache-Control"] == "no-store"


def test_edits_in_the_browser_land_in_the_markdown_and_nothing_else(editor, editor_tab):
    project, base = editor
    before = fingerprints(project)
    faq, about = read(project, FAQ), read(project, ABOUT)
    old_answer, new_answer = "Many people keep seeing", "Many couples keep seeing"
    old_summary = "Meet the therapist who leads KACT"
    new_summary = "Meet Renelle, the therapist who leads KACT"
    # Added to "Taking part", the group before the References.
    question, answer = "Can we bring our own questions?", "Yes. Write them down and bring them to your consult."

    editor_tab.open_entry("faq", "faq")
    editor_tab.replace_in(editor_tab.answer_box("Can I keep my therapist?"), old_answer, new_answer)
    editor_tab.add_question("Taking part", question, answer)
    # EDITING.md: a question that fits no group goes in a new one.
    assert editor_tab.page.get_by_role("button", name="Add group", exact=True).count() == 1
    editor_tab.save(project / FAQ)
    editor_tab.open_entry("pages", "about")
    editor_tab.replace_in(editor_tab.page.get_by_label("Summary"), old_summary, new_summary)
    editor_tab.save(project / ABOUT)

    assert "\n\n## References\n" in faq
    expected_faq = faq.replace(old_answer, new_answer, 1).replace(
        "\n\n## References\n", f"\n\n### {question}\n\n{answer}\n\n## References\n", 1)
    assert read(project, FAQ) == expected_faq
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
    built = BeautifulSoup((project / "output" / "faq" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert question in [heading.get_text(strip=True) for heading in built.select("main h3")]
    graph = json.loads(built.find("script", type="application/ld+json").string)["@graph"]
    faq_page = next(entity for entity in graph if entity["@type"] == "FAQPage")
    assert {"name": question, "answer": answer} in [
        {"name": item["name"], "answer": item["acceptedAnswer"]["text"]} for item in faq_page["mainEntity"]]


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
        for wrong in ("98", "998"):  # a slip, and a wrong number written the usual way
            editor_tab.type_into(lifeline_number, wrong)
            editor_tab.publish()
            # The form's own words (config.yml), nothing of Decap's "didn't match the pattern".
            message = editor_tab.page.get_by_text(
                "The 988 Suicide & Crisis Lifeline's number is 988. The national crisis numbers are fixed "
                "in the site's code, so this box takes only 988.", exact=True)
            message.wait_for()
            assert practice.read_text(encoding="utf-8") == original, f"the crisis number {wrong} was saved"

        editor_tab.type_into(lifeline_number, "988")
        editor_tab.replace_in(editor_tab.page.get_by_label("Note"), "free, confidential", "free and confidential")
        editor_tab.save(practice)
        assert practice.read_text(encoding="utf-8") == original.replace(old_note, new_note, 1)
    finally:
        practice.write_text(original, encoding="utf-8")


def test_a_crisis_line_added_in_the_facts_form_is_on_the_built_urgent_help_page(editor, editor_tab):
    """She adds a line of her own (a county line) in Facts: the form writes it
    under crisis.added with the form's boxes, and the built Urgent help page
    lists it after the national lines, with a link that dials it."""
    project, _base = editor
    practice = project / PRACTICE
    original = practice.read_text(encoding="utf-8")
    try:
        editor_tab.open_entry("facts", "practice")
        page = editor_tab.page
        page.get_by_role("button", name="Add crisis line", exact=True).click()
        editor_tab.type_into(page.get_by_label("Name", exact=True).last, "Example County Crisis Line")
        # Decap adds "optional" to the label; the national lines' boxes say "(tel:)".
        number = page.get_by_label(re.compile(r"^Number to call(?! \(tel:\))"))
        editor_tab.type_into(number, "tel:+16025550142")  # the form wants the number as people dial it
        editor_tab.publish()
        page.get_by_text("Write the number to call as people dial it", exact=False).first.wait_for()
        assert practice.read_text(encoding="utf-8") == original
        # Decap logs "undefined" when its own form check refuses a save (none before it).
        assert editor_tab.errors in ([], ["undefined"]), editor_tab.errors
        editor_tab.errors.clear()
        editor_tab.type_into(number, "1-602-555-0142")
        editor_tab.type_into(page.get_by_label("When to use it", exact=True), "For people in Example County, any time.")
        page.get_by_test_id("now-button").last.click()  # "Now" of Checked on (its label says "Set ... to now")
        editor_tab.save(practice)

        saved = yaml.safe_load(practice.read_text(encoding="utf-8"))["crisis"]["added"]
        assert [{key: str(value) for key, value in line.items()} for line in saved] == [{
            "source": "practice", "name": "Example County Crisis Line", "number": "1-602-555-0142",
            "when": "For people in Example County, any time.", "confirmed": str(saved[0]["confirmed"])}]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(saved[0]["confirmed"]))
        # Only the list changed: every other line of the file, comments included, stays.
        assert practice.read_text(encoding="utf-8").replace(original.split("  added: []\n")[0], "", 1) \
            .startswith("  added:\n")
        assert editor_tab.errors == []

        returncode, output = build(project)
        assert returncode == 0, output
        built = BeautifulSoup((project / "output" / "urgent-help" / "index.html").read_text(encoding="utf-8"),
                              "html.parser")
        items = [item for item in built.select("main .app-crisis-lines li")]
        assert "Example County Crisis Line" in items[-1].get_text(), [item.get_text() for item in items]
        assert "Poison Help" in items[-2].get_text()
        link = items[-1].find("a")
        assert (link["href"], link.get_text()) == ("tel:+16025550142", "call 1-602-555-0142")
        assert "For people in Example County, any time." in items[-1].get_text()
    finally:
        practice.write_text(original, encoding="utf-8")


def test_a_passed_end_date_is_moved_in_the_form_and_written_as_a_date(editor, editor_tab):
    """Issue 18: after a dated statement's end date every build fails until it
    is updated; she does that in the form, and only its date line changes."""
    project, _base = editor
    limits = project / "data/time_limits.yml"
    original = limits.read_text(encoding="utf-8")
    try:
        editor_tab.open_entry("dated", "time-limits", "Dated statements")
        date = editor_tab.page.locator('input[type="date"]').first
        assert date.input_value() == "2026-12-31"
        date.fill("2027-06-30")
        # The Source is picked from the sources the site cites (data/sources.yml), not typed.
        page = editor_tab.page
        assert page.get_by_text("Drug Enforcement Administration and Department of Health", exact=False).count() == 1
        page.locator('input[id^="source-field"]').first.click(force=True)
        page.get_by_text("Centers for Medicare & Medicaid Services: No Surprises Act, help for consumers",
                         exact=True).click()
        editor_tab.save(limits)
        assert limits.read_text(encoding="utf-8") == original.replace(
            "ends_on: 2026-12-31", "ends_on: 2027-06-30", 1).replace(
            "source: dea_telemedicine_fourth_extension", "source: cms_no_surprises", 1)
        assert editor_tab.errors == []
    finally:
        limits.write_text(original, encoding="utf-8")


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
        editor_tab.load("#/collections/pages")
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
        # Waiting in Chromium, not in time.sleep (EditorTab.wait_for says why).
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


def test_the_facts_and_the_open_questions_are_one_entry_each_and_open_directly(editor, editor_tab):
    """Issue 18: the facts appeared twice, and the open questions, opened from their
    address, showed "Cannot read properties of undefined"."""
    for collection, entry, label, heading in (
            ("facts", "practice", "Practice, therapist and crisis lines", "facts"),
            ("questions", "open-questions", "Open questions (answers only the practice can give)", "Open questions")):
        editor_tab.load(f"#/collections/{collection}")
        login = editor_tab.page.get_by_role("button", name="Login")
        card = editor_tab.page.get_by_text(label, exact=True)
        login.or_(card).first.wait_for()
        if login.is_visible():
            login.click()
        card.first.wait_for()
        assert card.count() == 1, f"{collection} lists its entry {card.count()} times"
        editor_tab.open_entry(collection, entry, heading)
    editor_tab.page.get_by_text("Costs", exact=True).last.click()
    editor_tab.page.get_by_label("Therapy session fees").wait_for(state="attached")
    assert editor_tab.errors == []


def test_a_folded_section_opens_and_folds_by_its_name(editor, editor_tab):
    """Issue 18: only Decap's small arrow opened a folded section; a click on its
    name (the label above it, or the name beside the arrow) did nothing."""
    editor_tab.open_entry("questions", "open-questions", "Open questions")
    box = editor_tab.page.get_by_label("What the day looks like")
    box.wait_for(state="attached")
    assert not box.is_visible()
    above, beside = editor_tab.page.get_by_text("A medicine session day", exact=True).all()
    assert above.evaluate("(name) => name.tagName") == "LABEL"
    above.click()
    box.wait_for(state="visible", timeout=5000)
    above.click()
    box.wait_for(state="hidden", timeout=5000)
    beside.click()
    box.wait_for(state="visible", timeout=5000)
    assert editor_tab.errors == []


def test_the_text_boxes_hints_use_the_forms_words(editor, editor_tab):
    """Issue 18: the Pages and FAQ hints said "Markdown, exactly as in the file
    (see EDITING.md)", a word she does not know and a file she never sees."""
    for form, entry in (("pages", "about"), ("faq", "faq")):
        editor_tab.open_entry(form, entry)
        editor_tab.page.get_by_text("starts a list item", exact=False).first.wait_for()
        for word in ("Markdown", "EDITING.md", "exactly as in the file"):
            assert editor_tab.page.get_by_text(word, exact=False).count() == 0, f"the {form} form says {word!r}"


def test_the_open_questions_form_has_no_preview_half(editor, editor_tab):
    """Its preview was every question's text in one run: it is not shown there,
    and the FAQ form keeps its own."""
    editor_tab.open_entry("faq", "faq")
    editor_tab.page.locator("iframe").first.wait_for()
    editor_tab.open_entry("questions", "open-questions", "Open questions")
    editor_tab.page.get_by_text("A medicine session day", exact=True).first.wait_for()
    editor_tab.page.wait_for_timeout(1000)  # the preview is drawn with the form
    assert editor_tab.page.locator("iframe").count() == 0


def test_a_question_without_a_question_mark_is_refused_with_a_message(editor, editor_tab):
    project, _base = editor
    original = read(project, FAQ)
    editor_tab.open_entry("faq", "faq")
    question = editor_tab.page.locator('input[id^="question-field"]').first
    editor_tab.type_into(question, question.input_value().rstrip("?"))
    editor_tab.publish()
    editor_tab.page.get_by_text("End the question with a question mark").first.wait_for()
    assert read(project, FAQ) == original


def test_a_group_name_with_a_question_mark_is_refused_with_a_message(editor, editor_tab):
    """A `## ` heading ending in "?" is no group on the FAQ page: the form says so."""
    project, _base = editor
    original = read(project, FAQ)
    editor_tab.open_entry("faq", "faq")
    group = editor_tab.page.locator('input[id^="group-field"]').first
    editor_tab.type_into(group, group.input_value() + "?")
    editor_tab.publish()
    editor_tab.page.get_by_text("A group's name is a heading, not a question").first.wait_for()
    assert read(project, FAQ) == original


def test_a_health_page_is_not_saved_without_reviewed_on_and_another_page_is(editor, editor_tab):
    """Issue 18: "Reviewed on" is required for health pages. Decap has no
    conditional required field; editor/admin/reviewed-required.js refuses the
    save with the form's words, on the pages the build would refuse, and the
    form marks the field "required on this page" there instead of Decap's "(optional)"."""
    project, _base = editor
    about, privacy = project / ABOUT, project / "content/pages/privacy.md"
    originals = {path: path.read_text(encoding="utf-8") for path in (about, privacy)}
    try:
        editor_tab.open_entry("pages", "about")  # it shows crisis numbers and speaks of results
        editor_tab.page.get_by_text("Reviewed on (required on this page)", exact=True).wait_for()
        editor_tab.page.get_by_test_id("clear-button").click()
        editor_tab.publish()
        editor_tab.page.get_by_text(re.compile(
            r"^Not saved: This page gives health information \(.+\), so “Reviewed on” needs a date\. "
            r"Read the page through, pick the day you found it accurate in “Reviewed on”, then save again\.$")).wait_for()
        editor_tab.page.wait_for_timeout(CHANGE_SECONDS * 100)  # a save would have landed by now
        assert about.read_text(encoding="utf-8") == originals[about], "a health page was saved without Reviewed"
        editor_tab.page.locator('input[type="date"]').fill("2026-12-01")
        editor_tab.save(about)
        assert about.read_text(encoding="utf-8") == re.sub(
            r"(?m)^Reviewed: .*$", "Reviewed: 2026-12-01", originals[about], count=1)

        editor_tab.open_entry("pages", "privacy")  # no health information: the date may be left out
        editor_tab.page.get_by_text("Reviewed on (optional)", exact=True).wait_for()
        editor_tab.page.get_by_test_id("clear-button").click()
        editor_tab.save(privacy)
        assert "Reviewed:" not in privacy.read_text(encoding="utf-8")
        # Decap logs a refused save to the console: the refusal itself, then its
        # rejected promise ("Object"). Nothing else may be there.
        assert [error for error in editor_tab.errors
                if "This page gives health information" not in error and error != "Object"] == []
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")


def test_a_list_pasted_from_word_stays_a_list(editor, editor_tab):
    """Word copies a list as "·<tab>item" lines in its plain text; pasted as they
    are, the items run into one paragraph. The editor turns them into "- " lines,
    and refuses a bullet character typed in by hand, with a message."""
    editor_tab.open_entry("faq", "faq")
    answer = editor_tab.answer_box("Can I keep my therapist?")
    answer.click()
    answer.press("End")
    answer.evaluate("""(box) => {
        box.setSelectionRange(box.value.length, box.value.length);
        const copied = new DataTransfer();
        copied.setData("text/plain", "Bring:\\r\\n·\\tyour calendar\\r\\n·\\tquestions for us\\r\\n");
        box.dispatchEvent(new ClipboardEvent("paste", {clipboardData: copied, bubbles: true, cancelable: true}));
    }""")
    editor_tab.page.wait_for_timeout(300)
    assert answer.input_value().endswith("\n\nBring:\n- your calendar\n- questions for us\n"), answer.input_value()

    editor_tab.type_into(answer, answer.input_value() + "\n• one more\n")
    editor_tab.publish()
    editor_tab.page.get_by_text('starting with "- "').first.wait_for()


def test_the_editor_names_the_practice_and_says_that_it_saves_on_this_computer(editor, editor_tab):
    editor_tab.open_entry("pages", "about")
    assert editor_tab.page.title().startswith("Edit the site of "), editor_tab.page.title()
    assert len(editor_tab.page.title()) > len("Edit the site of ") + 3
    editor_tab.page.get_by_role("button", name="Saved", exact=True).wait_for()  # nothing changed yet
    summary = editor_tab.page.get_by_label("Summary")
    editor_tab.type_into(summary, summary.input_value() + " ")
    editor_tab.page.get_by_role("button", name="Save on this computer").click()
    editor_tab.page.get_by_text("Save now", exact=True).wait_for()
    assert editor_tab.page.get_by_text("Publish", exact=True).count() == 0


def test_the_sign_in_screen_shows_the_practices_name(editor, new_editor_tab):
    """Issue 18: it showed Decap's logo. The name comes from the facts, through the site's header."""
    project, base = editor
    name = yaml.safe_load(read(project, PRACTICE))["practice"]["name"]
    new_editor_tab.page.goto(f"{base}/admin/")
    new_editor_tab.page.get_by_role("button", name="Login").wait_for()
    assert_shows_the_name(new_editor_tab.page, name)
    assert new_editor_tab.errors == []


def assert_shows_the_name(page, name):
    """The sign-in screen's picture (Decap's `logo`) is drawn, and it is the practice's name."""
    (picture,) = page.locator("img").all()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    assert name in unquote(picture.get_attribute("src")), picture.get_attribute("src")[:200]
    # Its words for a screen reader are the name too, not Decap's "Logo".
    page.get_by_role("img", name=name, exact=True).wait_for(timeout=5000)


def test_facts_and_page_links_are_offered_as_readable_choices(editor, editor_tab):
    """Issue 18: {{ therapist.first_name }} and {filename} were typed by hand; now an
    Insert list below each text box names them in words and puts them at the cursor."""
    editor_tab.open_entry("faq", "faq")
    answer = editor_tab.answer_box("Can I keep my therapist?")
    before = answer.input_value()
    choices = answer.locator("xpath=ancestor::div[.//select][1]").locator("select")
    offered = choices.locator("option").all_inner_texts()
    assert "Crisis lines › 988 Suicide & Crisis Lifeline › Number as shown" in offered, offered
    # The lines she adds are a list, not one fact: {{ crisis.added }} would print the list.
    assert not any("Crisis lines you add" in text for text in offered), offered
    assert any("(/faq/)" in text for text in offered), offered

    # The cursor at the start of the answer, then a fact chosen by its name.
    answer.click()
    answer.press("Control+Home")
    choices.select_option(label="The therapist › First name")
    editor_tab.page.wait_for_timeout(300)
    assert answer.input_value() == "{{ therapist.first_name }}" + before, answer.input_value()[:80]
    choices.select_option(label=next(text for text in offered if "(/faq/)" in text))
    editor_tab.page.wait_for_timeout(300)
    assert "]({filename}faq.md)" in answer.input_value()
