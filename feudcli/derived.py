"""Results derived from one article (its timeline, its entity counts), kept
in the corpus's cache so a warm `timeline` or `entities` reads them instead
of extracting them again.

Each value is stored with a stamp naming how it was derived (the kind of
result, feudcli's version, the alias table's fingerprint); the cache deletes
a file's values when it reads the file again, so a value is current exactly
when its stamp is the one asked for.
"""

from __future__ import annotations

import pickle
import sqlite3
from typing import Callable, Iterable

from feudcli import __version__


def stamp(kind: str, *parts: str) -> str:
    return "/".join((kind, __version__, *parts))


def load(cache, kind: str, stamp_: str) -> dict:
    """relpath -> value kept under this kind and stamp."""
    connection = cache._connect()
    if connection is None:
        return {}
    try:
        return {relpath: pickle.loads(value) for relpath, value in connection.execute(
            "SELECT relpath, value FROM derived WHERE kind = ? AND stamp = ?", (kind, stamp_))}
    except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return {}
    finally:
        connection.close()


def keep(cache, kind: str, stamp_: str, values: dict) -> None:
    """Best effort: a busy or read-only cache only means computing again."""
    from feudcli.corpus import printable_name

    # A file name that is not UTF-8 cannot be a key in the cache: its value
    # is computed again each run.
    values = {relpath: value for relpath, value in values.items() if printable_name(relpath) == relpath}
    if not values:
        return
    connection = cache._connect()
    if connection is None:
        return
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?)",
            [(relpath, kind, stamp_, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
             for relpath, value in values.items()])
        connection.execute("COMMIT")
    except sqlite3.Error:
        pass
    finally:
        connection.close()


# Below this many articles, starting worker processes costs more than it saves.
PARALLEL_MIN = 200


def compute_all(articles: list, compute: Callable, each: Callable[[list], Iterable] = iter) -> list:
    """[compute(article) …], on all cores when there are many articles.
    Workers are forked, so `compute` may be any function (a closure over an
    alias table, say) without being pickled."""
    from feudcli.workers import can_fork, cpu_count, process_map

    workers = cpu_count()
    if len(articles) < PARALLEL_MIN or workers < 2 or not can_fork():
        return [compute(article) for article in each(articles)]
    results = process_map(compute, articles, workers, chunksize=len(articles) // (workers * 8))
    return [result for result, _ in zip(results, each(articles))]


def per_article(cache, kind: str, stamp_: str, articles: list, compute: Callable,
                each: Callable[[list], Iterable] = iter) -> list:
    """compute(article) for every article, from the cache where it holds the
    value; `each` wraps the articles that must be computed (a progress bar)."""
    if cache is None:
        return compute_all(articles, compute, each)
    known = load(cache, kind, stamp_)
    missing = [article for article in articles if article.path not in known]
    fresh = dict(zip((article.path for article in missing), compute_all(missing, compute, each)))
    keep(cache, kind, stamp_, fresh)
    return [fresh[article.path] if article.path in fresh else known[article.path] for article in articles]
