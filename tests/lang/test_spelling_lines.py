"""An article's title and body normalized apart (``normalize_lines``: the officials matcher's text, whose pieces the
words of the title and of the body then find normalized already) make the text normalized whole."""

from __future__ import annotations

import random

from search.lang import spelling
from search.lang.spelling import normalize_lines, normalize_spelling

# consonants, subscripts, every mark and sign, split vowels, deprecated letters, zero-width characters (ZWSP, ZWNJ,
# ZWJ, WJ, SHY...) that the rules remove between Khmer letters, a line break, a space, a Latin letter
_ALPHABET = ("\u1780\u1794\u179a\u178a\u17a2\u17a3\u17a4\u17a8\u17b2\u17d2\u17d2\u17d8" +
             "".join(map(chr, range(0x17b4, 0x17de))) + "\u200b\u200c\u200d\u2060\ufeff\u00ad\n\n a")


def _fresh(text: str) -> str:
    spelling._RECENT.clear()
    return normalize_spelling(text)


def test_a_khmer_text_normalized_line_apart_is_the_text_normalized_whole() -> None:
    rng = random.Random(1344)
    for _ in range(4000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.choice([3, 12, 40, 300])))
        spelling._RECENT.clear()
        assert normalize_lines(text) == _fresh(text), ascii(text)


def test_the_pieces_normalized_for_the_matcher_are_those_the_words_read() -> None:
    title = "សម្ដេច\u200bហ៊ុន\u200bម៉ាណែត"
    body = "ឲ្យ\u200b" * 200 + "កេ\u200bី"
    spelling._RECENT.clear()
    whole = normalize_lines(title + "\n" + body)
    assert whole == _fresh(title + "\n" + body)
    spelling._RECENT.clear()
    normalize_lines(title + "\n" + body)
    assert body in spelling._RECENT  # kept: the body's words take it
    assert normalize_spelling(body) == _fresh(body) == whole.partition("\n")[2]


def test_a_text_with_thai_is_normalized_whole() -> None:
    text = "น้ํา\nសម្ដេច"
    assert normalize_lines(text) == _fresh(text) == "น้ำ\nសម្តេច"
