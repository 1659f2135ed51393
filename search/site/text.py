"""Records -> what a terminal shows, JSON, CSV: every command's output is made here, not in the CLI.

The same records feed the HTML templates (``export.py``); ``--json`` is ``as_dict()`` of the record.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported for types only: a query must not load the indexer (cold start)
    from ..analysis import Token
    from ..index.integrity import CheckReport
    from ..officials.candidates import CandidateSummary
    from ..officials.stats import OfficialProfile, OfficialSummary, Pair
    from ..records import ArticleView, ExportReport, IndexReport, Results

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
# What a terminal acts on instead of showing: C0 controls but tab and newline (ESC starts a sequence that can
# move the cursor, clear the screen or set the window's title; a carriage return overwrites the line), DEL, the
# C1 controls (U+009B is CSI on its own, U+0085 a new line), and the bidi embeddings, overrides and isolates
# (U+202E shows the rest of a line reversed). Articles carry them (a vi-news article has U+0096), and a query
# may come from a script or a saved file.
# Lone surrogates too (bytes of a query that are no UTF-8: \xff arrives as \udcff), which cannot be written.
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_BREAKS = re.compile("[\r\n\x85\u2028\u2029]+")


def terminal(text: str) -> str:
    """``text`` as a terminal should show it: what it would act on is written escaped, as Python writes it
    (``\\x1b``, ``\\x9b``, ``\\u202e``); everything else, new lines and tabs included, as it is."""
    return _TERMINAL.sub(lambda m: repr(m[0])[1:-1], text)


def one_line(text: str) -> str:
    """``terminal(text)`` on one line: its line breaks made spaces (a title cannot forge lines of a listing)."""
    return terminal(_LINE_BREAKS.sub(" ", text))


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(data: Any, indent: int | None = 2) -> str:
    """``data`` as JSON, UTF-8 characters as they are but lone surrogates escaped (``\\udcff``), as
    ``ensure_ascii`` writes them: a query typed with bytes that are no UTF-8 reaches Python as surrogates
    (``\\xff`` -> ``\\udcff``), which cannot be written as UTF-8 (--json crashed, or wrote invalid UTF-8)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text) if _SURROGATE.search(text) else text


def to_json(obj: Any) -> str:
    """A record (``as_dict()``), a list of records, or plain data as indented JSON (``json_text``)."""
    if isinstance(obj, list):
        obj = [x.as_dict() if hasattr(x, "as_dict") else x for x in obj]
    data = obj.as_dict() if hasattr(obj, "as_dict") else obj
    return json_text(data)


def snippet_text(snippet: str, style: Any = None) -> str:
    """HTML snippet -> terminal text on one line (``one_line``); matches through ``style`` (e.g. bold) or
    between ** when no colour."""

    def mark(m: re.Match[str]) -> str:
        inner = one_line(html.unescape(m.group(1)))
        return style(inner) if style else f"**{inner}**"

    parts = []
    pos = 0
    for m in _MARK.finditer(snippet):
        parts.append(one_line(html.unescape(snippet[pos:m.start()])))
        parts.append(mark(m))
        pos = m.end()
    parts.append(one_line(html.unescape(snippet[pos:])))
    return "".join(parts)


def _date(date: str | None, inferred: bool, future: bool = False) -> str:
    if not date:
        return "no date"
    return date + (" (inferred)" if inferred else "") + (" (after the time of indexing)" if future else "")


def related_text(r: Results, doc_id: str) -> str:
    """What ``search similar``'s count counts, said as it is (a journalist may quote it): the articles that
    share two or more of the article's ``r.words`` most distinctive words (its one word, if it has one only)."""
    n = len(r.hits)
    if r.words == 0:
        return (f"No article is related to {doc_id!r}: none of its words is distinctive (each is in no other "
                "article, or in half of them or more).")
    if not n:
        return f"No article is related to {doc_id!r}: no other article " + (
            "has its one distinctive word." if r.words == 1 else f"shares two of its {r.words} most distinctive words.")
    counted = ("with its one distinctive word" if r.words == 1 else
               f"sharing two or more of its {r.words} most distinctive words")
    return (f"The {n} article{'s' if n != 1 else ''} most like {doc_id!r} (ranked by the distinctive words they "
            f"share with it), of {r.total:,} article{'s' if r.total != 1 else ''} {counted}")


def results_text(r: Results, style: Any = None, facet_limit: int = 8, related: str | None = None) -> str:
    """Results for a terminal: every line of it ``one_line`` (titles, outlets, facet values and notes hold the
    articles' and the query's text). ``related``: the id of the article whose related articles (``search
    similar``) ``r`` lists; a query's text never makes them a related list (``similar:x OR bridge`` is a query)."""
    lines = []
    styled: set[int] = set()  # snippet lines
    for note in r.notes:
        lines.append(f"note: {note}")
    listed = r.total + r.partial
    if related is not None:  # search similar: the first hits of ``total`` related articles
        lines.append(related_text(r, related))
    elif listed == 0:
        lines.append(f"No results for {r.query!r}.")
    else:
        last = min(r.offset + len(r.hits), listed)
        found = f"{r.total} result{'s' if r.total != 1 else ''} for {r.query!r}"
        if r.partial:
            found += f", then {r.partial} with most of its {r.words} words"
        lines.append(found + (f" (showing {r.offset + 1}-{last})" if r.hits else "") + f" in {r.took_ms:.0f} ms")
        if (past := r.past_the_end()) is not None:  # paged past the end: say where the last page is
            lines.append(f"note: {past}")
    if r.suggestion:
        lines.append(f"Did you mean: {r.suggestion}")
    for i, h in enumerate(r.hits, start=r.offset + 1):
        lines.append("")
        lines.append(f"{i}. {h.title}")
        meta = f"   {h.id} · {h.lang} · {_date(h.date, h.date_inferred, h.date_future)}"
        for value in (h.source, h.section, h.author):
            if value:
                meta += f" · {value}"
        meta += f" · score {h.score:.2f}"
        if h.words is not None and h.words < r.words:
            meta += f" · {h.words} of {r.words} words"
        if h.officials:
            meta += " · " + ", ".join(o.name for o in h.officials[:4])
        lines.append(meta)
        if h.url:
            lines.append(f"   {h.url}")
        for s in h.snippets:
            styled.add(len(lines))  # one_line already, and the style's own escapes must stay
            lines.append("   " + snippet_text(s, style))
    if r.facets and listed:
        lines.append("")
        undated = r.undated()
        for name, counts in r.facets.items():
            # the articles the year and month facets do not count, last (the years then sum to the total)
            missing = {"year": "undated", "month": "no month"}.get(name) if undated.get(name) else None
            if not counts and not missing:
                continue
            items = list(counts.items())
            shown = ", ".join(f"{k} ({v})" for k, v in items[:facet_limit])
            more = f", … {len(items) - facet_limit} more" if len(items) > facet_limit else ""
            if missing:
                more += f"{', ' if items else ''}{missing} ({undated[name]})"
            lines.append(f"{name}: {shown}{more}")
    return "\n".join(line if i in styled else one_line(line) for i, line in enumerate(lines))


def article_text(a: ArticleView) -> str:
    """An article for a terminal: its header lines ``one_line``, its text ``terminal``."""
    title = one_line(a.title)
    lines = [title, "=" * min(len(title), 100)]
    lines.append(f"id: {a.id}")
    lines.append(f"language: {a.lang}")
    lines.append(f"date: {_date(a.date, a.date_inferred)}")
    if a.published and a.published[:10] == (a.date or "")[:10]:
        lines.append(f"published: {a.published}")
    if a.date_future:
        lines.append("date: after the time of indexing (not used for newest first)")
    if a.title_derived:
        lines.append("title: derived from the first sentence (the file has no header)")
    if a.officials:
        lines.append("officials: " + ", ".join(f"{o.name} ({o.count})" for o in a.officials))
    for label, value in (("url", a.url), ("source", a.source), ("author", a.author), ("section", a.section),
                         ("tags", ", ".join(a.tags)), ("path", a.path)):
        if value:
            lines.append(f"{label}: {value}")
    for n in a.notes:
        lines.append(f"note: {n}")
    return "\n".join([*map(one_line, lines), "", terminal(a.body)])


def printable(text: str) -> str:
    """A file name or reason as one line of a report: control characters (a newline in a file name would
    forge a line of its own) are shown escaped, as Python writes them; everything else as it is."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


NOTE_EXAMPLES = 2  # articles named after a note's sum (--verbose names them all)


def report_text(r: IndexReport, detail: str = "summary") -> str:
    """An index run: what was skipped (always, each with its file and line or record), the notes (each one
    with ``detail="verbose"``; summed up by kind otherwise: "642 articles: trailing boilerplate removed";
    none with ``"quiet"``), then the totals."""
    lines = []
    for name in r.recovered:
        lines.append(f"recovered: removed {printable(name)}, left behind by an interrupted run")
    for s in r.skipped:
        lines.append(f"skipped: {printable(s.where)}: {printable(s.reason)}")
    if detail == "verbose":
        for s in r.notes:
            lines.append(f"note: {printable(s.where)}: {printable(s.reason)}")
    if detail != "quiet":
        kinds: dict[str, list[str]] = {}
        for s in r.notes:
            kinds.setdefault(printable(s.kind), []).append(printable(s.where))
        for kind, places in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            n = len(places)
            line = f"note: {n} article{'s' if n != 1 else ''}: {kind}"
            if detail != "verbose":
                shown = "; ".join(places[:NOTE_EXAMPLES])
                line += f" ({shown}{'; … --verbose lists them all' if n > NOTE_EXAMPLES else ''})"
            lines.append(line)
    langs = ", ".join(f"{k} {v}" for k, v in r.languages.items()) or "none"
    lines.append(
        f"{'Rebuilt' if r.rebuilt else 'Indexed'} {r.index_dir}: {r.added} added, {r.updated} updated, "
        f"{r.removed} removed, {r.unchanged} unchanged, {len(r.skipped)} skipped in {r.seconds:.2f} s"
    )
    lines.append(f"{r.total:,} article{'' if r.total == 1 else 's'} in the index; languages: {langs}")
    return "\n".join(lines)


def export_text(r: ExportReport) -> str:
    home = (r.out / "index.html").resolve().as_uri()
    if r.up_to_date:
        line = (f"Site is up to date ({r.pages} pages, {r.bytes:,} bytes; checked in {r.seconds:.2f} s): the index, "
                f"the saved queries and the program are those of the last export, and its files are all there. "
                f"Home page: {home}")
    else:
        line = (f"Exported {r.pages} pages ({r.bytes:,} bytes) in {r.seconds:.2f} s: "
                f"{r.written} file(s) written, {r.unchanged} unchanged, {r.removed} removed. Home page: {home}")
    search = (f"Search page: {(r.out / 'search.html').resolve().as_uri()} "
              f"({r.search_files:,} data files, {r.search_bytes:,} bytes)" if r.search_page else
              "No search page: its data is the index's own postings, which only a local index can give (the "
              "OpenSearch backend keeps its token fields indexed, not stored). Export from a local index for one.")
    return "\n".join([line, search, *(f"problem: {p}" for p in r.problems)])


def check_text(r: CheckReport) -> str:
    head = (f"{r.index_dir} ({r.generation or 'unreadable'}): {r.files} files, {r.documents:,} articles, "
            f"{r.terms:,} terms")
    if r.ok:
        return head + "\nOK: every checksum matches and every posting, stored field and column reads back."
    return "\n".join([head, *(f"damaged: {printable(p)}" for p in r.problems),
                      f"Rebuild it with: search index PATH... --index {r.index_dir} --rebuild"])


def tokens_text(tokens: Iterable[Token]) -> str:
    """``search analyze``: one token a line, offsets, exact form, folded form and stem."""
    return "\n".join(f"{t.start:>5}-{t.end:<5} {t.text}\tfolded={t.folded}\tstem={'-' if t.stem is None else t.stem}"
                     for t in tokens)


def tokens_json(tokens: Iterable[Token], lang: str, indent: int | None = 2) -> str:
    return json_text({"lang": lang, "tokens": [t.as_dict() for t in tokens]}, indent)


def officials_text(rows: Sequence[OfficialSummary]) -> str:
    if not rows:
        return "No registered official is mentioned in this index."
    return "\n".join(f"{r.articles:>5}  {r.name} ({r.country}, {r.id})  {r.first_date} .. {r.last_date}" for r in rows)


def pairs_text(rows: Sequence[Pair]) -> str:
    return "\n".join(f"{p.articles:>5}  {p.a_name} + {p.b_name}  ({p.first_date} .. {p.last_date})" for p in rows)


def pairs_csv(rows: Sequence[Pair]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["a", "a_name", "b", "b_name", "articles", "first_date", "last_date"])
    for p in rows:
        w.writerow([p.a, p.a_name, p.b, p.b_name, p.articles, p.first_date or "", p.last_date or ""])
    return out.getvalue().rstrip("\n")


def candidates_text(rows: Sequence[CandidateSummary]) -> str:
    if not rows:
        return "No candidates: every name after an official title is in the registry."
    return "\n".join(one_line(f"{c.count:>5}  {c.name}  [{c.title}]  e.g. {c.article}: {c.sample}") for c in rows)


def profile_text(p: OfficialProfile) -> str:
    lines = [f"{p.name} ({p.country}, {p.id})"]
    if p.aliases:
        lines.append("also written: " + ", ".join(p.aliases))
    for title, start, end in p.roles:
        lines.append(f"  {title}: {start} .. {end or 'now'}")
    listed = f", the newest {len(p.articles)} listed in --json" if len(p.articles) < p.total else ""
    lines.append(f"{p.total} article(s){listed}")
    for month, n in p.by_month.items():
        lines.append(f"  {month}  {'#' * min(n, 60)} {n}")
    if p.no_month:
        lines.append(f"  {p.no_month} in no month (undated, or dated by a year alone)")
    if p.met:
        lines.append("named with:")
        for m in p.met[:20]:
            lines.append(f"  {m.articles:>4}  {m.name}  ({m.first_date} .. {m.last_date})")
    for a in p.articles[:10]:
        date = _date(a.date, False, a.date_future)
        lines.append(f"  {date}  {a.id}  {a.title}")
    return "\n".join(map(one_line, lines))
