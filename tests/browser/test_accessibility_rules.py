"""axe-core finds no WCAG 2.0, 2.1 or 2.2 A/AA violation on any page, at either width."""
from tests.browser.checks import axe_problems


def test_no_axe_violations(open_page, site_url, address, screen):
    visit = open_page(site_url + address, **screen)
    assert axe_problems(visit.page) == []
