"""The search page's data (search/site/bundle.py, pack.py, icudict.py): what the files hold is the index's own
postings, renumbered in the CLI's tie order, and ICU's own word lists; packing is lossless and inert."""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import zlib
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from search import open_index
from search.lang.fold import fold
from search.site import bundle as bundle_module
from search.site import icudict, pack
from search.site.bundle import write_search_bundle
from search.site.files import Namer


def decode_postings(text: str) -> tuple[list[int], list[int]]:
    values = pack.unvarints(text)
    ids, tfs, at, i = [], [], 0, 0
    while i < len(values):
        at += values[i] >> 1
        ids.append(at)
        if values[i] & 1:
            tfs.append(values[i + 1])
            i += 2
        else:
            tfs.append(1)
            i += 1
    return ids, tfs


def engine_early(engine_js: bytes) -> Any:
    """The value search/engine.js gives NewsSearch.early, in its deflated part (engine.py engine_source)."""
    import re

    blob = re.search(rb'NewsSearch\.boot\(("(?:[^"\\]|\\.)*")\);\n$', engine_js, re.DOTALL)
    assert blob is not None
    rest = zlib.decompress(pack.unraw(blob.group(1)), -15).decode()
    found = re.search(r"^NewsSearch\.early = (.*);$", rest, re.MULTILINE)
    assert found is not None
    return json.loads(found.group(1))


def term_starts(files: dict[str, Any]) -> list[str]:
    """Where each terms/ file by ranges starts: in engine.js when dictionary entries are among them (page format
    32), in the meta file otherwise."""
    early = files["engine.js early"]
    return early["ranges"] if "ranges" in early else files["meta"]["ranges"]["terms"]


def read_bundle(index: Path) -> dict[str, Any]:
    """Every data file of the index's search bundle, by name, its value read back."""
    files: dict[str, Any] = {}

    def put(rel: str, data: bytes) -> None:
        if rel == "search/start.js":  # meta, officials, docs/ and keys again, in one file (test_export.py)
            return
        if rel == "search/engine.js":  # what the engine knows before any file: NewsSearch.early (engine.py)
            files["engine.js early"] = engine_early(data)
        if rel.endswith(".js") and data.startswith(b"NewsSearch.data("):
            name, value = pack.read_script(data)
            files[name] = value

    with open_index(index) as ix:
        write_search_bundle(ix, put, lambda i: f"articles/{i}.html")
    return files


@pytest.fixture(scope="module")
def bundle(corpus_index: Path) -> dict[str, Any]:
    with pytest.MonkeyPatch.context() as mp:  # the test corpus is small: positions in both homes (groups, pos/)
        mp.setattr(bundle_module, "INLINE_POSITIONS", 20)
        return read_bundle(corpus_index)


@pytest.mark.parametrize("values", [[], [0], [31], [32], [3, 0, 40], [2**31, 2**40, 1, 0, 1023, 1024]])
def test_varints_round_trip(values: list[int]) -> None:
    assert pack.unvarints(pack.varints(values)) == values
    joined = [*values, 5, *values]
    bounds = [0, len(values), len(values) + 1, len(joined)]
    assert pack.varints_split(joined, bounds) == [pack.varints(values), pack.varints([5]), pack.varints(values)]


def test_small_numbers_take_one_character() -> None:
    assert len(pack.varints(list(range(32)))) == 32


def test_a_key_named_proto_stays_a_member_of_its_object() -> None:
    # In a script's object literal, "__proto__": {...} sets the prototype; JSON.parse keeps it a member.
    data = pack.script("x", {"__proto__": "abc", "constructor": "d"})
    assert data.startswith(b'NewsSearch.data("x","')  # the packed form: a string for JSON.parse
    assert pack.read_script(data) == ("x", {"__proto__": "abc", "constructor": "d"})


@pytest.mark.parametrize("seed", range(5))
def test_a_data_file_holds_its_deflated_bytes_with_few_more(seed: int) -> None:
    """A query pays for a file's bytes: the deflated JSON a character a byte (read as x-user-defined), only what
    would end the string or a line, and markup characters, escaped; base64 took a third more."""
    import random

    rng = random.Random(seed)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyzàáảãạăđơưក្ខ") for _ in range(rng.randint(1, 9)))
             for _ in range(3000)]
    value = {w: pack.varints([rng.randrange(5000) for _ in range(rng.randint(1, 8))]) for w in words}
    deflated = len(pack.deflate(pack.to_json(value).encode("utf-8")))
    data = pack.script("terms/7", value)
    assert len(data) < 1.05 * deflated + 40
    assert pack.read_script(data) == ("terms/7", value)


def test_every_byte_comes_back_from_its_string() -> None:
    import random

    rng = random.Random(7)
    for data in (bytes(range(256)), b'\\"\\\\n"\n\r<>', bytes(rng.randrange(256) for _ in range(20_000))):
        literal = pack.raw_string(data)
        assert pack.unraw(literal) == data
        inner = literal[1:-1]
        assert not set(b'"\n\r<>') & set(inner.replace(b"\\\\", b"").replace(b'\\"', b""))


@pytest.mark.parametrize("seed", range(5))
def test_front_coded_dates_come_back_whole_and_smaller(seed: int) -> None:
    import datetime
    import random

    rng = random.Random(seed)
    day = datetime.date(2024, 12, 31).toordinal()
    dates = {datetime.date.fromordinal(day - rng.randrange(3000)).isoformat()[:rng.choice((4, 7, 10, 10, 10))]
             for _ in range(rng.randrange(1, 2000))}
    values = sorted(dates | ({""} if seed % 2 else set()))
    text = pack.front_coded(values)
    assert pack.unfront(text) == values
    assert len(pack.deflate(text.encode())) < len(pack.deflate(pack.to_json(values).encode()))
    assert pack.unfront(pack.front_coded([])) == [] and pack.unfront(pack.front_coded([""])) == [""]


@pytest.mark.parametrize("size", [1, 400])
def test_data_files_cannot_close_a_script_or_open_markup(size: int) -> None:
    value = {"a": "</script><img onerror=x>&\u2028\u2029\ud800" * size}  # small: JSON; large: deflated JSON
    data = pack.script("x", value)
    text = data.decode("latin-1")  # as the page reads it (x-user-defined), but for 0x80-0xFF
    assert not set("<>\u2028\u2029") & set(text)
    assert "&" not in text or size > 1  # JSON: escaped; deflated bytes: "&" is one of them, in a string
    assert pack.read_script(data) == ("x", value)
    assert pack.to_json(value).count("\\u003c") == 2 * size  # the two "<" of each copy, escaped


def test_every_body_term_is_in_its_words_group_with_the_indexs_postings(bundle: dict[str, Any],
                                                                         corpus_index: Path) -> None:
    meta = bundle["meta"]
    groups: dict[str, Any] = {}
    for name, content in bundle.items():
        if name.startswith("terms/"):
            groups.update(content)
    with open_index(corpus_index) as ix:
        reader = ix.reader
        live = np.flatnonzero(reader.docs.live)
        old = live[np.argsort(reader.docs.order[live], kind="stable")]  # page number -> index number
        assert meta["docs"]["count"] == len(old)
        checked = 0
        for term in reader.field_terms("body"):
            group = groups[fold(term)]
            if isinstance(group, str):
                group = bundle["terms/" + group[1:]][fold(term)]
            ids, tfs = decode_postings(group["b"][term])
            p = reader.postings("body", term)
            assert sorted(zip(old[ids].tolist(), tfs, strict=True)) == sorted(zip(p.ids.tolist(), p.weights.tolist(),
                                                                                   strict=True)), term
            checked += 1
        assert checked > 100


def test_the_names_keys_are_in_a_folder_of_their_own_that_only_a_word_typed_joined_reads(corpus_index: Path) -> None:
    # lang/vietnamese.py name_keys: in terms/, whose files every query reads, they made the page's KB per query p95
    # at 5k 199.7 -> 200.0
    files = read_bundle(corpus_index)
    in_terms = {k for name, content in files.items() if name.startswith("terms/") for k in content if k[0] == "^"}
    in_names = {k: v for name, content in files.items() if name.startswith("names/") for k, v in content.items()}
    assert not in_terms and in_names["^buithanh"]["x"][0][0] == "^buithanh"


def test_large_spellings_move_to_entries_of_their_own_with_the_same_postings(
        corpus_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from search.site import bundle as module
    monkeypatch.setattr(module, "SPLIT_BYTES", 8)
    monkeypatch.setattr(module, "SPELLING_BYTES", 2)
    monkeypatch.setattr(module, "SOLO_BYTES", 40)
    files = read_bundle(corpus_index)
    entries: dict[str, Any] = {}
    for name, content in files.items():
        if name.startswith(("terms/", "names/")):  # names/: the names' keys (^buithanh), as groups
            entries.update({k: v for k, v in content.items() if not (isinstance(v, str) and v.startswith("@"))})
    moved = {k[1:]: v for k, v in entries.items() if k.startswith("~")}
    assert len(moved) >= 4  # the corpus is small: là, la, son, sơn
    # The whole group, for a word typed without accents, in a file of its own: the group with its moved
    # spellings' postings back in it.
    wholes = {k[1:]: v for k, v in entries.items() if k.startswith("*")}
    assert set(wholes) == {k for k, g in entries.items() if k[0] not in "~*" and isinstance(g, dict) and "M" in g}
    for folded, whole in wholes.items():
        assert f"terms/x{pack.fnv1a('*' + folded) & 0xFFFFFF:06x}" in files
        group = {k: v for k, v in entries[folded].items() if k != "M"}
        for spelled in entries[folded]["M"]:
            for letter in "bt":
                if spelled in group.get(letter, {}):
                    group[letter] = {**group[letter], spelled: moved[spelled][letter]}
            if "x" in group:
                group["x"] = [[w, moved[w]["x"] if w == spelled else p] for w, p in group["x"]]
        assert whole == group, folded
    with open_index(corpus_index) as ix:
        reader = ix.reader
        live = np.flatnonzero(reader.docs.live)
        old = live[np.argsort(reader.docs.order[live], kind="stable")]
        for field, letter in (("body", "b"), ("title", "t"), ("exact", "x")):
            for term in reader.field_terms(field):
                spelled = term.partition(" ")[2] if field == "exact" else term
                group = entries[term.partition(" ")[0] if field == "exact" else fold(term)]
                value = dict(group["x"])[spelled] if field == "exact" else group[letter][term]
                if isinstance(value, int):  # moved: the group holds its number of articles
                    assert group["M"][spelled] in (0, 1)
                    assert (f"terms/x{pack.fnv1a('~' + spelled) & 0xFFFFFF:06x}" in files) >= group["M"][spelled]
                    text = moved[spelled][letter]
                    assert value == len(decode_postings(text)[0])
                else:
                    text = value
                ids, tfs = decode_postings(text)
                p = reader.postings(field, term)
                assert sorted(zip(old[ids].tolist(), tfs, strict=True)) == sorted(
                    zip(p.ids.tolist(), p.weights.tolist(), strict=True)), (field, term)


def decode_pairs(text: str) -> list[tuple[int, int]]:
    values, out, i, doc = pack.unvarints(text), [], 0, 0
    while i < len(values):
        doc += values[i]
        count, place = values[i + 1], 0
        for value in values[i + 2:i + 2 + count]:
            place += value
            out.append((doc, place))
        i += 2 + count
    return out


def test_pairs_are_every_two_neighbouring_body_terms_of_which_one_is_common(bundle: dict[str, Any],
                                                                           corpus_index: Path) -> None:
    """And every two one position apart with a position punctuation left empty between (the ``gap`` field; keyed
    with two spaces), common or not: what a quoted Khmer passage's punctuation matches."""
    from search.analysis.tokenize import GAP_TERM
    from search.site import pairs

    with open_index(corpus_index) as ix:
        reader = ix.reader
        live = np.flatnonzero(reader.docs.live)
        new = {int(o): n for n, o in enumerate(live[np.argsort(reader.docs.order[live], kind="stable")])}
        at: dict[tuple[int, int], str] = {}  # (page number, position) -> body term
        totals: dict[str, int] = {}
        for batch in reader.postings_batches("body", positions=True):
            assert batch.counts is not None and batch.places is not None
            place = 0
            for i, term in enumerate(batch.terms):
                for k in range(batch.starts[i], batch.starts[i + 1]):
                    count = int(batch.counts[k])
                    doc = int(batch.ids[k])
                    if doc in new:
                        for p in batch.places[place:place + count].tolist():
                            at[new[doc], p] = term
                        totals[term] = totals.get(term, 0) + count
                    place += count
        gaps = reader.postings("gap", GAP_TERM, positions=True).keys
        empty = {(new[int(k >> 32)], int(k & 0xFFFFFFFF)) for k in gaps if int(k >> 32) in new}
    assert empty  # the test corpus has some
    threshold = max(2, min(pairs.COMMON_POSITIONS, sum(totals.values()) // pairs.COMMON_SHARE))
    common = {t for t, n in totals.items() if n >= threshold}
    assert 10 < len(common) < len(totals)  # both kinds in the test corpus
    want: set[tuple[str, str, int, int]] = set()
    for (doc, p), a in at.items():
        b = at.get((doc, p + 1))
        if b is not None and (a in common or b in common):
            want.add((a, b, doc, p))
        c = at.get((doc, p + 2))
        if c is not None and (doc, p + 1) in empty:
            want.add((a, "_ " + c, doc, p))
    assert any(b.startswith("_ ") for _, b, _, _ in want)  # the test corpus has some
    got: set[tuple[str, str, int, int]] = set()
    entries: dict[str, Any] = {}
    for name, content in bundle.items():
        if name.startswith("pairs/"):
            for key, value in content.items():
                if not (isinstance(value, str) and value.startswith("@")):
                    assert key not in entries
                    entries[key] = value
    for key, entry in entries.items():
        for spelled, text in entry.items():
            space = "  " if "  " in spelled else " "
            a, b = spelled.split(space)
            assert key == f"{fold(a)}{space}{fold(b)}"
            got.update((a, b if space == " " else "_ " + b, doc, p) for doc, p in decode_pairs(text))
    assert got == want
    # Common terms are listed in their word's group and have no body positions; rare ones have theirs.
    groups: dict[str, Any] = {}
    positions: dict[str, Any] = {}
    for name, content in bundle.items():
        if name.startswith("terms/"):
            groups.update({k: v for k, v in content.items() if not (isinstance(v, str) and v.startswith("@"))})
        if name.startswith("pos/"):
            positions.update({k: v for k, v in content.items() if not (isinstance(v, str) and v.startswith("@"))})
    listed = {t for g in groups.values() if isinstance(g, dict) for t in g.get("C", [])}
    assert listed == common
    # A word's positions have one home: its group when they are small ("W", bundle.INLINE_POSITIONS), else pos/.
    inline = {k: g["W"] for k, g in groups.items() if isinstance(g, dict) and "W" in g}
    assert inline and positions and not set(inline) & set(positions)
    assert all(len(pack.to_json(v)) <= 20 < len(pack.to_json(w)) for v in inline.values() for w in positions.values())
    with_places = {t for g in [*positions.values(), *inline.values()] for t in g.get("b", {})}
    assert with_places == set(totals) - common
    # The file the page computes from the two words' hashes holds the pair.
    count = bundle["meta"]["shards"]["pairs"]
    for key in list(entries)[:200] + [k for k in entries if "  " in k][:200]:
        a, _, b = key.partition(" ")  # b: " <word>" one position apart, as reader.js hashes it
        shard = pairs.pair_shard(np.array([pack.fnv1a(a)], dtype=np.uint32), np.array([pack.fnv1a(b)], dtype=np.uint32),
                                 count)[0]
        assert key in bundle[f"pairs/{shard}"]


def test_entries_with_a_file_of_their_own_are_listed_where_the_page_looks_first(
        corpus_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import base64

    from search.site import bundle as module
    monkeypatch.setattr(module, "SOLO_BYTES", 30)  # the test corpus is small: many entries of their own
    monkeypatch.setattr(module, "INLINE_POSITIONS", 20)  # and positions in pos/
    bundle = read_bundle(corpus_index)
    early = bundle["engine.js early"]  # in the engine: the page's words' files are asked for before meta has come
    assert "solo" not in bundle["meta"]
    assert early["mask"] == 0xFFFFFF
    assert early["terms"] == bundle["meta"]["shards"]["terms"] == len([n for n in bundle if n.startswith("terms/")
                                                                       and n[6:].isdigit()])
    listed = base64.b64decode(early["solo"])
    numbers = {int.from_bytes(listed[i:i + 3], "big") for i in range(0, len(listed), 3)}
    assert len(numbers) * 3 == len(listed)
    pointers: dict[str, dict[str, str]] = {"terms": {}, "pos": {}}
    own: dict[str, dict[str, Any]] = {"terms": {}, "pos": {}}
    for name, content in bundle.items():
        folder, _, file = name.partition("/")
        if folder in pointers:
            for key, value in content.items():
                if file.startswith("x"):
                    assert file == f"x{pack.fnv1a(key) & 0xFFFFFF:06x}"  # the name the page computes
                    own[folder][key] = value
                elif isinstance(value, str) and value.startswith("@"):
                    pointers[folder][key] = value[1:]
    assert own["terms"] and own["pos"]
    assert set(own["terms"]) == set(pointers["terms"]) and set(own["pos"]) == set(pointers["pos"])
    assert numbers == {int(name[1:], 16) for name in pointers["terms"].values()}
    groups = {}
    for name, content in bundle.items():
        if name.startswith("terms/") and not name.startswith("terms/x"):
            groups.update({k: own["terms"].get(k, v) for k, v in content.items()})
    assert {k for k, g in groups.items() if isinstance(g, dict) and g.get("P")} == set(own["pos"])


def test_articles_are_numbered_newest_first_then_by_id(bundle: dict[str, Any], open_corpus: Any) -> None:
    arts = [bundle[f"art/{n}"] for n in range(bundle["meta"]["docs"]["count"])]
    assert [(a["date"], a["id"]) for a in arts] == [(a.date, a.id) for a in open_corpus.articles()]
    assert arts[0]["body"] == open_corpus.show(arts[0]["id"]).body
    assert all(a["href"] == f"articles/{a['id']}.html" for a in arts)


def test_urls_sources_and_dates_of_a_year_alone_reach_the_page_as_the_index_has_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from search import build_index

    rows = [{"id": f"a{i}", "title": f"Title {i}", "body": f"Body number {i} about rice.", "lang": "en",
             "date": ["2023", "2024-05-06", "2031-01-02", "2024-05"][i % 4],
             "url": f"https://{['www.', ''][i % 2]}site{i % 3}.example/{'x' * i}/{i}",
             **({"source": f"Outlet {i % 2}"} if i % 3 else {}), **({"author": "Ann"} if i % 5 == 0 else {})}
            for i in range(12)] + [{"id": "no-url", "title": "Plain", "body": "Nothing about rice.", "lang": "en"}]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    build_index([tmp_path / "docs"], tmp_path / "ix", procs=1)
    files: dict[str, Any] = {}
    monkeypatch.setattr(bundle_module, "URL_SHARD_BYTES", 120)
    with open_index(tmp_path / "ix") as ix:
        write_search_bundle(ix, lambda rel, data: files.update([pack.read_script(data)]) if rel not in
                            ("search/engine.js", "search/stem.js", "search/start.js") else None, lambda i: i)
        reader = ix.reader
        live = np.flatnonzero(reader.docs.live)
        old = live[np.argsort(reader.docs.order[live], kind="stable")]
        meta = files["meta"]
        # URLs: sorted ranges, the index naming each range's first URL, every URL once with its articles.
        assert meta["urls"] == len(files["urls/index"]) > 3
        ranges = [files[f"urls/{k}"] for k in range(meta["urls"])]
        assert [next(iter(r)) for r in ranges] == files["urls/index"]
        joined = [url for r in ranges for url in r]
        assert joined == sorted(joined) and len(joined) == 12
        for url, postings in ((u, p) for r in ranges for u, p in r.items()):
            assert old[decode_postings(postings)[0]].tolist() == reader.postings("url", url).ids.tolist()
        # Source: a code per article; year and month: the date's, as the index derives them (no month for 2023).
        chunk = files["docs/0"]
        n = chunk["n"]
        data = zlib.decompress(chunk["z"], -15)
        width = meta["docs"]["coded"]["source"]["width"]
        assert list(meta["docs"]["coded"]) == ["source"] and len(data) == n * (1 + 2 + 4 + width)
        codes = np.frombuffer(data[7 * n:], dtype=f"<u{width}")
        values = meta["docs"]["coded"]["source"]["values"]
        dates = pack.unfront(meta["docs"]["dates"])
        year_vocab, year_codes = reader.docs.codes["year"]
        month_vocab, month_codes = reader.docs.codes["month"]
        # the date's code as the change from the article before: mostly 0, articles are numbered newest first
        changes = np.frombuffer(data[n:3 * n], dtype="<u2")
        date_codes = np.cumsum(changes, dtype=np.uint16)
        assert np.count_nonzero(changes) < len(set(date_codes.tolist())) + 1
        lang_vocab, lang_codes = reader.docs.codes["lang"]
        for n, docnum in enumerate(old.tolist()):
            stored = reader.stored(docnum)
            assert values[codes[n]] == (stored.get("source") or "")
            assert meta["docs"]["langs"][data[n] & 127] == lang_vocab[lang_codes[docnum]]
            assert bool(data[n] >> 7) == (stored.get("spelled") == "exact")
            for k, fname in enumerate(("body", "title", "stem", "exact")):
                code = data[(3 + k) * chunk["n"] + n]
                assert meta["docs"]["lengths"][fname][code] == reader.docs.lengths[fname][docnum]
            date = dates[date_codes[n]]
            assert (date[:4], date[:7] if len(date) >= 7 else "") == (year_vocab[year_codes[docnum]],
                                                                      month_vocab[month_codes[docnum]])
            art = files[f"art/{n}"]
            assert (art.get("url"), art.get("src"), art.get("au"), art.get("sec"), art.get("df", False)) == (
                stored.get("url"), stored.get("source") or None, stored.get("author"), stored.get("section"),
                bool(stored.get("date_future")))
        assert "2023" in dates and ix.show("a2").date_future  # "2031-01-02": last in the numbering (newest first)
        assert files[f"art/{len(old) - 1}"]["id"] == "no-url" and files[f"art/{len(old) - 2}"]["date"] == "2031-01-02"


def test_khmer_articles_carry_icus_word_offsets(bundle: dict[str, Any]) -> None:
    from search.analysis import split_words

    km = next(a for n, a in bundle.items() if n.startswith("art/") and a["lang"] == "km")
    flat = np.cumsum(pack.unvarints(km["seg"])).tolist()
    assert list(zip(flat[::2], flat[1::2], strict=True)) == [(s, e) for _, s, e in split_words(km["body"])]


def test_the_stems_of_a_words_spellings_and_the_words_of_a_stem(bundle: dict[str, Any]) -> None:
    groups: dict[str, Any] = {}
    for name, content in bundle.items():
        if name.startswith("terms/"):
            groups.update(content)
    assert groups["cooperation"]["s"]["coopération"] == ["fr:cooper"]
    assert {"coopération", "coopérations", "coopérer"} <= set(groups["fr:cooper"]["w"])


def test_a_group_carries_the_entries_of_its_spellings_stems(bundle: dict[str, Any]) -> None:
    # A query word's stems come with its group (bundle.py _stems_inside), not from the stems' shards.
    entries: dict[str, Any] = {}
    for name, content in bundle.items():
        if name.startswith("terms/"):
            entries.update({k: v for k, v in content.items() if not (isinstance(v, str) and v[0] == "@")})
    stems = {k: v for k, v in entries.items() if ":" in k}
    checked = 0
    for key, group in entries.items():
        if ":" in key or key[0] in "~" + bundle_module.DICT_MARK:
            continue
        wanted = {k for found in group.get("s", {}).values() for k in found if k in stems}
        assert set(group.get("S", {})) == wanted, key
        for k in wanted:
            assert group["S"][k] == stems[k]
            checked += 1
    assert checked and entries["cooperation"]["S"]["fr:cooper"] == stems["fr:cooper"]


def test_icus_khmer_dictionary_is_read_whole_and_split_without_loss() -> None:
    words = icudict.words("Khmer")
    assert len(words) > 80_000 and {"ហ៊ុន", "ម៉ា", "នាយក", "រដ្ឋមន្ត្រី"} <= set(words)
    engine = icudict.engine("Khmer")
    entries: dict[str, Any] = dict(icudict.firsts("Khmer"))  # one character: in the meta file
    for content in icudict.shards(engine).values():
        assert all(len(key) > 1 for key in content)
        entries.update(content)
    assert len(icudict.firsts("Khmer")) == len({w[0] for w in words})
    rebuilt = []
    for key, value in entries.items():
        if isinstance(value[0], int):  # a split: [the prefix is a word, the characters that follow it]
            if value[0]:
                rebuilt.append(key)
            continue
        previous = ""
        for coded in value:
            rest = previous[:pack.ALPHABET.index(coded[0])] + coded[1:]
            rebuilt.append(key + rest)
            previous = rest
    assert sorted(rebuilt) == words


@pytest.mark.parametrize("script", sorted(icudict.DICTIONARIES))
def test_no_dictionary_word_is_longer_than_the_longest_piece(script: str) -> None:
    # js/segment.js keeps what its matcher found by the LONGEST_PIECE + 1 UTF-16 units it may read.
    from search.analysis.tokenize import LONGEST_PIECE

    assert max(len(w.encode("utf-16-le")) // 2 for w in icudict.words(script)) < LONGEST_PIECE


@pytest.mark.parametrize("script", ["Khmer", "Lao", "Thai", "Myanmar"])
def test_the_page_skips_exactly_the_characters_no_dictionary_word_begins_with(script: str) -> None:
    # js/segment.js loads no entry for a character outside ``starts`` and looks it up as absent.
    starts = icudict.engine(script).sets["starts"]
    inside = {p for lo, hi in starts for p in range(lo, hi + 1)}
    firsts = {ord(w[0]) for w in icudict.words(script)}
    assert inside == firsts
    chars = {p for lo, hi in icudict.engine(script).sets["chars"] for p in range(lo, hi + 1)}
    assert chars - inside  # marks and signs at least: some characters of the script begin no word


def test_the_engine_reads_the_data_format_the_bundle_writes(tmp_path: Path) -> None:
    """One home for the format: bundle.FORMAT, written into the engine with it (searcher.js had its own 6)."""
    from importlib import resources

    from search.site.bundle import FORMAT
    from search.site.engine import engine_source

    source = resources.files("search.site").joinpath("js", "searcher.js").read_text(encoding="utf-8")
    assert "meta.format !== NS.dataFormat)" in source
    # The engine as exported, run in node up to its boot: it is told the format the bundle writes
    # (its deflated rest a string of bytes, read here as Latin-1: still a string, never run)
    loader = engine_source(FORMAT).decode("latin-1").replace("NewsSearch.boot(", "(() => 0)(")
    (tmp_path / "engine.js").write_text(loader + "console.log(JSON.stringify(NewsSearch.dataFormat));\n",
                                        encoding="utf-8")
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node")
    out = subprocess.run([node, str(tmp_path / "engine.js")], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == FORMAT


def test_the_exported_engine_drops_comments_after_code_and_keeps_every_token(tmp_path: Path) -> None:
    """A comment after code is 2.7 KB of the engine every query loads: dropped where its ``//`` cannot be inside
    a string or a regular expression, and the code before it kept whole."""
    import re
    import zlib

    from search.site.bundle import FORMAT
    from search.site.engine import engine_source, squeeze

    assert squeeze('  x = 1;  // one\n  // alone\n\n  /* a\n  block */\n  y(x);') == "x = 1;\ny(x);"
    for kept in ('s = "a  // b";  // c', "t = 'a';  // c", "r = /a  x/.test(s);  // c", "h = a / b;  // c",
                 "u = `a`;  // c", "w = 'http://x';"):
        assert squeeze(kept) == kept
    blob = re.search(rb'NewsSearch\.boot\(("(?:[^"\\]|\\.)*")\);\n$', engine_source(FORMAT), re.DOTALL)
    assert blob is not None
    exported = engine_source(FORMAT)[:blob.start()].decode("ascii")
    rest = zlib.decompress(pack.unraw(blob.group(1)), -15).decode()
    left = [line for line in (exported + rest).splitlines()
            if re.match(r"^[^\"'`/]*\S  // ", line)]
    assert left == []
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node")
    (tmp_path / "rest.js").write_text(rest, encoding="utf-8")
    subprocess.run([node, "--check", str(tmp_path / "rest.js")], check=True)


def test_a_long_listing_gets_numbered_page_names() -> None:
    names = Namer()
    assert names.page("lang", "vi", 1) == "lang/vi.html"
    assert names.page("lang", "vi", 2) == "lang/vi-2.html"
    assert names.add("lang", "vi-2") != "lang/vi-2.html"  # a crafted value cannot take a page's name


def test_the_vendored_stemmer_is_built_from_the_pinned_package(tmp_path: Path) -> None:
    from search.site import stemmer_bundle

    assert stemmer_bundle.INTEGRITY in stemmer_bundle.OUT.read_text(encoding="utf-8")[:1000]
    fake = tmp_path / "multilingual-stemmer-2.1.1.tgz"
    with tarfile.open(fake, "w:gz") as tar:
        info = tarfile.TarInfo("package/dist/browser/index.js")
        info.size = 2
        tar.addfile(info, BytesIO(b"//"))
    with pytest.raises(SystemExit, match="integrity"):
        stemmer_bundle.build(fake)


def test_the_page_gets_an_initial_with_and_without_its_dot_as_the_matcher_reads_it(
        bundle: dict[str, Any], open_corpus: Any) -> None:
    """The page resolves a typed name in the officials' entries shipped at export (names.js): "Donald J Trump"
    and "Joseph R Biden" must be there as the matcher reads them (before, only "donald j. trump" was)."""
    entries = bundle["officials"]["entries"]
    for key, official_id in [("donald j trump", "donald-trump"), ("donald j. trump", "donald-trump"),
                             ("joseph r biden", "joe-biden"), ("ferdinand marcos jr", "ferdinand-marcos-jr")]:
        assert [e[0] for e in entries[key]] == [official_id], key
    matcher = open_corpus.registry().matcher()
    assert set(entries) == {k for k, v in matcher.entries.items() if any(form.official_id for form, _ in v)}


def test_words_of_scripts_cut_by_dictionaries_are_in_the_range_of_sorted_words_the_page_finds(
        corpus_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Khmer, Thai, Chinese... word groups (keys from bundle.RANGED_FROM on) are filed by ranges of sorted keys,
    not by hash: every such key is in the file the page finds from meta's starts (js/reader.js termFile: the
    last start at or before the key), any other key in its hash's file, and the pieces of a word that start
    at one place (prefixes of each other) sit in one file unless a range starts between them."""
    import bisect

    monkeypatch.setattr(bundle_module, "TERM_SHARD_BYTES", 300)  # the test corpus is small: several ranges
    files = read_bundle(corpus_index)
    starts = term_starts(files)
    assert len(starts) > 3 and starts == sorted(starts) and starts[0] >= bundle_module.RANGED_FROM
    count = files["meta"]["shards"]["terms"]
    hashed = bundle_module.filed_by
    ranged: dict[str, int] = {}
    for name, content in files.items():
        if name.startswith("terms/r"):
            for key in content:
                assert key not in ranged
                ranged[key] = int(name[len("terms/r"):])
        elif name.startswith("terms/") and not name.startswith("terms/x"):
            for key in content:
                assert hashed(key) < bundle_module.RANGED_FROM and pack.bucket(hashed(key), count) == int(name[6:])
    assert len(ranged) > 20
    for key, number in ranged.items():
        assert hashed(key) >= bundle_module.RANGED_FROM
        assert bisect.bisect_right(starts, hashed(key)) - 1 == number, key
    together = [(a, b) for a in ranged for b in ranged if a != b and b.startswith(a)]
    assert together and all(ranged[a] == ranged[b] or any(hashed(a) < s <= hashed(b) for s in starts)
                            for a, b in together)


def test_dictionary_entries_sit_in_the_word_groups_files_by_ranges_of_their_prefixes(bundle: dict[str, Any]) -> None:
    """Khmer, Lao, Thai and Burmese dictionary entries (icudict.py, two characters or more) are members
    "%<prefix>" of the terms/ files by ranges, each in the file the page finds for its prefix from the starts
    engine.js carries (js/reader.js termFile, before the meta file has come), beside the word groups of the
    words that prefix begins: one file for both where a range holds them (page format 32). No dict/ file is
    written for them; Chinese and Japanese keep theirs."""
    import bisect

    from search.site import icudict

    assert not any(name.startswith("dict/khmr/") for name in bundle)
    early = bundle["engine.js early"]
    starts = early["ranges"]
    assert "terms" not in bundle["meta"]["ranges"]  # not twice: every query loads both
    entries = {}
    for name, content in bundle.items():
        if name.startswith("terms/r"):
            for key, value in content.items():
                if key.startswith(bundle_module.DICT_MARK):
                    assert bisect.bisect_right(starts, key[1:]) - 1 == int(name[len("terms/r"):]), key
                    entries[key[1:]] = value
    assert entries == icudict.members("Khmer")  # every entry, as the dictionary files held them
    groups = {key for name, content in bundle.items() if name.startswith("terms/r") for key in content
              if key[0] != bundle_module.DICT_MARK}
    shared = [g for g in groups if g[:2] in entries and
              bisect.bisect_right(starts, g) == bisect.bisect_right(starts, g[:2])]
    assert len(shared) > 10  # a word group and the entry of its first two characters in one file


def test_files_by_hash_and_by_ranges_together_stay_within_max_shards(corpus_index: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """MAX_SHARDS bounds a folder's files: a large collection gets larger files, by hash and by ranges of sorted
    words alike (the ranges were cut at TERM_SHARD_BYTES whatever the collection's size: a large Chinese or Thai
    collection's terms/ grew one file every 3 KB). Every ranged key is still in the file the page finds."""
    import bisect

    monkeypatch.setattr(bundle_module, "TERM_SHARD_BYTES", 300)  # the test corpus is small: several ranges
    unbounded = read_bundle(corpus_index)
    assert unbounded["meta"]["shards"]["terms"] + len(term_starts(unbounded)) > 20
    monkeypatch.setattr(bundle_module, "MAX_SHARDS", 20)
    files = read_bundle(corpus_index)
    starts, count = term_starts(files), files["meta"]["shards"]["terms"]
    shared = [n for n in files if n.startswith("terms/") and not n.startswith("terms/x")]
    assert len(shared) == count + len(starts) <= 20 and len(starts) > 1
    for name in shared:
        if name.startswith("terms/r"):
            for key in files[name]:
                filed = bundle_module.filed_by(key)
                assert bisect.bisect_right(starts, filed) - 1 == int(name[len("terms/r"):]), key


def test_no_exact_key_holds_a_colon_that_would_file_it_elsewhere() -> None:
    """An exact key the index makes of what an article writes (acronyms, numbers, times, names: analysis/terms.py
    text_keys) is filed by itself: ``filed_by`` reads a colon as a stem's language (``fr:cooper``), so a key
    holding one would be looked for in another file by the page (review-b: why the time key is ``#10h30``, not
    ``#10:30``). Random texts of times, ratios, addresses, numbers, acronyms and names."""
    import random

    from search.analysis.terms import text_keys
    from search.site.bundle import filed_by

    rng = random.Random(5)
    pieces = ["10:30", "10h30", "10 giờ 30", "50:50", "1:10:30", "http://a.vn:80/x", "fe80::1", "U.S.", "T.Ư",
              "3,5%", "10-15%", "Việt Nam", "Hà Nội", "Re:Zero", " ", "\n", "：", "12:00 PM", "Ha Noi:"]
    texts = ["".join(rng.choice(pieces) + rng.choice([" ", ""]) for _ in range(rng.randint(1, 8)))
             for _ in range(2000)]
    keys = {k for t in texts for k in text_keys(t, t)}
    assert any(k.startswith("#10h30") for k in keys) and any(k.startswith("^") for k in keys)  # the kinds drawn
    assert [k for k in keys if ":" in k or filed_by(k) != k] == []
