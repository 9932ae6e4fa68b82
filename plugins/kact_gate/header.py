"""A page's header as Pelican read it, with the line each field is on.

The gate never reads header lines a second time its own way: a second
reading can end the header where Pelican does not (a U+2028 ended a line for
Python but not for Markdown, and the gate missed the Save_as line Pelican
applied). Instead the site's Markdown reader (kact_reading_limit) hands
`take_header` the fields Python-Markdown's `meta` extension found, exactly
as Pelican is about to apply them, and the line each was on, as that same
extension read it (HeaderLines below):
- a field the site does not use (Category, Tags, Authors, Date...) stops
  that page with a plain problem at its line, before Pelican makes anything
  of it (a Category holds the build's settings and crashed the cache);
- the fields and their lines are kept in the page's metadata (HEADER_KEY,
  HEADER_LINES_KEY), so the checks (checks/metadata.py) read them from
  Pelican's Page object, also when the page comes from Pelican's cache.
"""
import re
from pathlib import Path

from markdown.extensions import Extension
from markdown.extensions.meta import BEGIN_RE, END_RE, META_RE, MetaPreprocessor

HEADER_KEY = "kact_header"
HEADER_LINES_KEY = "kact_header_lines"
# How Python-Markdown's `meta` extension writes a field and a continuation
# line; header_extent uses them to find where the page's text starts.
FIELD_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^[ ]{4,}\S")
HEADER_BEGIN = re.compile(r"^-{3}(\s.*)?$")
HEADER_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")


class HeaderLines(Extension):
    """Python-Markdown's `meta` extension (which Pelican's reader uses), also
    noting the line each header field is on: after a conversion,
    `located(md)` is {lowercase name: [(line, name as written), ...]}. Add it
    after "markdown.extensions.meta"; it takes that extension's place."""

    def extendMarkdown(self, md):
        md.preprocessors.register(_LocatingMetaPreprocessor(md), "meta", 27)


def located(md):
    """Where each field of the header `md` last read is (see HeaderLines);
    read it before Pelican takes the meta extension out of `md` for the Summary."""
    return md.preprocessors["meta"].located


class _LocatingMetaPreprocessor(MetaPreprocessor):
    # No fields until a text is read (Markdown skips its preprocessors for an empty one).
    located = {}

    def run(self, lines):
        before = list(lines)  # the meta extension takes the header off the front of `lines`
        rest = super().run(lines)
        self.located = _fields_among(before[:len(before) - len(rest)])
        return rest


def _fields_among(header):
    """The field lines among the lines the meta extension took as the header
    (counted from 1, as the file's lines: Pelican hands Markdown the whole
    file), told apart with the extension's own patterns and in its order: an
    opening ---, then field and continuation lines up to a blank or closing line."""
    found = {}
    start = 1 if header and BEGIN_RE.match(header[0]) else 0
    for number, line in enumerate(header[start:], start=start + 1):
        if not line.strip() or END_RE.match(line):
            break
        field = META_RE.match(line)
        if field:
            found.setdefault(field["key"].lower(), []).append((number, field["key"]))
    return found


class HeaderRefused(ValueError):
    """A page's header has fields the site does not use; `.problems` says which and where."""

    def __init__(self, problems):
        super().__init__("; ".join(f"line {p.line}: {p.what}" for p in problems))
        self.problems = problems


def take_header(source_path, meta, lines, project):
    """Pelican's header fields ({lowercase name: [values]}) for the page's
    metadata; raises HeaderRefused for any field the site does not use.
    `lines` is where each field is (HeaderLines)."""
    from .checks.metadata import FIELDS, unknown_field_problem

    header = {name.lower(): [str(value) for value in values] for name, values in meta.items()}
    unknown = [name for name in header if name not in FIELDS]
    if unknown:
        rel = _relative(Path(source_path), project)
        problems = []
        for name in unknown:
            line, key = (lines.get(name) or [(1, name)])[0]
            problems.append(unknown_field_problem(rel, line, key))
        raise HeaderRefused(problems)
    return header


def refuse_long_address(content, project):
    """Stop a page whose address (its Slug, or its Title made into one) is
    too long while Pelican makes it, before any plugin saves a file by it (a
    319-character slug crashed the build: "File name too long")."""
    from .checks.metadata import LONGEST_SLUG, long_slug_problem

    slug = getattr(content, "slug", None) or ""
    if len(slug) <= LONGEST_SLUG:
        return
    located = content.metadata.get(HEADER_LINES_KEY, {})
    field = "Slug" if "slug" in located else "Title"
    line = (located.get(field.lower()) or [(1, field)])[0][0]
    raise HeaderRefused([long_slug_problem(_relative(Path(content.source_path), project), line, slug, field)])


def header_extent(lines):
    """(first line of the body, the line that ended the header without a
    blank line or None), counted from 1: where a header field is written as
    something Markdown does not take for one (`Nav label: x`), the header ends
    and that line shows as text."""
    index = 1 if lines and HEADER_BEGIN.match(lines[0]) else 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            break
        if index > 0 and HEADER_END.match(line):
            index += 1
            break
        if not (FIELD_LINE.match(line) or (index > 0 and CONTINUATION.match(line))):
            return index + 1, index + 1
        index += 1
    return index + 1, None


def _relative(path, project):
    try:
        return path.resolve().relative_to(Path(project).resolve()).as_posix()
    except ValueError:
        return str(path)
