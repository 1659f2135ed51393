"""How numbers and text are packed into the search page's data files (``bundle.py``), and read back by the
page's ``js/data.js``: the same rules on both sides, kept small so that a query loads few kilobytes.

    varints([3, 0, 40])      -> "DAi-"   (5 bits a character, the sixth says "more follows")
    bucket("hun", 64)        -> 0..63    (FNV-1a over code points: the same number in Python and JavaScript)
    script("terms/07", {...}) -> b'NewsSearch.data("terms/07","<the deflated JSON, a byte a character>");\\n'

Data files are classic scripts (``fetch`` is blocked on file://): each hands its value to ``NewsSearch.data``.
Values are JSON, with every character that could end a script or start markup escaped (``<``, ``>``, ``&``,
U+2028, U+2029, lone surrogates), so an article's text stays text: ``</script><script>alert(1)`` in a title
is ``\\u003c/script\\u003e...`` in the JSON and is only ever put into the page as text. The JSON is deflated
and its bytes written in a string when that is smaller (``raw_string``; about a third of the bytes for text),
for the page to read as x-user-defined.
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
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)  # one for every call
_LIMITS = np.array([1 << (5 * k) for k in range(1, 13)], dtype=np.uint64)  # the least value of 2, 3... characters
_string: Any = json.encoder.encode_basestring  # a string's JSON, as _JSON writes it (ensure_ascii=False)


def varints(values: Any) -> str:
    """Non-negative integers as characters of ``ALPHABET``: 5 bits each, low bits first; a character from the
    second half of the alphabet says that more bits follow. Vectorised: millions of numbers per second."""
    return _varints(np.asarray(values, dtype=np.uint64))[0]


def _varints(v: Array) -> tuple[str, Array]:
    """``varints`` of a uint64 array, and the number of characters of each value. Character by character:
    the first of every value, then the second of those that need one... (most need one or two)."""
    chunks = np.searchsorted(_LIMITS, v, side="right") + 1
    if not len(v):
        return "", chunks
    ends = np.cumsum(chunks)
    out = np.empty(int(ends[-1]), dtype=np.uint8)
    at = ends - chunks  # where each value's next character goes
    rest, left = v, chunks  # the values still being written (shifted), and their characters left
    while len(rest):
        more = left > 1
        out[at] = _TABLE[(rest & np.uint64(31)).astype(np.uint8) | (more.astype(np.uint8) << 5)]
        still = np.flatnonzero(more)
        rest, left, at = rest[still] >> np.uint64(5), left[still] - 1, at[still] + 1
    return out.tobytes().decode("ascii"), chunks


def varints_split(values: Array, bounds: Array) -> list[str]:
    """``[varints(values[a:b]) for a, b in pairs of bounds]``: many short lists (a term's postings) encoded
    in one pass over their concatenation, then cut (a call per small array costs more than its numbers)."""
    text, chars = _varints(np.asarray(values, dtype=np.uint64))
    cuts = np.concatenate(([0], np.cumsum(chars)))[np.asarray(bounds)].tolist()
    return [text[a:b] for a, b in zip(cuts[:-1], cuts[1:], strict=True)]


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


def front_coded(values: list[str]) -> str:
    """Sorted strings (the dates of meta's docs) each as how many characters it shares with the one before
    (``varints``) and the rest, joined by commas (js/data.js NS.unfront): ["2024-11-06", "2024-11-07"] ->
    "A2024-11-06,J7". The 1,698 dates of 5k articles: 4.1 KB deflated as a JSON list, 1.6 KB so."""
    out = []
    before = ""
    for value in values:
        if "," in value:
            raise ValueError(f"a comma in a front-coded value: {value!r}")
        shared = 0
        for a, b in zip(before, value, strict=False):
            if a != b:
                break
            shared += 1
        out.append(varints([shared]) + value[shared:])
        before = value
    return ",".join(out)


def unfront(text: str) -> list[str]:
    """The inverse of ``front_coded`` (for tests; the page has its own in js/data.js)."""
    out: list[str] = []
    before = ""
    for piece in text.split(",") if text else []:
        head = next(i for i, ch in enumerate(piece) if ALPHABET.index(ch) < 32) + 1
        before = before[:unvarints(piece[:head])[0]] + piece[head:]
        out.append(before)
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


def fnv1a_many(texts: list[str]) -> Array:
    """``[fnv1a(t) for t in texts]`` as a uint32 array, computed a character position at a time for all the
    texts still that long (a shard of 5k articles' data hashes 88,000 words)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    hashes = np.full(len(texts), 0x811C9DC5, dtype=np.uint32)
    at = np.cumsum(lengths) - lengths  # each text's next character
    live = np.arange(len(texts))  # the texts longer than k
    for k in range(int(lengths.max()) if len(texts) else 0):
        keep = np.flatnonzero(lengths[live] > k)
        live, at = live[keep], at[keep]
        hashes[live] = (hashes[live] ^ points[at]) * np.uint32(0x01000193)  # uint32 arithmetic: mod 2**32
        at = at + 1
    return hashes


def bucket(key: str, count: int) -> int:
    return fnv1a(key) % count if count > 1 else 0


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def to_json(value: Any) -> str:
    """Compact JSON that is also safe inside a script: nothing in it can close the script or open markup."""
    text = _JSON.encode(value)
    if text.isascii() and "<" not in text and ">" not in text and "&" not in text:
        return text  # most values of the search page's data: told five times faster than by _UNSAFE
    return _UNSAFE.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def member(key: str, value_json: str) -> str:
    """One member of a JSON object, its value already in JSON: ``"key":value``."""
    return f"{_UNSAFE.sub(_escape, _string(key))}:{value_json}"


def members(items: list[str]) -> str:
    """A JSON object from its members (``member``): the ``to_json`` of the dict they come from, made from
    JSON already written (a value's JSON does not depend on where it is; neither does the escaping)."""
    return "{" + ",".join(items) + "}"


def deflate(*parts: bytes) -> bytes:
    """Raw deflate of the parts one after the other, as the browser's ``DecompressionStream("deflate-raw")``
    reads it. Each part ends its deflate block, so that the next starts with codes of its own: columns of
    unlike bytes (the docs/ files) deflate to a tenth less so than run together (5k: 15.5 -> 13.8 KB)."""
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    return b"".join(z.compress(part) + z.flush(zlib.Z_BLOCK) for part in parts[:-1]) + z.compress(parts[-1]) + z.flush()


# Bytes as a script's string literal, a character a byte. The page loads its search/ scripts with
# charset="x-user-defined" (js/data.js, templates/search.html): the Encoding Standard's one-byte encoding, which
# reads 0x00-0x7F as ASCII and 0x80-0xFF as U+F780-U+F7FF, whose low byte is the byte (js/data.js NS.bytes).
# Only what would end the literal or a line is escaped, and "<", ">" (no data file holds markup characters;
# "\x3c" is 4 bytes: 2.3 of the 4.1% these escapes add), where base64 took 33% (5k, what every query loads:
# engine.js 77.3 -> 61.8 KB, start.js 57.1 -> 44.5 KB).
_RAW_ESCAPES = ((b"\\", b"\\\\"), (b'"', b'\\"'), (b"\n", b"\\n"), (b"\r", b"\\r"), (b"<", b"\\x3c"),
                (b">", b"\\x3e"))
_RAW_ESCAPED = re.compile(rb"\\(x[0-9a-f]{2}|.)", re.DOTALL)
_RAW_UNESCAPE = {b"\\": b"\\", b'"': b'"', b"n": b"\n", b"r": b"\r", b"x3c": b"<", b"x3e": b">"}


def raw_string(data: bytes) -> bytes:
    """``data`` as a string literal for a script read as x-user-defined: ``b'a"\\xff'`` -> ``b'"a\\\\"\\xff"'``."""
    for byte, escaped in _RAW_ESCAPES:  # the backslash first
        data = data.replace(byte, escaped)
    return b'"' + data + b'"'


def unraw(literal: bytes) -> bytes:
    """The inverse of ``raw_string`` (for tests and tools)."""
    if literal[:1] != b'"' or literal[-1:] != b'"':
        raise ValueError("not a string literal")
    return _RAW_ESCAPED.sub(lambda m: _RAW_UNESCAPE[m.group(1)], literal[1:-1])


def script(name: str, value: Any) -> bytes:
    """A data file: ``NewsSearch.data(name, value);``, the value's JSON deflated and its bytes in a string
    (``raw_string``) when that is smaller (a file's bytes are what a query pays for; the browser inflates it
    natively)."""
    return script_json(name, to_json(value))


def script_json(name: str, text: str) -> bytes:
    """``script`` of a value already in JSON (``to_json``). The file's other characters are ASCII (a page
    reads it as x-user-defined): a value whose JSON is not is always deflated."""
    data = text.encode("utf-8")
    packed = raw_string(deflate(data))
    # A key "__proto__" in a script's object literal would set the object's prototype instead of a member:
    # such a value goes through JSON.parse (the packed form), which keeps it a member.
    plain = len(data) <= len(packed) and text.isascii() and '"__proto__"' not in text
    return b"".join((f"NewsSearch.data({_ascii_name(name)},".encode(), data if plain else packed, b");\n"))


def script_bytes(name: str, fields: dict[str, int], key: str, data: bytes) -> bytes:
    """A data file whose value is ``fields`` and ``data`` under ``key``, in a string (``raw_string``):
    ``NewsSearch.data("docs/0",{"n":5000,"z":"<the bytes>"});``."""
    head = to_json(fields)[:-1] + ("," if fields else "")
    return b"".join((f"NewsSearch.data({_ascii_name(name)},{head}{to_json(key)}:".encode(), raw_string(data),
                     b"});\n"))


def _ascii_name(name: str) -> str:
    text = to_json(name)
    if not text.isascii():
        raise ValueError(f"a data file's name must be ASCII: {name!r}")
    return text


_FIELDS_THEN_BYTES = re.compile(rb'(\{.*?),?"(\w+)":(".*")\}', re.DOTALL)


def read_script(data: bytes) -> tuple[str, Any]:
    """The inverse of ``script`` and ``script_bytes`` (for tests and tools): (name, value), the bytes of
    ``script_bytes`` as bytes."""
    head, _, rest = data.partition(b",")
    name = json.loads(head[len(b"NewsSearch.data("):])
    rest = rest[:-len(b");\n")]
    if rest[:1] == b'"':
        return name, json.loads(zlib.decompress(unraw(rest), -15).decode("utf-8"))
    try:
        return name, json.loads(rest)
    except ValueError:
        found = _FIELDS_THEN_BYTES.fullmatch(rest)
        if found is None:
            raise
        value = json.loads(found.group(1) + b"}")
        value[found.group(2).decode()] = unraw(found.group(3))
        return name, value


# --- postings, as bundle.py writes them -------------------------------------------------------------------
def postings_many(ids: Array, weights: Array, starts: Array) -> tuple[Array, Array]:
    """``postings`` of many terms at once: term ``i`` has ``ids[starts[i]:starts[i + 1]]`` (ascending) and
    their weights. Returns the values of all, joined, and where each term's begin and end (for
    ``varints_split``): ``postings`` per term made three numpy calls per small array."""
    tf = weights.astype(np.int64)
    if not np.array_equal(tf, weights):
        raise ValueError("postings weights are not whole numbers")
    gaps = np.diff(ids, prepend=0)
    firsts = starts[:-1][starts[:-1] < starts[1:]]
    gaps[firsts] = ids[firsts]  # each term's first gap is from 0
    more = tf != 1
    before = np.concatenate(([0], np.cumsum(more)))  # frequencies written before each posting
    slot = np.arange(len(ids)) + before[:-1]
    values = np.empty(len(ids) + int(before[-1]), dtype=np.int64)
    values[slot] = (gaps << 1) | more
    values[slot[more] + 1] = tf[more]
    return values, starts + before[starts]


def positions_many(counts: Array, places: Array, starts: Array) -> tuple[Array, Array]:
    """``positions`` of many terms at once: term ``i`` has the postings ``starts[i]:starts[i + 1]``, each
    with ``counts`` positions of ``places`` (posting after posting). Returns the values and where each term's
    begin and end, as ``postings_many``."""
    n = len(counts)
    before = np.concatenate(([0], np.cumsum(counts)))  # positions before each posting
    first = np.zeros(len(places), dtype=bool)
    first[before[:-1][counts > 0]] = True
    gaps = places - np.concatenate(([0], places[:-1]))
    gaps[first] = places[first]
    values = np.empty(n + len(places), dtype=np.int64)
    count_slot = before[:-1] + np.arange(n)
    values[count_slot] = counts
    mask = np.ones(len(values), dtype=bool)
    mask[count_slot] = False
    values[mask] = gaps
    return values, starts + before[starts]
