"""Folders of articles -> the index, incrementally.

A run walks the given paths, compares each file with what the index holds (size and mtime first, then the
content hash), and writes only what changed: new files are added, changed ones re-indexed, documents whose
files are gone from the walked folders removed. Bad files are reported and skipped; the rest is indexed.
Writes are committed in batches, so a run that is killed loses at most one batch, and the next run picks
up what is missing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import ParseError, SearchError
from ..ingest import enrich, parse_file, walk
from ..officials.registry import Registry, load_registry
from ..records import IndexReport, Skipped
from . import store
from .writer import Indexed, IndexLock, IndexWriter, indexed_hash

Progress = Callable[[int, int], None]  # (done, total)


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
    of writer processes (default: the machine's cores, at most 4). ``registry`` is a TOML file of your own
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
        with IndexWriter.open(index_dir, rebuild, procs or min(os.cpu_count() or 1, 4)) as writer:
            user_file = Path(registry) if registry is not None else store.saved_registry(index_dir)
            loaded = load_registry(user_file)  # raises for a malformed file, before anything is written
            if registry is not None:
                store.save_registry(index_dir, Path(registry))
            _Run(writer, report, lang, loaded).run(roots, progress)
            report.languages, report.total = writer.languages()
            writer.save_arrays()
    finally:
        lock.release()
    report.seconds = time.perf_counter() - started
    return report


class _Run:
    def __init__(self, writer: IndexWriter, report: IndexReport, lang: str | None,
                 registry: tuple[Registry, str]) -> None:
        self.writer = writer
        self.report = report
        self.lang = lang
        self.registry, self.digest = registry
        self.indexed = writer.indexed()
        self.seen_ids: dict[str, str] = {}  # id -> path that claimed it in this run

    def run(self, roots: list[Path], progress: Progress | None) -> None:
        by_path: dict[str, list[Indexed]] = {}
        for d in self.indexed.values():
            by_path.setdefault(d.path, []).append(d)
        to_parse: list[tuple[Path, str]] = []
        for path, stat in walk(roots, self.report.skipped):
            key = os.path.abspath(path)
            olds = by_path.get(key, [])
            # Same size and mtime, tagged with the same registry: unchanged without reading the file.
            if olds and all(o.stat == stat and o.hash.endswith("." + self.digest) for o in olds):
                self.report.unchanged += len(olds)
                for o in olds:
                    self.seen_ids[o.id] = key
            else:
                to_parse.append((path, stat))
        self.writer.expect(len(to_parse))
        for n, (path, stat) in enumerate(to_parse, start=1):
            self.file(path, stat)
            if progress:
                progress(n, len(to_parse))
        # Documents whose files are gone (or whose JSONL lines are gone) from the walked folders.
        abs_roots = [os.path.abspath(r) for r in roots]
        for d in self.indexed.values():
            if d.id in self.seen_ids:
                continue
            if any(d.path == r or d.path.startswith(r.rstrip(os.sep) + os.sep) for r in abs_roots):
                self.writer.delete(d.id)
                self.report.removed += 1
        self.writer.commit()

    def file(self, path: Path, stat: str) -> None:
        report = self.report
        key = os.path.abspath(path)
        try:
            items = list(parse_file(path))
        except ParseError as e:
            report.skipped.append(Skipped(str(path), e.reason, e.line))
            return
        for item in items:
            if isinstance(item, ParseError):
                report.skipped.append(Skipped(str(path), item.reason, item.line))
                continue
            doc = item.with_(path=key)
            if doc.id in self.seen_ids:
                report.skipped.append(Skipped(str(path), f"duplicate id {doc.id!r}: already taken by "
                                                         f"{self.seen_ids[doc.id]}"))
                continue
            self.seen_ids[doc.id] = key
            try:
                article = enrich(doc, lang=self.lang, registry=self.registry)
            except SearchError as e:
                report.skipped.append(Skipped(str(path), str(e)))
                continue
            for note in article.doc.notes:
                report.notes.append(Skipped(str(path), note))
            old = self.indexed.get(doc.id)
            if old is not None and old.hash == indexed_hash(article, self.digest):
                if old.stat != stat or old.path != key:
                    # Same content, new mtime (touched) or moved: refresh the fingerprint; nothing to report.
                    self.writer.add(article, stat, self.digest, replace=True)
                report.unchanged += 1
                continue
            self.writer.add(article, stat, self.digest, replace=old is not None)
            if old is None:
                report.added += 1
            else:
                report.updated += 1
