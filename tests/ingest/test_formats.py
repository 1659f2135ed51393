"""Every input format, read into Documents: what is an article, its fields, and what is reported and skipped."""

from __future__ import annotations

import gzip
import io
import json
import unicodedata
import zlib
from pathlib import Path

import pytest

from search.errors import ParseError
from search.ingest.parse import parse_file
from search.records import Document

ZWSP = "\u200b"


def items(path: Path, **kwargs: object) -> tuple[list[Document], list[ParseError]]:
    out = list(parse_file(path, **kwargs))  # type: ignore[arg-type]
    return [d for d in out if isinstance(d, Document)], [e for e in out if isinstance(e, ParseError)]


def reason(path: Path) -> str:
    with pytest.raises(ParseError) as info:
        list(parse_file(path))
    return info.value.reason


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def page(body: str, head: str = "", furniture: bool = True) -> str:
    """An article page as sites serve them: navigation, share buttons, related links and a footer around it."""
    nav = ('<nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/sport">Sport</a></nav>'
           '<div class="share"><a href="#">Partager sur Facebook</a> <a href="#">Envoyer par courriel</a></div>'
           if furniture else "")
    after = ('<aside class="related"><h3>Articles liés</h3><ul><li><a href="/x">Le Laos inaugure un pont</a></li>'
             '<li><a href="/y">Récolte de poivre record</a></li></ul></aside>'
             '<footer><p>© 2024 Le Courrier — 12 rue des Lilas. Tous droits réservés.</p></footer>'
             if furniture else "")
    return (f'<!doctype html><html><head><meta charset="utf-8">{head}</head><body>{nav}'
            f"<article>{body}</article>{after}</body></html>")


ARTICLE_PARAGRAPHS = (
    "<h1>Hanoï et Phnom Penh renforcent leur coopération</h1>"
    "<p>Le Premier ministre cambodgien a reçu jeudi une délégation vietnamienne pour parler de la coopération "
    "frontalière, du commerce du riz et des échanges de mangoustans entre les deux provinces voisines.</p>"
    "<p>Les deux parties ont convenu d'ouvrir trois nouveaux postes-frontières d'ici 2026, selon le communiqué "
    "publié après la rencontre, et de former ensemble les enseignants des écoles frontalières.</p>"
)
HEAD = ('<title>Hanoï et Phnom Penh renforcent leur coopération - Le Courrier</title>'
        '<link rel="canonical" href="https://courrier.example/monde/hanoi-phnom-penh">'
        '<meta property="og:site_name" content="Le Courrier du Mékong">'
        '<meta property="og:title" content="Hanoï et Phnom Penh renforcent leur coopération">'
        '<meta property="article:published_time" content="2024-12-06T10:30:00+07:00">'
        '<meta name="author" content="Thanh Hà">')


# --- HTML --------------------------------------------------------------------------------------------------
def test_a_saved_page_gives_its_main_text_and_the_metadata_it_declares(tmp_path: Path) -> None:
    docs, errors = items(write(tmp_path / "a.html", page(ARTICLE_PARAGRAPHS, HEAD)))
    assert errors == [] and len(docs) == 1
    doc = docs[0]
    assert doc.title == "Hanoï et Phnom Penh renforcent leur coopération"
    assert (doc.date, doc.published) == ("2024-12-06", "2024-12-06T10:30:00+07:00")
    assert (doc.url, doc.source, doc.author) == ("https://courrier.example/monde/hanoi-phnom-penh",
                                                 "Le Courrier du Mékong", "Thanh Hà")
    assert doc.body.startswith("Le Premier ministre cambodgien")  # the repeated headline is not the text
    for furniture in ("Accueil", "Partager", "Articles liés", "pont", "droits réservés", "Lilas"):
        assert furniture not in doc.body


@pytest.mark.parametrize(("declared", "date"), [
    ("06/12/2024 10:30", "2024-12-06"),  # day first, as the page's language (French) writes it
    ("1733455800", "2024-12-06"),  # Unix time
    ("6 décembre 2024", "2024-12-06"),
    ("ngày 6 tháng 12 năm 2024", "2024-12-06"),
])
def test_a_declared_publication_date_not_in_iso_form_is_read_and_beats_a_date_in_the_text(
        tmp_path: Path, declared: str, date: str) -> None:
    # the library found no date in such a declaration, or took one from the text ("tháng 9/2019")
    text = ARTICLE_PARAGRAPHS.replace("<p>Le Premier", "<p>Depuis le 09/2019 (tháng 9/2019), le Premier", 1)
    head = HEAD.replace("2024-12-06T10:30:00+07:00", declared)
    docs, errors = items(write(tmp_path / "a.html", page(text, head).replace("<html>", '<html lang="fr">', 1)))
    from search.ingest.enrich import enrich

    assert (errors, enrich(docs[0]).doc.date) == ([], date)


@pytest.mark.parametrize("dateline", ["6 décembre 2024", "2024-12-06T10:30:00+07:00", "06/12/2024"])
def test_a_news_brief_keeps_its_paragraphs_without_the_headline_and_dateline(tmp_path: Path, dateline: str) -> None:
    # Under 250 characters trafilatura fell back to the page's bare text: the paragraphs on one line, with the
    # headline and the dateline in front of them
    paragraphs = ["Le Premier ministre s'est rendu à Phnom Penh pour parler du commerce du riz.",
                  "Trois accords ont été signés à l'issue de la rencontre."]
    body = (f"<h1>Hanoï et Phnom Penh renforcent leur coopération</h1><time>{dateline}</time>"
            + "".join(f"<p>{p}</p>" for p in paragraphs))
    html = page(body, HEAD).replace("<html>", '<html lang="fr">', 1)
    doc = items(write(tmp_path / "a.html", html))[0][0]
    assert (doc.title, doc.body) == ("Hanoï et Phnom Penh renforcent leur coopération", "\n".join(paragraphs))


def test_scripts_and_event_handlers_never_reach_the_text(tmp_path: Path) -> None:
    body = ('<script>document.write("injected-script-text")</script><style>.x{color:red}</style>'
            + ARTICLE_PARAGRAPHS.replace("<p>", '<p onclick="steal()">', 1)
            + '<p><img src=x onerror="alert(1)">Une dernière phrase assez longue pour être gardée dans le texte.</p>')
    doc = items(write(tmp_path / "a.html", page(body, HEAD)))[0][0]
    for hostile in ("injected-script-text", "steal", "onerror", "alert", "<", "color:red"):
        assert hostile not in doc.body and hostile not in doc.title


@pytest.mark.parametrize("html", [
    "<html><body><nav><a href='/'>Home</a></nav></body></html>",
    "<html><body><nav>Home | About</nav></body></html>",  # a menu without links is a menu too
    "<html><body><div role='navigation'>Accueil Monde Sport</div><footer>Contact</footer></body></html>",
])
def test_a_page_without_article_text_is_reported(tmp_path: Path, html: str) -> None:
    assert reason(write(tmp_path / "empty.html", html)).startswith("no article text found in the page")


def test_khmer_word_breaks_survive_extraction(tmp_path: Path) -> None:
    text = f"សម្តេច{ZWSP}ហ៊ុន{ZWSP}ម៉ាណែត{ZWSP}បាន{ZWSP}ជួប{ZWSP}នាយក{ZWSP}រដ្ឋមន្ត្រី{ZWSP}វៀតណាម ។ " * 12
    author = "លី ម៉ារីណា"
    html = page(f"<h1>ព័ត៌មាន{ZWSP}ថ្មី</h1><p>{text}</p>", f'<meta name="author" content="{author}">',
                furniture=False)
    doc = items(write(tmp_path / "km.html", html))[0][0]
    assert text.strip() in doc.body  # every U+200B kept
    assert doc.title == f"ព័ត៌មាន{ZWSP}ថ្មី"
    assert doc.author == author  # its last vowel sign kept


def test_a_page_in_a_legacy_encoding_is_decoded_by_its_declaration(tmp_path: Path) -> None:
    html = page(ARTICLE_PARAGRAPHS, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
                furniture=False).replace('<meta charset="utf-8">', "")
    doc = items(write(tmp_path / "a.htm", html.encode("cp1252")))[0][0]
    assert "délégation vietnamienne" in doc.body and doc.notes == ()


def test_a_page_written_in_utf8_that_declares_a_legacy_encoding_is_read_as_utf8_with_a_note(tmp_path: Path) -> None:
    html = page(ARTICLE_PARAGRAPHS, '<meta charset="iso-8859-1">', furniture=False).replace(
        '<meta charset="utf-8">', "")
    doc = items(write(tmp_path / "a.htm", html.encode("utf-8")))[0][0]
    assert "délégation vietnamienne" in doc.body and "Ã" not in doc.body
    assert doc.notes == ("declared iso-8859-1 but written in UTF-8: read as UTF-8",)
    # the same page in Latin-1, as declared: read as declared, no note
    doc = items(write(tmp_path / "b.htm", html.encode("latin-1", "replace")))[0][0]
    assert "délégation vietnamienne" in doc.body and doc.notes == ()


# --- JSON, JSON Lines, CSV ---------------------------------------------------------------------------------
SCRAPED = {"headline": "Kerja sama pertahanan diperkuat",
           "text": "Indonesia dan Vietnam sepakat memperkuat kerja sama pertahanan di laut.",
           "published": "2024-11-06T09:00:00+07:00", "link": "https://antara.example/berita/1",
           "publisher": {"@type": "Organization", "name": "Antara"}, "author": [{"name": "Ani"}, {"name": "Budi"}],
           "articleSection": "Politik", "keywords": "pertahanan, ASEAN", "inLanguage": "id-ID"}


def test_scraper_style_field_names_are_recognised(tmp_path: Path) -> None:
    doc = items(write(tmp_path / "a.json", json.dumps([SCRAPED])))[0][0]
    assert (doc.title, doc.date, doc.published) == ("Kerja sama pertahanan diperkuat", "2024-11-06",
                                                    "2024-11-06T09:00:00+07:00")
    assert (doc.url, doc.source, doc.author, doc.section, doc.tags, doc.lang) == (
        "https://antara.example/berita/1", "Antara", "Ani, Budi", "Politik", ("pertahanan", "ASEAN"), "id")
    assert doc.id.startswith("antara.example-")  # no id in the record: one made from its URL
    assert doc.record == 1


@pytest.mark.parametrize("data, count", [
    ([SCRAPED, {**SCRAPED, "link": "https://antara.example/berita/2"}], 2),
    ({"articles": [SCRAPED], "count": 1}, 1),
    (SCRAPED, 1),
])
def test_a_json_file_holds_an_array_a_list_under_a_key_or_one_article(tmp_path: Path, data: object,
                                                                      count: int) -> None:
    docs, errors = items(write(tmp_path / "a.json", json.dumps(data)))
    assert (len(docs), errors) == (count, [])


SECOND = {**SCRAPED, "link": "https://antara.example/berita/2"}


@pytest.mark.parametrize("data", [
    {"hits": {"total": {"value": 2}, "hits": [{"_id": "a", "_source": SCRAPED}, {"_id": "b", "_source": SECOND}]}},
    {"data": {"articles": {"edges": [{"cursor": "1", "node": SCRAPED}, {"cursor": "2", "node": SECOND}]}}},
    {"data": {"articles": [SCRAPED, SECOND]}},
    {"articles": [SCRAPED, SECOND], "authors": [{"name": "Ani"}, {"name": "Budi"}]},
    {"featured": [SCRAPED], "latest": [SECOND]},
])
def test_a_list_of_articles_nested_in_an_export_is_found(tmp_path: Path, data: object) -> None:
    # an Elasticsearch/OpenSearch dump, GraphQL answers, a list of articles beside another list
    docs, errors = items(write(tmp_path / "a.json", json.dumps(data)))
    assert ([d.title for d in docs], [d.url for d in docs], errors) == (
        [SCRAPED["headline"]] * 2, ["https://antara.example/berita/1", "https://antara.example/berita/2"], [])


def test_an_elasticdump_line_is_read_from_its_source_with_its_id(tmp_path: Path) -> None:
    lines = [json.dumps({"_index": "news", "_id": f"n{i}", "_source": SCRAPED}) for i in (1, 2)]
    docs, errors = items(write(tmp_path / "a.jsonl", "\n".join(lines)))
    assert ([d.id for d in docs], errors) == (["n1", "n2"], [])


@pytest.mark.parametrize("data", ['"just a string"', "42", "null"])
def test_a_json_file_that_is_not_an_array_or_object_is_reported(tmp_path: Path, data: str) -> None:
    assert reason(write(tmp_path / "a.json", data)).startswith("a JSON file must hold an array of articles or an "
                                                               "object")


def test_a_record_with_a_wrong_type_in_a_field_is_skipped_with_its_number_and_the_field(tmp_path: Path) -> None:
    data = [SCRAPED, {**SCRAPED, "headline": {"main": "x"}}, {**SCRAPED, "text": 12}, {**SCRAPED, "keywords": 3}]
    docs, errors = items(write(tmp_path / "a.json", json.dumps(data)))
    assert len(docs) == 1
    assert [(e.record, e.reason) for e in errors] == [
        (2, "field 'headline' is an object, not text"),
        (3, "field 'text' is a number, not text"),
        (4, "field 'keywords' is a number, not text or a list of text"),
    ]


def test_the_field_option_names_a_field_the_known_names_miss(tmp_path: Path) -> None:
    from search.ingest.fields import FieldMap

    path = write(tmp_path / "a.jsonl", json.dumps({"story": "Un texte.", "hed": "Un titre", "when": "06/11/2024"}))
    assert items(path)[1][0].reason.startswith("no text field")
    doc = items(path, fields=FieldMap.parse(["body=story", "title=hed", "date=when"]))[0][0]
    assert (doc.body, doc.title, doc.date_raw) == ("Un texte.", "Un titre", "06/11/2024")


def test_csv_rows_are_articles_named_by_their_line(tmp_path: Path) -> None:
    csv_text = ('headline,content,pubDate,link,outlet\r\n'
                '"Giá lúa tăng","Nông dân vui mừng.\r\nThương lái thu mua.",2024-11-06,https://vnx.example/a,VnExpress\r\n'
                '"Không có nội dung","",2024-11-07,https://vnx.example/b,VnExpress\r\n'
                '"Mưa lớn","Mưa lớn ở Hà Nội.",2024-11-08,https://vnx.example/c,VnExpress\r\n')
    docs, errors = items(write(tmp_path / "a.csv", csv_text))
    assert [(d.title, d.line, d.source) for d in docs] == [("Giá lúa tăng", 2, "VnExpress"),
                                                          ("Mưa lớn", 5, "VnExpress")]
    assert docs[0].body == "Nông dân vui mừng.\nThương lái thu mua."
    assert [(e.line, e.reason) for e in errors] == [(4, "empty text (field 'content')")]


def test_a_csv_without_a_text_column_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "headline;date\nUn titre;2024-11-06\n")
    assert reason(path).startswith("no text column in the header row ('headline', 'date')")


# --- Markdown, text with a metadata block ------------------------------------------------------------------
def test_markdown_with_yaml_front_matter_keeps_values_as_text_and_loses_its_markup(tmp_path: Path) -> None:
    md = ("\ufeff---\r\ntitle: No\r\nid: 0123\r\ndate: 2024-04-14\r\ntags:\r\n  - tourism\r\n  - Cambodia\r\n"
          "url: https://khmertimes.example/t\r\n---\r\n\r\nVisitors to **Siem Reap** rose by a [third](https://x.example)."
          "\r\n\r\n![a photo](p.jpg)\r\n")
    doc = items(write(tmp_path / "a.md", md))[0][0]
    assert (doc.id, doc.title, doc.date, doc.tags) == ("0123", "No", "2024-04-14", ("tourism", "Cambodia"))
    assert doc.body == "Visitors to Siem Reap rose by a third.\n\na photo"


def test_html_in_markdown_loses_scripts_styles_embeds_comments_and_entities(tmp_path: Path) -> None:
    text = ("---\ntitle: Visite\n---\n\nLa r&eacute;union a eu lieu &agrave; Hano&iuml;.\n\n"
            '<script>\nvar tracking = "secret-script-text";\n</script>\n\n<style>.x{color:red}</style>\n\n'
            '<div class="embed"><iframe src="x">iframe-text</iframe></div>\n\n<!-- a hidden\ncomment -->\n\n'
            "```\ncode kept\n```\n\nDeuxième paragraphe.\n")
    doc = items(write(tmp_path / "a.md", text))[0][0]
    assert doc.body == "La réunion a eu lieu à Hanoï.\n\ncode kept\n\nDeuxième paragraphe."


def test_markdown_with_toml_front_matter_and_a_heading_for_title(tmp_path: Path) -> None:
    md = '+++\ndate = 2024-04-14T08:00:00+07:00\nsource = "Khmer Times"\n+++\n# Tourism grows\n\nText here.\n'
    doc = items(write(tmp_path / "a.md", md))[0][0]
    assert (doc.title, doc.date, doc.published, doc.source, doc.body) == (
        "Tourism grows", "2024-04-14", "2024-04-14T08:00:00+07:00", "Khmer Times", "Text here.")


def test_broken_front_matter_is_a_note_and_the_text_is_kept(tmp_path: Path) -> None:
    doc = items(write(tmp_path / "a.md", "---\ntitle: &anchor x\n---\nText.\n"))[0][0]
    assert doc.body == "Text." and doc.notes[0].startswith("front matter not understood, ignored")


def test_a_text_file_with_a_metadata_block_gives_id_url_date_and_title(tmp_path: Path) -> None:
    text = ("# doc_id = news_business_001\n# url = https://dantri.com.vn/kinh-doanh/a.htm\n# date = 20201001\n"
            "Vinamilk lọt Top 1.000 thương hiệu\nNăm 2020, Vinamilk dẫn đầu.\nĐoạn thứ hai.\n")
    doc = items(write(tmp_path / "x.txt", text))[0][0]
    assert (doc.id, doc.url, doc.date, doc.title) == ("news_business_001", "https://dantri.com.vn/kinh-doanh/a.htm",
                                                       "2020-10-01", "Vinamilk lọt Top 1.000 thương hiệu")
    assert doc.body == "Năm 2020, Vinamilk dẫn đầu.\nĐoạn thứ hai." and not doc.title_derived


# --- WARC and gzip -----------------------------------------------------------------------------------------
def warc(records: list[tuple[str, str, bytes, str]], gz: bool = True) -> bytes:
    """A crawl: (kind, url, body, content type) per record, written by warcio as a crawler would."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for kind, url, body, ctype in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        if kind == "request":
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(body)))
        else:
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    return out.getvalue()


def cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: letters with circumflex, breve or horn whole, tones combining."""
    out = ""
    for ch in unicodedata.normalize("NFC", text):
        base, *marks = unicodedata.normalize("NFD", ch)
        whole = "".join(m for m in marks if m in "\u0302\u0306\u031b")
        out += unicodedata.normalize("NFC", base + whole) + "".join(m for m in marks if m not in whole)
    return out.encode("cp1258")


def test_every_html_response_of_a_crawl_is_an_article_with_the_records_url(tmp_path: Path) -> None:
    vi = cp1258("<html><body><article><h1>Mưa lớn ở Hà Nội</h1>" + "<p>Mưa lớn kéo dài khiến nhiều tuyến phố "
                "ở Hà Nội ngập sâu, giao thông ùn tắc nghiêm trọng.</p>" * 4 + "</article></body></html>")
    data = warc([("request", "https://a.example/1", b"GET / HTTP/1.1\r\n\r\n", ""),
                 ("response", "https://a.example/1", page(ARTICLE_PARAGRAPHS, HEAD).encode(),
                  "text/html; charset=utf-8"),
                 ("response", "https://a.example/logo.png", b"\x89PNG....", "image/png"),
                 ("response", "https://b.example/mua", vi, "text/html; charset=windows-1258")])
    docs, errors = items(write(tmp_path / "crawl.warc.gz", data))
    assert errors == []
    assert [(d.url, d.record) for d in docs] == [("https://a.example/1", 2), ("https://b.example/mua", 4)]
    assert "ngập sâu" in docs[1].body and docs[1].title == "Mưa lớn ở Hà Nội"


def test_a_crawl_without_html_pages_is_reported(tmp_path: Path) -> None:
    data = warc([("response", "https://a.example/logo.png", b"\x89PNG....", "image/png")], gz=False)
    assert reason(write(tmp_path / "c.warc", data)) == "no HTML page in this WARC (1 image/png)"


def test_a_truncated_crawl_keeps_its_whole_records_and_reports_the_cut_one(tmp_path: Path) -> None:
    import random

    rnd = random.Random(7)

    def body(i: int) -> bytes:
        words = " ".join(f"mot{rnd.randrange(10**6)}" for _ in range(400))
        return page(f"<h1>Titre {i}</h1><p>{words}</p>", furniture=False).encode()

    data = warc([("response", f"https://a.example/{i}", body(i), "text/html") for i in range(3)])
    docs, errors = items(write(tmp_path / "c.warc.gz", data[:-1500]))
    assert [d.record for d in docs] == [1, 2]
    assert len(errors) == 1 and errors[0].record == 3 and "cut short" in errors[0].reason


def test_a_file_that_is_not_a_warc_is_reported(tmp_path: Path) -> None:
    assert reason(write(tmp_path / "c.warc", "hello, I am text")).startswith("not a")


def test_a_warc_record_that_breaks_the_warc_reader_is_reported_not_raised(tmp_path: Path) -> None:
    # A response record without WARC-Target-URI: warcio itself fails on it (AttributeError)
    broken = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<html>short"
    assert reason(write(tmp_path / "a.warc", broken)).startswith("not a readable WARC file: malformed record")
    good = warc([("response", "https://a.example/1", page("<h1>Titre</h1><p>Un article.</p>").encode(), "text/html")],
                gz=False)
    docs, errors = items(write(tmp_path / "b.warc", good + broken))
    assert [d.record for d in docs] == [1]
    assert len(errors) == 1 and errors[0].record == 2 and "malformed record" in errors[0].reason


def test_any_format_can_be_gzipped(tmp_path: Path) -> None:
    line = json.dumps({"id": "g1", "body": "Compressed text."})
    docs, _ = items(write(tmp_path / "a.jsonl.gz", gzip.compress(line.encode())))
    assert [d.id for d in docs] == ["g1"]
    assert reason(write(tmp_path / "b.json.gz", b"not gzip")).startswith("not a readable gzip file")


def test_a_csv_that_doubles_its_quotes_as_rfc_4180_says_keeps_every_row(tmp_path: Path) -> None:
    """Python's csv.Sniffer guesses from the first 8 KB that quotes are not doubled when none are there yet;
    the rows after, with "" inside a cell, then broke into many. Quoting is RFC 4180's whatever it guesses."""
    import csv as csv_module

    rows = [["title", "date", "body"]]
    rows += [[f"Tiêu đề {i}", "2021-04-24", f"Đoạn một, có dấu phẩy {i}. " * 20 + "\nĐoạn hai."] for i in range(40)]
    rows += [[f'Tiêu đề "{i}"', "2021-04-25", f'Câu có "trích dẫn", dấu phẩy {i}.\nDòng hai "nữa".'] for i in range(40)]
    buffer = io.StringIO()
    csv_module.writer(buffer).writerows(rows)
    docs, errors = items(write(tmp_path / "rows.csv", buffer.getvalue()))
    assert (len(docs), errors) == (80, [])
    assert docs[-1].title == 'Tiêu đề "39"' and 'có "trích dẫn"' in docs[-1].body


@pytest.mark.parametrize("delimiter", ["\t", ";", "|", ","])
def test_the_csv_delimiter_is_the_one_that_names_the_text_column_whatever_the_first_long_row(
        tmp_path: Path, delimiter: str) -> None:
    # A first article longer than the sniffer's sample, with commas, quotes and line breaks: csv.Sniffer said
    # "," for a tab-, semicolon- or pipe-separated export, and the whole file was skipped ("no text column").
    import csv
    import io

    para = 'Theo lãnh đạo tỉnh, "điểm nóng" về giá tôm, cá đã hạ nhiệt; người dân (hơn 30 hộ) cho biết: sẽ tiếp tục.'
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(["Title", "Content", "pubDate"])
    writer.writerow(["Tiêu đề, số 1", "\n".join([para] * 90), "2021-04-21"])
    writer.writerow(["Tiêu đề, số 2", para, "2021-04-22"])
    docs, errors = items(write(tmp_path / "a.csv", buf.getvalue()))
    assert ([(d.title, d.date) for d in docs], errors) == (
        [("Tiêu đề, số 1", "2021-04-21"), ("Tiêu đề, số 2", "2021-04-22")], [])


@pytest.mark.parametrize("ending", ["\n", "", "\r\n"])
def test_a_csv_quote_never_closed_is_reported_not_read_to_the_end_of_the_file_as_one_cell(
        tmp_path: Path, ending: str) -> None:
    """An opening quote never closed (a cell cut by an export, a stray ``"``) made the rest of the file one cell:
    the rows after it were lost without a word, the row indexed with them as its text."""
    text = ('id,text\n1,"Hun Manet met ""the press"" in Phnom Penh.\nOn two lines."\n2,"Bui Thanh Son\n'
            "3,To Lam spoke.\n4,Luong Cuong spoke." + ending)
    docs, errors = items(write(tmp_path / "a.csv", text))
    assert [d.id for d in docs] == ["1"]
    assert [(e.line, e.reason) for e in errors] == [
        (4, "a quoted cell is never closed: its quote opens the rest of the file (3 lines) as one cell; "
            'close it with " or remove it')]
    closed = text.replace("Son\n", 'Son"\n')  # a last row on several lines, closed: read
    assert [d.id for d in items(write(tmp_path / "b.csv", closed))[0]] == ["1", "2", "3", "4"]


@pytest.mark.parametrize(("name", "text", "places"), [
    ("a.json", "\n".join(json.dumps({**SCRAPED, "link": f"https://a.example/{i}"}) for i in range(3)), [1, 2, 3]),
    ("a.jsonl", "\n".join(json.dumps({**SCRAPED, "link": f"https://a.example/{i}"}, indent=2) for i in range(3)),
     [1, 22, 43]),  # the line each object starts on
    ("a.jsonl", json.dumps([{**SCRAPED, "link": f"https://a.example/{i}"} for i in range(3)], indent=2), [1, 2, 3]),
])
def test_json_lines_named_json_and_pretty_printed_json_named_jsonl_are_read(
        tmp_path: Path, name: str, text: str, places: list[int]) -> None:
    # what exports name them: every record was lost ("invalid JSON (Extra data...)", or one error per line)
    docs, errors = items(write(tmp_path / name, text))
    assert ([d.line or d.record for d in docs], errors) == (places, [])
    assert [d.url for d in docs] == [f"https://a.example/{i}" for i in range(3)]


def test_a_jsonl_file_with_a_bad_first_line_still_keeps_its_good_lines(tmp_path: Path) -> None:
    text = "{broken\n" + "\n".join(json.dumps({**SCRAPED, "link": f"https://a.example/{i}"}) for i in range(2))
    docs, errors = items(write(tmp_path / "a.jsonl", text))
    assert ([d.line for d in docs], [e.line for e in errors]) == ([2, 3], [1])


def test_excels_sep_hint_line_above_the_header_is_read(tmp_path: Path) -> None:
    text = ("sep=;\r\ntitre;texte;date\r\nUn;Le commerce du riz, en hausse.;06/11/2024\r\n"
            "Deux;Les mangoustans;07/11/2024\r\n")
    docs, errors = items(write(tmp_path / "a.csv", text))
    assert ([(d.title, d.line) for d in docs], errors) == ([("Un", 3), ("Deux", 4)], [])


def test_what_a_record_lacks_its_metadata_object_gives(tmp_path: Path) -> None:
    record = {"headline": "Le commerce du riz", "body": {"text": "Le commerce du riz progresse."},
              "meta": {"published": "2024-11-06T09:00:00+07:00", "lang": "fr", "url": "https://a.example/1",
                       "title": "SEO title, not the headline"}}
    docs, errors = items(write(tmp_path / "a.jsonl", json.dumps(record)))
    assert errors == []
    assert (docs[0].title, docs[0].body, docs[0].date, docs[0].lang, docs[0].url) == (
        "Le commerce du riz", "Le commerce du riz progresse.", "2024-11-06", "fr", "https://a.example/1")


@pytest.mark.parametrize(("declared", "lang"), [('<html lang="fr">', "fr"), ("<html lang=fr-FR>", "fr"),
                                                ('<html xmlns="http://www.w3.org/1999/xhtml" lang="id">', "id"),
                                                ('<html><meta http-equiv="Content-Language" content="es">', "es")])
def test_a_pages_declared_language_is_its_language(tmp_path: Path, declared: str, lang: str) -> None:
    """A page declaring its language was detected instead (trafilatura reads neither the html element's lang nor
    the content-language meta): an English sentence naming officials is what the page says it is."""
    from search.ingest.enrich import enrich

    body = "".join(f"<p>Hun Sen met Nguyen Xuan Phuc in Phnom Penh on day {i} to discuss trade.</p>" for i in range(5))
    html = page(body, HEAD).replace("<html>", declared, 1)
    docs, errors = items(write(tmp_path / "a.html", html))
    assert (errors, enrich(docs[0]).doc.lang) == ([], lang)


def test_a_page_without_a_declared_language_is_detected(tmp_path: Path) -> None:
    from search.ingest.enrich import enrich

    body = "".join(f"<p>Hun Sen met Nguyen Xuan Phuc in Phnom Penh on day {i} to discuss trade.</p>" for i in range(5))
    docs, _errors = items(write(tmp_path / "a.html", page(body, HEAD)))
    assert enrich(docs[0]).doc.lang == "en"


KHMER_PARAGRAPH = ZWSP.join("រដ្ឋមន្ត្រី ក្រសួង កសិកម្ម លោក វេង សាខុន បាន ថ្លែង ថា ការ នាំចេញ អង្ករ របស់ កម្ពុជា "
                            "បាន កើនឡើង ក្នុង ឆ្នាំ នេះ ។".split())
VIETNAMESE_PARAGRAPH = ("Bộ trưởng Bộ Nông nghiệp cho biết xuất khẩu gạo của Việt Nam tăng mạnh trong năm nay, "
                        "nhờ giá thế giới tăng và các hợp đồng mới với Philippines, Indonesia và châu Phi.")


@pytest.mark.parametrize(("declared", "paragraph", "lang"), [
    ('<html lang="en-US">', KHMER_PARAGRAPH, "km"), ('<html lang="en">', VIETNAMESE_PARAGRAPH, "vi"),
    ('<html lang="fr">', KHMER_PARAGRAPH, "km"), ('<html lang="zh-CN">', VIETNAMESE_PARAGRAPH, "vi"),
    ('<html lang="vi">', VIETNAMESE_PARAGRAPH, "vi"), ('<html lang="km">', KHMER_PARAGRAPH, "km"),
    # Japanese in kanji with no kana is read as Chinese: not a contradiction
    ('<html lang="ja">', "日米首脳会談 経済安全保障 協力強化 合意 東京 共同通信", "ja"),
    # an attribute that is not the page's language
    ('<html data-lang="fr">', VIETNAMESE_PARAGRAPH, "vi"), ('<html data-lang="en" lang="km">', KHMER_PARAGRAPH, "km")])
def test_a_declared_language_its_text_contradicts_is_detected_instead(tmp_path: Path, declared: str, paragraph: str,
                                                                      lang: str) -> None:
    """Site templates declare their default (WordPress: ``lang="en-US"``) on pages in Khmer or Vietnamese: the
    declared language was taken whatever the text, and a Khmer article counted as English in the facet and
    analysed as English. A declaration whose script the text does not write, or a Latin language other than
    Vietnamese on a text dense in Vietnamese's own letters, is noted and the language detected."""
    from search.ingest.enrich import enrich

    html = page("".join(f"<p>{paragraph} {i}</p>" for i in range(5)), HEAD).replace("<html>", declared, 1)
    docs, errors = items(write(tmp_path / "a.html", html))
    assert (errors, enrich(docs[0]).doc.lang) == ([], lang)
    overruled = f' lang="{lang}"' not in declared and "data-lang" not in declared
    assert any(n.startswith("declared language not the text's") for n in docs[0].notes) is overruled, docs[0].notes


def _readable_prefix(data: bytes) -> bytes:
    """What a gzip file cut short still holds, decompressed (zlib reads it as far as it goes)."""
    return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_gzipped_collection_cut_short_keeps_its_whole_lines_and_reports_the_cut(tmp_path: Path, suffix: str) -> None:
    """A download or copy not finished: the whole file was skipped ("not a readable gzip file"), its readable
    records lost with it (0 of 30 random cuts kept one); now every whole line before the cut is read as it was
    written, and the cut line is reported with the rest lost. Only line collections: a cut article or JSON
    document is refused whole, as before."""
    import csv
    import random

    rnd = random.Random(5)
    records = [{"id": f"r{i}", "title": f"Tiêu đề {i}",
                "body": " ".join(f"từ{rnd.randrange(10**6)}" for _ in range(rnd.randrange(20, 200)))}
               for i in range(60)]
    if suffix == ".jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["id", "title", "body"])
        writer.writerows([r["id"], r["title"], r["body"]] for r in records)
        text = buffer.getvalue()
    whole = gzip.compress(text.encode())
    for n in range(30):
        cut = rnd.randrange(len(whole) // 10, len(whole) - 20)
        lines = _readable_prefix(whole[:cut]).decode("utf-8", "ignore").split("\n")[:-1]  # whole lines only
        kept = len(lines) - (suffix == ".csv")  # the header row is no record
        docs, errors = items(write(tmp_path / f"{n}{suffix}.gz", whole[:cut]))
        assert [(d.id, d.body) for d in docs] == [(r["id"], r["body"]) for r in records[:kept]], (n, cut)
        assert len(errors) == 1 and errors[0].line == len(lines) + 1 and "cut short" in errors[0].reason, errors
    assert reason(write(tmp_path / "a.txt.gz", gzip.compress(("Tiêu đề\n\n" + "từ " * 5000).encode())[:-40])) \
        .startswith("not a readable gzip file")


def test_a_gzipped_csv_cut_inside_a_multi_line_cell_reports_the_cut_once_at_its_record(tmp_path: Path) -> None:
    """A news CSV's bodies span lines, so a cut falls inside a quoted cell most of the time: that record was
    reported twice, as "a quoted cell is never closed" (which the file is not) and as the cut two or three lines
    further, whose "the lines before this one are read" was not so. Now once, at the line the record begins."""
    import csv
    import random

    rnd = random.Random(7)
    rows = [[f"r{i}", f"Tiêu đề {i}", "\n".join(" ".join(f"từ{rnd.randrange(10**6)}" for _ in range(30))
                                               for _ in range(4))] for i in range(40)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    ends, starts = [], []  # each row's end in the text, and the line it begins on
    writer.writerow(["id", "title", "body"])
    for row in rows:
        starts.append(buffer.getvalue().count("\n") + 1)
        writer.writerow(row)
        ends.append(len(buffer.getvalue()))
    text = buffer.getvalue()
    whole = gzip.compress(text.encode())
    inside = 0
    for n in range(30):
        cut = rnd.randrange(len(whole) // 10, len(whole) - 20)
        readable = _readable_prefix(whole[:cut]).decode("utf-8", "ignore")
        kept = sum(end <= len(readable) for end in ends)  # the rows read whole
        docs, errors = items(write(tmp_path / f"{n}.csv.gz", whole[:cut]))
        assert [(d.id, d.body) for d in docs] == [(r[0], r[2]) for r in rows[:kept]], (n, cut)
        assert [(e.line, "cut short" in e.reason) for e in errors] == [(starts[kept], True)], (n, cut, errors)
        inside += readable.count("\n") + 1 > starts[kept]
    assert inside > 15  # cuts inside a cell of several lines, the case this is about


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_gzipped_collection_cut_short_in_a_wide_encoding_keeps_its_whole_lines(tmp_path: Path, encoding: str) -> None:
    """A UTF-16 (or UTF-32) collection cut short: its whole lines were cut at the byte 0x0A, half of a UTF-16LE
    new line, and the file refused as "starts with a UTF-16 byte order mark but is not valid UTF-16" (all of 30
    cuts), its readable records lost; the line end is a whole character of its encoding now."""
    import random

    rnd = random.Random(16)
    records = [{"id": f"r{i}", "title": f"Tiêu đề {i}",
                "body": " ".join(f"từ{rnd.randrange(10**6)}" for _ in range(40))} for i in range(40)]
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    whole = gzip.compress(text.encode(encoding))
    for n in range(30):
        cut = rnd.randrange(len(whole) // 10, len(whole) - 20)
        readable = _readable_prefix(whole[:cut]).decode(encoding, "ignore")
        kept = readable.count("\n")
        docs, errors = items(write(tmp_path / f"{n}.jsonl.gz", whole[:cut]))
        assert [(d.id, d.body) for d in docs] == [(r["id"], r["body"]) for r in records[:kept]], (n, cut, errors)
        assert [(e.line, "cut short" in e.reason) for e in errors] == [(kept + 1, True)], (n, cut, errors)


def test_a_gzipped_collection_cut_short_is_read_without_extra_copies(tmp_path: Path) -> None:
    """A collection may be 1 GiB: the cut file's pieces already read were held while it was decompressed again,
    and its whole lines copied twice more: 4.3 times what is kept at the peak, gzip bytes included; 3.0 now (the
    lines decompressed, their copy returned, the gzip bytes and what of them is left to decompress)."""
    import random
    import tracemalloc

    from search.ingest.decode import CutShort, read_bytes

    rnd = random.Random(3)
    text = "".join(json.dumps({"id": f"r{i}", "body": " ".join(f"w{rnd.randrange(5000)}" for _ in range(300))}) + "\n"
                   for i in range(6000))
    data = gzip.compress(text.encode(), compresslevel=1)
    path = write(tmp_path / "a.jsonl.gz", data[: len(data) * 9 // 10])
    del text
    tracemalloc.start()
    try:
        with pytest.raises(CutShort) as info:
            read_bytes(path, 2**30, gz=True, lines=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    kept = len(info.value.kept)
    assert kept > 5 * 2**20 and peak < 3.3 * kept, (peak / kept, kept)
