"""Everything the checks read, gathered once per build: the Markdown sources,
Pelican's page objects, the data files and (after writing) the built pages."""
import os
from functools import cached_property
from pathlib import Path

from .built import BuiltPage
from .source import SourcePage

# Editor backups and system files in content/ are not pages; skip them quietly.
IGNORED_NAMES = (".DS_Store", "Thumbs.db")
# Data files that name words without showing them on any page.
LISTS_OF_WORDS_NOT_SHOWN = ("claims.yml", "citations.yml")


class Site:
    def __init__(self, settings, pages=(), failed_sources=(), remembered=None, read=(), static_files=()):
        self.settings = settings
        # remembered(key, work): work's answer, kept between builds by the gate
        # (its verdict cache); without a gate, simply work().
        self.remembered = remembered or (lambda key, work: work())
        self.content = Path(settings["PATH"]).resolve()
        # The project folder holds content/; paths in problems are relative to it.
        self.project = self.content.parent
        self.output = Path(settings["OUTPUT_PATH"]).resolve()
        self.theme = Path(settings["THEME"]).resolve()
        # Pelican's Page objects: published, hidden and draft.
        self.pages = list(pages)
        # Pelican's Static objects: the files it will copy into the output as they are.
        self.static_files = list(static_files)
        # Source paths (relative to content/) Pelican could not read.
        self.failed_sources = set(failed_sources)
        # Every content object Pelican made, also those it then left out (a
        # page without a Title): each source's header is taken from it.
        self.read = [*read, *self.pages]
        self._attach_pages()

    # --- Sources -----------------------------------------------------------------

    @cached_property
    def sources(self):
        """Every file in the page folders, Markdown or not, in name order."""
        found = []
        for folder in self.settings.get("PAGE_PATHS", ["pages"]):
            root = self.content / folder
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if name.startswith(".") or name.endswith("~") or name in IGNORED_NAMES:
                        continue
                    found.append(SourcePage(Path(dirpath) / name, self.project))
        return found

    @cached_property
    def markdown_sources(self):
        return [source for source in self.sources if source.is_markdown]

    def _attach_pages(self):
        by_path = {str(source.path.resolve()): source for source in self.sources}
        for content in self.read:
            source = by_path.get(str(Path(content.source_path).resolve()))
            if source is not None and source.fields is None:
                source.take_header(content)
        for page in self.pages:
            source = by_path.get(str(Path(page.source_path).resolve()))
            if source is not None:
                source.page = page

    def relative(self, path):
        """A path as problems show it: relative to the project folder."""
        try:
            return Path(path).resolve().relative_to(self.project).as_posix()
        except ValueError:
            return str(path)

    # --- Built pages (only after Pelican has written them) ---------------------------

    @cached_property
    def output_files(self):
        """Every file in the output folder, relative to it, with / separators."""
        files = set()
        for dirpath, _dirnames, filenames in os.walk(self.output):
            base = Path(dirpath).relative_to(self.output).as_posix()
            for name in filenames:
                files.add(name if base == "." else f"{base}/{name}")
        return files

    @cached_property
    def built_pages(self):
        """Every HTML file in the output, each tied to the Markdown it came from."""
        sources = {source.page.save_as: source for source in self.sources if source.page is not None}
        pages = {}
        for rel in sorted(self.output_files):
            if rel.endswith(".html"):
                built = BuiltPage(self.output / rel, self.output)
                built.source = sources.get(rel)
                pages[rel] = built
        return pages

    def built(self, rel):
        return self.built_pages.get(rel)

    # --- Files of the project that text on a page can come from ---------------------

    @cached_property
    def project_text_files(self):
        """Data files and templates, for finding where words that are not in the
        page's Markdown came from. (path relative to project, lines)"""
        files = []
        for path in sorted((self.project / "data").glob("*.yml")):
            if path.name in LISTS_OF_WORDS_NOT_SHOWN:
                continue
            files.append((self.relative(path), path.read_text(encoding="utf-8").splitlines()))
        for path in sorted((self.theme / "templates").rglob("*.html")):
            files.append((self.relative(path), path.read_text(encoding="utf-8").splitlines()))
        return files
