"""A number written in groups of digits (search/lang/pieces.py)."""

from __future__ import annotations

import pytest

from search.analysis import split_words
from search.lang.pieces import glued, joined_runs, number_groups, time_runs, time_spellings, word_splits


@pytest.mark.parametrize(("word", "groups"), [
    ("1000", ("1", "000")), ("1234567", ("1", "234", "567")), ("25000", ("25", "000")), ("២០២៤", ("២", "០២៤")),
    ("999", ()), ("0912345678", ()), ("12a4", ()), ("", ())])
def test_a_number_of_four_digits_or_more_is_also_its_groups_of_three(word: str, groups: tuple[str, ...]) -> None:
    assert number_groups(word) == groups


@pytest.mark.parametrize(("text", "runs"), [
    ("1.000", ["1000"]), ("1,000", ["1000"]), ("1\u00a0000", ["1000"]), ("10\u202f000\u202f000", ["10000000"]),
    ("1 000", ["1000"]), ("2.500.000 đồng", ["2500000"]), ("１,０００", ["１０００"]), ("១,០០០ នាក់", ["១០០០"]),
    ("1,000.50", ["1000"]), ("1.000,5", ["1000"]), ("1.000 và 20,000", ["1000", "20000"]),
    # not grouping: decimals, dates, versions, phone numbers, IP addresses, mixed separators
    ("3.5", []), ("3,50", []), ("0.500", []), ("12.03.2024", []), ("1.000.5", []), ("5.1.000", []),
    ("091.234.5678", []), ("0912.345.678", []), ("192.168.1.1", []), ("1,000.000", ["1000"]), ("1. 000", []),
    ("1000", []), ("1.0000", []),
    # numbers-2: with spaces, not after a date word, a glued letter or a phone number's digits (lang/numbers.py
    # grouping_after); after any other word, as before
    ("vào tháng 12 100 người", ["tháng12", "100người"]), ("the May 12 100 homes", ["May12", "100homes"]),
    ("ngày 5 200", ["ngày5"]), ("Galaxy A52 256GB", []), ("0904 130 130", []), ("tháng 12.100", ["12100"]),
    ("giá 12 100", ["12100"]), ("នាក់២ ៨៨៨ ៤៦១", ["២៨៨៨៤៦១"])])
def test_a_number_written_in_groups_of_three_digits_is_one_number(text: str, runs: list[str]) -> None:
    assert [word for _, _, word in joined_runs(text, list(split_words(text)))] == runs


@pytest.mark.parametrize(("word", "ways"), [
    ("covid19", [("covid", "19")]), ("2020s", [("2020", "s"), ("2", "020", "s"), ("2", "020s")]),
    ("1000", [("1", "000")]), ("a52", [("a", "52")]),
    ("vn30index", [("vn", "30index"), ("vn30", "index"), ("vn", "30", "index")]),
    ("21b00671", [("21", "b00671"), ("21b", "00671"), ("21", "b", "00671")]),
    ("h5n1x", []), ("covid", []), ("123", []), ("0912", []),
    # A single digit is cut off only before a word of two letters or more or after one of three or more: B1 as
    # B 1 found B.1.617 (11 of the 23 vi-news articles that B1 found), 5G 5 g of salt, CO2 "có 2"; CoV2 still
    # finds SARS-CoV-2, 8GB 8 GB.
    ("b1", []), ("a1", []), ("5g", []), ("3d", []), ("co2", []), ("g7", []), ("٥g", []),
    ("2km", [("2", "km")]), ("8gb", [("8", "gb")]), ("2m", [("2", "m")]), ("1m75", [("1m", "75"), ("1", "m", "75")]),
    ("5g", []), ("2h", []), ("4k", []),
    ("cov2", [("cov", "2")]), ("realme8", [("realme", "8")]), ("2inch", [("2", "inch")]), ("f35", [("f", "35")]),
    ("h5n1", [("h", "5n1"), ("h5", "n1")]), ("a1b", [("a", "1b"), ("a1", "b")]),
    ("iphone5s", [("iphone", "5s"), ("iphone5", "s"), ("iphone", "5", "s")]),
    # A number of four digits or more before a word: also in groups, apart or the last glued (1.000km, 4.500mAh:
    # 37 such pairs in vi-news, each typed 1000km or 4500mAh missed articles, 53 in all).
    ("1000km", [("1000", "km"), ("1", "000", "km"), ("1", "000km")]),
    ("250000đ", [("250000", "đ"), ("250", "000", "đ"), ("250", "000đ")]),
    ("0912km", [("0912", "km")]), ("năm2020", [("năm", "2020")])])
def test_a_word_of_letters_and_digits_is_also_cut_between_letters_and_digits(word: str,
                                                                             ways: list[tuple[str, ...]]) -> None:
    assert word_splits(word) == ways


@pytest.mark.parametrize(("text", "runs"), [
    ("Wi-Fi", ["WiFi"]), ("e\u2011mail", ["email"]), ("Covid-19", ["Covid19"]), ("SARS-CoV-2", ["SARSCoV2"]),
    ("a - b", []), ("a--b", []), ("a/b", []), ("1.000-2.000", ["1000", "2000"]),
    ("TP.HCM", ["TPHCM"]), ("PGS.TS.BS", ["PGSTSBS"]), ("3.5", []), ("Q.1", []), ("TP. HCM", [])])
def test_a_word_typed_with_hyphens_is_also_the_one_word(text: str, runs: list[str]) -> None:
    assert [word for _, _, word in joined_runs(text, list(split_words(text)))] == runs


@pytest.mark.parametrize(("text", "runs"), [
    ("20 km", ["20km"]), ("dài 20 km", ["20km"]), ("Covid 19", ["Covid19"]), ("20\u00a0km", ["20km"]),
    ("1.000 km", ["1000"]), ("20  km", []), ("20 km2", []), ("5 g", []), ("B 1", []), ("có 2", []),
    ("quận 10", ["quận10"]), ("2020 2021", []), ("Hà Nội", [])])
def test_a_number_and_a_word_typed_apart_are_also_the_word_glued(text: str, runs: list[str]) -> None:
    """20km is also 20 km (word_splits), so 20 km is also 20km: of 281 vi-news pairs of a number and a word, typed
    apart in quotes 74 missed articles that write them glued (166 in all); 5 g is not 5G, B 1 not B1."""
    assert [word for _, _, word in joined_runs(text, list(split_words(text)))] == runs


@pytest.mark.parametrize(("first", "second", "joined"), [
    ("20", "km", True), ("covid", "19", True), ("5", "g", False), ("b", "1", False), ("20", "km2", False),
    ("20", "20", False), ("km", "m", False), ("2", "m", True), ("2", "M", True), ("m", "2", False),
    ("2", "h", False), ("２０", "ｋｍ", True), ("năm", "2020", True)])
def test_glued_is_the_converse_of_the_split(first: str, second: str, joined: bool) -> None:
    assert glued(first, second) is joined


@pytest.mark.parametrize(("text", "runs"), [
    ("lúc 10h30 sáng", [(1, 2, (10, 30))]), ("10H30", [(0, 1, (10, 30))]), ("at 10:30 today", [(1, 3, (10, 30))]),
    ("10 giờ 30 phút", [(0, 3, (10, 30))]),
    ("10 gio 30", [(0, 3, (10, 30))]), ("10 GIO 30", [(0, 3, (10, 30))]),  # as typed without accents
    ("09h05", [(0, 1, (9, 5))]), ("24h00", [(0, 1, (24, 0))]),
    ("៣:៣០", [(0, 2, (3, 30))]), ("23h45 và 6:00", [(0, 1, (23, 45)), (2, 4, (6, 0))]),
    # not a time: an hour past 24, minutes past 59 or not of two digits, a ratio or a score, colons that go on
    ("25:30", []), ("50:50", []), ("10:60", []), ("9:5", []), ("10h5", []), ("10h300", []), ("1:10:30", []),
    ("10:30:15", []), ("10 : 30", []), ("10 giờ 5 phút", []), ("10 giờ", []), ("10h", []), ("2h", []),
    ("10-30%", []), ("10.30", [])])
def test_a_time_of_day_is_found_in_each_of_its_spellings(text: str, runs: list[tuple[int, int, tuple[int, int]]]
                                                         ) -> None:
    assert time_runs(text, list(split_words(text))) == runs


def test_a_time_of_day_is_spelled_as_the_index_holds_its_words() -> None:
    assert time_spellings(9, 5) == [("9h05",), ("09h05",), ("9", "giờ", "05"), ("09", "giờ", "05")]
    assert time_spellings(20, 30) == [("20h30",), ("20", "giờ", "30")]
    assert time_spellings(8, 30, colon=True)[-2:] == [("8", "30"), ("08", "30")]
    for hour, minute in [(0, 0), (9, 30), (24, 0)]:  # each spelling is read back as the same time
        for spelling in time_spellings(hour, minute):
            text = " ".join(spelling)
            assert time_runs(text, list(split_words(text))) == [(0, len(spelling), (hour, minute))]


def test_skipping_the_words_that_cannot_begin_a_time_finds_the_runs_trying_every_word_finds() -> None:
    # time_runs skips the words that cannot begin a time (each spelling begins with its hour's digits): the same
    # runs as trying every word, on random lines of times, near-times, numbers and words.
    import random

    from search.lang.pieces import _between, time_of

    def every_word(text: str, spans: list[tuple[str, int, int]]) -> list[tuple[int, int, tuple[int, int]]]:
        out, i = [], 0
        while i < len(spans):
            for j in (i + 3, i + 2, i + 1):
                if j > len(spans):
                    continue
                found = time_of([w for w, _, _ in spans[i:j]], [_between(text, spans, k) for k in range(i + 1, j)])
                colons = j - i == 2 and (i and _between(text, spans, i) == ":" or
                                         j < len(spans) and _between(text, spans, j) == ":")
                if found is not None and not colons:
                    out.append((i, j, found))
                    i = j - 1
                    break
            i += 1
        return out

    pieces = ["10", "9", "09", "24", "25", "30", "05", "5", "h", "giờ", "gio", "GIỜ", ":", "10h30", "9h05", "៣",
              "៣០", "１０", "lúc", "và", "at", "phút", "-", ".", "Giờ", "h30", "x10"]
    rng = random.Random(12)
    for _ in range(3000):
        text = rng.choice(["", " "]).join(rng.choice([" ", "", ": "]) + rng.choice(pieces)
                                          for _ in range(rng.randint(1, 9))).strip()
        spans = list(split_words(text))
        assert time_runs(text, spans) == every_word(text, spans), text


def test_a_time_of_day_is_looked_for_only_from_a_word_that_begins_with_a_digit() -> None:
    # time_runs skips the words that cannot begin a time: what it relies on is that time_of finds no time in words
    # whose first does not begin with a digit (of any script DIGIT_VALUES knows), checked here on random words and
    # gaps of times, near-times, numbers and words; and times are still found in lines of them.
    import random

    from search.lang.fold import DIGIT_VALUES
    from search.lang.pieces import time_of

    pieces = ["10", "9", "09", "24", "25", "30", "05", "5", "h", "giờ", "gio", "GIỜ", "10h30", "9h05", "៣", "៣០", "១០",
              "１０", "٣٠", "lúc", "và", "at", "phút", "Giờ", "h30", "H30", "x10", "h10h30", "giờ10", ""]
    gaps = [" ", ":", "", " : ", "\u00a0", "-", "."]
    rng = random.Random(12)
    found = 0
    for _ in range(20000):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 3))]
        between = [rng.choice(gaps) for _ in words[1:]]
        if time_of(words, between) is not None:
            found += 1
            assert words[0][:1] in DIGIT_VALUES, (words, between)
    assert found > 500
    for _ in range(500):
        text = " ".join(rng.choice(pieces) + rng.choice(["", ":30", " giờ 15"]) for _ in range(rng.randint(1, 9)))
        spans = list(split_words(text))
        assert all(spans[i][0][:1] in DIGIT_VALUES for i, _, _ in time_runs(text, spans)), text
