"""A page started with `make new-page` says TODO where words are still to be written."""
import re

from ..problem import ADVICE, Problem

PLACEHOLDER = re.compile(r"\bTODO\b")


def check(site):
    for source in site.markdown_sources:
        for number, line in enumerate(source.lines, start=1):
            if PLACEHOLDER.search(line):
                yield Problem(
                    source.rel, number,
                    "This line still has a TODO placeholder, which readers would see.",
                    "Replace the TODO and the words after it with your own text.",
                    ADVICE,
                )
