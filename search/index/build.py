"""Folders of articles -> the index, incrementally, with the expensive work in worker processes.

A run walks the given paths and compares each file with what the index holds (size and mtime first; then,
file parsed, each article's hash): unchanged articles cost nothing, new ones are added, changed ones
re-indexed, and articles whose files are gone from the walked folders removed. Bad files and records are
reported and skipped; the rest is indexed.

The pipeline::

    parent:   walk -> parse (cheap) -> decide -> chunks of documents ─┐        ┌─> bulk writer (segments)
    workers:                                  enrich + analyse (prepare.py) ┘

Workers are started fresh (``spawn``: they inherit no lock and no open index file) and are killed with
their parent (Linux ``PR_SET_PDEATHSIG``). A worker that dies fails the run loudly (its chunk is lost, and the
run does not report success); what was committed stays, and the next run completes it. Segments are
committed as they fill (``writer.py``), so a killed run loses one segment's worth at most.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParseError, SearchError
from ..ingest import parse_file, walk
from ..ingest.sanitize import clean
from ..officials.registry import load_registry
from ..records import Document, IndexReport, Skipped
from . import store
from .prepare import Options, Prepared, PreparedDoc, prepare
from .schema import FORMAT_VERSION
from .writer import Indexed, IndexLock, IndexWriter, fingerprint

Progress = Callable[[int, int], None]  # (done, total)
CHUNK_DOCS = 48  # documents per task sent to a worker
PARALLEL_MIN_BYTES = 2_000_000  # less to parse than this: starting workers costs more than it saves


class IndexingFailedError(SearchError):
    """A worker process died (killed, out of memory): the run did not index everything."""


def build_index(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    *,
    rebuild: bool = False,
    lang: str | None = None,
    procs: int | None = None,
    registry: str | Path | None = None,
    progress: Progress | None = None,
) -> IndexReport:
    """Index the articles under ``paths`` into ``index_dir``; returns what was done.

    Incremental unless ``rebuild``. ``lang`` forces one language for every article. ``procs`` is the number
    of worker processes (default: the machine's cores, at most 4). ``registry`` is a TOML file of your own
    officials, applied on top of the packaged registry; the index keeps a copy and uses it for later runs and
    queries. Articles indexed with another registry are tagged again (reported as updated).
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    roots = [Path(p) for p in paths]
    report = IndexReport(index_dir=str(index_dir), rebuilt=rebuild)
    lock = IndexLock(index_dir)
    try:
        report.recovered = store.remove_leftovers(index_dir)
        with IndexWriter.open(index_dir, rebuild) as writer:
            user_file = Path(registry) if registry is not None else store.saved_registry(index_dir)
            digest = load_registry(user_file)[1]  # raises for a malformed file, before anything is written
            if registry is not None:
                store.save_registry(index_dir, Path(registry))
                user_file = store.saved_registry(index_dir)
            run = _Run(writer, report, Options(lang, user_file), f"{FORMAT_VERSION}.{lang or ''}.{digest}")
            run.run(roots, procs or min(os.cpu_count() or 1, 4), progress)
            report.languages, report.total = writer.languages()
            writer.save_arrays()
    finally:
        lock.release()
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class _Chunk:
    docs: list[Document] = field(default_factory=list)
    stats: list[str] = field(default_factory=list)  # each document's file stat key
    hashes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # each document's file, as walked (for messages)


class _Run:
    def __init__(self, writer: IndexWriter, report: IndexReport, options: Options, version: str) -> None:
        self.writer = writer
        self.report = report
        self.options = options
        self.version = version  # what else an article's hash depends on: format, forced language, registry
        self.indexed = writer.indexed()
        self.seen_ids: dict[str, str] = {}  # id -> path that claimed it in this run

    def run(self, roots: list[Path], procs: int, progress: Progress | None) -> None:
        by_path: dict[str, list[Indexed]] = {}
        for d in self.indexed.values():
            by_path.setdefault(d.path, []).append(d)
        to_parse: list[tuple[Path, str]] = []
        for path, stat in walk(roots, self.report.skipped):
            key = os.path.abspath(path)
            olds = by_path.get(key, [])
            # Same size and mtime, hashed with the same version: unchanged without reading the file.
            if olds and all(o.stat == stat and o.hash.endswith("." + self.version) for o in olds):
                self.report.unchanged += len(olds)
                for o in olds:
                    self.seen_ids[o.id] = key
            else:
                to_parse.append((path, stat))
        size = sum(int(stat.partition(":")[0]) for _, stat in to_parse)
        parallel = procs > 1 and size >= PARALLEL_MIN_BYTES
        with _Workers(procs if parallel else 0, self.options) as workers:
            for chunk, prepared in workers.map(self.chunks(to_parse, progress)):
                self.write(chunk, prepared)
        # Documents whose files are gone (or whose JSONL lines are gone) from the walked folders.
        abs_roots = [os.path.abspath(r) for r in roots]
        for d in self.indexed.values():
            if d.id in self.seen_ids:
                continue
            if any(d.path == r or d.path.startswith(r.rstrip(os.sep) + os.sep) for r in abs_roots):
                self.writer.delete(d.id)
                self.report.removed += 1
        self.writer.commit()

    def chunks(self, files: list[tuple[Path, str]], progress: Progress | None) -> Iterator[_Chunk]:
        """The documents to prepare, parsed file by file in this process, in chunks."""
        chunk = _Chunk()
        for n, (path, stat) in enumerate(files, start=1):
            for doc in self.parse(path, stat):
                chunk.docs.append(doc)
                chunk.stats.append(stat)
                chunk.hashes.append(f"{doc.content_hash}.{self.version}")
                chunk.files.append(str(path))
                if len(chunk.docs) >= CHUNK_DOCS:
                    yield chunk
                    chunk = _Chunk()
            if progress:
                progress(n, len(files))
        if chunk.docs:
            yield chunk

    def parse(self, path: Path, stat: str) -> Iterator[Document]:
        """The file's documents that must be (re)written; unchanged ones are counted and left alone."""
        report, key = self.report, os.path.abspath(path)
        try:
            items = list(parse_file(path))
        except ParseError as e:
            report.skipped.append(Skipped(str(path), e.reason, e.line))
            return
        for item in items:
            if isinstance(item, ParseError):
                report.skipped.append(Skipped(str(path), item.reason, item.line))
                continue
            try:
                doc = clean(item.with_(path=key), str(path))
            except ParseError as e:
                report.skipped.append(Skipped(str(path), f"article {item.id!r}: {e.reason}", e.line))
                continue
            if doc.id in self.seen_ids:
                report.skipped.append(Skipped(str(path), f"duplicate id {doc.id!r}: already taken by "
                                                         f"{self.seen_ids[doc.id]}"))
                continue
            self.seen_ids[doc.id] = key
            old = self.indexed.get(doc.id)
            if old is not None and old.hash == f"{doc.content_hash}.{self.version}" and old.path == key \
                    and old.stat == stat:
                report.unchanged += 1  # the file changed, this article did not
                continue
            yield doc

    def write(self, chunk: _Chunk, prepared: Prepared) -> None:
        keep, prints, replace = [], [], []
        for i, item in enumerate(prepared.docs):
            if not isinstance(item, PreparedDoc):
                self.report.skipped.append(Skipped(chunk.files[i], str(item)))
                continue
            doc = item.article.doc
            for note in doc.notes:
                self.report.notes.append(Skipped(chunk.files[i], note))
            old = self.indexed.get(doc.id)
            if old is not None and old.hash == chunk.hashes[i]:
                self.report.unchanged += 1  # touched or moved: written again for its new stat and path
            elif old is None:
                self.report.added += 1
            else:
                self.report.updated += 1
            keep.append(i)
            prints.append(fingerprint(chunk.stats[i], chunk.hashes[i]))
            replace.append(old is not None)
        self.writer.add_prepared(prepared, keep, prints, replace)


class _Workers:
    """Chunks prepared by worker processes (or in this process, ``procs`` 0), results in input order,
    at most a few chunks in flight (memory stays bounded)."""

    def __init__(self, procs: int, options: Options) -> None:
        self.options = options
        self.pool: ProcessPoolExecutor | None = None
        if procs:
            import multiprocessing

            self.pool = ProcessPoolExecutor(procs, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_die_with_parent, initargs=(os.getpid(),))
        self.window = max(2, 2 * procs)

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def map(self, chunks: Iterable[_Chunk]) -> Iterator[tuple[_Chunk, Prepared]]:
        if self.pool is None:
            for chunk in chunks:
                yield chunk, prepare(chunk.docs, self.options)
            return
        pending: deque[tuple[_Chunk, Future[Prepared]]] = deque()
        try:
            for chunk in chunks:
                pending.append((chunk, self.pool.submit(prepare, chunk.docs, self.options)))
                if len(pending) >= self.window:
                    done, future = pending.popleft()
                    yield done, future.result()
            while pending:
                done, future = pending.popleft()
                yield done, future.result()
        except BrokenProcessPool:
            raise IndexingFailedError(
                "A worker process died (killed, or out of memory): this run did not index everything.",
                hint="What was committed is kept; run the same command again to complete it.") from None


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies, so that a killed run leaves no process behind."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: workers still end when the pool's pipe to their parent closes
    if os.getppid() != parent:  # the parent died while this worker was starting, before the request above
        os._exit(1)
