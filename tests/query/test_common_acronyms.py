"""Acronyms whose letters are common words elsewhere in the collection, typed in capitals, are the acronyms: the
pronouns ``us`` and ``who`` in English, ``ai`` (who) and ``ít`` (few) in Vietnamese are not found by ``US WHO``,
``AI IT`` (README, Acronyms: ``US`` finds US and U.S., not the pronoun us). Guards kept from a rule tried on 12-04
and taken back (review-caps: reading such a query as words wherever more articles held both words anywhere than
wrote the acronyms found the pronouns: ``US WHO`` over 240 wire articles 24 of 24 before, 15 found and 86 other hits
with the rule; ``AI IT`` in vi-news 1 article before, 171 with it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..conftest import hit_ids, opened_articles

COMMON = {
    "en_acr0.txt": "Talks\n\nUS and WHO officials met on Monday.",
    "en_acr1.txt": "Talks\n\nThe WHO said the U.S. would pay.",
    "en_w0.txt": "News\n\nWho knows, the minister told us on Monday.",
    "en_w1.txt": "News\n\nLet us see who comes to the talks.",
    "en_w2.txt": "News\n\nThose who helped us were thanked.",
    "en_w3.txt": "News\n\nThe man who wrote to us has left.",
    "vi_acr0.txt": "Công nghệ\n\nNgành IT ứng dụng AI vào sản xuất.",
    "vi_w0.txt": "Tin\n\nKhông ai ăn ít hơn anh.",
    "vi_w1.txt": "Tin\n\nAi cũng ít nói.",
    "vi_w2.txt": "Tin\n\nÍt ai biết chuyện này.",
}


@pytest.fixture(scope="module")
def common(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with opened_articles(Path(tmp_path_factory.mktemp("common")), COMMON) as opened:
        yield opened


@pytest.mark.parametrize(("typed", "expected"), [("US WHO", {"en_acr0", "en_acr1"}), ("WHO US", {"en_acr0", "en_acr1"}),
                                                 ("AI IT", {"vi_acr0"}), ("IT AI", {"vi_acr0"}),
                                                 ("U.S. W.H.O.", {"en_acr0", "en_acr1"})])
def test_acronyms_whose_letters_are_common_words_typed_in_capitals_are_the_acronyms(common: object, typed: str,
                                                                                   expected: set[str]) -> None:
    assert hit_ids(common, typed) == expected
