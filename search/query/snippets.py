"""Stored text + the query's terms -> 1 to 3 highlighted fragments, sentence-aware.

The text is analysed again with the article's own analyzer, so a token is marked when it is what the query
matched: its stem (``coopérer`` for the query ``coopération``: same French stem), its folded form (``Son``
for ``Sơn``), or, in an article indexed with exact spellings and a query typed with diacritics, its exact
spelling (``Lào`` for ``Lào``, never ``lao``). A word of a script without spaces (``ហ៊ុនសែន``) is marked
only where all its pieces stand together, never one piece alone inside another word. Fragments are cut at
token boundaries only, so a word or a grapheme cluster (a Khmer consonant with its vowel signs) is never
split. Output is HTML: the text is escaped and matches are wrapped in ``<mark>``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import accumulate, pairwise

from ..analysis import Token, analyzer_for, split_words
from ..analysis.analyzer import Analyzer
from ..analysis.terms import times_written
from ..analysis.tokenize import APOSTROPHES, spaced_word_pattern
from ..lang.acronyms import capitals
from ..lang.fold import digit_spellings, fold, marked
from ..lang.numbers import keys_at, numbers_written
from ..lang.table import SENTENCE_END
from ..officials.match import DROPPED

SNIPPET_SCAN_CHARS = 200_000  # text read for snippets: a long article's first 40,000 words
_END = re.escape(SENTENCE_END)
_JUNK = f"[\\W_{APOSTROPHES}]*"  # what may stand between the pieces of a run (no letter or digit but apostrophes)
# A sentence ends at a run of sentence ends or a line's end; a full stop with a letter or digit right after it
# is inside a word ("16.000", "TP.HCM", "U.S"): a fragment cut there showed "16." for 16,000.
_SENTENCE = re.compile(f"[^{_END}\\n]*(?:\\.(?=[^\\W_])[^{_END}\\n]*)*(?:[{_END}]+|\\n|$)")  # unrolled: fast
_ACROSS = f"{_JUNK}[{_END}\\n]{_JUNK}"  # between two pieces of a run, across a sentence's end
_ENDS = frozenset(SENTENCE_END + "\n")


@dataclass
class QueryTerms:
    """What a highlighter looks for: folded forms, exact spellings (a query typed with diacritics),
    ``lang:stem`` keys, folded prefixes, and runs of pieces that must stand together."""

    folded: set[str] = field(default_factory=set)
    spellings: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()
    # For each of ``prefixes``, the spelling it was typed with (``kính*`` in a query typed with diacritics:
    # only the words spelled so), or "" (every spelling); empty when no prefix was typed so.
    spelled_prefixes: tuple[str, ...] = ()
    sequences: list[tuple[str, ...]] = field(default_factory=list)
    # Folded forms that an article indexed folded matches only in the spelling typed: an accented word not
    # typed as a name (``thể`` is not English ``the``; compile.py ``spellings``).
    strict: set[str] = field(default_factory=set)
    # A phrase typed with diacritics: its run -> the spellings typed, which an article indexed with exact
    # spellings must have there (as the engine's phrase reads their exact spellings).
    run_spellings: dict[tuple[str, ...], set[tuple[str, ...]]] = field(default_factory=dict)
    # An official's names (what a run shows: the pieces joined) and the longer names of someone else that
    # hold one of them ('ប៊ុន រ៉ានី ហ៊ុន សែន', Hun Sen's wife): no mark of the official's name inside those.
    names: set[str] = field(default_factory=set)
    hiding: list[tuple[str, ...]] = field(default_factory=list)
    # The letters of an acronym of MAX_SHORT letters or fewer typed (US, TƯ: compile.py acronym), as a word: only
    # where written in capitals, as the engine matched it (not the pronoun us, not the tư of đầu tư).
    acronyms: set[str] = field(default_factory=set)
    # What a number typed shows (``10`` of ``10%``, ``35`` of ``3,5``, in every script's digits) -> its keys
    # (``lang/numbers.py``): marked only where the text writes that number (not every 10, not the list 3, 5).
    numbers: dict[str, set[str]] = field(default_factory=dict)
    # Sequences matched in the articles of these languages only (a word typed joined in lower case, ``vietnam``:
    # its syllables side by side in Vietnamese articles, compile.py ``syllables``): not marked in the others.
    local: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    _loose: set[str] = field(default_factory=set, repr=False, compare=False)  # typed so as well: any spelling
    _words: set[str] = field(default_factory=set, repr=False, compare=False)  # typed as a word as well: any case
    # Per analyzer and spelling mode, the words already looked at: the hits of one query share most of
    # their words (a Vietnamese article's syllables), so each is analysed and compared once per query.
    _seen: dict[tuple[str, bool], tuple[set[str], dict[str, str]]] = field(
        default_factory=dict, repr=False, compare=False)

    def add(self, token: Token, accented: bool, capital: bool = False) -> None:
        self._words.add(token.folded)
        self.acronyms.discard(token.folded)
        self._add(token, accented, capital)

    def typed_words(self) -> set[str]:
        """The folded words typed as words so far."""
        return set(self._words)

    def add_acronym(self, token: Token, accented: bool, typed: set[str] | None = None) -> None:
        """The letters of a short acronym typed (``US``): marked where written in capitals, unless typed as a word
        too. ``typed``: the words typed before (``typed_words``) where the acronym was just compiled as its word
        (a phrase's ``us economy``, ``title:US``), which was no word typed."""
        if typed is not None and token.folded not in typed:
            self._words.discard(token.folded)
        if token.folded not in self._words:
            self.acronyms.add(token.folded)
        self._add(token, accented, False)

    def _add(self, token: Token, accented: bool, capital: bool) -> None:
        spellings = digit_spellings(token.folded) or (token.folded,)  # a number, in every script's digits
        self.folded.update(spellings)
        for f in spellings:  # typed as a word too (10% 10): marked wherever it stands
            self.numbers.pop(f, None)
        if accented:
            self.spellings.add(token.text)
        if accented and marked(token.text, token.folded) and not capital:  # œ, ß: no diacritic
            if token.folded not in self._loose:
                self.strict.add(token.folded)
        else:
            self._loose.add(token.folded)
            self.strict.discard(token.folded)

    def matches(self, written: str, exact: str, folded: str, stem: str | None, lang: str, exact_words: bool) -> bool:
        """Whether the word ``written`` (its forms ``exact``, ``folded`` and ``stem``) is one the query matched."""
        if folded in self.acronyms and not capitals(written):
            pass  # an acronym's letters in lower case (us, the tư of đầu tư): not the acronym
        elif exact_words and self.spellings:
            if exact in self.spellings:
                return True
        elif folded in self.folded and (folded not in self.strict or exact in self.spellings):
            return True
        if stem is not None and f"{lang}:{stem}" in self.stems:
            return True
        if not (self.prefixes and folded.startswith(self.prefixes)):
            return False
        pairs = zip(self.prefixes, self.spelled_prefixes, strict=True)
        return not any(self.spelled_prefixes) or any(folded.startswith(p) and exact.startswith(s) for p, s in pairs)

    def memo(self, code: str, exact_words: bool) -> tuple[set[str], dict[str, str]]:
        """The words looked at so far for this analyzer and mode, and those that match (-> folded form)."""
        return self._seen.setdefault((code, exact_words), (set(), {}))

    def matching(self, words: set[str], forms: Callable[[str], tuple[str, str, str | None]], code: str,
                 exact_words: bool) -> dict[str, str]:
        """Those of ``words`` that match, with their folded forms (set operations on the words seen before)."""
        seen, positive = self.memo(code, exact_words)
        for word in words - seen:
            exact, folded, stem = forms(word)
            if self.matches(word, exact, folded, stem, code, exact_words):
                positive[word] = folded
            seen.add(word)
        return {w: positive[w] for w in words & positive.keys()}

    def __bool__(self) -> bool:
        return bool(self.folded or self.stems or self.prefixes or self.sequences)

    def in_lang(self, lang: str) -> QueryTerms:
        """The terms as matched in an article of ``lang``: without the sequences ``local`` to other languages."""
        if not any(lang not in langs for langs in self.local.values()):
            return self
        return replace(self, sequences=[s for s in self.sequences if lang in self.local.get(s, (lang,))], local={})


def _sentences(text: str, keep_blank: bool = False) -> list[tuple[int, int]]:
    spans = []
    for m in _SENTENCE.finditer(text):
        if m.end() > m.start() and (keep_blank or text[m.start():m.end()].strip()):
            spans.append((m.start(), m.end()))
    return spans


def _render(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    out = []
    pos = start
    for s, e in marks:
        # A match longer than the window (a long passage quoted) is marked where the window shows it.
        s, e = max(s, start, pos), min(e, end)
        if s >= e:
            continue
        out.append(html.escape(text[pos:s], quote=False))
        out.append("<mark>" + html.escape(text[s:e], quote=False) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:end], quote=False))
    return "".join(out).strip()


def make_snippets(text: str, lang: str, terms: QueryTerms, max_snippets: int = 3, width: int = 240,
                  exact_words: bool = False) -> list[str]:
    """Up to ``max_snippets`` fragments of ``text``, best sentences first by distinct matched terms, shown in
    document order. Empty when nothing matches (the caller may then show the start of the text).
    ``exact_words``: the article is indexed with exact spellings (``analysis.spells_exactly``)."""
    if not text or not terms:
        return []
    text = text[:SNIPPET_SCAN_CHARS]  # a very long article: its beginning (the rest shows with `search show`)
    terms = terms.in_lang(lang)
    analyzer = analyzer_for(lang)
    spaced = None if terms.sequences else spaced_word_pattern(text)
    if spaced is not None:
        found = _spaced_hits(text, spaced, terms, analyzer.forms, analyzer.code, exact_words)
        if found is None and not terms.numbers:
            return []
        pattern, scan = spaced[0], spaced[1]
        hits, spans = found if found is not None else ([], cache(lambda: [m.span() for m in pattern.finditer(scan)]))
        hits = _numbers_written(text, hits, terms, None)
    else:
        # a number typed may stand written otherwise (3,50 for 3,5): no sentence is left out by the words alone
        places = _found(text, terms, analyzer, exact_words) if not terms.numbers else None
        if places is not None and not places[2]:
            return _best_sentences(text, places, terms, analyzer, exact_words, max_snippets, width)
        ranges = _ranges(places) if places is not None else None
        if ranges == []:
            return []
        hits, spans = _hits(text, terms, analyzer, exact_words, ranges)
    if not hits:
        return []
    return _fragments(text, hits, spans, max_snippets, width)


def _numbers_written(text: str, hits: list[tuple[int, int, str]], terms: QueryTerms,
                     ranges: list[tuple[int, int]] | None) -> list[tuple[int, int, str]]:
    """``hits`` less those of a number typed (``10%``, ``3,5``: ``QueryTerms.numbers``) where the text does not
    write that number (``lang/numbers.py keys_at``: every other 10, the list ``3, 5``), plus where it writes that
    number otherwise than typed (``3,50`` for ``3,5``, ``1 234,5`` for ``1234,5``: ``numbers_written``) or a time
    typed in any spelling (``10:30`` for ``10h30``: ``times_written``, labelled by its key), within
    ``ranges`` (None: the whole text); leftmost longest."""
    if not terms.numbers:
        return hits
    kept = [h for h in hits if h[2] not in terms.numbers or terms.numbers[h[2]] & keys_at(text, h[0], h[1])]
    label = {k: f for f, keys in sorted(terms.numbers.items(), reverse=True) for k in keys}
    kept += [(s, e, label[k]) for s, e, k in [*numbers_written(text, set(label)), *times_written(text, set(label))]
             if ranges is None or any(a <= s and e <= b for a, b in ranges)]
    return _leftmost_longest(sorted(kept))


def _spaced_hits(text: str, spaced: tuple[re.Pattern[str], str, str], terms: QueryTerms,
                 forms: Callable[[str], tuple[str, str, str | None]], code: str,
                 exact_words: bool) -> tuple[list[tuple[int, int, str]], Callable[[], list[tuple[int, int]]]] | None:
    """A text of spaced scripts only: each distinct word is looked at once (one C-level ``findall``), then only
    the matching words are found with their offsets; every token's span is computed only if a sentence must be
    cut. The same hits as ``_hits`` (a test compares them on real articles)."""
    pattern, scan, boundary = spaced
    matched = terms.matching(set(pattern.findall(scan)), forms, code, exact_words)
    if not matched:
        return None
    # Each matching word's whole-word occurrences, found with str.find: two different whole words never
    # overlap, so sorted by offset they are what one scan with a pattern of all of them finds (and no
    # pattern is compiled per article).
    word_char = _word_char(boundary)
    hits = []
    for word, folded in matched.items():
        size = len(word)
        at = scan.find(word)
        while at >= 0:
            end = at + size
            if not (at and word_char(scan, at - 1)) and not word_char(scan, end):
                hits.append((at, end, folded))
            at = scan.find(word, at + 1)
    hits.sort()
    return hits, cache(lambda: [m.span() for m in pattern.finditer(scan)])


@cache
def _word_char(boundary: str) -> Callable[[str, int], re.Match[str] | None]:
    """``match(text, i)``: whether ``text[i]`` is a word character of the ``boundary`` class."""
    return re.compile(boundary).match


def _candidate_ranges(text: str, terms: QueryTerms, analyzer: Analyzer,
                      exact_words: bool) -> list[tuple[int, int]] | None:
    """For a text that needs ICU (Khmer...): the stretches of whole sentences that can hold a match, so
    that only they are segmented (segmenting a whole article costs about 13 microseconds a token).
    None: no shortcut (``_found``)."""
    found = _found(text, terms, analyzer, exact_words)
    return _ranges(found) if found is not None else None


def _ranges(found: Found) -> list[tuple[int, int]]:
    """``_candidate_ranges`` from what ``_found`` found."""
    sentences, starts, _ = found
    ranges: list[tuple[int, int]] = []
    for (s, e), kept in zip(sentences, starts, strict=True):
        if kept:
            if ranges and ranges[-1][1] == s:
                ranges[-1] = (ranges[-1][0], e)
            else:
                ranges.append((s, e))
    return ranges


Found = tuple[list[tuple[int, int]], list[list[str]], bool]


def _found(text: str, terms: QueryTerms, analyzer: Analyzer, exact_words: bool) -> Found | None:
    """The text's sentences (blank ones too), in each, where a query word, prefix or run may be (for every
    place in the sentence's folded text where one starts, the longest one starting there), and whether a
    run may go on across a sentence's end.

    Folding works character by character and tokens never cross a sentence end, so a token's folded form is
    in the folded text, and the pieces of a run follow one another there with only non-word characters
    between them: every sentence holding a match is among those listed with a place (a run that goes on
    into the next sentences lists them too, with no place). Exact spellings (an accented query, an article
    indexed so) are among the places of their folded forms. None: no shortcut (stems, a folded text whose
    sentences do not line up with the text's)."""
    if analyzer.language.stemmer and any(k.startswith(analyzer.code + ":") for k in terms.stems):
        return None
    words = {re.escape(w) for w in (*terms.folded, *terms.prefixes) if w}
    runs = {_run_pattern(seq) for seq in _candidate_runs(terms) if all(seq)}
    if not words | runs:
        return None
    folded = fold(text)
    sentences, folded_sentences = _sentences(text, keep_blank=True), _sentences(folded, keep_blank=True)
    if len(sentences) != len(folded_sentences):
        return None
    starts = [s for s, _ in folded_sentences]
    places: list[list[str]] = [[] for _ in sentences]
    # The alternatives in the order of the pattern "|".join(...) that a regex tries at each place.
    order = sorted(words | runs, key=len, reverse=True)
    for start, end in _matches(folded, order, terms) if runs else _literal_matches(folded, order):
        first = bisect_right(starts, start) - 1
        places[first].append(folded[start:end])
        for i in range(first + 1, bisect_right(starts, max(end - 1, start))):
            places[i] = places[i] or [""]  # listed: the run's end is in it
    # Two pieces of a run with a sentence's end between them (whatever other match a place reports).
    pairs = {(a, b) for seq in terms.sequences if all(seq) for a, b in pairwise(seq)}
    return sentences, places, bool(pairs) and _crosses(folded, pairs)


def _candidate_runs(terms: QueryTerms) -> list[tuple[str, ...]]:
    """The runs ``_found`` looks for: the query's, and an official's names letter by letter (``_name_runs``:
    their pieces may stand apart by a zero-width space or a name dot, inside a word)."""
    return terms.sequences + [tuple(name) for name in sorted(terms.names)]


@lru_cache(maxsize=4096)  # bounded: a query's phrases are runs too, and a process may answer many
def _run_pattern(seq: tuple[str, ...]) -> str:
    """A run's pieces escaped and joined by ``_JUNK``: made once, not for every hit's text again (an official's
    names are runs letter by letter, and a Russian name comes in each of its cases: 207,000 calls of re.escape for
    44 queries of officials)."""
    return _JUNK.join(map(re.escape, seq))


def _literal_matches(folded: str, order: list[str]) -> Iterator[tuple[int, int]]:
    """Where the pattern ``"|".join(order)`` (escaped words, quick to compile) matches in ``folded``: at every
    start, overlapping ones too."""
    find = re.compile("|".join(order))
    m = find.search(folded)
    while m is not None:
        yield m.span()
        m = find.search(folded, m.start() + 1)


_JUNK_RUN = re.compile(_JUNK)


def _matches(folded: str, order: list[str], terms: QueryTerms) -> Iterator[tuple[int, int]]:
    """``_literal_matches`` of a pattern with runs (``order``: escaped words, and runs as their escaped pieces
    joined by ``_JUNK``), without compiling it: at each place where the first piece of an alternative stands,
    the alternatives are tried in their order as a regex tries them (``_run_end``). The pattern of a pasted
    paragraph (a run of 300 pieces, in each of its ways of writing its numbers and in every script's digits:
    80 runs) took 6-10 s to compile, a character class between every two pieces."""
    pieces: dict[str, tuple[str, ...]] = {re.escape(w): (w,) for w in (*terms.folded, *terms.prefixes) if w}
    pieces.update((_run_pattern(seq), seq) for seq in _candidate_runs(terms) if all(seq))
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for pattern in order:
        by_first.setdefault(pieces[pattern][0][0], []).append(pieces[pattern])
    find = re.compile("|".join(sorted({re.escape(p[0]) for p in pieces.values()})))  # the first pieces
    m = find.search(folded)
    while m is not None:
        at = m.start()
        for alternative in by_first[folded[at]]:
            end = _run_end(folded, at, alternative)
            if end >= 0:
                yield at, end
                break
        m = find.search(folded, at + 1)


def _run_end(folded: str, at: int, pieces: tuple[str, ...]) -> int:
    """Where the pattern ``_JUNK.join(map(re.escape, pieces))`` matched at ``at`` ends, or -1: the match a
    regex finds, whose ``_JUNK`` between two pieces takes as many characters as it can, then one fewer at a
    time until the rest matches (depth first, the first success is the match)."""
    if not folded.startswith(pieces[0], at):
        return -1
    end = at + len(pieces[0])
    left: list[list[int]] = []  # left[k]: where piece k + 1 may still start, the next one to try first
    while len(left) + 1 < len(pieces):
        piece = pieces[len(left) + 1]
        gap = _JUNK_RUN.match(folded, end)  # the most it can take (it matches the empty string too)
        last = gap.end() if gap is not None else end
        left.append([q for q in range(last, end - 1, -1) if folded.startswith(piece, q)])
        while left and not left[-1]:
            left.pop()
        if not left:
            return -1
        q = left[-1].pop(0)
        end = q + len(pieces[len(left)])
    return end


_GAP = re.compile(f"[\\W_]*[{_END}\\n][\\W_]*")  # a run of non-word characters holding a sentence's end


def _crosses(folded: str, pairs: set[tuple[str, str]]) -> bool:
    """Whether a piece ``a`` then a piece ``b`` of one of ``pairs`` stand in ``folded`` with a sentence's end
    between them and no letter or digit (``a _ACROSS b`` as a pattern, without compiling one per query: a
    pattern of a Khmer phrase's pairs took 2-15 ms to compile). Such a gap lies inside one of the runs of
    non-word characters that hold a sentence's end (``_GAP``): ``a`` ends in the run up to an end, ``b``
    starts after that end, in the run or just past it."""
    lasts = {a[-1] for a, _ in pairs}
    firsts = {b[0] for _, b in pairs}
    for m in _GAP.finditer(folded):
        start, end = m.span()
        ends = [start + i for i, ch in enumerate(m.group()) if ch in _ENDS]
        for x in range(start, ends[-1] + 1):  # where a piece may end
            if not x or folded[x - 1] not in lasts:
                continue
            after = next(p for p in ends if p >= x)  # the first sentence end past it
            for y in range(after + 1, end + 1):  # where the next piece may start
                if y < len(folded) and folded[y] in firsts:
                    if any(folded.endswith(a, 0, x) and folded.startswith(b, y) for a, b in pairs):
                        return True
    return False


def _best_sentences(text: str, found: Found, terms: QueryTerms, analyzer: Analyzer, exact_words: bool,
                    max_snippets: int, width: int) -> list[str]:
    """``make_snippets`` for a text that needs ICU, segmenting only the sentences that can be among the best
    ones, not every sentence that holds a match (a common Khmer word is in most sentences of an article:
    segmenting them all was most of such a query's time).

    A sentence ranks by its distinct matched words, then its matches, then its place (``_fragments``). The
    places where a query word, prefix or run starts in its folded text bound both from above: a match is a
    token (or a run of tokens) starting at one of them, and it shows a query word or run found there (or a
    word starting with a prefix). Sentences are segmented best bound first, and no more once the best
    ``max_snippets`` found rank above every bound left: the same fragments as segmenting every candidate
    sentence, since no match crosses a sentence's end (``found``: a run that might cross one is not given here)."""
    if max_snippets < 1:
        return []
    sentences, places, _ = found
    words = [w for w in terms.folded if w]
    runs = len({"".join(seq) for seq in terms.sequences if all(seq)})  # what a run's match shows
    bounds = []
    for i, at in enumerate(places):
        if at:
            # Distinct matches: the query words found there (inside the longest match at a place), any run;
            # with prefixes, as many as the places.
            longest = set(at)
            distinct = len(at) if terms.prefixes else runs + sum(1 for w in words if any(w in f for f in longest))
            bounds.append((-min(distinct, len(at)), -len(at), i))
    bounds.sort()
    best: list[tuple[tuple[int, int, int], list[tuple[int, int, str]], list[tuple[int, int]]]] = []
    shown: set[str] = set()  # a sentence the article repeats is shown once (_distinct)
    for bound in bounds:
        if len(best) >= max_snippets and bound > best[max_snippets - 1][0]:
            break
        s, e = sentences[bound[2]]
        if text[s:e].strip() in shown:
            continue
        hits, spans = _hits(text, terms, analyzer, exact_words, [(s, e)])
        if hits:
            shown.add(text[s:e].strip())
            best.append(((-len({h[2] for h in hits}), -len(hits), bound[2]), hits, spans()))
            best.sort(key=lambda b: b[0])
    return [_fragment(text, *sentences[i], hits[0][0], [(a, b) for a, b, _ in hits], lambda: tokens, width)  # noqa: B023
            for (_, _, i), hits, tokens in sorted(best[:max_snippets], key=lambda b: b[0][2])]


def _words_in(text: str, ranges: list[tuple[int, int]] | None) -> Iterator[tuple[str, int, int] | None]:
    """The words of ``text`` (or of its ``ranges`` only, None between two ranges that do not touch)."""
    if ranges is None:
        yield from split_words(text)
        return
    end = -1
    for a, b in ranges:
        if end >= 0 and a != end:
            yield None
        end = b
        for word, start, stop in split_words(text[a:b]):
            yield word, a + start, a + stop


def _hits(text: str, terms: QueryTerms, analyzer: Analyzer, exact_words: bool,
          ranges: list[tuple[int, int]] | None = None,
          ) -> tuple[list[tuple[int, int, str]], Callable[[], list[tuple[int, int]]]]:
    """Every token analysed in turn (texts with scripts written without spaces, and runs of pieces); only
    those in ``ranges`` when given (``_candidate_ranges``)."""
    forms = analyzer.forms
    spans: list[tuple[int, int]] = []  # every token, for cutting at token boundaries
    words: list[str] = []  # every token's folded form, for runs of pieces
    spelled: list[str] | None = [] if exact_words and terms.run_spellings else None  # their exact forms
    hits: list[tuple[int, int, str]] = []  # (start, end, folded) of the tokens that match
    # Whether a token follows the one before across characters a name matcher drops only (``_name_runs``)
    dropped: list[bool] | None = [] if terms.names else None
    seen, positive = terms.memo(analyzer.code, exact_words)
    for token in _words_in(text, ranges):
        if token is None:  # text left out: no run of pieces goes across it
            spans.append((-1, -1))
            words.append("")
            if spelled is not None:
                spelled.append("")
            if dropped is not None:
                dropped.append(False)
            continue
        word, start, end = token
        if dropped is not None:
            between = text[spans[-1][1]:start] if spans and spans[-1][1] >= 0 else ""
            dropped.append(bool(between) and not between.strip(DROPPED))
        spans.append((start, end))
        if word in positive:
            hits.append((start, end, positive[word]))
        elif word not in seen:
            exact, folded, stem = forms(word)
            if terms.matches(word, exact, folded, stem, analyzer.code, exact_words):
                positive[word] = folded
                hits.append((start, end, folded))
            seen.add(word)
        if terms.sequences:
            words.append(forms(word)[1])
            if spelled is not None:
                spelled.append(forms(word)[0])
    if terms.sequences:
        runs = _runs(terms.sequences, words, spans, spelled, terms.run_spellings)
        if dropped is not None:
            runs += _name_runs([seq for seq in terms.sequences if "".join(seq) in terms.names], words, spans, dropped)
        if terms.hiding and terms.names:
            hidden = _runs(terms.hiding, words, spans) + _name_runs(terms.hiding, words, spans, dropped or [])
            runs = [r for r in runs
                    if r[2] not in terms.names or not any(a <= r[0] and r[1] <= b for a, b, _ in hidden)]
        hits = hits + runs
    hits = _numbers_written(text, hits, terms, ranges)
    if terms.sequences or terms.numbers:
        hits = _leftmost_longest(hits)
    return hits, lambda: spans


def _fragments(text: str, hits: list[tuple[int, int, str]], all_spans: Callable[[], list[tuple[int, int]]],
               max_snippets: int, width: int) -> list[str]:
    """The best sentences by distinct matched terms, each cut to ``width`` on token boundaries, marked."""
    marks = [(s, e) for s, e, _ in hits]
    scored = []
    hi = 0
    for idx, (s, e) in enumerate(_passages(text, hits)):
        distinct = set()
        count = 0
        while hi < len(hits) and hits[hi][0] < e:
            if hits[hi][0] >= s:
                distinct.add(hits[hi][2])
                count += 1
            hi += 1
        if count:
            scored.append((-len(distinct), -count, idx, s, e))
    scored.sort()
    return [_fragment(text, s, e, next((h[0] for h in hits if s <= h[0] < e), s), marks, all_spans, width)
            for _, _, _, s, e in sorted(_distinct(text, scored, max_snippets), key=lambda x: x[2])]


def _distinct(text: str, scored: list[tuple[int, int, int, int, int]],
              max_snippets: int) -> list[tuple[int, int, int, int, int]]:
    """The best ``max_snippets`` of ``scored`` (sorted) whose texts differ: scraped articles repeat paragraphs,
    and a hit showed the same fragment twice (4 of 81 hits of common Khmer words on km-news)."""
    kept: list[tuple[int, int, int, int, int]] = []
    seen: set[str] = set()
    for item in scored:
        if len(kept) == max_snippets:
            break
        sentence = text[item[3]:item[4]].strip()
        if sentence not in seen:
            seen.add(sentence)
            kept.append(item)
    return kept


def _passages(text: str, hits: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The text's sentences, those a match runs across joined: a passage quoted across a sentence's end or a
    line's (``"ទេ ។ វា"``, a hard-wrapped line) is shown and marked as one, where each sentence alone held only
    a piece of it and marked nothing."""
    passages: list[tuple[int, int]] = []
    reach = -1  # the furthest end of the matches begun so far
    hi = 0
    for s, e in _sentences(text):
        if passages and reach > passages[-1][1]:
            s = passages.pop()[0]
        while hi < len(hits) and hits[hi][0] < e:
            reach = max(reach, hits[hi][1])
            hi += 1
        passages.append((s, e))
    return passages


def _fragment(text: str, s: int, e: int, first: int, marks: list[tuple[int, int]],
              all_spans: Callable[[], list[tuple[int, int]]], width: int) -> str:
    """The sentence ``s:e`` cut to ``width`` around its first match on token boundaries, marked, with "…"
    where it was cut."""
    ws, we = _window(all_spans, s, e, first, width, text, marks)
    return ("…" if ws > s else "") + _render(text, ws, we, marks) + ("…" if we < e else "")


def _runs(sequences: list[tuple[str, ...]], words: list[str], spans: list[tuple[int, int]],
          spelled: list[str] | None = None, spellings: dict[tuple[str, ...], set[tuple[str, ...]]] | None = None,
          ) -> list[tuple[int, int, str]]:
    """Where the pieces of a word without spaces, or a phrase's words, stand together: (start of the first, end
    of the last, word). ``spelled``: the tokens' exact forms in an article indexed with exact spellings, where a
    phrase typed with diacritics must be spelled as typed (``spellings``)."""
    found = []
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for seq in sequences:
        by_first.setdefault(seq[0], []).append(seq)
    for i, w in enumerate(words):
        for seq in by_first.get(w, ()):
            if tuple(words[i:i + len(seq)]) == seq:
                if spelled is not None and spellings and seq in spellings \
                        and tuple(spelled[i:i + len(seq)]) not in spellings[seq]:
                    continue
                found.append((spans[i][0], spans[i + len(seq) - 1][1], "".join(seq)))
    return found


def _name_runs(names: list[tuple[str, ...]], words: list[str], spans: list[tuple[int, int]], dropped: list[bool],
               ) -> list[tuple[int, int, str]]:
    """Where an official's name stands with its words cut into more pieces by characters the name matcher drops
    (``ហេង សំ\u200bរិ\u200bន``, whose tag it found, for the name ``ហេង សំរិន``): tokens in a row that spell the
    name's words, each word ending where a token ends, the pieces of one word with only those characters between
    them (``dropped``). As ``_runs``: (start of the first token, end of the last, the name's words joined)."""
    found = []
    # by first letter: a Russian name comes in each case (49 spellings of Дональд Трамп), each was tried at every token
    by_first: dict[str, list[tuple[str, set[int]]]] = {}
    for seq in names:
        whole = "".join(seq)
        if whole:
            by_first.setdefault(whole[0], []).append((whole, set(accumulate(map(len, seq)))))
    for i, word in enumerate(words):
        for whole, ends in by_first.get(word[:1], ()):
            if not whole.startswith(word):
                continue
            at, j, reached = len(word), i, {len(word)}
            while at < len(whole):
                j += 1
                if j == len(words) or not words[j] or not (at in ends or dropped[j]) \
                        or not whole.startswith(words[j], at):
                    break
                at += len(words[j])
                reached.add(at)
            if at == len(whole) and ends <= reached:
                found.append((spans[i][0], spans[j][1], whole))
    return found


def _leftmost_longest(hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for hit in sorted(hits, key=lambda h: (h[0], -h[1])):
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


# What joins two words into one (1.220, 28/4/2021, Covid-19, TP.HCM): a window is not cut next to it.
_GLUE = frozenset(".,:-/'’_‐‑–·" + APOSTROPHES)


def _joined(text: str, at: int) -> bool:
    """Whether ``at`` lies between a letter or digit and a joining mark followed by another, or inside a
    grapheme cluster (``_in_cluster``): a window that started or ended there showed "…220 điểm" for 1.220,
    "28/4…" for 28/4/2021, or a heart without its emoji selector."""
    if not 0 < at < len(text):
        return False
    if _in_cluster(text, at):
        return True
    before = text[at - 1] in _GLUE and at >= 2 and text[at - 2].isalnum() and text[at].isalnum()
    return before or (text[at] in _GLUE and at + 1 < len(text) and text[at + 1].isalnum() and text[at - 1].isalnum())


def _in_cluster(text: str, at: int) -> bool:
    """Whether ``at`` (inside the text) lies inside a grapheme cluster: before a combining mark (a variation
    selector too), an emoji's skin tone or a zero-width joiner, or after a joiner or a Khmer coeng (its
    subscript consonant follows). A word's token may begin with a mark that follows a symbol (``❤`` + U+FE0F:
    ``split_words`` keeps marks in words), and a window started there, the selector without its heart."""
    ch, before = text[at], text[at - 1]
    return (unicodedata.category(ch)[0] == "M" or ch == "\u200d" or "\U0001f3fb" <= ch <= "\U0001f3ff"
            or before in "\u200d\u17d2")


def _window(all_spans: Callable[[], list[tuple[int, int]]], s: int, e: int, first: int,
            width: int, text: str, marks: list[tuple[int, int]]) -> tuple[int, int]:
    """At most ``width`` characters of the sentence ``s:e`` around its first match, on token boundaries that do
    not split a word joined by punctuation (``_joined``) nor a match (``marks``, sorted: a phrase cut by the
    window showed its first word marked alone) where another boundary will do."""
    if e - s <= width:
        return s, e
    inside = [sp for sp in all_spans() if s <= sp[0] and sp[1] <= e]
    if not inside:
        return s, min(e, s + width)
    lo = max(s, first - width // 3)
    starts = [a for a, _ in inside if a <= first and not _joined(text, a)]
    start = next((a for a in starts if a >= lo), starts[-1] if starts else inside[0][0])
    if start - s < 3:
        start = s
    hi = start + width
    ends = [b for _, b in inside if first < b <= hi]  # those that show the first match
    whole = [b for b in ends if not _joined(text, b)]
    end = max((b for b in whole if not _in_mark(marks, b)),
              default=max(whole, default=max((b for _, b in inside if b <= hi), default=inside[-1][1])))
    return start, max(end, start)


def _in_mark(marks: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` lies inside one of the ``marks`` (sorted, not overlapping)."""
    i = bisect_left(marks, (at,)) - 1
    return i >= 0 and marks[i][1] > at


def lead_end(text: str, ends: list[int], width: int) -> int:
    """Where the start of a long article is cut: the last word's end within ``width`` that does not split a
    word joined by punctuation (``_joined``: "Covid…" for Covid-19), else the last word's end."""
    cut = max((end for end in ends if end <= width and not _joined(text, end)),
              default=max((end for end in ends if end <= width), default=width))
    while 0 < cut < len(text) and _in_cluster(text, cut):  # no word ends in the width: a cluster stays whole
        cut -= 1
    return cut


def leading_text(text: str, width: int = 240) -> str:
    """The start of an article, for hits whose match is in the title or metadata only."""
    if len(text) <= width:
        return html.escape(text.strip())
    tokens = analyzer_for(None).tokens(text[: width + 40])
    return html.escape(text[:lead_end(text, [t.end for t in tokens], width)].strip()) + "…"
