"""What the search page's time is made of, by taking parts away: ``python -m benchmarks.site_bounds [--size 5000]
[--variants no-articles,ready-only,...] [--rounds 1]``.

The search page (issue 12's goal: results on screen in 100 ms at p95 at 5k, from a fresh page opened as
``search.html?q=...``) has no one slow part that a profile shows; this measures what each part costs by removing
it. Each variant is the page's engine with one thing taken away (a text replacement in a temporary copy of the
``search`` package, refused when the source no longer holds the text), exported from the same index as the
page itself, then every variant and the page are opened query by query in one headless Chromium, as
``benchmarks.site_paired`` does (its table: on screen p50 / p95, per-query ratio to the page). A variant that
removes work gives other answers (``no-articles``: hits without titles): it is a bound, not a candidate.

    ready-only     the search returns nothing once the files every query loads are read (meta, officials,
                   docs, keys): the floor of navigation, engine and those files, before any word of the query
    no-articles    the hits made without their article files (no title, no snippet): the articles' round
    no-snippets    the article files loaded, no snippet made
    no-facets      no facet counted or shown
    no-stylesheet  search.html without its stylesheet (the page's own layout and paint)
    high-priority  the data files' script elements asked for with fetchpriority="high"

Writes benchmarks/SITE-BOUNDS.md (and the page loads with ``--out``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .corpus import DEFAULT_DATA, REPO, WORK

RETURN_EMPTY = ("return {query, total: 0, partial: 0, hits: [], facets: {}, notes: [], offset, limit, suggestion: null,"
                " words: 0, tookMs: performance.now() - started};")
READY = '    await NS.ready();\n    mark("ready");\n'
ARTICLE = 'return Promise.all(page.map((n) => NS.load("art/" + n).then((a) => {'
SNIPPETS = "if (options.snippets !== false) {\n        const found"

# variant -> [(file in search/site/js, text, replacement)]; "search.html" edits the exported page instead
VARIANTS: dict[str, list[tuple[str, str, str]]] = {
    "ready-only": [("searcher.js", READY, READY + "    " + RETURN_EMPTY + "\n")],
    "no-articles": [("searcher.js", ARTICLE,
                     'return Promise.all(page.map((n) => Promise.resolve({id: String(n), href: "#", title: "", '
                     'lang: "und", off: []}).then((a) => {'),
                    ("searcher.js", SNIPPETS, "if (false) {\n        const found")],
    "no-snippets": [("searcher.js", SNIPPETS, "if (false) {\n        const found")],
    "no-facets": [("searcher.js", "facets: facetCounts(listed, facetNames, docs),", "facets: {},")],
    "no-stylesheet": [("search.html", '<link rel="stylesheet" href="style.css">', "")],
    "high-priority": [("data.js", "      el.async = true;\n",
                       '      el.async = true;\n      el.fetchPriority = "high";\n')],
}


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise SystemExit(f"{path.name} holds {text.count(old)} times the text this variant replaces "
                         f"(the source changed: update benchmarks/site_bounds.py): {old[:60]!r}")
    path.write_text(text.replace(old, new), encoding="utf-8")


def export_variant(name: str, index: Path, out: Path) -> None:
    """The search page exported from ``index`` into ``out`` by the repository's engine with ``name``'s edits."""
    edits = VARIANTS.get(name, [])
    with tempfile.TemporaryDirectory(prefix="site-bounds-") as tmp:
        shutil.copytree(REPO / "search", Path(tmp) / "search", ignore=shutil.ignore_patterns("__pycache__"))
        for file, old, new in edits:
            if file != "search.html":
                replace_once(Path(tmp) / "search" / "site" / "js" / file, old, new)
        shutil.rmtree(out, ignore_errors=True)
        code = "import sys; from search.site.export import export_search; export_search(sys.argv[1], sys.argv[2])"
        env = {**os.environ, "PYTHONPATH": tmp}
        subprocess.run([sys.executable, "-c", code, str(index), str(out)], env=env, check=True, cwd=tmp)
    for file, old, new in edits:
        if file == "search.html":
            replace_once(out / "search.html", old, new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated, of: " + ", ".join(VARIANTS))
    parser.add_argument("--queries", type=Path, default=REPO / "benchmarks" / "site-5k" / "site-results.json",
                        help="a benchmarks.site result file: its queries at --size articles")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="write every page load here (JSON)")
    parser.add_argument("--report", type=Path, default=REPO / "benchmarks" / "SITE-BOUNDS.md")
    opts = parser.parse_args(argv)
    names = [v for v in opts.variants.split(",") if v]
    unknown = [v for v in names if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s) {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")

    from .site import indexed, progress
    from .site_paired import measure, queries_of, report

    _, index, _ = indexed(opts.size, DEFAULT_DATA)
    folder = WORK / f"bounds-{opts.size}"
    sites = []
    for name in ["page", *names]:
        progress(f"exporting {name}")
        export_variant(name, index, folder / name)
        sites.append((name, folder / name))
    queries = queries_of(json.loads(opts.queries.read_text()), opts.size, opts.queries)
    progress(f"{len(queries)} queries x {len(sites)} sites x {opts.rounds} round(s)")
    rows = measure(sites, queries, opts.rounds)
    if opts.out:
        opts.out.write_text(json.dumps(rows, ensure_ascii=False) + "\n", encoding="utf-8")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout
    load = os.getloadavg()[0]
    table = report(rows)
    about = "\n\n".join((__doc__ or "").split("\n\n")[1:-1])  # the docstring without its command and last line
    opts.report.write_text(
        f"# What the search page's time is made of (`python -m benchmarks.site_bounds`)\n\n{about}\n\n"
        f"Run {datetime.datetime.now():%Y-%m-%d %H:%M}, commit {commit.strip()}, {opts.size:,} articles, "
        f"{len(queries)} queries, {opts.rounds} round(s), load {load:.1f} at the end. \"same as page\": the same "
        f"total and ids (a bound that removes work may differ).\n\n{table}\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
