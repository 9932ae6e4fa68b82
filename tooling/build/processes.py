"""Stopping a child process politely, then firmly."""
import subprocess


def stop(process, seconds=10):
    """Ask `process` to end (SIGTERM: the preview then stops its own helpers), and
    kill it if it has not within `seconds`."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
