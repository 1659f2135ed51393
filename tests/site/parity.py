"""The search page against the CLI: the same query through ``SearchIndex.search`` (what ``search query`` runs)
and through the page's engine in Chromium, compared field by field.

    expected(ix, "Hun Manet")          -> {"total": 4, "partial": 0, "ids": [...], "snippets": [...], ...}
                                          ("fields": each hit's url, source, author, section, date and its marks)
    in_page(browser, "Hun Manet")      -> the same keys, from NewsSearch.search in search.html
    on_screen(browser, site, "Hun Manet") -> Page: data-total and the data-id elements, as rendered
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from search.errors import SearchError

from .cdp import Browser, Page

Result = dict[str, Any]


def expected(ix: Any, query: str, limit: int = 10, offset: int = 0) -> Result:
    try:
        r = ix.search(query, limit=limit, offset=offset)
    except SearchError as e:
        return {"error": e.message}
    return {"total": r.total, "partial": r.partial, "ids": [h.id for h in r.hits],
            "snippets": [list(h.snippets) for h in r.hits], "notes": list(r.notes), "suggestion": r.suggestion,
            "facets": {name: [[v, n] for v, n in counts.items()] for name, counts in r.facets.items()},
            "fields": [[h.url, h.source, h.author, h.section, h.date, h.date_inferred, h.date_future]
                       for h in r.hits]}


def in_page(browser: Browser, query: str, limit: int = 10, offset: int = 0) -> Result:
    """The page's engine, called in the open search.html (no reload: about 20 ms a query)."""
    got: Result = browser.evaluate(
        f"NewsSearch.search({json.dumps(query)}, {{limit: {limit}, offset: {offset}}}).then("
        "(r) => ({total: r.total, partial: r.partial, ids: r.hits.map((h) => h.id),"
        " snippets: r.hits.map((h) => h.snippets), notes: r.notes, facets: r.facets, suggestion: r.suggestion,"
        " fields: r.hits.map((h) => [h.url, h.source, h.author, h.section, h.date, h.dateInferred, h.dateFuture])}),"
        " (e) => ({error: e.message, stack: String(e.stack)}))")
    return got


def on_screen(browser: Browser, site: Path, query: str, page: int = 1) -> Page:
    url = (site / "search.html").resolve().as_uri() + "?q=" + quote(query) + (f"&page={page}" if page > 1 else "")
    return browser.open(url)


def records_of(articles: dict[str, str]) -> list[dict[str, Any]]:
    """The query tests' articles (``name.txt`` -> ``"title\n\nbody"``) as records, dated a day apart."""
    return [{"id": name.removesuffix(".txt"), "title": text.split("\n\n")[0], "body": text.split("\n\n")[1],
             "date": f"2024-01-{n + 1:02}"} for n, (name, text) in enumerate(articles.items())]


def open_collection(browser: Browser, folder: Path, records: list[dict[str, Any]]) -> Path:
    """``records`` written as one JSON Lines file, indexed into ``folder/index`` and exported to ``folder/site``,
    whose search page is then opened and ready in ``browser`` (no console message). Returns the index."""
    from search import build_index
    from search.site.export import export_site

    docs = folder / "docs"
    docs.mkdir()
    (docs / "records.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                        encoding="utf-8")
    build_index([docs], folder / "index", procs=1)
    export_site(folder / "index", folder / "site", [])
    assert on_screen(browser, folder / "site", "").console == []
    browser.evaluate("NewsSearch.ready().then(() => 1)")
    return folder / "index"


def differences(query: str, want: Result, got: Result,
                keys: tuple[str, ...] = ("total", "partial", "ids")) -> list[str]:
    if "error" in want or "error" in got:
        if ("error" in want) != ("error" in got):
            return [f"{query!r}: CLI {want.get('error', want.get('total'))!r}, page {got.get('error')!r} "
                    f"{got.get('stack', '')[:400]}"]
        return []
    return [f"{query!r} {k}: CLI {want[k]!r}, page {got.get(k)!r}" for k in keys if want[k] != got.get(k)]
