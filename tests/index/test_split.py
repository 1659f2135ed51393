"""A parallel build commits the segment it is writing before the end, while the workers prepare the last chunks
(``IndexWriter.split``): the last segment, written with a core idle, is that much smaller. The index answers as
one written in a single segment does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from search import build_index, open_index
from search.index import build, store, writer

from ..conftest import ARTICLES, write_articles

N = 8 * len(ARTICLES)  # articles of a corpus of 8 copies
QUERIES = ["Sơn", "Sơn La", "coopération", "Hun Manet", "ហ៊ុនម៉ាណែត", "范明政", "lang:fr", "kerja sama", "ministers",
           '"nghề truyền thống"', "copy OR 7", "lang:vi Sơn", "official:*"]


def _corpus(folder: Path, copies: int, first: int = 0) -> Path:
    """``copies`` articles of each kind in ``ARTICLES``, each with its own id, date and a word of its own."""
    articles = {}
    for k in range(first, first + copies):
        for name, text in ARTICLES.items():
            head, _, body = text.partition("\n\n")
            day = 1 + k % 28
            head = head.replace(head[len(" date "):len(" date 2024-12-12")], f"2024-{1 + k % 12:02d}-{day:02d}")
            articles[f"{name.removesuffix('.txt')}-{k:03d}.txt"] = f"{head} {k}\n\ncopy {k}: {body}"
    return write_articles(folder, articles)


def _segments(index_dir: Path) -> list[int]:
    """The documents of each segment of the index's current generation, in order."""
    ix = store.open_existing(index_dir)[0]
    try:
        return [segment.doc_count_all() for segment in ix._segments()]
    finally:
        ix.close()


def _answers(index_dir: Path) -> list[Any]:
    with open_index(index_dir) as ix:
        out = []
        for q in QUERIES:
            r = ix.search(q, limit=50, facets=["lang", "month", "official"])
            out.append((q, r.total, [(h.id, round(h.score, 6), h.snippets) for h in r.hits], r.facets))
        return out


@pytest.fixture()
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes for a small corpus, chunks of 2 articles, a split allowed from 10 articles."""
    monkeypatch.setattr(build, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(build, "CHUNK_DOCS", 2)
    monkeypatch.setattr(writer, "SPLIT_MIN_DOCS", 10)


def test_a_parallel_build_commits_a_segment_before_the_end_and_answers_as_one_segment(
        tmp_path: Path, parallel: None, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path / "docs", 8)  # 72 articles, 36 chunks
    split = build_index([corpus], tmp_path / "split", procs=2)
    share = writer.SPLIT_SHARE
    monkeypatch.setattr(writer, "SPLIT_SHARE", 0.0)  # nothing left is ever at most 0 of a segment: no split
    whole = build_index([corpus], tmp_path / "whole", procs=2)
    assert split.added == whole.added == N and not split.skipped
    counts = _segments(tmp_path / "split")
    assert len(counts) == 2 and sum(counts) == N, counts
    # The share left for the last segment is at most SPLIT_SHARE of the one before (estimated from the bytes
    # still to write: the articles differ in size, so allow one chunk more).
    assert 0 < counts[1] <= share * counts[0] + 2 * build.CHUNK_DOCS, counts
    assert _segments(tmp_path / "whole") == [N]
    assert _answers(tmp_path / "split") == _answers(tmp_path / "whole")
    # The documents in the same order (a document's number breaks ties in the ranking).
    with open_index(tmp_path / "split") as a, open_index(tmp_path / "whole") as b:
        assert [h.id for h in a.search("copy", limit=N).hits] == [h.id for h in b.search("copy", limit=N).hits]


def test_no_split_when_the_run_would_leave_too_many_segments(tmp_path: Path, parallel: None,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ``MAX_SEGMENTS`` the run ends with Whoosh's merge, one posting at a time: far dearer than the idle core."""
    monkeypatch.setattr(writer, "MAX_SEGMENTS", 1)
    corpus = _corpus(tmp_path / "docs", 8)
    build_index([corpus], tmp_path / "ix", procs=2)
    assert _segments(tmp_path / "ix") == [N]


def test_a_build_in_one_process_or_too_small_does_not_split(tmp_path: Path, parallel: None,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path / "docs", 8)
    build_index([corpus], tmp_path / "inline", procs=1)  # nothing prepares the rest while this one commits
    assert _segments(tmp_path / "inline") == [N]
    monkeypatch.setattr(writer, "SPLIT_MIN_DOCS", N + 1)  # a segment too small for its commit's fixed cost
    build_index([corpus], tmp_path / "small", procs=2)
    assert _segments(tmp_path / "small") == [N]


def test_an_update_splits_only_the_segment_it_writes(tmp_path: Path, parallel: None) -> None:
    """A second run adding articles to an index: its own segment is split, the first run's segments stay."""
    corpus = _corpus(tmp_path / "docs", 8)
    build_index([corpus], tmp_path / "ix", procs=2)
    first = _segments(tmp_path / "ix")
    _corpus(corpus, 8, first=8)  # N more in the same folder
    report = build_index([corpus], tmp_path / "ix", procs=2)
    assert (report.added, report.unchanged) == (N, N), report
    counts = _segments(tmp_path / "ix")
    assert len(first) == 2 and counts[:2] == first and len(counts) == 4 and sum(counts[2:]) == N, (first, counts)
