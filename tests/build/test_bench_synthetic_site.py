"""The benchmarks' synthetic site (bench/build_bench.py) builds through every check.

`make bench` and bench/rebuild_instructions.py (the speed budget of
docs/performance.md) both build numbered copies of our pages; a new check that
refuses a copy stops them, and nothing else would notice. Here a few copies of
every page are built by our settings, as the benchmarks build 1,000.
"""
import subprocess
import sys

from bench.build_bench import copy_project, make_synthetic_pages
from tests.site import ROOT


def test_the_synthetic_site_of_the_benchmarks_builds_clean(tmp_path):
    project = copy_project(tmp_path / "synthetic")
    originals = len(list((ROOT / "content" / "pages").glob("*.md")))
    assert make_synthetic_pages(project, originals * 2) == originals * 2
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(project / "content"), "--settings", str(project / "synthetic_settings.py"),
         "--output", str(tmp_path / "output"), "--fatal", "warnings", "--quiet"],
        cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
