"""A health page must say when it was last checked for accuracy.

A page is a health page when it carries a health notice (FDA status, results
vary, eligibility, no driving) or lists crisis numbers. Its `Reviewed:
YYYY-MM-DD` line is shown to readers as "Page last reviewed: 26 November 2026".
How old the review may be is review_dates.py's advice; whether the date is
well written is the metadata check's job.
"""
import datetime

from kact_core.problem import Problem

HEALTH_NOTICES = {"fda-status", "results-vary", "eligibility", "no-driving"}
CRISIS_FACTS = ("{{ crisis", "{{crisis", "crisis_lines(")


def is_health_page(source):
    notices = set(getattr(source.page, "required_notices", []) or [])
    return bool(notices & HEALTH_NOTICES) or any(fact in (source.text or "") for fact in CRISIS_FACTS)


def health_page_rules(notices):
    """What makes a page a health page, for the browser editor's form
    (editor/admin/reviewed-required.js applies it before saving): the rules of
    data/notices.yml for the health notices, and the crisis facts, as above."""
    return {
        "crisis_facts": list(CRISIS_FACTS),
        "notices": [{"id": notice["id"], "heading": notice.get("heading", notice["id"]),
                     "rules": notice.get("rules", {}), "full_on": notice.get("full_on")}
                    for notice in notices if notice.get("id") in HEALTH_NOTICES],
    }


def health_pages(site):
    return [s for s in site.markdown_sources if s.page is not None and is_health_page(s)]


def check(site, today=None):
    today = today or datetime.date.today()
    for source in health_pages(site):
        if source.field("reviewed") is None:
            yield Problem(
                source.rel, 1,
                "This page gives health information but has no Reviewed date, so readers cannot "
                "tell how current it is.",
                f"Check the page is still accurate, then add the header line `Reviewed: {today.isoformat()}` "
                "below `Slug:`.",
            )
