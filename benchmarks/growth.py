"""How the build grows with the corpus: ``python -m benchmarks.growth --sizes 5k,20k,100k [--engines ours,whoosh]
[--reps 1]``.

For each size: build the corpus (benchmarks/work/, git-ignored), then for each repetition do a full build per
engine in a rotated order (A B, B A, ...), each in a fresh process, measured exactly as ``benchmarks.run``
measures its builds (``run.measure_build``: build seconds, docs/s, index size, peak RSS of the process tree).
Each metric's medians are then fitted against the size with a power law ``y = a * n**b`` (least squares in
log-log) and projected to 1,000,000 articles.

Writes benchmarks/RESULTS-growth.md, benchmarks/growth.json and benchmarks/growth.png (after every size, so a
long run leaves partial results). Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import shlex
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import report
from .corpus import DEFAULT_DATA, REPO, WORK, DataMissingError, build_corpus, check_data, parse_size, size_label
from .engines import BASELINE
from .measure import ChildFailedError
from .run import MB, available_engines, measure_build, progress
from .sources import load_all

PROJECT_TO = 1_000_000
# metric key -> (table header, digits)
METRICS = {"build_s": ("build s", 1), "docs_per_s": ("docs/s", 0), "index_mb": ("index MB", 1),
           "rss_tree_mb": ("peak RSS MB (tree)", 0)}
PLOTTED = ("build_s", "index_mb", "rss_tree_mb")
RATIOS = ("build_s", "index_mb", "rss_tree_mb")
OUT = REPO / "benchmarks"


@dataclass(frozen=True, slots=True)
class PowerLaw:
    """``y = a * n**b``."""

    a: float
    b: float

    def at(self, n: float) -> float:
        return self.a * math.pow(n, self.b)


def fit_power_law(points: Sequence[tuple[float, float]]) -> PowerLaw | None:
    """Least squares of log y against log n; None without two distinct sizes with positive values."""
    logs = [(math.log(n), math.log(y)) for n, y in points if n > 0 and y > 0]
    if len({x for x, _ in logs}) < 2:
        return None
    mx = sum(x for x, _ in logs) / len(logs)
    my = sum(y for _, y in logs) / len(logs)
    b = sum((x - mx) * (y - my) for x, y in logs) / sum((x - mx) ** 2 for x, _ in logs)
    return PowerLaw(math.exp(my - b * mx), b)


def fits(results: dict[str, Any]) -> dict[str, dict[str, dict[str, float]]]:
    """engine -> metric -> {a, b, projected}, from the per-size medians."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name in results["engines"]:
        for metric in METRICS:
            points = [(size["articles"], size["summary"][name]["median"][metric])
                      for size in results["sizes"].values() if name in size["summary"]]
            law = fit_power_law([(n, y) for n, y in points if y is not None])
            if law:
                out.setdefault(name, {})[metric] = {"a": law.a, "b": law.b,
                                                    "projected": law.at(results["project_to"])}
    return out


def bench_size(n: int, opts: argparse.Namespace, engines: list[str], base: list[Any]) -> dict[str, Any]:
    label = size_label(n)
    progress(f"{label}: writing the corpus")
    corpus = build_corpus(n, opts.data, base=base)
    progress(f"{label}: {corpus.articles} articles, {corpus.bytes / MB:.1f} MB in {corpus.root}")
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in engines}
    failed: dict[str, str] = {}
    for rep in range(opts.reps):
        order = engines[rep % len(engines):] + engines[: rep % len(engines)]
        for name in order:
            if name in failed:
                continue
            progress(f"{label} rep {rep + 1}/{opts.reps}: {name} build")
            index = WORK / "indexes" / f"growth-{name}-{n}"
            try:
                row = measure_build(name, corpus, index)
            except ChildFailedError as e:
                failed[name] = str(e)
                progress(f"{label}: {name} skipped: {e}")
                continue
            finally:
                if not opts.keep_indexes:
                    shutil.rmtree(index, ignore_errors=True)
            row["rep"], row["position"] = rep + 1, order.index(name) + 1
            rows[name].append(row)
            progress(f"{label} rep {rep + 1}: {name} build {row['build_s']:.1f} s ({row['docs_per_s']:.0f} docs/s), "
                     f"index {row['index_mb']:.1f} MB, RSS {row['rss_tree_mb']:.0f} MB")
    rows = {k: v for k, v in rows.items() if v}
    return {"label": label, "articles": corpus.articles, "mb": corpus.bytes / MB, "reps": rows,
            "summary": report.summarize(rows, BASELINE), "failed": failed}


def _label(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else size_label(n)


def _f(x: float | None, digits: int) -> str:
    return "–" if x is None else f"{x:,.{digits}f}"


def _notes(results: dict[str, Any]) -> str:
    sizes = [s["articles"] for s in results["sizes"].values()]
    beyond = results["project_to"] / max(sizes)
    return f"""How to read this
- Each build is a fresh process (`python -m benchmarks.worker build`), measured as in RESULTS.md: build s is
  the time from opening the index to the last commit; docs/s = articles / build s; index MB is the apparent
  size of the index folder; peak RSS is the whole process tree, sampled from /proc every 0.2 s.
- The machine is a shared, noisy 2-core box (see the load average above): other jobs run at the same time,
  so single timings can be off by tens of percent or more. Engines are interleaved in a rotated order per
  repetition; with more than one repetition the table shows medians.
- Projected: a power law y = a * n^b fitted by least squares on log y against log n over the measured sizes,
  evaluated at {_label(results["project_to"])} articles. b = 1 is linear growth; b > 1 costs more per
  article as the corpus grows. A build time with b < 1 (docs/s rising with size) means fixed costs (process
  and worker start-up, loading data) still weigh on the small sizes: its projection is then optimistic.
  This is an extrapolation of {len(sizes)} points, {beyond:.0f}x beyond the largest one: a rough guide to
  the trend, not a measurement. Sizes above ~5,000 articles are perturbed copies of the base articles (shuffled
  paragraphs), so the vocabulary grows more slowly than in a real corpus of that size.
"""


def _engine_table(results: dict[str, Any], name: str, fitted: dict[str, dict[str, float]]) -> list[str]:
    lines = ["| size | " + " | ".join(h for h, _ in METRICS.values()) + " |", "|---|" + "---:|" * len(METRICS)]
    for label, size in results["sizes"].items():
        if name in size["summary"]:
            m = size["summary"][name]["median"]
            lines.append(f"| {label} ({size['articles']:,}) | "
                         + " | ".join(_f(m[k], d) for k, (_, d) in METRICS.items()) + " |")
    cells = [f"*{_f(fitted[k]['projected'], d)}* (b = {fitted[k]['b']:.2f})" if k in fitted else "–"
             for k, (_, d) in METRICS.items()]
    lines.append(f"| **{_label(results['project_to'])} (projected)** | " + " | ".join(cells) + " |")
    return lines


def _ratio_table(results: dict[str, Any], fitted: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    others = [n for n in results["engines"] if n != BASELINE]
    if BASELINE not in results["engines"] or not others:
        return []
    lines = [f"Ratio to {BASELINE} (below 1 = faster or smaller): median of the per-repetition ratios; the "
             "projected row divides the two projections.", "",
             "| engine | size | build time | index size | peak RSS (tree) |", "|---|---|---:|---:|---:|"]
    for name in others:
        for label, size in results["sizes"].items():
            ratio = size["summary"].get(name, {}).get("ratio_median", {})
            if ratio:
                lines.append(f"| {name} | {label} | " + " | ".join(_f(ratio.get(k), 2) for k in RATIOS) + " |")
        mine, base = fitted.get(name, {}), fitted.get(BASELINE, {})
        cells = [_f(mine[k]["projected"] / base[k]["projected"], 2) if k in mine and k in base else "–"
                 for k in RATIOS]
        lines.append(f"| {name} | *{_label(results['project_to'])} (projected)* | " + " | ".join(cells) + " |")
    return lines


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)
    fitted = results["fits"]
    out = ["# Growth: build cost against corpus size", "",
           f"- Command: `{results['command']}`",
           f"- Date: {results['date']}",
           f"- Machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB RAM, Python {m['python']}, "
           f"load average at start {m['load_average_at_start']}",
           f"- Versions: {versions}",
           f"- Engines: {', '.join(results['engines'])}; {results['reps']} repetition(s), interleaved",
           "- Sizes: " + ", ".join(f"{label} ({s['articles']:,} articles, {s['mb']:.1f} MB)"
                                    for label, s in results["sizes"].items()),
           "", _notes(results), "![build time, index size and peak RSS against articles](growth.png)", ""]
    for label, size in results["sizes"].items():
        out += [f"**{name} failed at {label}**: `{reason.splitlines()[0]}`" for name, reason in size["failed"].items()]
    for name in results["engines"]:
        if any(name in s["summary"] for s in results["sizes"].values()):
            out += [f"## {name}", "", *_engine_table(results, name, fitted.get(name, {})), ""]
    ratio = _ratio_table(results, fitted)
    out += ["## Ratios", "", *ratio, ""] if ratio else []
    return "\n".join(out)


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(PLOTTED), figsize=(5 * len(PLOTTED), 4.2))
    for ax, metric in zip(axes, PLOTTED, strict=True):
        for i, name in enumerate(results["engines"]):
            colour = f"C{i}"
            points = [(s["articles"], s["summary"][name]["median"][metric]) for s in results["sizes"].values()
                      if name in s["summary"]]
            if not points:
                continue
            law = results["fits"].get(name, {}).get(metric)
            label = f"{name} (b = {law['b']:.2f})" if law else name
            ax.plot(*zip(*points, strict=True), "o", color=colour, label=label)
            if law:
                lo = min(n for n, _ in points)
                ns = [lo * (results["project_to"] / lo) ** (k / 50) for k in range(51)]
                ax.plot(ns, [law["a"] * n ** law["b"] for n in ns], "--", color=colour, linewidth=1)
                ax.plot([ns[-1]], [law["projected"]], "o", color=colour, markerfacecolor="none")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("articles")
        ax.set_title(METRICS[metric][0])
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize="small")
    fig.suptitle(f"Full build against corpus size (dashed: power-law fit, hollow: projected at "
                 f"{_label(results['project_to'])})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(results: dict[str, Any], opts: argparse.Namespace) -> None:
    results["fits"] = fits(results)
    opts.out.write_text(render(results), encoding="utf-8")
    opts.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    plot(results, opts.png)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.growth", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="5k,20k,100k", help="corpus sizes, comma-separated (default 5k,20k,100k)")
    p.add_argument("--engines", default="ours,whoosh", help="comma-separated (default ours,whoosh)")
    p.add_argument("--reps", type=int, default=1, help="repetitions per size (default 1)")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (default ../shared/data)")
    p.add_argument("--keep-indexes", action="store_true", help="keep the indexes under benchmarks/work/indexes")
    p.add_argument("--out", type=Path, default=OUT / "RESULTS-growth.md", help="the Markdown report")
    p.add_argument("--json", type=Path, default=OUT / "growth.json", help="the raw numbers")
    p.add_argument("--png", type=Path, default=OUT / "growth.png", help="the plot")
    p.add_argument("--render", type=Path, metavar="JSON",
                   help="only re-render the report and the plot from a growth.json (no measuring)")
    opts = p.parse_args(argv)
    opts.sizes = sorted({parse_size(s) for s in opts.sizes.split(",") if s.strip()})
    return opts


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    if opts.render:
        write(json.loads(opts.render.read_text(encoding="utf-8")), opts)
        progress(f"wrote {opts.out}, {opts.json} and {opts.png}")
        return 0
    command = "python -m benchmarks.growth " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    try:
        check_data(opts.data)
    except DataMissingError as e:
        progress(f"skipped: {e}")
        return 0
    engines = available_engines(opts.engines)
    if not engines:
        progress("no engine can run")
        return 1
    WORK.mkdir(parents=True, exist_ok=True)
    progress("loading the shared data")
    base = load_all(opts.data, REPO / "seeds")
    results: dict[str, Any] = {
        "command": command, "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": report.machine(), "engines": engines, "reps": opts.reps, "project_to": PROJECT_TO, "sizes": {},
    }
    for n in opts.sizes:
        results["sizes"][size_label(n)] = bench_size(n, opts, engines, base)
        write(results, opts)
    progress(f"wrote {opts.out}, {opts.json} and {opts.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
