from __future__ import annotations

import datetime

import pytest

from search.ingest.dates import infer_date, month_names

from ..conftest import SEEDS, shared_data


def seed_body(name: str) -> str:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return text.split("\n", 1)[1] if text.lstrip().startswith("date ") else text


def test_indonesian_seed_takes_day_from_text_and_year_from_the_same_month_written_with_a_year() -> None:
    # "pada sore hari tanggal 6 November" + "(9 November 1953 - 9 November 2024)", no header.
    assert infer_date(seed_body("004_9f476f2407ec2705.txt"), None, "id") == ("2024-11-06", True)


def test_french_seed_refines_the_header_month_with_the_day_from_the_text() -> None:
    # Header "date 2024-12", text "a eu le 12 décembre une conversation".
    assert infer_date(seed_body("000_64ee10f01e38a171.txt"), "2024-12", "fr") == ("2024-12-12", True)


def test_seeds_give_the_same_dates_when_the_language_is_unknown() -> None:
    assert infer_date(seed_body("004_9f476f2407ec2705.txt"), None, None) == ("2024-11-06", True)
    assert infer_date(seed_body("000_64ee10f01e38a171.txt"), "2024-12", None) == ("2024-12-12", True)


@pytest.mark.parametrize(
    ("body", "lang", "expected"),
    [
        ("Le ministre a eu le 12 décembre 2024 une conversation.", "fr", "2024-12-12"),
        ("Il est arrivé le 1er mai 2024 à Hanoï.", "fr", "2024-05-01"),
        ("Le sommet s'est tenu le 6/11/2024 à Kunming.", "fr", "2024-11-06"),
        ("Presiden tiba pada tanggal 6 November 2024 di Jakarta.", "id", "2024-11-06"),
        ("Jakarta (ANTARA) - Menteri tiba pada Rabu (6/11/2024) pagi.", "id", "2024-11-06"),
        ("Sáng ngày 6 tháng 11 năm 2024, Thủ tướng đã có cuộc gặp.", "vi", "2024-11-06"),
        ("Sang ngay 6 thang 11 nam 2024, Thu tuong da co cuoc gap.", "vi", "2024-11-06"),  # unaccented
        ("Chiều 6/11/2024, tại Hà Nội, Bộ trưởng đã tiếp Đại sứ.", "vi", "2024-11-06"),
        ("The two leaders met on November 6, 2024 in Kunming.", "en", "2024-11-06"),
        ("The two leaders met on 6 November 2024 in Kunming.", "en", "2024-11-06"),
        ("The leaders met on Nov. 6, 2024.", "en", "2024-11-06"),
        ("Los líderes se reunieron el 6 de noviembre de 2024.", "es", "2024-11-06"),
        ("Os líderes reuniram-se a 6 de novembro de 2024.", "pt", "2024-11-06"),
        ("Die Regierungschefs trafen sich am 6. November 2024.", "de", "2024-11-06"),
        ("Премьер-министры встретились 6 ноября 2024 года в Куньмине.", "ru", "2024-11-06"),
        ("两国总理于2024年11月6日在昆明举行会谈。", "zh", "2024-11-06"),
        ("ថ្ងៃទី៦ ខែវិច្ឆិកា ឆ្នាំ២០២៤ នាយករដ្ឋមន្ត្រី​បាន​ជួប។", "km", "2024-11-06"),
        ("ថ្ងៃទី​២៦​ខែកក្កដា​ឆ្នាំ​២០១៩ សាលា", "km", "2019-07-26"),
        ("เมื่อวันที่ 6 พฤศจิกายน 2567 นายกรัฐมนตรีได้พบกัน", "th", "2024-11-06"),  # Buddhist Era 2567
        ("ວັນທີ 6 ພະຈິກ 2024 ນາຍົກລັດຖະມົນຕີ", "lo", "2024-11-06"),
    ],
)
def test_finds_a_day_month_year_mention_in_each_language(body: str, lang: str, expected: str) -> None:
    assert infer_date(body, None, lang) == (expected, True)


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Sáng 6/11, tại Hà Nội, Thủ tướng đã tiếp Đại sứ.", "vi"),
        ("Hôm qua (6/11), cổ phiếu tăng mạnh.", "vi"),
        ("Il a été reçu le 6/11 à l'Élysée.", "fr"),
        ("Menteri tiba pada Rabu (6/11) pagi.", "id"),
        ("Les deux ministres se sont entretenus le 6 novembre.", "fr"),
        ("Премьер-министры встретились 6 ноября.", "ru"),
        ("两国总理11月6日举行会谈。", "zh"),
        ("Los líderes se reunieron el 6 de noviembre.", "es"),
        ("They met on November 6th.", "en"),
    ],
)
def test_a_day_month_mention_without_year_takes_the_year_of_a_header_month(body: str, lang: str) -> None:
    assert infer_date(body, "2024-11", lang) == ("2024-11-06", True)


def test_a_full_header_date_is_final() -> None:
    assert infer_date("le 12 décembre", "2024-12-06", "fr") == ("2024-12-06", False)


def test_a_mention_of_another_month_keeps_the_header_month_uninferred() -> None:
    body = "Le 28 novembre, le ministre avait annoncé sa visite."
    assert infer_date(body, "2024-12", "fr") == ("2024-12", False)


def test_a_mention_of_another_year_is_not_the_header_months_day() -> None:
    assert infer_date("Comme le 12 décembre 2023, la réunion...", "2024-12", "fr") == ("2024-12", False)


def test_the_first_matching_mention_wins() -> None:
    body = "Le 3 décembre, le ministre est parti.\nLe 5 décembre, il est revenu."
    assert infer_date(body, "2024-12", "fr") == ("2024-12-03", True)


def test_a_skipped_mention_lets_the_next_one_decide() -> None:
    body = "Après la réunion du 28 novembre, le ministre a reçu le 3 décembre son homologue."
    assert infer_date(body, "2024-12", "fr") == ("2024-12-03", True)


def test_only_the_lead_paragraphs_are_searched() -> None:
    body = "Premier paragraphe.\n\nDeuxième.\n\nTroisième.\n\nLe 12 décembre, quatrième paragraphe."
    assert infer_date(body, "2024-12", "fr") == ("2024-12", False)


@pytest.mark.parametrize(
    ("body", "header"),
    [
        ("Le 31 février 2024, rien ne s'est passé.", None),
        ("Le 31 février, rien ne s'est passé.", "2024-02"),
        ("Le 30 février, rien.", "2024-02"),
        ("Ngày 32/1/2024 không tồn tại.", None),
        ("Ngày 6/13/2024 không tồn tại.", None),
    ],
)
def test_impossible_dates_are_rejected(body: str, header: str | None) -> None:
    assert infer_date(body, header, None) == (header, False)


def test_february_29_exists_in_leap_years_only() -> None:
    assert infer_date("Le 29 février, la réunion.", "2024-02", "fr") == ("2024-02-29", True)
    assert infer_date("Le 29 février, la réunion.", "2023-02", "fr") == ("2023-02", False)


def test_without_header_or_written_year_there_is_no_date() -> None:
    assert infer_date("Les deux ministres se sont entretenus le 6 novembre.", None, "fr") == (None, False)


def test_a_bare_year_elsewhere_in_the_text_is_not_trusted_for_the_year() -> None:
    # Measured on vi-news: "the latest year in the text" was wrong more often than right (plans, terms).
    body = "Le 6 novembre, les ministres ont parlé du plan 2030 et du bilan de 2019."
    assert infer_date(body, None, "fr") == (None, False)


def test_history_years_are_not_the_articles_date() -> None:
    assert infer_date("Ngày 7 tháng 5 năm 1954, chiến thắng Điện Biên Phủ.", None, "vi") == (None, False)


def test_a_fraction_is_not_a_vietnamese_date() -> None:
    assert infer_date("Đã nghiệm thu 9/11 chuyên đề trong năm 2020.", None, "vi") == (None, False)


@pytest.mark.parametrize(
    "header", ["", "2024", "December 2024", "2024/12", "2024-13", "2024-02-30", "garbage"],
)
def test_an_unrecognised_header_counts_as_no_header(header: str) -> None:
    assert infer_date("Le 12 décembre 2024, réunion.", header, "fr") == ("2024-12-12", True)


def test_no_mention_returns_the_header_unchanged() -> None:
    assert infer_date("Rien de daté ici.", "2024-12", "fr") == ("2024-12", False)
    assert infer_date("Rien de daté ici.", None, "fr") == (None, False)


def test_a_language_without_patterns_tries_all_of_them() -> None:
    assert infer_date("Tanggal 6 November 2024.", None, "xx") == ("2024-11-06", True)


@pytest.mark.parametrize(
    "lang", ["km", "lo", "th", "en", "fr", "id", "ms", "es", "pt", "de", "it", "nl", "ru"],
)
def test_month_tables_agree_with_cldr(lang: str) -> None:
    icu = pytest.importorskip("icu")
    cldr = [m.casefold() for m in icu.DateFormatSymbols(icu.Locale(lang)).getMonths()]
    table = month_names(lang)
    assert [table.get(name) for name in cldr] == list(range(1, 13))


@pytest.mark.parametrize("lang", ["th", "lo", "ru"])
def test_abbreviated_and_standalone_month_names_agree_with_cldr(lang: str) -> None:
    icu = pytest.importorskip("icu")
    symbols = icu.DateFormatSymbols(icu.Locale(lang))
    for names in (symbols.getShortMonths(),
                  symbols.getMonths(icu.DateFormatSymbols.STANDALONE, icu.DateFormatSymbols.WIDE)):
        assert [month_names(lang).get(name.casefold()) for name in names] == list(range(1, 13))


@pytest.mark.parametrize(("text", "lang", "date"), [
    ("декабрь 2024", "ru", "2024-12"),
    ("6 нояб. 2024", "ru", "2024-11-06"),
    ("6 Agt 2024", "id", "2024-08-06"),
])
def test_a_month_alone_and_abbreviations_are_read(text: str, lang: str, date: str) -> None:
    from search.ingest.dates import parse_date

    value = parse_date(text, lang)
    assert value is not None and value.date == date


@pytest.mark.parametrize(("text", "lang", "date"), [
    ("6 พ.ย. 2567", "th", "2024-11-06"),
    ("๓ ธ.ค. ๒๕๖๙", "th", "2026-12-03"),
    ("3 ธ.ค. 2569", None, "2026-12-03"),
])
def test_thai_abbreviated_months_are_read(text: str, lang: str | None, date: str) -> None:
    from search.ingest.dates import parse_date

    value = parse_date(text, lang)
    assert value is not None and value.date == date
    assert infer_date(f"เมื่อวันที่ {text} นายกรัฐมนตรีได้พบกัน", None, "th") == (date, True)


@pytest.mark.parametrize(
    "body",
    [
        # A decree, a law, an earlier event: dates written with their year in the lead are background.
        "Theo Nghị định số 116/2020/NĐ-CP ngày 25/9/2020 của Chính phủ, sinh viên được hỗ trợ học phí.",
        "Ngày 31/12/2020, ông Phí Mạnh Thắng, Vụ trưởng Vụ Pháp chế, ký văn bản.",
        "Alica Schmidt sinh ngày 8/11/1998. Cô hiện là vận động viên điền kinh.",
        "Theo Trung tâm Kiểm soát Bệnh tật Hà Nội, bệnh nhân dương tính.\n"
        "Trước đó, ngày 22/4, bệnh nhân đi ăn liên hoan.\nBệnh nhân nhập cảnh ngày 7/4/2021.",
        "Sau gần một tháng im hơi lặng tiếng, tối 12/4, kênh YouTube hoạt động trở lại.\n"
        "Trước đó, vào tối 15/3, người này xuất hiện.\nVideo đăng ngày 6/3/2016.",
    ],
)
def test_a_vietnamese_date_that_is_not_the_dateline_does_not_date_the_article(body: str) -> None:
    # vi-news without its headers: the first date with a year in the lead was the publication day for 42 of 173
    # articles, another year for 36.
    assert infer_date(body, None, "vi") == (None, False)
    assert infer_date(body, "2021", "vi") == ("2021", False)


@pytest.mark.parametrize(
    ("body", "date"),
    [
        # The opening day, its year from the same month written with one further down
        ("Ngày 28/4, Thành ủy tổ chức lễ kỷ niệm.\nNgày thống nhất đất nước (30/4/1975 - 30/4/2021).", "2021-04-28"),
        ("Tại Hà Nội, chiều 26/4, Bộ Y tế họp.\nKế hoạch ban hành ngày 2/4/2021.", "2021-04-26"),
        ("(Dân trí) - Ngày 26/4, Bộ Y tế họp.\nKế hoạch ban hành ngày 2/4/2021.", "2021-04-26"),
        ("Bộ Y tế cho biết kế hoạch áp dụng từ ngày 26/4 tại các tỉnh.\nKế hoạch ban hành ngày 2/4/2021.",
         None),  # inside the sentence: a deadline, not the dateline
        # "today" anywhere in the lead
        ("Thị trường chứng khoán tiếp tục diễn biến hưng phấn trong phiên sáng nay (29/4).\n"
         "Kết quả đánh giá ngày 26/4/2021 vừa công bố.", "2021-04-29"),
        ("Chiều 6/11/2024, tại Hà Nội, Bộ trưởng đã tiếp Đại sứ.", "2024-11-06"),  # a time of day opens it
        # a date compared with gives no year; the other mention of the month does
        ("Ngày 26/4, Bộ họp.\nSo với ngày 26/4/2020, số ca tăng.\nKế hoạch ban hành ngày 2/4/2021.", "2021-04-26"),
    ],
)
def test_a_vietnamese_article_is_dated_by_its_dateline(body: str, date: str | None) -> None:
    assert infer_date(body, None, "vi") == (date, date is not None)


@pytest.mark.parametrize(
    "body",
    [
        # A time-of-day word opening the paragraph but not the date: founded, an initiative, a concert night, next
        # year ("sang năm")
        "Sáng lập ngày 1/1/2010, công ty nay có 500 nhân viên.",
        "Sáng kiến ngày 25/9/2020 của Bộ được áp dụng.",
        "Đêm nhạc 30/4/2019 thu hút khán giả.",
        "Sang năm 2025, ngày 1/1/2025 luật có hiệu lực.",
        # Yesterday, tomorrow, the day before yesterday: not the day of publication
        "Hôm qua (25/4), Bộ Y tế họp.\nKế hoạch ban hành ngày 2/4/2021.",
        "Ngày mai (27/4), Bộ Y tế họp.\nKế hoạch ban hành ngày 2/4/2021.",
        "Sáng mai 27/4, Bộ Y tế họp.\nKế hoạch ban hành ngày 2/4/2021.",
        "Hôm kia (24/4), Bộ Y tế họp.\nKế hoạch ban hành ngày 2/4/2021.",
        "Hôm qua, ngày 25/4, Bộ Y tế họp.\nKế hoạch ban hành ngày 2/4/2021.",
        "Ngày 25/4 (hôm qua), Bộ Y tế họp.\nKế hoạch ban hành ngày 2/4/2021.",
        "Chiều 27/4 (ngày mai), Bộ Y tế họp.\nKế hoạch ban hành ngày 2/4/2021.",
        # The dateline's month written with two years further down: which is the dateline's?
        "Ngày 26/4, Bộ họp.\nNăm ngoái, ngày 26/4/2020, số ca thấp.\nKế hoạch ban hành ngày 2/4/2021.",
        # The only year of its month is a date compared with: a year-on-year comparison, another year (it gave
        # 2020-04-26)
        "Ngày 26/4, Bộ họp.\nSo với ngày 26/4/2020, số ca tăng.",
        "Ngày 26/4, Bộ họp.\nSố ca tăng 5% so với 26/4/2020.",
        "Ngày 26/4, Bộ họp.\nDoanh thu tăng 5% so với cùng kỳ ngày 26/4/2020.",
    ],
)
def test_a_vietnamese_mention_that_only_looks_like_a_dateline_does_not_date_the_article(body: str) -> None:
    assert infer_date(body, None, "vi") == (None, False)


def test_a_vietnamese_dateline_without_its_year_takes_the_headers_year() -> None:
    body = "Ngày 26/4, Bộ họp.\nSo với ngày 26/4/2020, số ca tăng.\nKế hoạch ban hành ngày 2/4/2021."
    assert infer_date(body, "2021", "vi") == ("2021-04-26", True)


@pytest.mark.parametrize(
    ("body", "date"),
    [
        # The two dates vi-news writes with their year after a time of day (without headers)
        ("Chiều ngày 24/04/2021, chương trình bốc thăm trúng thưởng diễn ra.", "2021-04-24"),
        ("Đêm ngày 10/4/2021, toàn thể cán bộ, giảng viên và sinh viên tham dự.", "2021-04-10"),
        ("Chiều 29/4/2021, tại Hà Nội, Bộ Công an tổ chức Hội nghị.", "2021-04-29"),
        ("Sáng nay (28/4), Bộ Y tế họp.", None),  # today, but no year anywhere
        ("Chiều\u00a0ngày 24/04/2021, UBND họp.", "2021-04-24"),  # a no-break space (&nbsp; in a web page)
    ],
)
def test_a_time_of_day_opening_the_vietnamese_date_keeps_its_year(body: str, date: str | None) -> None:
    assert infer_date(body, None, "vi") == (date, date is not None)


def _vi_news(limit: int) -> list[tuple[datetime.date, str]]:
    folder = shared_data("vi-news", "docs")
    docs = []
    for path in sorted(folder.glob("*.txt"))[:limit]:
        lines = path.read_text(encoding="utf-8").split("\n")
        day = next(line.split("=")[1].strip() for line in lines if line.startswith("# date ="))
        body = "\n".join(line for line in lines[1:] if not line.startswith("# "))
        docs.append((datetime.date(int(day[:4]), int(day[4:6]), int(day[6:8])), body))
    return docs


@pytest.mark.slow
def test_a_day_inferred_under_a_header_month_is_mostly_the_publication_day_or_the_day_before() -> None:
    # Measured on all 2,653 articles: 340 of 517 days found are the day of publication or the day before
    # (66%); the rest are earlier events the lead reports. A guard against regressions, not a target.
    close = found = 0
    for published, body in _vi_news(1000):
        date, inferred = infer_date(body, published.isoformat()[:7], "vi")
        if inferred:
            found += 1
            assert date is not None and date.startswith(published.isoformat()[:7])
            close += (published - datetime.date.fromisoformat(date)).days in (0, 1)
    assert found > 100
    assert close / found > 0.6


@pytest.mark.slow
def test_vietnamese_articles_without_a_header_date_get_a_date_from_the_text_only_when_it_is_close() -> None:
    # All 2,653 articles, their "# date" line removed: the first date with a year in the lead dated 173, 42 on the
    # day of publication, 24 a day off, 71 another day, 36 another year. Datelines alone (2026-12-03): 36, 26 on
    # the day, 9 the day before, 1 three days before, none another year.
    found = close = 0
    for published, body in _vi_news(3000):
        date, inferred = infer_date(body, None, "vi")
        if date is None:
            continue
        found += 1
        day = datetime.date.fromisoformat(date)
        assert inferred and day.year == published.year, (date, body[:200])
        close += abs((published - day).days) <= 1
    assert found >= 30
    assert close / found >= 0.95


# --- dates written in a field: parse_date -------------------------------------------------------------------
@pytest.mark.parametrize(("text", "lang", "date", "timestamp"), [
    ("2024-11-06T10:30:00+07:00", None, "2024-11-06", "2024-11-06T10:30:00+07:00"),
    ("2024-11-06T03:30:00Z", None, "2024-11-06", "2024-11-06T03:30:00+00:00"),
    ("2024-11-06 10:30", None, "2024-11-06", "2024-11-06T10:30:00"),
    ("2024-11-05T23:30:00-05:00", None, "2024-11-05", "2024-11-05T23:30:00-05:00"),  # its own day, not UTC's
    ("Wed, 06 Nov 2024 10:30:00 +0700", None, "2024-11-06", "2024-11-06T10:30:00+07:00"),
    ("06 Nov 2024 10:30:00 GMT", None, "2024-11-06", "2024-11-06T10:30:00+00:00"),
    ("06/11/2024", "fr", "2024-11-06", None),
    ("06/11/2024", "vi", "2024-11-06", None),
    ("6/11/2024", "id", "2024-11-06", None),
    ("06.11.2024", "ru", "2024-11-06", None),
    ("11/06/2024", "en", None, None),  # US month first or UK day first: not decided
    ("06/11/2024", None, None, None),
    ("13/11/2024", None, "2024-11-13", None),
    ("11/13/2024", "en", "2024-11-13", None),
    ("2024/11/06", None, "2024-11-06", None),
    ("20210412", None, "2021-04-12", None),
    ("2024", None, "2024", None),
    ("2024-11", None, "2024-11", None),
    ("Jul 2019", None, "2019-07", None),
    ("July 2019", "en", "2019-07", None),
    ("juillet 2019", "fr", "2019-07", None),
    ("Juli 2019", "id", "2019-07", None),
    ("26, Jul 2019", None, "2019-07-26", None),
    ("July 26, 2019", "en", "2019-07-26", None),
    ("26 juillet 2019", "fr", "2019-07-26", None),
    ("ngày 26 tháng 7 năm 2019", "vi", "2019-07-26", None),
    ("tháng 7/2019", "vi", "2019-07", None),
    ("Thứ năm, 01/10/2020 - 16:16 (GMT+7)", "vi", "2020-10-01", None),
    ("2019年7月26日", None, "2019-07-26", None),
    ("២៦ កក្កដា ២០១៩", "km", "2019-07-26", None),
    ("6 พฤศจิกายน 2567", "th", "2024-11-06", None),
    # Buddhist Era years in every form a Thai record writes them; a Thai month name decides without a language
    ("06/11/2567", "th", "2024-11-06", None),
    ("๐๖/๑๑/๒๕๖๗", "th", "2024-11-06", None),
    ("2567-11-06", "th", "2024-11-06", None),
    ("6 พฤศจิกายน 2567", None, "2024-11-06", None),
    ("๖ พฤศจิกายน ๒๕๖๗", None, "2024-11-06", None),
    ("2567-11-06", None, None, None),  # Thai 2024 or a typo: undecided until the language is known
    ("13/11/2567", None, None, None),
    ("2567-11-06", "vi", "2567-11-06", None),  # not a Buddhist Era language: a typo, kept (and flagged future)
    # Unix time (seconds, milliseconds, with a fraction): the day in UTC, the only zone it implies
    ("1730863800", None, "2024-11-06", "2024-11-06T03:30:00+00:00"),
    ("1730863800000", None, "2024-11-06", "2024-11-06T03:30:00+00:00"),
    ("1730863800.250", None, "2024-11-06", "2024-11-06T03:30:00+00:00"),
    ("1730851200", None, "2024-11-06", "2024-11-06T00:00:00+00:00"),
    ("9999999999", None, None, None),  # the year 2286: not a news date
    ("2024110610", None, "2024-11-06", "2024-11-06T10:00:00"),  # YYYYMMDDHH: as Unix time, 2034-02-21
    ("2024110624", None, "2034-02-21", "2034-02-21T04:57:04+00:00"),  # no hour 24: Unix time (flagged future)
    ("/Date(1730863800000)/", None, "2024-11-06", "2024-11-06T03:30:00+00:00"),  # .NET, PowerShell
    ("/Date(1730863800000+0700)/", None, "2024-11-06", "2024-11-06T03:30:00+00:00"),
    ("20241106103000", None, "2024-11-06", "2024-11-06T10:30:00"),
    ("20241106T0330Z", None, "2024-11-06", "2024-11-06T03:30:00+00:00"),
    ("26 juillet", "fr", None, None),  # no year: not a date of its own
    ("06/11/24", "fr", None, None),  # a two-digit year is a guess of the century
    ("2024-02-30", None, None, None),
    ("soon", None, None, None),
])
def test_a_date_field_is_read_at_its_own_precision(text: str, lang: str | None, date: str | None,
                                                   timestamp: str | None) -> None:
    from search.ingest.dates import parse_date

    value = parse_date(text, lang)
    assert (value.date if value else None, value.timestamp if value else None) == (date, timestamp)


def test_precision_is_what_the_date_gives() -> None:
    from search.ingest.dates import parse_date

    assert [parse_date(t).precision for t in ("2024", "2024-11", "2024-11-06")] == ["year", "month", "day"]


@pytest.mark.parametrize(("date", "future"), [
    ("2024-11-06", False), ("2024-11", False), ("2024", False), ("2024-11-07", False),  # today somewhere on Earth
    ("2024-11-08", True), ("2024-12", True), ("2025", True), ("2029-01-01", True),
])
def test_a_date_after_the_time_of_indexing_is_in_the_future(date: str, future: bool) -> None:
    from search.ingest.dates import is_future

    now = datetime.datetime(2024, 11, 6, 12, 0, tzinfo=datetime.UTC)
    assert is_future(date, now) is future


def test_a_date_in_the_title_beats_one_found_in_the_body() -> None:
    body = "The festival opened on 12 March 2019 with a parade through the old town."
    assert infer_date(body, None, "en", title="Festival report, 26, Jul 2019") == ("2019-07-26", True)
    assert infer_date(body, None, "en", title="Festival report") == ("2019-03-12", True)


def test_a_year_alone_is_completed_by_a_mention_in_that_year_only() -> None:
    assert infer_date("Le 6 novembre 2024, les ministres se sont réunis.", "2024", "fr") == ("2024-11-06", True)
    assert infer_date("Le 6 novembre 2023, les ministres se sont réunis.", "2024", "fr") == ("2024", False)


def test_a_numeric_record_date_is_read_once_the_articles_language_is_known() -> None:
    from search.ingest.enrich import enrich
    from search.records import Document

    doc = Document(id="a", path="a.csv", title="Le commerce", body="Le commerce du riz progresse dans la région.",
                   date_raw="04/11/2024")
    assert enrich(doc).doc.date == "2024-11-04"  # French: the day first
    english = doc.with_(body="Rice trade grows in the region this year.", title="Rice trade")
    article = enrich(english)
    assert article.doc.date is None and article.doc.notes == (
        "day and month order undecided (3 December or 12 March?), ignored: '04/11/2024'",)


@pytest.mark.parametrize(("raw", "note"), [
    ("2024-02-30", "impossible date, ignored: '2024-02-30'"),
    ("31/02/2024", "impossible date, ignored: '31/02/2024'"),
    ("04/11/24", "two-digit year (which century?), ignored: '04/11/24'"),
    ("next Tuesday", "date not understood, ignored: 'next Tuesday'"),
])
def test_a_record_date_that_cannot_be_used_is_noted_with_the_reason(raw: str, note: str) -> None:
    from search.ingest.enrich import enrich
    from search.records import Document

    doc = Document(id="a", path="a.csv", title="Le commerce", body="Le commerce du riz progresse dans la région.",
                   date_raw=raw)
    assert enrich(doc).doc.notes == (note,)


def test_a_numeric_date_with_the_same_day_and_month_needs_no_language() -> None:
    from search.ingest.dates import parse_date

    assert [parse_date("05/05/2024", lang) for lang in (None, "en")] == [parse_date("2024-05-05")] * 2


def test_a_thai_record_without_a_language_gets_its_buddhist_era_date_once_the_language_is_detected() -> None:
    from search.ingest.enrich import enrich
    from search.ingest.fields import FieldMap, record_document

    record = {"title": "นายกรัฐมนตรีเยือนกัมพูชา", "date": "03/12/2569",
              "body": "นายกรัฐมนตรีเดินทางไปเยือนกัมพูชาเพื่อหารือความร่วมมือด้านเศรษฐกิจระหว่างสองประเทศ"}
    for date in ("03/12/2569", "2569-12-03", "3 ธันวาคม 2569"):
        doc = record_document({**record, "date": date}, FieldMap(), path="th.jsonl", fallback_id="th-1")
        article = enrich(doc, now=datetime.datetime(2026, 12, 3, 8, 0, tzinfo=datetime.UTC)).doc
        assert (article.lang, article.date, article.date_future) == ("th", "2026-12-03", False), date


@pytest.mark.parametrize(("text", "lang", "date"), [
    # Cambodia's Buddhist Era turns at Visak Bochea (29 April to 28 May), not on 1 January: km-news writes
    # "ខែផល្គុន ... ព.ស.២៥៦២ ត្រូវនឹងថ្ងៃទី១៦ ខែមីនា ឆ្នាំ២០១៩" and "ខែអាសាឍ ... ព.ស.២៥៦៣" in July 2019
    ("ថ្ងៃទី១៦ ខែមីនា ឆ្នាំ២៥៦២", "km", "2019-03-16"),
    ("ថ្ងៃទី២៦ ខែកក្កដា ឆ្នាំ២៥៦៣", "km", "2019-07-26"),
    ("26 កក្កដា 2563", None, "2019-07-26"),  # a Khmer month name decides without a language
    ("2563-07-26", "km", "2019-07-26"),
    ("26/07/2563", "km", "2019-07-26"),
    ("ខែមេសា ២៥៦២", "km", "2019-04"),  # April: before Visak Bochea
    ("ខែធ្នូ ២៥៦៣", "km", "2019-12"),
    ("ថ្ងៃទី១០ ខែឧសភា ឆ្នាំ២៥៦៣", "km", None),  # 10 May 2019 (before Visak Bochea) or 2020 (after)
    ("ខែឧសភា ២៥៦៣", "km", None),
    ("២៥៦៣", "km", None),  # a year alone spans two years of ours
    ("ថ្ងៃទី២៦ ខែកក្កដា ឆ្នាំ២០១៩", "km", "2019-07-26"),
    ("6 พฤศจิกายน 2567", "th", "2024-11-06"),  # Thai's turns on 1 January: 543 all year
    ("2567", "th", "2024"),
])
def test_a_khmer_buddhist_era_year_is_ours_plus_543_before_visak_bochea_and_544_after(
        text: str, lang: str | None, date: str | None) -> None:
    from search.ingest.dates import parse_date

    value = parse_date(text, lang)
    assert (value.date if value else None) == date


def test_a_khmer_buddhist_era_year_in_the_text_is_read_by_the_same_rule() -> None:
    lead = "ព័ត៌មាន\nកាលពីថ្ងៃទី២៦ ខែកក្កដា ឆ្នាំ២៥៦៣ នេះ"
    assert infer_date(lead, None, "km") == ("2019-07-26", True)
    assert infer_date(lead.replace("កក្កដា", "ឧសភា"), None, "km") == (None, False)  # May: undecided


def test_an_undecided_khmer_buddhist_era_date_is_noted_so() -> None:
    from search.ingest.enrich import enrich
    from search.records import Document

    doc = Document(id="a", path="a.csv", title="ព័ត៌មាន", body="ព័ត៌មាន​ជាតិ", lang="km", date_raw="2563-05-10")
    article = enrich(doc).doc
    assert article.date is None and article.notes == (
        "Buddhist Era year undecided (its year turns at Visak Bochea, late April to May), ignored: '2563-05-10'",)


VI_TEXT = ("Thủ tướng Phạm Minh Chính đã tiếp Bộ trưởng Ngoại giao Campuchia tại Hà Nội. Hai bên trao đổi về hợp "
           "tác kinh tế, thương mại và đầu tư giữa hai nước trong thời gian tới.")


@pytest.mark.parametrize(("raw", "lang", "date", "published"), [
    # 01:30 on 1 December in Hanoi, written by a server in UTC: December's, as the page itself shows it
    ("2024-11-30T18:30:00Z", None, "2024-12-01", "2024-12-01T01:30:00+07:00"),  # detected Vietnamese
    ("2024-11-30T18:30:00Z", "vi", "2024-12-01", "2024-12-01T01:30:00+07:00"),
    ("Sat, 30 Nov 2024 18:30:00 GMT", "vi", "2024-12-01", "2024-12-01T01:30:00+07:00"),
    ("1733005800", "vi", "2024-12-01", "2024-12-01T05:30:00+07:00"),  # Unix time: UTC's too
    ("2024-11-30T18:30:00Z", "km", "2024-12-01", "2024-12-01T01:30:00+07:00"),
    ("2024-11-30T18:30:00Z", "zh", "2024-12-01", "2024-12-01T02:30:00+08:00"),
    ("2024-12-01T01:30:00+07:00", "vi", "2024-12-01", "2024-12-01T01:30:00+07:00"),  # its own zone: as written
    ("2024-11-30T18:30:00-05:00", "vi", "2024-11-30", "2024-11-30T18:30:00-05:00"),  # a zone chosen: as written
    ("2024-11-30 18:30:00", "vi", "2024-11-30", "2024-11-30T18:30:00"),  # no zone: the clock as written
    ("2024-11-30T18:30:00Z", "en", "2024-11-30", "2024-11-30T18:30:00+00:00"),  # read across zones: UTC's day
    ("2024-11-30T18:30:00Z", "fr", "2024-11-30", "2024-11-30T18:30:00+00:00"),
])
def test_a_utc_timestamp_is_the_day_of_a_language_read_in_one_time_zone(raw: str, lang: str | None, date: str,
                                                                       published: str) -> None:
    from search.ingest.enrich import enrich
    from search.ingest.fields import FieldMap, record_document

    body = {"en": "The prime minister met the Cambodian foreign minister in Hanoi to discuss trade and investment.",
            "fr": "Le Premier ministre a reçu le ministre cambodgien des Affaires étrangères à Hanoï hier soir.",
            "km": "នាយករដ្ឋមន្ត្រី​បាន​ជួប​រដ្ឋមន្ត្រី​ការបរទេស​វៀតណាម​នៅ​ភ្នំពេញ ។",
            "zh": "越南总理范明政会见柬埔寨首相洪玛奈。两国同意加强合作。"}.get(lang or "vi", VI_TEXT)
    record = {"title": "Hợp tác" if lang in (None, "vi") else "-", "body": body, "date": raw}
    if lang:
        record["lang"] = lang
    article = enrich(record_document(record, FieldMap(), path="a.jsonl", fallback_id="a")).doc
    assert (article.lang, article.date, article.published) == (lang or "vi", date, published)


@pytest.mark.parametrize("head, tag", [
    ('<meta property="article:published_time" content="2024-11-30T18:30:00Z">', ""),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-11-30T18:30:00Z"}</script>',
     ""),
    ("", '<time datetime="2024-11-30T18:30:00Z">01/12/2024 01:30</time>'),
    ('<meta property="article:published_time" content="2024-12-01T01:30:00+07:00">', ""),
])
def test_a_vietnamese_page_published_after_midnight_in_hanoi_is_dated_that_day_however_it_writes_it(
        head: str, tag: str) -> None:
    from search.ingest.enrich import enrich
    from search.ingest.parse import parse_html
    from search.records import Document

    paragraphs = "".join(f"<p>{VI_TEXT} ({n})</p>" for n in range(3))
    page = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Hợp tác Việt Nam Campuchia</title>'
            f"{head}</head><body><article><h1>Hợp tác Việt Nam Campuchia</h1>{tag}{paragraphs}</article></body></html>")
    doc = parse_html(page.encode(), "p", "p.html")
    assert isinstance(doc, Document)
    article = enrich(doc).doc
    assert (article.date, article.published) == ("2024-12-01", "2024-12-01T01:30:00+07:00")


@pytest.mark.parametrize(("body", "date"), [
    # Khmer writes "month" (ខែ) and "year" (ឆ្នាំ) or leaves them out; km-news, 18 articles dated by these forms only
    ("ខេត្តព្រៃវែង ៖ នៅល្ងាចថ្ងៃទី២៥ កក្កដា ឆ្នាំ២០១៩ ក្នុងបរិវេណ", "2019-07-25"),
    ("កាល\u200bពី\u200bព្រឹកថ្ងៃទី ២៦\u200b កក្កដា ២០១៩ Daesung បានចេញ", "2019-07-26"),
    ("ព្រឹត្តិការណ៍ប្រព្រឹត្តទៅចាប់ពីថ្ងៃទី៦ ដល់ទី១៩ ខែសីហា ២០១៩ នៅទីក្រុងហូជីមិញ", "2019-08-19"),
    ("រូបភាព\u200bជុំវិញ\u200bពិភពលោក ២៦ កក្កដា ២០១៩", "2019-07-26"),
    ("ទិវាជាតិ ០១ កក្កដា ឆ្នាំ២០១៩ នេះ", "2019-07-01"),
    ("សេចក្តីប្រកាសចុះថ្ងៃ ២៦/០៧/២០១៩ របស់ក្រសួង", "2019-07-26"),
    ("នា\u200bយប់\u200bថ្ងៃទី\u200b២៨ កក្កដា នេះ ។ ថ្ងៃទី២៦ ខែកក្កដា ឆ្នាំ២០១៩", "2019-07-28"),  # the year of that month
])
def test_a_khmer_date_is_read_with_or_without_the_words_for_month_and_year(body: str, date: str) -> None:
    assert infer_date(body, None, "km") == (date, True)


@pytest.mark.parametrize("body", [
    "ជួសជុលផ្លូវ៧មករា និងផ្លូវ២ធ្នូ ឆ្នាំក្រោយ",  # 7 January Street, 2 December Street
    "លទ្ធផល៖ ទី១ កញ្ញា ស៊ុន ស្រីពៅ ទី២ កញ្ញា ចាន់ ធីតា",  # first, Miss Sun Sreypov; second, Miss...
    "ឆ្នាំ ២០១៧ កញ្ញា ប៊ី សុធា",  # 2017, Miss B. Sothea
])
def test_a_khmer_month_name_after_a_number_alone_is_no_date(body: str) -> None:
    assert infer_date(body + " ឆ្នាំ២០១៩", "2019", "km") == ("2019", False)


@pytest.mark.parametrize(("header", "body", "lang", "date"), [
    # The seed header's year in the Buddhist Era, as a record's or a header's "6 พฤศจิกายน 2567" already was
    (" date 2567-11-06 นายกรัฐมนตรีเยือนกัมพูชา", "นายกรัฐมนตรีเดินทางไปเยือนกัมพูชาเพื่อหารือความร่วมมือด้านเศรษฐกิจ", "th",
     "2024-11-06"),
    (" date ๒๕๖๗-๑๑ นายกรัฐมนตรีเยือนกัมพูชา", "นายกรัฐมนตรีเดินทางไปเยือนกัมพูชาเพื่อหารือความร่วมมือด้านเศรษฐกิจ", "th",
     "2024-11"),
    (" date 2563-07-26 ព័ត៌មាន", "នាយករដ្ឋមន្ត្រី\u200bបាន\u200bជួប\u200bរដ្ឋមន្ត្រី\u200bការបរទេស\u200bវៀតណាម\u200bនៅ"
                                 "\u200bភ្នំពេញ ។", "km", "2019-07-26"),
    (" date 2567-11-06 Le commerce", "Le commerce du riz progresse dans la région depuis le début de l'année.", "fr",
     "2567-11-06"),  # not a Buddhist Era language: a typo, kept (and flagged future), as a record's
    # 29 February of a Buddhist Era year whose Gregorian year is a leap year (found by review: checked as the
    # Gregorian year 2563, never a leap year then, so "impossible date ignored")
    (" date 2563-02-29 นายกรัฐมนตรีเยือนกัมพูชา", "นายกรัฐมนตรีเดินทางไปเยือนกัมพูชาเพื่อหารือความร่วมมือด้านเศรษฐกิจ", "th",
     "2020-02-29"),
    (" date 2567-02-29 นายกรัฐมนตรีเยือนกัมพูชา", "นายกรัฐมนตรีเดินทางไปเยือนกัมพูชาเพื่อหารือความร่วมมือด้านเศรษฐกิจ", "th",
     "2024-02-29"),
])
def test_a_header_year_of_the_buddhist_era_is_read_in_the_articles_language(header: str, body: str, lang: str,
                                                                            date: str) -> None:
    from search.ingest.enrich import enrich
    from search.ingest.parse import parse_text

    article = enrich(parse_text(f"{header}\n\n{body}", "a", "a.txt")).doc
    assert (article.lang, article.date, article.date_future) == (lang, date, date.startswith("25"))


def test_a_header_29_february_of_a_buddhist_era_year_is_checked_in_the_articles_language() -> None:
    from search.ingest.enrich import enrich
    from search.ingest.parse import parse_text

    # Not a Buddhist Era language: 2563 is a typo of a year, and no leap year: no date, with a note
    body = "Le commerce du riz progresse dans la région depuis le début de l'année."
    article = enrich(parse_text(f" date 2563-02-29 Le commerce\n\n{body}", "a", "a.txt")).doc
    assert (article.lang, article.date) == ("fr", None)
    assert "impossible date, ignored: '2563-02-29'" in article.notes
    # A Buddhist Era year whose Gregorian year is no leap year (2566: 2023) is impossible at once
    doc = parse_text(" date 2566-02-29 นายกรัฐมนตรีเยือนกัมพูชา\n\nนายกรัฐมนตรีเดินทาง", "a", "a.txt")
    assert (doc.date, doc.date_raw, doc.notes) == (None, None, ("impossible date ignored: header date 2566-02-29",))


def test_a_buddhist_era_timestamp_read_once_the_language_is_known_keeps_its_time() -> None:
    from search.ingest.enrich import enrich
    from search.ingest.fields import FieldMap, record_document

    record = {"title": "นายกรัฐมนตรีเยือนกัมพูชา",
              "body": "นายกรัฐมนตรีเดินทางไปเยือนกัมพูชาเพื่อหารือความร่วมมือด้านเศรษฐกิจระหว่างสองประเทศ"}
    for raw, published in (("2567-11-06T10:00:00+07:00", "2024-11-06T10:00:00+07:00"),
                           ("2567-11-05T20:00:00Z", "2024-11-06T03:00:00+07:00")):  # and a UTC one is Bangkok's day
        doc = record_document({**record, "date": raw}, FieldMap(), path="th.jsonl", fallback_id="th-1")
        article = enrich(doc).doc
        assert (article.lang, article.date, article.published) == ("th", "2024-11-06", published), raw


@pytest.mark.parametrize(("text", "lang", "date"), [
    # Thai news writes a date's Buddhist Era year by its last two digits ("อัปเดต 3 ธ.ค. 67"): 2567, 2024
    ("3 ธ.ค. 67", "th", "2024-12-03"),
    ("๓ ธ.ค. ๖๗", None, "2024-12-03"),  # a Thai month name decides without a language
    ("3 ธ.ค. 67 10:30 น.", "th", "2024-12-03"),
    ("วันอังคาร 3 ธันวาคม พ.ศ. 67", "th", "2024-12-03"),
    ("3 ธ.ค. 10 คน", "th", None),  # 2510 (1967): not a year of ours, not a date
    ("3 Dec 24", "en", None),  # elsewhere a two-digit year is still a guess of the century
])
def test_a_thai_two_digit_buddhist_era_year_is_read(text: str, lang: str | None, date: str | None) -> None:
    from search.ingest.dates import parse_date

    value = parse_date(text, lang)
    assert (value.date if value else None) == date


@pytest.mark.parametrize(("url", "date"), [
    ("https://dantri.com.vn/xa-hoi/thu-tuong-tiep-dai-su-20210420211220970.htm", "2021-04-20"),  # vi-news' form
    ("https://example.org/2024/11/06/ministers-meet", "2024-11-06"),
    ("https://example.org/news/2024-11-06-ministers-meet.html", "2024-11-06"),
    ("https://example.org/news/20241106/ministers-meet.html", "2024-11-06"),  # 8 digits: a whole segment
    ("https://example.org/news/20241201-ministers-meet.html", "2024-12-01"),  # or opening one
    ("https://example.org/news/20241106", "2024-11-06"),
    ("https://x.vn/tin-20151023.htm", None),  # inside one: an id as often as a day
    ("https://example.org/news/ministers-meet-20241106.html", None),
    ("https://x.com/ISBN-19991231", None),
    ("https://example.org/news/ministers-meet-202411061030.html", "2024-11-06"),
    ("https://dantri.com.vn/xa-hoi/1-11-2020.htm", None),  # day first or month first: not read
    ("https://vnexpress.net/thu-tuong-tiep-dai-su-4263845.html", None),  # an id
    ("https://example.org/a/12345678", None),  # an id of 8 digits: no plausible year
    ("https://example.org/2024/11/06/ministers-meet-202411051030.html", None),  # two days: which?
    ("https://example.org/news/20241131-ministers-meet.html", None),  # no 31 November
    ("https://example.org/news/ministers-meet-20241106996699.html", None),  # not a time of day: an id
    ("https://example.org/news/20291106/ministers-meet.html", None),  # after the time of indexing
    ("https://example.org/news?date=2024-11-06", None),  # the query is not the address's date
    ("https://2024-11-06.example.org/news", None),  # nor the host
    ("not a url", None),
])
def test_the_day_an_address_names(url: str, date: str | None) -> None:
    from search.ingest.dates import url_date

    assert url_date(url, datetime.datetime(2026, 12, 3, tzinfo=datetime.UTC)) == date


def test_an_article_without_a_header_day_is_dated_by_its_address_before_its_text() -> None:
    # vi-news without its "# date" lines: the address's day is the header's for 2,614 of 2,652 articles, the day
    # before for 34; the text's dateline dates 36 (none of them was read from the address before).
    from search.ingest.enrich import enrich
    from search.ingest.fields import FieldMap, record_document

    url = "https://dantri.com.vn/xa-hoi/thu-tuong-tiep-dai-su-20210420211220970.htm"
    record = {"title": "Thủ tướng tiếp Đại sứ", "body": "Ngày 19/4, Thủ tướng tiếp Đại sứ.\nKế hoạch ngày 2/4/2021.",
              "url": url}
    now = datetime.datetime(2026, 12, 3, tzinfo=datetime.UTC)

    def dated(**fields: str) -> tuple[str | None, bool]:
        doc = record_document({**record, **fields}, FieldMap(), path="vi.jsonl", fallback_id="vi-1")
        article = enrich(doc, "vi", now=now).doc
        return article.date, article.date_inferred

    assert dated() == ("2021-04-20", True)
    assert dated(date="2021-04") == ("2021-04-20", True)  # the header's month, refined
    assert dated(date="2021-05") == ("2021-05", False)  # another month: the header's, the text's mention is April
    assert dated(date="2021-04-21") == ("2021-04-21", False)  # a header day is final
    assert dated(url="https://dantri.com.vn/xa-hoi/1-11-2020.htm") == ("2021-04-19", True)  # the dateline
