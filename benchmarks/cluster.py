"""The OpenSearch backend against the local engine in the same run: bulk indexing throughput, query latency and
parity (totals, the top 10 in order, facet counts) on the benchmark query set.

    python -m benchmarks.cluster --sizes 5k                  # a throwaway node (search/cluster/devnode.py)
    python -m benchmarks.cluster --sizes 100k --opensearch http://HOST:9200   # an existing cluster

For each size: the corpus of ``benchmarks/corpus.py``; the local index built from scratch (timed); the
same articles bulk-indexed into a new OpenSearch index (timed: from the first file read to the refresh after
the last batch; the client's analysis included, as it is part of every run); a no-op re-index of each; then
the query set (``benchmarks/queries.py``: the sampled kinds plus the Cranfield sentences), each query asked
of both engines one after the other (the order alternating), as the other benchmarks ask it: the top 10, a
snippet per hit, facet counts of language and month. Latency is the wall time of ``search()`` in this
process, after a few warm-up queries; the node runs on the same machine (its CPU is not the client's).

Writes benchmarks/RESULTS-opensearch.md and benchmarks/results-opensearch.json (``--out``, ``--json``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import signal
import sys
import time
from pathlib import Path
from typing import Any

from .corpus import DEFAULT_DATA, REPO, WORK, build_corpus, parse_size, size_label
from .metrics import percentile
from .queries import Query, cranfield_queries, sample_queries
from .sources import load_all, load_cranfield_queries

FACETS = ["lang", "month"]


def progress(message: str) -> None:
    print(f"[cluster bench {datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def _ask(ix: Any, text: str) -> tuple[float, dict[str, Any]]:
    from search.errors import SearchError

    start = time.perf_counter()
    try:
        r = ix.search(text, limit=10, facets=FACETS)
        out = {"total": r.total, "partial": r.partial, "ids": [h.id for h in r.hits],
               "scores": [round(h.score, 4) for h in r.hits], "facets": r.facets, "error": None}
    except SearchError as e:
        out = {"total": None, "ids": [], "facets": {}, "error": str(e)}
    return (time.perf_counter() - start) * 1000, out


def run_size(n: int, url: str, per_kind: int, cranfield: int | None, pool: list[Any]) -> dict[str, Any]:
    import search
    from search.cluster import build_cluster_index, open_cluster_index
    from search.cluster.build import connect

    corpus = build_corpus(n, base=pool)
    index = f"bench-{size_label(n)}"
    local_dir = WORK / "indexes" / f"ours-cluster-{n}"
    result: dict[str, Any] = {"size": n, "articles": corpus.articles, "mb": round(corpus.bytes / 1e6, 1)}

    progress(f"{size_label(n)}: local build")
    t = time.perf_counter()
    report = search.build_index([corpus.docs], local_dir, rebuild=True)
    result["local_build_s"] = time.perf_counter() - t
    t = time.perf_counter()
    search.build_index([corpus.docs], local_dir)
    result["local_noop_s"] = time.perf_counter() - t
    result["local_index_mb"] = round(sum(p.stat().st_size for p in local_dir.rglob("*") if p.is_file()) / 1e6, 1)

    progress(f"{size_label(n)}: OpenSearch bulk indexing into {index}")
    t = time.perf_counter()
    remote = build_cluster_index([corpus.docs], url, index, rebuild=True, shards=1, replicas=0)
    result["cluster_build_s"] = time.perf_counter() - t
    assert remote.added == report.added, (remote.added, report.added)
    t = time.perf_counter()
    build_cluster_index([corpus.docs], url, index)
    result["cluster_noop_s"] = time.perf_counter() - t
    client = connect(url).client
    client.indices.forcemerge(index=index, params={"max_num_segments": "1"}, request_timeout=3600)
    stats = client.indices.stats(index=index, metric="store")
    result["cluster_index_mb"] = round(stats["_all"]["primaries"]["store"]["size_in_bytes"] / 1e6, 1)

    queries: list[Query] = sample_queries(pool, per_kind=per_kind)
    crans = cranfield_queries(load_cranfield_queries(DEFAULT_DATA), {a.id for a in pool})
    queries += crans[:cranfield] if cranfield is not None else crans
    progress(f"{size_label(n)}: {len(queries)} queries on both engines")
    records: list[dict[str, Any]] = []
    with search.open_index(local_dir) as lx, open_cluster_index(url, index) as cx:
        for q in queries[:5]:  # warm-up: caches, JIT
            _ask(lx, q.text), _ask(cx, q.text)
        for i, q in enumerate(queries):
            order = [("local", lx), ("cluster", cx)] if i % 2 == 0 else [("cluster", cx), ("local", lx)]
            rec: dict[str, Any] = {"kind": q.kind, "text": q.text}
            for name, ix in order:
                rec[f"{name}_ms"], rec[name] = _ask(ix, q.text)
            records.append(rec)
            if (i + 1) % 100 == 0:
                progress(f"  {i + 1}/{len(queries)}")
        result["inconsistent"] = cx.inconsistent
    result["queries"] = len(records)
    result["kinds"] = {k: sum(1 for r in records if r["kind"] == k) for k in dict.fromkeys(r["kind"] for r in records)}
    agree = {key: sum(1 for r in records if r["local"].get(key) == r["cluster"].get(key))
             for key in ("total", "ids", "facets", "scores")}
    result["agree"] = agree
    result["differ"] = [{"kind": r["kind"], "text": r["text"],
                         **{k: [r["local"].get(k), r["cluster"].get(k)] for k in ("total", "ids")}}
                        for r in records if r["local"] != r["cluster"]][:20]
    for name in ("local", "cluster"):
        ms = [r[f"{name}_ms"] for r in records]
        result[f"{name}_ms"] = {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "p99": percentile(ms, 99),
                                "max": max(ms)}
        by_kind = {}
        for kind in result["kinds"]:
            kms = [r[f"{name}_ms"] for r in records if r["kind"] == kind]
            by_kind[kind] = {"p50": percentile(kms, 50), "p95": percentile(kms, 95)}
        result[f"{name}_by_kind"] = by_kind
    result["hits_fetched"] = None
    result["cold_cli_ms"] = _cold(url, index, [q.text for q in queries if q.kind in ("vi-name", "en-word")][:5])
    return result


def _cold(url: str, index: str, texts: list[str]) -> float | None:
    """Median wall time of ``search query Q --opensearch URL --index NAME`` in a new process."""
    import subprocess

    exe = Path(sys.executable).parent / "search"
    if not exe.exists() or not texts:
        return None
    times = []
    for text in texts:
        t = time.perf_counter()
        subprocess.run([str(exe), "query", text, "--opensearch", url, "--index", index], capture_output=True,
                       check=False)
        times.append((time.perf_counter() - t) * 1000)
    return sorted(times)[len(times) // 2]


def report_md(results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    out = ["# OpenSearch backend: benchmark", "",
           f"- Command: `{meta['command']}`", f"- Date: {meta['date']}", f"- Machine: {meta['machine']}",
           f"- OpenSearch: {meta['opensearch']}", "",
           "Both engines in the same run and the same process (module docstring of `benchmarks/cluster.py`). "
           "Build times include our analysis (the client's CPU) and, for OpenSearch, the refresh after the last "
           "batch. Queries: the top 10, a snippet per hit, language and month counts.", ""]
    for r in results:
        docs = r["articles"]
        out += [f"## {size_label(r['size'])}: {docs:,} articles, {r['mb']} MB, {r['queries']} queries", "",
                "| | local (Whoosh) | OpenSearch |", "|---|---:|---:|",
                f"| build s (docs/s) | {r['local_build_s']:.1f} ({docs / r['local_build_s']:.0f}) | "
                f"{r['cluster_build_s']:.1f} ({docs / r['cluster_build_s']:.0f}) |",
                f"| no-op re-index s | {r['local_noop_s']:.2f} | {r['cluster_noop_s']:.2f} |",
                f"| index MB | {r['local_index_mb']} | {r['cluster_index_mb']} (one segment, no replica) |",
                f"| query p50 / p95 / p99 ms | {r['local_ms']['p50']:.1f} / {r['local_ms']['p95']:.1f} / "
                f"{r['local_ms']['p99']:.1f} | {r['cluster_ms']['p50']:.1f} / {r['cluster_ms']['p95']:.1f} / "
                f"{r['cluster_ms']['p99']:.1f} |",
                f"| cold `search query` ms | | {r['cold_cli_ms']:.0f} |" if r["cold_cli_ms"] else "", "",
                f"Parity over {r['queries']} queries: totals {r['agree']['total']}, top-10 ids in order "
                f"{r['agree']['ids']}, scores (4 decimals) {r['agree']['scores']}, facets {r['agree']['facets']}; "
                f"counts the cluster and the client disagreed on: {r['inconsistent']}.", "",
                "| kind | queries | local p50 / p95 ms | OpenSearch p50 / p95 ms |", "|---|---:|---:|---:|"]
        for kind, count in r["kinds"].items():
            lk, ck = r["local_by_kind"][kind], r["cluster_by_kind"][kind]
            out.append(f"| {kind} | {count} | {lk['p50']:.1f} / {lk['p95']:.1f} | {ck['p50']:.1f} / {ck['p95']:.1f} |")
        if r["differ"]:
            out += ["", "Queries that differ (first 20):", ""]
            out += [f"- {d['kind']} `{d['text'][:60]}`: totals {d['total']}" for d in r["differ"]]
        out.append("")
    return "\n".join(line for line in out if line is not None) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="5k")
    ap.add_argument("--opensearch", help="an existing cluster (default: start a throwaway node)")
    ap.add_argument("--heap", default="2g", help="heap of the throwaway node")
    ap.add_argument("--per-kind", type=int, default=50)
    ap.add_argument("--cranfield", type=int, default=None, help="Cranfield queries (default: all 225)")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS-opensearch.md")
    ap.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results-opensearch.json")
    args = ap.parse_args(argv)
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a kill stops the node we started (finally)
    pool = load_all(DEFAULT_DATA, REPO / "seeds")
    node = None
    url = args.opensearch
    if url is None:
        from search.cluster.devnode import DevCluster

        node = DevCluster(1, heap=args.heap, java_options="-XX:-AlwaysPreTouch").start()  # the full JIT
        url = node.url
    try:
        from search.cluster.build import connect

        version = connect(url).client.info()["version"]["number"]
        results = [run_size(n, url, args.per_kind, args.cranfield, pool) for n in sizes]
    finally:
        if node is not None:
            node.stop()
    load = os.getloadavg()
    meta = {"command": "python -m benchmarks.cluster " + " ".join(argv if argv is not None else sys.argv[1:]),
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average at the end "
                       f"{[round(x, 2) for x in load]}",
            "opensearch": f"{version}" + (" (throwaway single node on this machine, heap " + args.heap + ")"
                                          if node is not None else f" at {url}")}
    args.out.write_text(report_md(results, meta), encoding="utf-8")
    args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=1, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    progress(f"wrote {args.out} and {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
