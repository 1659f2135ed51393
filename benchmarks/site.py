"""The exported site's search page, measured: ``python -m benchmarks.site --sizes 5k [--per-kind 20] [--full]``.

For each size: the benchmark corpus (benchmarks/corpus.py) is indexed, the site exported (``--full``: every
page, else the search page and its data alone, which is what a query touches), and the benchmark queries
(benchmarks/queries.py: Vietnamese, Khmer, English words, names, phrases, and Cranfield questions) are opened
one by one as ``search.html?q=...`` in headless Chromium from file://, a fresh page each time, one browser for
all. Per query: the kilobytes of the files the page loaded (engine, data; the page and its stylesheet
included), the time from the start of navigation to the results on screen, the engine's own time, and whether
the total and top ten equal the CLI's. Before each query a blank page (``blank.html``, written beside
search.html: one inline script stamping the results' mark) is opened the same way, so that what the browser
alone takes is measured in the same run, and each query's time less the blank page's just before it.
Writes benchmarks/SITE-RESULTS.md and benchmarks/site-results.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .corpus import DEFAULT_DATA, REPO, WORK, Corpus, build_corpus, parse_size, select_base, size_label
from .metrics import median, percentile
from .queries import Query, cranfield_queries, sample_queries
from .sources import load_all, load_cranfield_queries


def progress(message: str) -> None:
    print(f"[site {datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def folder_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


# Submit a query in the open page's search box and resolve, once the results have been painted, with the time
# from the submit to the results in the page (``ms``: a MutationObserver sees them as run() puts them there;
# polling with setTimeout(poll, 1), clamped to 4 ms, saw them a median 4 ms later) and to their first paint
# (``painted_ms``: the Element Timing entry of the element page.js marks "results"; null if none in 5 s).
TYPE_QUERY = """
new Promise((resolve) => {
  const form = document.querySelector('#search-form');
  form.querySelector('input[name=q]').value = %(query)s;
  const shown = () => document.querySelector('[data-total]') || document.querySelector('[data-error]');
  let found = null, painted = null, late = false;
  const done = () => {
    if (found === null || (painted === null && !late)) return;
    resolve(Object.assign(found, {painted_ms: painted === null ? null : Math.round((painted - started) * 10) / 10}));
  };
  new MutationObserver((changes, seen) => {
    if (!shown()) return;
    seen.disconnect();
    const total = document.querySelector('[data-total]'), error = document.querySelector('[data-error]');
    const stamp = Number(document.documentElement.dataset.rendered || 0);  // page.js: when it put them there
    found = {ms: Math.round((performance.now() - started) * 10) / 10,
             rendered_ms: stamp >= started ? Math.round((stamp - started) * 10) / 10 : null,
             total: total ? Number(total.getAttribute('data-total')) : null,
             error: error ? error.getAttribute('data-error') : null,
             ids: Array.from(document.querySelectorAll('[data-id]'), (e) => e.getAttribute('data-id'))};
    setTimeout(() => { late = true; done(); }, 5000);
    done();
  }).observe(document.querySelector('#results'), {childList: true, subtree: true});
  new PerformanceObserver((list, watch) => {
    const entry = list.getEntries().find((e) => e.identifier === 'results' && e.renderTime >= started);
    if (entry) { watch.disconnect(); painted = entry.renderTime; done(); }
  }).observe({type: 'element'});
  const started = performance.now();
  form.requestSubmit();
})
"""

# The first paint of the results of a page opened with its query, from the start of navigation (page.js marks
# them "results" for Element Timing), or null when there was none in 5 s (or the page marks nothing: before 12-04).
PAINTED = """
new Promise((resolve) => {
  if (!document.querySelector('[elementtiming]')) return resolve(null);
  const watch = new PerformanceObserver((list) => {
    const entry = list.getEntries().find((e) => e.identifier === 'results');
    if (entry) { watch.disconnect(); resolve(Math.round(entry.renderTime * 10) / 10); }
  });
  watch.observe({type: 'element', buffered: true});
  setTimeout(() => resolve(null), 5000);
})
"""


# A blank page, written beside search.html and opened the same way before each query: what the browser takes for
# a page that does nothing, measured in the same run (on a shared machine, a figure taken apart is another load's).
# Its one inline script stamps the mark page.js stamps on the results (<html data-rendered>) and the element
# Browser.open waits for (data-total).
BLANK = "blank.html"
BLANK_HTML = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>blank</title></head>\n'
              '<body><script>document.body.dataset.total = "0";'
              ' document.documentElement.dataset.rendered = performance.now().toFixed(1);</script></body></html>\n')


def open_blank(browser: Any, out: Path) -> float:
    """A fresh navigation to the blank page beside the site's search.html: ms from its start to its script's mark."""
    page = browser.open((out / BLANK).resolve().as_uri() + "?q=", timeout=60)
    return float(page.rendered_ms)


def indexed(n: int, data: Path, say: Any = progress) -> tuple[Corpus, Path, list[Any]]:
    """The benchmark corpus of ``n`` articles, its index (built once, then only checked) and the articles the
    queries are sampled from (``queries_for``)."""
    sys.path.insert(0, str(REPO))
    from search import build_index

    base = load_all(data, REPO / "seeds")
    corpus = build_corpus(n, data, base=base)
    index = WORK / "indexes" / f"site-{n}"
    say(f"indexing {corpus.articles} articles (incremental: an index already built is only checked)")
    from search.errors import IndexFormatError

    try:
        build_index([corpus.docs], index)
    except IndexFormatError:  # left by an older version of the engine: this scratch index is made again
        say("the index there has another format: rebuilt")
        build_index([corpus.docs], index, rebuild=True)
    return corpus, index, select_base(base, n)


def queries_for(pool: list[Any], per_kind: int, data: Path) -> list[Query]:
    """The benchmark's queries: ``per_kind`` of each kind, and as many Cranfield questions."""
    queries = sample_queries(pool, per_kind)
    return queries + cranfield_queries(load_cranfield_queries(data), {a.id for a in pool}, limit=per_kind)


def measure(n: int, per_kind: int, full: bool, data: Path, blank: bool = True) -> dict[str, Any]:
    from search import open_index
    from search.errors import SearchError
    from search.site.export import export_search, export_site
    from tests.site.cdp import Browser

    corpus, index, pool = indexed(n, data)
    out = WORK / f"site-{n}"
    shutil.rmtree(out, ignore_errors=True)
    progress("exporting")
    started = time.perf_counter()
    report = export_site(index, out) if full else export_search(index, out)
    export_seconds = time.perf_counter() - started
    files, size = folder_size(out)
    search_files, search_size = folder_size(out / "search")
    queries = queries_for(pool, per_kind, data)
    if blank:
        (out / BLANK).write_text(BLANK_HTML, encoding="utf-8")
    rows = []
    with open_index(index) as ix, Browser(timeout=60) as browser:
        browser.open((out / "search.html").resolve().as_uri())  # the browser's own start, not a query's
        if blank:
            open_blank(browser, out)  # the blank page's first opening, not a measure
        for q in queries:
            try:
                r = ix.search(q.text, limit=10)
                want: Any = (r.total, [h.id for h in r.hits])
            except SearchError as e:
                want = e.message
            blank_ms = open_blank(browser, out) if blank else None  # the same navigation, right before
            page = browser.open((out / "search.html").resolve().as_uri() + "?q=" + quote(q.text), timeout=60)
            took = browser.evaluate("Number((document.querySelector('[data-took]') || {dataset: {}}).dataset.took"
                                    " || 0)")
            dcl = browser.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventStart")
            painted = browser.evaluate(PAINTED)
            loaded = ["search.html", "style.css", "search/engine.js"] + [f"search/{name}.js" for name in page.loaded]
            kb = sum((out / rel).stat().st_size for rel in loaded) / 1000
            got = page.error if page.error is not None else (page.total, page.ids)
            rows.append({"kind": q.kind, "query": q.text, "kb": round(kb, 1), "files": len(loaded),
                         "rendered_ms": page.rendered_ms, "painted_ms": painted, "dcl_ms": round(dcl, 1),
                         "engine_ms": took, "blank_ms": blank_ms,
                         "minus_blank_ms": (round(page.rendered_ms - blank_ms, 1)
                                            if blank_ms is not None and page.rendered_ms else None),
                         "same": got == want, "want": want, "console": page.console})
        # The same queries typed one after the other into one open page, as a reader does after the first:
        # the engine has started, and the files earlier queries loaded are there.
        browser.open((out / "search.html").resolve().as_uri())
        # DevTools' Page domain, which navigations need (load events), made history.pushState (each submit)
        # take 6 ms instead of 0.1 at load 8: a cost a reader's browser does not have. Off while typing.
        browser.call("Page.disable", session=browser.session)
        for row in rows:
            typed = browser.evaluate(TYPE_QUERY % {"query": json.dumps(row["query"])}, timeout=60)
            got = typed["error"] if typed["error"] is not None else (typed["total"], typed["ids"])
            row["typed_ms"] = typed["ms"]
            row["typed_painted_ms"] = typed["painted_ms"]
            row["typed_same"] = got == row.pop("want")
    kbs = [r["kb"] for r in rows]
    times = [r["rendered_ms"] for r in rows if r["rendered_ms"]]
    engine = [r["engine_ms"] for r in rows if r["engine_ms"]]
    typed = [r["typed_ms"] for r in rows]
    painted = [r["painted_ms"] for r in rows if r["painted_ms"]]
    typed_painted = [r["typed_painted_ms"] for r in rows if r["typed_painted_ms"]]
    blanks = [r["blank_ms"] for r in rows if r["blank_ms"]]
    minus = [r["minus_blank_ms"] for r in rows if r["minus_blank_ms"] is not None]
    return {
        "size": n, "articles": corpus.articles, "full_export": full, "export_seconds": round(export_seconds, 1),
        "site_files": files, "site_mb": round(size / 1e6, 1), "search_files": search_files,
        "search_mb": round(search_size / 1e6, 1), "queries": len(rows),
        "same_as_cli": sum(r["same"] for r in rows), "console_messages": sum(bool(r["console"]) for r in rows),
        "kb_p50": round(median(kbs), 1), "kb_p95": round(percentile(kbs, 95), 1),
        "first_result_ms_p50": round(median(times), 1), "first_result_ms_p95": round(percentile(times, 95), 1),
        "engine_ms_p50": round(median(engine), 1), "engine_ms_p95": round(percentile(engine, 95), 1),
        "blank_ms_p50": round(median(blanks), 1) if blanks else None,
        "blank_ms_p95": round(percentile(blanks, 95), 1) if blanks else None,
        "minus_blank_ms_p50": round(median(minus), 1) if minus else None,
        "minus_blank_ms_p95": round(percentile(minus, 95), 1) if minus else None,
        "typed_ms_p50": round(median(typed), 1), "typed_ms_p95": round(percentile(typed, 95), 1),
        "painted": len(painted), "painted_ms_p50": round(median(painted), 1) if painted else None,
        "painted_ms_p95": round(percentile(painted, 95), 1) if painted else None,
        "typed_painted": len(typed_painted),
        "typed_painted_ms_p50": round(median(typed_painted), 1) if typed_painted else None,
        "typed_painted_ms_p95": round(percentile(typed_painted, 95), 1) if typed_painted else None,
        "typed_same": sum(r["typed_same"] for r in rows),
        "by_kind": {k: {"kb_p50": round(median([r["kb"] for r in rows if r["kind"] == k]), 1),
                        "ms_p50": round(median([r["rendered_ms"] for r in rows if r["kind"] == k]), 1),
                        "minus_blank_ms_p50": round(median(m), 1) if (m := [
                            r["minus_blank_ms"] for r in rows
                            if r["kind"] == k and r["minus_blank_ms"] is not None]) else None}
                    for k in sorted({r["kind"] for r in rows})},
        "differences": [r for r in rows if not r["same"]],
        "rows": rows, "pages_written": report.pages,
    }


def write_report(results: list[dict[str, Any]], path: Path) -> None:
    lines = ["# The search page, measured (`python -m benchmarks.site`)", "",
             "Headless Chromium 156 (Debian), pages opened from file://, a fresh page per query, one browser.",
             "KB: every file the page loaded for the query (search.html, style.css, the engine, data files).",
             "First result: from the start of navigation to the results put in the page (page.js stamps",
             "<html data-rendered> as it inserts them); painted: to their first paint (Element Timing). The",
             "engine's part starts when the page's HTML is parsed. Blank: a page of one inline script that stamps",
             "the same mark, opened the same way right before each query (the browser's own time in the same",
             "run); minus the blank: each query's first result less the blank page's time just before it.",
             "Typed: the same queries submitted one after the other in one open page (the engine started, the",
             "files of earlier queries loaded), from the submit to the results in the page (seen by a",
             "MutationObserver) and to their first paint.", "",
             "| | " + " | ".join(size_label(r["size"]) for r in results) + " |",
             "|---|" + "---|" * len(results)]

    def row(label: str, fmt: Any) -> None:
        lines.append(f"| {label} | " + " | ".join(fmt(r) for r in results) + " |")

    row("articles", lambda r: f"{r['articles']:,}")
    row("export (s)", lambda r: f"{r['export_seconds']}" + (" (whole site)" if r["full_export"] else " (search only)"))
    row("site: files, MB", lambda r: f"{r['site_files']:,}, {r['site_mb']}")
    row("search data: files, MB", lambda r: f"{r['search_files']:,}, {r['search_mb']}")
    row("queries: same total and top 10 as the CLI", lambda r: f"{r['same_as_cli']}/{r['queries']}")
    row("KB loaded per query p50 / p95", lambda r: f"{r['kb_p50']} / {r['kb_p95']}")
    row("first result ms p50 / p95", lambda r: f"{r['first_result_ms_p50']} / {r['first_result_ms_p95']}")
    row("engine ms p50 / p95", lambda r: f"{r['engine_ms_p50']} / {r['engine_ms_p95']}")
    row("a blank page opened the same way: ms p50 / p95",
        lambda r: f"{r.get('blank_ms_p50')} / {r.get('blank_ms_p95')}")
    row("first result minus the blank page before it: ms p50 / p95",
        lambda r: f"{r.get('minus_blank_ms_p50')} / {r.get('minus_blank_ms_p95')}")
    row("first result painted ms p50 / p95 (queries painted)",
        lambda r: f"{r['painted_ms_p50']} / {r['painted_ms_p95']} ({r['painted']})")
    row("a query typed in the open page: ms to results p50 / p95",
        lambda r: f"{r['typed_ms_p50']} / {r['typed_ms_p95']}")
    row("typed: ms to the results painted p50 / p95 (queries painted)",
        lambda r: f"{r['typed_painted_ms_p50']} / {r['typed_painted_ms_p95']} ({r['typed_painted']})")
    row("typed: same total and top 10 as the CLI", lambda r: f"{r['typed_same']}/{r['queries']}")
    row("queries with a console message", lambda r: str(r["console_messages"]))
    lines += ["", "Per kind (KB p50, first result ms p50, minus the blank page p50):", ""]
    for r in results:
        lines.append(f"- {size_label(r['size'])}: " + "; ".join(
            f"{k} {v['kb_p50']} KB {v['ms_p50']} ms" +
            (f" ({v['minus_blank_ms_p50']} minus the blank)" if v.get("minus_blank_ms_p50") is not None else "")
            for k, v in r["by_kind"].items()))
    for r in results:
        for d in r["differences"][:10]:
            lines.append(f"- {size_label(r['size'])} differs: {d['kind']} {d['query']!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5k")
    parser.add_argument("--per-kind", type=int, default=20)
    parser.add_argument("--full", action="store_true", help="export every page (slow at 100k), not only search")
    parser.add_argument("--no-blank", action="store_true", help="open no blank page before each query")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks")
    opts = parser.parse_args(argv)
    results = []
    for size in opts.sizes.split(","):
        results.append(measure(parse_size(size), opts.per_kind, opts.full, opts.data, blank=not opts.no_blank))
        progress(json.dumps({k: v for k, v in results[-1].items() if k not in ("rows", "differences", "by_kind")}))
    opts.out.mkdir(parents=True, exist_ok=True)
    (opts.out / "site-results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
    write_report(results, opts.out / "SITE-RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
