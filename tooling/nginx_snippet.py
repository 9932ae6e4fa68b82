"""The nginx lines for a self-hosted server, from the same data as `_headers`."""
import sys

import yaml

from tooling.build import ROOT

sys.path.insert(0, str(ROOT / "plugins"))

from kact_hosting.formats import render_nginx_snippet  # noqa: E402


def nginx_snippet():
    """With /admin/ when the browser editor's online mode is on (data/editor.yml)."""
    hosting = yaml.safe_load((ROOT / "data" / "hosting.yml").read_text(encoding="utf-8"))
    editor = yaml.safe_load((ROOT / "data" / "editor.yml").read_text(encoding="utf-8"))
    return render_nginx_snippet(hosting, with_editor=editor["online"])
