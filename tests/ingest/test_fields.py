"""Records' field names, the --field mapping, and where ids come from."""

from __future__ import annotations

import unicodedata

import pytest

from search.ingest.fields import FieldMap, FieldMapError, RecordError, record_document, url_host, url_id


def doc(record: dict[str, object], fields: FieldMap | None = None, **kw: object):  # type: ignore[no-untyped-def]
    return record_document(record, fields or FieldMap(), path="f.jsonl", fallback_id="f-3", line=3, **kw)


@pytest.mark.parametrize("names", [
    {"title": "T", "body": "B", "date": "2024-11-06", "url": "https://a.example/x", "source": "S"},
    {"Headline": "T", "TEXT": "B", "pub_date": "2024-11-06", "Link": "https://a.example/x", "Outlet": "S"},
    {"headline": "T", "content": "B", "datePublished": "2024-11-06", "permalink": "https://a.example/x",
     "publisher": {"name": "S"}},
    {"heading": "T", "article": "B", "published_at": "2024-11-06", "canonical_url": "https://a.example/x",
     "site_name": "S"},
])
def test_common_field_names_are_recognised_whatever_their_case_and_separators(names: dict[str, object]) -> None:
    d = doc(names)
    assert (d.title, d.body, d.date, d.url, d.source) == ("T", "B", "2024-11-06", "https://a.example/x", "S")


def test_a_mapping_wins_over_the_known_names() -> None:
    d = doc({"text": "teaser", "story": "the story"}, FieldMap.parse(["body=story"]))
    assert d.body == "the story"


@pytest.mark.parametrize("option", ["body", "body=", "=story", "teaser=story"])
def test_a_bad_mapping_is_refused(option: str) -> None:
    with pytest.raises(FieldMapError):
        FieldMap.parse([option])


def test_ids_come_from_the_record_else_the_url_else_the_position() -> None:
    assert doc({"id": 17, "body": "B", "url": "https://a.example/x"}).id == "17"
    by_url = doc({"body": "B", "url": "https://www.a.example/x#comments"})
    assert by_url.id == url_id("https://a.example/x") == doc({"body": "B", "link": "https://a.example/x"}).id
    assert by_url.id.startswith("a.example-")
    assert doc({"body": "B", "url": "not a web address"}).id == "f-3"
    assert doc({"body": "B"}).id == "f-3"


def test_a_record_without_text_says_which_names_it_looked_for() -> None:
    with pytest.raises(RecordError, match="no text field: none of body, text, content, article"):
        doc({"headline": "T", "teaser": "x"})


def test_an_unknown_language_code_is_detected_instead_with_a_note() -> None:
    assert doc({"body": "B", "lang": "en-US"}).lang == "en"
    d = doc({"body": "B", "language": "Klingon"})
    assert d.lang is None and d.notes == ("language not known, detected instead: 'Klingon'",)


@pytest.mark.parametrize(("url", "host"), [("https://www.dantri.com.vn/a.htm", "dantri.com.vn"),
                                           ("HTTP://Example.ORG", "example.org"), ("ftp://x.org", None), (None, None)])
def test_the_host_of_a_url(url: str | None, host: str | None) -> None:
    assert url_host(url) == host


@pytest.mark.parametrize("value", [
    1730863800, 1730863800000, 1730863800.25, "1730863800", {"$date": "2024-11-06T03:30:00Z"},
    {"$date": {"$numberLong": "1730863800000"}},
])
def test_a_date_as_unix_time_or_a_mongodb_export_is_read_and_the_record_kept(value: object) -> None:
    d = doc({"title": "T", "body": "B", "date": value})
    assert (d.date, d.published) == ("2024-11-06", "2024-11-06T03:30:00+00:00")


def test_html_in_a_records_text_is_removed_words_and_paragraphs_kept() -> None:
    d = doc({"title": "Hun Manet &#8211; visite &amp; accords",
             "body": "<p>La r&eacute;union a eu lieu &agrave; <b>Hanoï</b>.</p><script>track('x')</script>"
                     "<!-- ad --><p>Les deux pays<br/>ont sign&eacute; <a href='/x'>trois accords</a>.</p>"})
    assert d.title == "Hun Manet – visite & accords"
    assert d.body == "La réunion a eu lieu à Hanoï.\nLes deux pays\nont signé trois accords."
    assert "HTML markup removed from the text" in d.notes


def test_wordpress_rendered_objects_are_read() -> None:
    d = doc({"id": 11, "title": {"rendered": "Visite &#8211; Phnom Penh"},
             "content": {"rendered": "<p>Premier paragraphe.</p>\n<p>Second.</p>", "protected": False}})
    assert (d.id, d.title, d.body) == ("11", "Visite – Phnom Penh", "Premier paragraphe.\nSecond.")


@pytest.mark.parametrize("text", ["Profits at AT&T rose; a < b and b > c.", "The <Hun Sen> era, R&D spending"])
def test_text_that_only_looks_like_markup_is_kept(text: str) -> None:
    assert doc({"body": text}).body == text


def test_a_web_pages_extracted_text_is_not_read_as_markup_again() -> None:
    text = "The <p> tag starts a paragraph; &amp; writes an ampersand."
    assert doc({"body": text}, markup=False).body == text


@pytest.mark.parametrize("names", [
    ("titre", "texte", "date_publication", "langue"),  # French
    ("título", "contenido", "fecha", "idioma"),  # Spanish
    ("judul", "isi", "tanggal", "bahasa"),  # Indonesian
    ("Tiêu đề", "Nội dung", "Ngày đăng", "Ngôn ngữ"),  # Vietnamese
    tuple(unicodedata.normalize("NFD", n) for n in ("Tiêu đề", "Nội dung", "Ngày", "ngôn ngữ")),  # decomposed
    ("Заголовок", "Текст", "Дата", "Язык"),  # Russian
])
def test_the_column_names_of_the_indexed_languages_newsrooms_are_recognised(names: tuple[str, ...]) -> None:
    d = doc(dict(zip(names, ("T", "B", "2024-11-06", "fr"), strict=True)))
    assert (d.title, d.body, d.date, d.lang) == ("T", "B", "2024-11-06", "fr")
