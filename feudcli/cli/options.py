"""Options several commands share, declared once.

Every closed set of values (feudcli.choices) becomes a str Enum here, so
Click itself refuses an unknown value with the list of choices, and shell
completion offers them; the values compare equal to their plain strings.
"""

from __future__ import annotations

import enum
from typing import Annotated, Optional

import typer

from feudcli import choices
from feudcli.cli.completion import complete_tags
from feudcli.search.filters import ArticleFilter


def _choice(name: str, values: tuple[str, ...]) -> type[enum.Enum]:
    members = enum.Enum(name, {value: value for value in values}, type=str)
    members.__str__ = lambda self: self.value  # type: ignore[method-assign]
    return members


Format = _choice("Format", choices.FORMATS)
ShowFormat = _choice("ShowFormat", choices.SHOW_FORMATS)
Target = _choice("Target", choices.TARGETS)
Script = _choice("Script", choices.SCRIPTS)
Where = _choice("Where", choices.WHERE)
SortKey = _choice("SortKey", choices.SORT_KEYS)
Color = _choice("Color", choices.COLORS)
Bucket = _choice("Bucket", choices.BUCKETS)
Source = _choice("Source", choices.SOURCES)
EntitySource = _choice("EntitySource", choices.ENTITY_SOURCES)


def value(choice) -> str | None:
    """The plain string of a choice (None stays None)."""
    return None if choice is None else str(choice.value if isinstance(choice, enum.Enum) else choice)


FormatOpt = Annotated[Optional[Format], typer.Option(
    "--format", "-f", help="Output format (default: table on a terminal, tsv in a pipe).")]
ToOpt = Annotated[Optional[Target], typer.Option(
    "--to", envvar="FEUDCLI_TO", show_envvar=True,
    help="Show text converted to this script (OpenCC phrase level).")]
ScriptOpt = Annotated[Optional[Script], typer.Option(
    "--script", help="Only articles whose detected script is this.")]
LangOpt = Annotated[Optional[str], typer.Option(
    "--lang", metavar="TEXT", help="Only articles whose front matter lang is this (zh matches zh-CN).")]
TagOpt = Annotated[Optional[str], typer.Option(
    "--tag", metavar="TEXT", autocompletion=complete_tags,
    help="Only articles with this tag or category (script-blind).")]
SinceOpt = Annotated[Optional[str], typer.Option(
    "--since", metavar="DATE", help="Only articles dated on or after DATE (YYYY[-MM[-DD]]).")]
UntilOpt = Annotated[Optional[str], typer.Option(
    "--until", metavar="DATE", help="Only articles dated on or before DATE (YYYY[-MM[-DD]]).")]
HeaderOpt = Annotated[bool, typer.Option("--header", help="Print a header line in tsv output.")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=0, help="At most N records (0 = all).")]


def article_filter(script, lang, tag, since, until) -> ArticleFilter:
    return ArticleFilter(script=value(script), lang=lang, tag=tag, since=since, until=until)
