"""Base articles -> a corpus folder in our ingest format, at a chosen size.

    benchmarks/work/corpus-5000/
        docs/vi-news_business_001.txt   " date 2020-10-01 Vinamilk lọt Top 1.000 ...", blank line, paragraphs
        articles.jsonl                  the same articles as JSON Lines (id, title, body, date, lang, source)
        langs.tsv                       id <TAB> lang: metadata the baselines index as their language facet
        corpus.json                     stamp: size, seed, counts (an equal stamp skips the rewrite)

Sizes above the base set (~5,050 articles) are filled with perturbed copies of the news articles: a new
id (``<id>-v<k>``), shuffled paragraphs and a shifted date, all drawn from an RNG seeded by (seed, id, k), so
every run writes the same bytes. Cranfield abstracts are never copied, so their judgments stay exact at every
size. Below the base set, Cranfield and the seeds are kept whole (when they fit); the news is thinned evenly.

``python -m benchmarks.corpus --size 20k`` builds one corpus and prints its folder.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from .sources import Article, load_all

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / "work"
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_SEED = 20240601
FORMAT = 1  # bump when the written bytes change, so stale corpora are rewritten


class DataMissingError(Exception):
    """The shared data sets are not where we were told to look."""


@dataclass(frozen=True, slots=True)
class Corpus:
    root: Path
    size: int
    articles: int
    bytes: int

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def jsonl(self) -> Path:
        return self.root / "articles.jsonl"


def parse_size(text: str) -> int:
    """``5k`` -> 5000, ``1.5k`` -> 1500, ``100k`` -> 100000, ``300`` -> 300."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", text)
    if not m:
        raise ValueError(f"not a corpus size: {text!r} (expected e.g. 5k, 20k, 100k or 300)")
    scale = {"": 1, "k": 1_000, "m": 1_000_000}[m[2].lower()]
    return int(float(m[1]) * scale)


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def check_data(data: Path) -> None:
    missing = [name for name in ("vi-news/docs", "km-news/docs", "cranfield/cran.all.1400")
               if not (data / name).exists()]
    if missing:
        raise DataMissingError(f"shared data not found under {data} (missing {', '.join(missing)}); "
                               "pass --data DIR to point at it")


def _evenly(items: list[Article], m: int) -> list[Article]:
    return [items[i * len(items) // m] for i in range(m)] if m > 0 else []


def select_base(base: list[Article], n: int) -> list[Article]:
    """At most ``n`` base articles. Cranfield and seeds are kept whole when they fit in half of ``n``; the
    news articles are then thinned evenly (so both languages keep their share)."""
    if n >= len(base):
        return list(base)
    kept = [a for a in base if a.source in ("cranfield", "seeds")]
    if len(kept) > n // 2:
        return _evenly(base, n)
    kept_ids = {a.id for a in kept}
    others = [a for a in base if a.id not in kept_ids]
    chosen = kept_ids | {a.id for a in _evenly(others, n - len(kept))}
    return [a for a in base if a.id in chosen]


def _shift(date: str | None, rng: random.Random) -> str | None:
    if date is None:
        return None
    if len(date) == 7:  # "YYYY-MM": shift by months
        months = int(date[:4]) * 12 + int(date[5:7]) - 1 + rng.randint(-12, 12)
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    day = datetime.date.fromisoformat(date) + datetime.timedelta(days=rng.randint(-365, 365))
    return day.isoformat()


def perturb(article: Article, k: int, seed: int) -> Article:
    """The k-th copy of an article: new id, shuffled paragraphs, shifted date."""
    rng = random.Random(f"{seed}:{article.id}:{k}")
    paragraphs = list(article.paragraphs)
    rng.shuffle(paragraphs)
    return replace(article, id=f"{article.id}-v{k}", date=_shift(article.date, rng),
                   paragraphs=tuple(paragraphs))


def expand(base: list[Article], n: int, seed: int = DEFAULT_SEED) -> list[Article]:
    """Exactly ``n`` articles (fewer only when there is nothing to copy)."""
    articles = select_base(base, n)
    copyable = [a for a in base if a.source != "cranfield"]
    k = 0
    while len(articles) < n and copyable:
        k += 1
        articles.extend(perturb(a, k, seed) for a in copyable[: n - len(articles)])
    return articles


def article_text(article: Article) -> str:
    body = "\n\n".join(article.paragraphs)
    if article.title is None or article.date is None:
        return body + "\n"
    return f" date {article.date} {article.title}\n\n{body}\n"


def write_corpus(articles: list[Article], root: Path, stamp: dict[str, object]) -> Corpus:
    tmp = root.with_name(root.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "docs").mkdir(parents=True)
    total = 0
    with (tmp / "articles.jsonl").open("w", encoding="utf-8") as jsonl, \
            (tmp / "langs.tsv").open("w", encoding="utf-8") as langs:
        for a in articles:
            data = article_text(a).encode("utf-8")
            (tmp / "docs" / f"{a.id}.txt").write_bytes(data)
            total += len(data)
            record = {"id": a.id, "title": a.title or "", "body": "\n\n".join(a.paragraphs), "date": a.date,
                      "lang": a.lang, "source": a.source}
            jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
            langs.write(f"{a.id}\t{a.lang}\n")
    stamp = {**stamp, "articles": len(articles), "bytes": total}
    (tmp / "corpus.json").write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(root, ignore_errors=True)
    tmp.rename(root)
    return Corpus(root, int(str(stamp["size"])), len(articles), total)


def build_corpus(n: int, data: Path = DEFAULT_DATA, seeds: Path | None = REPO / "seeds",
                 work: Path = WORK, seed: int = DEFAULT_SEED, base: list[Article] | None = None) -> Corpus:
    """The corpus folder for size ``n``, written unless an identical one is already there."""
    root = work / f"corpus-{n}"
    wanted = {"format": FORMAT, "size": n, "seed": seed, "data": str(data.resolve())}
    stamp_path = root / "corpus.json"
    if stamp_path.exists():
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        if all(stamp.get(k) == v for k, v in wanted.items()):
            return Corpus(root, n, int(stamp["articles"]), int(stamp["bytes"]))
    if base is None:
        check_data(data)
        base = load_all(data, seeds)
    return write_corpus(expand(base, n, seed), root, wanted)


# --- reading the ingest format back (the baselines' own few lines of parsing) -----------------------------

_HEADER = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}(?:-\d{2})?)\s*(?P<title>.*)$")
_FIRST_SENTENCE = re.compile(r"(?<=[.!?។])\s+|\n")


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    title: str
    date: str | None
    body: str

    @property
    def month(self) -> str:
        return self.date[:7] if self.date else "unknown"


def read_article(path: Path) -> Record:
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    header = _HEADER.match(first)
    if header:
        return Record(path.stem, header["title"].strip(), header["date"], rest.strip())
    body = text.strip()
    return Record(path.stem, _FIRST_SENTENCE.split(body, maxsplit=1)[0][:160], None, body)


def read_langs(docs: Path) -> dict[str, str]:
    """id -> language from ``langs.tsv`` next to the docs folder (empty when absent)."""
    path = docs.parent / "langs.tsv"
    if not path.exists():
        return {}
    return dict(line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="5k", help="number of articles: 5k, 20k, 100k, 300 ...")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    try:
        corpus = build_corpus(parse_size(args.size), args.data, seed=args.seed)
    except DataMissingError as e:
        print(f"skipped: {e}", file=sys.stderr)
        return 0
    print(corpus.root)
    print(f"{corpus.articles} articles, {corpus.bytes / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
