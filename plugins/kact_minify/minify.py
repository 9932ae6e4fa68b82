"""Minify every HTML page as soon as Pelican writes it (minify-html).

Closing tags and the `<html>`/`<head>` start tags are kept: browsers do not
need them, but simple HTML parsers (the tests' and the quality gate's
BeautifulSoup with `html.parser`) do, and gzip makes them almost free.
Set `MINIFY_HTML = False` to see the templates' own layout in the output.
"""
import minify_html
from pelican import signals

OPTIONS = {
    "keep_closing_tags": True,
    "keep_html_and_head_opening_tags": True,
    "minify_css": True,
}


def minify_page(html):
    return minify_html.minify(html, **OPTIONS)


def minify_written_file(path, context):
    if not str(path).endswith(".html") or not context.get("MINIFY_HTML", True):
        return
    with open(path, "r+", encoding="utf-8") as handle:
        minified = minify_page(handle.read())
        handle.seek(0)
        handle.write(minified)
        handle.truncate()


def register():
    signals.content_written.connect(minify_written_file)
