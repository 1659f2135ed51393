"""Acronyms typed dotted or in capitals against a brute-force search of the raw text (README, "An acronym"):
vi-news, Cranfield and 240 generated wire articles; for the 40 acronyms most often written dotted and the 40 most
often written in capitals only, the articles each typed form finds, misses, and finds without it.

    PYTHONPATH=<checkout> python -m benchmarks.acronyms build x WORK     (index the three corpora into WORK)
    PYTHONPATH=<checkout> python -m benchmarks.acronyms query OUT WORK   (the hits of each typed form, as JSON)
    python -m benchmarks.acronyms score OUT                              (found, missed, other hits)
"""
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

DATA = Path("/work/shared/data")


def vi_news():
    for f in sorted((DATA / "vi-news/docs").iterdir()):
        lines = f.read_text(encoding="utf-8").splitlines()
        body = [line for line in lines if not line.startswith("# ")]
        yield {"id": "vi/" + f.stem, "title": body[0], "body": "\n".join(body[1:]), "lang": "vi"}


def cranfield():
    text = (DATA / "cranfield/cran.all.1400").read_text(encoding="utf-8", errors="replace").replace("\r", "")
    for part in text.split("\n.I ")[0:]:
        num = part.strip().split("\n")[0].replace(".I ", "").strip()
        t = re.search(r"\.T\n(.*?)\n\.A", part, re.S)
        w = re.search(r"\.W\n(.*)", part, re.S)
        yield {"id": "cran/" + num, "title": (t[1] if t else "").strip(), "body": (w[1] if w else "").strip(),
               "lang": "en"}


def wire(n=240, seed=7):
    rng = random.Random(seed)
    en = [("U.S.", "US", "the United States"), ("U.N.", "UN", "the United Nations"),
          ("E.U.", "EU", "the European Union"), ("U.K.", "UK", "Britain"), ("W.H.O.", "WHO", "the health agency")]
    fr = [("O.N.U.", "ONU", "les Nations unies"), ("U.E.", "UE", "l'Union européenne"),
          ("É.-U.", "EU", "les États-Unis")]
    for i in range(n):
        french = i % 3 == 0
        rows = fr if french else en
        s = []
        for _ in range(rng.randint(3, 7)):
            dotted, caps, name = rng.choice(rows)
            form = rng.choice([dotted, caps, name])
            if french:
                s.append(rng.choice([f"Selon {form}, un accord a été trouvé à 10h30.",
                                     f"Un porte-parole de {form} a parlé.", f"Il y a un an, {form} avait dit non.",
                                     "Nous avons vu un ministre."]))
            else:
                s.append(rng.choice([f"{form} officials told us on Monday.",
                                     f"The {form} said at 9 a.m. it would act.",
                                     f"Let us see what {form} does.", "Who knows, said the minister.",
                                     f"Sources in {form} said the talks went well."]))
        yield {"id": f"wire/{i}", "title": rng.choice(["Talks", "Pourparlers", "News"]), "body": " ".join(s),
               "lang": "fr" if french else "en"}


CORPORA = {"vi-news": vi_news, "cranfield": cranfield, "wire": wire}
DOTTED = re.compile(r"(?<![\w.])((?:[^\W\d_]\.){1,5}[^\W\d_])(?!\w)\.?")
TONES = set("\u0300\u0301\u0303\u0309\u0323")


def capitals(w):
    return 2 <= len(w) <= 5 and w.isalpha() and w == w.upper() != w.lower() and not toned(w)


def toned(w):
    return bool(TONES & set(unicodedata.normalize("NFD", w)))


def written(text):
    """acronym letters (as written, in capitals) -> set of ways ('dotted'/'capitals')"""
    text = unicodedata.normalize("NFC", text)
    out = {}
    for m in DOTTED.finditer(text):
        letters = m[1].replace(".", "")
        if letters == letters.upper() != letters.lower() and not toned(letters):
            out.setdefault(letters, set()).add("dotted")
    for w in re.findall(r"\w+", text):
        if capitals(w):
            out.setdefault(w, set()).add("capitals")
    return out


def build(work):
    from search import build_index
    for name, gen in CORPORA.items():
        folder = work / name / "docs"
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "records.jsonl", "w", encoding="utf-8") as f:
            for r in gen():
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        build_index([folder], work / name / "index", procs=1)


def queries():
    """The 40 acronyms most often written dotted (articles), then the 40 most often written in capitals, over all
    three corpora; per acronym: the oracle (articles writing it dotted or in capitals)."""
    arts = {}
    for gen in CORPORA.values():
        for r in gen():
            arts[r["id"]] = written(r["title"] + "\n" + r["body"])
    dotted, caps = {}, {}
    for aid, found in arts.items():
        for letters, ways in found.items():
            (dotted if "dotted" in ways else caps).setdefault(letters, set()).add(aid)
    top_dotted = sorted(dotted, key=lambda k: -len(dotted[k]))[:40]
    top_caps = sorted((k for k in caps if k not in dotted), key=lambda k: -len(caps[k]))[:40]
    oracle = {k: sorted(a for a, f in arts.items() if k in f) for k in set(top_dotted) | set(top_caps)}
    return top_dotted, top_caps, oracle


def query(out, work):
    from search import open_index
    top_dotted, top_caps, oracle = queries()
    hits = {}
    for name in CORPORA:
        with open_index(work / name / "index") as ix:
            for letters in [*top_dotted, *top_caps]:
                for typed in (".".join(letters) + ".", letters):
                    r = ix.search(typed, limit=100000, facets=[], snippets=False)
                    hits.setdefault(typed, []).extend(h.id for h in r.hits)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"dotted": top_dotted, "caps": top_caps, "oracle": oracle, "hits": hits}, f, ensure_ascii=False)


def score(path):
    d = json.loads(Path(path).read_text(encoding="utf-8"))
    oracle = {k: set(v) for k, v in d["oracle"].items()}
    for group in ("dotted", "caps"):
        pairs = sum(len(oracle[k]) for k in d[group])
        for dotted in (True, False):
            found = missed = other = 0
            for k in d[group]:
                hits = set(d["hits"].get(".".join(k) + "." if dotted else k, []))
                found += len(hits & oracle[k])
                missed += len(oracle[k] - hits)
                other += len(hits - oracle[k])
            print(f"{group} ({len(d[group])} acronyms, {pairs} pairs) typed {'dotted' if dotted else 'in capitals'}: "
                  f"found {found}, missed {missed}, other hits {other}")


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(Path(sys.argv[3]))
    elif sys.argv[1] == "query":
        query(sys.argv[2], Path(sys.argv[3]))
    else:
        score(sys.argv[2])
