#!/bin/sh
# Fresh-process no-op re-index, alternating trees: benchmarks/noop_pairs.sh DOCS INDEX PAIRS TREE...
# (PYTHON: the interpreter; each tree's search/ compiled with compileall; each tree has an index of its own,
# INDEX-1, INDEX-2... in the order of the trees, built already by that tree; prints "tree seconds added updated").
DOCS=$1 INDEX=$2 PAIRS=$3; shift 3
for i in $(seq 1 "$PAIRS"); do n=0; for t in "$@"; do n=$((n + 1))
  printf '%s ' "$t"; (cd "$t" && PYTHONPATH="$t" "${PYTHON:-python}" -c "
import time, search
from pathlib import Path
assert search.__file__.startswith('$t'), search.__file__
t = time.perf_counter(); r = search.build_index([Path('$DOCS')], Path('$INDEX-$n'))
print(round(time.perf_counter() - t, 4), r.added, r.updated)")
done; done
