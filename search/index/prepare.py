"""Documents -> what the index writes for them: enrichment, analysis and field values, as compact arrays.

This is the expensive, per-token part of indexing (language id, dates, officials, tokenizing, forms), and it
runs in worker processes (``build.py``), a chunk of documents at a time. What comes back is small to pass
between processes: the chunk's articles (with their stored values) and, for each analysed field, its
postings as parallel arrays over a vocabulary local to the chunk::

    Prepared(docs=[PreparedDoc(article, hash, lengths={"body": 312, ...}, keywords={"official": "hun-sen"})],
             fields={"body": FieldArrays(terms=["hun", "sen", ...], term=[0, 1, ...], doc=[0, 0, ...],
                                         tf=[2, 1, ...], positions=[4, 17, 5, ...])})
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from ..analysis.terms import index_terms, spells_exactly
from ..errors import SearchError
from ..ingest.enrich import enrich
from ..officials.registry import load_registry
from ..records import Article, Document

ARTICLE_FIELDS = ("title", "body", "exact", "stem")  # analysed once per article (analysis/terms.py)
POSITIONAL = ("title", "body")


@dataclass(slots=True)
class FieldArrays:
    """One analysed field's postings for a chunk of documents: posting i is term ``terms[term[i]]`` in
    document ``doc[i]`` (the chunk's own numbering) ``tf[i]`` times, at the next ``tf[i]`` ``positions``."""

    terms: list[str] = field(default_factory=list)
    term: array[int] = field(default_factory=lambda: array("i"))
    doc: array[int] = field(default_factory=lambda: array("i"))
    tf: array[int] = field(default_factory=lambda: array("i"))
    positions: array[int] | None = None


@dataclass(slots=True)
class PreparedDoc:
    article: Article
    lengths: dict[str, int]  # tokens per analysed field
    values: dict[str, Any]  # every other field's value: id, path, lang, date, official (comma-joined)...


@dataclass(slots=True)
class Prepared:
    docs: list[PreparedDoc | SearchError] = field(default_factory=list)  # an error for a document left out
    fields: dict[str, FieldArrays] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Options:
    lang: str | None  # forced language, or None to detect
    registry_file: Path | None


def prepare(docs: list[Document | Article], options: Options) -> Prepared:
    """Enrich and analyse ``docs``; a document that cannot be enriched becomes its error. An Article is
    already enriched (a record moved to another file, as the index holds it): it is only analysed."""
    registry = load_registry(options.registry_file)[0]
    out = Prepared(fields={name: FieldArrays(positions=array("I") if name in POSITIONAL else None)
                           for name in ARTICLE_FIELDS})
    vocabularies: dict[str, dict[str, int]] = {name: {} for name in ARTICLE_FIELDS}
    for doc in docs:
        if isinstance(doc, Article):
            article = doc
        else:
            try:
                article = enrich(doc, lang=options.lang, registry=registry)
            except SearchError as e:
                out.docs.append(e)
                continue
        number = len(out.docs)
        d = article.doc
        exact_words = spells_exactly(d.title + "\n" + d.body, d.lang)
        terms = index_terms(d.title, d.body, d.lang, exact_words)
        lengths = {}
        for name in ARTICLE_FIELDS:
            part = getattr(terms, name)
            arrays, vocab = out.fields[name], vocabularies[name]
            # A term new to the chunk gets the next number (setdefault evaluates len(vocab) before inserting).
            arrays.term.extend([vocab.setdefault(term, len(vocab)) for term in part])
            arrays.doc.extend(array("i", [number]) * len(part))
            if arrays.positions is not None:
                places = part.values()
                arrays.tf.extend(map(len, places))
                arrays.positions.extend(chain.from_iterable(places))
                lengths[name] = sum(map(len, places))
            else:
                arrays.tf.extend(part.values())
                lengths[name] = sum(part.values())
        out.docs.append(PreparedDoc(article, lengths, _values(article, exact_words)))
    for name, vocab in vocabularies.items():
        out.fields[name].terms = list(vocab)  # in the order of their numbers
    return out


def warm(options: Options) -> None:
    """Load what ``prepare`` needs (the registry, the language model, ICU's dictionaries) before the first
    chunk arrives: a worker process calls it first."""
    from ..analysis.tokenize import segment
    from ..ingest.langid import detect_language

    load_registry(options.registry_file)
    detect_language("The minister met his counterpart to discuss cooperation between the two countries.")
    list(segment("ព័ត៌មាន"))


def _values(article: Article, exact_words: bool) -> dict[str, Any]:
    doc = article.doc
    date = doc.date or ""
    return {
        "id": doc.id,
        "path": doc.path,
        "lang": doc.lang or "und",
        "spelled": "exact" if exact_words else "",
        "date": date,
        "date_inferred": doc.date_inferred,
        "date_future": doc.date_future,
        "newest": "" if doc.date_future else date,  # "newest first" ignores a date after the time of indexing
        "published": doc.published,
        "year": date[:4],
        "month": date[:7] if len(date) >= 7 else "",  # a year alone has no month
        "title_derived": doc.title_derived,
        "url": doc.url,
        "source": doc.source or "",
        "author": doc.author,
        "section": doc.section,
        "tags": list(doc.tags),
        "page_hash": doc.page_hash,
        "notes": list(doc.notes),
        "official": ",".join(m.official_id for m in article.mentions),
        "country": ",".join(sorted({m.country for m in article.mentions if m.country})),
        "role": ",".join(sorted({r.replace(",", " ") for m in article.mentions for r in m.roles})),
        "mentions": [m.stored() for m in article.mentions],
    }
