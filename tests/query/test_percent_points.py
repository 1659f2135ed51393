"""numbers-4: the last end of a range after a percent word written before the number is a percentage too (Thai
``ร้อยละ 5 ถึง 10``, Lao ``ຮ້ອຍລະ 5 ຫາ 10``, Chinese ``百分之5至10``, Turkish ``yüzde 5-10``); a percentage point is no
percentage (``3%p``, ``2 %-Punkte``, ``0,5% points``, ``0.5パーセントポイント``, ``0.5%포인트``)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from search.lang.numbers import number_keys, numbers_written

from ..conftest import hit_ids, opened_articles

# A percent word before the number, with the words for "to" of its language, glued (scripts without spaces) or not
FIRST_RANGES = [("ร้อยละ", ["ถึง", "-", " - "]), ("ຮ້ອຍລະ", ["ຫາ", "-"]), ("百分之", ["至", "到", "-"]),
                ("yüzde", ["-", " ila ", "–"]), ("Yüzde", [" - ", " ila "])]
POINTS = ["{v}%p", "{v} %p", "{v}%P", "{v} %-Punkte", "{v}% points", "{v} % Punkte", "{v} percent points",
          "{v}パーセントポイント", "{v}%포인트", "{v} pct pts", "{v}% pt", "{v} per cent point"]


def _value(rng: random.Random) -> str:
    return rng.choice([str(rng.randint(1, 60)), f"{rng.randint(0, 9)}.{rng.randint(1, 9)}"])


def range_texts(seed: int) -> list[tuple[str, str, str]]:
    """(text, low, high) of ranges after a percent word, each kind of word and range word, glued and spaced."""
    rng = random.Random(seed)
    out = []
    for first, words in FIRST_RANGES:
        glued = first.lower() != "yüzde"
        for word in words:
            for space in (["", " "] if glued else [" "]):
                low = _value(rng)
                high = str(float(low) + rng.randint(1, 30)).removesuffix(".0")
                between = word if word.strip() in "-–" or not glued else f"{space}{word}{space}"
                tail = " ของ" if first == "ร้อยละ" else " arası" if first.lower() == "yüzde" else ""
                out.append((f"X {first}{space}{low}{between}{high}{tail} Y", low, high))
    return out


def point_texts(seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [(p.format(v=(v := _value(rng))), v) for p in POINTS]


def _key(value: str) -> str:
    return f"#{value}% #{value}%"


def test_the_last_end_of_a_range_after_a_percent_word_is_a_percentage() -> None:
    texts = range_texts(44)
    wrong = [(t, number_keys(t)) for t, low, high in texts
             if not {_key(low), _key(high)} <= set(number_keys(t))
             or {k for *_, k in numbers_written(t, {_key(high)})} != {_key(high)}]
    assert wrong == []
    # no larger end, no range: ร้อยละ 5 ถึง 2 is 5% only
    assert number_keys("ร้อยละ 5 ถึง 2 คน") == [_key("5")] and number_keys("yüzde 5 ila 1 000 kişi") == [_key("5")]


def test_a_percentage_point_is_no_percentage() -> None:
    texts = point_texts(45)
    assert [(t, number_keys(t)) for t, _ in texts if any("%" in k for k in number_keys(t))] == []


def test_ranges_and_points_are_found_by_the_percentage_they_are(tmp_path: Path) -> None:
    ranges, points = range_texts(44), point_texts(45)
    articles = {f"range{n}.txt": f"Tin {n}\n\n{t}" for n, (t, _, _) in enumerate(ranges)}
    articles |= {f"point{n}.txt": f"Tin {n}\n\n{t}." for n, (t, _) in enumerate(points)}
    with opened_articles(tmp_path, articles) as opened:
        for n, (_, low, high) in enumerate(ranges):
            assert f"range{n}" in hit_ids(opened, f"{high}%") and f"range{n}" in hit_ids(opened, f"{low}%")
        found = {t: hit_ids(opened, f"{v}%") & {f"point{n}"} for n, (t, v) in enumerate(points)}
        assert {t: f for t, f in found.items() if f} == {}


def percent_word_phrases(seed: int) -> tuple[list[dict[str, str]], list[tuple[str, set[str]]]]:
    """numbers-4: articles writing a percentage with each percent word of each language (its records' language),
    then a word (glued to the number and after a space in a script without spaces, Khmer glued to the word after
    too), and an article writing the number and another word; the quoted phrase typed with the sign finds the
    first only."""
    from search.lang.numbers import PERCENT_WORDS_OF
    from search.lang.table import SEGMENTED

    rng = random.Random(seed)
    records: list[dict[str, str]] = []
    queries: list[tuple[str, set[str]]] = []
    for lang, words in PERCENT_WORDS_OF.items():
        for k, word in enumerate(words):
            v = str(rng.randint(1, 9) * 1000 + len(queries) * 3)
            glued = re.match(f"[{SEGMENTED}]", word) is not None
            forms = [f"{v}{word} zeta", f"{v} {word} zeta"] if glued else [f"{v} {word} zeta"]
            if lang == "km":
                forms += [f"{v}{word}នៃ", f"{v}\u200b{word}\u200bនៃ"]
            ids = set()
            for j, form in enumerate(forms):
                ident = f"{lang}{k}w{j}"
                records.append({"id": ident, "title": f"Tin {ident}", "body": f"Alpha {form} omega.", "lang": lang,
                                "date": "2024-01-01"})
                ids.add(ident)
            records.append({"id": f"{lang}{k}other", "title": "Tin", "body": f"Alpha {v} beta zeta, {v}%.",
                            "lang": lang, "date": "2024-01-01"})
            follow = "នៃ" if lang == "km" else "zeta"
            queries.append((f'"{v}% {follow}"', {i for i in ids if lang != "km" or i.endswith(("w2", "w3"))}
                            if lang == "km" else ids))
    return records, queries


def test_a_quoted_phrase_with_a_percent_sign_finds_it_written_with_a_word(tmp_path: Path) -> None:
    from .test_numbers_siblings import found_wrongly

    records, queries = percent_word_phrases(47)
    assert found_wrongly(tmp_path, records, queries) == {}


def test_every_percent_word_has_its_language() -> None:
    """PERCENT_WORDS_OF (the phrases' words by language) holds the words of PERCENT_WORDS, and only them."""
    from search.lang.numbers import PERCENT_WORDS, PERCENT_WORDS_OF
    from search.lang.table import get_language

    of = {w for words in PERCENT_WORDS_OF.values() for w in words}
    assert (of - set(PERCENT_WORDS), set(PERCENT_WORDS) - of) == (set(), set())
    assert [code for code in PERCENT_WORDS_OF if get_language(code).code != code] == []


# review-numbers-4: a letter or an abbreviation after a percentage that is no point word: 5% p.a. (per annum),
# 10% P&G, 10% P/E, 5 % p. a., a spaced one-letter p
NOT_POINTS = ["{v}% p.a.", "{v} % p.a.", "{v}%p.a.", "{v} % p. a.", "{v}% P&G", "{v}% P/E", "{v}% p/năm", "{v}% p",
              "{v} percent p.a.", "{v}% pts.a"]


def not_point_texts(seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [(f"Lãi suất {p.format(v=(v := _value(rng)))} cho vay", v) for p in NOT_POINTS]


def test_an_abbreviation_after_a_percentage_is_no_point(tmp_path: Path) -> None:
    texts = not_point_texts(48)
    assert [(t, number_keys(t)) for t, v in texts if _key(v) not in number_keys(t)] == []
    articles = {f"pa{n}.txt": f"Tin {n}\n\n{t}." for n, (t, _) in enumerate(texts)}
    with opened_articles(tmp_path, articles) as opened:
        assert [t for n, (t, v) in enumerate(texts) if f"pa{n}" not in hit_ids(opened, f"{v}%")] == []
