from __future__ import annotations

import json
from pathlib import Path

from search import build_index, open_index
from search.officials.stats import profile, summaries
from search.site.text import profile_text


def test_an_officials_articles_keep_their_inferred_dates_and_a_year_alone_is_no_month(tmp_path: Path) -> None:
    records = [
        {"id": "b", "title": "Hun Manet à Hanoï", "date": "2024", "lang": "fr", "body": "Hun Manet est à Hanoï."},
        {"id": "a", "title": "Hun Manet à Vientiane", "date": "2024-11-06", "lang": "fr",
         "body": "Hun Manet est à Vientiane."},
        {"id": "c", "title": "Hun Manet à Bangkok", "date": "2024-11-06", "lang": "fr",
         "body": "Hun Manet est à Bangkok."},
        {"id": "d", "title": "Hun Manet à Jakarta", "lang": "fr",
         "body": "Le 6 novembre 2024, Hun Manet est arrivé à Jakarta."},
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    build_index([tmp_path / "a.jsonl"], tmp_path / "ix")
    with open_index(tmp_path / "ix") as ix:
        p = profile(ix, "Hun Manet")
        assert p.by_month == {"2024-11": 3}  # "2024" alone is in no month
        refs = {r.id: r for r in p.articles}
        assert refs["d"].date == "2024-11-06" and refs["d"].date_inferred and not refs["a"].date_inferred
        # newest first, then by id, whatever order they were indexed in
        assert [r.id for r in p.articles] == ["a", "c", "d", "b"]


def test_an_officials_total_counts_every_article_and_says_how_many_are_in_no_month(tmp_path: Path) -> None:
    """The CLI said "200 article(s)" for an official named in 205: the count of the listed articles (at most
    200), not of the articles; and the months did not add up to the total without a word on the others."""
    from search.site.text import profile_text

    records = [{"id": f"a{i}", "title": f"Report {i}", "date": f"2020-03-{i % 28 + 1:02d}" if i > 1 else "2020",
                "lang": "en", "body": f"Prime Minister Hun Sen visited province number {i}."} for i in range(7)]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    build_index([tmp_path / "a.jsonl"], tmp_path / "ix")
    with open_index(tmp_path / "ix") as ix:
        p = profile(ix, "Hun Sen", limit_articles=4)
        facet = ix.search("official:hun-sen", limit=0).facets["official"]["hun-sen"]
    assert (p.total, len(p.articles), p.no_month, p.by_month) == (7, 4, 2, {"2020-03": 5}) and facet == 7
    text = profile_text(p)
    assert "7 article(s), the newest 4 listed" in text and "2 in no month" in text
    assert p.as_dict()["total"] == 7


def test_an_officials_article_dated_after_the_time_of_indexing_is_marked_so(tmp_path: Path) -> None:
    records = [
        {"id": "typo", "title": "Hun Manet à Vientiane", "date": "2099-03-01", "lang": "fr",
         "body": "Hun Manet est à Vientiane."},
        {"id": "real", "title": "Hun Manet à Hanoï", "date": "2024-11-06", "lang": "fr",
         "body": "Hun Manet est à Hanoï."},
        {"id": "nodate", "title": "Hun Manet à Phnom Penh", "lang": "fr", "body": "Hun Manet est à Phnom Penh."},
        {"id": "typo2", "title": "Hun Manet à Luang Prabang", "date": "2090-01-01", "lang": "fr",
         "body": "Hun Manet est à Luang Prabang."},
        {"id": "older", "title": "Hun Manet à Hué", "date": "2023-05-01", "lang": "fr", "body": "Hun Manet est à Hué."},
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    build_index([tmp_path / "a.jsonl"], tmp_path / "ix")
    with open_index(tmp_path / "ix") as ix:
        p = profile(ix, "Hun Manet")
        summary = next(s for s in summaries(ix) if s.id == "hun-manet")
    # Listed after the real dates, as it is never the newest article (found by review: the typo came first)
    assert [(r.id, r.date_future) for r in p.articles] == [
        ("real", False), ("older", False), ("typo", True), ("typo2", True), ("nodate", False)]
    assert "  2099-03-01 (after the time of indexing)  typo  Hun Manet à Vientiane" in profile_text(p).split("\n")
    # ...and is not the last time the official was named, as it is never the newest article
    assert (summary.first_date, summary.last_date) == ("2023-05-01", "2024-11-06")
