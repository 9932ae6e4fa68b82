"""The nginx lines for a self-hosted server, from the same data as `_headers`."""
import sys

import yaml

from tooling.build import ROOT

sys.path.insert(0, str(ROOT / "plugins"))

from kact_hosting.formats import render_nginx_snippet  # noqa: E402


def nginx_snippet():
    hosting = yaml.safe_load((ROOT / "data" / "hosting.yml").read_text(encoding="utf-8"))
    return render_nginx_snippet(hosting)
