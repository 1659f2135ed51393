"""A re-index with nothing to do, told without opening the index.

Every complete ``search index`` run ends by asking what a run finding the same files again would do
(``build.IndexingRun.predict``: the same decisions, made again on the index as the run left it, with nothing
read but the index's own columns). When that run would read, write and remove nothing, the answer is kept
beside the index (``noop.json``) with all it depends on:

- what the run was asked: the working folder, the PATHs as given, the forced language, the version of the
  format, of the enrichment rules and of the officials registry (an article's key ends with them);
- what it walked: every file's path, stat key and device, every file and folder passed over or unreadable and
  why (the walk's messages), whether each PATH is a folder (a digest of them all, ``WalkDigest``);
- the index it left: ``CURRENT``, ``files.json``, every file of the generation (name, size, time, inode), the
  checksum of its per-document arrays, and what the table of contents reads (for the checksums' check);
- the dates of its articles dated in the future (one whose date has come is enriched again);
- the code that decided (the modules' sizes and times): another version decides again.

The next run (``replay``, before the index is opened and before Whoosh, numpy or the parsers are imported)
takes the index's lock, finds no crash leftovers, checks all the above and every checksum of the index's
files (as a run does before it writes), walks the PATHs and compares the walk's digest. When everything is
the same it reports what the kept answer says and writes nothing (a run finding nothing to do on main wrote
the same bytes again: ``files.json`` and the checksums); anything else, and the run is an ordinary one.
Every ordinary run removes the kept answer before it changes anything, and writes a new one when it is done.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..ingest.walk import walk_stats
from ..records import IndexReport, Skipped
from . import integrity, store

SNAPSHOT_VERSION = 1
_PACKAGE = Path(__file__).resolve().parent.parent
# The modules whose code decides what a run does with files it finds unchanged (and the format's version).
_CODE = ("index/build.py", "index/noop.py", "index/schema.py", "index/store.py", "index/writer.py",
         "index/integrity.py", "index/docarrays.py", "ingest/walk.py", "ingest/names.py", "ingest/version.py",
         "officials/digest.py", "records.py")


class WalkDigest:
    """A digest of everything a walk (``walk.walk_stats``) observed: its files, in order, with their stat keys,
    devices and PATHs; then its messages, the unreadable paths and each PATH's kind."""

    def __init__(self) -> None:
        self._h = hashlib.blake2b(digest_size=16)
        self._roots: dict[int, int] = {}

    def add(self, root: Path, path: str, st: os.stat_result) -> None:
        n = self._roots.setdefault(id(root), len(self._roots))
        self._h.update(f"{n}\0{path}\0{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}\n"
                       .encode("utf-8", "surrogatepass"))

    def hexdigest(self, roots: list[Path], skipped: list[Skipped], unreadable: Iterable[str]) -> str:
        h = self._h.copy()
        rest: list[Any] = [[str(r), os.path.isdir(os.path.abspath(r)), self._roots.get(id(r))] for r in roots]
        rest += [[s.path, s.reason, s.line, s.record] for s in skipped]
        rest.append(sorted(unreadable))
        h.update(json.dumps(rest).encode())
        return h.hexdigest()


def asked(roots: list[Path], lang: str | None, version: str, reading: str) -> dict[str, Any]:
    """What a run was asked, as the kept answer records it."""
    return {"cwd": os.getcwd(), "roots": [str(r) for r in roots], "lang": lang, "version": version,
            "reading": reading}


def state(index_dir: Path) -> dict[str, Any] | None:
    """The index as a run leaves it (see the module's docstring); None without a current generation."""
    gen = store.current(index_dir)
    if gen is None:
        return None
    try:
        entries = sorted((p.name, p.stat()) for p in gen.iterdir())
        arrays = [integrity.crc32(gen / name) for name, _ in entries if name.startswith("arrays-")]
        files = hashlib.blake2b((index_dir / store.FILES_FILE).read_bytes(), digest_size=16).hexdigest()
        registry = store.saved_registry(index_dir)
        code = [[name, *_stat(_PACKAGE / name)] for name in _CODE]
    except OSError:
        return None
    return {"generation": gen.name, "current": (index_dir / store.CURRENT).read_text(encoding="utf-8"),
            "entries": [[name, st.st_size, st.st_mtime_ns, st.st_ino, st.st_mode] for name, st in entries],
            "arrays": arrays, "files": files, "registry": registry is not None, "code": code}


def _stat(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def remove(index_dir: Path) -> None:
    """Forget the kept answer (a run is about to change the index, or the files it describes)."""
    try:
        (index_dir / store.NOOP_FILE).unlink()
    except FileNotFoundError:
        pass


def save(index_dir: Path, kept: dict[str, Any]) -> None:
    tmp = index_dir / (store.NOOP_FILE + ".part")
    tmp.write_text(json.dumps(kept) + "\n", encoding="utf-8")  # (ASCII: a name's lone surrogates escaped)
    os.replace(tmp, index_dir / store.NOOP_FILE)


def replay(paths: Iterable[str | Path], index_dir: str | Path, *, rebuild: bool = False, lang: str | None = None,
           procs: int | None = None, registry: str | Path | None = None, progress: Any = None, fields: Any = None
           ) -> IndexReport | None:
    """The report of ``build.build_index`` (same arguments) when it would find nothing to do, as the kept answer
    says, and everything that answer depends on is as it was; None otherwise (the run is then made as usual).
    (``procs`` and ``progress`` change nothing when there is nothing to do: no worker starts, no byte is read.)"""
    if rebuild or registry is not None or (fields is not None and fields.mapping):
        return None
    started = time.perf_counter()
    index_dir = Path(index_dir)
    try:
        kept = json.loads((index_dir / store.NOOP_FILE).read_text(encoding="utf-8"))
        if not isinstance(kept, dict) or kept.get("snapshot") != SNAPSHOT_VERSION:
            return None
    except (OSError, ValueError):
        return None
    try:
        fd = os.open(index_dir / store.LOCK_FILE, os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None  # another run writes: the ordinary run says so
    try:
        report = _replay(kept, [Path(p) for p in paths], index_dir, lang)
    except (KeyError, TypeError, ValueError, IndexError, OSError):
        report = None  # a kept answer of another shape, or the index changing under us: an ordinary run
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    if report is not None:
        report.seconds = time.perf_counter() - started
    return report


def _replay(kept: dict[str, Any], roots: list[Path], index_dir: Path, lang: str | None) -> IndexReport | None:
    from ..ingest.version import ENRICH_VERSION
    from ..officials.digest import registry_digest

    if store.leftovers(index_dir):
        return None  # a crash to recover from
    now = state(index_dir)
    if now is None or now != kept["state"]:
        return None
    user_file = store.saved_registry(index_dir)
    version = f"{kept['format']}.{ENRICH_VERSION}.{lang or ''}.{registry_digest(user_file)}"
    if kept["asked"] != asked(roots, lang, version, ""):
        return None
    if kept["future"]:  # articles dated in the future: one whose date has come is enriched again
        from ..ingest.dates import is_future  # (writer.date_has_come)

        if not all(is_future(date) for date in kept["future"]):
            return None
    gen = index_dir / now["generation"]
    reads = integrity.Reads(frozenset(kept["reads"][0]), tuple(kept["reads"][1]))
    if integrity.verify(gen, reads, full=True):
        return None  # damaged: the ordinary run says so
    skipped: list[Skipped] = []
    unreadable: set[str] = set()
    digest = WalkDigest()
    for root, path, st in walk_stats(roots, skipped, unreadable):
        digest.add(root, path, st)
    if digest.hexdigest(roots, skipped, unreadable) != kept["walk"]:
        return None
    answer = kept["report"]
    return IndexReport(index_dir=str(index_dir), unchanged=answer["unchanged"],
                       skipped=[Skipped(*s) for s in answer["skipped"]],
                       languages=dict(answer["languages"]), total=answer["total"])
