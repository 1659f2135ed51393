"""The search page counts a source's spellings that differ only in case as one facet row, as the CLI does
(``facets.case_rows``): vi-news credits "Tass" twice and "TASS" once, one row "Tass" 3, which any of its
spellings finds whole."""

from __future__ import annotations

from pathlib import Path

from search import open_index

from .cdp import Browser
from .parity import differences, expected, in_page, open_collection

SOURCES = ["Tass", "Tass", "TASS", "Dân trí", "Dân trí", "Dan tri", "Daily mail", "Daily Mail", "AP"]
QUERIES = ["kinh tế", '"số 2"', "source:TASS", "source:Tass", "source:tass", 'source:"Daily mail"',
           'source:"Daily Mail"', 'source:"dan tri"', 'source:"Dan tri"', "kinh tế -source:tass", "lang:vi"]


def test_sources_that_differ_only_in_case_are_one_row_on_the_page_as_in_the_cli(browser: Browser,
                                                                                 tmp_path: Path) -> None:
    index = open_collection(browser, tmp_path, [{
        "id": f"a{n}", "title": f"Tin {n}", "body": f"Bản tin số {n} về kinh tế.", "lang": "vi", "source": s,
        "date": f"2024-01-{n + 1:02}"} for n, s in enumerate(SOURCES)])
    problems: list[str] = []
    with open_index(index) as ix:
        assert expected(ix, "kinh tế")["facets"]["source"] == [["Tass", 3], ["Daily Mail", 2], ["Dân trí", 2],
                                                                ["AP", 1], ["Dan tri", 1]]
        for q in QUERIES:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "facets", "notes"))
    assert problems == [], "\n".join(problems)
