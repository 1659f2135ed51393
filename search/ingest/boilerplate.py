"""Cut the web page furniture that scrapers leave at the end of an article.

::

    ...waktu yang sesuai akan diatur melalui jalur diplomatik.      <- last real line, kept
    Sumber                                                           <- removed
    <blank lines>                                                    <- removed
    Komentar (0)                                                     <- removed

Only a trailing block is touched: lines are read from the end and removed while each one, whole, matches a
pattern of ``search/lang/data/boilerplate.toml`` (any language: a French site can end a Vietnamese article with
"Partager"). The first line that does not match ends the cut, so a sentence containing "Sumber" stays. A
"related articles" heading near the end takes the short lines after it (the related titles) with it.

A wire credit in that block (``Sumber: Antara``, ``Theo RT``, ``(VNA)``) is cut too, but not lost:
``wire_credit`` reads the name it gives, which becomes the article's source when the record names none.
"""

from __future__ import annotations

import re

from ..lang.table import data_table

RELATED_LIST_MAX = 12  # lines under a "related articles" heading; more than that is not a link list
RELATED_LINE_MAX = 160  # characters; a related title is a headline, not a paragraph
_INVISIBLE = "\u200b\u2060\ufeff"  # not whitespace to str.strip(), but as empty to a reader

_patterns: tuple[re.Pattern[str], re.Pattern[str], tuple[re.Pattern[str], ...]] | None = None
_CREDIT_END = re.compile(r"\s\((?P<source>[A-ZĐ]{2,10}(?:/[A-ZĐ]{2,10})?)\)\s*$")  # "...hợp tác. (TTXVN)"


def _load() -> tuple[re.Pattern[str], re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """(line pattern, heading pattern, credit patterns) over all languages, compiled on first use."""
    global _patterns
    if _patterns is None:
        data = data_table("boilerplate")
        lines = [p for table in data.values() for p in table.get("lines", [])]
        headings = [p for table in data.values() for p in table.get("headings", [])]
        credits = [p for table in data.values() for p in table.get("credits", [])]
        unnamed = [p.replace("(?P<source>", "(?:") for p in credits]
        _patterns = (
            re.compile("|".join(f"(?:{p})" for p in lines + unnamed + headings), re.IGNORECASE),
            re.compile("|".join(f"(?:{p})" for p in headings), re.IGNORECASE),
            tuple(re.compile(p, re.IGNORECASE) for p in credits),
        )
    return _patterns


def wire_credit(removed: list[str], body: str = "") -> str | None:
    """The source a wire credit names: among the trailing lines ``strip_boilerplate`` removed (the last one
    first), else at the very end of the text (``... hợp tác. (TTXVN)``). ``["Theo RT"]`` -> ``"RT"``."""
    credits = _load()[2]
    for line in reversed(removed):
        for pattern in credits:
            if m := pattern.fullmatch(line):
                return m.group("source").strip(" .") or None
    if m := _CREDIT_END.search(body[-40:]):
        return m.group("source")
    return None


def _clean(line: str) -> str:
    return line.strip().strip(_INVISIBLE).strip()


def _trailing_block_start(lines: list[str], end: int, boiler: re.Pattern[str]) -> int:
    """Index of the first line of the run of blank or boilerplate lines that ends at ``end``."""
    while end > 0:
        line = _clean(lines[end - 1])
        if line and not boiler.fullmatch(line):
            break
        end -= 1
    return end


def _related_list_start(lines: list[str], end: int, heading: re.Pattern[str]) -> int | None:
    """Index of a "related articles" heading followed, up to ``end``, only by a few short lines."""
    short = 0
    for i in range(end - 1, -1, -1):
        line = _clean(lines[i])
        if not line:
            continue
        if heading.fullmatch(line):
            return i
        short += 1
        if short > RELATED_LIST_MAX or len(line) > RELATED_LINE_MAX:
            return None
    return None


def strip_boilerplate(body: str) -> tuple[str, list[str]]:
    """``(body without its trailing boilerplate, removed lines)``; removed blank lines are not listed.

    A body that is nothing but boilerplate is returned unchanged: the caller decides what an empty
    article is, this function never deletes all of one.
    """
    boiler, heading, _ = _load()
    lines = body.split("\n")
    end = len(lines)
    while True:
        end = _trailing_block_start(lines, end, boiler)
        related = _related_list_start(lines, end, heading)
        if related is None:
            break
        end = related
    if end == len(lines) or not any(_clean(line) for line in lines[:end]):
        return body, []
    removed = [_clean(line) for line in lines[end:] if _clean(line)]
    return "\n".join(lines[:end]).rstrip(), removed
