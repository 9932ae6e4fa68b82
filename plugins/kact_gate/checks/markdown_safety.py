"""No raw HTML that could run code, load another site or restyle a page.

Pages are written in Markdown; the theme owns the look and the site runs no
JavaScript. So `<script>`, `<iframe>` (and the like), `on...=` event
handlers and `style=` / `<style>` are errors wherever they appear in a page's
Markdown, outside fenced code blocks and `code spans`.

A fenced code block is found exactly as Markdown's fenced_code extension
finds it (its own pattern): an opening fence of three or more backticks or
tildes, closed only by the same fence. A line that merely starts with ```,
or a fence never closed, is not code, so what follows it is still checked.

Then the HTML the Markdown made (Pelican's reading, pictures included) goes
through an allowlist sanitizer that parses as browsers do (nh3, on ammonia
and html5ever), with the same list the built-page check holds the page's
text to (html_safety.ALLOWED). Both the page's HTML and the sanitizer's are
read by a browser's parser inside the page's own <div class="app-prose">;
anything the sanitizer removed (an element, an attribute, or a closing tag
without its opening tag that would end the page's text early) stops the build
with the line it was written on. Nothing is dropped silently.
"""
import hashlib
import re
from functools import lru_cache

import nh3
from markdown.extensions.fenced_code import FencedBlockPreprocessor

from ..browser_reading import browser_fragment
from kact_core.problem import Problem
from .html_safety import ALLOWED, CLASSES_IN_TEXT, GLOBAL_ATTRIBUTES, SAFE_SCHEMES

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


# Its problems' name: the gate leaves one out where a more telling message names the same line.
SANITIZER = "html_sanitizer"
# http: links are the links check's to report (links-insecure), with its own advice.
SANITIZER_SCHEMES = SAFE_SCHEMES | {"http"}
SANITIZED_FIX = ("Delete it, or write it in Markdown. Pages may hold only what Markdown writes (the list is "
                 "in plugins/kact_gate/checks/html_safety.py, ALLOWED); the site runs no JavaScript, loads "
                 "nothing from other sites and the theme sets the look.")
UNBALANCED_FIX = ("Give every raw HTML closing tag its opening tag in the same block (or delete the raw HTML "
                  "and write Markdown): a stray closing tag such as </div> ends the page's text early, and "
                  "what follows escapes the checks that hold the page's text to the allowlist.")


def check(site):
    for source in site.markdown_sources:
        if source.decode_error is None:
            yield from _check_source(source)
            content = getattr(source.page, "_content", None) if source.page is not None else None
            if content:
                key = "markdown_safety:" + hashlib.sha256(content.encode("utf-8")).hexdigest()
                removed = site.remembered(key, lambda: removed_by_sanitizer(content))
                yield from _sanitizer_problems(source, removed)


def _check_source(source):
    in_code = _fenced_code_lines(source.lines)
    for number, line in enumerate(source.lines, start=1):
        if number in in_code:
            continue
        line = CODE_SPAN.sub(" ", line)
        for problem in _check_line(line):
            yield Problem(source.rel, number, *problem)


@lru_cache(maxsize=1)
def _sanitizer():
    return nh3.Cleaner(
        tags=set(ALLOWED),
        clean_content_tags={"script", "style"},
        attributes={"*": set(GLOBAL_ATTRIBUTES - {"class"}),
                    **{tag: set(names) for tag, names in ALLOWED.items() if names}},
        allowed_classes={tag: set(CLASSES_IN_TEXT) for tag in ALLOWED},
        url_schemes=set(SANITIZER_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def removed_by_sanitizer(html):
    """What the sanitizer takes out of a page's HTML, as browsers read both:
    [(kind, tag, attribute names)], kind "element", "attributes" or "unbalanced".

    The sanitizer keeps or drops each element (keeping the text of most it
    drops), never adds one, so its elements are the page's in the same order:
    each of the page's elements is matched with the next of the sanitizer's
    with the same tag, or was removed. Where nothing was removed before it, an
    element at another depth was moved by a closing tag without its opening
    tag (the sanitizer's HTML is balanced)."""
    original = browser_fragment(html)
    cleaned = browser_fragment(_sanitizer().clean(html))
    removed = [("unbalanced", tag, ()) for tag in _escaped(original)][:1]
    index = 0
    for depth, tag, attributes in original:
        if index < len(cleaned) and cleaned[index][1] == tag:
            kept = dict(cleaned[index][2])
            lost = tuple(name for name, value in attributes if kept.get(name) != value)
            if lost:
                removed.append(("attributes", tag, lost))
            elif cleaned[index][0] != depth and not removed:
                removed.append(("unbalanced", tag, ()))
            index += 1
        else:
            removed.append(("element", tag, ()))
    return removed


def _escaped(wrapped):
    """Tags of elements that are not where they were written: outside the page's
    text (a stray closing tag ended it early) or the end marker swallowed (a tag never closed)."""
    inner = wrapped[2:-1] if len(wrapped) >= 3 else []
    escaped = [tag for depth, tag, _ in inner if depth <= 1]
    if not wrapped or wrapped[-1][:2] != (1, "hr"):
        escaped.append("hr")
    return escaped


def _sanitizer_problems(source, removed):
    told = set()
    for kind, tag, attributes in removed:
        if kind == "element":
            what = f"The page's HTML has {_a(tag)} element, which pages may not hold; the sanitizer removed it."
            needles = [f"<{tag}"]
        elif kind == "attributes":
            names = ", ".join(f"{name}=" for name in attributes)
            what = (f"The <{tag}> element has {names} which pages may not hold (or not with that value: "
                    "a class of the theme's, an address type the site never uses); the sanitizer removed it.")
            needles = [*attributes, f"<{tag}"]
        else:
            what = ("The page's raw HTML has a closing tag without its opening tag (or an opening tag never "
                    "closed), which would end the page's text early.")
            needles = ["</div", "</main", "</", f"<{tag}"]
        line = _line_of(source, needles)
        if (line, what) not in told:
            told.add((line, what))
            yield Problem(source.rel, line, what, UNBALANCED_FIX if kind == "unbalanced" else SANITIZED_FIX,
                          check=SANITIZER)


def _line_of(source, needles):
    for needle in needles:
        line = source.line_matching(re.compile(re.escape(needle), re.IGNORECASE), body_only=True)
        if line:
            return line
    return None


def _a(tag):
    return f"an <{tag}>" if tag[0] in "aeio" else f"a <{tag}>"


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
