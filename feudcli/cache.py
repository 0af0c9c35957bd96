"""The on-disk cache: parsed articles and their searchable text, per corpus.

One SQLite file per corpus under $XDG_CACHE_HOME/feudcli (default
~/.cache/feudcli), one row per file keyed by its relative path, size and
mtime: a changed, added or removed file is re-read alone. The cache is
never required — a missing, corrupt, locked or read-only cache only costs
speed — and it is rebuilt silently when it comes from another version of
feudcli or of OpenCC's tables (which decide the fold and script detection).

Bodies are not kept in memory for cached articles: they are read from the
file when something needs them (show, snippets of the top hits, convert).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
from pathlib import Path
from typing import Callable

from feudcli import __version__, opencc_tables
from feudcli.cachedir import cache_home
from feudcli.corpus import Article, read_article, read_regular_file

SCHEMA = 8
# Below this many files to (re)read, starting worker processes costs more
# than it saves.
PARALLEL_THRESHOLD = 400
# A first run over a large corpus keeps bodies on disk, not in memory.
LAZY_BODIES_ABOVE = 1000

Progress = Callable[[int, int], None]  # (files done, files to read)


def _fingerprint() -> str:
    tables = opencc_tables.data_dir() / "TSCharacters.txt"
    try:
        stamp = os.stat(tables).st_mtime_ns
    except OSError:
        stamp = 0
    return f"{__version__}/{SCHEMA}/{tables.parent}/{stamp}"


class CachedArticle(Article):
    """An Article read back from the cache: its body (read from the file)
    and its front matter (unpickled) are only materialised when used."""

    @property
    def body(self) -> str:
        if self.__dict__.get("_body") is None:
            self.__dict__["_body"] = _read_body(self.__dict__["_root"], self.path)
        return self.__dict__["_body"]

    @body.setter
    def body(self, value) -> None:
        self.__dict__["_body"] = value

    @property
    def meta(self) -> dict:
        if "_meta" not in self.__dict__:
            self.__dict__["_meta"] = pickle.loads(self.__dict__.pop("_meta_blob"))
        return self.__dict__["_meta"]

    @meta.setter
    def meta(self, value) -> None:
        self.__dict__["_meta"] = value


_TAG_SEPARATOR = "\x1f"  # cannot occur in a tag: control characters are not text
def _read_body(root: Path, relpath: str) -> str:
    """The body of a file the cache has read before: only the front matter
    fences are looked for, its YAML or TOML is not parsed again."""
    from feudcli import metadata
    from feudcli.decode import UndecodableFile, decode_text

    try:
        text, _, _ = decode_text(read_regular_file(os.path.join(root, relpath)))
    except (OSError, UndecodableFile):
        return ""
    text = text.replace("\r\n", "\n")
    try:
        return text[metadata.split_front_matter(text)[3]:]
    except metadata.FrontMatterError:
        return text


# Article fields kept as columns (cheap to read back); meta is a pickle.
COLUMNS = ("id", "path", "title", "date", "lang", "script", "tags", "source", "chars",
           "encoding", "front_matter_kind")


def _article_row(article: Article) -> tuple:
    values = [getattr(article, name) for name in COLUMNS]
    values[COLUMNS.index("tags")] = _TAG_SEPARATOR.join(article.tags)
    return (*values, pickle.dumps(article.meta, protocol=pickle.HIGHEST_PROTOCOL))


def _cached_article(row, root: Path) -> CachedArticle:
    article = CachedArticle.__new__(CachedArticle)
    state = dict(zip(COLUMNS, row))
    state["tags"] = state["tags"].split(_TAG_SEPARATOR) if state["tags"] else []
    state["_meta_blob"] = row[len(COLUMNS)]
    state["_root"] = root
    state["_body"] = None
    article.__dict__.update(state)
    return article


def _lazy(article: Article, root: Path) -> CachedArticle:
    return _cached_article(_article_row(article), root)


def searchable(article: Article) -> tuple[bytes, bytes]:
    """The normalised folded title and body, UTF-8 (see feudcli.textnorm)."""
    from feudcli.textnorm import normalize  # its regexes take ~10 ms to compile; list needs none

    return normalize(article.title).encode(), normalize(article.body).encode()


def _read_and_prepare(root: Path, relpath: str):
    article, problems = read_article(root, relpath)
    texts = searchable(article) if article is not None else (b"", b"")
    return relpath, article, problems, texts


class CorpusCache:
    """The cache of one corpus. `prepare` plugs into corpus.load_corpus."""

    def __init__(self, root: Path, directory: Path | None = None, progress: Progress | None = None):
        self.root = Path(root)
        resolved = str(self.root.resolve())
        digest = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:20]
        self.path = (directory or cache_home()) / "corpora" / f"{digest}.sqlite3"
        self.resolved_root = resolved
        self.progress = progress
        self.texts: dict[str, tuple[bytes, bytes]] = {}  # relpath -> searchable text
        # Only `search` needs the searchable text; `list` need not read it.
        self.want_texts = True
        self.reread = 0  # files read this run (0 on a warm run)

    # -- connection ---------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        for attempt in range(2):
            connection = None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
                # Large pages: a text of a few KB then fits one page instead
                # of a chain of overflow pages (reading is ~5x faster).
                # Only takes effect when the file is created.
                connection.execute("PRAGMA page_size=65536")
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                self._check_version(connection)
                return connection
            except sqlite3.OperationalError:
                if connection is not None:
                    connection.close()
                break  # locked for too long, or read-only: go without
            except sqlite3.DatabaseError:
                # Not a database (corrupt, truncated): start again, once.
                if connection is not None:
                    connection.close()
                self._discard()
            except OSError:
                break
        return None

    def _check_version(self, connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = connection.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        if row is not None and row[0] == _fingerprint():
            return
        connection.execute("BEGIN IMMEDIATE")
        # Everything goes, the manifest in meta included: a manifest left over
        # from another version would vouch for files this one has not read.
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'meta'")]
        for name in tables:
            connection.execute(f'DROP TABLE "{name}"')
        connection.execute("DELETE FROM meta")
        columns = ", ".join(f"a_{name}" for name in COLUMNS)
        connection.execute(
            "CREATE TABLE files (relpath TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
            f" readable INTEGER, problems TEXT, length INTEGER, {columns}, a_meta BLOB)"
        )
        # The searchable text apart, so reading the articles' fields never
        # wades through it.
        connection.execute("CREATE TABLE texts (relpath TEXT PRIMARY KEY, title_text BLOB, body_text BLOB)")
        from feudcli.postings import create_table

        create_table(connection)
        # What commands derive from one article (its timeline, its entity
        # counts), under a stamp naming how it was derived.
        connection.execute("CREATE TABLE derived (relpath TEXT, kind TEXT, stamp TEXT, value BLOB,"
                           " PRIMARY KEY (relpath, kind))")
        connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                               [("fingerprint", _fingerprint()), ("root", self.resolved_root)])
        connection.execute("COMMIT")

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except OSError:
                pass

    # -- loading ------------------------------------------------------------

    def prepare(self, relpaths: list[str]):
        """Bring the cache up to date for these files; return the reader
        load_corpus uses."""
        try:
            rows = self._sync(relpaths)
        except sqlite3.DatabaseError:
            # A corrupt or foreign file: start again from nothing, once.
            self._discard()
            try:
                rows = self._sync(relpaths)
            except sqlite3.DatabaseError:
                rows = self._read_all(relpaths)

        def read(relpath: str):
            return rows[relpath]

        return read

    def stats(self, relpaths: list[str]) -> dict:
        """relpath -> (size, mtime_ns), or None for a file that cannot be stat'ed."""
        return dict(zip(relpaths, self.stat_list(relpaths)))

    def stat_list(self, relpaths: list[str]) -> list:
        """(size, mtime_ns) or None per file, in order. Relative to an open
        directory: the kernel then walks only the relative part, and no path
        string is built per file."""
        try:
            directory = os.open(self.root, os.O_RDONLY)
        except OSError:
            directory = None
        found = []
        append = found.append
        stat = os.stat
        try:
            for relpath in relpaths:
                try:
                    info = stat(relpath, dir_fd=directory) if directory is not None \
                        else stat(os.path.join(self.root, relpath))
                    append((info.st_size, info.st_mtime_ns))
                except OSError:
                    append(None)
        finally:
            if directory is not None:
                os.close(directory)
        return found

    def _sync(self, relpaths: list[str]) -> dict:
        connection = self._connect()
        if connection is None:
            return self._read_all(relpaths)
        try:
            known = {row[0]: (row[1], row[2]) for row in
                     connection.execute("SELECT relpath, size, mtime_ns FROM files")}
            stats = self.stats(relpaths)
            stale = [r for r in relpaths if stats[r] is None or known.get(r) != stats[r]]
            removed = known.keys() - stats.keys()
            fresh = self._read(stale)
            self._store(connection, fresh, stats, removed)
            rows: dict = {}
            wanted = set(relpaths) - set(fresh)
            if wanted:
                columns = ", ".join(f"a_{name}" for name in COLUMNS)
                query = f"SELECT relpath, readable, problems, length, {columns}, a_meta FROM files"
                root = self.root
                for row in connection.execute(query):
                    relpath = row[0]
                    if relpath not in wanted:
                        continue
                    problems = json.loads(row[2]) if row[2] != "[]" else []
                    rows[relpath] = (_cached_article(row[4:], root) if row[1] else None, problems)
                if self.want_texts:
                    texts = self.texts
                    for relpath, title_text, body_text in connection.execute(
                            "SELECT relpath, title_text, body_text FROM texts"):
                        if relpath in wanted:
                            texts[relpath] = (title_text, body_text)
            lazy = len(fresh) > LAZY_BODIES_ABOVE
            for relpath, (article, problems, texts) in fresh.items():
                if article is not None and lazy:
                    article = _lazy(article, self.root)
                rows[relpath] = (article, problems)
                if article is not None:
                    self.texts[relpath] = texts
            return rows
        finally:
            connection.close()

    def _read_all(self, relpaths: list[str]) -> dict:
        fresh = self._read(relpaths)
        rows = {}
        for relpath, (article, problems, texts) in fresh.items():
            rows[relpath] = (article, problems)
            if article is not None:
                self.texts[relpath] = texts
        return rows

    def _read(self, relpaths: list[str]) -> dict:
        """Read and prepare files, on all cores when there are many."""
        self.reread = len(relpaths)
        results: dict = {}
        total = len(relpaths)
        report = self.progress if self.progress is not None and total else None
        from feudcli.workers import cpu_count, process_map

        workers = cpu_count()
        if total >= PARALLEL_THRESHOLD and workers > 1:
            from functools import partial

            outcomes = process_map(partial(_read_and_prepare, self.root), relpaths, workers, chunksize=64)
            lazy = total > LAZY_BODIES_ABOVE
            for done, (relpath, article, problems, texts) in enumerate(outcomes, 1):
                if lazy and article is not None:
                    article = _lazy(article, self.root)  # a body is read again when needed
                results[relpath] = (article, problems, texts)
                if report and (done % 50 == 0 or done == total):
                    report(done, total)
        else:
            for done, relpath in enumerate(relpaths, 1):
                _, article, problems, texts = _read_and_prepare(self.root, relpath)
                results[relpath] = (article, problems, texts)
                if report and (done % 50 == 0 or done == total):
                    report(done, total)
        return results

    def _store(self, connection, fresh: dict, stats: dict, removed, manifest=None):
        """Write what was read; returns the new manifest (postings.py), or
        None when nothing could be written."""
        if not fresh and not removed:
            return None
        rows = []
        for relpath, (article, problems, texts) in fresh.items():
            stat = stats.get(relpath)
            if stat is None:
                continue  # vanished while we read: nothing to key it by
            values = _article_row(article) if article is not None else (None,) * (len(COLUMNS) + 1)
            rows.append((relpath, stat[0], stat[1], article is not None,
                         json.dumps(problems, ensure_ascii=False), len(texts[0]) + len(texts[1]),
                         *values, *texts))
        try:
            connection.execute("BEGIN IMMEDIATE")
            gone = [(relpath,) for relpath in removed]
            connection.executemany("DELETE FROM files WHERE relpath = ?", gone)
            connection.executemany("DELETE FROM texts WHERE relpath = ?", gone)
            connection.executemany("DELETE FROM derived WHERE relpath = ?",
                                   gone + [(relpath,) for relpath in fresh])
            marks = ", ".join("?" * (len(COLUMNS) + 7))
            connection.executemany(f"INSERT OR REPLACE INTO files VALUES ({marks})", [row[:-2] for row in rows])
            connection.executemany("INSERT OR REPLACE INTO texts VALUES (?, ?, ?)",
                                   [(row[0], *row[-2:]) for row in rows])
            from feudcli.postings import update_manifest, update_postings

            changed = {relpath: texts for relpath, (article, _, texts) in fresh.items() if article is not None}
            gone = set(removed) | {relpath for relpath, (article, _, _) in fresh.items() if article is None}
            update_postings(connection, changed, gone)
            manifest = update_manifest(connection, {row[0]: manifest_entry(row) for row in rows}, set(removed),
                                       manifest)
            connection.execute("COMMIT")
            return manifest
        except sqlite3.OperationalError:
            # Locked by another feudcli for too long, or read-only: the
            # results are still used for this run, just not kept.
            try:
                connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            return None


def manifest_entry(row: tuple) -> tuple:
    """(size, mtime_ns, clean, id, date, length) of a row of the files
    table: what a warm search needs to know of a file."""
    relpath, size, mtime_ns, readable, problems, length, *values = row
    clean = bool(readable) and problems == "[]"
    return size, mtime_ns, clean, values[COLUMNS.index("id")], values[COLUMNS.index("date")], length
