"""Durability: nothing is named (a Whoosh table of contents renamed into place, ``CURRENT`` switched, the
checksums manifest replaced) before the files it names are on disk, and the rename itself is synced after
(search/index/durable.py). A power cut cannot be simulated here: the order of the system calls is checked."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from search import build_index, open_index

from ..conftest import ARTICLES, write_articles

DERIVED_OR_LOCKS = ("arrays-", "MAIN_WRITELOCK", "INDEXING.lock")


class Calls:
    """fsync and rename calls in order, each fsync with what it synced (path, size, mtime)."""

    def __init__(self, monkeypatch: Any) -> None:
        self.log: list[tuple[str, str, Any]] = []
        fsync, rename, replace = os.fsync, os.rename, os.replace

        def synced(fd: int) -> None:
            fsync(fd)
            path = os.readlink(f"/proc/self/fd/{fd}")
            st = os.stat(path)
            self.log.append(("fsync", path, (st.st_size, st.st_mtime_ns)))

        def renamed(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            self.check(str(src), str(dst))
            (rename if self.renaming == "rename" else replace)(src, dst, *args, **kwargs)
            self.log.append(("rename", os.path.abspath(str(dst)), os.path.abspath(str(src))))

        self.renaming = "rename"
        monkeypatch.setattr(os, "fsync", synced)
        monkeypatch.setattr(os, "rename", lambda s, d, *a, **k: self._as("rename", renamed, s, d, *a, **k))
        monkeypatch.setattr(os, "replace", lambda s, d, *a, **k: self._as("replace", renamed, s, d, *a, **k))
        self.commits = 0
        self.publishes = 0

    def _as(self, how: str, fn: Any, *args: Any, **kwargs: Any) -> None:
        self.renaming = how
        fn(*args, **kwargs)

    def synced_now(self, path: str) -> bool:
        st = os.stat(path)
        return ("fsync", os.path.abspath(path), (st.st_size, st.st_mtime_ns)) in self.log

    def check(self, src: str, dst: str) -> None:
        """Before a commit or a publish: the data it names is on disk, and the file renamed into place too."""
        name = os.path.basename(dst)
        if name.endswith(".toc") or name in ("CURRENT", "CHECKSUMS.json"):
            assert self.synced_now(src), f"{src} renamed to {name} before it was synced"
        if name.endswith(".toc") or name == "CURRENT":
            gen = Path(dst).parent if name.endswith(".toc") else Path(dst).parent / Path(src).read_text().strip()
            for f in gen.iterdir():
                if f.is_file() and not f.name.startswith(DERIVED_OR_LOCKS) and not f.name.endswith(".part"):
                    assert self.synced_now(str(f)), f"{name} switched to before {f.name} was on disk"
            self.commits += name.endswith(".toc")
            self.publishes += name == "CURRENT"

    def folder_synced_after_each_rename(self) -> None:
        for i, (kind, dst, _) in enumerate(self.log):
            name = os.path.basename(dst)
            if kind == "rename" and (name.endswith(".toc") or name in ("CURRENT", "CHECKSUMS.json")):
                folder = os.path.dirname(dst)
                after = [p for k, p, _ in self.log[i + 1:] if k == "fsync"]
                assert folder in after, f"the rename to {name} was not made durable (its folder never synced)"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names the synced files from Linux /proc/self/fd")
def test_a_commit_and_a_publish_name_only_files_already_on_disk(tmp_path: Path, monkeypatch: Any) -> None:
    # Found by the CLI audit: nothing called fsync; a power cut after `search index` said "Indexed" could leave
    # CURRENT (or a table of contents) naming files that never reached the disk.
    folder = write_articles(tmp_path / "c", ARTICLES)
    calls = Calls(monkeypatch)
    build_index([folder], tmp_path / "ix", procs=1)  # a first build: published at once, then committed
    assert calls.commits >= 2 and calls.publishes == 1
    build_index([folder], tmp_path / "ix", procs=1, rebuild=True)  # a new generation, published once complete
    assert calls.publishes == 2
    (folder / "more.txt").write_text(" date 2024-05-01 Another one\n\nHun Manet met Bùi Thanh Sơn.", encoding="utf-8")
    build_index([folder], tmp_path / "ix", procs=1)  # an incremental commit into the current generation
    calls.folder_synced_after_each_rename()
    monkeypatch.undo()
    with open_index(tmp_path / "ix") as ix:
        assert ix.search("Hun Manet").total == 4
