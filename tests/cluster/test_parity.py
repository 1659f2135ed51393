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
from search.cluster import build_cluster_index, open_cluster_index
from search.cluster import client as client_module
from search.cluster import writer as writer_module
from search.cluster.build import connect
from search.cluster.devnode import DevCluster
from search.cluster.documents import FILLER, runs
from search.cluster.errors import ClusterBulkError, ClusterMappingError, ClusterUnavailableError
from search.cluster.mapping import index_body, stamp
from search.errors import IndexNotFoundError, NotFoundError
from search.officials import stats

from ..conftest import ARTICLES, write_articles
from .conftest import answer

QUERIES = [
    "Hun Manet", "Bùi Thanh Sơn", "Bui Thanh Son", "bùi thanh sơn", "coopération", "coopérer", "Sơn La", "son la",
    "sơn", "ហ៊ុនម៉ាណែត", "ម៉ាណែត", '"ហ៊ុន ម៉ាណែត"', "洪玛奈", "越南", "kerja sama", "Lào", "lao", "-Laos Cambodge",
    "Cambodge -Laos", "Hun OR Sen", '"Premier ministre"', "coop*", "thu*", "Sokhon~", "lang:fr", "lang:fr,id",
    "date:2024-11", "date:2024-09..2024-11", "official:hun-manet", 'official:"Hun Manet"', "country:KH",
    'role:"Prime Minister"', "title:Cambodge", "ministre des affaires étrangères du Vietnam et du Cambodge",
    "the ministers discussed cooperation and trade with Laos in Vientiane", "thể", "the ministers", "Việt Nam",
    "Vietnam", "nghề truyền thống sơn mài", "year:2024 coopération", "Phạm Minh Chính", "Pham Minh Chinh",
    "sosial-ekonomi", "nghề", "la", "xyzzy", "Hun Maneet", "NOT Laos", "(Laos OR Cambodge) visite", "month:2024-08",
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
]


@pytest.fixture(scope="module")
def both(corpus: Path, node: DevCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    local = tmp_path_factory.mktemp("parity-local")
    build_index([corpus], local, procs=1)
    report = build_cluster_index([corpus], node.url, "parity", replicas=0)
    assert report.added == len(list(corpus.glob("*.txt")))
    with open_index(local) as lx, open_cluster_index(node.url, "parity") as cx:
        yield lx, cx


@pytest.mark.parametrize("query", QUERIES)
def test_a_query_answers_the_same_on_both_backends(both: tuple[Any, Any], query: str) -> None:
    lx, cx = both
    assert answer(cx.search(query)) == answer(lx.search(query))
    assert cx.inconsistent == 0  # the cluster's own counts agreed with ours


@pytest.mark.parametrize(("query", "kwargs"), FILTERED)
def test_filters_paging_and_facet_choices_answer_the_same(both: tuple[Any, Any], query: str,
                                                          kwargs: dict[str, Any]) -> None:
    lx, cx = both
    assert answer(cx.search(query, **kwargs)) == answer(lx.search(query, **kwargs))


def test_the_queries_find_something(both: tuple[Any, Any]) -> None:
    """The parity above is not the parity of empty answers, and pages were ranked from their first tiers."""
    lx, cx = both
    assert sum(1 for q in QUERIES if lx.search(q).total) >= 40
    before = cx.tiered
    cx.search("Sơn La", limit=1)
    assert cx.tiered == before + 1


@pytest.mark.parametrize("doc_id", ["fr1", "vi1", "km1", "zh1", "000_64ee10f01e38a171"])
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
    a = runner.invoke(cli, ["export", str(tmp_path / "a"), *local, "--query", "Hun Manet"])
    b = runner.invoke(cli, ["export", str(tmp_path / "b"), *remote, "--query", "Hun Manet"])
    assert (a.exit_code, b.exit_code) == (0, 0), b.output
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


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
