"""The language table: adding a language is adding a row.

Each row says how text in that language is analysed: which Snowball stemmer (PyStemmer's algorithm name) if
any, and whether its script is written without spaces and needs dictionary word segmentation (ICU). Per-language
word lists (boilerplate lines, month names, official titles) live as data in ``search/data/*.toml``, keyed by the
same codes. A code that is not in the table still gets a sensible analyzer: folding and exact forms, no stems.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # ISO 639-1 where one exists
    name: str
    stemmer: str | None  # PyStemmer algorithm, None where Snowball has none
    segmented: bool = False  # written without spaces between words: ICU word segmentation
    script: str = "Latin"


_ROWS = [
    # The 34 languages of PyStemmer's 36 Snowball algorithms ("porter" and "dutch_porter" are older
    # algorithms for English and Dutch, not languages of their own).
    Language("ar", "Arabic", "arabic", script="Arabic"),
    Language("hy", "Armenian", "armenian", script="Armenian"),
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
    Language("el", "Greek", "greek", script="Greek"),
    Language("hi", "Hindi", "hindi", script="Devanagari"),
    Language("hu", "Hungarian", "hungarian"),
    Language("id", "Indonesian", "indonesian"),
    Language("ga", "Irish", "irish"),
    Language("it", "Italian", "italian"),
    Language("lt", "Lithuanian", "lithuanian"),
    Language("ne", "Nepali", "nepali", script="Devanagari"),
    Language("no", "Norwegian", "norwegian"),
    Language("fa", "Persian", "persian", script="Arabic"),
    Language("pl", "Polish", "polish"),
    Language("pt", "Portuguese", "portuguese"),
    Language("ro", "Romanian", "romanian"),
    Language("ru", "Russian", "russian", script="Cyrillic"),
    Language("sr", "Serbian", "serbian", script="Cyrillic"),
    Language("st", "Sesotho", "sesotho"),
    Language("es", "Spanish", "spanish"),
    Language("sv", "Swedish", "swedish"),
    Language("ta", "Tamil", "tamil", script="Tamil"),
    Language("tr", "Turkish", "turkish"),
    Language("yi", "Yiddish", "yiddish", script="Hebrew"),
    # No Snowball stemmer: exact and folded forms only.
    Language("vi", "Vietnamese", None),  # syllables are words' parts: multi-syllable terms become phrases
    Language("km", "Khmer", None, segmented=True, script="Khmer"),
    Language("lo", "Lao", None, segmented=True, script="Lao"),
    Language("th", "Thai", None, segmented=True, script="Thai"),
    Language("my", "Burmese", None, segmented=True, script="Myanmar"),
    Language("zh", "Chinese", None, segmented=True, script="Han"),
    Language("ms", "Malay", None),
]

LANGUAGES: dict[str, Language] = {row.code: row for row in _ROWS}

# For languages outside the table: no stemmer, segmentation decided per script run by the tokenizer.
UNKNOWN = Language("und", "Unknown", None)


def get_language(code: str | None) -> Language:
    """The row for ``code``; unknown or missing codes get the plain analyzer (no stems)."""
    if not code:
        return UNKNOWN
    return LANGUAGES.get(code.lower(), UNKNOWN)


def is_known(code: str) -> bool:
    return code.lower() in LANGUAGES
