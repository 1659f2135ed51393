"""The search page on the real Vietnamese and Khmer news (../shared/data, read in place; skipped when absent):
for queries drawn from the articles (names, accented words and the same without accents, phrases, Khmer typed
with and without its zero-width spaces, OR, NOT, lang:, official:, dates, web addresses, source:) the page gives the
CLI's total and top ten in order, and the same snippets, hit fields (url, source...), facets and notes. The
Vietnamese articles are indexed from their own files (``# url = ...``, ``# date = ...``, then the title).

A sample keeps it near a minute in CI (every 12th Vietnamese article, every 6th Khmer one, and the seeds);
``python -m benchmarks.site`` compares totals and top tens on the 5k benchmark corpus (all 12 query kinds).
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from search import build_index, open_index
from search.lang.fold import fold
from search.site.export import export_search

from ..conftest import REPO, SEEDS, shared_data
from ..test_real_data import convert_km, convert_vi
from .cdp import Browser
from .parity import differences, expected, in_page, on_screen

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ARTIFACTS = REPO / "test-artifacts"
KEYS = ("total", "partial", "ids", "snippets", "fields", "facets", "notes", "suggestion")


def body(p: Path) -> str:
    """A Vietnamese article's text: after its ``# key = value`` lines and its title."""
    lines = p.read_text(encoding="utf-8").split("\n")
    while lines and lines[0].startswith("# "):
        lines.pop(0)
    return "\n".join(lines[1:])


def real_queries(corpus: Path, rng: random.Random, per_kind: int = 12) -> list[str]:
    """Queries drawn from the articles: words and phrases as written, then without accents or spaces."""
    vi = sorted(p for p in corpus.iterdir() if not p.name.startswith(("km_", "0")))
    km = sorted(p for p in corpus.iterdir() if p.name.startswith("km_"))
    queries: list[str] = []
    for p in rng.sample(vi, per_kind):
        words = re.findall(r"\w+", body(p))
        i = rng.randrange(max(1, len(words) - 3))
        two, three = " ".join(words[i:i + 2]), " ".join(words[i:i + 3])
        queries += [words[i], fold(words[i]), two, fold(two), f'"{three}"', f"{words[i]}~", f"{fold(words[i])}~"]
    for p in rng.sample(km, per_kind):
        parts = [w for w in re.split(r"[\s\u200b។៕,()]+", p.read_text(encoding="utf-8")) if w]
        i = rng.randrange(max(1, len(parts) - 3))
        queries += [parts[i], "".join(parts[i:i + 2]), " ".join(parts[i:i + 2]), "".join(parts[i:i + 3])]
    return queries + [
        "Nguyễn Xuân Phúc", "Nguyen Xuan Phuc", "Phạm Minh Chính", "Hun Sen", "ហ៊ុន សែន", "ហ៊ុនសែន", "សម្ដេចតេជោ",
        "Việt Nam -Lào", "Lào OR Campuchia", "Campuchia -Lào", "lang:km ហ៊ុនសែន", "official:hun-sen",
        'official:"Phạm Minh Chính" lang:vi', "thủ tướng Chính phủ", "thu tuong chinh phu", "bệnh viện Bạch Mai",
        "Covid-19 Hà Nội", "kinh tế thị trường định hướng xã hội chủ nghĩa", "date:2020-10 Hà Nội",
        "year:2021 vaccine", "country:KH Việt Nam", "Hà Nội", "ha noi", '"Hà Nội"', "vaccine*", "title:Covid",
        "Hoà Bình", "Hòa Bình", "thuỷ điện", "thủy điện", "Lào", "lao động", "đậu", "dầu", "năm", "Nam",
        "នាយករដ្ឋមន្ត្រី", "នាយក រដ្ឋមន្ត្រី", "រាជរដ្ឋាភិបាល", "ក្រសួងសុខាភិបាល", "កូវីដ១៩",
        # Typed with a subscript ដ, ឲ, a vowel twice: a run all the same (compile.py _covers)
        "សម្ដេចតេជោ*", "សម្តេចតេជោ*", "ឧត្ដមសេនីយ៍*", "កុំឲ្យ*", "មាានកូន*", "មិនឃេីញ*",
        "https://dantri.com.vn/the-gioi", "url:dantri.com.vn/suc-khoe Covid", "source:dantri.com.vn Hà Nội",
        "https://dantri.com.vn/kinh-doanh -Covid", "url:https://www.dantri.com.vn/the-thao/", "source:TTXVN",
        'source:"Báo Chính phủ"', "source:Reuters,Xinhua,BBC",
        "http://dantri.com.vn/du-lich OR lang:km", "https://dantri.com.vn/the-gioi/",
        # Fuzzy words: their variants are exact spellings, each in its folded word's group (đó~ finds dẻo).
        "đó~", "do~", "các~", "một~", "Lào~", "nhi~",
    ]


def random_queries(corpus: Path, rng: random.Random, filters: list[str], count: int = 80) -> list[str]:
    """Words of the articles as written (punctuation included), one to five, each maybe with an operator, a
    field or a quote, and filters (``filters``: drawn from the index): what a user types, and what no list of
    examples covers."""
    files = sorted(corpus.iterdir())
    texts = [body(p) if not p.name.startswith("km_") else p.read_text(encoding="utf-8")
             for p in rng.sample(files, min(40, len(files)))]
    words = [w for t in texts for w in t[:3000].split()]
    before = ["", "", "", "-", '"', "(", "title:", "official:", "source:"]
    after = ["", "", "", "*", "~", "~2", ")", '"']
    alone = ["OR", "NOT", "AND", "lang:vi", "lang:km", "lang:vi,km", "-lang:km", *filters]
    queries = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 5)):
            if rng.random() < 0.2:
                parts.append(rng.choice(alone))
            parts.append(rng.choice(before) + rng.choice(words) + rng.choice(after))
        queries.append(" ".join(parts))
    return queries


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    vi_src = shared_data("vi-news", "docs")
    km_src = shared_data("km-news", "docs")
    work = tmp_path_factory.mktemp("real-search")
    full = work / "full"
    full.mkdir()
    convert_vi(vi_src, full)
    convert_km(km_src, full)
    corpus = work / "corpus"
    corpus.mkdir()
    vi = sorted(p for p in full.iterdir() if not p.name.startswith("km_"))
    km = sorted(p for p in full.iterdir() if p.name.startswith("km_"))
    for p in vi[::12]:  # as published: with its web address (and the outlet it names) and its date
        shutil.copy(vi_src / p.name, corpus / p.name)
    for p in km[::6]:
        shutil.copy(p, corpus / p.name)
    report = build_index([corpus, SEEDS], work / "index")
    assert not report.skipped
    export_search(work / "index", work / "site")
    return corpus, work / "index", work / "site"


@pytest.fixture(scope="module")
def ix(real: tuple[Path, Path, Path]) -> Iterator[Any]:
    with open_index(real[1]) as opened:
        yield opened


@pytest.fixture(scope="module")
def page(browser: Browser, real: tuple[Path, Path, Path]) -> Browser:
    assert on_screen(browser, real[2], "").console == []
    browser.evaluate("NewsSearch.ready().then(() => 1)")
    return browser


def test_queries_drawn_from_the_news_give_the_clis_answers(page: Browser, ix: Any,
                                                             real: tuple[Path, Path, Path]) -> None:
    queries = real_queries(real[0], random.Random(12))
    problems = []
    for q in queries:
        problems += differences(q, expected(ix, q), in_page(page, q), KEYS)
    assert problems == [], f"{len(problems)} differences in {len(queries)} queries:\n" + "\n".join(problems[:20])


def test_khmer_passages_quoted_with_their_punctuation_give_the_clis_answers(page: Browser, ix: Any,
                                                                          real: tuple[Path, Path, Path]) -> None:
    """A passage's punctuation is a position the article's punctuation left empty (pairs.py: the pairs one
    position apart only there, every one of them), as in the CLI (tests/test_real_data.py checks its answers
    against a brute-force search): one or two words, punctuation, one or two words."""
    letter = "\u1780-\u17d3\u17dd"
    passage = re.compile(f"(?<![{letter}])((?:[{letter}]+[ \u200b]){{0,1}}[{letter}]+ ?[។៕,៖!?()]+ ?"
                         f"(?:[{letter}]+[ \u200b]){{0,1}}[{letter}]+)(?![{letter}])")
    km = sorted(p for p in real[0].iterdir() if p.name.startswith("km_"))
    drawn = sorted({m.group(1) for p in km for m in passage.finditer(p.read_text(encoding="utf-8"))})
    queries = [f'"{q}"' for q in random.Random(4).sample(drawn, 60)]
    problems = []
    for q in queries:
        want = expected(ix, q)
        assert want["total"], q  # its own article at least
        problems += differences(q, want, in_page(page, q), KEYS)
    assert problems == [], f"{len(problems)} differences in {len(queries)} queries:\n" + "\n".join(problems[:20])


def test_random_queries_with_operators_give_the_clis_answers(page: Browser, ix: Any,
                                                             real: tuple[Path, Path, Path]) -> None:
    # Random queries found what the lists above did not: fuzzy words that missed accented variants, words
    # named like JavaScript's own (constructor), notes quoting characters Python escapes.
    rng = random.Random(2026)
    reader = ix.reader
    months = sorted({d[:7] for d in reader.field_terms("month") if d})
    filters = [*(f"official:{o}" for o in rng.sample(sorted(reader.field_terms("official")), 5)),
               *(f'role:"{r}"' for r in rng.sample(sorted(reader.field_terms("role")), 3)),
               *(f"country:{c}" for c in sorted(reader.field_terms("country"))[:3]),
               *(f"month:{m}" for m in rng.sample(months, 3)), f"date:{months[0]}..{months[len(months) // 2]}",
               f"-month:{months[-1]}", f"year:{months[len(months) // 3][:4]}"]
    queries = random_queries(real[0], rng, filters)
    problems = []
    for q in queries:
        problems += differences(q, expected(ix, q), in_page(page, q), KEYS)
    assert problems == [], f"{len(problems)} differences in {len(queries)} queries:\n" + "\n".join(problems[:20])


def test_facet_values_fed_back_give_the_clis_answers_and_the_counts_the_facets_showed(
        page: Browser, ix: Any, real: tuple[Path, Path, Path]) -> None:
    # Drill-down, as the page's facet links do: each value narrows to as many articles as its count, in the page
    # as in the CLI. Long questions with every word in 10 articles or more listed, once narrowed below 10, the
    # articles with most of the words too, which the facet had not counted (searcher.py relaxes).
    rng = random.Random(7)
    vi = sorted(p for p in real[0].iterdir() if not p.name.startswith(("km_", "0")))
    questions = []
    for p in rng.sample(vi, 60):
        words = [w for w in re.findall(r"\w+", body(p)) if len(w) > 1]
        if len(words) > 8:
            i = rng.randrange(len(words) - 6)
            q = " ".join(words[i:i + rng.choice([4, 5])])
            if ix.search(q, limit=0, facets=[], suggest=False).total >= 10:
                questions.append(q)
    assert len(questions) >= 5
    queries = [*questions[:8], "Hun Sen", "Việt Nam", "ហ៊ុនសែន", "kinh tế thị trường định hướng xã hội chủ nghĩa"]
    problems, checked = [], 0
    for q in queries:
        shown = in_page(page, q, limit=0)
        for name, counts in shown["facets"].items():
            for value, count in counts[:3]:  # [[value, count], ...] in the order shown
                narrowed = f'{q} {name}:"{value}"'
                want, got = expected(ix, narrowed), in_page(page, narrowed)
                problems += differences(narrowed, want, got, KEYS)
                if got.get("total", 0) + got.get("partial", 0) != count:
                    problems.append(f"{narrowed!r}: the facet said {count}, the page lists "
                                    f"{got.get('total')} + {got.get('partial')}")
                checked += 1
    assert checked >= 50
    assert problems == [], f"{len(problems)} differences in {checked} values:\n" + "\n".join(problems[:20])


def test_random_filter_expressions_give_the_articles_a_plain_count_gives_in_the_page_and_the_cli(
        page: Browser, ix: Any) -> None:
    # Facet values under OR, NOT and groups, with words or alone, against the articles' stored fields: a group
    # of filters counted as a word of a long question, and filters excluded alone were dropped (compile.py,
    # syntax.py is_filter).
    rng = random.Random(5)
    reader = ix.reader
    stored = [reader.stored(d) for d in range(reader.size) if reader.docs.live[d]]
    values = {d["id"]: {"lang": {d["lang"]}, "year": {d["date"][:4]} if d["date"] else set(),
                        "official": {m[0] for m in d["mentions"]}, "country": {m[4] for m in d["mentions"]},
                        "source": {d["source"]} if d["source"] else set()} for d in stored}
    facets = ix.overview(["lang", "year", "official", "country", "source"]).facets

    def atom() -> tuple[str, Any]:
        name = rng.choice(sorted(facets))
        value = rng.choice(sorted(facets[name]))
        return f'{name}:"{value}"', lambda i: value in values[i][name]

    def expr(depth: int = 0) -> tuple[str, Any]:
        r = rng.random()
        if depth < 2 and r < 0.3:
            (a, fa), (b, fb) = expr(depth + 1), expr(depth + 1)
            return f"({a} OR {b})", lambda i: fa(i) or fb(i)
        if depth < 2 and r < 0.5:
            a, fa = expr(depth + 1)
            # an exclusion of an exclusion in parentheses: --year:2019 is one exclusion (syntax.py, --source:x)
            return (f"-({a})" if a.startswith("-") else f"-{a}"), lambda i: not fa(i)
        return atom()

    texts = ["", "", "Việt Nam", "Hun Sen", "ហ៊ុនសែន", "cho biết thêm rằng hiện nay"]
    base = {t: {h.id for h in ix.search(t, limit=1000, facets=[], snippets=False).hits} if t else set(values)
            for t in texts}
    problems, checked = [], 0
    for _ in range(60):
        text = rng.choice(texts)
        parts = [expr() for _ in range(rng.choice([1, 1, 2]))]
        query = " ".join([text, *(q for q, _ in parts)]).strip()
        want = expected(ix, query)
        problems += differences(query, want, in_page(page, query), KEYS)
        res = ix.search(query, limit=1000, facets=[], snippets=False)
        oracle = {i for i in base[text] if all(f(i) for _, f in parts)}
        if {h.id for h in res.hits} != oracle:
            problems.append(f"{query!r}: {res.total} + {res.partial} listed, a plain count says {len(oracle)}")
        checked += 1
    assert problems == [], f"{len(problems)} differences in {checked} queries:\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("query", ["ហ៊ុនសែន", "Nguyễn Xuân Phúc", "thu tuong chinh phu", "Lào OR Campuchia",
                                   '"Hà Nội"', "lang:km កូវីដ១៩"])
def test_the_rendered_page_shows_the_clis_total_and_ids(browser: Browser, ix: Any, real: tuple[Path, Path, Path],
                                                        query: str) -> None:
    want = expected(ix, query)
    shown = on_screen(browser, real[2], query)
    assert shown.console == []
    assert (shown.total, shown.ids) == (want["total"], want["ids"])


def test_later_pages_follow_in_the_clis_order(browser: Browser, ix: Any, real: tuple[Path, Path, Path]) -> None:
    query = "Việt Nam"
    assert expected(ix, query)["total"] > 30
    for number in (2, 3):
        shown = on_screen(browser, real[2], query, page=number)
        assert shown.ids == expected(ix, query, offset=10 * (number - 1))["ids"]


def test_screenshots_of_a_khmer_and_a_vietnamese_search_of_the_news(browser: Browser,
                                                                      real: tuple[Path, Path, Path]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for name, query in (("search-news-km.png", "ហ៊ុនសែន"), ("search-news-vi.png", "thu tuong Nguyen Xuan Phuc")):
        shown = on_screen(browser, real[2], query)
        assert shown.total and shown.console == []
        browser.screenshot(str(ARTIFACTS / name), 1280, 1100)
