"""Where the cluster is, who we are, and each failure told apart (with its exit code), before any data."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from search.cli import cli
from search.cluster.client import Cluster, settings_from, transient
from search.cluster.errors import ClusterAuthError, ClusterError, ClusterUnreachableError
from search.cluster.indices import check_name
from search.cluster.searcher import open_cluster_index


def test_the_address_comes_from_the_option_or_the_environment() -> None:
    assert settings_from("http://a:9200", {}).urls == ("http://a:9200",)
    assert settings_from(None, {"SEARCH_OPENSEARCH_URL": "https://a:9200, https://b:9200/"}).urls == (
        "https://a:9200", "https://b:9200")
    with pytest.raises(ClusterError, match="No OpenSearch address"):
        settings_from(None, {})
    with pytest.raises(ClusterError, match="Not an OpenSearch address"):
        settings_from("localhost:9200", {})


def test_credentials_come_from_the_environment_only() -> None:
    with pytest.raises(ClusterError, match="Credentials in the OpenSearch address are refused"):
        settings_from("http://admin:secret@a:9200", {})
    s = settings_from("http://a:9200", {"SEARCH_OPENSEARCH_USER": "u", "SEARCH_OPENSEARCH_PASSWORD": "p"})
    assert (s.user, s.password) == ("u", "p")
    with pytest.raises(ClusterError, match="Only one of"):
        settings_from("http://a:9200", {"SEARCH_OPENSEARCH_USER": "u"})
    assert settings_from("http://a:9200", {"SEARCH_OPENSEARCH_API_KEY": "k"}).api_key == "k"


def test_an_index_name_must_be_one_opensearch_accepts() -> None:
    assert check_name("news-2024") == "news-2024"
    for bad in ("News", "a/b", "_x", ""):
        with pytest.raises(ClusterError, match="not a valid OpenSearch index name"):
            check_name(bad)


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


def test_an_unreachable_cluster_is_exit_code_3_with_the_address() -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    with pytest.raises(ClusterUnreachableError, match="Cannot reach OpenSearch at http://127.0.0.1") as e:
        open_cluster_index(url, "news")
    assert e.value.exit_code == 3
    result = CliRunner().invoke(cli, ["query", "x", "--opensearch", url, "--index", "news"])
    assert result.exit_code == 3 and "Cannot reach OpenSearch" in result.stderr and "Hint:" in result.stderr


class _Refusing(BaseHTTPRequestHandler):
    status = 401

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = json.dumps({"error": {"type": "security_exception", "reason": "no permissions",
                                     "root_cause": [{"type": "security_exception", "reason": "no permissions"}]},
                           "status": self.status}).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_POST = do_PUT = do_GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(params=[401, 403])
def refusing(request: pytest.FixtureRequest) -> Iterator[tuple[str, int]]:
    handler = type("Handler", (_Refusing,), {"status": request.param})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", request.param
    finally:
        server.shutdown()
        server.server_close()


def test_a_cluster_refusing_us_is_exit_code_4_and_says_where_credentials_go(refusing: tuple[str, int]) -> None:
    url, status = refusing
    with pytest.raises(ClusterAuthError) as e:
        open_cluster_index(url, "news")
    assert e.value.exit_code == 4 and f"({status})" in e.value.message
    result = CliRunner().invoke(cli, ["index", "seeds", "--opensearch", url, "--index", "news"])
    assert result.exit_code == 4
    assert "SEARCH_OPENSEARCH_USER" in result.stderr or "rights" in result.stderr


def test_momentary_failures_are_told_from_errors_of_ours() -> None:
    from opensearchpy.exceptions import RequestError, TransportError

    assert transient(TransportError(503, "unavailable", {}))
    assert transient(TransportError(500, "x", {"error": {"root_cause": [{"type": "node_not_connected_exception"}]}}))
    assert not transient(RequestError(400, "parsing_exception", {"error": {"type": "parsing_exception"}}))
    # A request over search.max_buckets is a 503 too, but fails again: it was retried for 90 s, then said "a node
    # or a shard is missing" (exit 5)
    assert not transient(TransportError(503, "search_phase_execution_exception", {"error": {
        "type": "search_phase_execution_exception", "root_cause": [],
        "caused_by": {"type": "too_many_buckets_exception", "reason": "Trying to create too many buckets."}}}))


def test_a_request_over_a_limit_of_the_cluster_says_which_in_the_servers_words() -> None:
    """Both limits are one error, with the server's reason: for too_many_buckets_exception the root causes are
    empty, and the reason is its caused_by's (it said the outer search_phase_execution_exception)."""
    from opensearchpy.exceptions import TransportError

    from search.cluster.client import reason
    from search.cluster.indices import IndexTarget
    from search.errors import QueryError

    buckets = TransportError(503, "search_phase_execution_exception", {"error": {
        "type": "search_phase_execution_exception", "reason": "all shards failed", "root_cause": [],
        "caused_by": {"type": "too_many_buckets_exception", "reason": "Trying to create too many buckets."}}})
    clauses = TransportError(500, "search_phase_execution_exception", {"error": {
        "root_cause": [{"type": "too_many_nested_clauses", "reason": "Query contains too many nested clauses"}],
        "type": "search_phase_execution_exception"}})
    assert reason(buckets) == "too_many_buckets_exception: Trying to create too many buckets."

    class Refusing:
        where = "http://a:9200"
        error = buckets

        def call(self, *args: object, **kwargs: object) -> None:
            raise self.error

    cluster = Refusing()
    target = IndexTarget(cluster, "news")  # type: ignore[arg-type]
    for error, limit in ((buckets, "buckets a request"), (clauses, "clauses a query")):
        cluster.error = error
        with pytest.raises(QueryError) as e:
            target.search("search", {})
        assert e.value.message == (f"the query is too long for OpenSearch at http://a:9200: it needs more than the "
                                   f"cluster's limit of {limit} ({reason(error)})")
        assert e.value.hint is not None and "fewer words" in e.value.hint


def test_credentials_are_sent_as_basic_authentication_or_an_api_key() -> None:
    c = Cluster(settings_from("http://a:9200", {"SEARCH_OPENSEARCH_API_KEY": "k"}))
    assert c.client.transport.kwargs["headers"]["Authorization"] == "ApiKey k"


class _Slow(_Refusing):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith("/news/_search"):
            time.sleep(1.5)
        body = json.dumps({"version": {"number": "2.19.6", "distribution": "opensearch"}}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting: what the test wants
            pass

    do_HEAD = do_POST = do_PUT = do_GET  # noqa: N815


def test_a_query_slower_than_the_timeout_says_so_without_asking_again_and_again() -> None:
    """A query that takes longer than SEARCH_OPENSEARCH_TIMEOUT (a pasted paragraph on a busy cluster) was asked
    12 times (12 minutes at the default 60 s), then said 'Cannot reach OpenSearch ... timed out. Is the cluster
    running?' (exit 3)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        cluster = Cluster(settings_from(url, {"SEARCH_OPENSEARCH_TIMEOUT": "0.3"}))
        started = time.monotonic()
        with pytest.raises(ClusterUnreachableError, match=r"did not answer within 0.3 s \(search news\)") as e:
            cluster.call("search news", "search", index="news", body={"query": {"match_all": {}}})
        assert time.monotonic() - started < 3  # opensearch-py's own attempts only (3 x 0.3 s), not 12
        assert e.value.hint is not None and "SEARCH_OPENSEARCH_TIMEOUT" in e.value.hint
        assert e.value.exit_code == 3
    finally:
        server.shutdown()
        server.server_close()
