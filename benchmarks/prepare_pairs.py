"""The workers' CPU of two trees, paired: ``prepare_cpu.py time``'s measurement, each child run from the temporary
folder with its tree first on the path (``alternate.child_json``). ``prepare_cpu.py time`` runs both children from
its own tree's folder, and ``python -m`` puts the working directory first on the path: both import that tree's
``search``, timing one tree against itself.

    python -m benchmarks.prepare_pairs CHUNKS --trees BASE NEW --pairs 7

CHUNKS: ``python -m benchmarks.prepare_cpu dump DOCS CHUNKS``. Each tree must hold ``benchmarks/prepare_cpu.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics

from .alternate import alternating, child_json, print_medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chunks")
    parser.add_argument("--trees", nargs=2, required=True, metavar=("BASE", "NEW"))
    parser.add_argument("--pairs", type=int, default=7)
    args = parser.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"base": [], "new": []}
    for name, tree, load in alternating(args.trees, args.pairs):
        script = os.path.join(tree, "benchmarks", "prepare_cpu.py")
        cpu = child_json(tree, [script, "child-time", os.path.abspath(args.chunks)])["cpu"]
        runs[name].append({"cpu": cpu})
        print(f"{name} cpu {cpu:.3f} load {load:.2f}", flush=True)
    ratios = sorted(n["cpu"] / b["cpu"] for b, n in zip(runs["base"], runs["new"], strict=True))
    print_medians(runs, ("cpu",), note=f"  ({args.pairs} pairs; pair ratios {ratios[0]:.3f}-{ratios[-1]:.3f}, "
                                       f"median {statistics.median(ratios):.3f})")


if __name__ == "__main__":
    main()
