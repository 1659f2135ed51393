"""Cases for normalize_vi_tones / normalize_vi_text (pytest). Canonical placement: old (hòa, thủy)."""

from __future__ import annotations

import unicodedata

import pytest

from search.lang.vietnamese import CANONICAL, normalize_vi_text, normalize_vi_tones, tone_placement


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


CASES = [
    # new placement -> old (the one vi-news uses)
    ("hoà", "hòa"), ("hoá", "hóa"), ("hoả", "hỏa"), ("hoạ", "họa"), ("xoã", "xõa"),
    ("khoẻ", "khỏe"), ("loé", "lóe"), ("hoè", "hòe"),
    ("thuỷ", "thủy"), ("tuỳ", "tùy"), ("uỷ", "ủy"), ("luỹ", "lũy"), ("thuỵ", "thụy"),
    # case kept
    ("Hoà", "Hòa"), ("HOÀ", "HÒA"), ("THUỶ", "THỦY"), ("Khoẻ", "Khỏe"), ("hOà", "hÒa"),
    # NFD input, deprecated U+0340 tone mark, output NFC
    (nfd("hoà"), "hòa"), (nfd("Thuý"), "Thúy"), ("hoa\u0340", "hòa"), ("ho\u0341a", "hóa"),
    # old placement stays
    ("hòa", "hòa"), ("thủy", "thủy"), ("khỏe", "khỏe"), (nfd("hòa"), "hòa"),
    # not ambiguous: qu + y / qu + a, gi, final consonant, triphthongs, no tone
    ("quý", "quý"), ("quá", "quá"), ("Quỳnh", "Quỳnh"), ("giữa", "giữa"), ("già", "già"),
    ("hoàn", "hoàn"), ("toán", "toán"), ("khoét", "khoét"), ("huỳnh", "huỳnh"), ("thuyết", "thuyết"),
    ("ngoài", "ngoài"), ("khuỷu", "khuỷu"), ("xoáy", "xoáy"), ("thuở", "thuở"), ("người", "người"),
    ("của", "của"), ("mùa", "mùa"), ("hoa", "hoa"), ("uy", "uy"), ("tuy", "tuy"),
    # a closed syllable marked on its first vowel: both styles put the tone on the second one
    ("hòan", "hoàn"), ("túyp", "tuýp"),
    # marks NFC cannot compose: tone typed before the circumflex / horn, a doubled tone mark
    ("e\u0300\u0302", "ề"), ("Vie\u0302\u0323t", "Việt"), ("o\u0301\u031b", "ớ"), ("ha\u0300\u0300", "hà"),
    ("hoa\u0300\u0300", "hòa"),
    # syllables typed together, a foreign word: the last syllable is placed (vi-news writes from "từkhóa" to
    # "MáuvàTủy"; 5 of 92 words with an open oa/oe/uy were not found in the other placement)
    ("từkhoá", "từkhóa"), ("QuốcNguỵ", "QuốcNgụy"), ("MáuvàTuỷ", "MáuvàTủy"), ("đồtuỳ", "đồtùy"),
    ("Chloé", "Chlóe"), ("ChLOÉ", "ChLÓE"), ("từkhóa", "từkhóa"), ("hòaBình", "hòaBình"),
    # not Vietnamese syllables: untouched
    ("Đắk", "Đắk"), ("café", "café"), ("2020", "2020"), ("", ""),
]


@pytest.mark.parametrize("src,expected", CASES)
def test_normalize_vi_tones(src: str, expected: str) -> None:
    out = normalize_vi_tones(src)
    assert out == expected
    assert unicodedata.is_normalized("NFC", out)
    assert normalize_vi_tones(out) == out


def test_canonical_is_old() -> None:
    assert CANONICAL == "old"
    assert normalize_vi_tones("hòa", "new") == "hoà"
    assert normalize_vi_tones("hoà", "new") == "hoà"
    assert normalize_vi_tones("từkhóa", "new") == "từkhoá"


@pytest.mark.parametrize("word,place", [("hòa", "old"), ("hoà", "new"), ("thủy", "old"), ("thuỷ", "new"),
                                        ("quý", None), ("hoàn", None), ("hòan", "misplaced"), ("hoa", None)])
def test_tone_placement(word: str, place: str | None) -> None:
    assert tone_placement(word) == place


def test_both_placements_meet() -> None:
    for a, b in [("hoà", "hòa"), ("khoẻ", "khỏe"), ("thuỷ", "thủy"), ("Uỷ", "Ủy")]:
        assert normalize_vi_tones(a) == normalize_vi_tones(b)
        assert normalize_vi_tones(a, "new") == normalize_vi_tones(b, "new")


def test_text() -> None:
    src = "Hoà bình và sức khoẻ của Thuý ở \u00d0à Nẵng, \u00d0BSCL; l\u00adượng " + nfd("Việt Nam") + " quý, hoàn."
    out = normalize_vi_text(src)
    assert out == "Hòa bình và sức khỏe của Thúy ở Đà Nẵng, ĐBSCL; lượng Việt Nam quý, hoàn."
    assert normalize_vi_text(out) == out
    assert normalize_vi_text("Sigurður") == "Sigurður"  # lower-case eth is not Đ
    assert normalize_vi_text("Nghie\u0300\u0302m, ve\u0300\u0302") == "Nghiềm, về"


def test_a_run_of_syllables_is_a_cut_as_syllable_cuts_lists_them() -> None:
    """``name_keys`` asks whether a run of two or three capitalised syllables is one of the cuts ``syllable_cuts``
    makes of them joined (``_is_cut``), told without listing the cuts: the same answer as the list, for runs of every
    syllable shape side by side (those that join into one syllable, ``ho`` + ``a``; three whose letters also make
    two, ``ha`` + ``no`` + ``in``), and for runs no name makes (one letter, four syllables)."""
    import itertools
    import random

    from search.lang.vietnamese import _is_cut, syllable_cuts

    syllables = ["ha", "noi", "viet", "nam", "ho", "chi", "minh", "nguyen", "nghieng", "nguyenh", "an", "oa", "in",
                 "no", "ngo", "ai", "uy", "khuya", "truong", "thuong", "hoa", "binh", "ba", "ong", "gi", "qua", "ca",
                 "phu", "yen", "oan", "ch", "x", "a"]
    runs: list[tuple[str, ...]] = [*itertools.product(syllables, repeat=2),
                                   *itertools.product(syllables[:20], repeat=3)]
    rng = random.Random(5)
    runs += [tuple(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    cuts = 0
    for run in runs:
        expected = run in syllable_cuts("".join(run))
        assert _is_cut.__wrapped__(run) == expected, run
        cuts += expected
    assert 0 < cuts < len(runs)
