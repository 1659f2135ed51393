"""A record's fields (a JSON object, a CSV row, front matter, a metadata block, a page's metadata) -> Document.

Field names are recognised without configuration, ignoring case, ``_``, ``-`` and spaces (``pubDate``,
``pub_date`` and ``PUBDATE`` are one name)::

    {"headline": "...", "text": "...", "published": "2024-11-06T10:30:00+07:00", "link": "https://..."}
    -> Document(title="...", body="...", date="2024-11-06", published="2024-11-06T10:30:00+07:00", url=...)

A mapping names the field for anything else: ``FieldMap.parse(["body=story"])`` reads the body from
``story`` (``search index --field body=story``). A value of the wrong type in a recognised field (a number as
the title, an object as the body) makes the record an error with the field named: it is reported and
skipped, never indexed with a hole where the user expected text.

Ids: the record's own (``id``, ``doc_id``, ``guid``...), else one made from the URL (stable however the files
are arranged: ``dantri.com.vn-3f2a9c1e4b5d6a7f``), else the file and the record's position, given by the
reader (``wire-12`` for line 12 of ``wire.jsonl``; the file name alone for one-article files).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import html
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import SearchError
from ..lang.table import SENTENCE_END, is_known
from ..records import Document
from .dates import parse_date

# Canonical field -> the names that mean it, most specific first (compared normalised: see ``_norm``).
# English names first; then the names newsrooms of the indexed languages give their export's columns (French,
# Spanish, Indonesian, Vietnamese, Russian): "titre;texte;date" is what a French CSV export holds.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "docid", "article_id", "guid", "uuid", "_id"),
    "title": ("title", "headline", "heading", "titre", "titulo", "título", "judul", "tiêu đề", "tieu de", "tieude",
              "заголовок"),
    "body": ("body", "text", "content", "article", "article_body", "articleBody", "maintext", "full_text",
             "texte", "contenu", "corps", "texto", "contenido", "cuerpo", "isi", "konten", "isi berita", "nội dung",
             "noi dung", "noidung", "текст", "содержание"),
    "date": ("date", "published", "pubDate", "datePublished", "published_at", "publish_date", "date_published",
             "publication_date", "pub_date", "created_at", "dateCreated", "date_publication",
             "date_de_publication", "fecha", "fecha_publicacion", "fecha de publicación", "tanggal", "ngày",
             "ngay", "ngày đăng", "ngay dang", "дата"),
    "url": ("url", "link", "canonical_url", "canonical", "permalink", "source_url", "lien", "enlace", "tautan",
            "đường dẫn", "ссылка"),
    "source": ("source", "outlet", "publisher", "site_name", "sitename", "site", "source_name", "media", "fuente",
               "sumber", "nguồn", "nguon", "источник"),
    "author": ("author", "authors", "byline", "creator", "writer", "auteur", "autor", "penulis", "tác giả",
               "tac gia", "автор"),
    "section": ("section", "category", "articleSection", "rubric", "desk", "rubrique", "catégorie", "categoria",
                "categoría", "kategori", "rubrik", "chuyên mục", "chuyen muc", "рубрика"),
    "tags": ("tags", "keywords", "labels", "topics", "mots-clés", "etiquetas", "kata kunci", "từ khóa", "теги"),
    "lang": ("lang", "language", "inLanguage", "locale", "langue", "idioma", "bahasa", "ngôn ngữ", "ngon ngu",
             "язык"),
}
FIELDS = tuple(SYNONYMS)
TEXT_FIELDS = SYNONYMS["body"]  # for messages: "a CSV with no text column"
MAX_TAGS = 50


_SENTENCE_END = re.compile(f"(?<=[{re.escape(SENTENCE_END)}])\\s+|\n")
_WORD_BREAK = " \u200b"  # where a long title may be cut: spaces, and Khmer's zero width spaces


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me")


def visible(text: str) -> bool:
    """Whether ``text`` shows anything: a title of zero width spaces, direction marks, soft hyphens or a byte
    order mark alone would be an invisible link in every list of the site, and an empty line in the CLI."""
    return any(not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc") for c in text)


def _sentences(text: str) -> Iterator[str]:
    """``_SENTENCE_END.split(text)``, lazily: the first visible sentence is most often the first."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield text[start:m.start()]
        start = m.end()
    yield text[start:]


def derive_title(body: str, limit: int = 160) -> str:
    """The first sentence of the body that shows something, cut at a word boundary if it is very long."""
    body = body.strip()
    first = next((s.strip() for s in _sentences(body) if visible(s)), "")
    if len(first) <= limit:
        return first
    cut = first[:limit]
    breaks = max(cut.rfind(c) for c in _WORD_BREAK)
    if breaks > 0:
        cut = cut[:breaks]
    else:
        # No word break (Thai, Chinese): never split a letter from its vowel signs or a Khmer subscript.
        end = len(cut)
        while end > 1 and (_is_mark(first[end]) or _is_mark(first[end - 1])):
            end -= 1
        cut = cut[:end]
    return cut.rstrip(_WORD_BREAK) + "…"


@functools.lru_cache(maxsize=4096)
def _norm(name: str) -> str:
    return unicodedata.normalize("NFC", re.sub(r"[\s_\-]+", "", name).casefold())


def nfc(text: str) -> str:
    """NFC; checked first, which is many times faster than normalising text that is NFC already (most is)."""
    # (ASCII is NFC, and ``isascii`` is a flag of the string: no character is read)
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


class FieldMapError(SearchError):
    """A ``--field`` option that cannot be used."""

    exit_code = 2


@dataclass(frozen=True)
class FieldMap:
    """Which key of a record holds each field: the user's mapping first, then the known names."""

    mapping: Mapping[str, str] = field(default_factory=dict)  # canonical field -> the record's key

    @classmethod
    def parse(cls, options: Iterable[str]) -> FieldMap:
        """``["body=story", "date=when"]`` -> a map; raises FieldMapError for an unknown field or a bad form."""
        mapping: dict[str, str] = {}
        for option in options:
            target, sep, key = option.partition("=")
            target, key = target.strip().lower(), key.strip()
            if not sep or not key:
                raise FieldMapError(f"--field {option!r}: expected FIELD=NAME, as in --field body=story")
            if target not in SYNONYMS:
                raise FieldMapError(f"--field {option!r}: unknown field {target!r}",
                                    hint=f"Fields: {', '.join(FIELDS)}")
            mapping[target] = key
        return cls(mapping)

    def keys(self, record: Mapping[str, Any]) -> dict[str, str]:
        """Canonical field -> the key of ``record`` that holds it (only the fields present)."""
        # Decided by the record's keys alone, in their order: the records of a collection have the same ones
        # (a JSON Lines export's 5,000 records: once, not 10,000 times through every name of SYNONYMS).
        return dict(_keys(tuple(self.mapping.items()), tuple(record)))

    def has_text(self, columns: Iterable[str]) -> bool:
        """Whether a header (a CSV's columns) names a body column."""
        return "body" in self.keys({c: "" for c in columns})

    def describe(self, target: str) -> str:
        if target in self.mapping:
            return repr(self.mapping[target])
        return ", ".join(SYNONYMS[target][:4])


# The names of SYNONYMS normalised (``_norm``)
_SYNONYMS_NORM = {target: tuple(_norm(name) for name in names) for target, names in SYNONYMS.items()}


@functools.lru_cache(maxsize=1024)
def _keys(mapping: tuple[tuple[str, str], ...], names: tuple[Any, ...]) -> dict[str, str]:
    """``FieldMap.keys`` of a record whose keys are ``names`` (in order), for a map of ``mapping``'s items."""
    by_norm: dict[str, str] = {}
    for key in names:
        if isinstance(key, str):
            by_norm.setdefault(_norm(key), key)
    present = set(names)
    found: dict[str, str] = {}
    taken: set[str] = set()
    for target, key in mapping:
        actual = key if key in present else by_norm.get(_norm(key))
        if actual is not None:
            found[target] = actual
            taken.add(actual)
    for target, normed in _SYNONYMS_NORM.items():
        if target in found:
            continue
        for name in normed:
            actual = by_norm.get(name)
            if actual is not None and actual not in taken:
                found[target] = actual
                taken.add(actual)
                break
    return found


class RecordError(ValueError):
    """A record that cannot be an article; the message is the reason reported."""


def _text(value: Any, what: str, numbers: bool = False) -> str | None:
    """A text field: a string (or, with ``numbers``, an integer: ids, 20210412 dates); None when absent."""
    if value is None:
        return None
    if not isinstance(value, str) and not (numbers and isinstance(value, int) and not isinstance(value, bool)):
        raise RecordError(f"field {what} is {_type(value)}, not text")
    text = str(value)
    if "\r" in text:  # (most have none: a search for "\r\n" costs as much as a copy)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = nfc(text).strip()
    return text or None


# HTML in a record's text (CMS exports: WordPress, Drupal, news APIs write "<p>...</p>" bodies): a tag of HTML's
# own vocabulary says the text is markup; "a <b" or "<Hun Sen>" does not.
_HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|a|b|i|u|em|strong|h[1-6]|ul|ol|li|table|tr|td|th|img|figure|figcaption|blockquote|"
    r"script|style|iframe|section|article|header|footer|aside|nav|font|sup|sub|small|hr|pre|code|time)"
    r"(?:\s[^<>]*)?/?>", re.IGNORECASE)
HTML_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
HTML_DROPPED = re.compile(r"<!--.*?-->|<(script|style|noscript|template|iframe|svg|object)\b[^>]*>.*?</\1\s*>",
                           re.IGNORECASE | re.DOTALL)
_HTML_BREAK = re.compile(r"</?(?:p|br|div|li|h[1-6]|tr|td|th|blockquote|section|article|header|footer|aside|figure|"
                         r"figcaption|ul|ol|table|hr|pre)(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")


def plain_text(text: str) -> tuple[str, bool]:
    """A record's text without HTML: ``("<p>R&eacute;union</p><script>..</script>", ...)`` -> ``"Réunion"``.

    Scripts, styles and comments go with their content, block tags end lines, other tags go, entities are
    decoded. Returns ``(text, whether it held markup)``; text without tags or entities is returned as is.
    """
    if _HTML_TAG.search(text):
        text = HTML_DROPPED.sub(" ", text)
        text = _ANY_TAG.sub("", _HTML_BREAK.sub("\n", text))  # inline tags join, as a browser shows them
        lines = (" ".join(line.split()) for line in html.unescape(text).split("\n"))
        return "\n".join(line for line in lines if line), True
    if HTML_ENTITY.search(text):
        return html.unescape(text), True
    return text, False


_INNER_TEXT = ("rendered", "text", "value", "#text", "html", "content", "body")


def _inner(value: Any) -> Any:
    """A title or text given as an object holding it (WordPress' ``{"rendered": "<p>..."}``, an XML export's
    ``{"#text": ...}``): the text it holds; anything else as it is."""
    if isinstance(value, Mapping):
        for key in _INNER_TEXT:
            if isinstance(value.get(key), str):
                return value[key]
    return value


def _name(value: Any, what: str) -> str | None:
    """An author or a source: text, ``{"name": ...}`` (JSON-LD), or a list of those (joined)."""
    if isinstance(value, Mapping):
        if not isinstance(value.get("name"), str):
            raise RecordError(f"field {what} is an object without a name, not text")
        value = value["name"]
    if isinstance(value, list):
        names = [_name(v, what) for v in value]
        joined = ", ".join(n for n in names if n)
        return joined or None
    return _text(value, what)


def _tags(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = re.split(r"[,;|]", value)
    elif isinstance(value, list):
        items = value
    else:
        raise RecordError(f"field {what} is {_type(value)}, not text or a list of text")
    out: list[str] = []
    for item in items:
        tag = _name(item, what)
        if tag and tag not in out:
            out.append(tag)
    return tuple(out[:MAX_TAGS])


def _type(value: Any) -> str:
    names = {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number"}
    return names.get(type(value), f"a {type(value).__name__}")


def url_host(url: str | None) -> str | None:
    """``https://www.dantri.com.vn/a.htm`` -> ``dantri.com.vn``; None for what is not a web address."""
    if not url or not re.match(r"https?://", url, re.I):
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def url_id(url: str) -> str:
    """A stable id from a URL: its host and a hash of the URL as one page: without its fragment
    (``#comments``), ``www.`` or scheme (``http`` and ``https`` serve the same article)."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    canonical = urlunsplit(("", host, parts.path or "/", parts.query, ""))
    digest = hashlib.blake2b(canonical.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return f"{url_host(url) or 'url'}-{digest}"


def record_document(record: Mapping[str, Any], fields: FieldMap, *, path: str, fallback_id: str,
                    line: int | None = None, record_no: int | None = None, body: str | None = None,
                    notes: tuple[str, ...] = (), markup: bool = True) -> Document:
    """One record -> Document; raises RecordError with the reason when it cannot be an article.

    ``body``: the text, when the format holds it outside the record (Markdown after its front matter, a text
    file after its metadata block). ``fallback_id``: the id from the file and position, used when the record
    has neither an id nor a URL. ``markup``: whether the record's title and text may hold HTML to remove
    (not a web page's, which its extractor made plain text: there a "<p>" is a word of the article).
    """
    keys = fields.keys(record)

    def get(target: str) -> Any:
        key = keys.get(target)
        return record.get(key) if key is not None else None

    def label(target: str) -> str:
        return repr(keys.get(target, target))

    doc_notes = list(notes)
    text = body if body is not None else _text(_inner(get("body")), label("body"))
    title = _text(_inner(get("title")), label("title"))
    if title is not None and not visible(title):
        title = None  # derived from the text, as for an empty title
    if markup:
        stripped = False
        if body is None and text:
            text, stripped = plain_text(text)
        if title and (plain := plain_text(title))[1]:
            title, stripped = " ".join(plain[0].split()) or None, True
        if stripped:
            doc_notes.append("HTML markup removed from the text")
    if not text or not text.strip():
        if "body" in keys or body is not None:
            raise RecordError(f"empty text (field {label('body')})" if body is None else "empty text")
        present = ", ".join(repr(k) for k in list(record)[:8] if isinstance(k, str)) or "none"
        raise RecordError(f"no text field: none of {fields.describe('body')} (fields: {present}); "
                          "name it with --field body=NAME")
    url = _text(get("url"), label("url"))
    lang = _text(get("lang"), label("lang"))
    if lang is not None:
        code = re.split(r"[-_]", lang.lower(), maxsplit=1)[0]  # "en-US" -> "en"
        if not is_known(code):
            doc_notes.append(f"language not known, detected instead: {lang[:20]!r}")
        lang = code if is_known(code) else None
    raw_id = _text(get("id"), label("id"), numbers=True)
    doc_id = raw_id if raw_id else url_id(url) if url and url_host(url) else fallback_id

    date: str | None = None
    published: str | None = None
    date_raw: str | None = None
    raw_date = get("date")
    if isinstance(raw_date, Mapping) and len(raw_date) == 1 and "$date" in raw_date:
        raw_date = raw_date["$date"]  # MongoDB's export: {"$date": "2024-11-06T03:30:00Z"}
        if isinstance(raw_date, Mapping) and len(raw_date) == 1 and "$numberLong" in raw_date:
            raw_date = raw_date["$numberLong"]  # {"$date": {"$numberLong": "1730863800000"}}
    if isinstance(raw_date, datetime.datetime | datetime.date):  # TOML front matter gives dates as dates
        raw_date = raw_date.isoformat()
    elif isinstance(raw_date, float) and math.isfinite(raw_date):
        # Unix time as a JSON number with a fraction (1730863800.25, Python's time.time()): read by parse_date
        raw_date = str(int(raw_date)) if raw_date.is_integer() else f"{raw_date:.3f}"
    if (date_text := _text(raw_date, label("date"), numbers=True)) is not None:
        parsed = parse_date(date_text, lang)
        if parsed is None:
            date_raw = date_text[:80]  # read again once the language is known (enrich), or noted there
        else:
            date, published = parsed.date, parsed.timestamp
    return Document(
        id=doc_id, path=path, title=title or derive_title(text), body=text.strip(), date=date,
        lang=lang, title_derived=title is None, url=url,
        source=_name(get("source"), label("source")), author=_name(get("author"), label("author")),
        section=_name(get("section"), label("section")), tags=_tags(get("tags"), label("tags")),
        published=published, date_raw=date_raw, line=line, record=record_no, notes=tuple(doc_notes),
    )
