"""The officials registry and matcher: who is found, who is not, and how the registry is loaded."""

from __future__ import annotations

import csv
import pickle
import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

from search.analysis import analyze
from search.errors import SearchError
from search.officials.candidates import Candidate, find_candidates
from search.officials.match import UNSPACED_CHAR
from search.officials.registry import Mention, Official, Registry

from ..conftest import REPO as ROOT

SEEDS = ROOT / "seeds"
REGISTRY_TOML = ROOT / "search" / "officials" / "data" / "officials.toml"
NAMES_CSV = ROOT.parent / "shared" / "data" / "names" / "cambodia_national_assembly_names.csv"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def found(registry: Registry, text: str, date: str | None = None) -> list[str]:
    return [m.official_id for m in registry.find(text, date)]


def _aliases_from_toml() -> list[tuple[str, str]]:
    data = tomllib.loads(REGISTRY_TOML.read_text(encoding="utf-8"))
    return [(o["id"], name) for o in data["official"] for name in [o["name"], *o.get("aliases", [])]]


ALIASES = _aliases_from_toml()


# ------------------------------------------------------------------------------------------- samples


def test_french_sample_names_exactly_bui_thanh_son_and_prak_sokhonn(registry: Registry) -> None:
    text = (SEEDS / "000_64ee10f01e38a171.txt").read_text(encoding="utf-8")
    mentions = registry.find(text, "2024-12")
    assert [m.official_id for m in mentions] == ["bui-thanh-son", "prak-sokhonn"]
    son, sokhonn = mentions
    assert son.name == "Bùi Thanh Sơn"  # the display name, although the text writes "Bùi Thanh Son"
    assert text[son.first_pos : son.first_pos + 13] == "Bùi Thanh Son"
    assert (son.count, sokhonn.count) == (3, 5)
    assert sokhonn.roles == ("Deputy Prime Minister", "Minister of Foreign Affairs")


def test_indonesian_sample_names_exactly_the_five_leaders(registry: Registry) -> None:
    text = (SEEDS / "004_9f476f2407ec2705.txt").read_text(encoding="utf-8")
    assert found(registry, text, "2024-11") == [
        "pham-minh-chinh", "hun-manet", "to-lam", "luong-cuong", "tran-thanh-man",
    ]


# ------------------------------------------------------------------------------------ every alias


@pytest.mark.parametrize(("official_id", "alias"), ALIASES, ids=[f"{i}:{a}" for i, a in ALIASES])
def test_every_alias_resolves_to_its_own_official(registry: Registry, official_id: str, alias: str) -> None:
    official = registry.resolve(alias)
    assert official is not None and official.id == official_id


@pytest.mark.parametrize(("official_id", "alias"), ALIASES, ids=[f"{i}:{a}" for i, a in ALIASES])
def test_every_alias_is_found_in_running_text(registry: Registry, official_id: str, alias: str) -> None:
    text = f"Hôm nay, {alias} (ảnh) phát biểu."
    assert found(registry, text) == [official_id]


# ------------------------------------------------------------------------ the Cambodian names list


def _csv_people() -> dict[str, list[str]]:
    people: dict[str, list[str]] = defaultdict(list)
    with NAMES_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            people[row["id"]].append(row["name"])
    return people


# Upstream value damaged in EveryPolitician (see the data README): not a spelling anyone writes.
CORRUPTED_VARIANTS = {"ហ៊ុន សែkhmer"}


@pytest.mark.skipif(not NAMES_CSV.exists(), reason="../shared/data/names is absent (test data, not shipped)")
def test_every_variant_of_a_registered_cambodian_resolves_to_the_same_official(registry: Registry) -> None:
    matched: dict[str, str] = {}
    for person, variants in _csv_people().items():
        resolved = {v: registry.resolve(v) for v in variants if v not in CORRUPTED_VARIANTS}
        ids = {o.id for o in resolved.values() if o is not None}
        assert len(ids) <= 1, f"{person}: variants resolve to several officials {ids}"
        if ids:
            (official_id,) = ids
            matched[person] = official_id
            missing = [v for v, o in resolved.items() if o is None]
            assert not missing, f"{official_id}: variants that do not resolve: {missing}"
    assert {"hun-sen", "heng-samrin", "hor-namhong"} <= set(matched.values())


@pytest.mark.skipif(not NAMES_CSV.exists(), reason="../shared/data/names is absent (test data, not shipped)")
def test_other_cambodian_members_of_parliament_resolve_to_nobody(registry: Registry) -> None:
    # Hun Neng (Hun Sen's brother), Kem Sokha, Sar Kheng...: the registry does not hold them, so no variant
    # of theirs may be taken for someone it does hold.
    wrong = []
    for variants in _csv_people().values():
        resolved = [registry.resolve(v) for v in variants if v not in CORRUPTED_VARIANTS]
        if all(o is None for o in resolved[:1]):  # first variant (Latin) unknown: a person we do not hold
            wrong += [(v, o.id) for v, o in zip(variants, resolved, strict=False) if o is not None]
    assert wrong == []


# -------------------------------------------------------------------------------- resolve and find


@pytest.mark.parametrize(
    ("name", "official_id"),
    [
        ("Bui Thanh Son", "bui-thanh-son"),
        ("Bùi Thanh Sơn", "bui-thanh-son"),
        ("bùi thanh son", "bui-thanh-son"),
        ("H.E. Hun Manet", "hun-manet"),
        ("Samdech Moha Borvor Thipadei Hun Manet", "hun-manet"),
        ("Samdech Techo Hun Sen", "hun-sen"),
        ("ហ៊ុន ម៉ាណែត", "hun-manet"),
        ("ហ៊ុន\u200bម៉ា\u200bណែ\u200bត", "hun-manet"),
        ("សម្តេចមហាបវរធិបតី ហ៊ុន ម៉ាណែត", "hun-manet"),
        ("洪玛奈", "hun-manet"),
        ("Хун Манетом", "hun-manet"),
        ("Ông Tô Lâm", "to-lam"),
        ("Bapak Joko Widodo", "joko-widodo"),
        ("M. Bùi Thanh Sơn", "bui-thanh-son"),
        ("ឯកឧត្តម ប្រាក់ សុខុន", "prak-sokhonn"),
        ("นายสะเหลิมไซ กมมะสิด", "saleumxay-kommasith"),
        ("ທ່ານ ສອນໄຊ ສີພັນດອນ", "sonexay-siphandone"),
        ("ソーンサイシーパンドーン", "sonexay-siphandone"),
        ("Pham Binh Minh", "pham-binh-minh"),
        ("Pham Minh Chinh", "pham-minh-chinh"),
    ],
)
def test_resolve_ignores_accents_case_honorifics_and_script(
    registry: Registry, name: str, official_id: str
) -> None:
    official = registry.resolve(name)
    assert official is not None and official.id == official_id


@pytest.mark.parametrize("name", ["Hun", "Sen", "Manet", "Chính", "Pham Minh", "Samdech", "Nguyen Van A", ""])
def test_resolve_refuses_parts_of_names_and_strangers(registry: Registry, name: str) -> None:
    assert registry.resolve(name) is None


def test_mentions_are_sorted_by_first_position_with_counts_and_roles_at_the_date(registry: Registry) -> None:
    text = "Tô Lâm met Hun Manet. Later Hun Manet and Tô Lâm spoke; Samdech Hun Manet thanked him."
    assert registry.find(text, "2024-06") == [
        Mention("to-lam", "Tô Lâm", 2, 0, ("President",)),
        Mention("hun-manet", "Hun Manet", 3, 11, ("Prime Minister",)),
    ]


def test_mentions_without_a_date_carry_no_role_since_there_is_no_date_to_hold_it_at(registry: Registry) -> None:
    # An undated 2019 text calling Hun Sen Prime Minister must not get today's "President of the Senate".
    (mention,) = registry.find("Samdech Hun Sen, Prime Minister")
    assert mention.official_id == "hun-sen" and mention.roles == ()
    (dated,) = registry.find("Samdech Hun Sen, Prime Minister", "2019-05")
    assert dated.roles == ("Prime Minister",)


@pytest.mark.parametrize(
    ("date", "titles"),
    [
        ("2016-03", ()),
        ("2016-04", ("Minister of Public Security",)),
        ("2024-05-22", ("Minister of Public Security", "President")),
        ("2024-08", ("President", "General Secretary")),
        ("2025-01-15", ("General Secretary",)),
        (None, ("General Secretary",)),
    ],
)
def test_role_at_lists_the_titles_held_that_month(
    registry: Registry, date: str | None, titles: tuple[str, ...]
) -> None:
    assert registry.officials["to-lam"].role_at(date) == titles


def test_a_title_held_twice_is_listed_once(registry: Registry) -> None:
    titles = registry.officials["prak-sokhonn"].role_at("2025-01")
    assert titles == ("Deputy Prime Minister", "Minister of Foreign Affairs")


@pytest.mark.parametrize("date", ["2024", "2024-13", "12/2024", "20241201"])
def test_role_at_refuses_a_malformed_date(registry: Registry, date: str) -> None:
    with pytest.raises(SearchError, match="YYYY-MM"):
        registry.officials["to-lam"].role_at(date)


@pytest.mark.parametrize(
    ("official_id", "date", "title"),
    [
        ("pham-minh-chinh", "2021-04", "Prime Minister"),
        ("bui-thanh-son", "2021-04", "Minister of Foreign Affairs"),
        ("bui-thanh-son", "2024-08", "Deputy Prime Minister"),
        ("luong-cuong", "2024-10", "President"),
        ("tran-thanh-man", "2024-05", "Chairman of the National Assembly"),
        ("hun-manet", "2023-08", "Prime Minister"),
        ("hun-sen", "2023-08", "Prime Minister"),
        ("prak-sokhonn", "2016-04", "Minister of Foreign Affairs"),
        ("sonexay-siphandone", "2022-12", "Prime Minister"),
        ("thongloun-sisoulith", "2021-03", "President"),
        ("saleumxay-kommasith", "2016-04", "Minister of Foreign Affairs"),
        ("nguyen-phu-trong", "2024-07", "General Secretary"),
    ],
)
def test_the_required_leaders_hold_their_roles(
    registry: Registry, official_id: str, date: str, title: str
) -> None:
    assert title in registry.officials[official_id].role_at(date)


def test_the_matcher_is_built_once_per_registry_and_only_when_needed() -> None:
    reg = Registry.load()
    assert reg._cache is None  # loading alone does not import pyahocorasick nor build the automaton
    reg.find("Hun Sen")
    built = reg._cache
    reg.find("Hun Manet")
    assert built is not None and reg._cache is built


def test_a_registry_pickles_without_its_automaton(registry: Registry) -> None:
    registry.find("Hun Sen")
    copy = pickle.loads(pickle.dumps(registry))
    assert copy._cache is None
    assert found(copy, "Hun Sen") == ["hun-sen"]


# ------------------------------------------------------------------------- Russian, Khmer, scripts


@pytest.mark.parametrize(
    ("text", "official_id"),
    [
        ("Хун Манет прибыл", "hun-manet"),
        ("переговоры с Хун Манетом", "hun-manet"),
        ("визит Хун Манета", "hun-manet"),
        ("визит Фам Минь Тиня", "pham-minh-chinh"),
        ("встреча с Фам Минь Тинем", "pham-minh-chinh"),
        ("послание Владимира Путина", "vladimir-putin"),
        ("с Владимиром Путиным", "vladimir-putin"),
        ("звонок Дональду Трампу", "donald-trump"),
        ("с Фумио Кисидой", "kishida-fumio"),
        ("речь Си Цзиньпина", "xi-jinping"),
        ("ЛИ ЦЯН", "li-qiang"),
    ],
)
def test_russian_names_are_found_with_case_endings(registry: Registry, text: str, official_id: str) -> None:
    assert found(registry, text) == [official_id]


@pytest.mark.parametrize(
    "text",
    [
        "Хун Манетовский район",  # not a case ending
        "Ван и Ли",  # "и" is "and": the alias "Ван И" needs its capital
        "хун манет",  # names are capitalised
    ],
)
def test_russian_lookalikes_are_not_names(registry: Registry, text: str) -> None:
    assert found(registry, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "សម្តេច ហ៊ុន ម៉ាណែត នាយករដ្ឋមន្ត្រី",  # spaces only
        "សម្តេច\u200bហ៊ុន ម៉ា\u200bណែ\u200bត\u200bនាយករដ្ឋមន្ត្រី",  # as published: U+200B between syllables
        "សម្តេច\u200bហ៊ុន\u200bម៉ាណែត\u200bនាយករដ្ឋមន្ត្រី",  # U+200B instead of the space
        "សម្តេចហ៊ុនម៉ាណែតនាយករដ្ឋមន្ត្រី",  # no separator at all
        "សម្តេច ហ៊ុន  \u200b ម៉ាណែត",  # a run of spaces and U+200B counts as one space
    ],
)
def test_khmer_names_are_found_with_and_without_zero_width_spaces(registry: Registry, text: str) -> None:
    (mention,) = registry.find(text)
    assert mention.official_id == "hun-manet"
    assert text[mention.first_pos] == "ហ"  # the offset points into the original text, ZWSPs included


def test_offsets_count_the_characters_dropped_before_matching(registry: Registry) -> None:
    text = "a\u200b\u200b  b \u00a0 Pham  Minh Chinh"
    (mention,) = registry.find(text)
    assert text[mention.first_pos :].startswith("Pham")


def test_decomposed_vietnamese_is_found_like_composed(registry: Registry) -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Chủ tịch nước Lương Cường và Tổng Bí thư Tô Lâm")
    assert found(registry, text) == ["luong-cuong", "to-lam"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an accent NFC cannot join to the name's last letter: a word the alias does not spell ("Tổ" is not "Tô")
        ("Phó Thủ tướng Trần Hồng Hà\u0301 nói", []),
        ("Mr Tran Tuan Anh\u0301 said", []),
        ("Samdech Hun Sen\u0308 said", []),
        ("Trần Lưu Quang\u0303 và Lê Thành Long\u0323", []),
        # a tone typed before the circumflex, which NFC does not join to "ò": "Hồng" all the same
        ("Phó Thủ tướng Trần Ho\u0300\u0302ng Hà nói", ["tran-hong-ha"]),
        ("Tổng Bí thư Nguye\u0303\u0302n Phú Trọng", ["nguyen-phu-trong"]),
        # accents NFC joins: as before
        ("Phó Thủ tướng Trần Hồng Ha\u0300 nói", ["tran-hong-ha"]),
        ("Samdech Hun Sen\u0301 said", []),
    ],
)
def test_accents_nfc_leaves_apart_count_in_a_name(registry: Registry, text: str, expected: list[str]) -> None:
    """Text is NFC when the tagger reads it (ingest), and NFC leaves apart an accent no letter holds: the accent
    rule counted only those inside letters, so "Hà" + U+0301 was "Hà" (tagged), and "Hồng" typed tone first,
    "Hò" + U+0302 + "ng", was not "Hồng" (missed); 9 of 6,000 generated sentences, none in the real sets."""
    import unicodedata

    assert found(registry, unicodedata.normalize("NFC", text)) == expected
    for name in ("Trần Ho\u0300\u0302ng Hà", "Hun Sen\u0308", "Trần Hồng Hà\u0301"):
        resolved = registry.resolve(unicodedata.normalize("NFC", name))
        tagged = found(registry, unicodedata.normalize("NFC", f"Ông {name} nói"))
        assert [resolved.id] if resolved else [] == tagged, name


@pytest.mark.parametrize(
    ("text", "official_id"),
    [
        ("ທ່ານ ສອນໄຊ ສີພັນດອນ ນາຍົກລັດຖະມົນຕີ", "sonexay-siphandone"),
        ("นายกรัฐมนตรีเศรษฐา ทวีสิน", "srettha-thavisin"),
        ("越南总理范明政会见", "pham-minh-chinh"),
        ("老挝总理宋赛西潘敦", "sonexay-siphandone"),  # written without the name dot
        ("ソーンサイ・シーパンドーン首相", "sonexay-siphandone"),
        ("Thủ tướng Trương Hoà Bình", "truong-hoa-binh"),  # old-style tone placement
    ],
)
def test_names_are_found_in_other_scripts(registry: Registry, text: str, official_id: str) -> None:
    assert found(registry, text) == [official_id]


# ---------------------------------------------------------------------------------- false friends


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổng Bí thư Tô Lâm phát biểu", ["to-lam"]),  # Vietnamese, exact diacritics
        ("TỔNG BÍ THƯ TÔ LÂM", ["to-lam"]),  # headline capitals
        ("Sekretaris Jenderal To Lam menyampaikan", ["to-lam"]),  # unaccented Latin, capitalised
        ("Tổ lâm nghiệp xã Tô Lâm", ["to-lam"]),  # "tổ lâm" (forestry team) is skipped, the name is not
        ("một tô lâm sản", []),  # ordinary words, lowercase
        ("Tổ Lâm nghiệp", []),  # capitalised but other accents: not the name
        ("to lam", []),
        ("Khu tự trị Tân Cương", []),  # Xinjiang, not Tần Cương (Qin Gang)
        ("Ngoại trưởng Tần Cương", ["qin-gang"]),
        ("Tan Cuong", []),  # unaccented Sino-Vietnamese forms are not used: too ambiguous
        ("Hun Senate", []),  # inside a longer word
        ("MyHun Sen", []),
        ("Ông Chính và ông Sen", []),  # bare surnames are never enough
        ("Pham Binh Minh and Pham Minh Chinh", ["pham-binh-minh", "pham-minh-chinh"]),
    ],
)
def test_no_false_friends(registry: Registry, text: str, expected: list[str]) -> None:
    assert found(registry, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bun Rany Hun Sen, president of the Cambodian Red Cross", []),
        ("សម្តេចកិត្តិព្រឹទ្ធបណ្ឌិត ប៊ុន រ៉ានី ហ៊ុនសែន ប្រធានកាកបាទក្រហមកម្ពុជា", []),
        ("សម្ដេច\u200bកិត្តិ\u200bព្រឹទ្ធ\u200bបណ្ឌិត ប៊ុន រ៉ានី ហ៊ុន សែន ប្រធាន", []),
        ("Samdech Hun Sen and Bun Rany Hun Sen", ["hun-sen"]),
    ],
)
def test_hun_sens_wife_is_not_hun_sen(registry: Registry, text: str, expected: list[str]) -> None:
    assert found(registry, text) == expected
    assert registry.resolve("Bun Rany Hun Sen") is None


@pytest.mark.parametrize(
    ("text", "expected", "first"),
    [
        ("Prime Minister Hun-Sen met reporters.", ["hun-sen"], "Hun-Sen"),
        ("Thủ tướng Phạm-Minh-Chính phát biểu", ["pham-minh-chinh"], "Phạm-Minh-Chính"),
        ("Премьер Хун\u2011Сеном", ["hun-sen"], "Хун\u2011Сеном"),  # a non-breaking hyphen, a case ending
        ("General Prayut Chan o cha", ["prayut-chan-o-cha"], "Prayut"),  # the alias is hyphenated
        ("the Hun Manet-led government", ["hun-manet"], "Hun Manet"),
        ("Hun - Sen", [], ""),  # a dash between spaced words joins nothing
        ("Hun-Senate", [], ""),
    ],
)
def test_a_hyphen_between_the_words_of_a_name_is_a_space(
    registry: Registry, text: str, expected: list[str], first: str
) -> None:
    mentions = registry.find(text)
    assert [m.official_id for m in mentions] == expected
    if mentions:
        assert text[mentions[0].first_pos :].startswith(first)


def _with_initials() -> list[tuple[str, str]]:
    """Every registered name written with an initial ("Donald J. Trump", "D. J. Trump"), its words joined by hyphens
    (each of the three) where spaces were before a word that is no initial: all of them, or only those after an
    initial ("D. J.-Trump"; "J.-Y." is a French pair of initials, another spelling)."""
    out = []
    for official in Registry.load().officials.values():
        for name in official.names:
            if re.search(r"(?<![\w.])\w\. ", name):
                for hyphen in "-\u2010\u2011":
                    every = re.sub(r" (?!\w\.)", hyphen, name)
                    after = re.sub(r"(?<![\w.])(\w\.) (?!\w\.)", rf"\1{hyphen}", name)
                    out += [(name, every), (name, after)]
    return out


@pytest.mark.parametrize(("name", "hyphenated"), _with_initials())
def test_a_name_with_initials_written_with_hyphens_is_the_name(registry: Registry, name: str, hyphenated: str) -> None:
    # "Donald-J.-Trump": a hyphen after an initial's dot is a space too (match._unhyphenated), in a query and in text
    official = registry.resolve(name)
    assert official is not None and registry.resolve(hyphenated) == official, hyphenated
    text = f"Tin: {hyphenated} nói."
    mentions = registry.find(text)
    assert [m.official_id for m in mentions] == [official.id] and text[mentions[0].first_pos:].startswith(hyphenated)


@pytest.mark.parametrize("name", ["Hun-Sen", "HUN-SEN", "Hun\u2010Xen", "Хун-Сен", "Tô-Lâm", "Prayut Chan o cha"])
def test_a_hyphenated_name_resolves_like_the_spaced_one(registry: Registry, name: str) -> None:
    spaced = registry.resolve(name.replace("-", " ").replace("\u2010", " "))
    assert spaced is not None and registry.resolve(name) == spaced


@pytest.mark.parametrize(
    ("text", "expected", "first"),
    [
        ("Donald J Trump won", ["donald-trump"], "Donald J Trump"),  # registered "Donald J. Trump"
        ("Joseph R Biden said", ["joe-biden"], "Joseph R Biden"),  # registered "Joseph R. Biden"
        ("Joseph R. Biden said", ["joe-biden"], "Joseph R. Biden"),
        ("He met Donald J Trump.", ["donald-trump"], "Donald J Trump"),  # the sentence's dot is not the name's
        ("He met Donald J. Trump.", ["donald-trump"], "Donald J. Trump"),
        ("Ferdinand R Marcos Jr said", ["ferdinand-marcos-jr"], "Ferdinand R Marcos Jr"),  # "Jr." without its dot
        ("Ferdinand Marcos Jr, then", ["ferdinand-marcos-jr"], "Ferdinand Marcos Jr"),
        ("Ferdinand Marcos Jr. Then", ["ferdinand-marcos-jr"], "Ferdinand Marcos Jr."),
        ("He met Donald J. Then he left.", [], ""),  # "Donald" and an initial are no registered name
        ("He met Donald J", [], ""),
        ("donald j trump", [], ""),  # capitals are still required in text (not in a query, below)
        ("Donald J Trumpet", [], ""),
        ("D. J. Trump", [], ""),  # other spellings of the initials are not registered
        ("D.J. Trump", [], ""),
        ("DJ Trump", [], ""),
        ("Joseph Robinette Biden", [], ""),
    ],
)
def test_an_initial_matches_with_or_without_its_dot(registry: Registry, text: str, expected: list[str],
                                                    first: str) -> None:
    """"Donald J Trump" is "Donald J. Trump" (registered), in an article as in a query: the query reads a name
    as the tagger does. Before, an initial typed without its dot named nobody (0 results, no note)."""
    mentions = registry.find(text)
    assert [m.official_id for m in mentions] == expected
    if mentions:
        assert text[mentions[0].first_pos :].startswith(first)
    resolved = registry.resolve(first or text)
    if text.islower():  # a query is typed in any case
        expected = ["donald-trump"]
    assert (resolved.id if resolved else None) == (expected[0] if expected else None)


def test_a_registered_initial_without_a_dot_matches_one_written_with_it(tmp_path: Path) -> None:
    """The dot is optional both ways: an alias registered "Kim J Park" names "Kim J. Park"; an initial left
    out is another spelling ("Kim Park"), which the registry lists if it accepts it. A Vietnamese name's last
    single letter ("Nguyễn Văn A") is a word like the others, with a sentence's dot after it; hyphenated given
    names are spaced ones, and a French pair of initials ("J.-Y.") may leave out its last dot."""
    path = write(
        tmp_path,
        """
[[official]]
id = "kim-park"
country = "KR"
name = "Kim J Park"
roles = [{ title = "Minister", start = "2024-04" }]

[[official]]
id = "nguyen-van-a"
country = "VN"
name = "Nguyễn Văn A"
roles = [{ title = "Minister", start = "2024-04" }]

[[official]]
id = "jean-yves-le-drian"
country = "FR"
name = "Jean-Yves Le Drian"
aliases = ["J.-Y. Le Drian"]
roles = [{ title = "Minister", start = "2024-04" }]
""",
    )
    reg = Registry.load(path)
    assert found(reg, "Kim J. Park met Kim J Park") == ["kim-park"]
    assert reg.find("Kim J. Park met Kim J Park")[0].count == 2
    assert found(reg, "Kim Park") == [] and reg.resolve("Kim Park") is None
    assert reg.resolve("Kim J. Park") == reg.resolve("kim j park") == reg.officials["kim-park"]
    assert found(reg, "ông Nguyễn Văn A. Sau đó") == ["nguyen-van-a"]
    assert found(reg, "Jean Yves Le Drian, Jean-Yves Le Drian, J.-Y. Le Drian") == ["jean-yves-le-drian"]
    assert reg.find("Jean Yves Le Drian, Jean-Yves Le Drian, J.-Y. Le Drian")[0].count == 3
    assert reg.resolve("M. Jean Yves Le Drian") == reg.resolve("J.-Y Le Drian") == reg.officials["jean-yves-le-drian"]
    # initials spelled otherwise ("J-Y", "JY") are other spellings, for the registry to list, as "D. J. Trump"
    assert found(reg, "J-Y Le Drian, JY Le Drian") == [] and reg.resolve("J-Y Le Drian") is None


def test_every_alias_with_an_initial_resolves_and_tags_without_its_dots(registry: Registry) -> None:
    """Each registered alias with an initial ("Donald J. Trump"), its dots left out, names the official in a
    query exactly when it does in an article."""
    checked = 0
    for official in registry.officials.values():
        for alias in official.names:
            if not re.search(r"(?<!\w)[A-Z]\.(?= )", alias):
                continue
            spelling = alias.replace(".", "")
            resolved = registry.resolve(spelling)
            assert resolved is not None and resolved.id == official.id, (alias, spelling)
            assert found(registry, f"({spelling})") == [official.id], (alias, spelling)
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize(
    "name", ["Tân Cương", "tán cường", "luống cuống", "trường Hòa Bình", "tố làm", "Tổ Lâm", "tan cuong", "Vu Đuc Dam"]
)
def test_a_name_typed_with_other_accents_resolves_to_nobody_as_in_an_article(registry: Registry, name: str) -> None:
    """Words that fold like an official's name but carry other accents are other words ("Tân Cương" is
    Xinjiang, "luống cuống" flustered): the query must not add that official's articles, nor say it names him."""
    assert registry.resolve(name) is None
    assert found(registry, name) == []


def _respellings(alias: str) -> list[str]:
    """An alias without its accents, without those of one word, and with one word's tone changed."""
    import unicodedata

    def bare(word: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)).replace(
            "Đ", "D").replace("đ", "d")

    def retoned(word: str) -> str:
        nfd = unicodedata.normalize("NFD", word)
        swapped = nfd.translate({0x301: 0x300, 0x300: 0x301, 0x303: 0x309, 0x309: 0x303, 0x323: 0x301})
        if swapped == nfd:
            swapped = nfd + "\u0301" if nfd[-1].isalpha() else nfd
        return unicodedata.normalize("NFC", swapped)

    words = alias.split()
    out = [" ".join(map(bare, words))]
    for i in range(len(words)):
        out.append(" ".join(bare(w) if j == i else w for j, w in enumerate(words)))
        out.append(" ".join(retoned(w) if j == i else w for j, w in enumerate(words)))
    return out


def test_a_name_resolves_to_an_official_exactly_when_an_article_writing_it_is_tagged_with_them(
    registry: Registry,
) -> None:
    """For every spaced Latin alias respelled (accents dropped, one word's accents dropped, one tone changed):
    ``resolve`` names the official if and only if the matcher tags a text that writes it so."""
    checked = 0
    for official in registry.officials.values():
        for alias in official.names:
            if not re.fullmatch(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff][A-Za-z\u00c0-\u024f\u1e00-\u1eff .'-]*", alias) \
                    or " " not in alias:
                continue
            for spelling in _respellings(alias):
                resolved = registry.resolve(spelling)
                tagged = official.id in found(registry, f"({spelling})")
                assert (resolved is not None and resolved.id == official.id) == tagged, (alias, spelling)
                checked += 1
    assert checked > 500


@pytest.mark.parametrize(
    ("text", "official_id"),
    [
        ("ប្រធានាធិបតី\u200bអាមេរិក\u200bលោក ដូ\u200bណា\u200bល់ ត្រាំ កាលពី\u200bថ្ងៃ\u200bសុក្រ", "donald-trump"),
        ("ច្បាប់ពន្ធGAFA៖ លោកដូណាល់ត្រាំ បរិហារ", "donald-trump"),
        ("ប្រធានាធិបតីជាប់ឆ្នោតលោក ចូ បៃដិន", "joe-biden"),
        ("នាយករដ្ឋមន្ត្រីថៃលោក ប្រាយុទ្ធ ចាន់អូចា បានរារាំង", "prayut-chan-o-cha"),
    ],
)
def test_foreign_leaders_are_found_as_the_khmer_press_writes_them(registry: Registry, text: str,
                                                                  official_id: str) -> None:
    """21 of the 1,000 km-news articles name Donald Trump in Khmer script only."""
    assert found(registry, text) == [official_id]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("캄보디아의 훈 센 총리는", ["hun-sen"]),
        ("훈센은 말했다", ["hun-sen"]),  # a particle glued to the name
        ("(훈센)", ["hun-sen"]),
        ("이지훈 센터장은 말했다", []),  # Lee Ji-hun, the centre's director
        ("김정훈 센터", []),
        ("교훈 센터", []),
    ],
)
def test_a_korean_name_starts_a_word_and_may_end_inside_one(registry: Registry, text: str,
                                                           expected: list[str]) -> None:
    assert found(registry, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("江苏林业局发布通知", []),  # Jiangsu's forestry bureau: 江苏 | 林业 | 局, not To Lam (苏林)
        ("提升桥梁强度", []),  # a bridge's strength: 桥梁 | 强度, not Lương Cường (梁强)
        ("越南共产党中央总书记苏林会见", ["to-lam"]),
        ("越南国家主席梁强表示", ["luong-cuong"]),
        ("国务院总理李强调研", ["li-qiang"]),  # 李 | 强调 | 研: the name starts a word, ends inside one
        ("向高市早苗致贺电", ["takaichi-sanae"]),  # 向高 | 市 | 早苗: starts inside a word, ends one
        ("柬埔寨首相洪森", ["hun-sen"]),
    ],
)
def test_a_chinese_name_is_not_found_inside_two_words(registry: Registry, text: str, expected: list[str]) -> None:
    assert found(registry, text) == expected


def test_every_chinese_name_is_found_after_and_before_the_words_of_the_news() -> None:
    """The ICU check costs no mention in 2,280 sentences: every Chinese-character name of the registry
    after a title or before a verb ("总理{}调研", "{}表示", "向{}致贺电"...)."""
    registry = Registry.load()
    names = [(o.id, n) for o in registry.officials.values() for n in o.names
             if all("\u3400" <= c <= "\u9fff" for c in n)]
    frames = ["总书记{}会见", "会见{}时表示", "{}表示", "{}强调", "{}指出", "同{}会谈", "向{}致贺电", "{}在北京",
              "据{}介绍", "{}一行", "和{}", "总理{}调研", "{}调研", "主席{}出席", "致电{}", "{}同志", "对{}的",
              "{}访华", "{}于", "{}今天", "是{}", "由{}", "欢迎{}", "{}就", "{}等", "{}首相", "{}主席", "以{}为首"]
    missed = [f.format(n) for official_id, n in names for f in frames if found(registry, f.format(n)) != [official_id]]
    assert len(names) >= 30 and missed == []


def test_two_people_with_close_names_stay_two(registry: Registry) -> None:
    minh, chinh = registry.resolve("Pham Binh Minh"), registry.resolve("Phạm Minh Chính")
    assert minh is not None and chinh is not None
    assert (minh.id, chinh.id) == ("pham-binh-minh", "pham-minh-chinh")


# ----------------------------------------------------------------------------------- user registry


PACKAGE_COUNT = len({official_id for official_id, _ in ALIASES})


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my_officials.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_registry_overrides_by_id_and_adds_new_officials(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
others = ["Pham Minh Chinh Street"]

[honorifics]
en = ["Comrade"]

[[official]]
id = "hun-sen"
country = "KH"
name = "Hun Sen"
aliases = ["Samdech Hun Sen Senior"]
roles = [{ title = "Senate President", start = "2024-04" }]

[[official]]
id = "maris-sangiampongsa"
country = "TH"
name = "Maris Sangiampongsa"
roles = [{ title = "Minister of Foreign Affairs", start = "2024-04", end = "2025-06" }]
""",
    )
    reg = Registry.load(path)
    assert len(reg.officials) == PACKAGE_COUNT + 1
    assert reg.officials["hun-sen"] == Official(
        "hun-sen", "Hun Sen", "KH", ("Samdech Hun Sen Senior",), reg.officials["hun-sen"].roles
    )
    assert reg.officials["hun-sen"].role_at(None) == ("Senate President",)
    assert reg.resolve("洪森") is None  # their entry replaces ours entirely, aliases included
    text = "Maris Sangiampongsa met Comrade Hun Manet"
    assert found(reg, text, "2024-05") == ["maris-sangiampongsa", "hun-manet"]
    assert reg.resolve("Comrade Hun Manet") is not None
    assert found(reg, "Pham Minh Chinh Street, then Pham Minh Chinh") == ["pham-minh-chinh"]
    assert Registry.load().officials["hun-sen"].aliases != reg.officials["hun-sen"].aliases


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[official]\nid = 'x'", "not valid TOML"),
        ("[[official]]\nid = 'x-y'\ncountry = 'VN'\n", "`name` is missing"),
        ("[[official]]\nid = 'X Y'\ncountry = 'VN'\nname = 'X Y'\n", "not a lowercase slug"),
        ("[[official]]\nid = 'x-y'\ncountry = 'Vietnam'\nname = 'X Y'\n", "not an ISO alpha-2"),
        ("[[official]]\nid = 'x-y'\ncountry = 'VN'\nname = 'X Y'\nalias = ['Z']\n", "unknown key"),
        ("[[official]]\nid = 'x-y'\ncountry = 'VN'\nname = 'X Y'\n"
         "roles = [{ title = 'PM', start = '2024' }]\n", "start '2024' is not YYYY-MM"),
        ("[[official]]\nid = 'x-y'\ncountry = 'VN'\nname = 'X Y'\n"
         "roles = [{ title = 'PM', start = '2024-05', end = '2023-01' }]\n", "ends (2023-01) before"),
        ("[[official]]\nid = 'x-y'\ncountry = 'VN'\nname = 'X Y'\naliases = ['Lam']\n", "single short word"),
        ("[[official]]\nid = 'x-y'\ncountry = 'VN'\nname = 'X Y'\naliases = ['Hun Sen']\n",
         "alias 'Hun Sen' already names 'hun-sen'"),
        ("[[official]]\nid = 'x-y'\ncountry = 'VN'\nname = 'X Y'\n[[official]]\nid = 'x-y'\ncountry = 'VN'\n"
         "name = 'X Z'\n", "defined twice"),
        ("officials = []\n", "unknown top-level key"),
        ("others = 'Bun Rany'\n", "others: must be a list"),
    ],
)
def test_a_malformed_user_registry_raises_an_error_naming_the_file_and_the_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SearchError) as error:
        Registry.load(path)
    assert str(path) in str(error.value)
    assert problem in str(error.value)


def test_a_missing_user_registry_raises_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(SearchError, match="nope.toml: cannot read"):
        Registry.load(tmp_path / "nope.toml")


# ----------------------------------------------------------------------------------------- candidates


def test_candidates_are_titled_names_the_registry_does_not_know(registry: Registry) -> None:
    text = (
        "Perdana Menteri Kamboja Samdech Hun Manet bertemu Menteri Luar Negeri Thailand Maris Sangiampongsa, "
        "Presiden Luong Cuong, dan Menteri Pertahanan Sjafrie Sjamsoeddin di Jakarta."
    )
    assert [(c.name, c.title) for c in find_candidates(text, "id", registry)] == [
        ("Maris Sangiampongsa", "Menteri Luar Negeri"),
        ("Sjafrie Sjamsoeddin", "Menteri Pertahanan"),
    ]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Prime Minister Anwar Ibrahim met Foreign Minister Mohamad Hasan.", "en",
         [("Mohamad Hasan", "Foreign Minister")]),
        ("Thủ tướng Chính phủ Phạm Minh Chính tiếp Bộ trưởng Ngoại giao Singapore Vivian Balakrishnan.",
         "vi", [("Vivian Balakrishnan", "Bộ trưởng Ngoại giao")]),
        ("Thu tuong Pham Minh Chinh va Bo truong Nguyen Van Thang", None,
         [("Nguyen Van Thang", "Bo truong")]),
        ("le Premier ministre Hun Manet et le Premier ministre Paetongtarn Shinawatra", "fr", []),
        ("премьер-министра Вьетнама Фам Минь Тиня и министра Сергея Лаврова", "ru",
         [("Сергея Лаврова", "министра")]),
        ("នាយករដ្ឋមន្ត្រី ហ៊ុន ម៉ាណែត", "km", []),
        ("Bộ trưởng Bộ Y tế Nguyễn Thanh Long và Chủ tịch UBND TP Hà Nội Chu Ngọc Anh", "vi",
         [("Nguyễn Thanh Long", "Bộ trưởng"), ("Chu Ngọc Anh", "Chủ tịch")]),  # ministries, acronyms skipped
        ("รัฐมนตรีว่าการกระทรวงการต่างประเทศ นายมาริษ เสงี่ยมพงษ์", "th",  # "นาย" (Mr) glued to the name
         [("มาริษ เสงี่ยมพงษ์", "รัฐมนตรีว่าการกระทรวงการต่างประเทศ")]),
        ("Prime Minister said nothing.", "en", []),  # a title alone
    ],
)
def test_candidates_in_several_languages(
    registry: Registry, text: str, lang: str | None, expected: list[tuple[str, str]]
) -> None:
    assert [(c.name, c.title) for c in find_candidates(text, lang, registry)] == expected


def test_a_candidate_carries_its_context_and_is_listed_once(registry: Registry) -> None:
    text = "Chairman Nguyen Van Thang said... later Chairman Nguyen Van Thang added."
    (candidate,) = find_candidates(text, "en", registry)
    assert candidate == Candidate("Nguyen Van Thang", "Chairman", text)


def test_folded_text_is_the_folded_text_without_its_dropped_spans_and_maps_back_into_the_original() -> None:
    """``fold_text`` drops zero-width characters and name dots and makes runs of spaces one by replacing, and
    builds the map back only when asked: the same text as dropping ``_DROP_FOLDED``'s spans (a run that begins
    with a space keeps it), hyphens between word characters then made spaces, and every folded character maps
    to an original character that folds to it (outside Khmer, whose normalization maps a reordered syllable's
    characters to its span only)."""
    import random

    from search.lang.fold import fold_mapped
    from search.officials import match

    rng = random.Random(7)
    alphabet = ["a", "B", " ", " ", "\u200b", "\u00b7", "\u3000", "\t", "ấ", "ក", "\u17d2", "ß", "e\u0301", "\u2060",
                "\ufeff", "\n", "Đ", "-", "\u2011"]
    texts = ["Hun\u200b Sen  met \u200b Bùi Thanh Sơn", "通伦·西苏里", ""]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        base = fold_mapped(text, match._table()).text
        drops = [(m.start() + (m.group()[0] == " "), m.end()) for m in match._DROP_FOLDED.finditer(base)]
        folded = match.fold_text(text)
        assert folded.text == match._unhyphenated(match._without(base, drops)[0]), repr(text)
        for pos, ch in enumerate(folded.text):
            if ch != " " and not re.search("[\u1780-\u17ff]", text):
                original = text[folded.orig(pos)]
                assert ch in fold_mapped(original, match._table()).text or original in "ßĐ", (repr(text), pos)


def test_hyphens_between_word_characters_become_spaces_one_for_one() -> None:
    """``_unhyphenated`` against the rule applied a character at a time: a hyphen (-, U+2010, U+2011) whose two
    neighbours in the text are word characters, or that follows an initial ("J.-Trump": a letter and a dot, no
    word character or dot before them) and precedes two word characters, is a space; nothing else changes."""
    import random

    from search.officials import match

    def reference(text: str) -> str:
        chars = list(text)
        for i, ch in enumerate(text):
            initial = i >= 2 and text[i - 1] == "." and text[i - 2].isalpha() \
                and (i == 2 or not (match.is_word_char(text[i - 3]) or text[i - 3] == "."))
            initial = initial and i < len(text) - 2 and match.is_word_char(text[i + 2])
            if ch in "-\u2010\u2011" and 0 < i < len(text) - 1 and (match.is_word_char(text[i - 1]) or initial) \
                    and match.is_word_char(text[i + 1]):
                chars[i] = " "
        return "".join(chars)

    rng = random.Random(5)
    alphabet = ["a", "Z", "9", " ", "-", "-", "\u2010", "\u2011", "ấ", "ក", "\u17d2", "\u0301", ".", "_", "\n"]
    texts = ["Hun-Sen", "covid-19", "x - y", "-x", "x-", "-", "--", "a--b", "Chan-o-cha", ""]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20))) for _ in range(5000)]
    assert [match._unhyphenated(t) for t in texts] == [reference(t) for t in texts]


# A spaced name (Latin, Cyrillic...) written against a script without spaces, as Chinese and Japanese typing
# glues Latin to its characters and km-news glues it to Khmer (and Darren Wang, Daesungជា): the words end where
# the script changes, as the index cuts them (analysis.tokenize), so the search finds the name's words there.
GLUED = ["美国总统{}表示", "首相の{}氏は", "លោក{}បាននិយាយ", "นาย{}กล่าว"]


def test_a_spaced_name_written_against_a_script_without_spaces_is_found(registry: Registry) -> None:
    """Every alias in a spaced script, glued to Chinese, Japanese, Khmer and Thai: 0 of 656 were found before
    (the neighbouring letter was taken for the name's own word going on); a letter or digit of the name's own
    script still continues it (``Hun Senate``, ``Hun Sen2``)."""
    checked = missed = 0
    for official_id, alias in ALIASES:
        if UNSPACED_CHAR.search(alias):
            continue
        for template in GLUED:
            text = template.format(alias)
            words = {t.folded for t in analyze(text, None)}
            assert {t.folded for t in analyze(alias, None)} <= words  # the search's words are there
            missed += found(registry, text) != [official_id]
            checked += 1
        if alias[-1].isalnum():
            assert found(registry, f"美国{alias}2表示") == found(registry, f"{alias}a") == [], alias
    assert missed == 0 and checked > 500, (missed, checked)


# What may follow a spaced name glued to a script without spaces: a letter (the index cuts there), a mark
# (the index keeps it with the word before: "Hun Senី" is the word "senី"), a digit (a word of its own after
# Khmer, Thai, Lao, Burmese letters, but more of a Latin word), Khmer coeng, a repetition mark; Lao U+0ECE is a
# mark in Python's Unicode but not in the index's (lang/marks.py, Unicode 14).
AFTER_GLUED = ["ក", "ា", "ី", "្", "១", "ៗ", "ก", "ั", "็", "๑", "ๆ", "ກ", "ັ", "໑", "\u0ece", "က", "ာ", "္",
               "၁", "中", "の", "々", "ア", "한", "\u0301", "\u200b"]


@pytest.mark.parametrize("before", ["", "ក", "ี", "中"])
def test_a_glued_name_is_tagged_where_the_index_has_its_words(registry: Registry, before: str) -> None:
    """The tag and the search agree on a name glued to a script without spaces, whatever follows it: a mark of
    that script after the name is more of its last word in the index (``Hun Senី``: ``hun``, ``senី``), so the
    name is not there; it was tagged (192 of these 624 texts disagreed, none of them in vi-news or km-news)."""
    wrong = []
    for official_id, alias in [("hun-sen", "Hun Sen"), ("joe-biden", "Joe Biden")]:
        name = [t.folded for t in analyze(alias, None)]
        for after in AFTER_GLUED + [ch + "ក" for ch in AFTER_GLUED] + [ch + "ก" for ch in AFTER_GLUED]:
            text = f"{before}{alias}{after}"
            words = [t.folded for t in analyze(text, None)]
            searched = any(words[i : i + len(name)] == name for i in range(len(words)))
            # an acute on the last letter is an accent the alias lacks ("Seń", as NFC writes it, was never tagged),
            # though the folded words are there: the accent rule (test_accents_nfc_leaves_apart_count_in_a_name)
            if searched != (found(registry, text) == [official_id]) and not after.startswith("\u0301"):
                wrong.append((text, words))
    assert wrong == []
