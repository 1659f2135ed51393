"""Invisible characters inside words, and a look-alike letter, that split or change a word for every tool
that reads the text, though a reader sees nothing:

- soft hyphens, zero-width spaces and joiners, word joiners and byte-order marks between two letters (or
  digits) of a script written with spaces and no joining forms (Latin, Greek, Cyrillic, Armenian) are
  removed: web pages put them inside words (``Thái Bình Dư\\u00adơng``, ``Chất l\\u00adượng`` in the
  Vietnamese news), which made two words of one (``ượng`` was a word, ``lượng`` not found); so are all but the
  zero-width space between two letters of Burmese, Chinese and Japanese kana (``UNSPACED_LETTERS``). Between
  letters of other scripts they mean something (Persian and the Indic scripts need their joiners), and are
  kept (Khmer, Thai and Lao: ``khmer.py``, ``thai.py``);
- ``Ð`` and ``ð`` (U+00D0, U+00F0, Icelandic eth) where a Vietnamese word means ``Đ`` and ``đ`` (U+0110,
  U+0111), which look the same: text converted from old Vietnamese encodings writes ``Ðáng chú ý``, ``ðường``.

Applied to every article at ingest (``ingest/sanitize.py``) and to every query (``query/syntax.py``, and the
search page's ``syntax.js`` with the same pattern), so both sides hold the same words.

    repair_words("Dư\\u00adơng Ðáng") -> "Dương Đáng"
"""

from __future__ import annotations

import re

from .table import SCRIPT

INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Letters, digits and accents (combining marks) of the scripts written with spaces and no joining forms.
SPACED_LETTERS = "".join(SCRIPT[name].ranges for name in ("Latin", "Greek", "Cyrillic", "Armenian")) + \
    "0-9\u0300-\u036f"
# Letters of the scripts written without spaces whose text needs no joiner (Burmese, Chinese, Japanese kana): a
# soft hyphen, joiner or word joiner between two of them is removed too (it cut the run in two: 中\u00ad国 was not
# 中国), a zero-width space kept (their publishers' word separator). Khmer, Thai and Lao have their own rules
# (khmer.py, thai.py).
UNSPACED_LETTERS = "".join(SCRIPT[name].ranges for name in ("Myanmar", "Han", "Kana"))
JOINING = INVISIBLE.replace("\u200b", "")
# An invisible character inside a word, removed. Written to open with the character it removes (not with a
# look-behind at the letter before): the regex engine then skips to the next invisible character, where a pattern
# opening with the look-behind was tried at every character (a Khmer article, with a zero-width space between its
# words, was read at a third of the speed). The search page is given the same pattern (site/engine.py).
INSIDE_WORD = re.compile(f"[{INVISIBLE}](?:(?<=[{SPACED_LETTERS}][{INVISIBLE}])[{INVISIBLE}]*"
                         f"(?=[{SPACED_LETTERS}])|(?<=[{UNSPACED_LETTERS}][{JOINING}])[{JOINING}]*"
                         f"(?=[{UNSPACED_LETTERS}]))")
# What ``repair_words`` repairs: an invisible character or an eth (a text without any is left as it is).
REPAIRABLE = re.compile(f"[{INVISIBLE}\u00d0\u00f0]")
# Ð or ð begins a word (Vietnamese đ is always a word's first letter, Icelandic ð never is: GUÐRÚN keeps its
# eth), then a vowel with its Vietnamese marks, or (Ð) capitals, or the rest of a Vietnamese syllable without
# marks (Ðang, ði, ÐI: vowels, then one of the finals) but in a phonetic transcription (/ðen/, [ði]: between
# slashes or brackets; đau/ buốt is đ).
# The letters of Vietnamese words (not æ, ö, ə: Old English ðæt, IPA ðə keep their eth).
VI_MARKED = ("\u00c0-\u00c3\u00c8-\u00ca\u00cc\u00cd\u00d2-\u00d5\u00d9\u00da\u00dd\u00e0-\u00e3\u00e8-\u00ea"
             "\u00ec\u00ed\u00f2-\u00f5\u00f9\u00fa\u00fd\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0"
             "\u01a1\u01af\u01b0\u1ea0-\u1ef9")
_MARKED_SYLLABLE = f"[a-zA-Z{VI_MARKED}]*[{VI_MARKED}]"
_PLAIN_SYLLABLE = "[aeiouyAEIOUY]+(?:[cC][hH]|[nN][hH]|[nN][gG]|[cCmMnNpPtT])?(?![^\\W_])"
# A word in capitals that holds Ð, none of them next to a vowel or after R: the Vietnamese acronyms (ÐH, HÐQT,
# ÐHCÐ, VNÐ, NÐ-CP: initials, so consonants around Đ; all 81 of vi-news) and Ð alone (an initial: ông Ð., N.V.Ð.,
# 107 in vi-news), not an Icelandic name in capitals (EIÐUR, GUÐJOHNSEN, SIGURÐUR, GUÐMUNDSSON: its ð follows a
# vowel or r). Each replaced whole. And ð after a number (50.000ð, 500.000 ð: the đồng); else a lone ð is the
# letter (the letter ð), kept.
_ETH_WORD = re.compile("(?<![^\\W\\d_])(?:"
                       "(?![A-Z\u0110\u00d0]*(?:[AEIOUYR]\u00d0|\u00d0[AEIOUY]))"
                       "[A-Z\u0110]*\u00d0[A-Z\u0110\u00d0]*(?![^\\W\\d_])"
                       f"|\u00d0(?={_MARKED_SYLLABLE}|[A-Z]{{2,}})|\u00f0(?={_MARKED_SYLLABLE})"
                       f"|(?<![/\\[])[\u00d0\u00f0](?={_PLAIN_SYLLABLE})"
                       f"|(?<=[/\\[])[\u00d0\u00f0](?={_PLAIN_SYLLABLE}(?![/\\]])))"
                       "|(?:(?<=\\d)|(?<=\\d[ \u00a0]))\u00f0(?![^\\W\\d_])")
_STROKED = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def fix_eth(text: str) -> str:
    """``Ð``, ``ð`` (U+00D0, U+00F0, eth) -> ``Đ``, ``đ`` (U+0110, U+0111, which look the same) where they begin
    a Vietnamese word: followed by a Vietnamese vowel with its marks (``Ðáng``, ``ðường``: the Windows code page
    of Vietnamese, cp1258, has Đ and đ where Latin-1 has Ð and ð, and text converted from it or typed with old
    fonts writes them so), in capitals (``ÐÀ NẴNG``, ``ÐBSCL``), or by a syllable without marks (``Ðang``,
    ``ði``); in an acronym in capitals (``HÐQT``: no vowel next to Ð) or alone (``ông Ð.``), and ð after a
    number (``50.000ð``). ``Sigurður``, ``GUÐRÚN``, ``SIGURÐUR``, ``EIÐUR GUÐJOHNSEN`` keep their ð, IPA ``ðə``,
    ``/ðen/`` and a lone ``ð`` too (Old English ``ða``, ``ðu`` are read as the Vietnamese đa, đu)."""
    if "\u00d0" not in text and "\u00f0" not in text:
        return text
    return _ETH_WORD.sub(lambda m: m.group().translate(_STROKED), text)


def repair_words(text: str, start: int = 0) -> str:
    """``text`` with its words repaired (the module's docstring); ``text`` itself when nothing is to be done.
    ``start``: where to look from, when the text before it is known to hold none of the characters repaired."""
    if REPAIRABLE.search(text, start) is None:  # nearly every text: one scan, no copy
        return text
    return fix_eth(INSIDE_WORD.sub("", text))
