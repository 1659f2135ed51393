"""A field's terms as the reader finds them (search/index/reader.py): through the term files and, once a process
has looked up many terms or prefixes of a field, through its term tables read into memory: the same prefix
expansions, document frequencies and postings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from search import build_index
from search.index import reader as rd
from search.index.reader import IndexReader

from ..conftest import ARTICLES, SEEDS, write_articles


@pytest.fixture(scope="module")
def segmented_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and the test articles in two segments, one article replaced (a deleted document)."""
    work = tmp_path_factory.mktemp("terms")
    folder = write_articles(work / "docs", ARTICLES)
    build_index([SEEDS], work / "ix", procs=1)
    build_index([SEEDS, folder], work / "ix", procs=1)
    (folder / next(iter(ARTICLES))).write_text(" date 2025-02 Changed\nSơn changed the text.", encoding="utf-8")
    build_index([SEEDS, folder], work / "ix", procs=1)
    return work / "ix"


def prefixes_of(terms: list[str]) -> set[str]:
    found = {"", "zzzz", "\uffff"}
    for t in terms:
        found.update(t[:k] for k in range(1, len(t) + 1))
        if " " in t:
            found.add(t.partition(" ")[0] + " ")
    return found


@pytest.mark.parametrize("field", ["exact", "body", "title", "stem", "official"])
def test_prefixes_expand_the_same_from_the_term_files_and_from_memory(segmented_index: Path, field: str) -> None:
    with IndexReader(segmented_index) as r:
        assert len(r._leaves) >= 2, "the test needs several segments"
        terms = r.field_terms(field)
        assert terms, field
        prefixes = sorted(prefixes_of(terms))
        from_files = {p: r._expand(field, p) for p in prefixes[: rd.LOOKUPS_BEFORE_MEMORY]}
        assert field not in r._sorted_terms  # not yet read
        r._lookups[field] = rd.LOOKUPS_BEFORE_MEMORY  # the next new prefix reads them
        from_memory = {p: r._expand(field, p) for p in prefixes}
        assert field in r._sorted_terms
    with IndexReader(segmented_index) as fresh:  # a reader that walks the term files for every prefix
        fresh._lookups[field] = -10**9
        expected = {p: fresh._expand(field, p) for p in prefixes}
    assert field not in fresh._sorted_terms
    assert from_memory == expected
    assert all(from_files[p] == expected[p] for p in from_files)
    assert expected[""] == sorted(set(terms)) and expected["zzzz"] == []
    assert any(len(v) > 1 for v in expected.values())


def test_the_reader_switches_to_memory_after_many_prefixes_and_answers_the_same(
        segmented_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rd, "LOOKUPS_BEFORE_MEMORY", 20)
    with IndexReader(segmented_index) as r:
        # the terms live documents hold (the fixture's updates left some held by deleted copies only)
        terms = [t for t in r.field_terms("exact") if r.doc_frequency("exact", t)]
        words = sorted({t.partition(" ")[0] + " " for t in terms})
        assert len(words) > rd.LOOKUPS_BEFORE_MEMORY
        answers = [r.expand_prefix("exact", w) for w in words]
        assert "exact" in r._sorted_terms
        assert all(a and all(t.startswith(w) for t in a) for w, a in zip(words, answers, strict=True))
        assert sum(len(a) for a in answers) == len(set(terms))


@pytest.mark.parametrize("field", ["body", "exact", "stem", "title", "official"])
def test_frequencies_and_postings_are_the_same_from_the_term_files_and_from_memory(segmented_index: Path,
                                                                                  field: str) -> None:
    with IndexReader(segmented_index) as files, IndexReader(segmented_index) as memory:
        files._lookups[field] = -10**9  # never reads the tables
        memory._lookups[field] = rd.LOOKUPS_BEFORE_MEMORY  # reads them at the first look-up
        terms = files.field_terms(field)
        positions = field == "body"
        several = 0
        for text in [*terms, "absent-term", "zzzz"]:
            assert files.doc_frequency(field, text) == memory.doc_frequency(field, text), text
            a = files.postings(field, text, positions=positions)
            b = memory.postings(field, text, positions=positions)
            assert np.array_equal(a.ids, b.ids) and np.array_equal(a.weights, b.weights), text
            assert a.ids.dtype == b.ids.dtype == np.int64 and a.weights.dtype == b.weights.dtype == np.float64
            if positions:
                assert a.keys is not None and b.keys is not None and np.array_equal(a.keys, b.keys), text
            starts = [offset for _, offset in files._leaves]
            several += len(np.unique(np.searchsorted(starts, a.ids, side="right"))) > 1
        assert field in memory._term_tables and field not in files._term_tables
        assert files.doc_frequency(field, "absent-term") == 0 and not len(files.postings(field, "zzzz").ids)
        assert several, "no term has postings in two segments"
