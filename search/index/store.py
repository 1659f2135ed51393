"""The index folder on disk: create, open, check the format stamp, clean up after a crash.

Layout of an index folder::

    index/
      FORMAT.json          {"format": 4, "engine": "search 0.1.0", "whoosh": "2.7.5"}
      registry.toml        the user's officials registry given to `search index --registry` (optional)
      files.json           {path: "size:mtime_ns"} of every file read whole by the last complete run
      MAIN_*.toc, *.seg    Whoosh's own files (the TOC is replaced atomically on commit)
      *.tmp/               Whoosh's temporary folders; left behind only by a killed writer
      arrays-<gen>.npz     per-document arrays of the current generation (docarrays.py)
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from ..errors import IndexFormatError, IndexNotFoundError
from .schema import FORMAT_VERSION, build_schema

FORMAT_FILE = "FORMAT.json"
REGISTRY_FILE = "registry.toml"  # the user's officials registry, remembered by the index
FILES_FILE = "files.json"  # the files the last complete run read, with their size and mtime
INDEX_NAME = "MAIN"
# Whoosh's files (compound .seg, or separate terms, postings, columns...), our arrays (docarrays.py)
OWN_SUFFIXES = (".toc", ".seg", ".pst", ".trm", ".dci", ".dcz", ".fvz", ".lck", ".col", ".vps", ".vec", ".npz")


def _stamp() -> dict[str, Any]:
    from .. import __version__

    return {"format": FORMAT_VERSION, "engine": f"search {__version__}", "whoosh": "2.7.5"}


def exists(index_dir: Path) -> bool:
    return index_dir.is_dir() and whoosh_index.exists_in(str(index_dir), indexname=INDEX_NAME)


def check_format(index_dir: Path) -> None:
    """Raise IndexFormatError unless the folder holds an index of this format version."""
    stamp_path = index_dir / FORMAT_FILE
    rebuild = f"Rebuild it with: search index PATH... --index {index_dir} --rebuild"
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        found = stamp.get("format")
    except FileNotFoundError:
        raise IndexFormatError(f"{index_dir} holds a Whoosh index without a format stamp "
                               f"({FORMAT_FILE}): it was not written by this program or by an older version.",
                               hint=rebuild) from None
    except (ValueError, AttributeError):
        raise IndexFormatError(f"{stamp_path} is damaged.", hint=rebuild) from None
    if found != FORMAT_VERSION:
        raise IndexFormatError(f"The index in {index_dir} has format version {found} "
                               f"(written by {stamp.get('engine', 'an unknown version')}); "
                               f"this version reads format {FORMAT_VERSION}.", hint=rebuild)


def create(index_dir: Path) -> whoosh_index.Index:
    """A new, empty index (anything in the folder that belongs to an old index is removed)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    for entry in index_dir.iterdir():
        # Only our own files: the user may have pointed --index at a folder holding other things.
        if entry.name in (FORMAT_FILE, FILES_FILE) or entry.suffix in OWN_SUFFIXES or entry.name.startswith("_MAIN"):
            entry.unlink()
        elif entry.is_dir() and entry.suffix == ".tmp":
            shutil.rmtree(entry, ignore_errors=True)
    ix = whoosh_index.create_in(str(index_dir), build_schema(), indexname=INDEX_NAME)
    tmp = index_dir / (FORMAT_FILE + ".part")
    tmp.write_text(json.dumps(_stamp()) + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / FORMAT_FILE)
    return ix


def open_existing(index_dir: Path) -> whoosh_index.Index:
    if not exists(index_dir):
        raise IndexNotFoundError(f"No index in {index_dir}.",
                                 hint=f"Create one with: search index PATH... --index {index_dir}")
    check_format(index_dir)
    try:
        return whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME)
    except Exception as e:  # an unpicklable schema, a truncated TOC...: Whoosh raises anything
        raise IndexFormatError(f"Cannot open the index in {index_dir}: {type(e).__name__}: {e}",
                               hint=f"Rebuild it with: search index PATH... --index {index_dir} --rebuild") from e


def leftovers(index_dir: Path) -> list[Path]:
    """Temporary folders and files a killed writer left behind (Whoosh never reuses them)."""
    if not index_dir.is_dir():
        return []
    return sorted(p for p in index_dir.iterdir() if p.suffix == ".tmp" or p.name.endswith(".part"))


def remove_leftovers(index_dir: Path) -> list[str]:
    removed = []
    for p in leftovers(index_dir):
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        removed.append(p.name)
    return removed


def save_registry(index_dir: Path, user_file: Path) -> Path:
    """Keep a copy of the user's registry with the index: later runs and every query use it too."""
    index_dir.mkdir(parents=True, exist_ok=True)
    tmp = index_dir / (REGISTRY_FILE + ".part")
    tmp.write_bytes(user_file.read_bytes())
    os.replace(tmp, index_dir / REGISTRY_FILE)
    return index_dir / REGISTRY_FILE


def saved_registry(index_dir: Path) -> Path | None:
    path = index_dir / REGISTRY_FILE
    return path if path.is_file() else None


def read_files(index_dir: Path) -> dict[str, str]:
    """``{absolute path: "size:mtime_ns"}`` of the files the last complete run read; empty if unknown.

    A file whose size and mtime are unchanged is not read again. The table is written after the run's last
    commit: a run killed before it leaves the previous table, and the next run reads more files than it
    needs to, never fewer.
    """
    try:
        data = json.loads((index_dir / FILES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def write_files(index_dir: Path, files: dict[str, str]) -> None:
    tmp = index_dir / (FILES_FILE + ".part")
    tmp.write_text(json.dumps(dict(sorted(files.items())), ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / FILES_FILE)
