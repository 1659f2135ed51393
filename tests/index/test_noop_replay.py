"""A re-index with nothing to do is told from what the last run kept (``search/index/noop.py``), without opening
the index or importing Whoosh, numpy or the parsers, and only when nothing it depends on changed: each test
changes one such thing and expects what an ordinary run reports. (``tests/noop_crosscheck.py`` checks every
replayed run of the other tests against an ordinary run.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import search
from search.index import noop, store
from search.records import IndexReport

from ..conftest import ARTICLES, write_articles

_RUN = """
import json, sys, time
import search
report = search.build_index([sys.argv[1]], sys.argv[2])
print(json.dumps({"report": report.as_dict(),
                  "loaded": [m for m in ("whoosh", "numpy", "search.ingest.parse", "search.index.build")
                             if m in sys.modules]}))
"""


def _fresh(docs: Path, index_dir: Path) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", _RUN, str(docs), str(index_dir)], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _same(report: IndexReport) -> dict[str, object]:
    d = report.as_dict()
    d.pop("seconds")
    return d


def _index_files(index_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(index_dir)): p.read_bytes() for p in sorted(index_dir.rglob("*")) if p.is_file()}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    docs = write_articles(tmp_path / "docs", ARTICLES)
    (docs / "notes.pdf").write_bytes(b"%PDF")  # a message of the walk, replayed too
    (docs / ".hidden.txt").write_text("hidden", encoding="utf-8")
    return docs


def test_a_no_op_after_a_build_imports_neither_whoosh_numpy_nor_the_parsers(corpus: Path, tmp_path: Path) -> None:
    first = search.build_index([corpus], tmp_path / "ix", procs=1)
    before = _index_files(tmp_path / "ix")
    again = _fresh(corpus, tmp_path / "ix")
    assert again["loaded"] == []
    report = again["report"]
    assert isinstance(report, dict)
    assert (report["added"], report["updated"], report["removed"]) == (0, 0, 0)
    assert report["unchanged"] == report["total"] == first.total
    assert [s["reason"][:16] for s in report["skipped"]] == ["hidden file (its", "unsupported file"]
    assert _index_files(tmp_path / "ix") == before  # nothing written


def test_the_replayed_report_is_the_ordinary_runs(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                  ) -> None:
    from search.index import build

    search.build_index([corpus], tmp_path / "ix", procs=1)
    replayed = search.build_index([corpus], tmp_path / "ix", procs=1)
    opened: list[object] = []
    monkeypatch.setattr(noop, "replay", lambda *a, **k: None)
    monkeypatch.setattr(build.IndexWriter, "open", (lambda f: classmethod(
        lambda cls, *a: (opened.append(a), f(*a))[1]))(build.IndexWriter.open))
    ordinary = search.build_index([corpus], tmp_path / "ix", procs=1)
    assert opened and _same(replayed) == _same(ordinary)


def _with_and_without(corpus: Path, tmp_path: Path, change: Callable[[], object], **kwargs: Any
                      ) -> tuple[dict[str, object], dict[str, object]]:
    """The reports of a run after ``change`` on an index that kept its answer, and on a copy of it made before
    (another folder: the answer's index is not the copy, which runs as an ordinary run)."""
    search.build_index([corpus], tmp_path / "ix", procs=1, **kwargs)
    shutil.copytree(tmp_path / "ix", tmp_path / "copy")
    change()
    kept = tmp_path / "ix" / store.NOOP_FILE
    before = kept.stat()
    mine = _same(search.build_index([corpus], tmp_path / "ix", procs=1))
    after = kept.stat() if kept.exists() else None
    ordinary = _same(search.build_index([corpus], tmp_path / "copy", procs=1))
    mine.pop("index_dir"), ordinary.pop("index_dir")
    # A replay writes nothing; an ordinary run writes the answer again.
    ordinary["replayed"] = mine["replayed"] = after is not None and (after.st_ino, after.st_mtime_ns) == (
        before.st_ino, before.st_mtime_ns)
    return mine, ordinary


def test_a_file_edited_with_its_size_and_time_kept_is_read_again(corpus: Path, tmp_path: Path) -> None:
    search.build_index([corpus], tmp_path / "ix", procs=1)
    path = corpus / "fr1.txt"
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Les deux pays", "Les deux paix"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # touch -r: the size and the mtime as they were
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    report = search.build_index([corpus], tmp_path / "ix", procs=1)
    assert report.updated == 1


def _edit(corpus: Path, change: str) -> None:
    if change == "add":
        (corpus / "new.txt").write_text(" date 2024-03 Laos\n\nUn autre article sur le Laos.", encoding="utf-8")
    elif change == "remove":
        (corpus / "fr1.txt").unlink()
    elif change == "rename":
        (corpus / "fr1.txt").rename(corpus / "fr9.txt")
    elif change == "hide":
        (corpus / "fr1.txt").rename(corpus / ".fr1.txt")
    elif change == "chmod":  # the ctime changes: read again, found unchanged
        (corpus / "fr1.txt").chmod(0o600)
    elif change == "same name":  # another file of the same name: both get ids from their paths
        write_articles(corpus / "more", {"fr1.txt": " date 2024-04 Laos\n\nUn troisième article sur le Laos."})
    elif change == "link":  # the same file reached twice
        (corpus / "again.txt").symlink_to(corpus / "fr1.txt")
    elif change == "folder twice":
        (corpus / "loop").symlink_to(corpus)
    elif change == "broken link":
        (corpus / "gone.txt").symlink_to(corpus / "nowhere.txt")


@pytest.mark.parametrize("change", ["none", "add", "remove", "rename", "hide", "chmod", "same name", "link",
                                    "folder twice", "broken link"])
def test_after_any_change_to_the_walk_the_report_is_the_ordinary_runs(corpus: Path, tmp_path: Path,
                                                                       change: str) -> None:
    mine, ordinary = _with_and_without(corpus, tmp_path, lambda: _edit(corpus, change))
    assert mine == ordinary
    assert mine["replayed"] is (change == "none")


def test_a_changed_option_or_registry_is_an_ordinary_run(corpus: Path, tmp_path: Path) -> None:
    search.build_index([corpus], tmp_path / "ix", procs=1)
    assert search.build_index([corpus], tmp_path / "ix", procs=1, lang="fr").updated == len(ARTICLES)
    registry = tmp_path / "mine.toml"
    registry.write_text("", encoding="utf-8")
    search.build_index([corpus], tmp_path / "ix", procs=1, lang="fr", registry=registry)
    assert (tmp_path / "ix" / store.NOOP_FILE).exists()
    registry_kept = tmp_path / "ix" / store.REGISTRY_FILE
    registry_kept.write_text("# another registry\n", encoding="utf-8")
    assert search.build_index([corpus], tmp_path / "ix", procs=1, lang="fr").updated == len(ARTICLES)


def test_a_damaged_index_is_still_refused(corpus: Path, tmp_path: Path) -> None:
    from search.errors import IndexCorruptError

    search.build_index([corpus], tmp_path / "ix", procs=1)
    gen = store.current(tmp_path / "ix")
    assert gen is not None
    postings = next(p for p in gen.iterdir() if p.suffix == ".pst")
    st = postings.stat()
    data = bytearray(postings.read_bytes())
    data[len(data) // 2] ^= 0xFF
    postings.write_bytes(bytes(data))
    os.utime(postings, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same size and time: only the checksum tells
    with pytest.raises(IndexCorruptError):
        search.build_index([corpus], tmp_path / "ix", procs=1)


def test_an_article_dated_in_the_future_is_enriched_again_once_its_day_has_come(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime

    from search.ingest import dates

    docs = write_articles(tmp_path / "docs", {"far.txt": " date 2099-05 Laos\n\nUn article daté de 2099 sur le Laos."})
    search.build_index([docs], tmp_path / "ix", procs=1)
    kept = json.loads((tmp_path / "ix" / store.NOOP_FILE).read_text(encoding="utf-8"))
    assert kept["future"] == ["2099-05"]
    assert search.build_index([docs], tmp_path / "ix", procs=1).unchanged == 1
    is_future = dates.is_future
    later = datetime.datetime(2099, 5, 2, tzinfo=datetime.UTC)
    for module in (dates, sys.modules["search.ingest.enrich"]):
        monkeypatch.setattr(module, "is_future", lambda date, now=None: is_future(date, now or later))
    assert search.build_index([docs], tmp_path / "ix", procs=1).updated == 1


def test_the_kept_answer_is_not_an_article_when_the_index_is_inside_the_walked_folder(tmp_path: Path) -> None:
    docs = write_articles(tmp_path / "docs", ARTICLES)
    first = search.build_index([docs], docs / "ix", procs=1)
    assert (docs / "ix" / store.NOOP_FILE).exists()
    again = search.build_index([docs], docs / "ix", procs=1)
    assert again.unchanged == again.total == first.total and again.added == 0
    assert _same(again)["skipped"] == _same(first)["skipped"]


def test_a_run_killed_midway_leaves_no_answer_to_replay(corpus: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from search.index import build

    search.build_index([corpus], tmp_path / "ix", procs=1)
    (corpus / "new.txt").write_text(" date 2024-03 Laos\n\nUn autre article sur le Laos.", encoding="utf-8")

    def killed(*a: object, **k: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build.IndexingRun, "finish", killed)
    with pytest.raises(KeyboardInterrupt):
        search.build_index([corpus], tmp_path / "ix", procs=1)
    assert not (tmp_path / "ix" / store.NOOP_FILE).exists()
    (corpus / "new.txt").unlink()
    monkeypatch.undo()
    report = search.build_index([corpus], tmp_path / "ix", procs=1)
    assert report.unchanged == report.total == len(ARTICLES)


def test_a_crash_leftover_is_recovered_as_by_an_ordinary_run(corpus: Path, tmp_path: Path) -> None:
    def leave() -> None:
        gen = store.current(tmp_path / "ix")
        assert gen is not None
        (gen / "_MAIN_9.toc.1733058000.5").write_bytes(b"half")  # Whoosh's table of contents, never renamed

    mine, ordinary = _with_and_without(corpus, tmp_path, leave)  # (the copy was made before: nothing left)
    assert mine.pop("recovered") == ["_MAIN_9.toc.1733058000.5"] and not ordinary.pop("recovered")
    assert mine == ordinary and mine["replayed"] is False


def test_a_run_holding_the_lock_still_refuses_another(corpus: Path, tmp_path: Path) -> None:
    import fcntl

    from search.errors import IndexLockedError

    search.build_index([corpus], tmp_path / "ix", procs=1)
    with open(tmp_path / "ix" / store.LOCK_FILE, "rb+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(IndexLockedError):
            search.build_index([corpus], tmp_path / "ix", procs=1)
