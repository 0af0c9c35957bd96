"""Pictures drawn with block characters: horizontal bars, single or split
into coloured parts (one per script), and the one-screen corpus overview.

Every picture has a records form printed by the command instead; these
only draw for people on a terminal.
"""

from __future__ import annotations

from typing import Sequence

from rich.console import Console
from rich.text import Text

from feudcli.render import visible

EIGHTHS = " ▏▎▍▌▋▊▉"
SCRIPT_STYLES = {"hans": "red", "hant": "blue", "mixed": "magenta", "ja": "green", "ko": "cyan", "none": "bright_black"}
# Each script's part of a split bar also has its own pattern: it reads
# without colour (NO_COLOR, a monochrome terminal, a colour-blind reader).
SCRIPT_BLOCKS = {"hans": "█", "hant": "▓", "mixed": "▒", "ja": "░", "ko": "▞", "none": "·"}


def bar(value: float, scale: float, width: int) -> str:
    """value as a bar of block characters, `scale` being the full width."""
    if scale <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / scale * width * 8))
    return "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")


def bars(console: Console, title: str, rows: Sequence[tuple[str, int]], style: str = "cyan",
         label_width: int = 16) -> None:
    """One labelled bar per (label, count), longest first as given."""
    if not rows:
        return
    console.print(Text(title, style="bold"))
    from rich.cells import cell_len

    label_width = min(label_width, max(cell_len(visible(label)) for label, _ in rows))
    largest = max(count for _, count in rows)
    width = max(10, console.width - label_width - 12)
    for label, count in rows:
        line = Text(f"  {_fit(label, label_width)} ")
        line.append(bar(count, largest, width), style=style)
        line.append(f" {count:,}", style="dim")
        console.print(line)


def split_bars(console: Console, title: str, rows: Sequence[tuple[str, dict]], label_width: int = 8) -> None:
    """One bar per label, split into one coloured part per script, with a
    key of the colours under it."""
    if not rows:
        return
    console.print(Text(title, style="bold"))
    largest = max(sum(parts.values()) for _, parts in rows) or 1
    width = max(10, console.width - label_width - 12)
    seen = []
    for label, parts in rows:
        line = Text(f"  {_fit(label, label_width)} ")
        for script in SCRIPT_STYLES:
            if parts.get(script):
                line.append(SCRIPT_BLOCKS[script] * max(1, round(parts[script] / largest * width)),
                            style=SCRIPT_STYLES[script])
                if script not in seen:
                    seen.append(script)
        line.append(f" {sum(parts.values()):,}", style="dim")
        console.print(line)
    key = Text("  ")
    for script in seen:
        key.append(f"{SCRIPT_BLOCKS[script]} ", style=SCRIPT_STYLES[script])
        key.append(f"{script}  ", style="dim")
    console.print(key)


def _fit(label: str, width: int) -> str:
    """label in exactly `width` terminal cells (a Chinese character takes
    two), cut with … when longer."""
    from rich.cells import cell_len, set_cell_size

    label = visible(label)
    if cell_len(label) > width:
        return set_cell_size(label, width - 1) + "…"
    return set_cell_size(label, width)


def render_overview(console: Console, found, root: str, top_tags: int = 10) -> None:
    """The corpus at a glance (feudcli.extract.overview.Overview)."""
    console.print(Text(f"{found.articles:,} articles in {visible(root)}", style="bold"))
    console.print()
    bars(console, "by script (detected)", found.scripts.most_common(), style="magenta")
    console.print()
    bars(console, "by lang (as written)", [(lang or "(none)", count) for lang, count in found.langs.most_common(8)])
    console.print()
    bars(console, "dated", [("dated", found.dated), ("undated", found.undated)], style="green")
    months = found.month_range()
    if months:
        console.print()
        by_month = {}
        for (month, script), count in found.months.items():
            by_month.setdefault(month, {})[script] = count
        if len(months) > 24:  # one screen: years instead
            by_year: dict[str, dict] = {}
            for month, parts in by_month.items():
                year = by_year.setdefault(month[:4], {})
                for script, count in parts.items():
                    year[script] = year.get(script, 0) + count
            years = sorted({month[:4] for month in months})
            split_bars(console, "articles per year", [(year, by_year.get(year, {})) for year in years], 6)
        else:
            split_bars(console, "articles per month", [(month, by_month.get(month, {})) for month in months])
    if found.tags:
        console.print()
        bars(console, "top tags", [(found.tag_names[tag], count) for tag, count in found.tags.most_common(top_tags)],
             style="yellow")
    console.print()
    if found.problems:
        console.print(Text(f"{len(found.problems)} file(s) with problems", style="bold red"))
        for warning in found.problems[:5]:
            console.print(Text(f"  {visible(warning.path)}: {visible(warning.message)}", style="dim"))
        if len(found.problems) > 5:
            console.print(Text(f"  … and {len(found.problems) - 5} more (--format tsv lists them)", style="dim"))
    else:
        console.print(Text("no files with problems", style="dim"))
