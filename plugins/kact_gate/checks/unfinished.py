"""Words still to be written: TODO, FIXME, TK, or the text `make new-page` starts a page with.

An error in every build, so nothing unfinished reaches output/ (which a host
may publish as it is) or goes out with `make publish`. Only the live preview,
where the page is being written, reports it as advice
(GATE_UNFINISHED_IS_ADVICE). A draft is never published, so it is not checked.
"""
import re

from kact_core.problem import ADVICE, ERROR, Problem

MARKER = re.compile(r"\b(TODO|FIXME|TK)\b")
# The instructions `make new-page` writes after each TODO (tooling/pages/new_page.py
# builds its template from these), caught even once the TODO itself is deleted.
NEW_PAGE_PLACEHOLDERS = {
    "summary": "rewrite this as one sentence of 70 to 160 characters that tells a couple what this page is for.",
    "opening": "write a short opening paragraph here, then one section per topic.",
    "heading": "first section heading",
    "section": "write this section. Start each new section with a line beginning `## `.",
}


def check(site):
    severity = ADVICE if site.settings.get("GATE_UNFINISHED_IS_ADVICE") else ERROR
    for source in site.markdown_sources:
        if getattr(source.page, "status", None) == "draft":
            continue
        # Most pages hold nothing unfinished: one search of the whole file says so.
        if not _unfinished("\n".join(source.lines)):
            continue
        for number, line in enumerate(source.lines, start=1):
            found = _unfinished(line)
            if found:
                yield Problem(
                    source.rel, number,
                    f"This line still has {found}, which readers would see.",
                    f"Replace {found} with your own text. (Or keep the page as `Status: draft` until it is done.)",
                    severity,
                )


def _unfinished(line):
    marker = MARKER.search(line)
    if marker:
        return f"the placeholder {marker.group(1)}"
    lowered = line.lower()
    if any(text.lower() in lowered for text in NEW_PAGE_PLACEHOLDERS.values()):
        return "the placeholder text from `make new-page`"
    return None
