"""What OpenSearch receives for an article: our terms, positions as runs, frequencies as bit tokens."""

from __future__ import annotations

from pathlib import Path

from search.analysis import index_terms
from search.cluster.documents import FILLER, documents_of, runs, tf_token, tf_tokens, wire
from search.index.docarrays import stored_length
from search.ingest import enrich, parse_file
from search.lang.fold import fold
from search.records import Article

from ..conftest import ARTICLES, write_articles


def test_consecutive_positions_are_one_run_and_each_gap_of_one_is_a_break() -> None:
    assert runs({"hun": [0], "manet": [1], "sen": [3], "la": [4]}) == ["hun manet", "sen la"]


def test_longer_gaps_and_a_late_first_position_are_filled_with_a_token_no_query_can_be() -> None:
    assert runs({"a": [2], "b": [5]}) == [f"{FILLER} {FILLER} a", f"{FILLER} b"]
    assert FILLER != fold(FILLER) or not FILLER.isalnum()


def test_a_repeated_term_keeps_every_position() -> None:
    assert runs({"la": [0, 1, 3]}) == ["la la", "la"]


def test_a_term_too_long_for_one_whitespace_token_is_sent_as_a_stable_stand_in() -> None:
    long = "a" * 300
    assert wire("short") == "short"
    assert wire(long) == wire(long) and wire(long).startswith("~") and len(wire(long)) < 60
    assert wire(long) != wire(long + "b")


def test_frequencies_less_one_are_sent_as_their_set_bits() -> None:
    assert sorted(tf_tokens("body", {"son": 5, "la": 1, "tu": 2})) == ["b|son|2", "b|tu|0"]
    assert tf_token("exact", "son sơn", 3) == "e|son|sơn|3"  # no space: one whitespace token


def _article(tmp_path: Path, name: str) -> Article:
    folder = write_articles(tmp_path, {name: ARTICLES[name]})
    (doc,) = parse_file(folder / name)
    assert not isinstance(doc, Exception)
    return enrich(doc.with_(path=str(folder / name)))


def test_a_document_holds_the_local_index_terms_lengths_and_facets(tmp_path: Path) -> None:
    article = _article(tmp_path, "vi1.txt")
    (doc,) = documents_of([article], b"|key")
    terms = index_terms(article.doc.title, article.doc.body, "vi", exact_words=True)
    sent = " ".join(doc["body"]).split()
    assert sorted(t for t in sent if t != FILLER) == sorted(t for t, ps in terms.body.items() for _ in ps)
    assert doc["length"]["body"] == stored_length(sum(len(p) for p in terms.body.values()))
    assert doc["spelled"] == "exact" and doc["lang"] == "vi"
    assert doc["official"] == ["bui-thanh-son"] and doc["country"] == ["VN"]
    assert doc["date"] == "2024-09-15" and doc["month"] == "2024-09"
    # Frequencies decoded from the bit tokens (plus one for the term's presence) are the positions' counts.
    decoded: dict[str, int] = {t: 1 for t in terms.body}
    for token in doc["tf"].split():
        field, _, rest = token.partition("|")
        term, _, bit = rest.rpartition("|")
        if field == "b":
            decoded[term] = decoded.get(term, 0) + (1 << int(bit))
    assert decoded == {t: len(p) for t, p in terms.body.items()}


def test_an_undated_article_has_no_date_year_or_month(tmp_path: Path) -> None:
    folder = write_articles(tmp_path, {"x.txt": "Un article sans date. Le ministre parle."})
    (doc,) = parse_file(folder / "x.txt")
    assert not isinstance(doc, Exception)
    (sent,) = documents_of([enrich(doc.with_(path=str(folder / "x.txt")))])
    assert not {"date", "year", "month"} & set(sent)


def test_folding_is_idempotent_on_every_indexed_word(tmp_path: Path) -> None:
    """The phrase translation relies on it: an article indexed folded holds only terms t with fold(t) == t."""
    for name in ARTICLES:
        article = _article(tmp_path / name, name)
        terms = index_terms(article.doc.title, article.doc.body, article.doc.lang, exact_words=False)
        assert all(fold(t) == t for t in terms.body)
