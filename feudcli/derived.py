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


def per_article(cache, kind: str, stamp_: str, articles: list, compute: Callable,
                each: Callable[[list], Iterable] = iter) -> list:
    """compute(article) for every article, from the cache where it holds the
    value; `each` wraps the articles that must be computed (a progress bar)."""
    if cache is None:
        return [compute(article) for article in each(articles)]
    known = load(cache, kind, stamp_)
    missing = [article for article in articles if article.path not in known]
    fresh = {article.path: compute(article) for article in each(missing)}
    keep(cache, kind, stamp_, fresh)
    return [fresh[article.path] if article.path in fresh else known[article.path] for article in articles]
