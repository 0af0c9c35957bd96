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
from bisect import bisect_left

from feudcli.corpus import discover, printable_name
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


Manifest = tuple  # (relpaths, (size, mtime_ns) pairs, clean flags, ids, dates, lengths), by relpath


def read_manifest(connection: sqlite3.Connection) -> Manifest:
    """What a warm search needs to know of every file, in one row: parallel
    lists sorted by relpath, so that "has anything changed?" is two list
    comparisons done in C rather than a lookup per file."""
    row = connection.execute("SELECT value FROM meta WHERE key = 'manifest'").fetchone()
    if row is not None:
        try:
            manifest = marshal.loads(row[0])
            if isinstance(manifest, tuple) and len(manifest) == 6:
                return manifest
        except (EOFError, ValueError, TypeError):
            pass
    from feudcli.cache import manifest_entry

    entries = [(row[0], *manifest_entry(row)) for row in connection.execute(
        "SELECT relpath, size, mtime_ns, readable, problems, length, a_id, a_path, a_title, a_date FROM files")]
    return _columns(entries)


def _columns(entries) -> Manifest:
    """entries: (relpath, size, mtime_ns, clean, id, date, length)."""
    entries = sorted(entries)
    return ([e[0] for e in entries], [(e[1], e[2]) for e in entries], [e[3] for e in entries],
            [e[4] for e in entries], [e[5] for e in entries], [e[6] for e in entries])


def merged_manifest(manifest: Manifest, changed: dict, removed: set) -> Manifest:
    """changed: relpath -> (size, mtime_ns, clean, id, date, length). When
    files were only edited (none added or removed), the lists are updated in
    place: an edit must not cost a rebuild of the whole manifest."""
    relpaths, stats, clean, ids, dates, lengths = manifest
    if not removed:
        places = []
        for relpath in changed:
            at = bisect_left(relpaths, relpath)
            if at == len(relpaths) or relpaths[at] != relpath:
                break
            places.append((at, relpath))
        else:
            for at, relpath in places:
                size, mtime_ns, ok, identifier, date, length = changed[relpath]
                stats[at], clean[at], ids[at], dates[at], lengths[at] = (size, mtime_ns), ok, identifier, date, length
            return manifest
    table = {relpath: (stat[0], stat[1], ok, identifier, date, length) for relpath, stat, ok, identifier, date, length
             in zip(relpaths, stats, clean, ids, dates, lengths) if relpath not in removed}
    table.update(changed)
    return _columns((relpath, *entry) for relpath, entry in table.items())


def update_manifest(connection: sqlite3.Connection, changed: dict, removed: set,
                    current: Manifest | None = None) -> Manifest:
    """Runs inside the cache's write transaction, after the files rows;
    `current` is the manifest as just read, if the caller has it."""
    manifest = merged_manifest(current or read_manifest(connection), changed, removed)
    connection.execute("INSERT OR REPLACE INTO meta VALUES ('manifest', ?)", (marshal.dumps(manifest),))
    return manifest


class FastSearch:
    """A warm search straight from the cache (see the module docstring)."""

    def __init__(self, cache, connection, manifest: Manifest, fresh_texts: dict):
        self.cache = cache
        self.connection = connection
        self.relpaths, _, _, self.ids, self.dates, self.lengths = manifest
        self.position = dict(zip(self.relpaths, range(len(self.relpaths))))
        self.fresh_texts = fresh_texts
        self._texts: dict | None = None

    @classmethod
    def open(cls, cache) -> "FastSearch | None":
        """Bring the cache up to date with the files; None when the fast path
        does not apply (the caller then loads the corpus as usual)."""
        warnings: list = []
        relpaths = discover(cache.root, warnings)
        if warnings or not relpaths:
            return None  # the full path reports both
        if any(printable_name(relpath) != relpath for relpath in relpaths):
            return None  # a name that is not UTF-8 cannot be a key in the cache; the full path reads it directly
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
        manifest = read_manifest(connection)
        stat_list = cache.stat_list(relpaths)
        fresh_texts: dict = {}
        if relpaths != manifest[0] or stat_list != manifest[1]:
            stats = dict(zip(relpaths, stat_list))
            known = dict(zip(manifest[0], manifest[1]))
            stale = [relpath for relpath, stat in stats.items() if stat is None or known.get(relpath) != stat]
            removed = known.keys() - stats.keys()
            fresh = cache._read(stale)
            stored = cache._store(connection, fresh, stats, removed, manifest)
            changed = {}
            for relpath, (article, problems, texts) in fresh.items():
                if stats[relpath] is None or article is None:
                    return None
                changed[relpath] = (*stats[relpath], not problems, article.id, article.date,
                                    len(texts[0]) + len(texts[1]))
                fresh_texts[relpath] = texts
            # The stored manifest, or (cache busy or read-only) the same in memory.
            manifest = stored or merged_manifest(manifest, changed, set(removed))
        if not all(manifest[2]):
            return None  # a file with a problem: the full path reports it
        if len(set(manifest[3])) != len(manifest[3]):
            return None  # colliding ids: the full path renames them
        return cls(cache, connection, manifest, fresh_texts)

    def _all_texts(self) -> dict:
        if self._texts is None:
            texts = dict(self.fresh_texts)
            for relpath, title, body in self.connection.execute(
                    "SELECT relpath, title_text, body_text FROM texts"):
                if relpath in self.position and relpath not in texts:
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
        per_group = [self.counts(group) for group in query.required]
        excluded: set = set()
        for group in query.excluded:
            excluded.update(self.counts(group))
        first, others = per_group[0], per_group[1:]
        position, ids, dates, lengths = self.position, self.ids, self.dates, self.lengths
        entries = []
        append = entries.append
        # In the counts' own order, not a set's: walking 60,000 entries in
        # hash order costs ten times more (the objects are all over memory).
        for relpath, found in first.items():
            if relpath in excluded:
                continue
            found = [found]
            for counts in others:
                more = counts.get(relpath)
                if more is None:
                    break
                found.append(more)
            else:
                if not (use_title and use_body):
                    found = [(in_title if use_title else 0, in_body if use_body else 0)
                             for in_title, in_body in found]
                    if not all(in_title or in_body for in_title, in_body in found):
                        continue
                at = position[relpath]
                append((ids[at], dates[at], lengths[at], found, None))
        if not entries:
            return []
        average = sum(lengths) / len(lengths) if lengths else 1.0
        return rank(entries, len(query.required), len(ids), average)

    def attach_articles(self, hits: list[Hit]) -> None:
        """Read the article records of these hits (the ones to be shown)."""
        from feudcli.cache import COLUMNS, _cached_article

        relpath_of = dict(zip(self.ids, self.relpaths))
        wanted = {relpath_of[hit.id]: hit for hit in hits if hit.article is None}
        columns = ", ".join(f"a_{name}" for name in COLUMNS)
        for chunk_start in range(0, len(wanted), 500):
            chunk = list(wanted)[chunk_start:chunk_start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self.connection.execute(
                    f"SELECT relpath, {columns}, a_meta FROM files WHERE relpath IN ({marks})", chunk):
                wanted[row[0]].article = _cached_article(row[1:], self.cache.root)

    def close(self) -> None:
        self.connection.close()
