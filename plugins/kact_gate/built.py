"""A page as Pelican wrote it into the output folder, parsed once and shared.

Every check that reads built pages gets the same parse, so the cost of
parsing is paid once per page whatever the number of checks. The visible
text it hands out is normalised (unicode_text.normalise: NFKC, no format
characters), so a soft hyphen or zero-width space cannot hide a word. lxml parses a
page in well under a millisecond.

`browser_doc` is the same page as a browser builds it (browser_reading.py);
the safety check reads that one and refuses a page whose two readings differ,
so what the other checks read from `doc` is what a browser shows.
"""
import hashlib
import html
import re
from functools import cached_property

import lxml.html

from .browser_reading import browser_tree, first_difference
from kact_core.unicode_text import normalise

# Elements that start a new block of text: a sentence never runs across them.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot "
    "th thead title tr ul".split()
)
# Elements whose text a reader never sees.
HIDDEN_TAGS = frozenset(["script", "style", "template", "noscript"])
# Text shown struck out: still seen, but taken back.
STRUCK_TAGS = frozenset(["del", "s", "strike"])
LINK_ATTRIBUTES = ("href", "src")
ELEMENTS_WITH_ADDRESSES = "//*[@href or @src or @srcset]"
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+")


class BuiltPage:
    def __init__(self, path, output):
        self.path = path
        self.rel = path.relative_to(output).as_posix()
        # The source it was made from (a SourcePage), when there is one.
        self.source = None

    @property
    def address(self):
        """faq/index.html -> /faq/ ; 404.html -> /404.html"""
        if self.rel == "index.html":
            return "/"
        if self.rel.endswith("/index.html"):
            return "/" + self.rel[: -len("index.html")]
        return "/" + self.rel

    @cached_property
    def html(self):
        return self.path.read_text(encoding="utf-8")

    @cached_property
    def digest(self):
        """Of the page as written and its Markdown: what a per-page check's verdict depends on."""
        digest = hashlib.sha256(self.html.encode("utf-8"))
        if self.source is not None:
            digest.update(self.source.raw)
        return digest.hexdigest()

    @cached_property
    def doc(self):
        return lxml.html.document_fromstring(self.html)

    @cached_property
    def browser_doc(self):
        return browser_tree(self.html)

    @cached_property
    def reading_difference(self):
        """None, or (what a browser reads, what lxml reads) where `doc` and `browser_doc` part."""
        return first_difference(self.doc, self.browser_doc)

    @cached_property
    def ids(self):
        return {value for value in self.doc.xpath("//@id")}

    @cached_property
    def links(self):
        """(element, attribute, value) for every href and src on the page."""
        found = []
        # Only the elements that carry an address (XPath walks the tree in C, in
        # document order); a Python loop over every element cost a third of the link check.
        for element in self.doc.xpath(ELEMENTS_WITH_ADDRESSES):
            for attribute in LINK_ATTRIBUTES:
                value = element.get(attribute)
                if value is not None:
                    found.append((element, attribute, value))
            srcset = element.get("srcset")
            if srcset:
                for candidate in srcset.split(","):
                    if candidate.strip():
                        found.append((element, "srcset", candidate.split()[0]))
        return found

    def first(self, xpath):
        found = self.doc.xpath(xpath)
        return found[0] if found else None

    @cached_property
    def main(self):
        return self.first("//main")

    @cached_property
    def prose(self):
        """The page's own text (what its Markdown made), without the theme around it."""
        return self.first("//*[contains(concat(' ', normalize-space(@class), ' '), ' app-prose ')]")

    @cached_property
    def meta_description(self):
        element = self.first("//meta[@name='description']")
        return element.get("content", "") if element is not None else ""

    def text_blocks(self, root=None):
        """The visible text in blocks (paragraphs, list items, headings, cells...),
        each as (element, text with spaces made single)."""
        root = self.doc if root is None else root
        return _blocks_cache(self, root)

    def sentences(self, root=None):
        """(element, sentence) for every sentence of visible text under root."""
        for element, text in self.text_blocks(root):
            for sentence in SENTENCE_END.split(text):
                if sentence.strip():
                    yield element, sentence.strip()


# What a browser ignores in an address: white space and control characters.
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def address_as_followed(value):
    """An href or src as the browser follows it: lxml has decoded the entities it
    knows, the rest are decoded here, and spaces and control characters go
    (so "t&#x09;el:" is tel:)."""
    return IGNORED_IN_URL.sub("", html.unescape(value))


def visible_text(element):
    """The text a reader sees in an element, with spaces made single."""
    parts = []
    _collect(element, parts)
    return " ".join(normalise("".join(parts)).split())


def affirmed_text(element):
    """What an element's text says: its visible text less what is struck out
    (<del>, <s>, <strike>) or hidden (hidden=, aria-hidden="true"). A required
    statement there is shown as withdrawn, or not shown at all."""
    parts = []
    _collect(element, parts, skip=_withdrawn)
    return " ".join(normalise("".join(parts)).split())


def _withdrawn(element):
    return (element.tag in STRUCK_TAGS or element.get("hidden") is not None
            or element.get("aria-hidden", "").strip().lower() == "true")


def _blocks_cache(page, root):
    cache = page.__dict__.setdefault("_blocks", {})
    if root not in cache:
        blocks = []
        _walk_blocks(root, blocks)
        cache[root] = [block for block in blocks if block is not None]
    return cache[root]


def _walk_blocks(element, blocks):
    """Each block element's own text (without its nested blocks) is one block,
    listed in reading order: a block before the blocks nested in it."""
    place = len(blocks)
    blocks.append(None)
    parts = []
    _gather(element, parts, blocks)
    text = " ".join(normalise("".join(parts)).split())
    if text:
        blocks[place] = (element, text)


def _gather(element, parts, blocks):
    if element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str) and child.tag not in HIDDEN_TAGS:
            if child.tag in BLOCK_TAGS:
                parts.append(" ")
                _walk_blocks(child, blocks)
            else:
                _gather(child, parts, blocks)
        if child.tail:
            parts.append(child.tail)


def _collect(element, parts, skip=None):
    if element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str) and child.tag not in HIDDEN_TAGS and not (skip and skip(child)):
            _collect(child, parts, skip)
        if child.tail:
            parts.append(child.tail)
