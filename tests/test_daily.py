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
