"""Stored text + the query's terms -> 1 to 3 highlighted fragments, sentence-aware.

The text is analysed again with the article's own analyzer, so a token is marked when its folded form, or
its stem, is one the query asked for: ``coopérer`` is highlighted for the query ``coopération`` (same
French stem), ``Son`` for ``Sơn`` (same folded form). Fragments are cut at token boundaries only, so a
word or a grapheme cluster (a Khmer consonant with its vowel signs) is never split. Output is HTML: the
text is escaped and matches are wrapped in ``<mark>``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..analysis import analyzer_for, split_words
from ..lang.table import SENTENCE_END

_END = re.escape(SENTENCE_END)
_SENTENCE = re.compile(f"[^{_END}\\n]*(?:[{_END}]+|\\n|$)")


@dataclass
class QueryTerms:
    """What a highlighter looks for: folded forms, ``lang:stem`` keys, folded prefixes, phrases."""

    folded: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()

    def matches(self, folded: str, stem: str | None, lang: str) -> bool:
        if folded in self.folded:
            return True
        if stem is not None and f"{lang}:{stem}" in self.stems:
            return True
        return bool(self.prefixes) and folded.startswith(self.prefixes)

    def __bool__(self) -> bool:
        return bool(self.folded or self.stems or self.prefixes)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _SENTENCE.finditer(text):
        if m.end() > m.start() and text[m.start():m.end()].strip():
            spans.append((m.start(), m.end()))
    return spans


def _render(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    out = []
    pos = start
    for s, e in marks:
        if s < start or e > end:
            continue
        out.append(html.escape(text[pos:s], quote=False))
        out.append("<mark>" + html.escape(text[s:e], quote=False) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:end], quote=False))
    return "".join(out).strip()


def make_snippets(text: str, lang: str, terms: QueryTerms, max_snippets: int = 3, width: int = 240) -> list[str]:
    """Up to ``max_snippets`` fragments of ``text``, best sentences first by distinct matched terms, shown in
    document order. Empty when nothing matches (the caller may then show the start of the text)."""
    if not text or not terms:
        return []
    analyzer = analyzer_for(lang)
    forms = analyzer.forms
    spans: list[tuple[int, int]] = []  # every token, for cutting at token boundaries
    hits: list[tuple[int, int, str]] = []  # (start, end, folded) of the tokens that match
    matched: dict[str, str] = {}  # word -> its folded form if it matches, else ""
    for word, start, end in split_words(text):
        spans.append((start, end))
        found = matched.get(word)
        if found is None:
            _, folded, stem = forms(word)
            found = matched[word] = folded if terms.matches(folded, stem, analyzer.code) else ""
        if found:
            hits.append((start, end, found))
    if not hits:
        return []
    marks = [(s, e) for s, e, _ in hits]
    scored = []
    hi = 0
    for idx, (s, e) in enumerate(_sentences(text)):
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
    out = []
    for _, _, _, s, e in sorted(scored[:max_snippets], key=lambda x: x[2]):
        first = next((h[0] for h in hits if s <= h[0] < e), s)
        ws, we = _window(spans, s, e, first, width)
        frag = _render(text, ws, we, marks)
        if ws > s:
            frag = "…" + frag
        if we < e:
            frag = frag + "…"
        out.append(frag)
    return out


def _window(spans: list[tuple[int, int]], s: int, e: int, first: int, width: int) -> tuple[int, int]:
    """At most ``width`` characters of the sentence ``s:e`` around its first match, on token boundaries."""
    if e - s <= width:
        return s, e
    inside = [sp for sp in spans if s <= sp[0] and sp[1] <= e]
    if not inside:
        return s, min(e, s + width)
    lo = max(s, first - width // 3)
    start = next((a for a, _ in inside if a >= lo), inside[0][0])
    if start - s < 3:
        start = s
    hi = start + width
    end = max((b for _, b in inside if b <= hi), default=inside[-1][1])
    return start, max(end, start)


def leading_text(text: str, width: int = 240) -> str:
    """The start of an article, for hits whose match is in the title or metadata only."""
    if len(text) <= width:
        return html.escape(text.strip())
    tokens = analyzer_for(None).tokens(text[: width + 40])
    end = max((t.end for t in tokens if t.end <= width), default=width)
    return html.escape(text[:end].strip()) + "…"
