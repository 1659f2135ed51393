"""The parent's parsing alone (``IndexingRun.chunks``: reading, parsing, cleaning and keying the files), of two
source trees in alternating pairs, with a digest of what it gives (the documents, their keys, the report).

    python -m benchmarks.parse_cpu DOCS --trees /work/base /work/mine --pairs 9

Each run is a fresh process with one tree on its ``PYTHONPATH``: an empty index is opened, the files walked,
and ``IndexingRun.chunks`` consumed in this process (no workers, nothing written), ``--repeat`` times; the CPU
(``time.process_time``) of each pass, the best and the median printed. The digest must be the same for both
trees: the same documents (every field), keys and skipped files, in the same order.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _child(docs: str, repeat: int) -> dict[str, object]:
    from search.index.build import IndexingRun
    from search.index.options import Options
    from search.index.writer import IndexWriter
    from search.ingest.fields import FieldMap
    from search.ingest.walk import walk
    from search.records import IndexReport

    files = [(path, stat) for path, stat in walk([Path(docs)], [], set(), {}, {})]
    times: list[float] = []
    digest = ""
    with tempfile.TemporaryDirectory() as where, IndexWriter.open(Path(where) / "idx", True) as writer:
        for _ in range(repeat):
            report = IndexReport(index_dir=where, rebuilt=True)
            run = IndexingRun(writer, report, Options(None, None, stored=True), "v", FieldMap(), {})
            h = hashlib.blake2b(digest_size=16)
            at = time.process_time()
            chunks = list(run.chunks(files))
            times.append(time.process_time() - at)
            for chunk in chunks:
                for doc, key in zip(chunk.docs, chunk.hashes, strict=True):
                    h.update(repr(doc).encode("utf-8", "surrogatepass"))
                    h.update(key.encode())
            h.update(repr(report.skipped).encode("utf-8", "surrogatepass"))
            digest = h.hexdigest()
    return {"best": min(times), "median": statistics.median(times), "digest": digest}


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(_child(sys.argv[2], int(sys.argv[3]))))
        return
    from . import alternate  # (here: a child runs this file as a script)

    parser = alternate.pairs_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"base": [], "new": []}
    digests: dict[str, set[str]] = {"base": set(), "new": set()}
    for name, tree, load in alternate.alternating(args.trees, args.pairs):
        out = alternate.child_json(tree, [__file__, "--child", args.docs, str(args.repeat)])
        digests[name].add(out.pop("digest"))
        runs[name].append({**out, "load": load})
        print(name, {k: round(v, 3) for k, v in runs[name][-1].items()}, flush=True)
    alternate.print_medians(runs, ("best", "median", "load"), width=8)
    print("digests", "same" if digests["base"] == digests["new"] and len(digests["base"]) == 1 else digests)


if __name__ == "__main__":
    main()
