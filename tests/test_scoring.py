"""The array scorer (search/scoring.py) gives Whoosh's BM25F scores, without Whoosh's matcher bugs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh import query as wq

from search import build_index, open_index
from search.scoring import Evaluator

from .conftest import ARTICLES, write_articles


def whoosh_scores(ix: Any, q: wq.Query) -> dict[int, float]:
    """Every matching document's score from Whoosh's own matchers, read in order (no skipping)."""
    out = {}
    searcher = ix._searcher
    for sub, offset in searcher.leaf_searchers():
        m = q.matcher(sub, searcher.context())
        while m.is_active():
            out[m.id() + offset] = m.score()
            m.next()
    return out


@pytest.fixture(scope="module")
def three_segments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The inline corpus written in three runs (three segments), one article then updated (a deletion)."""
    folder = tmp_path_factory.mktemp("corpus3")
    index_dir = tmp_path_factory.mktemp("index3")
    names = sorted(ARTICLES)
    for part in range(3):
        write_articles(folder, {n: ARTICLES[n] for n in names[part::3]})
        build_index([folder], index_dir, procs=1)
    first = folder / names[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nUpdated coopération.\n", encoding="utf-8")
    build_index([folder], index_dir, procs=1)
    return index_dir


QUERIES = [
    wq.Term("body", "cooperation"),
    wq.Term("stem", "fr:cooper", boost=2.0),
    wq.Term("title", "son"),
    wq.Or([wq.Term("body", "son"), wq.Term("body", "la"), wq.Term("body", "bui")]),
    wq.And([wq.Term("body", "bui"), wq.Term("body", "son")]),
    wq.AndNot(wq.Term("body", "son"), wq.Term("body", "la")),
]


@pytest.mark.parametrize("q", QUERIES, ids=str)
def test_term_and_boolean_scores_equal_whooshs_bm25f_on_a_multi_segment_index(three_segments: Path,
                                                                             q: wq.Query) -> None:
    with open_index(three_segments) as ix:
        expected = whoosh_scores(ix, q.normalize())
        got = Evaluator(ix._postings()).run(q.normalize())
        matched = {int(d): float(got.score[d]) for d in got.mask.nonzero()[0]}
    assert expected, f"{q} should match something in the test corpus"
    assert matched.keys() == expected.keys()
    for doc, score in expected.items():
        assert matched[doc] == pytest.approx(score, rel=1e-9)


def test_a_deleted_version_of_an_updated_article_never_matches(three_segments: Path) -> None:
    with open_index(three_segments) as ix:
        reader = ix._searcher.reader()
        live = set(reader.all_doc_ids())
        assert len(live) < reader.doc_count_all(), "the update should have left a deleted document"
        got = Evaluator(ix._postings()).run(wq.Term("body", "cooperation"))
        assert set(int(d) for d in got.mask.nonzero()[0]) <= live
        assert ix.search("coopération", facets=["lang"]).total == len(
            [d for d in live if "coop" in reader.stored_fields(d)["body"].lower()])


def test_disjunction_max_is_the_best_part_where_whoosh_skipping_returns_another_score(three_segments: Path) -> None:
    # Whoosh 2.7's DisjunctionMax matcher, reached by skip_to, can return a score that is none of its parts'
    # (found on Cranfield: 11.8 for a document whose only matching part scores 4.6). Ours is the maximum.
    parts = [wq.Term("body", "cooperation"), wq.Term("stem", "en:cooper", boost=2.0), wq.Term("body", "coopérer")]
    with open_index(three_segments) as ix:
        ev = Evaluator(ix._postings())
        got = ev.run(wq.DisjunctionMax(parts))
        each = [ev.run(p).score for p in parts]
        docs = got.mask.nonzero()[0]
        assert len(docs) >= 2
        for d in docs:
            assert got.score[d] == max(s[d] for s in each)


def test_ties_are_ordered_newest_first_then_by_id_and_undated_last(tmp_path: Path) -> None:
    folder = write_articles(tmp_path / "docs", {
        "b-old.txt": " date 2023-01 Same\nsame words here",
        "a-new.txt": " date 2024-05 Same\nsame words here",
        "c-new.txt": " date 2024-05 Same\nsame words here",
        "d-undated.txt": "Other\nunrelated text",
    })
    build_index([folder], tmp_path / "ix", procs=1)
    with open_index(tmp_path / "ix") as ix:
        res = ix.search("same words", facets=[])
        order = ix._order()
        number = {ix.show(i).id: ix._searcher.document_number(id=i) for i in ("a-new", "d-undated")}
    assert len({h.score for h in res.hits}) == 1, [(h.id, h.score) for h in res.hits]
    assert [h.id for h in res.hits] == ["a-new", "c-new", "b-old"]
    assert order[number["d-undated"]] == max(order) and order[number["a-new"]] == 0
