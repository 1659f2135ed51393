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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..analysis import analyzer_for
from ..analysis.terms import MAX_TOKEN_CHARS
from ..analysis.tokenize import words
from ..records import Results
from . import plan as p
from .score import Array
from .searcher import make_hit
from .snippets import QueryTerms

if TYPE_CHECKING:
    from .searcher import SearchIndex

TERMS = 15  # distinctive words searched
MIN_SHARED = 2  # words a related article must share
KEEP_WORDS = 300_000  # spellings whose terms ``Seen`` keeps, per language


def similar(ix: SearchIndex, doc_id: str, limit: int = 10, snippets: bool = True) -> Results:
    return Related(ix).similar(doc_id, limit, snippets)


class Related:
    """More like this for one article or for every article in a row (an export's "related articles").

    A related article's score is the sum of the scores of the article's distinctive words it has (each word
    a plan node: ``related_query``), and it must have ``MIN_SHARED`` of them. Every article of an export asks
    for the same common words again, so each word's documents and scores are kept, sparse (the documents that
    have it: ``_kept``), along with its document frequency; an article's candidates are then counted and summed
    in one pass (``np.bincount``) over the concatenated lists. The sums run over the words in the same order as
    an ``Or`` of them in ``Scorer`` (0 + the first + the second...), so the scores are the same floats.
    """

    KEEP = 8_000_000  # documents listed in the kept words, at most (about 100 MB); then they are read again
    KEEP_LISTED = 20_000  # related articles' fields kept (without their text)

    def __init__(self, ix: SearchIndex) -> None:
        self.ix = ix
        self._kept: dict[p.Node, tuple[Array, Array]] = {}
        self._kept_size = 0
        self._seen = Seen()
        self._listed: dict[int, dict[str, Any]] = {}  # what a related article's hit shows (no body), by docnum

    def similar(self, doc_id: str, limit: int = 10, snippets: bool = True) -> Results:
        """The articles most like ``doc_id``'s."""
        started = time.perf_counter()
        own, s = self.ix.stored(doc_id)
        top, parts = related_query(s, self.ix.reader.doc_count(), self._doc_frequency, self._seen)
        query = f"similar:{doc_id}"
        if not top:
            return Results(query, 0, (), {}, took_ms=(time.perf_counter() - started) * 1000)
        lists = [self._documents(part) for part in parts]
        size = self.ix.scorer.size
        ids = np.concatenate([ids for ids, _ in lists])
        shared = np.bincount(ids, minlength=size)
        score = np.bincount(ids, weights=np.concatenate([scores for _, scores in lists]), minlength=size)
        mask = shared >= min(MIN_SHARED, len(top))
        if own is not None:
            mask[own] = False
            score[own] = 0.0
        page = self.ix.top(score, [mask], limit, 0)
        terms = marked(top)
        hits = (self.ix.hits(page, score, terms, snippets) if snippets else
                [make_hit(self._fields(d), float(score[d]), terms, False) for d in page])
        # total: every related article (as a query's total counts every match), the hits the first ``limit``
        return Results(query, int(mask.sum()), tuple(hits), {}, limit=limit, words=len(top),
                       took_ms=(time.perf_counter() - started) * 1000)

    def _doc_frequency(self, term: str) -> int:
        # Each term once (``Seen.idf``); after 64 the reader has the body's term tables in memory.
        return self.ix.reader.doc_frequency("body", term)

    def _fields(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields but its text: what its hit shows without snippets (popular articles are
        related to many others: each is read once)."""
        found = self._listed.get(docnum)
        if found is None:
            if len(self._listed) >= self.KEEP_LISTED:
                self._listed.clear()
            found = self._listed[docnum] = {k: v for k, v in self.ix.reader.stored(docnum).items() if k != "body"}
        return found

    def _documents(self, part: p.Node) -> tuple[Array, Array]:
        """The live documents that ``part`` matches, and their scores."""
        found = self._kept.get(part)
        if found is None:
            scorer = self.ix.scorer
            scorer.begin()  # the scorer's own memo holds whole arrays: not kept from one article to the next
            read = scorer.read(part)
            if read.ids is not None:  # a word (in a language): its documents, cut to the live ones as ``run`` does
                ids, scores = read.ids, read.scores_of_ids()
                live = scorer.live[ids]
                ids, scores = ids[live], scores[live]
            else:
                run = scorer.run(part)
                ids = np.flatnonzero(run.mask)
                scores = run.score[ids]
            found = (ids.astype(np.int32), scores)  # 12 bytes a document
            if self._kept_size + len(ids) > self.KEEP:
                self._kept.clear()
                self._kept_size = 0
            self._kept[part] = found
            self._kept_size += len(ids)
        return found


@dataclass
class Seen:
    """What ``related_query`` learns about words and may keep between articles (``Related``): each spelling's
    term and what counts about it, and each term's idf (None: too rare or too common to relate articles)."""

    words: dict[tuple[str, bool], dict[str, tuple[str, bool, bool]]] = field(default_factory=dict)
    idf: dict[str, float | None] = field(default_factory=dict)


def distinctive_terms(stored: dict[str, Any]) -> dict[str, int]:
    """The article's words that may be distinctive (not one letter, not a number), with their counts (the
    title's words count twice)."""
    return _article_words(stored, Seen())[0]


def related_query(stored: dict[str, Any], doc_count: int, doc_frequency: Callable[[str], int],
                  seen: Seen | None = None) -> tuple[list[str], list[p.Node]]:
    """The article's ``TERMS`` most distinctive words (tf-idf), and each as the plan a related article must
    match (a word written in lower case only within the article's language). Both backends use this.
    ``seen``: what earlier calls learnt (with the same index)."""
    seen = seen if seen is not None else Seen()
    n = max(doc_count, 1)
    lang = stored.get("lang") or "und"
    tf, counts, capital = _article_words(stored, seen)
    known = seen.idf
    scored = []
    for term, count in tf.items():
        if term in known:
            idf = known[term]
        else:
            df = doc_frequency(term)
            idf = known[term] = math.log(n / df) if 2 <= df < n * 0.5 else None
        if idf is not None:
            scored.append((count * idf, term))
    scored.sort(reverse=True)
    top = [t for _, t in scored[:TERMS]]
    if not top:
        return [], []
    own_language = p.Values("lang", (lang,))
    # A name: written with a capital most of the time.
    return top, [p.Term("body", t) if 2 * capital.get(t, 0) > counts[t] else p.And((p.Term("body", t), own_language))
                 for t in top]


def marked(top: list[str]) -> QueryTerms:
    """What a related article's snippets mark: its words that are one of ``top`` as the index holds them (an
    article indexed with exact spellings: that spelling), as the plan matched them. Marked as the folded words,
    an Indonesian article's ``Pham Minh Chinh`` (terms ``minh``, ``chinh``) and ``di`` marked the Vietnamese
    ``mình``, ``chính``, ``đi`` of a related article, which share nothing with it."""
    return QueryTerms(folded=set(top), spellings=set(top))


def _article_words(stored: dict[str, Any], seen: Seen) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    return _words(stored.get("title") or "", stored.get("body") or "", stored.get("lang") or "und",
                  stored.get("spelled") == "exact", seen)


def _words(title: str, body: str, lang: str, exact_words: bool,
           seen: Seen) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """The article's index terms (as its ``title`` and ``body`` fields hold them: the title's words count
    twice) that may be distinctive (not one letter, not a number) with their counts; and for every term, how
    often the article writes it at all and how often with a capital (names, acronyms)."""
    vocab = seen.words.setdefault((lang, exact_words), {})
    if len(vocab) > KEEP_WORDS:  # bound memory on huge vocabularies
        vocab.clear()
    forms = analyzer_for(lang).forms
    tf: dict[str, int] = {}
    counts: dict[str, int] = {}
    capital: dict[str, int] = {}
    for text, weight in ((title, 2), (body, 1)):
        for word, count in Counter(words(text)).items():  # each distinct spelling once
            known = vocab.get(word)
            if known is None:
                exact, folded, _ = forms(word)
                term = exact if exact_words else folded
                # the term, whether the word has a capital, whether it counts (indexed, not a letter or a number)
                known = vocab[word] = (term, word[:1].isupper(),
                                       len(word) <= MAX_TOKEN_CHARS and len(term) > 1 and not term.isdigit())
            term, upper, counted = known
            counts[term] = counts.get(term, 0) + count
            if upper:
                capital[term] = capital.get(term, 0) + count
            if counted:
                tf[term] = tf.get(term, 0) + weight * count
    return tf, counts, capital
