"""The read side of the storage engine: everything the query layer, the officials lookups and the site need
from an index, as typed records and numpy arrays. Only this package knows that Whoosh is underneath.

    with IndexReader(Path("index")) as r:
        p = r.postings("body", "hun")            # Postings(ids=array([0, 7, ...]), weights=array([2., 1., ...]))
        p = r.postings("body", "hun", positions=True).keys     # doc << 32 | position, sorted
        r.docs.live, r.docs.lengths["body"], r.docs.codes["lang"]  # per-document arrays (docarrays.py)
        r.stored(7)["title"], r.docnum("000_64ee10f01e38a171")

Document numbers are global (every segment's documents, deleted ones included, numbered one after the
other); ``docs.live`` says which are not deleted. Postings include deleted documents: callers mask them.

Postings are read a block at a time from our codec's packed blocks (``codec.py``: ids, weights and positions
as arrays, one ``numpy.frombuffer`` each; the index's format stamp guarantees them). Decoded lists stay in a
least-recently-used cache (``CACHE_BYTES``) for the next queries of the same process.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from whoosh.automata.fsa import ANY, EPSILON, NFA
from whoosh.codec.base import Automata

from ..errors import IndexCorruptError, SearchError
from . import docarrays, integrity, store
from .codec import _KEY_VALUE, BlockDecoder, Codec, block_data, term_extent, term_frequency
from .docarrays import DocArrays
from .schema import ArrayPositions
from .store import damaged

Array = np.ndarray[Any, Any]
F = TypeVar("F", bound=Callable[..., Any])
CACHE_BYTES = 256 * 1024 * 1024  # decoded posting lists kept between queries (least recently used go first)
MAX_FREQUENCIES = 2_000_000  # remembered document frequencies (about 200 MB at most)
BATCH_VALUES = 2_000_000  # postings and positions of a ``postings_batches`` batch (about 50 MB of arrays)
MAX_EXPANSIONS = 20_000  # remembered prefix expansions (a prefix query's list can be long: fewer)
# New terms and prefixes of a field looked up in its term files (a seek and read per probe of each segment's
# hash or ordered table) before the process reads the field's term tables into memory, once (``_tables``).
LOOKUPS_BEFORE_MEMORY = 64
# Times an index that a commit changed while it was being opened is opened again.
OPEN_ATTEMPTS = 5


@dataclass(slots=True)
class Postings:
    """A term's postings over the whole index: document numbers, weights (term frequency, or the stored
    weight of a keyword), and for a field with positions, if asked, ``doc << 32 | position``, sorted."""

    ids: Array
    weights: Array
    keys: Array | None = None

    def nbytes(self) -> int:
        return int(self.ids.nbytes + self.weights.nbytes + (self.keys.nbytes if self.keys is not None else 0))


def _guarded(method: F) -> F:
    """Whatever a damaged file makes Whoosh raise while reading (zlib, pickle, struct errors...) becomes one
    IndexCorruptError naming the index: never a traceback, never an answer read from damaged bytes."""
    @functools.wraps(method)
    def wrapper(self: IndexReader, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except SearchError:
            raise
        except Exception as e:  # noqa: BLE001 - any exception from reading files is damage
            raise damaged(self.index_dir, f"{type(e).__name__} while reading it ({e})") from e
    return wrapper  # type: ignore[return-value]


class IndexReader:
    """An open index, read-only. Not thread-safe; cheap to keep open for many queries."""

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        # Opening reads the table of contents, then checks the files it names against the checksums: an update
        # committing in between removes the table read (and a merge its segments) before it writes the new
        # checksums, and the files look missing. Damage is reported only if the index did not change meanwhile
        # (1 false "damaged" in 212 queries run during updates, before).
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            before = store.commit_state(self.index_dir)
            try:
                self._open_checked()
                return
            except IndexCorruptError:
                if attempt == OPEN_ATTEMPTS or store.commit_state(self.index_dir) == before:
                    raise
            time.sleep(0.02 * attempt)

    def _open_checked(self) -> None:
        self._ix, self.gen = store.open_existing(self.index_dir)
        try:
            reads = integrity.referenced(self._ix)
            problems = integrity.verify(self.gen, reads)
        except Exception as e:  # noqa: BLE001 - a TOC too damaged to list the segments
            self._ix.close()
            raise damaged(self.index_dir, f"{type(e).__name__} reading its table of contents") from e
        if problems:
            self._ix.close()
            raise damaged(self.index_dir, "; ".join(problems.damaged))
        if not reads.prefixes:  # no segment committed yet (Whoosh's empty reader has no terms to read)
            self._ix.close()
            raise store.empty(self.index_dir)
        try:
            self._open()
        except IndexCorruptError:
            self._ix.close()
            raise

    @_guarded
    def _open(self) -> None:
        self._searcher = self._ix.searcher()
        self._reader = self._searcher.reader()
        self._leaves = [(sub.reader(), offset) for sub, offset in self._searcher.leaf_searchers()]
        self._docs: DocArrays | None = None
        self._cache: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._cache_bytes = 0
        self._frequencies: dict[tuple[str, str], int] = {}  # an open reader's statistics never change
        self._expansions: dict[tuple[str, str], list[str]] = {}  # nor its terms: prefixes expanded so far
        self._lookups: dict[str, int] = {}  # new terms and prefixes of a field looked up in its term files
        self._term_tables: dict[str, list[dict[bytes, bytes]]] = {}  # term -> term info, a dict a segment
        self._sorted_terms: dict[str, list[str]] = {}  # the terms of a field whose tables are in memory
        self._languages: list[str] | None = None
        self._deletions: bool | None = None
        # The last document's stored fields as read (an export reads an article for its page, then again for
        # its related articles: each read decompresses and unpickles the whole text).
        self._last_stored: tuple[int, dict[str, Any]] | None = None

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()

    def __enter__(self) -> IndexReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- documents -----------------------------------------------------------------------------------
    @property
    def size(self) -> int:
        """Document numbers in use (deleted documents included)."""
        return int(self._reader.doc_count_all())

    def doc_count(self) -> int:
        """Live (not deleted) documents."""
        return int(self._reader.doc_count())

    @property
    @_guarded
    def docs(self) -> DocArrays:
        """Per-document arrays (liveness, lengths, language/date codes, tie order) of this generation."""
        if self._docs is None:
            self._docs = docarrays.load(self.gen, self._reader)
        return self._docs

    def identity(self) -> bytes:
        """Bytes that change whenever the index does (``integrity.identity``)."""
        return integrity.identity(self.gen)

    @property
    def segments(self) -> int:
        return len(self._leaves)

    @_guarded
    def ids(self) -> list[str]:
        """Every document's id by document number (deleted ones included), from the id column."""
        return [str(v) for v in self._reader.column_reader("id")]

    @_guarded
    def stored(self, docnum: int) -> dict[str, Any]:
        """The stored fields of one document: id, path, title, body, lang, date, mentions... (a new dict each
        call)."""
        last = self._last_stored
        if last is None or last[0] != docnum:
            last = self._last_stored = (docnum, self._reader.stored_fields(docnum))
        return dict(last[1])

    @_guarded
    def docnum(self, doc_id: str) -> int | None:
        """The live document with this id, or None."""
        if not _storable(doc_id):
            return None
        found = self._searcher.document_number(id=doc_id)
        return int(found) if found is not None else None

    def registry_file(self) -> Path | None:
        return store.saved_registry(self.index_dir)

    @_guarded
    def languages(self) -> list[str]:
        """The languages of the index's live articles (read once: an open reader never changes). Not the lang
        field's terms: those of articles an incremental run removed stay until their segment is merged, and a
        language whose articles are all gone was still named in hints, analysed for and shipped to the site."""
        if self._languages is None:
            vocab, codes = self.docs.codes["lang"]
            present = np.unique(codes[self.docs.live[:len(codes)]]).tolist()
            self._languages = sorted(code for code in (vocab[i] for i in present) if code)
        return list(self._languages)

    # --- terms ---------------------------------------------------------------------------------------
    @_guarded
    def field_terms(self, field: str) -> list[str]:
        return [_text(t) for t in self._reader.field_terms(field)]

    @property
    def has_deletions(self) -> bool:
        """Whether some document numbers are deleted ones (an article updated or removed by an incremental run,
        until its segment is written again)."""
        if self._deletions is None:
            self._deletions = bool(self.size != self.doc_count())
        return self._deletions

    def frequencies(self, field: str, terms: Iterable[str]) -> dict[str, int]:
        """``doc_frequency`` of many terms of a field (the OpenSearch reader asks for them in one request)."""
        return {t: self.doc_frequency(field, t) for t in dict.fromkeys(terms)}

    @_guarded
    def doc_frequency(self, field: str, text: str) -> int:
        """Live documents holding the term, as a fresh build of the same articles would count them: with
        deletions, counted in its postings (a term's count in the index includes deleted documents until their
        segment is written again, and the planner's 'common word' threshold and a word's spellings must not
        depend on an index's history). Remembered: an export asks for the same words' frequencies for every
        article's related articles."""
        key = (field, text)
        found = self._frequencies.get(key)
        if found is None and not _storable(text):
            return 0
        if found is None:
            if len(self._frequencies) >= MAX_FREQUENCIES:
                self._frequencies.clear()
            if self.has_deletions:
                ids = self.postings(field, text).ids
                found = int(np.count_nonzero(self.docs.live[ids])) if len(ids) else 0
            elif (tables := self._tables(field) if field in self._reader.schema else None) is None:
                found = int(self._reader.doc_frequency(field, text))
            else:
                btext = self._reader.schema[field].to_bytes(text)
                found = sum(term_frequency(table[btext]) for table in tables if btext in table)
            self._frequencies[key] = found
        return found

    @_guarded
    def together(self, field: str, terms: Sequence[str]) -> int:
        """Live documents holding every one of the terms (whether a query's acronyms are written in one article:
        lang/acronyms.py ``shouted``)."""
        ids: Array | None = None
        for text in terms:
            found = self.postings(field, text).ids
            ids = found if ids is None else np.intersect1d(ids, found, assume_unique=True)
        if ids is None or not len(ids):
            return 0
        return int(np.count_nonzero(self.docs.live[ids]))

    @_guarded
    def side_by_side(self, field: str, words: Sequence[Sequence[str]]) -> int:
        """Live documents where the words stand side by side, in this order, each word given as its terms (its
        spellings): whether a query typed in capitals is written as words (query/compile.py
        ``written_as_acronyms``: ``CONG TY`` is the words ``công ty`` of 747 vi-news articles)."""
        ends: Array | None = None
        for spellings in words:
            found = [keys for text in spellings
                     if (keys := self.postings(field, text, positions=True).keys) is not None and len(keys)]
            at = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
            ends = at if ends is None else at[np.isin(at, ends + 1, assume_unique=True)]
            if not len(ends):
                return 0
        if ends is None:
            return 0
        docs = np.unique(ends >> 32)
        return int(np.count_nonzero(self.docs.live[docs]))

    @_guarded
    def expand_prefix(self, field: str, prefix: str) -> list[str]:
        """The field's terms that start with ``prefix``, sorted (remembered: every word of a query typed
        without accents asks for its spellings, ``son`` -> ``son sơn``, ``son sởn``..., a walk of the term
        file of about 0.3 ms)."""
        key = (field, prefix)
        found = self._expansions.get(key)
        if found is None and not _storable(prefix):
            return []
        if found is None:
            if len(self._expansions) >= MAX_EXPANSIONS:
                self._expansions.clear()
            found = self._expand(field, prefix)
            if self.has_deletions:  # not the terms only deleted documents hold (a spelling edited away)
                found = [t for t in found if self.doc_frequency(field, t)]
            self._expansions[key] = found
        return list(found)

    def _tables(self, field: str) -> list[dict[bytes, bytes]] | None:
        """The field's term table of each segment (term -> term info as ``codec.py`` packs it), in memory once
        the process has looked up ``LOOKUPS_BEFORE_MEMORY`` new terms or prefixes of the field (a server, an
        export, a benchmark): a look-up in the term files costs a seek and a read per probe of each segment's
        table (a prefix walk about 0.3 ms at 5k articles, 2.6 ms at 100k in 15 segments; finding terms in
        15 segments was 12% of 375 queries' profiled time at 100k), a long question's first spellings most
        of its compile time. A one-off query never pays for the read (10 ms for the exact spellings of 5,000
        articles, 0.3 s for the body's 90,637 records in 15 segments at 100,000). None: not yet."""
        tables = self._term_tables.get(field)
        if tables is None:
            lookups = self._lookups[field] = self._lookups.get(field, 0) + 1
            if lookups <= LOOKUPS_BEFORE_MEMORY:
                return None
            tables = self._term_tables[field] = [dict(self._term_records(index, field))
                                                 for index in range(len(self._leaves))]
        return tables

    def _expand(self, field: str, prefix: str) -> list[str]:
        terms = self._sorted_terms.get(field)
        if terms is None:
            tables = self._tables(field)
            if tables is None:
                return [_text(term) for term in self._reader.expand_prefix(field, prefix)]
            # UTF-8 bytes sort as the text they encode
            terms = self._sorted_terms[field] = sorted(_text(t) for t in set().union(*tables))
        found = []
        for i in range(bisect.bisect_left(terms, prefix), len(terms)):
            if not terms[i].startswith(prefix):
                break
            found.append(terms[i])
        return found

    @_guarded
    def terms_within(self, field: str, text: str, maxdist: int, prefix: int = 0) -> list[str]:
        """Terms within ``maxdist`` edits of ``text`` (the first ``prefix`` letters fixed) that live documents
        hold."""
        if not _storable(text):
            return []
        dfa = _within_automaton(text, maxdist, prefix)
        found = sorted({_text(term) for leaf, _ in self._leaves if field in leaf.schema
                        for term in Automata.find_matches(dfa, leaf.cursor(field))})
        return [t for t in found if self.doc_frequency(field, t)] if self.has_deletions else found

    def scorable(self, field: str) -> bool:
        """Whether the field's weights are term frequencies to score (text) or plain marks (keywords)."""
        schema = self._reader.schema
        return field in schema and bool(schema[field].scorable)

    # --- postings ------------------------------------------------------------------------------------
    @_guarded
    def postings(self, field: str, text: str, positions: bool = False) -> Postings:
        key = (field, text)
        hit = self._cache.get(key)
        if hit is not None and (hit.keys is not None or not positions):
            self._cache.move_to_end(key)
            return hit
        entry = self._read(field, text, positions)
        if hit is not None:
            self._cache_bytes -= hit.nbytes()
        self._cache[key] = entry
        self._cache_bytes += entry.nbytes()
        while self._cache_bytes > CACHE_BYTES and len(self._cache) > 1:
            self._cache_bytes -= self._cache.popitem(last=False)[1].nbytes()
        return entry

    def _read(self, field: str, text: str, positions: bool) -> Postings:
        """Every block of the term's postings, decoded once: ids and weights, and positions if asked (a
        phrase word: then they are read in the same pass as the ids, not in a second one). Each segment's
        postings of the term are read in one piece and its blocks decoded together (``codec.BlockDecoder``,
        as ``postings_batches`` does): a Whoosh matcher's seek, reads and arrays per block were a third of
        reading a common syllable's postings at 100k articles."""
        builder = _BatchBuilder(positions)
        if field in self._reader.schema and _storable(text):
            fieldobj = self._reader.schema[field]
            if positions and not isinstance(fieldobj.format, ArrayPositions):
                raise ValueError(f"the {field!r} field has no positions")
            btext = fieldobj.to_bytes(text)
            tables = self._tables(field)
            for index, (_, offset) in enumerate(self._leaves):
                terms = self._segment_terms(index)
                if tables is not None:
                    value = tables[index].get(btext)
                    if value is None:
                        continue
                else:
                    try:
                        value = terms._tindex[terms._keycoder(field, btext)]
                    except KeyError:
                        continue
                builder.add_term_blocks(terms._postfile, value, offset)
        batch = builder.build()
        entry = Postings(batch.ids, batch.weights)
        if positions:
            assert batch.counts is not None and batch.places is not None
            # Sorted: ids ascend through blocks and segments, positions within a document.
            entry.keys = (np.repeat(batch.ids, batch.counts) << 32) | batch.places
        return entry

    def postings_batches(self, field: str, positions: bool = False,
                         batch: int = BATCH_VALUES) -> Iterator[PostingsBatch]:
        """Every term of ``field`` with its postings (``postings`` of each, in term order), many terms at a
        time (``PostingsBatch``: about ``batch`` postings and positions each, a larger term alone). An export
        of the search page encodes the postings of every term (61,688 terms at 5k articles): one term at a
        time, opening a Whoosh matcher and making numpy arrays per term and per block cost more than the
        numbers themselves. Here each term's extent of the postings file is read in one piece and the blocks
        of many terms are decoded together (``codec.BlockDecoder``)."""
        if positions and not isinstance(self._reader.schema[field].format, ArrayPositions):
            raise ValueError(f"the {field!r} field has no positions")
        postings = [_Window(reader._terms._postfile) for reader, _ in self._leaves]

        def leaf_terms(index: int) -> Iterator[tuple[bytes, int, bytes]]:
            for btext, value in self._term_records(index, field):
                yield btext, index, value

        out = _BatchBuilder(positions)
        merged = heapq.merge(*(leaf_terms(i) for i in range(len(self._leaves))), key=lambda t: (t[0], t[1]))
        for btext, group in itertools.groupby(merged, key=lambda t: t[0]):
            out.terms.append(_text(btext))
            for _, index, value in group:
                out.add_term_blocks(postings[index], value, self._leaves[index][1])
            out.end_term()
            if out.values >= batch:
                yield out.build()
                out = _BatchBuilder(positions)
        if out.terms:
            yield out.build()

    def _segment_terms(self, index: int) -> Any:
        """Segment ``index``'s terms reader (Whoosh's W3TermsReader), written by ``codec.py``."""
        terms = self._leaves[index][0]._terms
        if not isinstance(terms._codec, Codec):  # the format stamp keeps other codecs' indexes out
            raise TypeError(f"terms not written by search.index.codec ({type(terms._codec).__name__}): "
                            "rebuild the index")
        return terms

    def _term_records(self, index: int, field: str) -> Iterator[tuple[bytes, bytes]]:
        """Segment ``index``'s terms of ``field`` in order, each with its term info as ``codec.py`` packs it:
        its term table (an ordered hash file of ``(key length, value length) key value`` records, keys the
        field's number + the term) read straight through rather than a seek and two reads a term."""
        terms = self._segment_terms(index)
        prefix = terms._keycoder(field, b"")
        table = terms._tindex
        pos, end = table.closest_key_pos(prefix), table.endofdata
        window = _Window(table.dbfile)
        while pos is not None and pos < end:
            key_length, value_length = _KEY_VALUE.unpack(window.get(pos, _KEY_VALUE.size))
            pos += _KEY_VALUE.size
            record = window.get(pos, key_length + value_length)
            if record[:len(prefix)] != prefix:
                return
            yield record[len(prefix):key_length], record[key_length:]
            pos += key_length + value_length


@dataclass(slots=True)
class PostingsBatch:
    """Consecutive terms of a field with their postings joined into one array each, for exports that encode
    every term (``IndexReader.postings_batches``): term ``i``'s postings are ``ids[starts[i]:starts[i + 1]]``
    (and the same slice of ``weights``); with positions, ``counts`` holds the number of each posting's
    positions and ``places`` those positions, posting after posting. A term's postings count is its document
    frequency (deleted documents included), as ``doc_frequency`` gives it."""

    terms: list[str]
    starts: Array  # int64, len(terms) + 1
    ids: Array  # int64 document numbers, ascending within a term
    weights: Array  # float64
    counts: Array | None = None  # int64, positions per posting
    places: Array | None = None  # int64, each posting's positions in order


class _Window:
    """Reads of a file that mostly move forward (one term's postings, then the next term's), served from a
    larger read: a seek and a read a term cost more than its bytes."""

    def __init__(self, file: Any, size: int = 1 << 20) -> None:
        self.file = file  # a Whoosh StructFile
        self.size = size
        self.start = 0
        self.data = b""

    def get(self, pos: int, length: int) -> bytes:
        at = pos - self.start
        if at < 0 or at + length > len(self.data):
            self.start, at = pos, 0
            self.data = self.file.get(pos, max(length, self.size))
            if len(self.data) < length:
                raise ValueError(f"file too short: {length} bytes at {pos}, {len(self.data)} there")
        return self.data[at:at + length]


class _BatchBuilder:
    """The blocks of consecutive terms, decoded into arrays once (``IndexReader.postings_batches``;
    ``IndexReader._read`` for one term)."""

    def __init__(self, positions: bool) -> None:
        self.positions = positions
        self.terms: list[str] = []
        self.ends: list[int] = []  # postings up to the end of each term
        self.total = 0  # postings so far
        self.values = 0  # postings and positions so far (the batch's size)
        self.blocks = BlockDecoder(positions)

    def add_term_blocks(self, postfile: _Window | Any, value: bytes, offset: int) -> None:
        """One segment's postings of the current term (``value``: its term info, codec.py's layout;
        ``postfile``: the postings file or a ``_Window`` on it), ids offset by ``offset``."""
        start, length = term_extent(value)
        add = self.blocks.add
        for count, block in block_data(postfile.get(start, length)):
            add(count, block, offset)
            self.total += count
        self.values = self.total + (self.blocks.places_seen if self.positions else 0)

    def end_term(self) -> None:
        self.ends.append(self.total)

    def build(self) -> PostingsBatch:
        ids, weights, counts, places = self.blocks.build()
        return PostingsBatch(self.terms, np.array([0, *self.ends], dtype=np.int64), ids, weights, counts, places)


@functools.lru_cache(maxsize=256)
def _within_automaton(term: str, maxdist: int, prefix: int) -> Any:
    """The words within ``maxdist`` edits of ``term`` (its first ``prefix`` letters kept), an adjacent
    transposition being one edit (Damerau), as Lucene's fuzzy queries and spellers count it: Whoosh's own
    automaton counts it as two (``nhtạ`` was not one edit from ``nhạt``, ``teh`` from ``the``), its generic
    comparison as one, so a fuzzy word and "did you mean" depended on how many segments the index had. Whoosh's
    Levenshtein automaton (``whoosh.automata.lev``) with a transposition state: ``(i, e, "swap")`` has read
    ``term[i + 1]`` where ``term[i]`` stood."""
    nfa = NFA((0, 0))
    for i in range(prefix):
        nfa.add_transition((i, 0), term[i], (i + 1, 0))
    for i in range(prefix, len(term)):
        for e in range(maxdist + 1):
            nfa.add_transition((i, e), term[i], (i + 1, e))
            if e < maxdist:
                nfa.add_transition((i, e), ANY, (i, e + 1))  # a letter inserted
                nfa.add_transition((i, e), EPSILON, (i + 1, e + 1))  # term[i] deleted
                nfa.add_transition((i, e), ANY, (i + 1, e + 1))  # term[i] replaced
                if i + 1 < len(term) and term[i + 1] != term[i]:  # term[i] and term[i + 1] swapped
                    nfa.add_transition((i, e), term[i + 1], (i, e, "swap"))
                    nfa.add_transition((i, e, "swap"), term[i], (i + 2, e + 1))
    for e in range(maxdist + 1):
        if e < maxdist:
            nfa.add_transition((len(term), e), ANY, (len(term), e + 1))
        nfa.add_final_state((len(term), e))
    return nfa.to_dfa()


def _storable(text: str) -> bool:
    """Whether ``text`` can be a term or an id of the index (UTF-8 text). Bytes typed that are no UTF-8 reach
    Python as lone surrogates (``b"\\xff"`` -> ``"\\udcff"``): no article holds them, and encoding them for
    a look-up must not pass for a damaged index."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(term: Any) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)
