"""Text -> tokens with exact, folded and stemmed forms; one analyzer per language, shared by index and query.

Every token carries three forms::

    "Sơn"          -> Token(text="sơn", folded="son", stem=None)            (vi: no Snowball stemmer)
    "coopération"  -> Token(text="coopération", folded="cooperation", stem="coopér")   (fr)
    "ហ៊ុនម៉ាណែត"      -> 4 tokens ហ៊ុន|ម៉ា|ណែ|ត (ICU dictionary segmentation; folding leaves Khmer alone)

What goes into the index (see ``IndexTerms``): the folded form of every token, with positions, in the
``title`` and ``body`` fields (phrases and adjacency work on folded text, so ``Bui Thanh Son`` matches every
spelling); the exact form in the ``exact`` field only where it differs from the folded one, as
``"<folded> <exact>"`` so that all spellings of a folded word are one prefix scan away; and
``"<lang>:<stem>"`` in the ``stem`` field for languages with a Snowball stemmer. Stems are never shown
to users: they change names (``Sokhonn`` -> ``Sokhon``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import count
from typing import Any

from .languages import Language, get_language
from .unicode_marks import MARKS

# Scripts written without spaces: ICU's dictionary word segmentation decides the words.
# Khmer, Khmer symbols, Lao, Thai, Myanmar (+ extensions), CJK (+ Ext A, compatibility), kana.
_SEGMENTED = (
    "\u1780-\u17ff\u19e0-\u19ff\u0e80-\u0eff\u0e00-\u0e7f\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\U00020000-\U0002fa1f"
)
# A token is either a run of a segmented script (split later by ICU) or a word of letters, digits and
# combining marks (``\w`` alone misses vowel signs such as Devanagari's). U+200B (zero-width space, which
# Khmer text uses between words) is in neither class, so it separates tokens.
_TOKEN = re.compile(f"(?P<seg>[{_SEGMENTED}]+)|(?:[^\\W_{_SEGMENTED}]|[{MARKS}])+")
_PLAIN_WORD = re.compile(f"(?:[^\\W_{_SEGMENTED}]|[{MARKS}])+")
_HAS_SEGMENTED = re.compile(f"[{_SEGMENTED}]")

# Letters that do not decompose under NFD but that readers type without their accent (DESIGN.md trap 2).
_SPECIAL = str.maketrans(
    {"đ": "d", "Đ": "D", "œ": "oe", "Œ": "OE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
     "æ": "ae", "Æ": "AE", "ð": "d", "þ": "th", "ı": "i", "ё": "е", "Ё": "Е"}
)


def _strips_marks(base: str) -> bool:
    """Marks are stripped only after Latin and Greek letters: in Thai, Khmer, Lao, Burmese, Devanagari...
    they are vowels, not accents (``ได้`` must not become ``ได``; DESIGN.md trap 1)."""
    o = ord(base)
    return o < 0x250 or 0x1E00 <= o <= 0x1FFF or 0x370 <= o <= 0x3FF or 0x2C60 <= o <= 0x2C7F or 0xA720 <= o <= 0xA7FF


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Remove accents from Latin and Greek letters only; ``đ`` -> ``d``; other scripts are left as they are."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word.translate(_SPECIAL))
    out: list[str] = []
    strip = False
    for ch in decomposed:
        if unicodedata.combining(ch):
            if strip:
                continue
        else:
            strip = _strips_marks(ch)
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # exact form: lowercased, NFC
    folded: str  # accents removed (Latin/Greek), same as text elsewhere
    stem: str | None  # Snowball stem of ``text``; None where the language has no stemmer
    start: int  # character offsets into the analysed text
    end: int
    pos: int  # token position (consecutive pieces of one segmented word get consecutive positions)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "folded": self.folded, "stem": self.stem, "start": self.start, "end": self.end}


class _Segmenter:
    """ICU word segmentation (imported lazily: only texts in scripts without spaces pay for it)."""

    def __init__(self) -> None:
        import icu

        self._bi = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())

    def split(self, run: str) -> Iterator[tuple[int, int]]:
        bi = self._bi
        bi.setText(run)
        start = 0
        for end in bi:
            # Rule status >= 100: a word (letters, ideographs, kana, numbers); below: spaces, punctuation.
            if bi.getRuleStatus() >= 100:
                yield start, end
            start = end


_segmenter: _Segmenter | None = None


def _segment(run: str) -> Iterator[tuple[int, int]]:
    global _segmenter
    if _segmenter is None:
        _segmenter = _Segmenter()
    return _segmenter.split(run)


def split_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Raw words with their offsets: script runs without spaces are segmented by ICU. Positions are not
    needed here, so a text without such scripts takes a plain regular-expression scan (the same words)."""
    if _HAS_SEGMENTED.search(text) is None:
        for m in _PLAIN_WORD.finditer(text):
            yield m.group(), m.start(), m.end()
        return
    for word, start, end, _ in positioned_words(text):
        yield word, start, end


def positioned_words(text: str) -> Iterator[tuple[str, int, int, int]]:
    """Raw words with offsets and token positions.

    Positions are consecutive, except that a space or punctuation between two runs of a script without
    spaces leaves a gap of one: in Khmer or Thai a space separates phrases, as a comma does, so a query typed
    without spaces must not match across it. A zero-width space (which Khmer puts between words) is no gap.
    """
    pos = -1
    prev_end = -1  # end of the previous token when it was in a segmented script
    for m in _TOKEN.finditer(text):
        if m.group("seg") is None:
            pos += 1
            prev_end = -1
            yield m.group(), m.start(), m.end(), pos
            continue
        base = m.start()
        run = m.group()
        for s, e in _segment(run):
            start = base + s
            if prev_end >= 0 and text[prev_end:start].strip("\u200b"):
                pos += 1
            pos += 1
            prev_end = base + e
            yield run[s:e], start, base + e, pos


_Forms = tuple[str, str, str | None]  # (exact, folded, stem)


class Analyzer:
    """The analysis of one language. Cheap to call: forms are cached per distinct word."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._stem: Callable[[str], str] | None = None
        if language.stemmer:
            import Stemmer

            self._stem = Stemmer.Stemmer(language.stemmer).stemWord
        self._cache: dict[str, _Forms] = {}

    @property
    def code(self) -> str:
        return self.language.code

    def forms(self, word: str) -> _Forms:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        exact = word.lower()
        folded = fold(exact)
        stem = self._stem(exact) if self._stem else None
        if len(self._cache) > 300_000:  # bound memory on huge vocabularies
            self._cache.clear()
        forms = (exact, folded, stem)
        self._cache[word] = forms
        return forms

    def tokens(self, text: str) -> list[Token]:
        out = []
        for word, start, end, pos in positioned_words(text):
            exact, folded, stem = self.forms(word)
            out.append(Token(exact, folded, stem, start, end, pos))
        return out

    def stem(self, exact: str) -> str | None:
        return self._stem(exact) if self._stem else None


@cache
def analyzer_for(lang: str | None) -> Analyzer:
    return Analyzer(get_language(lang))


def analyze(text: str, lang: str | None) -> list[Token]:
    """What the engine does to ``text`` (``search analyze``): every token with its forms and offsets."""
    return analyzer_for(lang).tokens(unicodedata.normalize("NFC", text))


@dataclass(slots=True)
class IndexTerms:
    """The postings of one article, ready for the Whoosh fields (see schema.py)."""

    title: dict[str, list[int]]  # folded term -> positions
    body: dict[str, list[int]]  # the title's terms, a gap, then the body's
    exact: dict[str, int]  # "folded exact" -> count, only where exact != folded
    stem: dict[str, int]  # "lang:stem" -> count


def _positions(analyzer: Analyzer, text: str, exact: dict[str, int], stem: dict[str, int],
               positions: dict[str, list[int]] | None = None, offset: int = 0) -> tuple[dict[str, list[int]], int]:
    """Folded term -> positions (from ``offset``), counting exact spellings and stems on the way; returns the
    positions and the next free position."""
    forms = analyzer.forms
    prefix = analyzer.code + ":"
    if positions is None:
        positions = {}
    pos = offset - 1
    for m, p in _words_fast(text):
        pos = p + offset
        e, f, s = forms(m)
        plist = positions.get(f)
        if plist is None:
            positions[f] = [pos]
        else:
            plist.append(pos)
        if e != f:
            key = f + " " + e
            exact[key] = exact.get(key, 0) + 1
        if s is not None:
            key = prefix + s
            stem[key] = stem.get(key, 0) + 1
    return positions, pos + 1


def _words_fast(text: str) -> Iterable[tuple[str, int]]:
    """``positioned_words`` without offsets: the indexing hot path (one C-level findall for spaced scripts)."""
    if not _HAS_SEGMENTED.search(text):
        return zip(_PLAIN_WORD.findall(text), count())
    return ((w, p) for w, _, _, p in positioned_words(text))


def index_terms(title: str, body: str, lang: str | None) -> IndexTerms:
    analyzer = analyzer_for(lang)
    exact: dict[str, int] = {}
    stem: dict[str, int] = {}
    t, end = _positions(analyzer, title, exact, stem)
    # The body field holds the title too (then a gap, so no phrase runs from one into the other): a query
    # word is then one term to match, not one per field, which halves the work of scoring every match.
    b, _ = _positions(analyzer, body, exact, stem, {k: list(v) for k, v in t.items()}, end + 1 if end else 0)
    return IndexTerms(t, b, exact, stem)


_JOINERS = {"\u17d2", "\u1039", "\u200d"}  # Khmer COENG, Myanmar virama, zero-width joiner: bind to the next


def is_segmented(text: str) -> bool:
    """True when ``text`` is one run of a script written without spaces (Khmer, Thai, Chinese...)."""
    m = _TOKEN.fullmatch(text)
    return m is not None and m.group("seg") is not None


def segmentations(run: str, limit: int = 24) -> list[list[str]]:
    """The ICU pieces of ``run``, then those of ``run`` cut in two at each character boundary.

    Dictionary segmentation depends on context: a word typed alone can split differently from the same
    letters inside an article, where the publisher put a zero-width space in the middle (two words typed as
    one). Searching every two-part cut as well finds those articles; the whole-run segmentation still ranks
    first because it is one of the alternatives every match of it also matches.
    """
    def pieces(s: str) -> list[str]:
        return [s[a:b] for a, b in _segment(s)]

    seen: list[list[str]] = [pieces(run)]
    for k in range(1, len(run)):
        if unicodedata.category(run[k])[0] == "M" or run[k - 1] in _JOINERS:
            continue  # never cut a grapheme cluster
        alt = pieces(run[:k]) + pieces(run[k:])
        if alt not in seen:
            seen.append(alt)
            if len(seen) >= limit:
                break
    return [s for s in seen if s]
