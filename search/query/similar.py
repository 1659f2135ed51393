"""More like this: an article's most distinctive words (tf-idf), searched as an OR query.

    similar(ix, "000_64ee10f01e38a171", limit=5) -> Results(query="similar:000_64ee10f01e38a171", hits=...)
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from ..analysis import index_terms
from ..records import Results
from . import plan as p
from .snippets import QueryTerms

if TYPE_CHECKING:
    from .searcher import SearchIndex

TERMS = 15  # distinctive words searched


def similar(ix: SearchIndex, doc_id: str, limit: int = 10, snippets: bool = True) -> Results:
    started = time.perf_counter()
    _, s = ix.stored(doc_id)
    reader = ix.reader
    n = max(reader.doc_count(), 1)
    terms = index_terms(s.get("title") or "", s.get("body") or "", s.get("lang"))
    tf: dict[str, int] = {}
    for part in (terms.title, terms.body):
        for folded, positions in part.items():
            if len(folded) > 1 and not folded.isdigit():
                tf[folded] = tf.get(folded, 0) + len(positions)
    scored = []
    for term, count in tf.items():
        df = reader.doc_frequency("body", term)
        if 2 <= df < n * 0.5:
            scored.append((count * math.log(n / df), term))
    scored.sort(reverse=True)
    top = [t for _, t in scored[:TERMS]]
    query = f"similar:{doc_id}"
    if not top:
        return Results(query, 0, (), {}, took_ms=(time.perf_counter() - started) * 1000)
    matched = ix.scorer.run(p.AndNot(p.any_of([p.Term("body", t) for t in top]), p.Term("id", doc_id)))
    page = ix.top(matched.score, [matched.mask], limit, 0)
    hits = ix.hits(page, matched.score, QueryTerms(folded=set(top)), snippets)
    return Results(query, len(hits), tuple(hits), {}, limit=limit, took_ms=(time.perf_counter() - started) * 1000)
