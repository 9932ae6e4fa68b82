"""Every page works from the keyboard, and focus is always visible."""
from tests.browser.checks import (
    disclosure_problems,
    focus_indicator_problems,
    obscured_focus_problems,
    skip_link_problems,
    tab_stops,
    unreachable_problems,
)


def test_first_tab_is_the_skip_link_into_main(open_page, site_url, address, screen):
    visit = open_page(site_url + address, **screen)
    assert skip_link_problems(visit.page) == []


def test_every_control_is_reached_and_shows_focus_in_view(open_page, site_url, address, screen):
    visit = open_page(site_url + address, **screen)
    stops = tab_stops(visit.page)
    assert len(stops) > 3, "Tab reached almost nothing"
    problems = (
        focus_indicator_problems(stops)
        + obscured_focus_problems(stops)
        + unreachable_problems(visit.page)
    )
    visit.page.reload()
    visit.page.evaluate("window.scrollTo(0, 0)")
    backwards = tab_stops(visit.page, backwards=True)
    assert len(backwards) == len(stops), "Shift+Tab and Tab reach different stops"
    assert problems + obscured_focus_problems(backwards) == []


def test_disclosures_open_and_close_from_the_keyboard(open_page, site_url, address, screen):
    """On phones this covers the Menu; on any page, FAQ-style <details>."""
    visit = open_page(site_url + address, **screen)
    assert disclosure_problems(visit.page) == []


def test_phone_menu_opens_with_the_keyboard_and_its_links_can_be_reached(open_page, site_url, address):
    visit = open_page(site_url + address, width=375)
    page = visit.page
    page.locator(".app-menu__toggle").focus()
    page.keyboard.press("Enter")
    stops = tab_stops(page)
    reached = {stop["href"] for stop in stops}
    menu_links = page.eval_on_selector_all(".app-menu a", "links => links.map(a => a.getAttribute('href'))")
    assert menu_links and set(menu_links) <= reached


def test_faq_can_be_read_and_used_with_the_keyboard_alone(open_page, site_url, screen):
    visit = open_page(site_url + "/faq/", **screen)
    stops = tab_stops(visit.page)
    in_main = visit.page.eval_on_selector_all(
        "main a[href], main summary", "controls => controls.length"
    )
    problems = unreachable_problems(visit.page) + focus_indicator_problems(stops)
    problems += disclosure_problems(visit.page)
    assert in_main > 0 and problems == []
