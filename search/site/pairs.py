"""Pairs of neighbouring words in the body, for the search page's phrases (``search/pairs/<h>.js``).

A phrase (``"của công ty"``), and the words-together tier of several words, ask where the words stand side
by side. With each word's positions, a phrase of common Vietnamese syllables loads the positions of every
article that has them: at 100k articles 0.6-2.5 MB per phrase (``benchmarks/SITE-RESULTS.md``). Instead the
export lists, for each two terms that stand side by side somewhere and of which at least one is **common**
(``COMMON_POSITIONS`` positions or more in the collection), the articles and positions where they do: the
page reads the pair ``của công`` (the articles that have both side by side) rather than all of ``của`` and
all of ``công``. Positions of common terms are then never needed in the body, and are not written; a step
between two rare terms still reads their positions (``search/pos/``, small by definition).

A phrase matches at position ``s`` when each word ``i`` stands at ``s + i``: when each two neighbouring words
stand at ``s + i`` and ``s + i + 1``, which is what the pairs give (each body position holds one term).

    search/pairs/<h>.js   {"<folded a> <folded b>": {"<a> <b>": pair postings, ...}, ...}
                          by hash of the folded pair: all spellings of the two words in one entry

Pairs one position apart (``"<folded a>  <folded b>"``, two spaces; hashed as the words ``a`` and ``" b"``):
a quoted passage of a script without spaces with punctuation between two words wants them so (compile.py
``phrase_gaps``), with punctuation between: the position between them is one the article's punctuation left
empty (the index's ``gap`` field, analysis/tokenize.py ``empty_positions``), not a word. Written for every such
two terms, common or not (one pair at most per empty position: few), so that the page reads a gap from the
pairs alone (the rare terms' positions do not say whether the position between is empty); a title phrase
with a gap reads them too (the body holds the title's words at the same positions).

A pair's postings (``pack.varints``): per article, the gap to the previous article, the number of places,
then the places (of the first word) as gaps. Made with numpy from the index's positions, without analysing
again: every article's body terms laid out in position order (one int32 per position), then the pairs of
neighbours sorted by pair, a part of the pairs at a time (``PARTITION_PAIRS``), each part writing whole files
(what the layout and the places of the pairs take: 8 bytes per position, 59 million positions at 100k
benchmark articles).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..lang.fold import fold
from . import pack

Array = np.ndarray[Any, Any]
# A body term with at least this many positions in the collection is common: pairs with it are written and
# its positions are not. A rare term's positions stay under about 1.5 KB of JSON (a few gaps each). At 5k
# benchmark articles 498 of 39,784 terms are common (60% of positions); at 100k, 3,934 (93%). In a small
# collection, a term with 1 in COMMON_SHARE of its positions is common too (the seeds: "the", "của"...).
COMMON_POSITIONS = 1_000
COMMON_SHARE = 2_000
PAIR_SHARD_BYTES = 6_000  # twice terms/ and pos/ (bundle.TERM_SHARD_BYTES): about 3 KB a file deflated; each file
# written costs about 0.25 ms of the export, and a pair is one lookup of a query (5k: 4,394 -> 2,377 files)
SOLO_BYTES = 1_500  # a pair entry larger than this gets a file of its own, named in its shard ("@...")
MAX_SHARDS = 40_000
PARTITION_PAIRS = 2_000_000  # pair places sorted at a time (about 150 MB of arrays, and their Python entries)
SLICE = 4_000_000  # positions of the layout scanned at a time
ENCODE_VALUES = 500_000  # numbers encoded per pack.varints_split call (its arrays: about 70 bytes a number)
BYTES_PER_PLACE = 6  # pairs/ bytes per place of write_pairs' bound (5k: 14.4 MB, a bound of 2.4 million)


@dataclass
class PairIndex:
    shards: int = 0  # pairs/ files (0: no pair written)
    pairs: int = 0  # distinct pairs of terms
    places: int = 0  # places of all pairs


class Layout:
    """Every live article's body terms in position order: ``stream[offsets[d] + p]`` is the term number at
    position ``p`` of article ``d`` (page numbers), -1 where there is none (a gap, and two slots after each
    article, so that no pair crosses two articles, nor a pair one position apart). Made in two reads of the
    body's positions: this one (each term's number of places, each article's last position), then ``fill``
    with each batch of the next (bundle.py encodes the postings from the same batches)."""

    def __init__(self, batches: Callable[[], Any], articles: int) -> None:
        self.terms: list[str] = []
        totals: list[Array] = []
        last = np.full(articles, -1, dtype=np.int64)
        for terms, ids, counts, places, starts in batches():
            self.terms.extend(terms)
            before = np.concatenate(([0], np.cumsum(counts)))
            totals.append(before[starts[1:]] - before[starts[:-1]])
            has = np.flatnonzero(counts > 0)
            np.maximum.at(last, ids[has], places[before[1:][has] - 1])  # a posting's places ascend
        self.totals = np.concatenate(totals) if totals else np.zeros(0, dtype=np.int64)
        self.common = self.totals >= max(2, min(COMMON_POSITIONS, int(self.totals.sum()) // COMMON_SHARE))
        self.common_terms = {t for t, c in zip(self.terms, self.common.tolist(), strict=True) if c}
        self.offsets = np.concatenate(([0], np.cumsum(last + 3)))
        self.stream = np.full(int(self.offsets[-1]), -1, dtype=np.int32)
        self.empty = np.zeros(len(self.stream), dtype=bool)  # the positions punctuation left empty (``gap``)
        self.filled = 0  # terms filled in so far

    def mark_empty(self, ids: Array, counts: Array, places: Array) -> None:
        """The positions punctuation left empty: the ``gap`` field's ``places``, ``counts`` per article ``ids``
        (each between two of the article's words)."""
        self.empty[np.repeat(self.offsets[ids], counts) + places] = True

    def fill(self, terms: list[str], ids: Array, counts: Array, places: Array, starts: Array) -> None:
        """The next batch of the second read: the same terms in the same order as the first."""
        base = self.filled
        if self.terms[base:base + len(terms)] != terms:
            raise ValueError("the body's terms changed between two reads")
        number = np.repeat(np.arange(base, base + len(terms), dtype=np.int32), np.diff(starts))
        self.stream[np.repeat(self.offsets[ids], counts) + places] = np.repeat(number, counts)
        self.filled += len(terms)

    def neighbours(self, common: Array, step: int = 1) -> Any:
        """(index of the first of the two in the stream, first term, second term) of every two terms ``step``
        positions apart, a slice of the stream at a time: with ``step`` 1 (neighbours) of which one at least
        is common; with ``step`` 2, every two with an ``empty`` position between."""
        s = self.stream
        for start in range(0, max(len(s) - step, 0), SLICE):
            end = min(start + SLICE, len(s) - step)
            a, b = s[start:end], s[start + step:end + step]
            both = (a >= 0) & (b >= 0)
            if step > 1:
                at = np.flatnonzero(both & self.empty[start + 1:end + 1])
                yield at + start, a[at].astype(np.int64), b[at].astype(np.int64)
                continue
            at = np.flatnonzero(both)
            a, b = a[at], b[at]
            keep = common[a] | common[b]
            yield at[keep] + start, a[keep].astype(np.int64), b[keep].astype(np.int64)


def pair_shard(first: Array, second: Array, count: int) -> Array:
    """The pairs/ file of the folded pairs whose words hash (``pack.fnv1a``) to ``first`` and ``second``
    (uint32 arrays): js/reader.js ``R.pairsOf`` computes the same."""
    if count <= 1:
        return np.zeros(len(first), dtype=np.int64)
    mixed = first ^ (second * np.uint32(0x01000193))  # uint32 arithmetic: mod 2**32
    return (mixed % np.uint32(count)).astype(np.int64)


@dataclass
class _Keys:
    """What names a pair: each term's folded word (``fid``, a number into ``folded``) and that word's hash, and
    the terms and folded words as they are inside a JSON string (``pack.to_json``: escaped per character)."""

    folded: list[str]
    fid: Array
    hashes: Array
    escaped: list[str]
    escaped_folded: list[str]
    spaced_hashes: Array  # the hash of " " + the folded word: the second word of a pair one position apart

    @classmethod
    def of(cls, terms: list[str]) -> _Keys:
        folded = sorted({fold(t) for t in terms})
        fid = np.searchsorted(np.array(folded, dtype=object), np.array([fold(t) for t in terms], dtype=object))
        return cls(folded, fid, pack.fnv1a_many(folded)[fid], [pack.to_json(t)[1:-1] for t in terms],
                   [pack.to_json(f)[1:-1] for f in folded], pack.fnv1a_many([" " + f for f in folded])[fid])


def write_pairs(layout: Layout, put: Callable[[str, str], None]) -> PairIndex:
    """Writes ``pairs/<n>`` (through ``put(name, json)``) from a filled layout; returns what was written."""
    if layout.filled != len(layout.terms):
        raise ValueError("the layout is not filled")
    out = PairIndex()
    common = layout.common
    if not common.any() and not layout.empty.any():
        return out
    keys = _Keys.of(layout.terms)
    nterms = len(layout.terms)
    # A common term's places each begin and end at most one pair: the files' count and the parts' from that
    # bound, without a scan of the layout for the exact number.
    bound = min(int(layout.totals.sum()), 2 * int(layout.totals[common].sum()))
    bound += int(layout.empty.sum())  # a pair one position apart at most per empty position
    out.shards = max(1, min(bound * BYTES_PER_PLACE // PAIR_SHARD_BYTES, MAX_SHARDS))
    parts = max(1, -(-bound // PARTITION_PAIRS))
    # One scan of the layout: where each pair stands, by the part that writes its file (a part writes
    # every parts-th file); then each part's pairs sorted and written.
    small = np.uint32 if len(layout.stream) < 1 << 32 else np.int64
    where: dict[int, list[list[Array]]] = {1: [[] for _ in range(parts)], 2: [[] for _ in range(parts)]}
    for step, second in ((1, keys.hashes), (2, keys.spaced_hashes)):
        for at, a, b in layout.neighbours(common, step):
            out.places += len(at)
            part = pair_shard(keys.hashes[a], second[b], out.shards) % parts
            order = np.argsort(part, kind="stable")
            bounds = np.searchsorted(part[order], np.arange(parts + 1))
            at = at[order].astype(small)
            for j in range(parts):
                where[step][j].append(at[bounds[j]:bounds[j + 1]])
    for j in range(parts):
        near = np.concatenate(where[1][j]).astype(np.int64) if where[1][j] else np.zeros(0, dtype=np.int64)
        apart = np.concatenate(where[2][j]).astype(np.int64) if where[2][j] else np.zeros(0, dtype=np.int64)
        where[1][j], where[2][j] = [], []
        at = np.concatenate([near, apart])
        # a pair's code: (first term, second term, one position apart or not)
        code = (layout.stream[at].astype(np.int64) * nterms
                + layout.stream[np.concatenate([near + 1, apart + 2])]) * 2 + (np.arange(len(at)) >= len(near))
        del near, apart
        order = np.argsort(code, kind="stable")  # by pair, then (article, place): the stream's order
        code, at = code[order], at[order]
        del order
        files: dict[int, list[str]] = {i: [] for i in range(j, out.shards, parts)}
        solos: dict[str, str] = {}
        out.pairs += _encode(layout, keys, code, at, out.shards, files, solos)
        for i, members in files.items():
            put(f"pairs/{i}", pack.members(members))
        for name, member in solos.items():
            put(f"pairs/{name}", pack.members([member]))
    return out


def _encode(layout: Layout, keys: _Keys, code: Array, where: Array, shards: int, files: dict[int, list[str]],
            solos: dict[str, str]) -> int:
    """The entries of a part's pairs (sorted by pair, then place) into ``files`` (shard -> members), a large
    one into ``solos`` (file name -> member) with its name in its shard; returns the number of pairs."""
    if not len(code):
        return 0
    doc = np.searchsorted(layout.offsets, where, side="right") - 1
    place = where - layout.offsets[doc]
    n = len(code)
    new_pair = np.ones(n, dtype=bool)
    new_pair[1:] = code[1:] != code[:-1]
    new_post = new_pair.copy()
    new_post[1:] |= doc[1:] != doc[:-1]
    post = np.cumsum(new_post) - 1  # each place's posting
    firsts = np.flatnonzero(new_post)
    gaps = np.diff(doc[firsts], prepend=0)
    pair_first_post = new_pair[firsts]
    gaps[pair_first_post] = doc[firsts][pair_first_post]
    place_gaps = np.diff(place, prepend=0)
    place_gaps[firsts] = place[firsts]
    values = np.empty(n + 2 * len(firsts), dtype=np.int64)
    values[np.arange(n) + 2 * (post + 1)] = place_gaps  # a place goes after its posting's gap and count
    values[firsts + 2 * np.arange(len(firsts))] = gaps
    values[firsts + 2 * np.arange(len(firsts)) + 1] = np.diff(np.append(firsts, n))
    pair_starts = np.flatnonzero(new_pair)
    bounds = np.append(pair_starts + 2 * post[pair_starts], len(values))
    del doc, place, new_post, post, firsts, gaps, place_gaps
    encoded: list[str] = []
    step = max(1, len(bounds) * ENCODE_VALUES // max(len(values), 1))  # pairs per call, about ENCODE_VALUES values
    for k in range(0, len(bounds) - 1, step):
        cut = bounds[k:k + step + 1]
        encoded += pack.varints_split(values[cut[0]:cut[-1]], cut - cut[0])
    nterms, nfolded = len(layout.terms), len(keys.folded)
    codes = code[pair_starts]
    apart, codes = codes % 2, codes // 2
    a, b = codes // nterms, codes % nterms
    fkey = (keys.fid[a] * nfolded + keys.fid[b]) * 2 + apart
    order = np.argsort(fkey, kind="stable")  # the spellings of a folded pair together
    fkey, a, b, apart = fkey[order], a[order], b[order], apart[order]
    firsts = np.flatnonzero(np.diff(fkey, prepend=-1))
    second = np.where(apart[firsts] == 1, keys.spaced_hashes[b[firsts]], keys.hashes[b[firsts]])
    shard = pair_shard(keys.hashes[a[firsts]], second, shards).tolist()
    terms = keys.escaped
    space = (" ", "  ")
    pieces = [f'"{terms[x]}{space[g]}{terms[y]}":"{encoded[k]}"'
              for x, y, g, k in zip(a.tolist(), b.tolist(), apart.tolist(), order.tolist(), strict=True)]
    ends = [*firsts[1:].tolist(), len(pieces)]
    for start, end, i, fk in zip(firsts.tolist(), ends, shard, fkey[firsts].tolist(), strict=True):
        fk, g = fk // 2, fk % 2
        key = f'"{keys.escaped_folded[fk // nfolded]}{space[g]}{keys.escaped_folded[fk % nfolded]}"'
        text = "{" + ",".join(pieces[start:end]) + "}"
        members = files[i]
        if len(text) + len(key) + 2 > SOLO_BYTES:
            name = f"{i}-{len(members)}"
            members.append(f'{key}:"@{name}"')
            solos[name] = f"{key}:{text}"
        else:
            members.append(f"{key}:{text}")
    return len(pair_starts)
