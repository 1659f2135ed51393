"""The final commit of a build, timed alone and repeated: forked children commit the same writer state.

    python -m benchmarks.commit_fork DOCS --trees /work/base /work/mine --rounds 4 --forks 5

Each round runs, for each tree (alternating which goes first), a fresh process with that tree on its
``PYTHONPATH`` that builds DOCS (2 workers) up to the last ``IndexWriter.commit``; there it forks ``--forks``
children one after the other, each making that same commit (the segment's files, the table of contents, the
checksums) and reporting its wall time and its CPU (``os.wait4``: its threads included); then the process
commits for real. The children start from the same memory (pages shared copy-on-write: a child's first write
to a page costs it a page copy, as the real commit does not), so the figures compare trees rather than give
the commit's absolute time; ``benchmarks/parent_cpu.py`` times real builds. Medians per tree, and new / base.
``--detail`` adds the wall time spent in a few functions of the commit (accumulated, threads included).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DETAIL = (
    ("search.index.bulk", "_FieldPostings", "sorted"),
    ("search.index.bulk", "BulkSegmentWriter", "_write_columns"),
    ("search.index.bulk", "BulkSegmentWriter", "_write_field"),
    ("search.index.codec", "_FieldWriter", "add_sorted"),
    ("search.index.codec", "_FieldWriter", "_write_terms"),
    ("search.index.codec", "_FieldWriter", "postings_ahead"),
    ("search.index.codec", "_TermsHashWriter", "_write_hashes"),
    ("whoosh.codec.whoosh3", "W3PerDocWriter", "close"),
    ("whoosh.codec.whoosh3", "W3FieldWriter", "close"),
    ("whoosh.writing", "SegmentWriter", "_commit_toc"),
    ("search.index.integrity", None, "record"),
)


def _child(docs: str, out: str, forks: int, detail: bool) -> None:
    import importlib

    from search.index import build, writer

    original = writer.IndexWriter.commit
    results: list[dict[str, float]] = []

    def patch_detail(spent: dict[str, float]) -> None:
        for module_name, owner_name, name in DETAIL:
            module = importlib.import_module(module_name)
            owner: Any = module if owner_name is None else getattr(module, owner_name, None)
            if owner is None or not hasattr(owner, name):
                continue
            function = getattr(owner, name)
            key = f"{owner_name or module_name}.{name}"

            def timed(*args: Any, _function: Any = function, _key: str = key, **kwargs: Any) -> Any:
                at = time.perf_counter()
                try:
                    return _function(*args, **kwargs)
                finally:
                    took = time.perf_counter() - at
                    spent[_key] = spent.get(_key, 0.0) + took
                    if _key == "BulkSegmentWriter._write_field":  # each field's too
                        spent[f"{_key}:{args[1]}"] = took
            setattr(owner, name, timed)

    def snapshot() -> tuple[dict[str, bytes], list[tuple[int, int, int]]]:
        """The index folder's files and this process's open files' offsets and sizes, restored after each child
        (a child shares the open files' offsets, writes the files and removes the temporary ones)."""
        files = {str(p): p.read_bytes() for p in Path(out).rglob("*") if p.is_file()}
        fds = []
        for fd in map(int, os.listdir("/proc/self/fd")):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if target.startswith(os.path.abspath(out)):
                fds.append((fd, os.lseek(fd, 0, os.SEEK_CUR), os.fstat(fd).st_size))
        return files, fds

    def restore(files: dict[str, bytes], fds: list[tuple[int, int, int]]) -> None:
        for fd, offset, size in fds:
            os.ftruncate(fd, size)
            os.lseek(fd, offset, os.SEEK_SET)
        for p in sorted(Path(out).rglob("*"), reverse=True):
            if str(p) not in files:
                if p.is_dir():
                    if not any(str(f).startswith(str(p) + "/") for f in files):
                        p.rmdir()
                else:
                    p.unlink()
        for name, data in files.items():
            Path(name).parent.mkdir(parents=True, exist_ok=True)
            Path(name).write_bytes(data)

    def commit(self: Any, merge: bool = True) -> None:
        if self.writer is not None and not results:
            files, fds = snapshot()
            for _ in range(forks):
                read, write = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(read)
                    spent: dict[str, float] = {}
                    if detail:
                        patch_detail(spent)
                    at = time.perf_counter()
                    original(self, merge)
                    spent["wall"] = time.perf_counter() - at
                    os.write(write, json.dumps(spent).encode())
                    os._exit(0)
                os.close(write)
                with os.fdopen(read, "rb") as pipe:
                    found = json.loads(pipe.read() or b"{}")
                _, status, usage = os.wait4(pid, 0)
                if status:
                    raise SystemExit(f"a forked commit failed (wait status {status})")
                found["cpu"] = usage.ru_utime + usage.ru_stime
                results.append(found)
                restore(files, fds)
        original(self, merge)

    writer.IndexWriter.commit = commit  # type: ignore[method-assign]
    if os.environ.get("COMMIT_SERIAL"):  # the fields without positions made in this thread, not ahead in another
        from search.index import bulk
        bulk.AHEAD = ()
    build.build_index([docs], out, rebuild=True, procs=2)
    print(json.dumps(results))


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1")
        return
    from .alternate import alternating, child_json, print_medians  # (here: a child runs this file as a script)

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs")
    parser.add_argument("--trees", nargs=2, required=True, metavar=("BASE", "NEW"))
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--forks", type=int, default=5)
    parser.add_argument("--detail", action="store_true")
    args = parser.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"base": [], "new": []}
    with tempfile.TemporaryDirectory() as work:
        for name, tree, load in alternating(args.trees, args.rounds):
            found = child_json(tree, [__file__, "--child", args.docs, str(Path(work) / name), str(args.forks),
                                      "1" if args.detail else "0"])
            runs[name].extend(found)
            print(name, f"load {load:.2f}", "wall", [round(r["wall"], 3) for r in found],
                  "cpu", [round(r["cpu"], 3) for r in found], flush=True)
    keys = [k for k in runs["base"][0] if all(k in r for r in runs["base"] + runs["new"])]
    print_medians(runs, ["wall", "cpu", *[k for k in keys if k not in ("wall", "cpu")]], width=40,
                  note=f"  ({len(runs['base'])} and {len(runs['new'])} commits)")

if __name__ == "__main__":
    main()
