"""Entity aliases, regional vocabulary, `entities`, and alias-aware search."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from feudcli.extract.alias_files import load_alias_table, shipped_table
from feudcli.extract.aliases import AliasTable
from feudcli.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED_HANS = "000_d5cc3b91e6a1d0ed"
SEED_HANT = "001_eb04c7fb14437574"


@pytest.fixture(autouse=True)
def bundled_corpus(monkeypatch):
    monkeypatch.delenv("FEUDCLI_CORPUS", raising=False)
    monkeypatch.delenv("FEUDCLI_ALIASES", raising=False)
    monkeypatch.setenv("COLUMNS", "120")


def run(*args, **kwargs):
    return CliRunner().invoke(app, list(args), **kwargs)


def names(text: str, table: AliasTable | None = None) -> list[str]:
    return [mention.name for mention in (table or shipped_table()).mentions(text)]


# ---------------------------------------------------------------- the shipped table

@pytest.mark.parametrize("spelling, canonical", [
    ("奥尔特曼", "Sam Altman"), ("奧特曼", "Sam Altman"), ("阿尔特曼", "Sam Altman"),
    ("山姆·奥尔特曼", "Sam Altman"), ("Sam Altman", "Sam Altman"), ("altman", "Sam Altman"),
    ("马斯克", "Elon Musk"), ("馬斯克", "Elon Musk"), ("伊隆・馬斯克", "Elon Musk"), ("Elon Musk", "Elon Musk"),
    ("特朗普", "Donald Trump"), ("川普", "Donald Trump"), ("Trump", "Donald Trump"),
    ("星际之门", "Stargate"), ("星際之門", "Stargate"), ("Stargate", "Stargate"),
    ("推特", "X"), ("Twitter", "X"), ("X", "X"),
    ("微软", "Microsoft"), ("微軟", "Microsoft"), ("特斯拉", "Tesla"), ("Tesla", "Tesla"),
    ("软银", "SoftBank"), ("軟銀", "SoftBank"), ("甲骨文", "Oracle"), ("Oracle", "Oracle"),
    ("OpenAI", "OpenAI"), ("xAI", "xAI"), ("Grok", "Grok"), ("ChatGPT", "ChatGPT"),
    ("苹果", "Apple"), ("蘋果", "Apple"), ("塔克・卡爾森", "Tucker Carlson"), ("Tucker Carlson", "Tucker Carlson"),
])
def test_every_spelling_the_issue_names_reaches_its_entity(spelling, canonical):
    entity = shipped_table().entity(spelling)
    assert entity is not None and entity.name == canonical


def test_one_spelling_per_script_is_enough():
    # The table lists 奥尔特曼 once; the Traditional 奧爾特曼 reaches it through the fold.
    assert names("奧爾特曼說") == ["Sam Altman"]
    assert names("ＯｐｅｎＡＩ") == ["OpenAI"]


@pytest.mark.parametrize("text", ["山姆·奥尔特曼", "山姆・奧特曼", "山姆 奥尔特曼", "山姆•奥尔特曼", "Sam  Altman"])
def test_a_full_name_is_one_mention_whatever_its_separator(text):
    assert names(text) == ["Sam Altman"]


@pytest.mark.parametrize("text, expected", [
    ("马斯克创立了xAI", ["Elon Musk", "xAI"]),  # the x of xAI is not X
    ("SpaceX的火箭", ["SpaceX"]),  # not X
    ("在X上发文", ["X"]),
    ("X平台", ["X"]),
    ("a 3 x 4 grid", []),  # one-letter spellings keep their case
    ("Hans Altmann", []),  # Latin spellings are whole words
    ("Altman's reply", ["Sam Altman"]),
    ("the U.S. and China", ["United States", "China"]),
])
def test_latin_spellings_match_whole_words(text, expected):
    assert names(text) == expected


def test_a_longer_name_wins_over_a_name_inside_it():
    # 视觉中国 (an agency) is not a mention of China.
    assert names("视觉中国图") == ["Visual China Group"]


# ---------------------------------------------------------------- expansion

def test_expansion_lists_each_spelling_once_and_skips_the_covered_ones():
    expansion = shipped_table().expand("奥尔特曼")
    spellings = [spelling.text for spelling in expansion.spellings]
    assert expansion.name == "Sam Altman"
    assert spellings[0] == "奥尔特曼"
    assert {"奧特曼", "阿尔特曼", "Altman"} <= set(spellings)
    # 山姆·奥尔特曼 contains 奥尔特曼: it could add no match to an OR.
    assert "山姆·奥尔特曼" not in spellings
    assert [s.whole_word for s in expansion.spellings if s.text == "Altman"] == [True]


def test_a_term_that_names_nothing_is_not_expanded():
    assert shipped_table().expand("收购") is None
    assert shipped_table().expand("OpenAI") is None  # one spelling: nothing to add


@pytest.mark.parametrize("term, other", [
    ("软件", "軟體"), ("軟體", "软件"), ("视频", "影片"), ("影片", "视频"), ("信息", "資訊"),
    ("資訊", "信息"), ("数组", "陣列"), ("网络", "網路"), ("網路", "网络"), ("人工智能", "人工智慧"),
])
def test_regional_words_expand_both_ways(term, other):
    expansion = shipped_table().expand(term)
    assert expansion is not None and expansion.name == "regional"
    assert other in [spelling.text for spelling in expansion.spellings]


def test_single_characters_are_not_regional_words():
    assert shipped_table().expand("宏") is None  # 宏 is not always 巨集


# ---------------------------------------------------------------- corpus alias files

ARTICLE = """---
title: 马老板的新公司
date: 2025-03-01
---

马老板今天又发文了，他说星链会更快。Starlink is fast.
"""


def corpus_with(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_corpus_aliases_yaml_adds_spellings_and_entities(tmp_path):
    corpus = corpus_with(tmp_path, {"a.md": ARTICLE, "aliases.yaml": (
        "entities:\n"
        "  - name: 马斯克\n"          # an existing spelling: adds to Elon Musk
        "    aliases: [马老板]\n"
        "aliases:\n"
        "  Starlink: [星链]\n")})
    table, warnings = load_alias_table(corpus)
    assert warnings == []
    assert table.entity("馬老闆").name == "Elon Musk"
    assert names("马老板说星链和Starlink", table) == ["Elon Musk", "Starlink", "Starlink"]
    result = run("--corpus", str(corpus), "entities", "-f", "tsv")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert ["a", "Starlink", "", "2", "星链,Starlink"] in rows
    assert ["a", "Elon Musk", "person", "2", "马老板"] in rows  # title and body


def test_aliases_toml_and_a_file_on_the_command_line_merge_and_win(tmp_path):
    corpus = corpus_with(tmp_path, {"a.md": "在Twitter上，推特和X都是一家。\n", "aliases.toml": (
        '[[entities]]\nname = "Twitter"\nkind = "company"\naliases = ["推特"]\n')})
    extra = tmp_path / "more.yaml"
    extra.write_text("aliases:\n  Twitter: [X]\n", encoding="utf-8")
    # The corpus file: 推特 stays with Twitter (= X, whose spelling it names).
    result = run("--corpus", str(corpus), "entities", "-f", "json")
    assert [(r["entity"], r["mentions"]) for r in json.loads(result.stdout)] == [("X", 3)]
    # A later file moves a spelling: here it only confirms X, the name stays.
    result = run("--corpus", str(corpus), "entities", "-f", "jsonl", "--aliases", str(extra))
    assert [json.loads(line)["entity"] for line in result.stdout.splitlines()] == ["X"]


def test_a_later_file_can_split_an_entity(tmp_path):
    corpus = corpus_with(tmp_path, {"a.md": "推特改名为X，Twitter成为历史。\n", "aliases.yaml": (
        "entities:\n  - name: Twitter (old)\n    aliases: [Twitter, 推特]\n")})
    result = run("--corpus", str(corpus), "entities", "-f", "tsv")
    assert result.stdout.splitlines() == ["a\tTwitter (old)\t\t2\t推特,Twitter", "a\tX\tcompany\t1\tX"]


def test_a_bad_aliases_option_is_one_error_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities: [1, 2\n", encoding="utf-8")
    result = run("entities", "--aliases", str(bad))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "bad.yaml" in result.stderr and "YAML" in result.stderr
    result = run("entities", "--aliases", str(tmp_path / "missing.toml"))
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_a_bad_corpus_aliases_file_is_a_warning_not_a_failure(tmp_path):
    corpus = corpus_with(tmp_path, {"a.md": "马斯克\n", "aliases.yaml": "entities:\n  - aliases: [x]\n"})
    result = run("--corpus", str(corpus), "entities", "-f", "tsv")
    assert result.exit_code == 0
    assert "warning" in result.stderr and "needs a name" in result.stderr
    assert result.stdout == "a\tElon Musk\tperson\t1\t马斯克\n"
    assert run("--corpus", str(corpus), "--strict", "entities").exit_code == 2


# ---------------------------------------------------------------- entities command

def test_entities_of_the_seeds():
    result = run("entities", "-f", "json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert set(records[0]) == {"id", "entity", "kind", "mentions", "spellings", "source"}
    by = {(r["id"], r["entity"]): r for r in records}
    assert {"奥尔特曼", "山姆·奥尔特曼", "Sam Altman"} <= set(by[SEED_HANS, "Sam Altman"]["spellings"])
    assert {"奧特曼", "山姆・奧特曼"} == set(by[SEED_HANT, "Sam Altman"]["spellings"])
    for entity in ("Elon Musk", "OpenAI", "Donald Trump", "Stargate", "SoftBank", "Oracle", "Microsoft", "Tesla"):
        assert (SEED_HANS, entity) in by
    for entity in ("Elon Musk", "OpenAI", "xAI", "Grok", "ChatGPT", "Apple", "Tucker Carlson", "X"):
        assert (SEED_HANT, entity) in by
    # Names inside the references' URLs (…/elon-musk-xai-openai-sam-altman-lawsuit) are not mentions.
    assert "altman" not in by[SEED_HANT, "Sam Altman"]["spellings"]


def test_entities_of_some_articles_and_totals():
    result = run("entities", "001", "-f", "tsv")
    assert {line.split("\t")[0] for line in result.stdout.splitlines()} == {SEED_HANT}
    result = run("entities", "--total", "--kind", "person", "-f", "tsv", "--header")
    lines = result.stdout.splitlines()
    assert lines[0] == "entity\tkind\tarticles\tmentions"
    assert lines[1].startswith("Elon Musk\tperson\t2\t")
    assert all(line.split("\t")[1] == "person" for line in lines[1:])


def test_entities_table_on_a_terminal():
    result = run("entities", "--format", "table")
    assert result.exit_code == 0
    assert "mentions" in result.stdout and "Sam Altman" in result.stdout and SEED_HANT in result.stdout


# ---------------------------------------------------------------- search expansion

def test_search_finds_both_seeds_by_any_spelling():
    for term in ("奥尔特曼", "Altman", "奧特曼", "阿尔特曼"):
        result = run("search", term, "-l")
        assert result.exit_code == 0
        assert sorted(result.stdout.split()) == [SEED_HANS, SEED_HANT], term
        assert result.stderr.count("\n") == 1 and "→" in result.stderr and "Sam Altman" in result.stderr


def test_no_aliases_and_quotes_search_the_term_alone():
    result = run("search", "--no-aliases", "奥尔特曼", "-l")
    assert result.stdout.split() == [SEED_HANS] and "→" not in result.stderr
    result = run("search", '"奥尔特曼"', "-l")
    assert result.stdout.split() == [SEED_HANS]


def test_search_expands_regional_words(tmp_path):
    corpus = corpus_with(tmp_path, {"tw.md": "這款軟體的影片功能很好。\n", "cn.md": "这个软件可以看视频。\n"})
    result = run("--corpus", str(corpus), "search", "软件", "-l")
    assert sorted(result.stdout.split()) == ["cn", "tw"]
    assert "regional" in result.stderr and "軟體" in result.stderr
    result = run("--corpus", str(corpus), "search", "影片", "-l")
    assert sorted(result.stdout.split()) == ["cn", "tw"]
    assert run("--corpus", str(corpus), "search", "--no-aliases", "软件", "-l").stdout.split() == ["cn"]


def test_search_excludes_every_spelling(tmp_path):
    corpus = corpus_with(tmp_path, {"a.md": "奧特曼與馬斯克\n", "b.md": "马斯克一人\n"})
    result = run("--corpus", str(corpus), "search", "马斯克", "-奥尔特曼", "-l")
    assert result.stdout.split() == ["b"]


def test_search_x_is_whole_word(tmp_path):
    corpus = corpus_with(tmp_path, {"a.md": "马斯克创立了xAI。\n", "b.md": "他在X上发文。\n", "c.md": "他在推特上发文。\n"})
    result = run("--corpus", str(corpus), "search", "X", "-l")
    assert sorted(result.stdout.split()) == ["b", "c"]


# ---------------------------------------------------------------- packaging

def test_the_wheel_ships_the_alias_table(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True)
    if built.returncode != 0 and "No module named pip" in built.stderr:
        pytest.skip("pip is not available")
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("feudcli-*.whl"))
    assert "feudcli/data/aliases.toml" in zipfile.ZipFile(wheel).namelist()


def test_alias_files_are_read_again_when_they_change(tmp_path):
    import os
    import time

    from cli_helpers import run, write_corpus

    corpus = write_corpus(tmp_path / "corpus", {"a.md": "---\ntitle: 甲\n---\n某甲说话。\n"})
    aliases = corpus / "aliases.yaml"
    aliases.write_text("aliases:\n  某甲: [张三]\n", encoding="utf-8")
    assert "张三" in run("search", "张三", corpus=corpus).stderr
    aliases.write_text("aliases:\n  某乙: [张三]\n", encoding="utf-8")
    later = time.time() + 10
    os.utime(aliases, (later, later))
    result = run("search", "张三", "-l", corpus=corpus)
    assert "某乙" in result.stderr and result.exit_code == 1
