"""Snippets: the prose around the matches, with the matched characters
highlighted.

Matches are found in the searchable text (feudcli.text.searchable), whose every
character knows its offset in the original, and the snippet is cut from
the same text before the fold: the article's own characters, its markup
dropped (link text, not the URL; no template tags or attribute lists), its
white space collapsed. A highlight therefore covers exactly the original
characters that matched, whatever their script, width or line breaks.

A long article is read a piece at a time (pieces end at paragraph
breaks, which no match crosses), and only the pieces that hold a match get
their offsets: memory stays near the size of the article itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterator

from feudcli.search.matchers import EVERYWHERE, merge_spans
from feudcli.search.query import Query
from feudcli.text.searchable import piece_text, piece_with_offsets, windows
from feudcli.text.tokens import WIDE_CHARS, WORD_CHAR

ELLIPSIS = "…"
_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_WORD = re.compile(WORD_CHAR)
# Between two of these a space is only where a hard-wrapped line was joined.
_WIDE = re.compile(f"[{WIDE_CHARS}]")


@dataclass
class Snippet:
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # [start, end) in text

    def record(self) -> dict:
        return {"text": self.text, "highlights": [list(span) for span in self.highlights]}


def _spans(folded: str, query: Query, found_in: frozenset[str]) -> list[tuple[int, int]]:
    spans = []
    for group in query.required:
        spans.extend(group.spans(folded, found_in))
    return merge_spans(spans)


def matched_pieces(text: str, query: Query, found_in: frozenset[str] = EVERYWHERE, markup: bool = True,
                   case=None) -> Iterator[tuple[str, list, list[tuple[int, int]], bool, bool]]:
    """For each piece of `text` that holds a match, in order: (display
    text, offsets into `text` of its characters, spans of the matches in
    the display text, whether text goes on before it, and after it).
    `case`: a feudcli.search.case.CaseRule, for case-sensitive terms."""
    cuts = list(windows(text, markup))
    for number, (start, end) in enumerate(cuts):
        folded = piece_text(text, start, end, markup)
        spans = _spans(folded, query, found_in)
        if not spans:
            continue
        display, offsets = piece_with_offsets(text, start, end, markup)
        if case is not None:
            spans = case.spans(query, folded, display, found_in)
            if not spans:
                continue
        yield display, offsets, spans, number > 0, number < len(cuts) - 1


def match_spans(text: str, query: Query, found_in: frozenset[str] = EVERYWHERE,
                markup: bool = True, case=None) -> list[tuple[int, int]]:
    """[start, end) spans of `text` (original) matched by the query's terms."""
    found = []
    for _, offsets, spans, _, _ in matched_pieces(text, query, found_in, markup, case):
        found.extend((offsets[start], offsets[end - 1] + 1) for start, end in spans)
    return found


def _is_word(text: str, at: int) -> bool:
    return 0 <= at < len(text) and _WORD.match(text, at) is not None


def make_snippets(
    text: str,
    query: Query,
    count: int = 3,
    context: int = 30,
    convert: Callable[[str], str] | None = None,
    found_in: frozenset[str] = EVERYWHERE,
    markup: bool = True,
    case=None,
) -> list[Snippet]:
    """Up to `count` snippets of `text`, about `context` characters each
    side of the matches (never half a Latin word); matches close together
    share a snippet."""
    snippets: list[Snippet] = []
    if count <= 0:
        return snippets
    for display, _, spans, more_before, more_after in matched_pieces(text, query, found_in, markup, case):
        windows_: list[list] = []  # [start, end, [spans]]
        for start, end in spans:
            if windows_ and start < windows_[-1][1]:
                windows_[-1][2].append((start, min(end, windows_[-1][1])))
                continue
            if len(windows_) + len(snippets) == count:
                break
            low = max(0, start - context, windows_[-1][1] if windows_ else 0)
            windows_.append([low, min(len(display), end + context), [(start, end)]])
        for low, high, inside in windows_:
            # Move the edges off the middle of a word, towards the match.
            first, last = inside[0][0], inside[-1][1]
            while low < first and _is_word(display, low - 1) and _is_word(display, low):
                low += 1
            while high > last and _is_word(display, high - 1) and _is_word(display, high):
                high -= 1
            snippets.append(_snippet(display, low, high, inside,
                                     low > 0 or more_before, high < len(display) or more_after, convert))
        if len(snippets) >= count:
            break
    return snippets


def highlighted(text: str, query: Query, convert: Callable[[str], str] | None = None,
                found_in: frozenset[str] = EVERYWHERE, markup: bool = False, case=None) -> Snippet:
    """The whole of a short text (a title) with its matches highlighted."""
    for display, _, spans, _, _ in matched_pieces(text, query, found_in, markup, case):
        return _snippet(display, 0, len(display), spans, False, False, convert)
    return Snippet(convert(text) if convert else text)


def _wide(text: str, at: int) -> bool:
    return 0 <= at < len(text) and _WIDE.match(text, at) is not None


def _prose(display: str, start: int, end: int) -> str:
    """display[start:end] without the spaces a joined line left between two
    Chinese or Japanese characters."""
    piece = display[start:end]
    if " " not in piece:
        return piece
    return "".join(char for at, char in enumerate(piece, start)
                   if not (char == " " and _wide(display, at - 1) and _wide(display, at + 1)))


def _snippet(display: str, low: int, high: int, inside, before: bool, after: bool, convert) -> Snippet:
    pieces: list[tuple[str, bool]] = []
    if before:
        pieces.append((ELLIPSIS, False))
    position = low
    for start, end in inside:
        end = min(end, high)
        if start > position:
            pieces.append((_prose(display, position, start), False))
        pieces.append((_prose(display, start, end), True))
        position = end
    if position < high:
        pieces.append((_prose(display, position, high), False))
    if after:
        pieces.append((ELLIPSIS, False))
    return _assemble(pieces, convert)


def _assemble(pieces: list[tuple[str, bool]], convert) -> Snippet:
    parts, highlights, length = [], [], 0
    for piece, matched in pieces:
        if convert is not None and piece != ELLIPSIS:
            piece = convert(piece)
        piece = _ONE_LINE.sub(" ", piece.replace("\n", " "))
        if matched:
            highlights.append((length, length + len(piece)))
        parts.append(piece)
        length += len(piece)
    text = "".join(parts)
    lead = len(text) - len(text.lstrip())
    return Snippet(text.strip(), [(start - lead, end - lead) for start, end in highlights])
