"""No raw HTML that could run code, load another site or restyle a page.

Pages are written in Markdown; the theme owns the look and the site runs no
JavaScript. So `<script>`, `<iframe>` (and the like), `on...=` event
handlers and `style=` / `<style>` are errors wherever they appear in a page's
Markdown, outside fenced code blocks and `code spans`.

A fenced code block is found exactly as Markdown's fenced_code extension
finds it (its own pattern): an opening fence of three or more backticks or
tildes, closed only by the same fence. A line that merely starts with ```,
or a fence never closed, is not code, so what follows it is still checked.
"""
import re

from markdown.extensions.fenced_code import FencedBlockPreprocessor

from ..problem import Problem

TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>?")
FORBIDDEN_TAGS = {
    "script": "runs JavaScript, which this site never uses",
    "iframe": "shows another website inside the page",
    "frame": "shows another website inside the page",
    "object": "embeds outside content",
    "embed": "embeds outside content",
    "style": "changes the look of the page outside the theme",
    "form": "sends what people type to another address",
    "link": "loads a file from elsewhere",
    "meta": "changes how browsers treat the page",
    "base": "changes where every link on the page points",
}
EVENT_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\bstyle\s*=", re.IGNORECASE)
FENCED_BLOCK = FencedBlockPreprocessor.FENCED_BLOCK_RE
CODE_SPAN = re.compile(r"(`+).+?\1")
JAVASCRIPT_URL = re.compile(r"\]\(\s*javascript:", re.IGNORECASE)


def check(site):
    for source in site.markdown_sources:
        if source.decode_error is None:
            yield from _check_source(source)


def _check_source(source):
    in_code = _fenced_code_lines(source.lines)
    for number, line in enumerate(source.lines, start=1):
        if number in in_code:
            continue
        line = CODE_SPAN.sub(" ", line)
        for problem in _check_line(line):
            yield Problem(source.rel, number, *problem)


def _fenced_code_lines(lines):
    """The numbers (from 1) of the lines in fenced code blocks, fences included."""
    if not any(line.startswith(("```", "~~~")) for line in lines):
        return set()
    text = "\n".join(lines) + "\n"
    inside = set()
    for block in FENCED_BLOCK.finditer(text):
        first = text.count("\n", 0, block.start()) + 1
        inside.update(range(first, text.count("\n", 0, block.end()) + 2))
    return inside


def _check_line(line):
    for match in TAG.finditer(line):
        name = match.group(1).lower()
        attributes = match.group(2)
        if name in FORBIDDEN_TAGS:
            yield (
                f"The page has a raw <{name}> tag, which {FORBIDDEN_TAGS[name]}.",
                f"Delete the <{name}> tag. Write the text in Markdown; for a link to another site use [words](https://...).",
            )
            continue
        handler = EVENT_HANDLER.search(attributes)
        if handler:
            yield (
                f"The <{name}> tag has an event handler ({handler.group(0).rstrip('= ')}=...), which would run JavaScript.",
                "Delete that attribute. The site works without JavaScript.",
            )
        if STYLE_ATTRIBUTE.search(attributes):
            yield (
                f"The <{name}> tag has a style= attribute, which changes the look outside the theme.",
                "Delete the style=... part. The theme sets the look of every page; ask the developer if "
                "something needs to look different.",
            )
    if JAVASCRIPT_URL.search(line):
        yield ("A link on this line starts with javascript:, which would run code.",
               "Link to a page of the site with {filename}page.md, or to another site with https://.")
