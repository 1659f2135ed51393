"""Documents -> what the index writes for them: enrichment, analysis and field values, as compact arrays.

This is the expensive, per-token part of indexing (language id, dates, officials, tokenizing, forms), and it
runs in worker processes (``build.py``), a chunk of documents at a time. What comes back is small to pass
between processes: the chunk's articles (with their stored values) and, for each analysed field, its
postings as parallel arrays over a vocabulary local to the chunk::

    Prepared(docs=[PreparedDoc(article, hash, lengths={"body": 312, ...}, keywords={"official": "hun-sen"})],
             fields={"body": FieldArrays(terms=["hun", "sen", ...], term=[0, 1, ...], doc=[0, 0, ...],
                                         tf=[2, 1, ...], positions=[4, 17, 5, ...])})
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from ..analysis.analyzer import Analyzer, analyzer_for
from ..analysis.terms import MAX_TOKEN_CHARS, spells_exactly, text_keys
from ..analysis.tokenize import GAP_TERM, empty_positions, segmented_words, spaced_words
from ..errors import SearchError
from ..ingest.enrich import enrich
from ..lang.acronyms import acronym_key, capitals
from ..officials.registry import load_registry
from ..records import Article, Document
from .options import Options as Options  # (its home before)

ARTICLE_FIELDS = ("title", "body", "exact", "stem", "gap")  # analysed once per article (analysis/terms.py)
POSITIONAL = ("title", "body", "gap")


@dataclass(slots=True)
class FieldArrays:
    """One analysed field's postings for a chunk of documents: posting i is term ``terms[term[i]]`` in
    document ``doc[i]`` (the chunk's own numbering) ``tf[i]`` times, at the next ``tf[i]`` ``positions``."""

    terms: list[str] = field(default_factory=list)
    term: array[int] = field(default_factory=lambda: array("i"))
    doc: array[int] = field(default_factory=lambda: array("i"))
    tf: array[int] = field(default_factory=lambda: array("i"))
    positions: array[int] | None = None


@dataclass(slots=True)
class PreparedDoc:
    article: Article
    lengths: dict[str, int]  # tokens per analysed field
    values: dict[str, Any]  # every other field's value: id, path, lang, date, official (comma-joined)...
    # The document's stored fields as the index's ``_stored`` column holds them (``stored_bytes``), made here in
    # the worker rather than in the process that writes the segment; None: the writer makes them.
    stored: bytes | None = None


@dataclass(slots=True)
class Prepared:
    docs: list[PreparedDoc | SearchError] = field(default_factory=list)  # an error for a document left out
    fields: dict[str, FieldArrays] = field(default_factory=dict)


def prepare(docs: list[Document | Article], options: Options) -> Prepared:
    """Enrich and analyse ``docs``; a document that cannot be enriched becomes its error. An Article is
    already enriched (a record moved to another file, as the index holds it): it is only analysed."""
    registry = load_registry(options.registry_file)[0]
    out = Prepared()
    words = _words()
    tokens = _Tokens()
    for doc in docs:
        if isinstance(doc, Article):
            article = doc
        else:
            try:
                article = enrich(doc, lang=options.lang, registry=registry)
            except SearchError as e:
                out.docs.append(e)
                continue
        d = article.doc
        exact_words = spells_exactly(d.title + "\n" + d.body, d.lang)
        tokens.add(len(out.docs), words, analyzer_for(d.lang), d.title, d.body, exact_words)
        values = _values(article, exact_words)
        out.docs.append(PreparedDoc(article, {}, values, stored_bytes(d.title, d.body, values) if options.stored
                                    else None))
    out.fields, lengths = tokens.fields(words, len(out.docs))
    for number, item in enumerate(out.docs):
        if isinstance(item, PreparedDoc):
            item.lengths = {name: int(counts[number]) for name, counts in lengths.items()}
    return out


# What ``analysis.terms.index_terms`` gives an article, for a chunk of articles at once: each distinct word of a
# language is analysed once per process (``_Words``) and numbered; an article's words become their numbers (one
# dict lookup a word, in C), and each field's postings (term, document, frequency, positions) are grouped for the
# whole chunk with a few numpy sorts instead of a dict operation per word. The postings of a document come in the
# order of their term's first occurrence (title, then body), as ``index_terms``' dicts hold them (the OpenSearch
# backend's documents list them so: search/cluster/documents.py).
_WORDS_KEPT = 100_000  # distinct words numbered per process (about 20 MB: 190 bytes a word), then forgotten
_RADIX = 1 << 16  # a field's terms and documents in a chunk numbered in 16 bits: its tokens grouped by radix sorts
_KEY_BITS = 63  # a chunk's tokens are sorted by one int64 key (document, term, place) when it fits


class _Words:
    """Words numbered per process, over every analyzer: a word's number gives its terms' numbers (in one table
    of term strings for every field), -1 where it has none: its exact and folded forms (title and body), its
    ``"folded exact"`` pair (``exact``: only where the two differ), its acronym key (``exact`` too: a word in
    capitals, lang/acronyms.py) and ``"lang:stem"`` (``stem``)."""

    def __init__(self) -> None:
        self.numbers: dict[Analyzer, _Numbers] = {}
        self.terms: list[str] = []
        self.term_numbers = _TermNumbers(self.terms)  # a term string -> its number: ``term_numbers[term]``
        self.exact, self.folded, self.pair, self.stem = array("i"), array("i"), array("i"), array("i")
        self.acronym = array("i")

    def __len__(self) -> int:
        return len(self.exact)

    def numbers_of(self, analyzer: Analyzer, words: list[str]) -> list[int]:
        """The numbers of ``words``, a word met for the first time numbered as it is met (``_Numbers``): one dict
        lookup a word, in C (a set of each text's words, to find its new ones first, hashed every word twice:
        0.37 s of a 5k corpus's 0.57 s here, besides the new words' forms)."""
        numbers = self.numbers.get(analyzer)
        if numbers is None:
            numbers = self.numbers[analyzer] = _Numbers(self, analyzer)
        return list(map(numbers.__getitem__, words))  # (a list, for array.fromlist: faster than extend from a map)

    def add(self, analyzer: Analyzer, word: str) -> int:
        """Number ``word``, new, and its terms."""
        number = len(self.exact)
        if len(word) > MAX_TOKEN_CHARS:  # not indexed (a base64 blob): its position is taken all the same
            for table in (self.exact, self.folded, self.pair, self.stem, self.acronym):
                table.append(-1)
            return number
        term = self.term_numbers.__getitem__
        e, f, s = analyzer.forms_of(word)  # once per word kept: not in the analyzer's cache too
        self.exact.append(term(e))
        self.folded.append(term(f))
        self.pair.append(term(f + " " + e) if e != f else -1)
        self.stem.append(term(analyzer.code + ":" + s) if s is not None else -1)
        self.acronym.append(term(acronym_key(word)) if capitals(word) else -1)
        return number


class _TermNumbers(dict[str, int]):
    """Term strings -> their numbers in ``terms``; a term looked up for the first time is numbered then."""

    __slots__ = ("terms",)

    def __init__(self, terms: list[str]) -> None:
        super().__init__()
        self.terms = terms

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self.terms)
        self.terms.append(term)
        return number


class _Numbers(dict[str, int]):
    """One analyzer's words -> their numbers; a word looked up for the first time is numbered then
    (``dict.__getitem__`` calls ``__missing__``), in the order of the text."""

    __slots__ = ("words", "analyzer")

    def __init__(self, words: _Words, analyzer: Analyzer) -> None:
        super().__init__()
        self.words, self.analyzer = words, analyzer

    def __missing__(self, word: str) -> int:
        number = self[word] = self.words.add(self.analyzer, word)
        return number


_kept: _Words | None = None


def _words() -> _Words:
    """This process's numbered words, forgotten between two chunks once there are ``_WORDS_KEPT``."""
    global _kept
    if _kept is None or len(_kept) > _WORDS_KEPT:
        if _kept is not None:
            # (each analyzer's ``_Numbers`` refers back to them: a cycle, which the collector, run seldom in a
            # worker (processes.BULK_GC_THRESHOLD), would have left in memory for long; freed now)
            _kept.numbers.clear()
        _kept = _Words()
    return _kept


class _Tokens:
    """The words of a chunk's articles, in order (each article's title, then its body), as numbers (``_Words``),
    with their positions and what they belong to."""

    def __init__(self) -> None:
        self.words = array("i")
        self.positions = array("I")
        self.docs: list[int] = []  # per article: its number in the chunk...
        self.title_words: list[int] = []  # ...how many of its words are its title's...
        self.all_words: list[int] = []  # ...and its title's and its body's
        self.exact_words: list[bool] = []
        self.gap_docs = array("i")  # the empty positions punctuation left (tokenize.empty_positions): article...
        self.gap_positions = array("I")  # ...and position, in the order of the text
        # the acronyms written with dots (U.S.), the decimals and percentages (3,5, 10%), times, names' syllables
        # (analysis/terms.py text_keys):
        self.dotted_docs = array("i")  # article...
        self.dotted_terms = array("i")  # ...and key (its term number), in the order of the text, title first

    def add(self, number: int, words: _Words, analyzer: Analyzer, title: str, body: str, exact_words: bool) -> None:
        before = len(self.words)
        end = self._text(number, words, analyzer, title, 0)
        titled = len(self.words) - before
        # The body holds the title too, then a gap (no phrase runs from one into the other): as index_terms.
        self._text(number, words, analyzer, body, end + 1 if end else 0)
        self.docs.append(number)
        self.title_words.append(titled)
        self.all_words.append(len(self.words) - before)
        self.exact_words.append(exact_words)
        dotted = list(map(words.term_numbers.__getitem__, text_keys(title, body)))
        self.dotted_docs.extend([number] * len(dotted))
        self.dotted_terms.extend(dotted)

    def _text(self, number: int, words: _Words, analyzer: Analyzer, text: str, offset: int) -> int:
        """Add the words of ``text`` (of article ``number``) from position ``offset``, and the positions left
        empty between them; the next free position (``offset`` if none)."""
        plain = spaced_words(text)  # a word's position is its index (most texts)
        if plain is not None:
            self.words.fromlist(words.numbers_of(analyzer, plain))
            # (numpy's range, as bytes: 15 times faster than an array extended from a range of 400 positions)
            self.positions.frombytes(np.arange(offset, offset + len(plain), dtype=np.uint32).tobytes())
            return offset + len(plain)
        found, at = segmented_words(text)
        if not found:
            return offset
        self.words.fromlist(words.numbers_of(analyzer, found))
        places = [p + offset for p in at]
        self.positions.fromlist(places)
        empty = empty_positions(places)
        self.gap_docs.extend([number] * len(empty))
        self.gap_positions.extend(empty)
        return at[-1] + offset + 1

    def fields(self, words: _Words, documents: int) -> tuple[dict[str, FieldArrays], dict[str, Any]]:
        """Each field's postings, and each field's length of each document (an array over the chunk's numbers)."""
        word = np.frombuffer(self.words, dtype=np.int32)
        n = len(word)
        counts = np.array(self.all_words, dtype=np.int64)
        doc = np.repeat(np.array(self.docs, dtype=np.int64), counts)
        starts = np.cumsum(counts) - counts
        # A word is its title's when it is among the article's first ``title_words``.
        in_title = np.arange(n, dtype=np.int64) - np.repeat(starts, counts) < np.repeat(self.title_words, counts)
        exact = np.repeat(np.array(self.exact_words, dtype=bool), counts)
        table = {name: np.frombuffer(getattr(words, name), dtype=np.int32)
                 for name in ("exact", "folded", "pair", "stem", "acronym")}
        term = np.where(exact, table["exact"][word], table["folded"][word]) if n else np.zeros(0, dtype=np.int32)
        positions = np.frombuffer(self.positions, dtype=np.uint32)
        out: dict[str, FieldArrays] = {}
        lengths: dict[str, Any] = {}
        for name in ARTICLE_FIELDS:
            if name == "gap":  # one term, at the positions punctuation left empty (the order of the text)
                gap_doc = np.frombuffer(self.gap_docs, dtype=np.int32).astype(np.int64)
                out[name] = _postings([GAP_TERM], np.zeros(len(gap_doc), dtype=np.int64), gap_doc,
                                      np.frombuffer(self.gap_positions, dtype=np.uint32))
                lengths[name] = np.bincount(gap_doc, minlength=documents)
                continue
            if name == "title":
                of, keep = term, (term >= 0) & in_title
            elif name == "body":
                of, keep = term, term >= 0
            elif name == "exact":
                out[name], lengths[name] = self._exact(words.terms, table, word, doc, documents)
                continue
            else:
                of = table["stem"][word]
                keep = of >= 0
            out[name] = _postings(words.terms, of[keep], doc[keep],
                                  positions[keep] if name in POSITIONAL else None)
            lengths[name] = np.bincount(doc[keep], minlength=documents)
        return out, lengths

    def _exact(self, strings: list[str], table: dict[str, Any], word: Any, doc: Any,
               documents: int) -> tuple[FieldArrays, Any]:
        """The ``exact`` field's postings: each word's spelling pair and acronym key (in that order), then the
        article's acronyms written with dots, its numbers' keys and its names' syllables, as ``index_terms`` counts
        them."""
        # Each word's two keys side by side, in the order of the text, then the other keys (in the order of the text
        # too): both runs by document, which one stable sort by document merges (a merge of two sorted runs).
        words = np.stack((table["pair"][word], table["acronym"][word]), axis=1).ravel()
        term = np.concatenate((words, np.frombuffer(self.dotted_terms, dtype=np.int32)))
        of_doc = np.concatenate((np.repeat(doc, 2), np.frombuffer(self.dotted_docs, dtype=np.int32).astype(np.int64)))
        keep = term >= 0
        term, of_doc = term[keep], of_doc[keep]
        ranked = np.argsort(of_doc, kind="stable")
        return _postings(strings, term[ranked], of_doc[ranked], None), np.bincount(of_doc, minlength=documents)


def _postings(strings: list[str], term: Any, doc: Any, positions: Any) -> FieldArrays:
    """Tokens (``term``, ``doc``, in the order of the text) -> one posting per term and document, a document's
    postings in the order of their term's first token, its positions ascending."""
    out = FieldArrays(positions=array("I") if positions is not None else None)
    n = len(term)
    if not n:
        return out
    used, local = _numbered(term, len(strings))
    index_bits = n.bit_length()
    mask = (1 << index_bits) - 1
    token = np.arange(n, dtype=np.int64)
    if len(used) <= _RADIX and int(doc.max()) < _RADIX:
        # Tokens in order of document, term and place by two stable sorts of 16-bit keys (numpy's radix sort, in
        # linear time: half the time of one sort of the three in one int64 key): by term, then by document.
        by_term = np.argsort(local.astype(np.uint16), kind="stable")
        grouped = by_term[np.argsort(doc[by_term].astype(np.uint16), kind="stable")]
        posting = ((doc << 16) | local)[grouped]
        tf = np.diff(np.flatnonzero(np.concatenate(([True], posting[1:] != posting[:-1]), dtype=bool)), append=n)
    elif int(doc[-1]).bit_length() + len(used).bit_length() + index_bits <= _KEY_BITS:
        # Tokens sorted by document, term and place (each key unique: no stable sort needed).
        grouped = np.sort((((doc << len(used).bit_length()) | local) << index_bits) | token)
        posting = grouped >> index_bits
        tf = np.diff(np.flatnonzero(np.concatenate(([True], posting[1:] != posting[:-1]), dtype=bool)), append=n)
        grouped &= mask  # the tokens, grouped by posting
    else:  # a chunk too large for one key (a text of millions of words)
        grouped = np.argsort((doc << 32) | local, kind="stable")
        posting = ((doc << 32) | local)[grouped]
        tf = np.diff(np.flatnonzero(np.concatenate(([True], posting[1:] != posting[:-1]), dtype=bool)), append=n)
    # Postings in the order of their first token (the smallest, first in each group: per document, since documents
    # follow each other), each posting's tokens in the text's order (as grouped). Both without a sort: the first
    # tokens are distinct token numbers, put in order through a table over the tokens, and each posting's group of
    # tokens is moved whole (its tokens' places shifted by one number a posting).
    start = np.cumsum(tf) - tf
    first = grouped[start]
    order = _ascending(first, n)
    first, tf, start = first[order], tf[order], start[order]
    out.terms = list(map(strings.__getitem__, used.tolist()))
    out.term.frombytes(local[first].astype(np.int32).tobytes())
    out.doc.frombytes(doc[first].astype(np.int32).tobytes())
    out.tf.frombytes(tf.astype(np.int32).tobytes())
    if out.positions is not None:
        tokens = grouped[np.arange(n, dtype=np.int64) + np.repeat(start - (np.cumsum(tf) - tf), tf)]
        out.positions.frombytes(positions[tokens].astype(np.uint32).tobytes())
    return out


def _ascending(values: Any, bound: int) -> Any:
    """``np.argsort(values)`` for distinct numbers below ``bound``, through a table over the numbers (``values``
    are a field's first tokens of its postings, ``bound`` its tokens: a table the size of what was sorted)."""
    seen = np.zeros(bound, dtype=bool)
    seen[values] = True
    where = np.empty(bound, dtype=np.int64)
    where[values] = np.arange(len(values), dtype=np.int64)
    return where[np.flatnonzero(seen)]


def _numbered(term: Any, bound: int) -> tuple[Any, Any]:
    """``np.unique(term, return_inverse=True)`` for numbers below ``bound``: the terms used, ascending, and each
    token's rank among them, through a table over the numbers rather than a sort of the tokens (8 times faster
    for a field of a chunk: the fields' sorts were a quarter of a worker's numpy time)."""
    if bound > 8 * len(term) + (1 << 20):  # a table much larger than the tokens: sorting them is cheaper
        return np.unique(term, return_inverse=True)
    seen = np.zeros(bound, dtype=bool)
    seen[term] = True
    used = np.flatnonzero(seen)
    rank = np.empty(bound, dtype=np.int64)
    rank[used] = np.arange(len(used), dtype=np.int64)
    return used, rank[term]


@cache
def stored_fields() -> tuple[str, ...]:
    """The stored fields of the local index's schema (schema.py), in the order its writer adds them (sorted
    names): read from the schema, so that a field stored there is stored here too (a copy of the list would
    drop a field added to the schema alone, silently)."""
    from .schema import build_schema

    schema = build_schema()
    return tuple(name for name in sorted(schema.names()) if schema[name].stored)

_STORED_LEVEL = 3  # zlib level of Whoosh's CompressedBytesColumn, which the ``_stored`` column is


def stored_bytes(title: str, body: str, values: dict[str, Any]) -> bytes:
    """The bytes Whoosh's writer stores for a document (its ``_stored`` column: a ``PickleColumn`` of a
    ``CompressedBytesColumn``, the dict of its stored values, none of them None, pickled with protocol 2 and
    compressed at level 3), made once here in a worker: the process writing the segment does the rest of each
    document's work alone, after the workers are done with the last chunk."""
    stored = {}
    for name in stored_fields():
        value = title if name == "title" else body if name == "body" else values.get(name)
        if value is not None:
            stored[name] = value
    return zlib.compress(pickle.dumps(stored, 2), _STORED_LEVEL)


def warm(options: Options) -> None:
    """Load what ``prepare`` needs (the registry, the language model, ICU's dictionaries) before the first
    chunk arrives: a worker process calls it first."""
    from ..analysis.tokenize import segment
    from ..ingest.langid import detect_language

    load_registry(options.registry_file)
    detect_language("The minister met his counterpart to discuss cooperation between the two countries.")
    list(segment("ព័ត៌មាន"))


def _values(article: Article, exact_words: bool) -> dict[str, Any]:
    doc = article.doc
    date = doc.date or ""
    return {
        "id": doc.id,
        "path": doc.path,
        "lang": doc.lang or "und",
        "spelled": "exact" if exact_words else "",
        "date": date,
        "date_inferred": doc.date_inferred,
        "date_future": doc.date_future,
        "newest": "" if doc.date_future else date,  # "newest first" ignores a date after the time of indexing
        "published": doc.published,
        "year": date[:4],
        "month": date[:7] if len(date) >= 7 else "",  # a year alone has no month
        "title_derived": doc.title_derived,
        "url": doc.url,
        "source": doc.source or "",
        "author": doc.author,
        "section": doc.section,
        "tags": list(doc.tags),
        "page_hash": doc.page_hash,
        "notes": list(doc.notes),
        "official": ",".join(m.official_id for m in article.mentions),
        "country": ",".join(sorted({m.country for m in article.mentions if m.country})),
        "role": ",".join(sorted({r.replace(",", " ") for m in article.mentions for r in m.roles})),
        "mentions": [m.stored() for m in article.mentions],
    }
