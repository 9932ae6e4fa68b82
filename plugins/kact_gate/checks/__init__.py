"""The list of checks the gate runs on every build. Adding a check is one line here.

Each check is a function `check(site)` that yields Problems (see ../problem.py).
`SOURCE` checks read the Markdown files and Pelican's page objects and run
before any page is written; `BUILT` checks read the written pages.
"""
from dataclasses import dataclass
from typing import Callable

from . import citations, claims, links, markdown_safety, metadata, notices
from . import readability, review_dates, spelling, unfinished

SOURCE = "source"
BUILT = "built"


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable
    stage: str


CHECKS = [
    Check("metadata", metadata.check, SOURCE),
    Check("markdown_safety", markdown_safety.check, SOURCE),
    Check("links", links.check, BUILT),
    Check("notices", notices.check, BUILT),
    Check("claims", claims.check, BUILT),
    Check("citations", citations.check, BUILT),
    # Advice for the editor (never stops a build): see EDITING.md, "Check".
    Check("review_dates", review_dates.check, SOURCE),
    Check("unfinished", unfinished.check, SOURCE),
    Check("spelling", spelling.check, SOURCE),
    Check("readability", readability.check, BUILT),
]
