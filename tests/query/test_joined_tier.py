"""The tier that puts a word typed joined (``Vietnam``) before its syllables apart (``Việt Nam``) orders nothing
else: an English word that happens to parse as Vietnamese syllables (``line``, ``data``, ``given``) ranks its
articles as a word without syllables would, stems included (``query/compile.py`` ``exactness``; the page's
``compile.js`` the same, checked by ``tests/site/test_search_joined.py``)."""

from __future__ import annotations

import collections
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import search.query.compile as qc
from search.lang.vietnamese import syllable_cuts

from ..conftest import opened_articles

FILLER = " ".join(["The committee reviewed the report on the airfield and its long runway."] * 12)
ARTICLES = {
    "many_lines.txt": "Drawing\n\nThe lines of the chart: lines above, lines below, more lines.",
    "one_line.txt": "Notes\n\nA line. " + FILLER,
    "data_sets.txt": "Tables\n\nThe datasets and the data tables, data everywhere, data in rows.",
    "datum.txt": "Survey\n\nOne data point. " + FILLER,
}
CRANFIELD = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "cranfield" / "cran.all.1400"


def _without_cuts(ix: Any, query: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    with monkeypatch.context() as m:
        m.setattr(qc, "syllable_cuts", lambda _word: [])
        return [h.id for h in ix.search(query, limit=10).hits]


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with opened_articles(Path(tmp_path_factory.mktemp("tier")), ARTICLES) as opened:
        yield opened


@pytest.mark.parametrize("query", ["line", "data", "Line", "lines line"])
def test_an_english_word_that_parses_as_syllables_ranks_as_any_word(ix: Any, query: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert syllable_cuts(query.split()[-1].lower())  # the rule applies to it
    got = [h.id for h in ix.search(query, limit=10).hits]
    assert got == _without_cuts(ix, query, monkeypatch)
    assert got[0] in ("many_lines", "data_sets"), got  # the stems' many mentions first, as BM25 has it


@pytest.fixture(scope="module")
def cranfield(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, list[str]]]:
    if not CRANFIELD.exists():
        pytest.skip(f"{CRANFIELD} is absent (../shared/data): the real-data check needs it")
    text = CRANFIELD.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
    articles = {}
    for record in re.split(r"^\.I ", text, flags=re.M)[1:401]:
        number = record.split("\n", 1)[0].strip()
        title = re.search(r"^\.T\n(.*?)^\.", record, flags=re.M | re.S)
        body = re.search(r"^\.W\n(.*)", record, flags=re.M | re.S)
        if title and body and body.group(1).strip():
            articles[f"cran-{number}.txt"] = " ".join(title.group(1).split()) + "\n\n" + body.group(1).strip()
    words = collections.Counter(w.lower() for a in articles.values() for w in re.findall(r"[A-Za-z]{4,}", a))
    joined = [w for w, _ in words.most_common(1500) if syllable_cuts(w)][:80]
    with opened_articles(Path(tmp_path_factory.mktemp("cran-tier")), articles) as opened:
        yield opened, joined


def test_cranfield_words_that_parse_as_syllables_rank_as_without_the_rule(
        cranfield: tuple[Any, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, 127 of the 261 such words among the 3,000 commonest of the whole collection changed their top ten
    (the tier was the word alone, without its stems)."""
    ix, words = cranfield
    assert len(words) >= 40, words
    changed = [w for w in words if [h.id for h in ix.search(w, limit=10).hits] != _without_cuts(ix, w, monkeypatch)]
    assert changed == []


@pytest.fixture(scope="module")
def joined(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from .test_joined import ARTICLES as JOINED

    with opened_articles(Path(tmp_path_factory.mktemp("joined-tier")), JOINED) as opened:
        yield opened


@pytest.mark.parametrize(("query", "cut"), [
    ("hanoi", True), ("hanoi OR mua", True), ("hanoi OR flooding", False), ("what about hanoi OR flooding", False),
    ("Hanoi OR flooding", True), ("hanoi OR Flooding", False), ("ha noi OR hanoi", True)])
def test_a_word_typed_joined_in_lower_case_is_cut_only_in_a_query_read_as_vietnamese(joined: Any, query: str,
                                                                                    cut: bool) -> None:
    """``hanoi`` alone or among Vietnamese syllables is also ``Hà Nội``; in a query whose other words are no
    Vietnamese (an English question) a lower-case word is not cut: its syllables' groups were loaded for nothing.
    With a capital (a name) it is cut in any query."""
    found = {h.id for h in joined.search(query, limit=20).hits}
    assert ("vi_apart" in found) is cut, found
