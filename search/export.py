"""Index -> a static HTML site that opens from file:// (no server, no JavaScript, no network).

    export_site("index", "site", ["Hun Manet"]) writes, inside "site/" only:
        index.html  officials.html  style.css  .export-manifest.json
        articles/<slug>.html  officials/<slug>.html  lang/<code>.html  month/<YYYY-MM>.html  queries/<slug>.html

Every link is relative, so the folder can be zipped, moved or opened from a USB stick. The same index always
exports the same bytes (no timestamps, stable order); files whose bytes did not change are not rewritten, and
pages a previous export wrote that no longer exist are removed, going by the manifest, never by a glob.
Ids, titles and text come from the documents and are never trusted: autoescape is on, ids become file names
through ``slug`` and every path is checked to resolve inside the output folder before it is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import officials as o
from .errors import SearchError
from .langid import script_counts
from .languages import LANGUAGES
from .searcher import ArticleView, Hit, Results, SearchIndex, open_index

LATEST = 20  # articles on the home page
TOP_OFFICIALS = 20  # officials on the home page (all of them on officials.html)
RELATED = 5  # "related articles" per article page
QUERY_HITS = 50  # ranked hits on a saved query's page
MANIFEST = ".export-manifest.json"
FOLDERS = ("articles", "officials", "lang", "month", "queries")

# What this module may create (and so later remove): anything else in OUT belongs to someone else.
_OWNED = re.compile(rf"(?:index\.html|officials\.html|style\.css|(?:{'|'.join(FOLDERS)})/[a-z0-9][a-z0-9_-]*\.html)")
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")
_LANG_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*", re.I)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
ProgressFn = Callable[[int, int], None]


class ExportError(SearchError):
    """The site cannot be written where asked (a folder that is not ours, a path leading outside it)."""


@dataclass(frozen=True, slots=True)
class ExportReport:
    out: Path
    pages: int
    bytes: int  # the whole site as exported, unchanged files included
    seconds: float
    written: int  # files whose bytes changed (or were new)
    unchanged: int
    removed: int  # stale files of a previous export
    problems: tuple[str, ...] = ()  # saved queries that could not run, officials missing from the registry

    def as_dict(self) -> dict[str, Any]:
        return {"pages": self.pages, "bytes": self.bytes, "seconds": round(self.seconds, 2),
                "written": self.written, "unchanged": self.unchanged, "removed": self.removed,
                "problems": list(self.problems), "out": str(self.out)}

    def summary(self) -> str:
        home = (self.out / "index.html").resolve().as_uri()
        line = (f"Exported {self.pages} pages ({self.bytes:,} bytes) in {self.seconds:.2f} s: "
                f"{self.written} file(s) written, {self.unchanged} unchanged, {self.removed} removed. "
                f"Home page: {home}")
        return "\n".join([line, *(f"problem: {p}" for p in self.problems)])


# --- file names ------------------------------------------------------------------------------------------
def slug(key: str) -> str:
    """A file name stem for an id, query or facet value: ``[a-z0-9_-]`` only, never empty, never ``..``.

    Lower-case ids made of safe characters are kept as they are ("000_64ee10f01e38a171", "2024-12"). Anything
    else is cleaned and gets a hash of the original, so "../../etc/passwd" -> "etc-passwd-1b2c...", and "ABC"
    and "abc" stay two files on case-insensitive file systems (macOS, Windows)."""
    if _SAFE_ID.fullmatch(key):
        return key
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()  # "coopération" -> "cooperation"
    base = re.sub(r"[^a-z0-9_]+", "-", ascii_key.lower()).strip("-_")[:60].rstrip("-_")
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{base}-{digest}" if base else digest


class _Namer:
    """Relative page paths by (kind, key), unique within a kind even if two keys slug alike."""

    _FIXED = {"home": "index.html", "officials": "officials.html", "css": "style.css"}
    _FOLDER = {"article": "articles", "official": "officials", "lang": "lang", "month": "month",
               "query": "queries"}

    def __init__(self) -> None:
        self._paths: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()

    def add(self, kind: str, key: str = "") -> str:
        if (kind, key) in self._paths:
            return self._paths[(kind, key)]
        if kind in self._FIXED:
            rel = self._FIXED[kind]
        else:
            stem = slug(key)
            if f"{self._FOLDER[kind]}/{stem}.html" in self._taken:  # a crafted id that slugs like another
                stem = hashlib.sha256(f"{kind}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
            rel = f"{self._FOLDER[kind]}/{stem}.html"
        self._paths[(kind, key)] = rel
        self._taken.add(rel)
        return rel

    def get(self, kind: str, key: str = "") -> str | None:
        return self._paths.get((kind, key))


# --- writing ---------------------------------------------------------------------------------------------
class _Writer:
    """Writes files inside ``out`` only, skipping those whose bytes are already there."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.root = out.resolve()
        self.previous = self._read_manifest()
        self.files: list[str] = []
        self.written = self.unchanged = self.bytes = 0

    def _read_manifest(self) -> set[str]:
        path = self.out / MANIFEST
        if not path.is_file():
            if any(self.out.iterdir()):
                raise ExportError(f"{self.out} is not empty and was not written by `search export`.",
                                  hint="Export into a new or empty folder (or one a previous export wrote).")
            return set()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return {f for f in data["files"] if isinstance(f, str)}
        except (ValueError, KeyError, TypeError) as e:
            raise ExportError(f"{path} is damaged ({e}).", hint="Delete it and export into an empty folder.") from e

    def inside(self, rel: str) -> Path:
        """``out/rel``, refusing anything that resolves outside ``out`` (``..``, or a symlink planted in it)."""
        target = self.out / rel
        if not target.resolve().is_relative_to(self.root):
            raise ExportError(f"refusing to write {target}: it resolves outside {self.root}.",
                              hint="Remove the symbolic link or choose another output folder.")
        return target

    def put(self, rel: str, data: bytes) -> None:
        if rel != MANIFEST and not _OWNED.fullmatch(rel):
            raise ExportError(f"internal error: unexpected output path {rel!r}")
        target = self.inside(rel)
        self.files.append(rel)
        self.bytes += len(data)
        if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            self.unchanged += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        self.inside(rel)  # again: the folder may have been created as (or replaced by) a link meanwhile
        # Write a temporary file beside it and rename: a reader never sees half a page, and the
        # randomly named temporary file cannot be a link someone planted.
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".tmp-", delete=False) as tmp:
            tmp.write(data)
        os.chmod(tmp.name, 0o644)  # NamedTemporaryFile makes 0600 files: a web server could not read them
        os.replace(tmp.name, target)
        self.written += 1

    def finish(self) -> int:
        """Remove stale files of the previous export, then write the manifest (in that order: if removing
        fails, the old manifest still lists what is left). Returns how many files were removed."""
        removed = 0
        for rel in sorted(self.previous - set(self.files)):
            if not _OWNED.fullmatch(rel):
                continue  # a tampered manifest cannot make us delete someone else's file
            target = self.inside(rel)
            if target.is_file() and not target.is_symlink():
                target.unlink()
                removed += 1
        for folder in FOLDERS:
            path = self.out / folder
            if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
                path.rmdir()
        listing = {"generator": "search export", "files": sorted([*self.files, MANIFEST])}
        self.put(MANIFEST, (json.dumps(listing, indent=1) + "\n").encode())
        return removed


# --- templates -------------------------------------------------------------------------------------------
def _environment() -> jinja2.Environment:
    folder = resources.files("search.templates")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(human_date=human_date, month_name=month_name, lang_name=lang_name, lang_tag=lang_tag,
                       script_lang=script_lang, paragraphs=paragraphs, short=short, web_url=web_url,
                       percent=percent, number=number, count_of=count_of)
    return env


def human_date(date: str | None) -> str:
    """"2024-12-06" -> "6 December 2024"; "2024-12" -> "December 2024"; None -> "no date"."""
    if not date:
        return "no date"
    parts = date.split("-")
    try:
        month = _MONTHS[int(parts[1]) - 1] if len(parts) > 1 else ""
        return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}".strip()
    except (ValueError, IndexError):  # not a date this index writes: show it as it is
        return date


def month_name(month: str) -> str:
    return human_date(month)


def lang_name(code: str) -> str:
    """"fr" -> "French"; a code outside the language table is shown as it is (escaped by the template)."""
    row = LANGUAGES.get(code.lower())
    return row.name if row is not None else ("Undetermined" if code == "und" else code)


def lang_tag(code: str) -> str:
    """A value for a ``lang`` attribute: the code when it looks like a BCP 47 tag, else "und" (unknown)."""
    return code if _LANG_TAG.fullmatch(code) else "und"


def script_lang(name: str) -> str:
    """The language whose script a name is written in ("洪玛奈" -> "zh"), "" for Latin: a screen reader
    reads a Khmer alias with a Khmer voice; a Latin name keeps the page's language."""
    counts = script_counts(name)
    if not counts:
        return ""
    best = max(sorted(counts), key=lambda k: counts[k])
    return "" if best in ("latin", "other") else best


def paragraphs(text: str) -> list[str]:
    """Body text -> paragraphs at blank lines (single line breaks are kept by CSS ``white-space``)."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def short(text: str, limit: int = 90) -> str:
    """For <title>: a 10,000-character title would fill a browser tab and a bookmark."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def web_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: ``javascript:``, ``data:`` and ``file:`` URLs in documents do not."""
    if url and re.match(r"https?://[^\s/]", url, re.I) and not re.search(r"[\s<>\"']", url):
        return url
    return None


def percent(n: int, most: int) -> int:
    return max(1, round(100 * n / most)) if most else 0


def number(n: int) -> str:
    return f"{n:,}"


def count_of(n: int, noun: str) -> str:
    """(1, "article") -> "1 article"; (1200, "article") -> "1,200 articles"."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def trusted_snippet(snippet: str) -> Markup:
    """A search snippet as markup. Safe because ``search.snippets`` (``_render``, ``leading_text``) passes
    every piece of document text through ``html.escape`` and adds only ``<mark>``/``</mark>`` itself. If
    anything else ever shows up, escape the whole snippet rather than trust it."""
    if "<" in snippet.replace("<mark>", "").replace("</mark>", ""):
        return Markup.escape(snippet)
    return Markup(snippet)


# --- view data -------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Entry:
    """One article in a list (home, language, month, official pages)."""

    id: str
    title: str
    date: str | None
    date_inferred: bool
    lang: str


@dataclass(frozen=True, slots=True)
class FacetRow:
    """One facet value as shown: ("fr", "French (fr)", 12); ``page`` is the kind of page it links to, if any."""

    value: str
    label: str
    count: int
    page: str


_FACET_PAGES = {"lang": "lang", "month": "month", "official": "official"}  # facets that have pages


def facet_rows(name: str, counts: dict[str, int], names: dict[str, str]) -> list[FacetRow]:
    """Facet counts -> rows in the facet's own order (months newest first, the others by count)."""
    def label(value: str) -> str:
        if name == "lang":
            return f"{lang_name(value)} ({value})"
        if name == "month":
            return month_name(value)
        return names.get(value, value) if name == "official" else value

    return [FacetRow(v, label(v), n, _FACET_PAGES.get(name, "")) for v, n in counts.items()]


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

    def add(self, a: ArticleView) -> None:
        e = Entry(a.id, a.title, a.date, a.date_inferred, a.lang)
        self.entries.append(e)
        self.by_lang.setdefault(a.lang, []).append(e)
        if a.date:
            self.by_month.setdefault(a.date[:7], []).append(e)


def _hit_views(hits: Iterable[Hit]) -> list[HitView]:
    return [HitView(h, tuple(trusted_snippet(s) for s in h.snippets)) for h in hits]


# --- the site --------------------------------------------------------------------------------------------
class _Site:
    def __init__(self, ix: SearchIndex, out: Path, progress: ProgressFn | None) -> None:
        self.ix = ix
        self.env = _environment()
        self.names = _Namer()
        self.writer = _Writer(out)
        self.progress = progress
        self.done = 0
        self.total = 0
        self.problems: list[str] = []

    def render(self, rel: str, template: str, **context: Any) -> None:
        page_dir = posixpath.dirname(rel) or "."

        def link(kind: str, key: str = "") -> str:
            # Every id an index returns has its page, so articles are named on first use (in the same order
            # on every export of the same index); any other page must have been planned.
            target = self.names.add(kind, key) if kind == "article" else self.names.get(kind, key)
            if target is None:
                raise ExportError(f"internal error: {rel} links to a page that is not exported: {kind} {key!r}")
            return posixpath.relpath(target, page_dir)

        def has(kind: str, key: str = "") -> bool:
            return self.names.get(kind, key) is not None

        html = self.env.get_template(template).render(link=link, has=has, **context)
        self.writer.put(rel, html.encode("utf-8"))
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def _plan(site: _Site, overview: Results, summaries: Sequence[o.OfficialSummary],
          queries: Sequence[str]) -> None:
    """Name every page before rendering any, so each page knows which links exist."""
    n = site.names
    for kind in ("home", "officials", "css"):
        n.add(kind)
    for s in summaries:
        n.add("official", s.id)
    for code in overview.facets.get("lang", {}):
        n.add("lang", code)
    for month in overview.facets.get("month", {}):
        n.add("month", month)
    for q in queries:
        n.add("query", q)
    site.total = (2 + site.ix.doc_count + len(summaries) + len(overview.facets.get("lang", {}))
                  + len(overview.facets.get("month", {})) + len(queries))


def _article_pages(site: _Site) -> _Collection:
    collection = _Collection()
    for article in site.ix.articles():
        collection.add(article)
        related = site.ix.similar(article.id, limit=RELATED, snippets=False)
        site.render(site.names.add("article", article.id), "article.html", article=article,
                    related=_hit_views(related.hits))
    return collection


def _official_pages(site: _Site, summaries: Sequence[o.OfficialSummary], names: dict[str, str]) -> None:
    for s in summaries:
        p = _profile(site, s.id)
        articles = [Entry(a.id, a.title, a.date, False, a.lang)
                    for a in sorted(p.articles, key=lambda a: (_newest_first(a.date), a.id))] if p else []
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


def _newest_first(date: str | None) -> tuple[int, ...]:
    return tuple(-ord(c) for c in date) + (0,) if date else (1,)


def _listing_pages(site: _Site, collection: _Collection) -> None:
    for code, entries in sorted(collection.by_lang.items()):
        site.render(site.names.add("lang", code), "listing.html", heading=f"Articles in {lang_name(code)}",
                    lang=code, month=None, entries=entries)
    for month, entries in sorted(collection.by_month.items(), reverse=True):
        site.render(site.names.add("month", month), "listing.html",
                    heading=f"Articles from {month_name(month)}", lang=None, month=month, entries=entries)


_FACET_TITLES = {"lang": "Language", "month": "Month", "official": "Official", "year": "Year",
                 "country": "Country", "role": "Role"}


def _query_pages(site: _Site, queries: Sequence[str], names: dict[str, str]) -> None:
    for q in queries:
        results: Results | None = None
        error: SearchError | None = None
        try:
            results = site.ix.search(q, limit=QUERY_HITS)
        except SearchError as e:
            error = e
            site.problems.append(f"saved query {q!r}: {e.message}")
        facets = [(_FACET_TITLES.get(name, name), facet_rows(name, counts, names))
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


def export_site(index_dir: str | Path, out: str | Path, saved_queries: Sequence[str] = (),
                progress: ProgressFn | None = None) -> ExportReport:
    """Write the static site for the index in ``index_dir`` into ``out``; see the module docstring."""
    started = time.perf_counter()
    out = Path(out)
    queries = list(dict.fromkeys(q.strip() for q in saved_queries if q.strip()))  # once each, in order
    ix = open_index(index_dir)
    try:
        site = _Site(ix, out, progress)
        removed = _write_site(site, queries)
    except OSError as e:  # disk full, no permission...: say which file, not a traceback
        raise ExportError(f"cannot write the site into {out}: {e}",
                          hint="Check the folder's permissions and free space.") from e
    finally:
        ix.close()
    w = site.writer
    return ExportReport(out, site.done, w.bytes, time.perf_counter() - started, w.written, w.unchanged,
                        removed, tuple(site.problems))


def _write_site(site: _Site, queries: Sequence[str]) -> int:
    """Every page, the stylesheet and the manifest; returns how many stale files were removed."""
    ix = site.ix
    overview = ix.overview()
    summaries = o.summaries(ix)
    names = {s.id: s.name for s in summaries}
    _plan(site, overview, summaries, queries)
    _copy_stylesheet(site)
    collection = _article_pages(site)
    _official_pages(site, summaries, names)
    _listing_pages(site, collection)
    _query_pages(site, queries, names)
    site.render(site.names.add("officials"), "officials.html", summaries=summaries)
    _home_page(site, overview, summaries, queries, collection, names)
    return site.writer.finish()
