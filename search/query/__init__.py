"""Query text -> ranked, highlighted, faceted results: syntax -> compile (a plan) -> score -> searcher.

Nothing is imported here: the CLI reads the facet declarations (``facets.py``) for its ``--help`` without
loading numpy or the index (``search.open_index`` is the entry point).
"""
