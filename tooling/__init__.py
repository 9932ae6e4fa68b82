"""Helpers behind the invoke tasks in tasks.py: build, swap in, serve."""
import sys
from pathlib import Path

# This checkout's plugins come first. The editable install (pyproject.toml)
# finds them as well, but in the checkout it was made from; the tests run
# `invoke` in throwaway copies of the project, and a copy must build with its
# own plugins and its own project root (kact_core.root).
PLUGINS = str(Path(__file__).resolve().parent.parent / "plugins")
if PLUGINS not in sys.path:
    sys.path.insert(0, PLUGINS)
