"""The real process: `| head -1` ends quietly, Ctrl-C is one line and exit
130, and a 50 MB article costs linear time (issue 5). These run feudcli as
a subprocess, as a shell would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli_helpers import run
from hostile import SIMPLIFIED, front, write_big_article

FEUDCLI = [sys.executable, "-m", "feudcli"]


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory) -> Path:
    """Output far larger than a pipe's buffer, so the reader really goes away
    while feudcli is still writing."""
    root = tmp_path_factory.mktemp("long")
    for number in range(1500):
        (root / f"article{number:04}.md").write_text(
            front(f"title: 第{number}篇文章，标题写得很长很长很长很长很长很长很长很长很长\ndate: 2025-01-01", "马斯克"),
            encoding="utf-8")
    (root / "huge.md").write_text(front("title: 长文", (SIMPLIFIED + "\n\n") * 5000), encoding="utf-8")
    return root


def first_line_then_close(args: list[str], unbuffered: bool) -> tuple[int, bytes, bytes]:
    """`feudcli ARGS | head -1`: read one line, close the pipe, wait."""
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen([*FEUDCLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    line = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    return process.wait(timeout=120), line, stderr


@pytest.mark.parametrize("unbuffered", [False, True])
@pytest.mark.parametrize("command", [["list"], ["list", "-f", "jsonl"], ["show", "huge"],
                                     ["show", "article0001", "huge", "article0002"]])
def test_head_1_ends_quietly(long_corpus, command, unbuffered):
    code, line, stderr = first_line_then_close(["--corpus", str(long_corpus), *command], unbuffered)
    assert line.strip()
    assert stderr == b"", stderr.decode()  # no traceback, no "Exception ignored"
    assert code in (0, 141)  # 141: like any tool killed by SIGPIPE


def test_stderr_closed_too_ends_quietly(make_corpus):
    # `feudcli list 2>&1 | head -1` on a corpus full of warnings.
    root = make_corpus({f"bad{number}.md": "---\ntitle: [\n---\n正文\n" for number in range(300)})
    process = subprocess.Popen([*FEUDCLI, "--corpus", str(root), "list"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout.readline().startswith(b"feudcli: warning: ")
    process.stdout.close()
    assert process.wait(timeout=120) in (0, 141)


SLOW_LOAD = """
import sys, time
import feudcli.session as session

def slow(*args, **kwargs):
    print("loading", file=sys.stderr, flush=True)
    time.sleep(60)

session.open_corpus = slow
from feudcli.cli import main
main()
"""


def test_ctrl_c_is_one_line_and_exit_130(make_corpus):
    root = make_corpus({"a.md": front("title: 一")})
    process = subprocess.Popen([sys.executable, "-c", SLOW_LOAD, "--corpus", str(root), "list"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stderr.readline() == b"loading\n"
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=30)
    assert code == 130
    assert process.stderr.read() == b"feudcli: interrupted\n"
    assert process.stdout.read() == b""


def _timed(args, root) -> float:
    start = time.perf_counter()
    result = run("--no-cache", *args, corpus=root)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return time.perf_counter() - start


def test_a_50_mb_article_costs_linear_time(tmp_path):
    small, big = tmp_path / "small", tmp_path / "big"
    small.mkdir()
    big.mkdir()
    write_big_article(small / "long.md", megabytes=5)
    size = write_big_article(big / "long.md", megabytes=50)
    assert size > 50_000_000
    t_small = _timed(["list"], small)
    t_big = _timed(["list", "-f", "jsonl"], big)
    # Ten times the text: about ten times the time. Quadratic would be 100.
    print(f"list: 5 MB {t_small:.2f}s, 50 MB {t_big:.2f}s")
    assert t_big < 30 * max(t_small, 0.2), (t_small, t_big)
    shown = run("--no-cache", "show", "long", "--plain", corpus=big)
    assert shown.exit_code == 0
    assert len(shown.stdout) > 15_000_000
