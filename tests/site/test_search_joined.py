"""The search page finds a Vietnamese name written joined or apart as the CLI does (``Vietnam`` finds ``Việt Nam``,
``Hà Nội`` finds ``Hanoi``: ``lang/vietnamese.py`` ``syllable_cuts``, ``query/compile.py`` ``syllables`` and
``joins``; the page's ``text.js`` and ``compile.js``): the same totals, hits in order, snippets and notes."""

from __future__ import annotations

from pathlib import Path

from search import open_index

from ..query.test_joined import ARTICLES as JOINED
from ..query.test_joined_tier import ARTICLES as TIER
from ..query.test_sentence_initial import ARTICLES as INITIAL
from ..query.test_sentence_initial import RUNS
from ..query.test_sentence_initial import joined as initial_joined
from ..query.test_sentence_starts import ABBREVIATED_ARTICLES, CREDIT_RUNS, CREDITED_ARTICLES, NAMES, QUOTED_RUNS
from .cdp import Browser
from .parity import differences, expected, in_page, open_collection, records_of

QUERIES = ["Vietnam", "vietnam", "Hanoi", "hanoi", "Danang", "Haiphong", "Saigon", "into", "in to", "Into",
           "Việt Nam", "Hà Nội", "ha noi", "viet nam", "Đà Nẵng mưa", "Hanoi rain", "rain Ha Noi", '"Hà Nội"',
           "Hanoi -Vietnam", "Sài Gòn", "Hanoi OR Saigon", "title:Hanoi", "Việt Nam Hà Nội", "Vietnam lang:fr",
           "Ho Chi Minh", "Hochiminh", "VIET NAM", "Hanoï", "vietnam signed trade deal", "hanoi cambodia trade deal",
           "vietnam signed trade deal Vietnam", "a long cylinder", "a long", "A long",
           # English words that parse as syllables rank as any word, stems included (compile.py exactness)
           "line", "Line", "data", "lines line",
           # a lower-case word typed joined is cut only in a query read as Vietnamese (compile.py reads_as_syllables)
           "hanoi OR flooding", "Hanoi OR flooding", "hanoi OR mua", "what about hanoi OR flooding",
           # a name's syllables each with a capital (lang/vietnamese.py name_keys): Honda is not hơn đã; in lower case
           # a word no article writes joined is also its syllables (kinhte, bacon); a quoted word is not cut
           "Honda", "honda", "Bacon", "bacon", '"Bacon"', '"Vietnam"', "Cuba", "cuba", "kinhte", "Kinhte",
           "title:Honda", "title:kinhte", "Honda OR kinhte", "ba con",
           # words shouted in capitals make no name's key (lang/vietnamese.py _name_syllable)
           "Taiday", "taiday", "Congty", "Cophan", "CÔNG TY", "tại đây",
           # a join that is a syllable itself is no join (compile.py joins: gì ảo is not giao)
           "gì ảo", "gi ao", "giao", "có gì ảo",
           # a word typed again is found by the joins of either place (compile.py conjunction)
           "dự kế đặt", "dự kế kế đặt", "dự dự kế đặt", "dự kế Kế đặt", "đặt dự kế dự"]
ARTICLES = {**JOINED, **TIER}


def test_a_name_written_joined_or_apart_finds_on_the_page_what_the_cli_finds(browser: Browser,
                                                                            tmp_path: Path) -> None:
    index = open_collection(browser, tmp_path, records_of(ARTICLES))
    problems: list[str] = []
    with open_index(index) as ix:
        assert set(expected(ix, "Vietnam")["ids"]) == {"vi_apart", "en_joined", "en_apart", "fr_joined"}
        assert expected(ix, "Honda")["ids"] == ["vi_honda"] and expected(ix, "Bacon")["ids"] == []
        # in lower case, matched apart in Vietnamese articles only: not marked apart in the English one (on the page)
        assert "<mark>Viet Nam</mark>" not in str(in_page(browser, "vietnam signed trade deal")["snippets"])
        for q in QUERIES:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    assert problems == [], "\n".join(problems)


def test_a_sentences_first_word_joined_to_a_name_is_no_name_on_the_page_as_in_the_cli(browser: Browser,
                                                                                      tmp_path: Path) -> None:
    # lang/vietnamese.py initial_key; compile.py syllables, the page's compile.js syllables (the initial key read
    # where the run's name key is in some article)
    index = open_collection(browser, tmp_path, records_of(INITIAL))
    queries = [q for first, name in RUNS[::3] for q in (initial_joined(first, name.split()[0]),
                                                        initial_joined(name), initial_joined(name).lower())]
    queries += ["Hanoi", "hanoi", "Saigon", "Duongphong", "title:Hanoi", "Hanoi OR Saigon"]
    problems: list[str] = []
    with open_index(index) as ix:
        assert set(expected(ix, "Hanoi")["ids"]) == {"hanoi_first", "hanoi_mid"}
        for q in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    assert problems == [], "\n".join(problems)


def test_where_a_sentence_begins_the_page_finds_what_the_cli_finds(browser: Browser, tmp_path: Path) -> None:
    # lang/sentences.py: a name after an abbreviation's dot (TP. Hồ Chí Minh) is a name's key, a credit word's run
    # (Theo Thu Hà) and a quote's after a colon (nói: "Tại...) an initial key: the page reads the index's keys as
    # compile.py does
    index = open_collection(browser, tmp_path, records_of({**ABBREVIATED_ARTICLES, **CREDITED_ARTICLES}))
    joined = [initial_joined(name) for name in NAMES]
    queries = [*joined, *(q.lower() for q in joined[::3]), "Ho Chi Minh", "TP. Hồ Chí Minh", "Hochiminh OR Batinh"]
    queries += [initial_joined(credit, name.split()[0]) for credit, name in CREDIT_RUNS[::4]]
    queries += [initial_joined(name) for _, name in CREDIT_RUNS[1::4]]
    queries += [initial_joined(first, name.split()[0]) for first, name in QUOTED_RUNS[::6]]
    problems: list[str] = []
    with open_index(index) as ix:
        assert expected(ix, "Damtrungdon")["total"] > 0 and expected(ix, "Theothu")["total"] == 0
        for q in queries:
            problems += differences(q, expected(ix, q), in_page(browser, q), ("total", "ids", "snippets", "notes"))
    assert problems == [], "\n".join(problems)
