"""The write side of the storage engine: one indexing run at a time, documents added, replaced and deleted,
committed in batches (a killed run loses one batch at most).

    with IndexWriter.open(Path("index"), rebuild=False, procs=2) as w:
        held = w.indexed()                       # id -> Indexed(path, key): what the index holds
        w.add(article, key="<record hash>.<enrichment key>", replace=False)
        w.delete("old-id")
        w.commit()

An article becomes the fields of ``schema.py``; its four analysed fields share one analysis (``schema.py``).
"""

from __future__ import annotations

import fcntl
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.writing import LockError

from ..analysis.terms import spells_exactly
from ..errors import IndexLockedError
from ..records import Article, Document, MentionRow
from . import docarrays, store
from .codec import Codec
from .schema import ArticleText

BATCH_DOCS = 4000  # documents per commit: bounds memory and what a crash can lose
# Whoosh's posting pool spills to disk (pickling every posting twice) beyond this; one batch fits in it.
LIMIT_MB = 512
PARALLEL_MIN_DOCS = 400  # below this, starting worker processes costs more than it saves
# Segments as separate files, not one compound file: Whoosh copies each file of a compound segment into
# memory when it opens it (80 ms of a cold query at 20k articles); separate files are read in place.
WRITER_OPTIONS: dict[str, Any] = {"limitmb": LIMIT_MB, "compound": False}


@dataclass(frozen=True, slots=True)
class Indexed:
    """What the index holds of one document, enough to decide whether a run must write it again."""

    id: str
    path: str
    key: str  # "<hash of the record as read>.<enrichment key>" (build.py)
    page: str = ""  # for an article read from a web page: the page's hash (parse.page_hash)


class IndexLock:
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


def document_fields(article: Article, key: str) -> dict[str, Any]:
    doc = article.doc
    exact_words = spells_exactly(doc.title + "\n" + doc.body, doc.lang)
    text = ArticleText(doc.title, doc.body, doc.lang or "und", exact_words)
    date = doc.date or ""
    return {
        "id": doc.id,
        "path": doc.path,
        "fingerprint": f"{doc.page_hash or ''}|{key}".encode(),
        # One object for the four analysed fields: analysed once (schema.py); stored as plain text.
        "title": text, "body": text, "exact": text, "stem": text,
        "_stored_title": doc.title,
        "_stored_body": doc.body,
        "lang": doc.lang or "und",
        "spelled": "exact" if exact_words else "",
        "date": date,
        "date_inferred": doc.date_inferred,
        "date_future": doc.date_future,
        "newest": "" if doc.date_future else date,
        "published": doc.published,
        "year": date[:4],
        "month": date[:7] if len(date) >= 7 else "",  # a year alone has no month
        "title_derived": doc.title_derived,
        "url": doc.url,
        "source": doc.source or "",
        "author": doc.author,
        "section": doc.section,
        "tags": list(doc.tags),
        "page_hash": doc.page_hash,
        "notes": list(doc.notes),
        "official": ",".join(m.official_id for m in article.mentions),
        "country": ",".join(sorted({m.country for m in article.mentions if m.country})),
        "role": ",".join(sorted({r.replace(",", " ") for m in article.mentions for r in m.roles})),
        "mentions": [m.stored() for m in article.mentions],
    }


class IndexWriter:
    """Adds, replaces and deletes documents of one index, committing every BATCH_DOCS writes."""

    def __init__(self, index_dir: Path, ix: Any, procs: int, fresh: bool = False) -> None:
        self.index_dir = index_dir
        self.ix = ix
        self.fresh = fresh  # a new, empty index (created or rebuilt)
        self.procs = procs
        self.parallel = False
        self.writer: Any = None
        self.pending = 0

    @classmethod
    def open(cls, index_dir: Path, rebuild: bool, procs: int) -> IndexWriter:
        """A writer on ``index_dir``: a new empty index if ``rebuild`` or none is there."""
        fresh = rebuild or not store.exists(index_dir)
        ix = store.create(index_dir) if fresh else store.open_existing(index_dir)
        return cls(index_dir, ix, procs, fresh)

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None:
            self.cancel()
        self.ix.close()

    def expect(self, documents: int) -> None:
        """Parallel writer processes pay off only for a run that writes many documents."""
        self.parallel = self.procs > 1 and documents >= PARALLEL_MIN_DOCS

    def indexed(self) -> dict[str, Indexed]:
        """id -> what the index holds, read from columns (no stored bodies are unpickled)."""
        out: dict[str, Indexed] = {}
        with self.ix.reader() as reader:
            if reader.doc_count() == 0:
                return out
            ids = reader.column_reader("id")
            paths = reader.column_reader("path")
            fps = reader.column_reader("fingerprint")
            for docnum in reader.all_doc_ids():
                doc_id = ids[docnum]
                page, _, key = fps[docnum].decode().rpartition("|")
                out[doc_id] = Indexed(doc_id, paths[docnum], key, page)
        return out

    def stored_article(self, doc_id: str, path: str) -> Article | None:
        """The article as the index holds it (enriched), under a new path: a record moved to another file is
        written again without being enriched again."""
        with self.ix.searcher() as searcher:
            s = searcher.document(id=doc_id)
        if s is None:
            return None
        doc = Document(id=s["id"], path=path, title=s.get("title") or "", body=s.get("body") or "",
                       date=s.get("date") or None, date_inferred=bool(s.get("date_inferred")), lang=s.get("lang"),
                       title_derived=bool(s.get("title_derived")), url=s.get("url"), source=s.get("source") or None,
                       author=s.get("author"), section=s.get("section"), tags=tuple(s.get("tags") or ()),
                       published=s.get("published"), date_future=bool(s.get("date_future")),
                       page_hash=s.get("page_hash"), notes=tuple(s.get("notes") or ()))
        mentions = tuple(MentionRow(m[0], m[1], m[2], m[3], m[4], tuple(m[5])) for m in s.get("mentions") or ())
        return Article(doc, mentions)

    def languages(self) -> tuple[dict[str, int], int]:
        """Articles per language in the whole index (most first), and the number of articles."""
        with self.ix.reader() as reader:
            if reader.doc_count_all() == 0:  # an empty index has no columns at all
                return {}, 0
            col = reader.column_reader("lang")
            counts = Counter(col[d] for d in reader.all_doc_ids())
            return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))), reader.doc_count()

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

    def add(self, article: Article, key: str, replace: bool) -> None:
        fields = document_fields(article, key)
        if fields["url"] is None:
            del fields["url"]  # an indexed field takes text or nothing
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

    def save_arrays(self) -> None:
        """Ranking and facet arrays of the committed generation, ready for the first query."""
        with self.ix.reader() as reader:
            docarrays.load(self.index_dir, reader)
