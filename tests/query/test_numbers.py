"""A decimal or a percentage typed finds that number as the articles write it (search/lang/numbers.py): ``3,5``
and ``3.5`` find each other and not the list ``3, 5``; ``10%`` finds ``10%``, ``10 %`` and ``10 percent``, not
every 10."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.lang.numbers import number_keys, typed_number

from ..conftest import hit_ids, opened_articles

ARTICLES = {
    "vi_decimal.txt": "Kinh tế\n\nGDP tăng 3,5% trong quý, lạm phát 2,75.",
    "en_decimal.txt": "Economy\n\nGrowth was 3.5 percent, inflation 2.75.",
    "list.txt": "Nhóm\n\nChia thành nhóm 3, 5 người và 3-5 tổ.",
    "fr_percent.txt": "Chômage\n\nLe chômage baisse de 10 % en un an.",
    "vi_percent.txt": "Giá\n\nGiá điện tăng 10% từ tháng này.",
    "plain_ten.txt": "Đội\n\nĐội có 10 cầu thủ và 10 người dự bị.",
    "km_percent.txt": "សេដ្ឋកិច្ច\n\nកំណើន ១០% ក្នុងឆ្នាំ ៣,៥ ដង",
    "grouped.txt": "Dân số\n\nCó 1.000 người và 12.03.2024 là ngày họp.",
    "grouped_decimal.txt": "Ngân sách\n\nChi 1.234,5 tỷ đồng.",
}


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> object:
    with opened_articles(Path(tmp_path_factory.mktemp("numbers")), ARTICLES) as opened:
        yield opened


@pytest.mark.parametrize(("query", "expected"), [
    ("3,5", {"vi_decimal", "en_decimal", "km_percent"}),  # not the list 3, 5 nor the range 3-5
    ("3.5", {"vi_decimal", "en_decimal", "km_percent"}),
    ("៣.៥", {"vi_decimal", "en_decimal", "km_percent"}),
    ('"3,5"', {"vi_decimal", "en_decimal", "km_percent"}),
    ("3,5%", {"vi_decimal", "en_decimal"}),
    ('"3.5%"', {"vi_decimal", "en_decimal"}),
    ("2,75", {"vi_decimal", "en_decimal"}),
    ("10%", {"fr_percent", "vi_percent", "km_percent"}),  # not plain_ten
    ("10 %", {"fr_percent", "vi_percent", "km_percent"}), ('"10 %"', {"fr_percent", "vi_percent", "km_percent"}),
    ("giá 10 %", {"vi_percent"}), ("-10 % 10", {"plain_ten"}),
    ("១០%", {"fr_percent", "vi_percent", "km_percent"}),
    ("1.234,5", {"grouped_decimal"}), ("1,234.5", {"grouped_decimal"}),
    ("-10% 10", {"plain_ten"}), ("10% OR 2,75", {"fr_percent", "vi_percent", "km_percent", "vi_decimal", "en_decimal"}),
    # as before: a whole number, a grouped one, a date, a phrase around the number
    ("10", {"fr_percent", "vi_percent", "plain_ten", "km_percent"}), ("1000", {"grouped"}), ("1.000", {"grouped"}),
    ("title:3,5", set()), ("title:U.S.", set()),  # a title's words, as before (U.S. recursed without end)
    ("12.03.2024", {"grouped"}), ('"tăng 3,5"', {"vi_decimal"}),
    ("3", {"vi_decimal", "en_decimal", "list", "km_percent"}),
])
def test_a_decimal_or_a_percentage_finds_that_number_as_written(ix: object, query: str, expected: set[str]) -> None:
    assert hit_ids(ix, query) == expected


def test_the_snippet_marks_the_number_typed(ix: object) -> None:
    hit = ix.search("3,5").hits  # type: ignore[attr-defined]
    marked = {h.id: " ".join(h.snippets) for h in hit}
    assert "<mark>3,5</mark>%" in marked["vi_decimal"] and "<mark>3.5</mark> percent" in marked["en_decimal"]
    assert "<mark>៣,៥</mark>" in marked["km_percent"], marked


@pytest.mark.parametrize(("text", "keys"), [
    ("tăng 3,5% và 10 %", ["#3.5 #3.5", "#3.5% #3.5%", "#10% #10%"]),
    ("10 percent, 7 per cent", ["#10% #10%", "#7% #7%"]),
    ("1.000 người, 1,000 people, 0,500 kg, 12.03.2024, B.1.617, 10:30", []),
    ("1.234,5 và 1,234.5 và 1.000.000%", ["#1234.5 #1234.5", "#1234.5 #1234.5", "#1000000% #1000000%"]),
    ("05% và ០,៥", ["#5% #5%", "#0.5 #0.5"]),
    ("9" * 5000 + ",5", ["#" + "9" * 5000 + ".5 #" + "9" * 5000 + ".5"]),  # no int(): 4,300 digits at most
])
def test_number_keys(text: str, keys: list[str]) -> None:
    assert number_keys(text) == keys


@pytest.mark.parametrize(("typed", "key"), [
    ("3,5", "#3.5 #3.5"), ("3.5", "#3.5 #3.5"), ("10%", "#10% #10%"), ("3,5％", "#3.5% #3.5%"),
    ("10 %", "#10% #10%"), ("10\u00a0%", "#10% #10%"),
    ("10", None), ("1.000", None), ("1,000", None), ("12.03.2024", None), ("10 percent", None), ("a3,5", None),
])
def test_typed_number(typed: str, key: str | None) -> None:
    assert typed_number(typed) == key
