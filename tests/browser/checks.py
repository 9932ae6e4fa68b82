"""What a visitor's browser shows, checked. Each check returns a list of
problems in plain words; an empty list means the page passed.

The same functions run on the real pages and on the broken pages in
tests/browser/fixtures/, so each check is shown to be able to fail.
"""
from functools import cache
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

# axe-core ships inside the pinned axe-playwright-python package, so no npm step.
AXE_SOURCE = Axe().axe_script
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MINIMUM_TARGET = 24  # CSS px, WCAG 2.5.8
SCRIPTS = Path(__file__).parent / "scripts"


@cache
def _with_helpers(name):
    """scripts/<name> wrapped so it installs the shared helpers first, in one round trip."""
    helpers = (SCRIPTS / "helpers.js").read_text(encoding="utf-8")
    script = (SCRIPTS / name).read_text(encoding="utf-8")
    return f"argument => {{ if (!window.__kact) {{ {helpers} }} return ({script})(argument); }}"


def _run(page, name, argument=None):
    return page.evaluate(_with_helpers(name), argument)


# ---- Accessibility rules (axe-core) ----

def axe_problems(page):
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    problems = []
    for violation in results["violations"]:
        for node in violation["nodes"]:
            where = " ".join(map(str, node["target"]))
            problems.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {where}")
    return problems


# ---- Keyboard ----

def tab_stops(page, backwards=False, limit=300):
    """Press Tab (or Shift+Tab from the end) until focus leaves the page or
    comes round again; describe each stop. Backwards matters for sticky
    headers: the browser scrolls each stop in at the top edge, under them."""
    page.evaluate("window.__kactStops = []")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        stop = _run(page, "describe_focus.js")
        if stop is None:
            break
        stops.append(stop)
    for stop, shows_focus in zip(stops, _run(page, "indicators.js", stops)):
        stop["indicator"] = shows_focus
    return stops


def skip_link_problems(page):
    """The first Tab lands on a visible skip link; following it moves focus into <main>."""
    page.evaluate("window.__kactStops = []")
    page.keyboard.press("Tab")
    first = _run(page, "describe_focus.js")
    if first is None or "skip" not in first["name"].lower() or not first["href"].startswith("#"):
        return [f"the first Tab lands on {first and first['label']!r}, not a skip link"]
    problems = []
    if not first["in_viewport"]:
        problems.append("the skip link is not visible when it has focus")
    page.keyboard.press("Enter")
    if not _run(page, "focus_is_in_main.js"):
        problems.append("following the skip link does not move focus into <main>")
    page.keyboard.press("Tab")
    if not _run(page, "focus_is_after_main_start.js"):
        problems.append("the Tab after the skip link goes back before <main>")
    return problems


def focus_indicator_problems(stops):
    """Every stop looks different when focused: outline, shadow, border or background."""
    return [
        f"{stop['label']} shows no visible focus indicator"
        for stop in stops
        if not stop["indicator"]
    ]


def obscured_focus_problems(stops):
    """Nothing focused is hidden entirely, e.g. behind a sticky header (WCAG 2.4.11)."""
    problems = []
    for stop in stops:
        if not stop["in_viewport"]:
            problems.append(f"{stop['label']} is off screen when focused")
        elif stop["covered_by"]:
            problems.append(f"{stop['label']} is hidden behind {stop['covered_by']} when focused")
    return problems


def unreachable_problems(page):
    """Every visible link and control is reached by Tab (run after tab_stops)."""
    missing = _run(page, "unreachable_controls.js")
    return [f"{label} can't be reached with Tab" for label in missing]


def disclosure_problems(page):
    """Every visible <details> opens and closes from the keyboard (Enter, then Space)."""
    count = page.locator("details:visible > summary").count()
    problems = []
    for index in range(count):
        summary = page.locator("details:visible > summary").nth(index)
        label = summary.inner_text().strip()[:60]
        was_open = summary.evaluate("s => s.parentElement.open")
        summary.focus()
        page.keyboard.press("Enter")
        opened = summary.evaluate("s => s.parentElement.open")
        page.keyboard.press("Space")
        closed = summary.evaluate("s => s.parentElement.open")
        if opened == was_open:
            problems.append(f"Enter does not open or close {label!r}")
        if closed == opened:
            problems.append(f"Space does not open or close {label!r}")
    return problems


# ---- Layout ----

def horizontal_scroll_problems(page):
    result = _run(page, "horizontal_overflow.js")
    if result["scroll_width"] <= result["viewport_width"]:
        return []
    culprits = ", ".join(result["culprits"]) or "unknown elements"
    return [
        f"the page scrolls sideways: {result['scroll_width']}px wide in a "
        f"{result['viewport_width']}px window, because of {culprits}"
    ]


def clipped_text_problems(page):
    return [f"text is cut off in {label}" for label in _run(page, "clipped_text.js")]


def tap_target_problems(page):
    """Links and controls are at least 24 by 24 CSS px, unless inline in a sentence or spaced out."""
    return [
        f"{target['label']} is {target['width']}x{target['height']}px, smaller than "
        f"{MINIMUM_TARGET}x{MINIMUM_TARGET} and too close to {target['neighbour']}"
        for target in _run(page, "small_targets.js", MINIMUM_TARGET)
    ]


def urgent_help_problems(page):
    """The urgent-help heading and a crisis line to call are in the first screen."""
    return _run(page, "urgent_help_in_first_screen.js")


URGENT_BAR_MAX = 120  # CSS px on a 375x667 phone: the bar must not crowd out the page


def first_screen_problems(page, call_to_action=None):
    """On the first screen, before scrolling: a short urgent-help bar first in
    reading order with its phone links in view, the site name and menu button
    in view, the page heading in the top half, and `call_to_action` (a link's
    first words, such as "Book a consult") fully in view."""
    found = _run(page, "first_screen.js", call_to_action)
    screen = found["screen"]
    problems = []
    bar = found.get("bar")
    if bar is None:
        problems.append("there is no urgent-help bar on the page")
    else:
        if bar["height"] > URGENT_BAR_MAX:
            problems.append(f"the urgent-help bar is {bar['height']}px tall, over {URGENT_BAR_MAX}px")
        if found["before_bar"]:
            problems.append(f"the urgent-help bar is not first in reading order: {', '.join(found['before_bar'])} comes before it")
        if not found["phone_links"]:
            problems.append("the urgent-help bar has no number to call or text")
    parts = [*found.get("phone_links", []), *found["parts"]]
    for part in parts:
        if part.get("missing"):
            problems.append(f"{part['name']} is missing")
        elif part["top"] < 0 or part["bottom"] > screen:
            problems.append(f"{part['name']} {part['label']} is not fully in the first screen "
                            f"(it spans {part['top']}-{part['bottom']}px of {screen}px)")
    heading = found["heading"]
    if heading.get("missing"):
        problems.append("the page heading is missing")
    elif heading["top"] > screen / 2:
        problems.append(f"the page heading starts at {heading['top']}px, below the top half of the {screen}px screen")
    return problems


def set_text_size(page, percent):
    """Like a reader's larger text setting: scales everything sized in rem or em."""
    page.evaluate(f"document.documentElement.style.fontSize = '{percent}%'")


# ---- Privacy ----

def privacy_problems(visit):
    """Only the page's own origin is asked for; no cookie, storage or console error."""
    page = visit.page
    page.wait_for_load_state("networkidle")
    problems = [
        f"asks for {url}, which is not on this site"
        for url in visit.requests
        if not url.startswith(visit.origin + "/") and not url.startswith("data:")
    ]
    problems += [f"sets the cookie {cookie['name']}" for cookie in visit.context.cookies()]
    problems += _run(page, "storage_used.js")
    problems += [f"logs a console error: {message}" for message in visit.console_errors]
    return problems


def text_without_javascript_problems(with_script, without_script):
    """The page reads the same with JavaScript turned off."""
    on = with_script.page.inner_text("body").split()
    off = without_script.page.inner_text("body").split()
    if on == off:
        return []
    return [f"the text differs without JavaScript: {' '.join(on)[:200]!r} vs {' '.join(off)[:200]!r}"]
