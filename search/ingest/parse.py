"""Files -> ``Document`` records: the seed text format and JSON Lines.

Seed format (``.txt``)::

     date 2024-12 Approfondir la coopération durable entre le Vietnam et le Cambodge
    <blank line>
    First paragraph...

The header line is optional (a leading space is allowed); without it the title is derived from the first
sentence and the record says so (``title_derived``). JSON Lines (``.jsonl``): one article per line with
``id``, ``title``, ``body`` and optional ``date``, ``lang``, ``url``, ``source``.

Bad input degrades loudly, not fatally. What cannot be an article (binary, empty, too big, unreadable)
raises ``ParseError`` with the reason; the indexer reports it and goes on. What can be read with a
decision (cp1252 bytes, an impossible header date) is read, and the decision goes into ``Document.notes``:
nothing is lost, and the report says what was guessed.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ParseError
from ..lang.table import SENTENCE_END
from ..records import Document

SUPPORTED_SUFFIXES = (".txt", ".jsonl")
MAX_FILE_BYTES = 20 * 2**20  # one article is a few KB; a 20 MiB ".txt" is a dump or a mistake, not an article
MAX_JSONL_BYTES = 1024 * 2**20  # a JSON Lines file holds a whole collection: 1 GiB is ~200k articles

_SNIFF_BYTES = 8192
# Formats that are sometimes saved with a .txt name; checked before decoding, for a clear reason.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (docx, odt, epub...)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_MAX_REPLACED_SHARE = 0.05  # more undecodable bytes than this: not text in any encoding we can guess
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # C0 controls other than \t \n \f \r
_MAX_CONTROL_SHARE = 0.01
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")


# " date 2024-12 Title": the token must look like a date; an article starting "Date night..." has no header.
_HEADER = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{1,2}(?:-\d{1,2})?)(?:\s+(?P<title>.*))?\s*$",
                     re.IGNORECASE)
_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?$")
_SENTENCE_END = re.compile(f"(?<=[{re.escape(SENTENCE_END)}])\\s+|\n")
_WORD_BREAK = " \u200b"  # where a long title may be cut: spaces, and Khmer's zero width spaces


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


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me")


def derive_title(body: str, limit: int = 160) -> str:
    """The first sentence of the body, cut at a word boundary if it is very long."""
    first = _SENTENCE_END.split(body.strip(), maxsplit=1)[0].strip()
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


def _refuse_binary(path: str, data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ParseError(path, f"binary file ({kind}), not a text article")
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ParseError(path, "binary file (contains NUL bytes), not a text article")


def _decode(path: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    """Bytes -> text, with a note for every guess."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    elif data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), ("decoded as UTF-16 (byte order mark)",)
        except UnicodeDecodeError:
            raise ParseError(path, "starts with a UTF-16 byte order mark but is not valid UTF-16") from None
    _refuse_binary(path, data)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as e:
        first_bad = e.start
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    # Which mistake is it? A file whose every non-ASCII byte is invalid UTF-8 was never UTF-8: Windows-1252
    # (French, Spanish...) reads it right. A file that also holds valid multi-byte characters is UTF-8 with
    # a damaged spot: re-reading it all as cp1252 would turn every "é" into "Ã©".
    if not _VALID_NON_ASCII.search(text):
        try:
            return data.decode("cp1252"), ("not valid UTF-8; decoded as Windows-1252 (cp1252)",)
        except UnicodeDecodeError:
            pass  # bytes cp1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d): not cp1252 either
    if replaced > _MAX_REPLACED_SHARE * len(text):
        raise ParseError(path, f"not a text file: {replaced} byte sequences of {len(data)} bytes are neither "
                         "UTF-8 nor cp1252")
    return text, (f"invalid UTF-8: {replaced} undecodable byte sequence(s) replaced with U+FFFD "
                  f"(first at byte {first_bad})",)


def read_text(path: Path, limit: int | None = None) -> tuple[str, tuple[str, ...]]:
    """Read a file as NFC text with ``\\n`` line ends; raise ParseError for what is not a text article.

    Returns ``(text, notes)``: notes say what decoding had to guess. ``limit`` defaults to MAX_FILE_BYTES.
    """
    where = str(path)
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise ParseError(where, "not a regular file (directory, pipe or device)")
        if st.st_size > limit:
            raise ParseError(where, f"file is {st.st_size / 2**20:.1f} MiB, over the {limit / 2**20:.0f} MiB "
                             "limit for one file of this type; split it or check that it is an article")
        with open(path, "rb") as f:
            data = f.read(limit + 1)  # + 1: a file that grew since stat() is still refused
    except PermissionError:
        raise ParseError(where, "permission denied: cannot read the file") from None
    except FileNotFoundError:
        raise ParseError(where, "file not found (deleted or moved while indexing?)") from None
    except OSError as e:
        raise ParseError(where, f"cannot read: {e.strerror or e}") from None
    if len(data) > limit:
        raise ParseError(where, f"file is over the {limit / 2**20:.0f} MiB limit for one file of this type")
    if not data:
        raise ParseError(where, "empty file (0 bytes)")
    text, notes = _decode(where, data)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ParseError(where, "file contains only whitespace")
    controls = len(_CONTROL.findall(text[:_SNIFF_BYTES]))
    if controls > _MAX_CONTROL_SHARE * min(len(text), _SNIFF_BYTES):
        raise ParseError(where, f"binary file ({controls} control characters in the first {_SNIFF_BYTES} "
                         "characters), not a text article")
    return text, notes


def _checked_date(raw: str, what: str) -> tuple[str | None, str | None]:
    """``(normalized date, None)``, or ``(None, note)`` for an impossible date: the article keeps no date."""
    try:
        return normalize_date(raw), None
    except ValueError:
        return None, f"{what} {raw} is impossible; ignored"


def parse_text(text: str, doc_id: str, path: str, notes: tuple[str, ...] = ()) -> Document:
    """Parse the seed format (header optional)."""
    lines = text.lstrip("\ufeff").split("\n")
    while lines and not lines[0].strip():
        lines = lines[1:]  # blank lines before the header
    title = ""
    date: str | None = None
    m = _HEADER.match(lines[0]) if lines else None
    if m:
        date, note = _checked_date(m["date"], "header date")
        notes = notes + (note,) if note else notes
        title = (m["title"] or "").strip()
        lines = lines[1:]
    body = "\n".join(lines).strip()
    if not body and not title:
        what = "a header but no title and no text" if m else "no text"
        raise ParseError(path, f"empty article: {what}")
    if not body:
        notes = notes + ("title only, no body text",)
    title_derived = not title
    return Document(id=doc_id, path=path, title=title or derive_title(body), body=body, date=date,
                    title_derived=title_derived, notes=notes)


def _text_field(obj: dict[str, Any], key: str, notes: list[str]) -> str | None:
    """An optional string field; a value of another type is dropped with a note, not fatal."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        notes.append(f"field {key!r} is not a string ({type(value).__name__}); ignored")
        return None
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip() or None


def _jsonl_document(obj: dict[str, Any], path: str, notes: tuple[str, ...]) -> Document:
    """One JSON object -> Document; raises ValueError with the reason when it cannot be an article."""
    raw_id = obj.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)  # {"id": 17}: numeric ids are common in exports
    missing = [key for key, value in (("id", raw_id), ("body", obj.get("body")))
               if not isinstance(value, str) or not value.strip()]
    if missing:
        raise ValueError(f"missing or empty field(s): {', '.join(missing)}")
    line_notes: list[str] = list(notes)
    body = _text_field(obj, "body", line_notes) or ""
    title = _text_field(obj, "title", line_notes)
    date: str | None = None
    if (raw_date := _text_field(obj, "date", line_notes)) is not None:
        # "2024-12-06T10:00:00Z" and "2024-12-06 10:00" carry a day; the time is not indexed.
        date, note = _checked_date(re.split(r"[T ]", raw_date, maxsplit=1)[0], "date")
        if note:
            line_notes.append(note)
    lang = _text_field(obj, "lang", line_notes)
    return Document(
        id=str(raw_id).strip(), path=path, title=title or derive_title(body), body=body, date=date,
        lang=lang.lower() if lang else None, title_derived=title is None,
        url=_text_field(obj, "url", line_notes), source=_text_field(obj, "source", line_notes),
        notes=tuple(line_notes),
    )


def parse_jsonl(text: str, path: str, notes: tuple[str, ...] = ()) -> Iterator[Document | ParseError]:
    """One Document per valid line; a ParseError (yielded, not raised) per bad line, the others kept."""
    for n, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield ParseError(path, f"invalid JSON ({e.msg} at column {e.colno})", line=n)
            continue
        except RecursionError:
            yield ParseError(path, "invalid JSON (nested too deeply)", line=n)
            continue
        if not isinstance(obj, dict):
            yield ParseError(path, f"a line must be a JSON object, not {type(obj).__name__}", line=n)
            continue
        try:
            yield _jsonl_document(obj, path, notes)
        except ValueError as e:
            yield ParseError(path, str(e), line=n)


def parse_file(path: Path) -> Iterator[Document | ParseError]:
    """Documents (and per-line errors) from one file; raises ParseError when the whole file is unusable."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ParseError(str(path), f"unsupported file type {suffix or '(no extension)'!r}; "
                         "expected .txt (seed format) or .jsonl")
    if suffix == ".jsonl":
        text, notes = read_text(path, limit=MAX_JSONL_BYTES)
        yield from parse_jsonl(text, str(path), notes)
    else:
        text, notes = read_text(path)
        # macOS hands out file names in NFD: the id must not depend on which system listed the folder.
        yield parse_text(text, unicodedata.normalize("NFC", path.stem), str(path), notes)
