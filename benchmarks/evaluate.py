"""Engines' answers -> quality numbers: silent misses and precision per language and kind, Cranfield scores.

    silent miss   the engine returned no hit although some article's title + body contains the query
    precision     share of returned hits (top 10) whose title + body contain the query (``metrics.Matcher``)
    Cranfield     nDCG@10 with graded gains (cran.qrels.trec, 4 = best) and MAP over the top 100,
                  in the engine's default mode and with OR semantics
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .metrics import Matcher, average_precision, mean, ndcg_at_k, normalize
from .queries import Query


def _articles(jsonl: Path) -> Iterator[dict[str, str]]:
    with jsonl.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def present_in_corpus(jsonl: Path, queries: list[Query]) -> list[bool]:
    """For each query: does at least one article contain it? One pass; a query leaves once found."""
    matchers = {i: Matcher(q.needle, q.lang) for i, q in enumerate(queries) if q.needle}
    found = [False] * len(queries)
    for article in _articles(jsonl):
        if not matchers:
            break
        text = f"{article['title']}\n{article['body']}"
        plain, no_zwsp = normalize(text, "vi"), normalize(text, "km")
        for i, m in list(matchers.items()):
            if m.found_in_normalized(no_zwsp if m.lang == "km" else plain):
                found[i] = True
                del matchers[i]
    return found


def containing_counts(jsonl: Path, queries: list[Query], kinds: tuple[str, ...]) -> dict[int, int]:
    """For the queries of ``kinds``: how many articles contain the needle (whole words, accents kept)."""
    matchers = {i: Matcher(q.needle, q.lang) for i, q in enumerate(queries) if q.kind in kinds and q.needle}
    counts = dict.fromkeys(matchers, 0)
    for article in _articles(jsonl):
        text = f"{article['title']}\n{article['body']}"
        plain, no_zwsp = normalize(text, "vi"), normalize(text, "km")
        for i, m in matchers.items():
            counts[i] += m.found_in_normalized(no_zwsp if m.lang == "km" else plain)
    return counts


def count_ratios(counts: dict[int, int], records: list[dict[str, object]]) -> dict[str, float | int | None]:
    """Reported total / articles containing the needle: the median, and the share of queries where it is 1."""
    ratios = sorted(int(records[i]["total"] or 0) / n for i, n in counts.items()  # type: ignore[call-overload]
                    if n and records[i]["error"] is None)
    if not ratios:
        return {"queries": 0, "median": None, "exact_share": None}
    return {"queries": len(ratios), "median": ratios[len(ratios) // 2],
            "exact_share": sum(r == 1 for r in ratios) / len(ratios), "max": ratios[-1]}


def texts_of(jsonl: Path, ids: set[str]) -> dict[str, tuple[str, str]]:
    """id -> (title, body) for the given ids only (the hits), so 100k corpora need not sit in memory."""
    return {a["id"]: (a["title"], a["body"]) for a in _articles(jsonl) if a["id"] in ids}


@dataclass(frozen=True, slots=True)
class KindQuality:
    kind: str
    queries: int  # queries whose text the corpus contains
    silent_misses: int
    errors: int
    hits: int
    precise_hits: int
    # of the hits, how many articles containing the query could have filled: a query that fewer than ten articles
    # contain (Vietnamese syllables side by side) leaves the rest of any top ten to articles that have its words
    # apart; None when the corpus was not counted
    possible: int | None = None

    @property
    def precision(self) -> float | None:
        return self.precise_hits / self.hits if self.hits else None

    @property
    def possible_precision(self) -> float | None:
        """The highest precision any ranking of these hits' number could reach on this corpus."""
        return self.possible / self.hits if self.hits and self.possible is not None else None


def kind_quality(queries: list[Query], present: list[bool], records: list[dict[str, object]],
                 texts: dict[str, tuple[str, str]], counts: dict[int, int] | None = None) -> dict[str, KindQuality]:
    """``counts``: for some queries, how many articles contain them (``containing_counts``): a kind whose queries
    are all counted gets ``possible``."""
    by_kind: dict[str, list[int]] = {}
    for i, q in enumerate(queries):
        if q.needle:
            by_kind.setdefault(q.kind, []).append(i)
    out = {}
    for kind, indexes in by_kind.items():
        misses = errors = hits = precise = counted = 0
        possible: int | None = 0 if counts is not None and all(i in counts for i in indexes) else None
        for i in indexes:
            if not present[i]:
                continue
            counted += 1
            ids = [str(d) for d in records[i]["ids"]]  # type: ignore[attr-defined]
            if possible is not None and counts is not None:
                possible += min(len(ids), counts[i])
            errors += records[i]["error"] is not None
            misses += not ids
            matcher = Matcher(queries[i].needle, queries[i].lang)
            hits += len(ids)
            precise += sum(matcher.found_in(*texts[d]) for d in ids if d in texts)
        out[kind] = KindQuality(kind, counted, misses, errors, hits, precise, possible)
    return out


def by_language(kinds: dict[str, KindQuality]) -> dict[str, KindQuality]:
    langs: dict[str, KindQuality] = {}
    for kind, k in kinds.items():
        lang = kind.split("-")[0]
        prev = langs.get(lang, KindQuality(lang, 0, 0, 0, 0, 0, 0))
        possible = None if prev.possible is None or k.possible is None else prev.possible + k.possible
        langs[lang] = KindQuality(lang, prev.queries + k.queries, prev.silent_misses + k.silent_misses,
                                  prev.errors + k.errors, prev.hits + k.hits,
                                  prev.precise_hits + k.precise_hits, possible)
    return langs


def cranfield_scores(queries: list[Query], ranked: list[list[str]]) -> dict[str, float]:
    judged = [q for q in queries if q.kind == "cranfield"]
    if not judged or len(ranked) != len(judged):
        return {}
    return {"queries": len(judged),
            "ndcg@10": mean([ndcg_at_k(r, q.gains, 10) for q, r in zip(judged, ranked, strict=True)]),
            "map": mean([average_precision(r, q.gains) for q, r in zip(judged, ranked, strict=True)]),
            "zero_hit_queries": sum(not r for r in ranked)}
