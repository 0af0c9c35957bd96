"""The full-text index and the plain scan give the same answers: for random
corpora and random queries, the same ids in the same order, with the same
scores to the last bit (issue 13). The scan (feudcli.search.engine.ScanIndex) is
the reference: it reads the tokens in Python and computes SQLite's
documented bm25() itself."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feudcli.search import engine as index
from feudcli.session import open_corpus
from feudcli.store.fulltext import tokens
from feudcli.text.searchable import searchable_text

# A small alphabet, so that random queries often match: Simplified and
# Traditional characters (one folds onto the other), Latin words that are
# prefixes of each other, punctuation, and paragraph breaks.
PIECES = ["马", "斯", "克", "馬", "數", "数", "据", "資", "料", "的", "国", "中",
          "git", "github", "Git", "at", "that", "ai", "OpenAI", "4o", "a",
          "，", "。", "-", " ", " ", "\n", "\n\n"]
LANGS = [None, "zh-CN", "zh-TW", "en"]

texts = st.lists(st.sampled_from(PIECES), min_size=0, max_size=40).map("".join)
articles = st.lists(st.tuples(texts, texts, st.sampled_from(LANGS),
                              st.sampled_from([None, "2024-01-01", "2025-06-30", "2025-06-30"])),
                    min_size=1, max_size=8)


def write(root, corpus):
    root.mkdir(parents=True, exist_ok=True)
    for path in root.iterdir():
        path.unlink()
    for number, (title, body, lang, date) in enumerate(corpus):
        front = [f"title: {title!r}" if title.strip() else "title: x"]
        if lang:
            front.append(f"lang: {lang}")
        if date:
            front.append(f"date: {date}")
        (root / f"d{number}.md").write_text("---\n" + "\n".join(front) + "\n---\n" + body + "\n", encoding="utf-8")


def alternative(words, prefix=False, script=None):
    return SimpleNamespace(tokens=tuple(words), prefix=prefix, script=script, user_regex=False)


@st.composite
def queries(draw, vocabulary):
    """A query over words that occur in the corpus (and one that may not)."""
    def alternatives():
        found = []
        for _ in range(draw(st.integers(1, 2))):
            start = draw(st.integers(0, max(0, len(vocabulary) - 1)))
            length = draw(st.integers(1, 3))
            words = vocabulary[start:start + length] or ["马"]
            prefix = draw(st.booleans()) and words[-1].isascii() and words[-1].isalnum()
            if prefix:
                words = words[:-1] + [words[-1][:draw(st.integers(1, len(words[-1])))]]
            script = draw(st.sampled_from([None, None, "hans", "hant"]))
            found.append(alternative(words, prefix, script))
        return SimpleNamespace(alternatives=found)

    required = [alternatives() for _ in range(draw(st.integers(1, 2)))]
    excluded = [alternatives() for _ in range(draw(st.integers(0, 1)))]
    return SimpleNamespace(required=required, excluded=excluded), draw(st.sampled_from(["all", "title", "body"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(corpus=articles, data=st.data())
def test_index_and_scan_agree(tmp_path_factory, corpus, data):
    root = tmp_path_factory.mktemp("property") / "corpus"
    write(root, corpus)
    with open_corpus(root, cache=False) as session:
        vocabulary = [token for article in session.articles
                      for token in tokens(searchable_text(article.title, markup=False))
                      + tokens(searchable_text(article.body))
                      if token != "\n"]
        query, where = data.draw(queries(vocabulary))
        from_index = index.fulltext_search(session.store.connection, query, None, where)
        from_scan = index.ScanIndex(index.stored_documents(session.store, set())).search(query, where)
        assert [(hit.id, hit.score) for hit in from_index] == [(hit.id, hit.score) for hit in from_scan]
