"""Script detection and the search fold.

The fold maps every character to exactly one character, so a position in the
folded text is the same position in the original: snippets and highlights are
cut from the original at exactly the places that matched in the folded text.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from feudcli.text import opencc_data as opencc_tables

# Variant tables, applied before Traditional -> Simplified, so a Taiwan, Hong
# Kong or Japanese variant folds to the same character as the standard form.
VARIANT_TABLES = ("TWVariantsRev.txt", "HKVariantsRev.txt", "JPShinjitaiCharacters.txt")
TRADITIONAL_TO_SIMPLIFIED = ("TSCharacters.txt",)


# A text is one script when at least this share of its script-specific
# characters belongs to it; real Simplified text contains a few characters
# that OpenCC also lists as Traditional (乾, 著, 於 in names) and vice versa.
DOMINANT_SHARE = 0.9

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Kana are what tells Japanese from Chinese (its kanji are Han characters,
# many of them Traditional-looking). The middle dot U+30FB is left out:
# Chinese writes it in foreign names (伊隆・馬斯克).
_KANA = re.compile("[\u3041-\u309f\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9d\U0001b000-\U0001b16f]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uffa0-\uffdc]")
# Measured on real blogs: Japanese posts have 60-77 % kana among their kana
# and Han characters, Chinese posts that quote a Japanese name 0-0.2 %.
JAPANESE_SHARE = 0.2
KOREAN_SHARE = 0.3
# One kana (a quoted の) is no evidence in a text of a few characters.
MIN_KANA = 2


@lru_cache(maxsize=None)
def _chinese_characters() -> frozenset[str]:
    """Characters Chinese uses in its own right: those of OpenCC's Simplified
    phrase table. A Japanese shinjitai such as 欠 or 芸 that is also an
    ordinary Chinese character must not be folded away."""
    return frozenset((opencc_tables.data_dir() / "STPhrases.txt").read_text(encoding="utf-8"))


def _single_char_table(names: tuple[str, ...], skip=frozenset()) -> dict[str, str]:
    table: dict[str, str] = {}
    for name in names:
        for key, values in opencc_tables.read_dictionary(name).items():
            target = values[0]
            if len(key) == 1 and len(target) == 1 and key != target and key not in skip:
                table.setdefault(key, target)
    return table


# Bump when the way the tables are built changes.
TABLES_VERSION = 2


def _tables_file() -> str:
    """The name the built tables are saved under, tied to OpenCC's data."""
    try:
        stamp = os.stat(opencc_tables.data_dir() / "TSCharacters.txt").st_mtime_ns
    except (OSError, opencc_tables.OpenCCDataMissing):
        stamp = 0
    return f"script-tables-v{TABLES_VERSION}-{stamp}.marshal"


@lru_cache(maxsize=None)
def _tables() -> tuple[dict[int, str], frozenset[str], frozenset[str]]:
    """(fold table, simplified-only, traditional-only characters). Building
    them reads five of OpenCC's tables (~50 ms); they are saved in the cache
    directory and read back in about a millisecond."""
    from feudcli.store.location import load_marshalled, save_marshalled

    name = _tables_file()
    saved = load_marshalled(name)
    # Saved as four strings (keys, values, two character sets): reading
    # strings back is ten times faster than reading a dict or sets.
    if isinstance(saved, tuple) and len(saved) == 4 and all(isinstance(part, str) for part in saved):
        keys, values, simplified, traditional = saved
        return dict(zip(map(ord, keys), values)), frozenset(simplified), frozenset(traditional)
    table = _build_fold_table()
    simplified, traditional = _build_script_sets(table)
    save_marshalled(name, ("".join(map(chr, table)), "".join(table.values()),
                           "".join(sorted(simplified)), "".join(sorted(traditional))))
    return table, simplified, traditional


def fold_table() -> dict[int, str]:
    """str.translate table: variant -> standard Traditional -> Simplified,
    full-width -> half-width, Latin/Greek/Cyrillic case-folded."""
    return _tables()[0]


def _build_fold_table() -> dict[int, str]:
    variants = _single_char_table(VARIANT_TABLES[:2])
    japanese = _single_char_table(VARIANT_TABLES[2:], skip=_chinese_characters())
    for key, target in japanese.items():
        variants.setdefault(key, target)
    to_simplified = _single_char_table(TRADITIONAL_TO_SIMPLIFIED)

    def once(char: str) -> str:
        standard = variants.get(char, char)
        return to_simplified.get(standard, standard)

    folded = {key: once(key) for key in variants.keys() | to_simplified.keys()}
    # The fold must be idempotent (folding folded text changes nothing):
    # follow chains to their end, and drop a mapping that runs in a circle.
    for key in list(folded):
        seen = {key}
        target = folded[key]
        while folded.get(target, target) != target and target not in seen:
            seen.add(target)
            target = folded[target]
        if folded.get(target, target) == target:
            folded[key] = target
        else:
            del folded[key]

    table = {ord(key): target for key, target in folded.items() if key != target}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "  # ideographic space
    for code in range(0x41, 0x0530):
        char = chr(code)
        lower = char.lower()
        if lower != char and len(lower) == 1:
            table[code] = lower
    for code in range(0xFF21, 0xFF3B):  # full-width capitals -> lower ASCII
        table[code] = chr(code - 0xFEE0).lower()
    return table


def fold(text: str) -> str:
    """The search fold; len(fold(text)) == len(text) always."""
    return text.translate(fold_table())


def _script_sets() -> tuple[frozenset[str], frozenset[str]]:
    return _tables()[1], _tables()[2]


def _build_script_sets(table: dict[int, str]) -> tuple[frozenset[str], frozenset[str]]:
    traditional = frozenset(chr(code) for code, target in table.items()
                            if target != chr(code) and _CJK.match(chr(code)))
    simplified_keys = opencc_tables.read_dictionary("STCharacters.txt")
    traditional_keys = opencc_tables.read_dictionary("TSCharacters.txt")
    simplified = frozenset(
        key for key, values in simplified_keys.items()
        if len(key) == 1 and key not in traditional_keys and values[0] != key
    )
    return simplified, traditional - simplified


_SIMPLIFIED_MARK, _TRADITIONAL_MARK = "\ue000", "\ue001"  # private-use characters


@lru_cache(maxsize=None)
def _script_marks() -> dict[int, str]:
    """translate table: script-specific characters -> one mark per script,
    so counting them runs in C rather than character by character."""
    simplified, traditional = _script_sets()
    table = {ord(char): _SIMPLIFIED_MARK for char in simplified}
    table.update((ord(char), _TRADITIONAL_MARK) for char in traditional)
    return table


def _script_counts(text: str) -> tuple[int, int]:
    marked = text.translate(_script_marks())
    hans = marked.count(_SIMPLIFIED_MARK) - text.count(_SIMPLIFIED_MARK)
    hant = marked.count(_TRADITIONAL_MARK) - text.count(_TRADITIONAL_MARK)
    return hans, hant


def _language(text: str) -> str | None:
    """'ja' or 'ko' for text in Japanese or Korean, else None."""
    kana = len(_KANA.findall(text))
    hangul = len(_HANGUL.findall(text))
    if not kana and not hangul:
        return None  # the common case: no need to count the Han characters
    han = len(_CJK.findall(text))
    if hangul and hangul >= KOREAN_SHARE * (hangul + han + kana) and hangul >= kana:
        return "ko"
    if kana >= MIN_KANA and kana >= JAPANESE_SHARE * (kana + han):
        return "ja"
    return None


def detect_script(text: str) -> str:
    """'hans', 'hant', 'mixed', 'none' (no character that tells them
    apart), or 'ja' / 'ko' for Japanese or Korean text, which is not
    Chinese in either script and is never converted."""
    language = _language(text)
    if language is not None:
        return language
    hans, hant = _script_counts(text)
    total = hans + hant
    if total == 0:
        return "none"
    if hans >= DOMINANT_SHARE * total:
        return "hans"
    if hant >= DOMINANT_SHARE * total:
        return "hant"
    return "mixed"


def count_letters(text: str) -> int:
    """CJK characters plus letters: the article's `chars`."""
    return sum(map(str.isalpha, text))
