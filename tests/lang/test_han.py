"""Chinese simplified and traditional characters are one word (search/lang/han.py, lang/fold.py): folded to the
simplified form, and a run segmented in both forms, so that a text and its other spelling give the same words."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from search.analysis import analyze
from search.analysis.tokenize import segment
from search.lang.fold import fold, marked
from search.lang.han import simplified_table, simplify


def test_traditional_characters_fold_to_simplified_and_are_no_diacritics() -> None:
    assert fold("柬埔寨國會") == "柬埔寨国会" == fold("柬埔寨国会")
    assert simplify("頭髮 發展 東京") == "头发 发展 东京"
    assert not marked("國會", "国会")  # another way of writing the word: the query matches both (typed first)
    assert fold("ＡＳＥＡＮ峰會") == "asean峰会"
    assert fold("ひらがな カタカナ") == "ひらがな カタカナ"  # kana untouched


def test_the_tables_are_one_character_for_one_in_the_basic_plane() -> None:
    table = simplified_table()
    assert len(table) > 2500
    assert all(len(a) == len(b) == 1 and max(a, b) < "\U00010000" for a, b in table.items())
    # many-to-one: 發 (development) and 髮 (hair) are both 发, as simplified Chinese writes them
    assert simplified_table()["發"] == simplified_table()["髮"] == "发"


def test_a_text_and_its_other_spelling_give_the_same_words() -> None:
    # Generated Chinese: 5 words of ICU's Chinese dictionary (simplified, common) run together, and the same run
    # in traditional characters (ICU's Simplified-Traditional transform of the whole run). Each segmented as
    # written, 314 of 500 runs gave the same words (folded) in both and 2,047 of 2,500 words were whole in the
    # traditional one; now 494 and 2,250 (2,254 in the simplified one, as before).
    import icu

    from search.site.icudict import entries

    s2t = icu.Transliterator.createInstance("Simplified-Traditional")
    han = re.compile("^[\u4e00-\u9fff]{2,4}$")
    words = [w for w, cost in entries("Han") if han.match(w) and simplify(w) == w and cost < 6000]
    rng = random.Random(2)
    same = whole = total = 0
    for _ in range(200):
        seq = rng.sample(words, 5)
        s = "".join(seq)
        t = s2t.transliterate(s)
        if len(t) != len(s):
            continue
        s_words = [fold(s[a:b]) for a, b in segment(s)]
        t_words = [fold(t[a:b]) for a, b in segment(t)]
        same += s_words == t_words
        whole += sum(w in t_words for w in seq)
        total += len(seq)
    assert same >= 0.97 * 200 and whole >= 0.88 * total, (same, whole, total)


def test_japanese_keeps_its_own_kanji_when_segmented() -> None:
    # A run with kana is Japanese: its kanji mix forms (無礼: 無 traditional, 礼 simplified), which neither
    # Chinese form of the run has; segmented as written (7,671 of 7,719 ICU words with kana were split otherwise).
    assert [t.text for t in analyze("いんぎん無礼な話", "ja")] == ["いんぎん無礼", "な", "話"]
    assert [t.text for t in analyze("国分寺線と機内", "ja")] == ["国分寺線", "と", "機内"]
    assert "あっという間に" in [t.text for t in analyze("あっという間に", "ja")]
    assert [t.folded for t in analyze("日本語", "ja")] == ["日本语"]


def test_the_table_is_cached_per_icu_version_and_a_damaged_cache_is_worked_out_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import icu

    from search.lang import han

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    worked_out = han._worked_out()
    han.simplified_table.cache_clear()
    try:
        assert han.simplified_table() == worked_out  # worked out, then written
        (cached,) = (tmp_path / "search").iterdir()
        assert icu.ICU_VERSION in cached.name and json.loads(cached.read_text("utf-8")) == worked_out
        cached.write_text(json.dumps({"國": "国"}), "utf-8")  # read as it is: a file the engine wrote is trusted
        han.simplified_table.cache_clear()
        assert han.simplified_table() == {"國": "国"}
        for damaged in ('{"國": "国"', '{"國": "國國"}', '{"a": "b"}', "[]", "{}", '{"國": 1}', "\udcff"):
            cached.write_text(damaged, "utf-8", errors="surrogateescape")
            han.simplified_table.cache_clear()
            assert han.simplified_table() == worked_out, damaged
            assert json.loads(cached.read_text("utf-8")) == worked_out  # and written again
        blocked = tmp_path / "file"
        blocked.write_text("not a folder")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
        han.simplified_table.cache_clear()
        assert han.simplified_table() == worked_out  # a cache that cannot be written is no error
    finally:
        han.simplified_table.cache_clear()
