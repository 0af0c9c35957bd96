"""Daily use (issue 15): pictures of the corpus with a records form."""

from __future__ import annotations

import re

from cli_helpers import lines, run


def plain(result) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)


CORPUS = {
    "a.md": "---\ntitle: 甲\ndate: 2025-01-03\nlang: zh-CN\ntags: [科技, AI]\n---\n马斯克说，这个软件很好。\n",
    "b.md": "---\ntitle: 乙\ndate: 2025-03-09\nlang: zh-TW\ntags: [科技]\n---\n馬斯克說，這個軟體很好。\n",
    "c.md": "---\ntitle: 丙\ndate: 2025-03-20\ntags: [AI]\n---\n今日は良い天気です。ありがとうございます。\n",
    "d.md": "---\ntitle: 丁\n---\nNo Chinese here at all.\n",
    "bad.md": b"\x00\x01binary",
}


def test_stats_records(make_corpus):
    root = make_corpus(CORPUS)
    result = run("stats", "--format", "tsv", corpus=root)
    assert result.exit_code == 0
    rows = [line.split("\t") for line in lines(result)]
    found = {(section, key, script): count for section, key, script, count, _ in rows}
    assert found[("articles", "all", "")] == "4"
    assert found[("script", "hans", "")] == "1" and found[("script", "hant", "")] == "1"
    assert found[("script", "ja", "")] == "1" and found[("script", "none", "")] == "1"
    assert found[("dated", "dated", "")] == "3" and found[("dated", "undated", "")] == "1"
    assert found[("month", "2025-03", "hant")] == "1" and found[("month", "2025-03", "ja")] == "1"
    assert found[("tag", "科技", "")] == "2" and found[("tag", "AI", "")] == "2"
    problems = [row for row in rows if row[0] == "problem"]
    assert [row[1] for row in problems] == ["bad.md"] and "binary" in problems[0][4]


def test_stats_picture_on_a_terminal(make_corpus):
    root = make_corpus(CORPUS)
    result = run("--color", "always", "stats", corpus=root)
    text = plain(result)
    assert result.exit_code == 0
    assert text.startswith(f"4 articles in {root}")
    assert "by script (detected)" in text and "articles per month" in text
    # Every month from the first to the last, quiet ones too; bars drawn.
    assert re.search(r"2025-02\s+0", text) and "█" in text
    assert "1 file(s) with problems" in text and "bad.md" in text


# -- shell completion -----------------------------------------------------------

def complete(words: str, cword: int, tmp_path, corpus=None) -> list[str]:
    import os
    import subprocess
    import sys

    from cli_helpers import REPO

    env = dict(os.environ, _FEUDCLI_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword),
               XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(REPO))
    env.pop("FEUDCLI_CORPUS", None)
    done = subprocess.run([sys.executable, "-m", "feudcli"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout.split()


def test_completion_scripts_for_three_shells(monkeypatch):
    # A user's shell is detected; a test names it (Typer's switch for that).
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    for shell, marker in (("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete --command feudcli")):
        result = run("--show-completion", shell)
        assert result.exit_code == 0 and marker in result.stdout and "_FEUDCLI_COMPLETE" in result.stdout, shell


def test_completion_of_ids_tags_entities_and_choices(tmp_path, make_corpus):
    assert complete("feudcli show 000", 2, tmp_path) == ["000_d5cc3b91e6a1d0ed"]
    assert complete("feudcli timeline -E 奥", 3, tmp_path) == ["奥尔特曼"]
    assert complete("feudcli list --format j", 3, tmp_path) == ["json", "jsonl"]
    assert "search" in complete("feudcli se", 1, tmp_path)
    root = make_corpus(CORPUS)
    assert complete(f"feudcli --corpus {root} list --tag 科", 5, tmp_path) == ["科技"]
    assert complete(f"feudcli --corpus {root} show ", 4, tmp_path) == ["a", "b", "c", "d"]


# -- search --by ----------------------------------------------------------------

def test_search_by_month_year_script_tag(make_corpus):
    root = make_corpus(CORPUS)
    by = lambda bucket: [line.split("\t") for line in lines(run("search", "很好 OR 天气", "--by", bucket,
                                                                      "--no-aliases", corpus=root))]
    assert by("month") == [["2025-01", "1"], ["2025-02", "0"], ["2025-03", "2"]]
    assert by("year") == [["2025", "3"]]
    assert sorted(by("script")) == [["hans", "1"], ["hant", "1"], ["ja", "1"]]
    assert sorted(by("tag")) == [["AI", "2"], ["科技", "2"]]
    result = run("search", "很好", "--by", "month", "--no-aliases", "-f", "json", corpus=root)
    assert '"bucket": "2025-01"' in result.stdout and '"articles": 1' in result.stdout


def test_search_by_draws_bars_on_a_terminal(make_corpus):
    root = make_corpus(CORPUS)
    result = run("--color", "always", "search", "很好", "--by", "script", "--no-aliases", corpus=root)
    text = plain(result)
    assert text.splitlines()[0] == "2 articles match 很好, by script" and text.count("█") >= 2
    assert run("search", "很好", "--by", "script", "-l", corpus=root).exit_code == 2


def test_show_takes_a_path_as_well_as_an_id(make_corpus, monkeypatch):
    root = make_corpus({"zh/post.md": "---\ntitle: 路径\n---\n正文。\n", "zh/other.txt": "别的。\n"})
    for given in ("zh/post.md", "zh/post", "post"):
        result = run("show", given, "--plain", corpus=root)
        assert result.exit_code == 0 and "title: 路径" in result.stdout, given
    monkeypatch.chdir(root / "zh")
    result = run("show", "post.md", "--plain", corpus=root)
    assert result.exit_code == 0 and "title: 路径" in result.stdout
    assert run("show", "zh/none.md", corpus=root).exit_code == 2


# -- tables fit the terminal ------------------------------------------------------

def test_list_fits_a_narrow_terminal(make_corpus):
    root = make_corpus({
        "news/2025/a-long-name.md": "---\ntitle: 马斯克与奥特曼之间长达十年的恩怨与纷争全记录\ndate: 2025-02-12 10:56:09\n"
                                    "lang: zh-CN\nsource: https://example.com/news/2025/02/12/a-very-long-path?id=1\n"
                                    "---\n正文。\n"})
    result = run("--color", "always", "list", corpus=root, env={"COLUMNS": "60"})
    rows = plain(result).splitlines()
    assert rows[0].split() == ["id", "date", "title"]  # chars, lang, script given up, in that order
    assert all(len(row) <= 60 for row in rows)
    assert "2025-02-12 " in rows[1] and "10:56" not in rows[1]  # the date shortened to the day
    assert "马斯克与奥特曼" in rows[1]  # the title keeps a readable width
    result = run("--color", "always", "list", corpus=root, env={"COLUMNS": "120"})
    assert plain(result).splitlines()[0].split() == ["id", "date", "script", "lang", "title", "chars"]


def test_wide_list_wraps_urls_at_their_separators(make_corpus):
    root = make_corpus({"a.md": "---\ntitle: 甲\nsource: https://example.com/news/2025/02/12/long-path?id=1\n---\n正文。\n"})
    rows = plain(run("--color", "always", "list", "--wide", corpus=root, env={"COLUMNS": "60"})).splitlines()
    source = "".join(row[row.index("https"):] if "https" in row else row.strip() for row in rows[1:]).replace(" ", "")
    assert source.endswith("https://example.com/news/2025/02/12/long-path?id=1")
    assert all(len(row) <= 60 for row in rows) and len(rows) > 2


def test_a_long_list_on_a_terminal_streams(tmp_path):
    import time

    from cli_helpers import write_corpus

    root = write_corpus(tmp_path / "many", {f"d{n % 20}/a{n}.md": f"---\ntitle: 第{n}篇\ndate: 2024-01-01\n---\n正文{n}。\n"
                                            for n in range(3000)})
    run("list", corpus=root)  # builds the index
    started = time.monotonic()
    result = run("--color", "always", "list", corpus=root)
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3001
    assert time.monotonic() - started < 5


# -- the pager ------------------------------------------------------------------

def test_long_output_on_a_terminal_pages_like_git(tmp_path):
    import os
    import subprocess
    import sys

    from cli_helpers import REPO

    pager = tmp_path / "pager.sh"
    pager.write_text(f'#!/bin/sh\nprintf "%s" "$LESS" > {tmp_path}/less\ncat > {tmp_path}/paged\n')
    pager.chmod(0o755)
    env = dict(os.environ, FEUDCLI_PAGER=str(pager), PYTHONPATH=str(REPO), XDG_CACHE_HOME=str(tmp_path / "c"),
               COLUMNS="100")
    env.pop("LESS", None)
    for command in ("list", "search 马斯克", "timeline", "show 001", "stats"):
        (tmp_path / "paged").unlink(missing_ok=True)
        shown = subprocess.run(["script", "-qec", f"{sys.executable} -m feudcli {command}", "/dev/null"],
                               capture_output=True, env=env, timeout=120)
        assert shown.returncode == 0, (command, shown.stdout[-300:])
        assert (tmp_path / "paged").exists() and (tmp_path / "paged").stat().st_size > 0, command
        assert (tmp_path / "less").read_text() == "FRX"
    (tmp_path / "paged").unlink()
    for switch in ("--no-pager list", "list | cat"):
        shown = subprocess.run(["script", "-qec", f"{sys.executable} -m feudcli {switch}", "/dev/null"],
                               capture_output=True, env=env, timeout=120)
        assert b"000_d5cc3b91e6a1d0ed" in shown.stdout and not (tmp_path / "paged").exists(), switch
    shown = subprocess.run(["script", "-qec", f"{sys.executable} -m feudcli list", "/dev/null"],
                           capture_output=True, env=dict(env, FEUDCLI_PAGER=""), timeout=120)
    assert b"000_d5cc3b91e6a1d0ed" in shown.stdout and not (tmp_path / "paged").exists()


def test_every_command_help_has_examples_and_exit_statuses():
    for command in (["list"], ["show"], ["search"], ["convert"], ["entities"], ["timeline"], ["stats"],
                    ["cache", "info"], ["cache", "clear"]):
        result = run(*command, "--help")
        assert result.exit_code == 0, command
        assert "Examples:\n    " in result.stdout and "Exit status: 0" in result.stdout, command


def test_the_help_examples_run():
    from feudcli.cli import helptext

    for text in (helptext.LIST, helptext.SEARCH, helptext.STATS, helptext.TIMELINE, helptext.ENTITIES):
        for line in text.splitlines():
            words = line.strip().split()
            if words[:1] == ["feudcli"] and "|" not in words and ">" not in words:
                import shlex

                result = run(*shlex.split(line.strip())[1:])
                assert result.exit_code in (0, 1), (line, result.stderr)


def test_every_command_that_prints_records_takes_the_formats_header_and_limit():
    import json

    for command in (["list"], ["search", "马斯克"], ["entities"], ["timeline"], ["stats"], ["cache", "info"]):
        run("list")  # so cache info has a corpus to show
        for fmt in ("tsv", "csv", "json", "jsonl"):
            result = run(*command, "--format", fmt, "-n", "1")
            assert result.exit_code == 0, (command, fmt, result.stderr)
            if fmt == "json":
                assert len(json.loads(result.stdout)) == 1, command
            elif fmt == "jsonl":
                assert len(lines(result)) == 1, command
        with_header = run(*command, "--format", "tsv", "--header", "-n", "1")
        assert len(lines(with_header)) == 2 and "\t" in lines(with_header)[0], command


def test_chinese_wraps_between_characters_and_nothing_is_lost(make_corpus):
    from rich.cells import cell_len

    paragraph = "伊隆・馬斯克與山姆・奧特曼最初在人工智能領域曾是合作夥伴與摯友。" * 4
    root = make_corpus({"a.md": f"---\ntitle: 甲\n---\n\n{paragraph}\n"})
    shown = plain(run("--color", "always", "show", "a", corpus=root, env={"COLUMNS": "37"})).splitlines()
    first = next(number for number, line in enumerate(shown) if line.startswith("伊隆"))
    assert paragraph in "".join(line.rstrip() for line in shown[first:])  # every character, in order
    assert all(cell_len(line) <= 37 for line in shown)


def test_entities_chart_and_pairs(make_corpus):
    root = make_corpus({"a.md": "马斯克和奥特曼谈OpenAI。\n", "b.md": "马斯克与特朗普。马斯克。\n", "c.md": "奥特曼与OpenAI。\n"})
    pairs = [line.split("\t") for line in lines(run("entities", "--pairs", "--no-discover", corpus=root))]
    assert pairs[0] == ["OpenAI", "Sam Altman", "2"]
    assert ["Donald Trump", "Elon Musk", "1"] in pairs and len(pairs) == 4
    result = run("--color", "always", "entities", "--chart", "--no-discover", corpus=root)
    text = plain(result)
    assert text.splitlines()[0] == "mentions per entity" and text.count("█") >= 4
    assert "Elon Musk" in text.splitlines()[1]  # most mentioned first
    tsv = [line.split("\t")[0] for line in lines(run("entities", "--chart", "-f", "tsv", "--no-discover", corpus=root))]
    assert tsv[0] == "Elon Musk"
