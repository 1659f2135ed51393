"""A web crawl (``.warc``, ``.warc.gz``) -> its HTML pages, each with the URL and charset of its record.

    for number, url, html, charset in responses(open("crawl.warc.gz", "rb"), "crawl.warc.gz"): ...

warcio reads both plain and per-record gzipped WARC, and undoes chunked transfer and gzip/deflate content
encoding. Every HTML response with a 2xx status is a page; requests, metadata, images, redirects and
``revisit`` records are not articles and are passed over. warcio does not notice a file cut short: the last
record simply comes back short, so each record's length is checked against its declared length, and a
truncated one is reported (with its number and URL) instead of being indexed half.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from ..errors import ParseError

HTML_TYPES = ("text/html", "application/xhtml+xml")


def responses(stream: IO[bytes], path: str, limit: int) -> Iterator[tuple[int, str | None, bytes, str | None]
                                                                    | ParseError]:
    """``(record number, target URL, body, content type)`` of each HTML page, or a ParseError for a record
    that cannot be read; raises ParseError when the file is not a WARC or holds no HTML page at all."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = 0
    pages = 0
    kinds: dict[str, int] = {}
    try:
        for number, record in enumerate(ArchiveIterator(stream), start=1):
            records = number
            url = record.rec_headers.get_header("WARC-Target-URI")
            content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
            mime = (content_type or "").split(";")[0].strip().lower()
            kind = record.rec_type if record.rec_type != "response" else (mime or "no content type")
            if record.rec_type != "response" or record.http_headers is None or mime not in HTML_TYPES:
                kinds[kind] = kinds.get(kind, 0) + 1
                continue
            status = record.http_headers.get_statuscode() or ""
            if not status.startswith("2"):
                kinds[f"HTTP {status}"] = kinds.get(f"HTTP {status}", 0) + 1
                continue
            pages += 1
            declared = int(record.rec_headers.get_header("Content-Length") or 0)
            if declared > limit:
                yield ParseError(path, f"page of {declared / 2**20:.1f} MiB is over the limit ({url})",
                                 record=number)
                continue
            # At most the limit + 1: a page sent compressed (Content-Encoding: gzip) decompresses beyond its
            # declared length, without end in a compression bomb (a 795-byte WARC held a 60 MB page)
            body = record.content_stream().read(limit + 1)
            if len(body) > limit:
                yield ParseError(path, f"page decompresses to over the {limit / 2**20:.0f} MiB limit ({url})",
                                 record=number)
                continue
            remaining = getattr(record.raw_stream, "limit", 0)  # warcio's LimitReader: bytes not received
            if remaining:
                yield ParseError(path, f"record cut short: {remaining} of its {declared} bytes are missing "
                                       f"(truncated file?) ({url})", record=number)
                continue
            yield number, url, body, content_type
    except ArchiveLoadFailed as e:
        if records == 0:
            raise ParseError(path, f"not a WARC file: {e.msg if hasattr(e, 'msg') else e}") from None
        yield ParseError(path, f"unreadable after record {records}: {e}", record=records + 1)
    except Exception as e:  # noqa: BLE001 - a damaged gzip member, a malformed header (warcio raises
        # AttributeError on a response record without WARC-Target-URI)
        known = isinstance(e, OSError | EOFError | ValueError)
        why = str(e) if known else f"malformed record ({type(e).__name__}: {e})"
        if records == 0:
            raise ParseError(path, f"not a readable WARC file: {why}") from None
        yield ParseError(path, f"unreadable after record {records}: {why}", record=records + 1)
    if pages == 0:
        held = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "no records"
        raise ParseError(path, f"no HTML page in this WARC ({held})")
