"""The same answers from a real single-node OpenSearch as from the local index, for the tests' articles in nine
languages and the seeds: totals, hits in order with their scores and snippets, facets, notes; related
articles, one article, the whole collection, officials. And what indexing into a cluster must do."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from search import build_index, open_index
from search.analysis import index_terms
from search.cli import cli
from search.cluster import build_cluster_index, dsl, open_cluster_index
from search.cluster import client as client_module
from search.cluster import writer as writer_module
from search.cluster.build import connect
from search.cluster.devnode import DevCluster
from search.cluster.documents import FILLER, runs
from search.cluster.errors import ClusterBulkError, ClusterMappingError, ClusterUnavailableError
from search.cluster.mapping import index_body, stamp
from search.cluster.searcher import ClusterIndex
from search.errors import IndexNotFoundError, NotFoundError, QueryError
from search.ingest.fields import FieldMap
from search.officials import stats
from search.site.files import MANIFEST

from ..conftest import ARTICLES, hit_ids, write_articles
from .conftest import answer, corpus_size

QUERIES = [
    "Hun Manet", "Bùi Thanh Sơn", "Bui Thanh Son", "bùi thanh sơn", "coopération", "coopérer", "Sơn La", "son la",
    "sơn", "ហ៊ុនម៉ាណែត", "ម៉ាណែត", '"ហ៊ុន ម៉ាណែត"', "洪玛奈", "越南", "kerja sama", "Lào", "lao", "-Laos Cambodge",
    "Cambodge -Laos", "Hun OR Sen", '"Premier ministre"', "coop*", "thu*", "Sokhon~", "lang:fr", "lang:fr,id",
    "date:2024-11", "date:2024-09..2024-11", "official:hun-manet", 'official:"Hun Manet"', "country:KH",
    'role:"Prime Minister"', "title:Cambodge", "ministre des affaires étrangères du Vietnam et du Cambodge",
    "the ministers discussed cooperation and trade with Laos in Vientiane", "thể", "the ministers", "Việt Nam",
    "Vietnam", "nghề truyền thống sơn mài", "year:2024 coopération", "Phạm Minh Chính", "Pham Minh Chinh",
    "sosial-ekonomi", "nghề", "la", "xyzzy", "Hun Maneet", "NOT Laos", "(Laos OR Cambodge) visite", "month:2024-08",
    # Issue 13: outlets (a facet and a filter), url: prefixes and typed web addresses, years alone, future dates.
    'source:"Dân trí"', "source:VnExpress", "source:RFI Hun Manet", "source:apnews.com", "source:RFI,VnExpress",
    "source:Nobody", "source:rfi", 'Campuchia source:"Dân trí"', "Hun Manet -source:RFI", "Hun Manet NOT source:RFI",
    "Lào OR source:RFI", "https://dantri.com.vn", "https://dantri.com.vn/the-gioi", "url:dantri.com.vn",
    "url:https://www.dantri.com.vn/", "url:www.rfi.fr/fr", "http://vnexpress.net/the-gioi Lào",
    "url:https://DANTRI.com.vn/the-gioi", "https://nowhere.example", "url:https://", "url:www.",
    "-https://dantri.com.vn Hun Manet", "(https://www.rfi.fr OR source:VnExpress) Việt Nam",
    "Hun Manet https://apnews.com", "url:apnews.com/article/cambodia lang:en", 'url:"https://dantri.com.vn/kinh-doanh"',
    "year:2023", "year:2031", "date:2031", "date:2023..2024-01", "lang:en", "Hun Manet lang:en", "trade",
    # 12-03: exclusions of phrases, groups and filters; names inside groups; Khmer typed with spaces; fuzzy ~3
    'Vietnam -"Hun Manet"', "Vietnam -(Laos OR Cambodge)", "Hun Manet -lang:fr", "Hun Manet OR xyzzy",
    "(Hun Manet) lang:km", "Vietnam -(Hun Manet)", "ហ៊ុន ម៉ាណែត", "នាយក រដ្ឋមន្ត្រី", "Sokhon~3", "Sokhon~0",
    "Lào*", "sơn*", "Bùi*", "lao*", "title:Lào*", "kerja-sa*", "kerja-s*",
    # did you mean: the spelling typed (Sơn La), not the folded word (Son La)
    "Sơnn La", "sơnn",
    # passages quoted across a sentence's end: one fragment, marked
    '"ជា\u200bនាមត្រកូល ។ រដ្ឋមន្ត្រី"', '"Laos. The ministers"', '"du lịch. Bộ trưởng"',
    # a fuzzy word read twice (its spellings are looked up once per query)
    "Sokhon~ -Sokhon~", "Sokhon~ Sokhon~", "Sokhon~ OR Manet~ OR Sokhon~",
    # Lucene's syntax: proximity refused (the same error), boosts ignored with a note, + required, 「」 quotes; a
    # swap of two letters one edit (the suggester's candidates were cut to the local index's plain Levenshtein)
    '"Hun Manet"~2', "Laos^2", "+lang:km", "\u300cSơn La\u300d", "Laos OR Bùi Thanh lang:fr", "Cmabodge",
    "Cmabodge~", "Snơ La", "Vitenam~",
]
FILTERED = [
    ("coopération", {"filters": {"lang": ["fr"], "from": "2024-11"}}),
    ("Sơn", {"filters": {"official": ["Bùi Thanh Sơn"]}, "facets": ["lang", "official"]}),
    ("", {"filters": {"country": ["KH"]}}),
    ("", {"filters": {"year": ["2024"]}, "limit": 3, "offset": 2}),
    ("Hun Manet", {"limit": 2, "offset": 1}),
    ("la", {"limit": 0}),
    ("Bùi Thanh Sơn", {"snippets": False, "facets": []}),
    # A page that the first tiers fill: only they are fetched and ranked.
    ("Sơn La", {"limit": 1}),
    ("Bui Thanh Son", {"limit": 2, "offset": 1}),
    ("Thanh Sơn", {"limit": 1}),
    ("", {"filters": {"source": ["RFI", "Dân trí"]}, "facets": ["source", "lang"]}),
    ("Hun Manet", {"filters": {"source": ["RFI"]}, "limit": 1}),
    ("", {"filters": {"lang": ["en"]}}),  # filters only: ranked by the cluster, the future date last
]


@pytest.fixture(scope="module")
def both(corpus: Path, node: DevCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    local = tmp_path_factory.mktemp("parity-local")
    build_index([corpus], local, procs=1)
    report = build_cluster_index([corpus], node.url, "parity", replicas=0)
    assert report.added == corpus_size(corpus), report.skipped
    with open_index(local) as lx, open_cluster_index(node.url, "parity") as cx:
        yield lx, cx


@pytest.mark.parametrize("query", QUERIES)
def test_a_query_answers_the_same_on_both_backends(both: tuple[Any, Any], query: str) -> None:
    lx, cx = both
    assert _answer_or_error(cx, query) == _answer_or_error(lx, query)
    assert cx.inconsistent == 0  # the cluster's own counts agreed with ours


def _answer_or_error(ix: Any, query: str) -> Any:
    """The answer, or the error a query that cannot run gives (url:www. is one): the same on both."""
    try:
        return answer(ix.search(query))
    except QueryError as e:
        return ("error", e.message, e.hint)


@pytest.mark.parametrize(("query", "kwargs"), FILTERED)
def test_filters_paging_and_facet_choices_answer_the_same(both: tuple[Any, Any], query: str,
                                                          kwargs: dict[str, Any]) -> None:
    lx, cx = both
    assert answer(cx.search(query, **kwargs)) == answer(lx.search(query, **kwargs))


def test_the_queries_find_something(both: tuple[Any, Any]) -> None:
    """The parity above is not the parity of empty answers, and pages were ranked from their first tiers."""
    lx, cx = both
    found = [_answer_or_error(lx, q) for q in QUERIES]
    assert sum(1 for a in found if isinstance(a, dict) and a["total"]) >= 70
    assert sum(1 for a in found if isinstance(a, tuple)) == 3  # url:https://, url:www. and "a b"~2 (the same errors)
    hits = {h.id: h for q in ("source:RFI", "url:dantri.com.vn", "year:2023") for h in cx.search(q).hits}
    assert (hits["rfi-1"].source, hits["rfi-1"].author, hits["dt-1"].section, hits["ap-1"].url) == (
        "RFI", "Jean Dupont", "Thế giới", "https://apnews.com/article/cambodia-vietnam-trade")
    before = cx.tiered
    cx.search("Sơn La", limit=1)
    assert cx.tiered == before + 1


@pytest.mark.parametrize("doc_id", ["fr1", "vi1", "km1", "zh1", "000_64ee10f01e38a171", "dt-1", "rfi-1", "ap-1"])
def test_related_articles_and_one_article_are_the_same(both: tuple[Any, Any], doc_id: str) -> None:
    lx, cx = both
    assert answer(cx.similar(doc_id)) == answer(lx.similar(doc_id))
    assert cx.show(doc_id) == lx.show(doc_id)


def test_the_collection_and_its_officials_are_the_same(both: tuple[Any, Any]) -> None:
    lx, cx = both
    assert answer(cx.overview()) == answer(lx.overview())
    assert [a.as_dict() for a in cx.articles()] == [a.as_dict() for a in lx.articles()]
    assert stats.summaries(cx) == stats.summaries(lx)
    assert stats.pairs(cx) == stats.pairs(lx)
    for official in ("hun-manet", "Bùi Thanh Sơn", "洪玛奈"):
        assert stats.profile(cx, official) == stats.profile(lx, official)
    with pytest.raises(NotFoundError):
        cx.show("nope")


def test_positions_in_the_cluster_are_our_positions(both: tuple[Any, Any], node: DevCluster) -> None:
    """Khmer punctuation and the title -> body break leave the gaps they leave locally."""
    _, cx = both
    for doc_id in ("km1", "km2", "vi1"):
        stored = cx.show(doc_id)
        ours = index_terms(stored.title, stored.body, stored.lang, cx.stored(doc_id)[1]["spelled"] == "exact").body
        places = sorted(p for ps in ours.values() for p in ps)
        assert any(b - a > 1 for a, b in zip(places, places[1:], strict=False))  # there are gaps to reproduce
        # What the document sent holds (the token fields are not kept in _source): positioned by the index.
        vectors = cx.target.cluster.client.termvectors(index="parity", body={
            "doc": {"body": runs(ours)}, "fields": ["body"], "positions": True, "offsets": False,
            "term_statistics": False, "field_statistics": False})
        theirs = {t: [x["position"] for x in v["tokens"]]
                  for t, v in vectors["term_vectors"]["body"]["terms"].items() if t != FILLER}
        assert theirs == ours


@pytest.mark.parametrize(("query", "found"), [('"នាមត្រកូល ។ រដ្ឋមន្ត្រី"', {"km2"}), ('"ហ៊ុន។ នាមត្រកូល"', set()),
                                              ('"ជា។ ហ៊ុន"', set())])
def test_a_quoted_passages_punctuation_matches_punctuation_only(both: tuple[Any, Any], query: str,
                                                                found: set[str]) -> None:
    """km2 writes ជា​ឈ្មោះ ហ៊ុន ជា​នាមត្រកូល ។ រដ្ឋមន្ត្រី: the gap of a passage's punctuation is the position its
    punctuation left empty (documents.runs sends GAP_TERM there), not a word (ជា, ឈ្មោះ): the span_gap, which
    skips any position, found km2 for the last two."""
    lx, cx = both
    assert hit_ids(cx, query) == hit_ids(lx, query) == found


def test_the_command_line_gives_the_same_json_and_the_same_site(both: tuple[Any, Any], node: DevCluster,
                                                                   tmp_path: Path) -> None:
    lx, _ = both
    runner = CliRunner()
    remote = ["--opensearch", node.url, "--index", "parity"]
    local = ["--index", str(lx.index_dir)]
    for args in (["query", "Bùi Thanh Sơn", "--json"], ["query", "-Laos Cambodge", "--lang", "fr", "--json"],
                 ["officials", "--json"], ["officials", "--pairs", "--csv"], ["official", "hun-manet", "--json"],
                 ["show", "vi1", "--json"], ["similar", "fr1", "--json"]):
        a, b = runner.invoke(cli, [*args, *local]), runner.invoke(cli, [*args, *remote])
        assert (a.exit_code, b.exit_code) == (0, 0), b.output
        if "--json" in args and args[0] in ("query", "similar"):
            ja, jb = json.loads(a.stdout), json.loads(b.stdout)
            ja.pop("took_ms"), jb.pop("took_ms")
            assert ja == jb
        else:
            assert a.stdout == b.stdout



def test_a_site_exported_from_the_cluster_has_every_page_and_no_search_page(
        both: tuple[Any, Any], node: DevCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search page's data is the index's own postings (bundle.py), which the cluster cannot give: the
    export from OpenSearch writes every browsable page, the same bytes as a local export without the search
    page, says so, and is never taken for up to date (a cluster has no generation to stamp)."""
    from search.site import export

    lx, _ = both
    runner = CliRunner()
    remote = ["export", str(tmp_path / "b"), "--opensearch", node.url, "--index", "parity", "--query", "Hun Manet"]
    b = runner.invoke(cli, remote)
    assert b.exit_code == 0, b.output
    assert "No search page" in b.stdout and "Export from a local index" in b.stdout
    site = tmp_path / "b"
    assert not (site / "search.html").exists() and not (site / "search").exists()
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20 and not any("search.html" in p.read_text(encoding="utf-8") for p in pages)
    again = runner.invoke(cli, [*remote, "--json"])
    assert again.exit_code == 0 and json.loads(again.stdout)["up_to_date"] is False
    assert json.loads(again.stdout)["search"] == {"files": 0, "bytes": 0, "page": False}
    # The same pages, byte for byte, as a local export told it has no postings to ship.
    with monkeypatch.context() as m:
        m.setattr(export, "has_postings", lambda ix: False)
        a = runner.invoke(cli, ["export", str(tmp_path / "a"), "--index", str(lx.index_dir), "--query", "Hun Manet"])
    assert a.exit_code == 0, a.output
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    differ = [f for f in files if (tmp_path / "a" / f).read_bytes() != (site / f).read_bytes()]
    assert differ in ([], [Path(MANIFEST)]), differ  # the manifest: the local export's stamp, and times
    # A local export still has its search page.
    c = runner.invoke(cli, ["export", str(tmp_path / "c"), "--index", str(lx.index_dir)])
    assert c.exit_code == 0 and (tmp_path / "c" / "search.html").is_file() and "No search page" not in c.stdout


# --- indexing into a cluster -----------------------------------------------------------------------------

def _ids(node: DevCluster, index: str) -> list[str]:
    client = connect(node.url).client
    client.indices.refresh(index=index)
    found = client.search(index=index, body={"size": 1000, "_source": False, "sort": [{"id": "asc"}]})
    return [h["_id"] for h in found["hits"]["hits"]]


def test_indexing_is_incremental_removes_what_is_gone_and_writes_each_article_once(
        node: DevCluster, index_name: str, tmp_path: Path) -> None:
    folder = write_articles(tmp_path / "c", {k: ARTICLES[k] for k in ("fr1.txt", "fr2.txt", "vi1.txt")})
    assert build_cluster_index([folder], node.url, index_name, replicas=0).added == 3
    again = build_cluster_index([folder], node.url, index_name)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 3)
    (folder / "fr2.txt").write_text(ARTICLES["fr2.txt"] + " Un mot nouveau: zanzibar.", encoding="utf-8")
    (folder / "vi1.txt").unlink()
    changed = build_cluster_index([folder], node.url, index_name)
    assert (changed.added, changed.updated, changed.removed, changed.unchanged) == (0, 1, 1, 1)
    assert changed.total == 2 and _ids(node, index_name) == ["fr1", "fr2"]
    with open_cluster_index(node.url, index_name) as cx:
        assert [h.id for h in cx.search("zanzibar").hits] == ["fr2"]
        with pytest.raises(NotFoundError):
            cx.show("vi1")
    rebuilt = build_cluster_index([folder], node.url, index_name, rebuild=True)
    assert (rebuilt.added, rebuilt.rebuilt, _ids(node, index_name)) == (2, True, ["fr1", "fr2"])
    # Issue 13: record by record in a JSONL file, whatever else the file holds; a --field mapping.
    records = [{"id": f"j{i}", "title": f"Titre {i}", "story": f"Le texte numéro {i} parle de Vientiane.",
                "date": "2024-05-0" + str(i + 1), "outlet": "RFI"} for i in range(3)]
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    fields = FieldMap.parse(["body=story", "source=outlet"])
    assert build_cluster_index([folder], node.url, index_name, fields=fields).added == 3
    records[1]["story"] += " Un ajout: zanzibar."
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    edited = build_cluster_index([folder], node.url, index_name, fields=fields)
    assert (edited.added, edited.updated, edited.unchanged) == (0, 1, 4)
    with open_cluster_index(node.url, index_name) as cx:
        assert [(h.id, h.source) for h in cx.search("zanzibar").hits] == [("j1", "RFI"), ("fr2", None)]


def test_the_index_keeps_your_registry_for_later_runs_and_queries(node: DevCluster, index_name: str,
                                                                  tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('[[official]]\nid = "sokha-test"\ncountry = "KH"\nname = "Kem Sokha Test"\n'
                    'aliases = ["Zanzibarovitch"]\nroles = []\n', encoding="utf-8")
    folder = write_articles(tmp_path / "c", {"a.txt": " date 2024-01-02 Visite\n\nZanzibarovitch est venu."})
    build_cluster_index([folder], node.url, index_name, registry=mine, replicas=0)
    assert build_cluster_index([folder], node.url, index_name).unchanged == 1  # the same registry, kept
    with open_cluster_index(node.url, index_name) as cx:
        assert cx.search("official:sokha-test").total == 1
        assert [s.id for s in stats.summaries(cx)] == ["sokha-test"]


def test_a_missing_index_is_exit_code_1_with_how_to_create_it(node: DevCluster) -> None:
    with pytest.raises(IndexNotFoundError, match="No index nothere"):
        open_cluster_index(node.url, "nothere")
    result = CliRunner().invoke(cli, ["query", "x", "--opensearch", node.url, "--index", "nothere"])
    assert result.exit_code == 1 and "search index PATH... --backend opensearch --index nothere" in result.stderr


def test_an_index_this_program_did_not_write_is_a_mapping_conflict(node: DevCluster, index_name: str) -> None:
    connect(node.url).client.indices.create(index=index_name, body={"mappings": {"properties": {
        "title": {"type": "keyword"}}}})
    with pytest.raises(ClusterMappingError, match="was not created by this program") as e:
        open_cluster_index(node.url, index_name)
    assert e.value.exit_code == 7
    result = CliRunner().invoke(cli, ["index", "seeds", "--opensearch", node.url, "--index", index_name])
    assert result.exit_code == 7 and "--rebuild" in result.stderr


def test_a_mapping_that_refuses_our_fields_stops_indexing_with_exit_code_7(node: DevCluster, index_name: str,
                                                                           corpus: Path) -> None:
    body = index_body(1, 0)
    body["mappings"]["properties"]["length"]["properties"]["body"] = {"type": "boolean"}  # someone changed it
    body["mappings"]["_meta"] = {"search": stamp()}
    connect(node.url).client.indices.create(index=index_name, body=body)
    with pytest.raises(ClusterMappingError, match="refuses article") as e:
        build_cluster_index([corpus], node.url, index_name)
    assert e.value.exit_code == 7


def test_a_red_index_is_exit_code_5(node: DevCluster, index_name: str, corpus: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    body = index_body(1, 0)
    body["settings"]["index.routing.allocation.require._name"] = "no-such-node"  # its primary cannot be placed
    connect(node.url).client.indices.create(index=index_name, body=body, params={"wait_for_active_shards": "0"})
    monkeypatch.setattr(client_module, "HEALTH_WAIT", 1.0)
    try:
        with pytest.raises(ClusterUnavailableError, match=f"is red for index {index_name}") as e:
            build_cluster_index([corpus], node.url, index_name)
        assert e.value.exit_code == 5
    finally:
        connect(node.url).client.indices.delete(index=index_name)  # the node is shared: leave it green


def test_articles_the_cluster_will_not_take_are_listed_and_a_later_run_writes_them(
        node: DevCluster, index_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_articles(tmp_path / "c", {k: ARTICLES[k] for k in ("fr1.txt", "id1.txt")})
    build_cluster_index([folder], node.url, index_name, replicas=0)
    client = connect(node.url).client
    client.indices.put_settings(index=index_name, body={"index.blocks.write": True})
    shutil.copy(folder / "fr1.txt", folder / "fr3.txt")
    monkeypatch.setattr(writer_module, "RETRY_SECONDS", 1.0)
    with pytest.raises(ClusterBulkError, match=r"fr3 \(") as e:
        build_cluster_index([folder], node.url, index_name)
    assert e.value.exit_code == 6 and list(e.value.failed) == ["fr3"]
    client.indices.put_settings(index=index_name, body={"index.blocks.write": False})
    done = build_cluster_index([folder], node.url, index_name)
    assert (done.added, done.unchanged, _ids(node, index_name)) == (1, 2, ["fr1", "fr3", "id1"])


def test_an_empty_index_answers_nothing_without_an_error(node: DevCluster, index_name: str, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert build_cluster_index([tmp_path / "empty"], node.url, index_name, replicas=0).total == 0
    with open_cluster_index(node.url, index_name) as cx:
        assert (cx.search("Hun Manet").total, cx.search("lang:fr").total, cx.overview().total) == (0, 0, 0)
        assert list(cx.articles()) == [] and stats.summaries(cx) == []


def test_when_the_cluster_counts_otherwise_the_answer_is_still_ours(both: tuple[Any, Any],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The index changing between the statistics and the candidates: counts and facets come from the articles
    fetched (with their facet values), not from the stale aggregations."""
    from search.cluster import searcher

    lx, cx = both
    real = searcher.statistics

    def stale(*args: Any, **kwargs: Any) -> Any:
        stats, found = real(*args, **kwargs)
        found["aggregations"]["checks"]["buckets"]["total"]["doc_count"] += 1
        if "listed" in found["aggregations"]:
            found["aggregations"]["listed"]["lang"]["buckets"][0]["doc_count"] += 5
        return stats, found

    monkeypatch.setattr(searcher, "statistics", stale)
    before = cx.inconsistent
    for query in ("Bùi Thanh Sơn", "Sơn La", "coopération"):
        assert answer(cx.search(query)) == answer(lx.search(query))
    assert cx.inconsistent > before


def test_a_query_over_the_clause_limit_of_the_cluster_is_an_error_that_says_so(both: tuple[Any, Any]) -> None:
    """OpenSearch refuses a query of more than 1,024 clauses (a setting of each node): a pasted page of text
    can still need more, after the translation's economies (dsl.py). It said a TransportError 500, traceback
    and all; now an error that names the limit and the ways out."""
    _, cx = both
    body = {"size": 0, "query": {"bool": {"should": [{"term": {"body": f"w{i}"}} for i in range(1100)]}}}
    with pytest.raises(QueryError, match="too long for OpenSearch") as e:
        cx.target.search("search", body)
    assert e.value.hint is not None and "fewer words" in e.value.hint


def test_a_prefix_with_hundreds_of_spellings_answers_as_the_local_index(node: DevCluster, index_name: str,
                                                                         tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """"dé*" in French news has hundreds of spellings (674 words of Snowball's French vocabulary): one
    condition each was over OpenSearch's limit of 1,024 clauses a query, an error (exit 2) where the local
    index answers. Some titles are typed without accents ("depute"): a title prefix must not match them
    through the body's spellings."""
    syllables = ["ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "pa", "ro",
                 "lu", "ma", "ne", "so"]
    words = [f"dé{a}{b}" for a in syllables for b in syllables]  # 400 spellings
    articles = {}
    for i in range(40):
        chosen = words[i * 10:i * 10 + 30] if i < 38 else ["devoir", "demande"]
        title = f"Le député {chosen[0]} et la réforme" if i % 3 else f"Le depute de la reforme {chosen[1][2:]}"
        articles[f"fr{i:02}.txt"] = (f" date 2024-{1 + i % 12:02}-{1 + i % 28:02} {title}\n\n"
                                     f"Le gouvernement a présenté {' et '.join(chosen)}. Il est de Paris.\n")
    folder = write_articles(tmp_path / "fr", articles)
    local = tmp_path / "local"
    build_index([folder], local, procs=1)
    build_cluster_index([folder], node.url, index_name, replicas=0)
    with open_index(local) as lx, open_cluster_index(node.url, index_name) as cx:
        for query in ("dé*", "title:dé*", "dép*", "dé* -débaba", "dé* OR ré*", "title:dé* Paris", "dé*~"):
            expected = answer(lx.search(query))
            assert answer(cx.search(query)) == expected, query
        assert (lx.search("dé*").total, lx.search("title:dé*").total) == (39, 26)  # not the 13 "depute" titles
        # A title prefix whose folded terms are over the limit of clauses (more than 500 in a large French
        # corpus: refused, exit 2) is the articles it matches, asked in parts: here with limits of a few clauses
        asked: list[dsl.Query] = []
        ask = ClusterIndex.query_articles
        with monkeypatch.context() as m:
            m.setattr(dsl, "REQUEST_CLAUSES", 12)
            m.setattr(dsl, "GROUP_CLAUSES", 7)
            m.setattr(ClusterIndex, "query_articles", lambda self, q: asked.append(q) or ask(self, q))
            for query in ("title:dé*", "title:dé* Paris", "title:dé* OR title:réforme", "title:dép*"):
                expected = answer(lx.search(query))
                assert answer(cx.search(query)) == expected, query
        assert len(asked) > 4 and all(dsl.clauses(q) <= 8 for q in asked)


KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")


def khmer_prefix_articles() -> dict[str, str]:
    """tests/query/test_khmer_prefix.py's articles, and 1,500 numbers beginning with ១ each after ទី ("the
    1...th"), 50 an article: the last piece of ទី១* begins more words than OpenSearch's 1,024 a span_multi."""
    from ..query.test_khmer_prefix import ARTICLES as KM
    from ..query.test_khmer_prefix import Z

    articles = dict(KM)
    for a in range(30):
        places = Z.join(f"ទី{Z}{str(10_000 + a * 50 + i).translate(KHMER_DIGITS)}" for i in range(50))
        articles[f"km-n{a:02}.txt"] = f" date 2024-10-{1 + a % 28:02} ព័ត៌មាន\n\nលើក{Z}{places}{Z}នៅ{Z}ភ្នំពេញ ។"
    # numbers beginning with ១ that no ទី comes before (and ទី before none)
    articles["km-count.txt"] = f" date 2024-10-30 ព័ត៌មាន\n\nមាន{Z}មនុស្ស{Z}១៣៥០៧{Z}នាក់{Z}នៅ{Z}ទី{Z}នោះ ។"
    return articles


def test_a_khmer_prefix_whose_last_piece_begins_more_than_1024_words_answers_as_the_local_index(
        node: DevCluster, index_name: str, tmp_path: Path) -> None:
    """ការប្រ* at 100,000 km-news articles: ការ then one of the words beginning with ប្រ, more than 1,024 of them.
    Sent as a span_near ending in a span_multi prefix, it was refused by the cluster (more than 1,024 terms)
    where the local index and the search page answer; now the cluster expands the prefix itself, without limit
    (dsl.py, match_phrase_prefix)."""
    folder = write_articles(tmp_path / "km", khmer_prefix_articles())
    local = tmp_path / "local"
    build_index([folder], local, procs=1)
    build_cluster_index([folder], node.url, index_name, replicas=0)
    with open_index(local) as lx, open_cluster_index(node.url, index_name) as cx:
        assert len(list(lx.reader.expand_prefix("body", "១"))) > 1_500
        for query in ("ទី១*", "ទី១០*", "ទី១០០៤*", "លើកទី១*", "ហ៊ុនសែន*", "ទី១* ភ្នំពេញ", "ជាទី*", "ទី*", "ទី១* -ទី១០០០០"):
            expected = answer(lx.search(query, limit=40))
            assert answer(cx.search(query, limit=40)) == expected, query
        assert lx.search("ទី១*", limit=0).total == 31  # the 30 articles of numbers and km-first (ទី១០), not km-count
        assert cx.inconsistent == 0
        # The translation it had: refused by the node, over its limit of 1,024 terms a span_multi
        old = {"span_near": {"clauses": [{"span_term": {"body": "ទី"}}, {"span_multi": {"match": {"prefix": {
            "body": {"value": "១"}}}}}], "slop": 0, "in_order": True}}
        with pytest.raises(Exception) as refused:
            cx.target.search("the old translation", {"size": 0, "query": old})
        assert "1024" in str(refused.value) or "too long" in str(refused.value), refused.value


@pytest.mark.parametrize("query", ["负责人", "負責人", "准备金", "准备金率", "有关负责人表示", "负责"])
def test_a_chinese_run_finds_both_scripts_compounds_on_both_backends(node: DevCluster, index_name: str,
                                                                     tmp_path: Path, query: str) -> None:
    """A part of a Chinese run is tried whole (tokenize.py _part_pieces): 负责人 finds the traditional article
    that keeps 負責人 as one word, and OpenSearch answers so from the same plan."""
    from ..query.test_searcher import CHINESE_WORDS

    folder = write_articles(tmp_path / "zh", CHINESE_WORDS)
    build_index([folder], tmp_path / "local", procs=1, lang="zh")
    build_cluster_index([folder], node.url, index_name, replicas=0, lang="zh")
    with open_index(tmp_path / "local") as lx, open_cluster_index(node.url, index_name) as cx:
        expected = answer(lx.search(query))
        assert answer(cx.search(query)) == expected
    assert ({h["id"] for h in expected["hits"]} == {"bank", "bank_hant"}) == (query != "负责"), expected["hits"]


def _answers_on_both(node: DevCluster, index_name: str, folder: Path, articles: dict[str, str],
                     query: str) -> Any:
    """``articles`` indexed locally and on the cluster: the cluster's answer to ``query``, checked equal to the
    local index's, which is returned."""
    docs = write_articles(folder, articles)
    build_index([docs], folder.parent / "local", procs=1)
    build_cluster_index([docs], node.url, index_name, replicas=0)
    with open_index(folder.parent / "local") as lx, open_cluster_index(node.url, index_name) as cx:
        expected = answer(lx.search(query))
        assert answer(cx.search(query)) == expected
    return expected


@pytest.mark.parametrize("query", ["U.S.", "US", "us", "T.Ư", "TƯ", "NATO", "PM", '"U.S."', "US economy",
                                   '"US economy"', '"TƯ Đảng"', "title:US", "CO THE"])
def test_an_acronym_typed_in_capitals_or_with_dots_answers_the_same_on_both_backends(
        node: DevCluster, index_name: str, tmp_path: Path, query: str) -> None:
    """An acronym's exact key (lang/acronyms.py) is sent to the cluster as the local index holds it: ``U.S.`` finds
    ``US`` and not the pronoun ``us`` there too, in a phrase and a field too; ``CO THE``, whose acronyms no article
    writes together (the reader's ``together``), is the words there too."""
    from ..query.test_acronyms import ARTICLES as ACRONYMS

    expected = _answers_on_both(node, index_name, tmp_path / "acronyms", ACRONYMS, query)
    found = {"U.S.": {"dotted", "capitals"}, "US": {"dotted", "capitals"}, '"US economy"': {"dotted", "capitals"},
             '"TƯ Đảng"': {"vi_dotted", "vi_capitals2"}, "title:US": {"capitals"}, "CO THE": {"vi_co"}}
    if query in found:
        assert {h["id"] for h in expected["hits"]} == found[query]


def test_a_khmer_passage_typed_without_the_articles_zero_width_spaces_answers_as_the_local_index(
        node: DevCluster, index_name: str, tmp_path: Path) -> None:
    """compile.py passage_cuts: the plan's phrases of each stretch's cuts, with the punctuation's gap, are the
    cluster's too (the gap token there). Before, both found nothing for the first three."""
    from ..query.test_khmer_quoted_passage import ARTICLES as KM

    folder = write_articles(tmp_path / "km", KM)
    local = tmp_path / "local"
    build_index([folder], local, procs=1)
    build_cluster_index([folder], node.url, index_name, replicas=0)
    with open_index(local) as lx, open_cluster_index(node.url, index_name) as cx:
        for query in ('"បានទេ ។ វា"', '"ធ្វើបានទេ ។ វាពិបាក"', '"បានទេ។វា"', '"បានទេ វា"', '"សឿ សុថា, ឈ្មោះ"'):
            expected = answer(lx.search(query, limit=40))
            assert answer(cx.search(query, limit=40)) == expected, query
        assert hit_ids(cx, '"បានទេ ។ វា"') == {"km-zw"}
        assert cx.inconsistent == 0


@pytest.mark.parametrize("query", ["3,5", "3.5", "10%", "3,5%", '"3.5%"', "-10% 10", '"tăng 3,5"', "1.234,5",
                                   "10 %"])
def test_a_decimal_or_a_percentage_answers_the_same_on_both_backends(
        node: DevCluster, index_name: str, tmp_path: Path, query: str) -> None:
    """A number's exact key (lang/numbers.py) is sent to the cluster as the local index holds it: ``3,5`` finds
    ``3.5`` and not the list ``3, 5`` there too, ``10%`` not every 10."""
    from ..query.test_numbers import ARTICLES as NUMBERS

    expected = _answers_on_both(node, index_name, tmp_path / "numbers", NUMBERS, query)
    if query in ("3,5", "10%"):
        assert {h["id"] for h in expected["hits"]} == {"vi_decimal", "en_decimal", "km_percent"} if query == "3,5" \
            else {"fr_percent", "vi_percent", "km_percent"}


@pytest.mark.parametrize("query", ["Vietnam", "vietnam", "Hanoi", "Việt Nam", "ha noi", "into", "Hanoi rain",
                                   "Ho Chi Minh", "vietnam signed trade deal", "a long cylinder", "Honda", "honda",
                                   "Bacon", "bacon", '"Bacon"', "kinhte", "title:Honda", "title:kinhte"])
def test_a_vietnamese_name_written_joined_or_apart_answers_the_same_on_both_backends(
        node: DevCluster, index_name: str, tmp_path: Path, query: str) -> None:
    """A word typed joined is its syllables side by side (``Vietnam``: ``Việt Nam``), in Vietnamese articles only
    when typed in lower case (a ``lang`` clause), and words typed apart the word they make (compile.py
    ``syllables``, ``joins``): the cluster gets the same plan."""
    from ..query.test_joined import ARTICLES as JOINED

    expected = _answers_on_both(node, index_name, tmp_path / "joined", JOINED, query)
    if query == "Vietnam":
        assert {h["id"] for h in expected["hits"]} == {"vi_apart", "en_joined", "en_apart", "fr_joined"}
    if query == "Honda":  # the name's key (lang/vietnamese.py name_keys), not hơn đã
        assert {h["id"] for h in expected["hits"]} == {"vi_honda"}


@pytest.mark.parametrize("query", ["CÔNG TY", "CONG TY", "MAN CITY", "SA PA", "TP HCM", "UBND TP", "HOA SEN",
                                   "DA LAT"])
def test_words_in_capitals_read_as_words_or_acronyms_the_same_on_both_backends(
        node: DevCluster, index_name: str, tmp_path: Path, query: str) -> None:
    """compile.py written_as_acronyms: the cluster reader's side_by_side (a match_phrase or span_near count) counts
    the articles writing the words side by side as the local index's positions do."""
    from ..query.test_shouted import ARTICLES as SHOUTED

    expected = _answers_on_both(node, index_name, tmp_path / "shouted", SHOUTED, query)
    if query == "CONG TY":  # the heading and the three articles writing công ty
        assert len(expected["hits"]) == 4


@pytest.mark.parametrize("query", ["Theopham", "Phamminh", "Taiha", "Hanoi", "Saigon", "Danang", "Duongphong"])
def test_a_sentences_first_word_joined_to_a_name_answers_the_same_on_both_backends(
        node: DevCluster, index_name: str, tmp_path: Path, query: str) -> None:
    """lang/vietnamese.py initial_key: the cluster holds the initial keys the local index holds, and the compiler
    reads them where the run's name key is in some article (compile.py syllables)."""
    from ..query.test_sentence_initial import ARTICLES as INITIAL

    expected = _answers_on_both(node, index_name, tmp_path / "initial", INITIAL, query)
    if query == "Theopham":
        assert expected["hits"] == []
    if query == "Hanoi":
        assert {h["id"] for h in expected["hits"]} == {"hanoi_first", "hanoi_mid"}


@pytest.mark.parametrize("query", ["3,5%", "234,5", "1 234,5", "10 000 %", "10%", "%10", "٣٫٥"])
def test_a_numbers_siblings_answer_the_same_on_both_backends(
        node: DevCluster, index_name: str, tmp_path: Path, query: str) -> None:
    """review-b: a number grouped with spaces, 3,50, Arabic's ٫ and ٪, Turkish %10, a title's 10 Percent: the
    cluster holds the keys the local index holds (lang/numbers.py through analysis/terms.py)."""
    from ..query.test_numbers import SIBLINGS

    expected = _answers_on_both(node, index_name, tmp_path / "numbers", SIBLINGS, query)
    if query == "10%":
        assert {h["id"] for h in expected["hits"]} == {"ar", "en_title", "tr", "vi_mixed"}


@pytest.mark.parametrize("query", ["100%", "12100%", "tháng 12 100%", "12 100 %", "200,5"])
def test_a_number_after_a_date_word_answers_the_same_on_both_backends(
        node: DevCluster, index_name: str, tmp_path: Path, query: str) -> None:
    """numbers-2: tháng 12 100% is 100%, not 12100% (lang/numbers.py grouping_after): the cluster holds the keys the
    local index holds and gets the same plan."""
    from ..query.test_numbers import AROUND

    expected = _answers_on_both(node, index_name, tmp_path / "numbers", AROUND, query)
    if query == "100%":
        assert {h["id"] for h in expected["hits"]} == {"vi_month", "en_may", "km_day"}


@pytest.mark.parametrize("query", ["10%", "3,5%", "20%", "2020%"])
def test_each_end_of_a_range_answers_the_same_on_both_backends(
        node: DevCluster, index_name: str, tmp_path: Path, query: str) -> None:
    """numbers-2: each end of 10-15%, 20 - 30%, 3,5-4% is the percentage it is: the cluster holds the keys the local
    index holds (lang/numbers.py through analysis/terms.py)."""
    from ..query.test_numbers import RANGES

    expected = _answers_on_both(node, index_name, tmp_path / "numbers", RANGES, query)
    if query == "10%":
        assert {h["id"] for h in expected["hits"]} == {"vi_range", "en_to", "vi_quarter"}


@pytest.mark.parametrize("query", ["hoà*", "hòa*", "hoá*", "khoẻ*", "title:hoà*"])
def test_a_prefix_typed_with_its_tone_answers_the_same_on_both_backends(
        node: DevCluster, index_name: str, tmp_path: Path, query: str) -> None:
    """numbers-2: hoà* finds hoàn and hoàng (the tone where it was typed, beside the exact form hòa): the cluster
    gets the same plan."""
    from ..query.test_prefix_tones import ARTICLES as TONES

    expected = _answers_on_both(node, index_name, tmp_path / "tones", TONES, query)
    if query == "hoà*":
        assert {h["id"] for h in expected["hits"]} == {"hoa_new", "hoa_old", "hoan", "hoang"}


@pytest.mark.parametrize("query", ["10h30", "10 giờ 30", "10:30", '"10h30"'])
def test_a_time_of_day_answers_the_same_on_both_backends(
        node: DevCluster, index_name: str, tmp_path: Path, query: str) -> None:
    """numbers-2: 10h30 finds 10:30 through the time's key (lang/pieces.py time_key): the cluster holds the keys the
    local index holds (analysis/terms.py text_keys) and gets the same plan."""
    from ..query.test_searcher import TIMES

    expected = _answers_on_both(node, index_name, tmp_path / "times", TIMES, query)
    if query == "10h30":
        assert {h["id"] for h in expected["hits"]} == {"h", "gio", "colon"}
