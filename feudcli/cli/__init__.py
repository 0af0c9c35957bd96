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

from feudcli.cli.application import app, report, usage_message  # noqa: E402,F401  (app: the entry point's)
from feudcli.errors import FeudcliError  # noqa: E402

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
