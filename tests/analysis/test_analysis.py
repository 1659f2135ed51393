from __future__ import annotations

import pickle

import pytest

from search.analysis import analyze, analyzer_for, index_terms
from search.index.schema import build_schema
from search.lang.fold import fold
from search.lang.table import LANGUAGES

from ..conftest import shared_data


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("bùi thanh sơn", "bui thanh son"),
        ("đà nẵng", "da nang"),  # đ does not decompose under NFD
        ("œuvre", "oeuvre"),
        ("straße", "strasse"),
        ("coopération", "cooperation"),
        ("ёлка", "елка"),
        ("αθήνα", "αθηνα"),
        ("ได้", "ได้"),  # Thai tone mark is a letter's part, not an accent
        ("ពង្រឹង", "ពង្រឹង"),  # Khmer subscript consonant must survive
        ("ສະບາຍດີ", "ສະບາຍດີ"),
        ("မြန်မာ", "မြန်မာ"),
        ("नमस्ते", "नमस्ते"),
        ("越南", "越南"),
    ],
)
def test_folding_strips_accents_only_from_latin_and_greek_letters(word: str, folded: str) -> None:
    assert fold(word) == folded


def test_every_token_keeps_exact_folded_and_stemmed_forms_with_offsets() -> None:
    text = "Coopération durable entre le Vietnam et le Cambodge"
    tokens = analyze(text, "fr")
    assert [t.text for t in tokens][:2] == ["coopération", "durable"]
    assert tokens[0].folded == "cooperation"
    assert tokens[0].stem == "cooper"  # Snowball French
    for t in tokens:
        assert text[t.start:t.end].lower() == t.text


INVISIBLE_INSIDE = "Bình Dư\u00adơng: chất l\u200b\u200bượng 𠀋 Ðáng chú ý, Sigurður, Dư\u00ad 𠀋ơng."


def test_search_analyze_gives_the_words_the_index_holds_with_offsets_into_the_text_given() -> None:
    # Ingest and queries remove a soft hyphen or zero-width space inside a word and make Ð beginning a
    # Vietnamese word Đ (search.lang.invisible); search analyze showed "dư" and "ơng" (3 vi-news articles), words
    # the index does not have.
    from search.analysis import index_terms
    from search.lang.invisible import repair_words

    tokens = analyze(INVISIBLE_INSIDE, "vi")
    assert [t.text for t in tokens] == ["bình", "dương", "chất", "lượng", "𠀋", "đáng", "chú", "ý", "sigurður",
                                        "dư", "𠀋", "ơng"]
    assert [INVISIBLE_INSIDE[t.start:t.end] for t in tokens][1:4] == ["Dư\u00adơng", "chất", "l\u200b\u200bượng"]
    assert INVISIBLE_INSIDE[tokens[5].start:tokens[5].end] == "Ðáng"
    held = index_terms("", repair_words(INVISIBLE_INSIDE), "vi", exact_words=True).body
    assert sorted(held) == sorted({t.text for t in tokens})


def test_languages_without_a_stemmer_have_no_stem() -> None:
    assert [t.stem for t in analyze("Hợp tác", "vi")] == [None, None]
    assert analyze("Hợp tác", "vi")[0].folded == "hop"


def test_unknown_language_codes_get_folding_without_stems() -> None:
    tokens = analyze("Coopération", "xx")
    assert (tokens[0].folded, tokens[0].stem) == ("cooperation", None)


def test_khmer_word_typed_without_zero_width_spaces_gives_the_tokens_of_the_article_text() -> None:
    article = "សម្តេច\u200bហ៊ុន\u200bម៉ាណែត\u200bនាយក\u200bរដ្ឋមន្ត្រី"
    typed = "ម៉ាណែត"
    article_tokens = [t.folded for t in analyze(article, "km")]
    query_tokens = [t.folded for t in analyze(typed, "km")]
    assert len(query_tokens) >= 1
    # the query's pieces stand together, in order, in the article's tokens
    n = len(query_tokens)
    assert any(article_tokens[i:i + n] == query_tokens for i in range(len(article_tokens)))


def test_khmer_pieces_of_one_word_get_consecutive_positions() -> None:
    tokens = analyze("ហ៊ុនម៉ាណែត", "km")
    assert len(tokens) > 1
    assert [t.pos for t in tokens] == list(range(len(tokens)))
    assert "".join(t.text for t in tokens) == "ហ៊ុនម៉ាណែត"


@pytest.mark.parametrize(("text", "lang", "words"), [
    ("ឆ្នាំ២០១៩នេះ", "km", ["ឆ្នាំ", "២០១៩", "នេះ"]),  # ICU alone makes one word of the first two
    ("៣នាក់", "km", ["៣", "នាក់"]),
    ("ปี๒๕๖๒", "th", ["ปี", "๒๕๖๒"]),
    ("ປີ໒໐໑໙", "lo", ["ປີ", "໒໐໑໙"]),
    ("ခုနှစ်၂၀၁၉", "my", ["ခု", "နှစ်", "၂၀၁၉"]),
])
def test_the_digits_of_scripts_without_spaces_are_words_of_their_own(text: str, lang: str, words: list[str]) -> None:
    tokens = analyze(text, lang)
    assert [t.text for t in tokens] == words
    assert [t.pos for t in tokens] == list(range(len(words)))  # side by side: a phrase runs across them


@pytest.mark.parametrize(("text", "lang", "words"), [
    ("ធំៗ", "km", ["ធំ", "ៗ"]),  # ICU alone makes one word of the two
    ("ផ្ទះធំៗនៅទីក្រុង", "km", ["ផ្ទះ", "ធំ", "ៗ", "នៅ", "ទីក្រុង"]),
    ("ម្តងៗ", "km", ["ម្តង", "ៗ"]),  # ICU alone already splits this one
    ("ធំៗៗ", "km", ["ធំ", "ៗ", "ៗ"]),
    ("เด็กๆไปโรงเรียน", "th", ["เด็ก", "ๆ", "ไป", "โรงเรียน"]),
    ("เด็ก ๆ", "th", ["เด็ก", "ๆ"]),
    ("ໄວໆນີ້", "lo", ["ໄວ", "ໆ", "ນີ້"]),
])
def test_a_repetition_mark_is_a_word_of_its_own(text: str, lang: str, words: list[str]) -> None:
    tokens = analyze(text, lang)
    assert [t.text for t in tokens] == words
    assert [t.pos for t in tokens] == list(range(len(words)))  # side by side: the query ធំៗ is the phrase ធំ ៗ


def test_the_letters_before_a_repetition_mark_are_segmented_as_if_typed_alone() -> None:
    """ICU's segmentation of the letters depends on what follows them: the mark is cut off first, so the
    words before it are those of the same letters typed as a query."""
    from search.analysis.tokenize import words
    for text in ("នឹងកូនតូចៗចំនួន", "កាសែតធំៗរបស់", "ឆ្នាំមុនៗទៀត", "สวยๆมาก"):
        before, mark, after = text.partition(next(c for c in text if c in "ៗๆໆ"))
        assert words(text) == words(before) + [mark] + words(after), text


def test_zero_width_space_separates_khmer_words_and_is_never_part_of_a_token() -> None:
    for t in analyze("ការ\u200bស្តីបន្ទោស\u200bជា", "km"):
        assert "\u200b" not in t.text


def test_unaccented_vietnamese_two_syllable_word_folds_to_the_article_tokens() -> None:
    article = [t.folded for t in analyze("Hai nước tăng cường hợp tác kinh tế", "vi")]
    typed = [t.folded for t in analyze("hop tac", "vi")]
    assert typed == ["hop", "tac"]
    assert any(article[i:i + 2] == typed for i in range(len(article)))


def test_devanagari_vowel_signs_stay_inside_their_word() -> None:
    assert [t.text for t in analyze("नमस्ते दुनिया", "hi")] == ["नमस्ते", "दुनिया"]


def test_chinese_is_segmented_into_words() -> None:
    tokens = [t.text for t in analyze("越南总理会见柬埔寨首相", "zh")]
    assert "越南" in tokens and "总理" in tokens


@pytest.mark.parametrize("text, words", [
    ("𢌛物木", ["𢌛", "物", "木"]),  # ICU counts UTF-16 units: a character outside the BMP shifted every cut after it
    ("中国𢌛人和𠀀", ["中国", "𢌛", "人", "和", "𠀀"]),
    ("洪玛奈 𢌛 hun", ["洪", "玛", "奈", "𢌛", "hun"]),
])
def test_ideographs_outside_the_basic_plane_are_words_of_their_own_and_shift_no_offset(text: str,
                                                                                        words: list[str]) -> None:
    tokens = analyze(text, "zh")
    assert [t.text for t in tokens] == words
    assert all(text[t.start:t.end] == t.text for t in tokens)


def test_index_terms_hold_folded_positions_exact_spellings_and_language_tagged_stems() -> None:
    terms = index_terms("Coopération", "Bùi Thanh Sơn et la coopération", "fr")
    assert terms.title == {"cooperation": [0]}
    assert terms.body["cooperation"] == [0, 7]  # the title, a gap, then the body
    assert terms.body["son"] == [4]
    assert terms.exact["son sơn"] == 1
    assert terms.exact["cooperation coopération"] == 2
    assert "thanh thanh" not in terms.exact  # unaccented words are their own folded form
    assert terms.stem["fr:cooper"] == 2


def test_the_language_table_covers_the_snowball_languages_and_the_segmented_scripts() -> None:
    with_stemmer = [row for row in LANGUAGES.values() if row.stemmer]
    assert len(with_stemmer) == 34  # + porter and dutch_porter: 36 PyStemmer algorithms
    for code in ("vi", "km", "lo", "th", "my", "zh"):
        assert code in LANGUAGES
    assert all(LANGUAGES[c].segmented for c in ("km", "lo", "th", "my", "zh"))


def test_every_language_in_the_table_has_a_working_analyzer() -> None:
    for code in LANGUAGES:
        assert analyze("Test 2024", code)[0].folded == "test"


def test_the_schema_pickles_and_unpickles() -> None:
    schema = build_schema()
    again = pickle.loads(pickle.dumps(schema))
    assert sorted(again.names()) == sorted(schema.names())


SNOWBALL = ["english", "french", "german", "indonesian", "italian", "portuguese", "russian", "spanish"]
CODES = {"english": "en", "french": "fr", "german": "de", "indonesian": "id", "italian": "it",
         "portuguese": "pt", "russian": "ru", "spanish": "es"}


@pytest.mark.parametrize("language", SNOWBALL)
def test_stems_equal_the_official_snowball_vocabulary(language: str) -> None:
    folder = shared_data("snowball", language)
    words = (folder / "voc.txt").read_text(encoding="utf-8").split("\n")
    expected = (folder / "output.txt").read_text(encoding="utf-8").split("\n")
    assert len(words) == len(expected)
    analyzer = analyzer_for(CODES[language])
    mismatches = [(w, e, analyzer.forms(w)[2]) for w, e in zip(words, expected, strict=True)
                  if w and analyzer.forms(w)[2] != e]
    assert mismatches == []


def test_split_words_finds_the_same_words_as_positioned_words_with_or_without_segmented_scripts() -> None:
    from search.analysis import positioned_words, split_words

    from ..conftest import ARTICLES

    texts = [*ARTICLES.values(), "Hun Manet (ហ៊ុន ម៉ាណែត) met Phạm Minh Chính; l'été, 2024-12-06, x_y ß"]
    plain = 0
    for text in texts:
        assert list(split_words(text)) == [(w, s, e) for w, s, e, _ in positioned_words(text)]
        plain += all(ord(c) < 0x0E00 for c in text)
    assert plain >= 3  # both paths are exercised


def test_the_fast_tokenizer_path_is_never_taken_by_a_text_with_combining_marks() -> None:
    # words_and_positions reads a text with \w+ unless it may hold a combining mark (which \w does not
    # match): every mark must fall in the blocks it checks.
    import re

    from search.analysis.tokenize import _MAY_HAVE_MARKS
    from search.lang.marks import MARKS

    marks = re.compile(f"[{MARKS}]")
    missing = [hex(c) for c in range(0x110000) if marks.match(chr(c)) and not _MAY_HAVE_MARKS.match(chr(c))]
    assert missing == []


@pytest.mark.parametrize("text", ["Bùi Thanh Sơn_x coopération", "हिन्दी समाचार", "ho\u0300a bi\u0300nh", "a_b c",
                                  "שָׁלוֹם", "مَرْحَبًا"])
def test_the_fast_tokenizer_finds_the_same_words_as_the_exact_one(text: str) -> None:
    from search.analysis.tokenize import _PLAIN_WORD, words_and_positions

    assert [w for w, _ in words_and_positions(text)] == _PLAIN_WORD.findall(text)


def test_split_words_gives_positioned_words_without_their_positions() -> None:
    """``split_words`` has its own loop for scripts without spaces (snippets' hot path): the same words and
    offsets as ``positioned_words``, on mixed texts and on real Khmer news."""
    import random

    from search.analysis.tokenize import positioned_words, split_words
    from tests.conftest import SHARED_DATA

    texts = ["Hun Manet ហ៊ុន\u200bម៉ាណែត និង សម្ដេច។\nJoe Grand Co.LTD ( ក៏\u200b ) ៗ ១២៣",
             "ក\u200c\u200dខ ສະບາຍດີ ภาษาไทย 中文字 café naïve", ""]
    km = SHARED_DATA / "km-news"
    if km.is_dir():
        files = sorted(km.rglob("*.txt"))
        texts += [p.read_text(encoding="utf-8") for p in random.Random(5).sample(files, 60)]
    for text in texts:
        assert list(split_words(text)) == [(w, s, e) for w, s, e, _ in positioned_words(text)]


def test_the_words_of_a_text_are_positioned_words_without_their_places() -> None:
    """``words`` (related articles read every article's) takes its own path through the Khmer text; it
    gives the words ``positioned_words`` gives, on text whose normalization changes its length too."""
    import random

    from search.analysis.tokenize import positioned_words, words

    samples = ["ព័ត៌មាន\u200bកម្ពុជា ហ៊ុន​ម៉ាណែត, Hun Manet 2024!", "ស\u17d2\u17ddរ\u17b4ី ក\u17d2\u178aា ចិន 中文字 ລາວ ไทย",
               "plain text, no segmented script", "ភ្នំពេញ\u17a4 ខ្មែរ\u200c\u200d ១២៣"]
    km = shared_data("km-news")
    samples += [p.read_text(encoding="utf-8") for p in random.Random(24).sample(sorted(km.rglob("*.txt")), 300)]
    for text in samples:
        assert words(text) == [w for w, _, _, _ in positioned_words(text)], text[:80]
    assert len(samples) > 250


def test_word_offsets_are_split_words_offsets() -> None:
    """``word_offsets`` (the search page's data, for every Khmer article) takes its own path too."""
    import random

    from search.analysis.tokenize import split_words, word_offsets

    samples = ["ព័ត៌មាន\u200bកម្ពុជា ហ៊ុន​ម៉ាណែត, Hun Manet 2024!", "ស\u17d2\u17ddរ\u17b4ី ក\u17d2\u178aា ចិន 中文字 ລາວ ไทย",
               "plain text, no segmented script", "ភ្នំពេញ\u17a4 ខ្មែរ\u200c\u200d ១២៣", "l'été x_y e\u0301t\u0301e", "",
               "𠀀𠀁 中文 \U00020000字"]
    km = shared_data("km-news")
    samples += [p.read_text(encoding="utf-8") for p in random.Random(25).sample(sorted(km.rglob("*.txt")), 300)]
    for text in samples:
        assert word_offsets(text) == [v for _, a, b in split_words(text) for v in (a, b)], text[:80]
    assert len(samples) > 250


def test_segmented_words_are_positioned_words_without_their_offsets() -> None:
    """``segmented_words`` (the indexing hot path of texts in scripts without spaces) caches each run's words and
    the steps between them: the words and positions of ``positioned_words``, on generated mixes of runs, spaces,
    zero-width spaces, punctuation inside and between runs, repeated runs (the cache) and spellings that
    normalization changes in every script it reads (Khmer, Thai and Lao, Burmese signs' order, half-width kana,
    Lao's older spellings, a character outside the BMP), and on real Khmer news."""
    import random

    from search.analysis.tokenize import positioned_words, segmented_words

    pieces = ["ព័ត៌មាន", "កម្ពុជា", "ហ៊ុន", "ម៉ាណែត", "ស\u17d2\u17ddរ\u17b4ី", "ក\u17d2\u178aា", "ភ្នំពេញ\u17a4",
              "ខ្មែរ\u200c\u200d", "១២៣", "។", "ៗ", "ภาษาไทย", "เด็กๆ", "ก\u0e48\u0e31", "ສະບາຍດີ", "ຄໍາ", "ຫລວງ", "ໄວໆ",
              "ကုိ", "ကွျ", "မြန်မာ", "ｶﾞｷﾞ", "ﾗﾞ", "𠀀𠀁中", "中文字", "日本語", "領導人", "Hun", "Manet", "2024", "l'été",
              "e\u0301t\u0301e"]
    glue = ["", "", " ", "\u200b", ", ", "។", " ( ", "\n", "! ", "-"]
    rng = random.Random(38)
    samples = ["", "ក", "។", "ក។ខ", "ហ៊ុន\u200bម៉ាណែត និង សម្ដេច។\nJoe ( ក៏\u200b ) ៗ ១២៣"]
    for _ in range(400):
        samples.append("".join(rng.choice(pieces) + rng.choice(glue) for _ in range(rng.randint(1, 12))))

    def check(texts: list[str]) -> None:
        for text in texts * 2:  # twice: the runs' words come from the cache the second time
            words, places = segmented_words(text)
            expected = [(w, p) for w, _, _, p in positioned_words(text)]
            assert list(zip(words, places, strict=True)) == expected, text[:80]

    check(samples)  # (before the real news, which a clone without ../shared skips)
    km = shared_data("km-news")
    check([p.read_text(encoding="utf-8") for p in random.Random(26).sample(sorted(km.rglob("*.txt")), 200)])


def test_spaced_words_are_positioned_words_of_a_text_without_segmented_runs() -> None:
    """``spaced_words`` (the indexing hot path) skips its scans in an ASCII text and scans once for either a letter of
    a script written without spaces or a combining mark: the words of ``positioned_words``, each at its index, and
    None for a text with such a letter anywhere (after a mark too), on generated mixes of both, marks, apostrophes
    that Unicode calls letters, underscores and ASCII."""
    import random

    from search.analysis.tokenize import positioned_words, spaced_words

    pieces = ["Hun", "Sen", "l'été", "e\u0301te\u0301", "naïve", "Việt", "пʼять", "Oʻzbekiston", "a_b", "_", "10,5%",
              "हिन्दी", "كِتَاب", "ក", "ហ៊ុន", "ไทย", "中文", "ｶﾞ", "\u0301", "x\u20d0", "2024"]
    glue = ["", " ", "\n", ", ", "\u200b", "-", "."]
    rng = random.Random(42)
    samples = ["", "abc", "é\u0301 ក", "\u0301ក", "ไทย e\u0301", "a_b c"]
    for _ in range(2000):
        samples.append("".join(rng.choice(pieces) + rng.choice(glue) for _ in range(rng.randint(1, 8))))
    for text in samples:
        expected = [(w, p) for w, _, _, p in positioned_words(text)]
        segmented = any("\u0e00" <= c <= "\u0eff" or "\u1780" <= c <= "\u17ff" or "\u4e00" <= c <= "\u9fff"
                        or "\uff66" <= c <= "\uff9f" for c in text)
        found = spaced_words(text)
        if segmented:
            assert found is None, text
        else:
            assert found is not None and [(w, p) for p, w in enumerate(found)] == expected, text


def test_an_ascii_words_forms_are_those_of_the_whole_analysis() -> None:
    """``Analyzer.forms_of`` takes an ASCII word's lower case as its exact and folded forms without the steps that
    change only other letters (compatibility forms, optional marks, tones, accents): the forms of those steps, in
    every language of the table, for ASCII words of every kind."""
    import Stemmer

    from search.analysis.analyzer import written
    from search.lang.table import get_language
    from search.lang.vietnamese import normalize_vi_tones

    samples = ["The", "US", "hoa", "HOA", "Hun", "a_b", "10h30", "x", "NATO", "iPhone", "don", "'", "Z9", "ASEAN",
               "running", "nations", "Stations", "i", "I"]
    for code in [*LANGUAGES, None]:
        analyzer = analyzer_for(code)
        for word in samples:
            exact = normalize_vi_tones(written(word))
            # the stem of the word as written, by the language's own Snowball stemmer (None where it has none)
            language = get_language(code)
            stem = Stemmer.Stemmer(language.stemmer).stemWord(written(word)) if language.stemmer else None
            assert analyzer.forms_of(word) == (exact, fold(exact), stem), (code, word)
