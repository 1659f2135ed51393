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


def build_index(paths: Any, index_dir: Any = "index", **kwargs: Any) -> IndexReport:
    """See ``search.index.build.build_index``."""
    from .index import build

    return build.build_index(paths, index_dir, **kwargs)


def open_index(index_dir: Any = "index", **kwargs: Any) -> SearchIndex:
    """See ``search.query.searcher.SearchIndex``."""
    from .query import searcher

    return searcher.open_index(index_dir, **kwargs)
