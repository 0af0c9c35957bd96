"""Property test: random bytes and random front matter written into the files
of a corpus never make a command raise, and never modify a corpus file
(issue 5). Each command (list, show, search, convert --all) may warn or find
nothing; none may crash."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli_helpers import run, write_corpus
from hostile import snapshot

NAMES = ("a.md", "b.txt", "sub/c.md", "d.markdown")
FRAGMENTS = (
    "马斯克", "馬斯克", "奥尔特曼", "奧特曼", "OpenAI", "\n", "\r\n", "\n\n", "---\n", "+++\n", "# 标题\n",
    "[bold red]x[/]", "[link=file:///etc/passwd]", "\x1b[31m", "\x1b]0;t\x07", "\x9b", "\u202e", "\x00",
    "[链接](http://example.com)", "![图](x.png)", "```\ncode\n```\n", "<b>", "&amp;", "\\", "\t", "\ufeff",
    "date: 2025-13-45\n", "title: [\n", "!!python/object:os.system\n", "&a [*a]\n", "*b\n", "\ufffd",
)

keys = st.sampled_from(("title", "date", "tags", "categories", "lang", "language", "source", "url",
                        "summary")) | st.text(max_size=6)
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
           | st.dates() | st.datetimes() | st.sampled_from(FRAGMENTS))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=8)
texts = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=15), max_size=12).map("".join)


@st.composite
def yaml_articles(draw) -> bytes:
    meta = draw(st.dictionaries(keys, values, max_size=5))
    front = yaml.safe_dump(meta, allow_unicode=True)
    text = f"---\n{front}---\n{draw(texts)}"
    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "gb18030", "big5")))
    return text.encode(encoding, errors="ignore")


@st.composite
def fenced_noise(draw) -> bytes:
    fence = draw(st.sampled_from(("---", "+++")))
    closing = draw(st.sampled_from((f"\n{fence}\n", "\n", "")))
    return f"{fence}\n{draw(texts)}{closing}{draw(texts)}".encode("utf-8", errors="surrogatepass")


contents = st.binary(max_size=2000) | yaml_articles() | fenced_noise() | texts.map(
    lambda text: text.encode("utf-8", errors="surrogatepass"))
corpora = st.dictionaries(st.sampled_from(NAMES), contents, min_size=1, max_size=4)


def check(result, allowed=(0,)) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in allowed, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr


# FEUDCLI_FUZZ_EXAMPLES=2000 for a long hunt; the default keeps the suite quick.
EXAMPLES = int(os.environ.get("FEUDCLI_FUZZ_EXAMPLES", "40"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(files=corpora)
def test_random_corpus_never_crashes_a_command(files):
    with tempfile.TemporaryDirectory() as directory:
        root = write_corpus(Path(directory), files)
        before = snapshot(root)

        listing = run("list", "-f", "json", corpus=root)
        check(listing)
        articles = json.loads(listing.stdout)
        check(run("list", corpus=root))
        check(run("--color", "always", "list", "--wide", corpus=root))
        for article in articles:
            shown = run("show", article["id"], "-f", "json", corpus=root)
            check(shown)
            assert json.loads(shown.stdout)[0]["id"] == article["id"]
            check(run("show", article["id"], corpus=root))
            check(run("--color", "always", "show", article["id"], corpus=root))
            check(run("show", "--to", "hant", article["id"], corpus=root))
        check(run("search", "马斯克", corpus=root), allowed=(0, 1))
        check(run("--color", "always", "search", "奥尔特曼", "OR", "openai", corpus=root), allowed=(0, 1))
        check(run("search", "-e", "[a-z]+", "-f", "jsonl", corpus=root), allowed=(0, 1))
        check(run("--strict", "list", corpus=root), allowed=(0, 2))
        with tempfile.TemporaryDirectory() as out:
            check(run("convert", "--all", "--to", "hant", "-o", out, corpus=root))
            check(run("convert", "--all", "--to", "hans", "-o", out, "--force", corpus=root))
            check(run("convert", "--all", "--to", "tw", corpus=root))
            check(run("convert", "--all", "--to", "hk", "-o", out + "/dry", "--dry-run", corpus=root))

        assert snapshot(root) == before


@settings(max_examples=EXAMPLES * 5, deadline=None)
@given(data=contents)
def test_parse_article_returns_or_refuses_the_file(data):
    from feudcli.corpus import parse_article
    from feudcli.text.decode import UndecodableFile

    try:
        article, problems = parse_article("x.md", data)
    except UndecodableFile as error:
        assert str(error)
        return
    assert isinstance(article.title, str) and article.title
    assert article.date is None or isinstance(article.date, str)
    assert all(isinstance(tag, str) for tag in article.tags)
    assert all(isinstance(problem, str) and "\n" not in problem for problem in problems)
    json.dumps(article.to_dict(), ensure_ascii=False, default=str)
