"""A build worker ends without the interpreter's teardown (processes._end_now): the pool's shutdown, which the
parent waits for before it writes the last segment, no longer waits for every object a worker made to be freed
one by one (0.4-0.9 s at 5k articles, at a load of 4). What shows it here: an exit handler registered before
the worker's own, which a teardown runs, is not run."""

from __future__ import annotations

import atexit
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from search.index.build import _Workers
from search.processes import bulk_worker


def _write(path: str) -> None:
    with open(path, "w") as out:
        out.write("torn down")


def _start(parent: int, path: str) -> None:
    atexit.register(_write, path)
    bulk_worker(parent)


def _pool(path: Path) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
                               initargs=(os.getpid(), str(path)))


def test_worker_ends_without_teardown(tmp_path: Path) -> None:
    mark = tmp_path / "mark"
    with _pool(mark) as pool:
        assert pool.submit(os.getpid).result() != os.getpid()
        workers = list(pool._processes.values())
    assert [w.exitcode for w in workers] == [0]  # a clean end is still said to be one
    assert not mark.exists()


def test_worker_results_all_arrive(tmp_path: Path) -> None:
    """Every result is sent before the worker ends (the last ones, large ones too)."""
    with _pool(tmp_path / "mark") as pool:
        futures = [pool.submit(bytes, 1 << 20) for _ in range(8)]
    assert [len(f.result()) for f in futures] == [1 << 20] * 8


def _explode() -> None:
    raise RuntimeError("a task the worker cannot read")


class _Unreadable:
    """A task's argument that the worker fails to unpickle: it dies outside any task, with a traceback."""

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (_explode, ())


def test_a_worker_dead_outside_a_task_is_seen_by_the_build(tmp_path: Path) -> None:
    """Its status is 0 (it ends through _end_now), but it ended while the pool runs: the build's own check, its way
    out of CPython 3.11's executor hanging when a worker dies, must see it (it looked for a status other than 0)."""
    workers = _Workers(1, None)  # type: ignore[arg-type]
    workers.pool = _pool(tmp_path / "mark")
    with workers:
        assert workers.pool.submit(os.getpid).result() != os.getpid()
        workers.pool.submit(os.getpid, _Unreadable())
        deadline = time.monotonic() + 30
        while all(p.exitcode is None for p in workers._workers()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [p.exitcode for p in workers._workers()] == [0]
        assert workers._broken()
