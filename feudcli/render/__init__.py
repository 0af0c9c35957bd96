"""rich rendering for people on a terminal: tables, articles, headers.

Article text is untrusted: it is always handed to rich as Text (never as
markup) and control characters are made visible first, so neither
`[bold]` nor an escape sequence in an article can reach the terminal raw.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterable, Sequence

from rich.console import Console
from rich.text import Text

from feudcli.text.safe import visible  # noqa: F401  (re-exported for command modules)


def make_console(color: str = "auto", stderr: bool = False) -> Console:
    """A console for stdout (or stderr) honouring --color and NO_COLOR."""
    force = True if color == "always" else None
    no_color = color == "never" or ("NO_COLOR" in os.environ and color != "always")
    console = Console(
        file=sys.stderr if stderr else sys.stdout,
        force_terminal=force,
        no_color=no_color,
        highlight=False,
        emoji=False,
        markup=False,
    )
    # rich's own handler exits with status 1; let main() end every broken
    # pipe the same quiet way.
    console.on_broken_pipe = _broken_pipe
    return console


def _broken_pipe() -> None:
    raise BrokenPipeError


def cell_text(value, style: str | None = None) -> Text:
    if value is None:
        return Text("")
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(item) for item in value)
    return Text(visible(str(value)), style=style or "")


def records_table(records: Iterable[dict], fields: Sequence[str], styles: dict[str, str] | None = None,
                  numeric: Sequence[str] = ()):
    from rich.table import Table

    styles = styles or {}
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for name in fields:
        table.add_column(
            name,
            justify="right" if name in numeric else "left",
            overflow="fold",
            no_wrap=name in ("id", "date", "chars", "score", "matches"),
        )
    for record in records:
        table.add_row(*(cell_text(record.get(name), styles.get(name)) for name in fields))
    return table


def article_header(article, title: str):
    """Title, date, lang/script, source, tags of an article, as a grid."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(""), Text(visible(title), style="bold"))
    grid.add_row("id", cell_text(article.id, "cyan"))
    grid.add_row("date", cell_text(article.date or "undated"))
    grid.add_row("lang", cell_text(f"{article.lang or '-'} (script: {article.script})"))
    if article.source:
        grid.add_row("source", cell_text(article.source, "blue underline"))
    if article.tags:
        grid.add_row("tags", cell_text(article.tags))
    return grid


def article_markdown(body: str):
    """The body rendered as Markdown; links and images show their URL;
    kramdown attribute lists are dropped and hard-wrapped Chinese lines
    joined without a space (feudcli.convert.markdown.for_reading)."""
    from rich.markdown import ImageItem, Markdown

    from feudcli.convert.markdown import for_reading

    class ImageWithURL(ImageItem):
        def __rich_console__(self, console, options):
            alt = self.text.plain if self.text else ""
            yield Text.assemble(("🖼 ", ""), (alt or "image", "italic"), " ",
                                (f"<{self.destination}>", "blue"), end="")

    class ArticleMarkdown(Markdown):
        elements = {**Markdown.elements, "image": ImageWithURL}

    return ArticleMarkdown(visible(for_reading(body)), hyperlinks=False)


PAGER_ENV = "FEUDCLI_PAGER"


def pager_command() -> str | None:
    """The pager to run, as git chooses one: FEUDCLI_PAGER, else PAGER, else
    less; an empty value or `cat` means no pager."""
    for name in (PAGER_ENV, "PAGER"):
        if name in os.environ:
            command = os.environ[name].strip()
            return None if command in ("", "cat") else command
    return "less"


def paged(console: Console):
    """A context in which console output goes through the pager (or
    straight out when there is none). Like git, the pager gets LESS=FRX
    when LESS is unset: R shows colours instead of raw escape codes, F
    quits when the text fits one screen, X leaves it on the screen."""
    from rich.pager import Pager

    command = pager_command()
    if command is None:
        return contextlib.nullcontext()

    class CommandPager(Pager):
        def show(self, content: str) -> None:
            import subprocess

            env = dict(os.environ)
            env.setdefault("LESS", "FRX")
            env.setdefault("LV", "-c")  # lv, the other common pager, shows colour with -c
            try:
                done = subprocess.run(command, shell=True, input=content.encode("utf-8", "replace"), env=env)
            except OSError:
                done = None
            if done is None or done.returncode == 127:  # no such pager: print instead
                sys.stdout.write(content)

    return console.pager(CommandPager(), styles=True)


class _ProgressReporter:
    """A rich progress bar on stderr that appears only once there is
    enough work to be worth showing."""

    def __init__(self, color: str, label: str, minimum: int):
        self.color, self.label, self.minimum = color, label, minimum
        self.progress = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.progress is None:
            if total < self.minimum:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(
                # markup=False: the console never interprets markup (article text is untrusted).
                TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                TimeRemainingColumn(), console=make_console(self.color, stderr=True), transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=total)
        self.progress.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@contextlib.contextmanager
def progress_reporter(color: str, label: str, minimum: int = 200):
    """A callback (done, total) drawing a bar once total reaches minimum;
    the bar goes away when the block ends."""
    reporter = _ProgressReporter(color, label, minimum)
    try:
        yield reporter
    finally:
        reporter.close()
