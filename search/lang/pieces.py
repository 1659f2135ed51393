"""A number written in pieces: digit grouping (Vietnamese ``1.000``, English ``1,000``, French ``1 000`` with a
no-break space).

Analysis splits a number where the dot, the comma or the space stands (``1.000`` is the words ``1 000``), in the
articles as in the query, so the index holds the pieces (nothing here changes the index). The query matches
either way (``search.query.compile``, ``QueryCompiler.ways``; the search page's ``text.js`` has the same rules):

- a number of 4 digits or more, not starting with 0 (a phone number or a code is not grouped), is also its
  groups of three from the right, side by side: ``1000`` finds ``1.000``, ``1,000`` and ``1 000``, in any
  script's digits (``២០២៤`` is also ``២ ០២៤``). In vi-news 854 of the 2,653 articles write a number so;
  ``1000`` found none of the 90 that write ``1.000``;
- typed in pieces, a group of 1 to 3 digits (not starting with 0) followed by groups of exactly 3, all joined by
  the same one separator (``.`` ``,`` a space or a no-break space), is also the number: ``1.000.000`` is also
  ``1000000``; ``12.03.2024``, ``3.5``, ``0.500``, ``1.000.5``, ``5.1.000``, ``091.234.5678`` are not.
  A decimal with exactly three digits after its comma or dot is read as grouping too: the index keeps no
  separator and the query does not know the article's convention (Vietnamese ``6,497 triệu tấn`` is 6.497
  million and is found by ``6497``: 15 such decimals in 13 vi-news articles, against 12 English-style groups
  such as ``100,000``; Cranfield's ``1.400`` is 1.4, 16 such in 9 of its 1,400 documents).

The same for a word written with a hyphen or glued to a number (what Elasticsearch's word delimiter does with
``catenate_words`` and ``split_on_numerics``):

- typed with hyphens (``-``, ``‐``, ``‑``, no space), the pieces are also the one word: ``Wi-Fi`` also finds
  ``wifi``, ``e-mail`` ``email``, ``Covid-19`` ``Covid19``; and so are words of letters typed with a dot between
  them: ``TP.HCM`` (134 vi-news articles) also finds ``TPHCM`` (125 others: 240 write one or the other);
  ``TPHCM`` does not find ``TP.HCM`` (where it was cut is not known);
- a word of letters and digits (``Covid19``, ``Vn30Index``) is also its pieces cut between letters and digits,
  side by side, in every way: ``Covid19`` finds the 589 vi-news articles that write ``Covid-19`` (it found 2).
  A single digit is cut off only before a word of 2 letters or more (``8GB`` finds ``8 GB``) or after one of
  3 or more (``CoV2`` finds ``SARS-CoV-2``): ``B1``, ``A1``, ``5G``, ``3D``, ``CO2`` are whole words, for
  ``B 1`` is in ``B.1.617`` (11 of the 23 vi-news articles ``B1`` found), ``5 g`` a weight, ``a 1-0`` a
  score, ``co 2`` the Vietnamese ``có 2`` (112 of the 121 ``CO2`` found);
  ``wifi`` does not find ``Wi-Fi``: where a word of letters only was cut is not known;
- the other way, a number and a word of letters typed apart (``20 km``, ``Covid 19``), in quotes or not, are
  also the one word glued when that word is also them side by side (``glued``): ``"20 km"`` finds ``20km``.

A time of day is the same time in each of its spellings (``time_runs``, ``time_spellings``): ``10:30`` also
finds ``10h30``, ``09h30`` is ``9h30`` (and ``08:30`` ``8:30``), and ``10 giờ 30`` (``10 gio 30``) is ``10h30``;
``10h30`` is not the words ``10 30`` that ``10:30`` leaves in the index (they are ``10-30%`` too), but each
spelling of a time in an article is also its key (``time_key``), which a time typed alone searches too: ``10h30``
finds ``10:30``.

Elasticsearch's word delimiter (``catenate_numbers``) joins ``1,000`` into ``1000`` at indexing; here the index
keeps the pieces, and each whole number written in groups is also a key of its own (``numbers.grouped_keys``:
``#1000``). The index does not keep what stands between two pieces, nor whether a longer number goes on, so a
number typed whole (``12100``) finds its pieces side by side (``12 100``) only in an article holding its key
(``search.query.compile`` ``split_number_keys``): not ``tháng 12 100`` (December, then 100), a phone number's
``(024)3 791 29 05``, a list's ``6, 100%``, a scale's ``43,1/100.000`` or a longer number's ``1.270.000`` (on the
5k corpus, 265 numbers written in groups typed whole: 71 such articles no longer found, each checked, and 13
found that write the number with a unit glued, ``3.000m2``, ``4.080mAh``, which the key alone finds). The words
typed as pieces (``1.000``, ``"12 100"``) are the words side by side, as before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from . import numbers
from .fold import DIGIT_VALUES
from .numbers import GROUP_SPACES, KEY_MARK, MAX_BEFORE, grouping_after

# What may stand between the groups of a number typed with digit grouping (and written: numbers.grouped_keys).
GROUP_SEPARATORS = frozenset(numbers.GROUP_SEPARATORS)
MIN_GROUPED = 4  # digits of a number that is also read in groups of three (1000)
HYPHENS = frozenset("-\u2010\u2011")  # between the pieces of a word typed with hyphens (Wi-Fi)
# Between a number and a word of letters typed apart that an article may write glued (20 km, 20km).
GLUE_SPACES = frozenset(" \u00a0\u202f\u2009\u2007")

def is_number(word: str) -> bool:
    """Digits only, of any script."""
    return bool(word) and all(ch in DIGIT_VALUES for ch in word)


_is_number = is_number


def number_groups(word: str) -> tuple[str, ...]:
    """``"1000"`` -> ``("1", "000")``, ``"1234567"`` -> ``("1", "234", "567")``; () for a word that is not a
    number of ``MIN_GROUPED`` digits or more, or that starts with 0."""
    if len(word) < MIN_GROUPED or not _is_number(word) or DIGIT_VALUES[word[0]] == 0:
        return ()
    head = len(word) % 3 or 3
    return (word[:head], *(word[i:i + 3] for i in range(head, len(word), 3)))


MAX_CUTS = 3  # letter-digit boundaries of a word cut in every combination (7 ways at most)


def word_splits(word: str) -> list[tuple[str, ...]]:
    """The pieces a word is also read as: a number's groups of three (``number_groups``), or a word of letters
    and digits cut at some of its boundaries between letters and digits, each way (the article may have put
    a hyphen at one and not at another: ``Vn30-Index``, ``21B-00671``): ``"covid19"`` -> ``[("covid", "19")]``,
    ``"vn30index"`` -> ``[("vn", "30index"), ("vn30", "index"), ("vn", "30", "index")]``; [] for any other word
    or one with more than ``MAX_CUTS`` such boundaries. A way that cuts off a single digit is left out unless a
    word of letters stands beside it, of ``MIN_AFTER_DIGIT`` or more after it or ``MIN_BEFORE_DIGIT`` or more
    before it (``_lone_digit``): ``"b1"``, ``"5g"``, ``"co2"`` -> [], ``"8gb"`` -> ``[("8", "gb")]``, ``"cov2"``
    -> ``[("cov", "2")]``, ``"f35"`` -> ``[("f", "35")]``. A number of ``MIN_GROUPED`` digits or more before a
    word is also in groups, apart from the word or its last group glued to it (as an article writes ``1.000 km``
    or ``1.000km``: 50 vi-news articles write a grouped number glued, ``4.500mAh``, ``250.000đ``):
    ``"1000km"`` -> ``[("1000", "km"), ("1", "000", "km"), ("1", "000km")]``."""
    groups = number_groups(word)
    if groups:
        return [groups]
    cuts = [k for k in range(1, len(word)) if (word[k] in DIGIT_VALUES) != (word[k - 1] in DIGIT_VALUES)]
    if not cuts or len(cuts) > MAX_CUTS:
        return []
    ways = [[c for i, c in enumerate(cuts) if mask >> i & 1] for mask in range(1, 1 << len(cuts))]
    ways.sort(key=len)
    out = [tuple(word[a:b] for a, b in zip([0, *way], [*way, len(word)], strict=True)) for way in ways]
    out = [way for way in out if not any(_lone_digit(way, k) for k in range(len(way)))]
    if len(cuts) == 1 and out and number_groups(out[0][0]):
        # 1000km: the number in groups too, apart from its word or glued to it (1.000 km, 1.000km: 1 000km)
        number, rest = out[0]
        groups = number_groups(number)
        out += [(*groups, rest), (*groups[:-1], groups[-1] + rest)]
    return out


# Letters of a word that a piece of one digit is cut from: a unit after it (8GB is 8 GB, 2km 2 km), a name
# before it (CoV2 is CoV-2, Realme8 Realme 8); not B1 (B.1.617), 5G (5 g of salt), CO2 (có 2), A1 (a 1-0 win).
MIN_AFTER_DIGIT = 2
MIN_BEFORE_DIGIT = 3
# Units of one letter a single digit is cut off before all the same: 2m is 2 m (vi-news writes a digit and m 49
# times glued, 8 apart; "2 m" missed 9 of the 17 vi-news and generated articles writing 2 m or 2m, "3 m" 8 of
# 12). Not g (5G: 263 times glued, never apart), h (2h: 122 and 0), k (4K), d (3D).
UNIT_LETTERS = frozenset("m")


def _lone_digit(way: tuple[str, ...], k: int) -> bool:
    """Piece ``k`` of ``way`` is one digit, without a word of ``MIN_AFTER_DIGIT`` letters or more or a unit of
    ``UNIT_LETTERS`` after it nor one of ``MIN_BEFORE_DIGIT`` or more before it."""
    if len(way[k]) != 1 or way[k] not in DIGIT_VALUES:
        return False
    after = way[k + 1] if k + 1 < len(way) else ""
    before = way[k - 1] if k else ""
    return not (len(after) >= MIN_AFTER_DIGIT and _letters(after) or after.lower() in UNIT_LETTERS or
                len(before) >= MIN_BEFORE_DIGIT and _letters(before))


def joined_runs(text: str, spans: Sequence[tuple[str, int, int]]) -> list[tuple[int, int, str]]:
    """The runs of ``spans`` (words of ``text``: (word, start, end)) that are one number written in groups or
    one word written with hyphens, or a number and a word of letters typed with a space between them that
    ``glued`` joins: ``(i, j, word)`` for words ``i`` to ``j - 1``:
    ``joined_runs("1.000 người, Wi-Fi 20 km", ...)`` -> ``[(0, 2, "1000"), (3, 5, "WiFi"), (5, 7, "20km")]``."""
    out = []
    i = 0
    while i < len(spans):
        j = _groups_end(text, spans, i)
        if j - i < 2:
            j = _hyphened_end(text, spans, i)
        if j - i < 2 and _glued_end(text, spans, i) == i + 2:
            j = i + 2
        if j - i >= 2:
            out.append((i, j, "".join(w for w, _, _ in spans[i:j])))
            i = j
        else:
            i += 1
    return out


def _between(text: str, spans: Sequence[tuple[str, int, int]], k: int) -> str:
    """What stands between word ``k - 1`` and word ``k``."""
    return text[spans[k - 1][2]:spans[k][1]]


def _groups_end(text: str, spans: Sequence[tuple[str, int, int]], i: int) -> int:
    first = spans[i][0]
    if not 1 <= len(first) <= 3 or not _is_number(first) or DIGIT_VALUES[first[0]] == 0 or i + 1 >= len(spans):
        return i + 1
    sep = _between(text, spans, i + 1)
    if sep not in GROUP_SEPARATORS:
        return i + 1
    if i and _is_number(spans[i - 1][0]) and _between(text, spans, i) == sep:
        return i + 1  # 5.1.000: not a grouped number
    if sep in GROUP_SPACES and not grouping_after(text[max(0, spans[i][1] - MAX_BEFORE):spans[i][1]]):
        return i + 1  # tháng 12 100: the month, then 100 (lang/numbers.py)
    j = i + 1
    while j < len(spans) and _between(text, spans, j) == sep and _is_number(spans[j][0]):
        if len(spans[j][0]) != 3:
            return i + 1  # 12.03.2024, 1.000.5: the same separator before a group not of three digits
        j += 1
    return j


# Letters a word needs on each side of a dot to be joined through it: TP.HCM is also TPHCM, but U.S., T.Ư, a.m.
# and U.N. are not the words us, tư (of every đầu tư), am and un.
MIN_DOTTED = 2


def _hyphened_end(text: str, spans: Sequence[tuple[str, int, int]], i: int) -> int:
    j = i + 1
    while j < len(spans) and (_between(text, spans, j) in HYPHENS or _between(text, spans, j) == "." and
                              _dotted(spans[j - 1][0]) and _dotted(spans[j][0])):
        j += 1
    return j


def _glued_end(text: str, spans: Sequence[tuple[str, int, int]], i: int) -> int:
    """``i + 2`` if words ``i`` and ``i + 1`` are a number and a word of letters typed apart (``glued``), the
    second beginning no longer run of its own (``và 20,000``: 20,000 is a number in groups) and, a number, not
    joined to the word after it (``dài 20 km``: 20km), else ``i + 1``."""
    if i + 1 >= len(spans) or _between(text, spans, i + 1) not in GLUE_SPACES or \
            not glued(spans[i][0], spans[i + 1][0]):
        return i + 1
    if _groups_end(text, spans, i + 1) > i + 2 or _hyphened_end(text, spans, i + 1) > i + 2:
        return i + 1
    if not _is_number(spans[i][0]) and _glued_end(text, spans, i + 1) == i + 3:
        return i + 1  # dài 20 km: the number goes with its unit (20km), not with the word before (dài20)
    return i + 2


def glued(first: str, second: str) -> bool:
    """A number and a word of letters (either first) typed with a space between them are also the one word an
    article may write glued, as that word is also them side by side (``word_splits``): ``20 km`` is also
    ``20km`` (of 281 vi-news pairs of a number and a word, typed apart in quotes 74 missed articles that write
    them glued, 166 in all), ``Covid 19`` ``Covid19``; not ``5 g`` (``5G``), ``B 1`` (``B1``), ``có 2`` (``CO2``)."""
    if not (_is_number(first) and _word_of_letters(second) or _word_of_letters(first) and _is_number(second)):
        return False
    return (first, second) in word_splits(first + second)


# A time of day: the hour (0 to 24) and its minutes (00 to 59), written ``10h30`` (Vietnamese, French: 220 times in
# 133 vi-news articles), ``10:30`` (English) or ``10 giờ 30`` (22 times in 18).
# Between the hour and the minutes typed apart (10 giờ 30), and as typed without accents: an unaccented query finds
# accented text, and "10 gio 30" found 10 giờ 30 but not 10h30.
HOUR_WORDS = frozenset({"giờ", "gio"})
LAST_HOUR = 24
_H_TIME = re.compile(r"([0-9]{1,2})[hH]([0-9]{2})")


def _hour(word: str) -> int | None:
    value = int("".join(str(DIGIT_VALUES[ch]) for ch in word)) if len(word) <= 2 and _is_number(word) else None
    return value if value is not None and value <= LAST_HOUR else None


def _minute(word: str) -> int | None:
    value = int("".join(str(DIGIT_VALUES[ch]) for ch in word)) if len(word) == 2 and _is_number(word) else None
    return value if value is not None and value < 60 else None


def time_of(words: Sequence[str], gaps: Sequence[str]) -> tuple[int, int] | None:
    """(hour, minutes) if ``words`` (``gaps[k]`` standing between word ``k`` and word ``k + 1``) are a time of day:
    ``["10h30"]``, ``["10", "30"]`` with ``":"`` between, ``["10", "giờ", "30"]`` with spaces; else None."""
    if len(words) == 1:
        m = _H_TIME.fullmatch(words[0])
        hour, minute = (_hour(m[1]), _minute(m[2])) if m else (None, None)
    elif len(words) == 2 and gaps[0] == ":":
        hour, minute = _hour(words[0]), _minute(words[1])
    elif len(words) == 3 and gaps[0] in GLUE_SPACES and gaps[1] in GLUE_SPACES and words[1].lower() in HOUR_WORDS:
        hour, minute = _hour(words[0]), _minute(words[2])
    else:
        return None
    return (hour, minute) if hour is not None and minute is not None else None


def time_spellings(hour: int, minute: int, colon: bool = False) -> list[tuple[str, ...]]:
    """The words an article writes a time of day in, as the index holds them, each hour below 10 with its zero and
    without: ``10h30`` (``9h30`` and ``09h30``), ``10 giờ 30`` (``9 giờ 30``, ``09 giờ 30``). ``10:30`` is the
    words ``10 30`` (the index keeps no colon), which also stand for ``10-30%``: a time typed otherwise is not also
    them (of the 82 vi-news articles where an ``HhMM`` time's hour and minutes stand side by side, 78 write no
    ``H:MM``: ``20-30 năm``, ``10-30%``); one typed with a colon (``colon``) is, its hour with and without the
    zero (``8:30`` is ``08:30``)."""
    hours = [str(hour), *([f"0{hour}"] if hour < 10 else [])]
    mm = f"{minute:02d}"
    return [*((f"{h}h{mm}",) for h in hours), *((h, "giờ", mm) for h in hours), *((h, mm) for h in hours if colon)]


def time_key(hour: int, minute: int) -> str:
    """The ``exact`` key of a time of day, which each of its spellings in an article has (``search.analysis.terms``
    ``time_keys``) and a time typed searches (``search.query.compile``): ``"#10h30 #10h30"`` (the index keeps no
    colon: ``10:30`` is the words ``10 30``, which ``10h30`` cannot search without finding ``10-30%`` too)."""
    key = f"{KEY_MARK}{hour}h{minute:02d}"  # no colon: the page's stems are keyed "lang:stem"
    return f"{key} {key}"


def time_runs(text: str, spans: Sequence[tuple[str, int, int]]) -> list[tuple[int, int, tuple[int, int]]]:
    """The runs of ``spans`` (words of ``text``: (word, start, end)) that are a time of day (``time_of``):
    ``(i, j, (hour, minutes))`` for words ``i`` to ``j - 1``. Not a run of numbers joined by colons that goes
    on (``1:10:30``, ``10:30:15``)."""
    out = []
    i = 0
    while i < len(spans):
        first = spans[i][0]
        if not first or first[0] not in DIGIT_VALUES:  # every spelling begins with its hour's digits (``time_of``)
            i += 1
            continue
        for j in (i + 3, i + 2, i + 1):
            if j > len(spans):
                continue
            found = time_of([w for w, _, _ in spans[i:j]], [_between(text, spans, k) for k in range(i + 1, j)])
            colons = j - i == 2 and (i and _between(text, spans, i) == ":" or
                                     j < len(spans) and _between(text, spans, j) == ":")
            if found is not None and not colons:
                out.append((i, j, found))
                i = j - 1
                break
        i += 1
    return out


def _word_of_letters(word: str) -> bool:
    return bool(word) and all(unicodedata.category(ch)[0] in "LM" for ch in word)


def _dotted(word: str) -> bool:
    return len(word) >= MIN_DOTTED and _letters(word)


def _letters(word: str) -> bool:
    return not any(ch in DIGIT_VALUES for ch in word)
