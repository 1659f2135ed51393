"""Paths -> the article files under them (recursively, symlinks followed, loops cut), with stat keys.

    walk([Path("seeds")], skipped) -> (Path("seeds/000_64ee10f01e38a171.txt"),
                                       "4211:1733058000000000000:1733058000000000000:1207"), ...

What cannot be walked (a missing path, an unsupported file type, an unreadable folder, a broken link, a
symlink loop) is appended to ``skipped`` with the reason, and the walk goes on. So is a folder this program
wrote, which holds no articles: an index (``search index . --index index`` walks its own index) or an exported
site (its article, official and query pages would be indexed again as articles: ``search index .`` beside
``site/`` counted 9 articles for a name 1 article holds). So are, inside a walked folder, hidden files and
folders (``.git``, ``.venv``, ``.DS_Store``) and the folders of installed packages (``node_modules``, a Python
virtual environment), as ripgrep and fd pass them over; a PATH named on the command line is walked whatever its
name.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..index import store  # light: the folder layout, without Whoosh
from ..records import Skipped
from .names import EXPORT_MANIFEST, SUPPORTED_TEXT, supported_name  # (names only: neither parser nor site)

# An index folder's own entries: the generations and the files beside them.
_INDEX_FILES = {name + part for name in (store.CURRENT, store.LOCK_FILE, store.FILES_FILE, store.REGISTRY_FILE,
                                         store.NOOP_FILE) for part in ("", ".part")}


def stat_key(st: os.stat_result) -> str:
    """"size:mtime_ns:ctime_ns:inode": a file with the same key is taken as unchanged without being read. The
    mtime alone missed an edit that keeps the size and sets the mtime back (``touch -r``, an editor or a sync
    tool keeping times, ``cp -p``/``rsync -t`` of another version over it); the ctime cannot be set back, and
    a file replaced by another is another inode. A chmod changes the ctime too: that file's records are read
    and compared again, not enriched again. They come with the same stat call, at no cost."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def changed_since(stat: str, moment_ns: int) -> bool:
    """Whether the file of the stat key ``stat`` was changed at ``moment_ns`` (``time.time_ns()``) or after,
    within the file system's tick: an edit in the same tick as the stat would give the same key (git's "racy"
    files), so such a key is not kept as the file's: it is read again next time. The tick is the kernel's
    clock's (a few ms: ext4, XFS, Btrfs, tmpfs), or a second or two where times are whole seconds (FAT,
    HFS+, ext3, some network folders)."""
    ctime = int(stat.split(":")[2])
    return ctime >= moment_ns - (RACY_COARSE_NS if ctime % 1_000_000_000 == 0 else RACY_NS)


RACY_NS = 10_000_000  # a kernel tick at its coarsest (HZ=100)
RACY_COARSE_NS = 2_000_000_000  # FAT's 2 s


def walk(paths: Iterable[Path], skipped: list[Skipped], unreadable: set[str] | None = None,
         identities: dict[Path, tuple[int, int]] | None = None,
         roots: dict[Path, Path] | None = None) -> Iterator[tuple[Path, str]]:
    """Article files under ``paths`` with their stat keys. The files and folders that are there but cannot be
    read now (permission denied, an I/O error) are added to ``unreadable`` (absolute paths): what the index holds
    from them is kept, unlike what it holds from a file or folder that is gone. ``identities`` gets each file's
    (device, inode): the same file reached twice (a symlink, a hard link) is known by it. ``roots`` gets each
    file's PATH, the one of ``paths`` it was found under (ids of files of the same name are made from it)."""
    for root, found, st in walk_stats(paths, skipped, unreadable):
        path = Path(found)
        if identities is not None:
            identities[path] = (st.st_dev, st.st_ino)
        if roots is not None:
            roots.setdefault(path, root)  # named twice (a folder, then a file in it): the first
        yield path, stat_key(st)


def walk_stats(paths: Iterable[Path], skipped: list[Skipped], unreadable: set[str] | None = None
               ) -> Iterator[tuple[Path, str, os.stat_result]]:
    """``walk``'s files as ``(PATH, the file's path as walked, its stat)``, without a ``Path`` made for each (a
    re-index with nothing to do compares them with what the last run walked: ``index/noop.py``)."""
    seen_dirs: dict[tuple[int, int], str] = {}  # (device, inode) -> the folder's path as first walked
    unreadable = set() if unreadable is None else unreadable
    for root in paths:
        if root.is_symlink() and not root.exists():
            skipped.append(Skipped(str(root), _broken_link(str(root), unreadable)))
            continue
        if not root.exists():
            skipped.append(Skipped(str(root), "no such file or folder" + (
                "; ~ is your home folder only where the shell expands it (unquoted): write $HOME/..." if
                str(root).startswith("~") and os.path.lexists(os.path.expanduser(root)) else "")))
            continue
        if not root.is_dir():  # a file, or a pipe or device named on the command line (refused when read)
            candidates: Iterable[Path | os.DirEntry[str]] = [root]
        else:
            candidates = _walk_dir(str(root), seen_dirs, skipped, unreadable)
        for found in candidates:
            path = str(found) if isinstance(found, Path) else found.path
            if supported_name(found.name) is None:
                suffix = Path(path).suffix
                skipped.append(Skipped(path, f"unsupported file type {suffix or '(no extension)'!r}; "
                                             f"expected {SUPPORTED_TEXT}"))
                continue
            try:
                st = found.stat()  # a folder entry's follows symlinks, as Path.stat does
            except OSError as e:
                skipped.append(Skipped(path, _unreadable(path, e, unreadable)))
                continue
            yield root, path, st


def _unreadable(path: str | Path, e: OSError, unreadable: set[str], what: str = "cannot read") -> str:
    """Why ``path`` cannot be read; one that is still there is added to ``unreadable``."""
    if isinstance(e, FileNotFoundError):
        return "not found (deleted or moved while indexing?)"
    unreadable.add(os.path.abspath(path))
    return f"{what}: {e.strerror or e}"


def _broken_link(path: str, unreadable: set[str]) -> str:
    """Why the symlink ``path``, whose target is missing (or a loop of links), is not read. It is taken as
    unreadable for now, not as deleted: a link into a drive not mounted or a folder being synced is broken for
    a while, and the articles indexed through it are kept (the link deleted, they are removed)."""
    unreadable.add(os.path.abspath(path))
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:  # no target is missing: links lead back to it (``a -> a``, ``a -> b -> a``)
            return f"symlink loop: its target {target} leads back to it; fix or delete the link"
    return (f"broken symlink: its target {target} is missing (a drive not mounted, a sync in progress?); "
            "what was indexed through it is kept: delete the link to remove it from the index")


def _walk_dir(folder: str, seen: dict[tuple[int, int], str], skipped: list[Skipped], unreadable: set[str]
              ) -> Iterator[os.DirEntry[str]]:
    """The files of ``folder`` in name order, then those of its folders, each in name order (symlinks
    followed, a folder reached twice walked once). Folder entries, not paths: whether an entry is a folder or
    a symlink is known from the listing, without a system call per file (100k files: 3.4 s with ``os.walk``
    and ``pathlib``)."""
    try:
        st = os.stat(folder)
    except OSError as e:
        skipped.append(Skipped(folder, _unreadable(folder, e, unreadable)))
        return
    key = (st.st_dev, st.st_ino)
    if (first := seen.get(key)) is not None:  # a symlink loop, or the same folder reached twice
        if os.path.abspath(folder) == os.path.abspath(first):
            skipped.append(Skipped(folder, "walked already (named twice, or inside another PATH named): "
                                           "not walked again"))
        elif under(os.path.abspath(folder), [os.path.abspath(first)]):
            skipped.append(Skipped(folder, f"symlink loop: a link to {first}, which holds it; not walked again"))
        else:
            skipped.append(Skipped(folder, f"the same folder as {first} (a link): walked there, once"))
        return
    seen[key] = folder
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as e:
        skipped.append(Skipped(folder, _unreadable(folder, e, unreadable, "cannot list folder")))
        return
    names = {entry.name for entry in entries}
    if EXPORT_MANIFEST in names:
        skipped.append(Skipped(folder, "a site written by search export, not articles: not read"))
        return
    if store.CURRENT in names and any(store.GENERATION.fullmatch(name) for name in names):
        # An index's own files are left out; anything else the folder holds is walked (--index may name a
        # folder of articles: index/store.py create keeps what is not the index's).
        entries = [e for e in entries if not (e.name in _INDEX_FILES or store.GENERATION.fullmatch(e.name))]
        skipped.append(Skipped(folder, "the files of a search index (written by search index): not read"))
    files: list[os.DirEntry[str]] = []
    folders: list[os.DirEntry[str]] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError:
            is_dir = False
        (folders if is_dir else files).append(entry)
    for entry in sorted(files, key=lambda e: e.name):
        if entry.name.startswith("."):
            skipped.append(Skipped(entry.path, f"hidden file (its name begins with a dot): not read; {_NAME_IT}"))
            continue
        if entry.is_symlink() and not os.path.exists(entry.path):
            skipped.append(Skipped(entry.path, _broken_link(entry.path, unreadable)))
            continue
        yield entry
    for entry in sorted(folders, key=lambda e: e.name):
        if (why := _not_articles(entry)) is not None:
            skipped.append(Skipped(entry.path, f"{why}: not read; {_NAME_IT}"))
            continue
        yield from _walk_dir(entry.path, seen, skipped, unreadable)


def under(path: str, folders: Iterable[str]) -> bool:
    """Whether ``path`` is one of ``folders`` (absolute paths) or inside one."""
    return any(path == f or path.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


_NAME_IT = "give it as a PATH to index it"
# Folders that tools write and no one keeps articles in: a project folder's packages (Node, Python's byte code).
_TOOL_FOLDERS = {"node_modules": "installed JavaScript packages (node_modules), not articles",
                 "__pycache__": "Python byte code (__pycache__), not articles"}


def _not_articles(entry: os.DirEntry[str]) -> str | None:
    """Why a folder met inside a walked folder is not walked: a hidden one (``.git``, ``.venv``, ``.cache``:
    a git repository's objects listed 2,830 files as skipped, a Python environment 265 package READMEs and
    licences indexed as articles), installed packages, a Python virtual environment; None to walk it. A folder
    named as a PATH is walked whatever its name."""
    if entry.name.startswith("."):
        return "hidden folder (its name begins with a dot)"
    if entry.name in _TOOL_FOLDERS:
        return _TOOL_FOLDERS[entry.name]
    if os.path.isfile(os.path.join(entry.path, "pyvenv.cfg")):
        return "a Python virtual environment (it holds pyvenv.cfg), not articles"
    return None
