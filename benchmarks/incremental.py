"""Incremental indexing, article by article: one line of a 2,653-article JSON Lines file edited, re-indexed.

    python -m benchmarks.incremental [--data ../shared/data] [--reps 3]

Builds the Vietnamese news set (``vi-news/docs``) into one JSON Lines file in a temporary folder (never in the
repository), indexes it from scratch, then, repeatedly: edits one line (a different article each time) and
runs the incremental index. Prints the medians of the full build and of the re-index, their ratio (the goal:
under a tenth), how many articles each re-index reported updated, and a no-op run (nothing changed).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .corpus import DEFAULT_DATA


def vi_news_records(data: Path) -> list[dict[str, str]]:
    records = []
    for p in sorted((data / "vi-news" / "docs").glob("*.txt")):
        lines = p.read_text(encoding="utf-8").split("\n")
        head = dict(line[2:].split(" = ", 1) for line in lines[:3] if line.startswith("# "))
        records.append({"doc_id": head["doc_id"], "link": head["url"], "published": head["date"],
                        "headline": lines[3], "text": "\n".join(lines[4:])})
    return records


def write_jsonl(path: Path, records: list[dict[str, str]]) -> None:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    if not (args.data / "vi-news").is_dir():
        print(f"no vi-news set under {args.data}: nothing to measure", file=sys.stderr)
        return 0

    from search import build_index

    records = vi_news_records(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "wire"
        folder.mkdir()
        jsonl = folder / "vi-news.jsonl"
        write_jsonl(jsonl, records)
        megabytes = jsonl.stat().st_size / 1e6
        full, edits, updated = [], [], []
        for rep in range(args.reps):
            index_dir = Path(tmp) / f"ix{rep}"
            start = time.perf_counter()
            report = build_index([folder], index_dir, rebuild=True)
            full.append(time.perf_counter() - start)
            assert report.added == len(records), report.skipped[:3]
            n = 97 * (rep + 1) % len(records)  # one article, another one each repetition
            records[n] = {**records[n], "text": records[n]["text"] + f"\nĐoạn thêm số {rep}."}
            write_jsonl(jsonl, records)
            start = time.perf_counter()
            report = build_index([folder], index_dir)
            edits.append(time.perf_counter() - start)
            updated.append(report.updated)
        start = time.perf_counter()
        noop = build_index([folder], Path(tmp) / f"ix{args.reps - 1}")
        noop_s = time.perf_counter() - start

    f, e = statistics.median(full), statistics.median(edits)
    print(f"vi-news as one JSON Lines file: {len(records)} articles, {megabytes:.1f} MB")
    print(f"full build: median {f:.2f} s ({', '.join(f'{x:.2f}' for x in full)})")
    print(f"one line edited, re-index: median {e:.2f} s ({', '.join(f'{x:.2f}' for x in edits)}); "
          f"articles updated: {updated}")
    pairs = ", ".join(f"{b / a:.3f}" for a, b in zip(full, edits, strict=True))
    print(f"ratio: {e / f:.3f} of a full build, medians (each repetition: {pairs}; goal: under 0.1)")
    print(f"nothing changed: {noop_s:.2f} s, {noop.unchanged} unchanged (the file is not read)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
