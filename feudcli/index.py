"""The in-memory search index: each article's searchable title and body
(feudcli.textnorm), computed once, and BM25 ranking over them.

Each group of the query is counted in every candidate document with the
matchers of feudcli.query (whose docstring is the matching semantics); a
document that lacks a term's longest token is passed over without decoding
its text.
"""

from __future__ import annotations

import math
from operator import attrgetter
from dataclasses import dataclass
from typing import Iterable, Sequence

from feudcli.corpus import Article
from feudcli.query import Query, found_in_of, varieties

# BM25 parameters (the usual defaults) and the weight of a title match
# relative to a body match (BM25F-style: title counts are multiplied).
K1 = 1.2
B = 0.75
TITLE_WEIGHT = 5.0
from feudcli.choices import WHERE  # noqa: F401  (re-exported)


def searchable(article: Article) -> tuple[bytes, bytes, str]:
    """(searchable title, searchable body, varieties): the texts as UTF-8,
    the varieties (feudcli.query.varieties) as a space-separated string."""
    from feudcli.textnorm import searchable_text

    return (searchable_text(article.title, markup=False).encode(), searchable_text(article.body).encode(),
            " ".join(sorted(varieties(article.script, article.lang))))


@dataclass
class Document:
    article: Article
    title: bytes  # searchable title, UTF-8
    body: bytes  # searchable body, UTF-8
    found_in: frozenset = frozenset()  # its varieties: where regional words apply

    @classmethod
    def of(cls, article: Article) -> "Document":
        return cls.prepared(article, searchable(article))

    @classmethod
    def prepared(cls, article: Article, texts: tuple) -> "Document":
        title, body, found_in = texts
        return cls(article, title, body, found_in_of(found_in))


@dataclass
class Hit:
    id: str
    date: str | None
    score: float
    matches: int  # matches of the query's terms, title and body
    title_matches: int
    body_matches: int
    article: Article | None = None  # the cache's fast path fills it only for what is shown


class SearchIndex:
    def __init__(self, documents: Sequence[Document]):
        self.documents = list(documents)
        lengths = [len(doc.body) + len(doc.title) for doc in self.documents]
        self.average_length = (sum(lengths) / len(lengths)) if lengths else 1.0

    @classmethod
    def from_articles(cls, articles: Iterable[Article], texts: dict | None = None) -> "SearchIndex":
        """texts: relpath -> (title, body) already prepared (the cache's)."""
        texts = texts or {}
        documents = []
        for article in articles:
            prepared = texts.get(article.path)
            documents.append(Document.prepared(article, prepared) if prepared else Document.of(article))
        return cls(documents)

    def search(self, query: Query, where: str = "all", allowed: set[str] | None = None) -> list[Hit]:
        """Hits for the query, best first (ties: newer date first, then id)."""
        use_title, use_body = scope(where)
        documents = self.documents
        if allowed is not None:
            documents = [doc for doc in documents if doc.article.id in allowed]

        candidates = documents
        counts: list[list[tuple[int, int]]] = [[] for _ in candidates]
        for group in query.required:
            kept, kept_counts = [], []
            for doc, previous in zip(candidates, counts):
                in_title = group.count(doc.title, doc.found_in) if use_title else 0
                in_body = group.count(doc.body, doc.found_in) if use_body else 0
                if in_title or in_body:
                    kept.append(doc)
                    kept_counts.append(previous + [(in_title, in_body)])
            candidates, counts = kept, kept_counts
            if not candidates:
                return []
        for group in query.excluded:
            keep = [not (group.count(doc.title, doc.found_in) or group.count(doc.body, doc.found_in))
                    for doc in candidates]
            candidates = [doc for doc, ok in zip(candidates, keep) if ok]
            counts = [c for c, ok in zip(counts, keep) if ok]

        entries = [(doc.article.id, doc.article.date, len(doc.body) + len(doc.title), per_group, doc.article)
                   for doc, per_group in zip(candidates, counts)]
        return rank(entries, len(query.required), len(self.documents), self.average_length)


def scope(where: str) -> tuple[bool, bool]:
    """(count title matches, count body matches) for --in."""
    if where not in WHERE:
        raise ValueError(f"where must be one of {WHERE}")
    return where in ("all", "title"), where in ("all", "body")


def rank(entries, groups: int, total: int, average_length: float) -> list[Hit]:
    """BM25 over matching documents. entries: (id, date, length, [(title
    count, body count) per required group], article or None)."""
    document_frequency = [0] * groups
    for _, _, _, per_group, _ in entries:
        for position, (in_title, in_body) in enumerate(per_group):
            if in_title or in_body:
                document_frequency[position] += 1
    idf = [math.log(1 + (total - df + 0.5) / (df + 0.5)) for df in document_frequency]
    hits = []
    append = hits.append
    base, slope = K1 * (1 - B), K1 * B / average_length
    if groups == 1:  # the common case, without the inner loop
        weight = idf[0] * (K1 + 1)
        for identifier, date, length, ((in_title, in_body),), article in entries:
            frequency = TITLE_WEIGHT * in_title + in_body
            score = weight * frequency / (frequency + base + slope * length)
            append(Hit(identifier, date, round(score, 4), in_title + in_body, in_title, in_body, article))
        entries = ()
    for identifier, date, length, per_group, article in entries:
        norm = base + slope * length
        score = 0.0
        title_matches = body_matches = 0
        for weight, (in_title, in_body) in zip(idf, per_group):
            frequency = TITLE_WEIGHT * in_title + in_body
            score += weight * frequency * (K1 + 1) / (frequency + norm)
            title_matches += in_title
            body_matches += in_body
        append(Hit(identifier, date, round(score, 4), title_matches + body_matches,
                   title_matches, body_matches, article))
    # Stable sorts (keys read in C), last key first: score, then newer date
    # with undated last, then id.
    hits.sort(key=_ID)
    dated = [hit for hit in hits if hit.date]
    dated.sort(key=_DATE, reverse=True)
    hits = dated + [hit for hit in hits if not hit.date]
    hits.sort(key=_SCORE, reverse=True)
    return hits


_ID, _DATE, _SCORE = attrgetter("id"), attrgetter("date"), attrgetter("score")
