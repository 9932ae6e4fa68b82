"""Rebuilds reuse what they can, and never show a stale page or hide a mistake.

Pelican's content cache and the gate's per-page verdicts both live in a
folder fingerprinted by the data files, templates and plugins
(plugins/kact_content_cache). These tests build a copy of the project twice.
"""
import subprocess
import sys

from tooling.build.project_copy import copy_project
from kact_content_cache.content_cache import fingerprint


def _build(project):
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(project / "output")],
        cwd=project, capture_output=True, text=True, timeout=600,
    )
    return result.returncode, result.stdout + result.stderr


def test_a_changed_fact_reaches_a_cached_page(tmp_path):
    project = copy_project(tmp_path / "project")
    assert _build(project)[0] == 0
    page = project / "output" / "urgent-help" / "index.html"
    assert "Veterans Crisis Line" in page.read_text(encoding="utf-8")
    facts = project / "data" / "practice.yml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "name: Veterans Crisis Line", "name: Veterans and Military Crisis Line"), encoding="utf-8")
    status, output = _build(project)
    assert status == 0, output
    assert "Veterans and Military Crisis Line" in page.read_text(encoding="utf-8")
    assert len(list((project / "cache").glob("content-*"))) == 1, "old caches are removed"


def test_a_mistake_is_reported_on_every_build_not_only_the_first(tmp_path):
    project = copy_project(tmp_path / "project")
    about = project / "content" / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOur method is clinically proven.\n", encoding="utf-8")
    first = _build(project)
    # The first build kept its verdicts; the second reads them back.
    assert list((project / "cache").glob("content-*/gate-verdicts.pickle"))
    second = _build(project)
    for status, output in (first, second):
        assert status == 1
        assert "content/pages/about.md" in output and "clinically proven" in output


def test_an_unconfirmed_fact_is_reported_on_every_build_not_only_the_first(tmp_path):
    # The facts a page shows are read once and remembered in the gate's cache.
    project = copy_project(tmp_path / "project")
    about = project / "content" / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA first visit costs {{ costs.prescriber }}.\n",
                     encoding="utf-8")
    first = _build(project)
    second = _build(project)
    for status, output in (first, second):
        assert status == 1
        assert "content/pages/about.md" in output and "costs.prescriber" in output and "not confirmed" in output


def test_a_cache_file_left_half_written_is_discarded_not_fatal(tmp_path):
    """A build killed while Pelican wrote its cache (or one whose cache could not
    be pickled) left a file that failed every later build with "EOFError: Ran out
    of input" until cache/ was deleted by hand."""
    project = copy_project(tmp_path / "project")
    assert _build(project)[0] == 0
    folder = next((project / "cache").glob("content-*"))
    assert (folder / "complete.json").is_file(), "a finished build notes the cache it leaves"
    for name in ("PagesGenerator-Readers", "gate-verdicts.pickle"):
        cached = folder / name
        cached.write_bytes(cached.read_bytes()[: cached.stat().st_size // 2])
    status, output = _build(project)
    assert status == 0, output
    assert "EOFError" not in output and "Traceback" not in output
    assert (project / "output" / "urgent-help" / "index.html").is_file()
    status, output = _build(project)
    assert status == 0, output


def test_a_change_to_the_page_headers_schema_starts_a_fresh_cache(tmp_path):
    """The schema says which header fields the reader accepts; a page read
    before a field was dropped must be read (and refused) again."""
    schema = tmp_path / "plugins" / "kact_gate" / "schemas" / "page_header.schema.yml"
    schema.parent.mkdir(parents=True)
    schema.write_text("properties: {Title: {type: string}}\n", encoding="utf-8")
    before = fingerprint(tmp_path)
    schema.write_text("properties: {Title: {type: string}, Author: {type: string}}\n", encoding="utf-8")
    assert fingerprint(tmp_path) != before
