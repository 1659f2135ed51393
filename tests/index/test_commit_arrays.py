"""A segment's commit made with arrays (search/index/codec.py): the term file's hash tables filled for all tables
at once (``_TermsHashWriter._tables``) equal Whoosh's ``OrderedHashWriter``'s. (The term records made at once,
``_write_terms``, are read back through Whoosh's term reader and compared with Whoosh's writer's in
tests/index/test_bulk.py.)"""

from __future__ import annotations

import io
import random
import struct

import numpy as np
import pytest
from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.filedb.structfile import StructFile

from search.index import codec


class _Kept(io.BytesIO):
    def close(self) -> None:  # (the writers close their file: its bytes are read after)
        pass


def _records(keys: list[bytes]) -> list[tuple[bytes, bytes]]:
    return [(key, struct.pack("!i", i) * 3) for i, key in enumerate(keys)]


def _whoosh_table_file(items: list[tuple[bytes, bytes]]) -> bytes:
    out = _Kept()
    writer = OrderedHashWriter(StructFile(out))
    for key, value in items:
        writer.add(key, value)
    writer.close()
    return out.getvalue()


def _array_table_file(items: list[tuple[bytes, bytes]], split: int | None = None) -> bytes:
    """The same records written as ``_FieldWriter._write_terms`` does (their hashes and places as arrays), the
    keys from ``split`` on added one at a time by Whoosh's ``add``."""
    out = _Kept()
    writer = OrderedHashWriter(StructFile(out))
    writer.__class__ = codec._TermsHashWriter
    head = items if split is None else items[:split]
    positions, hashes = [], []
    for key, value in head:
        positions.append(writer.dbfile.tell())
        writer.index.append(writer.dbfile.tell())
        writer.dbfile.write(struct.pack("!ii", len(key), len(value)) + key + value)
        hashes.append(md5_hash(key))
        writer.lastkey = key
    writer.add_hashes(np.array(hashes, dtype=np.int64), np.array(positions, dtype=np.int64))
    for key, value in items[len(head):]:
        writer.add(key, value)
    writer.close()
    return out.getvalue()


@pytest.mark.parametrize("count", [0, 1, 3, 300, 5000, 40_000])
def test_hash_tables_filled_at_once_equal_whooshs(count: int) -> None:
    rng = random.Random(count)
    keys = sorted({bytes(rng.randrange(256) for _ in range(rng.randint(1, 12))) for _ in range(count)})
    items = _records(keys)
    want = _whoosh_table_file(items)
    assert _array_table_file(items) == want
    if count > 2:
        assert _array_table_file(items, split=count // 2) == want


def _frequencies(seed: int, terms: int, with_values: bool) -> tuple[list[tuple[bytes, int, int]], codec.SortedPostings]:
    """A field without positions: each term's postings with weights all 1, all the same, or each its own (the
    frequencies, or none for an ID field), some terms long enough for compressed blocks and for pickles that
    pickle frames in pieces (over 64 KB)."""
    rng = random.Random(seed)
    ranges, ids, weights, lengths, values = [], [], [], [], []
    for t in range(terms):
        n = 9000 if t % 50 == 0 else rng.choice([1, 1, 2, 5, 60, 200, rng.randint(1, 3000)])
        docs = sorted(rng.sample(range(3 * n + rng.choice([5, 70_000, 3_000_000])), n))
        kind = "own" if t % 100 == 0 else rng.choice(["ones", "same", "own"])
        ranges.append((b"k%06d" % t, len(ids), len(ids) + n))
        for d in docs:
            frequency = rng.randint(1, 400)
            ids.append(d)
            weights.append(1.0 if kind == "ones" else 2.5 if kind == "same" else float(frequency))
            lengths.append(rng.choice([1, 9, 300, 80_000]))
            values.append(frequency)
    sorted_ = codec.SortedPostings(np.array(ids, dtype="<u4").tobytes(), np.array(weights, dtype="<f4").tobytes(),
                                   np.array(lengths, dtype=np.int32),
                                   np.array(values, dtype=">u4").tobytes() if with_values else None)
    return ranges, sorted_


@pytest.mark.parametrize(("seed", "with_values", "limit", "step_blocks", "step_postings"),
                         [(1, True, 1024, 4096, 1 << 18), (2, False, 1024, 4096, 1 << 18), (3, True, 100, 7, 1000),
                          (4, False, 9000, 3, 5000), (5, True, 1024, 1, 1), (6, False, 128, 50, 1 << 18)])
def test_blocks_without_positions_in_steps_equal_one_by_one(monkeypatch: pytest.MonkeyPatch, seed: int,
                                                            with_values: bool, limit: int, step_blocks: int,
                                                            step_postings: int) -> None:
    """The blocks of a field without positions made a step of blocks at a time with numpy are the bytes made a
    block at a time, whatever the steps (a step's blocks cut by the blocks or by the postings)."""
    ranges, sorted_ = _frequencies(seed, 400, with_values)
    plan = codec._BlockPlan(ranges, sorted_, limit)
    want, want_offsets = codec._term_blocks_one_by_one(ranges, sorted_, plan, 3)
    monkeypatch.setattr(codec, "_STEP_BLOCKS", step_blocks)
    monkeypatch.setattr(codec, "_STEP_POSTINGS", step_postings)
    got, offsets = codec._term_blocks(ranges, sorted_, plan, 3)
    assert offsets == want_offsets
    assert bytes(got) == bytes(want)
