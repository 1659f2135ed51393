"""Postings blocks (search/index/codec.py): blocks of positions in the narrow layout, and the blocks indexes
written by earlier versions hold, read the same block by block (``raw_blocks``), many blocks at once
(``BlockDecoder``, the engine's reader) and through the Whoosh matcher (merges, Whoosh's own readers)."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pickle import dumps, load, loads
from typing import Any

import numpy as np
import pytest
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Frequency
from whoosh.system import pack_uint
from whoosh.util.numeric import length_to_byte

from search.index import codec
from search.index.schema import ArrayPositions, encode_positions

Posting = tuple[int, float, list[int]]  # document, weight, positions


def _postings(rng: random.Random, n: int, top_position: int, top_count: int, boosted: float) -> list[Posting]:
    """``n`` postings; a share ``boosted`` weighs other than its number of positions."""
    docs = sorted(rng.sample(range(10 * n + 10) if top_position < 100_000 else range(70_000, 70_000 + 400 * n), n))
    out = []
    for d in docs:
        count = rng.choice([1, 1, 2, 3, rng.randint(1, top_count)])
        places = sorted(rng.sample(range(top_position), count))
        out.append((d, count * 1.5 if rng.random() < boosted else float(count), places))
    return out


def _write_now(postings: list[Posting], limit: int) -> bytes:
    """The term's postings as the codec writes them (Whoosh's per-posting path)."""
    f = StructFile(io.BytesIO())
    writer = codec.Codec(blocklimit=limit).postings_writer(f)
    writer.start_postings(ArrayPositions(), W3TermInfo())
    for doc, weight, places in postings:
        writer.add_posting(doc, weight, encode_positions(places), 100)
    writer.finish_postings()
    return f.file.getvalue()  # type: ignore[no-any-return]


def _write_before(postings: list[Posting], limit: int) -> bytes:
    """The same postings as earlier versions wrote them: positions as uint32 with each posting's byte length,
    pickled with protocol 2, zlib-compressed from 512 bytes."""
    out = bytearray(WHOOSH3_HEADER_MAGIC)
    for first in range(0, len(postings), limit):
        block = postings[first:first + limit]
        ids = np.array([p[0] for p in block], dtype="<u4").tobytes()
        weights = np.array([p[1] for p in block], dtype="<f4").tobytes()
        values = [encode_positions(p[2]) for p in block]
        data = dumps((ids, weights, [b"".join(values), np.array([len(v) for v in values], dtype="<u4").tobytes()]),
                     2)
        comp = 3 if len(data) >= 512 else 0
        if comp:
            data = zlib.compress(data, comp)
        info = dumps((len(block), block[-1][0], max(p[1] for p in block), comp, length_to_byte(100),
                      length_to_byte(100)), 2)
        size = len(info) + len(data)
        out += struct.pack("!i", -size if first + limit >= len(postings) else size) + info + data
    return bytes(out)


def _through_raw_blocks(data: bytes) -> list[Posting]:
    out = []
    for count, ids, weights, values in codec.raw_blocks(data, positions=True):
        assert values is not None
        counts, places = values
        ends = np.cumsum(counts)
        assert len(ids) == len(weights) == len(counts) == count and weights.dtype == np.float32
        for i in range(count):
            out.append((int(ids[i]), float(weights[i]), places[ends[i] - counts[i]:ends[i]].tolist()))
    return out


def _through_matcher(data: bytes) -> list[Posting]:
    matcher = codec.LeafMatcher(StructFile(io.BytesIO(data)), 0, len(data), ArrayPositions())
    out = []
    while matcher.is_active():
        out.append((matcher.id(), matcher.weight(), ArrayPositions().decode_positions(matcher.value())))
        matcher.next()
    return out


@pytest.mark.parametrize(("top_position", "top_count"), [(200, 5), (60_000, 300), (200_000, 40)])
def test_blocks_of_positions_read_back_in_both_layouts(top_position: int, top_count: int) -> None:
    rng = random.Random(top_position)
    for n, boosted in ((1, 0), (7, 0.5), (64, 0), (65, 0.02), (300, 0), (300, 0.3)):
        postings = _postings(rng, n, top_position, top_count, boosted)
        for data in (_write_now(postings, 64), _write_before(postings, 64)):
            assert _through_raw_blocks(data) == postings
            assert _through_matcher(data) == postings


def test_narrow_blocks_take_the_narrowest_width_that_holds_their_numbers() -> None:
    small = _write_now([(3, 1.0, [5]), (9, 2.0, [1, 250])], 64)
    wide = _write_now([(3, 300.0, list(range(0, 70_000, 233))[:300]), (9, 1.0, [70_000, 70_001])], 64)
    blocks = []
    for data in (small, wide):
        stream = io.BytesIO(data)
        stream.seek(8)
        info = load(stream)
        assert info[3] == 0  # not compressed
        blocks.append(loads(data[stream.tell():]))
    # (first id, gap width, gaps, weights, count width, counts, position width, positions)
    assert (blocks[0][0], blocks[0][1], blocks[0][4], blocks[0][6]) == (3, 1, 1, 1)  # all below 256: one byte each
    assert blocks[0][3] == codec._WEIGHTS_ARE_COUNTS  # weights 1 and 2: the counts
    assert (blocks[1][1], blocks[1][4], blocks[1][6]) == (1, 2, 4)  # a count of 300, a position of 70,000
    assert blocks[1][3] == np.array([300.0, 1.0], dtype="<f4").tobytes()  # not the counts (300, 2)


def test_a_block_of_frequencies_reads_through_whooshs_own_forms() -> None:
    """A frequency block (``exact``, ``stem``: 3 items, the values joined) is not taken for positions."""
    f = StructFile(io.BytesIO())
    writer = codec.Codec(blocklimit=64).postings_writer(f)
    fmt = Frequency()
    writer.start_postings(fmt, W3TermInfo())
    for d in range(100):
        writer.add_posting(d, float(d % 3 + 1), pack_uint(d % 3 + 1), 10)
    writer.finish_postings()
    data: Any = f.file.getvalue()
    matcher = codec.LeafMatcher(StructFile(io.BytesIO(data)), 0, len(data), fmt)
    got = []
    while matcher.is_active():
        got.append((matcher.id(), matcher.weight(), fmt.decode_frequency(matcher.value())))
        matcher.next()
    assert got == [(d, float(d % 3 + 1), d % 3 + 1) for d in range(100)]
    assert [c for c, _, _, _ in codec.raw_blocks(data)] == [64, 36]


@pytest.mark.parametrize("positions", [True, False])
def test_the_batch_decoder_gives_what_the_blocks_give_one_by_one(positions: bool) -> None:
    """``BlockDecoder`` (the reader: a few numpy calls per batch) against ``raw_blocks`` (per block): terms in
    both layouts, of every width, one batch mixing them, each term's ids offset as a segment's are."""
    rng = random.Random(11)
    terms = []
    for n in (1, 1, 2, 5, 64, 65, 200, 300):
        top_position, top_count = rng.choice([(200, 5), (60_000, 300), (200_000, 40)])
        postings = _postings(rng, n, top_position, top_count, rng.choice([0, 0.3]))
        terms.append(rng.choice([_write_now, _write_before])(postings, 64))
    assert {len(block) for data in terms for _, block in codec.block_data(data)} == {3, 8}  # both layouts
    decoder = codec.BlockDecoder(positions)
    expected: list[list[Any]] = [[], [], [], []]
    for t, data in enumerate(terms):
        offset = 1000 * t
        for count, block in codec.block_data(data):
            decoder.add(count, block, offset)
        for _, ids, weights, found in codec.raw_blocks(data, positions=True):
            assert found is not None
            expected[0].append(ids.astype(np.int64) + offset)
            expected[1].append(weights.astype(np.float64))
            expected[2].append(found[0].astype(np.int64))
            expected[3].append(found[1].astype(np.int64))
    ids, weights, counts, places = decoder.build()
    assert np.array_equal(ids, np.concatenate(expected[0])) and ids.dtype == np.int64
    assert np.array_equal(weights, np.concatenate(expected[1])) and weights.dtype == np.float64
    if positions:
        assert counts is not None and places is not None
        assert np.array_equal(counts, np.concatenate(expected[2]))
        assert np.array_equal(places, np.concatenate(expected[3]))
        assert decoder.places_seen == len(places)
    else:
        assert counts is None and places is None
    empty = codec.BlockDecoder(positions).build()
    assert len(empty[0]) == len(empty[1]) == 0


@pytest.mark.parametrize("count", [0, 1, 7, 300, 5_000])
def test_the_term_files_hash_tables_are_whooshs_byte_for_byte(count: int) -> None:
    """The term file's writer (``codec._TermsHashWriter``) writes its 256 hash tables a table at a time: the file
    is the one Whoosh's ``OrderedHashWriter`` writes slot by slot, for keys of every length and script, whose
    hashes collide within a table (linear probing) and wrap around its end."""
    from whoosh.filedb.filetables import OrderedHashWriter

    rng = random.Random(count)
    alphabet = "abcxyzđơ范明ហ៊ុន0129 "
    keys = sorted({("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) + str(i)).encode()
                   for i in range(count)})
    values = [dumps(key, 2)[: rng.randint(0, 9)] for key in keys]
    files = []
    for writer_class in (OrderedHashWriter, codec._TermsHashWriter):
        buffer = io.BytesIO()
        writer = writer_class(StructFile(buffer))
        for key, value in zip(keys, values, strict=True):
            writer.add(key, value)
        writer.dbfile.close = lambda: None  # keep the buffer readable
        writer.close()
        files.append(buffer.getvalue())
    assert files[0] == files[1] and len(files[0]) > 12 * count
