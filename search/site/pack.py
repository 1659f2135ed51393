"""How numbers and text are packed into the search page's data files (``bundle.py``), and read back by the
page's ``js/data.js``: the same rules on both sides, kept small so that a query loads few kilobytes.

    varints([3, 0, 40])      -> "DAi-"   (5 bits a character, the sixth says "more follows")
    bucket("hun", 64)        -> 0..63    (FNV-1a over code points: the same number in Python and JavaScript)
    script("terms/07", {...}) -> b'NewsSearch.data("terms/07","<base64 of the deflated JSON>");\\n'

Data files are classic scripts (``fetch`` is blocked on file://): each hands its value to ``NewsSearch.data``.
Values are JSON, with every character that could end a script or start markup escaped (``<``, ``>``, ``&``,
U+2028, U+2029, lone surrogates), so an article's text stays text: ``</script><script>alert(1)`` in a title
is ``\\u003c/script\\u003e...`` in the JSON and is only ever put into the page as text. The JSON is deflated
and written in base64 when that is smaller (about a third of the bytes for text): then the file holds base64
characters only.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_TABLE = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")


def varints(values: Any) -> str:
    """Non-negative integers as characters of ``ALPHABET``: 5 bits each, low bits first; a character from the
    second half of the alphabet says that more bits follow. Vectorised: millions of numbers per second."""
    v = np.asarray(values, dtype=np.uint64)
    if not len(v):
        return ""
    chunks = np.ones(len(v), dtype=np.int64)
    for k in range(1, 13):
        chunks += v >= np.uint64(1 << (5 * k))
    ends = np.cumsum(chunks)
    starts = ends - chunks
    out = np.empty(int(ends[-1]), dtype=np.uint8)
    for k in range(int(chunks.max())):
        has = chunks > k
        bits = ((v[has] >> np.uint64(5 * k)) & np.uint64(31)).astype(np.uint8)
        more = np.where(chunks[has] > k + 1, 32, 0).astype(np.uint8)
        out[starts[has] + k] = _TABLE[bits | more]
    return out.tobytes().decode("ascii")


def varints_many(arrays: list[Any]) -> list[str]:
    """``[varints(a) for a in arrays]``, encoded in one pass (a call per small array costs more than its numbers)."""
    if not arrays:
        return []
    lengths = np.array([len(a) for a in arrays], dtype=np.int64)
    joined = np.concatenate([np.asarray(a, dtype=np.uint64) for a in arrays]) if lengths.sum() else \
        np.zeros(0, dtype=np.uint64)
    text = varints(joined)
    chars = np.ones(len(joined), dtype=np.int64)
    for k in range(1, 13):
        chars += joined >= np.uint64(1 << (5 * k))
    ends = np.cumsum(chars)
    bounds = np.concatenate(([0], ends))[np.concatenate(([0], np.cumsum(lengths)))]
    return [text[a:b] for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)]


def unvarints(text: str) -> list[int]:
    """The inverse of ``varints`` (for tests; the page has its own in js/data.js)."""
    out: list[int] = []
    value = shift = 0
    for ch in text:
        c = ALPHABET.index(ch)
        value |= (c & 31) << shift
        if c & 32:
            shift += 5
        else:
            out.append(value)
            value = shift = 0
    return out


def deltas(sorted_ids: Any) -> Any:
    """Ascending integers as gaps: [3, 5, 9] -> [3, 2, 4]."""
    a = np.asarray(sorted_ids, dtype=np.int64)
    return np.diff(a, prepend=0) if len(a) else a


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the code points of ``text`` (js/data.js computes the same with Math.imul)."""
    h = 0x811C9DC5
    for ch in text:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def bucket(key: str, count: int) -> int:
    return fnv1a(key) % count if count > 1 else 0


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def to_json(value: Any) -> str:
    """Compact JSON that is also safe inside a script: nothing in it can close the script or open markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def deflate(data: bytes) -> bytes:
    """Raw deflate, as the browser's ``DecompressionStream("deflate-raw")`` reads it."""
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    return z.compress(data) + z.flush()


def script(name: str, value: Any) -> bytes:
    """A data file: ``NewsSearch.data(name, value);``, the value's JSON deflated and in base64 when that is
    smaller (a file's bytes are what a query pays for; the browser inflates it natively)."""
    text = to_json(value)
    packed = b64(deflate(text.encode("utf-8")))
    body = to_json(packed) if len(packed) + 2 < len(text.encode("utf-8")) else text
    return f"NewsSearch.data({to_json(name)},{body});\n".encode()


def read_script(data: bytes) -> tuple[str, Any]:
    """The inverse of ``script`` (for tests and tools): (name, value)."""
    head, _, rest = data.partition(b",")
    name = json.loads(head[len(b"NewsSearch.data("):])
    value = json.loads(rest[:-len(b");\n")])
    if isinstance(value, str):
        value = json.loads(zlib.decompress(base64.b64decode(value), -15).decode("utf-8"))
    return name, value


# --- postings, as bundle.py writes them -------------------------------------------------------------------
def postings(ids: Array, weights: Array) -> Array:
    """Article numbers (ascending) and integer frequencies -> (gap << 1 | tf > 1) [, tf], for varints."""
    tf = weights.astype(np.int64)
    if not np.array_equal(tf, weights):
        raise ValueError("postings weights are not whole numbers")
    gaps = deltas(ids)
    more = tf != 1
    values = np.empty(len(ids) + int(more.sum()), dtype=np.int64)
    slot = np.arange(len(ids)) + np.concatenate(([0], np.cumsum(more)[:-1])) if len(ids) else np.zeros(0, np.int64)
    values[slot] = (gaps << 1) | more
    values[slot[more] + 1] = tf[more]
    return values


def positions(counts: Array, places: Array) -> Array:
    """Per posting (in article order): how many positions, then their gaps (the first from 0)."""
    n = len(counts)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])) if n else np.zeros(0, np.int64)
    first = np.zeros(len(places), dtype=bool)
    first[starts[counts > 0]] = True
    gaps = np.where(first, places, places - np.concatenate(([0], places[:-1])))
    values = np.empty(n + len(places), dtype=np.int64)
    count_slot = starts + np.arange(n)
    values[count_slot] = counts
    mask = np.ones(len(values), dtype=bool)
    mask[count_slot] = False
    values[mask] = gaps
    return values


class Encoder:
    """Values to varint strings, many arrays at a time: ``add(target, key, values)`` sets ``target[key]``."""

    def __init__(self) -> None:
        self.pending: list[tuple[Any, Any, Array]] = []
        self.size = 0

    def add(self, target: Any, key: Any, values: Array) -> None:
        self.pending.append((target, key, values))
        self.size += len(values)
        if self.size > 2_000_000:
            self.flush()

    def flush(self) -> None:
        for (target, key, _), text in zip(self.pending, varints_many([v for _, _, v in self.pending]),
                                          strict=True):
            target[key] = text
        self.pending.clear()
        self.size = 0
