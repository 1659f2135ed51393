"""A Whoosh segment written in bulk from arrays, instead of one posting at a time.

Whoosh's writer sends every posting of every document through Python calls (its posting pool, a sort, the
field writer: about 1.3 million calls each for 2,653 Vietnamese articles; ``benchmarks/RESULTS.md``). Here
the documents arrive prepared (``prepare.py``: each analysed field's postings as arrays), the parent keeps
them as arrays, and a segment is written by sorting each field's postings once with numpy and writing each
term's postings a block (128 postings) at a time. The files are Whoosh's own (the same term dictionary,
per-document columns and stored fields, our codec's packed blocks), so every Whoosh reader, merge and
deletion works on them.

    writer = BulkSegmentWriter(ix)                  # a Whoosh SegmentWriter underneath
    writer.add_prepared(prepared, keep=[0, 2], fingerprints=[b"...", b"..."])
    writer.commit(merge=False)                      # one new segment, committed atomically (a new TOC)

Per-document values (stored fields, lengths, sortable columns) are kept as lists, a chunk's documents a field
at a time, and each column is written at once at the commit: the bytes Whoosh's per-document writer writes a
value at a time (``_write_columns``; tests/index/test_bulk.py compares the files).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import accumulate
from typing import Any

import numpy as np
from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import VarBytesColumn
from whoosh.formats import Existence
from whoosh.writing import SegmentWriter

from .codec import Codec, SortedPostings, _extend_growable, _length_bytes
from .prepare import ARTICLE_FIELDS, POSITIONAL, FieldArrays, Prepared, PreparedDoc, stored_bytes

Array = np.ndarray[Any, Any]
# Fields whose postings come from the document's values through Whoosh's own field types (a few a document).
VALUE_FIELDS = ("id", "path", "lang", "spelled", "date", "newest", "year", "month", "url", "source", "official",
                "country", "role")

AHEAD = tuple(name for name in ARTICLE_FIELDS if name not in POSITIONAL)  # their blocks made in a thread
_UNIQUE_VALUES = ("id", "path", "url")  # a value per document: not worth keeping
_VALUE_CACHE = 10_000  # distinct values kept per field


class _FieldPostings:
    """All postings of one analysed field in the segment being written, as growing arrays over a
    vocabulary of the segment."""

    def __init__(self, positional: bool) -> None:
        self.vocab: dict[str, int] = {}  # term -> its number, in the order of the numbers
        self.numbered = 0  # numbers handed out: a chunk's terms take the next ones, the new terms keep theirs
        self.term = array("i")
        self.doc = array("i")
        self.tf = array("i")
        self.positions: array[int] | None = array("I") if positional else None

    def __len__(self) -> int:
        return len(self.term)

    def extend(self, arrays: FieldArrays, keep: Array, docnums: Array) -> None:
        """The chunk's postings of the documents kept (``keep``: a mask over the chunk's documents), with
        the chunk's document numbers mapped to the segment's (``docnums``)."""
        if not len(arrays.term):
            return
        # Every term of the chunk its number, a term new to the segment the next one of the chunk's (numbers are
        # left unused, in any order: a field's terms are sorted by their bytes when it is written): one dict
        # operation a term, in C (a set of the chunk's new terms, then their numbers, then every term's took
        # three).
        count = len(arrays.terms)
        local = np.fromiter(map(self.vocab.setdefault, arrays.terms, range(self.numbered, self.numbered + count)),
                            dtype=np.int32, count=count)
        self.numbered += count
        term = np.frombuffer(arrays.term, dtype=np.int32)
        doc = np.frombuffer(arrays.doc, dtype=np.int32)
        if bool(keep.all()):
            # Every document kept (a first build, a chunk without errors): the chunk's arrays added as they are
            # (a copy of each, not a mask, a gather and two copies).
            self.term.frombytes(local[term].data.cast("B"))
            self.doc.frombytes(docnums[doc].data.cast("B"))
            self.tf.frombytes(memoryview(arrays.tf).cast("B"))
            if self.positions is not None and arrays.positions is not None:
                self.positions.frombytes(memoryview(arrays.positions).cast("B"))
            return
        tf = np.frombuffer(arrays.tf, dtype=np.int32)
        wanted = keep[doc]
        self.term.frombytes(local[term[wanted]].data.cast("B"))
        self.doc.frombytes(docnums[doc[wanted]].data.cast("B"))
        self.tf.frombytes(tf[wanted].data.cast("B"))
        if self.positions is not None and arrays.positions is not None:
            positions = np.frombuffer(arrays.positions, dtype=np.uint32)
            self.positions.frombytes(positions[np.repeat(wanted, tf)].data.cast("B"))

    def sorted(self, lengths: Array) -> tuple[list[tuple[bytes, int, int]], SortedPostings | None]:
        """The postings sorted as Whoosh's term dictionary needs them (terms in byte order, documents ascending
        within a term), converted once to the bytes each block is sliced from, and each term's range."""
        if not len(self.term):
            return [], None
        encoded = [t.encode("utf-8") for t in self.vocab]
        by_bytes = sorted(range(len(encoded)), key=encoded.__getitem__)
        numbers = np.fromiter(self.vocab.values(), dtype=np.int64, count=len(encoded))
        rank = np.empty(self.numbered, dtype=np.int32)  # each term's number -> its place in byte order
        rank[numbers[by_bytes]] = np.arange(len(encoded), dtype=np.int32)
        term = np.frombuffer(self.term, dtype=np.int32)
        doc = np.frombuffer(self.doc, dtype=np.int32)
        tf = np.frombuffer(self.tf, dtype=np.int32)
        # Temporaries of 4 bytes a posting or position where they fit: a segment's commit is the peak of the
        # memory of the process that writes it.
        term_rank = rank[term]
        if bool((doc[1:] >= doc[:-1]).all()):
            # Postings are added document after document: sorted by term, stably, each term's documents come
            # ascending. numpy's stable sort of 16-bit keys is a radix sort: the ranks' low then high halves
            # (the high ones only past 65,536 terms) sort 1 million postings in 0.10 s where one sort of unique
            # int64 keys (term, place) took 0.24-0.29 s, and lexsort more.
            order = np.argsort((term_rank & 0xFFFF).astype(np.uint16), kind="stable")
            if len(encoded) > 0x10000:
                order = order[np.argsort((term_rank >> 16).astype(np.uint16)[order], kind="stable")]
        else:
            order = np.lexsort((doc, term_rank))
        ranks = term_rank[order]
        del term_rank
        cuts = np.flatnonzero(np.diff(ranks)) + 1
        starts = np.concatenate(([0], cuts)).tolist()
        ends = np.concatenate((cuts, [len(order)])).tolist()
        ranges = [(encoded[by_bytes[r]], a, b) for r, a, b in zip(ranks[starts].tolist(), starts, ends, strict=True)]
        del ranks
        docs, counts = doc[order], tf[order]
        out = SortedPostings(docs.astype("<u4").tobytes(), counts.astype("<f4").tobytes(), lengths[docs])
        if self.positions is not None:
            positions = np.frombuffer(self.positions, dtype=np.uint32)
            # Every posting's positions, gathered in the sorted order with one vectorized index: each position's
            # place in ``positions`` is its posting's first there, plus its rank within the posting.
            first = np.cumsum(tf, dtype=np.int64)
            first -= tf
            ends_sorted = np.cumsum(counts, dtype=np.int64)
            index = np.int32 if len(positions) < 2**31 else np.int64
            shift = (first[order] - (ends_sorted - counts)).astype(index)
            del first
            offsets = np.repeat(shift, counts)
            del shift
            offsets += np.arange(len(offsets), dtype=index)
            out.places = positions[offsets]
            del offsets
            out.counts, out.ends = counts, ends_sorted
        else:
            out.values = counts.astype(">u4").tobytes()
        return ranges, out


class BulkSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's segment writer, with documents added prepared and postings written from arrays."""

    def __init__(self, ix: Any) -> None:
        # limitmb: the posting pool is not used (postings are kept as arrays), so it gets no memory budget.
        super().__init__(ix, codec=Codec(), compound=False, limitmb=1)
        self._postings = {name: _FieldPostings(name in POSITIONAL) for name in ARTICLE_FIELDS}
        self._values: dict[str, dict[bytes, list[tuple[int, float, bytes]]]] = {name: {} for name in VALUE_FIELDS}
        self._lengths: dict[str, array[int]] = {name: array("i") for name in ARTICLE_FIELDS}
        self._value_cache: dict[str, dict[Any, list[tuple[bytes, float, bytes]]]] = {}
        # Each field in the order Whoosh's writer adds them (sorted names): name, field, analysed (an article
        # field: a length), stored, column type.
        fields = [(name, self.schema[name]) for name in sorted(self.schema.names())]
        # The columns of the fields that are not analysed (values: bytes columns), in Whoosh's order, and their
        # values so far, a document after another (None: no value); each document's stored fields' bytes.
        self._value_columns = [(name, field, field.column_type) for name, field in fields
                               if field.column_type is not None and name not in ARTICLE_FIELDS]
        for name, _, column in self._value_columns:
            if type(column) is not VarBytesColumn:  # written as VarBytesColumn's writer writes (_write_var_bytes)
                raise TypeError(f"the column of {name!r} is a {type(column).__name__}, not a VarBytesColumn")
        self._columns: dict[str, list[bytes | None]] = {name: [] for name, _, _ in self._value_columns}
        self._stored: list[bytes] = []
        self._value_fields = [(name, field) for name, field in fields if name in VALUE_FIELDS]
        # Fields whose value is indexed whole (Whoosh's ID: one term, the value, with the field's boost and no
        # frequency), for which ``field.index`` (an analyzer, a token, a set) is not needed -> the boost.
        self._whole = {name: field.format.field_boost for name, field in self._value_fields
                       if type(field.analyzer) is IDTokenizer and type(field.format) is Existence}

    @property
    def postings(self) -> int:
        """Postings held for the segment (what its memory grows with)."""
        return sum(len(p) for p in self._postings.values())

    def add_prepared(self, prepared: Prepared, keep: Sequence[int], fingerprints: Sequence[bytes]) -> None:
        """Add the prepared documents at the chunk positions ``keep`` (errors and unchanged documents are
        left out by the caller), each with its fingerprint column value."""
        if not keep:
            return
        mask = np.zeros(len(prepared.docs), dtype=bool)
        mask[list(keep)] = True
        docnums = np.full(len(prepared.docs), -1, dtype=np.int32)
        docnums[list(keep)] = np.arange(self.docnum, self.docnum + len(keep))
        docs = [prepared.docs[position] for position in keep]
        assert all(isinstance(doc, PreparedDoc) for doc in docs)
        self._add_documents(docs, fingerprints)  # type: ignore[arg-type]
        for name, arrays in prepared.fields.items():
            self._postings[name].extend(arrays, mask, docnums)
        self._added = True

    def _add_documents(self, docs: list[PreparedDoc], fingerprints: Sequence[bytes]) -> None:
        """The per-document part of Whoosh's ``add_document`` for a chunk's documents, a field at a time: their
        lengths, column values and stored fields kept as lists (written a column at a time by ``_write_columns``,
        the bytes Whoosh's per-document writer writes a value at a time), and the postings of the value fields
        (a few per document)."""
        first = self.docnum
        for name in ARTICLE_FIELDS:
            self._lengths[name].extend([doc.lengths[name] for doc in docs])
        for name, field, _ in self._value_columns:
            if name == "fingerprint":
                self._columns[name].extend(fingerprints)
            else:
                to_column = field.to_column_value
                self._columns[name].extend([None if (value := doc.values.get(name)) is None else to_column(value)
                                            for doc in docs])
        self._stored.extend([doc.stored if doc.stored is not None else
                             stored_bytes(doc.article.doc.title, doc.article.doc.body, doc.values) for doc in docs])
        for name, field in self._value_fields:
            terms = self._values[name]
            value_terms = self._value_terms
            boost = self._whole.get(name)
            if boost is not None:
                # A value its own term (Whoosh's ID field): the chunk's documents of each value, its term's
                # postings in the order of the documents still (another value is another term).
                by_value: dict[Any, list[int]] = {}
                for docnum, doc in enumerate(docs, first):
                    if (value := doc.values.get(name)) is not None:
                        by_value.setdefault(value, []).append(docnum)
                for value, docnums in by_value.items():
                    if isinstance(value, str):
                        terms.setdefault(value.encode("utf-8"), []).extend([(d, boost, b"") for d in docnums])
                        continue
                    for docnum in docnums:  # (Whoosh's analyzer refuses it, as it did)
                        for tbytes, weight, vbytes in value_terms(name, field, value):
                            terms.setdefault(tbytes, []).append((docnum, weight, vbytes))
                continue
            for docnum, doc in enumerate(docs, first):
                value = doc.values.get(name)
                if value is None:
                    continue
                for tbytes, weight, vbytes in value_terms(name, field, value):
                    terms.setdefault(tbytes, []).append((docnum, weight, vbytes))
        self.docnum += len(docs)

    def _write_columns(self) -> None:
        """The segment's per-document columns, each written at once: the same bytes as Whoosh's per-document
        writer adding each document's values (``W3PerDocWriter.add_field``, ``add_column_value``, ``finish_doc``):
        a column is made when a document first has a value for it, a length column holds each document's length
        byte up to the last that is not 0, a bytes column every document's value (none: empty) and their lengths,
        and the field lengths' totals are summed in the order the fields first had a length."""
        pdw = self.perdocwriter
        count = self.docnum
        firsts = []
        for place, name in enumerate(sorted(ARTICLE_FIELDS)):  # (Whoosh adds fields in the order of their names)
            lengths = np.frombuffer(self._lengths[name], dtype=np.int32)
            if len(nonzero := np.flatnonzero(lengths)):
                firsts.append((int(nonzero[0]), place, name, lengths[:int(nonzero[-1]) + 1]))
        for _, _, name, lengths in sorted(firsts):
            pdw._fieldlengths[name] += int(lengths.sum(dtype=np.int64))
            column = _lenfield(name)
            pdw._create_column(column, LENGTHS_COLUMN)
            writer = pdw._get_column(column)
            writer._dbfile.write(bytes(_length_bytes(lengths)))
            writer._count = len(lengths)
        for name, _, column in self._value_columns:
            values = self._columns[name]
            if any(value is not None for value in values):
                pdw._create_column(name, column)
                _write_var_bytes(pdw._get_column(name), values)
        if self._stored:  # (made with the writer)
            _write_var_bytes(pdw._get_column("_stored")._child, self._stored)
        pdw._doccount = count

    def _value_terms(self, name: str, field: Any, value: Any) -> list[tuple[bytes, float, bytes]]:
        """The terms a value field indexes for ``value`` (Whoosh's ``field.index``), each distinct value
        analysed once: a language, a month or an official recurs in thousands of documents."""
        cache = None if name in _UNIQUE_VALUES else self._value_cache.setdefault(name, {})
        found = None if cache is None else cache.get(value)
        if found is None:
            found = [(tbytes, weight, vbytes) for tbytes, _freq, weight, vbytes in field.index(value)]
            if cache is not None:
                if len(cache) >= _VALUE_CACHE:
                    cache.clear()
                cache[value] = found
        return found

    def _flush_segment(self) -> None:
        """Write every field's postings (Whoosh's ``_flush_segment`` takes them from its pool). The postings of the
        analysed fields without positions (``AHEAD``) are sorted and made into blocks in a thread while the fields
        before them are written: their zlib compression and numpy sorts run beside the writing of the others (the
        process writing the last segment is alone at the end of a build)."""
        fw = self.fieldwriter
        with ThreadPoolExecutor(1) as pool:
            ahead = {name: pool.submit(self._postings_ahead, name) for name in AHEAD}
            self._write_columns()
            self.perdocwriter.close()
            for name in sorted((*ARTICLE_FIELDS, *VALUE_FIELDS)):
                # (popped: a field's postings made ahead are freed once written, not kept to the end)
                self._write_field(name, ahead.pop(name, None))
        fw.close()

    def _postings_ahead(self, name: str) -> tuple[list[tuple[bytes, int, int]], SortedPostings | None, Any]:
        ranges, postings = self._postings[name].sorted(np.frombuffer(self._lengths[name], dtype=np.int32))
        return ranges, postings, None if postings is None else self.fieldwriter.postings_ahead(ranges, postings)

    def _write_field(self, name: str, ahead: Future[tuple[list[tuple[bytes, int, int]], SortedPostings | None, Any]]
                     | None) -> None:
        fw = self.fieldwriter
        field = self.schema[name]
        if name in self._postings:
            if ahead is not None:
                ranges, postings, made = ahead.result()
            else:
                ranges, postings = self._postings[name].sorted(np.frombuffer(self._lengths[name], dtype=np.int32))
                made = None
            if postings is not None:
                fw.add_sorted(name, field, ranges, postings, made)
                return
        values = self._values.get(name)
        if values:
            fw.add_sorted(name, field, *_value_postings(values, field))
        else:
            fw.start_field(name, field)
            fw.finish_field()


def _write_var_bytes(writer: Any, values: Sequence[bytes | None]) -> None:
    """Every document's value (None: none) added to a new ``VarBytesColumn`` writer at once: its data, and the
    lengths and offsets its ``add`` and ``fill`` append, in arrays of the type they would widen to."""
    lengths = [0 if value is None else len(value) for value in values]
    offsets = [0, *accumulate(lengths)]
    writer._dbfile.write(b"".join([value for value in values if value]))
    _extend_growable(writer._lengths, lengths)
    _extend_growable(writer._offsets, offsets[:-1])
    writer._offset_base = offsets[-1]
    writer._count = len(values)


def _value_postings(terms: dict[bytes, list[tuple[int, float, bytes]]],
                    field: Any) -> tuple[list[tuple[bytes, int, int]], SortedPostings]:
    """A value field's postings as ``add_sorted`` takes them: terms in byte order, each term's documents in
    the order they were added (ascending). The same bytes as Whoosh's writer, a term at a time, writes (an
    ID field's format has no values; a KEYWORD field's holds each posting's frequency, 4 bytes)."""
    ranges: list[tuple[bytes, int, int]] = []
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    for tbytes in sorted(terms):
        postings = terms[tbytes]
        ranges.append((tbytes, len(ids), len(ids) + len(postings)))
        for docnum, weight, vbytes in postings:
            ids.append(docnum)
            weights.append(weight)
            values.append(vbytes)
    fixed = field.format.fixed_value_size()
    assert fixed in (0, 4), field.format  # ID (Existence) and KEYWORD (Frequency) fields
    return ranges, SortedPostings(np.array(ids, dtype="<u4").tobytes(), np.array(weights, dtype="<f4").tobytes(),
                                  np.zeros(len(ids), dtype=np.int32), b"".join(values) if fixed else None)
