"""The query language: terms (AND), `A OR B`, `-term` / `NOT term`,
"quoted phrases", and a regular expression; compiled to matchers that run
on the normalised folded text (feudcli.textnorm).

Every term is normalised exactly like the documents, so 馬斯克, 马斯克 and
ＭＡＳＫ all meet the corpus in the same form.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from feudcli.script import fold
from feudcli.textnorm import normalize

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64


class QueryError(ValueError):
    """A query that cannot be run (exit status 2)."""


class Matcher:
    """Finds one term in normalised text (str, or the index's UTF-8 bytes)."""

    label: str

    def spans(self, text: str) -> list[tuple[int, int]]:
        raise NotImplementedError

    def count(self, text: str | bytes) -> int:
        if isinstance(text, bytes):
            text = text.decode()
        return len(self.spans(text))


@dataclass
class Literal(Matcher):
    needle: str
    label: str = ""

    def __post_init__(self) -> None:
        self.needle_bytes = self.needle.encode()

    def count(self, text: str | bytes) -> int:
        # The index keeps its text as UTF-8 bytes; a UTF-8 needle can only
        # match at character boundaries, so counting bytes is exact.
        if isinstance(text, bytes):
            return text.count(self.needle_bytes)
        return text.count(self.needle)

    @property
    def key(self) -> str:
        """What decides the counts: equal keys count alike (see from_key)."""
        return "L" + self.needle

    def spans(self, text: str) -> list[tuple[int, int]]:
        found = []
        size = len(self.needle)
        start = text.find(self.needle)
        while start >= 0:
            found.append((start, start + size))
            start = text.find(self.needle, start + size)
        return found


@dataclass
class Pattern(Matcher):
    regex: re.Pattern
    label: str = ""
    # A literal every match contains (folded): documents without it are
    # skipped without decoding their text.
    required: str | None = None

    def __post_init__(self) -> None:
        self.required_bytes = self.required.encode() if self.required else None

    @property
    def key(self) -> str:
        return "P" + json.dumps([self.regex.pattern, self.regex.flags, self.required], ensure_ascii=False)

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self.regex.finditer(text) if m.end() > m.start()]

    def count(self, text: str | bytes) -> int:
        if isinstance(text, bytes):
            if self.required_bytes is not None and self.required_bytes not in text:
                return 0
            text = text.decode()
        return sum(1 for m in self.regex.finditer(text) if m.end() > m.start())


@dataclass
class Group(Matcher):
    """Alternatives, any of which may match (A OR B, or an alias expansion)."""

    alternatives: list[Matcher]
    label: str = ""

    def spans(self, text: str) -> list[tuple[int, int]]:
        spans = sorted(span for alt in self.alternatives for span in alt.spans(text))
        return merge_spans(spans)

    def __post_init__(self) -> None:
        self.all_literal = all(isinstance(alt, Literal) for alt in self.alternatives)

    @property
    def key(self) -> str:
        return "G" + json.dumps([alternative.key for alternative in self.alternatives], ensure_ascii=False)

    def count(self, text: str | bytes) -> int:
        if len(self.alternatives) == 1:
            return self.alternatives[0].count(text)
        if self.all_literal:
            # Spellings of one thing rarely overlap (and an expansion never
            # holds one spelling inside another), so the counts add up.
            return sum(alt.count(text) for alt in self.alternatives)
        counts = [alt.count(text) for alt in self.alternatives]
        if sum(1 for found in counts if found) <= 1:
            return sum(counts)
        if isinstance(text, bytes):
            text = text.decode()
        return len(self.spans(text))


def from_key(key: str) -> Matcher:
    """The matcher a key describes (the cache keeps counts by key and
    recounts changed documents with it)."""
    kind, rest = key[0], key[1:]
    if kind == "L":
        return Literal(rest)
    if kind == "P":
        pattern, flags, required = json.loads(rest)
        return Pattern(re.compile(pattern, flags), required=required)
    if kind == "G":
        return Group([from_key(part) for part in json.loads(rest)])
    raise ValueError(f"not a matcher key: {key[:20]!r}")


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass
class Query:
    required: list[Group] = field(default_factory=list)  # all must match
    excluded: list[Group] = field(default_factory=list)  # none may match
    text: str = ""

    def describe(self) -> str:
        """How the query was read, for a person: every group with the
        spellings it searches for, then the exclusions."""
        def spelled(group: Group) -> str:
            return " OR ".join(alternative.label for alternative in group.alternatives)

        found = " AND ".join(spelled(group) for group in self.required)
        if self.excluded:
            found += "; excluding " + ", ".join(spelled(group) for group in self.excluded)
        return found


@dataclass
class Term:
    text: str
    negated: bool = False
    phrase: bool = False


def _tokens(argument: str) -> Iterable[tuple[str, bool]]:
    """(token, was quoted) pairs of one command-line argument."""
    for match in re.finditer(r'(-?)"([^"]*)"?|(\S+)', argument):
        if match.group(3) is not None:
            yield match.group(3), False
        else:
            yield match.group(1) + match.group(2), True


def parse_terms(arguments: Sequence[str]) -> list[list[Term]]:
    """Groups of OR-ed terms; `-x` and `NOT x` become negated terms."""
    groups: list[list[Term]] = []
    pending_or = False
    pending_not = False
    for argument in arguments:
        for token, quoted in _tokens(argument):
            if not quoted and token == "OR":
                if not groups or pending_or or pending_not:
                    raise QueryError("OR needs a term on each side")
                pending_or = True
                continue
            if not quoted and token == "NOT":
                if pending_not:
                    raise QueryError("NOT NOT is not a query")
                pending_not = True
                continue
            negated = pending_not
            text = token
            if token.startswith("-") and len(token) > 1:
                negated, text = True, token[1:]
            elif token == "-":
                raise QueryError("a lone '-' excludes nothing; write -term")
            term = Term(text, negated=negated, phrase=quoted)
            if pending_or:
                if negated or groups[-1][0].negated:
                    raise QueryError("OR joins terms to find, not exclusions")
                groups[-1].append(term)
            else:
                groups.append([term])
            pending_or = pending_not = False
    if pending_or:
        raise QueryError("OR needs a term on each side")
    if pending_not:
        raise QueryError("NOT needs a term after it")
    return groups


def term_matcher(term: Term) -> Matcher:
    needle = normalize(term.text)
    if not needle:
        raise QueryError(f"the term {term.text!r} has nothing to search for")
    return Literal(needle, label=f'"{term.text}"' if term.phrase else term.text)


def fold_pattern(pattern: str) -> str:
    """Fold the CJK characters of a regular expression (so 馬 finds 马) but not
    its ASCII, where case and escapes such as \\D carry meaning."""
    return "".join(fold(char) if ord(char) >= 0x2E80 else char for char in pattern)


def compile_regex(pattern: str) -> Pattern:
    if len(pattern) > MAX_QUERY_CHARS:
        raise QueryError(f"the regular expression is {len(pattern)} characters long; the limit is {MAX_QUERY_CHARS}")
    try:
        regex = re.compile(fold_pattern(pattern), re.IGNORECASE | re.MULTILINE)
    except re.error as error:
        raise QueryError(f"invalid regular expression {pattern!r}: {error}") from None
    except (OverflowError, RecursionError):
        # x{99999999999}, or nesting deeper than the compiler can follow.
        raise QueryError(f"regular expression {pattern!r} is too large to compile "
                         "(a repeat count or nesting beyond Python's limits)") from None
    return Pattern(regex, label=f"/{pattern}/")


def parse_query(arguments: Sequence[str], regex: str | None = None, expand=None) -> Query:
    """Build a Query. `expand(term_text) -> list[Matcher] | None` may widen a
    term into alternatives (entity aliases, regional vocabulary)."""
    text = " ".join(arguments)
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    groups = parse_terms(arguments)
    if sum(len(group) for group in groups) > MAX_TERMS:
        raise QueryError(f"the query has more than {MAX_TERMS} terms")
    query = Query(text=text if regex is None else f"{text} /{regex}/".strip())
    for terms in groups:
        alternatives: list[Matcher] = []
        for term in terms:
            widened = expand(term) if expand is not None else None
            alternatives.extend(widened or [term_matcher(term)])
        group = Group(alternatives, label=" OR ".join(term.text for term in terms))
        (query.excluded if terms[0].negated else query.required).append(group)
    if regex is not None:
        query.required.append(Group([compile_regex(regex)], label=f"/{regex}/"))
    if not query.required:
        if query.excluded:
            raise QueryError("the query only excludes; give at least one term to find")
        raise QueryError("the query is empty; give a term to find (feudcli search 马斯克)")
    return query
