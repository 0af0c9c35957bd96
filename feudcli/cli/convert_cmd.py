"""`feudcli convert`: articles, files and standard input to another script.

Planning, reading, converting and writing are the library's
(feudcli.convert.batch); this module parses options, turns the outcomes
into output and messages, and draws the progress bar."""

import contextlib
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from feudcli.cli import helptext
from feudcli.cli.application import app
from feudcli.cli.options import (LangOpt, ScriptOpt, SinceOpt, Source, TagOpt, Target, UntilOpt, article_filter,
                                 value)
from feudcli.cli.state import fail, get_state, warn
from feudcli.text.safe import one_line

DRY_RUN_FIELDS = ("action", "path", "config")


def _stream(options) -> None:
    """Standard input to standard output a line at a time, flushed, so
    `tail -f log | feudcli convert --to hant -` shows each line at once."""
    from feudcli.cli.emit import stdout
    from feudcli.convert.batch import convert_lines

    source, out = sys.stdin.buffer, stdout()
    lines = (raw.decode("utf-8", "surrogateescape") for raw in iter(source.readline, b""))
    for line in convert_lines(lines, options):
        out.write_bytes(line.encode("utf-8", "surrogateescape"))
        out.flush()


def _corpus_root(state) -> Path | None:
    """The corpus directory if one can be found (outside files need none)."""
    from feudcli.corpus import CorpusError, corpus_dir

    try:
        return corpus_dir(state.corpus_option)
    except CorpusError:
        return None


def _sources(ctx, inputs: list[str], all_: bool, selection) -> list:
    from feudcli.convert.batch import corpus_sources, file_source
    from feudcli.corpus import ARTICLE_SUFFIXES, CorpusError

    state = get_state(ctx)
    sources = []
    if all_:
        corpus = state.corpus()
        sources += corpus_sources(corpus, selection.apply(corpus.articles))
    for item in inputs:
        path = Path(item)
        looks_like_path = "/" in item or os.sep in item or path.suffix.lower() in ARTICLE_SUFFIXES
        if looks_like_path and path.is_dir():
            raise fail(f"{item} is a directory; convert a corpus with --corpus {item} convert --all")
        if looks_like_path and path.is_file():
            sources.append(file_source(path, _corpus_root(state), item))
            continue
        try:
            corpus = state.corpus()
            article = corpus.resolve(item)
        except CorpusError as error:
            if path.is_file():
                sources.append(file_source(path, _corpus_root(state), item))
                continue
            raise fail(str(error)) from None
        sources += corpus_sources(corpus, [article])
    return sources


def _options(to, config, source, dictionaries):
    from feudcli.convert.batch import ConvertError, Options
    from feudcli.convert.dictionaries import DictionaryError, read_dictionaries

    try:
        dictionary = read_dictionaries(dictionaries) if dictionaries else None
        return Options(to, config, source, dictionary).check()
    except (ConvertError, DictionaryError) as error:
        raise fail(str(error)) from None


@app.command("convert", epilog=helptext.CONVERT)
def convert_command(
    ctx: typer.Context,
    inputs: Optional[List[str]] = typer.Argument(
        None, metavar="ID|PATH|-...",
        help="Article ids (a unique prefix or suffix will do), files outside the corpus, or - for standard input."),
    to: Optional[Target] = typer.Option(None, "--to",
                                        help="Target script; the OpenCC config follows from each article's script."),
    source: Optional[Source] = typer.Option(
        None, "--from", help="What the text is in when its front matter has no lang: tw (Taiwan: 軟體 -> 软件), "
                             "hk, hans or hant."),
    config: Optional[str] = typer.Option(None, "--config", metavar="NAME",
                                         help="Force one of OpenCC's 16 configs (s2t, t2s, s2twp, tw2sp, ...)."),
    dictionaries: Optional[List[Path]] = typer.Option(
        None, "--dict", metavar="FILE",
        help="Your own phrases (phrase<TAB>conversion a line, OpenCC's format), before the config's; repeatable."),
    all_: bool = typer.Option(False, "--all", help="Every article of the corpus (narrowed by the filters below)."),
    output: Optional[str] = typer.Option(
        None, "-o", "--output", metavar="DIR|FILE",
        help="Write one file per article under DIR (same relative path); one input to FILE.md."),
    force: bool = typer.Option(False, "--force",
                               help="With -o: replace files that already exist, or write inside the corpus."),
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite the files themselves."),
    follow: bool = typer.Option(False, "--follow",
                                help="With -o or --in-place: also convert files reached through symbolic links."),
    dry_run: bool = typer.Option(False, "--dry-run", help="List what would be written; write nothing."),
    diff: bool = typer.Option(False, "--diff",
                              help="Show what would change (inline on a terminal, a unified diff in a pipe); "
                                   "write nothing."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="N",
                                       help="Worker processes (default: all cores when there is enough work)."),
    script: ScriptOpt = None,
    lang: LangOpt = None,
    tag: TagOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
) -> None:
    """Convert articles between Simplified and Traditional script (OpenCC)."""
    inputs = list(inputs or [])
    options = _options(value(to), config, value(source), dictionaries)
    selection = article_filter(script, lang, tag, since, until)
    if not all_ and any(value is not None for value in (script, lang, tag, since, until)):
        raise fail("--script, --lang, --tag, --since and --until choose articles for --all; add --all")
    if output is not None and in_place:
        raise fail("-o DIR and --in-place both say where to write; give one of them")
    if diff and (output is not None or in_place or dry_run):
        raise fail("--diff shows what would change and writes nothing; drop -o/--in-place/--dry-run")
    if "-" in inputs:
        if len(inputs) > 1 or all_ or output is not None or in_place or dry_run or diff:
            raise fail("- (standard input) is converted alone, to standard output; "
                       "drop the other inputs and -o/--in-place/--all/--dry-run/--diff")
        _stream(options)
        return
    if not inputs and not all_:
        raise fail("give article ids, file paths, - for standard input, or --all")
    if inputs and all_:
        raise fail("give either article ids/paths or --all, not both")
    from feudcli.convert import batch

    state = get_state(ctx)
    plan = batch.plan(_sources(ctx, inputs, all_, selection), output, in_place=in_place, force=force,
                      corpus_root=_corpus_root(state))
    problems = _convert(state, plan, options, follow=follow, jobs=jobs, dry_run=dry_run, diff=diff)
    if problems:
        raise typer.Exit(2)


def _progress(state, plan, quiet: bool):
    # Not over converted text printed to the same terminal.
    show = len(plan.sources) > 1 and not quiet and (plan.writing or not sys.stdout.isatty())
    return state.progress("converting", minimum=1, shown=show)


def _convert(state, plan, options, *, follow: bool, jobs: int | None, dry_run: bool, diff: bool) -> int:
    """Run the plan, printing what it gives; the number of files with problems."""
    from feudcli.cli.emit import stdout, write_records
    from feudcli.convert import batch
    from feudcli.corpus import printable_name

    out = stdout()  # a terminal reads articles and names made visible
    differ = _Differ(state, out) if diff else None
    replaced: list[str] = []
    problems = written = unchanged = 0
    ends_with_newline = True
    try:
        with _progress(state, plan, dry_run or diff) as report, \
                contextlib.closing(batch.run(plan, options, follow=follow, jobs=jobs, dry_run=dry_run or diff,
                                             progress=report)) as outcomes:
            for outcome in outcomes:
                source, result = outcome.source, outcome.result
                if result is not None:
                    _notes(source, result)
                if outcome.action == "failed":
                    warn(f"{source.label}: {outcome.problem}")
                    problems += 1
                elif differ is not None:
                    differ.show(source, result)
                elif dry_run:
                    # One record a line, escaped as every tsv record is.
                    target = printable_name(str(source.destination)) if source.destination else source.label
                    write_records(out, [{"action": outcome.action, "path": target, "config": outcome.config}],
                                  DRY_RUN_FIELDS, "tsv")
                elif outcome.action == "print":
                    if not ends_with_newline:
                        out.write("\n")
                    # UTF-8 files (BOM and all) as they are; others re-encoded, as
                    # a pipe of several files must be in one encoding.
                    data = result.data if result.encoding.startswith("utf-8") else result.text.encode("utf-8")
                    out.write_bytes(data)
                    ends_with_newline = data.endswith(b"\n") or not data
                elif outcome.action == "unchanged":
                    unchanged += 1
                else:
                    written += 1
                    unchanged += not result.changed
                    if outcome.action == "replace":
                        replaced.append(str(source.destination))
    finally:
        out.flush()
    if plan.writing and not dry_run and not diff:
        _report(written, unchanged, replaced, plan)
    return problems


def _notes(source, result) -> None:
    for note in result.notes:
        warn(f"{source.label}: {note}")
    if result.skipped:
        hint = "; --config t2jp or jp2t convert its kanji" if result.skipped == "Japanese" else ""
        sys.stderr.write(f"feudcli: note: {one_line(source.label)}: skipped: {result.skipped} "
                         f"(never converted{hint})\n")
    if not source.from_corpus:
        for problem in result.front_matter_problems:
            warn(f"{source.label}: {problem}; front matter left as it was")


class _Differ:
    """--diff: on a terminal the changed lines with the changes marked
    (coloured, or git's [-removed-]{+added+} without colour); in a pipe a
    unified diff that `patch -p1` applies in the corpus."""

    def __init__(self, state, out):
        self.out = out
        self.console = state.console() if state.stdout_is_terminal else None

    def show(self, source, result) -> None:
        from feudcli.convert import diff
        from feudcli.convert.article import original_text

        before = original_text(source.data)
        if self.console is None:
            for line in diff.unified(before, result.text, source.relpath):
                self.out.write_bytes(line.encode("utf-8", "surrogateescape"))
            return
        changes = diff.inline_changes(before, result.text)
        if changes:
            self._inline(source, result, changes)

    def _inline(self, source, result, changes) -> None:
        from rich.text import Text

        from feudcli.convert.diff import shorten
        from feudcli.text.safe import visible

        console = self.console
        coloured = not console.no_color and console.color_system is not None
        header = Text(f"{visible(source.label)} ({result.config}, {len(changes)} line(s) changed)", style="bold")
        console.print(header, soft_wrap=True)
        width = len(str(changes[-1].number))
        for change in changes:
            line = Text()
            line.append(f"{change.number:>{width}}│ ", style="dim")
            for kind, text in shorten(change.pieces):
                text = visible(text)
                if kind == "=":
                    line.append(text)
                elif coloured:
                    line.append(text, style="red strike" if kind == "-" else "green")
                else:
                    line.append(f"[-{text}-]" if kind == "-" else f"{{+{text}+}}")
            console.print(line, soft_wrap=True)  # the terminal wraps: rich would break only at spaces


def _report(written: int, unchanged: int, replaced: list[str], plan) -> None:
    output = one_line(str(plan.output))
    if plan.in_place:
        kept = f"; {unchanged} already in the target script, left as they were" if unchanged else ""
        sys.stderr.write(f"feudcli: converted {written} file(s) in place{kept}\n")
    elif plan.single_file:
        same = " (already in the target script, copied as it was)" if unchanged else ""
        sys.stderr.write(f"feudcli: wrote {output}{same}\n" if written else "")
    else:
        same = f" ({unchanged} already in the target script, copied as they were)" if unchanged else ""
        sys.stderr.write(f"feudcli: wrote {written} file(s) under {output}{same}\n")
    if replaced:
        names = one_line(", ".join(replaced))
        sys.stderr.write(f"feudcli: replaced {len(replaced)} existing file(s): {names}\n")
