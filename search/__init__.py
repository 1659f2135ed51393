"""Multilingual news search: index folders of articles, recognise officials, query from a CLI or HTML.

    >>> import search
    >>> report = search.build_index(["seeds"], "index")
    >>> with search.open_index("index") as ix:
    ...     results = ix.search("Hun Manet", limit=5)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .query.searcher import SearchIndex
    from .records import IndexReport

__all__ = ["__version__", "build_index", "open_index"]


def build_index(paths: Any, index_dir: Any = "index", *, backend: str = "local", opensearch: Any = None,
                **kwargs: Any) -> IndexReport:
    """See ``search.index.build.build_index``; with ``backend="opensearch"``, ``index_dir`` names an index on
    the cluster at ``opensearch`` (``search.cluster.build_cluster_index``)."""
    if backend == "opensearch":
        from .cluster import build_cluster_index

        return build_cluster_index(paths, opensearch, str(index_dir), **kwargs)
    from .index import noop

    paths = list(paths)
    # Nothing to do (the last run left an answer for it, and nothing it depends on changed): told without
    # importing the indexing code (Whoosh, numpy, the parsers: about 0.15 s), which build_index would do first.
    same = noop.replay(paths, index_dir, **kwargs)
    if same is not None:
        return same
    from .index import build

    return build.build_index(paths, index_dir, **kwargs)


def open_index(index_dir: Any = "index", *, backend: str = "local", opensearch: Any = None,
               **kwargs: Any) -> SearchIndex:
    """See ``search.query.searcher.SearchIndex``; with ``backend="opensearch"``, the index ``index_dir`` on the
    cluster at ``opensearch``, with the same read API (``search.cluster.ClusterIndex``)."""
    if backend == "opensearch":
        from .cluster import open_cluster_index

        return open_cluster_index(opensearch, str(index_dir), **kwargs)  # type: ignore[return-value]
    from .query import searcher

    return searcher.open_index(index_dir, **kwargs)
