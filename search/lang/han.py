"""Chinese characters in their traditional form -> the simplified one: ``國`` -> ``国``, ``會`` -> ``会``.

One character for one, as ICU's Traditional-Simplified transform gives each character alone (Unihan's simplified
variants; PyICU's ICU 77: 3,080 characters). Folding (``fold.py``) gives a word's simplified form, so that
``柬埔寨国会`` finds ``柬埔寨國會`` and the other way round (the spelling typed ranks first: it is the word's exact
form); and a run of Chinese characters is segmented in its simplified form (``analysis/tokenize.py``), so that
both spellings of a text give the same words (ICU's Chinese dictionary cut ``國會`` and ``国会`` alike, but not
every word: 127 of 200 generated traditional queries found the simplified articles when each was segmented as
written). The table is many-to-one (``發`` development and ``髮`` hair are both ``发``), which simplified Chinese
writes alike: folding goes that way only; a word's exact form keeps its traditional characters.

    simplify("柬埔寨國會") -> "柬埔寨国会"
"""

from __future__ import annotations

import re
from functools import cache

HAN_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))


@cache
def simplified_table() -> dict[str, str]:
    """Every traditional character that ICU's transform changes into one character -> that character (both in
    the Basic Multilingual Plane, as the search page's offsets need; 2,906 in ICU 77; about 0.1 s, once: only for
    text with Chinese characters)."""
    import icu

    transform = icu.Transliterator.createInstance("Traditional-Simplified")
    out = {}
    for a, b in HAN_RANGES:
        for ch in map(chr, range(a, b)):
            form = transform.transliterate(ch)
            if form != ch and len(form) == 1 and max(form, ch) < "\U00010000":
                out[ch] = form
    return out


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df]")
_ALL_HAN = re.compile(_HAN.pattern + "+")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def all_han(text: str) -> bool:
    return _ALL_HAN.fullmatch(text) is not None


def simplify(text: str) -> str:
    """``text`` with its traditional Chinese characters simplified (the same length: one character for one)."""
    if _HAN.search(text) is None:
        return text
    get = simplified_table().get
    return "".join([get(ch, ch) for ch in text])  # (str.translate with a dict: 30 times slower here)


def simplified(ch: str) -> str:
    """One character's simplified form (itself if none)."""
    return simplified_table().get(ch, ch) if _HAN.match(ch) else ch
