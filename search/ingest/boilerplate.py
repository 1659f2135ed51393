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
"""

from __future__ import annotations

import re

from ..lang.table import data_table

RELATED_LIST_MAX = 12  # lines under a "related articles" heading; more than that is not a link list
RELATED_LINE_MAX = 160  # characters; a related title is a headline, not a paragraph
_INVISIBLE = "\u200b\u2060\ufeff"  # not whitespace to str.strip(), but as empty to a reader

_patterns: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _load() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(line pattern, heading pattern) over all languages, compiled on first use."""
    global _patterns
    if _patterns is None:
        data = data_table("boilerplate")
        lines = [p for table in data.values() for p in table.get("lines", [])]
        headings = [p for table in data.values() for p in table.get("headings", [])]
        _patterns = (
            re.compile("|".join(f"(?:{p})" for p in lines + headings), re.IGNORECASE),
            re.compile("|".join(f"(?:{p})" for p in headings), re.IGNORECASE),
        )
    return _patterns


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
    boiler, heading = _load()
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
