"""The segment flush makes the postings of the fields without positions (bulk.AHEAD: exact, stem) in a thread
while the fields before them are written (bulk.BulkSegmentWriter._flush_segment)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

import pytest

from search.index import store
from search.index.bulk import AHEAD, BulkSegmentWriter
from search.index.prepare import Options, prepare
from search.index.writer import fingerprint
from search.ingest.parse import parse_text

from ..conftest import ARTICLES


def _writer(tmp_path: Path) -> BulkSegmentWriter:
    docs = [parse_text(text, name.removesuffix(".txt"), f"/corpus/{name}") for name, text in sorted(ARTICLES.items())]
    prepared = prepare(docs, Options(None, None))
    ix, _gen = store.create(tmp_path / "ix")
    w = BulkSegmentWriter(ix)
    w.add_prepared(prepared, list(range(len(prepared.docs))), [fingerprint("1:2", "h")] * len(prepared.docs))
    return w


def test_a_fields_postings_made_ahead_are_freed_once_written(tmp_path: Path) -> None:
    """exact's postings (its plan, its blocks' bytes, its sorted postings) are not kept while the fields after it
    (stem, title...) are written: the flush is the peak of the main process's memory."""
    assert AHEAD == ("exact", "stem")
    w = _writer(tmp_path)
    fw = w.fieldwriter
    add_sorted = fw.add_sorted
    made: dict[str, Any] = {}
    alive_at: dict[str, bool] = {}

    def spy(fieldname: str, fieldobj: Any, ranges: Any, sorted_: Any, ahead: Any = None) -> None:
        if "exact" in made:
            gc.collect()
            alive_at.setdefault(fieldname, made["exact"]() is not None)
        if ahead is not None:
            made[fieldname] = weakref.ref(ahead.plan)
        add_sorted(fieldname, fieldobj, ranges, sorted_, ahead)

    fw.add_sorted = spy
    w.commit(merge=False)
    assert set(made) == {"exact", "stem"}
    assert alive_at and not any(alive_at.values()), alive_at  # stem, title: exact's made postings freed


def test_an_error_making_postings_ahead_is_raised_by_the_flush(tmp_path: Path) -> None:
    w = _writer(tmp_path)

    def fail(*_: Any) -> None:
        raise MemoryError("made in the thread")

    w.fieldwriter.postings_ahead = fail
    with pytest.raises(MemoryError, match="made in the thread"):
        w.commit(merge=False)
