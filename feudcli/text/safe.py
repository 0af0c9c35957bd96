"""Untrusted text made safe for a terminal, without rich (cheap to import).

Article text, front matter values and file names come from outside. Before
any of it reaches a terminal, control characters that a terminal acts on
(ESC starting ANSI/OSC sequences, BEL, C1 controls such as CSI, bidi
overrides that reorder what is shown) are replaced by visible escapes like
\\x1b, so the reader sees that they are there and nothing is executed.
Tab and newline are kept: they only lay text out.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        # A byte that was not UTF-8 (os.fsdecode and surrogateescape hold it
        # this way): shown as that byte, \\xff, as file names are everywhere.
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str | None) -> str:
    """Control characters (ESC, BEL, C1, bidi overrides, lone surrogates) as
    visible escapes; None becomes ""."""
    if not text:
        return text or ""
    return _CONTROL.sub(_escape, text)


def one_line(text: str | None) -> str:
    """visible(), and line breaks and tabs as spaces: for one-line messages."""
    return visible(text).replace("\r", " ").replace("\n", " ").replace("\t", " ")

