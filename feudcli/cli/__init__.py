"""The Typer application: global options, error handling, command modules.

The CLI layer is the only place that knows about Typer; each command lives
in a module of this package and calls the library, then output/render.
"""

from __future__ import annotations

import os
import signal
import sys

import typer

from feudcli import __version__
from feudcli.cli.state import State

app = typer.Typer(
    name="feudcli",
    help="Read, search and convert corpora of Chinese articles in Simplified and Traditional script.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"feudcli {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    ctx: typer.Context,
    corpus: str = typer.Option(
        None, "--corpus", metavar="DIR", envvar="FEUDCLI_CORPUS", show_envvar=True,
        help="Corpus directory, read recursively (default: the bundled seeds).",
    ),
    color: str = typer.Option(
        "auto", "--color", metavar="auto|always|never",
        help="Colour on a terminal; NO_COLOR is honoured.",
    ),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings about bad files as errors (exit 2)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the on-disk cache."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    if color not in ("auto", "always", "never"):
        raise typer.BadParameter("use auto, always or never", param_hint="--color")
    ctx.obj = State(corpus_option=corpus, color=color, strict=strict, use_cache=not no_cache)


# Command modules register themselves on `app`; imported for that effect.
from feudcli.cli import listing  # noqa: E402,F401
from feudcli.cli import timeline_cmd  # noqa: E402,F401
from feudcli.cli import search_cmd  # noqa: E402,F401


def _quiet_broken_pipe() -> None:
    # The reader went away (`| head -1`): stop quietly, and keep Python from
    # complaining when it flushes stdout at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def main() -> None:
    try:
        code = app(standalone_mode=False)
    except typer.Abort:  # click's name for Ctrl-C
        sys.stderr.write("feudcli: interrupted\n")
        code = 128 + signal.SIGINT
    except KeyboardInterrupt:
        sys.stderr.write("feudcli: interrupted\n")
        code = 128 + signal.SIGINT
    except typer.Exit as done:
        code = done.exit_code
    except typer.TyperException as error:  # usage errors: exit 2
        error.show()
        code = error.exit_code
    except BrokenPipeError:
        _quiet_broken_pipe()
        code = 128 + signal.SIGPIPE
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
        code = 128 + signal.SIGPIPE
    sys.exit(code or 0)
