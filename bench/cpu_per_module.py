"""A pytest plugin for bench/suite_time.py: the CPU time each test module costs.

    pytest -p bench.cpu_per_module ...   (with KACT_CPU_PER_MODULE=<folder>)

Around each test it reads the CPU time (user + sys) of the pytest process and
of the processes it started and waited for, and adds the difference to the
test's module; a session fixture counts for the first module that asks for it.
Each process (each worker of a parallel run) writes <folder>/<worker>.json.
"""
import json
import os
import resource
from collections import defaultdict
from pathlib import Path

import pytest

_cpu = defaultdict(float)


def cpu_seconds():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    started = cpu_seconds()
    yield
    _cpu[item.nodeid.split("::")[0]] += cpu_seconds() - started


def pytest_sessionfinish(session):
    folder = os.environ.get("KACT_CPU_PER_MODULE")
    if folder:
        worker = getattr(session.config, "workerinput", {}).get("workerid", "main")
        totals = {**_cpu, "(whole process)": cpu_seconds()}
        (Path(folder) / f"{worker}.json").write_text(json.dumps(totals), encoding="utf-8")
