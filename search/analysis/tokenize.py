"""Text -> words with offsets and positions; scripts written without spaces are split by ICU's dictionaries.

    positioned_words("Hun Manet ហ៊ុន​ម៉ាណែត") -> ("Hun", 0, 3, 0), ("Manet", 4, 9, 1), ("ហ៊ុន", 10, 14, 2),
                                              ("ម៉ា", 15, 18, 3), ("ណែ", 18, 20, 4), ("ត", 20, 21, 5)

Which scripts are segmented comes from the script table (``search.lang.table``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from itertools import count

from ..lang.han import all_han, simplify
from ..lang.marks import MARKS
from ..lang.spelling import HAS_NORMALIZED, normalize_spelling, normalize_spelling_mapped
from ..lang.table import JOINERS, REPEAT_MARKS, SEGMENTED
from ..lang.thai import HAS_LAO_OLDER, lao_older_spellings

# A token is either a run of a segmented script (split later by ICU) or a word of letters, digits and
# combining marks (``\w`` alone misses vowel signs such as Devanagari's). U+200B (zero-width space, which
# Khmer text uses between words) is in neither class, so it separates tokens.
# Apostrophes that Unicode calls letters (modifier letters): ʼ (U+02BC, the apostrophe of Ukrainian пʼять and of
# keyboards that type it for "'"), ʻ (U+02BB, Uzbek Oʻzbekiston, Hawaiian ʻokina), ʽ (U+02BD), ʹ (U+02B9, a
# transliterated soft sign). Text writes them where other text writes ' or ’, which end a word: so do they
# ("lʼÉtat" is "l'État", l + état, not one word that "l'État" never found).
APOSTROPHES = "\u02b9\u02bb\u02bc\u02bd"
_TOKEN = re.compile(f"(?P<seg>[{SEGMENTED}]+)|(?:[^\\W_{SEGMENTED}{APOSTROPHES}]|[{MARKS}])+")
_PLAIN_WORD = re.compile(f"(?:[^\\W_{SEGMENTED}{APOSTROPHES}]|[{MARKS}])+")
# The same words, for a text with no script written without spaces and no combining mark: ``\\w+`` is 4 times
# faster than the pattern above (the indexing hot path). Whether a text may hold combining marks is told by
# the blocks they live in (decomposed accents, Hebrew, Arabic, the Indic scripts...): a class of a few wide
# ranges, which the engine checks 100 times faster than the exact list of marks (and the APOSTROPHES, which
# ``\\w`` holds).
_FAST_WORD = re.compile(r"\w+")
_MAY_HAVE_MARKS = re.compile("[\u02b9-\u02bd\u0300-\u036f\u0483-\u0489\u0591-\u06ff\u0700-\u0fff\u1000-\u1cff"
                             "\u1dc0-\u1dff\u20d0-\u20ff\u2cef-\u2dff\u302a-\u309a\ua66f-\uabff\ufb1e\ufe00-\ufe2f"
                             "\U00010000-\U000e01ef]")
_HAS_SEGMENTED = re.compile(f"[{SEGMENTED}]")
_SEGMENTED_OR_MARKS = re.compile(f"[{SEGMENTED}{_MAY_HAVE_MARKS.pattern[1:-1]}]")  # either class (``spaced_words``)
# ``_TOKEN`` with each kind of token in a group, for ``re.split``: what stands between two tokens, then the run of a
# segmented script (or None), then the other word (or None), and so on (``segmented_words``)
_TOKEN_PARTS = re.compile(f"([{SEGMENTED}]+)|((?:[^\\W_{SEGMENTED}{APOSTROPHES}]|[{MARKS}])+)")
_GAP = re.compile("[^\\s\u200b]")  # between two runs without spaces: anything but (zero-width) spaces
# What stands between most two runs (km-news: a zero-width space), told no gap without a search
_NO_GAP = frozenset(["", " ", "\u200b", "\u200b ", " \u200b", "\u200b\u200b", "\n", "\n\n"])


# Runs segmented, kept: a run is segmented alone, so its words depend on its letters only, and news text
# repeats its runs (km-news, 5k benchmark corpus: 189,437 runs, 32,147 distinct). Bounded (about 300 bytes a
# run): cleared when full.
SEGMENT_CACHE = 100_000


class _Segmenter:
    """ICU word segmentation (imported lazily: only texts in scripts without spaces pay for it), each distinct
    run once (``SEGMENT_CACHE``)."""

    def __init__(self) -> None:
        import icu

        self._bi = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
        self._done: dict[str, tuple[tuple[int, int], ...]] = {}

    def split(self, run: str) -> tuple[tuple[int, int], ...]:
        found = self._done.get(run)
        if found is None:
            if len(self._done) >= SEGMENT_CACHE:
                self._done.clear()
            # Chinese in its simplified form (lang/han.py: one character for one, the offsets hold), so that a
            # text and its traditional spelling give the same words, and as written (kept: the fewest words
            # between the boundaries both have), for words ICU's dictionary has in that form only (日本語, 選挙:
            # a Japanese word typed without kana is cut as the articles that write it with kana cut it). Not in
            # a traditional re-spelling of a simplified text: ICU's traditional words are often compounds its
            # simplified ones cut (領導人, 負責人, 準備金率, 委員會), and 领导, 负责, 准备金 or 委员 then found none
            # of the simplified articles writing them inside those.
            japanese = _KANA.search(run) is not None  # its own kanji: 無礼 is 無 (traditional) and 礼 (simplified)
            simple = run if japanese else simplify(run)
            if simple == run:
                found = tuple(self._split(run))
            else:
                found = tuple(fewest_words([self._split(simple), self._split(run)]))
            self._done[run] = found
        return found

    def _split(self, run: str) -> list[tuple[int, int]]:
        """ICU's words of the run; a repetition mark (``REPEAT_MARKS``) is a word of its own and the letters
        on either side of it are segmented apart (ICU glues the mark to the word before it, or not). (Lists, not
        generators: each word went through three of them, for each of the 32,000 distinct runs of the 5k corpus.)"""
        if _REPEAT.search(run) is None:
            return self._icu(run, 0)
        out: list[tuple[int, int]] = []
        start = 0
        for m in _REPEAT.finditer(run):
            if m.start() > start:
                out += self._icu(run[start:m.start()], start)
            out.append(m.span())
            start = m.end()
        if start < len(run):
            out += self._icu(run[start:], start)
        return out

    def _icu(self, run: str, base: int) -> list[tuple[int, int]]:
        if HAS_LAO_OLDER.search(run) is None:
            return self._icu_words(run, base)
        # Lao letters that ICU's dictionary has in either spelling: segmented in each (lang/thai.py)
        found = [self._icu_words(run, 0)]
        for older, starts in lao_older_spellings(run):
            found.append(_spans_back(self._icu_words(older, 0), starts))
        return [(base + s, base + e) for s, e in fewest_words(found)]

    def _icu_words(self, run: str, base: int) -> list[tuple[int, int]]:
        bi = self._bi
        bi.setText(run)
        # ICU's offsets count UTF-16 units: past a character outside the BMP (CJK Extension B...), they
        # are more than Python's offsets, which count code points.
        points = _code_points(run) if _ASTRAL.search(run) else None
        out: list[tuple[int, int]] = []
        start = 0
        for end in bi:
            # Rule status >= 100: a word (letters, ideographs, kana, numbers); below: spaces, punctuation.
            if bi.getRuleStatus() >= 100:
                out.append((base + start, base + end) if points is None
                           else (base + points[start], base + points[end]))
            start = end
        return out


def _spans_back(spans: list[tuple[int, int]], starts: list[int]) -> list[tuple[int, int]]:
    """Words of another spelling of a run -> words of the run (``starts``: ``lao_older_spellings``); a boundary
    inside what stands for one character of the run is none (the words on either side are one)."""
    out: list[tuple[int, int]] = []
    joined = False  # the last word's end was no boundary of the run
    for s, e in spans:
        if joined and out and out[-1][1] == s:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        joined = starts[e] < 0
    return [(starts[s], starts[e]) for s, e in out if starts[s] >= 0 and starts[e] >= 0]


def fewest_words(ways: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """Several segmentations of one run (words in order) -> between each two boundaries all of them share,
    the words of the one with the fewest there (the first on ties)."""
    if all(way == ways[0] for way in ways[1:]):
        return ways[0]  # (most runs: the spellings are cut alike)
    common = set.intersection(*({x for span in way for x in span} for way in ways))
    out: list[tuple[int, int]] = []
    at = [0] * len(ways)
    for hi in [*sorted(common), max((way[-1][1] for way in ways if way), default=0)]:  # and what follows
        best: list[tuple[int, int]] | None = None
        for k, way in enumerate(ways):
            i = at[k]
            j = i
            while j < len(way) and way[j][1] <= hi:
                j += 1
            at[k] = j
            if best is None or j - i < len(best):
                best = way[i:j]
        out.extend(best or ())
    return out


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_REPEAT = re.compile(f"[{REPEAT_MARKS}]")


def _code_points(text: str) -> list[int]:
    """UTF-16 offset -> code point offset, for every UTF-16 offset that starts a character (and the end)."""
    out = []
    for i, ch in enumerate(text):
        out.append(i)
        if ord(ch) > 0xFFFF:
            out.append(i)  # the middle of a surrogate pair: never a boundary
    out.append(len(text))
    return out


_segmenter: _Segmenter | None = None


def segment(run: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each ICU word of a run of a script written without spaces."""
    global _segmenter
    if _segmenter is None:
        _segmenter = _Segmenter()
    return _segmenter.split(run)


def has_segmented(text: str) -> bool:
    return _HAS_SEGMENTED.search(text) is not None


def split_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Raw words with their offsets: script runs without spaces are segmented by ICU. Positions are not
    needed here, so a text without such scripts takes a plain regular-expression scan (the same words)."""
    if _HAS_SEGMENTED.search(text) is None:
        if _MAY_HAVE_MARKS.search(text):
            for m in _PLAIN_WORD.finditer(text):
                yield m.group(), m.start(), m.end()
            return
        plain = text.replace("_", " ") if "_" in text else text  # same length: the offsets hold
        for m in _FAST_WORD.finditer(plain):
            yield m.group(), m.start(), m.end()
        return
    origins: list[int] | None = None  # positioned_words without the positions (snippets' hot path)
    if HAS_NORMALIZED.search(text):
        text, origins = normalize_spelling_mapped(text)
    for m in _TOKEN.finditer(text):
        run = m.group("seg")
        if run is None:
            yield m.group(), *_back(origins, m.start(), m.end())
            continue
        base = m.start()
        for s, e in segment(run):
            yield run[s:e], *_back(origins, base + s, base + e)


def positioned_words(text: str) -> Iterator[tuple[str, int, int, int]]:
    """Raw words with offsets and token positions.

    Khmer, Thai and Lao are normalized first (``search.lang.spelling``: spellings that look alike become one),
    and the words are those of the normalized text; their offsets are into ``text`` all the same.

    Positions are consecutive: a space between two runs of a script without spaces is no boundary (the
    compound ``ហ៊ុនម៉ាណែត`` typed as one word matches ``ហ៊ុន ម៉ាណែត`` written with a space), but
    punctuation between them leaves a gap of one, so that a phrase never runs across it.
    """
    origins: list[int] | None = None
    if HAS_NORMALIZED.search(text):
        text, origins = normalize_spelling_mapped(text)
    pos = -1
    prev_end = -1  # end of the previous token when it was in a segmented script
    for m in _TOKEN.finditer(text):
        if m.group("seg") is None:
            pos += 1
            prev_end = -1
            start, end = m.start(), m.end()
            yield m.group(), *_back(origins, start, end), pos
            continue
        base = m.start()
        run = m.group()
        for s, e in segment(run):
            start = base + s
            if prev_end >= 0 and _GAP.search(text, prev_end, start):
                pos += 1
            pos += 1
            prev_end = base + e
            yield run[s:e], *_back(origins, start, base + e), pos


def _back(origins: list[int] | None, start: int, end: int) -> tuple[int, int]:
    return (start, end) if origins is None else (origins[start], origins[end])


# The term of the ``gap`` field (index/schema.py): at each position that punctuation between two runs of a script
# without spaces leaves empty (``positioned_words``), so that a quoted passage's punctuation matches punctuation
# only (query/compile.py phrase_gaps), not any word in its place. No word is this (it is not a letter), so the
# OpenSearch backend sends it in the title and body at those positions (cluster/documents.py runs).
GAP_TERM = "\u00b6"


def empty_positions(places: Iterable[int]) -> list[int]:
    """The positions left empty between the ascending ``places`` of a text's words (``positioned_words``:
    one after punctuation between two runs of a script without spaces)."""
    out: list[int] = []
    last = -1
    for p in places:
        if last >= 0 and p > last + 1:
            out.extend(range(last + 1, p))
        last = p
    return out


def spaced_words(text: str) -> list[str] | None:
    """The raw words of a text with no script written without spaces, as one list (one C-level findall):
    each word's position is its index. None for a text that needs ICU."""
    if not text.isascii():  # (an ASCII text has neither: English, no scan)
        # one scan for either, not one for each (a text with neither scans its whole length)
        m = _SEGMENTED_OR_MARKS.search(text)
        if m is not None:
            if _HAS_SEGMENTED.search(text, m.start()):  # (none before the first of either)
                return None
            return _PLAIN_WORD.findall(text)
    return _FAST_WORD.findall(text.replace("_", " ") if "_" in text else text)


def words_and_positions(text: str) -> Iterable[tuple[str, int]]:
    """``positioned_words`` without offsets."""
    plain = spaced_words(text)
    if plain is not None:
        return zip(plain, count())
    return zip(*segmented_words(text), strict=True)


def segmented_words(text: str) -> tuple[list[str], list[int]]:
    """``positioned_words``' words and positions, as two lists, for a text that needs ICU (the indexing hot path of
    Khmer, Thai, Chinese...): no offsets are mapped back, the spelling is normalized without a map, and each
    distinct run's words and the steps between them are worked out once (``_run_words``); the same answers.

    The text is split into its tokens and what stands between them in one pass (``_TOKEN_PARTS``, in C): no match
    object a token. Whether punctuation lies between the last word of a run and the first of the next (a gap of one
    position) is then told without offsets: a run's letters before its first word or after its last are no space
    (no letter of ``SEGMENTED`` is), so only what stands between the two runs is searched."""
    if HAS_NORMALIZED.search(text):
        text = normalize_spelling(text)
    parts = _TOKEN_PARTS.split(text)  # [between, run, word, between, run, word, ..., between]: run or word is None
    words: list[str] = []
    places: list[int] = []
    pos = -1
    after = False  # the previous token was a run of a segmented script with words (``positioned_words``' prev_end)
    dirty = False  # ...and something other than (zero-width) spaces stands after its last word already
    gap = _GAP.search
    done = _RUN_WORDS.get
    for i in range(1, len(parts), 3):
        run = parts[i]
        if run is None:
            pos += 1
            after = False
            words.append(parts[i + 1])
            places.append(pos)
            continue
        found, steps, first, last = done(run) or _run_words(run)
        if not found:
            dirty = True  # (letters, not spaces: a gap if a run with words came before)
            continue
        if after and (dirty or first or (parts[i - 1] not in _NO_GAP and gap(parts[i - 1]) is not None)):
            pos += 1
        if len(found) == 1:  # (most runs: one word)
            pos += 1
            words.append(found[0])
            places.append(pos)
        else:
            words += found
            places += map(pos.__add__, steps)
            pos += steps[-1]
        after = True
        dirty = last < len(run)
    return words, places


# A run's words and steps (``_run_words``), kept beside the segmenter's spans (``SEGMENT_CACHE``), which the
# officials' matcher and the snippets read too: about 730 bytes a run (Khmer words are new strings), so fewer are
# kept (review of build-cpu: at SEGMENT_CACHE runs, 70 MB more in each indexing worker at 100k articles); a run not
# kept costs its words and steps again, not ICU.
RUN_WORDS_CACHE = 20_000
_RUN_WORDS: dict[str, tuple[list[str], list[int], int, int]] = {}


def _run_words(run: str) -> tuple[list[str], list[int], int, int]:
    """A run's ICU words (``segment``), each one's position counted from the position before the run's first word
    (1 for the first; 2 more after a gap of punctuation inside the run), its first word's start, its last's end."""
    found = _RUN_WORDS.get(run)
    if found is None:
        if len(_RUN_WORDS) >= RUN_WORDS_CACHE:
            _RUN_WORDS.clear()
        spans = segment(run)
        steps: list[int] = []
        step = 0
        prev_end = -1
        for s, e in spans:
            # (letters between two words of a run are no space: none of SEGMENTED's is, so any is a gap)
            step += 2 if 0 <= prev_end < s else 1
            steps.append(step)
            prev_end = e
        found = _RUN_WORDS[run] = ([run[s:e] for s, e in spans], steps, spans[0][0] if spans else 0,
                                   spans[-1][1] if spans else 0)
    return found


def words(text: str) -> list[str]:
    """The raw words alone (``split_words`` without offsets), as one list."""
    plain = spaced_words(text)
    if plain is not None:
        return plain
    # The words of the normalized text, without the offsets and positions ``positioned_words`` works out for
    # each (related articles read every article).
    if HAS_NORMALIZED.search(text):
        text = normalize_spelling_mapped(text)[0]
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        run = m.group("seg")
        if run is None:
            out.append(m.group())
        else:
            out.extend([run[s:e] for s, e in segment(run)])
    return out


def word_offsets(text: str) -> list[int]:
    """``split_words``' offsets alone, flattened: ``[start, end, start, end, ...]`` (code points into ``text``;
    the search page's data holds them for every article in a script written without spaces)."""
    spaced = spaced_word_pattern(text)
    if spaced is not None:
        pattern, scan, _ = spaced
        return [x for m in pattern.finditer(scan) for x in m.span()]
    origins: list[int] | None = None
    if HAS_NORMALIZED.search(text):
        text, origins = normalize_spelling_mapped(text)
    out: list[int] = []
    for m in _TOKEN.finditer(text):
        run = m.group("seg")
        if run is None:
            out += m.span()
        else:
            base = m.start()
            out += [base + x for pair in segment(run) for x in pair]
    return out if origins is None else list(map(origins.__getitem__, out))


def spaced_word_pattern(text: str) -> tuple[re.Pattern[str], str, str] | None:
    """For a text with no script written without spaces: ``(pattern, scan, boundary)`` where ``pattern``
    finds in ``scan`` (``text`` with the same offsets) exactly the words ``split_words`` gives, and
    ``boundary`` is the class of one word character, to find whole words with ``(?<!b)...(?!b)``. None for
    a text that needs ICU."""
    if _HAS_SEGMENTED.search(text) is not None:
        return None
    if _MAY_HAVE_MARKS.search(text):
        return _PLAIN_WORD, text, f"(?:[^\\W_{SEGMENTED}{APOSTROPHES}]|[{MARKS}])"
    return _FAST_WORD, text.replace("_", " ") if "_" in text else text, r"\w"


def is_segmented(text: str) -> bool:
    """True when ``text`` is one run of a script written without spaces (Khmer, Thai, Chinese...)."""
    m = _TOKEN.fullmatch(text)
    return m is not None and m.group("seg") is not None


TWO_CUTS_UP_TO = 12  # cut points of a run for which cuts in three are tried too (66 ways at most)
CUT_WAYS = 16  # of a segmentation's ``limit`` ways, at most these from the cuts in two and three (``_ways``)
ANY_CUTS_UP_TO = 80  # cut points of a run for which cuts in any number of parts are tried too (``_cheapest``)
LONGEST_PIECE = 40  # code points: longer than any word of ICU's dictionaries (Burmese: 33)
# Chinese characters of a part of a run that are also tried as one word (``_part_pieces``): the traditional
# compounds ICU's simplified dictionary cuts are short (領導人, 負責人, 委員會, 準備金率).
HAN_WHOLE_PART = 6


def _cut_points(run: str) -> list[int]:
    """Where a run may be cut: every character boundary but inside a grapheme cluster."""
    return [k for k in range(1, len(run))
            if unicodedata.category(run[k])[0] != "M" and run[k - 1] not in JOINERS]


def _ways(run: str, three: bool) -> Iterator[list[str]]:
    """The pieces of ``run`` whole, then cut in two at each cut point, then (``three``, and a run of at most
    ``TWO_CUTS_UP_TO`` cut points) in three at each two, each part segmented on its own."""
    memo: dict[str, list[str]] = {}

    def pieces(s: str) -> list[str]:
        if s not in memo:
            memo[s] = [s[a:b] for a, b in segment(s)]
        return memo[s]

    yield pieces(run)
    cuts = _cut_points(run)
    for k in cuts:
        yield pieces(run[:k]) + pieces(run[k:])
    if three and len(cuts) <= TWO_CUTS_UP_TO:
        for i, a in enumerate(cuts):
            for b in cuts[i + 1:]:
                yield pieces(run[:a]) + pieces(run[a:b]) + pieces(run[b:])


def _part_pieces(run: str) -> Iterator[str]:
    """The ICU pieces of every part of ``run`` between two of its cut points (or its ends), of at most
    ``LONGEST_PIECE`` code points, in order of the part's start, then end: the pieces a cut of the run in
    any number of parts can give (the words of an article that put zero-width spaces inside the run); and a
    part of two to ``HAN_WHOLE_PART`` Chinese characters whole (``_Segmenter.split``: an article's Chinese run
    is segmented as written too, and its traditional words are often compounds the simplified dictionary
    cuts, ``負責人`` one word where ``负责人`` is ``负责|人``, which a query typed in the other script cannot know)."""
    bounds = [0, *_cut_points(run), len(run)]
    if len(bounds) > ANY_CUTS_UP_TO + 2:
        return
    for i, a in enumerate(bounds):
        for b in bounds[i + 1:]:
            if b - a > LONGEST_PIECE:
                break
            part = run[a:b]
            yield from (part[x:y] for x, y in segment(part))
            if 2 <= b - a <= HAN_WHOLE_PART and all_han(part):
                yield part


@functools.lru_cache(maxsize=1024)
def segmentation_pieces(run: str) -> tuple[str, ...]:
    """Every piece ``segmentations(run, cost=...)`` may use, once each: the terms to look up
    first (remembered: a query asks for a word's pieces before compiling, then while compiling it)."""
    run = normalize_spelling(run)
    return tuple(dict.fromkeys([*(piece for way in _ways(run, True) for piece in way), *_part_pieces(run)]))


def piece_cost(frequency: int, documents: int) -> int:
    """What a piece of a run costs in ``segmentations``' cheapest cuts: about -log2 of the share of articles
    holding it, plus one per piece (an integer: the search page adds up the same numbers)."""
    return (max(documents, 1) // max(frequency, 1)).bit_length() + 1


def _cheapest(run: str, cost: Callable[[str], int | None], k: int) -> list[list[str]]:
    """The ``k`` cheapest ways to write ``run`` as pieces side by side, each one of its
    ``segmentation_pieces`` whose ``cost`` is not None (a piece the collection has), cheapest first (ties:
    in order of the first piece's end, then the rest's): the likeliest words of a run typed without the
    article's spaces, by how many articles hold each (a unigram model of the collection's words)."""
    allowed = set(segmentation_pieces(run))
    bounds = [0, *_cut_points(run), len(run)]
    if len(bounds) > ANY_CUTS_UP_TO + 2:
        return []
    best: dict[int, list[tuple[int, list[str]]]] = {len(run): [(0, [])]}
    for i in range(len(bounds) - 2, -1, -1):
        a = bounds[i]
        found: list[tuple[int, list[str]]] = []
        for b in bounds[i + 1:]:
            if b - a > LONGEST_PIECE:
                break
            piece = run[a:b]
            c = cost(piece) if piece in allowed else None
            if c is None:
                continue
            found += [(c + rest, [piece, *way]) for rest, way in best.get(b, [])]
        found.sort(key=lambda x: x[0])  # stable: ties keep their order
        best[a] = found[:k]
    return [way for _, way in best[0]]


def segmentations(run: str, limit: int = 24, cost: Callable[[str], int | None] | None = None) -> list[list[str]]:
    """The ICU pieces of ``run``, then those of ``run`` cut in two at each character boundary, then (given
    ``cost``, a piece's ``piece_cost``, None for a piece the collection lacks) cut in three, then its
    cheapest cuts in any number of parts.

    Dictionary segmentation depends on context: a word typed alone can split differently from the same
    letters inside an article, where the publisher put zero-width spaces inside what the dictionary reads
    as one word (two words typed as one: ``លោក|វេង|សាខុន``, Mr Veng Sakhon, typed ``លោកវេងសាខុន``, which ICU
    cuts ``លោ|ក|វេ|ង|សា|ខុន``). Searching the cuts as well finds those articles; the whole-run segmentation
    still ranks first because it is one of the alternatives every match of it also matches. With ``cost``,
    a way with a piece the collection lacks (it can match nothing) is left out, the whole run's aside, the
    run is cut in three too (runs of at most ``TWO_CUTS_UP_TO`` cut points), at most ``CUT_WAYS`` of those,
    and the rest of the ``limit`` ways are the run's cheapest cuts in any number of parts (a run of four
    words or more typed as one, which no cut in three gives); at most ``limit`` ways.
    """
    run = normalize_spelling(run)
    known = None if cost is None else (lambda piece: cost(piece) is not None)
    seen: list[list[str]] = []
    for way in _ways(run, known is not None):
        if len(seen) >= (limit if cost is None else min(limit, CUT_WAYS)):
            break
        if seen and (way in seen or (known is not None and not all(map(known, way)))):
            continue
        seen.append(way)
    for way in _cheapest(run, cost, limit) if cost is not None else ():
        if len(seen) >= limit:
            break
        if way not in seen:
            seen.append(way)
    return [s for s in seen if s]
