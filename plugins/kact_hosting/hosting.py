"""Write `_headers` and `_redirects` into every build's output, and give
every page the same Content-Security-Policy as a meta tag.

They are written by the build itself (not only by `make publish`), so a host
that builds the site with `make html` (Netlify, Cloudflare Pages) gets them
too. The rules come from `data/hosting.yml` (the HOSTING setting). The meta
tag (theme/templates/partials/csp_meta.html) protects the site on hosts that
send no headers of ours at all, such as GitHub Pages.
"""
import logging
from pathlib import Path

from pelican import signals

from .formats import MAX_HEADER_RULES, render_headers_file, render_redirects_file
from .rules import header_rules, meta_content_security_policy

log = logging.getLogger(__name__)


def write_host_files(output, hosting, with_editor=False):
    """Write both files into `output`; returns the number of header rules.
    `with_editor`: the online editor is in `output`/admin (tooling/editor/editor_online.py)."""
    output = Path(output)
    relative_paths = [
        path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file()
    ]
    rules = header_rules(relative_paths, hosting, with_editor)
    (output / "_headers").write_text(render_headers_file(rules), encoding="utf-8")
    (output / "_redirects").write_text(render_redirects_file(hosting["redirects"]), encoding="utf-8")
    return len(rules)


def on_initialized(pelican):
    """CONTENT_SECURITY_POLICY_META for the templates. The live preview turns it
    off (HOSTING_META_CSP = False): its reload script would be refused."""
    if pelican.settings.get("HOSTING_META_CSP", True):
        pelican.settings["CONTENT_SECURITY_POLICY_META"] = meta_content_security_policy(pelican.settings["HOSTING"])


def on_finalized(pelican):
    count = write_host_files(pelican.output_path, pelican.settings["HOSTING"])
    # Only the benchmark's synthetic 1,000-page copies lift the limit (None).
    limit = pelican.settings.get("HOSTING_MAX_HEADER_RULES", MAX_HEADER_RULES)
    if limit is not None and count > limit:
        # An error fails the build (--fatal warnings), so this never goes live.
        log.error(
            "_headers has %d rules, but Cloudflare Pages reads only the first %d. "
            "Give hashed files a shared folder and one rule for it in plugins/kact_hosting/rules.py.",
            count, limit,
        )


def register():
    signals.initialized.connect(on_initialized)
    signals.finalized.connect(on_finalized)
