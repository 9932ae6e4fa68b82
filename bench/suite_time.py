"""How long the test suite takes, in wall time and in CPU time, and where it goes.

    .venv/bin/python bench/suite_time.py                    # the whole suite, as `make test` runs it
    .venv/bin/python bench/suite_time.py --serial           # the whole suite in one process
    .venv/bin/python bench/suite_time.py tests/test_x.py    # some modules, in one run
    .venv/bin/python bench/suite_time.py --each tests/test_x.py tests/test_y.py
                                                            # each module in a run of its own

Prints the wall time, the CPU time (user + sys of pytest and every process it
started and waited for: builds, Java, Chromium, node) and the load average
before and after, then where the time went: the CPU time of each module,
how long each worker of a parallel run sat idle at the end while the other
still ran tests, the slowest modules and the slowest single steps (setup,
call or teardown) from pytest's --durations.

Why CPU time as well as wall time: the machine is shared, so the wall time of
one run can double when others are busy; the CPU time is the work the suite
does, which other people's work barely moves. The target is the wall time on
a quiet 2-core machine (docs/performance.md); CPU time divided by 2 is the
least wall time 2 cores can reach.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from kact_core.root import ROOT

# pytest --durations lines: "12.34s setup    tests/test_x.py::test_y[id]"
DURATION = re.compile(r"^([\d.]+)s (setup|call|teardown)\s+(\S+?)(?:::(\S.*))?$")
SUMMARY = re.compile(r"^=*\s*(\d+ (?:passed|failed|errors?|skipped).*) in [\d.]+s")


def run_measured(command, log):
    """(wall seconds, user seconds, sys seconds, exit code) of `command`, output into `log`."""
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as output:
        process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
        # wait4 gives the child's resources with those of every descendant it waited for.
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - started, usage.ru_utime, usage.ru_stime, process.returncode


# What `invoke test` (tasks.py) adds for `make test`.
PARALLEL = ["--numprocesses", "auto", "--dist", "loadfile", "--no-loadscope-reorder"]


def pytest_command(arguments, durations, serial):
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "bench.cpu_per_module",
            f"--durations={durations}", *([] if serial else PARALLEL), *arguments]


def cpu_per_module(folder, top):
    """What bench/cpu_per_module.py wrote: CPU seconds by module, over every process of the run,
    and how long each worker sat idle at the end while another still ran tests."""
    totals, processes, busy = defaultdict(float), {}, {}
    for path in sorted(Path(folder).glob("*.json")):
        for module, seconds in json.loads(path.read_text(encoding="utf-8")).items():
            if module == "(whole process)":
                processes[path.stem] = seconds
            elif module.startswith("(first test") or module.startswith("(last test"):
                busy.setdefault(path.stem, {})[module] = seconds
            else:
                totals[module] += seconds
    lines = ["", "CPU time by module (user + sys, the processes each started included):"]
    lines += [f"  {seconds:7.1f} s  {module}" for module, seconds in sorted(totals.items(), key=lambda item: -item[1])[:top]]
    lines += [f"  all modules {sum(totals.values()):.1f} s; each pytest process in all: "
              + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in processes.items())]
    workers = {name: times for name, times in busy.items() if name != "main" and len(times) == 2}
    if len(workers) > 1:
        start = min(times["(first test began)"] for times in workers.values())
        end = max(times["(last test ended)"] for times in workers.values())
        lines += ["", "Each worker's tests, in seconds from the first test of the run (idle: waiting at the end):"]
        lines += [f"  {name}: {times['(first test began)'] - start:6.1f} to {times['(last test ended)'] - start:6.1f}, "
                  f"idle {end - times['(last test ended)']:5.1f}" for name, times in sorted(workers.items())]
    return lines


def where_the_time_went(text, top):
    per_module = defaultdict(float)
    steps = []
    for line in text.splitlines():
        found = DURATION.match(line.strip())
        if found:
            seconds, phase, module, test = float(found.group(1)), found.group(2), found.group(3), found.group(4)
            per_module[module] += seconds
            steps.append((seconds, phase, f"{module}::{test}" if test else module))
    lines = ["", f"Slowest modules (setup + call + teardown of their steps over {len(steps)} timed steps):"]
    lines += [f"  {seconds:7.1f} s  {module}" for module, seconds in sorted(per_module.items(), key=lambda item: -item[1])[:top]]
    lines += ["", "Slowest steps:"]
    lines += [f"  {seconds:7.1f} s  {phase:8} {name}" for seconds, phase, name in sorted(steps, reverse=True)[:top]]
    return lines


def report(label, wall, user, system, code, text):
    summary = next((m.group(1) for line in text.splitlines() if (m := SUMMARY.match(line.strip()))), "no summary")
    return (
        f"{label}: wall {wall:.1f} s, CPU {user + system:.1f} s (user {user:.1f}, sys {system:.1f}), "
        f"exit {code}; {summary}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--each", action="store_true", help="run each named module in a pytest run of its own")
    parser.add_argument("--serial", action="store_true", help="one pytest process, not one worker per core")
    parser.add_argument("--top", type=int, default=25, help="how many modules and steps to list")
    parser.add_argument("--log", type=Path, help="keep pytest's whole output here")
    parser.add_argument("pytest_args", nargs="*", help="modules or pytest options (default: the whole suite)")
    options, extra = parser.parse_known_args()
    arguments = [*options.pytest_args, *extra]
    print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())}; {os.cpu_count()} CPUs")
    runs = [[module] for module in arguments] if options.each else [arguments]
    total = [0.0, 0.0, 0.0]
    for run in runs:
        log = options.log or Path(tempfile.mkstemp(prefix="suite-time-", suffix=".log")[1])
        cpu_folder = tempfile.mkdtemp(prefix="suite-cpu-")
        os.environ["KACT_CPU_PER_MODULE"] = cpu_folder
        command = pytest_command(run, durations=0 if options.each else 200, serial=options.serial or options.each)
        wall, user, system, code = run_measured(command, log)
        text = log.read_text(encoding="utf-8", errors="replace")
        print(report(" ".join(run) or "whole suite", wall, user, system, code, text), flush=True)
        total = [total[0] + wall, total[1] + user, total[2] + system]
        if not options.each:
            print("\n".join(cpu_per_module(cpu_folder, options.top)))
            print("\n".join(where_the_time_went(text, options.top)))
            print(f"\npytest's output: {log}")
    if options.each and len(runs) > 1:
        print(f"all runs: wall {total[0]:.1f} s, CPU {total[1] + total[2]:.1f} s")
    print(f"load average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
