"""Query plans (``search/query/plan.py``) -> OpenSearch queries that match the same articles, and the named
"leaves" whose values per article let the client score them exactly as the local engine does.

    Translator(keys).match(Spellings("body", ("sơn",), spelled=("son sơn",)))
    -> {"bool": {"should": [{"terms": {"body": ["sơn"]}},
                            {"bool": {"filter": [{"term": {"body": "son"}}, {"term": {"exact": "son sơn"}}],
                                      "must_not": [{"term": {"spelled": "exact"}}]}}], "minimum_should_match": 1}}

Matching (``match``) is exact for every node (a phrase that would need more than ``MAX_COMBINATIONS`` span
queries is refused, never approximated): a ``Spellings`` word is its terms, plus its
loose terms in articles indexed folded, plus its spelled terms where such an article has the spelling; a
``Phrase`` is a ``span_near`` (in order, no slop) of the words' terms, once for the articles indexed with
exact spellings and once for those indexed folded, where a spelled term counts only in an article that has
the spelling (a condition on the article, so each combination of conditions is its own span query; the
compiler's words need one). Positions are ours (``documents.runs``), so a span is a phrase as we define it.
A phrase ending in a prefix (a Khmer ``word*``: its pieces, the last beginning a word) is a
``match_phrase_prefix`` for each way to spell its words, with every term of the field that begins so
(``max_expansions`` ``MAX_EXPANSIONS``): OpenSearch refuses a ``span_multi`` prefix of more than 1,024 terms
(``ប្រ`` begins 274 words in 1,000 km-news articles), and a ``top_terms`` rewrite would drop articles; Lucene's
MultiPhrasePrefixQuery counts one clause a position, however many terms it expands to.

In ``body`` a spelled term needs neither: an article's ``exact`` keys ("folded exact", ``analysis.terms``) are
words of its body (which holds the title too), and an article indexed with exact spellings holds "thủ" in
its body exactly where it has the key "thu thủ", one indexed folded holds "thu". So "thủ" is the key alone,
in every article, and a prefix is two queries or one (its keys), however many spellings it has.

Leaves are what the scorer reads per article (``universe.py``):

    Group(field, terms)    the sum of the terms' frequencies in the field: a constant score of 1 for each term
                           the article holds and of 2^bit per bit of the frequency less one
                           (``documents.tf_token``) that some article has (the statistics request asks),
                           summed by a bool query, read back as the named query's score
                           (``include_named_queries_score``)
    Keyword(field, value)  whether the article has the value (officials, countries, roles, ids)
    Matches(node)          whether the article matches a phrase or a prefix

OpenSearch refuses a query of more than 1024 clauses (``indices.query.bool.max_clause_count``): a group is
split into parts of at most ``GROUP_CLAUSES`` (summed back by the client) and leaves are packed into requests
of at most ``REQUEST_CLAUSES`` (``pack``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..analysis.tokenize import GAP_TERM
from ..errors import QueryError
from ..lang.fold import fold
from ..query import plan as p
from .client import LIMIT_HINT
from .documents import tf_token, wire
from .mapping import SCORED

MATCH_ALL: dict[str, Any] = {"match_all": {}}
MATCH_NONE: dict[str, Any] = {"match_none": {}}
SPELLED: dict[str, Any] = {"term": {"spelled": "exact"}}  # articles indexed with their exact spellings
MAX_COMBINATIONS = 64  # span queries for one phrase in articles indexed folded (one per set of conditions)
GROUP_CLAUSES = 900
REQUEST_CLAUSES = 1000
ID_TERMS = 65_536  # ids in one terms query (OpenSearch's index.max_terms_count)
MAX_EXPANSIONS = 2**31 - 1  # a match_phrase_prefix's terms: every one (MultiPhrasePrefixQuery stops at this many)
Query = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Group:
    field: str
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Keyword:
    field: str
    value: str


@dataclass(frozen=True, slots=True)
class Matches:
    node: p.Phrase | p.Prefix


Leaf = Group | Keyword | Matches


def any_of(parts: list[Query]) -> Query:
    parts = [q for q in parts if q != MATCH_NONE]
    if not parts:
        return MATCH_NONE
    if MATCH_ALL in parts:
        return MATCH_ALL
    return parts[0] if len(parts) == 1 else {"bool": {"should": parts, "minimum_should_match": 1}}


def all_of(parts: list[Query]) -> Query:
    if MATCH_NONE in parts:
        return MATCH_NONE
    parts = [q for q in parts if q != MATCH_ALL]
    if not parts:
        return MATCH_ALL
    return parts[0] if len(parts) == 1 else {"bool": {"filter": parts}}


def but_not(positive: Query, negative: Query) -> Query:
    if negative == MATCH_NONE or positive == MATCH_NONE:
        return positive
    if negative == MATCH_ALL:
        return MATCH_NONE
    return {"bool": {"filter": [positive], "must_not": [negative]}}


def at_least(parts: list[Query], n: int) -> Query:
    """Articles matching ``n`` of ``parts`` or more."""
    if n <= 0:
        return MATCH_ALL
    if n > len(parts):
        return MATCH_NONE
    return {"bool": {"should": parts, "minimum_should_match": n}}


def _terms(field: str, terms: list[str] | tuple[str, ...]) -> Query:
    if not terms:
        return MATCH_NONE
    if len(terms) == 1:
        return {"term": {field: wire(terms[0])}}
    return {"terms": {field: [wire(t) for t in terms]}}


def ids_query(ids: list[str]) -> Query:
    """The articles of these ids: terms queries of at most ``ID_TERMS`` ids each."""
    return any_of([{"terms": {"id": ids[i:i + ID_TERMS]}} for i in range(0, len(ids), ID_TERMS)])


def _span(field: str, terms: list[str]) -> Query:
    if len(terms) == 1:
        return {"span_term": {field: wire(terms[0])}}
    return {"span_or": {"clauses": [{"span_term": {field: wire(t)}} for t in terms]}}


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


class Translator:
    """Plan nodes -> matching queries. ``exact_keys(prefix)``: the ``exact`` field's keys ("folded exact")
    that start with ``prefix`` (a prefix also finds articles indexed with exact spellings); ``held(field,
    terms)``: those of ``terms`` that some article's ``field`` holds (default: all of them); ``resolve(translator,
    phrase)``: the ids of the articles a phrase matches; ``articles(query)``: the ids of those a query matches
    (without them, a phrase or a title prefix over the limit of clauses stays one query: refused)."""

    def __init__(self, exact_keys: Callable[[str], list[str]],
                 held: Callable[[str, list[str]], set[str]] | None = None,
                 resolve: Callable[[Translator, p.Phrase], list[str]] | None = None,
                 articles: Callable[[Query], list[str]] | None = None) -> None:
        self.exact_keys = exact_keys
        self.held = held or (lambda field, terms: set(terms))
        self.resolve = resolve
        self.articles = articles
        self._resolved: dict[p.Phrase | p.Prefix, Query] = {}

    def match(self, q: p.Node) -> Query:
        if isinstance(q, p.Term):
            if q.field == "id":
                return {"term": {"id": q.text}}
            return _terms(q.field, [q.text])
        if isinstance(q, p.Spellings):
            return self.spellings(q)
        if isinstance(q, p.Phrase):
            return self.phrase(q)
        if isinstance(q, p.Prefix):
            return self.prefix(q)
        if isinstance(q, p.Or | p.DisMax):
            # Terms of one field in one query: Lucene counts each term query against its limit of 1,024
            # clauses a query, a terms query once (a word typed without accents: 3 languages' stems of each
            # of its spellings, 12 for "nhieu"; a question of 40 such words was refused)
            same: dict[str, list[str]] = {}
            others: list[Query] = []
            for c in q.parts:
                if isinstance(c, p.Term) and c.field != "id":
                    same.setdefault(c.field, []).append(c.text)
                else:
                    others.append(self.match(c))
            return any_of([*(_terms(f, _unique(texts)) for f, texts in same.items()), *others])
        if isinstance(q, p.And):
            return all_of([self.match(c) for c in q.parts]) if q.parts else MATCH_NONE
        if isinstance(q, p.AndMaybe):
            return self.match(q.required)
        if isinstance(q, p.AndNot):
            return but_not(self.match(q.positive), self.match(q.negative))
        if isinstance(q, p.Not):
            return but_not(MATCH_ALL, self.match(q.node))
        if isinstance(q, p.Constant | p.Boost):
            return self.match(q.node)
        if isinstance(q, p.Values):
            parts = [_terms(q.field, [v for v in q.values if v])]
            if "" in q.values:  # the local index's "" (an undated article's year): no value here
                parts += [{"term": {q.field: ""}}, but_not(MATCH_ALL, {"exists": {"field": q.field}})]
            return any_of(parts)
        if isinstance(q, p.DateRange):
            bounds: dict[str, str] = {}
            if q.lo:
                bounds["gte"] = q.lo
            if q.hi:
                bounds["lte"] = q.hi + "~"  # "2024-12" includes "2024-12-31"
            found: Query = {"range": {"date": bounds}} if bounds else {"exists": {"field": "date"}}
            # ...and "2024" (a year alone) is in "..2024" but not in "..2024-05" (score.py)
            wider = [q.hi[:n] for n in (4, 7) if n < len(q.hi)]
            return but_not(found, _terms("date", wider)) if wider else found
        if isinstance(q, p.Every):
            return MATCH_ALL
        raise TypeError(f"not a query plan node: {q!r}")

    def spellings(self, sp: p.Spellings) -> Query:
        terms = list(sp.terms)
        anywhere: list[str] = []  # exact keys that count in every article (in body: the module docstring)
        folded_only = [_terms(sp.field, sp.loose)] if sp.loose else []
        guarded: list[str] = []
        spelled: dict[str, list[str]] = {}  # the keys of one folded term in one query (fewer clauses)
        for key in sp.spelled:
            term, _, exact = key.partition(" ")
            if sp.field != "body":
                spelled.setdefault(term, []).append(key)
            elif exact in terms and term == fold(exact) != exact:
                anywhere.append(key)  # the key is where the article holds the spelling (indexed with it)
                terms.remove(exact)
            else:
                guarded.append(key)
        if guarded:
            folded_only.append(_terms("exact", guarded))
        folded_only += [all_of([_terms(sp.field, [term]), _terms("exact", keys)]) for term, keys in spelled.items()]
        return any_of([_terms(sp.field, terms), _terms("exact", anywhere), but_not(any_of(folded_only), SPELLED)])

    def prefix(self, q: p.Prefix) -> Query:
        """The terms of ``q.field`` that start with the prefix; in ``body``, the ``exact`` keys that do
        (the module docstring): two queries, however many spellings (a prefix with a diacritic, "dé*" in French
        news, has hundreds: one condition each was over OpenSearch's limit of 1,024 clauses). In ``title``, a
        prefix typed with a diacritic is also two clauses for each folded term some title holds that has such a
        spelling; over the limit, that part is the articles it matches (``articles``, a few hundred terms a
        request), as a long phrase is."""
        found = self._resolved.get(q)
        if found is not None:
            return found
        plain, pairs = self._prefix_parts(q)
        query = any_of([*plain, but_not(any_of(pairs), SPELLED)]) if pairs else any_of(plain)
        if self.articles is None or clauses(query) <= REQUEST_CLAUSES:
            return query
        return self._resolve_prefix(q)

    def _prefix_parts(self, q: p.Prefix) -> tuple[list[Query], list[Query]]:
        """(queries, pairs): the prefix is any of the queries, or, in an article indexed folded, any of the pairs
        (a title's folded term and a key of the article that spells it as typed)."""
        if q.field == "body":
            if not q.spelled:  # "thu*": "thủ tướng" where the articles are indexed with exact spellings
                return [{"prefix": {"body": q.prefix}}, {"prefix": {"exact": q.prefix}}], []
            return [_terms("exact", [k for k in self.exact_keys(q.prefix)
                                     if k.partition(" ")[2].startswith(q.spelled)])], []
        parts = [] if q.spelled else [{"prefix": {q.field: q.prefix}}]
        pairs: list[Query] = []
        if q.field == "title":  # "thu*" finds "thủ tướng" in articles indexed with exact spellings
            keys = [k for k in self.exact_keys(q.prefix) if k.partition(" ")[2].startswith(q.spelled)]
            parts.append(_terms(q.field, _unique([k.partition(" ")[2] for k in keys])))
            if q.spelled:  # typed with diacritics: in articles indexed folded, those that spell a word so (the
                # key may come from the body: the title must hold its folded term), for the terms some title has
                spelled: dict[str, list[str]] = {}
                for k in keys:
                    spelled.setdefault(k.partition(" ")[0], []).append(k)
                held = self.held(q.field, list(spelled))
                pairs = [all_of([_terms(q.field, [term]), _terms("exact", ks)])
                         for term, ks in spelled.items() if term in held]
        return parts, pairs

    def _resolve_prefix(self, q: p.Prefix) -> Query:
        """A prefix whose pairs are over the limit: the articles indexed folded that hold one, asked in batches
        of at most ``GROUP_CLAUSES`` clauses (each batch exactly the articles its pairs match)."""
        assert self.articles is not None
        plain, pairs = self._prefix_parts(q)
        ids: set[str] = set()
        batch: list[Query] = []
        for i, pair in enumerate(pairs):
            batch.append(pair)
            if i + 1 == len(pairs) or clauses(batch) + clauses(pairs[i + 1]) + 1 > GROUP_CLAUSES:
                ids.update(self.articles(but_not(any_of(batch), SPELLED)))
                batch = []
        found = self._resolved[q] = any_of([*plain, ids_query(sorted(ids))])
        return found

    def phrase(self, ph: p.Phrase) -> Query:
        """The phrase's query; one over the limit of clauses a query (a pasted paragraph in quotes, or its
        words side by side: a span term for each spelling of each word) is the articles it matches, found
        by ``resolve`` (``searcher.py``: among the articles with every word, with the spellings they hold)."""
        found = self._resolved.get(ph)
        if found is not None:
            return found
        if self.resolve is not None and (prefix_ways(ph) or 0) > REQUEST_CLAUSES:
            return self._resolve(ph)  # a phrase ending in a prefix, too many ways to spell its words
        q = self.phrase_query(ph)
        return q if self.resolve is None or clauses(q) <= REQUEST_CLAUSES else self._resolve(ph)

    def phrase_clauses(self, ph: p.Phrase) -> int:
        """The clauses of ``phrase_query(ph)`` (a phrase ending in a prefix: one for each way to spell its other
        words, counted without building them)."""
        ways = prefix_ways(ph)
        return clauses(self.phrase_query(ph)) if ways is None else ways

    def _resolve(self, ph: p.Phrase) -> Query:
        assert self.resolve is not None
        ids = self.resolve(self, ph)
        found = self._resolved[ph] = ids_query(ids)
        return found

    def fitted(self, node: p.Node) -> Query:
        """``match(node)``, its longest phrases (and title prefixes typed with diacritics) replaced by the
        articles they match until the query is under the limit of clauses (a pasted paragraph with two
        quotations: each phrase under it, together over)."""
        q = self.match(node)
        while clauses(q) > REQUEST_CLAUSES:
            nodes = [n for n in _resolvable(node) if n not in self._resolved
                     and (self.resolve if isinstance(n, p.Phrase) else self.articles) is not None]
            if not nodes:
                break
            longest = max(nodes, key=lambda n: self.phrase_clauses(n) if isinstance(n, p.Phrase)
                          else clauses(self.prefix(n)))
            if isinstance(longest, p.Phrase):
                self._resolve(longest)
            else:
                self._resolve_prefix(longest)
            q = self.match(node)
        return q

    def phrase_query(self, ph: p.Phrase) -> Query:
        if ph.slop != 1 and len(ph.words) > 1:
            raise ValueError(f"phrases with slop {ph.slop} are not supported by the OpenSearch backend")
        if isinstance(ph.words[-1], p.Prefix):  # ហ៊ុន សែន*: the words, then a term that starts so (compile.py)
            return self._prefix_phrase(ph)
        words = [w for w in ph.words if isinstance(w, p.Spellings)]
        if len(words) == 1:
            return self.spellings(words[0])
        if all(w.terms and not w.spelled and set(w.terms) == {t for t in (*w.terms, *w.loose) if fold(t) == t}
               for w in words):  # the same terms in both classes of articles (Khmer, English...): one query
            return near(ph.field, [list(w.terms) for w in words], ph.gaps)
        classes: list[Query] = []
        if all(w.terms for w in words):  # articles indexed with exact spellings: the words' own terms
            classes.append(all_of([SPELLED, near(ph.field, [list(w.terms) for w in words], ph.gaps)]))
        # Articles indexed folded hold folded terms only (fold(t) == t); a spelled term counts in an article
        # that has the spelling: one span query per combination of such conditions.
        choices: list[list[tuple[list[str], str | None]]] = []
        for w in words:
            base = _unique([t for t in (*w.terms, *w.loose) if fold(t) == t])
            options: list[tuple[list[str], str | None]] = [(base, None)] if base else []
            options += [(_unique([*base, key.partition(" ")[0]]), key) for key in w.spelled]
            choices.append(options)
        combinations = 1
        for options in choices:
            combinations *= len(options)
        if combinations > MAX_COMBINATIONS:  # never made by the compiler (one condition per word at most)
            raise QueryError("a phrase with too many spelling conditions for the OpenSearch backend",
                             hint="Type fewer of its words with diacritics, or use the local index.")
        if combinations:
            for combo in itertools.product(*choices):
                conditions = [_terms("exact", [key]) for _, key in combo if key is not None]
                spans = near(ph.field, [terms for terms, _ in combo], ph.gaps)
                classes.append(but_not(all_of([*conditions, spans]), SPELLED))
        return any_of(classes)

    @staticmethod
    def _prefix_phrase(ph: p.Phrase) -> Query:
        """The words side by side, then any term of the field that begins with the prefix (the module docstring):
        a ``match_phrase_prefix`` through the field's whitespace analyzer for each way to spell the words (a
        number: in each script's digits), with no limit on the terms the prefix expands to. Over the limit of
        clauses a request (``phrase`` asks ``resolve`` first, with the spellings the articles hold): refused."""
        ways, last = prefix_ways(ph), ph.words[-1]
        assert ways is not None and isinstance(last, p.Prefix)
        if ways > REQUEST_CLAUSES:
            raise QueryError(f"the query is too long for OpenSearch: a word ending in * whose pieces have {ways:,} "
                             f"ways to be spelled, over the limit of {REQUEST_CLAUSES:,} clauses a query",
                             hint=LIMIT_HINT)
        head = [w for w in ph.words[:-1] if isinstance(w, p.Spellings)]
        if not head:
            return {"prefix": {ph.field: last.prefix}}
        return any_of([{"match_phrase_prefix": {ph.field: {
            "query": " ".join([*(wire(t) for t in way), last.prefix]), "analyzer": "whitespace", "slop": 0,
            "max_expansions": MAX_EXPANSIONS}}} for way in itertools.product(*(w.terms for w in head))])


def near(field: str, words: list[list[str]], gaps: tuple[int, ...] = ()) -> Query:
    """The words side by side, each word given as its terms. A phrase of one term a word is a ``match_phrase``
    through the field's own whitespace analyzer: Lucene counts a phrase query as one clause against its limit of
    1,024, a span query as one per term (a Khmer sentence typed as one word, 24 ways to cut it in two fields, was
    refused). Our terms hold no whitespace (``documents.runs``), so its words are exactly the terms.
    ``gaps``: positions skipped before each word (plan.py Phrase.gaps), which punctuation left empty: the
    documents hold ``GAP_TERM`` there (``documents.runs``), a word of the phrase here."""
    if any(gaps):
        words = [w for i, terms in enumerate(words) for w in ([[GAP_TERM]] * gaps[i] + [terms])]
    if all(len(terms) == 1 for terms in words):
        return {"match_phrase": {field: {"query": " ".join(wire(terms[0]) for terms in words),
                                         "analyzer": "whitespace", "slop": 0}}}
    return {"span_near": {"clauses": [_span(field, terms) for terms in words], "slop": 0, "in_order": True}}


def prefix_ways(ph: p.Phrase) -> int | None:
    """For a phrase ending in a prefix, the ways to spell its other words (the product of their terms' counts);
    None for another phrase."""
    if not isinstance(ph.words[-1], p.Prefix):
        return None
    head = [w for w in ph.words[:-1] if isinstance(w, p.Spellings) and not w.loose and not w.spelled]
    if len(head) != len(ph.words) - 1:  # never made by the compiler (terms of a script without spaces)
        raise ValueError("a phrase ending in a prefix with words of other spellings")
    return math.prod(len(w.terms) for w in head) if head else 1


def _resolvable(node: p.Node) -> Iterator[p.Phrase | p.Prefix]:
    """The phrases and the title prefixes typed with diacritics of ``node`` that its matching query holds (not
    those of a bonus): what can stand for the articles it matches."""
    if isinstance(node, p.Phrase):
        if len(node.words) > 1:
            yield node
    elif isinstance(node, p.Prefix):
        if node.field == "title" and node.spelled:
            yield node
    else:
        for child in (node.required,) if isinstance(node, p.AndMaybe) else p.children(node):
            yield from _resolvable(child)


def leaves(node: p.Node) -> Iterator[Leaf]:
    """What scoring ``node`` reads per article."""
    if isinstance(node, p.Term):
        yield Group(node.field, (node.text,)) if node.field in SCORED else Keyword(node.field, node.text)
    elif isinstance(node, p.Spellings):
        yield from spellings_leaves(node)
    elif isinstance(node, p.Phrase):
        for w in node.words:
            if isinstance(w, p.Prefix):
                yield Matches(w)
            else:
                yield from spellings_leaves(w)
        if len(node.words) > 1:
            yield Matches(node)
    elif isinstance(node, p.Prefix):
        yield Matches(node)
    else:
        for child in p.children(node):
            yield from leaves(child)


def spellings_leaves(sp: p.Spellings) -> Iterator[Leaf]:
    if sp.terms:
        yield Group(sp.field, sp.terms)
    if sp.loose:
        yield Group(sp.field, sp.loose)
    for key in sp.spelled:
        yield Group(sp.field, (key.partition(" ")[0],))
        yield Group("exact", (key,))


def scored_nodes(node: p.Node) -> Iterator[p.Term | p.Spellings]:
    """The nodes scored by BM25 (their statistics are needed): terms of text fields, and words."""
    if isinstance(node, p.Term):
        if node.field in SCORED:
            yield node
    elif isinstance(node, p.Spellings):
        yield node
    elif isinstance(node, p.Phrase):
        yield from (w for w in node.words if isinstance(w, p.Spellings))
    else:
        for child in p.children(node):
            yield from scored_nodes(child)


def group_parts(group: Group, present: Callable[[str, str, int], bool], bits: int) -> list[list[tuple[str, int]]]:
    """The group's clauses, in parts small enough for one query: (term, -1) for the term's presence in the
    field, (term, bit) for each bit of its frequency less one that some article has (``present``)."""
    pairs = [(t, bit) for t in group.terms for bit in range(-1, bits) if bit < 0 or present(group.field, t, bit)]
    return [pairs[i:i + GROUP_CLAUSES] for i in range(0, len(pairs), GROUP_CLAUSES)] or [[]]


def group_query(field: str, pairs: list[tuple[str, int]]) -> Query:
    """Scores an article by the sum of the terms' frequencies in ``field``: 1 for each term it holds, plus
    2^bit for each bit set of the frequency less one (``documents.tf_token``); an article with none of the
    terms is not matched."""
    if not pairs:
        return MATCH_NONE
    return {"bool": {"should": [{"constant_score": {"filter": {"term": {field: wire(t)} if bit < 0 else
                                                                        {"tf": tf_token(field, t, bit)}},
                                                    "boost": float(1 << max(bit, 0))}} for t, bit in pairs],
                     "minimum_should_match": 1}}


def clauses(q: Any) -> int:
    """Leaf clauses of a query, as OpenSearch counts them against its limit (roughly: every leaf query)."""
    if isinstance(q, list):
        return sum(clauses(x) for x in q)
    if not isinstance(q, dict):
        return 0
    if len(q) == 1:
        (kind, body), = q.items()
        if kind in ("bool", "constant_score", "span_or", "span_near", "span_not"):
            return sum(clauses(v) for k, v in body.items() if k in ("must", "should", "filter", "must_not",
                                                                   "clauses", "include", "exclude"))
        return 1
    return sum(clauses(v) for v in q.values())


def pack(named: list[tuple[str, Query]], budget: int = REQUEST_CLAUSES) -> list[list[tuple[str, Query]]]:
    """Named queries in requests of at most ``budget`` clauses each (a larger one goes alone)."""
    requests: list[list[tuple[str, Query]]] = []
    current: list[tuple[str, Query]] = []
    used = 0
    for name, q in named:
        n = clauses(q)
        if current and used + n > budget:
            requests.append(current)
            current, used = [], 0
        current.append((name, q))
        used += n
    if current:
        requests.append(current)
    return requests
