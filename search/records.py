"""The typed records passed between stages: what each stage hands the next, and what renderers receive.

    ingest:  file -> Document -> Article (Document + the officials it names: MentionRow)
    index:   Articles -> IndexReport (what a run did; Skipped: a file or record left out, or a note)
    query:   -> Results (Hit, each with OfficialRef) / ArticleView (one stored article)

JSON output is ``as_dict()`` of the same record the terminal and HTML renderers get.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """One article as parsed from its file, before enrichment."""

    id: str
    path: str
    title: str
    body: str
    date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD": the precision the source gave
    date_inferred: bool = False  # True when the date (or its day) was read from the address or the text, not the header
    lang: str | None = None  # ISO code; None until langid runs (a record may give it)
    title_derived: bool = False  # True when there was no header and the title is the first sentence
    url: str | None = None
    source: str | None = None  # the outlet: the record's, else the page's site name (enrich: else a wire credit,
    #                            else the URL's host)
    author: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    published: str | None = None  # the full timestamp when the source gave one: "2024-11-06T10:30:00+07:00"
    date_raw: str | None = None  # a date not read yet: "06/11/2024" waits for the language to decide its order
    date_future: bool = False  # dated after the time of indexing: kept, flagged, not used for "newest first"
    page_hash: str | None = None  # a web page's bytes, URL and charset, hashed: a page seen before is not read again
    line: int | None = None  # where in its file: the line (JSON Lines, CSV)...
    record: int | None = None  # ...or the record's number (JSON array, WARC), from 1
    notes: tuple[str, ...] = field(default=())  # what reading had to decide, "what: detail" ("decoded as cp1252")

    @property
    def where(self) -> str:
        """The article's place for messages: ``wire.jsonl:12``, ``crawl.warc.gz record 3``, ``a.html``."""
        return where(self.path, self.line, self.record)

    @property
    def content_hash(self) -> str:
        """Hash of the article as read: a change here (and only here) means the document must be re-indexed."""
        h = hashlib.blake2b(digest_size=16)
        parts = (self.id, self.title, self.body, self.date or "", self.lang or "", self.url or "", self.source or "",
                 self.author or "", self.section or "", "\x1f".join(self.tags), self.published or "",
                 self.date_raw or "",
                 "derived" if self.title_derived else "", *self.notes)
        # Each part's UTF-8 and a NUL after it, hashed at once: a NUL is one byte of its own in UTF-8.
        h.update(("\x00".join(parts) + "\x00").encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def with_(self, **changes: object) -> Document:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class MentionRow:
    """An official named in an article: ``("hun-manet", "Hun Manet", 4, 312, "KH", ("Prime Minister",))``."""

    official_id: str
    name: str
    count: int
    first_pos: int
    country: str
    roles: tuple[str, ...]

    def stored(self) -> list[Any]:
        """As the index stores it: ``[official_id, name, count, first_pos, country, [roles]]``."""
        return [self.official_id, self.name, self.count, self.first_pos, self.country, list(self.roles)]


@dataclass(frozen=True, slots=True)
class Article:
    """A Document after enrichment: clean body, language, date, and the officials it names."""

    doc: Document
    mentions: tuple[MentionRow, ...] = ()


def where(path: str, line: int | None = None, record: int | None = None) -> str:
    if line:
        return f"{path}:{line}"
    return f"{path} record {record}" if record else path


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or record left out of an index run (or indexed with a note): where, and why.

    A note's reason reads "what: detail" (``trailing boilerplate removed: Sumber, Komentar (0)``): the part
    before the colon is its ``kind``, by which the end of a run sums notes up.
    """

    path: str
    reason: str
    line: int | None = None
    record: int | None = None

    @property
    def where(self) -> str:
        return where(self.path, self.line, self.record)

    @property
    def kind(self) -> str:
        return self.reason.split(": ", 1)[0]


@dataclass
class IndexReport:
    index_dir: str
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)  # indexed, but with something to say (encoding...)
    languages: dict[str, int] = field(default_factory=dict)  # in the whole index after the run
    total: int = 0
    seconds: float = 0.0
    recovered: list[str] = field(default_factory=list)  # what an interrupted earlier run left behind
    rebuilt: bool = False

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["seconds"] = round(self.seconds, 3)
        return d


@dataclass(frozen=True, slots=True)
class OfficialRef:
    id: str
    name: str
    count: int
    country: str = ""
    roles: tuple[str, ...] = ()

    @classmethod
    def from_stored(cls, row: list[Any]) -> OfficialRef:
        oid, name, count, _first, country, roles = row
        return cls(oid, name, count, country, tuple(roles))


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str
    date: str | None
    date_inferred: bool
    lang: str
    score: float
    snippets: tuple[str, ...]  # HTML: escaped text, matches in <mark>
    officials: tuple[OfficialRef, ...]
    path: str
    words: int | None = None  # past the articles with every word: how many of the query's words this one has
    url: str | None = None
    source: str | None = None
    author: str | None = None
    section: str | None = None
    date_future: bool = False  # dated after the time of indexing (a typo, most often): marked wherever it shows

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["score"] = round(self.score, 4)
        d["snippets"] = list(self.snippets)
        d["officials"] = [{"id": o.id, "name": o.name, "count": o.count} for o in self.officials]
        return d


@dataclass(frozen=True, slots=True)
class Results:
    query: str
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    notes: tuple[str, ...] = ()  # what the lenient parser ignored
    offset: int = 0
    limit: int = 10
    took_ms: float = 0.0
    # Too few articles with every word: how many more follow that have most of them, of how many words.
    # ``total`` counts only the articles with every word; facets count both.
    partial: int = 0
    words: int = 0  # search similar: the article's distinctive words searched (not in the JSON)

    def __post_init__(self) -> None:
        # Each note once, as first said, wherever it was made (parsing, compiling, searching, here or in
        # OpenSearch): "official:nobody official:nobody" said its note twice; the page's searcher.js does the same.
        object.__setattr__(self, "notes", tuple(dict.fromkeys(self.notes)))

    def as_dict(self) -> dict[str, Any]:
        past = self.past_the_end()
        return {
            "query": self.query, "total": self.total, "partial": self.partial, "offset": self.offset,
            "limit": self.limit, "hits": [h.as_dict() for h in self.hits], "facets": self.facets,
            "undated": self.undated(), "suggestion": self.suggestion,
            "notes": [*self.notes, *([past] if past else [])], "took_ms": round(self.took_ms, 1),
        }

    def past_the_end(self) -> str | None:
        """The note for a page past the last result (``--offset`` beyond it): where the last page is."""
        listed = self.total + self.partial
        if listed and not self.hits and self.limit and self.offset >= listed:
            return (f"--offset {self.offset} is past the last result ({listed}); the last page is "
                    f"--offset {(listed - 1) // self.limit * self.limit} --limit {self.limit}")
        return None

    def undated(self) -> dict[str, int]:
        """Of the articles listed (``total`` and ``partial``, as the facets count them), how many the year and
        month facets do not count: ``year``, the undated ones; ``month``, those and the ones dated by a year
        alone. Only for those of the two facets that were counted."""
        listed = self.total + self.partial
        return {name: listed - sum(self.facets[name].values()) for name in ("year", "month")
                if name in self.facets and listed}


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One stored article, as ``search show`` and the article pages present it."""

    id: str
    title: str
    title_derived: bool
    date: str | None
    date_inferred: bool
    lang: str
    path: str
    url: str | None
    source: str | None
    body: str
    officials: tuple[OfficialRef, ...]
    notes: tuple[str, ...] = field(default=())
    author: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    published: str | None = None
    date_future: bool = False

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["officials"] = [asdict(o) for o in self.officials]
        d["notes"] = list(self.notes)
        d["tags"] = list(self.tags)
        return d

    @classmethod
    def from_stored(cls, s: dict[str, Any]) -> ArticleView:
        # An empty stored value is no value (null in --json, as a hit of `search query` has it)
        return cls(s["id"], s.get("title") or "", bool(s.get("title_derived")), s.get("date") or None,
                   bool(s.get("date_inferred")), s.get("lang") or "und", s.get("path") or "", s.get("url") or None,
                   s.get("source") or None, s.get("body") or "", officials_of(s), tuple(s.get("notes") or ()),
                   s.get("author") or None, s.get("section") or None, tuple(s.get("tags") or ()),
                   s.get("published") or None, bool(s.get("date_future")))


def officials_of(stored: dict[str, Any]) -> tuple[OfficialRef, ...]:
    return tuple(OfficialRef.from_stored(m) for m in stored.get("mentions") or ())


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What ``search export`` did (``search.site.export``)."""

    out: Path
    pages: int
    bytes: int  # the whole site as exported, unchanged files included
    seconds: float
    written: int  # files whose bytes changed (or were new)
    unchanged: int
    removed: int  # stale files of a previous export
    problems: tuple[str, ...] = ()  # saved queries that could not run, officials missing from the registry
    search_files: int = 0  # the search page's engine and data files
    search_bytes: int = 0
    up_to_date: bool = False  # nothing had changed since the last export: no file was read or written
    search_page: bool = True  # False: exported from an index without postings to ship (OpenSearch)

    def as_dict(self) -> dict[str, Any]:
        return {"pages": self.pages, "bytes": self.bytes, "seconds": round(self.seconds, 2),
                "written": self.written, "unchanged": self.unchanged, "removed": self.removed,
                "problems": list(self.problems), "out": str(self.out),
                "search": {"files": self.search_files, "bytes": self.search_bytes, "page": self.search_page},
                "up_to_date": self.up_to_date}
