"""A local build's workers do not send the articles' text back (``Options.text``): the parent writes the same
segment from what they send, and it needs no text once the stored fields are made."""

from __future__ import annotations

import pickle
from pathlib import Path

from search.index.prepare import Options, PreparedDoc, prepare

from .test_bulk import _bulk, _documents, _segment_files


def test_the_segment_is_the_same_without_the_articles_text(tmp_path: Path) -> None:
    docs = _documents()
    with_text = prepare(docs, Options(None, None, stored=True))
    without = prepare(docs, Options(None, None, stored=True, text=False))
    items = [d for d in without.docs if isinstance(d, PreparedDoc)]
    assert len(items) == len(docs) and all(not d.article.doc.body and not d.article.doc.title for d in items)
    assert [d.article.doc.id for d in items] == [d.article.doc.id for d in with_text.docs]  # type: ignore[union-attr]
    text = sum(len((d.article.doc.title + d.article.doc.body).encode()) for d in with_text.docs)  # type: ignore[union-attr]
    assert len(pickle.dumps(with_text)) - len(pickle.dumps(without)) >= 0.95 * text
    expected = _segment_files(_bulk(tmp_path / "text", with_text))
    got = _segment_files(_bulk(tmp_path / "none", without))
    assert {"pst", "trm", "_stored.col"} <= set(expected) and expected.keys() == got.keys()
    assert [name for name in expected if expected[name] != got[name]] == []


def test_without_stored_fields_the_text_is_sent_back_whatever_asked() -> None:
    """The writer makes the stored fields from the text then (the OpenSearch build's documents need it too)."""
    prepared = prepare(_documents()[:3], Options(None, None, stored=False, text=False))
    assert all(isinstance(d, PreparedDoc) and d.article.doc.body and d.stored is None for d in prepared.docs)
