"""The exported site's files: names made from ids and values, and the writer that keeps inside its folder.

    slug("000_64ee10f01e38a171") -> "000_64ee10f01e38a171"      slug("Đà Nẵng") -> "da-nang-5f2c01a9b3"
    slug("../../etc/passwd")     -> "etc-passwd-1b2c..."

Ids, titles and values come from the documents and are never trusted: they become file names through
``slug`` (``[a-z0-9_-]`` only, with the same folding as the index), and every path is checked to resolve
inside the output folder before it is written. Files whose bytes did not change are not rewritten, and pages
a previous export wrote that no longer exist are removed, going by the manifest, never by a glob.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import SearchError
from ..ingest.names import EXPORT_MANIFEST
from ..lang.fold import fold
from ..records import ExportReport

MANIFEST = EXPORT_MANIFEST
GENERATOR = "search export"
PROGRESS_EVERY = 500  # files written between two updates of an export's in-progress manifest
FOLDERS = ("articles", "officials", "lang", "month", "queries")
DATA = "search"  # the search page's data files (bundle.py), in folders of their own

# What the exporter may create (and so later remove): anything else in OUT belongs to someone else.
_OWNED = re.compile(rf"(?:index\.html|officials\.html|search\.html|style\.css|"
                    rf"(?:{'|'.join(FOLDERS)})/[a-z0-9][a-z0-9_-]*\.html|{DATA}/(?:[a-z0-9_-]+/)*[a-z0-9_-]+\.js)")
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")
# Windows' device names: no file may be called con.html or aux.html there (nor copied to it, whatever the
# extension), so a site holding one cannot be copied to a Windows machine or opened from it.
_DEVICE = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])", re.I)


class ExportError(SearchError):
    """The site cannot be written where asked (a folder that is not ours, a path leading outside it)."""


def _read_file(name: str, folder: int) -> bytes | None:
    """The bytes of a regular file ``name`` in the open folder, or None (missing, a link, not a file)."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)  # a planted FIFO: no wait
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def slug(key: str) -> str:
    """A file name stem for an id, query or facet value: ``[a-z0-9_-]`` only, never empty, never ``..``.

    Lower-case ids made of safe characters are kept as they are ("000_64ee10f01e38a171", "2024-12"). Anything
    else is cleaned and gets a hash of the original, so "../../etc/passwd" -> "etc-passwd-1b2c...", and "ABC"
    and "abc" stay two files on case-insensitive file systems (macOS, Windows); Windows' device names get the
    hash too ("aux" -> "aux-..."; a saved search for the French word, or the Vietnamese "con")."""
    if _SAFE_ID.fullmatch(key) and not _DEVICE.fullmatch(key):
        return key
    base = re.sub(r"[^a-z0-9_]+", "-", fold(key)).strip("-_")[:60].rstrip("-_")  # "Đà Nẵng" -> "da-nang"
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{base}-{digest}" if base else digest


class Namer:
    """Relative page paths by (kind, key), unique within a kind even if two keys slug alike."""

    _FIXED = {"home": "index.html", "officials": "officials.html", "css": "style.css", "search": "search.html"}
    _FOLDER = {"article": "articles", "official": "officials", "lang": "lang", "month": "month",
               "query": "queries"}

    def __init__(self) -> None:
        self._paths: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()

    def add(self, kind: str, key: str = "") -> str:
        if (kind, key) in self._paths:
            return self._paths[(kind, key)]
        if kind in self._FIXED:
            rel = self._FIXED[kind]
        else:
            stem = slug(key)
            if f"{self._FOLDER[kind]}/{stem}.html" in self._taken:  # a crafted id that slugs like another
                stem = hashlib.sha256(f"{kind}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
            rel = f"{self._FOLDER[kind]}/{stem}.html"
        self._paths[(kind, key)] = rel
        self._taken.add(rel)
        return rel

    def get(self, kind: str, key: str = "") -> str | None:
        return self._paths.get((kind, key))

    def page(self, kind: str, key: str, number: int) -> str:
        """Page ``number`` (2, 3...) of a long listing: ``lang/vi.html`` -> ``lang/vi-2.html``."""
        first = self.add(kind, key)
        if number == 1:
            return first
        page_key = f"{key}\0{number}"
        if (kind, page_key) in self._paths:
            return self._paths[(kind, page_key)]
        rel = f"{first[:-len('.html')]}-{number}.html"
        if rel in self._taken:
            digest = hashlib.sha256(f"{kind}\0{page_key}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
            rel = f"{self._FOLDER[kind]}/{digest}.html"
        self._paths[(kind, page_key)] = rel
        self._taken.add(rel)
        return rel


def saved_queries_of(queries: Iterable[str]) -> list[str]:
    """The saved queries as an export renders them: stripped, once each, in order, the empty ones left out."""
    return list(dict.fromkeys(q.strip() for q in queries if q.strip()))


def site_stamp(identity: bytes, queries: Sequence[str]) -> str:
    """What an export's bytes depend on: the index's ``identity`` (its generation and the checksums of its
    files, which change with every commit), the saved queries, and this package's code, templates and data."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(identity)
    digest.update(json.dumps(list(queries)).encode())
    for package in ("search", "search.templates"):
        root = resources.files(package)
        for path in sorted(_package_files(root), key=str):
            digest.update(str(path).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _package_files(root: Any) -> Iterable[Any]:
    for child in root.iterdir():
        if child.is_dir():
            if child.name != "__pycache__":
                yield from _package_files(child)
        elif not child.name.endswith((".pyc", ".pyo")):
            yield child


def up_to_date_export(index_dir: Path, out: Path, queries: Iterable[str]) -> ExportReport | None:
    """The last export's report when a re-export of the local index in ``index_dir`` into ``out`` would
    change nothing (``SiteWriter.up_to_date``), decided from the index's generation and checksums without
    opening it (Whoosh, numpy and the templates are not even imported: a no-op ``search export`` took 0.6 s,
    most of it imports); None otherwise, and for anything this cannot tell (no index, no previous export):
    the export itself then runs, and says what is wrong if something is. The index is not verified here: a
    site exported from it before it was damaged is still what it exported."""
    from ..index import integrity, store

    started = time.perf_counter()
    if not (out / MANIFEST).is_file():
        return None
    try:
        gen = store.current(index_dir)
        if gen is None:
            return None
        return SiteWriter(out).unchanged_export(site_stamp(integrity.identity(gen), saved_queries_of(queries)),
                                                started)
    except (OSError, SearchError):
        return None


class SiteWriter:
    """Writes files inside ``out`` only, skipping those whose bytes are already there."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.root = out.resolve()
        self.manifest = self._read_manifest()
        self.previous = {f for f in self.manifest.get("files", ()) if isinstance(f, str)}
        self.files: list[str] = []
        self.written = self.unchanged = self.bytes = 0
        self._progress_files = 0  # files when the in-progress manifest was last written
        self.lists_progress = True  # False in a child process that writes files beside the one that owns the manifest
        self._folders: dict[str, int] = {}  # open descriptors of the folders written into (``_folder``)

    def _read_manifest(self) -> dict[str, Any]:
        path = self.out / MANIFEST
        if not path.is_file():
            if any(self.out.iterdir()):
                raise ExportError(f"{self.out} is not empty and was not written by `search export`.",
                                  hint="Export into a new or empty folder (or one a previous export wrote).")
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data["files"], list):
                raise TypeError("not a manifest")
            return data
        except (ValueError, KeyError, TypeError) as e:
            raise ExportError(f"{path} is damaged ({e}).", hint="Delete it and export into an empty folder.") from e

    def up_to_date(self, stamp: str) -> dict[str, Any] | None:
        """The previous export's report when it was complete, made from the same index, code and options
        (``stamp``), and every file it wrote is still there with its size: then there is nothing to do."""
        m = self.manifest
        if not m.get("complete") or m.get("stamp") != stamp or not isinstance(m.get("sizes"), dict):
            return None
        root = str(self.out)
        for rel, size in m["sizes"].items():
            if not _OWNED.fullmatch(rel):
                return None
            try:
                found = os.lstat(os.path.join(root, rel))  # one call a file: 17,000 of them at 5k articles
            except OSError:
                return None
            if not stat.S_ISREG(found.st_mode) or found.st_size != size:  # a link, a folder, another size
                return None
        report = m.get("report")
        return report if isinstance(report, dict) else None

    def unchanged_export(self, stamp: str, started: float) -> ExportReport | None:
        """``up_to_date``'s answer as the export's report (``started``: when the export began); None when the
        export must run ("" for ``stamp``: an index that cannot name its state, never up to date)."""
        done = self.up_to_date(stamp) if stamp else None
        if done is None:
            return None
        return ExportReport(self.out, int(done.get("pages", 0)), int(done.get("bytes", 0)),
                            time.perf_counter() - started, 0, len(self.previous), 0, tuple(done.get("problems", ())),
                            int(done.get("search_files", 0)), int(done.get("search_bytes", 0)), up_to_date=True)

    def begin(self) -> None:
        """Mark the folder as an export in progress before the first file is written: an export killed midway
        leaves a folder the next export recognises (and completes), never one it refuses as someone else's."""
        self._write_manifest({"generator": GENERATOR, "complete": False, "files": sorted(self.previous)})

    def _write_manifest(self, data: dict[str, Any]) -> None:
        target = self.inside(MANIFEST)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.out, prefix=".tmp-", delete=False) as tmp:
            json.dump(data, tmp, indent=1, sort_keys=True)
            tmp.write("\n")
        os.chmod(tmp.name, 0o644)
        os.replace(tmp.name, target)

    def inside(self, rel: str) -> Path:
        """``out/rel``, refusing anything that resolves outside ``out`` (``..``, or a symlink planted in it)."""
        target = self.out / rel
        if not target.resolve().is_relative_to(self.root):
            raise ExportError(f"refusing to write {target}: it resolves outside {self.root}.",
                              hint="Remove the symbolic link or choose another output folder.")
        return target

    def put(self, rel: str, data: bytes) -> None:
        if not _OWNED.fullmatch(rel):
            raise ExportError(f"internal error: unexpected output path {rel!r}")
        folder, _, name = rel.rpartition("/")
        where = self._folder(folder)
        self.files.append(rel)
        self.bytes += len(data)
        if _read_file(name, where) == data:
            self.unchanged += 1
            return
        # Write a temporary file beside it and rename: a reader never sees half a page, and the randomly named
        # temporary file cannot be a link someone planted (O_EXCL, O_NOFOLLOW). A link planted in place of the
        # page is replaced, never followed.
        tmp = f".tmp-{secrets.token_hex(8)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=where)
        try:
            os.fchmod(fd, 0o644)  # whatever the umask: a web server must be able to read the site
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, name, src_dir_fd=where, dst_dir_fd=where)
        self.written += 1
        # what a killed export leaves is listed
        if self.lists_progress and len(self.files) - self._progress_files >= PROGRESS_EVERY:
            self._progress_files = len(self.files)
            self._write_manifest({"generator": GENERATOR, "complete": False,
                                  "files": sorted(self.previous.union(self.files))})

    def _folder(self, folder: str) -> int:
        """An open descriptor of ``out/folder``, made if missing: opened one level at a time from ``out``, never
        through a symbolic link (O_NOFOLLOW), so that whatever is written through it stays inside ``out``.
        Kept open for the export (a page's path used to be resolved twice, a tenth of an export's time)."""
        fd = self._folders.get(folder)
        if fd is not None:
            return fd
        if not folder:
            fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
        else:
            parent_name, _, name = folder.rpartition("/")
            parent = self._folder(parent_name)
            try:
                os.mkdir(name, 0o755, dir_fd=parent)
            except FileExistsError:
                pass
            try:
                fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
            except OSError as e:
                raise ExportError(f"refusing to write into {self.out / folder}: it is a symbolic link or not a "
                                  f"folder ({e.strerror}), and could lead outside {self.root}.",
                                  hint="Remove it or choose another output folder.") from e
        self._folders[folder] = fd
        return fd

    def close(self) -> None:
        """Close the folders' descriptors (``finish`` does)."""
        for fd in self._folders.values():
            os.close(fd)
        self._folders.clear()

    def detach(self) -> None:
        """In a forked child: count only what this process writes, and leave the manifest to the parent."""
        self.files = []
        self.written = self.unchanged = self.bytes = 0
        self.lists_progress = False

    def absorb(self, files: list[str], written: int, unchanged: int, size: int) -> None:
        """What a child process wrote (``detach``), added to this export's files and counts."""
        self.files.extend(files)
        self.written += written
        self.unchanged += unchanged
        self.bytes += size

    def finish(self, stamp: str = "", report: dict[str, Any] | None = None) -> int:
        """Remove stale files of the previous export, then write the manifest (in that order: if removing
        fails, the old manifest still lists what is left) with the export's ``stamp`` and ``report``, for
        ``up_to_date``. Returns how many files were removed."""
        self.close()
        removed = 0
        for rel in sorted(self.previous - set(self.files)):
            if not _OWNED.fullmatch(rel):
                continue  # a tampered manifest cannot make us delete someone else's file
            target = self.inside(rel)
            if target.is_file() and not target.is_symlink():
                target.unlink()
                removed += 1
        for folder in (*FOLDERS, DATA):
            path = self.out / folder
            if not path.is_dir() or path.is_symlink():
                continue
            for tmp in path.rglob(".tmp-*"):  # what an export killed between writing and renaming left
                if tmp.is_file() and not tmp.is_symlink():
                    tmp.unlink()
            for sub in sorted((p for p in path.rglob("*") if p.is_dir() and not p.is_symlink()), reverse=True):
                if not any(sub.iterdir()):
                    sub.rmdir()
            if not any(path.iterdir()):
                path.rmdir()
        for tmp in self.out.glob(".tmp-*"):
            if tmp.is_file() and not tmp.is_symlink():
                tmp.unlink()
        sizes = {rel: (self.out / rel).stat().st_size for rel in sorted(set(self.files))}
        self._write_manifest({"generator": GENERATOR, "complete": True, "stamp": stamp, "report": report,
                              "files": sorted(sizes), "sizes": sizes})
        return removed
