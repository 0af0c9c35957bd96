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
from feudcli.text.safe import one_line

# Below this much input, starting worker processes (each loads the OpenCC
# dictionaries, ~0.3 s) costs more than converting on one core (~1 MB/s).
PARALLEL_MIN_BYTES = 2_000_000
DRY_RUN_FIELDS = ("action", "path", "config")


@dataclass
class Source:
    label: str  # how messages name it: an id or a path
    relpath: str  # its name under -o DIR
    path: Path  # the file as named (and rewritten by --in-place)
    # Where it is read and rewritten: base opened as it is, then each of
    # parts and name without following a symbolic link.
    base: Path
    parts: tuple[str, ...]
    name: str
    data: bytes = b""
    destination: Path | None = None
    exists: bool = False
    # Loaded with the corpus, whose loader has already reported its problems.
    from_corpus: bool = False
    identity: object = None  # atomic.Identity of the file as read

    @classmethod
    def in_corpus(cls, root: Path, article) -> "Source":
        *parts, name = article.path.split("/")
        return cls(article.id, article.path, root / article.path, root, tuple(parts), name, from_corpus=True)

    @classmethod
    def outside(cls, label: str, relpath: str, path: Path) -> "Source":
        return cls(label, relpath, path, path.parent, (), path.name)


def _check_config(config: str | None, to: str | None) -> None:
    if config and to:
        raise fail("--to and --config both say where to convert to; give one of them")
    if not config and not to:
        raise fail("say what to convert to: --to hans|hant|tw|hk, or --config NAME for an OpenCC config")
    if config:
        from feudcli.convert.opencc import UnknownConfig, config_names

        if config not in config_names():
            raise fail(str(UnknownConfig(config)))


def _stream(to: str | None, config: str | None) -> None:
    """Standard input to standard output a line at a time, flushed, so
    `tail -f log | feudcli convert --to hant -` shows each line at once."""
    from feudcli.convert.opencc import config_for, converter, leaves_alone
    from feudcli.text.script import detect_script

    from feudcli.cli.emit import stdout

    source, out = sys.stdin.buffer, stdout()
    last_script = "none"
    for raw in iter(source.readline, b""):
        line = raw.decode("utf-8", "surrogateescape")
        name = config
        # A line with no telling character (digits, a name both scripts
        # share) is taken to be in the script of the lines before it.
        script = detect_script(line)
        last_script = script = last_script if script == "none" else script
        if leaves_alone(script, config):
            name = None
        elif name is None:
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
            sources.append(Source.in_corpus(corpus.root, article))
    for item in inputs:
        path = Path(item)
        looks_like_path = "/" in item or os.sep in item or path.suffix.lower() in ARTICLE_SUFFIXES
        if looks_like_path and path.is_dir():
            raise fail(f"{item} is a directory; convert a corpus with --corpus {item} convert --all")
        if looks_like_path and path.is_file():
            sources.append(Source.outside(item, _corpus_relpath(state, path), path))
            continue
        try:
            corpus = state.corpus()
            article = corpus.resolve(item)
        except CorpusError as error:
            if path.is_file():
                sources.append(Source.outside(item, _corpus_relpath(state, path), path))
                continue
            raise fail(str(error)) from None
        sources.append(Source.in_corpus(corpus.root, article))
    unique: dict[Path, Source] = {}
    for source in sources:
        unique.setdefault(source.path.resolve(), source)
    return list(unique.values())


def _plan(sources: list[Source], output: Path | None, in_place: bool, force: bool) -> list[Source]:
    """Where each source goes; refuses (before anything is written) a run
    that would leave DIR or overwrite a file without --force."""
    from feudcli.convert.writes import UnsafePath, safe_destination

    if in_place:
        for source in sources:
            source.destination, source.exists = source.path, True
        return sources
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


def _symlink_on_the_way(source: Source) -> str | None:
    """The first name on the way to the source that is a symbolic link."""
    path = source.base
    for part in (*source.parts, source.name):
        path = path / part
        if path.is_symlink():
            return str(path)
    return None


def _read(source: Source, follow: bool, in_place: bool, writer):
    """The source's bytes, its identity noted. Unless `follow`, nothing is
    read through a symbolic link (OSError ELOOP or ENOTDIR). Returns why an
    in-place rewrite must not happen, or None."""
    import errno
    import stat

    from feudcli.convert.writes import Identity, open_directory, read_at
    from feudcli.corpus import MAX_ARTICLE_BYTES

    if follow:
        # Read, and rewrite in place, where the file really is.
        real = source.path.resolve()
        source.base, source.parts, source.name = real.parent, (), real.name
    directory = None
    try:
        directory = open_directory(source.base, source.parts)
        if in_place:
            writer.sweep(directory)  # what a killed run left here
        source.data, info = read_at(directory, source.name, MAX_ARTICLE_BYTES)
        source.identity = Identity.of(info)
        if not in_place:
            return None
        if info.st_nlink > 1:
            return (f"has {info.st_nlink} hard links; not rewritten in place, as replacing it would split it "
                    "from the others (convert it with -o DIR, or remove the other links)")
        if not stat.S_IMODE(info.st_mode) & 0o222 or not os.access(source.name, os.W_OK, dir_fd=directory):
            return "is read-only; not rewritten in place (make it writable to convert it)"
        return None
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK) and not follow:
            link = _symlink_on_the_way(source)
            if link is not None:
                where = "is a symbolic link" if link == str(source.base.joinpath(*source.parts, source.name)) \
                    else f"is reached through the symbolic link {link}"
                raise OSError(error.errno, f"{where}; not {'rewritten in place' if in_place else 'written'} "
                                           "(pass --follow to convert what it points to)") from None
        raise
    finally:
        if directory is not None:
            os.close(directory)


def _write(source: Source, data: bytes, output: Path | None, force: bool, writer) -> bool:
    """Write one converted file; True when an existing file was replaced."""
    from feudcli.convert.writes import open_directory, relative_parts

    if output is None:  # in place: only if it is still the file that was read
        directory = open_directory(source.base, source.parts)
        name, overwrite, expect = source.name, True, source.identity
    else:
        *parts, name = relative_parts(source.relpath)
        directory = open_directory(output, tuple(parts), create=True)
        overwrite, expect = force, None
    try:
        return writer.write(directory, name, data, overwrite=overwrite, expect=expect)
    finally:
        os.close(directory)


def _results(jobs: list[tuple[bytes, str | None, str | None]], workers: int):
    from feudcli.convert.article import convert_job_safe
    from feudcli.workers import process_map

    return process_map(convert_job_safe, jobs, workers, chunksize=len(jobs) // (workers * 4))


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
    follow: bool = typer.Option(False, "--follow",
                                help="With -o or --in-place: also convert files reached through symbolic links."),
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

    import time

    from feudcli.convert.writes import Writer

    writer = Writer(started=time.time())
    writing = output is not None or in_place
    sources = _plan(_sources(ctx, inputs, all_, selection), output, in_place, force)
    readable: list[Source] = []
    problems = 0
    for source in sources:
        try:
            # Printed articles are read as `show` reads them, links and all.
            refused = _read(source, follow or not writing, in_place, writer)
        except OSError as error:
            why = error.strerror or str(error)
            warn(f"{source.label}: {why if 'symbolic link' in why else f'cannot be read ({why}); skipped'}")
            problems += 1
            continue
        if refused:
            warn(f"{source.label}: {refused}")
            problems += 1
            continue
        readable.append(source)
    total = sum(len(source.data) for source in readable)
    from feudcli.workers import cpu_count

    workers = jobs or (min(cpu_count(), len(readable)) if total >= PARALLEL_MIN_BYTES else 1)
    show_progress = (sys.stderr.isatty() and len(readable) > 1 and not dry_run
                     and (writing or not sys.stdout.isatty()))
    progress = contextlib.nullcontext(None)
    if show_progress:
        from feudcli.render import progress_reporter

        progress = progress_reporter(get_state(ctx).color, "converting", minimum=1)
    replaced: list[str] = []
    written = unchanged = 0
    from feudcli.corpus import printable_name
    from feudcli.cli.emit import write_records
    from feudcli.cli.emit import stdout

    out = stdout()  # a terminal reads articles and names made visible
    ends_with_newline = True
    from feudcli.convert.writes import FileChanged, FileExists

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
                if result.skipped:
                    hint = "; --config t2jp or jp2t convert its kanji" if result.skipped == "Japanese" else ""
                    sys.stderr.write(f"feudcli: note: {one_line(source.label)}: skipped: {result.skipped} "
                                     f"(never converted{hint})\n")
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
                    if _write(source, result.data, output, force, writer) and not in_place:
                        replaced.append(str(source.destination))
                except FileChanged as error:
                    warn(f"{source.label}: {error.strerror}")
                    problems += 1
                    continue
                except FileExists:
                    warn(f"{source.label}: not written: {source.destination} already exists; pass --force "
                         "to replace it")
                    problems += 1
                    continue
                except OSError as error:
                    import errno

                    why = error.strerror or str(error)
                    if error.errno in (errno.ELOOP, errno.ENOTDIR) and output is not None:
                        why = (f"a directory on the way to {source.destination} is now a symbolic link or "
                               "not a directory; nothing is written through it")
                    warn(f"{source.label}: not written: {why}")
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
