"""The live preview, run for real: a server on a free loopback port, watching a copy of the site.

Each test saves a mistake into a page, waits (bounded) until the browser's
address shows the error page naming the file and line, saves the fix, and
waits until the site is back, with the same preview process still running.
"""
import asyncio
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from tornado.websocket import websocket_connect

from tooling.build.processes import stop
from tooling.build.project_copy import copy_project
from tests.site import ROOT

FIRST_BUILD_SECONDS = 90
CHANGE_SECONDS = 30


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"Waited {seconds} s for {what}", pytrace=False)


@contextmanager
def running_preview(project, extra_arguments=()):
    port = free_port()
    log = (project / "preview.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tooling.preview.preview", "--project", str(project), "--port", str(port), *extra_arguments],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: "app-title" in fetch(f"{base}/faq/"), FIRST_BUILD_SECONDS, "the first preview build")
        yield base, process
    finally:
        stop(process)
        log.close()


def shows_site(base):
    html = fetch(f"{base}/faq/")
    return "app-title" in html and "waiting for a fix" not in html


def error_page(base):
    html = fetch(f"{base}/faq/")
    return html if "waiting for a fix" in html else ""


def line_of(text, needle):
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("preview-project"))
    with running_preview(project) as (base, process):
        yield project, base, process


def _break_fix_and_check(preview, page_name, break_page):
    project, base, process = preview
    page = project / "content" / "pages" / page_name
    original = page.read_text(encoding="utf-8")
    broken, _ = break_page(original)
    try:
        page.write_text(broken, encoding="utf-8")
        html = wait_for(lambda: error_page(base), CHANGE_SECONDS, "the error page")
    finally:
        page.write_text(original, encoding="utf-8")
    wait_for(lambda: shows_site(base), CHANGE_SECONDS, "the site to come back after the fix")
    assert process.poll() is None, "the preview stopped"
    return html


def test_preview_serves_the_site_with_live_reload(preview):
    project, base, process = preview
    html = fetch(f"{base}/about/")
    assert re.search(r'<h1 class="?app-title', html)
    assert "livereload.js" in html, "the browser would not refresh on save"


def test_misspelt_fact_shows_file_line_and_fix_then_recovers(preview):
    original = (preview[0] / "content/pages/about.md").read_text(encoding="utf-8")
    expected_line = line_of(original, "{{ therapist.")

    def misspell(text):
        return text.replace("{{ therapist.", "{{ therapist.nmae_", 1), expected_line

    html = _break_fix_and_check(preview, "about.md", misspell)
    where = re.search(r'data-path="([^"]+)" data-line="(\d*)"', html)
    assert where.groups() == ("content/pages/about.md", str(expected_line))
    assert "How to fix it:" in html and "data/practice.yml" in html
    assert "livereload.js" in html, "the error page must refresh by itself when the fix is saved"


def test_missing_title_names_the_header(preview):
    def drop_title(text):
        return re.sub(r"^Title:.*\n", "", text, count=1, flags=re.MULTILINE), 1

    html = _break_fix_and_check(preview, "faq.md", drop_title)
    assert "content/pages/faq.md, line 1" in html
    assert "no Title line" in html and "<code>Title: ...</code>" in html


def test_broken_link_names_the_line_of_the_link(preview):
    def add_bad_link(text):
        text = text.rstrip("\n") + "\n\nSee [how it works]({filename}how-it-work.md).\n"
        return text, len(text.splitlines())

    html = _break_fix_and_check(preview, "faq.md", add_bad_link)
    project = preview[0]
    expected = len((project / "content/pages/faq.md").read_text(encoding="utf-8").rstrip("\n").splitlines()) + 2
    assert f"content/pages/faq.md, line {expected}" in html
    assert "how-it-work.md" in html


def test_broken_data_file_names_its_line(preview):
    project, base, process = preview
    data = project / "data" / "practice.yml"
    original = data.read_text(encoding="utf-8")
    line = line_of(original, "  city:")
    try:
        data.write_text(original.replace("  city:", "  city: [Chandler", 1), encoding="utf-8")
        html = wait_for(lambda: error_page(base), CHANGE_SECONDS, "the error page")
    finally:
        data.write_text(original, encoding="utf-8")
    wait_for(lambda: shows_site(base), CHANGE_SECONDS, "the site to come back after the fix")
    assert re.search(rf"data/practice.yml, line ({line}|{line + 1})\b", html), html[-1500:]
    assert "square brackets" in html and "flow sequence" not in html, "PyYAML's words, not plain ones"


def test_browser_is_told_to_reload_after_a_save(preview):
    """The livereload protocol, as the browser's script speaks it: hello, info, then wait."""
    project, base, process = preview
    page = project / "content" / "pages" / "about.md"

    async def reload_message_after_save():
        socket_url = base.replace("http", "ws") + "/livereload"
        connection = await websocket_connect(socket_url)
        await connection.write_message(json.dumps({"command": "hello", "protocols": []}))
        await connection.read_message()
        await connection.write_message(json.dumps({"command": "info", "url": base + "/about/"}))
        await asyncio.sleep(0.3)
        saved = time.monotonic()
        page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        while True:
            message = json.loads(await asyncio.wait_for(connection.read_message(), CHANGE_SECONDS))
            if message.get("command") == "reload":
                return time.monotonic() - saved

    original = page.read_text(encoding="utf-8")
    try:
        seconds = asyncio.run(reload_message_after_save())
    finally:
        page.write_text(original, encoding="utf-8")
    # Generous for a busy CI machine; bench/build_bench.py measures the real save-to-preview time.
    assert seconds < 10
    wait_for(lambda: "One more sentence" not in fetch(f"{base}/about/"), CHANGE_SECONDS, "the site to settle")


def test_the_preview_shows_a_draft_marked_as_a_draft(preview):
    """Only the preview writes drafts (test_drafts.py: no other build does)."""
    project, base, process = preview
    draft = project / "content" / "pages" / "preview-draft.md"
    draft.write_text(
        "Title: A draft in the preview\nSummary: A page still being written, shown only in the preview "
        "with a banner saying so.\nSlug: preview-draft\nStatus: draft\n\nTODO: finish this page.\n",
        encoding="utf-8",
    )
    try:
        html = wait_for(lambda: fetch(f"{base}/drafts/preview-draft/"), CHANGE_SECONDS, "the draft in the preview")
    finally:
        draft.unlink()
    assert "app-draft" in html and "Only the preview shows this page" in html
    assert "A draft in the preview" in html
    wait_for(lambda: shows_site(base), CHANGE_SECONDS, "the site after the draft was removed")


def test_a_second_preview_says_the_first_is_running(preview):
    project, base, process = preview
    port = base.rsplit(":", 1)[1]
    second = subprocess.run(
        [sys.executable, "-m", "tooling.preview.preview", "--project", str(project), "--port", port],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert second.returncode == 1
    assert f"The preview is already running at http://127.0.0.1:{port}/" in second.stderr
    assert "Traceback" not in second.stdout + second.stderr
    assert process.poll() is None and shows_site(base), "the first preview was disturbed"
