"""The exported site in a real browser: Debian's headless Chromium opens it from file://, no server.

Driven from the command line only (no extra Python packages): ``--dump-dom`` prints the DOM after the page
has loaded, ``--screenshot`` and ``--print-to-pdf`` leave pictures in ``test-artifacts/`` (git-ignored) for
people to look at. With ``--enable-logging=stderr`` Chromium writes every message a page sends to its console
as ``INFO:CONSOLE...`` on stderr, uncaught errors included ("Uncaught ..."). The site has no JavaScript, so
the check is strict: no console line at all from any page we load (a negative control proves the check sees
one). Missing files do not reach the console; test_export.py checks that every link resolves.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from search.site.export import ExportReport, export_site

from ..conftest import REPO
from .test_export import Element, parse

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
TIMEOUT = 20  # seconds per Chromium run; one takes about 1 s here
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND",  # the site must not need the network: make sure it has none
         "--enable-logging=stderr", "--v=0"]


@dataclass
class Loaded:
    dom: Element
    console: list[str]  # console lines from the page


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("BROWSER TESTS SKIPPED: no `chromium` on PATH. Install Debian's package "
                    "(`apt-get install chromium`, or `make browser` as root) to run them.")
    return path


def _run(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One Chromium run in its own process group, killed whole if it outlives TIMEOUT."""
    cmd = [chromium, *FLAGS, f"--user-data-dir={profile}", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"chromium took more than {TIMEOUT} s: {' '.join(cmd)}")
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Any:
    chromium = _chromium()
    profile = tmp_path_factory.mktemp("chromium-profile")

    def load(path: Path, *extra: str) -> Loaded:
        result = _run(chromium, profile, *extra, "--dump-dom", path.resolve().as_uri())
        assert result.returncode == 0, result.stderr[-2000:]
        return Loaded(parse(result.stdout), console_lines(result.stderr))

    def capture(path: Path, *args: str) -> None:
        result = _run(chromium, profile, *args, path.resolve().as_uri())
        assert result.returncode == 0, result.stderr[-2000:]

    return load, capture


@pytest.fixture(scope="module")
def site(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ExportReport]:
    out = tmp_path_factory.mktemp("browser-site") / "site"
    return out, export_site(corpus_index, out, ["coopération", "Hun Manet", "ហ៊ុនម៉ាណែត"])


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_console_check_sees_a_page_error(browser: Any, tmp_path: Path) -> None:
    load, _ = browser
    page = tmp_path / "noisy.html"
    page.write_text("<!DOCTYPE html><title>x</title><script>console.error('boom'); missing();</script>")
    console = load(page).console
    assert any("boom" in line for line in console) and any("Uncaught" in line for line in console)


def test_home_page_renders_in_chromium_without_console_messages(browser: Any,
                                                                 site: tuple[Path, ExportReport]) -> None:
    load, capture = browser
    out = site[0]
    home = load(out / "index.html")
    assert home.console == []
    assert home.dom.find("h1").text() == "The collection at a glance"
    assert len(home.dom.find("ol", cls="articles").find_all("li")) == 9
    ARTIFACTS.mkdir(exist_ok=True)
    for name, size in (("home.png", "1280,900"), ("home-phone.png", "390,844")):
        (ARTIFACTS / name).unlink(missing_ok=True)
        capture(out / "index.html", f"--screenshot={ARTIFACTS / name}", f"--window-size={size}")
        assert _png_size(ARTIFACTS / name) == tuple(int(n) for n in size.split(","))
        print(f"screenshot: {ARTIFACTS / name}")


def test_links_followed_in_chromium_reach_an_article_an_official_and_a_saved_query(
        browser: Any, site: tuple[Path, ExportReport], open_corpus: Any) -> None:
    load, _ = browser
    out = site[0]
    hrefs = [a.attrs["href"] for a in load(out / "index.html").dom.find_all("a")]

    def first(prefix: str) -> Path:
        return out / next(h for h in hrefs if h.startswith(prefix))

    article_path = first("articles/")
    article = load(article_path)
    expected = open_corpus.show(article_path.stem)
    assert article.console == []
    assert article.dom.find("h1").text() == expected.title
    assert article.dom.find("div", cls="text").attrs["lang"] == expected.lang

    # One level down and back up: the article's "../officials/..." link, resolved the way the browser does.
    official_href = article.dom.find("ul", cls="officials").find("a").attrs["href"]
    official = load((article_path.parent / official_href).resolve())
    assert official.console == []
    assert official.dom.find("h1").text() in {r.name for r in expected.officials}
    assert official.dom.find("ul", cls="aliases").find_all("li")

    query = load(first("queries/"))
    assert query.console == []
    assert query.dom.find("h1").find("q").text() == "coopération"
    assert [m.text().lower() for m in query.dom.find_all("mark")].count("coopération") >= 1


def test_an_article_prints_to_pdf(browser: Any, site: tuple[Path, ExportReport]) -> None:
    _, capture = browser
    pdf = ARTIFACTS / "article-print.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf.unlink(missing_ok=True)
    capture(site[0] / "articles" / "fr1.html", f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    print(f"print view: {pdf}")


def test_a_listing_of_many_pages_fits_a_phone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The links to every page of a long listing (vi-news: 14 pages of 200; 500 at 100k articles) wrap: they
    # made a page wider than a phone's screen from 12 pages on (a sideways scroll bar under the whole list).
    from search import build_index
    from search.site import export

    from .cdp import Browser, find_chromium

    if find_chromium() is None:
        pytest.skip("BROWSER TESTS SKIPPED: no `chromium` on PATH.")
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(40):
        (docs / f"en{i:02}.txt").write_text(f" date 2024-05-{i % 28 + 1:02} Trade talks {i}\n\n"
                                            f"The ministers discussed trade number {i} in Vientiane.\n",
                                            encoding="utf-8")
    build_index([docs], tmp_path / "ix", procs=1)
    monkeypatch.setattr(export, "LISTING_PAGE", 1)
    export_site(tmp_path / "ix", tmp_path / "out")
    with Browser() as b:
        b.call("Emulation.setDeviceMetricsOverride", session=b.session, width=360, height=800,
               deviceScaleFactor=1, mobile=True)
        b.navigate((tmp_path / "out" / "lang" / "en-2.html").as_uri())
        assert b.evaluate("document.querySelectorAll('nav.paging a').length") == 41  # 39 numbers, prev, next
        assert b.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_facet_count_beside_a_long_value_stays_on_one_line(tmp_path: Path) -> None:
    # A long value (the role "First Vice-President of the Senate") squeezed its count, which the page's
    # overflow-wrap: anywhere then broke between digits: 12 read as "1" over "2", on saved query pages and
    # the search page alike (the same classes).
    from search import build_index

    from .cdp import Browser, find_chromium

    if find_chromium() is None:
        pytest.skip("BROWSER TESTS SKIPPED: no `chromium` on PATH.")
    docs = tmp_path / "docs"
    docs.mkdir()
    source = "The First Vice-President of the Senate's Weekly Bulletin"
    rows = [{"id": f"a{i}", "title": f"Talks {i}", "lang": "en", "date": "2024-05-01", "source": source,
             "body": f"The ministers discussed trade number {i} in Vientiane."} for i in range(45)]
    (docs / "r.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    build_index([docs], tmp_path / "ix", procs=1)
    export_site(tmp_path / "ix", tmp_path / "out", ["ministers"])
    query = next((tmp_path / "out" / "queries").glob("*.html"))
    with Browser() as b:
        for width in (1280, 360):
            b.call("Emulation.setDeviceMetricsOverride", session=b.session, width=width, height=900,
                   deviceScaleFactor=1, mobile=width < 500)
            b.navigate(query.as_uri())
            lines = b.evaluate("[...document.querySelectorAll('.facets .count')].map((e) => { const r ="
                               " document.createRange(); r.selectNodeContents(e); return [e.textContent,"
                               " new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size]; })")
            assert ["45", 1] in lines and all(n == 1 for _, n in lines), (width, lines)
