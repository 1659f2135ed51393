"""Whether two trees prepare every chunk of a dumped corpus alike (``benchmarks/prepare_cpu.py dump``), term order
within a chunk aside: each chunk's documents (their pickled articles, values, stored bytes and lengths) byte for byte,
and each analysed field's postings as term strings, documents, frequencies and positions, in order.

    python -m benchmarks.prepare_same CHUNKS --trees BASE NEW

A chunk's ``FieldArrays.terms`` lists its terms in the order the worker numbered them (``prepare._Words``): before
12-05 the order of a set of each text's new words (so of the strings' hashes, another in every build), since then
the order they are met in. The index does not depend on it (the writer numbers a chunk's terms itself), and so this
compares what the terms are, not their numbers. Each tree's child runs in that tree: ``python -m`` puts the
working directory first on the path, so run from one tree both children would import its ``search`` (as
``prepare_cpu.py same`` and ``time`` did until 12-05: they compared a tree with itself).
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
from typing import Any


def _prepared(path: str) -> list[Any]:
    out = []
    with open(path, "rb") as f:
        while True:
            try:
                out.append(pickle.load(f))
            except EOFError:
                return out


def _fields(prepared: Any) -> dict[str, Any]:
    out = {}
    for name, arrays in prepared.fields.items():
        terms = arrays.terms
        out[name] = ([terms[t] for t in arrays.term], list(arrays.doc), list(arrays.tf),
                     None if arrays.positions is None else list(arrays.positions))
    return out


def _docs(prepared: Any) -> list[bytes]:
    return [pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL) for item in prepared.docs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chunks")
    parser.add_argument("--trees", nargs=2, required=True, metavar=("BASE", "NEW"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        outs = []
        for i, tree in enumerate(args.trees):
            out = os.path.join(work, str(i))
            subprocess.run([sys.executable, "-m", "benchmarks.prepare_cpu", "child-dump", args.chunks, out],
                           env=dict(os.environ, PYTHONPATH=tree, PYTHONHASHSEED="0"), cwd=tree, check=True)
            outs.append(_prepared(out))
    base, new = outs
    differ = 0
    if len(base) != len(new):
        print(f"{len(base)} chunks against {len(new)}")
        sys.exit(1)
    for number, (a, b) in enumerate(zip(base, new, strict=True)):
        if _docs(a) != _docs(b):
            print(f"chunk {number}: documents differ")
            differ += 1
        elif _fields(a) != _fields(b):
            print(f"chunk {number}: postings differ")
            differ += 1
    print(f"{len(base)} chunks, {sum(len(p.docs) for p in base)} documents: "
          + ("same" if not differ else f"{differ} DIFFERENT"))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
