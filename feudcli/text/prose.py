"""Markdown as plain prose, block by block: what `entities` counts and what
`timeline` reads sentences from.

Only as much Markdown as articles use: ATX and bold-line headings, nested
lists, block quotes, tables, fenced code (skipped), links (their text kept,
their address dropped; wiki links [[page|text]] too), images and wiki embeds
(dropped), emphasis and inline code (marks dropped), bare URLs, HTML tags and
template tags (Hugo shortcodes, Liquid: dropped), HTML character references
(decoded). A paragraph's hard-wrapped lines are joined: with nothing between
two CJK characters, else with a space.

Inline code is prose to a reader but never a date or a name: with
`mark_code` its text is kept between CODE_START and CODE_END, so a caller
can show it and still look past it (masked()); plain_text(code=False)
leaves it out.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Iterator

from feudcli.text.tokens import WIDE_CHARS

HEADING = "heading"
ITEM = "item"
PARAGRAPH = "paragraph"
ROW = "row"
# A paragraph that is one short bold line without a sentence end is a
# heading in all but name (news sites write their headings so).
BOLD_HEADING_LEVEL = 7
BOLD_HEADING_MAX = 40

_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_ATX = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
_SETEXT = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*$")
_BREAK = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(.*)|[ \t]*$)")
_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+")
_CJK_END = re.compile(f"[{WIDE_CHARS}]$")
_CJK_START = re.compile(f"^[{WIDE_CHARS}]")
_SENTENCE_END = re.compile(r"[。！？!?.…][”’」』\"')）]*$")

# Private-use characters no article writes: they bracket inline code.
CODE_START, CODE_END = "\ue000", "\ue001"
_MARKED = re.compile(f"{CODE_START}[^{CODE_END}]*{CODE_END}?")
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A block that is nothing but a link (a "see also" line, a link card) or an
# embedded post (a tweet's HTML) points at another text; it says nothing itself.
_LINK_ONLY = re.compile(r"^(?:[-*+][ \t]+)?!?\[[^\]]*\]\([^)]*\)[\s。.，,;；]*$|^<?(?:https?|ftp)://\S+$")
# A footnote or a numbered reference of a bibliography: [^1]: …, [4] Author, "Title," 2025.
_CITATION = re.compile(r"^(?:[-*+][ \t]+)?\[\^?[0-9]{1,3}\](?::|[ \t])")
_EMBED = re.compile(r"^<(?:blockquote|iframe|script|div)\b[^>]*(?:twitter|instagram|embed|tweet|iframe)", re.I)

# (pattern, replacement, a character without which it cannot match)
_INLINE = [
    (re.compile(r"\{\{[<%].*?[%>]\}\}"), "", "{"),  # Hugo shortcodes
    (re.compile(r"\{%.*?%\}|\{\{.*?\}\}"), "", "{"),  # Liquid tags and output
    (re.compile(r"!\[\[[^\]\n]*\]\](?:\([^)]*\))?"), "", "["),  # wiki embeds: ![[photo 2023-05-29.png]]
    (re.compile(r"\[\[(?:[^\]|\n]*\|)?([^\]\n]*)\]\]"), r"\1", "["),  # wiki links keep their text
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), "", "["),  # images
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), "", "["),
    (re.compile(r"\[\^[^\]]*\]"), "", "["),  # footnote marks
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1", "["),  # links keep their text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1", "["),
    (re.compile(r"<(?:https?|mailto|ftp):[^>\s]+>"), "", "<"),
    (re.compile(r"(?:https?|ftp)://[^\s<>()\[\]（），。、]+"), "", ":"),
    (re.compile(r"<!--.*?-->"), "", "<"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), "", "<"),
    (re.compile(r"(`+)(.+?)\1"), CODE_START + r"\2" + CODE_END, "`"),
    (re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2", "*_~"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"\1", "*"),
    (re.compile(r"\*\*|~~"), "", "*~"),  # unpaired marks left by a broken line
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1", "\\"),
]


@dataclass
class Block:
    kind: str  # heading, item, paragraph, row
    level: int  # heading level (1-7); list indent for items; 0 otherwise
    text: str  # plain text
    line: int  # first line in the body, from 1
    reference: bool = False  # only a link, an embedded post, a footnote or a citation


# The title of a work (《塞尔达传说》, 《1984》): what it names or dates is
# the work's, not a mention or a date of the text.
WORK_TITLE = re.compile(r"《[^《》\n]{0,60}》")


# Printable ASCII runs that are paths, addresses or file names: a slash or
# backslash with a letter (a date is 2018/7/3, a path src/2019/a.md), a
# domain name, a name with a file extension.
_ADDRESS = re.compile(
    r"[!-~]*[A-Za-z][!-~]*[/\\][!-~]*|[!-~]*[/\\][!-~]*[A-Za-z][!-~]*"
    r"|(?<![!-~])(?:[A-Za-z0-9-]+\.)+(?:com|org|net|io|dev|app|me|co|cn|tw|hk|jp|uk|de|info)(?![A-Za-z0-9])[!-~]*"
    r"|[!-~]*\.(?:md|markdown|html?|txt|pdf|png|jpe?g|gif|webp|svg|mp4|mov|mkv|avi|mp3|zip|gz|tar|json|ya?ml"
    r"|toml|csv|log|py|go|rs|js|ts|sh)(?![A-Za-z0-9])")


def blank_addresses(text: str) -> str:
    """text with paths, domain names and file names blanked, offsets kept
    (bare URLs are gone already)."""
    if "/" in text or "\\" in text or "." in text:
        return _ADDRESS.sub(lambda match: " " * len(match.group()), text)
    return text


def masked(text: str) -> str:
    """text with each marked inline code (markers included) blanked out,
    offsets kept."""
    if CODE_START not in text:
        return text
    return _MARKED.sub(lambda match: " " * len(match.group()), text)


def unmarked(text: str) -> str:
    if CODE_START not in text:
        return text
    return text.replace(CODE_START, "").replace(CODE_END, "")


def inline_plain(text: str, mark_code: bool = False) -> str:
    """One line of Markdown as plain text (inline code between CODE_START
    and CODE_END with mark_code)."""
    for pattern, replacement, needed in _INLINE:
        if any(char in text for char in needed):
            text = pattern.sub(replacement, text)
    if "&" in text:
        text = _CHARACTER_REFERENCE.sub(lambda match: html.unescape(match.group()), text)
    if not mark_code:
        text = unmarked(text)
    return text.strip()


def join_lines(lines: list[str]) -> str:
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if text and not (_CJK_END.search(text) and _CJK_START.match(line)):
            text += " "
        text += line
    return text


def _indent(spaces: str) -> int:
    return len(spaces.expandtabs(4))


def blocks(markdown: str, mark_code: bool = False) -> Iterator[Block]:
    """The blocks of a Markdown text, in order, as plain text."""
    pending: list[str] = []
    pending_kind, pending_level, pending_line = PARAGRAPH, 0, 0
    in_fence: str | None = None
    in_table = False

    def flush():
        nonlocal pending
        if not pending:
            return None
        raw = join_lines(pending)
        pending = []
        text = inline_plain(raw, mark_code)
        if not text:
            return None
        kind, level = pending_kind, pending_level
        if kind == PARAGRAPH and _is_bold_line(raw, text):
            kind, level = HEADING, BOLD_HEADING_LEVEL
        reference = bool(_LINK_ONLY.match(raw.strip()) or _EMBED.match(raw.strip()) or _CITATION.match(raw.strip()))
        return Block(kind, level, text, pending_line, reference)

    for number, line in enumerate(markdown.split("\n"), 1):
        fence = _FENCE.match(line)
        if in_fence:
            if fence and fence.group(1) == in_fence:
                in_fence = None
            continue
        if fence:
            block = flush()
            if block:
                yield block
            in_fence = fence.group(1)
            continue
        line = _QUOTE.sub("", _QUOTE.sub("", line))
        if not line.strip() or _BREAK.match(line) and not (pending and pending_kind == PARAGRAPH):
            in_table = False
            block = flush()
            if block:
                yield block
            continue
        setext = _SETEXT.match(line)
        if setext and pending and pending_kind == PARAGRAPH:
            pending_kind, pending_level = HEADING, 1 if setext.group(1)[0] == "=" else 2
            block = flush()
            pending_kind = PARAGRAPH
            if block:
                yield block
            continue
        atx = _ATX.match(line)
        item = _ITEM.match(line)
        row = line.strip().startswith("|") or (in_table and "|" in line)
        in_table = bool(row)
        if atx or item or row or _REFERENCE.match(line) or _TABLE_RULE.match(line) and "|" in line:
            block = flush()
            if block:
                yield block
            pending_kind, pending_level, pending_line = PARAGRAPH, 0, number
            if atx:
                text = inline_plain(atx.group(2) or "", mark_code)
                if text:
                    yield Block(HEADING, len(atx.group(1)), text, number)
            elif item:
                pending_kind, pending_level = ITEM, _indent(item.group(1))
                pending = [item.group(2) or ""]
            elif row and not _TABLE_RULE.match(line):
                cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
                text = inline_plain(" | ".join(cell for cell in cells if cell), mark_code)
                if text:
                    yield Block(ROW, 0, text, number)
            continue
        if not pending:
            pending_kind, pending_level, pending_line = PARAGRAPH, 0, number
        pending.append(line)
    block = flush()
    if block:
        yield block


def _is_bold_line(raw: str, text: str) -> bool:
    stripped = raw.strip()
    bold = (stripped.startswith("**") and stripped.endswith("**")) or (
        stripped.startswith("__") and stripped.endswith("__"))
    return bold and len(text) <= BOLD_HEADING_MAX and not _SENTENCE_END.search(text)


def plain_text(markdown: str, code: bool = True) -> str:
    """The prose of a Markdown text, one block a line; without inline code,
    paths and domain names when `code` is false (each inline code a space,
    so words stay apart)."""
    if code:
        return "\n".join(block.text for block in blocks(markdown))
    return "\n".join(blank_addresses(_MARKED.sub(" ", block.text)) for block in blocks(markdown, mark_code=True))
