"""A Khmer passage pasted in quotes finds the article it was copied from, punctuation and all.

The articles leave an empty position for punctuation between two words of a script without spaces
(analysis/tokenize.py positioned_words: so that a phrase typed without it never runs across it); a quoted passage
that has the punctuation keeps the same gap (compile.py ``phrase_gaps``: the plan's Phrase with empty positions
before a word). Before, the phrase wanted its words side by side: ``"សុថា, ឈ្មោះ រត្ន័ ពិន្ទ និងឈ្មោះ"`` found 0
km-news articles, its own (km_311872) included. Of 200 passages drawn from km-news (seed 11: 78 sentences, 55
runs cut at word boundaries, 67 cut mid-word), 19 of the 133 cut at boundaries missed their own article quoted;
2 with the gaps kept, both credit lines (ប្រភព៖ Khmer Note) that the index cuts from the body as trailing
boilerplate, by design. The search page reads phrases of common words from pairs (site/pairs.py), which hold
pairs one position apart for these scripts (tests/site/test_search_page.py checks that it agrees).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ..conftest import hit_ids, opened_articles

ARTICLES = {
    "km-comma.txt": " date 2024-08-01 តុលាការ\n\nចំណែកជនជាប់ ចោទឈ្មោះ សឿ សុថា, ឈ្មោះ រត្ន័ ពិន្ទ និងឈ្មោះ វណ្ណ សុខា ។",
    "km-end.txt": " date 2024-08-02 គ្រោះថ្នាក់\n\nគ្រោះថ្នាក់ដល់ជីវិតផងដែរ៕ លោកបន្ដថា៖ នៅពេលខាងមុខ តំបន់នោះ ។",
    "km-plain.txt": " date 2024-08-03 ព័ត៌មាន\n\nគាត់និយាយថា ឈ្មោះ រត្ន័ មិនមែនជាឈ្មោះពិតទេ ។",
}


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with opened_articles(tmp_path_factory.mktemp("km-quoted"), ARTICLES) as opened:
        yield opened


ids = hit_ids


@pytest.mark.parametrize(("query", "own"), [
    ('"សុថា, ឈ្មោះ រត្ន័ ពិន្ទ និងឈ្មោះ"', "km-comma"),
    ('"សឿ សុថា, ឈ្មោះ"', "km-comma"),
    ('"ផងដែរ៕ លោកបន្ដថា៖ នៅពេលខាងមុខ"', "km-end"),
    ('"ដល់ជីវិតផងដែរ៕ លោក"', "km-end"),
    ('"ដល់ជីវិតផងដែរ៕លោក"', "km-end"),  # typed without the space: one "word" to is_segmented, ៕ a Khmer sign
    ("ដល់ជីវិតផងដែរ៕លោក", "km-end"),
])
def test_a_quoted_khmer_passage_with_punctuation_finds_its_own_article(ix: Any, query: str, own: str) -> None:
    assert ids(ix, query) == {own}


def test_the_punctuation_quoted_stands_where_the_article_has_it(ix: Any) -> None:
    # The gap is the article's: without the comma the words are not side by side in km-comma (as before), and
    # with it they are not km-plain's (ថា ឈ្មោះ there has no comma between them).
    assert ids(ix, '"ថា ឈ្មោះ រត្ន័"') == {"km-plain"}
    assert ids(ix, '"ថា, ឈ្មោះ រត្ន័"') == {"km-comma"}
