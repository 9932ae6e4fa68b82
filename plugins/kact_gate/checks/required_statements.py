"""The statements that the corrections of the site's wording require, read
from data/claims.yml, so each correction's test lives in the data, not in code:

- `required`: a statement (a pattern) each named page must make, such as the
  side effects on the FAQ or "no medical provider is in the room" where
  sessions at home are described;
- `links_in_blocks`: a paragraph or list item that mentions something (the
  FDA) may link outside only to that body's own https address;
- `crisis_lines_context`: the crisis lines follow only items about crisis,
  danger or substance use, never (say) "you want a quick fix".

A required statement counts only where it is made: struck out (<del>, <s>)
or hidden, it does not.
"""
import re

from ..built import affirmed_text, visible_text
from kact_core.problem import Problem
from .claims import claims_data

BLOCKS = "//main//p | //main//li"


def check(site):
    data = claims_data(site)
    own = _own_addresses(site)
    for built in site.built_pages.values():
        source = built.source
        if source is None or source.page is None or built.main is None:
            continue
        yield from _required(data.get("required", []), built, source)
        yield from _links_in_blocks(data.get("links_in_blocks", []), built, source, own)
        yield from _crisis_lines_context(data.get("crisis_lines_context"), built, source)


def _required(rules, built, source):
    # Struck out (<del>, <s>) or hidden, a statement is withdrawn, not made.
    text = affirmed_text(built.main)
    for rule in rules:
        if source.page.slug in rule["pages"] and not re.search(rule["pattern"], text, re.IGNORECASE):
            yield Problem(
                source.rel, None,
                f"This page must say {rule['says']!r} (or words to that effect), and it does not.",
                f"{rule['why']} Add the statement to the page; data/claims.yml lists it under `required`.",
            )


def _own_addresses(site):
    """The site's own absolute addresses (a published build writes links that way)."""
    return tuple(value.rstrip("/") + "/" for value in (site.settings.get("SITEURL"), site.settings.get("PUBLIC_URL"))
                 if value)


def _links_in_blocks(rules, built, source, own):
    for rule in rules:
        mentions = re.compile(rule["mentions"])
        for block in built.doc.xpath(BLOCKS):
            if not mentions.search(visible_text(block)):
                continue
            for link in block.xpath(".//a[@href]"):
                address = link.get("href")
                outside = re.match(r"[a-z]+://", address, re.IGNORECASE) and not (own and address.startswith(own))
                if outside and not address.startswith(rule["address_starts"]):
                    yield Problem(
                        source.rel, source.line_containing(address),
                        f"A link beside a mention of {rule['name']} goes to {address}, "
                        f"which is not {rule['name']}'s own address.",
                        f"{rule['why']} Link to an address that starts with {rule['address_starts']}.",
                    )


def _crisis_lines_context(rule, built, source):
    if not rule:
        return
    not_after = re.compile(rule["not_after"], re.IGNORECASE)
    for lines in built.doc.xpath(f"//ul[contains(concat(' ', @class, ' '), ' {rule['list_class']} ')]"):
        for before in lines.itersiblings(preceding=True):
            if before.tag in ("h2", "h3", "h4") or "crisis_lines" in (before.get("class") or ""):
                break
            found = not_after.search(visible_text(before))
            if found:
                yield Problem(
                    source.rel, source.line_containing("crisis_lines("),
                    f"The crisis lines follow an item about {found.group(0)!r}.",
                    rule["why"],
                )
