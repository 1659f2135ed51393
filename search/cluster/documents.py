"""An article -> the document OpenSearch receives: our analysis, sent as tokens with their positions.

    prepared = prepare(chunk); document(prepared.docs[i], article_terms(prepared)[i], fingerprint) ->
      {"id": "vi1", "title": ["tinh son la", "..."], "body": [...], "exact": ["son sơn", ...],
       "stem": ["fr:cooper", ...], "tf": "b|son|1 b|la|0 b|la|1 ...", "length": {"body": 54, ...},
       "lang": "vi", "spelled": "exact", "date": "2024-09-15", "year": "2024", "month": "2024-09",
       "official": ["bui-thanh-son"], ..., "stored": {"title": "Tỉnh Sơn La ...", "body": "...", ...}}

The terms are exactly those of the local index (``search.index.prepare``: the same chunk arrays and field
values the local bulk writer writes), so a word matches the same articles in both. Positions: a field is
sent as a list of runs of consecutive positions; the mapping's ``position_increment_gap`` of 1 makes each
break between runs one missing position, as our analysis leaves one between the title and the body; a position
that punctuation between Khmer runs left empty holds ``GAP_TERM`` (what a quoted passage's punctuation matches:
``dsl.py`` ``near``), which no word can be. Longer gaps (never made by our analysis today) are filled with ``|``
tokens, which no query term can be.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from ..analysis.tokenize import GAP_TERM
from ..index.docarrays import stored_length
from ..index.prepare import Prepared, PreparedDoc
from ..index.schema import build_schema
from ..records import Article
from .mapping import CODES, SCORED, mappings

FILLER = "|"
WIRE_BYTES = 240  # OpenSearch's whitespace tokenizer splits tokens longer than 255 characters
ID_BYTES = 512  # OpenSearch refuses a document whose _id is longer (UTF-8): the whole _bulk request fails
# The longest term Lucene indexes (UTF-8 bytes): a document with a longer keyword value (an id, a URL, a source
# of a record pasted wrong) is refused whole ("immense term").
KEYWORD_BYTES = 32_766
_KEYWORDS = frozenset(name for name, spec in mappings()["properties"].items()  # the fields indexed as keywords
                      if spec.get("type") == "keyword" and spec.get("index") is not False)
LONG_ID = "~id~"  # the _id of an article whose id is longer, or starts so: this and a digest of the id


# The local index's stored fields besides the text (``search.index.schema``): what ``show`` and hits read.
STORED_FIELDS = tuple(sorted(name for name, f in build_schema().items() if f.stored and name not in ("title", "body")))


def wire(term: str) -> str:
    """A term as OpenSearch receives it: itself, or, if too long for one whitespace token, a stand-in (a
    hash) that the query side computes the same way."""
    if len(term) <= 60 or len(term.encode("utf-8")) <= WIRE_BYTES:
        return term
    return "~" + hashlib.blake2b(term.encode("utf-8"), digest_size=16).hexdigest()


def key(doc_id: str) -> str:
    """The ``_id`` of the article ``doc_id`` on the cluster: the id itself, or, for an id over OpenSearch's
    limit of ``ID_BYTES`` (a path of a few folders with Vietnamese names: ``news/2024-01/thoi-su-.../index.html``),
    ``LONG_ID`` and a digest of it (fixed length). The article's own id is always in its ``id`` field, which
    every query, listing and answer reads; every request by ``_id`` (write, delete, get, mget) goes through
    this. An id that starts with ``LONG_ID`` gets the digest too, so no two ids share an ``_id``."""
    data = doc_id.encode("utf-8", "surrogatepass")
    if len(data) <= ID_BYTES and not doc_id.startswith(LONG_ID):
        return doc_id
    return LONG_ID + hashlib.sha256(data).hexdigest()


def tf_token(field: str, term: str, bit: int) -> str:
    """The ``tf`` token saying that bit ``bit`` of ``term``'s frequency in ``field``, less one, is set. (Less
    one: a term the field holds once, most of them, needs no token; its presence in the field says 1.)"""
    return f"{CODES[field]}|{wire(term).replace(' ', '|')}|{bit}"


def tf_tokens(field: str, counts: dict[str, int]) -> list[str]:
    """Every ``tf_token`` of the field's terms (the hot path of indexing: one string per bit set)."""
    out: list[str] = []
    code = CODES[field]
    for term, count in counts.items():
        n = count - 1
        if not n:
            continue
        if len(term) > 60:
            term = wire(term)
        base = f"{code}|{term.replace(' ', '|') if ' ' in term else term}|"
        bit = 0
        while n:
            if n & 1:
                out.append(base + str(bit))
            n >>= 1
            bit += 1
    return out


def runs(positions: dict[str, list[int]], gaps: Sequence[int] = ()) -> list[str]:
    """Term -> positions as whitespace-joined runs of consecutive positions (see the module docstring), with
    ``GAP_TERM`` at each of the ``gaps`` (the positions punctuation left empty) between the field's words."""
    at: dict[int, str] = {}
    for term, places in positions.items():
        token = wire(term)
        for p in places:
            if p in at:
                raise ValueError(f"two terms at position {p}: {at[p]!r} and {token!r}")
            at[p] = token
    if at and gaps:
        lo, hi = min(at), max(at)
        for p in gaps:
            if lo < p < hi:
                at[p] = GAP_TERM
    out: list[str] = []
    run: list[str] = []
    last = -1
    for p in sorted(at):
        missing = p - last - 1
        if last < 0:
            run = [FILLER] * p  # a field whose first token is not at position 0
        elif missing > 0:
            out.append(" ".join(run))
            run = [FILLER] * (missing - 1)  # the break itself is one missing position
        run.append(at[p])
        last = p
    if run:
        out.append(" ".join(run))
    return out


def _keywords(value: str) -> list[str]:
    """A comma-separated keyword value as the local index splits it (Whoosh's commas=True: stripped)."""
    return [v.strip() for v in value.split(",") if v.strip()]


def article_terms(prepared: Prepared) -> list[dict[str, dict[str, Any]]]:
    """Each prepared document's terms, as ``index_terms`` gives them (``title``/``body``: term -> positions;
    ``exact``/``stem``: term -> frequency), read back from the chunk's arrays (``search.index.prepare``): the
    analysis the local index writes, done once."""
    out: list[dict[str, dict[str, Any]]] = [{name: {} for name in (*SCORED, "gap")} for _ in prepared.docs]
    for name in (*SCORED, "gap"):
        arrays = prepared.fields[name]
        terms, term_of, doc_of, tf = arrays.terms, arrays.term, arrays.doc, arrays.tf
        positions = arrays.positions
        at = 0
        for i in range(len(term_of)):
            n = tf[i]
            target = out[doc_of[i]][name]
            if positions is not None:
                target[terms[term_of[i]]] = list(positions[at:at + n])
                at += n
            else:
                target[terms[term_of[i]]] = n
    return out


def too_long(prepared: PreparedDoc) -> str | None:
    """Why the cluster would refuse the article whole, for a keyword value (its id, URL, source, a facet) over
    ``KEYWORD_BYTES``; None if it takes it."""
    for name, value in prepared.values.items():
        if name not in _KEYWORDS:
            continue
        for v in value if isinstance(value, list | tuple) else [value]:
            if isinstance(v, str) and (size := len(v.encode("utf-8", "surrogatepass"))) > KEYWORD_BYTES:
                what = "its id" if name == "id" else f"its {name}"
                return (f"{what} is {size:,} bytes, over the {KEYWORD_BYTES:,} an OpenSearch keyword holds "
                        "(Lucene's longest term): not sent to the cluster; shorten it and index again")
    return None


def document(prepared: PreparedDoc, terms: dict[str, dict[str, Any]], fingerprint: bytes) -> dict[str, Any]:
    """The document sent for one prepared article (``terms``: its part of ``article_terms``)."""
    f = prepared.values
    counts: dict[str, dict[str, int]] = {
        "title": {t: len(p) for t, p in terms["title"].items()},
        "body": {t: len(p) for t, p in terms["body"].items()},
        "exact": terms["exact"],
        "stem": terms["stem"],
    }
    # The stored fields exactly as the local index keeps them (a value None is not stored there).
    stored = {k: f[k] for k in STORED_FIELDS if f.get(k) is not None}
    stored["title"], stored["body"] = prepared.article.doc.title, prepared.article.doc.body
    doc: dict[str, Any] = {
        "id": f["id"],
        "path": f["path"],
        "fingerprint": fingerprint.decode("utf-8"),
        "title": runs(terms["title"], terms["gap"].get(GAP_TERM, [])),
        "body": runs(terms["body"], terms["gap"].get(GAP_TERM, [])),
        "exact": [wire(k) for k in terms["exact"]],
        "stem": [wire(k) for k in terms["stem"]],
        "tf": " ".join(token for field in SCORED for token in tf_tokens(field, counts[field])),
        "length": {field: stored_length(prepared.lengths[field]) for field in SCORED},
        "maxtf": {field: max(counts[field].values(), default=0) for field in SCORED},
        "lang": f["lang"],
        "spelled": f["spelled"],
        "official": _keywords(f["official"]),
        "country": _keywords(f["country"]),
        "role": _keywords(f["role"]),
        "stored": stored,
    }
    # Undated, no outlet, no address: absent (the local index's "" counts in no facet, matches no prefix).
    for name in ("date", "newest", "year", "month", "source", "url"):
        if f.get(name):
            doc[name] = f[name]
    return doc


def documents_of(articles: list[Article], fingerprint: bytes = b"") -> list[dict[str, Any]]:
    """The documents of enriched articles (analysed here, as ``search.index.prepare`` does): for tests."""
    from ..index.options import Options
    from ..index.prepare import prepare

    prepared = prepare(list(articles), Options(None, None))
    return [document(d, t, fingerprint) for d, t in zip(prepared.docs, article_terms(prepared), strict=True)
            if isinstance(d, PreparedDoc)]
