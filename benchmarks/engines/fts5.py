"""SQLite FTS5 from the standard library: ``unicode61 remove_diacritics 2``, ranked by ``bm25()``, snippets
from ``snippet()``, facets with one ``GROUP BY``. FTS5's query syntax rejects most punctuation, so each word
is double-quoted first, as sqlite-utils' ``escape_fts`` does; words are ANDed (FTS5's implicit operator)."""

from __future__ import annotations

import re
import shutil
import sqlite3
import time
from pathlib import Path
from typing import ClassVar

from ..corpus import read_article, read_langs
from . import Answer, BuildStats, Engine, iter_articles

_TOKENS = re.compile(r'"[^"]*"|[^\s"]+')


def fts5_query(text: str, any_terms: bool = False) -> str:
    """``Hà Nội "kinh tế"`` -> ``"Hà" "Nội" "kinh tế"``: each word or quoted phrase becomes an FTS5 string."""
    parts = [f'"{tok.strip(chr(34)).replace(chr(34), "")}"' for tok in _TOKENS.findall(text)]
    return (" OR " if any_terms else " ").join(p for p in parts if p != '""')


class Fts5(Engine):
    name: ClassVar[str] = "fts5"
    default_operator: ClassVar[str] = "AND"

    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir)
        self._db: sqlite3.Connection | None = None

    @property
    def path(self) -> Path:
        return self.index_dir / "fts.db"

    def build(self, corpus_docs: Path) -> BuildStats:
        start = time.perf_counter()
        shutil.rmtree(self.index_dir, ignore_errors=True)
        self.index_dir.mkdir(parents=True)
        langs = read_langs(corpus_docs)
        db = sqlite3.connect(self.path)
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, lang UNINDEXED, "
                   "month UNINDEXED, tokenize='unicode61 remove_diacritics 2')")
        docs = size = 0
        rows = []
        for path in iter_articles(corpus_docs):
            record = read_article(path)
            rows.append((record.id, record.title, record.body, langs.get(record.id, "und"), record.month))
            docs += 1
            size += path.stat().st_size
            if len(rows) >= 1000:
                db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", rows)
                rows.clear()
        db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", rows)
        db.commit()
        db.close()
        return BuildStats(docs, size, time.perf_counter() - start)

    def open(self) -> None:
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)

    def query(self, text: str, limit: int = 10, *, any_terms: bool = False, snippets: bool = True,
              facets: bool = True) -> Answer:
        assert self._db is not None, "open() first"
        match = fts5_query(text, any_terms)
        if not match:
            return Answer([], 0, {}, "empty query")
        snippet = "snippet(docs, 2, '<mark>', '</mark>', '…', 16)" if snippets else "''"
        try:
            rows = self._db.execute(f"SELECT id, {snippet} FROM docs WHERE docs MATCH ? "
                                    "ORDER BY bm25(docs) LIMIT ?", (match, limit)).fetchall()
            groups = self._db.execute("SELECT lang, month, count(*) FROM docs WHERE docs MATCH ? "
                                      "GROUP BY lang, month", (match,)).fetchall() if facets else []
        except sqlite3.OperationalError as e:
            return Answer([], 0, {}, str(e))
        counts: dict[str, dict[str, int]] = {"lang": {}, "month": {}} if facets else {}
        for lang, month, n in groups:
            counts["lang"][lang] = counts["lang"].get(lang, 0) + n
            counts["month"][month] = counts["month"].get(month, 0) + n
        total = sum(counts["lang"].values()) if facets else None
        return Answer([(str(i), str(s)) for i, s in rows], total, counts)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
