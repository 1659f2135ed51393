"""A Vietnamese name written joined or apart is one name (``lang/vietnamese.py`` ``syllable_cuts``,
``query/compile.py`` ``syllables`` and ``joins``): ``Vietnam`` and ``Hanoi``, as English and French write them,
also find ``Việt Nam`` and ``Hà Nội``, and the other way; English ``into`` is not ``in to``."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.lang.vietnamese import is_folded_syllable, syllable_cuts

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
    # In lower case: in Vietnamese articles only (English "into" is not "in to")
    ("vietnam", {"vi_apart", "en_joined", "fr_joined"}), ("into", {"en_into"}),
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
def test_a_word_typed_joined_in_lower_case_is_not_marked_apart_where_it_was_not_matched(ix: object,
                                                                                      query: str) -> None:
    # In lower case its syllables side by side are matched in Vietnamese articles only (SYLLABLE_LANGS): the
    # English article found by the other words (most of the words) does not show Viet Nam, Ha Noi as matched
    [hit] = [h for h in ix.search(query, limit=20).hits if h.id == "en_apart"]  # type: ignore[attr-defined]
    shown = " ".join(hit.snippets)
    assert "<mark>trade</mark>" in shown and "<mark>Viet Nam</mark>" not in shown and "<mark>Ha Noi</mark>" not in shown
    [vi] = [h for h in ix.search(query.split()[0], limit=20).hits if h.id == "vi_apart"]  # type: ignore[attr-defined]
    assert "<mark>Việt Nam</mark>" in " ".join(vi.snippets) or "<mark>Hà Nội</mark>" in " ".join(vi.snippets)
    # typed with a capital as well: matched everywhere, so marked
    [both] = [h for h in ix.search(query + " " + query.split()[0].capitalize(), limit=20).hits  # type: ignore[attr-defined]
              if h.id == "en_apart"]
    assert "<mark>Viet Nam</mark>" in " ".join(both.snippets) or "<mark>Ha Noi</mark>" in " ".join(both.snippets)


@pytest.mark.parametrize(("query", "expected"), [("a long cylinder", {"en_a_long"}), ("a long", {"en_a_long"}),
                                                 ("along cylinder", {"en_along"})])
def test_words_of_one_letter_are_not_joined(ix: object, query: str, expected: set[str]) -> None:
    # The other way of syllable_cuts, whose syllables have MIN_CUT letters or more: a join of "a" and "long" is
    # no Vietnamese name written joined, and found English "along" (Cranfield: "a long cylinder" 15 -> 34 articles)
    assert {h.id for h in ix.search(query, limit=20).hits} == expected  # type: ignore[attr-defined]
