"""A three-node cluster, one replica of each shard, and a node killed with SIGKILL: once while an indexing run
is writing (the run completes after retries, every article present exactly once), once while queries run
(every query keeps answering, with the answer it gave before)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from search.cluster import build_cluster_index, open_cluster_index
from search.cluster.build import connect
from search.cluster.devnode import DevCluster
from search.index import build

from ..conftest import ARTICLES, write_articles
from .conftest import answer, start

ARTICLES_TO_WRITE = 900
QUERIES = ["Hun Manet", "Bùi Thanh Sơn", "coopération", "Sơn La", "ហ៊ុនម៉ាណែត", "kerja sama -Laos", "lang:vi",
           "official:hun-manet", '"Premier ministre"', "ministre des affaires étrangères du Vietnam et du Cambodge"]


@pytest.fixture(scope="module")
def three() -> Iterator[DevCluster]:
    cluster = start(3, "256m")
    try:
        yield cluster
    finally:
        cluster.stop()


def _manager(cluster: DevCluster) -> int:
    """The node elected cluster manager: the hardest one to lose."""
    client = connect(cluster.url).client
    name = client.cat.cluster_manager(format="json")[0]["node"]
    return [n.name for n in cluster.nodes].index(name)


def _corpus(folder: Path) -> Path:
    texts = list(ARTICLES.values())
    return write_articles(folder, {f"a{i:05d}.txt": texts[i % len(texts)] + f" Mot{i} numéro {i}."
                                   for i in range(ARTICLES_TO_WRITE)})


def test_an_indexing_run_completes_when_a_node_is_killed_and_writes_every_article_once(
        three: DevCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Articles are read at most 2 chunks a worker ahead of what is written, so that the kill below (a third of
    # the articles read) comes after several batches were written. With the default window (16 chunks a
    # worker, bulk writes to a local index go on during its segment commits) all 900 were read before the
    # first batch, and the kill came first.
    monkeypatch.setattr(build, "WINDOW_PER_WORKER", 2)
    urls = ",".join(three.urls)  # the client fails over between the nodes it knows
    empty = tmp_path / "empty"
    empty.mkdir()
    build_cluster_index([empty], urls, "fault", shards=3, replicas=1)
    client = connect(urls).client
    client.indices.put_settings(index="fault", body={"index.unassigned.node_left.delayed_timeout": "0"})
    # Every replica started before a node is lost (a primary whose replica is still initializing has no copy
    # to promote: the cluster cannot take its articles until the node comes back).
    assert client.cluster.health(index="fault", wait_for_status="green")["status"] == "green"
    folder = _corpus(tmp_path / "c")
    victim = _manager(three)
    killed: list[float] = []

    def progress(done: int, total: int) -> None:
        if done >= total // 3 and not killed:  # a third of the articles written (progress moves a chunk at a time)
            three.kill(victim)
            killed.append(time.monotonic())

    cluster = connect(urls)
    report = build_cluster_index([folder], cluster, "fault", progress=progress, batch_docs=50)
    assert killed, "the node was not killed during the run"
    assert (report.added, report.total, report.skipped) == (ARTICLES_TO_WRITE, ARTICLES_TO_WRITE, [])
    client = connect(",".join(n.url for n in three.nodes if n.alive())).client
    client.indices.refresh(index="fault")
    assert client.count(index="fault")["count"] == ARTICLES_TO_WRITE
    duplicates = client.search(index="fault", body={"size": 0, "aggs": {"twice": {"terms": {
        "field": "id", "min_doc_count": 2, "size": 10}}}})["aggregations"]["twice"]["buckets"]
    assert duplicates == []
    ids = {h["_id"] for h in client.search(index="fault", body={"size": ARTICLES_TO_WRITE, "_source": False,
                                                                "sort": [{"id": "asc"}]})["hits"]["hits"]}
    assert ids == {f"a{i:05d}" for i in range(ARTICLES_TO_WRITE)}
    print(f"\nkilled {three.nodes[victim].name} (cluster manager) after {ARTICLES_TO_WRITE // 3} articles; "
          f"requests retried: {cluster.retries}")
    three.restart(victim)


def test_queries_keep_answering_when_a_node_is_killed(three: DevCluster, corpus: Path) -> None:
    urls = ",".join(three.urls)
    build_cluster_index([corpus], urls, "answers", shards=3, replicas=1)
    connect(urls).client.cluster.health(index="answers", params={"wait_for_status": "green", "timeout": "60s"},
                                        request_timeout=90)
    with open_cluster_index(urls, "answers") as ix:
        expected = {q: answer(ix.search(q)) for q in QUERIES}
        answered: list[tuple[float, str]] = []
        failures: list[str] = []
        stop = threading.Event()

        def ask() -> None:
            with open_cluster_index(urls, "answers") as reader:
                while not stop.is_set():
                    for q in QUERIES:
                        try:
                            got: Any = answer(reader.search(q))
                        except Exception as e:  # noqa: BLE001 - every failure is reported by the test
                            failures.append(f"{q!r}: {type(e).__name__}: {e}")
                            continue
                        if got != expected[q]:
                            failures.append(f"{q!r}: a different answer")
                        answered.append((time.monotonic(), q))

        thread = threading.Thread(target=ask)
        thread.start()
        try:
            time.sleep(3)
            victim = _manager(three)
            three.kill(victim)
            killed = time.monotonic()
            time.sleep(12)
        finally:
            stop.set()
            thread.join(timeout=120)
    after = [t for t, _ in answered if t > killed]
    assert failures == []
    assert len(after) >= len(QUERIES), f"only {len(after)} answers after the kill"
    print(f"\nkilled {three.nodes[victim].name}: {len(answered)} answers, {len(after)} after the kill, none wrong")
