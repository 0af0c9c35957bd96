"""Where feudcli keeps what it can rebuild: $XDG_CACHE_HOME/feudcli."""

from __future__ import annotations

import marshal
import os
from pathlib import Path


def cache_home() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "feudcli"


def load_marshalled(name: str):
    """A value saved with save_marshalled, or None (missing or unreadable)."""
    try:
        with open(cache_home() / name, "rb") as handle:
            return marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def save_marshalled(name: str, value) -> None:
    """Best effort and atomic: a reader sees the old file or the new one."""
    import tempfile

    directory = cache_home()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
        with os.fdopen(handle, "wb") as out:
            marshal.dump(value, out)
        os.replace(temporary, directory / name)
    except OSError:
        try:
            os.unlink(temporary)
        except (OSError, UnboundLocalError):
            pass
