"""Many random queries through the search page and through the CLI's search, compared answer by answer.

    python -m benchmarks.parity_sweep DOCS [--work DIR] [--seeds 11,12,13] [--count 200]

Indexes DOCS (a folder of articles) into ``DIR/index`` and exports the site into ``DIR/site`` (both kept: a second
run with the same ``--work`` reuses them), opens ``search.html`` once in headless Chromium from ``file://``, then
for each seed asks ``--count`` random queries (``tests/site/test_search_real.random_queries``: one to five words
of the articles as written, each maybe with an operator, a field, a quote, a fuzzy or prefix mark, and filters
drawn from the index: officials, roles, countries, months, dates, years) and 30 runs of two to five words of the
articles, plain, quoted and lower-cased. Each answer of the page (total, partial count, ids in order, snippets,
hit fields, facets, notes, suggestion) is compared with ``SearchIndex.search``'s (``tests/site/parity.py``).
Prints every difference and a summary; exits 1 if there was any. The test suite runs a fixed sample of the same
kind (``tests/site/test_search_real.py``); this runs as many as you like, on any corpus.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path


def _filters(ix: object, rng: random.Random) -> list[str]:
    reader = ix.reader  # type: ignore[attr-defined]
    months = sorted({d[:7] for d in reader.field_terms("month") if d})
    officials = sorted(reader.field_terms("official"))
    roles = sorted(reader.field_terms("role"))
    out = [*(f"official:{o}" for o in rng.sample(officials, min(5, len(officials)))),
           *(f'role:"{r}"' for r in rng.sample(roles, min(3, len(roles)))),
           *(f"country:{c}" for c in sorted(reader.field_terms("country"))[:3])]
    if months:
        out += [*(f"month:{m}" for m in rng.sample(months, min(3, len(months)))),
                f"date:{months[0]}..{months[len(months) // 2]}", f"-month:{months[-1]}",
                f"year:{months[len(months) // 3][:4]}"]
    return out


def _runs(docs: Path, rng: random.Random, count: int = 30) -> list[str]:
    """Runs of two to five words of random articles: as written, quoted, lower-cased."""
    out = []
    for path in rng.sample(files := sorted(docs.iterdir()), min(count, len(files))):
        words = path.read_text(encoding="utf-8", errors="replace").split()
        if len(words) < 2:
            continue
        i = rng.randrange(max(1, len(words) - 5))
        run = " ".join(words[i:i + rng.randint(2, 5)])
        out += [run, f'"{run}"', run.lower()]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", type=Path, help="a folder of articles")
    parser.add_argument("--work", type=Path, help="where the index and the site go (default: a new temporary folder)")
    parser.add_argument("--seeds", default="11,12,13", help="comma-separated random seeds (default 11,12,13)")
    parser.add_argument("--count", type=int, default=200, help="random queries per seed (default 200)")
    args = parser.parse_args(argv)

    from search import build_index, open_index
    from search.site.export import export_search
    from tests.site.cdp import Browser, find_chromium
    from tests.site.parity import differences, expected, in_page, on_screen
    from tests.site.test_search_real import KEYS, random_queries

    if find_chromium() is None:
        print("no `chromium` on PATH: install Debian's package (`make browser` as root)", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="parity-sweep-"))
    if not (work / "site" / "search.html").exists():
        started = time.perf_counter()
        report = build_index([args.docs], work / "index", rebuild=True)
        export_search(work / "index", work / "site")
        print(f"indexed {report.added} articles and exported the site into {work} in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    problems: list[str] = []
    asked = 0
    with open_index(work / "index") as ix, Browser() as browser:
        console = on_screen(browser, work / "site", "").console
        if console:
            print("console messages on opening the page:", *console, sep="\n  ")
        browser.evaluate("NewsSearch.ready().then(() => 1)")
        for seed in (int(s) for s in args.seeds.split(",")):
            rng = random.Random(seed)
            queries = random_queries(args.docs, rng, _filters(ix, rng), args.count) + _runs(args.docs, rng)
            for query in queries:
                found = differences(query, expected(ix, query), in_page(browser, query), KEYS)
                for line in found:
                    print(line)
                problems += found
            asked += len(queries)
            print(f"seed {seed}: {len(queries)} queries; {asked} in all, {len(problems)} differences so far",
                  file=sys.stderr)
    print(f"{asked} queries, {len(problems)} differences between the page and the CLI"
          + ("" if not console else f"; {len(console)} console messages"))
    return 1 if problems or console else 0


if __name__ == "__main__":
    sys.exit(main())
