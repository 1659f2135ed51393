from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from search.errors import ParseError
from search.ingest import decode, parse
from search.ingest.boilerplate import strip_boilerplate
from search.ingest.dates import infer_date
from search.ingest.parse import (
    derive_title,
    normalize_date,
    parse_file,
    parse_json,
    parse_jsonl,
    parse_text,
    read_text,
)
from search.records import Document

from ..conftest import SEEDS

FRENCH_SEED = SEEDS / "000_64ee10f01e38a171.txt"
INDONESIAN_SEED = SEEDS / "004_9f476f2407ec2705.txt"


def one(path: Path) -> Document:
    items = list(parse_file(path))
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def reason(path: Path) -> str:
    with pytest.raises(ParseError) as info:
        list(parse_file(path))
    return info.value.reason


# The seeds


def test_french_seed_has_its_header_title_and_month() -> None:
    doc = one(FRENCH_SEED)
    assert doc.id == "000_64ee10f01e38a171"
    assert doc.title == "Approfondir la coopération durable entre le Vietnam et le Cambodge"
    assert doc.date == "2024-12"
    assert not doc.title_derived
    assert doc.body.startswith("Le vice-Premier ministre")
    assert doc.notes == ()


def test_indonesian_seed_has_no_header_so_its_title_is_derived() -> None:
    doc = one(INDONESIAN_SEED)
    assert doc.id == "004_9f476f2407ec2705"
    assert doc.title_derived
    assert doc.title.startswith("Para pemimpin Vietnam dan Kamboja sepakat")
    assert doc.date is None


@pytest.mark.parametrize(
    ("seed", "lang", "expected_date"),
    [(FRENCH_SEED, "fr", ("2024-12-12", True)), (INDONESIAN_SEED, "id", ("2024-11-06", True))],
)
def test_seeds_through_parse_boilerplate_and_dates(seed: Path, lang: str,
                                                   expected_date: tuple[str, bool]) -> None:
    doc = one(seed)
    body, _removed = strip_boilerplate(doc.body)
    lines = [line.strip() for line in body.split("\n")]
    assert "Sumber" not in lines and "Komentar (0)" not in lines
    assert infer_date(body, doc.date, lang) == expected_date


# The header line


@pytest.mark.parametrize(
    ("text", "title", "date"),
    [
        (" date 2024-12 Titre\n\nCorps.", "Titre", "2024-12"),
        ("date 2024-12-06 Titre\n\nCorps.", "Titre", "2024-12-06"),
        ("date 2024-1-6 Titre\n\nCorps.", "Titre", "2024-01-06"),
        ("\t date 2024-12   Titre avec espaces  \n\nCorps.", "Titre avec espaces", "2024-12"),
        ("\n\n date 2024-12 Titre\n\nCorps.", "Titre", "2024-12"),
        ("\ufeff date 2024-12 Titre\n\nCorps.", "Titre", "2024-12"),
    ],
)
def test_header_line_gives_date_and_title(text: str, title: str, date: str) -> None:
    doc = parse_text(text, "x", "x.txt")
    assert (doc.title, doc.date, doc.body, doc.title_derived) == (title, date, "Corps.", False)


def test_header_without_title_derives_it_from_the_first_sentence() -> None:
    doc = parse_text(" date 2024-12\n\nPremière phrase. Deuxième phrase.", "x", "x.txt")
    assert (doc.title, doc.date, doc.title_derived) == ("Première phrase.", "2024-12", True)


def test_a_first_line_starting_with_the_word_date_is_not_a_header() -> None:
    doc = parse_text("Date night ideas for busy parents.\n\nMore text.", "x", "x.txt")
    assert doc.date is None and doc.title == "Date night ideas for busy parents."


@pytest.mark.parametrize("bad", ["2024-13", "2024-02-30", "2024-00", "2023-02-29"])
def test_an_impossible_header_date_is_ignored_with_a_note_and_the_article_kept(bad: str) -> None:
    doc = parse_text(f" date {bad} Titre\n\nCorps.", "x", "x.txt")
    assert (doc.title, doc.body, doc.date) == ("Titre", "Corps.", None)
    assert doc.notes == (f"impossible date ignored: header date {bad}",)


def test_a_header_with_a_title_but_no_body_is_kept_with_a_note() -> None:
    doc = parse_text(" date 2024-12 Titre seul\n\n", "x", "x.txt")
    assert (doc.title, doc.body, doc.notes) == ("Titre seul", "", ("title only, no body text",))


def test_a_header_alone_is_an_empty_article() -> None:
    with pytest.raises(ParseError, match="empty article"):
        parse_text(" date 2024-12\n\n  \n", "x", "x.txt")


# Bytes, encodings, line endings


def test_crlf_and_bom_are_normalised(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"\xef\xbb\xbf date 2024-12 Titre\r\n\r\nLigne un.\r\nLigne deux.\r\n")
    doc = one(path)
    assert (doc.title, doc.body, doc.notes) == ("Titre", "Ligne un.\nLigne deux.", ())


def test_old_mac_line_endings_are_normalised(tmp_path: Path) -> None:
    doc = one(write(tmp_path, "a.txt", b" date 2024-12 Titre\r\rCorps."))
    assert (doc.title, doc.body) == ("Titre", "Corps.")


def test_text_is_nfc_normalised(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Bùi Thanh Sơn a été reçu.")
    assert one(write(tmp_path, "a.txt", decomposed)).body == "Bùi Thanh Sơn a été reçu."


def test_windows_1252_bytes_are_decoded_as_cp1252_with_a_note(tmp_path: Path) -> None:
    doc = one(write(tmp_path, "a.txt", "Le ministre a été reçu à l’Élysée.".encode("cp1252")))
    assert doc.body == "Le ministre a été reçu à l’Élysée."
    assert doc.notes == ("not valid UTF-8; decoded as Windows-1252 (cp1252)",)


def _cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: a base letter of the code page, then the tone as a combining mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize(("text", "encoding"), [
    ("Thủ tướng Phạm Minh Chính tiếp Thủ tướng Campuchia Hun Manet tại Hà Nội, hai bên nhất trí hợp tác.",
     "cp1258"),
    ("Премьер-министр посетил Камбоджу, чтобы обсудить экономическое сотрудничество двух стран.", "cp1251"),
    ("นายกรัฐมนตรีเดินทางไปเยือนกัมพูชาเพื่อหารือความร่วมมือด้านเศรษฐกิจ", "cp874"),
    ("越南总理范明政在河内会见柬埔寨首相洪马奈，双方同意加强合作。", "gbk"),
])
def test_a_legacy_code_page_of_another_script_is_recognised_not_read_as_cp1252(
        tmp_path: Path, text: str, encoding: str) -> None:
    # An Excel or Notepad export from a Vietnamese, Russian, Thai or Chinese Windows: read as cp1252 it was
    # mojibake in every word ("Ïðåìüåð"), or refused as "not a text file"
    data = _cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    doc = one(write(tmp_path, "a.txt", data))
    assert doc.body == text
    assert len(doc.notes) == 1 and doc.notes[0].startswith("not valid UTF-8; decoded as ")


@pytest.mark.parametrize("text", [
    "A ação do governo não é só uma questão de coração: são milhões à espera.",  # ã is ă in cp1258
    "Così è però più città.",  # ì and ò are tone marks in cp1258
    "Le ministre a été reçu à l’Élysée.",
])
def test_short_accented_western_text_stays_cp1252(tmp_path: Path, text: str) -> None:
    doc = one(write(tmp_path, "a.txt", text.encode("cp1252")))
    assert (doc.body, doc.notes) == (text, ("not valid UTF-8; decoded as Windows-1252 (cp1252)",))


def test_utf8_with_one_damaged_byte_keeps_utf8_and_replaces_only_that_byte(tmp_path: Path) -> None:
    data = "Thủ tướng Phạm Minh Chính đã ".encode() + b"\xff" + "gặp.".encode()
    doc = one(write(tmp_path, "a.txt", data))
    assert doc.body == "Thủ tướng Phạm Minh Chính đã \ufffdgặp."
    assert len(doc.notes) == 1 and doc.notes[0].startswith("invalid UTF-8: 1 undecodable byte sequence(s)")


def test_utf16_with_a_byte_order_mark_is_decoded(tmp_path: Path) -> None:
    doc = one(write(tmp_path, "a.txt", " date 2024-12 Titre\n\nCorps.".encode("utf-16")))
    assert (doc.title, doc.notes) == ("Titre", ("decoded as UTF-16 (byte order mark)",))


@pytest.mark.parametrize(("data", "body", "notes"), [
    # Word's line break (vertical tab) and page break (form feed): new lines
    (b" date 2024-12 T\n\nLine one\x0bline two\x0cpage two.", "Line one\nline two\npage two.", ()),
    # a stray control character, a NUL at the end: a bad character of a text, replaced and noted
    (b" date 2024-12 T\n\nText \x1b[0m end.", "Text \ufffd[0m end.", ("characters replaced with U+FFFD",)),
    (b" date 2024-12 T\n\nText end.\n\x00", "Text end.\n\ufffd", ("characters replaced with U+FFFD",)),
    # UTF-16 without a byte order mark, UTF-32 with one
    (" date 2024-12 T\n\nCoopération, Việt Nam.".encode("utf-16-le"), "Coopération, Việt Nam.",
     ("decoded as UTF-16-LE (no byte order mark)",)),
    (" date 2024-12 T\n\nCoopération, Việt Nam.".encode("utf-16-be"), "Coopération, Việt Nam.",
     ("decoded as UTF-16-BE (no byte order mark)",)),
    (" date 2024-12 T\n\nCoopération, ភ្នំពេញ.".encode("utf-32"), "Coopération, ភ្នំពេញ.",
     ("decoded as UTF-32 (byte order mark)",)),
])
def test_text_as_windows_tools_and_word_write_it_is_read_not_refused(tmp_path: Path, data: bytes, body: str,
                                                                     notes: tuple[str, ...]) -> None:
    from search.ingest.sanitize import clean

    doc = clean(one(write(tmp_path, "a.txt", data)), "a.txt")
    assert doc.body == body
    assert [n.split(":")[0] for n in doc.notes] == [n.split(":")[0] for n in notes]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x00\x01\x02binary\x00\x00\x00", "binary file (contains NUL bytes)"),
        (b"\x89PNG\r\n\x1a\n....", "binary file (a PNG image)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file (a PDF document)"),
        (b"PK\x03\x04word/document.xml", "binary file (a ZIP archive"),
        (b"text\x01\x02\x03\x04\x05\x06 with many control characters", "binary file (6 control characters"),
        (b"", "empty file (0 bytes)"),
        (b"  \n\t\r\n  ", "file contains only whitespace"),
        (b"\xef\xbb\xbf", "file contains only whitespace"),
        (bytes(range(0x80, 0x100)) * 4 + b"\x81\x8d", "not a text file"),
    ],
)
def test_files_that_are_not_text_articles_are_refused_with_a_reason(tmp_path: Path, data: bytes,
                                                                     expected: str) -> None:
    assert reason(write(tmp_path, "a.txt", data)).startswith(expected)


# The file itself


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(50 * 2**20)  # sparse: costs no disk and no time
    assert "over the 20 MiB limit" in reason(path)


def test_the_limit_is_the_module_constant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "MAX_FILE_BYTES", 10)
    assert "MiB limit" in reason(write(tmp_path, "a.txt", "Une phrase de plus de dix octets."))


def test_a_jsonl_collection_has_its_own_larger_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "MAX_FILE_BYTES", 10)
    assert one(write(tmp_path, "a.jsonl", '{"id": "a", "body": "Plus de dix octets."}')).id == "a"


@pytest.mark.parametrize(
    "name",
    ["article with spaces.txt", "bài viết số 1.txt", "ព័ត៌មាន ថ្មី.txt", "新闻 报道.txt", "статья.txt",
     "o'clock (2).txt"],
)
def test_file_names_with_spaces_and_any_script_work_and_become_the_id(tmp_path: Path, name: str) -> None:
    doc = one(write(tmp_path, name, " date 2024-12 Titre\n\nCorps."))
    assert doc.id == name[: -len(".txt")]
    assert doc.path == str(tmp_path / name)


def test_a_decomposed_file_name_gives_the_same_id_as_a_composed_one(tmp_path: Path) -> None:
    doc = one(write(tmp_path, unicodedata.normalize("NFD", "bài viết.txt"), "Corps."))
    assert doc.id == "bài viết"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads files whatever their mode; the next test covers this case")
def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", "Corps.")
    path.chmod(0)
    try:
        assert reason(path) == "permission denied: cannot read the file"
    finally:
        path.chmod(0o644)


def test_a_permission_error_while_opening_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same case as above, for runs as root (containers), where chmod 0 does not stop reading.
    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    path = write(tmp_path, "secret.txt", "Corps.")
    monkeypatch.setattr(decode.os, "open", denied)  # open_regular opens with os.open (O_NONBLOCK)
    assert reason(path) == "permission denied: cannot read the file"


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert reason(tmp_path / "gone.txt").startswith("file not found")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    assert reason(tmp_path / "folder.txt").startswith("not a regular file")


@pytest.mark.parametrize("name", ["a.docx", "README", "a.pdf.gz"])
def test_unsupported_file_types_are_refused(tmp_path: Path, name: str) -> None:
    assert reason(write(tmp_path, name, "Corps.")).startswith("unsupported file type")


def test_read_text_returns_text_and_notes(tmp_path: Path) -> None:
    assert read_text(write(tmp_path, "a.txt", b"\xef\xbb\xbfUn\r\nDeux")) == ("Un\nDeux", ())


# JSON Lines


JSONL = "\n".join([
    '{"id": "a", "title": "Titre A", "body": "Corps A.", "date": "2024-12-06", "lang": "FR", "url": "https://x/a"}',
    '{"id": "b", "body": "Corps B. Suite."}',
    "{not json",
    '{"title": "sans id", "body": "Corps."}',
    '{"id": "c", "body": "   "}',
    '["a", "list"]',
    "",
    '{"id": 17, "body": "Identifiant numérique.", "date": "2024-12-06T10:30:00Z"}',
    '{"id": "d", "body": "Date impossible.", "date": "2024-13-01"}',
    '{"id": "e", "body": "Titre qui n\'est pas du texte.", "title": 42}',
])


def test_jsonl_keeps_good_lines_and_reports_each_bad_line_with_its_number() -> None:
    items = list(parse_jsonl(JSONL, "a.jsonl"))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [(e.line, e.reason) for e in items if isinstance(e, ParseError)]
    assert [d.id for d in docs] == ["a", "b", "a-4", "17", "d"]
    assert errors == [
        (3, "invalid JSON (Expecting property name enclosed in double quotes at column 2)"),
        (5, "empty text (field 'body')"),
        (6, "an article must be a JSON object, not an array"),
        (10, "field 'title' is a number, not text"),
    ]


def test_jsonl_fields_become_document_fields() -> None:
    docs = [i for i in parse_jsonl(JSONL, "a.jsonl") if isinstance(i, Document)]
    a, b, no_id, numeric, impossible = docs
    assert (a.title, a.date, a.lang, a.url, a.line) == ("Titre A", "2024-12-06", "fr", "https://x/a", 1)
    assert not a.title_derived
    assert (b.title, b.title_derived) == ("Corps B.", True)
    assert (no_id.title, no_id.line) == ("sans id", 4)
    assert (numeric.date, numeric.published) == ("2024-12-06", "2024-12-06T10:30:00+00:00")
    # Not understood here: read again once the language is known (enrich), and noted there if still not.
    assert (impossible.date, impossible.date_raw, impossible.notes) == (None, "2024-13-01", ())


def test_a_jsonl_file_with_bom_and_crlf_parses(tmp_path: Path) -> None:
    data = b'\xef\xbb\xbf{"id": "a", "body": "Un."}\r\n{"id": "b", "body": "Deux."}\r\n'
    docs = list(parse_file(write(tmp_path, "a.jsonl", data)))
    assert [d.id for d in docs if isinstance(d, Document)] == ["a", "b"]


def test_jsonl_decoding_notes_reach_every_document(tmp_path: Path) -> None:
    data = '{"id": "a", "body": "Reçu à l’Élysée."}'.encode("cp1252")
    doc = one(write(tmp_path, "a.jsonl", data))
    assert doc.body == "Reçu à l’Élysée."
    assert doc.notes == ("not valid UTF-8; decoded as Windows-1252 (cp1252)",)


def test_jsonl_body_is_nfc_and_unix_newlines() -> None:
    line = '{"id": "a", "body": "Be\\u0300n\\r\\nTre\\u0300"}'
    doc = next(parse_jsonl(line, "a.jsonl"))
    assert isinstance(doc, Document) and doc.body == "Bèn\nTrè"


# Small pieces


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-12", "2024-12"), ("2024-1", "2024-01"), ("2024-12-6", "2024-12-06"),
     (" 2024-02-29 ", "2024-02-29")],
)
def test_normalize_date_pads_months_and_days(text: str, expected: str) -> None:
    assert normalize_date(text) == expected


@pytest.mark.parametrize("text", ["2024-13", "2024-02-30", "2023-02-29", "2024/12", "December 2024", ""])
def test_normalize_date_rejects_impossible_or_malformed_dates(text: str) -> None:
    with pytest.raises(ValueError):
        normalize_date(text)


def test_a_long_first_sentence_is_cut_at_a_word_boundary() -> None:
    title = derive_title("mot " * 100)
    assert title.endswith("mot…") and len(title) <= 161


def test_a_long_khmer_title_is_cut_at_a_zero_width_space() -> None:
    title = derive_title("ពង្រឹង\u200bកិច្ចសហប្រតិបត្តិការ\u200b" * 20)
    assert title.endswith("កិច្ចសហប្រតិបត្តិការ…") or title.endswith("ពង្រឹង…")


def test_a_long_title_without_spaces_never_ends_on_a_split_cluster() -> None:
    text = "ความร่วมมือด้านกลาโหม" * 20
    cut = derive_title(text).rstrip("…")
    marks = ("Mn", "Mc")
    assert unicodedata.category(text[len(cut)]) not in marks and unicodedata.category(cut[-1]) not in marks


def test_content_hash_changes_with_the_body_only_when_the_body_changes() -> None:
    doc = Document(id="a", path="a.txt", title="T", body="B")
    assert doc.content_hash == Document(id="a", path="elsewhere.txt", title="T", body="B").content_hash
    assert doc.content_hash != doc.with_(body="B2").content_hash


@pytest.mark.parametrize(("name", "data", "note"), [
    ("a.txt", " date XXXX Weird\n\nBody text about Laos.\n", "header not understood: 'date XXXX Weird'"),
    ("b.txt", " Date 24-11 Titre\n\nCorps du texte.\n", "header not understood: 'Date 24-11 Titre'"),
    ("c.md", "---\ntitle: x\nBody about Laos.\n", "front matter opened with --- but never closed"),
])
def test_a_header_that_cannot_be_read_is_kept_as_text_with_a_note(tmp_path: Path, name: str, data: str,
                                                                   note: str) -> None:
    doc = one(write(tmp_path, name, data.encode()))
    assert len(doc.notes) == 1 and doc.notes[0].startswith(note)
    assert "Laos" in doc.body or "Corps" in doc.body  # nothing lost


@pytest.mark.parametrize(("header", "date"), [
    (" date 2024/12/06 Le titre", "2024-12-06"),
    (" date 2024-12-06T10:30 Le titre", "2024-12-06"),
    (" date 6 décembre 2024 Le titre", "2024-12-06"),
    (" date 06/12/2024 Le titre", "2024-12-06"),  # day first: the article is French
    (" date 2024 Le titre", "2024"),
])
def test_a_seed_header_with_its_date_in_another_form_is_still_a_header(header: str, date: str) -> None:
    # it was "read as text": the header line became the title and the first line of the body, with no date
    from search.ingest.enrich import enrich

    doc = parse_text(header + "\n\nLe ministre a visité la province pour parler du commerce du riz.", "a", "a.txt")
    article = enrich(doc).doc
    assert (article.title, article.date, article.body) == (
        "Le titre", date, "Le ministre a visité la province pour parler du commerce du riz.")
    assert article.notes[0].startswith("header date not in the form YYYY-MM[-DD]")


@pytest.mark.parametrize("invisible", ["\u200b", "\u200b\u200b", "\u200f", "\u202e", "\u00ad", "\ufeff\u2060"])
def test_a_title_that_shows_nothing_is_no_title(tmp_path: Path, invisible: str) -> None:
    # A first line or a title field of zero width spaces, direction marks or a soft hyphen alone made an
    # invisible link in every list of the exported site (and an empty title line in the CLI): the title is
    # derived from the text instead, as for an empty one.
    plain = tmp_path / "plain.txt"
    plain.write_text(f"{invisible}\n\nThe ministers met in Vientiane. They talked.\n", encoding="utf-8")
    header = tmp_path / "header.txt"
    header.write_text(f" date 2024-11-06 {invisible}\n\nThe ministers met in Vientiane.\n", encoding="utf-8")
    record = tmp_path / "r.jsonl"
    record.write_text(json.dumps({"id": "r", "title": invisible, "body": "The ministers met in Vientiane."}) + "\n",
                      encoding="utf-8")
    for doc in (one(plain), one(header), one(record)):
        assert (doc.title, doc.title_derived) == ("The ministers met in Vientiane.", True), doc.path
    assert derive_title(f"{invisible}\n{invisible} \nSecond line. Third.") == "Second line."
    assert derive_title(invisible) == ""


def test_a_json_line_cut_short_is_reported_as_the_json_reader_says_it_once() -> None:
    """A line cut inside a string was "Invalid control character at at column 29": the reader's message for the
    line's own new line, its "at" twice. Now the line is read without its end, and "at" is said once."""
    items = list(parse_jsonl('{"id": "a", "body": "Corps A.\n{"id": "b", "body": "Corps B."}\n', "a.jsonl"))
    errors = [(e.line, e.reason) for e in items if isinstance(e, ParseError)]
    assert errors == [(1, "invalid JSON (Unterminated string starting at column 21)")]
    with pytest.raises(ParseError) as info:
        list(parse_json('{"id": "a', "a.json"))
    assert info.value.reason == "invalid JSON (Unterminated string starting at line 1, column 8)"
