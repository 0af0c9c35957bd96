"""`search`: script-blind matching, the query language, ranking, snippets,
output formats and exit codes."""

from __future__ import annotations

import json
import time

import pytest

from cli_helpers import SIMPLIFIED_SEED as S, TRADITIONAL_SEED as T, ids, lines, records, run, write_corpus

BOTH = {S, T}


def search(*args, **kwargs):
    """The core search, without alias expansion (tests/test_aliases.py has those)."""
    return run("search", "--no-aliases", *args, **kwargs)


def found(*args, **kwargs) -> set[str]:
    result = search(*args, "-l", **kwargs)
    assert result.exit_code in (0, 1), result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize("term", ["马斯克", "馬斯克", "OpenAI", "ＯｐｅｎＡＩ", "openai", "OPENAI", "特斯拉"])
def test_cross_script_width_and_case(term):
    assert found(term) == BOTH


def test_boolean_queries():
    assert found("马斯克", "OpenAI") == BOTH
    assert found("马斯克", "特朗普") == {S}
    assert found("特朗普", "OR", "蘋果") == BOTH
    assert found("马斯克", "-特朗普") == {T}  # no -- needed
    assert found("马斯克", "NOT", "特朗普") == {T}
    assert found("-特朗普", "马斯克") == {T}
    assert found("特朗普 OR 苹果 -推特") == {T}  # one argument holding the whole query
    assert found('"Sam Altman"') == {S}
    assert found('"收购 要约"') == {S}  # spaces between CJK ignored
    assert found("收购要约") == {S}
    assert found("约") == {S}  # a single CJK character is a term


def test_dash_terms_do_not_clash_with_options():
    # A dash and a non-ASCII character can only be an exclusion.
    result = search("马斯克", "-特朗普", "--limit", "1", "-c")
    assert lines(result) == [f"{T}\t27"]
    # A dash and a Latin word could be a mistyped option: an error that
    # says how to exclude the word instead; NOT and -- both do.
    result = search("马斯克", "-climate", "-l")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("feudcli: error: -climate") and "NOT climate" in result.stderr
    assert result.stderr.count("\n") == 1
    assert found("马斯克", "NOT", "climate") == BOTH
    result = search("-l", "马斯克", "--", "-climate")
    assert result.exit_code == 0 and set(result.stdout.split()) == BOTH
    assert found("马斯克", "NOT", "openai") == set()


def test_regex_runs_on_folded_text():
    assert found("--regex", r"97\.?4亿") == BOTH  # 億 folds to 亿
    assert found("--regex", r"openai\s+lp") == {S}  # case-insensitive against the fold
    assert found("马斯克", "--regex", "星[际際]之门") == {S}


def test_match_spans_a_line_break_and_highlights_are_exact(tmp_path):
    corpus = write_corpus(tmp_path, {
        "wrapped.md": "# 报道\n\n马斯克提出了收购\n要约，金额巨大。\n\nSam\nAltman 回应。\n",
        "wide.md": "ＡＢＣ１２３馬斯克，ＡＢＣ。",
    })
    hit = records(search("收购要约", "--format", "jsonl", corpus=corpus))[0]
    snippet = hit["snippets"][0]
    start, end = snippet["highlights"][0]
    assert snippet["text"][start:end] == "收购要约"  # a joined line adds no space between CJK
    hit = records(search('"sam altman"', "-f", "jsonl", corpus=corpus))[0]
    start, end = hit["snippets"][0]["highlights"][0]
    assert hit["snippets"][0]["text"][start:end] == "Sam Altman"
    hit = records(search("马斯克", "-f", "jsonl", corpus=corpus))[0]
    snippet = hit["snippets"][0]
    assert [snippet["text"][s:e] for s, e in snippet["highlights"]] == ["馬斯克"]
    assert snippet["text"] == "ＡＢＣ１２３馬斯克，ＡＢＣ。"


def test_highlights_in_traditional_seed_point_at_the_original():
    hit = next(r for r in records(search("马斯克", "-f", "jsonl", "--snippets", "3")) if r["id"] == T)
    assert hit["matches"] == 27
    marked = [s["text"][a:b] for s in hit["snippets"] for a, b in s["highlights"]]
    assert marked and set(marked) == {"馬斯克"}


def test_exit_status_and_bad_queries():
    result = search("这个词不存在")
    assert result.exit_code == 1 and result.stdout == ""
    for args in ([], ["OR"], ["马斯克", "OR"], ["-马斯克"], ["--regex", "(unclosed"], ["NOT"]):
        result = search(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("feudcli: error:") and "Traceback" not in result.stderr


def test_ranking_title_and_frequency_beat_a_single_mention(tmp_path):
    corpus = write_corpus(tmp_path, {
        "once.md": "---\ntitle: 其他新闻\ndate: 2025-03-01\n---\n" + "今天天气很好。" * 40 + "星舰发射。\n",
        "many.md": "---\ntitle: 星舰的故事\ndate: 2020-01-01\n---\n" + "星舰再次升空。" * 8 + "别的内容。" * 30,
        "none.md": "---\ntitle: 无关\n---\n没有这个词。\n",
    })
    assert ids(search("星艦", corpus=corpus)) == ["many", "once"]
    counts = dict(line.split("\t") for line in lines(search("星舰", "-c", corpus=corpus)))
    assert counts == {"many": "9", "once": "1"}


def test_ties_broken_by_newer_date(tmp_path):
    text = "---\ntitle: 报道\ndate: {}\n---\n马斯克说了话。\n"
    corpus = write_corpus(tmp_path, {"old.md": text.format("2020-01-01"), "new.md": text.format("2024-01-01"),
                                     "undated.md": "---\ntitle: 报道\n---\n马斯克说了话。\n"})
    assert ids(search("马斯克", corpus=corpus)) == ["new", "old", "undated"]


def test_ids_only_count_limit():
    assert lines(search("马斯克", "-l", "--limit", "1")) == [T]
    counts = dict(line.split("\t") for line in lines(search("奥尔特曼", "-c")))
    assert counts == {S: "16"}
    assert len(lines(search("马斯克", "--limit", "0"))) == 2


def test_pipe_formats():
    rows = [line.split("\t") for line in lines(search("特朗普"))]
    assert len(rows) == 1 and len(rows[0]) == 5
    identifier, score, matches, title, snippet = rows[0]
    assert identifier == S and float(score) > 0 and matches == "4" and title.startswith("马斯克VS")
    assert "特朗普" in snippet
    data = json.loads(search("特朗普", "--format", "json").stdout)
    assert list(data[0]) == ["id", "path", "title", "date", "script", "score", "matches", "snippets",
                             "title_highlights"]
    assert all(set(s) == {"text", "highlights"} for s in data[0]["snippets"])
    csv_lines = lines(search("特朗普", "--format", "csv"))
    assert csv_lines[0] == "id,path,title,date,script,score,matches,snippet"
    assert lines(search("特朗普", "--header"))[0] == "id\tscore\tmatches\ttitle\tsnippet"


def test_terminal_output_highlights(tmp_path):
    result = run("--color", "always", "search", "--no-aliases", "马斯克", "--snippets", "1")
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout and "馬斯克" in result.stdout and "2 articles match" in result.stdout


def test_to_converts_titles_and_snippets_but_highlights_stay_exact():
    hit = records(search("奥尔特曼", "--to", "hant", "-f", "jsonl"))[0]
    assert hit["title"] == "馬斯克VS奧爾特曼，為何“相愛相殺”"
    for snippet in hit["snippets"]:
        assert {snippet["text"][a:b] for a, b in snippet["highlights"]} == {"奧爾特曼"}


def test_filters_and_where():
    assert found("马斯克", "--script", "hant") == {T}
    assert found("马斯克", "--lang", "zh-CN") == {S}
    assert found("马斯克", "--since", "2025") == {S}
    assert found("马斯克", "--tag", "qq") == {S}
    assert found("奥尔特曼", "--in", "title") == {S}
    assert found("AI", "--in", "title") == {T}
    assert found("微软", "--in", "title") == set()
    assert search("x", "--in", "everywhere").exit_code == 2


def test_runaway_regex_and_huge_query_are_bounded(tmp_path):
    corpus = write_corpus(tmp_path, {"long.md": "a" * 40 + "b\n"})
    started = time.monotonic()
    result = search("--regex", "(a+)+$", corpus=corpus, env={"FEUDCLI_REGEX_TIMEOUT": "0.5"})
    assert result.exit_code == 2 and "took longer" in result.stderr
    assert time.monotonic() - started < 10
    result = search("马" * 100_000)
    assert result.exit_code == 2 and "limit" in result.stderr
