"""ICU's word dictionaries, read from the ICU data the engine itself uses, for the search page's segmenter.

The engine splits Khmer, Lao, Thai and Burmese with ICU's dictionary break engines (``analysis/tokenize.py``,
PyICU). A browser ships its own, smaller ICU (Chromium's Khmer dictionary is 94 KB against 446 KB), which
splits differently, so the page reproduces ICU's algorithm (``js/segment.js``) over ICU's own word lists,
taken here from the ICU data library that PyICU loaded: its common-data table of contents leads to
``brkitr/<script>dict.dict``, whose BytesTrie is walked once to list its words.

    words("Khmer") -> ["ក", "កក", "កកកុញ", ...]            (81,028 words in ICU 77)
    shards("Khmer", words, count) -> {"dict/km/17": {"កា": ["A", "Bក", ...], "ក": [1, "ាិ..."]}, ...}

A query needs the words that start at each of its characters, so the lists are split by their first two
characters into small files (about 1.5 KB each), and a character's entry says whether it is a word by itself
and which second characters follow it. The data is ICU's (Unicode licence); the format here is ours.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import pack

# Scripts with a dictionary engine that ``js/segment.js`` reproduces: ICU file, set names for UnicodeSet.
DICTIONARIES = {"Khmer": ("khmerdict.dict", "Khmr"), "Lao": ("laodict.dict", "Laoo"),
                "Thai": ("thaidict.dict", "Thai"), "Myanmar": ("burmesedict.dict", "Mymr")}
SHARD_BYTES = 1500  # target size of a dictionary file
LEAF_BYTES = 2000  # a prefix whose words take more is split by its next character


class ICUDataError(RuntimeError):
    """ICU's data library could not be found or read."""


@cache
def icu_data() -> bytes:
    """The bytes of the ICU data library PyICU loaded (found through the process's memory map)."""
    import icu  # loads libicudata

    candidates: list[Path] = []
    maps = Path("/proc/self/maps")
    if maps.exists():
        for line in maps.read_text().splitlines():
            mapped = line.split(maxsplit=5)[-1] if len(line.split()) >= 6 else ""
            if "libicudata" in mapped:
                candidates.append(Path(mapped))
    folder = Path(icu.__file__).resolve().parent
    candidates += sorted(folder.parent.glob("*icu*libs/libicudata*")) + sorted(folder.parent.glob("icu*/libicudata*"))
    for candidate in candidates:
        if candidate.is_file():
            return candidate.read_bytes()
    raise ICUDataError("cannot find the ICU data library (libicudata) that PyICU uses")


@cache
def _table_of_contents() -> dict[str, int]:
    """Item name -> offset of its data, from the common-data package ("CmnD") inside the library."""
    data = icu_data()
    for m in re.finditer(rb"CmnD", data):
        header = m.start() - 12
        if header < 0 or data[header + 2:header + 4] != b"\xda\x27":
            continue
        toc = header + struct.unpack_from("<H", data, header)[0]
        count = struct.unpack_from("<I", data, toc)[0]
        items = {}
        for i in range(count):
            name_at, data_at = struct.unpack_from("<II", data, toc + 4 + 8 * i)
            end = data.index(b"\0", toc + name_at)
            items[data[toc + name_at:end].decode("ascii")] = toc + data_at
        if any(name.endswith(".dict") for name in items):
            return items
    raise ICUDataError("no common-data table of contents with dictionaries in the ICU data library")


def _trie(filename: str) -> tuple[bytes, int]:
    """The BytesTrie of a .dict item and its character transform (offset of the script's block)."""
    items = _table_of_contents()
    name = next((n for n in items if n.endswith("/brkitr/" + filename)), None)
    if name is None:
        raise ICUDataError(f"ICU data has no {filename}")
    data = icu_data()
    start = items[name]
    base = start + struct.unpack_from("<H", data, start)[0]
    indexes = struct.unpack_from("<8i", data, base)  # trie offset, ..., total size, trie type, transform
    if indexes[4] & 7 != 0 or indexes[5] >> 24 != 1:
        raise ICUDataError(f"{filename}: not a byte trie with an offset transform")
    return data[base + indexes[0]:base + indexes[3]], indexes[5] & 0x1FFFFF


def _walk(trie: bytes) -> list[bytes]:
    """Every byte string the trie holds a value for (ICU's BytesTrie serialisation, bytestrie.h)."""
    out: list[bytes] = []

    def value_bytes(lead: int) -> int:
        v = lead >> 1
        return 0 if v < 0x51 else 1 if v < 0x6C else 2 if v < 0x7E else 3 if v == 0x7E else 4

    def value(pos: int, lead: int) -> int:  # pos: after the lead byte
        v = lead >> 1
        if v < 0x51:
            return v - 0x10
        n = value_bytes(lead)
        rest = int.from_bytes(trie[pos:pos + n], "big")
        if v < 0x6C:
            return ((v - 0x51) << 8) | rest
        if v < 0x7E:
            return ((v - 0x6C) << 16) | rest
        return rest

    def delta(pos: int) -> tuple[int, int]:  # (value, position after it)
        d = trie[pos]
        if d < 0xC0:
            return d, pos + 1
        if d < 0xF0:
            return ((d - 0xC0) << 8) | trie[pos + 1], pos + 2
        if d < 0xFE:
            return ((d - 0xF0) << 16) | int.from_bytes(trie[pos + 1:pos + 3], "big"), pos + 3
        n = 3 if d == 0xFE else 4
        return int.from_bytes(trie[pos + 1:pos + 1 + n], "big"), pos + 1 + n

    stack: list[tuple[str, int, int, bytes]] = [("node", 0, 0, b"")]
    while stack:
        kind, pos, length, prefix = stack.pop()
        if kind == "node":
            while True:
                lead = trie[pos]
                pos += 1
                if lead < 0x10:  # branch
                    if lead == 0:
                        lead = trie[pos]
                        pos += 1
                    stack.append(("branch", pos, lead + 1, prefix))
                    break
                if lead < 0x20:  # linear match of 1..16 bytes
                    n = lead - 0x10 + 1
                    prefix += trie[pos:pos + n]
                    pos += n
                    continue
                out.append(prefix)  # a value: the bytes so far are a word
                if lead & 1:
                    break
                pos += value_bytes(lead)
            continue
        # A branch over ``length`` bytes: halves (a comparison byte and a jump), then a linear list.
        while length > 5:
            target, after = delta(pos + 1)
            stack.append(("branch", after + target, length >> 1, prefix))
            pos = after
            length -= length >> 1
        for _ in range(length - 1):
            key = trie[pos]
            lead = trie[pos + 1]
            after = pos + 2 + value_bytes(lead)
            if lead & 1:
                out.append(prefix + bytes([key]))
            else:
                stack.append(("node", after + value(pos + 2, lead), 0, prefix + bytes([key])))
            pos = after
        stack.append(("node", pos + 1, 0, prefix + bytes([trie[pos]])))
    return out


@cache
def words(script: str) -> list[str]:
    """ICU's dictionary of ``script`` (a key of ``DICTIONARIES``), sorted."""
    trie, offset = _trie(DICTIONARIES[script][0])

    def char(b: int) -> str:
        return "\u200d" if b == 0xFF else "\u200c" if b == 0xFE else chr(offset + b)

    return sorted("".join(map(char, w)) for w in _walk(trie))


def unicode_set(pattern: str) -> list[list[int]]:
    """A UnicodeSet pattern evaluated by ICU, as [first, last] code point ranges."""
    import icu

    s = icu.UnicodeSet(pattern)
    return [[ord(s.getRangeStart(i)), ord(s.getRangeEnd(i))] for i in range(s.getRangeCount())]


@dataclass(frozen=True, slots=True)
class Engine:
    """What js/segment.js needs for one script: its character sets (evaluated by this ICU) and files."""

    script: str
    folder: str
    count: int  # dictionary files
    sets: dict[str, list[list[int]]]

    def as_dict(self) -> dict[str, Any]:
        return {"script": self.script, "folder": self.folder, "count": self.count, "sets": self.sets}


def engine(script: str) -> Engine:
    code = DICTIONARIES[script][1]
    sa = f"[[:{code}:]&[:LineBreak=SA:]]"
    sets = {"chars": unicode_set(sa), "marks": unicode_set(f"[[:{code}:]&[:LineBreak=SA:]&[:M:]]")}
    total = sum(len(w.encode()) for w in words(script))
    return Engine(script, f"dict/{code.lower()}", max(1, total // SHARD_BYTES), sets)


def shards(e: Engine) -> dict[str, dict[str, Any]]:
    """Dictionary files, by bucket of key. A key is a prefix; its entry is either a split,
    ``[1 if the prefix is a word else 0, "characters that can follow"]`` (each continuing under the longer
    key), or a leaf: the words with that prefix, sorted and front-coded (ALPHABET[characters shared with the
    previous word] + the rest, after the prefix; the prefix itself, if a word, is ""). One character is
    always a split; longer prefixes split while their words take more than ``LEAF_BYTES``."""
    files: dict[str, dict[str, Any]] = {f"{e.folder}/{i}": {} for i in range(e.count)}

    def put(key: str, value: Any) -> None:
        files[f"{e.folder}/{pack.bucket(key, e.count)}"][key] = value

    def node(key: str, group: list[str]) -> None:  # group: the words starting with key, sorted
        if len(key) >= 2 and sum(len(w.encode()) for w in group) - len(key.encode()) * len(group) <= LEAF_BYTES:
            coded, previous = [], ""
            for w in group:
                rest = w[len(key):]
                shared = 0
                while shared < min(len(rest), len(previous), 63) and rest[shared] == previous[shared]:
                    shared += 1
                coded.append(pack.ALPHABET[shared] + rest[shared:])
                previous = rest
            put(key, coded)
            return
        nexts: dict[str, list[str]] = {}
        for w in group:
            if len(w) > len(key):
                nexts.setdefault(w[len(key)], []).append(w)
        put(key, [1 if group and group[0] == key else 0, "".join(nexts)])
        for ch, longer in nexts.items():
            node(key + ch, longer)

    firsts: dict[str, list[str]] = {}
    for w in words(e.script):
        firsts.setdefault(w[0], []).append(w)
    for first, group in firsts.items():
        node(first, group)
    return files


def word_break_classes(ranges: str) -> dict[str, list[list[int]]]:
    """ICU's Word_Break classes that matter inside runs of scripts without spaces, for the code points of
    ``ranges`` (a regex character-class body): letters (ALetter, Katakana, Hebrew, and Complex_Context),
    numbers, and extenders (Extend, Format, ZWJ), as code point ranges."""
    import icu

    points: list[int] = []
    for m in re.finditer(r"(.)(?:-(.))?", ranges, re.S):
        first = ord(m[1])
        last = ord(m[2]) if m[2] else first
        points.extend(range(first, last + 1))
    classes: dict[str, list[list[int]]] = {"letter": [], "number": [], "extend": []}
    sa = icu.UnicodeSet("[:LineBreak=SA:]")
    for cp in sorted(set(points)):
        ch = chr(cp)
        wb = icu.Char.getIntPropertyValue(ch, icu.UProperty.WORD_BREAK)
        if wb in (2, 9, 21):  # Format, Extend, ZWJ
            name = "extend"
        elif wb in (1, 3, 14) or sa.contains(ch):  # ALetter, Katakana, Hebrew_Letter; Complex_Context
            name = "letter"
        elif wb == 6:
            name = "number"
        else:
            continue
        spans = classes[name]
        if spans and spans[-1][1] == cp - 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return classes
