"""Each design check (tests/browser/design_checks.py) fails on a page with the
fault it looks for: tests/browser/fixtures/design/old-design.html has every
fault issue 21 names, so a failure here means a check has gone blind.
"""
import pytest

from tests.browser.design_checks import (
    booking_link_problems,
    desktop_width_problems,
    header_height_problems,
    menu_row_problems,
    notices_share_problems,
    no_booking_problems,
    page_parts,
    phone_menu_problems,
    reference_problems,
    section_list_problems,
)
from tests.browser.conftest import DESKTOP, PHONE

NARROW = {"width": 320, "height": 640}
BOOKING = "https://booking.example/"

# how to look at the page, the check, words its report must contain
FAULTS = {
    "notices": (PHONE, lambda page: notices_share_problems({"old": page_parts(page)["share"]}), "over 30%"),
    "header": (PHONE, header_height_problems, "px down the page, over 200px"),
    "menu-items": (DESKTOP, menu_row_problems, "the menu has 11 items, over 7"),
    "menu-rows": (DESKTOP, menu_row_problems, "the menu wraps onto"),
    "menu-button-moves": (PHONE, phone_menu_problems, "the menu button moves"),
    "menu-button-words": (PHONE, phone_menu_problems, "not Close"),
    "section-list": (PHONE, section_list_problems, "has no list of its sections"),
    "faq-questions": (PHONE, lambda page: section_list_problems(page, with_questions=True), "no list of its sections"),
    "booking-first-screen": (PHONE, lambda page: booking_link_problems(page, BOOKING, "booking.example"),
                             "not in the first 667px"),
    "booking-where": (PHONE, lambda page: booking_link_problems(page, BOOKING, "booking.example"),
                      "name 'booking.example'"),
    "urgent-help-sells": (PHONE, lambda page: no_booking_problems(page, BOOKING), "offers a consult"),
    "return-links": (PHONE, reference_problems, "3 return links"),
    "addresses-wrap": (NARROW, reference_problems, "cannot wrap anywhere"),
    "addresses-overflow": (NARROW, reference_problems, "runs past the page's edge"),
    "desktop-width": (DESKTOP, desktop_width_problems, "is empty"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_check_reports_the_old_designs_fault(open_page, fixtures_url, fault):
    screen, check, expected = FAULTS[fault]
    problems = check(open_page(f"{fixtures_url}/design/old-design.html", fresh=True, **screen).page)
    print(f"{fault}: {problems}")
    assert any(expected in problem for problem in problems), problems
