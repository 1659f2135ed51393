"""A segment's commit made with arrays (search/index/codec.py): a positional field's postings made at once
(``_positional_postings``: each block's pickles written as pickle writes them) equal the codec's own block
writer's, term by term (Whoosh's per-posting path, ``_PostingsWriter``); the term file's hash tables filled for
all tables at once (``_TermsHashWriter._tables``) equal Whoosh's ``OrderedHashWriter``'s."""

from __future__ import annotations

import io
import random
import struct

import numpy as np
import pytest
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.filedb.structfile import StructFile

from search.index import codec
from search.index.schema import ArrayPositions, encode_positions

Posting = tuple[int, float, list[int], int]  # document, weight, positions, the document's field length


def _term(rng: random.Random, kind: str) -> list[Posting]:
    """A term's postings of a kind that reaches one of the encodings (module docstring)."""
    n = {"one": 1, "few": rng.randint(2, 12), "many": rng.randint(900, 2600), "huge": 1100}.get(kind, 5)
    spread = {"far": 3_000_000, "wide": 200_000}.get(kind, 4 * n + 5)
    docs = sorted(rng.sample(range(spread), n))
    top = {"deep": 80_000, "one": 3, "huge": 60_000}.get(kind, 300)
    weight = {"same": 2.0, "ones": 1.0}.get(kind)
    out = []
    for d in docs:
        count = 1 if kind in ("one", "ones") else 40 if kind == "huge" else \
            rng.choice([1, 1, 2, 3, rng.randint(1, 300 if kind == "counts" else 9)])
        places = sorted(rng.sample(range(max(top, count)), count))
        w = weight if weight is not None else count * 1.5 if rng.random() < 0.2 else float(count)
        out.append((d, w, places, rng.choice([1, 5, 60, 900, 70_000])))
    return out


KINDS = ("one", "one", "one", "few", "few", "many", "huge", "far", "wide", "deep", "same", "ones", "counts")


def _field(seed: int, terms: int) -> list[list[Posting]]:
    rng = random.Random(seed)
    return [_term(rng, rng.choice(KINDS)) for _ in range(terms)]


def _by_codec(field: list[list[Posting]], limit: int) -> tuple[bytes, list[int]]:
    """Each term's postings as the codec's block writer writes them, a posting at a time."""
    f = StructFile(io.BytesIO())
    writer = codec.Codec(blocklimit=limit).postings_writer(f)
    offsets = []
    for postings in field:
        offsets.append(f.tell())
        writer.start_postings(ArrayPositions(), W3TermInfo())
        for doc, weight, places, length in postings:
            writer.add_posting(doc, weight, encode_positions(places), length)
        writer.finish_postings()
    offsets.append(f.tell())
    return f.file.getvalue(), offsets


def _at_once(field: list[list[Posting]], limit: int) -> tuple[bytes, list[int]]:
    """The same postings as ``add_sorted`` makes them: sorted arrays, a plan, the field's blocks at once."""
    ranges, ids, weights, lengths, counts, places = [], [], [], [], [], []
    for t, postings in enumerate(field):
        ranges.append((b"t%06d" % t, len(ids), len(ids) + len(postings)))
        for doc, weight, positions, length in postings:
            ids.append(doc)
            weights.append(weight)
            lengths.append(length)
            counts.append(len(positions))
            places.extend(positions)
    count_array = np.array(counts, dtype=np.int32)
    sorted_ = codec.SortedPostings(np.array(ids, dtype="<u4").tobytes(), np.array(weights, dtype="<f4").tobytes(),
                                   np.array(lengths, dtype=np.int32), counts=count_array,
                                   places=np.array(places, dtype=np.uint32),
                                   ends=np.cumsum(count_array, dtype=np.int64))
    plan = codec._BlockPlan(ranges, sorted_, limit)
    out, offsets = codec._positional_postings(ranges, sorted_, plan, codec._NarrowPositions(sorted_, plan))
    return b"".join(part.tobytes() for part in out), offsets


@pytest.mark.parametrize(("seed", "terms", "limit", "step"), [(1, 300, 1024, 8192), (2, 200, 7, 8192),
                                                             (3, 40, 1024, 8192), (4, 600, 128, 8192),
                                                             (5, 300, 16, 7), (6, 50, 2, 1)])
def test_positional_postings_at_once_equal_the_block_writers(seed: int, terms: int, limit: int, step: int,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codec, "_BLOCKS_A_STEP", step)  # (blocks gathered a step)
    field = _field(seed, terms)
    want, want_offsets = _by_codec(field, limit)
    got, offsets = _at_once(field, limit)
    assert offsets == want_offsets
    assert got == want


def test_positional_postings_of_single_positions_referring_to_cached_bytes() -> None:
    """One posting, one position of 0 or equal to its count: one-byte objects pickled as references to the gaps'
    or the count's (and with weights other than 1 before them, the memo numbers shift)."""
    field = [[(d, w, [p], 3)] for d in (0, 1, 255, 256, 70_000) for p in (0, 1, 2, 255) for w in (1.0, 2.0)]
    want, want_offsets = _by_codec(field, 1024)
    got, offsets = _at_once(field, 1024)
    assert (got, offsets) == (want, want_offsets)


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
