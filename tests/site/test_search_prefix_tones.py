"""The search page reads a prefix typed with its tone in the new placement as the CLI does (``hoà*`` finds
``hoàn``, ``hoàng``: compile.js prefix, as compile.py): the same totals, hits in order, snippets and notes."""

from __future__ import annotations

from pathlib import Path

from search import open_index

from ..query.test_prefix_tones import ARTICLES
from .cdp import Browser
from .parity import differences, expected, in_page, open_collection, records_of

QUERIES = ["hoà*", "Hoà*", "hòa*", "hoàn*", "hoá*", "hóa*", "khoẻ*", "khỏe*", "hoà", "hoa*", "hoà* -hoàng",
           "hoà* OR khoẻ*", "title:hoà*", "HOÀ*", "thuỷ*"]


def test_a_prefix_typed_with_its_tone_finds_on_the_page_what_the_cli_finds(browser: Browser, tmp_path: Path) -> None:
    index = open_collection(browser, tmp_path, records_of(ARTICLES))
    problems: list[str] = []
    with open_index(index) as ix:
        assert set(expected(ix, "hoà*")["ids"]) == {"hoa_new", "hoa_old", "hoan", "hoang"}
        for q in QUERIES:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    assert problems == [], "\n".join(problems)
