"""Pagefind next to the exported site's search page: ``python -m benchmarks.pagefind --size 5k [--per-kind 20]``.

Pagefind (``pagefind[extended]`` from PyPI, pinned in the ``bench`` extras) indexes the article pages of a full
export of the benchmark corpus (``--root-selector article``: the article's title, facts and text, not the site's
navigation). Pagefind cannot run from ``file://`` (its maintainers: a server is "the only real solution"), so the
folder is served by a local HTTP server for it. The benchmark queries (those of ``benchmarks.site``) are then
asked one by one in headless Chromium, a fresh page each with the browser's cache off: the page imports
Pagefind, searches, and loads the data of the first ten results (what a results list shows). Per query: the
kilobytes of the files the server sent for it (the page itself aside), the time from the start of navigation to
the ten results' data, and Pagefind's number of results, compared with the CLI's total: a query the CLI answers
and Pagefind finds nothing for is a silent miss. Writes benchmarks/PAGEFIND-RESULTS-<size>.md and
benchmarks/pagefind-results-<size>.json, next to the search page's figures of the last ``benchmarks.site`` run
(benchmarks/site-results.json) when it has this size.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .corpus import DEFAULT_DATA, REPO, WORK, parse_size, size_label
from .metrics import median, percentile
from .site import indexed, queries_for

FOLDER = REPO / "benchmarks"  # PAGEFIND-RESULTS-<size>.md and pagefind-results-<size>.json
SITE_RAW = REPO / "benchmarks" / "site-results.json"

# The page Pagefind's documentation describes (its JavaScript API), reduced to what is measured: search, then
# the data of the first ten results. Nothing from the query reaches the page's HTML: it is read from the URL.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind</title></head><body>
<script type="module">
const q = new URLSearchParams(location.search).get("q") || "";
try {
  const pagefind = await import("./pagefind/pagefind.js");
  const found = await pagefind.search(q);
  const top = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
  window.done = {total: found.results.length, urls: top.map((d) => d.url), ms: performance.now()};
} catch (e) {
  window.done = {error: String(e), ms: performance.now()};
}
</script></body></html>
"""

WAIT = """
new Promise((resolve, reject) => {
  const started = Date.now();
  (function poll() {
    if (window.done) resolve(window.done);
    else if (Date.now() - started > 60000) resolve({error: "no answer in 60 s", ms: null});
    else setTimeout(poll, 5);
  })();
})
"""


def progress(message: str) -> None:
    print(f"[pagefind {datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


class _Counting(http.server.SimpleHTTPRequestHandler):
    """Serves the folder quietly and lists what it sent (path, bytes): what a query made the page load, whoever
    in the page asked for it (the page's own resource timing listed 2 of the about 14 files a query loads)."""

    sent: list[tuple[str, int]] = []

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        outputfile.write(data)
        self.sent.append((self.path, len(data)))


def measure(n: int, per_kind: int, data: Path, reuse: bool = False) -> dict[str, Any]:
    corpus, index, pool = indexed(n, data, progress)
    from search import open_index
    from search.errors import SearchError
    from search.site.export import export_site
    from tests.site.cdp import Browser

    site = WORK / f"pagefind-site-{n}"
    progress("exporting the site (every page)")
    export_site(index, site)
    bundle = site / "pagefind"
    index_seconds = None
    if not (reuse and (bundle / "pagefind-entry.json").exists()):
        shutil.rmtree(bundle, ignore_errors=True)
        progress("indexing the article pages with Pagefind")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "articles/*.html",
                        "--root-selector", "article", "--output-subdir", "pagefind", "--quiet"], check=True)
        index_seconds = round(time.perf_counter() - started, 1)
    (site / "pagefind.html").write_text(PAGE, encoding="utf-8")
    files = [p for p in bundle.rglob("*") if p.is_file()]
    queries = queries_for(pool, per_kind, data)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Counting, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/pagefind.html"
    rows = []
    try:
        # The browser the tests use has no network at all; Pagefind needs this one local server.
        local = ("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",)
        with open_index(index) as ix, Browser(timeout=60, flags=local) as browser:
            # Nothing from the browser's cache: every query is a first visit, as each search.html?q=... is there.
            browser.call("Network.enable", session=browser.session)
            browser.call("Network.setCacheDisabled", session=browser.session, cacheDisabled=True)
            browser.navigate(url + "?q=warm")  # the browser's own start, not a query's
            browser.evaluate(WAIT, timeout=70)
            for i, q in enumerate(queries):
                if i and i % 20 == 0:
                    progress(f"{i} of {len(queries)} queries asked")
                try:
                    cli: int | None = ix.search(q.text, limit=10).total
                except SearchError:
                    cli = None
                _Counting.sent.clear()
                browser.navigate(url + "?q=" + quote(q.text), timeout=60)
                got = browser.evaluate(WAIT, timeout=70)
                loaded = [size for path, size in _Counting.sent if not path.startswith("/pagefind.html")]
                rows.append({"kind": q.kind, "query": q.text, "kb": round(sum(loaded) / 1000, 1),
                             "files": len(loaded), "ms": got["ms"] and round(got["ms"], 1),
                             "total": got.get("total"), "error": got.get("error"),
                             "cli_total": cli, "console": browser.console()})
    finally:
        server.shutdown()
    answered = [r for r in rows if r["error"] is None]
    kbs = [r["kb"] for r in answered]
    times = [r["ms"] for r in answered]
    misses = [r for r in answered if r["cli_total"] and not r["total"]]
    return {
        "size": n, "articles": corpus.articles, "pagefind_index_seconds": index_seconds,
        "failed": [{"query": r["query"], "error": r["error"]} for r in rows if r["error"] is not None],
        "pagefind_files": len(files), "pagefind_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
        "queries": len(rows), "kb_p50": round(median(kbs), 1), "kb_p95": round(percentile(kbs, 95), 1),
        "first_result_ms_p50": round(median(times), 1), "first_result_ms_p95": round(percentile(times, 95), 1),
        "silent_misses": len(misses), "console_messages": sum(bool(r["console"]) for r in rows),
        "by_kind": {k: {"queries": sum(r["kind"] == k for r in rows),
                        "kb_p50": round(median([r["kb"] for r in answered if r["kind"] == k] or [0]), 1),
                        "misses": sum(r["kind"] == k for r in misses)}
                    for k in sorted({r["kind"] for r in rows})},
        "rows": rows,
    }


def ours(n: int, raw: Path = SITE_RAW) -> dict[str, Any] | None:
    """The search page's figures for this size from a ``benchmarks.site`` run (its JSON), if any."""
    if not raw.exists():
        return None
    found = [r for r in json.loads(raw.read_text(encoding="utf-8")) if r.get("size") == n]
    return found[0] if found else None


def write_report(result: dict[str, Any], command: str, ours_: dict[str, Any] | None, out: Path) -> None:
    r = result
    lines = [f"# Pagefind next to the search page ({size_label(r['size'])})", "",
             f"- Command: `{command}`", f"- Date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}",
             f"- Pagefind 1.5.2 (`pagefind[extended]`), the article pages of a full export of {r['articles']:,} "
             f"articles: {r['pagefind_files']:,} files, {r['pagefind_mb']} MB, "
             + (f"indexed in {r['pagefind_index_seconds']} s" if r["pagefind_index_seconds"] is not None else
                "indexed by an earlier run (--reuse)")
             + "; served over HTTP (it does not run from file://)",
             f"- {r['queries']} queries (those of `benchmarks.site`), a fresh page each in headless Chromium", "",
             "| | Pagefind | search page (`benchmarks.site`) |", "|---|---:|---:|"]
    mine = ours_ or {}

    def cell(key: str) -> str:
        return f"{mine[key]:,}" if key in mine else "not run"

    lines += [f"| KB per query p50 / p95 | {r['kb_p50']:,} / {r['kb_p95']:,} | {cell('kb_p50')} / {cell('kb_p95')} |",
              f"| first result p50 / p95 (ms) | {r['first_result_ms_p50']:,} / {r['first_result_ms_p95']:,} | "
              f"{cell('first_result_ms_p50')} / {cell('first_result_ms_p95')} |",
              f"| queries the CLI answers that find nothing | {r['silent_misses']} / {r['queries']} | "
              + (f"{mine['queries'] - mine['same_as_cli']} differ from the CLI |" if mine else "not run |"),
              f"| console messages | {r['console_messages']} | {cell('console_messages')} |",
              f"| queries with no answer (an error, or none in 60 s) | {len(r['failed'])} | "
              f"{'(among the differences above)' if mine else 'not run'} |",
              f"| Vietnamese accented words (vi-accent): total / the CLI's total, median | {_accent_ratio(r)} | "
              f"1 (the CLI's total is the number of articles that spell the word so: benchmarks/RESULTS.md) |", "",
              "Per kind (Pagefind): queries, KB p50, queries the CLI answers that Pagefind finds nothing for.", "",
              "| kind | queries | KB p50 | nothing found |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {v['queries']} | {v['kb_p50']:,} | {v['misses']} |" for k, v in r["by_kind"].items()]
    lines += ["", "The search page works from file:// and its figures include the page, its engine and stylesheet; "
              "Pagefind's, every resource but the page itself. The search page gives the CLI's total and top ten "
              "(checked per query); Pagefind's ranking is its own, so only whether it finds anything is compared.",
              ""]
    out.write_text("\n".join(lines), encoding="utf-8")


def _accent_ratio(result: dict[str, Any]) -> str:
    """How many times more articles Pagefind counts for an accented Vietnamese word than the CLI (which counts the
    articles that spell it so): Pagefind folds diacritics away (``xã`` is also ``xa``, ``xà``...)."""
    ratios = [r["total"] / r["cli_total"] for r in result["rows"] if r["kind"] == "vi-accent" and r["cli_total"]]
    return f"{median(ratios):.2f}" if ratios else "n/a"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pagefind", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="5k", help="number of articles: 5k, 20k, 300 ...")
    parser.add_argument("--per-kind", type=int, default=20, help="queries of each kind (default 20)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--reuse", action="store_true", help="keep the Pagefind index a previous run made")
    parser.add_argument("--site-results", type=Path, default=SITE_RAW,
                        help="the search page's figures to show beside (a benchmarks.site JSON)")
    opts = parser.parse_args(args)
    try:
        import pagefind  # noqa: F401 - only whether it is installed
    except ImportError:
        progress("skipped: Pagefind is not installed (pip install -e '.[bench]')")
        return 0
    n = parse_size(opts.size)
    result = measure(n, opts.per_kind, opts.data, opts.reuse)
    label = size_label(n)
    md, raw = FOLDER / f"PAGEFIND-RESULTS-{label}.md", FOLDER / f"pagefind-results-{label}.json"
    raw.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    write_report(result, "python -m benchmarks.pagefind " + " ".join(args), ours(n, opts.site_results), md)
    progress(f"wrote {md} and {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
