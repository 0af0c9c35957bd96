"""Postings: for each term searched, its count in every document, kept in
the cache and kept current as files change.

This is an inverted index built for the terms people actually search
rather than for every n-gram of the corpus (which for Chinese, with no
spaces to split words on, would be many times the size of the text). The
first search for a term scans the cached text once; every later search for
it reads one row, and an edited file is recounted alone. With it a warm
search reads no text at all and builds no article record except the ones
it prints.

The fast path covers the common case — no filters, a clean corpus (no file
with a problem, no colliding ids) and a usable cache; anything else takes
the full path (feudcli.index over every article), which gives the same
results.
"""

from __future__ import annotations

import marshal
import sqlite3
import time

from feudcli.corpus import discover
from feudcli.index import Hit, rank, scope
from feudcli.query import Group, Literal, Pattern, Query, from_key

# Terms remembered per corpus; the least recently searched go first.
MAX_TERMS = 256


def create_table(connection: sqlite3.Connection) -> None:
    connection.execute("CREATE TABLE IF NOT EXISTS postings (key TEXT PRIMARY KEY, counts BLOB, used REAL)")


def storable(group: Group) -> bool:
    """Whether counts for this group may be kept. Literals and alias
    patterns (escaped spellings) are; a user's --regex is not: recounting
    it on a changed file could backtrack without a time limit."""
    return all(isinstance(alt, Literal) or (isinstance(alt, Pattern) and alt.required)
               for alt in group.alternatives)


def _count_all(group, texts: dict) -> dict:
    counts = {}
    for relpath, (title, body) in texts.items():
        in_title = group.count(title)
        in_body = group.count(body)
        if in_title or in_body:
            counts[relpath] = (in_title, in_body)
    return counts


def update_postings(connection: sqlite3.Connection, changed: dict, removed: set) -> None:
    """Recount the kept terms in changed documents; forget removed ones.
    Runs inside the cache's write transaction."""
    updates = []
    for key, blob in connection.execute("SELECT key, counts FROM postings").fetchall():
        counts = marshal.loads(blob)
        for relpath in removed:
            counts.pop(relpath, None)
        group = from_key(key)
        for relpath, (title, body) in changed.items():
            in_title, in_body = group.count(title), group.count(body)
            if in_title or in_body:
                counts[relpath] = (in_title, in_body)
            else:
                counts.pop(relpath, None)
        updates.append((marshal.dumps(counts), key))
    connection.executemany("UPDATE postings SET counts = ? WHERE key = ?", updates)


class FastSearch:
    """A warm search straight from the cache (see the module docstring)."""

    def __init__(self, cache, connection, manifest: dict, fresh_texts: dict):
        self.cache = cache
        self.connection = connection
        self.manifest = manifest  # relpath -> (id, date, length)
        self.fresh_texts = fresh_texts
        self._texts: dict | None = None
        self.relpath_of = {entry[0]: relpath for relpath, entry in manifest.items()}

    @classmethod
    def open(cls, cache) -> "FastSearch | None":
        """Bring the cache up to date with the files; None when the fast path
        does not apply (the caller then loads the corpus as usual)."""
        warnings: list = []
        relpaths = discover(cache.root, warnings)
        if warnings:
            return None
        connection = cache._connect()
        if connection is None:
            return None
        try:
            view = cls._open(cache, connection, relpaths)
        except sqlite3.DatabaseError:
            view = None
        if view is None:
            connection.close()
        return view

    @classmethod
    def _open(cls, cache, connection, relpaths: list[str]) -> "FastSearch | None":
        known = {row[0]: row[1:] for row in connection.execute(
            "SELECT relpath, size, mtime_ns, readable, problems, a_id, a_date, length FROM files")}
        stats = cache.stats(relpaths)
        stale = [r for r in relpaths if stats[r] is None or known.get(r, (None, None))[:2] != stats[r]]
        removed = known.keys() - stats.keys()
        fresh = cache._read(stale)
        cache._store(connection, fresh, stats, removed)
        manifest, fresh_texts = {}, {}
        for relpath in relpaths:
            if relpath in fresh:
                article, problems, texts = fresh[relpath]
                if article is None or problems:
                    return None
                manifest[relpath] = (article.id, article.date, len(texts[0]) + len(texts[1]))
                fresh_texts[relpath] = texts
            else:
                _, _, readable, problems, identifier, date, length = known[relpath]
                if not readable or problems != "[]":
                    return None
                manifest[relpath] = (identifier, date, length)
        if len({entry[0] for entry in manifest.values()}) != len(manifest):
            return None  # colliding ids: the full path renames them
        return cls(cache, connection, manifest, fresh_texts)

    def _all_texts(self) -> dict:
        if self._texts is None:
            texts = dict(self.fresh_texts)
            for relpath, title, body in self.connection.execute(
                    "SELECT relpath, title_text, body_text FROM texts"):
                if relpath in self.manifest and relpath not in texts:
                    texts[relpath] = (title, body)
            self._texts = texts
        return self._texts

    def counts(self, group: Group) -> dict:
        """relpath -> (title count, body count) for documents that match."""
        keep = storable(group)
        key = group.key
        if keep:
            row = self.connection.execute("SELECT counts FROM postings WHERE key = ?", (key,)).fetchone()
            if row is not None:
                self._remember(key, None)
                return marshal.loads(row[0])
        counts = _count_all(group, self._all_texts())
        if keep:
            self._remember(key, counts)
        return counts

    def _remember(self, key: str, counts: dict | None) -> None:
        try:
            if counts is None:
                self.connection.execute("UPDATE postings SET used = ? WHERE key = ?", (time.time(), key))
                return
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.execute("INSERT OR REPLACE INTO postings VALUES (?, ?, ?)",
                                    (key, marshal.dumps(counts), time.time()))
            self.connection.execute(
                "DELETE FROM postings WHERE key NOT IN (SELECT key FROM postings ORDER BY used DESC LIMIT ?)",
                (MAX_TERMS,))
            self.connection.execute("COMMIT")
        except sqlite3.OperationalError:
            # Busy or read-only: the counts serve this run all the same.
            try:
                self.connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def search(self, query: Query, where: str = "all") -> list[Hit]:
        use_title, use_body = scope(where)
        per_group = []
        candidates: set | None = None
        for group in query.required:
            counts = self.counts(group)
            matching = {relpath for relpath, (in_title, in_body) in counts.items()
                        if (use_title and in_title) or (use_body and in_body)}
            candidates = matching if candidates is None else candidates & matching
            per_group.append(counts)
            if not candidates:
                return []
        for group in query.excluded:
            candidates -= self.counts(group).keys()
        entries = []
        for relpath in candidates:
            identifier, date, length = self.manifest[relpath]
            found = [counts[relpath] for counts in per_group]
            found = [(in_title if use_title else 0, in_body if use_body else 0) for in_title, in_body in found]
            entries.append((identifier, date, length, found, None))
        lengths = [entry[2] for entry in self.manifest.values()]
        average = sum(lengths) / len(lengths) if lengths else 1.0
        return rank(entries, len(query.required), len(self.manifest), average)

    def attach_articles(self, hits: list[Hit]) -> None:
        """Read the article records of these hits (the ones to be shown)."""
        from feudcli.cache import COLUMNS, _cached_article

        wanted = {self.relpath_of[hit.id]: hit for hit in hits if hit.article is None}
        columns = ", ".join(f"a_{name}" for name in COLUMNS)
        for chunk_start in range(0, len(wanted), 500):
            chunk = list(wanted)[chunk_start:chunk_start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self.connection.execute(
                    f"SELECT relpath, {columns}, a_meta FROM files WHERE relpath IN ({marks})", chunk):
                wanted[row[0]].article = _cached_article(row[1:], self.cache.root)

    def close(self) -> None:
        self.connection.close()
