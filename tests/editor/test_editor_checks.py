"""The editor's checks: each rule on small pages of its own, then once through
the real build command on tests/fixtures/editor-advice (advice is printed in
the report and never stops the build). The health-page Reviewed error is also
proven by tests/fixtures/broken/reviewed-missing (test_quality_gate.py).
"""
import datetime
import subprocess
import sys
from types import SimpleNamespace

import pytest
import yaml

from tooling.build.project_copy import BUILD_INPUTS, copy_project
from tests.site import ROOT
from kact_gate.built import BuiltPage
from kact_gate.checks import readability, review_dates, reviewed_required, spelling, unfinished
from kact_core.problem import ADVICE, ERROR
from kact_gate.source import SourcePage
from kact_reviewed.reviewed import reviewed_date

TODAY = datetime.date(2027, 6, 1)
PLAIN = "Ketamine is a medicine. A prescriber checks your health first. You can ask questions at any time."


def source(project, text, name="page.md", notices=()):
    path = project / "content" / "pages" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    page = SourcePage(path, project).read_header()
    page.page = SimpleNamespace(required_notices=list(notices))
    return page


def site_of(project, *sources, built=(), settings=None):
    return SimpleNamespace(project=project, markdown_sources=list(sources), built_pages={b.rel: b for b in built},
                           settings=settings or {})


# --- Review dates -----------------------------------------------------------------


def test_health_page_without_reviewed_is_an_error(tmp_path):
    page = source(tmp_path, f"Title: T\nSummary: S\n\n{PLAIN}\n", notices=["fda-status"])
    problems = list(reviewed_required.check(site_of(tmp_path, page), today=TODAY))
    assert [(p.path, p.line, p.severity) for p in problems] == [("content/pages/page.md", 1, ERROR)]
    assert "Reviewed: 2027-06-01" in problems[0].fix


def test_page_listing_crisis_lines_is_a_health_page(tmp_path):
    page = source(tmp_path, 'Title: T\nSummary: S\n\n{{ crisis_lines("lifeline") }}\n')
    assert [p.severity for p in reviewed_required.check(site_of(tmp_path, page), today=TODAY)] == [ERROR]


def test_other_pages_need_no_review_date(tmp_path):
    page = source(tmp_path, "Title: Privacy\nSummary: S\n\nWe keep no cookies.\n", notices=["licensure"])
    assert list(reviewed_required.check(site_of(tmp_path, page), today=TODAY)) == []


@pytest.mark.parametrize("reviewed, advised", [("2026-06-01", False), ("2026-05-31", True), ("2020-01-01", True)])
def test_review_over_twelve_months_old_is_advice(tmp_path, reviewed, advised):
    page = source(tmp_path, f"Title: T\nSummary: S\nReviewed: {reviewed}\n\n{PLAIN}\n", notices=["eligibility"])
    problems = list(review_dates.check(site_of(tmp_path, page), today=TODAY))
    assert [(p.line, p.severity) for p in problems] == ([(3, ADVICE)] if advised else [])


def test_unreadable_review_date_is_left_to_the_metadata_check(tmp_path):
    page = source(tmp_path, f"Title: T\nSummary: S\nReviewed: last spring\n\n{PLAIN}\n", notices=["fda-status"])
    assert list(review_dates.check(site_of(tmp_path, page), today=TODAY)) == []


def test_reviewed_date_is_read_for_the_template():
    assert reviewed_date("2026-11-26") == datetime.date(2026, 11, 26)
    assert reviewed_date("26/11/2026") is None


# --- Placeholders ------------------------------------------------------------------


def test_placeholders_are_errors_with_their_lines(tmp_path):
    page = source(tmp_path, "Title: T\nSummary: TODO: rewrite\n\nText.\n\nFIXME later\n\nA TK figure.\n")
    problems = list(unfinished.check(site_of(tmp_path, page)))
    assert [(p.line, p.severity) for p in problems] == [(2, ERROR), (6, ERROR), (8, ERROR)]
    assert "FIXME" in problems[1].what and "TK" in problems[2].what


def test_placeholders_are_only_advice_in_the_preview(tmp_path):
    page = source(tmp_path, "Title: T\nSummary: S\n\nTODO: more\n")
    preview = site_of(tmp_path, page, settings={"GATE_UNFINISHED_IS_ADVICE": True})
    assert [(p.line, p.severity) for p in unfinished.check(preview)] == [(4, ADVICE)]


def test_new_page_text_is_caught_after_its_todo_is_deleted(tmp_path):
    from tooling.pages.new_page import TEMPLATE

    text = TEMPLATE.format(title="Hours", slug="hours", today="2026-11-30").replace("TODO: ", "")
    page = source(tmp_path, text)
    problems = list(unfinished.check(site_of(tmp_path, page)))
    assert [p.line for p in problems] == [2, 6, 8, 10]
    assert all("make new-page" in p.what for p in problems)


def test_a_draft_is_not_checked_for_placeholders(tmp_path):
    page = source(tmp_path, "Title: T\nSummary: S\nStatus: draft\n\nTODO: more\n")
    page.page.status = "draft"
    assert list(unfinished.check(site_of(tmp_path, page))) == []


def test_words_like_tokens_are_not_placeholders(tmp_path):
    page = source(tmp_path, "Title: T\nSummary: S\n\nTKO, todo lists and a Tk toolkit are fine.\n")
    assert list(unfinished.check(site_of(tmp_path, page))) == []


# --- Spelling ----------------------------------------------------------------------


def spelling_problems(project, text):
    (project / "data").mkdir(exist_ok=True)
    (project / "data" / "words.txt").write_text("# names\nRenelle\nEMDR\n", encoding="utf-8")
    return list(spelling.check(site_of(project, source(project, text))))


def test_common_misspelling_names_line_and_correction(tmp_path):
    problems = spelling_problems(tmp_path, "Title: T\nSummary: S\n\nYou will recieve a plan.\n")
    assert [(p.line, p.severity) for p in problems] == [(4, ADVICE)]
    assert '"recieve"' in problems[0].what and '"receive"' in problems[0].what
    assert "data/words.txt" in problems[0].fix


def test_unknown_word_is_reported_once_per_page_at_its_first_line(tmp_path):
    text = "Title: T\nSummary: S\n\nThe ketamnie dose.\n\nAnother ketamnie dose.\n"
    problems = spelling_problems(tmp_path, text)
    assert [(p.line, p.what.split('"')[1]) for p in problems] == [(4, "ketamnie")]


def test_words_in_the_project_list_and_markup_are_not_reported(tmp_path):
    text = (
        "Title: About Renelle\nSummary: S\n\n"
        "Renelle uses EMDR. See [the page]({filename}xyzzyq.md) or <https://qwzx.example/>.\n"
        "Call {{ crisis.lifelinez.number }}.\n\n[^qwzxref]: Qwzxyk A. A study. 2020.\n"
    )
    assert spelling_problems(tmp_path, text) == []


def test_title_and_summary_are_checked(tmp_path):
    problems = spelling_problems(tmp_path, "Title: Teh plan\nSummary: S\n\nText.\n")
    assert [(p.line, p.what.split('"')[1]) for p in problems] == [(1, "Teh")]


# --- Readability --------------------------------------------------------------------


def built_page(project, source_page, prose_html):
    output = project / "output"
    path = output / "page" / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<html><body><div class="app-prose">{prose_html}</div></body></html>', encoding="utf-8")
    page = BuiltPage(path, output)
    page.source = source_page
    return page


HARD = (
    "Notwithstanding considerable methodological heterogeneity, contemporary investigations characterizing "
    "intravenous ketamine administration consistently demonstrate rapid, transient, dose-dependent modulation "
    "of neuronal communication, accompanied by dissociative phenomenology and idiosyncratic psychological "
    "sequelae necessitating comprehensive interdisciplinary monitoring."
)


def test_hard_page_gets_advice_naming_its_hardest_sentence(tmp_path):
    text = f"Title: T\nSummary: S\n\n{PLAIN}\n\n{HARD}\n\n{HARD}\n"
    page = source(tmp_path, text)
    built = built_page(tmp_path, page, f"<p>{PLAIN}</p><p>{HARD}</p><p>{HARD}</p>")
    problems = list(readability.check(site_of(tmp_path, page, built=[built])))
    assert [(p.line, p.severity) for p in problems] == [(6, ADVICE)]
    assert "US school grade" in problems[0].what and "Notwithstanding" in problems[0].what


def test_plain_page_gets_no_advice_but_has_a_grade(tmp_path):
    page = source(tmp_path, "Title: T\nSummary: S\n\n" + PLAIN * 6)
    built = built_page(tmp_path, page, "<p>" + (PLAIN + " ") * 6 + "</p>")
    site = site_of(tmp_path, page, built=[built])
    assert list(readability.check(site)) == []
    (graded, grade, words, _), = readability.reading_grades(site)
    assert graded is page and grade <= readability.HIGHEST_GRADE and words >= readability.FEWEST_WORDS


def test_references_and_list_items_do_not_count_as_run_on_sentences(tmp_path):
    items = "".join(f"<li>{word} and more plain words here</li>" for word in ["one", "two", "three"] * 5)
    footnotes = f'<div class="footnote"><ol><li>{HARD} {HARD}</li></ol></div>'
    page = source(tmp_path, "Title: T\nSummary: S\n\nText.\n")
    built = built_page(tmp_path, page, f"<p>{PLAIN}</p><ul>{items}</ul>{footnotes}")
    blocks = readability.page_text(built)
    assert not any("Notwithstanding" in block for block in blocks)
    assert all(block.endswith(".") for block in blocks)


# --- Through the real build command ---------------------------------------------------


def test_advice_is_reported_with_file_and_line_and_never_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project", [*BUILD_INPUTS, "tooling", "tasks.py", "publishconf.py"])
    fixture = ROOT / "tests" / "fixtures" / "editor-advice"
    for page in (fixture / "pages").iterdir():
        (project / "content" / "pages" / page.name).write_bytes(page.read_bytes())
    # A plain build with the advice turned on, as `make check` and the preview run it.
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(project / "output"),
         "--extra-settings", "GATE_ADVICE=true"], cwd=project,
        capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    lines = output.splitlines()
    for expected in yaml.safe_load((fixture / "expect.yml").read_text(encoding="utf-8")):
        block = next((" ".join(lines[i:i + 3]) for i, line in enumerate(lines) if line.startswith(expected["at"] + ": ")), None)
        assert block is not None, f"nothing reported at {expected['at']}:\n{output}"
        for words in expected["says"]:
            assert words in block, f"{expected['at']} should say {words!r}:\n{block}"


def test_grade_table_lists_each_page_with_its_grade(tmp_path):
    easy = source(tmp_path, "Title: T\nSummary: S\n\nText.\n", name="easy.md")
    hard = source(tmp_path, "Title: T\nSummary: S\n\nText.\n", name="hard.md")
    built_page(tmp_path, easy, "<p>" + (PLAIN + " ") * 6 + "</p>")
    (tmp_path / "output" / "page" / "index.html").rename(tmp_path / "output" / "easy.html")
    built_page(tmp_path, hard, f"<p>{HARD}</p><p>{HARD}</p><p>{HARD}</p>")
    table = readability.grade_table(tmp_path / "output", {"easy.html": easy, "page/index.html": hard})
    lines = table.splitlines()
    assert lines[0].startswith("Reading grade of each page")
    assert "content/pages/easy.md" in lines[1] and "advice" not in lines[1]
    assert "content/pages/hard.md" in lines[2] and "advice: aim for 8 or below" in lines[2]


@pytest.mark.parametrize("address, file_name", [
    ("http://127.0.0.1:8000/faq/", "faq.md"),
    ("http://localhost:8000/how-it-works/", "how-it-works.md"),
    ("http://127.0.0.1:8000/", "index.md"),
])
def test_an_address_copied_from_the_preview_gets_advice_that_leads_somewhere(address, file_name):
    """Issue 18: the old advice ("change http to https", then "copy it from the
    address bar") went round in a circle; the fix names the page's file."""
    from urllib.parse import urlsplit

    from kact_gate.checks import links

    parts = urlsplit(address)
    message, fix, _needles = links._check_external(address, parts, parts.scheme)
    assert "preview on your computer" in message
    assert f"Link to the page as {{filename}}{file_name}" in fix
    assert "https" not in fix and "address bar" not in fix
