"""A pytest plugin that checks every answer of the no-op replay (``search/index/noop.py``) against an ordinary run:

    python -m pytest -p tests.noop_crosscheck tests/index tests/test_cli.py

Each time ``noop.replay`` answers, the index is copied and the ordinary run (``build.build_index`` with the replay
turned off) is made on the copy: its report must be the replay's (but the time taken and the index's folder), and
it must leave the copy's files as they were (``noop.json`` aside, which it writes again). Counts are printed at
the end."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

CHECKED: list[str] = []


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "noop.json"}


@pytest.fixture(autouse=True)
def _crosscheck(monkeypatch: pytest.MonkeyPatch) -> None:
    from search.index import build, noop

    replay = noop.replay
    off: list[bool] = []

    def checked(paths: Any, index_dir: Any, **kwargs: Any) -> Any:
        if off:
            return None
        paths = list(paths)
        report = replay(paths, index_dir, **kwargs)
        if report is None:
            return None
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "ix"
            shutil.copytree(index_dir, copy, symlinks=True)
            before = _files(copy)
            off.append(True)
            try:
                ordinary = build.build_index(paths, copy, **kwargs)
            finally:
                off.pop()
            mine = dataclasses.replace(report, seconds=0.0, index_dir="")
            theirs = dataclasses.replace(ordinary, seconds=0.0, index_dir="")
            assert mine == theirs, (mine, theirs)
            after = _files(copy)
            assert before == after, [k for k in set(before) | set(after) if before.get(k) != after.get(k)]
        CHECKED.append(str(index_dir))
        return report

    monkeypatch.setattr(noop, "replay", checked)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    terminalreporter.write_line(f"noop_crosscheck: {len(CHECKED)} replayed runs checked against ordinary runs")
