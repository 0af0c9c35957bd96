"""Time feudcli against its baselines and write BENCHMARKS.md.

    python benchmarks/run.py [--sizes 10000,100000] [--runs 5] [--only warm,cold]

Run it with the project's Python (.venv/bin/python): feudcli is the
executable beside it. Every row times whole processes: one warm-up, then
--runs timed runs of the command and of its baseline, interleaved, so a busy
shared machine slows both alike; the table shows medians and the ratio.
Synthetic corpora are generated once into --workdir and reused. feudcli's
cache goes to --workdir too (XDG_CACHE_HOME), never to the user's.
A row that fails (a command missing, an error, a time-out) is reported as
failed with its error; the other rows still run.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from measure import Sample, Series, machine, run_once  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
QUERY = "马斯克"
GREP_PATTERN = "马斯克|馬斯克"
ROW_KEYS = ("startup", "rich", "warm", "cold", "edit", "memory")
# The targets (#6), by corpus size where they depend on it.
WARM_TARGET = {10_000: 2.0, 100_000: 1.0}
COLD_LIMIT = {10_000: 15.0}
EDIT_TARGET = {10_000: 1.2}
MEMORY_LIMIT_MB = {100_000: 1024}


@dataclass
class Job:
    cmd: list[str]
    env: dict[str, str]
    shown: str  # the command as the report shows it
    before: Callable[[int], dict[str, str] | None] | None = None  # may return an env for this run
    after: Callable[[int], None] | None = None
    ok_codes: tuple[int, ...] = (0, 1)


@dataclass
class Result:
    key: str
    what: str
    measured: Series | None = None
    baseline: Series | None = None
    warmup: Sample | None = None
    target: str = "—"
    limit: float | None = None  # ratio, seconds or MB, as `kind` says
    kind: str = "ratio"
    error: str | None = None
    commands: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def value(self) -> float | None:
        if self.error or self.measured is None:
            return None
        if self.kind == "seconds":
            return self.measured.median
        if self.kind == "memory":
            peaks = [s.maxrss_kb for s in self.measured.samples]
            peaks += [self.warmup.maxrss_kb] if self.warmup else []
            return max(peaks) / 1024
        return self.measured.median / self.baseline.median if self.baseline else None


class Runner:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = args.workdir.resolve()
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
        self.compile_feudcli()

    def compile_feudcli(self) -> None:
        found = subprocess.run([self.python, "-c", "import feudcli, os; print(os.path.dirname(feudcli.__file__))"],
                               capture_output=True, text=True, env=self.env)
        if found.returncode == 0 and found.stdout.strip():
            subprocess.run([self.python, "-m", "compileall", "-q", found.stdout.strip()], env=self.env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def log(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def corpus(self, size: int) -> Path:
        if size not in self.corpora:
            path = self.work / f"corpus-{size}"
            generate(path, size, self.args.seed, log=self.log)
            self.corpora[size] = path
        return self.corpora[size]

    def sample(self, job: Job, run: int, name: str) -> Sample:
        env = job.env
        if job.before:
            env = job.before(run) or env
        try:
            return run_once(job.cmd, env, self.outdir / f"{name}.out", self.args.timeout, job.ok_codes)
        finally:
            if job.after:
                job.after(run)

    def measure(self, result: Result, measured: Job, baseline: Job | None) -> Result:
        """Warm-up, then the timed runs, alternating which of the pair goes first."""
        self.log(f"== {result.what}")
        result.commands = [measured.shown] + ([baseline.shown] if baseline else [])
        result.measured, result.baseline = Series(), (Series() if baseline else None)
        if baseline:
            self.sample(baseline, -1, "baseline")
        result.warmup = first = self.sample(measured, -1, "measured")
        if first.error:
            result.error = first.error
            return result
        for run in range(self.args.runs):
            pair = [(measured, result.measured, "measured")]
            if baseline:
                pair.append((baseline, result.baseline, "baseline"))
            if run % 2:
                pair.reverse()
            for job, series, name in pair:
                got = self.sample(job, run, name)
                if got.error:
                    result.error = f"run {run + 1} of {name}: {got.error}"
                    return result
                series.samples.append(got)
            self.log(f"   run {run + 1}: {result.measured.samples[-1].seconds:.3f} s"
                     + (f" (baseline {result.baseline.samples[-1].seconds:.3f} s)" if baseline else ""))
        return result

    # -- the rows -------------------------------------------------------------

    def python_typer(self, wrap: bool = False, env: dict | None = None) -> Job:
        cmd = [self.python, "-c", "import typer"]
        shown = 'python -c "import typer"'
        if wrap:
            return Job(["script", "-eqc", shlex.join(cmd), "/dev/null"], env or self.env, f"script -qc '{shown}'")
        return Job(cmd, env or self.env, shown)

    def search(self, size: int, env: dict | None = None, before=None, after=None) -> Job:
        # -n 0 by default: list every match, as grep does (search stops at 20 otherwise).
        limit = [] if self.args.search_limit < 0 else ["-n", str(self.args.search_limit)]
        cmd = [self.feudcli, "--corpus", str(self.corpus(size)), "search", QUERY, "-l", *limit]
        shown = " ".join(["feudcli", "--corpus", f"DIR{size}", "search", QUERY, "-l", *limit])
        return Job(cmd, env or self.env, shown, before, after)

    def grep(self, size: int) -> Job:
        cmd = ["grep", "-rlE", GREP_PATTERN, str(self.corpus(size))]
        return Job(cmd, self.env, f"grep -rlE '{GREP_PATTERN}' DIR{size}")

    def row_startup(self) -> list[Result]:
        result = Result("startup", "start-up: `list --format tsv`, seeds", target="≤ 1.5 ×", limit=1.5)
        job = Job([self.feudcli, "list", "--format", "tsv"], self.env, "feudcli list --format tsv")
        return [self.measure(result, job, self.python_typer())]

    def row_rich(self) -> list[Result]:
        # A terminal from `script`; rich takes its size from COLUMNS/LINES.
        env = dict(self.env, TERM="xterm-256color", COLUMNS="100", LINES="40", PAGER="cat")
        cmd = ["script", "-eqc", shlex.join([self.feudcli, "search", QUERY]), "/dev/null"]
        job = Job(cmd, env, f"script -qc 'feudcli search {QUERY}'")
        result = Result("rich", "rich output: `search` on a terminal, seeds", target="≤ 2.5 ×", limit=2.5)
        return [self.measure(result, job, self.python_typer(wrap=True, env=env))]

    def row_warm(self, size: int) -> list[Result]:
        limit = WARM_TARGET.get(size)
        result = Result(f"warm-{size}", f"search, {size:,} articles, warm",
                        target=f"≤ {limit:g} × grep" if limit else "—", limit=limit)
        self.measure(result, self.search(size), self.grep(size))
        self.note_hits(result)
        rows = [result]
        if "memory" in self.args.only and size == self.memory_size:
            limit_mb = MEMORY_LIMIT_MB.get(size)
            memory = Result("memory", f"peak memory, search, {size:,} articles (cold first run and warm runs)",
                            measured=result.measured, warmup=result.warmup, error=result.error,
                            kind="memory", limit=limit_mb, target=f"≤ {limit_mb / 1024:g} GB" if limit_mb else "—",
                            commands=result.commands[:1])
            if result.warmup and not result.warmup.error:
                memory.notes.append(f"first (cold) run took {fmt_seconds(result.warmup.seconds)}, "
                                    f"peak {result.warmup.maxrss_kb / 1024:.0f} MB")
            rows.append(memory)
        return rows

    def row_cold(self, size: int) -> list[Result]:
        caches = self.work / "cold-caches"

        def fresh(run: int) -> dict[str, str]:
            shutil.rmtree(caches, ignore_errors=True)
            caches.mkdir(parents=True)
            return dict(self.env, XDG_CACHE_HOME=str(caches))

        limit = COLD_LIMIT.get(size)
        result = Result("cold", f"first run, {size:,} articles, cold cache", kind="seconds",
                        target=f"≤ {limit:g} s" if limit else "—", limit=limit)
        try:
            self.measure(result, self.search(size, before=fresh), self.grep(size))
        finally:
            shutil.rmtree(caches, ignore_errors=True)
        result.notes.append("each run with an empty XDG_CACHE_HOME; the ratio to grep is for information")
        return [result]

    def row_edit(self, size: int) -> list[Result]:
        root = self.corpus(size)
        files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
        victim = files[len(files) // 2]
        original = victim.read_bytes()

        def edit(run: int) -> None:
            victim.write_bytes(original + f"\n\n（编辑 {run + 2}）\n".encode("utf-8"))

        limit = EDIT_TARGET.get(size)
        result = Result("edit", f"after editing one file of {size:,}", target=f"≤ {limit:g} × warm" if limit else "—",
                        limit=limit)
        warm = self.search(size)
        warm.shown = f"{warm.shown} (warm, no edit)"
        edited = self.search(size, before=edit)
        edited.shown = f"{edited.shown} (one file appended to before each run)"
        try:
            self.measure(result, edited, warm)
        finally:
            victim.write_bytes(original)
        return [result]

    def note_hits(self, result: Result) -> None:
        if result.error or not result.baseline:
            return
        ours, theirs = result.measured.samples[-1].out_lines, result.baseline.samples[-1].out_lines
        same = "the same" if ours == theirs else "DIFFERENT"
        result.notes.append(f"feudcli listed {ours:,} files, grep {theirs:,} ({same})")

    @property
    def memory_size(self) -> int:
        return 100_000 if 100_000 in self.args.sizes else max(self.args.sizes)

    def run(self) -> list[Result]:
        shutil.rmtree(self.work / "cache", ignore_errors=True)  # the first search run is the cold build
        self.outdir.mkdir(parents=True, exist_ok=True)
        only, sizes = self.args.only, sorted(self.args.sizes)
        small = 10_000 if 10_000 in sizes else sizes[0]
        # Warm rows first: their warm-up builds the cache the edit row starts from.
        plan: list[tuple[str, Callable[[], list[Result]]]] = []
        if "startup" in only:
            plan.append(("startup", self.row_startup))
        if "rich" in only:
            plan.append(("rich", self.row_rich))
        for size in sizes:
            if "warm" in only or ("memory" in only and size == self.memory_size):
                plan.append((f"warm-{size}", lambda size=size: self.row_warm(size)))
            if size == small and "edit" in only:
                plan.append((f"edit-{size}", lambda: self.row_edit(small)))
            if size == small and "cold" in only:
                plan.append((f"cold-{size}", lambda: self.row_cold(small)))
        results: list[Result] = []
        for name, step in plan:
            try:
                results.extend(step())
            except Exception as error:  # a harness problem in one row must not lose the others
                results.append(Result(name, name, error=f"harness error: {error!r}"))
        return results


def fmt_seconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def verdict(result: Result) -> str:
    if result.error:
        return "failed: " + result.error.replace("|", "\\|")
    value = result.value
    if value is None or result.limit is None:
        return "n/a"
    return "pass" if value <= result.limit else f"miss (+{(value / result.limit - 1) * 100:.0f} %)"


def table_row(result: Result) -> str:
    def peak(series: Series | None) -> str:
        return f"{series.peak_kb / 1024:.0f} MB" if series and series.samples else "—"

    done = not result.error and result.measured and result.measured.samples
    if result.kind == "memory":
        measured = f"{result.value:.0f} MB" if done else "—"
        baseline, ratio = "—", "—"
    else:
        measured = fmt_seconds(result.measured.median) if done else "—"
        baseline = fmt_seconds(result.baseline.median) if done and result.baseline else "—"
        ratio = f"{result.measured.median / result.baseline.median:.2f} ×" if done and result.baseline else "—"
    rss = f"{peak(result.measured)} / {peak(result.baseline)}" if done and result.kind != "memory" else "—"
    return f"| {result.what} | {measured} | {baseline} | {ratio} | {result.target} | {verdict(result)} | {rss} |"


def report(results: list[Result], info: dict[str, str], args: argparse.Namespace) -> str:
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    sizes = ",".join(str(s) for s in args.sizes)
    lines = [
        "# Benchmarks", "",
        f"Written by `python benchmarks/run.py --sizes {sizes} --runs {args.runs}` on {now}.",
        f"Medians of {args.runs} runs of whole processes after one warm-up run; each ratio is against",
        "its baseline, measured in the same session and interleaved with it. Peak RSS is the",
        "largest `ru_maxrss` over the timed runs (feudcli / baseline). Corpora are synthetic",
        "(`benchmarks/generate.py`, seed {}), ≈ 5 KB articles in both scripts. feudcli runs with".format(args.seed),
        "its bytecode compiled, as `pip install` leaves it.", "",
        "| what | measured | baseline | ratio | target | result | peak RSS |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [table_row(result) for result in results]
    lines += ["", "## Commands and notes", ""]
    for result in results:
        parts = [f"`{c}`" for c in result.commands]
        detail = " vs ".join(parts) if parts else ""
        extra = "; ".join(result.notes)
        lines.append(f"- {result.what}: {detail}" + (f". {extra}" if extra else ""))
    lines += ["", "DIR*N* is a generated corpus of *N* articles. Rich output runs under `script` "
              "(a pseudo-terminal, COLUMNS=100), and so does its baseline.", "",
              "## Machine", ""]
    lines += [f"- {name}: {value}" for name, value in info.items()]
    lines.append(f"- load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time feudcli against its baselines; write BENCHMARKS.md.")
    parser.add_argument("--sizes", default="10000,100000",
                        help="corpus sizes, comma-separated (default 10000,100000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--only", default=",".join(ROW_KEYS), help=f"rows to run, of: {','.join(ROW_KEYS)}")
    parser.add_argument("--workdir", type=Path, default=REPO / "benchmarks" / "corpora",
                        help="corpora, cache and scratch files (default benchmarks/corpora, git-ignored)")
    parser.add_argument("--output", type=Path, default=REPO / "BENCHMARKS.md", help="report file")
    parser.add_argument("--seed", type=int, default=1, help="corpus generator seed (default 1)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before one run is killed")
    parser.add_argument("--search-limit", type=int, default=0,
                        help="-n passed to `search -l` (default 0: every match, like grep; -1: feudcli's default)")
    parser.add_argument("--feudcli", type=Path, help="feudcli executable (default: beside this Python)")
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes takes numbers, e.g. 1000,10000")
    args.only = {key.strip() for key in args.only.split(",") if key.strip()}
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes needs at least one positive size")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if unknown := args.only - set(ROW_KEYS):
        parser.error(f"unknown rows {', '.join(sorted(unknown))}; choose from {', '.join(ROW_KEYS)}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    runner = Runner(args)
    info = machine(runner.python, REPO)
    results = runner.run()
    text = report(results, info, args)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
