"""Pure functions: does a text really contain a query, ranking quality (nDCG, AP), percentiles.

Containment is what "silent miss" and "precision" are measured against:
    vi, en, fr, id   NFC + casefold (accents kept), whole words: "an" is not found in "Thanh"
    km               NFC + casefold with U+200B removed from both sides (people type Khmer without it), and
                     compared as the engine's stated rule defines Khmer (README, "Khmer, Thai, Lao..."): one
                     spelling for look-alikes (SIL's and Wikimedia's normalisation, search/lang/khmer.py) and
                     no space between two Khmer letters (a space does not stop a match across it). Khmer has
                     no spaces between words, so only clusters are respected: a match may not start after a
                     coeng (U+17D2) nor end before a dependent vowel or sign
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

ZWSP = "\u200b"


_KHMER_LETTER = "\u1780-\u17d3\u17dd"  # letters and signs, not punctuation (។ ៕)
_SPACE_IN_KHMER = re.compile(f"(?<=[{_KHMER_LETTER}])\\s+(?=[{_KHMER_LETTER}])")


def normalize(text: str, lang: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    if lang != "km":
        return text
    from search.lang.khmer import normalize_khmer

    return _SPACE_IN_KHMER.sub("", normalize_khmer(text.replace(ZWSP, "")))


class Matcher:
    """``Matcher("Hợp tác", "vi").found_in(title, body)``: the query string, as the metric understands it."""

    def __init__(self, needle: str, lang: str) -> None:
        self.lang = lang
        self.needle = normalize(needle, lang)
        body = r"\s+".join(re.escape(part) for part in self.needle.split())
        if lang == "km":
            self.pattern = re.compile(rf"(?<!\u17d2){body}(?![\u17b6-\u17d3\u17dd])")
        else:
            self.pattern = re.compile(rf"(?<!\w){body}(?!\w)")

    def found_in_normalized(self, text: str) -> bool:
        return self.needle in text and self.pattern.search(text) is not None

    def found_in(self, title: str, body: str) -> bool:
        return self.found_in_normalized(normalize(f"{title}\n{body}", self.lang))


def dcg(gains: Sequence[float]) -> float:
    """Linear gains, log2 discount (rank 1 is divided by log2(2) = 1), as trec_eval's ndcg."""
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(gains, start=1))


def ndcg_at_k(ranked: Sequence[str], judged: dict[str, int], k: int = 10) -> float:
    ideal = dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([max(judged.get(doc, 0), 0) for doc in ranked[:k]]) / ideal


def average_precision(ranked: Sequence[str], judged: dict[str, int]) -> float:
    """Binary relevance (gain > 0); divided by every relevant document, retrieved or not."""
    relevant = {doc for doc, g in judged.items() if g > 0}
    if not relevant:
        return 0.0
    found, total = 0, 0.0
    for rank, doc in enumerate(ranked, start=1):
        if doc in relevant:
            found += 1
            total += found / rank
    return total / len(relevant)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def percentile(values: Sequence[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); p in 0..100."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)
