"""The index of a corpus (feudcli.store): kept current file by file, never
wrong when it cannot be written, private to its user, and equal to the
plain scan it replaced (issue 13)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time

import pytest

from cli_helpers import REPO, lines, run, write_corpus
from feudcli.session import open_corpus
from feudcli.store.location import cache_home, index_files


def article(title: str, text: str, date: str = "2024-01-01") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\n{text}\n"


def corpus_with(tmp_path, count=3):
    return write_corpus(tmp_path / "corpus", {f"a{n}.md": article(f"标题{n}", f"马斯克第{n}次发言。")
                                              for n in range(count)})


def bump(path, text):
    path.write_text(text, encoding="utf-8")
    stamp = time.time() + 5  # a different mtime even on coarse clocks
    os.utime(path, (stamp, stamp))


def reread(root) -> int:
    with open_corpus(root) as corpus:
        return corpus.reread


def found(root, *args, env=None) -> list[str]:
    result = run("search", "--no-aliases", *args, "-l", corpus=root, env=env)
    assert result.exit_code in (0, 1), result.stderr
    return sorted(lines(result))


# -- kept current ------------------------------------------------------------------

def test_warm_run_reads_nothing_and_gives_the_same_articles(tmp_path):
    root = corpus_with(tmp_path)
    with open_corpus(root) as cold:
        assert cold.reread == 3
        first = [(a.record(), a.body) for a in cold.articles]
    with open_corpus(root) as warm:
        assert warm.reread == 0
        assert [(a.record(), a.body) for a in warm.articles] == first  # bodies read back from the files


def test_edit_add_delete_reread_only_those_files(tmp_path):
    root = corpus_with(tmp_path)
    reread(root)
    bump(root / "a1.md", article("新标题", "特朗普发言。"))
    (root / "a2.md").unlink()
    (root / "new.md").write_text(article("新文章", "奥尔特曼。"), encoding="utf-8")
    with open_corpus(root) as corpus:
        assert corpus.reread == 2
        assert {a.id: a.title for a in corpus.articles} == {"a0": "标题0", "a1": "新标题", "new": "新文章"}
    assert found(root, "特朗普") == ["a1"]
    assert found(root, "第1次") == []


def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path):
    root = corpus_with(tmp_path, 1)
    path = root / "a0.md"
    before = os.stat(path)
    assert found(root, "马斯克") == ["a0"]
    text = path.read_text(encoding="utf-8").replace("马斯克", "特朗普")
    assert len(text.encode()) == before.st_size
    time.sleep(0.01)  # a later ctime
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns and os.stat(path).st_size == before.st_size
    assert found(root, "马斯克") == [] and found(root, "特朗普") == ["a0"]


def test_results_equal_warm_cold_and_without_the_index_on_disk(tmp_path):
    root = corpus_with(tmp_path, 5)
    for args in (["list", "-f", "json"], ["search", "马斯克", "-f", "json"], ["show", "a3", "-f", "json"],
                 ["search", "马斯克", "-c"], ["search", "--regex", "第[13]次", "-f", "jsonl"]):
        cold = run(*args, corpus=root).stdout
        warm = run(*args, corpus=root).stdout
        uncached = run("--no-cache", *args, corpus=root).stdout
        assert cold == warm == uncached, args


def test_no_cache_writes_nothing(tmp_path):
    root = corpus_with(tmp_path)
    run("--no-cache", "search", "马斯克", corpus=root)
    assert index_files() == []


def test_filters_are_part_of_the_query(tmp_path):
    root = write_corpus(tmp_path / "corpus", {
        "a.md": article("甲", "马斯克说。", "2024-01-01"),
        "b.md": article("乙", "馬斯克說。", "2025-03-01"),
        "c.md": "---\ntitle: 丙\ntags: [科技, 台灣]\nlang: zh-TW\n---\n馬斯克與特斯拉。\n",
        "d.md": article("丁", "没有那个名字。", "2025-04-01"),
    })
    assert found(root, "马斯克") == ["a", "b", "c"]
    assert found(root, "马斯克", "--script", "hant") == ["b", "c"]
    assert found(root, "马斯克", "--since", "2025-01") == ["b"]
    assert found(root, "马斯克", "--until", "2024") == ["a"]
    assert found(root, "马斯克", "--tag", "台湾") == ["c"]
    assert found(root, "马斯克", "--lang", "zh") == ["c"]
    assert found(root, "马斯克", "--script", "hant", "--since", "2025-01") == ["b"]


# -- never wrong, never a traceback ------------------------------------------------

def read_only(monkeypatch):
    """The index opened as it would be from a read-only file system (chmod
    cannot show this: CI runs as root, which writes anyway)."""
    from feudcli.store.database import Store

    def connect(path):
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)

    monkeypatch.setattr(Store, "_connect", staticmethod(connect))


def test_a_read_only_index_still_gives_the_files_as_they_are(tmp_path, monkeypatch):
    root = corpus_with(tmp_path)
    assert found(root, "特朗普") == []
    [path] = index_files()
    bump(root / "a1.md", article("新标题", "特朗普发言。"))
    (root / "a2.md").unlink()
    (root / "new.md").write_text(article("新的", "还是特朗普。"), encoding="utf-8")
    read_only(monkeypatch)
    with open_corpus(root) as corpus:
        assert corpus.reread == 2
        assert sorted(article.id for article in corpus.articles) == ["a0", "a1", "new"]
    with sqlite3.connect(path) as connection:  # untouched
        assert connection.execute("SELECT count(*) FROM docs").fetchone() == (3,)
    assert found(root, "特朗普") == ["a1", "new"]
    assert found(root, "马斯克") == ["a0"]  # a1 changed, a2 is gone: not from the stale rows
    result = run("search", "--no-aliases", "特朗普", "-c", corpus=root)
    assert dict(line.split("\t") for line in lines(result)) == {"a1": "1", "new": "1"}
    assert "searched directly" in result.stderr
    assert run("show", "a2", corpus=root).exit_code == 2


def test_a_locked_index_is_searched_with_the_changes_merged_in(tmp_path):
    root = corpus_with(tmp_path)
    found(root, "马斯克")
    [path] = index_files()
    bump(root / "a1.md", article("新标题", "特朗普发言。"))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another feudcli writing
    try:
        started = time.monotonic()
        result = run("search", "--no-aliases", "特朗普", "-l", corpus=root)
        assert time.monotonic() - started < 10
        assert result.exit_code == 0 and lines(result) == ["a1"]
        assert "searched directly" in result.stderr
        assert found(root, "马斯克") == ["a0", "a2"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert reread(root) == 1  # and the next run stores it


@pytest.mark.parametrize("damage", ["garbage", "truncated", "zeroed"])
def test_a_damaged_index_is_rebuilt_with_a_note(tmp_path, damage):
    root = corpus_with(tmp_path, 30)
    found(root, "马斯克")
    [path] = index_files()
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 3])
    else:
        path.write_bytes(data[:4096] + b"\0" * (len(data) - 4096))
    result = run("search", "--no-aliases", "马斯克", "-l", corpus=root)
    assert result.exit_code == 0, result.stderr
    assert len(lines(result)) == 30
    assert "Traceback" not in result.stderr
    assert reread(root) == 0  # the rebuilt index is in use again


def test_an_index_of_another_version_is_rebuilt(tmp_path, monkeypatch):
    root = corpus_with(tmp_path)
    reread(root)
    monkeypatch.setattr("feudcli.store.database.fingerprint", lambda: "another version")
    assert reread(root) == 3
    assert reread(root) == 0


def test_two_processes_at_once(tmp_path):
    root = write_corpus(tmp_path / "corpus", {
        f"d{n}/a{n}.md": article(f"标题{n}", "马斯克说。" * 50) for n in range(600)})
    command = [sys.executable, "-m", "feudcli", "--corpus", str(root), "search", "马斯克", "-c"]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(3)]
    outputs = [process.communicate(timeout=300) for process in processes]
    assert all(process.returncode == 0 for process in processes), [err for _, err in outputs]
    assert all(b"Traceback" not in err and b"error" not in err for _, err in outputs)
    counts = [sorted(out.decode().splitlines()) for out, _ in outputs]
    assert counts[0] == counts[1] == counts[2] and len(counts[0]) == 600
    assert reread(root) == 0


# -- private, data only ------------------------------------------------------------

def test_the_index_is_private_and_holds_data_not_code(tmp_path):
    root = write_corpus(tmp_path / "corpus", {"a.md": "---\ntitle: 甲\ndate: 2025-01-02\nextra: {a: [1, 2]}\n---\n马斯克\n"})
    run("show", "a", "-f", "json", corpus=root)
    [path] = index_files()
    assert stat.S_IMODE(os.stat(cache_home()).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with sqlite3.connect(path) as connection:
        [(meta,)] = connection.execute("SELECT meta FROM docs")
    assert json.loads(meta) == {"title": "甲", "date": "2025-01-02", "extra": {"a": [1, 2]}}
    assert b"\x80\x04\x95" not in path.read_bytes()  # no pickle stream anywhere


def test_a_cache_directory_writable_by_others_is_refused(tmp_path):
    root = corpus_with(tmp_path)
    run("list", corpus=root)
    os.chmod(cache_home(), 0o777)
    result = run("search", "马斯克", corpus=root)
    assert result.exit_code == 2 and str(cache_home()) in result.stderr
    assert "--no-cache" in result.stderr and "Traceback" not in result.stderr
    assert run("--no-cache", "search", "马斯克", "-l", corpus=root).exit_code == 0


def test_a_cache_directory_of_another_user_is_refused(tmp_path):
    if os.getuid() != 0:
        pytest.skip("only root can give a directory to another user")
    root = corpus_with(tmp_path)
    cache_home().mkdir(parents=True, mode=0o700)
    os.chown(cache_home(), 65534, 65534)
    result = run("list", corpus=root)
    assert result.exit_code == 2 and "another user" in result.stderr and "--no-cache" in result.stderr


def test_cache_info_and_clear_only_own_files(tmp_path):
    root = corpus_with(tmp_path)
    run("list", corpus=root)
    info = json.loads(run("cache", "info", "--format", "json").stdout)
    assert [(item["corpus"], item["files"], item["exists"]) for item in info] == [(str(root.resolve()), 3, True)]
    (cache_home() / "corpora" / "notes.txt").write_text("mine")
    (cache_home() / "keep.sqlite3").write_text("mine too")
    result = run("cache", "clear")
    assert result.exit_code == 0 and "1 corpus" in result.stderr
    assert index_files() == []
    assert sorted(os.listdir(cache_home() / "corpora")) == ["notes.txt"]
    assert (cache_home() / "keep.sqlite3").exists()


def test_cache_clear_on_a_read_only_directory_is_an_error(tmp_path):
    root = corpus_with(tmp_path)
    run("list", corpus=root)
    os.chmod(cache_home() / "corpora", 0o500)
    try:
        if os.access(cache_home() / "corpora", os.W_OK) and os.getuid() == 0:
            pytest.skip("root writes to read-only directories")
        result = run("cache", "clear")
        assert result.exit_code == 2 and result.stderr.startswith("feudcli: error: cannot delete")
    finally:
        os.chmod(cache_home() / "corpora", 0o700)


def test_bad_file_names_are_stored_and_searched(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / os.fsdecode(b"bad\xffname.md")).write_text("---\ntitle: 坏名字\n---\n马斯克。\n", encoding="utf-8")
    (root / "good.md").write_text("马斯克。\n", encoding="utf-8")
    for _ in range(2):  # cold, then warm
        result = run("search", "--no-aliases", "马斯克", "-l", corpus=root)
        assert result.exit_code == 0 and sorted(lines(result)) == ["bad\\xffname", "good"], result.stderr
        assert "not valid UTF-8" in result.stderr
