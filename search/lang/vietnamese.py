"""Vietnamese tone-mark placement: "old" (hòa, khỏe, thủy) and "new" (hoà, khoẻ, thuỷ) spellings as one.

Vietnamese writes the tone (huyền ◌̀, sắc ◌́, hỏi ◌̉, ngã ◌̃, nặng ◌̣) on one vowel of the syllable. For almost
every syllable shape both traditions agree on that vowel. They differ only where the nucleus is one of
the rising diphthongs **oa, oe, uy** with **no final consonant** (and, for uy, not after q: in "quý" the
u belongs to the onset qu): the old style ("kiểu cũ") marks the first vowel (hòa, khỏe, thủy), the new
style ("kiểu mới", Vietnamese school rules since 1980s; the default of many input methods) marks the
second (hoà, khoẻ, thuỷ). With a final consonant both put the mark on the second vowel (hoàn, khoét,
huỳnh), and with a third vowel the mark goes on the middle one (hoài, khoèo, khuỷu): not ambiguous.

``normalize_vi_tones(word)`` moves the tone of an ambiguous syllable to the canonical vowel
(``CANONICAL``, chosen as the placement vi-news uses most: see REPORT.md) and returns every other word
unchanged (as NFC). Input may be NFC or NFD, any case; the output is NFC with the case of every letter
kept. U+0340/U+0341 (deprecated tone marks) become U+0300/U+0301 through NFC.

``normalize_vi_text(text)`` applies it to every word of a text, after NFC, and also removes invisible
characters inside words (SHY, ZWSP, ZWNJ, ZWJ, WJ, BOM), maps U+00D0 (Ð, ETH, which looks exactly like
Đ) to U+0110 Đ when it starts a Vietnamese-looking word, and repairs marks NFC cannot compose (a tone
typed before the circumflex/breve/horn of the same letter, a doubled mark).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .fold import fold
from .invisible import repair_words
from .sentences import credit_words
from .sentences import sentence_initial as _sentence_initial

__all__ = ["normalize_vi_tones", "normalize_vi_text", "tone_placement", "parse", "CANONICAL", "name_keys", "name_key"]

# Placement of vi-news (measured by measure_vietnamese.py): "old" = tone on o/u (hòa, thủy).
CANONICAL = "old"

TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (NFD combining marks)
QUALITY = "\u0302\u0306\u031b"  # circumflex (â ê ô), breve (ă), horn (ơ ư)
VOWELS = "aeiouy"
ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
          "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
FINALS = ("ch", "nh", "ng", "c", "m", "n", "p", "t", "")
AMBIGUOUS = {"oa", "oe", "uy"}  # base letters of the nucleus, without marks, open syllable only


def _units(nfd: str) -> list[list[str]] | None:
    """Letters with their combining marks: [[base, marks...], ...]; None if the word is not letters+marks."""
    units: list[list[str]] = []
    for ch in nfd:
        if unicodedata.combining(ch):
            if not units:
                return None
            units[-1].append(ch)
        else:
            units.append([ch])
    return units


_Units = list[list[str]]


def parse(word: str) -> tuple[_Units, _Units, _Units, str] | None:
    """Split a syllable into (onset, nucleus units, final) on NFD units; None if it is not a Vietnamese
    syllable (one onset, one run of vowels, one final consonant cluster; at most one tone)."""
    nfd = unicodedata.normalize("NFD", word)
    units = _units(nfd)
    if not units:
        return None
    bases = "".join(u[0] for u in units).lower()
    if not bases.isalpha():
        return None
    for onset in ONSETS:
        if not bases.startswith(onset):
            continue
        rest = len(onset)
        if onset in ("gi", "qu") and (rest >= len(bases) or bases[rest] not in VOWELS):
            continue  # "gì", "gìn": g + i
        if onset and any(m in TONES or m in QUALITY for m in units[rest - 1][1:]) and onset != "đ":
            continue  # a mark on an onset letter: "qú" is not qu + vowel
        end = rest
        while end < len(bases) and bases[end] in VOWELS:
            end += 1
        if end == rest:
            return None
        final = bases[end:]
        if final not in FINALS:
            return None
        if any(len(u) > 1 for u in units[end:]):
            return None  # marks on a final consonant
        return units[:rest], units[rest:end], units[end:], final
    return None


def _tone_of(nucleus: list[list[str]]) -> tuple[int, str] | None:
    found = [(i, m) for i, u in enumerate(nucleus) for m in u[1:] if m in TONES]
    if len(found) != 1:
        return None
    return found[0]


@lru_cache(maxsize=100_000)
def tone_placement(word: str) -> str | None:
    """'old' (hòa: tone on o/u) or 'new' (hoà: tone on a/e/y) for a toned open oa/oe/uy syllable;
    'misplaced' for a toned oa/oe/uy syllable with a final consonant and the tone on o/u (hòan, túyp);
    None for every other word."""
    p = parse(word)
    if p is None:
        return None
    onset, nucleus, coda, final = p
    if len(nucleus) != 2:
        return None
    if "".join(u[0] for u in nucleus).lower() not in AMBIGUOUS:
        return None
    if any(m in QUALITY for u in nucleus for m in u[1:]):
        return None
    t = _tone_of(nucleus)
    if t is None:
        return None
    if final:
        return "misplaced" if t[0] == 0 else None
    return "old" if t[0] == 0 else "new"


# Fast path: an NFC word can only need a change if it has o/u + a/e/y with a tone on one of the two.
_T = {"o": "òóỏõọ", "u": "ùúủũụ", "a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}
_TU = {k: v.upper() for k, v in _T.items()}
_CAND = re.compile(
    f"[{_T['o']}{_TU['o']}][aeAE]|[oO][{_T['a']}{_T['e']}{_TU['a']}{_TU['e']}]"
    f"|[{_T['u']}{_TU['u']}][yY]|[uU][{_T['y']}{_TU['y']}]")


def _repair_marks(nfc: str) -> str:
    """Per letter: drop a repeated mark, put vowel-quality marks (circumflex, breve, horn) before the tone.
    NFC cannot do it: all these marks have combining class 230 except the dot below (220)."""
    units = _units(unicodedata.normalize("NFD", nfc))
    if units is None:
        return nfc
    out = []
    for u in units:
        marks: list[str] = []
        for m in u[1:]:
            if m not in marks:
                marks.append(m)
        marks.sort(key=lambda m: 0 if m in QUALITY else 1)  # stable: other marks keep their order
        out.append(u[0] + "".join(marks))
    return unicodedata.normalize("NFC", "".join(out))


_LEFT_MARK = re.compile("[\u0300-\u036f]")  # a combining diacritic NFC left alone


@lru_cache(maxsize=100_000)
def normalize_vi_tones(word: str, style: str = CANONICAL) -> str:
    """``word`` (NFC or NFD, any case) as NFC, with the tone of an open oa/oe/uy syllable on the vowel
    that ``style`` ("old": hòa, thủy; "new": hoà, thuỷ) prescribes, and the tone of a closed one
    (hòan, túyp) on its second vowel, where both styles put it (in a word that is no syllable: in its last
    syllable, ``từkhoá`` -> ``từkhóa``); any other word only NFC'd."""
    nfc = unicodedata.normalize("NFC", word)
    if _LEFT_MARK.search(nfc):
        nfc = _repair_marks(nfc)  # marks NFC could not compose: tone typed before ^ ˘ ', or doubled
    if _CAND.search(nfc) is None:
        return nfc
    if parse(nfc) is None:
        # Syllables typed together (``từkhóa``, ``QuốcNguỵ``) or a foreign word (``Chlóe``): an open oa/oe/uy
        # ends its syllable, so the last syllable is the one to place (the longest end that is a syllable). Left
        # alone, 5 of 92 vi-news words with such a syllable were not found when typed in the other placement.
        for i in range(1, len(nfc)):
            if parse(nfc[i:]) is not None:
                return nfc[:i] + normalize_vi_tones(nfc[i:], style)
        return nfc
    place = tone_placement(nfc)
    if place is None or place == style:
        return nfc
    parsed = parse(nfc)
    tone_at = _tone_of(parsed[1]) if parsed is not None else None
    if parsed is None or tone_at is None:  # tone_placement found both: cannot happen
        return nfc
    onset, nucleus, coda, _ = parsed
    i, tone = tone_at
    nucleus = [list(u) for u in nucleus]
    nucleus[i].remove(tone)
    nucleus[1 - i].append(tone)
    out = "".join("".join(u) for part in (onset, nucleus, coda) for u in part)
    return unicodedata.normalize("NFC", out)


_MARKED_WORD = re.compile("\\w[\\w\u0300-\u036f]*[\u0300-\u036f][\\w\u0300-\u036f]*")
_WORD_TAIL = re.compile(r"[^\W\d_]*")
def normalize_vi_text(text: str, style: str = CANONICAL) -> str:
    """NFC, invisible characters inside words removed, Ð (ETH) -> Đ, tone placement of every word."""
    text = unicodedata.normalize("NFC", text)
    text = repair_words(text)
    if _LEFT_MARK.search(text):
        text = _MARKED_WORD.sub(lambda m: _repair_marks(m.group()), text)
    m = _CAND.search(text)
    if m is None:
        return text
    out, pos = [], 0
    while m is not None:
        a = m.start()
        while a > pos and (text[a - 1].isalpha() or unicodedata.combining(text[a - 1])):
            a -= 1
        tail = _WORD_TAIL.match(text, m.end())
        b = tail.end() if tail is not None else m.end()
        out.append(text[pos:a])
        out.append(normalize_vi_tones(text[a:b], style))
        pos = b
        m = _CAND.search(text, b)
    out.append(text[pos:])
    return "".join(out)


# A Vietnamese syllable without its diacritics (``đ`` as ``d``), as a query typed without accents writes it: an
# onset, then a vowel cluster that ends the syllable (``oi``, ``uoi``: người) or a nucleus and a final consonant
# (``iet``: việt). Of the 4,174 distinct words of vi-news written with diacritics that ``parse`` reads, folded,
# every one is, but 7 that glue two (``loạiung``: tests/test_real_data.py); ``tnam``, ``vie`` + ``tnam``, ``kerja``
# are not.
FOLDED_SYLLABLE = ("(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
                   "(?:(?:ieu|yeu|oai|oay|oeo|uay|uoi|uou|uyu|uya|ai|ao|au|ay|eo|eu|ia|iu|oi|ua|ui|uu)"
                   "|(?:uye|ie|ye|uo|oa|oe|ua|ue|uy|oo|[aeiouy])(?:ng|[cmnpt])?|(?:oa|ue|uy|[aeiy])(?:ch|nh))")
_FOLDED_SYLLABLE = re.compile(FOLDED_SYLLABLE)
MIN_CUT = 2  # letters of each syllable a word is cut into (not o|to: every a, o, y would cut)
MAX_SYLLABLES = 3  # syllables a word typed joined is cut into, at most
LONGEST_SYLLABLE = 8  # letters of the longest FOLDED_SYLLABLE (ngh + uye + ng): a longer piece is not tried


@lru_cache(maxsize=100_000)
def is_folded_syllable(word: str) -> bool:
    """``word`` (folded, lower case) is a Vietnamese syllable without its diacritics: ``viet``, ``nguoi``. Cached:
    ``syllable_cuts`` asks it of every start and end of a word (the same few letters: ``ng``, ``ngu``...)."""
    return _FOLDED_SYLLABLE.fullmatch(word) is not None


def joinable(word: str) -> bool:
    """``word`` (folded) is a syllable that a word typed joined is cut into (``syllable_cuts``: ``MIN_CUT`` letters
    or more), so that words typed apart are joined (compile.py ``joins``): ``ha`` + ``noi``, not English ``a`` +
    ``long`` (``along``)."""
    return len(word) >= MIN_CUT and is_folded_syllable(word)


def syllable_cuts(word: str) -> list[tuple[str, ...]]:
    """The ways a word of letters typed without diacritics (folded, lower case) is Vietnamese syllables written
    joined (``Vietnam``, ``Hanoi``: English and French write Vietnamese names so), what Meilisearch calls a split
    word: its cuts into two syllables, or when there is none into three, each of ``MIN_CUT`` letters or more;
    none for a word that is one syllable itself. ``"vietnam"`` -> ``[("viet", "nam")]``, ``"hanoi"`` ->
    ``[("ha", "noi"), ("han", "oi")]``, ``"hochiminh"`` -> ``[("ho", "chi", "minh")]``; ``"kerjasama"`` -> []. No
    vocabulary decides: a cut whose syllables no article writes side by side matches nothing."""
    if not word.isascii() or not word.isalpha() or len(word) > MAX_SYLLABLES * LONGEST_SYLLABLE or \
            is_folded_syllable(word):
        return []
    for parts in range(2, MAX_SYLLABLES + 1):
        found = _cuts(word, parts)
        if found:
            return found
    return []


def _cuts(word: str, parts: int) -> list[tuple[str, ...]]:
    """The cuts of ``word`` into ``parts`` syllables of ``MIN_CUT`` letters or more, first syllable shortest first."""
    if parts == 1:
        return [(word,)] if joinable(word) else []
    return [(word[:k], *rest) for k in range(MIN_CUT, min(len(word) - MIN_CUT, LONGEST_SYLLABLE) + 1)
            if is_folded_syllable(word[:k]) for rest in _cuts(word[k:], parts - 1)]


# A name's syllables are written each with a capital (Việt Nam, Hà Nội, English wire's Viet Nam, Hồ Chí Minh); the
# same syllables as words of a sentence are not (hơn đã, ba con, cụ bà), nor words shouted in capitals (CÔNG TY, TẠI
# ĐÂY: ``_name_syllable``). The index keeps no case, so each run of two or three capitalised syllables side by side
# (spaces between them: not a line break, which ends a paragraph and made "Mi Vân" + "Theo Dân trí" a run in 95
# vi-news articles) is also an ``exact`` key of its own, folded and joined
# (``name_key``: "^vietnam ^vietnam"), which a word typed joined (Vietnam, Honda) looks up instead of its syllables
# anywhere (search.query.compile ``syllables``). The mark begins no word.
NAME_MARK = "^"
# A run whose first word begins a sentence (Theo Phạm Minh Chính, Ông Nguyễn, Tại Hà Nội: 8,157 of the 59,398 keys
# over vi-news, km-news and the seeds, its first word a common word in 5,299 of them) and which the article also
# writes in lower case (theo, ông, tại: a word) has a key of its own, ``initial_key`` ("^^theopham ^^theopham"): a
# capital there says nothing of a name. A word typed joined reads it
# only where the collection writes the run capitalised mid-sentence too (search.query.compile ``syllables``): Hanoi
# finds "Hà Nội đã..." at a sentence's start, Theopham nothing. Where a sentence begins (after . ! ? … or a line's
# start, not after TP. or Mr.; a credit word's Theo Thu Hà wherever it stands): lang/sentences.py.
INITIAL_MARK = NAME_MARK * 2
_UPPER = "".join(c for c in map(chr, [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]) if c.isupper())
# (The lookbehind after the first capital, not before it: a pattern that begins with a class is scanned for it in C,
# 3 times faster over the 5k corpus's texts than one that tries a lookbehind at every character.)
_CAPITALISED = re.compile(f"[{_UPPER}](?<!\\w.)\\w*(?:[^\\S\\n]+[{_UPPER}]\\w*)+")
_SEPARATOR = re.compile(r"\s+")


def name_key(joined: str) -> str:
    """The ``exact`` key of a run of capitalised syllables that make ``joined`` (folded): ``"^vietnam ^vietnam"``."""
    key = NAME_MARK + joined
    return f"{key} {key}"


def initial_key(joined: str) -> str:
    """The ``exact`` key of such a run whose first word begins a sentence: ``"^^theopham ^^theopham"``."""
    key = INITIAL_MARK + joined
    return f"{key} {key}"


@lru_cache(maxsize=100_000)
def _name_syllable(word: str) -> str | None:
    """``word`` (as written) folded, if it begins with a capital, is not written wholly in capitals and is a syllable
    a joined word is cut into. A word in capitals is emphasis or an acronym, not a name's syllable: the keys such
    words were in, 979 of the 60,260 over vi-news, km-news, Cranfield and the seeds (120 articles), were headings and
    shouted words (``CÔNG TY``, ``TẠI ĐÂY``, ``CA BỆNH``, ``HẠNG HAI``: 180 of the 228 keys of runs wholly in
    capitals stand in lines that are not) and acronyms before a name (``HA Gia Lai``, ``CEO Tim``, ``Theo AP``),
    but for a ship's and a company's names (``DAI DUONG SEA``, ``XING BANG``) and a slogan's ``VIỆT NAM``."""
    if not word[0].isupper() or not word.isalpha() or word.isupper():
        return None
    folded = fold(word)
    return folded if joinable(folded) else None


@lru_cache(maxsize=100_000)
def _is_cut(run: tuple[str, ...]) -> bool:
    """Whether ``syllable_cuts`` cuts the joined ``run`` into these syllables. For two or three syllables it cuts
    into (``joinable``: every run ``_run_keys`` asks about), without listing the cuts: such syllables are one of
    the word's cuts in two, and in three where it has none in two, unless the word is one syllable itself (each of
    ``MIN_CUT`` to ``LONGEST_SYLLABLE`` letters: the longest ``FOLDED_SYLLABLE``)."""
    joined = "".join(run)
    if 2 <= len(run) <= MAX_SYLLABLES == 3 and all(map(joinable, run)):
        return not is_folded_syllable(joined) and (len(run) == 2 or not _cuts(joined, 2))
    return run in syllable_cuts(joined)


def name_keys(text: str, article: str | None = None) -> list[str]:
    """The keys (``name_key``) of the runs of two or three capitalised syllables ``text`` writes side by side, each
    run one the query cuts its joined word into (``syllable_cuts``), in order: ``"Thành phố Hồ Chí Minh"`` ->
    ``["^hochi ^hochi", "^hochiminh ^hochiminh", "^chiminh ^chiminh"]``; ``"Hơn đã"``, ``"ba con"`` -> []; the runs
    from a sentence's first word have ``initial_key``: ``"Theo Phạm Minh"`` -> ``["^^theopham ^^theopham",
    "^^theophamminh ^^theophamminh", "^phamminh ^phamminh"]``. ``article``: where to look for the first word in
    lower case, the whole article (its title and body, ``text`` one of them: a title ``Theo Phạm Minh Chính...``
    over a body writing theo); ``text`` itself by default."""
    lower = text if article is None else article
    out: list[str] = []
    for m in _CAPITALISED.finditer(text):
        written = m[0]
        keys = _run_keys(written)
        if not keys:  # (most runs: a run has keys or none whether it begins a sentence or not)
            continue
        # a sentence's first word written in lower case too (theo, ông, tại): a word; not đà of Đà Nẵng, a name's
        # (a credit word, Theo Thu Hà, is one wherever it stands: _run_keys)
        if _sentence_initial(text, m.start(), m.end()) and _has_word(lower, written.split(None, 1)[0].lower()):
            keys = _run_keys(written, True)
        out += keys
    return out


def _has_word(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word`` as a word (not inside another; a scan of the text's words cost 3 times
    ``name_keys`` over the 5k corpus)."""
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not _word_char(text[i - 1])) and (j == len(text) or not _word_char(text[j])):
            return True
        i = text.find(word, i + 1)
    return False


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


@lru_cache(maxsize=100_000)
def _run_keys(written: str, initial: bool = False) -> tuple[str, ...]:
    """``name_keys`` of one run of capitalised words as written, ``initial``: its first word begins a sentence (or is
    a credit word, wherever it stands).
    Cached, as the same runs recur (vi-news: 56,290 runs, 13,454 distinct: name_keys over its 2,653 articles 0.51 ->
    0.44 s CPU, medians of 5 interleaved cold runs)."""
    written_words = _SEPARATOR.split(written)
    # a credit word (lang/data/sentences.toml: Theo, Ảnh) is a word wherever it stands, not a name's syllable: Theo
    # Thu Hà alone on its line, "(Theo Bộ Tư pháp Hoa Kỳ)", "(Ảnh Duy Thành)" mid-sentence (vi-news: ^theobo, ^anhduy)
    initial = initial or written_words[0] in credit_words()
    words = [_name_syllable(w) for w in written_words]
    out: list[str] = []
    for i in range(len(words) - 1):
        run: list[str] = []
        for word in words[i:i + MAX_SYLLABLES]:
            if word is None:
                break
            run.append(word)
            if len(run) > 1 and _is_cut(tuple(run)):
                out.append((initial_key if initial and i == 0 else name_key)("".join(run)))
    return tuple(out)
