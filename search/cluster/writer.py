"""The write side on a cluster: the same interface as the local ``IndexWriter`` (the indexing run of
``search.index.build`` drives both), documents sent with ``_bulk`` in batches.

    w = ClusterWriter(target)
    held = w.indexed()                  # id -> Indexed(id, path, key, page), read from doc values
    w.add_prepared(prepared, keep, fingerprints, replace); w.delete("old-id"); w.commit()

Ids are the articles' ids (``documents.key``: a digest for an id over OpenSearch's 512 bytes), so writing an
article twice (a retried batch, a re-run) replaces it: every article is present once. A batch is retried until
every item is written: a whole request that fails for want of a node (connection lost, 429, 503) and the items
that fail for a transient reason (a shard being relocated or promoted, a full queue) are sent again with
exponential backoff, for up to ``RETRY_SECONDS``; the others are kept and retried as long as progress is made. An
item the cluster refuses for good is reported with the article's path and the server's reason (ClusterBulkError,
exit code 6) once the run has written the rest; a refusal by the mapping stops the run at once
(ClusterMappingError, exit code 7).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..index.prepare import Prepared, PreparedDoc
from ..index.writer import DATE_COME, Indexed, article_from_stored, date_has_come
from ..records import Article
from .client import TRANSIENT_TYPES, reason, transient
from .documents import article_terms, document, key, too_long
from .errors import ClusterBulkError, ClusterMappingError, ClusterUnavailableError
from .indices import IndexTarget, field

BATCH_DOCS = 500  # articles per _bulk request
BATCH_BYTES = 8 * 1024 * 1024  # ...or this much JSON, whichever comes first
RETRY_SECONDS = 180.0  # how long a batch keeps being retried without any item getting through
MAPPING_TYPES = {"mapper_parsing_exception", "strict_dynamic_mapping_exception", "document_parsing_exception",
                 "illegal_argument_exception"}


@dataclass(slots=True)
class _Action:
    id: str
    path: str
    lines: str  # the NDJSON lines of this action


class ClusterWriter:
    def __init__(self, target: IndexTarget, batch_docs: int = BATCH_DOCS, batch_bytes: int = BATCH_BYTES,
                 retry_seconds: float | None = None) -> None:
        self.target = target
        self.batch_docs = batch_docs
        self.batch_bytes = batch_bytes
        self.retry_seconds = RETRY_SECONDS if retry_seconds is None else retry_seconds
        self.pending: list[_Action] = []
        self.pending_bytes = 0
        self.refused: dict[str, str] = {}  # id -> why the cluster refused it for good (reported after the run)
        self.paths: dict[str, str] = {}
        self._sender: threading.Thread | None = None
        self._failure: BaseException | None = None
        self.sent = 0  # actions written
        self.retried = 0  # actions sent again after a transient failure
        self.requests = 0

    # --- what the indexing run calls (search.index.build.IndexingRun) --------------------------------------
    def expect(self, documents: int) -> None:
        """Nothing to prepare: batches are sized by ``batch_docs``."""

    def indexed(self) -> dict[str, Indexed]:
        """id -> what the index holds, from doc values (no article text is read)."""
        out: dict[str, Indexed] = {}
        for hit in self.target.scan(f"list the articles of {self.target.name}", {"match_all": {}},
                                    ["path", "fingerprint", "date", "newest"]):
            doc_id = hit["sort"][0]
            page, _, key = str(field(hit, "fingerprint", "")).rpartition("|")
            if not field(hit, "newest") and date_has_come(str(field(hit, "date", ""))):
                key += DATE_COME  # flagged as dated in the future when indexed; that date has come
            out[doc_id] = Indexed(doc_id, str(field(hit, "path", "")), key, page)
        return out

    def stored_article(self, doc_id: str, path: str) -> Article | None:
        """The article as the index holds it, under a new path (a record moved to another file)."""
        from opensearchpy.exceptions import NotFoundError

        try:
            found = self.target.cluster.call(f"read article {doc_id}", "get", index=self.target.name,
                                                id=key(doc_id))
        except NotFoundError:
            return None
        stored = (found.get("_source") or {}).get("stored") if found.get("found") else None
        return article_from_stored(stored, path) if stored else None

    def add_prepared(self, prepared: Prepared, keep: Sequence[int], fingerprints: Sequence[bytes],
                     replace: Sequence[bool]) -> None:
        """Queue the prepared documents at ``keep`` ("index" replaces a document with the same id: ``replace``
        needs nothing more)."""
        terms = article_terms(prepared)
        for position, print_ in zip(keep, fingerprints, strict=True):
            item = prepared.docs[position]
            assert isinstance(item, PreparedDoc)
            doc = document(item, terms[position], print_)
            head = json.dumps({"index": {"_id": key(doc["id"])}}, ensure_ascii=False)
            self._queue(_Action(doc["id"], doc["path"], head + "\n" + json.dumps(doc, ensure_ascii=False) + "\n"))

    def refusal(self, item: PreparedDoc) -> str | None:
        """Why the cluster would refuse ``item`` whole (a keyword value over Lucene's longest term): it is not
        sent, and reported; None to send it. (Sent, it was refused with illegal_argument_exception, taken for
        a mapping conflict: the run stopped and told to rebuild the index.)"""
        return too_long(item)

    def delete(self, doc_id: str) -> None:
        self._queue(_Action(doc_id, "", json.dumps({"delete": {"_id": key(doc_id)}}, ensure_ascii=False) + "\n"))

    def commit(self) -> None:
        self.flush()
        self.target.refresh()

    def languages(self) -> tuple[dict[str, int], int]:
        """Articles per language in the whole index (most first), and the number of articles."""
        found = self.target.search(f"count the languages of {self.target.name}", {
            "size": 0, "track_total_hits": True, "aggs": {"lang": {"terms": {"field": "lang", "size": 10_000}}}})
        counts = {b["key"]: b["doc_count"] for b in found["aggregations"]["lang"]["buckets"]}
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))), int(found["hits"]["total"]["value"])

    # --- batches -------------------------------------------------------------------------------------
    def _queue(self, action: _Action) -> None:
        self.pending.append(action)
        self.pending_bytes += len(action.lines)
        if len(self.pending) >= self.batch_docs or self.pending_bytes >= self.batch_bytes:
            self.flush(wait=False)

    def flush(self, wait: bool = True) -> None:
        """Send what is pending. The batch goes to a sender thread, so that the next one is analysed while
        the cluster writes this one (one batch in flight at most); ``wait``: until everything is written."""
        if self.pending:
            batch, self.pending, self.pending_bytes = self.pending, [], 0
            self._join()
            self._sender = threading.Thread(target=self._send_in_thread, args=(batch,), daemon=True)
            self._sender.start()
        if wait:
            self._join()

    def _send_in_thread(self, batch: list[_Action]) -> None:
        try:
            self.send(batch)
        except BaseException as e:  # noqa: BLE001 - handed to the indexing thread by _join
            self._failure = e

    def _join(self) -> None:
        if self._sender is not None:
            self._sender.join()
            self._sender = None
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure

    def send(self, batch: list[_Action]) -> None:
        """Write every action of ``batch``: retried until each is written or refused for good."""
        todo = batch
        delay = 0.5
        last: dict[str, str] = {}
        deadline = time.monotonic() + self.retry_seconds
        while todo:
            self.requests += 1
            try:
                response = self.target.cluster.call(
                    f"write {len(todo)} articles to {self.target.name}", "bulk", index=self.target.name,
                    body="".join(a.lines for a in todo), retry_seconds=0)
            except Exception as e:  # noqa: BLE001 - decided below: transient -> retry, else raised as it was
                if not _retryable(e):
                    raise
                last = {a.id: f"{type(e).__name__}: {reason(e)}" for a in todo}
                retry = todo
            else:
                retry = []
                for action, item in zip(todo, response["items"], strict=True):
                    op, result = next(iter(item.items()))
                    status = int(result.get("status", 500))
                    if status < 300 or (op == "delete" and status == 404):
                        self.sent += 1
                        deadline = time.monotonic() + self.retry_seconds  # progress: the clock starts again
                        continue
                    error = result.get("error") or {}
                    why = f"{error.get('type', status)}: {error.get('reason', '')}".strip(": ")
                    last[action.id] = why
                    if status in (429, 502, 503, 504) or _types(error) & TRANSIENT_TYPES:
                        retry.append(action)
                    elif _types(error) & MAPPING_TYPES and "max_bytes_length_exceeded_exception" not in _types(error):
                        raise ClusterMappingError(
                            f"The index {self.target.name} refuses article {action.id} ({action.path}): {why}",
                            hint="Its mapping is not the one this version writes: rebuild the index "
                                 "(search index ... --backend opensearch --rebuild).")
                    else:
                        self.refused[action.id] = why
                        self.paths[action.id] = action.path
            if not retry:
                return
            self.retried += len(retry)
            if time.monotonic() > deadline:
                failed = {a.id: last.get(a.id, "?") for a in retry}
                raise ClusterBulkError(
                    f"{len(failed)} article(s) could not be written to {self.target.where} in "
                    f"{self.retry_seconds:.0f} s of retries: " + _listing(failed, {a.id: a.path for a in retry}),
                    failed, hint="What was written is kept: run the same command again to write the rest.")
            time.sleep(delay)
            delay = min(delay * 2, 15.0)
            todo = retry

    def raise_refused(self) -> None:
        """After a run: the articles the cluster refused for good (ClusterBulkError), if any."""
        if self.refused:
            raise ClusterBulkError(f"{len(self.refused)} article(s) were refused by {self.target.where}: "
                                   + _listing(self.refused, self.paths), dict(self.refused),
                                   hint="The others are indexed. Fix these articles and run again.")


def _types(error: Any) -> set[str]:
    found: set[str] = set()
    while isinstance(error, dict):
        if isinstance(error.get("type"), str):
            found.add(error["type"])
        error = error.get("caused_by")
    return found


def _retryable(e: Exception) -> bool:
    from opensearchpy import exceptions as x

    from .errors import ClusterUnreachableError

    if isinstance(e, ClusterUnreachableError | ClusterUnavailableError | x.ConnectionError):
        return True  # the node we wrote to died: the batch goes to another one (ids make it idempotent)
    return isinstance(e, x.TransportError) and transient(e)


def _listing(failed: dict[str, str], paths: dict[str, str], limit: int = 20) -> str:
    reasons = Counter(failed.values()).most_common(3)
    items = [f"{i} ({paths.get(i) or '?'})" for i in list(failed)[:limit]]
    more = f" and {len(failed) - limit} more" if len(failed) > limit else ""
    return ", ".join(items) + more + "; reason(s): " + "; ".join(f"{r} (x{n})" for r, n in reasons)
