"""A page's header as Pelican read it, with the line each field is on.

The gate never reads header lines a second time its own way: a second
reading can end the header where Pelican does not (a U+2028 ended a line for
Python but not for Markdown, and the gate missed the Save_as line Pelican
applied). Instead the site's Markdown reader (kact_reading_limit) hands
`take_header` the fields Python-Markdown's `meta` extension found, exactly
as Pelican is about to apply them:
- a field the site does not use (Category, Tags, Authors, Date...) stops
  that page with a plain problem at its line, before Pelican makes anything
  of it (a Category holds the build's settings and crashed the cache);
- the fields are kept in the page's metadata (HEADER_KEY), so the checks
  (checks/metadata.py) read them from Pelican's Page object, also when the
  page comes from Pelican's cache.
Only the line numbers come from the file: each field is located by its name.
"""
import re
from pathlib import Path

HEADER_KEY = "kact_header"
# How Python-Markdown's `meta` extension writes a field and a continuation
# line; used to locate a field Pelican read, never to decide what the header is.
FIELD_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^[ ]{4,}\S")
HEADER_BEGIN = re.compile(r"^-{3}(\s.*)?$")
HEADER_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")


class HeaderRefused(ValueError):
    """A page's header has fields the site does not use; `.problems` says which and where."""

    def __init__(self, problems):
        super().__init__("; ".join(f"line {p.line}: {p.what}" for p in problems))
        self.problems = problems


def take_header(source_path, meta, project):
    """Pelican's header fields ({lowercase name: [values]}) for the page's
    metadata; raises HeaderRefused for any field the site does not use."""
    from .checks.metadata import FIELDS, unknown_field_problem

    header = {name.lower(): [str(value) for value in values] for name, values in meta.items()}
    unknown = [name for name in header if name not in FIELDS]
    if unknown:
        path = Path(source_path)
        lines = _lines(path)
        located = field_lines(lines)
        rel = _relative(path, project)
        problems = []
        for name in unknown:
            line, key = (located.get(name) or [(1, name)])[0]
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
    path = Path(content.source_path)
    located = field_lines(_lines(path))
    field = "Slug" if "slug" in located else "Title"
    line = (located.get(field.lower()) or [(1, field)])[0][0]
    raise HeaderRefused([long_slug_problem(_relative(path, project), line, slug, field)])


def field_lines(lines):
    """{lowercase name: [(line, name as written), ...]} for the field lines
    at the top of a file, in order; the header ends at the first blank line."""
    found = {}
    start = 1 if lines and HEADER_BEGIN.match(lines[0]) else 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip():
            break
        field = FIELD_LINE.match(line)
        if field:
            found.setdefault(field["key"].lower(), []).append((number, field["key"]))
        elif not CONTINUATION.match(line):
            break
    return found


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


def _lines(path):
    try:
        return path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    except (OSError, UnicodeDecodeError):
        return []


def _relative(path, project):
    try:
        return path.resolve().relative_to(Path(project).resolve()).as_posix()
    except ValueError:
        return str(path)
