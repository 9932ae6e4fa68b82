"""A machine with only Python 3.11+, git and make: `make test` passes there, each test that
needs more skipping with how to install it.

The machine is simulated by a PATH of links to Python, git, make and the basic programs
every Unix system has (a shell, cp, rm, tar...), and nothing else: no Java, rsync, nginx,
Chromium, Node.js or npm. A small part of the suite runs in a second pytest there,
outside CI: one test for each program it lacks, the editing guide's build, and a
rehearsal of the workflow (the tests that once needed Java without asking for it). It
must pass, each test needing a missing program skipped with the install command for
Debian/Ubuntu, macOS and Windows; with CI set, such a test fails instead.
"""
import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.site import ROOT
from tests.support import copy_project
from kact_core.system_tools import TOOLS

# What the bare machine has on PATH: Python, git, make and the programs of any Unix system.
BARE_PROGRAMS = ("python3", "python", "git", "make", "sh", "bash", "env", "cat", "cp", "mv", "rm", "ln", "ls",
                 "mkdir", "rmdir", "touch", "chmod", "sed", "grep", "head", "tail", "sort", "tr", "wc", "find",
                 "xargs", "tar", "gzip", "uname", "id", "date", "sleep", "true", "false", "mktemp", "dirname",
                 "basename", "readlink", "realpath", "cmp", "diff", "printf", "echo", "test", "which")
MISSING = ("rsync", "java", "nginx", "chromium", "node", "npm")
# At least one test per missing program, each of which must skip rather than fail there,
# and (java) the tests that needed Java without naming the `java` fixture until 2d2d4cf.
NEEDING = {
    "java": ["tests/check/test_html_validity.py",
             "tests/workflow/test_workflow_rehearsal.py::test_the_newest_save_check_deploys_nothing_when_github_does_not_answer"],
    "nginx": ["tests/publish/test_nginx_snippet.py"],
    "rsync": ["tests/publish/test_deploy.py::test_rsync_makes_the_folder_an_exact_copy"],
    "chromium": ["tests/browser/test_security_headers.py::test_json_ld_blocks_are_allowed_as_data"],
    "node": ["tests/editor/test_editor_formats.py::test_a_changed_field_changes_its_own_line_only",
             "tests/workflow/test_workflows.py::test_actionlint_reports_each_mistake_of_a_broken_workflow"],
}
# Tests that must pass there: the editing guide's build (which ran `make check`, and so
# needed Java, until 2d2d4cf), and a rehearsal of the workflow.
PASSING = ["tests/pages/test_editing_guide.py::test_the_site_builds_with_no_problem_and_no_advice",
           "tests/workflow/test_workflow_rehearsal.py::test_the_rehearsal_never_installs_system_packages_and_names_what_a_step_would_install"]


@pytest.fixture(scope="module")
def bare_path(tmp_path_factory):
    """A folder of links to the bare machine's programs, to use as PATH."""
    folder = tmp_path_factory.mktemp("bare-bin")
    for name in BARE_PROGRAMS:
        found = shutil.which(name)
        if found:
            (folder / name).symlink_to(found)
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


def test_the_bare_machine_has_none_of_the_programs(bare_path):
    assert [program for program in MISSING if shutil.which(program, path=bare_path)] == []


@pytest.mark.slow
def test_a_bare_machine_passes_skipping_what_needs_a_missing_program_and_saying_how_to_install_it(bare_path):
    tests = [test for group in NEEDING.values() for test in group] + PASSING
    result = run_tests_without_the_tools(bare_path, ci=False, tests=tests)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert not re.search(r"\d+ (failed|error)", said), said
    assert re.search(rf"\b{len(PASSING)} passed", said), said
    skips = [line for line in said.splitlines() if line.startswith("SKIPPED")]
    for program in ("rsync", "java", "nginx", "chromium"):
        reasons = [line for line in skips if f"needs {program}," in line]
        assert reasons, f"nothing skipped for want of {program}:\n{said}"
        tool = TOOLS[program]
        assert all(tool.debian in line and tool.macos in line and "WSL" in line for line in reasons), reasons
    for test in NEEDING["node"]:
        module = test.split("::")[0]
        assert any(module in line and "Node.js" in line for line in skips), f"{test} did not skip for Node.js:\n{said}"


def test_in_ci_a_missing_program_is_a_failure(bare_path):
    result = run_tests_without_the_tools(bare_path, ci=True, tests=NEEDING["java"][:1])
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert "needs java" in said and ".ci/run installs it" in said


def test_make_refuses_a_python_older_than_3_11(tmp_path):
    copy_project(tmp_path, ["Makefile", "requirements.txt", "requirements-test.txt"])
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
