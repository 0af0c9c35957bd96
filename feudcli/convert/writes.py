"""Safe writes: a file is either its old self or its new self, never half
written, and nothing is written outside the directory it belongs in.

A write goes to a temporary file in the target's own directory (so the
final rename stays on one file system and is atomic), is flushed to disk,
then renamed over the target. Whatever happens in between — an error, a
full disk, Ctrl-C, SIGTERM — the temporary file is removed and the target
is untouched; only SIGKILL or a crash can leave one, and the next run that
writes into that directory removes it (`.NAME.feudcli-XXXXXXXX.tmp`, older
than the run).

Directories are reached from a base directory one name at a time, each
opened with O_NOFOLLOW | O_DIRECTORY, and every operation is relative to
the directory's descriptor: a directory replaced by a symbolic link while
feudcli runs makes the write fail instead of landing where the link points.

A rewrite in place names the file it read (device, inode, size, mtime,
ctime, as git's index does): if the file on disk is no longer that one —
edited, replaced, deleted — it is left as it is and FileChanged says why.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from feudcli import interrupts
from feudcli.errors import FeudcliError

_TEMPORARY = re.compile(r"\..*\.feudcli-[0-9a-f]{8}\.tmp", re.DOTALL)
# A temporary name stays under NAME_MAX (255 bytes) whatever the file's name.
_MAX_NAME_IN_TEMPORARY = 200
_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class UnsafePath(FeudcliError):
    """A destination that would land outside the output directory."""


class FileExists(FeudcliError, FileExistsError):
    """The destination exists and overwriting was not asked for."""


class FileChanged(FeudcliError, OSError):
    """The file on disk is no longer the one that was read."""


class Identity(NamedTuple):
    """What says a file is still the one that was read."""
    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> "Identity":
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def safe_destination(root: Path, relpath: str) -> Path:
    """root/relpath, refused if it is absolute, climbs out with '..', or
    resolves (through symlinks) to a place outside root."""
    parts = relative_parts(relpath)
    if parts is None:
        raise UnsafePath(f"{relpath} would be written outside {root}")
    destination = root.joinpath(*parts)
    real_root = root.resolve()
    real = destination.resolve()
    if real != real_root and real_root not in real.parents:
        raise UnsafePath(f"{destination} leads outside {root} (through a symlink?)")
    return destination


def relative_parts(relpath: str) -> tuple[str, ...] | None:
    """The names of a relative path, or None if it could leave its base."""
    pure = PurePosixPath(relpath.replace("\\", "/"))
    if pure.is_absolute() or not pure.parts or ".." in pure.parts or pure.parts[0].endswith(":"):
        return None
    return pure.parts


def open_directory(base: Path, parts: tuple[str, ...] = (), create: bool = False) -> int:
    """A descriptor for base/parts. base is opened as given (the user named
    it); each of parts without following a symbolic link (OSError ELOOP or
    ENOTDIR if one is there), created when asked."""
    if create:
        Path(base).mkdir(parents=True, exist_ok=True)
    descriptor = os.open(base, _DIRECTORY_FLAGS)
    try:
        for part in parts:
            try:
                inner = os.open(part, _DIRECTORY_FLAGS | _NOFOLLOW, dir_fd=descriptor)
            except FileNotFoundError:
                if not create:
                    raise
                try:
                    os.mkdir(part, 0o777, dir_fd=descriptor)
                except FileExistsError:
                    pass
                inner = os.open(part, _DIRECTORY_FLAGS | _NOFOLLOW, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def read_at(directory: int, name: str, max_bytes: int | None = None) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes and its stat, never through a symbolic link.
    Raises FileChanged if it changed while being read."""
    descriptor = os.open(name, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
                         | getattr(os, "O_CLOEXEC", 0), dir_fd=directory)
    try:
        before = os.fstat(descriptor)
        if not stat.S_ISREG(before.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if max_bytes is not None and before.st_size > max_bytes:
            raise OSError(errno.EFBIG, f"larger than {max_bytes // 2**20} MB")
        chunks = []
        while True:
            chunk = os.read(descriptor, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        after = os.fstat(descriptor)
    finally:
        os.close(descriptor)
    if Identity.of(before) != Identity.of(after):
        raise FileChanged(errno.EAGAIN, "it changed while it was being read")
    return b"".join(chunks), after


def _new_file_mode() -> int:
    # A new file gets the usual 0666 less umask.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _temporary_name(name: str) -> str:
    encoded = os.fsencode(name)
    if len(encoded) > _MAX_NAME_IN_TEMPORARY:
        name = os.fsdecode(encoded[:_MAX_NAME_IN_TEMPORARY])
    return f".{name}.feudcli-{secrets.token_hex(4)}.tmp"


class Writer:
    """Atomic writes for one run. It remembers when the run started, so
    that temporary files an earlier, killed run left in a directory it
    writes to are removed (once per directory), never a current one."""

    def __init__(self, started: float | None = None):
        self.started = time.time() if started is None else started
        self._swept: set[tuple[int, int]] = set()

    def sweep(self, directory: int) -> None:
        info = os.fstat(directory)
        key = (info.st_dev, info.st_ino)
        if key in self._swept:
            return
        self._swept.add(key)
        try:
            entries = list(os.scandir(directory))
        except OSError:
            return
        for entry in entries:
            if not _TEMPORARY.fullmatch(entry.name):
                continue
            try:
                old = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(old.st_mode) and old.st_mtime < self.started:
                    os.unlink(entry.name, dir_fd=directory)
            except OSError:
                pass

    def write(self, directory: int, name: str, data: bytes, overwrite: bool = False,
              expect: Identity | None = None) -> bool:
        """Write data to `name` in the open directory, atomically. Returns
        True when an existing file was replaced. Raises FileExists if it
        exists and overwrite is False, FileChanged if `expect` is given and
        the file there is no longer that one (or is gone)."""
        self.sweep(directory)
        try:
            old = os.stat(name, dir_fd=directory, follow_symlinks=False)
        except FileNotFoundError:
            old = None
        if expect is not None:
            _check(old, expect)
        if old is not None and not overwrite:
            raise FileExists(f"{name} already exists; pass --force to replace it")
        mode = stat.S_IMODE(old.st_mode) if old is not None and stat.S_ISREG(old.st_mode) else _new_file_mode()
        # From the temporary file's creation to its rename or removal, a
        # signal waits: it must not leave the file behind.
        with interrupts.deferred():
            temporary = _create_temporary(directory, name)
            try:
                with os.fdopen(os.open(temporary, os.O_WRONLY | _NOFOLLOW, dir_fd=directory), "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    if old is not None and stat.S_ISREG(old.st_mode):
                        _keep_owner(stream.fileno(), old)
                    os.fchmod(stream.fileno(), mode)
                    os.fsync(stream.fileno())
                if expect is not None:
                    # Once more, as late as can be: an edit saved while this
                    # file was converted and written must win.
                    try:
                        now = os.stat(name, dir_fd=directory, follow_symlinks=False)
                    except FileNotFoundError:
                        now = None
                    _check(now, expect)
                if overwrite:
                    os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
                else:
                    _link_no_clobber(directory, temporary, name)
            except BaseException:
                try:
                    os.unlink(temporary, dir_fd=directory)
                except FileNotFoundError:
                    pass
                raise
        try:
            os.fsync(directory)  # the rename is durable once the directory is
        except OSError:
            pass
        return old is not None


def _check(found: os.stat_result | None, expect: Identity) -> None:
    if found is None:
        raise FileChanged(errno.ENOENT, "it was deleted after it was read; not written again")
    if Identity.of(found) != expect:
        raise FileChanged(errno.EAGAIN, "it changed after it was read; left as it is now")


def _create_temporary(directory: int, name: str) -> str:
    for _ in range(100):
        temporary = _temporary_name(name)
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
                                 | getattr(os, "O_CLOEXEC", 0), 0o600, dir_fd=directory)
        except FileExistsError:
            continue
        os.close(descriptor)
        return temporary
    raise FileExistsError(errno.EEXIST, "no free temporary name")


def _keep_owner(descriptor: int, old: os.stat_result) -> None:
    # Only root can give a file away; for anyone else this is a no-op.
    try:
        os.fchown(descriptor, old.st_uid, old.st_gid)
    except OSError:
        pass


def _link_no_clobber(directory: int, temporary: str, name: str) -> None:
    """Rename that fails if name appeared meanwhile (a hard link cannot
    replace an existing name); file systems without hard links fall back
    to a plain rename after one more look."""
    try:
        os.link(temporary, name, src_dir_fd=directory, dst_dir_fd=directory, follow_symlinks=False)
    except FileExistsError:
        raise FileExists(f"{name} already exists; pass --force to replace it") from None
    except OSError:
        try:
            os.stat(name, dir_fd=directory, follow_symlinks=False)
        except FileNotFoundError:
            os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
            return
        raise FileExists(f"{name} already exists; pass --force to replace it") from None
    os.unlink(temporary, dir_fd=directory)


def atomic_write(path: Path, data: bytes, overwrite: bool = False) -> bool:
    """Write data to path atomically, creating its directory. Returns True
    when an existing file was replaced. Raises FileExists if path exists
    and overwrite is False."""
    directory = open_directory(Path(path).parent, create=True)
    try:
        return Writer().write(directory, Path(path).name, data, overwrite=overwrite)
    finally:
        os.close(directory)
