"""A page's Markdown file as the therapist wrote it: its bytes and lines, and
its header as Pelican read it.

Checks report lines of this file, so everything here keeps line numbers
(counted from 1, as an editor shows them). The header fields, and the line
each is on, come from Pelican's Page object (see header.py).
"""
import re
import unicodedata
from pathlib import Path

from .header import HEADER_KEY, HEADER_LINES_KEY, HeaderLines, header_extent, located

_MARKUP = [
    (re.compile(r"\[\^[^\]]*\]"), " "),  # footnote markers
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [words](address) -> words
    (re.compile(r"\{\{.*?\}\}|\{%.*?%\}"), " "),  # facts filled in from data files
    (re.compile(r"<[^>]+>"), " "),  # raw HTML tags
    (re.compile(r"[*_`#>|]"), " "),  # emphasis, code, headings, quotes, tables
]
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})


class HeaderField:
    """One `Key: value` line of the header (with its continuation lines)."""

    def __init__(self, key, value, line):
        self.key = key  # as written, e.g. "Nav_order"
        self.value = value
        self.line = line

    @property
    def name(self):
        return self.key.lower()


class SourcePage:
    def __init__(self, path, project):
        self.path = Path(path)
        self.rel = self.path.relative_to(project).as_posix()
        self.raw = self.path.read_bytes()
        try:
            self.text = self.raw.decode("utf-8")
            self.decode_error = None
        except UnicodeDecodeError as error:
            self.text = None
            self.decode_error = error
        readable = self.text if self.text is not None else self.raw.decode("utf-8", "replace")
        # Lines end at newlines only, as in an editor and in Markdown (never at
        # the other breaks str.splitlines() knows, such as U+2028).
        self.lines = readable.replace("\r\n", "\n").split("\n")
        if self.lines[-1] == "":
            self.lines.pop()
        self.body_start, self.stray_line = header_extent(self.lines)
        # The header fields as Pelican read them; None until Pelican made a
        # Page of this file (it may have failed to: that failure is reported).
        self.fields = None
        # Pelican's published, hidden or draft Page for this file.
        self.page = None
        self._plain_lines = None

    def take_header(self, content):
        """The header fields of Pelican's Page (or other content object) for this file."""
        metadata = getattr(content, "metadata", {})
        if metadata.get(HEADER_KEY) is not None:
            self._take_fields(metadata[HEADER_KEY], metadata[HEADER_LINES_KEY])

    def read_header(self):
        """For tools that run without a build (tooling/): the header fields as
        Python-Markdown's `meta` extension, which Pelican's reader uses, reads them."""
        import markdown

        reader = markdown.Markdown(extensions=["meta", HeaderLines()])
        reader.convert(self.text or "")
        self._take_fields({name: list(values) for name, values in reader.Meta.items()}, located(reader))
        return self

    def _take_fields(self, header, lines):
        fields = []
        for name, values in header.items():
            places = lines.get(name) or [(1, name)]
            if len(places) == 1:
                fields.append(HeaderField(places[0][1], " ".join(values).strip(), places[0][0]))
                continue
            for index, (line, key) in enumerate(places):  # the same field twice
                fields.append(HeaderField(key, values[index].strip() if index < len(values) else "", line))
        self.fields = sorted(fields, key=lambda field: field.line)

    @property
    def is_markdown(self):
        return self.path.suffix.lower() in (".md", ".markdown", ".mdown", ".mkd")

    def field(self, name):
        """The first header field called `name` (any case), or None."""
        name = name.lower()
        return next((f for f in self.fields or () if f.name == name), None)

    def value(self, name, default=""):
        found = self.field(name)
        return found.value if found else default

    def line_matching(self, pattern, body_only=False, flags=re.IGNORECASE):
        """The first line (from 1) whose text matches the regular expression."""
        compiled = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        start = self.body_start - 1 if body_only else 0
        for number, line in enumerate(self.lines[start:], start=start + 1):
            if compiled.search(line):
                return number
        return None

    def line_containing(self, text):
        """The first line holding `text` exactly, or None."""
        if not text:
            return None
        for number, line in enumerate(self.lines, start=1):
            if text in line:
                return number
        return None

    def line_of_sentence(self, sentence):
        """The line where a sentence of the built page starts in the Markdown.

        The built text has lost the Markdown (links, emphasis) and gained curly
        quotes, so compare words only: the first few words of the sentence,
        then fewer, against each line with its markup taken off."""
        words = words_of(sentence)
        if not words:
            return None
        if self._plain_lines is None:
            self._plain_lines = [" ".join(words_of(plain_text(line))) for line in self.lines]
        for count in (8, 5, 3):
            if len(words) < count and count != 3:
                continue
            probe = " ".join(words[:count])
            for number, line in enumerate(self._plain_lines, start=1):
                if probe and (f" {probe} " in f" {line} "):
                    return number
        return None


def plain_text(markdown_line):
    """A Markdown line without its markup, close to the words a reader sees."""
    text = markdown_line
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return text


def words_of(text):
    """Lowercase words, with curly quotes and accents made plain, for loose matching."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)
