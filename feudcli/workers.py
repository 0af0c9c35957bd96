"""One worker pool for every job that runs on all cores: reading a corpus
into the index, deriving timelines and entities, converting articles.

Workers are forked, so the function may be any function (a closure over an
alias table, say) without being pickled; they ignore Ctrl-C, which the
parent alone handles and which stops them.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterable, Iterator

# Below this many items, starting worker processes costs more than it saves.
PARALLEL_MIN = 200
_function: Callable | None = None  # what workers run (inherited at fork)


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _start_worker() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(item):
    return _function(item)


def pool_map(function: Callable, items: list, chunksize: int = 0, workers: int | None = None) -> Iterator:
    """function(item) for each item, in order, on `workers` processes (all
    cores by default); in this process when there is one core or no fork."""
    workers = workers or cpu_count()
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    from concurrent.futures import ProcessPoolExecutor

    global _function
    _function = function
    context = multiprocessing.get_context("fork")
    chunksize = chunksize or max(1, len(items) // (workers * 8))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker) as pool:
            try:
                yield from pool.map(_run, items, chunksize=chunksize)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        _function = None


def compute_all(items: list, function: Callable, each: Callable[[list], Iterable] = iter) -> list:
    """[function(item) …], on all cores when there are many items; `each`
    wraps the items as they are done (a progress bar)."""
    if len(items) < PARALLEL_MIN:
        return [function(item) for item in each(items)]
    results = pool_map(function, items)
    return [result for _, result in zip(each(items), results)]
