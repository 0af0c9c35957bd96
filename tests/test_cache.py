"""The on-disk cache: invalidation, corruption, concurrency, --no-cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from cli_helpers import REPO, ids, lines, run, write_corpus
from feudcli.cache import CorpusCache
from feudcli.cachedir import cache_files
from feudcli.corpus import load_corpus


def article(title: str, text: str, date: str = "2024-01-01") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\n{text}\n"


def corpus_with(tmp_path, count=3):
    return write_corpus(tmp_path / "corpus", {f"a{n}.md": article(f"标题{n}", f"马斯克第{n}次发言。") for n in range(count)})


def load(root):
    cache = CorpusCache(root)
    corpus = load_corpus(root, prepare=cache.prepare)
    return corpus, cache


def bump(path, text):
    path.write_text(text, encoding="utf-8")
    stamp = time.time() + 5  # a different mtime even on coarse clocks
    os.utime(path, (stamp, stamp))


def test_warm_run_reads_nothing_and_gives_the_same_articles(tmp_path):
    root = corpus_with(tmp_path)
    first, cold = load(root)
    second, warm = load(root)
    assert cold.reread == 3 and warm.reread == 0
    assert [a.record() for a in first.articles] == [a.record() for a in second.articles]
    assert [a.body for a in first.articles] == [a.body for a in second.articles]  # lazily read back
    assert warm.texts == cold.texts


def test_edit_add_delete_reread_only_those_files(tmp_path):
    root = corpus_with(tmp_path)
    load(root)
    bump(root / "a1.md", article("新标题", "特朗普发言。"))
    (root / "a2.md").unlink()
    (root / "new.md").write_text(article("新文章", "奥尔特曼。"), encoding="utf-8")
    corpus, cache = load(root)
    assert cache.reread == 2
    titles = {a.id: a.title for a in corpus.articles}
    assert titles == {"a0": "标题0", "a1": "新标题", "new": "新文章"}
    assert ids(run("search", "特朗普", corpus=root)) == ["a1"]
    assert run("search", "第1次", corpus=root).exit_code == 1


def test_cli_results_equal_with_and_without_cache(tmp_path):
    root = corpus_with(tmp_path, 5)
    for args in (["list", "-f", "json"], ["search", "马斯克", "-f", "json"], ["show", "a3", "-f", "json"]):
        cold = run(*args, corpus=root).stdout
        warm = run(*args, corpus=root).stdout
        uncached = run("--no-cache", *args, corpus=root).stdout
        assert cold == warm == uncached


def test_no_cache_writes_nothing(tmp_path):
    root = corpus_with(tmp_path)
    run("--no-cache", "list", corpus=root)
    assert cache_files() == []


def test_corrupt_cache_is_rebuilt_silently(tmp_path):
    root = corpus_with(tmp_path)
    run("list", corpus=root)
    [path] = cache_files()
    path.write_bytes(b"this is not a database" * 100)
    result = run("search", "马斯克", "-l", corpus=root)
    assert result.exit_code == 0 and sorted(lines(result)) == ["a0", "a1", "a2"]
    assert "warning" not in result.stderr and "error" not in result.stderr
    _, cache = load(root)
    assert cache.reread == 0  # the rebuilt cache is in use again


def test_cache_from_another_version_is_rebuilt(tmp_path, monkeypatch):
    root = corpus_with(tmp_path)
    load(root)
    monkeypatch.setattr("feudcli.cache._fingerprint", lambda: "another version")
    _, cache = load(root)
    assert cache.reread == 3


def test_read_only_cache_directory_only_costs_speed(tmp_path, monkeypatch):
    root = corpus_with(tmp_path)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    result = run("search", "马斯克", "-l", corpus=root)
    assert result.exit_code == 0 and len(lines(result)) == 3
    assert "warning" not in result.stderr and "error" not in result.stderr


def test_two_processes_at_once(tmp_path):
    root = write_corpus(tmp_path / "corpus", {
        f"d{n}/a{n}.md": article(f"标题{n}", "马斯克说。" * 50) for n in range(300)})
    command = [sys.executable, "-m", "feudcli", "--corpus", str(root), "search", "马斯克", "-c", "--limit", "0"]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(3)]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert all(process.returncode == 0 for process in processes), [err for _, err in outputs]
    assert all(b"warning" not in err and b"error" not in err for _, err in outputs)
    counts = [sorted(out.decode().splitlines()) for out, _ in outputs]
    assert counts[0] == counts[1] == counts[2] and len(counts[0]) == 300
    _, cache = load(root)
    assert cache.reread == 0


def test_cache_info_and_clear(tmp_path):
    root = corpus_with(tmp_path)
    run("list", corpus=root)
    info = json.loads(run("cache", "info", "--format", "json").stdout)
    assert [(item["corpus"], item["files"], item["exists"]) for item in info] == [(str(root.resolve()), 3, True)]
    result = run("cache", "clear")
    assert result.exit_code == 0 and "1 corpus" in result.stderr
    assert cache_files() == []


def test_cached_bodies_are_the_parsed_bodies_for_every_front_matter_shape(tmp_path):
    root = write_corpus(tmp_path / "corpus", {
        "yaml.md": "---\ntitle: 甲\n---\n正文一\n",
        "toml.md": "+++\ntitle = '乙'\n+++\r\n正文二\r\n",
        "none.md": "正文三\n",
        "open.md": "---\ntitle: 未闭合\n正文四\n",
        "bom.md": "\ufeff---\ntitle: 丁\n---\n正文五\n",
    })
    fresh = {a.id: a.body for a in load_corpus(root).articles}
    load(root)  # fills the cache
    cached, cache = load(root)
    assert cache.reread == 0
    assert {a.id: a.body for a in cached.articles} == fresh
