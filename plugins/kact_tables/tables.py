"""Make Markdown tables readable on a phone and by screen readers.

Python-Markdown writes a plain table. This adds what it cannot write:
- a `<caption>` from a `Table: ...` paragraph just before the table,
- `scope` on header cells, and the first cell of each body row as a row header,
- `data-label` on each cell, so the phone layout can name the column.

It works inside Markdown's own conversion (a tree processor), so the result
is part of what Pelican's content cache keeps, and costs nothing on a rebuild.
"""
from xml.etree import ElementTree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from pelican import signals

CAPTION_PREFIX = "Table:"
# After inline Markdown (priority 20) has made the caption's final words.
PRIORITY = 15


def _text(element):
    return " ".join("".join(element.itertext()).split())


class TableTreeprocessor(Treeprocessor):
    def run(self, root):
        for parent in root.iter():
            children = list(parent)
            for index, table in enumerate(children):
                if table.tag == "table":
                    previous = children[index - 1] if index else None
                    self._add_caption(parent, previous, table)
                    self._label_cells(table)

    @staticmethod
    def _add_caption(parent, previous, table):
        if previous is None or previous.tag != "p" or len(previous):
            return
        text = _text(previous)
        if not text.startswith(CAPTION_PREFIX):
            return
        caption = ElementTree.Element("caption")
        caption.text = text[len(CAPTION_PREFIX):].strip()
        table.insert(0, caption)
        parent.remove(previous)

    @staticmethod
    def _label_cells(table):
        headers = [_text(th) for th in table.iterfind("thead/tr/th")]
        for th in table.iterfind("thead/tr/th"):
            th.set("scope", "col")
        for row in table.iterfind("tbody/tr"):
            cells = [cell for cell in row if cell.tag in ("td", "th")]
            for label, cell in zip(headers, cells):
                cell.set("data-label", label)
            if cells and cells[0].tag == "td":
                cells[0].tag = "th"
                cells[0].set("scope", "row")


class TablesExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(TableTreeprocessor(md), "kact_tables", PRIORITY)


def add_extension(pelican):
    markdown_settings = pelican.settings.setdefault("MARKDOWN", {})
    markdown_settings.setdefault("extensions", []).append(TablesExtension())


def register():
    signals.initialized.connect(add_extension)
