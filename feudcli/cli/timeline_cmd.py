"""`feudcli entities [ID...]` and `feudcli timeline [ID...]`."""

import sys
from typing import List, Optional

import typer

from feudcli.cli import helptext
from feudcli.cli.application import app
from feudcli.cli.aliases_opt import AliasesOpt, alias_table
from feudcli.cli.completion import complete_entities, complete_ids
from feudcli.cli.options import EntitySource, FormatOpt, HeaderOpt, LimitOpt, ToOpt, value
from feudcli.cli.state import fail, get_state

ENTITY_FIELDS = ("id", "entity", "kind", "mentions", "spellings")
PAIR_FIELDS = ("entity", "other", "articles")
TOTAL_FIELDS = ("entity", "kind", "articles", "mentions")
# json and jsonl say where each entity comes from; tsv and csv keep their columns.
ENTITY_JSON_FIELDS = ENTITY_FIELDS + ("source",)
TOTAL_JSON_FIELDS = TOTAL_FIELDS + ("source",)
EVENT_FIELDS = ("date", "precision", "id", "text", "entities", "relative", "note", "context")
# In tsv the sentence goes last, so `cut -f1-5` keeps the short columns.
EVENT_TSV_FIELDS = ("date", "precision", "id", "relative", "entities", "text")

IdsArg = typer.Argument(None, metavar="[ID...]", autocompletion=complete_ids,
                        help="Only these articles (a unique prefix or suffix will do).")


def _articles(state, ids: Optional[List[str]]):
    corpus = state.corpus()
    if not ids:
        return list(corpus.articles)
    chosen = []
    for query in ids:
        article = corpus.resolve(query)
        if article not in chosen:
            chosen.append(article)
    return chosen


def _derived(state, kind: str, table, articles: list, compute, label: str, version: str) -> list:
    """compute(article) for each article, kept in the corpus's index under
    the alias table and the extractor's version it was computed with."""
    from feudcli import __version__

    stamp = "/".join((kind, __version__, version, table.fingerprint()))
    return state.corpus().derive(kind, stamp, articles, compute,
                                 each=lambda items: state.each(items, label))


def note(message: str) -> None:
    sys.stderr.write(f"feudcli: note: {message}\n")


@app.command("entities", epilog=helptext.ENTITIES)
def entities_command(
    ctx: typer.Context,
    ids: Optional[List[str]] = IdsArg,
    total: bool = typer.Option(False, "--total", help="One row per entity over the articles: in how many, how often."),
    chart: bool = typer.Option(False, "--chart", help="The totals as horizontal bars (mentions per entity)."),
    pairs: bool = typer.Option(False, "--pairs",
                               help="Which entities appear in the same articles, most frequent pairs first."),
    kind: Optional[str] = typer.Option(None, "--kind", metavar="KIND",
                                       help="Only entities of this kind (person, place, organization, company, …)."),
    source: Optional[EntitySource] = typer.Option(
        None, "--source", help="Only entities from table, corpus (its aliases file) or discovered."),
    discover: bool = typer.Option(True, "--discover/--no-discover",
                                  help="Also discover names no alias table knows (Chinese text; cached per article)."),
    fmt: FormatOpt = None,
    header: HeaderOpt = False,
    limit: LimitOpt = 0,
    aliases: AliasesOpt = None,
) -> None:
    """Which people, places, companies … each article mentions, and how often."""
    from feudcli.extract.discovery import DISCOVERY_VERSION, ORGANIZATION, PERSON, PLACE, Candidate, accept
    from feudcli.extract.entities import EXTRACTOR_VERSION, EntityCount, article_entities, discovered_counts, totals

    state = get_state(ctx)
    fmt = value(fmt)
    chosen_articles = _articles(state, ids)
    table = alias_table(state, aliases)
    if kind is not None:
        # The kinds are the alias tables' own (a corpus may add its own) and
        # discovery's, so they are checked here rather than by Click.
        known = sorted({entity.kind.casefold() for entity in table.entities if entity.kind}
                       | ({PERSON, PLACE, ORGANIZATION} if discover else set()))
        if kind.casefold() not in known:
            raise fail(f"--kind {kind!r} is not a kind of entity in the alias tables; "
                       f"choose from {', '.join(known)}")
    source = value(source)
    # A discovered name must pass over the whole corpus (how many sentences,
    # how many articles), whichever articles are shown.
    everything = list(state.corpus().articles) if discover else chosen_articles
    version = EXTRACTOR_VERSION + ("+" + DISCOVERY_VERSION if discover else "")
    per_article = _derived(state, "entities" if discover else "entities-table", table, everything,
                           lambda article: article_entities(article, table, discover),
                           "finding names" if discover else "counting entities", version)
    by_article = {article.path: found for article, found in zip(everything, per_article)}
    accepted = accept(([Candidate.of(record) for record in found["found"]] for found in per_article),
                      len(everything)) if discover else {}
    counts = []
    for article in chosen_articles:
        found = by_article[article.path]
        rows = [EntityCount(**record) for record in found["counts"]]
        rows += discovered_counts(article.id, found["found"], accepted)
        rows.sort(key=lambda count: (-count.mentions, count.entity.casefold()))
        for count in rows:
            count.id = article.id  # ids are kept with the path, which may have been renamed since
            if (kind is None or count.kind.casefold() == kind.casefold()) and source in (None, count.source):
                counts.append(count)
    if pairs:
        from feudcli.extract.entities import pair_counts

        records = pair_counts(counts)
    elif total or chart:
        records = [entry.record() for entry in totals(counts, {key: name.name for key, name in accepted.items()})]
    else:
        records = [count.record() for count in counts]
    if limit:
        records = records[:limit]
    from feudcli.cli.emit import emit

    def table(console, records) -> None:
        from feudcli.render.charts import bars
        from feudcli.render.timeline import render_entities, render_entity_totals

        if chart or pairs:
            shown = records[: limit or 20]
            rows = ([(f"{record['entity']} · {record['other']}", record["articles"]) for record in shown] if pairs
                    else [(record["entity"], record["mentions"]) for record in shown])
            title = "entities that appear together (articles)" if pairs else "mentions per entity"
            bars(console, title, rows, label_width=28 if pairs else 16)
        elif not records:
            note("no entities found; add some with an aliases file (see README, Aliases)")
        else:
            (render_entity_totals if total else render_entities)(console, records)

    summed = total or chart
    emit(state, records, PAIR_FIELDS if pairs else TOTAL_FIELDS if summed else ENTITY_FIELDS, fmt, header=header,
         json_fields=PAIR_FIELDS if pairs else TOTAL_JSON_FIELDS if summed else ENTITY_JSON_FIELDS, table=table)


def _entity_filter(table, names: List[str]):
    """A test on an event for each --entity NAME (all must pass): the entity
    the name spells, else the name (and its regional forms) in the text."""
    from feudcli.extract.aliases import Spelling
    from feudcli.text.script import fold

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


@app.command("timeline", epilog=helptext.TIMELINE)
def timeline_command(
    ctx: typer.Context,
    ids: Optional[List[str]] = IdsArg,
    entity: Optional[List[str]] = typer.Option(
        None, "--entity", "-E", metavar="NAME", autocompletion=complete_entities,
        help="Only statements mentioning this entity, by any of its spellings (repeat: all of them)."),
    since: Optional[str] = typer.Option(
        None, "--since", metavar="DATE", help="Only statements dated on or after DATE (YYYY[-MM[-DD]]); "
                                              "a statement dated 2024 is in --since 2024-06."),
    until: Optional[str] = typer.Option(
        None, "--until", metavar="DATE", help="Only statements dated on or before DATE (YYYY[-MM[-DD]])."),
    to: ToOpt = None,
    fmt: FormatOpt = None,
    header: HeaderOpt = False,
    limit: LimitOpt = 0,
    verbose: bool = typer.Option(False, "--verbose", "-v",
                                 help="Say on stderr which dates were left out (undated articles) and why."),
    aliases: AliasesOpt = None,
) -> None:
    """A merged chronology: dated statements from every article, by date."""
    from feudcli.search.filters import check_partial_date
    from dataclasses import asdict

    from feudcli.extract.timeline import ArticleTimeline, Event, article_timeline, merge, overlaps

    state = get_state(ctx)
    fmt, to = value(fmt), value(to)
    since = check_partial_date(since, "--since")
    until = check_partial_date(until, "--until")
    articles = _articles(state, ids)
    table = alias_table(state, aliases)
    wanted = _entity_filter(table, entity) if entity else None

    def extract(article):
        found = article_timeline(article, table)
        return [asdict(event) for event in found.events], found.left_out

    timelines = []
    from feudcli.extract.timeline import EXTRACTOR_VERSION

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
    for event in events[:limit] if limit else events:
        record = event.record()
        if to:
            from feudcli.convert.opencc import convert_text

            article = by_id[event.id]
            record["text"] = convert_text(record["text"], article.script, to, article.lang)
        records.append(record)
    if verbose:
        note(f"{len(records)} dated statement(s) from {len({r['id'] for r in records})} article(s)")

    from feudcli.cli.emit import emit
    from feudcli.render.timeline import render_timeline

    emit(state, records, EVENT_TSV_FIELDS, fmt, header=header, json_fields=EVENT_FIELDS, csv_fields=EVENT_FIELDS,
         table=lambda console, records: render_timeline(console, records, len({r["id"] for r in records})))


def _report_left_out(timeline) -> None:
    left = timeline.left_out
    if not left:
        return
    shown = ", ".join(dict.fromkeys(left))
    why = ("it has no date" if not timeline.article.date
           else "nothing before them says which day or year")
    note(f"{timeline.article.id}: {len(left)} date(s) left out because {why}: {shown}")
