"""One index on a cluster: create it, check its stamp, keep the user's officials registry in its ``_meta``,
refresh, delete, and scan every article's small fields.

    target = IndexTarget(cluster, "news")
    target.create(shards=2, replicas=1)       # mapping.py's settings and mapping
    meta = target.meta()                      # {"format": 1, ..., "registry": "<toml text>" or None}
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import IndexNotFoundError, QueryError
from . import mapping
from .client import LIMIT_HINT, LIMITS, Cluster, error_types, reason
from .errors import ClusterError

PAGE = 10_000  # hits per page of a scan (OpenSearch's default max_result_window)
TERMS_PAGE = 10_000  # values per page of a composite aggregation (under search.max_buckets, 65,535 a request)
_NAME = re.compile(r"[a-z0-9][a-z0-9_.+-]*")


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name) or name in (".", "..") or len(name.encode()) > 255:
        raise ClusterError(f"{name!r} is not a valid OpenSearch index name.",
                           hint="Use lower-case letters, digits, '-' and '_' (e.g. --index news); with the "
                                "OpenSearch backend --index names an index, not a folder.")
    return name


class IndexTarget:
    def __init__(self, cluster: Cluster, name: str) -> None:
        self.cluster = cluster
        self.name = check_name(name)
        self._routings: list[str] | None = None  # a routing value that leads to each shard

    @property
    def where(self) -> str:
        return f"{self.cluster.where}/{self.name}"

    def exists(self) -> bool:
        return bool(self.cluster.call(f"look for index {self.name}", "indices.exists", index=self.name))

    def create(self, shards: int = 1, replicas: int = 1) -> None:
        self.cluster.call(f"create index {self.name}", "indices.create", index=self.name,
                          body=mapping.index_body(shards, replicas))

    def delete(self) -> None:
        if self.exists():
            self.cluster.call(f"delete index {self.name}", "indices.delete", index=self.name)

    def set_replicas(self, replicas: int) -> None:
        self.cluster.call(f"change the replicas of {self.name}", "indices.put_settings", index=self.name,
                          body={"index": {"number_of_replicas": replicas}})

    def meta(self) -> dict[str, Any]:
        """The index's stamp (``mapping.check``), or IndexNotFoundError."""
        from opensearchpy.exceptions import NotFoundError

        try:
            found = self.cluster.call(f"read the mapping of {self.name}", "indices.get_mapping", index=self.name)
        except NotFoundError:
            raise IndexNotFoundError(
                f"No index {self.name} at {self.cluster.where}.",
                hint=f"Create it with: search index PATH... --backend opensearch --index {self.name}") from None
        body = next(iter(found.values()))  # one index (an alias resolves to its index)
        return mapping.check(self.name, body.get("mappings") or {}, self.cluster.where)

    def put_meta(self, meta: dict[str, Any]) -> None:
        self.cluster.call(f"update the mapping of {self.name}", "indices.put_mapping", index=self.name,
                          body={"_meta": {"search": meta}})

    def refresh(self) -> None:
        self.cluster.call(f"refresh {self.name}", "indices.refresh", index=self.name)

    def search(self, what: str, body: dict[str, Any], **params: Any) -> dict[str, Any]:
        from opensearchpy.exceptions import TransportError

        params.setdefault("allow_partial_search_results", "false")  # a missing shard is an error, not less
        try:
            result: dict[str, Any] = self.cluster.call(what, "search", index=self.name, body=body, params=params)
        except TransportError as e:
            types = error_types(getattr(e, "info", None))
            limit = next((what for t, what in LIMITS.items() if t in types), None)
            if limit is not None:
                raise QueryError(f"the query is too long for OpenSearch at {self.cluster.where}: it needs more "
                                 f"than the cluster's limit of {limit} ({reason(e)})", hint=LIMIT_HINT) from None
            raise
        return result

    def scan(self, what: str, query: dict[str, Any], fields: list[str], source: bool | list[str] = False,
             sort: list[Any] | None = None, **params: Any) -> Iterator[dict[str, Any]]:
        """Every hit of ``query`` (ordered by ``sort``, default by id), page by page (search_after)."""
        sort = sort or [{"id": "asc"}]
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {"query": query, "size": PAGE, "sort": sort, "_source": source,
                                    "docvalue_fields": fields, "track_total_hits": False}
            if not source:
                body["stored_fields"] = "_none_"
            if after is not None:
                body["search_after"] = after
            hits = self.search(what, body, **params)["hits"]["hits"]
            yield from hits
            if len(hits) < PAGE:
                return
            after = hits[-1]["sort"]

    def held(self, what: str, field_name: str, terms: list[str]) -> set[str]:
        """The terms of a field some article may hold: Lucene's document frequency on each shard (which counts
        a deleted article until a merge: never one too few), read with an artificial document (``_termvectors``,
        one look-up a term) rather than a filters aggregation (one look-up a term for each article counted:
        3,655 articles and 11,760 terms took 3 s)."""
        out: set[str] = set()
        for routing in self.routings(what):
            for start in range(0, len(terms), TERMS_PAGE):
                found = self.cluster.call(what, "termvectors", index=self.name, routing=routing, body={
                    "doc": {field_name: " ".join(terms[start:start + TERMS_PAGE])}, "fields": [field_name],
                    "term_statistics": True, "field_statistics": False, "positions": False, "offsets": False})
                listed = ((found.get("term_vectors") or {}).get(field_name) or {}).get("terms") or {}
                out |= {t for t, stats in listed.items() if stats.get("doc_freq")}
        return out

    def routings(self, what: str) -> list[str]:
        """A routing value for each shard of the index (its artificial documents go to one shard each)."""
        shards = {copies[0]["shard"] for copies in self.cluster.call(
            what, "search_shards", index=self.name)["shards"]}
        if self._routings is None or len(self._routings) != len(shards):
            found: dict[int, str] = {}
            for i in range(100 * len(shards)):
                if len(found) == len(shards):
                    break
                routing = str(i)
                if len(shards) > 1:
                    listed = self.cluster.call(what, "search_shards", index=self.name, routing=routing)
                    found.setdefault(listed["shards"][0][0]["shard"], routing)
                else:
                    found[next(iter(shards))] = routing
            if len(found) != len(shards):
                raise ClusterError(f"could not reach every shard of {self.name} with a routing value")
            self._routings = list(found.values())
        return self._routings

    def terms(self, what: str, field_name: str, query: dict[str, Any] | None = None,
              prefix: str | None = None) -> dict[str, int]:
        """Every value of a keyword field among the articles ``query`` matches (all without one), and its
        count of articles, in the order of the values' bytes (a terms aggregation's ``_key`` order), however
        many: pages of a composite aggregation (a terms aggregation lists at most ``TERMS_PAGE`` in one
        request, and says only how many articles the others have). With ``prefix``, the values starting so."""
        if prefix is not None:
            where = {"prefix": {field_name: prefix}}
            query = where if query is None else {"bool": {"filter": [query, where]}}
        after: dict[str, Any] | None = None
        out: dict[str, int] = {}
        while True:
            composite: dict[str, Any] = {"size": TERMS_PAGE, "sources": [{"v": {"terms": {"field": field_name}}}]}
            if after is not None:
                composite["after"] = after
            body: dict[str, Any] = {"size": 0, "aggs": {"c": {"composite": composite}}}
            if query is not None:
                body["query"] = query
            found = self.search(what, body)["aggregations"]["c"]
            for b in found["buckets"]:
                value = str(b["key"]["v"])
                if prefix is None or value.startswith(prefix):  # an article's other values are listed too
                    out[value] = int(b["doc_count"])
            after = found.get("after_key")
            if len(found["buckets"]) < TERMS_PAGE or after is None:
                return out


def registry_file(registry_text: str | None) -> Path | None:
    """The user's registry kept in the index's ``_meta``, as a file ``load_registry`` reads (one per text)."""
    if registry_text is None:
        return None
    digest = hashlib.blake2b(registry_text.encode("utf-8"), digest_size=12).hexdigest()
    path = Path(tempfile.gettempdir()) / f"search-registry-{digest}.toml"
    if not path.exists():
        part = path.with_name(path.name + f".{id(path)}.part")
        part.write_text(registry_text, encoding="utf-8")
        part.replace(path)
    return path


def field(hit: dict[str, Any], name: str, default: Any = None) -> Any:
    """A one-valued docvalue field of a hit."""
    values = (hit.get("fields") or {}).get(name)
    return values[0] if values else default


def values(hit: dict[str, Any], name: str) -> list[Any]:
    return list((hit.get("fields") or {}).get(name) or ())
