"""Words -> tokens with exact, folded and stemmed forms; one analyzer per language, shared by index and query.

Every token carries three forms::

    "Sơn"          -> Token(text="sơn", folded="son", stem=None)            (vi: no Snowball stemmer)
    "coopération"  -> Token(text="coopération", folded="cooperation", stem="coopér")   (fr)
    "ហ៊ុនម៉ាណែត"      -> 4 tokens ហ៊ុន|ម៉ា|ណែ|ត (ICU dictionary segmentation; folding leaves Khmer alone)

Stems are never shown to users: they change names (``Sokhonn`` -> ``Sokhon``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..lang.fold import compat, fold, without_optional_marks
from ..lang.invisible import INSIDE_WORD, repair_words
from ..lang.table import Language, get_language
from ..lang.vietnamese import normalize_vi_tones
from .tokenize import positioned_words


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # exact form: lowercased, NFC, one placement of Vietnamese tones (hoà = hòa), Khmer normalized,
    # compatibility letters in their Latin or Greek form (full-width ＡＳＥＡＮ, the ligature ﬁ: lang/fold.py)
    folded: str  # accents removed (Latin/Greek), same as text elsewhere
    stem: str | None  # Snowball stem of ``text``; None where the language has no stemmer
    start: int  # character offsets into the analysed text
    end: int
    pos: int  # token position (consecutive pieces of one segmented word get consecutive positions)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "folded": self.folded, "stem": self.stem, "start": self.start, "end": self.end}


Forms = tuple[str, str, str | None]  # (exact, folded, stem)


class Analyzer:
    """The analysis of one language. Cheap to call: forms are cached per distinct word."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._stem: Callable[[str], str] | None = None
        if language.stemmer:
            import Stemmer

            self._stem = Stemmer.Stemmer(language.stemmer).stemWord
        self._cache: dict[str, Forms] = {}

    @property
    def code(self) -> str:
        return self.language.code

    def forms(self, word: str) -> Forms:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        forms = self.forms_of(word)
        if len(self._cache) > 300_000:  # bound memory on huge vocabularies
            self._cache.clear()
        self._cache[word] = forms
        return forms

    def forms_of(self, word: str) -> Forms:
        """``forms`` without the cache (for a caller that keeps its own: search/index/prepare.py)."""
        if word.isascii():  # (half the words of the 5k corpus) no compatibility letter, mark, tone or accent: the case
            lower = word.lower()
            return lower, lower, self._stem(lower) if self._stem else None
        lower = written(word)
        exact = normalize_vi_tones(lower)
        folded = fold(exact)
        stem = self._stem(lower) if self._stem else None  # of the word as written: "noè" (Italian) stays
        return exact, folded, stem

    def tokens(self, text: str) -> list[Token]:
        out = []
        for word, start, end, pos in positioned_words(text):
            exact, folded, stem = self.forms(word)
            out.append(Token(exact, folded, stem, start, end, pos))
        return out


def written(word: str) -> str:
    """A word as written, in lower case, before its ``exact`` form puts the tone where Vietnamese spelling
    prescribes (``hoà`` is written ``hoà``, its exact form ``hòa``)."""
    # ＡＳＥＡＮ, ﬁnance: another width or form, not another spelling; замо́к, كِتَاب: optional marks, not a spelling
    return without_optional_marks(compat(word).lower())


@cache
def analyzer_for(lang: str | None) -> Analyzer:
    return Analyzer(get_language(lang))


def analyze(text: str, lang: str | None) -> list[Token]:
    """What the engine does to ``text`` (``search analyze``): every token with its forms and offsets (into
    ``text`` in NFC). The text is repaired first as articles are at ingest and queries are
    (``search.lang.invisible``: a soft hyphen inside a word removed, ``Ð`` beginning a Vietnamese word made
    ``Đ``), so that the tokens are the index's (``Dư\u00adơng`` is one word, ``dương``)."""
    text = unicodedata.normalize("NFC", text)
    tokens = analyzer_for(lang).tokens(repair_words(text))
    removed = {i for m in INSIDE_WORD.finditer(text) for i in range(*m.span())}
    if not removed:
        return tokens
    kept = [i for i in range(len(text)) if i not in removed]  # repaired offset -> offset in ``text``
    return [Token(t.text, t.folded, t.stem, kept[t.start], kept[t.end - 1] + 1, t.pos) for t in tokens]
