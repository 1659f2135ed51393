"""Where a sentence begins, for the names' keys (``lang/vietnamese.py`` ``name_keys``): a capital on a sentence's first
word is there for its place (``Theo Phạm Minh Chính``), one mid-sentence for a name.

A sentence begins at the text's start, a line's, or after ``. ! ? …``, opening quotes, brackets, dashes or bullets
between; after a colon when a quote opens (``Ông nói: "Tại Hà Nội...``: not ``(Ảnh: Đại Việt)``, a credit's name).
Not after the dot of an abbreviation written before a name or a place (``TP. Hồ Chí Minh``, ``GS. Đàm Trung Đồn``,
``Mr. Hun Sen``: ``data/sentences.toml``). A capital letter alone with a dot after a capitalised word is an initial
(``John F. Kennedy``) or ends a sentence (``Serie A.``, ``PV Gas D.``, a name shortened, ``Lữ Thị N.``): 14 of the 77
in the 5k corpus did; read as a sentence's end, as every such dot is, it changes none of the corpus's keys (the names
after initials are one word there: ``Kennedy``, ``Bush``). A run alone on its line is a name (a byline, ``Trường
Thịnh``), unless a credit word opens it (``Theo Thu Hà``).
"""

from __future__ import annotations

import re
from functools import cache

from .table import data_table

__all__ = ["sentence_initial", "abbreviations", "credit_words"]

# What may stand between a sentence's end (or a line's start) and its first word.
OPENERS = frozenset(" \t\"“”'‘’([{«»-–—•*")
QUOTES = frozenset("\"“‘'«„")  # that open a quotation (a colon before one ends its clause)
SENTENCE_ENDS = frozenset(".!?…\n")  # not a colon alone: "(Ảnh: Đại Việt)" credits a name
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"\w+")


@cache
def abbreviations() -> frozenset[str]:
    """Every language's abbreviations written before a name (``data/sentences.toml``), as written: ``TP``, ``Mr``."""
    return frozenset(w for table in data_table("sentences").values() for w in table.get("abbreviations", []))


@cache
def credit_words() -> frozenset[str]:
    """Every language's words that open a credit line (``Theo``, ``By``), as written."""
    return frozenset(w for table in data_table("sentences").values() for w in table.get("credits", []))


def sentence_initial(text: str, start: int, end: int) -> bool:
    """Whether the run of capitalised words from ``start`` to ``end`` begins a sentence of ``text`` that goes on after
    it in its line (a line that is the run alone is a name: a byline's Dương Phong, Châu Như Quỳnh; or a heading), or
    that a credit word opens (``Theo Thu Hà`` alone on its line)."""
    i = start - 1
    while i >= 0 and text[i] in OPENERS:
        i -= 1
    if i >= 0:
        c = text[i]
        if c == ":":
            if QUOTES.isdisjoint(text[i + 1:start]):  # "(Ảnh: Đại Việt)" a credit's name; 'nói: "Tại Hà Nội' not
                return False
        elif c not in SENTENCE_ENDS or c == "." and _abbreviated(text, i):
            return False
    line_end = text.find("\n", end)
    if _LETTER.search(text, end, line_end if line_end >= 0 else len(text)) is not None:
        return True
    first = _WORD.match(text, start)
    return first is not None and first[0] in credit_words()


def _abbreviated(text: str, dot: int) -> bool:
    """Whether the dot at ``dot`` ends an abbreviation written before a name (``data/sentences.toml``: ``TP.``,
    ``Mr.``), not a word that ends a sentence (``Nam.``, ``USD.``, ``PV Gas D.``)."""
    j = dot
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return j < dot and (j == 0 or not (text[j - 1].isalnum() or text[j - 1] == "_")) and text[j:dot] in abbreviations()
