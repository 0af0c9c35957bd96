"""No command misleads its user (issue 10): mistyped options are errors,
pipes get every hit, impossible input is refused, the pager shows colour,
and a label says what the converted text really is."""

from __future__ import annotations

import re

import pytest

from cli_helpers import lines, run


def plain(result) -> list[str]:
    return [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in lines(result)]

SIMPLIFIED = "马斯克与奥特曼的关系。"


def many(count: int, make_corpus):
    files = {f"a{number:02d}.md": f"---\ntitle: 第{number}篇\ndate: 2025-01-{number % 28 + 1:02d}\n---\n\n"
             f"用户{'和用户' * (number % 3)}谈{SIMPLIFIED}\n" for number in range(count)}
    files["other.md"] = "---\ntitle: 别的\n---\n\n与此无关。\n"
    return make_corpus(files)


# -- search options ---------------------------------------------------------

@pytest.mark.parametrize("args, named", [
    (["--limt", "5", "-c"], "--limt"),
    (["-Z", "2"], "-Z"),  # -C is context lines now (ripgrep)
    (["-w"], "-w"),
    (["--json"], "--json"),
    (["--pager"], "--pager"),
])
def test_a_mistyped_option_is_an_error_not_a_term(args, named):
    result = run("search", "马斯克", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"feudcli: error: no such option {named}")
    assert result.stderr.count("\n") == 1


def test_the_closest_option_is_suggested():
    result = run("search", "马斯克", "--limt", "5")
    assert "--limit" in result.stderr


def test_values_attached_to_short_options(make_corpus):
    root = many(5, make_corpus)
    assert len(lines(run("search", "用户", "-n1", "-fjsonl", corpus=root))) == 1
    assert len(lines(run("search", "用户", "-ln2", corpus=root))) == 2


def test_every_command_words_usage_errors_the_same_way():
    for args in (["list", "--bogus"], ["list", "--format", "xx"], ["show"], ["--color", "x", "list"],
                 ["convert", "000", "--to", "cn"], ["timeline", "--format", "yaml"]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("feudcli: error: ") and result.stderr.count("\n") == 1, result.stderr
        assert "Usage:" not in result.stderr


def test_the_terminal_shows_how_the_query_was_read():
    result = run("--color", "always", "search", "马斯克", "-特朗普", "--snippets", "0")
    assert result.exit_code == 0
    first = plain(result)[0]
    assert "马斯克 OR Musk" in first and "excluding 特朗普 OR" in first


# -- pipes get everything ---------------------------------------------------

def test_pipes_get_every_hit(make_corpus):
    root = many(27, make_corpus)
    for args in (["-l"], ["-c"], ["-f", "tsv"], ["-f", "jsonl"]):
        assert len(lines(run("search", "用户", *args, corpus=root))) == 27, args
    assert len(lines(run("search", "用户", "-l", "--limit", "5", corpus=root))) == 5
    # -l and -c print every hit on a terminal too.
    assert len(lines(run("--color", "always", "search", "用户", "-l", corpus=root))) == 27


def test_a_terminal_is_told_when_the_default_limit_hides_hits(make_corpus):
    root = many(27, make_corpus)
    result = run("--color", "always", "search", "用户", "--snippets", "0", corpus=root)
    assert plain(result)[-1] == "showing 20 of 27 (--limit 0 for all)"
    assert plain(result)[0].startswith("27 articles match")
    result = run("--color", "always", "search", "用户", "--limit", "0", corpus=root)
    assert "showing" not in result.stdout


# -- bad input is an error ----------------------------------------------------

@pytest.mark.parametrize("option, value", [
    ("--since", "2025-13"), ("--since", "2025-02-30"), ("--until", "0000"), ("--since", "25")])
def test_impossible_dates_are_errors(option, value):
    for command in ("list", "timeline"):
        result = run(command, option, value)
        assert result.exit_code == 2 and result.stdout == ""
        assert "YYYY-MM-DD" in result.stderr and value in result.stderr


def test_real_dates_still_work():
    assert run("list", "--since", "2024-02-29", "--until", "2025-12").exit_code == 0


def test_an_unknown_kind_lists_the_kinds():
    result = run("entities", "--kind", "persn")
    assert result.exit_code == 2 and result.stdout == ""
    assert "person" in result.stderr and "company" in result.stderr
    assert run("entities", "--kind", "Person").exit_code == 0


def test_an_empty_corpus_says_so(tmp_path):
    (tmp_path / "notes.rst").write_text("不是文章", encoding="utf-8")
    result = run("list", corpus=tmp_path)
    assert result.exit_code == 0 and result.stdout == ""
    assert f"no articles under {tmp_path}" in result.stderr and "*.md, *.markdown, *.txt" in result.stderr
    assert run("search", "文章", corpus=tmp_path).exit_code == 1


def test_a_missing_corpus_is_an_error(tmp_path):
    result = run("list", corpus=tmp_path / "nowhere")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_no_hits_on_a_terminal_says_so_and_a_pipe_gets_nothing():
    result = run("--color", "always", "search", "不存在的词语")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no articles match 不存在的词语" in result.stderr
    result = run("search", "不存在的词语")
    assert result.exit_code == 1 and result.stdout == "" and "no articles match" not in result.stderr


@pytest.mark.parametrize("args", [
    ["show", "001", "--raw", "--to", "tw"], ["show", "001", "--raw", "--format", "json"],
    ["show", "001", "--raw", "--plain"], ["search", "马斯克", "-l", "-c"], ["search", "马斯克", "-l", "-f", "json"]])
def test_conflicting_flags_are_errors(args):
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == "" and result.stderr.startswith("feudcli: error:")


# -- the pager ----------------------------------------------------------------

@pytest.fixture
def fake_pager(tmp_path):
    script = tmp_path / "pager.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$LESS" > {tmp_path}/less\ncat > {tmp_path}/paged\n')
    script.chmod(0o755)
    return script


def test_the_pager_gets_less_frx_like_git(fake_pager, tmp_path):
    result = run("--color", "always", "show", "001", "--pager", env={"PAGER": str(fake_pager), "LESS": None})
    assert result.exit_code == 0
    assert (tmp_path / "less").read_text() == "FRX"
    paged = (tmp_path / "paged").read_text(encoding="utf-8")
    assert "馬斯克與奧特曼的AI紛爭" in paged and "\x1b[" in paged  # colour, for less -R


def test_the_pager_keeps_less_and_prefers_feudcli_pager(fake_pager, tmp_path):
    env = {"PAGER": "false", "FEUDCLI_PAGER": str(fake_pager), "LESS": "-S"}
    assert run("--color", "always", "show", "001", "--pager", env=env).exit_code == 0
    assert (tmp_path / "less").read_text() == "-S"


def test_an_empty_pager_means_none(tmp_path):
    result = run("--color", "always", "show", "001", "--pager", env={"FEUDCLI_PAGER": ""})
    assert result.exit_code == 0 and "馬斯克與奧特曼的AI紛爭" in result.stdout


# -- conversion labels ------------------------------------------------------

def test_hant_is_taiwan_standard_characters_and_says_so(make_corpus):
    root = make_corpus({"a.md": "---\ntitle: 为何\nlang: zh-CN\n---\n\n为什么着急？这个软件的内存。\n"})
    result = run("convert", "a", "--to", "hant", corpus=root)
    assert "lang: zh-TW" in result.stdout
    assert "為什麼著急" in result.stdout and "爲" not in result.stdout
    assert "軟件" in result.stdout and "記憶體" not in result.stdout  # no Taiwan vocabulary: that is --to tw
    result = run("convert", "a", "--config", "s2t", corpus=root)
    assert "爲什麼着急" in result.stdout and "lang: zh-Hant" in result.stdout
