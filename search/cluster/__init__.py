"""The OpenSearch backend: the same index and the same answers, on a cluster.

    from search.cluster import build_cluster_index, open_cluster_index
    build_cluster_index(["seeds"], "http://127.0.0.1:9200", "news")
    with open_cluster_index("http://127.0.0.1:9200", "news") as ix:
        ix.search("Hun Manet")                  # the Results the local engine gives

Analysis stays ours: OpenSearch receives our tokens with their positions (``documents.py``), finds and counts
the articles of a query plan (``dsl.py``, aggregations), and the local scorer ranks them from the statistics
it returns (``universe.py``, ``searcher.py``). ``build.py``/``writer.py`` write with ``_bulk``;
``client.py`` connects and tells failures apart (``errors.py``); ``devnode.py`` starts a throwaway node.
"""

from __future__ import annotations

from .build import build_cluster_index
from .searcher import ClusterIndex, open_cluster_index

__all__ = ["ClusterIndex", "build_cluster_index", "open_cluster_index"]
