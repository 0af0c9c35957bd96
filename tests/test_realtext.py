"""Issue 11: real corpora. Japanese and Korean stay as written, Latin
words are words, regional words stay in their script, markup is not text.

The articles are in tests/data/realtext (written for these tests; see SOURCE
there), each in the shape of a real post that went wrong.
"""

from __future__ import annotations

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


# --- Latin words are words ---------------------------------------------------

def found(corpus, *query) -> list[str]:
    result = run("search", *query, "-l", corpus=corpus)
    assert result.exit_code in (0, 1), result.stderr
    return sorted(result.stdout.split())


def counts(corpus, *query) -> dict[str, int]:
    result = run("search", *query, "-c", corpus=corpus)
    assert result.exit_code in (0, 1), result.stderr
    return {line.split("\t")[0]: int(line.split("\t")[1]) for line in lines(result)}


def test_latin_words_match_whole_words(corpus):
    assert found(corpus, "Git") == ["hans-git"]  # not the GitHub of en-github
    assert found(corpus, "GitHub") == ["en-github"]
    assert found(corpus, "github") == ["en-github"]
    assert found(corpus, "at") == []  # not inside "that"
    assert found(corpus, "penA") == []  # not inside OpenAI
    assert found(corpus, "git*") == ["en-github", "hans-git"]  # a prefix, on request
    assert found(corpus, "his*") == ["en-github"]  # history
    assert found(corpus, '"git*"') == []  # quoted, the asterisk is text


def test_cjk_matches_as_substrings_of_any_length(corpus):
    assert found(corpus, "融") == ["hans-git"]
    assert found(corpus, "轮融") == ["hans-git"]


def test_mixed_terms_match_across_the_boundary(corpus):
    # "A 轮融资" and "A轮融资" are both written in hans-git.
    assert counts(corpus, "A轮融资") == {"hans-git": 2}
    assert counts(corpus, '"A 轮融资"') == {"hans-git": 2}
    assert counts(corpus, "iPhone手机") == {"hans-git": 1}
    # "GPT - 4o" and "GPT-4o", never the one word GPT4o of en-github.
    assert counts(corpus, "GPT-4o") == {"hans-git": 2}
    assert found(corpus, "GPT4o") == ["en-github"]


def test_zero_width_characters_are_ignored(make_corpus):
    root = make_corpus({"zw.md": "I host on Git\u200bHub and in 马\u200d斯克's repo.\n"})
    assert found(root, "GitHub") == ["zw"] and found(root, "Git") == []
    assert found(root, "马斯克") == ["zw"]
    hit = records(run("search", "马斯克", "--format", "jsonl", corpus=root))[0]
    snippet = hit["snippets"][0]
    start, end = snippet["highlights"][0]
    assert snippet["text"][start:end] == "马斯克"  # shown without the invisible joiner
    from feudcli.search.query import parse_query
    from feudcli.search.snippets import match_spans

    body = "I host on Git\u200bHub and in 马\u200d斯克's repo."
    assert [body[start:end] for start, end in match_spans(body, parse_query(["马斯克"]))] == ["马\u200d斯克"]
    assert [body[start:end] for start, end in match_spans(body, parse_query(["github"]))] == ["Git\u200bHub"]


# --- regional words stay in their script --------------------------------------

def test_a_regional_word_only_matches_in_its_own_script(corpus):
    result = run("search", "数据", "-c", corpus=corpus)
    # 資料 is Taiwan's word for data, and Simplified 资料 means materials:
    # hans-ziliao counts its one 数据, not its two 资料.
    assert {line.split("\t")[0]: line.split("\t")[1] for line in lines(result)} == {
        "hant-ziliao": "3", "hans-ziliao": "1"}  # 資料 twice in the body, once in the title
    assert "資料 only in Traditional articles" in result.stderr


def test_a_term_in_simplified_characters_is_the_mainland_word(corpus):
    result = run("search", "资料", "-c", corpus=corpus)
    assert "note" not in result.stderr  # 资料 (materials) gains no 数据
    result = run("search", "資料", "-c", corpus=corpus)
    assert "数据 only in Simplified articles" in result.stderr


def test_an_or_of_a_word_and_its_alias_counts_each_place_once(corpus):
    assert counts(corpus, "服务器", "OR", "伺服器") == {"hant-ziliao": 2, "hans-ziliao": 1}
    assert counts(corpus, "伺服器") == {"hant-ziliao": 2, "hans-ziliao": 1}


def test_the_lang_tag_makes_an_article_traditional(make_corpus):
    # Written in Simplified characters, but labelled Taiwan's: 資料 is data there.
    root = make_corpus({"tw.md": "---\nlang: zh-TW\n---\n资料\n", "cn.md": "---\nlang: zh-CN\n---\n资料\n"})
    assert found(root, "数据") == ["tw"]


# --- markup is not text; snippets read like prose -----------------------------

@pytest.mark.parametrize("word", ["centered", "sunset", "jpg", "shortcode", "caption", "liquid", "gallery",
                                  "JSRef", "toc", "images", "Global_Objects", "img", "alt"])
def test_markup_is_not_searchable(corpus, word):
    assert found(corpus, word) == []


@pytest.mark.parametrize("text", ["数组文档", "海边的日落", "Array.prototype.map", "map"])
def test_link_text_alt_text_and_code_are(corpus, text):
    assert found(corpus, text) == ["kramdown"]


def test_snippets_show_prose_with_exact_highlights(corpus):
    hit = records(run("search", "数组文档", "OR", "变成", "--format", "jsonl", corpus=corpus))[0]
    texts = [snippet["text"] for snippet in hit["snippets"]]
    assert texts == ["这是一张海边的照片，拍得很清楚。海边的日落 请看数组文档，以及 Array.prototype.map() 的说明…",
                     "…。这一段是硬换行的中文，换行不应该变成空格。"]
    highlighted = [snippet["text"][start:end] for snippet in hit["snippets"] for start, end in snippet["highlights"]]
    assert highlighted == ["数组文档", "变成"]


def test_title_matches_are_highlighted(corpus):
    hit = records(run("search", "照片", "--format", "jsonl", corpus=corpus))[0]
    assert hit["title"] == "照片与排版" and hit["title_highlights"] == [[0, 2]]
    result = run("--color", "always", "search", "照片", corpus=corpus)
    assert "\x1b[" in result.stdout.split("照片与排版")[0].splitlines()[-1]  # styled just before the title


def test_snippets_never_cut_a_latin_word(corpus):
    body = (DATA / "en-github.md").read_text(encoding="utf-8")
    words = set(body.replace(",", " ").replace(".", " ").split())
    for context in range(1, 12):
        hit = records(run("search", "public", "--context", str(context), "--format", "jsonl", corpus=corpus))[0]
        text = hit["snippets"][0]["text"].strip("…")
        assert all(word in words for word in text.replace(",", " ").replace(".", " ").split()), (context, text)


def test_show_drops_attribute_lists_and_joins_chinese_lines(corpus):
    import re

    result = run("--color", "always", "show", "kramdown", corpus=corpus)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "{:" not in shown and "centered }" not in shown
    assert "硬换行的中文，换行不应该" in shown
