from __future__ import annotations

import pytest

from search.ingest.boilerplate import strip_boilerplate
from search.lang.table import data_table

from ..conftest import SEEDS

ARTICLE = "Le ministre a reçu son homologue.\n\nLes deux parties ont convenu de renforcer la coopération."


def test_indonesian_seed_loses_its_source_and_comment_counter_lines() -> None:
    body = (SEEDS / "004_9f476f2407ec2705.txt").read_text(encoding="utf-8")
    cleaned, removed = strip_boilerplate(body)
    assert removed == ["Sumber", "Komentar (0)"]
    assert cleaned.endswith("waktu yang sesuai akan diatur melalui jalur diplomatik.")
    assert all(line.strip() not in ("Sumber", "Komentar (0)") for line in cleaned.split("\n"))


def test_french_seed_has_no_boilerplate_and_is_left_alone() -> None:
    body = (SEEDS / "000_64ee10f01e38a171.txt").read_text(encoding="utf-8").rstrip()
    assert strip_boilerplate(body) == (body, [])


@pytest.mark.parametrize(
    "tail",
    [
        ["Sumber"],
        ["Sumber: VNA"],
        ["Komentar (12)"],
        ["Baca juga: Presiden resmikan jalan tol baru"],
        ["Nguồn"],
        ["Nguồn: TTXVN"],
        ["Bình luận (0)"],
        ["Xem thêm: Thủ tướng tiếp Đại sứ Nhật Bản"],
        ["Theo Reuters"],
        ["Source"],
        ["Commentaires (3)"],
        ["Partager"],
        ["Tags: Vietnam, Cambodge, diplomatie"],
        ["Share", "Tweet", "Email"],
        ["Facebook | Twitter | Email"],
        ["Read more: Leaders meet in Kunming"],
        ["Fuente: EFE"],
        ["Compartir"],
        ["Источник: ТАСС"],
        ["Поделиться"],
        ["来源：新华社"],
        ["（责任编辑：王明）"],
        ["ប្រភព៖ Fresh News"],
        ["ที่มา: ไทยรัฐ"],
        ["ແບ່ງປັນ"],
        ["(0)"],
        ["***"],
    ],
)
def test_trailing_boilerplate_lines_are_removed_in_every_language(tail: list[str]) -> None:
    cleaned, removed = strip_boilerplate(ARTICLE + "\n" + "\n".join(tail))
    assert cleaned == ARTICLE
    assert removed == tail


def test_runs_of_empty_lines_and_spaces_go_with_the_boilerplate_but_are_not_listed() -> None:
    body = ARTICLE + "\n\n\n  \nSumber\n\u200b\n\n\nKomentar (0)\n\n"
    assert strip_boilerplate(body) == (ARTICLE, ["Sumber", "Komentar (0)"])


def test_trailing_empty_lines_alone_are_trimmed() -> None:
    assert strip_boilerplate(ARTICLE + "\n\n\n") == (ARTICLE, [])


def test_a_sentence_that_mentions_sumber_stays() -> None:
    body = "Menteri tiba di Jakarta.\nSumber air bersih di desa itu akan diperbaiki tahun depan."
    assert strip_boilerplate(body) == (body, [])


def test_a_boilerplate_word_in_the_middle_of_the_article_stays() -> None:
    body = "Premier paragraphe.\nSource\nDernier paragraphe, qui est du vrai texte."
    assert strip_boilerplate(body) == (body, [])


def test_boilerplate_before_the_last_real_line_is_not_touched() -> None:
    body = ARTICLE + "\nSumber\nKalimat terakhir artikel ini adalah teks asli."
    assert strip_boilerplate(body) == (body, [])


def test_a_related_articles_heading_takes_its_list_of_titles_with_it() -> None:
    related = ["Tin liên quan", "Thủ tướng tiếp Đại sứ Nhật Bản", "Việt Nam và Campuchia ký thỏa thuận mới"]
    body = ARTICLE + "\n" + "\n".join(related) + "\nBình luận (0)"
    assert strip_boilerplate(body) == (ARTICLE, related + ["Bình luận (0)"])


def test_a_related_heading_followed_by_a_long_paragraph_is_real_text() -> None:
    paragraph = "Les deux parties ont convenu " + "de renforcer la coopération " * 8 + "entre les deux pays."
    body = ARTICLE + "\nVoir aussi\n" + paragraph
    assert strip_boilerplate(body) == (body, [])


def test_an_article_that_is_only_boilerplate_is_returned_unchanged() -> None:
    assert strip_boilerplate("Sumber\nKomentar (0)") == ("Sumber\nKomentar (0)", [])


def test_the_data_file_covers_the_required_languages() -> None:
    data = data_table("boilerplate")
    assert {"vi", "fr", "id", "en", "km", "lo", "th", "zh", "es", "ru"} <= set(data)
    assert all(table.get("lines") for table in data.values())


@pytest.mark.parametrize(("tail", "credit"), [
    (["Theo RT"], "RT"),
    (["Theo Reuters", "Bình luận (0)"], "Reuters"),
    (["Sumber: Antara", "Komentar (0)"], "Antara"),
    (["(VNA)"], "VNA"),
    (["Nguồn: TTXVN"], "TTXVN"),
    (["Source : AFP"], "AFP"),
    (["Fuente: EFE"], "EFE"),
    (["来源：新华社"], "新华社"),
    (["ប្រភព៖ Fresh News"], "Fresh News"),
    (["Sumber", "Komentar (0)"], None),  # a bare "Sumber" names no source
    (["Partager"], None),
])
def test_a_wire_credit_is_cut_from_the_text_and_its_source_kept(tail: list[str], credit: str | None) -> None:
    from search.ingest.boilerplate import wire_credit

    cleaned, removed = strip_boilerplate(ARTICLE + "\n" + "\n".join(tail))
    assert cleaned == ARTICLE
    assert wire_credit(removed, cleaned) == credit


def test_a_credit_at_the_end_of_the_last_paragraph_is_read_and_left_in_place() -> None:
    from search.ingest.boilerplate import wire_credit

    text = "Hai bên nhất trí tăng cường hợp tác. (TTXVN)"
    assert strip_boilerplate(text) == (text, [])
    assert wire_credit([], text) == "TTXVN"
    assert wire_credit([], "Le sommet s'est tenu (9 novembre 1953 - 9 novembre 2024)") is None


def test_the_credit_becomes_the_source_only_when_the_record_names_none() -> None:
    from search.ingest.enrich import enrich
    from search.records import Document

    doc = Document(id="a", path="a.txt", title="Tin", body="Hai bên nhất trí tăng cường hợp tác kinh tế.\nTheo RT",
                   url="https://dantri.com.vn/the-gioi/a.htm")
    article = enrich(doc)
    assert (article.doc.source, article.doc.body) == ("RT", "Hai bên nhất trí tăng cường hợp tác kinh tế.")
    assert "wire credit kept as the source: RT" in article.doc.notes
    assert enrich(doc.with_(source="Dân trí")).doc.source == "Dân trí"
    assert enrich(doc.with_(body="Hai bên nhất trí tăng cường hợp tác kinh tế.")).doc.source == "dantri.com.vn"
