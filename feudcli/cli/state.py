"""What every command shares: the global options, the loaded corpus, the
console, and the way errors and warnings reach stderr."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import typer

from feudcli.corpus import Corpus, CorpusError, corpus_dir, load_corpus
from feudcli.safe_text import one_line

EXIT_NOTHING_FOUND = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one sentence to stderr; return the Exit to raise."""
    # Messages quote ids, paths and file names: never let them drive the terminal.
    sys.stderr.write(f"feudcli: error: {one_line(message)}\n")
    return typer.Exit(code)


def warn(message: str) -> None:
    sys.stderr.write(f"feudcli: warning: {one_line(message)}\n")


@dataclass
class State:
    corpus_option: str | None = None
    color: str = "auto"
    strict: bool = False
    use_cache: bool = True
    _corpus: Corpus | None = field(default=None, repr=False)
    _index: object = field(default=None, repr=False)
    _cache: object = field(default=None, repr=False)
    # Set by commands that search, before the corpus is loaded: only they
    # need the searchable text from the cache.
    needs_search_text: bool = False

    def _open_cache(self, root):
        if not self.use_cache:
            return None
        from feudcli.cache import CorpusCache

        cache = CorpusCache(root)
        cache.want_texts = self.needs_search_text
        return cache

    def _progress_bar(self):
        """A context whose value is a progress callback (done, total): a bar
        on stderr when it is a terminal and there is much to read."""
        import contextlib

        if not sys.stderr.isatty():
            return contextlib.nullcontext(None)
        from feudcli.render import progress_reporter

        return progress_reporter(self.color, "reading corpus")

    @property
    def stdout_is_terminal(self) -> bool:
        return sys.stdout.isatty() or self.color == "always"

    def root(self):
        """The corpus directory, checked but not read."""
        try:
            return corpus_dir(self.corpus_option)
        except CorpusError as error:
            raise fail(str(error)) from None

    def fast_search(self):
        """A search straight from the cache's postings, or None when the
        corpus must be loaded (no cache, a file with a problem, …)."""
        if not self.use_cache or self.strict:
            return None
        from feudcli.cache import CorpusCache
        from feudcli.postings import FastSearch

        cache = CorpusCache(self.root())
        with self._progress_bar() as progress:
            cache.progress = progress
            return FastSearch.open(cache)

    def corpus(self) -> Corpus:
        """The corpus, loaded once; its warnings printed once to stderr."""
        if self._corpus is None:
            try:
                root = corpus_dir(self.corpus_option)
                self._cache = self._open_cache(root)
                with self._progress_bar() as progress:
                    if self._cache is not None:
                        self._cache.progress = progress
                    prepare = self._cache.prepare if self._cache is not None else None
                    self._corpus = load_corpus(root, prepare=prepare)
            except CorpusError as error:
                raise fail(str(error)) from None
            for warning in self._corpus.warnings:
                warn(str(warning))
            if not self._corpus.articles and not self._corpus.warnings:
                from feudcli.corpus import ARTICLE_SUFFIXES
                from feudcli.safe_text import one_line

                looked_for = ", ".join(f"*{suffix}" for suffix in ARTICLE_SUFFIXES)
                sys.stderr.write(f"feudcli: note: no articles under {one_line(str(root))} "
                                 f"(looked for {looked_for})\n")
            if self.strict and self._corpus.warnings:
                count = len(self._corpus.warnings)
                raise fail(f"{count} file(s) with problems and --strict is set; fix them or drop --strict")
        return self._corpus

    @property
    def cache(self):
        """The corpus's on-disk cache once the corpus is loaded (None with --no-cache)."""
        self.corpus()
        return self._cache

    def search_index(self):
        """The search index of the corpus, built once per run."""
        if self._index is None:
            from feudcli.index import SearchIndex

            articles = self.corpus().articles
            texts = self._cache.texts if self._cache is not None else None
            self._index = SearchIndex.from_articles(articles, texts)
        return self._index

    def console(self, stderr: bool = False):
        from feudcli.render import make_console

        return make_console(self.color, stderr=stderr)


def get_state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj
