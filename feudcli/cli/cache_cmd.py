"""`feudcli cache info` and `feudcli cache clear`."""

import sys

import typer

from feudcli.cli import helptext
from feudcli.cli.application import app
from feudcli.cli.options import FormatOpt, HeaderOpt, LimitOpt, value
from feudcli.cli.state import get_state

cache_app = typer.Typer(help="The on-disk cache that makes repeated runs fast.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

INFO_FIELDS = ("corpus", "exists", "files", "bytes", "path")


@cache_app.command("info", epilog=helptext.CACHE)
def cache_info(ctx: typer.Context, fmt: FormatOpt = None, header: HeaderOpt = False, limit: LimitOpt = 0) -> None:
    """Where the cache is, and what it holds for each corpus."""
    from feudcli.cli.emit import emit
    from feudcli.store.location import cache_home, describe, index_files

    state = get_state(ctx)
    records = [describe(path) for path in index_files()]

    def table(console, records):
        from feudcli.render import records_table

        console.print(f"cache directory: {cache_home()}", markup=False, highlight=False)
        if records:
            console.print(records_table(records, INFO_FIELDS, numeric=("files", "bytes")))
        else:
            console.print("(empty)", style="dim")

    emit(state, records[:limit] if limit else records, INFO_FIELDS, value(fmt), header=header, table=table)


@cache_app.command("clear", epilog=helptext.CACHE)
def cache_clear() -> None:
    """Delete the cache of every corpus (it is rebuilt when needed)."""
    from feudcli.store.location import cache_home, clear

    removed = clear()
    sys.stderr.write(f"feudcli: cleared the cache of {removed} {'corpus' if removed == 1 else 'corpora'} in {cache_home()}\n")
