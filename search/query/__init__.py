"""Query text -> ranked, highlighted, faceted results: syntax -> compile (a plan) -> score -> results."""

from .searcher import SearchIndex, open_index

__all__ = ["SearchIndex", "open_index"]
