"""What run.py starts in a fresh process for each measurement, so that peak memory and cold start belong
to one engine and nothing leaks from one engine into the next.

    python -m benchmarks.worker build   ENGINE DOCS INDEX   -> {"stats": BuildStats, "peak_rss": bytes}
    python -m benchmarks.worker reindex ENGINE DOCS INDEX   -> the same ("stats" null: no such mode)
    python -m benchmarks.worker query   ENGINE INDEX QUERIES OUT [--deep 100] [--warmup 5]
    python -m benchmarks.worker cold    ENGINE INDEX QUERY  -> the hits, as a user would see them

``query`` writes, per query: wall milliseconds (top 10, a snippet per hit, facet counts), the hit ids, the
total, how many snippets carry a highlight, and any error; with ``--deep N`` it also ranks the Cranfield
queries to depth N (no snippets, no facets; untimed) in the engine's default mode and with OR semantics.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from .engines import Answer, Engine, get_engine
from .measure import peak_rss_self
from .queries import Query

_MARKS = ("<mark>", "<b>", "<b ", "<strong")


def _record(answer: Answer, ms: float) -> dict[str, object]:
    return {
        "ms": ms,
        "ids": [doc for doc, _ in answer.hits],
        "total": answer.total,
        "highlighted": sum(any(m in snippet for m in _MARKS) for _, snippet in answer.hits),
        "facet_lang_sum": sum(answer.facets.get("lang", {}).values()) if answer.facets else None,
        "facet_months": len(answer.facets.get("month", {})) if answer.facets else 0,
        "error": answer.error,
    }


def run_queries(engine: Engine, queries: list[Query], deep: int, warmup: int) -> dict[str, object]:
    for q in queries[:warmup]:  # first searches load caches (Whoosh builds its facet caches here)
        engine.query(q.text)
    timed = []
    for q in queries:
        start = time.perf_counter()
        try:
            answer = engine.query(q.text, limit=10)
        except Exception as e:  # noqa: BLE001 - an engine crash on one query is a result, not the end
            answer = Answer([], 0, {}, f"{type(e).__name__}: {e}")
        timed.append(_record(answer, (time.perf_counter() - start) * 1000))
    ranked: dict[str, list[list[str]]] = {"default": [], "any": []}
    if deep:
        for mode in ranked:
            for q in queries:
                if q.kind == "cranfield":
                    answer = engine.query(q.text, limit=deep, any_terms=mode == "any", snippets=False,
                                          facets=False)
                    ranked[mode].append([doc for doc, _ in answer.hits])
    return {"timed": timed, "cranfield_ranked": ranked if deep else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("build", "reindex"):
        p = sub.add_parser(name)
        p.add_argument("engine")
        p.add_argument("docs", type=Path)
        p.add_argument("index", type=Path)
    p = sub.add_parser("query")
    p.add_argument("engine")
    p.add_argument("index", type=Path)
    p.add_argument("queries", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--deep", type=int, default=0)
    p.add_argument("--warmup", type=int, default=5)
    p = sub.add_parser("cold")
    p.add_argument("engine")
    p.add_argument("index", type=Path)
    p.add_argument("query")
    args = parser.parse_args(argv)

    engine = get_engine(args.engine)(args.index)
    if args.command in ("build", "reindex"):
        stats = engine.build(args.docs) if args.command == "build" else engine.reindex(args.docs)
        print(json.dumps({"stats": asdict(stats) if stats else None, "peak_rss": peak_rss_self()}))
    elif args.command == "query":
        queries = [Query.from_json(obj) for obj in json.loads(args.queries.read_text(encoding="utf-8"))]
        with engine:
            result = run_queries(engine, queries, args.deep, args.warmup)
        args.out.write_text(json.dumps(result), encoding="utf-8")
    else:
        with engine:
            answer = engine.query(args.query, limit=10)
        for doc, snippet in answer.hits:
            print(f"{doc}\t{snippet}")
        print(f"{answer.total} hits; {json.dumps(answer.facets, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
