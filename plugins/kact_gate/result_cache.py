"""Remember what the per-page checks found, so an unchanged page is not checked again.

A per-page check's verdict on a page depends only on that page as built, its
Markdown, and the project's data files, partials and plugins. The last three
already name the folder Pelican's content cache lives in (kact_content_cache),
so the verdicts are kept in that folder and go with it when any of them
changes; within it, each verdict is keyed by a digest of the built page and
its Markdown.
"""
import os
import pickle
import tempfile
from pathlib import Path

FILE_NAME = "gate-verdicts.pickle"


class VerdictCache:
    def __init__(self, settings):
        # Pelican's own switches: CACHE_CONTENT keeps results, LOAD_CONTENT_CACHE
        # (off with `pelican --ignore-cache`) reads them back.
        self.path = Path(settings["CACHE_PATH"]) / FILE_NAME
        self.keeping = bool(settings.get("CACHE_CONTENT"))
        self.verdicts = self._load() if settings.get("LOAD_CONTENT_CACHE") else {}
        self.changed = False

    def _load(self):
        if not self.path.is_file():
            return {}
        try:
            with open(self.path, "rb") as handle:
                return pickle.load(handle)
        except Exception:  # noqa: BLE001 (unpickling can raise almost anything)
            # A cache from another version of the checks, half written, or
            # otherwise unreadable: start afresh, never stop the build.
            return {}

    @staticmethod
    def key(check_name, built):
        return f"{check_name}:{built.digest}"

    def get(self, key):
        return self.verdicts.get(key)

    def put(self, key, problems):
        self.verdicts[key] = problems
        self.changed = True

    def save(self, keep):
        """Write the verdicts still in use (`keep`), replacing the file in one step."""
        if not (self.keeping and self.changed):
            return
        kept = {key: self.verdicts[key] for key in keep if key in self.verdicts}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".gate-")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(kept, stream)
            os.replace(temporary, self.path)
        except Exception:  # noqa: BLE001 (a verdict that cannot be kept is worked out again next time)
            Path(temporary).unlink(missing_ok=True)

