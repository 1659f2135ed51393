"""The one folding function: lower case, accents removed from Latin and Greek letters, nothing else touched.

    fold("Bùi Thanh Sơn")  -> "bui thanh son"        fold("Đà Nẵng") -> "da nang"
    fold("Strauß œuvre")   -> "strauss oeuvre"       fold("Æsir þór") -> "aesir thor"
    fold("ได้ ពង្រឹង")        -> "ได้ ពង្រឹង"              (Thai and Khmer signs are vowels, not accents: kept)
    fold("សម្ដេច")          -> "សម្តេច"                   (Khmer, Thai, Lao spellings alike are one: spelling.py)

Used by the index and the query (``search.analysis``), the officials matcher (``fold_mapped``, which also
says where each folded character came from) and file names (``search.site.files.slug``), so the three
can never disagree on a word.

Rules (DESIGN.md traps 1-3): compatibility letters are their Latin or Greek letters (``COMPAT``: full-width
``ＡＳＥＡＮ`` is ``asean``, ``ﬁ`` is ``fi``); combining marks are removed only after letters of scripts whose marks are
accents (``search.lang.table``: Latin, Greek); letters that do not decompose but that readers type without
their stroke or as two letters are mapped explicitly (``đ`` -> ``d``, ``ß`` -> ``ss``, ``œ`` -> ``oe``,
``ø`` -> ``o``, ``ł`` -> ``l``, ``þ`` -> ``th``); Cyrillic ``ё`` is ``е``, Greek final ``ς`` is ``σ`` (as Unicode
case folding has it); Chinese traditional characters are the simplified ones (``國會`` -> ``国会``: ``han.py``);
Persian ``ی`` ``ک`` are Arabic ``ي`` ``ك`` (``ARABIC_LETTERS``).
No transliteration between scripts (unidecode turns 越南 into "Yue Nan").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from .han import simplified
from .marks import MARKS
from .spelling import HAS_NORMALIZED, normalize_lines, normalize_spelling, normalize_spelling_mapped
from .table import ACCENTED

# Letters NFD does not decompose, as readers type them without their stroke (some become two letters).
SPECIAL = {"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t", "ƀ": "b", "ё": "е",
           "œ": "oe", "æ": "ae", "ß": "ss", "þ": "th", "ĳ": "ij", "ς": "σ"}

# Of those, the letters that are only another way of writing the same letters, not a diacritic a reader means:
# ligatures (French "œuvre" is "oeuvre", many sites write it so), German ß (Swiss German writes "ss"), Russian ё
# (written е in most texts), Greek final sigma ς (σ at the end of a word: "οδοσ" typed, or a word cut by a
# lower-casing that did not see its end, as one letter at a time does). A query word that differs from its folded
# form only by them is not typed "with diacritics" (``marked``): "œuvre" finds "oeuvre" as "oeuvre" finds "œuvre".
SAME_LETTERS = {"œ": "oe", "æ": "ae", "ĳ": "ij", "ß": "ss", "ё": "е", "ς": "σ"}


# Chinese characters in their traditional form are the simplified ones (國 = 国, 會 = 会; 發 and 髮: 发): another way of
# writing the same word for a reader of the other script, as SAME_LETTERS (lang/han.py): 柬埔寨国会 finds 柬埔寨國會
# and the other way round, the spelling typed ranking first.


# Arabic-script letters that Persian and Urdu keyboards type where Arabic ones type another code point for the same
# letter: Farsi yeh (U+06CC) for yeh (U+064A), keheh (U+06A9) for kaf (U+0643). Persian text typed on an Arabic
# keyboard writes كتاب, on a Persian one کتاب; Arabic news quoting a Persian name writes علي or علی. One letter, as
# SAME_LETTERS (the spelling typed ranks first); not alef maksura (ى U+0649): Arabic على (on) is not علي (Ali).
ARABIC_LETTERS = {"\u06cc": "\u064a", "\u06a9": "\u0643"}


class _SameTable(dict[int, str]):
    """``str.translate`` table: SAME_LETTERS, and Chinese characters in their simplified form (lazily)."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        form = self[cp] = SAME_LETTERS.get(ch) or ARABIC_LETTERS.get(ch) or simplified(ch)
        return form


_SAME = _SameTable()

_ACCENT_BASE = f"\x00-\u024f{ACCENTED}"  # everything below U+0250 (ASCII, Latin-1, Latin Extended) too
_BASE_WORD = re.compile(f"(?:(?![\\W_])[{_ACCENT_BASE}])+")

# Compatibility letters and digits that are only another width or form of Latin or Greek ones, as a reader
# types them: full-width ASCII (ＡＳＥＡＮ, ２０２４: Chinese, Japanese and Korean text), the ligatures ﬁ ﬂ ﬀ ﬃ
# (PDFs and typeset pages), ſ, ǆ, roman numerals (Ⅻ), micro µ. Their Unicode compatibility form (NFKC), as
# ICU's folding and Elasticsearch's ``icu_normalizer`` (nfkc_cf) give them; only where that form is Latin or
# Greek letters and digits (not Thai ำ, which NFKC splits, nor ⑴ -> "(1)"). Part of a word's exact spelling
# too (``search.analysis.Analyzer.forms``): a width is not a diacritic.
_COMPAT_BLOCKS = ((0xA0, 0x250), (0x370, 0x400), (0x2100, 0x2190), (0xFB00, 0xFB07), (0xFF00, 0xFFF0))


def _compat_letters() -> dict[str, str]:
    out = {}
    for a, b in _COMPAT_BLOCKS:
        for ch in map(chr, range(a, b)):
            if unicodedata.decomposition(ch).startswith(("<wide>", "<compat>")) and unicodedata.category(ch)[0] in "LN":
                form = unicodedata.normalize("NFKC", ch)
                if _BASE_WORD.fullmatch(form):
                    out[ch] = form
    return out


COMPAT = _compat_letters()
_COMPAT = str.maketrans(COMPAT)
_HAS_COMPAT = re.compile("[" + "".join(sorted(COMPAT)) + "]")


def compat(word: str) -> str:
    """``word`` with its compatibility letters and digits (``COMPAT``) in their Latin or Greek form:
    ``compat("ＡＳＥＡＮ ﬁnance")`` -> ``"ASEAN finance"``."""
    return word.translate(_COMPAT) if _HAS_COMPAT.search(word) else word
# Combining marks that follow a letter whose marks are accents: what folding removes from decomposed text.
# Marks a writer may put or leave out, no part of a word's spelling, which no composed letter holds: the stress
# marks (acute, grave) that dictionaries, learners' texts and encyclopedias put on a Cyrillic vowel (Russian
# замо́к, Ukrainian ру́ка; NFC keeps й, ё, ї, ѝ as letters); Arabic's short vowels, tanwin, shadda, sukun and
# superscript alef (harakat: كِتَاب, which news writes كتاب but for a name or a quotation), and the tatweel that
# stretches a word in a headline (كتـــاب); the dot that lower-casing Turkish İ leaves on its i ("İstanbul".lower() is
# "i\u0307stanbul", a word no one types). Removed from a word's every form, exact too (``without_optional_marks``,
# ``Analyzer.forms``).
OPTIONAL_MARKS = re.compile("(?<=[\u0400-\u052f])[\u0300\u0301]+"
                            "|(?<=[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff])[\u0640\u064b-\u0652\u0670]+"
                            "|(?<=i)\u0307")
_HAS_OPTIONAL = re.compile("[\u0300\u0301\u0307\u0640\u064b-\u0652\u0670]")
STRAY_ACCENTS = re.compile(f"(?<=[{_ACCENT_BASE}])[{MARKS}]+|{OPTIONAL_MARKS.pattern}")


def without_optional_marks(word: str) -> str:
    """``word`` without its ``OPTIONAL_MARKS``: ``"замо́к"`` -> ``"замок"``, ``"كِتَاب"`` -> ``"كتاب"``."""
    return OPTIONAL_MARKS.sub("", word) if _HAS_OPTIONAL.search(word) else word


# The combining diacritics blocks (and Arabic's optional marks): a text without any of them (NFC text, Khmer,
# Thai...) has no accent to remove, which this small class tells 30-70 times faster than STRAY_ACCENTS.
_DIACRITICS = re.compile("[\u0300-\u036f\u0640\u064b-\u0652\u0670\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold_char(ch: str) -> str:
    if ch != (form := simplified(ch)):
        return form  # a traditional Chinese character: no case, no accent
    if ch in ARABIC_LETTERS:
        return ARABIC_LETTERS[ch]
    out = []
    for low in COMPAT.get(ch, ch).lower():
        low = SPECIAL.get(low, low)
        decomposed = unicodedata.normalize("NFD", low)
        if len(decomposed) > 1 and re.match(f"[{_ACCENT_BASE}]", decomposed[0]):
            low = SPECIAL.get(decomposed[0], decomposed[0]) + "".join(
                c for c in decomposed[1:] if not unicodedata.combining(c))
        out.append(low)
    return STRAY_ACCENTS.sub("", "".join(out))  # "İ".lower() is "i" + a combining dot


# ``FoldTable.translate``: texts shorter than this (a title, a query) are left to ``str.translate``, whose dict
# lookups cost less there than numpy's fixed cost of a few calls a text;
# a table entry not looked up yet, or a character that folds to more or fewer than one.
_GATHER_MIN = 256
_UNKNOWN, _NOT_ONE = 0xFFFFFFFF, 0xFFFFFFFE


class FoldTable(dict[int, str]):
    """A ``str.translate`` table that folds each character the first time it is looked up (building a
    table of the whole Basic Multilingual Plane at once costs half a second, too much for a CLI start).
    ``extra``: the caller's own replacements, looked up first."""

    def __init__(self, extra: dict[int, str] | None = None) -> None:
        super().__init__(extra or {})
        self._codes: Any = None  # code point -> its folded code point, for ``translate`` (numpy, filled lazily)

    def __missing__(self, cp: int) -> str:
        folded = self[cp] = _fold_char(chr(cp))
        return folded

    def get(self, cp: int, default: str | None = None) -> str:  # type: ignore[override]
        """The folded character, filled in as ``[]`` does (``dict.get`` never calls ``__missing__``: a
        character not folded yet came back as written, upper case and all, in ``fold_mapped``)."""
        return self[cp]

    def translate(self, text: str) -> str:
        """``text.translate(self)``. A long text that is not ASCII is folded with one numpy gather over its code
        points instead: ``str.translate`` looks each of its characters up in this dict, 0.6 s of CPU for the
        11.6 million characters the officials matcher folds in a 5k build (Vietnamese, Khmer: ASCII has
        ``str.translate``'s own fast path). The same text: a character that folds to more or fewer than one
        (``ß`` -> ``ss``), or one past the Basic Multilingual Plane, leaves it to ``str.translate``."""
        if len(text) < _GATHER_MIN or text.isascii():
            return text.translate(self)
        import numpy as np  # here: the CLI's start does not pay for it, the indexer has it loaded

        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        if self._codes is None:
            self._codes = np.full(0x10000, _UNKNOWN, dtype=np.uint32)
        table = self._codes
        if int(codes.max()) > 0xFFFF:
            return text.translate(self)
        folded = table[codes]
        # (both marks are above every code point: one pass tells a text with neither, most texts once the table
        # has their characters, instead of a pass for each)
        if int(folded.max()) >= _NOT_ONE:
            if (folded == _UNKNOWN).any():  # characters not seen yet: looked up once (``__missing__``)
                for cp in np.unique(codes[folded == _UNKNOWN]).tolist():
                    ch = self[cp]
                    table[cp] = ord(ch) if len(ch) == 1 else _NOT_ONE
                folded = table[codes]
            if (folded == _NOT_ONE).any():
                return text.translate(self)
        out: str = folded.tobytes().decode("utf-32-le", "surrogatepass")
        return out


@cache
def char_table() -> FoldTable:
    return FoldTable()


def fold(text: str) -> str:
    """``text`` folded (see the module docstring); any text, not only a word: spaces are kept."""
    if text.isascii():
        return text.lower()
    if HAS_NORMALIZED.search(text):
        text = normalize_spelling(text)  # Khmer, Thai and Lao spellings that look alike (spelling.py)
    if _DIACRITICS.search(text):
        # Decomposed accents ("hòa" typed as o + U+0300): composed first, and any left without a composed
        # letter ("x̂") removed after.
        text = STRAY_ACCENTS.sub("", unicodedata.normalize("NFC", text).translate(char_table()))
        return text
    return text.translate(char_table())


# The zeros of the decimal digits that news text writes a number in, besides ASCII: Arabic-Indic and its Persian
# form, Devanagari, Tamil, Thai, Lao, Myanmar, Khmer (907 of the 1,000 km-news articles write their numbers so,
# ២០២៤ for 2024), and the full-width digits of Chinese and Japanese text (２０２６年).
DIGIT_ZEROS = "0\u0660\u06f0\u0966\u0be6\u0e50\u0ed0\u1040\u17e0\uff10"

DIGIT_VALUES = {chr(ord(zero) + v): v for zero in DIGIT_ZEROS for v in range(10)}  # a digit -> its value


def digit_spellings(word: str) -> tuple[str, ...]:
    """A number written in the digits of ``DIGIT_ZEROS`` (any mix) -> the same number in each of them, ``word``
    first: ``digit_spellings("2024") == ("2024", "٢٠٢٤", ..., "២០២៤", "２០２４")``; () for any other word."""
    if not word or any(ch not in DIGIT_VALUES for ch in word):
        return ()
    values = [DIGIT_VALUES[ch] for ch in word]
    return tuple(dict.fromkeys([word, *("".join(chr(ord(zero) + v) for v in values) for zero in DIGIT_ZEROS)]))


_ASCII_DIGITS = str.maketrans({ch: str(v) for ch, v in DIGIT_VALUES.items()})


def ascii_digits(text: str) -> str:
    """``text`` with the digits of ``DIGIT_ZEROS`` made ASCII: ``"２０２４-１１"`` -> ``"2024-11"`` (a date typed with
    a Chinese or Japanese input method, or in Khmer or Thai digits, is the same date)."""
    return text.translate(_ASCII_DIGITS)


def digit_runs(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A phrase's words, then (when some are numbers) the same words with every number in each script's digits:
    ``("ឆ្នាំ", "2024")`` -> ``[("ឆ្នាំ", "2024"), ..., ("ឆ្នាំ", "២០២៤"), ...]`` (the highlighter marks the phrase
    where an article writes it so; a number typed matches in every script's digits)."""
    numbers = [bool(w) and all(ch in DIGIT_VALUES for ch in w) for w in words]
    if not any(numbers):
        return [words]
    out = [words]
    for zero in DIGIT_ZEROS:
        out.append(tuple("".join(chr(ord(zero) + DIGIT_VALUES[ch]) for ch in w) if number else w
                         for w, number in zip(words, numbers, strict=True)))
    return list(dict.fromkeys(out))


def marked(exact: str, folded: str) -> bool:
    """Whether a word (its exact and folded forms) carries diacritics: it differs from its folded form by more
    than the letters of ``SAME_LETTERS``. ``marked("lào", "lao")``, not ``marked("œuvre", "oeuvre")``."""
    return exact != folded and exact.translate(_SAME) != folded


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text with a map back into the original: ``orig(i)`` is where folded character ``i`` came from."""

    text: str
    starts: list[int]  # folded offset where each piece begins...
    origins: list[int]  # ...and where that piece begins in the original (or in the normalized Khmer)
    khmer: list[int] | None = None  # normalized Khmer, Thai, Lao offset -> original (spelling.py)

    def orig(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        at = self.origins[i] + pos - self.starts[i]
        return at if self.khmer is None else self.khmer[at]


def _nfc_mapped(text: str) -> tuple[str, list[int] | None]:
    """``unicodedata.normalize("NFC", text)`` and, when that changed it, the offset in ``text`` where each of its
    characters begins: text is cut where nothing composes or reorders across (before a character with combining
    class 0 that makes nothing with what precedes it), and the characters of a piece NFC changed (a letter and
    the accents it takes, ``e`` + U+0301 -> ``é``) all map to the piece's first."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    nfc = unicodedata.normalize("NFC", text)
    origins: list[int] = []
    start = 0  # the piece being built: text[start:i]
    for i in range(1, len(text) + 1):
        if i < len(text):
            ch = text[i]
            if ch >= "\u0300" and (unicodedata.combining(ch)
                                   or unicodedata.combining(unicodedata.normalize("NFD", ch)[0])):
                continue  # a mark: reordered and composed with what precedes it
            if ch >= "\u0900":  # below, no letter composes with what precedes it (the first that may: U+09BE)
                nxt = i + 1
                while nxt < len(text) and unicodedata.combining(text[nxt]):
                    nxt += 1
                piece, cluster = text[start:i], text[i:nxt]
                if unicodedata.normalize("NFC", piece + cluster) != (unicodedata.normalize("NFC", piece)
                                                                   + unicodedata.normalize("NFC", cluster)):
                    continue  # composes with what precedes it (Hangul jamo, some Indic vowel signs)
        piece = text[start:i]
        form = unicodedata.normalize("NFC", piece)
        origins.extend(range(start, i) if form == piece else [start] * len(form))
        start = i
    if len(origins) != len(nfc):  # cannot happen (pieces NFC alone as in the text), but then one piece
        origins = [0] * len(nfc)
    return nfc, origins


# A character of either class: HAS_NORMALIZED's (Khmer, Thai, Lao, Myanmar, half-width kana) or _DIACRITICS'.
_NORMALIZED_OR_DIACRITIC = re.compile(f"[{HAS_NORMALIZED.pattern[1:-1]}{_DIACRITICS.pattern[1:-1]}]")


def fold_unmapped(text: str, table: FoldTable | None = None) -> str:
    """``fold_mapped(text, table).text``, made by the same steps without the offsets: what a caller that needs the
    map only now and then folds first (the officials matcher: a name in one text in twenty), mapping later."""
    table = char_table() if table is None else table
    if _NORMALIZED_OR_DIACRITIC.search(text) is None:  # most text (Vietnamese, English): one scan instead of two
        return table.translate(text)
    if HAS_NORMALIZED.search(text):
        text = normalize_lines(text)  # the text normalize_spelling_mapped gives (spelling.py)
    if _DIACRITICS.search(text) is None:
        return table.translate(text)
    return STRAY_ACCENTS.sub("", table.translate(unicodedata.normalize("NFC", text)))


def fold_mapped(text: str, table: dict[int, str] | None = None) -> Folded:
    """``fold`` with offsets. ``table``: ``char_table()``, or a copy with the caller's own one-for-one
    replacements added (the officials matcher turns every kind of space into " ").

    The text is ``fold``'s, made by the same steps (with ``table``): Khmer, Thai and Lao spellings made one;
    then, when the text has combining diacritics, NFC (decomposed accents composed: a name is found in NFD text
    as in NFC), each character folded, and the accents left without a letter (``STRAY_ACCENTS``) removed;
    otherwise each character folded. Each folded character maps to the original character it came from; both
    letters of an expansion (``ß`` -> ``ss``) map to ``ß``, a letter NFC composed with its accents maps to the
    letter (the accents' span is the letter's).
    """
    table = char_table() if table is None else table
    khmer = None
    if HAS_NORMALIZED.search(text):
        text, khmer = normalize_spelling_mapped(text)
    accents = _DIACRITICS.search(text) is not None
    nfc, nfc_origins = _nfc_mapped(text) if accents else (text, None)
    translated = table.translate(nfc) if isinstance(table, FoldTable) else nfc.translate(table)
    folded = STRAY_ACCENTS.sub("", translated) if accents else translated
    if len(folded) == len(text) and nfc_origins is None and len(translated) == len(text):
        return Folded(folded, [0], [0], khmer)  # one for one, nothing removed: the usual case
    # Expansions, composed or removed accents (rare): where each character of ``translated`` came from...
    size = {ch: len(ch.translate(table)) for ch in set(nfc)}  # as translate folds it (no entry: itself)
    sources: list[int] = []
    for k, ch in enumerate(nfc):
        sources.extend([k if nfc_origins is None else nfc_origins[k]] * size[ch])
    # ...less those STRAY_ACCENTS removed.
    dropped = [m.span() for m in STRAY_ACCENTS.finditer(translated)] if accents else []
    origins: list[int] = []
    last = 0
    for a, b in dropped:
        origins.extend(sources[last:a])
        last = b
    origins.extend(sources[last:])
    return Folded(folded, list(range(len(origins))) or [0], origins or [0], khmer)
