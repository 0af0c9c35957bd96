"""rich rendering of `timeline` and `entities` for a terminal."""

from __future__ import annotations

from itertools import groupby
from typing import Sequence

from rich.console import Console, Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from feudcli.render import visible

RELATIVE_MARK = "~"


def _id_width(width: int) -> int:
    """A blog's ids are paths (hugo-blog/content/posts/2023/2023-01): folded
    onto more lines, whole, in a quarter of the width, so that what is
    said of them keeps the rest."""
    return max(12, width // 4)


def _event_table(width: int) -> Table:
    table = Table(show_header=False, show_edge=False, box=None, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column("date", no_wrap=True, style="green")
    table.add_column("id", overflow="fold", max_width=_id_width(width), style="cyan")
    table.add_column("statement", overflow="fold", ratio=1)
    return table


def render_timeline(console: Console, events: Sequence[dict], articles: int) -> None:
    """Events (records with date, id, text, entities, relative), a section
    per year; one date is shown once for all the statements it dates."""
    if not events:
        console.print(Text("no dated statements", style="dim"))
        return
    any_relative = False
    for year, in_year in groupby(events, key=lambda event: event["date"][:4]):
        console.print(Rule(Text(year, style="bold"), align="left", style="dim"))
        table = _event_table(console.width)
        previous = None
        for event in in_year:
            date = event["date"]
            mark = RELATIVE_MARK if event["relative"] else " "
            any_relative = any_relative or event["relative"]
            shown = Text(f"{date:<10} ", style="green") if date != previous else Text(" " * 11)
            shown.append(mark, style="yellow")
            statement = Text(visible(event["text"]))
            if event["entities"]:
                statement.append("\n" + " · ".join(event["entities"]), style="dim")
            table.add_row(shown, Text(event["id"], style="cyan"), statement)
            previous = date
        console.print(table)
    notes = [f"{len(events)} dated statement{'s' if len(events) != 1 else ''} "
             f"from {articles} article{'s' if articles != 1 else ''}"]
    if any_relative:
        notes.append(f"{RELATIVE_MARK} resolved from a relative phrase (去年, 当天, 2月10日 …) and the article's date")
    console.print(Group(*(Text(note, style="dim") for note in notes)))


def render_entities(console: Console, counts: Sequence[dict]) -> None:
    """Per article: its entities, most mentioned first."""
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("id", overflow="fold", max_width=_id_width(console.width), style="cyan")
    table.add_column("entity", overflow="fold")
    table.add_column("kind", style="dim", no_wrap=True)
    table.add_column("mentions", justify="right", no_wrap=True)
    table.add_column("spellings", overflow="fold", style="dim")
    table.add_column("source", style="dim", no_wrap=True)
    for article_id, rows in groupby(counts, key=lambda count: count["id"]):
        for number, row in enumerate(rows):
            table.add_row(Text(visible(article_id) if number == 0 else ""), Text(visible(row["entity"])),
                          Text(visible(row["kind"])), str(row["mentions"]),
                          Text(visible(", ".join(row["spellings"]))), row.get("source", ""))
        table.rows[-1].end_section = True
    console.print(table)


def render_entity_totals(console: Console, totals: Sequence[dict]) -> None:
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("entity", overflow="fold")
    table.add_column("kind", style="dim", no_wrap=True)
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("mentions", justify="right", no_wrap=True)
    table.add_column("source", style="dim", no_wrap=True)
    for row in totals:
        table.add_row(Text(visible(row["entity"])), Text(visible(row["kind"])),
                      str(row["articles"]), str(row["mentions"]), row.get("source", ""))
    console.print(table)
