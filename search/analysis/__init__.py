"""Text -> tokens -> index terms: tokenizing (and segmenting), the per-language analyzers, an article's terms."""

from .analyzer import Analyzer, Token, analyze, analyzer_for
from .terms import IndexTerms, index_terms, spells_exactly
from .tokenize import is_segmented, positioned_words, segmentation_pieces, segmentations, split_words

__all__ = ["Analyzer", "IndexTerms", "Token", "analyze", "analyzer_for", "index_terms", "is_segmented",
           "positioned_words", "segmentation_pieces", "segmentations", "spells_exactly", "split_words"]
