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
