"""The cluster through the read API that the query compiler, "did you mean" and the officials lookups use
(``search.index.reader.IndexReader``'s methods of the same names), answered with aggregations and cached for
the life of the object:

    languages(), doc_count()                 a terms aggregation on lang, a count
    doc_frequency(field, term)               a count (``prefetch``: the query's words, in one request)
    expand_prefix("exact", "son ")           a terms aggregation on the keyword field, ``include`` a regex
    terms_within("body", "manet", 1, 1)      the term suggester (Lucene's DirectSpellChecker), every candidate
                                             (no accuracy cut) and the word, less those only a transposition brings
    field_terms("official")                  a terms aggregation
    docs, postings(f, v), stored(n)          the officials lookups' per-document arrays, over the articles
                                             that name an official (``search.officials.stats``)

Differences from the local index, by design: counts leave out deleted articles at once (Whoosh counts them
until a merge); ``terms_within`` keeps the ``MAX_WITHIN`` most frequent spellings when there are more.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..analysis import analyzer_for
from ..index.docarrays import DocArrays
from ..index.reader import Postings
from ..query import syntax as ql
from .documents import key, wire
from .dsl import near
from .indices import IndexTarget, field, values
from .universe import tie_order

MAX_TERMS = 10_000  # terms listed by one aggregation (a folded word's spellings: a few dozen at most); more are
# listed in pages (``IndexTarget.terms``)
SPELLING_WORDS = 64  # words whose spellings one terms aggregation lists (a regular expression of their prefixes)
# OpenSearch refuses an ``include`` longer than index.max_regex_length (1,000 UTF-16 units by default) with a 400:
# 64 long words (Tamil, every mark escaped: 1,006 for a real paragraph; German compounds) were over it
MAX_REGEX_LENGTH = 1_000
MAX_WITHIN = 1_000  # spellings within 2 edits asked of the term suggester (the query expands 64 at most)


def edits(a: str, b: str, bound: int) -> int:
    """Edits (insertions, deletions, substitutions, two neighbours swapped) from ``a`` to ``b``, as the local
    index counts them (``index/reader.py`` ``_within_automaton``), or ``bound + 1`` when more."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(row[j] + 1, cur[j - 1] + 1, row[j - 1] + (ca != cb)))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and ca != cb:
                cur[j] = min(cur[j], before[j - 2] + 1)
        before, row = row, cur
        if min(row) > bound:
            return bound + 1
    return min(row[-1], bound + 1)


def prefix_regex(prefix: str) -> str:
    """A Lucene regular expression for the terms starting with ``prefix`` (every character but letters and
    digits escaped: Lucene reads a backslash before a letter as a class, \\d, \\w...)."""
    return "".join(c if c.isalnum() else "\\" + c for c in prefix) + ".*"


def prefixes_regex(prefixes: list[str]) -> str:
    """A Lucene regular expression for the terms starting with any of ``prefixes``."""
    return "(" + "|".join(prefix_regex(prefix)[:-2] for prefix in prefixes) + ").*"


def _java_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2  # what OpenSearch measures a regular expression in


def spelling_chunks(words: list[str]) -> list[list[str]]:
    """``words`` in groups of at most ``SPELLING_WORDS`` whose ``prefixes_regex`` of ``word + " "`` is within
    ``MAX_REGEX_LENGTH`` (a word too long for it alone stays alone: as when each word was asked for alone)."""
    chunks: list[list[str]] = []
    size = 0
    for w in words:
        n = _java_length(prefix_regex(w + " ")) - 2 + 1  # its alternative, and a "|"
        if not chunks or len(chunks[-1]) >= SPELLING_WORDS or size + n > MAX_REGEX_LENGTH:
            chunks.append([])
            size = len("().*") - 1  # no "|" before the first
        chunks[-1].append(w)
        size += n
    return chunks


@dataclass
class _Mentions:
    """The articles that name an official: id order, dates, and each official's articles."""

    ids: list[str]
    docs: DocArrays
    officials: dict[str, Any]


class ClusterReader:
    def __init__(self, target: IndexTarget, registry_path: Any = None) -> None:
        self.target = target
        self._registry_path = registry_path
        self._mentions: _Mentions | None = None  # kept for the life of the reader, as a local index's arrays
        self._stored: dict[int, dict[str, Any]] = {}
        self.reset()

    def reset(self) -> None:
        """Forget the counts and term lists read so far (each query reads the index as it is now)."""
        self._langs: list[str] | None = None
        self._count: int | None = None
        self._df: dict[tuple[str, str], int] = {}
        self._prefix: dict[tuple[str, str], list[str]] = {}
        self._within: dict[tuple[str, str, int, int], list[str]] = {}
        self._terms: dict[str, list[str]] = {}

    def registry_file(self) -> Any:
        return self._registry_path

    # --- what compiling a query reads -----------------------------------------------------------------
    def prefetch(self, parsed: ql.Parsed | None = None, terms: Iterable[str] = ()) -> None:
        """One request for the languages, the count, and each word's document frequency and spellings (what
        ``compile_query`` asks for each word), so that compiling costs no further round trip."""
        words: list[str] = list(terms)
        if parsed is not None:
            for text in ql.texts(parsed.node):
                words += [t.folded for t in analyzer_for(None).tokens(text)]
        words = [w for w in dict.fromkeys(words) if ("body", w) not in self._df]
        aggs: dict[str, Any] = {"langs": {"terms": {"field": "lang", "size": MAX_TERMS}}}
        # Each word's spellings: the exact keys "word spelling", by one terms aggregation for many words (one
        # aggregation a word read every article's keys once a word: 4.3 s of a pasted paragraph's 133 words)
        chunks = spelling_chunks(words)
        if words:
            aggs["df"] = {"filters": {"filters": {str(i): {"term": {"body": wire(w)}} for i, w in enumerate(words)}}}
            for i, chunk in enumerate(chunks):
                aggs[f"x{i}"] = {"terms": {"field": "exact", "include": prefixes_regex([w + " " for w in chunk]),
                                           "size": MAX_TERMS, "order": {"_key": "asc"}}}
        found = self.target.search(f"read the statistics of {self.target.name}",
                                   {"size": 0, "track_total_hits": True, "aggs": aggs})
        self._count = int(found["hits"]["total"]["value"])
        self._langs = sorted(b["key"] for b in found["aggregations"]["langs"]["buckets"])
        for i, w in enumerate(words):
            self._df[("body", w)] = int(found["aggregations"]["df"]["buckets"][str(i)]["doc_count"])
        for i, chunk in enumerate(chunks):
            spellings = found["aggregations"][f"x{i}"]
            if spellings.get("sum_other_doc_count"):  # more than MAX_TERMS: each word's by expand_prefix
                continue
            keys = [str(b["key"]) for b in spellings["buckets"]]
            for w in chunk:
                self._prefix[("exact", w + " ")] = [k for k in keys if k.startswith(w + " ")]

    def frequencies(self, field_name: str, terms: Iterable[str]) -> dict[str, int]:
        """Document frequencies of many terms of a field, in one request."""
        todo = [t for t in dict.fromkeys(terms) if (field_name, t) not in self._df]
        for start in range(0, len(todo), 1000):
            part = todo[start:start + 1000]
            found = self.target.search(f"count terms in {self.target.name}", {"size": 0, "aggs": {"df": {"filters": {
                "filters": {str(i): {"term": {field_name: wire(t)}} for i, t in enumerate(part)}}}}})
            for i, t in enumerate(part):
                self._df[(field_name, t)] = int(found["aggregations"]["df"]["buckets"][str(i)]["doc_count"])
        return {t: self._df[(field_name, t)] for t in terms}

    def together(self, field_name: str, terms: Sequence[str]) -> int:
        """Live documents holding every one of the terms (the index reader's ``together``)."""
        found = self.target.search(f"count articles in {self.target.name}", {"size": 0, "track_total_hits": True,
            "query": {"bool": {"filter": [{"term": {field_name: wire(t)}} for t in terms]}}})
        return int(found["hits"]["total"]["value"])

    def side_by_side(self, field_name: str, words: Sequence[Sequence[str]]) -> int:
        """Live documents where the words stand side by side, in order, a word given as its terms (the index
        reader's ``side_by_side``): a ``match_phrase`` or ``span_near`` (dsl.py ``near``), counted."""
        found = self.target.search(f"count articles in {self.target.name}", {"size": 0, "track_total_hits": True,
            "query": near(field_name, [list(terms) for terms in words])})
        return int(found["hits"]["total"]["value"])

    def languages(self) -> list[str]:
        if self._langs is None:
            self.prefetch()
        assert self._langs is not None
        return list(self._langs)

    def doc_count(self) -> int:
        if self._count is None:
            self.prefetch()
        assert self._count is not None
        return self._count

    @property
    def size(self) -> int:
        return self.doc_count()

    def doc_frequency(self, field_name: str, text: str) -> int:
        key = (field_name, text)
        if key not in self._df:
            self.frequencies(field_name, [text])
        return self._df[key]

    def expand_prefix(self, field_name: str, prefix: str) -> Iterator[str]:
        """Terms of a keyword field (``exact``, ``stem``, facets) starting with ``prefix``, in order."""
        key = (field_name, prefix)
        if key not in self._prefix:
            what = f"list terms of {self.target.name}"
            found = self.target.search(what, {"size": 0, "aggs": {"t": {"terms": {
                "field": field_name, "include": prefix_regex(prefix), "size": MAX_TERMS, "order": {"_key": "asc"}}}}})
            listed = found["aggregations"]["t"]
            if listed.get("sum_other_doc_count"):  # more than MAX_TERMS: every one, in pages
                self._prefix[key] = list(self.target.terms(what, field_name, prefix=prefix))
            else:
                self._prefix[key] = [b["key"] for b in listed["buckets"]]
        yield from self._prefix[key]

    def terms_within(self, field_name: str, text: str, maxdist: int, prefix: int = 0) -> list[str]:
        """Indexed terms within ``maxdist`` edits of ``text`` (the first ``prefix`` letters fixed): a list, as
        ``IndexReader.terms_within`` gives (the compiler keeps it for the query and reads it again)."""
        key = (field_name, text, maxdist, prefix)
        if key not in self._within:
            suggest = {"s": {"text": wire(text), "term": {
                "field": field_name, "suggest_mode": "always", "max_edits": max(1, min(maxdist, 2)),
                "prefix_length": prefix, "size": MAX_WITHIN, "min_word_length": 1, "min_doc_freq": 0,
                "max_term_freq": 2_000_000_000, "max_inspections": 100, "accuracy": 0.0, "sort": "frequency",
                "string_distance": "levenshtein"}}}
            found = self.target.search(f"find spellings in {self.target.name}", {"size": 0, "suggest": suggest})
            options = [o["text"] for entry in found.get("suggest", {}).get("s", []) for o in entry.get("options", [])]
            # Lucene's candidates, within the distance as the local index counts it (a transposition is one edit
            # in both; the suggester's own distance is not the one its candidates were found with)
            near = {o for o in options if edits(text, o, maxdist) <= maxdist}
            if self.doc_frequency(field_name, text):  # the word itself, which the suggester never suggests (the
                near.add(text)                        # query expands the first 64 in order: it takes a place)
            self._within[key] = sorted(near)
        return list(self._within[key])

    def scorable(self, field_name: str) -> bool:
        return field_name in ("body", "title", "exact", "stem")

    def field_terms(self, field_name: str) -> list[str]:
        if field_name not in self._terms:
            what = f"list the values of {field_name} in {self.target.name}"
            found = self.target.search(what, {
                "size": 0,
                "aggs": {"t": {"terms": {"field": field_name, "size": MAX_TERMS, "order": {"_key": "asc"}}}}})
            listed = found["aggregations"]["t"]
            if listed.get("sum_other_doc_count"):  # more than MAX_TERMS values (sources): every one, in pages
                self._terms[field_name] = list(self.target.terms(what, field_name))
            else:
                self._terms[field_name] = [b["key"] for b in listed["buckets"]]
        return list(self._terms[field_name])

    # --- what the officials lookups read (search.officials.stats) ---------------------------------------
    def mentions(self) -> _Mentions:
        if self._mentions is None:
            ids: list[str] = []
            dates: list[str] = []
            newest: list[str] = []
            officials: dict[str, list[int]] = {}
            for hit in self.target.scan(f"list the articles naming officials in {self.target.name}",
                                        {"exists": {"field": "official"}}, ["date", "newest", "official"]):
                n = len(ids)
                ids.append(hit["sort"][0])
                dates.append(str(field(hit, "date", "")))
                newest.append(str(field(hit, "newest", "")))
                for oid in values(hit, "official"):
                    officials.setdefault(str(oid), []).append(n)
            size = len(ids)
            vocab, codes = np.unique(np.array(dates or [""], dtype=str), return_inverse=True)
            date_codes = ([str(v) for v in vocab], codes[:size].astype(np.int64))
            vocab, codes = np.unique(np.array(newest or [""], dtype=str), return_inverse=True)
            newest_codes = ([str(v) for v in vocab], codes[:size].astype(np.int64))
            docs = DocArrays("mentions", size, np.ones(size, dtype=bool), tie_order(newest_codes))
            docs.codes["date"], docs.codes["newest"] = date_codes, newest_codes
            self._mentions = _Mentions(ids, docs, {k: np.array(v, dtype=np.int64) for k, v in officials.items()})
        return self._mentions

    @property
    def docs(self) -> DocArrays:
        return self.mentions().docs

    def postings(self, field_name: str, text: str, positions: bool = False) -> Postings:
        if field_name != "official":
            raise ValueError(f"the cluster reader serves the officials' postings only, not {field_name!r}")
        ids = self.mentions().officials.get(text, np.zeros(0, dtype=np.int64))
        return Postings(ids, np.ones(len(ids)))

    def stored(self, docnum: int) -> dict[str, Any]:
        if docnum not in self._stored:
            doc_id = self.mentions().ids[docnum]
            found = self.target.cluster.call(f"read article {doc_id}", "get", index=self.target.name,
                                             id=key(doc_id))
            self._stored[docnum] = stored_of(found)
        return self._stored[docnum]


def stored_of(hit: dict[str, Any]) -> dict[str, Any]:
    """A document's stored fields as the local index returns them (``IndexReader.stored``)."""
    source = hit.get("_source") or {}
    stored: dict[str, Any] = dict(source.get("stored") or {})
    return stored
