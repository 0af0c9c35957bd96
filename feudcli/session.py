"""A corpus session: the one object that owns a corpus for as long as a
program uses it.

    import feudcli
    with feudcli.open_corpus("~/articles") as corpus:
        for hit in corpus.search("马斯克").hits[:5]:
            print(hit.id, hit.article.title)

Opening a corpus finds its files, brings the index up to date with them (a
changed, added or removed file is read again alone; noticing costs one stat
per file) and reports the files it could not read. The session then lists
and filters articles, resolves ids, searches (the full-text index; the
scan of feudcli.search.engine for regular expressions and for files the index could
not take), and keeps what commands derive from each article.

When the index cannot be written (read-only, or another feudcli is writing
it), the files that changed are searched directly and merged in, so results
are never stale; with `cache=False` the index is built in memory.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from feudcli.corpus import ARTICLE_SUFFIXES, Article, LoadWarning, corpus_dir, printable_name, resolve_id
from feudcli.store.articles import stored_article
from feudcli.store.database import Entry, Prepared, Store, StoreUnavailable
from feudcli.store.scan import prepare_job, scan_files

if TYPE_CHECKING:
    from feudcli.search.engine import Hit, SearchResult

Progress = Callable[[int, int], None]  # (files done, files to read)
# Below this many files to read, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 400
# Files read and stored per transaction on a first run: memory stays bounded
# and another feudcli sees the index grow.
WRITE_BATCH = 1000


def open_corpus(path: str | os.PathLike | None = None, *, cache: bool = True, cache_dir: Path | None = None,
                progress: Progress | None = None) -> "Corpus":
    """Open the corpus at path (default: FEUDCLI_CORPUS, else the bundled
    seeds). cache=False keeps the index in memory for this session only."""
    root = corpus_dir(path)
    corpus = Corpus(root)
    corpus._open(cache, cache_dir, progress)
    return corpus


class Corpus:
    """The articles of one corpus directory and their index."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.warnings: list[LoadWarning] = []
        self.notes: list[str] = []  # what happened to the index (rebuilt, read-only …)
        self.store: Store | None = None
        # Files read this session that the index could not take, by relpath;
        # and the stored rows they replace or that are gone.
        self.overlay: dict[str, Prepared] = {}
        self.hidden_rows: set[int] = set()
        self.reread = 0
        self._articles: list[Article] | None = None
        self._by_id: dict[str, Article] | None = None

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    # -- opening ---------------------------------------------------------------

    def _open(self, cache: bool, cache_dir: Path | None, progress: Progress | None) -> None:
        from feudcli.store.location import index_path, private_directory

        files = scan_files(self.root, self.warnings)
        store = None
        if cache:
            path = index_path(self.root, cache_dir)
            private_directory(path.parent.parent)
            private_directory(path.parent)
            try:
                store = Store.open(path, self.root)
            except StoreUnavailable as error:
                self.notes.append(f"{error}; the index is kept in memory this time")
        if store is None:
            store = Store.open(None, self.root)
        self.store = store
        self.notes.extend(store.notes)
        self._sync(files, progress)
        self.warnings.extend(self._problems())

    def _problems(self) -> list[LoadWarning]:
        """One warning per file with problems (in path order), read from the
        store without loading the articles."""
        import json

        problems: dict[str, list[str]] = {}
        for relpath, found, identifier, base, owner in self.store.connection.execute(
                "SELECT relpath, problems, id, base_id, (SELECT relpath FROM docs AS first"
                " WHERE first.id = docs.base_id AND first.readable) FROM docs"
                " WHERE problems != '[]' OR (readable AND id != base_id)"):
            path = os.fsdecode(relpath)
            if self._is_hidden(path, None):
                continue
            listed = json.loads(found)
            if identifier != base and identifier is not None:
                owner_name = printable_name(os.fsdecode(owner)) if owner is not None else base
                listed.append(f"has the same id as {owner_name}, so its id is {identifier}")
            problems[printable_name(path)] = listed
        for item in self.overlay.values():
            if item.problems:
                problems[printable_name(item.relpath)] = list(item.problems)
        if self.overlay:
            self._load_articles(problems)
        return [LoadWarning(path, "; ".join(found)) for path, found in sorted(problems.items())]

    def _is_hidden(self, relpath: str, rowid: int | None) -> bool:
        return relpath in self.overlay or (rowid is not None and rowid in self.hidden_rows)

    def _sync(self, files: dict[str, tuple | None], progress: Progress | None) -> None:
        if self.store.unchanged(files):
            return  # the usual case: nothing changed since the last run
        stored = self.store.manifest()
        if stored is None:
            stored = {relpath: entry.key for relpath, entry in self.store.entries().items()}
        changed = [relpath for relpath, key in files.items() if key is None or stored.get(relpath) != key]
        gone = [relpath for relpath in stored if relpath not in files]
        # Rows of the files that changed or went: looked up by name, not all read.
        rowids = self.store.rowids([relpath for relpath in changed if relpath in stored] + gone)
        entries = {relpath: Entry(rowid, relpath, stored[relpath]) for relpath, rowid in rowids.items()}
        removed = [entries[relpath] for relpath in gone if relpath in entries]
        self.reread = len(changed)
        if not changed and not removed:
            self.store.write([], [], files)  # the digest, so the next run takes the quick way
            return
        if progress is not None and changed:
            progress(0, len(changed))
        done = 0
        pending_removed: list[Entry] = removed
        batches = self._prepared_batches(changed, files)
        for batch, last in _with_last(batches):
            manifest = files if last else None
            if not self.overlay and self.store.write(pending_removed, batch, manifest):
                pending_removed = []
            else:
                # The index cannot take them now: they are searched directly.
                for item in batch:
                    self.overlay[item.relpath] = item
                    if item.relpath in entries:
                        self.hidden_rows.add(entries[item.relpath].rowid)
            done += len(batch)
            if progress is not None:
                progress(done, len(changed))
        if pending_removed:
            self.hidden_rows.update(entry.rowid for entry in pending_removed)
        if self.overlay and self.store.path is not None:
            self.notes.append(f"the index {self.store.path} could not be updated (read-only, or another feudcli "
                              f"is writing it); {len(self.overlay)} changed file(s) were searched directly")

    def _prepared_batches(self, relpaths: list[str], files: dict[str, tuple | None]):
        jobs = [(self.root, relpath, files[relpath]) for relpath in relpaths]
        if len(jobs) < PARALLEL_MIN_FILES:
            for start in range(0, len(jobs), WRITE_BATCH):
                yield [prepare_job(job) for job in jobs[start:start + WRITE_BATCH]]
            return
        from feudcli.workers import cpu_count, process_map

        batch: list[Prepared] = []
        for item in process_map(prepare_job, jobs, cpu_count(), chunksize=32):
            batch.append(item)
            if len(batch) >= WRITE_BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    # -- articles --------------------------------------------------------------

    @property
    def articles(self) -> list[Article]:
        """Every readable article, in path order; problems are in .warnings."""
        if self._articles is None:
            self._load_articles()
        return self._articles

    def _load_articles(self, problems: dict[str, list[str]] | None = None) -> None:
        """The articles from the store's rows and the files read this
        session; ids of files read this session that clash with others are
        renamed here (and `problems` told), as the store does for its rows."""
        articles: list[Article] = []
        for row in self.store.rows("WHERE readable"):
            if not self._is_hidden(row[1], row[0]):
                articles.append(stored_article(row, self.root))
        if self.overlay:
            articles += [item.article for item in self.overlay.values() if item.article is not None]
            articles.sort(key=lambda article: os.fsencode(article.path))
            _rename_colliding(articles, problems if problems is not None else {})
        self._articles = articles
        self._by_id = {article.id: article for article in articles}

    def is_empty(self) -> bool:
        """No article file at all under the root (not even a bad one)."""
        return not self.warnings and not self.overlay and \
            self.store.connection.execute("SELECT 1 FROM docs LIMIT 1").fetchone() is None

    def resolve(self, query: str) -> Article:
        """An article by id, unique id prefix, unique id suffix, unique
        file-name prefix in a folder, or path (relative to the corpus, or a
        path to one of its files from here: what tab completion gives).
        Raises CorpusError."""
        by_path = self._by_path(query)
        if by_path is not None:
            return by_path
        if self._articles is None and not self.overlay:
            # An exact id is one row: no need to read every article's.
            rows = list(self.store.rows("WHERE readable AND id = ?", (query,)))
            if len(rows) == 1 and rows[0][0] not in self.hidden_rows:
                return stored_article(rows[0], self.root)
        self.articles  # noqa: B018  (loads them)
        return resolve_id(query, self._by_id, self.articles, self.root)

    def _by_path(self, query: str) -> Article | None:
        if "/" not in query and not query.lower().endswith(ARTICLE_SUFFIXES):
            return None
        wanted = {query.replace(os.sep, "/")}
        try:
            inside = Path(query).resolve().relative_to(self.root.resolve())
            wanted.add(inside.as_posix())
        except (ValueError, OSError):
            pass
        return next((article for article in self.articles if article.path in wanted), None)

    # -- searching -------------------------------------------------------------

    def search(self, query, *, selection=None, where: str = "all", limit: int = 0,
               details: bool = True) -> SearchResult:
        """The articles a query matches, best first. `query`: the query
        language as one string ('马斯克 -特朗普', '"Sam Altman"') or a parsed
        feudcli.search.query.Query (with aliases, a regex); `selection`: an
        ArticleFilter; `where`: all, title or body; `limit`: at most this
        many hits (0: all). With `details`, the hits carry their article and
        their match counts; without, ids and scores only (cheaper: what
        `search -l` needs)."""
        from feudcli.search import engine as index
        from feudcli.search.engine import SearchResult
        from feudcli.search.query import parse_query

        if isinstance(query, str):
            query = parse_query([query])
        if self.overlay or self.hidden_rows or index.needs_scan(query):
            hits = self._scan_search(query, selection, where)
        else:
            try:
                hits = index.fulltext_search(self.store.connection, query, selection, where)
            except sqlite3.DatabaseError as error:
                # A damaged index must not cost the answer: the scan gives it.
                self.notes.append(f"the index could not be searched ({error}); the articles were scanned instead; "
                                  "`feudcli cache clear` rebuilds it")
                hits = self._scan_search(query, selection, where)
        result = SearchResult(query, hits[:limit] if limit else hits, len(hits))
        if details:
            self.attach(result.hits)
            self.count(result.hits, query, where)
        return result

    def _scan_search(self, query, selection, where: str) -> list[Hit]:
        from feudcli.search import engine as index

        documents = index.stored_documents(self.store, self.hidden_rows)
        documents += [index.Document.of_prepared(item, rowid=-number - 1)
                      for number, item in enumerate(self.overlay.values()) if item.article is not None]
        if selection is not None:
            allowed = {id(article) for article in selection.apply(self.articles)}
            by_path = {article.path: article for article in self.articles}
            documents = [doc for doc in documents if id(by_path.get(doc.relpath)) in allowed]
        return index.ScanIndex(documents).search(query, where)

    def attach(self, hits: Iterable[Hit]) -> None:
        """Fill in the article of each hit (read from the store for these
        rows only: a search prints 20 hits of 100,000 articles)."""
        wanted = [hit for hit in hits if hit.article is None]
        if not wanted:
            return
        if self._articles is not None or self.overlay:
            by_rowid = {getattr(article, "rowid", None): article for article in self.articles}
            for hit in wanted:
                hit.article = by_rowid.get(hit.rowid) or self._by_id.get(hit.id)
            return
        by_rowid = {}
        rowids = [hit.rowid for hit in wanted]
        for start in range(0, len(rowids), 500):
            chunk = rowids[start:start + 500]
            for row in self.store.rows(f"WHERE rowid IN ({', '.join('?' * len(chunk))})", tuple(chunk)):
                by_rowid[row[0]] = stored_article(row, self.root)
        for hit in wanted:
            hit.article = by_rowid.get(hit.rowid)

    def count(self, hits: Sequence[Hit], query, where: str = "all") -> None:
        """Fill in the matches of each hit in its title and body: the places
        the query's terms match, each place once however many spellings
        match it."""
        from feudcli.search.engine import count_matches, scope
        from feudcli.store.fulltext import varieties_of

        use_title, use_body = scope(where)
        wanted = [hit for hit in hits if hit.title_matches is None]
        texts = self.store.texts(hit.rowid for hit in wanted if hit.rowid >= 0)
        overlay = {-number - 1: (item.zone, item.title_text, item.body_text)
                   for number, item in enumerate(self.overlay.values()) if item.article is not None}
        for hit in wanted:
            zone, title, body = texts.get(hit.rowid) or overlay.get(hit.rowid, ("other", "", ""))
            found_in = varieties_of(zone)
            hit.title_matches = count_matches(query, title, found_in) if use_title else 0
            hit.body_matches = count_matches(query, body, found_in) if use_body else 0

    # -- derived results --------------------------------------------------------

    def derive(self, kind: str, stamp: str, articles: Sequence[Article], compute: Callable,
               each: Callable[[list], Iterable] = iter) -> list:
        """compute(article) for each article, kept in the index under
        (kind, stamp) so a later session reads it instead; `each` wraps
        the articles that must be computed (a progress bar). compute's
        result must be JSON data."""
        from feudcli.store import derived
        from feudcli.workers import compute_all

        rowids = [getattr(article, "rowid", None) for article in articles]
        known = derived.load(self.store, kind, stamp)
        missing = [article for article, rowid in zip(articles, rowids) if rowid is None or rowid not in known]
        fresh = dict(zip((id(article) for article in missing), compute_all(missing, compute, each)))
        derived.keep(self.store, kind, stamp, {rowid: fresh[id(article)] for article, rowid in zip(articles, rowids)
                                              if id(article) in fresh and rowid is not None})
        return [fresh[id(article)] if id(article) in fresh else known[rowid]
                for article, rowid in zip(articles, rowids)]


def _with_last(items: Iterable) -> Iterator[tuple[object, bool]]:
    """(item, whether it is the last one); one item at least (an empty list
    when there is nothing), so a removal alone is written too."""
    iterator = iter(items)
    try:
        current = next(iterator)
    except StopIteration:
        yield [], True
        return
    for following in iterator:
        yield current, False
        current = following
    yield current, True


def _rename_colliding(articles: list[Article], problems: dict[str, list[str]]) -> None:
    """Two files may have one id (a.md and a.txt): the first in path order
    keeps it, the others take their path (numbered when that is an id
    too), and the file says so. The store has already renamed its own
    rows; files read this session are renamed here alike."""
    from feudcli.corpus import id_for

    owner: dict[str, str] = {}
    for article in articles:
        base = id_for(printable_name(article.path))
        shown = printable_name(article.path)
        if article.id == base and base in owner:
            new_id, number = shown, 2
            while new_id in owner:
                new_id, number = f"{shown}~{number}", number + 1
            article.id = new_id
        if article.id != base:
            problems.setdefault(shown, []).append(
                f"has the same id as {owner.get(base, base)}, so its id is {article.id}")
        owner.setdefault(article.id, shown)


__all__ = ["Corpus", "open_corpus"]
