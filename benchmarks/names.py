"""A word typed joined against a brute-force search of the raw text (README, "A Vietnamese name written joined or
apart"): on vi-news, km-news and the seeds, 180 names (capitalised runs of two or three syllables drawn at random), 360
lower-case runs, and the Latin words vi-news writes with a capital that parse as syllables (Honda, Bacon...), each
typed joined with a capital, in lower case and quoted; the articles found that write the word or the name (each
syllable with a capital, spaces between), its syllables apart otherwise (in Vietnamese articles), or neither.

    PYTHONPATH=<checkout> python -m benchmarks.names build WORK           (index the corpus into WORK)
    PYTHONPATH=<checkout> python -m benchmarks.names query WORK OUT       (the queries, their oracle and hits: JSON)
    python -m benchmarks.names score OUT [OUT...]                         (found, missed, other hits)

The oracle reads the text with its own folding and word pattern, not the engine's.
"""
import json
import random
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

from .sources import load_km_news, load_seeds, load_vi_news

DATA = Path("/work/shared/data")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
WORD = re.compile(r"\w+")
SPACES = re.compile(r"[^\S\n]+")  # between two words of a name: not a line break (a paragraph's end)
LISTED = ["honda", "bacon", "macao", "cuba", "london", "canon"]


def records():
    for a in [*load_vi_news(DATA), *load_km_news(DATA), *load_seeds(SEEDS)]:
        yield {"id": a.id, "title": a.title or "", "body": "\n".join(a.paragraphs), "lang": a.lang,
               **({"date": a.date} if a.date else {})}


def fold(w):
    w = unicodedata.normalize("NFD", w.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in w if not unicodedata.combining(c)).lower()


def tokens(text):
    """Per word of letters: (folded, begins with a capital, only spaces before it, as written); None for others."""
    text = unicodedata.normalize("NFC", text)
    out, prev = [], None
    for m in WORD.finditer(text):
        if m[0].isalpha():
            spaced = prev is not None and bool(SPACES.fullmatch(text[prev:m.start()]))
            out.append((fold(m[0]), m[0][0].isupper(), spaced, m[0]))
        else:
            out.append(None)
        prev = m.end()
    return out


def scan():
    words, runs, langs = defaultdict(set), defaultdict(lambda: {"cap": set(), "any": set()}), {}
    low, cap, foreign = defaultdict(set), defaultdict(set), defaultdict(set)
    for r in records():
        aid, lang = r["id"], r["lang"]
        langs[aid] = lang
        for text in (r["title"], r["body"]):
            toks = tokens(text)
            for i, t in enumerate(toks):
                if t is None:
                    continue
                words[t[0]].add(aid)
                if lang == "vi" and t[1] and t[3].isascii() and not t[3].isupper():
                    foreign[t[0]].add(aid)
                for size in (2, 3):
                    run = toks[i:i + size]
                    if len(run) < size or None in run or not all(x[2] for x in run[1:]):
                        continue
                    joined = "".join(x[0] for x in run)
                    runs[joined]["any"].add(aid)
                    if all(x[1] for x in run):
                        runs[joined]["cap"].add(aid)
                        cap[tuple(x[0] for x in run)].add(aid)
                    if lang == "vi" and not any(x[1] for x in run):
                        low[tuple(x[0] for x in run)].add(aid)
    return words, runs, langs, low, cap, foreign


def build(work):
    from search import build_index
    folder = work / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "records.jsonl", "w", encoding="utf-8") as f:
        for r in records():
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    build_index([folder], work / "index", procs=1)


def query(work, out):
    from search import open_index
    from search.lang.vietnamese import syllable_cuts  # chooses the queries (words that parse), not the answers
    words, runs, langs, low, cap, foreign = scan()
    rng = random.Random(37)

    def drawn(found, size, n):
        return rng.sample(sorted(r for r, a in found.items() if len(r) == size and len(a) >= 2
                                 and "".join(r).isascii() and r in syllable_cuts("".join(r))), n)

    sample = {"names": [*drawn(cap, 2, 150), *drawn(cap, 3, 30)], "words": [*drawn(low, 2, 300), *drawn(low, 3, 60)]}
    common = sorted((w for w, a in foreign.items() if len(a) >= 2 and syllable_cuts(w)), key=lambda w: -len(foreign[w]))
    sample = {g: ["".join(r) for r in items] for g, items in sample.items()}
    sample["foreign"] = list(dict.fromkeys(LISTED + common[:200]))
    oracle = {j: {"word": sorted(words.get(j, ())), "cap": sorted(runs[j]["cap"]) if j in runs else [],
                  "any": sorted(runs[j]["any"]) if j in runs else []} for items in sample.values() for j in items}
    hits = {}
    with open_index(work / "index") as ix:
        for j in oracle:
            for typed in (j.capitalize(), j, f'"{j.capitalize()}"'):
                hits[typed] = [h.id for h in ix.search(typed, limit=100000, facets=[], snippets=False).hits]
    Path(out).write_text(json.dumps({"sample": sample, "oracle": oracle, "langs": langs, "hits": hits},
                                    ensure_ascii=False), encoding="utf-8")


def score(*outs):
    for out in outs:
        d = json.loads(Path(out).read_text(encoding="utf-8"))
        print("==", out)
        for group, items in d["sample"].items():
            for form in ("Cap", "low", '"Cap"'):
                named = apart = n_named = n_apart = other = over = 0
                for j in items:
                    o = d["oracle"][j]
                    h = set(d["hits"][{"Cap": j.capitalize(), "low": j, '"Cap"': f'"{j.capitalize()}"'}[form]])
                    name = set(o["word"]) | set(o["cap"])
                    words = {a for a in o["any"] if d["langs"][a] == "vi"} - name  # the syllables as other words
                    n_named += len(name)
                    named += len(h & name)
                    n_apart += len(words)
                    apart += len(h & words)
                    other += len(h - name - words)
                    over += bool(h - name)
                print(f"{group:8} {form:6} word or name {named}/{n_named}  syllables as words (vi) {apart}/{n_apart}"
                      f"  other {other}  queries finding beyond the word or name {over}/{len(items)}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "build":
        build(Path(args[0]))
    elif cmd == "query":
        query(Path(args[0]), args[1])
    else:
        score(*args)
