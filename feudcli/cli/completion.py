"""Shell completion of values from the corpus: article ids, tags and
entity names (commands, options and choices Click completes itself).

A completion runs the program once per TAB, so it reads the index and
never prints: any problem means no suggestions rather than noise in the
user's prompt.
"""

from __future__ import annotations

import os

import typer

MAX_SUGGESTIONS = 200


def _corpus(ctx: typer.Context):
    from feudcli.session import open_corpus

    root = ctx.find_root().params.get("corpus") or os.environ.get("FEUDCLI_CORPUS")
    return open_corpus(root)


def _starting(values, incomplete: str) -> list[str]:
    folded = incomplete.casefold()
    return sorted({value for value in values if value.casefold().startswith(folded)})[:MAX_SUGGESTIONS]


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        with _corpus(ctx) as corpus:
            ids = [article.id for article in corpus.articles]
            paths = [article.path for article in corpus.articles] if "/" in incomplete or "." in incomplete else []
            return _starting(ids + paths, incomplete)
    except Exception:  # a prompt is no place for an error
        return []


def complete_tags(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        with _corpus(ctx) as corpus:
            return _starting({tag for article in corpus.articles for tag in article.tags}, incomplete)
    except Exception:
        return []


def complete_entities(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        from feudcli.extract.alias_files import load_alias_table
        from feudcli.corpus import corpus_dir

        root = ctx.find_root().params.get("corpus")
        table, _ = load_alias_table(corpus_dir(root))
        return _starting({spelling for entity in table.entities for spelling in entity.spellings}, incomplete)
    except Exception:
        return []
