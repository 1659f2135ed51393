"""ICU's word dictionaries, read from the ICU data the engine itself uses, for the search page's segmenter.

The engine splits Khmer, Lao, Thai, Burmese, Chinese and Japanese with ICU's dictionary break engines
(``analysis/tokenize.py``, PyICU). A browser ships its own, smaller ICU (Chromium's Khmer dictionary is 94 KB
against 446 KB), which splits differently, so the page reproduces ICU's algorithms (``js/segment.js``) over
ICU's own word lists, taken here from the ICU data library that PyICU loaded: its common-data table of
contents leads to ``brkitr/<script>dict.dict``, whose trie is walked once to list its words. The Khmer, Lao,
Thai and Burmese lists are byte tries of words; the Chinese and Japanese one (``cjdict.dict``) is a trie of
16-bit units whose every word carries a cost (lower: more likely), which ICU's CJK engine adds up to choose
the cheapest split of a run.

    entries("Khmer") -> [("ក", 0), ("កក", 0), ...]            (81,028 words in ICU 77)
    entries("Han") -> [("〆切", 103), ..., ("中国", 48), ...]   (315,964 words)
    shards(engine("Khmer")) -> {"dict/khmr/17": {"ជឹ": ["Aក", "Aង"]}, ...}
    firsts("Khmer") -> {"ក": [1, "កខគ...ាិ..."], ...}          (one character: in engine.js)

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


@dataclass(frozen=True, slots=True)
class Dictionary:
    """One of ICU's dictionary break engines: its word list and the characters it handles (as ICU 77's
    ``dictbe.cpp`` sets them up)."""

    file: str
    folder: str
    chars: str  # UnicodeSet pattern
    costs: bool = False  # words carry costs (the CJK engine) instead of being a plain list


def _complex(code: str) -> str:
    return f"[[:{code}:]&[:LineBreak=SA:]]"


# Scripts with a dictionary engine that ``js/segment.js`` reproduces.
DICTIONARIES = {
    "Khmer": Dictionary("khmerdict.dict", "khmr", _complex("Khmr")),
    "Lao": Dictionary("laodict.dict", "laoo", _complex("Laoo")),
    "Thai": Dictionary("thaidict.dict", "thai", _complex("Thai")),
    "Myanmar": Dictionary("burmesedict.dict", "mymr", _complex("Mymr")),
    "Han": Dictionary("cjdict.dict", "hani", "[[:Han:][:Hiragana:][:Katakana:]\\u30fc\\uff70\\uff9e\\uff9f]",
                      costs=True),
}
SHARD_BYTES = 1500  # target size of a dictionary file
# A prefix whose words take more is split by its next character, each longer prefix loaded after it. Measured
# on the 200 Khmer benchmark queries (5k): 2,000 / 4,000 / 8,000 / 16,000 bytes: dictionary files per query
# p95 25 / 23 / 21 / 19, KB p95 18.3 / 17.2 / 18.9 / 20.7, rounds of loading at most 5 / 4 / 4 / 4.
LEAF_BYTES = 8000


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


def _item(filename: str) -> tuple[bytes, tuple[int, ...]]:
    """A .dict item's trie bytes and its header (trie offset, ..., total size, trie type, transform)."""
    items = _table_of_contents()
    name = next((n for n in items if n.endswith("/brkitr/" + filename)), None)
    if name is None:
        raise ICUDataError(f"ICU data has no {filename}")
    data = icu_data()
    start = items[name]
    base = start + struct.unpack_from("<H", data, start)[0]
    indexes = struct.unpack_from("<8i", data, base)
    return data[base + indexes[0]:base + indexes[3]], indexes


def _trie(filename: str) -> tuple[bytes, int]:
    """The BytesTrie of a .dict item and its character transform (offset of the script's block)."""
    trie, indexes = _item(filename)
    if indexes[4] & 7 != 0 or indexes[5] >> 24 != 1:
        raise ICUDataError(f"{filename}: not a byte trie with an offset transform")
    return trie, indexes[5] & 0x1FFFFF


def _uchars_walk(filename: str) -> list[tuple[str, int]]:
    """Every (word, value) of a UCharsTrie item (ICU's serialisation, ucharstrie.h): 16-bit units, a node's
    lead unit says branch (< 0x30), linear match (< 0x40) or value (bit 15: final; otherwise the value
    shares its lead unit with the next node)."""
    raw, indexes = _item(filename)
    if indexes[4] & 7 != 1:
        raise ICUDataError(f"{filename}: not a UChars trie")
    t = struct.unpack(f"<{len(raw) // 2}H", raw)
    out: list[tuple[str, int]] = []

    def value(pos: int, lead: int) -> tuple[int, int]:  # a final or branch value; lead without bit 15
        if lead < 0x4000:
            return lead, pos
        if lead < 0x7FFF:
            return ((lead - 0x4000) << 16) | t[pos], pos + 1
        return (t[pos] << 16) | t[pos + 1], pos + 2

    def node_value(pos: int, lead: int) -> tuple[int, int]:  # a value sharing its lead unit with a node
        if lead < 0x4040:
            return (lead >> 6) - 1, pos
        if lead < 0x7FC0:
            return (((lead & 0x7FC0) - 0x4040) << 10) | t[pos], pos + 1
        return (t[pos] << 16) | t[pos + 1], pos + 2

    def delta(pos: int) -> tuple[int, int]:
        d = t[pos]
        if d < 0xFC00:
            return d, pos + 1
        if d == 0xFFFF:
            return (t[pos + 1] << 16) | t[pos + 2], pos + 3
        return ((d - 0xFC00) << 16) | t[pos + 1], pos + 2

    stack: list[tuple[bool, int, int, str]] = [(True, 0, 0, "")]
    while stack:
        is_node, pos, length, prefix = stack.pop()
        if is_node:
            while True:
                lead = t[pos]
                pos += 1
                if lead >= 0x40:
                    if lead & 0x8000:
                        v, pos = value(pos, lead & 0x7FFF)
                        out.append((prefix, v))
                        break
                    v, pos = node_value(pos, lead)
                    out.append((prefix, v))
                    lead &= 0x3F
                if lead < 0x30:  # branch
                    if lead == 0:
                        lead = t[pos]
                        pos += 1
                    stack.append((False, pos, lead + 1, prefix))
                    break
                n = lead - 0x30 + 1  # linear match
                prefix += "".join(map(chr, t[pos:pos + n]))
                pos += n
            continue
        while length > 5:  # halves: a comparison unit, then the jump to the lower half
            target, after = delta(pos + 1)
            stack.append((False, after + target, length >> 1, prefix))
            pos = after
            length -= length >> 1
        for _ in range(length - 1):  # a linear list of (unit, final value or jump)
            key, lead = t[pos], t[pos + 1]
            v, after = value(pos + 2, lead & 0x7FFF)
            if lead & 0x8000:
                out.append((prefix + chr(key), v))
            else:
                stack.append((True, after + v, 0, prefix + chr(key)))
            pos = after
        stack.append((True, pos + 1, 0, prefix + chr(t[pos])))
    return out


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
def entries(script: str) -> list[tuple[str, int]]:
    """ICU's dictionary of ``script`` (a key of ``DICTIONARIES``): (word, cost) sorted by word; the cost is 0
    for the lists without costs."""
    d = DICTIONARIES[script]
    if d.costs:
        return sorted(_uchars_walk(d.file))
    trie, offset = _trie(d.file)

    def char(b: int) -> str:
        return "\u200d" if b == 0xFF else "\u200c" if b == 0xFE else chr(offset + b)

    return sorted(("".join(map(char, w)), 0) for w in _walk(trie))


def words(script: str) -> list[str]:
    """ICU's dictionary of ``script``, sorted."""
    return [w for w, _ in entries(script)]


def unicode_set(pattern: str) -> list[list[int]]:
    """A UnicodeSet pattern evaluated by ICU, as [first, last] code point ranges."""
    import icu

    s = icu.UnicodeSet(pattern)
    return [[ord(s.getRangeStart(i)), ord(s.getRangeEnd(i))] for i in range(s.getRangeCount())]


def _ranges(points: list[int]) -> list[list[int]]:
    """Sorted code points -> [first, last] ranges."""
    out: list[list[int]] = []
    for p in points:
        if out and out[-1][1] == p - 1:
            out[-1][1] = p
        else:
            out.append([p, p])
    return out


@dataclass(frozen=True, slots=True)
class Engine:
    """What js/segment.js needs for one script: its character sets (evaluated by this ICU) and files."""

    script: str
    folder: str
    count: int  # dictionary files
    sets: dict[str, list[list[int]]]
    costs: bool

    def as_dict(self) -> dict[str, Any]:
        return {"script": self.script, "folder": self.folder, "count": self.count, "sets": self.sets,
                "costs": self.costs, "splits": splits(self.script), "firsts": firsts(self.script)}


@cache
def engine(script: str) -> Engine:
    d = DICTIONARIES[script]
    sets = {"chars": unicode_set(d.chars), "marks": unicode_set(f"[{d.chars}&[:M:]]")}
    if not d.costs:  # the characters that begin a word (a few ranges; Chinese and Japanese: thousands)
        sets["starts"] = _ranges(sorted({ord(w[0]) for w in words(script)}))
    total = sum(len(w.encode()) + (4 if d.costs else 0) for w in words(script))
    return Engine(script, f"dict/{d.folder}", max(1, total // SHARD_BYTES), sets, d.costs)


def entries_of(e: Engine) -> dict[str, Any]:
    """Every prefix's entry. A key is a prefix; its entry is either a split,
    ``[0 if the prefix is no word, else 1 + its cost, "characters that can follow"]`` (each continuing under
    the longer key), or a leaf: the words with that prefix, sorted and front-coded (ALPHABET[characters
    shared with the previous word] + the rest, after the prefix; the prefix itself, if a word, is ""), then
    ``,cost`` for a list with costs. One character is always a split; longer prefixes split while their
    words take more than ``LEAF_BYTES``."""
    out: dict[str, Any] = {}

    def node(key: str, group: list[tuple[str, int]]) -> None:  # the words starting with key, sorted
        size = sum(len(w.encode()) for w, _ in group) - len(key.encode()) * len(group)
        if len(key) >= 2 and size <= LEAF_BYTES:
            coded, previous = [], ""
            for w, cost in group:
                rest = w[len(key):]
                shared = 0
                while shared < min(len(rest), len(previous), 63) and rest[shared] == previous[shared]:
                    shared += 1
                coded.append(pack.ALPHABET[shared] + rest[shared:] + (f",{cost}" if e.costs else ""))
                previous = rest
            out[key] = coded
            return
        nexts: dict[str, list[tuple[str, int]]] = {}
        for w, cost in group:
            if len(w) > len(key):
                nexts.setdefault(w[len(key)], []).append((w, cost))
        out[key] = [1 + group[0][1] if group and group[0][0] == key else 0, "".join(nexts)]
        for ch, longer in nexts.items():
            node(key + ch, longer)

    by_first: dict[str, list[tuple[str, int]]] = {}
    for w, cost in entries(e.script):
        by_first.setdefault(w[0], []).append((w, cost))
    for first, group in by_first.items():
        node(first, group)
    return out


def shards(e: Engine) -> dict[str, dict[str, Any]]:
    """Dictionary files, by bucket of key (``entries_of``), without the one-character entries of a list
    without costs: those travel in search/engine.js (``firsts``: ``engine.engine_source``)."""
    files: dict[str, dict[str, Any]] = {f"{e.folder}/{i}": {} for i in range(e.count)}
    for key, value in entries_of(e).items():
        if len(key) > 1 or e.costs:
            files[f"{e.folder}/{pack.bucket(key, e.count)}"][key] = value
    return files


def rangeable(script: str) -> bool:
    """Whether the entries of ``script`` go among the word groups filed by ranges (bundle.py DICT_MARK) rather
    than into dict/ files of their own: a list without costs (Khmer, Lao, Thai, Burmese), whose one-character
    entries travel in engine.js; Chinese and Japanese (2,597 files, thousands of ideographs) keep theirs."""
    return not DICTIONARIES[script].costs


def members(script: str) -> dict[str, Any]:
    """The entries ``shards`` files, by key, for the files by ranges (bundle.py DICT_MARK)."""
    return {key: value for content in _shards(script).values() for key, value in content.items()}


@cache
def _entries(script: str) -> dict[str, Any]:
    return entries_of(engine(script))


@cache
def _shards(script: str) -> dict[str, dict[str, Any]]:
    return shards(engine(script))


@cache
def firsts(script: str) -> dict[str, Any]:
    """The one-character entries of a list without costs (Khmer: 49 of them, 1.2 KB deflated), for
    search/engine.js (page format 17; the meta file before): every character of a query begins some entry, and
    a file costs the page about 1.5 ms whatever it holds (a Khmer phrase asked for 15.5 files at the median, 7 of
    them only for a character's own entry or a prefix the dictionary lacks). With them at hand the page also asks
    for a two-character prefix only when its first character's entry lists the second. Chinese and Japanese: none
    (thousands of ideographs: they stay in the files)."""
    if DICTIONARIES[script].costs:
        return {}
    return {k: v for k, v in _entries(script).items() if len(k) == 1}


@cache
def splits(script: str) -> str:
    """The prefixes of two characters or more whose entries are splits (``shards``), each followed by a space:
    js/segment.js asks for their longer prefixes with the rest, in one round, rather than level by level
    (Khmer: 53 such prefixes, 396 bytes, up to seven characters: up to five rounds of one or two files)."""
    return "".join(f"{k} " for f in _shards(script).values() for k, v in sorted(f.items())
                   if len(k) >= 2 and isinstance(v[0], int))


@cache
def files(script: str) -> tuple[tuple[str, bytes], ...]:
    """The dictionary files of ``script`` as the page loads them (``search/<name>.js``), made once per process:
    the Chinese and Japanese list is 2,597 files, 2 s to build and pack."""
    return tuple((f"search/{name}.js", pack.script(name, content)) for name, content in _shards(script).items())


def word_break_classes(ranges: str) -> dict[str, list[list[int]]]:
    """ICU's Word_Break classes that matter inside runs of scripts without spaces, for the code points of
    ``ranges`` (a regex character-class body): letters (ALetter, Katakana, Hebrew, Complex_Context, and the
    ideographs and kana of the CJK engine),
    numbers, and extenders (Extend, Format, ZWJ), as code point ranges."""
    import icu

    points: list[int] = []
    for m in re.finditer(r"(.)(?:-(.))?", ranges, re.S):
        first = ord(m[1])
        last = ord(m[2]) if m[2] else first
        points.extend(range(first, last + 1))
    classes: dict[str, list[list[int]]] = {"letter": [], "number": [], "extend": []}
    sa = icu.UnicodeSet("[:LineBreak=SA:]")
    cj = icu.UnicodeSet(DICTIONARIES["Han"].chars)  # ICU's word rules leave these to the CJK engine
    for cp in sorted(set(points)):
        ch = chr(cp)
        wb = icu.Char.getIntPropertyValue(ch, icu.UProperty.WORD_BREAK)
        if wb in (2, 9, 21):  # Format, Extend, ZWJ
            name = "extend"
        elif wb in (1, 3, 14) or sa.contains(ch) or cj.contains(ch):  # ALetter, Katakana, Hebrew; dictionary
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
