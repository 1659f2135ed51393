"""A positional field's postings made a step of blocks at a time (search/index/codec.py ``_positional_postings``:
each block's pickles written as pickle writes them, gathered with numpy) equal the codec's own block writer's,
term by term (Whoosh's per-posting path, ``_PostingsWriter``), whatever the steps' sizes; and a step's memory
is bounded (its blocks and positions), not a share of the field."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb.structfile import StructFile

from search.index import codec
from search.index.schema import ArrayPositions, encode_positions

Posting = tuple[int, float, list[int], int]  # document, weight, positions, the document's field length


def _term(rng: random.Random, kind: str) -> list[Posting]:
    """A term's postings of a kind that reaches one of the encodings (widths 1, 2, 4; weights none, one, the
    counts, floats; frames over 60 KB; ids past 65,536)."""
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


def _in_steps(field: list[list[Posting]], limit: int) -> tuple[bytes, list[int], list[int]]:
    """The same postings as ``add_sorted`` makes them: sorted arrays, a plan, the field's blocks a step at a
    time; and each step's size."""
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
    out: list[bytes] = []
    offsets = codec._positional_postings(sorted_, plan, lambda made: out.append(made.tobytes()))
    return b"".join(out), offsets.tolist(), [len(part) for part in out]


@pytest.mark.parametrize(("seed", "terms", "limit", "blocks", "places"),
                         [(1, 300, 1024, 4096, 1 << 20), (2, 200, 7, 4096, 1 << 20), (3, 40, 1024, 4096, 1 << 20),
                          (4, 600, 128, 4096, 1 << 20), (5, 300, 16, 7, 1 << 20), (6, 50, 2, 1, 1 << 20),
                          (7, 300, 64, 4096, 500), (8, 200, 1024, 3, 1)])
def test_positional_postings_in_steps_equal_the_block_writers(seed: int, terms: int, limit: int, blocks: int,
                                                              places: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codec, "_STEP_BLOCKS", blocks)
    monkeypatch.setattr(codec, "_STEP_PLACES", places)
    field = _field(seed, terms)
    want, want_offsets = _by_codec(field, limit)
    got, offsets, _ = _in_steps(field, limit)
    assert offsets == want_offsets
    assert got == want


def test_positional_postings_of_single_positions_referring_to_cached_bytes() -> None:
    """One posting, one position of 0 or equal to its count: one-byte objects pickled as references to the gaps'
    or the count's (and with weights other than 1 before them, the memo numbers shift)."""
    field = [[(d, w, [p], 3)] for d in (0, 1, 255, 256, 70_000) for p in (0, 1, 2, 255) for w in (1.0, 2.0)]
    want, want_offsets = _by_codec(field, 1024)
    got, offsets, _ = _in_steps(field, 1024)
    assert (got, offsets) == (want, want_offsets)


def test_a_step_holds_a_bounded_share_of_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    """Steps of at most ``_STEP_BLOCKS`` blocks and ``_STEP_PLACES`` positions (a single larger block apart): the
    memory a step allocates does not grow with the field."""
    monkeypatch.setattr(codec, "_STEP_BLOCKS", 50)
    monkeypatch.setattr(codec, "_STEP_PLACES", 2000)
    field = _field(9, 400)
    want, _ = _by_codec(field, 32)
    got, _, sizes = _in_steps(field, 32)
    assert got == want
    assert len(sizes) > 10
    # a block of 32 postings holds at most 32 * 300 positions of 4 bytes, and a step's bytes are mostly them
    assert max(sizes) < 50 * 200 + 4 * max(2000, 32 * 300)
