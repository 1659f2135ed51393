"""The index's settings and mapping, generated from the declarations the local index is built from.

Analysis stays ours (``search.analysis``): OpenSearch receives each article's tokens, already folded,
spelled, stemmed and segmented, and its fields only split them on whitespace. So every language uses the
same fields, and there is nothing per language in the mapping: per-language BM25 statistics come from
aggregations on ``lang`` at query time (``searcher.py``), one index serving every language.

    title, body   our tokens, whitespace-joined, with positions; position_increment_gap 1 reproduces our
                  gaps (punctuation between Khmer runs, title -> body), so phrases match as they do locally
    exact, stem   keyword: "folded exact" spellings, "lang:stem" stems (what the local fields hold)
    tf            "<field>|<term>|<bit>" for each bit set in a term's frequency less one: with the term's own
                  presence in its field, a query reads the exact frequency back as a score (a constant score
                  per bit) without scripts; a term found once, most of them, costs no token
    length.*      field lengths as the local index keeps them (``search.index.docarrays.stored_length``)
    maxtf.*       the article's largest term frequency per field: how many bits a query must ask for
    lang, year, month, source, official, country, role   one keyword field per facet (``search.query.facets``)
    id, path, fingerprint, spelled, date, newest  what incremental runs, filters and ties read ("newest": the
                  date unless it is after the time of indexing, the local index's tie order)
    url           the article's address, whole, for url: prefixes (case kept, as the local ID field)
    stored        the article as ``search show`` prints it: kept in _source, not indexed

The mapping is strict: a document with a field it does not declare is rejected (a mapping conflict), never
silently mapped. ``_meta.search`` stamps the format; an index with another stamp is refused.
"""

from __future__ import annotations

from typing import Any

from ..query.facets import FACETS
from .errors import ClusterMappingError

# Bump when documents or mapping change: an index of another format must be rebuilt (2: tf - 1; 3: url, source,
# author, section, newest and the other stored fields of issue 13)
FORMAT = 3
SCORED = ("body", "title", "exact", "stem")  # BM25 fields, as in the local schema
CODES = {"body": "b", "title": "t", "exact": "e", "stem": "s"}  # field prefixes of the tf tokens
K1, B = 3.0, 0.75  # the BM25 of search/query/score.py, for anyone querying the index directly
SOURCE_EXCLUDES = ["title", "body", "tf", "exact", "stem"]  # rebuilt from the files, never read back


def _tokens() -> dict[str, Any]:
    return {"type": "text", "analyzer": "whitespace", "index_options": "positions", "position_increment_gap": 1,
            "similarity": "search_bm25"}


def mappings(meta: dict[str, Any] | None = None) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": {"type": "keyword"},
        "path": {"type": "keyword"},
        "fingerprint": {"type": "keyword", "index": False},  # "<page hash>|<record hash>.<key>" (writer.py)
        "title": _tokens(),
        "body": _tokens(),
        "exact": {"type": "keyword"},
        "stem": {"type": "keyword"},
        "tf": {"type": "text", "analyzer": "whitespace", "index_options": "docs", "norms": False},
        "spelled": {"type": "keyword"},
        "date": {"type": "keyword"},
        "newest": {"type": "keyword"},
        "url": {"type": "keyword"},
        "length": {"properties": {f: {"type": "integer"} for f in SCORED}},
        "maxtf": {"properties": {f: {"type": "integer"} for f in SCORED}},
        "stored": {"type": "object", "enabled": False},
    }
    for facet in FACETS:  # one keyword field per facet: filters and aggregations
        properties[facet.name] = {"type": "keyword"}
    return {"dynamic": "strict", "_source": {"excludes": SOURCE_EXCLUDES},
            "_meta": {"search": meta or stamp()}, "properties": properties}


def stamp(registry: str | None = None) -> dict[str, Any]:
    from .. import __version__
    from ..index.schema import FORMAT_VERSION

    return {"format": FORMAT, "analysis": FORMAT_VERSION, "engine": f"search {__version__}", "registry": registry}


def index_body(shards: int = 1, replicas: int = 1) -> dict[str, Any]:
    return {
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            "index": {"similarity": {"search_bm25": {"type": "BM25", "k1": K1, "b": B}}},
        },
        "mappings": mappings(),
    }


def check(index: str, mapping: dict[str, Any], where: str) -> dict[str, Any]:
    """The ``_meta.search`` stamp of an existing index, if this version wrote it; else ClusterMappingError."""
    from ..index.schema import FORMAT_VERSION

    meta = (mapping.get("_meta") or {}).get("search")
    rebuild = f"Rebuild it: search index PATH... --backend opensearch --index {index} --rebuild"
    if not isinstance(meta, dict):
        raise ClusterMappingError(f"The index {index} at {where} was not created by this program: its mapping "
                                  "has no _meta.search stamp.", hint=rebuild + " (this deletes that index).")
    if meta.get("format") != FORMAT or meta.get("analysis") != FORMAT_VERSION:
        raise ClusterMappingError(f"The index {index} at {where} has format {meta.get('format')} (analysis "
                                  f"{meta.get('analysis')}), written by {meta.get('engine', 'another version')}; "
                                  f"this version reads format {FORMAT} (analysis {FORMAT_VERSION}).", hint=rebuild)
    return meta
