"""A Vietnamese name written joined or apart is one name (``lang/vietnamese.py`` ``syllable_cuts``, ``name_keys``,
``query/compile.py`` ``syllables`` and ``joins``): ``Vietnam`` and ``Hanoi``, as English and French write them,
also find ``Việt Nam`` and ``Hà Nội``, and the other way; English ``into`` is not ``in to``, and a foreign name
that parses as syllables is not those syllables as words of a sentence (``Honda`` is not ``hơn đã``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.lang.fold import fold
from search.lang.vietnamese import is_folded_syllable, name_keys, syllable_cuts

from ..conftest import opened_articles

ARTICLES = {
    "vi_apart.txt": "Thủ đô\n\nHà Nội mưa lớn, cả nước Việt Nam chờ nắng. Đà Nẵng và Hải Phòng cũng có mưa to.",
    "vi_saigon.txt": "Sài Gòn\n\nNgười dân Sài Gòn đi làm sớm, đường phố thành phố đông đúc vào buổi sáng.",
    "vi_other.txt": "Kinh tế\n\nNhà đầu tư chờ đợi, giá vàng trong nước tăng mạnh so với tuần trước.",
    "en_joined.txt": "Floods\n\nHeavy rain hit Hanoi and central Vietnam this week, officials in Danang said "
                     "on Friday.",
    "en_apart.txt": "Trade\n\nViet Nam and Cambodia signed a trade deal in Ha Noi on Monday, the ministry said.",
    "fr_joined.txt": "Inondations\n\nDe fortes pluies ont frappé Hanoï et le centre du Vietnam cette semaine, selon "
                     "les autorités.",
    "en_into.txt": "Flight\n\nThe aircraft flew into the storm while the crew watched the weather radar closely.",
    "en_in_to.txt": "Cockpit\n\nThe pilot looked in to the cockpit before the storm reached the small airfield.",
    # a long is no join of syllables (a syllable of one letter cuts nothing: MIN_CUT), not English along
    "en_along.txt": "Flow\n\nThe flow along the cylinder was measured in the wind tunnel.",
    "en_a_long.txt": "Shapes\n\nA long cylinder was tested in the wind tunnel.",
    # Foreign names that parse as syllables (Honda: hơn đã, Bacon: ba con, Cuba: cụ bà), and those syllables as words
    "vi_honda.txt": "Xe máy\n\nHãng Honda bán thêm xe máy ở Cuba trong tháng này.",
    "vi_words.txt": "Chợ quê\n\nGiá rau hôm nay cao hơn đã thấy, ba con đi chợ với cụ bà.\nCụ bà mua rau cho ba con.",
    "vi_kinh_te.txt": "Tăng trưởng\n\nNền kinh tế tăng trưởng mạnh trong quý ba.",
    # Words shouted in capitals, in a heading and in a sentence, are no name (lang/vietnamese.py _name_syllable)
    "vi_shouted.txt": "Tuyển sinh\n\nCÔNG TY CỔ PHẦN TITAFA\nXem chỉ tiêu cụ thể của từng trường TẠI ĐÂY.",
    # Two syllables whose join is a syllable itself (gì ảo: giao), and that syllable written as a word of its own
    "vi_gi_ao.txt": "Ảo thuật\n\nKhông có gì ảo trong màn biểu diễn này.",
    "vi_giao.txt": "Bưu điện\n\nBưu điện giao thư mỗi sáng.",
    # An English name that two syllables join into (dự kế: Duke), in a Vietnamese sentence
    "vi_duke.txt": "Đại học\n\nTrường Duke đặt mục tiêu mới.",
}


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> object:
    with opened_articles(Path(tmp_path_factory.mktemp("joined")), ARTICLES) as opened:
        yield opened


@pytest.mark.parametrize(("word", "cuts"), [
    ("vietnam", [("viet", "nam")]), ("hanoi", [("ha", "noi"), ("han", "oi")]), ("haiphong", [("hai", "phong")]),
    ("saigon", [("sai", "gon")]), ("hochiminh", [("ho", "chi", "minh"), ("ho", "chim", "inh"), ("hoc", "hi", "minh"),
                                                  ("hoc", "him", "inh")]),
    ("quangninh", [("quang", "ninh")]), ("nguoi", []), ("kerjasama", []), ("wifi", []), ("tphcm", []),
    ("island", []), ("viet", []), ("việtnam", [])])
def test_a_word_typed_joined_is_cut_into_vietnamese_syllables_only(word: str, cuts: list[tuple[str, ...]]) -> None:
    assert syllable_cuts(word) == cuts


@pytest.mark.parametrize(("word", "syllable"), [
    ("nguoi", True), ("quynh", True), ("khuya", True), ("chuyen", True), ("ruou", True), ("xoong", True),
    ("och", False), ("tnam", False), ("vie", True), ("eau", False), ("star", False), ("kerja", False)])
def test_a_folded_syllable_is_an_onset_a_nucleus_and_a_coda_of_vietnamese(word: str, syllable: bool) -> None:
    assert is_folded_syllable(word) is syllable


@pytest.mark.parametrize(("query", "expected"), [
    # Typed joined with a capital (a name): its syllables side by side in every article (English writes Viet Nam)
    ("Vietnam", {"vi_apart", "en_joined", "en_apart", "fr_joined"}),
    ("Hanoi", {"vi_apart", "en_joined", "en_apart", "fr_joined"}),
    ("Danang", {"vi_apart", "en_joined"}), ("Haiphong", {"vi_apart"}), ("Saigon", {"vi_saigon"}),
    # In lower case, a word written joined is that word, or a name (English Viet Nam); English "into" is not "in to"
    ("vietnam", {"vi_apart", "en_joined", "en_apart", "fr_joined"}), ("into", {"en_into"}),
    # A name's syllables are written each with a capital: Honda is not hơn đã, Bacon not ba con, Cuba not cụ bà (a
    # sentence's first word alone has one); nor in lower case when the word is written joined (honda, cuba)
    ("Honda", {"vi_honda"}), ("honda", {"vi_honda"}), ("Bacon", set()), ("Cuba", {"vi_honda"}),
    # nor are words shouted in capitals (a heading, emphasis): Taiday is not TẠI ĐÂY, Congty not CÔNG TY; in lower
    # case, written joined nowhere, their syllables as words
    ("Taiday", set()), ("Congty", set()), ("Cophan", set()), ("taiday", {"vi_shouted"}),
    ("cuba", {"vi_honda"}), ("title:Honda", set()),
    # In lower case, a word no article writes joined is also its syllables in Vietnamese articles (kinhte: kinh tế;
    # bacon: ba con, the ambiguity left); with a capital, a name (Kinh Tế), which no article writes
    ("kinhte", {"vi_kinh_te", "vi_other"}), ("bacon", {"vi_words"}), ("Kinhte", set()),
    # Quoted, a word is exactly that word: not cut
    ('"Bacon"', set()), ('"bacon"', set()), ('"Vietnam"', {"en_joined", "fr_joined"}),
    # Typed apart, also the word they make
    ("Việt Nam", {"vi_apart", "en_apart", "en_joined", "fr_joined"}),
    ("Hà Nội", {"vi_apart", "en_apart", "en_joined", "fr_joined"}),
    ("ha noi", {"vi_apart", "en_apart", "en_joined", "fr_joined"}),
    ("Đà Nẵng mưa", {"vi_apart"}), ("Hanoi rain", {"en_joined"}), ("rain Ha Noi", {"en_joined"}),
    ('"Hà Nội"', {"vi_apart", "en_apart"}), ("Hanoi -Vietnam", set()), ("Sài Gòn", {"vi_saigon"}),
])
def test_a_vietnamese_name_written_joined_or_apart_is_one_name(ix: object, query: str, expected: set[str]) -> None:
    results = ix.search(query, limit=20)  # type: ignore[attr-defined]
    assert {h.id for h in results.hits} == expected
    for hit in results.hits:
        assert "<mark>" in " ".join(hit.snippets), (query, hit.id, hit.snippets)


@pytest.mark.parametrize(("query", "first"), [
    ("Vietnam", {"en_joined", "fr_joined"}), ("Việt Nam", {"vi_apart"}), ("ha noi", {"vi_apart", "en_apart"})])
def test_the_spelling_typed_ranks_first(ix: object, query: str, first: set[str]) -> None:
    hits = [h.id for h in ix.search(query, limit=20).hits]  # type: ignore[attr-defined]
    assert set(hits[:len(first)]) == first, hits


@pytest.mark.parametrize("query", ["vietnam signed trade deal", "hanoi cambodia trade deal"])
def test_a_word_typed_joined_in_lower_case_in_an_english_query_is_not_marked_apart(ix: object, query: str) -> None:
    # In lower case in a query not read as Vietnamese (reads_as_syllables) the word is not cut: the English article
    # found by the other words (most of the words) does not show Viet Nam, Ha Noi as matched
    [hit] = [h for h in ix.search(query, limit=20).hits if h.id == "en_apart"]  # type: ignore[attr-defined]
    shown = " ".join(hit.snippets)
    assert "<mark>trade</mark>" in shown and "<mark>Viet Nam</mark>" not in shown and "<mark>Ha Noi</mark>" not in shown
    [vi] = [h for h in ix.search(query.split()[0], limit=20).hits if h.id == "vi_apart"]  # type: ignore[attr-defined]
    assert "<mark>Việt Nam</mark>" in " ".join(vi.snippets) or "<mark>Hà Nội</mark>" in " ".join(vi.snippets)
    # typed with a capital as well: matched everywhere, so marked
    [both] = [h for h in ix.search(query + " " + query.split()[0].capitalize(), limit=20).hits  # type: ignore[attr-defined]
              if h.id == "en_apart"]
    assert "<mark>Viet Nam</mark>" in " ".join(both.snippets) or "<mark>Ha Noi</mark>" in " ".join(both.snippets)


def test_a_word_no_article_writes_joined_is_marked_apart_in_lower_case(ix: object) -> None:
    # kinhte, written joined nowhere, is its syllables side by side in Vietnamese articles (SYLLABLE_LANGS)
    [vi] = [h for h in ix.search("kinhte", limit=20).hits if h.id == "vi_kinh_te"]  # type: ignore[attr-defined]
    assert "<mark>kinh tế</mark>" in " ".join(vi.snippets)


@pytest.mark.parametrize(("query", "said"), [
    ("kinhte", ["'kinh te'"]), ("bacon", ["'ba con'", "'bac on'"]), ("kinhte trade", ["'kinh te'"]),
    ("Kinhte", None), ("Bacon", None), ('"bacon"', None), ("hanoi", None), ("vietnam", None), ("ba con", None)])
def test_a_word_read_as_syllables_written_apart_is_said(ix: object, query: str, said: list[str] | None) -> None:
    # The articles found for "bacon" write "ba con" (three children): the answer says it was read so, as a search
    # engine says "showing results for"; a name typed with a capital, a quoted word, a word some article writes
    # joined (hanoi) are not read so, and nothing is said
    notes = [n for n in ix.search(query, limit=20).notes if "is one word in no article" in n]  # type: ignore[attr-defined]
    if said is None:
        assert notes == []
    else:
        assert len(notes) == 1 and all(cut in notes[0] for cut in said) and "lang:vi" in notes[0], notes


@pytest.mark.parametrize(("text", "keys"), [
    ("Thành phố Hồ Chí Minh", ["hochi", "hochiminh", "chiminh"]), ("Việt Nam, Hà Nội", ["vietnam", "hanoi"]),
    ("Viet Nam and Ha Noi", ["vietnam", "hanoi"]), ("HÀ NỘI mới", []), ("Việt\nNam", []),
    ("Hơn đã", []), ("ba con Ba Con", ["bacon"]), ("Việt, Nam", []), ("Việt\n\nNam", []), ("Nam2 Hà", []),
    ("A Long", []), ("Tô Lâm nói", ["tolam"]),
    # a capital right after a letter, digit or underscore begins no run (vietnamese.py _CAPITALISED's lookbehind);
    # after punctuation or a space it does
    ("xViệt Nam", []), ("ởViệt Nam", []), ("2Việt Nam", []), ("_Việt Nam", []), ("ĐàNẵng Hà Nội", ["hanoi"]),
    ("(Việt Nam", ["vietnam"]), ("«Hà Nội", ["hanoi"]), ("x Hà Nội", ["hanoi"])])
def test_capitalised_syllables_side_by_side_are_a_names_keys(text: str, keys: list[str]) -> None:
    assert name_keys(text) == [f"^{k} ^{k}" for k in keys]


# Siblings of the shouted words vi-news writes (CÔNG TY, TẠI ĐÂY, CA BỆNH, HẠNG HAI) and of names: each run of
# syllables a joined word is cut into, in capitals where a line, a heading or a phrase is, is no key; the same words
# each with one capital are
RUNS = ["Công Ty", "Tại Đây", "Ca Bệnh", "Hạng Hai", "Cổ Phần", "Việt Nam", "Hà Nội", "Hải Phòng", "Đà Nẵng",
        "Hồ Chí Minh", "Tô Lâm", "Ba Con", "Hơn Đã", "Quảng Ninh", "Dai Duong", "Tinh Hoa"]
CONTEXTS = ["{}", "xem {} nhé", "- {} 2917 (BN2917) cách ly", "Ngày hội - {} - TINH THẦN", '"{}"', "{}: thông tin"]


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("run", RUNS)
def test_words_in_capitals_are_no_names_keys(run: str, context: str) -> None:
    joined = fold(run).replace(" ", "")
    assert syllable_cuts(joined), run  # each run is one a joined word is cut into
    assert f"^{joined} ^{joined}" in name_keys(run)
    assert name_keys(context.format(run)) == name_keys(run)
    assert name_keys(context.format(run.upper())) == []
    # one word in capitals breaks the run, the others still make theirs
    words = run.split()
    assert name_keys(context.format(" ".join([words[0].upper(), *words[1:]]))) == name_keys(" ".join(words[1:]))


@pytest.mark.parametrize(("query", "expected"), [("a long cylinder", {"en_a_long"}), ("a long", {"en_a_long"}),
                                                 ("along cylinder", {"en_along"})])
def test_words_of_one_letter_are_not_joined(ix: object, query: str, expected: set[str]) -> None:
    # The other way of syllable_cuts, whose syllables have MIN_CUT letters or more: a join of "a" and "long" is
    # no Vietnamese name written joined, and found English "along" (Cranfield: "a long cylinder" 15 -> 34 articles)
    assert {h.id for h in ix.search(query, limit=20).hits} == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize(("query", "expected"), [("gì ảo", {"vi_gi_ao"}), ("gi ao", {"vi_gi_ao"}),
                                                 ("ảo", {"vi_gi_ao"}), ("giao", {"vi_giao"})])
def test_a_join_that_is_a_syllable_itself_is_not_a_join(ix: object, query: str, expected: set[str]) -> None:
    # The other way of syllable_cuts, which leaves a word that is one syllable uncut: gì ảo joined is giao, a word of
    # its own (597 vi-news articles write it), and every article writing it "had" both words (616 where 26 do)
    assert {h.id for h in ix.search(query, limit=20).hits} == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", ["dự kế đặt", "dự kế kế đặt", "dự dự kế đặt", "dự kế Kế đặt", "đặt dự kế dự"])
def test_a_word_typed_again_is_found_by_the_joins_of_either_place(ix: object, query: str) -> None:
    # kế in dự kế (Duke) and in kế đặt: one word, which the join of either place finds (each place was needed:
    # vi-news "quyết dự kế kế đặt" found 48 articles, "quyết dự kế đặt" 49)
    assert {h.id for h in ix.search(query, limit=20).hits} == {"vi_duke"}  # type: ignore[attr-defined]
