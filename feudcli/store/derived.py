"""What commands derive from each article (its timeline, its entity
counts), kept beside its row under a stamp naming how it was derived: a
value is current exactly when its stamp is the one asked for, and a row
read again loses its values (feudcli.store.database forgets them)."""

from __future__ import annotations

import json
import sqlite3

from feudcli.store.articles import json_default


def load(store, kind: str, stamp: str) -> dict[int, object]:
    """rowid -> value kept for this kind under this stamp."""
    try:
        return {rowid: json.loads(value) for rowid, value in store.connection.execute(
            "SELECT doc, value FROM derived WHERE kind = ? AND stamp = ?", (kind, stamp))}
    except (sqlite3.Error, ValueError):
        return {}


def keep(store, kind: str, stamp: str, values: dict[int, object]) -> None:
    """Best effort: a busy or read-only store only means computing again."""
    if not values or not store.writable:
        return
    connection = store.connection
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany("INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?)", [
            (rowid, kind, stamp, json.dumps(value, ensure_ascii=False, default=json_default))
            for rowid, value in values.items()])
        connection.execute("COMMIT")
    except sqlite3.Error:
        try:
            connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass
