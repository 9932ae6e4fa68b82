"""Make Markdown tables readable on a phone and by screen readers.

Python-Markdown writes a plain table. This adds what it cannot write:
- a `<caption>` from a `Table: ...` line just before the table,
- `scope` on header cells, and the first cell of each body row as a row header,
- `data-label` on each cell, so the phone layout can name the column.
"""
from bs4 import BeautifulSoup
from pelican import signals

CAPTION_PREFIX = "Table:"


def enhance_tables(html):
    soup = BeautifulSoup(html, "html.parser")
    tables = soup.find_all("table")
    if not tables:
        return html
    for table in tables:
        _add_caption(soup, table)
        headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        for th in table.select("thead th"):
            th["scope"] = "col"
        for row in table.select("tbody tr"):
            cells = row.find_all(["td", "th"], recursive=False)
            for label, cell in zip(headers, cells):
                cell["data-label"] = label
            if cells and cells[0].name == "td":
                cells[0].name = "th"
                cells[0]["scope"] = "row"
    return str(soup)


def _add_caption(soup, table):
    previous = table.find_previous_sibling()
    if previous is None or previous.name != "p":
        return
    text = previous.get_text(" ", strip=True)
    if not text.startswith(CAPTION_PREFIX):
        return
    caption = soup.new_tag("caption")
    caption.string = text[len(CAPTION_PREFIX):].strip()
    table.insert(0, caption)
    previous.decompose()


def on_content_init(content):
    if content._content and "<table" in content._content:
        content._content = enhance_tables(content._content)


def register():
    signals.content_object_init.connect(on_content_init)
