"""Replace a folder by a complete new copy, so an interruption never loses both.

Used for `output/` after a build and for a folder `make publish` writes to.
The new copy is made beside the target first (same disk, so a rename moves
it). Then, under a lock:

1. Linux swaps the two folders in one step (renameat2 RENAME_EXCHANGE): at
   every instant the target is either the old or the new copy. Elsewhere the
   target is renamed to `<work>/previous` and the new copy renamed into place.
2. The previous copy is deleted.

If this is interrupted (Ctrl-C, a crash, a full disk), `recover` runs at
the start of the next swap: when the target is missing it puts the previous
copy back, then it deletes what is left over.
"""
import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no lock; two swaps at once are not expected there
    fcntl = None

PREVIOUS = "previous"
LOCK = "swap.lock"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _load_renameat2():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return libc.renameat2
    except (OSError, AttributeError):
        return None


_renameat2 = _load_renameat2()


def exchange(first, second):
    """Swap two existing paths in one step; False where the system cannot."""
    if _renameat2 is None:
        return False
    result = _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot
        return False
    raise OSError(error, os.strerror(error), str(first))


def staging_folder(work, prefix):
    """A new empty folder in `work` for one copy, named after this process so
    that a later run can tell an abandoned one from one still being written."""
    Path(work).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-{os.getpid()}-", dir=work))


def remove_abandoned(work, prefix):
    """Delete staging folders whose process has ended (interrupted or killed)."""
    for folder in Path(work).glob(f"{prefix}-*-*"):
        pid = folder.name.split("-")[1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid):
    if pid == os.getpid():
        return False  # this run has not made its own yet; an earlier one with our pid ended
    if os.name != "posix":
        return True  # no safe way to ask; leave it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def locked(work):
    """One swap at a time per target (two `make html` at once, say)."""
    work.mkdir(parents=True, exist_ok=True)
    with open(work / LOCK, "w") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def recover(target, work):
    """Undo what an interrupted swap left behind. Call with the lock held."""
    previous = Path(work) / PREVIOUS
    if not os.path.lexists(target) and previous.is_dir():
        os.rename(previous, target)
    if previous.exists():
        shutil.rmtree(previous)


def clean_up(target, work):
    """Before anything else: finish off a swap of `target` that was interrupted."""
    if Path(work).is_dir():
        with locked(Path(work)):
            recover(target, work)


def replace_folder(new, target, work):
    """Make `target` the folder `new` (complete, on the same disk), keeping the
    old copy until the new one is in place. `work` is a folder of our own beside it."""
    new, target, work = Path(new), Path(target), Path(work)
    with locked(work):
        recover(target, work)
        if os.path.lexists(target) and exchange(new, target):
            shutil.rmtree(new)  # now the previous copy
            return
        previous = work / PREVIOUS
        if os.path.lexists(target):
            os.rename(target, previous)
        os.rename(new, target)
        if previous.exists():
            shutil.rmtree(previous)
