"""The benchmark harness on a tiny corpus: the corpus format, the baseline engines, the quality metrics.

No shared data and no timing here: speed is measured by ``python -m benchmarks.run`` only.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from benchmarks.corpus import Corpus, expand, read_article, write_corpus
from benchmarks.engines import get_engine
from benchmarks.engines.fts5 import fts5_query
from benchmarks.evaluate import (
    by_language,
    containing_counts,
    cranfield_scores,
    kind_quality,
    present_in_corpus,
    texts_of,
)
from benchmarks.metrics import Matcher, average_precision, ndcg_at_k, percentile
from benchmarks.queries import Query, sample_queries
from benchmarks.sources import Article, load_seeds

REPO = Path(__file__).resolve().parents[1]
Z = "\u200b"

# Seven short articles written for this test (vi, km with U+200B between words, en); with the two seeds
# and perturbed copies they make a 30-article corpus.
INLINE = [
    Article("vi-1", "vi", "vi-news", "Thủ tướng Phạm Minh Chính tiếp Đại sứ Campuchia", "2021-03-04",
            ("Thủ tướng Phạm Minh Chính tiếp Đại sứ Campuchia tại Hà Nội.",
             "Hai nước tăng cường hợp tác kinh tế và thương mại.")),
    Article("vi-2", "vi", "vi-news", "Hà Nội mở rộng đường sắt đô thị", "2021-04-10",
            ("Thành phố Hà Nội khởi công tuyến đường sắt đô thị mới.", "Dự án hợp tác với các nhà đầu tư.")),
    Article("vi-3", "vi", "vi-news", "Giá lúa gạo tăng mạnh", "2020-11-02",
            ("Nông dân vui mừng vì giá lúa gạo tăng mạnh.", "Thương lái thu mua lúa tại đồng bằng.")),
    Article("km-1", "km", "km-news", f"កម្ពុជា{Z}និង{Z}វៀតណាម", "2020-01-05",
            (f"ប្រទេស{Z}កម្ពុជា{Z}និង{Z}វៀតណាម{Z}ពង្រឹង{Z}កិច្ចសហប្រតិបត្តិការ ។",
             f"រដ្ឋមន្ត្រី{Z}ការបរទេស{Z}បាន{Z}ជួប{Z}គ្នា{Z}នៅ{Z}ភ្នំពេញ ។")),
    Article("km-2", "km", "km-news", f"ភ្នំពេញ{Z}ថ្ងៃ{Z}នេះ", "2020-02-06",
            (f"ភ្លៀង{Z}ធ្លាក់{Z}នៅ{Z}ភ្នំពេញ ។", f"ប្រជាជន{Z}កម្ពុជា{Z}រីករាយ ។")),
    Article("cran-0001", "en", "cranfield", "boundary layer of a flat plate", "1958-01-08",
            ("the boundary layer of a flat plate in supersonic flow was measured .",)),
    Article("cran-0002", "en", "cranfield", "heat transfer in hypersonic flow", "1960-05-01",
            ("heat transfer to a cone in hypersonic flow is computed .",)),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    base = [*INLINE, *load_seeds(REPO / "seeds")]
    root = tmp_path_factory.mktemp("bench") / "corpus-30"
    return write_corpus(expand(base, 30, seed=1), root, {"size": 30})


@pytest.fixture(scope="module", params=["fts5", "whoosh"])
def engine(request: pytest.FixtureRequest, corpus: Corpus, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    eng = get_engine(request.param)(tmp_path_factory.mktemp(request.param) / "index")
    eng.build(corpus.docs)
    with eng:
        yield eng


def test_the_corpus_has_one_ingest_file_per_article_with_a_date_and_title_header(corpus: Corpus) -> None:
    files = sorted(corpus.docs.glob("*.txt"))
    assert corpus.articles == len(files) == 30
    first = (corpus.docs / "vi-1.txt").read_text(encoding="utf-8").split("\n")
    assert first[:2] == [" date 2021-03-04 Thủ tướng Phạm Minh Chính tiếp Đại sứ Campuchia", ""]
    assert read_article(corpus.docs / "vi-1.txt").month == "2021-03"


def test_perturbed_copies_are_reproducible_and_never_copy_cranfield_abstracts() -> None:
    once, again = expand(INLINE, 20, seed=3), expand(INLINE, 20, seed=3)
    assert once == again
    assert len({a.id for a in once}) == 20
    assert not any(a.id.startswith("cran-") and "-v" in a.id for a in once)
    copy = next(a for a in once if a.id == "vi-1-v1")
    assert sorted(copy.paragraphs) == sorted(INLINE[0].paragraphs) and copy.date != INLINE[0].date


def test_each_engine_finds_a_vietnamese_phrase_with_a_highlighted_snippet_and_facets(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.query('"đường sắt đô thị"')
    assert answer.error is None
    assert {doc.split("-v")[0] for doc, _ in answer.hits} == {"vi-2"}
    assert all(("<mark>" in s) or ("<b" in s) for _, s in answer.hits)
    assert answer.facets["lang"] == {"vi": answer.total}
    assert sum(answer.facets["month"].values()) == answer.total


def test_each_engine_returns_no_more_hits_than_the_limit_even_with_facets(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.query("Hà Nội", limit=3)  # vi-1, vi-2 and three copies of each
    assert (len(answer.hits), answer.total) == (3, 8)


def test_fts5_folds_accents_so_an_unaccented_spelling_also_matches(corpus: Corpus, tmp_path: Path) -> None:
    fts5 = get_engine("fts5")(tmp_path / "index")
    fts5.build(corpus.docs)
    with fts5:
        ids = {doc.split("-v")[0] for doc, _ in fts5.query('"Phạm Minh Chính"').hits}
    seeds = {p.stem for p in (REPO / "seeds").glob("*.txt")
             if "Pham Minh Chinh" in p.read_text(encoding="utf-8")}
    assert seeds and ids == {"vi-1", *seeds}  # the Indonesian seed writes "Pham Minh Chinh"


def test_a_punctuated_sentence_is_not_an_fts5_syntax_error() -> None:
    assert fts5_query("what is (m=2) ?") == '"what" "is" "(m=2)" "?"'
    assert fts5_query('Hà Nội "kinh tế"', any_terms=True) == '"Hà" OR "Nội" OR "kinh tế"'


def test_vietnamese_containment_keeps_accents_and_whole_words() -> None:
    assert Matcher("hợp tác", "vi").found_in("", "Hai nước tăng cường Hợp Tác kinh tế")
    assert not Matcher("hop tac", "vi").found_in("", "Hai nước tăng cường hợp tác kinh tế")
    assert not Matcher("an", "vi").found_in("", "Thanh Hóa")


def test_khmer_containment_ignores_zero_width_spaces_but_not_clusters() -> None:
    assert Matcher("កម្ពុជានិង", "km").found_in("", f"ប្រទេស{Z}កម្ពុជា{Z}និង{Z}វៀតណាម")
    assert not Matcher("កម្ពុជ", "km").found_in("", f"ប្រទេស{Z}កម្ពុជា")  # would split "ជា"


def test_sampled_queries_are_typed_without_zero_width_spaces_and_occur_in_the_text(corpus: Corpus) -> None:
    queries = sample_queries(INLINE, per_kind=3, kinds=("km-word", "km-joined", "vi-name"))
    assert {q.kind for q in queries} == {"km-word", "km-joined", "vi-name"}
    assert not any(Z in q.text for q in queries)
    assert all(present_in_corpus(corpus.jsonl, queries))


def test_precision_counts_the_hits_that_contain_the_query(corpus: Corpus) -> None:
    queries = [Query("vi-word", "vi", "lúa", "lúa")]
    records: list[dict[str, object]] = [{"ids": ["vi-3", "vi-2"], "error": None}]
    quality = kind_quality(queries, [True], records, texts_of(corpus.jsonl, {"vi-3", "vi-2"}))["vi-word"]
    assert (quality.hits, quality.precise_hits, quality.precision, quality.silent_misses) == (2, 1, 0.5, 0)


def test_possible_precision_counts_the_hits_articles_containing_the_query_could_fill(corpus: Corpus) -> None:
    queries = [Query("vi-word", "vi", "lúa", "lúa"), Query("vi-word", "vi", "lúa", "lúa")]
    counts = containing_counts(corpus.jsonl, queries, ("vi-word",))
    texts = texts_of(corpus.jsonl, {a.id for a in map(read_article, corpus.docs.rglob("*.txt"))})
    by_matcher = sum(Matcher("lúa", "vi").found_in(*t) for t in texts.values())
    assert counts == {0: by_matcher, 1: by_matcher} and by_matcher >= 1
    # Two hits each where, say, one article contains the query: one hit of each at most can contain it.
    records: list[dict[str, object]] = [{"ids": ["vi-3", "vi-2"], "error": None},
                                        {"ids": ["vi-2", "vi-3"], "error": None}]
    quality = kind_quality(queries, [True, True], records, texts, {0: 1, 1: 1})["vi-word"]
    assert (quality.hits, quality.precise_hits, quality.possible) == (4, 2, 2)
    assert quality.possible_precision == 0.5
    assert by_language({"vi-word": quality})["vi"].possible == 2
    assert kind_quality(queries, [True, True], records, texts, {0: 5, 1: 1})["vi-word"].possible == 3
    uncounted = kind_quality(queries, [True, True], records, texts, {0: 1})["vi-word"]  # one query not counted
    assert uncounted.possible is None and uncounted.possible_precision is None


@pytest.mark.parametrize(("ranked", "judged", "expected"), [
    (["a"], {"a": 3}, 1.0),
    (["x", "y", "a"], {"a": 3}, 0.5),  # 3 / log2(4) over 3
    (["x", "x", "x", "x", "x", "x", "a"], {"a": 2}, 1 / 3),  # rank 7: log2(8) = 3
    (["b", "a"], {"a": 4, "b": 2}, (2 + 4 / math.log2(3)) / (4 + 2 / math.log2(3))),
    (["x"] * 10 + ["a"], {"a": 4}, 0.0),  # beyond the cut-off
    (["a"], {}, 0.0),
])
def test_ndcg_at_10_uses_linear_graded_gains(ranked: list[str], judged: dict[str, int],
                                              expected: float) -> None:
    assert ndcg_at_k(ranked, judged, 10) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("ranked", "judged", "expected"), [
    (["a", "x", "b"], {"a": 1, "b": 3}, 5 / 6),  # (1/1 + 2/3) / 2
    (["a", "x", "b"], {"a": 1, "b": 1, "d": 2}, 5 / 9),  # a relevant document never retrieved still counts
    (["x", "a"], {"a": 4, "c": 0}, 1 / 2),  # gain 0 is not relevant
    ([], {"a": 1}, 0.0),
])
def test_average_precision_is_binary_over_every_relevant_document(ranked: list[str], judged: dict[str, int],
                                                                   expected: float) -> None:
    assert average_precision(ranked, judged) == pytest.approx(expected, abs=1e-12)


def test_cranfield_scores_average_over_the_judged_queries() -> None:
    queries = [Query("cranfield", "en", "q1", qid="1", gains={"a": 3}),
               Query("cranfield", "en", "q2", qid="2", gains={"b": 1, "c": 1})]
    scores = cranfield_scores(queries, [["x", "y", "a"], ["b", "x", "c"]])
    assert scores["ndcg@10"] == pytest.approx((0.5 + (1 + 0.5) / (1 + 1 / math.log2(3))) / 2)
    assert scores["map"] == pytest.approx((1 / 3 + (1 + 2 / 3) / 2) / 2)
    assert scores["zero_hit_queries"] == 0


def test_percentiles_interpolate_between_ranks() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == pytest.approx(4.8)


def test_the_run_skips_with_a_message_when_the_shared_data_is_absent(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.run import main

    assert main(["--quick", "--data", str(tmp_path / "nowhere")]) == 0
    assert "skipped: shared data not found" in capsys.readouterr().err


def test_the_extraction_benchmark_measures_body_kept_and_furniture_removed() -> None:
    import random

    from benchmarks.extraction import EXTRACTORS, Page, measure, render

    paragraphs = ["Le commerce du riz progresse entre les deux pays, selon les coopératives de la région.",
                  "Les ventes ont doublé cette année, et les exportations vers le Laos reprennent."]
    markup = render("Le commerce du riz progresse", paragraphs, "fr", 1, random.Random(1))
    page = Page("t", "t", markup, "\n".join(paragraphs))
    assert measure(page, page.gold) == (1.0, 1.0)
    kept, old_removed = measure(page, EXTRACTORS["old rules"](page))
    assert kept == 1.0 and old_removed < 0.2  # all the visible text: the furniture stays
    kept, removed = measure(page, EXTRACTORS["trafilatura"](page))
    # A two-paragraph article in a page without <article>: two related teasers still get in (0.84 removed).
    assert kept == 1.0 and removed > 0.8


def test_the_paired_site_benchmark_takes_the_queries_of_the_run_of_its_size(tmp_path: Path) -> None:
    """site-results.json holds one run a size in the order of --sizes: the first is not always the 5k run."""
    from benchmarks.site_paired import queries_of

    runs = [{"size": 100_000, "rows": [{"query": "big", "kind": "en-word", "total": 9}]},
            {"size": 5000, "rows": [{"query": "small", "kind": "vi-word", "total": 1}]}]
    assert queries_of(runs, 5000, tmp_path) == [{"query": "small", "kind": "vi-word"}]
    assert queries_of(runs, 100_000, tmp_path) == [{"query": "big", "kind": "en-word"}]
    with pytest.raises(SystemExit, match="0 runs at 20000 articles"):
        queries_of(runs, 20_000, tmp_path)


def test_the_site_cpu_benchmark_counts_each_page_load_whole(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Chromium's Performance.getMetrics counts start again at each navigation (the performance agent is the new
    document's; 12-04: in 9 of 15 loads a page's count read before it, on the previous page, was the larger): a
    page costs what is read after its load, not that minus what the page before it cost (which gave loads of
    0.1 ms, 272 of 960, whenever a page cost more than the one before). A browser whose counts behave so."""
    import tests.site.cdp as cdp
    from benchmarks.site_cpu import measure

    cost = {"a": 0.100, "b": 0.120}  # seconds of main thread per page of each site

    class Counting:
        session = "s"
        spent = 0.0

        def __enter__(self) -> Counting:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def call(self, method: str, session: str | None = None, **params: object) -> dict[str, object]:
            return {"metrics": [{"name": k, "value": self.spent} for k in ("ThreadTime", "TaskDuration",
                                                                           "ScriptDuration")]}

        def open(self, url: str, timeout: float = 20.0) -> cdp.Page:
            self.spent = cost[Path(url.split("?")[0].removeprefix("file://")).parent.name]  # counted anew
            return cdp.Page(url, 1, ["x"])

    monkeypatch.setattr(cdp, "Browser", lambda **_: Counting())
    sites = [(name, tmp_path / name) for name in cost]
    rows = measure(sites, [{"query": f"q{i}", "kind": "en-word"} for i in range(4)], rounds=2)
    assert len(rows) == 16
    assert {(r["site"], round(r["ThreadTime"], 3)) for r in rows} == {("a", 100.0), ("b", 120.0)}


def test_every_site_bound_finds_once_the_engine_text_it_replaces() -> None:
    # benchmarks/site_bounds.py edits a copy of search/site/js; a source that changed under it must be caught
    # here, not by a benchmark that would then measure the unchanged page.
    import search.site
    from benchmarks.site_bounds import VARIANTS

    js = Path(search.site.__file__).parent / "js"
    edits = [(name, file, old) for name, changes in VARIANTS.items() for file, old, _ in changes
             if file != "search.html"]
    assert len(edits) >= 5
    for name, file, old in edits:
        assert (js / file).read_text(encoding="utf-8").count(old) == 1, (name, file, old)
