"""Checksums of every file of an index generation, and the checks that use them (like Lucene's codec footers
and CheckIndex).

    gen-0003/CHECKSUMS.json   {"files": {"_MAIN_4.toc": [2906, 1733058000123456789, 3735928559], ...}}
                               name -> [size, mtime_ns, crc32], written after every commit

- The per-document arrays (``docarrays.py``) are left out: derived data, checked by their own CRCs and
  computed again when damaged.
- Every query process (``IndexReader``) checks the files it will read by their size and modification time,
  which costs one ``stat`` each: a file emptied, cut, replaced or deleted since it was written is noticed
  before anything is read from it, and its checksum is then computed to tell a copy from a damage.
- ``search index`` checks every checksum before it writes (it never reports success over a damaged index),
  and ``search check`` does that and reads every posting, stored field and column as well.

A file written after the manifest (a commit in progress, seen by a reader that opened the index meanwhile)
is not checked: it is newer than anything the manifest could say about it.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = "CHECKSUMS.json"
_SKIPPED_SUFFIXES = (".part", ".tmp")
_SKIPPED_NAMES = {MANIFEST, "MAIN_WRITELOCK"}
_CHUNK = 1 << 20


@dataclass
class Problems:
    """What a check found: one line per damaged file, in the order found."""

    damaged: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.damaged)

    def add(self, name: str, what: str) -> None:
        self.damaged.append(f"{name}: {what}")


def crc32(path: Path) -> int:
    value = 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            value = zlib.crc32(chunk, value)
    return value


def _files(gen: Path) -> list[Path]:
    # The per-document arrays (docarrays.py) are derived data with checks of their own (each member's CRC in
    # the .npz, and a key naming the segments they belong to): a damaged or stale file is computed again.
    return sorted(p for p in gen.iterdir() if p.is_file() and p.name not in _SKIPPED_NAMES
                  and not p.name.endswith(_SKIPPED_SUFFIXES) and not p.name.startswith("arrays-"))


def _load(gen: Path, text: bytes | None = None) -> dict[str, list[int]]:
    try:
        data = json.loads(((gen / MANIFEST).read_bytes() if text is None else text).decode("utf-8"))
        files = data["files"]
        if not isinstance(files, dict):
            raise TypeError
        return {str(k): [int(x) for x in v] for k, v in files.items()}
    except FileNotFoundError:
        return {}
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return {"": []}  # unreadable: reported by verify


def identity(gen: Path) -> bytes:
    """Bytes that change whenever the generation ``gen`` does: its name and the checksums of its files (every
    commit writes new ones). For caches of what is derived from an index, such as an exported site."""
    try:
        checksums = (gen / MANIFEST).read_bytes()
    except OSError:  # an index written before checksums: the files' names, sizes and times instead
        checksums = repr(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in gen.iterdir())).encode()
    return gen.name.encode() + b"\n" + checksums


def record(gen: Path) -> None:
    """Write the manifest of ``gen``'s files; a file unchanged since the last manifest keeps its checksum
    (only what a commit wrote is read), and a manifest that would be written with the bytes it has is left as
    it is (``save_arrays`` records after the run's last commit, which recorded: written again, it cost two
    syncs of the disk, 1-15 ms, for nothing)."""
    try:
        before: bytes | None = (gen / MANIFEST).read_bytes()
    except FileNotFoundError:
        before = None
    old = _load(gen, before) if before is not None else {}
    files: dict[str, list[int]] = {}
    for path in _files(gen):
        st = path.stat()
        known = old.get(path.name)
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            files[path.name] = known
        else:
            files[path.name] = [st.st_size, st.st_mtime_ns, crc32(path)]
    text = (json.dumps({"files": files}) + "\n").encode("utf-8")
    if text == before:
        return
    tmp = gen / (MANIFEST + ".part")
    tmp.write_bytes(text)
    from .durable import replace

    replace(tmp, gen / MANIFEST)  # durable: a manifest lost or emptied by a power cut would say "damaged"


@dataclass(frozen=True, slots=True)
class Reads:
    """What the index's current Whoosh generation reads: its TOC, the format stamp, its segments' files."""

    names: frozenset[str]
    prefixes: tuple[str, ...]

    def __contains__(self, name: str) -> bool:
        return name in self.names or name.startswith(self.prefixes)

    def __len__(self) -> int:
        return len(self.names) + len(self.prefixes)


def referenced(ix: Any) -> Reads:
    toc = ix._read_toc()
    return Reads(frozenset({f"_{ix.indexname}_{toc.generation}.toc", "FORMAT.json"}),
                 tuple(f"{segment.segment_id()}." for segment in toc.segments))


def verify(gen: Path, reads: Reads, full: bool = False) -> Problems:
    """The damaged files among those the index reads (``referenced``): missing, or changed since written (size,
    then checksum). ``full``: every checksum is computed, not only those of files whose size or time changed.
    A file the manifest does not hold is newer than it (a commit in progress) and is not checked."""
    problems = Problems()
    manifest = _load(gen)
    if "" in manifest:
        problems.add(MANIFEST, "unreadable")
        return problems
    for name, (size, mtime, crc) in manifest.items():
        if name not in reads:
            continue
        path = gen / name
        try:
            st = path.stat()
        except FileNotFoundError:
            problems.add(name, "missing")
            continue
        if st.st_size != size:
            problems.add(name, f"{st.st_size:,} bytes instead of {size:,}")
        elif (full or st.st_mtime_ns != mtime) and crc32(path) != crc:
            problems.add(name, "checksum differs: the content changed since it was written")
    return problems


@dataclass
class CheckReport:
    """What ``search check`` found: like Lucene's CheckIndex, every file's checksum, then every posting,
    stored field and column read back."""

    index_dir: str
    generation: str = ""
    files: int = 0
    documents: int = 0
    terms: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index_dir, "generation": self.generation, "files": self.files,
                "documents": self.documents, "terms": self.terms, "ok": self.ok, "problems": self.problems}


def check(index_dir: Path, attempts: int = 5) -> CheckReport:
    """Check a whole index (raises IndexNotFoundError when there is none). A problem found while a
    `search index` run committed (a table of contents or a merged segment removed before the new checksums
    were written) is checked again: only damage that no commit explains is reported."""
    from . import store

    for _ in range(attempts - 1):
        before = store.commit_state(index_dir)
        report = _check(index_dir)
        if report.ok or store.commit_state(index_dir) == before:
            return report
    return _check(index_dir)


def _check(index_dir: Path) -> CheckReport:
    from . import docarrays, store

    report = CheckReport(str(index_dir))
    try:
        ix, gen = store.open_existing(index_dir)
    except Exception as e:  # the format stamp or the table of contents is damaged
        from ..errors import IndexNotFoundError

        if isinstance(e, IndexNotFoundError):
            raise
        report.problems.append(str(e).split("\n")[0])
        return report
    report.generation = gen.name
    try:
        reads = referenced(ix)
        report.files = sum(1 for name in _load(gen) if name in reads)
        report.problems += verify(gen, reads, full=True).damaged
        if not reads.prefixes:  # nothing committed yet: empty, not damaged
            return report
        with ix.reader() as reader:
            report.documents = reader.doc_count()
            for name, term in reader.all_terms():
                report.terms += 1
                matcher = reader.postings(name, term)
                while matcher.is_active():
                    matcher.value()
                    matcher.next()
            for docnum in range(reader.doc_count_all()):
                reader.stored_fields(docnum)
            for name in ("id", "path", "fingerprint", "lang", "date", "spelled"):
                list(reader.column_reader(name))
            fresh = docarrays.compute(reader)
            saved = docarrays.load(gen, reader)
            if not (fresh.live == saved.live).all() or any(
                    not (fresh.lengths[f] == saved.lengths[f]).all() for f in docarrays.LENGTH_FIELDS):
                report.problems.append("per-document arrays differ from the index: they are recomputed")
                docarrays.save(gen / f"{docarrays.PREFIX}{reader.generation()}.npz", fresh)
    except Exception as e:  # noqa: BLE001 - anything a damaged file makes Whoosh raise
        report.problems.append(f"{type(e).__name__} while reading the index: {e}")
    finally:
        ix.close()
    return report
