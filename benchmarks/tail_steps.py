"""The end of a build, after its last commit, step by step, for two source trees in alternating pairs.

    python -m benchmarks.tail_steps DOCS --trees /work/base /work/mine --pairs 7

Each run is a ``build_index(DOCS, rebuild=True)`` in a fresh process with the tree on its ``PYTHONPATH``, into an
index folder of that tree's own that the runs before filled (so each rebuild publishes its generation and retires
one, as ``search index --rebuild`` does on an index in use). Wall times (ms) of the steps after the run's last
commit: ``after_commit`` (from the end of that commit to ``build_index``'s return: what one core does alone at
the end of a build), ``save_arrays``, ``languages``, ``predict``, ``exit`` (the writer's ``__exit__``: it publishes
a rebuild's generation), ``settle`` (waiting for a publishing done in a thread, where the tree has it),
``state`` and ``save`` (noop.py), ``write_files``; the commit itself and the whole build for reference. Medians
of each, and new / base. The machine is shared: alternate, and read the load column.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STEPS = (("writer", "IndexWriter", "commit"), ("store", None, "write_files"), ("writer", "IndexWriter", "languages"),
         ("writer", "IndexWriter", "save_arrays"), ("build", "IndexingRun", "predict"), ("noop", None, "state"),
         ("noop", None, "save"), ("writer", "IndexWriter", "__exit__"), ("store", None, "settle"))


def _child(docs: str, out: str) -> dict[str, float]:
    """In the child process: one rebuild, the wall time of each step (module docstring)."""
    import importlib

    import search

    times: dict[str, float] = {}
    ended: list[float] = []

    def timed(owner: Any, name: str) -> None:
        method = getattr(owner, name)

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            at = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                key = "exit" if name == "__exit__" else name
                times[key] = times.get(key, 0.0) + time.perf_counter() - at
                if name == "commit":
                    ended.append(time.perf_counter())
        setattr(owner, name, wrapped)

    for module_name, class_name, name in STEPS:
        module = importlib.import_module(f"search.index.{module_name}")
        owner = getattr(module, class_name) if class_name else module
        if hasattr(owner, name):
            timed(owner, name)
    at = time.perf_counter()
    search.build_index([docs], out, rebuild=True)
    done = time.perf_counter()
    times["build"] = done - at
    times["after_commit"] = done - ended[-1]
    return {k: v * 1000 for k, v in times.items()}


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(_child(sys.argv[2], sys.argv[3])))
        return
    from . import alternate  # (here: a child runs this file as a script)

    parser = alternate.pairs_parser(__doc__)
    args = parser.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"base": [], "new": []}
    with tempfile.TemporaryDirectory() as work:
        for name, tree, load in alternate.alternating(args.trees, args.pairs):
            runs[name].append({**alternate.child_json(tree, [__file__, "--child", args.docs, str(Path(work) / name)]),
                               "load": load})
            print(name, {k: round(v, 1) for k, v in runs[name][-1].items()}, flush=True)
    # (a step that one tree has and the other has not counts 0 there)
    keys = sorted(set(runs["base"][0]) | set(runs["new"][0]))
    for run in (*runs["base"], *runs["new"]):
        for key in keys:
            run.setdefault(key, 0.0)
    print(f"medians of {args.pairs} runs each (ms; load: the 1-minute load average before each run)")
    alternate.print_medians(runs, keys, width=14)


if __name__ == "__main__":
    main()
