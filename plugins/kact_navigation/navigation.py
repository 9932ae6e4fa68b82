"""Turn the page header's `Nav_order` and `Footer_order` into numbers.

Pelican keeps unknown header fields as text, and "10" sorts before "2" as
text. Pages with a number appear in the main menu or the footer, in order.
"""
from typing import NamedTuple

from pelican import signals

ORDER_FIELDS = ("nav_order", "footer_order")


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


def menus(pages):
    """The main menu and the footer links, each in order.

    Each entry is worked out once: a page's `url` is recomputed by Pelican on
    every use, and every page draws both menus."""
    def ordered(field):
        chosen = sorted((page for page in pages if getattr(page, field, None)), key=lambda page: getattr(page, field))
        return [MenuItem(page.slug, page.url, getattr(page, "nav_label", None) or page.title) for page in chosen]

    return ordered("nav_order"), ordered("footer_order")


def share_menus(generator):
    # Sorted once per build: sorting every page in every page's template
    # grows with the square of the number of pages.
    generator.context["NAV_PAGES"], generator.context["FOOTER_PAGES"] = menus(generator.pages)


def register():
    signals.content_object_init.connect(number_orders)
    signals.page_generator_finalized.connect(share_menus)
