"""Run the benchmark: ``python -m benchmarks.run --sizes 5k,20k [--reps 3] [--engines ours,whoosh,...]``.

For each size: build the corpus (benchmarks/work/, git-ignored), then for each repetition run every engine
in a rotated order (A B C D, B C D A, ...) so that drift on a shared machine falls on all of them. Per engine
and repetition, each step is a fresh process (``benchmarks.worker``): full build, no-op re-index, the query
set (timed: top 10 + a snippet per hit + facet counts) and cold command-line queries. Quality is computed
from the first repetition's answers (it does not change between repetitions).

Writes benchmarks/RESULTS.md and benchmarks/results.json (``--quick``: benchmarks/work/RESULTS-quick.*).
Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import importlib.util
import json
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

from . import report
from .corpus import (
    DEFAULT_DATA,
    REPO,
    WORK,
    Corpus,
    DataMissingError,
    build_corpus,
    check_data,
    parse_size,
    read_langs,
    select_base,
    size_label,
)
from .engines import BASELINE, ENGINES, Engine, get_engine
from .evaluate import (
    by_language,
    containing_counts,
    count_ratios,
    cranfield_scores,
    kind_quality,
    present_in_corpus,
    texts_of,
)
from .measure import ChildFailedError, ChildRun, disk_usage, run_child
from .metrics import mean, median, percentile
from .queries import COUNTED, Query, cranfield_queries, sample_queries
from .sources import load_all, load_cranfield_queries

MB = 1_000_000
COLD_KINDS = ("vi-name", "km-joined", "en-word", "vi-compound", "en-phrase")


def progress(message: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def worker(*args: str) -> list[str]:
    return [sys.executable, "-m", "benchmarks.worker", *args]


def cold_command(engine: str, index: Path, query: str) -> list[str]:
    """What a user types in a shell: our CLI for ours, the ``python`` equivalent for the others."""
    if engine != "ours":
        return worker("cold", engine, str(index), query)
    return [*search_command(), "query", query, "--index", str(index)]


def search_command() -> list[str]:
    """The ``search`` command as a user runs it: the installed script, else ``python -m search``."""
    exe = Path(sys.executable).parent / "search"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "search"]


def measure_build(name: str, corpus: Corpus, index: Path) -> dict[str, Any]:
    """A full build of ``corpus`` into ``index`` in a fresh process: time, throughput, index size, peak RSS."""
    build = run_child(worker("build", name, str(corpus.docs), str(index)), REPO).check(f"{name} build")
    built = json.loads(build.stdout)
    stats = built["stats"]
    return {
        "build_s": stats["seconds"], "build_wall_s": build.seconds, "docs": stats["docs"],
        "docs_per_s": corpus.articles / stats["seconds"], "mb_per_s": stats["bytes"] / MB / stats["seconds"],
        "index_mb": disk_usage(index) / MB, "rss_mb": built["peak_rss"] / MB,
        "rss_tree_mb": max(build.tree_rss, built["peak_rss"]) / MB,
    }


def measure_engine(name: str, corpus: Corpus, queries_file: Path, cold_queries: list[str], deep: int,
                   warmup: int, keep: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """One repetition of one engine -> (numbers, the query worker's raw output)."""
    index = WORK / "indexes" / f"{name}-{corpus.size}"
    docs = str(corpus.docs)
    # Every engine builds into an empty folder: a rebuild of ours keeps the previous generation beside the new
    # one (for readers that opened it), which an index kept from an earlier run (--keep-indexes) would add.
    shutil.rmtree(index, ignore_errors=True)
    row = measure_build(name, corpus, index)
    if get_engine(name).reindex is not Engine.reindex:
        again = run_child(worker("reindex", name, docs, str(index)), REPO).check(f"{name} re-index")
        row["reindex_s"] = (json.loads(again.stdout)["stats"] or {}).get("seconds")
        row["reindex_wall_s"] = again.seconds
    out = WORK / f"answers-{name}-{corpus.size}.json"
    args = ["query", name, str(index), str(queries_file), str(out), "--deep", str(deep),
            "--warmup", str(warmup)]
    run_child(worker(*args), REPO).check(f"{name} queries")
    answers = json.loads(out.read_text(encoding="utf-8"))
    ms = [r["ms"] for r in answers["timed"]]
    row.update({"p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95), "p99_ms": percentile(ms, 99),
                "mean_ms": mean(ms), "query_errors": sum(r["error"] is not None for r in answers["timed"])})
    cold: list[ChildRun] = [run_child(cold_command(name, index, q), REPO) for q in cold_queries]
    row["cold_ms"] = median([c.seconds * 1000 for c in cold if c.returncode == 0]) if cold else None
    row["cold_failures"] = [c.stderr.strip().splitlines()[-1:] for c in cold if c.returncode != 0]
    if not keep:
        shutil.rmtree(index, ignore_errors=True)
    return row, answers


def quality(name: str, queries: list[Query], present: list[bool], answers: dict[str, Any],
            corpus: Corpus, counts: dict[int, int]) -> dict[str, Any]:
    records = answers["timed"]
    ids = {str(d) for r in records for d in r["ids"]}
    kinds = kind_quality(queries, present, records, texts_of(corpus.jsonl, ids), counts)
    ranked = answers.get("cranfield_ranked") or {}
    return {
        "kinds": {k: {**vars_of(q), "precision": q.precision, "possible_precision": q.possible_precision}
                  for k, q in kinds.items()},
        "languages": {k: {**vars_of(q), "precision": q.precision, "possible_precision": q.possible_precision}
                      for k, q in by_language(kinds).items()},
        "cranfield": {mode: cranfield_scores(queries, ranked.get(mode, [])) for mode in ("default", "any")},
        "count_ratio": count_ratios({i: n for i, n in counts.items() if queries[i].kind in COUNTED}, records),
        "default_operator": get_engine(name).default_operator,
        "highlighted_share": _share(sum(r["highlighted"] for r in records),
                                    sum(len(r["ids"]) for r in records)),
        "facet_total_mismatches": sum(1 for r in records if r["facet_lang_sum"] is not None
                                      and r["total"] is not None and r["facet_lang_sum"] != r["total"]),
    }


def vars_of(q: Any) -> dict[str, Any]:
    return {f: getattr(q, f) for f in q.__slots__}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def bench_size(n: int, opts: argparse.Namespace, engines: list[str], base: list[Any],
               queries: list[Query], cran: list[Any]) -> dict[str, Any]:
    label = size_label(n)
    progress(f"{label}: writing the corpus")
    corpus = build_corpus(n, opts.data, base=base)
    progress(f"{label}: {corpus.articles} articles, {corpus.bytes / MB:.1f} MB in {corpus.root}")
    qs = queries + cranfield_queries(cran, set(read_langs(corpus.docs)), opts.cranfield_limit)
    queries_file = WORK / f"queries-{n}.json"
    queries_file.write_text(json.dumps([q.to_json() for q in qs], ensure_ascii=False), encoding="utf-8")
    first_of_kind = {q.kind: q.text for q in reversed(qs)}
    cold = [first_of_kind[kind] for kind in COLD_KINDS if kind in first_of_kind][: opts.cold]
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in engines}
    first_answers: dict[str, dict[str, Any]] = {}
    failed: dict[str, str] = {}
    for rep in range(opts.reps):
        order = engines[rep % len(engines):] + engines[: rep % len(engines)]
        for name in order:
            if name in failed:
                continue
            progress(f"{label} rep {rep + 1}/{opts.reps}: {name} (build, re-index, {len(qs)} queries, "
                     f"{len(cold)} cold)")
            try:
                row, answers = measure_engine(name, corpus, queries_file, cold, opts.deep if rep == 0 else 0,
                                              opts.warmup, opts.keep_indexes)
            except ChildFailedError as e:
                failed[name] = str(e)
                progress(f"{label}: {name} skipped: {e}")
                continue
            row["rep"], row["position"] = rep + 1, order.index(name) + 1
            rows[name].append(row)
            first_answers.setdefault(name, answers)
            progress(f"{label} rep {rep + 1}: {name} build {row['build_s']:.1f} s "
                     f"({row['docs_per_s']:.0f} docs/s, RSS {row['rss_tree_mb']:.0f} MB), "
                     f"index {row['index_mb']:.1f} MB, p50 {row['p50_ms']:.1f} ms, "
                     f"p95 {row['p95_ms']:.1f} ms, cold {row['cold_ms'] or 0:.0f} ms")
    progress(f"{label}: checking which queries the text contains, and the hits' precision")
    present = present_in_corpus(corpus.jsonl, qs)
    # how many articles contain each Vietnamese and Khmer query: the accented words' totals (COUNTED) and the
    # precision a top ten could reach at most (evaluate.KindQuality.possible)
    counts = containing_counts(corpus.jsonl, qs, tuple(k for k in dict.fromkeys(q.kind for q in qs)
                                                       if k.split("-")[0] in ("vi", "km")))
    rows = {k: v for k, v in rows.items() if v}
    return {
        "label": label, "articles": corpus.articles, "mb": corpus.bytes / MB, "queries": len(qs),
        "query_kinds": {k: sum(q.kind == k for q in qs) for k in dict.fromkeys(q.kind for q in qs)},
        "queries_not_in_text": sum(1 for q, p in zip(qs, present, strict=True) if q.needle and not p),
        "cold_queries": cold, "reps": rows, "summary": report.summarize(rows, BASELINE), "failed": failed,
        "quality": {name: quality(name, qs, present, a, corpus, counts) for name, a in first_answers.items()},
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", help="corpus sizes, comma-separated (default 5k,20k; --quick: 1k)")
    p.add_argument("--reps", type=int, help="repetitions (default 3; --quick: 1)")
    p.add_argument("--engines", default=",".join(ENGINES), help=f"comma-separated, from {', '.join(ENGINES)}")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA,
                   help="the shared data folder (default ../shared/data)")
    p.add_argument("--per-kind", type=int, help="sampled queries per kind (default 50; --quick: 8)")
    p.add_argument("--cranfield-limit", type=int, help="use only the first N Cranfield queries (default all)")
    p.add_argument("--cold", type=int, help="cold command-line queries per engine and repetition (default 3)")
    p.add_argument("--deep", type=int, default=100, help="Cranfield ranking depth for MAP (default 100)")
    p.add_argument("--warmup", type=int, default=5, help="untimed queries before timing (default 5)")
    p.add_argument("--keep-indexes", action="store_true",
                   help="keep the indexes under benchmarks/work/indexes")
    p.add_argument("--quick", action="store_true", help="a fast smoke run; results go to benchmarks/work/")
    p.add_argument("--out", type=Path, help="the Markdown report (default benchmarks/RESULTS.md)")
    p.add_argument("--json", type=Path, help="the raw numbers (default benchmarks/results.json)")
    opts = p.parse_args(argv)
    quick = opts.quick
    sizes = opts.sizes or ("1k" if quick else "5k,20k")
    opts.sizes = [parse_size(s) for s in sizes.split(",") if s.strip()]
    opts.reps = opts.reps or (1 if quick else 3)
    opts.per_kind = opts.per_kind or (8 if quick else 50)
    opts.cranfield_limit = opts.cranfield_limit or (25 if quick else None)
    opts.cold = opts.cold if opts.cold is not None else (1 if quick else 3)
    opts.out = opts.out or (WORK / "RESULTS-quick.md" if quick else REPO / "benchmarks" / "RESULTS.md")
    opts.json = opts.json or (WORK / "results-quick.json" if quick else REPO / "benchmarks" / "results.json")
    return opts


def available_engines(names: str) -> list[str]:
    """The engines of a comma-separated list that can run here; each other one is reported as skipped."""
    engines = []
    for name in [e.strip() for e in names.split(",") if e.strip()]:
        reason = get_engine(name).unavailable()
        if reason:
            progress(f"engine {name} skipped: {reason}")
        else:
            engines.append(name)
    return engines


def compile_engine() -> None:
    """Our package's bytecode written before anything is timed, as an install writes it (pip compiles the
    packages it installs: Whoosh's and tantivy's are compiled already). Where ``PYTHONDONTWRITEBYTECODE`` is set
    (this machine sets it), a source tree otherwise compiles its modules again in every timed process: 0.05 s of
    each build's import here, and more of a no-op re-index's share."""
    spec = importlib.util.find_spec("search")
    if spec is not None and spec.origin:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    command = "python -m benchmarks.run " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    try:
        check_data(opts.data)
    except DataMissingError as e:
        progress(f"skipped: {e}")
        return 0
    engines = available_engines(opts.engines)
    if not engines:
        progress("no engine can run")
        return 1
    if "ours" in engines and importlib.util.find_spec("search.__main__") is None:
        progress("ours: no `search` command and no search/__main__.py; the cold CLI timing will fail")
    WORK.mkdir(parents=True, exist_ok=True)
    compile_engine()
    progress("loading the shared data")
    base = load_all(opts.data, REPO / "seeds")
    pool = select_base(base, min(opts.sizes))
    queries = sample_queries(pool, opts.per_kind)
    cran = load_cranfield_queries(opts.data)
    results: dict[str, Any] = {
        "command": command, "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": report.machine(), "engines": engines, "baseline": BASELINE, "reps": opts.reps,
        "sizes": {},
    }
    for n in sorted(opts.sizes):
        results["sizes"][size_label(n)] = bench_size(n, opts, engines, base, queries, cran)
        report.write(results, opts.out, opts.json)  # after every size: a long run leaves partial results
    progress(f"wrote {opts.out} and {opts.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
