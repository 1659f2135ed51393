"""Two exported search pages compared by the CPU time of the page's main thread: ``python -m
benchmarks.site_cpu --site base=DIR --site new=DIR [--rounds 2] [--queries site-results.json] [--size 5000]``.

Wall-clock times on a shared machine swing with its load (benchmarks.site_paired, 12-04 at load 7-12: p95
422-665 ms for the same code); the renderer's main thread counts its own time too. Chromium's
Performance.getMetrics in thread ticks (``timeDomain: threadTicks``): ThreadTime, the main thread's CPU over the
load of a query's page (parsing, the engine, data files, rendering), read once the results are in the page: the
counts start again at each navigation. The sites alternate query by query. Less sensitive to the load, not
immune to it (a busy machine's cores run each instruction slower): compare sites in one run, not runs of
different days.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .corpus import REPO
from .metrics import median, percentile
from .site_paired import compare, loads

KEYS = ("ThreadTime", "TaskDuration", "ScriptDuration")


def measure(sites: list[tuple[str, Path]], queries: list[dict[str, Any]], rounds: int) -> list[dict[str, Any]]:
    from tests.site.cdp import Browser

    rows = []
    with Browser(timeout=60) as browser:
        browser.call("Performance.enable", session=browser.session, timeDomain="threadTicks")

        def metrics() -> dict[str, float]:
            got = browser.call("Performance.getMetrics", session=browser.session)["metrics"]
            return {m["name"]: m["value"] for m in got}

        for r, i, q, name, page in loads(browser, sites, queries, rounds):
            # The counts start again at each navigation (the new document's performance agent): read
            # after the load, they are the page's whole (12-04: less than those read on the page before
            # it in 9 of 15 loads; after minus before gave loads of 0.1 ms, 272 of 960 under 30 ms).
            after = metrics()
            spent = {key: after[key] * 1000 for key in KEYS}
            rows.append({"site": name, "round": r, "i": i, "kind": q["kind"], "total": page.total,
                         "ids": page.ids, **spent})
    return rows


def report(rows: list[dict[str, Any]]) -> str:
    names = list(dict.fromkeys(r["site"] for r in rows))
    first = names[0]
    by = {(r["site"], r["round"], r["i"]): r for r in rows}
    lines = [f"| site | loads | main thread CPU ms p50 / p95 / sum | per-query ratio to {first} (median) | "
             f"same as {first} |", "|---|---|---|---|---|"]
    for name in names:
        mine = [r for r in rows if r["site"] == name]
        cpu = [r["ThreadTime"] for r in mine]
        ratios = [r["ThreadTime"] / b["ThreadTime"] for r in mine
                  if (b := by[first, r["round"], r["i"]])["ThreadTime"] > 0]
        same = sum((r["total"], r["ids"]) == ((b := by[first, r["round"], r["i"]])["total"], b["ids"]) for r in mine)
        lines.append(f"| {name} | {len(mine)} | {median(cpu):.1f} / {percentile(cpu, 95):.1f} / {sum(cpu):.0f} | "
                     f"{median(ratios):.3f} | {same}/{len(mine)} |")
    lines.append("")
    kinds = sorted({r["kind"] for r in rows})
    for kind in kinds:
        cells = [f"{name} {median([r['ThreadTime'] for r in rows if r['site'] == name and r['kind'] == kind]):.1f}"
                 for name in names]
        lines.append(f"- {kind}: main thread CPU p50 " + ", ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return compare(argv, __doc__ or "", 2, measure, report)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
