"""Find where something seen on a built page was written: the page's Markdown,
a data file (data/*.yml) or a template (theme/templates/), with its line."""
import re


def where_text(site, built, *needles, in_page=True):
    """(path, line) of the first needle found: in the page's own Markdown when
    `in_page`, then in the data files and templates. Falls back to the page's
    Markdown (no line) or to the theme."""
    needles = [n for n in needles if n]
    source = built.source if built is not None else None
    if in_page and source is not None:
        for needle in needles:
            line = source.line_containing(needle)
            if line:
                return source.rel, line
    for path, lines in site.project_text_files:
        for needle in needles:
            for number, line in enumerate(lines, start=1):
                if needle in line:
                    return path, number
    return _fallback(site, built, in_page)


def where_pattern(site, built, pattern, in_page=True):
    """(path, line) of the first line matching a regular expression, searched
    like where_text."""
    compiled = re.compile(pattern, re.IGNORECASE) if isinstance(pattern, str) else pattern
    source = built.source if built is not None else None
    if in_page and source is not None:
        line = source.line_matching(compiled)
        if line:
            return source.rel, line
    for path, lines in site.project_text_files:
        for number, line in enumerate(lines, start=1):
            if compiled.search(line):
                return path, number
    return _fallback(site, built, in_page)


def _fallback(site, built, in_page):
    if in_page and built is not None and built.source is not None:
        return built.source.rel, None
    return site.relative(site.theme / "templates"), None


def is_inside(element, ancestor):
    """Whether element is ancestor or sits inside it."""
    if ancestor is None:
        return False
    return element is ancestor or any(parent is ancestor for parent in element.iterancestors())
