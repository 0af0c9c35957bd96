"""Markdown-aware text conversion: convert the prose of a Markdown text and
leave alone what must not change — fenced and indented code, inline code,
link and image targets, reference definitions' URLs, autolinks, bare URLs,
HTML tags (and the insides of <pre>, <code>, <script>, <style>) and
Hugo/Jekyll template tags.

Link text, image alt text and link titles are prose and are converted. A
reference label ([马斯克] in `[text][马斯克]` and `[马斯克]: url`) is converted
on both sides alike, so the pair still matches: no dictionary key contains a
bracket, so a label converts the same wherever it stands.
"""

from __future__ import annotations

import re
from typing import Callable

from feudcli.text.tokens import WIDE_CHARS

# Each alternative names the group to keep byte for byte (`keep_*`); the
# rest of a match (a link title, a reference label) is converted.
_PROTECTED = re.compile(
    r"(?P<keep_rawhtml><(?P<rawtag>pre|code|script|style|kbd|samp)\b[^>]*>.*?</(?P=rawtag)\s*>)"
    r"|(?P<keep_code>(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`))"
    r"|\]\((?P<keep_target>[ \t]*(?:<[^>\n]*>|[^)\s]*))"
    r"|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(?P<keep_reference><[^>\n]*>|\S+)"
    r"|(?P<keep_autolink><(?:https?|mailto|ftp):[^>\s]+>)"
    r"|(?P<keep_url>(?:https?|ftp)://[^\s<>()\[\]（），。、]+)"
    r"|(?P<keep_template>\{\{[<%][^\n]*?[>%]\}\}|\{%[^\n]*?%\}|\{\{[^\n]*?\}\})"
    r"|(?P<keep_html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->)",
    re.MULTILINE | re.DOTALL,
)
_KEEP_GROUPS = [name for name in _PROTECTED.groupindex if name.startswith("keep_")]

_FENCE = re.compile(r"^[ \t]*(`{3,}(?=[^`]*$)|~{3,})")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_INDENTED = re.compile(r"^(?: {4}|\t)")


def code_blocks(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks (``` or ~~~, up to the closing fence or the end)
    and indented code blocks (lines indented 4 spaces or a tab after a blank
    line, unless they continue a list item, whose content they then are)."""
    spans: list[tuple[int, int]] = []
    offset = 0
    previous_blank = True
    in_list = False
    fence = ""  # the opening fence's characters while inside a fenced block
    indented = False
    start = end = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        stripped = content.strip()
        line_end = offset + len(content)
        if fence:
            end = line_end
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                spans.append((start, end))
                fence = ""
            offset += len(line)
            continue
        if indented:
            if not stripped or _INDENTED.match(line):
                end = line_end if stripped else end
                offset += len(line)
                previous_blank = not stripped
                continue
            spans.append((start, end))
            indented = False
        opening = _FENCE.match(content)
        if stripped and _INDENTED.match(line) and previous_blank and not in_list:
            indented, start, end = True, offset, line_end
        elif opening:
            fence, start, end = opening.group(1), offset, line_end
        elif stripped:
            if _LIST_ITEM.match(line):
                in_list = True
            elif previous_blank and not _INDENTED.match(line):
                in_list = False
        previous_blank = not stripped
        offset += len(line)
    if fence or indented:
        spans.append((start, len(text) if fence else end))
    return spans


def protected_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of text that conversion must keep byte for byte,
    sorted and not overlapping."""
    blocks = code_blocks(text)
    spans = list(blocks)
    position = 0
    for block_start, block_end in blocks + [(len(text), len(text))]:
        # Inline constructs are looked for between code blocks only, so a
        # backtick or a URL inside a block never reaches out of it.
        for match in _PROTECTED.finditer(text, position, block_start):
            for name in _KEEP_GROUPS:
                if match.group(name) is not None:
                    spans.append(match.span(name))
                    break
        position = block_end
    return sorted(span for span in spans if span[0] < span[1])


def convert_markdown(text: str, convert: Callable[[str], str]) -> str:
    """text with convert() applied to everything outside protected spans."""
    pieces: list[str] = []
    position = 0
    for start, end in protected_spans(text):
        if start < position:
            continue
        if start > position:
            pieces.append(convert(text[position:start]))
        pieces.append(text[start:end])
        position = end
    if position < len(text):
        pieces.append(convert(text[position:]))
    return "".join(pieces)


# kramdown's attribute lists and extensions ({: .centered }, {:toc},
# {::comment}) and the "* TOC" item a {:toc} replaces: instructions to
# kramdown, not text to read.
_KRAMDOWN_TOC = re.compile(r"^[ \t]*[-*+][ \t]+[^\n]*\n[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*(?:\n|$)", re.MULTILINE)
_ATTRIBUTE_LINE = re.compile(r"^[ \t]*\{:[^}\n]*\}[ \t]*(?:\n|$)", re.MULTILINE)
_ATTRIBUTES = re.compile(r"\{:[^}\n]*\}")
_ENDS_WIDE = re.compile(f"[{WIDE_CHARS}]$")
_STARTS_WIDE = re.compile(f"^[ \\t]*[{WIDE_CHARS}]")
_NOT_JOINED = re.compile(r"^[ \t]{0,3}(?:#|\|)")


def for_reading(markdown: str) -> str:
    """Markdown made ready to render for a reader: kramdown attribute lists
    dropped, and a line break inside a paragraph removed where it stands
    between two CJK characters (a Markdown renderer would show a space
    there, which Chinese and Japanese do not have). Code is left alone."""
    pieces: list[str] = []
    position = 0
    for start, end in code_blocks(markdown) + [(len(markdown), len(markdown))]:
        pieces.append(_prose_for_reading(markdown[position:start]))
        pieces.append(markdown[start:end])
        position = end
    return "".join(pieces)


def _prose_for_reading(text: str) -> str:
    if "{:" in text:
        text = _KRAMDOWN_TOC.sub("", text)
        text = _ATTRIBUTE_LINE.sub("", text)
        text = _ATTRIBUTES.sub("", text)
    lines = text.split("\n")
    joined: list[str] = []
    for line in lines:
        if (joined and _ENDS_WIDE.search(joined[-1]) and _STARTS_WIDE.match(line)
                and not _NOT_JOINED.match(joined[-1])):
            joined[-1] += line.lstrip(" \t")
        else:
            joined.append(line)
    return "\n".join(joined)
