"""tooling/workflow/step_summary.py: a failed check's plain report lands on the CI run's summary page."""
import os
import shutil
import subprocess
import sys

from tooling.build.project_copy import BUILD_INPUTS, copy_project
from tooling.workflow.step_summary import annotation_commands, problems_in, summary_markdown
from tests.site import ROOT

BROKEN_LINK_PAGE = ROOT / "tests" / "fixtures" / "broken" / "links-missing-page" / "pages" / "gate-links.md"


def _run_build_through_summary(project, summary):
    return subprocess.run(
        [sys.executable, "-m", "tooling.workflow.step_summary", "Site checks", "--", sys.executable, "-m", "invoke", "build"],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "PYTHONDONTWRITEBYTECODE": "1",
             "GITHUB_ACTIONS": "true"},
    )


def test_a_broken_page_puts_file_line_and_fix_on_the_summary_and_fails_the_step(tmp_path):
    project = copy_project(tmp_path / "project", [*BUILD_INPUTS, "tooling", "tasks.py"])
    shutil.copy2(BROKEN_LINK_PAGE, project / "content" / "pages" / "gate-links.md")
    summary = tmp_path / "summary.md"
    summary.write_text("Earlier step's summary.\n", encoding="utf-8")

    result = _run_build_through_summary(project, summary)

    assert result.returncode == 1
    # The log still shows everything the build printed.
    assert "content/pages/gate-links.md:5:" in result.stdout
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("Earlier step's summary.\n")  # appended, never overwritten
    assert "## ❌ Site checks: failed" in text
    assert "- **`content/pages/gate-links.md`, line 5**: The link {filename}faqs.md goes to a page that does not exist" in text
    assert 'How to fix: Check the file name after {filename}. Did you mean "faq.md"?' in text
    # On a runner, the same problem as an annotation on its file and line.
    assert ("::error file=content/pages/gate-links.md,line=5,title=Site checks::The link {filename}faqs.md "
            "goes to a page that does not exist") in result.stdout


def test_a_passing_step_says_so_and_keeps_its_exit_status(tmp_path):
    summary = tmp_path / "summary.md"
    result = subprocess.run(
        [sys.executable, "-m", "tooling.workflow.step_summary", "Tests", "--", sys.executable, "-c", "print('fine')"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert (result.returncode, result.stdout) == (0, "fine\n")
    assert summary.read_text(encoding="utf-8") == "## ✅ Tests: passed\n\n"


def test_without_a_summary_file_it_only_runs_the_command(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_STEP_SUMMARY"}
    result = subprocess.run(
        [sys.executable, "-m", "tooling.workflow.step_summary", "Tests", "--", sys.executable, "-c", "raise SystemExit(3)"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env=env,
    )
    assert result.returncode == 3
    assert list(tmp_path.iterdir()) == []


def test_wrapped_fix_lines_are_joined_and_advice_is_counted_apart():
    lines = [
        "Quality check: 1 problem to fix before the site can be built and 1 piece of advice.",
        "",
        "data/practice.yml:7: The crisis number 98 is too short.",
        "    How to fix: Write the number as on the",
        "    crisis line's own site.",
        "",
        "content/pages/faq.md: Advice: The <meta> tag is not allowed.",
        "    How to fix: Remove `<meta>` from the page.",
        "",
    ]
    problems = problems_in(lines)
    assert [(p.path, p.line, p.fix) for p in problems] == [
        ("data/practice.yml", "7", "Write the number as on the crisis line's own site."),
        ("content/pages/faq.md", None, "Remove `<meta>` from the page."),
    ]
    text = summary_markdown("Site checks", lines, 1)
    assert "1 problem to fix and 1 piece of advice" in text
    # Outside code spans, a tag is shown as text (GitHub would drop it as HTML).
    assert "Advice: The &lt;meta&gt; tag is not allowed." in text
    assert "Remove `<meta>` from the page." in text


def test_a_failure_without_a_page_report_shows_the_last_lines():
    lines = [f"line {number}" for number in range(100)] + ["FAILED tests/build/test_build.py::test_x"]
    text = summary_markdown("Tests", lines, 1)
    assert "```text\n" in text and "FAILED tests/build/test_build.py::test_x" in text
    assert "line 59" not in text and "line 61" in text


def test_each_problem_becomes_an_annotation_escaped_as_github_reads_it():
    lines = [
        "content/pages/faq.md:12: 100% sure, line one",
        "    How to fix: Write it again.",
        "data/a,b.yml: Advice: Shorter is better.",
        "    How to fix: Cut it.",
    ]
    assert annotation_commands("Site checks", lines) == [
        "::error file=content/pages/faq.md,line=12,title=Site checks::100%25 sure, line one How to fix: Write it again.",
        "::warning file=data/a%2Cb.yml,title=Site checks::Advice: Shorter is better. How to fix: Cut it.",
    ]


def test_off_a_runner_no_annotation_is_printed(tmp_path):
    script = "print('content/pages/faq.md:3: Wrong.'); print('    How to fix: Fix it.'); raise SystemExit(1)"
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    result = subprocess.run([sys.executable, "-m", "tooling.workflow.step_summary", "Site checks", "--", sys.executable,
                             "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1 and "::error" not in result.stdout
    on_runner = subprocess.run([sys.executable, "-m", "tooling.workflow.step_summary", "Site checks", "--", sys.executable,
                                "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                               env={**env, "GITHUB_ACTIONS": "true"})
    assert on_runner.stdout.splitlines()[-1] == (
        "::error file=content/pages/faq.md,line=3,title=Site checks::Wrong. How to fix: Fix it.")
