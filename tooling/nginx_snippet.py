"""The nginx lines for a self-hosted server, from the same data as `_headers`."""
import sys

from tooling.build import ROOT

sys.path.insert(0, str(ROOT / "plugins"))

from kact_gate.plain_yaml import load_data  # noqa: E402
from kact_hosting.formats import render_nginx_snippet  # noqa: E402


def nginx_snippet():
    """With /admin/ when the browser editor's online mode is on (data/editor.yml)."""
    hosting = load_data(ROOT / "data" / "hosting.yml")
    editor = load_data(ROOT / "data" / "editor.yml")
    return render_nginx_snippet(hosting, with_editor=editor["online"])
