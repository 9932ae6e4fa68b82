"""The site's menus and each page's list of sections.

- `Nav_order` and `Footer_order` in a page header become numbers (Pelican
  keeps unknown header fields as text, and "10" sorts before "2" as text).
- NAV_PAGES: the main menu. Pages with a Nav_order, in order, except the
  home page (the site name leads there) and pages that belong to a group
  (`groups` in data/signposts.yml), which the group's own item stands for.
- FOOTER_PAGES: pages with a Footer_order, in order.
- Every page gets `section_group` (the menu item it sits under, with the
  group's pages, or None) and `contents`: the page's `##` headings (with their
  `###` headings where the page is a list of questions), worked out from the
  HTML Python-Markdown wrote, so the list is never typed by hand. Short pages
  get none: SECTION_LIST_MIN_WORDS and SECTION_LIST_MIN_HEADINGS set how long;
  `contents_wide_only` pages (SECTION_LIST_WIDE_ONLY) show it on wide screens only.
"""
import re
from html import unescape
from typing import NamedTuple

from markupsafe import Markup
from pelican import signals

ORDER_FIELDS = ("nav_order", "footer_order")
HOME = "index"
# Python-Markdown's toc extension gives each heading an id.
HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")
DEFAULTS = {
    # About four phone screens of text with the header and footer: longer pages need a way to scan them.
    "SECTION_LIST_MIN_WORDS": 250,
    "SECTION_LIST_MIN_HEADINGS": 3,
    # Pages that are lists of questions: their `###` questions are listed, grouped under their `##`.
    "SECTION_LIST_WITH_SUBHEADINGS": ["faq"],
    # The home page's question cards already open it with where to go.
    "SECTION_LIST_SKIP": ["index"],
    # On a phone nothing may stand between these pages' heading and what to do
    # now: their list is shown only beside the text, on wide screens.
    "SECTION_LIST_WIDE_ONLY": ["urgent-help"],
}


def number_orders(content):
    for field in ORDER_FIELDS:
        value = content.metadata.get(field)
        if value is None:
            continue
        try:
            setattr(content, field, int(str(value).strip()))
        except ValueError:
            # Leave it unset; the quality gate reports the bad value with its file.
            setattr(content, field, None)


class MenuItem(NamedTuple):
    slug: str
    url: str
    label: str
    # The pages this item stands for besides its own, as MenuItems (a group).
    members: tuple = ()


class Section(NamedTuple):
    anchor: str
    title: str
    subsections: tuple = ()


def _item(page, members=()):
    return MenuItem(page.slug, page.url, getattr(page, "nav_label", None) or page.title, tuple(members))


def menus(pages, groups=None):
    """The main menu and the footer links, each in order.

    Each entry is worked out once: a page's `url` is recomputed by Pelican on
    every use, and every page draws both menus."""
    groups = groups or {}
    by_slug = {page.slug: page for page in pages}
    in_a_group = {slug for members in groups.values() for slug in members}

    def ordered(field):
        return sorted((page for page in pages if getattr(page, field, None)), key=lambda page: getattr(page, field))

    main = [
        _item(page, [_item(by_slug[slug]) for slug in groups.get(page.slug, []) if slug in by_slug])
        for page in ordered("nav_order")
        if page.slug != HOME and page.slug not in in_a_group
    ]
    return main, [_item(page) for page in ordered("footer_order")]


def _words(html):
    return unescape(TAG.sub(" ", html)).split()


def contents_of(html, with_subheadings=False):
    """The page's sections from its headings: `##` always, `###` under them if asked."""
    sections = []
    for level, anchor, inner in HEADING.findall(html):
        # Plain text (the template escapes it); tags are dropped, not spaced:
        # "Is it <em>safe</em>?" reads "Is it safe?".
        title = Markup(inner).striptags()
        if level == "2":
            sections.append(Section(anchor, title, []))
        elif with_subheadings and sections:
            sections[-1].subsections.append(Section(anchor, title))
    return [Section(section.anchor, section.title, tuple(section.subsections)) for section in sections]


def page_contents(page, settings):
    options = {**DEFAULTS, **{name: settings[name] for name in DEFAULTS if name in settings}}
    if page.slug in options["SECTION_LIST_SKIP"]:
        return []
    html = page.content
    sections = contents_of(html, page.slug in options["SECTION_LIST_WITH_SUBHEADINGS"])
    headings = len(sections) + sum(len(section.subsections) for section in sections)
    if headings < options["SECTION_LIST_MIN_HEADINGS"] or len(_words(html)) < options["SECTION_LIST_MIN_WORDS"]:
        return []
    return sections


def share_menus(generator):
    # Sorted once per build: sorting every page in every page's template
    # grows with the square of the number of pages.
    groups = (generator.settings.get("SIGNPOSTS") or {}).get("groups") or {}
    main, footer = menus(generator.pages, groups)
    generator.context["NAV_PAGES"], generator.context["FOOTER_PAGES"] = main, footer
    group_of = {member.slug: item for item in main for member in (item, *item.members) if item.members}
    for page in [*generator.pages, *generator.hidden_pages]:
        page.section_group = group_of.get(page.slug)
        page.contents = page_contents(page, generator.settings)
        wide_only = generator.settings.get("SECTION_LIST_WIDE_ONLY", DEFAULTS["SECTION_LIST_WIDE_ONLY"])
        page.contents_wide_only = page.slug in wide_only


def register():
    signals.content_object_init.connect(number_orders)
    signals.page_generator_finalized.connect(share_menus)
