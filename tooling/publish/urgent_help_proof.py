"""Before publishing, prove in a real browser that urgent help is there.

The quality gate reads the built HTML; only a browser knows what a phone
shows once the stylesheet has run (a rule that hides the bar, pushes it
below the fold or covers its links passes every reading of the HTML). So
`make publish` and `make public-build` open every built page in headless
Chromium, one browser and one tab for all of them, at 375x667 (a small phone),
and require on each the urgent-help bar with its links to call 988, text 988
and call 911 (the crisis registry's numbers, compared in one form) visible,
uncovered and wholly inside the first screen, each showing the number it dials.

Each page is opened at its public address (SITEURL), and every request to
that address is answered from the built folder, so absolute links to the
stylesheet work as they will online; Chromium can resolve no host and any
request elsewhere is aborted, so nothing leaves the machine.

Without Chromium: `make publish`, and any run in CI (CI set), stop with a
message saying how to install it. A local `make public-build` prints a warning
and goes on: it publishes nothing, and every path to the live site (make
publish, the workflow) runs the proof (README.md, "Programs some steps use").
"""
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kact_core.system_tools import CHROMIUM, chromium_path
from kact_core.crisis_registry import address_number, phone_form, registry
from kact_gate.typed_numbers import RUN

# The flags every Chromium here runs with (the browser tests use them too).
# Playwright adds --headless and a fresh --user-data-dir itself. The resolver
# rule makes any host but 127.0.0.1 unresolvable, so nothing reaches the internet.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
PHONE = {"width": 375, "height": 667}
# The bar's links every page must show: (scheme, crisis line).
REQUIRED = (("tel", "lifeline"), ("sms", "lifeline"), ("tel", "emergency"))
MEASURE = (Path(__file__).with_name("urgent_help_in_first_screen.js")).read_text(encoding="utf-8")


class ProofFailed(Exception):
    """Urgent help is not shown as it must be; the message lists each page's problems."""


class NoBrowser(ProofFailed):
    """Chromium (or Playwright) is missing where the proof is required."""


def prove_urgent_help(site, site_url, required=True):
    """Open every page of the built `site` folder, at its address `site_url`
    (https://...), in Chromium and check the bar.

    Returns the seconds it took, or None when it could not run and `required`
    is false (a warning has been printed). Raises NoBrowser or ProofFailed.
    """
    program = chromium_path()
    missing = _missing_browser(program)
    if missing:
        if required or os.environ.get("CI"):
            raise NoBrowser(missing)
        print(f"Warning: urgent help was NOT proved in a browser: {missing}\n"
              "`make publish` and the workflow refuse to publish without this proof.", file=sys.stderr)
        return None
    started = time.perf_counter()
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    # In a thread of its own: Playwright's sync API refuses to start where an
    # asyncio loop already runs, as it does in a test process that drives a
    # browser of its own; a new thread has no loop. The bar's lines are the
    # floor's (registry({})), which no data file can change.
    with ThreadPoolExecutor(max_workers=1) as thread:
        problems = thread.submit(_visit_all, program, _Site(site, site_url), pages, registry({})).result()
    if problems:
        raise ProofFailed("\n".join(problems))
    return time.perf_counter() - started


def _missing_browser(program):
    if not program:
        return (f"Chromium is not installed; it {CHROMIUM.purpose}. Install it: {CHROMIUM.how_to_install()}. "
                "(KACT_CHROMIUM names a Chromium that is not on PATH.)")
    if not os.access(program, os.X_OK):
        return (f"KACT_CHROMIUM is {program}, which is not a program that can be run. Point it at Chromium "
                f"(on macOS /Applications/Chromium.app/Contents/MacOS/Chromium), or install it: {CHROMIUM.how_to_install()}.")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed in .venv: run `make public-build` again, which installs requirements.txt."
    return None


def _visit_all(program, site, pages, crisis):
    from playwright.sync_api import Error, sync_playwright

    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=program, headless=True, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(viewport=PHONE, java_script_enabled=True)
            context.route("**/*", site.answer)
            tab = context.new_page()
            for rel in pages:
                address = "/" + rel.removesuffix("index.html")
                try:
                    response = tab.goto(f"{site.origin}{site.prefix}{address}", wait_until="load")
                    if response is None or not response.ok:
                        problems.append(f"{address}: the page did not load in Chromium.")
                        continue
                    found = tab.evaluate(MEASURE)
                except Error as error:
                    problems.append(f"{address}: Chromium could not open the page ({error.message.splitlines()[0]}).")
                    continue
                problems.extend(f"{address}: {problem}" for problem in _bar_problems(found, crisis))
        finally:
            browser.close()
    return problems


def _bar_problems(found, crisis):
    """What is wrong with the bar as measured on one page, in plain words."""
    if not found["bar"]:
        return ["there is no urgent-help bar on a phone screen."]
    problems = [f"the urgent-help bar {why}." for why in found["bar_problems"]]
    links = [(link, address_number(link["href"]), link["href"].split(":", 1)[0].lower()) for link in found["links"]]
    for scheme, key in REQUIRED:
        line = crisis.line(key)
        number = line.call if scheme == "tel" else line.text
        words = f"{'call' if scheme == 'tel' else 'text'} {number}"
        matching = [link for link, dialed, kind in links if kind == scheme and dialed == number]
        if not matching:
            problems.append(f"the urgent-help bar has no {scheme}:{number} link ({words}) on a phone.")
            continue
        shown = [link for link in matching if _number_shown(link["text"]) == number]
        if not shown:
            problems.append(f"the bar's {scheme}:{number} link shows \"{matching[0]['text']}\", not {number}.")
            continue
        if not any(not link["problems"] for link in shown):
            problems.append(f"the bar's \"{shown[0]['text']}\" link {', '.join(shown[0]['problems'])}.")
    return problems


def _number_shown(words):
    run = RUN.search(words)
    return phone_form(run.group()) if run else ""


class _Site:
    """Answers the browser's requests for the site's address from the built folder."""

    def __init__(self, folder, site_url):
        self.folder = Path(folder).resolve()
        parts = urlsplit(site_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.prefix = parts.path.rstrip("/")

    def answer(self, route):
        parts = urlsplit(route.request.url)
        path = unquote(parts.path)
        if f"{parts.scheme}://{parts.netloc}" != self.origin or not path.startswith(self.prefix + "/"):
            route.abort("blockedbyclient")
            return
        file = (self.folder / path[len(self.prefix) + 1:]).resolve()
        if file.is_dir():
            file = file / "index.html"
        if file.is_file() and file.is_relative_to(self.folder):
            route.fulfill(path=str(file))
        else:
            route.fulfill(status=404, body="Not found")
