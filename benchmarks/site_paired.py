"""Two or more exported search pages compared query by query: ``python -m benchmarks.site_paired
--site base=DIR --site new=DIR [--rounds 3] [--queries site-results.json] [--size 5000]``.

On a shared machine the load drifts during a ``benchmarks.site`` run (1.5-4 min), and runs of two versions
taken one after the other differ by more than the change being measured (12-03, load 13-20: p95 430-790 ms
for the same code). Here every query is opened in each site, a fresh navigation each, one right after the
other in one headless Chromium (the order rotated from query to query and round to round), so that a drift
hits every version alike. What is timed is what benchmarks.site times: from the start of navigation to the
results in the page (``<html data-rendered>``) and to their first paint (Element Timing: ``painted``, a page
of before 12-04 has none), with the engine's own time and the page's marks (NS.lastMarks:
ready, segmented, compiled, loaded, scored, counted, done; NS.timeline gives when the search started).

The sites are exported beforehand, each by its version of the code, from the same index (``search export``
or ``benchmarks.site``'s folder benchmarks/work/site-<n>); the queries are the rows of a benchmarks.site
result file, those of its run at ``--size`` articles (the same 240 at 5k). Totals and ids are compared with the
first site's; the CLI comparison is benchmarks.site's.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .corpus import REPO
from .metrics import median, percentile
from .site import PAINTED

READ = ("({marks: NewsSearch.lastMarks, start: Math.min(...NewsSearch.timeline.map((t) => t[1])),"
        " took: Number((document.querySelector('[data-took]') || {dataset: {}}).dataset.took || 0),"
        " dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventStart})")


def loads(browser: Any, sites: list[tuple[str, Path]], queries: list[dict[str, Any]],
          rounds: int) -> Iterator[tuple[int, int, dict[str, Any], str, Any]]:
    """Each query opened in each site, a fresh navigation each, the sites' order rotated from query to query and
    round to round (after one opening of each, the browser's own start): ``(round, i, query, site, page)``."""
    for _, folder in sites:
        browser.open((folder / "search.html").resolve().as_uri())
    for r in range(rounds):
        for i, q in enumerate(queries):
            k = (i + r) % len(sites)
            for name, folder in sites[k:] + sites[:k]:
                yield r, i, q, name, browser.open((folder / "search.html").resolve().as_uri() + "?q=" +
                                                  quote(q["query"]), timeout=60)


def measure(sites: list[tuple[str, Path]], queries: list[dict[str, Any]], rounds: int) -> list[dict[str, Any]]:
    from tests.site.cdp import Browser

    rows = []
    with Browser(timeout=60) as browser:
        for r, i, q, name, page in loads(browser, sites, queries, rounds):
            info = browser.evaluate(READ)
            rows.append({"site": name, "round": r, "i": i, "kind": q["kind"], "rendered": page.rendered_ms,
                         "painted": browser.evaluate(PAINTED), "files": len(page.loaded), "total": page.total,
                         "ids": page.ids, "console": page.console, **info})
    return rows


def report(rows: list[dict[str, Any]]) -> str:
    names = list(dict.fromkeys(r["site"] for r in rows))
    pairs: dict[tuple[int, int], dict[str, Any]] = defaultdict(dict)
    for r in rows:
        pairs[r["round"], r["i"]][r["site"]] = r
    first = names[0]
    lines = ["| site | loads | on screen p50 / p95 (ms) | painted p50 / p95 | engine p50 / p95 | files p50 | "
             f"per-query ratio to {first} (median; Cranfield) | same as {first} | console |", "|---|" + "---|" * 8]
    for name in names:
        mine = [r for r in rows if r["site"] == name]
        shown = [r["rendered"] for r in mine]
        painted = [r["painted"] for r in mine if r.get("painted")]
        took = [r["took"] for r in mine]
        ratios = [p[name]["rendered"] / p[first]["rendered"] for p in pairs.values() if p[first]["rendered"]]
        cran = [p[name]["rendered"] / p[first]["rendered"] for p in pairs.values()
                if p[first]["rendered"] and p[first]["kind"] == "cranfield"]
        same = sum((p[name]["total"], p[name]["ids"]) == (p[first]["total"], p[first]["ids"]) for p in pairs.values())
        lines.append(f"| {name} | {len(mine)} | {median(shown):.1f} / {percentile(shown, 95):.1f} | "
                     + (f"{median(painted):.1f} / {percentile(painted, 95):.1f} | " if painted else "- | ") +
                     f"{median(took):.1f} / {percentile(took, 95):.1f} | {median([r['files'] for r in mine])} | "
                     f"{median(ratios):.3f}; {median(cran) if cran else float('nan'):.3f} | {same}/{len(pairs)} | "
                     f"{sum(bool(r['console']) for r in mine)} |")
    return "\n".join(lines)


def queries_of(results: list[dict[str, Any]], size: int, where: Path) -> list[dict[str, Any]]:
    """The queries of the run at ``size`` articles in a benchmarks.site result file (one run a size, in the
    order of ``--sizes``: the first is not always 5k)."""
    runs = [r for r in results if r.get("size") == size]
    if len(runs) != 1:
        raise SystemExit(f"{where}: {len(runs)} runs at {size} articles (sizes: "
                         f"{', '.join(str(r.get('size')) for r in results)}); choose one with --size")
    return [{"query": r["query"], "kind": r["kind"]} for r in runs[0]["rows"]]


def compare(argv: list[str] | None, doc: str, rounds: int,
            measure: Callable[[list[tuple[str, Path]], list[dict[str, Any]], int], list[dict[str, Any]]],
            report: Callable[[list[dict[str, Any]]], str]) -> int:
    """The command line of a comparison of exported sites query by query (this module's, benchmarks.site_cpu's):
    the sites, the queries of a benchmarks.site result file, the rounds; every page load written with --out."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--site", action="append", required=True, help="NAME=FOLDER of an exported site")
    parser.add_argument("--queries", type=Path, default=REPO / "benchmarks" / "site-results.json")
    parser.add_argument("--size", type=int, default=5000, help="the run of that many articles in --queries")
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--out", type=Path, default=None, help="write every page load here (JSON)")
    opts = parser.parse_args(argv)
    sites = [(s.partition("=")[0], Path(s.partition("=")[2])) for s in opts.site]
    queries = queries_of(json.loads(opts.queries.read_text()), opts.size, opts.queries)
    rows = measure(sites, queries, opts.rounds)
    if opts.out:
        opts.out.write_text(json.dumps(rows, ensure_ascii=False) + "\n", encoding="utf-8")
    print(report(rows))
    return 0


def main(argv: list[str] | None = None) -> int:
    return compare(argv, __doc__ or "", 3, measure, report)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
