"""How far into a collection file each record is (``Reading``), which the progress bar of `search index` shows."""
from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from search.ingest.parse import Document, Reading, parse_file

ENDINGS = {"lf": "\n", "crlf": "\r\n", "cr": "\r", "vt": "\x0b", "ff": "\x0c"}


def _fractions(path: Path) -> list[float]:
    reading = Reading()
    seen = []
    for item in parse_file(path, reading=reading):
        assert isinstance(item, Document), item
        seen.append(reading.fraction)
    return seen


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_jsonl_fraction_follows_the_records_whatever_the_line_ends(tmp_path: Path, ending: str, gz: bool) -> None:
    """A JSON Lines export with old Mac line ends (\\r alone) was one line to the count of lines, so its bar
    jumped to 100% at the first record; each record is now its share of the file, as with \\n."""
    n = 40
    lines = [json.dumps({"title": f"Tin số {i}", "body": f"Bài viết số {i} về thương mại."}, ensure_ascii=False)
             for i in range(n)]
    data = (ENDINGS[ending].join(lines) + ENDINGS[ending]).encode("utf-8")
    path = tmp_path / ("wire.jsonl.gz" if gz else "wire.jsonl")
    path.write_bytes(gzip.compress(data) if gz else data)
    fractions = _fractions(path)
    assert len(fractions) == n
    assert fractions == sorted(fractions)
    for i, fraction in enumerate(fractions, start=1):
        assert fraction == pytest.approx(i / n, abs=1.5 / n), (i, fraction)


def test_jsonl_fraction_with_mixed_line_ends_across_read_pieces(tmp_path: Path) -> None:
    """Line ends of every kind at random, records long enough that the file is read in several pieces (a \\r
    ending one piece and a \\n starting the next are one line end)."""
    rng = random.Random(7)
    n = 300
    lines = [json.dumps({"title": f"Tin {i}", "body": "thương mại " * rng.randint(50, 400)}, ensure_ascii=False)
             for i in range(n)]
    data = "".join(line + rng.choice(list(ENDINGS.values())) for line in lines).encode("utf-8")
    path = tmp_path / "wire.jsonl"
    path.write_bytes(data)
    fractions = _fractions(path)
    assert len(fractions) == n
    for i, fraction in enumerate(fractions, start=1):
        assert fraction == pytest.approx(i / n, abs=1.5 / n), (i, fraction)
