"""HTML read as a browser reads it: the WHATWG parsing algorithm (lexbor, through
selectolax), with scripting on as in Chromium, so <noscript> holds text, a
<style> inside <svg> holds elements and table content is moved as browsers move it.

The result is handed over as an lxml tree, so the checks keep their XPath. lxml's
own HTML parser (libxml2) is not a browser's: a raw `</noscript>` inside an
attribute, or an <img> inside <svg><style>, is text to it and a live element to
Chromium. `first_difference` tells whether lxml's reading of a page agrees with
the browser's; the gate refuses a page where it does not, so every check that
reads lxml's faster tree reads what a browser builds.
"""
import lxml.etree
import lxml.html
from selectolax.lexbor import LexborHTMLParser

_ELEMENTS = lxml.html.HTMLParser()
# A tag name lxml cannot hold (a quote or "<" in it; browsers accept almost anything).
UNREADABLE_TAG = "kact-unreadable-tag"
DOCUMENT_TAGS = frozenset(["html", "head", "body"])


def browser_tree(html):
    """The document tree a browser builds from `html`, as lxml elements (tags
    lower-cased, SVG's viewBox as viewbox, like lxml's own reading)."""
    root = LexborHTMLParser(html, scripting=True).root
    tree = _ELEMENTS.makeelement("html", _attributes(root))
    _copy_children(root, tree)
    return tree


def browser_fragment(html):
    """The elements a browser makes of `html` inside <div class="app-prose"> in
    <main>, as (depth, tag, attributes) in document order, depth counted from
    <body>. A closing tag without its opening tag moves what follows out of
    the page's text: it shows as elements at the depth of <main> or less."""
    wrapped = f'<main><div class="app-prose">{html}</div><hr id="kact-end"></main>'
    return list(_signatures(LexborHTMLParser(wrapped, scripting=True).body, 0))


def first_difference(lxml_tree, browser):
    """None when both trees hold the same elements with the same attributes, in
    the same order; else (tag a browser sees, tag lxml sees) at the first place
    they part (None for "nothing")."""
    ours = _elements(lxml_tree)
    theirs = _elements(browser)
    while True:
        mine, real = next(ours, None), next(theirs, None)
        if mine is None and real is None:
            return None
        if mine != real:
            return (real[0] if real else None), (mine[0] if mine else None)


def _elements(tree):
    """html, head and body are left out (lxml makes a <head> only when the page has one),
    and so is a bare <tbody> (browsers add one to every table, lxml does not)."""
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() not in DOCUMENT_TAGS and not (
                element.tag == "tbody" and not element.attrib):
            yield element.tag.lower(), sorted((name.lower(), value) for name, value in element.attrib.items())


def _attributes(node):
    return {name.lower(): value if value is not None else "" for name, value in node.attributes.items()}


def _copy_children(node, element):
    last = None
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            text = child.text_content or ""
            if last is None:
                element.text = (element.text or "") + text
            else:
                last.tail = (last.tail or "") + text
        elif tag and not tag.startswith("-"):  # not a comment or doctype
            last = _element(element, tag.lower(), _attributes(child))
            _copy_children(child, last)
        child = child.next


def _element(parent, tag, attributes):
    try:
        return lxml.etree.SubElement(parent, tag, attributes)
    except ValueError:  # a name lxml refuses: kept, under a name every allowlist refuses
        return lxml.etree.SubElement(parent, UNREADABLE_TAG, {"data-tag": tag[:40]})


def _signatures(node, depth):
    child = node.child
    while child is not None:
        tag = child.tag
        if tag and not tag.startswith("-"):
            yield depth, tag.lower(), tuple(sorted(_attributes(child).items()))
            yield from _signatures(child, depth + 1)
        child = child.next
