"""The end of a build, after its last commit: the per-document arrays (``docarrays.py``), the checksums
(``integrity.record``), the report's languages, ``IndexingRun.predict`` and publishing the generation
(``store.publish``). Cheaper than they were, and what they produce the same."""

from __future__ import annotations

import random
import sys
import threading
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import columns, fields
from whoosh.filedb.filestore import RamStorage

from search import build_index
from search.index import build, docarrays, durable, integrity, store
from search.index.writer import IndexWriter
from search.ingest.names import SINGLE, SUPPORTED_SUFFIXES, supported_name
from search.ingest.parse import _UNTYPABLE, stem_of_name

from ..conftest import ARTICLES, write_articles

# Values that sort differently as bytes and as text if UTF-8 is mishandled, empty ones, and NULs (which numpy's
# strings drop at the end of a value).
_VALUES = ["", "a", "b", "ab", "a b", "é", "e\u0301", "ÿ", "Ā", "日本", "\U0001f600", "\x7f", "2024-12-06", "2024",
           "z" * 40, "\x00a", "a\x00b", "a\x00", "\x00"]


def _ram_index(values: list[dict[str, str]], segments: int, deleted: set[int]) -> Any:
    names = [*docarrays.CODED_FIELDS, "id"]
    schema = fields.Schema(**{name: fields.ID(stored=False, sortable=True) for name in names if name != "id"},
                           id=fields.ID(stored=True, unique=True, sortable=True))
    ix = RamStorage().create_index(schema)
    per = -(-len(values) // segments)
    for start in range(0, len(values), per):
        w = ix.writer()
        for doc in values[start:start + per]:
            w.add_document(**doc)
        w.commit(merge=False)
    if deleted:
        w = ix.writer()
        for n in deleted:
            w.delete_by_term("id", values[n]["id"])
        w.commit(merge=False)
    return ix


def _reference_codes(reader: Any, name: str, size: int) -> tuple[list[str], Any]:
    """``docarrays._coded`` as it was: the column's values one by one, into numpy's ``U`` strings."""
    values = list(reader.column_reader(name)) if size else []
    vocab, codes = np.unique(np.array(values or [""], dtype=str), return_inverse=True)
    return [str(v) for v in vocab], codes[:size].astype(np.int64)


def _docs(rng: random.Random, count: int, nul: bool) -> list[dict[str, str]]:
    pool = _VALUES if nul else [v for v in _VALUES if not v.endswith("\x00")]
    docs = []
    for n in range(count):
        doc = {name: rng.choice(pool) for name in docarrays.CODED_FIELDS}
        doc["lang"] = rng.choice(["vi", "km", "en", "", "fr"] + (["x\x00"] if nul else []))
        doc["id"] = f"{rng.choice(pool)}-{n}"
        docs.append(doc)
    return docs


@pytest.mark.parametrize("seed", range(6))
def test_the_coded_columns_are_the_values_one_by_one_would_give(seed: int) -> None:
    rng = random.Random(seed)
    docs = _docs(rng, rng.randint(1, 300), nul=seed % 2 == 1)
    deleted = set(rng.sample(range(len(docs)), len(docs) // 5))
    ix = _ram_index(docs, rng.randint(1, 4), deleted)
    with ix.reader() as reader:
        size = reader.doc_count_all()
        for name in [*docarrays.CODED_FIELDS, "id"]:
            vocab, codes = docarrays._coded(reader, name, size)
            want_vocab, want_codes = _reference_codes(reader, name, size)
            assert vocab == want_vocab, name
            assert codes.dtype == want_codes.dtype and (codes == want_codes).all(), name


@pytest.mark.parametrize("seed", range(6))
def test_languages_and_future_dates_from_the_arrays_are_those_read_from_the_columns(seed: int) -> None:
    rng = random.Random(seed)
    nul = seed % 2 == 1
    docs = _docs(rng, rng.randint(1, 300), nul=nul)
    deleted = set(rng.sample(range(len(docs)), len(docs) // 4))
    ix = _ram_index(docs, rng.randint(1, 3), deleted)
    live = [d for n, d in enumerate(docs) if n not in deleted]
    with ix.reader() as reader:
        arrays = docarrays.compute(reader)
    languages = docarrays.languages(arrays)
    counted = IndexWriter(Path("."), ix, Path("."), False).languages()
    assert counted == (dict(sorted(Counter(d["lang"] for d in live).items(), key=lambda kv: (-kv[1], kv[0]))),
                       len(live))
    future = docarrays.future_dates(arrays)
    expected = {d["date"] for d in live if d["date"] and not d["newest"]}
    if any(d["lang"].endswith("\x00") for d in docs):
        assert languages is None  # not the values themselves: counted from the index
    else:
        assert languages == counted
    if any(d[name].endswith("\x00") for d in docs for name in ("date", "newest")):
        assert future is None
    else:
        assert future == expected


def test_the_arrays_are_computed_without_reading_a_column_value_by_value(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_articles(tmp_path / "docs", ARTICLES)
    build_index([folder], tmp_path / "ix", procs=1)
    ix, gen = store.open_existing(tmp_path / "ix")
    with ix.reader() as reader:
        before = docarrays.compute(reader)

        def one_by_one(*args: Any) -> Any:
            raise AssertionError("a column read a value at a time")

        monkeypatch.setattr(columns.VarBytesColumn.Reader, "__iter__", one_by_one)
        monkeypatch.setattr(columns.VarBytesColumn.Reader, "__getitem__", one_by_one)
        after = docarrays.compute(reader)
    assert after.key == before.key and (after.order == before.order).all()
    for name in docarrays.CODED_FIELDS:
        assert after.codes[name][0] == before.codes[name][0]


def test_recording_the_same_checksums_again_leaves_the_manifest_as_it_is(tmp_path: Path) -> None:
    folder = write_articles(tmp_path / "docs", ARTICLES)
    build_index([folder], tmp_path / "ix", procs=1)
    gen = store.current(tmp_path / "ix")
    assert gen is not None
    manifest = gen / integrity.MANIFEST
    before = manifest.stat()
    integrity.record(gen)  # what save_arrays does after the last commit recorded
    after = manifest.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    (gen / "FORMAT.json").write_text((gen / "FORMAT.json").read_text() + " ", encoding="utf-8")
    integrity.record(gen)  # a file changed: written again
    assert manifest.stat().st_ino != before.st_ino
    assert not integrity.verify(gen, integrity.Reads(frozenset({"FORMAT.json"}), ()), full=True)


def test_a_rebuild_syncs_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Publishing a rebuild's generation syncs what its commits did not: the segments' files were synced again,
    each a flush of the disk's cache."""
    folder = write_articles(tmp_path / "docs", ARTICLES)
    build_index([folder], tmp_path / "ix", procs=1)
    synced: list[str] = []
    sync_file = durable.sync_file

    def counted(path: str | Path) -> None:
        synced.append(str(path))
        sync_file(path)

    monkeypatch.setattr(durable, "sync_file", counted)
    build_index([folder], tmp_path / "ix", procs=1, rebuild=True)
    gen = store.current(tmp_path / "ix")
    assert gen is not None and gen.name == "gen-0002"
    mine = [p for p in synced if Path(p).parent == gen]
    assert any(".pst" in p for p in mine)
    twice = {p for p, n in Counter(mine).items() if n > 1}
    assert not twice, twice


def test_a_rebuild_is_published_in_a_thread_while_predict_runs(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_articles(tmp_path / "docs", ARTICLES)
    for _ in range(2):
        build_index([folder], tmp_path / "ix", procs=1, rebuild=True)
    seen: dict[str, Any] = {}
    publish, predict = store._publish, build.IndexingRun.predict

    def slow_publish(index_dir: Path, gen: Path) -> None:
        seen["thread"] = threading.current_thread()
        time.sleep(0.3)  # a slow disk
        publish(index_dir, gen)
        seen["published"] = time.perf_counter()

    def timed_predict(self: Any, *args: Any) -> Any:
        seen["predict"] = time.perf_counter()
        return predict(self, *args)

    monkeypatch.setattr(store, "_publish", slow_publish)
    monkeypatch.setattr(build.IndexingRun, "predict", timed_predict)
    interval = sys.getswitchinterval()
    build_index([folder], tmp_path / "ix", procs=1, rebuild=True)
    returned = time.perf_counter()
    assert seen["thread"] is not threading.main_thread()
    assert seen["predict"] < seen["published"] < returned  # predict did not wait; the build did
    assert sys.getswitchinterval() == interval
    index_dir = tmp_path / "ix"
    assert (index_dir / "CURRENT").read_text().strip() == "gen-0003"
    assert sorted(p.name for p in index_dir.glob("gen-*")) == ["gen-0002", "gen-0003"]  # gen-0001 retired
    assert (index_dir / "noop.json").exists()


def test_an_error_publishing_in_the_thread_is_raised_by_settle(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(index_dir: Path, gen: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_publish", failing)
    interval = sys.getswitchinterval()
    store.defer_publishing()
    store.publish(tmp_path, tmp_path / "gen-0001")
    with pytest.raises(OSError, match="No space left"):
        store.settle()
    assert sys.getswitchinterval() == interval
    store.settle()  # nothing left: publishing is immediate again
    with pytest.raises(OSError):
        store.publish(tmp_path, tmp_path / "gen-0001")


def test_a_build_that_fails_after_its_commit_leaves_nothing_publishing(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_articles(tmp_path / "docs", ARTICLES)
    build_index([folder], tmp_path / "ix", procs=1)

    def broken(self: Any, *args: Any) -> Any:
        raise RuntimeError("predict broke")

    monkeypatch.setattr(build.IndexingRun, "predict", broken)
    with pytest.raises(RuntimeError, match="predict broke"):
        build_index([folder], tmp_path / "ix", procs=1, rebuild=True)
    assert store._later.jobs is None
    assert (tmp_path / "ix" / "CURRENT").read_text().strip() == "gen-0002"  # published before predict ran
    monkeypatch.undo()
    report = build_index([folder], tmp_path / "ix", procs=1)  # the lock was let go
    assert report.unchanged == len(ARTICLES)


def _plain_stem(name: str) -> str:
    """``stem_of_name`` as it was written before its shortcut for printable ASCII names."""
    name = name[:-3] if name.lower().endswith(".gz") else name
    dot = name.rfind(".")
    stem = name[:dot] if 0 < dot < len(name) - 1 else "" if name == "." else name
    return _UNTYPABLE.sub(" ", unicodedata.normalize("NFC", stem))


def test_a_files_name_is_what_stem_of_name_gives_without_its_shortcut(tmp_path: Path) -> None:
    rng = random.Random(7)
    parts = [*"abcXYZ019 ._-~", ".gz", ".GZ", ".Txt", ".JSONL", "..", "\t", "\x7f", "\x1b", "é", "e\u0301", "\u2028",
             "\u202e", "\u00a0", *SUPPORTED_SUFFIXES]
    supported = ascii_names = 0
    for _ in range(30_000):
        name = "".join(rng.choice(parts) for _ in range(rng.randint(0, 6)))
        assert stem_of_name(name) == _plain_stem(name), name
        kind = supported_name(name)
        build._name_of.cache_clear()
        assert build._name_of("/news/" + name) == (None if kind is None else (kind[0] not in SINGLE, _plain_stem(name)))
        supported += kind is not None
        ascii_names += name.isascii() and name.isprintable()
    assert supported > 3_000 and ascii_names > 3_000


@pytest.mark.parametrize("count", [1, 300, 2**15 + 5])  # past 2**15 documents Whoosh writes the offsets too
def test_a_column_read_with_numpy_is_what_whooshs_reader_reads(count: int) -> None:
    rng = random.Random(count)
    schema = fields.Schema(id=fields.ID(stored=False, sortable=True), lang=fields.ID(sortable=True))
    ix = RamStorage().create_index(schema)
    w = ix.writer()
    for n in range(count):
        w.add_document(id=f"{rng.choice(_VALUES)}-{n}", lang=rng.choice(["vi", "", "km", "é" * rng.randint(0, 300)]))
    w.commit(merge=False)
    with ix.reader() as reader:
        for name in ("id", "lang"):
            read = docarrays._padded_column(reader, name)
            assert read is not None
            padded, nul_ended = read
            values = [v for sub, _ in docarrays._leaves(reader) for v in sub.column_reader(name, translate=False)]
            assert padded.tolist() == values and not nul_ended
