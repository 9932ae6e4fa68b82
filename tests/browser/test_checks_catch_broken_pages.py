"""Each check fails on a page broken in the way it looks for, and passes good.html.

The fixtures in tests/browser/fixtures/ are good.html with one fault each, so
a failure here means a check has gone blind, not that the site is broken.
"""
from functools import partial

import pytest

from tests.browser.checks import (
    axe_problems,
    clipped_text_problems,
    disclosure_problems,
    first_screen_problems,
    focus_indicator_problems,
    horizontal_scroll_problems,
    obscured_focus_problems,
    privacy_problems,
    skip_link_problems,
    tab_stops,
    tap_target_problems,
    text_without_javascript_problems,
    unreachable_problems,
    urgent_help_problems,
)

PHONE = {"width": 375, "height": 667}
NARROW = {"width": 320, "height": 640}


def _keyboard_problems(page):
    stops = tab_stops(page)
    problems = focus_indicator_problems(stops) + obscured_focus_problems(stops) + unreachable_problems(page)
    page.reload()
    page.evaluate("window.scrollTo(0, 0)")
    return problems + obscured_focus_problems(tab_stops(page, backwards=True))


def _all_problems(open_page, url):
    visit = open_page(url, fresh=True, **PHONE)
    problems = privacy_problems(visit) + axe_problems(visit.page)
    problems += horizontal_scroll_problems(visit.page) + clipped_text_problems(visit.page)
    problems += tap_target_problems(visit.page) + urgent_help_problems(visit.page)
    problems += first_screen_problems(visit.page, "a link in a sentence")
    problems += skip_link_problems(open_page(url, **PHONE).page)
    problems += _keyboard_problems(open_page(url, **PHONE).page)
    problems += disclosure_problems(open_page(url, **PHONE).page)
    problems += text_without_javascript_problems(visit, open_page(url, javascript=False, **PHONE))
    return problems


def test_the_good_fixture_passes_every_check(open_page, fixtures_url):
    assert _all_problems(open_page, fixtures_url + "/good.html") == []


# fixture, how to look at it, the check, words its report must contain
BROKEN = [
    ("low-contrast.html", PHONE, axe_problems, "color-contrast"),
    ("image-without-alt.html", PHONE, axe_problems, "image-alt"),
    ("overflowing-table.html", NARROW, horizontal_scroll_problems, "scrolls sideways"),
    ("clipped-text.html", NARROW, clipped_text_problems, "cut off"),
    ("small-tap-targets.html", PHONE, tap_target_problems, "smaller than 24x24"),
    ("urgent-help-below-the-fold.html", PHONE, urgent_help_problems, "not in the first screen"),
    ("first-screen-crowded.html", PHONE, first_screen_problems, "px tall, over 120px"),
    ("first-screen-crowded.html", PHONE, first_screen_problems, "below the top half"),
    ("first-screen-crowded.html", PHONE, partial(first_screen_problems, call_to_action="Book a consult"),
     '"Book a consult" link'),
    ("urgent-help-below-the-fold.html", PHONE, first_screen_problems, "not first in reading order"),
    ("no-skip-link.html", PHONE, skip_link_problems, "not a skip link"),
    ("faq-not-keyboard-friendly.html", PHONE, disclosure_problems, "does not open or close"),
]


@pytest.mark.parametrize(
    "fixture, screen, check, expected", BROKEN, ids=[f"{row[0].removesuffix('.html')}-{row[3]}" for row in BROKEN]
)
def test_check_reports_the_broken_page(open_page, fixtures_url, fixture, screen, check, expected):
    problems = check(open_page(f"{fixtures_url}/{fixture}", **screen).page)
    print(f"{fixture}: {getattr(check, '__name__', check)} reports {problems}")
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    "fixture, expected",
    [
        ("no-focus-style.html", "shows no visible focus indicator"),
        ("sticky-header-hides-focus.html", "is hidden behind <header>"),
        ("faq-not-keyboard-friendly.html", "A question Tab skips\" can't be reached with Tab"),
    ],
)
def test_keyboard_checks_report_the_broken_page(open_page, fixtures_url, fixture, expected):
    problems = _keyboard_problems(open_page(f"{fixtures_url}/{fixture}", **PHONE).page)
    print(f"{fixture}: keyboard checks report {problems}")
    assert any(expected in problem for problem in problems), problems


def test_privacy_check_notices_and_blocks_a_third_party_script(open_page, fixtures_url):
    visit = open_page(f"{fixtures_url}/third-party-script.html", fresh=True)
    problems = privacy_problems(visit)
    print(f"third-party-script.html: privacy check reports {problems}")
    assert "asks for https://example.com/x.js, which is not on this site" in problems
    # The route aborted it, so the script never ran.
    assert any("ERR_BLOCKED_BY_CLIENT" in problem for problem in problems), problems


def test_privacy_check_reports_cookies_storage_and_script_errors(open_page, fixtures_url):
    visit = open_page(f"{fixtures_url}/tracks-visitors.html", fresh=True)
    problems = privacy_problems(visit)
    print(f"tracks-visitors.html: privacy check reports {problems}")
    assert "sets the cookie visitor" in problems
    assert "uses localStorage (seen)" in problems
    assert any("undefinedFunction is not defined" in problem for problem in problems), problems


def test_no_javascript_check_reports_text_written_by_a_script(open_page, fixtures_url):
    url = f"{fixtures_url}/needs-javascript.html"
    problems = text_without_javascript_problems(open_page(url), open_page(url, javascript=False))
    print(f"needs-javascript.html: reports {problems}")
    assert problems and "differs without JavaScript" in problems[0]
