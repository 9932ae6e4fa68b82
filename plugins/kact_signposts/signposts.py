"""Where each page points next, from data/signposts.yml (read in pelicanconf.py as SIGNPOSTS).

- Every page gets `next_step`: the related page its "What next" block offers
  (partials/next_step.html), listed in the data file or else the page after
  it in the main menu (or the home page, for pages outside the menu); None
  for the pages in `ends_plain`, which end with their own text.
- The home page's question cards become HOME_QUESTIONS in the templates.

Each signpost carries the page's address, menu label and Summary, worked out
once per build. A slug in the data file that names no page is logged as a
warning, which the quality gate reports and which stops the build.
"""
import logging
from typing import NamedTuple

from markupsafe import Markup
from pelican import signals

logger = logging.getLogger(__name__)
DATA_FILE = "data/signposts.yml"
HOME = "index"


class Signpost(NamedTuple):
    url: str
    label: str
    summary: str


def _signpost(page, label=None, anchor=None):
    url = page.url + (f"#{anchor}" if anchor else "")
    summary = Markup(page.summary or "").striptags()
    return Signpost(url, label or getattr(page, "nav_label", None) or page.title, summary)


def _menu_order(pages):
    in_menu = sorted((page for page in pages if getattr(page, "nav_order", None)), key=lambda page: page.nav_order)
    return {page.slug: in_menu[(index + 1) % len(in_menu)].slug for index, page in enumerate(in_menu)}


def _find(by_slug, slug, where):
    page = by_slug.get(slug)
    if page is None:
        logger.warning("%s: %s names the page %r, but no page has that slug (the file name without .md).",
                       DATA_FILE, where, slug)
    return page


def add_signposts(generator):
    data = generator.settings.get("SIGNPOSTS") or {}
    pages = [*generator.pages, *generator.hidden_pages]
    by_slug = {page.slug: page for page in pages}
    chosen = {**_menu_order(generator.pages), **(data.get("next") or {})}
    ends_plain = set(data.get("ends_plain") or [])
    for page in pages:
        if page.slug in ends_plain:
            page.next_step = None
            continue
        offered = _find(by_slug, chosen.get(page.slug, HOME), f"next for {page.slug!r}")
        page.next_step = _signpost(offered) if offered is not None else None
    questions = []
    for question in data.get("questions") or []:
        answer = _find(by_slug, question["page"], f"the question {question['ask']!r}")
        if answer is not None:
            questions.append(_signpost(answer, question["ask"], question.get("anchor")))
    generator.context["HOME_QUESTIONS"] = questions


def register():
    signals.page_generator_finalized.connect(add_signposts)
