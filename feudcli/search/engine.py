"""Searching: a query run on the full-text index, and the same query run by
a plain scan of the searchable text, which gives exactly the same answers.

The index (feudcli.store.fulltext) serves every search without a regular
expression. The scan is the reference the tests hold the index to (same
ids, same order, same scores, same counts); it also serves --regex, and the
files the index could not take this session (a read-only or busy index).

Ranking is FTS5's bm25() with a title match weighing five body matches:
the scan computes it with fulltext.bm25_score, from the same numbers.
Ties go to the newer article (undated last), then to the id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from feudcli.store import fulltext
from feudcli.store.fulltext import Phrase


@dataclass
class Hit:
    rowid: int
    id: str
    date: str | None
    score: float  # higher is better
    article: object | None = None  # feudcli.corpus.Article, once attached
    title_matches: int | None = None  # filled by Corpus.count
    body_matches: int | None = None

    @property
    def matches(self) -> int | None:
        if self.title_matches is None:
            return None
        return self.title_matches + self.body_matches


@dataclass
class SearchResult:
    query: object  # the feudcli.search.query.Query that was run
    hits: list[Hit] = field(default_factory=list)  # best first (at most `limit`)
    total: int = 0  # how many articles match


def scope(where: str) -> tuple[bool, bool]:
    """(title counts, body counts) for --in."""
    if where not in ("all", "title", "body"):
        raise ValueError(f"where must be one of all, title, body, not {where!r}")
    return where in ("all", "title"), where in ("all", "body")


# -- a query as the index sees it ------------------------------------------

def alternative(matcher) -> Phrase | re.Pattern:
    """One alternative of a group: a phrase of tokens, or the user's
    regular expression (which only the scan can run)."""
    if getattr(matcher, "user_regex", False):
        return matcher.regex
    return Phrase(matcher.tokens, matcher.prefix, matcher.script)


def groups(query) -> tuple[list[list], list[list]]:
    required = [[alternative(matcher) for matcher in group.alternatives] for group in query.required]
    excluded = [[alternative(matcher) for matcher in group.alternatives] for group in query.excluded]
    return required, excluded


def needs_scan(query) -> bool:
    required, excluded = groups(query)
    return any(not isinstance(item, Phrase) for group in required + excluded for item in group)


# -- the index -----------------------------------------------------------------

def fulltext_search(connection, query, selection=None, where: str = "all") -> list:
    """Hits of the query from the index, best first, filtered in SQL."""
    required, excluded = groups(query)
    expression = fulltext.match_expression(required, where)
    conditions, parameters = _filter_sql(connection, selection)
    exclusion = fulltext.exclusion_expression(excluded)
    if exclusion is not None:
        conditions += " AND fulltext.rowid NOT IN (SELECT rowid FROM fulltext WHERE fulltext MATCH ?)"
        parameters.append(exclusion)
    rows = connection.execute(
        f"SELECT docs.rowid, docs.id, docs.date, {fulltext.RANK} AS rank FROM fulltext"
        f" JOIN docs ON docs.rowid = fulltext.rowid"
        f" WHERE fulltext MATCH ?{conditions}"
        f" ORDER BY rank, docs.date IS NULL, docs.date DESC, docs.id",
        (expression, *parameters))
    return [Hit(rowid, identifier, date, -rank) for rowid, identifier, date, rank in rows]


def _filter_sql(connection, selection) -> tuple[str, list]:
    if selection is None:
        return "", []
    conditions, parameters = [], []
    if selection.script:
        conditions.append("docs.script = ?")
        parameters.append(selection.script)
    if selection.lang:
        from feudcli.search.filters import lang_matches

        connection.create_function("lang_matches", 2, lang_matches, deterministic=True)
        conditions.append("lang_matches(?, docs.lang)")
        parameters.append(selection.lang)
    if selection.tag:
        from feudcli.text.script import fold

        conditions.append("docs.rowid IN (SELECT doc FROM tags WHERE tag = ?)")
        parameters.append(fold(selection.tag))
    for bound, operator in ((selection.since, ">="), (selection.until, "<=")):
        if bound:
            conditions.append(f"docs.date IS NOT NULL AND substr(docs.date, 1, {len(bound)}) {operator} ?")
            parameters.append(bound)
    return "".join(f" AND {condition}" for condition in conditions), parameters


# -- the scan ------------------------------------------------------------------

@dataclass
class Document:
    rowid: int
    id: str
    date: str | None
    relpath: str
    zone: str
    title: str  # normalised folded title
    body: str  # normalised folded searchable body
    _tokens: tuple | None = field(default=None, repr=False)

    def tokens(self) -> tuple[list[str], list[str]]:
        if self._tokens is None:
            self._tokens = (fulltext.tokens(self.title), fulltext.tokens(self.body))
        return self._tokens

    @classmethod
    def of_prepared(cls, item, rowid: int) -> "Document":
        return cls(rowid, item.article.id, item.article.date, item.relpath, item.zone, item.title_text,
                   item.body_text, (item.title_tokens.split(" ") if item.title_tokens else [],
                                    item.body_tokens.split(" ") if item.body_tokens else []))


def stored_documents(store, hidden: set[int]) -> list[Document]:
    """The stored searchable text of every readable article."""
    identities = {rowid: (identifier, date, relpath) for rowid, relpath, _, readable, _, identifier, _, date, *_
                  in store.rows("WHERE readable") if readable}
    return [Document(rowid, *identities[rowid], zone, title, body)
            for rowid, zone, _, title, body in store.all_texts()
            if rowid not in hidden and rowid in identities]


def _instances(words: Sequence[str], prefix: bool, tokens: Sequence[str]) -> int:
    """Positions where the words start, in order, at consecutive tokens
    (the last one only as a prefix when asked): FTS5's phrase instances."""
    size = len(words)
    if not size or size > len(tokens):
        return 0
    first, last = words[0], words[-1]
    found = 0
    for start in range(len(tokens) - size + 1):
        if tokens[start] != first and not (size == 1 and prefix and tokens[start].startswith(first)):
            continue
        if all(tokens[start + offset] == words[offset] for offset in range(1, size - 1)) and (
                size == 1 or tokens[start + size - 1] == last
                or (prefix and tokens[start + size - 1].startswith(last))):
            found += 1
    return found


def _regex_instances(regex: re.Pattern, text: str) -> int:
    return sum(1 for match in regex.finditer(text) if match.end() > match.start())


class ScanIndex:
    """The reference: every document's text searched in Python."""

    def __init__(self, documents: Sequence[Document]):
        self.documents = list(documents)

    def _frequencies(self, document: Document, alternatives, where: str) -> list[tuple[float, bool]]:
        """(weighted instances, found) of each alternative in this document."""
        use_title, use_body = scope(where)
        title_tokens, body_tokens = document.tokens()
        found = []
        for item in alternatives:
            if isinstance(item, Phrase):
                if item.zone is not None and item.zone not in fulltext.varieties_of(document.zone):
                    found.append((0.0, False))
                    continue
                in_title = _instances(item.words, item.prefix, title_tokens) if use_title else 0
                in_body = _instances(item.words, item.prefix, body_tokens) if use_body else 0
            else:
                in_title = _regex_instances(item, document.title) if use_title else 0
                in_body = _regex_instances(item, document.body) if use_body else 0
            found.append((fulltext.TITLE_WEIGHT * in_title + fulltext.BODY_WEIGHT * in_body,
                          bool(in_title or in_body)))
        return found

    def search(self, query, where: str = "all") -> list:
        required, excluded = groups(query)
        phrases = [item for group in required for item in group]
        excluded_items = [item for group in excluded for item in group]
        documents = self.documents
        rows = len(documents)
        if not rows:
            return []
        total_tokens = sum(len(doc.tokens()[0]) + len(doc.tokens()[1]) for doc in documents)
        per_document = [self._frequencies(doc, phrases, where) for doc in documents]
        hits_per_phrase = [sum(1 for found in per_document if found[number][1]) for number in range(len(phrases))]
        excluded_hits = []
        for doc in documents:
            excluded_hits.append(any(hit for _, hit in self._frequencies(doc, excluded_items, "all")))
        results = []
        for doc, found, is_excluded in zip(documents, per_document, excluded_hits):
            if is_excluded:
                continue
            position, matched = 0, True
            for group in required:
                if not any(hit for _, hit in found[position:position + len(group)]):
                    matched = False
                    break
                position += len(group)
            if not matched:
                continue
            title_tokens, body_tokens = doc.tokens()
            score = fulltext.bm25_score([frequency for frequency, _ in found], hits_per_phrase, rows,
                                        total_tokens, len(title_tokens) + len(body_tokens))
            results.append((score, doc))
        results.sort(key=lambda pair: pair[1].id)
        results.sort(key=lambda pair: pair[1].date or "", reverse=True)
        results.sort(key=lambda pair: (pair[0], pair[1].date is None))
        return [Hit(doc.rowid, doc.id, doc.date, -score) for score, doc in results]


# -- counting matches ------------------------------------------------------------

def count_matches(query, text: str, found_in: frozenset[str]) -> int:
    """Matches of the query's terms in one field's searchable text of an
    article of these varieties: per group, each place once however many
    spellings match it (feudcli.search.query.Group.count)."""
    return sum(group.count(text, found_in) for group in query.required)
