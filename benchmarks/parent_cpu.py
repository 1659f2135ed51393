"""The indexing process's own CPU, part by part, and whole builds, of two source trees in alternating pairs.

    python -m benchmarks.parent_cpu DOCS --trees /work/base /work/mine --pairs 7            # parts (below)
    python -m benchmarks.parent_cpu DOCS --trees /work/base /work/mine --pairs 7 --builds   # whole builds

Parts: a first build (2 workers) in a fresh process run with each tree on its ``PYTHONPATH``, this process's
``time.process_time`` (its threads included, its workers not) summed over ``IndexingRun.parse`` (reading,
parsing and cleaning the files, resumed chunk after chunk), ``IndexingRun.write`` (adding the prepared chunks to
the segment), ``IndexWriter.commit`` (the segment's files; its wall time too), the import of the engine, and
the rest (the walk, sending and receiving chunks, the arrays saved after the commit). Builds:
``python -m search index DOCS --rebuild --quiet``, its wall time and the CPU of its process tree (``os.wait4``),
and the load average before it. Medians of each, and new / base. The machine is shared: alternate, and read the
load column.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PARTS = ("parse", "write", "commit", "commit_wall", "import", "rest", "total", "wall")


def _parts(docs: str, out: str) -> dict[str, float]:
    """In the child process: one build, its CPU by part (module docstring)."""
    started = time.process_time()
    from search.index import build, writer

    parts = dict.fromkeys(PARTS, 0.0)
    parts["import"] = time.process_time() - started

    def timed_generator(method: Any, key: str) -> Any:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            items = method(*args, **kwargs)
            while True:
                at = time.process_time()
                try:
                    item = next(items)
                except StopIteration:
                    parts[key] += time.process_time() - at
                    return
                parts[key] += time.process_time() - at
                yield item
        return wrapped

    def timed(method: Any, key: str) -> Any:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            at, wall = time.process_time(), time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                parts[key] += time.process_time() - at
                if key == "commit":
                    parts["commit_wall"] += time.perf_counter() - wall
        return wrapped

    build.IndexingRun.parse = timed_generator(build.IndexingRun.parse, "parse")  # type: ignore[method-assign]
    build.IndexingRun.write = timed(build.IndexingRun.write, "write")  # type: ignore[method-assign]
    writer.IndexWriter.commit = timed(writer.IndexWriter.commit, "commit")  # type: ignore[method-assign]
    shutil.rmtree(out, ignore_errors=True)
    at, wall = time.process_time(), time.perf_counter()
    build.build_index([docs], out, rebuild=True, procs=2)
    parts["wall"] = time.perf_counter() - wall
    parts["total"] = time.process_time() - at + parts["import"]
    parts["rest"] = parts["total"] - parts["import"] - parts["parse"] - parts["write"] - parts["commit"]
    return parts


def _one(tree: str, docs: str, out: str, builds: bool) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=tree)
    load = os.getloadavg()[0]
    if not builds:
        from .alternate import child_json  # (here: a child runs this file as a script)

        return {**child_json(tree, [__file__, "--child", docs, out]), "load": load}
    at = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "search", "index", docs, "--index", out, "--rebuild", "--quiet"],
                            env=env, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"the build with {tree} failed (wait status {status})")
    return {"wall": time.perf_counter() - at, "tree_cpu": usage.ru_utime + usage.ru_stime, "load": load}


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(_parts(sys.argv[2], sys.argv[3])))
        return
    from .alternate import alternating, pairs_parser, print_medians  # (here: a child runs this file as a script)

    parser = pairs_parser(__doc__)
    parser.add_argument("--builds", action="store_true", help="whole builds, not the parts")
    args = parser.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"base": [], "new": []}
    with tempfile.TemporaryDirectory() as work:
        for name, tree, _ in alternating(args.trees, args.pairs):
            runs[name].append(_one(tree, args.docs, str(Path(work) / name), args.builds))
            print(name, {k: round(v, 3) for k, v in runs[name][-1].items()}, flush=True)
    print_medians(runs, list(runs["base"][0]))

if __name__ == "__main__":
    main()
