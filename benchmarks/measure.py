"""Timing whole processes, and describing the machine they ran on.

Each command runs as its own process; wall time is taken around fork and
wait. Peak memory is the command's ru_maxrss, which covers the process and
every descendant it waited for (so a `script` wrapper reports the larger of
itself and the command it ran). Linux counts the memory a process had before
exec in that peak, and a child forked from this Python starts with its
memory: so the command is started by GNU time (`/usr/bin/time`, a 2 MB
process), which reports the true peak. Without GNU time, os.wait4's figure
is used and is never below this runner's own size.

ru_maxrss is the peak of the largest single process. A command that forks
workers (feudcli's first run builds its index on every core) uses more than
that at once, so run_once can also sample the whole process tree: every
command starts a session of its own, and a thread adds up the RSS and the
PSS (/proc/PID/smaps_rollup: shared pages divided among the processes that
share them, so forked workers are not counted twice) of every process in
that session, every 50 ms, and keeps the peaks.
"""

from __future__ import annotations

import os
import platform
import re
import signal
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

GNU_TIME = "/usr/bin/time"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


@dataclass
class Sample:
    seconds: float
    maxrss_kb: int
    returncode: int
    out_lines: int = 0
    error: str | None = None  # set when the command failed
    tree_rss_kb: int = 0  # peak of the summed RSS of the command's processes (when sampled)
    tree_pss_kb: int = 0  # peak of their summed PSS
    tree_procs: int = 0  # most processes seen at once


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_kb(self) -> int:
        return max(s.maxrss_kb for s in self.samples)

    @property
    def seconds(self) -> list[float]:
        return [s.seconds for s in self.samples]


class TreeSampler(threading.Thread):
    """Peaks of the summed RSS and PSS of the processes of one session."""

    def __init__(self, session: int, skip: int | None, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.session, self.skip, self.interval = session, skip, interval
        self.stopped = threading.Event()
        self.rss_kb = self.pss_kb = self.procs = 0

    def members(self) -> list[str]:
        found = []
        for name in os.listdir("/proc"):
            if not name.isdigit() or int(name) == self.skip:
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as handle:
                    fields = handle.read().rpartition(b")")[2].split()
            except OSError:
                continue
            if len(fields) > 3 and int(fields[3]) == self.session:  # state ppid pgrp session
                found.append(name)
        return found

    def measure(self) -> None:
        rss = pss = 0
        members = self.members()
        for name in members:
            try:
                with open(f"/proc/{name}/smaps_rollup", "rb") as handle:
                    for line in handle:
                        if line.startswith(b"Rss:"):
                            rss += int(line.split()[1])
                        elif line.startswith(b"Pss:"):
                            pss += int(line.split()[1])
            except (OSError, ValueError):
                continue
        self.rss_kb, self.pss_kb = max(self.rss_kb, rss), max(self.pss_kb, pss)
        self.procs = max(self.procs, len(members))

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.measure()

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def error_text(raw: bytes, limit: int = 200) -> str:
    """The most telling line of a failed command's output."""
    lines = [ANSI.sub("", line).strip() for line in raw.decode("utf-8", "replace").splitlines()]
    lines = [line.strip("│╭╮╰╯─ ") for line in lines]
    lines = [line for line in lines if line]
    if not lines:
        return "no output"
    for line in lines:
        if re.search(r"error|no such|not found|traceback", line, re.IGNORECASE):
            picked = line
            break
    else:
        picked = lines[-1]
    return picked[:limit]


def run_once(cmd: list[str], env: dict[str, str], out_path: Path, timeout: float,
             ok_codes: tuple[int, ...] = (0, 1), tree: bool = False) -> Sample:
    """Run cmd once with stdout to a regular file (not /dev/null, which GNU
    grep detects and answers like -q) and stderr to a file beside it; with
    tree, sample the memory of all its processes too (Linux only)."""
    tree = tree and os.path.exists("/proc/self/smaps_rollup")
    err_path, rss_path = out_path.with_suffix(".err"), out_path.with_suffix(".rss")
    if gnu_time():
        rss_path.unlink(missing_ok=True)
        cmd = [GNU_TIME, "-f", "%M", "-o", str(rss_path), *cmd]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        try:
            process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                       env=env, start_new_session=True)
        except OSError as error:
            return Sample(0.0, 0, 127, error=f"cannot start {cmd[0]}: {error.strerror or error}")
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        sampler = TreeSampler(process.pid, process.pid if gnu_time() else None) if tree else None
        if sampler:
            sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
            if sampler:
                sampler.stop()
        seconds = time.perf_counter() - started
    process.returncode = code = os.waitstatus_to_exitcode(status)
    with open(out_path, "rb") as out:
        out_lines = sum(chunk.count(b"\n") for chunk in iter(lambda: out.read(1 << 20), b""))
    sample = Sample(seconds, _reported_rss(rss_path) or usage.ru_maxrss, code, out_lines)
    if sampler:
        sample.tree_rss_kb, sample.tree_pss_kb, sample.tree_procs = sampler.rss_kb, sampler.pss_kb, sampler.procs
    if timed_out.is_set():
        sample.error = f"timed out after {timeout:.0f} s"
    elif code not in ok_codes:
        raw = err_path.read_bytes() or out_path.read_bytes()[-4000:]
        what = f"signal {-code}" if code < 0 else f"exit status {code}"
        sample.error = f"{what}: {error_text(raw)}"
    return sample


@lru_cache(maxsize=None)
def gnu_time() -> bool:
    return "GNU" in (first_line([GNU_TIME, "--version"]) or "")


def _reported_rss(path: Path) -> int | None:
    """GNU time's %M (KiB): the last line of its -o file."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").split()
        return int(lines[-1])
    except (OSError, ValueError, IndexError):
        return None


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def first_line(cmd: list[str]) -> str | None:
    """The first line a command prints ("" when silent), None when it fails."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    lines = (done.stdout or done.stderr).splitlines()
    return lines[0].strip() if lines else ""


def machine(python: str, repo: Path) -> dict[str, str]:
    cpuinfo = _read("/proc/cpuinfo")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    meminfo = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    commit = first_line(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"]) or "unknown"
    dirty = first_line(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"])
    return {
        "CPU": model.group(1).strip() if model else platform.processor() or "unknown",
        "cores": f"{usable} usable ({os.cpu_count()} online)",
        "RAM": f"{int(meminfo.group(1)) / 1024 / 1024:.1f} GiB" if meminfo else "unknown",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": first_line([python, "--version"]) or "unknown",
        "grep": first_line(["grep", "--version"]) or "unknown",
        "feudcli commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
