""""Did you mean": for a short query that finds nothing or little, a spelling that finds clearly more.

    Suggester(ix).suggest("Hun Maneet", ["Hun", "Maneet"], total=0) -> "Hun manet"
    Suggester(ix).suggest("洪玛奈", ["洪玛奈"], total=0) -> 'official:"Hun Manet"'

Only a word that no article contains is corrected (``cooperation`` is in the index: it is never turned into
``corporation``), into the closest indexed word (one edit before two, then the most frequent; near the spelling
typed before the word without its diacritics: ``thạh`` -> ``thạch``, not ``tham``), and the
corrected query is offered only if it finds more articles than the query as typed. The correction is the
query as typed with the corrected words respelled where they stand: its operators, exclusions, quotes and
filters stay (``Cambodgx -Laos`` -> ``Cambodge -Laos``, not ``Cambodge Laos``, which asks for Laos).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..analysis import analyzer_for
from ..lang.invisible import repair_words
from .syntax import QUOTES

if TYPE_CHECKING:
    from .searcher import SearchIndex

MIN_DF = 1  # a correction is a word at least this many articles contain
MAX_WORD = 40  # longer words are not corrected (the edit-distance search grows with the word)


class Suggester:
    def __init__(self, ix: SearchIndex, count: Callable[[str], int]) -> None:
        """``count``: how many articles a query finds (the corrected query must find more)."""
        self.ix = ix
        self.reader = ix.reader
        self.count = count

    def suggest(self, query: str, words: list[str], total: int) -> str | None:
        suggestion = self.official(query, total)
        if suggestion is not None:
            return suggestion
        corrected = self.spelling(words, query)
        if corrected is None or corrected.lower() == query.lower():
            return None
        return corrected if self.count(corrected) > total else None

    def official(self, query: str, total: int) -> str | None:
        """A query that is an official's name in some spelling or script: search by the person instead,
        which finds every spelling (``洪玛奈`` -> ``official:"Hun Manet"``)."""
        if ":" in query:
            return None
        official = self.ix.registry().resolve(query.strip().strip(QUOTES))
        if official is None or self.reader.doc_frequency("official", official.id) <= total:
            return None  # not in the index, or it would find nothing more
        return f'official:"{official.name}"'

    def known(self, folded: str) -> bool:
        """Some article has the word, in some spelling."""
        if self.reader.doc_frequency("body", folded):
            return True
        return any(self.reader.doc_frequency("body", key.partition(" ")[2])
                   for key in self.reader.expand_prefix("exact", folded + " "))

    def spelling(self, words: list[str], query: str) -> str | None:
        """``query`` with each word that no article has replaced by the closest word many articles have, where
        it stands (``respelled``); None if none is, or if a corrected word cannot be found in the query."""
        fixes: list[tuple[str, str | None]] = []
        for w in words:
            tokens = analyzer_for(None).tokens(w)
            typed, folded = (tokens[0].text, tokens[0].folded) if len(tokens) == 1 else ("", "")
            unknown = folded and len(folded) <= MAX_WORD and not self.known(folded)
            best = self.correction(typed, folded) if unknown else None
            if best is not None and w[:1].isupper():
                best = best[:1].upper() + best[1:]  # "Hun Maneet" -> "Hun Manet"
            fixes.append((w, best))
        return respelled(query, fixes) if any(best for _, best in fixes) else None

    def correction(self, typed: str, folded: str) -> str | None:
        """The closest word: one edit from ``typed`` (its exact form), then one from ``folded``, then two from
        each. Typed diacritics are meant, and articles written with them are indexed as spelled: from the folded
        word, ``thạh`` (thạch) was one edit from ``tham`` and two from ``thạch``, and 177 of 200 typos of accented
        vi-news words got another word, 133 with no diacritic at all (``đónf`` -> ``dong``). Nearest first, as
        typed or folded: the words of articles indexed folded (French) are an edit further from the spelling typed
        (``réfome`` is two from ``reforme``, one folded), and two edits from it first gave ``rome``."""
        for distance in (1, 2) if len(folded) > 4 else (1,):
            for text in dict.fromkeys((typed, folded)):
                found = [(self.reader.doc_frequency("body", c), c)
                         for c in self.reader.terms_within("body", text, distance, prefix=1) if c != text]
                found = [(df, c) for df, c in found if df >= MIN_DF]
                if found:
                    return max(found)[1]
        return None


def respelled(query: str, fixes: list[tuple[str, str | None]]) -> str | None:
    """``query`` (as the parser reads it: NFC, invisible characters repaired) with each word of ``fixes`` that
    has a correction replaced by it where it stands as a whole word (not inside another one; a word typed twice
    at its first place not taken yet); None when a corrected word is not there as typed (a word the parser
    changed: ``a*b`` searched as ``ab``). The page does the same (``searcher.js`` ``respelled``)."""
    text = repair_words(unicodedata.normalize("NFC", query))
    spans: dict[int, tuple[int, str]] = {}  # start -> (end, correction)
    for word, best in fixes:
        if best is None:
            continue
        at = _whole_word(text, word, spans)
        if at < 0:
            return None
        spans[at] = (at + len(word), best)
    out: list[str] = []
    pos = 0
    for at in sorted(spans):
        end, best = spans[at]
        out += [text[pos:at], best]
        pos = end
    return "".join(out) + text[pos:]


def _whole_word(text: str, word: str, taken: dict[int, tuple[int, str]]) -> int:
    """The first place of ``word`` in ``text`` with no letter, digit or mark against it, not taken, or -1."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at not in taken and not (at and _wordlike(text[at - 1]))
                and not (end < len(text) and _wordlike(text[end]))):
            return at
        at = text.find(word, at + 1)
    return -1


def _wordlike(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM"
