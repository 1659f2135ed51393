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
- a block of positions (``title``, ``body``) is ``(ids, weights, w, counts, v, places)``: each posting's
  number of positions and then every position, as unsigned integers of ``w`` and ``v`` bytes (1, 2 or 4: the
  narrowest that holds the block's largest), not compressed. Reading it is a slice of the file and two
  ``numpy.frombuffer``. Blocks written before (``(ids, weights, [positions as uint32, their byte lengths])``,
  pickled with protocol 2 and zlib-compressed) read as well, so an index written by an earlier version needs
  no rebuild; a new segment or a merge writes the new blocks. Measured on the 5k benchmark's body field
  (``python -m benchmarks.codec INDEX``; 39,968 blocks): decoding a full block (1,024 postings, the common
  words a query pays for) 291 -> 6.5 us, any block 26 -> 6.6 us, encoding the field's blocks 1.09 -> 0.12 s,
  its postings 14.1 -> 15.0 MB (zlib mostly undid what pickle protocol 2 does to bytes: it writes them as a
  latin-1 string, UTF-8 encoded). The whole index is 39 -> 38 MB: the other fields shrink with protocol 5;
- other blocks (frequencies) are pickled with protocol 5 (bytes as bytes) and zlib-compressed above 512 bytes.

Our ``LeafMatcher`` turns the arrays back into what Whoosh's matcher interface expects, so Whoosh's own
queries, merges and readers keep working; ``reader.py`` reads the blocks' bytes directly (``raw_blocks``).

Segments pickle the codec (an importable, module-level class), so an index written with it opens with it.
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
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
from whoosh.system import emptybytes, pack_ushort
from whoosh.util.numeric import length_to_byte

from .schema import ArrayPositions

Array = np.ndarray[Any, Any]

_SWAP = sys.byteorder == "big"  # blocks are little-endian on disk


def _length_byte(length: int, _cache: dict[int, int] = {}) -> int:  # noqa: B006 (a cache)
    found = _cache.get(length)
    if found is None:
        found = _cache[length] = length_to_byte(length)
    return found
COMPRESS_MIN_BYTES = 512  # smaller blocks are stored uncompressed
# Postings a block. Whoosh's default is 128; a query reads a term's every block, and each block costs a
# decompress, an unpickle and a seek whatever its size, so common words at 100k articles paid for thousands of
# them. Measured on the 100k benchmark index (775 queries, same run, identical answers): 128 -> p95 146-159 ms,
# 1024 -> 97-103 ms, 4096 -> 116-117 ms; 1024 also made the index 8% smaller.
BLOCK_LIMIT = 1024


@dataclass(slots=True)
class SortedPostings:
    """A field's postings sorted by term then document, as the arrays a block is sliced from: little-endian
    uint32 ids, float32 weights; for a field without positions the frequencies as ``pack_uint`` (``values``),
    for one with positions each posting's number of positions (``counts``) and every position (``places``,
    posting after posting), with the running end of each posting in ``places`` and its last (largest) one."""

    ids: bytes
    weights: bytes
    lengths: list[int]  # the document's field length, per posting
    values: bytes = b""  # no positions: the frequencies
    counts: Array | None = None  # positions: how many, per posting
    places: Array | None = None  # positions: all of them, in order
    ends: list[int] | None = None  # positions up to the end of each posting
    tops: list[int] | None = None  # each posting's last position
    tfs: list[int] | None = None  # ``counts`` as a list


# A block of positions (``_positions_block``): its counts and positions as unsigned integers of 1, 2 or 4 bytes.
_WIDTHS = {1: "<u1", 2: "<u2", 4: "<u4"}


def _width(top: int) -> int:
    return 1 if top < 0x100 else 2 if top < 0x10000 else 4


def _positions_block(ids: bytes, weights: float | bytes | None, counts: Array, count_top: int, places: Array,
                     place_top: int) -> bytes:
    """The data of a block of postings with positions (module docstring): ``counts`` the number of positions of
    each posting, ``places`` all of them, the largest of each ``count_top`` and ``place_top``."""
    cw, pw = _width(count_top), _width(place_top)
    return dumps((ids, weights, cw, counts.astype(_WIDTHS[cw]).tobytes(), pw, places.astype(_WIDTHS[pw]).tobytes()),
                 5)


def _block_positions(data: tuple[Any, ...]) -> tuple[Array, Array]:
    """(positions per posting, every position) of a block's unpickled data, in either layout."""
    if len(data) == 6:
        return np.frombuffer(data[3], dtype=_WIDTHS[data[2]]), np.frombuffer(data[5], dtype=_WIDTHS[data[4]])
    joined, lengths = data[2]  # written before: positions as uint32, each posting's byte length
    return np.frombuffer(lengths, dtype="<u4") >> 2, np.frombuffer(joined, dtype="<u4")


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
            databytes = _positions_block(self._mini_ids(), self._mini_weights(), counts, int(counts.max()), places,
                                         int(places.max()) if len(places) else 0)
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
_FLUSH_BYTES = 8 << 20


class _FieldWriter(W3FieldWriter):  # type: ignore[misc]
    def add_sorted(self, fieldname: str, fieldobj: Any, ranges: list[tuple[bytes, int, int]],
                   sorted_: SortedPostings) -> None:
        """A whole field's terms, each with its postings ``a:b`` of ``sorted_``: the bytes that ``start_term``,
        ``add_range`` and ``finish_term`` write one term at a time (same blocks, same term infos, same hash
        table entries; tests/index/test_bulk.py compares them with Whoosh's writer), built in local buffers
        with the file offsets counted rather than asked for, which is most of the cost of small terms."""
        self.start_field(fieldname, fieldobj)
        postfile, tindex = self._postfile, self._tindex
        limit, compression = self._postwriter._blocklimit, self._postwriter._compression
        prefix = pack_ushort(self._fieldid)
        post, post_base = bytearray(), postfile.tell()
        terms, terms_base = bytearray(), tindex.dbfile.tell()
        positions, buckets, hashfn = tindex.index, tindex.buckets, tindex.hashfn
        ids_all, weights_all, lengths_all = sorted_.ids, sorted_.weights, sorted_.lengths
        values_all, counts_all, places_all = sorted_.values, sorted_.counts, sorted_.places
        ends, tops, tfs = sorted_.ends, sorted_.tops, sorted_.tfs
        key = tindex.lastkey
        to_byte = _length_byte
        for tbytes, a, b in ranges:
            start = post_base + len(post)
            post += WHOOSH3_HEADER_MAGIC
            total = 0.0
            maxweight = 0.0
            minlength = maxlength = -1
            for first in range(a, b, limit):
                end = min(b, first + limit)
                ids = ids_all[4 * first:4 * end]
                wbytes = weights_all[4 * first:4 * end]
                weights = array("f")
                weights.frombytes(wbytes)
                if _SWAP:
                    weights.byteswap()
                total += sum(weights)
                w0 = weights[0]
                mini: float | bytes | None  # the block's weights as Whoosh stores them: all 1, one value, or each
                if wbytes == wbytes[:4] * (end - first):
                    block_max, mini = w0, (None if w0 == 1.0 else float(w0))
                else:
                    block_max, mini = max(weights), wbytes
                if block_max > maxweight:
                    maxweight = block_max
                lengths = lengths_all[first:end]
                lo, hi = min(lengths), max(lengths)
                if minlength < 0 or lo < minlength:
                    minlength = lo
                if hi > maxlength:
                    maxlength = hi
                if places_all is not None:
                    assert counts_all is not None and ends is not None and tops is not None and tfs is not None
                    v0 = ends[first - 1] if first else 0
                    if end - first == 1:
                        count_top, place_top = tfs[first], tops[first]
                    else:
                        count_top, place_top = max(tfs[first:end]), max(tops[first:end])
                    databytes = _positions_block(ids, mini, counts_all[first:end], count_top,
                                                 places_all[v0:ends[end - 1]], place_top)
                    comp = 0
                else:
                    databytes = dumps((ids, mini, values_all[4 * first:4 * end]), 5)
                    comp = compression if len(databytes) >= COMPRESS_MIN_BYTES else 0
                    if comp:
                        databytes = zlib.compress(databytes, comp)
                last_id = int.from_bytes(ids[-4:], "little")
                infobytes = dumps((end - first, last_id, block_max, comp, to_byte(lo), to_byte(hi)), 2)
                blocklength = len(infobytes) + len(databytes)
                post += _BLOCK_INFO_END.pack(-blocklength if end == b else blocklength)
                post += infobytes
                post += databytes
            value = _TERM_INFO.pack(False, total, b - a, to_byte(minlength), to_byte(maxlength), maxweight,
                                    int.from_bytes(ids_all[4 * a:4 * a + 4], "little"), last_id)
            value += _EXTENT.pack(start, post_base + len(post) - start)
            new_key = prefix + tbytes
            if new_key <= key:
                raise ValueError(f"Keys must increase: {key!r}..{new_key!r}")
            key = new_key
            pos = terms_base + len(terms)
            positions.append(pos)
            terms += _KEY_VALUE.pack(len(key), len(value))
            terms += key
            terms += value
            h = hashfn(key)
            buckets[h & 255].append((h, pos))
            if len(post) > _FLUSH_BYTES:
                postfile.write(bytes(post))
                post_base += len(post)
                post = bytearray()
            if len(terms) > _FLUSH_BYTES:
                tindex.dbfile.write(bytes(terms))
                terms_base += len(terms)
                terms = bytearray()
        postfile.write(bytes(post))
        tindex.dbfile.write(bytes(terms))
        tindex.lastkey = key
        self.finish_field()

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

    def _read_ids(self) -> None:
        self._ids = _unpacked("I", self._block()[0])

    def _read_weights(self) -> None:
        weights = self._block()[1]
        if isinstance(weights, bytes):
            self._weights = _unpacked("f", weights)
        else:  # None (every weight 1.0) or one float for the block: Whoosh's own forms
            super()._read_weights()

    def _read_values(self) -> None:
        block = self._block()
        if len(block) == 3 and not isinstance(block[2], list):  # fixed-size values (joined), or none: Whoosh's
            super()._read_values()
            return
        counts, places = _block_positions(block)
        joined = places.astype("<u4").tobytes()
        ends = list(accumulate((counts.astype(np.int64) * 4).tolist()))
        self._values = tuple(joined[start:end] for start, end in zip([0, *ends], ends, strict=False))


_FLOAT1 = struct.pack("<f", 1.0)


def term_extent(value: bytes) -> tuple[int, int]:
    """Where a term's postings are in the postings file, from its term info (as ``_FieldWriter`` packs it)."""
    if value[0]:  # the codec never inlines postings (inlinelimit 1: every term has blocks)
        raise TypeError("inlined postings (not written by search.index.codec): rebuild the index")
    start, length = _EXTENT.unpack_from(value, _TERM_INFO.size)
    return int(start), int(length)


def term_frequency(value: bytes) -> int:
    """The documents holding a term (deleted ones included), from its term info (as ``_FieldWriter`` packs it)."""
    return int(_TERM_INFO.unpack_from(value)[2])


def raw_blocks(data: bytes, positions: bool = False) -> Iterator[tuple[int, bytes, bytes, tuple[Array, Array] | None]]:
    """A term's postings as ``_PostingsWriter`` writes them (its extent of the postings file, read in one
    piece), block by block without a matcher: (postings, uint32 ids, float32 weights, and with ``positions``
    each posting's number of positions and every position, else None). ``IndexReader`` reads a term's
    postings so, and every term of a field in bulk."""
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
        block = loads(zlib.decompress(raw) if compression else raw)
        ids, weights = block[0], block[1]
        if weights is None:
            weights = _FLOAT1 * count
        elif isinstance(weights, float):
            weights = struct.pack("<f", weights) * count
        yield count, ids, weights, _block_positions(block) if positions else None
        if size < 0:
            return
        pos = end


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
