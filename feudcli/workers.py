"""Worker processes for the long jobs (converting a corpus, the first read
of a large corpus, timeline and entities): one pool, used by all of them.

The workers never outlive the run. The parent alone handles Ctrl-C and
SIGTERM (both reach a whole process group from a terminal); when it stops
early, for whatever reason, it kills its workers. And if the parent itself
is killed outright (SIGKILL, a crash), each worker notices within a fraction
of a second that its parent is gone and exits: otherwise it would wait for
work on its pipe forever.
"""

from __future__ import annotations

import os
from typing import Callable, Iterable, Iterator

# How often a worker looks for its parent.
PARENT_CHECK_SECONDS = 0.2

_function: Callable | None = None  # what forked workers run (inherited, never pickled)


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _watch_parent(parent: int) -> None:
    import time

    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        # An orphan is adopted by init or a subreaper: its parent id changes.
        if os.getppid() != parent:
            os._exit(1)


def _start_worker(parent: int) -> None:
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _call(item):
    return _function(item)


def _kill_workers(pool) -> None:
    # Waiting for the workers to finish their chunks could take seconds;
    # the run is over, so they are killed (they ignore SIGTERM).
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.kill()
        except (OSError, AttributeError):
            pass


def process_map(function: Callable, items: list, workers: int, chunksize: int = 1) -> Iterator:
    """function(item) for each item, in order, on `workers` processes (in
    this process when workers <= 1). Where processes are forked, `function`
    may be any callable (a closure); elsewhere it must pickle. Closing the
    iterator early, or an exception in it, stops the workers at once."""
    global _function
    if workers <= 1 or not items:
        yield from map(function, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    forked = can_fork()
    context = multiprocessing.get_context("fork" if forked else "spawn")
    if forked:
        _function = function
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(),))
    finished = False
    try:
        results = pool.map(_call if forked else function, items, chunksize=max(1, chunksize))
        for done, result in enumerate(results, 1):
            finished = done == len(items)  # a caller may stop at the last one without asking for more
            yield result
    finally:
        if not finished:
            _kill_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)
        if forked:
            _function = None


# Below this many items, starting worker processes costs more than it saves.
PARALLEL_MIN = 200


def compute_all(items: list, function: Callable, each: Callable[[list], Iterable] = iter) -> list:
    """[function(item) …], on all cores when there are many items; `each`
    wraps the items as they are done (a progress bar)."""
    workers = cpu_count()
    if len(items) < PARALLEL_MIN or workers < 2 or not can_fork():
        return [function(item) for item in each(items)]
    results = process_map(function, items, workers, chunksize=len(items) // (workers * 8))
    return [result for result, _ in zip(results, each(items))]
