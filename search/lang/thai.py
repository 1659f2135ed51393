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
AM  Thai SARA AM typed as NIKHAHIT + SARA AA (either side of the tone mark),  ``น้ํา``, ``นํ้า`` = ``น้ำ``
    or before its tone mark: ``ำ`` (U+0E33), after the tone
==  =======================================================================  ===========================

The canonical forms are those of ICU's dictionaries: none of ICU's 26,383 Thai words is changed by a rule, and
of its 30,550 Lao words one only (``ກອງຊາກສະລັກຫັັກພັງ``, its ``ັ`` typed twice, which DUP makes the spelling
of the text that writes it once). Lao has no SARA AM rule and no rule for HO SUNG written as two letters
(``ຫນ`` ``ຫມ`` ``ຫລ`` for ``ໜ`` ``ໝ`` ``ຫຼ``): ICU's Lao dictionary has each of those words in one spelling or
the other, not one spelling for all (ICU 77: 1,220 of its Lao words have ``ໍາ`` or ``ຫລ``/``ຫນ``/``ຫມ``, 939 of
them in that spelling only: ``ກອງກໍາປັ່ນ``, ``ກະຊວງອຸດສາຫະກໍາ``, ``ກອງມະໂຫລະທຶກ``; 3,099 have ``ຳ``, ``ໜ``,
``ໝ`` or ``ຫຼ``), so either canonical form cut apart the dictionary's words written the other way (``ກອງ``,
army, then found ``ກອງກໍາປັ່ນ``, navy). Segmenting Lao as written and normalizing each word after keeps them
whole, but only 326 of the 1,221 words the rules changed (and 349 of the 3,099 written the older way) then give
the same words both ways: one spelling of a Lao word does not find the other (that would take segmenting with
a dictionary of both spellings, which ICU's segmenter, the engine's, does not take).
``normalize_thai_lao`` is idempotent and touches nothing but Thai and Lao; its length changes only by ZW, DUP,
EE and AM (one character fewer each), and ``normalize_thai_lao_mapped`` says where each character came from.

    normalize_thai_lao("กินน้ํา เเละ ท่ี") -> "กินน้ำ และ ที่"
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["normalize_thai_lao", "normalize_thai_lao_mapped", "HAS_THAI_LAO"]

HAS_THAI_LAO = re.compile("[\u0e00-\u0eff]")
_TL = "\u0e00-\u0eff"
_ZW = "\u200c\u200d\u2060\ufeff\u00ad\u2063"
# Signs written above or below a consonant (vowels, tone marks, THANTHAKHAT, NIKHAHIT...), Thai and Lao.
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd"
_VOWELS = "\u0e31\u0e34-\u0e3a\u0eb1\u0eb4-\u0eb9\u0ebb\u0ecd"  # vowel signs above or below (Lao NIGGAHITA: ບໍ່)
_TONES = "\u0e48-\u0e4c\u0ec8-\u0ecc"  # tone marks (and Thai THANTHAKHAT, Lao CANCELLATION MARK)
_T_TONE = "\u0e48-\u0e4b"

# One regex per rule, named, with what replaces a match; applied in this order until nothing changes. The search
# page (``js/thai.js``) runs the same patterns (``RULE_PATTERNS``) with the same replacements, by name.
_Rule = tuple[str, re.Pattern[str], Callable[[re.Match[str]], str]]
_RULES: tuple[_Rule, ...] = (
    ("ZW", re.compile(f"(?<=[{_TL}])[{_ZW}]+(?=[{_TL}])|(?<=[{_TL}])\u200b+(?=[{_MARKS}])"), lambda m: ""),
    ("DUP", re.compile(f"([{_MARKS}])\\1+"), lambda m: m.group(1)),
    ("EE", re.compile("\u0e40\u0e40|\u0ec0\u0ec0"), lambda m: chr(ord(m.group()[0]) + 1)),
    ("ORD", re.compile(f"([{_TONES}]+)([{_VOWELS}]+)"), lambda m: m.group(2) + m.group(1)),
    ("AM", re.compile(f"\u0e4d([{_T_TONE}]?)\u0e32|([{_T_TONE}])\u0e4d\u0e32|\u0e33([{_T_TONE}])"),
     lambda m: "".join(g or "" for g in m.groups()) + "\u0e33"),
)
RULE_PATTERNS = [(name, pattern.pattern) for name, pattern, _ in _RULES]
# Whether a text may need any rule: one scan (most Thai and Lao text needs none), of what can begin a match of
# some rule (more than the rules match: a zero-width character anywhere), without their lookbehinds (the rules
# joined took 15 ms per 100,000 characters of Thai news, a quarter of the time to segment it).
_ANY = re.compile(f"[{_ZW}\u200b]|([{_MARKS}])\\1|\u0e40\u0e40|\u0ec0\u0ec0|[{_TONES}][{_VOWELS}]"
                  f"|\u0e4d[{_T_TONE}]?\u0e32|[{_T_TONE}]\u0e4d|\u0e33[{_T_TONE}]")


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
