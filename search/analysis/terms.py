"""An article -> the terms the index holds for it, each field's postings from one pass over the text.

What goes into the index: the folded form of every token, with positions, in the ``title`` and ``body``
fields (phrases and adjacency work on folded text, so ``Bui Thanh Son`` matches every spelling); the exact
form in the ``exact`` field only where it differs from the folded one, as ``"<folded> <exact>"`` so that all
spellings of a folded word are one prefix scan away; and ``"<lang>:<stem>"`` in the ``stem`` field for
languages with a Snowball stemmer.

    index_terms("Sơn La", "Tỉnh Sơn La ...", "vi")
    -> IndexTerms(title={"son": [0], "la": [1]}, body={"son": [0, 4], "la": [1, 5], "tinh": [3], ...},
                  exact={"son sơn": 2, "tinh tỉnh": 1}, stem={})
"""

from __future__ import annotations

from dataclasses import dataclass

from .analyzer import Analyzer, analyzer_for
from .tokenize import words_and_positions


@dataclass(slots=True)
class IndexTerms:
    """The postings of one article, ready for the index fields."""

    title: dict[str, list[int]]  # folded term -> positions
    body: dict[str, list[int]]  # the title's terms, a gap, then the body's
    exact: dict[str, int]  # "folded exact" -> count, only where exact != folded
    stem: dict[str, int]  # "lang:stem" -> count


def _positions(analyzer: Analyzer, text: str, exact: dict[str, int], stem: dict[str, int],
               positions: dict[str, list[int]] | None = None, offset: int = 0) -> tuple[dict[str, list[int]], int]:
    """Folded term -> positions (from ``offset``), counting exact spellings and stems on the way; returns the
    positions and the next free position."""
    forms = analyzer.forms
    prefix = analyzer.code + ":"
    if positions is None:
        positions = {}
    pos = offset - 1
    for m, p in words_and_positions(text):
        pos = p + offset
        e, f, s = forms(m)
        plist = positions.get(f)
        if plist is None:
            positions[f] = [pos]
        else:
            plist.append(pos)
        if e != f:
            key = f + " " + e
            exact[key] = exact.get(key, 0) + 1
        if s is not None:
            key = prefix + s
            stem[key] = stem.get(key, 0) + 1
    return positions, pos + 1


def index_terms(title: str, body: str, lang: str | None) -> IndexTerms:
    analyzer = analyzer_for(lang)
    exact: dict[str, int] = {}
    stem: dict[str, int] = {}
    t, end = _positions(analyzer, title, exact, stem)
    # The body field holds the title too (then a gap, so no phrase runs from one into the other): a query
    # word is then one term to match, not one per field, which halves the work of scoring every match.
    b, _ = _positions(analyzer, body, exact, stem, {k: list(v) for k, v in t.items()}, end + 1 if end else 0)
    return IndexTerms(t, b, exact, stem)
