"""The write side of the storage engine: one indexing run at a time, documents added (prepared in bulk, see
``bulk.py``), replaced and deleted, committed in segments of bounded size (a killed run loses one
segment's worth at most).

    with IndexWriter.open(Path("index"), rebuild=False) as w:
        held = w.indexed()                       # id -> Indexed(path, key, page): what the index holds
        w.add_prepared(prepared, keep=[0, 1], fingerprints=[...], replace=[False, True])
        w.delete("old-id")
        w.commit()
"""

from __future__ import annotations

import fcntl
import itertools
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import columns, fields
from whoosh.writing import MERGE_SMALL, LockError

from ..errors import IndexLockedError, IndexWriteError
from ..ingest import dates as dates_
from ..processes import bounded_heap
from ..records import Article, Document, MentionRow
from . import docarrays, integrity, store
from .codec import Codec
from .store import damaged

if TYPE_CHECKING:
    from .bulk import BulkSegmentWriter
    from .prepare import Prepared, PreparedDoc

# A segment is committed when it holds this many postings (about 40 MB of arrays) or documents: memory grows
# with the segment, not with the collection, and a killed run loses at most one segment's worth.
SEGMENT_POSTINGS = 3_000_000
SEGMENT_DOCS = 20_000
# More segments than this after a run: the small ones are merged (Whoosh's own writer and merge policy:
# for a few small segments, one posting at a time is fine). Every query pays for each segment.
MAX_SEGMENTS = 8


@dataclass(frozen=True, slots=True)
class Indexed:
    """What the index holds of one document, enough to decide whether a run must write it again."""

    id: str
    path: str
    key: str  # "<hash of the record as read>.<version>": format, enrichment rules, forced language, registry
    page: str = ""  # for an article read from a web page: the page's hash (ingest.parse.page_hash)


def fingerprint(page_hash: str | None, key: str) -> bytes:
    # The files' own stat keys (walk.py) are kept apart, in files.json (store.py): a record's fingerprint does not
    # change when another record of its file does.
    return f"{page_hash or ''}|{key}".encode()


# Added to the key of an article left out of "newest first" for a date after the time it was indexed, once that
# date has come: a key no run gives, so it is enriched again (a fresh build would not flag it), once.
DATE_COME = ".date-come"


def date_has_come(date: str) -> bool:
    """Whether the date of an article left out of "newest first" (no ``newest`` value) is no longer in the
    future: it was flagged when indexed, and would not be now."""
    return bool(date) and not dates_.is_future(date)


def article_from_stored(s: dict[str, Any], path: str) -> Article:
    """An article from its stored fields (as the index holds it, enriched), under ``path``. The OpenSearch
    backend keeps the same stored fields."""
    doc = Document(id=s["id"], path=path, title=s.get("title") or "", body=s.get("body") or "",
                   date=s.get("date") or None, date_inferred=bool(s.get("date_inferred")), lang=s.get("lang"),
                   title_derived=bool(s.get("title_derived")), url=s.get("url"), source=s.get("source") or None,
                   author=s.get("author"), section=s.get("section"), tags=tuple(s.get("tags") or ()),
                   published=s.get("published"), date_future=bool(s.get("date_future")),
                   page_hash=s.get("page_hash"), notes=tuple(s.get("notes") or ()))
    mentions = tuple(MentionRow(m[0], m[1], m[2], m[3], m[4], tuple(m[5])) for m in s.get("mentions") or ())
    return Article(doc, mentions)


def _column_values(reader: Any, name: str) -> list[Any]:
    """The values of column ``name`` of every document, in order, as ``reader.column_reader(name)`` gives them.
    A segment's variable-length bytes column is read in one piece and cut, not a value at a time through the
    file's seek and read (30,000 values of a 5k index: 0.08 s of a 0.2 s no-op re-index)."""
    field = reader.schema[name]
    # The field's translation of a column value: Whoosh's own for text (UTF-8) and raw (bytes) fields.
    translate: Any = field.from_column_value
    if type(field).from_column_value is fields.FieldType.from_column_value:
        if type(field).from_bytes is fields.FieldType.from_bytes:
            translate = _utf8
        elif type(field).from_bytes is fields.COLUMN.from_bytes:
            translate = None
    values: list[Any] = []
    leaves = list(reader.leaf_readers()) if hasattr(reader, "leaf_readers") else [(reader, 0)]
    for sub, _ in leaves:
        raw = sub.column_reader(name, translate=False)
        if type(raw) is not columns.VarBytesColumn.Reader:
            values.extend(sub.column_reader(name))  # another kind of column: value by value
            continue
        lengths = raw._lengths
        data = raw._dbfile.get(raw._basepos, sum(lengths))
        ends = list(itertools.accumulate(lengths))
        pieces = [data[start:end] for start, end in zip([0, *ends], ends, strict=False)]  # (one more start)
        values.extend(pieces if translate is None else map(translate, pieces))
    return values


def _utf8(value: bytes) -> str:
    return value.decode("utf-8")


def _live(reader: Any, column: Any) -> Any:
    """The values of ``column`` (all documents, in order) of the documents not deleted."""
    if not reader.has_deletions():
        return iter(column)
    return (value for docnum, value in enumerate(column) if not reader.is_deleted(docnum))


class IndexLock:
    """One indexing run at a time per index folder (Whoosh's own lock covers only one writer). The lock is
    the open file's: it goes with the process that holds it, however it ends (kill -9 included); worker
    processes forked while it is held share it, and die with the process that started them
    (``processes.die_with_parent``), so it goes with them."""

    def __init__(self, index_dir: Path) -> None:
        self.path = index_dir / store.LOCK_FILE
        try:
            index_dir.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.path, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o644)
        except OSError as e:  # read-only, not a folder, no permission, a parent that cannot be made
            raise IndexWriteError(f"Cannot write the index in {index_dir}: {e.strerror or e}.",
                                  hint="Choose a folder you can write to with --index, or fix its permissions."
                                  ) from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise IndexLockedError(f"Another `search index` is writing to {index_dir}.",
                                   hint="Wait for it to finish, then run again.") from None

    def release(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def indexing_now(index_dir: Path) -> bool:
    """Whether a `search index` run holds the index's lock at this moment."""
    try:
        fd = os.open(index_dir / store.LOCK_FILE, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # also lets go of the shared lock, if taken
    return False


class IndexWriter:
    """Adds, replaces and deletes documents of one index; commits a segment whenever it is full."""

    def __init__(self, index_dir: Path, ix: Any, gen: Path, new: bool) -> None:
        self.index_dir = index_dir
        self.ix = ix
        self.gen = gen  # the generation written (store.py)
        self.new = new  # a new generation: published only when the run completes
        self.writer: BulkSegmentWriter | None = None
        self.changed = False  # this run added or deleted something

    @classmethod
    def open(cls, index_dir: Path, rebuild: bool) -> IndexWriter:
        """A writer on ``index_dir``'s current generation, or on a new one for ``rebuild`` (the current one
        keeps answering queries until this run completes). A first index is published at once: what each
        commit writes is kept even if the run is killed."""
        if rebuild or not store.exists(index_dir):
            ix, gen = store.create(index_dir)
            first = not store.exists(index_dir)
            if first:
                store.publish(index_dir, gen)
            return cls(index_dir, ix, gen, not first)
        ix, gen = store.open_existing(index_dir)
        try:
            problems = integrity.verify(gen, integrity.referenced(ix), full=True)
        except Exception as e:  # noqa: BLE001 - a table of contents too damaged to list its segments
            ix.close()
            raise damaged(index_dir, f"{type(e).__name__} reading its table of contents") from e
        if problems:  # never write over a damaged index, nor report success over one
            ix.close()
            raise damaged(index_dir, "; ".join(problems.damaged))
        return cls(index_dir, ix, gen, False)

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None:
            self.cancel()
        self.ix.close()
        if exc_type is None and self.new:
            store.publish(self.index_dir, self.gen)

    def indexed(self) -> dict[str, Indexed]:
        """id -> what the index holds, read from columns (no stored bodies are unpickled)."""
        out: dict[str, Indexed] = {}
        with self.ix.reader() as reader:
            if reader.doc_count() == 0:
                return out
            # Each column read whole, in document order, not a value per document through the segments' offsets.
            columns = zip(*(_live(reader, _column_values(reader, name))
                            for name in ("id", "path", "fingerprint", "date", "newest")), strict=True)
            for doc_id, path, fp, date, newest in columns:
                page, _, key = fp.decode().rpartition("|")
                if not newest and date_has_come(date):
                    key += DATE_COME
                out[doc_id] = Indexed(doc_id, path, key, page)
        return out

    def stored_article(self, doc_id: str, path: str) -> Article | None:
        """The article as the index holds it (enriched), under a new path: a record moved to another file is
        written again without being enriched again."""
        with self.ix.searcher() as searcher:
            s = searcher.document(id=doc_id)
        return None if s is None else article_from_stored(s, path)

    def languages(self) -> tuple[dict[str, int], int]:
        """Articles per language in the whole index (most first), and the number of articles."""
        with self.ix.reader() as reader:
            if reader.doc_count_all() == 0:  # an empty index has no columns at all
                return {}, 0
            counts = Counter(_live(reader, reader.column_reader("lang")))
            return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))), reader.doc_count()

    def _writer(self) -> BulkSegmentWriter:
        if self.writer is None:
            from .bulk import BulkSegmentWriter  # (here: a run that writes nothing does not import it)

            self.changed = True
            try:
                self.writer = BulkSegmentWriter(self.ix)
            except LockError:
                raise IndexLockedError("The index is locked by another writer.",
                                       hint="Wait for it to finish, then run again.") from None
        return self.writer

    def add_prepared(self, prepared: Prepared, keep: Sequence[int], fingerprints: Sequence[bytes],
                     replace: Sequence[bool]) -> None:
        """Add the prepared documents at ``keep``; those that ``replace`` an older version delete it first."""
        w = self._writer()
        for position, old in zip(keep, replace, strict=True):
            if old:
                doc = prepared.docs[position]
                w.delete_by_term("id", doc.article.doc.id)  # type: ignore[union-attr]
        w.add_prepared(prepared, keep, fingerprints)
        if w.postings >= SEGMENT_POSTINGS or w.doc_count() >= SEGMENT_DOCS:
            self.commit(merge=False)
            # A large build (more segments may follow): their arrays in memory that goes back to the system once
            # freed, so that the process holds one segment's worth, not the holes each earlier one left
            # (processes.py; for the rest of the process's life).
            bounded_heap()

    def refusal(self, item: PreparedDoc) -> str | None:
        """Why this index cannot take ``item`` (the cluster's writer has reasons); None: it takes every article
        (a word over 256 characters is left out of its terms, not refused)."""
        return None

    def delete(self, doc_id: str) -> None:
        self._writer().delete_by_term("id", doc_id)

    def commit(self, merge: bool = True) -> None:
        """Commit what is pending; with ``merge``, then merge small segments if there are too many, in a run
        that changed something. (A run that changed nothing must leave the index as it was: Whoosh's small-
        segment merge commits a new table of contents even when it merges nothing, as with 16 large segments at
        100k articles, and a new table of contents is a new index for the caches of what is derived from it,
        an exported site's first of all.)"""
        if self.writer is not None:
            self.writer.commit(merge=False)
            self.writer = None
        if merge and self.changed and len(self.ix._segments()) > MAX_SEGMENTS:
            self.ix.writer(codec=Codec(), compound=False).commit(mergetype=MERGE_SMALL)
        integrity.record(self.gen)

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None

    def save_arrays(self) -> docarrays.DocArrays:
        """Ranking and facet arrays of the committed generation, ready for the first query (and returned), and
        the checksums of every file (integrity.py)."""
        with self.ix.reader() as reader:
            arrays = docarrays.load(self.gen, reader)
        integrity.record(self.gen)
        return arrays
