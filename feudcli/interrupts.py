"""Ctrl-C and SIGTERM end a run the same way: an exception that unwinds
through every `finally` and cleanup, so no temporary file is left behind.

The command line installs `on_signal` for both signals. Code that must not
be cut in the middle (a temporary file created but not yet either renamed
or removed) runs inside `deferred()`: a signal that arrives then is held
and raised as soon as the block ends.
"""

from __future__ import annotations

import contextlib
import signal


class Terminated(KeyboardInterrupt):
    """SIGTERM: handled wherever Ctrl-C is (it is a KeyboardInterrupt),
    but the run ends with status 143 rather than 130."""


_depth = 0
_pending: int | None = None


def _raise_for(signum: int):
    if signum == signal.SIGTERM:
        raise Terminated()
    raise KeyboardInterrupt()


def on_signal(signum: int, frame) -> None:
    global _pending
    if _depth:
        _pending = signum
        return
    _raise_for(signum)


def install(sigint: bool = True, sigterm: bool = True) -> None:
    """on_signal for SIGINT and SIGTERM (main thread only, as Python requires)."""
    if sigint:
        signal.signal(signal.SIGINT, on_signal)
    if sigterm:
        signal.signal(signal.SIGTERM, on_signal)


@contextlib.contextmanager
def deferred():
    """Hold SIGINT and SIGTERM until the block ends (when on_signal is the
    handler; otherwise this changes nothing)."""
    global _depth, _pending
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if not _depth and _pending is not None:
            signum, _pending = _pending, None
            _raise_for(signum)
