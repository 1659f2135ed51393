"""An article -> the terms the index holds for it, each field's postings from one pass over the text.

What goes into the index, with positions, in the ``title`` and ``body`` fields: every token's folded form
(``Bui Thanh Son`` matches every spelling), except in an article written in a language whose diacritics
are part of the word, with them (``spells_exactly``: Vietnamese with its tones), where each token keeps its
exact spelling (``lào`` Laos is not ``lao`` labour; the query layer turns an unaccented query word into all
its spellings). The exact form also goes, where it differs from the folded one, into the ``exact`` field as
``"<folded> <exact>"``, so that all spellings of a folded word are one prefix scan away; and
``"<lang>:<stem>"`` into the ``stem`` field for languages with a Snowball stemmer.

    index_terms("Sơn La", "Tỉnh Sơn La ...", "vi")
    -> IndexTerms(title={"son": [0], "la": [1]}, body={"son": [0, 4], "la": [1, 5], "tinh": [3], ...},
                  exact={"son sơn": 2, "tinh tỉnh": 1}, stem={}, gap={})
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..lang.acronyms import acronym_key, capitals, dotted_acronyms
from ..lang.numbers import number_keys
from ..lang.points import code_points, in_class
from ..lang.table import get_language
from .analyzer import Analyzer, analyzer_for
from .tokenize import GAP_TERM, empty_positions, spaced_words, words_and_positions

MAX_TOKEN_CHARS = 256  # a longer "word" (a base64 blob, a 19 MB run of letters) is not indexed: nobody types it

# Share of an article's Latin words that must carry diacritics for it to count as written with them:
# Vietnamese news has about half (vi-news: every article above 0.3); Vietnamese typed without accents
# (and a text in the wrong language) has almost none.
MARKED_SHARE = 0.15
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"  # the letters of a word counted (a run of them is a word)


@dataclass(slots=True)
class IndexTerms:
    """The postings of one article, ready for the index fields."""

    title: dict[str, list[int]]  # folded term -> positions
    body: dict[str, list[int]]  # the title's terms, a gap, then the body's
    # "folded exact" -> count, only where exact != folded; "US US": an acronym (lang/acronyms.py); "#3.5 #3.5",
    # "#10% #10%": a decimal, a percentage (lang/numbers.py)
    exact: dict[str, int]
    stem: dict[str, int]  # "lang:stem" -> count
    gap: dict[str, list[int]]  # GAP_TERM -> the positions punctuation left empty in the body (none: {})


def spells_exactly(text: str, lang: str | None) -> bool:
    """Whether an article's words are indexed with their exact spellings: its language's diacritics are part
    of the word (Vietnamese), and it is written with them (``MARKED_SHARE`` of the runs of ``_LATIN`` letters in
    its first 5,000 characters hold a letter outside ASCII). Counted with numpy over the code points: a list of
    the runs, then a test of each, cost a third more (0.25-0.30 s of CPU for the 2,615 Vietnamese articles of the
    5k benchmark corpus, against 0.16-0.20)."""
    if not get_language(lang).tones:
        return False
    import numpy as np

    points = code_points(text[:5000])
    letter = in_class(points, _LATIN)
    # where each run of letters begins (its first letter's index), and the letters outside ASCII
    starts = np.flatnonzero(np.diff(letter, prepend=False) & letter)
    if not len(starts):
        return False
    marked = np.flatnonzero(letter & (points > 0x7F))
    # the runs those letters are in (numbered by their starts), each counted once
    run = np.searchsorted(starts, marked, side="right")
    runs_marked = np.count_nonzero(np.diff(run, prepend=-1))
    return bool(runs_marked >= MARKED_SHARE * len(starts))


def _positions(analyzer: Analyzer, text: str, exact: dict[str, int], stem: dict[str, int],
               positions: dict[str, list[int]] | None = None, offset: int = 0,
               exact_words: bool = False, gaps: list[int] | None = None) -> tuple[dict[str, list[int]], int]:
    """Term -> positions (from ``offset``), the term being the folded form (or the exact one with
    ``exact_words``), counting exact spellings and stems on the way; returns the positions and the next
    free position; the positions left empty between its words are added to ``gaps``.

    The indexing hot path: the positions of each distinct raw word are gathered first (one dict operation
    per token), then each distinct word is analysed once and its positions merged into its term's."""
    forms = analyzer.forms
    prefix = analyzer.code + ":"
    if positions is None:
        positions = {}
    plain = spaced_words(text)  # a word's position is its index (most texts): no tuple per word
    if plain is not None:
        raw, last = _group(enumerate(plain, offset), offset - 1)
    else:
        placed = [(p + offset, w) for w, p in words_and_positions(text)]
        raw, last = _group(placed, offset - 1)
        if gaps is not None:
            gaps.extend(empty_positions(p for p, _ in placed))
    for word, places in raw.items():
        if len(word) > MAX_TOKEN_CHARS:
            continue
        e, f, s = forms(word)
        term = e if exact_words else f
        plist = positions.get(term)
        if plist is None:
            positions[term] = places
        else:
            plist.extend(places)
            plist.sort()  # "Hun" and "hun": one term, positions in order
        if e != f:
            key = f + " " + e
            exact[key] = exact.get(key, 0) + len(places)
        if capitals(word):
            key = acronym_key(word)
            exact[key] = exact.get(key, 0) + len(places)
        if s is not None:
            key = prefix + s
            stem[key] = stem.get(key, 0) + len(places)
    return positions, last + 1


def _group(tokens: Iterable[tuple[int, str]], last: int) -> tuple[dict[str, list[int]], int]:
    """(position, word) -> each distinct word's positions, and the last position (``last`` if none)."""
    raw: dict[str, list[int]] = {}
    get = raw.get
    for last, word in tokens:
        found = get(word)
        if found is None:
            raw[word] = [last]
        else:
            found.append(last)
    return raw, last


def index_terms(title: str, body: str, lang: str | None, exact_words: bool = False) -> IndexTerms:
    """``exact_words``: index exact spellings instead of folded forms (``spells_exactly``)."""
    analyzer = analyzer_for(lang)
    exact: dict[str, int] = {}
    stem: dict[str, int] = {}
    gaps: list[int] = []
    t, end = _positions(analyzer, title, exact, stem, exact_words=exact_words, gaps=gaps)
    # The body field holds the title too (then a gap, so no phrase runs from one into the other): a query
    # word is then one term to match, not one per field, which halves the work of scoring every match.
    b, _ = _positions(analyzer, body, exact, stem, {k: list(v) for k, v in t.items()}, end + 1 if end else 0,
                      exact_words, gaps)
    # after the words' (search/index/prepare.py): acronyms with dots, decimals and percentages (lang/numbers.py)
    for key in (*dotted_acronyms(title), *dotted_acronyms(body), *number_keys(title), *number_keys(body)):
        exact[key] = exact.get(key, 0) + 1
    return IndexTerms(t, b, exact, stem, {GAP_TERM: gaps} if gaps else {})
