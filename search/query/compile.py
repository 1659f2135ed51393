"""The query's syntax tree -> a query plan (``plan.py``), each word analysed with the analyzers of the
languages searched.

How a word is matched (``Bùi``, in an index holding French and Vietnamese articles)::

    AndMaybe(
        DisMax(body:bùi|bui*, stem:fr:bùi)            must match: the word, or a stem of any indexed language
        Or(Constant(exact:"bui bùi"), title:bùi|bui*)) bonus: the query's own spelling, and the title

The word's spellings (``search/query/plan.py``: ``Spellings``) follow one rule. Diacritics typed are meant:
a query typed with diacritics (``Bùi Thanh Sơn``, ``Lào``, ``Việt Nam``) matches, in articles written with
all their diacritics in a language where they are part of the word (Vietnamese: ``spells_exactly``), only
the spellings it typed (case, NFC or NFD, and the placement of tones, ``hoà`` = ``hòa``, aside): ``Lào`` is
not ``lao``, ``Nam`` is not ``năm``. In every other article, a name (typed with a capital: ``bui*`` above;
French, English, Indonesian news drop a foreign name's diacritics) is compared folded, and any other word must
be spelled as typed there too (``thể`` is not English ``the``). A query typed without any diacritic
(``thu tuong``) matches every spelling everywhere. An unaccented query word (``Son``) gets its
bonus from documents that contain the folded word but none of its accented spellings (found by a prefix
scan of ``"son "`` in the ``exact`` field), so ``Bui Thanh Son`` ranks articles spelled that way first.

A word that analysis splits into several tokens (a Khmer word typed without spaces, ``sosial-ekonomi``)
must match as a phrase. Several words rank higher where they stand together (Vietnamese ``Sơn La`` the
province before scattered ``sơn ... là``).

Filters (``lang:``, ``date:``, ``official:``... typed in the query, or given as CLI flags and API filters,
which arrive here as the same syntax nodes) restrict without scoring.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ..analysis import Analyzer, Token, analyzer_for, is_segmented, segmentation_pieces, segmentations
from ..analysis.analyzer import written
from ..analysis.tokenize import piece_cost
from ..errors import QueryError
from ..index.reader import IndexReader
from ..lang.acronyms import MAX_SHORT, acronym_key, shouted, typed_acronym
from ..lang.fold import ascii_digits, digit_runs, digit_spellings, fold, marked
from ..lang.han import has_han
from ..lang.numbers import (
    KEY_MARK,
    han_phrases,
    numbers_written,
    percent_phrases,
    percent_words,
    sign_phrases,
    typed_number,
    unpunctuated,
)
from ..lang.pieces import (
    GLUE_SPACES,
    glued,
    is_number,
    joined_runs,
    number_groups,
    time_key,
    time_of,
    time_runs,
    time_spellings,
    word_splits,
)
from ..lang.table import is_known
from ..lang.vietnamese import initial_key, is_folded_syllable, joinable, name_key, syllable_cuts
from ..officials.registry import Official
from . import plan as p
from . import syntax as ql
from .facets import BY_NAME
from .snippets import QueryTerms

EXACT_BONUS = 1.0  # added per word spelled as in the query: exact > folded > stemmed
STEM_WEIGHT = 2.0  # tuned on Cranfield (benchmarks): stems carry English recall
VARIANT_STEM_WEIGHT = 1.0  # the stems of the other spellings of a word typed without diacritics
TITLE_BONUS = 1.0
ADJACENCY_BONUS = 1.5
MAX_EXPANSION = 64  # fuzzy terms expanded at most
MAX_SPELLINGS = 256  # spellings of one folded word (Vietnamese "a": à á ả ã ạ ă ằ ắ ... about 20)
MAX_NAME_WORDS = 6  # the longest run of query words tried as an official's name, unless told (Registry.name_words)
MAX_PREFIX_WAYS = 24  # segmentations of the pieces before the last of a prefix typed without spaces (prefix_phrases)
MAX_WAYS = 8  # ways of writing the words of a word or phrase, in pieces or not (lang/pieces.py), at most
MAX_PASSAGE_WAYS = 64  # cuts of a quoted passage's runs between its punctuation, at most (passage_cuts)
MAX_JOINED = 3  # consecutive query words also matched as the one word they make (Việt Nam: Vietnam), at most
# Words of a conjunction beyond which none is joined (Meilisearch: the first 10 words): a pasted paragraph's joins
# passed OpenSearch's 1,024 clauses, and such a paragraph finds its own article without them.
MAX_JOIN_WORDS = 10
# Where a word typed joined in lower case that no article writes joined (kinhte) also matches its syllables side by
# side (kinh tế): the articles of these languages only, so that English "into" is not "in to" (QueryCompiler
# syllables; written each with a capital, a name's, Viet Nam, Ha Noi, they are found everywhere).
SYLLABLE_LANGS = ("vi",)
# An unaccented query word gets its exact-spelling bonus only if it is in fewer than this share of articles:
# English "a" or "can" have Vietnamese accented spellings (à, cần), which must not make every English
# article that contains them score higher.
COMMON_SHARE = 0.05
# A query typed in capitals, each word an acronym (CONG TY), is the words when more than this many articles write
# them side by side, in any case, for each article writing the acronyms (written_as_acronyms; benchmarks/shouted.py).
WORDS_PER_ACRONYM = 3
DOTTED_I = "i\u0307"  # what lower() makes of Turkish İ (in Python and JavaScript alike): i to the reader
_DATE_PART = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"  # ASCII digits: see field()


@dataclass
class Compiled:
    query: p.Node | None
    terms: QueryTerms = field(default_factory=QueryTerms)
    notes: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # plain words, for "did you mean"
    # Several plain words: the documents where they stand together come first (Vietnamese syllables).
    adjacent: p.Node | None = None
    # Accented words: the documents that spell them so come first (Vietnamese "xã" before "xa", "xá").
    exact: p.Node | None = None
    # Filters at the top of the query: they restrict, they do not score, so they are applied as document
    # masks rather than as scored clauses.
    filters: list[p.Node] = field(default_factory=list)
    filter_labels: list[str] = field(default_factory=list)  # as typed, for notes: 'role:"Prime Minister"'
    # A conjunction of words: each word's plan (names with their officials), for "most of the words", and
    # what the query excludes.
    parts: list[p.Node] = field(default_factory=list)
    excluded: p.Node | None = None


def compile_query(parsed: ql.Parsed, reader: IndexReader, official: Callable[[str], Official | None],
                  may_name: Callable[[Sequence[str]], bool] | None = None,
                  name_keys: Callable[[str], Sequence[str]] | None = None,
                  hiding_keys: Callable[[str], Sequence[str]] | None = None,
                  name_words: int = MAX_NAME_WORDS) -> Compiled:
    """The plan of a parsed query. The query's words are analysed with the analyzers of the languages its
    ``lang:`` filter names, else with those of every language in the index. ``may_name(words)``: False when
    no run of these words can name an official (``Registry.may_name``), so that none is looked up;
    ``name_words``: the most words such a run may have, honorifics included (``Registry.name_words``)."""
    top = parsed.node.nodes if isinstance(parsed.node, ql.And) else (parsed.node,) if parsed.node else ()
    langs = [code for n in top if isinstance(n, ql.Field) and n.name == "lang" for code in _codes(n.value)]
    compiler = QueryCompiler(reader, langs or reader.languages(), official)
    compiler.may_name = may_name
    compiler.name_keys = name_keys
    compiler.hiding_keys = hiding_keys
    compiler.name_words = name_words
    compiler.accented = any(marked(t.text, t.folded) for text in ql.texts(parsed.node) for t in compiler.tokens(text))
    compiler.shouted = shouted(ql.texts(parsed.node), compiler.written_as_acronyms)
    typed = [t.folded for text in ql.texts(parsed.node) for t in compiler.tokens(text)]
    compiler.lower_cuts = reads_as_syllables(typed)
    return compiler.compile(parsed)


def reads_as_syllables(words: Sequence[str]) -> bool:
    """Whether a query's words of Latin letters (folded) read as Vietnamese typed without its diacritics: each a
    syllable or cut into syllables (``ha noi mua``, ``vietnam``). Only in such a query is a word typed joined in
    lower case cut into syllables (``QueryCompiler.cuts``; with a capital, a name, always): an English question's
    words (``aileron``: ``ai le ron``) looked up common Vietnamese syllables' groups to find nothing (Vietnamese
    articles only), the page's KB per query p95 at 5k 192.0 -> 201.5, Cranfield questions +20.8 KB."""
    return all(is_folded_syllable(w) or syllable_cuts(w) for w in words if w.isascii() and w.isalpha())


_GAPS = re.compile("[\\s\u200b]+")  # what an article may put between two runs without spaces (tokenize.py _GAP)


def joined_run(text: str) -> str | None:
    """Runs of a script written without spaces with nothing but (zero-width) spaces between them, as one run:
    ``ជន\u200bរង\u200bគ្រោះ`` pasted from an article, or ``"ជន រង គ្រោះ"`` quoted, is ``ជនរងគ្រោះ`` (victims),
    which other articles write as one word. None for any other text."""
    parts = [part for part in _GAPS.split(text) if part]
    return "".join(parts) if parts and all(map(is_segmented, parts)) else None


def _segmented_word(n: ql.Node | None) -> str | None:
    """A plain word (no prefix, no fuzziness) of a script written without spaces, or None."""
    return joined_run(n.text) if isinstance(n, ql.Word) and not n.prefix and not n.fuzzy else None


def _glued_pair(nodes: Sequence[ql.Node], i: int) -> bool:
    """Nodes ``i`` and ``i + 1`` are two plain words, a number and a word of letters, that an article may write
    glued (``20 km``, ``20km``); a number goes with the word after it first (``dài 20 km``: 20km, not dài20), as
    in a phrase (``lang/pieces.py``, ``joined_runs``)."""
    def plain(k: int) -> str | None:
        n = nodes[k] if k < len(nodes) else None
        ok = isinstance(n, ql.Word) and not n.prefix and not n.fuzzy and not is_segmented(n.text)
        return n.text if ok and isinstance(n, ql.Word) else None

    a, b = plain(i), plain(i + 1)
    if a is None or b is None or not glued(a, b):
        return False
    after = plain(i + 2)
    return is_number(a) or after is None or not glued(b, after)


def _time_words(nodes: Sequence[ql.Node], i: int) -> tuple[int, int] | None:
    """Nodes ``i`` to ``i + 2`` are three plain words that are a time of day (``10 giờ 30``: ``time_of``)."""
    words = [n.text for n in nodes[i:i + 3] if isinstance(n, ql.Word) and not n.prefix and not n.fuzzy]
    return time_of(words, (" ", " ")) if len(words) == 3 else None


def segmented_words(node: ql.Node | None) -> set[str]:
    """The words of a script without spaces that compiling ``node`` segments (``QueryCompiler.segmented``):
    each such word or quoted run, and each run of them typed with spaces (``spaced_runs``; an official's name
    found inside a run leaves shorter runs, not listed). A backend whose every lookup is a request looks
    their pieces up at once before compiling (``cluster/searcher.py``)."""
    words: set[str] = set()

    def walk(n: ql.Node | None) -> None:
        if isinstance(n, ql.Word):
            words.update(filter(None, [_segmented_word(n)]))
            if n.prefix and not n.fuzzy and is_segmented(n.text):  # ស្ថិរភាព*: the word itself too (``word``)
                words.add(n.text)
        elif isinstance(n, ql.Phrase) and (joined := joined_run(n.text)):
            words.add(joined)
        elif isinstance(n, ql.Not):
            walk(n.node)
        elif isinstance(n, ql.And | ql.Or):
            run: list[str] = []
            for child in (*n.nodes, None):
                walk(child)
                if isinstance(n, ql.And) and (text := _segmented_word(child)) is not None:
                    run.append(text)
                    continue
                if len(run) > 1:
                    words.add("".join(run))
                run = []

    walk(node)
    return words


def joined_words(node: ql.Node | None) -> list[str]:
    """The words compiling ``node`` may look up beyond those typed (``QueryCompiler.joins``, ``syllables``): the
    word each two or three syllables typed in a row make, and each word's syllables typed joined (a few more than
    compiling asks: the words of phrases and groups are taken in a row too). A backend whose every lookup is a
    request looks them up with the words typed (``cluster/reader.py`` ``prefetch``)."""
    folded = [t.folded for text in ql.texts(node) for t in analyzer_for(None).tokens(text)]
    syllable = [joinable(w) for w in folded] if len(folded) <= MAX_JOIN_WORDS else []
    out = [piece for w in folded for cut in syllable_cuts(w) for piece in cut]
    out += ["".join(folded[i:i + size]) for size in range(2, MAX_JOINED + 1) for i in range(len(syllable) - size + 1)
            if all(syllable[i:i + size])]
    return list(dict.fromkeys(out))


def phrase_numbers(pieces: list[str]) -> list[str]:
    """The keys of the decimals and percentages a quoted phrase's words write, read as the query syntax joins words
    typed unquoted (``syntax._number_words``): ``1 234,5 millions`` is 1234.5 and ``giá 12 100%`` 12100%, as the
    articles writing them are keyed (not 234.5, 100%); ``tháng 12 100%`` is 100% (a date word before). numbers-6:
    punctuation before or after the number is not the number's (``"10%, từ"``, ``"(10%) của"``: the article's
    ``10%,`` is #10%), so the phrase is also written with the percent words (percent_phrases)."""
    spans: list[tuple[int, str]] = []  # (the first piece of a number, its key)
    for j in range(len(pieces)):
        for n in range(min(ql.MAX_NUMBER_WORDS, j), -1, -1):
            after = pieces[j - n - 1] + " " if j - n else ""
            if (key := typed_number(unpunctuated(" ".join(pieces[j - n:j + 1])), after)) is not None:
                spans = [s for s in spans if s[0] < j - n] + [(j - n, key)]
                break
    return [key for _, key in spans]


def split_number_keys(way: Sequence[Token]) -> list[str]:
    """The ``exact`` keys of the numbers ``ways`` split into their groups of three (``12100`` -> ``12 100``: the
    pieces of one word typed, at its one position): ``["#12100 #12100"]``; none for the words as typed."""
    out: list[str] = []
    i = 0
    while i < len(way):
        j = i + 1
        while j < len(way) and way[j].pos == way[i].pos and is_number(way[j].text):
            j += 1
        pieces = tuple(t.text for t in way[i:j])
        if j - i > 1 and is_number(pieces[0]) and number_groups("".join(pieces)) == pieces:
            key = KEY_MARK + ascii_digits("".join(pieces))
            out.append(f"{key} {key}")
        i = j
    return out


class QueryCompiler:
    """Turns the syntax tree into a plan, analysing words once per target language."""

    def __init__(self, reader: IndexReader, languages: Sequence[str],
                 official: Callable[[str], Official | None]) -> None:
        self.reader = reader
        self.analyzers: list[Analyzer] = [analyzer_for(code) for code in languages]
        self.official = official  # the registered official a name (any alias, any script) or an id stands for
        self.out = Compiled(None)
        # What an exclusion names is never highlighted (an article shown has the word for another reason, or
        # the phrase's words apart): its words go aside, and back to the query's terms under a second NOT.
        self._highlighted = self.out.terms
        self._aside = QueryTerms()
        self.accented = False  # the query was typed with diacritics: they are meant (see the module docstring)
        self.shouted = False  # typed in capitals throughout: no word of it is an acronym (lang/acronyms.py)
        self.lower_cuts = True  # a word typed joined in lower case is cut into syllables (reads_as_syllables)
        self._variants: dict[str, list[str]] = {}
        # A fuzzy word's terms within its distance: looked up once per query (a word is compiled twice when
        # "most of the words" may follow, and may be typed several times), each look-up a walk of the terms.
        self._within: dict[tuple[str, str, int], list[str]] = {}
        self.may_name: Callable[[Sequence[str]], bool] | None = None  # see compile_query
        # An official's names as the tagger finds them (Registry.name_keys): highlighted in the articles that
        # match through the official (a Khmer article found by "Hun Sen" shows ហ៊ុន សែន marked).
        self.name_keys: Callable[[str], Sequence[str]] | None = None
        self.hiding_keys: Callable[[str], Sequence[str]] | None = None  # Registry.hiding_keys
        # Runs of up to this many words are tried as names: a fixed 6 never tried "Samdech Akka Moha Sena Padei
        # Techo Hun Sen" (Hun Sen's title, 8 words), which then found no article (Registry.name_words).
        self.name_words = MAX_NAME_WORDS

    def compile(self, parsed: ql.Parsed) -> Compiled:
        self.out.notes.extend(parsed.notes)
        node = parsed.node
        nodes = list(node.nodes) if isinstance(node, ql.And) else [node] if node is not None else []
        rest = []
        for child in nodes:
            if isinstance(child, ql.Field) and child.name != "title":
                f = self.field(child)
                if f is not None:
                    self.out.filters.append(f)
                    # An official not in the registry is searched as text, with a note already.
                    unresolved = child.name == "official" and self.officials_named(child.value) is None
                    self.out.filter_labels.append("" if unresolved else f'{child.name}:"{_escaped(child.value)}"'
                                                  if child.quoted else f"{child.name}:{child.value}")
            elif ql.is_filter(child):
                # A group of filters only ((lang:km OR year:2019), -lang:fr, NOT NOT lang:vi): a document set
                # too, not a scored clause nor one of the query's words (it counted as a word for "most of the
                # words", which then listed articles outside it, and added 1 per branch matched to the score).
                f = self.node(child)
                if f is not None:
                    self.out.filters.append(f)
                    self.out.filter_labels.append("")
            else:
                rest.append(child)
        if not rest:
            return self.out
        # At the top, adjacency and exact spelling order the results in tiers (searcher.py) instead of adding
        # a bonus: each is evaluated once, not once per candidate and per tier.
        self.out.adjacent = self.adjacency(rest, ("body",))
        self.out.exact = self.exactness(rest)
        expanded = self.spaced_runs(self.officials(rest))
        if len(expanded) == 1:
            self.out.query = self.node(expanded[0])
        else:
            self.out.query = self.conjunction(expanded, ("body",), bonus=False)
        if len(expanded) > 1 and all(isinstance(n, ql.Word | ql.Not | ql.Or) for n in expanded):
            # Words only (and names, and exclusions): too few articles with every word can be followed by
            # those with most of them (searcher.py).
            words, notes = len(self.out.words), len(self.out.notes)  # compiled once already: said once
            self.out.parts = self.distinct_words(expanded)
            excluded = [q for n in expanded if isinstance(n, ql.Not) and (q := self.negated(n.node)) is not None]
            self.out.excluded = p.any_of(excluded) if excluded else None
            del self.out.words[words:], self.out.notes[notes:]
        return self.out

    def distinct_words(self, nodes: list[ql.Node]) -> list[p.Node]:
        """The plans of the query's words for "most of the words", a word typed twice once: ``có ... có`` is one
        of the words, not two (an article with ``có`` and one other word of ``có cà giáp đưa này luồng hầu có``
        had 3 "of the 8 words", enough to be listed), and so are the spellings that analyse to the same terms
        (``Có``/``có``, NFC/NFD, ``hoà``/``hòa``). Those whose plans differ (a capital is a name, compared folded
        in other languages' articles) are one word matched by either, with the better one's score (``DisMax``),
        as a word's stems are. The words an article has, the words needed and the note's number of words are
        then the distinct words."""
        groups: list[list[p.Node]] = []  # each word's plans
        found: dict[object, int] = {}  # a word's key, and each of its plans: its group (a pasted paragraph's
        for n in nodes:                # hundreds of words, each looked up once)
            if isinstance(n, ql.Not) or (q := self.node(n)) is None:
                continue
            key = self.word_key(n)
            g = found.get(key, found.get(q))
            if g is None:
                g = len(groups)
                groups.append([])
            if q not in groups[g]:
                groups[g].append(q)
            found.setdefault(key, g)
            found.setdefault(q, g)
        return [plans[0] if len(plans) == 1 else p.DisMax(tuple(plans)) for plans in groups]

    def word_key(self, n: ql.Node) -> object:
        """``n`` as its analysed terms: the same for ``Có``, ``có``, ``có`` in NFD and ``hoà``/``hòa``
        (compile.js wordKey)."""
        if isinstance(n, ql.Word):
            return ("word", n.prefix, n.fuzzy, tuple(t.text for t in self.tokens(n.text)))
        if isinstance(n, ql.Phrase):
            return ("phrase", tuple(t.text for t in self.tokens(n.text)))
        if isinstance(n, ql.And | ql.Or):
            return (type(n).__name__, tuple(self.word_key(c) for c in n.nodes))
        if isinstance(n, ql.Not):
            return ("not", self.word_key(n.node))
        return n

    def officials(self, nodes: list[ql.Node]) -> list[ql.Node]:
        """Runs of plain words that name a registered official, in any spelling or script, become "these words,
        or an article tagged with this official": ``Hun Sen`` also finds the articles that write ហ៊ុន សែន."""
        plain = [w.text for w in nodes if isinstance(w, ql.Word) and not w.prefix and not w.fuzzy]
        if self.may_name is not None and not self.may_name(plain):
            return [self._names_inside(n) for n in nodes]
        out: list[ql.Node] = []
        i = 0
        while i < len(nodes):
            found = None
            for j in range(min(len(nodes), i + self.name_words), i, -1):  # the longest name first
                span = nodes[i:j]
                if all(isinstance(w, ql.Word) and not w.prefix and not w.fuzzy for w in span):
                    text = " ".join(w.text for w in span if isinstance(w, ql.Word))
                    official = self.official(text)
                    if official is not None:
                        found = (j, official, text)
                        break
            if found is None:
                out.append(self._names_inside(nodes[i]))
                i += 1
                continue
            j, official, text = found
            words = nodes[i:j]
            out.append(ql.Or((words[0] if len(words) == 1 else ql.And(tuple(words)),
                              ql.Field("official", official.id))))
            self.out.notes.append(f"{text!r} names {official.name} ({official.id}): the articles tagged with this "
                                  f"official, in any spelling or script, are included; to search the words only, "
                                  f"put them in quotes: \"{text}\"")
            i = j
        return out

    @staticmethod
    def spaced_runs(nodes: list[ql.Node]) -> list[ql.Node]:
        """Words of a script written without spaces typed with spaces between them (``ភ្នំ ពេញ``) are these
        words anywhere, or the one word they may make (``ភ្នំពេញ``, Phnom Penh, one word in the articles):
        the articles treat a space between two such runs as no boundary, and so does the query. So are a number
        and a word of letters typed apart (``20 km``, ``Covid 19``): also the one word an article may write
        glued (``20km``), when that word is also them side by side (``lang/pieces.py``, ``glued``), and the
        words of a time of day (``10 giờ 30``) the one word an article also writes it in (``10h30``)."""
        out: list[ql.Node] = []
        i = 0
        while i < len(nodes):
            j = i
            while j < len(nodes) and _segmented_word(nodes[j]) is not None:
                j += 1
            clock = _time_words(nodes, i) if j - i < 2 else None
            if clock is not None:  # 10 giờ 30: also 10h30, as 10h30 is also 10 giờ 30 (lang/pieces.py time_of)
                out.append(ql.Or((ql.And(tuple(nodes[i:i + 3])), ql.Word(f"{clock[0]}h{clock[1]:02d}"))))
                i += 3
                continue
            if j - i < 2 and _glued_pair(nodes, i):
                j = i + 2  # 20 km: also 20km, as 20km is also 20 km (lang/pieces.py glued)
            if j - i < 2:
                out.append(nodes[i])
                i += 1
                continue
            words = [w for w in nodes[i:j] if isinstance(w, ql.Word)]
            out.append(ql.Or((ql.And(tuple(words)), ql.Word("".join(w.text for w in words)))))
            i = j
        return out

    def _names_inside(self, n: ql.Node) -> ql.Node:
        """Names inside a group, an OR or an exclusion, found as at the top (left to right): ``Hun Sen OR x``
        and ``(Hun Sen) lang:km`` find what ``Hun Sen`` finds, ``-(Hun Sen)`` excludes it."""
        if isinstance(n, ql.And):
            inner = self.spaced_runs(self.officials(list(n.nodes)))
            return inner[0] if len(inner) == 1 else ql.And(tuple(inner))
        if isinstance(n, ql.Or):
            return ql.Or(tuple(self.officials([c])[0] for c in n.nodes))
        if isinstance(n, ql.Not):
            return ql.Not(self.officials([n.node])[0])
        return n

    def exactness(self, nodes: Iterable[ql.Node]) -> p.Node | None:
        """Every accented word of the query in its own spelling (exact > folded, as a tier). Articles indexed
        with exact spellings that match spell them so already."""
        spelled = p.Values("spelled", ("exact",))
        terms: list[p.Node] = []
        for c in nodes:
            if not isinstance(c, ql.Word) or c.prefix or c.fuzzy:
                continue
            cut = bool(self.cuts(c.text))
            for t in self.tokens(c.text):
                if t.text != t.folded:
                    terms.append(p.Or((spelled, p.Term("exact", f"{t.folded} {t.text}"))))
                elif cut:
                    # Typed joined (Vietnam): the articles writing the word itself before those writing only its
                    # syllables apart. The word as ``word`` matches it, its stems too: the word alone put English
                    # `lines` below `line`, for the 261 of Cranfield's 3,000 commonest words that parse as
                    # syllables (`line`, `data`, `given`): 127 of their top tens changed, none now.
                    stems = [p.Term("stem", key) for key, _ in self.stem_keys(c.text[t.start:t.end], t)]
                    terms.append(p.any_of([p.Term("body", t.folded), p.Term("title", t.folded), *stems]))
        return p.all_of(terms) if terms else None

    def adjacency(self, nodes: Iterable[ql.Node], fields: tuple[str, ...]) -> p.Node | None:
        plain = [c.text for c in nodes if isinstance(c, ql.Word) and not c.prefix and not c.fuzzy]
        if len(plain) < 2:
            return None
        tokens = [(t, _capital(w, t)) for w in plain for t in self.tokens(w)]
        return p.any_of([p.Phrase(f, tuple(self.spellings(t, f, cap) for t, cap in tokens), slop=1)
                         for f in fields])

    # --- spellings -----------------------------------------------------------------------------------
    def variants(self, folded: str) -> list[str]:
        """Every spelling of a folded word in the index: ``son`` -> ``["sơn", "sởn"]`` (the ``exact``
        field holds ``"son sơn"``...)."""
        found = self._variants.get(folded)
        if found is None:
            found = []
            for key in self.reader.expand_prefix("exact", folded + " "):
                found.append(key.partition(" ")[2])
                if len(found) >= MAX_SPELLINGS:
                    break
            self._variants[folded] = found
        return found

    def spellings(self, tok: Token, field: str, capital: bool, boost: float = 1.0) -> p.Spellings:
        """What the word ``tok`` matches in ``field`` (see the module docstring). ``capital``: typed with a
        capital, like a name."""
        digits = digit_spellings(tok.folded)
        if digits:  # a number: in the digits of every script (2024 is ២០២៤ in Khmer articles)
            return p.Spellings(field, digits, boost=boost)
        if self.accented:
            if not marked(tok.text, tok.folded):  # œuvre: not a diacritic (lang/fold.py SAME_LETTERS)
                return p.Spellings(field, (tok.folded,), boost=boost)
            if capital:  # a name: other languages' articles drop its diacritics ("Bùi Thanh Son")
                return p.Spellings(field, (tok.text,), loose=(tok.folded,), boost=boost)
            # Any other word: in articles indexed folded, where they spell it so (thể is not English "the")
            return p.Spellings(field, (tok.text,), spelled=(f"{tok.folded} {tok.text}",), boost=boost)
        return p.Spellings(field, (tok.folded, *self.variants(tok.folded)), boost=boost)

    # --- nodes ---------------------------------------------------------------------------------------
    # "body" holds the title's words too (analysis.terms); "title" alone serves title: filters.
    def node(self, n: ql.Node, fields: tuple[str, ...] = ("body",)) -> p.Node | None:
        if isinstance(n, ql.Word):
            found = self.word(n, fields)
            return self.timed(n.text, fields, found) if not (n.prefix or n.fuzzy) else found
        if isinstance(n, ql.Phrase):
            return self.timed(n.text, fields, self.phrase(n.text, fields))
        if isinstance(n, ql.Field):
            return self.field(n)
        if isinstance(n, ql.Not):
            inner = self.negated(n.node, fields)
            return p.Not(inner) if inner is not None else None
        if isinstance(n, ql.Or):
            parts = [q for q in (self.node(c, fields) for c in n.nodes) if q is not None]
            return p.any_of(parts) if parts else None
        return self.conjunction(n.nodes, fields)

    def negated(self, n: ql.Node, fields: tuple[str, ...] = ("body",)) -> p.Node | None:
        """The plan of what a NOT excludes, its words kept out of the highlighted terms (``-"Phạm Minh Chính"``
        must not mark ``chính`` in ``chính phủ``); under a second NOT they are the query's own again."""
        kept = self.out.terms
        self.out.terms = self._aside if kept is self._highlighted else self._highlighted
        try:
            return self.node(n, fields)
        finally:
            self.out.terms = kept

    def conjunction(self, nodes: Iterable[ql.Node], fields: tuple[str, ...], bonus: bool = True) -> p.Node | None:
        nodes = list(nodes)
        positive: list[p.Node] = []
        negative: list[p.Node] = []
        joins = self.joins(nodes, fields)
        # A word typed again is one word, found by the joins of either place (kế in dự kế, Duke, and in kế đặt):
        # each place alone was needed, so an article found as Duke lacked the second kế.
        keys = [None if isinstance(c, ql.Not) or not any(joins) else self.word_key(c) for c in nodes]
        for key in {key for key in keys if key is not None and keys.count(key) > 1}:
            merged = list(dict.fromkeys(j for k, other in enumerate(keys) if other == key for j in joins[k]))
            for k, other in enumerate(keys):
                if other == key:
                    joins[k] = merged
        for k, c in enumerate(nodes):
            q = self.negated(c.node, fields) if isinstance(c, ql.Not) else self.node(c, fields)
            if q is not None and joins[k]:  # found, not scored: the words as typed rank first
                q = p.Or((q, p.Constant(p.any_of(joins[k]), 0.0)))
            if q is not None:
                (negative if isinstance(c, ql.Not) else positive).append(q)
        if not positive:
            return None
        result = p.all_of(positive)
        # Adjacency: several plain words rank higher where they stand together.
        adjacent = self.adjacency(nodes, fields) if bonus else None
        if adjacent is not None:
            result = p.AndMaybe(result, p.Boost(adjacent, ADJACENCY_BONUS))
        if negative:
            result = p.AndNot(result, p.any_of(negative))
        return result

    def joins(self, nodes: Sequence[ql.Node], fields: tuple[str, ...]) -> list[list[p.Node]]:
        """For each of ``nodes``, the one words it makes with the words beside it (what Meilisearch calls
        concatenated words): two or three plain words in a row (up to ``MAX_JOINED``), each a Vietnamese syllable
        without its diacritics, are also the word they make, folded (``Việt Nam``, ``ha noi``: ``vietnam``,
        ``hanoi``, as English and French articles write them), which each of them matches too: an article writing
        ``Hanoi`` has ``Hà`` and ``Nội`` in ``Hà Nội``. A join no article writes matches nothing; one found adds
        nothing to the score, so that the words as typed rank first."""
        def syllable(n: ql.Node) -> str | None:
            if not isinstance(n, ql.Word) or n.prefix or n.fuzzy or (typed_acronym(n.text) and not self.shouted):
                return None
            tokens = self.tokens(n.text)
            ok = len(tokens) == 1 and _covers(n.text, tokens) and joinable(tokens[0].folded)
            return tokens[0].folded if ok else None

        folded = [syllable(n) for n in nodes] if len(nodes) <= MAX_JOIN_WORDS else []
        out: list[list[p.Node]] = [[] for _ in nodes]
        for size in range(2, MAX_JOINED + 1):
            for i in range(len(folded) - size + 1):
                words = folded[i:i + size]
                # Not a join that is a syllable itself (gì ảo: giao, which 597 vi-news articles write as a word of
                # their own, made 616 articles "contain" both words where 26 do): as a word typed that is one
                # syllable is not cut (syllable_cuts). Nor a word joined with itself typed again (tố tố: toto): a
                # word typed again is one of the query's words, not a new one.
                if all(words) and len(set(words)) == size and not is_folded_syllable("".join(w for w in words if w)):
                    tok = self.tokens("".join(w for w in words if w))[0]
                    self.out.terms.add(tok, self.accented, False)
                    joined = p.any_of([self.spellings(tok, f, False) for f in fields])
                    for k in range(i, i + size):
                        out[k].append(joined)
        return out

    def written_as_acronyms(self, letters: Sequence[str]) -> bool:
        """Whether the articles write these letters (a query's words in capitals, each an acronym:
        ``typed_acronym``) as the acronyms, in one article at least, and not far more often as the words side by
        side, in any case and spelling (``lang/acronyms.py`` ``shouted``): ``CONG TY`` is the words, which 747
        vi-news articles write (công ty), not the 3 headings ``CÔNG TY CỔ PHẦN``; ``US WHO`` the acronyms, as
        the pronouns us and who rarely stand side by side (anywhere in one article, they outnumbered the
        acronyms); ``TP HCM``, ``UBND TP`` the acronyms, which most articles writing the words side by side
        write."""
        acronyms = self.reader.together("exact", [acronym_key(x) for x in letters])
        if not acronyms:
            return False
        words = [(t.folded, *self.variants(t.folded)) for x in letters for t in self.tokens(x)]
        return self.reader.side_by_side("body", words) <= WORDS_PER_ACRONYM * acronyms

    def cuts(self, text: str) -> list[tuple[str, ...]]:
        """A plain word's syllables, typed joined without diacritics (``Vietnam``: ``viet nam``; ``syllable_cuts``)."""
        tokens = self.tokens(text)
        ok = len(tokens) == 1 and tokens[0].text == tokens[0].folded and _covers(text, tokens)
        return syllable_cuts(tokens[0].folded) if ok and (self.lower_cuts or _capital(text, tokens[0])) else []

    def syllables(self, text: str, fields: tuple[str, ...], capital: bool) -> p.Node | None:
        """A word typed joined (``Vietnam``, ``hanoi``) as its syllables side by side (``Việt Nam``, ``Hà Nội``): in
        any article that writes them each with a capital, as a name (its ``exact`` key, ``name_key``), not as words of
        a sentence (``Honda`` is not ``hơn đã``, ``Bacon`` not ``ba con``); where they begin a sentence
        (``initial_key``) only if an article writes them so mid-sentence too (``Hanoi``: ``Hà Nội`` first in a
        sentence; ``Theopham`` not ``Theo Phạm Minh Chính``). Typed in lower case, a word no article
        writes joined (``kinhte``) is also each cut (``cuts``) a phrase of its syllables in any spelling, in the
        articles of ``SYLLABLE_LANGS`` only (``into`` is not English ``in to``); one written joined (``honda``,
        ``vietnam``) means that word, or a name. In a title (``title:Vietnam``): the name's key and its syllables in
        the title (the key is the article's, title and body together)."""
        cuts = self.cuts(text)
        if not cuts:
            return None
        joined = "".join(cuts[0])
        words_apart = not capital and not (self.reader.doc_frequency("body", joined) or self.variants(joined))
        if words_apart:  # said: "bacon" finds the articles writing "ba con" (three children), which may surprise
            self.out.notes.append(f"{text!r} is one word in no article: also searched as "
                                  f"{' or '.join(repr(' '.join(cut)) for cut in cuts)} (its syllables side by side, "
                                  f"in {' '.join('lang:' + c for c in SYLLABLE_LANGS)} articles)")
        terms = self.out.terms
        for cut in cuts:
            if cut not in terms.sequences:
                terms.sequences.append(cut)
                if words_apart:  # marked where matched: in the articles of SYLLABLE_LANGS only
                    terms.local[cut] = SYLLABLE_LANGS
            elif not words_apart:  # typed as a name too (vietnam Vietnam): matched, so marked, everywhere
                terms.local.pop(cut, None)
        name: p.Node = p.Term("exact", name_key(joined))
        if self.reader.doc_frequency("exact", name_key(joined)):
            # written capitalised mid-sentence: a name, also where it begins a sentence (not Theo Phạm: Theopham)
            # one word of two keys (their postings' union, frequencies summed): scored as the one key was
            # before the sentence's first words had theirs (review-caps-2: Trungquoc's top 10 kept 4 of 10)
            name = p.Spellings("exact", (name_key(joined), initial_key(joined)))
        if fields == ("body",) and not words_apart:
            return name
        phrases: list[p.Node] = [p.Phrase(f, tuple(self.spellings(self.tokens(piece)[0], f, capital) for piece in cut))
                                 for cut in cuts for f in fields]
        if fields != ("body",):
            name = p.And((name, p.any_of(phrases)))
        return p.any_of([name, p.And((p.any_of(phrases), p.Values("lang", SYLLABLE_LANGS)))]) if words_apart else name

    def tokens(self, text: str) -> list[Token]:
        return (self.analyzers[0] if self.analyzers else analyzer_for(None)).tokens(text)

    def word(self, w: ql.Word, fields: tuple[str, ...], cuttable: bool = True) -> p.Node | None:
        """``cuttable``: a word typed joined may be syllables written apart (``syllables``); not when quoted: a quote
        means exactly this (``"Bacon"``)."""
        if (w.prefix or w.fuzzy) and (joined := joined_run(w.text)) not in (None, w.text):
            # ជន\u200bរង*: zero-width spaces unseen...
            as_run = self.word(ql.Word(joined or "", w.prefix, w.fuzzy), fields)
            cut = self.tokens(w.text)
            if w.fuzzy or len(cut) < 2 or len(cut[-1].folded) < 2:
                return as_run
            # ...or where they were typed, where the article's words begin: the parts side by side, the last one
            # beginning a word. The run alone cut សកម្មជន\u200bនយោ* as សកម្ម|ជ|នន|យោ, a piece no article has, and
            # found none of the km-news articles with សកម្មជន\u200bនយោបាយ (political activist); អតីត\u200bអ្* 0 of
            # the 10 with អតីត\u200bអ្នក... (a former...), where the parts typed with spaces find them.
            pieces = [self.word(ql.Word(w.text[t.start:t.end]), fields) for t in cut[:-1]]
            end = cut[-1]
            begun = self.prefix(end.folded, fields, end.text if self.accented and marked(end.text, end.folded) else "")
            parts = p.all_of([*(q for q in pieces if q is not None), begun,
                              p.Constant(self.prefix_phrases(w.text, cut, fields), 0.0)])
            return p.any_of([as_run, parts]) if as_run is not None else parts
        tokens = self.tokens(w.text)
        if not tokens:
            self.out.notes.append(f"{w.text!r} has nothing searchable: ignored")
            return None
        plain = not (w.prefix or w.fuzzy) and fields == ("body",)  # typed as a word of the body
        # numbers-7: the punctuation typed after (or before) the number is not the number's (10%, -> 10%: it
        # was 10, every 10), as in a quoted phrase (phrase_numbers)
        key = typed_number(unpunctuated(w.text)) if plain else None
        if key is not None:
            return self.number(w.text, key)
        letters = typed_acronym(w.text) if not (w.prefix or w.fuzzy or self.shouted) else None
        if letters is not None:
            # title:US: the acronym in the title (the key is the article's, title and body together)
            return self.acronym(w.text, letters, fields) if fields == ("body",) else self.acronym_phrase(w.text, fields)
        if (is_segmented(w.text) and not w.prefix and not w.fuzzy
                and tokens[-1].pos - tokens[0].pos == len(tokens) - 1):
            # A word of a script without spaces, one token or several: under every segmentation, since the
            # article may have put a (zero-width) space inside what the dictionary reads as one word. With
            # punctuation inside (នាមត្រកូល។រដ្ឋមន្ត្រី): a phrase, the punctuation's gap kept (``phrase_gaps``).
            return self.segmented(w.text, fields)
        if (len(tokens) > 1 or joined_run(w.text) is not None) and not w.prefix and not w.fuzzy:
            # a hyphenated word: its parts must stand together; runs with zero-width spaces: see ``phrase``
            return self.phrase(w.text, fields)
        self.out.words.append(w.text)
        tok = tokens[-1] if w.prefix else tokens[0]
        if w.prefix:  # typed with diacritics (kính*), in a query typed with them: only the spellings typed
            # covid-19*: the pieces before the last one are words of the query too (it searched 19* alone)
            # ស្ថិរភាព*, ហ៊ុនសែន* (a run of a script without spaces): also the word itself, under every
            # segmentation (an article that spaced it otherwise), and a word that begins with the whole of it:
            # the pieces and a word beginning with the last one found fewer articles than the word itself for
            # 35 of 100 km-news words (ទើបបាន, ទាំងនោះ...).
            # A run is the whole of what was typed, by the tokens' offsets: their text is normalised (a
            # subscript ដ typed is ត, ឲ is ឱ), and compared with what was typed it made សម្ដេចតេជោ* a prefix
            # of its last piece, which missed 7 of the 42 km-news articles of សម្ដេចតេជោ.
            run = is_segmented(w.text) and _covers(w.text, tokens)
            spaceless = len(tokens) > 1 and _spaceless(w.text, tokens)  # ស្ថិរភាព, ២នាក់ស្លាប់, ទី១
            short = len(tok.folded) < 2
            pieces = [] if run and short else [self.word(ql.Word(w.text[t.start:t.end]), fields) for t in tokens[:-1]]
            if short:
                if not run and not spaceless:
                    self.out.notes.append(f"prefix {tok.text + '*'!r} is too short (2 letters at least): ignored")
                last = None
            else:
                typed = tok.text if self.accented and marked(tok.text, tok.folded) else ""
                # hoà*: the tone where it was typed too, as the longer words have it (hoàn, hoàng), not only where
                # the word alone has it (its exact form hòa)
                spelled = dict.fromkeys([typed, written(w.text[tok.start:tok.end])] if typed else [typed])
                last = p.any_of([self.prefix(tok.folded, fields, s) for s in spelled])
            found = [q for q in (*pieces, last) if q is not None]
            if spaceless and (last is not None or not run):
                # ...with its pieces side by side, the last one beginning a word (ហ៊ុន សែនជា, ២ នាក់ស្លាប់, ទី ១០), each
                # piece under any of its segmentations (ខែ|កក្កដា for ខែកក្កដា): the pieces and the last one's
                # words each anywhere in the article found 3,900 articles without the word for 60 of 161
                # km-news words, runs and names (ហ៊ុនសែន* 3 of 71; ទី១* 275 of 437, its ១ too short to search
                # alone). The phrase only filters: the score is the pieces' and the prefix's, as before.
                found.append(p.Constant(self.prefix_phrases(w.text, tokens, fields), 0.0))
            if run:
                whole = [self.segmented(w.text, fields)]
                if len(tokens) > 1:
                    whole.append(self.prefix("".join(t.folded for t in tokens), fields))
                # the word cut where the article's words may fall, its last piece beginning a word: ជាទី* finds
                # ជា ទីក្រុង (the city), as ជា ទី* does
                whole += [p.Phrase(f, (*(p.Spellings(f, (piece,)) for piece in way[:-1]), p.Prefix(f, way[-1])))
                          for way in self.alternatives(w.text) if len(way) > 1 and len(way[-1]) >= 2 for f in fields]
                return p.any_of([*whole, p.all_of(found)] if last is not None else whole)
            return p.all_of(found) if found else None
        if w.fuzzy:  # Hun-Manet~, a Khmer word typed without spaces: every piece, each within the distance
            return p.all_of([self.fuzzy(t.folded, w.fuzzy, fields) for t in tokens])
        capital = _capital(w.text, tok)
        self.out.terms.add(tok, self.accented, capital)
        matched: p.Node = p.any_of([self.spellings(tok, f, capital) for f in fields])
        ways = self.ways(w.text, tokens)[1:]
        if ways:  # 1000 is also 1.000, Covid19 also Covid-19 (lang/pieces.py)
            matched = p.any_of([matched, *self.runs(w.text, ways, fields)])
        if cuttable and (split := self.syllables(w.text, fields, capital)) is not None:  # Vietnam: also Việt Nam
            matched = p.any_of([matched, split])
        stems: list[p.Node] = []
        if fields == ("body",):  # stems and exact forms are indexed for title + body together
            for key, boost in self.stem_keys(w.text[tok.start:tok.end], tok):
                self.out.terms.stems.add(key)
                stems.append(p.Term("stem", key, boost=boost))
        if stems:
            # The better of the word and its stems, not their sum: a language with a stemmer must not score
            # twice for one word (a French article against a Vietnamese one), and stemmed < folded.
            matched = p.DisMax((matched, p.any_of(stems)))
        bonuses = [b for b in (self.exact_bonus(tok.text, tok.folded, fields),) if b is not None]
        if fields == ("body",) and TITLE_BONUS:
            # In the title too: a bonus (titles are short, so this posting list is cheap to skip through).
            bonuses.append(self.spellings(tok, "title", capital, TITLE_BONUS))
        if not bonuses:
            return matched
        return p.AndMaybe(matched, p.any_of(bonuses))

    def acronym(self, typed: str, letters: str, fields: tuple[str, ...]) -> p.Node:
        """A word typed as an acronym (``US``, ``U.S.``, ``u.s.``: ``lang/acronyms.py``): the articles writing
        it in capitals or with dots (its ``exact`` key), not the word its letters spell in lower case (``us``).
        An acronym of more than ``MAX_SHORT`` letters (``NATO``, ``EIÐUR``) also finds the word in any case
        (``Nato``, ``Eiður``)."""
        self.out.words.append(typed)
        word = self.tokens(letters.lower())[0]
        # NATO, US: the word (its letters alone would be every s), US only where written in capitals, as matched
        if len(letters) > MAX_SHORT:
            self.out.terms.add(word, self.accented, False)
        else:
            self.out.terms.add_acronym(word, self.accented)
        spaced = tuple(t.folded for t in self.tokens(" ".join(letters)))  # U.S.: the letters side by side
        if spaced not in self.out.terms.sequences:
            self.out.terms.sequences.append(spaced)
        found: p.Node = p.Term("exact", acronym_key(letters))
        plain = self.word(ql.Word(letters.lower()), fields) if len(letters) > MAX_SHORT else None
        if plain is None and typed == letters:  # HUE typed for Huế finds the few articles writing HUE: say why
            self.out.notes.append(f"{typed!r} in capitals is searched as an acronym: "
                                  f"type {typed.lower().replace(DOTTED_I, 'i')!r} for the word")
        return p.any_of([found, plain]) if plain is not None else found

    def timed(self, text: str, fields: tuple[str, ...], found: p.Node | None) -> p.Node | None:
        """``found`` (a word or a phrase typed), or also the key of the time of day it is (``10h30``, ``10:30``,
        ``10 giờ 30``, quoted or not: ``lang/pieces.py`` ``time_key``), which every spelling of that time has in
        an article: ``10h30`` finds ``10:30``, which its words (``10 30``, ``10-30%`` too) cannot say."""
        if found is None or fields != ("body",):
            return found
        tokens = self.tokens(text)
        runs = time_runs(text, [(text[t.start:t.end], t.start, t.end) for t in tokens])
        if len(runs) != 1 or runs[0][:2] != (0, len(tokens)):
            return found
        key = time_key(*runs[0][2])
        self.out.terms.numbers.setdefault(key, set()).add(key)  # marked where the text writes it (snippets.py)
        return p.any_of([found, p.Term("exact", key)])

    def number(self, typed: str, key: str) -> p.Node:
        """A word typed as a decimal or a percentage (``3,5``, ``3.5``, ``10%``: ``lang/numbers.py``): the
        articles writing that number so (its ``exact`` key), in either decimal convention, not its digits
        wherever they stand (``3, 5``, ``3-5``; every ``10`` for ``10%``)."""
        self.out.words.append(typed)
        terms = self.out.terms
        digits = tuple(t.folded for t in self.tokens(typed))
        if len(digits) > 1:  # 3,5: the digits side by side, marked in the snippets, in any script's digits (៣,៥)
            new = [r for r in digit_runs(digits) if r not in terms.sequences]
            terms.sequences.extend(new)
            shown = ["".join(r) for r in new]
        else:
            shown = [f for f in digit_spellings(digits[0]) or digits if f not in terms.folded]
            terms.add(self.tokens(typed)[0], self.accented, False)
        for f in shown:  # marked where the text writes that number (snippets.py QueryTerms.numbers)
            terms.numbers.setdefault(f, set()).add(key)
        return p.Term("exact", key)

    def acronym_phrase(self, text: str, fields: tuple[str, ...]) -> p.Node | None:
        """A phrase with words typed as acronyms in it (``"U.S. economy"``, ``"T.Ư Đảng"``; ``title:US``), None
        without: the phrase with each acronym written either way, its letters as one word (``us economy``) or
        side by side (``u s economy``), in an article that writes the acronyms of ``MAX_SHORT`` letters or fewer
        as acronyms (their ``exact`` keys, which only filter: ``us economy`` alone is the pronoun). The key has no
        position (the OpenSearch fields take one token a position), so an article writing ``US`` elsewhere and
        the pronoun before ``economy`` is found too. Typed as written, ``"U.S. economy"`` found its letters side
        by side and ``"US economy"`` the word: each missed the other spelling."""
        pieces = text.split()
        letters = [typed_acronym(piece) for piece in pieces]
        if all(x is None for x in letters):
            return None
        options = [[piece] if x is None else [x.lower(), " ".join(x.lower())]
                   for piece, x in zip(pieces, letters, strict=True)]
        typed = self.out.terms.typed_words()
        ways = [self.phrase(" ".join(way), fields) for way in itertools.islice(itertools.product(*options), MAX_WAYS)]
        short = [x for x in dict.fromkeys(letters) if x is not None and len(x) <= MAX_SHORT]
        for x in short:  # marked where written in capitals, as matched (the ways typed them as words)
            self.out.terms.add_acronym(self.tokens(x.lower())[0], self.accented, typed)
        keys = [p.Constant(p.Term("exact", acronym_key(x)), 0.0) for x in short]
        return p.all_of([p.any_of([w for w in ways if w is not None]), *keys])

    def stem_keys(self, typed: str, tok: Token) -> list[tuple[str, float]]:
        """The ``lang:stem`` keys a word matches, with their weights: the stems of the word as typed in each
        language searched (``STEM_WEIGHT``), then, for a query typed without any diacritic (which matches
        every spelling of its words), the other stems of the spellings the index has of the word
        (``VARIANT_STEM_WEIGHT``): stems are made from the word as written, and ``economie`` stems to
        ``fr:econom``, ``économie`` and ``économique`` to ``fr:économ``. Weighed less, so that they add the
        other forms of the word without ranking an article above the spelling typed (``Bui`` before ``Bùi``).
        In order (the typed word, then the index's spellings; each language in order), without repeats."""
        keys: dict[str, float] = {}
        for weight, spelled in ((STEM_WEIGHT, [typed]),
                                (VARIANT_STEM_WEIGHT, self.variants(tok.folded) if not self.accented else [])):
            for s in spelled:
                for a in self.analyzers:
                    stem = a.forms(s)[2]
                    if stem is not None:
                        keys.setdefault(f"{a.code}:{stem}", weight)
        return list(keys.items())

    def exact_bonus(self, exact: str, folded: str, fields: tuple[str, ...]) -> p.Node | None:
        """A constant bonus where the query's own spelling is the article's: it orders spellings of the same
        word (exact > folded) without changing how much the word weighs against the query's other words."""
        if exact != folded:
            return p.Constant(p.Term("exact", f"{folded} {exact}"), EXACT_BONUS)
        if self.reader.doc_frequency(fields[0], folded) > COMMON_SHARE * self.reader.doc_count():
            return None  # a common word ("a", "in"): its spelling says nothing about the article
        variants = self.variants(folded)
        if not variants:
            return None  # no accented spelling exists anywhere: every match is exact
        plain = p.any_of([p.Term(f, folded) for f in fields])
        accented = p.any_of([p.Term("exact", f"{folded} {v}") for v in variants[:MAX_EXPANSION]])
        return p.Constant(p.AndNot(plain, accented), EXACT_BONUS)

    def phrase(self, text: str, fields: tuple[str, ...], forms: bool = True) -> p.Node | None:
        """A quoted phrase (``forms``: also as written with a percent sign or word in the other's place)."""
        if forms and fields == ("body",) and (signed := sign_phrases(text)):
            # "10 phần trăm từ" is also 10% từ (lang/numbers.py sign_phrases: the sign takes no position, the words
            # two), with that phrase's own forms (10 percent từ...), the phrase as typed once among them
            nodes = [self.phrase(signed[0], fields)]
            # not when sign_phrases only spaced it and the phrase as typed writes the same percentages: "5%的" is
            # "5% 的" (typed, unfiltered, it found 5的); "15%p x" is no "15% p x" (a point: as typed, it finds 15%p)
            spaced = signed[0].replace(" ", "") == text.replace(" ", "") and all(
                numbers_written(text, {k}) for k in phrase_numbers(signed[0].split()))
            if text not in percent_phrases(signed[0], self.percent_words()) and not spaced:
                nodes.append(self.phrase(text, fields, False))
            found = [n for n in nodes if n is not None]
            return p.any_of(found) if found else None
        tokens = self.tokens(text)
        if not tokens:
            self.out.notes.append(f'"{text}" has nothing searchable: ignored')
            return None
        # Punctuation between two words (នាមត្រកូល។រដ្ឋមន្ត្រី, ។ a Khmer letter to is_segmented) leaves an empty
        # position in the articles (phrase_gaps): the words are no one run then, and stand where the gap lets them.
        joined = joined_run(text) if tokens[-1].pos - tokens[0].pos == len(tokens) - 1 else None
        if joined is not None and (len(tokens) == 1 or is_segmented(text.strip())):
            # A quoted run of Khmer/Thai/... letters: the same as typing it as one word (every segmentation).
            return self.segmented(joined, fields)
        if len(tokens) == 1:  # "Bacon": the word, not cut into syllables (a quote means exactly this)
            return self.word(ql.Word(text), fields, cuttable=False)
        # "U.S.": the acronym, "3,5%": the number (in body: in a title they are words, and word() sends them here)
        whole = fields == ("body",) and (typed_acronym(text.strip()) is not None and not self.shouted
                                         or typed_number(text.strip()) is not None)
        if whole:
            return self.word(ql.Word(text.strip()), fields)
        if not self.shouted and (with_acronym := self.acronym_phrase(text, fields)) is not None:
            return with_acronym
        if self.accented:
            run = tuple(t.folded for t in tokens)
            self.out.terms.run_spellings.setdefault(run, set()).add(tuple(t.text for t in tokens))
        # 1.000 is also 1000, Wi-Fi also wifi, Covid19 also Covid 19 (lang/pieces.py)
        match = p.any_of(self.runs(text, self.ways(text, tokens), fields))
        if tokens[-1].pos - tokens[0].pos != len(tokens) - 1 and (cuts := self.passage_cuts(text, tokens, fields)):
            match = p.any_of([match, *cuts])
        if joined is not None:
            # Runs with (zero-width) spaces between them (a Khmer phrase pasted from an article, or quoted with
            # spaces): also the one run they make, under every segmentation, as the articles read a space between
            # two runs as no boundary. The pieces typed alone missed the articles that write them as one word:
            # ``មិន\u200bទាន់`` (not yet) found 25 of the 51 km-news articles that write it, ``ជន\u200bរង\u200bគ្រោះ``
            # 18 of 45 (14 of 300 two- and three-word runs drawn from km-news missed 174 of 992 articles).
            match = p.any_of([self.segmented(joined, fields), match])
        # "tăng 10%", "giá 3,5 triệu": a word typed as a percentage or a decimal (lang/numbers.py) is its digits in
        # the phrase (the % is no word), in an article that writes that number so (its key, a filter: the key has
        # no position, as acronym_phrase's). Without it "tăng 10%" found tăng 10 người, "១០% នៃ" ១០ នៃ.
        keys = dict.fromkeys(phrase_numbers(text.split())) if fields == ("body",) else {}
        # not a percentage the phrase itself, read as an article is, says is none ("%2 puan", "2% points": the
        # articles writing them have no such key, and the filter found none of them)
        keys = {k: None for k in keys if not k.endswith("%") or numbers_written(text, {k})}
        if any(k.endswith("%") for k in keys):
            # "10% từ" is also 10 phần trăm từ, in an article writing 10% (with a percent word of the index's
            # languages in the sign's place: the word takes positions, the sign none)
            written = [self.phrase(alt, fields, False) for alt in [*percent_phrases(text, self.percent_words()),
                                                                    *han_phrases(text)]]  # 百分之五 的
            match = p.any_of([match, *(w for w in written if w is not None)])
        if keys:
            match = p.all_of([match, *(p.Constant(p.Term("exact", k), 0.0) for k in keys)])
        bonus: list[p.Node] = [p.Term("exact", f"{t.folded} {t.text}", boost=EXACT_BONUS)
                               for t in tokens if t.text != t.folded]
        return p.AndMaybe(match, p.any_of(bonus)) if bonus else match

    def percent_words(self) -> list[str]:
        """The percent words of the index's languages whose every word the collection's bodies have (as
        written or folded): the phrases written with the others would find nothing (compile.js percentWords)."""
        words = [(w, self.tokens(w)) for w in percent_words([a.code for a in self.analyzers])]
        have = self.reader.frequencies("body", [f for _, ts in words for t in ts for f in (t.text, t.folded)])
        return [w for w, ts in words if ts and all(have[t.text] or have[t.folded] for t in ts)]

    def passage_cuts(self, text: str, tokens: list[Token], fields: tuple[str, ...]) -> list[p.Node]:
        """A passage quoted with punctuation (``tokens`` leave an empty position, ``phrase_gaps``) whose stretches
        between its punctuation are runs of a script without spaces: each stretch cut every way the collection's
        words allow, as a word typed without spaces is (``alternatives`` of the stretch, its spaces left out), the
        stretches in order with the punctuation's gap between them; the cuts as typed aside (``runs`` has them).
        Typed without the article's zero-width spaces, the dictionary cuts a stretch as one text, not as the
        article's words: ``"បានទេ ។ វា"`` read ``បានទេ`` where the article has ``បាន\u200bទេ``, and found nothing
        (of 320 km-news passages of Khmer words around punctuation typed so, 56 missed their own article; none
        now, 2 with at most 24 ways; tests/test_real_data.py)."""
        stretches = [[tokens[0]]]
        for a, b in itertools.pairwise(tokens):
            if b.pos - a.pos > 1:
                stretches.append([])
            stretches[-1].append(b)
        options: list[list[tuple[str, ...]]] = []
        for stretch in stretches:
            typed = tuple(t.folded for t in stretch)
            run = joined_run(text[stretch[0].start:stretch[-1].end])
            cuts = [tuple(way) for way in self.alternatives(run)] if run is not None else []
            options.append([typed, *dict.fromkeys(cut for cut in cuts if cut != typed)])
        if all(len(o) == 1 for o in options):
            return []
        before = [0, *(b[0].pos - a[-1].pos - 1 for a, b in itertools.pairwise(stretches))]  # the gaps
        out: list[p.Node] = []
        for combo in best_first([len(o) for o in options], MAX_PASSAGE_WAYS + 1)[1:]:
            chosen = [options[k][i] for k, i in enumerate(combo)]
            sequences = self.out.terms.sequences
            sequences.extend(cut for cut in chosen if len(cut) > 1 and cut not in sequences)
            gaps = tuple(gap for cut, first in zip(chosen, before, strict=True)
                         for gap in (first, *[0] * (len(cut) - 1)))
            out.extend(p.Phrase(f, tuple(p.Spellings(f, (piece,)) for cut in chosen for piece in cut), 1, gaps)
                       for f in fields)
        return out

    def ways(self, text: str, tokens: list[Token]) -> list[list[Token]]:
        """The ways the words ``tokens`` of ``text`` may be written (``lang/pieces.py``): as typed first, then
        with each number typed in groups (``1.000``) or word typed with hyphens (``Wi-Fi``) joined, and each
        number of four digits or more (``1000``) or word of letters and digits (``Covid19``) split, in every
        combination (at most ``MAX_WAYS``), and each time of day in its other spellings (``10:30``: ``10h30``,
        ``10 giờ 30``). A joined or split word keeps the offsets of what it was typed as."""
        spans = [(text[t.start:t.end], t.start, t.end) for t in tokens]
        options: list[list[list[Token]]] = []

        def own(t: Token) -> list[list[Token]]:
            """The word as typed, then its splits (the exact form: hợp37 is hợp 37)."""
            out = [[t]]
            for pieces in word_splits(t.text):
                split = [self.tokens(piece) for piece in pieces]
                if all(len(s) == 1 for s in split):
                    at = itertools.accumulate([len(piece) for piece in pieces], initial=t.start)
                    out.append([dataclasses.replace(s[0], start=x, end=x + len(s[0].text), pos=t.pos)
                                for s, x in zip(split, at, strict=False)])
            return out

        def time(a: int, b: int, hour: int, minute: int) -> list[list[Token]]:
            """A time of day as typed (a word also split), then in each other spelling (``time_spellings``)."""
            out = own(tokens[a]) if b - a == 1 else [tokens[a:b]]
            typed = tuple(t.text for t in tokens[a:b])
            for spelling in time_spellings(hour, minute, colon=b - a == 2):  # 8:30: also 08:30
                words = [self.tokens(word) for word in spelling]
                if spelling != typed and all(len(w) == 1 for w in words):
                    out.append([dataclasses.replace(w[0], start=tokens[a].start, end=tokens[b - 1].end,
                                                    pos=tokens[a].pos) for w in words])
            return out

        # A time of day first (10 giờ 30: not the number 10 glued to giờ), the rest joined or split.
        runs: list[tuple[int, int, str, tuple[int, int] | None]] = []
        i = 0
        for a, b, clock in [*time_runs(text, spans), (len(tokens), len(tokens), None)]:
            runs += [(x + i, y + i, joined, None) for x, y, joined in joined_runs(text, spans[i:a])]
            if clock is not None:
                runs.append((a, b, "", clock))
            i = b
        i = 0
        for a, b, joined, clock in [*runs, (len(tokens), len(tokens), "", None)]:
            for t in tokens[i:a]:
                options.append(own(t))
            if clock is not None:
                options.append(time(a, b, *clock))
            elif a < b:
                one = self.tokens(joined)
                if b - a == 2 and text[tokens[a].end:tokens[a + 1].start] in GLUE_SPACES:
                    # a number and a word typed apart (1000 người): each also split as typed alone, or glued
                    options.append([x + y for x in own(tokens[a]) for y in own(tokens[a + 1])])
                else:
                    options.append([tokens[a:b]])
                if len(one) == 1:
                    options[-1].append([dataclasses.replace(one[0], start=tokens[a].start, end=tokens[b - 1].end,
                                                            pos=tokens[a].pos)])
                    groups = number_groups(tokens[a].text) if b - a == 2 else ()
                    last = self.tokens(groups[-1] + tokens[b - 1].text) if groups else []
                    if len(last) == 1:  # 1000 km: also 1.000km, its last group glued to the word (1 000km)
                        at = list(itertools.accumulate([len(g) for g in groups], initial=tokens[a].start))
                        pieces = [self.tokens(g) for g in groups[:-1]]
                        if all(len(x) == 1 for x in pieces):
                            options[-1].append(
                                [*(dataclasses.replace(x[0], start=at[k], end=at[k + 1], pos=tokens[a].pos)
                                   for k, x in enumerate(pieces)),
                                 dataclasses.replace(last[0], start=at[-2], end=tokens[b - 1].end, pos=tokens[a].pos)])
            i = b
        return [[t for part in way for t in part] for way in itertools.islice(itertools.product(*options), MAX_WAYS)]

    def runs(self, text: str, ways: list[list[Token]], fields: tuple[str, ...]) -> list[p.Node]:
        """What each of ``ways`` matches, the words side by side, in each field; highlighted where they stand
        together, as the phrase matched, not each word wherever it is (a number in any script's digits)."""
        out: list[p.Node] = []
        typed = self.tokens(text)
        for way in ways:
            if len(way) == 1:
                self.out.terms.add(way[0], self.accented, _capital(text, way[0]))
                out.extend(self.spellings(way[0], f, _capital(text, way[0])) for f in fields)
                continue
            run = tuple(t.folded for t in way)
            self.out.terms.sequences.extend(r for r in digit_runs(run) if r not in self.out.terms.sequences)
            gaps = phrase_gaps(typed, way)
            # 12100 split into 12 100: side by side only where the article writes that number (its key, a filter:
            # lang/numbers.py grouped_keys), not tháng 12 100 (December, then 100), a phone's 3 791, a list's 12, 100
            keys = split_number_keys(way)
            if keys and "body" in fields and all(t.pos == way[0].pos and is_number(t.text) for t in way):
                out.append(p.Term("exact", keys[0]))  # 12100 alone: its key (12.100đ too, the unit glued)
                continue
            # A hyphen between two words of a script without spaces: as written (its gap kept), or without it, as
            # a Latin e-mail is also email: ប្តី-ប្រពន្ធ (spouses) found only the 5 km-news articles with the
            # hyphen, not the 20 without it (25 before b0b172b); ខេត្ត-ក្រុង 1 of 6.
            for kept in ((gaps, ()) if gaps and _hyphens_only(text, way, gaps) else (gaps,)):
                out.extend(p.all_of([p.Phrase(f, tuple(self.spellings(t, f, _capital(text, t)) for t in way), 1, kept),
                                     *(p.Constant(p.Term("exact", k), 0.0) for k in keys)])
                           for f in fields)
        return out

    def alternatives(self, text: str) -> list[list[str]]:
        """The segmentations of a word in a script without spaces that the collection has every piece of
        (looked up together: one request to an OpenSearch cluster), the ICU one first, each piece folded (the
        index's term: a traditional Chinese piece is its simplified form, lang/fold.py)."""
        folded = {piece: fold(piece) for piece in segmentation_pieces(text)}
        have: dict[str, int] = {}
        for f in ("body", "title"):
            for t, n in self.reader.frequencies(f, list(dict.fromkeys(folded.values()))).items():
                if n:
                    have[t] = max(n, have.get(t, 0))
        documents = self.reader.doc_count()

        def cost(piece: str) -> int | None:
            key = folded.get(piece)
            return piece_cost(have[key], documents) if key in have else None

        return [[folded.get(piece) or fold(piece) for piece in way] for way in segmentations(text, cost=cost)]

    def prefix_phrases(self, text: str, tokens: list[Token], fields: tuple[str, ...]) -> p.Node:
        """``text*`` (``tokens``: a run of a script without spaces and its digits) as its tokens side by side,
        the last one beginning a word, each of the others under any of its segmentations (at most
        ``MAX_PREFIX_WAYS`` ways in all, the ICU ones first) or a number in any digits."""
        each: list[list[list[tuple[str, ...]]]] = [
            [[digit_spellings(t.folded)]] if digit_spellings(t.folded)
            else [[(piece,) for piece in way] for way in self.alternatives(text[t.start:t.end])]
            for t in tokens[:-1]]
        combos = itertools.islice(itertools.product(*each), MAX_PREFIX_WAYS)
        ways = [[terms for part in combo for terms in part] for combo in combos]
        return p.any_of([p.Phrase(f, (*(p.Spellings(f, terms) for terms in way), p.Prefix(f, tokens[-1].folded)))
                         for way in ways for f in fields])

    def segmented(self, text: str, fields: tuple[str, ...]) -> p.Node:
        """A word in a script without spaces: its pieces side by side, under any of its segmentations that
        the collection has every piece of (``alternatives``)."""
        alternatives = self.alternatives(text)
        self.out.terms.sequences.extend(tuple(pieces) for pieces in alternatives)
        match = p.any_of([p.Phrase.of(f, pieces) if len(pieces) > 1 else p.Term(f, pieces[0])
                          for pieces in alternatives for f in fields])
        if not has_han(text):
            return match
        # Chinese: simplified and traditional characters are one word (lang/han.py), the spelling typed first
        bonuses = [b for t in self.tokens(text) if (b := self.exact_bonus(t.text, t.folded, fields)) is not None]
        return p.AndMaybe(match, p.any_of(bonuses)) if bonuses else match

    def prefix(self, folded: str, fields: tuple[str, ...], spelled: str = "") -> p.Node:
        self.out.terms.prefixes = self.out.terms.prefixes + (folded,)
        self.out.terms.spelled_prefixes = self.out.terms.spelled_prefixes + (spelled,)
        return p.any_of([p.Prefix(f, folded, spelled) for f in fields])

    def fuzzy(self, folded: str, maxdist: int, fields: tuple[str, ...]) -> p.Node:
        # Only on request (word~): expanded here so that the highlighter knows the variants.
        variants = set()
        for f in fields:
            if (key := (f, folded, maxdist)) not in self._within:
                self._within[key] = self.reader.terms_within(f, folded, maxdist, prefix=1)
            for term in self._within[key]:
                variants.add(term)
                if len(variants) >= MAX_EXPANSION:
                    break
        variants.add(folded)
        self.out.terms.folded.update(variants)
        return p.any_of([p.Spellings(f, (v, *self.variants(v))) for f in fields for v in sorted(variants)])

    def field(self, n: ql.Field) -> p.Node | None:
        """``name:value``: a date, a title search, or a facet value (``query/facets.py``)."""
        if n.name in ("date", "year", "month"):
            # A date in any script's digits is that date (date:２０２４-１１, typed with a CJK input method, found
            # nothing while it passed the checks: Python's \d is any script's digit, the stored dates are ASCII).
            n = ql.Field(n.name, ascii_digits(n.value), n.quoted)
        if n.name == "date":
            return date_range(n.value)
        if n.name == "url":
            return p.any_of([p.Prefix("url", prefix) for prefix in url_prefixes(n.value)])
        if n.name == "title":
            inner = ql.parse(f'"{n.value}"' if n.quoted else n.value)
            self.out.notes.extend(inner.notes)
            return self.node(inner.node, ("title",)) if inner.node is not None else None
        facet = BY_NAME[n.name]
        # Several values, comma-separated: an empty one (year:2024, official:hun-sen,) is no value, as in lang:vi,
        named = _codes(n.value) if n.name == "lang" else [v.strip() for v in n.value.split(",") if v.strip()]
        if not named:  # lang:, year:, : nothing to filter by (it was dropped silently, or year '' was refused)
            self.out.notes.append(f"empty value for {n.name}: ignored")
            return None
        if facet.coded:
            for value in named:
                _check_value(n.name, value, self.reader)
            if n.name == "source":  # a name as the facet shows it, in any case: "dân trí" is "Dân trí"
                named = facet_values(named, self.live_values(n.name), rows=True)
            return p.Values(n.name, tuple(named))
        if n.name == "official":
            # Any alias in any script, or the registry id, resolves to the id
            officials = self.officials_named(n.value)
            if officials is not None:
                terms = self.out.terms
                for official in officials:
                    for run in name_runs(self.name_keys(official.id)) if self.name_keys is not None else ():
                        if run not in terms.sequences:
                            terms.sequences.append(run)
                        terms.names.add("".join(run))
                    for run in name_runs(self.hiding_keys(official.id)) if self.hiding_keys is not None else ():
                        if run not in terms.hiding:
                            terms.hiding.append(run)
                return p.any_of([p.Term("official", i) for i in dict.fromkeys(o.id for o in officials)])
            self.out.notes.append(f"official {n.value!r} is not in the registry: matched as text")
            return self.phrase(n.value, ("body",))
        # country:KH,VN: either, as lang:fr,id (the values of these facets hold no comma: prepare.py)
        # role:"prime minister" is "Prime Minister": every value as the index holds it, whatever its case
        named = facet_values([v.upper() if n.name == "country" else v for v in named], self.live_values(n.name))
        return p.any_of([p.Term(n.name, v) for v in named])

    def live_values(self, name: str) -> list[str]:
        """The values of facet ``name`` that live articles have: the index keeps the values of updated and
        deleted articles until their segment is written again, and a value only they had is no value (typed as
        shown, it hid the values of other case or accents; a fresh build of the same articles lacks it)."""
        values = self.reader.field_terms(name)
        counts = self.reader.frequencies(name, values)  # live documents; one request on OpenSearch
        return [v for v in values if counts.get(v)]

    def officials_named(self, value: str) -> list[Official] | None:
        """The officials ``value`` names: one (any alias in any script, or the id), or several separated by
        commas (``official:hun-sen,to-lam``: either); None when one of them is not registered."""
        official = self.official(value)
        if official is not None:
            return [official]
        names = [v.strip() for v in value.split(",") if v.strip()]
        found = [o for o in map(self.official, names) if o is not None]
        return found if "," in value and names and len(found) == len(names) else None


def facet_values(typed: Iterable[str], known: Iterable[str], rows: bool = False) -> list[str]:
    """The values of a facet (``known``, as the index holds them) that typed values name, without regard to
    case (as lang:VI and country:kh), nor of accents left out (as official:): ``["dân trí"]``, ``["dan tri"]`` ->
    ``["Dân trí"]``. A value typed as the index holds it is that value alone, or with ``rows`` (a facet whose
    values differing only in case are one row, ``facets.CASE_ROWS``) its row: every value so spelled in any
    case (vi-news has "Tass" and "TASS", one row; either typed finds both), so that a facet's link finds its
    count; one typed in another case is every value so spelled ("tass": both); one that names none stays as
    typed (it finds nothing, with a note). The page does the same (site/js/compile.js ``facetValues``)."""
    by_case: dict[str, list[str]] = {}
    by_letters: dict[str, list[str]] = {}
    for value in known:
        by_case.setdefault(unicodedata.normalize("NFC", value).lower(), []).append(value)
        by_letters.setdefault(fold(value), []).append(value)
    out: list[str] = []
    for value in typed:
        value = unicodedata.normalize("NFC", value)
        # Typed without accents, the values so spelled with theirs ("dan tri": "Dân trí"), as official: reads a
        # name; accents that are typed must be the value's ("dàn tri" names nothing)
        case = by_case.get(value.lower(), [])
        bare = by_letters.get(value.lower(), []) if fold(value) == value.lower() else []
        same = list(dict.fromkeys(case + bare)) or [value]  # "dan tri": "Dan tri" and "Dân trí" alike
        for v in (case if rows else [value]) if value in case else same:
            if v not in out:
                out.append(v)
    return out


def name_runs(keys: Iterable[str]) -> list[tuple[str, ...]]:
    """An official's names (``Registry.name_keys``, ``hiding_keys``) as runs of folded words for the
    highlighter, each once; the export ships the same runs to the search page (``site/engine.py``)."""
    out: list[tuple[str, ...]] = []
    for key in keys:
        run = tuple(t.folded for t in analyzer_for(None).tokens(key))
        if run and run not in out:
            out.append(run)
    return out


def url_prefixes(value: str) -> list[str]:
    """The spellings of a web address the articles' URLs may start with: either scheme, with or without
    ``www.``; ``https://dantri.com.vn/`` -> ``http://dantri.com.vn``, ``https://www.dantri.com.vn``..."""
    rest = re.sub(r"^(?:https?:)?//", "", value.strip(), flags=re.IGNORECASE).rstrip("/")
    rest = re.sub(r"^www\.", "", rest, flags=re.IGNORECASE)
    if not rest:
        raise QueryError(f"bad url {value!r}", hint="Write url:https://example.org/section (a prefix of the URLs).")
    host, slash, path = rest.partition("/")
    rest = host.lower() + slash + path
    return [f"{scheme}://{www}{rest}" for scheme in ("https", "http") for www in ("", "www.")]


def _escaped(value: str) -> str:
    """A quoted value as it is typed back (syntax.py: in quotes, \\" is a quote and \\\\ a backslash)."""
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _covers(text: str, tokens: Sequence[Token]) -> bool:
    """Whether ``tokens`` stand one against the next and cover the whole of ``text``: nothing between or around
    them. By their offsets, not their text, which is normalised (Khmer spellings, case, NFC)."""
    return (bool(tokens) and tokens[0].start == 0 and tokens[-1].end == len(text)
            and all(a.end == b.start for a, b in itertools.pairwise(tokens)))


def _spaceless(text: str, tokens: Sequence[Token]) -> bool:
    """Whether ``tokens`` are the whole of ``text``, in a script written without spaces and its digits
    (ស្ថិរភាព, ២នាក់ស្លាប់; not covid-19): what ``word*`` finds with its pieces side by side."""
    return (_covers(text, tokens) and any(is_segmented(t.text) for t in tokens)
            and all(is_segmented(t.text) or digit_spellings(t.folded) for t in tokens))


def phrase_gaps(typed: list[Token], way: list[Token]) -> tuple[int, ...]:
    """The empty positions before each word of ``way`` (a way of writing the words ``typed``, joined or split:
    ``ways``), as the article's analysis leaves them: one for punctuation between two words of a script without
    spaces (``សុថា, ឈ្មោះ``: analysis/tokenize.py positioned_words); () for none. Without them a quoted passage
    with a comma or a ។ between two Khmer words found no article, its own included (0 of the km-news articles
    of ``សុថា, ឈ្មោះ``)."""
    gaps = [0]
    for before, word in itertools.pairwise(way):
        last = max((t.pos for t in typed if t.start < before.end), default=0)
        first = min((t.pos for t in typed if t.end > word.start), default=last + 1)
        gaps.append(max(0, first - last - 1))
    return tuple(gaps) if any(gaps) else ()


def best_first(sizes: Sequence[int], limit: int) -> list[tuple[int, ...]]:
    """The first ``limit`` choices of one option from each list of ``sizes`` options (each list best first),
    ordered by the sum of their ranks, then as ``itertools.product`` orders them (compile.js bestFirst)."""
    out: list[tuple[int, ...]] = []

    def summing(k: int, left: int) -> Iterator[tuple[int, ...]]:
        if k == len(sizes):
            if left == 0:
                yield ()
            return
        for i in range(min(left, sizes[k] - 1) + 1):
            yield from ((i, *rest) for rest in summing(k + 1, left - i))

    for total in range(sum(sizes) - len(sizes) + 1):
        out.extend(itertools.islice(summing(0, total), limit - len(out)))
        if len(out) >= limit:
            break
    return out


_HYPHENS = frozenset("-\u2010\u2011 ")


def _hyphens_only(text: str, way: list[Token], gaps: tuple[int, ...]) -> bool:
    """Whether every gap of ``way`` (``phrase_gaps``) is made by hyphens only (compile.js hyphensOnly)."""
    return all(set(text[a.end:b.start]) <= _HYPHENS
               for (a, b), gap in zip(itertools.pairwise(way), gaps[1:], strict=True) if gap)


def _capital(typed: str, tok: Token) -> bool:
    return typed[tok.start:tok.start + 1].isupper()


def _codes(value: str) -> list[str]:
    return [c.strip().lower() for c in value.split(",") if c.strip()]


def _check_value(name: str, value: str, reader: IndexReader) -> None:
    """A language, year or month that cannot exist is an error, not a silent 0. A code the index holds is a
    language of the index whatever the table says, and so is ``und`` (no language detected: digits, emoji),
    which the lang facet lists and every facet value must be fed back as: a saved lang:und finds 0 articles
    in an index without one, as lang:th does, rather than failing."""
    if name == "lang" and not is_known(value) and value.lower() not in ("und", *reader.languages()):
        raise QueryError(f"unknown language code {value!r}",
                         hint=f"Languages in this index: {', '.join(reader.languages()) or 'none'}; every code the "
                              "engine knows: search analyze --help. Several: lang:vi,km")
    if name == "year" and not re.fullmatch(r"[0-9]{4}", value):
        raise QueryError(f"bad year {value!r}", hint="Write year:2024.")
    if name == "month":  # the form first: "2024-1" is a bad month, not one written "YYYY, YYYY-MM or YYYY-MM-DD"
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
            raise QueryError(f"bad month {value!r}", hint="Write month:2024-11.")
        _check_date(value, "month", "month:2024-11")


def _check_date(value: str, what: str, example: str) -> None:
    if not re.fullmatch(_DATE_PART, value):
        raise QueryError(f"bad {what} {value!r}", hint=f"Write {example} (YYYY, YYYY-MM or YYYY-MM-DD).")
    y, _, rest = value.partition("-")
    m, _, d = rest.partition("-")
    try:
        datetime.date(int(y), int(m or 1), int(d or 1))
    except ValueError:
        raise QueryError(f"impossible {what} {value!r}", hint=f"Write {example}.") from None


def date_range(value: str) -> p.DateRange:
    """``2024``, ``2024-12``, ``2024-12-06`` or a range ``2024-11..2024-12`` (either end may be empty)."""
    value = value.strip()
    if ".." in value:
        lo, _, hi = value.partition("..")
        if not (lo or hi):
            raise QueryError(f"bad date range {value!r}", hint="Write date:2024-11..2024-12 (YYYY, YYYY-MM or "
                                                               "YYYY-MM-DD on each side; one side may be empty).")
        for side in (lo, hi):
            if side:
                _check_date(side, "date", "date:2024-11..2024-12")
        if lo and hi and lo > hi + "~":  # "2024-05..2024" is all of May to December; "2024-05..2024-01" is not
            raise QueryError(f"date range {value!r} ends before it starts", hint=f"Write the earlier date first: "
                                                                                 f"date:{hi}..{lo}.")
        return p.DateRange(range_start(lo), range_end(hi))
    _check_date(value, "date", "date:2024, date:2024-12 or date:2024-12-06")
    return p.DateRange(range_start(value), range_end(value))


def range_start(lo: str) -> str:
    """A range's first day written as short as it goes (``2024-01-01`` -> ``2024``, ``2024-05-01`` ->
    ``2024-05``): an article dated ``2024`` or ``2024-05`` alone (its whole year or month) then compares as
    inside a range that starts with that year or month, and as outside one that starts later
    (``plan.DateRange``: a range holds the articles whose every possible day is in it)."""
    if len(lo) == 10 and lo.endswith("-01"):
        lo = lo[:7]
    if len(lo) == 7 and lo.endswith("-01"):
        lo = lo[:4]
    return lo


def range_end(hi: str) -> str:
    """A range's last day written as short as it goes (``2024-12-31`` -> ``2024``, ``2024-02-29`` ->
    ``2024-02``); see ``range_start``."""
    if len(hi) == 10:
        y, m, d = (int(x) for x in hi.split("-"))
        if calendar.monthrange(y, m)[1] == d:
            hi = hi[:7]
    if len(hi) == 7 and hi.endswith("-12"):
        hi = hi[:4]
    return hi
