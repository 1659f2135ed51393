"""Folders of articles -> the index, incrementally, article by article.

A run walks the given paths. A file whose size and mtime are those the last run saw (``files.json``) is not
read. Any other file is read, and each of its records is compared with what the index holds under its id by
a key made from the record as read (its hash) and from what would enrich it (the registry, the rules'
version, a forced language): an unchanged record is not enriched or written again, whatever file holds it,
so editing one line of a 2,653-article JSONL re-indexes one article (``benchmarks/incremental.py``). New
records are added, changed ones re-indexed, and records whose files (or lines) are gone from the walked
folders removed. Bad files and records are reported and skipped; the rest is indexed. Writes are committed
in batches, so a run that is killed loses at most one batch, and the next run picks up what is missing.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import ParseError, SearchError
from ..ingest import enrich, parse_file, walk
from ..ingest.enrich import ENRICH_VERSION
from ..ingest.fields import FieldMap
from ..ingest.parse import Known
from ..officials.registry import Registry, load_registry
from ..records import Document, IndexReport, Skipped
from . import store
from .writer import Indexed, IndexLock, IndexWriter

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
    fields: FieldMap | None = None,
) -> IndexReport:
    """Index the articles under ``paths`` into ``index_dir``; returns what was done.

    Incremental unless ``rebuild``. ``lang`` forces one language for every article. ``procs`` is the number
    of writer processes (default: the machine's cores, at most 4). ``registry`` is a TOML file of your own
    officials, applied on top of the packaged registry; the index keeps a copy and uses it for later runs and
    queries. Articles indexed with another registry are tagged again (reported as updated). ``fields`` maps
    the records' field names (``FieldMap.parse(["body=story"])``); the known names need no mapping.
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
            files = {} if writer.fresh else store.read_files(index_dir)
            run = _Run(writer, report, lang, loaded, fields or FieldMap(), files)
            run.run(roots, progress)
            store.write_files(index_dir, run.files_seen)
            report.languages, report.total = writer.languages()
            writer.save_arrays()
    finally:
        lock.release()
    report.seconds = time.perf_counter() - started
    return report


def enrichment_key(registry_digest: str, lang: str | None) -> str:
    """What, besides the record itself, decides what an article becomes: the officials registry, the version
    of the enrichment rules, and a language forced with ``--lang``."""
    h = hashlib.blake2b(f"{registry_digest}|{ENRICH_VERSION}|{lang or ''}".encode(), digest_size=8)
    return h.hexdigest()


class _Run:
    def __init__(self, writer: IndexWriter, report: IndexReport, lang: str | None,
                 registry: tuple[Registry, str], fields: FieldMap, files: dict[str, str]) -> None:
        self.writer = writer
        self.report = report
        self.lang = lang
        self.registry, digest = registry
        self.salt = enrichment_key(digest, lang)
        self.fields = fields
        self.files = files  # path -> "size:mtime_ns" when last read whole
        self.files_seen = dict(files)  # the same, after this run
        self.indexed = writer.indexed()
        self.seen_ids: dict[str, str] = {}  # id -> path that claimed it in this run
        self.by_path: dict[str, list[Indexed]] = {}

    def run(self, roots: list[Path], progress: Progress | None) -> None:
        by_path = self.by_path
        for d in self.indexed.values():
            by_path.setdefault(d.path, []).append(d)
        to_parse: list[tuple[Path, str]] = []
        walked: set[str] = set()
        for path, stat in walk(roots, self.report.skipped):
            key = os.path.abspath(path)
            walked.add(key)
            olds = by_path.get(key, [])
            # Same size and mtime as when last read, every article enriched the same way: unchanged unread.
            if olds and self.files.get(key) == stat and all(o.key.endswith("." + self.salt) for o in olds):
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
        # Documents whose files are gone (or whose records are gone) from the walked folders.
        abs_roots = [os.path.abspath(r) for r in roots]
        for d in self.indexed.values():
            if d.id in self.seen_ids:
                continue
            if any(d.path == r or d.path.startswith(r.rstrip(os.sep) + os.sep) for r in abs_roots):
                self.writer.delete(d.id)
                self.report.removed += 1
        for known in list(self.files_seen):  # files gone from the walked folders
            if known not in walked and any(known.startswith(r.rstrip(os.sep) + os.sep) for r in abs_roots):
                del self.files_seen[known]
        self.writer.commit()

    def file(self, path: Path, stat: str) -> None:
        report = self.report
        key = os.path.abspath(path)
        self.files_seen.pop(key, None)
        # Web pages of this file that the index holds, enriched as this run would: not extracted again.
        known = {o.page: o.id for o in self.by_path.get(key, []) if o.page and o.key.endswith("." + self.salt)}
        try:
            for item in parse_file(path, self.fields, known):
                if isinstance(item, ParseError):
                    report.skipped.append(Skipped(str(path), item.reason, item.line, item.record))
                elif isinstance(item, Known):
                    self.known(item, key, path)
                else:
                    self.record(item.with_(path=key), path)
        except ParseError as e:  # the whole file (or the rest of it) cannot be read; what was read is kept
            report.skipped.append(Skipped(str(path), e.reason, e.line, e.record))
            return
        self.files_seen[key] = stat

    def known(self, item: Known, key: str, path: Path) -> None:
        if item.id in self.seen_ids:
            self.report.skipped.append(Skipped(str(path), f"duplicate id {item.id!r}: already taken by "
                                                          f"{self.seen_ids[item.id]}", record=item.record))
            return
        self.seen_ids[item.id] = key
        self.report.unchanged += 1

    def record(self, doc: Document, path: Path) -> None:
        report = self.report
        if doc.id in self.seen_ids:
            report.skipped.append(Skipped(str(path), f"duplicate id {doc.id!r}: already taken by "
                                                     f"{self.seen_ids[doc.id]}", doc.line, doc.record))
            return
        self.seen_ids[doc.id] = doc.path
        record_key = f"{doc.content_hash}.{self.salt}"
        old = self.indexed.get(doc.id)
        if old is not None and old.key == record_key:
            if old.path != doc.path and (moved := self.writer.stored_article(doc.id, doc.path)) is not None:
                self.writer.add(moved, record_key, replace=True)  # moved to another file: its path changes
            report.unchanged += 1  # read, compared, and not enriched again
            return
        try:
            article = enrich(doc, lang=self.lang, registry=self.registry)
        except SearchError as e:
            report.skipped.append(Skipped(str(path), str(e), doc.line, doc.record))
            return
        for note in article.doc.notes:
            report.notes.append(Skipped(str(path), note, doc.line, doc.record))
        self.writer.add(article, record_key, replace=old is not None)
        if old is None:
            report.added += 1
        else:
            report.updated += 1
