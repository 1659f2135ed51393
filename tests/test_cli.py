from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from search.cli import cli

from .conftest import ARTICLES, SEEDS, write_articles


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_index_prints_a_summary_and_json_with_the_same_report(tmp_path: Path) -> None:
    code, out, _ = run("index", str(SEEDS), "--index", str(tmp_path / "ix"))
    assert code == 0
    assert "2 added, 0 updated, 0 removed, 0 unchanged, 0 skipped" in out
    assert "languages: fr 1, id 1" in out
    code, out, _ = run("index", str(SEEDS), "--index", str(tmp_path / "ix"), "--json")
    report = json.loads(out)
    assert (report["added"], report["unchanged"], report["languages"]) == (0, 2, {"fr": 1, "id": 1})


def test_index_reports_each_skipped_file_with_its_reason(tmp_path: Path) -> None:
    corpus = write_articles(tmp_path / "c", {"ok.txt": ARTICLES["fr1.txt"], "empty.txt": ""})
    (corpus / "image.png").write_bytes(b"\x89PNG\x00\x00")
    code, out, _ = run("index", str(corpus), "--index", str(tmp_path / "ix"))
    assert code == 0
    assert "skipped: " in out and "image.png" in out and "empty.txt" in out


def test_index_exits_1_when_nothing_could_be_indexed(tmp_path: Path) -> None:
    corpus = write_articles(tmp_path / "c", {"empty.txt": ""})
    code, _, err = run("index", str(corpus), "--index", str(tmp_path / "ix"))
    assert code == 1
    assert "nothing could be indexed" in err


def test_index_rejects_an_unknown_language_code(tmp_path: Path) -> None:
    code, _, err = run("index", str(SEEDS), "--index", str(tmp_path / "ix"), "--lang", "xx")
    assert code == 2
    assert "unknown language code 'xx'" in err


def test_analyze_shows_every_form_of_every_token() -> None:
    code, out, _ = run("analyze", "Coopération Sơn", "--lang", "fr", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["lang"] == "fr"
    assert data["tokens"][0] == {"text": "coopération", "folded": "cooperation", "stem": "cooper",
                                 "start": 0, "end": 11}
    assert data["tokens"][1]["folded"] == "son"


def test_analyze_refuses_a_language_it_does_not_know_instead_of_showing_no_languages_analysis() -> None:
    # --lang fre showed "stem=-" with exit 0: the analysis of no language, passed off as French.
    code, _, err = run("analyze", "coopération", "--lang", "fre")
    assert code == 2 and "unknown language code 'fre'" in err
    assert run("analyze", "coopération", "--lang", "FR")[0] == run("analyze", "coopération")[0] == 0


def test_analyze_reads_standard_input_as_json_lines() -> None:
    code, out, _ = run("analyze", "-", "--lang", "vi", input="Hợp tác\nSơn La\n")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [[t["folded"] for t in line["tokens"]] for line in lines] == [["hop", "tac"], ["son", "la"]]
    assert all(t["stem"] is None for line in lines for t in line["tokens"])


def test_query_json_follows_the_documented_schema(corpus_index: Path) -> None:
    code, out, _ = run("query", "coopération", "--index", str(corpus_index), "--json", "--limit", "2")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"query", "total", "hits", "facets", "suggestion"}
    hit = data["hits"][0]
    assert set(hit) >= {"id", "title", "date", "date_inferred", "lang", "score", "snippets", "officials", "path"}
    assert hit["id"] == "fr1" and any("<mark>" in s for s in hit["snippets"])
    assert data["facets"]["lang"]["fr"] == 2


def test_query_text_output_lists_hits_snippets_and_facets(corpus_index: Path) -> None:
    code, out, _ = run("query", "Hun Manet", "--index", str(corpus_index))
    assert code == 0
    assert "result" in out and "id1" in out and "**Hun Manet**" in out  # a name is marked whole
    assert "lang: " in out


def test_query_flags_filter_like_the_field_syntax(corpus_index: Path) -> None:
    _, a, _ = run("query", "Son", "--index", str(corpus_index), "--lang", "fr", "--from", "2024-12", "--json")
    _, b, _ = run("query", "Son lang:fr date:2024-12..", "--index", str(corpus_index), "--json")
    assert [h["id"] for h in json.loads(a)["hits"]] == [h["id"] for h in json.loads(b)["hits"]] == ["fr1"]


def test_the_help_says_what_a_repeated_filter_flag_keeps_and_it_does(corpus_index: Path) -> None:
    # --lang fr --lang id keeps either language; --country KH --country VN only articles naming both: the help
    # said "(repeatable)" for both, and "Only articles with this an official..." / "with this the outlet".
    import re

    _, text, _ = run("query", "--help")
    text = re.sub(r"\s+", " ", text)
    for flag, kind in (("lang", "any"), ("year", "any"), ("month", "any"), ("source", "any"),
                       ("official", "all"), ("country", "all"), ("role", "all")):
        entry = text.split(f" --{flag} TEXT ")[1].split(" --")[0]
        assert entry.startswith("Only articles with this ") and f"Repeatable: articles with {kind} of them" in entry
    assert "with this the" not in text and "with this an" not in text

    def total(*flags: str) -> int:
        return int(json.loads(run("query", "", "--index", str(corpus_index), *flags, "--json")[1])["total"])

    assert total("--lang", "fr", "--lang", "id") == total("--lang", "fr") + total("--lang", "id") > 0
    both = total("--official", "hun-manet", "--official", "pham-minh-chinh")
    assert 0 < both < total("--official", "hun-manet") + total("--official", "pham-minh-chinh")


def test_paging_past_the_last_result_says_where_the_last_page_is(corpus_index: Path) -> None:
    code, out, _ = run("query", "", "--lang", "fr", "--lang", "vi", "--index", str(corpus_index), "--offset", "9",
                       "--limit", "3")
    assert code == 0 and out.startswith("4 results for ''")
    assert "note: --offset 9 is past the last result (4); the last page is --offset 3 --limit 3" in out
    _, out, _ = run("query", "", "--lang", "fr", "--lang", "vi", "--index", str(corpus_index), "--offset", "3",
                    "--limit", "3")
    assert "(showing 4-4)" in out and "past the last result" not in out
    # --json says it too (it had no note: a script paging on read an empty page as the end, without why)
    for offset, notes in (("9", ["--offset 9 is past the last result (4); the last page is --offset 3 --limit 3"]),
                          ("3", [])):
        _, out, _ = run("query", "", "--lang", "fr", "--lang", "vi", "--index", str(corpus_index), "--offset", offset,
                        "--limit", "3", "--json")
        assert json.loads(out)["notes"] == notes


def test_the_year_and_month_facets_say_how_many_articles_they_do_not_count(tmp_path: Path) -> None:
    """33 results whose years summed to 30, with nothing to say so: the undated ones are counted, last."""
    folder = write_articles(tmp_path / "news", {
        "a.txt": " date 2024-11-05 Mekong trade\n\nMekong trade grows.",
        "b.txt": " date 2023 Mekong river\n\nThe Mekong river floods.",
        "c.txt": "Mekong fishing\n\nFishing on the Mekong, undated.",
    })
    run("index", str(folder), "--index", str(tmp_path / "ix"))
    code, out, _ = run("query", "Mekong", "--index", str(tmp_path / "ix"))
    assert code == 0 and out.startswith("3 results")
    assert "\nyear: 2024 (1), 2023 (1), undated (1)\n" in out + "\n"
    assert "\nmonth: 2024-11 (1), no month (2)\n" in out + "\n"
    found = json.loads(run("query", "Mekong", "--index", str(tmp_path / "ix"), "--json")[1])
    assert found["facets"]["year"] == {"2024": 1, "2023": 1} and found["undated"] == {"year": 1, "month": 2}
    found = json.loads(run("query", "Mekong", "--index", str(tmp_path / "ix"), "--facet", "lang", "--json")[1])
    assert found["undated"] == {}
    _, out, _ = run("query", "Mekong trade", "--index", str(tmp_path / "ix"))
    assert "undated" not in out and "no month" not in out


def test_officials_options_that_another_list_would_ignore_are_refused(corpus_index: Path) -> None:
    # --pairs --country KH listed every pair (Trump + Biden on the real news); --csv alone printed text.
    for args, message in ((["--pairs", "--country", "KH"], "--country selects officials in the officials list"),
                          (["--csv"], "--csv is for --pairs"), (["--min", "3"], "--min is for --pairs"),
                          (["--toml"], "--toml is for --candidates"), (["--pairs", "--candidates"], "choose one"),
                          (["--pairs", "--csv", "--json"], "--json and --csv are two formats")):
        code, out, err = run("officials", "--index", str(corpus_index), *args)
        assert code == 2 and message in err, args
        assert out == "" if "--json" not in args else message in json.loads(out)["error"]
    code, out, _ = run("officials", "--index", str(corpus_index), "--pairs", "--min", "1", "--csv")
    assert code == 0 and out.startswith("a,a_name,b,b_name,articles")


def test_officials_of_a_country_nobody_is_from_says_which_countries_there_are(corpus_index: Path) -> None:
    # --country XX said "No registered official is mentioned in this index", though 7 are.
    code, out, _ = run("officials", "--index", str(corpus_index), "--country", "XX")
    assert code == 0 and out.startswith("No official of country 'XX' is mentioned in this index; officials of "
                                        "these countries are: KH, VN (search officials --country KH).")
    code, out, _ = run("officials", "--index", str(corpus_index), "--pairs", "--min", "99")
    assert code == 0 and out == "No two officials are named together in 99 articles or more.\n"
    assert json.loads(run("officials", "--index", str(corpus_index), "--country", "XX", "--json")[1]) == []


def test_a_query_typed_without_quotes_is_told_to_put_them(corpus_index: Path) -> None:
    for args in (["Hun", "Manet"], ["-Laos", "Cambodge"], ["Hun", "Manet", "--json"]):
        code, _, err = run("query", *args, "--index", str(corpus_index))
        assert code == 2 and "A query of several words goes in quotes: search query 'Hun Manet -Laos'" in err, args


def test_a_query_that_cannot_run_exits_2_with_a_hint(corpus_index: Path) -> None:
    code, _, err = run("query", "date:someday", "--index", str(corpus_index))
    assert code == 2
    assert "Error: bad date" in err and "Hint:" in err


def test_an_unknown_official_flag_is_read_as_the_query_field_with_the_same_note(corpus_index: Path) -> None:
    # One query path: --official X is official:"X" typed in the query, with the same note and answer.
    code, out, _ = run("query", "Laos", "--official", "Nobody Atall", "--index", str(corpus_index), "--json")
    code2, out2, _ = run("query", 'Laos official:"Nobody Atall"', "--index", str(corpus_index), "--json")
    flag, typed = json.loads(out), json.loads(out2)
    assert code == code2 == 0
    assert flag["notes"] == typed["notes"] == ["official 'Nobody Atall' is not in the registry: matched as text"]
    assert flag["total"] == typed["total"] == 0


def test_with_json_an_error_is_json_on_standard_output_too(corpus_index: Path, tmp_path: Path) -> None:
    # A script piping into jq read nothing at all when the query could not run: now it reads the error.
    cases = [(("query", "lang:xx", "--index", str(corpus_index), "--json"), 2, "unknown language code 'xx'"),
             (("query", "Laos", "--index", str(tmp_path / "nowhere"), "--json"), 1, "No index"),
             (("show", "nope", "--index", str(corpus_index), "--json"), 1, "No article with id 'nope'"),
             (("query", "Laos", "--limit", "abc", "--json"), 2, "Invalid value for '--limit'"),
             (("query", "--json"), 2, "Missing argument 'QUERY'"),
             (("query", "-Laos Cambodge", "--bogus", "--json"), 2, "No such option '--bogus'")]
    for args, code, message in cases:
        result = CliRunner().invoke(cli, list(args))
        assert result.exit_code == code, (args, result.output, result.exception)
        error = json.loads(result.stdout)
        assert message in error["error"] and error["exit_code"] == code and error["hint"], args
        assert message in result.stderr, args
    code, out, _ = run("query", "lang:xx", "--index", str(corpus_index))  # without --json: nothing on stdout
    assert code == 2 and out == ""


def test_a_missing_index_says_how_to_create_one(tmp_path: Path) -> None:
    code, _, err = run("query", "Laos", "--index", str(tmp_path / "nowhere"))
    assert code == 1
    assert "No index" in err and "search index" in err
    # The folder of the articles taken for the index's (found by the newcomer audit: the hint said to create an
    # index in it): say how to index them instead.
    code, _, err = run("query", "Laos", "--index", str(SEEDS))
    assert code == 1 and f"{SEEDS} holds article files, not an index: index them with: search index {SEEDS}" in err


def test_show_and_similar_print_text_and_json(corpus_index: Path) -> None:
    code, out, _ = run("show", "fr1", "--index", str(corpus_index))
    assert code == 0 and "language: fr" in out and "coopération bilatérale" in out
    code, out, _ = run("show", "fr1", "--index", str(corpus_index), "--json")
    assert json.loads(out)["officials"][0]["id"] == "bui-thanh-son"
    code, out, _ = run("similar", "fr1", "--index", str(corpus_index), "--json")
    related = [h["id"] for h in json.loads(out)["hits"]]
    assert code == 0 and related and "fr1" not in related
    # Not "1 result for 'similar:fr1'" (found by the newcomer audit): the total is the length of the list asked
    # for (--limit 1 said "1 result", --limit 100 "100 results"), not a count of related articles.
    code, out, _ = run("similar", "fr1", "--index", str(corpus_index), "--limit", "1")
    assert code == 0 and out.startswith("The 1 article most like 'fr1' (ranked by the distinctive words")
    assert "result" not in out.splitlines()[0]
    # Found by the CLI audit: --json's total was the number listed (--limit 1: 1), where a query's total counts
    # every match; now it is the number of related articles, whatever --limit lists of them.
    code, out, _ = run("similar", "fr1", "--index", str(corpus_index), "--limit", "100", "--json")
    every = json.loads(out)
    assert code == 0 and every["total"] == len(every["hits"]) >= 2
    code, out, _ = run("similar", "fr1", "--index", str(corpus_index), "--limit", "1", "--json")
    first = json.loads(out)
    assert first["total"] == every["total"] and [h["id"] for h in first["hits"]] == [every["hits"][0]["id"]]
    code, out, _ = run("similar", "fr1", "--index", str(corpus_index), "--limit", "1")
    # Found by the CLI review: "of 1782 related articles", where "related" meant sharing two or more distinctive
    # words (67% of vi-news), could be quoted as it reads. The count says what it counts, as --help does.
    first_line = out.splitlines()[0]
    assert re.search(f"of {every['total']} articles sharing two or more of its [0-9]+ most distinctive words$",
                     first_line), first_line
    assert "related articles" not in first_line
    from dataclasses import replace

    from search import open_index
    from search.site.text import related_text

    with open_index(corpus_index) as ix:
        listed = ix.similar("fr1", limit=3)
    assert related_text(replace(listed, total=1782, words=15), "fr1").endswith(
        "of 1,782 articles sharing two or more of its 15 most distinctive words")
    assert related_text(replace(listed, total=4, words=1), "fr1").endswith(
        "of 4 articles with its one distinctive word")
    assert related_text(replace(listed, total=0, hits=(), words=0), "fr1") == (
        "No article is related to 'fr1': none of its words is distinctive (each is in no other article, or in half "
        "of them or more).")
    code, out, _ = run("similar", "--help")
    assert "sharing two or more of its most distinctive words" in " ".join(out.split())
    assert "of 1,782 articles sharing two or more of its 15 most distinctive words" in " ".join(out.split())
    # A query that starts with "similar:" is a query, not a related list (found by review: `search query
    # 'similar:x OR bridge'` printed "The 1 article most like 'x OR bridge'" for a count of matches).
    code, out, _ = run("query", "similar:fr1 OR coopération", "--index", str(corpus_index))
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("note: unknown field 'similar'")
    assert lines[1].startswith("2 results for 'similar:fr1 OR coopération' (showing 1-2)") and "most like" not in out
    code, _, err = run("show", "nope", "--index", str(corpus_index))
    assert code == 1 and "No article with id 'nope'" in err


def test_officials_commands_list_people_pairs_and_profiles(corpus_index: Path) -> None:
    code, out, _ = run("officials", "--index", str(corpus_index), "--json")
    people = {p["id"]: p["articles"] for p in json.loads(out)}
    assert people["hun-manet"] == 3
    code, out, _ = run("officials", "--index", str(corpus_index), "--pairs", "--csv")
    assert out.splitlines()[0] == "a,a_name,b,b_name,articles,first_date,last_date"
    assert "hun-manet,Hun Manet,pham-minh-chinh" in out
    code, out, _ = run("official", "洪玛奈", "--index", str(corpus_index), "--json")
    profile = json.loads(out)
    assert profile["id"] == "hun-manet" and profile["met"][0]["id"] == "pham-minh-chinh"
    code, _, err = run("official", "Nobody Atall", "--index", str(corpus_index))
    assert code == 1 and "not in the officials registry" in err


def test_help_teaches_the_query_syntax() -> None:
    code, out, _ = run("query", "--help")
    assert code == 0
    for example in ('"Premier ministre"', "coop*", "date:2024-11..2024-12", 'official:"Hun Manet"'):
        assert example in out


def test_every_commands_help_shows_examples_and_the_top_level_the_exit_codes() -> None:
    # Found by the newcomer audit: show, similar, official, export, analyze and index had no example to copy.
    for command in cli.commands:  # type: ignore[attr-defined]
        code, out, _ = run(command, "--help")
        assert code == 0 and "Example" in out and f"search {command}" in out, command
    code, out, _ = run("--help")
    assert "Exit codes: 0 success" in out and "130 interrupted" in out and "search query --help" in out


def test_a_command_without_the_opensearch_backend_does_not_offer_it_in_its_help() -> None:
    # `search check --help` described --index "with the OpenSearch backend", which check does not have.
    for command in cli.commands:  # type: ignore[attr-defined]
        code, out, _ = run(command, "--help")
        assert code == 0 and ("--backend" in out or "OpenSearch" not in out), command


def test_python_dash_m_search_works() -> None:
    proc = subprocess.run([sys.executable, "-m", "search", "--version"], capture_output=True, text=True, check=True)
    assert "version" in proc.stdout


def test_officials_candidates_are_ready_to_paste_into_a_registry(tmp_path: Path) -> None:
    import tomllib

    corpus = write_articles(tmp_path / "c", {
        "a.txt": " date 2024-05-02 Visit\n\nPrime Minister Johan Fakename met Prime Minister Hun Manet in Phnom Penh.",
    })
    run("index", str(corpus), "--index", str(tmp_path / "ix"))
    code, out, _ = run("officials", "--candidates", "--index", str(tmp_path / "ix"), "--json")
    names = [c["name"] for c in json.loads(out)]
    assert "Johan Fakename" in names and "Hun Manet" not in names
    code, out, _ = run("officials", "--candidates", "--toml", "--index", str(tmp_path / "ix"))
    entries = tomllib.loads(out)["official"]
    assert any(e["name"] == "Johan Fakename" and e["id"] == "johan-fakename" for e in entries)


# --- one folder as a newsroom keeps it ---------------------------------------------------------------------
def _newsroom(folder: Path) -> dict[str, dict[str, str]]:
    """The same kind of article in every format, each with a word of its own; returns what each hit must show."""
    from tests.ingest.test_formats import page, warc

    folder.mkdir(parents=True)
    body = ("<h1>{title}</h1><p>Le ministre a visité la province frontalière pour parler du commerce du riz et "
            "des {word}, récoltés cette année en abondance selon les coopératives.</p><p>Les deux pays veulent "
            "doubler leurs échanges d'ici 2026 et former ensemble les enseignants des écoles voisines.</p>")
    head = ('<title>{title}</title><link rel="canonical" href="{url}"><meta property="og:site_name" '
            'content="{source}"><meta property="article:published_time" content="{date}T08:00:00+07:00">')
    expected: dict[str, dict[str, str]] = {}

    def meta(word: str, source: str, date: str) -> dict[str, str]:
        expected[word] = {"title": f"Le commerce des {word}", "url": f"https://{source.lower()}.example/{word}",
                          "source": source, "date": date}
        return expected[word]

    m = meta("mangoustans", "Courrier", "2024-12-06")
    (folder / "page.html").write_text(page(body.format(**m, word="mangoustans"), head.format(**m)), encoding="utf-8")
    m = meta("ramboutans", "Antara", "2024-11-05")
    (folder / "export.json").write_text(json.dumps([{"headline": m["title"], "content": body.format(
        **m, word="ramboutans").replace("<p>", "").replace("</p>", "\n").split("</h1>")[1], "pubDate": m["date"],
        "link": m["url"], "site_name": m["source"]}]), encoding="utf-8")
    m = meta("durians", "VnExpress", "2024-11-04")
    text = "Le ministre a visité la province pour parler du commerce des durians."
    (folder / "sheet.csv").write_text(f'headline,article,published,link,outlet\n"{m["title"]}","{text}",'
                                      f'04/11/2024,{m["url"]},{m["source"]}\n', encoding="utf-8")
    m = meta("longanes", "Kampuchea", "2024-11-03")
    (folder / "post.md").write_text(f'---\ntitle: "{m["title"]}"\ndate: {m["date"]}\nurl: {m["url"]}\n'
                                    f'source: {m["source"]}\n---\nLe commerce des **longanes** progresse.\n',
                                    encoding="utf-8")
    m = meta("jacquiers", "Mekong", "2024-11-02")
    html = page(body.format(**m, word="jacquiers"), head.format(**m)).encode()
    (folder / "crawl.warc.gz").write_bytes(warc([("response", m["url"], html, "text/html; charset=utf-8")]))
    return expected


FURNITURE = ("Accueil", "Partager", "Articles liés", "Le Laos inaugure", "droits réservés", "Lilas")


def test_one_folder_of_every_format_is_found_with_title_date_url_and_source(tmp_path: Path) -> None:
    expected = _newsroom(tmp_path / "news")
    code, out, _ = run("index", str(tmp_path / "news"), "--index", str(tmp_path / "ix"), "--json")
    report = json.loads(out)
    assert (code, report["added"], report["skipped"]) == (0, 5, [])
    for word, want in expected.items():
        code, out, _ = run("query", word, "--index", str(tmp_path / "ix"), "--json")
        hits = json.loads(out)["hits"]
        assert len(hits) == 1, word
        hit = hits[0]
        assert {k: hit[k] for k in want} == want, word
        code, out, _ = run("show", hit["id"], "--index", str(tmp_path / "ix"), "--json")
        text = json.loads(out)["body"]
        assert word in text and not [f for f in FURNITURE if f in text], word


def test_sources_are_a_facet_that_can_be_fed_back(tmp_path: Path) -> None:
    _newsroom(tmp_path / "news")
    run("index", str(tmp_path / "news"), "--index", str(tmp_path / "ix"))
    _, out, _ = run("query", "commerce", "--index", str(tmp_path / "ix"), "--json")
    sources = json.loads(out)["facets"]["source"]
    assert sources == {"Antara": 1, "Courrier": 1, "Kampuchea": 1, "Mekong": 1, "VnExpress": 1}
    for source, count in sources.items():
        _, out, _ = run("query", f"commerce source:{source}", "--index", str(tmp_path / "ix"), "--json")
        assert json.loads(out)["total"] == count
        _, out, _ = run("query", "commerce", "--source", source, "--index", str(tmp_path / "ix"), "--json")
        assert [h["source"] for h in json.loads(out)["hits"]] == [source]
        # typed as a journalist reads it, in any case: the same articles, no "matches no article" note
        for typed in (source.lower(), source.upper()):
            _, out, _ = run("query", f'commerce source:"{typed}"', "--index", str(tmp_path / "ix"), "--json")
            found = json.loads(out)
            assert (found["total"], found["notes"]) == (count, []), typed
            _, out, _ = run("query", "commerce", "--source", typed, "--index", str(tmp_path / "ix"), "--json")
            assert [h["source"] for h in json.loads(out)["hits"]] == [source], typed


def test_a_web_address_in_a_query_finds_the_articles_under_it(tmp_path: Path) -> None:
    _newsroom(tmp_path / "news")
    run("index", str(tmp_path / "news"), "--index", str(tmp_path / "ix"))
    _, out, _ = run("query", "http://www.antara.example", "--index", str(tmp_path / "ix"), "--json")
    data = json.loads(out)
    assert [h["url"] for h in data["hits"]] == ["https://antara.example/ramboutans"]
    assert not any("unknown field" in n for n in data["notes"])


def test_index_sums_notes_up_names_them_with_verbose_and_hides_them_with_quiet(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    lines = [json.dumps({"id": f"n{i}", "body": f"Teks berita nomor {i} tentang kerja sama.\nSumber\nKomentar (0)"})
             for i in range(5)]
    (corpus / "wire.jsonl").write_text("\n".join(lines) + "\n{broken\n", encoding="utf-8")
    _, out, _ = run("index", str(corpus), "--index", str(tmp_path / "a"))
    assert "skipped: " + str(corpus / "wire.jsonl") + ":6: invalid JSON" in out
    assert "note: 5 articles: trailing boilerplate removed (" + str(corpus / "wire.jsonl") + ":1; " in out
    assert out.count("trailing boilerplate") == 1
    _, out, _ = run("index", str(corpus), "--index", str(tmp_path / "b"), "--verbose")
    assert f"note: {corpus / 'wire.jsonl'}:3: trailing boilerplate removed: Sumber, Komentar (0)" in out
    _, out, _ = run("index", str(corpus), "--index", str(tmp_path / "c"), "--quiet")
    assert "note:" not in out and "invalid JSON" in out and "5 added" in out


def test_the_field_option_maps_a_column_and_rejects_an_unknown_field(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.csv").write_text("hed,story\nUn titre,Le texte du jour.\n", encoding="utf-8")
    code, out, _ = run("index", str(corpus), "--index", str(tmp_path / "ix"))
    assert code == 1 and "no text column" in out and "--field body=COLUMN" in out
    code, out, _ = run("index", str(corpus), "--index", str(tmp_path / "ix"), "--field", "body=story",
                       "--field", "title=hed")
    assert code == 0 and "1 added" in out
    code, _, err = run("index", str(corpus), "--index", str(tmp_path / "ix"), "--field", "bdy=story")
    assert code == 2 and "unknown field 'bdy'" in err


def test_a_queries_file_that_is_not_utf8_is_a_usage_error(tmp_path: Path, seeds_index: Path) -> None:
    (tmp_path / "q.txt").write_bytes(b"caf\xe9\n")
    code, out, err = run("export", str(tmp_path / "site"), "--index", str(seeds_index),
                         "--queries-file", str(tmp_path / "q.txt"))
    assert code == 2 and "not UTF-8" in err and "Traceback" not in err + out


def test_a_path_to_index_that_does_not_exist_fails_the_run_after_indexing_the_others(tmp_path: Path) -> None:
    index_dir = str(tmp_path / "ix")
    assert run("index", str(SEEDS), "--index", index_dir)[0] == 0
    code, out, err = run("index", str(SEEDS), str(tmp_path / "typo"), "--index", index_dir, "--json")
    assert code == 1 and f"no such file or folder: {tmp_path / 'typo'}" in err
    assert json.loads(out)["total"] == len(list(SEEDS.glob("*.txt")))  # the rest indexed, the report on stdout


# What a terminal acts on instead of showing (search/site/text.py terminal): ESC, the other C0 controls but tab
# and newline, DEL, the C1 controls, the bidi embeddings, overrides and isolates.
TERMINAL_CONTROLS = {*map(chr, range(0x00, 0x09)), *map(chr, range(0x0b, 0x20)), *map(chr, range(0x7f, 0xa0)),
                     *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"}


def test_text_output_never_puts_the_articles_or_the_querys_control_characters_on_the_terminal(tmp_path: Path) -> None:
    # Found by fuzzing the CLI's text output: an id with ESC (ids are not cleaned at ingest), C1 controls (U+009B
    # is CSI; a vi-news article has U+0096) and bidi overrides in titles, outlets, sections, authors and
    # snippets, and a line break in a title (it forged a line of the listing), reached the terminal as they were.
    rows = [{"id": "esc\x1b[2J-1", "title": "Budget \x9b31m vote\nforged line", "lang": "en", "date": "2024-10-02",
             "body": "The parliament voted the budget \x9b2J today. The budget \u202eevil\u202c passed \x85 again.",
             "source": "Wire", "author": "A\u202eB", "section": "S\x9d]0;title\x9c"},
            {"id": "bidi-2", "title": "\u2066Budget\u2069 \u202dtwo\u202c", "lang": "en", "date": "2024-10-03",
             "body": "The budget \u2067isolated\u2069 here, with\ta tab.\nA second line."}]
    (tmp_path / "w.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert run("index", str(tmp_path / "w.jsonl"), "--index", str(tmp_path / "ix"))[0] == 0
    ix = ("--index", str(tmp_path / "ix"))
    outputs = {
        "query": run("query", "budget", *ix),
        "query with a control": run("query", "budget source:\x1b[31m\u202eWire", *ix),
        "show": run("show", "esc\x1b[2J-1", *ix),
        "show 2": run("show", "bidi-2", *ix),
        "similar": run("similar", "bidi-2", *ix),
        "no such id": run("show", "no\x1b[2Jsuch\u202e", *ix),
    }
    for name, (_, out, err) in outputs.items():
        assert not TERMINAL_CONTROLS & set(out + err), (name, out + err)
    _, out, _ = outputs["query"]
    assert "esc\\x1b[2J-1" in out and "Budget \\x9b31m vote forged line" in out and "A\\u202eB" in out
    assert "**budget** \\u202eevil\\u202c passed" in out and "\n   forged" not in out
    _, out, _ = outputs["show 2"]  # the text keeps its lines and tabs
    assert out.endswith("The budget \\u2067isolated\\u2069 here, with\ta tab.\nA second line.\n")
    code, out, _ = run("query", "budget", *ix, "--json")
    assert code == 0 and "esc\x1b[2J-1" in {h["id"] for h in json.loads(out)["hits"]}  # JSON: the data as it is


def test_a_query_with_bytes_that_are_no_utf8_gives_valid_json_and_text(tmp_path: Path) -> None:
    # Found by fuzzing: bytes of a query that are no UTF-8 reach Python as lone surrogates (b"\xff" -> "\udcff");
    # --json then crashed (UnicodeEncodeError, exit 1) or, on a real terminal, wrote invalid UTF-8.
    assert run("index", str(SEEDS), "--index", str(tmp_path / "ix"))[0] == 0
    ix = ("--index", str(tmp_path / "ix"))
    code, out, _ = run("query", "Hun \udcff\udcfe Manet", *ix, "--json")
    assert code == 0 and json.loads(out)["query"] == "Hun \udcff\udcfe Manet" and json.loads(out)["total"] == 1
    out.encode("utf-8")  # written as \udcff escapes
    code, out, err = run("query", "lang:\udcff", *ix, "--json")
    assert code == 2 and json.loads(out)["error"] == "unknown language code '\\udcff'"
    code, out, err = run("query", 'Hun "\ud800 Manet', *ix)
    assert code == 0 and "\ud800" not in out + err and "1 result for 'Hun \"\\ud800 Manet'" in out
    code, out, _ = run("analyze", "a\udcffb", "--json")
    assert code == 0 and json.loads(out)["tokens"]


def test_a_query_that_starts_with_two_dashes_is_a_query_or_says_how_to_type_it(corpus_index: Path) -> None:
    # Found by fuzzing: '-- Hun Manet' and '--"Hun Manet" Laos' (no option can be spelled so) were refused as
    # "No such option" (exit 2) although '-Laos Cambodge' runs as typed; '--Laos' may be a mistyped option: the
    # error now says how to type it as a query.
    ix = ("--index", str(corpus_index))
    for query in ("-- Hun Manet", '--"Hun Manet" Laos', "--  Laos  Vietnam"):
        code, out, err = run("query", query, *ix, "--json")
        assert code == 0 and json.loads(out)["query"] == query, (query, out, err)
        assert json.loads(out)["total"] == json.loads(run("query", query.lstrip("-"), *ix, "--json")[1])["total"]
    code, _, err = run("query", "--Laos", *ix)
    assert code == 2 and "No such option '--Laos'" in err and "search query --limit 5 -- --Laos" in err
    code, out, _ = run("query", *ix, "--", "--Laos")
    assert code == 0 and "made only of exclusions" in out


def test_an_id_or_address_with_bytes_that_are_no_utf8_is_not_found_not_a_damaged_index(seeds_index: Path) -> None:
    # Found by the newcomer audit: `search show $'ab\xff'` (an id pasted from a file in a legacy encoding) said
    # "The index in index is damaged: UnicodeEncodeError" and told to rebuild it; so did similar and url:.
    ix = ("--index", str(seeds_index))
    for args in (("show", "ab\udcff"), ("similar", "ab\udcff")):
        code, out, err = run(*args, *ix, "--json")
        assert code == 1 and json.loads(out)["error"] == "No article with id 'ab\\udcff' in " + str(seeds_index) + "."
        assert "damaged" not in err
    for query in ("url:ab\udcff", "https://ab\udcff.org/x", "title:ab\udcff"):
        code, out, err = run("query", query, *ix, "--json")
        assert code == 0 and json.loads(out)["total"] == 0 and "damaged" not in err, (query, out, err)
    code, out, _ = run("query", "url:ab\udcff OR Hun", *ix, "--json")
    assert code == 0 and json.loads(out)["total"] == 1


def test_ctrl_c_while_indexing_says_what_became_of_the_index_and_leaves_it_sound(tmp_path: Path) -> None:
    # Found by the newcomer audit: Ctrl-C printed click's bare "Aborted!" (exit 1) and, when it came while the
    # workers were starting, each worker's KeyboardInterrupt traceback under it. Now the workers ignore SIGINT
    # (the parent stops them), the message says what the index holds and what to do, and the exit code is 130.
    ix = tmp_path / "ix"
    assert run("index", str(SEEDS), "--index", str(ix))[0] == 0
    paragraph = "Le ministre Bùi Thanh Sơn a souligné la coopération bilatérale entre le Vietnam et le Cambodge. " * 50
    with (tmp_path / "many.jsonl").open("w", encoding="utf-8") as f:  # enough to start the worker processes
        for i in range(500):
            f.write(json.dumps({"id": f"a{i}", "title": f"Article {i}", "body": f"{paragraph} numéro {i}"}) + "\n")
    script = (  # Ctrl-C at a terminal, as the first prepared chunk comes back from a worker: the whole group
        "import os, signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from search.index import build\n"
        "write = build.IndexingRun.write\n"
        "def interrupted(self, chunk, prepared):\n"
        "    os.killpg(0, signal.SIGINT)\n"
        "    write(self, chunk, prepared)\n"
        "build.IndexingRun.write = interrupted\n"
        "from search.cli import main\n"
        f"sys.argv = ['search', 'index', {str(tmp_path / 'many.jsonl')!r}, '--index', {str(ix)!r}, '--procs', '2']\n"
        "main()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          start_new_session=True)
    assert done.returncode == 130, done.stderr
    assert "Interrupted: the index holds what this run had committed" in done.stderr
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr, done.stderr
    assert run("check", "--index", str(ix))[0] == 0
    code, out, _ = run("query", "Hun Manet", "--index", str(ix), "--json")
    assert code == 0 and json.loads(out)["total"] == 1  # what the index held before
    code, out, _ = run("index", str(tmp_path / "many.jsonl"), "--index", str(ix), "--json")
    assert code == 0 and json.loads(out)["total"] == 502  # the next run completes it


def test_ctrl_c_with_json_is_a_json_error_too(tmp_path: Path, monkeypatch: Any) -> None:
    from search.index import build

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "build_index", interrupted)
    code, out, err = run("index", str(SEEDS), "--index", str(tmp_path / "ix"), "--json")
    assert code == 130 and json.loads(out)["exit_code"] == 130 and "Interrupted" in json.loads(out)["error"]
    assert "Run the same command again" in err
    # A rebuild is published only once complete: the index answers as before it, not with "what was committed"
    code, _, err = run("index", str(SEEDS), "--index", str(tmp_path / "ix"), "--rebuild")
    assert code == 130 and "the index answers as it did before it" in err and "rebuild from the start" in err


def test_an_index_run_that_fails_says_so_in_its_json_report(tmp_path: Path) -> None:
    # Found by the newcomer audit: the README promises that with --json an exit-1 error is JSON with "error" and
    # "exit_code" (so that jq -e .error finds it); a failed index run printed its report without either.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.pdf").write_bytes(b"%PDF-1.4")
    code, out, err = run("index", str(tmp_path / "in"), "--index", str(tmp_path / "ix"), "--json")
    report = json.loads(out)
    assert code == 1 and report["exit_code"] == 1 and report["error"].startswith("nothing could be indexed")
    assert report["skipped"] and "Error: nothing could be indexed" in err
    code, out, err = run("index", str(SEEDS), str(tmp_path / "nothere"), "--index", str(tmp_path / "ix"), "--json")
    report = json.loads(out)
    assert code == 1 and report["total"] == 2 and report["exit_code"] == 1 and "nothere" in report["error"]
    code, out, _ = run("index", str(SEEDS), "--index", str(tmp_path / "ix"), "--json")
    assert code == 0 and "error" not in json.loads(out)


def test_an_empty_query_or_an_empty_folder_says_so_instead_of_passing_for_an_answer(tmp_path: Path,
                                                                                     seeds_index: Path) -> None:
    # Found by the newcomer audit: `search query ''` printed "No results for ''." (exit 0), and `search index
    # empty/` (an empty or wrong folder) "0 added ... 0 articles in the index" with exit 0, as if all went well.
    ix = ("--index", str(seeds_index))
    for query in ("", "   "):
        code, out, err = run("query", query, *ix)
        assert code == 2 and "the query is empty" in err and "search query '' --lang fr" in err
        code, out, _ = run("query", query, *ix, "--json")
        assert code == 2 and json.loads(out)["exit_code"] == 2
    code, out, _ = run("query", "", *ix, "--lang", "fr", "--json")  # filters alone: every article they keep
    assert code == 0 and json.loads(out)["total"] == 1
    code, out, _ = run("query", "", *ix, "--from", "2024-01", "--json")
    assert code == 0 and json.loads(out)["total"] == 2
    (tmp_path / "empty").mkdir()
    code, out, err = run("index", str(tmp_path / "empty"), "--index", str(tmp_path / "ix"), "--json")
    assert code == 1 and json.loads(out)["error"].startswith("nothing to index: no article file under")
    assert ".jsonl" in err
    (tmp_path / "one").mkdir()  # a folder emptied on purpose: its articles are removed, and that succeeds
    (tmp_path / "one" / "a.txt").write_text("Le Vietnam et le Cambodge.", encoding="utf-8")
    assert run("index", str(tmp_path / "one"), "--index", str(tmp_path / "ix2"))[0] == 0
    (tmp_path / "one" / "a.txt").unlink()
    code, out, _ = run("index", str(tmp_path / "one"), "--index", str(tmp_path / "ix2"), "--json")
    assert code == 0 and json.loads(out)["removed"] == 1


def _progress_calls(folder: Path, index_dir: Path, monkeypatch: Any) -> list[tuple[int, int, int]]:
    """Each progress call of a build of ``folder``: (done, total, articles written when it was made)."""
    from search import build_index
    from search.index import build

    calls: list[tuple[int, int, int]] = []
    report: Any = None
    write = build.IndexingRun.write

    def counted(self: Any, chunk: Any, prepared: Any) -> None:
        nonlocal report
        report = self.report
        write(self, chunk, prepared)

    monkeypatch.setattr(build.IndexingRun, "write", counted)
    build_index([folder], index_dir, procs=1,
                progress=lambda done, total: calls.append((done, total, report.added if report else 0)))
    return calls


def test_the_progress_counts_files_whose_articles_are_written_not_only_read(tmp_path: Path, monkeypatch: Any) -> None:
    # Found by the newcomer audit: the bar counted the files read, and reading runs ahead of the workers (16
    # chunks each): a vi-news build in a terminal showed 80% a third of the way through. Now each step is a
    # byte of a file whose articles are written; one article a file here, every file the same size, so the count
    # never exceeds the bytes of the articles written.
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(150):
        (folder / f"a{i:03}.txt").write_text(f"Le Vietnam et le Cambodge, article {i:03}.", encoding="utf-8")
    size = (folder / "a000.txt").stat().st_size
    calls = _progress_calls(folder, tmp_path / "ix", monkeypatch)
    assert calls and calls[-1][:2] == (150 * size, 150 * size) and all(total == 150 * size for _, total, _ in calls)
    assert all(done <= written * size for done, _, written in calls), calls
    assert [done for done, _, _ in calls] == sorted(done for done, _, _ in calls)


def test_the_progress_moves_within_one_file_of_many_records(tmp_path: Path, monkeypatch: Any) -> None:
    # Found by the CLI audit: one JSONL (or JSON, CSV, WARC) file of many records was one step of the bar,
    # which stood at 0% until the end of a 100,000-record export. Now it counts bytes, and a file's records
    # move it as they are written (their place in the file), never ahead of them: a step a chunk of records.
    from search.index.build import CHUNK_DOCS

    many, some = 5 * CHUNK_DOCS + 20, 5 * CHUNK_DOCS + 10  # (at least 5 chunks before the end of the file)
    for name, text, records in (
            ("export.jsonl", "".join(json.dumps({"id": f"a{i:04}", "title": f"Article {i:04}",
                                                 "body": f"Le Vietnam et le Cambodge, numéro {i:04}."}) + "\n"
                                     for i in range(many)), many),
            ("export.json", json.dumps([{"id": f"b{i:04}", "title": f"Article {i:04}",
                                         "body": f"Le Vietnam et le Cambodge, numéro {i:04}."}
                                        for i in range(some)], indent=1), some)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / name).write_text(text, encoding="utf-8")
        size = (folder / name).stat().st_size
        calls = _progress_calls(folder, tmp_path / f"ix-{name}", monkeypatch)
        assert calls[-1][:2] == (size, size) and all(total == size for _, total, _ in calls)
        moving = {done for done, _, _ in calls if 0 < done < size}
        assert len(moving) >= 5, (name, calls)  # the bar moves within the file
        assert all(done <= size * written / records + 1 for done, _, written in calls), (name, calls)
        assert [done for done, _, _ in calls] == sorted(done for done, _, _ in calls)


def test_a_forgotten_or_mistyped_command_says_what_to_type() -> None:
    # Found by the newcomer audit: `search 'Hun Manet'` (the command forgotten) and `search quer x` answered only
    # "No such command".
    code, _, err = run("Hun Manet", "--index", "ix")
    assert code == 2 and "To search for it: search query 'Hun Manet'" in err
    code, _, err = run("Hun", "Manet")
    assert code == 2 and "search query 'Hun Manet'" in err
    code, out, err = run("quer", "x", "--json")
    assert code == 2 and "Did you mean 'query'?" in err and json.loads(out)["exit_code"] == 2


def test_indexing_a_folder_that_holds_its_index_and_its_exported_site_reads_neither(tmp_path: Path) -> None:
    # Found by the newcomer audit: `search index .` in a folder holding index/ and an exported site/ read the
    # index's files (listed as 55 skipped files) and indexed the site's pages as articles: 'Hun Manet' found 9
    # articles instead of 1, and every total of the index was wrong.
    folder = write_articles(tmp_path / "news", {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")})
    ix = ("--index", str(folder / "index"))
    assert run("index", str(folder), *ix)[0] == 0
    assert run("export", str(folder / "site"), *ix)[0] == 0
    code, out, _ = run("index", str(folder), *ix, "--json")
    report = json.loads(out)
    assert code == 0 and report["total"] == 2 and report["added"] == 0
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert reasons == {"index": "the files of a search index (written by search index): not read",
                       "site": "a site written by search export, not articles: not read"}
    code, out, _ = run("query", "Hun Manet", *ix, "--json")
    assert json.loads(out)["total"] == 1
    code, out, err = run("index", str(folder / "index"), "--index", str(tmp_path / "ix2"))  # named itself
    assert code == 1 and "the files of a search index" in out and "nothing could be indexed" in err
    # --index naming the folder of the articles: the articles are read, the index's files are not
    code, out, _ = run("index", str(folder), "--index", str(folder), "--json")
    report = json.loads(out)
    assert code == 0 and report["added"] == 2 and len(report["skipped"]) == 3, report["skipped"]
    code, out, _ = run("index", str(folder), "--index", str(folder), "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 2 and json.loads(out)["total"] == 2


def test_a_saved_query_with_bytes_that_are_no_utf8_is_a_usage_error_not_a_traceback(tmp_path: Path,
                                                                                    seeds_index: Path) -> None:
    # Found by the newcomer audit: `search export site --query $'Hun\xff'` crashed with a UnicodeEncodeError
    # traceback while rendering the query's page (jinja2's urlencode); a blank --query made a page of its own.
    ix = ("--index", str(seeds_index))
    code, out, err = run("export", str(tmp_path / "site"), *ix, "--query", "Hun\udcff", "--json")
    assert code == 2 and "is not UTF-8 text" in json.loads(out)["error"] and "Traceback" not in err
    code, out, _ = run("export", str(tmp_path / "site"), *ix, "--query", "  ", "--query", "Hun Manet", "--json")
    assert code == 0 and len(list((tmp_path / "site" / "queries").iterdir())) == 1


def test_index_without_a_path_where_there_is_no_seeds_folder_asks_which_articles(tmp_path: Path,
                                                                                 monkeypatch: Any) -> None:
    # Found by the newcomer audit: `search index` in a folder without seeds/ created an empty index/ and failed
    # with "skipped: seeds: no such file or folder ... nothing could be indexed".
    monkeypatch.chdir(tmp_path)
    code, _, err = run("index")
    assert code == 2 and "Give the folders or files to index: search index news/" in err
    assert not (tmp_path / "index").exists()


def test_a_quoted_home_folder_is_refused_not_created_as_a_folder_named_tilde(tmp_path: Path, monkeypatch: Any) -> None:
    # Found by an auditor: `search index news/ --index '~/idx'` (quoted: the shell left the ~) created a folder
    # literally named ~ in the current folder, quietly. As `search index '~/news'` says for a PATH, it is refused.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    code, out, err = run("index", str(SEEDS), "--index", "~/idx", "--json")
    assert code == 2 and "~ is your home folder only where the shell expands it" in err and '"$HOME/idx"' in err
    assert json.loads(out)["exit_code"] == 2 and "'~/idx' is read as typed" in json.loads(out)["error"]
    for args in (("query", "Hun Manet", "--index", "~/idx"), ("check", "--index", "~"), ("export", "~/site")):
        code, _, err = run(*args)
        assert code == 2 and "only where the shell expands it" in err, args
    assert not (tmp_path / "~").exists()
    (tmp_path / "~" / "idx").mkdir(parents=True)  # a folder named ~ made on purpose is used as typed
    code, _, err = run("query", "Hun Manet", "--index", "~/idx")
    assert code == 1 and "shell expands" not in err


def test_an_id_that_starts_with_a_dash_is_read_as_the_id_or_said_how_to_type(tmp_path: Path) -> None:
    # Found by an auditor: `search show -dash` (the article of -dash.txt) failed with click's "No such option:
    # -d", which did not say how to type it. Now an argument that is no option is the id (as a query may start
    # with -), and where it cannot be (--dash looks like an option) the error says to type it after --.
    folder = write_articles(tmp_path / "in", {"-dash.txt": " date 2024-01-02 Dashing title\n\nCoopération bilatérale.",
                                              "--dash.txt": " date 2024-01-03 Two dashes\n\nCoopération commerciale."})
    ix = str(tmp_path / "ix")
    assert run("index", str(folder), "--index", ix)[0] == 0
    for args in (("show", "-dash", "--index", ix), ("show", "--index", ix, "-dash"),
                 ("show", "--index", ix, "--", "-dash")):
        code, out, err = run(*args)
        assert code == 0 and "Dashing title" in out, (args, err)
    code, out, _ = run("show", "-dash", "--index", ix, "--json")
    assert code == 0 and json.loads(out)["id"] == "-dash"
    code, out, _ = run("similar", "-dash", "--index", ix, "--json")
    assert code == 0 and json.loads(out)["query"] == "similar:-dash"
    code, out, err = run("show", "--dash", "--index", ix, "--json")
    assert code == 2 and "An id that starts with - goes after the options and --: search show -- --dash" in err
    assert json.loads(out)["exit_code"] == 2
    code, out, _ = run("show", "--index", ix, "--", "--dash")
    assert code == 0 and "Two dashes" in out
    code, _, err = run("show", "fr1", "-dash", "--index", ix)  # an id typed besides: -dash is an unknown option
    assert code == 2 and "No such option '-d'" in err and "search show -- -dash" in err


def _closed_stdout(*args: str, stdin: str = "") -> tuple[int, str]:
    """``search ARGS`` with its standard output a pipe nobody reads any more (``search ... | head -1`` once head
    has its line): its exit code and standard error."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "search", *args], stdout=write_end, stderr=subprocess.PIPE,
                              input=stdin, text=True, timeout=120)
    finally:
        os.close(write_end)
    return done.returncode, done.stderr


def test_a_reader_that_stops_reading_ends_the_command_quietly_with_its_own_exit_code(corpus_index: Path) -> None:
    # Found by the CLI audit: `search analyze - | head -1` exited 1 (click's code for a broken pipe), so that a
    # script with `set -o pipefail` failed where nothing did; a --json error whose reader had gone exited 1, not
    # 2. Now a closed pipe ends the command quietly, with the code it had: 0, or the failure's own.
    ix = ("--index", str(corpus_index))
    for args in (("analyze", "-", "--lang", "vi"), ("query", "Hun Manet", *ix), ("query", "Hun Manet", *ix, "--json"),
                 ("similar", "fr1", *ix), ("officials", *ix), ("official", "hun-manet", *ix), ("show", "fr1", *ix),
                 ("check", *ix), ("--help",), ("query", "--help")):
        code, err = _closed_stdout(*args, stdin="Hà Nội hôm nay\n" * 1000)
        assert (code, err) == (0, ""), args
    code, err = _closed_stdout("query", "", *ix, "--json")  # a usage error: still 2, still said on stderr
    assert code == 2 and "the query is empty" in err and "Traceback" not in err
    code, err = _closed_stdout("show", "nope", *ix, "--json")
    assert code == 1 and "No article with id 'nope'" in err and "Traceback" not in err
    # A broken pipe of the library's own (not the output's) is a failure, never a quiet success
    script = ("import sys\nfrom search.index import build\n"
              "def broken(*a, **k):\n    raise BrokenPipeError(32, 'Broken pipe')\n"
              "build.build_index = broken\nfrom search.cli import main\n"
              f"sys.argv = ['search', 'index', {str(SEEDS)!r}, '--index', {str(corpus_index) + '-x'!r}]\nmain()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "BrokenPipeError" in done.stderr


def test_with_json_a_broken_pipe_of_the_commands_own_is_a_json_error(corpus_index: Path) -> None:
    # Found by the CLI review: under --json, a BrokenPipeError from inside the command (a worker's pipe, not the
    # output's reader) gave a traceback and exit 1 with nothing on standard output, where the README promises
    # that every error is JSON under --json.
    for patch, args in (("from search.index import build\nbuild.build_index = broken\n",
                         ["index", str(SEEDS), "--index", str(corpus_index) + "-x", "--json"]),
                        ("from search.query import searcher\nsearcher.SearchIndex.search = broken\n",
                         ["query", "Hun Manet", "--index", str(corpus_index), "--json"])):
        script = ("import sys\ndef broken(*a, **k):\n    raise BrokenPipeError(32, 'Broken pipe')\n" + patch +
                  f"from search.cli import main\nsys.argv = ['search', *{args!r}]\nmain()\n")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and "BrokenPipeError" in done.stderr, (args, done.stderr)
        error = json.loads(done.stdout)
        assert error["exit_code"] == 1 and "a pipe of the command's own broke" in error["error"], error
        assert error["error"].startswith("internal error:") and "report it" in error["hint"]


_CTRL_C_AT = """\
import importlib.abc, os, runpy, signal, sys
import click.core

signal.signal(signal.SIGINT, signal.default_int_handler)  # as at a terminal, even if the tests run with it ignored

class CtrlC(importlib.abc.MetaPathFinder):  # Ctrl-C as the command's modules load
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, CtrlC())
if {module!r} == "parse":  # Ctrl-C as click parses the options
    parse = click.core.Group.parse_args
    def parse_args(self, ctx, args):
        os.kill(os.getpid(), signal.SIGINT)
        return parse(self, ctx, args)
    click.core.Group.parse_args = parse_args
sys.argv = ["search", *{args!r}]
runpy.run_module("search", run_name="__main__", alter_sys=True)
"""


def test_ctrl_c_while_the_command_starts_gives_the_message_and_130_not_a_traceback(tmp_path: Path) -> None:
    # Found by the CLI audit: Ctrl-C in the first 0.15 s of `search index` (while Python loaded click and the
    # language tables) printed a KeyboardInterrupt traceback and ended by the signal; during the parsing of the
    # options, click's "Aborted!" and exit 1. Every Ctrl-C now gives the one-line message and 130.
    ix = str(tmp_path / "ix")
    for module, args in (("search.lang.table", ["index", str(SEEDS), "--index", ix]),
                         ("parse", ["index", str(SEEDS), "--index", ix, "--rebuild"]),
                         ("search.lang.table", ["query", "Hun Manet", "--index", ix, "--json"])):
        done = subprocess.run([sys.executable, "-c", _CTRL_C_AT.format(module=module, args=args)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 130, (module, args, done.stderr)
        assert "Traceback" not in done.stderr and "Aborted" not in done.stderr, done.stderr
        assert done.stderr.strip().startswith("Interrupted"), done.stderr
        if "--rebuild" in args:
            assert "the index answers as it did before it" in done.stderr
        if "--json" in args:
            assert json.loads(done.stdout)["exit_code"] == 130
    assert not Path(ix).exists() or not list(Path(ix).glob("gen-*/*.seg"))  # nothing was started


_CTRL_C_IGNORED = """\
import os, signal, sys
import click.core
from search.index import build
from search.query import searcher

def ctrl_c():  # at a terminal: the whole process group (the index's workers too)
    os.killpg(0, signal.SIGINT)

if {where!r} == "parse":  # while the command starts (the early handler's time)
    parse = click.core.Group.parse_args
    def parse_args(self, ctx, args):
        ctrl_c()
        return parse(self, ctx, args)
    click.core.Group.parse_args = parse_args
if {where!r} == "search":  # while the command runs
    search = searcher.SearchIndex.search
    def searching(self, *args, **kwargs):
        ctrl_c()
        return search(self, *args, **kwargs)
    searcher.SearchIndex.search = searching
if {where!r} == "write":  # as the first chunk comes back from an index worker
    write = build.IndexingRun.write
    def writing(self, chunk, prepared):
        ctrl_c()
        write(self, chunk, prepared)
    build.IndexingRun.write = writing
from search.entry import main
sys.argv = ["search", *{args!r}]
main()
"""


def test_a_search_whose_parent_made_it_ignore_ctrl_c_ignores_it_and_finishes(tmp_path: Path,
                                                                             corpus_index: Path) -> None:
    # Found by the CLI review: the new entry point handled SIGINT even where its parent had made it ignored (a
    # background job of a script, `search index news/ &`, or a wrapper that ignores it), as Python does and the
    # command did before: a Ctrl-C at the terminal, or a kill -INT, stopped it with 130 "Interrupted.".
    many = tmp_path / "many.jsonl"
    paragraph = "Le ministre Bùi Thanh Sơn a souligné la coopération bilatérale entre le Vietnam et le Cambodge. " * 50
    with many.open("w", encoding="utf-8") as f:  # enough to start the worker processes
        for i in range(500):
            f.write(json.dumps({"id": f"a{i}", "title": f"Article {i}", "body": f"{paragraph} numéro {i}"}) + "\n")
    query = ["query", "Hun Manet", "--index", str(corpus_index), "--json"]
    found = json.loads(run(*query)[1])["total"]
    for where, args in (("parse", query), ("search", query),
                        ("write", ["index", str(many), "--index", str(tmp_path / "ix"), "--procs", "2", "--json"])):
        done = subprocess.run([sys.executable, "-c", _CTRL_C_IGNORED.format(where=where, args=args)],
                              capture_output=True, text=True, timeout=300, start_new_session=True,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        assert done.returncode == 0 and "Interrupted" not in done.stderr, (where, done.stderr)
        assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr, done.stderr
        answer = json.loads(done.stdout)
        assert answer["total"] == (500 if where == "write" else found) and "error" not in answer, (where, answer)


def test_check_of_a_damaged_index_says_so_on_stderr_and_in_its_json_as_every_failure(tmp_path: Path,
                                                                                      seeds_index: Path) -> None:
    # Found by the CLI audit: `search check --json` of a damaged index exited 1 with a report that had neither
    # "error" nor "exit_code" (the README promises both for every --json failure, as `search index` gives), and
    # said nothing on stderr.
    import shutil

    ix = tmp_path / "ix"
    shutil.copytree(seeds_index, ix)
    postings = next(ix.glob("gen-*/*.pst"))
    postings.write_bytes(postings.read_bytes()[:-7] + b"garbage")
    code, out, err = run("check", "--index", str(ix), "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"] and report["problems"] and report["exit_code"] == 1
    assert report["error"].startswith("the index in") and "--rebuild" in report["hint"]
    assert err.startswith("Error: the index in") and "damaged" in err
    code, out, err = run("check", "--index", str(ix))
    assert code == 1 and "damaged:" in out and err.startswith("Error: the index in")
    code, out, err = run("check", "--index", str(seeds_index), "--json")
    assert code == 0 and json.loads(out)["ok"] and "error" not in json.loads(out) and not err


def test_with_json_even_a_bug_gives_json_on_stdout_and_its_traceback_on_stderr(corpus_index: Path,
                                                                               monkeypatch: Any) -> None:
    # Found by the CLI audit: an unexpected exception (a bug) left standard output empty with --json, where
    # the README promises JSON for every error, so that a script reads an error, not an empty answer.
    from search.query import searcher

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("something unexpected")

    monkeypatch.setattr(searcher.SearchIndex, "search", broken)
    result = CliRunner().invoke(cli, ["query", "Hun Manet", "--index", str(corpus_index), "--json"])
    assert result.exit_code == 1 and isinstance(result.exception, ValueError)
    error = json.loads(result.stdout)
    assert error["exit_code"] == 1 and error["error"] == "internal error: ValueError: something unexpected"
    result = CliRunner().invoke(cli, ["query", "Hun Manet", "--index", str(corpus_index)])
    assert result.exit_code == 1 and isinstance(result.exception, ValueError) and result.stdout == ""
    # A usage error before any command (an option the top level does not have) is JSON too
    for args in (["--json"], ["--bogus", "query", "Hun Manet", "--json"]):
        code, out, err = run(*args)
        assert code == 2 and json.loads(out)["exit_code"] == 2 and "No such option" in err


def test_a_second_ctrl_c_while_the_first_is_said_changes_nothing(tmp_path: Path) -> None:
    # Found by the CLI audit: Ctrl-C pressed twice (as people do) raised KeyboardInterrupt again in the middle
    # of the first one's message: a traceback, and the hint lost.
    script = ("import os, signal, sys\nimport click\nfrom search.index import build\n"
              "def interrupted(*a, **k):\n    raise KeyboardInterrupt\n"
              "build.build_index = interrupted\necho = click.echo\n"
              "def twice(*a, **k):\n    if k.get('err'):\n        os.kill(os.getpid(), signal.SIGINT)\n"
              "    echo(*a, **k)\nclick.echo = twice\nfrom search.cli import main\n"
              f"sys.argv = ['search', 'index', {str(SEEDS)!r}, '--index', {str(tmp_path / 'ix')!r}]\nmain()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 130 and "Traceback" not in done.stderr, done.stderr
    assert "Interrupted: the index holds" in done.stderr and "Hint: Run the same command again" in done.stderr


def test_an_id_of_600_bytes_from_a_path_of_vietnamese_folders_is_shown_related_and_exported(tmp_path: Path) -> None:
    """Path ids (files of the same name in several folders) of five folders with Vietnamese names pass 600
    bytes: the local index, ``show``, ``similar``, ``--json`` and the exported site take them whole (a page's
    file name is a slug of the id, far under the 255 bytes a file name may have)."""
    from search.site.files import slug

    folders = ["thời-sự-việt-nam-hôm-nay-" * 5 + c for c in "abcde"]
    write_articles(tmp_path / "news", ARTICLES)
    deep = write_articles(tmp_path.joinpath("news", *folders),
                          {"fr1.txt": ARTICLES["fr1.txt"] + " Les deux ministres ont parlé de coopération."})
    long_id = "news/" + "/".join(folders) + "/fr1.txt"
    assert len(long_id.encode("utf-8")) > 600 and (deep / "fr1.txt").is_file()
    index = str(tmp_path / "ix")
    code, _, err = run("index", str(tmp_path / "news"), "--index", index)
    assert code == 0, err
    code, out, _ = run("query", "coopération", "--index", index, "--json")
    assert code == 0 and long_id in [h["id"] for h in json.loads(out)["hits"]]
    code, out, _ = run("show", long_id, "--index", index)
    assert code == 0 and f"id: {long_id}" in out and "coopération bilatérale" in out
    code, out, _ = run("show", long_id, "--index", index, "--json")
    assert code == 0 and json.loads(out)["id"] == long_id
    code, out, _ = run("similar", long_id, "--index", index, "--json")
    assert code == 0 and "news/fr1.txt" in [h["id"] for h in json.loads(out)["hits"]]
    code, out, _ = run("similar", "news/fr1.txt", "--index", index, "--json")
    assert code == 0 and long_id in [h["id"] for h in json.loads(out)["hits"]]
    code, out, _ = run("similar", long_id, "--index", index)
    assert code == 0 and "news/fr1.txt" in out
    site = tmp_path / "site"
    code, _, err = run("export", str(site), "--index", index)
    assert code == 0, err
    page = site / "articles" / f"{slug(long_id)}.html"
    assert page.is_file() and "coopération bilatérale" in page.read_text(encoding="utf-8")
    assert max(len(p.name.encode("utf-8")) for p in site.rglob("*")) <= 255
