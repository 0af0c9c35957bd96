"""`search` on a hostile corpus, in pipes, and with hostile queries (issue 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from cli_helpers import records, run
from hostile import SIMPLIFIED, assert_markup_literal, assert_safe_for_terminal, front, run_in_terminal
from test_robustness import warnings_by_path


def test_search_reports_bad_files_like_list_and_finds_the_rest(hostile_corpus):
    result = run("search", "马斯克", "-n", "0", "-f", "jsonl", corpus=hostile_corpus.root)
    assert result.exit_code == 0
    assert "Traceback" not in result.stderr
    listing = run("list", corpus=hostile_corpus.root)
    assert warnings_by_path(result.stderr) == warnings_by_path(listing.stderr)
    found = {record["id"] for record in records(result)}
    # Every file that was loaded and says 马斯克/馬斯克 in any encoding.
    for name in ("good", "good_hant", "gb18030", "gbk", "big5", "utf16", "bom_utf8", "crlf",
                 "invalid_yaml", "unterminated", "directory"):
        assert hostile_corpus.cases[name].id in found, name
    assert not found & {"binary", "undecodable"}


def test_search_exit_status_unchanged_by_warnings_and_strict(hostile_corpus):
    assert run("search", "没有这个词语", corpus=hostile_corpus.root).exit_code == 1
    assert run("--strict", "search", "马斯克", corpus=hostile_corpus.root).exit_code == 2


def test_search_hits_on_a_terminal_are_safe(hostile_corpus):
    result = run("--color", "always", "search", "正文", corpus=hostile_corpus.root)
    assert result.exit_code == 0
    assert_safe_for_terminal(result.stdout)
    assert_markup_literal(result.stdout)
    code, output = run_in_terminal(["--corpus", str(hostile_corpus.root), "search", "正文"])
    assert code == 0
    assert_safe_for_terminal(output)
    assert_markup_literal(output)


def test_search_json_escapes_and_tsv_keeps(hostile_corpus):
    result = run("search", "正文", "-f", "json", corpus=hostile_corpus.root)
    assert "\x1b" not in result.stdout
    assert {hit["id"] for hit in json.loads(result.stdout)} >= {"ansi_title", "osc_title", "markup_title"}
    tsv = run("search", "正文", corpus=hostile_corpus.root)
    assert "\x1b" in tsv.stdout


def test_search_head_1_ends_quietly(tmp_path):
    for number in range(400):
        # Long titles: more output than a pipe holds, so the reader leaves mid-write.
        (tmp_path / f"a{number:03}.md").write_text(front(f"title: 第{number}篇" + "很长" * 100), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    process = subprocess.Popen([sys.executable, "-m", "feudcli", "--corpus", str(tmp_path), "search", "马斯克",
                                "-n", "0", "--snippets", "5"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert all(line.startswith("feudcli: note: ") for line in stderr.splitlines()), stderr
    assert process.wait(timeout=120) in (0, 141)


def test_a_100_kb_query_is_refused_quickly(hostile_corpus):
    for args in (["马" * 100_000], ["马斯"] * 33_000, ["-e", "a" * 100_000]):
        start = time.perf_counter()
        result = run("search", *args, corpus=hostile_corpus.root)
        assert time.perf_counter() - start < 10
        assert result.exit_code == 2
        error = result.stderr.splitlines()[-1]
        assert error.startswith("feudcli: error: ") and len(error) < 300


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the regex time limit needs SIGALRM")
def test_a_catastrophic_regex_is_stopped(make_corpus):
    root = make_corpus({"a.md": front("title: 回溯", "a" * 5000 + "b\n" + SIMPLIFIED)})
    start = time.perf_counter()
    result = run("search", "-e", "(a+)+$", corpus=root, env={"FEUDCLI_REGEX_TIMEOUT": "1"})
    assert time.perf_counter() - start < 15
    assert result.exit_code == 2
    assert "took longer than 1 s" in result.stderr
