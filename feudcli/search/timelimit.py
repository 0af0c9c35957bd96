"""The time limit of a user's regular expression: catastrophic
backtracking (`(a+)+$`) is stopped, not waited for. Python's re checks for
signals while it backtracks, so a SIGALRM timer can interrupt it (on the
main thread, where signals are handled)."""

from __future__ import annotations

import contextlib
import os
import signal
import threading

from feudcli.errors import FeudcliError

REGEX_TIMEOUT_ENV = "FEUDCLI_REGEX_TIMEOUT"
DEFAULT_REGEX_TIMEOUT = 10.0
# Below a millisecond setitimer rounds to zero, which switches the timer off.
MIN_REGEX_TIMEOUT, MAX_REGEX_TIMEOUT = 0.001, 86400.0


class SearchTimeout(FeudcliError):
    """A regular expression ran past its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise SearchTimeout in the block after `seconds` (0: no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def expire(signum, frame):
        raise SearchTimeout("the search ran past its time limit")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def regex_timeout() -> float:
    """The limit from the environment; a value that would switch it off or
    cannot be set (0, negative, nan, 1e300, not a number) is an error."""
    raw = os.environ.get(REGEX_TIMEOUT_ENV, "")
    if not raw.strip():
        return DEFAULT_REGEX_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = float("nan")
    if not MIN_REGEX_TIMEOUT <= seconds <= MAX_REGEX_TIMEOUT:  # nan fails both
        raise FeudcliError(f"{REGEX_TIMEOUT_ENV}={raw!r} is not a usable time limit: give seconds from "
                           f"{MIN_REGEX_TIMEOUT:g} to {MAX_REGEX_TIMEOUT:g} (default {DEFAULT_REGEX_TIMEOUT:g}); "
                           "a regular expression is never run without one")
    return seconds
