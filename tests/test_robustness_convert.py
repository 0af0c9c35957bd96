"""`convert --all` on a hostile corpus, and Ctrl-C in the middle of it (issue 5)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from cli_helpers import run
from hostile import SIMPLIFIED, front, run_in_terminal


def test_convert_all_writes_what_was_readable_and_leaves_the_corpus_alone(hostile_corpus, tmp_path):
    before = hostile_corpus.snapshot()
    out = tmp_path / "out"
    result = run("convert", "--all", "--to", "hant", "-o", str(out), corpus=hostile_corpus.root)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert hostile_corpus.snapshot() == before
    for name, case in hostile_corpus.cases.items():
        written = out / case.path
        if case.loaded and case.content is not None:
            assert written.is_file(), name
        else:
            assert not written.exists(), name
    assert "馬斯克" in (out / "good.md").read_text(encoding="utf-8")
    assert not [path for path in out.rglob("*") if path.name.endswith(".tmp")]


def test_convert_all_strict_writes_nothing(hostile_corpus, tmp_path):
    out = tmp_path / "out"
    result = run("--strict", "convert", "--all", "--to", "hant", "-o", str(out), corpus=hostile_corpus.root)
    assert result.exit_code == 2
    assert not out.exists() or not any(out.iterdir())


def test_convert_unknown_id_is_an_error(hostile_corpus):
    result = run("convert", "no-such-article", "--to", "hant", corpus=hostile_corpus.root)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("feudcli: error: ")


def test_convert_all_reports_each_bad_file_once(hostile_corpus, tmp_path):
    result = run("convert", "--all", "--to", "hant", "-o", str(tmp_path / "out"), corpus=hostile_corpus.root)
    for name, case in hostile_corpus.cases.items():
        if case.warning is None:
            continue
        mentions = [line for line in result.stderr.splitlines()
                    if line.startswith(("feudcli: warning: " + case.shown_path + ":",
                                        f"feudcli: warning: {case.id}:"))]
        assert len(mentions) == 1, (name, mentions)


def test_convert_dry_run_on_a_terminal_shows_file_names_safely(hostile_corpus, tmp_path):
    code, output = run_in_terminal(["--corpus", str(hostile_corpus.root), "convert", "--all", "--to", "hant",
                                    "-o", str(tmp_path / "out"), "--dry-run"])
    assert code == 0
    assert "\x1b[31m" not in output
    assert "名字\\x1b[31m红.md" in output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_convert_leaves_no_partial_file(tmp_path, jobs):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for number in range(600):
        (corpus / f"a{number:03}.md").write_text(
            front(f"title: 文章{number:03}", (SIMPLIFIED + "\n\n") * 20), encoding="utf-8")
    reference = run("convert", "a000", "--to", "hant", corpus=corpus).stdout_bytes
    # Ctrl-C on a terminal reaches the whole process group, workers included.
    process = subprocess.Popen([sys.executable, "-m", "feudcli", "--corpus", str(corpus), "convert", "--all",
                                "--to", "hant", "-o", str(out), "-j", jobs],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if out.is_dir() and len(os.listdir(out)) >= 3:
            break
        time.sleep(0.02)
    if process.poll() is not None:
        pytest.skip("the conversion finished before it could be interrupted")
    os.killpg(process.pid, signal.SIGINT)
    code = process.wait(timeout=60)
    stderr = process.stderr.read().decode()
    assert code == 130, stderr
    assert stderr.splitlines()[-1] == "feudcli: interrupted"
    assert "Traceback" not in stderr
    written = sorted(os.listdir(out))
    assert 0 < len(written) < 600
    for name in written:  # only whole files: no temporary, no half-written article
        assert name.endswith(".md") and not name.startswith("."), name
        data = (out / name).read_bytes()
        assert len(data) == len(reference), name
        assert data.replace(name[1:4].encode(), b"000") == reference
