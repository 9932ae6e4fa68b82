"""`python -m tooling.build.run_pelican ARGS`: Pelican's own command, with plain words when it stops.

Pelican's command prints a traceback for anything that stops it before the
quality gate reports (a data file that is not YAML, an unknown template) and
ends with status 0 on Ctrl+C. This runs the same steps, so `make html`,
`make check` and `make publish` report such a stop like any other mistake
(reporter.py) and never take an interrupted build for a finished one.
"""
import logging
import signal
import sys

# Ctrl+C reaches this build and the command that started it. That command
# says what happened; this one only ends, at any point, even while loading.
signal.signal(signal.SIGINT, lambda _signal, _frame: sys.exit(130))

from pelican import LOG_HANDLERS, get_instance, parse_arguments  # noqa: E402
from pelican.log import init as init_logging  # noqa: E402

from tooling.build.reporter import report_stop  # noqa: E402


def main(argv=None):
    args = parse_arguments(argv)
    init_logging(
        level=args.verbosity, fatal=args.fatal, name="pelican",
        handler=LOG_HANDLERS[args.log_handler],
        logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level),
    )
    try:
        pelican, _settings = get_instance(args)
        pelican.run()
    except Exception as error:  # the gate's own stop is a SystemExit and passes through
        report_stop(error)
        sys.exit(1)


if __name__ == "__main__":
    main()
