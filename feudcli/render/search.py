"""rich rendering of search hits: one block per hit, matches highlighted."""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.text import Text

from feudcli.render import visible

HIGHLIGHT = "bold black on yellow"


def hit_block(rank: int, record: dict):
    header = Text()
    header.append(f"{rank:>2}. ", style="bold")
    header.append(visible(record["id"]), style="cyan")
    header.append(f"  {record['date'] or 'undated'}", style="green" if record["date"] else "dim")
    header.append(f"  {record['matches']} match{'es' if record['matches'] != 1 else ''}", style="magenta")
    header.append(f"  score {record['score']:.4g}", style="dim")
    title = Text(visible(record["title"]), style="bold")
    for start, end in record.get("title_highlights") or ():
        title.stylize(HIGHLIGHT, start, end)
    lines = [header, Padding(title, (0, 0, 0, 4))]
    for snippet in record["snippets"]:
        line = Text(visible(snippet["text"]))
        for start, end in snippet["highlights"]:
            line.stylize(HIGHLIGHT, start, end)
        lines.append(Padding(line, (0, 0, 0, 4)))
    return Group(*lines)


def render_hits(console, records: list[dict], query_text: str, total: int) -> None:
    """The hits, after a line saying how many match and how the query was
    read (so a surprise, such as an alias, is visible); a last line says
    when the limit hid some."""
    shown = len(records)
    summary = f"{total} article{'s' if total != 1 else ''} match {query_text!s}"
    console.print(Text(visible(summary), style="dim"))
    for rank, record in enumerate(records, 1):
        console.print()
        console.print(hit_block(rank, record))
    if shown < total:
        console.print()
        console.print(Text(f"showing {shown} of {total} (--limit 0 for all)", style="dim"))
