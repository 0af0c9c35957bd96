"""The full-text index: SQLite's FTS5, fed with feudcli's own tokens.

Why FTS5 (the measurements are in BENCHMARKS.md): its ranking function,
bm25(), is documented to the formula, so a pure-Python reference
(`bm25_score` below, used by the scan in feudcli.search.engine) computes exactly the
scores the index computes, and the property test compares ids, order and
counts; the index, the article rows and the derived results live in one
SQLite file that changes in one transaction, so a reader always sees a
consistent state (WAL: readers are never blocked by the writer); and it is
in the standard library.

FTS5 cannot take a tokenizer written in Python, so the text is tokenised
here and handed over as tokens joined by single spaces; the unicode61
tokenizer is told that every non-space character is part of a token, so it
splits at exactly those spaces and nowhere else. Tokens (see
feudcli.search.query's docstring for what they mean to a user): a word of letters,
digits and `_`; each Han, kana or hangul character; each other non-space
character; and "\\n" for a paragraph break, which no phrase crosses because
no query holds it.

The title and the body each have one column per zone: the articles
whose regional words are Mainland ones (hans), Taiwan/Hong Kong ones
(hant), both (a Simplified text tagged zh-TW) or neither (feudcli.search.query.
varieties). A regional word restricted to the articles of its region is
then a column filter (`{title_hant title_both body_hant body_both} :
"资 料"`), which bm25() scores like any phrase.
"""

from __future__ import annotations

import math
import re
import sqlite3
from functools import lru_cache
from typing import Iterable, Sequence

from feudcli.text.tokens import TOKEN_PATTERN

# Bump when tokens change: an index built with other tokens is rebuilt.
TOKENS_VERSION = 1

# The tokens of feudcli.text.searchable (its TOKEN_PATTERN), and the paragraph
# break as a token of its own.
TOKEN = f"{TOKEN_PATTERN}|\n"
PARAGRAPH = "\n"

TITLE_WEIGHT = 5.0
BODY_WEIGHT = 1.0
K1 = 1.2
B = 0.75

ZONES = ("hans", "hant", "both", "other")
TITLE_COLUMNS = tuple(f"title_{zone}" for zone in ZONES)
BODY_COLUMNS = tuple(f"body_{zone}" for zone in ZONES)
COLUMNS = TITLE_COLUMNS + BODY_COLUMNS
WEIGHTS = (TITLE_WEIGHT,) * len(ZONES) + (BODY_WEIGHT,) * len(ZONES)

# Every non-space character is a token character; remove_diacritics 0: the
# fold has decided what is equal already.
_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* M* P* S* Co Cn Cc Cf'"
SCHEMA = (
    f"CREATE VIRTUAL TABLE fulltext USING fts5({', '.join(COLUMNS)}, content='', tokenize=\"{_TOKENIZE}\")",
)


def zone_for(varieties: frozenset[str]) -> str:
    """The zone of an article from its varieties (feudcli.search.query.varieties:
    where regional words keep their meaning)."""
    if {"hans", "hant"} <= varieties:
        return "both"
    return next(iter(varieties)) if varieties else "other"


def varieties_of(zone: str) -> frozenset[str]:
    return _VARIETIES[zone]


_VARIETIES = {"hans": frozenset({"hans"}), "hant": frozenset({"hant"}), "both": frozenset({"hans", "hant"}),
              "other": frozenset()}


@lru_cache(maxsize=1)
def _token() -> re.Pattern:
    # Compiled when first needed: `list` opens the index but reads no text.
    return re.compile(TOKEN)


def tokens(text: str) -> list[str]:
    """The tokens of searchable text (feudcli.text.searchable.searchable_text)."""
    return _token().findall(text)


def _storable(token_text: str) -> str:
    # SQLite keeps text as UTF-8: a lone surrogate (a file name's bad byte
    # that reached a title) cannot be stored; it can never be searched for.
    try:
        token_text.encode("utf-8")
        return token_text
    except UnicodeEncodeError:
        return token_text.encode("utf-8", "replace").decode("utf-8")


def index_row(zone: str, title_tokens: str, body_tokens: str) -> tuple:
    """The values of the index's columns for one article, from its tokens
    joined by spaces."""
    values = [""] * len(COLUMNS)
    at = ZONES.index(zone)
    values[at] = _storable(title_tokens)
    values[len(ZONES) + at] = _storable(body_tokens)
    return tuple(values)


_MARKS = ", ".join("?" * len(COLUMNS))


def add(connection: sqlite3.Connection, rowid: int, row: tuple) -> None:
    connection.execute(f"INSERT INTO fulltext(rowid, {', '.join(COLUMNS)}) VALUES (?, {_MARKS})", (rowid, *row))


def remove(connection: sqlite3.Connection, rowid: int, row: tuple) -> None:
    """A contentless table forgets a row only when told the exact values it
    was given (the caller keeps them)."""
    connection.execute(f"INSERT INTO fulltext(fulltext, rowid, {', '.join(COLUMNS)}) "
                       f"VALUES ('delete', ?, {_MARKS})", (rowid, *row))


# -- queries ---------------------------------------------------------------

def phrase(words: Sequence[str], prefix: bool = False) -> str:
    """An FTS5 phrase: the tokens at consecutive positions, the last one a
    prefix when asked."""
    text = '"' + " ".join(word.replace('"', '""') for word in words) + '"'
    return text + " *" if prefix else text


def columns(where: str, zone: str | None = None) -> tuple[str, ...]:
    """The index columns a phrase is looked for in: --in title|body|all,
    and a zone for a regional word."""
    zones = ZONES if zone is None else (zone, "both")
    chosen = []
    if where in ("all", "title"):
        chosen += [f"title_{name}" for name in zones]
    if where in ("all", "body"):
        chosen += [f"body_{name}" for name in zones]
    return tuple(chosen)


class Phrase:
    """One alternative of a query group as the index sees it: tokens at
    consecutive positions, the last one perhaps a prefix, perhaps only in
    the articles of one zone."""

    def __init__(self, words: Sequence[str], prefix: bool = False, zone: str | None = None):
        self.words = tuple(words)
        self.prefix = prefix
        self.zone = zone

    def expression(self, where: str) -> str:
        return "{" + " ".join(columns(where, self.zone)) + "} : " + phrase(self.words, self.prefix)


def match_expression(groups: Iterable[Sequence[Phrase]], where: str) -> str:
    """The MATCH text of an AND of groups, each an OR of phrases."""
    def group(alternatives: Sequence[Phrase]) -> str:
        return "(" + " OR ".join(alternative.expression(where) for alternative in alternatives) + ")"

    return " AND ".join(group(alternatives) for alternatives in groups)


def exclusion_expression(groups: Sequence[Sequence[Phrase]]) -> str | None:
    """The MATCH text of the articles to leave out: any excluded phrase, in
    title or body whatever --in says. It is a query of its own, not a NOT
    inside the ranked one: FTS5 then reports fewer instances of the ranked
    phrases for some rows a restricted exclusion does not remove (found
    by the property test), and bm25() gives them a lower score."""
    if not groups:
        return None
    return " OR ".join(match_expression([alternatives], "all") for alternatives in groups)


RANK = f"bm25(fulltext, {', '.join(str(weight) for weight in WEIGHTS)})"


# -- the ranking function, as SQLite documents and computes it --------------

def bm25_score(frequencies: Sequence[float], hits: Sequence[int], rows: int, total_tokens: int,
               row_tokens: int) -> float:
    """FTS5's bm25() (sqlite.org/fts5.html, "The bm25() function"), in the
    same order of floating-point operations, so the scan's scores equal
    the index's to the last bit. frequencies[i]: the weighted number of
    instances of phrase i in the row (5 per title instance, 1 per body
    instance); hits[i]: rows with phrase i; rows, total_tokens: of the whole
    index; row_tokens: tokens of this row in every column. Returns the
    score the index orders by (more negative is better)."""
    average = float(total_tokens) / float(rows)
    score = 0.0
    for frequency, hit in zip(frequencies, hits):
        idf = math.log((rows - hit + 0.5) / (hit + 0.5))
        if idf <= 0.0:
            idf = 1e-6
        score += idf * ((frequency * (K1 + 1.0)) / (frequency + K1 * (1 - B + B * row_tokens / average)))
    return -1.0 * score
