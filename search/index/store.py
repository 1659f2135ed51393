"""The index folder on disk: generations, the format stamp, the pointer to the current one, crash leftovers.

Layout of an index folder::

    index/
      CURRENT               "gen-0003": the generation readers open (replaced atomically)
      INDEXING.lock         held by the one `search index` run writing (writer.py)
      registry.toml         the user's officials registry given to `search index --registry` (optional)
      files.json            {"generation": "gen-0003", "files": {path: "size:mtime_ns:ctime_ns:inode"}}: the
                            files the last complete run read whole (a cache, outside the generation's
                            checksums), and how
                            ("reading": the --field mapping, when one was given)
      noop.json             what the last complete run walked and the index it left, and what a run finding
                            them again would report: it reports that without opening the index (noop.py)
      gen-0003/
        FORMAT.json         {"format": 9, "engine": "search 0.1.0", "whoosh": "2.7.5"}
        MAIN_*.toc, ...     Whoosh's own files (the TOC is replaced atomically on each commit)
        arrays-<gen>.npz    per-document arrays of the current Whoosh generation (docarrays.py)

An update writes into the current generation: Whoosh's commits are atomic, so readers see the index before
or after a commit, never half of one. A rebuild writes a whole new generation beside the current one, which
keeps answering; only when the new one is complete does ``CURRENT`` point to it (``publish``). A rebuild that
is killed leaves the old generation current and an unpublished folder that the next run removes.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import sys
import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import IndexCorruptError, IndexEmptyError, IndexFormatError, IndexNotFoundError

if TYPE_CHECKING:
    from whoosh import index as whoosh_index

# Whoosh and the schema are imported where an index is opened or created: finding the current generation and
# its checksums (an exported site's "up to date" check) needs neither.

CURRENT = "CURRENT"
FORMAT_FILE = "FORMAT.json"
REGISTRY_FILE = "registry.toml"  # the user's officials registry, remembered by the index
FILES_FILE = "files.json"  # the files the last complete run read, with their stat keys (walk.py)
LOCK_FILE = "INDEXING.lock"  # held by the one `search index` run writing (writer.py IndexLock)
NOOP_FILE = "noop.json"  # what the next run finds if nothing changed, and what it would report (index/noop.py)
INDEX_NAME = "MAIN"
GENERATION = re.compile(r"gen-(\d{4,})")  # a generation folder's name
# Whoosh writes a table of contents as "_MAIN_7.toc.<time>", then renames it: a run killed in between leaves it.
_TEMPORARY_TOC = re.compile(rf"_{INDEX_NAME}_\d+\.toc\.[\d.]+")
# Whoosh's files and our arrays, as the older layout kept them directly in the index folder.
_OLD_TOC = re.compile(rf"_{INDEX_NAME}_\d+\.toc")
_OLD_SUFFIXES = (".toc", ".seg", ".pst", ".trm", ".dci", ".dcz", ".fvz", ".lck", ".col", ".vps", ".vec", ".npz")


def _stamp() -> dict[str, Any]:
    from .. import __version__
    from .schema import FORMAT_VERSION

    return {"format": FORMAT_VERSION, "engine": f"search {__version__}", "whoosh": "2.7.5"}


def _rebuild_hint(index_dir: Path) -> str:
    return f"Rebuild it with: search index PATH... --index {index_dir} --rebuild"


def empty(index_dir: Path) -> IndexEmptyError:
    """What to tell a reader of an index that holds no article yet, and why it may be so."""
    from .writer import indexing_now

    if indexing_now(index_dir):  # running it again would be refused (locked): wait
        return IndexEmptyError(f"The index in {index_dir} holds no articles yet: a `search index` run is writing "
                               "it now (its first articles appear at its first commit).",
                               hint="Wait a moment (or for that run to finish), then ask again.")
    why = ("its first `search index` run stopped before its first commit, or found nothing it could index, or "
           "every file it indexed is gone")
    return IndexEmptyError(f"The index in {index_dir} holds no articles: {why}.",
                           hint=f"Run: search index PATH... --index {index_dir} (it completes what was started).")


def damaged(index_dir: Path, what: str) -> IndexCorruptError:
    return IndexCorruptError(f"The index in {index_dir} is damaged: {what}.",
                             hint=f"See what is damaged with: search check --index {index_dir}; then rebuild it "
                                  f"with: search index PATH... --index {index_dir} --rebuild")


def _has_toc(index_dir: Path, gen: Path) -> bool:
    from whoosh import index as whoosh_index

    try:
        return bool(whoosh_index.exists_in(str(gen), indexname=INDEX_NAME))
    except Exception as e:  # noqa: BLE001 - an emptied or cut table of contents: Whoosh raises anything
        raise damaged(index_dir, f"its table of contents cannot be read ({type(e).__name__})") from e


def current(index_dir: Path) -> Path | None:
    """The folder of the current generation, or None when the folder holds no published index."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return None
    if not GENERATION.fullmatch(name) or not (index_dir / name).is_dir():
        return None
    return index_dir / name


def exists(index_dir: Path) -> bool:
    gen = current(index_dir)
    return gen is not None and _has_toc(index_dir, gen)


def check_format(index_dir: Path, gen: Path) -> None:
    """Raise IndexFormatError unless the generation holds an index of this format version."""
    from .schema import FORMAT_VERSION

    stamp_path = gen / FORMAT_FILE
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        found = stamp.get("format")
    except FileNotFoundError:
        raise IndexFormatError(f"{index_dir} holds an index without a format stamp ({FORMAT_FILE}): it was not "
                               "written by this program or by an older version.", hint=_rebuild_hint(index_dir)
                               ) from None
    except (ValueError, AttributeError, UnicodeDecodeError):
        raise IndexFormatError(f"{stamp_path} is damaged.", hint=_rebuild_hint(index_dir)) from None
    if found != FORMAT_VERSION:
        raise IndexFormatError(f"The index in {index_dir} has format version {found} "
                               f"(written by {stamp.get('engine', 'an unknown version')}); "
                               f"this version reads format {FORMAT_VERSION}.", hint=_rebuild_hint(index_dir))


def _generations(index_dir: Path) -> list[Path]:
    if not index_dir.is_dir():
        return []
    return sorted((p for p in index_dir.iterdir() if p.is_dir() and GENERATION.fullmatch(p.name)),
                  key=lambda p: int(p.name[4:]))


def create(index_dir: Path) -> tuple[whoosh_index.Index, Path]:
    """A new, empty generation beside the current one (not yet readable: ``publish`` it once written)."""
    from whoosh import index as whoosh_index

    from .schema import build_schema

    index_dir.mkdir(parents=True, exist_ok=True)
    # An index in the older layout (its files directly in the folder, a table of contents among them): only its
    # own files go. The user may have pointed --index at a folder holding other things: without such an index
    # there, nothing is removed (a first build removed the folder's .npz, .col... files and any file whose name
    # began with MAIN).
    old_layout = any(_OLD_TOC.fullmatch(p.name) for p in index_dir.iterdir())
    for entry in index_dir.iterdir() if old_layout else ():
        if entry.is_file() and (entry.name == FORMAT_FILE or entry.suffix in _OLD_SUFFIXES
                                or entry.name.startswith(f"_{INDEX_NAME}") or entry.name.startswith(INDEX_NAME)):
            entry.unlink()
    numbers = [int(p.name[4:]) for p in _generations(index_dir)]
    gen = index_dir / f"gen-{max(numbers, default=0) + 1:04d}"
    gen.mkdir()
    from .durable import DurableStorage

    # Whoosh's first (empty) commit syncs what it names; the format stamp is synced with the next commit's files
    storage = DurableStorage(str(gen))
    _storages[str(gen)] = storage  # (``publish``: what its commits synced is not synced again)
    ix = whoosh_index.FileIndex.create(storage, build_schema(), INDEX_NAME)
    tmp = gen / (FORMAT_FILE + ".part")
    tmp.write_text(json.dumps(_stamp()) + "\n", encoding="utf-8")
    os.replace(tmp, gen / FORMAT_FILE)
    return ix, gen


# The storage of each generation ``create`` made, while its index is open: the files its commits synced.
_storages: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()


class _Later(threading.local):
    """The publishing deferred by this thread (``defer_publishing``); None: ``publish`` publishes at once."""

    jobs: list[_Publishing] | None = None
    interval: float | None = None  # the interpreter's switch interval before a thread was started


_later = _Later()


class _Publishing(threading.Thread):
    def __init__(self, index_dir: Path, gen: Path) -> None:
        super().__init__(name=f"publish {gen.name}")
        self.index_dir, self.gen = index_dir, gen
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            _publish(self.index_dir, self.gen)
        except BaseException as e:  # noqa: BLE001 - raised by ``settle``, in the thread that published
            self.error = e


def defer_publishing() -> None:
    """From now on, until ``settle``, ``publish`` in this thread returns at once and publishes in a thread of its
    own: its syncs of the disk and the removal of the generation retired (20-100 ms at 5k articles, most of it
    waiting for the disk) overlap what the caller does next (``build_index``: ``predict``, 40-60 ms of Python)."""
    _later.jobs = []


def settle() -> None:
    """Wait for the publishing deferred in this thread (``defer_publishing``), and raise what it raised; from now
    on ``publish`` publishes at once again."""
    jobs, _later.jobs = _later.jobs, None
    if not jobs:
        return
    try:
        for job in jobs:
            job.join()
    finally:
        if _later.interval is not None:
            sys.setswitchinterval(_later.interval)
            _later.interval = None
    for job in jobs:
        if job.error is not None:
            raise job.error


_SWITCH_INTERVAL = 0.0002


def publish(index_dir: Path, gen: Path) -> None:
    """Make ``gen`` the current generation (one atomic rename), then remove the generations before the
    previous one (the previous one stays for readers that opened it a moment ago). In a thread of its own after
    ``defer_publishing``: done when ``settle`` returns."""
    if _later.jobs is None:
        _publish(index_dir, gen)
        return
    # The thread waits for the interpreter's lock after each call to the system (a sync, a file removed), and a
    # thread running Python gives it up every 5 ms: 40 such waits were up to 200 ms. Every 0.2 ms until ``settle``.
    if _later.interval is None:
        _later.interval = sys.getswitchinterval()
        sys.setswitchinterval(min(_later.interval, _SWITCH_INTERVAL))
    job = _Publishing(index_dir, gen)
    _later.jobs.append(job)
    job.start()


def _publish(index_dir: Path, gen: Path) -> None:
    from .durable import DurableStorage, replace, sync_folder

    # Durable before it is named (durable.py): every file of the generation (its last commit synced those it
    # wrote; this covers a generation never committed to), its folder, and the folder's entry for it. The
    # storage its commits used knows what they synced: 23 files of a 5k build were synced again, each a flush
    # of the disk's cache (2-40 ms in all).
    storage = _storages.get(str(gen)) or DurableStorage(str(gen))
    storage.sync_written()
    sync_folder(gen)
    sync_folder(index_dir)
    tmp = index_dir / (CURRENT + ".part")
    tmp.write_text(gen.name + "\n", encoding="utf-8")
    replace(tmp, index_dir / CURRENT)
    older = [g for g in _generations(index_dir) if g != gen]
    for old in older[:-1]:
        shutil.rmtree(old, ignore_errors=True)


def commit_state(index_dir: Path) -> tuple[str, tuple[str, ...]]:
    """The current generation and its tables of contents: it changes with every commit and every publish (a
    reader that found files missing while this changed raced a writer and opens the index again)."""
    gen = current(index_dir)
    if gen is None:
        return "", ()
    try:
        return gen.name, tuple(sorted(p.name for p in gen.iterdir() if p.suffix == ".toc"))
    except OSError:
        return gen.name, ()


def open_existing(index_dir: Path) -> tuple[whoosh_index.Index, Path]:
    from whoosh import index as whoosh_index

    gen = current(index_dir)
    if gen is None or not _has_toc(index_dir, gen):
        if any(index_dir.glob(f"_{INDEX_NAME}_*.toc")) if index_dir.is_dir() else False:
            raise IndexFormatError(f"{index_dir} holds an index in an older layout (no generations).",
                                   hint=_rebuild_hint(index_dir))
        raise IndexNotFoundError(f"No index in {index_dir}.", hint=_not_found_hint(index_dir))
    check_format(index_dir, gen)
    from .durable import DurableStorage

    try:  # the storage of durable commits (a reader never commits: for it, Whoosh's own)
        return whoosh_index.FileIndex(DurableStorage(str(gen)), indexname=INDEX_NAME), gen
    except Exception as e:  # noqa: BLE001 - an unpicklable schema, a garbled TOC...: Whoosh raises anything
        raise damaged(index_dir, f"its table of contents cannot be read ({type(e).__name__})") from e


def _not_found_hint(index_dir: Path) -> str:
    """How to create the index; when ``index_dir`` holds articles (``search query ... --index seeds``: the
    folder of the articles taken for the index's), how to index them instead."""
    from ..ingest.parse import supported

    try:
        with os.scandir(index_dir) as listing:
            articles = any(supported(Path(e.name)) for e in itertools.islice(listing, 1000) if e.is_file())
    except OSError:
        articles = False
    if articles:
        return (f"{index_dir} holds article files, not an index: index them with: search index {index_dir} "
                f"(into index/, which every command reads by default; --index names another folder)")
    return f"Create one with: search index PATH... --index {index_dir}"


def leftovers(index_dir: Path) -> list[Path]:
    """What a killed run left behind: Whoosh's temporary folders and tables of contents and our ``.part`` files
    in the current generation, and generations newer than the current one that were never published."""
    gen = current(index_dir)
    found: list[Path] = []
    for folder in (index_dir, gen):
        if folder is not None and folder.is_dir():
            found += [p for p in folder.iterdir() if p.suffix == ".tmp" or p.name.endswith(".part")
                      or _TEMPORARY_TOC.fullmatch(p.name)]
    number = int(gen.name[4:]) if gen is not None else 0
    found += [g for g in _generations(index_dir) if int(g.name[4:]) > number]
    return sorted(found)


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
    from .durable import replace

    replace(tmp, index_dir / REGISTRY_FILE)  # on disk before any article tagged with it
    return index_dir / REGISTRY_FILE


def saved_registry(index_dir: Path) -> Path | None:
    path = index_dir / REGISTRY_FILE
    return path if path.is_file() else None


def read_files(index_dir: Path, gen: Path, reading: str = "") -> dict[str, str]:
    """``{absolute path: "size:mtime_ns:ctime_ns:inode"}`` of the files the last complete run on generation
    ``gen`` read; empty if unknown (another generation: a rebuild; a damaged file) or read another way
    (``reading``: the records' field names the run was given, ``--field``: the same file gives other articles).

    A file whose stat key is unchanged is not read again (a key of two parts, ``size:mtime_ns``, written before
    the ctime and inode were kept, matches none: each file is read once more, its records compared). The table
    is written after the run's last commit: a run killed before it leaves the previous table, and the next run
    reads more files than it needs to, never fewer.
    """
    try:
        data = json.loads((index_dir / FILES_FILE).read_text(encoding="utf-8"))
        same = data.get("generation") == gen.name and data.get("reading", "") == reading
        files = data["files"] if same else {}
        return {str(k): str(v) for k, v in files.items()}
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return {}


def write_files(index_dir: Path, gen: Path, files: dict[str, str], reading: str = "") -> None:
    tmp = index_dir / (FILES_FILE + ".part")
    data: dict[str, Any] = {"generation": gen.name, "files": dict(sorted(files.items()))}
    if reading:
        data["reading"] = reading
    tmp.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / FILES_FILE)
