"""The shared data sets (read-only, never copied into the repository) -> ``Article`` records.

    vi-news/docs/*.txt   "# doc_id = ...", "# url = ...", "# date = 20201001", title, one paragraph a line
    km-news/docs/*.txt   title on the first line, paragraphs after; U+200B between words (kept as published)
    cranfield/           SMART format (.I/.T/.A/.B/.W, CRLF), queries, graded judgments
    seeds/*.txt          our ingest format already (header line optional)
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ZWSP = "\u200b"


@dataclass(frozen=True, slots=True)
class Article:
    id: str  # also the file name (without .txt) in the corpus, which is how our parser names documents
    lang: str  # known from the data set; the baselines receive it as metadata, ours detects it
    source: str  # "vi-news", "km-news", "cranfield", "seeds"
    title: str | None  # None: the file has no header line and the reader derives the title
    date: str | None  # "YYYY-MM-DD" or "YYYY-MM"
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CranfieldQuery:
    qid: str  # the judgments' number (1..225, by position), not cran.qry's .I number
    text: str
    gains: dict[str, int]  # corpus doc id -> graded gain 1..4 (only gains > 0 are kept)


def cranfield_doc_id(number: int | str) -> str:
    return f"cran-{int(number):04d}"


def _rng_date(key: str, year_from: int, year_to: int) -> str:
    """A deterministic date for articles that have none (Khmer news, Cranfield abstracts)."""
    rng = random.Random(f"date:{key}")
    return f"{rng.randint(year_from, year_to):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _clean(line: str) -> str:
    return line.strip().strip(ZWSP).strip()


def load_vi_news(data: Path) -> Iterator[Article]:
    for path in sorted((data / "vi-news" / "docs").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        meta = {}
        while lines and lines[0].startswith("# "):
            key, _, value = lines.pop(0)[2:].partition(" = ")
            meta[key.strip()] = value.strip()
        text = [_clean(line) for line in lines if _clean(line)]
        if len(text) < 2:
            continue
        d = meta.get("date", "")
        date = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if re.fullmatch(r"\d{8}", d) else None
        yield Article(f"vi-{meta.get('doc_id', path.stem)}", "vi", "vi-news", text[0], date, tuple(text[1:]))


def load_km_news(data: Path) -> Iterator[Article]:
    for path in sorted((data / "km-news" / "docs").glob("*.txt")):
        text = [_clean(line) for line in path.read_text(encoding="utf-8").split("\n") if _clean(line)]
        if len(text) < 2:
            continue
        doc_id = f"km-{path.stem.removesuffix('_orig')}"
        yield Article(doc_id, "km", "km-news", text[0], _rng_date(doc_id, 2019, 2020), tuple(text[1:]))


def _smart_records(path: Path) -> Iterator[tuple[str, dict[str, list[str]]]]:
    """SMART files -> (".I" number, {".T": lines, ".W": lines, ...})."""
    number, fields, current = "", dict[str, list[str]](), ""
    for line in path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n"):
        if line.startswith(".I "):
            if number:
                yield number, fields
            number, fields, current = line[3:].strip(), {}, ""
        elif re.fullmatch(r"\.[TABW]", line.strip()):
            current = line.strip()
            fields[current] = []
        elif current:
            fields[current].append(line)
    if number:
        yield number, fields


def _paragraphs(lines: list[str]) -> tuple[str, ...]:
    """Cranfield abstracts start a paragraph with two spaces; other lines continue it."""
    paras: list[list[str]] = []
    for line in lines:
        if not line.strip():
            continue
        if line.startswith("  ") or not paras:
            paras.append([])
        paras[-1].append(line.strip())
    return tuple(" ".join(p) for p in paras)


def load_cranfield(data: Path) -> Iterator[Article]:
    for number, fields in _smart_records(data / "cranfield" / "cran.all.1400"):
        title = " ".join(line.strip() for line in fields.get(".T", [])).removesuffix(" .").strip()
        body = _paragraphs(fields.get(".W", [])) or ((title,) if title else ())  # two abstracts are empty
        if not body:
            continue
        doc_id = cranfield_doc_id(number)
        year = re.search(r"\b(19[2-7]\d)\b", " ".join(fields.get(".B", [])))
        y = int(year.group(1)) if year else 1960
        yield Article(doc_id, "en", "cranfield", title or body[0][:80], _rng_date(doc_id, y, y), body)


def load_cranfield_queries(data: Path) -> list[CranfieldQuery]:
    folder = data / "cranfield"
    texts = {number: " ".join(line.strip() for line in fields.get(".W", [])).strip()
             for number, fields in _smart_records(folder / "cran.qry")}
    qid_to_number = {}
    for line in (folder / "cran.qid_map.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        qid, number = line.split("\t")
        qid_to_number[qid.strip()] = number.strip()
    gains: dict[str, dict[str, int]] = {}
    for line in (folder / "cran.qrels.trec").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and int(parts[3]) > 0:
            gains.setdefault(parts[0], {})[cranfield_doc_id(parts[2])] = int(parts[3])
    return [CranfieldQuery(qid, texts[qid_to_number[qid]], gains.get(qid, {}))
            for qid in sorted(qid_to_number, key=int) if qid_to_number[qid] in texts]


_HEADER = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{1,2}(?:-\d{1,2})?)\s*(?P<title>.*)$")


def _guess_lang(text: str) -> str:
    """Seeds carry no language; py3langid (a project dependency) restricted to likely ones, else 'und'."""
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        return "und"
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(["en", "fr", "id", "vi", "es", "de"])
    return str(identifier.classify(text)[0])


def load_seeds(seeds: Path) -> Iterator[Article]:
    for path in sorted(seeds.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
        header = _HEADER.match(lines[0]) if lines else None
        title, date = (header["title"].strip() or None, header["date"]) if header else (None, None)
        body = [line.strip() for line in (lines[1:] if header else lines) if line.strip()]
        if body:
            yield Article(path.stem, _guess_lang(" ".join(body)[:2000]), "seeds", title, date, tuple(body))


def load_all(data: Path, seeds: Path | None) -> list[Article]:
    """Every base article, in a fixed order (the order decides which ones a smaller corpus keeps)."""
    articles = [*load_vi_news(data), *load_km_news(data), *load_cranfield(data)]
    if seeds is not None and seeds.is_dir():
        articles.extend(load_seeds(seeds))
    return articles
