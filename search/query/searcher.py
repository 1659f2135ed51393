"""The read API of an index: ``open_index(dir).search(...)``, ``.show(id)``, ``.similar(id)``, ``.overview()``.

    with open_index("index") as ix:
        results = ix.search("Hun Manet", filters={"lang": ["fr"]}, facets=["official"])

One path from a user's words to a query: the query text is parsed (``syntax.py``), the filters (CLI flags,
``filters=``) are added to its tree as the ``name:value`` nodes they stand for, the tree is compiled into a plan
(``compile.py``) and scored over posting arrays (``score.py``). Results are typed records (``records.py``);
the CLI renders them as text or JSON, the HTML export through templates.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self

import numpy as np

from ..errors import NotFoundError, QueryError
from ..index.reader import IndexReader
from ..officials.registry import Official, Registry, load_registry
from ..records import ArticleView, Hit, Results, officials_of
from . import syntax as ql
from .compile import Compiled, compile_query
from .facets import BY_NAME, FacetCounter
from .facets import NAMES as FACETS
from .plan import Every
from .score import Scorer
from .snippets import QueryTerms, leading_text, make_snippets
from .suggest import Suggester

if TYPE_CHECKING:
    from .similar import Related

Array = np.ndarray[Any, Any]
RELAX_BELOW = 10  # fewer articles than this with every word: those with most of the words follow them
RELAX_WORDS = 4  # ...for a query of this many words or more: AND is right for a few words
MOST_WORDS = 1 / 3  # "most of the words": at least this share of them, and at least two


@dataclass
class Relaxed:
    """The articles that have most, not all, of a query's words (``SearchIndex.relax``)."""

    total: int = 0
    mask: Array | None = None
    score: Array | None = None
    tiers: list[Array] = field(default_factory=list)
    words: Array | None = None  # words matched, per document
    need: int = 0


class _Reader(Protocol):
    def doc_count(self) -> int: ...
    def registry_file(self) -> Any: ...


class Opened:
    """What an open index offers whatever holds it (a local folder, ``SearchIndex``; an OpenSearch cluster,
    ``search.cluster.searcher.ClusterIndex``): the officials registry it was built with, its size, and
    ``with ... as ix`` closing it."""

    reader: _Reader
    _registry: Registry | None

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def doc_count(self) -> int:
        return self.reader.doc_count()

    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = load_registry(self.reader.registry_file())[0]
        return self._registry

    def official(self, name: str) -> Official | None:
        """The registered official named ``name`` (any alias, any script), or whose id it is."""
        return self.registry().resolve(name) or self.registry().officials.get(name.strip())

    def name_keys(self, official_id: str) -> list[str]:
        """An official's names as the tagger finds them (``Registry.name_keys``), for highlighting."""
        return self.registry().name_keys(official_id)

    def hiding_keys(self, official_id: str) -> list[str]:
        """Someone else's longer names that hold this official's (``Registry.hiding_keys``)."""
        return self.registry().hiding_keys(official_id)

    def may_name(self, words: Sequence[str]) -> bool:
        """Whether a run of ``words`` may name an official (``Registry.may_name``)."""
        return self.registry().may_name(words)


class SearchIndex(Opened):
    """An open index. Not thread-safe; cheap to keep open for many queries."""

    reader: IndexReader

    def __init__(self, index_dir: str | Path, registry: Registry | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.reader = IndexReader(self.index_dir)
        self.facets = FacetCounter(self.reader)
        self._registry = registry
        self._scorer: Scorer | None = None

    def close(self) -> None:
        self.reader.close()

    @property
    def scorer(self) -> Scorer:
        if self._scorer is None:
            self._scorer = Scorer(self.reader)
        return self._scorer

    # --- search --------------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        limit: int = 10,
        offset: int = 0,
        filters: dict[str, Any] | None = None,
        facets: Sequence[str] | None = None,
        snippets: bool = True,
        suggest: bool = True,
    ) -> Results:
        """Run ``query`` (the syntax of ``search query --help``).

        ``filters``: ``{"lang": ["fr"], "from": "2024-11", "to": "2024-12", "official": ["Hun Manet"]}``, and
        any facet by name (``"country": ["KH"]``, ``"year": ["2024"]``): the same as typing ``lang:fr``,
        ``date:2024-11..2024-12``, ``official:"Hun Manet"``, ``country:KH`` in the query.
        ``facets``: names from ``query.facets.FACETS`` (default: all). ``suggest``: look for "did you mean".
        """
        started = time.perf_counter()
        facet_names = list(FACETS if facets is None else facets)
        unknown = [f for f in facet_names if f not in FACETS]
        if unknown:
            raise QueryError(f"unknown facet(s): {', '.join(unknown)}", hint=f"Facets: {', '.join(FACETS)}")
        parsed = ql.with_filters(ql.parse(query), filter_nodes(filters or {}))
        compiled = compile_query(parsed, self.reader, self.official, self.may_name, self.name_keys,
                                 self.hiding_keys, self.registry().name_words)
        if compiled.query is None and not compiled.filters:
            return Results(query, 0, (), {}, None, tuple(compiled.notes), offset, limit,
                           (time.perf_counter() - started) * 1000)
        scorer = self.scorer
        scorer.begin()
        matched = scorer.run(compiled.query if compiled.query is not None else Every())
        allowed = scorer.live.copy()
        for f, label in zip(compiled.filters, compiled.filter_labels, strict=True):
            # Document sets, not scored clauses (see compile.Compiled.filters).
            restricted = scorer.mask(f)
            if label and not restricted.any():  # never a silent 0: say which filter finds nothing at all
                compiled.notes.append(f"{label} matches no article in this index")
            allowed &= restricted
        mask = matched.mask & allowed
        total = int(mask.sum())
        score = matched.score
        # Tiers: every hit of a tier ranks above the next tier's. First the articles where the query's words
        # stand together, then, within each, those that spell its accented words as it does: the exact
        # phrase, the phrase in other spellings ("Bùi Thanh Son" in a French article), the scattered words.
        tiers = [mask]
        if total and compiled.adjacent is not None:
            tiers = split_tiers(tiers, scorer.mask(compiled.adjacent))
        if total and compiled.exact is not None:
            tiers = split_tiers(tiers, scorer.mask(compiled.exact))
        relaxed = Relaxed()
        if len(compiled.parts) >= RELAX_WORDS and relaxes(total, matched.mask, scorer.live, compiled):
            relaxed = self.relax(compiled, allowed & ~mask)
            if relaxed.total and relaxed.score is not None:
                score = np.where(mask, score, relaxed.score)
                tiers += relaxed.tiers
                compiled.notes.append(
                    f"{total} article{'s' if total != 1 else ''} contain{'s' if total == 1 else ''} every word; "
                    f"{relaxed.total} more with at least {relaxed.need} of the {len(compiled.parts)} words follow")
        hits: list[Hit] = []
        if (total or relaxed.total) and limit > 0:
            terms = compiled.terms if snippets else QueryTerms()
            page = self.top(score, tiers, limit, offset)
            words = relaxed.words if relaxed.total else None
            hits = self.hits(page, score, terms, snippets, words)
        listed = np.flatnonzero(mask if relaxed.mask is None else mask | relaxed.mask)
        facet_counts = self.facets.counts(listed, facet_names) if facet_names else {}
        # "Did you mean" for short queries that find nothing or little (a long question is not a typo).
        suggestion = None
        if suggest and total < 3 and len(compiled.words) <= 4:
            suggestion = Suggester(self, self._count).suggest(query, compiled.words, total)
        return Results(query, total, tuple(hits), facet_counts, suggestion, tuple(compiled.notes), offset, limit,
                       (time.perf_counter() - started) * 1000, relaxed.total, len(compiled.parts))

    def _count(self, query: str) -> int:
        return self.search(query, limit=0, facets=[], snippets=False, suggest=False).total

    def relax(self, compiled: Compiled, candidates: Array) -> Relaxed:
        return relax(self.scorer, compiled, candidates)

    def top(self, score: Array, tiers: list[Array], limit: int, offset: int) -> list[int]:
        return top_page(self.reader.docs.order, score, tiers, limit, offset)

    def hits(self, docnums: list[int], score: Array, terms: QueryTerms, snippets: bool,
             words: Array | None = None) -> list[Hit]:
        """``words``: how many of the query's words each document has, for a list that goes on past the
        articles with every word (``relax``)."""
        return [make_hit(self.reader.stored(d), float(score[d]), terms, snippets,
                         int(words[d]) if words is not None else None) for d in docnums]

    # --- the whole collection -------------------------------------------------------------------------
    def overview(self, facets: Sequence[str] = FACETS) -> Results:
        """Facet counts over every article (the collection at a glance), no hits."""
        started = time.perf_counter()
        docs = np.flatnonzero(self.reader.docs.live)
        return Results("", len(docs), (), self.facets.counts(docs, facets),
                       took_ms=(time.perf_counter() - started) * 1000)

    def articles(self, start: int = 0, stop: int | None = None) -> Iterator[ArticleView]:
        """Every article, newest first (then by id): for exports and dumps; ``start``, ``stop``: a slice of
        that order, without reading the others."""
        for docnum in self._in_order()[start:stop]:
            yield ArticleView.from_stored(self.reader.stored(docnum))

    def article_ids(self) -> list[str]:
        """The ids of every article, in the order of ``articles()``, without reading the articles."""
        ids = self.reader.ids()
        return [ids[docnum] for docnum in self._in_order()]

    def _in_order(self) -> list[int]:
        docs = np.flatnonzero(self.reader.docs.live)
        return [int(d) for d in docs[np.argsort(self.reader.docs.order[docs], kind="stable")]]

    # --- one article ---------------------------------------------------------------------------------
    def stored(self, doc_id: str) -> tuple[int, dict[str, Any]]:
        docnum = self.reader.docnum(doc_id)
        if docnum is None:
            now = sorted(i for i in dict.fromkeys(self.reader.ids())
                         if _named(i) == doc_id and self.reader.docnum(i) is not None)
            if now:  # a file's name became shared (another file of the name indexed): its id is its path now
                shown = ", ".join(repr(i) for i in now[:5]) + (f" and {len(now) - 5} more" if len(now) > 5 else "")
                raise NotFoundError(f"No article with id {doc_id!r} in {self.index_dir}.",
                                    hint=f"Other files have that file's name, so their articles' ids are their paths: "
                                         f"{shown}.")
            raise NotFoundError(f"No article with id {doc_id!r} in {self.index_dir}.", hint=ID_HINT)
        return docnum, self.reader.stored(docnum)

    def show(self, doc_id: str) -> ArticleView:
        return ArticleView.from_stored(self.stored(doc_id)[1])

    def similar(self, doc_id: str, limit: int = 10, snippets: bool = True) -> Results:
        """More like this: the article's most distinctive words (``similar.py``)."""
        from .similar import similar

        return similar(self, doc_id, limit, snippets)

    def related(self) -> Related:
        """``similar`` for many articles in a row (an export): what every article asks again is kept."""
        from .similar import Related

        return Related(self)


# What an id is (README "Ids"), said when one is not found.
ID_HINT = ("Ids are the articles' own ids, else made from their URL, else their file's name without extension "
           "(its path when other files have the name); find them with: search query ...")


def _named(doc_id: str) -> str | None:
    """The id a path id (``news/2024-01/1.txt``, ``news/b/wire.jsonl-12``) was when its file's name was not
    shared (``1``, ``wire-12``); None for another id."""
    if "/" not in doc_id:
        return None
    last = doc_id.rsplit("/", 1)[1]
    file, dash, place = last.rpartition("-")
    if dash and place.isdigit() and "." in file:
        last, place = file, f"-{place}"
    else:
        place = ""
    name = last[:-3] if last.lower().endswith(".gz") else last
    return f"{Path(name).stem}{place}" if "." in name else None


def relax(scorer: Scorer, compiled: Compiled, candidates: Array, present: list[bool] | None = None) -> Relaxed:
    """Articles with most of the query's words (``candidates``: those allowed that lack some word), ranked
    by their words' BM25. Ranking them by how many words they have first (Meilisearch's "words" rule) gave
    Cranfield nDCG@10 0.230 as typed on the 5k corpus; by score alone 0.358 (any word: 0.373).
    ``present``: whether each word is in some article at all (default: read from ``scorer``'s documents)."""
    # Each word as evaluated for the query (not a copy cut to the live documents: ``Scorer.read``), summed in
    # place word after word (as a sum over a stack of them adds them, without the stack), deleted documents
    # set to 0 at the end: the same numbers as summing each word's ``run``, without copying two arrays of the
    # collection's size per word (twenty words at 100k articles: 18 MB).
    runs = [scorer.read(part) for part in compiled.parts]
    live = scorer.live
    counts: Array = np.zeros(scorer.size, dtype=np.int32)
    for r in runs:
        if r.ids is not None:  # a word's documents (sparse): each once
            counts[r.ids] += 1
        else:
            counts += r.mask
    counts[~live] = 0
    # "Most" of the words the collection has at all: a word no article contains cannot count against one.
    if present is None:
        present = [bool(live[r.ids].any()) if r.ids is not None else bool(np.any(r.mask & live)) for r in runs]
    need = max(2, math.ceil(sum(present) * MOST_WORDS))
    partial = candidates & (counts >= need)
    if compiled.excluded is not None:
        partial &= ~scorer.mask(compiled.excluded)
    if not partial.any():
        return Relaxed()
    score = np.zeros(scorer.size)
    for r in runs:
        if r.ids is not None:  # adding 0 elsewhere changes nothing
            score[r.ids] += r.scores_of_ids()
        else:
            score += r.score
    score[~live] = 0.0
    return Relaxed(int(partial.sum()), partial, score, [partial], counts, need)


def relaxes(total: int, matched: Array, live: Array, compiled: Compiled) -> bool:
    """Whether a long question is followed by the articles with most of its words: when its words (the query
    without its filters) find fewer than ``RELAX_BELOW`` articles. Not the filtered total: a facet value fed
    back (``year:2020``, 7 of the 50 articles with every word) would list, after its 7, articles with most of
    the words that the facet did not count, and count them in every facet of the narrowed answer."""
    if total >= RELAX_BELOW:
        return False
    return not compiled.filters or int(np.count_nonzero(matched & live)) < RELAX_BELOW


def top_page(order: Array, score: Array, tiers: list[Array], limit: int, offset: int) -> list[int]:
    """The page ``offset:offset+limit`` of document numbers: every hit of a tier (a mask of matching
    documents) ranks above the next tier's; within a tier by score, ties by ``order`` (date, newest first,
    then id)."""
    want = offset + limit
    page: list[int] = []
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
    return page[offset:want]


def make_hit(stored: dict[str, Any], score: float, terms: QueryTerms, snippets: bool,
             words: int | None = None) -> Hit:
    """A hit from a document's stored fields, with its snippets."""
    lang = stored.get("lang") or "und"
    snips: tuple[str, ...] = ()
    if snippets:
        found = make_snippets(stored.get("body") or "", lang, terms, exact_words=stored.get("spelled") == "exact")
        snips = tuple(found) if found else (leading_text(stored.get("body") or ""),)
    return Hit(stored["id"], stored.get("title") or "", stored.get("date") or None, bool(stored.get("date_inferred")),
               lang, score, snips, officials_of(stored), stored.get("path") or "", words, stored.get("url"),
               stored.get("source") or None, stored.get("author"), stored.get("section"),
               bool(stored.get("date_future")))


def filter_nodes(filters: dict[str, Any]) -> list[ql.Field]:
    """API and CLI filters as the query nodes they stand for: ``{"lang": ["fr", "id"]}`` -> ``lang:fr,id``;
    ``{"from": "2024-11"}`` -> ``date:2024-11..``; ``{"official": ["Hun Sen", "Tô Lâm"]}`` -> both named."""
    nodes: list[ql.Field] = []
    lo, hi = filters.get("from"), filters.get("to")
    if lo or hi:
        nodes.append(ql.Field("date", f"{lo or ''}..{hi or ''}"))
    for name, values in filters.items():
        if name in ("from", "to") or not values:
            continue
        if name not in ql.FIELDS:
            raise QueryError(f"unknown filter {name!r}", hint=f"Filters: from, to, {', '.join(ql.FIELDS)}")
        values = [values] if isinstance(values, str) else list(values)
        if name in BY_NAME and BY_NAME[name].coded:  # one value per article: any of them
            nodes.append(ql.Field(name, ",".join(values), quoted=True))
        else:  # several values per article: all of them
            nodes.extend(ql.Field(name, v, quoted=True) for v in values)
    return nodes


def split_tiers(tiers: list[Array], preferred: Array) -> list[Array]:
    """Each tier (a document mask) split in two: its documents in ``preferred`` first."""
    out = []
    for docs in tiers:
        out += [docs & preferred, docs & ~preferred]
    return [t for t in out if t.any()]


def open_index(index_dir: str | Path = "index", registry: Registry | None = None) -> SearchIndex:
    return SearchIndex(index_dir, registry)
