"""A pasted paragraph (a query of a few hundred words) on OpenSearch: the same answer as locally, without the
requests whose cost grew with the paragraph's words times the index's articles (5 to 30 s on 3,655 real
articles): one terms aggregation a word for its spellings, a filters aggregation of every bit of every
spelling's frequency over the whole index, and the query evaluated again for each further request of the
articles' values."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any, cast

import pytest

from search import build_index, open_index
from search.cluster import build_cluster_index, open_cluster_index
from search.cluster import universe as universe_module
from search.cluster.devnode import DevCluster
from search.lang.fold import fold
from search.query import syntax as ql
from search.query.compile import joined_words

from ..conftest import write_articles
from .conftest import answer


def articles() -> dict[str, str]:
    """40 Vietnamese articles of 150 words drawn from 600 syllables (a word up to a few times an article)."""
    rng = random.Random(11)
    onsets = ["b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "ph", "s", "t", "th", "tr", "v", "x", "ng", "nh", "kh"]
    rhymes = ["a", "à", "á", "ả", "ã", "ạ", "ơn", "ường", "iến", "ộc", "ang", "inh", "uy", "ế", "ồng", "ục", "ai",
              "ao", "ăn", "ân", "ưa", "ơi", "ôi", "iệt", "oàn", "uyên", "ắc", "ướ", "ện", "ọc"]
    vocab = [o + r for o in onsets for r in rhymes]
    out = {}
    for i in range(40):
        words = [rng.choice(vocab[:200] if rng.random() < 0.5 else vocab) for _ in range(150)]
        out[f"vi{i:02}.txt"] = (f" date 2024-{1 + i % 12:02}-{1 + i % 28:02} {' '.join(words[:6]).capitalize()}\n\n"
                                f"{' '.join(words[6:80])}. {' '.join(words[80:]).capitalize()}.\n")
    return out


@pytest.mark.parametrize("shards", [1, 2])
def test_a_pasted_paragraph_answers_as_locally_with_requests_that_do_not_grow_with_its_words(
        node: DevCluster, index_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shards: int) -> None:
    texts = articles()
    folder = write_articles(tmp_path / "vi", texts)
    local = tmp_path / "local"
    build_index([folder], local, procs=1)
    build_cluster_index([folder], node.url, index_name, replicas=0, shards=shards)
    paragraph = texts["vi07.txt"].split("\n\n")[1].strip()
    first = paragraph.split(". ")[0].split()
    queries = [paragraph, fold(paragraph), " ".join(first[:50]), f'"{" ".join(first[:40])}" {" ".join(first[40:70])}']
    bodies: list[dict[str, Any]] = []
    held: list[int] = []
    with open_index(local) as lx, open_cluster_index(node.url, index_name) as cx:
        search, ask = cx.target.search, getattr(cx.target, "held", None)
        monkeypatch.setattr(cx.target, "search", lambda what, body, **kw: bodies.append(body) or search(what, body,
                                                                                                        **kw))
        monkeypatch.setattr(cx.target, "held", lambda what, f, terms: held.append(len(terms)) or ask(what, f, terms),
                            raising=False)
        # the frequency bits asked of the index, not assumed
        monkeypatch.setattr(universe_module, "TOKENS_ASSUMED", 16, raising=False)
        for query in queries:
            bodies.clear()
            expected = answer(lx.search(query))
            assert expected["hits"], query[:40]
            assert answer(cx.search(query)) == expected, query[:40]
            # its words, and the words its syllables typed in a row make (compile.py joined_words: Việt Nam, vietnam)
            words = len(set(fold(query).split()) | set(joined_words(ql.parse(query).node)))
            spellings = [a for b in bodies for a in (b.get("aggs") or {}).values()
                         if a.get("terms", {}).get("field") == "exact"]
            assert 1 <= len(spellings) <= math.ceil(words / 64), query[:40]
            tf_filters = [a for b in bodies for a in (b.get("aggs") or {}).values()
                          if "tf" in str(a.get("filters", ""))[:200]]
            assert tf_filters == [], query[:40]  # which frequency bits exist: read with _termvectors
            fetched = [b for b in bodies if b.get("size") and "post_filter" in b]
            assert all("terms" in b["query"] and "id" in b["query"]["terms"] for b in fetched[1:]), query[:40]
        assert held and cx.inconsistent == 0


class _Target:
    """The little of an IndexTarget that ``ClusterReader.prefetch`` asks, refusing what OpenSearch refuses: an
    ``include`` regular expression longer than ``index.max_regex_length`` (1,000 UTF-16 units by default)."""

    name = "fake"

    def __init__(self) -> None:
        self.includes: list[str] = []

    def search(self, what: str, body: dict[str, Any], **_: Any) -> dict[str, Any]:
        aggs: dict[str, Any] = {}
        for name, agg in body.get("aggs", {}).items():
            include = agg.get("terms", {}).get("include")
            if include is not None:
                self.includes.append(include)
                if len(include.encode("utf-16-le")) // 2 > 1000:
                    raise AssertionError(f"{what}: the length of regex [{len(include)}] used in the request has "
                                         "exceeded the allowed maximum of [1000]")
            filters = agg.get("filters", {}).get("filters")
            aggs[name] = ({"buckets": {k: {"doc_count": 0} for k in filters}} if filters is not None
                          else {"buckets": [], "sum_other_doc_count": 0})
        return {"hits": {"total": {"value": 0}}, "aggregations": aggs}


def test_a_pasted_paragraph_of_long_words_asks_for_their_spellings_in_regular_expressions_opensearch_accepts(
) -> None:
    """64 words a terms aggregation made one ``include`` of their prefixes, over OpenSearch's 1,000 characters
    (index.max_regex_length) for long words or marks escaped one by one: a Tamil paragraph of 64 different
    words (1,037), German or Finnish compounds, failed with a 400 where each word alone had been asked for."""
    from search.cluster.reader import ClusterReader
    from search.query import syntax as ql

    tamil = ("மத்திய அரசு புதன்கிழமை மாநில முதலமைச்சர்களுடன் நீண்ட பேச்சுவார்த்தைகளுக்குப் பிறகு எரிசக்தி விலை "
             "உயர்வைக் கட்டுப்படுத்துவதற்கான விரிவான நடவடிக்கைகளை அறிவித்தது. இந்த நிவாரண நடவடிக்கைகள் குறிப்பாக "
             "குறைந்த வருமானம் கொண்ட குடும்பங்கள், ஓய்வூதியதாரர்கள் மற்றும் மாணவர்களுக்கு உதவும் என்று அமைச்சர் "
             "தெரிவித்தார். எதிர்க்கட்சித் தலைவர் இந்த முடிவுகள் போதுமானதாக இல்லை என்று விமர்சித்தார் மேலும் சிறு "
             "மற்றும் நடுத்தர நிறுவனங்களுக்கு கூடுதல் வரிச்சலுகைகள் வழங்கப்பட வேண்டும் என்று கோரிக்கை விடுத்தார். "
             "தொழிற்சங்கப் பிரதிநிதிகள் இந்த அறிவிப்பை வரவேற்றனர், ஆனால் செயல்படுத்துவதில் தாமதங்கள் ஏற்படக்கூடும் "
             "என்று எச்சரித்தனர். மாவட்ட ஆட்சியர்கள் உள்ளாட்சி அமைப்புகளுடன் ஒருங்கிணைந்து பணியாற்றுவார்கள்.")
    words = ["Bundeswirtschaftsministerium", "Versorgungssicherheit", "Energiepreissteigerungen"]
    german = " ".join(f"{w}{i}" for i in range(30) for w in words)[:3000]
    for paragraph in (tamil, german):
        target = _Target()
        ClusterReader(cast(Any, target)).prefetch(ql.parse(paragraph))
        assert target.includes, paragraph[:40]
