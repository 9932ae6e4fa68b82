"""The design's promises (issue 21), on every page of the built site, in Chromium.

Each check is shown failing on a broken page in tests/browser/test_design_checks_fail.py.
"""
from urllib.parse import urlsplit

import pytest

from tests.browser.design_checks import (
    booking_link_problems,
    desktop_width_problems,
    header_height_problems,
    menu_row_problems,
    no_booking_problems,
    notices_share_problems,
    page_parts,
    phone_menu_problems,
    reference_problems,
    section_list_problems,
)
from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import PAGES

# The 404 page is a signpost, not a content page.
CONTENT_PAGES = {address: name for address, name in PAGES.items() if name != "404"}


def test_notices_header_and_footer_take_at_most_30_percent_of_a_phone_page(open_page, site_url):
    shares = {name: page_parts(open_page(site_url + address, **PHONE).page)["share"]
              for address, name in CONTENT_PAGES.items()}
    print({name: f"{share:.0%}" for name, share in shares.items()})
    assert notices_share_problems(shares) == []


def test_the_header_takes_at_most_200px_of_a_phone_screen(open_page, site_url, address):
    assert header_height_problems(open_page(site_url + address, **PHONE).page) == []


def test_the_menu_is_one_row_of_at_most_7_items_on_a_desktop(open_page, site_url, address):
    assert menu_row_problems(open_page(site_url + address, **DESKTOP).page) == []


def test_the_phone_menu_button_stays_put_and_says_close(open_page, site_url):
    for address in ("/", "/faq/"):
        assert phone_menu_problems(open_page(site_url + address, fresh=True, **PHONE).page) == [], address


# The home page opens with its question cards instead (partials/question_cards.html);
# on a phone the urgent-help page opens with what to do now, and lists its sections
# only beside the text on wide screens (SECTION_LIST_WIDE_ONLY, checked below).
@pytest.mark.parametrize("address", [address for address in PAGES if address not in ("/", "/urgent-help/")],
                         ids=lambda a: PAGES[a])
def test_long_pages_open_with_a_list_of_their_sections(open_page, site_url, address):
    assert section_list_problems(open_page(site_url + address, **PHONE).page) == []


def test_urgent_help_lists_its_sections_beside_the_text_on_a_desktop_only(open_page, site_url):
    assert section_list_problems(open_page(site_url + "/urgent-help/", height=200, width=1280).page) == []
    phone = open_page(site_url + "/urgent-help/", **PHONE).page
    assert not phone.locator("main aside").first.is_visible()


def test_the_faq_lists_its_questions_first_grouped(open_page, site_url):
    assert section_list_problems(open_page(site_url + "/faq/", **PHONE).page, with_questions=True) == []


def test_the_booking_link_is_in_the_first_phone_screen_and_says_where_it_goes(open_page, site_url, facts):
    url = facts["practice"]["booking_url"]
    host = urlsplit(url).hostname.removeprefix("www.")
    assert booking_link_problems(open_page(site_url + "/book-a-consult/", **PHONE).page, url, host) == []


def test_urgent_help_offers_no_consult(open_page, site_url, facts):
    page = open_page(site_url + "/urgent-help/", **PHONE).page
    assert no_booking_problems(page, facts["practice"]["booking_url"]) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_references_have_one_return_link_each_and_wrap(open_page, site_url, width):
    for address in ("/the-science/", "/faq/", "/treatment-options/"):
        assert reference_problems(open_page(site_url + address, width=width).page) == [], address


def test_long_pages_use_the_desktop_width(open_page, site_url, address):
    assert desktop_width_problems(open_page(site_url + address, **DESKTOP).page) == []
