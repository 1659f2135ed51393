"""A facet with more than 10,000 values (the sources of a large archive): OpenSearch's terms aggregation lists
at most 10,000 in one request; the local engine counts every value, and so must the cluster."""

from __future__ import annotations

import json
from pathlib import Path

from search import build_index, open_index
from search.cluster import build_cluster_index, open_cluster_index
from search.cluster.devnode import DevCluster

from .conftest import answer

OUTLETS = 10_050


def test_a_facet_with_more_than_10000_values_is_counted_in_full_as_locally(node: DevCluster, index_name: str,
                                                                            tmp_path: Path) -> None:
    """Before: the whole collection's facets raised "facet source has more than 10000 values", and a value
    past the first 10,000 in byte order typed in another case (``source:"outlet 10049"``) found 0 with "matches
    no article" (the cluster's list of values stopped at 10,000)."""
    words = ["trade", "port", "rice", "river", "bank", "minister"]
    records = [{"id": f"a{i:05}", "lang": "en", "date": f"20{10 + i % 15}-{1 + i % 12:02}-{1 + i % 28:02}",
                "source": f"Outlet {i:05}" if i < OUTLETS else ["TASS", "Tass", "Xinhua"][i % 3],
                "title": f"{words[i % 6]} report", "body": f"{words[i % 5]} {words[(i * 7) % 6]} n{i % 40}"}
               for i in range(OUTLETS + 60)]
    folder = tmp_path / "many"
    folder.mkdir()
    (folder / "many.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    local = tmp_path / "local"
    build_index([folder], local, procs=1)
    build_cluster_index([folder], node.url, index_name, replicas=0)
    with open_index(local) as lx, open_cluster_index(node.url, index_name) as cx:
        whole = answer(lx.overview())
        assert len(whole["facets"]["source"]) == OUTLETS + 2  # "TASS" and "Tass": one row (facets.CASE_ROWS)
        assert answer(cx.overview()) == whole
        for query in ("trade", "n7", 'source:"outlet 10049"', 'source:"Outlet 10049"', 'source:"OUTLET 00001"',
                      "year:2015", "port -source:tass", 'source:"outlet 00003,outlet 10040"', "lang:en"):
            expected = answer(lx.search(query))
            assert expected["total"], query
            assert answer(cx.search(query)) == expected, query
        assert cx.inconsistent == 0
