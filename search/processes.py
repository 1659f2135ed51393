"""Child processes that die with their parent: a killed run leaves no process behind (index workers, the
export's search-data writer); the process settings of bulk work (the cycle collector's, the allocator's)."""

from __future__ import annotations

import atexit
import gc
import os
import pickle
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar, cast

from .errors import SearchError

T = TypeVar("T")


def _libc(function: str, *args: int) -> int | None:
    """glibc's ``function(*args)``; None where there is no glibc (not Linux, or another C library) or no such
    function in it."""
    try:
        import ctypes

        return int(getattr(ctypes.CDLL("libc.so.6", use_errno=True), function)(*args))
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (``PR_SET_PDEATHSIG``); exit at once if the parent
    ``parent`` already died before the request. (Not Linux: workers still end when their pipe to the parent
    closes.)"""
    _libc("prctl", 1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


# Python's cycle collector runs its youngest generation every 700 new container objects. Indexing makes
# millions of short-lived ones (a list of positions per distinct word, tuples, dicts) and almost no cycles, so
# most of those passes find nothing: measured on the 5k benchmark corpus, preparing every article took 12%
# less time with a young generation of 50,000 (7.6-8.4 s -> 6.6-7.1 s, three runs each, 0 cycles found
# either way). Cycles are still collected, less often; memory stays bounded by what a chunk holds.
BULK_GC_THRESHOLD = (50_000, 20, 100)


# glibc's malloc serves a block of 128 KiB or more (a chunk's pickled result, an array of a segment's postings)
# with mmap and gives it back to the system when it is freed, but it then raises that threshold to the freed block's
# size (its "dynamic" threshold, up to 32 MiB): the next such blocks come from the heap, which gives memory back
# only from its top, and its free holes stay resident: over a build of 30k articles the indexing process's heap
# grew 36 -> 156 MiB while its live Python objects did not (tracemalloc), and a 100k build's tree peak came within
# 2-6% of the 1 GB goal. The writer fixes the threshold once a build commits a segment and goes on (writer.py):
# 100k builds' tree peak 925-942 -> 885-899 MiB, their time the same (3 pairs). Fixed from the start in the
# indexing process, 864-871 MiB, but a 5k build (one segment) took 9% longer, its segment's arrays mapped afresh
# page by page (15% with the workers fixed too); ``malloc_trim`` after each segment changed nothing.
MMAP_THRESHOLD = 128 * 1024
_M_MMAP_THRESHOLD = -3  # mallopt's parameter (malloc.h)


def bounded_heap() -> None:
    """Large blocks always mapped (``MMAP_THRESHOLD``) in this process from now on, for the rest of its life: the
    memory bulk work frees goes back to the system. Nothing where the C library is not glibc."""
    _libc("mallopt", _M_MMAP_THRESHOLD, MMAP_THRESHOLD)


@contextmanager
def bulk_gc() -> Iterator[None]:
    """Fewer cycle-collector passes while bulk work runs (``BULK_GC_THRESHOLD``); the previous setting after."""
    before = gc.get_threshold()
    gc.set_threshold(*BULK_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def children_ignore_ctrl_c() -> Iterator[None]:
    """Processes spawned inside ignore SIGINT from their first instruction (an ignored signal stays ignored
    across exec, and Python then installs no KeyboardInterrupt for it). Ctrl-C at a terminal reaches the whole
    process group: each spawned worker printed its own KeyboardInterrupt traceback under the parent's message;
    the parent, which gets the signal too, stops them. This process's own handler is back on leaving (only the
    main thread can set it: off it, nothing is changed). It covers only what starts inside: a worker also
    ignores SIGINT itself (``bulk_worker``), whenever and from whichever thread it was started."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def bulk_worker(parent: int) -> None:
    """A worker process's first step: it ignores Ctrl-C (``parent`` stops it), dies with ``parent``, does
    bulk work (``bulk_gc``) for its life and ends without tearing its objects down (``_end_now``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    gc.set_threshold(*BULK_GC_THRESHOLD)
    atexit.register(_end_now)


def _end_now() -> None:
    """A worker's end, once its pool has shut it down: the interpreter's teardown freed every object a worker
    had made one by one (its numbered words, ICU's runs, the analyzers' caches), 0.4-0.9 s that the parent,
    waiting for the workers to end before it writes the last segment, spent doing nothing (5k build). By then
    multiprocessing has sent every result, run its own exit handler and flushed the standard streams
    (``BaseProcess._bootstrap``); the handlers registered before this one (multiprocessing's) are skipped, with
    the rest of the teardown. Its status is 0: a worker that failed in the middle of a task ended without a
    result, which the executor reports as a broken pool whatever the status (a killed one runs no exit handler:
    its signal is its status). (A forked worker, ``build.start_method``, never gets here: multiprocessing ends a
    forked process with ``os._exit`` once its work returns, without the teardown either.)"""
    os._exit(0)


class Forked(Generic[T]):
    """``work()`` run in a forked child process while this one goes on: ``wait()`` returns its result (pickled
    back through a pipe) or raises ``error`` with the child's exception, ``cancel()`` stops it. The child dies
    with its parent. The child shares this process's open files, and with them their offsets: ``work`` must
    open what it reads itself."""

    def __init__(self, pid: int, pipe: int, what: str, error: type[SearchError]) -> None:
        self.pid, self.pipe, self.what, self.error = pid, pipe, what, error

    @classmethod
    def start(cls, work: Callable[[], T], what: str, error: type[SearchError] = SearchError) -> Forked[T] | None:
        """None where processes cannot be forked (the caller then does the work itself)."""
        if not hasattr(os, "fork"):
            return None
        parent = os.getpid()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read_end)
            status = 1
            try:
                die_with_parent(parent)
                result: tuple[Any, ...] = ("ok", work())
                status = 0
            except BaseException as e:  # sent to the parent, which raises it
                result = ("error", type(e).__name__, getattr(e, "message", str(e)), getattr(e, "hint", None),
                          isinstance(e, OSError))
            try:
                with os.fdopen(write_end, "wb") as out:
                    pickle.dump(result, out)
            finally:
                os._exit(status)
        os.close(write_end)
        return cls(pid, read_end, what, error)

    def wait(self) -> T:
        with os.fdopen(self.pipe, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        if not data:
            raise self.error(f"the process {self.what} died (wait status {status}).",
                             hint="Run the same command again: what was written is kept and completed.")
        result = pickle.loads(data)
        if result[0] == "error":
            _, kind, message, hint, is_os_error = result
            if is_os_error:
                raise OSError(message)
            raise self.error(f"{self.what} failed: {kind}: {message}", hint=hint)
        return cast(T, result[1])

    def cancel(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.pipe)
