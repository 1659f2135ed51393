"""An acronym typed in capitals or with dots finds it written either way, and not the word its letters spell in
lower case (search/lang/acronyms.py): ``U.S.`` finds ``US``, ``US`` is not the pronoun ``us``, ``T.Ư`` not the
``tư`` of ``đầu tư``."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.lang.acronyms import acronym_key, dotted_acronyms, shouted, typed_acronym

from ..conftest import hit_ids, opened_articles, shared_data

# As a collection writes them: "us" and "tư" mostly in lower case, NATO mostly in capitals.
ARTICLES = {
    "dotted.txt": "Trade\n\nThe U.S. economy grew while the U.N. met.",
    "capitals.txt": "US trade\n\nThe US economy grew and the UN met in Geneva; they told us so.",
    "pronoun.txt": "Letters\n\nLet us talk about it; give us a call.",
    "pronoun2.txt": "Letters\n\nJoin us.",
    "pronoun3.txt": "Write to us\n\nTell us more.",
    "econ.txt": "Readers\n\nTell us economy stories.",
    "lower.txt": "Schedule\n\nThe train leaves at 9 a.m. and returns at 5 p.m.",
    "pm.txt": "Politics\n\nThe PM spoke to parliament.",
    "vi_dotted.txt": "Hội nghị\n\nBan Chấp hành T.Ư Đảng họp phiên bế mạc.",
    "vi_capitals.txt": "Hội nghị\n\nỦy ban Kiểm tra TƯ công bố kết luận.",
    "vi_capitals2.txt": "Đại hội\n\nBan Chấp hành TƯ Đảng khóa mới ra mắt.",
    "vi_word4.txt": "Thị trường\n\nCác nhà đầu tư đảng viên góp vốn.",
    "vi_co.txt": "Khí thải\n\nLượng CO tăng, có thể gây hại.",
    "en_the.txt": "Notes\n\nTHE END of a story.",
    "vi_word.txt": "Kinh tế\n\nVốn đầu tư nước ngoài tăng mạnh, nhà đầu tư lạc quan.",
    "vi_word2.txt": "Kinh tế\n\nDòng vốn đầu tư chảy vào bất động sản.",
    "vi_word3.txt": "Kinh tế\n\nNhà đầu tư chờ đợi.",
    "nato.txt": "Alliance\n\nNato ministers met; the NATO summit follows.",
    "nato2.txt": "Alliance\n\nNato leaders agreed.",
    "nato3.txt": "Alliance\n\nA NATO exercise.",
    "vi_place.txt": "Thủ đô\n\nHà Nội mưa lớn, cả Việt Nam chờ nắng.",
}


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> object:
    with opened_articles(Path(tmp_path_factory.mktemp("acronyms")), ARTICLES) as opened:
        yield opened


@pytest.mark.parametrize(("query", "expected"), [
    ("U.S.", {"dotted", "capitals"}),
    ("u.s.", {"dotted", "capitals"}),
    ('"U.S."', {"dotted", "capitals"}),
    ("US", {"dotted", "capitals"}),
    ("UN", {"dotted", "capitals"}),
    ("U.N.", {"dotted", "capitals"}),
    ("T.Ư", {"vi_dotted", "vi_capitals", "vi_capitals2"}),
    ("TƯ", {"vi_dotted", "vi_capitals", "vi_capitals2"}),
    ("PM", {"pm"}),  # not p.m.
    # typed in capitals for emphasis: a word with a tone, or longer than MAX_SHORT, is also the word
    ("ĐẦU TƯ", {"vi_word", "vi_word2", "vi_word3", "vi_word4"}), ("TALKS", {"pronoun"}), ("GIVE", {"pronoun"}),
    # in capitals throughout without tones, words no article writes as acronyms: the words (Hà Nội, Việt Nam)
    ("HA NOI", {"vi_place"}), ("VIET NAM", {"vi_place"}), ("US UN", {"capitals", "dotted"}),
    # longer than MAX_SHORT: the word in any case too (a name, or an acronym also written Nato)
    ("NATO", {"nato", "nato2", "nato3"}), ("N.A.T.O.", {"nato", "nato2", "nato3"}),
    # lower case: the word, as before (the pronoun and the acronym in capitals)
    ("us", {"capitals", "pronoun", "pronoun2", "pronoun3", "econ"}),
    # in a phrase: the acronym written either way before or after the other words, not its letters in lower case
    ('"US economy"', {"dotted", "capitals"}), ('"U.S. economy"', {"dotted", "capitals"}),
    ('"u.s. economy"', {"dotted", "capitals"}), ('"economy grew"', {"dotted", "capitals"}),
    ('"T.Ư Đảng"', {"vi_dotted", "vi_capitals2"}), ('"TƯ Đảng"', {"vi_dotted", "vi_capitals2"}),
    ('"tư đảng"', {"vi_capitals2", "vi_word4"}), ('"N.A.T.O. summit"', {"nato"}),
    # a field: the acronym in that field (US in the title), not the pronoun there
    ("title:US", {"capitals"}), ("title:U.S.", {"capitals"}), ("title:us", {"capitals", "pronoun3"}),
    # in capitals, words some article writes as acronyms (CO, THE) but none together: the words (có thể)
    ("CO THE", {"vi_co"}), ("CO", {"vi_co"}),
])
def test_an_acronym_typed_in_capitals_or_with_dots_finds_it_written_either_way(ix: object, query: str,
                                                                              expected: set[str]) -> None:
    assert hit_ids(ix, query) == expected


def test_dotted_acronyms_are_capitals_with_dots_not_lower_case_abbreviations() -> None:
    assert dotted_acronyms("the U.S., O.N.U. and T.Ư at 9 a.m., e.g. TP.HCM, 3.5, x.U.S") == [
        "US US", "ONU ONU", "TU TU"]
    assert acronym_key("TƯ") == acronym_key("TU") == "TU TU"


def test_dotted_acronyms_scans_only_a_text_with_a_dot_before_a_letter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text with no dot followed by a letter holds no dotted acronym and is not scanned for one (the scan of every
    text was 4% of the index workers' CPU); the keys found are the whole scan's, on random text dense in dots,
    capitals and digits and on 600 vi-news and km-news articles."""
    import random
    import re

    from search.lang import acronyms

    rng = random.Random(5)
    pool = "ABUSTƯĐabuđ.. .,3-\n\u200bខ"
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 40))) for _ in range(20_000)]
    for corpus in ("vi-news", "km-news"):
        texts += [path.read_text(encoding="utf-8") for path in sorted(shared_data(corpus, "docs").iterdir())[:300]]
    found = [dotted_acronyms(text) for text in texts]
    assert sum(map(bool, found)) > 500  # the random texts hold many
    with monkeypatch.context() as m:
        m.setattr(acronyms, "_DOT_LETTER", re.compile(""))  # every text scanned
        assert found == [dotted_acronyms(text) for text in texts]

    class Unscanned:
        def finditer(self, text: str) -> None:
            raise AssertionError(f"scanned {text!r}")

    monkeypatch.setattr(acronyms, "DOTTED", Unscanned())
    assert dotted_acronyms("Hun Sen met the U. N. chief. Growth was 3.5 percent... or 4.") == []


@pytest.mark.parametrize(("typed", "letters"), [
    ("US", "US"), ("U.S.", "US"), ("u.s.", "us"), ("T.Ư", "TƯ"), ("N.V.Đ.", "NVĐ"), ("UBND", "UBND"),
    ("us", None), ("Us", None), ("LÀO", None), ("ÉTÉ", None), ("L.À.O", None),
    ("NATIONS", None), ("F35", None), ("TP.HCM", None), ("U.S.A.B.C.D.E.", None),
])
def test_a_query_word_is_an_acronym_typed_in_capitals_or_with_dots(typed: str, letters: str | None) -> None:
    assert typed_acronym(typed) == letters


@pytest.mark.parametrize(("texts", "expected"), [
    (["ĐẦU TƯ"], True), (["US", "ELECTIONS"], True), (["UN WFP"], False), (["US"], False), (["US economy"], False),
    (['"HỘI NGHỊ"', "TƯ"], True),
])
def test_a_query_typed_in_capitals_throughout_with_a_word_that_is_no_acronym_is_shouted(texts: list[str],
                                                                                       expected: bool) -> None:
    assert shouted(texts) is expected


@pytest.mark.parametrize(("texts", "expected"), [(["HA NOI"], True), (["UN WFP"], False), (["UN HA"], True),
                                                  (["CO THE"], True), (["CO"], False), (["WFP", "UN"], False)])
def test_a_query_in_capitals_whose_acronyms_no_article_writes_together_is_shouted(texts: list[str],
                                                                                  expected: bool) -> None:
    # each article's acronyms: CO and THE are written, never in one article (Vietnamese có thể typed in capitals)
    articles = [{"UN", "WFP"}, {"CO"}, {"THE", "UN"}]
    assert shouted(texts, lambda letters: any(set(letters) <= written for written in articles)) is expected


def test_a_short_word_typed_in_capitals_says_it_is_searched_as_an_acronym(ix: object) -> None:
    # HUE typed for the city Huế finds only the articles writing HUE in capitals: the note says how to get the word
    assert "'US' in capitals is searched as an acronym: type 'us' for the word" in ix.search("US").notes  # type: ignore[attr-defined]
    # Turkish İ lowers to i and a combining dot in Python and JavaScript alike: the note says ila, not i̇la
    assert "'İLA' in capitals is searched as an acronym: type 'ila' for the word" in ix.search("İLA").notes  # type: ignore[attr-defined]
    assert not any("acronym" in n for n in ix.search("U.S.").notes + ix.search("NATO").notes + ix.search("us").notes)  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", ["US", "U.S.", "title:US"])
def test_a_snippet_marks_the_acronym_not_the_word_its_letters_spell(ix: object, query: str) -> None:
    [hit] = [h for h in ix.search(query).hits if h.id == "capitals"]  # type: ignore[attr-defined]
    shown = " ".join(hit.snippets)
    assert "The <mark>US</mark> economy" in shown and "told us so" in shown


def test_a_snippet_marks_the_word_typed_in_lower_case_too(ix: object) -> None:
    [hit] = [h for h in ix.search("US us").hits if h.id == "capitals"]  # type: ignore[attr-defined]
    assert "told <mark>us</mark> so" in " ".join(hit.snippets)
