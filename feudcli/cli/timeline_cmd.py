"""`feudcli entities [ID...]` and `feudcli timeline [ID...]`."""

import sys
from typing import List, Optional

import typer

from feudcli.cli import app
from feudcli.cli.aliases_opt import AliasesOpt, alias_table
from feudcli.cli.options import FormatOpt, HeaderOpt, ToOpt, value
from feudcli.cli.state import fail, get_state

ENTITY_FIELDS = ("id", "entity", "kind", "mentions", "spellings")
TOTAL_FIELDS = ("entity", "kind", "articles", "mentions")
EVENT_FIELDS = ("date", "precision", "id", "text", "entities", "relative", "note", "context")
# In tsv the sentence goes last, so `cut -f1-5` keeps the short columns.
EVENT_TSV_FIELDS = ("date", "precision", "id", "relative", "entities", "text")

IdsArg = typer.Argument(None, metavar="[ID...]", help="Only these articles (a unique prefix or suffix will do).")


def _articles(state, ids: Optional[List[str]]):
    corpus = state.corpus()
    if not ids:
        return list(corpus.articles)
    from feudcli.corpus import CorpusError

    chosen = []
    try:
        for query in ids:
            article = corpus.resolve(query)
            if article not in chosen:
                chosen.append(article)
    except CorpusError as error:
        raise fail(str(error)) from None
    return chosen


def _with_progress(state, items: list, label: str):
    """items, one by one, with a progress bar on stderr when it is a
    terminal and the corpus is large (render.progress_reporter decides)."""
    if not sys.stderr.isatty():
        yield from items
        return
    from feudcli.render import progress_reporter

    with progress_reporter(state.color, label) as report:
        for done, item in enumerate(items, 1):
            yield item
            if done % 50 == 0 or done == len(items):
                report(done, len(items))


def _derived(state, kind: str, table, articles: list, compute, label: str, version: str) -> list:
    """compute(article) for each article, kept in the corpus's index under
    the alias table and the extractor's version it was computed with."""
    from feudcli import __version__

    stamp = "/".join((kind, __version__, version, table.fingerprint()))
    return state.corpus().derive(kind, stamp, articles, compute,
                                 each=lambda items: _with_progress(state, items, label))


def note(message: str) -> None:
    sys.stderr.write(f"feudcli: note: {message}\n")


@app.command("entities")
def entities_command(
    ctx: typer.Context,
    ids: Optional[List[str]] = IdsArg,
    total: bool = typer.Option(False, "--total", help="One row per entity over the articles: in how many, how often."),
    kind: Optional[str] = typer.Option(None, "--kind", metavar="KIND",
                                       help="Only entities of this kind (person, company, product, …)."),
    fmt: FormatOpt = None,
    header: HeaderOpt = False,
    aliases: AliasesOpt = None,
) -> None:
    """Which known entities each article mentions, and how often."""
    from feudcli.entities import EntityCount, count_entities, totals

    state = get_state(ctx)
    fmt = value(fmt)
    articles = _articles(state, ids)
    table = alias_table(state, aliases)
    if kind is not None:
        # The kinds are the alias tables' own (a corpus may add its own), so
        # they are checked here rather than by Click.
        known = sorted({entity.kind.casefold() for entity in table.entities if entity.kind})
        if kind.casefold() not in known:
            raise fail(f"--kind {kind!r} is not a kind of entity in the alias tables; "
                       f"choose from {', '.join(known)}")
    per_article = _derived(state, "entities", table, articles,
                           lambda article: [count.record() for count in count_entities(article, table)],
                           "counting entities", "1")
    counts = []
    for article, found in zip(articles, per_article):
        for record in found:
            count = EntityCount(**record)
            count.id = article.id  # ids are kept with the path, which may have been renamed since
            if kind is None or count.kind.casefold() == kind.casefold():
                counts.append(count)
    if total:
        records = [entry.record() for entry in totals(counts)]
        fields = TOTAL_FIELDS
    else:
        records = [count.record() for count in counts]
        fields = ENTITY_FIELDS
    from feudcli.output import resolve_format, write_records

    chosen = resolve_format(fmt, state.stdout_is_terminal)
    if chosen == "table":
        from feudcli.render.timeline import render_entities, render_entity_totals

        if not records:
            note("no known entities mentioned; add some with an aliases file (see README, Aliases)")
            return
        (render_entity_totals if total else render_entities)(state.console(), records)
        return
    write_records(sys.stdout, records, fields, chosen, header=header)


def _entity_filter(table, names: List[str]):
    """A test on an event for each --entity NAME (all must pass): the entity
    the name spells, else the name (and its regional forms) in the text."""
    from feudcli.aliases import Spelling
    from feudcli.script import fold

    tests = []
    for name in names:
        entity = table.entity(name)
        if entity is not None:
            tests.append(lambda event, wanted=entity.name: wanted in event.entities)
            continue
        expansion = table.expand(name)
        spellings = expansion.spellings if expansion else (Spelling.of(name),)
        note(f"{name} is not a known entity; looking for it in the text"
             + (f": {expansion.describe()}" if expansion else ""))
        patterns = [spelling.regex() for spelling in spellings]
        tests.append(lambda event, found=patterns: any(p.search(fold(event.text)) for p in found))
    return lambda event: all(test(event) for test in tests)


@app.command("timeline")
def timeline_command(
    ctx: typer.Context,
    ids: Optional[List[str]] = IdsArg,
    entity: Optional[List[str]] = typer.Option(
        None, "--entity", "-E", metavar="NAME",
        help="Only statements mentioning this entity, by any of its spellings (repeat: all of them)."),
    since: Optional[str] = typer.Option(
        None, "--since", metavar="DATE", help="Only statements dated on or after DATE (YYYY[-MM[-DD]]); "
                                              "a statement dated 2024 is in --since 2024-06."),
    until: Optional[str] = typer.Option(
        None, "--until", metavar="DATE", help="Only statements dated on or before DATE (YYYY[-MM[-DD]])."),
    to: ToOpt = None,
    fmt: FormatOpt = None,
    header: HeaderOpt = False,
    verbose: bool = typer.Option(False, "--verbose", "-v",
                                 help="Say on stderr which dates were left out (undated articles) and why."),
    aliases: AliasesOpt = None,
) -> None:
    """A merged chronology: dated statements from every article, by date."""
    from feudcli.filters import FilterError, check_partial_date
    from dataclasses import asdict

    from feudcli.timeline import ArticleTimeline, Event, article_timeline, merge, overlaps

    state = get_state(ctx)
    fmt, to = value(fmt), value(to)
    try:
        since = check_partial_date(since, "--since")
        until = check_partial_date(until, "--until")
    except FilterError as error:
        raise fail(str(error)) from None
    articles = _articles(state, ids)
    table = alias_table(state, aliases)
    wanted = _entity_filter(table, entity) if entity else None

    def extract(article):
        found = article_timeline(article, table)
        return [asdict(event) for event in found.events], found.left_out

    timelines = []
    from feudcli.timeline import EXTRACTOR_VERSION

    for article, (stored, left_out) in zip(articles, _derived(state, "timeline", table, articles, extract,
                                                                "reading dates", EXTRACTOR_VERSION)):
        events = [Event(**fields) for fields in stored]
        for event in events:
            event.id = article.id
        timelines.append(ArticleTimeline(article, events, left_out))
    if verbose:
        for timeline in timelines:
            _report_left_out(timeline)
    events = [event for event in merge(timelines)
              if overlaps(event.date, since, until) and (wanted is None or wanted(event))]

    by_id = {article.id: article for article in articles}
    records = []
    for event in events:
        record = event.record()
        if to:
            from feudcli.conversion import convert_text

            article = by_id[event.id]
            record["text"] = convert_text(record["text"], article.script, to, article.lang)
        records.append(record)
    if verbose:
        note(f"{len(records)} dated statement(s) from {len({r['id'] for r in records})} article(s)")

    from feudcli.output import resolve_format, write_records

    chosen = resolve_format(fmt, state.stdout_is_terminal)
    if chosen == "table":
        from feudcli.render.timeline import render_timeline

        render_timeline(state.console(), records, len({record["id"] for record in records}))
        return
    write_records(sys.stdout, records, EVENT_TSV_FIELDS if chosen == "tsv" else EVENT_FIELDS,
                  chosen, header=header)


def _report_left_out(timeline) -> None:
    left = timeline.left_out
    if not left:
        return
    shown = ", ".join(dict.fromkeys(left))
    why = ("it has no date" if not timeline.article.date
           else "nothing before them says which day or year")
    note(f"{timeline.article.id}: {len(left)} date(s) left out because {why}: {shown}")
