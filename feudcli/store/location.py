"""Where feudcli keeps what it can rebuild: $XDG_CACHE_HOME/feudcli, one
index per corpus. The directory is private (0700, files 0600) because an
index holds the text of the user's articles, and it is refused when another
user owns it or others may write to it: feudcli reads what is in it.

`cache info` and `cache clear` see only files of feudcli's own naming.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from feudcli.errors import FeudcliError

CACHE_ENV = "XDG_CACHE_HOME"
INDEX_SUFFIX = ".sqlite3"
SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")
# Names feudcli writes in the cache directory, and nothing else is deleted.
_OWN_FILE = re.compile(r"^(?:corpora/[0-9a-f]{20}\.sqlite3(?:-wal|-shm|-journal)?"
                       r"|[\w.-]+\.marshal|\.[\w.-]+\.marshal\.\w+)$")


class UnsafeCache(FeudcliError):
    """A cache directory feudcli must not trust (owned by someone else, or
    writable by others)."""


def cache_home() -> Path:
    base = os.environ.get(CACHE_ENV) or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "feudcli"


def private_directory(path: Path) -> Path:
    """path, created 0700 if missing; refused if it is not the user's own
    or others may write to it (they could plant an index)."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(path)
    except OSError as error:
        raise UnsafeCache(f"cache directory {path} cannot be used ({error.strerror or error}); "
                          "fix it or pass --no-cache") from None
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeCache(f"cache directory {path} is not a directory; remove it or pass --no-cache")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise UnsafeCache(f"cache directory {path} belongs to another user; "
                          "use your own (XDG_CACHE_HOME) or pass --no-cache")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeCache(f"cache directory {path} is writable by others; "
                          f"chmod go-w {path}, or pass --no-cache")
    return path


def index_path(root: Path, directory: Path | None = None) -> Path:
    """The index file of the corpus at root (by its resolved path)."""
    resolved = os.fsencode(str(Path(root).resolve()))
    digest = hashlib.sha256(resolved).hexdigest()[:20]
    return (directory or cache_home()) / "corpora" / f"{digest}{INDEX_SUFFIX}"


def index_files(directory: Path | None = None) -> list[Path]:
    folder = (directory or cache_home()) / "corpora"
    return sorted(path for path in folder.glob(f"*{INDEX_SUFFIX}") if _is_own(path, directory))


def _is_own(path: Path, directory: Path | None = None) -> bool:
    try:
        relative = path.relative_to(directory or cache_home()).as_posix()
    except ValueError:
        return False
    return bool(_OWN_FILE.match(relative))


def describe(path: Path) -> dict:
    """What `feudcli cache info` shows of one index file."""
    import sqlite3

    info = {"path": str(path), "corpus": None, "exists": False, "files": None,
            "bytes": sum(os.path.getsize(f"{path}{suffix}") for suffix in SQLITE_SIDE_FILES
                         if os.path.exists(f"{path}{suffix}"))}
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
        try:
            row = connection.execute("SELECT value FROM meta WHERE key = 'root'").fetchone()
            info["corpus"] = row[0] if row else None
            info["exists"] = bool(row) and os.path.isdir(row[0])
            info["files"] = connection.execute("SELECT count(*) FROM docs").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        info["corpus"] = "(unreadable; rebuilt on next use)"
    return info


def clear(directory: Path | None = None) -> int:
    """Delete feudcli's own files in the cache directory (indexes with their
    SQLite side files, saved tables); returns how many corpora were
    cleared. Raises FeudcliError when a file cannot be deleted."""
    home = directory or cache_home()
    cleared = 0
    candidates = [home / "corpora" / name for name in _listing(home / "corpora")]
    candidates += [home / name for name in _listing(home)]
    for path in candidates:
        if not _is_own(path, home):
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise FeudcliError(f"cannot delete {path} ({error.strerror or error}); "
                               "is the cache directory read-only?") from None
        cleared += path.name.endswith(INDEX_SUFFIX)
    return cleared


def _listing(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except FileNotFoundError:
        return []
    except OSError as error:
        raise FeudcliError(f"cannot read the cache directory {folder} ({error.strerror or error})") from None


# -- small tables saved beside the indexes --------------------------------------

def load_marshalled(name: str):
    """A value saved with save_marshalled, or None (missing, unreadable, or
    in a cache directory feudcli must not trust). marshal holds plain data;
    callers check the shape of what they get."""
    import marshal

    try:
        home = private_directory(cache_home())
        with open(home / name, "rb") as handle:
            return marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError, UnsafeCache):
        return None


def save_marshalled(name: str, value) -> None:
    """Best effort and atomic: a reader sees the old file or the new one."""
    import marshal
    import tempfile

    temporary = None
    try:
        home = private_directory(cache_home())
        handle, temporary = tempfile.mkstemp(dir=home, prefix=f".{name}.")
        with os.fdopen(handle, "wb") as out:
            marshal.dump(value, out)
        os.replace(temporary, home / name)
    except (OSError, UnsafeCache):
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
