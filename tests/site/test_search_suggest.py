"""The search page's "did you mean" is the CLI's (suggest.py ``correction``, searcher.js ``correction``): the
nearest word first, one edit from the spelling typed, then from the word folded, then two from each."""

from __future__ import annotations

import json
from pathlib import Path

from search import build_index, open_index
from search.site.export import export_site

from .cdp import Browser
from .parity import differences, expected, in_page, on_screen

# French articles are indexed folded: "réforme" is the term "reforme", two edits from "réfome" as typed (é, r)
# and one from "refome"; "rome", more frequent, is two from both. Vietnamese ones as spelled: "thạch" is one
# edit from "thạh" as typed, "tham" one from "thah" folded.
ARTICLES = [
    {"id": "fr-reforme", "lang": "fr", "title": "La réforme", "body": "La réforme des retraites est votée."},
    *({"id": f"fr-rome{n}", "lang": "fr", "title": f"Voyage {n}", "body": "Le pape est à Rome pour la messe."}
      for n in range(4)),
    {"id": "vi-thach", "lang": "vi", "title": "Thạch Sanh", "body": "Truyện Thạch Sanh được kể lại."},
    *({"id": f"vi-tham{n}", "lang": "vi", "title": f"Tin {n}", "body": "Đoàn tham quan thủ đô."} for n in range(3)),
]
WANT = {"réfome": "reforme", "refome": "reforme", "réfomes": "reforme", "thạh": "thạch", "Thạh Sanh": "Thạch Sanh",
        "réforme": None}


def test_did_you_mean_is_the_nearest_word_typed_or_folded_on_the_page_as_in_the_cli(browser: Browser,
                                                                                    tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "news.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES),
                                     encoding="utf-8")
    build_index([docs], tmp_path / "index", procs=1)
    export_site(tmp_path / "index", tmp_path / "site", [])
    loaded = on_screen(browser, tmp_path / "site", "")
    assert loaded.console == []
    browser.evaluate("NewsSearch.ready().then(() => 1)")
    problems: list[str] = []
    with open_index(tmp_path / "index") as ix:
        got = {q: expected(ix, q)["suggestion"] for q in WANT}
        for q in WANT:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "suggestion"))
    assert got == WANT
    assert problems == [], "\n".join(problems)
