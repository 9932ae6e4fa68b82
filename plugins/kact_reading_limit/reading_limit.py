"""The site's Markdown reader: within a time limit, and with only the header fields the site uses.

A page that Markdown would take minutes to read stops the build within seconds.

Python-Markdown slows down with the square (or worse) of some runs of
characters: a few thousand `[`, `<a ` or `![` in one paragraph take it
minutes, and a page written that way, by mistake or on purpose, would hang
every build (CI included) instead of failing. Pelican reads each Markdown
page with the reader class registered for its extension, so this plugin
registers a subclass of Pelican's own MarkdownReader that reads within a
time limit: past it, the page fails with a plain reason, which the quality
gate reports like any page Pelican could not read. The limit is far above
what a real page takes (a tenth of a second) even on a busy machine.

The timer is an interval timer (SIGALRM), so it works where Pelican reads
pages: in the main thread. Anywhere else the page is read without a limit.

The same reader hands the header fields Python-Markdown found, and the line
each was on, to the quality gate (kact_gate/header.py) before Pelican makes
anything of them: a field the site does not use stops the page with a plain
problem at its line, and the fields and lines are kept in the page's
metadata, so the gate reads the header as Pelican did.
"""
from pathlib import Path

from pelican import signals
from pelican.readers import MarkdownReader

from kact_core.time_limit import TookTooLong, time_limit
from kact_gate.header import HEADER_KEY, HEADER_LINES_KEY, HeaderLines, located, take_header

SECONDS = 10


class ReadingTooSlow(ValueError):
    pass


class TimedMarkdownReader(MarkdownReader):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Pelican makes a Markdown for each page from this setting; with
        # HeaderLines after the meta extension it also notes each field's line.
        # A copy for this reader only: the site's settings stay as pelicanconf.py made them.
        markdown = self.settings["MARKDOWN"]
        extensions = [*markdown["extensions"], HeaderLines()]
        self.settings = {**self.settings, "MARKDOWN": {**markdown, "extensions": extensions}}

    def read(self, source_path):
        try:
            with time_limit(SECONDS):
                return super().read(source_path)
        except TookTooLong:
            raise ReadingTooSlow(
                f"Markdown took more than {SECONDS} seconds to read this page, so the build stopped instead of "
                "waiting. A long run of [, ![, <a or <http (hundreds in one paragraph) makes it this slow; "
                "remove the run, or undo your last change to this file."
            ) from None

    def _parse_metadata(self, meta):
        # Pelican's one place where a page's raw header (Python-Markdown's
        # Meta) arrives, before it is turned into values; `read` calls it.
        lines = located(self._md)  # before Pelican takes the meta extension out of this Markdown
        header = take_header(self._source_path, meta, lines, Path(self.settings["PATH"]).parent)
        return {**super()._parse_metadata(meta), HEADER_KEY: header, HEADER_LINES_KEY: lines}


def use_timed_reader(readers):
    for extension in TimedMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = TimedMarkdownReader


def register():
    signals.readers_init.connect(use_timed_reader)
