"""Thai and Lao spellings that render alike are one string (search/lang/thai.py), before segmentation, in the
index and the query: each variant pair must give one string, correct text must stay, offsets map back."""

from __future__ import annotations

import random

import pytest

from search.analysis import analyze
from search.lang.thai import normalize_thai_lao, normalize_thai_lao_mapped

# (typed, canonical): the variants real Thai and Lao text has, each rendering as the canonical spelling.
CASES = [
    ("น้\u0e4d\u0e32", "น้ำ"),  # SARA AM as NIKHAHIT + SARA AA, after the tone mark
    ("น\u0e4d\u0e49\u0e32", "น้ำ"),  # ... before it
    ("น\u0e33\u0e49", "น้ำ"),  # SARA AM typed before its tone mark
    ("ท\u0e4d\u0e32", "ทำ"),
    ("\u0e40\u0e40ละ", "และ"),  # two SARA E for SARA AE
    ("ท\u0e48\u0e35", "ที่"),  # tone mark before the vowel above
    ("สิทธ\u0e4c\u0e34", "สิทธิ์"),  # THANTHAKHAT before the vowel
    ("ก\u0e48\u0e48", "ก่"),  # a tone mark typed twice
    ("ประ\u00adชุม", "ประชุม"),  # soft hyphen inside a word
    ("ประ\u200dชุม", "ประชุม"),
    ("ท\u200b\u0e35\u0e48", "ที่"),  # a zero-width space inside a cluster
    ("ນ້\u0ecd\u0eb2", "ນ້ຳ"),  # Lao SARA AM
    ("ນ\u0ecd\u0ec9\u0eb2", "ນ້ຳ"),  # ICU's ນໍ້າ, the older spelling
    ("\u0eab\u0e99\u0ec9\u0eb2", "\u0edc\u0ec9\u0eb2"),  # ຫນ້າ = ໜ້າ
    ("\u0eab\u0ea1\u0eb2\u0e81", "\u0edd\u0eb2\u0e81"),  # ຫມາກ = ໝາກ
    ("\u0eab\u0ea5\u0ea7\u0e87", "\u0eab\u0ebc\u0ea7\u0e87"),  # ຫລວງ = ຫຼວງ
    ("\u0ec0\u0ec0ມ່", "ແມ່"),
    ("ບ\u0ec8\u0ecd", "ບໍ່"),  # tone before NIGGAHITA (the vowel o)
    ("ໜ້າ\u00adທີ່", "ໜ້າທີ່"),
]
CORRECT = ["น้ำท่วม", "และ", "ที่นี่", "ผู้ใหญ่", "ประชุม ประชุม", "ทำ", "สิทธิ์", "ກິນນ້ຳ", "ໜ້າທີ່", "ຫຼວງພະບາງ",
           "ບໍ່ມີ", "ແມ່ນ້ຳຂອງ", "ภาษา\u200bไทย", "แม่\u200bน้ำ"]


@pytest.mark.parametrize(("typed", "canonical"), CASES)
def test_a_variant_is_its_canonical_spelling(typed: str, canonical: str) -> None:
    assert normalize_thai_lao(typed) == canonical
    assert normalize_thai_lao(canonical) == canonical


@pytest.mark.parametrize("text", CORRECT)
def test_correct_text_is_left_as_it_is(text: str) -> None:
    assert normalize_thai_lao(text) == text
    assert normalize_thai_lao_mapped(text) == (text, None)


@pytest.mark.parametrize(("typed", "canonical"), CASES)
def test_the_words_of_a_variant_are_those_of_its_canonical_spelling_with_offsets_into_the_text(
        typed: str, canonical: str) -> None:
    # ICU's dictionaries know the canonical spelling: "น้ํา" was cut apart or kept as another word, "เเละ"
    # was not "และ", so a word typed one way did not find an article that wrote it the other way.
    lang = "lo" if any("\u0e80" <= ch <= "\u0eff" for ch in canonical) else "th"
    text = f"abc {typed} {typed}กิน"
    want = analyze(f"abc {canonical} {canonical}กิน", lang)
    got = analyze(text, lang)
    assert [(t.text, t.folded, t.pos) for t in got] == [(t.text, t.folded, t.pos) for t in want]
    for t in got:  # every token maps back onto what it was typed as
        assert normalize_thai_lao(text[t.start:t.end]) == t.text, (text[t.start:t.end], t.text)


def test_normalizing_is_idempotent_and_maps_every_character_back_in_order() -> None:
    chars = "กนทเแาำํ่้๊๋ัิีึืุู์ \u200b\u00adນຫມລເແາຳໍ່້ັິີຼ"
    r = random.Random(7)
    for _ in range(5000):
        text = "".join(r.choice(chars) for _ in range(r.randint(1, 12)))
        once = normalize_thai_lao(text)
        assert normalize_thai_lao(once) == once, (text, once)
        mapped, origins = normalize_thai_lao_mapped(text)
        assert mapped == once
        if origins is None:
            assert len(once) == len(text)
        else:
            assert len(origins) == len(once) + 1 and origins[-1] == len(text)
            assert origins == sorted(origins), (text, origins)


def test_the_words_of_icus_thai_and_lao_dictionaries_are_segmented_as_written() -> None:
    # No rule changes how ICU segments a word of its Thai dictionary written as it is there. Lao ໍາ ຳ and ຫນ ໜ
    # are one spelling, and ICU's Lao dictionary has 3,099 words with ຳ ໜ ໝ ຫຼ, 939 only with ໍາ ຫນ ຫມ ຫລ (and
    # some mixing them): ກອງກໍາປັ່ນ (navy) became ກອງ|ກຳປັ່ນ and ກອງ (army) found it, unless a Lao run is
    # segmented in both spellings (analysis/tokenize.py). Left split: the DUP word ກອງຊາກສະລັກຫັັກພັງ and 12 that
    # write one letter both ways (ນໍ້າຄຳ: ໍາ and ຳ; ຫຼືບຫນັງ).
    from search.analysis.tokenize import segment
    from search.lang.spelling import normalize_spelling
    from search.site.icudict import words

    assert [w for w in words("Thai") if segment(normalize_spelling(w)) != segment(w)] == []
    whole = [w for w in words("Lao") if len(segment(w)) == 1]
    split = [w for w in whole if len(segment(normalize_spelling(w))) != 1]
    assert len(whole) > 25_000 and len(split) == 13, split
    got = [t.text for t in analyze("ກະຊວງອຸດສາຫະກໍາ ກອງກໍາປັ່ນ ກອງມະໂຫລະທຶກ ເຫນືອ ເໜືອ", "lo")]
    assert got == ["ກະຊວງອຸດສາຫະກຳ", "ກອງກຳປັ່ນ", "ກອງມະໂຫຼະທຶກ", "ເໜືອ", "ເໜືອ"]


def test_lao_text_of_icus_words_gives_the_same_words_in_either_spelling() -> None:
    # Generated Lao: ICU's words with ໍາ ຳ ຫນ ໜ... among others, run together, written as the dictionary writes
    # each, all the newer way and all the older way. Before: 130 of 600 runs gave the same words in the three
    # spellings, and 1,657 of 2,400 words were whole written the older way; now all 600 and 2,384 in each (ICU
    # on the dictionary's own spellings: 2,397).
    from search.analysis.tokenize import segment
    from search.lang.spelling import normalize_spelling
    from search.lang.thai import lao_older_spellings
    from search.site.icudict import words

    def tokens(text: str) -> list[str]:
        n = normalize_spelling(text)
        return [n[s:e] for s, e in segment(n)]

    def older(word: str) -> str:
        spellings = lao_older_spellings(normalize_spelling(word))
        return spellings[-1][0] if spellings else word

    lao = words("Lao")
    both = [w for w in lao if any(c in w for c in "\u0eb3\u0edc\u0edd\u0ecd") or "\u0eab\u0ebc" in w
            or any("\u0eab" + c in w for c in "\u0e99\u0ea1\u0ea5")]
    rng = random.Random(5)
    whole = total = 0
    for _ in range(150):
        ws = [rng.choice(both), *rng.sample(lao, 3)]
        rng.shuffle(ws)
        as_dictionary = tokens("".join(ws))
        assert tokens("".join(normalize_spelling(w) for w in ws)) == as_dictionary
        assert tokens("".join(older(w) for w in ws)) == as_dictionary
        whole += sum(normalize_spelling(w) in as_dictionary for w in ws)
        total += len(ws)
    assert whole >= 0.98 * total, (whole, total)


class _NotScanned:
    def search(self, text: str) -> None:
        raise AssertionError(f"scanned {text!r} for a script it does not have")


def test_a_khmer_text_is_not_scanned_for_the_other_scripts_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    # Khmer analysis CPU grew 10-16% when each rule (Thai and Lao, Burmese, half-width katakana) scanned every
    # Khmer text and word for its script: one scan now tells that none is there.
    from search.lang import spelling

    for name in ("_THAI_LAO", "_MYANMAR"):
        monkeypatch.setattr(spelling, name, _NotScanned())
    assert spelling.normalize_spelling("សម្ដេច ហ៊ុន សែន") == "សម្តេច ហ៊ុន សែន"
    assert spelling.normalize_spelling_mapped("សម្ដេច ហ៊ុន")[0] == "សម្តេច ហ៊ុន"
    monkeypatch.undo()
    # and a Khmer text holding those scripts gets their rules
    assert spelling.normalize_spelling("សម្ដេច น้\u0e4d\u0e32 ကုိ ｶﾞ") == "សម្តេច น้ำ ကို ガ"
    assert spelling.normalize_spelling_mapped("សម្ដេច น้\u0e4d\u0e32 ကုိ ｶﾞ")[0] == "សម្តេច น้ำ ကို ガ"


SPELLING_CHARS = ("กนทเแาำํ่้๊๋ัิีึืุู์ \u200b\u00ad\u200c\u200dນຫມລເແາຳໍ່້ັິີຼ" "ｶﾞﾟﾊｽカﾗ" "ကျွြေိုံ့်းါာ.a")


def test_each_normalizer_with_the_map_gives_the_text_it_gives_without() -> None:
    # normalize_thai_lao / normalize_thai_lao_mapped and normalize_spelling / normalize_spelling_mapped (Khmer,
    # Thai and Lao, Burmese, half-width katakana together): the same text, and a map that fits it (len + 1
    # entries, never decreasing, within the text), on random strings of the characters their rules touch.
    from search.lang.spelling import normalize_spelling, normalize_spelling_mapped

    from .test_khmer import RANDOM_CHARS, assert_mapped

    r = random.Random(17)
    chars = SPELLING_CHARS + RANDOM_CHARS
    for _ in range(20_000):
        text = "".join(r.choice(chars) for _ in range(r.randint(1, 24)))
        normalized, origins = normalize_thai_lao_mapped(text)
        assert normalized == normalize_thai_lao(text), ascii(text)
        assert_mapped(text, normalized, origins)
        normalized, origins = normalize_spelling_mapped(text)
        assert normalized == normalize_spelling(text), ascii(text)
        assert_mapped(text, normalized, origins)
