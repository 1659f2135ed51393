"""The static HTML export: pages are parsed with html.parser and checked element by element, never compared
whole. Corpora: the inline multilingual ARTICLES (conftest), the seeds, and a hostile JSON Lines file."""

from __future__ import annotations

import html
import json
import os
import posixpath
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from search import build_index
from search.site.export import ExportReport, export_site
from search.site.files import ExportError, slug
from search.site.filters import trusted_snippet, web_url
from search.site.text import export_text

from ..conftest import ARTICLES, write_articles

SEARCH_SCRIPTS = ["search/engine.js", "search/start.js"]  # the data every query needs, in one file
SAVED = ["Bùi Thanh Sơn", "coopération", "ហ៊ុនម៉ាណែត", "Hun Manet lang:id", "date:abc..", "Hun Manet OR coopération",
         "Hun Manet NOT", '"Hun Manet', "Hun Manet coopération Vietnam Cambodge ministre frontière visite défense"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- a tiny DOM over html.parser ---------------------------------------------------------------------------
@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        yield self
        for c in self.children:
            if isinstance(c, Element):
                yield from c.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return [e for e in self.iter()
                if (tag is None or e.tag == tag)
                and (cls is None or cls in e.attrs.get("class", "").split())
                and all(e.attrs.get(k) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}>"
        return found[0]

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def html_pages(out: Path) -> dict[str, Element]:
    return {p.relative_to(out).as_posix(): parse(p.read_text(encoding="utf-8"))
            for p in sorted(out.rglob("*.html"))}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- fixtures ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus_site(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ExportReport]:
    out = tmp_path_factory.mktemp("site") / "out"
    return out, export_site(corpus_index, out, SAVED)


@pytest.fixture(scope="module")
def corpus_pages(corpus_site: tuple[Path, ExportReport]) -> dict[str, Element]:
    return html_pages(corpus_site[0])


HOSTILE_TITLE = ('"><img src=x onerror=alert(1)>' + "A" * 10_000)[:10_000]
HOSTILE = {"id": "../../etc/passwd", "title": HOSTILE_TITLE, "url": "javascript:alert(1)", "date": "2024-10-01",
           "lang": "en", "source": "<i onclick=alert(1)>wire</i>",
           "body": "<script>alert(1)</script> Hun Manet met Phạm Minh Chính.\n\n<b>Second</b> & last."}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes], ExportReport]:
    """(workspace, OUT deep inside it, every file of the workspace before the export, report)."""
    work = tmp_path_factory.mktemp("hostile")
    docs = work / "docs"
    docs.mkdir()
    # The record says its text is these characters (entities): an export that wrote the tags bare would have
    # them removed as markup (ingest/fields.py plain_text), so the hostile text reaches the index as text.
    hostile = dict(HOSTILE, title=html.escape(HOSTILE["title"]), body=html.escape(HOSTILE["body"]))
    rows = [hostile, {"id": "plain", "title": "Plain", "body": "Hun Manet visited Hanoi.", "lang": "en",
                      "url": "https://example.org/a?b=1&c=2"}]
    (docs / "h.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    report = build_index([docs], work / "ix", procs=1)
    assert report.added == 2, report.skipped
    before = files(work)
    out = work / "a" / "b" / "out"  # "../../etc/passwd" from out/articles would land in work/a/etc/passwd
    return work, out, before, export_site(work / "ix", out, ["<script>alert(1)</script>", "Hun Manet"])


# --- every page ----------------------------------------------------------------------------------------------
def test_every_page_has_a_title_the_interface_language_and_a_labelled_nav(
        corpus_pages: dict[str, Element]) -> None:
    assert len(corpus_pages) > 20
    for rel, doc in corpus_pages.items():
        assert doc.find("html").attrs.get("lang") == "en", rel
        assert doc.find("title").text().strip(), rel
        assert doc.find("meta", name="viewport"), rel
        assert all(nav.attrs.get("aria-label") for nav in doc.find_all("nav")), rel


def test_every_page_has_one_h1_and_headings_in_order(corpus_pages: dict[str, Element]) -> None:
    for rel, doc in corpus_pages.items():
        levels = [int(e.tag[1]) for e in doc.iter() if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels.count(1) == 1 and levels[0] == 1, (rel, levels)
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (rel, levels)


def test_every_internal_link_resolves_to_a_file_in_the_export(corpus_site: tuple[Path, ExportReport],
                                                              corpus_pages: dict[str, Element]) -> None:
    out = corpus_site[0].resolve()
    checked = 0
    for rel, doc in corpus_pages.items():
        for el in doc.iter():
            for attr in ("href", "src"):
                url = el.attrs.get(attr)
                if url is None or url.startswith(("http://", "https://")) and el.tag == "a":
                    continue
                assert not url.startswith(("/", "file:", "//", "http:", "https:", "data:")), (rel, url)
                path, _, fragment = url.partition("#")
                path = path.partition("?")[0]  # search.html?q=...: the query is the page's, the file must exist
                target = out / (posixpath.normpath(posixpath.join(posixpath.dirname(rel), path)) if path else rel)
                assert target.resolve().is_relative_to(out) and target.is_file(), (rel, url)
                if fragment:
                    assert parse(target.read_text(encoding="utf-8")).find_all(id=fragment), (rel, url)
                checked += 1
    assert checked > 200


def test_pages_read_without_javascript_and_fetch_nothing(corpus_pages: dict[str, Element]) -> None:
    for rel, doc in corpus_pages.items():
        scripts = [e.attrs.get("src") for e in doc.find_all("script")]
        assert scripts == (SEARCH_SCRIPTS if rel == "search.html" else []), rel  # only searching needs it
        for el in doc.iter():
            assert not [a for a in el.attrs if a.lower().startswith("on")], (rel, el.tag)
            if el.tag != "a":
                assert not el.attrs.get("href", "").startswith("http"), (rel, el.tag)
                assert not el.attrs.get("src", "").startswith("http"), (rel, el.tag)


def test_the_stylesheet_fits_phones_and_prints_articles_cleanly(corpus_site: tuple[Path, ExportReport]) -> None:
    css = (corpus_site[0] / "style.css").read_text(encoding="utf-8")
    assert "@media print" in css and "@media (min-width" in css
    assert "url(" not in css and "@import" not in css  # no fonts or images fetched


# --- the pages -----------------------------------------------------------------------------------------------
def test_home_links_to_every_facet_page_official_and_saved_query(corpus_site: tuple[Path, ExportReport],
                                                                 corpus_pages: dict[str, Element]) -> None:
    home = corpus_pages["index.html"]
    links = {a.attrs["href"] for a in home.find_all("a")}
    facet_pages = {rel for rel in corpus_pages if rel.startswith(("lang/", "month/", "queries/"))}
    assert facet_pages <= links
    assert len([p for p in facet_pages if p.startswith("queries/")]) == len(SAVED)
    officials = {a.attrs["href"] for a in corpus_pages["officials.html"].find_all("a")}
    assert {rel for rel in corpus_pages if rel.startswith("officials/")} <= officials


@pytest.mark.parametrize("doc_id", ["km1", "zh1", "vi1", "fr1"])
def test_article_text_and_title_carry_the_article_language(open_corpus: Any, doc_id: str,
                                                           corpus_pages: dict[str, Element]) -> None:
    article = open_corpus.show(doc_id)
    page = corpus_pages[f"articles/{doc_id}.html"]
    text = page.find("div", cls="text")
    assert text.attrs["lang"] == article.lang
    assert page.find("h1").attrs["lang"] == article.lang
    assert page.find("h1").text() == article.title
    assert " ".join(p.text() for p in text.find_all("p")).split() == article.body.split()


def test_article_page_links_its_officials_language_and_month(corpus_pages: dict[str, Element]) -> None:
    links = {a.attrs["href"] for a in corpus_pages["articles/id1.html"].find_all("a")}
    assert {"../officials/hun-manet.html", "../officials/pham-minh-chinh.html", "../lang/id.html",
            "../month/2024-11.html"} <= links


def test_related_articles_are_the_similar_ones_in_order(open_corpus: Any,
                                                        corpus_pages: dict[str, Element]) -> None:
    for doc_id in ("fr1", "vi1"):
        expected = [h.id for h in open_corpus.similar(doc_id, limit=5).hits]
        assert expected, doc_id
        related = corpus_pages[f"articles/{doc_id}.html"].find("aside", cls="related")
        shown = [a.attrs["href"] for a in related.find_all("a", cls="hit-title")]
        assert shown == [f"{slug(i)}.html" for i in expected]  # a sibling page: same folder


def test_an_inferred_date_is_marked_and_a_given_one_is_not(seeds_index: Path, tmp_path: Path,
                                                           corpus_pages: dict[str, Element]) -> None:
    export_site(seeds_index, tmp_path / "out")
    seeds = parse((tmp_path / "out" / "articles" / "000_64ee10f01e38a171.html").read_text(encoding="utf-8"))
    assert "inferred" in seeds.find("dl", cls="facts").find(cls="inferred").text()
    assert not corpus_pages["articles/fr1.html"].find("dl", cls="facts").find_all(cls="inferred")


def test_a_date_after_indexing_is_marked_where_newest_first_lists_it_last(tmp_path: Path) -> None:
    # A typo'd 2099 is listed after every dated article of "newest first", on an official's page too (it sorted
    # by the date alone and listed it first, unlike `search official`): and marked, or a reader saw a list out of
    # order.
    docs = tmp_path / "docs"
    docs.mkdir()
    rows = [{"id": "typo", "title": "Typo", "date": "2099-01-01", "lang": "en", "body": "Hun Manet met the press."},
            {"id": "now", "title": "Now", "date": "2024-11-06", "lang": "en", "body": "Hun Manet met the press."}]
    (docs / "r.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    build_index([docs], tmp_path / "ix", procs=1)
    export_site(tmp_path / "ix", tmp_path / "out")
    pages = html_pages(tmp_path / "out")
    for rel in ("lang/en.html", "index.html", "officials/hun-manet.html", "month/2099-01.html"):
        items = pages[rel].find("ol", cls="articles").find_all("li")
        marks = {li.find("a").text(): [x.text() for x in li.find_all(cls="inferred")] for li in items}
        assert marks == {"Typo": ["(after the date the article was indexed)"], "Now": []} or \
            rel.startswith("month/") and marks == {"Typo": ["(after the date the article was indexed)"]}, rel
    for rel in ("lang/en.html", "index.html", "officials/hun-manet.html"):
        assert [li.find("a").text() for li in pages[rel].find("ol", cls="articles").find_all("li")] == \
            ["Now", "Typo"], rel


def test_an_officials_name_carries_the_language_of_its_script(tmp_path: Path) -> None:
    # ประยุทธ์ จันทร์โอชา, 习近平, Владимир Путин are the registry's own names: without lang="th" a Thai name in
    # the officials table, a heading or an article's list got neither the Thai font and line height of the
    # stylesheet nor a Thai voice in a screen reader (the list of aliases had it, the name itself did not).
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "th.txt").write_text(" date 2021-04-27 ประยุทธ์ จันทร์โอชา\n\nนายกรัฐมนตรี ประยุทธ์ จันทร์โอชา "
                                 "พบกับ Hun Manet ที่กรุงเทพฯ\n", encoding="utf-8")
    build_index([docs], tmp_path / "ix", procs=1)
    export_site(tmp_path / "ix", tmp_path / "out")
    pages = html_pages(tmp_path / "out")
    name = "ประยุทธ์ จันทร์โอชา"

    def tagged(page: str) -> list[str]:
        return [e.attrs.get("lang", "") for e in pages[page].iter()
                if e.tag in ("h1", "th", "a", "span", "li") and e.text() == name]

    official = next(p for p in pages if p.startswith("officials/") and name in pages[p].find("h1").text())
    for page in ("officials.html", "index.html", official, "articles/th.html"):
        assert "th" in tagged(page), (page, tagged(page))  # on the name or the cell holding it
    assert pages[official].find("h1").attrs["lang"] == "th"
    met = [th for th in pages[official].find_all("th", scope="row") if th.text() == "Hun Manet"]
    assert met and met[0].attrs.get("lang") is None  # a Latin name keeps the page's language


def test_official_page_shows_names_in_every_script_roles_months_and_who_they_met(
        corpus_pages: dict[str, Element]) -> None:
    page = corpus_pages["officials/hun-manet.html"]
    aliases = {li.text(): li.attrs.get("lang") for li in page.find("ul", cls="aliases").find_all("li")}
    assert aliases["Hun Manet"] is None and aliases["洪玛奈"] == "zh" and aliases["ហ៊ុន ម៉ាណែត"] == "km"
    assert "Prime Minister" in page.find("section", **{"aria-labelledby": "roles"}).text()
    months = page.find("section", **{"aria-labelledby": "by-month"})
    assert {a.attrs["href"] for a in months.find_all("a")} >= {"../month/2024-11.html", "../month/2024-08.html"}
    met = page.find("section", **{"aria-labelledby": "met"})
    assert "pham-minh-chinh.html" in {a.attrs["href"] for a in met.find_all("a")}


def test_language_and_month_pages_list_their_articles(corpus_pages: dict[str, Element]) -> None:
    fr = [a.attrs["href"] for a in corpus_pages["lang/fr.html"].find("ol", cls="articles").find_all("a")]
    assert fr == ["../articles/fr1.html", "../articles/fr2.html"]  # newest first
    sep = [a.attrs["href"] for a in corpus_pages["month/2024-09.html"].find("ol", cls="articles").find_all("a")]
    assert sep == ["../articles/vi2.html", "../articles/vi1.html"]


@pytest.mark.parametrize("query", SAVED[:4])
def test_saved_query_page_shows_the_same_hits_in_the_same_order_as_search(
        open_corpus: Any, query: str, corpus_pages: dict[str, Element]) -> None:
    from search.site.export import QUERY_HITS

    results = open_corpus.search(query, limit=QUERY_HITS)
    assert results.hits, query
    page = corpus_pages[f"queries/{slug(query)}.html"]
    assert page.find("h1").find("q").text() == query
    shown = page.find("ol", cls="hits").find_all("li")
    assert [li.find("a", cls="hit-title").attrs["href"] for li in shown] == \
        [f"../articles/{slug(h.id)}.html" for h in results.hits]
    for li, hit in zip(shown, results.hits, strict=True):
        assert [p.text() for p in li.find_all("p", cls="snippet")] == [parse(s).text() for s in hit.snippets]
        assert li.find("p", cls="snippet").attrs["lang"] == hit.lang


def test_saved_query_snippets_keep_their_marks(corpus_pages: dict[str, Element]) -> None:
    page = corpus_pages[f"queries/{slug('coopération')}.html"]
    marks = [m.text().lower() for m in page.find("ol", cls="hits").find_all("mark")]
    assert "coopération" in marks and "coopérer" in marks  # same French stem


def test_saved_query_facets_count_that_query_and_narrow_it_in_the_search_page(
        open_corpus: Any, corpus_pages: dict[str, Element]) -> None:
    from urllib.parse import parse_qs, urlsplit

    query = "Hun Manet lang:id"
    facets = open_corpus.search(query).facets
    aside = corpus_pages[f"queries/{slug(query)}.html"].find("aside", cls="facets")
    narrowed = {}
    for li in aside.find_all("li"):
        url = urlsplit(li.find("a").attrs["href"])
        assert url.path == "../search.html"
        narrowed[parse_qs(url.query)["q"][0]] = li.find(cls="count").text()
    assert narrowed[f"{query} lang:id"] == str(facets["lang"]["id"])
    assert narrowed[f"{query} month:2024-11"] == str(facets["month"]["2024-11"])
    assert narrowed[f"{query} official:hun-manet"] == str(facets["official"]["hun-manet"])
    assert narrowed[f'{query} role:"Prime Minister"'] == str(facets["role"]["Prime Minister"])
    # Without JavaScript, the value's page of the whole collection, where there is one
    whole = {a.attrs["href"] for a in aside.find_all("a", cls="all")}
    assert {"../lang/id.html", "../month/2024-11.html", "../officials/hun-manet.html"} <= whole


def test_every_facet_link_of_a_saved_query_finds_as_many_articles_as_it_shows(
        open_corpus: Any, corpus_pages: dict[str, Element]) -> None:
    """An OR query narrowed by a facet: "a OR b year:2021" would narrow b alone, so the link says "(a OR b)"."""
    from urllib.parse import parse_qs, urlsplit

    checked = 0
    for query in SAVED:
        for li in [li for aside in corpus_pages[f"queries/{slug(query)}.html"].find_all("aside", cls="facets")
                   for li in aside.find_all("li")]:
            typed = parse_qs(urlsplit(li.find("a").attrs["href"]).query)["q"][0]
            found = open_corpus.search(typed, limit=0)  # a long question's facets count its partial hits too
            assert f"{found.total + found.partial:,}" == li.find(cls="count").text(), typed
            checked += 1
    assert checked > 10
    assert "(Hun Manet OR coopération) lang:fr" in {
        parse_qs(urlsplit(a.attrs["href"]).query)["q"][0]
        for li in corpus_pages[f"queries/{slug('Hun Manet OR coopération')}.html"].find("aside", cls="facets")
        .find_all("li") for a in [li.find("a")]}


def test_a_saved_long_question_says_which_hits_have_only_most_of_its_words(
        open_corpus: Any, corpus_pages: dict[str, Element]) -> None:
    query = SAVED[-1]
    results = open_corpus.search(query, limit=50)
    assert results.partial and results.hits  # the fixture: no article has all eight words
    page = corpus_pages[f"queries/{slug(query)}.html"]
    lead = page.find("p", cls="lead").text()
    assert f"then {results.partial} article" in lead and f"with most of its {results.words} words" in lead
    metas = [li.find("span", cls="meta").text() for li in page.find("ol", cls="hits").find_all("li")]
    assert [m.rsplit(" · ", 1)[-1] for m in metas] == [f"{h.words} of {results.words} words" for h in results.hits]


def test_every_page_has_a_search_box_that_leads_to_the_search_page(corpus_pages: dict[str, Element]) -> None:
    for rel, doc in corpus_pages.items():
        form = doc.find("form", cls="site-search")
        assert posixpath.normpath(posixpath.join(posixpath.dirname(rel), form.attrs["action"])) == "search.html"
        assert form.attrs["method"] == "get" and form.find("input", name="q")


def test_long_listings_are_paged_and_each_page_links_the_others(corpus_index: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from search.site import export

    monkeypatch.setattr(export, "LISTING_PAGE", 1)  # the corpus is small: a page a article
    export_site(corpus_index, tmp_path / "out")
    pages = html_pages(tmp_path / "out")
    fr = [pages["lang/fr.html"], pages["lang/fr-2.html"]]
    assert "lang/fr-3.html" not in pages
    assert [[a.attrs["href"] for a in p.find("ol", cls="articles").find_all("a")] for p in fr] == \
        [["../articles/fr1.html"], ["../articles/fr2.html"]]
    assert fr[0].find("a", rel="next").attrs["href"] == "fr-2.html"
    assert fr[1].find("a", rel="prev").attrs["href"] == "fr.html"
    assert "2 articles" in fr[1].find("p", cls="lead").text()


def test_the_search_data_is_json_escaped_text(corpus_site: tuple[Path, ExportReport], open_corpus: Any) -> None:
    from search.site.pack import read_script, script, to_json

    out = corpus_site[0]
    data = (out / "search" / "art" / "0.js").read_bytes()
    assert data.startswith(b'NewsSearch.data("art/0",') and data.endswith(b");\n")
    name, value = read_script(data)
    assert name == "art/0" and value["body"] == open_corpus.show(value["id"]).body
    # as JSON (a file too small to deflate), or deflated (pack.raw_string): the same value read back
    assert to_json({"t": "</script><b>&\u2028"}) == '{"t":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028"}'
    assert read_script(script("x", {"t": "</script><b>&\u2028"})) == ("x", {"t": "</script><b>&\u2028"})


def test_a_saved_query_that_cannot_run_gets_a_page_saying_why_and_a_problem_in_the_report(
        corpus_site: tuple[Path, ExportReport], corpus_pages: dict[str, Element]) -> None:
    page = corpus_pages[f"queries/{slug('date:abc..')}.html"]
    assert "bad date 'abc'" in page.find(role="alert").text()
    assert any("date:abc.." in p for p in corpus_site[1].problems)


# --- hostile input --------------------------------------------------------------------------------------------
def test_hostile_article_exports_to_inert_escaped_text_inside_out(
        hostile: tuple[Path, Path, dict[str, bytes], ExportReport]) -> None:
    work, out, before, _ = hostile
    after = {rel: data for rel, data in files(work).items() if not rel.startswith("a/b/out/")}
    assert after == before  # nothing appeared (or changed) outside OUT
    assert not (work / "a" / "etc").exists()
    pages = html_pages(out)
    page = pages[f"articles/{slug('../../etc/passwd')}.html"]
    assert page.find("h1").text() == HOSTILE_TITLE
    assert page.find("div", cls="text").find("p").text().startswith("<script>alert(1)</script> Hun Manet")
    assert page.find("code").text() == "../../etc/passwd"
    assert "<i onclick=alert(1)>wire</i>" in page.find("dl", cls="facts").text()
    assert len(page.find("title").text()) < 200
    for rel, doc in pages.items():
        assert not doc.find_all("img"), rel
        assert [e.attrs.get("src") for e in doc.find_all("script")] == (SEARCH_SCRIPTS if rel == "search.html"
                                                                          else []), rel
        for el in doc.iter():
            assert not [a for a in el.attrs if a.lower().startswith("on")], (rel, el.tag, el.attrs)
            assert not el.attrs.get("href", "").lower().startswith("javascript:"), rel


def test_only_http_urls_become_links(hostile: tuple[Path, Path, dict[str, bytes], ExportReport]) -> None:
    out = hostile[1]
    evil = parse((out / "articles" / f"{slug('../../etc/passwd')}.html").read_text(encoding="utf-8"))
    assert not evil.find_all("a", cls="external")
    plain = parse((out / "articles" / "plain.html").read_text(encoding="utf-8"))
    assert plain.find("a", cls="external").attrs["href"] == "https://example.org/a?b=1&c=2"


@pytest.mark.parametrize("url, linked", [
    ("https://example.org/x", True), ("http://example.org", True), ("HTTPS://EXAMPLE.ORG", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), (" javascript:alert(1)", False),
    ("data:text/html,<script>", False), ("file:///etc/passwd", False), ("//evil.example", False),
    ("http://", False), ('https://x.org/"onmouseover=', False), (None, False), ("", False),
])
def test_web_url_keeps_only_http_and_https(url: str | None, linked: bool) -> None:
    assert (web_url(url) is not None) is linked


@pytest.mark.parametrize("key", ["../../etc/passwd", "..", ".", "", "ABC", "abc", "a/b", "a\\b", "ហ៊ុនម៉ាណែត",
                                 "x" * 500, "-rf", "CON", "a b", "a\x00b", "coopération"])
def test_ids_become_safe_distinct_file_names(key: str) -> None:
    import re

    name = slug(key)
    assert re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,79}", name), name
    others = ["../../etc/passwd", "..", ".", "", "ABC", "abc", "a/b", "a\\b", "x" * 500, "-rf", "a b"]
    assert sum(slug(o) == name for o in others if o != key) == 0


@pytest.mark.parametrize("key", ["000_64ee10f01e38a171", "2024-12", "fr", "hun-manet"])
def test_safe_ids_keep_their_name(key: str) -> None:
    assert slug(key) == key


@pytest.mark.parametrize("key", ["con", "aux", "nul", "prn", "com1", "lpt9", "CON", "Aux", "con.", "nul "])
def test_no_page_takes_a_windows_device_name(key: str) -> None:
    # A saved search for "con" (Vietnamese) or "aux" (French) must not become queries/con.html: Windows
    # cannot hold that file, so the site could not be copied there (a USB stick opened on Windows).
    name = slug(key)
    assert name.split(".")[0].lower() not in {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                                              *(f"lpt{i}" for i in range(10))}, name
    assert name != slug("con" if key != "con" else "aux")


@pytest.mark.parametrize("title", [
    "ឧត្តមសេនីយ៍ឯក ហ៊ុន ម៉ាណែត ជួបជាមួយរដ្ឋមន្ត្រីទី២ ក្រសួងការពារជាតិប្រ៊ុយណេ ថ្ងៃទី៧ ខែសីហា",  # km-news
    "นายกรัฐมนตรีฮุน มาเนต เยือนเวียดนาม ที่กรุงฮานอย", "မြန်မာနိုင်ငံ သမ္မတ", "प्रधानमंत्री क्षेत्र",
    "Thủ tướng Phạm Minh Chính tiếp Thủ tướng Hun Manet", "👩‍👩‍👧 family", "café café"])
def test_a_shortened_title_is_never_cut_inside_a_letter(title: str) -> None:
    # <title> of a long title: 289 of the km-news titles were cut before a vowel sign or after a coeng
    # (ខែស… for ខែសីហា), which a browser tab shows as another syllable or a dotted circle.
    import unicodedata

    from search.site.filters import short

    for limit in range(10, len(title) + 1):  # a cut after the first letters
        shown = short(title, limit)
        if shown == title:
            continue
        kept = shown.removesuffix("…")
        assert shown.endswith("…") and title.startswith(kept) and len(shown) <= limit, (limit, shown)
        rest = title[len(kept):].lstrip()
        assert not rest or unicodedata.category(rest[0]) not in ("Mn", "Mc", "Me"), (limit, shown)
        assert unicodedata.combining(kept[-1]) != 9 and kept[-1] != "\u200d", (limit, shown)


def test_snippets_are_trusted_only_when_they_hold_nothing_but_marks() -> None:
    assert trusted_snippet("a <mark>b</mark> &lt;c&gt;") == "a <mark>b</mark> &lt;c&gt;"
    assert trusted_snippet("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"


# --- writing, re-writing, removing --------------------------------------------------------------------------
def test_the_same_index_exports_byte_identical_files(corpus_index: Path, tmp_path: Path,
                                                     corpus_site: tuple[Path, ExportReport]) -> None:
    export_site(corpus_index, tmp_path / "again", SAVED)
    assert files(tmp_path / "again") == files(corpus_site[0])


def test_the_search_data_written_by_a_second_process_is_what_one_process_writes(
        corpus_index: Path, tmp_path: Path, corpus_site: tuple[Path, ExportReport]) -> None:
    serial = export_site(corpus_index, tmp_path / "serial", SAVED, parallel=False)
    assert files(tmp_path / "serial") == files(corpus_site[0])
    parallel = corpus_site[1]
    assert (serial.pages, serial.bytes, serial.written, serial.search_files, serial.search_bytes) == \
        (parallel.pages, parallel.bytes, parallel.written, parallel.search_files, parallel.search_bytes)


def test_a_failure_in_the_process_writing_the_search_data_fails_the_export_with_its_message(
        corpus_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from search.site import export

    def broken(*args: Any) -> None:
        raise ValueError("no room for the postings")

    monkeypatch.setattr(export, "write_search_bundle", broken)  # the forked child has it too
    with pytest.raises(ExportError, match="search page's data failed: ValueError: no room for the postings"):
        export_site(corpus_index, tmp_path / "out", SAVED)
    manifest = json.loads((tmp_path / "out" / ".export-manifest.json").read_text())
    assert manifest["complete"] is False  # the next export redoes it


def test_exports_in_two_processes_are_byte_identical(corpus_index: Path, tmp_path: Path) -> None:
    """Each Python process orders sets of strings its own way (PYTHONHASHSEED): nothing written may depend on it."""
    for seed in ("1", "2"):
        code = f"from search.site.export import export_site; export_site({str(corpus_index)!r}, " \
               f"{str(tmp_path / seed)!r}, {SAVED!r})"
        subprocess.run([sys.executable, "-c", code], check=True, timeout=300,
                       env={**os.environ, "PYTHONHASHSEED": seed})
    assert files(tmp_path / "1") == files(tmp_path / "2")


def test_a_second_export_writes_nothing_and_says_the_site_is_up_to_date(corpus_index: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = export_site(corpus_index, out, SAVED)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    second = export_site(corpus_index, out, SAVED)
    assert first.unchanged == 0 and first.written > 0 and not first.up_to_date
    assert second.up_to_date and (second.written, second.removed, second.unchanged) == (0, 0, first.written)
    assert (second.pages, second.bytes, second.search_files) == (first.pages, first.bytes, first.search_files)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == mtimes
    assert "up to date" in export_text(second) and second.as_dict()["up_to_date"] is True


def test_an_export_is_redone_when_a_file_is_missing_or_the_queries_change(corpus_index: Path, tmp_path: Path) -> None:
    """Up to date means the same index, the same saved queries and every file still there with its size; the
    export that follows anything else compares every file and writes only what differs."""
    out = tmp_path / "out"
    export_site(corpus_index, out, SAVED)
    page = next((out / "articles").iterdir())
    page.unlink()
    again = export_site(corpus_index, out, SAVED)
    assert not again.up_to_date and again.written == 1 and page.exists()
    (out / "style.css").write_bytes(b"x" * (out / "style.css").stat().st_size)  # same size, other bytes: kept
    assert export_site(corpus_index, out, SAVED).up_to_date
    fewer = export_site(corpus_index, out, SAVED[:2])
    assert not fewer.up_to_date and fewer.removed >= 3  # the three dropped queries' pages
    assert export_site(corpus_index, out, SAVED[:2]).up_to_date


def test_a_no_op_export_command_answers_without_opening_the_index(tmp_path: Path) -> None:
    """``search export`` decides a no-op from the index's generation and checksums (``up_to_date_export``):
    up to date, in a process that never imported Whoosh, numpy or Jinja; then after the index changed (one
    article more), or with other saved queries, or a file missing, the export runs again."""
    folder = write_articles(tmp_path / "c", ARTICLES)
    index, out = tmp_path / "ix", tmp_path / "out"
    build_index([folder], index)

    def export(*extra: str) -> tuple[dict[str, Any], list[str]]:
        code = ("import json, sys\nfrom search.cli import main\nsys.argv = ['search', *json.loads(sys.argv[1])]\n"
                "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
                "print(json.dumps(sorted(m for m in ('whoosh', 'numpy', 'jinja2') if m in sys.modules)))")
        args = ["export", str(out), "--index", str(index), "--json", *extra]
        proc = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True,
                              timeout=300, check=True)
        report, _, imported = proc.stdout.rpartition("\n[")
        return json.loads(report), json.loads("[" + imported)

    first, imported = export()
    assert not first["up_to_date"] and first["written"] > 0 and "whoosh" in imported
    again, imported = export()
    assert again["up_to_date"] and again["written"] == 0 and again["pages"] == first["pages"]
    assert imported == []
    assert not export("--query", "Hun Manet")[0]["up_to_date"]  # other saved queries
    assert export("--query", "Hun Manet")[0]["up_to_date"]
    (folder / "new.txt").write_text(" date 2024-05 Another article\n\nHun Manet met Bùi Thanh Sơn.\n",
                                    encoding="utf-8")
    build_index([folder], index)
    changed = export("--query", "Hun Manet")[0]
    assert not changed["up_to_date"] and changed["pages"] > first["pages"]  # the article, the query, May 2024
    assert (out / "articles" / "new.html").is_file()
    next((out / "articles").iterdir()).unlink()
    assert not export("--query", "Hun Manet")[0]["up_to_date"]


def test_an_export_killed_midway_is_completed_by_the_next(corpus_index: Path, tmp_path: Path,
                                                          corpus_site: tuple[Path, ExportReport]) -> None:
    """kill -9 in the middle of a first export: the folder is recognised as an export in progress (not refused
    as someone else's), lists what was written so far, and the next export completes it byte for byte."""
    out = tmp_path / "out"
    code = textwrap.dedent(f"""
        import os, signal
        from search.site import files
        from search.site.export import export_site
        files.PROGRESS_EVERY = 5
        def progress(done, total):
            if done == 12:
                os.kill(os.getpid(), signal.SIGKILL)
        export_site({str(corpus_index)!r}, {str(out)!r}, {SAVED!r}, progress=progress)
    """)
    proc = subprocess.run([sys.executable, "-c", code], timeout=300)
    assert proc.returncode == -signal.SIGKILL
    manifest = json.loads((out / ".export-manifest.json").read_text())
    assert manifest["complete"] is False and len(manifest["files"]) >= 5
    assert all((out / f).is_file() for f in manifest["files"])

    report = export_site(corpus_index, out, SAVED)
    assert not report.up_to_date and report.unchanged >= len(manifest["files"])
    assert files(out).keys() - {".export-manifest.json"} == files(corpus_site[0]).keys() - {".export-manifest.json"}
    assert {k: v for k, v in files(out).items() if k != ".export-manifest.json"} == \
        {k: v for k, v in files(corpus_site[0]).items() if k != ".export-manifest.json"}
    assert export_site(corpus_index, out, SAVED).up_to_date


def test_a_re_export_rewrites_changed_pages_and_removes_only_its_own_stale_ones(tmp_path: Path) -> None:
    docs = write_articles(tmp_path / "docs", {k: ARTICLES[k] for k in ("fr1.txt", "fr2.txt", "km1.txt")})
    build_index([docs], tmp_path / "ix", procs=1)
    out = tmp_path / "out"
    export_site(tmp_path / "ix", out, ["Hun Manet"])
    (out / "mine.txt").write_text("the user's own notes")
    (out / "articles" / "mine.html").write_text("not in the manifest")
    (tmp_path / "outside.txt").write_text("keep me")
    manifest = json.loads((out / ".export-manifest.json").read_text())
    manifest["files"] += ["../outside.txt", "mine.txt"]  # a tampered manifest must not widen what is deleted
    (out / ".export-manifest.json").write_text(json.dumps(manifest))

    # Its Khmer words' files by ranges, which hold the Khmer dictionary's entries too (bundle.py DICT_MARK): once
    # no live article has Khmer words, the entries go to dict/ files of their own (deleted articles' words stay in
    # the index's vocabulary until a merge) and every such file is stale.
    ranged = len(list((out / "search" / "terms").glob("r*.js")))
    assert ranged > 1
    (docs / "km1.txt").unlink()
    build_index([docs], tmp_path / "ix", procs=1)
    report = export_site(tmp_path / "ix", out, ["Hun Manet"])

    assert not (out / "articles" / "km1.html").exists() and not (out / "lang" / "km.html").exists()
    assert not (out / "month" / "2024-08.html").exists() and not (out / "officials" / "hun-manet.html").exists()
    assert not (out / "search" / "art" / "2.js").exists()  # the third article's data for the search page
    assert not (out / "search" / "terms" / "r0.js").exists()  # its Khmer words (bundle.py _ranges)
    assert report.removed == 5 + ranged  # 5 pages and data files of the article, and terms/r*.js
    assert (out / "mine.txt").exists() and (out / "articles" / "mine.html").exists()
    assert (tmp_path / "outside.txt").read_text() == "keep me"
    assert report.unchanged >= 2  # style.css, articles/fr2.html (same text, same related articles)


def test_export_refuses_a_non_empty_folder_it_did_not_write(corpus_index: Path, tmp_path: Path) -> None:
    (tmp_path / "README").write_text("mine")
    with pytest.raises(ExportError, match="not written by"):
        export_site(corpus_index, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["README"]


def test_export_refuses_to_follow_a_link_planted_in_out(corpus_index: Path, tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    export_site(corpus_index, out)
    elsewhere.mkdir()
    for page in (out / "articles").iterdir():
        page.unlink()
    (out / "articles").rmdir()
    (out / "articles").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ExportError, match="outside"):
        export_site(corpus_index, out)
    assert list(elsewhere.iterdir()) == []


# --- report, progress, CLI --------------------------------------------------------------------------------------
def test_progress_is_called_once_per_page(corpus_index: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    report = export_site(corpus_index, tmp_path / "out", SAVED, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(i, report.pages) for i in range(1, report.pages + 1)]
    assert report.pages == len(list((tmp_path / "out").rglob("*.html")))


def test_report_counts_bytes_and_says_where_the_home_page_is(corpus_site: tuple[Path, ExportReport]) -> None:
    out, report = corpus_site
    assert report.bytes == sum(len(b) for k, b in files(out).items() if k != ".export-manifest.json")
    d = report.as_dict()
    assert {"pages", "bytes", "seconds", "written", "unchanged", "out"} <= set(d)
    assert json.loads(json.dumps(d)) == d
    assert (out / "index.html").resolve().as_uri() in export_text(report)


def test_cli_export_prints_the_report_as_json(corpus_index: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from search.cli import cli

    queries = tmp_path / "queries.txt"
    queries.write_text("coopération\n\nHun Manet\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "site"), "--index", str(corpus_index),
                                      "--query", "Sơn La", "--queries-file", str(queries), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["pages"] == len(list((tmp_path / "site").rglob("*.html")))
    assert len(list((tmp_path / "site" / "queries").iterdir())) == 3


def test_a_hostile_web_page_reaches_the_site_as_inert_text(tmp_path: Path) -> None:
    """A saved web page full of markup: its text reaches the site, none of its markup does. The only scripts are
    the search page's own (src, no inline code, files the export wrote); no element, attribute or address comes
    from the document; what it says about itself (its site name) is escaped text in the pages and in the data."""
    from search.site.pack import read_script

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "evil.html").write_text(
        '<html><head><title>Titre "><script>alert(1)</script></title>'
        '<link rel="canonical" href="javascript:alert(1)"><meta property="og:site_name" content="<b onmouseover=x>">'
        '</head><body><article><h1>Un titre</h1><script>steal(document.cookie)</script>'
        '<p onclick="steal()">Le commerce du riz progresse entre les deux pays, selon les coopératives de la région '
        'frontalière, qui ont doublé leurs ventes cette année.</p><iframe src="https://evil.example"></iframe>'
        '<p><img src=x onerror="alert(2)">Une autre phrase sur le commerce du riz et des mangues.</p></article>'
        '</body></html>', encoding="utf-8")
    build_index([corpus], tmp_path / "ix", procs=1)
    site = tmp_path / "site"
    export_site(tmp_path / "ix", site)
    pages = html_pages(site)
    payload = ("alert(", "steal(", "document.cookie", "evil.example", "onerror", "onclick")
    for rel, doc in pages.items():
        scripts = doc.find_all("script")
        assert [e.attrs.get("src") for e in scripts] == (SEARCH_SCRIPTS if rel == "search.html" else []), rel
        assert all(not e.children and (site / e.attrs["src"]).is_file() for e in scripts), rel  # no inline code
        for tag in ("iframe", "img", "svg", "object", "embed", "b", "base"):
            assert not doc.find_all(tag), (rel, tag)
        assert all(f.attrs["action"].endswith("search.html") for f in doc.find_all("form")), rel  # our search box
        assert all(e.attrs.get("rel") == "stylesheet" for e in doc.find_all("link")), rel
        for el in doc.iter():
            assert not [a for a in el.attrs if a.lower().startswith("on")], (rel, el.tag, el.attrs)
            for attr in ("href", "src", "action"):
                assert not el.attrs.get(attr, "").lower().startswith(("javascript:", "data:")), (rel, el.tag)
        html = (site / rel).read_text(encoding="utf-8")
        assert not [p for p in payload if p in html.lower()], rel
    # The page's text and its site name, as text: in the article page...
    article = pages["articles/evil.html"]
    assert "Le commerce du riz progresse" in article.find("div", cls="text").text()
    facts = article.find("dl", cls="facts").text()
    assert "<b onmouseover=x>" in facts.lower()
    assert "&lt;b onmouseover=x&gt;" in (site / "articles" / "evil.html").read_text(encoding="utf-8").lower()
    # ...and in the search data: JSON-escaped (no "<" in any data file), the same text once read back.
    for path in (site / "search").rglob("*.js"):
        if path.name in ("engine.js", "stem.js"):
            continue
        data = path.read_bytes()
        if path.relative_to(site).as_posix() == "search/start.js":  # the files every query needs, in one
            top = site / "search"
            chunks = sorted((top / "docs").glob("*.js"), key=lambda p: int(p.stem))
            assert data == b"".join(p.read_bytes() for p in [top / "meta.js", top / "officials.js", *chunks,
                                                             top / "keys.js"])
            continue
        assert b"<" not in data and b">" not in data, path
        # (a docs/ file's columns are bytes: deflated numbers, no text)
        text = json.dumps(read_script(data)[1], ensure_ascii=False, default=lambda b: b.decode("latin-1")).lower()
        assert not [p for p in payload if p in text], path
    stored = read_script((site / "search" / "art" / "0.js").read_bytes())[1]
    assert stored["src"].lower() == "<b onmouseover=x>" and "riz" in stored["body"]
