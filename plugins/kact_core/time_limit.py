"""A time limit for a block of work on text anyone can edit (a page's Markdown,
the notices' wording): a crafted input must stop the build, not hang it.
Used by kact_reading_limit's reader and by kact_notices."""
import signal
import threading
from contextlib import contextmanager


class TookTooLong(Exception):
    """A block under time_limit ran past its seconds."""


@contextmanager
def time_limit(seconds):
    """Raise TookTooLong in the block once it has run `seconds` (in the main
    thread; anywhere else the block runs without a limit)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGALRM, _took_too_long)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def _took_too_long(_signum, _frame):
    raise TookTooLong
