"""Facets, declared once: what each one counts, how it is labelled and ordered, and how a value filters.

The CLI's ``--facet`` choices and filter flags, the query language's ``name:value``, the JSON output and
the exported site all read this table (like Datasette's facet classes and its ``SETTINGS`` table).

    counts(reader, docs=array([3, 8, 9]), names=["lang"]) -> {"lang": {"fr": 2, "id": 1}}

Counting: a one-valued facet (language, year, month) is a per-document code (``docarrays.py``): one
``bincount`` per facet. A many-valued one (officials, countries, roles: few distinct values) is a keyword
field: each value's documents as an array, then one mask lookup per value. Both stay cheap at 100k documents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the declarations are read by the CLI's --help: no index code on that path
    from ..index.reader import IndexReader


@dataclass(frozen=True, slots=True)
class Facet:
    name: str  # as typed: --facet lang, lang:fr, --lang fr
    label: str  # as shown: "Language"
    help: str  # one line for --help
    coded: bool  # one value per article (a per-document code); else a keyword field with several values
    newest_first: bool = False  # time order instead of counts
    page: str = ""  # the kind of exported page a value links to ("" for none)


FACETS: tuple[Facet, ...] = (
    Facet("lang", "Language", "language code of the article (lang:fr; lang:fr,id for several)", coded=True,
          page="lang"),
    Facet("year", "Year", "year of the article's date (year:2024)", coded=True, newest_first=True),
    Facet("month", "Month", "month of the article's date (month:2024-11)", coded=True, newest_first=True,
          page="month"),
    Facet("source", "Source", "outlet: the record's source, the site's name, a wire credit or the URL's host "
          "(source:dantri.com.vn, source:\"Dân trí\")", coded=True),
    Facet("official", "Official", "official the article names: any alias in any script, or the id "
          "(official:hun-sen, official:\"Hun Sen\")", coded=False, page="official"),
    Facet("country", "Country", "country of an official the article names (country:KH; country:KH,VN for either)",
          coded=False),
    Facet("role", "Role", "role, at the article's date, of an official it names (role:\"Prime Minister\")",
          coded=False),
)
BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}
NAMES: tuple[str, ...] = tuple(BY_NAME)
# One-valued facets whose values are typed by people (an outlet's name): values that differ only in case are one
# row ("Tass" 2 and "TASS" 1 in vi-news: TASS 3), and the row's value as a filter finds them all.
CASE_ROWS: tuple[str, ...] = ("source",)


def case_key(value: str) -> str:
    return unicodedata.normalize("NFC", value).lower()


def case_rows(counts: dict[str, int], totals: dict[str, int]) -> dict[str, int]:
    """A one-valued facet's counts with the values that differ only in case as one row: their counts summed
    (an article has one value: the sum counts it once), under the spelling the collection has most often
    (``totals``: live articles per value; then the first in order). The page does the same (searcher.js)."""
    labels: dict[str, str] = {}
    for value, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        labels.setdefault(case_key(value), value)
    out: dict[str, int] = {}
    for value, n in counts.items():
        label = labels.get(case_key(value), value)
        out[label] = out.get(label, 0) + n
    return out


class FacetCounter:
    """Counts facet values over result sets of one open index (keyword postings are read once)."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self._terms: dict[str, dict[str, Any]] = {}
        self._totals: dict[str, dict[str, int]] = {}

    def totals(self, name: str) -> dict[str, int]:
        """Live articles per value of a one-valued facet, in the whole collection."""
        if name not in self._totals:
            import numpy as np

            vocab, codes = self.reader.docs.codes[name]
            live = np.bincount(codes[self.reader.docs.live], minlength=len(vocab)).tolist()
            self._totals[name] = {v: n for v, n in zip(vocab, live, strict=True) if n and v}
        return self._totals[name]

    def documents(self, name: str) -> dict[str, Any]:
        """Each value of a many-valued facet, with the numbers of its documents."""
        values = self._terms.get(name)
        if values is None:
            values = {term: self.reader.postings(name, term).ids for term in self.reader.field_terms(name)}
            self._terms[name] = values
        return values

    def counts(self, docnums: Iterable[int], names: Iterable[str]) -> dict[str, dict[str, int]]:
        import numpy as np

        docs = docnums if isinstance(docnums, np.ndarray) else np.fromiter(docnums, dtype=np.int64)
        mask = None
        out: dict[str, dict[str, int]] = {}
        for name in names:
            facet = BY_NAME[name]
            counter: dict[str, int] = {}
            if facet.coded:
                vocab, codes = self.reader.docs.codes[name]
                if len(docs):
                    for i, n in enumerate(np.bincount(codes[docs], minlength=len(vocab)).tolist()):
                        if n and vocab[i]:
                            counter[vocab[i]] = n
                if name in CASE_ROWS:
                    counter = case_rows(counter, self.totals(name))
            else:
                if mask is None:
                    mask = np.zeros(self.reader.size, dtype=bool)
                    mask[docs] = True
                for term, ids in self.documents(name).items():
                    n = int(np.count_nonzero(mask[ids]))
                    if n:
                        counter[term] = n
            out[name] = ordered(name, counter)
        return out


def ordered(name: str, counts: dict[str, int]) -> dict[str, int]:
    """A facet's counts in the order they are shown: months and years newest first, others by count."""
    if BY_NAME[name].newest_first:  # months and years read best in time order
        return dict(sorted(counts.items(), reverse=True))
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))  # by count, then value
