"""Plans -> OpenSearch queries: the shapes that decide which articles match, and the clause budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.analysis.tokenize import GAP_TERM
from search.cluster import dsl
from search.cluster.documents import wire
from search.errors import QueryError
from search.query import plan as p


def keys(prefix: str) -> list[str]:
    return {"thu": ["thu thư", "thu thủ"]}.get(prefix, [])


def test_a_word_with_loose_and_spelled_terms_counts_them_only_in_articles_indexed_folded() -> None:
    q = dsl.Translator(keys).match(p.Spellings("title", ("sơn",), loose=("son",), spelled=("la là",)))
    should = q["bool"]["should"]
    assert should[0] == {"term": {"title": "sơn"}}
    assert should[1] == {"bool": {"filter": [{"bool": {"should": [
        {"term": {"title": "son"}},
        {"bool": {"filter": [{"term": {"title": "la"}}, {"term": {"exact": "la là"}}]}}], "minimum_should_match": 1}}],
        "must_not": [dsl.SPELLED]}}
    # In the body (which holds every word of an article), the key "la là" is where the article writes "là":
    # in its body ("là") if indexed with exact spellings, in its exact keys alone if indexed folded
    q = dsl.Translator(keys).match(p.Spellings("body", ("sơn",), loose=("son",), spelled=("la là",)))
    assert q["bool"]["should"] == [{"term": {"body": "sơn"}}, {"bool": {"filter": [{"bool": {"should": [
        {"term": {"body": "son"}}, {"term": {"exact": "la là"}}], "minimum_should_match": 1}}],
        "must_not": [dsl.SPELLED]}}]
    # ...and a word typed with its diacritics (terms "thể", key "the thể") is its key alone, in every article
    assert dsl.Translator(keys).match(p.Spellings("body", ("thể",), spelled=("the thể",))) == {
        "term": {"exact": "the thể"}}


def test_a_phrase_of_accented_words_is_one_span_per_class_of_articles() -> None:
    words = (p.Spellings("body", ("bùi",), loose=("bui",)), p.Spellings("body", ("thể",), spelled=("the thể",)))
    t = dsl.Translator(keys)
    q = t.match(p.Phrase("body", words))
    exact_class, folded_class = q["bool"]["should"]
    assert exact_class["bool"]["filter"][0] == dsl.SPELLED
    assert exact_class["bool"]["filter"][1] == dsl.near("body", [["bùi"], ["thể"]])
    inner = folded_class["bool"]["filter"][0]["bool"]["filter"]
    assert inner[0] == {"term": {"exact": "the thể"}}  # the folded "the" counts where the article writes "thể"
    assert inner[1]["match_phrase"]["body"]["query"] == "bui the"


def test_a_phrase_with_too_many_conditions_is_refused_rather_than_approximated() -> None:
    word = p.Spellings("body", ("a",), spelled=tuple(f"a {c}" for c in "àáảãạăằắ"))
    with pytest.raises(QueryError, match="too many spelling conditions"):
        dsl.Translator(keys).match(p.Phrase("body", (word, word, word)))


def test_a_prefix_also_finds_the_spellings_of_articles_indexed_with_them() -> None:
    q = dsl.Translator(keys).match(p.Prefix("title", "thu"))
    assert q["bool"]["should"] == [{"prefix": {"title": "thu"}}, {"terms": {"title": ["thư", "thủ"]}}]
    # In the body: the exact keys that start with it ("thu thủ": "thủ" in an article indexed with its spellings)
    q = dsl.Translator(keys).match(p.Prefix("body", "thu"))
    assert q["bool"]["should"] == [{"prefix": {"body": "thu"}}, {"prefix": {"exact": "thu"}}]
    assert dsl.Translator(keys).match(p.Prefix("body", "thu", "thủ")) == {"term": {"exact": "thu thủ"}}


def test_a_prefix_with_hundreds_of_spellings_stays_under_the_clause_limit() -> None:
    """"dé*" in French news: hundreds of spellings. One condition of three clauses each (the folded term, the
    key, the article's class) was over OpenSearch's limit of 1,024 clauses a query: an error, exit 2."""
    spellings = [f"de{a}{b} dé{a}{b}" for a in "bcdfglmnprstv" for b in "aeiouy"] * 10
    found = [f"de{i} dé{i}" for i in range(700)]
    t = dsl.Translator(lambda prefix: found if prefix == "de" else spellings)
    assert dsl.clauses(t.match(p.Prefix("body", "de", "dé"))) == 1
    assert dsl.clauses(t.match(p.Prefix("body", "de"))) == 2
    # In titles, a term and its keys each, for the terms some title holds (``held``)
    titled = dsl.Translator(lambda prefix: found, lambda field, terms: set(terms[:100]))
    assert dsl.clauses(titled.match(p.Prefix("title", "de", "dé"))) == 2 + 2 * 100


def _matches(q: dsl.Query, doc: dict[str, object]) -> bool:
    """What OpenSearch matches, for the queries a title prefix makes (a document: field -> values)."""
    (kind, body), = q.items()
    if kind == "match_all":
        return True
    if kind == "match_none":
        return False
    if kind in ("term", "terms", "prefix"):
        (field, value), = body.items()
        held = doc.get(field, set())
        assert isinstance(held, set)
        if kind == "prefix":
            return any(v.startswith(value) for v in held)
        return bool(held & ({value} if kind == "term" else set(value)))
    assert kind == "bool", q
    should = body.get("should", [])
    return (all(_matches(c, doc) for c in body.get("filter", []))
            and not any(_matches(c, doc) for c in body.get("must_not", []))
            and sum(_matches(c, doc) for c in should) >= body.get("minimum_should_match", 1 if should else 0))


def test_a_title_prefix_with_hundreds_of_spelled_terms_is_the_articles_it_matches() -> None:
    """"title:dé*" in a large French corpus: more than 500 folded terms some title holds with a spelling
    "dé...", two clauses each, 1,402 clauses here, over OpenSearch's limit (refused: exit 2). Over the limit,
    that part is the articles it matches, asked in parts under the limit: the same articles."""
    found = [f"de{i} dé{i}" for i in range(700)]
    docs = {
        **{f"f{i}": {"id": {f"f{i}"}, "title": {f"de{i}"}, "exact": {f"de{i} dé{i}"}} for i in range(0, 700, 7)},
        "other": {"id": {"other"}, "title": {"de3"}, "exact": {"de4 dé4"}},  # the spelling is another word's
        "body": {"id": {"body"}, "title": {"la"}, "exact": {"de5 dé5"}},  # "dé5" in its body only
        "spelled": {"id": {"spelled"}, "title": {"dé8"}, "exact": {"de8 dé8"}, "spelled": {"exact"}},
        "unspelled": {"id": {"unspelled"}, "title": {"de9"}, "exact": set(), "spelled": {"exact"}},
    }
    expected = {*(f"f{i}" for i in range(0, 700, 7)), "spelled"}
    prefix = p.Prefix("title", "de", "dé")
    whole = dsl.Translator(lambda _: found).match(prefix)
    assert dsl.clauses(whole) == 1402 and {d for d, doc in docs.items() if _matches(whole, doc)} == expected
    asked: list[dsl.Query] = []

    def articles(q: dsl.Query) -> list[str]:
        asked.append(q)
        return [d for d, doc in docs.items() if _matches(q, doc)]

    t = dsl.Translator(lambda _: found, articles=articles)
    q = t.match(prefix)
    assert dsl.clauses(q) <= 2 and len(asked) == 2 and all(dsl.clauses(a) <= dsl.REQUEST_CLAUSES for a in asked)
    assert {d for d, doc in docs.items() if _matches(q, doc)} == expected
    assert t.match(p.And((prefix, p.Term("lang", "fr")))) == {"bool": {"filter": [q, {"term": {"lang": "fr"}}]}}
    assert len(asked) == 2  # asked once a query
    # Two prefixes, each under the limit, together over it: the larger one is its articles
    t = dsl.Translator(lambda _: found[:450], articles=articles)
    both = t.fitted(p.And((prefix, p.Prefix("title", "de", "dé1"))))
    assert dsl.clauses(both) == 2 + 2 + 2 * 111 and len(asked) == 4  # 902 + 224 clauses: the 902 in two parts


def test_dates_compare_as_the_local_index_compares_them() -> None:
    t = dsl.Translator(keys)
    assert t.match(p.DateRange("2024-11", "2024")) == {"range": {"date": {"gte": "2024-11", "lte": "2024~"}}}
    # An article dated "2024" alone may be in December: not in a range that ends in May
    assert t.match(p.DateRange("2024-11", "2024-12")) == {"bool": {
        "filter": [{"range": {"date": {"gte": "2024-11", "lte": "2024-12~"}}}],
        "must_not": [{"term": {"date": "2024"}}]}}
    assert t.match(p.DateRange("", "")) == {"exists": {"field": "date"}}


def test_negations_and_empty_sets_simplify() -> None:
    t = dsl.Translator(keys)
    assert t.match(p.Or(())) == dsl.MATCH_NONE
    assert t.match(p.Not(p.Every())) == dsl.MATCH_NONE
    assert dsl.at_least([dsl.MATCH_ALL], 2) == dsl.MATCH_NONE


def test_groups_ask_only_for_the_bits_some_article_has_and_stay_under_the_clause_limit() -> None:
    group = dsl.Group("body", tuple(f"w{i}" for i in range(600)))
    parts = dsl.group_parts(group, lambda f, t, bit: bit < 2, 16)
    assert sum(len(part) for part in parts) == 1800 and all(len(part) <= dsl.GROUP_CLAUSES for part in parts)
    q = dsl.group_query("body", [("hun", -1), ("hun", 0), ("hun", 2)])  # present, then bits of tf - 1
    assert [c["constant_score"]["boost"] for c in q["bool"]["should"]] == [1.0, 1.0, 4.0]
    assert q["bool"]["should"][0]["constant_score"]["filter"] == {"term": {"body": "hun"}}
    named = [(str(i), dsl.group_query("body", part)) for i, part in enumerate(parts)]
    assert all(sum(dsl.clauses(q) for _, q in request) <= dsl.REQUEST_CLAUSES for request in dsl.pack(named))


def test_every_leaf_a_plan_scores_is_listed() -> None:
    plan = p.AndMaybe(p.DisMax((p.Spellings("body", ("son",), spelled=("son sơn",)), p.Term("stem", "fr:son"))),
                      p.Or((p.Term("official", "hun-sen"), p.Phrase.of("body", ["hun", "sen"]))))
    assert list(dsl.leaves(plan)) == [
        dsl.Group("body", ("son",)), dsl.Group("body", ("son",)), dsl.Group("exact", ("son sơn",)),
        dsl.Group("stem", ("fr:son",)), dsl.Keyword("official", "hun-sen"), dsl.Group("body", ("hun",)),
        dsl.Group("body", ("sen",)), dsl.Matches(p.Phrase.of("body", ["hun", "sen"]))]


def test_a_phrase_of_one_term_a_word_is_one_phrase_query_for_every_article() -> None:
    # Khmer (and unaccented) words have the same terms in articles indexed folded and with exact spellings: one
    # query, and Lucene counts a phrase query as one clause against its limit of 1,024 (span queries: one per
    # term). A Khmer sentence typed as one word is 24 ways to cut it, in two fields: it was refused (a crash).
    t = dsl.Translator(keys)
    phrase = p.Phrase.of("body", ["ហ៊ុន", "ម៉ាណែត"])
    assert t.match(phrase) == {"match_phrase": {"body": {"query": "ហ៊ុន ម៉ាណែត", "analyzer": "whitespace", "slop": 0}}}
    long_term = "ក" * 100  # sent as its stand-in (documents.wire), as indexed
    assert t.match(p.Phrase.of("title", ["a", long_term]))["match_phrase"]["title"]["query"] == \
        f"a {wire(long_term)}"
    ways = p.any_of([p.Phrase.of(f, [f"w{way}x{i}" for i in range(20)])
                     for way in range(24) for f in ("body", "title")])
    assert dsl.clauses(t.match(ways)) == 48
    # A word with other spellings keeps its span query (a position may hold any of them)
    mixed = t.match(p.Phrase("body", (p.Spellings("body", ("sơn", "son")), p.Spellings("body", ("la",)))))
    assert mixed["bool"]["should"][0]["bool"]["filter"][1]["span_near"]["clauses"][0] == {
        "span_or": {"clauses": [{"span_term": {"body": "sơn"}}, {"span_term": {"body": "son"}}]}}


def test_terms_of_one_field_and_spellings_of_one_word_are_one_clause() -> None:
    # A word typed without accents ORs 3 languages' stems of each of its spellings (12 term queries for
    # "nhieu"): one terms query, and a question of 40 such words fits under OpenSearch's 1,024 clauses
    t = dsl.Translator(keys)
    stems = p.Or(tuple(p.Term("stem", f"{lang}:{s}") for s in ("nhieu", "nhiều") for lang in ("en", "fr", "id")))
    assert t.match(stems) == {"terms": {"stem": ["en:nhieu", "fr:nhieu", "id:nhieu", "en:nhiều", "fr:nhiều",
                                                 "id:nhiều"]}}
    assert t.match(p.Or((p.Term("id", "a"), p.Term("id", "b")))) == {
        "bool": {"should": [{"term": {"id": "a"}}, {"term": {"id": "b"}}], "minimum_should_match": 1}}
    word = t.match(p.Spellings("title", ("thể",), spelled=("the thể", "the thế", "thi thị")))
    assert word["bool"]["should"][1] == {"bool": {"filter": [{"bool": {"should": [
        {"bool": {"filter": [{"term": {"title": "the"}}, {"terms": {"exact": ["the thể", "the thế"]}}]}},
        {"bool": {"filter": [{"term": {"title": "thi"}}, {"term": {"exact": "thi thị"}}]}}],
        "minimum_should_match": 1}}], "must_not": [dsl.SPELLED]}}
    assert t.match(p.Spellings("body", ("thể",), spelled=("the thể", "the thế", "thi thị"))) == {"bool": {"should": [
        {"term": {"exact": "the thể"}},
        {"bool": {"filter": [{"terms": {"exact": ["the thế", "thi thị"]}}], "must_not": [dsl.SPELLED]}}],
        "minimum_should_match": 1}}


def test_a_phrase_over_the_clause_limit_is_the_articles_it_matches() -> None:
    """A pasted paragraph in quotes, or its words side by side (the adjacency tier): a span term for each
    spelling of each word, 1,200 here, over OpenSearch's limit of 1,024 clauses a query (an error, exit 2).
    It is the articles it matches, found once a query by ``resolve`` (searcher.py)."""
    words = tuple(p.Spellings("body", tuple(f"w{i}{c}" for c in "abcdefgh")) for i in range(150))
    phrase = p.Phrase("body", words)
    assert dsl.clauses(dsl.Translator(keys).match(phrase)) == 1200
    asked: list[p.Phrase] = []

    def resolve(translator: dsl.Translator, ph: p.Phrase) -> list[str]:
        asked.append(ph)
        return ["a1", "a2"] if len(ph.words) == 150 else []

    t = dsl.Translator(keys, resolve=resolve)
    assert t.match(phrase) == t.match(p.And((phrase,))) == {"terms": {"id": ["a1", "a2"]}}
    assert asked == [phrase]
    assert t.match(p.Phrase("body", words[:149])) == dsl.MATCH_NONE
    assert dsl.clauses(t.match(p.Phrase("body", words[:100]))) == 800 and len(asked) == 2  # small enough: asked
    # Two phrases, each under the limit, together over it: the longer one is its articles
    a, b = p.Phrase("body", words[:100]), p.Phrase("body", words[50:120])
    both = t.fitted(p.And((a, b)))
    assert dsl.clauses(both) <= dsl.REQUEST_CLAUSES and asked[-1] == a
    assert both == dsl.MATCH_NONE  # the longer one matches no article here


def phrase_prefix(field: str, query: str) -> dsl.Query:
    return {"match_phrase_prefix": {field: {"query": query, "analyzer": "whitespace", "slop": 0,
                                            "max_expansions": dsl.MAX_EXPANSIONS}}}


def test_a_phrase_ending_in_a_prefix_is_its_words_then_a_term_that_starts_so() -> None:
    # ហ៊ុនសែន* in Khmer: ហ៊ុន then a term beginning with សែន, side by side (compile.py prefix_phrases)
    ph = p.Phrase("body", (p.Spellings("body", ("ហ៊ុន",)), p.Prefix("body", "សែន")))
    assert dsl.Translator(keys).match(ph) == phrase_prefix("body", "ហ៊ុន សែន")
    assert dsl.Matches(p.Prefix("body", "សែន")) in list(dsl.leaves(ph))
    # a number among the words: in each script's digits (២ នាក់ស្លាប់*), one phrase for each
    two = p.Spellings("title", ("២", "2", "๒"))
    q = dsl.Translator(keys).match(p.Phrase("title", (p.Spellings("title", ("ទី",)), two, p.Prefix("title", "នាក់"))))
    assert q == {"bool": {"should": [phrase_prefix("title", f"ទី {d} នាក់") for d in ("២", "2", "๒")],
                          "minimum_should_match": 1}}
    # a word the articles do not hold (phrase_articles narrows the words to those they hold): none
    assert dsl.Translator(keys).match(p.Phrase("body", (p.Spellings("body", ()), p.Prefix("body", "សែន")))) \
        == dsl.MATCH_NONE


def test_a_phrase_ending_in_a_prefix_of_more_than_1024_terms_is_one_clause_a_way_to_spell_its_words() -> None:
    """ការប្រ*: ការ then a word beginning with ប្រ, which begins 274 words of 1,000 km-news articles and more than
    1,024 at 100,000. It was a span_near ending in a span_multi prefix, which OpenSearch refuses beyond 1,024
    terms (its max_clause_count; a top_terms rewrite would drop articles): now the prefix is expanded by the
    cluster inside a match_phrase_prefix with no limit on its terms, one clause however many it has."""
    terms = [f"ប្រ{chr(0x1780 + i // 35)}{chr(0x1780 + i % 35)}" for i in range(1500)]  # 1,500 words of the index
    expanded: list[str] = []

    def exact_keys(prefix: str) -> list[str]:  # the client's only expansion (keyword fields): never needed here
        expanded.append(prefix)
        return [f"{t} {t}" for t in terms if t.startswith(prefix)]

    t = dsl.Translator(exact_keys, held=lambda field, ts: set(ts))
    ph = p.Phrase("body", (p.Spellings("body", ("ការ",)), p.Prefix("body", "ប្រ")))
    q = t.match(ph)
    assert q == phrase_prefix("body", "ការ ប្រ") and dsl.clauses(q) == 1
    assert dsl.MAX_EXPANSIONS == 2**31 - 1  # OpenSearch's largest: every term, never the first ones only
    assert "span_multi" not in repr(q) and not expanded
    # with the prefix alone (the filter's other part) and the phrase in every tier: still a few clauses
    both = t.fitted(p.And((p.Constant(p.Or((ph, p.Phrase("title", (p.Spellings("title", ("ការ",)),
                                                                     p.Prefix("title", "ប្រ"))))), 0.0),
                           p.Prefix("body", "ប្រ"))))
    assert dsl.clauses(both) == 4 and "span_multi" not in repr(both)
    # what the scorer reads: whether an article holds a word beginning so, and whether it has the phrase
    matches = [leaf.node for leaf in dsl.leaves(ph) if isinstance(leaf, dsl.Matches)]
    assert matches == [ph.words[-1], ph] and [dsl.clauses(t.match(n)) for n in matches] == [2, 1]


def test_a_phrase_ending_in_a_prefix_with_too_many_ways_to_spell_its_words_is_its_articles_or_refused() -> None:
    """Four numbers before the prefix, each in ten scripts' digits: 10,000 phrases, over the limit of clauses.
    They are the articles found by ``resolve`` (searcher.py: with the spellings those articles hold); without
    it, an error that says so (exit 2), never a query the cluster would refuse."""
    digits = tuple("0\u0660\u06f0\u0966\u0be6\u0e50\u0ed0\u1040\u17e0\uff10")
    words = (*(p.Spellings("body", digits) for _ in range(4)), p.Prefix("body", "ឆ្នាំ"))
    ph = p.Phrase("body", words)
    assert dsl.prefix_ways(ph) == 10_000
    with pytest.raises(QueryError, match="too long for OpenSearch") as e:
        dsl.Translator(keys).match(ph)
    assert e.value.hint is not None and "fewer words" in e.value.hint
    asked: list[p.Phrase] = []

    def resolve(translator: dsl.Translator, phrase: p.Phrase) -> list[str]:
        asked.append(phrase)
        narrowed = p.Phrase("body", (*(p.Spellings("body", ("0", "\u17e0")) for _ in range(4)), words[-1]))
        assert dsl.clauses(translator.phrase_query(narrowed)) == 16
        return ["km1"]

    t = dsl.Translator(keys, resolve=resolve)
    assert t.match(ph) == {"terms": {"id": ["km1"]}} and asked == [ph]
    assert t.fitted(p.And((ph, p.Prefix("body", "ឆ្នាំ")))) == {"bool": {"filter": [
        {"terms": {"id": ["km1"]}}, {"bool": {"should": [{"prefix": {"body": "ឆ្នាំ"}}, {"prefix": {"exact": "ឆ្នាំ"}}],
                                               "minimum_should_match": 1}}]}}


class _Values:
    """The little of a reader that filters by facet values read: the index's languages and each facet's values."""

    def __init__(self, values: dict[str, list[str]]) -> None:
        self.values = values

    def languages(self) -> list[str]:
        return ["vi"]

    def field_terms(self, name: str) -> list[str]:
        return self.values.get(name, [])

    def frequencies(self, name: str, terms: list[str]) -> dict[str, int]:  # every value listed is a live one
        return {t: int(t in self.values.get(name, [])) for t in terms}


@pytest.mark.parametrize(("query", "want"), [
    ('role:"prime minister"', {"term": {"role": "Prime Minister"}}),
    ('role:"PRIME MINISTER,nobody"', {"terms": {"role": ["Prime Minister", "nobody"]}}),
    ("country:kh", {"term": {"country": "KH"}}),
    ('source:"dân trí"', {"term": {"source": "Dân trí"}}),
    ("source:DANTRI.COM.VN", {"term": {"source": "dantri.com.vn"}}),
    ("source:nobody", {"term": {"source": "nobody"}}),  # stays as typed: it finds nothing, with a note
    # accents left out, as official: reads a name; accents typed must be the value's
    ('source:"dan tri"', {"term": {"source": "Dân trí"}}), ('source:"DAN TRI"', {"term": {"source": "Dân trí"}}),
    ('source:"dàn tri"', {"term": {"source": "dàn tri"}}),
    # vi-news credits "Tass" and "TASS": one facet row (facets.CASE_ROWS), which either finds whole
    ("source:Tass", {"terms": {"source": ["TASS", "Tass"]}}), ("source:tass", {"terms": {"source": ["TASS", "Tass"]}}),
])
def test_a_facet_value_in_any_case_asks_the_cluster_for_the_value_the_index_holds(query: str, want: dsl.Query) -> None:
    from search.query import syntax as ql
    from search.query.compile import compile_query

    reader = _Values({"role": ["Minister of Foreign Affairs", "Prime Minister"], "country": ["KH", "VN"],
                      "source": ["Dân trí", "TASS", "Tass", "dantri.com.vn"]})
    compiled = compile_query(ql.parse(query), reader, lambda name: None)  # type: ignore[arg-type]
    assert [dsl.Translator(keys).match(f) for f in compiled.filters] == [want]


def test_two_minus_signs_before_a_filter_exclude_it_as_one_does() -> None:
    from search.query import syntax as ql
    from search.query.compile import compile_query

    reader = _Values({"source": ["SCMP"]})

    def translated(query: str) -> list[dsl.Query]:
        compiled = compile_query(ql.parse(query), reader, lambda name: None)  # type: ignore[arg-type]
        return [dsl.Translator(keys).match(f) for f in compiled.filters]

    assert translated('--source:"scmp"') == translated('-source:"SCMP"') == [
        {"bool": {"filter": [{"match_all": {}}], "must_not": [{"term": {"source": "SCMP"}}]}}]


def test_a_word_typed_again_is_one_clause_of_the_request_for_most_of_the_words(corpus_index: Path) -> None:
    # The cluster asks for the articles with most of a question's words as "at least so many of these clauses",
    # one clause a compiled word (searcher.py, dsl.at_least over compiled.parts): a word typed again was a
    # clause more, which an article with that word filled twice (the audit's vi-news question "có cà giáp đưa
    # này luồng hầu có" listed news_education_111, with 2 of its 7 words, as having 3 "of the 8 words").
    from search import open_index
    from search.query import syntax as ql
    from search.query.compile import compile_query

    t = dsl.Translator(keys)
    with open_index(corpus_index) as ix:
        def clauses(query: str) -> list[dsl.Query]:
            c = compile_query(ql.parse(query), ix.reader, ix.official, ix.may_name, ix.name_keys, ix.hiding_keys,
                              ix.registry().name_words)
            return [t.match(part) for part in c.parts]

        once = clauses("Sơn La du lịch Bộ trưởng nghề truyền")
        assert len(once) == 8
        assert clauses("Sơn La du lịch Bộ trưởng nghề truyền La Sơn") == once
        # Typed again in lower case: one clause still, either plan (a capital is compared as a name)
        again = clauses("Sơn La du lịch Bộ trưởng nghề truyền sơn")
        lower = clauses("sơn La du lịch Bộ trưởng nghề truyền")[0]
        assert again == [{"bool": {"should": [once[0], lower], "minimum_should_match": 1}}, *once[1:]]


def test_a_phrase_with_a_gap_skips_the_position_the_articles_leave_for_punctuation() -> None:
    """plan.py Phrase.gaps (a Khmer passage quoted with its punctuation): GAP_TERM before the word, which the
    documents hold where punctuation left the position empty (documents.runs), as the local ``gap`` field; side
    by side the words never matched across the punctuation, and a span_gap (before) skipped any word there."""
    words = (p.Spellings("body", ("សុថា",)), p.Spellings("body", ("ឈ្មោះ",)), p.Spellings("body", ("រត្ន័",)))
    q = dsl.Translator(keys).match(p.Phrase("body", words, 1, (0, 1, 0)))
    assert q == {"match_phrase": {"body": {"query": f"សុថា {GAP_TERM} ឈ្មោះ រត្ន័", "analyzer": "whitespace", "slop": 0}}}
    spelled = (words[0], p.Spellings("body", ("ឈ្មោះ", "ឈ្មោ")), words[2])
    q = dsl.Translator(keys).match(p.Phrase("body", spelled, 1, (0, 1, 0)))
    assert q == {"span_near": {"clauses": [{"span_term": {"body": "សុថា"}}, {"span_term": {"body": GAP_TERM}},
                                           {"span_or": {"clauses": [{"span_term": {"body": "ឈ្មោះ"}},
                                                                    {"span_term": {"body": "ឈ្មោ"}}]}},
                                           {"span_term": {"body": "រត្ន័"}}],
                               "slop": 0, "in_order": True}}
    assert dsl.Translator(keys).match(p.Phrase("body", words))["match_phrase"]["body"]["query"] == "សុថា ឈ្មោះ រត្ន័"
