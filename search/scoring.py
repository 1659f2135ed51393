"""BM25F over posting arrays: a compiled query evaluated without Whoosh's matcher tree.

Whoosh's matchers move document by document in Python, about 35 µs per matching document for a
three-word query with its stems and bonuses (``benchmarks/RESULTS.md``), and a common Vietnamese syllable
matches a third of a corpus. Here each term's postings are read once, a block at a time, into numpy arrays,
and a query node is two arrays over every document of the index: which documents match (``mask``) and
their score. The query objects are still Whoosh's (``search/query.py`` builds them); only their
evaluation moves here::

    Term           BM25 of the term in its field (below)
    Or / And       union / intersection, scores summed
    DisjunctionMax union, the best score
    AndMaybe       the first part's documents, the second part's score added where it matches too
    AndNot / Not   documents removed (``Not`` alone scores 1, like Whoosh's inverse matcher)
    ConstantScore  its documents, one score
    Prefix         the union of the expanded terms, constant score (as in Whoosh)
    Phrase         the words' conjunction, kept where their positions follow each other (``slop``)
    anything else  documents from Whoosh, constant score

BM25 with the statistics of the document's own language. In an index holding long Vietnamese articles
and short English abstracts, index-wide statistics blur both: the average length is the Vietnamese one, so
English lengths barely normalise, and English "the" looks rare because most articles lack it. Here ``N``,
the document frequency and the average length are those of the article's language, as an index per
language (or Elasticsearch's field per language) would give, smoothed towards the whole index by
``PRIOR_DOCS`` pseudo-documents so that a language with three articles keeps sensible statistics. The idf
is Lucene's, ``log(1 + (N - df + 0.5) / (df + 0.5))``, which gives words found everywhere almost nothing
(Whoosh's ``log(N / (df + 1)) + 1`` gives them at least 1). On Cranfield in the 5k mixed corpus this took
nDCG@10 from 0.339 to 0.371 (benchmarks/RESULTS.md), with K1 and B unchanged.

Postings are read a block at a time from our codec's packed blocks (``search/codec.py``: ids, weights and
positions as arrays, one ``numpy.frombuffer`` each; the index's format stamp guarantees them). Decoded lists
stay in a least-recently-used cache (``CACHE_BYTES``) for the next queries of the same process.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher

from .codec import LeafMatcher, block_arrays
from .docarrays import DocArrays, _lengths
from .schema import ArrayPositions

Array = np.ndarray[Any, Any]
CACHE_BYTES = 256 * 1024 * 1024  # decoded posting lists kept between queries (least recently used go first)
PRIOR_DOCS = 50.0  # pseudo-documents with the whole index's statistics, added to each language's


@dataclass(slots=True)
class Scored:
    """One query node over all documents: which match, and their scores (0 elsewhere)."""

    mask: Array  # bool, one per document
    score: Array  # float64, one per document


@dataclass(slots=True)
class _Postings:
    """A term's decoded postings: document numbers, weights, and (phrase words) ``doc << 32 | position``."""

    ids: Array
    weights: Array
    keys: Array | None

    def nbytes(self) -> int:
        return int(self.ids.nbytes + self.weights.nbytes + (self.keys.nbytes if self.keys is not None else 0))


class PostingArrays:
    """Decoded postings and BM25 statistics of an open index (all segments, global document numbers)."""

    def __init__(self, searcher: Any, k1: float, b: float, docs: DocArrays) -> None:
        """``docs``: the index's per-document arrays (liveness, lengths, languages; ``search/docarrays.py``)."""
        self.searcher = searcher
        self.reader = searcher.reader()
        self.k1 = k1
        self.b = b
        self.leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        self.size = docs.size
        self.live: Array = docs.live
        self._docs = docs
        self._cache: OrderedDict[tuple[str, str], _Postings] = OrderedDict()
        self._cache_bytes = 0
        self.phrase_words: set[tuple[str, str]] = set()  # read with their positions (set per query)
        lang = docs.codes.get("lang")
        self.groups: Array = lang[1] if lang is not None else np.zeros(self.size, dtype=np.int64)
        self._group_docs: Array | None = None
        self._group_lengths: dict[str, Array] = {}

    # --- documents ---------------------------------------------------------------------------------
    def group_docs(self) -> Array:
        """Live documents per language."""
        if self._group_docs is None:
            self._group_docs = np.bincount(self.groups[self.live], minlength=int(self.groups.max(initial=0)) + 1)
        return self._group_docs

    def lengths(self, field: str) -> Array:
        values = self._docs.lengths.get(field)
        if values is None:
            values = self._docs.lengths[field] = _lengths([(r, o) for r, o in self.leaves], field, self.size)
        return values

    def average_lengths(self, field: str) -> Array:
        """The field's average length per language, smoothed towards the index's (``PRIOR_DOCS``)."""
        avg = self._group_lengths.get(field)
        if avg is None:
            lengths = np.where(self.live, self.lengths(field), 0.0)
            docs = self.group_docs()
            overall = lengths.sum() / max(int(docs.sum()), 1)
            totals = np.bincount(self.groups, weights=lengths, minlength=len(docs))
            avg = (totals + PRIOR_DOCS * overall) / (docs + PRIOR_DOCS)
            avg[avg <= 0] = 1.0
            self._group_lengths[field] = avg
        return avg

    def empty(self) -> Scored:
        return Scored(np.zeros(self.size, dtype=bool), np.zeros(self.size))

    # --- terms -------------------------------------------------------------------------------------
    def postings(self, field: str, text: str) -> tuple[Array, Array]:
        """(document numbers, weights) of a term, over every segment; deleted documents included."""
        entry = self._entry(field, text, positions=(field, text) in self.phrase_words)
        return entry.ids, entry.weights

    def positions(self, field: str, text: str, wanted: Array) -> Array:
        """The term's occurrences in the ``wanted`` documents (a mask), as sorted keys ``doc << 32 | position``."""
        keys = self._entry(field, text, positions=True).keys
        assert keys is not None
        found: Array = keys[wanted[keys >> 32]]
        return found

    def _entry(self, field: str, text: str, positions: bool) -> _Postings:
        key = (field, text)
        hit = self._cache.get(key)
        if hit is not None and (hit.keys is not None or not positions):
            self._cache.move_to_end(key)
            return hit
        entry = self._read(field, text, positions)
        if hit is not None:
            self._cache_bytes -= hit.nbytes()
        self._cache[key] = entry
        self._cache_bytes += entry.nbytes()
        while self._cache_bytes > CACHE_BYTES and len(self._cache) > 1:
            self._cache_bytes -= self._cache.popitem(last=False)[1].nbytes()
        return entry

    def _read(self, field: str, text: str, positions: bool) -> _Postings:
        """Every block of the term's postings, decoded once: ids and weights, and positions if asked (a
        phrase word: then they are read in the same pass as the ids, not in a second one)."""
        if positions and not isinstance(self.reader.schema[field].format, ArrayPositions):
            raise ValueError(f"the {field!r} field has no positions")
        ids: list[Array] = []
        weights: list[Array] = []
        blobs: list[bytes] = []  # positions of each block's postings, joined (search/codec.py)
        counts: list[Array] = []  # positions per posting
        for reader, offset in self.leaves:
            if (field, text) not in reader:
                continue
            matcher = reader.postings(field, text)
            if isinstance(matcher, FilterMatcher):
                matcher = matcher.child  # deletions are applied through ``live``
            for block_ids, block_weights, values in _blocks(matcher):
                ids.append(block_ids + offset)
                weights.append(block_weights)
                if positions:
                    joined, lengths = values
                    blobs.append(joined)
                    counts.append(lengths.astype(np.int64) >> 2)  # 4 bytes per position
        all_ids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
        entry = _Postings(all_ids, np.concatenate(weights) if weights else np.zeros(0), None)
        if positions:
            per_posting = np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)
            places = np.frombuffer(b"".join(blobs), dtype="<u4").astype(np.int64)
            # Sorted: ids ascend through blocks and segments, positions within a document.
            entry.keys = (np.repeat(all_ids, per_posting) << 32) | places
        return entry

    def phrase(self, field: str, words: list[str], slop: int, candidates: Array) -> Array:
        """A mask of the ``candidates`` where ``words`` follow each other, each at most ``slop`` positions
        after the previous one (Whoosh's phrase semantics; slop 1: side by side)."""
        wanted = candidates.copy()
        ends = self.positions(field, words[0], wanted)
        for word in words[1:]:
            if not len(ends):
                break
            wanted[:] = False
            wanted[ends >> 32] = True  # only documents where the phrase so far occurs
            following = self.positions(field, word, wanted)
            if slop <= 1:
                reach = ends + 1
            else:
                reach = np.unique(np.concatenate([ends + step for step in range(1, slop + 1)]))
            if not len(following):
                ends = following
                break
            at = np.minimum(np.searchsorted(reach, following), len(reach) - 1)
            ends = following[reach[at] == following]
        out = np.zeros(self.size, dtype=bool)
        out[ends >> 32] = True
        return out

    def term(self, field: str, text: str, boost: float = 1.0) -> Scored:
        ids, weights = self.postings(field, text)
        out = self.empty()
        if not len(ids):
            return out
        out.mask[ids] = True
        field_type = self.reader.schema[field] if field in self.reader.schema else None
        if field_type is None or not field_type.scorable:
            out.score[ids] = weights * boost  # Whoosh's WeightScorer
            return out
        # BM25 with the statistics of each document's language (see the module's docstring).
        docs = self.group_docs()
        groups = self.groups[ids]
        live_ids = ids[self.live[ids]]
        df_all = len(live_ids)
        df = np.bincount(self.groups[live_ids], minlength=len(docs))
        share = df_all / max(int(docs.sum()), 1)
        n = docs[groups] + PRIOR_DOCS
        dfs = df[groups] + PRIOR_DOCS * share
        idf = np.log(1 + (n - dfs + 0.5) / (dfs + 0.5))
        norm = self.lengths(field)[ids] / self.average_lengths(field)[groups]
        k1, b = self.k1, self.b
        out.score[ids] = boost * idf * (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * norm))
        return out

    def docs(self, docnums: Any) -> Scored:
        out = self.empty()
        ids = np.fromiter(docnums, dtype=np.int64)
        out.mask[ids] = True
        out.score[ids] = 1.0
        return out


class Evaluator:
    """Evaluates a Whoosh query tree (as ``search/query.py`` builds them) over ``PostingArrays``."""

    def __init__(self, arrays: PostingArrays) -> None:
        self.arrays = arrays

    def run(self, q: wq.Query) -> Scored:
        # Words of phrases are read with their positions in the same pass as their ids.
        self.arrays.phrase_words = {(p.fieldname, w) for p in _phrases(q) for w in p.words}
        out = self._node(q)
        out.mask &= self.arrays.live
        out.score[~out.mask] = 0.0
        return out

    def mask(self, q: wq.Query) -> Array:
        return self.run(q).mask

    def _node(self, q: wq.Query) -> Scored:
        out = self._eval(q)
        boost = getattr(q, "boost", 1.0)
        if boost != 1.0 and not isinstance(q, wq.Term):  # a term's boost is applied inside BM25
            out.score *= boost
        return out

    def _eval(self, q: wq.Query) -> Scored:
        a = self.arrays
        if isinstance(q, wq.Term):
            return a.term(q.fieldname, q.text, q.boost)
        if isinstance(q, wq.DisjunctionMax):
            parts = [self._node(c) for c in q.subqueries]
            out = a.empty()
            for p in parts:
                out.mask |= p.mask
                np.maximum(out.score, p.score, out=out.score)
            return out
        if isinstance(q, wq.Or):
            out = a.empty()
            for c in q.subqueries:
                p = self._node(c)
                out.mask |= p.mask
                out.score += p.score
            return out
        if isinstance(q, wq.And):
            parts = [self._node(c) for c in q.subqueries]
            if not parts:
                return a.empty()
            out = parts[0]
            for p in parts[1:]:
                out.mask &= p.mask
                out.score += p.score
            out.score[~out.mask] = 0.0
            return out
        if isinstance(q, wq.AndMaybe):
            out = self._node(q.a)
            bonus = self._node(q.b)
            out.score += np.where(out.mask, bonus.score, 0.0)
            return out
        if isinstance(q, wq.AndNot):
            out = self._node(q.a)
            out.mask &= ~self._node(q.b).mask
            out.score[~out.mask] = 0.0
            return out
        if isinstance(q, wq.Not):
            inner = self._node(q.query)
            out = a.empty()
            out.mask[:] = ~inner.mask
            out.score[out.mask] = 1.0
            return out
        if isinstance(q, wq.ConstantScoreQuery):
            inner = self._node(q.child)
            inner.score[:] = 0.0
            inner.score[inner.mask] = q.score
            return inner
        if isinstance(q, wq.Prefix):
            out = a.empty()
            for _field, text in q.expanded_terms(a.reader):
                out.mask[a.postings(q.fieldname, _text(text))[0]] = True
            out.score[out.mask] = 1.0
            return out
        if isinstance(q, wq.Phrase):
            out = self._node(wq.And([wq.Term(q.fieldname, w) for w in q.words]))
            if len(q.words) > 1 and out.mask.any():
                out.mask &= a.phrase(q.fieldname, list(q.words), q.slop, out.mask & a.live)
                out.score[~out.mask] = 0.0
            return out
        if isinstance(q, wq.Every):
            out = a.empty()
            out.mask[:] = True
            out.score[:] = 1.0
            return out
        if isinstance(q, wq.NullQuery.__class__):
            return a.empty()
        return a.docs(a.searcher.docs_for_query(q))


def _phrases(q: wq.Query) -> list[wq.Phrase]:
    if isinstance(q, wq.Phrase):
        return [q]
    children = list(q.children()) if hasattr(q, "children") else []
    return [p for c in children for p in _phrases(c)]


def _text(term: Any) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)


def _blocks(matcher: Any) -> Any:
    """(ids, weights, values) of each postings block (``search/codec.py``'s packed blocks)."""
    if not isinstance(matcher, LeafMatcher):  # the format stamp keeps other codecs' indexes out
        raise TypeError(f"postings not written by search.codec ({type(matcher).__name__}): rebuild the index")
    while True:
        yield block_arrays(matcher)
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)
