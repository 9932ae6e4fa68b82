"""One build or publish at a time in .publish/.

`make publish` builds the public site into .publish/site, checks it, then
deploys that folder; `make public-build` builds and checks the same folder.
Two of them at once would deploy files the other is still writing (a publish
once shipped a site that another build had just failed the W3C checker
with). So each holds an exclusive lock on .publish/lock for its whole run,
and a second one stops at once with a plain message instead of waiting.
The operating system drops the lock when the process ends, however it ends.
"""
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path


class PublishFolderBusy(Exception):
    """Another build or publish is using .publish/ right now."""


@contextmanager
def publish_folder_lock(folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / "lock"
    with open(lock, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise PublishFolderBusy(
                f"Another build or publish is using {folder.name}/ right now ({holder}), so this one did "
                "not start: two at once could publish files the other has not checked. Wait for it to "
                "finish, then run the command again. Nothing was built or published."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
