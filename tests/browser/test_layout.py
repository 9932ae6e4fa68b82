"""Every page fits the screen: phones, narrow windows, large text and fingers."""
import pytest

from tests.browser.checks import (
    clipped_text_problems,
    first_screen_problems,
    horizontal_scroll_problems,
    set_text_size,
    tap_target_problems,
    urgent_help_problems,
)
from tests.conftest import PAGES

# A content-only push runs these (make test-content, tooling/workflow/change_scope.py).
pytestmark = pytest.mark.content


def test_fits_the_screen_with_targets_big_enough(open_page, site_url, address, screen, screenshot):
    visit = open_page(site_url + address, **screen)
    screenshot(visit, f"{PAGES[address]}-{screen['width']}")
    assert horizontal_scroll_problems(visit.page) + tap_target_problems(visit.page) == []


def test_no_sideways_scrolling_at_320px(open_page, site_url, address):
    visit = open_page(site_url + address, width=320, height=640)
    assert horizontal_scroll_problems(visit.page) + clipped_text_problems(visit.page) == []


def test_text_still_fits_at_200_percent(open_page, site_url, address):
    """Both ways a reader zooms: the whole page (a 1280px window at 200% is
    640 CSS px at twice the pixel density), and text size alone."""
    page_zoom = open_page(site_url + address, width=640, height=400, device_scale_factor=2)
    text_zoom = open_page(site_url + address, width=1280)
    set_text_size(text_zoom.page, 200)
    problems = []
    for visit in (page_zoom, text_zoom):
        problems += horizontal_scroll_problems(visit.page) + clipped_text_problems(visit.page)
    assert problems == []


def test_urgent_help_is_in_the_first_screen_on_a_phone(open_page, site_url, address):
    visit = open_page(site_url + address, width=375, height=667)
    assert urgent_help_problems(visit.page) == []


def test_the_first_phone_screen_shows_what_the_page_is(open_page, site_url, address):
    """A couple arriving from a search sees urgent help, the site, the menu and
    the page's heading without scrolling; on the home page, the way to book."""
    visit = open_page(site_url + address, width=375, height=667)
    call_to_action = "Book a consult" if address == "/" else None
    assert first_screen_problems(visit.page, call_to_action) == []
