"""`invoke new-page "Title"`: start a page with every header field it needs.

The new file shows in the preview at once. Its Summary and body say TODO,
which the preview reports as advice and every other build as an error until
they are rewritten, and the command prints the
notices the page will carry, using the same rules the build applies.
"""
import datetime
import re
from pathlib import Path
from types import SimpleNamespace

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from tooling.build.build import ROOT

from kact_gate.checks.metadata import LONGEST_SLUG
from kact_gate.checks.unfinished import NEW_PAGE_PLACEHOLDERS
from kact_core.plain_yaml import load_data
from kact_gate.source import SourcePage
from kact_notices.rules import notice_ids_for

PLACES = {
    "header": "in the urgent-help bar at the top",
    "footer": "in the footer",
    "page": "in an 'Important to know' box on the page",
}

TEMPLATE = """\
Title: {{title}}
Summary: TODO: {summary}
Slug: {{slug}}
Reviewed: {{today}}

TODO: {opening}

## TODO: {heading}

TODO: {section}
""".format(**NEW_PAGE_PLACEHOLDERS)


class NewPageRefused(Exception):
    """The page was not created; the message says why and what to do."""


def slug_for(title):
    return slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def create_page(title, project=ROOT, today=None):
    """Write content/pages/<slug>.md and return (path, text of the new page)."""
    title = " ".join(title.split())
    if not title:
        raise NewPageRefused('Give the page a title, for example: make new-page TITLE="Office hours"')
    slug = slug_for(title)
    if not slug:
        raise NewPageRefused(f'"{title}" has no letters or numbers to make an address from. Use words in the title.')
    if len(slug) > LONGEST_SLUG:
        raise NewPageRefused(
            f"This title is too long to make the page's address from ({len(slug)} characters once made into "
            f"one; an address may have at most {LONGEST_SLUG}), so nothing was created. Start the page with a "
            'shorter title, for example make new-page TITLE="Office hours"; you can write the full heading '
            "in the page later."
        )
    pages = Path(project) / "content" / "pages"
    path = pages / f"{slug}.md"
    if path.exists():
        raise NewPageRefused(
            f"{path.relative_to(project)} already exists, so nothing was changed. "
            "Open that file to edit it, or choose a different title."
        )
    taken = _slug_in_use(pages, slug)
    if taken:
        raise NewPageRefused(
            f"{taken.relative_to(project)} already uses the address /{slug}/, so nothing was changed. "
            "Choose a different title."
        )
    today = today or datetime.date.today()
    text = TEMPLATE.format(title=title, slug=slug, today=today.isoformat())
    path.write_text(text, encoding="utf-8")
    return path, text


def _slug_in_use(pages, slug):
    for other in sorted(pages.glob("*.md")):
        if _header(other).value("slug").strip() == slug:
            return other
    return None


def _header(path):
    """A page's header as Pelican's Markdown reader reads it."""
    return SourcePage(path, path.parents[2]).read_header()


def notices_for_new_page(slug, title, text, spec):
    """(notices it carries now, [(what the text would have to mention, notice)])"""
    page = SimpleNamespace(slug=slug, title=title, metadata={}, _content=text)
    carried = set(notice_ids_for(page, spec))
    now = [notice for notice in spec if notice["id"] in carried]
    later = [
        (_readable_pattern(pattern), notice)
        for notice in spec
        if notice["id"] not in carried
        for pattern in notice.get("rules", {}).get("mentions", [])
    ]
    return now, later


def _readable_pattern(pattern):
    r"""'\b(benefits?|outcomes?|results)\b' -> 'benefits, outcomes or results'."""
    words = re.sub(r"\\b|[()]", "", pattern).split("|")
    words = [re.sub(r"(\w)\?", r"\1", word) for word in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def menu_orders(pages):
    orders = []
    for page in pages.glob("*.md"):
        order = _header(page).value("nav_order").strip()
        if order.isdigit():
            orders.append(int(order))
    return sorted(orders)


def describe(path, project=ROOT):
    """What the therapist reads after creating a page: notices, then the next steps."""
    project = Path(project)
    spec = load_data(project / "data" / "notices.yml")
    page = _header(path)
    slug, title = page.value("slug"), page.value("title")
    body = "\n".join(page.lines[page.body_start - 1:])
    now, later = notices_for_new_page(slug, title, f"{page.value('summary')} {body}", spec)
    orders = menu_orders(project / "content" / "pages")
    next_order = (orders[-1] + 1) if orders else 1
    lines = [f"Created {path.relative_to(project)} (its address will be /{slug}/).", "", "It will carry these notices:"]
    lines += [f"  - {notice['heading']} ({PLACES.get(notice['place'], notice['place'])})" for notice in now]
    if later:
        lines += ["", "It will also carry a notice as soon as its text mentions:"]
        lines += [f"  - {words}: {notice['heading']}" for words, notice in later]
    lines += [
        "",
        "Next:",
        f"  1. Open {path.relative_to(project)} and replace every TODO with your own words.",
        f"  2. To list the page in the menu, add the header line `Nav_order: {next_order}` below `Slug:`.",
        f"  3. Run `make serve` and open http://127.0.0.1:8000/{slug}/ to see it as you write.",
        '  4. Run `make check` before you publish. docs/editing-reference.md, "Add a page", explains each step.',
    ]
    return "\n".join(lines)
