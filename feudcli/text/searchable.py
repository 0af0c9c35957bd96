"""The searchable text of an article, and its tokens.

The searchable text is the PROSE of a Markdown body (or a title as it is),
folded (feudcli.text.script.fold) and with white space normalised:

- Markup is dropped: link and image targets, HTML tags with their
  attributes, HTML comments and <script>/<style> blocks, Hugo/Jekyll
  template tags ({{< >}}, {{% %}}, {% %}, {{ }}), kramdown attribute lists
  ({: .centered }, {:toc}, {#id}), reference definitions, footnote marks,
  fence lines, the backticks of inline code, emphasis marks (** ~~ and a
  single * around text), heading, quote and bullet marks, rule lines and
  backslash escapes. Link text, image alt text and code (inline and fenced)
  stay. HTML entities become their character (&nbsp; is a space). HTML
  tags, comments and template tags become a space (a <br> between two words
  separates them); the rest leaves nothing. Indented code blocks are not
  recognised (their text is prose, as it reads).
- Zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF, U+00AD)
  are removed, as if absent. Separator dots (· ・ • ‧ ∙ ⋅ ･) and all other
  white space are white space.
- A blank line (a line with nothing but white space once markup is gone)
  is a paragraph break and becomes one "\\n", which no match crosses; any
  other run of white space becomes one " "; each paragraph is stripped.

TOKENS of a searchable text (what a term must meet, one after another):
a word is a maximal run of WORD_CHAR (letters of any script but Han, kana
and hangul, digits, `_`); each Han, kana or hangul character is a token by
itself, and so is every other character that is not white space
(punctuation, symbols). White space is no token. TOKEN_PATTERN is that
rule as a regular expression over searchable text.

`searchable_text` builds the text with regular expressions over whole
strings (it runs for every document of a corpus). `searchable_text_with_
offsets` builds the same text unfolded, with the offset in the input of each
character, for the few documents whose snippets are shown. For a long text,
`paragraph_cuts` gives places to cut it where pieces normalise exactly as
the whole does (`piece_text`, `piece_with_offsets`), so a 50 MB article
never needs 50 M offsets at once.
"""

from __future__ import annotations

import html
import re
from array import array
from functools import lru_cache
from typing import Iterator

from feudcli.text.script import fold
from feudcli.text.tokens import TOKEN_PATTERN, WORD_CHAR

_TOKEN = re.compile(TOKEN_PATTERN)
_WORD = re.compile(f"{WORD_CHAR}+")

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
SEPARATOR_DOTS = "\u00b7\u30fb\uff65\u2022\u2027\u2219\u22c5"


# All of Unicode's white space but the line break (str.isspace), listed:
# finding them by testing every code point costs ~60 ms at import.
_WHITE = ("\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
          "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_NORMALISE = {ord(char): None for char in ZERO_WIDTH}
_NORMALISE.update((ord(char), " ") for char in _WHITE + SEPARATOR_DOTS)
# 0 removed, 1 white space, 2 line break; characters not listed are text.
_CLASS = {char: 0 for char in ZERO_WIDTH}
_CLASS.update((char, 1) for char in _WHITE + SEPARATOR_DOTS)
_CLASS["\n"] = 2

_SPACES = re.compile(" {2,}")
_PARAGRAPH_BREAK = re.compile(" ?\n(?: ?\n)+ ?")
_LINE_BREAK = re.compile(" ?\n ?")

# --- markup ------------------------------------------------------------------

_BOUNDED = "[\\s\\S]{0,4000}?"  # template tags may span lines, but not the whole file


@lru_cache(maxsize=1)
def _markup() -> re.Pattern:
    # Compiled when first needed (~10 ms): parsing a query needs none of it.
    return re.compile(
        # Every piece of markup begins with one of these characters, or with
        # indentation at the start of a line: saying so first lets the engine
        # skip the other characters at C speed (7 times faster over prose).
        r"(?=[`~<\[!{&\\*_=|>+#:\-]|(?<![^\n])[ \t])(?:"
        # fenced code: the fence lines go, the code stays
        r"(?P<fence>^[ \t]{0,3}(?P<ticks3>`{3,}|~{3,})[^\n]*(?:\n(?P<fence_code>[\s\S]*?))?"
        r"(?:\n[ \t]{0,3}(?P=ticks3)[`~]*[ \t]*(?=\n|\Z)|\Z))"
        r"|(?P<code>(?<!`)(?P<ticks>`+)(?!`)(?P<code_text>(?:(?!\n[ \t]*\n)[\s\S])+?)(?<!`)(?P=ticks)(?!`))"
        r"|(?P<comment><!--[\s\S]*?-->)"
        r"|(?P<raw><(?P<raw_tag>script|style)\b[^>]*>[\s\S]*?</(?P=raw_tag)\s*>)"
        # a linked image (a badge): the alt text stays
        r"|(?P<badge>\[!\[(?P<badge_alt>[^\]\n]*)\]\([^)\n]*\)\]\([^)\n]*\))"
        r"|(?P<image>!\[(?P<image_alt>[^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\]))"
        r"|(?P<footnote>\[\^[^\]\n]+\]:?)"
        r"|(?P<definition>^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S[^\n]*)"
        r"|(?P<link>\[(?P<link_text>(?:[^\]\n]|\n(?![ \t]*\n))*)\]"
        r"(?:\((?:<[^>\n]*>|[^)\s]*)(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)|\[[^\]\n]*\]))"
        r"|(?P<autolink><(?P<autolink_url>(?:https?|mailto|ftp):[^>\s]+)>)"
        r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
        f"|(?P<template>\\{{\\{{[<%]{_BOUNDED}[>%]\\}}\\}}|\\{{%{_BOUNDED}%\\}}|\\{{\\{{{_BOUNDED}\\}}\\}})"
        r"|(?P<attributes>\{:[^}\n]*\}|[ \t]*\{#[A-Za-z][^}\n]*\}[ \t]*$)"
        r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
        r"|(?P<escape>\\(?P<escaped>[\\`*_{}\[\]()#+\-.!|>~<]))"
        r"|(?P<rule>^[ \t]{0,3}(?:(?:[-*_][ \t]*){3,}|=+|\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?)[ \t]*$)"
        r"|(?P<quote>^[ \t]*(?:>[ \t]?)+(?:\[![A-Za-z]+\][ \t]*)?)"
        # kramdown's table of contents: a list of one item, "* TOC", then {:toc}
        r"|(?P<toc>^[ \t]*[-*+][ \t]+[^\n]*\n[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*$)"
        r"|(?P<marker>^[ \t]*(?:[-*+][ \t]+(?:\[[ xX]\](?:[ \t]+|$))?|#{1,6}(?:[ \t]+|$)))"
        # ** and ~~ anywhere in prose; a single * only where it opens or closes
        # emphasis (not in 2*3, nor a bullet: that is a marker)
        f"|(?P<emphasis>\\*{{2,}}|~~|(?<!{WORD_CHAR})(?<![*\\\\])\\*(?=[^\\s*])"
        f"|(?<=[^\\s*\\\\])\\*(?!{WORD_CHAR})(?!\\*)))",
        re.MULTILINE,
    )

# What each kind of markup leaves: (the group kept, or None; else this text).
_LEAVES = {
    "fence": ("fence_code", ""), "code": ("code_text", ""), "comment": (None, " "), "raw": (None, " "),
    "badge": ("badge_alt", ""), "image": ("image_alt", ""), "footnote": (None, ""), "definition": (None, ""),
    "link": ("link_text", ""), "autolink": ("autolink_url", ""), "tag": (None, " "), "template": (None, " "),
    "attributes": (None, ""), "toc": (None, ""), "entity": (None, ""), "escape": ("escaped", ""), "rule": (None, ""),
    "quote": (None, ""), "marker": (None, ""), "emphasis": (None, ""),
}


def _left(match: re.Match) -> tuple[str, int | None]:
    """(what a piece of markup leaves, its offset in the input, or None
    when it is no part of the input, such as the space a tag leaves)."""
    kind = match.lastgroup
    kept, text = _LEAVES[kind]
    if kept is not None:
        return match.group(kept) or "", match.start(kept)
    if kind == "entity":
        decoded = html.unescape(match.group())
        return (decoded, None) if decoded != match.group() else (decoded, match.start())
    return text, None


def _left_text(match: re.Match) -> str:
    return _left(match)[0]


def prose(markdown: str) -> str:
    """The Markdown text with its markup dropped (not folded)."""
    return _markup().sub(_left_text, markdown)


# --- the searchable text -----------------------------------------------------

def normalise(text: str) -> str:
    """Folded, zero-width characters removed, white space normalised (see
    the module docstring); no markup is dropped."""
    text = _SPACES.sub(" ", fold(text).translate(_NORMALISE))
    paragraphs = (_LINE_BREAK.sub(" ", part).strip(" ") for part in _PARAGRAPH_BREAK.split(text))
    return "\n".join(part for part in paragraphs if part)


def searchable_text(text: str, markup: bool = True) -> str:
    """The searchable text of a body (markup=True) or a title (False)."""
    return normalise(prose(text) if markup else text)


_RUNS = re.compile(f"(?P<text>[^{ZERO_WIDTH}{_WHITE}{SEPARATOR_DOTS}\\n]+)|(?P<gone>[{ZERO_WIDTH}]+)"
                   f"|[{_WHITE}{SEPARATOR_DOTS}\\n]+")


class _Builder:
    """Normalises pieces run by run, remembering offsets: the same text as
    normalise(), built so that each character can be traced back."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offsets = array("q")
        self.started = False
        self.gap_at = -1  # offset where pending white space began; -1: none
        self.breaks = 0  # line breaks in it
        self.gap = ""  # its first two characters

    def add(self, offset: int, piece: str, placed: bool) -> None:
        parts, offsets = self.parts, self.offsets
        for run in _RUNS.finditer(piece):
            kind = run.lastgroup
            if kind == "gone":
                continue
            start, end = run.span()
            at = offset + start if placed else offset
            if kind is None:  # white space
                if self.gap_at < 0:
                    self.gap_at = at
                self.breaks += run.group().count("\n")
                if len(self.gap) < 2:
                    self.gap = (self.gap + run.group())[:2]
                continue
            if self.gap_at >= 0:
                if self.started:
                    if self.breaks >= 2:
                        parts.append("\n")
                    elif len(self.gap) == 1 and self.gap != "\n":
                        parts.append(self.gap)  # a lone ・ or ideographic space, shown as written
                    else:
                        parts.append(" ")
                    offsets.append(self.gap_at)
                self.gap_at, self.breaks, self.gap = -1, 0, ""
            parts.append(run.group())
            if placed:
                offsets.extend(range(at, at + end - start))
            else:
                offsets.extend([at] * (end - start))
            self.started = True

    def result(self) -> tuple[str, array]:
        return "".join(self.parts), self.offsets


def searchable_text_with_offsets(text: str, markup: bool = True) -> tuple[str, array]:
    """(display, offsets): display is the searchable text in the input's own
    characters, position for position: fold(display[i]) is
    searchable_text(text, markup)[i], except where the searchable text has
    a space or a line break, which display shows as written when it was one
    character (・, an ideographic space). offsets[i] is the offset in
    `text` of display[i] (for a space, or a character an entity stands for:
    where it began)."""
    builder = _Builder()
    for offset, piece, placed in _placed_pieces(text, 0, len(text), markup):
        builder.add(offset, piece, placed)
    return builder.result()


def _placed_pieces(text: str, start: int, end: int, markup: bool):
    """(offset, piece, whether each character of the piece is at offset +
    its index) for prose(text) between start and end."""
    if not markup:
        yield start, text[start:end], True
        return
    position = start
    for match in _markup().finditer(text, start, end):
        if match.start() > position:
            yield position, text[position:match.start()], True
        left, offset = _left(match)
        if left:
            yield (offset, left, True) if offset is not None else (match.start(), left, False)
        position = match.end()
    if position < end:
        yield position, text[position:end], True


CHUNK = 1 << 16


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def paragraph_cuts(text: str, markup: bool = True, size: int = CHUNK) -> list[int]:
    """Offsets at which `text` may be cut into pieces of about `size`
    characters, each normalised on its own giving the same paragraphs as
    the whole: at a blank line that no markup spans."""
    cuts = [0]
    if len(text) <= size:
        return cuts + [len(text)]
    spans = _markup().finditer(text) if markup else iter(())
    current = next(spans, None)
    target = size
    while target < len(text):
        blank = _BLANK_LINE.search(text, target)
        if blank is None:
            break
        cut = blank.start() + 1
        while current is not None and current.end() <= blank.start():
            current = next(spans, None)
        if current is not None and current.start() < blank.end():
            target = current.end()  # the blank line is inside markup: look after it
            continue
        cuts.append(cut)
        target = cut + size
    cuts.append(len(text))
    return cuts


def windows(text: str, markup: bool = True, size: int = CHUNK) -> Iterator[tuple[int, int]]:
    """(start, end) pieces of `text` that can be normalised on their own."""
    cuts = paragraph_cuts(text, markup, size)
    return zip(cuts, cuts[1:])


def piece_text(text: str, start: int, end: int, markup: bool = True) -> str:
    """searchable_text of text[start:end] with markup matched as in the
    whole text (equal to the paragraphs of the whole it covers)."""
    return normalise("".join(piece for _, piece, _ in _placed_pieces(text, start, end, markup)))


def piece_with_offsets(text: str, start: int, end: int, markup: bool = True) -> tuple[str, array]:
    builder = _Builder()
    for offset, piece, placed in _placed_pieces(text, start, end, markup):
        builder.add(offset, piece, placed)
    return builder.result()


# --- tokens ------------------------------------------------------------------

def tokens(text: str) -> list[str]:
    """The tokens of a searchable text (see the module docstring)."""
    return _TOKEN.findall(text)


def term_tokens(term: str) -> list[str]:
    """A query term tokenised as the documents are (folded, normalised)."""
    return _TOKEN.findall(normalise(term))


def is_word(token: str) -> bool:
    return _WORD.fullmatch(token) is not None
