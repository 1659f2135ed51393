"""Facet counts over a whole result set (not only the page shown).

For a single-valued field (language, year, month), the index's per-document arrays hold its value codes
(search/docarrays.py); for a multi-valued one (officials, countries, roles: few distinct terms), each
term's documents as an array. Counting a result set is then one ``bincount`` per single-valued facet and one
mask lookup per term, which stays cheap at 100k documents.

    FacetCache(reader, coded).counts([3, 8, 9], ["lang"]) -> {"lang": {"fr": 2, "id": 1}}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

SINGLE = ("lang", "year", "month")
MULTI = ("official", "country", "role")
FACETS = SINGLE + MULTI
DEFAULT_FACETS = ("lang", "year", "month", "official", "country", "role")


class FacetCache:
    def __init__(self, reader: Any, coded: Callable[[], dict[str, tuple[list[str], Any]]]) -> None:
        """``coded``: (values, code per document) of the single-valued facets (search/docarrays.py)."""
        self.reader = reader
        self._coded = coded
        self._multi: dict[str, dict[str, Any]] = {}

    def multi(self, name: str) -> dict[str, Any]:
        """Each value of a multi-valued facet, with the numbers of its documents."""
        values = self._multi.get(name)
        if values is None:
            reader = self.reader
            values = {term: np.fromiter(reader.postings(name, term).all_ids(), dtype=np.int64)
                      for term in reader.field_terms(name)}
            self._multi[name] = values
        return values

    def counts(self, docnums: Iterable[int], names: Iterable[str]) -> dict[str, dict[str, int]]:
        docs = np.fromiter(docnums, dtype=np.int64) if not isinstance(docnums, np.ndarray) else docnums
        mask = None
        out: dict[str, dict[str, int]] = {}
        for name in names:
            counter: dict[str, int] = {}
            if name in SINGLE:
                vocab, codes = self._coded()[name]
                if len(docs):
                    for i, n in enumerate(np.bincount(codes[docs], minlength=len(vocab)).tolist()):
                        if n and vocab[i]:
                            counter[vocab[i]] = n
            else:
                if mask is None:
                    mask = np.zeros(self.reader.doc_count_all(), dtype=bool)
                    mask[docs] = True
                for term, ids in self.multi(name).items():
                    n = int(np.count_nonzero(mask[ids]))
                    if n:
                        counter[term] = n
            out[name] = dict(sorted(counter.items(), key=_order(name)))
        return out


def _order(name: str) -> Any:
    # Months and years read best in time order (newest first); everything else by count, then name.
    if name in ("year", "month"):
        return lambda kv: _neg(kv[0])
    return lambda kv: (-kv[1], kv[0])


def _neg(s: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in s)
