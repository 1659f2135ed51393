"""tantivy-py with its ``default`` tokenizer (split on non-alphanumerics, lowercase, drop tokens over 40
bytes; no stemming), the default writer (128 MB heap, one thread per core), ``parse_query_lenient`` over
title and body (OR by default), ``SnippetGenerator`` for snippets and a terms aggregation for facets."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any, ClassVar

from ..corpus import read_article, read_langs
from . import Answer, BuildStats, Engine, iter_articles


class TantivyDefault(Engine):
    name: ClassVar[str] = "tantivy"
    default_operator: ClassVar[str] = "OR"

    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir)
        self._ix: Any = None
        self._searcher: Any = None

    @classmethod
    def unavailable(cls) -> str | None:
        try:
            import tantivy  # noqa: F401
        except ImportError:
            return "tantivy is not installed (pip install -e '.[bench]')"
        return None

    def build(self, corpus_docs: Path) -> BuildStats:
        import tantivy

        start = time.perf_counter()
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True)
        builder.add_text_field("body", stored=True)
        builder.add_text_field("lang", stored=True, fast=True, tokenizer_name="raw")
        builder.add_text_field("month", stored=True, fast=True, tokenizer_name="raw")
        shutil.rmtree(self.index_dir, ignore_errors=True)
        self.index_dir.mkdir(parents=True)
        ix = tantivy.Index(builder.build(), path=str(self.index_dir))
        langs = read_langs(corpus_docs)
        docs = size = 0
        writer = ix.writer()
        for path in iter_articles(corpus_docs):
            record = read_article(path)
            writer.add_document(tantivy.Document(id=record.id, title=record.title, body=record.body,
                                                 lang=langs.get(record.id, "und"), month=record.month))
            docs += 1
            size += path.stat().st_size
        writer.commit()
        writer.wait_merging_threads()
        return BuildStats(docs, size, time.perf_counter() - start)

    def open(self) -> None:
        import tantivy

        self._ix = tantivy.Index.open(str(self.index_dir))
        self._searcher = self._ix.searcher()

    def query(self, text: str, limit: int = 10, *, any_terms: bool = False, snippets: bool = True,
              facets: bool = True) -> Answer:
        import tantivy

        q, errors = self._ix.parse_query_lenient(text, ["title", "body"])
        result = self._searcher.search(q, limit, count=True)
        generator = None
        if snippets:
            generator = tantivy.SnippetGenerator.create(self._searcher, q, self._ix.schema, "body")
        hits = []
        for _score, address in result.hits:
            doc = self._searcher.doc(address)
            snippet = generator.snippet_from_doc(doc).to_html() if generator else ""
            hits.append((str(doc.get_first("id")), snippet))
        counts: dict[str, dict[str, int]] = {}
        if facets:
            aggs = self._searcher.aggregate(q, {"lang": {"terms": {"field": "lang", "size": 100}},
                                               "month": {"terms": {"field": "month", "size": 2000}}})
            counts = {name: {b["key"]: b["doc_count"] for b in agg["buckets"]} for name, agg in aggs.items()}
        error = "; ".join(str(e) for e in errors) or None
        return Answer(hits, result.count, counts, error)

    def close(self) -> None:
        self._searcher = self._ix = None
