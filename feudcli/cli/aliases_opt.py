"""The --aliases / --no-aliases options and loading the alias table for a
command: the shipped table, the corpus's aliases.yaml/.toml, then FILE."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from feudcli.cli.state import State, fail, warn

ALIASES_ENV = "FEUDCLI_ALIASES"

AliasesOpt = Annotated[Optional[Path], typer.Option(
    "--aliases", metavar="FILE", envvar=ALIASES_ENV, show_envvar=True, dir_okay=False,
    help="More entity aliases (YAML or TOML), merged over the shipped table and the corpus's aliases file.")]
NoAliasesOpt = Annotated[bool, typer.Option(
    "--no-aliases", help="Do not widen a term to the other spellings of an entity or regional word.")]


def alias_table(state: State, extra: Path | None = None):
    """The merged AliasTable; a bad --aliases file is an error, a bad corpus
    aliases file a warning (an error with --strict)."""
    from feudcli.extract.alias_files import AliasFileError, load_alias_table

    try:
        table, warnings = load_alias_table(state.root(), extra)
    except AliasFileError as error:
        raise fail(f"{error}; fix it or leave out --aliases") from None
    for message in warnings:
        warn(message)
    if state.strict and warnings:
        raise fail(f"{len(warnings)} warning(s) and --strict is set")
    return table


def query_expander(table):
    """feudcli.search.query.alias_expander, with its notes on stderr."""
    import sys

    from feudcli.search.query import alias_expander
    from feudcli.text.safe import one_line

    return alias_expander(table, lambda message: sys.stderr.write(f"feudcli: note: {one_line(message)}\n"))
