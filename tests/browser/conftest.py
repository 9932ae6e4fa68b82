"""Real-browser checks: pages served locally and opened in headless Chromium.

Fixtures and helpers here are general, so other browser tests (for example the
deploy tests of security headers) can reuse them:

- `serve_folder(path, headers=None)` (from tooling/preview/local_browser.py,
  which the design screenshots share): a context manager that serves a folder
  over HTTP on 127.0.0.1 at a random free port, from a background thread,
  adding `headers` (a dict) to every response; it yields the base URL.
- `browser`: one headless Chromium for all of tests/browser/ (package scope:
  Playwright's sync API holds an asyncio loop open while it runs, which would
  break asyncio-based tests elsewhere if it lived all session): Playwright driving
  the system's Chromium. Without it the tests skip on a developer's machine
  (the reason says how to install it) and fail in CI (`CI` is set): tests/support.py.
- `site_url`: the session's built site (the `site` fixture of
  tests/conftest.py), served by `serve_folder`.
- `fixtures_url`: the deliberately broken pages in tests/browser/fixtures/.
- `open_page(url, width=..., ...)`: opens a URL in Chromium; every request is
  recorded and any to another origin than the URL's is aborted, console
  errors are recorded; returns a `Visit`. `fresh=True` for a new context.
- `screen`: parametrises a test over a phone (375px) and a desktop (1280px) window.
- `screenshot(visit, name)`: saves a full-page PNG into
  test-artifacts/screenshots/, which the end of the run reports
  (tests/conftest.py, so the main process of a parallel run reports it too).
"""
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.run import SCREENSHOTS, run_started
from tests.support import need
from tooling.preview.local_browser import DESKTOP, PHONE, serve_folder
from tooling.publish.urgent_help_proof import CHROMIUM_FLAGS

FIXTURES = Path(__file__).parent / "fixtures"



@pytest.fixture(scope="session", autouse=True)
def chromium_program():
    """`chromium` on PATH, or KACT_CHROMIUM (a Chromium installed another way).
    Autouse and session-scoped, so a missing Chromium skips before any build."""
    return need("chromium")


@pytest.fixture(scope="package")
def browser(chromium_program):
    executable = chromium_program
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def screen(request):
    """The two widths every page is checked at."""
    return request.param


@pytest.fixture(scope="package")
def site_url(site):
    with serve_folder(site.output) as url:
        yield url


@pytest.fixture(scope="package")
def fixtures_url():
    with serve_folder(FIXTURES) as url:
        yield url


@dataclass
class Visit:
    """One page load, with what the page asked for while it was open."""

    page: object
    context: object
    origin: str
    requests: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _Tab:
    """A page in its own browser context that records every load's requests and
    console errors, and aborts any request to another origin than the page's."""

    def __init__(self, browser, **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.visit = None
        self.context.route("**/*", self._only_local)
        self.page.on("request", lambda request: self.visit.requests.append(request.url))
        self.page.on("console", self._record_console)
        self.page.on("pageerror", lambda error: self.visit.console_errors.append(str(error)))

    def _only_local(self, route):
        if _origin(route.request.url) == self.visit.origin:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _record_console(self, message):
        if message.type == "error":
            self.visit.console_errors.append(message.text)

    def open(self, url):
        self.visit = Visit(page=self.page, context=self.context, origin=_origin(url))
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"could not load {url}"
        return self.visit


@pytest.fixture(scope="package")
def _reusable_tabs(browser):
    tabs = {}
    yield tabs
    for tab in tabs.values():
        tab.context.close()


@pytest.fixture
def open_page(browser, _reusable_tabs):
    """open_page(url, width=1280, height=None, javascript=True, fresh=False, **context_options).

    Starting a browser context costs far more than loading a page, so tests
    share one tab per set of options; `fresh=True` gives a brand-new context
    (no cookies or storage from earlier tests), as does asking for the same
    options twice in one test.
    """
    fresh_tabs = []
    used = set()

    def _open(url, width=DESKTOP["width"], height=None, javascript=True, fresh=False, **context_options):
        options = {
            "viewport": {"width": width, "height": height or (PHONE if width < 640 else DESKTOP)["height"]},
            "java_script_enabled": javascript,
            **context_options,
        }
        key = repr(sorted(options.items()))
        if fresh or key in used:
            tab = _Tab(browser, **options)
            fresh_tabs.append(tab)
        else:
            if key not in _reusable_tabs:
                _reusable_tabs[key] = _Tab(browser, **options)
            tab = _reusable_tabs[key]
            used.add(key)
        return tab.open(url)

    yield _open
    for tab in fresh_tabs:
        tab.context.close()


@pytest.fixture(scope="session")
def screenshot_folder(request):
    """test-artifacts/screenshots/, without the screenshots of earlier runs.

    Only files older than this run are removed: in a parallel run each worker
    keeps the screenshots another has just taken."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        if old.stat().st_mtime < run_started(request.config):
            old.unlink()
    return SCREENSHOTS


@pytest.fixture
def screenshot(screenshot_folder):
    def _save(visit, name):
        path = screenshot_folder / f"{name}.png"
        visit.page.screenshot(path=str(path), full_page=True)
        return path

    return _save


