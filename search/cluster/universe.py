"""The articles a query can list, fetched from the cluster with what scoring them needs, and the local scorer
(``search/query/score.py``) run over them with the whole index's statistics.

Our BM25 (K1 3, B 0.75, per-language statistics smoothed by ``PRIOR_DOCS``, Lucene's idf, the sum of a word's
spellings' frequencies, lengths as the local index rounds them) cannot be computed inside OpenSearch without
scripts, and its own BM25 differs in every one of these. So OpenSearch finds the articles (``dsl.py``) and
counts (aggregations), and the ranking is computed here, by the same code as locally, from:

- per article (a ``Universe``): its language, spelling class, date, id, field lengths, and each leaf's value
  (``dsl.Group``: a sum of term frequencies, read back as a named query's score; ``Keyword``/``Matches``:
  whether it matches), for every article the query lists;
- per index (``Statistics``): articles and total field lengths per language, and for each scored node the
  articles holding it per language (aggregations over the whole index).

Every number is an integer until the same numpy expressions as locally combine them, so the scores are the
local engine's, bit for bit, and so are the totals, the tiers and the order of ties.

    universe = fetch(target, query, leaves, translator, stats)
    scorer = ClusterScorer(universe, stats)
    scorer.run(plan).score                     # one score per article of the universe
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..index.docarrays import CODED_FIELDS, DocArrays
from ..index.reader import Postings
from ..query import plan as p
from ..query.score import PRIOR_DOCS, Scored, Scorer
from . import dsl
from .documents import tf_token
from .indices import PAGE, IndexTarget, values
from .mapping import SCORED

Array = np.ndarray[Any, Any]
KEYWORD_FACETS = ("official", "country", "role")
# Year and month: from the date; "newest" (the tie order) and "source" (a one-valued facet) as sent.
DOC_FIELDS = ["lang", "spelled", "date", "newest", "source", *(f"length.{f}" for f in SCORED)]
NodeKey = p.Term | p.Spellings
TOKEN_BITS = 16  # bits of a frequency whose tokens are looked for (higher ones: assumed)
IDS_AGAIN = 50_000  # articles named by id in a universe's further requests (a terms query takes 65,536 terms)
TOKENS_ASSUMED = 256  # up to this many tf tokens, every one is asked for (no request to find which exist)


@dataclass
class Statistics:
    """The whole index's statistics for one query (``searcher.py`` reads them with aggregations)."""

    langs: list[str]  # every language in the index, sorted: the code of a language is its place here
    docs: Array  # int64: articles per language
    lengths: dict[str, Array]  # field -> float64: total length per language (integers)
    frequencies: dict[NodeKey, tuple[Array, int]] = field(default_factory=dict)  # node -> (per language, all)
    bits: dict[str, int] = field(default_factory=dict)  # field -> bits of its largest term frequency less one
    tokens: set[str] | None = None  # the tf tokens some article fetched has (None: assume every one)

    def present(self, field_name: str, term: str, bit: int) -> bool:
        return self.tokens is None or bit >= TOKEN_BITS or tf_token(field_name, term, bit) in self.tokens

    def code(self, lang: str) -> int:
        try:
            return self.langs.index(lang)
        except ValueError:  # an article indexed after the statistics were read: a language of its own
            self.langs.append(lang)
            self.docs = np.append(self.docs, 0)
            self.lengths = {f: np.append(v, 0.0) for f, v in self.lengths.items()}
            self.frequencies = {k: (np.append(d, 0), n) for k, (d, n) in self.frequencies.items()}
            return len(self.langs) - 1


class Universe:
    """Articles of the cluster, numbered 0..n-1 in id order, with per-article arrays and leaf values."""

    def __init__(self, ids: list[str], docs: DocArrays, keywords: dict[str, list[list[str]]],
                 values: dict[dsl.Leaf, Array], total: int | None = None) -> None:
        self.ids = ids
        self.docs = docs
        self.keywords = keywords  # facet -> its values per article (official, country, role)
        self.values = values  # leaf -> float64 per article (a frequency, or 1.0 where a match)
        self.total = total  # the cluster's count of the query (a cross-check)

    @property
    def size(self) -> int:
        return len(self.ids)

    def value(self, leaf: dsl.Leaf) -> Array:
        found = self.values.get(leaf)
        if found is None:
            raise KeyError(f"leaf not fetched: {leaf!r}")
        return found

    def matched(self, leaf: dsl.Leaf) -> Array:
        return self.value(leaf) > 0

    def facet_counts(self, docs: Array, names: Iterable[str]) -> dict[str, dict[str, int]]:
        """Facet counts over ``docs`` (universe numbers), from the fetched values."""
        from ..query.facets import BY_NAME, ordered

        out: dict[str, dict[str, int]] = {}
        for name in names:
            counter: dict[str, int] = {}
            if BY_NAME[name].coded:
                vocab, codes = self.docs.codes[name]
                for i, n in enumerate(np.bincount(codes[docs], minlength=len(vocab)).tolist() if len(docs) else []):
                    if n and vocab[i]:
                        counter[vocab[i]] = n
            else:
                rows = self.keywords[name]
                for d in docs.tolist():
                    for v in rows[d]:
                        counter[v] = counter.get(v, 0) + 1
            out[name] = ordered(name, counter)
        return out


class UniverseReader:
    """The read API the scorer uses (``search.index.reader.IndexReader``), over a universe."""

    def __init__(self, universe: Universe) -> None:
        self.universe = universe
        self.docs = universe.docs

    @property
    def size(self) -> int:
        return self.universe.size

    def doc_count(self) -> int:
        return self.universe.size

    def scorable(self, field: str) -> bool:
        return field in SCORED

    def postings(self, field: str, text: str, positions: bool = False) -> Postings:
        """A term's postings within the universe (positions are never read: phrases are matched by the
        cluster)."""
        leaf: dsl.Leaf = dsl.Group(field, (text,)) if field in SCORED else dsl.Keyword(field, text)
        weights = self.universe.value(leaf)
        ids = np.flatnonzero(weights)
        return Postings(ids, weights[ids])


class ClusterScorer(Scorer):
    """The local scorer over a universe: the statistics are the whole index's (``Statistics``); a word's
    frequencies, a phrase's and a prefix's matches come from the universe's leaves."""

    def __init__(self, universe: Universe, stats: Statistics) -> None:
        self.universe = universe
        self.stats = stats
        self._current: tuple[Array, int] | None = None
        super().__init__(UniverseReader(universe))  # type: ignore[arg-type]  # the read API, duck-typed

    def group_docs(self) -> Array:
        return self.stats.docs

    def average_lengths(self, field: str) -> Array:
        """As ``Scorer.average_lengths``, from the index's total lengths per language."""
        avg = self._group_lengths.get(field)
        if avg is None:
            docs = self.group_docs()
            totals = self.stats.lengths[field]
            overall = totals.sum() / max(int(docs.sum()), 1)
            avg = (totals + PRIOR_DOCS * overall) / (docs + PRIOR_DOCS)
            avg[avg <= 0] = 1.0
            self._group_lengths[field] = avg
        return avg

    def frequencies(self, ids: Array, groups: Array) -> tuple[Array, int]:
        assert self._current is not None, "a node scored without its statistics"
        return self._current

    def _eval(self, q: p.Node) -> Scored:
        if (isinstance(q, p.Term) and q.field in SCORED) or isinstance(q, p.Spellings):
            self._current = self.stats.frequencies[q]
        elif isinstance(q, p.Prefix):
            out = self.empty()
            out.mask[:] = self.universe.matched(dsl.Matches(q))
            out.score[out.mask] = 1.0
            return out
        return super()._eval(q)

    def spellings(self, sp: p.Spellings) -> tuple[Array, Array]:
        """As ``Scorer.spellings`` (the frequencies of a word's spellings summed, loose and spelled ones only
        where they count), from the universe's sums."""
        tf = np.zeros(self.size)
        if sp.terms:
            tf += self.universe.value(dsl.Group(sp.field, sp.terms))
        if sp.loose:
            tf += np.where(self.folded_docs, self.universe.value(dsl.Group(sp.field, sp.loose)), 0.0)
        for key in sp.spelled:
            where = self.universe.matched(dsl.Group("exact", (key,))) & self.folded_docs
            tf += np.where(where, self.universe.value(dsl.Group(sp.field, (key.partition(" ")[0],))), 0.0)
        ids = np.flatnonzero(tf)
        return ids, tf[ids]

    def phrase(self, words: list[p.Spellings | p.Prefix], slop: int, candidates: Array,
               gaps: tuple[int, ...] = ()) -> Array:
        node = p.Phrase(words[0].field, tuple(words), slop, gaps)
        found: Array = self.universe.matched(dsl.Matches(node)) & candidates
        return found


def tokens_among(target: IndexTarget, leaves: Iterable[dsl.Leaf], stats: Statistics, what: str) -> set[str] | None:
    """The tf tokens of the groups' terms (the bits under each field's largest frequency) that some article
    of the index may have; None (assume every one) when there are few to ask for. A pasted paragraph has
    thousands: their document frequencies (``IndexTarget.held``), not a filters aggregation, whose cost is
    a look-up per token for each article it counts (3 to 4 s of a 5 to 15 s query on 3,655 articles)."""
    groups = dict.fromkeys((leaf.field, t) for leaf in leaves if isinstance(leaf, dsl.Group) for t in leaf.terms)
    tokens = [tf_token(f, t, bit) for f, t in groups for bit in range(min(stats.bits.get(f, 0), TOKEN_BITS))]
    if len(tokens) <= TOKENS_ASSUMED:
        return None
    return target.held(f"{what} on {target.name}", "tf", tokens)


def named_leaves(leaves: list[dsl.Leaf], translator: dsl.Translator,
                 stats: Statistics) -> list[tuple[str, dsl.Query, dsl.Leaf]]:
    """Each leaf as named queries (a large group in several parts, summed back; a bit of a frequency that no
    article fetched has is left out: its values are 0)."""
    out: list[tuple[str, dsl.Query, dsl.Leaf]] = []
    for i, leaf in enumerate(leaves):
        if isinstance(leaf, dsl.Group):
            for j, part in enumerate(dsl.group_parts(leaf, stats.present, stats.bits.get(leaf.field, 0))):
                if not part:
                    continue
                q = dsl.group_query(leaf.field, part)
                q["bool"]["_name"] = f"g{i}.{j}"
                out.append((f"g{i}.{j}", q, leaf))
        else:
            inner = ({"term": {leaf.field: leaf.value}} if isinstance(leaf, dsl.Keyword)
                     else translator.match(leaf.node))
            out.append((f"m{i}", {"constant_score": {"filter": inner, "_name": f"m{i}"}}, leaf))
    return out


def fetch(target: IndexTarget, query: dsl.Query, leaves: Iterable[dsl.Leaf], translator: dsl.Translator,
          stats: Statistics, what: str = "search", keywords: bool = False) -> Universe:
    """Every article matching ``query``, with its fields and the value of each leaf (``keywords``: and its
    officials, countries and roles, to count facets here)."""
    unique = list(dict.fromkeys(leaves))
    if stats.tokens is None:
        stats.tokens = tokens_among(target, unique, stats, what)
    named = named_leaves(unique, translator, stats)
    by_name = {name: leaf for name, _, leaf in named}
    requests = dsl.pack([(name, q) for name, q, _ in named]) or [[]]
    ids: list[str] = []
    index: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    sums: dict[dsl.Leaf, Array] = {}
    total: int | None = None
    for r, request in enumerate(requests):
        # After the first request, the articles by id: a pasted paragraph's query (thousands of clauses) was
        # evaluated again for every further request of named queries (9 for a paragraph typed without accents)
        again = query if r == 0 or len(ids) > IDS_AGAIN else {"terms": {"id": ids}}
        body: dict[str, Any] = {"query": again, "size": PAGE, "sort": [{"id": "asc"}], "_source": False,
                                "stored_fields": "_none_",
                                "docvalue_fields": ([*DOC_FIELDS, *KEYWORD_FACETS] if keywords else DOC_FIELDS)
                                if r == 0 else [],
                                "track_total_hits": r == 0}
        if request:  # named queries: in a filter that keeps every hit, read per hit (matched_queries)
            body["post_filter"] = {"bool": {"must": [dsl.MATCH_ALL], "should": [q for _, q in request]}}
        after: list[Any] | None = None
        chunk: list[tuple[int, dict[str, float]]] = []
        while True:
            if after is not None:
                body["search_after"] = after
                body["track_total_hits"] = False
            found = target.search(f"{what} on {target.name}", body, include_named_queries_score="true")
            if r == 0 and total is None:
                total = int(found["hits"]["total"]["value"])
            hits = found["hits"]["hits"]
            for hit in hits:
                doc_id = hit["sort"][0]
                if r == 0:
                    index[doc_id] = len(ids)
                    ids.append(doc_id)
                    rows.append(hit.get("fields") or {})
                n = index.get(doc_id)
                if n is not None:
                    chunk.append((n, hit.get("matched_queries") or {}))
            if len(hits) < PAGE:
                break
            after = hits[-1]["sort"]
        for name, _ in request:
            leaf = by_name[name]
            if leaf not in sums:
                sums[leaf] = np.zeros(len(ids))
        for n, matched in chunk:
            for name, score in (matched.items() if isinstance(matched, dict) else ((m, 1.0) for m in matched)):
                found_leaf = by_name.get(name)
                if found_leaf is not None:
                    sums[found_leaf][n] += score if isinstance(found_leaf, dsl.Group) else 1.0
    docs, values_of = _arrays(ids, rows, stats, keywords)
    for leaf in unique:
        sums.setdefault(leaf, np.zeros(len(ids)))
    return Universe(ids, docs, values_of, sums, total)


def _arrays(ids: list[str], rows: list[dict[str, Any]], stats: Statistics,
            keywords: bool) -> tuple[DocArrays, dict[str, Any]]:
    n = len(ids)

    def one(row: dict[str, Any], name: str) -> str:
        found = row.get(name)
        return str(found[0]) if found else ""

    docs = DocArrays("universe", n, np.ones(n, dtype=bool), np.zeros(n, dtype=np.int64))
    for f in SCORED:
        docs.lengths[f] = np.array([float(one(r, f"length.{f}") or 0) for r in rows], dtype=np.float64)
    dates = [one(r, "date") for r in rows]
    # As search/index/prepare.py: a year alone has no month.
    derived = {"date": dates, "year": [d[:4] for d in dates], "month": [d[:7] if len(d) >= 7 else "" for d in dates]}
    for name in CODED_FIELDS:
        column = derived.get(name) or [one(r, name) for r in rows]
        if name == "lang":
            codes = np.array([stats.code(v) for v in column], dtype=np.int64)
            docs.codes[name] = (list(stats.langs), codes)
            continue
        vocab, inverse = np.unique(np.array(column or [""], dtype=str), return_inverse=True)
        docs.codes[name] = ([str(v) for v in vocab], inverse[:n].astype(np.int64))
    docs.order = tie_order(docs.codes["newest"])
    return docs, {name: [list(r.get(name) or ()) for r in rows] for name in KEYWORD_FACETS} if keywords else {}


def tie_order(dates: tuple[list[str], Array]) -> Array:
    """Rank by date (newest first; undated and future-dated last: pass the ``newest`` codes), then id: the
    articles are numbered in id order."""
    vocab, codes = dates
    n = len(codes)
    undated = np.array([v == "" for v in vocab], dtype=bool)[codes] if n else np.zeros(0, dtype=bool)
    newest_first = np.where(undated, len(vocab), len(vocab) - 1 - codes)
    order = np.empty(n, dtype=np.int64)
    order[np.lexsort((np.arange(n), newest_first))] = np.arange(n)
    return order


def keyword_values(hit: dict[str, Any], name: str) -> list[str]:
    return [str(v) for v in values(hit, name)]
