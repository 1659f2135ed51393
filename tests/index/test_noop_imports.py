"""A re-index with nothing to index (``benchmarks.run``'s no-op re-index) imports none of the machinery that
prepares articles: it was most of such a run's time in a fresh process (about 0.3 s of 0.55 at 5k articles)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from search import build_index

from ..conftest import ARTICLES, write_articles

# Enrichment (language id, dates, boilerplate), the officials' registry and matcher, the analysis of an
# article's terms (and their number tables), the bulk segment writer.
PREPARING = ("search.ingest.enrich", "search.ingest.langid", "search.index.prepare", "search.index.bulk",
             "search.officials.registry", "search.officials.match", "search.analysis.terms", "search.lang.numbers")

_RUN = """
import json, sys
import search
report = search.build_index([sys.argv[1]], sys.argv[2], procs={procs})
print(json.dumps({{"added": report.added, "unchanged": report.unchanged, "removed": report.removed,
                  "updated": report.updated, "total": report.total,
                  "loaded": [m for m in {modules!r} if m in sys.modules]}}))
"""


def _fresh_run(docs: Path, index_dir: Path, procs: int = 2) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", _RUN.format(procs=procs, modules=PREPARING), str(docs),
                          str(index_dir)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "docs", ARTICLES)


def test_a_no_op_re_index_imports_nothing_that_prepares_articles(corpus: Path, tmp_path: Path) -> None:
    first = build_index([corpus], tmp_path / "ix")
    again = _fresh_run(corpus, tmp_path / "ix")
    assert again["loaded"] == []
    assert (again["added"], again["updated"], again["removed"]) == (0, 0, 0)
    assert again["unchanged"] == again["total"] == first.total


def test_a_re_index_with_something_new_still_prepares_it(corpus: Path, tmp_path: Path) -> None:
    build_index([corpus], tmp_path / "ix")
    (corpus / "new.txt").write_text(" date 2024-03 Laos\n\nUn nouvel article sur le Laos et le Cambodge.",
                                    encoding="utf-8")
    again = _fresh_run(corpus, tmp_path / "ix")
    assert again["added"] == 1
    assert "search.index.prepare" in again["loaded"] and "search.ingest.enrich" in again["loaded"]


def test_workers_are_forked_after_the_preparing_machinery_is_loaded() -> None:
    """Forked workers inherit what this process imported and loaded before it started them: ``start`` imports
    the preparing modules and loads the registry first, though the indexing process had not needed them."""
    probe = ("import sys; from search.index.build import _Workers; from search.index.options import Options; "
             "before = 'search.index.prepare' in sys.modules; "
             "workers = _Workers(1, Options(lang=None, registry_file=None)); workers.start(); "
             "from search.officials import registry; "
             "print(before, 'search.index.prepare' in sys.modules, bool(registry._registries)); "
             "workers.__exit__(None, None, None)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True", "True"]


def test_the_held_articles_columns_read_in_one_piece_are_whoosh_s_values(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # writer._column_values cuts a segment's bytes column itself (Whoosh's reader seeks and reads a value at a time):
    # over several segments, with documents deleted and values of every length (an empty one too), the same values.
    import search.index.build as b
    import search.index.writer as w
    from search.index.writer import IndexWriter, _column_values

    monkeypatch.setattr(b, "CHUNK_DOCS", 2)  # several segments: committed after a chunk that fills one
    monkeypatch.setattr(w, "SEGMENT_DOCS", 3)
    corpus = tmp_path / "c"
    texts = {f"a{i}.txt": f" date 2024-{1 + i % 9:02d} Titre {i}\n\n{'Le Laos et le Cambodge. ' * (1 + i)}"
             for i in range(8)}
    texts["undated.txt"] = "Sans date\n\nUn article sans date sur le Vietnam."
    write_articles(corpus, texts)
    build_index([corpus], tmp_path / "ix", procs=1)
    for name in ("a2.txt", "a5.txt"):
        (corpus / name).unlink()
    build_index([corpus], tmp_path / "ix", procs=1)  # two deleted
    with IndexWriter.open(tmp_path / "ix", rebuild=False) as writer, writer.ix.reader() as reader:
        assert len(list(reader.leaf_readers())) > 1 and reader.has_deletions()
        for name in ("id", "path", "fingerprint", "date", "newest"):
            assert _column_values(reader, name) == list(reader.column_reader(name)), name
