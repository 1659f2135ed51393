""""Did you mean": for a short query that finds nothing or little, a spelling that finds more.

    Suggester(ix).suggest("Hun Maneet", ["Hun", "Maneet"], total=0) -> "hun manet"
    Suggester(ix).suggest("洪玛奈", ["洪玛奈"], total=0) -> 'official:"Hun Manet"'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis import analyzer_for

if TYPE_CHECKING:
    from .searcher import SearchIndex


class Suggester:
    def __init__(self, ix: SearchIndex) -> None:
        self.ix = ix
        self.reader = ix.reader

    def suggest(self, query: str, words: list[str], total: int) -> str | None:
        return self.official(query, total) or self.spelling(words)

    def official(self, query: str, total: int) -> str | None:
        """A query that is an official's name in some spelling or script: search by the person instead,
        which finds every spelling (``洪玛奈`` -> ``official:"Hun Manet"``)."""
        if ":" in query:
            return None
        official = self.ix.registry().resolve(query)
        if official is None or self.reader.doc_frequency("official", official.id) <= total:
            return None  # not in the index, or it would find nothing more
        return f'official:"{official.name}"'

    def spelling(self, words: list[str]) -> str | None:
        """Each word replaced by the most frequent indexed word within 2 edits."""
        changed = False
        out = []
        for w in words:
            tokens = analyzer_for(None).tokens(w)
            if len(tokens) != 1:
                out.append(w)
                continue
            folded = tokens[0].folded
            own_df = self.reader.doc_frequency("body", folded)
            if own_df >= 3:
                out.append(w)
                continue
            # A rare word is suggested away only for one that is much more common.
            best = None
            best_df = max(0, own_df * 10 - 1)
            for cand in self.reader.terms_within("body", folded, 2 if len(folded) > 4 else 1, prefix=1):
                df = self.reader.doc_frequency("body", cand)
                if cand != folded and df > best_df:
                    best, best_df = cand, df
            if best is not None:
                out.append(best)
                changed = True
            else:
                out.append(w)
        return " ".join(out) if changed else None
