"""Decide which required notices each page carries, from `data/notices.yml`.

The spec is the single source of each notice's wording and of the rule for
which pages need it. This plugin renders the wording once per build and gives
every page the list of notices its template must show. Checking that the
built pages really show them is the quality gate's job.
"""
import re

import jinja2
import markdown
from pelican import signals

from .rules import notice_ids_for, parse_notice_request

_INLINE_MARKDOWN = markdown.Markdown(extensions=["markdown.extensions.smarty"])


def render_wording(notices, facts):
    """Fill facts into each notice's Markdown wording and keep it as HTML."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    for notice in notices:
        text = env.from_string(notice["text"]).render(**facts)
        notice["plain"] = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("**", "")
        notice["html"] = _INLINE_MARKDOWN.reset().convert(text)


def prepare_notices(pelican):
    settings = pelican.settings
    render_wording(settings["NOTICES"], settings["FACTS"])


def attach_notices(page):
    """Give the page `required_notices` (ids) and `page_notices` (shown in main)."""
    settings = page.settings
    spec = settings["NOTICES"]
    added, dropped = parse_notice_request(page.metadata.get("notices", ""))
    required = notice_ids_for(page, spec)
    page.required_notices = required
    page.notice_drop_requests = dropped
    wanted = set(required) | set(added)
    wanted -= set(dropped) - set(required)
    page.page_notices = [
        notice
        for notice in spec
        if notice["id"] in wanted
        and (notice["place"] == "page" or page.slug in notice.get("also_in_page", []))
    ]


def on_content_init(content):
    if content.__class__.__name__ == "Page":
        attach_notices(content)


def register():
    signals.initialized.connect(prepare_notices)
    signals.content_object_init.connect(on_content_init)
