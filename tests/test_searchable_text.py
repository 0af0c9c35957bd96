"""The searchable text (feudcli.text.searchable) and the matching reference
(feudcli.search.query): the fast path and the offset-tracking path agree, pieces
of a long text normalise like the whole, and matches land on the original
characters."""

from __future__ import annotations

import tracemalloc

from hypothesis import given, settings, strategies as st

from feudcli.search.matchers import Group, TokenMatcher
from feudcli.search.query import parse_query
from feudcli.text.script import fold
from feudcli.search.snippets import make_snippets, match_spans
from feudcli.text.searchable import (
    paragraph_cuts, piece_text, searchable_text, searchable_text_with_offsets, term_tokens, tokens,
)

# Characters that exercise markup, white space, zero-width and separator
# handling, words, CJK and full-width forms.
ALPHABET = st.sampled_from(list("ab Z9_\n\n\t 馬马資资あア한·・\u200b\u00ad\u3000Ａ，。-*`[]()!<>/{}%:#=|&;~\\\"'")
                           + ["**", "](x)", "<br>", "{: .c }", "```\n", "{{< x >}}", "&amp;", "&nbsp;", "\n\n",
                              "![", "<!--", "-->", "{%", "%}", "> ", "- ", "# "])
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)


def _check_aligned(text: str, markup: bool) -> None:
    folded = searchable_text(text, markup)
    display, offsets = searchable_text_with_offsets(text, markup)
    assert len(display) == len(folded) == len(offsets)
    for position, (shown, searched) in enumerate(zip(display, folded)):
        if searched in " \n":
            continue
        assert fold(shown) == searched
        assert offsets[position] < len(text)
    assert list(offsets) == sorted(offsets)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_offsets_path_gives_the_fast_paths_text(text):
    _check_aligned(text, markup=True)
    _check_aligned(text, markup=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=8))
def test_pieces_of_a_long_text_normalise_like_the_whole(paragraphs):
    text = "\n\n".join(paragraphs)
    for size in (1, 5, 20):
        cuts = paragraph_cuts(text, size=size)
        pieces = [piece_text(text, start, end) for start, end in zip(cuts, cuts[1:])]
        assert "\n".join(piece for piece in pieces if piece) == searchable_text(text)


def test_tokens():
    assert tokens(searchable_text("GPT-4o 和 iPhone手机，A 轮融资 Östermalm __init__ 2*3")) == [
        "gpt", "-", "4o", "和", "iphone", "手", "机", ",", "a", "轮", "融", "资", "östermalm", "__init__", "2", "*", "3"]
    assert term_tokens("Sam·Altman") == ["sam", "altman"]
    assert term_tokens("ＯｐｅｎＡＩ") == ["openai"]


def test_matchers_expose_what_an_index_needs():
    query = parse_query(["git*", "A轮融资"])
    first, second = (group.alternatives[0] for group in query.required)
    assert isinstance(first, TokenMatcher) and first.tokens == ("git",) and first.prefix and first.script is None
    assert second.tokens == ("a", "轮", "融", "资") and not second.prefix


def test_overlapping_occurrences_are_one_place():
    group = Group([TokenMatcher(["哈", "哈"])])
    assert group.count("哈哈哈哈") == 1 and group.count("哈哈 x 哈哈") == 2
    group = Group([TokenMatcher(["服", "务", "器"]), TokenMatcher(["务", "器"])])
    assert group.count("服务器") == 1


def test_paragraph_break_is_a_barrier():
    query = parse_query(["收购要约"])
    assert match_spans("收购\n要约", query) == [(0, 5)]
    assert match_spans("收购\n\n要约", query) == []


def test_a_huge_article_is_read_a_piece_at_a_time():
    paragraph = "马斯克提出收购要约，" * 30 + "[链接](https://example.com/x) `code` **粗体**\n\n"
    text = paragraph * 4000 + "最后的结论在这里。"
    query = parse_query(["结论"])
    tracemalloc.start()
    snippets = make_snippets(text, query, count=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert snippets[0].text.endswith("最后的结论在这里。")
    start, end = snippets[0].highlights[0]
    assert snippets[0].text[start:end] == "结论"
    # Offsets for the whole text would take 8 bytes a character and more.
    assert peak < 2 * len(text), (peak, len(text))
