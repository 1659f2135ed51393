"""Postings blocks with positions, as written before and now: ``python -m benchmarks.codec INDEX [--field body]``.

Reads every term of the field of an index (``IndexReader.postings_batches``), cuts its postings into blocks of
``codec.BLOCK_LIMIT`` as the writer does, and encodes each block's data in both layouts of ``search/index/codec.py``:

- before: ``(ids, weights, [positions as uint32, each posting's byte length as uint32])``, pickled with
  protocol 2 and zlib-compressed (level 3) when 512 bytes or more;
- now: ``(first id, w, gaps, weights, x, counts, y, positions)``, the ids' gaps, counts and positions as
  unsigned integers of the narrowest width, the weights a marker when they are the counts, pickled with
  protocol 5, not compressed (``codec._positions_block``).

Then decodes every block back to numpy arrays of ids, counts and positions, as a query does, 5 times in
alternation, and prints the bytes, the time to encode, and the median time to decode, for all blocks and for
full blocks (the common words a query pays for). Both decodings are checked to give the same arrays.
"""

from __future__ import annotations

import argparse
import statistics
import time
import zlib
from pickle import dumps, loads
from typing import Any

import numpy as np

from search.index import codec
from search.index.reader import IndexReader

Block = tuple[Any, Any, Any, Any]  # ids, float32 weights, counts, positions


def blocks(index: str, field: str) -> list[Block]:
    out: list[Block] = []
    with IndexReader(index) as reader:
        for batch in reader.postings_batches(field, positions=True):
            assert batch.counts is not None and batch.places is not None
            ends = np.cumsum(batch.counts)
            for t in range(len(batch.terms)):
                a, b = int(batch.starts[t]), int(batch.starts[t + 1])
                for first in range(a, b, codec.BLOCK_LIMIT):
                    end = min(b, first + codec.BLOCK_LIMIT)
                    v0 = int(ends[first - 1]) if first else 0
                    out.append((batch.ids[first:end], batch.weights[first:end].astype("<f4"),
                                batch.counts[first:end], batch.places[v0:int(ends[end - 1])]))
    return out


def before(block: Block) -> bytes:
    ids, weights, counts, places = block
    first = weights[0]
    mini = (None if first == 1.0 else float(first)) if (weights == first).all() else weights.tobytes()
    data = dumps((ids.astype("<u4").tobytes(), mini,
                  [places.astype("<u4").tobytes(), (counts * 4).astype("<u4").tobytes()]), 2)
    return b"z" + zlib.compress(data, 3) if len(data) >= codec.COMPRESS_MIN_BYTES else b"-" + data


def now(block: Block) -> bytes:
    return codec._positions_block(*block)


def decode_before(data: bytes) -> tuple[Any, ...]:
    block = loads(zlib.decompress(data[1:]) if data[:1] == b"z" else data[1:])
    ids, weights, found = codec._block_arrays(block, len(block[0]) // 4, True)
    assert found is not None
    return ids, weights, *found


def decode_now(data: bytes) -> tuple[Any, ...]:
    block = loads(data)
    ids, weights, found = codec._block_arrays(block, len(block[5]) // block[4], True)
    assert found is not None
    return ids, weights, *found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index")
    parser.add_argument("--field", default="body")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    all_blocks = blocks(args.index, args.field)
    print(f"{args.field}: {len(all_blocks):,} blocks, {sum(len(b[0]) for b in all_blocks):,} postings, "
          f"{sum(len(b[3]) for b in all_blocks):,} positions")
    encoded: dict[str, list[bytes]] = {}
    for name, encode in (("before", before), ("now", now)):
        started = time.perf_counter()
        encoded[name] = [encode(b) for b in all_blocks]
        seconds = time.perf_counter() - started
        print(f"{name:>6}: {sum(map(len, encoded[name])) / 1e6:.2f} MB, encoded in {seconds:.2f} s")
    for x, y in zip(encoded["before"], encoded["now"], strict=True):
        old, new = decode_before(x), decode_now(y)
        assert all(np.array_equal(p, q) for p, q in zip(old, new, strict=True))
    full = [i for i, b in enumerate(all_blocks) if len(b[0]) == codec.BLOCK_LIMIT]
    for label, chosen in (("all blocks", range(len(all_blocks))), (f"{len(full)} full blocks", full)):
        times: dict[str, list[float]] = {"before": [], "now": []}
        for _ in range(args.reps):
            for name, decode in (("before", decode_before), ("now", decode_now)):
                data = encoded[name]
                started = time.perf_counter()
                for i in chosen:
                    decode(data[i])
                times[name].append((time.perf_counter() - started) / max(1, len(chosen)) * 1e6)
        b, n = statistics.median(times["before"]), statistics.median(times["now"])
        print(f"decode, {label}: before {b:.1f} us a block, now {n:.1f} us ({b / n:.1f} times faster)")


if __name__ == "__main__":
    main()
