"""A whole number typed (``12100``) finds the articles that write it in groups (``12.100``, ``12,100``, ``12 100``,
``១២ ១០០``), not two numbers whose pieces stand side by side: ``tháng 12 100`` (December, then 100), a phone
number's ``(024)3 791``, ``0904 130 130``, a list's ``12, 100``, a range's ``12-100``, a scale's ``12/100``, a longer
number's ``12.100.500`` (search/lang/numbers.py ``grouped_keys``, search/query/compile.py ``split_number_keys``)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from search.lang.numbers import grouped_keys

from ..conftest import hit_ids, opened_articles

KHMER_ZERO = 0x17E0


def _khmer(digits: str) -> str:
    return "".join(chr(KHMER_ZERO + int(d)) if d.isdigit() else d for d in digits)


def _arabic(digits: str) -> str:
    return "".join(chr(0x660 + int(d)) for d in digits)


# Each generated number: the ways an article writes it as one number (found), and the ways two numbers' pieces stand
# side by side (not found).
def _grouped(seed: int) -> tuple[dict[str, str], dict[str, set[str]]]:
    rng = random.Random(seed)
    articles: dict[str, str] = {}
    expected: dict[str, set[str]] = {}
    for n in range(12):
        head, tail = str(rng.randint(1, 99)), f"{rng.randint(100, 999)}"
        number = head + tail
        whole = {
            "dot": f"Giá {head}.{tail} đồng một kg.",
            "comma": f"Sales rose to {head},{tail} units.",
            "space": f"Le budget atteint {head} {tail} euros.",
            "nbsp": f"Le budget atteint {head}\u00a0{tail} euros.",
            "unit": f"Giá {head}.{tail}đ một kg.",
            "khmer": f"ភ្ញៀវចំនួន{_khmer(head)} {_khmer(tail)} នាក់",
            # review-numbers-4: Arabic's thousands separator, Swiss German's apostrophes
            "arabic": f"بلغ عدد الزوار {_arabic(head)}\u066c{_arabic(tail)} زائر.",
            "swiss": f"Der Preis betrug {head}'{tail} Franken.",
            "swiss_quote": f"Der Preis betrug {head}\u2019{tail} Franken.",
        }
        parts = {
            "month": f"Ngày 5 tháng {head} {tail} người dự họp.",
            "english_month": f"On May {head} {tail} people came.",
            "phone": f"Liên hệ (024){head} {tail} 29 05.",
            "after_number": f"Gọi 0904 {head} {tail} ngay.",
            "list": f"Chia thành nhóm {head}, {tail} người.",
            "range": f"Từ {head}-{tail} người.",
            "scale": f"Tỷ lệ {head}/{tail} bản đồ.",
            "longer": f"Dân số {head}.{tail}.{rng.randint(100, 999)} người.",
            "more_digits": f"Nhóm {head} {tail}{rng.randint(0, 9)} người.",
            "glued_letter": f"Mẫu A{head}.{tail} mới.",
        }
        for kind, text in [*whole.items(), *parts.items()]:
            articles[f"{kind}{n}.txt"] = f"Tin {n}\n\n{text}"
        expected[number] = {f"{kind}{n}" for kind in whole}
    return articles, expected


def test_a_whole_number_finds_only_the_articles_that_write_it_in_groups(tmp_path: Path) -> None:
    articles, expected = _grouped(41)
    with opened_articles(tmp_path, articles) as opened:
        found = {q: hit_ids(opened, q) for q in expected}
        assert {q: f for q, f in found.items() if f != expected[q]} == {}
        # in a quoted phrase the same: tháng 12 100 người, 12, 100 người are no "12100 người"
        phrases = [f'"{q} người"' for q in expected]
        assert {q: hit_ids(opened, q) for q in phrases} == {q: set() for q in phrases}


@pytest.mark.parametrize(("text", "keys"), [
    # numbers-5: 1 234,5 is a decimal, whose whole part is no whole number's key (numbers-4 gave it #1234)
    ("giá 12.100đ và 1.000.000 người, 1 234,5 tỷ", ["#12100 #12100", "#1000000 #1000000"]),
    ("ភ្ញៀវចំនួន២ ៨៨៨ ៤៦១នាក់", ["#2888461 #2888461"]),
    ("١٢٬١٠٠ زائر, 1'234'567 Fr., 12’100 Fr., 12'1000", ["#12100 #12100", "#1234567 #1234567", "#12100 #12100"]),
    ("tháng 12 100, May 12 100, (024)3 791 29 05, 0904 130 130, 12, 100, A5.100, 5.1.000, 12.03.2024, 12 1000", []),
])
def test_grouped_keys(text: str, keys: list[str]) -> None:
    assert grouped_keys(text) == keys
