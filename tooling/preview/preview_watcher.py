"""Notice a save at once, rebuild the preview, then tell the browser to reload.

livereload's own watcher polls every 0.8 s and skips a reload that comes
within 3 s of the last one, so a quick "break it, fix it" would leave the
browser on the error page. This watcher plugs into livereload's documented
`Server(watcher=...)` slot instead: watchfiles (already installed with
Pelican) reports a save within about 50 ms, and each rebuild triggers a reload.
"""
import os
import sys
import threading
import time

from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from watchfiles import watch

# livereload reloads the browser at once, skipping its 3 s throttle, for this path.
RELOAD_NOW = "__livereload__"


class RebuildingWatcher(Watcher):
    def __init__(self, paths, rebuild):
        super().__init__()
        self.paths = [str(path) for path in paths if path.exists()]
        self.rebuild = rebuild
        self.reload_ready = False
        for path in self.paths:
            # Registered so livereload knows what is watched (else it adds the working folder).
            self.watch(path)

    def start(self, callback):
        """Called by livereload once its server runs; True means "no polling needed"."""
        self.loop = IOLoop.current()
        self.reload_browsers = callback
        threading.Thread(target=self._watch_forever, daemon=True).start()
        return True

    def examine(self):
        if self._changes:
            return self._changes.pop()
        if self.reload_ready:
            self.reload_ready = False
            return RELOAD_NOW, None
        return None, None

    def _watch_forever(self):
        # step=50: hand over the saved files 50 ms after the last change.
        for changes in watch(*self.paths, step=50):
            changed = sorted({path for _, path in changes})
            self.loop.add_callback(self._rebuild_and_reload, changed)

    def _rebuild_and_reload(self, changed):
        # Runs on the server's own thread, so no page is served half-written.
        if any(path.endswith(".py") for path in changed):
            restart_to_load_code(changed)
        self.rebuild(changed)
        self.reload_ready = True
        self.reload_browsers()


def restart_to_load_code(changed):
    """A plugin or settings file changed: Python keeps the old code loaded, so start afresh."""
    print(f"\nCode changed ({', '.join(os.path.basename(p) for p in changed)}); restarting the preview.")
    sys.stdout.flush()
    time.sleep(0.1)
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
