"""Bytes of an article file -> text, with the encoding that was used.

Real Chinese corpora hold UTF-8 (with or without BOM), UTF-16 with BOM, and
legacy GB18030/GBK and Big5 files. Legacy encodings carry no marker, so both
are tried and the decoding that reads as more ordinary Chinese wins.
"""

from __future__ import annotations

import codecs
from functools import lru_cache

from feudcli import opencc_tables

LEGACY_ENCODINGS = ("gb18030", "big5hkscs")


class UndecodableFile(ValueError):
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
    non_ascii = [char for char in text if ord(char) > 0x7F]
    if not non_ascii:
        return 1.0
    return sum(char in common for char in non_ascii) / len(non_ascii)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Raises UndecodableFile."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise UndecodableFile(f"not valid UTF-8 despite its byte-order mark ({error.reason} at byte {error.start})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UndecodableFile("not valid UTF-16 despite its byte-order mark") from None
    if b"\x00" in data[:8192]:
        raise UndecodableFile("binary data (NUL bytes), not a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
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
    return text, encoding
