"""Time feudcli against its baselines (the targets of issue 13) and write
BENCHMARKS.md.

    python benchmarks/run.py [--sizes 10000,100000] [--runs 7] [--only search,cold]

Run it with the project's Python (.venv/bin/python): feudcli is the
executable beside it. Every row times whole processes: one warm-up, then
--runs timed runs of the command and of its baseline, in pairs whose order
alternates, so a busy shared machine slows both alike. The table shows the
medians and the ratio of the medians; the notes add the median and range of
the per-pair ratios.

Search rows search a new term on every run (warm-up included): 2-3 CJK
characters cut at a random place of the body of a random article (a seeded
generator, so runs are reproducible; a cut with punctuation, Latin or digits
is drawn again; no term is used twice in one session). grep gets the term in
both scripts (OpenCC t2s and s2t, computed by feudcli's converter before any
timing); the ids feudcli lists are compared with the files grep lists.

Corpora come from benchmarks/generate.py (varied: paragraphs of 62 real
source articles) and are generated once into --workdir and reused.
feudcli's cache goes to --workdir too (XDG_CACHE_HOME), never to the user's.
A row that fails (a command missing, an error, a time-out) is reported as
failed with its error; the other rows still run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from measure import Sample, Series, machine, run_once  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
QUERY = "马斯克"  # the rich-output row searches the seeds for it
ROW_KEYS = ("startup", "rich", "search", "filtered", "size", "edit", "cold", "discover")
OLD_KEYS = {"warm": "search", "memory": "cold"}  # the names of earlier versions
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
FILTERS = ["--script", "hant", "--since", "2025-01"]
# Issue 13's targets, by corpus size where they depend on it.
SEARCH_TARGET = {10_000: 1.5, 100_000: 0.3}
FILTERED_TARGET = 1.2
COLD_LIMIT_S = {10_000: 10.0, 100_000: 120.0}
COLD_MEMORY_MB = {100_000: 600}
EDIT_TARGET = 1.3
SIZE_TARGET = 0.6
STARTUP_TARGET = 1.5
RICH_TARGET = 2.5
# Issue 16's: what name discovery adds to a first `entities` run of 10,000
# articles, and to a warm one.
DISCOVER_ADDS_S = 30.0
DISCOVER_WARM_TARGET = 1.1
CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.S)


@dataclass
class Job:
    cmd: list[str] | Callable[[int], list[str]]  # a callable gets the run (-1: the warm-up)
    env: dict[str, str]
    shown: str  # the command as the report shows it
    before: Callable[[int], dict[str, str] | None] | None = None  # may return an env for this run
    after: Callable[[int], None] | None = None
    ok_codes: tuple[int, ...] = (0, 1)
    tree: bool = False  # sample the memory of the whole process tree
    name: str = "measured"  # its output goes to OUT/<row>-<name>.out


@dataclass
class Result:
    key: str
    what: str
    measured: Series | None = None
    baseline: Series | None = None
    warmup: Sample | None = None
    target: str = "—"
    limit: float | None = None  # ratio, seconds or MB, as `kind` says
    kind: str = "ratio"  # ratio | seconds | memory | size | added (seconds more than the baseline)
    error: str | None = None
    commands: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    shown: tuple[str, str, str] | None = None  # measured, baseline, ratio for kinds without series
    code: str = ""  # the state of the measured feudcli's source while the row ran

    @property
    def value(self) -> float | None:
        if self.error or self.measured is None or not self.measured.samples:
            return None
        if self.kind == "seconds":
            return self.measured.median
        if self.kind == "memory":
            return max(s.tree_pss_kb or s.maxrss_kb for s in self.measured.samples) / 1024
        if self.kind == "size":
            return self.measured.samples[0].seconds / self.baseline.samples[0].seconds
        if self.kind == "added":
            return self.measured.median - self.baseline.median
        return self.measured.median / self.baseline.median if self.baseline else None

    def pair_ratios(self) -> list[float]:
        if not self.baseline or self.error:
            return []
        return [m.seconds / b.seconds for m, b in zip(self.measured.samples, self.baseline.samples) if b.seconds]


@dataclass
class Term:
    text: str
    spellings: list[str]  # the term, its t2s and s2t forms, without repeats

    @property
    def pattern(self) -> str:
        return "|".join(self.spellings)


class Terms:
    """New search terms drawn from a corpus, reproducibly."""

    def __init__(self, runner: "Runner", root: Path, stream: str) -> None:
        self.runner, self.root = runner, root
        self.rng = random.Random(f"{runner.args.seed}:{root.name}:{stream}")

    def draw(self, count: int) -> list[Term]:
        files = self.runner.files(self.root)
        picked: list[str] = []
        while len(picked) < count:
            path = self.rng.choice(files)
            text = FRONT_MATTER.sub("", path.read_text(encoding="utf-8", errors="replace"), count=1)
            for _ in range(20):
                length = self.rng.choice((2, 3))
                if len(text) <= length:
                    break
                start = self.rng.randrange(len(text) - length)
                term = text[start:start + length]
                if CJK.match(term) and term not in self.runner.used_terms:
                    self.runner.used_terms.add(term)
                    picked.append(term)
                    break
        return self.runner.spell(picked)


class Runner:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = args.workdir.resolve()
        self.work.mkdir(parents=True, exist_ok=True)
        # Helpers run `python -c` there: in the current directory, `import
        # feudcli` could find a checkout other than the one measured.
        self.outdir = self.work / "out"
        self.python = sys.executable
        self.feudcli = str(args.feudcli or Path(sys.executable).parent / "feudcli")
        env = {k: v for k, v in os.environ.items() if k not in ("FEUDCLI_CORPUS", "NO_COLOR", "PAGER")}
        if "UTF-8" not in (env.get("LC_ALL") or env.get("LANG") or "").upper():
            env["LC_ALL"] = "C.UTF-8"
        env["XDG_CACHE_HOME"] = str(self.work / "cache")
        # Measure feudcli as pip installs it: with its bytecode compiled. A
        # shell with PYTHONDONTWRITEBYTECODE and an editable checkout would
        # otherwise recompile every module on every run, while the baseline's
        # typer comes precompiled from site-packages.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env = env
        self.corpora: dict[int, Path] = {}
        self._files: dict[Path, list[Path]] = {}
        self.used_terms: set[str] = set()
        self.compile_feudcli()

    def compile_feudcli(self) -> None:
        found = subprocess.run([self.python, "-c", "import feudcli, os; print(os.path.dirname(feudcli.__file__))"],
                               capture_output=True, text=True, env=self.env, cwd=self.work)
        self.package_repo = REPO
        if found.returncode == 0 and found.stdout.strip():
            # The commit reported is the one of the feudcli measured, which may be another checkout.
            self.package_repo = Path(found.stdout.strip()).parent
            subprocess.run([self.python, "-m", "compileall", "-q", found.stdout.strip()], env=self.env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def code_state(self) -> str:
        """A digest of the measured feudcli's source files, with the commit:
        a row that ran on other code than the others (someone committed or
        edited meanwhile; a new schema even rebuilds the index in a timed
        run) must show it."""
        import hashlib

        package = self.package_repo / "feudcli"
        digest = hashlib.sha256()
        for path in sorted(package.rglob("*.py")):
            try:
                digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
            except OSError:
                continue
        commit = subprocess.run(["git", "-C", str(self.package_repo), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip() or "no commit"
        return f"{commit}, source {digest.hexdigest()[:10]}"

    def log(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def corpus(self, size: int) -> Path:
        if size not in self.corpora:
            path = self.work / f"corpus-{size}"
            generate(path, size, self.args.seed, self.args.sources, log=self.log)
            self.corpora[size] = path
        return self.corpora[size]

    def files(self, root: Path) -> list[Path]:
        """The corpus's article files, sorted (what feudcli reads: no hidden names)."""
        if root not in self._files:
            found = []
            for folder, dirs, names in os.walk(root):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [Path(folder, n) for n in sorted(names)
                          if not n.startswith(".") and n.lower().endswith(ARTICLE_SUFFIXES)]
            self._files[root] = found
        return self._files[root]

    def spell(self, terms: list[str]) -> list[Term]:
        """Each term with its Simplified and Traditional forms, from feudcli's
        own converter (OpenCC phrase level), in one process before timing."""
        code = ("import json, sys\ntry:\n    from feudcli.convert.opencc import converter\n"
                "except ImportError:  # before the package was split in folders\n"
                "    from feudcli.conversion import converter\n"
                "t2s, s2t = converter('t2s'), converter('s2t')\n"
                "print(json.dumps([[t, t2s(t), s2t(t)] for t in json.load(sys.stdin)], ensure_ascii=False))")
        done = subprocess.run([self.python, "-c", code], input=json.dumps(terms), capture_output=True,
                              text=True, env=self.env, check=True, cwd=self.work)
        return [Term(forms[0], list(dict.fromkeys(forms))) for forms in json.loads(done.stdout)]

    def sample(self, job: Job, run: int, key: str) -> Sample:
        env = job.env
        if job.before:
            env = job.before(run) or env
        cmd = job.cmd(run) if callable(job.cmd) else job.cmd
        try:
            return run_once(cmd, env, self.outdir / f"{key}-{job.name}.out", self.args.timeout, job.ok_codes,
                            tree=job.tree)
        finally:
            if job.after:
                job.after(run)

    def measure(self, result: Result, measured: Job, baseline: Job | None, runs: int | None = None,
                check: Callable[[int], None] | None = None) -> Result:
        """Warm-up, then the timed runs, alternating which of the pair goes
        first; check(run) looks at the outputs of each pair."""
        runs = runs or self.args.runs
        load = os.getloadavg()[0]
        self.log(f"== {result.what} (load {load:.2f})")
        result.notes.append(f"load average {load:.2f} at its start")
        result.commands = [measured.shown] + ([baseline.shown] if baseline else [])
        result.measured, result.baseline = Series(), (Series() if baseline else None)
        if baseline:
            self.sample(baseline, -1, result.key)
        result.warmup = first = self.sample(measured, -1, result.key)
        if first.error:
            result.error = f"warm-up: {first.error}"
            return result
        for run in range(runs):
            pair = [(measured, result.measured)]
            if baseline:
                pair.append((baseline, result.baseline))
            if run % 2:
                pair.reverse()
            for job, series in pair:
                got = self.sample(job, run, result.key)
                if got.error:
                    result.error = f"run {run + 1} of {job.name}: {got.error}"
                    return result
                series.samples.append(got)
            if check:
                check(run)
            self.log(f"   run {run + 1}: {result.measured.samples[-1].seconds:.3f} s"
                     + (f" (baseline {result.baseline.samples[-1].seconds:.3f} s)" if baseline else ""))
        return result

    def output(self, key: str, name: str) -> list[str]:
        return (self.outdir / f"{key}-{name}.out").read_text(encoding="utf-8", errors="replace").splitlines()

    # -- commands --------------------------------------------------------------

    def python_typer(self, wrap: bool = False, env: dict | None = None) -> Job:
        cmd = [self.python, "-c", "import typer"]
        shown = 'python -c "import typer"'
        if wrap:
            return Job(["script", "-eqc", shlex.join(cmd), "/dev/null"], env or self.env, f"script -qc '{shown}'",
                       name="baseline")
        return Job(cmd, env or self.env, shown, name="baseline")

    def search(self, size: int, terms: list[Term], extra: list[str] = (), name: str = "measured",
               env: dict | None = None, before=None, after=None, tree: bool = False) -> Job:
        """`search TERM -l --limit 0 --no-aliases`: every hit, as grep lists
        every file; no alias widening, so both look for the same spellings."""
        root = self.corpus(size)

        def cmd(run: int) -> list[str]:
            return [self.feudcli, "--corpus", str(root), "search", terms[run + 1].text, "-l", "--limit", "0",
                    "--no-aliases", *extra]

        shown = " ".join(["feudcli", "--corpus", f"DIR{size}", "search", "TERM", "-l", "--limit", "0",
                          "--no-aliases", *extra])
        return Job(cmd, env or self.env, shown, before, after, tree=tree, name=name)

    def grep(self, size: int, terms: list[Term]) -> Job:
        root = self.corpus(size)
        return Job(lambda run: ["grep", "-rlE", terms[run + 1].pattern, str(root)], self.env,
                   f"grep -rlE 'SIMP|TRAD' DIR{size}", name="baseline")

    def compare_with_grep(self, result: Result, size: int, terms: list[Term]) -> Callable[[int], None]:
        """A check that the ids feudcli listed are the files grep listed."""
        root = self.corpus(size)
        counts: list[tuple[int, int]] = []
        differences: list[str] = []

        def check(run: int) -> None:
            ours = set(self.output(result.key, "measured"))
            theirs = set()
            for line in self.output(result.key, "baseline"):
                relpath = os.path.relpath(line, root)
                stem, dot, suffix = relpath.rpartition(".")
                theirs.add(stem if dot and f".{suffix.lower()}" in ARTICLE_SUFFIXES else relpath)
            counts.append((len(ours), len(theirs)))
            if ours != theirs:
                only_ours, only_grep = sorted(ours - theirs), sorted(theirs - ours)
                differences.append(f"{terms[run + 1].text} ({terms[run + 1].pattern}): "
                                   f"{len(only_ours)} only feudcli{' e.g. ' + only_ours[0] if only_ours else ''}, "
                                   f"{len(only_grep)} only grep{' e.g. ' + only_grep[0] if only_grep else ''}")

        def summary() -> None:
            if not counts:
                return
            listed = ", ".join(f"{a:,}" if a == b else f"{a:,}/{b:,}" for a, b in counts)
            result.notes.append(f"files listed per run (feudcli/grep where they differ): {listed}; terms: "
                                + " ".join(t.text for t in terms[1:len(counts) + 1]))
            if differences:
                result.notes.append("DIFFERENT from grep: " + "; ".join(differences))
            else:
                result.notes.append("feudcli and grep listed the same files on every run")

        check.summary = summary  # type: ignore[attr-defined]
        return check

    # -- the rows ----------------------------------------------------------------

    def row_startup(self) -> list[Result]:
        result = Result("startup", "start-up: `list --format tsv`, seeds", target=f"≤ {STARTUP_TARGET:g} ×",
                        limit=STARTUP_TARGET)
        job = Job([self.feudcli, "list", "--format", "tsv"], self.env, "feudcli list --format tsv")
        return [self.measure(result, job, self.python_typer())]

    def row_rich(self) -> list[Result]:
        # A terminal from `script`; rich takes its size from COLUMNS/LINES.
        env = dict(self.env, TERM="xterm-256color", COLUMNS="100", LINES="40", PAGER="cat")
        cmd = ["script", "-eqc", shlex.join([self.feudcli, "search", QUERY]), "/dev/null"]
        job = Job(cmd, env, f"script -qc 'feudcli search {QUERY}'")
        result = Result("rich", "rich output: `search 马斯克` on a terminal, seeds", target=f"≤ {RICH_TARGET:g} ×",
                        limit=RICH_TARGET)
        return [self.measure(result, job, self.python_typer(wrap=True, env=env))]

    def row_search(self, size: int) -> list[Result]:
        limit = SEARCH_TARGET.get(size)
        result = Result(f"search-{size}", f"new-term search, {size:,} articles",
                        target=f"≤ {limit:g} × grep" if limit else "—", limit=limit)
        terms = Terms(self, self.corpus(size), "search").draw(self.args.runs + 1)
        check = self.compare_with_grep(result, size, terms)
        self.measure(result, self.search(size, terms), self.grep(size, terms), check=check)
        check.summary()
        return [result]

    def row_filtered(self, size: int) -> list[Result]:
        result = Result(f"filtered-{size}", f"new-term search, {size:,} articles, `--script hant --since 2025-01`",
                        target=f"≤ {FILTERED_TARGET:g} × unfiltered", limit=FILTERED_TARGET)
        terms = Terms(self, self.corpus(size), "filtered").draw(self.args.runs + 1)
        counts: list[str] = []

        def check(run: int) -> None:
            filtered, unfiltered = set(self.output(result.key, "measured")), set(self.output(result.key, "baseline"))
            counts.append(f"{len(filtered):,}/{len(unfiltered):,}" + ("" if filtered <= unfiltered else " (NOT a subset!)"))

        unfiltered = self.search(size, terms, name="baseline")
        unfiltered.shown += " (same term)"
        self.measure(result, self.search(size, terms, FILTERS), unfiltered, check=check)
        if counts:
            result.notes.append("hits filtered/unfiltered per run: " + ", ".join(counts))
        return [result]

    def row_size(self, size: int) -> list[Result]:
        """The index file (and its WAL) against the text it indexes."""
        result = Result(f"size-{size}", f"index size, {size:,} articles", kind="size",
                        target=f"≤ {SIZE_TARGET:g} × corpus", limit=SIZE_TARGET)
        root = self.corpus(size)
        text_bytes = sum(path.stat().st_size for path in self.files(root))
        index = self.index_of(root)
        if index is None:
            result.error = "no index of this corpus in the work directory's cache (run the search row first)"
            return [result]
        sizes = {suffix or "main": os.path.getsize(f"{index}{suffix}")
                 for suffix in ("", "-wal", "-shm") if os.path.exists(f"{index}{suffix}")}
        indexed = sizes["main"] + sizes.get("-wal", 0)
        result.measured = Series([Sample(indexed, 0, 0)])
        result.baseline = Series([Sample(text_bytes, 0, 0)])
        result.shown = (f"{indexed / 1e6:.1f} MB", f"{text_bytes / 1e6:.1f} MB", f"{indexed / text_bytes:.2f} ×")
        result.commands = [f"size of XDG_CACHE_HOME/feudcli/corpora/{index.name} (+ -wal) vs the bytes of the "
                           f"{len(self.files(root)):,} article files"]
        result.notes.append(", ".join(f"{name}: {value / 1e6:.1f} MB" for name, value in sizes.items()))
        return [result]

    def index_of(self, root: Path) -> Path | None:
        """The index file of the corpus at root: the SQLite file in the cache
        whose meta table names root (read directly, whatever feudcli's
        modules are called)."""
        import sqlite3

        for path in sorted((self.work / "cache" / "feudcli" / "corpora").glob("*.sqlite3")):
            try:
                connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                try:
                    row = connection.execute("SELECT value FROM meta WHERE key = 'root'").fetchone()
                finally:
                    connection.close()
            except sqlite3.Error:
                continue
            if row and Path(row[0]) == root.resolve():
                return path
        return None

    def row_edit(self, size: int) -> list[Result]:
        root = self.corpus(size)
        files = self.files(root)
        victim = files[len(files) // 2]
        original = victim.read_bytes()

        def edit(run: int) -> None:
            victim.write_bytes(original + f"\n\n（编辑 {run + 2}）\n".encode("utf-8"))

        result = Result(f"edit-{size}", f"search after editing one file of {size:,}",
                        target=f"≤ {EDIT_TARGET:g} × warm", limit=EDIT_TARGET)
        terms = Terms(self, root, "edit").draw(self.args.runs + 1)
        warm = self.search(size, terms, name="baseline")
        warm.shown += " (warm, no edit; same term)"
        edited = self.search(size, terms, before=edit)
        edited.shown += " (one file appended to before each run)"
        try:
            self.measure(result, edited, warm)
        finally:
            victim.write_bytes(original)
        result.notes.append(f"the file edited: {victim.relative_to(root)}")
        return [result]

    def empty_cache(self, caches: Path) -> Callable[[int], dict[str, str]]:
        """A Job's `before`: each run gets `caches`, emptied, as its XDG_CACHE_HOME."""
        def before(run: int) -> dict[str, str]:
            shutil.rmtree(caches, ignore_errors=True)
            caches.mkdir(parents=True)
            return dict(self.env, XDG_CACHE_HOME=str(caches))
        return before

    def row_cold(self, size: int) -> list[Result]:
        caches = self.work / "cold-caches"
        fresh = self.empty_cache(caches)
        limit = COLD_LIMIT_S.get(size)
        result = Result(f"cold-{size}", f"first run (index build), {size:,} articles", kind="seconds",
                        target=f"≤ {limit:g} s" if limit else "—", limit=limit)
        terms = Terms(self, self.corpus(size), "cold").draw(self.args.cold_runs + 1)
        try:
            self.measure(result, self.search(size, terms, before=fresh, tree=True), self.grep(size, terms),
                         runs=self.args.cold_runs)
        finally:
            shutil.rmtree(caches, ignore_errors=True)
        result.notes.append("each run with an empty XDG_CACHE_HOME; grep's time is for information")
        limit_mb = COLD_MEMORY_MB.get(size)
        memory = Result(f"memory-{size}", f"peak memory, first run, {size:,} articles", kind="memory",
                        measured=result.measured, error=result.error, limit=limit_mb,
                        target=f"≤ {limit_mb} MB" if limit_mb else "—", commands=result.commands[:1])
        if result.measured and result.measured.samples and not result.error:
            samples = result.measured.samples + [result.warmup]
            memory.notes.append(
                "the judged figure is the peak of the summed PSS of all feudcli processes (main and workers, "
                "shared pages counted once), sampled every 50 ms; also: largest single process "
                f"(ru_maxrss) {max(s.maxrss_kb for s in samples) / 1024:.0f} MB, peak summed RSS "
                f"{max(s.tree_rss_kb for s in samples) / 1024:.0f} MB (shared pages counted in each process), "
                f"{max(s.tree_procs for s in samples)} processes at most; over the warm-up and {len(samples) - 1} runs")
        return [result, memory]

    def row_discover(self, size: int) -> list[Result]:
        """`entities --total` with name discovery against `--no-discover`:
        first runs (each from an empty cache: the index, the table's counts
        and, for the measured one, discovery) and warm runs."""
        root = self.corpus(size)
        caches = self.work / "discover-caches"

        def entities(extra: list[str], name: str, before=None) -> Job:
            cmd = [self.feudcli, "--corpus", str(root), "entities", "--total", "--format", "tsv", *extra]
            shown = " ".join(["feudcli", "--corpus", f"DIR{size}", "entities", "--total", "--format", "tsv", *extra])
            return Job(cmd, self.env, shown, before, tree=True, name=name)

        first = Result(f"discover-{size}", f"name discovery, first `entities` run, {size:,} articles", kind="added",
                       target=f"adds ≤ {DISCOVER_ADDS_S:g} s", limit=DISCOVER_ADDS_S)
        try:
            self.measure(first, entities([], "measured", self.empty_cache(caches / "measured")),
                         entities(["--no-discover"], "baseline", self.empty_cache(caches / "baseline")),
                         runs=self.args.cold_runs)
        finally:
            shutil.rmtree(caches, ignore_errors=True)
        first.notes.append("each run with an empty XDG_CACHE_HOME (index build included in both)")
        if first.measured and first.measured.samples and not first.error:
            first.shown = (fmt_seconds(first.measured.median), fmt_seconds(first.baseline.median),
                           f"+{first.value:.1f} s")
        warm = Result(f"discover-warm-{size}", f"name discovery, warm `entities` run, {size:,} articles",
                      target=f"≤ {DISCOVER_WARM_TARGET:g} × --no-discover", limit=DISCOVER_WARM_TARGET)
        self.measure(warm, entities([], "measured"), entities(["--no-discover"], "baseline"))
        return [first, warm]

    def run(self) -> list[Result]:
        shutil.rmtree(self.work / "cache", ignore_errors=True)  # the first search warm-up builds the index
        self.outdir.mkdir(parents=True, exist_ok=True)
        only, sizes = self.args.only, sorted(self.args.sizes)
        small = 10_000 if 10_000 in sizes else sizes[0]
        # Search rows first: their warm-up builds the index the others use.
        plan: list[tuple[str, Callable[[], list[Result]]]] = []
        if "startup" in only:
            plan.append(("startup", self.row_startup))
        if "rich" in only:
            plan.append(("rich", self.row_rich))
        for size in sizes:
            for key, row in (("search", self.row_search), ("filtered", self.row_filtered), ("size", self.row_size)):
                if key in only:
                    plan.append((f"{key}-{size}", lambda size=size, row=row: row(size)))
            if size == small and "edit" in only:
                plan.append((f"edit-{size}", lambda: self.row_edit(small)))
        if "cold" in only:
            for size in sizes:
                plan.append((f"cold-{size}", lambda size=size: self.row_cold(size)))
        if "discover" in only:
            plan.append((f"discover-{small}", lambda: self.row_discover(small)))
        results: list[Result] = []
        for name, step in plan:
            before = self.code_state()
            try:
                made = step()
            except Exception as error:  # a harness problem in one row must not lose the others
                made = [Result(name, name, error=f"harness error: {error!r}")]
            after = self.code_state()
            for result in made:
                result.code = after
                if after.partition("source ")[2] != before.partition("source ")[2]:  # a commit alone is no change
                    result.code = f"{before} → {after}"
                    result.notes.append(f"**feudcli's source changed while this row ran** ({before} → {after})")
            results.extend(made)
        return results


def fmt_seconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def verdict(result: Result) -> str:
    if result.error:
        return "failed: " + result.error.replace("|", "\\|")
    value = result.value
    if value is None or result.limit is None:
        return "n/a"
    if value <= result.limit:
        return f"pass ({(1 - value / result.limit) * 100:.0f} % under)"
    return f"**miss** (+{(value / result.limit - 1) * 100:.0f} %)"


def table_row(result: Result) -> str:
    def peak(series: Series | None) -> str:
        return f"{series.peak_kb / 1024:.0f} MB" if series and series.samples else "—"

    done = not result.error and result.measured and result.measured.samples
    rss = "—"
    if result.shown and done:
        measured, baseline, ratio = result.shown
    elif result.kind == "memory":
        measured = f"{result.value:.0f} MB" if done else "—"
        baseline, ratio = "—", "—"
    else:
        measured = fmt_seconds(result.measured.median) if done else "—"
        baseline = fmt_seconds(result.baseline.median) if done and result.baseline else "—"
        ratio = f"{result.measured.median / result.baseline.median:.2f} ×" if done and result.baseline else "—"
        rss = f"{peak(result.measured)} / {peak(result.baseline)}" if done else "—"
    return f"| {result.what} | {measured} | {baseline} | {ratio} | {result.target} | {verdict(result)} | {rss} |"


def notes_for(result: Result) -> list[str]:
    notes = []
    if result.measured and result.measured.samples and result.kind in ("ratio", "seconds", "added") and not result.error:
        notes.append("runs: " + ", ".join(fmt_seconds(s) for s in result.measured.seconds)
                     + (" vs " + ", ".join(fmt_seconds(s) for s in result.baseline.seconds) if result.baseline else ""))
        ratios = result.pair_ratios()
        if ratios and result.kind == "ratio":
            notes.append(f"per-pair ratios: median {statistics.median(ratios):.2f} ×, "
                         f"range {min(ratios):.2f}–{max(ratios):.2f} ×")
        if result.warmup and not result.warmup.error:
            notes.append(f"warm-up run {fmt_seconds(result.warmup.seconds)}")
    return notes + result.notes


def report(results: list[Result], info: dict[str, str], args: argparse.Namespace, extra: str = "") -> str:
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    sizes = ",".join(str(s) for s in args.sizes)
    cold = f" --cold-runs {args.cold_runs}" if args.cold_runs != args.runs else ""
    lines = [
        "# Benchmarks", "",
        f"Written by `python benchmarks/run.py --sizes {sizes} --runs {args.runs}{cold}` on {now}.",
        f"Whole processes, medians of {args.runs} timed runs after one warm-up run"
        + (f" ({args.cold_runs} for first runs)" if cold else "") + ". Each command is timed in pairs with",
        "its baseline, the order alternating from pair to pair; **the ratio is the ratio of the two medians**",
        "(the notes give the median and range of the per-pair ratios too). Every search run, warm-up included,",
        "searches a new 2–3 character CJK term cut from a random place of a random article (seeded); grep",
        "looks for both its Simplified and Traditional forms. Peak RSS is the largest `ru_maxrss` of one",
        "process over the timed runs (feudcli / baseline). Corpora come from `benchmarks/generate.py`",
        f"(seed {args.seed}): 2.5–5.6 KB articles made of paragraphs of 62 real source articles (30 MDN pages",
        "in each script and the two seeds), so most terms match a minority of the files. feudcli runs with its",
        "bytecode compiled, as `pip install` leaves it, and its cache in the work directory.", "",
        "| what | measured | baseline | ratio | target | result | peak RSS |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [table_row(result) for result in results]
    lines += ["", "## Commands and notes", ""]
    for result in results:
        parts = [f"`{c}`" for c in result.commands]
        detail = " vs ".join(parts) if parts else ""
        extra_notes = "; ".join(notes_for(result))
        lines.append(f"- **{result.what}**: {detail}" + (f". {extra_notes}" if extra_notes else ""))
    lines += ["", "DIR*N* is a generated corpus of *N* articles; TERM is the run's new term. Rich output runs "
              "under `script` (a pseudo-terminal, COLUMNS=100), and so does its baseline.", "",
              "## Machine", ""]
    lines += [f"- {name}: {value}" for name, value in info.items()]
    lines.append(f"- load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    states = list(dict.fromkeys(result.code.rpartition("source ")[2] for result in results if result.code))
    if len(states) == 1 and not any("→" in result.code for result in results):
        lines.append(f"- feudcli measured: {results[-1].code} (the same source in every row)")
    elif states:
        lines.append("- feudcli measured: **not the same source in every row** (commit, digest of feudcli/**/*.py):")
        lines += [f"  - {result.what}: {result.code}" for result in results]
    if extra:
        lines += ["", extra.rstrip()]
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time feudcli against its baselines; write BENCHMARKS.md.")
    parser.add_argument("--sizes", default="10000,100000",
                        help="corpus sizes, comma-separated (default 10000,100000)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    parser.add_argument("--cold-runs", type=int, help="timed first runs (index builds) per size (default --runs)")
    parser.add_argument("--only", default=",".join(ROW_KEYS), help=f"rows to run, of: {','.join(ROW_KEYS)}")
    parser.add_argument("--workdir", type=Path, default=REPO / "benchmarks" / "corpora",
                        help="corpora, cache and scratch files (default benchmarks/corpora, git-ignored)")
    parser.add_argument("--output", type=Path, default=REPO / "BENCHMARKS.md", help="report file")
    parser.add_argument("--append", type=Path, default=Path(__file__).resolve().parent / "engine-choice.md",
                        help="a Markdown file added at the end of the report (default: benchmarks/engine-choice.md)")
    parser.add_argument("--seed", type=int, default=1, help="corpus and term seed (default 1)")
    parser.add_argument("--sources", type=Path, nargs="+", metavar="DIR",
                        help="the generator's source articles (default: its own, shipped in benchmarks/sources)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before one run is killed")
    parser.add_argument("--feudcli", type=Path, help="feudcli executable (default: beside this Python)")
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes takes numbers, e.g. 1000,10000")
    args.only = {OLD_KEYS.get(key.strip(), key.strip()) for key in args.only.split(",") if key.strip()}
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes needs at least one positive size")
    args.cold_runs = args.cold_runs or args.runs
    if args.runs < 1 or args.cold_runs < 1:
        parser.error("--runs and --cold-runs must be at least 1")
    if unknown := args.only - set(ROW_KEYS):
        parser.error(f"unknown rows {', '.join(sorted(unknown))}; choose from {', '.join(ROW_KEYS)}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    runner = Runner(args)
    info = machine(runner.python, runner.package_repo)
    results = runner.run()
    extra = args.append.read_text(encoding="utf-8") if args.append and args.append.exists() else ""
    text = report(results, info, args, extra)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
