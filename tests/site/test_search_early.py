"""What the search page asks for as its engine starts, before the meta file has come (reader.js R.early), on
generated Vietnamese articles whose words' groups are split into spellings of their own (bundle.py
_move_spellings), several of them in files of their own: the files asked for ahead are those the query loads,
and the answers are the CLI's.

One browser for the module (tests/site/cdp.py); the export uses small thresholds, so that the groups of a
few hundred articles split as those of a large collection do.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from search import open_index
from search.site import bundle, pack

from .cdp import Browser
from .parity import differences, expected, on_screen, open_collection

# Syllables that fold alike (son: sơn, sơn, sờn, són...), so that their groups hold several spellings.
SYLLABLES = ["sơn", "sờn", "són", "son", "hà", "há", "ha", "hạ", "nội", "nói", "nơi", "nối", "việt", "viết", "viet",
             "nam", "năm", "nằm", "nắm", "lào", "lao", "láo", "tỉnh", "tinh", "tính", "thủ", "thú", "thu", "thư",
             "đà", "da", "dạ", "dã", "quốc", "quoc", "cuộc", "giá", "gia", "già", "giả"]


def _records(seed: int, n: int) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    weights = [rnd.random() ** 2 for _ in SYLLABLES]
    return [{"id": f"a{i}", "lang": "vi", "date": f"2024-0{1 + i % 9}-1{i % 10}",
             "title": " ".join(rnd.choices(SYLLABLES, weights, k=4)).capitalize(),
             "body": ". ".join(" ".join(rnd.choices(SYLLABLES, weights, k=rnd.randint(5, 12))).capitalize()
                               for _ in range(rnd.randint(3, 8))) + "."}
            for i in range(n)]


@pytest.fixture(scope="module")
def collection(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    folder = tmp_path_factory.mktemp("early")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(bundle, "SPLIT_BYTES", 200)  # groups split, their large spellings moved out
        mp.setattr(bundle, "SPELLING_BYTES", 40)
        mp.setattr(bundle, "SOLO_BYTES", 120)  # and many of those in files of their own
        index = open_collection(browser, folder, _records(7, 300))
    with open_index(index) as ix:
        yield ix, folder / "site"


def _spelled(query: str) -> set[str]:
    """The words of a query with accents (each read as spelled, as the compiler reads them then), or none."""
    words = set(re.findall(r"\w+", unicodedata.normalize("NFC", query).lower()))
    accented = any("".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))
                   .replace("đ", "d") != w for w in words)
    return words if accented else set()


@pytest.mark.parametrize("seed", [1, 2])
def test_an_accented_words_own_spelling_is_asked_for_with_its_group_and_the_answers_stay(
        browser: Browser, collection: tuple[Any, Path], seed: int) -> None:
    """In a query with accents each word reads its own spelling's entry ("~sơn", and "~trung" of Trung Quốc),
    which R.spellingsFor loads once the query is compiled; when that entry has a file of its own, R.early asks
    for it as the engine starts, with the word's group (a round sooner). Queries of 1 to 3 syllables, accented
    or not, capitalised or not: every such file the query loads was asked for before the meta file came (none on
    main), and the total and top ten are the CLI's."""
    ix, site = collection
    rnd = random.Random(seed)
    ahead = plain = problems = 0
    for _ in range(12):
        words = rnd.sample(SYLLABLES, rnd.randint(1, 3))
        query = " ".join(w.capitalize() if rnd.random() < 0.3 else w for w in words)
        shown = on_screen(browser, site, query)
        assert shown.console == []
        problems += len(differences(query, expected(ix, query), {"total": shown.total, "partial": 0,
                                                                  "ids": shown.ids}, ("total", "ids")))
        early = browser.evaluate("NewsSearch.early")
        timeline = browser.evaluate("NewsSearch.timeline")
        meta = next(arrived for name, _, arrived, _ in timeline if name == "meta")
        for w in _spelled(query):
            name = f"terms/x{pack.fnv1a('~' + w) & early['mask']:06x}"
            path = site / "search" / (name + ".js")
            if not path.exists() or "~" + w not in pack.read_script(path.read_bytes())[1]:
                continue  # the spelling is not moved, or its entry is in its shard
            asked = [a for n, a, _, _ in timeline if n == name]
            assert asked, (query, w, "its spelling's file was not loaded")
            assert asked[0] < meta, (query, w, "asked for once the meta file had come")
            ahead += 1
            plain += not _spelled(w)  # a word without accents in a query with some
    assert problems == 0
    assert ahead >= 3 and plain >= 1  # the sample has such words
