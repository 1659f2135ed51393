"""The search page's analysis equals ``search analyze``: every token's exact, folded and stemmed forms and its
offsets, on the Snowball project's vocabularies (8 languages, ../shared/data/snowball), on real Khmer and
Vietnamese news (../shared/data; ICU's Khmer segmentation reproduced in js/segment.js), on Chinese and
Japanese text made of ICU's own dictionary words (its CJK engine reproduced too), and folding of every
character of the Basic Multilingual Plane. In Debian's headless Chromium, from file://.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from search import build_index
from search.analysis import analyze
from search.lang.fold import fold
from search.site.export import export_search

from ..conftest import ARTICLES, SEEDS, shared_data, write_articles
from .cdp import Browser
from .conftest import require_chromium
from .parity import on_screen

pytestmark = pytest.mark.browser
SNOWBALL = {"french": "fr", "indonesian": "id", "english": "en", "spanish": "es", "russian": "ru",
            "portuguese": "pt", "german": "de", "italian": "it"}


# Thai, Lao and Burmese articles: the page loads a script's dictionary where the collection has the script
# (ARTICLES and the seeds have none of them), so the words of their spellings are compared in a page of its own.
SOUTHEAST_ASIAN = {
    "th-sea.txt": " date 2024-12-01 ข่าว\n\nน้ำท่วมที่นี่ และผู้ใหญ่ไม่ได้ไปประชุม ไม้ ทำ ทา",
    "lo-sea.txt": " date 2024-12-02 ຂ່າວ\n\nໜ້າທີ່ ຫຼວງພະບາງ ແມ່ນ້ຳຂອງ ບໍ່ມີ ນ້າ",
    "my-sea.txt": " date 2024-12-03 သတင်း\n\nကျောင်း ကြောင်း ကိုယ် ကျွန်တော် မြန်မာ",
}


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    require_chromium()
    work = tmp_path_factory.mktemp("analysis")
    build_index([write_articles(work / "docs", ARTICLES), SEEDS], work / "index", procs=1)
    export_search(work / "index", work / "site")
    with Browser(timeout=120) as browser:
        assert on_screen(browser, work / "site", "").console == []
        browser.evaluate("NewsSearch.ready().then(() => 1)")
        yield browser


@pytest.fixture(scope="module")
def southeast_asian_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """A page whose collection has Thai, Lao and Burmese text too: it has their dictionaries."""
    require_chromium()
    work = tmp_path_factory.mktemp("analysis-sea")
    build_index([write_articles(work / "docs", {**ARTICLES, **SOUTHEAST_ASIAN})], work / "index", procs=1)
    export_search(work / "index", work / "site")
    with Browser(timeout=120) as browser:
        assert on_screen(browser, work / "site", "").console == []
        browser.evaluate("NewsSearch.ready().then(() => 1)")
        yield browser


def in_page(browser: Browser, text: str, lang: str) -> list[str]:
    """NewsSearch.analyze in the page, one "text folded stem start end" line a token."""
    got: str = browser.evaluate(
        f"NewsSearch.analyze({json.dumps(text)}, {json.dumps(lang)}).then((ts) => ts.map((t) =>"
        " [t.text, t.folded, t.stem === null ? '-' : t.stem, t.start, t.end].join('\\t')).join('\\n'))", timeout=300)
    return got.split("\n") if got else []


def in_cli(text: str, lang: str) -> list[str]:
    return [f"{t.text}\t{t.folded}\t{'-' if t.stem is None else t.stem}\t{t.start}\t{t.end}"
            for t in analyze(text, lang)]


def words(lines: list[str]) -> list[tuple[str, str]]:
    """The exact and folded forms of in_cli's or in_page's tokens."""
    return [tuple(line.split("\t")[:2]) for line in lines]  # type: ignore[misc]


def as_in_cli(page: Browser, text: str, lang: str) -> list[str]:
    """The CLI's tokens of ``text``, checked to be the page's."""
    want, got = in_cli(text, lang), in_page(page, text, lang)
    assert want == got, first_differences(want, got)
    return want


def first_differences(want: list[str], got: list[str], n: int = 5) -> list[str]:
    out = [f"{len(want)} tokens in the CLI, {len(got)} in the page"] if len(want) != len(got) else []
    out += [f"CLI {a!r} page {b!r}" for a, b in zip(want, got, strict=False) if a != b][:n]
    return out


@pytest.mark.parametrize("language", sorted(SNOWBALL))
def test_the_snowball_vocabulary_is_analysed_as_the_cli_does(page: Browser, language: str) -> None:
    words = shared_data("snowball", language, "voc.txt").read_text(encoding="utf-8")
    text = "\n".join(w for w in words.split("\n") if w)
    want = as_in_cli(page, text, SNOWBALL[language])
    assert len(want) > 20_000


def cjk_text(seed: int, sentences: int) -> str:
    """Sentences of ICU's Chinese and Japanese dictionary words (costs decide their split), mixed with what
    the engine must handle beside them: unknown ideographs (CJK Extension A and B, compatibility ideographs
    that NFKC changes), katakana runs of every length up to 25 (ICU offers a run of up to 19 as one word),
    half-width katakana with voicing marks, hiragana, the long-vowel mark, CJK and Latin punctuation, Latin
    words and digits."""
    from search.site.icudict import words

    vocabulary = words("Han")
    r = random.Random(seed)
    extras = [
        lambda: "".join(chr(r.randint(0x4E00, 0x9FFF)) for _ in range(r.randint(1, 4))),
        lambda: chr(r.randint(0x3400, 0x4DBF)) + chr(r.randint(0x20000, 0x2A6DF)),
        lambda: chr(r.randint(0xF900, 0xFA2D)),
        lambda: "".join(chr(r.randint(0x30A1, 0x30FA)) for _ in range(r.randint(1, 25))) + r.choice(["", "ー"]),
        lambda: "".join(r.choice("ｱｶｻﾀﾅﾊﾏﾔﾗﾜｶﾞｷﾞﾊﾟｰ") for _ in range(r.randint(1, 6))),
        lambda: "".join(chr(r.randint(0x3041, 0x3096)) for _ in range(r.randint(1, 5))),
        lambda: r.choice(["Hun Manet", "ASEAN", "2024", "G20", "・", "（", "）", "「", "」"]),
    ]
    out = []
    for _ in range(sentences):
        parts = [r.choice(vocabulary) if r.random() < 0.8 else r.choice(extras)() for _ in range(r.randint(2, 14))]
        out.append("".join(parts) + r.choice(["。", "，", "、", "！", " ", "\n"]))
    return "".join(out)


@pytest.mark.parametrize("lang", ["zh", "ja"])
def test_chinese_and_japanese_are_split_as_the_cli_splits_them(page: Browser, lang: str) -> None:
    text = cjk_text(7 if lang == "zh" else 8, 1500)
    want = as_in_cli(page, text, lang)
    assert len(want) > 10_000 and sum(len(t.split("\t")[0]) > 1 for t in want) > len(want) // 3


def test_chinese_and_japanese_names_of_officials_are_split_as_the_cli_splits_them(page: Browser) -> None:
    """Real names (../shared/data/names: Chinese and Japanese spellings of Cambodian members of parliament),
    one a line, then all run together as a text without spaces would hold them."""
    rows = shared_data("names", "cambodia_national_assembly_names.csv").read_text(encoding="utf-8").splitlines()
    names = [row.rsplit(",", 1)[0] for row in rows[1:]
             if any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in row)]
    assert len(names) >= 20
    text = "\n".join(names) + "\n" + "".join(names) + "首相会见了" + "。".join(names)
    as_in_cli(page, text, "zh")


@pytest.mark.parametrize("folder, lang, prefix", [("km-news", "km", ""), ("vi-news", "vi", "")])
def test_real_news_is_analysed_as_the_cli_does(page: Browser, folder: str, lang: str, prefix: str) -> None:
    files = sorted(shared_data(folder, "docs").glob("*.txt"))
    sample = random.Random(3).sample(files, 120)
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sample)
    want = as_in_cli(page, text, lang)
    assert len(want) > 30_000


def test_khmer_text_loads_only_the_dictionary_files_its_prefixes_can_reach(page: Browser) -> None:
    """A file costs the page about 1.5 ms whatever it holds: the one-character entries come with the meta file
    (icudict.firsts), and a two-character prefix is asked for only when its first character's entry lists the
    second (a Khmer phrase asked for 15.5 dictionary files at the median, 7 of them for nothing). The
    files the page loads for 300 km-news runs are within those of the prefixes a run can reach: two characters
    that the dictionary has, longer ones under a prefix that splits. (The runs' words are checked against the
    CLI's by test_real_news_is_analysed_as_the_cli_does.)"""
    from search.site import icudict

    engine = icudict.engine("Khmer")
    firsts, splits = icudict.firsts("Khmer"), set(icudict.splits("Khmer").split())
    r = random.Random(8)
    runs = []
    for path in r.sample(sorted(shared_data("km-news", "docs").glob("*.txt")), 60):
        found = re.findall("[\u1780-\u17d3]{2,}", path.read_text(encoding="utf-8"))
        runs += r.sample(found, min(5, len(found)))
    reachable = set()
    for run in runs:
        for i, ch in enumerate(run):
            if ch not in firsts or i + 2 > len(run) or run[i + 1] not in firsts[ch][1]:
                continue
            n = 2
            reachable.add(run[i:i + n])
            while run[i:i + n] in splits and i + n < len(run):
                n += 1
                reachable.add(run[i:i + n])
    # The entries are in the word groups' files by ranges of sorted keys (bundle.py DICT_MARK, page format 32):
    # the file of a key is the page's own rule (js/reader.js termFile), checked by test_bundle.py.
    assert icudict.rangeable("Khmer")
    allowed = set(page.evaluate(f"{json.dumps(sorted(reachable))}.map(NewsSearch.reader.termFile)"))
    loaded = page.evaluate(
        f"(async () => {{ const S = NewsSearch.seg; S.asked.clear();"  # the entries of earlier tests forgotten
        f" for (const k of [...S.dict.keys()]) if (k.startsWith({json.dumps(engine.folder)})"
        f" && k.length > {len(engine.folder)} + 1) S.dict.delete(k);"
        f" for (const run of {json.dumps(runs)}) await NewsSearch.segmentReady(run);"
        f" return [...NewsSearch.seg.asked]; }})()", timeout=120)
    dictionary = set(loaded)  # the files asked for entries (segment.js)
    assert dictionary and sorted(dictionary - allowed) == []


def test_invisible_characters_inside_words_are_removed_as_the_cli_removes_them(page: Browser) -> None:
    from ..analysis.test_analysis import INVISIBLE_INSIDE

    as_in_cli(page, INVISIBLE_INSIDE, "vi")


def test_thai_and_lao_spellings_that_render_alike_are_normalized_as_the_cli_normalizes_them(
        southeast_asian_page: Browser) -> None:
    page = southeast_asian_page
    # js/thai.js runs the patterns of search/lang/thai.py: the same text and the same map back, for every variant
    # and for random strings of the characters the rules touch (Khmer too: spelling.py applies both); then the
    # same words and offsets where the page has the script's dictionary.
    from search.lang.spelling import normalize_spelling_mapped

    from ..lang.test_thai import CASES

    r = random.Random(5)
    chars = "กนทเแาำํ่้๊๋ัิีึืุู์ \u200b\u00adນຫມລເແາຳໍ່້ັິີຼសម្ដេចｶﾞﾟﾊｽカကျွြေိုံ့်း"
    texts = [f"{a} {a}กิน {b}" for a, b in CASES]
    texts += ["".join(r.choice(chars) for _ in range(r.randint(1, 14))) for _ in range(2000)]
    want = [list(normalize_spelling_mapped(t)) for t in texts]
    got = page.evaluate(f"{json.dumps(texts)}.map((t) => NewsSearch.normalizeSpellingMapped(t))")
    assert [(t, w) for t, w, g in zip(texts, want, got, strict=True) if w != g][:5] == []
    present = page.evaluate("NewsSearch.seg.engines.map((e) => e.script)")
    assert {"Thai", "Lao", "Myanmar"} <= set(present)  # SOUTHEAST_ASIAN: else the words below are not compared
    for lang in ("th", "lo"):
        text = " ".join(a for a, b in CASES if (lang == "lo") == any("\u0e80" <= ch <= "\u0eff" for ch in b))
        want = as_in_cli(page, text, lang)
        canonical = " ".join(b for a, b in CASES if (lang == "lo") == any("\u0e80" <= ch <= "\u0eff" for ch in b))
        assert words(want) == words(in_cli(canonical, lang))  # each variant is the word it renders as
    text = "ကုိယ် ကွျန်တော် တံု့ ကိုယ်"  # Burmese signs in another order (spelling.py MYANMAR_ORDER)
    want = as_in_cli(page, text, "my")
    assert words(want) == words(in_cli("ကိုယ် ကျွန်တော် တုံ့ ကိုယ်", "my"))
    # and words that differ stay different: a tone mark, SARA AM and SARA AA, SARA AE and SARA E, HO + NO and
    # NO, the medials ya and ra (school and reason)
    for lang, a, b in (("th", "ไม่", "ไม้"), ("th", "ทำ", "ทา"), ("th", "แล", "เล"), ("th", "ที่", "ทิ"),
                       ("lo", "ໜ້າ", "ນ້າ"), ("lo", "ຫຼວງ", "ລວງ"), ("lo", "ແມ່", "ເມ່"), ("lo", "ບໍ່", "ບ່"),
                       ("my", "ကျောင်း", "ကြောင်း"), ("my", "ကို", "ကု"), ("my", "တုံ့", "တုံ")):
        want_a, want_b = in_cli(a, lang), in_cli(b, lang)
        assert (in_page(page, a, lang), in_page(page, b, lang)) == (want_a, want_b)
        assert words(want_a) != words(want_b), (a, b)
    text = "ｶﾀｶﾅで書いたｶﾞｽの話。ﾊﾟｿｺﾝ ﾗｰﾒﾝ カﾞ ﾞ"  # half-width katakana (spelling.py HALF_KANA)
    want = as_in_cli(page, text, "ja")


def test_apostrophes_that_unicode_calls_letters_end_a_word_as_in_the_cli(page: Browser) -> None:
    # tokenize.py APOSTROPHES: ʼ ʻ ʽ ʹ split a word as ' and ’ do, in the page's tokens (tables.apostrophes) too.
    text = "lʼÉtat l'État l’État aujourdʼhui Oʻzbekiston пʼять Ulʹyanovsk ʼ ʻa bʽ Hawaiʻi"
    want = as_in_cli(page, text, "fr")
    assert [t.split("\t")[0] for t in want[:6]] == ["l", "état", "l", "état", "l", "état"]


def test_eth_beginning_a_vietnamese_word_is_repaired_as_in_the_cli(page: Browser) -> None:
    text = ("Ðà Nẵng: ðường phố, ðiều (ðây) ÐÀ NẴNG Sigurður Sigurðsson ðo Ðang ÐI ðə ðæt Ðorbjörg ðangx ÐH HÐQT "
            "50.000ð ð. GUÐRÚN EIÐUR GUÐJOHNSEN SIGURÐUR /ðen/ [ði] /ðen ði/ ðau/ buốt ÐHCÐ ông Ð. 500.000 ð/hộp "
            "the letter ð ٣ð ٣ ð")
    want = as_in_cli(page, text, "vi")
    words = [t.split("\t")[0] for t in want]
    assert words[2:4] == ["đường", "phố"]
    # an Icelandic name in capitals, IPA between slashes and a lone ð keep their eth; acronyms and initials do not
    assert {"eiður", "guðjohnsen", "sigurður", "ðen", "ði", "ð"} <= set(words)
    assert {"đhcđ", "hđqt", "đ", "đen", "đi", "đau"} <= set(words) and "đhcð" not in words


def test_tones_of_syllables_typed_together_are_placed_as_in_the_cli(page: Browser) -> None:
    text = "từkhoá từkhóa QuốcNguỵ MáuvàTuỷ Chloé Chlóe hoà Thuỷ hòaBình"
    words = [t.split("\t")[0] for t in as_in_cli(page, text, "vi")]
    assert words[:6] == ["từkhóa", "từkhóa", "quốcngụy", "máuvàtủy", "chlóe", "chlóe"]


def test_invisible_characters_inside_words_without_spaces_are_removed_as_the_cli_removes_them(page: Browser) -> None:
    text = "中\u00ad国 政\u200d府 中\u200b国 မြန်\u00adမာ カタ\u2060カナ Dư\u00adơng"
    as_in_cli(page, text, "zh")


def test_stress_marks_on_cyrillic_vowels_are_removed_as_in_the_cli(page: Browser) -> None:
    # and Arabic harakat and tatweel (fold.py OPTIONAL_MARKS)
    text = "Старый замо\u0301к, ЗАМО\u0301К, всѐ и ѝ, ру\u0300ка, Ё\u0301ж, café\u0301 كِتَابًا كتـــابا أحمد İstanbul ı"
    want = as_in_cli(page, text, "ru")
    assert [t.split("\t")[0] for t in want[1:3]] == ["замок", "замок"]
    assert page.evaluate(f"NewsSearch.fold({json.dumps(text)})") == fold(text)


def test_every_character_folds_as_in_the_engine(page: Browser) -> None:
    """Both sides fold each code point of the BMP; they may differ only on characters that Python's Unicode
    (14.0 in Python 3.11) does not have and the browser's does."""
    folded = page.evaluate("(() => { const out = []; for (let c = 0; c < 0x10000; c++) {"
                           " if (c >= 0xd800 && c < 0xe000) { out.push(''); continue; }"
                           " out.push(NewsSearch.fold(String.fromCharCode(c))); } return out; })()")
    differ = [c for c in range(0x10000) if not 0xD800 <= c < 0xE000 and folded[c] != fold(chr(c))]
    unknown_to_python = [c for c in differ if unicodedata.category(chr(c)) == "Cn"]
    assert [f"U+{c:04X}" for c in differ if c not in unknown_to_python] == []
    assert len(unknown_to_python) < 80


def test_stems_of_words_absent_from_the_collection_come_from_snowball_itself(page: Browser) -> None:
    """A query word the collection lacks (its stem is not in the export's map) is stemmed by stem.js."""
    got = page.evaluate("NewsSearch.stemmerReady().then(() => ['coopérerions', 'ministerial', 'kerjasamanya']"
                        ".map((w, i) => NewsSearch.stem(['fr', 'en', 'id'][i], w)))")
    import Stemmer

    assert got == [Stemmer.Stemmer(a).stemWord(w) for a, w in
                   (("french", "coopérerions"), ("english", "ministerial"), ("indonesian", "kerjasamanya"))]


def test_the_exported_leading_text_is_where_the_engine_cuts(tmp_path: Path) -> None:
    from search.query.snippets import leading_text
    from search.site.bundle import _lead

    texts = [a.split("\n\n", 1)[1] for a in ARTICLES.values()]
    texts += [" " * 3 + "word " * 100, "ហ៊ុន​ម៉ាណែត " * 40, "x" * 500, "  short  ", ""]
    texts += ["a" * k + " " + "Covid-19 28/4/2021 1.220 " * 20 for k in range(10)]  # never cut inside those
    for body in texts:
        start, end, cut = _lead(body)
        import html

        assert html.escape(body[start:end]) + ("…" if cut else "") == leading_text(body)


def test_runs_of_lao_thai_and_burmese_dictionary_words_are_split_as_the_cli_splits_them(
        southeast_asian_page: Browser) -> None:
    """NS.segment against ICU (tokenize.segment) on 1,000 runs a script of 2 to 8 words of ICU's own
    dictionary run together: as they are, without their marks, with a character dropped or a letter of the
    script put in (stretches no dictionary word covers, resynchronised where a word may begin: Lao words may
    begin with a prefix vowel, U+0EC0-U+0EC4)."""
    from search.analysis.tokenize import segment
    from search.lang.spelling import normalize_spelling
    from search.lang.table import SEGMENTED
    from search.site.icudict import words

    page = southeast_asian_page
    inside = re.compile(f"[{SEGMENTED}]+")  # a run of the tokenizer (a few Burmese words hold a digit, a ZWNJ)
    r = random.Random(3)
    runs = []
    for script in ("Lao", "Thai", "Myanmar"):
        vocabulary = [w for w in words(script) if inside.fullmatch(w)]
        for i in range(1000):
            run = "".join(r.choice(vocabulary) for _ in range(r.randint(2, 8)))
            k = r.randrange(len(run))
            if i % 4 == 1:
                run = "".join(c for c in run if unicodedata.category(c)[0] != "M") or run
            elif i % 4 == 2:
                run = run[:k] + run[k + 1:]
            elif i % 4 == 3:
                run = run[:k] + r.choice(r.choice(vocabulary)) + run[k:]
            runs.append(run)
    # Lao in the canonical spelling (ຳ ໜ ໝ ຫຼ), which both segment in the older spellings too (tokenize.py _icu)
    runs += [normalize_spelling(run) for run in runs[:1000:3]]
    want = [[list(span) for span in segment(run)] for run in runs]
    got = page.evaluate(
        f"(async () => {{ const out = []; for (const run of {json.dumps(runs)}) {{"
        f" await NewsSearch.segmentReady(run); out.push(NewsSearch.segment(run)); }} return out; }})()",
        timeout=300)
    assert [(run, [run[a:b] for a, b in w], [run[a:b] for a, b in g])
            for run, w, g in zip(runs, want, got, strict=True) if w != g][:3] == []


def test_a_word_typed_without_spaces_is_cut_into_the_same_ways_as_by_the_cli(southeast_asian_page: Browser) -> None:
    """``segmentations`` (and the pieces looked up first) of runs of 1 to 10 km-news words typed as one, and
    of words of ICU's Lao, Thai, Burmese and Chinese dictionaries run together (the page of SOUTHEAST_ASIAN has
    all their dictionaries), under a made-up collection: a piece's frequency is the sum of its code points
    modulo 50 (0: the collection lacks it), of 1,000 articles. The cheapest cuts in any number of parts add
    costs and break ties by order: the page must add and order as the engine does."""
    from search.analysis.tokenize import piece_cost, segmentation_pieces, segmentations
    from search.lang.table import SEGMENTED
    from search.site.icudict import words

    page = southeast_asian_page

    r = random.Random(11)
    runs = []
    files = sorted(shared_data("km-news", "docs").glob("*.txt"))
    for path in r.sample(files, 100):
        text = path.read_text(encoding="utf-8")
        # Runs of words separated by zero-width spaces alone (no punctuation, no space).
        spaced = [run.split("\u200b") for run in re.findall("[\u1780-\u17d3\u200b]+", text)]
        spaced = [[w for w in run if w] for run in spaced if len(run) >= 4]
        if spaced:
            run = r.choice(spaced)
            start = r.randrange(len(run))
            runs.append("".join(run[start:start + r.randint(1, 10)]))
    present = page.evaluate("NewsSearch.seg.engines.map((e) => e.script)")
    assert {"Khmer", "Lao", "Thai", "Myanmar", "Han"} <= set(present)  # else some scripts' runs go unchecked
    # A run is what the tokenizer gives: letters of the scripts without spaces only (60 Burmese dictionary
    # words hold a digit or a ZWNJ, which end a run there).
    inside = re.compile(f"[{SEGMENTED}]+")
    for script, n in (("Lao", 40), ("Thai", 20), ("Myanmar", 20), ("Han", 10)):
        vocabulary = [w for w in words(script) if inside.fullmatch(w)]
        runs += ["".join(r.choice(vocabulary) for _ in range(r.randint(2, 6))) for _ in range(n)]
    assert len(runs) >= 130, len(runs)

    def frequency(piece: str) -> int:
        return sum(map(ord, piece)) % 50

    want = [[list(segmentation_pieces(run)),
             segmentations(run, cost=lambda p: piece_cost(frequency(p), 1000) if frequency(p) else None)]
            for run in runs]
    got = page.evaluate(
        f"(async () => {{ const NS = NewsSearch; const out = [];"
        f" const frequency = (p) => Array.from(p).reduce((s, c) => s + c.codePointAt(0), 0) % 50;"
        f" for (const run of {json.dumps(runs)}) {{"
        f"  await NS.segmentReady(run); await NS.segmentReady(NS.normalizeSpelling(run));"
        f"  out.push([NS.segmentationPieces(run), NS.segmentations(run, 24,"
        f"   (p) => (frequency(p) ? NS.pieceCost(frequency(p), 1000) : null))]); }}"
        f" return out; }})()", timeout=300)
    for run, w, g in zip(runs, want, got, strict=True):
        assert w == g, run
    assert sum(len(w[1]) > 16 for w in want) >= 10  # the cheapest cuts were reached


def test_normalizing_with_and_without_the_map_gives_the_clis_text_on_random_strings(page: Browser) -> None:
    # js/khmer.js normalizeKhmerMapped gives normalizeKhmer's text and a map that fits it, and both are the
    # CLI's (search/lang/khmer.py), on random strings of the characters the rules touch (a COENG cut from its
    # consonant by U+17B4 or ATTHACAN made another text; tests/lang/test_khmer.py).
    from search.lang.khmer import normalize_khmer, normalize_mapped

    from ..lang.test_khmer import RANDOM_CHARS, random_strings

    _same_mapped_pair(page, random_strings(13, 20_000), "normalizeKhmer", normalize_khmer, normalize_mapped)
    # and js/thai.js normalizeSpelling / normalizeSpellingMapped (Khmer, Thai and Lao, Burmese, katakana) so
    from search.lang.spelling import normalize_spelling, normalize_spelling_mapped

    from ..lang.test_thai import SPELLING_CHARS

    r = random.Random(19)
    chars = SPELLING_CHARS + RANDOM_CHARS
    texts = ["".join(r.choice(chars) for _ in range(r.randint(1, 24))) for _ in range(20_000)]
    _same_mapped_pair(page, texts, "normalizeSpelling", normalize_spelling, normalize_spelling_mapped)


def _same_mapped_pair(page: Browser, texts: list[str], js: str, plain_py: Callable[[str], str],
                      mapped_py: Callable[[str], tuple[str, list[int] | None]]) -> None:
    """The page's ``js`` and ``js + "Mapped"`` give the same text and a map that fits it, and both are the CLI's."""
    from ..lang.test_khmer import assert_mapped

    got = page.evaluate(f"{json.dumps(texts)}.map((t) => [NewsSearch.{js}(t), NewsSearch.{js}Mapped(t)])")
    for text, (plain, (normalized, origins)) in zip(texts, got, strict=True):
        assert normalized == plain, ascii(text)
        assert_mapped(text, normalized, origins)
    want = [[plain_py(t), list(mapped_py(t))] for t in texts]
    assert [(ascii(t), w) for t, w, g in zip(texts, want, got, strict=True) if w != g][:5] == []


def test_officials_names_fold_as_the_cli_folds_them_on_random_strings(page: Browser) -> None:
    # js/names.js foldName is search.officials.match.fold_name (fold_mapped with the matcher's table): a name
    # typed with decomposed accents, an expansion (ß) beside a Thai or Lao mark, Cyrillic stress, Arabic harakat,
    # spaces and zero-width characters folds as the CLI folds it (tests/lang/test_fold.py has the same alphabet).
    from search.officials.match import fold_name

    from ..lang.test_fold import FOLD_ALPHABET

    r = random.Random(23)
    texts = ["".join(r.choice(FOLD_ALPHABET) for _ in range(r.randint(1, 12))) for _ in range(20_000)]
    got = page.evaluate(f"{json.dumps(texts)}.map((t) => NewsSearch.officials.foldName(t))")
    want = [fold_name(t) for t in texts]
    assert [(ascii(t), w, g) for t, w, g in zip(texts, want, got, strict=True) if w != g][:5] == []


def test_letters_digits_and_marks_are_the_clis_for_the_marks_the_browser_has_more(page: Browser) -> None:
    # The browser's \p{M} is a later Unicode than the CLI's (Chromium 156: 17, Python: 14; 135 code points more,
    # Lao's U+0ECE among them). names.js read a hyphen between two of them as a space, where fold_name keeps it
    # (an official's name folded otherwise); searcher.js's respelled took them for letters beside a corrected word
    # (suggest.py _wordlike). Both now read the CLI's table (NS.text.WORD_CLASS, lang/marks.py).
    from search.officials.match import fold_name, is_word_char
    from search.query.suggest import _wordlike

    drift = page.evaluate("""(() => { const out = [];
      for (let c = 0; c < 0x110000; c++) if (/^\\p{M}$/u.test(String.fromCodePoint(c))) out.push(c);
      return out; })()""")
    drift = [chr(c) for c in drift if unicodedata.category(chr(c))[0] != "M"]
    assert "\u0ece" in drift  # the browser runs a later Unicode: without drift this test would check nothing
    got = page.evaluate(f"{json.dumps(drift)}.map((c) => NewsSearch.text.WORDLIKE.test(c))")
    assert [ascii(c) for c, g in zip(drift, got, strict=True) if g != _wordlike(c) or g != is_word_char(c)] == []
    # Those the browser's normalization leaves in place (combining class 0: its later Unicode orders the others,
    # a drift of String.normalize, left): neither a class-1 mark before it nor a class-240 one after it moves.
    still = page.evaluate(f"""{json.dumps(drift)}.filter((c) =>
      ("a" + c + "\\u0334").normalize("NFD") === "a" + c + "\\u0334" &&
      ("a\\u0345" + c).normalize("NFD") === "a\\u0345" + c)""")
    assert "\u0ece" in still
    r = random.Random(36)
    alphabet = ["ກ", "ສ", "a", "1", "-", "\u2010", " ", "\u200b", *still]
    texts = ["".join(r.choice(alphabet) for _ in range(r.randint(2, 8))) for _ in range(3_000)]
    got = page.evaluate(f"{json.dumps(texts)}.map((t) => NewsSearch.officials.foldName(t))")
    assert [(ascii(t), w, g) for t, w, g in zip(texts, [fold_name(t) for t in texts], got, strict=True)
            if w != g][:5] == []


def test_word_positions_are_the_clis_with_punctuation_between_words_without_spaces(
        southeast_asian_page: Browser) -> None:
    # compile.js phraseGaps and the gapless test of a word read the typed words' positions (b0b172b): a
    # punctuation mark between two Khmer, Thai or Lao words leaves an empty position, as positioned_words does.
    # The analysis tests above compare words and offsets, not positions. 3,000 strings of km-news pieces, Thai
    # and Lao words and punctuation, repeat signs, digits, (zero-width) spaces.
    from search.analysis.tokenize import positioned_words

    marks = [",", "។", "៕", "៖", ":", "-", ".", "!", "?", "(", ")", "'", "\u200b", "ៗ", "ฯ", "ๆ", "ໆ", "ฯลฯ", " ",
             "  ", "\u200b\u200b", "«", "»", "“", "”", "\n", "1", "๑", "១", "a", "ab", "\u00a0", "\u17d7"]
    r = random.Random(5)
    km = [p.read_text(encoding="utf-8") for p in sorted(shared_data("km-news", "docs").glob("*.txt"))[:200]]
    pieces = [*km, *(text.partition("\n\n")[2] for text in SOUTHEAST_ASIAN.values())]
    texts = []
    for _ in range(3000):
        parts = []
        for _ in range(r.randint(1, 6)):
            if r.random() < 0.5:
                t = r.choice(pieces)
                s = r.randrange(len(t))
                parts.append(t[s:s + r.randint(1, 25)])
            else:
                parts.append(r.choice(marks))
        texts.append("".join(parts))
    got = southeast_asian_page.evaluate(
        f"NewsSearch.segmentReady({json.dumps(chr(10).join(texts))}).then(() => {json.dumps(texts)}"
        ".map((t) => NewsSearch.positionedWords(t).map((w) => [w[0], w[3]])))", timeout=300)
    want = [[[w, p] for w, _, _, p in positioned_words(t)] for t in texts]
    assert [(ascii(t), w, g) for t, w, g in zip(texts, want, got, strict=True) if w != g][:3] == []


def test_a_number_and_a_word_glued_read_the_clis_marks(page: Browser) -> None:
    # review-b: text.js glued's letters were the browser's \p{M} (Unicode 17), pieces.py _word_of_letters Python's
    # category M (Unicode 14): 20 and a word ending in one of the 135 marks more (Lao's U+0ECE) were glued on the
    # page (a quoted "20 ກ\u0ece" also finding 20ກ\u0ece) and not in the CLI.
    from search.lang.pieces import glued

    drift = page.evaluate("""(() => { const out = [];
      for (let c = 0; c < 0x110000; c++) if (/^\\p{M}$/u.test(String.fromCodePoint(c))) out.push(c);
      return out; })()""")
    drift = [chr(c) for c in drift if unicodedata.category(chr(c))[0] != "M"]
    assert "\u0ece" in drift
    pairs = [(a, b) for c in drift for a, b in (("20", "ກ" + c), ("ກ" + c, "20"), ("20", "km"), ("20", c))]
    got = page.evaluate(f"{json.dumps(pairs)}.map(([a, b]) => NewsSearch.glued(a, b))")
    assert [(ascii(a), ascii(b), g) for (a, b), g in zip(pairs, got, strict=True) if g != glued(a, b)][:5] == []
