"""What a conversion changes, shown two ways: a unified diff (for a pipe,
`patch` and `git apply`), and changed lines with the changed characters
marked (for a person at a terminal).

Lines are split at "\\n" only, as diff and patch split them (never at the
other line separators Python knows, such as U+2028).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Iterator

NO_NEWLINE = "\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def unified(before: str, after: str, label: str, context: int = 3) -> Iterator[str]:
    """The diff of before -> after, as git labels it (a/LABEL, b/LABEL);
    nothing when they are equal."""
    for line in difflib.unified_diff(_lines(before), _lines(after), f"a/{label}", f"b/{label}", n=context):
        yield line
        if not line.endswith("\n"):
            yield "\n" + NO_NEWLINE


@dataclass
class LineChange:
    """One changed line: its number in the original (for an added line, the
    line it follows), and its text as pieces ("=" kept, "-" removed, "+"
    added)."""
    number: int
    pieces: list[tuple[str, str]]


# What a change is marked in: a Latin word or number whole (hant -> hans,
# not han[t][s]), any other character on its own (a Chinese character is a
# unit of meaning).
_TOKEN = re.compile(r"[A-Za-z0-9_]+|.", re.DOTALL)


def _pieces(old: str, new: str) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("=", "".join(before[i1:i2])))
            continue
        if i1 < i2:
            pieces.append(("-", "".join(before[i1:i2])))
        if j1 < j2:
            pieces.append(("+", "".join(after[j1:j2])))
    return _whole_words(pieces)


def _whole_words(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A kept character between a removal and an addition joins them (滑鼠
    -> 鼠标 is [-滑鼠-]{+鼠标+}, not [-滑-]鼠{+标+}); each change is its
    removal, then its addition."""
    merged: list[tuple[str, str]] = []
    removed = added = ""
    for index, (kind, text) in enumerate(pieces):
        after = pieces[index + 1][0] if index + 1 < len(pieces) else "="
        # A character moved: removed before it and added after it (or so).
        between = kind == "=" and len(text) == 1 and ((removed and not added and after == "+")
                                                      or (added and not removed and after == "-"))
        if kind == "=" and not between:
            merged += [("-", removed)] * bool(removed) + [("+", added)] * bool(added) + [("=", text)]
            removed = added = ""
            continue
        removed += text if kind != "+" else ""
        added += text if kind != "-" else ""
    return merged + [("-", removed)] * bool(removed) + [("+", added)] * bool(added)


def inline_changes(before: str, after: str) -> list[LineChange]:
    """The lines that differ, each with the changed characters marked."""
    old = [line.rstrip("\r\n") for line in _lines(before)]
    new = [line.rstrip("\r\n") for line in _lines(after)]
    changes: list[LineChange] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)  # a conversion keeps lines: pair them up in order
        for offset in range(paired):
            changes.append(LineChange(i1 + offset + 1, _pieces(old[i1 + offset], new[j1 + offset])))
        for index in range(i1 + paired, i2):
            changes.append(LineChange(index + 1, [("-", old[index])]))
        for index in range(j1 + paired, j2):
            changes.append(LineChange(i2, [("+", new[index])]))
    return changes


def shorten(pieces: list[tuple[str, str]], context: int = 10) -> list[tuple[str, str]]:
    """Long unchanged stretches cut to `context` characters on each side of a
    change, with … where text was left out."""
    short: list[tuple[str, str]] = []
    last = len(pieces) - 1
    for index, (kind, text) in enumerate(pieces):
        if kind == "=" and len(text) > 2 * context + 1:
            head = text[:context] if index > 0 else ""
            tail = text[-context:] if index < last else ""
            text = f"{head}…{tail}"
        short.append((kind, text))
    return short
