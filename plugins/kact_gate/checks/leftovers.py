"""Nothing half-rendered reaches a page: Markdown or facts that failed quietly.

- A paragraph that starts with `|` and holds another `|`, or holds three:
  a table that did not render (a missing separator cell, or no blank line before it), which
  would publish as a line of raw pipes.
- `{ therapist.name }` with single braces, a leftover `{{`, `}}`, `{%` or
  `%}`, and an unexpanded `{filename}` / `{static}` link marker.
Text inside code (`code` spans and blocks) is shown as written and not read.
"""
import re

from ..locate import is_inside, where_text
from kact_core.problem import Problem
from kact_core.unicode_text import normalise

SINGLE_BRACE_FACT = re.compile(r"(?<!\{)\{\s*[A-Za-z_]\w*(?:\.\w+)+\s*\}(?!\})|(?<!\{)\{ +[A-Za-z_]\w* +\}(?!\})")
TEMPLATE_BRACES = re.compile(r"\{\{|\}\}|\{%|%\}")
LINK_MARKER = re.compile(r"\{(filename|static|attach|index|tag|category|author)\}")
CODE = ("code", "pre", "script", "style")
READ_ATTRIBUTES = ("href", "src", "alt", "title")
TABLE_FIX = ("A table needs a blank line before it, a header row, and a separator row with one "
             "`---` cell for every column, e.g. `| --- | --- |` under a two-column header.")


def check(site):
    for built in site.built_pages.values():
        prose = built.prose
        if prose is not None:
            for paragraph in prose.iter("p"):
                text = normalise(paragraph.text_content()).strip()
                if (text.startswith("|") and "|" in text[1:]) or text.count("|") >= 3:
                    path, line = _where_table(site, built, text)
                    yield Problem(path, line, "This table did not render: the page would show a line of | characters.",
                                  TABLE_FIX)
        if "{" not in built.html and "%}" not in built.html:
            continue
        body = built.doc.body if built.doc.find("body") is not None else built.doc
        for element in body.iter():
            if not isinstance(element.tag, str) or element.tag in CODE:
                continue
            in_prose = prose is not None and is_inside(element, prose)
            if any(parent.tag in CODE for parent in element.iterancestors()):
                continue
            texts = [element.text or ""] + [element.get(name, "") for name in READ_ATTRIBUTES]
            texts += [child.tail or "" for child in element]
            for text in texts:
                yield from _leftovers(site, built, in_prose, text)


def _leftovers(site, built, in_prose, text):
    if "{" not in text and "}" not in text:
        return
    for found in LINK_MARKER.finditer(text):
        yield _problem(site, built, in_prose, text, found,
                       f"The link marker {found.group(0)} was not turned into an address.",
                       "Write it with no space after it, as [words]({filename}page.md), and check the file name.")
    for found in SINGLE_BRACE_FACT.finditer(text):
        yield _problem(site, built, in_prose, text, found,
                       f"{found.group(0)} has single braces, so it shows as written instead of the fact.",
                       "Write a fact with two braces on each side: {{ therapist.name }}.")
    braces = list(TEMPLATE_BRACES.finditer(text))
    if braces:
        shown = ", ".join(dict.fromkeys(found.group(0) for found in braces))
        yield _problem(site, built, in_prose, text, braces[0],
                       f"Leftover template braces ({shown}) would show on the page as written.",
                       "Pair each {{ with }} and each {% with %}, or delete the stray braces.")


def _problem(site, built, in_prose, text, found, what, fix):
    """Placed by the words around the leftover, then by the leftover alone."""
    context = " ".join(text[max(0, found.start() - 15):found.end() + 15].split())
    source = built.source
    if not in_prose and source is not None:
        # A header value (Title, Summary...) is shown outside the page's text.
        line = source.line_containing(context)
        if line and line < source.body_start:
            return Problem(source.rel, line, what, fix)
    path, line = where_text(site, built, context, found.group(0), in_page=in_prose)
    return Problem(path, line, what, fix)


def _where_table(site, built, text):
    """The table's first row (its first two cells) or the words before it."""
    before, _, rest = text.partition("|")
    if before.strip():
        return where_text(site, built, before.strip()[:40])
    cells = [re.escape(cell.strip()) for cell in rest.split("|")[:2]]
    source = built.source
    line = source.line_matching(r"\|\s*" + r"\s*\|\s*".join(cells)) if source is not None else None
    return (source.rel, line) if source is not None else where_text(site, built, text[:20])
