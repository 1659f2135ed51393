"""``INSIDE_WORD`` (the pattern ``repair_words``, the analyzer and the search page use), written to open with the
invisible character it removes, matches what its plain definition matches (invisible characters between two
letters of the spaced scripts, joiners between two letters of the unspaced ones: ``_PLAIN``, look-behind first);
and ``start`` changes nothing for a text with none of the characters repaired before it."""

from __future__ import annotations

import random
import re

from search.lang.invisible import (
    INSIDE_WORD,
    INVISIBLE,
    JOINING,
    SPACED_LETTERS,
    UNSPACED_LETTERS,
    fix_eth,
    repair_words,
)

_PLAIN = re.compile(f"(?<=[{SPACED_LETTERS}])[{INVISIBLE}]+(?=[{SPACED_LETTERS}])"
                    f"|(?<=[{UNSPACED_LETTERS}])[{JOINING}]+(?=[{UNSPACED_LETTERS}])")

# Letters of each kind the two patterns tell apart: spaced scripts, unspaced ones, Khmer and Thai (neither),
# digits, marks, spaces and punctuation, and every invisible character.
_ALPHABET = ("aZé9\u0301ωЖա" "中カမ" "កខ\u17d2" "ก" " .-/" + INVISIBLE + "\u00d0\u00f0")


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 14))) for _ in range(count)]


def test_inside_word_matches_what_its_plain_definition_matches() -> None:
    for text in _texts(14, 20000):
        assert [m.span() for m in INSIDE_WORD.finditer(text)] == [m.span() for m in _PLAIN.finditer(text)], ascii(text)
        assert repair_words(text) == fix_eth(_PLAIN.sub("", text)), ascii(text)


def test_runs_and_edges() -> None:
    cases = ["a\u00ad\u200bb", "a\u00ad\u200b", "\u00ad\u200bb", "中\u200b\u00ad国", "中\u00ad\u200b国", "中\u200b国",
             "a\u200b中", "中\u00ada", "ក\u200bខ", "Dư\u00adơng Ðáng", "\u200b" * 5, "a" + "\u200b" * 5 + "b"]
    for text in cases:
        assert repair_words(text) == fix_eth(_PLAIN.sub("", text)), ascii(text)
    assert repair_words("Dư\u00adơng") == "Dương"
    assert repair_words("中\u200b国") == "中\u200b国"  # their word separator, kept


def test_start_after_clean_prefix() -> None:
    for text in _texts(41, 5000):
        clean = "plain text 12 "
        assert repair_words(clean + text, len(clean)) == repair_words(clean + text), ascii(text)
    plain = "nothing to repair"
    assert repair_words(plain) is plain
