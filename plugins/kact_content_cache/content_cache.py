"""Keep Pelican's content cache honest when a fact or a partial changes, and
never let a broken cache stop a build.

Pelican's reader cache keeps each page's Markdown-to-HTML result until that
page's file changes. Our pages also take words from data/*.yml and from the
partials that `kact_facts` draws (crisis lines), so a page can go stale when
only a fact changed. Pelican does not notice that, so the cache lives in a
folder named after a fingerprint of everything that shapes a read page: a
change to any of them starts a fresh cache, and older caches are removed.
The quality gate keeps its per-page verdicts in the same folder, for the
same reason (templates are in the fingerprint for the gate's sake: they
decide where on a page a problem's words came from).

Pelican writes its cache files in place and stops the build on a file it
cannot read back (a build killed while writing, or one whose cache could
not be pickled, left a file that failed every later build with "EOFError:
Ran out of input" until cache/ was deleted by hand). So a build that ends
notes the size and time of each cache file it leaves (COMPLETE), and the
next build discards, before Pelican reads them, the cache files that do not
match the note: a cache file is only ever read back if the build that wrote
it finished and Pelican saved it without complaint.
"""
import hashlib
import json
import logging
import shutil
from pathlib import Path

from pelican import signals

PREFIX = "content-"
COMPLETE = "complete.json"
# Files in the cache folder that look after themselves (written in one step, read with care).
SELF_CHECKING = ("gate-verdicts.pickle",)


def _inputs(project):
    """Files besides the page itself that change what reading a page produces
    (the page header's schema among the plugins' files: it says which fields
    the site's reader accepts)."""
    patterns = ["data/*.yml", "theme/templates/**/*.html", "plugins/**/*.py", "plugins/**/*.schema.yml",
                "pelicanconf.py"]
    for pattern in patterns:
        yield from sorted(project.glob(pattern))


def fingerprint(project):
    digest = hashlib.sha256()
    for path in _inputs(project):
        digest.update(str(path.relative_to(project)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class FailedSaves(logging.Handler):
    """Notes each cache file Pelican says it could not save (it logs and goes on)."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.paths = set()

    def emit(self, record):
        if record.msg.startswith("Could not save cache") and record.args:
            self.paths.add(str(record.args[0]))


_failed_saves = FailedSaves()


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
    discard_unfinished(current)
    _failed_saves.paths.clear()
    logging.getLogger("pelican.cache").addHandler(_failed_saves)


def discard_unfinished(folder):
    """Remove every cache file the last finished build did not leave as it is now."""
    note = folder / COMPLETE
    try:
        finished = json.loads(note.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        finished = {}
    note.unlink(missing_ok=True)  # a build that does not finish leaves no note
    for path in _cache_files(folder):
        if finished.get(path.name) != _stamp(path):
            path.unlink(missing_ok=True)


def note_finished(pelican):
    logging.getLogger("pelican.cache").removeHandler(_failed_saves)
    settings = pelican.settings
    folder = Path(settings["CACHE_PATH"])
    if not folder.name.startswith(PREFIX) or not folder.is_dir():
        return
    finished = {}
    for path in _cache_files(folder):
        if str(path) in _failed_saves.paths:
            path.unlink(missing_ok=True)
        else:
            finished[path.name] = _stamp(path)
    (folder / COMPLETE).write_text(json.dumps(finished), encoding="utf-8")


def _cache_files(folder):
    if not folder.is_dir():
        return []
    return [path for path in folder.iterdir()
            if path.is_file() and path.name != COMPLETE and path.name not in SELF_CHECKING]


def _stamp(path):
    status = path.stat()
    return [status.st_size, status.st_mtime_ns]


def register():
    signals.initialized.connect(use_fingerprinted_cache)
    signals.finalized.connect(note_finished)
