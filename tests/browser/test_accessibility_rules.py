"""axe-core finds no WCAG 2.0, 2.1 or 2.2 A/AA violation on any page, at either
width, and in dark mode too once the theme has one."""
import pytest

from tests.browser.checks import axe_problems
from tests.site import ROOT

# A content-only push runs these (make test-content, tooling/workflow/change_scope.py).
pytestmark = pytest.mark.content

STYLESHEET = ROOT / "theme" / "static" / "css" / "main.css"
COLOUR_SCHEMES = ["light"]
if "prefers-color-scheme: dark" in STYLESHEET.read_text(encoding="utf-8"):
    COLOUR_SCHEMES.append("dark")


@pytest.mark.parametrize("colour_scheme", COLOUR_SCHEMES)
def test_no_axe_violations(open_page, site_url, address, screen, colour_scheme):
    visit = open_page(site_url + address, color_scheme=colour_scheme, **screen)
    assert axe_problems(visit.page) == []
