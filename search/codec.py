"""Whoosh's W3 codec, with field lengths read once per document instead of once per posting.

When a segment is flushed, Whoosh writes every posting with the length of its document's field (for BM25's
block statistics) and asks the per-document reader for it each time: a column lookup through a seek and an
unpack per posting, about a fifth of all indexing time here. This codec reads each field's lengths once
into a list. Files are written in the same format; the segments pickle this class (an importable,
module-level class), so an index written with it opens with it.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter


class _CachedLengths:
    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths
        self._by_field: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        values = self._by_field.get(fieldname)
        if values is None:
            count = self._lengths.doc_count_all()
            get = self._lengths.doc_field_length
            values = [get(d, fieldname, default) for d in range(count)]
            self._by_field[fieldname] = values
        if docnum < len(values):
            return values[docnum]
        return int(self._lengths.doc_field_length(docnum, fieldname, default))


class _FieldWriter(W3FieldWriter):  # type: ignore[misc]
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        super().add_postings(schema, _CachedLengths(lengths) if lengths else lengths, items)


class Codec(W3Codec):  # type: ignore[misc]
    def field_writer(self, storage: Any, segment: Any) -> _FieldWriter:
        return _FieldWriter(self, storage, segment)
