"""A number as written with its decimal separator or its percent sign: ``3,5`` and ``3.5``, ``10%``, ``10 %``,
``10 percent``.

Analysis splits a number where a dot or a comma stands and drops ``%`` (``3,5%`` is the words ``3 5``), so the
words alone cannot tell 3.5 from the list ``3, 5`` or the range ``3-5``, nor 10% from any 10. Each such number an
article writes is also indexed as a key of its own in the ``exact`` field (``number_keys``: ``"#3.5 #3.5"``,
``"#10% #10%"``: ``#`` stands in no word), like Elasticsearch's standard tokenizer keeping ``3.5`` whole beside
the pieces. A query word typed as such a number (``3,5``, ``3.5``, ``10%``, ``3,5%``; quoted alone too) searches
that key (``search.query.compile``, the page's ``compile.js``, OpenSearch through the same plan).

- A decimal is digits, one comma or dot (or Arabic's ``٫``), and digits: ``3,5`` (Vietnamese, French,
  Indonesian...) and ``3.5`` (English, Thai, Chinese) are the same number, in the digits of any script (``៣,៥``,
  ``٣٫٥``), and so is ``3,50`` (the zeros that end the decimals dropped: ``3,0`` is 3). A part after the
  separator of exactly three digits is no decimal (``1.000``, ``1,000``: grouping in one convention, a decimal
  in the other; the groups rule of ``search.lang.pieces`` reads it as grouping). A whole part in groups of
  three and a last part after the other separator is a decimal too (``1.234,5`` and ``1,234.5`` are 1234.5).
  What stands in a run of the same separator (``12.03.2024``, ``B.1.617``) is no decimal. A number grouped
  with spaces (``GROUP_SPACES``: French ``1 234,5``, ``10 000 %``) is the whole number, not its last group, as
  ``search.lang.pieces`` reads ``1 000`` (so ``tháng 12 100%`` is 12100%, as the words ``12 100`` are 12100).
- A percentage is a number (whole, grouped or decimal) followed by ``%`` (or the full-width ``％``, or Arabic's
  ``٪``) glued, after a space or a no-break space (French ``10 %``), or by a word for it in any case
  (``PERCENT_WORDS``: Cranfield writes ``10 percent``, ``10 per cent``, a title ``10 Percent``), or a number
  after a percent sign (Turkish ``%10``; not ``a%20b``): ``10%`` finds those, not every 10.

A number typed otherwise (``10``, ``1.000``, ``"10 percent"``) is searched as before; ``10 %``, ``1 234,5`` and
``10 000 %`` typed (French) are one number (``search.query.syntax`` joins the words). The first end of a range of
percentages is a percentage too (``10-15%``, ``3,5 - 4%``, ``10 to 20 percent``: ``_range_start``). Left: a sign
(``-3,5`` is 3.5); a range typed (``10-15%``) is its words, as before.

numbers-4: the last end of a range after a percent word written before the number is a percentage too (``ร้อยละ 5
ถึง 10``, ``yüzde 5-10``: ``_range_end``); a percentage point is no percentage (``3%p``, ``2 %-Punkte``,
``0.5パーセントポイント``: ``POINT_WORDS``); a quoted phrase typed with a percent sign is also the phrase with the
percent words of the index's languages (``"10% từ"`` finds ``10 phần trăm từ``: ``percent_phrases``); a whole
number written in groups is a key of its own (``grouped_keys``: ``12.100`` is ``#12100``, ``tháng 12 100`` none).

numbers-5: a quoted phrase typed with a percent word is also the phrase with the sign (``"10 phần trăm từ"``,
``"ร้อยละ 5 ของ"``, ``"១០ភាគរយនៃ"`` find ``10% từ``, ``5% ของ``, ``១០%នៃ``: ``sign_phrases``); a range in Chinese
numerals is a percentage at both ends (``百分之五到十``: ``_HAN_RANGE``); Turkish ``%2 puan``, ``yüzde 2 puan`` are
percentage points (``_pointed``); a range's last end after a percent word is none before a magnitude or a count
(``ร้อยละ 5 ถึง 10 ล้านคน``: ``RANGE_UNITS``) nor over 100 from under it (``ถึง 2568``, a year: ``MAX_PERCENT``); a
decimal's whole part is no whole number's key (``12.100,5``), nor groups after a digit and a separator
(``6.398,630``); a number written wholly in full-width forms with the full-width comma is (``１２，１００円``; not a
Chinese list's ``12，100``).

numbers-7: a Swiss number is one (``12'100.5``, ``12’100.5``: ``GROUP_MARKS``, read between groups as spaces are);
``百分之5到十`` is 10% too (``_HAN_DIGITS_FIRST``); a word typed unquoted with punctuation after or before its number
is the number (``10%,``: ``unpunctuated``, compile.py ``word``); the page reads a percent, point or unit word with
i, ı, I and İ as one letter, as Python's ``(?i)`` here does (``MİLYONU``: text.js ``caseless``).
"""

from __future__ import annotations

import re
import unicodedata

from .fold import DIGIT_VALUES, DIGIT_ZEROS, ascii_digits
from .table import SEGMENTED

DECIMAL_POINTS = ".,\u066b"  # and Arabic's decimal separator (٣٫٥, Arabic and Persian)
PERCENT_SIGNS = "%\uff05\u066a"  # and the full-width one, and Arabic's (١٠٪)
PERCENT_SPACES = " \u00a0\u202f"  # between a number and its percent sign (French 10 %, with a no-break space)
# Between groups of three digits only (French 1 234,5 and 10 000 %, with spaces as search.lang.pieces reads them;
# Arabic's thousands separator, ١٬٢٣٤٫٥): the number is the whole, not its last group (234,5, 000 %).
GROUP_SPACES = " \u00a0\u202f\u2009\u2007\u066c"
# numbers-7: and Swiss thousands separators (de-CH, fr-CH, it-CH: 12'100.5, 12’100.5, 1'234'567.89), read as those
# spaces by _head, keys_at, numbers_written and typed_number: 12'100.5 is 12100.5, it was 100.5. Only between a
# first group of one to three digits and groups of three, so a quote or a minute mark after a number ('10', the 90's,
# 2020's, 46'), a feet-and-inches 5'10") stays what it was: of the 52 apostrophes after a digit in vi-news, km-news
# and Cranfield (minute marks and quotes' ends), none has a digit after it. Not in GROUP_SPACES, whose other rules
# (grouping_after's, search.lang.pieces' joined runs) are a space's.
GROUP_MARKS = "'\u2019"
GROUPS = GROUP_SPACES + GROUP_MARKS
MAX_BEFORE = 40  # characters before a number grouped with spaces that grouping_after reads (a date word's)
# What may stand before a percent sign written before its number (Turkish %10): nothing, a space or an opening
# mark; not a letter, a digit or a slash (a%20b, /%30: an address's escapes).
PERCENT_BEFORE = "(\"'«“‘"
# A word for "percent" after a number, in the languages of the table (search/lang/table.py). A word of a script
# written with spaces stands after one space (or a no-break one) and before no letter or digit, in any case
# (Cranfield's 10 per cent, a title's 10 Percent, Russian's cases: 10 процентов, 5 процента; Hungarian's 10
# százalékkal "by 10 percent"); a word of a script written without spaces (SEGMENTED: Khmer, Thai, Lao, Burmese,
# Japanese) glued to the number or after spaces (PERCENT_GLUE, U+200B ZERO WIDTH SPACE among them, as Khmer
# writes ១០​ភាគរយ), and to the word after it (២១ភាគរយនៃ: 41 of km-news's 77 ភាគរយ after a number).
# By language (search/lang/table.py codes), with the other forms of the same words (review-numbers-3: cases, plurals,
# abbreviations): a quoted phrase typed with a percent sign ("10% từ") is also the phrase with the words of the
# index's languages in its place (10 phần trăm từ: percent_phrases). Greek capitals drop the tonos (ΤΟΙΣ ΕΚΑΤΟ).
PERCENT_WORDS_OF = {
    "en": ("percent", "per cent", "pct"), "fr": ("pour cent",), "vi": ("phần trăm", "phan tram"),
    "id": ("persen", "per sen"), "ms": ("peratus", "persen"), "es": ("por ciento",), "pt": ("por cento",),
    "it": ("per cento", "percento"), "de": ("prozent",), "nl": ("procent",), "sv": ("procent",), "da": ("procent",),
    "pl": ("procent", "proc.", "procentów", "procenty"),
    "cs": ("procent", "procenta", "procento", "procentů", "procentům"),
    "eo": ("procentoj",), "lt": ("procentų", "procentai", "procentus", "procentas", "procentais"),
    "ro": ("la sută", "la suta", "procente"), "no": ("prosent",),
    "fi": ("prosenttia", "prosentin", "prosentti", "prosenttiin", "prosentilla", "prosentista"),
    "et": ("protsenti", "protsent", "protsendi", "protsendini", "protsendiga"),
    "hu": ("százalék", "százalékkal", "százalékos", "százalékot", "százalékra", "százalékban", "százaléka",
           "százalékát", "százalékon", "százalékig"),
    "ru": ("процент", "процента", "процентов", "процентам", "процентами", "процентах", "проценту", "процентом",
           "проц."),
    "sr": ("одсто", "посто", "процената", "проценат", "posto", "odsto", "procenat", "procenata"),
    "el": ("τοις εκατό", "τοις εκατόν", "τοις εκατο", "τοις εκατον"),
    "ar": ("في المئة", "في المائة", "بالمئة", "بالمائة"), "fa": ("درصد",),
    "hi": ("प्रतिशत", "फीसदी", "फ़ीसदी", "फीसद", "फ़ीसद"), "ne": ("प्रतिशत",), "ta": ("சதவீதம்", "சதவிகிதம்"),
    "hy": ("տոկոս", "տոկոսով", "տոկոսը", "տոկոսի"), "yi": ("פּראָצענט", "פראצענט"), "ga": ("faoin gcéad",),
    "km": ("ភាគរយ",), "th": ("เปอร์เซ็นต์", "เปอร์เซนต์"), "lo": ("ເປີເຊັນ", "ສ່ວນຮ້ອຍ"), "my": ("ရာခိုင်နှုန်း",),
    "ja": ("パーセント",)}
# Every word, each once (numbers-5: one home, PERCENT_WORDS_OF; it was written twice, kept equal by a test)
PERCENT_WORDS = tuple(dict.fromkeys(w for words in PERCENT_WORDS_OF.values() for w in words))
# A word for "percent" before the number: Thai ร้อยละ 10 and Lao ຮ້ອຍລະ 10 (glued or not), Chinese 百分之10,
# Turkish yüzde 10 (after a space: a word of a script with spaces, as above).
PERCENT_FIRST = ("ร้อยละ", "ຮ້ອຍລະ", "百分之", "yüzde")
PERCENT_GLUE = " \u00a0\u202f\u200b"  # between a number and a percent word of a script without spaces
MAX_GLUE = 3  # of them (១២ ​ទៅ: a space and a zero width space)
GROUP_DIGITS = 3  # digits of a group after the first (1.000, 1,234,567): an ambiguous decimal, or grouping
KEY_MARK = "#"  # begins a number's key (no word holds it)

_DIGIT = "[" + "".join(f"{z}-{chr(ord(z) + 9)}" for z in DIGIT_ZEROS) + "]"
_SEP = "[" + re.escape(DECIMAL_POINTS) + "]"
_SEGMENTED = re.compile(f"[{SEGMENTED}]")  # a letter of a script written without spaces (Khmer ចំនួន២ ៨៨៨ ៤៦១)


def words_pattern(words: tuple[str, ...], glued: bool) -> str:
    """The alternation of ``words`` of scripts written without spaces (``glued``: a zero width space may stand
    inside, as Khmer writes ១០​ភាគ​រយ, 3 of km-news's 77) or with, the longest first (the page's text.js
    wordsPattern builds the same)."""
    chosen = [w for w in words if bool(_SEGMENTED.match(w)) == glued]
    inside = "\u200b?" if glued else ""
    return "|".join(inside.join(map(re.escape, w)) for w in sorted(chosen, key=len, reverse=True)) or "(?!)"


def _lead(words: tuple[str, ...], glued: bool) -> str:
    """A lookahead for the first letters of ``words`` (``words_pattern``'s): it changes nothing that matches, but
    fails at once where no word begins (a digit before a space and a word, in most texts), where the alternation
    of 60 words was tried one by one (the page's patterns do without it)."""
    firsts = {w[0] for w in words if bool(_SEGMENTED.match(w)) == glued}
    return f"(?=[{re.escape(''.join(sorted(firsts)))}])" if firsts else ""


_GLUE = f"[{PERCENT_GLUE}]{{0,{MAX_GLUE}}}"
# After a number: a percent word of a script with spaces after one space, before no letter or digit; one of a
# script without spaces after no, or a few, spaces (its word boundary unknown)
_AFTER = (rf"(?:[{PERCENT_SPACES}](?i:{_lead(PERCENT_WORDS, False)}(?:{words_pattern(PERCENT_WORDS, False)}))"
          rf"(?!\w))|(?:{_GLUE}{_lead(PERCENT_WORDS, True)}(?:{words_pattern(PERCENT_WORDS, True)}))")
# Before a number (ร้อยละ 10, yüzde 10), the same way round
_FIRST = (rf"(?:(?<!\w)(?i:{words_pattern(PERCENT_FIRST, False)})[{PERCENT_SPACES}])"
          rf"|(?:(?:{words_pattern(PERCENT_FIRST, True)}){_GLUE})")
# A percentage point is no percentage: a percent sign or word followed by a word for "point" (after a space or a
# hyphen, or glued: Korean and Japanese news write 3%p, 0.5%포인트; Japanese 0.5パーセントポイント, as the percent
# word パーセント glued to ポイント was read; German 2 %-Punkte; English 2% points, 2 pct pts; Turkish %2 puan is left).
# Written with the word for percentage, the others were never read as percentages (10 percentage points, 0,5 điểm
# phần trăm, 5 процентных пункта, 3 pp: the number, then no percent word). A word of one letter (p) only glued to
# the sign, and no word followed by a dot, an ampersand or a slash and a letter or digit: 5% p.a. (per annum),
# 5%p.a., 10% P&G, 10% P/E are percentages (review-numbers-4: they were none).
POINT_WORDS = ("p", "pp", "pt", "pts", "point", "points", "punkt", "punkte", "punkten", "포인트", "ポイント",
               # numbers-5: Turkish writes the sign or its word before the number and puan after it (%2 puan, yüzde 2
               # puanlık): after a number read as a percentage from before it, the same words end it (_POINT_NEXT)
               "puan", "puanlık", "puanlik", "puana", "puanı", "puanla", "puanlar", "puandan", "puanın")
_POINT_WORD = (rf"(?:[{PERCENT_SPACES}-]?(?i:{words_pattern(tuple(w for w in POINT_WORDS if len(w) > 1), False)})"
               rf"|(?i:{words_pattern(tuple(w for w in POINT_WORDS if len(w) == 1), False)}))(?!\w)(?![.&/]\w)"
               rf"|{_GLUE}(?:{words_pattern(POINT_WORDS, True)})")
_POINT = f"(?!{_POINT_WORD})"
# After a number read as a percentage from a sign or word before it (%2 puan, yüzde 2 puan: a percentage point)
_POINT_NEXT = re.compile(f"(?:{_POINT_WORD})")
# A run of digits and single separators, not inside a longer one, then a percent sign or word (in any case: a
# title's 10 Percent) not of a percentage point (_POINT), if any. The page's text.js typedNumber reads a query word
# with the same run and a percent sign, from the same tables.
NUMBER = re.compile(
    rf"(?<!{_DIGIT})(?<!{_DIGIT}{_SEP})({_DIGIT}+(?:{_SEP}{_DIGIT}+)*)(?!{_SEP}?{_DIGIT})"
    rf"((?:(?:[{PERCENT_SPACES}]?[{PERCENT_SIGNS}])|{_AFTER}){_POINT})?")
# Where a key may stand: a digit before a separator and a digit, or before a percent sign or word; or a percent
# sign before a digit (_BEFORE, looked for apart: in one pattern, its alternative made the search 5 times slower).
# Looking for these alone, then reading the whole number around them, costs a fifth of reading every number.
_SIGN = re.compile(rf"{_DIGIT}(?:{_SEP}{_DIGIT}|[{PERCENT_SPACES}]?[{PERCENT_SIGNS}]|{_AFTER})")
_BEFORE = re.compile(rf"[{PERCENT_SIGNS}](?={_DIGIT})")
# Or a percent word: looked for only in a text that holds a letter each of them needs (_FIRST_LETTERS: its last
# in code point order, in either case: ü Ü, ล, ລ, 百), as the alternation searched in every text made the keys'
# search 5 times slower (vi-news, km-news, Cranfield: 0.64 s, not 0.13)
_BEFORE_WORDS = re.compile(rf"(?:[{PERCENT_SIGNS}]|{_FIRST})(?={_DIGIT})")
_FIRST_LETTERS = "".join(sorted({c for w in PERCENT_FIRST for c in {max(w), max(w).upper(), max(w).lower()}}))
_FIRST_END = re.compile(f"(?:{_FIRST})$")  # a percent word before a number, at the end of the text before it
_GROUP = re.compile(rf"{_DIGIT}{{{GROUP_DIGITS}}}(?!{_DIGIT})")  # a group of three digits
# The first groups of a number grouped with spaces, typed (1 234,5): its first digit not a zero.
_HEAD = re.compile(rf"[{''.join(f'{chr(ord(z) + 1)}-{chr(ord(z) + 9)}' for z in DIGIT_ZEROS)}]{_DIGIT}{{0,2}}"
                   rf"(?:[{re.escape(GROUPS)}]{_DIGIT}{{{GROUP_DIGITS}}})+(?!{_DIGIT})")
_UNGROUP = str.maketrans("", "", GROUPS)
# Between the ends of a range of percentages whose first end is written without its sign (10-15%, 10 - 15%, 3,5-4%:
# 103 times in vi-news, km-news and Cranfield; 10 to 20 percent, từ 10 đến 30%: 10): a dash, or a word for "to"
# (Vietnamese, English, French, Indonesian, Spanish, Russian, Khmer: naik 10 hingga 15 persen, del 10 al 15 %,
# от 10 до 15%, ពី ១០ ទៅ ១៥%), each end the percentage it is (10% finds 10-15%); not a run of dashes (12-03-15%),
# nor a first end larger than the last (quý 1/2020 tới 40%: 2020 is no percentage).
RANGE_DASHES = "-\u2013"  # and the en dash
# Thai's ถึง, Lao's ຫາ, Chinese 至 and 到, Khmer's ដល់ (ពី ១០ ដល់ ១៥ ភាគរយ) too: glued to the numbers or with spaces (a few,
# as PERCENT_GLUE: ៣៥​ទៅ​៤០​ភាគរយ, ១២ ​ទៅ ១៦ ភាគរយ in km-news).
RANGE_WORDS = ("đến", "tới", "to", "à", "hingga", "sampai", "al", "до", "ila", "ទៅ", "ដល់", "ถึง", "ຫາ", "至", "到")
# review-numbers-7: a range word in any case (YÜZDE 5 ILA 10, 10 TO 20 PERCENT, TỪ 10 ĐẾN 20%, ОТ 10 ДО 15%: the first
# end was no percentage), as percent and unit words are read; (?i) takes i, ı, I and İ for one another (the page's
# text.js caseless)
_RANGE_BETWEEN = (rf"(?: ?[{RANGE_DASHES}] ?| (?i:{words_pattern(RANGE_WORDS, False)}) "
                  rf"|{_GLUE}(?:{words_pattern(RANGE_WORDS, True)}){_GLUE})")
_RANGE = re.compile(rf"(?<!{_DIGIT})(?<!{_DIGIT}{_SEP})(?<!{_DIGIT}[{RANGE_DASHES}])({_DIGIT}+(?:{_SEP}{_DIGIT}+)*)"
                    rf"{_RANGE_BETWEEN}$")
_RANGE_NEXT = re.compile(_RANGE_BETWEEN + f"(?={_DIGIT})")
# A number and a range's dash or word at the end of the text before a number (after a percent word: _range_first)
_RANGE_TAIL = re.compile(rf"({_DIGIT}+(?:{_SEP}{_DIGIT}+)*){_RANGE_BETWEEN}$")
# numbers-5: the last end of a range after a percent word before the number (_range_end) is checked as its first is:
# the first is a percentage (the word says so), the last only when nothing after it makes it another quantity. Not
# before a word for a magnitude or a count (ร้อยละ 5 ถึง 10 ล้านคน: 10 million people; 百分之五到十万; yüzde 5 ila 10
# milyon), nor a percentage point (yüzde 2 ila 3 puan: _POINT_NEXT), nor over MAX_PERCENT after a first end at or
# under it (ร้อยละ 5 ถึง 2568: ถึง also says "until", and 2568 is a year; yüzde 5 ila 2025).
# review-numbers-5: nor before a month (ร้อยละ 10 ถึง 31 ธันวาคม, ธ.ค.; 百分之5到10月, 到10日: until a date)
RANGE_UNITS = ("ล้าน", "พัน", "หมื่น", "แสน", "คน", "บาท", "ราย", "ครั้ง", "เท่า",  # Thai
               "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
               "ตุลาคม", "พฤศจิกายน", "ธันวาคม", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.",
               "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",  # Thai months
               "ລ້ານ", "ພັນ", "ໝື່ນ", "ແສນ", "ຄົນ", "ກີບ", "ເທື່ອ",  # Lao
               "ມັງກອນ", "ກຸມພາ", "ມີນາ", "ເມສາ", "ພຶດສະພາ", "ມິຖຸນາ", "ກໍລະກົດ", "ສິງຫາ", "ກັນຍາ", "ຕຸລາ", "ພະຈິກ",
               "ທັນວາ",  # Lao months
               "万", "亿", "億", "千", "百", "个", "個", "人", "元", "倍", "名", "岁", "歲", "年",  # Chinese
               "月", "日", "号", "號",  # Chinese dates
               # numbers-6: Chinese counters and measures (百分之5至10天, 10次: 10 days, 10 times), simplified and
               # traditional, each glued as Chinese writes them
               "次", "天", "周", "週", "小时", "小時", "分钟", "分鐘", "秒", "家", "户", "戶", "项", "項",
               "件", "辆", "輛", "吨", "噸", "公斤", "公里", "美元", "港元", "欧元", "歐元", "英镑", "英鎊",
               "只", "隻", "条", "條", "张", "張", "套", "场", "場",
               "tl", "kez", "defa")  # Turkish (TL'lik: the apostrophe ends the word), the inflected ones below
# numbers-6: Turkish adds its suffixes to the unit word (yüzde 5 ila 10 milyonu, milyona, milyondan, yıllık, katı):
# each stem of TURKISH_UNITS with the suffixes Turkish adds to a noun (case, possessive, plural, -lık, -ca after the
# plural, the copula), in the stem's vowel harmony (bine, not bina: a building; saat takes the front vowels,
# saate), with the consonants' changes (kattan, saatte; milyonluğa). A whole word: a suffix no stem takes is no
# unit (katılım, bina), nor TURKISH_NOT_UNITS (binde, per mille: yüzde 5 ila 10 binde 3).
TURKISH_UNITS = ("bin", "milyon", "milyar", "trilyon", "kişi", "lira", "dolar", "euro", "avro", "yıl", "kat", "gün",
                 "hafta", "saat")
TURKISH_FRONT = frozenset({"saat"})  # stems taking the front vowels against their own (Arabic loans)
TURKISH_NOT_UNITS = frozenset({"binde"})
_TR_VOWELS = "aıoueiöü"
_TR_HARD = "çfhkpsşt"  # after them d is t (kattan, saatte)


def _tr_suffixes(base: str, vowel: str, possessed: bool = False) -> list[str]:
    """``base`` with each case suffix (accusative, dative, locative, ablative, genitive, instrumental, the copula),
    its last vowel ``vowel``; after a possessive (``possessed``: milyonu) with its n (milyonunu, milyonundan)."""
    a = "a" if vowel in "aıou" else "e"
    i = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}[vowel]
    if possessed:
        return [f"{base}n{i}", f"{base}n{a}", f"{base}nd{a}", f"{base}nd{a}n", f"{base}n{i}n", f"{base}yl{a}"]
    soft = base[:-1] + "ğ" if base.endswith("k") and base[-2] in "ıiuü" and base[-3] == "l" else base  # -lık
    open_ = base[-1] in _TR_VOWELS
    d = "t" if base[-1] in _TR_HARD else "d"
    return [f"{soft}{'y' if open_ else ''}{i}", f"{soft}{'y' if open_ else ''}{a}", f"{base}{d}{a}", f"{base}{d}{a}n",
            f"{soft}{'n' if open_ else ''}{i}n", f"{base}{'y' if open_ else ''}l{a}", f"{base}{d}{i}r"]


def turkish_forms(stem: str) -> list[str]:
    """The forms of a Turkish unit word ``stem`` (``TURKISH_UNITS``): ``milyon`` -> milyon, milyonu, milyona,
    milyondan, milyonunu, milyonlar, milyonlarca, milyonluk, milyonluğa..."""
    vowel = "e" if stem in TURKISH_FRONT else [c for c in stem if c in _TR_VOWELS][-1]
    a = "a" if vowel in "aıou" else "e"
    i = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}[vowel]
    own = f"{stem}{'s' if stem[-1] in _TR_VOWELS else ''}{i}"  # its possessive (milyonu, lirası)
    plural = f"{stem}l{a}r"
    derived = f"{stem}l{i}k"  # milyonluk, yıllık
    out = [stem, *_tr_suffixes(stem, vowel), own, *_tr_suffixes(own, i, True), plural, f"{plural}c{a}",
           *_tr_suffixes(plural, a), *_tr_suffixes(f"{plural}{'ı' if a == 'a' else 'i'}", a, True), derived,
           *_tr_suffixes(derived, i), f"{derived}l{a}r"]
    return [f for f in dict.fromkeys(out) if f not in TURKISH_NOT_UNITS]


def trie_pattern(words: list[str]) -> str:
    """A pattern matching exactly ``words`` (letters only), written as their tree of shared beginnings: a fifth
    of the alternation's length (``milyon(?:u(?:n(?:a|u))?|...)?``), as the page receives it."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = tree
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def walk(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [re.escape(c) + walk(node[c]) for c in sorted(c for c in node if c)]
        if not branches:
            return ""
        inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return (inner if inner.startswith("(?:") and len(branches) > 1 else f"(?:{inner})") + "?"
        return inner

    return walk(tree)


# The inflected forms, as one pattern (the page's text.js reads it from the bundle: rangeInflected)
RANGE_INFLECTED = trie_pattern([f for s in TURKISH_UNITS for f in turkish_forms(s)])
MAX_PERCENT = 100
_RANGE_UNIT = re.compile(rf"(?:[{PERCENT_SPACES}](?i:{words_pattern(RANGE_UNITS, False)}|{RANGE_INFLECTED})(?!\w))"
                         rf"|(?:{_GLUE}(?:{words_pattern(RANGE_UNITS, True)}))")
# Words after which numbers with a space between them are two (a date's day or month, or an ordinal, then another
# number), not one grouped with spaces: tháng 12 100% is the 12th month and 100%, May 12 100 people 100 people
# (Vietnamese and English months and days, without accents as typed too); Khmer's month ខែ and "the nth" ទី
# (ថ្ងៃទី១២ ១០០%: day 12), glued to the words before them as Khmer writes; the siblings of the languages that write
# the day after a word: Thai's date วันที่ and Lao's ວັນທີ (not ที่ alone, which ends พื้นที่ "area" and เจ้าหน้าที่
# "officials": เจ้าหน้าที่ 1 200 นาย; nor a month word a compound ends with: ทุกเดือน 1 000 บาท, every month),
# Indonesian's tanggal (tgl.), English months abbreviated with a dot (Sept. 12 100 people: months.toml's spellings;
# not May., a sentence's end). Not the languages writing the day first (en mai 2 000 personnes is 2000).
DATE_WORDS = frozenset({
    "tháng", "ngày", "thang", "ngay", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.",
    "dec.", "tanggal", "tgl", "tgl.", "ខែ", "ទី", "วันที่", "ວັນທີ"})


def grouping_after(before: str) -> bool:
    """Whether a number grouped with spaces may begin after ``before`` (the text before its first group): not
    after a letter, a digit or a closing bracket glued to it (``A52 256GB``, ``(024)3 791 29 05``: a name's or a
    phone number's digits) but in a script written without spaces (Khmer ``ចំនួន២ ៨៨៨ ៤៦១``), a number and a space
    (``0904 130 130``: a phone number), nor a date word (``DATE_WORDS``: ``tháng 12 100%``, Khmer's glued).
    Of the 98 runs of digits in groups of three after a space in vi-news, km-news and the seeds, read by eye, 64
    are one number and 34 none (phone numbers, a model's ``A52 256GB``, coordinates): 13 of those were read as one
    number before this rule, none now, and the 64 still are."""
    if not before:
        return True
    last = before[-1]
    if (unicodedata.category(last)[0] in "LMN" or unicodedata.category(last) == "Pe") and not _SEGMENTED.match(last):
        return False
    spaced = before.rstrip(GROUP_SPACES)
    if len(spaced) < len(before) and spaced and spaced[-1] in DIGIT_VALUES:
        return False
    dot = "." if spaced.endswith(".") else ""  # Sept. 12 100 (DATE_WORDS' abbreviations)
    start = end = len(spaced) - len(dot)
    while start and unicodedata.category(spaced[start - 1])[0] in "LM":
        start -= 1
    word = spaced[start:end].lower() + dot
    return not any(word == d or _SEGMENTED.match(d) and word.endswith(d) for d in DATE_WORDS)


# Chinese writes a percentage 百分之 (of a hundred) then the number, in digits (百分之10: PERCENT_FIRST) or in Chinese
# numerals: 百分之十 is 10%, 百分之二十五 25%, 百分之三点五 3.5%, 百分之百 100% (traditional 點, 兩 too); not
# 百分之十几 or 百分之二十多 (ten-odd, twenty-odd percent). Their keys come after those of the digits.
HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
HAN_UNITS = {"十": 10, "百": 100, "千": 1000}
HAN_POINTS = "点點"
_HAN_DIGIT = "[" + "".join(HAN_DIGITS) + "]"
HAN_PERCENT = re.compile(f"百分之([{''.join(HAN_DIGITS)}{''.join(HAN_UNITS)}]+(?:[{HAN_POINTS}]{_HAN_DIGIT}+)?)"
                          f"(?![几幾多余餘来來{''.join(HAN_DIGITS)}{''.join(HAN_UNITS)}{HAN_POINTS}])")  # the whole run


def han_value(numerals: str) -> str | None:
    """Chinese numerals -> their value in ASCII digits with a dot (``二十五`` -> ``"25"``, ``三点五`` -> ``"3.5"``,
    ``百`` -> ``"100"``, ``一千零五`` -> ``"1005"``); None for a run that is no one number (``十十``, ``十三五``)."""
    for point in HAN_POINTS:
        numerals = numerals.replace(point, HAN_POINTS[0])
    whole, _, fraction = numerals.partition(HAN_POINTS[0])
    if not whole:
        return None
    if not any(c in HAN_UNITS for c in whole):
        total = int("".join(str(HAN_DIGITS[c]) for c in whole))  # 二〇: digit by digit
    else:
        total, current, last, previous = 0, 0, 10 * max(HAN_UNITS.values()), ""
        for c in whole:
            if c in HAN_DIGITS:
                if previous in HAN_DIGITS and HAN_DIGITS[previous]:
                    return None  # 十三五: two digits side by side
                current = HAN_DIGITS[c]  # 零 holds a place (一千零五)
            else:
                if HAN_UNITS[c] >= last:
                    return None  # 十十, 五十百: each unit smaller than the one before
                total += (current or 1) * HAN_UNITS[c]
                current, last = 0, HAN_UNITS[c]
            previous = c
        total += current
    fraction = "".join(str(HAN_DIGITS[c]) for c in fraction).rstrip("0")
    return str(total) + ("." + fraction if fraction else "")


# numbers-5: the last end of a range in Chinese numerals (百分之五到十, 百分之三点五至四点五, 百分之五-十: 10% too, as
# 百分之5到10), after a range word or dash, checked as _range_end checks one in digits (no smaller, no magnitude or
# count after it: 百分之五到十万, 百分之五到十个); not the 百 of 百分之 (百分之五到百分之十: its own key).
_HAN_RUN = f"[{''.join(HAN_DIGITS)}{''.join(HAN_UNITS)}]+(?:[{HAN_POINTS}]{_HAN_DIGIT}+)?"
_HAN_RANGE = re.compile(f"[{re.escape(''.join(w for w in RANGE_WORDS if w in '至到') + RANGE_DASHES)}]"
                        f"(?:({_HAN_RUN})(?![几幾多余餘来來分{''.join(HAN_DIGITS)}{''.join(HAN_UNITS)}{HAN_POINTS}])"
                        f"|({_DIGIT}+(?:{_SEP}{_DIGIT}+)*)(?!{_SEP}?{_DIGIT}))")  # or in digits: 百分之五到10


# numbers-7: 百分之 then digits, a range word and Chinese numerals (百分之5到十, 百分之3.5至四点五): the last end is a
# percentage too, as in 百分之五到十 and 百分之5到10 (number_keys' _range_end reads digits only: 10% was missing)
_HAN_DIGITS_FIRST = re.compile(rf"百分之{_GLUE}({_DIGIT}+(?:{_SEP}{_DIGIT}+)*)(?!{_SEP}?{_DIGIT})")


def _han_keys(text: str) -> list[str]:
    """The keys of the percentages ``text`` writes 百分之 and Chinese numerals, each end of a range too (its first
    end in digits: 百分之5到十)."""
    out = []
    for m in _HAN_DIGITS_FIRST.finditer(text):
        r = _HAN_RANGE.match(text, m.end())
        low = _value(m[1])
        if r is None or not r[1] or low is None or _other_quantity(text, r.end()):
            continue  # 百分之5到10: number_keys' (_range_end)
        high = han_value(r[1])
        if high is not None and _last_end(low[0], high):
            out += [_key(high), _key(high + "%")] if "." in high else [_key(high + "%")]
    for m in HAN_PERCENT.finditer(text):
        value = han_value(m[1])
        if value is None:
            continue
        out += [_key(value), _key(value + "%")] if "." in value else [_key(value + "%")]
        r = _HAN_RANGE.match(text, m.end())
        if r is None or _other_quantity(text, r.end()):
            continue
        digits = _value(r[2]) if r[2] else None
        high = han_value(r[1]) if r[1] else digits[0] if digits is not None else None
        if high is not None and _last_end(value, high):  # a decimal in digits has its key already (number_keys)
            out += [_key(high), _key(high + "%")] if "." in high and r[1] else [_key(high + "%")]
    return out


def _value(run: str) -> tuple[str, bool] | None:
    """A run of digits and separators -> (its value in ASCII digits with a dot, whether it is a decimal);
    None for a run that is no one number (``12.03.2024``) or an ambiguous one (``1.000``)."""
    digits = ascii_digits(run)
    parts = re.split(f"({_SEP})", digits)
    numbers, seps = parts[::2], parts[1::2]
    whole = numbers[0]
    if not seps:
        return _whole(whole), False
    grouping = seps[:-1]
    if any(s != seps[0] for s in grouping) or any(len(n) != GROUP_DIGITS for n in numbers[1:-1]):
        return None
    if grouping and (len(whole) > GROUP_DIGITS or whole[0] == "0"):
        return None
    if seps[-1] == seps[0] and grouping:  # 1.000.000: a whole number in groups
        return (_whole("".join(numbers)), False) if len(numbers[-1]) == GROUP_DIGITS else None
    if not grouping and len(numbers[-1]) == GROUP_DIGITS:
        return None  # 1.000, 6,497: grouping in one convention, a decimal in the other
    fraction = numbers[-1].rstrip("0")  # 3,50 is 3,5; 3,0 is 3
    return _whole("".join(numbers[:-1])) + ("." + fraction if fraction else ""), True


def _whole(digits: str) -> str:
    """Digits without their leading zeros (``05%`` is ``5%``); not ``int()``, which refuses 4,300 digits."""
    return digits.lstrip("0") or "0"


def _key(value: str) -> str:
    key = KEY_MARK + value
    return f"{key} {key}"


def number_keys(text: str) -> list[str]:
    """The ``exact`` keys of the decimals and percentages ``text`` writes, in order: ``"tăng 3,5% và 10 %"`` ->
    ``["#3.5 #3.5", "#3.5% #3.5%", "#10% #10%"]``."""
    out: list[str] = []
    at = 0
    words = any(c in text for c in _FIRST_LETTERS)
    first = _BEFORE_WORDS if words else _BEFORE
    # (_BEFORE is a percent sign: a text without one, most, is not scanned for it)
    sign = _SIGN.search(text)
    pre = first.search(text) if words or any(c in text for c in PERCENT_SIGNS) else None
    while sign is not None or pre is not None:
        if sign is not None and sign.start() < at:
            sign = _SIGN.search(text, at)
        if pre is not None and pre.start() < at:
            pre = first.search(text, at)
        before = pre is not None and (sign is None or pre.start() < sign.start())  # %10 (Turkish), ร้อยละ 10
        signed = False  # a percent sign before the number (%10), not a word
        if before:
            assert pre is not None
            begin = at = pre.end()
            signed = text[pre.start()] in PERCENT_SIGNS
            if signed and pre.start() and not (text[pre.start() - 1].isspace()
                                               or text[pre.start() - 1] in PERCENT_BEFORE):
                continue  # a%20b, /%30
        elif sign is not None:
            begin = sign.start()
            while begin and (text[begin - 1] in DIGIT_VALUES  # back to where the number begins (1.234,5: its 4)
                             or (text[begin - 1] in DECIMAL_POINTS and begin > 1 and text[begin - 2] in DIGIT_VALUES)):
                begin -= 1
        else:
            break
        m = NUMBER.match(text, begin)
        assert m is not None  # from where the run of digits and separators begins, the whole run matches
        at = m.end()
        if signed and (m[2] or text[at:at + 1].isalnum()):
            continue  # %10%, %20b
        if before and not m[2] and _pointed(text, m.end(1)):
            before = False  # %2 puan, yüzde 2 puan: percentage points (%2,5 puan: the decimal still, as keys_at)
        head = _head(text, begin)
        found = _value(text[head:begin].translate(_UNGROUP) + m[1])
        if found is None:
            continue
        value, decimal = found
        if m[2] and head == begin and (low := _range_start(text, begin, value)) is not None:
            out.append(_key(low[2] + "%"))  # 10-15%: 10% too
        if decimal:
            out.append(_key(value))
        if m[2] or before:
            out.append(_key(value + "%"))
        if before and not signed and (high := _range_end(text, at, value)) is not None:
            out.append(_key(high + "%"))  # ร้อยละ 5 ถึง 10: 10% too
    return out + _han_keys(text) if "百分之" in text else out


def _range_start(text: str, begin: int, high: str) -> tuple[int, int, str] | None:
    """The first end of a range whose last, of value ``high``, begins at ``begin`` (``10-15%``, ``3,5 - 4%``, ``10
    to 20 percent``): (start, end, value); None when the number before is no smaller end (``2020-15%``), stands in a
    longer run (``12-03-15%``) or there is none."""
    m = _RANGE.search(text[max(0, begin - MAX_BEFORE):begin])
    if m is None:
        return None
    found = _value(m[1])
    if found is None or float(found[0]) > float(high):
        return None
    start = begin - len(m[0])
    return start, start + len(m[1]), found[0]


def _range_end(text: str, end: int, low: str) -> str | None:
    """The value of the last end of a range whose first, of value ``low``, ends at ``end`` after a percent word
    before it (``ร้อยละ 5 ถึง 10``, ``ຮ້ອຍລະ 5 ຫາ 10``, ``百分之5至10``, ``yüzde 5-10``, ``yüzde 5 ila 10``: each end
    the percentage it is); None when none follows, when it is no larger (``ร้อยละ 5 ถึง 2``), is grouped with spaces
    or carries its own percent sign or word (then its own key)."""
    dash = _RANGE_NEXT.match(text, end)
    if dash is None:
        return None
    m = NUMBER.match(text, dash.end())
    if m is None or m[2] or _HEAD.match(text, dash.end()) is not None or _other_quantity(text, m.end(1)):
        return None
    found = _value(m[1])
    return found[0] if found is not None and _last_end(low, found[0]) else None


def _last_end(low: str, high: str) -> bool:
    """Whether ``high`` may be the last end of a range of percentages after a percent word from ``low``: no smaller,
    and not over ``MAX_PERCENT`` when ``low`` is not (ร้อยละ 5 ถึง 2568: a year)."""
    return float(low) <= float(high) and (float(high) <= MAX_PERCENT or float(low) > MAX_PERCENT)


def _other_quantity(text: str, end: int) -> bool:
    """Whether a word for a magnitude, a count or a point follows the number ending at ``end`` (``RANGE_UNITS``,
    ``_POINT_NEXT``): ร้อยละ 5 ถึง 10 ล้านคน, yüzde 2 ila 3 puan."""
    return _RANGE_UNIT.match(text, end) is not None or _POINT_NEXT.match(text, end) is not None


def _pointed(text: str, end: int) -> bool:
    """Whether the number ending at ``end``, read as a percentage from a sign or word before it, is a percentage
    point (``%2 puan``, ``yüzde 2 puan``), or the first end of a range of them (``yüzde 2 ila 3 puan``)."""
    if _POINT_NEXT.match(text, end) is not None:
        return True
    dash = _RANGE_NEXT.match(text, end)
    m = NUMBER.match(text, dash.end()) if dash is not None else None
    return m is not None and not m[2] and _POINT_NEXT.match(text, m.end(1)) is not None


def _range_first(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is the last end of a range after a percent word (``_range_end``)."""
    window = max(0, start - MAX_BEFORE)
    m = _RANGE_TAIL.search(text[window:start])
    if m is None or _FIRST_END.search(text[max(0, window + m.start() - MAX_BEFORE):window + m.start()]) is None:
        return False
    low = _value(m[1])
    if low is None or _range_end(text, window + m.end(1), low[0]) is None:
        return False
    number = NUMBER.match(text, start)
    return number is not None and number.end(1) == end


def _head(text: str, begin: int) -> int:
    """Where a number grouped with spaces begins when the run at ``begin`` is its last group (``1 234,5``,
    ``10 000 %``): groups of three digits back to a first of one to three not beginning with a zero; ``begin``
    when there is none (``2024 100%``: four digits are no first group)."""
    head = begin
    while _GROUP.match(text, head) and head > 1 and text[head - 1] in GROUPS and text[head - 2] in DIGIT_VALUES:
        first = head - 1
        while first and text[first - 1] in DIGIT_VALUES:
            first -= 1
        if head - 1 - first > GROUP_DIGITS:
            break
        head = first
    if head == begin or not DIGIT_VALUES[text[head]] or (head > 1 and text[head - 1] in DECIMAL_POINTS
                                                         and text[head - 2] in DIGIT_VALUES):
        return begin  # 0 000,5; 5,1 050,3: its 1 is 5,1's
    return head if grouping_after(text[max(0, head - MAX_BEFORE):head]) else begin


def keys_at(text: str, start: int, end: int) -> set[str]:
    """The keys of the number written exactly at ``text[start:end]`` (a highlighter's hit: the digits of ``3,5``,
    the ``10`` of ``10 %``, the words ``1 234,5``), as ``number_keys`` reads it there; none for a part of a
    number (the ``3`` and ``5`` of ``3, 5``, the ``10`` of ``10 000 %``)."""
    head = _HEAD.match(text, start)
    for last in dict.fromkeys((head.end() - GROUP_DIGITS if head is not None else start, start)):  # 1 234,5: its 5
        m = NUMBER.match(text, last)
        if m is not None and m.end(1) == end and _head(text, last) == start:
            break
    else:
        return set()
    assert m is not None
    found = _value(text[start:last].translate(_UNGROUP) + m[1])
    if found is None:
        return set()
    value, decimal = found
    before = start > 0 and text[start - 1] in PERCENT_SIGNS and not m[2] and not text[m.end():m.end() + 1].isalnum() \
        and (start == 1 or text[start - 2].isspace() or text[start - 2] in PERCENT_BEFORE) \
        or _FIRST_END.search(text[max(0, start - MAX_BEFORE):start]) is not None or _range_first(text, start, end)
    before = before and not _pointed(text, end)  # %2 puan
    return {k for k, wanted in ((_key(value), decimal),
                                (_key(value + "%"), bool(m[2]) or before or _range_low(text, start, end)))
            if wanted}


def _range_low(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is the first end of a range of percentages (``_range_start``)."""
    dash = _RANGE_NEXT.match(text, end)
    if dash is None:
        return False
    m = NUMBER.match(text, dash.end())
    if m is None or not m[2] or _head(text, dash.end()) != dash.end():
        return False
    found = _value(m[1])
    low = _range_start(text, dash.end(), found[0]) if found is not None else None
    return low is not None and low[:2] == (start, end)


# A run of digits with separators or group spaces between them: where a number to mark may stand (numbers_written)
_RUN = re.compile(rf"{_DIGIT}+(?:(?:{_SEP}|[{re.escape(GROUPS)}]){_DIGIT}+)*")


def numbers_written(text: str, keys: set[str]) -> list[tuple[int, int, str]]:
    """Where ``text`` writes a number with one of ``keys`` (``keys_at``), however written (``3,50`` for ``3,5``,
    ``25,000.50`` for ``25000.5``, ``1 234,5`` for ``1234,5``): (start, end, key), the longest from each place."""
    out = []
    for m in _RUN.finditer(text):
        cuts = [i for i in range(m.start(), m.end()) if text[i] in GROUPS]
        ends = [*cuts, m.end()][::-1]
        at = m.start()
        for start in [m.start(), *(c + 1 for c in cuts)]:
            if start < at:
                continue
            for end in ends:
                found = keys_at(text, start, end) & keys if end > start else set()
                if found:
                    out.append((start, end, min(found)))
                    at = end
                    break
    return out


# review-numbers-7: the signs a number is typed with that are no punctuation (Unicode's Sm): +10%, −0,5%, ±2,5%, 10%+
# (the text's keys are the number's: tăng +10% is 10%); a "-" before a word is the query's NOT, never the word's
NUMBER_SIGNS = "+\u2212\u00b1"


def unpunctuated(typed: str) -> str:
    """``typed`` without the punctuation before and after it (not a percent sign): ``10%,`` -> ``10%``, ``(%10)`` ->
    ``%10`` (the page's syntax.js unpunctuated), and without a sign (``+10%`` -> ``10%``: ``NUMBER_SIGNS``).
    numbers-7: here from compile.py, as the query syntax (``_number_words``) and a word typed unquoted (compile.py
    ``word``) read a number with it too."""
    def stripped(c: str) -> bool:
        return (unicodedata.category(c)[0] == "P" or c in NUMBER_SIGNS) and c not in PERCENT_SIGNS

    start, end = 0, len(typed)
    while start < end and stripped(typed[start]):
        start += 1
    while end > start and stripped(typed[end - 1]):
        end -= 1
    return typed[start:end]


def typed_number(typed: str, after: str = "") -> str | None:
    """The ``exact`` key a query word typed as a decimal or a percentage searches (``3,5`` and ``3.5`` ->
    ``"#3.5 #3.5"``, ``10%`` and ``10 %`` (a phrase, or two words joined by ``search.query.compile``) ->
    ``"#10% #10%"``, ``3,5%`` -> ``"#3.5% #3.5%"``); None for any other word (``10``, ``1.000``, ``12.03.2024``),
    and for a number grouped with spaces typed ``after`` what it cannot follow (``grouping_after``: ``12 100%``
    after ``tháng``)."""
    before = typed[:1] in PERCENT_SIGNS  # %10 (Turkish)
    run = typed[1:] if before else typed
    if (head := _HEAD.match(run)) is not None:  # 1 234,5 (two words joined by search.query.syntax)
        if not grouping_after(after):
            return None
        run = head[0].translate(_UNGROUP) + run[head.end():]
    m = NUMBER.fullmatch(run)
    if m is None or (m[2] is not None and (before or m[2][-1] not in PERCENT_SIGNS)):
        return None  # "10 percent" typed is the phrase, as before; %10% is no number
    found = _value(m[1])
    if found is None:
        return None
    value, decimal = found
    if m[2] or before:
        return _key(value + "%")
    return _key(value) if decimal else None


# A whole number written in groups of three digits (1.000, 12,100, 12 100, ២ ៨៨៨ ៤៦១): a first group of one to three
# digits not beginning with a zero, then groups of exactly three, each after the same one separator
# (search.lang.pieces GROUP_SEPARATORS), the last before no digit nor the separator and a digit (12.03.2024,
# 12 100 20: no number); a word glued to the last group is its unit (1.000.000đ is 1000000).
GROUP_SEPARATORS = ". ,\u00a0\u202f\u2009\u2007"
# Written between the groups, beyond those typed: Arabic's thousands separator (١٢٬١٠٠) and Swiss German's apostrophe
# (12'100, 12’100), which split the words as the others do: without them, 12100 found those articles before
# grouped_keys and none after (review-numbers-4). Not the full-width comma (１２，１００円, but a Chinese list's
# 12，100).
WRITTEN_SEPARATORS = GROUP_SEPARATORS + "\u066c'\u2019\uff0c"
# numbers-5: the full-width comma groups only full-width digits (１２，１００円: a number written wholly in full-width
# forms, as Japanese writes it); between ASCII digits it is a Chinese list's comma (12，100). fold.py COMPAT folds
# the digits, not the comma, so the words are 12 100 either way: the key says which is one number.
FULL_WIDTH_COMMA = "\uff0c"
_FULL_WIDTH_DIGITS = frozenset("０１２３４５６７８９")
_NONZERO = "[" + "".join(f"{chr(ord(z) + 1)}-{chr(ord(z) + 9)}" for z in DIGIT_ZEROS) + "]"
_ZERO = "[" + "".join(DIGIT_ZEROS) + "]"
# numbers-5: not the whole part of a decimal (12.100,5, 12 100,5, 12,100.5: 12100.5 is no 12100), but of one whose
# decimals are zeros (12.100,00 is 12100, as number_keys reads 3,0 as 3)
# (The lookbehind after the first digit, not before it: a pattern that begins with a class is scanned for it in C,
# 4 times faster over the 5k corpus's texts than one that tries a lookbehind at every character; the same matches.)
_GROUPED = re.compile(rf"({_NONZERO}(?<!{_DIGIT}.){_DIGIT}{{0,2}})([{re.escape(WRITTEN_SEPARATORS)}]){_DIGIT}{{3}}"
                      rf"(?:\2{_DIGIT}{{3}})*+(?!{_DIGIT}|\2{_DIGIT}|[{re.escape(DECIMAL_POINTS)}\uff0e]{_ZERO}*{_NONZERO})")
_GROUPED_SIGN = re.compile(rf"{_DIGIT}[{re.escape(WRITTEN_SEPARATORS)}]{_DIGIT}{{3}}")


def grouped_keys(text: str) -> list[str]:
    """The ``exact`` keys of the whole numbers ``text`` writes in groups, as the engine reads them
    (``"giá 12.100 đồng, 1 000 người"`` -> ``["#12100 #12100", "#1000 #1000"]``): the query's ``12100`` finds the
    pieces ``12 100`` side by side only in an article holding that key (``search.query.compile`` ``runs``), not
    ``tháng 12 100`` (the month, then 100: ``grouping_after``), a phone number's ``(024)3 791 29 05`` or a list's
    ``12, 100``. No key where a letter or digit of a script written with spaces is glued before the first group
    (``A5.100``), where a number and the same separator stand before it (``5.1.000``, ``0904 130 130``), nor for
    a number grouped with spaces after what ``grouping_after`` refuses."""
    if _GROUPED_SIGN.search(text) is None:
        return []
    out = []
    for m in _GROUPED.finditer(text):
        start, sep = m.start(), m[2]
        if start:
            last = text[start - 1]
            if unicodedata.category(last)[0] in "LMN" and not _SEGMENTED.match(last):
                continue  # A5.100, hợp37 000: the pieces of a word, not a number
            if (last == sep or last in _RUN_MARKS) and start > 1 and text[start - 2] in DIGIT_VALUES:
                continue  # 5.1.000, 0904 130 130; 6.398,630 and ១,១៨៦.៦៣៩ (numbers-5: not 398630, the decimals')
        if sep in GROUP_SPACES and not grouping_after(text[max(0, start - MAX_BEFORE):start]):
            continue  # tháng 12 100, (024)3 791
        if sep == FULL_WIDTH_COMMA and not _FULL_WIDTH_DIGITS.issuperset(m[0].replace(sep, "")):
            continue  # 12，100: a Chinese list
        out.append(_key(ascii_digits(m[0]).translate(_UNSEP)))
    return out


_UNSEP = str.maketrans("", "", WRITTEN_SEPARATORS)
# A separator other than a space that, between a digit and the groups, makes them part of a longer number (6.398,630)
_RUN_MARKS = frozenset(WRITTEN_SEPARATORS + DECIMAL_POINTS + "\uff0e") - frozenset(GROUP_SPACES)


# A percent sign after a number in a quoted phrase (10% từ, ១០% នៃ, 10 % de)
_SIGN_AFTER = re.compile(rf"(?<={_DIGIT})[{PERCENT_SPACES}]?[{PERCENT_SIGNS}]")


def percent_words(languages: list[str]) -> list[str]:
    """The percent words of ``languages`` (``PERCENT_WORDS_OF``), each once, in their order."""
    return list(dict.fromkeys(w for code in languages for w in PERCENT_WORDS_OF.get(code, ())))


def percent_phrases(text: str, words: list[str]) -> list[str]:
    """A quoted phrase typed with a percent sign after a number, written with each of ``words`` instead
    (``percent_words``): ``"10% từ"``, ``["phần trăm"]`` -> ``["10 phần trăm từ"]``; a word of a script written
    without spaces glued to the number and after a space (``១០ភាគរយ នៃ``, ``១០ ភាគរយ នៃ``). Without them,
    ``"10% từ"`` found no ``10 phần trăm từ``: the word takes two positions, the sign none."""
    if _SIGN_AFTER.search(text) is None:
        return []
    out = []
    for word in words:
        for space in ("", " ") if _SEGMENTED.match(word) else (" ",):
            out.append(_SIGN_AFTER.sub(lambda _, w=space + word: w, text))  # type: ignore[misc]
    return list(dict.fromkeys(out))


# numbers-5: a percent word after a number in a quoted phrase (10 phần trăm từ, ១០ភាគរយនៃ, 10 Percent of), or one
# written before it (ร้อยละ 5 ของ, ร้อยละ5, 百分之5的, yüzde 5 artış), the number's run of digits (_SIGN_AFTER's
# converse: percent_phrases)
_WORD_AFTER = re.compile(rf"(?<={_DIGIT})(?:{_AFTER}){_POINT}")  # not 10 percent points
_WORD_FIRST = re.compile(rf"(?:{_FIRST})({_DIGIT}+(?:{_SEP}{_DIGIT}+)*)(?!{_SEP}?{_DIGIT})")


def sign_phrases(text: str) -> list[str]:
    """A quoted phrase typed with a percent word after a number or before it, written with the sign after the number
    instead: ``"10 phần trăm từ"`` -> ``["10% từ"]``, ``"ร้อยละ 5 ของ"`` -> ``["5% ของ"]``, ``"១០ភាគរយនៃ"`` ->
    ``["១០% នៃ"]`` (a space after the sign where the word was glued to what follows, so that the query reads the
    number with its sign as one word; and so ``"១០%នៃ"`` -> ``["១០% នៃ"]``, whose forms ``percent_phrases`` has).
    Without it, ``"10 phần trăm từ"`` found no ``10% từ``: the sign takes no position, the word two
    (percent_phrases, the other way round). [] for a phrase with neither."""
    def spaced(m: re.Match[str], written: str) -> str:
        after = m.string[m.end():m.end() + 1]
        return written + ("" if not after or after in PERCENT_SPACES else " ")

    out = _WORD_AFTER.sub(lambda m: spaced(m, "%"), text)
    out = _WORD_FIRST.sub(lambda m: spaced(m, m[1] + "%"), out)
    # review-numbers-5: 百分之 then Chinese numerals (百分之五的, 百分之三点五), as _han_keys reads them: 5% 的
    out = HAN_PERCENT.sub(lambda m: m[0] if (v := han_value(m[1])) is None else spaced(m, v + "%"), out)
    # a sign glued to the letters after it (១០%នៃ, as Khmer writes it): the number and its sign a word of their own
    out = _SIGN_AFTER.sub(lambda m: m[0] + (" " if unicodedata.category(m.string[m.end():m.end() + 1] or " ")[0] == "L"
                                            else ""), out)
    return [out] if out != text else []


# numbers-6: a quoted Chinese phrase typed with the sign (5%的, or 百分之5的: sign_phrases' 5% 的) is also the
# phrase with 百分之 and Chinese numerals in its place (百分之五 的), as an article writes it: _han_keys gave those
# articles the key #5% already, the phrase's words (五, not 5) were missing
MAX_HAN = 10000  # numerals written for a whole part under it (percentages: 百分之一百二十)
HAN_NAMES = "零一二三四五六七八九"


def han_numerals(value: str) -> list[str]:
    """The ways Chinese writes ``value`` (``"25"`` -> ``["二十五"]``, ``"3.5"`` -> ``["三点五", "三點五"]``, ``"100"``
    -> ``["一百", "百"]``), each read back by ``han_value``; [] for a value of ``MAX_HAN`` or more."""
    whole, _, fraction = value.partition(".")
    if not whole.isdigit() or int(whole) >= MAX_HAN or (fraction and not fraction.isdigit()):
        return []
    number, out, zero = int(whole), "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit % 10
        if digit:
            out += ("零" if zero else "") + ("" if unit == 10 and number < 20 else HAN_NAMES[digit]) + name
            zero = False
        elif out:
            zero = True
    wholes = [out or "零"] + (["百"] if number == 100 else [])
    if not fraction:
        return wholes
    tail = "".join(HAN_NAMES[int(c)] for c in fraction)
    return [w + point + tail for w in wholes for point in HAN_POINTS]


_SIGNED = re.compile(rf"(?<!{_DIGIT})(?<!{_DIGIT}{_SEP})({_DIGIT}+(?:{_SEP}{_DIGIT}+)?)"
                     rf"[{PERCENT_SPACES}]?[{PERCENT_SIGNS}]")


def han_phrases(text: str) -> list[str]:
    """A quoted phrase holding Chinese with a number and the sign, written with 百分之 and the number's numerals in
    their place (each of ``han_numerals``' ways): ``"5% 的"`` -> ``["百分之五 的"]``; [] for a phrase without Han."""
    if not _HAN_TEXT.search(text) or _SIGNED.search(text) is None:
        return []
    out = []
    for way in range(2):
        def numerals(m: re.Match[str], way: int = way) -> str:
            found = _value(m[1])
            forms = han_numerals(found[0]) if found is not None else []
            return "百分之" + forms[min(way, len(forms) - 1)] if forms else m[0]
        out.append(_SIGNED.sub(numerals, text))
    return [p for p in dict.fromkeys(out) if p != text]


_HAN_TEXT = re.compile("[\u4e00-\u9fff]")
