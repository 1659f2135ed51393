"""Text -> tokens -> index terms: tokenizing (and segmenting), the per-language analyzers, an article's terms.

The names below are imported when first used: opening an index unpickles its schema's analyzers
(``analyzer.py``), which need neither the index terms nor their number tables (``terms.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import names_from

if TYPE_CHECKING:
    from .analyzer import Analyzer, Token, analyze, analyzer_for
    from .terms import IndexTerms, index_terms, spells_exactly
    from .tokenize import is_segmented, positioned_words, segmentation_pieces, segmentations, split_words

__all__ = ["Analyzer", "IndexTerms", "Token", "analyze", "analyzer_for", "index_terms", "is_segmented",
           "positioned_words", "segmentation_pieces", "segmentations", "spells_exactly", "split_words"]
_MODULES = {"Analyzer": ".analyzer", "Token": ".analyzer", "analyze": ".analyzer", "analyzer_for": ".analyzer",
            "IndexTerms": ".terms", "index_terms": ".terms", "spells_exactly": ".terms",
            "is_segmented": ".tokenize", "positioned_words": ".tokenize", "segmentation_pieces": ".tokenize",
            "segmentations": ".tokenize", "split_words": ".tokenize"}

__getattr__ = names_from(__name__, _MODULES)
