"""More like this: an article's most distinctive words (tf-idf), searched as an OR query.

    similar(ix, "000_64ee10f01e38a171", limit=5) -> Results(query="similar:000_64ee10f01e38a171", hits=...)

Related articles must not hang on another language's function words (a Khmer article sharing only "des"
with a French one, a Vietnamese one sharing "la"): a word that the article writes in lower case counts only
in articles of the article's own language; names (written with a capital, most of the time) count in every
language, since they cross languages as they are. And, as Elasticsearch's more_like_this asks of its
``minimum_should_match``, a related article shares at least ``MIN_SHARED`` of the words.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from ..analysis import analyzer_for
from ..analysis.terms import MAX_TOKEN_CHARS
from ..analysis.tokenize import words
from ..records import Results
from . import plan as p
from .snippets import QueryTerms

if TYPE_CHECKING:
    from .searcher import SearchIndex

TERMS = 15  # distinctive words searched
MIN_SHARED = 2  # words a related article must share


def similar(ix: SearchIndex, doc_id: str, limit: int = 10, snippets: bool = True) -> Results:
    started = time.perf_counter()
    _, s = ix.stored(doc_id)
    reader = ix.reader
    top, parts = related_query(s, reader.doc_count(), lambda term: reader.doc_frequency("body", term))
    query = f"similar:{doc_id}"
    if not top:
        return Results(query, 0, (), {}, took_ms=(time.perf_counter() - started) * 1000)
    scorer = ix.scorer
    runs = [scorer.run(part) for part in parts]
    shared = np.sum([r.mask for r in runs], axis=0)
    matched = scorer.run(p.AndNot(p.any_of(parts), p.Term("id", doc_id)))
    mask = matched.mask & (shared >= min(MIN_SHARED, len(top)))
    page = ix.top(matched.score, [mask], limit, 0)
    hits = ix.hits(page, matched.score, QueryTerms(folded=set(top)), snippets)
    return Results(query, len(hits), tuple(hits), {}, limit=limit, took_ms=(time.perf_counter() - started) * 1000)


def distinctive_terms(stored: dict[str, Any]) -> dict[str, int]:
    """The article's words that may be distinctive (not one letter, not a number), with their counts (the
    title's words count twice)."""
    return _article_words(stored)[0]


def related_query(stored: dict[str, Any], doc_count: int,
                  doc_frequency: Callable[[str], int]) -> tuple[list[str], list[p.Node]]:
    """The article's ``TERMS`` most distinctive words (tf-idf), and each as the plan a related article must
    match (a word written in lower case only within the article's language). Both backends use this."""
    n = max(doc_count, 1)
    lang = stored.get("lang") or "und"
    tf, names = _article_words(stored)
    scored = []
    for term, count in tf.items():
        df = doc_frequency(term)
        if 2 <= df < n * 0.5:
            scored.append((count * math.log(n / df), term))
    scored.sort(reverse=True)
    top = [t for _, t in scored[:TERMS]]
    if not top:
        return [], []
    own_language = p.Values("lang", (lang,))
    return top, [p.Term("body", t) if t in names else p.And((p.Term("body", t), own_language)) for t in top]


def _article_words(stored: dict[str, Any]) -> tuple[dict[str, int], set[str]]:
    return _words(stored.get("title") or "", stored.get("body") or "", stored.get("lang") or "und",
                  stored.get("spelled") == "exact")


def _words(title: str, body: str, lang: str, exact_words: bool) -> tuple[dict[str, int], set[str]]:
    """The article's index terms (as its ``title`` and ``body`` fields hold them: the title's words count
    twice) with their counts, and those written with a capital most of the time (names, acronyms)."""
    forms = analyzer_for(lang).forms
    tf: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for text, weight in ((title, 2), (body, 1)):
        for word, count in Counter(words(text)).items():  # each distinct spelling once
            exact, folded, _ = forms(word)
            term = exact if exact_words else folded
            seen[term] += count
            if word[:1].isupper():
                capital[term] += count
            if len(word) <= MAX_TOKEN_CHARS:
                tf[term] += weight * count
    names = {t for t, k in seen.items() if 2 * capital[t] > k}
    return {t: k for t, k in tf.items() if len(t) > 1 and not t.isdigit()}, names
