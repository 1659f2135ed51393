"""Whoosh as its documentation teaches it: ``StemmingAnalyzer``, one writer process, id/title/body stored,
``MultifieldParser`` over title and body (its default group is AND: every word must match), highlights from
``hit.highlights("body")`` and facets from ``sorting.FieldFacet`` with the default grouping."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any, ClassVar

from ..corpus import read_article, read_langs
from . import Answer, BuildStats, Engine, iter_articles


class WhooshDefault(Engine):
    name: ClassVar[str] = "whoosh"
    default_operator: ClassVar[str] = "AND"

    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir)
        self._ix: Any = None
        self._searcher: Any = None
        self._parsers: dict[bool, Any] = {}

    def build(self, corpus_docs: Path) -> BuildStats:
        from whoosh import index
        from whoosh.analysis import StemmingAnalyzer
        from whoosh.fields import ID, TEXT, Schema

        start = time.perf_counter()
        schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
                        body=TEXT(analyzer=StemmingAnalyzer(), stored=True), lang=ID(stored=True),
                        month=ID(stored=True))
        shutil.rmtree(self.index_dir, ignore_errors=True)
        self.index_dir.mkdir(parents=True)
        ix = index.create_in(str(self.index_dir), schema)
        langs = read_langs(corpus_docs)
        docs = size = 0
        writer = ix.writer()
        for path in iter_articles(corpus_docs):
            record = read_article(path)
            writer.add_document(id=record.id, title=record.title, body=record.body,
                                lang=langs.get(record.id, "und"), month=record.month)
            docs += 1
            size += path.stat().st_size
        writer.commit()
        ix.close()
        return BuildStats(docs, size, time.perf_counter() - start)

    def open(self) -> None:
        from whoosh import index
        from whoosh.qparser import MultifieldParser, OrGroup

        self._ix = index.open_dir(str(self.index_dir))
        self._searcher = self._ix.searcher()
        self._parsers = {False: MultifieldParser(["title", "body"], self._ix.schema),
                         True: MultifieldParser(["title", "body"], self._ix.schema, group=OrGroup)}

    def query(self, text: str, limit: int = 10, *, any_terms: bool = False, snippets: bool = True,
              facets: bool = True) -> Answer:
        from whoosh import sorting

        q = self._parsers[any_terms].parse(text)
        grouped = {name: sorting.FieldFacet(name) for name in ("lang", "month")} if facets else None
        results = self._searcher.search(q, limit=limit, groupedby=grouped)
        # With groupedby, Whoosh collects (and iterates) every match, not just ``limit``: slice.
        hits = [(hit["id"], hit.highlights("body") if snippets else "") for hit in results[:limit]]
        counts = {name: {value: len(docs) for value, docs in results.groups(name).items()}
                  for name in (grouped or {})}
        return Answer(hits, len(results), counts)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        if self._ix is not None:
            self._ix.close()
        self._searcher = self._ix = None
