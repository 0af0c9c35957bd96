"""The files a batch conversion reads and writes, reached one name at a
time without following symbolic links (unless asked), so that nothing is
read, rewritten or copied from outside where it should be."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Source:
    label: str  # how messages name it: an id or a path
    relpath: str  # its name under -o DIR
    path: Path  # the file as named (and rewritten by --in-place)
    # Where it is read and rewritten: base opened as it is, then each of
    # parts and name without following a symbolic link.
    base: Path
    parts: tuple[str, ...]
    name: str
    data: bytes = b""
    destination: Path | None = None
    exists: bool = False
    # Loaded with the corpus, whose loader has already reported its problems.
    from_corpus: bool = False
    identity: object = None  # writes.Identity of the file as read
    corpus: Path | None = None  # the corpus it belongs to

    @classmethod
    def in_corpus(cls, root: Path, article) -> "Source":
        *parts, name = article.path.split("/")
        return cls(article.id, article.path, root / article.path, root, tuple(parts), name, from_corpus=True,
                   corpus=root)

    @classmethod
    def outside(cls, label: str, relpath: str, path: Path) -> "Source":
        return cls(label, relpath, path, path.parent, (), path.name)


def _symlink_on_the_way(source: Source) -> str | None:
    """The first name on the way to the source that is a symbolic link."""
    path = source.base
    for part in (*source.parts, source.name):
        path = path / part
        if path.is_symlink():
            return str(path)
    return None


def read_source(source: Source, follow: bool, in_place: bool, writer) -> str | None:
    """The source's bytes into source.data, its identity noted. Unless
    `follow`, nothing is read through a symbolic link (OSError ELOOP or
    ENOTDIR). Returns why an in-place rewrite must not happen, or None."""
    import errno
    import stat

    from feudcli.convert.writes import Identity, open_directory, read_at
    from feudcli.corpus import MAX_ARTICLE_BYTES

    if follow:
        # Read, and rewrite in place, where the file really is.
        real = source.path.resolve()
        source.base, source.parts, source.name = real.parent, (), real.name
    directory = None
    try:
        directory = open_directory(source.base, source.parts)
        if in_place:
            writer.sweep(directory)  # what a killed run left here
        source.data, info = read_at(directory, source.name, MAX_ARTICLE_BYTES)
        source.identity = Identity.of(info)
        if not in_place:
            return None
        if info.st_nlink > 1:
            return (f"has {info.st_nlink} hard links; not rewritten in place, as replacing it would split it "
                    "from the others (convert it with -o DIR, or remove the other links)")
        if not stat.S_IMODE(info.st_mode) & 0o222 or not os.access(source.name, os.W_OK, dir_fd=directory):
            return "is read-only; not rewritten in place (make it writable to convert it)"
        return None
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK) and not follow:
            link = _symlink_on_the_way(source)
            if link is not None:
                where = "is a symbolic link" if link == str(source.base.joinpath(*source.parts, source.name)) \
                    else f"is reached through the symbolic link {link}"
                raise OSError(error.errno, f"{where}; not {'rewritten in place' if in_place else 'written'} "
                                           "(pass --follow to convert what it points to)") from None
        raise
    finally:
        if directory is not None:
            os.close(directory)


def write_source(source: Source, data: bytes, plan, writer) -> bool:
    """Write one converted file where the plan sends it; True when an
    existing file was replaced. In place, only if it is still the file
    that was read (FileChanged otherwise)."""
    from feudcli.convert.writes import open_directory, relative_parts

    if plan.in_place:
        directory = open_directory(source.base, source.parts)
        name, overwrite, expect = source.name, True, source.identity
    elif plan.single_file:
        directory = open_directory(plan.output.parent, create=True)
        name, overwrite, expect = plan.output.name, plan.force, None
    else:
        *parts, name = relative_parts(source.relpath)
        directory = open_directory(plan.output, tuple(parts), create=True)
        overwrite, expect = plan.force, None
    try:
        return writer.write(directory, name, data, overwrite=overwrite, expect=expect)
    finally:
        os.close(directory)
