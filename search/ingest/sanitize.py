"""One parsed article -> text every later stage can trust, or the reason it cannot be indexed.

Whatever format an article came from, this runs once, before enrichment (``index/build.py``):

- text that cannot be encoded (a lone surrogate ``"\\ud800"``, valid in JSON, breaks every later ``encode``),
  and control characters, are replaced by U+FFFD and noted;
- an article whose title and body hold nothing but spaces and invisible characters is empty: skipped;
- an article's text is limited (``MAX_ARTICLE_CHARS``): a 50 MB record is a dump, not an article, and would
  cost gigabytes to index and seconds to every query that matches it;
- invisible characters inside words are removed, and Ð where a Vietnamese word means Đ made Đ
  (``search.lang.invisible``);
- a language code that is not in the language table (``"../../x"``) is dropped with a note, and detected.

    clean(Document(id="a", title="\\u200b", body=" ", ...)) -> raises ParseError("empty article...")
"""

from __future__ import annotations

import re

from ..errors import ParseError
from ..lang.invisible import REPAIRABLE, repair_words
from ..lang.table import is_known
from ..records import Document

MAX_ARTICLE_CHARS = 2_000_000  # a long news article is 100,000 characters; a book is not an article
_UNENCODABLE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BAD = re.compile(f"{_UNENCODABLE.pattern}|{_CONTROL.pattern}")  # either of the two above, in one scan
_VISIBLE = re.compile("[^\\s\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# What either _BAD or repair_words looks for (invisible.REPAIRABLE): a title or a body without any, nearly all of them,
# is read once, not twice; one with some is looked at from the first.
_SUSPECT = re.compile(f"[{_UNENCODABLE.pattern[1:-1]}{_CONTROL.pattern[1:-1]}{REPAIRABLE.pattern[1:-1]}]")


def clean(doc: Document, where: str) -> Document:
    """``doc`` made safe; raises ParseError (naming ``where``) for an article that cannot be indexed."""
    notes = list(doc.notes)
    fields = {}
    # Where the title's and the body's first suspect character is (their length when none is).
    first = {name: m.start() if (m := _SUSPECT.search(value)) else len(value)
             for name, value in (("title", doc.title), ("body", doc.body))}
    for name in ("title", "body", "url", "source", "author", "section"):
        value = getattr(doc, name)
        if value is None or _BAD.search(value, first.get(name, 0)) is None:  # the common case: no copy
            continue
        fixed = _CONTROL.sub("\ufffd", _UNENCODABLE.sub("\ufffd", value))
        if fixed != value:
            # "what: detail", the part before the colon summing notes up at the end of a run (records.Skipped)
            count = sum(1 for a, b in zip(value, fixed, strict=True) if a != b)
            notes.append(f"characters replaced with U+FFFD: {count} in the {name} that cannot be encoded (lone "
                         "surrogates, control characters)")
            fields[name] = fixed
    title, body = fields.get("title", doc.title), fields.get("body", doc.body)
    # Soft hyphens and zero-width characters inside words, Ð for Đ (search/lang/invisible.py): not noted, since
    # nothing a reader sees changes.
    # (U+FFFD put in place of one character each: the text before the first suspect character is as it was)
    if (repaired := repair_words(title, first["title"])) is not title:
        title = fields["title"] = repaired
    if (repaired := repair_words(body, first["body"])) is not body:
        body = fields["body"] = repaired
    if _VISIBLE.search(title) is None and _VISIBLE.search(body) is None:
        raise ParseError(where, "empty article: only spaces and invisible characters")
    if len(title) + len(body) > MAX_ARTICLE_CHARS:
        raise ParseError(where, f"article text is {len(title) + len(body):,} characters, over the "
                                f"{MAX_ARTICLE_CHARS:,} limit for one article; split it or check that it is one")
    if doc.lang is not None and not is_known(doc.lang):
        notes.append(f"language {doc.lang!r} is not a known code; detected instead")
        fields["lang"] = None  # type: ignore[assignment]
    if not fields and len(notes) == len(doc.notes):
        return doc
    return doc.with_(**fields, notes=tuple(notes))
