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
- A header year alone (``2024``): a mention of another year is skipped, one without its year takes the header's.
- No header: the year is the one written with the mention; else the year written with the other mentions of the
  same month, when they all write the same one ("tanggal 6 November" ... "9 November 2024" -> 2024-11-06: 17
  right, 1 wrong); else (none, or "26/4/2020" and "2/4/2021") no date.
  The latest plausible year anywhere in the text was tried and rejected: wrong 172 times, right 95 (plans
  for 2025, terms "2021-2026", "năm 2019"). A wrong year is worse than no date.
- Years outside 1990-2100 ("9 November 1953") are history, not the article's date. Impossible dates
  (31 février) are skipped, not corrected.
- No header day or month, in a language whose month table has a ``dateline`` (Vietnamese): only the dateline
  counts, the opening mention of a lead paragraph written without its year ("Ngày 26/4, ...", "(Dân trí) -
  Chiều 26/4, ...") or opened by the time of day that opens the paragraph ("Chiều 6/11/2024, ...", "Chiều ngày
  24/04/2021, ..."; not "Sáng lập ngày 1/1/2010", founded on), or a mention of today ("sáng nay (28/4)") anywhere
  in the lead; not a paragraph opening "Trước đó," (before that), nor yesterday or tomorrow ("Hôm qua (25/4)").
  A dateline without its year takes it as above: from the header's year, else from the same month written with
  one year, never from two, nor from a date compared with ("so với ngày 26/4/2020": a year-on-year comparison; on
  vi-news without headers the same-month year dated 35 articles, all in the right year, none from a comparison).
  vi-news with its headers removed: the first mention of the lead dated 173
  articles, 42 on the day of publication, 24 a day off, 71 another day, 36 another year (decrees "ngày
  25/9/2020", births, earlier events: Vietnamese writes the year of a date that is not the day's news).
  Datelines (measured 2026-12-03): 36 dated, 26 on the day, 9 the day before, 1 three days before, none another
  year; 3 written with their year after a time of day ("Chiều 29/4/2021", "Chiều ngày 24/04/2021", "Đêm ngày
  10/4/2021"). 395 more articles open with a dateline but no date (no year for its month, or two).
"""

from __future__ import annotations

import datetime
import email.utils
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from ..lang.table import data_table, get_language

LEAD_PARAGRAPHS = 3  # non-empty lines searched for a mention
PLAUSIBLE_YEARS = range(1990, 2101)
_BUDDHIST_ERA = range(1990 + 543, 2101 + 543)
_BE_OFFSET = 543

HEADER_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")  # a full day: 2024-12-06 (enrich.py uses it too)
_HEADER_MONTH = re.compile(r"^(\d{4})-(\d{2})$")

_PLACEHOLDERS = {
    "{d}": r"(?<![\d.,])(?P<d>\d{1,2})(?!\d)",
    "{mn}": r"(?P<mn>\d{1,2})(?!\d)",
    "{y}": r"(?P<y>\d{4})(?!\d)",
    "{_}": r"[\s\u200b]*",
}


@dataclass(frozen=True, slots=True)
class Era:
    """How a language's Buddhist Era year becomes the common era's: ``year - 543`` (Thai, Lao: the year turns on
    1 January), or, where it turns later (Cambodia: at Visak Bochea, from 29 April to the end of May), ``- 543``
    before ``turn[0]`` and ``- 544`` after ``turn[1]``; a day between them, or a year alone, is undecided (None).
    A month alone counts as its first 28 days do (April: before Visak Bochea; May: undecided)."""

    turn: tuple[tuple[int, int], tuple[int, int]] | None = None

    def common(self, year: int, month: int | None = None, day: int | None = None) -> int | None:
        if self.turn is None:
            return year - _BE_OFFSET
        if month is None:
            return None
        first, last = (month, day or 1), (month, day or 28)
        if last < self.turn[0]:
            return year - _BE_OFFSET
        if first > self.turn[1]:
            return year - _BE_OFFSET - 1
        return None


_UNDECIDED = Era(((1, 1), (12, 31)))  # a Buddhist Era year when the language is not known yet: never decided


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where a language's news writes the day it reports (``[vi.dateline]`` in the month tables): the first mention
    of a paragraph, within ``within`` characters of its start, without its year ("Ngày 26/4, ...") or opened by
    the ``timed`` word that opens the paragraph ("Chiều 6/11/2024, ...", "Chiều ngày 24/04/2021"); a mention
    opening with a ``today`` word anywhere ("sáng nay (28/4)"). A paragraph opening with ``background`` ("Trước
    đó, ngày 22/4, ...") is skipped, and so is a mention of another day (``other_day``: "Hôm qua (25/4)")."""

    within: int
    today: re.Pattern[str] | None
    timed: re.Pattern[str] | None
    background: re.Pattern[str] | None
    other_day: re.Pattern[str] | None = None
    compared: re.Pattern[str] | None = None  # ends where a date compared with begins ("so với ngày 26/4/2020")


@dataclass(frozen=True, slots=True)
class _Rules:
    """One language's compiled patterns and month lookup (``{"décembre": 12, "dec.": 12, ...}``), its
    Buddhist Era when it counts years so, and its dateline when its articles are dated by it alone."""

    patterns: tuple[re.Pattern[str], ...]
    month_of: dict[str, int]
    era: Era | None
    dateline: Dateline | None = None


def _expand(template: str) -> str:
    for placeholder, expansion in _PLACEHOLDERS.items():
        template = template.replace(placeholder, expansion)
    return template


def _dateline(table: dict[str, Any] | None) -> Dateline | None:
    if table is None:
        return None
    def regex(key: str) -> re.Pattern[str] | None:
        return re.compile(_expand(table[key]), re.IGNORECASE) if table.get(key) else None
    return Dateline(int(table.get("within", 0)), regex("today"), regex("timed"), regex("background"),
                    regex("other_day"), regex("compared"))


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
        regex = _expand(template.replace("{m}", f"(?P<m>{alternation}){boundary}"))
        compiled.append(re.compile(regex, re.IGNORECASE))
    era = None
    if table.get("buddhist_era", False):
        days = [(int(t[:2]), int(t[3:])) for t in table.get("buddhist_new_year", [])]  # ["04-29", "05-31"]
        era = Era((days[0], days[1]) if days else None)
    return _Rules(tuple(compiled), month_of, era, _dateline(table.get("dateline")))


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
                day = int(groups["d"])
                if year is not None and rule.era and year in _BUDDHIST_ERA:
                    year = rule.era.common(year, month, day) or 0  # 0: undecided, as no plausible year is
                found.append((m.start(), -len(m.group()), Mention(m.start(), day, month, year)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [mention for _, _, mention in found]


def buddhist_era_year(date: str) -> bool:
    """Whether ``date`` (``YYYY...``) has a year of the Buddhist Era's range (2533-2643): Thai, Khmer or Lao 1990-2100,
    or a typo; the article's language decides (``parse_date``)."""
    return date[:4].isdigit() and int(date[:4]) in _BUDDHIST_ERA


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:  # 31 février, month 13
        return None


def infer_date(body: str, header_date: str | None, lang: str | None, title: str = "") -> tuple[str | None, bool]:
    """``(date, inferred)``: the article's date and whether its day was read from the text.

    ``header_date`` is ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``None`` (anything else counts as no header).
    ``("2024-12", "le 12 décembre")`` -> ``("2024-12-12", True)``; nothing usable -> ``(header_date, False)``.
    The title is read before the body: a date it names (``26, Jul 2019``) is the article's, where the body's
    first date is often the event's.
    """
    header = (header_date or "").strip()
    if (day := HEADER_DAY.match(header)) and _valid(int(day[1]), int(day[2]), int(day[3])):
        return header, False
    month_header = _HEADER_MONTH.match(header)
    if month_header and not 1 <= int(month_header[2]) <= 12:
        month_header = None  # "2024-13": not a month, so no header
    year_header = int(header) if re.fullmatch(r"\d{4}", header) else None
    fallback = (header, False) if month_header or year_header else (None, False)

    paragraphs = [line.strip() for line in body.split("\n") if line.strip()][:LEAD_PARAGRAPHS]
    rules = _load_rules().get(lang or "")
    if rules and rules.dateline and not month_header:
        # Without a header month to check it against, a day is the article's only as its dateline (see above).
        candidates = [m for paragraph in [title.strip(), *paragraphs]
                      for m in _dateline_mentions(paragraph, lang, rules.dateline)]
    else:
        candidates = find_mentions(title, lang) + find_mentions("\n".join(paragraphs), lang)
    dated: list[Mention] | None = None  # mentions with a year anywhere in the body, found only if needed
    for mention in candidates:
        if month_header:
            year, month = int(month_header[1]), int(month_header[2])
            if mention.month != month or mention.year not in (None, year):
                continue  # another month: background, not the article's date
        elif year_header:
            if mention.year not in (None, year_header):
                continue
            year = year_header
        elif mention.year is not None:
            year = mention.year
        else:
            if dated is None:
                dated = _year_sources(title + "\n" + body, lang, rules.dateline if rules else None)
            # "tanggal 6 November" takes its year from "9 November 2024" further down: the same month
            # written with a year, when every such mention writes the same one ("ngày 26/4/2020" beside
            # "ngày 2/4/2021": which?), and not a date compared with ("so với ngày 26/4/2020": another year).
            # Any other year in the text is a guess (see the module docstring).
            years = {m.year or 0 for m in dated if m.month == mention.month}
            year = years.pop() if len(years) == 1 else 0
        if year not in PLAUSIBLE_YEARS:
            continue  # "9 November 1953": history, not the article's date
        if date := _valid(year, mention.month, mention.day):
            return date, True
    return fallback


COMPARED_BEFORE = 24  # characters before a date where a word of comparison names it ("so với ngày ")


def _year_sources(text: str, lang: str | None, dateline: Dateline | None) -> list[Mention]:
    """The mentions of ``text`` whose year may date a mention of the same month written without one: of a
    plausible year, and not a date compared with ("so với ngày 26/4/2020", "cùng kỳ năm 2020": a year-on-year
    comparison is another year, and it dated "Ngày 26/4, ..." 2020)."""
    compared = dateline.compared if dateline else None
    return [m for m in find_mentions(text, lang) if m.year in PLAUSIBLE_YEARS
            and not (compared and compared.search(text, max(0, m.start - COMPARED_BEFORE), m.start))]


def _dateline_mentions(paragraph: str, lang: str | None, dateline: Dateline) -> list[Mention]:
    """The mentions of ``paragraph`` that date it by ``dateline``'s rule: its opening one, written without its year
    or after a time of day, and any after a word for today."""
    if dateline.background and dateline.background.match(paragraph):
        return []
    found = []
    for i, mention in enumerate(find_mentions(paragraph, lang)):
        if dateline.today and dateline.today.match(paragraph, mention.start):
            found.append(mention)
        elif i == 0 and mention.start <= dateline.within and not _other_day(paragraph, mention, dateline) and (
                mention.year is None or _time_of_day_opens(paragraph, mention, dateline)):
            found.append(mention)
    return found


OTHER_DAY_AFTER = 32  # characters after a mention's start where "(hôm qua)" still names it: "Sáng 26/4/2021 (hôm qua)"


def _other_day(paragraph: str, mention: Mention, dateline: Dateline) -> bool:
    """Whether the mention is of yesterday or tomorrow ("Hôm qua (25/4)", "Ngày mai (27/4)", "Ngày 26/4 (hôm
    qua)"): not the day of publication, so not a dateline."""
    return bool(dateline.other_day and (
        dateline.other_day.search(paragraph, 0, mention.start + OTHER_DAY_AFTER)))


def _time_of_day_opens(paragraph: str, mention: Mention, dateline: Dateline) -> bool:
    """Whether the paragraph opens with a time of day that opens the mention itself: "Chiều 6/11/2024",
    "Chiều ngày 24/04/2021"; not "Sáng lập ngày 1/1/2010" (founded on), "Đêm nhạc 30/4/2019" (a concert
    night), "Sang năm 2025, ngày 1/1/2025" (next year)."""
    opening = dateline.timed.match(paragraph) if dateline.timed else None
    if opening is None:
        return False
    # The mention starts at the time word ("Chiều 6/11/2024" is one match) or right after it ("ngày 24/04/2021").
    return mention.start == opening.start() or not paragraph[opening.end():mention.start].replace("\u200b", "").strip()


# --- A date written in a field (a record's "date", a page's metadata, a metadata block) ----------------------
#
#     parse_date("2024-11-06T10:30:00+07:00") -> DateValue("2024-11-06", "2024-11-06T10:30:00+07:00")
#     parse_date("Wed, 06 Nov 2024 10:30:00 +0700") -> DateValue("2024-11-06", "2024-11-06T10:30:00+07:00")
#     parse_date("06/11/2024", "fr") -> DateValue("2024-11-06")      parse_date("06/11/2024", "en") -> None
#     parse_date("26, Jul 2019") -> DateValue("2019-07-26")          parse_date("2024") -> DateValue("2024")
#
# The stdlib and the month tables above: dateutil swaps ISO dates when asked for day-first, dateparser is 450x
# slower (both measured in the ingest research, 10,000 strings). What is ambiguous is refused, not guessed:
# "06/11/2024" with no language that decides, two-digit years (but Thai's "3 ธ.ค. 67": 2567, the era's only 67).

# Languages that write a numeric date month first when the day could be either (US English): nothing is
# decided for them unless one number is over 12. Chinese, Japanese and Korean write the year first.
MONTH_FIRST = frozenset({"en"})
YEAR_FIRST = frozenset({"zh", "ja", "ko"})

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?\s*(?P<z>Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?",
    re.IGNORECASE)
_ISO_PARTIAL = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2}))?")
# 20210412, as the vi-news metadata writes it; 20210412073000 and 20210412T0730Z (crawls, GDELT, ISO basic)
_BASIC = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"
                    r"(?:T?(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?(?P<z>Z|[+-]\d{2}:?\d{2})?)?", re.IGNORECASE)
# Unix time, as databases and APIs export it: seconds (9-10 digits) or milliseconds (12-13), maybe a fraction
_EPOCH = re.compile(r"(?P<n>\d{9,10}|\d{12,13})(?:\.\d*)?")
# .NET's JSON date (ASP.NET, PowerShell 5's ConvertTo-Json): "/Date(1730863800000)/", "/Date(1730863800000+0700)/"
_DOTNET = re.compile(r"\\?/?Date\((?P<ms>\d{12,13})(?:[+-]\d{4})?\)\\?/?", re.IGNORECASE)
_RFC = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")
_CJK = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号號])?")
_NUMERIC = re.compile(r"(?<!\d)(?P<a>\d{1,4})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})(?!\d)")
_VI_DAY = re.compile(r"ng[àa]y\s*(?P<d>\d{1,2})\s*th[áa]ng\s*(?P<m>\d{1,2})\s*(?:/|n[ăa]m)\s*(?P<y>\d{4})",
                     re.IGNORECASE)
_VI_MONTH = re.compile(r"th[áa]ng\s*(?P<m>\d{1,2})\s*(?:/|n[ăa]m)\s*(?P<y>\d{4})", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"(?<!\d)(?P<m>\d{1,2})[/.-](?P<y>\d{4})(?!\d)")
_YEAR = re.compile(r"(?<!\d)(?P<y>\d{4})(?!\d)")
_DAY = re.compile(r"(?<![\d:])(?P<d>\d{1,2})(?![\d:])")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_SHORT_ERA_YEAR = re.compile(r"\s*(?:พ\.ศ\.\s*)?(?P<yy>\d{2})(?![\d/.:-])\D*")  # after the month: " 67", " พ.ศ. 67 น."


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date at the precision written (``2024``, ``2024-11``, ``2024-11-06``) and, when a time of day was
    given, the full timestamp (its zone as written, or none)."""

    date: str
    timestamp: str | None = None

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month"}.get(len(self.date), "day")


def _value(year: int, month: int | None = None, day: int | None = None,
           era: Era | None = None) -> DateValue | None:
    """``era``: the language's Buddhist Era when it counts years so (Thai, Khmer, Lao); ``_UNDECIDED`` when the
    language is not known yet: a year of that era (2569) is then undecided (Thai 2026, or a typo), not kept."""
    if year in _BUDDHIST_ERA and era is not None:
        common = era.common(year, month, day)
        if common is None:
            return None
        year = common
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return DateValue(f"{year:04d}")
    if not 1 <= month <= 12:
        return None
    if day is None:
        return DateValue(f"{year:04d}-{month:02d}")
    date = _valid(year, month, day)
    return DateValue(date) if date else None


def _zone(z: str | None) -> str:
    if not z:
        return ""
    if z.upper() in ("Z", "UTC", "GMT"):
        return "+00:00"
    z = z.replace(":", "")
    return f"{z[:3]}:{z[3:]}"


def _all_months() -> dict[str, int]:
    merged: dict[str, int] = {}
    for rule in _load_rules().values():
        merged.update(rule.month_of)
    return merged


_month_patterns: dict[str | None, tuple[re.Pattern[str], dict[str, int]]] = {}


def _month_pattern(lang: str | None) -> tuple[re.Pattern[str], dict[str, int]]:
    """A month name of ``lang`` (of every language when it has no table), as a whole word."""
    found = _month_patterns.get(lang)
    if found is None:
        rules = _load_rules().get(lang or "")
        months = rules.month_of if rules and rules.month_of else _all_months()
        # English month abbreviations are read in any language: feeds and web metadata write them.
        months = {**{k: v for k, v in _load_rules()["en"].month_of.items()}, **months}
        for name, number in list(months.items()):
            if name.endswith("."):
                months.setdefault(name[:-1], number)
            if len(name) > 3 and name.isascii() and name[:3] not in months:
                months[name[:3]] = number  # "Jul", "Sep": abbreviations written without a dot
        alternation = "|".join(re.escape(n) for n in sorted(months, key=len, reverse=True))
        found = (re.compile(f"(?<!\\w)(?:{alternation})(?!\\w)", re.IGNORECASE), months)
        _month_patterns[lang] = found
    return found


def parse_date(text: str, lang: str | None = None) -> DateValue | None:
    """A date as a record, a page or a feed writes it; None when it is not understood or is ambiguous.

    ``lang`` (the article's language) decides the order of a numeric date: ``06/11/2024`` is 6 November
    in French or Vietnamese, unknown in English (month first, but British sources write the day first) and
    without a language; ``13/11/2024`` is only ever a day first.
    """
    s = " ".join(text.replace("\u200b", " ").split())
    if not s:
        return None
    rules = _load_rules().get(lang or "")
    # Undecided without a language: "2569-12-03" is Thai (2026) or a typo; read again once it is detected.
    era = (rules.era if rules else None) if lang else _UNDECIDED
    if m := _ISO.fullmatch(s):
        return _timed(_value(int(m["y"]), int(m["m"]), int(m["d"]), era), m)
    if m := _ISO_PARTIAL.fullmatch(s):
        return _value(int(m["y"]), int(m["m"]) if m["m"] else None, era=era)
    if (m := _BASIC.fullmatch(s)) and (value := _value(int(m["y"]), int(m["m"]), int(m["d"]), era)):
        return _timed(value, m)
    if m := _EPOCH.fullmatch(s):
        value = _epoch(int(m["n"]))
        if len(m["n"]) == 10 and "." not in s and (value is None or is_future(value.date)):
            # 2024110610: Unix time of a day after today (2034-02-21), or 10 a.m. on 6 November 2024 written
            # YYYYMMDDHH: the hour (a past one) is meant
            n = m["n"]
            hourly = _value(int(n[:4]), int(n[4:6]), int(n[6:8]), era) if int(n[8:]) <= 23 else None
            if hourly is not None and not is_future(hourly.date):
                return DateValue(hourly.date, f"{hourly.date}T{n[8:]}:00:00")
        return value
    if m := _DOTNET.fullmatch(s):
        return _epoch(int(m["ms"]))  # the milliseconds are UTC's; the offset only says where it was shown
    if _RFC.match(s) and (t := email.utils.parsedate_tz(s)):
        value = _value(t[0], t[1], t[2], era)  # the date as written, in its own zone: never converted
        if value and t[9] is not None:
            offset = t[9] // 60
            zone = f"{'+' if offset >= 0 else '-'}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
            return DateValue(value.date, f"{value.date}T{t[3]:02d}:{t[4]:02d}:{t[5]:02d}{zone}")
        return value
    if m := _CJK.search(s):
        return _value(int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None, era)
    if m := _NUMERIC.search(s):
        return _numeric(m, lang, era)
    if m := _VI_DAY.search(s):
        return _value(int(m["y"]), int(m["m"]), int(m["d"]), era)
    if m := _VI_MONTH.search(s):
        return _value(int(m["y"]), int(m["m"]), era=era)
    pattern, months = _month_pattern(lang)
    if mm := pattern.search(s):
        month = months[mm.group().casefold()]
        if era is _UNDECIDED:
            # "3 ธันวาคม 2569": a Thai month name says whose calendar the year is
            era = _buddhist_months().get(mm.group().casefold(), _UNDECIDED)
        rest = _TIME.sub(" ", s[:mm.start()] + " " + s[mm.end():])
        years = [y for y in _YEAR.findall(rest)]
        if (not years and era is not None and era.turn is None
                and (short := _SHORT_ERA_YEAR.fullmatch(_TIME.sub(" ", s[mm.end():])))
                and 2500 + int(short["yy"]) in _BUDDHIST_ERA):
            # "3 ธ.ค. 67 10:30 น.": Thai writes the era's year by its last two digits (2533-2599: 1990 to 2056)
            years, rest = [str(2500 + int(short["yy"]))], s[:mm.start()]
        if not years:
            return None  # "26 juillet": a day and a month, no year
        rest = _YEAR.sub(" ", rest)
        day = _DAY.search(rest)
        return _value(int(years[0]), month, int(day["d"]) if day else None, era)
    if m := _MONTH_YEAR.fullmatch(s):
        return _value(int(m["y"]), int(m["m"]), era=era)
    if m := _YEAR.fullmatch(s):
        return _value(int(m["y"]), era=era)
    return None


def _numeric(m: re.Match[str], lang: str | None, era: Era | None) -> DateValue | None:
    a, b, c = m["a"], m["b"], m["c"]
    if len(a) == 4:
        return _value(int(a), int(b), int(c), era)  # 2024/11/06, 2024.11.06
    if len(c) != 4:
        return None  # a two-digit year is a guess of the century
    first, second, year = int(a), int(b), int(c)
    if first == second:
        return _value(year, first, first, era)  # 05/05/2024: either order gives the same day
    if first > 12 >= second:
        return _value(year, second, first, era)  # 13/11/2024: only a day comes first
    if second > 12 >= first:
        return _value(year, first, second, era)  # 11/13/2024: only a month comes first
    if lang and lang not in MONTH_FIRST and lang not in YEAR_FIRST:
        return _value(year, second, first, era)  # the language writes the day first (04/07/2564 in Thai)
    return None


def unread_reason(text: str, lang: str | None = None) -> str:
    """Why ``parse_date`` gave nothing for ``text`` (read in ``lang``), as a note's kind: a Buddhist Era year that
    the date does not place (Khmer, around Visak Bochea), an impossible date, a numeric date whose day and month
    order the article's language does not decide (English), a two-digit year, or a form not understood."""
    s = " ".join(text.replace("\u200b", " ").split())
    rules = _load_rules().get(lang or "")
    if rules and rules.era and rules.era.turn and any(int(y) in _BUDDHIST_ERA for y in _YEAR.findall(s)):
        return "Buddhist Era year undecided (its year turns at Visak Bochea, late April to May)"
    if _ISO.fullmatch(s) or _BASIC.fullmatch(s) or _ISO_PARTIAL.fullmatch(s):
        return "impossible date"
    if m := _NUMERIC.search(s):
        a, b, c = m["a"], m["b"], m["c"]
        if len(a) != 4 and len(c) != 4:
            return "two-digit year (which century?)"
        if len(a) != 4 and int(a) <= 12 and int(b) <= 12:
            return "day and month order undecided (3 December or 12 March?)"
        return "impossible date"
    return "date not understood"


def _timed(value: DateValue | None, m: re.Match[str]) -> DateValue | None:
    """A day with the time the match holds (groups H, M, S, z), if any; None for an impossible time."""
    if value is None or m["H"] is None:
        return value
    hour, minute, second = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    if hour > 23 or minute > 59 or second > 60:
        return None
    return DateValue(value.date, f"{value.date}T{hour:02d}:{minute:02d}:{second:02d}{_zone(m['z'])}")


def _epoch(number: int) -> DateValue | None:
    """Unix time in seconds or milliseconds -> its day in UTC (the only zone it implies), if plausible."""
    seconds = number / 1000 if number >= 10**11 else number
    try:
        moment = datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    if moment.year not in PLAUSIBLE_YEARS:
        return None
    return DateValue(moment.date().isoformat(), moment.replace(microsecond=0).isoformat())


_buddhist_names: dict[str, Era] | None = None


def _buddhist_months() -> dict[str, Era]:
    """The month names of the languages that count years in the Buddhist Era (none is another's), with it."""
    global _buddhist_names
    if _buddhist_names is None:
        _buddhist_names = {name: rule.era for rule in _load_rules().values() if rule.era for name in rule.month_of}
    return _buddhist_names


# A date in an article's address, as news sites write it: /2024/11/06/slug, /2024-11-06/, slug-2024-11-06, or a
# timestamp run ending a slug (Dân trí: -20210420211220970.htm, YYYYMMDDhhmmss and milliseconds; 202411061030).
# Eight digits alone (20241106) count only as a whole segment or opening one (/20241106/, /20241106-slug): inside
# one (-20151023.htm, ISBN-19991231) they are an id as often as a day. In vi-news (measured 2026-12-03), the
# address's day is the header's for 2,614 of the 2,652 articles that have one, the day before for 34 (written late
# in the evening, published after midnight), another day for 4. Day-first or two-digit forms (1-11-2020,
# 06/11/24) are ambiguous and not read; nor is the host or the query.
_URL_PATH_DATE = re.compile(r"(?<![\w])(?P<y>\d{4})(?P<sep>[/-])(?P<m>\d{2})(?P=sep)(?P<d>\d{2})(?![\w])")
_URL_STAMP = re.compile(r"(?<![\dA-Za-z])(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"
                        r"(?:(?P<H>\d{2})(?P<M>\d{2})(?:(?P<S>\d{2})(?:\d{3})?)?)?(?![\dA-Za-z])")


def url_date(url: str | None, now: datetime.datetime | None = None) -> str | None:
    """The day an article's address names (``YYYY-MM-DD``), or None: none, two that disagree, an impossible or
    implausible one (an id of 8 digits), or one after ``now``."""
    if not url:
        return None
    try:
        path = urllib.parse.urlsplit(url.strip()).path
    except ValueError:
        return None
    found = set()
    for m in _URL_PATH_DATE.finditer(path):
        found.add(_valid(int(m["y"]), int(m["m"]), int(m["d"])) if int(m["y"]) in PLAUSIBLE_YEARS else None)
    for m in _URL_STAMP.finditer(path):
        if int(m["y"]) not in PLAUSIBLE_YEARS:
            continue  # an id: 12345678
        if m["H"] is None and m.start() > 0 and path[m.start() - 1] != "/":
            continue  # 8 digits inside a segment (-20151023.htm, ISBN-19991231): an id as often as a day
        if m["H"] is not None and (int(m["H"]) > 23 or int(m["M"]) > 59 or int(m["S"] or 0) > 59):
            found.add(None)  # 20241106999999: not a time, so not a date either
            continue
        found.add(_valid(int(m["y"]), int(m["m"]), int(m["d"])))
    if len(found) != 1:
        return None
    day = found.pop()
    return day if day and not is_future(day, now) else None


# Languages read in one time zone (every country writing them keeps the same clock), in minutes east of UTC. A
# timestamp written in UTC (Z, GMT, +00:00, Unix time) is a server's; the article's day is the one its publisher
# and readers lived: 2024-11-30T18:30:00Z is 1 December in Hanoi, and in December's count. Languages written
# across zones (English, French, Spanish, Indonesian's three) keep the day in UTC.
LOCAL_ZONES = {"vi": 420, "km": 420, "lo": 420, "th": 420, "my": 390, "zh": 480, "ms": 480, "ja": 540, "ko": 540}


def in_local_zone(timestamp: str, lang: str | None) -> str | None:
    """A ``published`` timestamp written in UTC, in the zone of ``lang``'s readers (the same moment):
    ``("2024-11-30T18:30:00+00:00", "vi")`` -> ``"2024-12-01T01:30:00+07:00"``; None when it is not in UTC or
    the language is not read in one zone."""
    minutes = LOCAL_ZONES.get(lang or "")
    if minutes is None or not timestamp.endswith("+00:00"):
        return None
    try:
        moment = datetime.datetime.fromisoformat(timestamp)
    except ValueError:
        return None
    return moment.astimezone(datetime.timezone(datetime.timedelta(minutes=minutes))).isoformat()


def is_future(date: str, now: datetime.datetime | None = None) -> bool:
    """Whether the period ``date`` names (a day, a month, a year) starts after ``now``, in the time zone that
    sees the new day first (UTC+14): an article dated today anywhere on Earth is not in the future."""
    now = now or datetime.datetime.now(datetime.UTC)
    today = (now.astimezone(datetime.UTC) + datetime.timedelta(hours=14)).date().isoformat()
    start = date + "-01-01"[len(date) - 4:] if len(date) < 10 else date
    return start > today
