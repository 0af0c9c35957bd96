"""Where feudcli keeps what it can rebuild ($XDG_CACHE_HOME/feudcli), and
what `feudcli cache info` and `cache clear` see of it."""

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


# -- `feudcli cache info` and `feudcli cache clear` ----------------------------

def cache_files(directory: Path | None = None) -> list[Path]:
    return sorted(((directory or cache_home()) / "corpora").glob("*.sqlite3"))


def describe(path: Path) -> dict:
    """What `feudcli cache info` shows about one cache file."""
    import sqlite3

    info = {"path": str(path), "corpus": None, "exists": False, "files": None,
            "bytes": sum(os.path.getsize(f"{path}{s}") for s in ("", "-wal", "-shm") if os.path.exists(f"{path}{s}"))}
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
        try:
            row = connection.execute("SELECT value FROM meta WHERE key = 'root'").fetchone()
            info["corpus"] = row[0] if row else None
            info["exists"] = bool(row) and os.path.isdir(row[0])
            info["files"] = connection.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        info["corpus"] = "(unreadable; rebuilt on next use)"
    return info


class CacheError(OSError):
    """The cache directory cannot be changed (read-only, not ours)."""


def clear(directory: Path | None = None) -> int:
    """Delete every cache file; returns how many corpora were cleared.
    Raises CacheError, naming the file, when one cannot be deleted."""
    removed = 0
    try:
        paths = cache_files(directory)
    except OSError as error:
        raise CacheError(f"cannot read the cache directory {(directory or cache_home()) / 'corpora'}: "
                         f"{error.strerror or error}") from None
    for path in paths:
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(f"{path}{suffix}")
            except FileNotFoundError:
                pass
            except OSError as error:
                raise CacheError(f"cannot delete {path}{suffix}: {error.strerror or error} "
                                 f"({removed} cleared before it)") from None
        removed += 1
    return removed
