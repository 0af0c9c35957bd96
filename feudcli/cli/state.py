"""What every command shares: the global options, the loaded corpus, the
console, and the way errors and warnings reach stderr."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field

import typer

from feudcli.corpus import corpus_dir
from feudcli.errors import FeudcliError
from feudcli.text.safe import one_line

EXIT_NOTHING_FOUND = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> FeudcliError:
    """The error to raise for a problem with what the user typed; printed,
    like the library's own, once at the CLI's edge (feudcli.cli.report)."""
    error = FeudcliError(message)
    error.exit_status = code
    return error


def warn(message: str) -> None:
    sys.stderr.write(f"feudcli: warning: {one_line(message)}\n")


@dataclass
class State:
    corpus_option: str | None = None
    color: str = "auto"
    strict: bool = False
    use_cache: bool = True
    page: bool = True  # --no-pager turns it off
    _corpus: object = field(default=None, repr=False)
    _notes_shown: int = field(default=0, repr=False)

    def progress(self, label: str = "reading corpus", minimum: int = 200, shown: bool = True):
        """The one progress bar: a context whose value is a callback (done,
        total) drawing a bar on stderr when it is a terminal (and `shown`)
        once total reaches `minimum`; None otherwise."""
        if not (shown and sys.stderr.isatty()):
            return contextlib.nullcontext(None)
        from feudcli.render import progress_reporter

        return progress_reporter(self.color, label, minimum)

    def each(self, items: list, label: str):
        """items one by one, drawing progress() as they are done."""
        with self.progress(label) as report:
            for done, item in enumerate(items, 1):
                yield item
                if report is not None and (done % 50 == 0 or done == len(items)):
                    report(done, len(items))

    @property
    def stdout_is_terminal(self) -> bool:
        return sys.stdout.isatty() or self.color == "always"

    def root(self):
        """The corpus directory, checked but not read."""
        return corpus_dir(self.corpus_option)

    def corpus(self):
        """The corpus session, opened once; its warnings printed once to
        stderr (and, with --strict, an error)."""
        if self._corpus is None:
            from feudcli.session import open_corpus

            with self.progress() as progress:
                self._corpus = open_corpus(self.root(), cache=self.use_cache, progress=progress)
            corpus = self._corpus
            for warning in corpus.warnings:
                warn(str(warning))
            self.print_notes()
            if corpus.is_empty():
                from feudcli.corpus import ARTICLE_SUFFIXES

                looked_for = ", ".join(f"*{suffix}" for suffix in ARTICLE_SUFFIXES)
                sys.stderr.write(f"feudcli: note: no articles under {one_line(str(corpus.root))} "
                                 f"(looked for {looked_for})\n")
            if self.strict and corpus.warnings:
                count = len(corpus.warnings)
                raise fail(f"{count} file(s) with problems and --strict is set; fix them or drop --strict")
        return self._corpus

    def print_notes(self) -> None:
        """What happened to the index (rebuilt, read-only, scanned instead),
        each said once on stderr."""
        notes = self._corpus.notes if self._corpus is not None else []
        for message in notes[self._notes_shown:]:
            sys.stderr.write(f"feudcli: note: {one_line(message)}\n")
        self._notes_shown = len(notes)

    def close(self) -> None:
        if self._corpus is not None:
            self._corpus.close()

    def console(self, stderr: bool = False):
        from feudcli.render import make_console

        return make_console(self.color, stderr=stderr)

    @contextlib.contextmanager
    def reading(self, force_pager: bool = False):
        """A console for output a person reads: on a terminal it goes through
        the pager, as git's does (less quits at once when it fits a screen);
        --no-pager or an empty FEUDCLI_PAGER print it straight."""
        console = self.console()
        if force_pager or (self.page and sys.stdout.isatty()):
            from feudcli.render import paged

            with paged(console):
                yield console
        else:
            yield console


def get_state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj
