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

import json
import re
from functools import cache
from typing import cast

from ..usercache import cache_file, write_whole

HAN_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))


@cache
def simplified_table() -> dict[str, str]:
    """Every traditional character that ICU's transform changes into one character -> that character (both in
    the Basic Multilingual Plane, as the search page's offsets need; 2,906 in ICU 77). Worked out once per ICU
    version (0.1-0.3 s: 70,816 characters transformed one by one) and kept in the user's cache (read in
    0.01 s): a build's main process and each worker needed it, to fold the officials registry's names."""
    import icu

    target = cache_file(f"han-simplified-{icu.ICU_VERSION}-{icu.UNICODE_VERSION}.json")
    if target is not None:
        try:
            cached = json.loads(target.read_bytes().decode("utf-8"))
        except (OSError, ValueError):
            cached = None
        if _table_like(cached):
            return cast(dict[str, str], cached)
    table = _worked_out()
    if target is not None:
        write_whole(target, json.dumps(table, ensure_ascii=False).encode("utf-8"))
    return table


def _table_like(data: object) -> bool:
    """Whether ``data`` (a cached file's) can be such a table: Chinese characters to other characters of the
    Basic Multilingual Plane; a damaged or foreign file is not one, and the table is worked out again."""
    return isinstance(data, dict) and bool(data) and all(
        isinstance(k, str) and isinstance(v, str) and len(k) == len(v) == 1 and k != v and v < "\U00010000" and
        _HAN.match(k) is not None for k, v in data.items())


def _worked_out() -> dict[str, str]:
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
