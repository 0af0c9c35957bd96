"""The searchable form of a text: folded (feudcli.script.fold), with white
space normalised so that a match can span a line break inside a paragraph.

- a single line break inside a paragraph disappears between CJK characters
  and becomes one space between other characters (hard-wrapped Markdown);
- runs of spaces and tabs become one space; spaces between two CJK
  characters disappear (they carry no meaning in Chinese);
- a blank line (paragraph break) becomes one line break, which no term
  crosses.

`normalize_with_offsets` also returns, for every character of the result,
its offset in the input, so matches found in the normalised text map back to
exact places in the original article.
"""

from __future__ import annotations

import re

from feudcli.script import fold

_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_BLANK = "[ \\t\\r\\f\\v\\u00a0]"  # white space within a line (after the fold)
_PARAGRAPH_BREAK = re.compile(f"{_BLANK}*\\n(?:{_BLANK}*\\n)+{_BLANK}*")
_SPACE = re.compile(f"(?:{_BLANK}|\\n)+")
# The same ranges as _CJK, tested in Python: a regular expression over them
# takes ~4 ms to compile, more than all the calls here cost.
_CJK_RANGES = ((0x2E80, 0x2FFF), (0x3000, 0x303F), (0x3040, 0x9FFF), (0xAC00, 0xD7AF),
               (0xF900, 0xFAFF), (0xFF00, 0xFFEF))


def _is_cjk(char: str) -> bool:
    if not char:
        return False
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """(normalised folded text, offset in `text` of each of its characters)."""
    folded = fold(text)
    out: list[str] = []
    offsets: list[int] = []
    position = 0
    length = len(folded)
    while position < length:
        paragraph = _PARAGRAPH_BREAK.match(folded, position)
        if paragraph:
            if out:
                out.append("\n")
                offsets.append(position)
            position = paragraph.end()
            continue
        space = _SPACE.match(folded, position)
        if space:
            before = out[-1] if out else ""
            after = folded[space.end()] if space.end() < length else ""
            if before and after and before != "\n" and not (_is_cjk(before) and _is_cjk(after)):
                out.append(" ")
                offsets.append(position)
            position = space.end()
            continue
        out.append(folded[position])
        offsets.append(position)
        position += 1
    return "".join(out), offsets


# At least one blank or line break: an empty match between every two CJK
# characters would make this the slowest step of indexing.
_SOFT_BREAK_CJK = re.compile(f"(?<=[{_CJK}])(?:{_BLANK}+\\n?|\\n){_BLANK}*(?=[{_CJK}])")


def normalize(text: str) -> str:
    """The normalised folded text alone, computed with C-speed regexes
    (it is built for every document of the corpus)."""
    folded = fold(text)
    paragraphs = _PARAGRAPH_BREAK.split(folded.strip())
    result = []
    for paragraph in paragraphs:
        paragraph = _SOFT_BREAK_CJK.sub("", paragraph)
        paragraph = _SPACE.sub(" ", paragraph).strip(" ")
        if paragraph:
            result.append(paragraph)
    return "\n".join(result)
