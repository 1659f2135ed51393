from __future__ import annotations

import pytest

from search.lang.invisible import repair_words


@pytest.mark.parametrize(("text", "repaired"), [
    ("Thái Bình Dư\u00adơng", "Thái Bình Dương"),  # real: vi-news writes soft hyphens inside words
    ("Chất l\u200b\u200cượng", "Chất lượng"),
    ("co\u2060op\ufeffer COVID\u00ad19", "cooper COVID19"),
    ("Моск\u00adва Αθή\u200bνα", "Москва Αθήνα"),
    ("Ðáng chú ý, ÐÀ NẴNG (Ðà Nẵng)", "Đáng chú ý, ĐÀ NẴNG (Đà Nẵng)"),
    ("ðường phố ðã sạch, ðiều (ðây)", "đường phố đã sạch, điều (đây)"),  # lowercase eth for đ, the same way
    ("中\u00ad国 政\u200d府 မြန်\u00adမာ カタ\u2060カナ", "中国 政府 မြန်မာ カタカナ"),  # scripts without spaces either
    # kept: between words, in scripts where they mean something, and eth that is eth
    ("中\u200b国 မြန်\u200bမာ", "中\u200b国 မြန်\u200bမာ"),  # a zero-width space separates their words
    ("a \u00ad b", "a \u00ad b"),
    ("ហ៊ុន\u200bសែន", "ហ៊ុន\u200bសែន"),  # Khmer separates words with zero-width spaces
    ("می\u200cخواهم", "می\u200cخواهم"),  # Persian needs its non-joiner
    ("Sigurður GUÐRÚN", "Sigurður GUÐRÚN"),  # Icelandic eth is never a word's first letter
    ("Sigurðsson hlaðið ðə ðæt", "Sigurðsson hlaðið ðə ðæt"),  # IPA, Old English
    ("Ðang ði ÐI ðang.", "Đang đi ĐI đang."),  # a Vietnamese syllable without other marks
    ("ÐH, HÐQT, VÐV, ÐHCÐ, NÐ-CP, 50.000ð, 500.000 ð/hộp", "ĐH, HĐQT, VĐV, ĐHCĐ, NĐ-CP, 50.000đ, 500.000 đ/hộp"),
    ("ÐBSCL, ông Ð., N.V.Ð.", "ĐBSCL, ông Đ., N.V.Đ."),  # acronyms, initials, the đồng
    ("ðau/ buốt, Hà Nội/Ðà Nẵng", "đau/ buốt, Hà Nội/Đà Nẵng"),  # a slash on one side is no transcription
    # Icelandic names in capitals (ð after a vowel or r), IPA between slashes or brackets, a lone ð: eth
    ("EIÐUR GUÐJOHNSEN, SIGURÐUR, GUÐMUNDSSON", "EIÐUR GUÐJOHNSEN, SIGURÐUR, GUÐMUNDSSON"),
    ("SKARÐ GARÐS ÞÓRÐUR", "SKARÐ GARÐS ÞÓRÐUR"),
    ("IPA /ðen/ /ði/ [ða] ðə", "IPA /ðen/ /ði/ [ða] ðə"),
    ("the letter ð (eth), khoản 2/ð", "the letter ð (eth), khoản 2/ð"),
    ("plain text", "plain text"),
])
def test_invisible_characters_inside_words_go_and_eth_becomes_d_with_stroke_in_vietnamese(
        text: str, repaired: str) -> None:
    assert repair_words(text) == repaired
