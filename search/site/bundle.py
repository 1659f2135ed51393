"""An index -> the data of the site's search page (``search.html``): the index's own postings, split into small
script files so that a query loads only what it needs. Nothing is analysed again: terms, postings, positions,
lengths and statistics are read through ``search/index/reader.py`` (re-analysing 100k articles took 281 s).

    search/engine.js             the page's search engine (js/*.js joined), the same rules as search/query, and
                                 the collection's dictionary engines (``NewsSearch.engines``)
    search/meta.js               counts, per-language BM25 statistics, facets, constants, file counts
    search/docs/<k>.js           per-article arrays (language, lengths, date, source), 32,768 articles a file
    search/terms/<h>.js          word groups by hash of the folded word: the postings of its spellings in
                                 body and title, its exact spellings, the stems of its spellings;
                                 stems ("fr:cooper") with their postings and the words that have them
    search/terms/r<n>.js         the same for words in Thai, Lao, Burmese, Khmer, Chinese... (RANGED_FROM):
                                 by ranges of the sorted words, where each starts listed in meta
    search/terms/x<h>.js         a word group too large to share a file (Vietnamese "của"), listed in meta;
                                 "~<spelling>": a large group's large spelling, moved out of it (its group
                                 keeps its number of articles: a query loads the spellings it asks for)
    search/names/<h>.js          a name's key (capitalised syllables side by side, "^vietnam": lang/vietnamese.py
                                 name_keys) by hash, as a group {x: [["^vietnam", postings]]}: apart from terms/,
                                 whose files every query reads and which these made 1% larger (the page's KB p95
                                 at 5k 199.7 -> 200.0); only a word typed joined reads one
    search/pos/<h>.js            positions of the same words (in the body: rare terms only), for phrases;
                                 a word's positions this small (INLINE_POSITIONS) are in its group instead
    search/pairs/<h>.js          neighbouring terms, one of them common, and where they stand (pairs.py)
    search/lex/<h>.js            terms by their first two letters, for prefixes (coop*) and fuzzy words (~)
    search/keys.js               official, country and role: the articles of each value (facets, filters)
    search/urls/<n>.js           the articles' URLs, sorted, with their articles, in ranges (url: prefixes);
                                 search/urls/index.js: the first URL of each range
    search/officials.js          every name of every official, folded, for "a name finds its official"
    search/officials/runs.js     their names as the engine splits them, for highlighting: loaded by a query
                                 that names an official
    search/art/<n>.js            one article: title, date, officials, text (JSON-escaped), word offsets
    search/dict/<script>/<h>.js  ICU's word lists for Chinese/Japanese (icudict.py); those of Khmer, Lao, Thai and
                                 Burmese are members "%<prefix>" of terms/r<n> (DICT_MARK)
    search/stem.js               Snowball stemmers (WebAssembly), for query words absent from the collection

Articles are numbered by the CLI's tie order (newest first, then id), so a tie between two scores is broken
by the smaller number on both sides. Postings list (gap to the previous article << 1 | frequency > 1), then
the frequency when it is above 1, as ``pack.varints``; a file's JSON is deflated when that is smaller
(``pack.script``), and so is the engine after its loader (``engine.engine_source``).
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from ..analysis import split_words
from ..analysis.tokenize import has_segmented, spaced_word_pattern, word_offsets
from ..index.reader import IndexReader, PostingsBatch
from ..lang.fold import fold
from ..lang.table import get_language
from ..lang.vietnamese import FOLDED_SYLLABLE, MIN_CUT, NAME_MARK
from ..query import compile as qc
from ..query.facets import FACETS
from ..query.score import Scorer
from ..query.searcher import SearchIndex
from ..query.snippets import lead_end
from . import engine, icudict, pack, pairs

Array = np.ndarray[Any, Any]
Put = Callable[[str, bytes], None]
FORMAT = 32  # bump when a data file changes shape (the one home: engine_source writes it into search/engine.js,
# whose searcher.js refuses a meta file of another format); 2: source codes, urls/, hit fields;
# 3: keys.js, dictionary starts, solo files listed; 4: docs/ columns as deflated bytes; 5: pairs/ (pairs.py),
# no body positions of common terms; 6: groups carry their stems' entries (S), whole groups (*<word>); 7: meta's
# coded facets list their live values; 8: meta's tables carry hanSimplified (Chinese) and arabicLetters (Persian),
# which the page's folding reads (a meta of format 7 has neither: the page would fail on arabicLetters);
# 9: meta lists the dictionaries' splits (one round of entries), search/start.js joins what every query needs;
# 10: both (8 and 9 were bumped on two branches the same day)
# 11: pairs/ also holds pairs one position apart ("a  b", two spaces) of Khmer, Thai, Lao terms (pairs.py)
# 12: meta's engines carry the one-character dictionary entries (firsts): the dict/ files no longer hold them
# 13: pairs one position apart only with an empty position between (punctuation), every one of them
# 14: a word's small positions come inside its group ("W", INLINE_POSITIONS), not in pos/; terms/ keys of
# Thai, Khmer, Chinese... in files by ranges (terms/r<n>, meta "ranges")
# 15: groups of acronym keys ("US": x [["US", postings]], lang/acronyms.py); meta's tables carry acronymLetters
# 16: a docs/ file's date codes are changes from the article before, each column deflated in blocks of its own
# 17: the dictionaries' engines come in search/engine.js (engine_source), no longer in meta: the page asks for the
# dictionary entries of the query in its address while start.js is still on its way
# 18: groups of number keys ("#3.5": x [["#3.5", postings]], lang/numbers.py); meta's tables carry numbers
# 19: meta's tables' numbers carry groups, words and before (numbers grouped with spaces, marks where written)
# 20: and dates and maxBefore (no number grouped with spaces after a date word: tháng 12 100%), rangeDashes and
# rangeWords (10-15%: the 10 marked for 10%); groups of time keys ("#10h30", index format 18)
# names/: groups of names' keys ("^vietnam": x [["^vietnam", postings]], lang/vietnamese.py name_keys); meta's
# tables carry nameMark
# 21: compressed bytes in strings, a character a byte (pack.raw_string, read as x-user-defined), not base64
# and the officials' runs and hiding in search/officials/runs.js, not in officials.js; meta's dates front-coded
# 22: meta's tables' numbers carry first, glue and maxGlue (percent words before a number, ร้อยละ 10; words of
# scripts without spaces glued, ១០ភាគរយ: index format 19) (numbers-3's 21, merged after page-kb's)
# 23: groups of whole numbers' keys ("#12100": 12.100, 12 100 written, index format 21)
# 24: the terms/ files' count and the solo files' list come in search/engine.js (NewsSearch.early: engine_source),
# no longer in meta ("solo"): the page asks for its words' term files before the meta file has come (24, not 23:
# main's numbers-4 took 23 the same day)
# 25: groups of initial keys ("^^theopham": lang/vietnamese.py initial_key, index format 22, caps-2's, merged
# without a bump); meta's tables carry initialMark, its constants WORDS_PER_ACRONYM (review-caps-2)
# 26: meta's tables' numbers carry rangeUnits and maxPercent (a range's last end after a percent word, numbers-5)
# 27: and hanPercent, hanDigits, hanUnits, hanPoints (text.js signPhrases: "百分之五的" is 5% 的, review-numbers-5)
# 28: and rangeInflected (Turkish units with their suffixes, yüzde 5 ila 10 milyonu), rangeUnits' Chinese counters
# 29: and groupMarks (Swiss thousands separators, 12'100.5 one number: numbers-7)
# 30: the solo files' list (NewsSearch.early) lists moved spellings ("~sơn") too: R.early asks for them ahead
# 31: the index's keys of ranges whose range word is in capitals (YÜZDE 5 ILA 10: 10% too), meta's numbers carry
#     signs (+10% typed is 10%: review-numbers-7)
# 32: the dictionary entries of Khmer, Lao, Thai and Burmese (icudict.py, two characters or more) are members
#     ("%<prefix>") of the terms/ files by ranges, beside the word groups of the same prefixes (no dict/ files for
#     them); engine.js carries the ranges' starts (NewsSearch.early.ranges, no longer in meta "ranges" then),
#     and each engine says so ("ranged")
# A docs/ file: {"n": articles, "z": the deflated columns (pack.script_bytes), n values each}: the language group (+128
# for articles indexed with exact spellings), the date's code less the article before's (2 bytes, little-endian,
# modulo 2^16), the body's, title's, stem's and exact's length codes (1 byte), then each coded facet's code (meta
# "coded": its width); each column in deflate blocks of its own (pack.deflate).
DOC_CHUNK = 32_768  # articles per docs/ file (every query loads them all: 4 files at 100k, 13 with 8,192)
# Target size of a terms/ and pos/ file (JSON, before deflate: about 1.5 KB on disk). A query loads one file
# per word, with the other words that hash there: measured on 180 queries at 5k (benchmarks/SITE-RESULTS.md),
# 16,000 / 6,000 / 3,000 bytes gave 293 / 215 / 194 KB per query at p95 and 7,457 / 9,069 / 11,511 files.
TERM_SHARD_BYTES = 3_000
# A word's positions this small (JSON) come inside its group ("W") rather than in pos/: a phrase of rare words
# (a Khmer word's pieces) read them in files of their own after the groups. At 5k articles 33,000 of the 34,697
# words with positions have 300 bytes or fewer (the median 28): terms/ 4.6 -> 5.4 MB, pos/ 3.2 -> 1.9 MB, and a
# file's size is the same (TERM_SHARD_BYTES): a query reads as many bytes a file; the 80 Khmer benchmark
# queries loaded 96 pos/ files instead of 189.
INLINE_POSITIONS = 300
SOLO_BYTES = 1_500  # a word group larger than this gets a file of its own (loaded alone, for its word only)
# A group whose postings take more than SPLIT_BYTES moves each spelling whose postings take SPELLING_BYTES or
# more to an entry of its own (_move_spellings).
SPLIT_BYTES = 3_000
SPELLING_BYTES = 600
# Such a file is named by 24 bits of its key's hash, and the meta file lists the numbers of the terms/ ones (3
# bytes each: 1.4 KB at 5k) so that the page loads a common word's file at once, not after its shard (a round
# of loading saved); pos/ ones are marked in their word's group ("P"), loaded before. A word whose number is
# listed but whose file holds other words only (1 in 16,000 at 1,000 listed) reads its shard after all.
SOLO_MASK = 0xFFFFFF  # at most 24 bits (3 bytes in the list)
# terms/ keys (as hashed) from Thai on in code point order (Thai, Lao, Burmese, Khmer, Chinese, Japanese...: the
# scripts cut by dictionaries) go into files by ranges of sorted keys (terms/r<n>, _ranges), not by hash. At 5k
# articles, the 80 Khmer benchmark queries loaded 706 files of word groups by hash, 534 by 490 ranges.
RANGED_FROM = "\u0e00"
# The dictionary entries of the scripts cut by maximal matching (Khmer, Lao, Thai, Burmese: icudict.py, a prefix of
# two characters or more each) are members "%<prefix>" of the terms/ files by ranges, filed by the prefix: a query's
# dictionary entries at a place where a word can start and the word groups of the pieces starting there sort
# together, so one file often serves both (js/segment.js asks for them by the ranges' starts, which engine.js
# carries). At 5k articles, the 80 Khmer benchmark queries' dictionary and word-group files: 12.9 -> 9.2 a query,
# counted offline from their keys (page format 32).
DICT_MARK = "%"
MAX_SHARDS = 40_000  # files by hash and by ranges per folder at most: larger collections get larger ones
LEX_SHARD_BYTES = 16_000
URL_SHARD_BYTES = 16_000
TEXT_FIELDS = ("body", "title")
KEYWORD_FIELDS = ("official", "country", "role")
# One-valued facets the page reads from arrays it has anyway: the language (the article's group) and its
# date's year and month (``year_of``, ``month_of``, as search/index/prepare.py derives them). Any other one-valued
# facet (source) gets a code per article of its own.
DERIVED_FACETS = ("lang", "year", "month")


def _rare_positions(counts: Array, places: Array, starts: Array, rare: Array) -> list[str]:
    """``positions_many`` texts of the ``rare`` terms of a batch (a mask per term), "" for the others."""
    sizes = np.diff(starts)
    postings = np.repeat(rare, sizes)
    kept = counts[postings]
    texts = pack.varints_split(*pack.positions_many(kept, places[np.repeat(postings, counts)],
                                                     np.concatenate(([0], np.cumsum(sizes[rare])))))
    out = [""] * len(rare)
    for i, text in zip(np.flatnonzero(rare).tolist(), texts, strict=True):
        out[i] = text
    return out


def _texts(group: dict[str, Any], field: str) -> list[str]:
    """The postings texts of a group's field ("b", "t", "x"), those that are still texts."""
    values = group.get(field, {})
    items = values.values() if isinstance(values, dict) else (p for _, p in values)
    return [p for p in items if isinstance(p, str)]


def _stems_inside(groups: dict[str, dict[str, Any]], stems: dict[str, dict[str, Any]]) -> None:
    """Each group carries the entries of its spellings' stems (``S``: {"en:boundari": {p, w}}), copies of the
    stems' own entries: a query word's stems come with its group, not from the shards of the stems (hashed
    by the stem: another file, in a second round). A question of twenty English words loaded 10-15 stem
    files after its groups' (benchmarks.site, Cranfield); the copies add a fifth to the terms' bytes, and
    a file's size is the same (TERM_SHARD_BYTES): a query reads as many bytes a file, in fewer files. The
    stems' own entries stay, for a query word the collection lacks (its stem from Snowball)."""
    for group in groups.values():
        keys = sorted({k for found in group.get("s", {}).values() for k in found if k in stems})
        if keys:
            group["S"] = {k: stems[k] for k in keys}


def _solo(key: str, text: str) -> bool:
    return len(text) + len(key) + 4 > SOLO_BYTES and key[0] != DICT_MARK  # a dictionary entry: in its range


def _solo_name(number: int) -> str:
    return f"x{number:06x}"  # js/reader.js soloFile


@dataclass
class BundleReport:
    files: int = 0
    bytes: int = 0
    terms: int = 0
    pairs: int = 0  # pairs of neighbouring terms written for phrases (pairs.py)
    seconds: float = 0.0
    sizes: dict[str, int] = field(default_factory=dict)  # bytes per folder
    # What every query loads, which search.html includes itself (async, in its head), in this order: the
    # files, and ``start``, the one file that holds them all (what the page loads).
    preload: list[str] = field(default_factory=list)
    start: str = "search/start.js"


class _Out:
    def __init__(self, put: Put) -> None:
        self.put = put
        self.report = BundleReport()
        self.kept: dict[str, bytes] = {}  # the files every query loads, as written (start)

    def file(self, name: str, value: Any) -> None:
        self.raw(f"search/{name}.js", pack.script(name, value))

    def json(self, name: str, text: str) -> None:
        """``file`` of a value already in JSON (``pack.to_json``)."""
        self.raw(f"search/{name}.js", pack.script_json(name, text))

    def raw(self, rel: str, data: bytes) -> None:
        if rel in ("search/meta.js", "search/officials.js", "search/keys.js") or rel.startswith("search/docs/"):
            self.kept[rel] = data
        self.put(rel, data)
        self.report.files += 1
        self.report.bytes += len(data)
        folder = rel.split("/")[1] if rel.count("/") > 1 else rel
        self.report.sizes[folder] = self.report.sizes.get(folder, 0) + len(data)


# --- postings ------------------------------------------------------------------------------------------
class _Numbering:
    """Old document numbers (deleted ones included) -> page numbers: live articles in tie order."""

    def __init__(self, reader: IndexReader) -> None:
        docs = reader.docs
        live = np.flatnonzero(docs.live)
        self.old = live[np.argsort(docs.order[live], kind="stable")]  # page number -> old number
        self.new = np.full(reader.size, -1, dtype=np.int64)
        self.new[self.old] = np.arange(len(self.old))

    def __len__(self) -> int:
        return len(self.old)

    def batch(self, batch: PostingsBatch) -> _Live:
        """The live postings of every term of a batch in page numbers, ascending within each term: one sort
        of all the batch's postings by (term, page number)."""
        sizes = np.diff(batch.starts)
        term = np.repeat(np.arange(len(sizes)), sizes)
        new = self.new[batch.ids]
        keep = np.flatnonzero(new >= 0)
        order = keep[np.argsort(term[keep] * len(self) + new[keep], kind="stable")]
        live = np.bincount(term[keep], minlength=len(sizes))
        starts = np.concatenate(([0], np.cumsum(live)))
        return _Live(starts, new[order], batch.weights[order], order, sizes)


@dataclass
class _Live:
    """A batch's postings of live articles, in page numbers: term ``i`` has ``ids[starts[i]:starts[i + 1]]``
    (ascending); ``order`` picks them from the batch; ``frequencies``: each term's postings, deleted included."""

    starts: Array
    ids: Array
    weights: Array
    order: Array
    frequencies: Array

    def positions(self, batch: PostingsBatch) -> tuple[Array, Array]:
        """The positions of the live postings, in their order: (counts, places)."""
        assert batch.counts is not None and batch.places is not None
        counts = batch.counts[self.order]
        start = (np.cumsum(batch.counts) - batch.counts)[self.order]  # where each posting's positions are
        moved = np.cumsum(counts) - counts  # and where they go, in this order
        index = np.arange(int(counts.sum())) + np.repeat(start - moved, counts)
        return counts, batch.places[index]


# --- the bundle ------------------------------------------------------------------------------------------
class _Bundle:
    def __init__(self, ix: SearchIndex, out: _Out, href: Callable[[str], str]) -> None:
        self.ix = ix
        self.reader = ix.reader
        self.out = out
        self.href = href
        self.numbers = _Numbering(self.reader)
        langs = [code for code in self.reader.languages() if get_language(code).stemmer]
        self.stemmers = {code: get_language(code).stemmer or "" for code in langs}
        self.stem_terms = set(self.reader.field_terms("stem"))  # for stems_of
        self.shard_counts: dict[str, int] = {}
        self.solos: dict[str, list[int]] = {}  # folder -> the numbers of its items with a file of their own
        self.ranges: dict[str, list[str]] = {}  # folder -> where each of its files by ranges starts (_ranges)
        self.ranged_scripts: list[str] = []  # whose dictionary entries are in terms/ by ranges (DICT_MARK)

    # -- stems --------------------------------------------------------------------------------------
    def stems_of(self, words: list[str]) -> dict[str, list[str]]:
        """The ``lang:stem`` keys of each word (lowercase, as typed) that the index holds, for every language
        with a stemmer: what the CLI's compiler looks up for a query word (``compile.QueryCompiler.word``).
        Each stemmer is called once with every word (``stemWords``: 41,657 words at 5k articles), without
        its cache (``maxCacheSize`` 0): each word is stemmed once, and keeping the cache up cost three times
        the stemming."""
        import Stemmer

        keys: dict[str, list[str]] = {word: [] for word in words}
        for code, algorithm in self.stemmers.items():
            held = {key.partition(":")[2] for key in self.stem_terms if key.startswith(f"{code}:")}
            for word, stem in zip(words, Stemmer.Stemmer(algorithm, 0).stemWords(words), strict=True):
                if stem in held:
                    keys[word].append(f"{code}:{stem}")
        return keys

    # -- postings ---------------------------------------------------------------------------------
    def terms(self, fname: str, positions: bool = False,
              layout: pairs.Layout | None = None) -> Iterator[tuple[str, str, str, int, int]]:
        """Every term of ``fname`` with postings in live articles: (term, its postings as ``pack.varints``,
        its positions so (with ``positions``; else ""), live postings, postings with deleted articles). Read
        and encoded many terms at a time (``IndexReader.postings_batches``): one numpy call per batch
        rather than several per term (the terms of 5k articles are 61,688, most with a few postings).
        With a ``layout`` (the body's), each batch fills it too, and its common terms' positions are not
        encoded ("": the page reads them as pairs)."""
        for batch in self.reader.postings_batches(fname, positions=positions):
            live = self.numbers.batch(batch)
            encoded = pack.varints_split(*pack.postings_many(live.ids, live.weights, live.starts))
            if positions:
                counts, where = live.positions(batch)
                if layout is None:
                    placed = pack.varints_split(*pack.positions_many(counts, where, live.starts))
                else:
                    first = layout.filled
                    layout.fill(batch.terms, live.ids, counts, where, live.starts)
                    placed = _rare_positions(counts, where, live.starts, ~layout.common[first:layout.filled])
            else:
                placed = [""] * len(batch.terms)
            sizes = np.diff(live.starts).tolist()
            for term, text, places, size, frequency in zip(batch.terms, encoded, placed, sizes,
                                                           live.frequencies.tolist(), strict=True):
                if size:
                    yield term, text, places, size, frequency

    # -- words --------------------------------------------------------------------------------------
    def body_positions(self) -> Iterator[tuple[list[str], Array, Array, Array, Array]]:
        """The body's live positions, a batch of terms at a time: (terms, page numbers, places per posting,
        places, where each term's postings start), for ``pairs.write_pairs``."""
        for batch in self.reader.postings_batches("body", positions=True):
            live = self.numbers.batch(batch)
            counts, places = live.positions(batch)
            yield batch.terms, live.ids, counts, places, live.starts

    def write(self) -> None:
        groups: dict[str, dict[str, Any]] = {}
        positions: dict[str, dict[str, Any]] = {}
        lexicon: dict[str, dict[str, list[str]]] = {}
        sizes: dict[tuple[str, str], int] = {}  # (field letter, term) -> live postings, for moved spellings
        layout = pairs.Layout(self.body_positions, len(self.numbers))  # the first of two reads of the body
        for batch in self.reader.postings_batches("gap", positions=True):
            live = self.numbers.batch(batch)
            layout.mark_empty(live.ids, *live.positions(batch))
        for fname in TEXT_FIELDS:
            short = fname[0]
            for term, postings, places, size, frequency in self.terms(fname, positions=True,
                                                                       layout=layout if short == "b" else None):
                key = fold(term)
                group = groups.setdefault(key, {})
                group.setdefault(short, {})[term] = postings
                sizes[short, term] = size
                if short == "b" and term in layout.common_terms:  # read as pairs (pairs.py), not positions
                    group.setdefault("C", []).append(term)
                else:
                    positions.setdefault(key, {}).setdefault(short, {})[term] = places
                lexicon.setdefault(term[:2], {}).setdefault(short, []).append(term)
                if frequency != size:  # deleted articles hold the term: the page needs the index's count
                    group.setdefault("D", {}).setdefault(short, {})[term] = frequency
        paired = pairs.write_pairs(layout, lambda name, text: self.out.json(name, text))
        self.shard_counts["pairs"] = paired.shards
        self.out.report.pairs = paired.pairs
        del layout
        names: dict[str, str] = {}
        for key_text, postings, _, size, _ in self.terms("exact"):
            folded, _, spelled = key_text.partition(" ")
            if folded[0] == NAME_MARK:  # names/: no stems, no lexicon (nobody types ^vi*)
                names[folded] = pack.to_json({"x": [[spelled, postings]]})
                continue
            groups.setdefault(folded, {}).setdefault("x", []).append([spelled, postings])
            sizes["x", spelled] = size
            lexicon.setdefault(key_text[:2], {}).setdefault("x", []).append(key_text)
        stems: dict[str, dict[str, Any]] = {}
        for key_text, postings, _, _, _ in self.terms("stem"):
            stems[key_text] = {"p": postings, "w": []}
        if self.stemmers:
            spellings = {key: sorted({key, *group.get("b", {}), *group.get("t", {}),
                                      *(s for s, _ in group.get("x", []))}) for key, group in groups.items()}
            stems_of = self.stems_of([s for words in spellings.values() for s in words])
            for key, group in groups.items():
                found = {}
                for s in spellings[key]:
                    found[s] = stems_of[s]
                    for stem_key in found[s]:
                        if stem_key in stems:
                            stems[stem_key]["w"].append(s)
                group["s"] = found
        self.out.report.terms = len(groups)
        # Each item's JSON is made once: its length places the item, and a file's JSON is its items' joined
        # (``pack.members``), which is what the JSON of the file's dict would be.
        position_texts = {}
        for key, value in positions.items():
            text = pack.to_json(value)
            if len(text) <= INLINE_POSITIONS:  # in the group itself ("W"): no pos/ file, no round of loading
                groups[key]["W"] = value
                continue
            position_texts[key] = text
            if _solo(key, text):  # the group says so: a phrase loads pos/x... at once, not its shard first
                groups[key]["P"] = 1
        _stems_inside(groups, stems)
        moved = self._move_spellings(groups, sizes)
        self._shard_terms(groups, stems, moved)
        self._shard("pos", position_texts, lambda k: k, TERM_SHARD_BYTES, solo=True)
        self._shard("names", names, lambda k: k, TERM_SHARD_BYTES)
        self._lexicon(lexicon)

    def _move_spellings(self, groups: dict[str, dict[str, Any]], sizes: dict[tuple[str, str], int]) -> dict[str, str]:
        """A large group's large spellings go to entries of their own (``~<spelling>``: {b, t, x: postings}),
        so that a query loads the spellings it asks for, not all of them: an accented query word (``để``)
        needs its own spelling's postings, not those of ``đề``, ``đế``, ``de``... (100k articles: the group
        of ``de`` is 160 KB). In the group, a moved spelling's postings become its number of articles (what
        the compiler asks before scoring), and ``M`` names the moved spellings (1: the entry has a file of
        its own). Returns the entries' JSON by key, and the whole group as it was (``*<folded word>``, a file
        of its own, listed in the meta file): a query word typed without accents reads every spelling, and
        loads that one file at once instead of the group, then each moved spelling's entry in a second round
        (a question of twenty English words loaded 5-20 such entries: "the" is "thế" and "thể" too)."""
        moved: dict[str, str] = {}
        for folded, group in groups.items():
            if sum(len(t) for f in "btx" for t in _texts(group, f)) <= SPLIT_BYTES:
                continue
            whole = pack.to_json(group)  # larger than SPLIT_BYTES: a file of its own (_solo)
            exact = dict(group.get("x", []))
            spellings = {*group.get("b", {}), *group.get("t", {}), *exact}
            for spelled in sorted(spellings):
                parts = {"b": group.get("b", {}).get(spelled), "t": group.get("t", {}).get(spelled),
                         "x": exact.get(spelled)}
                entry = {f: text for f, text in parts.items() if text is not None}
                if sum(map(len, entry.values())) < SPELLING_BYTES:
                    continue
                for f in entry:
                    if f == "x":
                        group["x"] = [[w, sizes["x", w] if w == spelled else p] for w, p in group["x"]]
                    else:
                        group[f][spelled] = sizes[f, spelled]
                key = "~" + spelled
                moved[key] = pack.to_json(entry)
                group.setdefault("M", {})[spelled] = 1 if _solo(key, moved[key]) else 0
            if "M" in group:
                moved["*" + folded] = whole
        return moved

    def _shard_terms(self, groups: dict[str, dict[str, Any]], stems: dict[str, dict[str, Any]],
                     moved: dict[str, str]) -> None:
        texts = {k: pack.to_json(v) for k, v in groups.items()}
        for key, entry in stems.items():
            texts[key] = pack.to_json(entry)
        texts.update(moved)
        # The dictionaries of the scripts its live words have (not those of deleted articles only, which keep
        # their dict/ files: write_search_bundle), as "%<prefix>" in the files by ranges (DICT_MARK).
        self.ranged_scripts = [script for script in engine.scripts_present(groups) if icudict.rangeable(script)]
        for script in self.ranged_scripts:
            for key, value in icudict.members(script).items():
                texts[DICT_MARK + key] = pack.to_json(value)
        # Moved spellings with a file of their own are listed too (their group says so as well): an accented
        # query word asks for its spelling's file with its group, as the engine starts (reader.js R.early),
        # not a round later once compiled (334 numbers at 5k, about 1 KB more in engine.js; page format 30).
        self._shard("terms", texts, filed_by, TERM_SHARD_BYTES, solo=True, ranged=True)

    def _shard(self, folder: str, texts: dict[str, str], hashed: Callable[[str], str], target: int,
               solo: bool = False, listed: Callable[[str], bool] = lambda key: True, ranged: bool = False) -> int:
        """Items (their JSON) into ``count`` files by hash of ``hashed(key)``; with ``solo``, an item too large
        to share a file gets its own (``_solo_name``), listed in the meta file (``self.solos``); with
        ``ranged``, items whose ``hashed(key)`` is RANGED_FROM or after go by ranges of it instead (``_ranges``)."""
        hashed_keys = {k: hashed(k) for k in texts}
        by_range = {k for k, h in hashed_keys.items() if ranged and h >= RANGED_FROM}
        solos: dict[int, list[str]] = {}
        numbers: set[int] = set()  # of the solos the meta file lists
        members: dict[str, str] = {}  # key -> its member of a file (itself, or a pointer to its own file)
        for key, text in texts.items():
            if solo and _solo(key, text):
                number = pack.fnv1a(key) & SOLO_MASK
                solos.setdefault(number, []).append(pack.member(key, text))
                if listed(key):
                    numbers.add(number)
                members[key] = pack.member(key, pack.to_json("@" + _solo_name(number)))
            else:
                members[key] = pack.member(key, text)
        # At most MAX_SHARDS files by hash and by ranges together: a larger folder gets larger files. A range
        # holds 3/4 of its target or more (_ranges), the last one less.
        by_hash = sum(len(t) + len(k) + 4 for k, t in texts.items() if k not in by_range)
        in_ranges = sum(len(members[k]) for k in by_range)
        target = max(target, -(-(by_hash + in_ranges * 4 // 3) // (MAX_SHARDS - 1)))
        count = max(1, by_hash // target)
        files: list[list[str]] = [[] for _ in range(count)]
        hashes = pack.fnv1a_many([hashed_keys[k] for k in texts]) % count  # pack.bucket of each
        for key, h in zip(texts, hashes.tolist(), strict=True):
            if key not in by_range:
                files[h].append(members[key])
        for i, content in enumerate(files):
            self.out.json(f"{folder}/{i}", pack.members(content))
        if ranged:
            self.ranges[folder] = self._ranges(folder, sorted(by_range, key=lambda k: (hashed_keys[k], k)),
                                               hashed_keys, members, target)
        for number, content in solos.items():  # two keys may share a name: one file holds both
            self.out.json(f"{folder}/{_solo_name(number)}", pack.members(content))
        self.shard_counts[folder] = count
        self.solos[folder] = sorted(numbers)
        return count

    def _ranges(self, folder: str, keys: list[str], hashed: dict[str, str], members: dict[str, str],
                target: int) -> list[str]:
        """Items sorted by ``hashed[key]`` into files of about ``target`` bytes (``<folder>/r<n>``), cut only
        between two hashed keys; returns where each file starts: the shortest prefix of its first hashed key
        that sorts after the previous file's last (js/reader.js finds a key's file by them). A word typed
        without spaces in Khmer, Thai, Lao, Burmese or Chinese is looked up as every piece it can be cut into,
        and the pieces starting at one place are prefixes of each other: hashed, they were one file each (a
        Khmer query loaded 8 files of word groups at the median); sorted, they sit together. The starts are in
        the meta file, which every query loads: each file ends where the start of the next is shortest, between
        3/4 and 3/2 of ``target`` (5k articles: 490 starts of 2.6 characters on average, 2.2 KB deflated; cut
        at ``target``, 479 of 4.4 characters, 3.3 KB)."""
        h = [hashed[k] for k in keys]
        sizes = [len(members[k]) for k in keys]

        @functools.cache
        def start(i: int) -> str:  # the shortest prefix of h[i] after h[i - 1]
            return next(h[i][:n] for n in range(1, len(h[i]) + 1) if i == 0 or h[i][:n] > h[i - 1])

        firsts = [0] if keys else []
        while firsts:
            size, best = 0, None
            for i in range(firsts[-1], len(keys)):
                if size >= target * 3 // 2 and best is not None:
                    break
                if size >= target * 3 // 4 and h[i] != h[i - 1]:
                    if best is None or len(start(i)) < len(start(best)):
                        best = i
                size += sizes[i]
            else:
                if size < target * 3 // 2 or best is None:  # the rest is one file
                    break
            firsts.append(best)
        starts = [start(i) for i in firsts]
        for n, (a, b) in enumerate(itertools.pairwise([*firsts, len(keys)])):
            self.out.json(f"{folder}/r{n}", pack.members([members[k] for k in keys[a:b]]))
        return starts

    def _lexicon(self, lexicon: dict[str, dict[str, list[str]]]) -> None:
        firsts: dict[str, dict[str, Any]] = {}
        for two in lexicon:
            entry = firsts.setdefault(two[0], {"n": ""})
            if len(two) > 1 and two[1] not in entry["n"]:
                entry["n"] += two[1]
        items: dict[str, Any] = {}
        for two, fields in lexicon.items():
            items[two] = {k: sorted(v) for k, v in fields.items()}
        for first, entry in firsts.items():
            items["^" + first] = entry  # the second letters of terms that start with ``first``
        self._shard("lex", {k: pack.to_json(v) for k, v in items.items()}, lambda k: k, LEX_SHARD_BYTES)

    # -- per-article data -----------------------------------------------------------------------------
    def docs(self) -> dict[str, Any]:
        docs = self.reader.docs
        old = self.numbers.old
        lang_vocab, lang_codes = docs.codes["lang"]
        spelled_vocab, spelled_codes = docs.codes["spelled"]
        date_vocab, date_codes = docs.codes["date"]
        exact = np.array([v == "exact" for v in spelled_vocab], dtype=bool)[spelled_codes[old]]
        group = lang_codes[old]
        if len(group) and group.max() >= 128:
            raise ValueError("more than 127 languages in one index")
        lengths: dict[str, list[float]] = {}
        codes: dict[str, Array] = {}
        for fname in ("body", "title", "stem", "exact"):
            values, inverse = np.unique(docs.lengths[fname][old], return_inverse=True)
            if len(values) > 256:
                raise ValueError(f"more than 256 distinct {fname} lengths")
            lengths[fname] = [float(v) for v in values]
            codes[fname] = inverse.astype(np.uint8)
        coded: dict[str, tuple[list[str], Array]] = {}
        for facet in FACETS:
            if facet.coded and facet.name not in DERIVED_FACETS:
                vocab, values = docs.codes[facet.name]
                coded[facet.name] = (list(vocab), values[old].astype(f"<u{_width(len(vocab))}"))
        chunks = 0
        for start in range(0, len(old), DOC_CHUNK):
            end = min(start + DOC_CHUNK, len(old))
            part = slice(start, end)
            # The columns' bytes one after the other (the docs/ file above DOC_CHUNK), deflated as bytes: as
            # base64 strings in the JSON then deflated, they took 25% more (100k, every query: 378 -> 302 KB).
            # The date's code is the change from the article before (modulo 2^16): articles are numbered newest
            # first, so it is mostly 0 (5k, every query: the column 2,978 -> 545 bytes deflated).
            dates = date_codes[old][part].astype(np.int64)
            columns = [(group[part] | (exact[part] << 7)).astype(np.uint8),
                       (np.diff(dates, prepend=0) & 0xFFFF).astype("<u2"),
                       *(codes[f][part] for f in codes), *(values[part] for _, values in coded.values())]
            deflated = pack.deflate(*(c.tobytes() for c in columns))
            self.out.raw(f"search/docs/{chunks}.js", pack.script_bytes(f"docs/{chunks}", {"n": end - start}, "z",
                                                                        deflated))
            chunks += 1
        if len(date_vocab) > 65535:
            raise ValueError("more than 65,535 distinct dates")
        scorer = Scorer(self.reader)
        return {"count": len(old), "chunk": DOC_CHUNK, "chunks": chunks, "langs": list(lang_vocab),
                "groupDocs": [int(n) for n in scorer.group_docs()],
                "avg": {f: [float(v) for v in scorer.average_lengths(f)] for f in ("body", "title", "stem", "exact")},
                "lengths": lengths, "dates": pack.front_coded(list(date_vocab)),
                # "live": the values live articles have (the vocabulary keeps those of deleted ones: compile.py
                # live_values), which a facet value typed in another case or without accents may name
                "coded": {name: {"values": vocab, "width": _width(len(vocab)),
                                 "live": [vocab[i] for i in np.unique(values).tolist() if vocab[i]]}
                          for name, (vocab, values) in coded.items()}}

    def keywords(self) -> dict[str, list[str]]:
        values: dict[str, list[str]] = {}
        content: dict[str, dict[str, str]] = {}
        for fname in KEYWORD_FIELDS:
            content[fname] = {term: postings for term, postings, _, _, _ in self.terms(fname)}
            values[fname] = sorted(content[fname])
        # One file: a query loads the three for its facets (a file costs about 2 ms of page time however
        # small: benchmarks/SITE-RESULTS.md).
        self.out.file("keys", content)
        return values

    def urls(self) -> int:
        """The articles' URLs (the ``url`` field's terms: each URL whole), sorted, with their articles, cut into
        ranges of about URL_SHARD_BYTES: a ``url:`` prefix loads the ranges that can hold URLs starting with it
        (``urls/index`` lists the first URL of each). Returns the number of ranges (0: no article has a URL)."""
        items = []
        for term, postings, _, _, _ in self.terms("url"):
            if term:
                items.append((term, postings))
        items.sort()  # code point order, as the page compares (NS.text.compare)
        shards: list[dict[str, str]] = []
        size = URL_SHARD_BYTES
        for term, postings in items:
            if size >= URL_SHARD_BYTES:
                shards.append({})
                size = 0
            shards[-1][term] = postings
            size += len(term) + len(postings) + 6
        for i, content in enumerate(shards):
            self.out.file(f"urls/{i}", content)
        if shards:
            self.out.file("urls/index", [next(iter(content)) for content in shards])
        return len(shards)

    def articles(self) -> None:
        for n, old in enumerate(self.numbers.old.tolist()):
            s = self.reader.stored(int(old))
            body = s.get("body") or ""
            value: dict[str, Any] = {
                "id": s["id"], "href": self.href(s["id"]), "title": s.get("title") or "",
                "date": s.get("date") or None, "di": bool(s.get("date_inferred")), "lang": s.get("lang") or "und",
                "sp": s.get("spelled") == "exact",
                "off": [[m[0], m[1], m[2]] for m in s.get("mentions") or ()],
                "body": body,
            }
            # What a hit shows besides its title, as records.Hit has it: absent when None (a source when empty).
            for key, name in (("url", "url"), ("au", "author"), ("sec", "section")):
                if s.get(name) is not None:
                    value[key] = s[name]
            if s.get("source"):
                value["src"] = s["source"]
            if s.get("date_future"):
                value["df"] = True  # dated after the time of indexing: the hit says so, as the CLI's does
            if has_segmented(body):
                # Word offsets (code points): ICU's segmentation of the text as the engine made it.
                offsets = word_offsets(body)
                value["seg"] = pack.varints(pack.deltas(offsets))
            value["lead"] = _lead(body)
            self.out.file(f"art/{n}", value)


def _width(values: int) -> int:
    """Bytes per code for a vocabulary of ``values``."""
    return 1 if values <= 1 << 8 else 2 if values <= 1 << 16 else 4


def _lead(body: str) -> list[int]:
    """Where ``snippets.leading_text`` cuts the article (code points), whitespace stripped: [start, end, 1 if
    "…" follows]. Its rule, redone to get offsets (tests/site/test_bundle.py checks that they agree)."""
    width = 240
    cut = len(body) > width
    if cut:
        # The words' offsets alone: the analyzer's tokens are these words with their forms and positions,
        # which cost three quarters of the time here; a text in spaced scripts needs one regular expression.
        head = body[: width + 40]
        spaced = spaced_word_pattern(head)
        if spaced is None:
            ends = [end for _, _, end in split_words(head)]
        else:
            ends = [m.end() for m in spaced[0].finditer(spaced[1])]
        piece = body[: lead_end(body, ends, width)]
    else:
        piece = body
    stripped = piece.strip()
    start = piece.index(stripped) if stripped else 0
    return [start, start + len(stripped), 1 if cut else 0]


def filed_by(key: str) -> str:
    """What a terms/ key is filed by (its hash, or its range from RANGED_FROM on): a word group by its folded
    word; a stem by the stem alone (fr:cooper and en:cooper together); a moved spelling by "~" and the spelling,
    a whole group by "*" and the word; a dictionary entry ("%<prefix>") by its prefix. js/reader.js termFile is
    given the same."""
    if key[0] == DICT_MARK:
        return key[1:]
    return key if key[0] in "~*" else key.partition(":")[2] if ":" in key else key


def write_search_bundle(ix: SearchIndex, put: Put, href: Callable[[str], str]) -> BundleReport:
    """Every file of the search page's data, handed to ``put(relative path, bytes)``; ``href(id)``: the
    article page of an id, relative to the site's root."""
    started = time.perf_counter()
    out = _Out(put)
    bundle = _Bundle(ix, out, href)
    docs = bundle.docs()
    present = engine.scripts_present(list(bundle.reader.field_terms("body")))
    bundle.write()
    ranged = bundle.ranged_scripts
    keywords = bundle.keywords()
    urls = bundle.urls()
    out.file("officials", engine.registry_data(ix))
    out.file("officials/runs", engine.registry_runs(ix))
    bundle.articles()
    engines = []
    for script in present:
        if script in ranged:  # its entries are in terms/ (DICT_MARK)
            engines.append({**icudict.engine(script).as_dict(), "ranged": 1})
            continue
        for rel, data in icudict.files(script):
            out.raw(rel, data)
        engines.append(icudict.engine(script).as_dict())
    # The terms/ files' count and which entries have files of their own, with the engine (reader.js R.early): the
    # page asks for its words' files while the meta file is on its way.
    # And what says which plain words are also looked up joined (compile.py joins): Vietnamese syllables in a row.
    early = {"terms": bundle.shard_counts["terms"], "mask": SOLO_MASK,
             "solo": pack.b64(b"".join(n.to_bytes(3, "big") for n in bundle.solos.get("terms", []))),
             "joins": [FOLDED_SYLLABLE, MIN_CUT, qc.MAX_JOINED, qc.MAX_JOIN_WORDS]}
    ranges = dict(bundle.ranges)
    if ranged:  # the ranges' starts, for the dictionary entries the page asks for as the engine starts (segment.js),
        early["ranges"] = ranges.pop("terms")  # there instead of in the meta file (every query loads both)
    out.raw("search/engine.js", engine.engine_source(FORMAT, engines, early))
    has_stems = bool(bundle.stemmers)
    if has_stems:
        # The stemmers' source as a (deflated) string: a third of its 512 KB; the page runs it once inflated.
        out.file("stem", resources.files("search.site").joinpath("js", engine.STEMMER).read_text(encoding="utf-8"))
    out.file("meta", {
        "format": FORMAT, "docs": docs, "languages": bundle.reader.languages(), "stemmers": bundle.stemmers,
        "shards": bundle.shard_counts, "ranges": ranges, "keywords": keywords, "constants": engine.constants(),
        "tables": engine.tables(han="Han" in present),
        "facets": [{"name": f.name, "label": f.label, "coded": f.coded, "newestFirst": f.newest_first,
                    "page": f.page} for f in FACETS],
        "stemFile": has_stems, "urls": urls,
    })
    # Every query needs the meta file, the officials, the per-article arrays and the keyword facets (searcher.js
    # NS.ready, R.docs, R.keywords): the page asks for them while it is parsed, not once the query is compiled.
    out.report.preload = ["search/meta.js", "search/officials.js",
                          *(f"search/docs/{k}.js" for k in range(docs["chunks"])), "search/keys.js"]
    # ...in one file, which hands each its value as they would (a script element costs the page about 1.2 ms
    # whatever its size: four files at 5k, seven at 100k). The files stay, for a page that asks for one alone.
    out.raw(out.report.start, b"".join(out.kept[rel] for rel in out.report.preload))
    out.report.seconds = time.perf_counter() - started
    return out.report
