"""Our engine through its Python API (``search.build_index``, ``search.open_index``, ``Index.search``)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, ClassVar

from . import Answer, BuildStats, Engine, iter_articles

REQUIRED_API = ("build_index", "open_index")


def _doc_id(hit_id: str) -> str:
    """Corpus ids are file stems; accept a path-like id too."""
    return Path(hit_id).stem if ("/" in hit_id or hit_id.endswith(".txt")) else hit_id


class Ours(Engine):
    name: ClassVar[str] = "ours"
    default_operator: ClassVar[str] = "AND"

    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir)
        self._ix: Any = None

    @classmethod
    def unavailable(cls) -> str | None:
        try:
            import search
        except ImportError as e:
            return f"cannot import the search package ({e})"
        missing = [name for name in REQUIRED_API if not hasattr(search, name)]
        if missing:
            return f"the search package has no {', '.join(missing)} yet"
        return None

    def _build(self, corpus_docs: Path, rebuild: bool) -> BuildStats:
        import search

        start = time.perf_counter()
        report = search.build_index([corpus_docs], self.index_dir, rebuild=rebuild)
        seconds = time.perf_counter() - start
        size = sum(p.stat().st_size for p in iter_articles(corpus_docs))
        return BuildStats(int(getattr(report, "added", 0)), size, seconds)

    def build(self, corpus_docs: Path) -> BuildStats:
        return self._build(corpus_docs, rebuild=True)

    def reindex(self, corpus_docs: Path) -> BuildStats | None:
        return self._build(corpus_docs, rebuild=False)

    def open(self) -> None:
        import search

        self._ix = search.open_index(self.index_dir)

    def query(self, text: str, limit: int = 10, *, any_terms: bool = False, snippets: bool = True,
              facets: bool = True) -> Answer:
        from search.errors import SearchError

        options: dict[str, Any] = {"snippets": False} if not snippets else {}
        if any_terms:
            text = " OR ".join(text.split())  # our query syntax (search/querylang.py) ANDs words by default
        try:
            res = self._ix.search(text, limit=limit, facets=["lang", "month"] if facets else [], **options)
        except SearchError as e:
            return Answer([], 0, {}, str(e))
        hits = [(_doc_id(str(h.id)), " … ".join(h.snippets)) for h in res.hits]
        counts = {name: {str(k): int(v) for k, v in values.items()}
                  for name, values in (res.facets or {}).items()}
        return Answer(hits, res.total, counts)

    def close(self) -> None:
        if self._ix is not None:
            self._ix.close()
            self._ix = None
