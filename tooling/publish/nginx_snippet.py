"""The nginx lines for a self-hosted server, from the same data as `_headers`."""
from tooling.build.build import ROOT
from kact_core.plain_yaml import load_data
from kact_hosting.floor import lowered_by
from kact_hosting.formats import UnsafeHostingValue, render_nginx_snippet


def nginx_snippet():
    """With /admin/ when the browser editor's online mode is on (data/editor.yml).
    Stops with a plain message when data/hosting.yml lowers the floor or holds a
    value that would change nginx's configuration."""
    hosting = load_data(ROOT / "data" / "hosting.yml")
    editor = load_data(ROOT / "data" / "editor.yml")
    lowered = lowered_by(hosting)
    if lowered:
        raise SystemExit("data/hosting.yml lowers the minimum every host must send:\n" + "\n".join(
            f"  {'.'.join(keys)}: {message}" for keys, message in lowered))
    try:
        return render_nginx_snippet(hosting, with_editor=editor["online"])
    except UnsafeHostingValue as error:
        raise SystemExit(f"data/hosting.yml: {error}") from None
