"""The Whoosh schema, and the field types that hold one shared analysis per article.

The engine writes segments in bulk (``bulk.py``), from arrays prepared once per article (``prepare.py``).
The field types also work through Whoosh's own ``add_document``, one posting at a time: our four text fields
(``title``, ``body``, ``exact``, ``stem``) all receive the same ``ArticleText`` and take their part of one
``index_terms`` result. That path is kept as the reference the bulk writer is tested against
(tests/index/test_bulk.py: the same postings, positions, lengths and stored fields).

Whoosh pickles the schema into the index (DESIGN.md trap 10): these classes live at module level and hold
no caches, and ``FORMAT_VERSION`` is stamped next to the index so that an index written by another
version is refused with a clear message instead of failing somewhere deep inside Whoosh.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from whoosh import columns, fields, formats
from whoosh.system import pack_uint

if TYPE_CHECKING:
    from ..analysis.terms import IndexTerms


# Bump whenever the schema, the analysis or the meaning of a stored field changes.
FORMAT_VERSION = 30  # 4: packed postings blocks (codec.py); 5: classes moved to search.index; 6: spellings;
#                    7: source facet, url indexed, author/section/tags, fingerprints per record (files.json);
#                    8: the digits of Thai, Lao, Burmese and Khmer are words of their own (lang/table.py);
#                    9: so are the repetition marks (REPEAT_MARKS); letters' compatibility forms (full-width, ligatures)
#                       and the Greek final sigma are folded (lang/fold.py);
#                    10: Thai and Lao spellings that render alike are one (lang/thai.py: น้ํา = น้ำ, เเ = แ, Lao ເເ = ແ);
#                        apostrophes that Unicode calls letters (ʼ ʻ) end a word as ' does (analysis/tokenize.py);
#                        stress marks on Cyrillic vowels, Arabic harakat and tatweel, the dot of İ lowered are
#                        removed (lang/fold.py);
#                        half-width katakana are the katakana, Burmese signs in one order (lang/spelling.py)
#                    11: Lao ໍາ = ຳ, ຫນ ຫມ ຫລ = ໜ ໝ ຫຼ, segmented in both spellings (lang/thai.py, analysis/tokenize.py);
#                        Chinese traditional characters folded to simplified, runs segmented in both (lang/han.py)
#                        Persian ی ک folded to Arabic ي ك (lang/fold.py ARABIC_LETTERS)
#                    12: a Chinese run segmented in its simplified form and as written, not a traditional re-spelling
#                    13: the tone of an oa/oe/uy syllable placed in the last syllable of a word that is no syllable
#                        (lang/vietnamese.py: từkhoá = từkhóa, Chloé = Chlóe)
#                    14: the gap field: the positions punctuation left empty (a quoted passage's gap matches those)
#                    15: acronyms in capitals or with dots (US, U.S.) as exact keys "US US" (lang/acronyms.py)
#                    16: decimals and percentages as exact keys "#3.5 #3.5", "#10% #10%" (lang/numbers.py)
#                    17: numbers grouped with spaces whole (1 234,5), 3,50 = 3,5, Arabic's ٫ and ٪, %10, 10 Percent
#                    18: not after a date word, a glued letter or a phone number's digits (tháng 12 100% is 100%);
#                        the first end of a range of percentages is one (10-15%: #10% too); times of day in
#                        any spelling as exact keys "#10h30 #10h30" (10h30, 10:30, 10 giờ 30: analysis/terms.py)
#                        runs of capitalised syllables as exact keys "^vietnam ^vietnam" (lang/vietnamese.py name_keys)
#                    19: no name key from words written wholly in capitals (CÔNG TY, TẠI ĐÂY: vietnamese.py
#                        _name_syllable)
#                        and percentages written with a word in the table's languages (១០ភាគរយ, 10 процентов,
#                        ร้อยละ 10, 10 pct: lang/numbers.py PERCENT_WORDS, PERCENT_FIRST); ranges with the Khmer,
#                        Thai, Lao and Chinese words for 'to' (ពី ៩ ដល់ ១២ ភាគរយ)
#                    20: the other forms of those words (10 proc., 10 फीसदी, 10 százalékot, 10 prosentilla, 10 posto:
#                        lang/numbers.py PERCENT_WORDS)
#                    21: whole numbers written in groups as exact keys "#12100 #12100" (12.100, 12 100: lang/numbers.py
#                        grouped_keys), which the query's 12100 split into 12 100 needs (not tháng 12 100)
#                    22: a run of capitalised syllables from a sentence's first word has a key of its own,
#                        "^^theopham ^^theopham" (lang/vietnamese.py initial_key: Theo Phạm Minh Chính)
#                    23: a percentage before an abbreviation is one again (5% p.a., 10% P&G: lang/numbers.py _POINT),
#                        numbers grouped with ٬ or an apostrophe have their key (١٢٬١٠٠, 12'100: grouped_keys)
#                        (review-numbers-4's 22, merged after caps-2's)
#                    24: a run from a sentence's first word is an initial key where the article writes that word in
#                        lower case in its title or its body (a title's Theo Phạm... over a body writing theo)
#                    25: not after an abbreviation's dot (TP. Hồ Chí Minh, GS. Đàm...), from a credit word (Theo Thu
#                        Hà alone on its line, Theo in an article never writing theo), after a colon and a quote
#                        (nói: "Tại Hà Nội...): lang/sentences.py, lang/data/sentences.toml
#                    26: numbers-5: no whole-number key for a decimal's whole part (12.100,5), one for full-width
#                        groups (１２，１００); %2 puan, yüzde 2 puan no percentage; a range's last end after a
#                        percent word checked (ร้อยละ 5 ถึง 10 ล้านคน, ถึง 2568: none), in Chinese numerals too
#                        (百分之五到十)
#                    27: review-numbers-5: %2,5 puan keeps its decimal's key; a range's last end before a month none
#                        (ร้อยละ 10 ถึง 31 ธันวาคม, 百分之5到10月)
#                    28: numbers-6: nor before a Turkish unit inflected (yüzde 5 ila 10 milyonu) or a Chinese counter
#                        (百分之5至10天, 10次)
#                    29: numbers-7: a Swiss number is one (12'100.5: #12100.5, not #100.5); 百分之5到十 is 10% too
#                    30: review-numbers-7: a range word in any case (YÜZDE 5 ILA 10, 10 TO 20 PERCENT: 5% and 10%)


class ArticleText(NamedTuple):
    """The value given to every analysed field of one article."""

    title: str
    body: str
    lang: str
    exact_words: bool  # index exact spellings, not folded forms (analysis.terms.spells_exactly)


_last: tuple[ArticleText, IndexTerms] | None = None


def _terms_for(value: ArticleText) -> IndexTerms:
    # Fields are indexed one after the other for the same document: keep the last analysis.
    global _last
    if _last is not None and _last[0] is value:
        return _last[1]
    from ..analysis.terms import index_terms  # (here: opening an index to read it needs none of it)

    terms = index_terms(value.title, value.body, value.lang, value.exact_words)
    _last = (value, terms)
    return terms


class ArrayPositions(formats.Positions):  # type: ignore[misc]
    """Positions as an array of little-endian 32-bit integers, instead of Whoosh's pickled deltas.

    The ranking code (search/query/score.py) reads the positions of thousands of postings per phrase: these
    decode for all of them at once with one ``numpy.frombuffer`` over the joined values, where Whoosh's
    format needs one ``pickle.loads`` per posting (2 µs each, half the time of a Vietnamese compound query
    at 20k articles). Encoding is also cheaper at indexing time. In the postings file, the codec stores a
    block's positions at the narrowest width that holds them (``codec.py``), not as these 32-bit values.
    """

    def encode(self, poslist: list[int]) -> bytes:
        return encode_positions(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        values = array("I")
        values.frombytes(valuestring)
        if _BIG_ENDIAN:
            values.byteswap()
        return values.tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost  # type: ignore[no-any-return]


_BIG_ENDIAN = sys.byteorder == "big"


def encode_positions(positions: list[int]) -> bytes:
    values = array("I", positions)
    if _BIG_ENDIAN:
        values.byteswap()
    return values.tobytes()


class _ArticleField(fields.FieldType):  # type: ignore[misc]
    part = ""

    def __init__(self, stored: bool = False, field_boost: float = 1.0, positions: bool = True) -> None:
        self.format = ArrayPositions(field_boost=field_boost) if positions else formats.Frequency(
            field_boost=field_boost)
        self.analyzer = None  # never used: postings come from search.analysis
        self.stored = stored
        self.unique = False
        self.scorable = True
        self.vector = None
        self.column_type = None
        self.spelling = False
        self.multitoken_query = "default"
        self.field_boost = field_boost

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        terms = _terms_for(value)
        boost = self.field_boost
        part = getattr(terms, self.part)
        if isinstance(self.format, formats.Positions):
            for word, plist in part.items():
                n = len(plist)
                yield word.encode("utf-8"), n, n * boost, encode_positions(plist)
        else:
            for word, n in part.items():
                yield word.encode("utf-8"), n, n * boost, pack_uint(n)

    def separate_spelling(self) -> bool:
        return False

    def has_morph(self) -> bool:
        return False


class TitleField(_ArticleField):
    part = "title"


class BodyField(_ArticleField):
    part = "body"


class ExactField(_ArticleField):
    part = "exact"


class StemField(_ArticleField):
    part = "stem"


class GapField(_ArticleField):
    part = "gap"


def build_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        path=fields.ID(stored=True, sortable=True),
        # "<page hash>|<hash of the record as read>.<enrichment key>": decides whether a record must be read
        # and indexed again (build.py); the files' own stat keys are kept apart, in files.json (store.py)
        fingerprint=fields.COLUMN(columns.VarBytesColumn()),
        title=TitleField(stored=True),  # for title: filters; the body field holds the title words too
        body=BodyField(stored=True),
        exact=ExactField(positions=False),
        stem=StemField(positions=False),
        # where punctuation left a position empty (analysis/tokenize.py GAP_TERM), for quoted passages' gaps
        gap=GapField(),
        lang=fields.ID(stored=True, sortable=True),
        spelled=fields.ID(stored=True, sortable=True),  # "exact": words indexed as spelled; "" folded
        date=fields.ID(stored=True, sortable=True),  # "2024", "2024-12" or "2024-12-06"; "" when unknown
        date_inferred=fields.STORED(),
        date_future=fields.STORED(),  # dated after the time of indexing (a typo in the source, most often)
        newest=fields.ID(sortable=True),  # the date for "newest first": "" when unknown or in the future
        published=fields.STORED(),  # the full timestamp, when the source gave one
        year=fields.ID(sortable=True),
        month=fields.ID(sortable=True),
        title_derived=fields.STORED(),
        url=fields.ID(stored=True),  # indexed whole: a URL typed in a query finds its articles (prefix)
        source=fields.ID(stored=True, sortable=True),  # the outlet: a facet (query/facets.py)
        author=fields.STORED(),
        section=fields.STORED(),
        tags=fields.STORED(),
        notes=fields.STORED(),
        page_hash=fields.STORED(),
        # Officials: one term per official id (filters), plus per-document lists for facets and display.
        official=fields.KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        country=fields.KEYWORD(commas=True, lowercase=False, scorable=False),
        role=fields.KEYWORD(commas=True, lowercase=False, scorable=False),
        mentions=fields.STORED(),  # [[official_id, name, count, first_pos, country, [roles]], ...]
    )
