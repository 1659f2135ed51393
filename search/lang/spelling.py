"""Spellings that render alike, made one, in every script that has them: Khmer (``khmer.py``), Thai and Lao
(``thai.py``). What the index, the query, the officials matcher and the search page (``js/khmer.js``,
``js/thai.js``) apply to text before segmenting or folding it.

    normalize_spelling("សម្ដេច น้ํา") -> "សម្តេច น้ำ"
"""

from __future__ import annotations

import re

from .khmer import normalize_khmer, normalize_mapped
from .thai import normalize_thai_lao, normalize_thai_lao_mapped

# Whether a text has any of those scripts (Thai, Lao, Khmer): the others are never touched.
HAS_NORMALIZED = re.compile("[\u0e00-\u0eff\u1780-\u17ff]")
_KHMER = re.compile("[\u1780-\u17ff]")
_THAI_LAO = re.compile("[\u0e00-\u0eff]")


def normalize_spelling(text: str) -> str:
    if _KHMER.search(text):
        text = normalize_khmer(text)
    if _THAI_LAO.search(text):
        text = normalize_thai_lao(text)
    return text


def normalize_spelling_mapped(text: str) -> tuple[str, list[int] | None]:
    """``normalize_spelling(text)`` and a map back (``khmer.normalize_mapped``): ``origins[i]`` is the offset in
    ``text`` of normalized character ``i``, or None when the length did not change."""
    origins: list[int] | None = None
    if _KHMER.search(text):
        text, origins = normalize_mapped(text)
    if _THAI_LAO.search(text):
        text, more = normalize_thai_lao_mapped(text)
        if more is not None:
            origins = more if origins is None else [origins[i] for i in more]
    return text, origins
