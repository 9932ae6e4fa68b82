"""The one plain report printed at the end of a build."""
import textwrap

from .problem import ERROR


class GateFailed(SystemExit):
    """The build found errors (the gate, or a plugin such as kact_notices). A SystemExit, so `pelican` ends with status 1
    and no traceback; code that runs Pelican in-process can catch it and read
    `.problems`."""

    def __init__(self, problems):
        super().__init__(1)
        self.problems = problems

    def __str__(self):
        return format_report(self.problems)



def format_report(problems):
    """Every problem of the build, errors first, each as
    `path:line: what is wrong` and an indented `How to fix:` line."""
    if not problems:
        return ""
    errors = [p for p in problems if p.severity == ERROR]
    advice = [p for p in problems if p.severity != ERROR]
    lines = [_headline(len(errors), len(advice)), ""]
    for problem in sorted(problems, key=lambda p: p.sort_key()):
        lines += [format_problem(problem), ""]
    return "\n".join(lines)


def format_problem(problem):
    """`path:line: what is wrong` and an indented `How to fix:` line (also used by tooling/build/reporter.py)."""
    label = "" if problem.severity == ERROR else "Advice: "
    return f"{problem.where}: {label}{problem.what}\n" + textwrap.fill(
        f"How to fix: {problem.fix}", width=100, initial_indent="    ", subsequent_indent="    ",
        break_long_words=False, break_on_hyphens=False,
    )


def _headline(errors, advice):
    parts = []
    if errors:
        parts.append(f"{errors} problem{'s' if errors != 1 else ''} to fix before the site can be built")
    if advice:
        parts.append(f"{advice} piece{'s' if advice != 1 else ''} of advice")
    return "Quality check: " + " and ".join(parts) + "."
