"""Case-sensitive matching of Latin (and other cased) terms, over an index
that is case-folded.

The index and the searchable text are case-folded, so `search -s OpenAI`
runs the query as usual and then checks the candidates here, on their
original text: a case-sensitive group matches only where the original
characters have the case the spelling has. Everything else about a match
stays as feudcli.search.query describes it (script and width folded,
tokens, white space), because the check runs on the folded searchable text
with the case of the original put back, position for position (the fold
keeps positions: len(fold(text)) == len(text)).

Which groups are case-sensitive (a group is a term with its OR
alternatives and the spellings aliases add):

- mode "sensitive" (-s): every group; each spelling matches as written
  (the user's term as typed, an alias as its table writes it).
- mode "smart" (-S, ripgrep's smart case): a group whose own text, as the
  user typed it, has an uppercase letter; the others stay case-blind.

A group whose spellings have no cased letter (马斯克) is unaffected, and a
query without any case-sensitive group needs no check at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from feudcli.search.matchers import EVERYWHERE, Group, Pattern, TokenMatcher, term_pattern, merge_spans
from feudcli.search.query import Query
from feudcli.text.script import fold
from feudcli.text.searchable import SEPARATOR_DOTS, ZERO_WIDTH, piece_text, piece_with_offsets, windows

MODES = ("insensitive", "sensitive", "smart")
_ESCAPE = re.compile(r"\\.")
_SKIPPED = set(ZERO_WIDTH + SEPARATOR_DOTS)


def _has_cased(text: str) -> bool:
    return any(char.lower() != char.upper() for char in text)


def _has_upper(text: str) -> bool:
    return any(char.isupper() for char in text)


def source_text(matcher) -> str | None:
    """The spelling a matcher was made from, with its case: the term as
    typed (quotes and a prefix `*` taken off), an alias as written."""
    label = matcher.label or ""
    if isinstance(matcher, Pattern):
        return _ESCAPE.sub("", label[1:-1] if label.startswith("/") and label.endswith("/") else label)
    if matcher.script is not None and label.endswith(")") and " (in " in label:
        label = label[:label.rindex(" (in ")]
    if len(label) >= 2 and label.startswith('"') and label.endswith('"'):
        label = label[1:-1]
    if getattr(matcher, "prefix", False) and label.endswith("*"):
        label = label[:-1]
    return label


def _cased_tokens(matcher: TokenMatcher) -> tuple[str, ...] | None:
    """The matcher's folded tokens with the case of its spelling put back;
    None when the spelling cannot be lined up with them (then it matches
    case-blind)."""
    source = source_text(matcher)
    if source is None:
        return None
    chars = [char for char in source if not char.isspace() and char not in _SKIPPED]
    flat = "".join(matcher.tokens)
    if len(chars) != len(flat):
        return None
    cased = []
    for char, folded in zip(chars, flat):
        if fold(char) != folded:
            return None
        cased.append(_with_case(char, folded))
    tokens, position = [], 0
    for token in matcher.tokens:
        tokens.append("".join(cased[position:position + len(token)]))
        position += len(token)
    return tuple(tokens)


def _with_case(original: str, folded: str) -> str:
    upper = folded.upper()
    return upper if original.isupper() and len(upper) == 1 else folded


def cased_text(folded: str, display: str) -> str:
    """The folded searchable text with the case of the original characters
    (display is position for position the same text, unfolded)."""
    if len(folded) != len(display):  # never expected; stay case-blind rather than wrong
        return folded
    return "".join(_with_case(original, char) if original.isupper() else char
                   for original, char in zip(display, folded))


@dataclass
class _Alternative:
    script: str | None
    regex: re.Pattern | None = None  # run on the cased text; None: the matcher, case-blind
    matcher: object = None
    overlapping: bool = False

    def applies(self, found_in: frozenset[str]) -> bool:
        return self.script is None or self.script in found_in

    def spans(self, folded: str, cased: str) -> list[tuple[int, int]]:
        if self.regex is None:
            return self.matcher.spans(folded)
        if not self.overlapping:
            return [match.span() for match in self.regex.finditer(cased) if match.end() > match.start()]
        found, match = [], self.regex.search(cased)
        while match is not None:
            found.append(match.span())
            match = self.regex.search(cased, match.start() + 1)
        return merge_spans(found)


def _alternative(matcher) -> _Alternative:
    if isinstance(matcher, Pattern):
        if not _has_cased(source_text(matcher) or ""):
            return _Alternative(None, matcher=matcher)
        return _Alternative(None, re.compile(matcher.regex.pattern, matcher.regex.flags & ~re.IGNORECASE))
    tokens = _cased_tokens(matcher) if isinstance(matcher, TokenMatcher) else None
    if tokens is None or not _has_cased("".join(tokens)):
        return _Alternative(matcher.script, matcher=matcher)
    return _Alternative(matcher.script, re.compile(term_pattern(tokens, matcher.prefix)),
                        overlapping=matcher.overlapping)


@dataclass
class _CasedGroup:
    group: Group
    alternatives: list[_Alternative]

    def spans(self, folded: str, cased: str, found_in: frozenset[str]) -> list[tuple[int, int]]:
        return merge_spans(span for alternative in self.alternatives if alternative.applies(found_in)
                           for span in alternative.spans(folded, cased))


def _is_case_sensitive(group: Group, mode: str) -> bool:
    if mode == "sensitive":
        return True
    if mode != "smart":
        return False
    label = group.label
    if label.startswith("/") and label.endswith("/"):
        label = _ESCAPE.sub("", label)
    return _has_upper(label)


@dataclass
class CaseRule:
    """The case-sensitive groups of a query (see the module docstring)."""

    required: list[_CasedGroup | None] = field(default_factory=list)  # per required group
    excluded: list[_CasedGroup] = field(default_factory=list)
    excluded_groups: list[Group] = field(default_factory=list)

    @classmethod
    def of(cls, query: Query, mode: str) -> "CaseRule | None":
        """The rule for the query, or None when no group depends on case."""
        if mode not in MODES:
            raise ValueError(f"case mode must be one of {', '.join(MODES)}, not {mode!r}")

        def cased(group: Group) -> _CasedGroup | None:
            if not _is_case_sensitive(group, mode):
                return None
            alternatives = [_alternative(matcher) for matcher in group.alternatives]
            if all(alternative.regex is None for alternative in alternatives):
                return None
            return _CasedGroup(group, alternatives)

        required = [cased(group) for group in query.required]
        excluded = [(group, cased(group)) for group in query.excluded]
        rule = cls(required, [item for _, item in excluded if item is not None],
                   [group for group, item in excluded if item is not None])
        return rule if any(required) or rule.excluded else None

    def index_query(self, query: Query) -> Query:
        """The query for the case-blind index: an exclusion that depends on
        case is left out there (the index would exclude "trump" for Trump)
        and applied here instead."""
        kept = [group for group in query.excluded if not any(group is other for other in self.excluded_groups)]
        return Query(list(query.required), kept, query.text)

    # -- one piece of searchable text -------------------------------------------

    def _group_spans(self, number: int, query: Query, folded: str, cased: str,
                     found_in: frozenset[str]) -> list[tuple[int, int]]:
        rule = self.required[number]
        if rule is None:
            return query.required[number].spans(folded, found_in)
        return rule.spans(folded, cased, found_in)

    def spans(self, query: Query, folded: str, display: str,
              found_in: frozenset[str] = EVERYWHERE) -> list[tuple[int, int]]:
        """The merged spans of the query's required groups in one piece."""
        cased = cased_text(folded, display)
        return merge_spans(span for number in range(len(query.required))
                           for span in self._group_spans(number, query, folded, cased, found_in))

    # -- a whole article ------------------------------------------------------------

    def counts(self, query: Query, text: str, markup: bool, found_in: frozenset[str]) -> tuple[list[int], bool]:
        """(matches of each required group, whether an exclusion matched) in
        one field (a title: markup False; a body: True)."""
        counts = [0] * len(query.required)
        excluded = False
        for start, end in windows(text, markup):
            folded = piece_text(text, start, end, markup)
            if not self._may_match(query, folded, found_in):
                continue
            display, _ = piece_with_offsets(text, start, end, markup)
            cased = cased_text(folded, display)
            for number in range(len(query.required)):
                counts[number] += len(self._group_spans(number, query, folded, cased, found_in))
            if not excluded:
                excluded = any(group.spans(folded, cased, found_in) for group in self.excluded)
        return counts, excluded

    def _may_match(self, query: Query, folded: str, found_in: frozenset[str]) -> bool:
        """Whether a case-blind match of any group is in the piece (a case-
        sensitive one can only be where a case-blind one is)."""
        groups = list(query.required) + [item.group for item in self.excluded]
        return any(group.spans(folded, found_in) for group in groups)

    def check(self, query: Query, title: str, body: str, where: str,
              found_in: frozenset[str]) -> tuple[int, int] | None:
        """(matches in the title, in the body) of an article the case-blind
        index found, or None when, case considered, it does not match:
        every required group must match where `where` says, and no
        case-sensitive exclusion anywhere."""
        use_title, use_body = where in ("all", "title"), where in ("all", "body")
        title_counts, title_excluded = self.counts(query, title, False, found_in)
        body_counts, body_excluded = self.counts(query, body, True, found_in)
        if title_excluded or body_excluded:
            return None
        title_counts = title_counts if use_title else [0] * len(title_counts)
        body_counts = body_counts if use_body else [0] * len(body_counts)
        if not all(in_title + in_body for in_title, in_body in zip(title_counts, body_counts)):
            return None
        return sum(title_counts), sum(body_counts)
