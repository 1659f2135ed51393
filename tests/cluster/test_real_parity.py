"""Parity on the real Vietnamese and Khmer news (3,653 articles) and the seeds: the benchmark's query kinds
(``benchmarks/queries.py``) answer the same from a real OpenSearch node as from the local index: totals,
the top 10 in order with their scores, facets and notes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from search import build_index, open_index
from search.cluster import build_cluster_index, open_cluster_index
from search.cluster.devnode import DevCluster

from ..conftest import SEEDS, shared_data
from ..test_real_data import convert_km, convert_vi
from .conftest import answer

pytestmark = pytest.mark.slow
KINDS = ("vi-word", "vi-compound", "vi-name", "vi-phrase", "vi-accent", "km-word", "km-joined", "km-phrase",
         "km-spaced")
PER_KIND = 10
# Long questions (most-words results), filters and names across scripts, on the same articles.
MORE = ["thủ tướng chính phủ họp báo về kinh tế xã hội", "bộ trưởng bộ ngoại giao campuchia lào việt nam",
        "Hun Sen", "ហ៊ុន សែន", "Phạm Minh Chính lang:vi", "thu tuong Nguyen Xuan Phuc", "kinh tế -covid",
        "year:2020 ngân hàng", "country:KH", "official:hun-sen", "Campuchia -Lào", "giá*"]


@pytest.fixture(scope="module")
def real(node: DevCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any, list[str]]]:
    from benchmarks.queries import sample_queries
    from benchmarks.sources import load_km_news, load_seeds, load_vi_news

    data = shared_data()
    corpus = tmp_path_factory.mktemp("real-cluster")
    assert (convert_vi(shared_data("vi-news", "docs"), corpus), convert_km(shared_data("km-news", "docs"), corpus)) \
        == (2653, 1000)
    for seed in SEEDS.glob("*.txt"):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    local = tmp_path_factory.mktemp("real-local")
    assert build_index([corpus], local).added == 3655
    assert build_cluster_index([corpus], node.url, "real", replicas=0, batch_docs=1000).added == 3655
    pool = [*load_vi_news(data), *load_km_news(data), *load_seeds(SEEDS)]
    queries = [q.text for q in sample_queries(pool, per_kind=PER_KIND, kinds=KINDS)] + MORE
    with open_index(local) as lx, open_cluster_index(node.url, "real") as cx:
        yield lx, cx, queries


def test_the_benchmark_queries_answer_the_same_on_the_real_news(real: tuple[Any, Any, list[str]]) -> None:
    lx, cx, queries = real
    assert len(queries) == len(KINDS) * PER_KIND + len(MORE)
    different = [q for q in queries if answer(cx.search(q)) != answer(lx.search(q))]
    assert different == []
    assert cx.inconsistent == 0
    assert cx.tiered > 0  # some pages came from their first tiers only (multi-word queries), the same
    assert sum(1 for q in queries if lx.search(q, limit=0).total) >= len(queries) - 3  # real answers, not empty


def test_related_articles_are_the_same_on_the_real_news(real: tuple[Any, Any, list[str]]) -> None:
    lx, cx, _ = real
    for doc_id in ("news_business_001", "news_world_010", "km_311780_orig", "000_64ee10f01e38a171"):
        assert answer(cx.similar(doc_id)) == answer(lx.similar(doc_id))
