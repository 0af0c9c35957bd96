"""Sentences of a paragraph: split at 。！？ outside quotes and brackets (a
quoted speech belongs to the sentence that quotes it), and at . ! ? before
a capital in Latin text."""

from __future__ import annotations

import re

_CLOSERS = "”’」』\"')）》】"
_OPENERS = {"“": "”", "「": "」", "『": "』", "（": "）", "(": ")"}
_CJK_STOP = "。！？"
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|Inc|Co|Corp|Ltd|No|"
                           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))$")
MAX_SENTENCE = 400



_INTERESTING = re.compile(r"[“”「」『』（）()。！？]|[.!?](?=\s+[A-Z\"“(])")


def sentences(text: str) -> list[str]:
    """A paragraph split into sentences: at 。！？ outside quotes and
    brackets (a quoted speech is part of the sentence that quotes it), and at
    . ! ? followed by a capital in Latin text."""
    return [text[start:end] for start, end in sentence_spans(text)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of text, white space trimmed."""
    found: list[tuple[int, int]] = []
    start = 0
    expected: list[str] = []
    for match in _INTERESTING.finditer(text):
        position = match.start()
        if position < start:
            continue  # inside closers already taken into the last sentence
        char = text[position]
        if char in _OPENERS:
            expected.append(_OPENERS[char])
            continue
        if expected and char == expected[-1]:
            expected.pop()
            if expected or position == 0 or text[position - 1] not in _CJK_STOP:
                continue
        elif char in _CLOSERS:
            continue
        elif char in _CJK_STOP:
            if expected and position - start <= MAX_SENTENCE:
                continue
        elif expected or _ABBREVIATION.search(text, max(start, position - 6), position):
            continue
        end = position + 1
        while end < len(text) and text[end] in _CLOSERS:
            end += 1
        span = _trimmed(text, start, end)
        if span:
            found.append(span)
        start = end
        expected = []
    span = _trimmed(text, start, len(text))
    if span:
        found.append(span)
    return found
