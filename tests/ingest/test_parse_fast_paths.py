"""The shortcuts of reading a file (``decode.read_bytes``, ``decode_text``, ``parse.parse_text``) give what the
long way gave: the same text, the same documents, the same refusals."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from search.errors import ParseError
from search.ingest import decode
from search.ingest.decode import decode_text, read_bytes
from search.ingest.fields import FieldMap, derive_title, visible
from search.ingest.parse import (
    _HEADER,
    _HEADER_LIKE,
    _block_document,
    _checked_date,
    _metadata_block,
    _other_header,
    parse_text,
)
from search.records import Document


def _long_way(text: str, doc_id: str, path: str) -> Document:
    """parse_text as it was written before its shortcut: the text cut into lines, the body joined again."""
    from search.ingest.dates import buddhist_era_year

    notes: tuple[str, ...] = ()
    lines = text.lstrip("\ufeff").split("\n")
    while lines and not lines[0].strip():
        lines = lines[1:]
    meta, rest = _metadata_block(lines)
    if meta:
        return _block_document(meta, rest, doc_id, path, notes, FieldMap())
    title = ""
    date: str | None = None
    date_raw: str | None = None
    m = _HEADER.match(lines[0]) if lines else None
    if m:
        date, note = _checked_date(m["date"], "header date")
        notes = notes + (note,) if note else notes
        if date and buddhist_era_year(date):
            date, date_raw = None, date
        title = (m["title"] or "").strip()
        title = title if visible(title) else ""
        lines = lines[1:]
    elif lines and _HEADER_LIKE.match(lines[0]) and (other := _other_header(lines[0])) is not None:
        date, date_raw, title = other
        notes = notes + (f"header date not in the form YYYY-MM[-DD]: {lines[0].split(None, 1)[1][:40]!r}",)
        lines = lines[1:]
    elif lines and _HEADER_LIKE.match(lines[0]):
        notes = notes + (f"header not understood: {lines[0].strip()[:60]!r} (expected ' date YYYY-MM[-DD] Title'); "
                         "read as text",)
    body = "\n".join(lines).strip()
    if not body and not title:
        what = "a header but no title and no text" if m else "no text"
        raise ParseError(path, f"empty article: {what}")
    if not body:
        notes = notes + ("title only, no body text",)
    return Document(id=doc_id, path=path, title=title or derive_title(body), body=body, date=date,
                    date_raw=date_raw, title_derived=not title, notes=notes)


_PIECES = ["", " ", "\t", "\u00a0", "\ufeff", " date 2024-12 Un titre", " date 2024-12-06", " date 2567-11-06 Thai",
           " date 2024-02-30 Bad day", " date 2024/12/06 Titre", " Date 6 décembre 2024 Le titre", " date night",
           " date 2024-12 \u200b", "# url = https://example.com/a", "# date = 20210412", "# title = Meta title",
           "Body line one.", "Second line of the body", "  indented  ", "日本語の文。"]


def _outcome(parse, text: str) -> object:  # type: ignore[no-untyped-def]
    try:
        return parse(text, "doc", "/x/doc.txt")
    except ParseError as e:
        return ("error", e.reason)


def test_parse_text_as_the_long_way() -> None:
    rng = random.Random(12)
    texts = ["", "\n", "\n\n", " date 2024-12 T", " date 2024-12 T\n", "\n \n date 2024-12 T\nbody\n\n"]
    for _ in range(4000):
        texts.append("\n".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 7))))
    for text in texts:
        assert _outcome(parse_text, text) == _outcome(_long_way, text), ascii(text)


@pytest.mark.parametrize(("data", "refused"), [
    (b"ok " + b"\x01" * 40 + b" text", True),  # many control characters: binary
    (b"text\x1b[0m with an escape", False),  # one: a bad character, kept for clean to replace
    (b"lines\x0b\x0b\x0b\x0b\x0bcut by vertical tabs\x0c\x0c\x0c\x0c", False),  # new lines, not controls
    (b"a" * 9000 + b"\x01" * 40, False),  # after the first 8192 characters: not counted
    ("é".encode() * 10 + b"\x7f" * 30, True),
    (b"\xe9t\xe9 " + b"\x02" * 30, True),  # cp1252, its controls counted all the same
])
def test_control_characters(data: bytes, refused: bool) -> None:
    if refused:
        with pytest.raises(ParseError, match="control characters"):
            decode_text("f.txt", data)
    else:
        assert decode_text("f.txt", data)[0]


def test_whitespace_only() -> None:
    for data in (b" \n\t\r\n", "\u00a0\u2003\n".encode(), b"\x0b\x0c"):
        with pytest.raises(ParseError, match="only whitespace"):
            decode_text("f.txt", data)
    assert decode_text("f.txt", b"\r\nx\r")[0] == "\nx\n"


def test_read_bytes_short_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read that gives fewer bytes than asked (a signal, a network file system) is read on to the end."""
    file = tmp_path / "a.txt"
    file.write_bytes(bytes(range(256)) * 40)
    real = decode.os.read
    monkeypatch.setattr(decode.os, "read", lambda fd, n: real(fd, min(n, 333)))
    assert read_bytes(file, 20 * 2**20) == bytes(range(256)) * 40
    with pytest.raises(ParseError, match="over the"):
        read_bytes(file, 1000)
