"""One interface over the engines we compare; each implementation lives in its own module and imports its
library lazily, so a cold query only pays for the engine it runs.

    engine = get_engine("fts5")(index_dir)
    stats = engine.build(corpus_docs)           # BuildStats(docs=5000, bytes=17_434_689, seconds=4.2)
    engine.open()
    answer = engine.query("hợp tác", limit=10)  # Answer(hits=[("vi-news_world_012", "…<mark>hợp</mark>…")],
    engine.close()                              #        total=312, facets={"lang": {"vi": 312}, ...})
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

# name -> "module:class"; the order is the default run order and the first one is the baseline of the ratios
ENGINES = {
    "whoosh": "benchmarks.engines.whoosh_default:WhooshDefault",
    "fts5": "benchmarks.engines.fts5:Fts5",
    "tantivy": "benchmarks.engines.tantivy_default:TantivyDefault",
    "ours": "benchmarks.engines.ours:Ours",
}
BASELINE = "whoosh"


@dataclass(frozen=True, slots=True)
class BuildStats:
    docs: int
    bytes: int  # article text read, UTF-8
    seconds: float


@dataclass(slots=True)
class Answer:
    hits: list[tuple[str, str]]  # (doc id, snippet with the engine's own highlight markup)
    total: int | None = None  # matching documents, when the engine counts them
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # "lang" -> {"vi": 12}, "month" -> {...}
    error: str | None = None  # the engine rejected the query (counted, never raised)


class Engine(ABC):
    name: ClassVar[str]
    # what a user of this engine gets for a query typed as several words: "AND" or "OR"
    default_operator: ClassVar[str]

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir

    @classmethod
    def unavailable(cls) -> str | None:
        """Why this engine cannot run here (a missing library or API), or None."""
        return None

    @abstractmethod
    def build(self, corpus_docs: Path) -> BuildStats:
        """Index every article of the folder into a fresh index."""

    def reindex(self, corpus_docs: Path) -> BuildStats | None:
        """Index the same folder again into the existing index; None when the engine has no incremental mode
        (a re-index is then a full build)."""
        return None

    @abstractmethod
    def open(self) -> None: ...

    @abstractmethod
    def query(self, text: str, limit: int = 10, *, any_terms: bool = False, snippets: bool = True,
              facets: bool = True) -> Answer:
        """Top ``limit`` hits with a snippet each and facet counts. ``any_terms`` asks for OR semantics where
        the engine's default is AND (used for the Cranfield sentences)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        pass

    def __enter__(self) -> Engine:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def get_engine(name: str) -> type[Engine]:
    try:
        module, _, cls = ENGINES[name].partition(":")
    except KeyError:
        raise ValueError(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}") from None
    engine: type[Engine] = getattr(importlib.import_module(module), cls)
    return engine


def iter_articles(corpus_docs: Path) -> list[Path]:
    return sorted(corpus_docs.glob("*.txt"))
