"""The site's pages, as Pelican itself reads them from content/.

Tests (and the design screenshots) take the list of pages from here rather
than from a list typed into a test, so a page the therapist adds (with `make new-page` or in the editor) is
checked like every other page instead of failing a test nobody told about it.

Pelican's own page generator reads the files (its file selection, its
metadata parsing, its Status rules, its `Save_as`), in a separate Python
process: the test session's in-process builds connect the site's plugins to
Pelican's global signals, and they must not run on this plain reading.
"""
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kact_core.root import ROOT



@dataclass(frozen=True)
class SourcePage:
    address: str  # "/faq/", "/" or "/404.html": where the page is on the built site
    slug: str
    source: str  # "content/pages/faq.md"
    summary: str  # the Summary as the page's description shows it: text, no tags
    nav_order: str  # "" when the page is not in the main menu


def read_pages(project=ROOT):
    """Every page a build of `project` writes, in address order."""
    command = [sys.executable, "-m", "tooling.build.content_pages", str(Path(project).resolve())]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"Pelican could not read the pages of {project}:\n{result.stdout}\n{result.stderr}")
    return [SourcePage(**page) for page in json.loads(result.stdout)]


def address_of(save_as):
    """`faq/index.html` -> `/faq/`; `index.html` -> `/`; `404.html` -> `/404.html`."""
    if save_as == "index.html" or save_as.endswith("/index.html"):
        return "/" + save_as[: -len("index.html")]
    return "/" + save_as


def _pages_as_pelican_reads_them(project):
    from markupsafe import Markup
    from pelican.generators import PagesGenerator
    from pelican.settings import read_settings

    with tempfile.TemporaryDirectory() as output:
        settings = read_settings(
            str(project / "pelicanconf.py"),
            override={
                "PATH": str(project / "content"),
                "OUTPUT_PATH": output,
                "THEME": str(project / "theme"),
                # Read only: leave the project's content cache as it is.
                "CACHE_CONTENT": False,
                "LOAD_CONTENT_CACHE": False,
            },
        )
        # The context Pelican.run() starts every generator with.
        context = {**settings, "generated_content": {}, "static_links": set(), "static_content": {},
                   "localsiteurl": settings["SITEURL"]}
        generator = PagesGenerator(
            context=context, settings=settings, path=settings["PATH"],
            theme=settings["THEME"], output_path=output,
        )
        generator.generate_context()
    # Published and hidden pages are written; a draft's save_as is empty.
    written = [page for page in generator.pages + generator.hidden_pages if page.save_as]
    return sorted(
        (
            {
                "address": address_of(page.save_as),
                "slug": page.slug,
                "source": Path(page.source_path).relative_to(project).as_posix(),
                "summary": Markup(page.metadata.get("summary", "")).striptags(),
                "nav_order": str(page.metadata.get("nav_order", "")).strip(),
            }
            for page in written
        ),
        key=lambda page: page["address"],
    )


if __name__ == "__main__":
    print(json.dumps(_pages_as_pelican_reads_them(Path(sys.argv[1]))))
