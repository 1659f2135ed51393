"""Khmer spelling normalisation for search: one string for spellings that render alike.

``normalize_khmer(text)`` maps every encoding of a Khmer word that looks the same on screen (or is an
accepted variant spelling of the same word) to one canonical string. It is meant for the index and the
query alike; it is not meant for display. Rules (see REPORT.md for sources and counts on km-news):

===  ==================================================================  ============================
id   rule                                                                length change per hit
===  ==================================================================  ============================
ZW   ZWNJ, ZWJ, WJ, ZWNBSP/BOM, SHY, INVISIBLE SEPARATOR between two       -1 per character removed
     Khmer characters are removed; ZWSP (U+200B) is removed only where
     it splits a cluster (before a Khmer mark/coeng, or after a coeng).
     ZWSP between syllables is kept: it is the publisher's word
     separator, which the engine's tokenizer uses.
INH  U+17B4, U+17B5 (invisible inherent vowels) removed                   -1
DEP  U+17A3 -> U+17A2; U+17A4 -> U+17A2 U+17B6; U+17A8 -> U+17A7 U+1780;  0 / +1 / +1 / +2
     U+17D8 -> U+17D4 U+179B U+17D4 (deprecated / discouraged chars)
QOO  U+17B2 (ឲ) -> U+17B1 (ឱ)  (ឲ្យ / ឱ្យ 'give')                          0
DA   COENG DA (U+17D2 U+178A) -> COENG TA (U+17D2 U+178F)                0
ORD  marks of a cluster sorted into one order: base, robat, subscripts   0 (pure reordering)
     (COENG RO last), register shifter, vowel, other signs, REAHMUK /
     YUUKALEAPINTU last (Unicode ch. 16 syllable order; SIL khnormal /
     UTN #61 categories); a consonant that NFC parted from its COENG
     (COENG, ATTHACAN, consonant) is given back to it
DUP  repeated mark, repeated subscript, repeated COENG collapsed          -1 per copy removed
VOW  split vowels joined: E+II -> OE, E+AA -> OO; OE+AA -> OO+II          -1 / -1 / 0
SHU  before an upper vowel or SAMYOK SANNYA, vowel U (U+17BB) and the     0
     shifters render alike: U -> shifter, and (except in clusters
     with BA) the shifter is the one of the cluster's series
     (TRIISAP U+17CA if the cluster has a first-series consonant,
     MUUSIKATOAN U+17C9 otherwise; U -> MUUSIKATOAN with BA)
===  ==================================================================  ============================

Unicode normalisation does not do any of this: Khmer marks have canonical combining class 0, except
COENG (ccc 9) and ATTHACAN U+17DD (ccc 230). The canonical order chosen here puts COENG before every
other mark, so the output is stable under NFC/NFD (``nfc(normalize_khmer(nfc(x))) == normalize_khmer(nfc(x))``).

``normalize_khmer`` is idempotent. With ``stats=collections.Counter()`` it counts the hits of each rule,
and ``length_delta(stats)`` gives the exact change of ``len`` (see the table).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable

__all__ = ["normalize_khmer", "length_delta", "RULES", "LENGTH_DELTA"]

RULES = ("ZW", "INH", "DEP", "QOO", "DA", "ORD", "DUP", "VOW", "SHU")

COENG = "\u17d2"
RO = "\u179a"
BA = "\u1794"
_BASE = "\u1780-\u17b3"  # consonants + independent vowels (U+17A3/U+17A4 are replaced before clustering)
_MARK = "\u17b4-\u17d1\u17d3\u17dd"  # dependent vowels and signs, without COENG (U+17D2)
_KHMER = "\u1780-\u17ff\u19e0-\u19ff"
_ZW = "\u200c\u200d\u2060\ufeff\u00ad\u2063"  # removed between Khmer characters (never ZWSP)

# --- character-level rules (C-speed str.replace / one regex each) ------------------------------------
_DEP_REPL = (("\u17a3", "\u17a2"), ("\u17a4", "\u17a2\u17b6"), ("\u17a8", "\u17a7\u1780"),
             ("\u17d8", "\u17d4\u179b\u17d4"))
_INH = str.maketrans("", "", "\u17b4\u17b5")
_ANY_KHMER = re.compile("[\u1780-\u17ff]")
_ZW_RX = re.compile(f"[{_ZW}]+")  # only run when one of these is in the text (rare)
# ZWSP inside a cluster: before a mark or COENG (one at a time: a literal first character keeps it fast).
_ZWSP_RX = re.compile("\u200b(?=[\u17b4-\u17d3\u17dd])")
_COENG_ZW_RX = re.compile(f"\u17d2[\u200b{_ZW}]+(?=[{_BASE}])")  # ZW between COENG and its consonant


def _remove_zw(text: str, stats: Counter[str] | None) -> str:
    n = len(text)
    if any(z in text for z in _ZW):
        def zw(m: re.Match[str]) -> str:
            a, b = m.start(), m.end()
            if a and b < len(text) and "\u1780" <= text[a - 1] <= "\u17ff" and "\u1780" <= text[b] <= "\u17ff":
                return ""
            return m.group()
        text = _ZW_RX.sub(zw, text)
    if "\u200b" in text:
        def zwsp(m: re.Match[str]) -> str:
            a = m.start()
            return "" if a and "\u1780" <= text[a - 1] <= "\u17ff" else m.group()
        while True:  # a run of ZWSPs before a mark loses one per pass (runs are rare)
            new = _ZWSP_RX.sub(zwsp, text)
            if new == text:
                break
            text = new
        if "\u17d2\u200b" in text:
            text = _COENG_ZW_RX.sub("\u17d2", text)
    if stats is not None:
        stats["ZW"] += n - len(text)
    return text


# --- cluster rules ---------------------------------------------------------------------------------
# A cluster: a base, then subscripts (COENG(s) + base) and marks.
_CLUSTER_RX = re.compile(f"[{_BASE}](?:\u17d2+[{_BASE}]?|[{_MARK}])*")
_CHUNK_RX = re.compile(f"\u17d2+[{_BASE}]?|.", re.S)
# Candidates for a non-canonical cluster: two adjacent marks (filtered by _BAD_PAIRS, built below from the
# sort order), or a subscript followed by ROBAT or by another subscript. One regex of two branches, each
# starting with a character class, keeps the scan in C; the filter runs on ~2% of the characters.
_CAND_RX = re.compile("[\u17b6-\u17d3\u17dd][\u17b6-\u17d3\u17dd]|\u17d2[\u1780-\u17b3][\u17cc\u17d2]")

# Sort keys of the non-base chunks.
_CAT: dict[str, int] = {"\u17cc": 2, "\u17c9": 5, "\u17ca": 5}
for _c in "\u17be\u17bf\u17c0\u17c1\u17c2\u17c3\u17c4\u17c5":
    _CAT[_c] = 7  # vowels written before the base (and OE, YA, IE, OO, AU)
for _c in "\u17bb\u17bc\u17bd":
    _CAT[_c] = 8  # below
for _c in "\u17b7\u17b8\u17b9\u17ba":
    _CAT[_c] = 9  # above
_CAT["\u17b6"] = 10  # after
for _c in "\u17c6\u17cb\u17cd\u17ce\u17cf\u17d0\u17d1\u17d3\u17dd":
    _CAT[_c] = 11  # other signs
_CAT["\u17c7"] = _CAT["\u17c8"] = 12  # spacing signs last
_CAT["\u17b4"] = _CAT["\u17b5"] = 13  # only when INH is off
_UPPER = frozenset("\u17b7\u17b8\u17b9\u17ba\u17be\u17bf\u17d0\u17dd")
# First-series (a-series) consonants; everything else that takes a shifter is second series.
_SERIES1 = frozenset("\u1780\u1781\u1785\u1786\u178a\u178b\u178e\u178f\u1790\u1794\u1795\u179d\u179e\u179f"
                     "\u17a0\u17a1\u17a2")


_VOWELS = "".join(chr(c) for c in range(0x17B6, 0x17C6))
_MARKS_ALL = [chr(c) for c in range(0x17B6, 0x17D4)] + ["\u17dd"]


def _bad_pair(a: str, b: str) -> bool:
    if a == b:
        return True  # doubled mark or COENG
    if b == COENG:
        return a != "\u17cc"  # a mark typed before a subscript (ROBAT belongs before it)
    if a == COENG:
        return False  # COENG without a consonant: left alone
    if a in _VOWELS and b in _VOWELS:
        return True  # two vowels: split vowel (E+II...) or wrong order
    if a in "\u17bb\u17c9\u17ca" and b in _UPPER:
        return True  # U / shifter before an upper vowel
    return _CAT.get(a, 14) > _CAT.get(b, 14)


_BAD_PAIRS = frozenset(a + b for a in _MARKS_ALL for b in _MARKS_ALL if _bad_pair(a, b))
_SHIFT_AA = frozenset(("\u17c9\u17b6", "\u17ca\u17b6", "\u17bb\u17b6"))  # bad when NIKAHIT follows (ាំ is upper)


def _right_shifter(text: str, i: int) -> bool:
    """Fast path: the shifter at i follows a lone base (no subscript) and is the one SHU would choose."""
    if i < 1:
        return False
    b = text[i - 1]
    if not ("\u1780" <= b <= "\u17b3") or (i >= 2 and text[i - 2] == COENG):
        return False
    if b == BA:
        return True  # BA keeps either shifter
    return text[i] == ("\u17ca" if b in _SERIES1 else "\u17c9")


def _is_bad(text: str, m: re.Match[str]) -> bool:
    g = m.group()
    if len(g) == 2:
        if g in _BAD_PAIRS:
            if g[0] in "\u17c9\u17ca" and g[1] in _UPPER:
                return not _right_shifter(text, m.start())
            return True
        return g in _SHIFT_AA and text.startswith("\u17c6", m.end()) and not (
            g[0] != "\u17bb" and _right_shifter(text, m.start()))
    # COENG, consonant, then ROBAT or COENG
    return g[2] == "\u17cc" or g[1] == RO or text.startswith(g[1], m.end())


def _chunk_key(chunk: str) -> int:
    if chunk[0] == COENG:
        return 4 if chunk[-1] == RO else 3  # subscripts; COENG RO after the others
    return _CAT.get(chunk, 14)


def _dedupe(chunks: list[str], stats: Counter[str] | None) -> list[str]:
    out = [chunks[0]]
    for ch in chunks[1:]:
        if ch == out[-1]:
            if stats is not None:
                stats["DUP"] += len(ch)  # a mark, or COENG + consonant
            continue
        out.append(ch)
    return out


_OE_AA = re.compile("\u17be\u17b6")
_E_II = re.compile("\u17c1([\u17bb-\u17bd]?)\u17b8")
_E_AA = re.compile("\u17c1([\u17bb-\u17bd]?)\u17b6")


def _fix_cluster(cluster: str, rules: frozenset[str], stats: Counter[str] | None) -> str:
    base = cluster[0]
    chunks = _CHUNK_RX.findall(cluster, 1)
    if "DUP" in rules:
        for i, ch in enumerate(chunks):
            if len(ch) >= 2 and ch[1] == COENG:  # COENG COENG (...) -> COENG
                k = len(ch) - len(ch.lstrip(COENG)) - 1
                if stats is not None:
                    stats["DUP"] += k
                chunks[i] = ch[k:]
    if "ORD" in rules:
        new = sorted(chunks, key=_chunk_key)
        if stats is not None and new != chunks:
            stats["ORD"] += 1
        chunks = new
    if "DUP" in rules and len(chunks) > 1:
        chunks = _dedupe(chunks, stats)
    if "VOW" in rules or "SHU" in rules:
        body = "".join(chunks)
        if "VOW" in rules:
            body, n = _OE_AA.subn("\u17c4\u17b8", body)
            body, m = _E_II.subn("\u17be\\1", body)
            body, k = _E_AA.subn("\u17c4\\1", body)
            if stats is not None:
                stats["VOW"] += m + k  # two characters -> one
                stats["VOW0"] += n  # OE+AA -> OO+II: same length
        if "SHU" in rules:
            body = _shifter_upper(base, body, stats)
        chunks = _CHUNK_RX.findall(body)
        if "ORD" in rules:
            chunks = sorted(chunks, key=_chunk_key)
        if "DUP" in rules and len(chunks) > 1:
            chunks = _dedupe(chunks, stats)
    return base + "".join(chunks)


def _shifter_upper(base: str, body: str, stats: Counter[str] | None) -> str:
    """U or a shifter before an upper vowel / SAMYOK SANNYA renders as a subscript U: pick one spelling."""
    has_upper = any(c in _UPPER for c in body) or "\u17b6\u17c6" in body
    if not has_upper or not any(c in "\u17bb\u17c9\u17ca" for c in body):
        return body
    consonants = base + "".join(body[i + 1] for i in range(len(body) - 1) if body[i] == COENG)
    if BA in consonants:
        target = None  # BA + TRIISAP keeps its own shape: only U -> MUUSIKATOAN
    elif any(c in _SERIES1 for c in consonants):
        target = "\u17ca"
    else:
        target = "\u17c9"
    out = []
    for c in body:
        if c == "\u17bb":
            new = target or "\u17c9"
        elif c in "\u17c9\u17ca" and target is not None:
            new = target
        else:
            new = c
        if new != c and stats is not None:
            stats["SHU"] += 1
        out.append(new)
    return "".join(out)


def _next_bad(text: str, pos: int) -> re.Match[str] | None:
    search = _CAND_RX.search
    m = search(text, pos)
    while m is not None and not _is_bad(text, m):
        m = search(text, m.start() + 1)
    return m


def _fix_clusters(text: str, rules: frozenset[str], stats: Counter[str] | None) -> str:
    bad = _next_bad(text, 0)
    if bad is None:
        return text
    out: list[str] = []
    pos = 0  # everything before pos is already in out
    while bad is not None:
        s = bad.start()
        # back to the cluster's base: a base that does not follow a COENG
        i = s
        while i >= pos:
            c = text[i]
            if "\u1780" <= c <= "\u17b3" and (i == 0 or text[i - 1] != COENG):
                break
            if not ("\u1780" <= c <= "\u17d3" or c == "\u17dd"):
                i = -1
                break
            i -= 1
        if i < pos:  # marks without a base: left as they are
            bad = _next_bad(text, bad.start() + 1)
            continue
        m = _CLUSTER_RX.match(text, i)
        assert m is not None  # text[i] is a base: a cluster starts there
        end = m.end()
        out.append(text[pos:i])
        out.append(_fix_cluster(m.group(), rules, stats))
        pos = end
        bad = _next_bad(text, end)
    out.append(text[pos:])
    return "".join(out)


_COENG_ATTHACAN = re.compile(f"\u17d2(\u17dd+)([{_BASE}])")


def normalize_khmer(text: str, *, stats: Counter[str] | None = None, rules: Iterable[str] = RULES) -> str:
    """Canonical spelling of Khmer text for search (idempotent; only Khmer is touched)."""
    rules = frozenset(rules)
    if _ANY_KHMER.search(text) is None:
        return text
    if "ZW" in rules:
        text = _remove_zw(text, stats)
    if "INH" in rules and ("\u17b4" in text or "\u17b5" in text):
        if stats is not None:
            stats["INH"] += text.count("\u17b4") + text.count("\u17b5")
        text = text.replace("\u17b4", "").replace("\u17b5", "")
    if "DEP" in rules:
        for a, b in _DEP_REPL:
            if a in text:
                if stats is not None:
                    stats["DEP:" + a] += text.count(a)
                text = text.replace(a, b)
    if "QOO" in rules and "\u17b2" in text:
        if stats is not None:
            stats["QOO"] += text.count("\u17b2")
        text = text.replace("\u17b2", "\u17b1")
    if "DA" in rules and "\u17d2\u178a" in text:
        if stats is not None:
            stats["DA"] += text.count("\u17d2\u178a")
        text = text.replace("\u17d2\u178a", "\u17d2\u178f")
    if "ORD" in rules and "\u17d2\u17dd" in text:
        # NFC/NFD put ATTHACAN (ccc 230) after COENG (ccc 9) when it was typed before the subscript,
        # which parts COENG from its consonant: give the consonant back to its COENG.
        text, n = _COENG_ATTHACAN.subn("\u17d2\\2\\1", text)
        if stats is not None:
            stats["ORD"] += n
    if rules & {"ORD", "DUP", "VOW", "SHU"}:
        text = _fix_clusters(text, rules, stats)
    return text


# Change of len() per counted hit (stats keys; "DEP:<char>" per deprecated character).
LENGTH_DELTA = {"ZW": -1, "INH": -1, "DEP:\u17a3": 0, "DEP:\u17a4": 1, "DEP:\u17a8": 1, "DEP:\u17d8": 2,
                "QOO": 0, "DA": 0, "ORD": 0, "DUP": -1, "VOW": -1, "VOW0": 0, "SHU": 0}


def length_delta(stats: Counter[str]) -> int:
    """The change of len() that the counted hits explain: sum of LENGTH_DELTA[rule] * hits."""
    return sum(LENGTH_DELTA[k] * v for k, v in stats.items())


# Where a Khmer syllable starts: a base consonant or independent vowel that does not follow a COENG (zero-width
# characters between a COENG and its consonant do not count). Every rule above works inside one syllable. The
# text that follows a syllable (spaces, Latin words, punctuation) is a piece of its own, which normalizing never
# changes, so that its characters map back exactly even when the syllable before it changed length.
_SYLLABLE_START = re.compile(f"(?<![\u17d2{_ZW}\u200b])[{_BASE}]"
                             f"|(?<=[\u1780-\u17ff{_ZW}\u200b])[^\u1780-\u17ff{_ZW}\u200b]")
# A consonant that follows a COENG once what lies between them is gone or moved (ZW, INH, and ORD's ATTHACAN:
# ``\u17d2\u17b4\u1780`` is ``\u17d2\u1780``, ``\u17d2\u17dd\u1780`` is ``\u17d2\u1780\u17dd``): the COENG's
# subscript, not a syllable of its own (cut there, the COENG went to the syllable before without its consonant).
_SUBSCRIPT_AFTER = re.compile(f"\u17d2[{_ZW}\u200b\u17b4\u17b5\u17dd]+[{_BASE}]")
# Where no rule looks across: on either side of a character that is not Khmer, ZW or ZWSP (every rule reads and
# writes Khmer, ZW and ZWSP only, and asks for Khmer on both sides of what it removes). The cut of last resort.
_WORD_START = re.compile(f"(?<![\u1780-\u17ff{_ZW}\u200b])[\u1780-\u17ff{_ZW}\u200b]"
                         f"|[^\u1780-\u17ff{_ZW}\u200b]")


def _syllable_starts(text: str) -> list[int]:
    joined = {m.end() - 1 for m in _SUBSCRIPT_AFTER.finditer(text)} if "\u17d2" in text else set()
    return [m.start() for m in _SYLLABLE_START.finditer(text) if m.start() not in joined]


# What can change a text's length: zero-width characters, invisible vowels, deprecated letters, the pairs of
# marks that the cluster rules reorder, join or collapse (_CAND_RX), and a zero-width space where _remove_zw may
# remove one (before a mark or COENG, after a COENG): not the one between every two words, which made every
# syllable of the text one to map alone (10,456 in the 120 titles and bodies of the 5k corpus whose length
# changes). A syllable without any keeps its length.
_LENGTH_TRIGGERS = re.compile(f"[{_ZW}\u17b4\u17b5\u17a4\u17a8\u17d8]|\u200b(?=[\u17b4-\u17d3\u17dd])|\u17d2\u200b"
                              f"|{_CAND_RX.pattern}")


def _piece_origins(original: str, piece: str, at: int) -> list[int]:
    """Where each character of ``piece`` (``normalize_khmer(original)``) starts in the text (``original`` starts
    at ``at``): the characters before and after the part that changed keep their own offsets; a character of
    that part starts where the shortest beginning of ``original`` whose normalized form reaches it ends (the
    ``ើ`` of ``ឃេ\u200bី`` starts at ``េ``, and what follows ``ី`` after it). Counting characters from the
    start instead put every later word of the piece one character early per character removed: a word's
    highlight ended inside its cluster and the next word's began in the one before (39 km-news articles)."""
    n, m = len(original), len(piece)
    p = 0  # unchanged at the start
    while p < min(n, m) and original[p] == piece[p]:
        p += 1
    s = 0  # and at the end
    while s < min(n, m) - p and original[n - 1 - s] == piece[m - 1 - s]:
        s += 1
    out = list(range(at, at + p + 1 if p < m - s else at + p))
    wanted = p + 1  # the next changed character to place
    for k in range(p + 1, n - s + 1):
        if wanted >= m - s:
            break
        prefix = normalize_khmer(original[:k])
        reached = p
        while reached < min(len(prefix), m - s) and prefix[reached] == piece[reached]:
            reached += 1
        while wanted < m - s and wanted <= reached:
            out.append(at + k)  # characters before ``wanted`` are all there once ``original[:k]`` is read
            wanted += 1
    out.extend([at + n - s] * (m - s - len(out)))
    out.extend(range(at + n - s, at + n))
    return out


def normalize_mapped(text: str) -> tuple[str, list[int] | None]:
    """``normalize_khmer(text)`` and a map back: ``origins[i]`` is the offset in ``text`` of normalized
    character ``i`` (``len(normalized) + 1`` entries, the last one ``len(text)``, never decreasing), or ``None``
    when the length did not change, so that every syllable kept its place and offsets are the same in both.

    The text is ``normalize_khmer``'s own; only the map is built here, and only when the length changed (rare:
    zero-width characters, doubled marks, split vowels; 102 of the 1,000 km-news articles): the syllables that
    hold something that can change a length are normalized one by one, each mapping into its own span, and the
    runs of syllables between them as wholes, which keep their length. Every rule works inside a syllable, so
    the pieces make the same text; if they ever did not, the map is built on pieces no rule crosses (runs of
    Khmer between other characters), then on the whole text, so that it always fits the text returned."""
    normalized = normalize_khmer(text)
    if len(normalized) == len(text):
        return normalized, None
    starts = _syllable_starts(text)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = [*starts, len(text)]
    changing = sorted({bisect.bisect_right(starts, m.start()) - 1 for m in _LENGTH_TRIGGERS.finditer(text)})
    pieces: list[str] = []
    origins: list[int] = []
    done = 0  # syllables before this one are in ``pieces``

    def add(a: int, b: int, whole: bool) -> None:
        piece = normalize_khmer(text[a:b])
        pieces.append(piece)
        if whole and len(piece) == b - a:
            origins.extend(range(a, b))
        else:
            origins.extend(_piece_origins(text[a:b], piece, a))

    for k in changing:
        if k > done:
            add(bounds[done], bounds[k], whole=True)
        add(bounds[k], bounds[k + 1], whole=False)
        done = k + 1
    if done < len(starts):
        add(bounds[done], len(text), whole=True)
    if "".join(pieces) != normalized:  # a rule crossed a syllable's edge (never seen: tests/lang/test_khmer.py)
        pieces, origins = [], []
        words = [m.start() for m in _WORD_START.finditer(text)]
        for a, b in zip(words, [*words[1:], len(text)], strict=True):
            add(a, b, whole=False)
        if "".join(pieces) != normalized:  # never seen: the whole text, one piece
            pieces, origins = [normalized], _piece_origins(text, normalized, 0)
    origins.append(len(text))
    return normalized, origins
