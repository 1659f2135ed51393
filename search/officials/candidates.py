"""Suggesting officials the registry lacks: names that follow official titles ("Perdana Menteri X").

    find_candidates("Perdana Menteri Kamboja Samdech Hun Manet bertemu ...", "id", registry)
    -> []  (Hun Manet is registered); an unregistered "Prime Minister Nguyen Van Thanh" -> [Candidate(...)]

Titles come from ``search/lang/data/titles.toml``; they only *suggest* people (DESIGN.md trap 7): the
registry decides who is mentioned. ``search officials --candidates --toml`` prints entries to paste.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..lang.fold import fold
from ..lang.table import data_table
from .match import UNSPACED_CHAR, FoldedText, fold_name, fold_text, is_word_char, words_of
from .registry import Registry

if TYPE_CHECKING:
    from ..query.searcher import SearchIndex

@dataclass(frozen=True, slots=True)
class Candidate:
    """A name after a title that the registry does not know: a suggestion for a new entry."""

    name: str  # "Nguyen Van Thanh"
    title: str  # "Prime Minister", as written
    context: str  # the surrounding text, whitespace collapsed



_CLOSING = ",.;:!?)]}\"'»”’"
_TOKEN = re.compile(r"\S+")
_ACRONYM = re.compile(r"[^\W\d_]*[A-ZĐ][^\W\d_]*[A-ZĐ&][^\W_]*")  # UBND, TP, GD&ĐT: bodies, not names


@dataclass(frozen=True, slots=True)
class _TitleTable:
    automaton: Any  # folded title -> (length, spaced); None when the language has only Russian titles
    russian: re.Pattern[str] | None  # Russian titles decline: a regex allows an ending on each word
    between: tuple[str, ...]  # folded, longest first


@lru_cache(maxsize=32)
def _title_table(lang: str | None) -> _TitleTable:
    import ahocorasick

    data = data_table("titles")
    rows = [data[lang]] if lang in data else list(data.values())
    titles = {fold_name(t) for row in rows for t in row["titles"]}
    between = {fold_name(b) for row in rows for b in row["between"]}
    automaton = ahocorasick.Automaton()
    russian = []
    for title in titles:
        if re.search("[а-яё]", title):  # "премьер-министра"
            russian.append(r"\s+".join(re.escape(w) + "[а-яё]{0,3}" for w in title.split()))
        else:
            automaton.add_word(title, (len(title), not UNSPACED_CHAR.search(title)))
    automaton.make_automaton()
    if len(automaton) == 0:
        automaton = None
    pattern = re.compile(rf"(?<![^\W_])(?:{'|'.join(russian)})(?![^\W_])") if russian else None
    return _TitleTable(automaton, pattern, tuple(sorted(between, key=len, reverse=True)))


def _titles_in(ftext: str, table: _TitleTable) -> list[tuple[int, int]]:
    """Title spans in folded text, leftmost then longest, not overlapping, whole words in spaced scripts."""
    spans = []
    for last, (length, spaced) in table.automaton.iter(ftext) if table.automaton is not None else ():
        start, end = last + 1 - length, last + 1
        glued = start > 0 and is_word_char(ftext[start - 1]) or end < len(ftext) and is_word_char(ftext[end])
        if spaced and glued:
            continue
        spans.append((start, end))
    if table.russian is not None and re.search("[а-яё]", ftext):
        spans += [m.span() for m in table.russian.finditer(ftext)]
    spans.sort(key=lambda span: (span[0], span[0] - span[1]))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def find_candidates(text: str, lang: str | None, registry: Registry) -> list[Candidate]:
    """Names after a title ("Perdana Menteri X", "Prime Minister X", "Thủ tướng X") that ``registry`` does not
    resolve, first occurrence of each. ``lang`` picks the title list (None or unknown: all of them)."""
    table = _title_table(lang)
    folded = fold_text(text)
    found: dict[str, Candidate] = {}
    for t_start, t_end in _titles_in(folded.text, table):
        pos = _skip_fillers(text, folded, t_end, table.between, registry)
        span = _name_after(text, folded, pos)
        if span is None:
            continue
        o_start, o_end = span
        name = " ".join(words_of(text[o_start:o_end]))
        key = fold_name(name)
        if key in found or registry.resolve(name) is not None:
            continue
        title_start, title_end = folded.orig(t_start), folded.orig(t_end - 1) + 1
        context = " ".join(text[max(0, title_start - 60) : o_end + 60].split())
        found[key] = Candidate(name, " ".join(text[title_start:title_end].split()), context)
    return list(found.values())


def _skip_fillers(text: str, folded: FoldedText, pos: int, between: tuple[str, ...], registry: Registry) -> int:
    """Past spaces, country words, honorifics and acronyms of bodies:
    "chu tich| ubnd tp ha noi |chu ngoc anh", "perdana menteri| kamboja samdech |hun manet"."""
    ftext = folded.text
    fillers = sorted((*between, *registry.honorific_keys), key=len, reverse=True)
    skipped = True
    while skipped:
        while pos < len(ftext) and ftext[pos] == " ":
            pos += 1
        skipped = False
        for filler in fillers:
            stop = pos + len(filler)
            if ftext.startswith(filler, pos) and (
                stop == len(ftext) or not is_word_char(ftext[stop]) or UNSPACED_CHAR.match(filler[-1])
            ):
                pos, skipped = stop, True
                break
        else:
            token = _TOKEN.match(ftext, pos)
            if token and _ACRONYM.fullmatch(text[folded.orig(pos) : folded.orig(token.end() - 1) + 1]):
                pos, skipped = token.end(), True
    return pos


def _name_after(text: str, folded: FoldedText, pos: int) -> tuple[int, int] | None:
    """Original-text span of the name starting at folded ``pos``: 2-6 capitalised words in cased scripts,
    two words in Khmer, Lao and Thai (they have no capitals), None when there is no such name."""
    ftext = folded.text
    words: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(ftext, pos):
        if words and m.start() != words[-1][1] + 1:
            break  # the name is one run of single-space separated words
        o_start, o_end = folded.orig(m.start()), folded.orig(m.end() - 1) + 1
        word = text[o_start:o_end]
        bare = word.rstrip(_CLOSING)
        if UNSPACED_CHAR.match(bare):
            words.append((m.start(), m.end()))
            if len(words) == 2:
                break
            continue
        if not bare or not bare[0].isupper() or not bare[0].isalpha() or _ACRONYM.fullmatch(bare):
            break
        words.append((m.start(), m.start() + len(m.group().rstrip(_CLOSING))))
        if bare != word or len(words) == 6:
            break
    if len(words) < 2:
        return None
    return folded.orig(words[0][0]), folded.orig(words[-1][1] - 1) + 1


@dataclass(frozen=True, slots=True)
class CandidateSummary:
    name: str
    title: str
    count: int
    sample: str  # a sentence around one mention
    article: str  # the id of that article

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def candidates(ix: SearchIndex, limit: int = 100) -> list[CandidateSummary]:
    """Names that follow official titles (``Perdana Menteri X``) but are not in the registry."""
    registry = ix.registry()
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, str, str]] = {}
    for article in ix.articles():
        for c in find_candidates(article.title + "\n" + article.body, article.lang, registry):
            key = re.sub(r"\s+", " ", c.name.strip())
            counts[key] += 1
            first.setdefault(key, (c.title, c.context, article.id))
    out = [CandidateSummary(name, first[name][0], n, first[name][1], first[name][2])
           for name, n in counts.most_common(limit)]
    return out


def candidates_toml(rows: list[CandidateSummary]) -> str:
    """Candidates as registry entries to paste into your own file (country and roles left to check)."""
    out = ["# Candidates found after official titles. Check each one, fill in country and roles, then use",
           "# the file with: search index ... --registry THIS_FILE", ""]
    for c in rows:
        entry_id = re.sub(r"[^a-z0-9]+", "-", fold(c.name)).strip("-") or "official"
        out.append(f"# {c.count} mention(s) after {c.title!r}, e.g. in {c.article}: {c.sample!r}")
        out.append("[[official]]")
        out.append(f'id = "{entry_id}"')
        out.append('country = ""')
        out.append(f"name = {_toml_string(c.name)}")
        out.append("aliases = []")
        out.append(f'roles = [{{ title = {_toml_string(c.title)}, start = "" }}]')
        out.append("")
    return "\n".join(out)


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string
