"""`feudcli convert`: what a user sees on stdout and stderr, and what ends
up on disk (written, refused, replaced, untouched)."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import SEEDS, SIMPLIFIED_SEED, TRADITIONAL_SEED, run

SEED_000 = f"{SIMPLIFIED_SEED}.txt"
SEED_001 = f"{TRADITIONAL_SEED}.txt"

ARTICLE = """---
title: 马斯克与奥尔特曼
date: 2025-02-12
lang: zh-CN
tags: [人工智能, 马斯克]
draft: false
weight: 3
---

马斯克说，[奥尔特曼的网站](https://example.com/奥尔特曼/发展 "奥尔特曼的标题")很重要。

```python
# 这里的注释不转换
print("马斯克")
```

行内代码 `发展` 也不转换。
"""

TRADITIONAL = """---
title: 馬斯克與奧特曼
lang: hant
---

馬斯克與奧特曼的關係從共同創辦人到全面決裂。
"""


@pytest.fixture
def corpus(make_corpus):
    return make_corpus({"a.md": ARTICLE, "sub/b.md": TRADITIONAL})


def files_in(directory: Path) -> dict[str, bytes]:
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


# ---------------------------------------------------------------- stdout

def test_seed_to_traditional_on_stdout():
    # --to hant is Taiwan's standard characters (為, 群), which the zh-TW
    # label then truly describes; no Taiwan vocabulary (互聯網 stays).
    result = run("convert", SIMPLIFIED_SEED[:3], "--to", "hant")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith('---\ntitle: "馬斯克VS奧爾特曼，為何“相愛相殺”"\n')
    assert '  - "zh-TW"\n' in result.stdout and "zh-CN" not in result.stdout
    assert "馬斯克帶領一群投資者" in result.stdout and "互聯網" in result.stdout
    assert "爲" not in result.stdout
    assert result.stderr == ""


def test_opencc_standard_is_labelled_as_a_script_not_a_region():
    # OpenCC's own standard (爲, 羣) is no region's: zh-CN becomes zh-Hant.
    result = run("convert", SIMPLIFIED_SEED[:3], "--config", "s2t")
    assert result.exit_code == 0, result.stderr
    assert "爲何" in result.stdout and "一羣投資者" in result.stdout
    assert '  - "zh-Hant"\n' in result.stdout and "zh-TW" not in result.stdout


@pytest.mark.parametrize("seed, target", [(SEED_000, "hans"), (SEED_001, "hant")])
def test_identity_conversion_is_byte_for_byte(seed, target):
    result = run("convert", seed[:3], "--to", target)
    assert result.exit_code == 0
    assert result.stdout_bytes == (SEEDS / seed).read_bytes()


def test_identity_keeps_crlf_and_odd_front_matter(make_corpus):
    text = "---\r\ntitle:   '馬斯克'   # 註解\r\nlang: zh-TW\r\n---\r\n\r\n馬斯克與奧特曼。\r\n"
    root = make_corpus({"x.md": text.encode("utf-8")})
    result = run("convert", "x", "--to", "hant", corpus=root)
    assert result.stdout_bytes == text.encode("utf-8")


def test_links_code_and_urls_are_untouched(corpus):
    result = run("convert", "a", "--to", "hant", corpus=corpus)
    out = result.stdout
    assert "馬斯克說，[奧爾特曼的網站](https://example.com/奥尔特曼/发展 \"奧爾特曼的標題\")很重要。" in out
    assert '# 这里的注释不转换\nprint("马斯克")' in out
    assert "行內代碼 `发展` 也不轉換。" in out


def test_front_matter_lines_edited_in_place(corpus):
    out = run("convert", "a", "--to", "tw", corpus=corpus).stdout
    assert out.startswith("---\ntitle: 馬斯克與奧爾特曼\ndate: 2025-02-12\nlang: zh-TW\n"
                          "tags: [人工智慧, 馬斯克]\ndraft: false\nweight: 3\n---\n")


def test_hant_style_lang_and_several_articles(corpus):
    result = run("convert", "a", "b", "--to", "hans", corpus=corpus)
    assert result.exit_code == 0
    assert "title: 马斯克与奥特曼\nlang: hans\n" in result.stdout
    assert result.stdout.startswith("---\ntitle: 马斯克与奥尔特曼\n")  # a.md was Simplified: as is


def test_file_outside_the_corpus(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# 笔记\n\n软件和内存。\n", encoding="utf-8")
    result = run("convert", str(path), "--to", "tw")
    assert result.exit_code == 0
    assert result.stdout == "# 筆記\n\n軟體和記憶體。\n"


def test_all_with_a_filter(corpus):
    result = run("convert", "--all", "--script", "hant", "--to", "hans", corpus=corpus)
    assert result.exit_code == 0
    assert result.stdout.startswith("---\ntitle: 马斯克与奥特曼\n") and "奥尔特曼" not in result.stdout


# ---------------------------------------------------------------- errors

def test_unknown_config_lists_the_valid_ones():
    result = run("convert", "--config", "s2x", "-", input="马斯克\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "unknown OpenCC config 's2x'" in lines[0]
    for name in ("s2t", "t2s", "s2twp", "tw2sp", "s2hkp", "hk2sp", "t2jp", "jp2t", "tw2t", "hk2t"):
        assert name in lines[0]


@pytest.mark.parametrize("args, fragment", [
    (["000"], "--to hans|hant|tw|hk"),
    (["000", "--to", "hant", "--config", "s2t"], "give one of them"),
    (["000", "--to", "cn"], "'cn'"),
    (["--to", "hant"], "--all"),
    (["nosuchid", "--to", "hant"], "no article with id 'nosuchid'"),
    (["000", "--to", "hant", "--script", "hans"], "add --all"),
    (["-", "000", "--to", "hant"], "standard input"),
    (["000", "--to", "hant", "-o", "x", "--in-place"], "give one of them"),
])
def test_usage_errors(args, fragment):
    result = run("convert", *args)
    assert result.exit_code == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- stdin

def test_stdin_plain_text_line_by_line():
    result = run("convert", "--to", "hant", "-", input="马斯克\n123\n这是发展\n馬斯克\n")
    assert result.exit_code == 0
    assert result.stdout == "馬斯克\n123\n這是發展\n馬斯克\n"


def test_stdin_is_streamed_a_line_at_a_time():
    """Each line comes out before the next goes in (tail -f | convert)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "feudcli", "convert", "--to", "hant", "-"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "FEUDCLI_CORPUS": ""},
    )
    try:
        for line, expected in (("马斯克\n", "馬斯克\n"), ("发展\n", "發展\n")):
            process.stdin.write(line.encode())
            process.stdin.flush()
            assert process.stdout.readline().decode() == expected  # stdin still open
        process.stdin.close()
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()


# ---------------------------------------------------------------- -o DIR

def test_output_dir_refuses_then_force_replaces(corpus, tmp_path):
    out = tmp_path / "out"
    first = run("convert", "--all", "--to", "hant", "-o", str(out), corpus=corpus)
    assert first.exit_code == 0, first.stderr
    written = files_in(out)
    assert sorted(written) == ["a.md", "sub/b.md"]
    assert written["sub/b.md"] == TRADITIONAL.encode()  # already hant: copied as is
    assert "wrote 2 file(s)" in first.stderr

    (out / "a.md").write_text("mine", encoding="utf-8")
    again = run("convert", "--all", "--to", "hant", "-o", str(out), corpus=corpus)
    assert again.exit_code == 2
    assert "already exist" in again.stderr and "--force" in again.stderr
    assert (out / "a.md").read_text(encoding="utf-8") == "mine"

    forced = run("convert", "--all", "--to", "hant", "-o", str(out), "--force", corpus=corpus)
    assert forced.exit_code == 0
    assert f"replaced 2 existing file(s): {out / 'a.md'}, {out / 'sub' / 'b.md'}" in forced.stderr
    assert files_in(out) == written


def test_dry_run_writes_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    result = run("convert", "--all", "--to", "hant", "-o", str(out), "--dry-run", corpus=corpus)
    assert result.exit_code == 0
    assert result.stdout == f"write\t{out / 'a.md'}\ts2tw\nwrite\t{out / 'sub' / 'b.md'}\t-\n"
    assert not out.exists()


def test_in_place_rewrites_only_what_changes(corpus):
    before_b = (corpus / "sub/b.md").stat().st_mtime_ns
    result = run("convert", "--all", "--to", "hant", "--in-place", corpus=corpus)
    assert result.exit_code == 0
    assert "converted 1 file(s) in place" in result.stderr
    assert (corpus / "a.md").read_text(encoding="utf-8").startswith("---\ntitle: 馬斯克與奧爾特曼\n")
    assert (corpus / "sub/b.md").stat().st_mtime_ns == before_b
    assert not [p for p in corpus.rglob("*") if p.name.endswith(".tmp")]


def test_no_write_outside_dir_through_a_symlink(corpus, tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    result = run("convert", "--all", "--to", "hant", "-o", str(out), corpus=corpus)
    assert result.exit_code == 2
    assert "outside" in result.stderr
    assert list(elsewhere.iterdir()) == [] and not (out / "a.md").exists()


def test_two_inputs_with_one_name_are_refused(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    for folder in ("x", "y"):
        (tmp_path / folder / "n.md").write_text("马斯克\n", encoding="utf-8")
    result = run("convert", str(tmp_path / "x/n.md"), str(tmp_path / "y/n.md"), "--to", "hant",
                 "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "both be written to" in result.stderr
    assert not (tmp_path / "out").exists()


def test_legacy_encoding_is_kept(make_corpus, tmp_path):
    root = make_corpus({"gbk.txt": "马斯克与奥尔特曼的发展。\n".encode("gb18030")})
    out = tmp_path / "out"
    result = run("convert", "gbk", "--to", "hant", "-o", str(out), corpus=root)
    assert result.exit_code == 0
    assert (out / "gbk.txt").read_bytes() == "馬斯克與奧爾特曼的發展。\n".encode("gb18030")


def test_parallel_workers_give_the_same_files(make_corpus, tmp_path):
    root = make_corpus({f"{n:02d}.md": ARTICLE for n in range(6)})
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("convert", "--all", "--to", "hk", "-o", str(one), "-j", "1", corpus=root).exit_code == 0
    assert run("convert", "--all", "--to", "hk", "-o", str(two), "-j", "2", corpus=root).exit_code == 0
    assert files_in(one) == files_in(two) and len(files_in(one)) == 6


def test_in_place_leaves_symlinked_files_alone(make_corpus, tmp_path):
    target = tmp_path / "elsewhere.md"
    target.write_text("发展\n", encoding="utf-8")
    root = make_corpus({"a.md": "发展\n"})
    (root / "link.md").symlink_to(target)
    result = run("convert", "--all", "--to", "hant", "--in-place", corpus=root)
    assert "link: is a symbolic link; not rewritten in place" in result.stderr
    assert (root / "link.md").is_symlink() and target.read_text(encoding="utf-8") == "发展\n"
    assert (root / "a.md").read_text(encoding="utf-8") == "發展\n"


def test_no_progress_bar_when_stderr_is_not_a_terminal(corpus, tmp_path):
    result = run("convert", "--all", "--to", "hant", "-o", str(tmp_path / "out"), corpus=corpus)
    assert result.stderr == f"feudcli: wrote 2 file(s) under {tmp_path / 'out'} (1 already in the target script, copied as they were)\n"


def test_progress_bar_on_a_terminal(corpus, tmp_path):
    """stderr a terminal (a pty), stdout a file: the bar is drawn on stderr
    and the converted text on stdout has none of it."""
    import pty

    master, slave = pty.openpty()
    with open(tmp_path / "stdout", "wb") as stdout:
        process = subprocess.Popen(
            [sys.executable, "-m", "feudcli", "--corpus", str(corpus), "convert", "--all", "--to", "hant"],
            stdin=subprocess.DEVNULL, stdout=stdout, stderr=slave,
            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    os.close(slave)
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the pty is closed once the process is gone
            break
        if not chunk:
            break
        drawn += chunk
    assert process.wait(timeout=60) == 0
    os.close(master)
    assert b"converting" in drawn and b"2/2" in drawn
    out = (tmp_path / "stdout").read_bytes().decode()
    assert "converting" not in out and out.startswith("---\ntitle: 馬斯克與奧爾特曼\n")


def test_stdout_encoding(make_corpus):
    bom = codecs.BOM_UTF8 + "---\ntitle: 馬斯克\n---\n馬斯克。\n".encode()
    root = make_corpus({"bom.md": bom, "gbk.md": "马斯克的发展。\n".encode("gb18030")})
    assert run("convert", "bom", "--to", "hant", corpus=root).stdout_bytes == bom  # identity, BOM kept
    assert run("convert", "gbk", "--to", "hans", corpus=root).stdout_bytes == "马斯克的发展。\n".encode()
    assert run("convert", "gbk", "--to", "hant", corpus=root).stdout_bytes == "馬斯克的發展。\n".encode()
