"""`feudcli search QUERY...`"""

import sys
import time
from typing import List, Optional

import typer

from feudcli.cli import helptext
from feudcli.cli.application import app
from feudcli.cli.options import (
    Bucket, FormatOpt, HeaderOpt, LangOpt, ScriptOpt, SinceOpt, TagOpt, ToOpt, UntilOpt, Where, article_filter,
    value,
)
from feudcli.cli.aliases_opt import AliasesOpt, NoAliasesOpt
from feudcli.cli.query_args import QueryCommand
from feudcli.cli import search_lines
from feudcli.cli.state import EXIT_NOTHING_FOUND, fail, get_state
from feudcli.search.timelimit import REGEX_TIMEOUT_ENV, SearchTimeout, regex_timeout, time_limit

SEARCH_FIELDS = ("id", "path", "title", "date", "script", "score", "matches", "snippets", "title_highlights")
TSV_FIELDS = ("id", "score", "matches", "title", "snippet")
CSV_FIELDS = ("id", "path", "title", "date", "script", "score", "matches", "snippet")
# Hits a person reads on a terminal by default; pipes get them all, as grep.
TERMINAL_LIMIT = 20


@app.command("search", cls=QueryCommand, epilog=helptext.SEARCH)
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
    vimgrep: bool = typer.Option(
        False, "--vimgrep", help="One line per match, path:line:column:text (for vim -q, fzf, editors)."),
    line_number: bool = typer.Option(
        False, "--line-number",
        help="Matching lines of the files, path:line:column:text (-n is --limit here)."),
    after: Optional[int] = typer.Option(None, "--after-context", "-A", min=0, metavar="N",
                                        help="Matching lines with N lines after each."),
    before: Optional[int] = typer.Option(None, "--before-context", "-B", min=0, metavar="N",
                                         help="Matching lines with N lines before each."),
    around: Optional[int] = typer.Option(None, "--context-lines", "-C", min=0, metavar="N",
                                         help="Matching lines with N lines before and after each."),
    globs: Optional[List[str]] = typer.Option(
        None, "--glob", "-g", metavar="GLOB",
        help="Only files whose path in the corpus matches (repeatable; !GLOB excludes; the last that matches wins)."),
    files: bool = typer.Option(False, "--files", help="List the files a search would read (filters and -g applied)."),
    stats: bool = typer.Option(False, "--stats", help="Articles searched and matched, matches, time, on stderr."),
    count_matches: bool = typer.Option(
        False, "--count-matches", help="id<TAB>matches per article: the same as -c (ripgrep's name)."),
    case_sensitive: bool = typer.Option(False, "--case-sensitive", "-s",
                                        help="Latin letters match their case (each spelling as written)."),
    smart_case: bool = typer.Option(False, "--smart-case", "-S",
                                    help="A term with an uppercase letter matches its case; others do not."),
) -> None:
    """Search the corpus, script-blind; best matches first (exit 1 if none)."""
    from feudcli.search.query import parse_query

    started = time.perf_counter()
    state = get_state(ctx)
    fmt, to, where = value(fmt), value(to), value(where)
    by = value(by)
    count = count or count_matches
    lines_mode = vimgrep or line_number or any(n is not None for n in (after, before, around))
    count_flag = "-c" if not count_matches else "--count-matches"
    _check_modes(ids_only=ids_only, count=count, count_flag=count_flag, by=by, fmt=fmt, vimgrep=vimgrep,
                 lines_mode=lines_mode, context_given=any(n is not None for n in (after, before, around)),
                 files=files, terms=terms, regex=regex, to=to, stats=stats,
                 case=case_sensitive and smart_case)
    selection = article_filter(script, lang, tag, since, until)
    chosen_globs = search_lines.globs(globs)
    if files:
        search_lines.list_files(state, selection, chosen_globs)
        return
    query = parse_query(terms or [], regex=regex, expand=None if no_aliases else _expander(state, aliases))
    from feudcli.search.case import CaseRule

    case = CaseRule.of(query, "sensitive" if case_sensitive else "smart" if smart_case else "insensitive")

    from feudcli.cli.emit import resolve_format

    chosen = ("ids" if ids_only else "count" if count else "lines" if lines_mode
              else resolve_format(fmt, state.stdout_is_terminal))
    if by:
        limit = 0  # a histogram counts every matching article
    elif limit is None:
        limit = TERMINAL_LIMIT if chosen == "table" else 0

    timeout = regex_timeout() if regex else 0
    corpus = state.corpus()
    # Globs and case are decided after the index: it returns every candidate.
    filtered = bool(chosen_globs) or case is not None
    try:
        with time_limit(timeout):
            found = corpus.search(case.index_query(query) if case else query, selection=selection, where=where,
                                  limit=0 if filtered or stats else limit, details=False)
        state.print_notes()
    except SearchTimeout:
        raise SearchTimeout(f"the regular expression {regex!r} took longer than {timeout:g} s (catastrophic "
                            f"backtracking?); simplify it or set {REGEX_TIMEOUT_ENV}") from None
    from feudcli.search.engine import SearchResult

    every = found.hits
    files_read: dict = {}
    if chosen_globs:
        corpus.attach(every)
        every = [hit for hit in every if hit.article is not None and chosen_globs.allows(hit.article.path)]
    if case is not None:
        every = search_lines.case_filtered(corpus, every, query, case, where, files_read)
    total = len(every) if filtered else found.total
    hits = every[:limit] if limit else every
    found = SearchResult(query, hits, total)
    if stats:
        stats_line = search_lines.stats(state, corpus, selection, chosen_globs, every, query, where, started)
    if not hits:
        if stats:
            sys.stderr.write(stats_line)
        if state.stdout_is_terminal:
            # grep says nothing; a person at a terminal is told what was looked for.
            from feudcli.text.safe import one_line

            sys.stderr.write(f"feudcli: no articles match {one_line(query.describe())}\n")
        raise typer.Exit(EXIT_NOTHING_FOUND)
    try:
        _print_hits(state, corpus, found, chosen, by=by, fmt=fmt, header=header, where=where, case=case,
                    snippets=snippets, context=context, to=to, vimgrep=vimgrep,
                    numbers=line_number or vimgrep, files_read=files_read,
                    before=before if before is not None else around or 0,
                    after=after if after is not None else around or 0)
    finally:
        if stats:
            sys.stdout.flush()
            sys.stderr.write(stats_line)


def _print_hits(state, corpus, found, chosen: str, *, by, fmt, header, where, case, snippets, context, to,
                vimgrep, numbers, files_read, before, after) -> None:
    from feudcli.cli.emit import cell, stdout

    hits, query, total = found.hits, found.query, found.total
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
    if chosen == "lines":
        search_lines.print_lines(out, corpus, hits, query, where, case, files_read, vimgrep=vimgrep, numbers=numbers,
                     before=before, after=after)
        return

    convert = _converter_for(to)
    wanted = snippets if chosen == "table" else max(snippets, 1)
    records = [_hit_record(hit, query, wanted, context, convert, case) for hit in hits]
    for record in records:  # tsv and csv carry the first snippet as text
        record["snippet"] = record["snippets"][0]["text"] if record["snippets"] else ""
    from feudcli.cli.emit import emit
    from feudcli.render.search import render_hits

    emit(state, records, TSV_FIELDS, fmt, header=header, json_fields=SEARCH_FIELDS, csv_fields=CSV_FIELDS,
         table=lambda console, records: render_hits(console, records, query_text=query.describe(), total=total))


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


def _hit_record(hit, query, snippet_count: int, context: int, convert_for, case=None) -> dict:
    from feudcli.search.query import varieties
    from feudcli.search.snippets import highlighted, make_snippets

    article = hit.article
    convert = convert_for(article) if convert_for else None
    found_in = varieties(article.script, article.lang)
    found = make_snippets(article.body, query, snippet_count, context, convert, found_in, case=case) \
        if snippet_count else []
    title = highlighted(article.title, query, convert, found_in, case=case)
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
    from feudcli.cli.emit import emit
    from feudcli.extract.overview import buckets
    from feudcli.render.charts import bars

    corpus.attach(found.hits)
    counted = buckets([hit.article for hit in found.hits], by)
    title = f"{found.total} article{'s' if found.total != 1 else ''} match {found.query.describe()}, by {by}"
    emit(state, [{"bucket": key, "articles": number} for key, number in counted], ("bucket", "articles"), fmt,
         header=header, table=lambda console, _: bars(console, title, counted, label_width=10))


def _check_modes(*, ids_only, count, count_flag, by, fmt, vimgrep, lines_mode, context_given, files, terms, regex,
                 to, stats, case) -> None:
    """Options that each print something else, or contradict each other,
    are refused with what to drop."""
    if case:
        raise fail("-s matches every term's case and -S only that of terms with an uppercase letter; give one")
    if files:
        if terms or regex:
            raise fail("--files lists the files a search reads, before any term; drop the query "
                       "(or use -l for the articles that match)")
        others = [name for name, given in (("-l", ids_only), (count_flag, count), ("--by", by), ("--stats", stats),
                                           ("--format", fmt), ("line output", lines_mode)) if given]
        if others:
            raise fail(f"--files prints only paths; drop {others[0]}")
        return
    if sum(map(bool, (ids_only, count, by, lines_mode))) > 1:
        given = [name for name, flag in (("-l", ids_only), (count_flag, count), ("--by", by),
                                         ("--vimgrep/--line-number/-A/-B/-C", lines_mode)) if flag]
        raise fail(f"{' and '.join(given)} each print something else; give one of them")
    if (ids_only or count) and fmt is not None:
        raise fail(f"{'-l' if ids_only else count_flag} has its own output; drop --format {fmt}")
    if lines_mode and fmt is not None:
        raise fail(f"line output (--vimgrep, --line-number, -A/-B/-C) is path:line:column:text; drop --format {fmt}")
    if lines_mode and to:
        raise fail("line output shows the file's own lines, where an editor jumps; drop --to")
    if vimgrep and context_given:
        raise fail("--vimgrep prints one line per match, without context; drop -A/-B/-C "
                   "(or use --line-number with them)")
