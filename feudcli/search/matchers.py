"""Matchers: how a term, a regular expression or a group of alternatives
finds its places in searchable text (the semantics are in the docstring of
feudcli.search.query). The scan counts and snippets use them; the index
(feudcli.store.fulltext) reads their tokens."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from feudcli.text.searchable import WORD_CHAR, is_word

EVERYWHERE: frozenset[str] = frozenset()


class Matcher:
    """Finds one term in searchable text (str, or the index's UTF-8 bytes)."""

    label: str
    script: str | None = None

    def applies(self, found_in: frozenset[str]) -> bool:
        """Whether it may match in an article of these varieties."""
        return self.script is None or self.script in found_in

    def spans(self, text: str) -> list[tuple[int, int]]:
        raise NotImplementedError

    def count(self, text: str | bytes) -> int:
        if isinstance(text, bytes):
            text = text.decode()
        return len(self.spans(text))


class TokenMatcher(Matcher):
    """A term: its tokens, one after another (see the module docstring)."""

    def __init__(self, tokens: Sequence[str], prefix: bool = False, script: str | None = None, label: str = ""):
        if not tokens:
            raise ValueError("a term needs at least one token")
        self.tokens = tuple(tokens)
        self.prefix = prefix and is_word(self.tokens[-1])
        self.script = script
        self.label = label or " ".join(self.tokens)
        self.regex = re.compile(term_pattern(self.tokens, self.prefix))
        # Every match holds its longest token as it is: a document without
        # it is passed over without decoding its text.
        self.probe = max(self.tokens, key=len).encode()
        self.overlapping = _can_overlap(self.tokens, self.prefix)

    def __repr__(self) -> str:
        return f"TokenMatcher({self.tokens!r}, prefix={self.prefix}, script={self.script!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, TokenMatcher) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def key(self) -> str:
        """What decides the counts: equal keys count alike (see from_key)."""
        return "T" + json.dumps([self.tokens, self.prefix, self.script], ensure_ascii=False)

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not self.overlapping:
            return [match.span() for match in self.regex.finditer(text)]
        # 哈哈 in 哈哈哈哈 occurs three times, overlapping: one place.
        found: list[tuple[int, int]] = []
        search = self.regex.search
        match = search(text)
        while match is not None:
            found.append(match.span())
            match = search(text, match.start() + 1)
        return merge_spans(found)

    def count(self, text: str | bytes) -> int:
        if isinstance(text, bytes):
            if self.probe not in text:
                return 0
            text = text.decode()
        if not self.overlapping:
            return len(self.regex.findall(text))
        return len(self.spans(text))


def term_pattern(tokens: Sequence[str], prefix: bool) -> str:
    """A regular expression for the tokens in searchable text, where at
    most one space stands between two tokens (and always one between two
    words)."""
    words = [is_word(token) for token in tokens]
    parts = []
    for index, token in enumerate(tokens):
        if index:
            parts.append(" " if words[index - 1] and words[index] else " ?")
        parts.append(re.escape(token))
    if words[0]:
        parts.insert(0, f"(?<!{WORD_CHAR})")
    if words[-1]:
        parts.append(f"{WORD_CHAR}*" if prefix else f"(?!{WORD_CHAR})")
    return "".join(parts)


def _can_overlap(tokens: Sequence[str], prefix: bool) -> bool:
    """Whether two occurrences of the term can overlap: only when a proper
    tail of its tokens is also its head (哈哈, "a b a")."""
    if prefix:
        return len(tokens) > 1
    return any(tuple(tokens[shift:]) == tuple(tokens[:len(tokens) - shift]) for shift in range(1, len(tokens)))


@dataclass
class Pattern(Matcher):
    regex: re.Pattern
    label: str = ""
    # A literal every match contains (folded): documents without it are
    # skipped without decoding their text.
    required: str | None = None
    # The user's own --regex (which only a scan can run), not a spelling.
    user_regex: bool = False

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
    """Alternatives, any of which may match (A OR B, or an alias expansion).
    Its matches are merged places (see the module docstring)."""

    alternatives: list[Matcher]
    label: str = ""

    def __post_init__(self) -> None:
        self.restricted = any(alternative.script is not None for alternative in self.alternatives)

    def usable(self, found_in: frozenset[str] = EVERYWHERE) -> list[Matcher]:
        if not self.restricted:
            return self.alternatives
        return [alternative for alternative in self.alternatives if alternative.applies(found_in)]

    def spans(self, text: str, found_in: frozenset[str] = EVERYWHERE) -> list[tuple[int, int]]:
        return merge_spans(span for alternative in self.usable(found_in) for span in alternative.spans(text))

    @property
    def key(self) -> str:
        return "G" + json.dumps([alternative.key for alternative in self.alternatives], ensure_ascii=False)

    def count(self, text: str | bytes, found_in: frozenset[str] = EVERYWHERE) -> int:
        """Matches in one field of an article whose varieties are found_in."""
        alternatives = self.usable(found_in)
        if len(alternatives) == 1:
            return alternatives[0].count(text)
        counts = [alternative.count(text) for alternative in alternatives]
        if sum(1 for found in counts if found) <= 1:
            return sum(counts)
        if isinstance(text, bytes):
            text = text.decode()
        return len(self.spans(text, found_in))


def from_key(key: str) -> Matcher:
    """The matcher a key describes (the cache keeps counts by key and
    recounts changed documents with it)."""
    kind, rest = key[0], key[1:]
    if kind == "T":
        tokens, prefix, script = json.loads(rest)
        return TokenMatcher(tokens, prefix, script)
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
