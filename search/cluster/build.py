"""Folders of articles -> an index on a cluster, incrementally: the local indexing run (``search.index.build``:
walk, parse, enrich, compare content hashes, remove what is gone) writing through ``ClusterWriter``.

    report = build_cluster_index(["seeds"], "http://127.0.0.1:9200", "news", shards=2, replicas=1)
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..index.build import IndexingRun, Progress
from ..index.options import Options
from ..index.schema import FORMAT_VERSION
from ..ingest.fields import FieldMap
from ..ingest.version import ENRICH_VERSION
from ..officials.registry import load_registry
from ..records import IndexReport
from .client import Cluster, Settings, settings_from
from .indices import IndexTarget, registry_file
from .writer import BATCH_DOCS, ClusterWriter

if TYPE_CHECKING:
    from ..index.writer import IndexWriter


def build_cluster_index(
    paths: Iterable[str | Path],
    opensearch: str | Settings | Cluster | None,
    index: str,
    *,
    rebuild: bool = False,
    lang: str | None = None,
    registry: str | Path | None = None,
    progress: Progress | None = None,
    shards: int | None = None,
    replicas: int | None = None,
    batch_docs: int = BATCH_DOCS,
    fields: FieldMap | None = None,
    procs: int | None = None,
) -> IndexReport:
    """Index the articles under ``paths`` into the index ``index`` of the cluster at ``opensearch`` (a URL,
    several separated by commas, or None for ``SEARCH_OPENSEARCH_URL``); returns what was done.

    As ``search.build_index``: incremental unless ``rebuild`` (which deletes the index first), ``lang`` forces
    a language, ``registry`` is your own officials file (the index keeps a copy in its ``_meta``).
    ``shards`` and ``replicas`` apply when the index is created (default 1 and 1); ``replicas`` is also
    changed on an existing index. ``fields`` and ``procs`` as for the local index (records' field names; the
    worker processes that enrich and analyse)."""
    started = time.perf_counter()
    cluster = connect(opensearch)
    target = IndexTarget(cluster, index)
    report = IndexReport(index_dir=target.where, rebuilt=rebuild)
    cluster.require_version()
    if rebuild:
        target.delete()
    if not target.exists():
        target.create(shards if shards is not None else 1, replicas if replicas is not None else 1)
    elif replicas is not None:
        target.set_replicas(replicas)
    meta = target.meta()  # refuses an index this version did not write, before anything is written
    cluster.require_usable(target.name)  # the index's shards (another index being red does not matter)
    if registry is not None:
        meta["registry"] = Path(registry).read_text(encoding="utf-8")
    user_file = registry_file(meta.get("registry"))  # the index's copy, as a file the workers can read
    digest = load_registry(user_file)[1]  # raises for a malformed file, before anything is written
    if registry is not None:
        target.put_meta(meta)
    writer = ClusterWriter(target, batch_docs=batch_docs)
    # The local indexing run (parse, compare keys, enrich and analyse in workers) drives any writer with
    # IndexWriter's methods (indexed, stored_article, add_prepared, delete, commit). No files.json here:
    # every file is read, and each record is compared with what the index holds by its key.
    version = f"{FORMAT_VERSION}.{ENRICH_VERSION}.{lang or ''}.{digest}"
    run = IndexingRun(cast("IndexWriter", writer), report, Options(lang, user_file), version, fields or FieldMap(), {})
    run.run([Path(p) for p in paths], procs or min(os.cpu_count() or 1, 4), progress)
    report.languages, report.total = writer.languages()
    report.seconds = time.perf_counter() - started
    writer.raise_refused()
    return report


def connect(opensearch: str | Settings | Cluster | None) -> Cluster:
    if isinstance(opensearch, Cluster):
        return opensearch
    return Cluster(opensearch if isinstance(opensearch, Settings) else settings_from(opensearch))
