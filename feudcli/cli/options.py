"""Options several commands share, declared once."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from feudcli.cli.state import fail
from feudcli.filters import ArticleFilter, FilterError

FormatOpt = Annotated[Optional[str], typer.Option(
    "--format", "-f", metavar="table|tsv|csv|json|jsonl",
    help="Output format (default: table on a terminal, tsv in a pipe).")]
ToOpt = Annotated[Optional[str], typer.Option(
    "--to", metavar="hans|hant|tw|hk", envvar="FEUDCLI_TO", show_envvar=True,
    help="Show text converted to this script (OpenCC phrase level).")]
ScriptOpt = Annotated[Optional[str], typer.Option(
    "--script", metavar="hans|hant|mixed|none", help="Only articles whose detected script is this.")]
LangOpt = Annotated[Optional[str], typer.Option(
    "--lang", metavar="TEXT", help="Only articles whose front matter lang is this (zh matches zh-CN).")]
TagOpt = Annotated[Optional[str], typer.Option(
    "--tag", metavar="TEXT", help="Only articles with this tag or category (script-blind).")]
SinceOpt = Annotated[Optional[str], typer.Option(
    "--since", metavar="DATE", help="Only articles dated on or after DATE (YYYY[-MM[-DD]]).")]
UntilOpt = Annotated[Optional[str], typer.Option(
    "--until", metavar="DATE", help="Only articles dated on or before DATE (YYYY[-MM[-DD]]).")]
HeaderOpt = Annotated[bool, typer.Option("--header", help="Print a header line in tsv output.")]

FORMATS = ("table", "tsv", "csv", "json", "jsonl")
SCRIPTS = ("hans", "hant", "mixed", "none")
TARGETS = ("hans", "hant", "tw", "hk")


def check_choice(value: str | None, choices: tuple[str, ...], option: str) -> str | None:
    if value is not None and value not in choices:
        raise fail(f"{option} {value!r} is not one of {', '.join(choices)}")
    return value


def article_filter(script, lang, tag, since, until) -> ArticleFilter:
    check_choice(script, SCRIPTS, "--script")
    try:
        return ArticleFilter(script=script, lang=lang, tag=tag, since=since, until=until)
    except FilterError as error:
        raise fail(str(error)) from None
