"""Index -> a static HTML site that opens from file:// (no server, no network; JavaScript only for searching).

    export_site("index", "site", ["Hun Manet"]) writes, inside "site/" only:
        index.html  officials.html  search.html  style.css  .export-manifest.json
        articles/<slug>.html  officials/<slug>.html  lang/<code>.html  month/<YYYY-MM>.html  queries/<slug>.html
        lang/<code>-2.html ...       listings of more than LISTING_PAGE articles, in pages
        search/...                   the search page's engine and data (bundle.py)

Every page reads without JavaScript. Every page has a search box; search.html runs the CLI's query engine in
the browser (search/site/js, the same answers as `search query`), on the index's own postings (bundle.py).

Every link is relative, so the folder can be zipped, moved or opened from a USB stick. The same index always
exports the same bytes (no timestamps, stable order); files whose bytes did not change are not rewritten, and
pages a previous export wrote that no longer exist are removed, going by the manifest, never by a glob.
Ids, titles and text come from the documents and are never trusted: autoescape is on, ids become file names
through ``slug`` and every path is checked to resolve inside the output folder before it is written.
"""

from __future__ import annotations

import copy
import os
import posixpath
import select
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..errors import SearchError
from ..officials import stats as o
from ..processes import Forked
from ..query.facets import BY_NAME
from ..query.searcher import SearchIndex, open_index
from ..query.syntax import quote_value
from ..records import ExportReport, Hit, Results
from .bundle import BundleReport, write_search_bundle
from .files import ExportError, Namer, SiteWriter, saved_queries_of, site_stamp
from .filters import environment, lang_name, month_name, trusted_snippet

LATEST = 20  # articles on the home page
TOP_OFFICIALS = 20  # officials on the home page (all of them on officials.html)
RELATED = 5  # "related articles" per article page
QUERY_HITS = 50  # ranked hits on a saved query's page
LISTING_PAGE = 200  # articles per page of a language's or a month's listing
ProgressFn = Callable[[int, int], None]


# --- view data -------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Entry:
    """One article in a list (home, language, month, official pages)."""

    id: str
    title: str
    date: str | None
    date_inferred: bool
    lang: str
    date_future: bool = False  # after the time of indexing: listed after every dated article, and marked so


@dataclass(frozen=True, slots=True)
class FacetRow:
    """One facet value as shown: ("fr", "French (fr)", 12); ``page`` is the kind of page it links to, if any;
    ``typed``: the value fed back into a query (``lang:fr``, ``role:"Prime Minister"``)."""

    value: str
    label: str
    count: int
    page: str
    typed: str = ""


def facet_rows(name: str, counts: dict[str, int], names: dict[str, str]) -> list[FacetRow]:
    """Facet counts -> rows in the facet's own order (months newest first, the others by count)."""
    def label(value: str) -> str:
        if name == "lang":
            return f"{lang_name(value)} ({value})"
        if name == "month":
            return month_name(value)
        return names.get(value, value) if name == "official" else value

    return [FacetRow(v, label(v), n, BY_NAME[name].page, f"{name}:{quote_value(v)}") for v, n in counts.items()]




@dataclass(frozen=True, slots=True)
class HitView:
    hit: Hit
    snippets: tuple[Markup, ...]


@dataclass
class _Collection:
    """What the listing pages need, gathered while the article pages are written."""

    entries: list[Entry] = field(default_factory=list)
    by_lang: dict[str, list[Entry]] = field(default_factory=dict)
    by_month: dict[str, list[Entry]] = field(default_factory=dict)

    def add(self, e: Entry) -> None:
        self.entries.append(e)
        self.by_lang.setdefault(e.lang, []).append(e)
        if e.date and len(e.date) >= 7:  # a year alone has no month page
            self.by_month.setdefault(e.date[:7], []).append(e)


def _hit_views(hits: Iterable[Hit]) -> list[HitView]:
    return [HitView(h, tuple(trusted_snippet(s) for s in h.snippets)) for h in hits]


# --- the site --------------------------------------------------------------------------------------------
class _Site:
    def __init__(self, ix: SearchIndex, out: Path, progress: ProgressFn | None) -> None:
        self.ix = ix
        self.env = environment()
        self.names = Namer()
        self.writer = SiteWriter(out)
        self.progress = progress
        self.done = 0
        self.total = 0
        self.problems: list[str] = []
        self.search = BundleReport()
        self.peers: int | None = None  # a pipe on which a child process writes a byte per page (export.py)
        self.peer_pages = 0

    def render(self, rel: str, template: str, **context: Any) -> None:
        page_dir = posixpath.dirname(rel) or "."

        def link(kind: str, key: str = "") -> str:
            # Every id an index returns has its page, so articles are named on first use (in the same order
            # on every export of the same index); any other page must have been planned.
            target = self.names.add(kind, key) if kind == "article" else self.names.get(kind, key)
            if target is None:
                raise ExportError(f"internal error: {rel} links to a page that is not exported: {kind} {key!r}")
            return _relative(target, page_dir)

        def has(kind: str, key: str = "") -> bool:
            return self.names.get(kind, key) is not None

        def page(kind: str, key: str, number: int) -> str:
            return _relative(self.names.page(kind, key, number), page_dir)

        html = self.env.get_template(template).render(link=link, has=has, page=page, **context)
        self.writer.put(rel, html.encode("utf-8"))
        self.count()

    def count(self) -> None:
        """One more page written (by this process or a child)."""
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)
        if self.peers is not None:
            self.count_peers()

    def count_peers(self, wait: bool = False) -> None:
        """The pages a child process wrote meanwhile (a byte each on the pipe ``peers``); ``wait``: until the
        child closes it."""
        fd = self.peers
        while fd is not None:
            if wait:
                os.set_blocking(fd, True)
            try:
                got = os.read(fd, 4096)
            except BlockingIOError:
                return
            if not got:
                os.close(fd)
                self.peers = None
                return
            self.peers = None  # count() must not read again meanwhile
            for _ in got:
                self.peer_pages += 1
                self.count()
            self.peers = fd


def _relative(target: str, page_dir: str) -> str:
    """``posixpath.relpath(target, page_dir)`` for the site's paths (a file at the top or in one folder), which
    every link of every page asks for (``relpath`` resolves both paths: a tenth of an export's rendering)."""
    folder, _, name = target.rpartition("/")
    if page_dir == ".":
        return target
    if folder == page_dir:
        return name
    return posixpath.relpath(target, page_dir) if "/" in page_dir or "/" in folder else "../" + target


def _plan(site: _Site, overview: Results, summaries: Sequence[o.OfficialSummary],
          queries: Sequence[str]) -> None:
    """Name every page before rendering any, so each page knows which links exist."""
    n = site.names
    for kind in ("home", "officials", "css", *(("search",) if has_postings(site.ix) else ())):
        n.add(kind)
    for s in summaries:
        n.add("official", s.id)
    listings = 0
    for kind in ("lang", "month"):
        for key, count in overview.facets.get(kind, {}).items():
            for number in range(1, _pages(count) + 1):
                n.page(kind, key, number)
                listings += 1
    for q in queries:
        n.add("query", q)
    site.total = 3 + site.ix.doc_count + len(summaries) + listings + len(queries)


def _pages(count: int) -> int:
    return max(1, -(-count // LISTING_PAGE))


def _article_pages(site: _Site, start: int = 0, stop: int | None = None) -> list[Entry]:
    """The pages of the articles ``start:stop`` (in the order of ``articles()``), and their entries."""
    entries = []
    finder = site.ix.related()
    articles = site.ix.articles(start, stop) if start or stop is not None else site.ix.articles()
    for article in articles:
        entries.append(Entry(article.id, article.title, article.date, article.date_inferred, article.lang,
                             article.date_future))
        related = finder.similar(article.id, limit=RELATED, snippets=False)
        site.render(site.names.add("article", article.id), "article.html", article=article,
                    related=_hit_views(related.hits))
    return entries


def _articles_in_child(site: _Site, start: int, pages: int) -> tuple[list[Entry], int, list[str], int, int, int]:
    """In a forked child (``processes.Forked``): the article pages from ``start`` on, with this process's own
    reader of the index; their entries, and what it wrote, for the parent's manifest. A byte written to the
    pipe ``pages`` for each page: the parent's progress bar counts them as they come."""
    site = copy.copy(site)  # the parent's index stays referenced (and so untouched) in this process
    site.ix = open_index(site.ix.index_dir, registry=site.ix.registry())

    def page_written(done: int, total: int) -> None:
        os.write(pages, b".")

    site.progress = page_written
    site.peers = None
    site.done = 0
    writer = site.writer
    writer.detach()
    entries = _article_pages(site, start)
    return entries, site.done, writer.files, writer.written, writer.unchanged, writer.bytes


def _bundle_in_child(site: _Site) -> tuple[BundleReport, list[str], int, int, int]:
    """In a forked child (``processes.Forked``): the search page's data, with this process's own reader of the
    index, and what it wrote, for the parent's manifest."""
    ix = open_index(site.ix.index_dir, registry=site.ix.registry())
    writer = site.writer
    writer.detach()
    report = write_search_bundle(ix, writer.put, lambda doc_id: site.names.add("article", doc_id))
    return report, writer.files, writer.written, writer.unchanged, writer.bytes


def _official_pages(site: _Site, summaries: Sequence[o.OfficialSummary], names: dict[str, str],
                    future: frozenset[str] | set[str] = frozenset()) -> None:
    for s in summaries:
        p = _profile(site, s.id)
        # The profile's order: newest first, a date after the time of indexing after every real date (as every
        # other listing and `search official` have it; sorting again by the date alone put a typo'd 2099 first).
        articles = [Entry(a.id, a.title, a.date, a.date_inferred, a.lang, a.id in future)
                    for a in p.articles] if p else []
        by_month = facet_rows("month", p.by_month, names) if p else []
        site.render(site.names.add("official", s.id), "official.html", summary=s, profile=p,
                    articles=articles, by_month=by_month, met=p.met if p else ())


def _profile(site: _Site, official_id: str) -> o.OfficialProfile | None:
    """The registry's profile, or None (with a problem noted) when this export's registry lacks the id."""
    try:
        p = o.profile(site.ix, official_id)
    except SearchError as e:
        site.problems.append(f"official {official_id!r}: {e.message}")
        return None
    if p.id != official_id:  # the id read as another official's alias: do not show the other's profile
        site.problems.append(f"official {official_id!r} resolves to {p.id!r} in the registry; page left short")
        return None
    return p


def _listing_pages(site: _Site, collection: _Collection) -> None:
    """A language's or a month's articles, newest first, LISTING_PAGE a page (lang/vi.html, lang/vi-2.html...)."""
    listings = [("lang", code, f"Articles in {lang_name(code)}", entries)
                for code, entries in sorted(collection.by_lang.items())]
    listings += [("month", month, f"Articles from {month_name(month)}", entries)
                 for month, entries in sorted(collection.by_month.items(), reverse=True)]
    for kind, key, heading, entries in listings:
        pages = _pages(len(entries))
        for number in range(1, pages + 1):
            chunk = entries[(number - 1) * LISTING_PAGE:number * LISTING_PAGE]
            site.render(site.names.page(kind, key, number), "listing.html", heading=heading,
                        lang=key if kind == "lang" else None, month=key if kind == "month" else None,
                        entries=chunk, total=len(entries), number=number, pages=pages, kind=kind, key=key,
                        first=(number - 1) * LISTING_PAGE + 1)


def _query_pages(site: _Site, queries: Sequence[str], names: dict[str, str]) -> None:
    for q in queries:
        results: Results | None = None
        error: SearchError | None = None
        try:
            results = site.ix.search(q, limit=QUERY_HITS)
        except SearchError as e:
            error = e
            site.problems.append(f"saved query {q!r}: {e.message}")
        facets = [(BY_NAME[name].label, facet_rows(name, counts, names))
                  for name, counts in (results.facets.items() if results else ()) if counts]
        site.render(site.names.add("query", q), "query.html", query=q, results=results, error=error,
                    hits=_hit_views(results.hits) if results else [], facets=facets)


def _home_page(site: _Site, overview: Results, summaries: Sequence[o.OfficialSummary], queries: Sequence[str],
               collection: _Collection, names: dict[str, str]) -> None:
    top = [FacetRow(s.id, s.name, s.articles, "official") for s in summaries[:TOP_OFFICIALS]]
    site.render(site.names.add("home"), "home.html", total=overview.total, queries=queries,
                langs=facet_rows("lang", overview.facets.get("lang", {}), names),
                months=facet_rows("month", overview.facets.get("month", {}), names),
                top=top, officials_count=len(summaries), latest=collection.entries[:LATEST])


def _copy_stylesheet(site: _Site) -> None:
    css = resources.files("search.templates").joinpath("style.css").read_bytes()
    site.writer.put(site.names.add("css"), css)


def export_site(index_dir: str | Path | SearchIndex, out: str | Path, saved_queries: Sequence[str] = (),
                progress: ProgressFn | None = None, parallel: bool = True) -> ExportReport:
    """Write the static site for the index in ``index_dir`` (or an open index: the OpenSearch backend's has
    the same read API) into ``out``; see the module docstring.

    ``parallel``: the search page's data is written by a second process while this one writes the pages.
    A re-export of the same local index with the same code and saved queries, into a folder that still holds
    every file the last export wrote, checks that and returns at once (``ExportReport.up_to_date``). An index
    that cannot name its state (the OpenSearch backend's) is always exported again."""
    started = time.perf_counter()
    out = Path(out)
    queries = saved_queries_of(saved_queries)
    ix = open_index(index_dir) if isinstance(index_dir, str | Path) else index_dir
    try:
        identity = getattr(ix.reader, "identity", None)  # None: a cluster's, which cannot name its state
        stamp = site_stamp(identity(), queries) if identity is not None else ""
        site = _Site(ix, out, progress)
        done = site.writer.unchanged_export(stamp, started)
        if done is not None:
            return done
        site.writer.begin()
        removed = _write_site(site, queries, stamp, parallel)
    except OSError as e:  # disk full, no permission...: say which file, not a traceback
        raise ExportError(f"cannot write the site into {out}: {e}",
                          hint="Check the folder's permissions and free space.") from e
    finally:
        ix.close()
    w = site.writer
    return ExportReport(out, site.done, w.bytes, time.perf_counter() - started, w.written, w.unchanged,
                        removed, tuple(site.problems), site.search.files, site.search.bytes,
                        search_page=has_postings(ix))


def has_postings(ix: SearchIndex) -> bool:
    """Whether the index can give the search page its data: a local index's postings, positions and arrays
    read in bulk (``IndexReader.postings_batches``). The OpenSearch backend cannot (its token fields are
    indexed, not stored, and reading every posting back through the REST API is not what a cluster is for):
    its site has every browsable page and no search page, search box or facet links into it."""
    return callable(getattr(ix.reader, "postings_batches", None))


def export_search(index_dir: str | Path, out: str | Path) -> ExportReport:
    """The search page, its stylesheet and its data alone, without the browsable pages (which take most of an
    export's time): for the tests and benchmarks of the page. Its header links lead to pages not written."""
    started = time.perf_counter()
    out = Path(out)
    with open_index(index_dir) as ix:
        site = _Site(ix, out, None)
        for kind in ("home", "officials", "css", "search"):
            site.names.add(kind)
        _copy_stylesheet(site)
        site.search = write_search_bundle(ix, site.writer.put, lambda doc_id: site.names.add("article", doc_id))
        site.render(site.names.add("search"), "search.html", engine="search/engine.js", preload=site.search.preload,
                    start=site.search.start, queries=())
        removed = site.writer.finish()
    w = site.writer
    return ExportReport(out, site.done, w.bytes, time.perf_counter() - started, w.written, w.unchanged, removed,
                        (), site.search.files, site.search.bytes)


def _write_site(site: _Site, queries: Sequence[str], stamp: str, parallel: bool = True) -> int:
    """Every page, the stylesheet and the manifest; returns how many stale files were removed."""
    ix = site.ix
    overview = ix.overview()
    summaries = o.summaries(ix)
    names = {s.id: s.name for s in summaries}
    _plan(site, overview, summaries, queries)
    _copy_stylesheet(site)
    page = has_postings(ix)
    # The search page's data is written by a second process, and the second half of the article pages (each
    # with its related articles: the longest part) by a third, while this one writes the first half: the two
    # cores stay busy whichever ends first. The children open the index folder again: a local index only.
    bundle = articles = None
    half: int | None = None
    if parallel and isinstance(ix, SearchIndex):
        ids = ix.article_ids()
        for doc_id in ids:  # named now for the children, in the order the pages would name them
            site.names.add("article", doc_id)
        if page:
            bundle = Forked.start(lambda: _bundle_in_child(site), "writing the search page's data", ExportError)
        half = len(ids) // 2
        read_end, write_end = os.pipe()
        articles = Forked.start(lambda: _articles_in_child(site, half or 0, write_end), "writing article pages",
                                ExportError)
        os.close(write_end)
        if articles is not None:
            os.set_blocking(read_end, False)
            site.peers = read_end
        else:
            os.close(read_end)
    try:
        collection = _Collection()
        for entry in _article_pages(site, 0, half if articles is not None else None):
            collection.add(entry)
        if articles is not None:
            # The child's pages as they come, until its answer does (it cannot end before that is read).
            while site.peers is not None and articles.pipe not in select.select([site.peers, articles.pipe], [], [])[0]:
                site.count_peers()
            answering, articles = articles, None  # ended once it has answered: nothing to cancel
            entries, done, files, written, unchanged, size = answering.wait()
            site.count_peers(wait=True)
            site.writer.absorb(files, written, unchanged, size)
            for entry in entries:
                collection.add(entry)
            for _ in range(done - site.peer_pages):  # none, unless the pipe lost some
                site.count()
        _official_pages(site, summaries, names, {e.id for e in collection.entries if e.date_future})
        _listing_pages(site, collection)
        _query_pages(site, queries, names)
        site.render(site.names.add("officials"), "officials.html", summaries=summaries)
        _home_page(site, overview, summaries, queries, collection, names)
    except BaseException:
        for child in (bundle, articles):
            if child is not None:
                child.cancel()
        if site.peers is not None:
            os.close(site.peers)
            site.peers = None
        raise
    if bundle is not None:
        site.search, files, written, unchanged, size = bundle.wait()
        site.writer.absorb(files, written, unchanged, size)
    elif page:
        site.search = write_search_bundle(ix, site.writer.put, lambda doc_id: site.names.add("article", doc_id))
    if page:
        site.render(site.names.add("search"), "search.html", engine="search/engine.js", preload=site.search.preload,
                    start=site.search.start, queries=queries)
    w = site.writer
    return w.finish(stamp, {"pages": site.done, "bytes": w.bytes, "problems": site.problems,
                            "search_files": site.search.files, "search_bytes": site.search.bytes})
