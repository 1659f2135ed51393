"""Where a sentence begins, for the names' keys (``lang/sentences.py``, ``lang/data/sentences.toml``): the dot of an
abbreviation written before a name ends no sentence (``TP. Hồ Chí Minh``, ``GS. Đàm Trung Đồn``: the name kept its
key only where the collection wrote it mid-sentence elsewhere); a credit line's first word is a word, not a name's
(``Theo Thu Hà`` alone on its line made the name key ``^theothu``, vi-news 57 lines; ``Theo`` in 114 keys of articles
never writing ``theo`` in lower case); a quote after a colon opens a sentence (``nói: "Tại Sóc Trăng...``). Generated:
the abbreviations and credit words of several languages, names whose first syllable the article also writes as a
word (``hồ``, ``ba``, ``đàm``, ``vũ``: a sentence's first word for the rule), several places in a text."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from pathlib import Path

import pytest

from search.lang.fold import fold
from search.lang.vietnamese import initial_key, name_key, name_keys, syllable_cuts

from ..conftest import hit_ids, opened_articles

# Names whose first syllable is also a word (hồ lake, ba three, đàm talk, vũ dance, phạm violate, hà river...).
NAMES = ["Hồ Chí Minh", "Ba Đình", "Đàm Trung Đồn", "Vũ Thanh Ca", "Phạm Trần Linh", "Hà Tĩnh", "Lê Văn Hưu",
         "Bảo Ngọc", "Thu Hà", "Hoàng Mai"]


def _cut(*words: str) -> bool:
    """Whether the query cuts the words joined back into them (the keys are of such runs only)."""
    return tuple(fold(" ".join(words)).split()) in syllable_cuts(fold("".join(words)))


def _joined(words: str) -> str:
    return fold(words.replace(" ", "")).capitalize()


def _head(name: str) -> str:
    """The name's first two syllables joined (folded): the key of the run from its first word."""
    return fold("".join(name.split()[:2]))


# 1. Abbreviations before a name: Vietnamese place types and titles, English, French and Indonesian titles.
ABBREVIATIONS = ["TP", "Tp", "TX", "Q", "GS", "PGS", "TS", "ThS", "BS", "NSND", "Mr", "Mrs", "Ms", "Dr", "Prof",
                 "St", "Gen", "Mme", "Mlle", "Bpk", "Ir"]
# mid-sentence, at a line's start, after a comma, two titles in a row (PGS. TS.), no space after the dot (TP.Điện Biên)
PLACES = ["Tin mới ở {a}. {n} hôm nay.", "Tin mới\n{a}. {n} nói hôm nay.", "Hôm qua, {a}. {n} nói.",
          "Theo PGS. {a}. {n}, dịch giảm.", "Tin mới (ở {a}.{n}) hôm nay."]
# words that end sentences, not abbreviations: a name, a currency, a person's name shortened, a letter
NOT_ABBREVIATIONS = ["ở Việt Nam", "ở Mỹ", "43 triệu USD", "chị H", "sản phụ P", "cháu M", "giải Serie A"]


@pytest.mark.parametrize(("abbreviation", "name"), list(product(ABBREVIATIONS, NAMES)))
@pytest.mark.parametrize("place", PLACES)
def test_the_name_after_an_abbreviations_dot_has_the_key_of_a_name(abbreviation: str, name: str,
                                                                   place: str) -> None:
    low = name.split()[0].lower()
    keys = name_keys(place.format(a=abbreviation, n=name) + f" Tin {low} tuần.")
    assert name_key(_head(name)) in keys and initial_key(_head(name)) not in keys


@pytest.mark.parametrize(("before", "name"), list(product(NOT_ABBREVIATIONS, NAMES)))
def test_the_name_after_a_word_ending_a_sentence_still_begins_one(before: str, name: str) -> None:
    low = name.split()[0].lower()
    keys = name_keys(f"Tin mới {before}. {name} hôm nay, {low} tuần.")
    assert initial_key(_head(name)) in keys and name_key(_head(name)) not in keys


# 2. Credit lines: a credit word, then a byline's name.
CREDITS = ["Theo", "Ảnh", "Nguồn", "By", "Photo", "Source", "Oleh", "Foto", "Sumber"]
BYLINES = ["Thu Hà", "Đăng Nguyễn", "Lê Ngọc", "Hà Trang", "Mai Trang", "Bảo Minh", "Kiều Anh", "Thạch Thảo"]
# alone on a line (then the paper's name), in brackets after a caption, the line's end
CREDIT_PLACES = ["Mưa lớn cả ngày.\n{c} {n}\nDân Việt", "Mưa lớn cả ngày. ({c} {n})\nTin khác.",
                 "Mưa lớn cả ngày.\n{c} {n}"]
CREDIT_RUNS = [(c, n) for c, n in product(CREDITS, BYLINES) if _cut(c, n.split()[0])]


def test_the_generated_credit_runs_are_many() -> None:
    assert len(CREDIT_RUNS) >= 24 and len({c for c, _ in CREDIT_RUNS}) >= 4


@pytest.mark.parametrize(("credit", "name"), CREDIT_RUNS)
@pytest.mark.parametrize("place", CREDIT_PLACES)
def test_a_credit_word_before_a_name_alone_on_its_line_is_no_names_syllable(credit: str, name: str,
                                                                            place: str) -> None:
    keys = name_keys(place.format(c=credit, n=name) + f"\nTin {credit.lower()} tuần.")
    run = fold(credit + name.split()[0])
    assert initial_key(run) in keys and name_key(run) not in keys
    assert name_key(fold(name.replace(" ", ""))) in keys  # the name itself keeps its key


@pytest.mark.parametrize(("credit", "name"), CREDIT_RUNS)
def test_a_credit_word_at_a_sentences_start_is_a_word_where_the_article_never_writes_it_in_lower_case(
        credit: str, name: str) -> None:
    keys = name_keys(f"Tin mới. {credit} {name}, mưa lớn cả ngày.")
    run = fold(credit + name.split()[0])
    assert initial_key(run) in keys and name_key(run) not in keys


@pytest.mark.parametrize(("first", "name"), [(f, n) for f, n in product(["Trường", "Thành", "Minh"], BYLINES)
                                             if _cut(f, n.split()[0])])
def test_a_byline_alone_on_its_line_is_still_a_name(first: str, name: str) -> None:
    byline = f"{first} {name.split()[0]}"
    keys = name_keys(f"Mưa lớn cả ngày.\n{byline}\nTin {first.lower()} tuần.")
    assert name_key(fold(byline.replace(" ", ""))) in keys


# 3. A quote opening a sentence after a colon.
FIRST = ["Ông", "Tại", "Em", "Khi", "Bộ", "Anh", "Người", "Vì"]
OPENING = ['"', "“", "«"]
QUOTED_RUNS = [(f, n) for f, n in product(FIRST, NAMES) if _cut(f, n.split()[0])]


@pytest.mark.parametrize(("first", "name"), QUOTED_RUNS)
@pytest.mark.parametrize("quote", OPENING)
def test_a_quote_after_a_colon_opens_a_sentence(first: str, name: str, quote: str) -> None:
    keys = name_keys(f"Ông Long cho hay: {quote}{first} {name} đã đến. Tin {first.lower()} tuần.")
    run = fold(first + name.split()[0])
    assert initial_key(run) in keys and name_key(run) not in keys


@pytest.mark.parametrize(("first", "name"), QUOTED_RUNS)
@pytest.mark.parametrize("before", ["Ảnh: ", "(Ảnh: ", "Phút 69: ", "trong phim “", "vai diễn \""])
def test_a_name_after_a_colon_or_a_quote_mid_sentence_keeps_the_key_of_a_name(first: str, name: str,
                                                                             before: str) -> None:
    keys = name_keys(f"Tin mới {before}{first} {name} đã đến. Tin {first.lower()} tuần.")
    assert name_key(fold(first + name.split()[0])) in keys


# The same through the index: a name written only after abbreviations is found typed joined (its articles alone in
# their index: no other writes the name mid-sentence); a credit word or a quote's first word joined to the name after
# it finds nothing, the name alone its articles.
INDEXED_ABBREVIATIONS = ["TP", "GS", "TS", "Q", "Mr", "Dr"]
ABBREVIATED = list(product(INDEXED_ABBREVIATIONS, NAMES))
ABBREVIATED_ARTICLES = {f"abbr_{i}.txt": f"Tin\n\n{PLACES[i % len(PLACES)].format(a=a, n=n)} {n.split()[0].lower()}."
                        for i, (a, n) in enumerate(ABBREVIATED)}
CREDITED_ARTICLES = {
    **{f"credit_{i}.txt": f"Tin\n\n{CREDIT_PLACES[i % 2].format(c=c, n=n)}\nTin {c.lower()} tuần."
       for i, (c, n) in enumerate(CREDIT_RUNS)},
    **{f"quote_{i}.txt": f"Tin\n\nÔng Long cho hay: “{f} {n} đã đến”. Tin {f.lower()} tuần."
       for i, (f, n) in enumerate(QUOTED_RUNS)}}


@pytest.fixture(scope="module")
def abbreviated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with opened_articles(Path(tmp_path_factory.mktemp("abbreviated")), ABBREVIATED_ARTICLES) as opened:
        yield opened


@pytest.fixture(scope="module")
def credited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with opened_articles(Path(tmp_path_factory.mktemp("credited")), CREDITED_ARTICLES) as opened:
        yield opened


@pytest.mark.parametrize("name", NAMES)
def test_a_name_written_only_after_abbreviations_is_found_typed_joined(abbreviated: object, name: str) -> None:
    expected = {f"abbr_{i}" for i, (_, n) in enumerate(ABBREVIATED) if n == name}
    assert hit_ids(abbreviated, _joined(name)) == expected


@pytest.mark.parametrize(("credit", "name"), CREDIT_RUNS)
def test_a_credit_word_joined_to_the_name_after_it_finds_nothing(credited: object, credit: str, name: str) -> None:
    assert hit_ids(credited, _joined(f"{credit} {name.split()[0]}")) == set()
    assert f"credit_{CREDIT_RUNS.index((credit, name))}" in hit_ids(credited, _joined(name))


@pytest.mark.parametrize(("first", "name"), QUOTED_RUNS)
def test_a_quotes_first_word_joined_to_the_name_after_it_finds_nothing(credited: object, first: str,
                                                                        name: str) -> None:
    assert hit_ids(credited, _joined(f"{first} {name.split()[0]}")) == set()
