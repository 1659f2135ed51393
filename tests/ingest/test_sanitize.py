"""Text every later stage can trust (search/ingest/sanitize.py): hostile or broken records, read once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search import build_index, open_index
from search.errors import ParseError
from search.ingest.sanitize import MAX_ARTICLE_CHARS, clean
from search.records import Document


def doc(**kwargs: object) -> Document:
    values: dict[str, object] = {"id": "a", "path": "a.jsonl", "title": "Title", "body": "Body text."}
    values.update(kwargs)
    return Document(**values)  # type: ignore[arg-type]


def test_a_lone_surrogate_is_replaced_and_noted() -> None:
    cleaned = clean(doc(body="Before \ud800 after"), "a.jsonl")
    assert cleaned.body == "Before \ufffd after"
    assert any("cannot be encoded" in n for n in cleaned.notes)
    cleaned.body.encode("utf-8")  # would raise UnicodeEncodeError with the surrogate


def test_a_word_split_by_an_invisible_character_or_spelled_with_eth_is_found_as_typed(tmp_path: Path) -> None:
    """Vietnamese news writes soft hyphens inside words (Dư\u00adơng) and Ð for Đ: found by the word as typed,
    and by the word pasted with them."""
    records = [{"id": "sh", "title": "Bình Dư\u00adơng", "lang": "vi", "body": "Chất l\u200bượng tốt. Ðáng chú ý."},
               {"id": "other", "title": "Khác", "lang": "vi", "body": "Một bài khác về Hà Nội."}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    build_index([tmp_path / "a.jsonl"], tmp_path / "ix")
    with open_index(tmp_path / "ix") as ix:
        for q in ("Dương", '"Bình Dương"', "lượng", "đáng", '"đáng chú ý"', "Dư\u00adơng", "Ðáng"):
            assert [h.id for h in ix.search(q).hits] == ["sh"], q
        assert ix.search("ượng").total == 0  # no longer a word of its own
        assert ix.show("sh").title == "Bình Dương"  # stored as shown: nothing visible changed


@pytest.mark.parametrize("text", ["   ", "\u200b\u200b", "\n\t \u2060\ufeff"])
def test_an_article_of_only_spaces_or_invisible_characters_is_empty(text: str) -> None:
    with pytest.raises(ParseError, match="empty article"):
        clean(doc(title=text, body=text), "a.txt")


def test_an_article_over_the_limit_is_refused_with_its_size() -> None:
    with pytest.raises(ParseError, match="over the"):
        clean(doc(body="x " * (MAX_ARTICLE_CHARS // 2 + 1)), "big.jsonl")


def test_an_unknown_language_code_is_dropped_and_detected() -> None:
    cleaned = clean(doc(lang="../../x"), "a.jsonl")
    assert cleaned.lang is None and any("not a known code" in n for n in cleaned.notes)


def test_hostile_records_are_indexed_safely_or_skipped_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    lines = [
        {"id": "surrogate", "title": "Sur", "body": "Text with a lone \ud800 surrogate and more words."},
        {"id": "blank", "title": "\u200b", "body": "   "},
        {"id": "badlang", "title": "Lang", "body": "Le ministre a parlé de la coopération.", "lang": "../../x"},
    ]
    (folder / "a.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    (folder / "new\nline.txt").write_text("   \n\u200b", encoding="utf-8")
    report = build_index([folder], tmp_path / "ix", procs=1)
    assert report.added == 2
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert "empty" in reasons["a.jsonl"]  # the blank record, by its line
    assert "empty article" in reasons["new\nline.txt"]  # only a space and a zero-width space
    with open_index(tmp_path / "ix") as ix:
        hit = ix.search("surrogate").hits[0]
        assert "\ufffd" in ix.show("surrogate").body and hit.id == "surrogate"
        assert ix.show("badlang").lang == "fr"
    from search.site.text import report_text

    text = report_text(report)
    assert "new\\nline.txt" in text and not any(line.startswith("line.txt") for line in text.splitlines())
