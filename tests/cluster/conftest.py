"""A real OpenSearch for the backend's tests: one single node for the whole session (started on first use,
stopped at the end), fetched and started by the repository's own files (opensearch/pom.xml,
search/cluster/devnode.py). Without Java 11-23, Maven or the artifacts, the tests that need it are skipped
with the reason; a node that starts but does not come up fails them."""

from __future__ import annotations

import itertools
import json
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from search.cluster.devnode import DevCluster, DevNodeUnavailable

from ..conftest import ARTICLES, SEEDS, write_articles

_names = itertools.count()


def start(nodes: int, heap: str) -> DevCluster:
    try:
        return DevCluster(nodes=nodes, heap=heap).start()
    except DevNodeUnavailable as e:
        pytest.skip(f"NO OPENSEARCH: {e}")


@pytest.fixture(scope="session")
def node() -> Iterator[DevCluster]:
    cluster = start(1, "512m")
    # A CI runner that ends the run with SIGTERM must not leave the node behind: finalizers run on SystemExit.
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        yield cluster
    finally:
        cluster.stop()
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture()
def index_name() -> str:
    """A fresh index name per test (the node is shared)."""
    return f"t{next(_names)}"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' articles in nine languages, the two seeds, and issue 13's web articles (url, source, author,
    section; a year alone, a future date) as one JSONL file."""
    from ..site.test_search_page import WEB

    folder = write_articles(tmp_path_factory.mktemp("cluster-corpus"), ARTICLES)
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "web.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in WEB) + "\n",
                                      encoding="utf-8")
    return folder


def corpus_size(folder: Path) -> int:
    from ..site.test_search_page import WEB

    return len(list(folder.glob("*.txt"))) + len(WEB)


def answer(results: Any) -> dict[str, Any]:
    """What must be the same on both backends: everything but the time taken."""
    d = results.as_dict()
    d.pop("took_ms")
    return d
