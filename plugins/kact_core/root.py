"""The project folder: the one place that works it out, for the plugins, tooling/, the tests and bench/."""
from pathlib import Path

# plugins/kact_core/root.py -> the folder that holds plugins/. The editable
# install (pyproject.toml) imports this file where it lies, never a copy.
ROOT = Path(__file__).resolve().parents[2]
