"""Two source trees timed against each other on a shared machine: the runs alternate (base, new, then new, base,
...) so that drift in the load falls on both, each run is a fresh process with its tree on ``PYTHONPATH``, and
the medians of each figure are compared (new / base). Used by ``parent_cpu``, ``parse_cpu``, ``prepare_cpu`` and
``commit_fork``."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from typing import Any


def pairs_parser(doc: str | None) -> argparse.ArgumentParser:
    """The arguments every such script takes: the articles (DOCS), ``--trees BASE NEW`` and ``--pairs``."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs")
    parser.add_argument("--trees", nargs=2, required=True, metavar=("BASE", "NEW"))
    parser.add_argument("--pairs", type=int, default=7)
    return parser


def alternating(trees: Sequence[str], pairs: int) -> Iterator[tuple[str, str, float]]:
    """``(name, tree, load)`` for each run: ``base`` is ``trees[0]``, ``new`` ``trees[1]``; which goes first
    alternates from pair to pair; the load average just before the run."""
    for pair in range(pairs):
        for name in ("base", "new") if pair % 2 == 0 else ("new", "base"):
            yield name, trees[0] if name == "base" else trees[1], os.getloadavg()[0]


def child_json(tree: str, args: Sequence[str]) -> Any:
    """Run ``python ARGS`` with ``tree`` first on the path (from the temporary folder, so that the current one is
    not imported instead) and return the JSON of its output's last line."""
    done = subprocess.run([sys.executable, *args], env=dict(os.environ, PYTHONPATH=tree), cwd=tempfile.gettempdir(),
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_medians(runs: dict[str, list[dict[str, float]]], keys: Sequence[str], width: int = 12,
                  note: str = "") -> None:
    """Each key's median for base and new, and new / base."""
    for key in keys:
        base = statistics.median(r[key] for r in runs["base"])
        new = statistics.median(r[key] for r in runs["new"])
        ratio = new / base if base else float("nan")
        print(f"{key:{width}} base {base:8.3f}  new {new:8.3f}  new/base {ratio:.3f}{note}")
