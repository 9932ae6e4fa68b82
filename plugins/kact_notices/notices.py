"""Decide which required notices each page carries, from `data/notices.yml`.

The spec is the single source of each notice's wording and of the rule for
which pages need it. This plugin renders the wording once per build and gives
every page the list of notices its template must show. Checking that the
built pages really show them is the quality gate's job.
"""
import html
import re
import sys
from pathlib import Path

import jinja2
import markdown
from kact_facts import render_text, text_sandbox
from kact_core.time_limit import TookTooLong, time_limit
from pelican import signals

from .rules import notice_ids_for, parse_notice_request, shows_short_line

NOTICES_FILE = "data/notices.yml"
_INLINE_MARKDOWN = markdown.Markdown(extensions=["markdown.extensions.smarty"])
# A notice takes a millisecond to render; wording that takes this long (a
# long run of [ in Markdown) would otherwise hang every build.
RENDER_SECONDS = 5
SANDBOX_FIX = ("Notices may show facts from data/practice.yml with {{ name }} and use {% if %}; "
               "check the spelling against data/practice.yml, or undo your last change.")


def render_wording(notices, facts, project=Path(".")):
    """Fill facts into each notice's Markdown wording and keep it as HTML. The
    wording is data anyone editing the site can change, so it is filled in by
    the same sandbox as page text (facts and {% if %} only, nothing that runs)."""
    env = text_sandbox(facts)
    for notice in notices:
        try:
            with time_limit(RENDER_SECONDS):
                text = render_text(env, notice["text"])
                notice["html"] = _INLINE_MARKDOWN.reset().convert(text)
        except jinja2.TemplateError as error:
            _stop(notice, _sandbox_words(notice, error), project, SANDBOX_FIX)
        except TookTooLong:
            _stop(notice, f"The {notice['id']} notice's wording took more than {RENDER_SECONDS} seconds to "
                  "render, so the build stopped instead of waiting.", project,
                  "A long run of [ or < in the wording makes it this slow: remove it, or undo your last change.")
        notice["plain"] = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", html.unescape(text)).replace("**", "")


def _sandbox_words(notice, error):
    return (f"The {notice['id']} notice's wording uses {{{{ }}}} or {{% %}} for something it may not do "
            f"({(getattr(error, 'message', None) or str(error)).rstrip('.')}).")


def _stop(notice, what, project, fix):
    """A plain report naming the notice's line in data/notices.yml, no traceback."""
    from kact_core.problem import Problem
    from kact_core.report import GateFailed, format_report

    problem = Problem(NOTICES_FILE, _line_of_id(project / NOTICES_FILE, notice["id"]), what, fix)
    print(format_report([problem]), file=sys.stderr)
    raise GateFailed([problem])


def _line_of_id(path, notice_id):
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^\s*-?\s*id:\s*['\"]?{re.escape(notice_id)}['\"]?\s*$")
    return next((number for number, line in enumerate(lines, start=1) if pattern.match(line)), None)


def render_short_lines(notices, facts, project=Path(".")):
    """The one-line versions (`short:`), rendered exactly as the full wording
    is (same sandbox, same reports), kept as short_plain and short_html."""
    shorts = [{"id": notice["id"], "text": notice["short"]} for notice in notices if notice.get("short")]
    render_wording(shorts, facts, project)
    by_id = {short["id"]: short for short in shorts}
    for notice in notices:
        if notice["id"] in by_id:
            notice["short_plain"], notice["short_html"] = by_id[notice["id"]]["plain"], by_id[notice["id"]]["html"]


def prepare_notices(pelican):
    settings = pelican.settings
    # The project folder holds content/ (as the gate reads it), whatever folder the build runs in.
    project = Path(settings["PATH"]).resolve().parent
    render_wording(settings["NOTICES"], settings["FACTS"], project)
    render_short_lines(settings["NOTICES"], settings["FACTS"], project)


def attach_notices(page):
    """Give the page `required_notices` (ids), `top_notices` (notices with a
    short line, shown under the heading: the short line linking to the full
    wording, or the full wording on its own page) and `page_notices` (shown
    whole in main, after the page's text)."""
    settings = page.settings
    spec = settings["NOTICES"]
    added, dropped = parse_notice_request(page.metadata.get("notices", ""))
    required = notice_ids_for(page, spec)
    page.required_notices = required
    page.notice_drop_requests = dropped
    wanted = set(required) | set(added)
    wanted -= set(dropped) - set(required)
    shown = [
        notice
        for notice in spec
        if notice["id"] in wanted
        and (notice["place"] == "page" or page.slug in notice.get("also_in_page", []))
        # The page's own text says it (the gate checks the words are there).
        and page.slug not in (notice.get("said_in_text") or {})
    ]
    page.top_notices, page.page_notices = [], []
    for notice in shown:
        entry = dict(notice)
        if shows_short_line(notice, page.slug):
            entry["plain"], entry["html"] = notice["short_plain"], notice["short_html"]
        if notice.get("short"):
            # Short everywhere but its own page, which holds it whole, at the same place.
            entry["full_page"] = notice["full_on"] if notice["full_on"] != page.slug else None
            page.top_notices.append(entry)
        else:
            page.page_notices.append(entry)


def on_content_init(content):
    if content.__class__.__name__ == "Page":
        attach_notices(content)


def register():
    signals.initialized.connect(prepare_notices)
    signals.content_object_init.connect(on_content_init)
