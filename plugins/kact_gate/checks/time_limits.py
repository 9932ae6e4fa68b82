"""Statements that hold only until a date (data/time_limits.yml, read by the
truth register in plugins/kact_register/time_limits.py).

- `check`, in every build: each page that makes the statement shows its date
  through the fact {{ until.<id> }} (so the date is typed once), and no page
  shows it without being listed; after the date, each such page is an error
  naming the statement, the page and the source to re-check. So `make html`,
  `make check`, `make check-review-dates` (the weekly run) and `make publish`
  all fail until a person has re-read the source.
- `check_soon`, advice only (`make check` and the preview): from 30 days
  before the date, a warning that never stops the build.

"Today" is the GATE_TODAY setting when set (YYYY-MM-DD, for tests and for
trying a date out), else the machine's date: the clock itself is never patched.
"""
import datetime

import jinja2

from kact_core.problem import ADVICE, Problem

DATA = "data/time_limits.yml"
WARN_BEFORE = datetime.timedelta(days=30)


def today_of(site):
    value = site.settings.get("GATE_TODAY")
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)) if value else datetime.date.today()


def check(site, today=None):
    from kact_register import load_register

    register = load_register(site.project / "data")
    for line, what, fix in register.time_limit_problems:
        yield Problem(DATA, line, what, fix)
    today = today or today_of(site)
    pages = _pages_by_slug(site)
    for limit in register.time_limits:
        showing = {slug: line for slug, (source, used) in pages.items()
                   for line in [used.get(limit.fact_path)] if line is not None}
        for slug in limit.pages:
            if slug not in pages:
                yield Problem(DATA, limit.line, f"The statement {limit.id} names the page {slug!r}, which does not exist.",
                              "Write the page's file name without .md (e.g. treatment-options), or remove it from `pages`.")
            elif slug not in showing:
                yield Problem(pages[slug][0].rel, None,
                              f"This page makes a statement that holds only until {limit.ends_on_words} "
                              f"({limit.says}), but does not show that date.",
                              f"Show the date with {{{{ {limit.fact_path} }}}} where the page makes the statement, "
                              f"or remove the page from `pages` of {limit.id} in {DATA}.")
        for slug, line in showing.items():
            if slug not in limit.pages:
                yield Problem(pages[slug][0].rel, line,
                              f"This page shows the end date {limit.fact_path}, but {DATA} does not list it "
                              f"among the pages of {limit.id}.",
                              f"Add {slug} to `pages` of {limit.id} in {DATA}, so the page is named when the date passes.")
        if today > limit.ends_on:
            for slug, line in sorted(showing.items()):
                yield Problem(pages[slug][0].rel, line, _ended_words(limit, register.sources, today),
                              _recheck_words(limit, register.sources))


def check_soon(site, today=None):
    from kact_register import load_register

    register = load_register(site.project / "data")
    today = today or today_of(site)
    for limit in register.time_limits:
        if limit.ends_on - WARN_BEFORE <= today <= limit.ends_on:
            days = (limit.ends_on - today).days
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            yield Problem(
                DATA, limit.line,
                f"The statement {limit.id} ({limit.says}) holds only until {limit.ends_on_words}, {when}. "
                f"Pages: {', '.join(limit.pages)}.",
                _recheck_words(limit, register.sources),
                ADVICE,
            )


def _ended_words(limit, sources, today):
    source = sources.get(limit.source) or {}
    return (f"This page says that {limit.says} ({limit.id} in {DATA}). That held only until {limit.ends_on_words} "
            f"(source: {source.get('title', limit.source)}), and today is {today.isoformat()}: "
            "it may no longer be true.")


def _recheck_words(limit, sources):
    source = sources.get(limit.source) or {}
    return (f"Re-check the source {limit.source} ({source.get('url', 'see data/sources.yml')}) and set its "
            f"`checked:` date in data/sources.yml. Then change the pages' wording ({', '.join(limit.pages)}) "
            f"and the statement's `ends_on` and `source` in {DATA} (line {limit.line}), or remove the statement.")


def _pages_by_slug(site):
    """{slug: (SourcePage, {fact path: line in the file})} for every Markdown page."""
    from kact_register import facts_used

    found = {}
    for source in site.markdown_sources:
        if source.text is None:
            continue
        slug = source.page.slug if source.page is not None else (source.value("slug") or source.path.stem)
        body = "\n".join(source.lines[source.body_start - 1:])
        used = {}
        if "{{" in body:
            try:
                for path, lineno, _ in facts_used(body):
                    used.setdefault(path, source.body_start + lineno - 1)
            except jinja2.TemplateSyntaxError:
                pass  # the build's own message says where
        found[slug] = (source, used)
    return found
