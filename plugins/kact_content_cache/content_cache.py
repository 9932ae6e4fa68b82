"""Keep Pelican's content cache honest when a fact or a partial changes.

Pelican's reader cache keeps each page's Markdown-to-HTML result until that
page's file changes. Our pages also take words from data/*.yml and from the
partials that `kact_facts` draws (crisis lines), so a page can go stale when
only a fact changed. Pelican does not notice that, so the cache lives in a
folder named after a fingerprint of everything that shapes a read page: a
change to any of them starts a fresh cache, and older caches are removed.
The quality gate keeps its per-page verdicts in the same folder, for the
same reason (templates are in the fingerprint for the gate's sake: they
decide where on a page a problem's words came from).
"""
import hashlib
import shutil
from pathlib import Path

from pelican import signals

PREFIX = "content-"


def _inputs(project):
    """Files besides the page itself that change what reading a page produces."""
    patterns = ["data/*.yml", "theme/templates/**/*.html", "plugins/**/*.py", "pelicanconf.py"]
    for pattern in patterns:
        yield from sorted(project.glob(pattern))


def fingerprint(project):
    digest = hashlib.sha256()
    for path in _inputs(project):
        digest.update(str(path.relative_to(project)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def use_fingerprinted_cache(pelican):
    settings = pelican.settings
    if not (settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE")):
        return
    base = Path(settings["CACHE_PATH"])
    project = Path(settings["PATH"]).resolve().parent
    current = base / f"{PREFIX}{fingerprint(project)}"
    for old in base.glob(f"{PREFIX}*"):
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
    settings["CACHE_PATH"] = str(current)


def register():
    signals.initialized.connect(use_fingerprinted_cache)
