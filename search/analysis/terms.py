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

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..lang.acronyms import acronym_key, capitals, dotted_acronyms
from ..lang.numbers import grouped_keys, number_keys
from ..lang.pieces import time_key, time_runs
from ..lang.table import get_language
from ..lang.vietnamese import name_keys
from .analyzer import Analyzer, analyzer_for
from .tokenize import GAP_TERM, empty_positions, spaced_words, split_words, words_and_positions

MAX_TOKEN_CHARS = 256  # a longer "word" (a base64 blob, a 19 MB run of letters) is not indexed: nobody types it

# Share of an article's Latin words that must carry diacritics for it to count as written with them:
# Vietnamese news has about half (vi-news: every article above 0.3); Vietnamese typed without accents
# (and a text in the wrong language) has almost none.
MARKED_SHARE = 0.15
_LATIN_WORD = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")


@dataclass(slots=True)
class IndexTerms:
    """The postings of one article, ready for the index fields."""

    title: dict[str, list[int]]  # folded term -> positions
    body: dict[str, list[int]]  # the title's terms, a gap, then the body's
    # "folded exact" -> count, only where exact != folded; "US US": an acronym (lang/acronyms.py); "#3.5 #3.5",
    # "#10% #10%": a decimal, a percentage (lang/numbers.py); "^vietnam ^vietnam": capitalised syllables side by
    # side, Việt Nam (lang/vietnamese.py name_keys)
    exact: dict[str, int]
    stem: dict[str, int]  # "lang:stem" -> count
    gap: dict[str, list[int]]  # GAP_TERM -> the positions punctuation left empty in the body (none: {})


def spells_exactly(text: str, lang: str | None) -> bool:
    """Whether an article's words are indexed with their exact spellings: its language's diacritics are part
    of the word (Vietnamese), and it is written with them."""
    if not get_language(lang).tones:
        return False
    sample = text[:5000]
    if sample.isascii():  # no word with diacritics: none marked, whatever the words
        return False
    words, marked = latin_words(sample)
    return bool(words) and marked >= MARKED_SHARE * words


# ``latin_words``: texts shorter than this are left to one findall, whose cost there is below numpy's fixed cost
_COUNT_MIN = 256
_ASCII_LETTER, _MARKED_LETTER = 1, 2  # the classes of ``_latin_classes``, 0 for any other character


def latin_words(text: str) -> tuple[int, int]:
    """How many words of Latin letters ``text`` writes (``_LATIN_WORD``'s matches) and how many of them hold a letter
    outside A-Z (one with diacritics). A long text's are counted over its code points with numpy, without a string
    a word: ``findall`` over the 5,000 characters ``spells_exactly`` reads, then ``str.isascii`` on each word, took
    0.1 s of a worker's CPU over the 2,615 Vietnamese articles of the 5k corpus, twice this."""
    if len(text) < _COUNT_MIN:
        words = _LATIN_WORD.findall(text)
        return len(words), len(words) - sum(map(str.isascii, words))  # a word of these letters is ASCII if A-Z only
    import numpy as np  # here: the query layer's start does not pay for it, the indexer has it loaded

    table = _latin_classes()
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = table[np.minimum(codes, len(table) - 1)]
    letter = classes != 0
    starts = letter.copy()  # a letter after none: where a word starts
    starts[1:] &= ~letter[:-1]
    count = int(np.count_nonzero(starts))
    # the words of the letters with diacritics (each word's number, ascending along the text): how many differ
    word_of = np.cumsum(starts)[classes == _MARKED_LETTER]
    marked = int(np.count_nonzero(word_of[1:] != word_of[:-1])) + 1 if len(word_of) else 0
    return count, marked


@cache
def _latin_classes() -> Any:
    """Code point -> ``_ASCII_LETTER``, ``_MARKED_LETTER`` (the other letters of ``_LATIN_WORD``) or 0, up to the last
    of them, and one entry more, 0, that every code point above it is counted as."""
    import numpy as np

    end = 0x1eff + 1
    table = np.zeros(end + 1, dtype=np.uint8)
    for m in _LATIN_WORD.finditer("".join(map(chr, range(end)))):
        for cp in range(m.start(), m.end()):
            table[cp] = _ASCII_LETTER if chr(cp).isascii() else _MARKED_LETTER
    return table


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
    # after the words' (search/index/prepare.py)
    for key in text_keys(title, body):
        exact[key] = exact.get(key, 0) + 1
    return IndexTerms(t, b, exact, stem, {GAP_TERM: gaps} if gaps else {})


def text_keys(title: str, body: str) -> list[str]:
    """The ``exact`` keys of what an article writes beyond its words, in the order of the text, title first:
    acronyms with dots (lang/acronyms.py), decimals, percentages and whole numbers in groups (lang/numbers.py),
    times of day (``time_keys``),
    names' syllables (lang/vietnamese.py ``name_keys``: a first word written in lower case anywhere in the article)."""
    article = f"{title}\n{body}"
    return [*dotted_acronyms(title), *dotted_acronyms(body), *number_keys(title), *number_keys(body),
            *grouped_keys(title), *grouped_keys(body),
            *time_keys(title), *time_keys(body), *name_keys(title, article), *name_keys(body, article)]


# Where a time of day may stand (a digit, then h, H or a colon and a digit, or the word giờ): the text is split into
# words only then (134 of the 2,653 vi-news articles write 10h30, 5 10:30, 18 10 giờ 30).
_CLOCK = re.compile(r"\d[hH:]\d|\d\s+(?i:gi[ờo])\s+\d")


def time_keys(text: str) -> list[str]:
    """The keys of the times of day ``text`` writes, in any spelling (lang/pieces.py ``time_runs``): ``"mở cửa lúc
    10h30, đóng 17:00"`` -> ``["#10h30 #10h30", "#17h00 #17h00"]``."""
    return [key for _, _, key in times_written(text)]


def times_written(text: str, keys: set[str] | None = None) -> list[tuple[int, int, str]]:
    """Where ``text`` writes a time of day (with one of ``keys``, if given), however written: (start, end, key);
    what a snippet marks of a time typed (``10h30`` where the text writes ``10:30``)."""
    out = []
    at = 0
    for m in _CLOCK.finditer(text):
        if m.start() < at:
            continue
        # the words of the line it stands in only (a time stands in one line): splitting the whole article, ICU's
        # for Khmer, cost 0.8 s over vi-news and km-news, 1.5 times what reading every other key costs
        start, end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
        at = end = len(text) if end < 0 else end
        spans = [(w, a + start, b + start) for w, a, b in split_words(text[start:end])]
        out += [(spans[a][1], spans[b - 1][2], time_key(*clock)) for a, b, clock in time_runs(text, spans)]
    return [t for t in out if keys is None or t[2] in keys]
