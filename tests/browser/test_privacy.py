"""No page reaches beyond this site, leaves anything behind, or needs JavaScript."""
import pytest

from tests.browser.checks import privacy_problems, text_without_javascript_problems

# A content-only push runs these (make test-content, tooling/workflow/change_scope.py).
pytestmark = pytest.mark.content


def test_only_local_requests_no_cookies_no_storage_no_console_errors(open_page, site_url, address):
    visit = open_page(site_url + address, fresh=True)
    assert privacy_problems(visit) == []


def test_reads_the_same_without_javascript(open_page, site_url, address):
    with_script = open_page(site_url + address)
    without_script = open_page(site_url + address, javascript=False)
    assert text_without_javascript_problems(with_script, without_script) == []


def test_the_test_browser_reaches_no_address_but_loopback_even_written_as_numbers(browser, site_url):
    """The shared Chromium's own guard, with no route in the way (the editor tests
    rely on it): its resolver rules (CHROMIUM_FLAGS) map every name but 127.0.0.1
    to nothing, and an address written as numbers too. 192.0.2.1 is a
    documentation address that no network routes."""
    context = browser.new_context()
    try:
        page = context.new_page()
        assert page.goto(site_url + "/").ok  # loopback still answers
        with pytest.raises(Exception, match="ERR_NAME_NOT_RESOLVED"):
            page.goto("http://192.0.2.1/", timeout=10_000)
    finally:
        context.close()
