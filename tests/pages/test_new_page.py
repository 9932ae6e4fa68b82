"""`invoke new-page "Title"` starts a complete page and never overwrites one."""
import datetime
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tooling.build.project_copy import copy_project
from tests.site import ROOT
from tooling.pages.new_page import NewPageRefused, create_page, describe, notices_for_new_page

DAY = datetime.date(2027, 3, 4)


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def header_of(text):
    head = text.split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def test_new_page_has_every_header_field(project):
    path, text = create_page("Office hours", project=project, today=DAY)
    assert path == project / "content" / "pages" / "office-hours.md"
    assert path.read_text(encoding="utf-8") == text
    header = header_of(text)
    assert header["Title"] == "Office hours"
    assert header["Slug"] == "office-hours"
    assert header["Reviewed"] == "2027-03-04"
    assert header["Summary"].startswith("TODO")
    assert "\n## " in text, "the page should start its own sections at ##"


def test_new_page_refuses_to_overwrite(project):
    faq = project / "content" / "pages" / "faq.md"
    before = faq.read_bytes()
    with pytest.raises(NewPageRefused, match="already exists"):
        create_page("FAQ", project=project)
    assert faq.read_bytes() == before


def test_new_page_refuses_an_address_another_page_uses(project):
    (project / "content" / "pages" / "hours-page.md").write_text(
        "Title: Hours\nSlug: office-hours\n\nText.\n", encoding="utf-8"
    )
    with pytest.raises(NewPageRefused, match="/office-hours/"):
        create_page("Office hours", project=project)
    assert not (project / "content" / "pages" / "office-hours.md").exists()


def test_new_page_refuses_an_empty_title(project):
    with pytest.raises(NewPageRefused, match="title"):
        create_page("   ", project=project)


def test_notices_follow_the_build_rules():
    spec = yaml.safe_load((ROOT / "data" / "notices.yml").read_text(encoding="utf-8"))
    everywhere = {n["id"] for n in spec if n.get("rules", {}).get("all")}
    now, later = notices_for_new_page("office-hours", "Office hours", "Opening times.", spec)
    assert {n["id"] for n in now} == everywhere
    assert "fda-status" in {n["id"] for _, n in later}
    now, _ = notices_for_new_page("dosing", "Dosing", "How ketamine is dosed.", spec)
    assert "fda-status" in {n["id"] for n in now}


def test_description_names_notices_and_next_steps(project):
    path, text = create_page("Office hours", project=project, today=DAY)
    message = describe(path, project=project)
    assert "content/pages/office-hours.md" in message
    assert "Get help now" in message and "Not medical advice" in message
    assert "ketamine: FDA status" in message
    assert "Nav_order:" in message and "make check" in message


def test_invoke_task_refuses_an_existing_page_without_a_traceback():
    faq = ROOT / "content" / "pages" / "faq.md"
    before = faq.read_bytes()
    result = subprocess.run(
        [str(Path(sys.executable).parent / "invoke"), "new-page", "FAQ"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert faq.read_bytes() == before


def test_new_page_refuses_a_title_too_long_for_an_address_in_plain_words(project):
    """A long title ended in "OSError: [Errno 36] File name too long"."""
    with pytest.raises(NewPageRefused, match="too long to make the page's address") as refused:
        create_page("Long title " * 40, project)
    assert "at most 80" in str(refused.value)
    assert not list((project / "content" / "pages").glob("long-title*"))
