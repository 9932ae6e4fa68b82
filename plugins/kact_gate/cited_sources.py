"""Which source each sentence of a page's Markdown cites.

A footnote marker `[^name]` belongs to the sentence it ends (or sits in); its
definition `[^name]: ...` names a source of data/sources.yml either through
`{{ reference("key") }}` or by writing out that source's address (its DOI).
Markers are read in the Markdown because the built page shows only numbers.
"""
import re

MARKER = re.compile(r"\[\^([^\]\s]+)\]")
DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$")
REFERENCE_CALL = re.compile(r"""\breference\(\s*["']([\w-]+)["']""")
# A sentence runs to its full stop and the footnote markers right after it.
SENTENCE = re.compile(r"\S.*?(?:[.!?](?:\[\^[^\]\s]+\])*(?=\s|$)|$)")


def definitions(lines):
    """{footnote name: the text of its definition}."""
    found = {}
    for line in lines:
        match = DEFINITION.match(line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def sources_named(definition, sources):
    """The keys of data/sources.yml a footnote's definition cites."""
    keys = set(REFERENCE_CALL.findall(definition))
    written = definition.lower()
    for key, source in sources.items():
        address = str((source or {}).get("url", "")).lower()
        address = address.removeprefix("https://doi.org/").removeprefix("https://").removeprefix("http://")
        if address and address in written:
            keys.add(key)
    return keys


def sentences(lines, start=1):
    """(line number, sentence with its markers) for the text from line `start` on.
    A paragraph may be wrapped over several lines; footnote definitions are left out."""
    paragraph = []  # (line number, text)
    for number, line in enumerate([*lines[start - 1:], ""], start=start):
        if line.strip() and not DEFINITION.match(line):
            paragraph.append((number, line.strip()))
            continue
        yield from _split(paragraph)
        paragraph = []


def _split(paragraph):
    text, starts = "", []
    for number, line in paragraph:
        starts.append((len(text), number))
        text += line + " "
    for match in SENTENCE.finditer(text):
        line = max(number for offset, number in starts if offset <= match.start())
        yield line, match.group(0).strip()
