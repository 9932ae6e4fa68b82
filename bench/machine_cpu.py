"""The whole machine's CPU time while a command runs, and which programs used it (Linux).

    .venv/bin/python bench/machine_cpu.py -- env CI=true .venv/bin/python -m pytest -q tests/browser/test_cms.py

bench/suite_time.py counts the CPU time of the processes pytest waited for.
A browser, a live preview or a file server that a test stops instead of
waiting for is left out of that count, and the editor's tests are mostly
such processes. This reads the machine's own total (/proc/stat) before and
after, and samples every process (/proc/<pid>/stat) a few times a second to
say which programs the time went to: how the preview's YAML parsing (a third
of test_cms.py's CPU) was found (docs/testing.md).
"""
import argparse
import os
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
EVERY_SECONDS = 0.3


def machine_busy():
    """CPU seconds the machine has spent busy (all but idle and I/O wait) since it started."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / TICK


def program(pid):
    """A short name: the program, with Chromium's process type or Python's module."""
    words = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").replace("\0", " ").split()
    if not words:
        return "?"
    name = os.path.basename(words[0])
    if "chrom" in name:
        return "chromium " + next((word[7:] for word in words if word.startswith("--type=")), "browser")
    if name.startswith("python") and len(words) > 2 and words[1] == "-m":
        return f"python -m {words[2]}"
    if name.startswith("python") and len(words) > 1:
        return f"python {os.path.basename(words[1])}"
    return name if name != "node" or len(words) < 2 else f"node {os.path.basename(words[1])}"


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def sample(stop, used, names, before):
    """Until `stop` is set: each process's CPU time since the start (its last reading counts)."""
    while not stop.is_set():
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            pid = int(entry)
            try:
                seconds = cpu_seconds(pid)
                if pid not in names:
                    names[pid] = program(pid)  # before it can exec into something else
            except OSError:  # it ended between the listing and the reading
                continue
            used[pid] = seconds - before.get(pid, 0)
        stop.wait(EVERY_SECONDS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="+", help="the command to run (after --)")
    options = parser.parse_args()
    before = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            before[int(entry)] = cpu_seconds(int(entry))
        except OSError:
            continue
    used, names, stop = {}, {}, threading.Event()
    sampler = threading.Thread(target=sample, args=(stop, used, names, before), daemon=True)
    busy, started = machine_busy(), time.monotonic()
    sampler.start()
    returncode = subprocess.run(options.command).returncode
    wall, busy = time.monotonic() - started, machine_busy() - busy
    stop.set()
    sampler.join()
    print(f"\nexit {returncode}; wall {wall:.1f} s; the machine's CPU {busy:.1f} s "
          f"(both cores full would be {wall * os.cpu_count():.1f} s)")
    by_program, processes = Counter(), Counter()
    for pid, seconds in used.items():
        by_program[names.get(pid, "?")] += seconds
        processes[names.get(pid, "?")] += 1
    print("By program (sampled; a process shorter than a sample is missed):")
    for name, seconds in by_program.most_common(15):
        if seconds >= 0.1:
            print(f"  {seconds:7.1f} s  {processes[name]:4d} processes  {name}")


if __name__ == "__main__":
    main()
