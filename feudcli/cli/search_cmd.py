"""`feudcli search QUERY...`"""

import contextlib
import os
import signal
import sys
import threading
from typing import List, Optional

import typer

from feudcli.cli import app
from feudcli.cli.options import (
    Bucket, FormatOpt, HeaderOpt, LangOpt, ScriptOpt, SinceOpt, TagOpt, ToOpt, UntilOpt, Where, article_filter,
    value,
)
from feudcli.cli.aliases_opt import AliasesOpt, NoAliasesOpt
from feudcli.cli.query_args import QueryCommand
from feudcli.cli.state import EXIT_NOTHING_FOUND, fail, get_state

SEARCH_FIELDS = ("id", "path", "title", "date", "script", "score", "matches", "snippets", "title_highlights")
TSV_FIELDS = ("id", "score", "matches", "title", "snippet")
CSV_FIELDS = ("id", "path", "title", "date", "script", "score", "matches", "snippet")
REGEX_TIMEOUT_ENV = "FEUDCLI_REGEX_TIMEOUT"
# Hits a person reads on a terminal by default; pipes get them all, as grep.
TERMINAL_LIMIT = 20
DEFAULT_REGEX_TIMEOUT = 10.0


class SearchTimeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """Interrupt a runaway regular expression (Python's re checks signals
    while it backtracks). Only possible on the main thread with SIGALRM."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def expire(signum, frame):
        raise SearchTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Below a millisecond setitimer rounds to zero, which switches the timer off.
MIN_REGEX_TIMEOUT, MAX_REGEX_TIMEOUT = 0.001, 86400.0


def _regex_timeout() -> float:
    """The limit from the environment; a value that would switch it off or
    cannot be set (0, negative, nan, 1e300, not a number) is an error."""
    raw = os.environ.get(REGEX_TIMEOUT_ENV, "")
    if not raw.strip():
        return DEFAULT_REGEX_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = float("nan")
    if not MIN_REGEX_TIMEOUT <= seconds <= MAX_REGEX_TIMEOUT:  # nan fails both
        raise fail(f"{REGEX_TIMEOUT_ENV}={raw!r} is not a usable time limit: give seconds from "
                   f"{MIN_REGEX_TIMEOUT:g} to {MAX_REGEX_TIMEOUT:g} (default {DEFAULT_REGEX_TIMEOUT:g}); "
                   "a regular expression is never run without one")
    return seconds


@app.command("search", cls=QueryCommand)
def search_command(
    ctx: typer.Context,
    terms: Optional[List[str]] = typer.Argument(
        None, metavar="QUERY...",
        help='Terms (all must match), A OR B, -term or NOT term to exclude, "a phrase".'),
    regex: Optional[str] = typer.Option(None, "--regex", "-e", metavar="PATTERN",
                                        help="A Python regular expression run on the folded text."),
    where: Where = typer.Option("all", "--in", help="Where terms must match."),
    ids_only: bool = typer.Option(False, "--ids-only", "-l", help="Only the ids, one per line (every hit)."),
    by: Optional[Bucket] = typer.Option(
        None, "--by", help="Instead of hits, how many matching articles per month, year, script, lang or tag."),
    count: bool = typer.Option(False, "--count", "-c", help="id<TAB>matches per article (every hit)."),
    limit: Optional[int] = typer.Option(
        None, "--limit", "-n", min=0,
        help=f"At most N hits (0 = all). Default: {TERMINAL_LIMIT} in a table on a terminal; "
             "every hit with -l, -c, a pipe or --format."),
    snippets: int = typer.Option(3, "--snippets", min=0, help="Snippets per hit on a terminal."),
    context: int = typer.Option(30, "--context", min=0, help="Characters of context each side."),
    fmt: FormatOpt = None,
    header: HeaderOpt = False,
    script: ScriptOpt = None,
    lang: LangOpt = None,
    tag: TagOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    to: ToOpt = None,
    no_aliases: NoAliasesOpt = False,
    aliases: AliasesOpt = None,
) -> None:
    """Search the corpus, script-blind; best matches first (exit 1 if none)."""
    from feudcli.search.query import parse_query

    state = get_state(ctx)
    fmt, to, where = value(fmt), value(to), value(where)
    by = value(by)
    if sum(map(bool, (ids_only, count, by))) > 1:
        raise fail("-l, -c and --by each print something else; give one of them")
    if (ids_only or count) and fmt is not None:
        raise fail(f"{'-l' if ids_only else '-c'} has its own output; drop --format {fmt}")
    selection = article_filter(script, lang, tag, since, until)
    query = parse_query(terms or [], regex=regex, expand=None if no_aliases else _expander(state, aliases))

    from feudcli.cli.emit import resolve_format

    chosen = "ids" if ids_only else "count" if count else resolve_format(fmt, state.stdout_is_terminal)
    if by:
        limit = 0  # a histogram counts every matching article
    elif limit is None:
        limit = TERMINAL_LIMIT if chosen == "table" else 0

    timeout = _regex_timeout() if regex else 0
    corpus = state.corpus()
    try:
        with time_limit(timeout):
            found = corpus.search(query, selection=selection, where=where, limit=limit, details=False)
        state.print_notes()
    except SearchTimeout:
        raise fail(f"the regular expression {regex!r} took longer than {timeout:g} s "
                   f"(catastrophic backtracking?); simplify it or set {REGEX_TIMEOUT_ENV}") from None
    hits, total = found.hits, found.total
    if not hits:
        if state.stdout_is_terminal:
            # grep says nothing; a person at a terminal is told what was looked for.
            from feudcli.text.safe import one_line

            sys.stderr.write(f"feudcli: no articles match {one_line(query.describe())}\n")
        raise typer.Exit(EXIT_NOTHING_FOUND)

    from feudcli.cli.emit import cell, stdout

    out = stdout()
    if by:
        _histogram(state, corpus, found, by, fmt, header)
        return
    if chosen == "ids":
        # One record a line, as tsv: a tab or line break in an id is a space.
        out.writelines(f"{cell(hit.id)}\n" for hit in hits)
        return
    corpus.count(hits, query, where)
    if chosen == "count":
        out.writelines(f"{cell(hit.id)}\t{hit.matches}\n" for hit in hits)
        return
    corpus.attach(hits)

    convert = _converter_for(to)
    wanted = snippets if chosen == "table" else max(snippets, 1)
    records = [_hit_record(hit, query, wanted, context, convert) for hit in hits]
    if chosen == "table":
        from feudcli.render.search import render_hits

        render_hits(state.console(), records, query_text=query.describe(), total=total)
        return
    from feudcli.cli.emit import write_records

    if chosen in ("json", "jsonl"):
        write_records(out, records, SEARCH_FIELDS, chosen)
        return
    for record in records:
        record["snippet"] = record["snippets"][0]["text"] if record["snippets"] else ""
    write_records(out, records, TSV_FIELDS if chosen == "tsv" else CSV_FIELDS, chosen, header=header)


def _expander(state, aliases):
    # Entity aliases and regional words: 奥尔特曼 also finds 奧特曼 and Altman.
    from feudcli.cli.aliases_opt import alias_table, query_expander

    return query_expander(alias_table(state, aliases))


def _converter_for(target: str | None):
    if not target:
        return None
    from feudcli.convert.opencc import config_for, converter

    def convert_for(article):
        name = config_for(article.script, target, article.lang)
        return converter(name) if name else None

    return convert_for


def _hit_record(hit, query, snippet_count: int, context: int, convert_for) -> dict:
    from feudcli.search.query import varieties
    from feudcli.search.snippets import highlighted, make_snippets

    article = hit.article
    convert = convert_for(article) if convert_for else None
    found_in = varieties(article.script, article.lang)
    found = make_snippets(article.body, query, snippet_count, context, convert, found_in) if snippet_count else []
    title = highlighted(article.title, query, convert, found_in)
    if not found and hit.title_matches and snippet_count:
        found = [title]
    record = article.record()
    record.update(
        title=title.text,
        score=hit.score,
        matches=hit.matches,
        snippets=[snippet.record() for snippet in found],
        title_highlights=[list(span) for span in title.highlights],
    )
    return record


def _histogram(state, corpus, found, by: str, fmt: str | None, header: bool) -> None:
    """Matching articles per bucket: a bar chart on a terminal, records
    (bucket, articles) in a pipe."""
    from feudcli.cli.emit import resolve_format, write_records
    from feudcli.extract.overview import buckets

    corpus.attach(found.hits)
    counted = buckets([hit.article for hit in found.hits], by)
    chosen = resolve_format(fmt, state.stdout_is_terminal)
    if chosen == "table":
        from feudcli.render.charts import bars

        console = state.console()
        title = f"{found.total} article{'s' if found.total != 1 else ''} match {found.query.describe()}, by {by}"
        bars(console, title, counted, label_width=10)
        return
    from feudcli.cli.emit import stdout

    write_records(stdout(), [{"bucket": key, "articles": number} for key, number in counted],
                  ("bucket", "articles"), chosen, header=header)
