"""The search page finds an acronym typed in capitals or with dots as the CLI does (``lang/acronyms.py``): ``U.S.``
finds ``US``, ``US`` is not the pronoun ``us``, ``T.Ư`` not the ``tư`` of ``đầu tư``; the same totals, hits in
order, snippets and notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import open_index
from search.lang.fold import fold

from ..query.test_acronyms import ARTICLES
from ..query.test_shouted import ACRONYMS, APART, WORDS
from ..query.test_shouted import ARTICLES as SHOUTED
from .cdp import Browser
from .parity import differences, expected, in_page, open_collection, records_of

QUERIES = ["U.S.", "u.s.", '"U.S."', "US", "us", "UN", "U.N.", "T.Ư", "TƯ", "T.U", "tư", "PM", "NATO", "Nato",
           "US economy", "U.S. economy", '"US economy"', "US OR NATO", "-US trade", "title:US", "US*", "US~",
           "N.V.Đ.", "ONU", "İLA", "ĐẦU TƯ", "TALKS", "GIVE US", "UN WFP", "US ELECTION", "LÀO", "N.A.T.O.",
           "HA NOI", "VIET NAM", "US UN", "HA NOI OR TALKS", '"U.S. economy"', '"T.Ư Đảng"', '"TƯ Đảng"',
           '"N.A.T.O. summit"', "title:U.S.", "title:us", "CO THE", "CO", "US us", '"economy U.S."']


def test_an_acronym_typed_in_capitals_or_with_dots_finds_on_the_page_what_the_cli_finds(browser: Browser,
                                                                                         tmp_path: Path) -> None:
    index = open_collection(browser, tmp_path, records_of(ARTICLES))
    problems: list[str] = []
    with open_index(index) as ix:
        assert expected(ix, "U.S.")["ids"] != [] and "pronoun" not in expected(ix, "US")["ids"]
        # on the page itself: a phrase, a field and words in capitals, and the marks of what was matched
        for q, ids in [('"US economy"', {"dotted", "capitals"}), ('"TƯ Đảng"', {"vi_dotted", "vi_capitals2"}),
                       ("title:US", {"capitals"}), ("CO THE", {"vi_co"})]:
            assert set(in_page(browser, q)["ids"]) == ids, q
        assert "told <mark>us</mark>" not in str(in_page(browser, "US")["snippets"])
        for q in QUERIES:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    assert problems == [], "\n".join(problems)


def test_words_a_heading_writes_in_capitals_are_the_words_on_the_page_as_in_the_cli(browser: Browser,
                                                                                 tmp_path: Path) -> None:
    # compile.py written_as_acronyms: the page's compile.js sideBySide (Scorer.phrase, from pairs or positions)
    index = open_collection(browser, tmp_path, records_of(SHOUTED))
    queries = [q for capitals, _ in [*WORDS, *ACRONYMS, *APART] for q in (capitals, fold(capitals).upper())]
    problems: list[str] = []
    with open_index(index) as ix:
        assert len(expected(ix, "CONG TY")["ids"]) == 4 and len(in_page(browser, "MAN CITY")["ids"]) == 4
        for q in dict.fromkeys(queries):
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    assert problems == [], "\n".join(problems)



def test_the_page_reads_the_compilers_words_per_acronym(browser: Browser, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # compile.py WORDS_PER_ACRONYM reaches the page through engine.py constants (written twice, 3 in compile.js,
    # a change in Python left the page reading CONG TY as the words, the CLI as the acronyms)
    from search.query import compile as qc

    monkeypatch.setattr(qc, "WORDS_PER_ACRONYM", 1000)
    index = open_collection(browser, tmp_path, records_of(SHOUTED))
    problems: list[str] = []
    with open_index(index) as ix:
        assert len(expected(ix, "CONG TY")["ids"]) == 1  # the heading: the acronyms, at 1,000 words an acronym
        for q in ("CONG TY", "MAN CITY", "TP HCM"):
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids"))
    assert problems == [], "\n".join(problems)
