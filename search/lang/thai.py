"""Thai and Lao spelling normalisation for search: one string for spellings that render alike.

Thai and Lao text is typed so that it looks right on screen, and several code point sequences look the same;
Unicode normalisation (NFC, which the engine applies) joins none of them (their marks have combining class 0,
or their composed form is only a compatibility one). The index and the query both apply these rules, before
ICU's dictionary segmentation (which knows one spelling of a word, and cuts the others apart):

==  =======================================================================  ===========================
id  rule                                                                     example
==  =======================================================================  ===========================
ZW  ZWNJ, ZWJ, WJ, BOM, SHY, INVISIBLE SEPARATOR between two Thai or Lao      ``ประ\\u00adชุม`` = ``ประชุม``
    characters removed; ZWSP only before a mark (it splits a cluster there;
    between syllables it is a publisher's word separator, kept)
DUP a vowel sign or tone mark typed twice in a row: once                       ``ก่่`` = ``ก่``
EE  two SARA E for SARA AE (Thai ``เเ`` -> ``แ``, Lao ``ເເ`` -> ``ແ``)          ``เเละ`` = ``และ``
ORD a tone mark (or Thai THANTHAKHAT) typed before the vowel sign above or    ``ท่ี`` = ``ที่``
    below the same consonant: the vowel first                                ``ບ່ໍ`` = ``ບໍ່``
AM  SARA AM typed as NIKHAHIT + SARA AA (either side of the tone mark), or    ``น้ํา``, ``นํ้า`` = ``น้ำ``
    before its tone mark: ``ำ`` (U+0E33), Lao ``ຳ`` (U+0EB3), after the tone  ``ນໍ້າ`` = ``ນ້ຳ``
HO  Lao HO SUNG written as two letters: ``ຫນ`` -> ``ໜ`` (U+0EDC), ``ຫມ`` -> ``ໝ``   ``ຫນ້າ`` = ``ໜ້າ``
    (U+0EDD), ``ຫລ`` -> ``ຫຼ`` (the older spelling of the LO cluster)        ``ຫລວງ`` = ``ຫຼວງ``
==  =======================================================================  ===========================

None of ICU's 26,383 Thai words is changed by a rule. ICU's Lao dictionary has the words AM and HO touch in
either spelling, not one for all (ICU 77: 3,099 of its 30,550 words have ``ຳ``, ``ໜ``, ``ໝ`` or ``ຫຼ``, 939 have
``ໍາ`` or ``ຫລ``/``ຫນ``/``ຫມ`` only: ``ກອງກໍາປັ່ນ``, ``ກະຊວງອຸດສາຫະກໍາ``, ``ກອງມະໂຫລະທຶກ``; some mix them), so
the canonical spelling alone cut the older words apart (``ກອງ``, army, found ``ກອງກໍາປັ່ນ``, navy): a Lao run
with those letters is segmented in its older spellings too (``lao_older_spellings``, ``analysis/tokenize.py``).
``normalize_thai_lao`` is idempotent and touches nothing but Thai and Lao; its length changes only by ZW, DUP,
EE, AM and HO's first two (one character fewer each), and ``normalize_thai_lao_mapped`` says where each
character came from.

    normalize_thai_lao("กินน้ํา เเละ ท่ี") -> "กินน้ำ และ ที่"
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["normalize_thai_lao", "normalize_thai_lao_mapped", "HAS_THAI_LAO", "HAS_LAO_OLDER", "lao_older_spellings"]

HAS_THAI_LAO = re.compile("[\u0e00-\u0eff]")
_TL = "\u0e00-\u0eff"
_ZW = "\u200c\u200d\u2060\ufeff\u00ad\u2063"
# Signs written above or below a consonant (vowels, tone marks, THANTHAKHAT, NIKHAHIT...), Thai and Lao.
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd"
_VOWELS = "\u0e31\u0e34-\u0e3a\u0eb1\u0eb4-\u0eb9\u0ebb\u0ecd"  # vowel signs above or below (Lao NIGGAHITA: ບໍ່)
_TONES = "\u0e48-\u0e4c\u0ec8-\u0ecc"  # tone marks (and Thai THANTHAKHAT, Lao CANCELLATION MARK)
_T_TONE = "\u0e48-\u0e4b"
_L_TONE = "\u0ec8-\u0ecb"

# One regex per rule, named, with what replaces a match; applied in this order until nothing changes. The search
# page (``js/thai.js``) runs the same patterns (``RULE_PATTERNS``) with the same replacements, by name.
_HO = {"\u0e99": "\u0edc", "\u0ea1": "\u0edd", "\u0ea5": "\u0eab\u0ebc"}
_Rule = tuple[str, re.Pattern[str], Callable[[re.Match[str]], str]]
_RULES: tuple[_Rule, ...] = (
    ("ZW", re.compile(f"(?<=[{_TL}])[{_ZW}]+(?=[{_TL}])|(?<=[{_TL}])\u200b+(?=[{_MARKS}])"), lambda m: ""),
    ("DUP", re.compile(f"([{_MARKS}])\\1+"), lambda m: m.group(1)),
    ("EE", re.compile("\u0e40\u0e40|\u0ec0\u0ec0"), lambda m: chr(ord(m.group()[0]) + 1)),
    ("ORD", re.compile(f"([{_TONES}]+)([{_VOWELS}]+)"), lambda m: m.group(2) + m.group(1)),
    ("AM", re.compile(f"\u0e4d([{_T_TONE}]?)\u0e32|([{_T_TONE}])\u0e4d\u0e32|\u0e33([{_T_TONE}])"
                      f"|\u0ecd([{_L_TONE}]?)\u0eb2|([{_L_TONE}])\u0ecd\u0eb2|\u0eb3([{_L_TONE}])"),
     lambda m: "".join(g or "" for g in m.groups()) + ("\u0e33" if m.group() < "\u0e80" else "\u0eb3")),
    ("HO", re.compile("\u0eab([\u0e99\u0ea1\u0ea5])"), lambda m: _HO[m.group(1)]),
)
RULE_PATTERNS = [(name, pattern.pattern) for name, pattern, _ in _RULES]
# Whether a text may need any rule: one scan (most Thai and Lao text needs none), of what can begin a match of
# some rule (more than the rules match: a zero-width character anywhere), without their lookbehinds (the rules
# joined took 15 ms per 100,000 characters of Thai news, a quarter of the time to segment it).
_ANY = re.compile(f"[{_ZW}\u200b]|([{_MARKS}])\\1|\u0e40\u0e40|\u0ec0\u0ec0|[{_TONES}][{_VOWELS}]"
                  f"|\u0e4d[{_T_TONE}]?\u0e32|[{_T_TONE}]\u0e4d|\u0e33[{_T_TONE}]"
                  f"|\u0ecd[{_L_TONE}]?\u0eb2|[{_L_TONE}]\u0ecd|\u0eb3[{_L_TONE}]|\u0eab[\u0e99\u0ea1\u0ea5]")


def normalize_thai_lao(text: str) -> str:
    """Canonical spelling of Thai and Lao text for search (idempotent; only Thai and Lao are touched)."""
    if HAS_THAI_LAO.search(text) is None or _ANY.search(text) is None:
        return text
    for _ in range(8):  # a rule's output can make another's input (ท ่ ่ ี): a few passes
        before = text
        for _, pattern, repl in _RULES:
            text = pattern.sub(repl, text)
        if text == before:
            break
    return text


def normalize_thai_lao_mapped(text: str) -> tuple[str, list[int] | None]:
    """``normalize_thai_lao(text)`` and a map back: ``origins[i]`` is the offset in ``text`` of normalized
    character ``i`` (``len(normalized) + 1`` entries, the last ``len(text)``), or None when the length did not
    change (every rule keeps the characters around it in place). A character made of several (``ำ`` from
    ``ํา``) starts where the first of them did; what follows starts where it did."""
    if HAS_THAI_LAO.search(text) is None or _ANY.search(text) is None:
        return text, None
    length = len(text)
    origins = list(range(length + 1))
    for _ in range(8):
        before = text
        for _, pattern, repl in _RULES:
            text, origins = mapped_sub(pattern, repl, text, origins)
        if text == before:
            break
    return text, None if len(text) == length else origins  # no rule adds characters: same length, same places


def mapped_sub(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str,
               origins: list[int]) -> tuple[str, list[int]]:
    """``pattern.sub(repl, text)``, and ``origins`` (``len(text) + 1`` offsets into some original) carried over
    to the result: a replacement's characters start where the match's did, one for one as far as they go;
    what follows starts where it did."""
    if pattern.search(text) is None:
        return text, origins
    out: list[str] = []
    new: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        a, b = m.span()
        out.append(text[pos:a])
        new.extend(origins[pos:a])
        r = repl(m)
        out.append(r)
        new.extend(origins[a + min(k, b - a - 1)] for k in range(len(r)))
        pos = b
    out.append(text[pos:])
    new.extend(origins[pos:])
    return "".join(out), new


# Lao AM and HO make one spelling of words ICU's Lao dictionary has in either (ນ້ຳ and ນໍ້າ, ເໜືອ and ເຫນືອ): 3,099
# of its words are written with ຳ, ໜ, ໝ or ຫຼ, 939 only with ໍາ, ຫນ, ຫມ or ຫລ, and some mix them (ການກໍາໜົດ). ICU
# cuts a word apart in the spelling it does not know, so a run in the canonical spelling is also segmented in
# the older spelling of its AM letters, of its HO letters and of both (``lao_older_spellings``), and
# ``analysis.tokenize`` keeps, between the boundaries all these segmentations share, the one with the fewest
# words: a word of the dictionary is whole in whichever spelling the text wrote it, and both spellings of a text
# give the same words (they have the same canonical spelling).
_LAO_AM_OLDER = re.compile("[\u0ec8-\u0ecb]?\u0eb3")
_LAO_HO_OLDER = re.compile("[\u0edc\u0edd]|\u0eab\u0ebc")
_LAO_BOTH_OLDER = re.compile(f"{_LAO_AM_OLDER.pattern}|{_LAO_HO_OLDER.pattern}")
_OLDER = {"\u0edc": "\u0eab\u0e99", "\u0edd": "\u0eab\u0ea1", "\u0eab\u0ebc": "\u0eab\u0ea5"}
HAS_LAO_OLDER = _LAO_BOTH_OLDER


def _older(m: re.Match[str]) -> str:
    found = m.group()
    return "\u0ecd" + found[:-1] + "\u0eb2" if found[-1] == "\u0eb3" else _OLDER[found]


def lao_older_spellings(run: str) -> list[tuple[str, list[int]]]:
    """The older spellings of a Lao run in the canonical spelling (AM's letters, HO's, both: those the run has),
    each with ``starts``: for each offset of the older spelling (and its end), the offset in ``run`` where that
    character starts, or -1 inside what stands for one character of ``run`` (``ຫ`` ``ນ`` for ``ໜ``).

        lao_older_spellings("ເໜືອນ້ຳ") -> [("ເໜືອນໍ້າ", ...), ("ເຫນືອນ້ຳ", ...), ("ເຫນືອນໍ້າ", ...)]
    """
    out: list[tuple[str, list[int]]] = []
    for pattern in (_LAO_AM_OLDER, _LAO_HO_OLDER, _LAO_BOTH_OLDER):
        if pattern is _LAO_BOTH_OLDER and len(out) < 2:
            break  # one kind of letters only: "both" is the spelling already listed
        if pattern.search(run) is None:
            continue
        parts: list[str] = []
        starts: list[int] = []
        pos = 0
        for m in pattern.finditer(run):
            a, b = m.span()
            parts.append(run[pos:a])
            starts.extend(range(pos, a))
            older = _older(m)
            parts.append(older)
            starts.extend([a] + [-1] * (len(older) - 1))
            pos = b
        parts.append(run[pos:])
        starts.extend(range(pos, len(run) + 1))
        out.append(("".join(parts), starts))
    return out
