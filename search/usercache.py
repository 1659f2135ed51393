"""Files the engine keeps in the user's cache folder (``$XDG_CACHE_HOME/search``, else ``~/.cache/search``):
tables worked out from a library's data, once per version of that data, instead of in every process (the
language model's restricted tables, ``ingest/langid.py``; the traditional-to-simplified Chinese table,
``lang/han.py``). Each file's name carries what it was made from; a cache that cannot be read, is damaged or
cannot be written is no error: the table is worked out again."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def cache_file(name: str) -> Path | None:
    """The path of the cached file ``name``; None where the cache folder cannot be told (no home folder)."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (RuntimeError, OSError):
        return None
    return base / "search" / name


def write_whole(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all, whatever other processes do (a temporary file renamed
    over it); an error is ignored: the cache is only a shortcut."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
