"""``latin_words`` (what ``spells_exactly`` reads): the words of Latin letters a text writes and those of them with a
letter outside A-Z, counted over code points for a long text; the same counts as the words ``_LATIN_WORD`` finds."""

from __future__ import annotations

import random

import pytest

from search.analysis.terms import _COUNT_MIN, _LATIN_WORD, latin_words, spells_exactly


def _found(text: str) -> tuple[int, int]:
    words = _LATIN_WORD.findall(text)
    return len(words), sum(not w.isascii() for w in words)


# letters of either kind, their edges (@ before A, [ after Z, ` before a, { after z, × and ÷ inside Latin-1, ɏ the
# class's last, ɐ after it, Ḁ..ỿ, ἀ after them), spaces, digits, Khmer, an emoji past the Basic Multilingual Plane
_ALPHABET = "aZbyéỹđƯɏ@[`{×÷ɐḀỿἀ 0-.\n\u200bកា😀\U00010000"


@pytest.mark.parametrize("text", [
    "", "ascii words only here", "Thủ tướng Phạm Minh Chính tiếp Samdech Hun Manet" * 20,
    "é" * 300, "é " * 300, "ab" * 200 + "é", "é" + "ab" * 200, "😀" * 300 + "Việt Nam", "×" * 400 + "a÷b",
    "Sơn" + "ក" * 500, "\ud800 surrogate " * 40 + "Hà Nội",
])
def test_latin_words_counts_the_words_findall_finds(text: str) -> None:
    assert latin_words(text) == _found(text)


def test_latin_words_of_random_texts_long_and_short() -> None:
    rng = random.Random(13)
    for _ in range(400):
        size = rng.choice([1, 5, _COUNT_MIN - 1, _COUNT_MIN, 300, 2000])
        text = "".join(rng.choice(_ALPHABET) for _ in range(size))
        assert latin_words(text) == _found(text), text


@pytest.mark.parametrize(("marked", "plain", "expected"), [(15, 85, True), (14, 86, False), (0, 100, False)])
def test_an_article_spells_exactly_from_a_share_of_words_with_diacritics(marked: int, plain: int,
                                                                        expected: bool) -> None:
    words = ["Việt"] * marked + ["Nam"] * plain
    random.Random(marked).shuffle(words)
    assert spells_exactly(" ".join(words), "vi") is expected
