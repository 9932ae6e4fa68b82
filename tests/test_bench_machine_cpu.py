"""bench/machine_cpu.py: the machine's CPU time while a command runs, and by program."""
import re
import subprocess
import sys

from tests.site import ROOT

BURN = "import time\nend = time.process_time() + 0.6\nwhile time.process_time() < end: pass"


def test_it_counts_and_names_a_program_the_command_started(tmp_path):
    # The burner is the shell's child, started in the background: the tool sees it by sampling /proc.
    script = tmp_path / "burner.py"
    script.write_text(BURN, encoding="utf-8")
    command = f"{sys.executable} {script} & sleep 0.1; wait"
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "machine_cpu.py"), "--", "sh", "-c", command],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    busy = float(re.search(r"the machine's CPU ([\d.]+) s", result.stdout).group(1))
    assert busy >= 0.5, result.stdout
    burner = re.search(r"([\d.]+) s +1 processes +python burner\.py", result.stdout)
    assert burner and float(burner.group(1)) >= 0.5, result.stdout
