"""Whoosh's W3 codec and posting pool, with the per-posting overhead of the generic versions taken out.

Most indexing time is Whoosh's own Python code spent once per posting (DESIGN.md), so this module keeps
Whoosh's files (segments, term tables, postings framed in blocks; Whoosh's readers, merges and deletions work
on them with this codec) and removes work that does not change them:

- field lengths are read once per document into a list, instead of once per posting through a column
  seek (about a fifth of all indexing time);
- the flush loop skips the generic checks (out-of-order terms, spelling words, type assertions), which our
  writer cannot trigger: postings arrive sorted from the pool, with integer ids, float weights, bytes values.

What differs from Whoosh's own blocks is their data (the framing, block infos and term infos are Whoosh's):

- a block's ids and weights are packed arrays (little-endian uint32 ids, float32 weights) instead of tuples of
  Python objects, which cost one object per posting to unpickle (index format 4);
- a block of positions (``title``, ``body``) is ``(first id, w, gaps, weights, x, counts, y, positions)``: the
  ids as gaps from the first, each posting's number of positions and then every position, as unsigned
  integers of ``w``, ``x`` and ``y`` bytes (1, 2 or 4: the narrowest that holds the block's largest), the weights
  as Whoosh's forms or, when they are the numbers of positions (a field boost of 1), a marker; not compressed.
  Reading it is a slice of the file and an unpickling; the reader joins the numbers of many blocks of the same
  width as bytes and converts them at once (``BlockDecoder``). Blocks written before
  (``(ids, weights, [positions as uint32, their byte lengths])``, pickled with protocol 2 and zlib-compressed)
  read as well, so an index written by an earlier version needs no rebuild; a new segment or a merge writes
  the new blocks. Measured on the 5k benchmark's body field (``python -m benchmarks.codec INDEX``; 39,968
  blocks): decoding a full block (1,024 postings, the common words a query pays for) 181 -> 13.5 us, its
  postings 14.1 -> 8.4 MB (zlib mostly undid what pickle protocol 2 does to bytes: it writes them as a latin-1
  string, UTF-8 encoded), the whole index 39 -> 31 MB;
- other blocks (frequencies) are pickled with protocol 5 (bytes as bytes) and zlib-compressed above 512 bytes.

Our ``LeafMatcher`` turns the arrays back into what Whoosh's matcher interface expects, so Whoosh's own
queries, merges and readers keep working; ``reader.py`` decodes the blocks itself, many at a time
(``block_data``, ``BlockDecoder``).

Segments pickle the codec (an importable, module-level class), so an index written with it opens with it.
"""

from __future__ import annotations

import io
import operator
import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from hashlib import md5
from itertools import accumulate, islice
from pickle import dumps, load, loads
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
    W3TermInfo,
)
from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.system import emptybytes, pack_ushort
from whoosh.util.numeric import _length_byte_cache, length_to_byte

from .schema import ArrayPositions

Array = np.ndarray[Any, Any]

_SWAP = sys.byteorder == "big"  # blocks are little-endian on disk


_LENGTH_BYTES = np.array(_length_byte_cache, dtype=np.int64)


def _length_bytes(lengths: Array) -> list[int]:
    """Whoosh's ``length_to_byte`` of each length, for a whole field's blocks at once (the same bisection of the
    same table; 255 from its last entry on)."""
    return _length_byte_array(lengths).tolist()  # type: ignore[no-any-return]


def _length_byte_array(lengths: Array) -> Array:
    return np.minimum(np.searchsorted(_LENGTH_BYTES, lengths, side="left"), 255)


COMPRESS_MIN_BYTES = 512  # smaller blocks are stored uncompressed
# Postings a block. Whoosh's default is 128; a query reads a term's every block, and each block costs a
# decompress, an unpickle and a seek whatever its size, so common words at 100k articles paid for thousands of
# them. Measured on the 100k benchmark index (775 queries, same run, identical answers): 128 -> p95 146-159 ms,
# 1024 -> 97-103 ms, 4096 -> 116-117 ms; 1024 also made the index 8% smaller.
BLOCK_LIMIT = 1024


@dataclass(slots=True)
class SortedPostings:
    """A field's postings sorted by term then document, as the arrays a block is sliced from: little-endian
    uint32 ids, float32 weights, the document's field length per posting; for a field without positions the
    frequencies as ``pack_uint`` (``values``), for one with positions each posting's number of positions
    (``counts``) and every position (``places``, posting after posting), with the running end of each posting
    in ``places`` (``ends``)."""

    ids: bytes
    weights: bytes
    lengths: Array
    values: bytes | None = b""  # None: a format without values (Existence: ID fields)
    counts: Array | None = None
    places: Array | None = None
    ends: Array | None = None


# A block of positions (``_positions_block``): its ids' gaps, counts and positions as unsigned integers of 1, 2
# or 4 bytes; its weights, when they are each posting's number of positions, as this marker.
_WIDTHS = {1: "<u1", 2: "<u2", 4: "<u4"}
_WEIGHTS_ARE_COUNTS = b""


def _width(top: int) -> int:
    return 1 if top < 0x100 else 2 if top < 0x10000 else 4


def _narrow(values: Array, width: int) -> bytes:
    return values.astype(_WIDTHS[width]).tobytes()


def _positions_block(ids: Array, weights: Array, counts: Array, places: Array) -> bytes:
    """The data of a block of postings with positions (module docstring): ``counts`` the number of positions of
    each posting, ``places`` all of them. ``_NarrowPositions`` writes the same bytes for a whole field."""
    gaps = np.diff(ids, prepend=ids[:1])
    gw, cw = _width(int(gaps.max())), _width(int(counts.max()))
    pw = _width(int(places.max()) if len(places) else 0)
    return dumps((int(ids[0]), gw, _narrow(gaps, gw), _block_weights(weights, counts), cw, _narrow(counts, cw), pw,
                  _narrow(places, pw)), 5)


def _block_weights(weights: Array, counts: Array) -> float | bytes | None:
    """A block's weights as stored: None when all are 1, one float when all are the same (Whoosh's forms), the
    marker when they are the counts, else each as float32."""
    first = weights[0]
    if (weights == first).all():
        return None if first == 1.0 else float(first)
    if (weights == counts).all():
        return _WEIGHTS_ARE_COUNTS
    return weights.astype("<f4").tobytes()


def _block_arrays(block: tuple[Any, ...], count: int,
                  positions: bool) -> tuple[Array, Array, tuple[Array, Array] | None]:
    """(ids, float32 weights, and with ``positions`` each posting's number of positions and every position)
    of a block's unpickled data, in either layout."""
    if len(block) == 8:
        first, gw, gaps, weights, cw, counts, pw, places = block
        ids = np.cumsum(np.frombuffer(gaps, dtype=_WIDTHS[gw]), dtype=np.int64)
        ids += first
        per_posting = np.frombuffer(counts, dtype=_WIDTHS[cw])
        if weights == _WEIGHTS_ARE_COUNTS:
            weights = per_posting.astype("<f4")
        return (ids, _weights(weights, count),
                (per_posting, np.frombuffer(places, dtype=_WIDTHS[pw])) if positions else None)
    ids, weights, values = block  # written before: ids as uint32, positions as uint32 with their byte lengths
    found = None
    if positions:
        joined, lengths = values
        found = np.frombuffer(lengths, dtype="<u4") >> 2, np.frombuffer(joined, dtype="<u4")
    return np.frombuffer(ids, dtype="<u4"), _weights(weights, count), found


def _weights(weights: Any, count: int) -> Array:
    if weights is None:
        return np.ones(count, dtype="<f4")
    if isinstance(weights, float):
        return np.full(count, weights, dtype="<f4")
    if isinstance(weights, bytes):
        return np.frombuffer(weights, dtype="<f4")
    return weights  # type: ignore[no-any-return]


def _packed(values: array[Any]) -> bytes:
    if _SWAP:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _unpacked(typecode: str, raw: bytes) -> array[Any]:
    values = array(typecode)
    values.frombytes(raw)
    if _SWAP:
        values.byteswap()
    return values


class _CachedLengths:
    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths
        self._by_field: dict[str, list[int]] = {}

    def field(self, fieldname: str, default: int = 0) -> list[int]:
        values = self._by_field.get(fieldname)
        if values is None:
            count = self._lengths.doc_count_all()
            get = self._lengths.doc_field_length
            values = [get(d, fieldname, default) for d in range(count)]
            self._by_field[fieldname] = values
        return values


class _PostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    _maxweight: float
    _minlength: int | None
    _maxlength: int

    _ids: Any
    _weights: Any
    _values: list[bytes]
    _format: Any

    def _write_block(self, last: bool = False) -> None:
        """Whoosh's block writer, with our blocks (module docstring); a block too small to gain from compression
        is stored as it is (each block's header says whether it is compressed): most terms have a few postings,
        and zlib on a few dozen bytes cost a tenth of a bulk build. ``_FieldWriter.add_sorted`` writes the same
        bytes for the same postings."""
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        if isinstance(self._format, ArrayPositions):
            counts = np.fromiter(map(len, self._values), dtype=np.int64, count=len(self._values)) >> 2
            places = np.frombuffer(emptybytes.join(self._values), dtype="<u4")
            databytes = _positions_block(np.array(self._ids, dtype=np.int64), np.array(self._weights, dtype="<f4"),
                                         counts, places)
            comp = 0
        else:
            databytes = dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), 5)
            comp = self._compression if len(databytes) >= COMPRESS_MIN_BYTES else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = dumps((len(ids), ids[-1], self._maxweight, comp, length_to_byte(self._minlength),
                           length_to_byte(self._maxlength)), 2)
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()

    def _mini_ids(self) -> bytes:
        return _packed(self._ids)  # absolute ids (Whoosh: a tuple of deltas)

    def _mini_weights(self) -> bytes | float | None:
        weights = self._weights
        first = weights[0]
        if all(w == first for w in weights):
            return None if first == 1.0 else float(first)
        return _packed(weights)

    def _mini_values(self) -> Any:
        fixed = self._format.fixed_value_size()
        if fixed is not None and fixed >= 0 or not self._values:
            return super()._mini_values()
        # A list (Whoosh writes a tuple here): the joined values and each one's length.
        return [emptybytes.join(self._values), _packed(array("I", map(len, self._values)))]

    def add_posting(self, id_: int, weight: float, vbytes: bytes, length: int | None = None) -> None:
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length


_BLOCK_INFO_END = struct.Struct("!i")  # a block's length (negative for a term's last block), before its header
_TERM_INFO = W3TermInfo._struct
_EXTENT = struct.Struct("!qi")  # pack_long(offset) + pack_int(length): a term's postings in the postings file
_KEY_VALUE = struct.Struct("!ii")  # filetables: the lengths of a key and its value, before them
# A term's info and where its postings are (_TERM_INFO then _EXTENT: flags, total weight, documents, shortest and
# longest document's length bytes, largest weight, first and last id; offset and length), for all terms at once.
_TERM_INFO_ARRAY = np.dtype([("flags", "u1"), ("total", ">f4"), ("count", ">u4"), ("low", "u1"), ("high", "u1"),
                             ("max", ">f4"), ("first", ">u4"), ("last", ">u4"), ("offset", ">i8"), ("length", ">i4")])
assert _TERM_INFO_ARRAY.itemsize == _TERM_INFO.size + _EXTENT.size
_RECORD_HEAD = np.dtype([("key", ">i4"), ("value", ">i4"), ("field", "S2")])  # _KEY_VALUE, the key's field number


@dataclass(slots=True)
class _PlanArrays:
    first_block: Array
    same: Array
    block_max: Array
    last_ids: Array
    low: Array
    high: Array


class _BlockPlan:
    """Where a field's blocks start and end and what their headers and term infos hold, computed for every block
    at once with numpy (a loop over the postings of each block was most of the cost of writing them).

    ``first_block[t]:first_block[t + 1]`` are term ``t``'s blocks; per block: its postings ``starts:stops``,
    whether its weights are all the same (``same``), the largest (``block_max``), its last id, the shortest and
    longest document; per term: the sum, the largest weight, the shortest and longest document, the first id."""

    def __init__(self, ranges: list[tuple[bytes, int, int]], sorted_: SortedPostings, limit: int) -> None:
        a = np.fromiter((r[1] for r in ranges), dtype=np.int64, count=len(ranges))
        b = np.fromiter((r[2] for r in ranges), dtype=np.int64, count=len(ranges))
        blocks = (b - a + limit - 1) // limit
        first_block = np.concatenate(([0], np.cumsum(blocks)))
        term = np.repeat(np.arange(len(ranges)), blocks)
        starts = a[term] + (np.arange(int(first_block[-1])) - first_block[:-1][term]) * limit
        stops = np.minimum(starts + limit, b[term])
        ids = np.frombuffer(sorted_.ids, dtype="<u4")
        weights = np.frombuffer(sorted_.weights, dtype="<f4")
        lengths = sorted_.lengths
        block_max = np.maximum.reduceat(weights, starts)
        low, high = np.minimum.reduceat(lengths, starts), np.maximum.reduceat(lengths, starts)
        on_term = first_block[:-1]
        self.first_block: list[int] = first_block.tolist()
        self.starts: list[int] = starts.tolist()
        self.stops: list[int] = stops.tolist()
        same = np.minimum.reduceat(weights, starts) == block_max
        self.same: list[bool] = same.tolist()
        self.block_max: list[float] = block_max.tolist()
        last_ids = ids[stops - 1]
        self.last_ids: list[int] = last_ids.tolist()
        # Lengths as the bytes the block infos and term infos store (one Python call a block and a term was 10%
        # of a commit).
        low_bytes, high_bytes = _length_byte_array(low), _length_byte_array(high)
        self.low, self.high = low_bytes.tolist(), high_bytes.tolist()
        # the same as arrays, for _positional_step (a few bytes a block)
        self.arrays = _PlanArrays(first_block, same, block_max, last_ids.astype(np.int64), low_bytes, high_bytes)
        # Whoosh adds the float32 weights as Python floats: float64, in order (weights are whole numbers of
        # positions here, so the sum is exact whatever the order).
        # Each term's info (Whoosh's ``W3TermInfo``, as ``_FieldWriter._write_terms`` packs them), its postings'
        # place in the file aside.
        infos = np.zeros(len(ranges), dtype=_TERM_INFO_ARRAY)
        infos["total"] = np.add.reduceat(weights.astype(np.float64), a)
        infos["count"] = b - a
        infos["low"] = _length_byte_array(np.minimum.reduceat(low, on_term))
        infos["high"] = _length_byte_array(np.maximum.reduceat(high, on_term))
        infos["max"] = np.maximum.reduceat(block_max, on_term)
        infos["first"] = ids[a]
        infos["last"] = ids[b - 1]
        self.infos = infos
        self.block_starts, self.block_stops = starts, stops  # for _NarrowPositions


class _NarrowPositions:
    """The numbers of each block of a field with positions, as ``_positions_block`` writes them, for a whole
    field: each block's width (the narrowest that holds its largest), first id, first and last place, worked out
    for all blocks at once (arrays: a few bytes a block). The blocks' bytes are made a step of blocks at a time
    (``_positional_step``), each step's numbers narrowed apart: no whole-field copy of them is made."""

    def __init__(self, sorted_: SortedPostings, plan: _BlockPlan) -> None:
        assert sorted_.counts is not None and sorted_.places is not None and sorted_.ends is not None
        starts = plan.block_starts
        self.counts, self.places, self.ends = sorted_.counts, sorted_.places, sorted_.ends
        ids = np.frombuffer(sorted_.ids, dtype="<u4").astype(np.int64)
        self.gaps = np.diff(ids, prepend=ids[:1])
        self.gaps[starts] = 0  # each block starts from its first id
        self.first_ids = ids[starts]
        del ids
        weights = np.frombuffer(sorted_.weights, dtype="<f4")
        self.weights_are_counts = np.minimum.reduceat(weights == self.counts, starts)
        running = np.cumsum(self.counts)
        tops = np.maximum.reduceat(self.places, running - self.counts) if len(self.places) else \
            np.zeros(len(self.counts), dtype=np.int64)  # each posting's largest position
        del running
        self.gap_width = _widths(np.maximum.reduceat(self.gaps, starts))
        self.count_width = _widths(np.maximum.reduceat(self.counts, starts))
        self.place_width = _widths(np.maximum.reduceat(tops, starts))
        del tops
        # each block's positions: places[place_from[block]:place_to[block]]
        self.place_to = self.ends[plan.block_stops - 1].astype(np.int64)
        self.place_from = np.where(starts > 0, self.ends[np.maximum(starts - 1, 0)], 0).astype(np.int64)

    def block(self, weights: float | bytes | None, block: int, first: int, end: int) -> bytes:
        """Block ``block`` (postings ``first:end``) with ``weights`` as Whoosh's forms store them, or None: the
        pickle of ``_positions_block`` (``_positional_step`` makes most blocks without it)."""
        gw, cw, pw = int(self.gap_width[block]), int(self.count_width[block]), int(self.place_width[block])
        if isinstance(weights, bytes) and self.weights_are_counts[block]:
            weights = _WEIGHTS_ARE_COUNTS
        return dumps((int(self.first_ids[block]), gw, _narrow(self.gaps[first:end], gw), weights, cw,
                      _narrow(self.counts[first:end], cw), pw,
                      _narrow(self.places[int(self.place_from[block]):int(self.place_to[block])], pw)), 5)


def _widths(tops: Array) -> Array:
    """The narrowest width (1, 2 or 4 bytes) holding each number."""
    return np.where(tops < 0x100, 1, np.where(tops < 0x10000, 2, 4))


# A block's bytes in the postings file (``add_sorted``, positions: ``_positional_step``), as pieces: the pieces of
# fixed width are columns of one row a block (``_ROW``: each the widest it can be, its bytes used from the left),
# the data (ids' gaps, weights, counts, positions) slices of the step's arrays.
_ROW = {name: (at, width) for name, at, width in (
    ("length", 0, 4), ("info", 4, 3),  # the block's length (>i4), the info's pickle's start: PROTO 2, MARK
    ("count", 7, 5), ("last", 12, 5),  # BININT1, BININT2 or BININT (little-endian): the block's postings, last id
    ("w", 17, 9), ("info_end", 26, 10),  # BINFLOAT (big-endian); 0, low, high as BININT1, TUPLE, BINPUT 0, STOP
    ("data", 36, 12),  # the data's pickle: PROTO 5, FRAME (its length, <u8), MARK
    ("first", 48, 5), ("gaps", 53, 7),  # the first id; the gaps' width, SHORT_BINBYTES or BINBYTES and the length
    ("weights", 60, 10),  # MEMOIZE (the gaps); the weights: NONE, BINFLOAT, or bytes (the marker or float32s)
    ("counts", 70, 8),  # MEMOIZE (the weights' bytes), the counts' width, their bytes' header
    ("places", 78, 8),  # MEMOIZE (the counts), the positions' width, their bytes' header
    ("end", 86, 4))}  # MEMOIZE (the positions), TUPLE, MEMOIZE, STOP
_ROW_SIZE = 90
# A step of blocks made at once: at most this many blocks and this many positions (unless one block holds more),
# so that what a step allocates (about 400 bytes a block and 3 a position) is a constant, not a share of the
# segment: a 100k build's commits are the peak of its memory.
_STEP_BLOCKS = 4096
_STEP_PLACES = 1 << 20
_FRAME_MAX = 60_000  # a larger pickle may be framed in pieces (pickle.py's _FRAME_SIZE_TARGET, 64 KB): made by dumps


def _int_opcode(values: Array) -> tuple[Array, Array]:
    """pickle's BININT1, BININT2 or BININT of each value (< 2**31): 5 bytes (the opcode, 4 little-endian), and
    how many of them it takes."""
    row = np.empty((len(values), 5), dtype=np.uint8)
    row[:, 0] = np.where(values < 0x100, ord("K"), np.where(values < 0x10000, ord("M"), ord("J")))
    row[:, 1:] = values.astype("<i4").view(np.uint8).reshape(-1, 4)
    return row, np.where(values < 0x100, 2, np.where(values < 0x10000, 3, 5))


def _bytes_opcode(sizes: Array) -> tuple[Array, Array]:
    """pickle's SHORT_BINBYTES or BINBYTES header for bytes of each size (< 2**32)."""
    row = np.empty((len(sizes), 5), dtype=np.uint8)
    row[:, 0] = np.where(sizes < 0x100, ord("C"), ord("B"))
    row[:, 1:] = sizes.astype("<u4").view(np.uint8).reshape(-1, 4)
    return row, np.where(sizes < 0x100, 2, 5)


def _steps(narrow: _NarrowPositions, count: int) -> list[tuple[int, int]]:
    """The field's blocks cut in steps (``_STEP_BLOCKS``, ``_STEP_PLACES``)."""
    steps = []
    lo = 0
    place_to = narrow.place_to
    while lo < count:
        hi = min(count, lo + _STEP_BLOCKS)
        hi = max(lo + 1, min(hi, int(np.searchsorted(place_to, int(narrow.place_from[lo]) + _STEP_PLACES,
                                                      side="right"))))
        steps.append((lo, hi))
        lo = hi
    return steps


def _positional_postings(sorted_: SortedPostings, plan: _BlockPlan, write: Callable[[Array], Any]) -> Array:
    """The postings of a field with positions, term after term (each term's header and its blocks), given to
    ``write`` a step of blocks at a time (``_positional_step``), and where each term's begin and the last ends
    (from 0)."""
    narrow = _NarrowPositions(sorted_, plan)
    count = len(plan.starts)
    sizes = np.empty(count, dtype=np.int64)  # each block's bytes
    for lo, hi in _steps(narrow, count):
        made, sizes[lo:hi] = _positional_step(sorted_, plan, narrow, lo, hi)
        write(made)
        del made
    block_at = np.cumsum(sizes) - sizes
    return np.append(block_at[plan.arrays.first_block[:-1]], int(sizes.sum()))


def _positional_step(sorted_: SortedPostings, plan: _BlockPlan, narrow: _NarrowPositions, lo: int,
                     hi: int) -> tuple[Array, Array]:
    """Blocks ``lo:hi`` of a field with positions, as the block loop writes them (each block's length, its info
    pickled with protocol 2, its data, ``_positions_block``, with protocol 5; a term's first block after the
    term's header), made at once: each block's pickles written as pickle writes them, their numbers in columns
    of a row a block, gathered with the step's numbers narrowed to each block's widths. A block that pickle
    would write otherwise (a frame over 60 KB, numbers of 4 bytes, no positions, a count of 0 as its gaps' byte)
    is made by ``_NarrowPositions.block``. The bytes, and each block's size."""
    arrays = plan.arrays
    count = hi - lo
    starts, stops = plan.block_starts[lo:hi], plan.block_stops[lo:hi]
    postings = stops - starts
    p0, p1 = int(starts[0]), int(stops[-1])  # the step's postings, and its positions
    q0, q1 = int(narrow.place_from[lo]), int(narrow.place_to[hi - 1])
    first_block = arrays.first_block
    first_of_term = np.zeros(count, dtype=bool)
    term_firsts = first_block[np.searchsorted(first_block, lo):np.searchsorted(first_block, hi)]
    first_of_term[term_firsts - lo] = True
    last_of_term = np.zeros(count, dtype=bool)
    term_lasts = first_block[np.searchsorted(first_block, lo + 1):np.searchsorted(first_block, hi + 1)] - 1
    last_of_term[term_lasts - lo] = True
    gw, cw, pw = narrow.gap_width[lo:hi], narrow.count_width[lo:hi], narrow.place_width[lo:hi]
    place_from, place_to = narrow.place_from[lo:hi], narrow.place_to[lo:hi]
    places = place_to - place_from
    first_ids = narrow.first_ids[lo:hi]
    last_ids = arrays.last_ids[lo:hi]
    # The weights: None (all 1), one float (all the same), the marker (each the posting's count) or float32s.
    same, block_max = arrays.same[lo:hi], arrays.block_max[lo:hi]
    as_counts = ~same & narrow.weights_are_counts[lo:hi].astype(bool)
    as_floats = ~same & ~as_counts
    weight_bytes = np.where(as_floats, 4 * postings, 0)
    row = np.zeros((count, _ROW_SIZE), dtype=np.uint8)
    lengths: dict[str, Array] = {}

    def put(name: str, values: Array, used: Array | int) -> None:
        at, _ = _ROW[name]
        row[:, at:at + values.shape[1]] = values
        lengths[name] = np.broadcast_to(np.asarray(used, dtype=np.int64), (count,))

    put("info", np.frombuffer(b"\x80\x02(", dtype=np.uint8)[None, :], 3)
    put("count", *_int_opcode(postings))
    put("last", *_int_opcode(last_ids))
    floats = np.empty((count, 9), dtype=np.uint8)
    floats[:, 0] = ord("G")
    floats[:, 1:] = block_max.astype(">f8").view(np.uint8).reshape(-1, 8)
    put("w", floats, 9)
    info_end = np.empty((count, 10), dtype=np.uint8)
    info_end[:] = np.frombuffer(b"K\x00K\x00K\x00tq\x00.", dtype=np.uint8)
    info_end[:, 3] = arrays.low[lo:hi]
    info_end[:, 5] = arrays.high[lo:hi]
    put("info_end", info_end, 10)
    put("first", *_int_opcode(first_ids))
    gaps_head, gaps_used = _bytes_opcode(gw * postings)
    put("gaps", np.concatenate((np.full((count, 1), ord("K"), dtype=np.uint8), gw[:, None].astype(np.uint8),
                                gaps_head), axis=1), gaps_used + 2)
    weights = np.zeros((count, 10), dtype=np.uint8)
    weights[:, 0] = 0x94  # MEMOIZE (the gaps)
    weights[:, 1] = np.where(same, np.where(block_max == 1.0, ord("N"), ord("G")), ord("C"))
    weights[:, 2:] = np.where(same[:, None], floats[:, 1:], 0)
    float_head, float_used = _bytes_opcode(weight_bytes)
    weights[as_floats, 1:6] = float_head[as_floats]
    put("weights", weights, 1 + np.where(same, np.where(block_max == 1.0, 1, 9),
                                         np.where(as_counts, 2, float_used)))
    counts_head, counts_used = _bytes_opcode(cw * postings)
    memo = (~same).astype(np.int64)  # MEMOIZE after the weights when they are bytes
    counts_row = np.zeros((count, 8), dtype=np.uint8)
    counts_row[:, 0] = 0x94
    for with_memo in (0, 1):
        chosen = memo == with_memo
        counts_row[chosen, with_memo] = ord("K")
        counts_row[chosen, with_memo + 1] = cw[chosen]
        counts_row[chosen, with_memo + 2:with_memo + 7] = counts_head[chosen]
    put("counts", counts_row, memo + 2 + counts_used)
    places_head, places_used = _bytes_opcode(pw * places)
    put("places", np.concatenate((np.full((count, 1), 0x94, dtype=np.uint8),
                                  np.full((count, 1), ord("K"), dtype=np.uint8), pw[:, None].astype(np.uint8),
                                  places_head), axis=1), places_used + 3)
    # A bytes object of one byte is one of Python's 256 cached objects: one equal to an earlier one in the tuple
    # is the same object, pickled as a reference to it (BINGET of its memo entry, not memoized again). The gaps
    # of a single posting are b"\x00" (memo 0), its count b"\x01" or more (memo 1, or 2 after weights as bytes):
    # a single position equal to either is the case (a count equal to the gaps' byte: by the block's pickle).
    single_gap = (postings == 1) & (gw == 1)
    single_count = (postings == 1) & (cw == 1)
    single_place = (places == 1) & (pw == 1)
    count_byte = narrow.counts[starts]
    place_byte = narrow.places[np.minimum(place_from, max(len(narrow.places) - 1, 0))] if len(narrow.places) else \
        np.zeros(count, dtype=np.int64)
    counts_again = single_count & single_gap & (count_byte == 0)
    again_gap = single_place & single_gap & (place_byte == 0)
    again_count = single_place & single_count & (place_byte == count_byte) & ~again_gap
    again = again_gap | again_count
    places_at = _ROW["places"][0]
    row[again, places_at + 3] = ord("h")
    row[again, places_at + 4] = np.where(again_gap, 0, np.where(same, 1, 2))[again]
    lengths["places"] = np.where(again, 5, lengths["places"])
    places_data = np.where(again, 0, pw * places)
    end_row = np.empty((count, 4), dtype=np.uint8)
    end_row[:] = np.frombuffer(b"\x94t\x94.", dtype=np.uint8)
    end_row[again, :3] = np.frombuffer(b"t\x94.", dtype=np.uint8)
    put("end", end_row, np.where(again, 3, 4))
    payload = (1 + lengths["first"] + lengths["gaps"] + gw * postings + lengths["weights"] + weight_bytes
               + lengths["counts"] + cw * postings + lengths["places"] + places_data + lengths["end"])
    data = np.zeros((count, 12), dtype=np.uint8)
    data[:, :3] = np.frombuffer(b"\x80\x05\x95", dtype=np.uint8)
    data[:, 3:11] = payload.astype("<u8").view(np.uint8).reshape(-1, 8)
    data[:, 11] = ord("(")
    put("data", data, 12)
    info_size = 3 + lengths["count"] + lengths["last"] + 9 + 10
    block_size = info_size + 3 + 8 + payload
    put("length", np.where(last_of_term, -block_size, block_size).astype(">i4").view(np.uint8).reshape(-1, 4), 4)
    # Blocks made by their pickle: their bytes a piece of their own (the row's pieces left empty).
    slow = ((payload > _FRAME_MAX) | (places == 0) | counts_again | (gw == 4) | (cw == 4) | (pw == 4)
            | (first_ids >= 2**31) | (last_ids >= 2**31))
    extra = bytearray()
    extra_at = np.zeros(count, dtype=np.int64)
    extra_size = np.zeros(count, dtype=np.int64)
    if slow.any():
        weights_all = sorted_.weights
        for at in np.flatnonzero(slow).tolist():
            block = lo + at
            first, end = plan.starts[block], plan.stops[block]
            w = plan.block_max[block]
            mini = (None if w == 1.0 else w) if plan.same[block] else weights_all[4 * first:4 * end]
            databytes = narrow.block(mini, block, first, end)
            infobytes = dumps((end - first, plan.last_ids[block], w, 0, plan.low[block], plan.high[block]), 2)
            blocklength = len(infobytes) + len(databytes)
            extra_at[at] = len(extra)
            extra += _BLOCK_INFO_END.pack(-blocklength if last_of_term[at] else blocklength)
            extra += infobytes
            extra += databytes
            extra_size[at] = len(extra) - extra_at[at]
    # The gathering's source, allocated once and filled in place: the rows, the term header, the step's weights,
    # its gaps, counts and positions at each width some block takes, the slow blocks' bytes.
    fast = ~slow
    magic = np.frombuffer(WHOOSH3_HEADER_MAGIC, dtype=np.uint8)
    weights_step = np.frombuffer(sorted_.weights, dtype=np.uint8)[4 * p0:4 * p1]
    magic_at = row.size
    base: dict[str, int] = {"weights": magic_at + len(magic)}
    total = base["weights"] + len(weights_step)
    copies: list[tuple[str, Array, int]] = []
    for name, values, width in (("gaps", narrow.gaps[p0:p1], gw), ("counts", narrow.counts[p0:p1], cw),
                                ("places", narrow.places[q0:q1], pw)):
        for w in (1, 2):
            if (fast & (width == w)).any():
                base[f"{name}{w}"] = total
                copies.append((name, values, w))
                total += w * len(values)
    base["extra"] = total
    source = np.empty(total + len(extra), dtype=np.uint8)
    source[:magic_at] = row.reshape(-1)
    source[magic_at:base["weights"]] = magic
    source[base["weights"]:base["weights"] + len(weights_step)] = weights_step
    for name, values, w in copies:  # (the numbers cast to w bytes, little-endian, as ``_narrow`` makes them)
        at = base[f"{name}{w}"]
        source[at:at + w * len(values)].view(_WIDTHS[w])[...] = values
    source[total:] = np.frombuffer(extra, dtype=np.uint8)
    row = np.empty((0, _ROW_SIZE), dtype=np.uint8)  # (let go: ``put`` holds it by name)
    del extra, copies
    row_at = np.arange(count, dtype=np.int64) * _ROW_SIZE

    def in_row(name: str) -> tuple[Array, Array]:
        return row_at + _ROW[name][0], np.where(fast, lengths[name], 0)

    def data_piece(name: str, width: Array, first: Array, size: Array) -> tuple[Array, Array]:
        at = np.zeros(count, dtype=np.int64)
        for w in (1, 2):
            if f"{name}{w}" in base:
                at = np.where(width == w, base[f"{name}{w}"] + w * first, at)
        return at, np.where(fast, width * size, 0)

    order = [
        (np.full(count, magic_at, dtype=np.int64), np.where(first_of_term, 4, 0)),
        (np.where(fast, row_at + _ROW["length"][0], base["extra"] + extra_at), np.where(fast, 7, extra_size)),
        in_row("count"), in_row("last"),
        (row_at + _ROW["w"][0], np.where(fast, 9 + 10 + 12, 0)),  # w, info_end and data side by side
        in_row("first"), in_row("gaps"),
        data_piece("gaps", gw, starts - p0, postings),
        in_row("weights"),
        (base["weights"] + 4 * (starts - p0), np.where(fast, weight_bytes, 0)),
        in_row("counts"),
        data_piece("counts", cw, starts - p0, postings),
        in_row("places"),
        data_piece("places", pw, place_from - q0, np.where(again, 0, places)),
        in_row("end"),
    ]
    pieces_size = np.stack([size for _, size in order], axis=1).reshape(-1)
    made = _gathered(source, np.stack([at for at, _ in order], axis=1).reshape(-1), pieces_size)
    return made, pieces_size.reshape(count, len(order)).sum(axis=1)


_POINTER = struct.Struct("!Iq")  # a hash table slot (whoosh.filedb.filetables._pointer): hash, key position
_EMPTY_SLOT = _POINTER.pack(0, 0)
_SLOT = np.dtype([("hash", ">u4"), ("position", ">i8")])  # the same, as numpy writes a whole table of them


class _TermsHashWriter(OrderedHashWriter):  # type: ignore[misc]
    """Whoosh's term file writer, its 256 hash tables written at once: the same slots (the same linear probing,
    in the same order). The keys written a field at a time (``_FieldWriter._write_terms``) come as arrays
    of hashes and positions (``add_hashes``) instead of an entry a key in ``buckets``; their tables are made
    with numpy, the k-th key of every table placed in the same step (``_tables``)."""

    _pending: list[tuple[Array, Array]]

    def add_hashes(self, hashes: Array, positions: Array) -> None:
        """Keys added in order, by their hashes and positions (as ``add`` appends them to ``buckets``)."""
        if not hasattr(self, "_pending"):
            self._pending = []
        self._pending.append((hashes, positions))

    def _settle(self) -> None:
        """The keys given as arrays appended to ``buckets``, in their order (before a key added by ``add``)."""
        for hashes, positions in getattr(self, "_pending", ()):
            buckets = self.buckets
            for h, pos in zip(hashes.tolist(), positions.tolist(), strict=True):
                buckets[h & 255].append((h, pos))
        self._pending = []

    def add(self, key: bytes, value: bytes) -> None:
        self._settle()
        super().add(key, value)

    def _write_hashes(self) -> None:
        pending = getattr(self, "_pending", [])
        if pending and not any(self.buckets):
            hashes = np.concatenate([h for h, _ in pending]).astype(np.int64)
            positions = np.concatenate([p for _, p in pending]).astype(np.int64)
            self._pending = []
            self._tables(hashes, positions)
            return
        self._settle()
        dbfile = self.dbfile
        pack = _POINTER.pack
        for entries in self.buckets:
            self.directory.append((dbfile.tell(), 2 * len(entries)))
            numslots = 2 * len(entries)
            table: list[bytes | None] = [None] * numslots
            for hashval, position in entries:
                slot = (hashval >> 8) % numslots
                while table[slot] is not None:
                    slot = (slot + 1) % numslots
                table[slot] = pack(hashval, position)
            dbfile.write(b"".join([_EMPTY_SLOT if entry is None else entry for entry in table]))

    def _tables(self, hashes: Array, positions: Array) -> None:
        """The 256 tables of the keys ``hashes`` and ``positions`` (in the order they were added), as Whoosh's
        ``_write_hashes`` makes them: table ``b`` holds the keys whose hash ends in byte ``b``, in 2 slots a key,
        each key at its hash's slot (``(hash >> 8) % slots``) or the first free one after it (wrapping), keys
        placed in the order they were added. All tables are filled at once: step k places the k-th key of
        every table (its probing a few vectorized steps over the tables still probing)."""
        bucket = hashes & 255
        order = np.argsort(bucket, kind="stable")  # each table's keys, in the order added
        counts = np.bincount(bucket, minlength=256)
        sizes = 2 * counts
        table_start = np.concatenate(([0], np.cumsum(sizes)))
        taken = np.zeros(int(table_start[-1]), dtype=bool)
        slots = np.zeros(int(table_start[-1]), dtype=_SLOT)
        key_start = np.concatenate(([0], np.cumsum(counts)))
        by_rank = np.argsort(-counts, kind="stable")  # tables by their number of keys, the fullest first
        ranked_counts = counts[by_rank]
        for k in range(int(counts.max()) if len(hashes) else 0):
            tables = by_rank[:int(np.searchsorted(-ranked_counts, -k, side="left"))]  # tables with a k-th key
            keys = order[key_start[tables] + k]
            size = sizes[tables]
            slot = (hashes[keys] >> 8) % size
            base = table_start[tables]
            busy = taken[base + slot]
            while busy.any():
                slot[busy] = (slot[busy] + 1) % size[busy]
                busy[busy] = taken[base[busy] + slot[busy]]
            at = base + slot
            taken[at] = True
            slots["hash"][at] = hashes[keys]
            slots["position"][at] = positions[keys]
        dbfile = self.dbfile
        start = dbfile.tell()
        self.directory.extend(zip((start + _SLOT.itemsize * table_start[:-1]).tolist(), sizes.tolist(), strict=True))
        dbfile.write(slots.tobytes())


def _extend_growable(growable: Any, values: list[int]) -> None:
    """Whoosh's ``GrowableArray.extend`` (an append a value, the array widened when one does not fit), at once:
    widened once, for the largest value, to the type the appends one by one would end with (the narrowest of its
    types that holds the largest value)."""
    if not values:
        return
    if isinstance(growable.array, array):
        try:
            more = array(growable.array.typecode, values)
        except OverflowError:
            growable._retype(max(values))
            more = array(growable.array.typecode, values) if isinstance(growable.array, array) else values
        growable.array.extend(more)
    else:
        growable.array.extend(values)


_GATHER_BYTES = 1 << 17  # the bytes gathered a step: its index (8 bytes a byte) small enough to be reused memory


def _gathered(source: Array, pieces_from: Array, pieces_size: Array) -> Array:
    """The pieces ``source[pieces_from[i]:pieces_from[i] + pieces_size[i]]`` (bytes) joined, gathered with numpy a
    step of pieces at a time (each step's index array allocated anew would cost its pages' first touch)."""
    ends = np.cumsum(pieces_size)
    total = int(ends[-1]) if len(ends) else 0
    out = np.empty(total, dtype=np.uint8)
    cuts = [0, *np.searchsorted(ends, np.arange(_GATHER_BYTES, total, _GATHER_BYTES), side="right").tolist(),
            len(ends)]
    ramp = np.arange(2 * _GATHER_BYTES, dtype=np.int64)
    starts = ends - pieces_size
    for p, q in zip(cuts, cuts[1:], strict=False):
        if p == q:
            continue
        at = int(starts[p])
        size = int(ends[q - 1]) - at
        index = np.repeat(pieces_from[p:q] - (starts[p:q] - at), pieces_size[p:q])
        index += ramp[:size] if size <= len(ramp) else np.arange(size)
        np.take(source, index, out=out[at:at + size])
    return out


@dataclass(slots=True)
class _Ahead:
    """A field's postings as written to the postings file (``_FieldWriter.postings_ahead``): term ``t``'s are
    ``data[offsets[t]:offsets[t + 1]]``."""

    plan: _BlockPlan
    data: bytearray
    offsets: list[int]


def _term_blocks(ranges: list[tuple[bytes, int, int]], sorted_: SortedPostings, plan: _BlockPlan,
                 compression: int) -> tuple[bytearray, list[int]]:
    """The postings of a field without positions, term after term: each term's header and blocks (Whoosh's
    framing, our blocks: module docstring), and where each term's begin. Made a step of blocks at a time with
    numpy (``_plain_step``: at most ``_STEP_BLOCKS`` blocks and ``_STEP_POSTINGS`` postings, so that what a step
    allocates is a constant, not a share of the field: made at once, they held 15 MB more at a 100k commit's
    peak) unless its values are not 4 bytes a posting (``_term_blocks_one_by_one``)."""
    values_all = sorted_.values
    if values_all is not None and len(values_all) != len(sorted_.ids):
        return _term_blocks_one_by_one(ranges, sorted_, plan, compression)
    count = len(plan.starts)
    post = bytearray()
    block_at = np.empty(count + 1, dtype=np.int64)
    first_block = plan.arrays.first_block
    first_of_term = np.zeros(count, dtype=bool)
    first_of_term[first_block[:-1]] = True
    last_of_term = np.zeros(count, dtype=bool)
    last_of_term[first_block[1:] - 1] = True
    stops = plan.block_stops
    lo = 0
    while lo < count:
        hi = min(count, lo + _STEP_BLOCKS)
        hi = max(lo + 1, min(hi, int(np.searchsorted(stops, int(plan.block_starts[lo]) + _STEP_POSTINGS,
                                                      side="right"))))
        made, sizes = _plain_step(sorted_, plan, lo, hi, first_of_term[lo:hi], last_of_term[lo:hi], compression)
        block_at[lo:hi] = np.cumsum(sizes) - sizes + len(post)
        post += made.data
        del made
        lo = hi
    block_at[count] = len(post)
    return post, [*block_at[first_block[:-1]].tolist(), len(post)]


_STEP_POSTINGS = 1 << 18


def _term_blocks_one_by_one(ranges: list[tuple[bytes, int, int]], sorted_: SortedPostings, plan: _BlockPlan,
                            compression: int) -> tuple[bytearray, list[int]]:
    """``_term_blocks``' bytes made a block at a time (``_block``)."""
    post = bytearray()
    offsets: list[int] = []
    ids_all, weights_all, values_all = sorted_.ids, sorted_.weights, sorted_.values
    starts, stops, same, block_max = plan.starts, plan.stops, plan.same, plan.block_max
    last_ids, low, high, first_block = plan.last_ids, plan.low, plan.high, plan.first_block
    for t, (_, _, b) in enumerate(ranges):
        offsets.append(len(post))
        post += WHOOSH3_HEADER_MAGIC
        for block in range(first_block[t], first_block[t + 1]):
            first, end = starts[block], stops[block]
            post += _block(ids_all, weights_all, values_all, first, end, block_max[block], same[block],
                           last_ids[block], low[block], high[block], compression, end == b)
    offsets.append(len(post))
    return post, offsets


def _plain_step(sorted_: SortedPostings, plan: _BlockPlan, lo: int, hi: int, first_of_term: Array,
                last_of_term: Array, compression: int) -> tuple[Array, Array]:
    """Blocks ``lo:hi`` of a field without positions as ``_block`` makes them (each term's header before its
    first), and each one's bytes: every block's data pickle (protocol 5: the ids' bytes, the weights as None, a
    float or bytes, the values' bytes or None; a tuple of 3) written as pickle writes it and gathered, those of
    512 bytes or more compressed one by one, then each block's length and info pickle (protocol 2) put before its
    data. A pickle that pickle would frame in pieces (over 60 KB) is made by ``dumps`` (``_block``)."""
    arrays = plan.arrays
    count = hi - lo
    starts, stops = plan.block_starts[lo:hi], plan.block_stops[lo:hi]
    p0, p1 = int(starts[0]), int(stops[-1])
    postings = stops - starts
    same, block_max = arrays.same[lo:hi], arrays.block_max[lo:hi]
    with_values = sorted_.values is not None
    weight_bytes = np.where(same, 0, 4 * postings)
    ids_head, ids_used = _bytes_opcode(4 * postings)
    # the data pickle: PROTO, FRAME and its length, the ids, MEMOIZE, the weights (and MEMOIZE), the values (and
    # MEMOIZE) or NONE, TUPLE3, MEMOIZE, STOP
    row = np.zeros((count, 48), dtype=np.uint8)
    row[:, 0:3] = np.frombuffer(b"\x80\x05\x95", dtype=np.uint8)
    row[:, 11:16] = ids_head
    row[:, 16] = 0x94
    floats = block_max.astype(">f8").view(np.uint8).reshape(-1, 8)
    row[:, 17] = np.where(same, np.where(block_max == 1.0, ord("N"), ord("G")), 0)
    row[:, 18:26] = np.where((same & (block_max != 1.0))[:, None], floats, 0)
    weights_head, weights_used = _bytes_opcode(weight_bytes)
    row[~same, 17:22] = weights_head[~same]
    weights_size = np.where(same, np.where(block_max == 1.0, 1, 9), weights_used)
    # after the weights' bytes: MEMOIZE when they are bytes, then the values' header (or NONE)
    values_head, values_used = _bytes_opcode(4 * postings)
    memo = (~same).astype(np.int64)
    tail_size = memo + (values_used if with_values else 1)
    for with_memo in (0, 1):
        chosen = memo == with_memo
        row[chosen, 26] = 0x94
        if with_values:
            row[chosen, 26 + with_memo:31 + with_memo] = values_head[chosen]
        else:
            row[chosen, 26 + with_memo] = ord("N")
    end_row = np.frombuffer(b"\x94\x87\x94." if with_values else b"\x87\x94.", dtype=np.uint8)
    row[:, 32:32 + len(end_row)] = end_row
    values_size = 4 * postings if with_values else np.zeros(count, dtype=np.int64)
    payload = ids_used + 4 * postings + 1 + weights_size + weight_bytes + tail_size + values_size + len(end_row)
    row[:, 3:11] = payload.astype("<u8").view(np.uint8).reshape(-1, 8)
    pickled = 11 + payload
    slow = payload > _FRAME_MAX
    fast = ~slow
    size = 4 * (p1 - p0)
    ids_at, weights_at = 0, size
    values_at = 2 * size
    rows_at = values_at + (size if with_values else 0)
    source = np.concatenate([np.frombuffer(sorted_.ids, dtype=np.uint8)[4 * p0:4 * p1],
                             np.frombuffer(sorted_.weights, dtype=np.uint8)[4 * p0:4 * p1],
                             np.frombuffer(sorted_.values or b"", dtype=np.uint8)[4 * p0:4 * p1], row.reshape(-1)])
    row_at = rows_at + np.arange(count, dtype=np.int64) * row.shape[1]
    local = starts - p0
    order = [
        (row_at, np.where(fast, 11 + ids_used, 0)),  # PROTO, FRAME, the ids' header
        (ids_at + 4 * local, np.where(fast, 4 * postings, 0)),
        (row_at + 16, np.where(fast, 1 + np.where(same, weights_size, weights_used), 0)),
        (weights_at + 4 * local, np.where(fast, weight_bytes, 0)),
        (row_at + 26, np.where(fast, tail_size, 0)),
        (values_at + 4 * local, np.where(fast, values_size, 0)),
        (row_at + 32, np.where(fast, len(end_row), 0)),
    ]
    data = _gathered(source, np.stack([a for a, _ in order], axis=1).reshape(-1),
                     np.stack([n for _, n in order], axis=1).reshape(-1))
    del source, row
    data_at = np.cumsum(np.where(fast, pickled, 0)) - np.where(fast, pickled, 0)
    # compressed (or made by dumps): their bytes in ``extra``
    comp = np.where(pickled >= COMPRESS_MIN_BYTES, compression, 0) if compression else np.zeros(count, np.int64)
    extra = bytearray()
    extra_at = np.zeros(count, dtype=np.int64)
    data_size = np.where(fast, pickled, 0)
    in_extra = (comp > 0) | slow
    ids_all, weights_all, values_all = sorted_.ids, sorted_.weights, sorted_.values
    view = data.data  # (a memoryview)
    for block in np.flatnonzero(in_extra).tolist():
        if slow[block]:
            first, end = plan.starts[lo + block], plan.stops[lo + block]
            w = plan.block_max[lo + block]
            mini = (None if w == 1.0 else w) if plan.same[lo + block] else weights_all[4 * first:4 * end]
            vs = None if values_all is None else values_all[4 * first:4 * end]
            pickle_bytes: Any = dumps((ids_all[4 * first:4 * end], mini, vs), 5)
        else:
            at = int(data_at[block])
            pickle_bytes = view[at:at + int(pickled[block])]
        packed = zlib.compress(pickle_bytes, compression) if comp[block] else pickle_bytes
        extra_at[block] = len(extra)
        data_size[block] = len(packed)
        extra += packed
    # the info pickle: PROTO, MARK, postings, last id, the largest weight, compression, low, high, TUPLE, BINPUT 0,
    # STOP; the block's length before it
    info = np.zeros((count, 36), dtype=np.uint8)
    count_op, count_used = _int_opcode(postings)
    last_op, last_used = _int_opcode(arrays.last_ids[lo:hi])
    info[:, 4:7] = np.frombuffer(b"\x80\x02(", dtype=np.uint8)
    info[:, 7:12] = count_op
    info[:, 12:17] = last_op
    info[:, 17] = ord("G")
    info[:, 18:26] = floats
    info[:, 26:36] = np.frombuffer(b"K\x00K\x00K\x00tq\x00.", dtype=np.uint8)
    info[:, 27] = comp
    info[:, 29] = arrays.low[lo:hi]
    info[:, 31] = arrays.high[lo:hi]
    info_size = 3 + count_used + last_used + 9 + 10
    block_size = info_size + data_size
    info[:, 0:4] = np.where(last_of_term, -block_size, block_size).astype(">i4").view(np.uint8).reshape(-1, 4)
    info_at = len(data)
    magic_at = info_at + info.size
    extra_from = magic_at + len(WHOOSH3_HEADER_MAGIC)
    source = np.concatenate([data, info.reshape(-1), np.frombuffer(WHOOSH3_HEADER_MAGIC, dtype=np.uint8),
                             np.frombuffer(extra, dtype=np.uint8)])
    view.release()
    del data, view, extra
    info_row = info_at + np.arange(count, dtype=np.int64) * info.shape[1]
    order = [
        (np.full(count, magic_at, dtype=np.int64), np.where(first_of_term, 4, 0)),
        (info_row, 4 + 3 + count_used),  # the length, PROTO, MARK, the postings
        (info_row + 12, last_used),
        (info_row + 17, np.full(count, 19, dtype=np.int64)),  # the weight, compression, low, high, to STOP
        (np.where(in_extra, extra_from + extra_at, data_at), data_size),
    ]
    pieces_size = np.stack([n for _, n in order], axis=1).reshape(-1)
    out = _gathered(source, np.stack([a for a, _ in order], axis=1).reshape(-1), pieces_size)
    return out, pieces_size.reshape(count, len(order)).sum(axis=1)


def _block(ids_all: bytes, weights_all: bytes, values_all: bytes | None, first: int, end: int, w: float, same: bool,
           last_id: int, low: int, high: int, compression: int, last: bool) -> bytes:
    """A block of a field without positions: its length, info and data."""
    mini = (None if w == 1.0 else w) if same else weights_all[4 * first:4 * end]
    vs = None if values_all is None else values_all[4 * first:4 * end]
    databytes = dumps((ids_all[4 * first:4 * end], mini, vs), 5)
    comp = compression if len(databytes) >= COMPRESS_MIN_BYTES else 0
    if comp:
        databytes = zlib.compress(databytes, comp)
    infobytes = dumps((end - first, last_id, w, comp, low, high), 2)
    blocklength = len(infobytes) + len(databytes)
    return _BLOCK_INFO_END.pack(-blocklength if last else blocklength) + infobytes + databytes


class _FieldWriter(W3FieldWriter):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tindex.__class__ = _TermsHashWriter  # created by Whoosh's __init__ as an OrderedHashWriter

    def postings_ahead(self, ranges: list[tuple[bytes, int, int]], sorted_: SortedPostings) -> _Ahead:
        """What ``add_sorted`` writes to the postings file for a field without positions (its terms' blocks,
        compressed), which depends on nothing written before it: the segment writer has it made in a thread
        while this one writes the fields before (zlib and numpy let both run at once)."""
        plan = _BlockPlan(ranges, sorted_, self._codec._blocklimit)
        return _Ahead(plan, *_term_blocks(ranges, sorted_, plan, self._codec._compression))

    def add_sorted(self, fieldname: str, fieldobj: Any, ranges: list[tuple[bytes, int, int]],
                   sorted_: SortedPostings, ahead: _Ahead | None = None) -> None:
        """A whole field's terms, each with its postings ``a:b`` of ``sorted_``: the bytes that ``start_term``,
        ``add_range`` and ``finish_term`` write one term at a time (same blocks, same term infos, same hash
        table entries; tests/index/test_bulk.py compares them with Whoosh's writer), built for the whole field
        with numpy where it pays (a positional field's blocks a step of blocks at a time, their pickles written as
        pickle writes them: ``_positional_postings``; the term records and their hash tables: ``_write_terms``;
        about 175,000 terms at the end of a 5k build, the serial end of the run). A field without positions has its
        postings made first (``postings_ahead``, or ``ahead`` made already), then its terms."""
        if sorted_.places is None:
            self._add_ahead(fieldname, fieldobj, ranges, ahead or self.postings_ahead(ranges, sorted_))
            return
        self.start_field(fieldname, fieldobj)
        postfile = self._postfile
        post_base = postfile.tell()
        plan = _BlockPlan(ranges, sorted_, self._codec._blocklimit)
        offsets = _positional_postings(sorted_, plan, postfile.write) + post_base
        self._write_terms(ranges, plan.infos, offsets)
        self.finish_field()

    def _add_ahead(self, fieldname: str, fieldobj: Any, ranges: list[tuple[bytes, int, int]], ahead: _Ahead) -> None:
        """``add_sorted`` of a field whose postings are made (``ahead``): its terms, pointing into them."""
        self.start_field(fieldname, fieldobj)
        post_base = self._postfile.tell()
        self._write_terms(ranges, ahead.plan.infos, np.array(ahead.offsets, dtype=np.int64) + post_base)
        self._postfile.write(ahead.data)
        self.finish_field()

    def _write_terms(self, ranges: list[tuple[bytes, int, int]], infos: Array, offsets: Array) -> None:
        """The term file's entries of the field started, for its terms (``ranges``' in increasing order) with
        their ``infos`` (``_BlockPlan.infos``) and their postings at ``offsets[t]:offsets[t + 1]`` of the postings
        file: the same bytes and hash table entries as Whoosh's ``finish_term`` a term at a time (a record a term:
        the key's and the value's lengths, the key, the value; the key's md5 hash and its place for the hash
        tables), made for all terms at once with numpy (the term bytes gathered into place)."""
        count = len(ranges)
        if not count:
            return
        tindex = self._tindex
        prefix = pack_ushort(self._fieldid)
        terms = [r[0] for r in ranges]
        if prefix + terms[0] <= tindex.lastkey or not all(map(operator.lt, terms, islice(terms, 1, None))):
            raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{prefix + terms[0]!r}")
        infos["offset"] = offsets[:-1]
        infos["length"] = np.diff(offsets)
        sizes = np.fromiter(map(len, terms), dtype=np.int64, count=count)
        head = np.empty(count, dtype=_RECORD_HEAD)
        head["key"] = sizes + len(prefix)
        head["value"] = _TERM_INFO_ARRAY.itemsize
        head["field"] = prefix
        # Each record is three pieces, gathered from one source: its head (the two lengths and the key's field
        # number), its term, its value.
        fixed = head.itemsize + infos.itemsize
        source = np.concatenate((head.view(np.uint8), infos.view(np.uint8),
                                 np.frombuffer(b"".join(terms), dtype=np.uint8)))
        term_from = len(source) - int(sizes.sum()) + np.cumsum(sizes) - sizes
        pieces_from = np.empty(3 * count, dtype=np.int64)
        pieces_from[0::3] = np.arange(count) * head.itemsize
        pieces_from[1::3] = term_from
        pieces_from[2::3] = count * head.itemsize + np.arange(count) * infos.itemsize
        pieces_size = np.empty(3 * count, dtype=np.int64)
        pieces_size[0::3] = head.itemsize
        pieces_size[1::3] = sizes
        pieces_size[2::3] = infos.itemsize
        records = _gathered(source, pieces_from, pieces_size)
        del source, pieces_from, pieces_size
        dbfile = tindex.dbfile
        positions = np.cumsum(sizes + fixed) - (sizes + fixed) + dbfile.tell()
        dbfile.write(records)
        del records
        if tindex.hashfn is md5_hash:  # (Whoosh's: the md5 digest's last 4 bytes, as a number)
            digests = b"".join([md5(prefix + term, usedforsecurity=False).digest() for term in terms])
            hashes = np.frombuffer(digests, dtype=">u4")[3::4].astype(np.int64)
        else:
            hashes = np.array([tindex.hashfn(prefix + term) for term in terms], dtype=np.int64)
        tindex.add_hashes(hashes, positions)
        tindex.lastkey = prefix + terms[-1]
        _extend_growable(tindex.index, positions.tolist())

    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        cached = _CachedLengths(lengths) if lengths else None
        lastfn = None
        lasttext = None
        postwriter: Any = None
        field_lengths: list[int] = []
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if lasttext is not None:
                    self.finish_term()
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                postwriter = self._postwriter
                field_lengths = cached.field(fieldname) if cached else []
                lastfn = fieldname
                lasttext = None
            if btext != lasttext:
                if lasttext is not None:
                    self.finish_term()
                self._btext = btext
                postwriter.start_postings(self._format, W3TermInfo())
                lasttext = btext
            length = field_lengths[docnum] if docnum < len(field_lengths) else 0
            postwriter.add_posting(docnum, weight, emptybytes if value is None else value, length)
        if lasttext is not None:
            self.finish_term()
        if lastfn is not None:
            self.finish_field()


class LeafMatcher(W3LeafMatcher):  # type: ignore[misc]
    """Whoosh's block matcher, reading the packed blocks written by ``_PostingsWriter``."""

    _data: Any

    def _block(self) -> Any:
        if self._data is None:
            self._read_data()
        return self._data

    def _read_gapped(self, block: tuple[Any, ...]) -> None:
        """A block of positions in our layout: its ids and weights decoded together, once."""
        ids, weights, _ = _block_arrays(block, self._blocklength, False)
        self._ids, self._weights = ids.tolist(), weights.tolist()

    def _read_ids(self) -> None:
        block = self._block()
        if len(block) == 8:
            self._read_gapped(block)
        else:
            self._ids = _unpacked("I", block[0])

    def _read_weights(self) -> None:
        block = self._block()
        if len(block) == 8:
            self._read_gapped(block)
        elif isinstance(block[1], bytes):
            self._weights = _unpacked("f", block[1])
        else:  # None (every weight 1.0) or one float for the block: Whoosh's own forms
            super()._read_weights()

    def _read_values(self) -> None:
        block = self._block()
        if len(block) == 3 and not isinstance(block[2], list):  # fixed-size values (joined), or none: Whoosh's
            super()._read_values()
            return
        found = _block_arrays(block, self._blocklength, True)[2]
        assert found is not None
        counts, places = found
        joined = places.astype("<u4").tobytes()
        ends = list(accumulate((counts.astype(np.int64) * 4).tolist()))
        self._values = tuple(joined[start:end] for start, end in zip([0, *ends], ends, strict=False))


def term_extent(value: bytes) -> tuple[int, int]:
    """Where a term's postings are in the postings file, from its term info (as ``_FieldWriter`` packs it)."""
    if value[0]:  # the codec never inlines postings (inlinelimit 1: every term has blocks)
        raise TypeError("inlined postings (not written by search.index.codec): rebuild the index")
    start, length = _EXTENT.unpack_from(value, _TERM_INFO.size)
    return int(start), int(length)


def term_frequency(value: bytes) -> int:
    """The documents holding a term (deleted ones included), from its term info (as ``_FieldWriter`` packs it)."""
    return int(_TERM_INFO.unpack_from(value)[2])


def raw_blocks(data: bytes, positions: bool = False) -> Iterator[tuple[int, Array, Array, tuple[Array, Array] | None]]:
    """A term's postings (its extent of the postings file, read in one piece), block by block: (postings, ids,
    float32 weights, and with ``positions`` each posting's number of positions and every position, else None),
    as numpy arrays of unsigned integers of any width. The reader decodes many blocks at once instead
    (``BlockDecoder``); this is the plain form, block by block."""
    for count, block in block_data(data):
        yield count, *_block_arrays(block, count, positions)


def block_data(data: bytes) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """A term's postings (its extent of the postings file, read in one piece), block by block: (postings,
    the block's unpickled data), for ``BlockDecoder``."""
    if data[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"postings block tag error {data[:4]!r}")
    stream = io.BytesIO(data)
    pos = 4
    while True:
        (size,) = _BLOCK_INFO_END.unpack_from(data, pos)
        stream.seek(pos + 4)
        count, _, _, compression, _, _ = load(stream)  # the block's info, then its data
        end = pos + 4 + abs(size)
        raw = data[stream.tell():end]
        yield count, loads(zlib.decompress(raw) if compression else raw)
        if size < 0:
            return
        pos = end


class _Numbers:
    """Unsigned integers of blocks, each block's at its own width, joined: runs of blocks of the same width
    are joined as bytes and converted at once (most blocks hold a posting or two: numpy calls per block
    cost more than their numbers)."""

    def __init__(self) -> None:
        self.arrays: list[Array] = []
        self.run: list[bytes] = []
        self.width = 0
        self.size = 0  # numbers added

    def add(self, width: int, raw: bytes) -> None:
        self.size += len(raw) // width
        if width != self.width:
            self._flush()
            self.width = width
        self.run.append(raw)

    def add_array(self, values: Array) -> None:
        self._flush()
        self.size += len(values)
        self.arrays.append(values)

    def _flush(self) -> None:
        if self.run:
            self.arrays.append(np.frombuffer(b"".join(self.run), dtype=_WIDTHS[self.width]))
            self.run = []

    def joined(self) -> Array:
        self._flush()
        if not self.arrays:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate(self.arrays, dtype=np.int64) if len(self.arrays) > 1 else \
            self.arrays[0].astype(np.int64)


class BlockDecoder:
    """Consecutive blocks (``block_data``) decoded together into arrays: ids (each block's plus its document
    number offset), weights, and with ``positions`` each posting's number of positions and every position.
    The same numbers as ``raw_blocks`` gives block by block (tests/index/test_codec.py), with a few numpy
    calls per batch instead of a few per block."""

    def __init__(self, positions: bool) -> None:
        self.positions = positions
        self.counts: list[int] = []  # postings per block
        self.offsets: list[int] = []  # each block's document number offset (its segment's)
        self.firsts: list[int] = []  # each block's first id (a block of gaps), or -1 (a block of ids)
        self.gaps = _Numbers()  # blocks of positions: ids as gaps from the block's first (0 for the first)
        self.absolute = _Numbers()  # other blocks, and those written before: the ids themselves
        self.weights: list[Any] = []  # each block's weights as stored (None, float, marker or float32 bytes)
        self.per_posting = _Numbers()  # positions per posting (read whenever a block's weights are them)
        self.places = _Numbers()
        self.need_counts = positions

    @property
    def places_seen(self) -> int:
        return self.places.size

    def add(self, count: int, block: tuple[Any, ...], offset: int = 0) -> None:
        self.counts.append(count)
        self.offsets.append(offset)
        if len(block) == 8:
            first, gw, gaps, weights, cw, counts, pw, places = block
            self.firsts.append(first)
            self.gaps.add(gw, gaps)
            self.weights.append(weights)
            self.per_posting.add(cw, counts)
            if weights == _WEIGHTS_ARE_COUNTS:
                self.need_counts = True
            if self.positions:
                self.places.add(pw, places)
            return
        ids, weights, values = block
        self.firsts.append(-1)
        self.absolute.add(4, ids)
        self.weights.append(weights)
        if isinstance(values, list):  # written before: positions as uint32, each posting's byte length
            joined, lengths = values
            self.per_posting.add_array(np.frombuffer(lengths, dtype="<u4") >> 2)
            if self.positions:
                self.places.add(4, joined)
        elif self.positions:
            raise ValueError("a block without positions")

    def _ids(self, counts: Array, starts: Array) -> Array:
        firsts = np.array(self.firsts, dtype=np.int64)
        gapped = firsts >= 0
        if gapped.all():
            gaps = self.gaps.joined()
            running = np.cumsum(gaps)
            ids: Array = running + np.repeat(firsts - running[starts], counts)
        elif not gapped.any():
            ids = self.absolute.joined()
        else:  # blocks of both kinds (segments written before and after): put together block by block
            ids = np.empty(int(counts.sum()), dtype=np.int64)
            gaps, absolute = self.gaps.joined(), self.absolute.joined()
            g = a = 0
            for block, first in enumerate(self.firsts):
                n, at = int(counts[block]), int(starts[block])
                if first >= 0:
                    ids[at:at + n] = first + np.cumsum(gaps[g:g + n])
                    g += n
                else:
                    ids[at:at + n] = absolute[a:a + n]
                    a += n
        if any(self.offsets):
            ids += np.repeat(np.array(self.offsets, dtype=np.int64), counts)
        return ids

    def build(self) -> tuple[Array, Array, Array | None, Array | None]:
        """(ids, float64 weights, positions per posting, positions), the last two None without ``positions``."""
        counts = np.array(self.counts, dtype=np.int64)
        starts = np.cumsum(counts) - counts
        ids = self._ids(counts, starts)
        per_posting = self.per_posting.joined() if self.need_counts else None
        constant = np.array([1.0 if w is None else w if isinstance(w, float) else np.nan for w in self.weights])
        weights = np.repeat(constant, counts)
        for block, w in enumerate(self.weights):
            if w is None or isinstance(w, float):
                continue
            a, b = int(starts[block]), int(starts[block] + counts[block])
            if w == _WEIGHTS_ARE_COUNTS:
                assert per_posting is not None
                weights[a:b] = per_posting[a:b]
            else:
                weights[a:b] = np.frombuffer(w, dtype="<f4")
        if not self.positions:
            return ids, weights, None, None
        return ids, weights, per_posting, self.places.joined()


class Codec(W3Codec):  # type: ignore[misc]
    def __init__(self, blocklimit: int | None = None, compression: int = 3, inlinelimit: int = 1) -> None:
        super().__init__(blocklimit=BLOCK_LIMIT if blocklimit is None else blocklimit, compression=compression,
                         inlinelimit=inlinelimit)

    def postings_reader(self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return LeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)

    def field_writer(self, storage: Any, segment: Any) -> _FieldWriter:
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:  # term vectors: not used by our schema, keep the generic writer
            return super().postings_writer(dbfile, byteids)
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=False,
                               compression=self._compression, inlinelimit=self._inlinelimit)
