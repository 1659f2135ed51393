"""Per-document arrays for ranking, ties and facets, computed once per index generation and kept on disk.

Ranking needs, for every document, whether it is live, its field lengths and its language (BM25 statistics
per language, ``search/query/score.py``); ties need its rank by date then id; facets need its language, year and
month; officials' pages its date. Whoosh reads such columns one Python call per document: about a quarter
of a second at 20k articles, paid again by every ``search query`` process. So the arrays are saved next to
the index, one file per generation (``arrays-<generation>.npz``; a commit makes a new generation, and the old
file is removed when the new one is written). ``search index`` writes it at the end of a run; a query
computes it when it is missing or unreadable, and saves it if it can (a read-only index folder still works,
only slower to open).
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import columns
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length, length_to_byte

Array = np.ndarray[Any, Any]
LENGTH_FIELDS = ("body", "title", "stem", "exact")
CODED_FIELDS = ("lang", "year", "month", "date", "spelled", "source", "newest")
PREFIX = "arrays-"
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


@dataclass
class DocArrays:
    key: str  # the segments and their live counts: a file for another state of the index is never used
    size: int
    live: Array  # bool: not deleted
    order: Array  # int64: rank by date (newest first; undated and future-dated last), then id
    lengths: dict[str, Array] = field(default_factory=dict)  # field -> float64 length, as Whoosh stores it
    codes: dict[str, tuple[list[str], Array]] = field(default_factory=dict)  # field -> (values, index per doc)
    # The coded fields whose values are the documents' own, as computed (not saved): no value ends with a NUL,
    # which numpy's strings drop (``languages``, ``future_dates``).
    exact: set[str] = field(default_factory=set)


def load(index_dir: Path, reader: Any) -> DocArrays:
    """The arrays of the index generation ``reader`` reads: from disk, else computed (and saved if possible)."""
    path = _path(index_dir, reader)
    if path is not None and path.exists():
        try:
            arrays = _read(path)
            if arrays.key == _key(reader):
                return arrays
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pass  # damaged or from another version: computed again below
    arrays = compute(reader)
    if path is not None:
        save(path, arrays)
    return arrays


def save(path: Path, arrays: DocArrays) -> None:
    data: dict[str, Array] = {"key": np.array([arrays.key]), "size": np.array([arrays.size]), "live": arrays.live,
                              "order": arrays.order}
    for name, values in arrays.lengths.items():
        data[f"length.{name}"] = values.astype(np.float32)
    for name, (vocab, codes) in arrays.codes.items():
        data[f"vocab.{name}"] = np.array(vocab or [""], dtype=str)
        data[f"codes.{name}"] = codes
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as f:
            np.savez(f, **data)  # type: ignore[arg-type]
        os.replace(tmp, path)
        for old in path.parent.glob(f"{PREFIX}*.npz"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        tmp.unlink(missing_ok=True)  # a read-only index: the arrays are used from memory only


def compute(reader: Any) -> DocArrays:
    leaves = _leaves(reader)
    size = int(reader.doc_count_all())
    live = np.ones(size, dtype=bool)
    for sub, offset in leaves:
        if sub.has_deletions():
            live[[offset + d for d in sub.deleted_docs_set]] = False
    exact: set[str] = set()
    codes = {name: _coded(reader, name, size, exact) for name in CODED_FIELDS}
    # "Newest first" goes by the date unless it is after the time of indexing (``newest`` is "" then).
    arrays = DocArrays(_key(reader), size, live, _tie_order(_coded(reader, "id", size), codes["newest"]))
    arrays.codes = codes
    arrays.exact = exact
    for name in LENGTH_FIELDS:
        arrays.lengths[name] = lengths_of(leaves, name, size)
    return arrays


def _read(path: Path) -> DocArrays:
    with np.load(path) as data:
        arrays = DocArrays(str(data["key"][0]), int(data["size"][0]), data["live"], data["order"])
        for name in LENGTH_FIELDS:
            arrays.lengths[name] = data[f"length.{name}"].astype(np.float64)
        for name in CODED_FIELDS:
            arrays.codes[name] = ([str(v) for v in data[f"vocab.{name}"]], data[f"codes.{name}"])
    return arrays


def _path(index_dir: Path, reader: Any) -> Path | None:
    generation = getattr(reader, "generation", None)
    gen = generation() if callable(generation) else None
    if gen is None or gen < 0:
        return None
    return index_dir / f"{PREFIX}{gen}.npz"


def _key(reader: Any) -> str:
    parts = []
    for sub, offset in _leaves(reader):
        segment = sub.segment() if hasattr(sub, "segment") else None
        name = segment.segment_id() if segment is not None else "?"
        parts.append(f"{name}@{offset}:{sub.doc_count_all()}-{sub.doc_count()}")
    return " ".join(parts)


def _leaves(reader: Any) -> list[tuple[Any, int]]:
    if hasattr(reader, "leaf_readers"):
        return list(reader.leaf_readers())
    return [(reader, 0)]


def _coded(reader: Any, name: str, size: int, exact: set[str] | None = None) -> tuple[list[str], Array]:
    """A sortable field's values as (distinct values, index per document); ``exact`` gets ``name`` when no
    value ends with a NUL (numpy's strings drop them: the values are then the documents' own)."""
    column = _padded_column(reader, name) if size else None
    if column is None:  # a column of another kind: its values one by one
        values = list(reader.column_reader(name)) if size else []
        vocab, codes = np.unique(np.array(values or [""], dtype=str), return_inverse=True)
        if exact is not None and not any(v.endswith("\0") for v in values):
            exact.add(name)
        return [str(v) for v in vocab], codes[:size].astype(np.int64)
    padded, nul_ended = column
    if exact is not None and not nul_ended:
        exact.add(name)
    vocab, codes = np.unique(padded, return_inverse=True)
    return [v.decode("utf-8") for v in vocab.tolist()], codes[:size].astype(np.int64)


def languages(arrays: DocArrays) -> tuple[dict[str, int], int] | None:
    """Articles per language (most first, then by code) and the number of articles, as ``IndexWriter.languages``
    counts them from the index; None unless the languages are ``exact``."""
    if "lang" not in arrays.exact:
        return None
    vocab, codes = arrays.codes["lang"]
    counts = np.bincount(codes[arrays.live[:len(codes)]], minlength=len(vocab))
    found = {vocab[i]: int(n) for i, n in enumerate(counts.tolist()) if n}
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))), int(np.count_nonzero(arrays.live))


def future_dates(arrays: DocArrays) -> set[str] | None:
    """The dates of the live articles dated but left out of "newest first" (dated after the time they were
    indexed: ``newest`` is ""); None unless both fields are ``exact``."""
    if not {"date", "newest"} <= arrays.exact:
        return None
    date_vocab, dates = arrays.codes["date"]
    newest_vocab, newest = arrays.codes["newest"]
    dated = np.array([v != "" for v in date_vocab], dtype=bool)
    unranked = np.array([v == "" for v in newest_vocab], dtype=bool)
    chosen = arrays.live[:len(dates)] & dated[dates] & unranked[newest]
    # (Counted, not ``np.unique``: which imports numpy.ma, 7 ms, when it is not asked for the inverse.)
    return {date_vocab[i] for i in np.flatnonzero(np.bincount(dates[chosen], minlength=len(date_vocab))).tolist()}


def _padded_column(reader: Any, name: str) -> tuple[Array, bool] | None:
    """The UTF-8 values of column ``name`` of every document, as one array of fixed-width byte strings (numpy's
    ``S``: zero-padded, compared and sorted as bytes, trailing NULs dropped), each segment's column read in one
    piece and cut with numpy, and whether a value ends with a NUL; None when a segment's column is not Whoosh's
    variable-length bytes column.

    The distinct values and their order are those of the values decoded into numpy's ``U`` strings (``_coded``
    before: a Python call per document, 30-45 ms of the 5k build's serial end): UTF-8 keeps the order of code
    points byte for byte, and both kinds of array drop trailing NULs alike."""
    lengths: list[Array] = []
    data: list[Array] = []
    for sub, _ in _leaves(reader):
        raw = sub.column_reader(name, translate=False)
        if type(raw) is not columns.VarBytesColumn.Reader:
            return None
        count = np.asarray(raw._lengths, dtype=np.int64)  # (the reader's arrays: each value's length, its bytes)
        lengths.append(count)
        data.append(np.frombuffer(raw._dbfile.get(raw._basepos, int(count.sum())), dtype=np.uint8))
    count = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)
    values = np.concatenate(data) if data else np.zeros(0, dtype=np.uint8)
    width = max(int(count.max(initial=0)), 1)
    padded = np.zeros(len(count) * width, dtype=np.uint8)
    # Each value's bytes go to the start of its row: byte k of the data, in value i (which starts at byte
    # starts[i]), goes to i * width + k - starts[i].
    starts = np.cumsum(count) - count
    padded[np.repeat(np.arange(len(count), dtype=np.int64) * width - starts, count) + np.arange(len(values))] = values
    nul_ended = bool((values[(starts + count - 1)[count > 0]] == 0).any())
    return padded.view(f"S{width}"), nul_ended


def _tie_order(ids: tuple[list[str], Array], dates: tuple[list[str], Array]) -> Array:
    _, id_codes = ids
    date_vocab, date_codes = dates
    if not len(id_codes):
        return np.zeros(0, dtype=np.int64)
    undated = np.array([v == "" for v in date_vocab])[date_codes]
    newest_first = np.where(undated, len(date_vocab), len(date_vocab) - 1 - date_codes)
    order = np.empty(len(id_codes), dtype=np.int64)
    order[np.lexsort((id_codes, newest_first))] = np.arange(len(id_codes))
    return order


def stored_length(tokens: int) -> int:
    """A field's length as the index keeps it (one byte, approximate): what ``lengths`` hold for ranking. The
    OpenSearch backend (search/cluster/) stores these values, so that its BM25 is this index's."""
    return int(byte_to_length(length_to_byte(tokens)))


def lengths_of(leaves: list[tuple[Any, int]], name: str, size: int) -> Array:
    """A field's length per document, as Whoosh stores it (one byte, approximate): each segment's length
    column read at once."""
    values = np.zeros(size)
    for sub, offset in leaves:
        count = sub.doc_count_all()
        if not count:  # an empty index has no segment (Whoosh's EmptyReader)
            continue
        column = sub._perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)  # Whoosh's W3 per-document reader
        if column is None:  # no document of this segment has the field
            continue
        written = min(column._count, count)  # one byte per document; later documents have none
        codes = np.frombuffer(bytes(column._dbfile.get(column._basepos, written)), dtype=np.uint8)
        values[offset:offset + len(codes)] = _BYTE_TO_LENGTH[codes]
    return values
