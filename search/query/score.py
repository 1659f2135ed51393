"""BM25 over posting arrays: a query plan (``plan.py``) evaluated for every document at once.

A document-at-a-time matcher moves through postings in Python, about 35 µs per matching document for a
three-word query with its stems and bonuses (``benchmarks/RESULTS.md``), and a common Vietnamese syllable
matches a third of a corpus. Here each term's postings are read once (``IndexReader.postings``) into numpy
arrays, and a plan node is the documents it matches and their scores: sparse (their ids and scores) while
its parts are words, filters and nodes made of them, else two arrays over every document of the index
(which documents match, ``mask``, and their score).

BM25 with the statistics of the document's own language. In an index holding long Vietnamese articles
and short English abstracts, index-wide statistics blur both: the average length is the Vietnamese one, so
English lengths barely normalise, and English "the" looks rare because most articles lack it. Here ``N``,
the document frequency and the average length are those of the article's language, as an index per
language (or Elasticsearch's field per language) would give, smoothed towards the whole index by
``PRIOR_DOCS`` pseudo-documents so that a language with three articles keeps sensible statistics. The idf
is Lucene's, ``log(1 + (N - df + 0.5) / (df + 0.5))``, which gives words found everywhere almost nothing
(Whoosh's ``log(N / (df + 1)) + 1`` gives them at least 1). On Cranfield in the 5k mixed corpus this took
nDCG@10 from 0.339 to 0.371 (benchmarks/RESULTS.md), with K1 and B unchanged.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..analysis.tokenize import GAP_TERM
from ..index.reader import IndexReader
from . import plan as p

Array = np.ndarray[Any, Any]
K1 = 3.0  # BM25 term-frequency saturation; tuned on Cranfield (benchmarks/RESULTS.md)
B = 0.75  # BM25 length normalisation
PRIOR_DOCS = 50.0  # pseudo-documents with the whole index's statistics, added to each language's
SORT_UNION = 2_000  # ids of sparse parts merged by sorting up to this many; more: through a mask


class Scored:
    """One plan node over all documents: which match (``mask``, bool), and their scores (``score``, float64;
    0 elsewhere). A word's (``Scorer.bm25``), a one-valued filter's and any node made of such parts only is
    sparse: its documents ``ids`` (sorted, each once) and their scores ``values``, and its arrays over every
    document are made only if a parent asks for them (a dense node: ``Not``, ``AndNot``, a prefix...)."""

    __slots__ = ("_mask", "_score", "ids", "values", "size")

    def __init__(self, mask: Array | None, score: Array | None, ids: Array | None = None,
                 values: Array | None = None, size: int = 0) -> None:
        self._mask = mask
        self._score = score
        self.ids = ids
        self.values = values  # the scores of ``ids``, when sparse
        self.size = size

    @classmethod
    def sparse(cls, ids: Array, values: Array, size: int) -> Scored:
        return cls(None, None, ids, values, size)

    @property
    def mask(self) -> Array:
        if self._mask is None:
            self._mask = np.zeros(self.size, dtype=bool)
            self._mask[self.ids] = True
        return self._mask

    @mask.setter
    def mask(self, value: Array) -> None:
        self._mask = value

    @property
    def score(self) -> Array:
        if self._score is None:
            self._score = np.zeros(self.size)
            self._score[self.ids] = self.values
        return self._score

    @score.setter
    def score(self, value: Array) -> None:
        self._score = value

    def scores_of_ids(self) -> Array:
        """The scores of ``ids`` (a word's)."""
        return self.values if self.values is not None else self.score[self.ids]


class Scorer:
    """Evaluates query plans over one open index; keeps the per-language statistics between queries.

    A node whose parts are all sparse (words: ``bm25``) is evaluated sparse too, on its documents only: an
    ``Or``, a ``DisMax``, an ``And``, an ``AndMaybe``, a ``Phrase``... (a question of twenty words at 100k
    articles otherwise made and copied two arrays of the collection's size for each of its ~130 nodes). The
    floats are those of the dense evaluation (``sparse = False``, which the tests compare it with): the
    same additions in the same order, 0 added nowhere.
    """

    sparse = True  # evaluate nodes of sparse parts sparse (False: every node over every document)

    def __init__(self, reader: IndexReader, k1: float = K1, b: float = B) -> None:
        self.reader = reader
        self.k1 = k1
        self.b = b
        docs = reader.docs
        self.size = docs.size
        self.live: Array = docs.live
        lang = docs.codes.get("lang")
        self.groups: Array = lang[1] if lang is not None else np.zeros(self.size, dtype=np.int64)
        self._group_docs: Array | None = None
        self._group_lengths: dict[str, Array] = {}
        self._phrase_words: set[tuple[str, str]] = set()
        self._memo: dict[p.Node, Scored] = {}
        self._all_live = bool(self.live.all())
        self._language_docs: tuple[int, Array] | None = None
        self._norms: dict[str, Array] = {}
        # Scratch arrays over every document for combining sparse nodes, all zero/False between uses.
        self._acc: Array = np.zeros(self.size)
        self._flags: Array = np.zeros(self.size, dtype=bool)
        spelled = docs.codes.get("spelled")
        # Articles indexed with folded words, where a query word's folded form stands for its spellings.
        self.folded_docs: Array = (np.array([v != "exact" for v in spelled[0]], dtype=bool)[spelled[1]]
                                   if spelled is not None and len(spelled[1]) else np.ones(self.size, dtype=bool))

    # --- statistics ----------------------------------------------------------------------------------
    def group_docs(self) -> Array:
        """Live documents per language."""
        if self._group_docs is None:
            self._group_docs = np.bincount(self.groups[self.live], minlength=int(self.groups.max(initial=0)) + 1)
        return self._group_docs

    def average_lengths(self, field: str) -> Array:
        """The field's average length per language, smoothed towards the index's (``PRIOR_DOCS``)."""
        avg = self._group_lengths.get(field)
        if avg is None:
            lengths = np.where(self.live, self.reader.docs.lengths[field], 0.0)
            docs = self.group_docs()
            overall = lengths.sum() / max(int(docs.sum()), 1)
            totals = np.bincount(self.groups, weights=lengths, minlength=len(docs))
            avg = (totals + PRIOR_DOCS * overall) / (docs + PRIOR_DOCS)
            avg[avg <= 0] = 1.0
            self._group_lengths[field] = avg
        return avg

    def empty(self) -> Scored:
        return Scored(np.zeros(self.size, dtype=bool), np.zeros(self.size))

    # --- evaluation ----------------------------------------------------------------------------------
    def begin(self) -> None:
        """A new query: forget the nodes evaluated for the previous one."""
        self._memo.clear()
        self._phrase_words = set()

    def run(self, node: p.Node) -> Scored:
        """``node`` over the live documents: a copy of its arrays, to change."""
        out = self._own(self._with_phrases(node))
        out.mask &= self.live
        out.score[~out.mask] = 0.0
        return out

    def read(self, node: p.Node) -> Scored:
        """``node`` as evaluated, to read and never to change, deleted documents included (``run`` copies and
        cuts to the live ones). Every node's score is 0 wherever its mask is False."""
        return self._eval(self._with_phrases(node))

    def _with_phrases(self, node: p.Node) -> p.Node:
        # Words of phrases are read with their positions in the same pass as their ids.
        # (A prefix's words are read with their positions when the phrase is, ``_positions``.)
        self._phrase_words |= {(ph.field, t) for ph in p.phrases(node) for w in ph.words
                               if isinstance(w, p.Spellings)
                               for t in (*w.terms, *w.loose, *(k.partition(" ")[0] for k in w.spelled))}
        return node

    def mask(self, node: p.Node) -> Array:
        return self.run(node).mask

    def _eval(self, q: p.Node) -> Scored:
        """``q`` over every document, to read and never to change (``_own`` gives a copy to change). Within
        one query, a node met again (a word in the query, its tier, and the most-words list) is evaluated
        once: plan nodes are immutable and hashable. (Copying every child's arrays, two arrays of the
        collection's size, was a fifth of a long question's time at 100k articles.)"""
        done = self._memo.get(q)
        if done is None:
            done = self._memo[q] = self._compute(q)
        return done

    def _own(self, q: p.Node) -> Scored:
        done = self._eval(q)
        return Scored(done.mask.copy(), done.score.copy())  # to be changed: its ids would not hold

    def _compute(self, q: p.Node) -> Scored:
        if isinstance(q, p.Term):
            return self.term(q.field, q.text, q.boost)
        if isinstance(q, p.Spellings):
            ids, weights = self.spellings(q)
            return self.bm25(q.field, ids, weights, q.boost)
        if isinstance(q, (p.DisMax, p.Or)):
            parts = [self._eval(part) for part in q.parts]
            if self.sparse and all(s.ids is not None for s in parts):
                return self._sparse_union(parts, isinstance(q, p.DisMax))
        if isinstance(q, p.DisMax):
            out = self.empty()
            for part in q.parts:
                s = self._eval(part)
                if s.ids is not None:  # elsewhere max(score, 0) changes nothing: scores are never negative
                    out.mask[s.ids] = True
                    out.score[s.ids] = np.maximum(out.score[s.ids], s.scores_of_ids())
                else:
                    out.mask |= s.mask
                    np.maximum(out.score, s.score, out=out.score)
            return out
        if isinstance(q, p.Or):
            out = self.empty()
            for part in q.parts:
                s = self._eval(part)
                if s.ids is not None:  # adding 0 elsewhere changes nothing
                    out.mask[s.ids] = True
                    out.score[s.ids] += s.scores_of_ids()
                else:
                    out.mask |= s.mask
                    out.score += s.score
            return out
        if isinstance(q, p.And):
            if not q.parts:
                return self.empty()
            parts = [self._eval(part) for part in q.parts]
            if self.sparse and all(s.ids is not None for s in parts):
                return self._sparse_and(parts)
            out = self._own(q.parts[0])
            for part in q.parts[1:]:
                s = self._eval(part)
                out.mask &= s.mask
                if s.ids is not None:
                    out.score[s.ids] += s.scores_of_ids()
                else:
                    out.score += s.score
            out.score[~out.mask] = 0.0
            return out
        if isinstance(q, p.AndMaybe):
            required, optional = self._eval(q.required), self._eval(q.optional)
            if self.sparse and required.ids is not None and optional.ids is not None:
                return self._sparse_maybe(required, optional)
            out = self._own(q.required)
            if optional.ids is not None:  # adding 0 elsewhere changes nothing
                out.score[optional.ids] += np.where(out.mask[optional.ids], optional.scores_of_ids(), 0.0)
            else:
                out.score += np.where(out.mask, optional.score, 0.0)
            return out
        if isinstance(q, p.AndNot):
            out = self._own(q.positive)
            out.mask &= ~self._eval(q.negative).mask
            out.score[~out.mask] = 0.0
            return out
        if isinstance(q, p.Not):
            out = self.empty()
            out.mask[:] = ~self._eval(q.node).mask
            out.score[out.mask] = 1.0
            return out
        if isinstance(q, p.Constant):
            inner = self._eval(q.node)
            if self.sparse and inner.ids is not None:
                return Scored.sparse(inner.ids, np.full(len(inner.ids), float(q.score)), self.size)
            out = self._own(q.node)
            out.score[:] = 0.0
            out.score[out.mask] = q.score
            return out
        if isinstance(q, p.Boost):
            inner = self._eval(q.node)
            if self.sparse and inner.ids is not None:
                return Scored.sparse(inner.ids, inner.scores_of_ids() * q.factor, self.size)
            out = self._own(q.node)
            out.score *= q.factor
            return out
        if isinstance(q, p.Prefix):
            out = self.empty()
            if not q.spelled:
                for text in self.reader.expand_prefix(q.field, q.prefix):
                    out.mask[self.reader.postings(q.field, text).ids] = True
            if q.field in ("body", "title"):  # articles indexed with exact spellings: "thu*" finds "thủ tướng"
                for key in self.reader.expand_prefix("exact", q.prefix):
                    folded, _, exact = key.partition(" ")
                    if not exact.startswith(q.spelled):
                        continue
                    out.mask[self.reader.postings(q.field, exact).ids] = True
                    if q.spelled:  # and articles indexed folded that spell a word so ("kính*" is not "kinh*")
                        ids = np.intersect1d(self.reader.postings(q.field, folded).ids,
                                             self.reader.postings("exact", key).ids, assume_unique=True)
                        out.mask[ids[self.folded_docs[ids]]] = True
            out.score[out.mask] = 1.0
            return out
        if isinstance(q, p.Phrase):
            both = self._eval(p.And(q.words))
            if self.sparse and both.ids is not None:
                if len(q.words) == 1 or not len(both.ids):
                    return both
                candidates = np.zeros(self.size, dtype=bool)
                candidates[both.ids[self.live[both.ids]]] = True
                keep = self.phrase(list(q.words), q.slop, candidates, q.gaps)[both.ids]
                return Scored.sparse(both.ids[keep], both.scores_of_ids()[keep], self.size)
            out = self._own(p.And(q.words))
            if len(q.words) > 1 and out.mask.any():
                out.mask &= self.phrase(list(q.words), q.slop, out.mask & self.live, q.gaps)
                out.score[~out.mask] = 0.0
            return out
        if isinstance(q, p.Values):
            return self.coded(q.field, lambda v: v in q.values)
        if isinstance(q, p.DateRange):
            hi = q.hi + "~" if q.hi else ""  # "2024-12" includes "2024-12-31"
            # ...and "2024" (a year alone) is in "..2024" but not in "..2024-05" (it may be December)
            return self.coded("date", lambda v: bool(v) and v >= q.lo and (not hi or v + "~" <= hi))
        if isinstance(q, p.Every):
            out = self.empty()
            out.mask[:] = True
            out.score[:] = 1.0
            return out
        raise TypeError(f"not a query plan node: {q!r}")

    # --- sparse nodes: every part sparse (words), the result sparse, the same floats as the dense path -------
    def _ids_union(self, lists: list[Array]) -> Array:
        """The sorted union of sorted id lists: by sorting when they are short, else through ``_flags``."""
        if sum(len(ids) for ids in lists) <= SORT_UNION:
            ids = np.sort(np.concatenate(lists))
            keep = np.empty(len(ids), dtype=bool)
            keep[:1] = True
            np.not_equal(ids[1:], ids[:-1], out=keep[1:])
            out: Array = ids[keep]
            return out
        flags = self._flags
        try:
            for ids in lists:
                flags[ids] = True
            out = np.flatnonzero(flags)
        finally:
            flags[:] = False
        return out

    def _sparse_union(self, parts: list[Scored], maximum: bool) -> Scored:
        """An ``Or`` (scores summed, part after part, as the dense path adds them) or a ``DisMax`` (the
        highest score) of sparse parts."""
        lists = [(ids, values) for ids, values in _sparse(parts) if len(ids)]
        if not lists:
            return Scored.sparse(np.zeros(0, dtype=np.int64), np.zeros(0), self.size)
        if len(lists) == 1:  # 0 + x, max(0, x): x itself (scores are never negative)
            return Scored.sparse(*lists[0], self.size)
        union = self._ids_union([ids for ids, _ in lists])
        acc = self._acc
        try:
            for ids, values in lists:
                if maximum:
                    acc[ids] = np.maximum(acc[ids], values)
                else:
                    acc[ids] += values
            summed = acc[union]
        finally:
            acc[union] = 0.0
        return Scored.sparse(union, summed, self.size)

    def _sparse_and(self, parts: list[Scored]) -> Scored:
        """Documents in every part, their scores summed in the parts' order (as the dense path adds them)."""
        lists = _sparse(parts)
        both = min((ids for ids, _ in lists), key=len)
        for ids, _ in sorted(lists, key=lambda part: len(part[0])):
            if not len(both):
                break
            both = both[_members(both, ids)]
        summed = np.zeros(len(both))
        if len(both):
            for ids, values in lists:
                summed += values[np.searchsorted(ids, both)]
        return Scored.sparse(both, summed, self.size)

    def _sparse_maybe(self, required: Scored, optional: Scored) -> Scored:
        """The required part's documents, with the optional part's score added where it has one."""
        (ids, values), (extra_ids, extra) = _sparse([required, optional])
        summed = values.copy()
        if len(ids) and len(extra_ids):
            acc = self._acc
            try:
                acc[extra_ids] = extra
                summed += acc[ids]
            finally:
                acc[extra_ids] = 0.0
        return Scored.sparse(ids, summed, self.size)

    def coded(self, field: str, accept: Any) -> Scored:
        """Documents whose one-valued field (a per-document code, ``docarrays.py``) has an accepted value."""
        vocab, codes = self.reader.docs.codes[field]
        wanted = np.array([bool(accept(v)) for v in vocab], dtype=bool)
        if self.sparse:  # sparse, like a word: a filter with words is then evaluated on their documents only
            ids = np.flatnonzero(wanted[codes]) if len(codes) else np.zeros(0, dtype=np.int64)
            return Scored.sparse(ids, np.ones(len(ids)), self.size)
        out = self.empty()
        if len(codes):
            out.mask[:] = wanted[codes]
        out.score[out.mask] = 1.0
        return out

    def spellings(self, sp: p.Spellings) -> tuple[Array, Array]:
        """A query word's postings: the union of its spellings' (frequencies summed per document); the loose
        and spelled ones only in articles indexed with folded words (spelled ones only where the ``exact``
        field says the article has the spelling). A phrase's words are read with their positions in the same
        pass (``_positions`` then finds them cached)."""
        parts = self._parts(sp)
        lists = [(self.reader.postings(sp.field, t, positions=(sp.field, t) in self._phrase_words), keep)
                 for t, keep in parts]
        if len(lists) == 1 and lists[0][1] is None:
            only = lists[0][0]
            return only.ids, only.weights
        chosen: list[tuple[Array, Array]] = []
        for postings, keep in lists:
            ids, weights = postings.ids, postings.weights
            if keep is not None:
                inside = keep[ids]
                ids, weights = ids[inside], weights[inside]
            chosen.append((ids, weights))
        union = self._ids_union([ids for ids, _ in chosen])
        acc = self._acc
        try:
            for ids, weights in chosen:
                acc[ids] += weights
            tf = acc[union]
        finally:
            acc[union] = 0.0
        found = tf != 0
        return union[found], tf[found]

    def _parts(self, sp: p.Spellings | p.Prefix) -> list[tuple[str, Array | None]]:
        """A query word's terms, each with the documents where it counts (None: all); a prefix's (the last
        word of a phrase): the field's terms that start with it."""
        if isinstance(sp, p.Prefix):
            return [(t, None) for t in self.reader.expand_prefix(sp.field, sp.prefix)]
        parts: list[tuple[str, Array | None]] = [(t, None) for t in sp.terms]
        parts += [(t, self.folded_docs) for t in sp.loose]
        for key in sp.spelled:
            where = np.zeros(self.size, dtype=bool)
            where[self.reader.postings("exact", key).ids] = True
            parts.append((key.partition(" ")[0], where & self.folded_docs))
        return parts

    def term(self, field: str, text: str, boost: float = 1.0) -> Scored:
        postings = self.reader.postings(field, text, positions=(field, text) in self._phrase_words)
        return self.bm25(field, postings.ids, postings.weights, boost)

    def bm25(self, field: str, ids: Array, weights: Array, boost: float = 1.0) -> Scored:
        """Documents ``ids`` with term frequencies ``weights`` in ``field``, scored (sparse: ``Scored``)."""
        if not len(ids):
            return Scored.sparse(ids, np.zeros(0), self.size)
        if not self.reader.scorable(field):
            return Scored.sparse(ids, weights * boost, self.size)  # a keyword: its stored weight
        # BM25 with the statistics of each document's language (see the module's docstring).
        groups = self.groups[ids]
        df, count = self.frequencies(ids, groups)
        docs, n = self._languages()
        share = count / docs
        # The idf of each language, then each document's (the same floats as computing it per document).
        dfs = df + PRIOR_DOCS * share
        weighted_idf = (boost * np.log(1 + (n - dfs + 0.5) / (dfs + 0.5)))[groups]
        k1 = self.k1
        values = weighted_idf * (weights * (k1 + 1)) / (weights + self._length_norms(field)[ids])
        return Scored.sparse(ids, values, self.size)

    def _languages(self) -> tuple[int, Array]:
        """The live documents in all (at least 1), and per language with the prior's pseudo-documents."""
        if self._language_docs is None:
            docs = self.group_docs()
            self._language_docs = (max(int(docs.sum()), 1), docs + PRIOR_DOCS)
        return self._language_docs

    def _length_norms(self, field: str) -> Array:
        """Each document's ``k1 * (1 - b + b * length / average length of its language)`` in ``field``: the
        part of BM25's denominator that does not depend on the term (the same floats, computed once)."""
        norms = self._norms.get(field)
        if norms is None:
            k1, b = self.k1, self.b
            norm = self.reader.docs.lengths[field] / self.average_lengths(field)[self.groups]
            norms = self._norms[field] = k1 * ((1 - b) + b * norm)
        return norms

    def frequencies(self, ids: Array, groups: Array) -> tuple[Array, int]:
        """A term's statistics from its postings ``ids`` (``groups``: their languages): the live documents
        holding it, per language and in all. (The OpenSearch backend scores a subset of the documents: it
        gives the whole index's.)"""
        if not self._all_live:
            live = self.live[ids]
            ids, groups = ids[live], groups[live]
        return np.bincount(groups, minlength=len(self.group_docs())), len(ids)

    def phrase(self, words: list[p.Spellings | p.Prefix], slop: int, candidates: Array,
               gaps: tuple[int, ...] = ()) -> Array:
        """A mask of the ``candidates`` where ``words`` follow each other, each at most ``slop`` positions
        after the previous one (slop 1: side by side), and ``gaps[i]`` more before word ``i``: positions that
        punctuation left empty (the ``gap`` field), not any word (a passage's ``។`` is not a word there)."""
        wanted = candidates.copy()
        ends = self._positions(words[0], wanted)
        for i, word in enumerate(words[1:], 1):
            if not len(ends):
                break
            wanted[:] = False
            wanted[ends >> 32] = True  # only documents where the phrase so far occurs
            gap = gaps[i] if gaps else 0
            if gap:
                empty = self._positions(p.Spellings("gap", (GAP_TERM,)), wanted)
                for step in range(1, gap + 1):
                    ends = ends[_members(ends + step, empty)]
                if not len(ends):
                    break
                wanted[:] = False
                wanted[ends >> 32] = True
            following = self._positions(word, wanted)
            if slop <= 1:
                reach = ends + (1 + gap)
            else:
                reach = np.unique(np.concatenate([ends + (step + gap) for step in range(1, slop + 1)]))
            if not len(following):
                ends = following
                break
            at = np.minimum(np.searchsorted(reach, following), len(reach) - 1)
            ends = following[reach[at] == following]
        out = np.zeros(self.size, dtype=bool)
        out[ends >> 32] = True
        return out

    def _positions(self, word: p.Spellings | p.Prefix, wanted: Array) -> Array:
        """The word's occurrences in the ``wanted`` documents (a mask), as sorted keys ``doc << 32 | position``:
        each spelling's keys are cut to those documents before they are merged (a common syllable has
        millions of positions at 100k articles, the documents a phrase can still be in far fewer)."""
        found: list[Array] = []
        wanted_ids = np.flatnonzero(wanted)
        for text, keep in self._parts(word):
            keys = self.reader.postings(word.field, text, positions=True).keys
            if keys is None or not len(keys):
                continue
            if keep is None:
                found.append(_keys_of(keys, wanted, wanted_ids))
            else:
                both = wanted & keep
                found.append(_keys_of(keys, both, np.flatnonzero(both)))
        if not found:
            return np.zeros(0, dtype=np.int64)
        if len(found) == 1:
            return found[0]
        return np.sort(np.concatenate(found), kind="stable")  # sorted runs: merged in linear time


def _sparse(parts: list[Scored]) -> list[tuple[Array, Array]]:
    """Sparse nodes' documents and scores."""
    out = []
    for s in parts:
        assert s.ids is not None, "a dense node among sparse ones"
        out.append((s.ids, s.scores_of_ids()))
    return out


def _members(ids: Array, sorted_ids: Array) -> Array:
    """A mask of the ``ids`` found in ``sorted_ids``."""
    at = np.searchsorted(sorted_ids, ids)
    found: Array = np.zeros(len(ids), dtype=bool)
    inside = at < len(sorted_ids)
    found[inside] = sorted_ids[at[inside]] == ids[inside]
    return found


def _keys_of(keys: Array, wanted: Array, wanted_ids: Array) -> Array:
    """The sorted ``keys`` (``doc << 32 | position``) of the ``wanted`` documents (a mask, and its ids): by
    binary search for each document when they are few against the keys, else by one pass over the keys."""
    if len(wanted_ids) * 32 >= len(keys):
        out: Array = keys[wanted[keys >> 32]]
        return out
    first = wanted_ids.astype(np.int64) << 32
    lo = np.searchsorted(keys, first)
    counts = np.searchsorted(keys, first + (1 << 32)) - lo
    total = int(counts.sum())
    if not total:
        return keys[:0]
    starts = np.cumsum(counts) - counts  # where each document's keys go in the output
    found: Array = keys[np.arange(total) + np.repeat(lo - starts, counts)]
    return found
