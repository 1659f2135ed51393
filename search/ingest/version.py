"""The version of the enrichment rules (``enrich.py``), apart from them: an incremental build reads it to decide
whether a record must be indexed again, and one with nothing to index does not import the rules (about 0.09 s).

Bump it whenever the rules of ``enrich.py`` change what an article becomes.
"""

ENRICH_VERSION = "20"  # 2: wire credits kept as the source, title dates, future dates flagged; 3: Japanese
# headlines, hyphenated names, Korean and Chinese names inside words, Unix time, Buddhist Era numeric dates;
# 4: Khmer Buddhist Era years turn at Visak Bochea, a UTC timestamp is the day of a one-zone language, Khmer dates
# without the words for month or year, a seed header's Buddhist Era year, Thai two-digit Buddhist Era years
# ('3 ธ.ค. 67'), a page's date with the time of its own <time datetime>, a date read in the article's language
# keeping its time; 5: a Vietnamese article without a header date is dated by its dateline only,
# an article without a header day by the day its address names (the repetition marks became words of their own in
# the same version, with index format 9); 6: a Vietnamese dateline is not yesterday, tomorrow or a date after a word
# that only starts like a time of day (Sáng lập, founded), its year is never one of two; an address's 8-digit date
# only as or opening a segment; 7: a Vietnamese date compared with ("so với ngày 26/4/2020") gives no year to the
# dateline; 8: a short text without accents whose words are Vietnamese syllables is Vietnamese (langid.py); 9: names
# (capitalised words) left out of that count, so that an English, French or Indonesian title naming Vietnamese or
# Cambodian people and places is not Vietnamese; 10: in a Title Case text of four words or more every word is
# counted, names or not (a Title Case Vietnamese title without accents was read as another language); 11: an
# official's initial matches with or without its dot, and an abbreviation's dot may be left out ("Donald J Trump",
# "Ferdinand Marcos Jr": search.officials.match._abbreviations); 12: language id leaves names out (Vietnamese letters
# and syllables in the names of a French, Indonesian or Spanish article), a script of its own with 15% of the letters
# wins over Latin (a Khmer article quoting English, Chinese naming officials in Latin letters), Latin-script text the
# model gives less than one chance in two is undetermined, a web page's declared language is its language; 13: not
# when its text contradicts it (a template's lang="en-US" on a Khmer page: langid.contradicts); 14: an official's
# name in a spaced script written against Chinese, Japanese, Khmer, Thai... ("美国总统Joe Biden表示") is tagged;
# 15: not when a mark follows it, which the index keeps with its last word ("Hun Senី": hun, senី); 16: accents NFC leaves
# apart count in an official's name ("Hà" + U+0301 is not "Hà"; "Hò" + U+0302 + "ng" is "Hồng": match._marks)
# 17: a hyphen after an initial's dot joins a name's words as a space does ("Donald-J.-Trump": match._unhyphenated)
# 18: a name given to a school, a street or a prize is not the official's ("វិទ្យាល័យ ហ៊ុន សែន", Hun Sen High
# School; "Hun Sen Boulevard": the registry's [named_after] words, match.NamedAfter)
# 19: Vietnamese "cầu" and "giải" are no place words alone: "yêu cầu ông X" (to ask Mr X) names X; "bị cáo" (the
# defendant) is no namesake's word: an official may stand trial
# 20: a Khmer place word must start a word as ICU segments the run ("ខុសផ្លូវ ហ៊ុន សែន", Hun Sen gone astray, is
# no road: match._starts_a_segment); the dictionary's compounds that are places are listed whole ("មហាវិថី")
