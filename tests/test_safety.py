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
    result = run("convert", "--all", "--to", "hant", "-o", str(bad_name_corpus.parent / "out"), "--dry-run",
                 corpus=bad_name_corpus)
    assert "\\udcff" not in result.stdout + result.stderr
    assert "bad\\xffname.md\ts2tw" in result.stdout


def test_dry_run_is_one_record_per_line(make_corpus, tmp_path):
    root = make_corpus({"tab\there\nnewline.md": front("title: 一"), "b.md": front("title: 二")})
    result = run("convert", "--all", "--to", "hant", "-o", str(tmp_path / "out"), "--dry-run", corpus=root)
    assert result.exit_code == 0, result.stderr
    assert sorted(result.stdout.splitlines()) == [
        f"write\t{tmp_path / 'out'}/b.md\ts2tw", f"write\t{tmp_path / 'out'}/tab here newline.md\ts2tw"]


# -- clear errors, never a traceback -------------------------------------------

def test_a_repeat_count_too_large_for_python_is_an_error(make_corpus):
    root = make_corpus({"a.md": front("title: 一")})
    result = run("search", "--regex", "x{99999999999}", corpus=root)
    assert result.exit_code == 2
    assert result.stderr.startswith("feudcli: error: ") and "Traceback" not in result.stderr
    assert "x{99999999999}" in result.stderr


@pytest.mark.parametrize("value", ["nan", "1e300", "0", "-1", "-0", "inf", "1e-300", "soon"])
def test_a_regex_time_limit_that_cannot_hold_is_an_error(make_corpus, value):
    root = make_corpus({"a.md": front("title: 一")})
    result = run("search", "--regex", "马斯克", corpus=root, env={"FEUDCLI_REGEX_TIMEOUT": value})
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith("feudcli: error: FEUDCLI_REGEX_TIMEOUT=") and result.stdout == ""


@pytest.mark.parametrize("value", ["0.5", "30", ""])
def test_a_usable_regex_time_limit_is_taken(make_corpus, value):
    root = make_corpus({"a.md": front("title: 一")})
    result = run("search", "--regex", "马斯克", "-l", corpus=root, env={"FEUDCLI_REGEX_TIMEOUT": value})
    assert result.exit_code == 0 and result.stdout == "a\n"


def test_the_time_limit_still_stops_a_runaway_regex(make_corpus):
    root = make_corpus({"a.md": front("title: 一", "a" * 40 + "!")})
    result = run("search", "--regex", "(a+)+$x", corpus=root, env={"FEUDCLI_REGEX_TIMEOUT": "0.2"})
    assert result.exit_code == 2
    assert "took longer than 0.2 s" in result.stderr


def test_cache_clear_that_cannot_delete_is_an_error(tmp_path, monkeypatch, make_corpus):
    # The same OSError a read-only cache directory gives, as root too.
    root = make_corpus({"a.md": front("title: 一")})
    assert run("search", "马斯克", "-l", corpus=root).exit_code == 0  # a cache to clear
    real_unlink = os.unlink

    def read_only(path, *args, **kwargs):
        if str(path).endswith(".sqlite3"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", read_only)
    result = run("cache", "clear")
    assert result.exit_code == 2
    assert result.stderr.startswith("feudcli: error: cannot delete ") and "Traceback" not in result.stderr


# Permission tests need a user that permissions stop: as root, the command
# runs as nobody (setpriv), in a directory nobody can reach.
def _unprivileged_prefix() -> list[str] | None:
    if os.geteuid() != 0:
        return []
    import shutil

    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def open_dir():
    import shutil
    import tempfile

    prefix = _unprivileged_prefix()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    if prefix and subprocess.run([*prefix, *FEUDCLI, "--version"], capture_output=True, cwd="/",
                                 timeout=60).returncode != 0:
        pytest.skip("nobody cannot run this Python environment (a venv in a private directory?)")
    directory = tempfile.mkdtemp(prefix="feudcli-perm-")
    os.chmod(directory, 0o777)
    yield prefix, directory
    for path, dirs, _ in os.walk(directory):
        for name in dirs:
            os.chmod(os.path.join(path, name), 0o755)
    shutil.rmtree(directory)


def _run_as(prefix, directory, *args):
    env = {**os.environ, "XDG_CACHE_HOME": os.path.join(directory, "xdg"), "HOME": directory}
    completed = subprocess.run([*prefix, *FEUDCLI, *args], capture_output=True, env=env, cwd=directory,
                               timeout=120)
    return completed.returncode, completed.stdout.decode(), completed.stderr.decode()


def _open_corpus(directory, files):
    from cli_helpers import write_corpus
    from pathlib import Path

    root = write_corpus(Path(directory) / "corpus", files)
    for path in [root, *root.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    return root


@pytest.mark.parametrize("command", [["list"], ["search", "马斯克"], ["timeline"], ["entities"], ["show", "a"]])
def test_an_unreadable_corpus_directory_is_a_clear_error(open_dir, command):
    prefix, directory = open_dir
    root = _open_corpus(directory, {"a.md": front("title: 一", DATED)})
    root.chmod(0o000)
    code, out, err = _run_as(prefix, directory, "--corpus", str(root), *command)
    assert code == 2, err
    assert err.startswith("feudcli: error: corpus directory ") and "cannot be read" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", [["search", "马斯克", "-l"], ["timeline"], ["entities"]])
def test_an_unreadable_aliases_file_is_a_warning(open_dir, command):
    prefix, directory = open_dir
    root = _open_corpus(directory, {"a.md": front("title: 一", DATED), "aliases.yaml": "aliases:\n  X: [Y]\n"})
    (root / "aliases.yaml").chmod(0o000)
    code, out, err = _run_as(prefix, directory, "--corpus", str(root), *command)
    assert code == 0, err
    assert "Traceback" not in err
    assert "feudcli: warning: cannot read aliases file" in err and "aliases.yaml" in err


def test_a_read_only_cache_directory_cannot_be_cleared_clearly(open_dir):
    prefix, directory = open_dir
    root = _open_corpus(directory, {"a.md": front("title: 一", DATED)})
    assert _run_as(prefix, directory, "--corpus", str(root), "search", "马斯克", "-l")[0] == 0
    corpora = os.path.join(directory, "xdg", "feudcli", "corpora")
    os.chmod(corpora, 0o555)
    code, out, err = _run_as(prefix, directory, "cache", "clear")
    assert code == 2, err
    assert err.startswith("feudcli: error: cannot delete ") and "Traceback" not in err


# -- pipes ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def many_articles(tmp_path_factory):
    root = tmp_path_factory.mktemp("many")
    for number in range(1500):
        (root / f"a{number:04}.md").write_text(front(f"title: 第{number}篇", DATED), encoding="utf-8")
    return root


@pytest.mark.parametrize("command", [["list", "-f", "json"], ["search", "马斯克", "-f", "json"],
                                     ["timeline", "-f", "json"], ["convert", "--all", "--to", "hant"]])
def test_output_larger_than_the_pipe_into_head_exits_141_quietly(many_articles, command):
    process = subprocess.Popen([*FEUDCLI, "--corpus", str(many_articles), *command],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
