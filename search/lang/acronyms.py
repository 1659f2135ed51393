"""An acronym as written: in capitals (``US``, ``UBND``, ``TƯ``) or its capitals with dots (``U.S.``, ``O.N.U.``,
``T.Ư``, initials ``N.V.Đ.``).

The index keeps no case and splits a dotted acronym into its letters (``U.S.`` is the words ``u s``), so the
acronym cannot be told from the word its letters spell (``US`` the country, ``us`` the pronoun; ``T.Ư``, trung
ương, and the ``tư`` of every ``đầu tư``). Each acronym an article writes so is also indexed as a key of its own
in the ``exact`` field (``acronym_key``: ``"US US"``, capitals, which no folded word is), like Elasticsearch's
word delimiter keeping ``U.S.`` whole beside its parts. A query word typed as an acronym (``US``, ``U.S.``,
``u.s.``) searches that key (``search.query.compile``, the page's ``compile.js``, OpenSearch through the same
plan): ``U.S.`` finds ``US`` and the pronoun ``us`` is not found.

Dotted letters in lower case are not indexed as an acronym: they are ``a.m.``, ``p.m.``, ``e.g.``, not ``AM``,
``PM`` (prime minister), ``EG``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from .fold import compat, fold

MIN_LETTERS = 2
MAX_CAPITALS = 5  # letters of a word in capitals read as an acronym (NATO, ASEAN, UBND; not a shouted headline word)
MAX_DOTTED = 6  # single letters joined by dots (U.S., O.N.U., N.V.Đ.)
# Letters of an acronym typed that may be a lower-case word (us, un, as, it, who; Vietnamese tư, ùn): the acronym
# alone. A longer one typed is a name or an acronym written in other cases too (NATO and Nato, ASEAN, EIÐUR and
# Eiður), and also finds the word (search.query.compile ``acronym``). Asked whether the collection writes the word
# mostly as the acronym instead, a mixed collection said yes for UN (English) and found every French "un".
MAX_SHORT = 3

# Single letters, each but the last followed by a dot, the last by a dot or not (T.Ư), not inside a longer
# word or a run of dots (``TP.HCM``: two letters; ``3.5``: digits). The page's acronyms.js has the same pattern.
_LETTER = r"[^\W\d_]"
DOTTED = re.compile(rf"(?<![\w.])((?:{_LETTER}\.){{{MIN_LETTERS - 1},{MAX_DOTTED - 1}}}{_LETTER})(?!\w)\.?")
# A dot followed by a letter, which every dotted acronym holds: found 30 times faster than DOTTED (whose lookbehind
# is tried at every character), and in 1 text of 10 (the 5k benchmark corpus' titles and bodies; sentences end with
# a dot and a space): DOTTED scanned every text, 4% of the index workers' CPU.
_DOT_LETTER = re.compile(rf"\.{_LETTER}")


def acronym_key(letters: str) -> str:
    """The ``exact`` field's key of an acronym of these letters: ``"US"`` -> ``"US US"``, ``"TƯ"`` -> ``"TU TU"``
    (folded: ``T.U`` typed without its horn is the same acronym)."""
    upper = fold(compat(letters)).upper()
    return f"{upper} {upper}"


# Vietnamese tones (grave, acute, tilde, hook, dot below): an acronym's letters carry none (UBND, HĐND, TƯ: Đ and
# the horn are letters), a word typed in capitals does (LÀO, CẢNH BÁO; French ÉTÉ).
TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def capitals(word: str) -> bool:
    """A word of ``MIN_LETTERS`` to ``MAX_CAPITALS`` letters, all capitals, none with a tone (``US``, ``TƯ``; not
    ``Us``, ``F35``, ``LÀO``)."""
    return MIN_LETTERS <= len(word) <= MAX_CAPITALS and word.isalpha() and _upper(word) and not _toned(word)


def _toned(letters: str) -> bool:
    return not letters.isascii() and not TONES.isdisjoint(unicodedata.normalize("NFD", letters))


def _upper(letters: str) -> bool:
    return letters == letters.upper() != letters.lower()


def dotted_acronyms(text: str) -> list[str]:
    """The keys of the acronyms ``text`` writes with dots, in capitals, in order: ``"the U.S. and a.m."`` ->
    ``["US US"]``."""
    first = _DOT_LETTER.search(text)
    if first is None:
        return []
    out = []
    # from the letter before the first dot before a letter: every acronym holds one after its first letter (the
    # lookbehind still reads the text before)
    for m in DOTTED.finditer(text, max(first.start() - 1, 0)):
        letters = m[1].replace(".", "")
        if _upper(letters) and not _toned(letters):
            out.append(acronym_key(letters))
    return out


def typed_acronym(typed: str) -> str | None:
    """The letters of a query word typed as an acronym, in capitals (``US``) or with dots in any case
    (``U.S.``, ``u.s.``, ``T.Ư``); None for any other."""
    if capitals(typed):
        return typed
    m = DOTTED.fullmatch(typed)
    return m[1].replace(".", "") if m and not _toned(m[1]) else None


def shouted(texts: list[str], written: Callable[[list[str]], bool] = lambda letters: True) -> bool:
    """A query typed in capitals throughout (``texts``: its words and phrases), of two words or more, one of
    which is no acronym (``ĐẦU TƯ``, ``HỘI NGHỊ TRUNG ƯƠNG``, ``US ELECTIONS``) or whose acronyms no article
    writes together (``written(letters)`` False: ``HA NOI``, ``CO THE``, ``DA NANG``: Vietnamese typed in capitals
    without tones, each word of which some article may write as an acronym, ``CO`` and ``DA``, but none both):
    capitals for emphasis, where ``TƯ`` is the word, not the acronym. ``UN WFP``: acronyms."""
    words = [w for text in texts for w in text.split() if any(map(str.isalpha, w))]
    if len(words) < 2 or not all(_upper(w) for w in words):
        return False
    letters = [typed_acronym(w) for w in words]
    return any(x is None for x in letters) or not written([x for x in letters if x is not None])
