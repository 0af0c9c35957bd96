"""`feudcli stats`: the corpus at a glance."""

import typer

from feudcli.cli import helptext
from feudcli.cli.application import app
from feudcli.cli.options import FormatOpt, HeaderOpt, LimitOpt, value
from feudcli.cli.state import get_state


@app.command("stats", epilog=helptext.STATS)
def stats_command(
    ctx: typer.Context,
    fmt: FormatOpt = None,
    header: HeaderOpt = False,
    limit: LimitOpt = 0,
    top: int = typer.Option(10, "--top", min=1, help="Tags shown in the picture (records list them all)."),
) -> None:
    """The corpus at a glance: articles by script and lang, dated and
    undated, per month by script, top tags, files with problems."""
    from feudcli.cli.emit import emit
    from feudcli.extract.overview import FIELDS, overview
    from feudcli.render.charts import render_overview

    state = get_state(ctx)
    corpus = state.corpus()
    found = overview(corpus.articles, corpus.warnings)
    records = found.records()
    emit(state, records[:limit] if limit else records, FIELDS, value(fmt), header=header,
         table=lambda console, _: render_overview(console, found, str(corpus.root), top_tags=top))
