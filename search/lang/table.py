"""The language table and the script table: adding a language is adding a row.

A **script** row says how text in that script behaves, whatever its language: whether words are separated by
spaces (if not, ICU's dictionary word segmentation decides them, and officials' names match inside runs),
whether combining marks after its letters are accents (folding strips them: Latin, Greek) or vowels (kept:
Thai, Khmer, Lao, Burmese, Devanagari...), and which language a text mostly written in it is (language id).

A **language** row says which Snowball stemmer (PyStemmer's algorithm name) applies, if any, which script it
is written in, whether language identification may answer it, and the small lists of words that belong to the
language itself (Vietnamese function words that stay recognisable without accents; Russian case endings
that names take). Longer per-language word lists live as data in ``search/lang/data/*.toml``, keyed by the
same codes: month names and date patterns (``months.toml``), official titles (``titles.toml``), trailing web
boilerplate (``boilerplate.toml``). A code that is not in the table still gets a sensible analyzer:
folding and exact forms, no stems.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Script:
    name: str
    ranges: str  # a regex character-class body: the script's letters and its combining signs
    language: str | None = None  # what a text mostly in this script is written in; None: ask the model (Latin)
    segmented: bool = False  # written without spaces between words: ICU word segmentation, names match anywhere
    accents: bool = False  # combining marks after its letters are accents: folding removes them
    names_inside_words: bool = False  # officials' names may stand inside a run of letters (no word boundaries)


SCRIPTS: tuple[Script, ...] = (
    # Latin (Basic, Latin-1, Extended-A/B, IPA, Extended Additional, -C, -D) and Greek: accents fold away.
    Script("Latin", "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u2c60-\u2c7f"
                    "\ua720-\ua7ff", accents=True),
    Script("Greek", "\u0370-\u03ff\u1f00-\u1fff", "el", accents=True),
    Script("Cyrillic", "\u0400-\u052f\u1c80-\u1c8f", "ru"),
    Script("Armenian", "\u0530-\u058f", "hy"),
    Script("Hebrew", "\u0590-\u05ff", "yi"),
    Script("Arabic", "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff", "ar"),
    Script("Devanagari", "\u0900-\u097f", "hi"),
    Script("Tamil", "\u0b80-\u0bff", "ta"),
    # Written without spaces between words (DESIGN.md trap 4): ICU's dictionaries decide the words.
    Script("Thai", "\u0e00-\u0e7f", "th", segmented=True, names_inside_words=True),
    Script("Lao", "\u0e80-\u0eff", "lo", segmented=True, names_inside_words=True),
    Script("Myanmar", "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f", "my", segmented=True, names_inside_words=True),
    Script("Khmer", "\u1780-\u17ff\u19e0-\u19ff", "km", segmented=True, names_inside_words=True),
    Script("Han", "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f", "zh", segmented=True,
           names_inside_words=True),
    Script("Kana", "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f", "ja", segmented=True, names_inside_words=True),
    # Korean separates words, but particles are glued to names (문재인은): a name starts a word, may end inside one.
    Script("Hangul", "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f", None, names_inside_words=True),
)
SCRIPT: dict[str, Script] = {s.name: s for s in SCRIPTS}


def ranges(predicate: Any) -> str:
    """The character-class body of every script for which ``predicate(script)`` holds."""
    return "".join(s.ranges for s in SCRIPTS if predicate(s))


def spans(body: str) -> list[tuple[int, int]]:
    """A character-class body of characters and ranges ("a-zA-Z") -> its (first, last) code points."""
    out, i = [], 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out.append((ord(body[i]), ord(body[i + 2])))
            i += 3
        else:
            out.append((ord(body[i]), ord(body[i])))
            i += 1
    return out


def _without(body: str, drop: str) -> str:
    """``body`` minus the characters of ``drop`` (both character-class bodies of characters and ranges)."""
    kept = []
    for lo, hi in spans(body):
        for dlo, dhi in sorted(spans(drop)):
            if dhi < lo or dlo > hi:
                continue
            if dlo > lo:
                kept.append((lo, dlo - 1))
            lo = dhi + 1
        if lo <= hi:
            kept.append((lo, hi))
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in kept)


# The decimal digits of the scripts written without spaces (Thai, Lao, Myanmar, Khmer): a number, not part of
# a word. ICU's word breaks glue letters and digits together (ឆ្នាំ២០១៩ "year 2019" is one ICU word), so the
# digits are words of their own, as ASCII digits are (ឆ្នាំ2019 was always two): "ឆ្នាំ" is then found in
# the articles that write the year right after it (315 of the 1,000 km-news articles did).
SEGMENTED_DIGITS = "\u0e50-\u0e59\u0ed0-\u0ed9\u1040-\u1049\u1090-\u1099\u17e0-\u17e9"
SEGMENTED = _without(ranges(lambda s: s.segmented), SEGMENTED_DIGITS)  # scripts written without spaces
# The repetition marks of Thai (ๆ mai yamok), Lao (ໆ ko la) and Khmer (ៗ lekto): "the word before, again"
# (ធំៗ "big ones", เด็กๆ "children"). ICU's word breaks glue the mark to the word before it or not, by context
# (ធំៗ, เด็กๆ, ໄວໆ one word each; ម្តង|ៗ two), so each mark is a word of its own and a run of letters is
# segmented on either side of it: "ធំ" is found where the article writes ធំៗ (the query ធំៗ is the phrase ធំ ៗ).
# Burmese has no such mark; Japanese 々 is outside the scripts' ranges (already a word of its own), and the kana
# marks ゝゞヽヾ repeat a syllable, not a word (いすゞ), so the letters before them are no word to find.
REPEAT_MARKS = "\u0e46\u0ec6\u17d7"
NAMES_INSIDE_WORDS = ranges(lambda s: s.names_inside_words)
ACCENTED = ranges(lambda s: s.accents)  # marks after these letters are accents

# Characters that bind the letter before them to the next one: a word is never cut after them (Khmer COENG,
# Myanmar virama, zero-width joiner).
JOINERS = frozenset("\u17d2\u1039\u200d")
# Characters that end a sentence: Latin and CJK punctuation, Khmer khan and bariyoosan, Myanmar section,
# Devanagari danda, Arabic question mark. Thai and Lao end sentences with a space, which cannot tell.
SENTENCE_END = ".!?。！？។៕။।؟"


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # ISO 639-1 where one exists
    name: str
    stemmer: str | None  # PyStemmer algorithm, None where Snowball has none
    script: str = "Latin"
    # A candidate for statistical language identification of Latin-script text. Malay is not: our sources
    # write Indonesian, and the two are too close for a character model on news text (DESIGN.md trap 5).
    detect: bool = True
    # Function words that stay distinctive once accents are lost: text written without them is still
    # recognised (Vietnamese "cua", "nhung", "duoc").
    unaccented_words: frozenset[str] = frozenset()
    # Case endings a name takes (Russian): the letter the name loses ("" when it ends in a consonant) ->
    # the endings it may take. "Манет" -> "Манета", "Манетом"; "Тинь" -> "Тиня".
    name_endings: dict[str, frozenset[str]] = field(default_factory=dict)
    # Diacritics are part of the word (Vietnamese tones: "Lào" Laos, "lao" labour; "năm" year, "Nam" south):
    # an article written with them is indexed with its exact spellings (search/analysis/terms.py).
    tones: bool = False
    # Letters no other language of the table writes: a text full of them is this language, no model needed.
    own_letters: str = ""

    @property
    def segmented(self) -> bool:
        return SCRIPT[self.script].segmented if self.script in SCRIPT else False


_VI_UNACCENTED = frozenset(
    # Chosen to be absent from the other candidates' common vocabulary ("la", "co", "da", "se" are left out:
    # French, Italian, Portuguese use them).
    "cua cac nhung duoc khong voi nhieu nguoi nuoc tren cung trong theo phai khi dang nhu nhat chung viec "
    "nhan thanh pho tinh huyen chinh phu tuong quoc hoi nghi cuoc sau truoc ngay thang nam hien tai doanh "
    "nghiep kinh thi truong dong trieu cho biet".split()
)
_RU_ENDINGS = {
    "": frozenset({"", "а", "у", "ом", "ем", "ым", "е"}),  # Манет, Манета, Манету, Манетом, Путиным
    "ь": frozenset({"ь", "я", "ю", "ем", "ём", "е", "и"}),  # Тинь, Тиня, Тиню, Тинем
    "й": frozenset({"й", "я", "ю", "ем", "ём", "е", "и"}),
    "а": frozenset({"а", "ы", "и", "е", "у", "ой", "ою"}),  # Кисида, Кисиды, Кисидой
    "я": frozenset({"я", "и", "е", "ю", "ей", "ею"}),
}

_ROWS = [
    # The 34 languages of PyStemmer's 36 Snowball algorithms ("porter" and "dutch_porter" are older
    # algorithms for English and Dutch, not languages of their own).
    Language("ar", "Arabic", "arabic", "Arabic"),
    Language("hy", "Armenian", "armenian", "Armenian"),
    Language("eu", "Basque", "basque"),
    Language("ca", "Catalan", "catalan"),
    Language("cs", "Czech", "czech"),
    Language("da", "Danish", "danish"),
    Language("nl", "Dutch", "dutch"),
    Language("en", "English", "english"),
    Language("eo", "Esperanto", "esperanto"),
    Language("et", "Estonian", "estonian"),
    Language("fi", "Finnish", "finnish"),
    Language("fr", "French", "french"),
    Language("de", "German", "german"),
    Language("el", "Greek", "greek", "Greek"),
    Language("hi", "Hindi", "hindi", "Devanagari"),
    Language("hu", "Hungarian", "hungarian"),
    Language("id", "Indonesian", "indonesian"),
    Language("ga", "Irish", "irish"),
    Language("it", "Italian", "italian"),
    Language("lt", "Lithuanian", "lithuanian"),
    Language("ne", "Nepali", "nepali", "Devanagari"),
    Language("no", "Norwegian", "norwegian"),
    Language("fa", "Persian", "persian", "Arabic"),
    Language("pl", "Polish", "polish"),
    Language("pt", "Portuguese", "portuguese"),
    Language("ro", "Romanian", "romanian"),
    Language("ru", "Russian", "russian", "Cyrillic", name_endings=_RU_ENDINGS),
    Language("sr", "Serbian", "serbian", "Cyrillic"),
    Language("st", "Sesotho", "sesotho"),
    Language("es", "Spanish", "spanish"),
    Language("sv", "Swedish", "swedish"),
    Language("ta", "Tamil", "tamil", "Tamil"),
    Language("tr", "Turkish", "turkish"),
    Language("yi", "Yiddish", "yiddish", "Hebrew"),
    # No Snowball stemmer: exact and folded forms only.
    # Vietnamese: ơ ư ă and every letter of Latin Extended Additional's Vietnamese part (ạ ả ấ ... ỹ).
    Language("vi", "Vietnamese", None, unaccented_words=_VI_UNACCENTED, tones=True,
             own_letters="ơưăƠƯĂ\u1ea0-\u1ef9"),  # words are syllables
    Language("km", "Khmer", None, "Khmer"),
    Language("lo", "Lao", None, "Lao"),
    Language("th", "Thai", None, "Thai"),
    Language("my", "Burmese", None, "Myanmar"),
    Language("zh", "Chinese", None, "Han"),
    Language("ja", "Japanese", None, "Kana"),
    Language("ms", "Malay", None, detect=False),
]

LANGUAGES: dict[str, Language] = {row.code: row for row in _ROWS}

# For languages outside the table: no stemmer, segmentation decided per script run by the tokenizer.
UNKNOWN = Language("und", "Unknown", None, detect=False)


def get_language(code: str | None) -> Language:
    """The row for ``code``; unknown or missing codes get the plain analyzer (no stems)."""
    if not code:
        return UNKNOWN
    return LANGUAGES.get(code.lower(), UNKNOWN)


def is_known(code: str) -> bool:
    return code.lower() in LANGUAGES


def codes_text() -> str:
    """The table as help text: languages with a stemmer, without, and segmented ones."""
    stemmed = " ".join(c for c, row in LANGUAGES.items() if row.stemmer)
    plain = " ".join(c for c, row in LANGUAGES.items() if not row.stemmer and not row.segmented)
    segmented = " ".join(c for c, row in LANGUAGES.items() if row.segmented)
    return (f"With a Snowball stemmer: {stemmed}. Without (exact and folded forms only): {plain}; "
            f"segmented by ICU: {segmented}. Any other code gets exact and folded forms.")


@cache
def data_table(name: str) -> dict[str, Any]:
    """One of the per-language data files (``months``, ``titles``, ``boilerplate``), parsed once."""
    text = resources.files("search.lang").joinpath("data", f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def month_names(lang: str) -> list[str]:
    """The first spelling of each month in ``lang``'s table: ``month_names("en")[11] == "December"``."""
    months = data_table("months").get(lang, {}).get("months", [])
    return [m if isinstance(m, str) else m[0] for m in months]

