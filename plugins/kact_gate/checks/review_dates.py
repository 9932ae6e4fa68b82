"""Health pages say when they were last checked for accuracy, and stay checked.

A page is a health page when it carries a health notice (FDA status, results
vary, eligibility, no driving) or lists crisis numbers. It needs a
`Reviewed: YYYY-MM-DD` line, shown to readers as "Page last reviewed ...";
a review over 12 months old is advice to check the page again. Whether the
date is well written is the metadata check's job.
"""
import datetime

from ..problem import ADVICE, Problem

HEALTH_NOTICES = {"fda-status", "results-vary", "eligibility", "no-driving"}
CRISIS_FACTS = ("{{ crisis", "{{crisis", "crisis_lines(")
MAX_AGE = datetime.timedelta(days=365)


def is_health_page(source):
    notices = set(getattr(source.page, "required_notices", []) or [])
    return bool(notices & HEALTH_NOTICES) or any(fact in (source.text or "") for fact in CRISIS_FACTS)


def check(site, today=None):
    today = today or datetime.date.today()
    for source in site.markdown_sources:
        if source.page is None or not is_health_page(source):
            continue
        field = source.field("reviewed")
        if field is None:
            yield Problem(
                source.rel, 1,
                "This page gives health information but has no Reviewed date, so readers cannot "
                "tell how current it is.",
                f"Check the page is still accurate, then add the header line `Reviewed: {today.isoformat()}` "
                "below `Slug:`.",
            )
            continue
        try:
            reviewed = datetime.date.fromisoformat(field.value)
        except ValueError:
            continue  # the metadata check reports a date it cannot read
        if today - reviewed > MAX_AGE:
            yield Problem(
                source.rel, field.line,
                f"This page was last reviewed on {field.value}, more than 12 months ago.",
                "Read it through for accuracy (facts, research, notices), then change the line to "
                f"`Reviewed: {today.isoformat()}`.",
                ADVICE,
            )
