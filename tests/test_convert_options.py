"""The library under issue 15's convert options: which config a source
region (--from) leads to, phrase dictionaries in OpenCC's format (--dict),
and the two forms of a diff (--diff)."""

from __future__ import annotations

import pytest

from feudcli.convert import diff
from feudcli.convert.dictionaries import DictionaryError, PhraseDictionary, parse_dictionary, split_phrases
from feudcli.convert.opencc import config_for


# ---------------------------------------------------------------- the source

@pytest.mark.parametrize("script, lang, source, config", [
    ("hant", None, None, "t2s"),
    ("hant", None, "tw", "tw2sp"),
    ("hant", "hant", "tw", "tw2sp"),  # a bare script tag names no region
    ("hant", "zh-HK", "tw", "hk2s"),  # the front matter's region wins
    ("hant", "zh-CN", "tw", "t2s"),
    ("hant", "zh-Hant-TW", None, "tw2sp"),
    ("hans", None, "tw", None),  # detected Simplified stays Simplified
    ("mixed", None, "hk", "hk2s"),
    ("none", None, None, None),
    ("none", None, "tw", "tw2sp"),  # 滑鼠: Taiwan's word in shared characters
    ("none", None, "hans", None),
    ("ja", None, "tw", None),
])
def test_config_for_a_source(script, lang, source, config):
    assert config_for(script, "hans", lang, source) == config


def test_source_only_changes_the_way_to_simplified():
    assert config_for("hant", "hant", None, "tw") is None
    assert config_for("hant", "tw", None, "tw") == "t2tw"
    assert config_for("none", "hant", None, "hans") == "s2tw"


# ---------------------------------------------------------------- dictionaries

def test_dictionary_format_is_opencc_s():
    text = "\ufeff# names\n\n奥尔特曼\t奧特曼\n内存\t內存 記憶體\r\n"
    assert parse_dictionary(text) == {"奥尔特曼": "奧特曼", "内存": "內存"}


def test_phrases_match_leftmost_then_longest():
    dictionary = PhraseDictionary.of({"马斯": "X", "马斯克": "Y", "斯克": "Z"})
    assert split_phrases("马斯克与马斯", dictionary) == [("马斯克", "Y"), ("与", None), ("马斯", "X")]
    assert PhraseDictionary.of({"a": "b"}) == PhraseDictionary.of([("a", "b")])
    assert hash(PhraseDictionary.of({"a": "b"})) == hash(PhraseDictionary.of({"a": "b"}))


def test_a_bad_line_is_named():
    with pytest.raises(DictionaryError, match=r"^names.txt, line 2: no tab"):
        parse_dictionary("# ok\n马斯克 馬斯克\n", "names.txt")


# ---------------------------------------------------------------- diffs

def test_unified_diff_and_inline_changes():
    before, after = "標題\n滑鼠\n不變\n", "标题\n鼠标\n不变\n"
    assert "".join(diff.unified(before, after, "a.md")) == (
        "--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n-標題\n-滑鼠\n-不變\n+标题\n+鼠标\n+不变\n")
    changes = diff.inline_changes(before, after)
    assert [change.number for change in changes] == [1, 2, 3]
    assert changes[1].pieces == [("-", "滑鼠"), ("+", "鼠标")]
    assert changes[2].pieces == [("=", "不"), ("-", "變"), ("+", "变")]
    assert list(diff.unified("same\n", "same\n", "a.md")) == []


def test_long_unchanged_text_is_shortened():
    pieces = [("=", "甲" * 30), ("-", "體"), ("+", "体"), ("=", "乙" * 30)]
    assert diff.shorten(pieces, 5) == [("=", "…甲甲甲甲甲"), ("-", "體"), ("+", "体"), ("=", "乙乙乙乙乙…")]
