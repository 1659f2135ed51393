"""Export speed: ``python -m benchmarks.export --size 5k [--reps 2]``.

Builds the benchmark corpus of that size (benchmarks/work/, git-ignored) and its index once, then for each
repetition, in a rotated order, a full export into an empty folder with the search page's data and half of the
article pages written by two more processes (``parallel``) and by the same process (``serial``: the baseline, in
the same run), each followed by a no-op re-export of the same folder (nothing changed: it must only check), as a user
types it (``search export OUT --index DIR``).
Each export runs in a fresh process (``python -m benchmarks.export --one``) so that no cache is shared.
Medians, the ratio of the two full exports and their CPU time are written to benchmarks/EXPORT-RESULTS.md and
benchmarks/export.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import report
from .corpus import DEFAULT_DATA, REPO, WORK, DataMissingError, build_corpus, check_data, parse_size, size_label
from .metrics import median
from .run import progress, search_command

OUT = REPO / "benchmarks" / "EXPORT-RESULTS.md"
RAW = REPO / "benchmarks" / "export.json"
MODES = ("parallel", "serial")


def one(index: str, out: str, mode: str) -> None:
    """In a fresh process: one export, its report as JSON on stdout."""
    from search.site.export import export_site

    started = time.perf_counter()
    r = export_site(index, out, parallel=(mode == "parallel"))
    d = r.as_dict()
    d["wall"] = time.perf_counter() - started
    print(json.dumps(d))


def timed(index: Path, out: Path, mode: str) -> dict[str, Any]:
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, "-m", "benchmarks.export", "--one", str(index), str(out), mode],
                          capture_output=True, text=True, check=True, cwd=REPO)
    d: dict[str, Any] = json.loads(proc.stdout)
    d["process"] = time.perf_counter() - started  # with the interpreter's start and the imports
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the export's process and the children it waited for
    d["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return d


def timed_cli(index: Path, out: Path) -> dict[str, Any]:
    """The command a user types to export again (``search export OUT --index DIR --json``), timed whole."""
    started = time.perf_counter()
    proc = subprocess.run([*search_command(), "export", str(out), "--index", str(index), "--json"],
                          capture_output=True, text=True, check=True, cwd=REPO)
    d: dict[str, Any] = json.loads(proc.stdout)
    d["process"] = time.perf_counter() - started
    d["wall"] = d["seconds"]
    return d


def bench(n: int, reps: int, data: Path) -> dict[str, Any]:
    corpus = build_corpus(n, data)
    index = WORK / "indexes" / f"export-{size_label(n)}"
    progress(f"indexing {corpus.articles:,} articles into {index}")
    subprocess.run([sys.executable, "-m", "search", "index", str(corpus.root), "--index", str(index)],
                   check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in MODES}
    noop: list[dict[str, Any]] = []
    for rep in range(reps):
        for mode in (MODES if rep % 2 == 0 else MODES[::-1]):
            out = WORK / f"export-site-{mode}"
            shutil.rmtree(out, ignore_errors=True)
            load = os.getloadavg()[0]
            full = timed(index, out, mode)
            full["load"] = load
            runs[mode].append(full)
            again = timed_cli(index, out)
            noop.append(again)
            progress(f"rep {rep + 1} {mode}: full {full['wall']:.1f} s, no-op {again['process']:.2f} s "
                     f"(in the export {again['wall']:.2f} s; up to date: {again['up_to_date']}); load {load:.1f}")
    walls = {m: median([r["wall"] for r in runs[m]]) for m in MODES}
    cpus = {m: median([r["cpu"] for r in runs[m]]) for m in MODES}
    ratios = [p["wall"] / s["wall"] for p, s in zip(runs["parallel"], runs["serial"], strict=True)]
    return {"articles": corpus.articles, "pages": runs["serial"][0]["pages"], "bytes": runs["serial"][0]["bytes"],
            "search_files": runs["serial"][0]["search"]["files"], "full_s": walls, "cpu_s": cpus,
            "parallel_over_serial": median(ratios), "noop_process_s": median([r["process"] for r in noop]),
            "noop_export_s": median([r["wall"] for r in noop]),
            "noop_up_to_date": all(r["up_to_date"] for r in noop), "runs": runs, "noop": noop}


def render(results: dict[str, Any]) -> str:
    r = results["result"]
    full = min(x["process"] for mode in MODES for x in r["runs"][mode])
    m = results["machine"]
    lines = [
        f"# Export speed ({size_label(results['size'])})", "",
        f"- Command: `{results['command']}`", f"- Date: {results['date']}",
        f"- Machine: {m.get('cpus')} CPUs, load average at start {m.get('load')}",
        f"- Corpus: {r['articles']:,} articles -> {r['pages']:,} pages, {r['bytes']:,} bytes, "
        f"{r['search_files']:,} search data files", "",
        "Each export is a fresh process into an empty folder, then a re-export of the same folder with nothing "
        "changed. Medians of the repetitions (rotated order); the machine is shared and noisy.", "",
        "| | seconds |", "|---|---:|",
        f"| full export, search data and half the article pages by two more processes | "
        f"{r['full_s']['parallel']:.1f} |",
        f"| full export, one process (baseline) | {r['full_s']['serial']:.1f} |",
        f"| ratio three processes / one process (median of pairs) | {r['parallel_over_serial']:.2f} |",
        f"| CPU time (user + system, every process), three processes / one | {r['cpu_s']['parallel']:.1f} / "
        f"{r['cpu_s']['serial']:.1f} |",
        f"| full export, whole process (interpreter start and imports included), fastest | {full:.1f} |",
        f"| no-op re-export: `search export OUT --index DIR`, whole command | {r['noop_process_s']:.2f} |",
        f"| no-op re-export, inside `export_site` | {r['noop_export_s']:.2f} |",
        f"| no-op / fastest full, whole commands | {r['noop_process_s'] / full:.1%} |", "",
        f"Every no-op re-export said up to date: {r['noop_up_to_date']}. Loads at the start of each full export: "
        + ", ".join(f"{x['load']:.1f}" for mode in MODES for x in r["runs"][mode]) + ".", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--one"]:
        one(*args[1:4])
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks.export", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="5k", help="number of articles: 5k, 20k, 300 ...")
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    opts = parser.parse_args(args)
    try:
        check_data(opts.data)
    except DataMissingError as e:
        progress(f"skipped: {e}")
        return 0
    n = parse_size(opts.size)
    machine = {**report.machine(), "cpus": os.cpu_count(), "load": [round(x, 2) for x in os.getloadavg()]}
    results = {"command": "python -m benchmarks.export " + " ".join(shlex.quote(a) for a in args),
               "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"), "machine": machine,
               "size": n, "result": bench(n, opts.reps, opts.data)}
    RAW.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    OUT.write_text(render(results), encoding="utf-8")
    progress(f"wrote {OUT} and {RAW}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
