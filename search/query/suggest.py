""""Did you mean": for a short query that finds nothing or little, a spelling that finds clearly more.

    Suggester(ix).suggest("Hun Maneet", ["Hun", "Maneet"], total=0) -> "Hun manet"
    Suggester(ix).suggest("洪玛奈", ["洪玛奈"], total=0) -> 'official:"Hun Manet"'

Only a word that no article contains is corrected (``cooperation`` is in the index: it is never turned into
``corporation``), into the closest indexed word (one edit before two, then the most frequent), and the
corrected query is offered only if it finds more articles than the query as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..analysis import analyzer_for

if TYPE_CHECKING:
    from .searcher import SearchIndex

MIN_DF = 1  # a correction is a word at least this many articles contain
MAX_WORD = 40  # longer words are not corrected (the edit-distance search grows with the word)


class Suggester:
    def __init__(self, ix: SearchIndex, count: Callable[[str], int]) -> None:
        """``count``: how many articles a query finds (the corrected query must find more)."""
        self.ix = ix
        self.reader = ix.reader
        self.count = count

    def suggest(self, query: str, words: list[str], total: int) -> str | None:
        suggestion = self.official(query, total)
        if suggestion is not None:
            return suggestion
        corrected = self.spelling(words)
        if corrected is None or corrected.lower() == query.lower():
            return None
        return corrected if self.count(corrected) > total else None

    def official(self, query: str, total: int) -> str | None:
        """A query that is an official's name in some spelling or script: search by the person instead,
        which finds every spelling (``洪玛奈`` -> ``official:"Hun Manet"``)."""
        if ":" in query:
            return None
        official = self.ix.registry().resolve(query.strip().strip('"'))
        if official is None or self.reader.doc_frequency("official", official.id) <= total:
            return None  # not in the index, or it would find nothing more
        return f'official:"{official.name}"'

    def known(self, folded: str) -> bool:
        """Some article has the word, in some spelling."""
        if self.reader.doc_frequency("body", folded):
            return True
        return any(self.reader.doc_frequency("body", key.partition(" ")[2])
                   for key in self.reader.expand_prefix("exact", folded + " "))

    def spelling(self, words: list[str]) -> str | None:
        """Each word that no article has replaced by the closest word many articles have."""
        changed = False
        out = []
        for w in words:
            tokens = analyzer_for(None).tokens(w)
            folded = tokens[0].folded if len(tokens) == 1 else ""
            unknown = folded and len(folded) <= MAX_WORD and not self.known(folded)
            best = self.correction(folded) if unknown else None
            if best is not None and w[:1].isupper():
                best = best[:1].upper() + best[1:]  # "Hun Maneet" -> "Hun Manet"
            out.append(best or w)
            changed = changed or best is not None
        return " ".join(out) if changed else None

    def correction(self, folded: str) -> str | None:
        for distance in (1, 2) if len(folded) > 4 else (1,):
            found = [(self.reader.doc_frequency("body", c), c)
                     for c in self.reader.terms_within("body", folded, distance, prefix=1) if c != folded]
            found = [(df, c) for df, c in found if df >= MIN_DF]
            if found:
                return max(found)[1]
        return None
