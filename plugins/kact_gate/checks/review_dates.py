"""Advice to check a health page again when its review is over 12 months old.

reviewed_required.py makes sure each health page has a Reviewed date; the
metadata check makes sure the date is well written.
"""
import datetime

from kact_core.problem import ADVICE, Problem
from .reviewed_required import health_pages
from .time_limits import today_of

MAX_AGE = datetime.timedelta(days=365)


def check(site, today=None):
    today = today or today_of(site)
    for source in health_pages(site):
        field = source.field("reviewed")
        if field is None:
            continue
        try:
            reviewed = datetime.date.fromisoformat(field.value)
        except ValueError:
            continue
        if today - reviewed > MAX_AGE:
            yield Problem(
                source.rel, field.line,
                f"This page was last reviewed on {field.value}, more than 12 months ago.",
                "Read it through for accuracy (facts, research, notices), then change the line to "
                f"`Reviewed: {today.isoformat()}`.",
                ADVICE,
            )
