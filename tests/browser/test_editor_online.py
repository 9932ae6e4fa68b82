"""The browser editor's online mode in Chromium: the public build with /admin/
added (tooling/editor/editor_online.py), served from 127.0.0.1 with the headers each
host would send for each address (read back from the generated `_headers`),
and with none at all (GitHub Pages), where the page's own meta policy holds.

Before signing in, /admin/ must load only our own files (every request
outside 127.0.0.1 is blocked and counted: zero), show "Login with GitHub"
under the practice's name, and log no policy violation or console error.
Signing in itself needs GitHub and the sign-in helper, which tests cannot
reach (no network): it is not tested.
"""
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import serve_folder
from tests.browser.test_cms import assert_shows_the_name
from tests.browser.test_security_headers import RECORD_VIOLATIONS, free_port, public_build_for_port
from tests.support import missing
from tests.editor.test_editor_online import ONLINE
from tooling.editor.editor import packages_installed, read_data
from tooling.editor.editor_online import add_online_editor
from kact_hosting.formats import headers_for_path, netlify_headers_for_path, parse_headers_file

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
HOSTS = {"cloudflare": headers_for_path, "netlify": netlify_headers_for_path}
STARTED_SECONDS = 90  # Decap is 5.8 MB of script; the test machine is slow and shared


@pytest.fixture(scope="module")
def online_site(tmp_path_factory):
    """(folder, port): the public build for 127.0.0.1:port with the online editor added."""
    if not packages_installed():
        missing("the online editor test needs the editor's packages (`make editor`)")
    port = free_port()
    folder = public_build_for_port(tmp_path_factory.mktemp("online") / "site", port)
    assert add_online_editor(folder, ONLINE, f"http://127.0.0.1:{port}")
    return folder, port


def open_editor(browser, url):
    """Open /admin/ with only loopback allowed; (page, outside requests, violations, errors)."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    outside, errors = [], []

    def only_loopback(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", only_loopback)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{url}/admin/", wait_until="load")
    return context, page, outside, errors


def login_button(page):
    return page.get_by_role("button", name="Login with GitHub")


@pytest.mark.parametrize("host", HOSTS)
def test_the_online_editor_loads_only_our_files_under_the_hosts_headers(browser, online_site, host):
    folder, port = online_site
    rules = parse_headers_file((folder / "_headers").read_text(encoding="utf-8"))
    with serve_folder(folder, headers=lambda path: HOSTS[host](rules, path), port=port) as url:
        context, page, outside, errors = open_editor(browser, url)
        try:
            login_button(page).wait_for(timeout=STARTED_SECONDS * 1000)
            assert_shows_the_name(page, read_data("practice.yml")["practice"]["name"])
            violations = page.evaluate("window.__cspViolations")
        finally:
            context.close()
    assert outside == [], f"the editor asked another site for: {outside}"
    assert violations == [] and errors == [], (violations, errors)


def test_with_no_headers_at_all_the_pages_own_policy_holds(browser, online_site, tmp_path):
    """GitHub Pages sends none of our headers: the meta policy must be enough to run it."""
    folder, port = online_site
    with serve_folder(folder, port=port) as url:
        context, page, outside, errors = open_editor(browser, url)
        try:
            login_button(page).wait_for(timeout=STARTED_SECONDS * 1000)
            policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        finally:
            context.close()
    assert "script-src 'self' 'unsafe-eval'" in policy and "connect-src 'self' blob: https://api.github.com" in policy
    assert outside == [] and errors == [], (outside, errors)


def test_without_unsafe_eval_the_editor_cannot_start(browser, online_site):
    """Why the editor's policy keeps 'unsafe-eval' (data/hosting.yml): Decap
    compiles its settings' schema at start, and stops without it."""
    folder, port = online_site
    rules = parse_headers_file((folder / "_headers").read_text(encoding="utf-8"))

    def without_eval(path):
        headers = headers_for_path(rules, path)
        headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace(" 'unsafe-eval'", "")
        return headers

    with serve_folder(folder, headers=without_eval, port=port) as url:
        context, page, _outside, _errors = open_editor(browser, url)
        try:
            # Decap stops at its first eval: wait for that refusal (20 s at most on a
            # busy machine), then as long again as the editor takes to show its
            # sign-in when it can start (under 2 s here), before looking for it.
            page.wait_for_function("window.__cspViolations.some(v => v.startsWith('script-src'))", timeout=20000)
            page.wait_for_timeout(3000)
            shown = login_button(page).count()
            violations = page.evaluate("window.__cspViolations")
        finally:
            context.close()
    assert shown == 0
    assert any(violation.startswith("script-src") for violation in violations), violations
