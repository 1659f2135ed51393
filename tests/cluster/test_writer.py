"""Bulk writing: what is retried, what is reported, what stops the run (a scripted cluster, no server)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from search.cluster import writer as w
from search.cluster.errors import ClusterBulkError, ClusterMappingError


class _Script:
    """Answers each _bulk with the next scripted per-item outcome (``ok``, a status, or an exception)."""

    def __init__(self, *rounds: Any) -> None:
        self.rounds = list(rounds)
        self.bodies: list[list[str]] = []
        self.lines: list[list[str]] = []
        self.where = "http://scripted:9200"

    def call(self, what: str, method: str, **kwargs: Any) -> Any:
        assert method == "bulk"
        lines = kwargs["body"].splitlines()
        self.lines.append(lines)
        ids = [next(iter(json.loads(line).values()))["_id"] for line in lines if '"_id"' in line]
        self.bodies.append(ids)
        refuse_long_ids(ids)
        outcome = self.rounds.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        items = []
        for i in ids:
            o = outcome.get(i, "ok") if isinstance(outcome, dict) else outcome
            if o == "ok":
                items.append({"index": {"_id": i, "status": 201}})
            else:
                status, kind = o
                items.append({"index": {"_id": i, "status": status, "error": {"type": kind, "reason": f"{kind}!"}}})
        return {"errors": any(x["index"]["status"] >= 300 for x in items), "items": items}


def refuse_long_ids(ids: list[str]) -> None:
    """As OpenSearch validates a request: an _id over 512 bytes (UTF-8) fails the whole request with a 400
    (BulkRequest.validate: "id [...] is too long, must be no longer than 512 bytes but was: 600")."""
    from opensearchpy.exceptions import RequestError

    for i in ids:
        if len(i.encode("utf-8")) > 512:
            raise RequestError(400, "action_request_validation_exception",
                               f"Validation Failed: 1: id [{i}] is too long, must be no longer than 512 bytes "
                               f"but was: {len(i.encode('utf-8'))};")


class _Target:
    def __init__(self, cluster: _Script) -> None:
        self.cluster = cluster
        self.name = "news"
        self.where = "http://scripted:9200/news"


def _writer(script: _Script, retry_seconds: float = 60.0) -> w.ClusterWriter:
    return w.ClusterWriter(_Target(script), batch_docs=100, retry_seconds=retry_seconds)  # type: ignore[arg-type]


def _queue(writer: w.ClusterWriter, ids: list[str]) -> None:
    for i in ids:
        head = json.dumps({"index": {"_id": i}})
        writer._queue(w._Action(i, f"/corpus/{i}.txt", head + "\n" + json.dumps({"id": i}) + "\n"))


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(w.time, "sleep", lambda s: None)


def test_items_that_fail_for_a_moment_are_sent_again_until_each_is_written() -> None:
    script = _Script({"b": (429, "es_rejected_execution_exception"), "d": (503, "unavailable_shards_exception")},
                     "ok")
    writer = _writer(script)
    _queue(writer, ["a", "b", "c", "d"])
    writer.flush()
    assert script.bodies == [["a", "b", "c", "d"], ["b", "d"]]
    assert (writer.sent, writer.retried, writer.refused) == (4, 2, {})


def test_a_lost_connection_sends_the_whole_batch_again() -> None:
    from opensearchpy.exceptions import ConnectionError as Lost

    script = _Script(Lost("N/A", "connection reset", Exception()), "ok")
    writer = _writer(script)
    _queue(writer, ["a", "b"])
    writer.flush()
    assert script.bodies == [["a", "b"], ["a", "b"]] and writer.sent == 2


def test_an_item_refused_for_good_is_reported_with_its_path_after_the_rest_is_written() -> None:
    script = _Script({"b": (409, "version_conflict_engine_exception")})
    writer = _writer(script)
    _queue(writer, ["a", "b", "c"])
    writer.flush()
    assert writer.sent == 2
    with pytest.raises(ClusterBulkError) as e:
        writer.raise_refused()
    assert e.value.exit_code == 6 and e.value.failed == {"b": "version_conflict_engine_exception: "
                                                               "version_conflict_engine_exception!"}
    assert "b (/corpus/b.txt)" in e.value.message


def test_a_mapping_that_refuses_our_documents_stops_the_run() -> None:
    script = _Script({"a": (400, "mapper_parsing_exception")})
    writer = _writer(script)
    _queue(writer, ["a"])
    with pytest.raises(ClusterMappingError, match="refuses article a") as e:
        writer.flush()
    assert e.value.exit_code == 7


def test_items_still_failing_when_the_retries_run_out_are_listed() -> None:
    script = _Script(*[{"b": (429, "es_rejected_execution_exception")}] * 50)
    writer = _writer(script, retry_seconds=0.0)
    _queue(writer, ["a", "b"])
    with pytest.raises(ClusterBulkError, match=r"1 article\(s\) could not be written") as e:
        writer.flush()
    assert list(e.value.failed) == ["b"] and writer.sent == 1


def test_a_batch_goes_out_when_full() -> None:
    script = _Script("ok", "ok")
    writer = _writer(script)
    _queue(writer, [str(i) for i in range(150)])
    writer._join()  # the full batch went to the sender thread
    assert [len(b) for b in script.bodies] == [100]
    writer.flush()
    assert [len(b) for b in script.bodies] == [100, 50]


def test_an_article_flagged_as_dated_in_the_future_gets_a_key_no_run_gives_once_its_date_has_come(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # As the local index does (tests/index/test_build.py): enriched again, so no longer flagged nor left out
    # of "newest first". Undated and newest-dated articles keep their keys.
    import datetime

    from search.ingest import dates

    hits = [{"sort": [i], "fields": {"path": [f"/c/{i}.txt"], "fingerprint": ["|h.v"], **extra}}
            for i, extra in (("issue", {"date": ["2030-03-01"]}), ("real", {"date": ["2024-11-06"],
                             "newest": ["2024-11-06"]}), ("undated", {}))]

    class Scanned(_Target):
        def scan(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
            return hits

    writer = w.ClusterWriter(Scanned(_Script()))  # type: ignore[arg-type]
    assert {i: d.key for i, d in writer.indexed().items()} == {"issue": "h.v", "real": "h.v", "undated": "h.v"}
    is_future = dates.is_future
    later = datetime.datetime(2030, 3, 8, tzinfo=datetime.UTC)
    monkeypatch.setattr(dates, "is_future", lambda date, now=None: is_future(date, now or later))
    assert {i: d.key for i, d in writer.indexed().items()} == {"issue": "h.v.date-come", "real": "h.v",
                                                               "undated": "h.v"}


# A path id of five folders with Vietnamese names (README "Ids": files of the same name), over 600 bytes.
LONG = "news/" + "/".join(["thời-sự-việt-nam-hôm-nay-" * 5 + c for c in "abcde"]) + "/index.txt"


def long_article(tmp_path: Any) -> Any:
    from search.ingest import enrich, parse_file

    from ..conftest import ARTICLES, write_articles

    folder = write_articles(tmp_path, {"vi1.txt": ARTICLES["vi1.txt"]})
    (doc,) = parse_file(folder / "vi1.txt")
    assert not isinstance(doc, Exception)
    return enrich(doc.with_(id=LONG, path=str(folder / "vi1.txt")))


def test_an_article_whose_id_is_over_opensearchs_512_bytes_is_written_and_deleted_under_a_digest_of_it(
        tmp_path: Any) -> None:
    """Found by review: a path id of five or six folders with Vietnamese names passes OpenSearch's limit of 512
    bytes for an _id; the whole _bulk request was refused (400), stopping the run with up to 500 articles unsent,
    while the local index held them all. Now the _id is a fixed-length digest, the article's own id in ``id``."""
    from search.index.prepare import Options, prepare

    assert len(LONG.encode("utf-8")) > 600
    prepared = prepare([long_article(tmp_path)], Options(None, None))
    script = _Script("ok", "ok")
    writer = _writer(script)
    writer.add_prepared(prepared, [0], [b"|key"], [False])
    writer.flush()
    writer.delete(LONG)  # an incremental run removing it (its file gone) asks for the same _id
    writer.flush()
    assert writer.sent == 2 and writer.refused == {}
    from search.cluster.documents import key

    (written,), (deleted,) = script.bodies
    assert written == deleted == key(LONG) and len(written.encode("utf-8")) <= 512
    assert json.loads(script.lines[0][1])["id"] == LONG  # what queries, listings and answers read
    assert json.loads(script.lines[0][1])["stored"]["id"] == LONG


def test_an_immense_term_refuses_that_article_only_not_the_mapping() -> None:
    """Lucene refuses a keyword over 32,766 bytes with illegal_argument_exception (caused by
    max_bytes_length_exceeded_exception): taken for a mapping conflict, the run stopped with "rebuild the index"."""
    script = _Script({"b": (400, "illegal_argument_exception")})
    immense = {"type": "illegal_argument_exception", "reason": "Document contains at least one immense term",
               "caused_by": {"type": "max_bytes_length_exceeded_exception", "reason": "bytes can be at most 32766"}}
    call = script.call

    def answer(what: str, method: str, **kwargs: Any) -> Any:
        out = call(what, method, **kwargs)
        for item in out["items"]:
            if item["index"]["status"] == 400:
                item["index"]["error"] = immense
        return out

    script.call = answer  # type: ignore[method-assign]
    writer = _writer(script)
    _queue(writer, ["a", "b", "c"])
    writer.flush()
    assert writer.sent == 2 and list(writer.refused) == ["b"]


def test_an_article_with_a_keyword_over_lucenes_longest_term_is_skipped_and_reported_not_sent(
        tmp_path: Any) -> None:
    """An id, a URL or a source over 32,766 bytes (a record pasted into the wrong column): the cluster refused
    the document and the run stopped; now it is reported as skipped, with why and what to do, and not sent."""
    script = _Script("ok", "ok")
    folder = tmp_path / "c"
    folder.mkdir()
    long = "ư" * 16_400  # 32,800 bytes
    records = [{"id": "ok", "text": "Hun Manet met Bui Thanh Son."},
               {"id": long, "text": "Hun Manet met Pham Minh Chinh."},
               {"id": "url", "url": "https://example.com/" + long, "text": "Hun Manet met To Lam."},
               {"id": "src", "source": long, "text": "Hun Manet met Luong Cuong."}]
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                                       encoding="utf-8")

    class Target(_Target):
        def refresh(self) -> None:
            pass

        def search(self, what: str, body: Any) -> Any:
            return {"aggregations": {"lang": {"buckets": [{"key": "en", "doc_count": 1}]}},
                    "hits": {"total": {"value": 1}}}

    from search.index.build import IndexingRun
    from search.index.prepare import Options
    from search.ingest.fields import FieldMap
    from search.records import IndexReport

    writer = w.ClusterWriter(Target(script), batch_docs=100)  # type: ignore[arg-type]  # as cluster/build.py runs
    writer.indexed = lambda: {}  # type: ignore[method-assign]
    report = IndexReport(index_dir="news")
    run = IndexingRun(writer, report, Options(None, None), "v", FieldMap(), {})  # type: ignore[arg-type]
    run.run([folder], 1, None)
    assert run.files_seen == {}  # the file is read again next time, and its refused articles said again
    assert report.added == 1 and [s.line for s in report.skipped] == [2, 3, 4]
    assert [s.reason.split(" is ")[0] for s in report.skipped] == ["its id", "its url", "its source"]
    assert "over the 32,766 an OpenSearch keyword holds (Lucene's longest term)" in report.skipped[0].reason
    assert script.bodies == [["ok"]]
