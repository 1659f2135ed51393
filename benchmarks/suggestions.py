"""How often "did you mean" restores a word from a typo of it: ``python -m benchmarks.suggestions INDEX``.

Typos are made from the index's own words (Latin letters, 5 letters or more, in 3 articles or more): one
deletion, insertion, substitution or transposition, at a random place after the first letter, keeping only
typos that no article contains. Each typo is searched alone; the suggestion restores the word, is another
word, or there is none. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys

from search import open_index


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word))
    kind = rng.choice(("delete", "insert", "substitute", "transpose"))
    letter = rng.choice(string.ascii_lowercase)
    if kind == "delete":
        return word[:i] + word[i + 1:]
    if kind == "insert":
        return word[:i] + letter + word[i:]
    if kind == "substitute":
        return word[:i] + letter + word[i + 1:]
    if i == len(word) - 1:
        i -= 1
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("index")
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--seed", type=int, default=5)
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    with open_index(args.index) as ix:
        reader = ix.reader
        words = sorted(w for w in reader.field_terms("body")
                       if len(w) >= 5 and w.isascii() and w.isalpha() and reader.doc_frequency("body", w) >= 3)
        restored = other = none = 0
        tried = 0
        for word in rng.sample(words, min(len(words), args.n * 3)):
            t = typo(word, rng)
            if t == word or reader.doc_frequency("body", t) or any(reader.expand_prefix("exact", t + " ")):
                continue
            tried += 1
            s = ix.search(t, limit=0, facets=[]).suggestion
            if s is None:
                none += 1
            elif s.lower() == word:
                restored += 1
            else:
                other += 1
            if tried == args.n:
                break
    print(json.dumps({"index": args.index, "typos": tried, "restored": restored, "other": other, "none": none,
                      "restored_share": round(restored / max(tried, 1), 3),
                      "wrong_share": round(other / max(tried, 1), 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
