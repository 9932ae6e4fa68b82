"""The code behind the invoke tasks in tasks.py, one package per job.

- build/: Pelican run into a staging folder and swapped in only when clean, and
  plain words for whatever stops a build;
- check/: `make check`, the outside links online, the review dates;
- pages/: `make new-page` and `make questions`;
- publish/: `make publish` and `make public-build`, and each destination;
- preview/: the live preview of `make serve`, and the design screenshots;
- editor/: the browser editor, on this computer and online;
- workflow/: the CI workflow played on this computer, and its helpers.

Imports point down only: tasks.py -> tooling/ -> plugins/ (kact_core lowest);
nothing under plugins/ imports tooling/ (tests/test_import_layers.py).
"""
import sys
from pathlib import Path

# This checkout's plugins come first. The editable install (pyproject.toml)
# finds them as well, but in the checkout it was made from; the tests run
# `invoke` in throwaway copies of the project, and a copy must build with its
# own plugins and its own project root (kact_core.root).
PLUGINS = str(Path(__file__).resolve().parent.parent / "plugins")
if PLUGINS not in sys.path:
    sys.path.insert(0, PLUGINS)
