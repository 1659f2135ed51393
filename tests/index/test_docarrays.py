"""Per-document arrays saved with each index generation (search/docarrays.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from search import build_index, open_index
from search.index import docarrays as da
from search.index import store

from ..conftest import ARTICLES, write_articles


@pytest.fixture()
def index(tmp_path: Path) -> tuple[Path, Path]:
    folder = write_articles(tmp_path / "docs", ARTICLES)
    build_index([folder], tmp_path / "ix", procs=1)
    return folder, tmp_path / "ix"


def saved(index_dir: Path) -> list[str]:
    gen = store.current(index_dir)
    return sorted(p.name for p in gen.glob("arrays-*.npz")) if gen else []


def test_indexing_saves_the_arrays_of_the_new_generation_and_removes_the_old_ones(index: tuple[Path, Path]) -> None:
    folder, index_dir = index
    first = saved(index_dir)
    assert len(first) == 1
    (folder / "extra.txt").write_text(" date 2025-01 Extra\nAnother article about cooperation.", encoding="utf-8")
    build_index([folder], index_dir, procs=1)
    second = saved(index_dir)
    assert len(second) == 1 and second != first


def test_saved_arrays_equal_arrays_computed_from_the_index(index: tuple[Path, Path]) -> None:
    folder, index_dir = index
    (folder / next(iter(ARTICLES))).write_text(" date 2025-02 Changed\nChanged text.", encoding="utf-8")
    build_index([folder], index_dir, procs=1)  # an update: a deleted document in the first segment
    ix, gen = store.open_existing(index_dir)
    with ix.reader() as reader:
        loaded = da.load(gen, reader)
        fresh = da.compute(reader)
    assert not fresh.live.all()
    assert (loaded.live == fresh.live).all() and (loaded.order == fresh.order).all()
    for name in da.LENGTH_FIELDS:
        assert np.allclose(loaded.lengths[name], fresh.lengths[name])
        assert fresh.lengths[name][fresh.live].max() > 0
    for name in da.CODED_FIELDS:
        assert loaded.codes[name][0] == fresh.codes[name][0]
        assert (loaded.codes[name][1] == fresh.codes[name][1]).all()


def test_a_damaged_arrays_file_is_computed_again(index: tuple[Path, Path]) -> None:
    _, index_dir = index
    with open_index(index_dir) as ix:
        expected = [h.id for h in ix.search("Sơn", facets=[]).hits]
    for path in index_dir.glob("gen-*/arrays-*.npz"):
        path.write_bytes(b"not an npz file")
    with open_index(index_dir) as ix:
        assert [h.id for h in ix.search("Sơn", facets=[]).hits] == expected
    assert len(saved(index_dir)) == 1
    with np.load(store.current(index_dir) / saved(index_dir)[0]) as data:  # type: ignore[operator]  # written again, readable
        assert int(data["size"][0]) == len(ARTICLES)


def test_an_index_folder_that_cannot_be_written_is_searched_all_the_same(index: tuple[Path, Path],
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _, index_dir = index
    for path in index_dir.glob("gen-*/arrays-*.npz"):
        path.unlink()

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only file system")  # what a read-only folder gives, even to root

    monkeypatch.setattr(da.np, "savez", refuse)
    with open_index(index_dir) as ix:
        res = ix.search("Sơn", facets=["lang"])
    assert res.total >= 2 and res.facets["lang"]
    assert saved(index_dir) == [] and not list(index_dir.glob("*.part"))
