"""Ruff, with the settings in pyproject.toml, finds nothing in the project's Python (about 0.2 s)."""
import subprocess
import sys

from tests.site import ROOT


def test_ruff_finds_nothing():
    linted = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."],
                            cwd=ROOT, capture_output=True, text=True)
    assert linted.returncode == 0, linted.stdout + linted.stderr
