"""The design's promises (issue 21), checked in a real browser. Each check
returns a list of problems in plain words; an empty list means it passed.

They run on the built site (tests/browser/test_design.py) and on the broken
pages in tests/browser/fixtures/design/, so each is shown to be able to fail
(tests/browser/test_design_checks_fail.py).
"""
from statistics import median

from tests.browser.checks import _run

NOTICES_SHARE_MAX = 0.30  # of a page's height on a phone, median over the pages
HEADER_MAX = 200  # CSS px of a 375x667 screen
MENU_ITEMS_MAX = 7
LONG_PAGE_SCREENS = 5
WIDE_PAGE_SCREENS = 3  # a page this long on a desktop uses its width
USED_WIDTH_MIN = 0.7  # of the window, for the rightmost block of the page's content


def page_parts(page):
    """Heights of the header, footer and notices, and their share of the page."""
    return _run(page, "page_parts.js")


def notices_share_problems(shares):
    """`shares`: {page: share of its height}; the median must be at most 30%."""
    if not shares:
        return ["no page was measured"]
    middle = median(shares.values())
    if middle <= NOTICES_SHARE_MAX:
        return []
    worst = ", ".join(f"{name} {share:.0%}" for name, share in sorted(shares.items(), key=lambda item: -item[1])[:3])
    return [f"notices, header and footer take {middle:.0%} of a page's height (median), over "
            f"{NOTICES_SHARE_MAX:.0%}; most on {worst}"]


def header_height_problems(page):
    """The header, urgent-help bar included, ends within HEADER_MAX px."""
    header = page_parts(page)["header"]
    return [] if header <= HEADER_MAX else [f"the header ends {header}px down the page, over {HEADER_MAX}px"]


def menu_row_problems(page):
    """On a wide screen: at most MENU_ITEMS_MAX menu items, all on one row."""
    menu = _run(page, "menu_row.js")
    problems = []
    if len(menu["items"]) > MENU_ITEMS_MAX:
        problems.append(f"the menu has {len(menu['items'])} items, over {MENU_ITEMS_MAX}: {', '.join(menu['items'])}")
    if menu["rows"] > 1:
        problems.append(f"the menu wraps onto {menu['rows']} rows")
    return problems


def phone_menu_problems(page):
    """The phone's menu button opens the menu without moving, and then says "Close".
    Leaves the menu as it found it (closed)."""
    toggle = page.locator("header details > summary").first
    if toggle.count() == 0 or not toggle.is_visible():
        return ["there is no menu button in the header"]
    before = toggle.bounding_box()
    closed_words = toggle.inner_text().strip()
    toggle.click()
    after = toggle.bounding_box()
    open_words = toggle.inner_text().strip()
    menu_shown = page.locator("header details[open] nav a").first.is_visible()
    toggle.click()
    problems = []
    if not menu_shown:
        problems.append("the menu's links do not show when the button is pressed")
    moved = max(abs(before[key] - after[key]) for key in ("x", "y", "width", "height"))
    if moved > 1:
        problems.append(f"the menu button moves or changes size by {moved:.0f}px when the menu opens")
    if "close" not in open_words.lower():
        problems.append(f"the open menu's button says {open_words!r}, not Close")
    if "menu" not in closed_words.lower():
        problems.append(f"the closed menu's button says {closed_words!r}, not Menu")
    return problems


def section_list_problems(page, with_questions=False):
    """A page longer than LONG_PAGE_SCREENS screens opens with a list of its
    sections (before its first section heading) linking every h2; with
    `with_questions`, every h3 too, each under its h2 (a grouped list of questions)."""
    found = _run(page, "section_list.js", with_questions)
    if found["screens"] <= LONG_PAGE_SCREENS and not with_questions:
        return []
    if not found["found"]:
        return [f"the page is {found['screens']:.1f} screens long and has no list of its sections"]
    problems = []
    if not found["before_first_heading"]:
        problems.append("the list of sections comes after the first section, not at the start")
    if found["missing"]:
        problems.append(f"the list of sections leaves out {', '.join(found['missing'])}")
    if found["ungrouped"]:
        problems.append(f"these questions are not listed under their group: {', '.join(found['ungrouped'])}")
    return problems


def booking_link_problems(page, booking_url, destination):
    """The page's first link to `booking_url` is fully in the first screen, and
    it or the words around it name `destination` (where it goes) and say what
    to do there."""
    page.evaluate("window.scrollTo(0, 0)")
    link = page.locator(f'main a[href="{booking_url}"]').first
    if link.count() == 0:
        return ["there is no booking link in the page"]
    box = link.bounding_box()
    screen = page.viewport_size["height"]
    problems = []
    if box["y"] < 0 or box["y"] + box["height"] > screen:
        problems.append(f"the booking link spans {box['y']:.0f}-{box['y'] + box['height']:.0f}px, "
                        f"not in the first {screen}px")
    around = link.evaluate("a => (a.closest('div, section, p').parentElement || a).innerText")
    if destination.lower() not in around.lower():
        problems.append(f"neither the booking link nor the words around it name {destination!r}")
    if len(around.split()) < len(link.inner_text().split()) + 8:
        problems.append("nothing beside the booking link says what happens there")
    return problems


def no_booking_problems(page, booking_url):
    """A page for someone in crisis offers no consult."""
    count = page.locator(f'main a[href="{booking_url}"]').count()
    return [f"the page offers a consult ({count} link{'s' if count > 1 else ''})"] if count else []


def reference_problems(page):
    """Each citation has one return link (lettered a, b, c... when a source is
    cited more than once), and long addresses wrap within the reference."""
    problems = []
    for reference in _run(page, "references.js"):
        back = reference["back"]
        if len(back) > 1 and back != [chr(ord("a") + index) for index in range(len(back))]:
            problems.append(f"reference {reference['number']} has {len(back)} return links {back}, not a, b, c...")
        for address in reference["unwrappable"]:
            problems.append(f"reference {reference['number']}'s address {address} cannot wrap anywhere")
        for address in reference["overflowing"]:
            problems.append(f"reference {reference['number']}'s address {address} runs past the page's edge")
    return problems


def desktop_width_problems(page):
    """A long page (over WIDE_PAGE_SCREENS screens) on a wide window uses its
    width: something, a side column say, reaches past USED_WIDTH_MIN of it."""
    screens = page.evaluate("document.documentElement.scrollHeight / innerHeight")
    if screens <= WIDE_PAGE_SCREENS:
        return []
    used = _run(page, "main_width.js")
    if used["right"] >= USED_WIDTH_MIN * used["width"]:
        return []
    return [f"the page's content ends {used['right']}px across a {used['width']}px window: "
            f"the right {1 - used['right'] / used['width']:.0%} is empty"]
