"""Statements that hold only until a date (data/time_limits.yml, issue 20).

The date checks read "today" from the GATE_TODAY setting (or the `today`
argument), so these tests pick their day without touching the clock. The
fixture tests/fixtures/broken/time-limit-ended (a date in 2020) proves that the
build command fails after the date; here, `make check-review-dates` and
`make publish` (its public build) do too, and `make check` only warns before it.
"""
import datetime
import os
import subprocess
import sys

import pytest
from pelican.settings import read_settings

from tests.site import ROOT
from tests.plugins.test_quality_gate import _copy_project
from tooling.check.overdue_reviews import gate_findings, review_problems
from kact_gate.checks import time_limits
from kact_core.problem import ADVICE, ERROR
from kact_gate.site import Site
from kact_register import load_register

ENDS = datetime.date(2026, 12, 31)  # the telemedicine rules' end (Federal Register, FR Doc 2025-24123)
PAGES = {"content/pages/treatment-options.md", "content/pages/arizona-and-out-of-state.md"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override={"OUTPUT_PATH": str(tmp_path_factory.mktemp("unused-output"))})
    return Site(settings)


def test_the_register_holds_the_telemedicine_end_date_as_a_fact_with_its_source():
    register = load_register(ROOT / "data")
    limit = next(limit for limit in register.time_limits if limit.id == "telemedicine_prescribing")
    assert limit.ends_on == ENDS
    assert register.sources[limit.source]["url"] == "https://www.federalregister.gov/d/2025-24123"
    assert register.values["until"]["telemedicine_prescribing"] == "31 December 2026"
    assert register.fact("until.telemedicine_prescribing").is_confirmed
    assert register.time_limit_problems == []


def test_well_before_the_date_there_is_nothing_to_say(site):
    day = ENDS - datetime.timedelta(days=31)
    assert list(time_limits.check(site, today=day)) == []
    assert list(time_limits.check_soon(site, today=day)) == []


@pytest.mark.parametrize("days_left", [30, 24, 0])
def test_within_30_days_of_the_date_make_check_warns_without_failing(site, days_left):
    day = ENDS - datetime.timedelta(days=days_left)
    assert list(time_limits.check(site, today=day)) == []
    [warning] = time_limits.check_soon(site, today=day)
    assert warning.severity == ADVICE
    assert warning.path == "data/time_limits.yml" and warning.line
    assert "telemedicine_prescribing" in warning.what and "31 December 2026" in warning.what
    assert "treatment-options" in warning.what and "arizona-and-out-of-state" in warning.what
    assert "https://www.federalregister.gov/d/2025-24123" in warning.fix


def test_after_the_date_each_page_making_the_statement_is_an_error_naming_page_statement_and_source(site):
    problems = list(time_limits.check(site, today=ENDS + datetime.timedelta(days=1)))
    assert {problem.path for problem in problems} == PAGES
    for problem in problems:
        assert problem.severity == ERROR and problem.line
        assert "video visits only" in problem.what and "31 December 2026" in problem.what
        assert "telemedicine_prescribing" in problem.what
        assert "dea_telemedicine_fourth_extension" in problem.fix
        assert "https://www.federalregister.gov/d/2025-24123" in problem.fix
    assert list(time_limits.check_soon(site, today=ENDS + datetime.timedelta(days=1))) == []


def test_the_day_is_read_from_the_gate_today_setting(site):
    site.settings["GATE_TODAY"] = "2027-01-15"
    try:
        assert {problem.path for problem in time_limits.check(site)} == PAGES
    finally:
        del site.settings["GATE_TODAY"]


def test_an_unknown_source_is_reported_with_its_line(tmp_path):
    for name in ("practice.yml", "sources.yml"):
        (tmp_path / name).write_bytes((ROOT / "data" / name).read_bytes())
    (tmp_path / "time_limits.yml").write_text(
        "offer:\n  says: an offer\n  ends_on: 2030-01-01\n  source: nowhere\n  pages: [faq]\n", encoding="utf-8")
    register = load_register(tmp_path)
    assert [(line, "nowhere" in what) for line, what, _ in register.time_limit_problems] == [(1, True)]


def test_the_weekly_run_passes_today_with_the_warning_and_fails_after_the_date():
    """One in-process build each, as `make check-review-dates` runs it, with the day injected."""
    within = gate_findings(today=datetime.date(2026, 12, 7))
    soon = [problem for problem in within if problem.check == "time_limits_soon"]
    assert len(soon) == 1 and soon[0].severity == ADVICE
    assert not [problem for problem in within if problem.is_error]

    after = review_problems(today=datetime.date(2027, 1, 1))
    ended = [problem for problem in after if problem.check == "time_limits"]
    assert {problem.path for problem in ended} == PAGES
    assert all(problem.is_error for problem in ended)


def test_make_publish_refuses_a_site_with_a_statement_past_its_date(tmp_path):
    """`invoke public-build` is `make publish` without the copy to the host."""
    project = _copy_project(tmp_path / "project", "time-limit-ended")
    result = subprocess.run([sys.executable, "-m", "invoke", "public-build"], cwd=project, capture_output=True,
                            text=True, timeout=600, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "content/pages/gate-time-limit.md:6: This page says that a prescriber may prescribe ketamine" in output
    assert "https://www.federalregister.gov/d/2025-24123" in output
    assert not (project / ".publish" / "site" / "index.html").exists()


def test_make_questions_lists_each_statement_with_its_date_source_and_pages():
    from tooling.pages.questions import questions_report

    report = questions_report()
    section = report[report.index("STATEMENTS WITH AN END DATE (1)"):report.index("OUTSIDE SOURCES")]
    assert "Holds until: 31 December 2026" in section
    assert "dea_telemedicine_fourth_extension" in section and "(telemedicine_prescribing)" in section


def test_a_statement_without_a_readable_date_stops_the_build_at_its_line(tmp_path):
    from kact_gate.preflight import data_file_problems

    data = tmp_path / "data"
    data.mkdir()
    for path in (ROOT / "data").glob("*.yml"):
        (data / path.name).write_bytes(path.read_bytes())
    (data / "time_limits.yml").write_text(
        "offer:\n  says: an offer\n  ends_on: soon\n  source: fda_ketamine_alert\n  pages: [faq]\n", encoding="utf-8")
    problems = [problem for problem in data_file_problems(tmp_path) if problem.path == "data/time_limits.yml"]
    assert [(problem.line, "YYYY-MM-DD" in problem.what) for problem in problems] == [(3, True)]
