"""The read API of an index on a cluster: ``ClusterIndex`` answers as ``search.query.searcher.SearchIndex``
does (``search``, ``show``, ``similar``, ``overview``, ``articles``; ``reader`` and ``registry()`` for the
officials lookups and the site), with the same results.

A query, step by step (each step one request):

1. the query's words: languages, count, each word's document frequency and spellings (``reader.prefetch``);
   the query is then compiled by the local compiler (``search/query/compile.py``) into the same plan;
2. statistics (aggregations over the whole index): articles and field lengths per language, each scored
   node's articles per language, the count of the query and of each filter, whether each word of a long
   question is anywhere, the largest term frequencies, and (most of the time) the facets;
3. the universe (``universe.py``): every article the query lists, with its fields and leaf values (several
   pages or requests for large ones); the local scorer ranks them: tiers, most-words, ties;
4. the page's articles (``mget``), highlighted by the local snippet code.

A query with filters only (no words) is ranked by date by the cluster, which then sends the page alone.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from typing import Any, Self, cast

import numpy as np

from ..analysis import segmentation_pieces
from ..errors import NotFoundError, QueryError
from ..index.reader import IndexReader
from ..lang.fold import fold
from ..officials.registry import Registry
from ..query import plan as p
from ..query import syntax as ql
from ..query.compile import Compiled, compile_query, joined_words, segmented_words
from ..query.facets import CASE_ROWS, case_key, case_rows, ordered
from ..query.facets import NAMES as FACETS
from ..query.searcher import (
    ID_HINT,
    MOST_WORDS,
    RELAX_BELOW,
    RELAX_WORDS,
    Opened,
    Relaxed,
    filter_nodes,
    make_hit,
    relax,
    split_tiers,
    top_page,
)
from ..query.similar import MIN_SHARED, distinctive_terms, marked, related_query
from ..query.snippets import QueryTerms
from ..query.suggest import Suggester
from ..records import ArticleView, Hit, Results
from . import dsl
from .client import Cluster
from .documents import key, wire
from .indices import PAGE, IndexTarget, registry_file
from .mapping import SCORED
from .reader import MAX_TERMS, ClusterReader, stored_of
from .universe import ClusterScorer, Statistics, Universe, fetch

Array = np.ndarray[Any, Any]


class ClusterIndex(Opened):
    """An index on a cluster, open for queries. Not thread-safe; keep one per thread."""

    reader: ClusterReader

    def __init__(self, cluster: Cluster, index: str, registry: Registry | None = None, owned: bool = False) -> None:
        self.owned = owned  # the connection was opened for this index: closed with it
        cluster.require_version()
        self.target = IndexTarget(cluster, index)
        self.meta = self.target.meta()  # IndexNotFoundError, or ClusterMappingError for a foreign index
        self.index_dir = self.target.where  # where, for messages (SearchIndex's attribute of that name)
        self.reader = ClusterReader(self.target, registry_file(self.meta.get("registry")))
        self._registry = registry
        self.inconsistent = 0  # queries where the cluster's count and ours disagreed (the tests want none)
        self.tiered = 0  # queries whose page came from their first tiers only

    def close(self) -> None:
        if self.owned:
            self.target.cluster.client.close()

    # --- search --------------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10, offset: int = 0, filters: dict[str, Any] | None = None,
               facets: Sequence[str] | None = None, snippets: bool = True, suggest: bool = True) -> Results:
        """As ``SearchIndex.search``."""
        started = time.perf_counter()
        facet_names = list(FACETS if facets is None else facets)
        unknown = [f for f in facet_names if f not in FACETS]
        if unknown:
            raise QueryError(f"unknown facet(s): {', '.join(unknown)}", hint=f"Facets: {', '.join(FACETS)}")
        parsed = ql.with_filters(ql.parse(query), filter_nodes(filters or {}))
        self.reader.reset()  # this query's view of the index
        self.reader.prefetch(parsed, joined_words(parsed.node))  # Việt Nam: vietnam too, in the same request
        # The pieces of its Khmer (Thai, Lao...) words in one request, not one per word (35 for a paragraph)
        # (folded, as compile.alternatives looks them up: a traditional Chinese piece is its simplified form)
        pieces = list(dict.fromkeys(fold(piece) for w in sorted(segmented_words(parsed.node))
                                    for piece in segmentation_pieces(w)))
        for f in ("body", "title") if pieces else ():
            self.reader.frequencies(f, pieces)
        compiled = compile_query(parsed, cast(IndexReader, self.reader), self.official, self.may_name,
                                 self.name_keys, self.hiding_keys, self.registry().name_words)
        if compiled.query is None and not compiled.filters:
            return Results(query, 0, (), {}, None, tuple(compiled.notes), offset, limit,
                           (time.perf_counter() - started) * 1000)
        run = _Query(self, compiled, facet_names)
        total, relaxed, hits, facet_counts = run.answer(limit, offset, snippets)
        facet_counts = self.case_rows(facet_counts)
        suggestion = None
        if suggest and total < 3 and len(compiled.words) <= 4:
            suggestion = Suggester(cast(Any, self), self._count).suggest(query, compiled.words, total)
        return Results(query, total, tuple(hits), facet_counts, suggestion, tuple(compiled.notes), offset, limit,
                       (time.perf_counter() - started) * 1000, relaxed, len(compiled.parts))

    def case_rows(self, facets: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        """Values that differ only in case as one row (``facets.case_rows``), spelled as the collection spells
        them most often: its values and their live counts, read (once a query) when some differ only in case."""
        out = dict(facets)
        for name in CASE_ROWS:
            if not facets.get(name):
                continue
            values = self.reader.field_terms(name)
            if len({case_key(v) for v in values}) == len(values):
                continue
            totals = {v: n for v, n in self.reader.frequencies(name, values).items() if n}
            out[name] = ordered(name, case_rows(facets[name], totals))
        return out

    def _count(self, query: str) -> int:
        return self.search(query, limit=0, facets=[], snippets=False, suggest=False).total

    # --- the whole collection -------------------------------------------------------------------------
    def overview(self, facets: Sequence[str] = FACETS) -> Results:
        started = time.perf_counter()
        found = self.target.search(f"count the articles of {self.target.name}", {
            "size": 0, "track_total_hits": True, "aggs": facet_aggs(facets)})
        self.reader.reset()
        return Results("", int(found["hits"]["total"]["value"]), (),
                       self.case_rows(facet_counts(found["aggregations"], facets, self.target)),
                       took_ms=(time.perf_counter() - started) * 1000)

    def articles(self) -> Iterator[ArticleView]:
        """Every article, newest first (then by id)."""
        for hit in self.target.scan(f"read the articles of {self.target.name}", dsl.MATCH_ALL, [], source=True,
                                    sort=BY_DATE):
            yield ArticleView.from_stored(stored_of(hit))

    # --- one article ---------------------------------------------------------------------------------
    def stored(self, doc_id: str) -> tuple[int, dict[str, Any]]:
        from opensearchpy.exceptions import NotFoundError as Missing

        try:
            found = self.target.cluster.call(f"read article {doc_id}", "get", index=self.target.name,
                                             id=key(doc_id))
        except Missing:
            found = {}
        if not found.get("found"):
            raise NotFoundError(f"No article with id {doc_id!r} in {self.index_dir}.",
                                hint=ID_HINT)
        return 0, stored_of(found)

    def show(self, doc_id: str) -> ArticleView:
        return ArticleView.from_stored(self.stored(doc_id)[1])

    def sources(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        keys = {key(i): i for i in ids}  # _id -> the article's id (the same but for a long id)
        found = self.target.cluster.call(f"read {len(ids)} articles", "mget", index=self.target.name,
                                         body={"ids": list(keys)})
        return {keys[d["_id"]]: stored_of(d) for d in found["docs"] if d.get("found")}

    def related(self) -> Self:
        """``similar`` for many articles in a row (an export): each is its own request here."""
        return self

    def similar(self, doc_id: str, limit: int = 10, snippets: bool = True) -> Results:
        """More like this (``search/query/similar.py``): the article's most distinctive words, their plans
        evaluated over the articles that share at least two of them."""
        started = time.perf_counter()
        _, s = self.stored(doc_id)
        self.reader.reset()
        self.reader.frequencies("body", distinctive_terms(s))
        top, parts = related_query(s, self.reader.doc_count(), lambda t: self.reader.doc_frequency("body", t))
        name = f"similar:{doc_id}"
        if not top:
            return Results(name, 0, (), {}, took_ms=(time.perf_counter() - started) * 1000)
        translator = self.translator()
        matched_plan = p.AndNot(p.any_of(parts), p.Term("id", doc_id))
        shared = min(MIN_SHARED, len(top))
        query = dsl.all_of([dsl.at_least([translator.match(part) for part in parts], shared),
                            translator.match(matched_plan)])
        stats, _ = statistics(self.target, [matched_plan, *parts], translator, {})
        universe = fetch(self.target, query, dsl.leaves(matched_plan), translator, stats, "find related articles")
        scorer = ClusterScorer(universe, stats)
        runs = [scorer.run(part) for part in parts]
        together = np.sum([r.mask for r in runs], axis=0)
        matched = scorer.run(matched_plan)
        mask = matched.mask & (together >= shared)
        page = top_page(universe.docs.order, matched.score, [mask], limit, 0)
        hits = self._hits(universe, page, matched.score, marked(top), snippets, None)
        return Results(name, int(mask.sum()), tuple(hits), {}, limit=limit,  # total: every related article
                       words=len(top), took_ms=(time.perf_counter() - started) * 1000)

    def translator(self) -> dsl.Translator:
        """Plans -> queries, with this index's spellings (and which of them a title holds, in one request)."""
        reader = self.reader
        return dsl.Translator(lambda prefix: list(reader.expand_prefix("exact", prefix)),
                              lambda field, terms: {t for t, n in reader.frequencies(field, terms).items() if n},
                              self.phrase_articles, self.query_articles)

    def query_articles(self, query: dsl.Query) -> list[str]:
        """The ids of the articles ``query`` matches (a title prefix over the limit of clauses, in parts)."""
        return [hit["sort"][0] for hit in self.target.scan(f"match a prefix in {self.target.name}", query, [])]

    def phrase_articles(self, translator: dsl.Translator, phrase: p.Phrase) -> list[str]:
        """The ids of the articles where ``phrase`` matches, for a phrase whose query is over OpenSearch's
        limit of 1,024 clauses a query: only an article with every word can match (found a few hundred
        words at a time), and there a spelling of a word that none of them holds cannot stand in the phrase,
        so the phrase is asked, among them, with the spellings they hold (one or two a word, not a dozen)."""
        target, what = self.target, f"match a long phrase in {self.target.name}"
        candidates: list[str] | None = None
        batch: list[dsl.Query] = []
        batches: list[list[dsl.Query]] = []
        used = 0  # the batch's clauses (counted once a word: counting the batch again each time was quadratic)
        for word in phrase.words:
            q = translator.prefix(word) if isinstance(word, p.Prefix) else translator.spellings(word)
            n = dsl.clauses(q)
            if batch and used + n > dsl.REQUEST_CLAUSES:
                batches.append(batch)
                batch, used = [], 0
            batch.append(q)
            used += n
        batches.append(batch)
        for words in batches:
            known = [{"terms": {"id": candidates}}] if candidates is not None and len(candidates) <= PAGE else []
            ids = [hit["sort"][0] for hit in target.scan(what, dsl.all_of([*known, *words]), [])]
            candidates = ids if candidates is None else sorted(set(candidates) & set(ids))
            if not candidates:
                return []
        assert candidates is not None
        spelled = [w for w in phrase.words if isinstance(w, p.Spellings)]  # a prefix is kept whole
        terms = list(dict.fromkeys(t for w in spelled
                                   for t in (*w.terms, *w.loose, *(k.partition(" ")[0] for k in w.spelled))))
        matched: list[str] = []
        for start in range(0, len(candidates), PAGE):
            among: dsl.Query = {"terms": {"id": candidates[start:start + PAGE]}}
            held: set[str] = set()
            for first in range(0, len(terms), MAX_TERMS):
                part = terms[first:first + MAX_TERMS]
                found = target.search(what, {"size": 0, "query": among, "aggs": {"held": {"filters": {"filters": {
                    str(i): {"term": {phrase.field: wire(t)}} for i, t in enumerate(part)}}}}})
                buckets = found["aggregations"]["held"]["buckets"]
                held |= {t for i, t in enumerate(part) if buckets[str(i)]["doc_count"]}
            narrowed = p.Phrase(phrase.field, tuple(
                w if isinstance(w, p.Prefix) else
                p.Spellings(w.field, tuple(t for t in w.terms if t in held), tuple(t for t in w.loose if t in held),
                            tuple(k for k in w.spelled if k.partition(" ")[0] in held), w.boost)
                for w in phrase.words), phrase.slop, phrase.gaps)
            query = dsl.all_of([among, translator.phrase_query(narrowed)])
            matched += [hit["sort"][0] for hit in target.scan(what, query, [])]
        return matched

    def _hits(self, universe: Universe, page: list[int], score: Array, terms: QueryTerms, snippets: bool,
              words: Array | None) -> list[Hit]:
        found = self.sources([universe.ids[d] for d in page])
        return [make_hit(found[universe.ids[d]], float(score[d]), terms, snippets,
                         int(words[d]) if words is not None else None)
                for d in page if universe.ids[d] in found]


# The local tie order: newest first (a date after the time of indexing has no "newest": last), then id.
BY_DATE = [{"newest": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]


class _Query:
    """One query's requests (see the module docstring) and the local ranking over its universe."""

    def __init__(self, ix: ClusterIndex, compiled: Compiled, facet_names: list[str]) -> None:
        self.ix = ix
        self.compiled = compiled
        self.facet_names = facet_names
        self.translator = ix.translator()

    def answer(self, limit: int, offset: int, snippets: bool) -> tuple[int, int, list[Hit], dict[str, Any]]:
        """(total, articles with most of the words, the page's hits, facet counts)."""
        c, m = self.compiled, self.translator
        target = self.ix.target
        main = c.query if c.query is not None else p.Every()
        q_main = m.fitted(main)
        q_filters = [m.match(f) for f in c.filters]
        q_allowed = dsl.all_of(q_filters)
        q_matched = dsl.all_of([q_main, q_allowed])
        relaxing = len(c.parts) >= RELAX_WORDS
        q_parts = [m.match(part) for part in c.parts] if relaxing else []
        checks = {"total": q_matched, **{f"f{i}": q for i, q in enumerate(q_filters)},
                  **{f"p{i}": q for i, q in enumerate(q_parts)}}
        if relaxing and c.filters:  # the query's words alone: whether to relax (searcher.py, relaxes)
            checks["words"] = q_main
        # The tiers (searcher.py): where the words stand together, then where they are spelled as typed.
        tiers = [q_matched]
        for preferred in (c.adjacent, c.exact):
            if preferred is not None and c.query is not None:
                q_preferred = m.match(preferred)
                tiers = [t for q in tiers for t in (dsl.all_of([q, q_preferred]), dsl.but_not(q, q_preferred))]
        if len(tiers) > 1 and max(map(dsl.clauses, tiers)) > dsl.REQUEST_CLAUSES:
            # A pasted paragraph: the query and its adjacency (the whole text as one phrase) are each under
            # OpenSearch's limit of 1,024 clauses a query, together over it. The tiers only spare fetching
            # articles of later tiers: every article listed is fetched and ranked here instead.
            tiers = [q_matched]
        if len(tiers) > 1:
            checks.update({f"t{i}": q for i, q in enumerate(tiers)})
        plans = [n for n in (main, *c.filters, c.adjacent, c.exact, *c.parts, c.excluded) if n is not None]
        listed_known = not relaxing  # the articles listed are those matched: facets in the same request
        stats, found = statistics(target, plans if c.query is not None else [], m, checks,
                                  q_matched if listed_known else None, self.facet_names)
        counts = {k: int(b["doc_count"]) for k, b in found["aggregations"]["checks"]["buckets"].items()}
        for i, label in enumerate(c.filter_labels):
            if label and not counts[f"f{i}"]:  # never a silent 0: say which filter finds nothing at all
                c.notes.append(f"{label} matches no article in this index")
        total = counts["total"]
        present: list[bool] = []
        q_listed = q_matched
        if relaxing and total < RELAX_BELOW and counts.get("words", total) < RELAX_BELOW:
            present = [counts[f"p{i}"] > 0 for i in range(len(q_parts))]
            need = max(2, math.ceil(sum(present) * MOST_WORDS))
            # matched, or most of the words and not excluded (both allowed): the query's words once, for
            # OpenSearch's limit of 1,024 clauses a query. An article matched has every word and none excluded
            # (the query is its parts and not the excluded ones, compile.py), so it has most of them: the
            # matched ones need no query of their own (a pasted question had its words twice, over the limit).
            most = dsl.at_least(q_parts, need)
            if c.excluded is not None:
                most = dsl.but_not(most, m.match(c.excluded))
            q_listed = dsl.all_of([q_allowed, most])
        if listed_known:
            listed = found["aggregations"]["listed"]
            facets = facet_counts(listed, self.facet_names, target, q_matched)
            listed_total = int(listed["doc_count"])
        else:
            more = target.search(f"count the facets on {target.name}", {
                "size": 0, "track_total_hits": True, "query": q_listed, "aggs": facet_aggs(self.facet_names)})
            facets = facet_counts(more.get("aggregations") or {}, self.facet_names, target, q_listed)
            listed_total = int(more["hits"]["total"]["value"])
        if not (listed_total and limit > 0):
            self._note_relaxed(total, listed_total - total, present)
            return total, listed_total - total, [], facets
        if c.query is None:  # filters only: every article scores 1, ranked by date then id by the cluster
            return total, 0, self._by_date(q_matched, limit, offset, snippets), facets
        leaves = [leaf for plan in plans for leaf in dsl.leaves(plan)]
        q_fetched, expected = q_listed, None
        if q_listed is q_matched and len(tiers) > 1:
            # Only the first tiers that fill the page are ranked: every hit of a tier ranks above the next's.
            fetched, expected = 0, 0
            while fetched < len(tiers) and expected < offset + limit:
                expected += counts[f"t{fetched}"]
                fetched += 1
            if fetched < len(tiers):
                q_fetched = dsl.any_of(tiers[:fetched])
                self.ix.tiered += 1
            else:
                expected = None
        universe = fetch(target, q_fetched, leaves, m, stats)
        answer = self._rank(universe, stats, present, total, listed_total, facets, limit, offset, snippets, expected)
        if answer is None:  # the cluster's counts were not ours: every listed article, our own facet counts
            universe = fetch(target, q_listed, leaves, m, stats, keywords=True)
            answer = self._rank(universe, stats, present, total, listed_total, facets, limit, offset, snippets)
        assert answer is not None
        return answer

    def _rank(self, universe: Universe, stats: Statistics, present: list[bool], total: int, listed_total: int,
              facets: dict[str, Any], limit: int, offset: int, snippets: bool, tiered: int | None = None
              ) -> tuple[int, int, list[Hit], dict[str, Any]] | None:
        """``SearchIndex.search`` from the scoring on, over the universe. ``tiered``: the universe holds only
        the first tiers, with that many articles (None if they are not what we find)."""
        c = self.compiled
        scorer = ClusterScorer(universe, stats)
        assert c.query is not None
        matched = scorer.run(c.query)
        allowed = scorer.live.copy()
        for f in c.filters:
            allowed &= scorer.mask(f)
        mask = matched.mask & allowed
        ours = int(mask.sum())
        if tiered is not None:
            if ours != tiered:
                self.ix.inconsistent += 1
                return None
            ours = total  # the articles of the tiers not fetched are counted by the cluster
        score = matched.score
        tiers = [mask]
        if ours and c.adjacent is not None:  # (``ours``: the count, not the universe's share of it)
            tiers = split_tiers(tiers, scorer.mask(c.adjacent))
        if ours and c.exact is not None:
            tiers = split_tiers(tiers, scorer.mask(c.exact))
        relaxed = Relaxed()
        if len(c.parts) >= RELAX_WORDS and ours < RELAX_BELOW and present:  # present: relaxing (``answer``)
            relaxed = relax(scorer, c, allowed & ~mask, present)
            if relaxed.total and relaxed.score is not None:
                score = np.where(mask, score, relaxed.score)
                tiers += relaxed.tiers
        listed = mask if relaxed.mask is None else mask | relaxed.mask
        if tiered is None and (ours != total or int(listed.sum()) != listed_total):
            # The cluster's counts are not ours (the index changed between two requests): our own counts,
            # and facets counted here.
            self.ix.inconsistent += 1
            if not universe.keywords:
                return None  # fetched again with the facets' values (``answer``)
            facets = universe.facet_counts(np.flatnonzero(listed), self.facet_names)
        self._note_relaxed(ours, relaxed.total, present, relaxed.need)
        page = top_page(universe.docs.order, score, tiers, limit, offset)
        terms = c.terms if snippets else QueryTerms()
        hits = self.ix._hits(universe, page, score, terms, snippets, relaxed.words if relaxed.total else None)
        return ours, relaxed.total, hits, facets

    def _note_relaxed(self, total: int, partial: int, present: list[bool], need: int | None = None) -> None:
        c = self.compiled
        if not partial:
            return
        need = need or max(2, math.ceil(sum(present) * MOST_WORDS))
        c.notes.append(f"{total} article{'s' if total != 1 else ''} contain{'s' if total == 1 else ''} every word; "
                       f"{partial} more with at least {need} of the {len(c.parts)} words follow")

    def _by_date(self, query: dsl.Query, limit: int, offset: int, snippets: bool) -> list[Hit]:
        ids: list[str] = []
        for hit in self.ix.target.scan(f"list articles of {self.ix.target.name}", query, [], sort=BY_DATE):
            ids.append(str(hit["sort"][1]))
            if len(ids) >= offset + limit:
                break
        page = ids[offset:offset + limit]
        found = self.ix.sources(page)
        terms = self.compiled.terms if snippets else QueryTerms()
        return [make_hit(found[i], 1.0, terms, snippets) for i in page if i in found]


def statistics(target: IndexTarget, plans: list[p.Node], translator: dsl.Translator, checks: dict[str, dsl.Query],
               listed: dsl.Query | None = None, facets: Sequence[str] = ()) -> tuple[Statistics, dict[str, Any]]:
    """The index's statistics for ``plans`` (``universe.Statistics``), the count of each of ``checks``, and,
    with ``listed``, facet counts over it: one request. (Which bits of the words' frequencies the articles
    have is asked with the articles, ``universe.fetch``.)"""
    nodes = list(dict.fromkeys(n for plan in plans for n in dsl.scored_nodes(plan)))
    aggs: dict[str, Any] = {
        "langs": {"terms": {"field": "lang", "size": MAX_TERMS},
                  "aggs": {f"len_{f}": {"sum": {"field": f"length.{f}"}} for f in SCORED}},
        "checks": {"filters": {"filters": checks or {"all": dsl.MATCH_ALL}}},
        **{f"bits_{f}": {"max": {"field": f"maxtf.{f}"}} for f in SCORED},
    }
    if nodes:
        aggs["nodes"] = {"filters": {"filters": {str(i): translator.match(n) for i, n in enumerate(nodes)}},
                         "aggs": {"lang": {"terms": {"field": "lang", "size": MAX_TERMS}}}}
    if listed is not None:
        aggs["listed"] = {"filter": listed, "aggs": facet_aggs(facets)}
    found = target.search(f"read the statistics of {target.name}", {"size": 0, "track_total_hits": True,
                                                                      "aggs": aggs})
    a = found["aggregations"]
    buckets = sorted(a["langs"]["buckets"], key=lambda b: b["key"])
    langs = [b["key"] for b in buckets]
    stats = Statistics(langs, np.array([b["doc_count"] for b in buckets], dtype=np.int64),
                       {f: np.array([b[f"len_{f}"]["value"] for b in buckets], dtype=np.float64) for f in SCORED})
    for f in SCORED:
        stats.bits[f] = max(0, int(a[f"bits_{f}"]["value"] or 0) - 1).bit_length()  # of the frequency less one
    for i, node in enumerate(nodes):
        bucket = a["nodes"]["buckets"][str(i)]
        per = np.zeros(len(langs), dtype=np.int64)
        for b in bucket["lang"]["buckets"]:
            per[stats.code(b["key"])] = b["doc_count"]
        stats.frequencies[node] = (per, int(bucket["doc_count"]))
    return stats, found


def facet_aggs(names: Sequence[str]) -> dict[str, Any]:
    return {name: {"terms": {"field": name, "size": MAX_TERMS}} for name in names}


def facet_counts(aggs: dict[str, Any], names: Sequence[str], target: IndexTarget,
                 query: dsl.Query | None = None) -> dict[str, dict[str, int]]:
    """Terms aggregations (over the articles ``query`` matches) -> facet counts in the order the local engine
    shows them (no "" value). A facet with more than ``MAX_TERMS`` values among them (sources of a large
    archive) is counted again in full, in pages: the local engine counts every value."""
    out: dict[str, dict[str, int]] = {}
    for name in names:
        if aggs[name].get("sum_other_doc_count"):
            counts = target.terms(f"count the values of {name} in {target.name}", name, query)
        else:
            counts = {str(b["key"]): int(b["doc_count"]) for b in aggs[name]["buckets"]}
        out[name] = ordered(name, {k: n for k, n in counts.items() if k != ""})
    return out


def open_cluster_index(opensearch: str | Cluster | None, index: str, registry: Registry | None = None
                       ) -> ClusterIndex:
    """The index ``index`` on the cluster at ``opensearch`` (a URL, several separated by commas, or None for
    ``SEARCH_OPENSEARCH_URL``)."""
    from .build import connect

    return ClusterIndex(connect(opensearch), index, registry, owned=not isinstance(opensearch, Cluster))
