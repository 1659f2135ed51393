"""Durability: what a commit or a publish makes visible is on disk first, so that a power cut (or a kernel
crash) after `search index` said it was done cannot leave a published index whose files are not.

The rule is the one SQLite, LMDB and git follow: write the data, ``fsync`` it, then switch the pointer to it
(a rename), and ``fsync`` the folder holding the pointer so that the switch itself survives. Here:

- a Whoosh commit (``DurableStorage``): the files it names (each segment's, the format stamp, the new table
  of contents) are synced before the table of contents is renamed into place, and the folder after it, before
  Whoosh deletes the files of the segments it merged away (else a power cut could bring back the old table of
  contents with its files gone);
- the checksums manifest (``integrity.record``), the user's registry copy and ``CURRENT`` (``store.publish``):
  the new file synced before its rename, the folder after.

Only the files written since the last commit are synced (the segments already synced are not synced again):
a 2,653-article build pays for what it wrote once. ``files.json`` (a cache: a lost or stale one makes the next
run read more files, never fewer) and the per-document arrays (derived and checked when read, computed again
when damaged) are not synced.
"""

from __future__ import annotations

import os
from pathlib import Path

from whoosh.filedb.filestore import FileStorage


def sync_file(path: str | Path) -> None:
    """Flush a file's data and size to the disk (a file opened to read is enough on Linux and macOS)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(path: str | Path) -> None:
    """Flush a folder's entries (files created, renamed, removed in it) to the disk."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # a system that cannot open folders (Windows): its renames are durable on their own
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems refuse fsync on a folder (EINVAL): nothing more can be done
        pass
    finally:
        os.close(fd)


def replace(tmp: Path, path: Path) -> None:
    """``os.replace(tmp, path)``, durable: ``tmp``'s data on disk before the rename, the rename after."""
    sync_file(tmp)
    os.replace(tmp, path)
    sync_folder(path.parent)


DERIVED = "arrays-"  # the per-document arrays (docarrays.py): derived, checked when read, not synced


class DurableStorage(FileStorage):  # type: ignore[misc]
    """Whoosh's file storage whose commits are durable: a table of contents (``*.toc``, Whoosh's commit
    point, written as a temporary file then renamed) is renamed into place only once every file of the folder
    written since the last commit is on disk, and the folder is synced after the rename."""

    LOCKS = ("_WRITELOCK", ".lock")

    def __init__(self, path: str, *args: object, **kwargs: object) -> None:
        super().__init__(path, *args, **kwargs)
        self._synced: set[tuple[str, int, int]] = set()  # (name, size, mtime_ns) of the files already synced

    def rename_file(self, oldname: str, newname: str, safe: bool = False) -> None:
        commit = newname.endswith(".toc")
        if commit:
            self.sync_written()
        super().rename_file(oldname, newname, safe)
        if commit:
            sync_folder(self.folder)

    def sync_written(self) -> None:
        """Sync every file of the folder not synced yet (Whoosh never changes a file once written)."""
        with os.scandir(self.folder) as entries:
            for entry in entries:
                if not entry.is_file(follow_symlinks=False) or entry.name.endswith(self.LOCKS) \
                        or entry.name.startswith(DERIVED):
                    continue
                st = entry.stat(follow_symlinks=False)
                key = (entry.name, st.st_size, st.st_mtime_ns)
                if key not in self._synced:
                    try:
                        sync_file(entry.path)
                    except FileNotFoundError:  # removed meanwhile (a temporary file): nothing to keep
                        continue
                    self._synced.add(key)
