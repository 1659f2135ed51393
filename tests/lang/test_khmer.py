"""Cases for normalize_khmer (pytest). Each variant pair must give one string, correct text must stay."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from search.lang.khmer import length_delta, normalize_khmer

Z = "\u200b"

# (input, expected output, rule): the expected strings are spelled with escapes where the order matters.
CASES = [
    # DA: COENG DA and COENG TA render alike; TA is what km-news uses 6x more often (and SIL khnormal)
    ("សម្ដេច", "សម្តេច", "DA"),
    ("ផ្ដល់", "ផ្តល់", "DA"),
    ("\u1794\u1793\u17d2\u178a", "\u1794\u1793\u17d2\u178f", "DA"),  # បន្ដ -> បន្ត
    # QOO: ឲ្យ / ឱ្យ 'give'
    ("ឲ្យ", "ឱ្យ", "QOO"),
    ("ធ្វើឲ្យ", "ធ្វើឱ្យ", "QOO"),
    # ORD: COENG RO after the other subscript
    ("ស្រ្តី", "ស្ត្រី", "ORD"),
    ("រដ្ឋមន្រ្តី", "រដ្ឋមន្ត្រី", "ORD"),
    # ORD: a vowel typed before the subscript
    ("ទិ្ធ", "ទ្ធិ", "ORD"),
    ("ថៃ្ង", "ថ្ងៃ", "ORD"),
    ("ស្រី្ត", "ស្ត្រី", "ORD"),  # vowel in the middle and COENG RO first
    # ORD: shifter after the subscripts, sign after the vowel
    ("ម៉្យាង", "ម្យ៉ាង", "ORD"),
    ("គំា", "គាំ", "ORD"),
    ("ខ្ញំុ", "ខ្ញុំ", "ORD"),
    # ORD: ATTHACAN that NFC moved between COENG and its consonant
    ("\u1780\u17d2\u17dd\u1780", "\u1780\u17d2\u1780\u17dd", "ORD"),
    # DUP
    ("មួួយ", "មួយ", "DUP"),
    ("លក់់", "លក់", "DUP"),
    ("\u1780\u17b7\u1785\u17d2\u17d2\u1785", "\u1780\u17b7\u1785\u17d2\u1785", "DUP"),  # doubled COENG
    # VOW: split vowels
    ("ធ្វេី", "ធ្វើ", "VOW"),
    ("ហេីយ", "ហើយ", "VOW"),
    ("\u1780\u17c1\u17b6", "\u1780\u17c4", "VOW"),  # E + AA -> OO
    ("\u1780\u17be\u17b6", "\u1780\u17c4\u17b8", "VOW0"),  # OE + AA looks like OO + II (stats key VOW0: same length)
    # SHU: U or the wrong shifter before an upper vowel
    ("សុី", "ស៊ី", "SHU"),
    ("អ៉ី", "អ៊ី", "SHU"),
    ("ម៊ិ", "ម៉ិ", "SHU"),
    ("មុឺន", "ម៉ឺន", "SHU"),
    ("បុិន", "ប៉ិន", "SHU"),  # BA: U -> MUUSIKATOAN
    ("សេុីប", "ស៊ើប", "SHU"),  # E + U + II typed for ស៊ើប
    # ZW: invisible characters inside a cluster
    ("ក" + Z + "្នុង", "ក្នុង", "ZW"),
    ("យេ" + Z + "ី", "យើ", "ZW"),  # then VOW
    ("អ៊\u200cឹម", "អ៊ឹម", "ZW"),
    ("ការ\u200dងារ", "ការងារ", "ZW"),
    # DEP / INH: deprecated and invisible characters
    ("\u17a3", "\u17a2", "DEP"),
    ("\u17a4\u1793", "\u17a2\u17b6\u1793", "DEP"),
    ("\u17a8", "\u17a7\u1780", "DEP"),
    ("\u17d8", "\u17d4\u179b\u17d4", "DEP"),
    ("\u1780\u17b4", "\u1780", "INH"),
]

# Correct spellings (and non-Khmer text) that must come back unchanged.
UNCHANGED = [
    "ស៊ី",  # TRIISAP on a first-series consonant before II
    "ម៉ោង",
    "ប៊ិក",  # BA + TRIISAP + I ('pen') is not ប៉ិ
    "ប៉ិន",
    "អ៊ំ",  # TRIISAP + NIKAHIT: not an upper vowel
    "ឱកាស",
    "ស្ត្រី",
    "ខ្ញុំ",
    "ការ" + Z + "ងារ",  # ZWSP between words is the publisher's word separator
    "ធម៌",  # ROBAT
    "ព័ត៌មាន",
    "ឆ្នាំ២០២០",
    "Hòa bình 2020",
    "🤦🏻\u200d♀️",  # ZWJ of an emoji sequence
    "ៗ ។ ៕",
    "",
]


@pytest.mark.parametrize("src,expected,rule", CASES)
def test_case(src: str, expected: str, rule: str) -> None:
    stats: Counter = Counter()
    out = normalize_khmer(src, stats=stats)
    assert out == expected
    assert stats[rule] > 0 or (rule == "DEP" and any(k.startswith("DEP") for k in stats))
    assert len(out) - len(src) == length_delta(stats)
    assert normalize_khmer(out) == out


@pytest.mark.parametrize("text", UNCHANGED)
def test_unchanged(text: str) -> None:
    assert normalize_khmer(text) == text


def test_pairs_collapse() -> None:
    pairs = [("សម្ដេច", "សម្តេច"), ("ឲ្យ", "ឱ្យ"), ("ស្រ្តី", "ស្ត្រី"), ("ធ្វេី", "ធ្វើ"), ("សុី", "ស៊ី"),
             ("ម៉្យាង", "ម្យ៉ាង")]
    for a, b in pairs:
        assert normalize_khmer(a) == normalize_khmer(b)


def test_only_the_named_rules_run() -> None:
    assert normalize_khmer("សម្ដេច", rules=("QOO",)) == "សម្ដេច"
    assert normalize_khmer("ស្រ្តីឲ្យ", rules=("QOO",)) == "ស្រ្តីឱ្យ"


def test_idempotent_and_nfc_stable_on_all_cases() -> None:
    for src, _, _ in CASES:
        once = normalize_khmer(src)
        assert normalize_khmer(once) == once
        assert unicodedata.normalize("NFC", once) == once
        assert normalize_khmer(unicodedata.normalize("NFC", src)) == once


def test_length_change_is_explained_on_a_mixed_text() -> None:
    src = " ".join(s for s, _, _ in CASES) + " " + " ".join(UNCHANGED)
    stats: Counter = Counter()
    out = normalize_khmer(src, stats=stats)
    assert len(out) - len(src) == length_delta(stats)


def test_word_offsets_cover_each_word_whole_where_normalizing_removes_characters() -> None:
    """A zero-width space inside a split vowel (km-news writes ``ឃេ\u200bី\u200bញ`` for ឃើញ) is removed by
    normalizing; the words after it must still map back onto their own characters, not one character early
    (the highlight of ``ឃើញ`` covered ``ឃេ\u200bី`` and cut the cluster; 39 km-news articles)."""
    import random
    import re

    from search.analysis.tokenize import split_words

    text = "ខ្ញុំ\u200bសោះ\u200bឧស្សា\u200bឃេ\u200bី\u200bញ\u200bផុស\u200bដេ\u200bី\u200bលេង"
    assert [text[s:e] for _, s, e in split_words(text)][3:] == ["ឃេ\u200bី", "ញ", "ផុស", "ដេ\u200bី", "លេង"]
    rng = random.Random(3)
    words = ["ឃើញ", "ដើរ", "លេង", "សប្បាយ", "ខ្ញុំ", "ស្ត្រី", "កម្ពុជា", "ទៅ", "មើល"]
    for _ in range(500):
        parts = []
        for _ in range(rng.randint(2, 8)):
            w = rng.choice(words).replace("ើ", rng.choice(["េ\u200bី", "ើ", "េ\u200cី"]))
            parts.append(w.replace("ុ", "ុុ") if rng.random() < 0.3 else w)
        text = rng.choice(["\u200b", " ", ""]).join(parts)
        spans = [(w, s, e) for w, s, e in split_words(text)]
        for (_, _, e1), (_, s2, _) in zip(spans, spans[1:], strict=False):
            assert e1 <= s2, text
        for w, s, e in spans:
            assert re.sub("[\u200b\u200c]", "", normalize_khmer(text[s:e])) == w, (text, w, text[s:e])


# The characters the rules read (signs, COENGs, deprecated letters, zero-width characters) and some they do not
# (Thai marks, a space, punctuation): random strings of them reach the odd corners (a COENG and its consonant with
# an invisible vowel or ATTHACAN between them, split by a syllable cut before the consonant was given back).
RANDOM_CHARS = ("\u1780\u1781\u1794\u179a\u178a\u178f\u17a2\u17a3\u17a4\u17a8\u17b1\u17b2\u17b4\u17b5\u17b6\u17b7\u17b8"
                "\u17bb\u17be\u17c1\u17c6\u17c7\u17c9\u17ca\u17cb\u17cc\u17d2\u17d2\u17d2\u17d4\u17d8\u17dd"
                "\u200b\u200b\u200c\u200d\u2060\ufeff\u00ad\u2063\u0e48\u0e49\u0e4d\u0e32 .\u00b7a")


def random_strings(seed: int, count: int) -> list[str]:
    import random

    r = random.Random(seed)
    return ["".join(r.choice(RANDOM_CHARS) for _ in range(r.randint(1, 24))) for _ in range(count)]


def assert_mapped(text: str, normalized: str, origins: list[int] | None) -> None:
    if origins is None:
        assert len(normalized) == len(text), ascii(text)
        return
    assert len(origins) == len(normalized) + 1 and origins[-1] == len(text), ascii(text)
    assert all(0 <= a <= b <= len(text) for a, b in zip(origins, origins[1:], strict=False)), ascii(text)


def test_normalize_mapped_gives_the_text_of_normalize_khmer_and_a_map_that_fits_it() -> None:
    from search.lang.khmer import normalize_mapped

    # found by a random test: COENG, INH, ZWSP, KHA (a subscript once U+17B4 is gone); COENG ATTHACAN consonant
    odd = ["\u17b8\u17d2\u17d2\u0e4d\u1781 \u1781 \u17b8\u0e49\u200b\u200b\u00b7\u17cb\u1781\u200b\u17b8\u17d2\u200b"
           "\u17b4\u1781", "\u1781\u17b8\u17d2\u17b4\u1781", "\u17c1\u17d2\u17dd\u17b1\u17b4",
           "\u1780\u17d2\u17b5\u178a\u17b4"]
    for text in odd + random_strings(11, 20_000):
        normalized, origins = normalize_mapped(text)
        assert normalized == normalize_khmer(text), ascii(text)
        assert_mapped(text, normalized, origins)


def test_no_rule_crosses_a_syllable_cut() -> None:
    """normalize_mapped maps syllable by syllable: normalizing each alone must make the text normalizing the
    whole makes (a cut before the consonant of ``\u17d2\u17b4\u1781`` left the COENG without it)."""
    from search.lang import khmer

    for text in random_strings(12, 20_000):
        starts = sorted({0, *khmer._syllable_starts(text)})
        pieces = [normalize_khmer(text[a:b]) for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
        assert "".join(pieces) == normalize_khmer(text), ascii(text)


def test_the_map_is_that_of_mapping_alone_every_syllable_with_a_zero_width_space(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A zero-width space changes a syllable's length only where ``_remove_zw`` may remove it (before a mark or
    COENG, after a COENG): mapping alone only those syllables, not every one holding the space between two words,
    gives the same map, on random strings and on every km-news article whose length normalizing changes."""
    import re

    from search.lang import khmer

    from ..conftest import shared_data

    texts = random_strings(13, 10_000)
    texts += ["".join(random_strings(15 + k, 40)) for k in range(100)]  # long: many syllables between changes
    for path in sorted(shared_data("km-news", "docs").iterdir()):
        text = path.read_text(encoding="utf-8")
        if len(normalize_khmer(text)) != len(text):
            texts.append(text)
    maps = [khmer.normalize_mapped(text) for text in texts]
    every_space = re.compile(f"[{khmer._ZW}\u200b\u17b4\u17b5\u17a4\u17a8\u17d8]|{khmer._CAND_RX.pattern}")
    monkeypatch.setattr(khmer, "_LENGTH_TRIGGERS", every_space)
    assert [khmer.normalize_mapped(text) for text in texts] == maps
