"""`feudcli cache info` and `feudcli cache clear`."""

import sys

import typer

from feudcli.cli import helptext
from feudcli.cli.application import app
from feudcli.cli.options import FormatOpt, value

cache_app = typer.Typer(help="The on-disk cache that makes repeated runs fast.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

INFO_FIELDS = ("corpus", "exists", "files", "bytes", "path")


@cache_app.command("info", epilog=helptext.CACHE)
def cache_info(fmt: FormatOpt = None) -> None:
    """Where the cache is, and what it holds for each corpus."""
    from feudcli.store.location import cache_home, describe, index_files
    from feudcli.cli.emit import resolve_format, write_records
    fmt = value(fmt)
    records = [describe(path) for path in index_files()]
    chosen = resolve_format(fmt, sys.stdout.isatty())
    if chosen == "table":
        from feudcli.render import make_console, records_table

        console = make_console()
        console.print(f"cache directory: {cache_home()}", markup=False, highlight=False)
        if records:
            console.print(records_table(records, INFO_FIELDS, numeric=("files", "bytes")))
        else:
            console.print("(empty)", style="dim")
        return
    from feudcli.cli.emit import stdout

    write_records(stdout(), records, INFO_FIELDS, chosen)


@cache_app.command("clear", epilog=helptext.CACHE)
def cache_clear() -> None:
    """Delete the cache of every corpus (it is rebuilt when needed)."""
    from feudcli.store.location import cache_home, clear

    removed = clear()
    sys.stderr.write(f"feudcli: cleared the cache of {removed} {'corpus' if removed == 1 else 'corpora'} in {cache_home()}\n")
