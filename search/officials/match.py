"""Finding officials' names in text: an Aho-Corasick automaton over folded names, then checks on the original.

Every name and alias of the registry is folded (``search.lang.fold``: Latin accents removed, ``đ`` -> ``d``,
lowercased; Khmer, Thai and Lao signs kept) into one automaton, built once per registry. The text is folded
the same way after dropping zero-width spaces (Khmer puts U+200B between words), dots inside transcribed
names (``通伦·西苏里``) and repeated whitespace; a map leads folded offsets back to the original text. Each
hit must then pass these checks on the original text:

- words: names in spaced scripts match whole words only (``Hun Sen`` is not in ``Hun Senate``), a word ending
  where a script without spaces begins, as the index cuts it (``美国总统Joe Biden表示``: ``goes_on``); names in
  Khmer, Lao, Thai and CJK match anywhere (the script table's ``names_inside_words``), in Hangul at the start
  of a word (particles follow a name: ``훈센은``, but ``이지훈 센터장`` is not ``훈 센``), in Chinese
  characters where one of ICU's words starts or ends (``江苏林业局`` holds ``苏林`` inside two words);
- capitals: every capitalised word of the alias is capitalised in the text (``To Lam`` yes, ``tô lâm`` no);
- accents: each word carries the alias's accents or none (the French sample writes ``Bùi Thanh Son``), never
  others: ``Tổ Lâm`` is not ``Tô Lâm``, ``Tân Cương`` (Xinjiang) is not ``Tần Cương`` (Qin Gang). Text
  without any accent matches only the unaccented aliases, which the registry lists explicitly
  (``Pham Minh Chinh``), never ``Tan Cuong``;
- initials: an initial's dot may be left out, or put in where the alias has none (``Donald J Trump`` is
  ``Donald J. Trump``), and so may the dot of an abbreviation (``Marcos Jr`` is ``Marcos Jr.``); an initial
  left out altogether is another spelling, which the registry lists if it accepts it (``Donald Trump``);
- Russian: words may take a case ending (``Хун Манетом``, ``Фам Минь Тиня``, ``Дональда Трампа``; the
  endings are the Russian row's ``name_endings`` in the language table).

Overlapping hits keep the leftmost, then longest; the registry's ``others`` (names of other people that
contain an official's, "Bun Rany Hun Sen") take part in that and are then dropped, hiding the name inside.

A name that names a place, a school or a prize is not a mention of the person: written right after one of the
registry's ``named_after`` words (an honorific may stand between: "វិទ្យាល័យ ហ៊ុន សែន", Hun Sen High School;
"តិរវិថី សម្ដេច ហ៊ុនសែន", Samdech Hun Sen riverside avenue; "ពានរង្វាន់សម្តេច...តេជោ ហ៊ុន សែន", the Samdech
Techo Hun Sen award), or right before one of its ``named_after_trailing`` words ("Hun Sen Boulevard"), the
hit is dropped (``NamedAfter``). The words are compared as written (lowercased, accents kept: "trường" is a
school, "Bộ trưởng" a minister), scripts without spaces with any spaces and zero-width spaces left out; there a
word must start one of the words ICU cuts the run into ("ខុសផ្លូវ", astray, is no "ផ្លូវ", road), and the
dictionary's words ending in a place word that are places are listed whole ("អនុវិទ្យាល័យ"). A word that ends
with a place word and is no place (the registry's ``not_named_after``: "môi trường", environment) leaves the name
the person's.

No fuzzy matching: two people whose folded names differ are never merged (``Pham Binh Minh`` is not
``Pham Minh Chinh``), and an alias may belong to one official only.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..lang.fold import SPECIAL, Folded, FoldTable, fold_mapped, fold_unmapped
from ..lang.marks import MARKS
from ..lang.table import LANGUAGES, NAMES_INSIDE_WORDS, SCRIPT, SEGMENTED

if TYPE_CHECKING:
    from .registry import Official

# ----------------------------------------------------------------------------------------------- folding

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_NAME_DOTS = "\u00b7\u2027\u30fb\uff65"  # 通伦·西苏里, ソーンサイ・シーパンドーン: sources differ on the dot
# What a name may hold inside that matching drops (the highlighter joins a name's pieces across them too).
DROPPED = _ZERO_WIDTH + _NAME_DOTS
# Dropped from folded text, where whitespace is " " and zero-width characters and dots are "\0".
_DROP_FOLDED = re.compile(" [ \0]+|\0+")
_SPACES = re.compile("  +")
# A hyphen between two letters joins the words of a name: "Hun-Sen" is "Hun Sen", "Chan-o-cha" "Chan o cha".
# (one that a whitespace or ASCII punctuation follows, as in "x - y", is no such hyphen: not looked at)
_BEFORE_A_WORD = r"(?=[^\s\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])"
_HYPHEN = re.compile("[-\u2010\u2011]" + _BEFORE_A_WORD)
_HYPHEN_MINUS = re.compile("-" + _BEFORE_A_WORD)  # the same for "-" alone, found faster
# Stroked letters count as accented ("Đam" is not "Dam" spelled otherwise); ligatures (œ, ß) do not.
STROKED = frozenset(k for k, v in SPECIAL.items() if len(v) == 1)
UNSPACED_CHAR = re.compile(f"[{NAMES_INSIDE_WORDS}]")
_SEGMENTED_CHAR = re.compile(f"[{SEGMENTED}]")
_MARK = re.compile(f"[{MARKS}]")  # the index's marks (Unicode 14), which keep with the word before them
_HAN_NAME = re.compile(f"[{SCRIPT['Han'].ranges}{_NAME_DOTS}]+")
_AROUND = 256  # characters of a run written without spaces segmented either side of a Han name


def _is_latin(ch: str) -> bool:
    o = ord(ch)
    return ch.isalpha() and (o < 0x250 or 0x1E00 <= o <= 0x1EFF)


@cache
def _table() -> FoldTable:
    """Folding, plus: every whitespace -> " ", zero-width characters and name dots -> "\0" (dropped after)."""
    extra = {cp: " " for cp in range(0x3001) if chr(cp).isspace()}
    extra.update({ord(ch): "\0" for ch in DROPPED})
    return FoldTable(extra)


class FoldedText:
    """A text folded for matching, with offsets back into the original (``orig``). The maps are made on the
    first ``orig``, for a text where a name was found: that of the folding itself (``fold_mapped``: the text is
    folded without it first, ``fold_unmapped``; a Khmer article's spelling map cost half of its folding) and that
    of the characters dropped after (made for every text, a Khmer article's zero-width spaces made it a third of
    the matcher's time)."""

    __slots__ = ("text", "_source", "_folded", "_base", "_map")

    def __init__(self, text: str, source: str, folded: str) -> None:
        self.text = text
        self._source = source  # the original text
        self._folded = folded  # fold_unmapped(source), before the drops
        self._base: Folded | None = None
        self._map: tuple[list[int], list[int]] | None = None

    @property
    def base(self) -> Folded:
        """``fold_mapped(source)``: the folded text before the drops, with its map back into the original."""
        if self._base is None:
            self._base = fold_mapped(self._source, _table())
            if self._base.text != self._folded:  # the same steps: never seen
                raise AssertionError("fold_unmapped and fold_mapped disagree")
        return self._base

    def orig(self, pos: int) -> int:
        if self._map is None:
            folded = self._folded
            found = _DROP_FOLDED.finditer(folded) if "\0" in folded else _SPACES.finditer(folded)
            drops = [(m.start() + (m.group()[0] == " "), m.end()) for m in found]  # keep a run's first space
            self._map = _without(folded, drops)[1:]
        # starts: offset where each kept piece of the folded text begins; origins: where that piece begins
        # in the text ``base`` folded
        starts, origins = self._map
        i = bisect.bisect_right(starts, pos) - 1
        return self.base.orig(origins[i] + pos - starts[i])


# (the hyphen first, and what precedes it looked behind: a pattern that starts with a letter is tried at every one)
_ASCII_HYPHEN = re.compile(r"-(?<=[0-9A-Za-z]-)(?=[0-9A-Za-z])")


def _unhyphenated(text: str) -> str:
    """Each hyphen between two word characters, or after an initial's dot and before a word of two characters or
    more, made a space, one character for one (offsets are kept): "hun-sen" -> "hun sen"; "covid-19" -> "covid
    19"; "donald-j.-trump" -> "donald j. trump" (as "Donald J. Trump" is written); "x - y", "-x", "u.s.-china",
    French pairs of initials ("j.-y. le drian", the registry's spelling) unchanged."""
    if "-" not in text and "\u2010" not in text and "\u2011" not in text:
        return text
    if "-" in text:
        # First the commonest, in one C pass: "-" between two ASCII letters or digits (a hyphen made a space does not
        # change what the rule reads around another: neither is a word character, a dot or a letter)
        text = _ASCII_HYPHEN.sub(" ", text)
        if "-" not in text and "\u2010" not in text and "\u2011" not in text:
            return text
    pieces: list[str] = []  # the text between the hyphens made spaces (a list of every character cost 0.24 s at 5k)
    last = 0
    for m in (_HYPHEN if "\u2010" in text or "\u2011" in text else _HYPHEN_MINUS).finditer(text):
        i = m.start()
        if 0 < i and is_word_char(text[i + 1]) and (is_word_char(text[i - 1]) or (
                _initial_before(text, i) and i < len(text) - 2 and is_word_char(text[i + 2]))):
            pieces += (text[last:i], " ")
            last = i + 1
    return "".join(pieces) + text[last:] if pieces else text


def _initial_before(text: str, i: int) -> bool:
    """Whether an initial ends at ``i``: one letter and its dot ("J."), no word character or dot before."""
    return i >= 2 and text[i - 1] == "." and text[i - 2].isalpha() and \
        (i == 2 or not (is_word_char(text[i - 3]) or text[i - 3] == "."))


def fold_text(text: str) -> FoldedText:
    """``text`` folded (``_table``), zero-width characters and name dots dropped, runs of spaces made one,
    hyphens between word characters made spaces: the same text as dropping ``_DROP_FOLDED``'s spans from the
    folded text (a run of spaces and dropped characters that begins with a space keeps that space), then
    ``_unhyphenated`` (one character for one, so the map back is that of the spans alone)."""
    folded = base = fold_unmapped(text, _table())
    if "\0" in folded:
        folded = folded.replace("\0", "")
    return FoldedText(_unhyphenated(_SPACES.sub(" ", folded) if "  " in folded else folded), text, base)


def _without(text: str, drops: list[tuple[int, int]]) -> tuple[str, list[int], list[int]]:
    """``text`` minus the ``drops`` spans, with the offset map back to ``text``:
    ("a  b", [(2, 3)]) -> ("a b", starts=[0, 2], origins=[0, 3])."""
    starts, origins, pieces = [0], [0], []
    last = folded_len = 0
    for start, end in drops:
        pieces.append(text[last:start])
        folded_len += start - last
        last = end
        starts.append(folded_len)
        origins.append(last)
    pieces.append(text[last:])
    return "".join(pieces), starts, origins


def fold_name(text: str) -> str:
    """A name or phrase, folded and trimmed: " Bùi  Thanh Sơn" -> "bui thanh son"."""
    return fold_text(text.strip()).text.strip()


def words_of(text: str) -> list[str]:
    """Original-text words, as the checks compare them: NFC, zero-width characters and name dots removed,
    a hyphen between two word characters a space ("Hun-Sen" is two words, as in ``fold_text``)."""
    cleaned = re.sub(f"[{DROPPED}]", "", unicodedata.normalize("NFC", text))
    return _unhyphenated(cleaned).split()


def _marks(word: str) -> Counter[str]:
    """Accents on the Latin letters of a word: "Thưởng" -> {horn: 1, hook above: 1}; "Đam" -> {stroke: 1}; those
    NFC leaves apart count too (it joins no tone after "ò": "Hò" + U+0302 + "ng" is "Hồng" typed tone first;
    "Hà" + U+0301 carries an accent "Hà" has not), where the letters alone counted them as nothing."""
    found: Counter[str] = Counter()
    latin = False
    for ch in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(ch):
            if latin:
                found[ch] += 1
        else:
            latin = _is_latin(ch)
            if ch in STROKED:
                found["stroke"] += 1
    return found


def mark_signature(word: str) -> str:
    """``_marks`` as a string, the same for the same marks in any order ("Hoà" and "Hòa": a grave each; the
    stroke is "/"): what the search page compares (search/site/js/names.js)."""
    return "".join(sorted("/" if mark == "stroke" else mark for mark in _marks(word).elements()))


def accents_agree(alias_words: tuple[str, ...], words: list[str]) -> bool:
    """Whether ``words`` (as written) may spell an alias written ``alias_words``, accents aside: each word
    carries the alias word's accents or none ("Bùi Thanh Son"), never others ("Tân Cương", Xinjiang, is not
    "Tần Cương", Qin Gang; "luống cuống" is not "Lương Cường"); words without any accent spell the
    unaccented aliases only, which the registry lists ("Pham Minh Chinh", never "Tan Cuong")."""
    accented = False
    for alias_word, word in zip(alias_words, words, strict=True):
        marks = _marks(word)
        if marks and marks != _marks(alias_word):
            return False
        accented = accented or bool(marks)
    return accented or not any(_marks(w) for w in alias_words)

# ------------------------------------------------------------------------------------------ Russian cases

_RU_VOWELS = "аеиоуыэюя"
# The letter a declinable word loses ("" when it ends in a consonant) -> the endings it may take.
_RU_ENDINGS = LANGUAGES["ru"].name_endings
_RU_SUFFIX = re.compile("[а-яё]{0,3}")


def _ru_stem(word: str) -> tuple[str, str | None]:
    """"тинь" -> ("тин", "ь"); "манет" -> ("манет", ""); "ли" -> ("ли", None): None = indeclinable."""
    last = word[-1]
    if last in "ьйая":
        return word[:-1], last
    if last in _RU_VOWELS or not ("а" <= last <= "я"):
        return word, None
    return word, ""


def suffix_ok(cut: str | None, suffix: str) -> bool:
    return suffix == "" if cut is None else suffix in _RU_ENDINGS[cut]


def declined(key: str, cut: str | None) -> list[str]:
    """The words a key stands for in text, each case ending its last word takes (``suffix_ok``), folded as text
    is: ("хун манет", "") -> ["хун манет", "хун манета", "хун манете", ...]; a key that takes none, itself."""
    return [key] if cut is None else sorted({fold_name(key + ending) for ending in _RU_ENDINGS[cut]})


# --------------------------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class Form:
    """One spelling of one official as the automaton holds it."""

    official_id: str
    words: tuple[str, ...]  # the alias as written (NFC), split on spaces
    spaced: bool  # a script that separates words: match whole words only
    cyrillic: bool
    # Korean: words are separated, but particles are glued to the end of a name (훈센은): a name starts a
    # word and may end inside one ("이지훈 센터장", Lee Ji-hun the centre's director, is not 훈 센)
    starts_word: bool = False
    # Chinese characters: the name starts or ends one of ICU's words of the text ("江苏林业局", Jiangsu's
    # forestry bureau, holds 苏林 but To Lam is not there: 江苏 | 林业 | 局)
    han: bool = False


# key (folded) -> (form, letter cut from the key's last word or None): "фам минь тин" -> (Фам Минь Тинь, "ь")
Entry = tuple[Form, "str | None"]


def keys(alias: str) -> Iterator[tuple[str, str | None]]:
    """Automaton keys for one alias: the folded alias; in Latin, every spelling with and without the dots of
    its abbreviations ("donald j. trump", "donald j trump": ``_abbreviations``); in scripts written without
    spaces, every spelling with and without them ("ហ៊ុន សែន", "ហ៊ុនសែន"); in Russian, the case-ending stems
    ("хун манет", "хуна манет")."""
    folded = fold_name(alias)
    if UNSPACED_CHAR.search(folded):
        words = folded.split(" ")
        for joints in itertools.product(("", " "), repeat=len(words) - 1):
            yield "".join(w + j for w, j in zip(words, (*joints, ""), strict=True)), None
        return
    if not re.search("[а-яё]", folded):
        for spelling in _abbreviations(folded):
            yield spelling, None
        return
    words = folded.split(" ")
    stem, cut = _ru_stem(words[-1])
    if len(words) == 1:
        yield stem, cut
        return
    firsts = {words[0]}
    first_stem, first_cut = _ru_stem(words[0])
    if len(words) == 2 and first_cut is not None:  # given name + surname: both decline ("Дональда Трампа")
        firsts |= {first_stem + ending for ending in _RU_ENDINGS[first_cut]}
    for first in sorted(firsts):
        yield " ".join([first, *words[1:-1], stem]), cut


def _abbreviations(folded: str) -> list[str]:
    """A folded Latin alias in every spelling of its abbreviations' dots: an initial (one letter) with and
    without its dot, a word ending with a dot ("jr.") also without it: "donald j. trump" -> ["donald j. trump",
    "donald j trump"], "donald j trump" the same two; "ferdinand marcos jr." -> also "ferdinand marcos jr" (a
    dot after the last word needs no key: it is not a word character). A left-out initial is not one of them
    ("Donald Trump" names Donald J. Trump because the registry lists that alias), nor are other spellings of
    the initials ("D. J. Trump", "DJ Trump"): the registry lists those it accepts."""
    words = folded.split(" ")
    choices = []
    for i, word in enumerate(words):
        bare = word[:-1] if word.endswith(".") else word
        if bare == word:
            initial = len(word) == 1 and _is_latin(word) and i < len(words) - 1
            choices.append((word, word + ".") if initial else (word,))
        else:
            choices.append((word, bare) if bare[-1:].isalpha() and _is_latin(bare[-1]) else (word,))
    return [" ".join(spelling) for spelling in itertools.product(*choices)]


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def goes_on(ch: str, after: bool = False) -> bool:
    """Whether ``ch`` beside a word of a spaced script (Latin, Cyrillic...) is more of that word: a letter, digit
    or mark, but not one of a script written without spaces, where the index cuts the word (``analysis.tokenize``):
    ``美国总统Joe Biden表示``, ``លោកHun Senបាន`` name them (before, the tags missed what the search found).
    ``after``: ``ch`` follows the word, and a mark of any script (the index's marks, ``lang.marks``) is more of it,
    as the index reads it (``Hun Senី`` is ``hun``, ``senី``); before the word, a mark of such a script ends the
    word of that script it belongs to (``នាយករដ្ឋមន្ត្រីHun Sen``)."""
    if after and _MARK.match(ch):
        return True
    return is_word_char(ch) and not _SEGMENTED_CHAR.match(ch)


NOBODY = ""  # official_id of the forms of `others`: they hide the official's name inside them, then vanish

_TAIL = 160  # characters before a name where a ``named_after`` word and honorifics are looked for
# Between those words and the name: spaces, not a line break (a title's last word is not before the body's first)
_GAP = r"[^\S\n]*"
_SPACE = r"[^\S\n]+"


def _word_pattern(word: str) -> str:
    """A regex for one word or phrase as written before or after a name: a script without spaces with any
    whitespace between its characters (spaces and zero-width spaces are dropped before comparing, and writers
    space "សម្តេចអគ្គមហាសេនាបតី តេជោ" as they please); a spaced script word by word, not inside a longer word."""
    word = _as_compared(word)
    if UNSPACED_CHAR.search(word):
        return _GAP.join(map(re.escape, word.replace(" ", "")))
    return r"(?<![^\W_])" + _SPACE.join(map(re.escape, word.split()))


class NamedAfter:
    """Whether a name found in text names a place, a school or a prize after the person rather than the person:
    one of ``before`` (lowercased) right before it, honorifics between allowed ("វិទ្យាល័យ ហ៊ុន សែន", "តិរវិថី
    សម្ដេច ហ៊ុនសែន"), or one of ``after`` (as written, capitals and all) right after it ("Hun Sen Boulevard")."""

    def __init__(self, before: tuple[str, ...], after: tuple[str, ...], honorifics: tuple[str, ...],
                 compounds: tuple[str, ...] = ()) -> None:
        longest = sorted({*before}, key=lambda w: (-len(w), w))
        titles = sorted({*honorifics}, key=lambda w: (-len(w), w))
        self.before = re.compile(
            "(?P<place>" + "|".join(map(_word_pattern, longest)) + ")"
            + ("(?:" + _GAP + "(?:" + "|".join(map(_word_pattern, titles)) + "))*" if titles else "")
            + _GAP + r"\Z") if longest else None
        # What ``before`` asks, spaces aside, read from the end: the text before a name, its whitespace removed and
        # reversed, starts with honorifics then a place word. Every match of ``before`` is one of this, and this is
        # one anchored match, where ``before``, anchored at the end, was tried at each of the 160 characters
        # (150 us a name; the name of an official comes after a place word in one text in fifty).
        self._before_reversed = re.compile(
            "(?:" + "|".join(re.escape(w[::-1]) for w in _spaceless(titles)) + ")*"
            + "(?:" + "|".join(re.escape(w[::-1]) for w in _spaceless(longest)) + ")") if longest else None
        # words that end with one of ``before`` and are no place ("môi trường", environment; "thị trường", market:
        # "Bộ trưởng Tài nguyên và Môi trường Trần Hồng Hà" names the minister), compared where the place word ends
        ordered = sorted({*compounds}, key=lambda w: (-len(w), w))
        self.compounds = re.compile(
            "(?:" + "|".join(map(_word_pattern, ordered)) + r")\Z") if ordered else None
        trailing = sorted({unicodedata.normalize("NFC", w.strip()) for w in after}, key=lambda w: (-len(w), w))
        self.after = re.compile(
            _SPACE + "(?:" + "|".join(_SPACE.join(map(re.escape, w.split())) for w in trailing) + r")(?![^\W_])"
        ) if trailing else None

    def __call__(self, text: str, start: int, end: int) -> bool:
        """``text[start:end]``, a name, is a place's, a school's or a prize's."""
        if self.before is not None:
            base = max(0, start - _TAIL)
            tail = _same_coeng(unicodedata.normalize("NFC", _DROPPED_CHARS.sub("", text[base:start])).lower())
            assert self._before_reversed is not None
            found = self.before.search(tail) if self._before_reversed.match(
                _WHITESPACE.sub("", tail)[::-1]) is not None else None
            # where each character of ``tail`` is in ``text`` (found: rarely, so only then)
            kept = [i for i in range(base, start) if not _DROPPED_CHARS.match(text[i])] if found else []
            while found is not None:
                # written without spaces, the place word must start one of the words the index cuts the run into:
                # "ខុសផ្លូវ" (astray, one word) ends with "ផ្លូវ" (road) and is no road; a place word with more
                # before it that is still a place is listed whole ("អនុវិទ្យាល័យ", "មហាវិថី")
                if (len(tail) != len(kept) or _starts_a_segment(text, kept[found.start()])) and not (
                        self.compounds is not None and self.compounds.search(tail, 0, found.end("place"))):
                    return True
                found = self.before.search(tail, found.start() + 1)
        return self.after is not None and self.after.match(text, end) is not None


_DROPPED_CHARS = re.compile(f"[{DROPPED}]")
_WHITESPACE = re.compile(r"\s+")


def _spaceless(words: list[str]) -> list[str]:
    """Words as ``_word_pattern`` reads them (NFC, lowercased, one subscript DA), without their whitespace, longest
    first: what any of their spellings that ``_word_pattern`` accepts is once the whitespace is removed."""
    return sorted({"".join(_as_compared(w).split()) for w in words}, key=lambda w: (-len(w), w))


def _as_compared(word: str) -> str:
    """A word or phrase before or after a name as it is compared with the text: NFC, lowercased, one subscript DA."""
    return _same_coeng(unicodedata.normalize("NFC", word.strip()).lower())


def _same_coeng(text: str) -> str:
    """Khmer's subscript DA written as the subscript TA it looks like ("សម្ដេច", "សម្តេច": writers use both)."""
    return text.replace("\u17d2\u178a", "\u17d2\u178f")


class Matcher:
    def __init__(self, officials: Mapping[str, Official], others: tuple[str, ...],
                 named_after: NamedAfter | None = None) -> None:
        import ahocorasick  # imported here: only registries that match text pay for it

        self.named_after = named_after

        names = [(official.id, alias) for official in officials.values() for alias in official.names]
        entries: dict[str, list[Entry]] = {}
        for official_id, alias in [*names, *((NOBODY, other) for other in others)]:
            form = Form(
                official_id,
                tuple(words_of(alias)),
                spaced=not UNSPACED_CHAR.search(alias),
                cyrillic=bool(re.search("[а-яёА-ЯЁ]", alias)),
                starts_word=bool(UNSPACED_CHAR.search(alias)) and not _SEGMENTED_CHAR.search(alias),
                han=bool(_HAN_NAME.fullmatch(alias.strip())),
            )
            for key, cut in keys(alias):
                entries.setdefault(key, []).append((form, cut))
        self.entries: dict[str, tuple[Entry, ...]] = {k: tuple(v) for k, v in entries.items()}
        self.automaton: Any = ahocorasick.Automaton()
        # The keys that start with an ASCII character alone, for a text without the first character of any other
        # (most of them: Vietnamese and English fold to ASCII): the automaton looks each character of the text up
        # among those that may start a key, one by one (pyahocorasick), and with every script's names' first
        # characters that took 0.26 s of CPU for the 5k corpus, 0.12 s for the ASCII ones. A key found in a text
        # starts with one of its characters: either automaton finds the same keys in such a text.
        self._ascii_automaton: Any = ahocorasick.Automaton()
        for key, value in self.entries.items():
            self.automaton.add_word(key, (len(key), value))
            if key[0].isascii():
                self._ascii_automaton.add_word(key, (len(key), value))
        self.automaton.make_automaton()
        self._ascii_automaton.make_automaton()
        firsts = sorted({key[0] for key in self.entries if not key[0].isascii()})
        self._other_first = re.compile("[" + "".join(map(re.escape, firsts)) + "]") if firsts else None

    def hits(self, text: str) -> tuple[FoldedText, list[tuple[int, int, str]]]:
        """Accepted (folded start, folded end, official id), leftmost-longest, not overlapping."""
        folded = fold_text(text)
        found: list[tuple[int, int, str]] = []
        ascii_only = folded.text.isascii() or self._other_first is None or \
            self._other_first.search(folded.text) is None
        automaton = self._ascii_automaton if ascii_only else self.automaton
        for last, (length, entries) in automaton.iter(folded.text) if len(automaton) else ():
            start = last + 1 - length
            for form, cut in entries:
                end = _accept(form, cut, folded, text, start, last + 1)
                if end is not None:
                    found.append((start, end, form.official_id))
                    break
        found.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
        kept: list[tuple[int, int, str]] = []
        for hit in found:
            if not kept or hit[0] >= kept[-1][1]:
                kept.append(hit)
        # "Bun Rany Hun Sen" (Hun Sen's wife) outlasted "Hun Sen" above; now it goes too; and so does a name
        # given to a school, a street or a prize ("វិទ្យាល័យ ហ៊ុន សែន", Hun Sen High School)
        named_after = self.named_after
        return folded, [hit for hit in kept if hit[2] != NOBODY and not (
            named_after is not None and named_after(text, folded.orig(hit[0]), folded.orig(hit[1] - 1) + 1))]


def _run_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The run written without spaces around ``text[start:end]``, ``_AROUND`` characters at most either side: what
    ICU's segmentation of the place depends on."""
    lo, hi = start, end
    while lo > 0 and start - lo < _AROUND and _SEGMENTED_CHAR.match(text[lo - 1]):
        lo -= 1
    while hi < len(text) and hi - end < _AROUND and _SEGMENTED_CHAR.match(text[hi]):
        hi += 1
    return lo, hi


def _on_a_segment_edge(text: str, start: int, end: int) -> bool:
    """Whether a Han name at ``text[start:end]`` starts or ends one of ICU's words of its run of characters
    written without spaces (as the index segments it; ``_AROUND`` characters either side decide): "苏林表示"
    yes, "江苏林业局" (江苏 | 林业 | 局) no. One edge is enough: ICU may glue a name's last character to the next
    word ("李强调研", Li Qiang inspects: 李 | 强调 | 研) or its first to the word before ("向高市早苗": 向高 | 市)."""
    lo, hi = _run_around(text, start, end)
    if lo == start or hi == end:
        return True
    from ..analysis.tokenize import segment  # ICU: imported only for a text with a Chinese name in it

    edges = {edge for span in segment(text[lo:hi]) for edge in span}
    return start - lo in edges or end - lo in edges


def _starts_a_segment(text: str, start: int) -> bool:
    """Whether ``text[start]`` starts a word: not inside a run written without spaces, or at one of the edges ICU
    cuts the run into (as the index segments it; ``_AROUND`` characters either side decide)."""
    if start == 0 or not _SEGMENTED_CHAR.match(text[start]) or not _SEGMENTED_CHAR.match(text[start - 1]):
        return True
    lo, hi = _run_around(text, start, start)
    from ..analysis.tokenize import segment

    return any(span[0] == start - lo for span in segment(text[lo:hi]))


def _accept(form: Form, cut: str | None, folded: FoldedText, text: str, start: int, end: int) -> int | None:
    """Where the mention ends in folded text (after any Russian case ending), or None: not this official."""
    ftext = folded.text
    if not form.spaced:
        if form.starts_word and start > 0 and is_word_char(ftext[start - 1]):
            return None
        if form.han and not _on_a_segment_edge(text, folded.orig(start), folded.orig(end - 1) + 1):
            return None
        return end
    if start > 0 and goes_on(ftext[start - 1]):
        return None
    if form.cyrillic:
        suffix = _RU_SUFFIX.match(ftext, end)
        assert suffix is not None  # {0,3} always matches
        if not suffix_ok(cut, suffix.group()):
            return None
        end = suffix.end()
    if end < len(ftext) and goes_on(ftext[end], after=True):
        return None
    last = folded.orig(end - 1) + 1
    while last < len(text) and unicodedata.combining(text[last]):  # accents folding dropped: the word's ("Hà" + U+0301)
        last += 1
    words = words_of(text[folded.orig(start) : last])
    if len(words) != len(form.words):
        return None
    for alias_word, word in zip(form.words, words, strict=True):
        if alias_word[0].isupper() and not word[0].isupper():
            return None  # "tô lâm" (ordinary words) is not "Tô Lâm"
    # other accents: "Tổ" is not "Tô"; unaccented text matches the unaccented aliases (given in the registry) only
    return end if accents_agree(form.words, words) else None


