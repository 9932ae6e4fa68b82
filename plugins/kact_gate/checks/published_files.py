"""Only files the site needs go online, and no page is written over another file.

Pelican copies every file of its static paths (content/extra/), and every file
a page links with {static}, into the output as it is. A host such as GitHub
Pages sends no headers of ours, so an .svg, .htm, .xhtml or .js copied there
would run on the site's own address, and a .css would restyle it. So only the
files named in EXTRA_PATH_METADATA (robots.txt, the favicon) are published
this way, the favicon only as a plain picture; pictures go through the
picture pipeline (plugin kact_images), which never copies an original.

A page is written where Pelican's own reading of its header says (Save_as,
URL, Slug): never into the build's own folders (the theme's stylesheet,
pictures), never over a file another part of the build writes.
"""
from pathlib import PurePosixPath

import lxml.etree

from kact_core.problem import Problem

# Folders the build itself fills: the stylesheet (theme/) and pictures (images/).
BUILD_FOLDERS = ("theme", "images")
# Files the build itself writes at the top of the output.
BUILD_FILES = frozenset(["_headers", "_redirects", "sitemap.xml", "robots.txt", "favicon.svg"])
# What a favicon.svg may hold: shapes and their paint, nothing that runs, links or loads.
SVG_ELEMENTS = frozenset(["svg", "title", "desc", "g", "defs", "path", "rect", "circle", "ellipse", "line",
                          "polyline", "polygon", "lineargradient", "radialgradient", "stop", "clippath"])
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
STATIC_FIX = ("Delete the file. The site publishes from content/extra/ only robots.txt and the favicon; a "
              "picture goes in content/images/ and is shown on a page with ![words](images/name.jpg).")


def check(site):
    known = site.settings.get("EXTRA_PATH_METADATA", {})
    static_outputs = set()
    for static in site.static_files:
        relative = PurePosixPath(static.relative_source_path).as_posix()
        path = site.relative(static.source_path)
        static_outputs.add(_normal(static.save_as))
        if relative not in known:
            yield Problem(path, None,
                          f"The file {PurePosixPath(relative).name} would be copied online as it is, but the site "
                          "publishes only the files it needs (an .svg, .htm, .xhtml, .css or .js file there would "
                          "run or restyle pages on the site's own address).", STATIC_FIX)
        elif relative.lower().endswith(".svg"):
            yield from _check_svg(path, static.source_path)
    for source in site.sources:
        page = source.page
        if page is not None and page.save_as:
            yield from _check_page_output(site, source, page, static_outputs)


def _check_svg(path, file_path):
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = lxml.etree.parse(str(file_path), parser).getroot()
    except (OSError, lxml.etree.XMLSyntaxError) as error:
        yield Problem(path, None, f"The picture cannot be read as SVG ({error}).",
                      "Save it again from a drawing program as plain SVG.")
        return
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.removeprefix(SVG_NAMESPACE).lower()
        if tag not in SVG_ELEMENTS:
            yield Problem(path, element.sourceline,
                          f"The SVG picture has a <{tag}> element; the favicon may hold only shapes and colours.",
                          "Save it again as plain shapes (no scripts, links, styles, animation or embedded files).")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            loads = "url(" in value.lower() and not value.strip().lower().startswith("url(#")
            if local.startswith("on") or (local == "href" and not value.startswith("#")) or loads:
                yield Problem(path, element.sourceline,
                              f"The SVG picture's <{tag}> has {local}=\"{value[:60]}\", which runs code or loads "
                              "something.", "Save it again as plain shapes and colours.")


def _check_page_output(site, source, page, static_outputs):
    save_as = _normal(page.save_as)
    url = _normal(page.url or "")
    field = source.field("save_as") or source.field("url") or source.field("slug")
    line = field.line if field else None
    for kind, value in (("file", save_as), ("address", url)):
        top = PurePosixPath(value).parts[:1]
        if top and top[0] in BUILD_FOLDERS:
            yield Problem(source.rel, line,
                          f"The page would be written to the {kind} {value!r}, inside {top[0]}/, which the build "
                          "keeps for the site's own stylesheet and pictures.",
                          "Remove Save_as and URL from the header: each page is written to its own folder, "
                          "named by its Slug.")
    if save_as in BUILD_FILES or save_as in static_outputs:
        yield Problem(source.rel, line,
                      f"The page would be written over {save_as!r}, a file the build writes for something else.",
                      "Remove Save_as and URL from the header: each page is written to its own folder, named by "
                      "its Slug.")
    elif not save_as.endswith(".html"):
        yield Problem(source.rel, line, f"The page would be written to {save_as!r}, which is not a web page's name.",
                      "Remove Save_as from the header, or end it with /index.html.")


def _normal(path):
    return PurePosixPath(str(path).replace("\\", "/").lstrip("/")).as_posix().lower()
