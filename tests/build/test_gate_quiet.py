"""`pelican --quiet` silences Pelican's console, never the gate's report.

Quiet mode raises the log level to CRITICAL; the gate must still see why a
page failed to build, or it would report only the links pointing at it.
"""
import subprocess
import sys

from tooling.build.project_copy import copy_project


def test_a_quiet_build_still_names_the_cause(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "content" / "pages" / "urgent-help.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nCall {{ crisis.lifelin.number }}.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(project / "output"), "--quiet"],
        cwd=project, capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "content/pages/urgent-help.md" in output and "crisis.lifelin.number" in output
    assert "Traceback" not in output
