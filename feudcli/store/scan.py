"""Finding a corpus's files and reading each one into what the store keeps.

Finding costs one stat per file, relative to its open directory; reading a
file (in a worker process on a first run) gives its article, its
searchable text and its tokens.
"""

from __future__ import annotations

import os
from pathlib import Path

from feudcli.corpus import ARTICLE_SUFFIXES, CorpusError, LoadWarning, printable_name, read_article
from feudcli.store.database import Prepared, pack_text


def scan_files(root: Path, warnings: list[LoadWarning]) -> dict[str, tuple | None]:
    """relpath -> change key (size, mtime_ns, ctime_ns, inode), or None when
    the file cannot be stat'ed, for every article file under root: hidden
    entries skipped, symlinked directories followed once (a loop is cut and
    reported). One stat per file, relative to its open directory: the
    directory entries already say what is a directory."""
    found: dict[str, tuple | None] = {}
    seen: set[tuple[int, int]] = set()

    def walk(directory: int, prefix: str) -> None:
        info = os.fstat(directory)
        if (info.st_dev, info.st_ino) in seen:
            warnings.append(LoadWarning(prefix.rstrip("/"),
                                        "directory reached a second time through a symlink (a loop?), skipped"))
            return
        seen.add((info.st_dev, info.st_ino))
        with os.scandir(directory) as listing:
            entries = list(listing)
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            try:
                is_directory = entry.is_dir()
            except OSError:
                is_directory = False
            if is_directory:
                try:
                    inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=directory)
                except OSError as error:
                    warnings.append(LoadWarning(printable_name(prefix + name), f"directory cannot be read "
                                                f"({error.strerror or error}), skipped"))
                    continue
                try:
                    walk(inner, f"{prefix}{name}/")
                except OSError as error:
                    warnings.append(LoadWarning(printable_name(prefix + name), f"directory cannot be read "
                                                f"({error.strerror or error}), skipped"))
                finally:
                    os.close(inner)
                continue
            if not name.endswith(ARTICLE_SUFFIXES) and not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            try:
                stat = entry.stat()
                found[prefix + name] = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
            except OSError:
                found[prefix + name] = None

    try:
        top = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise CorpusError(f"corpus directory {root} cannot be read ({error.strerror or error})") from None
    try:
        walk(top, "")
    except OSError as error:
        raise CorpusError(f"corpus directory {root} cannot be read ({error.strerror or error})") from None
    finally:
        os.close(top)
    return found


def prepare(root: Path, relpath: str, key: tuple | None) -> Prepared:
    """A file read and made searchable (in a worker process on a first run)."""
    from feudcli.search.query import varieties
    from feudcli.store import fulltext
    from feudcli.text.searchable import searchable_text

    article, problems = read_article(root, relpath)
    problems = list(problems)
    if printable_name(relpath) != relpath:
        problems.insert(0, "file name is not valid UTF-8")
    item = Prepared(relpath, key or (None, None, None, None), problems, article)
    if article is not None:
        item.zone = fulltext.zone_for(varieties(article.script, article.lang))
        item.title_text = searchable_text(article.title, markup=False)
        item.body_text = searchable_text(article.body)
        title_tokens, body_tokens = fulltext.tokens(item.title_text), fulltext.tokens(item.body_text)
        item.title_tokens, item.body_tokens = " ".join(title_tokens), " ".join(body_tokens)
        item.tokens = len(title_tokens) + len(body_tokens)
        item.packed = pack_text(item.title_text, item.body_text)
        # Bodies are read again from the file when needed: a first run over
        # 100,000 files keeps none in memory.
        article.__dict__["body"] = None
    return item


def prepare_job(job):
    root, relpath, key = job
    return prepare(root, relpath, key)
