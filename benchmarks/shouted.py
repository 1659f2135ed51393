"""Words in capitals typed as a query (lang/acronyms.py ``shouted``, query/compile.py ``written_as_acronyms``): 200
pairs of adjacent words that vi-news, km-news or the seeds write both in capitals, each a possible acronym
(``capitals``), drawn at random; each typed in capitals, its hits against the articles writing both words in any case
(``words``: anywhere; ``side``: side by side in one line) and those writing both in capitals (``acr``); the oracle
reads the raw text with its own folding and words, as names.py. ``score`` counts apart the pairs mostly written
as words side by side (more than twice as many articles as write the acronyms) and the others.

    PYTHONPATH=<checkout> python -m benchmarks.shouted draw SAMPLE
    PYTHONPATH=<checkout> python -m benchmarks.shouted query SAMPLE INDEX OUT     (INDEX: benchmarks.names build's)
    python -m benchmarks.shouted score SAMPLE OUT [OUT...]
"""
import json
import random
import re
import sys
import unicodedata
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

from search.lang.acronyms import capitals

from .names import fold, records

WORD = re.compile(r"[^\W\d_]+")


def scan():
    words, caps, pairs, side = defaultdict(set), defaultdict(set), defaultdict(set), defaultdict(set)
    for r in records():
        for text in (r["title"], r["body"]):
            for line in unicodedata.normalize("NFC", text).split("\n"):
                found = WORD.findall(line)
                for w in found:
                    words[fold(w)].add(r["id"])
                    if capitals(w):
                        caps[fold(w)].add(r["id"])
                for a, b in pairwise(found):
                    side[(fold(a), fold(b))].add(r["id"])
                    if capitals(a) and capitals(b):
                        pairs[(fold(a), fold(b))].add(r["id"])
    return words, caps, pairs, side


def draw(out):
    words, caps, pairs, side = scan()
    drawn = random.Random(38).sample(sorted(p for p in pairs if p[0] != p[1]), 200)
    Path(out).write_text(json.dumps({" ".join(p).upper(): {"acr": sorted(caps[p[0]] & caps[p[1]]),
                                                           "words": sorted(words[p[0]] & words[p[1]]),
                                                           "side": sorted(side[p])}
                                     for p in drawn}))


def query(sample, index, out):
    from search import open_index
    with open_index(index) as ix:
        hits = {q: [h.id for h in ix.search(q, limit=100000, facets=[], snippets=False).hits]
                for q in json.loads(Path(sample).read_text())}
    Path(out).write_text(json.dumps(hits))


def score(sample, *outs):
    d = json.loads(Path(sample).read_text())
    words = [q for q, o in d.items() if 2 * len(o["acr"]) < len(o["side"])]  # mostly written as words
    for out in outs:
        h = {q: set(ids) for q, ids in json.loads(Path(out).read_text()).items()}
        for name, qs in (("mostly words", words), ("mostly acronyms", [q for q in d if q not in words])):
            found_w = sum(len(h[q] & set(d[q]["words"])) for q in qs)
            found_s = sum(len(h[q] & set(d[q]["side"])) for q in qs)
            found_a = sum(len(h[q] & set(d[q]["acr"])) for q in qs)
            only = sum(h[q] <= set(d[q]["acr"]) and bool(set(d[q]["words"]) - set(d[q]["acr"])) for q in qs)
            print(f"{out}: {name} {len(qs)} queries: articles writing the words side by side found {found_s}/"
                  f"{sum(len(d[q]['side']) for q in qs)}, anywhere {found_w}/"
                  f"{sum(len(d[q]['words']) for q in qs)}, writing the acronyms {found_a}/"
                  f"{sum(len(d[q]['acr']) for q in qs)}, queries finding only the capitals where the words are "
                  f"written otherwise too {only}, other hits {sum(len(h[q] - set(d[q]['words'])) for q in qs)}")


if __name__ == "__main__":
    {"draw": draw, "query": query, "score": score}[sys.argv[1]](*sys.argv[2:])
