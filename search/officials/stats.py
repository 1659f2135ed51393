"""Lookups by official over an index: who is mentioned, when, and with whom.

Everything here is read from the ``official`` field's postings (document numbers per official id) and
the ``date`` column, so listing every official of a 100k-article index does not unpickle any article.

    summaries(ix)        -> [OfficialSummary("hun-manet", "Hun Manet", "KH", articles=42, first="2023-08", ...)]
    profile(ix, "洪玛奈")  -> OfficialProfile(official=..., by_month={"2024-11": 3}, met=[Met("pham-minh-chinh", ...)])
    pairs(ix)            -> [Pair("hun-manet", "pham-minh-chinh", 12, "2023-09", "2024-11"), ...]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

from ..errors import NotFoundError
from .registry import Registry

if TYPE_CHECKING:
    from ..query.searcher import SearchIndex


@dataclass(frozen=True, slots=True)
class OfficialSummary:
    id: str
    name: str
    country: str
    articles: int
    first_date: str | None
    last_date: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Met:
    id: str
    name: str
    articles: int  # articles naming both
    first_date: str | None
    last_date: str | None


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: str
    title: str
    date: str | None
    lang: str
    date_inferred: bool = False  # the date was read from the address or the text, not given (shown so on every page)
    date_future: bool = False  # dated after the time of indexing (a typo, most often): shown so on every page


@dataclass(frozen=True, slots=True)
class OfficialProfile:
    id: str
    name: str
    country: str
    aliases: tuple[str, ...]
    roles: tuple[tuple[str, str, str | None], ...]  # (title, start, end)
    articles: tuple[ArticleRef, ...]  # newest first, at most ``limit_articles`` of them
    by_month: dict[str, int]
    met: tuple[Met, ...]
    total: int = 0  # articles naming the official: all of them, however many ``articles`` lists
    no_month: int = 0  # of which undated, or dated by a year alone: in no month of ``by_month``

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["roles"] = [{"title": t, "start": s, "end": e} for t, s, e in self.roles]
        return d


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    a_name: str
    b: str
    b_name: str
    articles: int
    first_date: str | None
    last_date: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Data:
    """Per-official document numbers and per-document dates, read once."""

    def __init__(self, ix: SearchIndex) -> None:
        reader = ix.reader
        self.reader = reader
        vocab, codes = reader.docs.codes["date"]
        self.dates: list[str] = [vocab[c] for c in codes.tolist()]
        vocab, codes = reader.docs.codes["newest"]  # the date, none when after the time of indexing
        self.newest: list[str] = [vocab[c] for c in codes.tolist()]
        live = reader.docs.live
        self.docs: dict[str, list[int]] = {}
        for oid in reader.field_terms("official"):
            ids = [d for d in reader.postings("official", oid).ids.tolist() if live[d]]
            if ids:
                self.docs[oid] = ids

    def span(self, docnums: Iterable[int]) -> tuple[str | None, str | None]:
        """The first and last dates, without those after the time of indexing (a typo, 2099, is not the last
        time an official was named, as it is never the newest article) unless every date is such."""
        docnums = list(docnums)
        dates = sorted(d for d in (self.newest[n] for n in docnums) if d)
        dates = dates or sorted(d for d in (self.dates[n] for n in docnums) if d)
        return (dates[0], dates[-1]) if dates else (None, None)


def _name(registry: Registry, oid: str) -> tuple[str, str]:
    official = registry.officials.get(oid)
    return (official.name, official.country) if official is not None else (oid, "")


def summaries(ix: SearchIndex, country: str | None = None) -> list[OfficialSummary]:
    data = _Data(ix)
    registry = ix.registry()
    out = []
    for oid, docnums in data.docs.items():
        name, ctry = _name(registry, oid)
        if country and ctry.upper() != country.upper():
            continue
        first, last = data.span(docnums)
        out.append(OfficialSummary(oid, name, ctry, len(docnums), first, last))
    out.sort(key=lambda s: (-s.articles, s.name))
    return out


def profile(ix: SearchIndex, name: str, limit_articles: int = 200) -> OfficialProfile:
    registry = ix.registry()
    official = registry.resolve(name) or registry.officials.get(name)
    if official is None:
        raise NotFoundError(f"{name!r} is not in the officials registry.",
                            hint="List the officials found with: search officials")
    data = _Data(ix)
    mine = data.docs.get(official.id, [])
    mine_set = set(mine)
    by_month = Counter(data.dates[n][:7] for n in mine if len(data.dates[n] or "") >= 7)  # a year alone: no month
    met = []
    for oid, docnums in data.docs.items():
        if oid == official.id:
            continue
        both = [n for n in docnums if n in mine_set]
        if both:
            other, _ = _name(registry, oid)
            first, last = data.span(both)
            met.append(Met(oid, other, len(both), first, last))
    met.sort(key=lambda m: (-m.articles, m.name))
    refs = []
    # Newest first, then by id, as the exported page lists them: the index's tie order (date, then id) first, so
    # that the sort by date keeps it among articles of one date. A date after the time of indexing (a typo,
    # 2099) never ranks as the newest: those come after every real date (newest of them first), then the undated.
    order = data.reader.docs.order
    ordered = sorted(mine, key=order.__getitem__)

    def newest_first(n: int) -> tuple[int, str]:
        return (2 if data.newest[n] else 1 if data.dates[n] else 0), data.dates[n]

    for n in sorted(ordered, key=newest_first, reverse=True)[:limit_articles]:
        s = data.reader.stored(n)
        refs.append(ArticleRef(s["id"], s.get("title") or "", s.get("date") or None, s.get("lang") or "und",
                               bool(s.get("date_inferred")), bool(s.get("date_future"))))
    return OfficialProfile(
        official.id, official.name, official.country, tuple(official.aliases),
        tuple((r.title, r.start, r.end) for r in official.roles), tuple(refs),
        dict(sorted(by_month.items(), reverse=True)), tuple(met), len(mine), len(mine) - sum(by_month.values()),
    )


def pairs(ix: SearchIndex, min_articles: int = 1) -> list[Pair]:
    data = _Data(ix)
    registry = ix.registry()
    per_doc: dict[int, list[str]] = {}
    for oid, docnums in data.docs.items():
        for n in docnums:
            per_doc.setdefault(n, []).append(oid)
    together: dict[tuple[str, str], list[int]] = {}
    for n, oids in per_doc.items():
        for a, b in combinations(sorted(oids), 2):
            together.setdefault((a, b), []).append(n)
    out = []
    for (a, b), docnums in together.items():
        if len(docnums) < min_articles:
            continue
        first, last = data.span(docnums)
        out.append(Pair(a, _name(registry, a)[0], b, _name(registry, b)[0], len(docnums), first, last))
    out.sort(key=lambda p: (-p.articles, p.a, p.b))
    return out


