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

    @property
    def stdout_is_terminal(self) -> bool:
        return sys.stdout.isatty() or self.color == "always"

    def corpus(self) -> Corpus:
        """The corpus, loaded once; its warnings printed once to stderr."""
        if self._corpus is None:
            try:
                root = corpus_dir(self.corpus_option)
                self._corpus = load_corpus(root)
            except CorpusError as error:
                raise fail(str(error)) from None
            for warning in self._corpus.warnings:
                warn(str(warning))
            if self.strict and self._corpus.warnings:
                count = len(self._corpus.warnings)
                raise fail(f"{count} file(s) with problems and --strict is set; fix them or drop --strict")
        return self._corpus

    def search_index(self):
        """The search index of the corpus, built once per run."""
        if self._index is None:
            from feudcli.index import SearchIndex

            self._index = SearchIndex.from_articles(self.corpus().articles)
        return self._index

    def console(self, stderr: bool = False):
        from feudcli.render import make_console

        return make_console(self.color, stderr=stderr)


def get_state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj
