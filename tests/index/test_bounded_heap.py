"""A build of several segments returns the memory each segment frees (search/processes.py ``bounded_heap``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from search import build_index

from ..conftest import write_articles


def _articles(n: int) -> dict[str, str]:
    return {f"a{i}.txt": f" date 2024-{1 + i % 9:02d} Titre {i}\n\n{'Le Laos et le Cambodge. ' * (1 + i)}"
            for i in range(n)}


@pytest.mark.parametrize(("segment_docs", "switched"), [(3, True), (100, False)])
def test_the_heap_is_bounded_once_a_segment_is_committed_before_the_end(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, segment_docs: int, switched: bool) -> None:
    # Only a build that commits a segment and goes on (a large collection) changes the allocator: one of a
    # single segment (a 5k build) keeps glibc's default, which its speed was measured with.
    import search.index.build as b
    import search.index.writer as w

    calls: list[int] = []
    monkeypatch.setattr(w, "bounded_heap", lambda: calls.append(1))  # (this test process's allocator untouched)
    monkeypatch.setattr(b, "CHUNK_DOCS", 2)
    monkeypatch.setattr(w, "SEGMENT_DOCS", segment_docs)
    write_articles(tmp_path / "c", _articles(8))
    report = build_index([tmp_path / "c"], tmp_path / "ix", procs=1)
    assert report.added == 8
    assert bool(calls) is switched


def test_bounded_heap_sets_glibc_s_threshold_and_the_build_answers_the_same(tmp_path: Path) -> None:
    # In a process of its own (the setting stays for the process's life): mallopt accepts it where the C library is
    # glibc, and a build of several segments after it gives the same index as one without.
    probe = ("from search.processes import MMAP_THRESHOLD, _M_MMAP_THRESHOLD, _libc, bounded_heap; bounded_heap(); "
             "print(_libc('mallopt', _M_MMAP_THRESHOLD, MMAP_THRESHOLD))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    if out.stdout.split() == ["None"]:
        pytest.skip("not glibc: bounded_heap does nothing here")
    assert out.stdout.split() == ["1"]  # (mallopt returns 1 on success)
    write_articles(tmp_path / "c", _articles(8))
    searched = []
    # (without: glibc's default all along, the writer's switch turned off; with: the threshold fixed from the start)
    for name, code in (("plain", "w.bounded_heap = lambda: None; "),
                       ("bounded", "from search.processes import bounded_heap; bounded_heap(); ")):
        script = ("import search.index.build as b, search.index.writer as w, search; " + code + "b.CHUNK_DOCS = 2; "
                  f"w.SEGMENT_DOCS = 3; search.build_index([{str(tmp_path / 'c')!r}], "
                  f"{str(tmp_path / name)!r}, procs=1); ix = search.open_index({str(tmp_path / name)!r}); "
                  "r = ix.search('cambodge', limit=20); print(r.total, [(h.id, h.score) for h in r.hits])")
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        searched.append(run.stdout)
    assert searched[0] == searched[1] and searched[0].startswith("8 ")
