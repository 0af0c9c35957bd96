"""Bad files never stop a command: each is reported once on stderr as
`feudcli: warning: PATH: what is wrong`, then loaded with what could be read
or skipped, and the other files are unaffected (issue 5)."""

from __future__ import annotations

import json
import os
import re

import pytest

from cli_helpers import records, run
from hostile import SIMPLIFIED, TRADITIONAL, front

WARNING = re.compile(r"^feudcli: warning: (.+?): (.+)$")


def warnings_by_path(stderr: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in stderr.splitlines():
        match = WARNING.match(line)
        assert match or line.startswith(("feudcli: error:", "feudcli: note:")), f"unexpected stderr line: {line!r}"
        if match:
            found.setdefault(match.group(1), []).append(match.group(2))
    return found


def listed(result) -> dict[str, dict]:
    return {record["id"]: record for record in records(result)}


def test_list_reports_each_bad_file_once_and_lists_the_rest(hostile_corpus):
    result = run("list", "-f", "jsonl", corpus=hostile_corpus.root)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    warned = warnings_by_path(result.stderr)
    articles = listed(result)
    for name, case in hostile_corpus.cases.items():
        shown_path = case.shown_path
        if case.warning is None:
            assert shown_path not in warned, f"{name}: unexpected warning {warned.get(shown_path)}"
        else:
            assert len(warned.get(shown_path, [])) == 1, f"{name}: want one warning, got {warned.get(shown_path)}"
            assert case.warning in warned[shown_path][0], f"{name}: {warned[shown_path]}"
        if case.loaded:
            assert case.id in articles, f"{name} ({case.path}) should still be listed"
        else:
            assert not any(record["path"] == case.path for record in articles.values()), name
    # The good files read exactly as they would alone.
    assert articles["good"]["title"] == "好文章"
    assert articles["good"]["date"] == "2025-02-12"
    assert articles["good"]["tags"] == ["科技"]
    assert articles["good_hant"]["script"] == "hant"


def test_the_same_warnings_from_show_and_exit_status_unchanged(hostile_corpus):
    result = run("show", "good", "-f", "json", corpus=hostile_corpus.root)
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["title"] == "好文章"
    listing = run("list", corpus=hostile_corpus.root)
    assert result.stderr == listing.stderr


def test_strict_turns_warnings_into_exit_2(hostile_corpus, make_corpus):
    result = run("--strict", "list", corpus=hostile_corpus.root)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("feudcli: error: ")
    assert "--strict" in result.stderr.splitlines()[-1]
    clean = make_corpus({"a.md": front("title: 好")})
    assert run("--strict", "list", corpus=clean).exit_code == 0


@pytest.mark.parametrize("name", ["bom_utf8", "utf16", "utf16_be", "gb18030", "gbk", "big5", "crlf"])
def test_encodings_and_line_endings_are_read_and_named(hostile_corpus, name):
    case = hostile_corpus.cases[name]
    result = run("show", case.id, "-f", "json", corpus=hostile_corpus.root)
    assert result.exit_code == 0
    article = json.loads(result.stdout)[0]
    for key, value in case.notes.items():
        assert article[key] == value, (name, key)
    assert "\r" not in article["body"]
    expected = TRADITIONAL if name in ("utf16", "big5") else SIMPLIFIED
    assert article["body"].strip() == expected


def test_damaged_utf8_is_read_with_replacement_characters(make_corpus):
    text = front("title: 坏了一点").encode("utf-8")
    cut = text.index(b"---\n\n") + 5 + len("近日，".encode("utf-8"))  # between two characters
    damaged = text[:cut] + b"\xff" + text[cut:]
    root = make_corpus({"damaged.md": damaged, "ok.md": front("title: 好")})
    result = run("show", "damaged", "-f", "json", corpus=root)
    assert result.exit_code == 0
    article = json.loads(result.stdout)[0]
    assert article["title"] == "坏了一点"
    assert "\ufffd" in article["body"]
    assert "damaged.md: 1 byte(s) are not valid UTF-8" in result.stderr


def test_python_tags_never_construct_objects(hostile_corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("show", "python_tag", "-f", "json", corpus=hostile_corpus.root)
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["meta"] == {}
    assert not (tmp_path / "PWNED").exists()


def test_bad_field_values_are_loaded_as_best_they_can(hostile_corpus):
    articles = listed(run("list", "-f", "jsonl", corpus=hostile_corpus.root))
    assert articles["title_number"]["title"] == "42"
    assert articles["title_list"]["title"] == "甲, 乙"
    assert articles["tags_string"]["tags"] == ["马斯克", "OpenAI"]
    assert articles["date_word"]["date"] is None
    assert articles["date_impossible"]["date"] is None
    # Unusable front matter is ignored: the title falls back to the file name.
    for name in ("invalid_yaml", "invalid_toml", "list_front", "scalar_front", "python_tag"):
        assert articles[name]["title"] == name
    assert articles["empty"]["chars"] == 0
    assert articles["only_front"]["title"] == "只有元数据"


def test_unterminated_front_matter_keeps_the_whole_file_as_text(hostile_corpus):
    result = run("show", "unterminated", "-f", "json", corpus=hostile_corpus.root)
    body = json.loads(result.stdout)[0]["body"]
    assert body.startswith("---\ntitle: 没有结尾")
    assert SIMPLIFIED in body


def test_colliding_ids_stay_unique_and_both_resolve(hostile_corpus):
    result = run("show", "clash", "clash.txt", "-f", "json", corpus=hostile_corpus.root)
    assert result.exit_code == 0
    assert [article["title"] for article in json.loads(result.stdout)] == ["冲突一", "冲突二"]


def test_an_id_that_is_another_files_path_is_numbered(make_corpus):
    root = make_corpus({"a.md": front("title: 一"), "a.md.txt": front("title: 二"),
                        "a.txt": front("title: 三")})
    result = run("list", "-f", "jsonl", corpus=root)
    ids = sorted(record["id"] for record in records(result))
    assert len(set(ids)) == 3
    assert result.stderr.count("feudcli: warning:") == 1


def test_unreadable_file_is_skipped_with_a_warning(hostile_corpus):
    if not hostile_corpus.can_chmod:
        pytest.skip("running as root: chmod 000 does not stop reading")
    result = run("list", "-f", "jsonl", corpus=hostile_corpus.root)
    assert "unreadable" not in listed(result)
    assert "feudcli: warning: unreadable.md: cannot be read (Permission denied), skipped" in result.stderr


def test_read_errors_are_warnings_even_as_root(make_corpus, monkeypatch):
    # The unreadable-file code path, reached without relying on permissions.
    import feudcli.corpus as corpus

    root = make_corpus({"a.md": front("title: 一"), "b.md": front("title: 二")})
    real = corpus.read_regular_file

    def refuse(path):
        if path.name == "b.md":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(corpus, "read_regular_file", refuse)
    result = run("--no-cache", "list", "-f", "jsonl", corpus=root)
    assert [record["id"] for record in records(result)] == ["a"]
    assert "feudcli: warning: b.md: cannot be read (Permission denied), skipped" in result.stderr


def test_unreadable_directory_is_warned(make_corpus):
    root = make_corpus({"a.md": front("title: 一"), "locked/b.md": front("title: 二")})
    (root / "locked").chmod(0)
    try:
        if os.access(root / "locked", os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        result = run("list", "-f", "jsonl", corpus=root)
        assert [record["id"] for record in records(result)] == ["a"]
        assert "feudcli: warning: locked: directory cannot be read" in result.stderr
    finally:
        (root / "locked").chmod(0o755)


def test_a_fifo_named_like_an_article_does_not_hang(hostile_corpus):
    # If the FIFO were opened, this would block for ever.
    result = run("list", corpus=hostile_corpus.root)
    assert "feudcli: warning: fifo.md: cannot be read (not a regular file), skipped" in result.stderr


def test_file_name_that_is_not_utf8_gets_a_printable_id(hostile_corpus):
    result = run("show", "bad\\xffname", "-f", "json", corpus=hostile_corpus.root)
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["title"] == "坏文件名"


def test_ids_never_reach_outside_the_corpus(hostile_corpus, tmp_path):
    (tmp_path / "secret.md").write_text(front("title: 秘密"), encoding="utf-8")
    for query in ("../secret", "../secret.md", "/etc/passwd", "../../etc/passwd", str(tmp_path / "secret")):
        result = run("show", query, corpus=hostile_corpus.root)
        assert result.exit_code == 2, query
        assert "秘密" not in result.stdout and "root:" not in result.stdout
        assert f"feudcli: error: no article with id {query!r}" in result.stderr
        raw = run("show", "--raw", query, corpus=hostile_corpus.root)
        assert raw.exit_code == 2 and raw.stdout == ""


def test_a_100kb_id_is_a_short_error(hostile_corpus):
    result = run("show", "x" * 100_000, corpus=hostile_corpus.root)
    assert result.exit_code == 2
    error = result.stderr.splitlines()[-1]
    assert error.startswith("feudcli: error: no article with id 'xxxx")
    assert len(error) < 300


def test_raw_show_of_a_file_deleted_after_loading_is_an_error(make_corpus, monkeypatch):
    import feudcli.session as session

    root = make_corpus({"a.md": front("title: 一")})
    real = session.open_corpus

    def load_then_delete(*args, **kwargs):
        loaded = real(*args, **kwargs)
        (root / "a.md").unlink()
        return loaded

    monkeypatch.setattr("feudcli.session.open_corpus", load_then_delete)
    result = run("show", "--raw", "a", corpus=root)
    assert result.exit_code == 2
    assert result.stderr.startswith("feudcli: error: cannot read a.md")


def test_directory_named_like_an_article_is_walked(hostile_corpus):
    articles = listed(run("list", "-f", "jsonl", corpus=hostile_corpus.root))
    assert articles["folder.md/inside"]["title"] == "目录里"
    assert "folder" not in articles and "folder.md" not in articles


def test_symlink_loops_end(hostile_corpus):
    result = run("list", "-f", "jsonl", corpus=hostile_corpus.root)
    paths = [record["path"] for record in records(result)]
    assert not any(path.startswith("loop/") for path in paths)
    assert "feudcli: warning: loop: directory reached a second time through a symlink" in result.stderr
    assert "feudcli: warning: self.md: cannot be read (it is a symbolic link that loops), skipped" in result.stderr


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8)) + "title: *i\n"


@pytest.mark.parametrize("meta, refused", [
    (BILLION_LAUGHS, True),
    ("title: &a [*a]", True),
    ("title: " + "[" * 5000 + "]" * 5000, True),
    ("title: !!int " + "9" * 5000, True),
    ("title: !!float 一点五", True),
    ("? [a, b]\n: c", True),
    # Not wrong, but json cannot hold a date as a key or NaN: made text.
    ("2025-01-01: 日期做键\ntitle: .nan\ncount: .inf", False),
])
def test_hostile_yaml_is_refused_quickly(meta, refused):
    """What feudcli promises for hostile front matter: it answers quickly,
    reports one problem that says the front matter is ignored, and reads the
    file as if it had none. (How the YAML parser words the cause is its own
    business and changes between releases: PyYAML 6.0.4 began to refuse deep
    nesting itself.)"""
    import time

    from feudcli.corpus import parse_article

    start = time.perf_counter()
    article, problems = parse_article("x.md", front(meta, "正文。").encode("utf-8"))
    assert time.perf_counter() - start < 5
    if not refused:
        assert problems == []
        assert article.meta == {"2025-01-01": "日期做键", "title": "nan", "count": "inf"}
    else:
        assert len(problems) == 1, problems
        assert problems[0].startswith("front matter ") and problems[0].endswith("so it is ignored"), problems
        assert article.meta == {} and article.title == "x" and article.body.strip() == "正文。"
    json.dumps(article.to_dict(), ensure_ascii=False, allow_nan=False, default=str)


def test_hostile_toml_is_refused():
    from feudcli.corpus import parse_article

    for meta in ("title = " + "[" * 5000 + "]" * 5000, "title = " + "9" * 5000):
        article, problems = parse_article("x.md", front(meta, fence="+++").encode("utf-8"))
        assert len(problems) == 1 and "TOML" in problems[0] or "nests too deeply" in problems[0], problems
        assert article.title == "x"


def test_long_heading_lines_do_not_backtrack():
    import time

    from feudcli.corpus import parse_article

    start = time.perf_counter()
    article, _ = parse_article("x.md", ("# 标题" + " #" * 200_000 + "x\n正文\n").encode("utf-8"))
    assert time.perf_counter() - start < 2
    assert article.title.startswith("标题 # #")


README_CORPUS = {
    "good.md": front("title: 马斯克起诉OpenAI\ndate: 2025-03-01", "马斯克再次起诉。"),
    "broken.md": "---\ntitle: [未闭合\n---\n\n正文。\n",
    "dated.md": "---\ntitle: 昨天的新闻\ndate: yesterday\n---\n\n正文。\n",
    "big5.txt": "---\ntitle: 馬斯克與奧特曼\n---\n\n兩人曾經是親密的合作夥伴。\n".encode("big5"),
    "photo.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
}


def test_readme_bad_input_example_is_real(tmp_path):
    """The console block of "What feudcli does with bad input", run on the
    corpus it describes, prints exactly what the README shows."""
    import subprocess
    import sys

    from cli_helpers import REPO, write_corpus

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What feudcli does with bad input", 1)[1].split("\n## ", 1)[0]
    block = section.split("```console\n", 1)[1].split("```", 1)[0]
    write_corpus(tmp_path / "corpus", README_CORPUS)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    for name in ("FEUDCLI_CORPUS", "FEUDCLI_TO", "NO_COLOR"):
        env.pop(name, None)
    commands = re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]
    assert len(commands) == 2
    for example in commands:
        command, _, expected = example.partition("\n")
        command = command.replace("feudcli ", f"{sys.executable} -m feudcli ", 1)
        done = subprocess.run(["bash", "-c", f"{{ {command} ; }} 2>&1"], capture_output=True, text=True,
                              encoding="utf-8", cwd=tmp_path, env=env, timeout=120)
        assert _without_parser_detail(done.stdout) == _without_parser_detail(expected), command


def _without_parser_detail(text: str) -> str:
    """The README shows the YAML parser's own account of what is wrong;
    feudcli promises the warning, the file, the line and what it does
    about it, not the parser's wording (it changes between releases)."""
    return re.sub(r"(is not valid YAML \(line \d+\)): .*?(, so it is ignored)$", r"\1: …\2", text,
                  flags=re.MULTILINE)
