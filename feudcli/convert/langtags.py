"""Language tags of converted articles, in the corpus's own convention.

A corpus that writes `zh-CN`/`zh-TW`/`zh-HK` keeps region tags, one that
writes `zh-Hans`/`zh-Hant-TW` keeps script tags, one that writes `hans`/
`hant` keeps those; case and separator (`zh_cn`) are kept as well. Tags of
other languages (en, ja) and a bare `zh`, which says nothing about script,
are left alone.
"""

from __future__ import annotations

import re

_SCRIPT_STYLE = re.compile(r"(zh)([-_])(hans|hant)(?:([-_])([a-z]{2}))?", re.IGNORECASE)
_REGION_STYLE = re.compile(r"(zh)([-_])([a-z]{2})", re.IGNORECASE)
_BARE_STYLE = re.compile(r"hans|hant", re.IGNORECASE)

# Regions whose tag already fits a target, so it is kept (zh-SG stays zh-SG
# when converted to Simplified, zh-HK stays zh-HK when converted to hant).
_FITTING_REGIONS = {"hans": ("cn", "sg", "my"), "hant": ("tw", "hk", "mo"), "tw": ("tw",), "hk": ("hk",)}
_DEFAULT_REGION = {"hans": "cn", "hant": "tw", "tw": "tw", "hk": "hk"}
# Chinese region tags: anything else after zh- (zh-yue?) is not ours to touch.
_CHINESE_REGIONS = {"cn", "sg", "my", "tw", "hk", "mo"}

# Traditional in OpenCC's own standard (爲, 着), which no region writes: a
# region tag would be a false label, so it becomes a script tag (zh-Hant).
STANDARD = "standard"

# Which target each OpenCC config writes; None: not a Chinese script (t2jp).
CONFIG_TARGET = {
    "s2t": STANDARD, "t2s": "hans", "s2tw": "tw", "s2twp": "tw", "tw2s": "hans", "tw2sp": "hans",
    "s2hk": "hk", "s2hkp": "hk", "hk2s": "hans", "hk2sp": "hans", "t2tw": "tw", "t2hk": "hk",
    "tw2t": STANDARD, "hk2t": STANDARD, "jp2t": STANDARD, "t2jp": None,
}


def _same_case(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()


def _region(region: str, target: str) -> str:
    if region.lower() in _FITTING_REGIONS[target]:
        return region
    return _same_case(region, _DEFAULT_REGION[target])


def retag(tag: str, target: str) -> str:
    """tag rewritten for text now in target (hans, hant, tw, hk)."""
    script = "hans" if target == "hans" else "hant"
    match = _SCRIPT_STYLE.fullmatch(tag)
    if match:
        zh, sep, old_script, sep2, region = match.groups()
        new = f"{zh}{sep}{_same_case(old_script, script)}"
        if region and target == STANDARD:
            return new  # no region writes OpenCC's standard
        if region:
            new += f"{sep2}{_region(region, target)}"
        return new
    match = _REGION_STYLE.fullmatch(tag)
    if match and match.group(3).lower() in _CHINESE_REGIONS:
        zh, sep, region = match.groups()
        if target == STANDARD:
            return f"{zh}{sep}{'hant' if region.islower() else 'Hant'}"
        return f"{zh}{sep}{_region(region, target)}"
    if _BARE_STYLE.fullmatch(tag):
        return _same_case(tag, script)
    return tag


TAG_TOKEN = re.compile(r"(?<![\w-])(?:zh[-_]\w+(?:[-_][a-z]{2})?|hans|hant)(?![\w-])", re.IGNORECASE)


_TRADITIONAL_SUBTAGS = {"hant", "tw", "hk", "mo"}
_SIMPLIFIED_SUBTAGS = {"hans", "cn", "sg", "my"}


def tagged_scripts(lang: str | None) -> set[str]:
    """The Chinese scripts a lang value labels its text with: zh-TW, zh-HK,
    zh-Hant, hant -> hant; zh-CN, zh-SG, zh-Hans, hans -> hans."""
    found: set[str] = set()
    for match in TAG_TOKEN.finditer(lang or ""):
        subtags = set(re.split(r"[-_]", match.group(0).lower()))
        if subtags & _TRADITIONAL_SUBTAGS:
            found.add("hant")
        if subtags & _SIMPLIFIED_SUBTAGS:
            found.add("hans")
    return found
