"""`invoke check-review-dates` (the weekly CI run): an overdue review fails, naming file and line."""
import datetime
import os
import re
import subprocess
import sys

from tooling.build.project_copy import BUILD_INPUTS, copy_project


def _check_reviews(project):
    return subprocess.run(
        [sys.executable, "-m", "invoke", "check-review-dates"],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def test_a_review_over_a_year_old_fails_with_file_line_and_fix(tmp_path):
    project = copy_project(tmp_path / "project", [*BUILD_INPUTS, "tooling", "tasks.py"])
    faq = project / "content" / "pages" / "faq.md"
    lines = faq.read_text(encoding="utf-8").splitlines(keepends=True)
    reviewed_line = next(number for number, line in enumerate(lines, 1) if line.startswith("Reviewed:"))
    lines[reviewed_line - 1] = "Reviewed: 2020-01-15\n"
    faq.write_text("".join(lines), encoding="utf-8")

    result = _check_reviews(project)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"content/pages/faq.md:{reviewed_line}: This page was last reviewed on 2020-01-15" in result.stderr
    assert "How to fix: Read it through for accuracy" in result.stderr
    # Only the overdue review is reported, not the spelling or reading-grade advice.
    assert "1 problem to fix" in result.stderr and "advice" not in result.stderr


def test_reviews_within_the_year_pass(tmp_path):
    # Every page reviewed today, so this test does not start failing as the real dates age.
    project = copy_project(tmp_path / "project", [*BUILD_INPUTS, "tooling", "tasks.py"])
    today = datetime.date.today().isoformat()
    for page in (project / "content" / "pages").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"(?m)^Reviewed: .*$", f"Reviewed: {today}", text), encoding="utf-8")
    # ... and every statement with an end date a year away (tests/plugins/test_time_limits.py tests those).
    limits = project / "data" / "time_limits.yml"
    next_year = (datetime.date.today() + datetime.timedelta(days=365)).isoformat()
    limits.write_text(re.sub(r"(?m)^(  ends_on: ).*$", rf"\g<1>{next_year}", limits.read_text(encoding="utf-8")),
                      encoding="utf-8")
    result = _check_reviews(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Every health page was reviewed within the last 12 months." in result.stdout
    assert "No statement in data/time_limits.yml has passed its end date." in result.stdout
