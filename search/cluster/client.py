"""The connection to a cluster: where it is, who we are, and every request with its failures told apart.

    cluster = Cluster(settings_from("http://127.0.0.1:9200"))      # or SEARCH_OPENSEARCH_URL
    cluster.call("search news", "search", index="news", body={...})

Settings come from the command line (``--opensearch URL``, several separated by commas: the client then
fails over between them) and the environment, credentials from the environment only, so that they never
show in a process list or a shell history::

    SEARCH_OPENSEARCH_URL        http://127.0.0.1:9200 (or https://a:9200,https://b:9200)
    SEARCH_OPENSEARCH_USER       with SEARCH_OPENSEARCH_PASSWORD: basic authentication
    SEARCH_OPENSEARCH_API_KEY    sent as "Authorization: ApiKey <key>" instead
    SEARCH_OPENSEARCH_CA_CERTS   a CA bundle to check an https cluster's certificate
    SEARCH_OPENSEARCH_TIMEOUT    seconds per request (default 60)

Failures (``errors.py``): no answer -> ClusterUnreachableError; 401/403 -> ClusterAuthError; a shard or node
that is momentarily missing (a node just died, a replica is being promoted, the cluster is rejecting work)
is retried with exponential backoff for up to ``RETRY_SECONDS``, then ClusterUnavailableError with the
cluster's health. A malformed request is a bug of ours and is raised as it is.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .errors import ClusterAuthError, ClusterError, ClusterUnavailableError, ClusterUnreachableError

ENV_URL = "SEARCH_OPENSEARCH_URL"
RETRY_SECONDS = 90.0  # how long a momentarily missing shard or node is waited for
HEALTH_WAIT = 30.0  # how long indexing waits for a red cluster to turn yellow before giving up
MIN_VERSION = (2, 13)
CONNECT_RETRIES = 3  # whole-request retries when no node answered (each after the client tried every address)
TRANSIENT_TYPES = {
    "no_shard_available_action_exception", "node_not_connected_exception", "node_disconnected_exception",
    "unavailable_shards_exception", "cluster_block_exception", "process_cluster_event_timeout_exception",
    "rejected_execution_exception", "es_rejected_execution_exception", "opensearch_rejected_execution_exception",
    "circuit_breaking_exception", "not_master_exception", "not_cluster_manager_exception",
    "receive_timeout_transport_exception", "connect_transport_exception", "send_request_transport_exception",
    "node_closed_exception", "shard_not_found_exception", "primary_missing_action_exception",
    "timeout_exception", "index_shard_closed_exception", "illegal_index_shard_state_exception",
}

# A request over one of the cluster's limits: the same request fails again (never retried: OpenSearch answers
# search.max_buckets with a 503 too), an error of ours told with the limit it is over. Error type -> the limit:
# indices.query.bool.max_clause_count (1,024 by default, a setting of each node), search.max_buckets (65,535).
LIMITS = {"too_many_clauses": "clauses a query", "too_many_nested_clauses": "clauses a query",
          "too_many_buckets_exception": "buckets a request"}
LIMIT_TYPES = set(LIMITS)
LIMIT_HINT = "Use fewer words (a long question: its most telling ones), or the local index."


@dataclass(frozen=True, slots=True)
class Settings:
    urls: tuple[str, ...]
    user: str | None = None
    password: str | None = None
    api_key: str | None = None
    ca_certs: str | None = None
    timeout: float = 60.0

    @property
    def where(self) -> str:
        return ",".join(self.urls)


def settings_from(url: str | None, env: Mapping[str, str] | None = None) -> Settings:
    """``url`` (``--opensearch``) or ``SEARCH_OPENSEARCH_URL``, and credentials from the environment."""
    env = os.environ if env is None else env
    raw = url or env.get(ENV_URL, "")
    urls = [u.strip().rstrip("/") for u in raw.split(",") if u.strip()]
    if not urls:
        raise ClusterError("No OpenSearch address given.",
                           hint=f"Pass --opensearch http://HOST:9200 or set {ENV_URL}.")
    for u in urls:
        parts = urlsplit(u)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ClusterError(f"Not an OpenSearch address: {u!r}.",
                               hint="Write it as http://HOST:PORT or https://HOST:PORT (several: separated by commas).")
        if parts.username or parts.password:
            raise ClusterError("Credentials in the OpenSearch address are refused (they would show in process "
                               "lists and shell histories).",
                               hint="Set SEARCH_OPENSEARCH_USER and SEARCH_OPENSEARCH_PASSWORD, or "
                                    "SEARCH_OPENSEARCH_API_KEY, in the environment.")
    try:
        timeout = float(env.get("SEARCH_OPENSEARCH_TIMEOUT", "60"))
    except ValueError:
        raise ClusterError("SEARCH_OPENSEARCH_TIMEOUT must be a number of seconds.") from None
    user, password = env.get("SEARCH_OPENSEARCH_USER") or None, env.get("SEARCH_OPENSEARCH_PASSWORD") or None
    if bool(user) != bool(password):
        raise ClusterError("Only one of SEARCH_OPENSEARCH_USER and SEARCH_OPENSEARCH_PASSWORD is set.",
                           hint="Set both (basic authentication), or SEARCH_OPENSEARCH_API_KEY.")
    return Settings(tuple(urls), user, password, env.get("SEARCH_OPENSEARCH_API_KEY") or None,
                    env.get("SEARCH_OPENSEARCH_CA_CERTS") or None, timeout)


def _client(settings: Settings) -> Any:
    try:
        from opensearchpy import OpenSearch
    except ImportError:
        raise ClusterError("The OpenSearch backend needs the opensearch-py package.",
                           hint="pip install 'search[opensearch]'") from None
    options: dict[str, Any] = {
        "hosts": list(settings.urls), "timeout": settings.timeout, "max_retries": 2, "retry_on_timeout": True,
        "http_compress": False,
    }
    if settings.user and settings.password:
        options["http_auth"] = (settings.user, settings.password)
    if settings.api_key:
        options["headers"] = {"Authorization": f"ApiKey {settings.api_key}"}
    if any(u.startswith("https:") for u in settings.urls):
        options["verify_certs"] = True
        if settings.ca_certs:
            options["ca_certs"] = settings.ca_certs
    return OpenSearch(**options)


def error_types(info: Any) -> set[str]:
    """Every error ``type`` in an OpenSearch error body (root causes, shard failures, caused_by chains)."""
    found: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            t = x.get("type")
            if isinstance(t, str):
                found.add(t)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(info)
    return found


def reason(e: Any) -> str:
    """The server's own words for a TransportError (its root cause's reason, or, where the root causes are
    empty as for too_many_buckets_exception, its caused_by's), short."""
    info = getattr(e, "info", None)
    if isinstance(info, dict):
        err = info.get("error")
        if isinstance(err, dict):
            cause = err.get("caused_by")
            causes = err.get("root_cause") or [cause if isinstance(cause, dict) else err]
            first = causes[0] if causes else err
            if isinstance(first, dict):
                return f"{first.get('type', '')}: {first.get('reason', '')}".strip(": ")
        if isinstance(err, str):
            return err
    return str(getattr(e, "error", "") or e)


def transient(e: Any) -> bool:
    """A failure that retrying later can cure: a node or shard momentarily missing, work rejected (not a
    request over one of the cluster's limits, which OpenSearch answers with a 503 too: search.max_buckets)."""
    if error_types(getattr(e, "info", None)) & LIMIT_TYPES:
        return False
    status = getattr(e, "status_code", None)
    if status in (429, 502, 503, 504):
        return True
    return bool(error_types(getattr(e, "info", None)) & TRANSIENT_TYPES)


class Cluster:
    """One cluster, through opensearch-py; every request goes through ``call``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = _client(settings)
        self.retries = 0  # requests retried after a transient failure (reported by the fault test)
        self.version: str | None = None

    @property
    def where(self) -> str:
        return self.settings.where

    def call(self, what: str, method: str, *, retry_seconds: float = RETRY_SECONDS, **kwargs: Any) -> Any:
        """``client.<method>(**kwargs)`` (``indices.create`` for namespaced ones) with failures told apart;
        ``what`` names the request in messages ("search news")."""
        from opensearchpy import exceptions as x

        target: Any = self.client
        for part in method.split("."):
            target = getattr(target, part)
        deadline = time.monotonic() + retry_seconds
        delay = 0.25
        unreachable = 0
        while True:
            try:
                return target(**kwargs)
            except x.ConnectionError as e:  # ConnectionTimeout and SSLError are ConnectionErrors
                unreachable += 1
                if isinstance(e, x.ConnectionTimeout) and (method == "search" or unreachable > CONNECT_RETRIES):
                    # A node took the request and did not answer in time (opensearch-py asked the others too): a
                    # query that slow is as slow again (it was asked 12 times, 12 minutes, then "Cannot reach
                    # OpenSearch ... timed out. Is the cluster running?")
                    raise ClusterUnreachableError(
                        f"OpenSearch at {self.where} did not answer within {self.settings.timeout:g} s ({what}).",
                        hint="A query over many articles, or a busy cluster, can take longer: "
                             "SEARCH_OPENSEARCH_TIMEOUT sets the seconds to wait for each request.") from None
                if isinstance(e, x.SSLError) or unreachable > CONNECT_RETRIES or time.monotonic() > deadline:
                    raise ClusterUnreachableError(
                        f"Cannot reach OpenSearch at {self.where} ({what}): {_connection_reason(e)}",
                        hint=f"Is the cluster running, and is the address right (--opensearch or {ENV_URL})?"
                             + (" For https, SEARCH_OPENSEARCH_CA_CERTS names the CA bundle."
                                if isinstance(e, x.SSLError) else "")) from None
            except x.AuthenticationException:
                raise ClusterAuthError(f"OpenSearch at {self.where} refused our credentials (401) ({what}).",
                                       hint="Set SEARCH_OPENSEARCH_USER and SEARCH_OPENSEARCH_PASSWORD, or "
                                            "SEARCH_OPENSEARCH_API_KEY, in the environment.") from None
            except x.AuthorizationException as e:
                if transient(e) and time.monotonic() <= deadline:  # 403 for a cluster block (read-only index...)
                    self.retries += 1
                    time.sleep(delay)
                    delay = min(delay * 2, 8.0)
                    continue
                if transient(e):
                    raise ClusterUnavailableError(
                        f"OpenSearch at {self.where} refuses to {what}: {reason(e)}",
                        hint="The index or the cluster is blocked (read-only, full disk...): GET _cluster/settings, "
                             "GET INDEX/_settings.") from None
                raise ClusterAuthError(f"OpenSearch at {self.where} does not allow this user to {what} (403): "
                                       f"{reason(e)}",
                                       hint="Ask the cluster's administrator for read (queries) or write "
                                            "(indexing) rights on the index.") from None
            except x.TransportError as e:
                if not transient(e):
                    raise
                if time.monotonic() > deadline:
                    raise ClusterUnavailableError(
                        f"OpenSearch at {self.where} could not {what} for {retry_seconds:.0f} s: {reason(e)} "
                        f"(cluster health: {self.health_text()})",
                        hint="A node or a shard is missing: check the cluster (GET _cluster/health?level=indices)."
                    ) from None
            self.retries += 1
            time.sleep(delay)
            delay = min(delay * 2, 8.0)

    def require_version(self) -> str:
        """The cluster's version, if this backend can use it: OpenSearch 2.13 or later (a named query's score
        per hit, ``include_named_queries_score``, came in 2.13)."""
        if self.version is None:
            info = self.call("read its version", "info")
            version = info.get("version", {})
            number = str(version.get("number", "0"))
            if version.get("distribution") != "opensearch":
                raise ClusterError(f"{self.where} is not OpenSearch ({version.get('distribution') or 'Elasticsearch'} "
                                   f"{number}).", hint="The backend is written and tested for OpenSearch 2.13+.")
            parts = tuple(int(x) for x in re.findall(r"\d+", number)[:2])
            if parts < MIN_VERSION:
                raise ClusterError(f"OpenSearch {number} at {self.where} is too old for this backend.",
                                   hint="It needs OpenSearch 2.13 or later (include_named_queries_score).")
            self.version = number
        return self.version

    def health_text(self) -> str:
        try:
            h = self.client.cluster.health(params={"timeout": "2s"}, request_timeout=10)
        except Exception as e:  # noqa: BLE001 - a diagnosis for a message, never raised
            return f"unknown ({type(e).__name__})"
        return (f"{h.get('status')}, {h.get('number_of_nodes')} node(s), {h.get('unassigned_shards')} unassigned "
                f"shard(s)")

    def require_usable(self, index: str | None = None, wait: float | None = None) -> None:
        """Wait (at most ``wait`` seconds, default ``HEALTH_WAIT``) for the cluster (or the index) to be at
        least yellow: every primary shard assigned. A red cluster cannot take every article."""
        wait = HEALTH_WAIT if wait is None else wait
        kwargs: dict[str, Any] = {"params": {"wait_for_status": "yellow", "timeout": f"{int(wait)}s"},
                                  "request_timeout": wait + 30}
        if index is not None:
            kwargs["index"] = index
        from opensearchpy.exceptions import TransportError

        try:
            health = self.call(f"read the health of {index or 'the cluster'}", "cluster.health", **kwargs)
        except TransportError as e:  # 408: not yellow within the wait; the body is the health all the same
            if e.status_code != 408 or not isinstance(e.info, dict):
                raise
            health = e.info
        if health.get("status") == "red" or health.get("timed_out"):
            raise ClusterUnavailableError(
                f"OpenSearch at {self.where} is {health.get('status')}"
                + (f" for index {index}" if index else "")
                + f": {health.get('unassigned_shards', '?')} shard(s) unassigned, "
                  f"{health.get('number_of_nodes', '?')} node(s).",
                hint="Every primary shard must be assigned: bring the missing nodes back, or check "
                     "GET _cluster/allocation/explain.")


def _connection_reason(e: Any) -> str:
    info = getattr(e, "info", None)
    text = str(info or getattr(e, "error", "") or e)
    for marker in ("Connection refused", "Name or service not known", "timed out", "certificate verify failed",
                   "No route to host", "Temporary failure in name resolution"):
        if marker in text:
            return marker.lower()
    return text[:200]
