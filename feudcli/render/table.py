"""A table of records that fits the terminal and streams: one line per
record (more only where a long URL is wrapped), drawn as it goes.

rich's Table measures every cell of every row before it prints the first,
which took 6 s for 5,000 articles; this measures the values once, decides
the columns, then writes row after row. When the terminal is narrow it
gives up columns in the order asked (the least useful first), shortens
dates to the day, and only then narrows the one flexible column (the
title) — never below a readable width — ending what no longer fits with …
"""

from __future__ import annotations

import re
from typing import Sequence

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from feudcli.render import visible

GAP = 2
MIN_FLEX = 12  # a title narrower than this says nothing
_BREAKS = re.compile(r"(?<=[/?&#=._-])")  # where a URL may wrap: after its separators


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(item) for item in value)
    return visible(str(value)).replace("\n", " ").replace("\t", " ")


def _wrap(text: str, width: int) -> list[str]:
    """text in lines of at most width cells, broken after a URL's
    separators where it can be, else anywhere."""
    lines, line = [], ""
    for piece in _BREAKS.split(text):
        while cell_len(piece) > width:  # a piece longer than the column
            room = width - cell_len(line)
            if room <= 0:
                lines.append(line)
                line, room = "", width
            head = set_cell_size(piece, room).rstrip()
            lines.append(line + head)
            line, piece = "", piece[len(head):]
        if cell_len(line + piece) > width:
            lines.append(line)
            line = ""
        line += piece
    if line or not lines:
        lines.append(line)
    return lines


def print_table(console: Console, records: Sequence[dict], fields: Sequence[str], *, styles: dict | None = None,
                numeric: Sequence[str] = (), flex: str = "title", drop: Sequence[str] = (),
                dates: Sequence[str] = ("date",), wrap: Sequence[str] = ()) -> None:
    """records as a table fitted to console.width (see the module docstring);
    columns in `wrap` (URLs) are wrapped over several lines instead of cut."""
    styles = styles or {}
    fields = list(fields)
    cells = {name: [_cell(record.get(name)) for record in records] for name in fields}

    def natural(name: str) -> int:
        return max([cell_len(name)] + [cell_len(value) for value in cells[name]])

    widths = {name: natural(name) for name in fields}

    def total() -> int:
        return sum(widths[name] for name in fields) + GAP * (len(fields) - 1)

    available = console.width
    for name in drop:
        if total() <= available:
            break
        if name in fields and name != flex:
            fields.remove(name)
    if total() > available:
        for name in dates:
            if name in fields:
                cells[name] = [value[:10] for value in cells[name]]
                widths[name] = natural(name)
    for name in wrap:
        if total() > available and name in fields:
            widths[name] = max(cell_len(name), min(widths[name], 24))
    if flex in fields and total() > available:
        widths[flex] = max(min(MIN_FLEX, widths[flex]), widths[flex] - (total() - available))
    for name in wrap:  # what is left for the wrapped columns, but never a sliver
        if total() > available and name in fields:
            widths[name] = max(8, widths[name] - (total() - available))

    header = Text()
    for number, name in enumerate(fields):
        header.append(_pad(name, widths[name], name in numeric) + (" " * GAP if number < len(fields) - 1 else ""),
                      style="bold")
    console.print(header, overflow="crop", no_wrap=True)
    for row in range(len(records)):
        columns = {}
        for name in fields:
            value = cells[name][row]
            if name in wrap and cell_len(value) > widths[name]:
                columns[name] = _wrap(value, widths[name])
            else:
                columns[name] = [_fit(value, widths[name])]
        for line in range(max(len(parts) for parts in columns.values())):
            text = Text()
            for number, name in enumerate(fields):
                parts = columns[name]
                value = parts[line] if line < len(parts) else ""
                text.append(_pad(value, widths[name], name in numeric), style=styles.get(name, ""))
                if number < len(fields) - 1:
                    text.append(" " * GAP)
            console.print(text, overflow="crop", no_wrap=True)


def _fit(value: str, width: int) -> str:
    if cell_len(value) <= width:
        return value
    return set_cell_size(value, max(0, width - 1)) + "…"


def _pad(value: str, width: int, right: bool) -> str:
    room = width - cell_len(value)
    return (" " * room + value) if right else (value + " " * room)
