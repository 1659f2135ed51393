"""benchmarks/site.py's baseline in the same run: a blank page beside search.html, opened the same way as a query's
page before each query, whose one inline script stamps the mark the results do (<html data-rendered>)."""

from __future__ import annotations

from pathlib import Path

from .cdp import Browser


def test_the_blank_page_is_opened_as_a_querys_page_and_stamps_the_results_mark(browser: Browser,
                                                                               tmp_path: Path) -> None:
    from benchmarks.site import BLANK, BLANK_HTML, open_blank

    (tmp_path / BLANK).write_text(BLANK_HTML, encoding="utf-8")
    times = [open_blank(browser, tmp_path) for _ in range(3)]
    assert all(0 < t < 5_000 for t in times), times  # ms from the start of its navigation to its script's mark
    page = browser.open((tmp_path / BLANK).resolve().as_uri() + "?q=x")
    assert page.total == 0 and page.ids == [] and page.console == [] and page.loaded == []
    stamp = browser.evaluate("Number(document.documentElement.dataset.rendered)")
    dcl = browser.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventStart")
    # stamped while the page was parsed, as nothing else runs in it (the stamp is rounded to 0.1 ms: toFixed(1) in
    # BLANK_HTML; a stamp of 13.7 for a DOMContentLoaded at 13.6999 failed a full run)
    assert 0 < stamp <= dcl + 0.05
