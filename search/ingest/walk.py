"""Paths -> the article files under them (recursively, symlinks followed, loops cut), with stat keys.

    walk([Path("seeds")], skipped) -> (Path("seeds/000_64ee10f01e38a171.txt"), "4211:1733058000000000000"), ...

What cannot be walked (a missing path, an unsupported file type, an unreadable folder, a broken link, a
symlink loop) is appended to ``skipped`` with the reason, and the walk goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import Skipped
from .parse import SUPPORTED_TEXT, supported


def stat_key(st: os.stat_result) -> str:
    """"size:mtime_ns": a file with the same key is taken as unchanged without being read."""
    return f"{st.st_size}:{st.st_mtime_ns}"


def walk(paths: Iterable[Path], skipped: list[Skipped]) -> Iterator[tuple[Path, str]]:
    """Article files under ``paths`` with their stat keys."""
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        if not root.exists():
            skipped.append(Skipped(str(root), "no such file or folder"))
            continue
        if root.is_file():
            candidates: Iterable[Path] = [root]
        else:
            candidates = _walk_dir(root, seen_dirs, skipped)
        for path in candidates:
            if supported(path) is None:
                skipped.append(Skipped(str(path), f"unsupported file type {path.suffix or '(no extension)'!r}; "
                                                  f"expected {SUPPORTED_TEXT}"))
                continue
            try:
                st = path.stat()
            except OSError as e:
                skipped.append(Skipped(str(path), f"cannot read: {e.strerror or e}"))
                continue
            yield path, stat_key(st)


def _walk_dir(root: Path, seen: set[tuple[int, int]], skipped: list[Skipped]) -> Iterator[Path]:
    def onerror(e: OSError) -> None:
        skipped.append(Skipped(str(e.filename), f"cannot list folder: {e.strerror or e}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop, or the same folder reached twice
            skipped.append(Skipped(dirpath, "folder already visited (symlink loop?); not walked again"))
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if p.is_symlink() and not p.exists():
                skipped.append(Skipped(str(p), "broken symlink"))
                continue
            yield p
