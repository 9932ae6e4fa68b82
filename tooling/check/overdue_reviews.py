"""`invoke check-review-dates`: fail when a health page's review is over 12 months old,
or when a statement that holds only until a date (data/time_limits.yml) has passed it.

In every build that is only advice (plugins/kact_gate/checks/review_dates.py),
so a save never stops over it. The weekly CI run (.github/workflows/weekly-checks.yml)
uses this task to make an overdue review fail visibly instead. It builds the
site in this process into a temporary folder, with the advice checks on, and
reads the gate's findings from the build's settings. A statement past its
end date is an error in every build already (plugins/kact_gate/checks/time_limits.py);
the weekly run makes sure it is seen even in a week nobody pushes.
"""
import contextlib
import dataclasses
import io
import sys
import tempfile

from pelican import Pelican
from pelican.settings import read_settings

from kact_core.problem import ERROR
from kact_core.report import GateFailed, format_report
from kact_gate.gate import RUN_KEY
from tooling.build.build import ROOT

REVIEW_CHECK = "review_dates"


def gate_findings(settings_file="pelicanconf.py", today=None):
    """Every problem and piece of advice of a build with the advice checks on.
    `today` (a date) stands in for the machine's date in the date checks."""
    override = {"GATE_ADVICE": True}
    if today is not None:
        override["GATE_TODAY"] = today.isoformat()
    with tempfile.TemporaryDirectory(prefix="kact-reviews-") as folder:
        settings = read_settings(str(ROOT / settings_file), override={"OUTPUT_PATH": folder, **override})
        # The gate prints its whole report (spelling and reading-grade advice
        # included); only the problems chosen below are shown.
        with contextlib.redirect_stderr(io.StringIO()):
            try:
                Pelican(settings).run()
            except GateFailed:
                pass  # its problems are in the run's record, read below
        return settings[RUN_KEY].problems


def review_problems(settings_file="pelicanconf.py", today=None):
    """The problems that need a person now: the build's errors (a statement
    past its end date among them), and every overdue review raised from advice
    to an error."""
    problems = gate_findings(settings_file, today)
    overdue = [dataclasses.replace(p, severity=ERROR) for p in problems if p.check == REVIEW_CHECK]
    errors = [p for p in problems if p.is_error]
    return errors + overdue


def check_review_dates(settings_file="pelicanconf.py"):
    """Print the overdue reviews (and any build error) in the usual report; return the exit status."""
    print("Building the site and reading every health page's Reviewed date ...", flush=True)
    problems = review_problems(settings_file)
    if problems:
        print(format_report(problems), file=sys.stderr)
        return 1
    print("Every health page was reviewed within the last 12 months.")
    print("No statement in data/time_limits.yml has passed its end date.")
    return 0
