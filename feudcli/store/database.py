"""One SQLite file per corpus: a row per file (its change key, its article
fields, its folded searchable text), the full-text index over them, and
what commands derive from each article. Everything changes in one
transaction, so a reader sees one consistent state; in WAL mode readers
never wait for the writer.

The file holds data only: article fields as columns, front matter and
derived results as JSON, text as zlib-compressed UTF-8. Nothing in it is
ever executed.

A change key is (size, mtime_ns, ctime_ns, inode), as git's index uses: an
edit that restores the size and the modification time still changes the
ctime.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from feudcli import __version__
from feudcli.corpus import printable_name
from feudcli.errors import FeudcliError
from feudcli.store import fulltext
from feudcli.store.articles import ROW_FIELDS, ROW_TYPES, row_values
from feudcli.store.location import SQLITE_SIDE_FILES

SCHEMA_VERSION = 5
# How long a writer waits for another before it searches its changes directly.
WRITE_WAIT_MS = 1500


class StoreUnavailable(FeudcliError):
    """The index cannot be opened at all (the caller goes without it)."""


@dataclass
class Entry:
    """What the store knows of one file."""

    rowid: int
    relpath: str
    key: tuple  # (size, mtime_ns, ctime_ns, inode)


@dataclass
class Prepared:
    """A file read and made searchable, ready to be stored (or searched
    directly when the store cannot take it). Made in worker processes on a
    first run: it carries strings, not lists of tokens, back to the parent."""

    relpath: str
    key: tuple
    problems: list
    article: object | None  # feudcli.corpus.Article
    zone: str = "other"
    title_text: str = ""  # normalised folded title
    body_text: str = ""  # normalised folded searchable body
    title_tokens: str = ""  # its tokens, joined by spaces (what the index takes)
    body_tokens: str = ""
    tokens: int = 0  # how many tokens in both
    packed: bytes | None = None  # the two texts as stored


def fingerprint() -> str:
    """What the stored rows and index depend on: feudcli, its schema and
    tokens, and OpenCC's tables (which decide the fold and scripts)."""
    from feudcli.text import opencc_data as opencc_tables

    try:
        stamp = os.stat(opencc_tables.data_dir() / "TSCharacters.txt").st_mtime_ns
    except (OSError, opencc_tables.OpenCCDataMissing):
        stamp = 0
    import hashlib

    # The index's own layout and tokens are part of it: changing them in the
    # code can never leave an index the code no longer reads.
    layout = hashlib.sha256(f"{fulltext.SCHEMA}{fulltext.TOKEN}".encode()).hexdigest()[:12]
    return f"{__version__}/{SCHEMA_VERSION}/{fulltext.TOKENS_VERSION}/{layout}/{stamp}"


def manifest_digest(files: dict) -> str:
    """A digest of relpath -> change key, in the order found: the same files
    found the same way give the same digest (a different order only costs
    the slower comparison)."""
    import hashlib
    import marshal

    return hashlib.sha256(marshal.dumps(files)).hexdigest()


def pack_text(title: str, body: str) -> bytes:
    return zlib.compress(f"{title}\x00{body}".encode("utf-8", "surrogatepass"), 1)


def unpack_text(blob: bytes) -> tuple[str, str]:
    title, _, body = zlib.decompress(blob).decode("utf-8", "surrogatepass").partition("\x00")
    return title, body


def _relpath_key(relpath: str) -> bytes:
    # File names are bytes; one that is not UTF-8 cannot be SQLite text.
    return os.fsencode(relpath)


class Store:
    """The store of one corpus, open on a connection (a file, or memory)."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None, notes: list[str]):
        self.connection = connection
        self.path = path
        self.notes = notes  # what happened to the file (rebuilt, read-only …)
        self.writable = True

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None, root: Path) -> "Store":
        """The store at path (None: in memory), created or rebuilt as
        needed. A file that is not a database, or one written by another
        version, is started afresh with a note; one that cannot be written
        is opened read-only."""
        notes: list[str] = []
        if path is None:
            store = cls(sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False), None, notes)
            store._create(root)
            return store
        for attempt in range(2):
            try:
                connection = cls._connect(path)
            except sqlite3.DatabaseError:
                break
            store = cls(connection, path, notes)
            try:
                store._check(root)
                return store
            except sqlite3.DatabaseError as error:
                connection.close()
                if attempt or not _damaged(error):
                    break
                notes.append(f"the index {path} was damaged ({error}); rebuilt")
                _discard(path)
        # Not even read-only: the caller builds an index in memory.
        raise StoreUnavailable(f"the index {path} cannot be opened")

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        try:
            # Created private, never through a symlink someone planted.
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
            os.close(descriptor)
            uri = f"file:{path}"
        except OSError:
            uri = f"file:{path}?mode=ro"  # a read-only file or directory
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                                     timeout=WRITE_WAIT_MS / 1000)
        return connection

    def _check(self, root: Path) -> None:
        connection = self.connection
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.OperationalError:
            self.writable = False  # read-only: WAL cannot be switched on, reading still works
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" in tables:
            stored = dict(connection.execute("SELECT key, value FROM meta"))
            if stored.get("fingerprint") == fingerprint():
                connection.execute("SELECT rowid FROM docs LIMIT 1").fetchone()
                return
            if tables:
                self.notes.append("the index was built by another version of feudcli or of OpenCC's tables; "
                                  "rebuilt")
        try:
            self._create(root, drop=tables)
        except sqlite3.OperationalError:
            if tables:
                raise sqlite3.DatabaseError("an index of another version that cannot be rebuilt here")
            raise

    def _create(self, root: Path, drop: Iterable[str] = ()) -> None:
        connection = self.connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            for name in drop:
                if not name.startswith("sqlite_") and not name.startswith("fulltext_"):
                    connection.execute(f'DROP TABLE IF EXISTS "{name}"')
            for statement in (
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
                # The files' change keys in one value (marshal: plain data).
                "CREATE TABLE manifest (digest TEXT, value BLOB)",
                # rowid is the index's rowid; relpath is the file name's bytes.
                "CREATE TABLE docs (rowid INTEGER PRIMARY KEY, relpath BLOB UNIQUE NOT NULL,"
                " size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER,"
                " problems TEXT NOT NULL, readable INTEGER NOT NULL, base_id TEXT,"
                f" {', '.join(f'{name} {kind}' for name, kind in ROW_TYPES)},"
                " zone TEXT, tokens INTEGER)",
                # The searchable text apart: reading the rows never wades through it.
                "CREATE TABLE texts (rowid INTEGER PRIMARY KEY, text BLOB NOT NULL)",
                "CREATE INDEX docs_by_date ON docs(date)",
                "CREATE INDEX docs_by_id ON docs(id)",
                "CREATE TABLE tags (doc INTEGER NOT NULL, tag TEXT NOT NULL)",
                "CREATE INDEX tags_by_tag ON tags(tag, doc)",
                "CREATE INDEX tags_by_doc ON tags(doc)",
                "CREATE TABLE derived (doc INTEGER NOT NULL, kind TEXT NOT NULL, stamp TEXT NOT NULL,"
                " value TEXT NOT NULL, PRIMARY KEY (doc, kind))",
                *fulltext.SCHEMA,
            ):
                connection.execute(statement)
            connection.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("fingerprint", fingerprint()), ("root", os.fsdecode(os.fsencode(str(Path(root).resolve()))))])
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.connection.close()

    # -- what is stored ------------------------------------------------------

    def unchanged(self, files: dict[str, tuple | None]) -> bool:
        """Whether these files (relpath -> change key) are the ones stored:
        the usual case, answered by comparing one digest."""
        row = self.connection.execute("SELECT digest FROM manifest").fetchone()
        return row is not None and row[0] == manifest_digest(files)

    def manifest(self) -> dict[str, tuple] | None:
        """relpath -> change key of every file as last stored (None when a
        write was cut short: the rows are then compared one by one)."""
        import marshal

        row = self.connection.execute("SELECT value FROM manifest").fetchone()
        try:
            return marshal.loads(row[0]) if row is not None else None
        except (EOFError, ValueError, TypeError):
            return None

    def _keep_manifest(self, manifest: dict | None) -> None:
        import marshal

        self.connection.execute("DELETE FROM manifest")
        if manifest is not None:
            self.connection.execute("INSERT INTO manifest VALUES (?, ?)",
                                    (manifest_digest(manifest), marshal.dumps(manifest)))

    def rowids(self, relpaths: Iterable[str]) -> dict[str, int]:
        """relpath -> rowid of these files' rows (those that have one)."""
        found = {}
        wanted = [_relpath_key(relpath) for relpath in relpaths]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for rowid, relpath in self.connection.execute(
                    f"SELECT rowid, relpath FROM docs WHERE relpath IN ({', '.join('?' * len(chunk))})", chunk):
                found[os.fsdecode(relpath)] = rowid
        return found

    def entries(self) -> dict[str, Entry]:
        """relpath -> Entry for every file the store has rows for."""
        return {os.fsdecode(relpath): Entry(rowid, os.fsdecode(relpath), (size, mtime, ctime, inode))
                for rowid, relpath, size, mtime, ctime, inode in self.connection.execute(
                    "SELECT rowid, relpath, size, mtime_ns, ctime_ns, inode FROM docs")}

    def rows(self, where: str = "", parameters: tuple = ()) -> Iterator[tuple]:
        """(rowid, relpath, problems, readable, base_id, *ROW_FIELDS) rows."""
        fields = ", ".join(ROW_FIELDS)
        query = f"SELECT rowid, relpath, problems, readable, base_id, {fields} FROM docs {where} ORDER BY relpath"
        for row in self.connection.execute(query, parameters):
            yield (row[0], os.fsdecode(row[1]), *row[2:])

    def texts(self, rowids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
        """rowid -> (zone, searchable title, searchable body) for these rows."""
        found = {}
        wanted = list(rowids)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for rowid, zone, blob in self.connection.execute(
                    f"SELECT docs.rowid, zone, text FROM docs JOIN texts ON texts.rowid = docs.rowid"
                    f" WHERE docs.rowid IN ({marks})", chunk):
                found[rowid] = (zone, *unpack_text(blob))
        return found

    def all_texts(self) -> Iterator[tuple[int, str, int, str, str]]:
        """(rowid, zone, tokens, title, body) of every readable row."""
        for rowid, zone, tokens, blob in self.connection.execute(
                "SELECT docs.rowid, zone, tokens, text FROM docs JOIN texts ON texts.rowid = docs.rowid"):
            yield (rowid, zone, tokens, *unpack_text(blob))

    # -- changing it ---------------------------------------------------------

    def write(self, removed: Iterable[Entry], prepared: Iterable[Prepared], manifest: dict | None = None) -> bool:
        """Forget removed files and store prepared ones, in one transaction;
        `manifest` is every file's change key once this write is done (None
        while a first run is still writing batches).
        False when the store cannot be written now (read-only, or another
        feudcli holds the write lock): nothing changed, the caller searches
        the prepared files directly."""
        if not self.writable:
            return False
        connection = self.connection
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            self.writable = False
            return False
        try:
            stale = list(removed)
            prepared = list(prepared)
            known = self.rowids(item.relpath for item in prepared)
            stale += [Entry(known[item.relpath], item.relpath, ()) for item in prepared if item.relpath in known]
            for entry in stale:
                self._forget(entry.rowid)
            for item in prepared:
                self._insert(item)
            self._fix_colliding_ids()
            self._keep_manifest(manifest)
            connection.execute("COMMIT")
            return True
        except sqlite3.OperationalError:
            connection.execute("ROLLBACK")
            self.writable = False
            return False
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def _forget(self, rowid: int) -> None:
        connection = self.connection
        row = connection.execute("SELECT zone, text FROM docs JOIN texts ON texts.rowid = docs.rowid"
                                 " WHERE docs.rowid = ?", (rowid,)).fetchone()
        if row is not None and row[1] is not None:
            title, body = unpack_text(row[1])
            fulltext.remove(connection, rowid, fulltext.index_row(
                row[0], " ".join(fulltext.tokens(title)), " ".join(fulltext.tokens(body))))
        for table, column in (("docs", "rowid"), ("texts", "rowid"), ("tags", "doc"), ("derived", "doc")):
            connection.execute(f"DELETE FROM {table} WHERE {column} = ?", (rowid,))

    def _insert(self, item: Prepared) -> None:
        connection = self.connection
        article = item.article
        values = row_values(article) if article is not None else (None,) * len(ROW_FIELDS)
        text = item.packed if article is not None else None
        cursor = connection.execute(
            f"INSERT INTO docs (relpath, size, mtime_ns, ctime_ns, inode, problems, readable, base_id,"
            f" {', '.join(ROW_FIELDS)}, zone, tokens)"
            f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, {', '.join('?' * len(ROW_FIELDS))}, ?, ?)",
            (_relpath_key(item.relpath), *item.key, json.dumps(item.problems, ensure_ascii=False),
             article is not None, article.id if article is not None else None, *values,
             item.zone, item.tokens))
        rowid = cursor.lastrowid
        if article is None:
            return
        connection.execute("INSERT INTO texts VALUES (?, ?)", (rowid, text))
        fulltext.add(connection, rowid, fulltext.index_row(item.zone, item.title_tokens, item.body_tokens))
        from feudcli.text.script import fold

        folded = sorted({fold(tag) for tag in article.tags})
        connection.executemany("INSERT INTO tags VALUES (?, ?)", [(rowid, tag) for tag in folded])

    def _fix_colliding_ids(self) -> None:
        """Two files may have one id (a.md and a.txt): the first in path
        order keeps it, the others take their path (numbered if that is an
        id too), as the corpus has always done."""
        connection = self.connection
        connection.execute("UPDATE docs SET id = base_id WHERE readable AND id IS NOT base_id")
        clashes = connection.execute(
            "SELECT base_id FROM docs WHERE readable GROUP BY base_id HAVING count(*) > 1").fetchall()
        if not clashes:
            return
        taken = {identifier for (identifier,) in connection.execute("SELECT id FROM docs WHERE readable")}
        for (base,) in clashes:
            rows = connection.execute("SELECT rowid, relpath FROM docs WHERE base_id = ? ORDER BY relpath",
                                      (base,)).fetchall()
            for rowid, relpath in rows[1:]:
                shown = printable_name(os.fsdecode(relpath))
                new_id, number = shown, 2
                while new_id in taken:
                    new_id, number = f"{shown}~{number}", number + 1
                taken.add(new_id)
                connection.execute("UPDATE docs SET id = ? WHERE rowid = ?", (new_id, rowid))


def _damaged(error: sqlite3.DatabaseError) -> bool:
    text = str(error).lower()
    return any(word in text for word in ("not a database", "malformed", "corrupt", "disk image", "no such"))


def _discard(path: Path) -> None:
    for suffix in SQLITE_SIDE_FILES:
        try:
            os.unlink(f"{path}{suffix}")
        except OSError:
            pass
