"""Document -> Article: what the text says about itself (clean body, source, language, date, officials).

Runs between ``parse`` and the index: trailing web boilerplate is cut (a wire credit in it becomes the source
when the record names none), the language detected (unless forced), a date inferred from the address, else the
title and the lead, when the record's date is missing or gives only a month or a year, a date after the time of
indexing flagged, and the officials found.

``ENRICH_VERSION`` (``version.py``) is part of the key that decides whether an unchanged record must be indexed again
(``search/index/build.py``): bump it whenever these rules change what an article becomes.
"""

from __future__ import annotations

import datetime

from ..errors import UnknownLanguageError
from ..lang.table import is_known
from ..officials.registry import Registry, default_registry
from ..records import Article, Document, MentionRow
from .boilerplate import strip_boilerplate, wire_credit
from .dates import HEADER_DAY, in_local_zone, infer_date, is_future, parse_date, unread_reason, url_date
from .fields import url_host
from .langid import detect_language
from .version import ENRICH_VERSION as ENRICH_VERSION  # its own module: a no-op build reads it without the rules

LANGID_CHARS = 1000  # same answer as 2,000 on all 5,000 benchmark articles, 0.3 ms instead of 0.46


def enrich(doc: Document, lang: str | None = None, registry: Registry | None = None,
           now: datetime.datetime | None = None) -> Article:
    body, removed = strip_boilerplate(doc.body)
    notes = list(doc.notes)
    credit = wire_credit(removed, body)
    if removed:
        notes.append(f"trailing boilerplate removed: {', '.join(removed)[:120]}")
    source = doc.source
    if credit:
        if source:
            notes.append(f"wire credit: {credit} (the record's source, {source}, is kept)")
        else:
            notes.append(f"wire credit kept as the source: {credit}")
            source = credit
    # A source is a facet value that can be fed back (source:a,b lists several): it holds no comma.
    source = " ".join((source or url_host(doc.url) or "").replace(",", " ").split()) or None
    if lang is not None:
        if not is_known(lang):
            raise UnknownLanguageError(f"unknown language code {lang!r}", hint="See `search analyze --help`.")
        code = lang
    else:
        # The first few thousand characters decide as well as the whole text, at a fraction of the cost.
        code = doc.lang or detect_language(doc.title + "\n" + body[:LANGID_CHARS])
    header_date, published = doc.date, doc.published
    if header_date is None and doc.date_raw:
        # "06/11/2024": the order of day and month is the language's (6 November in French, Vietnamese...);
        # "2567-11-06T10:00:00+07:00": the era of the year too (its time kept, as a date read at once keeps it)
        parsed = parse_date(doc.date_raw, code)
        if parsed is None:
            notes.append(f"{unread_reason(doc.date_raw, code)}, ignored: {doc.date_raw!r}")
        else:
            header_date, published = parsed.date, parsed.timestamp or published
    if published and header_date == published[:10] and (local := in_local_zone(published, code)):
        published, header_date = local, local[:10]  # a UTC timestamp: the day of the language's one time zone
    date: str | None
    if (not HEADER_DAY.match(header_date or "") and (day := url_date(doc.url, now))
            and day.startswith(header_date or "")):
        # The address's day (/2024/11/06/, -20210420211220970.htm) is the publisher's: the header's in 2,614 of
        # 2,652 vi-news articles, where the text's dateline dates 36 of them (dates.py). Flagged inferred too.
        date, inferred = day, True
    else:
        date, inferred = infer_date(body, header_date, code, title="" if doc.title_derived else doc.title)
    future = bool(date) and is_future(date or "", now)
    if future:
        notes.append(f"date after the time of indexing, not used for newest first: {date}")
    doc = doc.with_(body=body, lang=code, date=date, date_inferred=inferred, date_future=future, source=source,
                    published=published, notes=tuple(notes))
    reg = registry if registry is not None else default_registry()
    mentions = []
    # A year alone does not say which role an official held: no role then, as for an undated article.
    for m in reg.find(doc.title + "\n" + body, date if date and len(date) >= 7 else None):
        official = reg.officials[m.official_id]
        mentions.append(MentionRow(m.official_id, m.name, m.count, m.first_pos, official.country, m.roles))
    return Article(doc, tuple(mentions))
