"""The template environment of the exported site and its filters: formatting lives here, not in templates.

    human_date("2024-12-06") -> "6 December 2024"     lang_name("fr") -> "French"
    web_url("javascript:alert(1)") -> None             trusted_snippet("a <mark>b</mark>") -> Markup(...)

Autoescape is always on: document text reaches a page only escaped, or as a snippet whose text the snippet
code escaped itself (``trusted_snippet``).
"""

from __future__ import annotations

import re
import unicodedata
from importlib import resources

import jinja2
from markupsafe import Markup

from ..ingest.langid import script_counts
from ..lang.table import LANGUAGES, month_names
from ..query.syntax import narrowed

_LANG_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*", re.I)


def environment() -> jinja2.Environment:
    folder = resources.files("search.templates")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(human_date=human_date, month_name=month_name, lang_name=lang_name, lang_tag=lang_tag,
                       script_lang=script_lang, paragraphs=paragraphs, short=short, web_url=web_url,
                       percent=percent, number=number, count_of=count_of, narrowed=narrowed)
    return env


def human_date(date: str | None) -> str:
    """"2024-12-06" -> "6 December 2024"; "2024-12" -> "December 2024"; None -> "no date"."""
    if not date:
        return "no date"
    parts = date.split("-")
    try:
        month = month_names("en")[int(parts[1]) - 1] if len(parts) > 1 else ""
        return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}".strip()
    except (ValueError, IndexError):  # not a date this index writes: show it as it is
        return date


def month_name(month: str) -> str:
    return human_date(month)


def lang_name(code: str) -> str:
    """"fr" -> "French"; a code outside the language table is shown as it is (escaped by the template)."""
    row = LANGUAGES.get(code.lower())
    return row.name if row is not None else ("Undetermined" if code == "und" else code)


def lang_tag(code: str) -> str:
    """A value for a ``lang`` attribute: the code when it looks like a BCP 47 tag, else "und" (unknown)."""
    return code if _LANG_TAG.fullmatch(code) else "und"


def script_lang(name: str) -> str:
    """The language whose script a name is written in ("洪玛奈" -> "zh"), "" for Latin: a screen reader
    reads a Khmer alias with a Khmer voice; a Latin name keeps the page's language."""
    counts = script_counts(name)
    if not counts:
        return ""
    best = max(sorted(counts), key=lambda k: counts[k])
    return "" if best in ("latin", "other") else best


def paragraphs(text: str) -> list[str]:
    """Body text -> paragraphs at blank lines (single line breaks are kept by CSS ``white-space``)."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def short(text: str, limit: int = 90) -> str:
    """For <title>: a 10,000-character title would fill a browser tab and a bookmark. Never cut inside a
    letter: not before a vowel sign or another mark (Khmer ខែសីហា cut as ខែស…), nor after a coeng or virama
    (a subscript consonant left dangling) or a zero width joiner."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    end = limit - 1
    while end > 1 and (unicodedata.category(text[end]) in ("Mn", "Mc", "Me")
                       or unicodedata.combining(text[end - 1]) == 9 or text[end - 1] == "\u200d"):
        end -= 1  # combining class 9: the viramas (Khmer's coeng U+17D2, Myanmar's U+1039, Devanagari's...)
    return text[:end].rstrip() + "…"


def web_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: ``javascript:``, ``data:`` and ``file:`` URLs in documents do not."""
    if url and re.match(r"https?://[^\s/]", url, re.I) and not re.search(r"[\s<>\"']", url):
        return url
    return None


def percent(n: int, most: int) -> int:
    return max(1, round(100 * n / most)) if most else 0


def number(n: int) -> str:
    return f"{n:,}"


def count_of(n: int, noun: str) -> str:
    """(1, "article") -> "1 article"; (1200, "article") -> "1,200 articles"."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def trusted_snippet(snippet: str) -> Markup:
    """A search snippet as markup. Safe because ``search.snippets`` (``_render``, ``leading_text``) passes
    every piece of document text through ``html.escape`` and adds only ``<mark>``/``</mark>`` itself. If
    anything else ever shows up, escape the whole snippet rather than trust it."""
    if "<" in snippet.replace("<mark>", "").replace("</mark>", ""):
        return Markup.escape(snippet)
    return Markup(snippet)
