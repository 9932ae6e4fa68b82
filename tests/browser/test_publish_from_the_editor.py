"""The therapist's whole route online, in Chromium, with GitHub played on this machine.

The online editor (/admin/, Decap CMS with the status panel publish-status.js,
under the online editor's own Content-Security-Policy with the stand-in in
place of api.github.com) talks to tooling/workflow/github_api_stand_in.py: a real git
repository behind the REST endpoints the editor calls, where a push to main
runs the real .github/workflows/publish.yml through the workflow rehearsal
and deploys to a loopback server. The workflow's test steps are left out
(--skip-tests, as `make rehearse-publish SKIP_TESTS=1`): the suite that holds
this test runs them. So is `make check` in the saves whose subject is not the
checks (`checks_left_out`): `make public-build` still checks what goes online.
Only loopback is reachable; every other request is blocked and counted, and
the count must be zero.

1. She signs in (the sign-in helper's popup), changes an FAQ answer, saves, sees
   "Checking your change…" then "Live on the site", and the link shows the new words.
2. She saves a link to a page that does not exist: "Not published", with the
   page, the line and what to do, and the deployed page is unchanged.
3. She uploads a 3000×2000 phone photo with its GPS position through the media
   library and puts it on a page: the blob committed has no EXIF, GPS, XMP or
   comment (editor/admin/photo-cleaning.js), and the published page shows it
   as a responsive picture of resized copies, never the original.
4. She answers an open question in its form as EDITING.md says (open the section by
   its name, fill its box, click "Now" in "Confirmed by the practice on"), publishes,
   the panel links to the page that shows the answer, and that deployed page shows
   her answer where it said "ask in your consult".
5. She changes the practice's name in the facts: the panel links every page whose
   text shows it.
What the stand-in cannot prove: docs/deploy.md, "The GitHub stand-in".
"""
import json
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.browser.conftest import serve_folder
from tests.browser.test_cms import METADATA_MARKS, EditorTab, photo_with_gps
from tests.git_snapshot import snapshot_of_working_tree
from tests.site import ROOT
from tests.support import missing
from tooling.editor.editor import ADMIN, packages_installed, read_data
from tooling.editor.editor_online import copy_editor_files, fact_pages_json, online_settings
from tooling.workflow.github_api_stand_in import BRANCH, NAME, OWNER, GitHubStandIn
from tooling.workflow.step_summary import FIX_PREFIX
from kact_hosting.rules import content_security_policy, editor_directives

pytestmark = pytest.mark.rehearsal  # every push plays the workflow

# A run plays `make check` and `make public-build` (and the deploy) on a busy 2-core machine.
RUN_SECONDS = 15 * 60


@pytest.fixture(scope="module")
def github(published_site, tmp_path_factory):
    """(stand-in, api_url, site_url): the project as a repository on the stand-in,
    with its site online. That site is the session's public build of the same
    files (`published_site`, publishconf.py, as the workflow's `make public-build`),
    not a run of its own: each test's save plays the whole workflow, and a run
    here would only build and check the same files once more (about 10 s of CPU)."""
    if not packages_installed() or shutil.which("node") is None:
        missing("publishing from the editor needs the editor's packages (`make editor`, with Node.js)")
    work = tmp_path_factory.mktemp("github")
    snapshot = snapshot_of_working_tree(work / "snapshot")
    origin = work / "origin.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(snapshot), str(origin)], check=True)
    stand_in = GitHubStandIn(origin, work / "runs", skip_tests=True)
    (work / "runs").mkdir()
    online = work / "online-before"
    shutil.copytree(published_site.output, online)
    stand_in.put_online(online)
    api_url, site_url = stand_in.start()
    try:
        yield stand_in, api_url, site_url
    finally:
        stand_in.stop()


@pytest.fixture
def checks_left_out(github):
    """This test's pushes run the workflow without `make check` (rehearse's
    skip_checks): the subject is the route online, and `make public-build`,
    which runs, checks the files that go online with every check that can stop
    a build. The broken link's test plays `make check` itself. About 4 s of CPU
    a run (a build with the advice, the HTML checker, the reading grades)."""
    stand_in = github[0]
    stand_in.skip_checks = True
    yield
    stand_in.skip_checks = False


@pytest.fixture(scope="module")
def editor_url(github, tmp_path_factory):
    """/admin/ as the online mode puts it on the site, pointed at the stand-in."""
    _, api_url, site_url = github
    site = tmp_path_factory.mktemp("editor-site")
    copy_editor_files(site / "admin")
    shutil.copy2(ROOT / "content" / "extra" / "favicon.svg", site / "favicon.svg")  # the page links /favicon.svg
    shutil.copy2(ADMIN / "index.html", site / "admin" / "index.html")
    editor = {**read_data("editor.yml"), "online": True, "repo": f"{OWNER}/{NAME}", "branch": BRANCH,
              "sign_in_url": api_url}
    settings = online_settings(editor, site_url)
    settings["backend"]["api_root"] = api_url
    (site / "admin" / "config.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    # The online policy, with the stand-in where GitHub's API would be.
    directives = editor_directives(read_data("hosting.yml"), [("connect-src", api_url)])
    with serve_folder(site, {"Content-Security-Policy": content_security_policy(directives)}) as url:
        yield f"{url}/admin/"


class Editor(EditorTab):
    """test_cms.py's editor tab (only loopback gets through), on the online editor, signed in."""

    def __init__(self, browser, url):
        super().__init__(browser, url.removesuffix("/admin/"))
        self.not_found = []  # addresses answered 404, to name in a failure
        self.page.on("response", lambda response: response.status == 404 and self.not_found.append(response.url))
        self.page.goto(url)
        with self.page.expect_popup() as popup:
            self.page.get_by_role("button", name="Login with GitHub").click()
        # The sign-in helper's page hands the token over; Decap keeps it for this browser.
        self.page.wait_for_function("() => JSON.parse(localStorage.getItem('decap-cms-user') || '{}').token")
        self.signed_in_through = popup.value.url

    def records(self):
        return [*super().records(), self.not_found]

    def open_faq(self):
        self.load("#/collections/faq/entries/faq")
        self.page.locator('input[id^="question-field"]').first.wait_for(timeout=60_000)

    def open_section(self, name):
        """Unfold a folded part of a form by clicking its name, as EDITING.md says."""
        self.page.get_by_text(name, exact=True).first.click()

    def publish(self):
        self.page.get_by_role("button", name="Publish").click()
        self.page.get_by_text("Publish now").click()

    def panel(self, state, commit):
        """The status panel once it shows `state` for `commit`."""
        panel = self.page.locator(f'#kact-publish-status[data-state="{state}"][data-commit="{commit}"]')
        panel.wait_for(timeout=RUN_SECONDS * 1000)
        return panel


def _new_head(stand_in, old, editor, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        head = stand_in.head()
        if head != old:
            return head
        # Not time.sleep: Playwright handles the page's events only while it runs (EditorTab.wait_for).
        editor.page.wait_for_timeout(500)
    asked = [request for request in stand_in.answered if "/actions/runs" not in request[1]]
    raise AssertionError(f"the editor's save never moved main. The last requests: {asked[-12:]}\n"
                         f"The editor showed: {editor.page.inner_text('body')[:2000]}")


def _errors(editor):
    """Errors in the page, less the 404s Chromium logs for GitHub's API answering
    404 for a folder not in the repository yet (content/images), which Decap
    expects and handles. Any other address of the editor answering 404 counts:
    the photo's preview once asked for admin/{static}/images/<name>."""
    errors = [error for error in editor.errors if "status of 404 (Not Found)" not in error]
    if [error for error in errors if "status of 404 (File not found)" in error]:
        errors.append(f"addresses of the editor answered 404: {editor.not_found}")
    return [error for error in errors if "status of 404 (File not found)" not in error]


def _fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


@pytest.fixture(scope="module")
def _signed_in(browser, editor_url):
    """One tab, signed in once, for the module: Chromium compiles Decap's script
    once per tab (test_cms.py's _shared_editor_tab). Each test loads the editor
    afresh (Editor.load), so only the sign-in carries over."""
    tab = Editor(browser, editor_url)
    yield tab
    tab.close()


@pytest.fixture
def editor(_signed_in):
    tab = _signed_in
    tab.forget()
    yield tab
    assert tab.blocked == [], f"the editor asked another site for: {tab.blocked}"


def test_a_changed_answer_goes_live_and_the_panel_links_to_it(github, editor, checks_left_out):
    stand_in, api_url, site_url = github
    old_answer, new_answer = "Many people keep seeing", "Many couples keep seeing"
    before = stand_in.head()

    editor.open_faq()
    editor.replace_in(editor.answer_box("Can I keep my therapist?"), old_answer, new_answer)
    editor.publish()
    commit = _new_head(stand_in, before, editor)

    assert editor.signed_in_through.startswith(f"{api_url}/auth?provider=github")
    editor.panel("checking", commit).get_by_text("Checking your change…").wait_for()
    # Saved, not yet published: the top bar says no more than that (issue 18).
    editor.page.get_by_role("button", name="Saved", exact=True).wait_for()
    assert editor.page.get_by_text("Published", exact=True).count() == 0
    live = editor.panel("live", commit)
    assert "Live on the site" in live.inner_text()
    link = live.get_by_role("link").get_attribute("href")
    assert link == f"{site_url}faq/"
    assert new_answer in _fetch(link) and old_answer not in _fetch(link)
    # Only the page changed, in one commit whose parent is what was live.
    changed = stand_in.text("diff", "--name-only", before, commit).splitlines()
    assert changed == ["content/pages/faq.md"]
    run = stand_in.wait_for(commit)
    steps = {check["name"]: check["conclusion"] for check in run.check_runs}
    assert steps == {"check-and-build": "success", "deploy": "success"}
    assert _errors(editor) == [], "\n".join(_errors(editor))


def _undo(stand_in, good):
    """Put `good`'s files back on main as a new commit (a later test starts from a passing site).

    No run is queued for it: the site online is already `good`'s (the broken commit was
    never deployed), so a run would only build and check the same files again (a full
    `make check` and `make public-build`, about 10 s of CPU). The next save runs them."""
    with stand_in.lock:
        head = stand_in.head()
        tree = stand_in.text("rev-parse", f"{good}^{{tree}}")
        commit = stand_in.text("-c", "user.name=Test", "-c", "user.email=test@127.0.0.1", "commit-tree", tree,
                               "-p", head, "-m", "Undo the test's broken link")
        stand_in.git("update-ref", f"refs/heads/{BRANCH}", commit, head)


def test_a_link_to_a_missing_page_is_not_published_and_the_panel_says_what_to_do(github, editor):
    stand_in, _, site_url = github
    live_page = _fetch(f"{site_url}faq/")
    before = stand_in.head()
    try:
        _save_a_broken_link_and_read_the_panel(stand_in, site_url, editor, before, live_page)
    finally:
        if stand_in.head() != before:
            _undo(stand_in, before)


def _save_a_broken_link_and_read_the_panel(stand_in, site_url, editor, before, live_page):
    editor.open_faq()
    editor.replace_in(editor.answer_box("How do we start?"), "\n", " See [the questions]({filename}faqs.md).\n")
    editor.publish()
    commit = _new_head(stand_in, before, editor)

    refused = editor.panel("not-published", commit)
    text = refused.inner_text()
    saved = stand_in.text("show", f"{commit}:content/pages/faq.md")
    line = next(number for number, row in enumerate(saved.splitlines(), 1) if "{filename}faqs.md" in row)
    title = next(row.split(":", 1)[1].strip() for row in saved.splitlines() if row.startswith("Title:"))
    assert "Not published" in text
    assert f"The page “{title}”, line {line}:" in text
    assert "faqs.md" in text and "does not exist" in text
    assert 'What to do: Check the file name after {filename}. Did you mean "faq.md"?' in text
    assert FIX_PREFIX not in text  # the workflow's words are turned into the form's
    # Nothing was deployed: the live page is byte for byte what it was.
    assert _fetch(f"{site_url}faq/") == live_page
    run = stand_in.wait_for(commit)
    assert {check["name"]: check["conclusion"] for check in run.check_runs} == {
        "check-and-build": "failure", "deploy": "skipped"}
    assert _errors(editor) == [], "\n".join(_errors(editor))


def test_a_photo_uploaded_online_is_committed_without_its_metadata_and_published_resized(
        github, editor, checks_left_out, tmp_path):
    from PIL import Image

    stand_in, _, site_url = github
    original = photo_with_gps(tmp_path / "renelle-garden.jpg")
    assert all(mark in original.read_bytes() for mark in METADATA_MARKS), "the test photo lacks its metadata"
    before = stand_in.head()

    editor.load("#/collections/pages")
    editor.page.get_by_text("Media", exact=True).click()
    editor.page.get_by_text("Media assets").wait_for()
    editor.page.get_by_text("Loading...").wait_for(state="hidden")
    editor.page.locator('input[type="file"]').set_input_files(original)
    uploaded = _new_head(stand_in, before, editor)

    # The blob in the repository: what a public repository would keep forever.
    blob = stand_in.git("show", f"{uploaded}:content/images/{original.name}")
    assert [mark for mark in METADATA_MARKS if mark in blob] == []
    saved = tmp_path / "committed.jpg"
    saved.write_bytes(blob)
    with Image.open(saved) as picture:
        assert picture.format == "JPEG" and not picture.getexif(), dict(picture.getexif())
        assert not {"exif", "xmp", "comment", "photoshop"} & picture.info.keys(), picture.info.keys()
        assert max(picture.size) <= 2400 and picture.size[0] * 2 == picture.size[1] * 3, picture.size

    editor.open_entry("pages", "how-it-works")
    text = editor.page.get_by_label("Text", exact=True)
    text.fill(text.input_value().rstrip("\n") + f"\n\n![Two armchairs in a quiet room]({{static}}/images/{original.name})\n")
    # The preview pane shows the photo just uploaded (read back through the backend).
    shown = editor.page.frame_locator("iframe").first.locator('img[alt="Two armchairs in a quiet room"]')
    shown.wait_for()
    editor.page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=shown.element_handle())
    assert [url for url in editor.not_found if "/admin/" in url] == []
    editor.publish()
    commit = _new_head(stand_in, uploaded, editor)

    live = editor.panel("live", commit)
    link = live.get_by_role("link").get_attribute("href")
    assert link == f"{site_url}how-it-works/"
    page = BeautifulSoup(_fetch(link), "html.parser")
    (img,) = [img for img in page.find_all("img") if img.get("alt") == "Two armchairs in a quiet room"]
    picture = img.find_parent("picture")
    assert [source["type"] for source in picture.find_all("source")] == ["image/avif", "image/webp"]
    assert img["sizes"] and (img["width"], img["height"]) == ("1200", "800")
    for tag in [*picture.find_all("source"), img]:
        candidates = [part.split() for part in tag["srcset"].split(",")]
        assert [width for _url, width in candidates] == ["480w", "800w", "1200w"]
        for url, _width in candidates:
            # The public build writes the public address; the copy is asked of the loopback Pages.
            with urllib.request.urlopen(urljoin(link, urlsplit(url).path), timeout=30) as response:
                assert response.status == 200 and b"PhoneMaker" not in response.read()
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{site_url}images/{original.name}", timeout=30)  # never the original
    assert _errors(editor) == [], "\n".join(_errors(editor))


def test_an_open_question_answered_in_the_form_goes_live_on_its_page(github, editor, checks_left_out):
    stand_in, _, site_url = github
    answer = "A session day takes about three hours, from arrival until a trusted adult drives you home."
    page = f"{site_url}practical-questions/"
    assert answer not in _fetch(page)
    before = stand_in.head()

    editor.load("#/collections/questions")
    editor.page.get_by_text("Open questions (answers only the practice can give)", exact=True).click()
    editor.open_section("A medicine session day")
    editor.page.get_by_label("What the day looks like").fill(answer)
    editor.page.locator("button:visible", has_text="Now").click()  # the section's only date: "Confirmed by ..."
    editor.publish()
    commit = _new_head(stand_in, before, editor)

    live = editor.panel("live", commit)
    assert "Live on the site" in live.inner_text()
    # The page that shows the answer, not the home page (issue 18).
    assert live.get_by_role("link").get_attribute("href") == page
    saved = yaml.safe_load(stand_in.text("show", f"{commit}:data/practice.yml"))["session_day"]
    assert saved["description"] == answer and str(saved["confirmed"]) == time.strftime("%Y-%m-%d", time.gmtime())
    deployed = BeautifulSoup(_fetch(page), "html.parser").get_text(" ", strip=True)
    assert answer in deployed, f"the deployed page does not show her answer: {deployed[:1500]}"
    assert _errors(editor) == [], "\n".join(_errors(editor))


def test_a_changed_fact_links_every_page_that_shows_it(github, editor, checks_left_out):
    """The practice's name is shown by several pages' text: the panel lists each
    of them (as the site reads the pages, tooling/editor/editor_online.py), not the home page."""
    stand_in, _, site_url = github
    shown = json.loads(fact_pages_json())
    pages = [page for page, facts in shown.items()
             if any(fact == "practice.name" or "practice.name".startswith(f"{fact}.") for fact in facts)]
    assert len(pages) > 1, pages
    before = stand_in.head()

    editor.open_entry("facts", "practice", "facts")
    editor.open_section("The practice")
    name = editor.page.get_by_label("Name", exact=True).first
    editor.type_into(name, name.input_value() + " Studio")
    editor.publish()
    commit = _new_head(stand_in, before, editor)

    live = editor.panel("live", commit)
    links = sorted(link.get_attribute("href") for link in live.get_by_role("link").all())
    assert links == sorted(_address(site_url, stand_in.text("show", f"{commit}:{page}"), page) for page in pages)
    assert _errors(editor) == [], "\n".join(_errors(editor))


def _address(site_url, text, page):
    """Where the site publishes a page: its Slug, else its file name."""
    slug = next((row.split(":", 1)[1].strip() for row in text.splitlines() if row.startswith("Slug:")),
                page.rsplit("/", 1)[1].removesuffix(".md"))
    return site_url if slug == "index" else f"{site_url}{slug}/"
