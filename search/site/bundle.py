"""An index -> the data of the site's search page (``search.html``): the index's own postings, split into small
script files so that a query loads only what it needs. Nothing is analysed again: terms, postings, positions,
lengths and statistics are read through ``search/index/reader.py`` (re-analysing 100k articles took 281 s).

    search/engine.js             the page's search engine (js/*.js joined), the same rules as search/query
    search/meta.js               counts, per-language BM25 statistics, facets, constants, file counts
    search/docs/<k>.js           per-article arrays (language, lengths, date), 8,192 articles a file
    search/terms/<h>.js          word groups by hash of the folded word: the postings of its spellings in
                                 body and title, its exact spellings, the stems of its spellings;
                                 stems ("fr:cooper") with their postings and the words that have them
    search/terms/x<h>.js         a word group too large to share a file (Vietnamese "của")
    search/pos/<h>.js            positions of the same words, for phrases (only a phrase loads them)
    search/lex/<h>.js            terms by their first two letters, for prefixes (coop*) and fuzzy words (~)
    search/keys/<field>.js       official, country and role: the articles of each value (facets, filters)
    search/urls/<n>.js           the articles' URLs, sorted, with their articles, in ranges (url: prefixes);
                                 search/urls/index.js: the first URL of each range
    search/officials.js          every name of every official, folded, for "a name finds its official"
    search/art/<n>.js            one article: title, date, officials, text (JSON-escaped), word offsets
    search/dict/<script>/<h>.js  ICU's word lists for Khmer, Lao, Thai, Burmese, Chinese/Japanese (icudict.py)
    search/stem.js               Snowball stemmers (WebAssembly), for query words absent from the collection

Articles are numbered by the CLI's tie order (newest first, then id), so a tie between two scores is broken
by the smaller number on both sides. Postings list (gap to the previous article << 1 | frequency > 1), then
the frequency when it is above 1, as ``pack.varints``; a file's JSON is deflated when that is smaller
(``pack.script``), and so is the engine after its loader (``engine.engine_source``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from ..analysis import analyzer_for, split_words
from ..analysis.tokenize import has_segmented
from ..index.reader import IndexReader
from ..lang.fold import fold
from ..lang.table import get_language
from ..query.facets import FACETS
from ..query.score import Scorer
from ..query.searcher import SearchIndex
from . import engine, icudict, pack

Array = np.ndarray[Any, Any]
Put = Callable[[str, bytes], None]
FORMAT = 2  # bump when a data file changes shape (engine.js checks it); 2: source codes, urls/, hit fields
DOC_CHUNK = 8192  # articles per docs/ file
# Target size of a terms/ and pos/ file (JSON, before deflate: about 1.5 KB on disk). A query loads one file
# per word, with the other words that hash there: measured on 180 queries at 5k (benchmarks/SITE-RESULTS.md),
# 16,000 / 6,000 / 3,000 bytes gave 293 / 215 / 194 KB per query at p95 and 7,457 / 9,069 / 11,511 files.
TERM_SHARD_BYTES = 3_000
SOLO_BYTES = 1_500  # a word group larger than this gets a file of its own (loaded alone, for its word only)
MAX_SHARDS = 40_000  # files per folder at most: larger collections get larger shards
LEX_SHARD_BYTES = 16_000
URL_SHARD_BYTES = 16_000
TEXT_FIELDS = ("body", "title")
KEYWORD_FIELDS = ("official", "country", "role")
# One-valued facets the page reads from arrays it has anyway: the language (the article's group) and its
# date's year and month (``year_of``, ``month_of``, as search/index/prepare.py derives them). Any other one-valued
# facet (source) gets a code per article of its own.
DERIVED_FACETS = ("lang", "year", "month")


@dataclass
class BundleReport:
    files: int = 0
    bytes: int = 0
    terms: int = 0
    seconds: float = 0.0
    sizes: dict[str, int] = field(default_factory=dict)  # bytes per folder


class _Out:
    def __init__(self, put: Put) -> None:
        self.put = put
        self.report = BundleReport()

    def file(self, name: str, value: Any) -> None:
        self.raw(f"search/{name}.js", pack.script(name, value))

    def raw(self, rel: str, data: bytes) -> None:
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

    def postings(self, ids: Array, weights: Array) -> tuple[Array, Array, Array]:
        """(new ids ascending, weights, the order that sorts the old postings so)."""
        new = self.new[ids]
        keep = np.flatnonzero(new >= 0)
        order = keep[np.argsort(new[keep], kind="stable")]
        return new[order], weights[order], order


def _positions_in_order(keys: Array, ids: Array, order: Array) -> tuple[Array, Array]:
    """Positions of the postings ``order`` picks (keys: old doc << 32 | position, sorted): (counts, places)."""
    docs = keys >> 32
    starts = np.searchsorted(docs, ids[order])
    counts = np.searchsorted(docs, ids[order], side="right") - starts
    total = int(counts.sum())
    offsets = np.cumsum(counts) - counts
    index = np.arange(total) - np.repeat(offsets, counts) + np.repeat(starts, counts)
    return counts, keys[index] & 0xFFFFFFFF


# --- the bundle ------------------------------------------------------------------------------------------
class _Bundle:
    def __init__(self, ix: SearchIndex, out: _Out, href: Callable[[str], str]) -> None:
        self.ix = ix
        self.reader = ix.reader
        self.out = out
        self.href = href
        self.numbers = _Numbering(self.reader)
        self.deleted = not bool(self.reader.docs.live.all())
        langs = [code for code in self.reader.languages() if get_language(code).stemmer]
        self.stemmers = {code: get_language(code).stemmer or "" for code in langs}
        self._stem_fns: dict[str, Callable[[str], str]] = {}
        self.stem_terms = set(self.reader.field_terms("stem"))  # for stems_of
        self.shard_counts: dict[str, int] = {}

    # -- stems --------------------------------------------------------------------------------------
    def stems_of(self, word: str) -> list[str]:
        """The ``lang:stem`` keys of ``word`` (lowercase, as typed) that the index holds, for every language
        with a stemmer: what the CLI's compiler looks up for a query word (``compile.QueryCompiler.word``)."""
        keys = []
        for code, algorithm in self.stemmers.items():
            fn = self._stem_fns.get(code)
            if fn is None:
                import Stemmer

                fn = self._stem_fns[code] = Stemmer.Stemmer(algorithm).stemWord
            key = f"{code}:{fn(word)}"
            if key in self.stem_terms:
                keys.append(key)
        return keys

    # -- words --------------------------------------------------------------------------------------
    def write(self) -> None:
        groups: dict[str, dict[str, Any]] = {}
        positions: dict[str, dict[str, Any]] = {}
        lexicon: dict[str, dict[str, list[str]]] = {}
        encode = pack.Encoder()
        for fname in TEXT_FIELDS:
            short = fname[0]
            for term, p in self.reader.field_postings(fname, positions=True):
                ids, weights, order = self.numbers.postings(p.ids, p.weights)
                if not len(ids):
                    continue
                key = fold(term)
                group = groups.setdefault(key, {})
                encode.add(group.setdefault(short, {}), term, pack.postings(ids, weights))
                assert p.keys is not None
                counts, places = _positions_in_order(p.keys, p.ids, order)
                encode.add(positions.setdefault(key, {}).setdefault(short, {}), term, pack.positions(counts, places))
                lexicon.setdefault(term[:2], {}).setdefault(short, []).append(term)
                if self.deleted:
                    df = self.reader.doc_frequency(fname, term)
                    if df != len(ids):
                        group.setdefault("D", {}).setdefault(short, {})[term] = df
        for key_text, p in self.reader.field_postings("exact"):
            ids, weights, _ = self.numbers.postings(p.ids, p.weights)
            if not len(ids):
                continue
            folded, _, spelled = key_text.partition(" ")
            entry: list[Any] = [spelled, ""]
            groups.setdefault(folded, {}).setdefault("x", []).append(entry)
            encode.add(entry, 1, pack.postings(ids, weights))
            lexicon.setdefault(key_text[:2], {}).setdefault("x", []).append(key_text)
        stems: dict[str, dict[str, Any]] = {}
        for key_text, p in self.reader.field_postings("stem"):
            ids, weights, _ = self.numbers.postings(p.ids, p.weights)
            if len(ids):
                stems[key_text] = {"p": "", "w": []}
                encode.add(stems[key_text], "p", pack.postings(ids, weights))
        encode.flush()
        if self.stemmers:
            for key, group in groups.items():
                spellings = {key, *group.get("b", {}), *group.get("t", {}), *(s for s, _ in group.get("x", []))}
                found = {}
                for s in sorted(spellings):
                    found[s] = self.stems_of(s)
                    for stem_key in found[s]:
                        if stem_key in stems:
                            stems[stem_key]["w"].append(s)
                group["s"] = found
        self.out.report.terms = len(groups)
        self._shard_terms(groups, stems)
        self._shard("pos", positions, lambda k: k, TERM_SHARD_BYTES, solo=True)
        self._lexicon(lexicon)

    def _shard_terms(self, groups: dict[str, dict[str, Any]], stems: dict[str, dict[str, Any]]) -> None:
        items: dict[str, Any] = dict(groups)
        for key, entry in stems.items():
            items[key] = entry
        # Word groups by their folded word; stems by the stem alone (fr:cooper and en:cooper together).
        self._shard("terms", items, lambda k: k.partition(":")[2] if ":" in k else k,
                                                 TERM_SHARD_BYTES, solo=True)

    def _shard(self, folder: str, items: dict[str, Any], hashed: Callable[[str], str], target: int,
               solo: bool = False) -> int:
        sizes = {k: len(pack.to_json(v)) + len(k) + 4 for k, v in items.items()}
        count = max(1, min(sum(sizes.values()) // target, MAX_SHARDS))
        files: list[dict[str, Any]] = [{} for _ in range(count)]
        for key, value in items.items():
            h = pack.bucket(hashed(key), count)
            if solo and sizes[key] > SOLO_BYTES:
                name = f"x{pack.fnv1a(key):08x}"
                self.out.file(f"{folder}/{name}", {key: value})
                files[h][key] = "@" + name
            else:
                files[h][key] = value
        for i, content in enumerate(files):
            self.out.file(f"{folder}/{i}", content)
        self.shard_counts[folder] = count
        return count

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
        self._shard("lex", items, lambda k: k, LEX_SHARD_BYTES)

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
            self.out.file(f"docs/{chunks}", {
                "g": pack.b64((group[part] | (exact[part] << 7)).astype(np.uint8).tobytes()),
                "d": pack.b64(date_codes[old][part].astype("<u2").tobytes()),
                **{f[0]: pack.b64(codes[f][part].tobytes()) for f in codes},
                "k": {name: pack.b64(values[part].tobytes()) for name, (_, values) in coded.items()},
            })
            chunks += 1
        if len(date_vocab) > 65535:
            raise ValueError("more than 65,535 distinct dates")
        scorer = Scorer(self.reader)
        return {"count": len(old), "chunk": DOC_CHUNK, "chunks": chunks, "langs": list(lang_vocab),
                "groupDocs": [int(n) for n in scorer.group_docs()],
                "avg": {f: [float(v) for v in scorer.average_lengths(f)] for f in ("body", "title", "stem", "exact")},
                "lengths": lengths, "dates": list(date_vocab),
                "coded": {name: {"values": vocab, "width": _width(len(vocab))} for name, (vocab, _) in coded.items()}}

    def keywords(self) -> dict[str, list[str]]:
        values: dict[str, list[str]] = {}
        for fname in KEYWORD_FIELDS:
            content = {}
            for term, p in self.reader.field_postings(fname):
                ids, weights, _ = self.numbers.postings(p.ids, p.weights)
                if len(ids):
                    content[term] = pack.varints(pack.postings(ids, weights))
            self.out.file(f"keys/{fname}", content)
            values[fname] = sorted(content)
        return values

    def urls(self) -> int:
        """The articles' URLs (the ``url`` field's terms: each URL whole), sorted, with their articles, cut into
        ranges of about URL_SHARD_BYTES: a ``url:`` prefix loads the ranges that can hold URLs starting with it
        (``urls/index`` lists the first URL of each). Returns the number of ranges (0: no article has a URL)."""
        items = []
        for term, p in self.reader.field_postings("url"):
            ids, weights, _ = self.numbers.postings(p.ids, p.weights)
            if term and len(ids):
                items.append((term, pack.varints(pack.postings(ids, weights))))
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
            if has_segmented(body):
                # Word offsets (code points): ICU's segmentation of the text as the engine made it.
                spans = [(a, b) for _, a, b in split_words(body)]
                flat = [v for a, b in spans for v in (a, b)]
                value["seg"] = pack.varints(pack.deltas(flat))
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
        tokens = analyzer_for(None).tokens(body[: width + 40])
        piece = body[: max((t.end for t in tokens if t.end <= width), default=width)]
    else:
        piece = body
    stripped = piece.strip()
    start = piece.index(stripped) if stripped else 0
    return [start, start + len(stripped), 1 if cut else 0]


def write_search_bundle(ix: SearchIndex, put: Put, href: Callable[[str], str]) -> BundleReport:
    """Every file of the search page's data, handed to ``put(relative path, bytes)``; ``href(id)``: the
    article page of an id, relative to the site's root."""
    started = time.perf_counter()
    out = _Out(put)
    bundle = _Bundle(ix, out, href)
    out.raw("search/engine.js", engine.engine_source())
    docs = bundle.docs()
    bundle.write()
    keywords = bundle.keywords()
    urls = bundle.urls()
    out.file("officials", engine.registry_data(ix))
    bundle.articles()
    vocabulary = [k for k in bundle.reader.field_terms("body")]
    engines = []
    for script in engine.scripts_present(vocabulary):
        for rel, data in icudict.files(script):
            out.raw(rel, data)
        engines.append(icudict.engine(script).as_dict())
    has_stems = bool(bundle.stemmers)
    if has_stems:
        # The stemmers' source as a (deflated) string: a third of its 512 KB; the page runs it once inflated.
        out.file("stem", resources.files("search.site").joinpath("js", engine.STEMMER).read_text(encoding="utf-8"))
    out.file("meta", {
        "format": FORMAT, "docs": docs, "languages": bundle.reader.languages(), "stemmers": bundle.stemmers,
        "shards": bundle.shard_counts, "keywords": keywords, "constants": engine.constants(), "tables": engine.tables(),
        "facets": [{"name": f.name, "label": f.label, "coded": f.coded, "newestFirst": f.newest_first,
                    "page": f.page} for f in FACETS],
        "engines": engines, "stemFile": has_stems, "segments": bundle.reader.segments, "urls": urls,
    })
    out.report.seconds = time.perf_counter() - started
    return out.report
