"""Files -> ``Document`` records, whatever form a newsroom keeps them in.

    .txt             the file: optional first line " date YYYY-MM[-DD] Title", or a leading "# key = value"
                     block ("# url = ...", "# date = 20210412"; the title is the first line after it)
    .md .markdown    the file: front matter (YAML ---, TOML +++, JSON) and Markdown text (markdown.py)
    .html .htm       the page's main text and its metadata (html.py)
    .jsonl           each line, a JSON object
    .json            each object of an array, of {"articles": [...]}, or the one object
    .csv             each row under a header row (comma, semicolon, tab or |)
    .warc .warc.gz   each HTML response of a crawl, its URL from the record (warc.py)
    .gz              any of these, compressed

Records' field names are recognised without configuration, or mapped (``fields.py``); ids come from the
record, else its URL, else the file and the record's position.

Bad input degrades loudly, not fatally. What cannot be read at all (binary, empty, too big, unreadable, a
JSON file that is neither an array nor an object, a CSV with no text column, a WARC with no page) raises
``ParseError`` with the reason; a bad record is yielded as a ``ParseError`` with its line or number, and the
other records of the file are read. What can be read with a decision (cp1252 bytes, an impossible date) is
read, and the decision goes into ``Document.notes``: nothing is lost, and the report says what was guessed.
"""

from __future__ import annotations

import csv
import datetime
import functools
import hashlib
import itertools
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ParseError
from ..records import Document
from .decode import CutShort, decode_text, open_regular, read_bytes, utf8_lines
from .fields import FieldMap, RecordError, _norm, derive_title, record_document, visible
from .names import COLLECTIONS, SUPPORTED_TEXT, supported_name

__all__ = ["Known", "derive_title", "parse_file", "read_text", "supported"]

MAX_FILE_BYTES = 20 * 2**20  # one article is a few KB; a 20 MiB ".txt" is a dump or a mistake, not an article
MAX_JSONL_BYTES = 1024 * 2**20  # a collection (JSON, CSV, WARC): 1 GiB is ~200k articles



# " date 2024-12 Title": the token must look like a date; an article starting "Date night..." has no header.
_HEADER = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{1,2}(?:-\d{1,2})?)(?:\s+(?P<title>.*))?\s*$",
                     re.IGNORECASE)
_HEADER_LIKE = re.compile(r"^\s+date\s", re.IGNORECASE)  # the seed header's opening, with a date it cannot read
_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?$")
_META_LINE = re.compile(r"^#\s*(?P<key>[A-Za-z_][\w-]*)\s*=\s*(?P<value>.*?)\s*$")  # "# url = https://..."


def normalize_date(text: str) -> str:
    """``2024-12`` / ``2024-12-6`` -> ``2024-12`` / ``2024-12-06``; raises ValueError for impossible dates."""
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(f"not a date of the form YYYY-MM or YYYY-MM-DD: {text!r}")
    y, mo = int(m["y"]), int(m["m"])
    if not 1 <= mo <= 12:
        raise ValueError(f"impossible month in {text!r}")
    if m["d"] is None:
        return f"{y:04d}-{mo:02d}"
    d = int(m["d"])
    datetime.date(y, mo, d)  # raises ValueError for 2024-02-30
    return f"{y:04d}-{mo:02d}-{d:02d}"


@dataclass(frozen=True, slots=True)
class Known:
    """A web page the index already holds, byte for byte: its article is not extracted again."""

    id: str
    record: int | None = None


def page_hash(body: bytes, url: str | None, charset: str | None) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in (url or "", charset or ""):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    h.update(body)
    return h.hexdigest()


def supported(path: Path) -> tuple[str, bool] | None:
    """``(format suffix, gzipped)`` of an article file, or None: ``a.jsonl.gz`` -> ``(".jsonl", True)``."""
    return supported_name(path.name)


def _limit(suffix: str) -> int:
    return MAX_JSONL_BYTES if suffix in COLLECTIONS else MAX_FILE_BYTES


def read_text(path: Path, limit: int | None = None, gz: bool = False) -> tuple[str, tuple[str, ...]]:
    """Read a file as NFC text with ``\\n`` line ends; raise ParseError for what is not a text article.

    Returns ``(text, notes)``: notes say what decoding had to guess. ``limit`` defaults to MAX_FILE_BYTES.
    """
    return decode_text(str(path), read_bytes(path, MAX_FILE_BYTES if limit is None else limit, gz))


@functools.lru_cache(maxsize=4096)  # (a collection's articles share a few dates: "2024-12")
def _checked_date(raw: str, what: str) -> tuple[str | None, str | None]:
    """``(normalized date, None)``, or ``(None, note)`` for an impossible date: the article keeps no date.

    A year of the Buddhist Era's range (2533-2643) is checked as the Gregorian year it stands for (2567-02-29 is
    2024-02-29, a real day, where 2567 is no leap year): the article's language decides later (enrich) whether
    it is that era's year or a typo, and an impossible day is noted there."""
    from .dates import buddhist_era_year

    try:
        raw = raw.strip()
        if buddhist_era_year(raw):
            gregorian = normalize_date(f"{int(raw[:4]) - 543:04d}{raw[4:]}")
            return f"{int(raw[:4]):04d}{gregorian[4:]}", None
        return normalize_date(raw), None
    except ValueError:
        return None, f"impossible date ignored: {what} {raw}"


def _metadata_block(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """A leading ``# key = value`` block (the vi-news files) and the lines after it."""
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := _META_LINE.match(lines[i].strip())):
        meta.setdefault(m["key"], m["value"])
        i += 1
    return meta, lines[i:]


def parse_text(text: str, doc_id: str, path: str, notes: tuple[str, ...] = (),
               fields: FieldMap | None = None) -> Document:
    """Parse the seed format (header optional) or a text file that opens with a ``# key = value`` block."""
    text = text.lstrip("\ufeff")
    # The first line that is not blank (blank lines before the header), and where the line after it starts:
    # the text is not cut into lines (the body is the text after the header, as it is).
    start, size = 0, len(text)
    while True:
        end = text.find("\n", start)
        after = size + 1 if end < 0 else end + 1
        first = text[start:after - 1]
        if first.strip() or after > size:
            break
        start = after
    lines = [first] if first.strip() else []  # the text's lines up to the first that is not blank, no more
    if lines and _META_LINE.match(first.strip()):
        meta, rest = _metadata_block(text[start:].split("\n"))
        return _block_document(meta, rest, doc_id, path, notes, fields or FieldMap())
    title = ""
    date: str | None = None
    date_raw: str | None = None
    m = _HEADER.match(lines[0]) if lines else None
    if m:
        from .dates import buddhist_era_year

        date, note = _checked_date(m["date"], "header date")
        notes = notes + (note,) if note else notes
        if date and buddhist_era_year(date):
            date, date_raw = None, date  # " date 2567-11-06": Thai 2024, or a typo: the language decides (enrich)
        title = (m["title"] or "").strip()
        title = title if visible(title) else ""  # zero width spaces, direction marks alone: derived instead
        start = after
    elif lines and _HEADER_LIKE.match(lines[0]) and (other := _other_header(lines[0])) is not None:
        # " date 2024/12/06 Titre", " date 6 décembre 2024 Titre": a header all the same, its date in another form
        date, date_raw, title = other
        notes = notes + (f"header date not in the form YYYY-MM[-DD]: {lines[0].split(None, 1)[1][:40]!r}",)
        start = after
    elif lines and _HEADER_LIKE.match(lines[0]):
        notes = notes + (f"header not understood: {lines[0].strip()[:60]!r} (expected ' date YYYY-MM[-DD] Title'); "
                         "read as text",)
    body = text[start:].strip() if lines else ""
    if not body and not title:
        what = "a header but no title and no text" if m else "no text"
        raise ParseError(path, f"empty article: {what}")
    if not body:
        notes = notes + ("title only, no body text",)
    title_derived = not title
    return Document(id=doc_id, path=path, title=title or derive_title(body), body=body, date=date,
                    date_raw=date_raw, title_derived=title_derived, notes=notes)


def _other_header(line: str) -> tuple[str | None, str | None, str] | None:
    """``(date, date to read once the language is known, title)`` of a seed header whose date is written in
    another form (the longest run of words after "date" that is a date and ends with a number); None when the
    words after "date" are not a date (" date night in Paris": text)."""
    from .dates import parse_date, unread_reason

    words = line.split()[1:]
    for k in range(min(5, len(words)), 0, -1):
        candidate = " ".join(words[:k])
        if not any(c.isdigit() for c in words[k - 1]):
            continue
        if (value := parse_date(candidate)) is not None:
            return value.date, None, " ".join(words[k:])
        if unread_reason(candidate).startswith("day and month order"):
            return None, candidate, " ".join(words[k:])  # 06/12/2024: the article's language decides
    return None


def _block_document(meta: dict[str, str], lines: list[str], doc_id: str, path: str, notes: tuple[str, ...],
                    fields: FieldMap) -> Document:
    record: dict[str, Any] = dict(meta)
    while lines and not lines[0].strip():
        lines = lines[1:]
    if "title" not in fields.keys(record) and lines:
        record["title"], lines = lines[0].strip(), lines[1:]  # the title is the first line after the block
    body = "\n".join(lines).strip()
    if not body:
        raise ParseError(path, "empty article: a metadata block but no text")
    try:
        return record_document(record, fields, path=path, fallback_id=doc_id, body=body, notes=notes)
    except RecordError as e:
        raise ParseError(path, str(e)) from None


@dataclass
class Reading:
    """How far the parser is into its file, from 0 to 1, set before each record is yielded: a progress bar
    then moves within a file of many records (a 100,000-line JSONL export is one file, one step of a bar that
    counted files). From the record's line among the file's lines, its number among the records (the items of
    a JSON array), or the position in the file (a WARC)."""

    fraction: float = 0.0
    lines: int = 0  # the text's lines, when its records are named by line
    records: int = 0  # its records, when they are named by number

    def at(self, by: str, n: int) -> None:
        total = self.lines if by == "line" else self.records
        if total:
            self.fraction = max(self.fraction, min(1.0, n / total))


def _records(items: Iterator[tuple[int, Any]], path: str, fields: FieldMap, notes: tuple[str, ...], stem: str,
             by: str, reading: Reading | None = None) -> Iterator[Document | ParseError]:
    """Objects (with their line or record number) -> Documents, or a ParseError each for the bad ones."""
    for n, obj in items:
        if reading is not None:
            reading.at(by, n)
        at = {"line": n} if by == "line" else {"record": n}
        if isinstance(obj, ParseError):
            yield obj
            continue
        if not isinstance(obj, Mapping):
            yield ParseError(path, f"an article must be a JSON object, not {_json_type(obj)}", **at)
            continue
        obj = _unwrapped(obj, fields)
        try:
            yield record_document(obj, fields, path=path, fallback_id=f"{stem}-{n}", line=at.get("line"),
                                  record_no=at.get("record"), notes=notes)
        except RecordError as e:
            yield ParseError(path, str(e), **at)


# Keys under which exports wrap a record: Elasticsearch/OpenSearch hits, GraphQL edges, JSON:API, CMS APIs.
_WRAPPERS = ("_source", "node", "attributes", "fields", "properties", "data", "item", "document", "doc", "record",
             "post", "story", "article")


# Keys under which a record keeps its metadata (the date, the language, the URL) apart from its text.
_METADATA = ("meta", "metadata", "info", "details", "header", "properties", "attributes")


def _unwrapped(obj: Mapping[str, Any], fields: FieldMap) -> Mapping[str, Any]:
    """A record whose article is an object under a wrapper key (an Elasticsearch or OpenSearch hit's
    ``_source``, a GraphQL edge's ``node``): that object, with the wrapper's other values (``_id``) where it has
    none. A record that has a text of its own is itself the article."""
    keys = fields.keys(obj)
    if "body" in keys and not isinstance(obj[keys["body"]], Mapping):
        # A record with a text of its own (nearly every one): what its metadata objects give, looked up by
        # the keys that name them (the last of each name, as below), found once for records of the same keys.
        return _with_metadata(obj, keys, fields, (obj[name] for name in _metadata_keys(tuple(obj))))
    by_norm = {_norm(k): v for k, v in obj.items() if isinstance(k, str)}
    if "body" not in keys or isinstance(obj[keys["body"]], Mapping):
        inner = [v for name in _WRAPPERS if isinstance(v := by_norm.get(_norm(name)), Mapping)
                 and "body" in fields.keys(v)]
        if inner:
            outer = {k: v for k, v in obj.items() if not isinstance(v, Mapping)}
            obj = {**outer, **inner[0]}
            keys = fields.keys(obj)
            by_norm = {_norm(k): v for k, v in obj.items() if isinstance(k, str)}
    return _with_metadata(obj, keys, fields, (by_norm.get(_norm(name)) for name in _METADATA))


def _with_metadata(obj: Mapping[str, Any], keys: dict[str, str], fields: FieldMap,
                   metas: Iterable[Any]) -> Mapping[str, Any]:
    """``obj`` with what it lacks that its metadata objects (``metas``, in ``_METADATA``'s order) give:
    {"title": ..., "body": ..., "meta": {"published": ..., "lang": ...}}."""
    extra: dict[str, Any] = {}
    for meta in metas:
        if isinstance(meta, Mapping):
            for target, key in fields.keys(meta).items():
                if target not in keys and target != "body" and target not in fields.keys(extra):
                    extra[key] = meta[key]
    return {**obj, **{k: v for k, v in extra.items() if k not in obj}} if extra else obj


@functools.lru_cache(maxsize=1024)
def _metadata_keys(names: tuple[Any, ...]) -> tuple[str, ...]:
    """The keys among ``names`` that hold a record's metadata (``_METADATA``), in that order: for each name, the
    last key of the record that is that name (``_norm``), as ``{_norm(k): v ...}`` keeps it."""
    last = {_norm(k): k for k in names if isinstance(k, str)}
    found: list[str] = []
    for name in _METADATA:
        key = last.get(_norm(name))
        if key is not None:
            found.append(key)
    return tuple(found)


def _article_lists(data: Mapping[str, Any], depth: int = 3) -> list[list[Any]]:
    """The lists of objects under ``data`` (through nested objects: ``{"hits": {"hits": [...]}}``,
    ``{"data": {"articles": [...]}}``), in the order written."""
    found: list[list[Any]] = []
    for value in data.values():
        if isinstance(value, list) and value and all(isinstance(x, Mapping) for x in value):
            found.append(value)
        elif isinstance(value, Mapping) and depth > 1:
            found.extend(_article_lists(value, depth - 1))
    return found


def _json_type(obj: Any) -> str:
    return {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true/false",
            type(None): "null"}.get(type(obj), type(obj).__name__)


def _json_values(text: str) -> list[tuple[int, Any]] | None:
    """The JSON values one after another in ``text`` (pretty-printed objects, JSON Lines, an array), each with
    the line it starts on; None unless the whole text is such values."""
    decoder = json.JSONDecoder()
    values: list[tuple[int, Any]] = []
    pos, line, size = 0, 1, len(text)
    while True:
        while pos < size and text[pos] in " \t\r\n":
            line += text[pos] == "\n"
            pos += 1
        if pos >= size:
            return values
        try:
            value, end = decoder.raw_decode(text, pos)
        except (json.JSONDecodeError, RecursionError):
            return None
        values.append((line, value))
        line += text.count("\n", pos, end)
        pos = end


def _stream(values: list[tuple[int, Any]], path: str, fields: FieldMap, notes: tuple[str, ...],
            stem: str, reading: Reading | None = None) -> Iterator[Document | ParseError]:
    """The records of JSON values one after another: objects named by the line they start on; the items of
    arrays by their number, counted over the whole file."""
    if not any(isinstance(value, list) for _, value in values):
        yield from _records(iter(values), path, fields, notes, stem, "line", reading)
        return
    if reading is not None:
        reading.records = sum(len(value) if isinstance(value, list) else 1 for _, value in values)
    items = (x for _, value in values for x in (value if isinstance(value, list) else [value]))
    yield from _records(enumerate(items, start=1), path, fields, notes, stem, "record", reading)


def parse_jsonl(text: str, path: str, notes: tuple[str, ...] = (), fields: FieldMap | None = None,
                stem: str = "", reading: Reading | None = None) -> Iterator[Document | ParseError]:
    """One Document per valid line; a ParseError (yielded, not raised) per bad line, the others kept. A file
    that is not one object a line but holds JSON all the same (pretty-printed objects, an array) is read as
    such: its objects are its records, each named by the line it starts on."""
    text = text.lstrip("\ufeff")
    if not _one_object_a_line(itertools.islice(_lines(text), 50)):
        if (values := _json_values(text)) is not None and values:
            notes = notes + ("not one JSON object a line: read as JSON",)
            yield from _stream(values, path, fields or FieldMap(), notes, stem or Path(path).stem, reading)
            return
    yield from _jsonl_records(_lines(text), path, notes, fields, stem, reading)


def _one_object_a_line(head: Iterable[str]) -> bool:
    """Whether the first lines of a JSON Lines file (``head``) look like one: its first line that is not blank
    is a JSON value, not the opening of an array or of a pretty-printed object."""
    first = next((line for line in head if line.strip()), "").rstrip("\n")
    return not (first.strip() in ("[", "{") or first.lstrip().startswith("[") or not _json_line(first))


def _jsonl_records(lines: Iterable[str], path: str, notes: tuple[str, ...] = (), fields: FieldMap | None = None,
                   stem: str = "", reading: Reading | None = None) -> Iterator[Document | ParseError]:
    """The records of a JSON Lines file's ``lines``, each named by its line."""
    def values() -> Iterator[tuple[int, Any]]:
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line.rstrip("\r\n"))  # a line cut inside a string: "Unterminated string"
            except json.JSONDecodeError as e:
                yield n, ParseError(path, f"invalid JSON ({_json_msg(e)} at column {e.colno})", line=n)
            except RecursionError:
                yield n, ParseError(path, "invalid JSON (nested too deeply)", line=n)

    yield from _records(values(), path, fields or FieldMap(), notes, stem or Path(path).stem, "line", reading)


def _streamed_jsonl(path: Path, gz: bool, stem: str, fields: FieldMap | None,
                    reading: Reading | None) -> Iterator[Document | ParseError] | None:
    """The records of a JSON Lines file of UTF-8 text read a line at a time (``utf8_lines``: memory for a line,
    not 4 times the file); None when it must be read whole (another encoding to guess, not one object a line:
    ``parse_jsonl`` says what it is)."""
    if (stream := utf8_lines(path, MAX_JSONL_BYTES, gz)) is None:
        return None
    count, read = stream
    lines = read()
    head = list(itertools.islice(lines, 50))
    if head:
        head[0] = head[0].lstrip("\ufeff")
    if not _one_object_a_line(head):
        lines.close()
        return None
    if reading is not None:
        reading.lines = count
    return _jsonl_records(itertools.chain(head, lines), str(path), (), fields, stem, reading)


def _lines(text: str, start: int = 0) -> Iterator[str]:
    """The lines of ``text`` from ``start``, each with its ``\n``, cut one at a time: ``split`` would hold a
    second copy of a collection file (a 210 MB JSON Lines file took 890 MB to read, 1 GiB is allowed)."""
    size = len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        yield text[start:end]
        start = end


def _json_msg(e: json.JSONDecodeError) -> str:
    """The reader's message, to be followed by where: some end in "at" already ("Unterminated string starting at")."""
    return e.msg.removesuffix(" at")


def _json_line(line: str) -> bool:
    try:
        json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return False
    return True


def parse_json(text: str, path: str, notes: tuple[str, ...] = (), fields: FieldMap | None = None,
               stem: str = "", reading: Reading | None = None) -> Iterator[Document | ParseError]:
    """An array of articles, an object holding one list of articles (``{"articles": [...]}``), or one."""
    fields = fields or FieldMap()
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as e:
        if e.msg == "Extra data" and (values := _json_values(text.lstrip("\ufeff"))) is not None:
            # JSON Lines (or objects one after another) in a .json file, as many exports name them
            notes = notes + ("several JSON values one after another: each is a record",)
            yield from _stream(values, path, fields, notes, stem or Path(path).stem, reading)
            return
        raise ParseError(path, f"invalid JSON ({_json_msg(e)} at line {e.lineno}, column {e.colno})") from None
    except RecursionError:
        raise ParseError(path, "invalid JSON (nested too deeply)") from None
    if isinstance(data, dict):
        lists = [] if "body" in fields.keys(data) else _article_lists(data)
        # The lists whose objects hold articles ({"articles": [...], "authors": [...]}: the first); else the one
        # list there is, whose records then say what they lack; else the object is the article.
        texts = [v for v in lists if any("body" in fields.keys(_unwrapped(x, fields)) for x in v)]
        if texts:
            data = [x for v in texts for x in v]  # {"articles": [...]}, {"hits": {"hits": [...]}}, several
        elif len(lists) == 1:
            data = lists[0]
        else:
            data = [data]
    if not isinstance(data, list):
        raise ParseError(path, f"a JSON file must hold an array of articles or an object, not {_json_type(data)}")
    if reading is not None:
        reading.records = len(data)
    yield from _records(enumerate(data, start=1), path, fields, notes, stem or Path(path).stem, "record", reading)


_UNCLOSED = "a quoted cell is never closed"


def parse_csv(text: str, path: str, notes: tuple[str, ...] = (), fields: FieldMap | None = None,
              stem: str = "", reading: Reading | None = None) -> Iterator[Document | ParseError]:
    """Each row under the header row; its line number (a row may span several lines) names it."""
    fields = fields or FieldMap()
    text = text.lstrip("\ufeff")
    offset = 0  # lines before the header row
    start = 0
    if m := re.match(r"\s*sep=(.)[ \t]*\r?\n", text, re.IGNORECASE):
        # Excel's hint line ("sep=;"), which its exports put above the header row
        delimiter, start, offset = m.group(1), m.end(), 1
    else:
        # The delimiter is guessed; the quoting is RFC 4180's ("" inside quotes is a quote), whatever the
        # sniffer says: it guessed no doubled quotes for a file that Python's own csv.writer wrote, and lost
        # its rows.
        delimiter = _delimiter(text, fields)  # reads the first lines only
    dialect: Any = type("Sniffed", (csv.excel,), {"delimiter": delimiter})
    csv.field_size_limit(MAX_JSONL_BYTES)
    # Lines cut one at a time: a StringIO holds a copy of the text (4 bytes a character for Vietnamese or Khmer)
    reader = csv.reader(_lines(text, start), dialect)
    # The lines the reader is given (it takes them one at a time, as a row needs them): a row that took the
    # last is checked for a quote never closed.
    total = text.count("\n", start) + (0 if text.endswith("\n") or len(text) == start else 1)
    try:
        header = next(reader)
    except StopIteration:
        raise ParseError(path, "empty CSV file") from None
    except csv.Error as e:
        raise ParseError(path, f"unreadable CSV header: {e}") from None
    columns = [c.strip() for c in header]
    if not fields.has_text(columns):
        shown = ", ".join(repr(c) for c in columns[:10])
        raise ParseError(path, f"no text column in the header row ({shown}): expected one of "
                         f"{fields.describe('body')}; name it with --field body=COLUMN")

    def rows() -> Iterator[tuple[int, Any]]:
        start = reader.line_num + 1 + offset
        while True:
            before = reader.line_num
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                yield start, ParseError(path, f"unreadable CSV row: {e}", line=start)
                start = reader.line_num + 1 + offset
                continue
            if reader.line_num == total and _unclosed(_last_lines(text, total - before), dialect):
                # Read so, a quote never closed makes the rest of the file one cell, its rows lost unsaid.
                yield start, ParseError(path, f"{_UNCLOSED}: its quote opens the rest of the file "
                                              f"({reader.line_num + offset - start + 1} lines) as one cell; close it "
                                              'with " or remove it', line=start)
                return
            if any(cell.strip() for cell in row):
                if len(row) > len(columns):
                    yield start, ParseError(path, f"{len(row)} cells under a header of {len(columns)} columns "
                                                  "(an unquoted delimiter in a cell?)", line=start)
                else:
                    yield start, dict(zip(columns, row, strict=False))
            start = reader.line_num + 1 + offset

    yield from _records(rows(), path, fields, notes, stem or Path(path).stem, "line", reading)


def _last_lines(text: str, n: int) -> str:
    """The last ``n`` lines of ``text`` (as ``_lines`` cuts them)."""
    at = len(text) - text.endswith("\n")
    for _ in range(n):
        if (at := text.rfind("\n", 0, at)) < 0:
            break
    return text[at + 1:]


def _unclosed(rows: str, dialect: Any) -> bool:
    """Whether the CSV text ``rows`` ends inside a quoted cell (read by ``dialect``, which reads it to the end of
    the file as that cell's)."""
    try:
        for _ in csv.reader(_lines(rows), type("Strict", (dialect,), {"strict": True})):
            pass
    except csv.Error as e:
        return "unexpected end of data" in str(e)
    return False


_DELIMITERS = ",;\t|"


def _delimiter(text: str, fields: FieldMap) -> str:
    """The delimiter that makes the header row name a text column; else the sniffer's guess; else the one the
    header holds most. The sniffer alone gives up on rows with long quoted multi-line cells ("Could not
    determine delimiter": a tab-separated export was read with commas, and every article lost)."""
    header = next(_lines(text), "").rstrip("\r\n")  # not split("\n", 1): a copy of the rest of the file
    naming = [d for d in _DELIMITERS
              if d in header and fields.has_text(c.strip() for c in next(csv.reader([header], delimiter=d)))]
    if len(naming) == 1:
        return naming[0]
    try:
        sniffed: str | None = csv.Sniffer().sniff(text[:8192], delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    if sniffed is not None and (sniffed in naming or not naming):
        return sniffed
    if naming:
        return max(naming, key=header.count)
    return max(_DELIMITERS, key=header.count) if any(d in header for d in _DELIMITERS) else ","


def parse_markdown(text: str, doc_id: str, path: str, notes: tuple[str, ...] = (),
                   fields: FieldMap | None = None) -> Document:
    from .markdown import markdown_text, split_front_matter

    meta, body, fm_notes = split_front_matter(text)
    heading, plain = markdown_text(body)
    fields = fields or FieldMap()
    if heading and "title" not in fields.keys(meta):
        meta = {**meta, "title": heading}
    if not plain:
        raise ParseError(path, "empty article: no text after the front matter")
    try:
        return record_document(meta, fields, path=path, fallback_id=doc_id, body=plain, notes=notes + fm_notes)
    except RecordError as e:
        raise ParseError(path, str(e)) from None


def parse_html(data: bytes, doc_id: str, path: str, url: str | None = None, charset: str | None = None,
               record: int | None = None, known: Mapping[str, str] | None = None) -> Document | Known:
    """A page's article; ``Known`` when ``known`` (page hash -> id) says the index holds this very page."""
    from .html import extract_page

    digest = page_hash(data, url, charset)
    if known and digest in known:
        return Known(known[digest], record)
    try:
        page = extract_page(data, url=url, charset=charset)
    except (ValueError, LookupError, RecursionError, MemoryError) as e:  # lxml on a pathological page
        raise ParseError(path, f"page could not be read: {type(e).__name__}: {e}", record=record) from None
    if page is None:
        raise ParseError(path, "no article text found in the page" + (f" ({url})" if url else ""), record=record)
    try:
        doc = record_document(page.fields, FieldMap(), path=path, fallback_id=doc_id, record_no=record,
                              notes=page.notes, markup=False)
        return doc.with_(page_hash=digest)
    except RecordError as e:
        raise ParseError(path, str(e), record=record) from None


def parse_warc(path: Path, known: Mapping[str, str] | None = None,
               reading: Reading | None = None, name_id: str | None = None) -> Iterator[Document | Known | ParseError]:
    from .html import http_charset
    from .warc import responses

    where = str(path)
    stem = name_id or _stem(path)
    with open_regular(path) as f:  # a pipe named crawl.warc would hang the run
        size = os.fstat(f.fileno()).st_size
        for item in responses(f, where, MAX_FILE_BYTES):
            if reading is not None and size:  # how far warcio has read the file (compressed or not)
                reading.fraction = max(reading.fraction, min(1.0, f.tell() / size))
            if isinstance(item, ParseError):
                yield item
                continue
            number, url, body, content_type = item
            try:
                yield parse_html(body, f"{stem}-{number}", where, url=url, charset=http_charset(content_type),
                                 record=number, known=known)
            except ParseError as e:
                yield e


# Characters of a file name that an id cannot keep: control characters (a tab, a new line, ESC), line and
# paragraph separators, bidirectional overrides. Shown escaped or as a space in a listing, such an id could not
# be typed back (search show); each run of them is one space, as the listing shows a new line.
_UNTYPABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def _stem(path: Path) -> str:
    # macOS hands out file names in NFD: the id must not depend on which system listed the folder.
    return stem_of_name(path.name)


def stem_of_name(name: str) -> str:
    """``_stem`` of a file named ``name``, without making a path of it (a no-op run asks it of every file)."""
    name = name[:-3] if name.lower().endswith(".gz") else name
    dot = name.rfind(".")  # as ``Path(name).stem``: ``..gz`` gives ``""``
    stem = name[:dot] if 0 < dot < len(name) - 1 else "" if name == "." else name
    if stem.isascii() and stem.isprintable():  # (NFC and the untypable characters change no printable ASCII)
        return stem
    return _UNTYPABLE.sub(" ", unicodedata.normalize("NFC", stem))


def parse_file(path: Path, fields: FieldMap | None = None, known: Mapping[str, str] | None = None,
               reading: Reading | None = None, name_id: str | None = None) -> Iterator[Document | Known | ParseError]:
    """Documents (and per-record errors) from one file; raises ParseError when the whole file (or the rest of
    it) is unusable.

    ``known``: page hash -> id of the web pages the index holds from this file; those pages are not extracted
    again (``Known``): extraction is the costly part of reading a page (about 50-100 ms). ``reading`` says how
    far into the file each record is (``Reading``). ``name_id``: what the file's name gives the ids of records
    with neither an id nor a URL of their own: a one-article file's id, a collection's ids with the record's
    place (``wire-12``); default: the file's name without its extension (the indexer gives files whose names
    other files have too their paths, ``index/build.py``).
    """
    try:
        yield from _parse_file(path if isinstance(path, Path) else Path(path), fields, known, reading, name_id)
    except ParseError:
        raise
    except Exception as e:  # noqa: BLE001 - a parser failing on input it never expected (warcio raised
        # AttributeError on a response record without a target URL): this file is reported, the run goes on
        raise ParseError(str(path), f"cannot be read: {type(e).__name__}: {e}") from None


def _parse_file(path: Path, fields: FieldMap | None, known: Mapping[str, str] | None,
                reading: Reading | None = None, name_id: str | None = None) -> Iterator[Document | Known | ParseError]:
    where = str(path)
    kind = supported(path)
    if kind is None:
        raise ParseError(where, f"unsupported file type {path.suffix or '(no extension)'!r}; "
                         f"expected {SUPPORTED_TEXT}")
    suffix, gz = kind
    if suffix == ".warc":
        yield from parse_warc(path, known, reading, name_id)  # streamed: warcio reads plain and gzipped WARC itself
        return
    stem = name_id or _stem(path)
    if suffix == ".jsonl" and (records := _streamed_jsonl(path, gz, stem, fields, reading)) is not None:
        yield from records
        return
    cut: CutShort | None = None
    try:
        data = read_bytes(path, _limit(suffix), gz, lines=suffix in (".jsonl", ".csv"))
    except CutShort as e:  # its whole lines are read, and the cut reported after them
        data, cut = e.kept, e
    if suffix in (".html", ".htm"):
        yield parse_html(data, stem, where, known=known)
        return
    text, notes = decode_text(where, data, normalize=suffix not in COLLECTIONS)
    del data  # the bytes are not needed once decoded (a collection may be 1 GiB): not held while it is read
    if reading is not None and suffix in COLLECTIONS:
        reading.lines = text.count("\n") + 1
    if suffix == ".jsonl":
        yield from parse_jsonl(text, where, notes, fields, stem, reading)
    elif suffix == ".json":
        yield from parse_json(text, where, notes, fields, stem, reading)
    elif suffix == ".csv":
        if cut is not None:
            yield from _cut_csv(parse_csv(text, where, notes, fields, stem, reading), cut, text.count("\n") + 1)
            return
        yield from parse_csv(text, where, notes, fields, stem, reading)
    elif suffix in (".md", ".markdown"):
        yield parse_markdown(text, stem, where, notes, fields)
    else:
        yield parse_text(text, stem, where, notes, fields)
    if cut is not None:
        yield ParseError(where, cut.reason, line=text.count("\n") + 1)


def _cut_csv(items: Iterator[Document | ParseError], cut: CutShort, line: int) -> Iterator[Document | ParseError]:
    """A CSV file's rows before its cut, then the cut, at ``line`` or where the row it falls in begins: a cut
    inside a quoted cell of several lines (a body's paragraphs) leaves that cell open, and it is the row cut, not
    a quote never closed (it was reported as both, and the cut's "the lines before this one are read" was not so)."""
    last: Document | ParseError | None = None
    for item in items:
        if last is not None:
            yield last
        last = item
    if isinstance(last, ParseError) and last.reason.startswith(_UNCLOSED) and last.line is not None:
        line, last = last.line, None
    if last is not None:
        yield last
    yield ParseError(cut.path, cut.reason, line=line)
