"""Snippets cut from the ORIGINAL text at exactly the places that matched.

Matches are found in the normalised folded text, whose every character
knows its offset in the original (textnorm.normalize_with_offsets), so a
highlight covers exactly the original characters that matched, whatever
their script, width or line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from feudcli.query import Query, merge_spans
from feudcli.textnorm import normalize_with_offsets

ELLIPSIS = "…"
_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Snippet:
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # [start, end) in text

    def record(self) -> dict:
        return {"text": self.text, "highlights": [list(span) for span in self.highlights]}


def match_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """[start, end) spans of `text` (original) matched by the query's terms."""
    normalised, offsets = normalize_with_offsets(text)
    spans = []
    for group in query.required:
        for start, end in group.spans(normalised):
            spans.append((offsets[start], offsets[end - 1] + 1))
    return merge_spans(spans)


_MARKUP = re.compile(r"\*\*|__|^#{1,6}[ \t]+|^[ \t]*[-*+][ \t]+", re.MULTILINE)
_SPACES = re.compile(r"\s+")


def _one_line(text: str, matched: bool) -> str:
    """A piece of a snippet on one line; emphasis and heading marks are
    dropped from the context around a match, never from the match."""
    if not matched:
        text = _MARKUP.sub("", text)
    return _SPACES.sub(" ", _ONE_LINE.sub(" ", text))


def make_snippets(
    text: str,
    query: Query,
    count: int = 3,
    context: int = 30,
    convert: Callable[[str], str] | None = None,
) -> list[Snippet]:
    """Up to `count` snippets of `text`, `context` characters each side of
    the matches; matches close together share a snippet."""
    spans = match_spans(text, query)
    windows: list[list] = []  # [start, end, [spans]]
    for start, end in spans:
        if windows and start < windows[-1][1]:
            # Inside the current snippet: highlight it there (clipped).
            windows[-1][2].append((start, min(end, windows[-1][1])))
            continue
        if len(windows) == count:
            break
        low = max(start - context, windows[-1][1] if windows else 0)
        windows.append([low, end + context, [(start, end)]])
    snippets = []
    for low, high, inside in windows:
        low, high = max(0, low), min(len(text), high)
        pieces: list[tuple[str, bool]] = []
        if low > 0:
            pieces.append((ELLIPSIS, False))
        position = low
        for start, end in inside:
            end = min(end, high)
            if start > position:
                pieces.append((text[position:start], False))
            pieces.append((text[start:end], True))
            position = end
        if position < high:
            pieces.append((text[position:high], False))
        if high < len(text):
            pieces.append((ELLIPSIS, False))
        snippets.append(_assemble(pieces, convert))
    return snippets


def _assemble(pieces: list[tuple[str, bool]], convert) -> Snippet:
    parts, highlights, length = [], [], 0
    for piece, matched in pieces:
        if convert is not None and piece != ELLIPSIS:
            piece = convert(piece)
        piece = _one_line(piece, matched)
        if matched:
            highlights.append((length, length + len(piece)))
        parts.append(piece)
        length += len(piece)
    snippet = Snippet("".join(parts), highlights)
    return _strip(snippet)


def _strip(snippet: Snippet) -> Snippet:
    text = snippet.text
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    highlights = [(start - lead, end - lead) for start, end in snippet.highlights]
    return Snippet(text, highlights)
