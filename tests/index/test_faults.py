"""A damaged index never answers wrong and never shows a traceback (issue 15's fault matrix, small enough for CI).

Every kind of file of an index generation gets four damages (emptied, cut in half, garbled in place, deleted);
after each, a query either answers exactly as before or fails with the library's own error (which the CLI
prints as one line, exit 1 or 2: checked for a few damages through the CLI), `search index` never reports
success over the damaged index, and `search check` names the file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from search import build_index, open_index
from search.errors import SearchError
from search.index import store
from search.index.integrity import check

from ..conftest import ARTICLES, write_articles

QUERIES = ["Sơn", "coopération", "Hun Manet", "ហ៊ុនម៉ាណែត", "lang:fr", "kerja sama -Laos"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "search", *args], capture_output=True, text=True, timeout=120)


def _answers(index_dir: Path) -> list[tuple[int, str]]:
    """Each query's answer (without its time), or the exit code and message of the error it raised. Any other
    exception (a traceback for a CLI user) fails the test."""
    out: list[tuple[int, str]] = []
    try:
        ix = open_index(index_dir)
    except SearchError as e:
        return [(e.exit_code, f"Error: {e.message}")] * len(QUERIES)
    with ix:
        for q in QUERIES:
            try:
                answer = ix.search(q, limit=20).as_dict()
            except SearchError as e:
                out.append((e.exit_code, f"Error: {e.message}"))
                continue
            del answer["took_ms"]
            out.append((0, json.dumps(answer, sort_keys=True)))
    return out


def _emptied(p: Path) -> None:
    p.write_bytes(b"")


def _cut(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: max(1, p.stat().st_size // 2)])


def _garbled(p: Path) -> None:
    data = bytearray(p.read_bytes())
    for i in range(len(data) // 3, len(data), max(1, len(data) // 7)):
        data[i] ^= 0x5A
    p.write_bytes(bytes(data))


def _deleted(p: Path) -> None:
    p.unlink()


DAMAGES: dict[str, Callable[[Path], None]] = {"emptied": _emptied, "cut": _cut, "garbled": _garbled,
                                              "deleted": _deleted}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[tuple[int, str]]]:
    corpus = write_articles(tmp_path_factory.mktemp("corpus"), ARTICLES)
    index_dir = tmp_path_factory.mktemp("pristine") / "ix"
    build_index([corpus], index_dir, procs=1)
    return corpus, index_dir, _answers(index_dir)


def _kinds(index_dir: Path) -> list[str]:
    """One file of each kind: FORMAT.json, the TOC, the checksums, each column and the postings/terms files."""
    gen = store.current(index_dir)
    assert gen is not None
    kinds = {}
    for p in sorted(gen.iterdir()):
        if p.name == "MAIN_WRITELOCK":
            continue
        kind = p.name.split(".", 1)[-1] if p.name.startswith("MAIN_") else p.name.split("-")[0]
        kinds.setdefault(kind, p.name)
    return sorted(kinds.values())


def test_every_kind_of_index_file_is_in_the_matrix(pristine: tuple[Path, Path, list[tuple[int, str]]]) -> None:
    names = _kinds(pristine[1])
    assert {"FORMAT.json", "CHECKSUMS.json"} <= set(names)
    assert any(n.endswith(".toc") for n in names) and any(n.endswith(".pst") for n in names)
    assert any(n.endswith("._body_len.col") for n in names) and any(n.endswith("._stored.col") for n in names)
    assert len(names) >= 15


def _matrix(pristine: tuple[Path, Path, list[tuple[int, str]]]) -> list[tuple[str, str]]:
    return [(name, damage) for name in _kinds(pristine[1]) for damage in DAMAGES]


def test_a_damaged_index_answers_as_before_or_fails_in_one_line_and_is_named_by_search_check(
        pristine: tuple[Path, Path, list[tuple[int, str]]], tmp_path: Path) -> None:
    corpus, source, before = pristine
    tried = clean = failed = 0
    for name, damage in _matrix(pristine):
        index_dir = tmp_path / f"{name}-{damage}"
        shutil.copytree(source, index_dir)
        target = store.current(index_dir) / name  # type: ignore[operator]
        DAMAGES[damage](target)
        tried += 1
        answers = _answers(index_dir)
        for (code, text), (code0, text0) in zip(answers, before, strict=True):
            if code == 0:
                assert (code, text) == (code0, text0), f"{name} {damage}: a different answer"
            else:
                assert code in (1, 2) and "\n" not in text, (name, damage, text)
        clean += all(code == 0 for code, _ in answers)
        failed += any(code != 0 for code, _ in answers)
        try:
            checked = check(index_dir)
        except SearchError:  # no index left to check (the pointer to the current generation is gone)
            checked = None
        if any(code != 0 for code, _ in answers) and checked is not None:
            assert not checked.ok and any(name in p or "reading" in p or "table of contents" in p
                                          for p in checked.problems), (name, damage, checked.problems)
        try:
            report = build_index([corpus], index_dir, procs=1)
            # Success only where the run could write a whole index again (a table of contents deleted: the
            # generation is rebuilt from the files), never over the damaged one.
            assert report.total == len(ARTICLES) and _answers(index_dir) == before, (name, damage)
        except SearchError:
            pass  # refused, with what to do
    assert tried >= 60 and failed > 0
    print(f"fault matrix: {tried} damages tried, {clean} answered as before, {failed} failed in one line")


@pytest.mark.parametrize(("kind", "damage"), [(".pst", "garbled"), (".toc", "emptied"), ("_stored.col", "cut")])
def test_the_cli_reports_a_damaged_index_in_one_line_with_what_to_do(
        pristine: tuple[Path, Path, list[tuple[int, str]]], tmp_path: Path, kind: str, damage: str) -> None:
    _, source, _ = pristine
    index_dir = tmp_path / "ix"
    shutil.copytree(source, index_dir)
    gen = store.current(index_dir)
    assert gen is not None
    DAMAGES[damage](next(p for p in gen.iterdir() if p.name.endswith(kind)))
    r = _cli("query", "coopération", "--index", str(index_dir))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("Error: The index in") and "Hint:" in r.stderr and "--rebuild" in r.stderr
    r = _cli("check", "--index", str(index_dir))
    assert r.returncode == 1 and "damaged:" in r.stdout and "Traceback" not in r.stderr
