"""Issue 15, convert like OpenCC's CLI: --from for pages that do not say
where they come from, -o FILE for one file, --diff, and --dict with the
user's own phrases."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cli_helpers import run

# A Taiwan page whose front matter says nothing about its language.
TAIWAN = "---\ntitle: 軟體\n---\n\n這個軟體的記憶體不夠，請用滑鼠。\n"
SIMPLIFIED = "---\ntitle: 奥尔特曼\nlang: zh-CN\n---\n\n奥尔特曼说这些软件的内存不够。\n"


def files_in(directory: Path) -> list[str]:
    return sorted(path.relative_to(directory).as_posix() for path in directory.rglob("*") if path.is_file())


# ---------------------------------------------------------------- --from

def test_from_tw_gives_taiwan_vocabulary_its_mainland_words(make_corpus):
    corpus = make_corpus({"tw.md": TAIWAN})
    plain = run("convert", "tw", "--to", "hans", corpus=corpus)
    assert plain.exit_code == 0, plain.stderr
    assert "这个软体的记忆体不够，请用滑鼠。" in plain.stdout  # t2s: characters only

    taiwan = run("convert", "tw", "--to", "hans", "--from", "tw", corpus=corpus)
    assert taiwan.exit_code == 0, taiwan.stderr
    assert "title: 软件\n" in taiwan.stdout
    assert "这个软件的内存不够，请用鼠标。" in taiwan.stdout

    dry = run("convert", "tw", "--to", "hans", "--from", "tw", "-o", str(corpus.parent / "out"), "--dry-run",
              corpus=corpus)
    assert dry.stdout.endswith("\ttw2sp\n")


def test_from_never_overrides_what_the_front_matter_says(make_corpus):
    hong_kong = TAIWAN.replace("title: 軟體\n", "title: 軟體\nlang: zh-HK\n")
    corpus = make_corpus({"hk.md": hong_kong, "bare.md": TAIWAN.replace("title", "lang: hant\ntitle")})
    result = run("convert", "--all", "--to", "hans", "--from", "tw", "-o", str(corpus.parent / "out"),
                 "--dry-run", corpus=corpus)
    # zh-HK says Hong Kong; a bare `hant` names no region, so --from's counts.
    assert result.stdout.splitlines() == [f"write\t{corpus.parent / 'out' / 'bare.md'}\ttw2sp",
                                          f"write\t{corpus.parent / 'out' / 'hk.md'}\thk2s"]


def test_from_on_standard_input_and_for_text_both_scripts_share():
    # 滑鼠 has no character that tells the scripts apart: only --from knows
    # it is Taiwan's word for 鼠标.
    assert run("convert", "--to", "hans", "-", input="滑鼠\n").stdout == "滑鼠\n"
    assert run("convert", "--to", "hans", "--from", "tw", "-", input="滑鼠\n軟體\n").stdout == "鼠标\n软件\n"


@pytest.mark.parametrize("args, fragment", [
    (["--from", "tw", "--config", "t2s"], "give one of them"),
    (["--from", "cn", "--to", "hans"], "'cn'"),
])
def test_from_usage_errors(args, fragment):
    result = run("convert", "000", *args)
    assert result.exit_code == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- -o FILE

def test_one_input_to_one_file(make_corpus, tmp_path):
    corpus = make_corpus({"tw.md": TAIWAN})
    target = tmp_path / "y.txt"
    result = run("convert", "tw", "--to", "hans", "-o", str(target), corpus=corpus)
    assert result.exit_code == 0, result.stderr
    assert target.is_file() and "这个软体" in target.read_text(encoding="utf-8")
    assert result.stderr == f"feudcli: wrote {target}\n"

    again = run("convert", "tw", "--to", "hans", "-o", str(target), corpus=corpus)
    assert again.exit_code == 2 and "already exist" in again.stderr
    forced = run("convert", "tw", "--to", "hans", "--from", "tw", "-o", str(target), "--force", corpus=corpus)
    assert forced.exit_code == 0 and "这个软件" in target.read_text(encoding="utf-8")

    # A file outside the corpus, to a file.
    outside = tmp_path / "page.md"
    outside.write_text(TAIWAN, encoding="utf-8")
    single = run("convert", str(outside), "--to", "hans", "-o", str(tmp_path / "page.hans.md"))
    assert single.exit_code == 0, single.stderr
    assert (tmp_path / "page.hans.md").is_file()


def test_a_directory_when_there_are_several_or_asked_for(make_corpus, tmp_path):
    corpus = make_corpus({"a.md": TAIWAN, "b.md": SIMPLIFIED})
    refused = run("convert", "--all", "--to", "hans", "-o", str(tmp_path / "y.txt"), corpus=corpus)
    assert refused.exit_code == 2
    assert "names one file, but there are 2 files" in refused.stderr and "end it with /" in refused.stderr
    assert not (tmp_path / "y.txt").exists()

    as_directory = run("convert", "a", "--to", "hans", "-o", f"{tmp_path / 'y.txt'}/", corpus=corpus)
    assert as_directory.exit_code == 0, as_directory.stderr
    assert files_in(tmp_path / "y.txt") == ["a.md"]

    no_suffix = run("convert", "a", "--to", "hans", "-o", str(tmp_path / "out"), corpus=corpus)
    assert files_in(tmp_path / "out") == ["a.md"] and no_suffix.exit_code == 0

    (tmp_path / "file").write_text("x", encoding="utf-8")
    not_a_directory = run("convert", "--all", "--to", "hans", "-o", str(tmp_path / "file"), corpus=corpus)
    assert not_a_directory.exit_code == 2 and "is not a directory" in not_a_directory.stderr


def test_output_inside_the_corpus_is_refused_unless_forced(make_corpus):
    corpus = make_corpus({"a.md": TAIWAN})
    inside = corpus / "converted"
    refused = run("convert", "--all", "--to", "hans", "-o", str(inside), corpus=corpus)
    assert refused.exit_code == 2
    assert "inside the corpus" in refused.stderr and "--force" in refused.stderr
    assert not inside.exists()

    forced = run("convert", "--all", "--to", "hans", "-o", str(inside), "--force", corpus=corpus)
    assert forced.exit_code == 0, forced.stderr
    assert files_in(inside) == ["a.md"]

    # Even forced, -o never writes over an article itself (that is --in-place).
    itself = run("convert", "a", "--to", "hans", "-o", str(corpus), "--force", corpus=corpus)
    assert itself.exit_code == 2 and "--in-place" in itself.stderr
    assert (corpus / "a.md").read_text(encoding="utf-8") == TAIWAN


# ---------------------------------------------------------------- --diff

def test_diff_in_a_pipe_is_a_unified_diff_that_patch_applies(make_corpus, tmp_path):
    corpus = make_corpus({"a.md": TAIWAN, "sub/b.md": SIMPLIFIED})
    result = run("convert", "--all", "--to", "hans", "--from", "tw", "--diff", corpus=corpus)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("--- a/a.md\n+++ b/a.md\n@@ -1,5 +1,5 @@\n ---\n-title: 軟體\n+title: 软件\n")
    assert "sub/b.md" not in result.stdout  # already Simplified: no change
    assert (corpus / "a.md").read_text(encoding="utf-8") == TAIWAN  # nothing written
    if shutil.which("patch"):
        copy = shutil.copytree(corpus, tmp_path / "copy")
        subprocess.run(["patch", "-p1", "-s"], input=result.stdout, text=True, cwd=copy, check=True)
        converted = run("convert", "a", "--to", "hans", "--from", "tw", corpus=corpus).stdout
        assert (copy / "a.md").read_text(encoding="utf-8") == converted


def test_diff_keeps_a_missing_final_newline(make_corpus):
    corpus = make_corpus({"a.md": "軟體"})
    result = run("convert", "a", "--to", "hans", "--diff", corpus=corpus)
    assert result.stdout.endswith("-軟體\n\\ No newline at end of file\n+软体\n\\ No newline at end of file\n")


def test_diff_on_a_terminal_is_inline_and_coloured(make_corpus):
    corpus = make_corpus({"a.md": TAIWAN})
    result = run("--color", "always", "convert", "a", "--to", "hans", "--from", "tw", "--diff", corpus=corpus)
    assert result.exit_code == 0, result.stderr
    assert "a (tw2sp, 2 line(s) changed)" in result.stdout
    assert "\x1b[9;31m軟體\x1b[0m\x1b[32m软件\x1b[0m" in result.stdout  # struck out red, then green
    assert "+++" not in result.stdout


def on_a_terminal(*args: str) -> str:
    """What feudcli prints to a real terminal (a pseudo-terminal)."""
    import os
    import pty
    import sys

    main, child = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key not in ("FEUDCLI_TO", "FEUDCLI_CORPUS")}
    done = subprocess.run([sys.executable, "-m", "feudcli", *args], stdout=child, stderr=subprocess.PIPE,
                          env=dict(env, COLUMNS="200"), timeout=120)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert done.returncode == 0, done.stderr
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_diff_without_colour_marks_changes_as_git_word_diff_does(make_corpus):
    corpus = make_corpus({"a.md": TAIWAN})
    shown = on_a_terminal("--corpus", str(corpus), "--color", "never", "convert", "a", "--to", "hans",
                          "--from", "tw", "--diff")
    assert "[-軟體-]{+软件+}" in shown and "[-記憶體-]{+内存+}" in shown and "[-滑鼠-]{+鼠标+}" in shown
    assert "+++" not in shown


def test_diff_writes_nothing_and_says_so(tmp_path):
    result = run("convert", "000", "--to", "hant", "--diff", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "--diff" in result.stderr
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- --dict

def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_own_phrases_come_before_the_config(make_corpus, tmp_path):
    corpus = make_corpus({"a.md": SIMPLIFIED})
    names = write(tmp_path / "names.txt", "# how this corpus writes names\n\n奥尔特曼\t奧特曼\n")
    result = run("convert", "a", "--to", "tw", "--dict", str(names), corpus=corpus)
    assert result.exit_code == 0, result.stderr
    assert "title: 奧特曼\n" in result.stdout and "奧特曼說這些軟體的記憶體不夠" in result.stdout
    # Without it: the config's own spelling.
    assert "奧爾特曼說" in run("convert", "a", "--to", "tw", corpus=corpus).stdout


def test_own_phrases_are_kept_as_given_and_the_first_file_wins(tmp_path):
    # 软件 stays as written: no later step of s2twp turns it into 軟體.
    first = write(tmp_path / "first.txt", "软件\t软件\n")
    second = write(tmp_path / "second.txt", "软件\t軟件\n内存\t內存 記憶體\n")
    result = run("convert", "--to", "tw", "--dict", str(first), "--dict", str(second), "-",
                 input="这些软件的内存\n")
    assert result.stdout == "這些软件的內存\n"  # 內存: the first of its candidates


def test_own_phrases_in_worker_processes(make_corpus, tmp_path):
    corpus = make_corpus({f"{index}.md": SIMPLIFIED for index in range(6)})
    names = write(tmp_path / "names.txt", "奥尔特曼\t奧特曼\n")
    result = run("convert", "--all", "--to", "tw", "--dict", str(names), "-j", "2", "-o", str(tmp_path / "out"),
                 corpus=corpus)
    assert result.exit_code == 0, result.stderr
    for path in (tmp_path / "out").iterdir():
        assert "奧特曼說" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("content, fragment", [
    ("奥尔特曼\t奧特曼\n# ok\n马斯克 馬斯克\n", ", line 3: no tab between the phrase and its conversion (it has spaces"),
    ("奥尔特曼\t\n", ", line 1: no conversion after the tab"),
    ("\t奧特曼\n", ", line 1: the phrase before the tab is empty"),
    ("奥尔特曼\t奧特曼\n奥尔特曼\t奧爾特曼\n", ", line 2: '奥尔特曼' is already converted to '奧特曼' on line 1"),
    (b"\xe5\xa5\xa5\t\xe5\xa5\xa7\n\xb0\xc2\t\xe5\xa5\xa7\n", ", line 2: not UTF-8"),
])
def test_a_bad_dictionary_is_an_error_naming_the_line(tmp_path, content, fragment):
    path = tmp_path / "names.txt"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = run("convert", "000", "--to", "hant", "--dict", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == result.stderr.splitlines()[0] + "\n"  # one line
    assert f"feudcli: error: {path}{fragment}" in result.stderr


def test_a_missing_dictionary_is_an_error(tmp_path):
    result = run("convert", "000", "--to", "hant", "--dict", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2 and "nope.txt: cannot read the dictionary" in result.stderr
