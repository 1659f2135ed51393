"""Numbers in capitals, with punctuation, Swiss marks and mixed Chinese numerals, each with generated siblings.

1. A Turkish unit word after a range's last end is one in every case (``MİLYONU``, ``Milyonu``, ``YILLIK``, ``KİŞİ``):
   Python's ``(?i)`` takes i, ı, I and İ for one another, the page's ``iu`` flags did not (text.js ``caseless``);
   the CLI's side here, the page's in tests/site/test_search_numbers.py.
2. A percentage typed unquoted with punctuation after (or before) it (``10%,``, ``%10.``, ``10 %;``) is the
   percentage, not every 10: ``numbers.unpunctuated`` in compile.py ``word`` and syntax.py ``_number_words``.
3. A Swiss number (``12'100.5``, ``12’100.5``, ``1'234'567.89``): one number, not its last group's decimal.
4. A Chinese range of mixed numerals (``百分之5到十``): a percentage at both ends, as ``百分之五到十``.
"""

from __future__ import annotations

import random
from pathlib import Path

from search.lang.numbers import PERCENT_WORDS_OF, number_keys

from .test_numbers_siblings import _SEGMENTED, PUNCT_AFTER, PUNCT_BEFORE, found_wrongly

_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def unquoted_records(seed: int) -> tuple[list[dict[str, str]], list[tuple[str, set[str]]]]:
    """Per language (each of its percent words in turn) and punctuation mark: an article writing the number and the
    sign, one the number and the word, one the number alone (and another percentage); the number typed unquoted with
    the mark after or before it, in each way a percentage is typed (``10%``, ``10 %``, ``%10``, ``10％``, ``١٠٪``),
    finds the first two."""
    rng = random.Random(seed)
    records: list[dict[str, str]] = []
    queries: list[tuple[str, set[str]]] = []
    marks = [(m, "") for m in PUNCT_AFTER] + [("", m) for m in PUNCT_BEFORE]
    typings = ["{v}%", "{v} %", "%{v}", "{f}％", "{a}٪"]
    n = 0
    for lang, words in PERCENT_WORDS_OF.items():
        for word in words:
            n += 1
            after, before = marks[rng.randrange(len(marks))]
            v = str(rng.randint(1, 9) * 1000 + n)
            spaced = "" if _SEGMENTED.match(word) else " "
            ident = f"{lang}{n}"
            records += [{"id": f"{ident}sign", "body": f"Alpha {v}% omega.", "lang": lang},
                        {"id": f"{ident}word", "body": f"Alpha {v}{spaced}{word} omega.", "lang": lang},
                        {"id": f"{ident}none", "body": f"Alpha {v} omega, {v}0%.", "lang": lang}]
            typed = rng.choice(typings).format(v=v, f=v.translate(_FULL), a=v.translate(_ARABIC))
            queries.append((f"{before}{typed}{after}", {f"{ident}sign", f"{ident}word"}))
    for r in records:
        r |= {"title": "Tin", "date": "2024-01-01"}
    return records, queries


def test_a_percentage_typed_unquoted_with_punctuation_is_the_percentage(tmp_path: Path) -> None:
    records, queries = unquoted_records(71)
    assert len(queries) > 80
    assert found_wrongly(tmp_path, records, queries) == {}


def tr_upper(text: str) -> str:
    """Turkish capitals: i is İ, ı is I."""
    return text.replace("i", "İ").replace("ı", "I").upper()


def tr_title(text: str) -> str:
    return tr_upper(text[:1]) + text[1:]


# Each way a Turkish word is cased: Turkish capitals (MİLYONU), English-style ones (MILYONU: str.upper), a title's
# (Milyonu, İki), the word as written
CASINGS = (tr_upper, str.upper, tr_title, str.title, str)


def cased_units(seed: int) -> list[tuple[str, list[str]]]:
    """(text, keys) of ranges after yüzde whose last end every Turkish unit form (``turkish_forms`` of each of
    ``TURKISH_UNITS``, ``RANGE_UNITS``' Turkish words) follows in each casing (the first end's key only), and of
    percentage points written with each Turkish point word so cased (no key)."""
    from search.lang.numbers import POINT_WORDS, TURKISH_UNITS, turkish_forms

    rng = random.Random(seed)
    out = []
    forms = [f for s in TURKISH_UNITS for f in turkish_forms(s)] + ["tl", "kez", "defa"]
    for form in forms:
        for case in CASINGS:
            low, high = rng.randint(1, 20), rng.randint(21, 90)
            first = case("yüzde")
            between = rng.choice([" ila ", "-"])
            out.append((f"Faiz {first} {low}{between}{high} {case(form)} arttı", [f"#{low}% #{low}%"]))
    for word in POINT_WORDS:
        if word.startswith("pua"):
            for case in CASINGS:
                v = rng.randint(1, 40)
                out.append((f"Faiz {rng.choice(['%', case('yüzde') + ' '])}{v} {case(word)} arttı", []))
    return out


def test_a_turkish_unit_or_point_word_is_one_in_every_case() -> None:
    texts = cased_units(72)
    assert len(texts) > 1000
    assert [(t, number_keys(t), k) for t, k in texts if number_keys(t) != k][:10] == []


def mixed_han_ranges(seed: int) -> list[tuple[str, list[str]]]:
    """(text, keys) of ranges after 百分之 whose first end is in digits (ASCII, full-width, decimal) and last in
    Chinese numerals (each of ``han_numerals``' ways), each range word and dash: both ends percentages; their
    siblings with a magnitude or a count after the last end, an ``-odd`` (几, 多) or a smaller last end: the first's."""
    from search.lang.numbers import RANGE_UNITS, han_numerals

    rng = random.Random(seed)
    out = []
    counters = [u for u in RANGE_UNITS if all("\u4e00" <= c <= "\u9fff" for c in u)]
    for word in ("至", "到", "-", "–"):
        for _ in range(6):
            low = rng.randint(1, 40)
            high = low + rng.randint(1, 50)
            first = rng.choice([str(low), str(low).translate(_FULL)])
            for numerals in han_numerals(str(high)):
                follow = rng.choice(["。", "左右", "的", "，", "之间", ""])
                out.append((f"增长百分之{first}{word}{numerals}{follow}", [f"#{low}% #{low}%", f"#{high}% #{high}%"]))
            half = f"{high}.5"
            out.append((f"增长百分之{low}.5{word}{han_numerals(half)[rng.randrange(2)]}",
                        [f"#{low}.5 #{low}.5", f"#{low}.5% #{low}.5%", f"#{half} #{half}", f"#{half}% #{half}%"]))
            out.append((f"增长百分之{first}{word}{han_numerals(str(high))[0]}{rng.choice(counters)}",
                        [f"#{low}% #{low}%"]))
            out.append((f"增长百分之{first}{word}{han_numerals(str(high))[0]}{rng.choice('几多')}",
                        [f"#{low}% #{low}%"]))
            out.append((f"增长百分之{high}{word}{han_numerals(str(low))[0]}", [f"#{high}% #{high}%"]))
    return out


def test_a_chinese_range_in_digits_then_numerals_is_a_percentage_at_both_ends() -> None:
    texts = mixed_han_ranges(75)
    assert len(texts) > 100
    assert [(t, number_keys(t), k) for t, k in texts if number_keys(t) != k][:10] == []


SWISS_MARKS = ("'", "\u2019")  # the apostrophe and the right single quote


def swiss_records(seed: int) -> tuple[list[dict[str, str]], list[tuple[str, set[str]]]]:
    """Per value: an article writing it with Swiss thousands separators (12'100.5, 1’234’567.75, a percentage too),
    one in French grouping (12 100,5), one writing only its last group's decimal (100.5) and one a quote or a minute
    mark after a number ('12' 100.5, 12' 100.5); the value typed (12100.5, 12'100.5, 12’100.5) finds the first two."""
    rng = random.Random(seed)
    records: list[dict[str, str]] = []
    queries: list[tuple[str, set[str]]] = []
    for n in range(40):
        groups = [str(rng.randint(1, 999))] + [f"{rng.randint(0, 999):03}" for _ in range(rng.randint(1, 3))]
        fraction = str(rng.randint(1, 9)) + rng.choice(["", "5"])  # not three digits: 1.000 is ambiguous
        mark = SWISS_MARKS[n % 2]
        sign = rng.choice(["", "%", " %"])
        swiss = mark.join(groups) + "." + fraction + sign
        french = " ".join(groups) + "," + fraction + sign
        tail = groups[-1] + "." + fraction + sign
        value = "".join(groups).lstrip("0") + "." + fraction
        records += [{"id": f"s{n}swiss", "body": f"Le prix {swiss} francs."},
                    {"id": f"s{n}french", "body": f"Le prix {french} francs."},
                    {"id": f"s{n}tail", "body": f"Le prix {tail} francs."},
                    {"id": f"s{n}quote", "body": f"Le prix '{groups[0]}' {tail}, {groups[0]}{mark} {tail}."}]
        want = {f"s{n}swiss", f"s{n}french"}
        typed = rng.choice([value, mark.join(groups) + "." + fraction, SWISS_MARKS[1 - n % 2].join(groups) + "." +
                            fraction])
        queries.append((typed + sign.strip(), want))
    for r in records:
        r |= {"title": "Tin", "date": "2024-01-01", "lang": "fr"}
    return records, queries


def test_a_swiss_number_is_one_number(tmp_path: Path) -> None:
    records, queries = swiss_records(76)
    assert found_wrongly(tmp_path, records, queries) == {}
    # a quote, a minute mark or a possessive after a number is no grouping
    for text in ("'10' 100.5", "the 90's 100.5", "2020's 100.5", "46' 100.5", "5'10\" 100.5", "‘12’ 100.5"):
        assert number_keys(text) == ["#100.5 #100.5"], text


# review-numbers-7: each range word of a cased script, with the words of a sentence around it that writes a range of
# percentages (the first end's percentage is the range's): {w} the range word, {p} the percent word or sign
RANGE_SENTENCES = {
    "đến": "tăng từ {low} {w} {high}{p}", "tới": "giảm {low} {w} {high}{p}", "to": "rose {low} {w} {high}{p}",
    "à": "de {low} {w} {high}{p}", "hingga": "naik {low} {w} {high}{p}", "sampai": "turun {low} {w} {high}{p}",
    "al": "del {low} {w} {high}{p}", "до": "от {low} {w} {high}{p}", "ila": "artış {low} {w} {high}{p}",
}
RANGE_SIGNS = {"đến": ["%"], "tới": ["%", " phần trăm"], "to": ["%", " percent", " per cent"], "à": [" %", "%"],
               "hingga": [" persen", "%"], "sampai": [" persen"], "al": [" %", " por ciento"],
               "до": ["%", " процентов"], "ila": ["%"]}


def cased_ranges(seed: int) -> list[tuple[str, set[str]]]:
    """(text, keys) of ranges of percentages whose range word (each of ``RANGE_WORDS`` of a cased script) is written
    in each casing, the sentence's other words in it too or not (TỪ 10 ĐẾN 20%, 10 TO 20 PERCENT, YÜZDE 5 ILA 10,
    YÜZDE 5 İLA 10, Yüzde 5 Ila 10): a percentage at both ends; their siblings with a first end larger than the last
    (the last end's only) or, after yüzde, a magnitude after the last end (the first end's only)."""
    from search.lang.numbers import RANGE_WORDS

    rng = random.Random(seed)
    out = []
    cased = [w for w in RANGE_WORDS if w != w.upper()]
    assert set(cased) == set(RANGE_SENTENCES)
    for word in cased:
        for case in CASINGS:
            for whole in (False, True):
                for _ in range(3):
                    low, high = rng.randint(1, 40), rng.randint(41, 90)
                    sign = rng.choice(RANGE_SIGNS[word])
                    text = RANGE_SENTENCES[word].format(low=low, w=case(word), high=high, p=sign)
                    text = case(text) if whole else text
                    out.append((text, {f"#{low}% #{low}%", f"#{high}% #{high}%"}))
                    text = RANGE_SENTENCES[word].format(low=high, w=case(word), high=low, p=sign)
                    out.append((case(text) if whole else text, {f"#{low}% #{low}%"}))
                    if word == "ila":
                        first = case("yüzde") if whole else "yüzde"
                        out.append((f"Faiz {first} {low} {case(word)} {high} arttı", {f"#{low}% #{low}%",
                                                                                   f"#{high}% #{high}%"}))
                        out.append((f"Faiz {first} {low} {case(word)} {high} {case('milyon')}", {f"#{low}% #{low}%"}))
    return out


def test_a_range_word_is_one_in_every_case() -> None:
    texts = cased_ranges(80)
    assert len(texts) > 500
    assert [(t, number_keys(t), k) for t, k in texts if set(number_keys(t)) != k][:10] == []


def signed_records(seed: int) -> tuple[list[dict[str, str]], list[tuple[str, set[str]]]]:
    """Per value: an article writing it with a sign (+10%, −3,5, ±0,5%), one without, one writing its digits
    otherwise (10 and 100%, 3 và 5); the value typed unquoted with each sign of ``NUMBER_SIGNS`` before or after it,
    in each way a percentage or a decimal is typed (+10%, %10+, −10 %, ±3,5, 3.5+), finds the first two."""
    from search.lang.numbers import NUMBER_SIGNS

    rng = random.Random(seed)
    records: list[dict[str, str]] = []
    queries: list[tuple[str, set[str]]] = []
    typings = ["{v}%", "%{v}", "{f}％", "{a}٪", "{d}", "{d}%", "{e}"]
    for n in range(60):
        sign = NUMBER_SIGNS[n % len(NUMBER_SIGNS)]
        whole, part = rng.randint(1, 99) * 10 + n % 10, rng.randint(1, 9)
        v, d, e = str(whole), f"{whole},{part}", f"{whole}.{part}"
        typing = typings[n % len(typings)]
        percent = "%" in typing or "٪" in typing or "％" in typing
        written = (d if "{d}" in typing or "{e}" in typing else v) + ("%" if percent else "")
        records += [{"id": f"g{n}signed", "body": f"Alpha {sign}{written} omega."},
                    {"id": f"g{n}plain", "body": f"Alpha {written} omega."},
                    {"id": f"g{n}other", "body": f"Alpha {whole} và {part}, {whole}0%, {whole}{part} omega."}]
        typed = typing.format(v=v, d=d, e=e, f=v.translate(_FULL), a=v.translate(_ARABIC))
        before = rng.random() < 0.7 and sign != "\u2212"  # a minus before a word is the query's NOT, as "-"
        queries.append((f"{sign}{typed}" if before else f"{typed}{sign}", {f"g{n}signed", f"g{n}plain"}))
    for r in records:
        r |= {"title": "Tin", "date": "2024-01-01", "lang": "vi"}
    return records, queries


def test_a_number_typed_unquoted_with_a_sign_is_the_number(tmp_path: Path) -> None:
    records, queries = signed_records(83)
    assert found_wrongly(tmp_path, records, queries) == {}
