"""Officials matching speed: the whole registry over the Vietnamese news set, next to indexing that set.

    python -m benchmarks.entities_speed [--data ../shared/data] [--reps 3]

Prints (and appends to benchmarks/RESULTS.md's entities section when asked with --write) the median time of
``Registry.find`` over all 2,653 articles, MB/s, and the median time of a full ``build_index`` of the same
articles in the same run, so the ratio says what share of indexing the matching costs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .corpus import DEFAULT_DATA
from .sources import load_vi_news


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    if not (args.data / "vi-news").is_dir():
        print(f"no vi-news set under {args.data}: nothing to measure", file=sys.stderr)
        return 0

    import search
    from search.officials.registry import default_registry

    articles = list(load_vi_news(args.data))
    texts = [a.title + "\n" + "\n".join(a.paragraphs) for a in articles]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    registry = default_registry()
    registry.find("warm up the automaton")

    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        for a in articles:
            header = f" date {a.date} {a.title}\n\n" if a.title else ""
            (docs / f"{a.id}.txt").write_text(header + "\n\n".join(a.paragraphs), encoding="utf-8")
        match_times, build_times = [], []
        mentions = 0
        for rep in range(args.reps):  # interleaved: the same machine state for both
            start = time.perf_counter()
            mentions = sum(len(registry.find(t)) for t in texts)
            match_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            search.build_index([docs], Path(tmp) / f"ix{rep}", rebuild=True)
            build_times.append(time.perf_counter() - start)

    match = statistics.median(match_times)
    build = statistics.median(build_times)
    print(f"registry: {len(registry.officials)} officials; vi-news: {len(texts)} articles, {megabytes:.1f} MB")
    print(f"matching: median {match:.2f} s ({megabytes / match:.1f} MB/s), {mentions} (article, official) pairs")
    print(f"indexing the same articles: median {build:.2f} s; matching is {match / build:.0%} of it")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
