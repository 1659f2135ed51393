"""A saved web page (bytes) -> the article's fields: main text, title, date, author, URL, site name.

trafilatura finds the main text and leaves navigation, share bars, related links, comments and footers out;
on the ScrapingHub article-extraction benchmark (181 real pages) it scores F1 0.96, where all the visible text
scores 0.63 (``benchmarks/extraction.py`` measures it again, with our old trailing-line rules beside it).
Its metadata comes from the page's own declarations: ``<link rel=canonical>``, Open Graph,
``article:published_time``, JSON-LD ``NewsArticle``; a date written only in the text is not guessed here
(``date_extraction_params``): the enrich stage reads the title and the lead for it, and says so.

Around the library, what its defaults get wrong for our languages (each found on real text and tested):

- It deletes U+200B, U+200C and U+200D (not "printable"): Khmer loses every word break. They are swapped for
  printable stand-ins before extraction and back after (unless the page already holds a stand-in).
- Its author clean-up drops a name's last vowel sign (``\\w`` does not match combining marks): patched.
- The headline is often repeated as the first line of the text: dropped when it equals the title.
- Bytes are decoded here, not by the library, so the HTTP charset of a crawl is used: BOM, then the HTTP
  header, then ``<meta charset>``, then strict UTF-8, then a guess (recorded as a note).
- On a page without an article, trafilatura falls back to all the text it finds, often a menu: text made
  only of words of the page's links is navigation, and the page has no article.
- Reader comments are never included (``include_comments=False``), and no cross-document state is kept
  (``deduplicate`` is off: it remembers earlier pages).

Nothing of the page's markup reaches the text: scripts, styles and event handlers are dropped with the
tags, and every renderer escapes the text again.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .dates import parse_date
from .langid import contradicts

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# WHATWG: these labels mean the superset browsers decode them with.
_LABELS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
           "ascii": "cp1252", "tis-620": "cp874", "iso-8859-11": "cp874", "windows-874": "cp874",
           "gb2312": "gb18030", "gbk": "gb18030", "x-sjis": "shift_jis", "utf8": "utf-8"}
_STAND_INS = {"\u200b": "\u2422", "\u200c": "\u2425", "\u200d": "\u2426"}  # ZWSP, ZWNJ, ZWJ -> printable
_BACK = {v: k for k, v in _STAND_INS.items()}
_ZW_ENTITY = re.compile(r"&(#8203|#x200b|ZeroWidthSpace|#8204|#x200c|zwnj|#8205|#x200d|zwj);", re.IGNORECASE)
_ZW_OF_ENTITY = {"#8203": "\u200b", "#x200b": "\u200b", "zerowidthspace": "\u200b", "#8204": "\u200c",
                 "#x200c": "\u200c", "zwnj": "\u200c", "#8205": "\u200d", "#x200d": "\u200d", "zwj": "\u200d"}
# The page's declared publication time (trafilatura returns the day only): Open Graph or JSON-LD.
_PUBLISHED_NAMES = r"""(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|datePublished)["']"""
_PUBLISHED = re.compile(
    rf"""<meta[^>]+{_PUBLISHED_NAMES}[^>]*?content\s*=\s*["']([^"']{{8,40}})["']"""
    rf"""|<meta[^>]+content\s*=\s*["']([^"']{{8,40}})["'][^>]*?{_PUBLISHED_NAMES}"""
    r'|"datePublished"\s*:\s*"([^"]{8,40})"',
    re.IGNORECASE)
# The page's first <time datetime="2024-11-30T18:30:00Z"> (the article's own, before lists and comments): when the
# library's day is its day, its time and zone (a UTC time is another day in Hanoi after 17:00)
# The language a page declares: <html lang="fr">, <meta http-equiv="content-language" content="fr">; trafilatura
# reads neither, and a page's declared language was detected instead. The record's field reader keeps a known
# code ("fr-FR" -> "fr") and notes an unknown one. Not ``data-lang``: an attribute follows a space.
# A site template's default (WordPress: lang="en-US" on a Khmer page) the text contradicts is noted and detected
# instead (``langid.contradicts``).
_DECLARED_LANG = re.compile(
    r"""<html\b[^>]*?\s(?:xml:)?lang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)"""
    r"""|<meta[^>]+http-equiv\s*=\s*["']content-language["'][^>]*?content\s*=\s*["']([A-Za-z]{2,3})""",
    re.IGNORECASE)
_TIME_TAG = re.compile(r"""<time\b[^>]*?\bdatetime\s*=\s*["']([^"']{0,40})["']""", re.IGNORECASE)
_QUIET = ("trafilatura", "htmldate", "courlan", "charset_normalizer", "justext")
_ready = False


@dataclass(frozen=True, slots=True)
class Page:
    """What a page says about itself, as a record for ``fields.record_document`` (canonical names)."""

    fields: dict[str, Any]
    notes: tuple[str, ...]


def http_charset(content_type: str | None) -> str | None:
    m = _HTTP_CHARSET.search(content_type or "")
    return m.group(1) if m else None


# A two-, three- or four-byte UTF-8 sequence: what a page saved in UTF-8 holds and a single-byte one does not.
_MULTIBYTE_UTF8 = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _single_byte(encoding: str) -> bool:
    import codecs

    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name == "ascii" or name.startswith(("iso8859-", "cp125", "koi8-", "tis-620", "mac-"))


def decode_html(raw: bytes, charset: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Bytes -> text and notes: BOM > HTTP charset > ``<meta charset>`` > UTF-8 > a guess (noted)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace"), ()
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", "replace"), ()
    meta = _META_CHARSET.search(raw[:4096])
    for label in (charset, meta.group(1).decode("ascii") if meta else None):
        if label:
            encoding = _LABELS.get(label.lower(), label.lower())
            try:
                text = raw.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue  # a wrong declaration: the next clue decides
            if _single_byte(encoding) and _MULTIBYTE_UTF8.search(raw):
                # A page saved as UTF-8 whose template still declares Latin-1 (or an HTTP header that says so):
                # read as declared, every "é" would be "Ã©". Text in a single-byte encoding almost never holds
                # valid UTF-8 sequences, so valid UTF-8 with some is read as UTF-8.
                try:
                    return raw.decode("utf-8"), (f"declared {label} but written in UTF-8: read as UTF-8",)
                except UnicodeDecodeError:
                    pass
            return text, ()
    try:
        return raw.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(raw[:65536]).best()
    encoding = best.encoding if best is not None else "cp1252"
    return raw.decode(encoding, "replace"), (f"encoding guessed: {encoding} (the page declares none that fits)",)


def _setup() -> Any:
    """trafilatura, imported on first use (0.4 s), quiet, with the author clean-up fixed for combining marks."""
    global _ready
    import trafilatura

    if not _ready:
        for name in _QUIET:  # broken pages are reported by us, once, with the file and record
            logging.getLogger(name).setLevel(logging.CRITICAL)
        try:
            import regex
            from trafilatura import json_metadata

            # Upstream: r"[^\w]+$|[:()?*$#!%/<>{}~¿]", which cuts "លី ម៉ារីណា" to "លី ម៉ារីណ".
            json_metadata.AUTHOR_REMOVE_SPECIAL = regex.compile(r"[^\w\p{M}]+$|[:()?*$#!%/<>{}~¿]")
        except (ImportError, AttributeError):  # another trafilatura version: its own rule applies
            pass
        _ready = True
    return trafilatura


def _protect(html: str) -> tuple[str, bool]:
    if any(c in html for c in _BACK):
        return html, False  # the page uses a stand-in itself: swapping back would invent characters
    html = _ZW_ENTITY.sub(lambda m: _ZW_OF_ENTITY[m.group(1).lower()], html)
    if not any(c in html for c in _STAND_INS):
        return html, False
    for zw, stand_in in _STAND_INS.items():
        html = html.replace(zw, stand_in)
    return html, True


def _restore(value: Any, swapped: bool) -> str | None:
    if not isinstance(value, str):
        return None
    if swapped:
        for stand_in, zw in _BACK.items():
            value = value.replace(stand_in, zw)
    return unicodedata.normalize("NFC", value).strip() or None


_WORD = re.compile(r"\w+")


_FURNITURE_ROLES = ("navigation", "banner", "contentinfo", "menu", "menubar")


def _only_link_words(text: str, html: str) -> bool:
    """Whether every word of ``text`` is a word of the page's links, menus, headers and footers (a menu, not an
    article: ``<nav>Home | About</nav>`` is not one)."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return False
    furniture = [*tree.iter("a", "nav", "header", "footer", "button", "menu"),
                 *(e for e in tree.iter() if isinstance(e.tag, str) and e.get("role") in _FURNITURE_ROLES)]
    links = {w.casefold() for e in furniture for w in _WORD.findall(e.text_content())}
    words = {w.casefold() for w in _WORD.findall(text)}
    return words <= links


_EXTRACTION = {"with_metadata": True, "include_comments": False, "include_tables": True, "deduplicate": False,
               "date_extraction_params": {"extensive_search": False, "original_date": True}}
_RESCUE_BELOW = 250  # trafilatura's MIN_EXTRACTED_SIZE: shorter, it falls back to all the text of the page
_no_rescue: Any = None


def _extract(trafilatura: Any, html: str, url: str | None, config: Any = None) -> Any:
    kwargs = {"config": config} if config is not None else {}
    return trafilatura.bare_extraction(html, url=url, **_EXTRACTION, **kwargs)


def _without_rescue(trafilatura: Any, html: str, url: str | None, text: str, title: str | None, swapped: bool,
                    lang: str | None) -> str:
    """The text of a short article without trafilatura's rescue, when the rescue only added the headline and
    the dateline to it.

    Under 250 characters, trafilatura takes the page's bare text instead of its own extraction if it is longer:
    for a news brief, the same paragraphs run together on one line, with the headline and the dateline in
    front ("Titre 14 de abril de 2020 El primer ministro..."). Its own extraction keeps the paragraphs."""
    global _no_rescue
    if _no_rescue is None:
        from trafilatura.settings import use_config

        _no_rescue = use_config()
        _no_rescue.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    doc = _extract(trafilatura, html, url, _no_rescue)
    own = _restore(doc.text, swapped) if doc is not None else None
    if not own or own == text:
        return text
    rest = " ".join(text.split())
    for piece in [*own.split("\n"), title or ""]:
        piece = " ".join(piece.split())
        if piece and piece in rest:
            rest = rest.replace(piece, " ", 1)
    rest = " ".join(rest.split())
    if not rest or not any(c.isalpha() for c in rest) or parse_date(rest, lang) is not None:
        return own  # nothing lost: the rescue's extra words are the headline and a date
    return text


def extract_page(raw: bytes, url: str | None = None, charset: str | None = None) -> Page | None:
    """The article in a page, or None when the page has no main text to extract."""
    trafilatura = _setup()
    html, notes = decode_html(raw, charset)
    html, swapped = _protect(html)
    doc = _extract(trafilatura, html, url)
    if doc is None:
        return None
    text = _restore(doc.text, swapped)
    if not text or _only_link_words(text, html):
        return None
    title = _restore(doc.title, swapped)
    if len(text) < _RESCUE_BELOW:
        text = _without_rescue(trafilatura, html, url, text, title, swapped, doc.language)
    first, _, rest = text.partition("\n")
    if title and rest.strip() and first.strip() == title:
        text = rest.strip()  # the headline repeated as the text's first line
    site = _restore(doc.sitename, swapped)
    if site and site == title:
        site = None  # a page without og:site_name: trafilatura falls back to the headline
    date = doc.date
    if m := _PUBLISHED.search(html):
        stamp = next(g for g in m.groups() if g).strip()
        if date and stamp[:10] == date:
            date = stamp  # the same day, with its time and zone
        elif not date or parse_date(stamp, doc.language) is not None:
            # Declared, but not in ISO form ("29/04/2021 07:15", Unix time, "ngày 12 tháng 4 năm 2021"): the
            # library finds no date, or one written in the text ("tháng 9/2019, iPhone 11..."). The page's own
            # declaration wins; the record's date reader reads it, with the article's language.
            date = stamp
    elif date and len(date) == 10 and (tag := _TIME_TAG.search(html)) and tag[1].strip()[:10] == date:
        date = tag[1].strip()  # the same day, with its time and zone
    declared = (m := _DECLARED_LANG.search(html)) and next(g for g in m.groups() if g)
    if not doc.language and declared and contradicts(declared, f"{title or ''}\n{text}"):
        notes = (*notes, f"declared language not the text's, detected instead: {declared[:20]!r}")
        declared = None
    fields: dict[str, Any] = {
        "title": title, "body": text, "date": date, "author": _restore(doc.author, swapped),
        "url": url or doc.url, "source": site,
        "lang": doc.language or declared,
        "section": _restore(doc.categories[0], swapped) if doc.categories else None,
        "tags": [t for t in (_restore(t, swapped) for t in doc.tags or ()) if t],
    }
    return Page({k: v for k, v in fields.items() if v}, notes)
