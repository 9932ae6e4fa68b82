"""`make questions`: what the practice still has to tell us, and how fresh our sources are.

For the practice, in plain words: each open question from the truth register
(data/practice.yml) with why a couple wants the answer, what is still missing
and which pages will show the answer once it is confirmed; then every outside
source (data/sources.yml) with the date a person last checked it, the date
`invoke check-links --online` last found its address answering, and what
could not be settled from it yet; between them, each statement that holds
only until a date (data/time_limits.yml) with its date and source.
"""
import datetime
import textwrap

import jinja2

from tooling.build.build import ROOT
from tooling.check.check_links import CACHE, _read_cache
from kact_gate.source import SourcePage
from kact_register import covers, facts_used, guarded_names, load_register

WIDTH = 96


def questions_report(root=ROOT, cache_path=CACHE):
    register = load_register(root / "data")
    pages = _pages(root)
    lines = []
    open_groups = [group for group in register.groups if any(not fact.is_confirmed for fact in group.facts)]
    lines.append(f"OPEN QUESTIONS FOR THE PRACTICE ({len(open_groups)})")
    lines.append("Until a question is answered and confirmed, the site does not state the answer.")
    lines.append("How to answer one: EDITING.md, \"Answering an open question\".")
    for number, group in enumerate(open_groups, start=1):
        missing = [fact.path for fact in group.facts if not fact.filled]
        waiting = [fact.path for fact in group.facts if fact.filled and not fact.is_confirmed]
        shown_on = [title for title, used in pages if any(covers(group.path, path) or covers(path, group.path)
                                                           for path in used)]
        lines.append("")
        lines += _wrapped(f"{number}. {group.ask}", "", "   ")
        lines += _wrapped(f"Why couples want to know: {group.why}", "   ")
        if missing:
            lines += _wrapped(f"Still to fill in: {', '.join(missing)}", "   ")
        if waiting:
            lines += _wrapped(f"Filled in, waiting for a confirmation date: {', '.join(waiting)}", "   ")
        lines.append(f"   Where: data/practice.yml, line {group.line} ({group.path})")
        lines += _wrapped("Will show on: " + ("; ".join(shown_on) if shown_on else
                                              "no page yet (ask the editor where it belongs)"), "   ")
    lines += _time_limit_lines(register, datetime.date.today())
    cache = _read_cache(cache_path)
    lines += ["", f"OUTSIDE SOURCES ({len(register.sources)})",
              "Checked: when a person last compared the site's wording with the source.",
              "Link answered: when `invoke check-links --online` last found the address working."]
    for source_id, source in register.sources.items():
        lines.append("")
        lines += _wrapped(f"- {source.get('publisher') or source['title']}: {source['title']}"
                          if source.get("publisher") else f"- {source['title']}", "")
        lines.append(f"  {source['url']}")
        checked = source.get("checked")
        how = f" ({source['checked_against']})" if source.get("checked_against") else ""
        lines += _wrapped(f"Checked: {_date(checked) if checked else 'never'}{how}", "  ")
        lines.append(f"  Link answered: {_link_date(cache.get(source['url']))}")
        for point in source.get("open_points") or []:
            lines += _wrapped(f"Still open: {point}", "  ")
        lines.append(f"  Where: data/sources.yml ({source_id})")
    return "\n".join(lines) + "\n"


def _time_limit_lines(register, today):
    lines = ["", f"STATEMENTS WITH AN END DATE ({len(register.time_limits)})",
             "`make check` warns from 30 days before the date; after it, builds and `make publish` fail."]
    for limit in register.time_limits:
        days = (limit.ends_on - today).days
        when = f"in {days} days" if days > 0 else ("today" if days == 0 else f"PASSED {-days} days ago")
        lines.append("")
        lines += _wrapped(f"- {limit.says}", "")
        lines += _wrapped(f"Holds until: {limit.ends_on_words} ({when})", "  ")
        lines += _wrapped(f"Source to re-check: {limit.source} in data/sources.yml; pages: {', '.join(limit.pages)}", "  ")
        lines.append(f"  Where: data/time_limits.yml, line {limit.line} ({limit.id})")
    return lines


def _pages(root):
    """(page title and address, fact paths and guard names it uses) for every page."""
    found = []
    for path in sorted((root / "content" / "pages").glob("*.md")):
        source = SourcePage(path, root).read_header()
        if source.text is None:
            continue
        body = "\n".join(source.lines[source.body_start - 1:])
        try:
            used = {fact for fact, _, _ in facts_used(body)} | guarded_names(body)
        except jinja2.TemplateSyntaxError:
            continue
        slug = source.value("slug") or path.stem
        address = "/" if slug == "index" else f"/{slug}/"
        found.append((f"{source.value('title')} ({address})", used))
    return found


def _date(value):
    return f"{value.day} {value:%B %Y}" if isinstance(value, datetime.date) else str(value)


def _link_date(answer):
    if not answer:
        return "not yet asked on this machine (run: invoke check-links --online)"
    when = datetime.datetime.fromtimestamp(answer.get("checked", 0), datetime.timezone.utc).date()
    result = "working" if answer.get("ok") else f"NOT working ({answer.get('error') or answer.get('status')})"
    return f"{_date(when)}, {result}"


def _wrapped(text, indent, following=None):
    return textwrap.wrap(text, WIDTH, initial_indent=indent,
                         subsequent_indent=indent + "  " if following is None else following)
