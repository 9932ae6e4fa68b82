"""A machine with only Python 3.11+, git and make: tests that need more skip, saying how to install it.

The machine is simulated by a PATH holding every program of this one except
rsync, java, nginx and chromium. The tests that need them are run in a
second pytest there: outside CI each is skipped with the install command for
Debian/Ubuntu, macOS and Windows; with CI set, each fails instead.
"""
import os
import re
import subprocess
import sys

import pytest

from tests.site import ROOT
from kact_core.system_tools import TOOLS

MISSING = ("rsync", "java", "nginx", "chromium")
# At least one test per program, each of which must skip rather than fail.
NEEDING = {
    "java": "tests/check/test_html_validity.py",
    "nginx": "tests/publish/test_nginx_snippet.py",
    "rsync": "tests/publish/test_deploy.py::test_rsync_makes_the_folder_an_exact_copy",
    "chromium": "tests/browser/test_security_headers.py",
}


@pytest.fixture(scope="module")
def bare_path(tmp_path_factory):
    """A folder of links to every program on PATH but the four, to use as PATH."""
    folder = tmp_path_factory.mktemp("bare-bin")
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for name in os.listdir(directory):
            path = os.path.join(directory, name)
            link = folder / name
            if name.startswith(MISSING) or link.exists() or not os.access(path, os.X_OK):
                continue
            link.symlink_to(path)
    return str(folder)


def run_tests_without_the_tools(bare_path, ci, tests):
    environment = {key: value for key, value in os.environ.items() if key not in ("CI", "KACT_CHROMIUM")}
    environment["PATH"] = bare_path
    if ci:
        environment["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rsf", "-p", "no:cacheprovider", *tests],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=900,
    )


def test_a_bare_machine_skips_what_needs_a_missing_program_and_says_how_to_install_it(bare_path):
    result = run_tests_without_the_tools(bare_path, ci=False, tests=NEEDING.values())
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert not re.search(r"\d+ (failed|error)", said), said
    skips = [line for line in said.splitlines() if line.startswith("SKIPPED")]
    for program in MISSING:
        reasons = [line for line in skips if f"needs {program}," in line]
        assert reasons, f"nothing skipped for want of {program}:\n{said}"
        tool = TOOLS[program]
        assert all(tool.debian in line and tool.macos in line and "WSL" in line for line in reasons), reasons


def test_in_ci_a_missing_program_is_a_failure(bare_path):
    result = run_tests_without_the_tools(bare_path, ci=True, tests=[NEEDING["java"]])
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert "needs java" in said and ".ci/run installs it" in said


def test_make_refuses_a_python_older_than_3_11(tmp_path):
    for name in ("Makefile", "requirements.txt", "requirements-test.txt"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    old_python = tmp_path / "python3.10"
    old_python.write_text(
        "#!/bin/sh\n"
        'case "$*" in *--version*) echo "Python 3.10.12";; *) exit 1;; esac\n'
    )
    old_python.chmod(0o755)
    result = subprocess.run(["make", "--no-print-directory", "html", f"PYTHON={old_python}"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "This project needs Python 3.11 or newer" in result.stderr
    assert "Python 3.10.12" in result.stderr
    assert not (tmp_path / ".venv").exists()


def test_building_and_previewing_need_no_test_tools():
    """`make serve` and `make html` install requirements.txt only: no pytest. Playwright
    is there, pinned once, because `make publish` proves urgent help in Chromium."""
    build = (ROOT / "requirements.txt").read_text().lower()
    tests = (ROOT / "requirements-test.txt").read_text().lower()
    assert not re.search(r"^pytest\b", build, re.M) and re.search(r"^pytest==", tests, re.M)
    assert re.search(r"^playwright==", build, re.M) and not re.search(r"^playwright\b", tests, re.M)
    pins = [line for line in tests.splitlines() if line and not line.startswith("#")]
    assert pins and all(re.fullmatch(r"[a-z0-9_.\-\[\]]+==[0-9][\w.]*", line) for line in pins), pins
