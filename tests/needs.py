"""One rule for tests that need a program beyond Python, git and make
(rsync, java, nginx, chromium; plugins/kact_core/system_tools.py lists them):
on a developer's machine such a test is skipped, with a one-line reason that
says how to install the program; in CI (`CI` set) it fails, because
.ci/run installs them all."""
import os

import pytest

from kact_core.system_tools import TOOLS, chromium_path


def need(command):
    """The program's path, or skip (fail in CI) saying how to install it."""
    tool = TOOLS[command]
    path = chromium_path() if command == "chromium" else tool.find()
    if path:
        return path
    message = f"needs {command}, which {tool.purpose}. Install it: {tool.how_to_install()}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (.ci/run installs it in CI)", pytrace=False)
    pytest.skip(message)
