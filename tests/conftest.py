"""Shared test set-up."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own cache directory: the user's is never touched
    and no test sees another's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture
def hostile_corpus(tmp_path):
    """A corpus with one file for each way real corpora go wrong (see
    tests/hostile.py for the cases and what a user should see)."""
    from hostile import build_hostile_corpus

    corpus = build_hostile_corpus(tmp_path / "hostile")
    yield corpus
    # chmod 000 files would stop pytest from cleaning tmp_path up.
    for case in corpus.cases.values():
        path = corpus.root / case.path
        if path.exists() and not path.is_symlink():
            path.chmod(0o644)


@pytest.fixture
def make_corpus(tmp_path):
    """make_corpus({"a.md": "text or bytes", "sub/b.txt": b"..."}) -> the
    corpus directory, written in tmp_path (a new one per call)."""
    from cli_helpers import write_corpus

    made = []

    def make(files: dict) -> "Path":
        root = tmp_path / f"corpus{len(made)}"
        root.mkdir()
        made.append(root)
        return write_corpus(root, files)

    return make
