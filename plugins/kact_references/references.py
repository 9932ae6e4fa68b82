"""One return link per citation in a page's references, as Wikipedia does.

Python-Markdown's footnotes give a source cited seven times seven identical
"↩" links in a row. This extension runs after them and, for a source cited
more than once, replaces the row with "↩" followed by links lettered a, b,
c..., one for each place in the text, each titled with its number and
letter ("Back to citation 1b in the text"). A source cited once keeps its
single link. The links are moved to the start of the reference, where
Wikipedia puts them, so they never trail a long address.
"""
from string import ascii_lowercase

from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.treeprocessors import Treeprocessor
from pelican import signals

BACKREF = "footnote-backref"
# After footnotes' own processors (50, and 15 for the duplicate links).
PRIORITY = 10


def _letter(index):
    """a..z, then aa, ab...: enough letters for any number of citations."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_lowercase[rest] + letters
    return letters


def _strip_end(text):
    return (text or "").rstrip().removesuffix(NBSP_PLACEHOLDER).rstrip()


class ReturnLinks(Treeprocessor):
    def run(self, root):
        for div in root.iter("div"):
            if "footnote" not in (div.get("class") or "").split():
                continue
            for number, item in enumerate(div.iter("li"), start=1):
                self._letter_links(item, number)

    def _letter_links(self, item, number):
        links = [link for link in item.iter("a") if link.get("class") == BACKREF]
        if not links:
            return
        holder = next(parent for parent in item.iter() if links[0] in list(parent))
        for link in links:
            holder.remove(link)
        # The (no-break) space Python-Markdown left before the links it added.
        if len(holder):
            holder[-1].tail = _strip_end(holder[-1].tail) or None
        else:
            holder.text = _strip_end(holder.text)
        if len(links) == 1:
            links[0].set("title", f"Back to citation {number} in the text")
            lead = None
        else:
            for index, link in enumerate(links):
                link.text = _letter(index)
                link.set("title", f"Back to citation {number}{link.text} in the text")
                link.tail = " "
            lead = "↩ "
        target = item.find("p") if item.find("p") is not None else holder
        opening = target.text or ""
        target.text = lead
        for position, link in enumerate(links):
            target.insert(position, link)
        links[-1].tail = " " + opening.lstrip()


class ReturnLinksExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(ReturnLinks(md), "kact_return_links", PRIORITY)


def add_extension(pelican):
    markdown_settings = pelican.settings.setdefault("MARKDOWN", {})
    markdown_settings.setdefault("extensions", []).append(ReturnLinksExtension())


def register():
    signals.initialized.connect(add_extension)
