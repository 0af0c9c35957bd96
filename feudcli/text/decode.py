"""Bytes of an article file -> text, with the encoding that was used.

Real Chinese corpora hold UTF-8 (with or without BOM), UTF-16 with BOM, and
legacy GB18030/GBK and Big5 files. Legacy encodings carry no marker, so both
are tried and the decoding that reads as more ordinary Chinese wins. A UTF-8
file with a few damaged bytes is still read (they become U+FFFD and the
caller is told how many); anything else that is not text is refused.
"""

from __future__ import annotations

import codecs
from functools import lru_cache

from feudcli.errors import FeudcliError
from feudcli.text import opencc_data as opencc_tables

LEGACY_ENCODINGS = ("gb18030", "big5hkscs")
# Judging a legacy decoding needs a sample, not a list of 50 million characters.
PLAUSIBILITY_SAMPLE = 200_000
# A file is "UTF-8 with damage" when at most this share of its bytes are bad
# (a few are allowed in a short file) and its good part really is UTF-8:
# it has far more well-formed non-ASCII characters than bad bytes.
MAX_BAD_UTF8_SHARE = 0.001
MIN_BAD_UTF8_ALLOWED = 8
GOOD_PER_BAD_UTF8 = 10


class UndecodableFile(FeudcliError):
    pass


@lru_cache(maxsize=None)
def _common_characters() -> frozenset[str]:
    # Every character of OpenCC's phrase tables, both scripts: a good proxy
    # for "text a person wrote" when comparing two legacy decodings.
    data = opencc_tables.data_dir()
    text = (data / "STPhrases.txt").read_text(encoding="utf-8")
    return frozenset(text)


def _plausibility(text: str) -> float:
    common = _common_characters()
    non_ascii = [char for char in text[:PLAUSIBILITY_SAMPLE] if ord(char) > 0x7F]
    if not non_ascii:
        return 1.0
    return sum(char in common for char in non_ascii) / len(non_ascii)


class _TooManyErrors(FeudcliError):
    pass


# codecs error handlers are registered by name, once; the running decode's
# counter sits in this slot (decoding is not shared between threads here).
_COUNTER: list = [None]
codecs.register_error("feudcli-count-bad-utf8", lambda error: _COUNTER[0](error))


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """(text with bad bytes as U+FFFD, number of bad bytes), or None when
    the file is not UTF-8 with a little damage."""
    limit = max(MIN_BAD_UTF8_ALLOWED, int(len(data) * MAX_BAD_UTF8_SHARE))
    bad = 0

    def count(error: UnicodeDecodeError):
        nonlocal bad
        bad += error.end - error.start
        if bad > limit:
            raise _TooManyErrors
        return "\ufffd", error.end

    _COUNTER[0] = count
    try:
        text = data.decode("utf-8", errors="feudcli-count-bad-utf8")
    except _TooManyErrors:
        return None
    finally:
        _COUNTER[0] = None
    sample = text[:PLAUSIBILITY_SAMPLE]
    good = sum(1 for char in sample if ord(char) > 0x7F and char != "\ufffd")
    if good < bad * GOOD_PER_BAD_UTF8:
        return None
    return text, bad


def decode_text(data: bytes) -> tuple[str, str, int]:
    """(text, encoding name, number of bad bytes replaced by U+FFFD).
    Raises UndecodableFile."""
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF8, "utf-8-sig"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name, 0
            except UnicodeDecodeError as error:
                raise UndecodableFile(
                    f"not valid {name.upper().replace('-SIG', '')} despite its byte-order mark "
                    f"({error.reason} at byte {error.start})"
                ) from None
    if b"\x00" in data[:8192]:
        raise UndecodableFile("binary data (NUL bytes), not a text file")
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError as error:
        utf8_error = error
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged[0], "utf-8", damaged[1]
    candidates = []
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), encoding, text))
    if not candidates:
        raise UndecodableFile(
            f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}), GB18030 or Big5"
        )
    score, encoding, text = max(candidates, key=lambda item: item[0])
    if score < 0.5:
        raise UndecodableFile(
            f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}), and not readable as GB18030 or Big5"
        )
    return text, encoding, 0


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name); damaged UTF-8 comes back with U+FFFD in it.
    Raises UndecodableFile."""
    text, encoding, _ = decode_text(data)
    return text, encoding
