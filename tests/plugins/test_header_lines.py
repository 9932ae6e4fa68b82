"""A header field's line comes from the site's Markdown reader (Pelican's
MarkdownReader, kact_reading_limit), as Python-Markdown's meta extension read
the page, and travels with the page's metadata: the gate does not read the
header a second time to find it (plugins/kact_gate/header.py)."""
from types import SimpleNamespace

import pytest
from pelican.settings import read_settings

from kact_gate.header import HEADER_KEY, HEADER_LINES_KEY, HeaderRefused
from kact_gate.source import SourcePage
from kact_reading_limit.reading_limit import TimedMarkdownReader

SUMMARY = "A summary long enough to be one plain sentence in search results, fifty or more."
PAGE = f"""---
Title: Office hours
Summary: {SUMMARY}
    and a second line of it
Nav_order: 3
Slug: office-hours
Nav_order: 4
---

Slug: not a field, the text has started
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "content" / "pages").mkdir(parents=True)
    return tmp_path


def read(project, text, name="office-hours.md"):
    path = project / "content" / "pages" / name
    path.write_text(text, encoding="utf-8")
    reader = TimedMarkdownReader(read_settings(override={"PATH": str(project / "content")}))
    return path, reader.read(str(path))[1]


def test_the_reader_notes_the_line_of_each_field_as_it_reads_the_header(project):
    _, metadata = read(project, PAGE)
    assert metadata[HEADER_LINES_KEY] == {
        "title": [(2, "Title")], "summary": [(3, "Summary")], "nav_order": [(5, "Nav_order"), (7, "Nav_order")],
        "slug": [(6, "Slug")],
    }
    assert metadata[HEADER_KEY]["summary"] == [SUMMARY, "and a second line of it"]


def test_the_gate_takes_the_lines_from_the_page_not_from_the_file_again(project):
    path, metadata = read(project, PAGE)
    path.write_text("\n\n" + PAGE, encoding="utf-8")  # a second reading would find other lines
    source = SourcePage(path, project)
    source.take_header(SimpleNamespace(metadata=metadata))
    assert [(field.key, field.line) for field in source.fields] == [
        ("Title", 2), ("Summary", 3), ("Nav_order", 5), ("Slug", 6), ("Nav_order", 7)]
    assert source.field("summary").value == f"{SUMMARY} and a second line of it"


def test_tools_without_a_build_find_the_same_lines(project):
    path, metadata = read(project, PAGE)
    source = SourcePage(path, project).read_header()
    located = {}
    for field in source.fields:
        located.setdefault(field.name, []).append((field.line, field.key))
    assert located == metadata[HEADER_LINES_KEY]


def test_a_field_the_site_does_not_use_is_refused_at_its_line(project):
    with pytest.raises(HeaderRefused) as refused:
        read(project, f"Title: Office hours\nSummary: {SUMMARY}\nCategory: news\n\nText.\n")
    [problem] = refused.value.problems
    assert (problem.path, problem.line) == ("content/pages/office-hours.md", 3)
    assert "'Category' is not one the site knows" in problem.what


def test_a_page_without_a_header_has_no_field_lines(project):
    _, metadata = read(project, "Just text, no header.\n")
    assert metadata[HEADER_LINES_KEY] == {} and metadata[HEADER_KEY] == {}
