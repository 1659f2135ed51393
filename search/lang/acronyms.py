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

from .fold import compat, fold

MIN_LETTERS = 2
MAX_CAPITALS = 5  # letters of a word in capitals read as an acronym (NATO, ASEAN, UBND; not a shouted headline word)
MAX_DOTTED = 6  # single letters joined by dots (U.S., O.N.U., N.V.Đ.)

# Single letters, each but the last followed by a dot, the last by a dot or not (T.Ư), not inside a longer
# word or a run of dots (``TP.HCM``: two letters; ``3.5``: digits). The page's acronyms.js has the same pattern.
_LETTER = r"[^\W\d_]"
DOTTED = re.compile(rf"(?<![\w.])((?:{_LETTER}\.){{{MIN_LETTERS - 1},{MAX_DOTTED - 1}}}{_LETTER})(?!\w)\.?")


def acronym_key(letters: str) -> str:
    """The ``exact`` field's key of an acronym of these letters: ``"US"`` -> ``"US US"``, ``"TƯ"`` -> ``"TU TU"``
    (folded: ``T.U`` typed without its horn is the same acronym)."""
    upper = fold(compat(letters)).upper()
    return f"{upper} {upper}"


def capitals(word: str) -> bool:
    """A word of ``MIN_LETTERS`` to ``MAX_CAPITALS`` letters, all capitals (``US``, ``TƯ``; not ``Us``, ``F35``)."""
    return MIN_LETTERS <= len(word) <= MAX_CAPITALS and word.isalpha() and _upper(word)


def _upper(letters: str) -> bool:
    return letters == letters.upper() != letters.lower()


def dotted_acronyms(text: str) -> list[str]:
    """The keys of the acronyms ``text`` writes with dots, in capitals, in order: ``"the U.S. and a.m."`` ->
    ``["US US"]``."""
    if "." not in text:
        return []
    out = []
    for m in DOTTED.finditer(text):
        letters = m[1].replace(".", "")
        if _upper(letters):
            out.append(acronym_key(letters))
    return out


def typed_acronym(typed: str) -> str | None:
    """The letters of a query word typed as an acronym, in capitals (``US``) or with dots in any case
    (``U.S.``, ``u.s.``, ``T.Ư``); None for any other."""
    if capitals(typed):
        return typed
    m = DOTTED.fullmatch(typed)
    return m[1].replace(".", "") if m else None
