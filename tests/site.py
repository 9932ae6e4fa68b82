"""Read a built site: its pages as BeautifulSoup, keyed by their address."""
import os
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

from kact_core.root import ROOT

# The project whose content the site tests build and check: this checkout,
# or a copy named in KACT_TESTED_PROJECT (tests/pages/test_new_content_is_checked.py
# runs the per-page tests on a copy with a page the therapist added).
PROJECT = Path(os.environ.get("KACT_TESTED_PROJECT") or ROOT).resolve()


@dataclass
class BuiltSite:
    output: Path
    log: list = field(default_factory=list)
    _soups: dict = field(default_factory=dict)

    def html_files(self):
        return sorted(self.output.rglob("*.html"))

    def path_for(self, address):
        """`/faq/` -> output/faq/index.html; `/404.html` -> output/404.html."""
        relative = address.strip("/")
        target = self.output / relative
        if address.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target

    def soup(self, address):
        path = self.path_for(address)
        if path not in self._soups:
            self._soups[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return self._soups[path]

    def soup_of_file(self, path):
        return self.soup("/" + str(path.relative_to(self.output)))

    def address_of(self, path):
        relative = path.relative_to(self.output).as_posix()
        if relative.endswith("index.html"):
            return "/" + relative[: -len("index.html")]
        return "/" + relative
