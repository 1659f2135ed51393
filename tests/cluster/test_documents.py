"""What OpenSearch receives for an article: our terms, positions as runs, frequencies as bit tokens."""

from __future__ import annotations

from pathlib import Path

from search.analysis import index_terms
from search.analysis.tokenize import GAP_TERM
from search.cluster.documents import FILLER, documents_of, runs, tf_token, tf_tokens, wire
from search.index.docarrays import stored_length
from search.ingest import enrich, parse_file
from search.lang.fold import fold
from search.records import Article

from ..conftest import ARTICLES, write_articles


def test_consecutive_positions_are_one_run_and_each_gap_of_one_is_a_break() -> None:
    assert runs({"hun": [0], "manet": [1], "sen": [3], "la": [4]}) == ["hun manet", "sen la"]


def test_a_position_punctuation_left_empty_holds_the_gap_term_within_the_field() -> None:
    """What a quoted passage's punctuation matches (dsl.py near); the body's gaps past a title's last word are
    not the title's, and the title -> body break stays a break (no gap term: no passage runs across it)."""
    assert runs({"hun": [0], "manet": [1], "sen": [3], "la": [4]}, [2]) == [f"hun manet {GAP_TERM} sen la"]
    assert runs({"hun": [0], "manet": [1]}, [5]) == ["hun manet"]
    article = index_terms("ក ។ ខ", "គ ។ ឃ", "km")
    assert article.gap == {GAP_TERM: [1, 5]}  # the title's gap, then the body's (after the title and a break)
    assert runs(article.title, article.gap[GAP_TERM]) == [f"ក {GAP_TERM} ខ"]
    assert runs(article.body, article.gap[GAP_TERM]) == [f"ក {GAP_TERM} ខ", f"គ {GAP_TERM} ឃ"]
    assert not GAP_TERM.isalnum() and GAP_TERM != FILLER


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


class _Held:
    """A cluster holding documents by _id: _bulk (refusing an _id over 512 bytes as OpenSearch does), get and
    mget (no server)."""

    def __init__(self) -> None:
        self.docs: dict[str, dict[str, object]] = {}
        self.asked: list[str] = []

    def call(self, what: str, method: str, **kwargs: object) -> object:
        import json

        if method == "bulk":
            lines = str(kwargs["body"]).splitlines()
            from .test_writer import refuse_long_ids

            refuse_long_ids([next(iter(json.loads(line).values()))["_id"] for line in lines if '"_id"' in line])
            items = []
            while lines:
                (op, head), = json.loads(lines.pop(0)).items()
                if op == "delete":
                    self.docs.pop(head["_id"], None)
                else:
                    self.docs[head["_id"]] = json.loads(lines.pop(0))
                items.append({op: {"_id": head["_id"], "status": 200}})
            return {"errors": False, "items": items}
        if method == "get":
            _id = str(kwargs["id"])
            self.asked.append(_id)
            if _id not in self.docs:
                from opensearchpy.exceptions import NotFoundError

                raise NotFoundError(404, "not_found", {"_id": _id, "found": False})
            return {"_id": _id, "found": True, "_source": self.docs[_id]}
        assert method == "mget"
        ids = list(kwargs["body"]["ids"])  # type: ignore[index]
        self.asked += ids
        return {"docs": [{"_id": i, "found": True, "_source": self.docs[i]} if i in self.docs
                         else {"_id": i, "found": False} for i in ids]}


def test_an_id_over_opensearchs_512_bytes_is_written_read_and_deleted_by_the_id_the_local_engine_gives(
        tmp_path: Path) -> None:
    """Found by review: ids made from paths of several folders with Vietnamese names pass OpenSearch's limit of
    512 bytes for an _id, and the _bulk request holding one was refused whole. Such an article is kept under a
    fixed-length digest (``key``), its id in ``id`` and ``stored``: ``show ID``, ``similar ID``, the hits'
    sources, an incremental run's deletion and its reading of a moved record find it by the id the user sees."""
    from types import SimpleNamespace

    import pytest

    from search.cluster.searcher import ClusterIndex
    from search.cluster.writer import ClusterWriter
    from search.errors import NotFoundError
    from search.index.prepare import Options, prepare

    from .test_writer import LONG, long_article

    article = long_article(tmp_path)
    other = _article(tmp_path / "other", "fr1.txt")
    held = _Held()
    target = SimpleNamespace(cluster=held, name="news", where="http://stand-in:9200/news", refresh=lambda: None)
    writer = ClusterWriter(target)  # type: ignore[arg-type]
    writer.add_prepared(prepare([article, other], Options(None, None)), [0, 1], [b"|a", b"|b"], [False, False])
    writer.commit()
    assert writer.refused == {} and len(held.docs) == 2
    (doc,) = documents_of([article], b"|a")
    ix = ClusterIndex.__new__(ClusterIndex)
    ix.target = target  # type: ignore[assignment]
    ix.index_dir = target.where
    shown = ix.show(LONG)
    assert shown.id == LONG and shown.title == article.doc.title
    assert ix.sources([LONG, "fr1"]) == {LONG: doc["stored"], "fr1": held.docs["fr1"]["stored"]}
    stored = writer.stored_article(LONG, "/moved/vi1.txt")
    assert stored is not None and stored.doc.id == LONG
    # An official's articles (profiles, pairs) are read one by one from the ids the cluster lists.
    from search.cluster.reader import ClusterReader, _Mentions

    reader = ClusterReader(target)  # type: ignore[arg-type]
    reader._mentions = _Mentions([LONG], None, {})  # type: ignore[arg-type]
    assert reader.stored(0) == doc["stored"]
    writer.delete(LONG)
    writer.commit()
    with pytest.raises(NotFoundError):
        ix.show(LONG)
    assert list(held.docs) == ["fr1"]

    from search.cluster.documents import ID_BYTES, LONG_ID, key

    assert all(len(i.encode("utf-8")) <= ID_BYTES for i in held.asked)
    # Short ids keep their _id (indexes written before stay readable); a digest is of fixed length, and an id
    # that looks like one gets its own, so no two ids share an _id.
    assert key("vi1") == "vi1" and key("x" * 512) == "x" * 512
    assert len(key("x" * 513)) == len(key(LONG)) == len(LONG_ID) + 64 and key("x" * 513) != key(LONG)
    assert key(key(LONG)) != key(LONG)


def test_queries_by_id_ask_for_the_id_field_that_holds_the_long_id_itself() -> None:
    from search.cluster import dsl
    from search.query import plan as p

    from .test_writer import LONG

    t = dsl.Translator(lambda prefix: [])
    assert t.match(p.Term("id", LONG)) == {"term": {"id": LONG}}  # `similar` leaves out the article itself
    assert dsl.ids_query([LONG, "vi1"]) == {"terms": {"id": [LONG, "vi1"]}}
