"""Reading many article files: in worker processes when there are many, in runs with progress.

Parsing is CPU work in Python, so a large folder is read by a pool of processes, one per core,
each given runs of files and sending back its results compactly pickled (newsreader.loading.cache),
the paths as positions in the run. A small folder is read in this process, where starting
processes would cost more than it saves; so is anything the pool could not read.
`map_in_processes` shares other per-article work (preparing texts) the same way.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, TypeVar

from newsreader.loading.article_file import load_file
from newsreader.loading.record_codec import dump_records, load_records
from newsreader.model.records import LoadResult

T = TypeVar("T")
R = TypeVar("R")

# Fewer files than this are read in this process.
PARALLEL_MIN_FILES = 500
# Files a worker reads per run: enough that sending the run costs little, few enough that
# results come back several times a second for progress.
RUN_FILES = 200
# Files read in this process between two looks at the progress.
SERIAL_RUN_FILES = 50
# Linux's prctl option asking for a signal when the parent process ends.
_PR_SET_PDEATHSIG = 1


def worker_count() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def read_runs(
    files: Sequence[Path], max_bytes: int, *, workers: int | None = None
) -> Iterator[tuple[int, list[LoadResult], bytes | None]]:
    """(position of a run's first file, its results, the results as pickled by the worker
    that read them, if one did) for runs of `files`, as they are read.

    Runs come in the order they finish; together they cover every file once. `workers` (by
    default one per core) above 1 reads a folder of PARALLEL_MIN_FILES or more in a pool.
    """
    workers = worker_count() if workers is None else workers
    if workers > 1 and len(files) >= PARALLEL_MIN_FILES:
        yield from _read_in_pool(files, max_bytes, workers)
    else:
        yield from _read_here(files, max_bytes, range(0, len(files), SERIAL_RUN_FILES))


def _read_here(
    files: Sequence[Path], max_bytes: int, starts: Sequence[int], size: int = SERIAL_RUN_FILES
) -> Iterator[tuple[int, list[LoadResult], bytes | None]]:
    for start in starts:
        yield start, [load_file(path, max_bytes) for path in files[start : start + size]], None


def _read_in_pool(
    files: Sequence[Path], max_bytes: int, workers: int
) -> Iterator[tuple[int, list[LoadResult], bytes | None]]:
    starts = range(0, len(files), RUN_FILES)
    pending: dict[Future[bytes], int] = {}
    left: list[int] = []
    # Related stories and providers recur across files: one object each, for all runs.
    interned: dict[object, object] = {}
    try:
        context = _context()
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=die_with_parent,
            # A forked worker's parent is this process; a fork server's are the server's.
            initargs=(os.getpid() if context.get_start_method() == "fork" else None,),
        )
    except (OSError, ValueError, NotImplementedError):
        # No processes here (a sandbox without semaphores, say): read in this process.
        yield from _read_here(files, max_bytes, starts, RUN_FILES)
        return
    try:
        for start in starts:
            run = [str(path) for path in files[start : start + RUN_FILES]]
            pending[pool.submit(_read_run, run, max_bytes)] = start
        for future in as_completed(pending):
            # Dropped as it is taken: a finished future holds its run's pickled records.
            start = pending.pop(future)
            try:
                data = future.result()
            except BrokenProcessPool:
                # A worker died (killed, or out of memory): its runs are read here.
                left.append(start)
                continue
            yield (
                start,
                load_records(data, files[start : start + RUN_FILES], interned=interned),
                data,
            )
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    yield from _read_here(files, max_bytes, sorted(left), RUN_FILES)


# The function and items of the map being run: forked workers inherit them, unpickled.
_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def map_in_processes(
    function: Callable[[T], R], items: Sequence[T], *, workers: int | None = None
) -> list[R]:
    """`[function(item) for item in items]`, shared among forked worker processes when there
    are many items and forking is safe (Linux, this the only thread); else in this process.

    The workers inherit `function` and `items` as they are, so neither needs pickling; each
    result comes back pickled, so results should be small.
    """
    global _JOB
    workers = worker_count() if workers is None else workers
    if workers < 2 or len(items) < PARALLEL_MIN_FILES or not _fork_is_safe() or _JOB is not None:
        return [function(item) for item in items]
    size = -(-len(items) // (workers * 4))
    _JOB = (function, items)
    try:
        with ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            futures = [
                pool.submit(_map_range, start, min(start + size, len(items)))
                for start in range(0, len(items), size)
            ]
            return [result for future in futures for result in future.result()]
    except (OSError, BrokenProcessPool):
        return [function(item) for item in items]
    finally:
        _JOB = None


def _map_range(start: int, stop: int) -> list[Any]:
    assert _JOB is not None, "map_in_processes runs in forked workers only"
    function, items = _JOB
    return [function(items[index]) for index in range(start, stop)]


def _read_run(names: list[str], max_bytes: int) -> bytes:
    """In a worker: load each file, and pickle the results with paths as positions."""
    paths = [Path(name) for name in names]
    return dump_records([load_file(path, max_bytes) for path in paths], paths)


def die_with_parent(parent: int | None = None) -> None:
    """Have the system end this worker process when its parent dies (Linux), so that a
    command killed mid-load (`kill -9`) leaves no workers behind; run as each one starts.

    A parent-death signal (prctl PR_SET_PDEATHSIG) comes when the parent ends; a parent that
    ended before it was asked for (`parent` is no longer this process's parent) ends it now.
    A fork server's workers die with the server, which ends with the process it serves.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _fork_is_safe() -> bool:
    # A process forked while other threads run can inherit locks they hold, never released.
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _context() -> BaseContext:
    """fork where it is safe and cheap (Linux, no other threads), else a fork server."""
    if _fork_is_safe():
        return multiprocessing.get_context("fork")
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["newsreader.loading.workers"])
        return context
    return multiprocessing.get_context("spawn")
