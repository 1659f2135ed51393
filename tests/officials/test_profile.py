from __future__ import annotations

import json
from pathlib import Path

from search import build_index, open_index
from search.officials.stats import profile


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
