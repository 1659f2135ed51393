"""Files -> ``Document`` records: the seed text format and JSON Lines.

Seed format (``.txt``)::

     date 2024-12 Approfondir la coopération durable entre le Vietnam et le Cambodge
    <blank line>
    First paragraph...

The header line is optional (a leading space is allowed); without it the title is derived from the first
sentence and the record says so (``title_derived``). JSON Lines (``.jsonl``): one article per line with ``id``,
``title``, ``body`` and optional ``date``, ``lang``, ``url``, ``source``.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ParseError

SUPPORTED_SUFFIXES = (".txt", ".jsonl")
MAX_FILE_BYTES = 20 * 1024 * 1024  # a news article is a few KB; anything this big is not one


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    path: str
    title: str
    body: str
    date: str | None = None  # "YYYY-MM" or "YYYY-MM-DD"
    date_inferred: bool = False  # True when the date (or its day) was read from the text, not the header
    lang: str | None = None  # ISO code; None until langid runs (JSONL may give it)
    title_derived: bool = False  # True when there was no header and the title is the first sentence
    url: str | None = None
    source: str | None = None
    notes: tuple[str, ...] = field(default=())  # what parsing had to decide ("decoded as cp1252", ...)

    @property
    def content_hash(self) -> str:
        """Hash of what is indexed: a change here (and only here) means the document must be re-indexed."""
        h = hashlib.blake2b(digest_size=16)
        for part in (self.title, self.body, self.date or "", self.lang or "", self.url or "", self.source or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()

    def with_(self, **changes: object) -> Document:
        return replace(self, **changes)  # type: ignore[arg-type]


_HEADER = re.compile(r"^\s*date\s+(?P<date>\S+)\s*(?P<title>.*)$")
_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?$")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？។៕])\s+|\n")


def normalize_date(text: str) -> str:
    """``2024-12`` / ``2024-12-6`` -> ``2024-12`` / ``2024-12-06``; raises ValueError for impossible dates."""
    import datetime

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


def derive_title(body: str, limit: int = 160) -> str:
    """The first sentence of the body, cut at a word boundary if it is very long."""
    first = _SENTENCE_END.split(body.strip(), maxsplit=1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def read_text(path: Path) -> tuple[str, tuple[str, ...]]:
    """Read a file as UTF-8 text; raise ParseError for what is not a text article."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ParseError(str(path), f"file is {size / 1e6:.0f} MB, larger than the {MAX_FILE_BYTES // 2**20} MB limit "
                             "for one article")
        data = path.read_bytes()
    except PermissionError:
        raise ParseError(str(path), "permission denied (cannot read the file)") from None
    except OSError as e:
        raise ParseError(str(path), f"cannot read: {e.strerror or e}") from None
    if b"\x00" in data[:8192]:
        raise ParseError(str(path), "binary file (contains NUL bytes), not a text article")
    notes: tuple[str, ...] = ()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        # Scraped files are sometimes Windows-1252; decode what can be decoded and say so.
        text = data.decode("utf-8", errors="replace")
        notes = (f"invalid UTF-8 at byte {e.start}: undecodable bytes replaced with U+FFFD",)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text, notes


def parse_text(text: str, doc_id: str, path: str, notes: tuple[str, ...] = ()) -> Document:
    """Parse the seed format (header optional)."""
    lines = text.split("\n")
    title = ""
    date: str | None = None
    title_derived = False
    first = lines[0] if lines else ""
    m = _HEADER.match(first)
    if m:
        try:
            date = normalize_date(m["date"])
        except ValueError as e:
            raise ParseError(path, f"malformed header date: {e}", line=1) from None
        title = m["title"].strip()
        lines = lines[1:]
    body = "\n".join(lines).strip()
    if not body and not title:
        raise ParseError(path, "empty article (no title and no text)")
    if not title:
        title = derive_title(body)
        title_derived = True
    return Document(id=doc_id, path=path, title=title, body=body, date=date, title_derived=title_derived,
                    notes=notes)


def parse_jsonl(text: str, path: str) -> Iterator[Document | ParseError]:
    """One Document per valid line; a ParseError (yielded, not raised) per bad line."""
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield ParseError(path, f"invalid JSON ({e.msg} at column {e.colno})", line=n)
            continue
        if not isinstance(obj, dict):
            yield ParseError(path, "a line must be a JSON object", line=n)
            continue
        missing = [k for k in ("id", "body") if not isinstance(obj.get(k), str) or not obj.get(k).strip()]
        if missing:
            yield ParseError(path, f"missing or empty field(s): {', '.join(missing)}", line=n)
            continue
        date = None
        if obj.get("date"):
            try:
                date = normalize_date(str(obj["date"])[:10])
            except ValueError as e:
                yield ParseError(path, f"bad date: {e}", line=n)
                continue
        body = unicodedata.normalize("NFC", obj["body"]).strip()
        title = unicodedata.normalize("NFC", str(obj.get("title") or "")).strip()
        title_derived = not title
        lang = obj.get("lang")
        yield Document(
            id=str(obj["id"]).strip(), path=path, title=title or derive_title(body), body=body, date=date,
            lang=lang.lower() if isinstance(lang, str) and lang else None, title_derived=title_derived,
            url=obj.get("url") if isinstance(obj.get("url"), str) else None,
            source=obj.get("source") if isinstance(obj.get("source"), str) else None,
        )


def parse_file(path: Path) -> Iterator[Document | ParseError]:
    """Documents (and per-line errors) from one file; raises ParseError when the whole file is unusable."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ParseError(str(path), f"unsupported file type {suffix or '(no extension)'!r}; "
                         "expected .txt (seed format) or .jsonl")
    text, notes = read_text(path)
    if suffix == ".jsonl":
        yield from parse_jsonl(text, str(path))
    else:
        yield parse_text(text, path.stem, str(path), notes)
