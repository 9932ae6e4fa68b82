"""Every page loads in Chromium under exactly the headers of the generated `_headers`.

The public site is built as `make publish` builds it, with its address
pointed at a local port, and served from 127.0.0.1 with, for each
request, the headers that Netlify or Cloudflare Pages would send for it (read
back from `_headers`). A page passes when the browser reports no Content
Security Policy violation and no console error, and its stylesheet applied.
"""
import os
import shutil
import socket

import pytest

from tests.browser.conftest import serve_folder
from tests.conftest import PAGES
from tests.site import ROOT
from tooling.publish.publish_checks import build_public_site
from kact_hosting.formats import headers_for_path, parse_headers_file

# Runs before any page script, so it sees every violation of the page's policy.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""
# A blocked stylesheet has no rules the page may read (reading them throws).
STYLESHEET_APPLIED = """() => {
  const rulesOf = (sheet) => { try { return sheet.cssRules.length; } catch (error) { return 0; } };
  const sheets = [...document.styleSheets].filter((sheet) => sheet.href && sheet.href.includes("/theme/css/"));
  return sheets.length > 0 && sheets.every((sheet) => rulesOf(sheet) > 0)
    && getComputedStyle(document.body).fontFamily.includes("system-ui");
}"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# publishconf.py at a loopback address (publishconf.py itself takes none from the environment).
LOCAL_SETTINGS = ROOT / "tooling" / "publish" / "loopback_publishconf.py"


def public_build_for_port(folder, port):
    """The public build into `folder`, its address set to 127.0.0.1:port."""
    os.environ["KACT_LOOPBACK_SITEURL"] = f"http://127.0.0.1:{port}"
    try:
        return build_public_site(folder, LOCAL_SETTINGS)
    finally:
        del os.environ["KACT_LOOPBACK_SITEURL"]


@pytest.fixture(scope="module")
def local_public_site(tmp_path_factory):
    """(folder, port): the public build, its address set to 127.0.0.1:port."""
    port = free_port()
    return public_build_for_port(tmp_path_factory.mktemp("headers") / "site", port), port


def serve_like_the_host(folder, port, rules):
    """Serve `folder` on 127.0.0.1:`port`, each response with the headers `rules` give its path."""
    return serve_folder(folder, headers=lambda path: headers_for_path(rules, path), port=port)


@pytest.fixture(scope="module")
def generated_rules(local_public_site):
    folder, _ = local_public_site
    return parse_headers_file((folder / "_headers").read_text(encoding="utf-8"))


def visit(browser, url):
    """Open `url` in a fresh context; returns (response, page, violations, console messages)."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: message.type in ("error", "warning") and console.append(message.text))
    response = page.goto(url, wait_until="load")
    violations = page.evaluate("window.__cspViolations")
    return context, response, page, violations, console


@pytest.fixture
def host(local_public_site, generated_rules):
    """Per test, so a test can serve the same address with other headers."""
    folder, port = local_public_site
    with serve_like_the_host(folder, port, generated_rules) as url:
        yield url


@pytest.mark.parametrize("address", sorted(PAGES), ids=lambda address: PAGES[address])
def test_page_loads_under_the_generated_headers(browser, host, generated_rules, address):
    context, response, page, violations, console = visit(browser, host + address)
    try:
        assert response.ok, f"{address} answered {response.status}"
        expected = headers_for_path(generated_rules, address)
        sent = response.all_headers()
        assert sent["content-security-policy"] == expected["Content-Security-Policy"]
        assert sent["cache-control"] == expected["Cache-Control"]
        assert violations == [], f"{address}: Content Security Policy violations: {violations}"
        assert console == [], f"{address}: console messages: {console}"
        assert page.evaluate(STYLESHEET_APPLIED), f"{address}: the stylesheet did not apply"
    finally:
        context.close()


def test_json_ld_blocks_are_allowed_as_data(browser, host):
    """The home page's JSON-LD sits in a <script> element: data the browser never runs,
    so the policy (which allows no script) must not report it."""
    context, _, page, violations, console = visit(browser, host + "/")
    try:
        assert page.locator('script[type="application/ld+json"]').count() >= 1
        assert violations == [] and console == []
    finally:
        context.close()


def test_a_stricter_policy_is_caught(browser, local_public_site, generated_rules):
    """The check can fail: with styles forbidden, the stylesheet is reported and not applied."""
    folder, port = local_public_site
    stricter = [
        (pattern, [
            (name, value.replace("style-src 'self'", "style-src 'none'"))
            for name, value in headers
        ])
        for pattern, headers in generated_rules
    ]
    with serve_like_the_host(folder, port, stricter) as url:
        context, _, page, violations, console = visit(browser, url + "/faq/")
        try:
            assert any(violation.startswith("style-src") for violation in violations), violations
            assert any("Content Security Policy" in message for message in console), console
            assert not page.evaluate(STYLESHEET_APPLIED)
        finally:
            context.close()


def test_an_unknown_permissions_policy_feature_is_caught(browser, local_public_site, generated_rules):
    """The console check can fail: Chromium reports a feature name it does not know."""
    folder, port = local_public_site
    broken = [
        (pattern, [
            (name, f"{value}, no-such-feature=()" if name == "Permissions-Policy" else value)
            for name, value in headers
        ])
        for pattern, headers in generated_rules
    ]
    with serve_like_the_host(folder, port, broken) as url:
        context, _, _, _, console = visit(browser, url + "/faq/")
        context.close()
    assert any("no-such-feature" in message for message in console), console


def test_without_any_header_the_pages_meta_policy_still_holds(browser, local_public_site, tmp_path):
    """GitHub Pages sends none of our headers: each page's own meta policy must keep the
    site working (stylesheet applied, no violation) and still refuse what it forbids.
    A copy of the FAQ page gets an inline script and an inline style, which must be blocked."""
    folder, port = local_public_site
    copy = tmp_path / "site"
    shutil.copytree(folder, copy)
    faq = (copy / "faq" / "index.html").read_text(encoding="utf-8")
    injected = faq.replace("</head>", "<script>document.title = 'ran'</script><style>body{color:red}</style></head>", 1)
    (copy / "injected.html").write_text(injected, encoding="utf-8")
    with serve_folder(copy, headers={}, port=port) as url:
        context, response, page, violations, console = visit(browser, url + "/faq/")
        try:
            assert "content-security-policy" not in response.headers
            assert violations == [] and console == [], (violations, console)
            assert page.evaluate(STYLESHEET_APPLIED)
        finally:
            context.close()
        context, _, page, violations, _ = visit(browser, url + "/injected.html")
        try:
            assert page.title() != "ran", "the inline script ran"
            assert any(v.startswith("script-src") for v in violations), violations
            assert any(v.startswith("style-src") for v in violations), violations
        finally:
            context.close()
