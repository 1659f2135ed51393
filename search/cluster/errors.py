"""What can go wrong with a cluster, each with its own exit code (README: "Exit codes").

    3  ClusterUnreachableError   no answer at the address (refused, timed out, DNS, TLS)
    4  ClusterAuthError          the cluster refused our credentials (401) or their rights (403)
    5  ClusterUnavailableError   the cluster answers but cannot serve the index (red, shards unassigned)
    6  ClusterBulkError          some articles could not be written, even after retries (listed)
    7  ClusterMappingError       the index exists with a mapping this version did not write (or rejects a field)
"""

from __future__ import annotations

from ..errors import SearchError


class ClusterError(SearchError):
    """Root of the cluster backend's errors."""


class ClusterUnreachableError(ClusterError):
    exit_code = 3


class ClusterAuthError(ClusterError):
    exit_code = 4


class ClusterUnavailableError(ClusterError):
    exit_code = 5


class ClusterBulkError(ClusterError):
    exit_code = 6

    def __init__(self, message: str, failed: dict[str, str], hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.failed = failed  # article id -> the server's last reason


class ClusterMappingError(ClusterError):
    exit_code = 7
