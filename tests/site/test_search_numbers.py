"""The search page finds a decimal or a percentage typed as the CLI does (``lang/numbers.py``): ``3,5`` finds
``3.5`` and not ``3, 5``, ``10%`` finds ``10 %`` and not every 10; the same totals, hits in order, snippets and
notes."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

from search import open_index
from search.lang.numbers import typed_number

from ..query.test_numbers import ARTICLES
from .cdp import Browser
from .parity import differences, expected, in_page, open_collection, records_of

QUERIES = ["3,5", "3.5", "៣.៥", '"3,5"', "3,5%", '"3.5%"', "2,75", "10%", "１０%", "1.234,5", "1,234.5", "-10% 10",
           "10% OR 2,75", "10", "1000", "1.000", "12.03.2024", '"tăng 3,5"', "3", "10 %", "3,5*", "title:3,5",
           "title:U.S.", "05%", '"10 %"', "giá 10 %", "10 percent", "10 % OR 3,5", "(10 %)", "0,5", "3,50"]


def found_alike(browser: Browser, tmp_path: Path, records: list[dict[str, Any]],
                queries: list[tuple[str, set[str]]], asked: list[str] | None = None) -> list[str]:
    """``records`` opened in the page; the first query finds in the CLI the articles it should (the draw is not
    empty); each query ``asked`` (all by default) gives on the page the CLI's total, ids, snippets and notes:
    the differences."""
    index = open_collection(browser, tmp_path, records)
    problems: list[str] = []
    with open_index(index) as ix:
        q, want = queries[0]
        assert set(expected(ix, q)["ids"]) == want
        for q in [q for q, _ in queries] if asked is None else asked:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    return problems


def test_a_decimal_or_a_percentage_finds_on_the_page_what_the_cli_finds(browser: Browser, tmp_path: Path) -> None:
    index = open_collection(browser, tmp_path, records_of(ARTICLES))
    problems: list[str] = []
    with open_index(index) as ix:
        assert set(expected(ix, "10%")["ids"]) == {"fr_percent", "vi_percent", "km_percent"}
        for q in QUERIES:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    assert problems == [], "\n".join(problems)


def test_the_page_reads_a_typed_number_as_numbers_py_does(browser: Browser, tmp_path: Path) -> None:
    """text.js typedNumber against lang/numbers.py typed_number over 3,000 random words of digits (ASCII, Khmer,
    full-width), separators, spaces and percent signs."""
    open_collection(browser, tmp_path, [{"id": "a", "title": "t", "body": "3,5% và 10 %", "date": "2024-01-01"}])
    rng = random.Random(5)
    typed = ["".join(rng.choice("0012359.,.,% ៣០１\u00a0％a") for _ in range(rng.randint(1, 9))) for _ in range(3000)]
    page = browser.evaluate(f"{json.dumps(typed)}.map((w) => NewsSearch.typedNumber(w))")
    cli = [typed_number(w) for w in typed]
    assert sum(k is not None for k in cli) > 100  # the draw holds numbers: the comparison says something
    assert [(w, a, b) for w, a, b in zip(typed, cli, page, strict=True) if a != b] == []


def test_a_numbers_siblings_find_on_the_page_what_the_cli_finds(browser: Browser, tmp_path: Path) -> None:
    """review-b: numbers grouped with spaces (1 234,5, typed in two or three words), 3,50 = 3,5, Arabic's ٫ and
    ٪, Turkish %10, a title's 10 Percent: the page's syntax.js and typedNumber read them as the CLI."""
    from ..query.test_numbers import SIBLINGS

    index = open_collection(browser, tmp_path, records_of(SIBLINGS))
    queries = ["3,5%", "3.50%", "234,5", "0,5", "0%", "1 234,5", '"1 234,5"', "10 000 %", "10 000%", "-10 000 %",
               "1 234 567,8", "1\u202f234\u202f567,8", "567,8", "10%", "١٠٪", "%10", "3.5", "٣٫٥", "20%", "%10%",
               "1 000", "3 10 %", "2024 100%", "10 000* %", "đội 10 %", "10% 10", "10 10%", "3,5 lần", "10% OR 3,5",
               "1234,5", "1234567,8", "10000%", "3,500%", "៣,៥"]
    problems: list[str] = []
    with open_index(index) as ix:
        assert set(expected(ix, "10%")["ids"]) == {"ar", "en_title", "tr", "vi_mixed"}
        for q in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    rng = random.Random(36)
    typed = ["".join(rng.choice("%٪1203٫٬,. \u202f\u00a0٣០") for _ in range(rng.randint(1, 11))) for _ in range(3000)]
    page = browser.evaluate(f"{json.dumps(typed)}.map((w) => NewsSearch.typedNumber(w))")
    cli = [typed_number(w) for w in typed]
    assert sum(k is not None for k in cli) > 50
    assert sum(w[:1] in "%٪" and k is not None for w, k in zip(typed, cli, strict=True)) > 5
    problems += [f"typed {w!r}: CLI {a}, page {b}" for w, a, b in zip(typed, cli, page, strict=True) if a != b]
    # where a text writes a number (the marks): snippets.py's numbers_written against text.js numbersWritten
    from search.lang.numbers import number_keys, numbers_written

    texts = ["".join(rng.choice(["1", "0", "5", "៣", "١", ",", ".", "٫", " ", "\u202f", "%", "٪", "a", " Percent",
                                 " per cent", "-", "ភាគរយ", "\u200b", " процентов", "ร้อยละ", " pct"])
                     for _ in range(rng.randint(1, 16))) for _ in range(2000)]
    keys = sorted({k for t in texts for k in number_keys(t)})
    assert len(keys) > 50
    page = browser.evaluate(
        f"{json.dumps(texts)}.map((t) => NewsSearch.numbersWritten(t, new Set({json.dumps(keys)})))")
    cli = [[list(h) for h in numbers_written(t, set(keys))] for t in texts]
    problems += [f"text {t!r}: CLI {a}, page {b}" for t, a, b in zip(texts, cli, page, strict=True) if a != b][:10]
    assert problems == [], "\n".join(problems)


def test_a_number_after_a_date_word_reads_on_the_page_as_in_the_cli(browser: Browser, tmp_path: Path) -> None:
    """numbers-2: tháng 12 100% is 100%, not 12100% (lang/numbers.py grouping_after), typed and written: the page's
    syntax.js, typedNumber, numbersWritten and joinedRuns read it as the CLI; groupingAfter against grouping_after
    over random text before a number."""
    from search.lang.numbers import grouping_after

    from ..query.test_numbers import AROUND

    index = open_collection(browser, tmp_path, records_of(AROUND))
    queries = ["100%", "12100%", "12 100 %", "tháng 12 100%", "thang 12 100%", "May 12 100 %", "200,5", "5200,5",
               "1234,5", "2888,5", '"tháng 12 100"', '"ngày 5 200,5"', "(tháng 12 100%)", "giá 12 100%"]
    problems: list[str] = []
    with open_index(index) as ix:
        assert set(expected(ix, "100%")["ids"]) == {"vi_month", "en_may", "km_day"}
        for q in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    rng = random.Random(7)
    pieces = ["tháng", "Ngày", "MAY", "dismay", "ខែ", "ទី", "ចំនួន", "A", "5", "០", ")", "(", " ", "\u00a0", "x", "é",
              "Sept.", "DEC", ".", "May.", "tanggal", "วันที่", "เจ้าหน้าที่", "ວັນທີ"]
    befores = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(2000)]
    page = browser.evaluate(f"{json.dumps(befores)}.map((b) => NewsSearch.groupingAfter(b))")
    cli = [grouping_after(b) for b in befores]
    assert 200 < sum(cli) < 1800  # both answers drawn: the comparison says something
    problems += [f"before {b!r}: CLI {a}, page {p}" for b, a, p in zip(befores, cli, page, strict=True) if a != p]
    assert problems == [], "\n".join(problems)


def test_a_range_of_percentages_reads_on_the_page_as_in_the_cli(browser: Browser, tmp_path: Path) -> None:
    """numbers-2: each end of 10-15%, 20 - 30%, 3,5-4%, 10 to 20 percent is the percentage it is: the page finds and
    marks what the CLI does (text.js numberKeysAt, rangeStart); numbersWritten against numbers_written over random
    texts of ranges."""
    from search.lang.numbers import number_keys, numbers_written

    from ..query.test_numbers import RANGES

    index = open_collection(browser, tmp_path, records_of(RANGES))
    queries = ["10%", "15%", "3,5%", "4%", "3,5", "20%", "30%", "2020%", "3%", "25%", "40%", "10 %", "-10% 15%"]
    problems: list[str] = []
    with open_index(index) as ix:
        assert set(expected(ix, "10%")["ids"]) == {"vi_range", "en_to", "vi_quarter"}
        for q in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    rng = random.Random(11)
    texts = ["".join(rng.choice(["1", "0", "5", "2", "៣", ",", ".", " ", "-", "\u2013", " - ", " đến ", " to ", "%",
                                 " percent", "/", "a", " hingga ", " до ",
                                 " ទៅ ", "\u200bទៅ\u200b", " ដល់ ", "至", "ถึง", "ភាគរយ"])
             for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    keys = sorted({k for t in texts for k in number_keys(t)})
    page = browser.evaluate(
        f"{json.dumps(texts)}.map((t) => NewsSearch.numbersWritten(t, new Set({json.dumps(keys)})))")
    cli = [[list(h) for h in numbers_written(t, set(keys))] for t in texts]
    between = r" ?[-–] ?\d| (đến|to|hingga|до|ទៅ|ដល់) \d|[\u200b ]*(ទៅ|至|ถึง)[\u200b ]*\d"
    ranged = [t for t, marks in zip(texts, cli, strict=True)
              if any(k.endswith("%") and re.match(between, t[e:]) for _, e, k in marks)]
    assert len(ranged) > 30  # the draw holds first ends of ranges, marked: the comparison says something
    problems += [f"text {t!r}: CLI {a}, page {b}" for t, a, b in zip(texts, cli, page, strict=True) if a != b][:10]
    assert problems == [], "\n".join(problems)


def test_a_time_of_day_finds_and_marks_on_the_page_what_the_cli_does(browser: Browser, tmp_path: Path) -> None:
    """numbers-2: 10h30 and 10 giờ 30 find and mark 10:30 through the time's key (lang/pieces.py time_key,
    analysis/terms.py times_written; the page's compile.js timed, text.js timesWritten); timesWritten against
    times_written over random texts."""
    from search.analysis.terms import times_written

    from ..query.test_searcher import PADDED_TIMES, TIMES

    articles = {**TIMES, **{f"p{k}": v for k, v in PADDED_TIMES.items()}}
    index = open_collection(browser, tmp_path, records_of(articles))
    queries = ["10h30", "10H30", "10:30", "10 giờ 30", '"10 giờ 30"', '"10h30"', "10 gio 30", "8h30", "08 giờ 30",
               "8:30", "10h30 OR 9h30", "-10h30 họp", "title:10h30", "10h30*", '"lúc 10h30 sáng"', "20:30"]
    problems: list[str] = []
    with open_index(index) as ix:
        assert "colon" in expected(ix, "10h30")["ids"]
        for q in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    rng = random.Random(13)
    texts = ["".join(rng.choice(["1", "0", "9", "3", "៣", ":", "h", "H", " ", " giờ ", " Gio ", "-", ".", "a"])
                     for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    cli = [[list(t) for t in times_written(x)] for x in texts]
    keys = sorted({t[2] for found in cli for t in found})
    assert len(keys) > 20  # the draw holds times: the comparison says something
    page = browser.evaluate(f"{json.dumps(texts)}.map((t) => NewsSearch.timesWritten(t, new Set({json.dumps(keys)})))")
    problems += [f"text {t!r}: CLI {a}, page {b}" for t, a, b in zip(texts, cli, page, strict=True) if a != b][:10]
    assert problems == [], "\n".join(problems)


def test_a_percentage_written_with_a_word_reads_on_the_page_as_in_the_cli(browser: Browser, tmp_path: Path) -> None:
    """numbers-3: 10% finds and marks ១០ភាគរយ, ร้อยละ 10, 10 процентов... (lang/numbers.py PERCENT_WORDS,
    PERCENT_FIRST) on the page as in the CLI (text.js numberKeysAt, from the tables); numbersWritten against
    numbers_written over random texts of numbers, percent words of every kind, glue and range words."""
    from search.lang.numbers import PERCENT_FIRST, PERCENT_WORDS, RANGE_WORDS, number_keys, numbers_written

    from ..query.test_numbers import _written_with_words

    articles, wanted = _written_with_words(38)
    articles["km_real.txt"] = ("ពន្ធ\n\nកើនឡើង\u200bជាង១១ភាគរយក្រសួង បង់ពន្ធ\u200bត្រឹម\u200b៣៥\u200bទៅ\u200b៤០\u200bភាគរយ"
                               "\u200bប៉ុណ្ណោះ ១១ នាក់ ពី ១២ \u200bទៅ ១៦ ភាគរយ")
    articles["zh_han.txt"] = "经济\n\n越南经济增长百分之七点五，出口增长百分之十五，进口增长百分之十几。"
    index = open_collection(browser, tmp_path, records_of(articles))
    queries = [*wanted, "11%", "35%", "40%", "12%", "16%", "១១ភាគរយ", '"១១ ភាគរយ"', "11 процентов", "ร้อยละ 10",
               "%11", "11", "១១", "15%", "7,5%", "7.5", "百分之十五"]
    problems: list[str] = []
    with open_index(index) as ix:
        assert set(expected(ix, "11%")["ids"]) == {"km_real"}
        assert "zh_han" in expected(ix, "15%")["ids"]
        for q in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    rng = random.Random(38)
    pieces = ["1", "0", "5", "៣", "๕", "໒", "၃", ",", ".", " ", "\u200b", " \u200b", "-", "%", "a", "នៃ", "и",
              *(f" {w}" for w in PERCENT_WORDS[:12]), *PERCENT_WORDS[-7:], *PERCENT_FIRST, " Процентов", " YÜZDE ",
              "ភាគ\u200bរយ", *(f" {w} " for w in RANGE_WORDS), *RANGE_WORDS[-5:]]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    keys = sorted({k for t in texts for k in number_keys(t)})
    page = browser.evaluate(
        f"{json.dumps(texts)}.map((t) => NewsSearch.numbersWritten(t, new Set({json.dumps(keys)})))")
    cli = [[list(h) for h in numbers_written(t, set(keys))] for t in texts]
    worded = [t for t, marks in zip(texts, cli, strict=True)
              if any(k.endswith("%") and not re.match("[ \u00a0]?[%٪％]", t[e:]) for _, e, k in marks)]
    assert len(worded) > 100  # the draw holds percentages written with words, marked: the comparison says something
    problems += [f"text {t!r}: CLI {a}, page {b}" for t, a, b in zip(texts, cli, page, strict=True) if a != b][:10]
    assert problems == [], "\n".join(problems)


def test_a_quoted_phrase_holding_a_number_reads_on_the_page_as_in_the_cli(browser: Browser, tmp_path: Path) -> None:
    """numbers-3: "tăng 10%" is the words side by side in an article writing 10% (its key, a filter: compile.js
    phrase as compile.py), not tăng 10 người; "3,5 triệu" not the list 3, 5 triệu."""
    from ..query.test_numbers import _phrases

    articles, queries = _phrases(38)
    problems = found_alike(browser, tmp_path, records_of(articles), queries,
                           [*(q for q, _ in queries), '"X 10"', '"10% OR"'])
    assert problems == [], "\n".join(problems)


def test_a_quoted_phrase_holding_a_grouped_number_reads_on_the_page_as_in_the_cli(browser: Browser,
                                                                                  tmp_path: Path) -> None:
    """review-numbers-3: "1 234,5 millions", "giá 12 100%" are filtered on the whole number's key (compile.js
    phrase with syntax.js phraseNumbers as compile.py phrase_numbers), not its last group's; tháng 12 100% on 100%."""
    from ..query.test_numbers import _grouped_phrases

    articles, queries = _grouped_phrases(39)
    index = open_collection(browser, tmp_path, records_of(articles))
    problems: list[str] = []
    with open_index(index) as ix:
        assert all(set(expected(ix, q)["ids"]) == want for q, want in queries)
        for q, _ in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    assert problems == [], "\n".join(problems)


def test_the_other_forms_of_a_percent_word_read_on_the_page_as_in_the_cli(browser: Browser, tmp_path: Path) -> None:
    """review-numbers-3: 10 proc., 10 फीसदी, 10 százalékot... are 10% on the page as in the CLI (text.js builds its
    patterns from the same PERCENT_WORDS): searched and marked, and numbersWritten over random texts of them."""
    from search.lang.numbers import number_keys, numbers_written

    from ..query.test_numbers import _SIBLING_WORDS

    rng = random.Random(21)
    articles = {f"form{n}.txt": f"Tin {n}\n\nKasvu {10 + n} {w} vuodessa, {10 + n} henkeä." for n, w in
                enumerate(_SIBLING_WORDS)}
    index = open_collection(browser, tmp_path, records_of(articles))
    problems: list[str] = []
    with open_index(index) as ix:
        assert set(expected(ix, "10%")["ids"]) == {"form0"}
        for q in [f"{10 + n}%" for n in range(len(_SIBLING_WORDS))]:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    words = [*(f" {w}" for w in _SIBLING_WORDS), *(f" {w.upper()}" for w in _SIBLING_WORDS[:8]), "", " ", "a"]
    digits = ["1", "0", "5", "४", ",", "."]
    texts = ["".join(rng.choice([*digits, " ", "a", "-", *words]) for _ in range(rng.randint(0, 3)))
             + "".join(rng.choice(digits) for _ in range(rng.randint(1, 4)))
             + rng.choice(words) + rng.choice(["", ",", "a", "5", " x", "."]) for _ in range(2000)]
    keys = sorted({k for t in texts for k in number_keys(t)})
    page = browser.evaluate(
        f"{json.dumps(texts)}.map((t) => NewsSearch.numbersWritten(t, new Set({json.dumps(keys)})))")
    cli = [[list(h) for h in numbers_written(t, set(keys))] for t in texts]
    assert sum(any(k.endswith("%") for _, _, k in marks) for marks in cli) > 300  # the draw marks worded ones
    problems += [f"text {t!r}: CLI {a}, page {b}" for t, a, b in zip(texts, cli, page, strict=True) if a != b][:10]
    assert problems == [], "\n".join(problems)


def test_a_whole_number_finds_on_the_page_only_what_writes_it_in_groups(browser: Browser, tmp_path: Path) -> None:
    """numbers-4: 12100 finds 12.100, 12 100, 12.100đ, not tháng 12 100, (024)3 791, 12, 100 (compile.js
    splitNumberKeys against compile.py split_number_keys; the keys are the index's, grouped_keys)."""
    from ..query.test_grouped_numbers import _grouped

    articles, wanted = _grouped(41)
    index = open_collection(browser, tmp_path, records_of(articles))
    queries = [*wanted, *(f'"{q} người"' for q in list(wanted)[:4]), *(f"{q}người" for q in list(wanted)[:2]),
               f"{list(wanted)[0]} OR 1000", f"title:{list(wanted)[1]}"]
    problems: list[str] = []
    with open_index(index) as ix:
        first = list(wanted)[0]
        assert set(expected(ix, first)["ids"]) == wanted[first]
        for q in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    assert problems == [], "\n".join(problems)


def test_ranges_after_a_percent_word_and_points_read_on_the_page_as_in_the_cli(browser: Browser,
                                                                              tmp_path: Path) -> None:
    """numbers-4: ร้อยละ 5 ถึง 10 (10% too) and 3%p, 0.5パーセントポイント (no percentage): text.js numberKeysAt
    (rangeEnd, the point words) as numbers.py keys_at, over the generated texts and 2,000 random ones."""
    from search.lang.numbers import number_keys, numbers_written

    from ..query.test_percent_points import point_texts, range_texts

    ranges, points = range_texts(44), point_texts(45)
    articles = {f"range{n}.txt": f"Tin {n}\n\n{t}" for n, (t, _, _) in enumerate(ranges)}
    articles |= {f"point{n}.txt": f"Tin {n}\n\n{t}." for n, (t, _) in enumerate(points)}
    index = open_collection(browser, tmp_path, records_of(articles))
    queries = sorted({f"{v}%" for _, low, high in ranges for v in (low, high)} | {f"{v}%" for _, v in points})
    problems: list[str] = []
    with open_index(index) as ix:
        assert "range0" in expected(ix, f"{ranges[0][2]}%")["ids"]
        for q in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    rng = random.Random(46)
    pieces = ["1", "5", "0", ".", ",", " ", "ร้อยละ", "ຮ້ອຍລະ", "百分之", "yüzde ", "Yüzde ", "ถึง", "ຫາ", "至", " ila ",
              "-", " - ", "%", "p", "%-Punkte", " points", "パーセント", "ポイント", "포인트", " pct", " pts", "a"]
    texts = [t for t, *_ in ranges] + [t for t, _ in points] + [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(2000)]
    keys = sorted({k for t in texts for k in number_keys(t)})
    page = browser.evaluate(
        f"{json.dumps(texts)}.map((t) => NewsSearch.numbersWritten(t, new Set({json.dumps(keys)})))")
    cli = [[list(h) for h in numbers_written(t, set(keys))] for t in texts]
    assert sum(bool(c) for c in cli) > 250  # the draw writes numbers marked: the comparison says something
    problems += [f"text {t!r}: CLI {a}, page {b}" for t, a, b in zip(texts, cli, page, strict=True) if a != b][:10]
    assert problems == [], "\n".join(problems)


def test_a_quoted_phrase_with_a_percent_sign_finds_on_the_page_the_words_the_cli_finds(browser: Browser,
                                                                                      tmp_path: Path) -> None:
    """numbers-4: "10% từ" also finds 10 phần trăm từ (text.js percentPhrases, compile.js phrase as compile.py),
    in seven of the table's languages (tests/query/test_percent_points.py has them all)."""
    from ..query.test_percent_points import percent_word_phrases

    records, queries = percent_word_phrases(47)
    langs = ("vi", "en", "km", "fr", "th", "ru", "ja")
    problems = found_alike(browser, tmp_path, [r for r in records if r["lang"] in langs], queries,
                           [q for q, want in queries if any(i.startswith(langs) for i in want)])
    assert problems == [], "\n".join(problems)


def test_an_abbreviation_after_a_percentage_reads_on_the_page_as_in_the_cli(browser: Browser,
                                                                          tmp_path: Path) -> None:
    """review-numbers-4: 5% p.a., 10% P&G, a spaced p are percentages on the page too (text.js's point pattern as
    numbers.py _POINT), over the generated texts and 2,000 random ones."""
    from search.lang.numbers import number_keys, numbers_written

    from ..query.test_percent_points import not_point_texts

    texts = not_point_texts(48)
    articles = {f"pa{n}.txt": f"Tin {n}\n\n{t}." for n, (t, _) in enumerate(texts)}
    index = open_collection(browser, tmp_path, records_of(articles))
    problems: list[str] = []
    with open_index(index) as ix:
        assert "pa0" in expected(ix, f"{texts[0][1]}%")["ids"]
        for q in sorted({f"{v}%" for _, v in texts}):
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    rng = random.Random(49)
    pieces = ["1", "5", ".", ",", " ", "%", " %", "p", " p", "P", ".a", ".", "&G", "/E", "/", "&", "-", "pt", "pts",
              " points", "a", "ポイント"]
    random_texts = [t for t, _ in texts] + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
                                            for _ in range(2000)]
    keys = sorted({k for t in random_texts for k in number_keys(t)})
    page = browser.evaluate(
        f"{json.dumps(random_texts)}.map((t) => NewsSearch.numbersWritten(t, new Set({json.dumps(keys)})))")
    cli = [[list(h) for h in numbers_written(t, set(keys))] for t in random_texts]
    assert sum(any("%" in k for *_, k in c) for c in cli) > 50  # the draw writes percentages: it says something
    problems += [f"text {t!r}: CLI {a}, page {b}" for t, a, b in zip(random_texts, cli, page, strict=True)
                 if a != b][:10]
    assert problems == [], "\n".join(problems)


def test_a_quoted_phrase_with_a_percent_word_finds_on_the_page_what_the_cli_finds(browser: Browser,
                                                                                 tmp_path: Path) -> None:
    """numbers-5: "10 phần trăm từ" also finds 10% từ, "ร้อยละ 5 ของ" 5% ของ, "១០ភាគរយនៃ" ១០%នៃ (text.js signPhrases,
    compile.js phrase as compile.py), in eight of the table's languages (tests/query/test_numbers_siblings.py has them
    all); signPhrases against numbers.py sign_phrases over 3,000 random texts."""
    from search.lang.numbers import PERCENT_FIRST, PERCENT_WORDS, sign_phrases

    from ..query.test_numbers_siblings import sign_phrase_records

    records, queries = sign_phrase_records(51)
    langs = ("vi", "en", "km", "fr", "th", "ru", "tr", "zh")
    index = open_collection(browser, tmp_path, [r for r in records if r["lang"] in langs])
    problems: list[str] = []
    chosen = [(q, want) for q, want in queries if any(i.startswith(langs) for i in want)]
    with open_index(index) as ix:
        q, want = chosen[0]
        assert set(expected(ix, q)["ids"]) == want
        for q, _ in chosen:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    rng = random.Random(57)
    pieces = ["1", "0", "5", "៣", ",", ".", " ", "\u200b", "%", "a", "នៃ", "x", " points", "ពី", *PERCENT_FIRST,
              *(f" {w}" for w in PERCENT_WORDS[:10]), *PERCENT_WORDS[-7:], " PERCENT", "YÜZDE ", " ", "-"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(3000)]
    page = browser.evaluate(f"{json.dumps(texts)}.map((t) => NewsSearch.signPhrases(t))")
    cli = [sign_phrases(t) for t in texts]
    assert sum(bool(c) for c in cli) > 500  # the draw holds percent words after and before numbers
    problems += [f"text {t!r}: CLI {a}, page {b}" for t, a, b in zip(texts, cli, page, strict=True) if a != b][:10]
    assert problems == [], "\n".join(problems)


def marked_differently(browser: Browser, texts: list[str]) -> list[str]:
    """The texts (10 at most) whose numbers the page marks (numbersWritten) other than the CLI (numbers_written),
    with every key the texts write; the draw must mark percentages in over 300 of them, or it says nothing."""
    from search.lang.numbers import number_keys, numbers_written

    keys = sorted({k for t in texts for k in number_keys(t)})
    page = browser.evaluate(
        f"{json.dumps(texts)}.map((t) => NewsSearch.numbersWritten(t, new Set({json.dumps(keys)})))")
    cli = [[list(h) for h in numbers_written(t, set(keys))] for t in texts]
    assert sum(any(k.endswith("%") for *_, k in c) for c in cli) > 300  # the draw marks percentages
    return [f"text {t!r}: CLI {a}, page {b}" for t, a, b in zip(texts, cli, page, strict=True) if a != b][:10]


def test_points_range_ends_and_grouped_decimals_read_on_the_page_as_in_the_cli(browser: Browser,
                                                                             tmp_path: Path) -> None:
    """numbers-5: %2 puan (no percentage), ร้อยละ 5 ถึง 10 ล้านคน and ถึง 2568 (5% only), 12.100,5 (no 12100),
    １２，１００円 (12100): searched and marked on the page as in the CLI (text.js pointed, rangeEnd), numbersWritten
    against numbers_written over the generated texts and 3,000 random ones."""
    from search.lang.numbers import RANGE_UNITS

    from ..query.test_numbers_siblings import decimals, range_ends

    rng = random.Random(58)
    points = [f"Faiz {p.format(v=rng.randint(1, 40), w=rng.randint(41, 60))} arttı"
              for p in ("%{v} puan", "yüzde {v} puanlık", "yüzde {v} ila {w} puan", "%{v} artış", "yüzde {v} ila {w}")]
    from ..query.test_percent_points import point_texts

    ranges = [t for t, _ in range_ends(54)]
    grouped = [t for t, _, _ in decimals(55)] + ["価格は１２，１００円です。", "数字12，100和其他", "Giá 12.100 đồng"]
    points += [f"Rates {t} today" for t, _ in point_texts(45)]
    texts = points + ranges + grouped
    index = open_collection(browser, tmp_path, records_of({f"n{n}.txt": f"Tin {n}\n\n{t}" for n, t in
                                                           enumerate(texts)}))
    values = sorted({v for t in points + ranges for v in re.findall(r"\d+", t)})
    queries = [f"{v}%" for v in values] + [w for _, w, _ in decimals(55)] + ["12100", '"12 100"']
    queries += [f'"{t}"' for t in points] + [f'"{t}"' for t in ranges[:6]]
    problems: list[str] = []
    with open_index(index) as ix:
        assert "n0" not in expected(ix, f"{re.findall(r'[0-9]+', points[0])[0]}%")["ids"]
        for q in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    pieces = ["1", "5", "0", "2", ".", ",", " ", "ร้อยละ", "ຮ້ອຍລະ", "yüzde ", "%", "ถึง", "ຫາ", " ila ", "-", " puan",
              " PUANLIK", "puan", " x", *RANGE_UNITS[:9], *(f" {u}" for u in RANGE_UNITS[-12:]), "256", "8"]
    random_texts = texts + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    problems += marked_differently(browser, random_texts)
    assert problems == [], "\n".join(problems)


def test_a_quoted_phrase_with_chinese_numerals_finds_on_the_page_what_the_cli_finds(browser: Browser,
                                                                                    tmp_path: Path) -> None:
    """review-numbers-5: "百分之五的目标" also finds 5%的目标 and 百分之5的目标 (text.js signPhrases and hanValue, as
    numbers.py sign_phrases and han_value); signPhrases against sign_phrases over 3,000 random texts of numerals."""
    from search.lang.numbers import sign_phrases

    from ..query.test_numbers_siblings import han_sign_records

    records, queries = han_sign_records(62)
    problems = found_alike(browser, tmp_path, records, queries)
    rng = random.Random(63)
    pieces = ["百分之", "百分之", *"零〇一二两兩三四五六七八九十百千点點几多", "的", "到", "5", "%", " ", "x"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(3000)]
    page = browser.evaluate(f"{json.dumps(texts)}.map((t) => NewsSearch.signPhrases(t))")
    cli = [sign_phrases(t) for t in texts]
    assert sum(bool(c) for c in cli) > 300  # the draw writes 百分之 and numerals
    problems += [f"text {t!r}: CLI {a}, page {b}" for t, a, b in zip(texts, cli, page, strict=True) if a != b][:10]
    assert problems == [], "\n".join(problems)


def test_a_range_end_before_an_inflected_unit_or_a_counter_reads_on_the_page_as_in_the_cli(browser: Browser,
                                                                                          tmp_path: Path) -> None:
    """numbers-6: yüzde 5 ila 10 milyonu, 百分之5至10天 (5% only; bina, 之间 both ends): searched and marked on the
    page as in the CLI (text.js rangeUnit with the bundle's rangeInflected), numbersWritten against numbers_written
    over the generated texts and 3,000 random ones."""

    from ..query.test_numbers_siblings import TR_GUARDS, ZH_COUNTERS, inflected_ends

    texts = [t for t, _ in inflected_ends(64)]
    index = open_collection(browser, tmp_path, records_of({f"n{n}.txt": f"Tin {n}\n\n{t}" for n, t in
                                                           enumerate(texts)}))
    values = sorted({v for t in texts for v in re.findall(r"\d+", t)})
    queries = [f"{v}%" for v in values] + [f'"{t}"' for t in texts[::40]]
    problems: list[str] = []
    with open_index(index) as ix:
        assert "n0" not in expected(ix, f"{re.findall(r'[0-9]+', texts[0])[1]}%")["ids"]
        for q in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    rng = random.Random(65)
    pieces = ["1", "5", "0", "2", " ", "yüzde ", "百分之", " ila ", "-", "到", " milyon", " yıl", "lar", "ı", "a",
              "dan", "lık", "ca", " kat", " bin", "de", " saat", "te", " x", *ZH_COUNTERS[:8],
              *(f" {g}" for g in TR_GUARDS[:6])]
    random_texts = texts + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    problems += marked_differently(browser, random_texts)
    assert problems == [], "\n".join(problems)


def test_a_quoted_percentage_with_punctuation_finds_on_the_page_what_the_cli_finds(browser: Browser,
                                                                                 tmp_path: Path) -> None:
    """numbers-6: "10%, từ", "(10%) của" also find 10 phần trăm, từ (syntax.js phraseNumbers reads the number without
    the punctuation around it, as compile.py phrase_numbers), in the six languages of the generated records."""
    from ..query.test_numbers_siblings import punctuated_records

    records, queries = punctuated_records(66)
    problems = found_alike(browser, tmp_path, records, queries)
    assert problems == [], "\n".join(problems)


def test_a_quoted_phrase_with_the_sign_finds_on_the_page_its_chinese_numerals(browser: Browser,
                                                                              tmp_path: Path) -> None:
    """numbers-6: "5%的目标", "百分之5的目标" also find 百分之五的目标 (text.js hanPhrases and hanNumerals, compile.js
    phrase, as numbers.py han_phrases and han_numerals); hanPhrases against han_phrases over 3,000 random texts."""
    from search.lang.numbers import han_phrases

    from ..query.test_numbers_siblings import han_digit_records

    records, queries = han_digit_records(67)
    problems = found_alike(browser, tmp_path, records, queries)
    rng = random.Random(68)
    pieces = ["1", "0", "5", "2", "٣", ".", ",", "%", "％", " %", " ", "的", "x", "百分之", "9999", "10000"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(3000)]
    page = browser.evaluate(f"{json.dumps(texts)}.map((t) => NewsSearch.hanPhrases(t))")
    cli = [han_phrases(t) for t in texts]
    assert sum(bool(c) for c in cli) > 300  # the draw writes Han and signed numbers
    problems += [f"text {t!r}: CLI {a}, page {b}" for t, a, b in zip(texts, cli, page, strict=True) if a != b][:10]
    assert problems == [], "\n".join(problems)


def test_a_turkish_unit_in_any_case_reads_on_the_page_as_in_the_cli(browser: Browser, tmp_path: Path) -> None:
    """numbers-7: yüzde 5 ila 10 MİLYONU, KİŞİ, YILLIK, PUANI (5% only, or none): text.js reads a unit or point word
    in every case as numbers.py (i, ı, I and İ one letter: caseless), searched and marked over every Turkish unit form
    in five casings, and numbersWritten against numbers_written over 3,000 random texts of cased pieces."""
    from ..query.test_number_cases_and_marks import CASINGS, cased_units

    texts = [t for t, _ in cased_units(73)]
    index = open_collection(browser, tmp_path, records_of({f"n{n}.txt": f"Tin {n}\n\n{t}" for n, t in
                                                           enumerate(texts[::7])}))
    values = sorted({v for t in texts[::7] for v in re.findall(r"\d+", t)})
    problems: list[str] = []
    with open_index(index) as ix:
        for q in [f"{v}%" for v in values]:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    rng = random.Random(74)
    words = ["milyonu", "yıllık", "kişi", "puanı", "puanlık", "kat", "tl", "saatte", "bin", "yüzde", "binde", "bina"]
    pieces = ["1", "5", "0", "2", " ", "%", " ila ", "-", " x", "ı", "İ", "I", "i",
              *(" " + case(w) for w in words for case in CASINGS), *(case("yüzde") + " " for case in CASINGS)]
    random_texts = texts + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    problems += marked_differently(browser, random_texts)
    assert problems == [], "\n".join(problems)


def test_a_percentage_typed_unquoted_with_punctuation_finds_on_the_page_what_the_cli_finds(browser: Browser,
                                                                                         tmp_path: Path) -> None:
    """numbers-7: 10%, %10. 10 %; ١٠٪، typed unquoted find the percentage on the page as in the CLI (compile.js and
    syntax.js NS.unpunctuated, as compile.py word and syntax.py _number_words), not every 10."""
    from ..query.test_number_cases_and_marks import unquoted_records

    records, queries = unquoted_records(71)
    problems = found_alike(browser, tmp_path, records, queries)
    assert problems == [], "\n".join(problems)


def test_a_swiss_number_and_a_mixed_chinese_range_read_on_the_page_as_in_the_cli(browser: Browser,
                                                                                 tmp_path: Path) -> None:
    """numbers-7: 12'100.5 and 12’100.5 (one number: text.js groups with the bundle's groupMarks) and 百分之5到十 (10%
    too: the index's keys) searched on the page as in the CLI; numbersWritten against numbers_written over the
    generated texts and 3,000 random ones of digits, apostrophes, quotes and percent signs."""
    from ..query.test_number_cases_and_marks import mixed_han_ranges, swiss_records

    records, queries = swiss_records(77)
    ranges = [t for t, _ in mixed_han_ranges(78)]
    records += [{"id": f"zh{n}", "title": "Tin", "body": t, "date": "2024-01-02", "lang": "zh"}
                for n, t in enumerate(ranges[::3])]
    index = open_collection(browser, tmp_path, records)
    values = sorted({v for t in ranges[::3] for v in re.findall(r"[0-9]+", t)})
    problems: list[str] = []
    with open_index(index) as ix:
        # the page finds what it should, not only what the CLI finds (12'100.5 was 100.5 in both)
        problems += [f"{q!r}: page {in_page(browser, q)['ids']}" for q, want in queries
                     if set(in_page(browser, q)["ids"]) != want]
        high = mixed_han_ranges(78)[0][1][1].split()[0][1:]  # 百分之5到十: 10%, in the page too
        assert "zh0" in in_page(browser, high)["ids"], (ranges[0], high)
        for q in [q for q, _ in queries] + [f"{v}%" for v in values]:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    rng = random.Random(79)
    pieces = ["1", "5", "0", "2", "12", "100", "'", "\u2019", "'", ".", ",", " ", "%", "s", "x", "\"", "-", "百分之",
              "到"]
    texts = [r["body"] for r in records] + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
                                            for _ in range(3000)]
    problems += marked_differently(browser, texts)
    assert problems == [], "\n".join(problems)


def test_a_range_word_in_any_case_reads_on_the_page_as_in_the_cli(browser: Browser, tmp_path: Path) -> None:
    """review-numbers-7: YÜZDE 5 ILA 10, YÜZDE 5 İLA 10, 10 TO 20 PERCENT, TỪ 10 ĐẾN 20% (both ends percentages):
    text.js reads a range word in every case as numbers.py's (?i:) (i, ı, I and İ one letter), searched over every
    cased range word's generated siblings (and the page finds what it should), and numbersWritten against
    numbers_written over 3,000 random texts of cased pieces."""
    from ..query.test_number_cases_and_marks import CASINGS, cased_ranges

    ranges = cased_ranges(81)
    texts = [t for t, _ in ranges]
    kept = ranges[::5]
    records = [{"id": f"r{n}", "title": "Tin", "body": t, "date": "2024-01-03"} for n, (t, _) in enumerate(kept)]
    index = open_collection(browser, tmp_path, records)
    values = sorted({k.split()[0][1:] for _, keys in kept for k in keys})
    problems: list[str] = []
    with open_index(index) as ix:
        for q in values:
            want = {f"r{n}" for n, (_, keys) in enumerate(kept) if f"#{q} #{q}" in keys}
            every = set(in_page(browser, q, limit=len(records))["ids"])
            if every != want:  # the page finds what it should, not only what the CLI finds
                problems.append(f"{q!r}: page {sorted(every)}, want {sorted(want)}")
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    rng = random.Random(82)
    words = ["ila", "to", "đến", "hingga", "до", "al", "à", "yüzde", "percent", "milyon"]
    pieces = ["1", "5", "0", "2", " ", "%", "-", " x", "ı", "İ", "I", "i",
              *(" " + case(w) + " " for w in words for case in CASINGS)]
    random_texts = texts + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    problems += marked_differently(browser, random_texts)
    assert problems == [], "\n".join(problems)


def test_a_number_typed_unquoted_with_a_sign_finds_on_the_page_what_the_cli_finds(browser: Browser,
                                                                                 tmp_path: Path) -> None:
    """review-numbers-7: +10%, %10+, ±3,5, 3.5− typed unquoted find the number on the page as in the CLI (syntax.js
    NS.unpunctuated with the bundle's signs, as numbers.py unpunctuated), not its digits anywhere."""
    from ..query.test_number_cases_and_marks import signed_records

    records, queries = signed_records(84)
    index = open_collection(browser, tmp_path, records)
    problems: list[str] = []
    with open_index(index) as ix:
        problems += [f"{q!r}: page {in_page(browser, q)['ids']}" for q, want in queries
                     if set(in_page(browser, q)["ids"]) != want]
        for q, _ in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    assert problems == [], "\n".join(problems)
