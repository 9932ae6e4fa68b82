"""A page, a question and a paragraph the therapist adds are checked, not refused.

The tests take the site's pages from content/ as Pelican reads them
(tooling/build/content_pages.py), never from a list typed into a test. This proves
it on a copy of the project: a page started the way `make new-page` starts
one and then written, an FAQ question and a paragraph, then the per-page
tests themselves run on that copy and check the new page like every other.
"""
import datetime
import os
import re
import subprocess
import sys

import pytest

from tooling.build.content_pages import read_pages
from tests.site import ROOT, BuiltSite
from tooling.pages.new_page import create_page
from tooling.build.project_copy import BUILD_INPUTS, copy_project

TITLE = "Evening sessions"
SLUG = "evening-sessions"
QUESTION = "Can we bring our own music to a session?"
PARAGRAPH = "Couples often ask how soon they can start. The first step is always a short consult."
# A page she has started but not finished: no build writes it, so no test may expect it.
DRAFT = """Title: Plans for weekend retreats
Summary: A page the therapist is still writing, which no build may publish and no test may expect.
Slug: weekend-retreats
Status: draft

Weekend retreats may start next year.
"""
# The tests that check every page one by one, or the site as a whole, on the
# site the `site` fixture builds. The few that need the published build or
# build a project copy of their own are left out: they read no page list.
PER_PAGE_TESTS = [
    "tests/build/test_build.py", "tests/content/test_page_structure.py", "tests/content/test_notices_and_claims.py",
    "tests/content/test_structured_data.py", "tests/content/test_links.py", "tests/content/test_signposts.py",
    "tests/content/test_search_and_sharing.py",
]
NEEDS_ANOTHER_BUILD = "not sitemap and not robots_txt and not stops_the_build"


def _write_the_page(path):
    """Replace every TODO of the new file, as the therapist does, and list it in the menu."""
    text = path.read_text(encoding="utf-8")
    header, _ = text.split("\n\n", 1)
    header = re.sub(r"^Summary: .*$", "Summary: Sessions after work for couples in Arizona and Wisconsin, "
                    "with the same preparation and care as daytime sessions.", header, flags=re.MULTILINE)
    body = (
        "Some couples cannot take a weekday off. We offer a few sessions that start after work.\n\n"
        "## How an evening session works\n\n"
        "Everything is the same as in the day. Plan for someone else to drive you home.\n"
    )
    path.write_text(f"{header}\nNav_order: 99\n\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("new-content") / "project", [*BUILD_INPUTS, "publishconf.py"])
    pages = project / "content" / "pages"
    path, _ = create_page(TITLE, project=project, today=datetime.date.today())
    _write_the_page(path)
    faq = pages / "faq.md"
    answer = "Yes. Tell your therapist in the consult, and bring it on a phone or a small speaker."
    # As the editor saves a new question: after the last one, before the references.
    questions, references = faq.read_text(encoding="utf-8").split("\n## References\n")
    faq.write_text(f"{questions.rstrip()}\n\n## {QUESTION}\n\n{answer}\n\n## References\n{references}", encoding="utf-8")
    about = pages / "about.md"
    about.write_text(about.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{PARAGRAPH}\n", encoding="utf-8")
    (pages / "weekend-retreats.md").write_text(DRAFT, encoding="utf-8")
    return project


def test_the_page_list_is_read_from_content(project):
    addresses = [page.address for page in read_pages(project)]
    assert f"/{SLUG}/" in addresses
    assert "/weekend-retreats/" not in addresses, "a draft is written by no build, so it is no page to check"
    assert addresses == sorted({page.address for page in read_pages(ROOT)} | {f"/{SLUG}/"})


@pytest.fixture(scope="module")
def per_page_run(project, tmp_path_factory):
    """The per-page tests, run on the copy: (their report, the site they built)."""
    folders = tmp_path_factory.mktemp("per-page-run")
    env = {**os.environ, "KACT_TESTED_PROJECT": str(project)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *PER_PAGE_TESTS, "-k", NEEDS_ANOTHER_BUILD,
         "-v", "-p", "no:cacheprovider", "--basetemp", str(folders)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-6000:]
    return report, BuiltSite(output=folders / "site0" / "output")


def test_the_per_page_tests_check_the_new_page_and_refuse_nothing(per_page_run):
    report, _ = per_page_run
    for test in [
        f"test_build.py::test_every_page_exists[{SLUG}] PASSED",
        "test_build.py::test_no_unexpected_pages PASSED",
        "test_build.py::test_build_logs_no_warning_or_error PASSED",
        f"test_page_structure.py::test_title_and_meta_description_from_summary[{SLUG}] PASSED",
        f"test_page_structure.py::test_urgent_help_is_first_in_the_header_with_tappable_links[{SLUG}] PASSED",
        "test_page_structure.py::test_nav_marks_the_current_page PASSED",
        f"test_notices_and_claims.py::test_every_page_carries_the_notices_its_rules_require[{SLUG}] PASSED",
        f"test_notices_and_claims.py::test_no_forbidden_claim_anywhere[{SLUG}] PASSED",
        f"test_structured_data.py::test_inner_pages_have_breadcrumbs_to_themselves[/{SLUG}/] PASSED",
        "test_structured_data.py::test_faq_page_lists_every_question_with_an_answer PASSED",
        "test_links.py::test_internal_links_and_anchors_resolve PASSED",
        f"test_search_and_sharing.py::test_open_graph_and_twitter_tags[/{SLUG}/] PASSED",
    ]:
        assert test in report, f"{test!r} not in the report:\n{report[-6000:]}"


def test_the_site_they_checked_has_her_question_and_paragraph(per_page_run):
    _, site = per_page_run
    questions = [h2.get_text(" ", strip=True) for h2 in site.soup("/faq/").select("main h2")]
    assert QUESTION in questions
    assert PARAGRAPH in " ".join(site.soup("/about/").main.get_text(" ").split())
    assert site.soup(f"/{SLUG}/").h1.get_text(strip=True) == TITLE
