"""Text -> ISO 639-1 language code.

Two steps, cheapest first (DESIGN.md, "language id"):

1. **Script.** Letters are counted per Unicode block; a non-Latin script that holds the majority of the
   letters decides alone (Khmer -> ``km``, Thai -> ``th``, Han -> ``zh`` ...). No statistics needed, and no
   statistical detector confuses Khmer with anything.
2. **Latin script only:** ``py3langid`` restricted to the Latin-script languages of the language table
   (``search/lang/table.py``).
   Unrestricted, every detector calls Indonesian "Malay" and unaccented Vietnamese "Shona"; restricted, the
   model gets all 2,653 vi-news articles right, with or without their accents.
   Malay is left out of the candidates on purpose: our sources write Indonesian, and the two are too close
   for a character n-gram model to separate on news text (DESIGN.md trap 5).

Unaccented Vietnamese (``Thu tuong Pham Minh Chinh``) has lost the letters that make it easy. On short text
(a title) the model misses 8% of it; a small list of Vietnamese function words that stay distinctive without
accents (``cua``, ``nhung``, ``duoc``) brings that down to 3%, and the shape of its syllables (``Benh gan``: an
onset and a rhyme of closed sets, one only Vietnamese writes) to 1.5% (40 of the 2,653 vi-news titles without
their accents, 73 before; lowercased 74, 103 before; their first paragraphs 32, 60 before). Names (capitalised
words) are left out of that count: Vietnamese and Cambodian names have the same shape, and counted they made
English, French and Indonesian titles that name them Vietnamese (``Hun Sen meets Nguyen Xuan Phuc``); in Title
Case, where a capital tells no name, every word is counted (misread 70 of those titles, 103 before). A record's
own language (its ``lang`` field, ``--lang``) is never detected.

Names are left out of every Vietnamese rule (accented letters, function words, syllables), a script of its own
with 15% of the letters wins over Latin, and Latin text the model gives less than one chance in two is ``und``:
the vi-news titles without accents now misread 17 (27 ``und``), lowercased 22 (65), in Title Case 8 (99).

py3langid and its model are imported on first use, not at import time: the CLI must start fast and many
commands never detect anything. The model restricted to our candidates is kept in the user's cache
(``~/.cache/search``): every index worker process loads it, in 0.13-0.25 s instead of 0.64-0.86 s.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import tempfile
from array import array
from functools import cache
from pathlib import Path
from typing import Any, Protocol, cast

from ..lang.table import LANGUAGES, SCRIPTS, spans
from ..usercache import cache_file

UNDETERMINED = "und"

# How much text the script counter and the model look at: the cost is the model's byte-by-byte walk, and the
# language of an article is settled early (1,000 characters already get all vi-news, accented or not, and
# all km-news right; 2,000 leaves a margin).
SAMPLE_CHARS = 2000

# Script -> language, from the script table. Where a script serves several of our languages (Cyrillic: ru
# and sr; Arabic: ar and fa; Devanagari: hi and ne), the row names the one our sources write; the model is
# not consulted for these. Each block counts letters *and* the script's combining vowel signs, which ``\w``
# misses (trap 4). Latin text (no language of its own) goes to the model.
# A script's letters are counted over the text's code points, with one gather through a table of each code
# point's script and one count of each (``_script_table``): a pass a script in C (a search for its letters, then
# the length of the text without the runs of everything else) cost 140 us for a Khmer article's 1,000 characters.
_CODES = [(i, s.language or "") for i, s in enumerate(SCRIPTS, 1) if s.name != "Latin"]
_LATIN = next(i for i, s in enumerate(SCRIPTS, 1) if s.name == "Latin")
# Letters of scripts we do not know (Georgian, Ethiopic...): ``\w`` minus digits, underscore and our blocks.
_OTHER = re.compile(f"[^\\W\\d_{''.join(s.ranges for s in SCRIPTS)}]")
# A text with no character outside ASCII, our scripts and General Punctuation (which holds no letter) has no
# letter of another script: one cheap pass instead of ``_OTHER``'s Unicode look-ups on every character.
_MAYBE_OTHER = re.compile(f"[^\\x00-\\x7f{''.join(s.ranges for s in SCRIPTS)}\u2000-\u206f]")

# A script of its own holding this share of the letters wins over Latin: 15% of 1,000 characters of English is
# some 120 Khmer letters or Chinese characters, more than an English article's names in their own script; a
# Khmer article's lead and title before a long English quote hold at least that in 981 of those 1,000, 937 at 20%.
_OWN_SCRIPT_SHARE = 0.15

# Japanese writes Han and kana together; Chinese has at most a stray kana in a brand name.
_KANA_SHARE_FOR_JAPANESE = 0.2
# A Japanese headline or short article is mostly Han, but its grammar is hiragana (the particles を, に, が, は,
# で, と, the endings of verbs): "日銀、金融政策を維持" has 1 kana in 10 letters. Chinese writes none of them (a
# brand may use の, which is left out, or a katakana name; an article may quote a Japanese word): hiragana
# other than の in 5% of the Han and kana letters is Japanese.
_HIRAGANA = re.compile("[^\u3041-\u306d\u306f-\u309f]+")  # hiragana but の (U+306E)
_HIRAGANA_SHARE_FOR_JAPANESE = 0.05

# The model's answer is kept when it has at least one chance in two among our candidates (py3langid's probability,
# calibrated to the text's length): below, a text is too short to tell, and says so (``und``, "Undetermined" in
# the facet) instead of a confident wrong label. On the 1,398 Cranfield titles (``aircraft flutter .``,
# ``on turbulent lubrication .``): 7 were French, Norwegian, Sesotho, Dutch or Irish, 2 now, and 30 undetermined
# (25 of them English before); their abstracts, the vi-news articles and their titles with a lead, accented or
# not, the seeds and generated French, Indonesian and Spanish wire articles: none undetermined.
_MIN_CONFIDENCE = 0.5

# Latin-script candidates for the model: the table's Latin rows that language id may answer.
_CACHE_FORMAT = 3  # of the cached model (3: its automaton and its weights in a file of their own, mapped)
_LATIN_CANDIDATES = tuple(sorted(c for c, row in LANGUAGES.items() if row.script == "Latin" and row.detect))
_VI_UNACCENTED = LANGUAGES["vi"].unaccented_words
# Languages recognised by letters of their own (Vietnamese ạ ả ấ ơ ư...): on vi-news every article has at least
# 8.8% of its letters there (median 16%); no other table language writes them.
# Counted in the words that are no names: those in lower case, and a capitalised word with no capitalised
# neighbour (``Bệnh gan``, ``Tỷ phú Warren Buffett``: a sentence's first word), as a name is one word of several
# (``Nguyễn Phú Trọng``, ``Lương Cường``). A French, Indonesian or Spanish article naming Vietnamese officials with
# their accents has those letters in the names: counted among all its letters (3% of them made an article
# Vietnamese), they made Vietnamese 43 to 46 of 300 such generated wire articles of 2 to 8 sentences, and 81 to 94
# of 300 one-sentence titles; and the letters of a long English quote diluted a Vietnamese article's own below 3%
# (230 of the 2,653 vi-news articles with a Cranfield abstract quoted after their lead). Now 4% of the words.
_OWN_LETTERS = [(code, re.compile(f"[{row.own_letters}]"), re.compile(f"[^{row.own_letters}]+"))
                for code, row in LANGUAGES.items() if row.own_letters]
_OWN_WORD_SHARE = 0.04
# Without looking at words: 300 Latin letters or more, 8% of them the language's own (vi-news: 8.8% at least, in
# 2,652 of its articles; generated French, Indonesian, Spanish wire articles denser in accented names than any
# real one, 5.5% at most).
_OWN_FAST_LETTERS = 300
_OWN_FAST_SHARE = 0.08
# Measured share of these words: unaccented vi-news articles min 0.10, median 0.20; the fr and id seeds and
# Cranfield (en) at most 0.015, and no false positive on 3,000 of their sentences.
_VI_WORD_SHARE = 0.08
# Or five of them (three different at least) and 3% of the words: a long English quote in an unaccented Vietnamese
# article diluted them (1,044 of the 2,653 vi-news articles without accents, a Cranfield abstract quoted after
# their lead, were English; 79 with this). Cranfield abstracts hold one at most, the fr, id, es generated wire
# articles none, 3,000 runs of 150 Snowball-vocabulary words of 7 languages two at most.
_VI_WORDS_IN_A_QUOTE = 5
_VI_DISTINCT_WORDS = 3
_VI_WORD_SHARE_IN_A_QUOTE = 0.03
# A title is too short for both (``Benh gan``, ``13 tuoi vao dai hoc``: 73 of the 2,653 vi-news titles without
# their accents, 103 lowercased, were read as another language, and their words analysed as that language's).
# Its words are Vietnamese syllables, an onset and a rhyme of closed sets, as few words of other languages are
# (``star``, ``and``, ``pemimpin``, ``reçoit`` are not), and one at least has a shape only Vietnamese writes
# (``nguoi``, ``benh``, ``khoe``, ``truong``). Names are left out of the count: every word with a capital but the
# first, unless the whole text is in capitals or in Title Case (four words or more, most with a capital), where a
# capital tells no name and every word counts, as in a lowercased text: left out, they left Vietnamese titles too
# few words (``13 Tuoi Vao Dai Hoc``; in Title Case, 103 of the 2,653 vi-news titles without accents were read as
# another language, 70 counting every word); two or three such words may be a name alone (``Kuoy Bun Reun``,
# ``Vuong Dinh Hue``) or ``Mon Dieu``, judged as before. Vietnamese and Cambodian names are syllables of that shape too
# (``Hun Sen meets Nguyen Xuan Phuc``, ``Jokowi bertemu Nguyen Xuan Phuc``, ``Flooding in Ho Chi Minh City``):
# counted, they made Vietnamese 432 more of 1,900 English titles "{a} meets {b}"... with 20 regional names, 392
# more of 1,140 French and 357 more of 1,140 Indonesian ones. At least two words must remain, as many as the
# names, and 90% of them syllables (all of them under ten). Measured against the function words alone: vi-news
# titles without accents misread 73 -> 40, lowercased 103 -> 74, their first paragraphs 60 -> 32; and not one
# text more read as Vietnamese among those templates in English, French, Indonesian and Spanish (as written,
# lowercased, in capitals, in title case), the reviewer's 26 titles, the 1,398 Cranfield titles, leads and
# abstracts, its 225 queries, the seeds' 28 sentences, 105,000 runs of 2 to 8 words (21,000 lowercased) and
# 14,000 of 8 to 25 (half lowercased) drawn from the Snowball vocabularies of English, French, Indonesian,
# Spanish, Portuguese, German and Italian with 1 to 4 names of the names CSV inserted.
_LETTERS = re.compile(r"[^\W\d_]+")
_VI_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?")
_TITLE_CASE_MIN_WORDS = 4
_VI_ONLY = re.compile(r"(?:ngh|ng|nh|kh|gh)[aeiouy].*|.*[aeiouy]nh|.*(?:uo|ieu|uye).*")


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


_identifier: _Identifier | None = None


def _latin_identifier() -> _Identifier:
    """py3langid restricted to our Latin candidates, loaded once on first use: from the user's cache when an
    earlier process left the restricted model there (0.13-0.25 s), else from py3langid's compressed model
    (0.5-0.7 s, most of it decompressing), which is then cached. Every index worker process loads it."""
    global _identifier
    if _identifier is None:
        _identifier = _cached_identifier() or _load_identifier()
    return _identifier


def _cache_file() -> Path | None:
    """Where the restricted model is cached; None where that cannot be told (no home folder, py3langid's
    version unknown): the model is then loaded from py3langid each time."""
    from importlib.metadata import version

    try:
        langs = hashlib.sha256(",".join(_LATIN_CANDIDATES).encode()).hexdigest()[:12]
        return cache_file(f"langid-{version('py3langid')}-{langs}-{_CACHE_FORMAT}.npz")
    except (ImportError, OSError):
        return None


def _load_identifier() -> _Identifier:
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
    # py3langid has no types; norm_probs: the answer's probability among our candidates (_MIN_CONFIDENCE)
    window = _window(np.frombuffer(nextmove, dtype=nextmove.typecode), np.frombuffer(row, dtype=row.typecode))
    ident: Any = _walker()(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row, window=window)
    known = set(ident.labels)
    ident.set_languages([c for c in _LATIN_CANDIDATES if c in known])
    target = _cache_file()
    if target is None:
        return cast(_Identifier, ident)
    try:  # the restricted model, as the arrays it is made of; a cache that cannot be written is no error
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    except OSError:
        return cast(_Identifier, ident)
    try:
        # The large tables first, in a file of their own (``_tables_file``), then the rest: a reader finds both
        # or no model (the rest says how large the tables are).
        transitions = np.frombuffer(nextmove, dtype=nextmove.typecode)
        ptc = np.ascontiguousarray(ident.nb_ptc, dtype=np.float32)
        with os.fdopen(fd, "wb") as out:
            np.save(out, np.concatenate([transitions, ptc.view(np.uint32).ravel()]))
        os.replace(tmp, _tables_file(target))  # whole or not at all, whatever other processes do
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            np.savez(out, ptc=np.array(ptc.shape), pc=ident.nb_pc, classes=np.array(ident.nb_classes),
                     transitions=np.array(len(transitions)), row=np.frombuffer(row, dtype=row.typecode),
                     output=np.array(output, dtype=np.int32), window=np.array(window))
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return cast(_Identifier, ident)


def _tables_file(cached: Path) -> Path:
    """The cached model's two large tables, a file of its own beside ``cached``, mapped, not read: its byte
    automaton (``nextmove``, uint32), then its features' weights (``nb_ptc`` as float32, a row a feature)."""
    return cached.with_name(cached.stem + "-tables.npy")


def _cached_identifier() -> _Identifier | None:
    import numpy as np

    cached = _cache_file()
    if cached is None:
        return None
    try:
        with np.load(cached, allow_pickle=False) as data:
            row = array(data["row"].dtype.char)
            row.frombytes(memoryview(data["row"]).cast("B"))
            # Mapped: only the pages of the states and features the texts reach are read, once for every worker
            # process (the tables are 48 MB; each worker held a copy, the float32 weights twice)
            tables = np.load(_tables_file(cached), mmap_mode="r", allow_pickle=False)
            moves, (features, classes) = int(data["transitions"]), data["ptc"].tolist()
            if tables.shape != (moves + features * classes,) or tables.dtype != np.uint32:
                return None
            ptc = tables[moves:].view(np.float32).reshape(features, classes)
            return _walker()(ptc, data["pc"], data["classes"].tolist(), tables[:moves],  # type: ignore[no-any-return]
                             data["output"], norm_probs=True, tk_row=row, window=int(data["window"]))
    except Exception:  # noqa: BLE001 - absent, written by another version, or damaged: made again
        return None


def _window(nextmove: Any, row: Any) -> int:
    """How many bytes decide the state of the model's byte automaton: the depth of its deepest state (the length
    of the shortest byte string that reaches it from the start). langid.py's tokenizer is an Aho-Corasick
    automaton over byte n-grams: its state after any text is the longest suffix of the text that is a prefix of
    a feature, the same as after reading only the text's last ``window`` bytes from the start (6 for py3langid
    0.4.0's model, whose states are 104,583)."""
    import numpy as np

    depth = np.full(len(row), -1, dtype=np.int64)
    depth[0] = 0
    frontier, d = np.zeros(1, dtype=np.int64), 0
    while len(frontier):
        d += 1
        reached = np.unique(nextmove[(row[frontier].astype(np.int64)[:, None] << 8) + np.arange(256)])
        frontier = reached[depth[reached] < 0]
        depth[frontier] = d
    return int(depth.max())


@cache
def _walker() -> type:
    """py3langid's identifier, its byte-by-byte walk (a Python step per byte: 0.66 s of a 5k build's workers for
    the 1,400 Latin-script articles) done with numpy: the state at each byte is found from the ``window`` bytes
    that end there (``_window``), ``window`` gathers over the whole text; the features counted are the same, in the
    same order (their first visit: the order of the scores' float additions), so the scores are the same floats."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    class Walker(LanguageIdentifier):  # type: ignore[misc]
        __slots__ = ("_next", "_row", "_out", "_window", "_ptc")

        def __init__(self, *args: Any, window: int, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            moves = self.tk_nextmove  # an array, or the cached model's mapped file (numpy)
            # a plain array over the cached model's mapped file (np.memmap's indexing adds a Python call a gather)
            self._next = np.asarray(moves) if isinstance(moves, np.ndarray) else \
                np.frombuffer(moves, dtype=moves.typecode)
            self._row = np.frombuffer(self.tk_row, dtype=self.tk_row.typecode).astype(np.int64) << 8
            # py3langid's walk (its _raw_score) reads the same, from a list of 104,583 ints
            self._rowbase = self._row  # type: ignore[misc]
            self._out = np.asarray(self.tk_output, dtype=np.int64)
            self._window = window
            self._ptc = np.asarray(self.nb_ptc, dtype=np.float32)  # the cached model's mapped table as it is

        def set_languages(self, langs: list[str] | None = None) -> None:
            super().set_languages(langs)
            # The same values as float32, a row a feature in one piece: the rows of a text's features are gathered
            # in 8 us instead of 36, and their product with the counts takes 3 us instead of 56 (numpy casts the
            # float16 rows to float32 for that product: the same float32 product).
            self._ptc = self.nb_ptc.astype(np.float32)

        def _raw_score(self, text: bytes) -> Any:
            data = np.frombuffer(text, dtype=np.uint8)
            n = len(data)
            state = np.zeros(n, dtype=np.int64)
            for back in range(min(self._window, n) - 1, -1, -1):  # byte i - back, for every byte i >= back
                state[back:] = self._next[self._row[state[back:]] + data[: n - back]]
            feature = self._out[state]
            at = np.flatnonzero(feature >= 0)
            if not len(at):
                return super()._raw_score(text)
            # Each visit keyed by (feature, byte), sorted: a feature's visits together, its first visit first.
            key = np.sort(feature[at] * n + at)
            found = key // n
            start = np.flatnonzero(np.concatenate(([True], found[1:] != found[:-1])))
            counts = np.diff(start, append=len(key))
            order = np.argsort(key[start] % n)  # features in the order of their first visit, as py3langid's Counter
            # py3langid's _sparse_score, on the arrays its dict would give
            return np.log1p(counts[order].astype(np.float32)) @ self._ptc[found[start][order]] + self.nb_pc

    return Walker


@cache
def _script_table() -> Any:
    """The number of each code point's script (``SCRIPTS``, from 1), up to the last of their ranges, and one
    entry more, 0 (no script's), that every code point above it is counted as."""
    import numpy as np

    # (filled from the ranges' code points: a search of each script's class over a string of every code point up
    # to the last took 0.05 s of CPU, in each indexing worker; the same table, tests/ingest/test_langid_tables.py)
    runs = [(number, first, last) for number, script in enumerate(SCRIPTS, 1) for first, last in spans(script.ranges)]
    table = np.zeros(max(last for _, _, last in runs) + 2, dtype=np.uint8)
    for number, first, last in runs:
        table[first:last + 1] = number
    return table


def script_counts(text: str) -> dict[str, int]:
    """Letters per script in ``text``: ``{"km": 812, "latin": 14}``; ``"other"`` counts unknown scripts."""
    import numpy as np

    table = _script_table()
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    found = np.bincount(table[np.minimum(points, len(table) - 1)], minlength=len(SCRIPTS) + 1).tolist()
    counts: dict[str, int] = {}
    for number, code in _CODES:
        if n := found[number]:
            counts[code or "other"] = counts.get(code or "other", 0) + n
    if n := found[_LATIN]:
        counts["latin"] = n
    if _MAYBE_OTHER.search(text) is not None and (n := len(_OTHER.findall(text))):
        counts["other"] = counts.get("other", 0) + n
    return counts


def _without_names(words: list[str], text: str) -> list[str]:
    """The words of ``text`` but its names: every word with a capital but the first, unless the whole text is in
    capitals or in Title Case (four words or more, at most a quarter of them in lower case), where a capital tells
    no name and every word counts. A wire sentence naming officials has more capitalised words than not (``Le
    président Trần Thanh Mẫn a reçu Nguyễn Phú Trọng, Heng Samrin et Prak Sokhonn``) but is no Title Case:
    "most words with a capital" counted its names (Vietnamese 20 to 35 of 300 such French, Indonesian and Spanish
    titles without accents, 81 to 94 with them)."""
    lowered = list(map(str.islower, words))  # in C: an English article's 150 words went through Python twice
    if text.isupper() or (len(words) >= _TITLE_CASE_MIN_WORDS and 4 * sum(lowered) <= len(words)):
        return words
    return words[:1] + list(itertools.compress(words[1:], lowered[1:]))


def _looks_like_unaccented_vietnamese(text: str, words: list[str]) -> bool:
    """Vietnamese function words (``cua``, ``duoc``) among the words but the names, or the syllables of a title.
    Counted among all the words, the names' syllables (``Nguyen Phu Trong``, ``Bui Thanh Son``: ``phu``,
    ``trong``, ``thanh`` are function words too) made Vietnamese 28 to 35 of 300 French, Indonesian and Spanish
    wire titles, and 1 to 9 of 300 articles."""
    if len(words) < 2:
        return False
    counted = list(map(str.lower, _without_names(words, text)))
    found = list(filter(_VI_UNACCENTED.__contains__, counted))
    if len(counted) >= 4 and len(found) >= _VI_WORD_SHARE * len(counted):
        return True
    if (len(found) >= _VI_WORDS_IN_A_QUOTE and len(set(found)) >= _VI_DISTINCT_WORDS
            and len(found) >= _VI_WORD_SHARE_IN_A_QUOTE * len(counted)):
        return True
    return _looks_like_vietnamese_syllables(text, words, counted)


def _looks_like_vietnamese_syllables(text: str, words: list[str], counted: list[str] | None = None) -> bool:
    """At least two words besides the names, as many as the names, 90% of them (all of them under ten) Vietnamese
    syllables, one of a shape only Vietnamese writes. A word with a letter outside a-z (``reçoit``) is no
    syllable. ``words``: the letters of ``text`` (``_LETTERS``); ``counted``: those but the names, in lower case
    (``_without_names``), when the caller has them."""
    if counted is None:
        counted = [w.lower() for w in _without_names(words, text)]
    if len(counted) < 2 or 2 * len(counted) < len(words):
        return False
    # Read up to the word that makes more than a tenth no syllable: a few words into a text in another language
    # (every word matched, the 1,398 English articles of the 5k benchmark corpus took 0.15-0.18 s of CPU here,
    # 0.06 s now).
    syllables = []
    misses = 0
    for w in counted:
        if _VI_SYLLABLE.fullmatch(w):
            syllables.append(w)
        else:
            misses += 1
            if 10 * misses > len(counted):
                return False
    return any(_VI_ONLY.fullmatch(w) for w in syllables)


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` (pass title and body together); ``"und"`` when it has no letters.

    ``"und"`` is also the answer for a script outside our table (Hangul, Georgian...), and for Latin-script text
    too short for the model to tell (``_MIN_CONFIDENCE``).
    """
    sample = text[:SAMPLE_CHARS]
    counts = script_counts(sample)
    if not counts:
        return UNDETERMINED
    if "zh" in counts or "ja" in counts:
        han, kana = counts.pop("zh", 0), counts.pop("ja", 0)
        japanese = kana >= _KANA_SHARE_FOR_JAPANESE * (han + kana) or (
            kana > 0 and len(_HIRAGANA.sub("", sample)) >= _HIRAGANA_SHARE_FOR_JAPANESE * (han + kana))
        counts["ja" if japanese else "zh"] = han + kana
    script = max(counts, key=lambda k: counts[k])
    if script == "latin" and (scripts := [k for k in counts if k not in ("latin", "other")]):
        # Latin letters in a text of another script are quotes, names and brands: a Khmer article quoting an
        # English paragraph is Khmer (738 of the 1,000 km-news articles with a Cranfield abstract after their
        # lead were English: Latin held most of their first 1,000 characters, 268 of the whole article).
        other = max(scripts, key=lambda k: counts[k])
        if counts[other] >= _OWN_SCRIPT_SHARE * sum(counts.values()):
            script = other
    if script == "other":
        return UNDETERMINED
    if script != "latin":
        return script
    words: list[str] = []  # the sample's words, found when a rule needs them
    named = ""  # a language whose own letters are in the names only
    for code, letter, outside in _OWN_LETTERS:  # decided without the model (1.4 ms an article)
        if letter.search(sample) is None:
            continue  # most text: none of these letters
        if counts["latin"] >= _OWN_FAST_LETTERS and len(outside.sub("", sample)) >= _OWN_FAST_SHARE * counts["latin"]:
            return code  # every vi-news article, one pass in C
        words = _LETTERS.findall(sample)
        capital = [not w.islower() for w in words] + [False]  # [-1]: no neighbour before the first word
        unnamed = [w for i, w in enumerate(words) if not capital[i] or not (capital[i - 1] or capital[i + 1])]
        own = sum(1 for w in unnamed if letter.search(w))
        if own and own >= _OWN_WORD_SHARE * len(unnamed):
            return code
        if not own:
            named = code
    identifier = _latin_identifier()
    lang, confidence = identifier.classify(sample)
    if lang == named or confidence < _MIN_CONFIDENCE:
        words = words or _LETTERS.findall(sample)
        lower = [w for w in words if w.islower()]
        if 0 < len(lower) < len(words):
            # The model reads the names' letters (Indonesian naming Nguyễn Phú Trọng, Trần Thanh Mẫn: Vietnamese),
            # or the names leave it unsure (``Le president Sar Kheng a recu Prak Sokhonn, Luong Cuong et Hun Sen``):
            # the other words decide.
            lang, confidence = identifier.classify(" ".join(lower))
    if (lang != "vi" or confidence < _MIN_CONFIDENCE) and \
            _looks_like_unaccented_vietnamese(sample, words or _LETTERS.findall(sample)):
        return "vi"
    return lang if confidence >= _MIN_CONFIDENCE else UNDETERMINED


def contradicts(declared: str, text: str) -> bool:
    """``text`` is not in the language a page declares (``"en-US"``): the text is of another script (a Khmer or
    Chinese page whose site template says ``lang="en-US"``), or a Latin-script language other than Vietnamese on a
    text whose letters are Vietnamese's own as densely as in any vi-news article (``_OWN_FAST_SHARE``). A code
    outside the table, or a text too short to tell, contradicts nothing (the record's reader notes the first)."""
    row = LANGUAGES.get(re.split(r"[-_]", declared.lower(), maxsplit=1)[0])
    detected = LANGUAGES.get(detect_language(text))
    if row is None or detected is None or detected.code == row.code:
        return False
    if detected.script != row.script:
        # Japanese written in kanji with little kana (a headline, a list) reads as Chinese: only kana tell them
        return {detected.script, row.script} != {"Han", "Kana"}
    sample = text[:SAMPLE_CHARS]
    latin = script_counts(sample).get("latin", 0)
    own = [len(outside.sub("", sample)) for code, _, outside in _OWN_LETTERS if code != row.code]
    return latin >= _OWN_FAST_LETTERS and any(n >= _OWN_FAST_SHARE * latin for n in own)
