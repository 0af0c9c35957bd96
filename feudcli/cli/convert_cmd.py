"""`feudcli convert`: articles, files and standard input to another script."""

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import typer

from feudcli.cli import app
from feudcli.cli.options import LangOpt, ScriptOpt, SinceOpt, TagOpt, Target, UntilOpt, article_filter, value
from feudcli.cli.state import fail, get_state, warn
from feudcli.safe_text import one_line

# Below this much input, starting worker processes (each loads the OpenCC
# dictionaries, ~0.3 s) costs more than converting on one core (~1 MB/s).
PARALLEL_MIN_BYTES = 2_000_000
DRY_RUN_FIELDS = ("action", "path", "config")


@dataclass
class Source:
    label: str  # how messages name it: an id or a path
    relpath: str  # its name under -o DIR
    path: Path  # the file read (and rewritten by --in-place)
    data: bytes = b""
    destination: Path | None = None
    exists: bool = False
    # Loaded with the corpus, whose loader has already reported its problems.
    from_corpus: bool = False


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _check_config(config: str | None, to: str | None) -> None:
    if config and to:
        raise fail("--to and --config both say where to convert to; give one of them")
    if not config and not to:
        raise fail("say what to convert to: --to hans|hant|tw|hk, or --config NAME for an OpenCC config")
    if config:
        from feudcli.conversion import UnknownConfig, config_names

        if config not in config_names():
            raise fail(str(UnknownConfig(config)))


def _stream(to: str | None, config: str | None) -> None:
    """Standard input to standard output a line at a time, flushed, so
    `tail -f log | feudcli convert --to hant -` shows each line at once."""
    from feudcli.conversion import config_for, converter
    from feudcli.script import detect_script

    from feudcli.output import stdout

    source, out = sys.stdin.buffer, stdout()
    last_script = "none"
    for raw in iter(source.readline, b""):
        line = raw.decode("utf-8", "surrogateescape")
        name = config
        if name is None:
            # A line with no telling character (digits, a name both scripts
            # share) is taken to be in the script of the lines before it.
            script = detect_script(line)
            last_script = script = last_script if script == "none" else script
            name = config_for(script, to)
        if name:
            line = converter(name)(line)
        out.write_bytes(line.encode("utf-8", "surrogateescape"))
        out.flush()


def _corpus_relpath(state, path: Path) -> str:
    """path's name under -o DIR: relative to the corpus when it is in it."""
    from feudcli.corpus import CorpusError, corpus_dir

    try:
        root = corpus_dir(state.corpus_option).resolve()
        return path.resolve().relative_to(root).as_posix()
    except (CorpusError, ValueError, OSError):
        return path.name


def _sources(ctx, inputs: list[str], all_: bool, selection) -> list[Source]:
    from feudcli.corpus import ARTICLE_SUFFIXES, CorpusError

    state = get_state(ctx)
    sources: list[Source] = []
    if all_:
        corpus = state.corpus()
        for article in selection.apply(corpus.articles):
            sources.append(Source(article.id, article.path, corpus.root / article.path, from_corpus=True))
    for item in inputs:
        path = Path(item)
        looks_like_path = "/" in item or os.sep in item or path.suffix.lower() in ARTICLE_SUFFIXES
        if looks_like_path and path.is_dir():
            raise fail(f"{item} is a directory; convert a corpus with --corpus {item} convert --all")
        if looks_like_path and path.is_file():
            sources.append(Source(item, _corpus_relpath(state, path), path))
            continue
        try:
            corpus = state.corpus()
            article = corpus.resolve(item)
        except CorpusError as error:
            if path.is_file():
                sources.append(Source(item, _corpus_relpath(state, path), path))
                continue
            raise fail(str(error)) from None
        sources.append(Source(article.id, article.path, corpus.root / article.path, from_corpus=True))
    unique: dict[Path, Source] = {}
    for source in sources:
        unique.setdefault(source.path.resolve(), source)
    return list(unique.values())


def _plan(sources: list[Source], output: Path | None, in_place: bool, force: bool) -> list[Source]:
    """Where each source goes; refuses (before anything is written) a run
    that would leave DIR or overwrite a file without --force."""
    from feudcli.atomic import UnsafePath, safe_destination

    if in_place:
        kept = []
        for source in sources:
            if source.path.is_symlink():
                # Replacing the link would cut it; following it could leave the corpus.
                warn(f"{source.label}: is a symbolic link; not rewritten in place (convert the file it points to)")
                continue
            source.destination, source.exists = source.path, True
            kept.append(source)
        return kept
    if output is None:
        return sources
    if output.exists() and not output.is_dir():
        raise fail(f"-o {output} is not a directory")
    taken: dict[Path, Source] = {}
    for source in sources:
        try:
            source.destination = safe_destination(output, source.relpath)
        except UnsafePath as error:
            raise fail(f"{source.label}: {error}; nothing was written") from None
        other = taken.setdefault(source.destination, source)
        if other is not source:
            raise fail(f"{other.label} and {source.label} would both be written to {source.destination}; "
                       "convert them in two runs")
        source.exists = source.destination.exists() or source.destination.is_symlink()
    existing = [str(source.destination) for source in sources if source.exists]
    if existing and not force:
        shown = ", ".join(existing[:5]) + (f" and {len(existing) - 5} more" if len(existing) > 5 else "")
        raise fail(f"{len(existing)} file(s) already exist: {shown}; pass --force to replace them "
                   "(nothing was written)")
    return sources


def _results(jobs: list[tuple[bytes, str | None, str | None]], workers: int):
    from feudcli.convert import convert_job_safe

    if workers <= 1:
        for job in jobs:
            yield convert_job_safe(job)
        return
    from concurrent.futures import ProcessPoolExecutor

    from feudcli.convert import ignore_interrupts

    with ProcessPoolExecutor(max_workers=workers, initializer=ignore_interrupts) as pool:
        try:
            yield from pool.map(convert_job_safe, jobs, chunksize=max(1, len(jobs) // (workers * 4)))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


@app.command("convert")
def convert_command(
    ctx: typer.Context,
    inputs: Optional[List[str]] = typer.Argument(
        None, metavar="ID|PATH|-...",
        help="Article ids (a unique prefix or suffix will do), files outside the corpus, or - for standard input."),
    to: Optional[Target] = typer.Option(None, "--to",
                                        help="Target script; the OpenCC config follows from each article's script."),
    config: Optional[str] = typer.Option(None, "--config", metavar="NAME",
                                         help="Force one of OpenCC's 16 configs (s2t, t2s, s2twp, tw2sp, ...)."),
    all_: bool = typer.Option(False, "--all", help="Every article of the corpus (narrowed by the filters below)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="DIR",
                                          help="Write one file per article under DIR (same relative path)."),
    force: bool = typer.Option(False, "--force", help="With -o: replace files that already exist in DIR."),
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite the files themselves."),
    dry_run: bool = typer.Option(False, "--dry-run", help="List what would be written; write nothing."),
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
    to = value(to)
    _check_config(config, to)
    selection = article_filter(script, lang, tag, since, until)
    if not all_ and any(value is not None for value in (script, lang, tag, since, until)):
        raise fail("--script, --lang, --tag, --since and --until choose articles for --all; add --all")
    if output is not None and in_place:
        raise fail("-o DIR and --in-place both say where to write; give one of them")
    if "-" in inputs:
        if len(inputs) > 1 or all_ or output is not None or in_place or dry_run:
            raise fail("- (standard input) is converted alone, to standard output; "
                       "drop the other inputs and -o/--in-place/--all/--dry-run")
        _stream(to, config)
        return
    if not inputs and not all_:
        raise fail("give article ids, file paths, - for standard input, or --all")
    if inputs and all_:
        raise fail("give either article ids/paths or --all, not both")

    sources = _plan(_sources(ctx, inputs, all_, selection), output, in_place, force)
    readable: list[Source] = []
    problems = 0
    for source in sources:
        try:
            source.data = source.path.read_bytes()
            readable.append(source)
        except OSError as error:
            warn(f"{source.label}: cannot be read ({error.strerror or error}); skipped")
            problems += 1
    writing = output is not None or in_place
    total = sum(len(source.data) for source in readable)
    workers = jobs or (min(_cpu_count(), len(readable)) if total >= PARALLEL_MIN_BYTES else 1)
    show_progress = (sys.stderr.isatty() and len(readable) > 1 and not dry_run
                     and (writing or not sys.stdout.isatty()))
    progress = contextlib.nullcontext(None)
    if show_progress:
        from feudcli.render import progress_reporter

        progress = progress_reporter(get_state(ctx).color, "converting", minimum=1)
    replaced: list[str] = []
    written = unchanged = 0
    from feudcli.corpus import printable_name
    from feudcli.output import write_records
    from feudcli.output import stdout

    out = stdout()  # a terminal reads articles and names made visible
    ends_with_newline = True
    from feudcli.atomic import FileExists, atomic_write

    try:
        with progress as report:
            if report is not None:
                report(0, len(readable))
            results = _results([(source.data, to, config) for source in readable], workers)
            for done, (source, (result, error)) in enumerate(zip(readable, results), 1):
                if report is not None:
                    report(done, len(readable))
                if result is None:
                    warn(f"{source.label}: {error}; skipped")
                    problems += 1
                    continue
                for note in result.notes:
                    warn(f"{source.label}: {note}")
                if not source.from_corpus:
                    for problem in result.front_matter_problems:
                        warn(f"{source.label}: {problem}; front matter left as it was")
                if dry_run:
                    # One record a line, escaped as every tsv record is.
                    target = printable_name(str(source.destination)) if source.destination else source.label
                    write_records(out, [{"action": _dry_action(source, result, writing, in_place),
                                         "path": target, "config": result.config or "-"}],
                                  DRY_RUN_FIELDS, "tsv")
                    continue
                if not writing:
                    if not ends_with_newline:
                        out.write("\n")
                    # UTF-8 files (BOM and all) as they are; others re-encoded, as
                    # a pipe of several files must be in one encoding.
                    data = result.data if result.encoding.startswith("utf-8") else result.text.encode("utf-8")
                    out.write_bytes(data)
                    ends_with_newline = data.endswith(b"\n") or not data
                    continue
                if in_place and not result.changed:
                    unchanged += 1
                    continue
                try:
                    if atomic_write(source.destination, result.data, overwrite=in_place or force) and not in_place:
                        replaced.append(str(source.destination))
                except (FileExists, OSError) as error:
                    warn(f"{source.label}: not written: {error}")
                    problems += 1
                    continue
                written += 1
                unchanged += not result.changed
    finally:
        out.flush()
    if writing and not dry_run:
        _report(written, unchanged, replaced, output, in_place)
    if problems:
        raise typer.Exit(2)


def _dry_action(source: Source, result, writing: bool, in_place: bool) -> str:
    if not writing:
        return "print"
    if in_place:
        return "rewrite" if result.changed else "unchanged"
    return "replace" if source.exists else "write"


def _report(written: int, unchanged: int, replaced: list[str], output: Path | None, in_place: bool) -> None:
    same = f" ({unchanged} already in the target script, copied as they were)" if unchanged and not in_place else ""
    if in_place:
        kept = f"; {unchanged} already in the target script, left as they were" if unchanged else ""
        sys.stderr.write(f"feudcli: converted {written} file(s) in place{kept}\n")
    else:
        sys.stderr.write(f"feudcli: wrote {written} file(s) under {one_line(str(output))}{same}\n")
    if replaced:
        names = one_line(", ".join(replaced))
        sys.stderr.write(f"feudcli: replaced {len(replaced)} existing file(s): {names}\n")
