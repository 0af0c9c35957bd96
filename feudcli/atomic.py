"""Safe writes: a file is either its old self or its new self, never half
written, and nothing is written outside the directory it belongs in.

A write goes to a temporary file in the target's own directory (so the
final rename stays on one file system and is atomic), is flushed to disk,
then renamed over the target. Whatever happens in between — an error, a
full disk, Ctrl-C — the temporary file is removed and the target is
untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath


class UnsafePath(ValueError):
    """A destination that would land outside the output directory."""


class FileExists(FileExistsError):
    """The destination exists and overwriting was not asked for."""


def safe_destination(root: Path, relpath: str) -> Path:
    """root/relpath, refused if it is absolute, climbs out with '..', or
    resolves (through symlinks) to a place outside root."""
    pure = PurePosixPath(relpath.replace("\\", "/"))
    if pure.is_absolute() or not pure.parts or ".." in pure.parts or pure.parts[0].endswith(":"):
        raise UnsafePath(f"{relpath} would be written outside {root}")
    destination = root.joinpath(*pure.parts)
    real_root = root.resolve()
    real = destination.resolve()
    if real != real_root and real_root not in real.parents:
        raise UnsafePath(f"{destination} leads outside {root} (through a symlink?)")
    return destination


def _new_file_mode() -> int:
    # mkstemp creates 0600; a new file should get the usual 0666 less umask.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, data: bytes, overwrite: bool = False) -> bool:
    """Write data to path atomically. Returns True when an existing file was
    replaced. Raises FileExists if path exists and overwrite is False."""
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    try:
        mode = os.stat(path).st_mode & 0o7777
        existed = True
    except FileNotFoundError:
        mode, existed = _new_file_mode(), False
    if existed and not overwrite:
        raise FileExists(f"{path} already exists; pass --force to replace it")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if overwrite:
            os.replace(temporary, path)
        else:
            _link_no_clobber(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    _sync_directory(directory)
    return existed


def _link_no_clobber(temporary: str, path: Path) -> None:
    """Rename that fails if path appeared meanwhile (a hard link cannot
    replace an existing name); file systems without hard links fall back
    to a plain rename after one more look."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise FileExists(f"{path} already exists; pass --force to replace it") from None
    except OSError:
        if path.exists():
            raise FileExists(f"{path} already exists; pass --force to replace it") from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _sync_directory(directory: Path) -> None:
    # The rename itself is durable only once the directory is on disk.
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
