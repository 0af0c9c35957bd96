"""Search output in ripgrep's habits: file globs, the files a search would
read, one line per match (--vimgrep, --line-number) with context lines,
case-sensitive filtering of what the folded index found, and --stats."""

from __future__ import annotations

import time

import typer

from feudcli.cli.state import EXIT_NOTHING_FOUND

def globs(texts):
    if not texts:
        return None
    from feudcli.search.globs import Globs

    return Globs(texts)


def selected_articles(corpus, selection, globs) -> list:
    articles = selection.apply(corpus.articles)
    return globs.select(articles) if globs else articles


def list_files(state, selection, globs) -> None:
    """`--files`: the paths of the articles a search reads, in path order,
    relative to the corpus (what -g matches and `show` accepts)."""
    from feudcli.cli.emit import stdout
    from feudcli.corpus import printable_name

    corpus = state.corpus()
    articles = selected_articles(corpus, selection, globs)
    state.print_notes()
    if not articles:
        raise typer.Exit(EXIT_NOTHING_FOUND)
    stdout().writelines(f"{shown_path(printable_name(article.path))}\n" for article in articles)


def shown_path(text: str) -> str:
    # One record a line: a line break in a file name cannot be printed as is.
    return text.replace("\n", "\\n").replace("\r", "\\r")


def case_filtered(corpus, hits, query, case, where: str, files_read: dict) -> list:
    """The hits whose original text matches the case-sensitive terms, their
    matches counted with case; each file is read once (and kept for line
    output)."""
    from feudcli.search.lines import read_file_text
    from feudcli.search.query import varieties

    corpus.attach(hits)
    kept = []
    for hit in hits:
        article = hit.article
        if article is None:
            continue
        file = read_file_text(corpus.root, article.path, article.title)
        if file is None:
            continue
        files_read[hit.rowid] = file
        article.body = file.text[file.body_start:]
        counted = case.check(query, article.title, article.body, where, varieties(article.script, article.lang))
        if counted is None:
            continue
        hit.title_matches, hit.body_matches = counted
        kept.append(hit)
    return kept


def stats(state, corpus, selection, globs, hits, query, where: str, started: float) -> str:
    """ripgrep's --stats, for articles (printed on stderr after the output)."""
    searched = len(selected_articles(corpus, selection, globs))
    corpus.count(hits, query, where)
    matches = sum(hit.matches or 0 for hit in hits)

    def plural(number: int, word: str) -> str:
        return f"{number} {word}{'' if number == 1 else 's'}"

    return (f"{plural(matches, 'match')}\n".replace("matchs", "matches")
            + f"{plural(len(hits), 'article')} contained matches\n"
            + f"{plural(searched, 'article')} searched\n"
            + f"{time.perf_counter() - started:.3f} seconds\n")


def print_lines(out, corpus, hits, query, where: str, case, files_read: dict, *, vimgrep: bool, numbers: bool,
                 before: int, after: int) -> None:
    """Line output: the matches as lines of the files, as ripgrep prints
    them: path:line:column:text (one line per match with --vimgrep, per
    matching line otherwise), context lines as path-line-text, `--`
    between groups that are not next to each other."""
    from feudcli.corpus import printable_name
    from feudcli.search.lines import context_groups, file_matches, matches, read_file_text
    from feudcli.search.query import varieties

    grouped = before or after
    first_group = True
    for hit in hits:
        article = hit.article
        file = files_read.get(hit.rowid) or read_file_text(corpus.root, article.path, article.title)
        if file is None:
            continue
        path = shown_path(printable_name(article.path))
        spans = file_matches(file, article.title, query, where, varieties(article.script, article.lang), case)
        found = matches(file, spans)
        if vimgrep:
            out.writelines(f"{path}:{match.line}:{match.column}:{file.line(match.line)}\n" for match in found)
            continue
        for group in context_groups(file, found, before, after):
            if grouped and not first_group:
                out.write("--\n")
            first_group = False
            for line in group:
                if line.matched:
                    where_ = f"{line.number}:{line.column or 1}:" if numbers else ""
                    out.write(f"{path}:{where_}{line.text}\n")
                else:
                    out.write(f"{path}-{line.number}-{line.text}\n" if numbers else f"{path}-{line.text}\n")
