"""Records -> text for a terminal, or JSON. The same records feed the HTML templates (export.py)."""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported for types only: a query must not load the indexer (cold start)
    from .indexer import IndexReport
    from .searcher import ArticleView, Results

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def to_json(obj: Any) -> str:
    data = obj.as_dict() if hasattr(obj, "as_dict") else obj
    return json.dumps(data, ensure_ascii=False, indent=2)


def snippet_text(snippet: str, style: Any = None) -> str:
    """HTML snippet -> terminal text; matches through ``style`` (e.g. bold) or between ** when no colour."""

    def mark(m: re.Match[str]) -> str:
        inner = html.unescape(m.group(1))
        return style(inner) if style else f"**{inner}**"

    parts = []
    pos = 0
    for m in _MARK.finditer(snippet):
        parts.append(html.unescape(snippet[pos:m.start()]))
        parts.append(mark(m))
        pos = m.end()
    parts.append(html.unescape(snippet[pos:]))
    return "".join(parts)


def _date(date: str | None, inferred: bool) -> str:
    if not date:
        return "no date"
    return f"{date} (inferred)" if inferred else date


def results_text(r: Results, style: Any = None, facet_limit: int = 8) -> str:
    lines = []
    for note in r.notes:
        lines.append(f"note: {note}")
    if r.total == 0:
        lines.append(f"No results for {r.query!r}.")
    else:
        last = min(r.offset + len(r.hits), r.total)
        lines.append(f"{r.total} result{'s' if r.total != 1 else ''} for {r.query!r}"
                     + (f" (showing {r.offset + 1}-{last})" if r.hits else "") + f" in {r.took_ms:.0f} ms")
    if r.suggestion:
        lines.append(f"Did you mean: {r.suggestion}")
    for i, h in enumerate(r.hits, start=r.offset + 1):
        lines.append("")
        lines.append(f"{i}. {h.title}")
        meta = f"   {h.id} · {h.lang} · {_date(h.date, h.date_inferred)} · score {h.score:.2f}"
        if h.officials:
            meta += " · " + ", ".join(o.name for o in h.officials[:4])
        lines.append(meta)
        for s in h.snippets:
            lines.append("   " + snippet_text(s, style).replace("\n", " "))
    if r.facets and r.total:
        lines.append("")
        for name, counts in r.facets.items():
            if not counts:
                continue
            items = list(counts.items())
            shown = ", ".join(f"{k} ({v})" for k, v in items[:facet_limit])
            more = f", … {len(items) - facet_limit} more" if len(items) > facet_limit else ""
            lines.append(f"{name}: {shown}{more}")
    return "\n".join(lines)


def article_text(a: ArticleView) -> str:
    lines = [a.title, "=" * min(len(a.title), 100)]
    lines.append(f"id: {a.id}")
    lines.append(f"language: {a.lang}")
    lines.append(f"date: {_date(a.date, a.date_inferred)}")
    if a.title_derived:
        lines.append("title: derived from the first sentence (the file has no header)")
    if a.officials:
        lines.append("officials: " + ", ".join(f"{o.name} ({o.count})" for o in a.officials))
    for label, value in (("url", a.url), ("source", a.source), ("path", a.path)):
        if value:
            lines.append(f"{label}: {value}")
    for n in a.notes:
        lines.append(f"note: {n}")
    lines.append("")
    lines.append(a.body)
    return "\n".join(lines)


def report_text(r: IndexReport) -> str:
    lines = []
    for name in r.recovered:
        lines.append(f"recovered: removed {name}, left behind by an interrupted run")
    for s in r.skipped:
        where = f"{s.path}:{s.line}" if s.line else s.path
        lines.append(f"skipped: {where}: {s.reason}")
    for s in r.notes:
        lines.append(f"note: {s.path}: {s.reason}")
    langs = ", ".join(f"{k} {v}" for k, v in r.languages.items()) or "none"
    lines.append(
        f"{'Rebuilt' if r.rebuilt else 'Indexed'} {r.index_dir}: {r.added} added, {r.updated} updated, "
        f"{r.removed} removed, {r.unchanged} unchanged, {len(r.skipped)} skipped in {r.seconds:.2f} s"
    )
    lines.append(f"{r.total} articles in the index; languages: {langs}")
    return "\n".join(lines)
