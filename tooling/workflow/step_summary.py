"""Run a command, show its output as usual, and put its plain report on the CI run's page.

    python -m tooling.workflow.step_summary "Site checks" -- make check

GitHub Actions shows the Markdown a step appends to the file named by
$GITHUB_STEP_SUMMARY on the run's summary page: that is where the therapist
looks when a save did not go live. Every problem of the quality report
(`path:line: what is wrong` and its indented `How to fix:` lines, see
plugins/kact_core/report.py) becomes one list item there, in the same words
`make check` prints. On a runner ($GITHUB_ACTIONS) each problem is also printed
as a workflow command (`::error file=...,line=...::what is wrong. How to fix:
...`), which GitHub turns into an annotation on the file and line: the
browser editor's status panel reads those (editor/admin/publish-status.js).
Without $GITHUB_STEP_SUMMARY (on a laptop) this only runs the command.
Standard library only: it runs before the project's .venv exists.
"""
import os
import re
import subprocess
import sys
from dataclasses import dataclass

FIX_PREFIX = "How to fix: "
# `content/pages/faq.md:12: what is wrong`, or `data/practice.yml: ...` without a line.
PROBLEM_LINE = re.compile(r"^(?P<path>[^\s:]+?)(?::(?P<line>\d+))?: (?P<what>.+)$")
# When a step fails without a quality report (a test, a crash), the end of its output.
TAIL_LINES = 40


@dataclass(frozen=True)
class ReportedProblem:
    path: str
    line: str | None
    what: str
    fix: str


def problems_in(lines):
    """Each problem of the plain report in `lines`: a line naming a file and what is
    wrong, then `How to fix:` indented below it (possibly wrapped over several lines)."""
    found = []
    for index, line in enumerate(lines[:-1]):
        if not lines[index + 1].strip().startswith(FIX_PREFIX):
            continue
        match = PROBLEM_LINE.match(line)
        if not match:
            continue
        fix_lines = []
        for following in lines[index + 1:]:
            if not following.startswith(" ") or not following.strip():
                break
            fix_lines.append(following.strip())
        fix = " ".join(fix_lines)[len(FIX_PREFIX):]
        found.append(ReportedProblem(match["path"], match["line"], match["what"], fix))
    return found


def summary_markdown(title, lines, status):
    """The Markdown for the run's summary page."""
    if status == 0:
        return f"## ✅ {title}: passed\n\n"
    problems = problems_in(lines)
    parts = [f"## ❌ {title}: failed, so nothing was published\n"]
    if problems:
        advice = sum(problem.what.startswith("Advice: ") for problem in problems)
        parts.append(f"{_count(len(problems) - advice, 'problem')} to fix"
                     + (f" and {_count(advice, 'piece')} of advice" if advice else "")
                     + " (the same list `make check` prints):\n")
        for problem in problems:
            where = f"`{problem.path}`" + (f", line {problem.line}" if problem.line else "")
            parts.append(f"- **{where}**: {_escape(problem.what)}  \n  How to fix: {_escape(problem.fix)}")
        parts.append("\nFix these in the files named, save again, and a new run starts by itself.\n")
    else:
        tail = "\n".join(lines[-TAIL_LINES:]).replace("```", "'''")
        parts.append(f"The step stopped without a list of page problems. Its last lines:\n\n```text\n{tail}\n```\n")
    return "\n".join(parts) + "\n"


def _count(number, noun):
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _escape(text):
    """Keep `<meta>` and the like visible as text outside `code` spans
    (GitHub would otherwise treat them as HTML and drop them)."""
    pieces = re.split(r"(`[^`]*`)", text)
    return "".join(
        piece if piece.startswith("`") else piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        for piece in pieces
    )


def annotation_commands(title, lines):
    """One workflow command per problem: GitHub shows each on its file and line,
    and lists it with the check run's annotations (REST: check-runs/{id}/annotations)."""
    commands = []
    for problem in problems_in(lines):
        level = "warning" if problem.what.startswith("Advice: ") else "error"
        properties = [f"file={_property(problem.path)}"]
        if problem.line:
            properties.append(f"line={problem.line}")
        properties.append(f"title={_property(title)}")
        message = problem.what + (f" How to fix: {problem.fix}" if problem.fix else "")
        commands.append(f"::{level} {','.join(properties)}::{_data(message)}")
    return commands


def _data(text):
    """A workflow command's message, escaped as GitHub's own toolkit does (@actions/core)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text):
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def run_and_summarise(title, command):
    """Run `command`, echo its output line by line, then append the summary; return its exit status."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace", bufsize=1,
    )
    lines = []
    for line in process.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        lines.append(line.rstrip("\n"))
    status = process.wait()
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in annotation_commands(title, lines):
            print(line, flush=True)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as summary:
            summary.write(summary_markdown(title, lines, status))
    return status


def main(argv):
    if len(argv) < 3 or argv[1] != "--":
        print('usage: python -m tooling.workflow.step_summary "Title" -- command [args...]', file=sys.stderr)
        return 2
    return run_and_summarise(argv[0], argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
