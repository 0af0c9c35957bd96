"""`feudcli list` and `feudcli show`."""

from typing import List, Optional

import typer

from feudcli.cli import helptext
from feudcli.cli.application import app
from feudcli.cli.options import (
    FormatOpt, HeaderOpt, LangOpt, LimitOpt, ScriptOpt, ShowFormat, SinceOpt, SortKey, TagOpt, ToOpt, UntilOpt,
    article_filter, value,
)
from feudcli.cli.completion import complete_ids
from feudcli.cli.state import fail, get_state

LIST_FIELDS = ("id", "date", "script", "lang", "title", "chars")
WIDE_FIELDS = LIST_FIELDS + ("tags", "source")
RECORD_FIELDS = ("id", "path", "title", "date", "script", "lang", "tags", "source", "chars")


def _converted(text: str, article, target: str | None) -> str:
    if not target or not text:
        return text
    from feudcli.convert.opencc import convert_text

    return convert_text(text, article.script, target, article.lang)


@app.command("list", epilog=helptext.LIST)
def list_command(
    ctx: typer.Context,
    fmt: FormatOpt = None,
    header: HeaderOpt = False,
    wide: bool = typer.Option(False, "--wide", help="Add the tags and source columns."),
    sort: SortKey = typer.Option("date", "--sort", help="Sort key (undated articles last)."),
    reverse: bool = typer.Option(False, "--reverse", help="Reverse the order."),
    limit: LimitOpt = 0,
    script: ScriptOpt = None,
    lang: LangOpt = None,
    tag: TagOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    to: ToOpt = None,
) -> None:
    """List the articles of the corpus."""
    from feudcli.search.filters import sort_articles

    state = get_state(ctx)
    fmt, sort, to = value(fmt), value(sort), value(to)
    selection = article_filter(script, lang, tag, since, until)
    articles = sort_articles(selection.apply(state.corpus().articles), sort, reverse)
    if limit:
        articles = articles[:limit]
    records = []
    for article in articles:
        record = article.record()
        record["title"] = _converted(article.title, article, to)
        records.append(record)
    from feudcli.cli.emit import emit
    from feudcli.render.table import print_table

    fields = WIDE_FIELDS if wide else LIST_FIELDS
    # A narrow terminal gives up chars, then lang, then script; URLs wrap.
    emit(state, records, fields, fmt, header=header, json_fields=RECORD_FIELDS, csv_fields=RECORD_FIELDS,
         table=lambda console, records: print_table(
             console, records, fields, styles={"id": "cyan", "date": "green", "chars": "dim"}, numeric=("chars",),
             drop=("chars", "lang", "script", "tags"), wrap=("source",)))


def _plain_header(article, title: str) -> str:
    from feudcli.corpus import printable_name

    lines = [
        f"id: {article.id}",
        f"title: {title}",
        f"date: {article.date or ''}",
        f"lang: {article.lang or ''}",
        f"script: {article.script}",
        f"source: {article.source or ''}",
        f"tags: {', '.join(article.tags)}",
        f"path: {printable_name(article.path)}",
    ]
    return "\n".join(line.replace("\n", " ") for line in lines) + "\n"


@app.command("show", epilog=helptext.SHOW)
def show_command(
    ctx: typer.Context,
    ids: List[str] = typer.Argument(..., metavar="ID...", autocompletion=complete_ids,
                                    help="Article ids (a unique prefix or suffix will do)."),
    plain: bool = typer.Option(False, "--plain", help="Header lines and the Markdown body as text (default in a pipe)."),
    raw: bool = typer.Option(False, "--raw", help="The file byte for byte."),
    fmt: Optional[ShowFormat] = typer.Option(None, "--format", "-f",
                                             help="json/jsonl: metadata and body as records."),
    pager: bool = typer.Option(False, "--pager",
                               help="Page through FEUDCLI_PAGER, PAGER or less (with LESS=FRX unless LESS is set)."),
    to: ToOpt = None,
) -> None:
    """Show articles: rendered on a terminal, plain text in a pipe."""
    state = get_state(ctx)
    fmt, to = value(fmt), value(to)
    if raw and (to or fmt or plain):
        given = " and ".join(name for name, used in (("--to", to), ("--format", fmt), ("--plain", plain)) if used)
        raise fail(f"--raw prints the file byte for byte; it cannot be combined with {given}")
    corpus = state.corpus()
    articles = [corpus.resolve(query) for query in ids]

    if raw:
        # Like cat: the bytes as they are, even on a terminal (asked for).
        from feudcli.cli.emit import stdout

        out = stdout(visible_text=False)
        for article in articles:
            try:
                data = (corpus.root / article.path).read_bytes()
            except OSError as error:
                raise fail(f"cannot read {article.path} ({error.strerror or error}); "
                           "was it moved or deleted since feudcli started?") from None
            out.write_bytes(data)
        out.flush()
        return

    from feudcli.convert.markdown import convert_markdown

    def converted_body(article) -> str:
        if not to:
            return article.body
        from feudcli.convert.opencc import config_for, converter

        name = config_for(article.script, to, article.lang)
        return convert_markdown(article.body, converter(name)) if name else article.body

    if fmt in ("json", "jsonl"):
        from feudcli.cli.emit import write_records

        records = []
        for article in articles:
            record = article.to_dict()
            record.pop("front_matter_kind", None)
            record["title"] = _converted(article.title, article, to)
            record["body"] = converted_body(article)
            records.append(record)
        fields = RECORD_FIELDS + ("encoding", "meta", "body")
        from feudcli.cli.emit import stdout

        write_records(stdout(), records, fields, fmt)
        return

    if plain or fmt == "text" or not state.stdout_is_terminal:
        from feudcli.cli.emit import stdout

        out = stdout()
        for number, article in enumerate(articles):
            if number:
                out.write("\n")
            out.write(_plain_header(article, _converted(article.title, article, to)))
            body = converted_body(article)
            out.write("\n" + body.strip("\n") + "\n")
        return

    from rich.rule import Rule

    from feudcli.render import article_header, article_markdown

    with state.reading(force_pager=pager) as console:
        for number, article in enumerate(articles):
            if number:
                console.print(Rule(style="dim"))
            console.print(article_header(article, _converted(article.title, article, to)))
            console.print()
            console.print(article_markdown(converted_body(article)))
