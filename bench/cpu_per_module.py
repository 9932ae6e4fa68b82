"""A pytest plugin for bench/suite_time.py: the CPU time each test module costs.

    pytest -p bench.cpu_per_module ...   (with KACT_CPU_PER_MODULE=<folder>)

Around each test it reads the CPU time (user + sys) of the pytest process and
of the processes it started and waited for, and adds the difference to the
test's module; a session fixture counts for the first module that asks for it.
Each process (each worker of a parallel run) writes <folder>/<worker>.json,
with when its first test began and its last test ended (wall clock), so
bench/suite_time.py can show how long a worker sat idle while the other finished.
"""
import json
import os
import resource
import time
from collections import defaultdict
from pathlib import Path

import pytest

_cpu = defaultdict(float)
_busy = {}  # wall clock: "(first test began)" and "(last test ended)"


def cpu_seconds():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    started = cpu_seconds()
    _busy.setdefault("(first test began)", time.time())
    yield
    _cpu[item.nodeid.split("::")[0]] += cpu_seconds() - started
    _busy["(last test ended)"] = time.time()


def pytest_sessionfinish(session):
    folder = os.environ.get("KACT_CPU_PER_MODULE")
    if folder:
        worker = getattr(session.config, "workerinput", {}).get("workerid", "main")
        totals = {**_cpu, "(whole process)": cpu_seconds(), **_busy}
        (Path(folder) / f"{worker}.json").write_text(json.dumps(totals), encoding="utf-8")
