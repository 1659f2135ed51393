"""Child processes that die with their parent: a killed run leaves no process behind (index workers, the
export's search-data writer)."""

from __future__ import annotations

import os


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (``PR_SET_PDEATHSIG``); exit at once if the parent
    ``parent`` already died before the request."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: workers still end when their pipe to the parent closes
    if os.getppid() != parent:
        os._exit(1)
