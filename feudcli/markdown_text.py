"""Markdown-aware text conversion: convert the prose of a Markdown text and
leave alone what must not change — fenced and indented code, inline code,
link and image targets, autolinks, bare URLs and HTML tags."""

from __future__ import annotations

import re
from typing import Callable

_PROTECTED = re.compile(
    r"(?P<fence>^(?P<marker>[ \t]*(?:```|~~~))[^\n]*\n.*?(?:^(?P=marker)[^\n]*$|\Z))"
    r"|(?P<code>(?P<ticks>`+)[^`].*?(?P=ticks))"
    r"|(?P<target>\]\([^)\s]*(?:\s+\"[^\"]*\")?\))"
    r"|(?P<reference>^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+)"
    r"|(?P<autolink><(?:https?|mailto|ftp):[^>\s]+>)"
    r"|(?P<url>(?:https?|ftp)://[^\s<>()\[\]（），。、]+)"
    r"|(?P<html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)",
    re.MULTILINE | re.DOTALL,
)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of text that conversion must keep byte for byte."""
    return [match.span() for match in _PROTECTED.finditer(text)]


def convert_markdown(text: str, convert: Callable[[str], str]) -> str:
    """text with convert() applied to everything outside protected spans."""
    pieces: list[str] = []
    position = 0
    for start, end in protected_spans(text):
        if start > position:
            pieces.append(convert(text[position:start]))
        pieces.append(text[start:end])
        position = end
    if position < len(text):
        pieces.append(convert(text[position:]))
    return "".join(pieces)
