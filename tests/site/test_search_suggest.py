"""The search page's "did you mean" is the CLI's (suggest.py ``correction``, searcher.js ``correction``): the
nearest word first, one edit from the spelling typed, then from the word folded, then two from each."""

from __future__ import annotations

from pathlib import Path

from search import open_index

from .cdp import Browser
from .parity import differences, expected, in_page, open_collection

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
    index = open_collection(browser, tmp_path, ARTICLES)
    problems: list[str] = []
    with open_index(index) as ix:
        got = {q: expected(ix, q)["suggestion"] for q in WANT}
        for q in WANT:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "suggestion"))
    assert got == WANT
    assert problems == [], "\n".join(problems)
