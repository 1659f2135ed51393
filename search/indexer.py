"""Folders of articles -> the index, incrementally.

A run walks the given paths, compares each file with what the index holds (size and mtime first, then the
content hash), and writes only what changed: new files are added, changed ones re-indexed, documents whose
files are gone from the walked folders removed. Bad files are reported and skipped; the rest is indexed.
Writes are committed in batches, so a run that is killed loses at most one batch, and the next run picks
up what is missing.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from whoosh.writing import LockError

from . import docarrays, store
from .codec import Codec
from .enrich import Article, enrich, load_registry
from .errors import IndexLockedError, ParseError, SearchError
from .parse import SUPPORTED_SUFFIXES, parse_file
from .schema import ArticleText

BATCH_DOCS = 4000  # documents per commit: bounds memory and what a crash can lose
# Whoosh's posting pool spills to disk (pickling every posting twice) beyond this; one batch fits in it.
LIMIT_MB = 512
PARALLEL_MIN_DOCS = 400  # below this, starting worker processes costs more than it saves

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str
    line: int | None = None


@dataclass
class IndexReport:
    index_dir: str
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)  # indexed, but with something to say (encoding...)
    languages: dict[str, int] = field(default_factory=dict)  # in the whole index after the run
    total: int = 0
    seconds: float = 0.0
    recovered: list[str] = field(default_factory=list)  # what an interrupted earlier run left behind
    rebuilt: bool = False

    @property
    def changed(self) -> int:
        return self.added + self.updated + self.removed

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["seconds"] = round(self.seconds, 3)
        return d


@dataclass(frozen=True, slots=True)
class _Indexed:
    id: str
    path: str
    stat: str  # "size:mtime_ns"
    hash: str


def _fingerprint(stat: str, content_hash: str) -> bytes:
    return f"{stat}|{content_hash}".encode()


def _indexed_hash(article: Article, registry_digest: str) -> str:
    # What decides whether a document must be written again: its content, and the registry that tagged it.
    return f"{article.doc.content_hash}.{registry_digest}"


def _stat_key(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}"


def walk(paths: Iterable[Path], skipped: list[Skipped]) -> Iterator[tuple[Path, str]]:
    """Article files under ``paths`` (recursively, symlinks followed, loops cut) with their stat keys."""
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        if not root.exists():
            skipped.append(Skipped(str(root), "no such file or folder"))
            continue
        if root.is_file():
            candidates: Iterable[Path] = [root]
        else:
            candidates = _walk_dir(root, seen_dirs, skipped)
        for path in candidates:
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                skipped.append(Skipped(str(path), f"unsupported file type {path.suffix or '(no extension)'!r}; "
                                                  "expected .txt or .jsonl"))
                continue
            try:
                st = path.stat()
            except OSError as e:
                skipped.append(Skipped(str(path), f"cannot read: {e.strerror or e}"))
                continue
            yield path, _stat_key(st)


def _walk_dir(root: Path, seen: set[tuple[int, int]], skipped: list[Skipped]) -> Iterator[Path]:
    def onerror(e: OSError) -> None:
        skipped.append(Skipped(str(e.filename), f"cannot list folder: {e.strerror or e}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop, or the same folder reached twice
            skipped.append(Skipped(dirpath, "folder already visited (symlink loop?); not walked again"))
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if p.is_symlink() and not p.exists():
                skipped.append(Skipped(str(p), "broken symlink"))
                continue
            yield p


def _indexed_docs(ix: Any) -> dict[str, _Indexed]:
    """id -> what the index holds, read from columns (no stored bodies are unpickled)."""
    out: dict[str, _Indexed] = {}
    with ix.reader() as reader:
        if reader.doc_count() == 0:
            return out
        ids = reader.column_reader("id")
        paths = reader.column_reader("path")
        fps = reader.column_reader("fingerprint")
        for docnum in reader.all_doc_ids():
            fp = fps[docnum].decode()
            stat, _, content_hash = fp.partition("|")
            doc_id = ids[docnum]
            out[doc_id] = _Indexed(doc_id, paths[docnum], stat, content_hash)
    return out


def _languages(ix: Any) -> tuple[dict[str, int], int]:
    with ix.reader() as reader:
        if reader.doc_count_all() == 0:  # an empty index has no columns at all
            return {}, 0
        col = reader.column_reader("lang")
        counts = Counter(col[d] for d in reader.all_doc_ids())
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))), reader.doc_count()


class _Lock:
    """One indexing run at a time per index folder (Whoosh's own lock covers only one writer)."""

    def __init__(self, index_dir: Path) -> None:
        index_dir.mkdir(parents=True, exist_ok=True)
        self.path = index_dir / "INDEXING.lock"
        self.fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise IndexLockedError(f"Another `search index` is writing to {index_dir}.",
                                   hint="Wait for it to finish, then run again.") from None

    def release(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def _document_fields(article: Article, stat: str, registry_digest: str) -> dict[str, Any]:
    doc = article.doc
    text = ArticleText(doc.title, doc.body, doc.lang or "und")
    date = doc.date or ""
    return {
        "id": doc.id,
        "path": doc.path,
        "fingerprint": _fingerprint(stat, _indexed_hash(article, registry_digest)),
        # One object for the four analysed fields: analysed once (schema.py); stored as plain text.
        "title": text, "body": text, "exact": text, "stem": text,
        "_stored_title": doc.title,
        "_stored_body": doc.body,
        "lang": doc.lang or "und",
        "date": date,
        "date_inferred": doc.date_inferred,
        "year": date[:4],
        "month": date[:7],
        "title_derived": doc.title_derived,
        "url": doc.url,
        "source": doc.source,
        "notes": list(doc.notes),
        "official": ",".join(m.official_id for m in article.mentions),
        "country": ",".join(sorted({m.country for m in article.mentions if m.country})),
        "role": ",".join(sorted({r.replace(",", " ") for m in article.mentions for r in m.roles})),
        "mentions": [[m.official_id, m.name, m.count, m.first_pos, m.country, list(m.roles)]
                     for m in article.mentions],
    }


class _BatchWriter:
    """Adds, replaces and deletes documents, committing every BATCH_DOCS writes."""

    def __init__(self, ix: Any, expected: int, procs: int) -> None:
        self.ix = ix
        self.parallel = procs > 1 and expected >= PARALLEL_MIN_DOCS
        self.procs = procs
        self.writer: Any = None
        self.pending = 0

    def _writer(self) -> Any:
        if self.writer is None:
            try:
                if self.parallel:
                    # DESIGN.md #12: one segment per worker, no merge by the parent.
                    self.writer = self.ix.writer(procs=self.procs, multisegment=True, codec=Codec(), **WRITER_OPTIONS)
                else:
                    self.writer = self.ix.writer(codec=Codec(), **WRITER_OPTIONS)
            except LockError:
                raise IndexLockedError("The index is locked by another writer.",
                                       hint="Wait for it to finish, then run again.") from None
        return self.writer

    def add(self, fields: dict[str, Any], replace: bool) -> None:
        w = self._writer()
        if replace:
            w.delete_by_term("id", fields["id"])
        w.add_document(**fields)
        self.pending += 1
        if self.pending >= BATCH_DOCS:
            self.commit()

    def delete(self, doc_id: str) -> None:
        self._writer().delete_by_term("id", doc_id)
        self.pending += 1

    def commit(self) -> None:
        if self.writer is not None:
            self.writer.commit()
            self.writer = None
            self.pending = 0

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None


# Segments as separate files, not one compound file: Whoosh copies each file of a compound segment into
# memory when it opens it (80 ms of a cold query at 20k articles); separate files are read in place.
WRITER_OPTIONS: dict[str, Any] = {"limitmb": LIMIT_MB, "compound": False}


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
    lock = _Lock(index_dir)
    try:
        report.recovered = store.remove_leftovers(index_dir)
        if rebuild or not store.exists(index_dir):
            ix = store.create(index_dir)
        else:
            ix = store.open_existing(index_dir)
        try:
            user_file = Path(registry) if registry is not None else store.saved_registry(index_dir)
            loaded = load_registry(user_file)  # raises for a malformed file, before anything is written
            if registry is not None:
                store.save_registry(index_dir, Path(registry))
            _run(ix, roots, report, lang, procs or min(os.cpu_count() or 1, 4), loaded, progress)
            report.languages, report.total = _languages(ix)
            with ix.reader() as reader:  # ranking and facet arrays for this generation, ready for queries
                docarrays.load(index_dir, reader)
        finally:
            ix.close()
    finally:
        lock.release()
    report.seconds = time.perf_counter() - started
    return report


def _run(ix: Any, roots: list[Path], report: IndexReport, lang: str | None, procs: int,
         registry: tuple[Any, str], progress: Progress | None) -> None:
    indexed = _indexed_docs(ix)
    by_path: dict[str, list[_Indexed]] = {}
    for d in indexed.values():
        by_path.setdefault(d.path, []).append(d)

    files = list(walk(roots, report.skipped))
    abs_roots = [os.path.abspath(r) for r in roots]
    seen_ids: dict[str, str] = {}  # id -> path that claimed it in this run
    to_parse: list[tuple[Path, str]] = []
    for path, stat in files:
        key = os.path.abspath(path)
        olds = by_path.get(key, [])
        # Same size and mtime, tagged with the same registry: unchanged without reading the file.
        if olds and all(o.stat == stat and o.hash.endswith("." + registry[1]) for o in olds):
            report.unchanged += len(olds)
            for o in olds:
                seen_ids[o.id] = key
        else:
            to_parse.append((path, stat))

    writer = _BatchWriter(ix, expected=len(to_parse), procs=procs)
    try:
        total = len(to_parse)
        for n, (path, stat) in enumerate(to_parse, start=1):
            _index_file(path, stat, indexed, seen_ids, report, writer, lang, registry)
            if progress:
                progress(n, total)
        # Documents whose files are gone (or whose JSONL lines are gone) from the walked folders.
        for d in indexed.values():
            if d.id in seen_ids:
                continue
            inside = any(d.path == r or d.path.startswith(r.rstrip(os.sep) + os.sep) for r in abs_roots)
            if inside:
                writer.delete(d.id)
                report.removed += 1
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def _index_file(path: Path, stat: str, indexed: dict[str, _Indexed], seen_ids: dict[str, str],
                report: IndexReport, writer: _BatchWriter, lang: str | None, registry: tuple[Any, str]) -> None:
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
        if doc.id in seen_ids:
            report.skipped.append(Skipped(str(path), f"duplicate id {doc.id!r}: already taken by {seen_ids[doc.id]}"))
            continue
        seen_ids[doc.id] = key
        try:
            article = enrich(doc, lang=lang, registry=registry[0])
        except SearchError as e:
            report.skipped.append(Skipped(str(path), str(e)))
            continue
        doc = article.doc
        for note in doc.notes:
            report.notes.append(Skipped(str(path), note))
        old = indexed.get(doc.id)
        if old is not None and old.hash == _indexed_hash(article, registry[1]):
            if old.stat != stat or old.path != key:
                # Same content, new mtime (touched) or moved: refresh the fingerprint; nothing to report.
                writer.add(_document_fields(article, stat, registry[1]), replace=True)
            report.unchanged += 1
            continue
        writer.add(_document_fields(article, stat, registry[1]), replace=old is not None)
        if old is None:
            report.added += 1
        else:
            report.updated += 1
