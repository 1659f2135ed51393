"""The read side of an index: ``open_index(dir).search(...)``, ``.show(id)``, ``.similar(id)``.

Results are typed records; the CLI renders them as text or JSON, the HTML export through templates.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq

from . import docarrays, store
from . import querylang as ql
from .errors import NotFoundError
from .facets import DEFAULT_FACETS, FACETS, FacetCache
from .query import QueryCompiler, filters_query
from .scoring import Evaluator, PostingArrays
from .snippets import QueryTerms, leading_text, make_snippets

K1 = 3.0  # BM25 term-frequency saturation; tuned on Cranfield (benchmarks/RESULTS.md)
B = 0.75  # BM25 length normalisation


@dataclass(frozen=True, slots=True)
class OfficialRef:
    id: str
    name: str
    count: int
    country: str = ""
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str
    date: str | None
    date_inferred: bool
    lang: str
    score: float
    snippets: tuple[str, ...]  # HTML: escaped text, matches in <mark>
    officials: tuple[OfficialRef, ...]
    path: str

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["score"] = round(self.score, 4)
        d["snippets"] = list(self.snippets)
        d["officials"] = [{"id": o.id, "name": o.name, "count": o.count} for o in self.officials]
        return d


@dataclass(frozen=True, slots=True)
class Results:
    query: str
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    notes: tuple[str, ...] = ()  # what the lenient parser ignored
    offset: int = 0
    limit: int = 10
    took_ms: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "total": self.total, "offset": self.offset, "limit": self.limit,
            "hits": [h.as_dict() for h in self.hits], "facets": self.facets, "suggestion": self.suggestion,
            "notes": list(self.notes), "took_ms": round(self.took_ms, 1),
        }


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: str
    title: str
    title_derived: bool
    date: str | None
    date_inferred: bool
    lang: str
    path: str
    url: str | None
    source: str | None
    body: str
    officials: tuple[OfficialRef, ...]
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["officials"] = [asdict(o) for o in self.officials]
        d["notes"] = list(self.notes)
        return d


def _officials(stored: dict[str, Any]) -> tuple[OfficialRef, ...]:
    out = []
    for m in stored.get("mentions") or ():
        oid, name, count, _first, country, roles = m
        out.append(OfficialRef(oid, name, count, country, tuple(roles)))
    return tuple(out)


def _view(s: dict[str, Any]) -> ArticleView:
    return ArticleView(s["id"], s.get("title") or "", bool(s.get("title_derived")), s.get("date") or None,
                       bool(s.get("date_inferred")), s.get("lang") or "und", s.get("path") or "",
                       s.get("url"), s.get("source"), s.get("body") or "", _officials(s),
                       tuple(s.get("notes") or ()))


class SearchIndex:
    """An open index. Not thread-safe; cheap to keep open for many queries."""

    def __init__(self, index_dir: str | Path, registry: Any = None) -> None:
        self.index_dir = Path(index_dir)
        self._ix = store.open_existing(self.index_dir)
        self._searcher = self._ix.searcher()  # scoring is ours (search/scoring.py), not Whoosh's
        self._facets = FacetCache(self._searcher.reader(), lambda: self._docs().codes)
        self._registry = registry
        self._languages: list[str] | None = None
        self._arrays: PostingArrays | None = None
        self._docarrays: docarrays.DocArrays | None = None

    # --- plumbing ------------------------------------------------------------------------------------
    def close(self) -> None:
        self._searcher.close()
        self._ix.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def doc_count(self) -> int:
        return int(self._searcher.doc_count())

    def languages(self) -> list[str]:
        """The languages present in the index (their analyzers are applied to every query)."""
        if self._languages is None:
            self._languages = sorted(self._searcher.reader().field_terms("lang"))
        return self._languages

    def registry(self) -> Any:
        if self._registry is None:
            from .enrich import load_registry

            self._registry = load_registry(store.saved_registry(self.index_dir))[0]
        return self._registry

    def resolve_official(self, name: str) -> str | None:
        official = self.registry().resolve(name)
        return official.id if official is not None else None

    # --- search --------------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        limit: int = 10,
        offset: int = 0,
        filters: dict[str, Any] | None = None,
        facets: Sequence[str] | None = None,
        snippets: bool = True,
        languages: Sequence[str] | None = None,
    ) -> Results:
        """Run ``query`` (the syntax of ``search query --help``).

        ``filters``: ``{"lang": ["fr"], "from": "2024-11", "to": "2024-12", "official": ["Hun Manet"]}``.
        ``facets``: names from ``FACETS`` (default: all). ``languages``: analyse the query only with these
        languages' analyzers (default: every language in the index).
        """
        started = time.perf_counter()
        filters = filters or {}
        facet_names = list(DEFAULT_FACETS if facets is None else facets)
        unknown = [f for f in facet_names if f not in FACETS]
        if unknown:
            from .errors import QueryError

            raise QueryError(f"unknown facet(s): {', '.join(unknown)}", hint=f"Facets: {', '.join(FACETS)}")
        langs = list(languages or filters.get("lang") or self.languages())
        parsed = ql.parse(query)
        compiler = QueryCompiler(self._searcher.reader(), langs, self.resolve_official)
        compiled = compiler.compile(parsed)
        filt, _ = filters_query(filters.get("lang") or (), filters.get("from"), filters.get("to"),
                                filters.get("official") or (), self.resolve_official)
        restrictions = compiled.filters + ([filt] if filt is not None else [])
        q = compiled.query
        if q is None and not restrictions:
            return Results(query, 0, (), {}, None, tuple(compiled.notes), offset, limit,
                           (time.perf_counter() - started) * 1000)
        q = (q or wq.Every()).normalize()
        evaluator = Evaluator(self._postings())
        matched = evaluator.run(q)
        mask = matched.mask
        for r in restrictions:  # document sets, not scored clauses (see query.Compiled.filters)
            mask &= evaluator.mask(r.normalize())
        docs = np.flatnonzero(mask)
        total = len(docs)
        hits: list[Hit] = []
        if total and limit > 0:
            # Tiers: every hit of a tier ranks above the next tier's. First the articles that spell the query's
            # accented words as it does, then, within each, those where its words stand together.
            tiers = [mask]
            if compiled.exact is not None:
                tiers = _split(tiers, evaluator.mask(compiled.exact.normalize()))
            if compiled.adjacent is not None:
                tiers = _split(tiers, evaluator.mask(compiled.adjacent.normalize()))
            hits = self._top(matched.score, tiers, limit, offset, compiled.terms if snippets else QueryTerms(),
                             snippets)
        facet_counts = self._facets.counts(docs, facet_names) if facet_names else {}
        # "Did you mean" for short queries that find nothing or little (a long question is not a typo).
        suggestion = None
        if total < 3 and 0 < len(compiled.words) <= 4:
            suggestion = self._suggest_official(query, total) or self._suggest(compiled.words)
        return Results(query, total, tuple(hits), facet_counts, suggestion, tuple(compiled.notes), offset, limit,
                       (time.perf_counter() - started) * 1000)

    def _postings(self) -> PostingArrays:
        if self._arrays is None:
            self._arrays = PostingArrays(self._searcher, K1, B, self._docs())
        return self._arrays

    def _docs(self) -> docarrays.DocArrays:
        """Per-document arrays (liveness, lengths, languages, tie order), saved with the index generation."""
        if self._docarrays is None:
            self._docarrays = docarrays.load(self.index_dir, self._searcher.reader())
        return self._docarrays

    def _top(self, score: Any, tiers: list[Any], limit: int, offset: int, terms: QueryTerms,
             snippets: bool) -> list[Hit]:
        """The page ``offset:offset+limit``: every hit of a tier (a mask of matching documents) ranks above
        the next tier's hits; within a tier by score, ties by date (newest first), then id."""
        want = offset + limit
        page: list[int] = []
        order = self._docs().order  # rank by date (newest first), then id: breaks ties
        for tier in tiers:
            docs = np.flatnonzero(tier)
            if not len(docs):
                continue
            keys = -np.round(score[docs], 6)
            need = want - len(page)
            if len(docs) > need:  # only what can reach the page, every tie at its edge included
                edge = np.partition(keys, need - 1)[need - 1]
                docs, keys = docs[keys <= edge], keys[keys <= edge]
            ranked = docs[np.lexsort((order[docs], keys))]
            page.extend(int(d) for d in ranked[:need])
            if len(page) >= want:
                break
        hits = []
        for docnum in page[offset:want]:
            stored = self._searcher.stored_fields(docnum)
            lang = stored.get("lang") or "und"
            snips: tuple[str, ...] = ()
            if snippets:
                found = make_snippets(stored.get("body") or "", lang, terms)
                snips = tuple(found) if found else (leading_text(stored.get("body") or ""),)
            hits.append(Hit(stored["id"], stored.get("title") or "", stored.get("date") or None,
                            bool(stored.get("date_inferred")), lang, float(score[docnum]), snips,
                            _officials(stored), stored.get("path") or ""))
        return hits

    def _suggest_official(self, query: str, total: int) -> str | None:
        """A query that is an official's name in some spelling or script: search by the person instead,
        which finds every spelling (``洪玛奈`` -> ``official:"Hun Manet"``)."""
        if ":" in query:
            return None
        official = self.registry().resolve(query)
        if official is None or self._searcher.reader().doc_frequency("official", official.id) <= total:
            return None  # not in the index, or it would find nothing more
        return f'official:"{official.name}"'

    def _suggest(self, words: list[str]) -> str | None:
        """'Did you mean': each word replaced by the most frequent indexed word within 2 edits."""
        from .analysis import analyzer_for

        reader = self._searcher.reader()
        changed = False
        out = []
        for w in words:
            tokens = analyzer_for(None).tokens(w)
            if len(tokens) != 1:
                out.append(w)
                continue
            folded = tokens[0].folded
            own_df = reader.doc_frequency("body", folded)
            if own_df >= 3:
                out.append(w)
                continue
            # A rare word is suggested away only for one that is much more common.
            best = None
            best_df = max(0, own_df * 10 - 1)
            for cand in reader.terms_within("body", folded, 2 if len(folded) > 4 else 1, prefix=1):
                df = reader.doc_frequency("body", cand)
                if cand != folded and df > best_df:
                    best, best_df = cand, df
            if best is not None:
                out.append(best)
                changed = True
            else:
                out.append(w)
        return " ".join(out) if changed else None

    # --- the whole collection -------------------------------------------------------------------------
    def overview(self, facets: Sequence[str] = DEFAULT_FACETS) -> Results:
        """Facet counts over every article (the collection at a glance), no hits."""
        started = time.perf_counter()
        docs = list(self._searcher.reader().all_doc_ids())
        return Results("", len(docs), (), self._facets.counts(docs, facets),
                       took_ms=(time.perf_counter() - started) * 1000)

    def articles(self) -> Iterator[ArticleView]:
        """Every article, newest first (then by id): for exports and dumps."""
        reader = self._searcher.reader()
        keyed = []
        for docnum in reader.all_doc_ids():
            stored = reader.stored_fields(docnum)
            keyed.append((_neg_date(stored.get("date") or ""), stored["id"], docnum))
        keyed.sort()
        for _, _, docnum in keyed:
            yield _view(reader.stored_fields(docnum))

    # --- one article ---------------------------------------------------------------------------------
    def _stored(self, doc_id: str) -> tuple[int, dict[str, Any]]:
        docnum = self._searcher.document_number(id=doc_id)
        if docnum is None:
            raise NotFoundError(f"No article with id {doc_id!r} in {self.index_dir}.",
                                hint="Ids are file names without extension; find them with: search query ...")
        return docnum, self._searcher.stored_fields(docnum)

    def show(self, doc_id: str) -> ArticleView:
        return _view(self._stored(doc_id)[1])

    def similar(self, doc_id: str, limit: int = 10, snippets: bool = True) -> Results:
        """More like this: the article's most distinctive words (tf-idf), as an OR query."""
        import math

        from .analysis import index_terms

        started = time.perf_counter()
        docnum, s = self._stored(doc_id)
        reader = self._searcher.reader()
        n = max(reader.doc_count(), 1)
        terms = index_terms(s.get("title") or "", s.get("body") or "", s.get("lang"))
        tf: dict[str, int] = {}
        for part in (terms.title, terms.body):
            for folded, positions in part.items():
                if len(folded) > 1 and not folded.isdigit():
                    tf[folded] = tf.get(folded, 0) + len(positions)

        scored = []
        for term, count in tf.items():
            df = reader.doc_frequency("body", term)
            if 2 <= df < n * 0.5:
                scored.append((count * math.log(n / df), term))
        scored.sort(reverse=True)
        top = [t for _, t in scored[:15]]
        if not top:
            return Results(f"similar:{doc_id}", 0, (), {}, took_ms=(time.perf_counter() - started) * 1000)
        q = wq.AndNot(wq.Or([wq.Term("body", t) for t in top]), wq.Term("id", doc_id))
        matched = Evaluator(self._postings()).run(q)
        hits = self._top(matched.score, [matched.mask], limit, 0, QueryTerms(folded=set(top)), snippets)
        return Results(f"similar:{doc_id}", len(hits), tuple(hits), {}, limit=limit,
                       took_ms=(time.perf_counter() - started) * 1000)


def _split(tiers: list[Any], preferred: Any) -> list[Any]:
    """Each tier (a document mask) split in two: its documents in ``preferred`` first."""
    out = []
    for docs in tiers:
        out += [docs & preferred, docs & ~preferred]
    return [t for t in out if t.any()]


def _neg_date(date: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in date) + (0,) if date else (1,)


def open_index(index_dir: str | Path = "index", registry: Any = None) -> SearchIndex:
    return SearchIndex(index_dir, registry)
