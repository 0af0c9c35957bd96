"""Converting many files: where each goes (plan), then reading, converting
on worker processes and writing atomically (run), one outcome per file.

    import feudcli
    from feudcli.convert import batch

    with feudcli.open_corpus() as corpus:
        plan = batch.plan(batch.corpus_sources(corpus), output="out")
        for outcome in batch.run(plan, batch.Options(to="hant")):
            print(outcome.action, outcome.destination, outcome.config)

A plan refuses, before anything is written, a run that would write outside
its directory, over an existing file (without force), into the corpus it
reads (without force) or over an article itself. A run never stops for one
file: a file that cannot be read, converted or written is an outcome with
the reason, and the others are converted all the same.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from feudcli.convert.dictionaries import PhraseDictionary
from feudcli.convert.sources import Source, read_source, write_source
from feudcli.errors import FeudcliError

__all__ = ["ConvertError", "Options", "Outcome", "Plan", "Source", "convert_lines", "corpus_sources",
           "file_source", "plan", "run"]

# Below this much input, starting worker processes (each loads the OpenCC
# dictionaries, ~0.3 s) costs more than converting on one core (~1 MB/s).
PARALLEL_MIN_BYTES = 2_000_000


class ConvertError(FeudcliError):
    """A conversion that cannot start as asked; nothing was written."""


@dataclass(frozen=True)
class Options:
    """How to convert: to a target (hans, hant, tw, hk), or with a forced
    OpenCC config; `source` (hans, hant, tw, hk) stands for the lang an
    article's front matter does not give; `dictionary`'s phrases come first."""
    to: str | None = None
    config: str | None = None
    source: str | None = None
    dictionary: PhraseDictionary | None = None

    def check(self) -> "Options":
        from feudcli.choices import SOURCES, TARGETS
        from feudcli.convert.opencc import UnknownConfig, config_names

        if self.config and self.to:
            raise ConvertError("--to and --config both say where to convert to; give one of them")
        if not self.config and not self.to:
            raise ConvertError("say what to convert to: --to hans|hant|tw|hk, or --config NAME for an OpenCC config")
        if self.config and self.source:
            raise ConvertError("--from helps choose a config, and --config forces one; give one of them")
        if self.config and self.config not in config_names():
            raise ConvertError(str(UnknownConfig(self.config)))
        if self.to and self.to not in TARGETS:
            raise ConvertError(f"unknown target {self.to!r}; valid targets: {', '.join(TARGETS)}")
        if self.source and self.source not in SOURCES:
            raise ConvertError(f"unknown source {self.source!r}; valid sources: {', '.join(SOURCES)}")
        return self

    def job(self, data: bytes) -> tuple:
        return data, self.to, self.config, self.source, self.dictionary


@dataclass
class Plan:
    sources: list[Source]
    output: Path | None = None  # a directory, or the one file when single_file
    in_place: bool = False
    force: bool = False
    single_file: bool = False

    @property
    def writing(self) -> bool:
        return self.in_place or self.output is not None


@dataclass
class Outcome:
    """What became of one source. action: print (not writing), write,
    replace, rewrite, unchanged (in place), or failed (see problem)."""
    source: Source
    action: str
    result: object = None  # feudcli.convert.article.Converted, or None when failed
    problem: str | None = None  # why it failed, after "LABEL: "

    @property
    def destination(self) -> Path | None:
        return self.source.destination

    @property
    def config(self) -> str:
        return (self.result.config if self.result is not None else None) or "-"


def corpus_sources(corpus, articles: Iterable | None = None) -> list[Source]:
    """The corpus's articles (all, or those given) as sources."""
    return [Source.in_corpus(corpus.root, article)
            for article in (corpus.articles if articles is None else articles)]


def file_source(path: str | os.PathLike, corpus_root: Path | None = None, label: str | None = None) -> Source:
    """A file as a source; its name under an output directory is its path
    relative to corpus_root when it is inside it, else its file name."""
    path = Path(path)
    relpath = path.name
    if corpus_root is not None:
        try:
            relpath = path.resolve().relative_to(Path(corpus_root).resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return Source.outside(label or str(path), relpath, path)


def _inside(path: Path, root: Path) -> bool:
    try:
        real, real_root = path.resolve(), root.resolve()
    except OSError:
        return False
    return real == real_root or real_root in real.parents


def _single_file(output: str, count: int) -> bool:
    """Whether -o names one file: one source, and OUT an existing file, or a
    new name with an extension (out.md) not ending in a separator."""
    path = Path(output)
    if path.is_dir():
        return False
    if path.exists() or path.is_symlink():
        if count != 1:
            raise ConvertError(f"-o {output} is not a directory")
        return True
    if output.endswith(("/", os.sep)) or not path.suffix:
        return False
    if count != 1:
        raise ConvertError(f"-o {output} names one file, but there are {count} files to write; give a directory "
                           f"(end it with / for a directory named {path.name})")
    return True


def plan(sources: list[Source], output: str | os.PathLike | None = None, *, in_place: bool = False,
         force: bool = False, corpus_root: Path | None = None) -> Plan:
    """Where each source goes (without output or in_place: nowhere, it is
    printed). Raises ConvertError, before anything is written, for a run
    that would leave the output directory, replace files without force,
    write into the corpus without force, or write over an article."""
    from feudcli.convert.writes import UnsafePath, safe_destination

    unique: dict[Path, Source] = {}
    for source in sources:
        unique.setdefault(source.path.resolve(), source)
    sources = list(unique.values())
    if output is not None and in_place:
        raise ConvertError("-o DIR and --in-place both say where to write; give one of them")
    if in_place:
        for source in sources:
            source.destination, source.exists = source.path, True
        return Plan(sources, None, True, force)
    if output is None:
        return Plan(sources)
    single = _single_file(os.fspath(output), len(sources))
    output = Path(output)
    roots = {Path(corpus_root)} if corpus_root is not None else set()
    roots.update(source.corpus for source in sources if source.corpus is not None)
    for root in sorted(roots):
        if not force and _inside(output, root):
            raise ConvertError(f"-o {output} is inside the corpus ({root}): the converted copies would become "
                               "articles of it too; write outside it, or pass --force")
    taken: dict[Path, Source] = {}
    for source in sources:
        try:
            source.destination = output if single else safe_destination(output, source.relpath)
        except UnsafePath as error:
            raise ConvertError(f"{source.label}: {error}; nothing was written") from None
        other = taken.setdefault(source.destination, source)
        if other is not source:
            raise ConvertError(f"{other.label} and {source.label} would both be written to {source.destination}; "
                               "convert them in two runs")
        if source.destination.resolve() == source.path.resolve():
            raise ConvertError(f"{source.label}: -o {output} would write over the file itself; "
                               "use --in-place to rewrite it")
        source.exists = source.destination.exists() or source.destination.is_symlink()
    existing = [str(source.destination) for source in sources if source.exists]
    if existing and not force:
        shown = ", ".join(existing[:5]) + (f" and {len(existing) - 5} more" if len(existing) > 5 else "")
        raise ConvertError(f"{len(existing)} file(s) already exist: {shown}; pass --force to replace them "
                           "(nothing was written)")
    return Plan(sources, output, False, force, single)


def _would(plan: Plan, source: Source, result) -> str:
    if not plan.writing:
        return "print"
    if plan.in_place:
        return "rewrite" if result.changed else "unchanged"
    return "replace" if source.exists else "write"


def run(plan: Plan, options: Options, *, follow: bool = False, jobs: int | None = None, dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None) -> Iterator[Outcome]:
    """Read, convert and (unless dry_run, or nothing is to be written) write
    each source of the plan; one Outcome each, in order, files that cannot
    be read first. `follow` reads and rewrites through symbolic links (a
    printed file is always read through them, as `show` reads it); `jobs`
    worker processes (default: all cores when there are 2 MB or more);
    `progress(done, total)` is told as files are done."""
    from feudcli.convert.article import convert_job_safe
    from feudcli.convert.writes import FileChanged, FileExists, Writer
    from feudcli.workers import cpu_count, process_map

    options.check()
    writer = Writer(started=time.time())
    readable: list[Source] = []
    for source in plan.sources:
        try:
            refused = read_source(source, follow or not plan.writing, plan.in_place, writer)
        except OSError as error:
            why = error.strerror or str(error)
            yield Outcome(source, "failed", problem=why if "symbolic link" in why else f"cannot be read ({why}); skipped")
            continue
        if refused:
            yield Outcome(source, "failed", problem=refused)
            continue
        readable.append(source)
    total = sum(len(source.data) for source in readable)
    workers = jobs or (min(cpu_count(), len(readable)) if total >= PARALLEL_MIN_BYTES else 1)
    if progress is not None:
        progress(0, len(readable))
    results = process_map(convert_job_safe, [options.job(source.data) for source in readable], workers,
                          chunksize=len(readable) // (workers * 4))
    try:
        for done, (source, (result, error)) in enumerate(zip(readable, results), 1):
            if progress is not None:
                progress(done, len(readable))
            if result is None:
                yield Outcome(source, "failed", problem=f"{error}; skipped")
                continue
            action = _would(plan, source, result)
            if dry_run or action in ("print", "unchanged"):
                yield Outcome(source, action, result)
                continue
            try:
                write_source(source, result.data, plan, writer)
            except FileChanged as error:
                yield Outcome(source, "failed", result, error.strerror)
                continue
            except FileExists:
                yield Outcome(source, "failed", result,
                              f"not written: {source.destination} already exists; pass --force to replace it")
                continue
            except OSError as error:
                import errno

                why = error.strerror or str(error)
                if error.errno in (errno.ELOOP, errno.ENOTDIR) and not plan.in_place:
                    why = (f"a directory on the way to {source.destination} is now a symbolic link or "
                           "not a directory; nothing is written through it")
                yield Outcome(source, "failed", result, f"not written: {why}")
                continue
            yield Outcome(source, action, result)
    finally:
        results.close()


def convert_lines(lines: Iterable[str], options: Options) -> Iterator[str]:
    """Plain text converted a line at a time, each judged on its own: a line
    with no character that tells the scripts apart is taken to be in the
    script of the lines before it (or, before any, in options.source's)."""
    from feudcli.convert.dictionaries import apply_first
    from feudcli.convert.opencc import config_for, converter, leaves_alone
    from feudcli.text.script import detect_script

    options.check()
    last_script = "none"
    for line in lines:
        name = options.config
        script = detect_script(line)
        last_script = script = last_script if script == "none" else script
        if leaves_alone(script, options.config):
            name = None
        elif name is None:
            name = config_for(script, options.to, None, options.source)
        yield apply_first(options.dictionary, converter(name))(line) if name else line
