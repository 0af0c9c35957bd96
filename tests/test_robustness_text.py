"""Hostile text: escape sequences and control characters in articles never
reach a terminal raw, rich markup in articles is shown literally, pipe
formats keep the text and json escapes it (issue 5)."""

from __future__ import annotations

import json

import pytest

from cli_helpers import records, run
from hostile import (
    ANSI_TITLE, MARKUP_TITLE, OSC_TITLE, assert_markup_literal, assert_safe_for_terminal, run_in_terminal,
)

HOSTILE_IDS = ("ansi_title", "osc_title", "markup_title")


def test_list_table_on_a_terminal(hostile_corpus):
    result = run("--color", "always", "list", corpus=hostile_corpus.root)
    assert result.exit_code == 0
    assert_safe_for_terminal(result.stdout)
    assert_markup_literal(result.stdout)


def test_list_wide_table_on_a_terminal(hostile_corpus):
    result = run("--color", "always", "list", "--wide", corpus=hostile_corpus.root)
    assert result.exit_code == 0
    assert_safe_for_terminal(result.stdout)


@pytest.mark.parametrize("article", HOSTILE_IDS)
def test_show_rendered_on_a_terminal(hostile_corpus, article):
    result = run("--color", "always", "show", article, corpus=hostile_corpus.root)
    assert result.exit_code == 0
    assert_safe_for_terminal(result.stdout)
    assert_markup_literal(result.stdout)  # the body holds markup in every case


def test_pipe_formats_keep_the_text(hostile_corpus):
    tsv = run("list", corpus=hostile_corpus.root)
    titles = {line.split("\t")[0]: line.split("\t")[4] for line in tsv.stdout.splitlines()}
    assert titles["ansi_title"] == ANSI_TITLE
    assert titles["osc_title"] == OSC_TITLE
    assert titles["markup_title"] == MARKUP_TITLE
    plain = run("show", "ansi_title", corpus=hostile_corpus.root)
    assert "\x1b[2J" in plain.stdout


def test_json_escapes_control_characters(hostile_corpus):
    result = run("list", "-f", "json", corpus=hostile_corpus.root)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\u001b" in result.stdout
    titles = {record["id"]: record["title"] for record in json.loads(result.stdout)}
    assert titles["osc_title"] == OSC_TITLE
    shown = run("show", *HOSTILE_IDS, "-f", "jsonl", corpus=hostile_corpus.root)
    assert "\x1b" not in shown.stdout
    assert [record["title"] for record in records(shown)] == [ANSI_TITLE, OSC_TITLE, MARKUP_TITLE]


def test_warnings_about_hostile_file_names_are_visible_escapes(make_corpus):
    root = make_corpus({"evil\x1b]0;pwned\x07.md": "---\ntitle: [unclosed\n---\n正文\n"})
    result = run("list", corpus=root)
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "feudcli: warning: evil\\x1b]0;pwned\\x07.md: front matter is not valid YAML" in result.stderr
    missing = run("show", "nothing\x1b[2J", corpus=root)
    assert missing.exit_code == 2
    assert "\x1b" not in missing.stderr


@pytest.mark.parametrize("command", [["list"], ["list", "-f", "tsv"], ["show", *HOSTILE_IDS],
                                     ["show", "--plain", *HOSTILE_IDS]])
def test_in_a_real_terminal(hostile_corpus, command):
    code, output = run_in_terminal(["--corpus", str(hostile_corpus.root), *command])
    assert code == 0, output
    assert "Traceback" not in output
    assert_safe_for_terminal(output)
    if command[0] == "show":
        assert_markup_literal(output)
