"""Folders of articles -> the index, incrementally, with the expensive work in worker processes.

A run walks the given paths. A file whose size, mtime, ctime and inode are those the last run saw
(``files.json``) is not read. Any other file is parsed, and each of its records is compared with what the index
holds under its id, before enrichment, by a key made from the record as read (its hash) and from what would
enrich it (the registry, the enrichment rules' version, a forced language): an unchanged record is not
enriched or written again, whatever file holds it, so editing one line of a 2,653-article JSONL re-indexes one article
(``benchmarks/incremental.py``); a web page the index holds byte for byte is not even extracted again. New
records are added, changed ones re-indexed, and records whose files (or lines) are gone from the walked
folders removed. Bad files and records are reported and skipped; the rest is indexed.

The pipeline::

    parent:   walk -> parse (cheap) -> decide -> chunks of documents ─┐        ┌─> bulk writer (segments)
    workers:                                  enrich + analyse (prepare.py) ┘

Workers are forked from the indexing process, which has imported the engine already (``start_method``: spawned
when other threads run), and are killed with their parent (Linux ``PR_SET_PDEATHSIG``): the index's lock and
the files they inherit go with them. A worker that dies fails the run loudly (its chunk is lost, and the
run does not report success); what was committed stays, and the next run completes it. Segments are
committed as they fill (``writer.py``), so a killed run loses one segment's worth at most.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import re
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ParseError, SearchError, UnreadableError
from ..ingest.decode import open_regular
from ..ingest.fields import FieldMap
from ..ingest.names import SINGLE, supported_name
from ..ingest.parse import (
    _UNTYPABLE,
    Known,
    Reading,
    _stem,
    parse_file,
    stem_of_name,
    supported,
)
from ..ingest.sanitize import clean
from ..ingest.version import ENRICH_VERSION
from ..ingest.walk import changed_since, stat_key, under, walk_stats
from ..officials.digest import registry_digest
from ..processes import bulk_gc, bulk_worker, children_ignore_ctrl_c
from ..records import Article, Document, IndexReport, Skipped
from . import docarrays, integrity, noop, store
from .options import Options
from .schema import FORMAT_VERSION
from .writer import Indexed, IndexLock, IndexWriter, fingerprint

if TYPE_CHECKING:
    from .docarrays import DocArrays
    from .prepare import Prepared

Progress = Callable[[int, int], None]  # (done, total): bytes of the files to read
# Documents per task sent to a worker. Each chunk's terms come back as strings, which this process numbers into the
# segment's vocabulary (``bulk._FieldPostings.extend``): a word met in many chunks is sent and looked up once per
# chunk. 128 rather than 48: 447,000 -> 277,000 terms looked up at 5k, this process's CPU 2.54 -> 2.34 s
# and the build's wall 4.57 -> 4.45 s (medians of 7 alternating builds, 12-05); the first chunk comes back about
# 0.1 s later.
CHUNK_DOCS = 128
PARALLEL_MIN_BYTES = 2_000_000  # less to parse than this: starting workers costs more than it saves
# Fewer chunks than this to prepare (the rest of the records unchanged): prepared here, no worker started
# (384 documents).
PARALLEL_MIN_CHUNKS = 3
# Chunks a worker may have in flight (768 documents). A segment commit (bulk.py) stops this process for 3-6 s at
# 100k articles (15 commits); with 2 chunks of 48 a worker (about 0.3 s of their work) the workers stood idle
# through most of each.
WINDOW_PER_WORKER = 6


class _Unpredictable(Exception):
    """``IndexingRun.predict``: the next run's decision needs to look at a file (not predicted)."""


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
    fields: FieldMap | None = None,
) -> IndexReport:
    """Index the articles under ``paths`` into ``index_dir``; returns what was done.

    Incremental unless ``rebuild``. ``lang`` forces one language for every article. ``procs`` is the number
    of worker processes (default: the machine's cores, at most 4). ``registry`` is a TOML file of your own
    officials, applied on top of the packaged registry; the index keeps a copy and uses it for later runs and
    queries. Articles indexed with another registry are tagged again (reported as updated). ``fields`` maps
    the records' field names (``FieldMap.parse(["body=story"])``); the known names need no mapping.
    """
    paths = list(paths)
    same = noop.replay(paths, index_dir, rebuild=rebuild, lang=lang, registry=registry, fields=fields)
    if same is not None:
        return same  # nothing changed since the last run, which said what this one would find (noop.py)
    started = time.perf_counter()
    index_dir = Path(index_dir)
    roots = [Path(p) for p in paths]
    report = IndexReport(index_dir=str(index_dir), rebuilt=rebuild)
    lock = IndexLock(index_dir)
    kept: dict[str, Any] | None = None
    try:
        noop.remove(index_dir)  # (before anything is changed: a run killed later leaves no answer to replay)
        report.recovered = store.remove_leftovers(index_dir)
        with bulk_gc(), IndexWriter.open(index_dir, rebuild) as writer:
            user_file = Path(registry) if registry is not None else store.saved_registry(index_dir)
            if user_file is None:  # the package's registry: its digest, the registry loaded when something is tagged
                digest = registry_digest(None)
            else:
                from ..officials.registry import load_registry

                digest = load_registry(user_file)[1]  # raises for a malformed file, before anything is written
            if registry is not None:
                store.save_registry(index_dir, Path(registry))
                user_file = store.saved_registry(index_dir)
            # What, besides the record itself, decides what an article becomes.
            version = f"{FORMAT_VERSION}.{ENRICH_VERSION}.{lang or ''}.{digest}"
            fields = fields or FieldMap()
            # A file read with other field names gives other articles: one read with other names is read again.
            reading = json.dumps(sorted(fields.mapping.items()), ensure_ascii=False) if fields.mapping else ""
            files = store.read_files(index_dir, writer.gen, reading)  # a new generation (a rebuild) has none
            run = IndexingRun(writer, report, Options(lang, user_file, stored=True), version, fields, files)
            run.run(roots, procs or min(os.cpu_count() or 1, 4), progress)
            store.write_files(index_dir, writer.gen, run.files_seen, reading)
            arrays = writer.save_arrays()
            # Counted from the arrays when they were computed now (a query's language filter reads the same codes).
            report.languages, report.total = docarrays.languages(arrays) or writer.languages()
            # A rebuild's generation is published on leaving (the writer's ``__exit__``) in a thread of its own:
            # its syncs of the disk and the removal of the generation it retires overlap ``predict``.
            store.defer_publishing()
        with bulk_gc():
            kept = run.predict(roots, reading, arrays)  # (Whoosh's FileIndex holds nothing open after ``close``)
        store.settle()  # published
        if kept is not None and (left := noop.state(index_dir)) is not None:
            kept["state"] = left
            noop.save(index_dir, kept)
    finally:
        try:
            store.settle()  # (after an error too: nothing is left publishing once the lock is let go)
        finally:
            lock.release()
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class _Chunk:
    docs: list[Document | Article] = field(default_factory=list)  # an Article: moved, not enriched again
    hashes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # each document's file, as walked (for messages)
    # Bytes read when the chunk was cut: the files before, and the part of this one up to its last record
    # (``Reading``): their articles are in it or before it.
    bytes_done: int = 0


class IndexingRun:
    def __init__(self, writer: IndexWriter, report: IndexReport, options: Options, version: str, fields: FieldMap,
                 files: dict[str, str], indexed: dict[str, Indexed] | None = None) -> None:
        self.writer = writer
        self.report = report
        self.options = options
        self.version = version  # what else an article's key depends on: format, rules, forced language, registry
        self.suffix = "." + version
        self.fields = fields
        self.files = files  # path -> its stat key (walk.py stat_key) when last read whole
        self.started_ns = time.time_ns()  # a file changed since (or just before) is read again next run
        self.files_seen = dict(files)  # the same, after this run
        self.indexed = writer.indexed() if indexed is None else indexed
        # ``predict``: the decisions of a run on the index this one leaves, made without reading any file; a
        # decision that needs to look at one (a link's target, a copy's bytes, a file outside the PATHs) is not
        # predicted (``look``). What the walk found, to decide again: (absolute path, path, stat key).
        self.dry = False
        self.walked_files: list[tuple[str, Path, str]] = []
        self.walk_digest = ""
        self.identities: dict[Path, tuple[int, int]] = {}  # each file's (device, inode), as walked
        self.roots_of: dict[Path, Path] = {}  # each file's PATH
        self.walk_skipped: list[Skipped] = []
        self.walk_unreadable: set[str] = set()
        self.seen_ids: dict[str, str] = {}  # id -> path that claimed it in this run
        self.walk_order: dict[str, int] = {}  # path -> its place in the walk (a duplicate id goes to the first)
        self.walked_as: dict[str, Path] = {}  # path -> the path as walked (as messages name the file)
        self.places: dict[str, dict[str, tuple[int | None, int | None]]] = {}  # path -> id -> (line, record)
        self.passed_over: set[str] = set()  # ids claimed by files passed over as unchanged
        self.by_path: dict[str, list[Indexed]] = {}
        # Files and folders that are there but could not be read this run (permission denied, an I/O error):
        # their articles are kept as they were, not removed as if the files were gone.
        self.unreadable: set[str] = set()
        self.held: set[str] = set()  # ids of the articles kept from them, which no other file may take
        self.refused_from: set[str] = set()  # files with an article the writer refused (``write``)
        # path -> the id its article gets when it has no id or URL of its own: its path (``2024-01/1.txt``),
        # for the one-article files whose name (``1``) other files of the walk have too (``name_ids``).
        self.name_ids: dict[str, str] = {}
        self.renamed: dict[str, str] = {}  # path -> the id its article had, which this run changes (noted)
        # name -> articles held from files of that name outside the PATHs walked, now gone, with ids from it
        self.gone: dict[tuple[bool, str], list[Indexed]] = {}

    def run(self, roots: list[Path], procs: int, progress: Progress | None) -> None:
        by_path = self.by_path
        for d in self.indexed.values():
            by_path.setdefault(d.path, []).append(d)
        to_parse: list[tuple[Path, str]] = []
        walked: set[str] = set()
        size = 0  # bytes to parse
        # A first build or a rebuild prepares every record it reads: the workers are started as soon as the
        # walk has found enough to parse, and import the engine while the walk and the parsing go on (at 100k
        # articles they were started 5.9 s into the run, after the walk, and sent their first chunk 3.5 s later;
        # now 0.4 s into the run, the first chunk back at 5.9 s).
        eager = procs > 1 and not self.indexed
        with _Workers(procs, self.options) as workers:
            found: list[tuple[str, Path, str, bool]] = []  # (path, as walked, stat key, unchanged)
            identities, roots_of = self.identities, self.roots_of
            digest = noop.WalkDigest()
            for root, as_walked, st in walk_stats(roots, self.report.skipped, self.unreadable):
                digest.add(root, as_walked, st)
                path, stat = Path(as_walked), stat_key(st)
                identities[path] = (st.st_dev, st.st_ino)
                roots_of.setdefault(path, root)  # named twice (a folder, then a file in it): the first
                key = os.path.abspath(as_walked)
                self.walked_files.append((key, path, stat))
                if (unchanged := self.found(key, path, stat, walked, found)) is not None and not unchanged:
                    size += int(stat.partition(":")[0])
                    if eager and size >= PARALLEL_MIN_BYTES and workers.pool is None:
                        workers.start()
            self.walk_skipped, self.walk_unreadable = list(self.report.skipped), set(self.unreadable)
            self.walk_digest = digest.hexdigest(roots, self.report.skipped, self.unreadable)
            size += self.decide(found, identities, roots_of, walked, roots, to_parse)
            # Every walked file's name was asked (``name_ids_of``): at 100k files the cache held about 30 MB more
            # through the run, whose peak is the goal's (1 GB); ``predict`` asks again after the last commit.
            _name_of.cache_clear()
            parallel = procs > 1 and size >= PARALLEL_MIN_BYTES
            # The progress counts the bytes whose articles are written, not those read: reading runs ahead of
            # the workers by up to WINDOW_PER_WORKER chunks each (a vi-news build read 80% of its files in the
            # first third of its time, and the bar said so). Bytes, not files: a single 100,000-record JSONL
            # export is one file, and its bar stood at 0 until the end.
            for chunk, prepared in workers.map(self.chunks(to_parse), parallel):
                self.write(chunk, prepared)
                if progress and size:
                    progress(chunk.bytes_done, size)
            if progress and size:
                progress(size, size)
        self.finish(roots, walked)
        self.writer.commit()

    def found(self, key: str, path: Path, stat: str, walked: set[str], found: list[tuple[str, Path, str, bool]]
              ) -> bool | None:
        """Note a file the walk found (``found`` gets it; ``key``: its absolute path), and whether it is unchanged;
        None: walked already."""
        if key in walked:  # named twice (a file and the folder that holds it): read once
            return None
        walked.add(key)
        self.walk_order.setdefault(key, len(self.walk_order))
        self.walked_as[key] = path
        olds = self.by_path.get(key, [])
        # The stat key of its last reading, every article keyed with this version: unchanged, unread.
        unchanged = bool(olds) and self.files.get(key) == stat and all(o.key.endswith(self.suffix) for o in olds)
        found.append((key, path, stat, unchanged))
        return unchanged

    def decide(self, found: list[tuple[str, Path, str, bool]], identities: dict[Path, tuple[int, int]],
               roots_of: dict[Path, Path], walked: set[str], roots: list[Path],
               to_parse: list[tuple[Path, str]]) -> int:
        """What the walk found -> the files to parse (``to_parse``); returns the bytes of those of them found
        unchanged but to be read again (their ids change)."""
        by_path, size = self.by_path, 0
        found = self.once(found, identities, walked)
        found = self.name_ids_of(found, roots_of, walked, roots)
        # The ids of the articles kept from folders that cannot be listed now stay theirs: another file
        # of the same id (a copy in another folder, reported as a duplicate until now) does not take it over.
        for d in self.indexed.values() if self.unreadable else ():
            if under(d.path, self.unreadable):
                self.hold(d.id, d.path)
        for key, path, stat, unchanged in found:
            # Its name became shared (or no longer is): its article's id changes, said (``renamed``) whether
            # the file changed too or not (before, a file read again for an edit changed id without a word).
            if any(self.stale(key, o.id) for o in by_path.get(key, [])) and unchanged:
                unchanged = False
                size += int(stat.partition(":")[0])
            if unchanged:
                olds = by_path[key]
                self.report.unchanged += len(olds)
                for o in olds:
                    self.seen_ids[o.id] = key
                    self.passed_over.add(o.id)
            else:
                to_parse.append((path, stat))
        return size

    def finish(self, roots: list[Path], walked: set[str]) -> None:
        """After the files are read: what the index holds from files gone is removed, and so are they from
        the files read (``files_seen``)."""
        # Documents whose files are gone (or whose JSONL lines are gone) from the walked folders.
        abs_roots = [os.path.abspath(r) for r in roots]
        kept: dict[str, int] = {}
        for d in self.indexed.values():
            if d.id in self.seen_ids and d.id not in self.held:
                continue
            if unreadable := [u for u in self.unreadable if under(d.path, [u])]:
                self.report.unchanged += 1  # its file could not be read this time: kept as it was
                kept[unreadable[0]] = kept.get(unreadable[0], 0) + 1
            elif under(d.path, abs_roots):
                self.look()
                self.writer.delete(d.id)
                self.report.removed += 1
        if kept:  # the message of each unreadable file or folder says what the index keeps from it
            self.report.skipped = [
                s if (n := kept.get(os.path.abspath(s.path), 0)) == 0 else Skipped(
                    s.path, f"{s.reason} (the {n} article{'s' if n > 1 else ''} indexed from it before kept)",
                    s.line, s.record)
                for s in self.report.skipped]
        for where in self.refused_from:  # (their files were done reading before or after the refusal)
            self.files_seen.pop(where, None)
        for known in list(self.files_seen):  # files gone from the walked folders
            if known not in walked and under(known, abs_roots) and not under(known, self.unreadable):
                del self.files_seen[known]

    def chunks(self, files: list[tuple[Path, str]]) -> Iterator[_Chunk]:
        """The documents to prepare, parsed file by file in this process, in chunks."""
        chunk = _Chunk()
        done = 0  # bytes of the files before this one
        for path, stat in files:
            size = int(stat.partition(":")[0])
            reading = Reading()
            for doc, key in self.parse(path, stat, reading):
                chunk.docs.append(doc)
                chunk.hashes.append(key)
                chunk.files.append(str(path))
                if len(chunk.docs) >= CHUNK_DOCS:
                    chunk.bytes_done = done + int(size * reading.fraction)
                    yield chunk
                    chunk = _Chunk()
            done += size
        if chunk.docs:
            chunk.bytes_done = done
            yield chunk

    def parse(self, path: Path, stat: str, reading: Reading | None = None) -> Iterator[tuple[Document | Article, str]]:
        """The file's documents that must be (re)written, with their keys; unchanged ones are counted and left
        alone, whatever file held them before."""
        report, where = self.report, os.path.abspath(path)
        self.files_seen.pop(where, None)
        skipped_before = len(report.skipped)
        if not _utf8(where):  # bytes that are not UTF-8 in its name (Python keeps them as lone surrogates)
            shown = where.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            report.skipped.append(Skipped(shown, "the file name is not UTF-8 text: rename the file (convmv "
                                                 "converts the names of whole folders) and index again"))
            return
        # Web pages of this file that the index holds, keyed with this version: not extracted again (unless the
        # id the page has from the file's name changes).
        known = {o.page: o.id for o in self.by_path.get(where, []) if o.page and o.key.endswith("." + self.version)
                 and not self.stale(where, o.id)}
        try:
            for item in parse_file(path, self.fields, known, reading, self.name_ids.get(where)):
                if isinstance(item, ParseError):
                    report.skipped.append(Skipped(str(path), item.reason, item.line, item.record))
                    continue
                if isinstance(item, Known):
                    if self.claim(item.id, path, None, item.record):
                        report.unchanged += 1  # the same page, byte for byte
                    continue
                doc = item if item.path == where else item.with_(path=where)  # (a copy of the record: 5 us)
                taken = self.seen_ids.get(doc.id)
                if taken is not None and taken != where and \
                        _position_id(doc, self.name_ids.get(where) or _stem(path)):
                    # "wire-12" of another wire.jsonl (in another folder, or wire.json beside it): line 12 of two
                    # files is two articles, not a duplicate; this one gets an id of its own, from its file's path
                    doc = doc.with_(id=f"{doc.id}-{_path_digest(where)}")
                # Keyed as read: an unchanged record was cleaned and enriched when it was indexed; neither is
                # done again (cleaning 2,653 articles costs more than the rest of reading them).
                key = f"{doc.content_hash}.{self.version}"
                old = self.indexed.get(doc.id)
                if old is not None and old.key == key:
                    if not self.claim(doc.id, path, doc.line, doc.record):
                        continue
                    if old.path != where and (moved := self.writer.stored_article(doc.id, where)) is not None:
                        yield moved, key  # moved to another file: written again for its path, not enriched
                    else:
                        report.unchanged += 1  # read and compared: not enriched again
                    continue
                read = doc
                try:
                    doc = clean(doc, str(path))  # text every later stage can trust
                except ParseError as e:
                    report.skipped.append(Skipped(str(path), f"article {doc.id!r}: {e.reason}", doc.line,
                                                  doc.record))
                    continue
                if self.claim(doc.id, path, doc.line, doc.record):
                    if where in self.renamed and (now := _from_name(where, doc.id)) is not None and \
                            now[0] == (self.name_ids.get(where) or _stem(path)):
                        self.renamed_note(doc, path, where, now)
                    if old is None and self.gone and (name := _name_of(where)) is not None and \
                            (twins := self.gone.get(name)):
                        self.moved_twin(read, key, twins, path)
                    yield doc, key
        except ParseError as e:  # the whole file (or the rest of it) cannot be read; what was read is kept
            reason = e.reason
            if isinstance(e, UnreadableError):  # there, but unreadable now: what the index holds from it is kept
                self.unreadable.add(where)
                for o in self.by_path.get(where, []):
                    self.hold(o.id, where)
            report.skipped.append(Skipped(str(path), reason, e.line, e.record))
            return
        # A file with a record left out (a duplicate id, a bad row) is read again next time, not passed over as
        # unchanged: the duplicate may be free by then (the other copy deleted), and what is left out is
        # reported again, as a fresh build would. So is a file changed as the run began: an edit in the same
        # tick of the clock would keep its stat key.
        if not any(s.path == str(path) for s in report.skipped[skipped_before:]) and \
                not changed_since(stat, self.started_ns):
            self.files_seen[where] = stat

    def once(self, found: list[tuple[str, Path, str, bool]], identities: dict[Path, tuple[int, int]],
             walked: set[str]) -> list[tuple[str, Path, str, bool]]:
        """``found`` without the files that are another one reached again (a symlink ``latest.jsonl`` to the
        day's export, a hard link): each file is read once, where it is rather than through a link when it is
        reached both ways, and the other paths are reported. (Read under each path, its articles were counted
        twice: under two ids, or as line 12 of two files.)"""
        paths: dict[tuple[int, int], list[int]] = {}
        for n, (_, path, _, _) in enumerate(found):
            if (identity := identities.get(path)) is not None:
                paths.setdefault(identity, []).append(n)
        drop: set[int] = set()
        for same in paths.values():
            if len(same) > 1:
                self.look()
                keep = next((n for n in same if os.path.realpath(found[n][0]) == found[n][0]), same[0])
                for n in same:
                    if n != keep:
                        drop.add(n)
                        walked.discard(found[n][0])
                        self.report.skipped.append(Skipped(str(found[n][1]), f"the same file as {found[keep][0]} (a "
                                                                             "link): read there, once"))
        return [f for n, f in enumerate(found) if n not in drop] if drop else found

    def name_ids_of(self, found: list[tuple[str, Path, str, bool]], roots_of: dict[Path, Path],
                    walked: set[str], roots: list[Path]) -> list[tuple[str, Path, str, bool]]:
        """Fill ``name_ids``: a one-article file (``.txt``, ``.md``, ``.html``) whose name without its
        extension another one-article file of the walk has too (a mirror's ``slug/index.html``, day folders'
        ``1.txt``, ``a.txt`` beside ``a.md``) gives its article, when the article has no id or URL of its own,
        its path from the folder holding the PATH it was found under, ``/`` between folders (``news/2024-01/1.txt``
        for ``search index news``): the same whatever the walk's order, what was indexed before, or where the
        folder is moved. So does a collection (``.jsonl``, ``.json``, ``.csv``, ``.warc``) whose name another
        collection has, to its records' position ids (``news/2024-12/wire.jsonl-12``; before, the second file
        found had a hash of its absolute path, ``wire-12-1a2b3c4d``). A byte-for-byte copy of such a file (same
        name, kind, size and bytes) is read once, at the first of its places in the walk (as a duplicate id was),
        and the others are reported; the result is ``found`` without them. A name that only a file kept from an
        unreadable folder shares counts too, and so does one of an article the index holds, under an id from its
        name, from a file outside the PATHs walked (``search index A`` then ``search index B``: B's ``1.txt``
        replaced A's article, "1 updated"), while that file is there; a byte-for-byte copy of it is not read."""
        groups: dict[tuple[bool, str], list[int]] = {}  # (a collection?, name) -> files
        for n, (key, _, _, _) in enumerate(found):
            if (name := _name_of(key)) is not None:  # (``_name`` of its path, kept for the run's other questions)
                groups.setdefault(name, []).append(n)
        held = {name for where in self.by_path
                if self.unreadable and under(where, self.unreadable) and (name := _name_of(where)) is not None}
        abs_roots = [os.path.abspath(r) for r in roots]
        outside: dict[tuple[bool, str], list[str]] = {}  # name -> files outside the walk with articles of ids from it
        for where, olds in self.by_path.items():
            if where not in self.walk_order and (name := _name_of(where)) in groups and \
                    not under(where, abs_roots) and not under(where, self.unreadable) and \
                    any(_from_name(where, o.id) is not None for o in olds):  # (a file walked is not outside)
                self.look()
                if os.path.isfile(where):
                    outside.setdefault(name, []).append(where)
                elif not os.path.lexists(where):  # moved (the folder renamed?): see moved_twin
                    self.gone.setdefault(name, []).extend(o for o in olds if _from_name(where, o.id) is not None)
        bases = _id_bases(roots)
        root_of: dict[str, Path] = {}  # file -> its PATH
        drop: set[int] = set()
        # Each file's bytes are hashed once at most, and a file of the walk is compared with the files outside it
        # of its name, kind and size only: compared with each of them (a stat and more a pair), a second mirror
        # of 1,327 index pages indexed into an index holding another's took 75 s, 48 s when nothing changed.
        digests: dict[Path, str | None] = {}

        def digest_of(path: Path) -> str | None:
            self.look()
            if path not in digests:
                digests[path] = _file_digest(path)
            return digests[path]

        outside_alike: dict[tuple[tuple[bool, str], tuple[str, bool] | None, int], list[str]] = {}
        for name, others in outside.items():
            for other in others:
                outside_alike.setdefault((name, supported(Path(other)), _size(other)), []).append(other)
        for name, places in groups.items():
            if len(places) + (name in held) + (name in outside) < 2:
                continue
            for n in places:  # a copy of a file outside the walk whose article the index holds
                copies = outside_alike.get((name, supported(found[n][1]), int(found[n][2].partition(":")[0])), [])
                for other in copies:
                    if _same_file(found[n][0], other):  # a link to it: not a copy (as ``once`` says of links)
                        why = f"the same file as {other} (a link): indexed from there, once"
                    elif (digest := digest_of(found[n][1])) is not None and digest == digest_of(Path(other)):
                        why = f"duplicate: the same bytes as {other} (indexed from there)"
                    else:
                        continue
                    drop.add(n)
                    walked.discard(found[n][0])
                    self.report.skipped.append(Skipped(str(found[n][1]), why))
                    break
            places = [n for n in places if n not in drop]
            alike: dict[tuple[str, str], list[int]] = {}  # (kind, size) -> files: only these can be copies
            for n in places:
                kind = supported(found[n][1])
                alike.setdefault((kind[0] if kind else "", found[n][2].partition(":")[0]), []).append(n)
            for same_size in alike.values():
                # Files passed over as unchanged whose articles the index holds under their paths' ids were read
                # and found no copies of one another: not read again (a run over a mirror of 2,653 slug/article.txt
                # with nothing changed read 880 of them, to find what the last run found).
                if all(self.indexed_as_shared(found[n], roots_of, bases) for n in same_size):
                    continue
                first: dict[str, int] = {}
                for n in same_size if len(same_size) > 1 else ():
                    if (digest := digest_of(found[n][1])) is None:
                        continue
                    if digest not in first:
                        first[digest] = n
                        continue
                    drop.add(n)
                    walked.discard(found[n][0])
                    self.report.skipped.append(Skipped(str(found[n][1]), f"duplicate: the same bytes as "
                                                                         f"{found[first[digest]][0]} (read there)"))
            rest = [n for n in places if n not in drop]
            if len(rest) + (name in held) + (name in outside) >= 2:
                for n in rest:
                    key, path = found[n][0], found[n][1]
                    root_of[key] = roots_of.get(path, path)
                    self.name_ids[key] = _path_id(key, root_of[key], bases)
        # An id the index holds for a file outside the walk that is still there (``search index afp/2024``, then
        # ``reuters/2024``, then ``afp/2024`` again: both 1.txt were "2024/01/1.txt", and AFP's replaced
        # Reuters' article, "1 updated") is not taken: that PATH's ids go up a folder more until none is.
        clash = {_root_folder(root_of[key]) for key, made in self.name_ids.items() if self.held_elsewhere(made, key)}
        while clash:
            for folder in list(clash):
                base = bases.get(folder) or os.path.dirname(folder)
                if os.path.dirname(base) == base:
                    clash.discard(folder)  # at the top: kept (the id is reported as a duplicate)
                else:
                    bases[folder] = os.path.dirname(base)
            again = [key for key in self.name_ids if _root_folder(root_of[key]) in clash]
            for key in again:
                self.name_ids[key] = _path_id(key, root_of[key], bases)
            clash = {_root_folder(root_of[key]) for key in again if self.held_elsewhere(self.name_ids[key], key)}
        # Paths that differ only in what an id does not keep give one id (``Café/2024`` named twice, once in NFD
        # as macOS writes names, once in NFC; a tab for a space): the second was skipped as a duplicate id. Each
        # of those whose path is not written as ids write it has a digest of its parts that are not: stable, as
        # it depends on the file's own path only (``Café~1a2b3c4d/2024/1.txt``), and the other keeps its id.
        same: dict[str, list[str]] = {}
        for key, made in self.name_ids.items():
            same.setdefault(made, []).append(key)
        for keys in same.values():
            for key in keys if len(keys) > 1 else ():
                self.name_ids[key] = _path_id(key, root_of[key], bases, marked=True)
        return [f for n, f in enumerate(found) if n not in drop] if drop else found

    def indexed_as_shared(self, file: tuple[str, Path, str, bool], roots_of: dict[Path, Path],
                          bases: dict[str, str]) -> bool:
        """Whether ``file`` is passed over as unchanged and the index holds its articles under ids from its path
        (as a file whose name others have: read whole by a run that compared it with them) or ids of their own."""
        key, path, _, unchanged = file
        if not unchanged or not (olds := self.by_path.get(key)):
            return False
        made = _path_id(key, roots_of.get(path, path), bases)
        return all((m := _from_name(key, o.id)) is None or (m[0] == made and m[2] is None) for o in olds)

    def held_elsewhere(self, doc_id: str, where: str) -> bool:
        """Whether the index holds ``doc_id`` for another file, outside the PATHs walked and still there."""
        d = self.indexed.get(doc_id)
        return d is not None and d.path != where and d.path not in self.walk_order and self.look() and \
            os.path.isfile(d.path)

    def look(self) -> bool:
        """A decision is about to look at a file other than by the walk: not predicted (``predict``)."""
        if self.dry:
            raise _Unpredictable
        return True

    def predict(self, roots: list[Path], reading: str, arrays: DocArrays | None = None) -> dict[str, Any] | None:
        """What a run finding again what this one walked, asked the same, would report, when it would read,
        write and remove nothing (``noop.py`` keeps it, and the next run checks and replays it): the same
        decisions made again (``found``, ``decide``, ``finish``), now on the index as this run leaves it; None
        when that run would do something, or its decisions need more than the walk and the index's columns.
        ``arrays``: the index's per-document arrays (``save_arrays``), whose dates are not read again."""
        from .schema import FORMAT_VERSION
        from .writer import _column_values, _live

        held = self.writer.indexed()
        # The dates of the articles dated in the future (writer.date_has_come).
        future = docarrays.future_dates(arrays) if arrays is not None else None
        if future is None:
            future = set()
            with self.writer.ix.reader() as reader:
                if reader.doc_count():
                    for date, newest in zip(_live(reader, _column_values(reader, "date")),
                                            _live(reader, _column_values(reader, "newest")), strict=True):
                        if date and not newest:
                            future.add(date)
        reads = integrity.referenced(self.writer.ix)
        after = IndexingRun(self.writer, IndexReport(index_dir=self.report.index_dir), self.options, self.version,
                            self.fields, dict(self.files_seen), held)
        after.dry = True
        after.report.skipped = list(self.walk_skipped)
        after.unreadable = set(self.walk_unreadable)
        for d in held.values():
            after.by_path.setdefault(d.path, []).append(d)
        found: list[tuple[str, Path, str, bool]] = []
        walked: set[str] = set()
        for key, path, stat in self.walked_files:  # (their identities and PATHs: this run's)
            after.found(key, path, stat, walked, found)
        to_parse: list[tuple[Path, str]] = []
        try:
            after.decide(found, self.identities, self.roots_of, walked, roots, to_parse)
            if to_parse:
                return None
            after.finish(roots, walked)
        except _Unpredictable:
            return None
        if after.files_seen != after.files or after.report.notes:
            return None
        try:
            asked = noop.asked(roots, self.options.lang, self.version, reading)
        except OSError:  # the working folder is gone: relative PATHs cannot be found again
            return None
        return {"snapshot": noop.SNAPSHOT_VERSION, "format": FORMAT_VERSION,
                "asked": asked, "walk": self.walk_digest,
                "future": sorted(future), "reads": [sorted(reads.names), list(reads.prefixes)],
                "report": {"unchanged": after.report.unchanged,
                           "skipped": [[s.path, s.reason, s.line, s.record] for s in after.report.skipped],
                           "languages": list(self.report.languages.items()), "total": self.report.total}}

    def stale(self, where: str, doc_id: str) -> bool:
        """Whether ``doc_id``, held by the index from the file ``where``, is an id from the file's name (its
        stem, or a path ending with the file's; with a record's place in a collection, ``wire-12``) other than
        the one ``name_ids`` gives it now (noted in ``renamed``): the file is read again and its articles
        indexed under the new ids, the old ones removed."""
        if (made := _from_name(where, doc_id)) is None:
            return False
        base, place, digest = made
        name = _name_of(where)  # (an article file: its id is made from its name)
        expected = self.name_ids.get(where) or (name[1] if name is not None else _stem_of(where))
        if base == expected and (digest is None or where not in self.name_ids):
            return False  # (a hash of the path is added when a position id is taken: not a change of name)
        self.renamed[where] = doc_id
        return True

    def moved_twin(self, doc: Document, key: str, twins: list[Indexed], path: Path) -> None:
        """Remove the article the index holds from a file gone from outside the PATHs walked when ``doc``, new
        under an id from its file's path, is that article as read, with another id: the same file moved where
        its path gives another id (``search index news2`` after renaming ``news``); it would be counted twice."""
        for twin in twins:
            if twin.id not in self.seen_ids and f"{doc.with_(id=twin.id).content_hash}.{self.version}" == twin.key:
                twins.remove(twin)
                self.writer.delete(twin.id)
                self.report.removed += 1
                self.report.notes.append(Skipped(str(path), f"id changed, the file moved (from {twin.path}): "
                                                            f"{twin.id!r} is now {doc.id!r}", doc.line, doc.record))
                return

    def renamed_note(self, doc: Document, path: Path, where: str, now: tuple[str, str, str | None]) -> None:
        """Say that the id the file's name gave ``doc`` changed (the old id is gone, not given to another)."""
        for old in self.by_path.get(where, []):
            if old.id != doc.id and (was := _from_name(where, old.id)) is not None and was[1] == now[1]:
                what = ("id changed to the file's path (another file has its name)" if where in self.name_ids
                        else "id changed to the file's name (no other file has it now)")
                self.report.notes.append(Skipped(str(path), f"{what}: {old.id!r} is now {doc.id!r}", doc.line,
                                                 doc.record))
                return

    def hold(self, doc_id: str, where: str) -> None:
        """Keep ``doc_id`` for the article the index holds from ``where``, a file or folder that cannot be
        read now, unless a file read before it in this run took the id already."""
        if doc_id not in self.seen_ids:
            self.seen_ids[doc_id] = where
            self.held.add(doc_id)

    def claim(self, doc_id: str, path: Path, line: int | None, record: int | None) -> bool:
        """Whether ``doc_id`` is free in this run (and now taken by ``path``); a duplicate is reported. The id
        goes to the first file in the walk, as in a fresh build, even when a later one holding it was passed
        over as unchanged (and so claimed it first): that one's copy is then the duplicate, reported, and its
        file read again next run."""
        where = os.path.abspath(path)
        taken = self.seen_ids.get(doc_id)
        if taken is not None and doc_id in self.passed_over and \
                self.walk_order.get(taken, -1) > self.walk_order.get(where, -1):
            self.passed_over.discard(doc_id)
            self.report.unchanged -= 1
            shown, line, record = self.place(taken, doc_id)
            self.report.skipped.append(Skipped(shown, f"duplicate id {doc_id!r}: already taken by {where}", line,
                                               record))
            self.files_seen.pop(taken, None)
            self.seen_ids[doc_id] = where
            return True
        if doc_id in self.seen_ids:
            self.report.skipped.append(Skipped(str(path), f"duplicate id {doc_id!r}: already taken by "
                                                          f"{self.seen_ids[doc_id]}", line, record))
            return False
        self.seen_ids[doc_id] = where
        return True

    def place(self, where: str, doc_id: str) -> tuple[str, int | None, int | None]:
        """The file (as walked) and the line or record of ``doc_id`` in a file passed over as unchanged, as a
        fresh build, which reads it, names them: the file is read again (once, its web pages not extracted
        again) to find them."""
        path = self.walked_as.get(where, Path(where))
        if where not in self.places:
            places: dict[str, tuple[int | None, int | None]] = {}
            known = {o.page: o.id for o in self.by_path.get(where, []) if o.page}
            try:
                for item in parse_file(path, self.fields, known, name_id=self.name_ids.get(where)):
                    if isinstance(item, Known):
                        places.setdefault(item.id, (None, item.record))
                    elif isinstance(item, Document):
                        places.setdefault(item.id, (item.line, item.record))
                        places.setdefault(f"{item.id}-{_path_digest(where)}", (item.line, item.record))
            except ParseError:
                pass
            self.places[where] = places
        line, record = self.places[where].get(doc_id, (None, None))
        return str(path), line, record

    def write(self, chunk: _Chunk, prepared: Prepared) -> None:
        from .prepare import PreparedDoc as prepared_doc  # imported already: something was prepared

        keep, prints, replace = [], [], []
        for i, item in enumerate(prepared.docs):
            given = chunk.docs[i]
            source = given.doc if isinstance(given, Article) else given
            if not isinstance(item, prepared_doc):
                self.report.skipped.append(Skipped(chunk.files[i], str(item), source.line, source.record))
                continue
            doc = item.article.doc
            old = self.indexed.get(doc.id)
            if (why := self.writer.refusal(item)) is not None:
                self.report.skipped.append(Skipped(chunk.files[i], why, source.line, source.record))
                self.refused_from.add(os.path.abspath(chunk.files[i]))  # read again next run, and said again
                if old is not None:  # its earlier version goes, as a fresh build would not have it
                    self.writer.delete(doc.id)
                    self.report.removed += 1
                continue
            if old is not None and old.key == chunk.hashes[i]:
                self.report.unchanged += 1  # moved: written again for its new path, not enriched again
            else:
                for note in doc.notes:
                    self.report.notes.append(Skipped(chunk.files[i], note, source.line, source.record))
                if old is None:
                    self.report.added += 1
                else:
                    self.report.updated += 1
            keep.append(i)
            prints.append(fingerprint(doc.page_hash, chunk.hashes[i]))
            replace.append(old is not None)
        self.writer.add_prepared(prepared, keep, prints, replace)


def _position_id(doc: Document, base: str) -> bool:
    """Whether ``doc``'s id is the one made from its collection file's name (``base``: its stem, or its path
    when other files have its name) and its place in it (a record with no id and no URL: ``wire-12``)."""
    return any(n is not None and doc.id == f"{base}-{n}" for n in (doc.line, doc.record))


def _from_name(where: str, doc_id: str) -> tuple[str, str, str | None] | None:
    """``(base, place, hash)`` when ``doc_id``, of an article of the file ``where``, is made from the file's
    name (``base``: its stem, or its path from a folder on) rather than the article's own id or URL: for a
    one-article file the base alone (place ``""``), for a collection the base and the record's place
    (``wire-12``), the hash of the file's path added when another file took the place's id (``wire-12-1a2b3c4d``);
    None otherwise."""
    name = _name_of(where)
    if name is None:
        return None
    made: list[tuple[str, str, str | None]] = [(doc_id, "", None)]
    if name[0]:
        made = [(m.group(1), m.group(2), m.group(3) if pattern.groups == 3 else None)
                for pattern in _PLACED if (m := pattern.fullmatch(doc_id)) is not None]
    for base, place, digest in made:
        if base == name[1] or "/" in base and (_posix_of(where).endswith("/" + base) or
                                               _posix_of(where, True).endswith("/" + base)):
            return base, place, digest
    return None


_PLACED = (re.compile(r"(.+)-([0-9]+)-([0-9a-f]{8})"), re.compile(r"(.+)-([0-9]+)"))


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


# Per file path, asked of every file of a run (a no-op run of 5,000 files asked 10,000 times: 1,024 entries held
# none of them by the time they came round again).
_PATHS_CACHED = 1 << 17


@functools.lru_cache(maxsize=_PATHS_CACHED)
def _name_of(where: str) -> tuple[bool, str] | None:
    """(whether it is a collection, its name without extension) of the article file at the absolute path
    ``where``; None for another file. Files of a name share it with the files of the same name and kind of file
    (one article or many)."""
    name = os.path.basename(where)
    kind = supported_name(name)
    return None if kind is None else (kind[0] not in SINGLE, stem_of_name(name))


def _stem_of(where: str) -> str:
    """``stem_of_name`` of the file at ``where`` (``_name_of`` keeps it, cached, for an article file)."""
    return stem_of_name(os.path.basename(where))


@functools.lru_cache(maxsize=1024)
def _posix_of(where: str, marked: bool = False) -> str:
    return _posix(where, marked)


def _posix(path: str, marked: bool = False) -> str:
    """``path`` as an id writes it: ``/`` between its parts, each in NFC, control characters as a space (as
    ``_stem`` writes a name); ``marked``: a part so changed followed by ``~`` and a digest of it as it is, to
    tell it from the part written so."""
    parts = []
    for part in path.split(os.sep):
        written = _UNTYPABLE.sub(" ", unicodedata.normalize("NFC", part))
        parts.append(f"{written}~{_path_digest(part)}" if marked and written != part else written)
    return "/".join(parts)


def _root_folder(root: Path) -> str:
    """The folder (absolute) a PATH of the command line names: itself, or a file's folder."""
    base = os.path.abspath(root)
    return base if os.path.isdir(base) else os.path.dirname(base)


def _id_bases(roots: Iterable[Path]) -> dict[str, str]:
    """Root folder (``_root_folder``) -> the folder its files' path ids are written from: the one holding it
    (``news/2024-01/1.txt``); for PATHs of one name in different places (two wires' ``afp/2024`` and
    ``reuters/2024``), as far up as their paths differ (``afp/2024/01/1.txt``, ``reuters/2024/01/1.txt``: from
    the folders holding them both, ``2024/01/1.txt`` was one id for two articles, the second skipped)."""
    by_name: dict[str, set[str]] = {}
    for root in roots:
        folder = _root_folder(root)
        by_name.setdefault(os.path.basename(folder), set()).add(folder)
    out: dict[str, str] = {}
    for folders in by_name.values():
        parts = {f: f.split(os.sep) for f in folders}
        for f, p in parts.items():
            up = 1  # the folder's name, then as many folders above it as tell it from the others of its name
            while up < len(p) - 1 and any(q[-up:] == p[-up:] for g, q in parts.items() if g != f):
                up += 1
            out[f] = os.sep.join(p[:-up]) or os.sep
    return out


def _path_id(where: str, root: Path, bases: dict[str, str] | None = None, marked: bool = False) -> str:
    """The id of the file ``where`` (absolute) found under ``root`` (a PATH of the command line): its path from
    the folder holding ``root`` (a folder named: from that folder's name on, ``news/2024-01/1.txt``; a file
    named: from its folder's name, ``2024-01/1.txt``), or from the one ``bases`` gives it (``_id_bases``);
    ``marked``: see ``_posix``."""
    folder = _root_folder(root)
    base = (bases or {}).get(folder) or os.path.dirname(folder)
    return _posix(os.path.relpath(where, base), marked)


def _same_file(path: str, other: str) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def _file_digest(path: Path) -> str | None:
    """A hash of the file's bytes; None if it cannot be read (the parser then says why)."""
    h = hashlib.blake2b(digest_size=16)
    try:
        with open_regular(path) as f:
            while block := f.read(1 << 20):
                h.update(block)
    except (OSError, ParseError):
        return None
    return h.hexdigest()


def _path_digest(path: str) -> str:
    return hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=4).hexdigest()


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def start_method() -> str:
    """How the workers are started: ``fork``ed from this process, which has imported the engine already (a
    spawned worker imported it again, about 0.4 s of CPU each, and prepared its first chunk 0.5-1 s into a 5k
    build), when this process runs one thread: forking copies only the thread that forks, and a lock another
    thread held (in the allocator, a logger, an I/O buffer) would stay held for ever in the child. Otherwise
    (``build_index`` called from a server's thread, beside others) ``spawn``: a fresh interpreter; so on macOS too,
    whose system libraries are not safe to use in a forked child (Python spawns there by default)."""
    import sys
    import threading

    return "fork" if threading.active_count() == 1 and sys.platform.startswith("linux") else "spawn"


def _prepare(docs: list[Document | Article], options: Options) -> Prepared:
    """``prepare.prepare``, imported when something is to be prepared here (a no-op build imports none of it)."""
    from .prepare import prepare

    return prepare(docs, options)


class _Workers:
    """Chunks prepared by worker processes (or in this process, ``procs`` 0), results in input order, at most
    ``WINDOW_PER_WORKER`` chunks a worker in flight: enough for the workers to keep preparing while this
    process writes a full segment (2-3 s), few enough to bound memory (a prepared chunk holds about 0.5 MB)."""

    def __init__(self, procs: int, options: Options) -> None:
        self.options = options
        self.procs = procs
        self.pool: ProcessPoolExecutor | None = None  # started when there is enough to prepare
        self.window = max(2, WINDOW_PER_WORKER * procs)

    def start(self) -> ProcessPoolExecutor:
        """The worker processes, started now, each given a first task that loads what preparing needs."""
        if self.pool is None:
            import multiprocessing

            # What preparing needs, imported (and the registry loaded) here before the workers are forked, who
            # inherit it: a no-op build imports none of it.
            from ..officials.registry import load_registry
            from .prepare import warm

            load_registry(self.options.registry_file)

            # Ctrl-C stops this process, which stops them (__exit__): they ignore it from their start when they
            # start inside this block, and from their initializer (bulk_worker) in any case.
            with children_ignore_ctrl_c():
                self.pool = ProcessPoolExecutor(self.procs, mp_context=multiprocessing.get_context(start_method()),
                                                initializer=bulk_worker, initargs=(os.getpid(),))
                for _ in range(self.procs):  # the executor starts a process for each task no idle one takes
                    self.pool.submit(warm, self.options)
        return self.pool

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        # After Ctrl-C too the workers (which ignore it) finish the chunks they hold and the rest is cancelled:
        # killing them races the executor's own thread over the pipes they used (its traceback, 1 run in 6).
        if self.pool is not None:
            if self._broken():
                self._kill()
            else:
                self.pool.shutdown(wait=True, cancel_futures=True)

    def _workers(self) -> list[Any]:
        return list((getattr(self.pool, "_processes", None) or {}).values())

    def _broken(self) -> bool:
        """A worker died: it ended while the pool runs (they end only when it shuts down, and their status says
        nothing: one that died of an error outside a task ends with 0 too, ``processes._end_now``). (The executor
        says so too, but CPython 3.11's can hang instead when a worker is killed while the queues are busy: the
        killed-worker test hung once in a full run of the suite.)"""
        return any(p.exitcode is not None for p in self._workers())

    def _kill(self) -> None:
        """After a worker died: the others are killed, and nothing waits on queues that may be stuck."""
        workers = self._workers()
        for proc in workers:
            if proc.exitcode is None:
                proc.kill()
        for proc in workers:
            proc.join(timeout=5)
        assert self.pool is not None
        # A worker killed while sending its result leaves half a message in the result pipe, and this process
        # holds that pipe's writing end too: the executor's thread would wait for the rest for ever, and its
        # queue-feeding thread (stuck writing to workers that are gone) would keep this process from exiting.
        # Closing both ends that only the dead workers used makes both threads fail and the executor finish.
        # (Reproduced: 2 hangs in 32 kills of a worker on a loaded machine, CPython 3.11.7; 0 in 37 after.)
        for queue, end in ((getattr(self.pool, "_result_queue", None), "_writer"),
                           (getattr(self.pool, "_call_queue", None), "_reader")):
            connection = getattr(queue, end, None)
            if connection is not None:
                connection.close()
        self.pool.shutdown(wait=False, cancel_futures=True)

    def _result(self, future: Future[Prepared]) -> Prepared:
        while True:
            try:
                return future.result(timeout=1.0)
            except TimeoutError:
                if self._broken():
                    raise BrokenProcessPool("a worker process died") from None

    def map(self, chunks: Iterable[_Chunk], parallel: bool) -> Iterator[tuple[_Chunk, Prepared]]:
        """The chunks prepared, by the workers if ``parallel`` and there are enough of them."""
        stream = iter(chunks)
        # A changed file of thousands of records of which a few changed: parsed in full, prepared in a
        # chunk or two; starting workers (each imports the engine) would cost more than the work.
        head = list(itertools.islice(stream, PARALLEL_MIN_CHUNKS)) if parallel and self.pool is None else []
        if not parallel or self.pool is None and len(head) < PARALLEL_MIN_CHUNKS:
            for chunk in itertools.chain(head, stream):
                yield chunk, _prepare(chunk.docs, self.options)
            return
        pool = self.start()
        from .prepare import prepare  # (imported by ``start``)

        pending: deque[tuple[_Chunk, Future[Prepared]]] = deque()
        try:
            for chunk in itertools.chain(head, stream):
                pending.append((chunk, pool.submit(prepare, chunk.docs, self.options)))
                if len(pending) >= self.window:
                    done, future = pending.popleft()
                    yield done, self._result(future)
            while pending:
                done, future = pending.popleft()
                yield done, self._result(future)
        except BrokenProcessPool:
            raise IndexingFailedError(
                "A worker process died (killed, or out of memory): this run did not index everything.",
                hint="What was committed is kept; run the same command again to complete it.") from None
