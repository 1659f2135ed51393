"""The search page's engine and the fixed tables it runs with: the js/ files joined into ``search/engine.js``,
the language and script tables, the CLI's ranking constants, the officials' names, and which of ICU's word
lists the collection needs. All taken from the Python side, so that a change there changes the page too."""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from typing import Any

from ..analysis.tokenize import APOSTROPHES
from ..lang.acronyms import MAX_CAPITALS, MAX_DOTTED, MAX_SHORT, MIN_LETTERS
from ..lang.fold import ARABIC_LETTERS, COMPAT, DIGIT_ZEROS, OPTIONAL_MARKS, SAME_LETTERS, SPECIAL
from ..lang.han import simplified_table
from ..lang.invisible import INSIDE_WORD, INVISIBLE, SPACED_LETTERS, VI_MARKED
from ..lang.marks import MARKS
from ..lang.numbers import (
    DATE_WORDS,
    DECIMAL_POINTS,
    GROUP_DIGITS,
    GROUP_MARKS,
    GROUP_SPACES,
    HAN_DIGITS,
    HAN_NAMES,
    HAN_PERCENT,
    HAN_POINTS,
    HAN_UNITS,
    KEY_MARK,
    MAX_BEFORE,
    MAX_GLUE,
    MAX_HAN,
    MAX_PERCENT,
    NUMBER_SIGNS,
    PERCENT_BEFORE,
    PERCENT_FIRST,
    PERCENT_GLUE,
    PERCENT_SIGNS,
    PERCENT_SPACES,
    PERCENT_WORDS,
    PERCENT_WORDS_OF,
    POINT_WORDS,
    RANGE_DASHES,
    RANGE_INFLECTED,
    RANGE_UNITS,
    RANGE_WORDS,
)
from ..lang.pieces import (
    GLUE_SPACES,
    GROUP_SEPARATORS,
    HOUR_WORDS,
    HYPHENS,
    LAST_HOUR,
    MAX_CUTS,
    MIN_AFTER_DIGIT,
    MIN_BEFORE_DIGIT,
    MIN_DOTTED,
    MIN_GROUPED,
    UNIT_LETTERS,
)
from ..lang.spelling import MYANMAR_ORDER
from ..lang.table import ACCENTED, JOINERS, LANGUAGES, NAMES_INSIDE_WORDS, REPEAT_MARKS, SEGMENTED, SENTENCE_END
from ..lang.thai import RULE_PATTERNS
from ..lang.vietnamese import FOLDED_SYLLABLE, INITIAL_MARK, LONGEST_SYLLABLE, MAX_SYLLABLES, MIN_CUT, NAME_MARK
from ..officials.match import STROKED, mark_signature
from ..query import compile as qc
from ..query import searcher as qs
from ..query.score import K1, PRIOR_DOCS, B
from ..query.searcher import SearchIndex
from . import icudict, pack

# The page's engine, in load order (search/site/js/; joined into search/engine.js).
ENGINE_SOURCES = ("data.js", "text.js", "khmer.js", "thai.js", "vietnamese.js", "segment.js", "analysis.js",
                  "syntax.js", "reader.js", "names.js", "compile.js", "score.js", "snippets.js", "searcher.js",
                  "page.js")
STEMMER = "vendor/snowball-stem.js"  # built by stemmer_bundle.py from the pinned npm package


def tables(han: bool = True) -> dict[str, Any]:
    """The language and script tables the page's analysis needs, taken from search/lang (one source);
    ``han``: with the Chinese table (17 KB: a collection with Chinese or Japanese characters)."""
    simplified = simplified_table() if han else {}
    return {
        "hanSimplified": ["".join(simplified), "".join(simplified.values())],
        "marks": MARKS, "segmented": SEGMENTED, "accented": ACCENTED, "joiners": "".join(sorted(JOINERS)),
        "sentenceEnd": SENTENCE_END, "special": SPECIAL, "namesInsideWords": NAMES_INSIDE_WORDS,
        "languages": {code: {"name": row.name, "stemmer": row.stemmer} for code, row in LANGUAGES.items()},
        "wordBreak": icudict.word_break_classes(SEGMENTED),
        "invisible": INVISIBLE, "spacedLetters": SPACED_LETTERS, "insideWord": INSIDE_WORD.pattern,
        "viMarked": VI_MARKED, "sameLetters": SAME_LETTERS, "arabicLetters": ARABIC_LETTERS,
        "digitZeros": DIGIT_ZEROS, "compat": COMPAT, "repeatMarks": REPEAT_MARKS,
        "groupSeparators": "".join(sorted(GROUP_SEPARATORS)), "minGrouped": MIN_GROUPED,
        "hyphens": "".join(sorted(HYPHENS)), "maxCuts": MAX_CUTS, "minDotted": MIN_DOTTED,
        "glueSpaces": "".join(sorted(GLUE_SPACES)), "hourWords": sorted(HOUR_WORDS), "lastHour": LAST_HOUR,
        "minAfterDigit": MIN_AFTER_DIGIT, "minBeforeDigit": MIN_BEFORE_DIGIT, "unitLetters": sorted(UNIT_LETTERS),
        "thaiLao": RULE_PATTERNS, "myanmarOrder": MYANMAR_ORDER, "apostrophes": APOSTROPHES,
        "optionalMarks": OPTIONAL_MARKS.pattern,
        "acronymLetters": [MIN_LETTERS, MAX_CAPITALS, MAX_DOTTED, MAX_SHORT],
        "numbers": {"points": DECIMAL_POINTS, "percent": PERCENT_SIGNS, "spaces": PERCENT_SPACES, "group": GROUP_DIGITS,
                    "mark": KEY_MARK, "groups": GROUP_SPACES, "groupMarks": GROUP_MARKS, "signs": NUMBER_SIGNS,
                    "words": PERCENT_WORDS, "before": PERCENT_BEFORE,
                    "first": PERCENT_FIRST, "glue": PERCENT_GLUE, "maxGlue": MAX_GLUE,
                    "dates": sorted(DATE_WORDS), "maxBefore": MAX_BEFORE,
                    "rangeDashes": RANGE_DASHES, "rangeWords": RANGE_WORDS, "pointWords": POINT_WORDS,
                    "rangeUnits": RANGE_UNITS, "rangeInflected": RANGE_INFLECTED, "maxPercent": MAX_PERCENT,
                    "hanPercent": HAN_PERCENT.pattern, "hanDigits": HAN_DIGITS, "hanUnits": HAN_UNITS,
                    "hanPoints": HAN_POINTS, "hanNames": HAN_NAMES, "maxHan": MAX_HAN,
                    "wordsOf": PERCENT_WORDS_OF},
        "foldedSyllable": FOLDED_SYLLABLE, "minCut": MIN_CUT, "maxSyllables": MAX_SYLLABLES,
        "longestSyllable": LONGEST_SYLLABLE, "nameMark": NAME_MARK, "initialMark": INITIAL_MARK,
    }


def constants() -> dict[str, Any]:
    """The CLI's ranking and query constants, so that a change there changes the page too."""
    return {"K1": K1, "B": B, "PRIOR_DOCS": PRIOR_DOCS, "EXACT_BONUS": qc.EXACT_BONUS,
            "STEM_WEIGHT": qc.STEM_WEIGHT, "VARIANT_STEM_WEIGHT": qc.VARIANT_STEM_WEIGHT,
            "TITLE_BONUS": qc.TITLE_BONUS, "ADJACENCY_BONUS": qc.ADJACENCY_BONUS,
            "MAX_EXPANSION": qc.MAX_EXPANSION, "MAX_SPELLINGS": qc.MAX_SPELLINGS,
            "MAX_NAME_WORDS": qc.MAX_NAME_WORDS, "MAX_WAYS": qc.MAX_WAYS, "MAX_PREFIX_WAYS": qc.MAX_PREFIX_WAYS,
            "MAX_PASSAGE_WAYS": qc.MAX_PASSAGE_WAYS, "MAX_JOINED": qc.MAX_JOINED,
            "MAX_JOIN_WORDS": qc.MAX_JOIN_WORDS, "SYLLABLE_LANGS": qc.SYLLABLE_LANGS,
            "COMMON_SHARE": qc.COMMON_SHARE, "WORDS_PER_ACRONYM": qc.WORDS_PER_ACRONYM,
            "RELAX_BELOW": qs.RELAX_BELOW, "RELAX_WORDS": qs.RELAX_WORDS, "MOST_WORDS": qs.MOST_WORDS}


def registry_data(ix: SearchIndex) -> dict[str, Any]:
    registry = ix.registry()
    entries: dict[str, list[list[Any]]] = {}
    for key, values in registry.matcher().entries.items():
        # the accents of each word of a spelling in a spaced script (``Registry.resolve`` compares them)
        kept = [[form.official_id, cut, [mark_signature(w) for w in form.words] if form.spaced else None]
                for form, cut in values if form.official_id]
        if kept:
            entries[key] = kept
    return {"entries": entries, "honorifics": registry.honorific_keys, "stroked": "".join(sorted(STROKED)),
            "nameWords": registry.name_words,  # compile.py name_words: the longest run of words tried as a name
            "names": {o.id: o.name for o in registry.officials.values()},
            "endings": {cut: sorted(ends) for cut, ends in (LANGUAGES["ru"].name_endings or {}).items()}}


def registry_runs(ix: SearchIndex) -> dict[str, Any]:
    """For highlighting (compile.py field()): each official's names, and someone else's longer names that hold
    one of them, as runs of folded words split as the engine splits them. In a file of their own
    (search/officials/runs.js), which only a query that names an official loads (js/names.js): they were 5.6 of
    the 10.5 KB of the officials' names every query loaded (5k, deflated)."""
    registry = ix.registry()
    return {"runs": {o.id: [list(r) for r in found] for o in registry.officials.values()
                     if (found := qc.name_runs(registry.name_keys(o.id)))},
            "hiding": {o.id: [list(r) for r in found] for o in registry.officials.values()
                       if (found := qc.name_runs(registry.hiding_keys(o.id)))}}


def scripts_present(groups: Iterable[str]) -> list[str]:
    found = []
    for script, dictionary in icudict.DICTIONARIES.items():
        chars = "".join(f"{chr(a)}-{chr(b)}" for a, b in icudict.unicode_set(dictionary.chars))
        rx = re.compile(f"[{chars}]")
        if any(rx.search(g) for g in groups):
            found.append(script)
    return found


_CODE_THEN_COMMENT = re.compile(r"^([^\"'`/]*\S)  // .*$")  # code without quotes or slashes, then a comment


def squeeze(text: str) -> str:
    """A js/ file without its full-line comments, indentation and blank lines, and without a comment after code
    that holds no quote or slash (so the ``//`` cannot be inside a string or a regular expression): no token
    changes, as the sources have no multi-line strings."""
    lines = []
    in_block = False
    for line in text.splitlines():
        s = line.strip()
        if in_block:
            in_block = "*/" not in s
            continue
        if s.startswith("/*"):
            in_block = "*/" not in s
            continue
        if not s or s.startswith("//"):
            continue
        lines.append(_CODE_THEN_COMMENT.sub(r"\1", s))
    return "\n".join(lines)


def engine_source(data_format: int, engines: Iterable[dict[str, Any]] = (),
                  early: dict[str, Any] | None = None) -> bytes:
    """The page's engine: data.js as it is (it loads and inflates), then the other js/ files joined and
    deflated, for data.js to run (a third of the bytes), each squeezed first (``squeeze``: the comments after
    code, 2.7 KB of the 68 KB every query loads). ``data_format``: the data files' format (``bundle.FORMAT``),
    which the engine finds in the meta file or refuses the data. ``engines``: the collection's dictionary
    break engines (``icudict.Engine.as_dict``), ahead of the files as ``NewsSearch.engines``: with them the
    page names the dictionary entries of the query in its address before the meta file has come (segment.js).
    ``early``: the terms/ files' count and the solo files' list (bundle.py), as ``NewsSearch.early``: with them
    the page asks for its words' term files before the meta file has come (reader.js R.early)."""
    folder = resources.files("search.site").joinpath("js")
    parts = [squeeze(folder.joinpath(name).read_text(encoding="utf-8")) for name in ENGINE_SOURCES]
    head = f"NewsSearch.engines = {pack.to_json(list(engines))};\nNewsSearch.early = {pack.to_json(early)};"
    rest = pack.raw_string(pack.deflate(("\n".join([head, *parts[1:]]) + "\n").encode("utf-8")))
    if not parts[0].isascii():  # the page reads engine.js as x-user-defined (pack.raw_string)
        raise ValueError("js/data.js must be ASCII")
    return f"{parts[0]}\nNewsSearch.dataFormat = {int(data_format)};\nNewsSearch.boot(".encode() + rest + b");\n"
