"""The cache's postings: the fast path gives exactly what the full path
gives, and stays right as files change."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from cli_helpers import lines, run, write_corpus
from feudcli.cache import CorpusCache
from feudcli.cachedir import cache_files
from feudcli.postings import FastSearch
from feudcli.query import from_key

ARTICLES = {
    "a.md": "---\ntitle: 马斯克的新闻\ndate: 2024-01-01\n---\n马斯克说。Musk said. 特朗普回应。\n",
    "b.md": "---\ntitle: 其他\ndate: 2024-02-01\n---\n馬斯克與奧特曼。星際之門。\n",
    "c.md": "---\ntitle: 无关\n---\n今天天气很好，没有人提到他。\n",
    "d/e.md": "---\ntitle: Tesla 特斯拉\ndate: 2023-05-05\n---\n特斯拉和马斯克。\n\n马斯克\n再次发言。\n",
}
QUERIES = [
    ["马斯克"], ["马斯克", "-特朗普"], ["特朗普", "OR", "星际之门"], ["马斯克", "--in", "title"],
    ["马斯克", "--in", "body"], ["--regex", "马.克"], ["马斯克再次"], ['"Musk said"'], ["Musk"],
    ["奥尔特曼"], ["马斯克", "--no-aliases"],
]


def search(corpus, *args, env=None):
    return run("search", *args, "-f", "jsonl", "--limit", "0", corpus=corpus, env=env)


def postings_keys():
    [path] = cache_files()
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT key FROM postings")]


@pytest.mark.parametrize("query", QUERIES, ids=[" ".join(q) for q in QUERIES])
def test_fast_path_equals_full_path(tmp_path, query):
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    uncached = run("--no-cache", "search", *query, "-f", "jsonl", "--limit", "0", corpus=corpus)
    first = search(corpus, *query)  # builds the cache (and the postings)
    second = search(corpus, *query)  # from the postings
    assert uncached.exit_code == first.exit_code == second.exit_code
    assert uncached.stdout == first.stdout == second.stdout


def test_postings_follow_edits_additions_and_deletions(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    assert sorted(lines(run("search", "马斯克", "--no-aliases", "-l", corpus=corpus))) == ["a", "b", "d/e"]
    assert any(from_key(key).alternatives[0].tokens == ("马", "斯", "克") for key in postings_keys())
    later = time.time() + 10
    (corpus / "c.md").write_text("---\ntitle: 现在有了\n---\n马斯克来了。\n", encoding="utf-8")
    os.utime(corpus / "c.md", (later, later))
    (corpus / "b.md").unlink()
    write_corpus(corpus, {"new.md": "马斯克，马斯克。\n"})
    counts = dict(line.split("\t") for line in lines(run("search", "马斯克", "--no-aliases", "-c", corpus=corpus)))
    assert counts == {"a": "2", "c": "1", "d/e": "2", "new": "2"}
    uncached = run("--no-cache", "search", "马斯克", "--no-aliases", "-c", corpus=corpus)
    assert dict(line.split("\t") for line in lines(uncached)) == counts


def test_a_users_regex_is_never_kept(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    run("search", "--regex", "马.克", corpus=corpus)
    assert postings_keys() == []


def test_a_corpus_with_a_bad_file_takes_the_full_path_with_its_warning(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {**ARTICLES, "bad.md": b"\xff\xfe\x00\x00binary\x00junk"})
    for _ in range(2):
        result = run("search", "马斯克", "--no-aliases", "-l", corpus=corpus)
        assert result.exit_code == 0 and sorted(lines(result)) == ["a", "b", "d/e"]
        assert "bad.md" in result.stderr and "warning" in result.stderr


def test_filters_take_the_full_path_and_agree(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    search(corpus, "马斯克")
    result = run("search", "马斯克", "--since", "2024", "-l", corpus=corpus)
    assert sorted(lines(result)) == ["a", "b"]


def test_an_edit_alone_updates_the_manifest_in_place_and_the_counts(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    run("search", "马斯克", "--no-aliases", "-l", corpus=corpus)
    for round_, text in enumerate(["马斯克。" * 5, "没有了。", "马斯克。"], 1):
        later = time.time() + 10 * round_
        (corpus / "c.md").write_text(f"---\ntitle: 第{round_}次\ndate: 2020-0{round_}-01\n---\n{text}\n",
                                     encoding="utf-8")
        os.utime(corpus / "c.md", (later, later))
        fast = run("search", "马斯克", "--no-aliases", "-f", "jsonl", "--limit", "0", corpus=corpus).stdout
        full = run("--no-cache", "search", "马斯克", "--no-aliases", "-f", "jsonl", "--limit", "0",
                   corpus=corpus).stdout
        assert fast == full
        assert ('"id": "c"' in fast) == ("马斯克" in text)


def test_a_cache_from_another_version_is_rebuilt_for_the_fast_path_too(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    expected = search(corpus, "马斯克").stdout
    assert expected
    for version in ("another version", "yet another"):
        monkeypatch.setattr("feudcli.cache._fingerprint", lambda version=version: version)
        assert search(corpus, "马斯克").stdout == expected  # rebuilt, not trusted
        assert search(corpus, "马斯克").stdout == expected  # and then warm
        assert run("timeline", corpus=corpus).exit_code == 0
        # The rebuilt cache serves the fast path (it is not left unusable).
        view = FastSearch.open(CorpusCache(corpus))
        assert view is not None and sorted(view.relpaths) == sorted(ARTICLES)
        view.close()
