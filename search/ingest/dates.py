"""Article date: the header's, completed or found in the text when the header lacks the day.

News dates its event early ("le 12 décembre", "pada sore hari tanggal 6 November", "ngày 6/11"), so a
day-and-month mention near the top of the article gives the day the header leaves out. Regexes built from
per-language month tables (``search/lang/data/months.toml``); ``dateparser`` was wrong on French, Indonesian and
Chinese running text and slow, 4 s/MB against 0.02 s/MB here (DESIGN.md trap 9).

Decisions (measured on the 2,653 vi-news articles, whose headers give the true publication day):

- A full header date (``2024-12-06``) is final: the text is not read.
- Only the first ``LEAD_PARAGRAPHS`` paragraphs are searched, and the first usable mention wins. Searching the
  whole text finds a day for 56% more articles but only 58% of those days are within a day of publication,
  against 66% for the lead: later mentions are background, deadlines and anniversaries.
- A header month (``2024-12``) plus a mention of a day *in that month* (and that year, if written) gives
  ``2024-12-12``, flagged ``inferred``. The header only knew the month; the day refines it without
  contradicting it, and the flag lets the interface say "12 Dec 2024 (from the text)". A mention of another
  month ("le 28 novembre" in a December article) is skipped.
- No header: the year is the one written with the mention; else the year written with another mention of the
  same month ("tanggal 6 November" ... "9 November 2024" -> 2024-11-06: 17 right, 1 wrong); else no date.
  The latest plausible year anywhere in the text was tried and rejected: wrong 172 times, right 95 (plans
  for 2025, terms "2021-2026", "năm 2019"). A wrong year is worse than no date.
- Years outside 1990-2100 ("9 November 1953") are history, not the article's date. Impossible dates
  (31 février) are skipped, not corrected.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from ..lang.table import data_table, get_language

LEAD_PARAGRAPHS = 3  # non-empty lines searched for a mention
PLAUSIBLE_YEARS = range(1990, 2101)
_BUDDHIST_ERA = range(1990 + 543, 2101 + 543)
_BE_OFFSET = 543

_HEADER_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_HEADER_MONTH = re.compile(r"^(\d{4})-(\d{2})$")

_PLACEHOLDERS = {
    "{d}": r"(?<![\d.,])(?P<d>\d{1,2})(?!\d)",
    "{mn}": r"(?P<mn>\d{1,2})(?!\d)",
    "{y}": r"(?P<y>\d{4})(?!\d)",
    "{_}": r"[\s\u200b]*",
}


@dataclass(frozen=True, slots=True)
class _Rules:
    """One language's compiled patterns and month lookup (``{"décembre": 12, "dec.": 12, ...}``)."""

    patterns: tuple[re.Pattern[str], ...]
    month_of: dict[str, int]
    buddhist_era: bool


_rules: dict[str, _Rules] | None = None


def _compile(code: str, table: dict[str, Any]) -> _Rules:
    month_of: dict[str, int] = {}
    for number, names in enumerate(table.get("months", []), start=1):
        for name in [names] if isinstance(names, str) else names:
            month_of[name.casefold()] = number
    # Longest names first so "Sept." is not cut to "Sep"; for spaced scripts a month name must end at a word
    # boundary ("mai" is not the start of "maison"); Khmer, Thai, Lao run words together, so no boundary.
    alternation = "|".join(re.escape(n) for n in sorted(month_of, key=len, reverse=True))
    boundary = "" if get_language(code).segmented else r"(?!\w)"
    compiled = []
    for template in table["patterns"]:
        regex = template.replace("{m}", f"(?P<m>{alternation}){boundary}")
        for placeholder, expansion in _PLACEHOLDERS.items():
            regex = regex.replace(placeholder, expansion)
        compiled.append(re.compile(regex, re.IGNORECASE))
    return _Rules(tuple(compiled), month_of, bool(table.get("buddhist_era", False)))


def _load_rules() -> dict[str, _Rules]:
    """The month tables, read and compiled on first use (the CLI never pays for them unless it indexes)."""
    global _rules
    if _rules is None:
        data = data_table("months")
        _rules = {code: _compile(code, table) for code, table in data.items()}
    return _rules


def month_names(lang: str) -> dict[str, int]:
    """The month table of ``lang``, folded to lower case: ``{"janvier": 1, ...}``; empty if it has none."""
    rules = _load_rules().get(lang)
    return dict(rules.month_of) if rules else {}


@dataclass(frozen=True, slots=True)
class Mention:
    """A day-and-month mention found in text: ``Mention(start=57, day=12, month=12, year=None)``."""

    start: int
    day: int
    month: int
    year: int | None


def find_mentions(text: str, lang: str | None) -> list[Mention]:
    """Day-and-month mentions in ``text``, in reading order (a longer match first at the same place).

    ``lang`` selects that language's patterns; ``None`` or a language without patterns tries them all.
    """
    rules = _load_rules()
    chosen = [rules[lang]] if lang in rules else list(rules.values())
    found: list[tuple[int, int, Mention]] = []
    for rule in chosen:
        for pattern in rule.patterns:
            for m in pattern.finditer(text):
                groups = m.groupdict()
                if groups.get("m") is not None:
                    month = rule.month_of.get(groups["m"].casefold(), 0)
                else:
                    month = int(groups["mn"])
                year = int(groups["y"]) if groups.get("y") else None
                if year is not None and rule.buddhist_era and year in _BUDDHIST_ERA:
                    year -= _BE_OFFSET
                found.append((m.start(), -len(m.group()), Mention(m.start(), int(groups["d"]), month, year)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [mention for _, _, mention in found]


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:  # 31 février, month 13
        return None


def infer_date(body: str, header_date: str | None, lang: str | None) -> tuple[str | None, bool]:
    """``(date, inferred)``: the article's date and whether its day was read from the text.

    ``header_date`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``None`` (anything else counts as no header).
    ``("2024-12", "le 12 décembre")`` -> ``("2024-12-12", True)``; nothing usable -> ``(header_date, False)``.
    """
    header = (header_date or "").strip()
    if (day := _HEADER_DAY.match(header)) and _valid(int(day[1]), int(day[2]), int(day[3])):
        return header, False
    month_header = _HEADER_MONTH.match(header)
    if month_header and not 1 <= int(month_header[2]) <= 12:
        month_header = None  # "2024-13": not a month, so no header
    fallback = (header, False) if month_header else (None, False)

    lead = "\n".join([line for line in body.split("\n") if line.strip()][:LEAD_PARAGRAPHS])
    dated: list[Mention] | None = None  # mentions with a year anywhere in the body, found only if needed
    for mention in find_mentions(lead, lang):
        if month_header:
            year, month = int(month_header[1]), int(month_header[2])
            if mention.month != month or mention.year not in (None, year):
                continue  # another month: background, not the article's date
        elif mention.year is not None:
            year = mention.year
        else:
            if dated is None:
                dated = [m for m in find_mentions(body, lang) if m.year in PLAUSIBLE_YEARS]
            # "tanggal 6 November" takes its year from "9 November 2024" further down: the same month
            # written with a year. Any other year in the text is a guess (see the module docstring).
            year = max((m.year for m in dated if m.month == mention.month and m.year), default=0)
        if year not in PLAUSIBLE_YEARS:
            continue  # "9 November 1953": history, not the article's date
        if date := _valid(year, mention.month, mention.day):
            return date, True
    return fallback
