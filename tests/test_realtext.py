"""Issue 11: real corpora. Japanese and Korean stay as written, Latin
words are words, regional words stay in their script, markup is not text.

The articles are in tests/data/realtext (written for these tests; see SOURCE
there), each in the shape of a real post that went wrong.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli_helpers import ids, lines, records, run

DATA = Path(__file__).resolve().parent / "data" / "realtext"


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "realtext"
    shutil.copytree(DATA, root)
    return root


# --- Japanese and Korean are not Chinese -------------------------------------

def test_japanese_and_korean_are_detected(corpus):
    scripts = {record["id"]: record["script"] for record in records(run("list", "--format", "jsonl", corpus=corpus))}
    assert scripts["ja-post"] == "ja"
    assert scripts["ko-post"] == "ko"
    # A Chinese article quoting a Japanese name (ポケモン) stays Chinese.
    assert scripts["hans-kana"] == "hans"
    assert scripts["hant-ziliao"] == "hant"
    assert scripts["en-github"] == "none"
    assert ids(run("list", "--script", "ja", corpus=corpus)) == ["ja-post"]
    assert ids(run("list", "--script", "hant", corpus=corpus)) == ["hant-ziliao"]
    assert ids(run("list", "--script", "ko", corpus=corpus)) == ["ko-post"]


def test_convert_skips_japanese_and_korean(corpus):
    original = (corpus / "ja-post.md").read_bytes()
    result = run("convert", "--all", "--to", "hans", "--in-place", corpus=corpus)
    assert result.exit_code == 0, result.stderr
    assert (corpus / "ja-post.md").read_bytes() == original
    assert "ja-post: skipped: Japanese" in result.stderr
    assert "ko-post: skipped: Korean" in result.stderr
    # The Traditional article next to it was converted.
    assert "数据库笔记" in (corpus / "hant-ziliao.md").read_text(encoding="utf-8")  # tw2sp: 資料 -> 数据


def test_convert_japanese_even_with_a_forced_chinese_config(corpus):
    result = run("convert", "ja-post", "--config", "t2s", corpus=corpus)
    assert "絶対" in result.stdout and "太陽" in result.stdout and "绝対" not in result.stdout
    assert "skipped: Japanese" in result.stderr


def test_japanese_configs_stay_available(corpus):
    (corpus / "ja-old.md").write_text("昔の國語の文章です。これは舊字體で書かれています。\n", encoding="utf-8")
    result = run("convert", "ja-old", "--config", "t2jp", corpus=corpus)
    assert result.exit_code == 0, result.stderr
    assert "国語" in result.stdout and "skipped" not in result.stderr


def test_standard_input_leaves_japanese_lines_alone():
    result = run("convert", "--to", "hans", "-", input="太陽が沈むころ、良い時間を過ごしました。\n這個資料庫\n")
    assert result.stdout == "太陽が沈むころ、良い時間を過ごしました。\n这个资料库\n"


@pytest.mark.parametrize("command", [["show", "ja-post"], ["list"], ["search", "太陽", "--format", "jsonl"]])
def test_to_leaves_japanese_as_written(corpus, command):
    result = run(*command, "--to", "hans", corpus=corpus)
    assert result.exit_code == 0, result.stderr
    assert "夏の終わりに" in result.stdout
    if command[0] != "list":
        assert "太陽" in result.stdout and "太阳" not in result.stdout
