"""The query language and the matching semantics of search.

This module is the reference for what a search matches; an index must
match exactly the same places.

SEARCHABLE TEXT. An article is searched in its title and in the prose of
its body (feudcli.text.searchable.searchable_text): Markdown markup is dropped
(link and image targets, HTML tags and their attributes, template tags,
kramdown attribute lists; link text, alt text and code stay), the text is
folded (Traditional -> Simplified by character, full-width -> half-width,
case-folded), zero-width characters are ignored, and a blank line is a
paragraph break that no match crosses (a single line break is white
space). Every character of it maps back to an offset in the original.

TOKENS. A word is a maximal run of letters (any script but Han, kana and
hangul), digits and `_`; each Han, kana or hangul character is a token; so
is every other character that is not white space (punctuation, symbols).
White space and separator dots (· ・ •) are no tokens.

TERMS. A term is tokenised the same way and matches where its tokens occur
one after another (white space between them ignored). So `Git` matches the
word git and not GitHub, `at` is not found in "that", 马斯克 is found in any
run of CJK, `A轮融资` finds "A 轮融资" and "A轮融资", and `GPT-4o` finds
"GPT - 4o" but not the one word "GPT4o": punctuation in a term must match.
A trailing `*` on a Latin word (`git*`, unquoted) matches every word that
starts with it. A "quoted phrase" is a term like any other, never widened
to aliases and never a prefix.

GROUPS AND COUNTS. A group is a term with its alternatives (A OR B, the
spellings an alias or a regional word adds). Its matches in a field (title,
body) are the places where any alternative occurs: every occurrence as a
span, overlapping spans merged, each merged place counted once (服务器 OR
伺服器 counts a place once).

REGIONAL ALTERNATIVES stay in their script: an alternative with script
"hant" (Taiwan/Hong Kong vocabulary: 資料 for data) only matches in
articles that are Traditional (detected script hant, or a lang tag saying
TW, HK or Hant); one with "hans" (Mainland vocabulary) only in Simplified
ones (script hans, or CN, SG, Hans). The user's own terms and entity
aliases match everywhere. See `varieties`.

`--regex` is a Python regular expression run on the folded searchable text
(CJK in it folded, case-insensitive), under a time limit.

What an index needs of a matcher: TokenMatcher.tokens (folded), .prefix
(the last token is a word prefix), .script (None, "hans" or "hant").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from feudcli.errors import FeudcliError
from feudcli.text.script import fold
from feudcli.search.matchers import Group, Matcher, Pattern, TokenMatcher
from feudcli.text.searchable import WORD_CHAR, term_tokens

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64
_PREFIX_TERM = re.compile(f"(?s).*{WORD_CHAR}\\*")


def varieties(script: str | None, lang: str | None) -> frozenset[str]:
    """The Chinese scripts whose regional words an article is searched for:
    its detected script (hans, hant), and those its lang tag names."""
    from feudcli.convert.langtags import tagged_scripts

    found = tagged_scripts(lang)
    if script in ("hans", "hant"):
        found.add(script)
    return frozenset(found)


@lru_cache(maxsize=None)
def found_in_of(stored: str) -> frozenset[str]:
    """Varieties as stored with the searchable text ("hans hant")."""
    return frozenset(stored.split())


class QueryError(FeudcliError):
    """A query that cannot be run (exit status 2)."""


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


def term_matcher(term: Term) -> TokenMatcher:
    text = term.text
    prefix = not term.phrase and _PREFIX_TERM.fullmatch(text) is not None
    tokens = term_tokens(text[:-1] if prefix else text)
    if not tokens:
        raise QueryError(f"the term {term.text!r} has nothing to search for")
    return TokenMatcher(tokens, prefix=prefix, label=f'"{term.text}"' if term.phrase else term.text)


def spelling_matcher(text: str, script: str | None = None) -> TokenMatcher | None:
    """The matcher of an alias spelling or a regional word (None if it has
    no token); `script` restricts it to articles of that variety."""
    tokens = term_tokens(text)
    if not tokens:
        return None
    label = text if script is None else f"{text} (in {_SCRIPT_NAMES[script]})"
    return TokenMatcher(tokens, script=script, label=label)


_SCRIPT_NAMES = {"hans": "Simplified", "hant": "Traditional"}


def _unique(alternatives: list[Matcher]) -> list[Matcher]:
    """Without repeats, and without a restricted alternative that one
    searched everywhere already finds (伺服器 OR 伺服器-in-Traditional)."""
    everywhere = {alternative.key[1:] for alternative in alternatives
                  if isinstance(alternative, TokenMatcher) and alternative.script is None}
    kept: list[Matcher] = []
    seen: set[str] = set()
    for alternative in alternatives:
        if isinstance(alternative, TokenMatcher):
            if alternative.key in seen:
                continue
            same_everywhere = "T" + json.dumps([alternative.tokens, alternative.prefix, None], ensure_ascii=False)
            if alternative.script is not None and same_everywhere[1:] in everywhere:
                continue
            seen.add(alternative.key)
        kept.append(alternative)
    return kept


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
    return Pattern(regex, label=f"/{pattern}/", user_regex=True)


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
        group = Group(_unique(alternatives), label=" OR ".join(term.text for term in terms))
        (query.excluded if terms[0].negated else query.required).append(group)
    if regex is not None:
        query.required.append(Group([compile_regex(regex)], label=f"/{regex}/"))
    if not query.required:
        if query.excluded:
            raise QueryError("the query only excludes; give at least one term to find")
        raise QueryError("the query is empty; give a term to find (feudcli search 马斯克)")
    return query


def alias_expander(table, notify=None):
    """An `expand(term)` for parse_query: a term that names an entity or a
    regional word of the alias table (feudcli.extract.aliases.AliasTable)
    becomes an OR of all its spellings, regional ones restricted to their
    script; `notify(message)` is told each widening and where a regional
    word is searched. A quoted term is left as it is."""
    def expand(term):
        if term.phrase:
            return None
        expansion = table.expand(term.text)
        if expansion is None:
            return None
        matchers = [term_matcher(term)]  # the user's own term, everywhere
        for spelling in expansion.spellings[1:]:
            matcher = spelling_matcher(spelling.text, spelling.script)
            if matcher is not None:
                matchers.append(matcher)
        if notify is not None:
            what = "a regional word" if expansion.name == expansion.kind else expansion.name
            where = expansion.where()
            notify(f"{'-' if term.negated else ''}{expansion.describe()} "
                   f"({what}{'; ' + where if where else ''}; --no-aliases searches the term alone)")
        return matchers

    return expand
