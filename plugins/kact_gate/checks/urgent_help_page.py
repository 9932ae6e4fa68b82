"""The Urgent help page keeps its two required parts, whatever its wording.

- Its list of crisis lines: the crisis_lines partial's list
  (`{{ crisis_lines(...) }}`, class app-crisis-lines) in the page's own text,
  with an item for every line of the floor (crisis_registry.FLOOR), known
  by its cue words, linking to each of its numbers (compared in one form).
- Its emergency statement: a sentence saying that the site (or the
  practice) cannot respond to or answer emergencies, not struck out or hidden.

Both are recognised by what they are, not by their words, so the page can be
reworded, reordered or given more lines and still pass; deleting either stops
the build.
"""
import copy
import re

from ..built import address_as_followed, visible_text
from kact_core.crisis_registry import FLOOR, address_number
from kact_core.problem import Problem

SLUG = "urgent-help"
LIST = ".//*[contains(concat(' ', normalize-space(@class), ' '), ' app-crisis-lines ')]"
CANNOT = r"(?:cannot|can ?not|can't|is not able to|are not able to|is unable to|are unable to)"
EMERGENCY_STATEMENT = re.compile(
    CANNOT + r"\W+(?:\w+\W+){0,3}?(?:respond|answer|handle|help)\w*\W+(?:\w+\W+){0,4}?emergenc", re.IGNORECASE)
WITHDRAWN = ".//del | .//s | .//strike | .//*[@hidden] | .//*[@aria-hidden='true']"
WITHDRAWN_AROUND = "ancestor-or-self::*[self::del or self::s or self::strike or @hidden or @aria-hidden='true']"
LIST_FIX = ("Put the list back: a line of its own holding {{ crisis_lines(" +
            ", ".join(f'"{line.key}"' for line in FLOOR) + ") }} (more lines may be added), "
            "under a heading such as \"Lines you can call or text\". Or undo your last change.")
STATEMENT_FIX = ("Put the section back: a heading such as \"This site cannot respond to emergencies\" and a "
                 "sentence such as \"This website and {{ practice.name }} cannot answer emergencies.\", "
                 "followed by where to go instead. Or undo your last change.")


def check(site):
    for built in site.built_pages.values():
        page = built.source.page if built.source is not None else None
        if page is None or getattr(page, "slug", None) != SLUG:
            continue
        # The page's own text; a theme without its prose box leaves nothing to find.
        prose = built.prose if built.prose is not None else built.doc.makeelement("div")
        yield from _missing_lines(built, prose)
        if not any(EMERGENCY_STATEMENT.search(text) and EMERGENCY_STATEMENT.search(_affirmed(element))
                   for element, text in built.text_blocks(prose)):
            yield Problem(built.source.rel, None,
                          "The Urgent help page no longer says that this site cannot respond to emergencies. "
                          "It is a required part of the page: someone in crisis must not wait for a reply.",
                          STATEMENT_FIX)


def _affirmed(element):
    """The element's words without those struck out or hidden: a statement
    shown as withdrawn (<del>) does not count."""
    if element.xpath(WITHDRAWN_AROUND):
        return ""
    kept = copy.deepcopy(element)
    for withdrawn in kept.xpath(WITHDRAWN):
        withdrawn.drop_tree()
    return visible_text(kept)


def _missing_lines(built, prose):
    """The floor's lines without an item in the list that names the line
    (its cue words) and links to each of its numbers."""
    reached = {line.key: set() for line in FLOOR}
    for item in prose.xpath(LIST + "//li"):
        words = visible_text(item)
        addresses = set()
        for link in item.xpath(".//a[@href]"):
            href = address_as_followed(link.get("href", ""))
            addresses.add((href.split(":", 1)[0].lower(), address_number(href)))
        for line in FLOOR:
            if any(re.search(cue, words, re.IGNORECASE) for cue in line.cues):
                reached[line.key] |= addresses
    missing = [line.name for line in FLOOR
               if (line.call and ("tel", line.call) not in reached[line.key])
               or (line.text and ("sms", line.text) not in reached[line.key])]
    if missing:
        line = built.source.line_containing("crisis_lines(")
        yield Problem(built.source.rel, line,
                      "The Urgent help page's list of crisis lines is missing or incomplete (no link for: "
                      f"{', '.join(missing)}). The list is a required part of the page.", LIST_FIX)
