"""Whoosh's W3 codec and posting pool, with the per-posting overhead of the generic versions taken out.

Most indexing time is Whoosh's own Python code spent once per posting (DESIGN.md), so this module keeps the
file format exactly (same writers, same block encoding; an index written with it reads with plain Whoosh
readers) and removes work that does not change it:

- field lengths are read once per document into a list, instead of once per posting through a column
  seek (about a fifth of all indexing time);
- the flush loop skips the generic checks (out-of-order terms, spelling words, type assertions), which our
  writer cannot trigger: postings arrive sorted from the pool, with integer ids, float weights, bytes values.

Segments pickle the codec (an importable, module-level class), so an index written with it opens with it.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter, W3TermInfo
from whoosh.system import emptybytes


class _CachedLengths:
    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths
        self._by_field: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        values = self._by_field.get(fieldname)
        if values is None:
            values = self.field(fieldname, default)
        if docnum < len(values):
            return values[docnum]
        return int(self._lengths.doc_field_length(docnum, fieldname, default))

    def field(self, fieldname: str, default: int = 0) -> list[int]:
        values = self._by_field.get(fieldname)
        if values is None:
            count = self._lengths.doc_count_all()
            get = self._lengths.doc_field_length
            values = [get(d, fieldname, default) for d in range(count)]
            self._by_field[fieldname] = values
        return values


class _PostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    _maxweight: float
    _minlength: int | None
    _maxlength: int

    def add_posting(self, id_: int, weight: float, vbytes: bytes, length: int | None = None) -> None:
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length


class _FieldWriter(W3FieldWriter):  # type: ignore[misc]
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        cached = _CachedLengths(lengths) if lengths else None
        lastfn = None
        lasttext = None
        postwriter: Any = None
        field_lengths: list[int] = []
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if lasttext is not None:
                    self.finish_term()
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                postwriter = self._postwriter
                field_lengths = cached.field(fieldname) if cached else []
                lastfn = fieldname
                lasttext = None
            if btext != lasttext:
                if lasttext is not None:
                    self.finish_term()
                self._btext = btext
                postwriter.start_postings(self._format, W3TermInfo())
                lasttext = btext
            length = field_lengths[docnum] if docnum < len(field_lengths) else 0
            postwriter.add_posting(docnum, weight, emptybytes if value is None else value, length)
        if lasttext is not None:
            self.finish_term()
        if lastfn is not None:
            self.finish_field()


class Codec(W3Codec):  # type: ignore[misc]
    def field_writer(self, storage: Any, segment: Any) -> _FieldWriter:
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:  # term vectors: not used by our schema, keep the generic writer
            return super().postings_writer(dbfile, byteids)
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=False,
                               compression=self._compression, inlinelimit=self._inlinelimit)
