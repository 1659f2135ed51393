"""The array scorer (search/scoring.py): BM25 with per-language statistics, without Whoosh's matcher bugs."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from whoosh import query as wq

from search import build_index, open_index
from search.index import store
from search.query import plan as p
from search.query.score import K1, PRIOR_DOCS, B

from ..conftest import ARTICLES, write_articles


def whoosh_reader(ix: Any) -> Any:
    """Whoosh's own reader of the same index: the reference the tests compare our arrays with."""
    return store.open_existing(ix.index_dir)[0].reader()


def reference_bm25(ix: Any, field: str, text: str, boost: float = 1.0) -> dict[int, float]:
    """The scores of one term, recomputed document by document through Whoosh's public reader API."""
    reader = whoosh_reader(ix)
    live = list(reader.all_doc_ids())
    lang = {d: reader.stored_fields(d)["lang"] for d in live}
    length = {d: reader.doc_field_length(d, field, 0) or 0 for d in live}  # None for an empty field
    tf = {}
    m = reader.postings(field, text)
    while m.is_active():
        tf[m.id()] = m.weight()
        m.next()
    overall_avg = sum(length.values()) / len(live)
    overall_share = len(tf) / len(live)
    out = {}
    for d, f in tf.items():
        same = [x for x in live if lang[x] == lang[d]]
        n = len(same) + PRIOR_DOCS
        df = sum(1 for x in same if x in tf) + PRIOR_DOCS * overall_share
        avg = (sum(length[x] for x in same) + PRIOR_DOCS * overall_avg) / (len(same) + PRIOR_DOCS)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        out[d] = boost * idf * f * (K1 + 1) / (f + K1 * (1 - B + B * length[d] / avg))
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


TERMS = [("body", "cooperation", 1.0), ("stem", "fr:cooper", 2.0), ("title", "sơn", 1.0), ("body", "la", 1.0),
         ("body", "hun", 1.0), ("body", "son", 1.0)]


@pytest.mark.parametrize(("field", "text", "boost"), TERMS)
def test_a_term_scores_bm25_with_its_languages_statistics_on_a_multi_segment_index(
        three_segments: Path, field: str, text: str, boost: float) -> None:
    with open_index(three_segments) as ix:
        expected = reference_bm25(ix, field, text, boost)
        got = ix.scorer.run(p.Term(field, text, boost=boost))
        matched = {int(d): float(got.score[d]) for d in got.mask.nonzero()[0]}
    assert expected, f"{field}:{text} should match something in the test corpus"
    assert matched.keys() == expected.keys()
    for doc, score in expected.items():
        assert matched[doc] == pytest.approx(score, rel=1e-9)


def test_boolean_nodes_combine_their_parts_scores(three_segments: Path) -> None:
    son, la, bui = (p.Term("body", w) for w in ("son", "la", "bui"))
    with open_index(three_segments) as ix:
        ev = ix.scorer
        s_son, s_la, s_bui = (ev.run(t) for t in (son, la, bui))
        either = ev.run(p.Or((son, la)))
        both = ev.run(p.And((son, bui)))
        maybe = ev.run(p.AndMaybe(son, la))
        without = ev.run(p.AndNot(son, la))
    assert (either.mask == (s_son.mask | s_la.mask)).all()
    assert either.score == pytest.approx(s_son.score + s_la.score)
    assert (both.mask == (s_son.mask & s_bui.mask)).all() and both.mask.any()
    assert both.score == pytest.approx((s_son.score + s_bui.score) * both.mask)
    assert (maybe.mask == s_son.mask).all()
    assert maybe.score == pytest.approx(s_son.score + s_la.score * s_son.mask)
    assert (without.mask == (s_son.mask & ~s_la.mask)).all() and without.mask.any()
    assert without.score == pytest.approx(s_son.score * without.mask)


def test_a_deleted_version_of_an_updated_article_never_matches(three_segments: Path) -> None:
    with open_index(three_segments) as ix:
        reader = whoosh_reader(ix)
        live = set(reader.all_doc_ids())
        assert len(live) < reader.doc_count_all(), "the update should have left a deleted document"
        got = ix.scorer.run(p.Term("body", "cooperation"))
        assert set(int(d) for d in got.mask.nonzero()[0]) <= live
        assert ix.search("coopération", facets=["lang"]).total == len(
            [d for d in live if "coop" in reader.stored_fields(d)["body"].lower()])


def test_disjunction_max_is_the_best_part_where_whoosh_skipping_returns_another_score(three_segments: Path) -> None:
    # Whoosh 2.7's DisjunctionMax matcher, reached by skip_to, can return a score that is none of its parts'
    # (found on Cranfield: 11.8 for a document whose only matching part scores 4.6). Ours is the maximum.
    parts = (p.Term("body", "cooperation"), p.Term("stem", "en:cooper", boost=2.0), p.Term("body", "coopérer"))
    with open_index(three_segments) as ix:
        ev = ix.scorer
        got = ev.run(p.DisMax(parts))
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
        order = ix.reader.docs.order
        number = {i: ix.reader.docnum(i) for i in ("a-new", "d-undated")}
    assert len({h.score for h in res.hits}) == 1, [(h.id, h.score) for h in res.hits]
    assert [h.id for h in res.hits] == ["a-new", "c-new", "b-old"]
    assert order[number["d-undated"]] == max(order) and order[number["a-new"]] == 0


PHRASES = [("body", ["sơn", "la"], 1), ("body", ["bui", "thanh", "son"], 1), ("body", ["thanh", "son"], 2),
           ("body", ["son", "thanh"], 1), ("body", ["hun", "manet"], 1),
           ("title", ["sơn", "la"], 1), ("title", ["kerja", "sama", "vietnam"], 1),
           ("body", ["ហ៊ុន", "ម៉ា", "ណែ", "ត"], 1)]


@pytest.mark.parametrize(("field", "words", "slop"), PHRASES)
def test_phrases_match_the_documents_whooshs_span_matcher_finds(three_segments: Path, field: str,
                                                               words: list[str], slop: int) -> None:
    with open_index(three_segments) as ix:
        with store.open_existing(ix.index_dir)[0].searcher() as whoosh_searcher:
            expected = set(whoosh_searcher.docs_for_query(wq.Phrase(field, words, slop=slop)))
        got = ix.scorer.run(p.Phrase.of(field, words, slop=slop))
        found = {int(d) for d in got.mask.nonzero()[0]}
    assert found == expected
    if words[0] != "son" or words[1] != "thanh":  # "son thanh" is absent: the check must be able to fail
        assert found, f"{words} should occur in the test corpus"


def test_the_most_words_list_reads_each_word_once_and_equals_summing_their_live_runs(three_segments: Path) -> None:
    """searcher.relax reads each word as evaluated (deleted documents included) and cuts to the live ones at
    the end: the same counts, scores and list as summing each word's ``run`` (copied, cut to the live ones),
    on an index where an updated article left a deleted document that holds the query's words."""
    import numpy as np

    from search.query import searcher as qs
    from search.query import syntax as ql
    from search.query.compile import compile_query

    queries = ["coopération Laos Cambodge visite ministre", "Hun Manet Sơn Bùi cooperation",
               "updated coopération Vientiane ASEAN sommet", "la le les des de du", "son sơn la lá là",
               "ministers meet Vientiane Bui Thanh Son trade"]  # the deleted version's words
    compared = deleted = 0
    with open_index(three_segments) as ix:
        live = ix.scorer.live
        assert not live.all(), "the update should have left a deleted document"
        for q in queries:
            compiled = compile_query(ql.parse(q), ix.reader, ix.official, ix.may_name)
            assert len(compiled.parts) >= qs.RELAX_WORDS, q
            ix.scorer.begin()
            deleted += any((ix.scorer.read(part).mask & ~live).any() for part in compiled.parts)
            candidates = live.copy()
            got = qs.relax(ix.scorer, compiled, candidates)
            runs = [ix.scorer.run(part) for part in compiled.parts]
            counts = np.sum([r.mask for r in runs], axis=0, dtype=np.int32)
            present = [bool(r.mask.any()) for r in runs]
            need = max(2, math.ceil(sum(present) * qs.MOST_WORDS))
            partial = candidates & (counts >= need)
            if not partial.any():
                assert got.total == 0
                continue
            assert got.need == need and (got.mask == partial).all() and got.total == int(partial.sum())
            assert (got.words == counts).all()
            assert np.array_equal(got.score, np.sum([r.score for r in runs], axis=0))  # the same floats
            assert (counts[~live] == 0).all() and any(r.mask.any() for r in runs)
            compared += 1
    assert compared >= 3 and deleted >= 2


# Pairs of words side by side in the corpus (some in the deleted version of the updated article), and not.
PAIRS = [("bui", "thanh"), ("thanh", "son"), ("ministers", "of"), ("of", "laos"), ("hun", "manet"),
         ("son", "bui"), ("laos", "of"), ("the", "ministers")]


def _phrase(rng: Any) -> p.Node:
    return p.Phrase("body", tuple(p.Spellings("body", (w,)) for w in rng.choice(PAIRS)), rng.choice((1, 1, 3)))


def _random_plan(rng: Any, depth: int) -> p.Node:
    """A random plan over the test corpus's words: sparse leaves (words), dense ones (filters, prefixes) and
    every kind of node above them."""
    words = ["son", "la", "bui", "cooperation", "hun", "manet", "laos", "ministre", "updated", "absent"]
    if depth == 0 or rng.random() < 0.25:
        kind = rng.randrange(6)
        if kind == 0:
            return p.Term("body", rng.choice(words), boost=rng.choice((1.0, 2.0)))
        if kind == 1:
            return p.Term("stem", rng.choice(("fr:cooper", "en:cooper", "fr:ministr", "vi:son")), boost=2.0)
        if kind == 2:
            return p.Spellings("body", tuple(rng.sample(words, rng.randint(1, 3))))
        if kind == 3:
            return _phrase(rng)
        if kind == 4:
            return p.Values("lang", (rng.choice(("fr", "vi", "en")),))
        return p.Prefix("body", rng.choice(("co", "mi", "s")))
    kids = tuple(_random_plan(rng, depth - 1) for _ in range(rng.randint(1, 4)))
    kind = rng.randrange(8)
    if kind == 0:
        return p.Or(kids)
    if kind == 1:
        return p.DisMax(kids)
    if kind == 2:
        return p.And(kids)
    if kind == 3:
        return p.AndMaybe(kids[0], _random_plan(rng, depth - 1))
    if kind == 4:
        return p.Constant(kids[0], 1.5)
    if kind == 5:
        return p.Boost(kids[0], 0.7)
    if kind == 6:
        return p.AndNot(kids[0], _random_plan(rng, depth - 1))
    return p.And((_phrase(rng), *kids))


@pytest.mark.parametrize("sort_union", [2_000, 0])  # ids merged by sorting, and through a mask
def test_sparse_evaluation_gives_the_dense_evaluations_documents_and_floats(
        three_segments: Path, sort_union: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    import numpy as np

    from search.query import score
    from search.query.score import Scorer

    monkeypatch.setattr(score, "SORT_UNION", sort_union)
    rng = random.Random(24)
    sparse_nodes = matched = 0
    with open_index(three_segments) as ix:
        dense = Scorer(ix.reader)
        dense.sparse = False
        ours = ix.scorer
        assert ours.sparse and not ours.live.all(), "the update should have left a deleted document"
        for _ in range(300):
            plan = _random_plan(rng, 3)
            ours.begin()
            dense.begin()
            got, want = ours.run(plan), dense.run(plan)
            assert np.array_equal(got.mask, want.mask), plan
            assert np.array_equal(got.score, want.score), plan  # the same floats, not approximately
            ours.begin()
            dense.begin()
            read, want_read = ours.read(plan), dense.read(plan)  # deleted documents included
            assert np.array_equal(read.mask, want_read.mask) and np.array_equal(read.score, want_read.score), plan
            sparse_nodes += read.ids is not None
            matched += bool(want.mask.any())
        # The queries' whole answers too, ranks and scores, with both evaluations.
        queries = ["Hun Manet", "coopération Laos", "son OR la", '"Bùi Thanh Sơn"', "ministre -Laos",
                   "la le les des de du", "Hun Manet Sơn Bùi cooperation", "coop* lang:fr", "son~"]
        for q in queries:
            ix.scorer.sparse = True
            a = ix.search(q, limit=20)
            ix.scorer.sparse = False
            b = ix.search(q, limit=20)
            assert (a.total, [(h.id, h.score) for h in a.hits]) == (b.total, [(h.id, h.score) for h in b.hits]), q
        ix.scorer.sparse = True
    assert sparse_nodes >= 50 and matched >= 100, (sparse_nodes, matched)
