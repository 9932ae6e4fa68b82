"""The list of checks the gate runs on every build. Adding a check is one line here.

Each check is a function `check(site)` that yields Problems (see ../problem.py).
`SOURCE` checks read the Markdown files and Pelican's page objects and run
before any page is written; `BUILT` checks read the written pages.
"""
from dataclasses import dataclass
from typing import Callable

from . import citations, claims, crisis_lines, facts_confirmed, hidden_text, hosting_floor, html_safety
from . import leftovers, links, markdown_safety, metadata, notices, pictures, published_files, readability
from . import required_statements, review_dates, reviewed_required, spelling, time_limits, unfinished

# Checked against the crisis registry (../crisis_registry.py), with crisis_lines.
from . import crisis_numbers, urgent_help_page  # noqa: E402

SOURCE = "source"
BUILT = "built"


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable
    stage: str
    # A check that only ever gives advice. Advice never stops a build, so
    # only `invoke check` and the preview run these (setting GATE_ADVICE).
    advice_only: bool = False
    # A BUILT check whose verdict on a page depends only on that page, its
    # Markdown and the project's data files: run page by page, and a page
    # unchanged since the last build keeps its verdict (result_cache.py).
    per_page: bool = False


CHECKS = [
    Check("metadata", metadata.check, SOURCE),
    Check("markdown_safety", markdown_safety.check, SOURCE),
    Check("hidden_text", hidden_text.check, SOURCE),
    Check("facts_confirmed", facts_confirmed.check, SOURCE),
    Check("pictures", pictures.check, SOURCE),
    # Only robots.txt and the favicon are copied online as they are; no page over another file.
    Check("published_files", published_files.check, SOURCE),
    # data/hosting.yml may add and tighten headers, never lower plugins/kact_hosting/floor.py.
    Check("hosting_floor", hosting_floor.check, SOURCE),
    Check("links", links.check, BUILT),
    # The built pages, the last word on safety: markdown_safety gives the early message.
    Check("html_safety", html_safety.check, BUILT, per_page=True),
    Check("notices", notices.check, BUILT, per_page=True),
    Check("crisis_lines", crisis_lines.check, BUILT, per_page=True),
    Check("crisis_numbers", crisis_numbers.check, BUILT, per_page=True),
    Check("urgent_help_page", urgent_help_page.check, BUILT, per_page=True),
    Check("leftovers", leftovers.check, BUILT, per_page=True),
    Check("claims", claims.check, BUILT, per_page=True),
    Check("citations", citations.check, BUILT, per_page=True),
    Check("required_statements", required_statements.check, BUILT, per_page=True),
    Check("reviewed_required", reviewed_required.check, SOURCE),
    # TODO, FIXME, TK: an error everywhere but the live preview (see the check).
    Check("unfinished", unfinished.check, SOURCE),
    # A statement that holds only until a date (data/time_limits.yml): an error after it.
    Check("time_limits", time_limits.check, SOURCE),
    # Advice for the editor (never stops a build): see docs/editing-reference.md, "Check".
    Check("review_dates", review_dates.check, SOURCE, advice_only=True),
    # ... and a warning from 30 days before it.
    Check("time_limits_soon", time_limits.check_soon, SOURCE, advice_only=True),
    Check("spelling", spelling.check, SOURCE, advice_only=True),
    Check("readability", readability.check, BUILT, advice_only=True),
]
