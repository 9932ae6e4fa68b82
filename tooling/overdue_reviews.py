"""`invoke check-review-dates`: fail when a health page's review is over 12 months old.

In every build that is only advice (plugins/kact_gate/checks/review_dates.py),
so a save never stops over it. The weekly CI run (.github/workflows/weekly-checks.yml)
uses this task to make an overdue review fail visibly instead. It builds the
site in this process into a temporary folder, with the advice checks on, and
reads the gate's findings from the build's settings.
"""
import contextlib
import dataclasses
import io
import sys
import tempfile

from pelican import Pelican
from pelican.settings import read_settings

from tooling.build import ROOT

sys.path.insert(0, str(ROOT / "plugins"))

from kact_gate.gate import RUN_KEY, GateFailed  # noqa: E402
from kact_gate.problem import ERROR  # noqa: E402
from kact_gate.report import format_report  # noqa: E402

REVIEW_CHECK = "review_dates"


def review_problems(settings_file="pelicanconf.py"):
    """The problems that need a person now: the build's errors, and every overdue
    review raised from advice to an error."""
    with tempfile.TemporaryDirectory(prefix="kact-reviews-") as folder:
        settings = read_settings(str(ROOT / settings_file), override={"OUTPUT_PATH": folder, "GATE_ADVICE": True})
        # The gate prints its whole report (spelling and reading-grade advice
        # included); only the problems chosen below are shown.
        with contextlib.redirect_stderr(io.StringIO()):
            try:
                Pelican(settings).run()
            except GateFailed:
                pass  # its problems are in the run's record, read below
        problems = settings[RUN_KEY].problems
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
    return 0
