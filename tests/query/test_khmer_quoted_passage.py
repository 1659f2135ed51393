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

from search.query.compile import best_first

from ..conftest import hit_ids, opened_articles

Z = "\u200b"

ARTICLES = {
    "km-comma.txt": " date 2024-08-01 តុលាការ\n\nចំណែកជនជាប់ ចោទឈ្មោះ សឿ សុថា, ឈ្មោះ រត្ន័ ពិន្ទ និងឈ្មោះ វណ្ណ សុខា ។",
    "km-end.txt": " date 2024-08-02 គ្រោះថ្នាក់\n\nគ្រោះថ្នាក់ដល់ជីវិតផងដែរ៕ លោកបន្ដថា៖ នៅពេលខាងមុខ តំបន់នោះ ។",
    "km-plain.txt": " date 2024-08-03 ព័ត៌មាន\n\nគាត់និយាយថា ឈ្មោះ រត្ន័ មិនមែនជាឈ្មោះពិតទេ ។",
    # Words written with zero-width spaces (as km-news writes them) around a ។, and the same words with a word
    # where the ។ was
    "km-zw.txt": f" date 2024-08-04 ព័ត៌មាន\n\nខ្ញុំ{Z}មិន{Z}ដឹង{Z}ថា{Z}ធ្វើ{Z}បាន{Z}ទេ ។ វា{Z}ពិបាក{Z}ណាស់ ។",
    "km-zw-word.txt": f" date 2024-08-05 ព័ត៌មាន\n\nគេ{Z}ធ្វើ{Z}បាន{Z}ទេ{Z}ហើយ{Z}វា{Z}ពិបាក{Z}ណាស់ ។",
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


@pytest.mark.parametrize("query", ['"បានទេ ។ វា"', '"ធ្វើបានទេ ។ វាពិបាក"', '"ដឹងថាធ្វើបានទេ ។ វាពិបាកណាស់"',
                                   '"បាន ទេ ។ វា"', '"បានទេ។វា"'])
def test_a_passage_typed_without_the_articles_zero_width_spaces_finds_it_across_its_punctuation(
        ix: Any, query: str) -> None:
    """Typed without km-zw's zero-width spaces, the dictionary cut ``បានទេ`` as one word, not the article's
    ``បាន|ទេ``, and the passage found nothing (compile.py passage_cuts: each stretch between the punctuation cut
    every way the collection's words allow, as a word typed without spaces is). The ។ stays a gap: km-zw-word,
    with ហើយ in its place, is not found."""
    assert ids(ix, query) == {"km-zw"}


def test_the_cuts_of_a_passage_are_tried_cheapest_first() -> None:
    """best_first: by the sum of the ranks chosen, then in itertools.product's order; at most the limit."""
    assert best_first([2, 3], 10) == [(0, 0), (0, 1), (1, 0), (0, 2), (1, 1), (1, 2)]
    assert best_first([3, 1, 2], 4) == [(0, 0, 0), (0, 0, 1), (1, 0, 0), (1, 0, 1)]
    assert best_first([1, 1], 5) == [(0, 0)]
