"""The search page of an index written in several runs, where an updated article left a deleted version: the
pairs, positions and moved spellings come from live articles only, and the page gives the CLI's answers.

One browser for the module (tests/site/cdp.py); the export uses tiny thresholds, so that most words go through
pairs (``search/site/pairs.py``), pair files of their own and spellings moved out of their groups.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from search import build_index, open_index
from search.site import bundle, pairs
from search.site.export import export_search

from ..conftest import ARTICLES, SEEDS, write_articles
from .cdp import Browser
from .parity import differences, expected, in_page, on_screen

# The updated article's old words ("Hun Manet", "Laos") and its new ones ("Updated coopération"), phrases over
# both, and words of the others.
QUERIES = ['"Hun Manet"', "Hun Manet", '"updated coopération"', "updated cooperation", '"la coopération"',
           "coopération", '"Bùi Thanh Sơn"', "Bui Thanh Son", "Laos", '"the ministers"', "cooperation -Laos",
           '"kerja sama"', "ហ៊ុនម៉ាណែត", '"le ministre"', '"Thanh Son"', "Sơn", "son homologue", "Vientiane trade",
           "the"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("updated")
    folder = work / "docs"
    names = sorted(ARTICLES)
    for part in range(3):
        write_articles(folder, {n: ARTICLES[n] for n in names[part::3]})
        build_index([folder, SEEDS] if part == 2 else [folder], work / "index", procs=1)
    first = folder / names[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nUpdated coopération.\n", encoding="utf-8")
    report = build_index([folder, SEEDS], work / "index", procs=1)
    assert report.updated == 1, report
    with open_index(work / "index") as ix:
        assert not ix.reader.docs.live.all(), "the update should have left a deleted document"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pairs, "SOLO_BYTES", 40)
        mp.setattr(bundle, "SPLIT_BYTES", 8)
        mp.setattr(bundle, "SPELLING_BYTES", 2)
        export_search(work / "index", work / "site")
    return work / "index", work / "site"


@pytest.fixture(scope="module")
def ix(site: tuple[Path, Path]) -> Iterator[Any]:
    with open_index(site[0]) as opened:
        yield opened


def test_the_page_of_an_updated_index_gives_the_clis_answers(browser: Browser, site: tuple[Path, Path],
                                                              ix: Any) -> None:
    loaded = on_screen(browser, site[1], "")
    assert loaded.console == []
    problems = []
    found = 0
    for q in QUERIES:
        want = expected(ix, q)
        found += bool(want.get("total"))
        problems += differences(q, want, in_page(browser, q), ("total", "partial", "ids", "snippets", "facets",
                                                              "notes"))
    assert problems == [], "\n".join(problems)
    assert found == len(QUERIES)  # every query finds something: the comparison is not of empty answers
