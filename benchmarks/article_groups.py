"""How many article files the benchmark queries' top tens would touch if the export packed several articles to a
file: ``python -m benchmarks.article_groups [--size 5000]``.

Offline, from the CLI: each query of the benchmarks.site run at ``--size`` (benchmarks/site-results.json) is
searched in benchmarks/work/indexes/site-<size> (benchmarks.site builds it), its top ten's ids turned into the
page's article numbers (bundle.py _Numbering: live articles in tie order, as search/art/<n>.js is named), and
counted by file for each grouping: consecutive numbers (tie order, newest first) in files of G, or by language
then tie order. A grouping pays G times the bytes per file touched: it wins only if the top tens cluster.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable

from .corpus import REPO, WORK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--size", type=int, default=5000)
    opts = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from search import open_index
    from search.errors import SearchError
    from search.site.bundle import _Numbering

    runs = [r for r in json.loads((REPO / "benchmarks" / "site-results.json").read_text()) if r["size"] == opts.size]
    tops: list[list[int]] = []
    with open_index(WORK / "indexes" / f"site-{opts.size}") as ix:
        old = _Numbering(ix.reader).old.tolist()
        number = {ix.reader.stored(int(o))["id"]: n for n, o in enumerate(old)}
        lang = [ix.reader.stored(int(o)).get("lang") or "" for o in old]
        for row in runs[0]["rows"]:
            try:
                tops.append([number[h.id] for h in ix.search(row["query"], limit=10).hits])
            except SearchError:
                tops.append([])
    by_lang = {n: i for i, n in enumerate(sorted(range(len(old)), key=lambda n: (lang[n], n)))}

    def files(name: str, key: Callable[[int], int]) -> None:
        counts = [len({key(n) for n in top}) for top in tops]
        print(f"| {name} | {statistics.mean(counts):.2f} | {statistics.median(counts):.0f} |")

    print(f"| grouping ({len(tops)} queries, {statistics.mean(len(t) for t in tops):.2f} hits each) "
          "| files a query, mean | median |\n|---|---|---|")
    files("one article a file", lambda n: n)
    for g in (2, 4, 8, 16, 32):
        files(f"{g} consecutive (tie order)", lambda n, g=g: n // g)
    for g in (4, 16, 64):
        files(f"{g} by language, then tie order", lambda n, g=g: by_lang[n] // g)
    return 0


if __name__ == "__main__":
    sys.exit(main())
