"""Issue 12, outside convert: names and bytes kept, one rule for the
terminal, clear errors instead of tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cli_helpers import records, run
from hostile import SIMPLIFIED, front, run_in_terminal

FEUDCLI = [sys.executable, "-m", "feudcli"]
OSC_NAME = "\x1b]0;pwned\x07name.md"
DATED = "2024年3月，马斯克起诉OpenAI。" + SIMPLIFIED


@pytest.fixture
def hostile_names(make_corpus):
    return make_corpus({
        # The body carries the same sequence raw, for convert's output.
        OSC_NAME: front('title: "标题\\e[31m红"', DATED + "\n\n\x1b]0;pwned\x07name"),
        "plain.md": front("title: 普通", DATED),
    })


@pytest.mark.parametrize("command", [
    ["search", "马斯克", "-l"],
    ["search", "马斯克", "-c"],
    ["search", "马斯克", "--format", "tsv"],
    ["search", "马斯克", "--format", "csv"],
    ["entities", "--format", "tsv"],
    ["timeline", "--format", "tsv"],
    ["list", "--format", "tsv"],
    ["convert", "--all", "--to", "hant"],
])
def test_a_terminal_never_gets_raw_escape_sequences(hostile_names, command):
    code, output = run_in_terminal(["--corpus", str(hostile_names), *command])
    assert code == 0, output
    assert "\x1b]0;" not in output and "\x07" not in output
    assert "\\x1b]0;pwned\\x07name" in output  # shown, not dropped


@pytest.mark.parametrize("command", [["search", "马斯克", "-l"], ["search", "马斯克", "--format", "tsv"],
                                     ["entities", "--format", "tsv"], ["timeline", "--format", "tsv"]])
def test_pipes_get_names_as_they_are(hostile_names, command):
    result = run(*command, corpus=hostile_names)
    assert result.exit_code == 0, result.stderr
    assert "\x1b]0;pwned\x07name" in result.stdout


def test_search_ids_stay_one_per_line(make_corpus):
    root = make_corpus({"tab\tand\nnewline.md": front("title: 一", DATED), "b.md": front("title: 二", DATED)})
    result = run("search", "马斯克", "-l", corpus=root)
    assert sorted(result.stdout.splitlines()) == ["b", "tab and newline"]


@pytest.fixture
def bad_name_corpus(make_corpus):
    root = make_corpus({"good.md": front("title: 好", DATED)})
    (root / os.fsdecode(b"bad\xffname.md")).write_text(front("title: 坏文件名", DATED), encoding="utf-8")
    return root


@pytest.mark.parametrize("command", [["search", "马斯克", "-l"], ["search", "马斯克", "-f", "jsonl"],
                                     ["timeline", "-f", "jsonl"], ["entities", "-f", "jsonl"]])
def test_a_file_name_that_is_not_utf8_is_searched_and_printed_safely(bad_name_corpus, command):
    for attempt in ("cold", "warm"):  # the second run goes through the cache
        result = run(*command, corpus=bad_name_corpus)
        assert result.exit_code == 0, (attempt, result.stderr)
        assert "Traceback" not in result.stderr
        shown = [record["id"] for record in records(result)] if "jsonl" in command else result.stdout.split()
        assert "bad\\xffname" in shown
        assert "feudcli: warning: bad\\xffname.md: file name is not valid UTF-8" in result.stderr


def test_a_bad_byte_in_a_message_is_shown_like_in_a_name(bad_name_corpus):
    result = run("convert", "--all", "--to", "hant", "-o", str(bad_name_corpus / "out"), "--dry-run",
                 corpus=bad_name_corpus)
    assert "\\udcff" not in result.stdout + result.stderr
    assert "bad\\xffname.md\ts2tw" in result.stdout


def test_dry_run_is_one_record_per_line(make_corpus, tmp_path):
    root = make_corpus({"tab\there\nnewline.md": front("title: 一"), "b.md": front("title: 二")})
    result = run("convert", "--all", "--to", "hant", "-o", str(tmp_path / "out"), "--dry-run", corpus=root)
    assert result.exit_code == 0, result.stderr
    assert sorted(result.stdout.splitlines()) == [
        f"write\t{tmp_path / 'out'}/b.md\ts2tw", f"write\t{tmp_path / 'out'}/tab here newline.md\ts2tw"]
