"""Spellings that render alike, made one, in every script that has them: Khmer (``khmer.py``), Thai and Lao
(``thai.py``), Burmese signs typed in another order (``MYANMAR_ORDER``); and Japanese half-width katakana, the
katakana they stand for (``ｶﾀｶﾅ`` is ``カタカナ``, ``ｶﾞ`` ``ガ``: old systems and some sites write them so), before
ICU's dictionaries, which know one of each. What the index, the query, the officials matcher and the search page
(``js/khmer.js``, ``js/thai.js``) apply to text before segmenting or folding it.

    normalize_spelling("សម្ដេច น้ํา") -> "សម្តេច น้ำ"
"""

from __future__ import annotations

import re
import unicodedata

from .khmer import normalize_khmer, normalize_mapped
from .thai import mapped_sub, normalize_thai_lao, normalize_thai_lao_mapped

# Whether a text has any of those scripts (Thai, Lao, Burmese, Khmer, half-width katakana): the others are never
# touched.
HAS_NORMALIZED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\uff66-\uff9f]")
_KHMER = re.compile("[\u1780-\u17ff]")
_THAI_LAO = re.compile("[\u0e00-\u0eff]")
# Burmese signs that render alike in any order, typed so (ကုိ for ကို, the commonest particle; ကွျ for ကျွ): one
# order, Unicode's (UTN #11: medials ျ ြ ွ ှ, vowel ေ, upper vowels, lower vowels, ါ ာ, ံ, ့), which ICU's dictionary
# has (none of its 41,120 Burmese words changes); asat and visarga, which end a syllable, stay where they are.
MYANMAR_ORDER = {"\u103b": 1, "\u103c": 2, "\u103d": 3, "\u103e": 4, "\u1031": 5, "\u102d": 6, "\u102e": 6,
                 "\u1032": 6, "\u102f": 7, "\u1030": 7, "\u102b": 8, "\u102c": 8, "\u1036": 9, "\u1037": 10}
MYANMAR_SIGNS = re.compile("[" + "".join(sorted(MYANMAR_ORDER)) + "]{2,}")
_MYANMAR = re.compile("[\u1000-\u109f]")
# Whether a Khmer text has any of the other scripts whose rules apply (Thai, Lao, Burmese, half-width katakana):
# one scan, where each rule's test scanned the whole text again (Khmer analysis CPU: +10-16% with those rules).
_NOT_KHMER = re.compile("[\u0e00-\u0eff\u1000-\u109f\uff66-\uff9f]")


def _myanmar(m: re.Match[str]) -> str:
    return "".join(sorted(m.group(), key=MYANMAR_ORDER.__getitem__))


# A half-width katakana letter and its voiced mark, if any: its NFKC form, one letter (ｶﾞ -> ガ); a mark that
# makes no letter with it (ﾗﾞ) or stands alone is kept as it is (NFKC would make it a combining mark).
HALF_KANA = re.compile("[\uff66-\uff9d][\uff9e\uff9f]?")


def _kana(m: re.Match[str]) -> str:
    form = unicodedata.normalize("NFKC", m.group())
    return form if len(form) == 1 else unicodedata.normalize("NFKC", m.group()[0]) + m.group()[1:]


# The last long texts normalized, and their forms: an indexing worker normalizes each Khmer article twice, for the
# officials matcher (its title and body, ``normalize_lines``) and for the words (each alone, analysis/tokenize.py
# segmented_words), which now takes the forms made the first time. A text's line breaks part no rule (below), so
# that the title and the body normalized apart make the same text as both at once.
_RECENT: dict[str, str] = {}
_RECENT_KEPT = 8  # texts (a title and a body an article)
_RECENT_MIN = 256  # characters of a text kept: not the words (fold.py) nor titles, cheap to normalize again
_RECENT_MAX = 1 << 20  # nor a text of millions (a long-lived process would hold it and its form until cleared)


def normalize_spelling(text: str) -> str:
    found = _RECENT.get(text)
    if found is not None:
        return found
    normal = _normalized(text)
    if _RECENT_MIN <= len(text) <= _RECENT_MAX:
        if len(_RECENT) >= _RECENT_KEPT:
            _RECENT.clear()
        _RECENT[text] = normal
    return normal


def normalize_lines(text: str) -> str:
    """``normalize_spelling(text)``, its first line and the rest normalized apart (an article's title and body, as
    the words of each are read; the same text): no Khmer rule reads or writes across a character that is not
    Khmer or a zero-width character (khmer.py), a line break. A text with letters of the other scripts is
    normalized whole."""
    head, sep, rest = text.partition("\n")
    if not sep or _NOT_KHMER.search(text) is not None:
        return normalize_spelling(text)
    return normalize_spelling(head) + sep + normalize_spelling(rest)


def _normalized(text: str) -> str:
    if _KHMER.search(text):
        text = normalize_khmer(text)
        if _NOT_KHMER.search(text) is None:  # Khmer alone (nearly every Khmer text and word)
            return text
    if _THAI_LAO.search(text):
        text = normalize_thai_lao(text)
    if _MYANMAR.search(text):
        text = MYANMAR_SIGNS.sub(_myanmar, text)
    if "\uff66" <= max(text, default=" "):
        text = HALF_KANA.sub(_kana, text)
    return text


def normalize_spelling_mapped(text: str) -> tuple[str, list[int] | None]:
    """``normalize_spelling(text)`` and a map back (``khmer.normalize_mapped``): ``origins[i]`` is the offset in
    ``text`` of normalized character ``i``, or None when the length did not change."""
    origins: list[int] | None = None
    if _KHMER.search(text):
        text, origins = normalize_mapped(text)
        if _NOT_KHMER.search(text) is None:
            return text, origins
    if _THAI_LAO.search(text):
        text, more = normalize_thai_lao_mapped(text)
        if more is not None:
            origins = more if origins is None else [origins[i] for i in more]
    if _MYANMAR.search(text):
        text = MYANMAR_SIGNS.sub(_myanmar, text)  # reordered within a cluster: every character keeps its place
    if "\uff66" <= max(text, default=" ") and HALF_KANA.search(text):
        length = len(text)
        text, kana = mapped_sub(HALF_KANA, _kana, text, list(range(length + 1)))
        if len(text) != length:
            origins = kana if origins is None else [origins[i] for i in kana]
    return text, origins
