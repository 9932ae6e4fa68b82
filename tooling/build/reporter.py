"""How every command reports what stopped it: `make html`, `make check`,
`make publish`, `make serve` and each Pelican run they start.

The words come from plain_problems.py, the layout from the quality gate's
report, so a stop reads like any other mistake: file, line, what, fix. A
traceback is added only with VERBOSE=1 (`make html VERBOSE=1`), for the developer.
"""
import functools
import os
import sys
import traceback

from tooling.build.project_copy import ROOT

INTERRUPTED = 130  # what a shell reports for Ctrl+C


def verbose():
    return os.environ.get("VERBOSE", "") not in ("", "0")


def report_stop(error, project=ROOT, stream=None):
    # Imported only when something stopped: the words need the quality gate's
    # modules, which a command that ends well never loads (0.14 s of every
    # `invoke build`'s start, the one that runs Pelican in a process of its own).
    from kact_core.report import format_problem
    from tooling.build.plain_problems import problem_from_exception

    stream = stream or sys.stderr
    print(f"\n{format_problem(problem_from_exception(error, project))}", file=stream)
    if verbose():
        traceback.print_exception(error, file=stream)
    elif not isinstance(error, KeyboardInterrupt):
        print("    (For the developer: VERBOSE=1 shows the technical details.)", file=stream)


def plain_errors(command):
    """Decorate a command: anything that stops it is reported in plain words; exit 1 (130 for Ctrl+C)."""
    @functools.wraps(command)
    def reporting(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except SystemExit:
            raise
        except BaseException as error:
            report_stop(error)
            sys.exit(INTERRUPTED if isinstance(error, KeyboardInterrupt) else 1)
    return reporting
