"""What every process of one test run shares.

`make test` runs the suite in parallel with pytest-xdist: a main process
hands the test modules to worker processes. Facts the workers must agree on
(when the run started, where the session's builds are) are made once by the
main process and handed to each worker in its `workerinput`.
"""
import time

from tests.site import ROOT

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
STARTED_KEY = "kact_run_started"


def is_worker(config):
    return hasattr(config, "workerinput")


def runs_workers(config):
    """True in the main process of a parallel run (pytest-xdist's scheduler is active)."""
    return not is_worker(config) and config.pluginmanager.has_plugin("dsession")


def mark_start(config):
    if not is_worker(config):
        config.kact_run_started = time.time()


def run_started(config):
    """When the run began (the main process's clock), as a file modification time."""
    if is_worker(config):
        return float(config.workerinput[STARTED_KEY])
    return config.kact_run_started


def screenshots_taken(config):
    if not SCREENSHOTS.is_dir():
        return []
    return [path for path in SCREENSHOTS.glob("*.png") if path.stat().st_mtime >= run_started(config)]
