from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    assert "result" in out and "id1" in out and "**Hun**" in out
    assert "lang: " in out


def test_query_flags_filter_like_the_field_syntax(corpus_index: Path) -> None:
    _, a, _ = run("query", "Son", "--index", str(corpus_index), "--lang", "fr", "--from", "2024-12", "--json")
    _, b, _ = run("query", "Son lang:fr date:2024-12..", "--index", str(corpus_index), "--json")
    assert [h["id"] for h in json.loads(a)["hits"]] == [h["id"] for h in json.loads(b)["hits"]] == ["fr1"]


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


def test_a_missing_index_says_how_to_create_one(tmp_path: Path) -> None:
    code, _, err = run("query", "Laos", "--index", str(tmp_path / "nowhere"))
    assert code == 1
    assert "No index" in err and "search index" in err


def test_show_and_similar_print_text_and_json(corpus_index: Path) -> None:
    code, out, _ = run("show", "fr1", "--index", str(corpus_index))
    assert code == 0 and "language: fr" in out and "coopération bilatérale" in out
    code, out, _ = run("show", "fr1", "--index", str(corpus_index), "--json")
    assert json.loads(out)["officials"][0]["id"] == "bui-thanh-son"
    code, out, _ = run("similar", "fr1", "--index", str(corpus_index), "--json")
    related = [h["id"] for h in json.loads(out)["hits"]]
    assert code == 0 and related and "fr1" not in related
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
