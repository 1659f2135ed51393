"""How an indexing worker numbers a chunk's words (index/prepare.py ``_Words``): a word is numbered the first time it
is met, in the order of the text, so a chunk's term table does not depend on the order of a set of its words (the
strings' hashes: another in every process)."""

from __future__ import annotations

import os
import subprocess
import sys

from search.index import prepare as prepare_module
from search.index.prepare import Options, PreparedDoc, prepare
from search.ingest.parse import parse_text

TEXTS = [
    "Lanterns\n\nThe harbour council voted to repaint the lanterns along the quay before the winter festival, "
    "and the fishermen asked for brighter ones near the breakwater where the current runs strong.",
    "Bridges\n\nEngineers inspected seven bridges over the river; the oldest, built of granite, needs new "
    "railings and the council will open tenders in spring for the work on its arches.",
]


def _docs() -> list:
    return [parse_text(text, f"n{i}", f"/corpus/n{i}.txt") for i, text in enumerate(TEXTS)]


def _first_seen(terms: list[str], term: list[int]) -> list[str]:
    seen: dict[str, None] = {}
    for t in term:
        seen.setdefault(terms[t], None)
    return list(seen)


def test_a_chunks_words_are_numbered_in_the_order_of_the_text(monkeypatch) -> None:
    monkeypatch.setattr(prepare_module, "_kept", None)  # a worker's first chunk: no word numbered yet
    made = prepare(_docs(), Options("en", None))
    assert all(isinstance(d, PreparedDoc) for d in made.docs)
    body = made.fields["body"]
    # English and ASCII: each word's exact and folded forms are one term, its stem and acronym key other strings,
    # so the body's terms are numbered as their words are first met, title then body, article after article
    assert len(body.terms) > 40
    assert body.terms == _first_seen(body.terms, list(body.term))
    assert body.terms[:3] == ["lanterns", "the", "harbour"]


_CHILD = """
import json
from search.index import prepare as p
from search.ingest.parse import parse_text
from tests.index.test_prepare_numbering import TEXTS
made = p.prepare([parse_text(t, f"n{i}", f"/corpus/n{i}.txt") for i, t in enumerate(TEXTS)], p.Options("en", None))
print(json.dumps({name: f.terms for name, f in made.fields.items()}))
"""


def test_a_chunks_term_tables_are_the_same_whatever_the_hash_seed() -> None:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    outs = {subprocess.run([sys.executable, "-c", _CHILD], cwd=root, check=True, capture_output=True, text=True,
                           env=dict(os.environ, PYTHONHASHSEED=str(seed), PYTHONPATH=root)).stdout
            for seed in (1, 2, 3)}
    assert len(outs) == 1


def test_words_forgotten_are_freed_without_the_cycle_collector(monkeypatch) -> None:
    import gc

    monkeypatch.setattr(prepare_module, "_kept", None)
    monkeypatch.setattr(prepare_module, "_WORDS_KEPT", 10)  # forgotten after every chunk
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()  # (a worker runs it seldom: processes.BULK_GC_THRESHOLD)
    try:
        # (those alive before: the words monkeypatch keeps to put back, any another test holds)
        before = sum(1 for o in gc.get_objects() if type(o) is prepare_module._Words)
        for _ in range(3):
            prepare(_docs(), Options("en", None))
        assert sum(1 for o in gc.get_objects() if type(o) is prepare_module._Words) == before + 1  # this process's
    finally:
        if enabled:
            gc.enable()
