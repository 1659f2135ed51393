"""Searching an index: query syntax tree -> Whoosh query -> ranked, highlighted, faceted results.

How a word is matched (``Bùi``, in an index holding French and Vietnamese articles)::

    AndMaybe(
        Or(body:bui, title:bui, stem:fr:bùi)          must match: folded form, or a stem of any indexed language
        exact:"bui bùi")                              bonus: the query's own spelling ranks first

An unaccented query word (``Son``) gets its bonus from documents that contain the folded word but none
of its accented spellings (found by a prefix scan of ``"son "`` in the ``exact`` field), so ``Bui Thanh
Son`` ranks articles spelled that way first. A word that analysis splits into several tokens (a Khmer
word typed without spaces, ``sosial-ekonomi``) must match as a phrase. Several words rank higher where they
stand together (Vietnamese ``Sơn La`` the province before scattered ``sơn ... là``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq

from . import querylang as ql
from .analysis import Analyzer, analyzer_for, is_segmented, segmentations
from .errors import QueryError
from .snippets import QueryTerms

EXACT_BONUS = 1.0  # added per word spelled as in the query: exact > folded > stemmed
STEM_WEIGHT = 2.0  # tuned on Cranfield (benchmarks): stems carry English recall
TITLE_BONUS = 1.0
ADJACENCY_BONUS = 1.5
MAX_EXPANSION = 64
FILTER_FIELDS = ("lang", "date", "official")
# An unaccented query word gets its exact-spelling bonus only if it is in fewer than this share of articles:
# English "a" or "can" have Vietnamese accented spellings (à, cần), which must not make every English
# article that contains them score higher.
COMMON_SHARE = 0.05  # prefix and fuzzy terms expanded at most


@dataclass
class Compiled:
    query: wq.Query | None
    terms: QueryTerms = field(default_factory=QueryTerms)
    notes: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # plain words, for "did you mean"
    # Several plain words: the documents where they stand together come first (Vietnamese syllables).
    adjacent: wq.Query | None = None
    # Accented words: the documents that spell them so come first (Vietnamese "xã" before "xa", "xá").
    exact: wq.Query | None = None
    # lang:, date:, official: at the top of the query: they restrict, they do not score, so they are applied
    # as document masks (search/scoring.py) rather than as scored clauses.
    filters: list[wq.Query] = field(default_factory=list)


class QueryCompiler:
    """Turns the syntax tree into a Whoosh query, analysing words once per target language."""

    def __init__(self, reader: Any, languages: Sequence[str], resolve_official: Any = None) -> None:
        self.reader = reader
        self.analyzers: list[Analyzer] = [analyzer_for(code) for code in languages]
        self.resolve_official = resolve_official
        self.out = Compiled(None)

    def compile(self, parsed: ql.Parsed) -> Compiled:
        self.out.notes.extend(parsed.notes)
        node = parsed.node
        if isinstance(node, ql.Field) and node.name in FILTER_FIELDS:
            node = ql.And((node,))
        if isinstance(node, ql.And):
            rest = []
            for child in node.nodes:
                if isinstance(child, ql.Field) and child.name in FILTER_FIELDS:
                    f = self.field(child)
                    if f is not None:
                        self.out.filters.append(f)
                else:
                    rest.append(child)
            node = (rest[0] if len(rest) == 1 else ql.And(tuple(rest))) if rest else None
        if isinstance(node, ql.And):
            # At the top, adjacency orders the results in tiers (searcher.py) instead of adding a bonus:
            # the phrase is then evaluated once, not once per candidate and per tier.
            self.out.adjacent = self.adjacency(node.nodes, ("body",))
            self.out.query = self.conjunction(node.nodes, ("body",), bonus=False)
        elif node is not None:
            self.out.query = self.node(node)
        if node is not None:
            self.out.exact = self.exactness(node.nodes if isinstance(node, ql.And) else (node,))
        return self.out

    def exactness(self, nodes: Iterable[ql.Node]) -> wq.Query | None:
        """Every accented word of the query in its own spelling (exact > folded, as a tier)."""
        terms = [wq.Term("exact", f"{t.folded} {t.text}")
                 for c in nodes if isinstance(c, ql.Word) and not c.prefix and not c.fuzzy
                 for t in self._tokens(c.text) if t.text != t.folded]
        if not terms:
            return None
        return terms[0] if len(terms) == 1 else wq.And(terms)

    def adjacency(self, nodes: Iterable[ql.Node], fields: tuple[str, ...]) -> wq.Query | None:
        plain = [c.text for c in nodes if isinstance(c, ql.Word) and not c.prefix and not c.fuzzy]
        if len(plain) < 2:
            return None
        folded = [t.folded for w in plain for t in self._tokens(w)]
        return wq.Or([wq.Phrase(f, folded, slop=1) for f in fields])

    # --- nodes ---------------------------------------------------------------------------------------
    # "body" holds the title's words too (analysis.index_terms); "title" alone serves title: filters.
    def node(self, n: ql.Node, fields: tuple[str, ...] = ("body",)) -> wq.Query | None:
        if isinstance(n, ql.Word):
            return self.word(n, fields)
        if isinstance(n, ql.Phrase):
            return self.phrase(n.text, fields)
        if isinstance(n, ql.Field):
            return self.field(n)
        if isinstance(n, ql.Not):
            inner = self.node(n.node, fields)
            return wq.Not(inner) if inner is not None else None
        if isinstance(n, ql.Or):
            parts = [q for q in (self.node(c, fields) for c in n.nodes) if q is not None]
            return wq.Or(parts) if len(parts) > 1 else (parts[0] if parts else None)
        return self.conjunction(n.nodes, fields)

    def conjunction(self, nodes: Iterable[ql.Node], fields: tuple[str, ...], bonus: bool = True) -> wq.Query | None:
        nodes = list(nodes)
        positive: list[wq.Query] = []
        negative: list[wq.Query] = []
        for c in nodes:
            if isinstance(c, ql.Not):
                q = self.node(c.node, fields)
                if q is not None:
                    negative.append(q)
            else:
                q = self.node(c, fields)
                if q is not None:
                    positive.append(q)
        if not positive:
            return None
        result: wq.Query = positive[0] if len(positive) == 1 else wq.And(positive)
        # Adjacency: several plain words rank higher where they stand together.
        adjacent = self.adjacency(nodes, fields) if bonus else None
        if adjacent is not None:
            adjacent.boost = ADJACENCY_BONUS
            result = wq.AndMaybe(result, adjacent)
        if negative:
            result = wq.AndNot(result, negative[0] if len(negative) == 1 else wq.Or(negative))
        return result

    def _tokens(self, text: str) -> list[Any]:
        return self.analyzers[0].tokens(text) if self.analyzers else analyzer_for(None).tokens(text)

    def word(self, w: ql.Word, fields: tuple[str, ...]) -> wq.Query | None:
        tokens = self._tokens(w.text)
        if not tokens:
            self.out.notes.append(f"{w.text!r} has nothing searchable: ignored")
            return None
        if len(tokens) > 1 and not w.prefix and not w.fuzzy:
            # One typed word, several tokens: Khmer/Thai/Chinese pieces or a hyphenated word; they must
            # stand together.
            if is_segmented(w.text):
                return self.segmented(w.text, fields)
            return self.phrase(w.text, fields)
        self.out.words.append(w.text)
        tok = tokens[-1] if w.prefix else tokens[0]
        if w.prefix:
            return self.prefix(tok.folded, fields)
        if w.fuzzy:
            return self.fuzzy(tok.folded, w.fuzzy, fields)
        word: list[wq.Query] = [wq.Term(f, tok.folded) for f in fields]
        self.out.terms.folded.add(tok.folded)
        stems: list[wq.Query] = []
        if fields == ("body",):  # stems and exact forms are indexed for title + body together
            for a in self.analyzers:
                stem = a.stem(tok.text)
                if stem is not None:
                    key = f"{a.code}:{stem}"
                    self.out.terms.stems.add(key)
                    stems.append(wq.Term("stem", key, boost=STEM_WEIGHT))
        matched: wq.Query = wq.Or(word)
        if stems:
            # The better of the word and its stems, not their sum: a language with a stemmer must not score
            # twice for one word (a French article against a Vietnamese one), and stemmed < folded.
            matched = wq.DisjunctionMax([matched, wq.Or(stems)])
        bonuses = [b for b in (self.exact_bonus(tok.text, tok.folded, fields),) if b is not None]
        if fields == ("body",) and TITLE_BONUS:
            # In the title too: a bonus (titles are short, so this posting list is cheap to skip through).
            bonuses.append(wq.Term("title", tok.folded, boost=TITLE_BONUS))
        if not bonuses:
            return matched
        return wq.AndMaybe(matched, bonuses[0] if len(bonuses) == 1 else wq.Or(bonuses))

    def exact_bonus(self, exact: str, folded: str, fields: tuple[str, ...]) -> wq.Query | None:
        """A constant bonus where the query's own spelling is the article's: it orders spellings of the same
        word (exact > folded) without changing how much the word weighs against the query's other words."""
        if exact != folded:
            return wq.ConstantScoreQuery(wq.Term("exact", f"{folded} {exact}"), EXACT_BONUS)
        if self.reader.doc_frequency(fields[0], folded) > COMMON_SHARE * self.reader.doc_count():
            return None  # a common word ("a", "in"): its spelling says nothing about the article
        variants = list(self.reader.expand_prefix("exact", folded + " "))
        if not variants:
            return None  # no accented spelling exists anywhere: every match is exact
        plain = wq.Or([wq.Term(f, folded) for f in fields])
        accented = wq.Or([wq.Term("exact", v) for v in variants[:MAX_EXPANSION]])
        return wq.ConstantScoreQuery(wq.AndNot(plain, accented), EXACT_BONUS)

    def phrase(self, text: str, fields: tuple[str, ...]) -> wq.Query | None:
        tokens = self._tokens(text)
        if not tokens:
            self.out.notes.append(f'"{text}" has nothing searchable: ignored')
            return None
        if len(tokens) > 1 and is_segmented(text.strip()):
            # A quoted run of Khmer/Thai/... letters: the same as typing it as one word (every segmentation).
            return self.segmented(text.strip(), fields)
        folded = [t.folded for t in tokens]
        self.out.terms.folded.update(folded)
        if len(folded) == 1:
            return self.word(ql.Word(text), fields)
        match = wq.Or([wq.Phrase(f, folded) for f in fields])
        bonus = [wq.Term("exact", f"{t.folded} {t.text}", boost=EXACT_BONUS) for t in tokens if t.text != t.folded]
        return wq.AndMaybe(match, wq.Or(bonus)) if bonus else match

    def segmented(self, text: str, fields: tuple[str, ...]) -> wq.Query:
        """A word in a script without spaces: its pieces side by side, under any of its segmentations."""
        alternatives = segmentations(text)
        for pieces in alternatives:
            self.out.terms.folded.update(pieces)
        phrases = [wq.Phrase(f, pieces) if len(pieces) > 1 else wq.Term(f, pieces[0])
                   for pieces in alternatives for f in fields]
        return wq.Or(phrases)

    def prefix(self, folded: str, fields: tuple[str, ...]) -> wq.Query:
        self.out.terms.prefixes = self.out.terms.prefixes + (folded,)
        return wq.Or([wq.Prefix(f, folded) for f in fields])

    def fuzzy(self, folded: str, maxdist: int, fields: tuple[str, ...]) -> wq.Query:
        # Only on request (word~): expanded here so that the highlighter knows the variants.
        variants = set()
        for f in fields:
            for term in self.reader.terms_within(f, folded, maxdist, prefix=1):
                variants.add(term)
                if len(variants) >= MAX_EXPANSION:
                    break
        variants.add(folded)
        self.out.terms.folded.update(variants)
        return wq.Or([wq.Term(f, v) for f in fields for v in sorted(variants)])

    def field(self, n: ql.Field) -> wq.Query | None:
        if n.name == "lang":
            codes = [c.strip().lower() for c in n.value.split(",") if c.strip()]
            return wq.Or([wq.Term("lang", c) for c in codes]) if codes else None
        if n.name == "date":
            return date_query(n.value)
        if n.name == "title":
            inner = ql.parse(f'"{n.value}"' if n.quoted else n.value)
            self.out.notes.extend(inner.notes)
            return self.node(inner.node, ("title",)) if inner.node is not None else None
        # official:"Hun Manet": any alias in any script resolves to the registry id
        official = self.resolve_official(n.value) if self.resolve_official else None
        if official is not None:
            return wq.Term("official", official)
        self.out.notes.append(f"official {n.value!r} is not in the registry: matched as text")
        return self.phrase(n.value, ("body",))


def date_query(value: str) -> wq.Query:
    """``2024``, ``2024-12``, ``2024-12-06`` or a range ``2024-11..2024-12`` (either end may be empty)."""
    import re

    value = value.strip()
    part = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
    if ".." in value:
        lo, _, hi = value.partition("..")
        if (lo and not re.fullmatch(part, lo)) or (hi and not re.fullmatch(part, hi)) or not (lo or hi):
            raise QueryError(f"bad date range {value!r}", hint="Write date:2024-11..2024-12 (YYYY, YYYY-MM or "
                                                               "YYYY-MM-DD on each side; one side may be empty).")
        return wq.TermRange("date", lo or "0000", (hi or "9999") + "~", startexcl=False, endexcl=False)
    if not re.fullmatch(part, value):
        raise QueryError(f"bad date {value!r}", hint="Write date:2024, date:2024-12 or date:2024-12-06.")
    return wq.Prefix("date", value)


def filters_query(lang: Sequence[str] = (), date_from: str | None = None, date_to: str | None = None,
                  officials: Sequence[str] = (), resolve_official: Any = None) -> tuple[wq.Query | None, list[str]]:
    """The CLI's --lang/--from/--to/--official as one filter query."""
    parts: list[wq.Query] = []
    notes: list[str] = []
    if lang:
        parts.append(wq.Or([wq.Term("lang", c.lower()) for c in lang]))
    if date_from or date_to:
        parts.append(date_query(f"{date_from or ''}..{date_to or ''}"))
    for name in officials:
        oid = resolve_official(name) if resolve_official else None
        if oid is None:
            raise QueryError(f"unknown official {name!r}", hint="List them with: search officials")
        parts.append(wq.Term("official", oid))
    if not parts:
        return None, notes
    return (parts[0] if len(parts) == 1 else wq.And(parts)), notes
