"""timeline and entities keep their per-article results in the index: the
same output warm, cold and without the cache, and current after edits or
a change of aliases."""

from __future__ import annotations

import os
import time

from cli_helpers import lines, run, write_corpus

ARTICLES = {
    "a.md": "---\ntitle: 甲\ndate: 2025-02-12\n---\n去年3月，马斯克起诉了OpenAI。2015年，两人共同创建OpenAI。\n",
    "b.md": "---\ntitle: 乙\n---\n2018年，馬斯克離開了董事會。\n",
}


def outputs(corpus, *extra):
    return [run(*extra, *command, corpus=corpus).stdout
            for command in (["timeline", "-f", "jsonl"], ["entities", "-f", "jsonl"], ["entities", "--total"])]


def test_warm_cold_and_uncached_agree(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    cold = outputs(corpus)
    warm = outputs(corpus)
    uncached = outputs(corpus, "--no-cache")
    assert cold == warm == uncached
    assert '"date": "2024-03"' in cold[0] and "Elon Musk" in cold[2]


def test_an_edited_file_is_extracted_again(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    outputs(corpus)
    (corpus / "b.md").write_text("---\ntitle: 乙\n---\n2019年，特朗普发言。\n", encoding="utf-8")
    later = time.time() + 10
    os.utime(corpus / "b.md", (later, later))
    timeline = run("timeline", corpus=corpus).stdout
    assert "2019" in timeline and "2018" not in timeline
    assert "Donald Trump" in run("entities", "b", corpus=corpus).stdout


def test_another_alias_table_is_another_result(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    assert "起诉者" not in run("entities", "a", corpus=corpus).stdout
    aliases = tmp_path / "more.toml"
    aliases.write_text('[[entities]]\nname = "起诉者"\naliases = ["起诉"]\n', encoding="utf-8")
    result = run("entities", "a", "--aliases", str(aliases), corpus=corpus)
    assert result.exit_code == 0, result.stderr
    assert any("起诉者" in line for line in lines(result))
    assert "起诉者" not in run("entities", "a", corpus=corpus).stdout


def test_many_articles_are_extracted_on_all_cores_with_the_same_result(tmp_path, monkeypatch):
    import feudcli.workers

    files = {f"n{number:03}.md": f"---\ntitle: 第{number}篇\ndate: 2024-05-{number % 28 + 1:02}\n---\n"
                                 f"去年{number % 12 + 1}月，马斯克与奥尔特曼在X上争执。2015年，OpenAI成立。\n"
             for number in range(260)}
    corpus = write_corpus(tmp_path / "corpus", files)
    parallel = outputs(corpus, "--no-cache")
    monkeypatch.setattr(feudcli.workers, "PARALLEL_MIN", 10 ** 9)
    serial = outputs(corpus, "--no-cache")
    assert parallel == serial
    assert parallel[0].count('"date": "2015"') == 260
