"""The workers' share of a build: ``index.prepare.prepare`` over the chunks of a corpus, in one process.

    python -m benchmarks.prepare_cpu dump DOCS CHUNKS              # the chunks a build sends its workers, pickled
    python -m benchmarks.prepare_cpu time CHUNKS --trees BASE NEW --pairs 7   # CPU of preparing them all, paired
    python -m benchmarks.prepare_cpu profile CHUNKS [--top 40]     # cProfile of preparing them all (this tree)
    python -m benchmarks.prepare_cpu same CHUNKS --trees BASE NEW  # both trees prepare every chunk alike

``time`` runs a fresh process per measurement with each tree on its ``PYTHONPATH``, warmed as a worker is
(``prepare.warm``), and reports the ``time.process_time`` of preparing every chunk, alternating the trees; medians
and new / base. ``same`` compares the pickled ``Prepared`` of every chunk (articles, values, stored bytes, arrays).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from typing import Any


def _dump(docs: str, out: str) -> None:
    from search.index import build

    chunks: list[Any] = []
    original = build._prepare

    def recording(docs: Any, options: Any) -> Any:
        chunks.append((list(docs), options))
        return original(docs, options)

    build._prepare = recording  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as index:
        build.build_index([docs], index, rebuild=True, procs=1)
    with open(out, "wb") as f:
        pickle.dump(chunks, f, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{len(chunks)} chunks, {sum(len(c) for c, _ in chunks)} documents")


def _load(path: str) -> list[Any]:
    with open(path, "rb") as f:
        return pickle.load(f)  # type: ignore[no-any-return]


def _child_time(path: str) -> None:
    from search.index import prepare

    chunks = _load(path)
    prepare.warm(chunks[0][1])
    at = time.process_time()
    for docs, options in chunks:
        prepare.prepare(docs, options)
    print(json.dumps({"cpu": time.process_time() - at}))


def _child_dump(path: str, out: str) -> None:
    from search.index import prepare

    with open(out, "wb") as f:
        for docs, options in _load(path):
            pickle.dump(prepare.prepare(docs, options), f, protocol=pickle.HIGHEST_PROTOCOL)


def _run(tree: str, *args: str) -> str:
    """This file run as a script with ``tree`` first on the path, from the temporary folder. (Until 12-05 it ran
    ``python -m benchmarks.prepare_cpu`` from this file's repository, which ``-m`` puts first on the path: both
    children imported that repository's ``search``, and ``time`` and ``same`` compared a tree with itself.)"""
    # (one hash seed: the pickled results of two processes are compared byte for byte)
    env = dict(os.environ, PYTHONPATH=tree, PYTHONHASHSEED="0")
    return subprocess.run([sys.executable, os.path.abspath(__file__), *args], env=env, cwd=tempfile.gettempdir(),
                          check=True, capture_output=True, text=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("dump", "time", "profile", "same", "child-time", "child-dump"))
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--trees", nargs=2, metavar=("BASE", "NEW"))
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    if args.command == "dump":
        _dump(*args.paths)
    elif args.command == "child-time":
        _child_time(args.paths[0])
    elif args.command == "child-dump":
        _child_dump(*args.paths)
    elif args.command == "profile":
        import cProfile
        import pstats

        from search.index import prepare

        chunks = _load(args.paths[0])
        prepare.warm(chunks[0][1])
        profiler = cProfile.Profile()
        profiler.enable()
        for docs, options in chunks:
            prepare.prepare(docs, options)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top)
    elif args.command == "time":
        from .alternate import alternating, print_medians  # (here: a child runs this file as a script)

        runs: dict[str, list[dict[str, float]]] = {"base": [], "new": []}
        for name, tree, load in alternating(args.trees, args.pairs):
            cpu = json.loads(_run(tree, "child-time", args.paths[0]).strip().splitlines()[-1])["cpu"]
            runs[name].append({"cpu": cpu})
            print(f"{name} cpu {cpu:.3f} load {load:.2f}", flush=True)
        print_medians(runs, ("cpu",), note=f"  ({args.pairs} pairs)")
    elif args.command == "same":
        with tempfile.TemporaryDirectory() as work:
            outs = []
            for i, tree in enumerate(args.trees):
                out = os.path.join(work, str(i))
                _run(tree, "child-dump", args.paths[0], out)
                with open(out, "rb") as f:
                    outs.append(f.read())
        print("same" if outs[0] == outs[1] else "DIFFERENT")
        sys.exit(0 if outs[0] == outs[1] else 1)


if __name__ == "__main__":
    main()
