"""Random sequences of changes to a folder, each followed by an incremental run: the index must equal a fresh
build of the folder as it is (ids, stored fields, answers, facets), and the run's counts must say what changed
(a record's fingerprint: its text as read, the registry, the forced language)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from search import build_index, open_index
from search.index import store

from ..conftest import ARTICLES

QUERIES = ("coopération", "Laos", "Bui Thanh Son", "ministre", "kerja sama", "Hun Manet", "ហ៊ុន", "lang:fr",
           "official:\"Jean Exemple\"", "date:2024", "Sơn La", "nouvelle")
REGISTRIES = {
    "jean": 'id = "jean-exemple"\ncountry = "FR"\nname = "Jean Exemple"\naliases = []\n',
    "paul": 'id = "paul-autre"\ncountry = "FR"\nname = "Paul Autre"\naliases = ["Jean Exemple"]\n',
}


def _state(index_dir: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Any], dict[str, bytes]]:
    from whoosh import index as whoosh_index

    gen = store.current(index_dir)
    assert gen is not None
    ix = whoosh_index.open_dir(str(gen), indexname="MAIN")
    with ix.reader() as r:
        stored = {s["id"]: s for s in (dict(r.stored_fields(d)) for d in r.all_doc_ids())}
        ids, prints = r.column_reader("id"), r.column_reader("fingerprint")
        fingerprints = {ids[d]: prints[d] for d in r.all_doc_ids()}
    ix.close()
    answers = {}
    with open_index(index_dir) as six:
        for q in QUERIES:
            res = six.search(q, limit=10, snippets=False)
            answers[q] = (res.total, [h.id for h in res.hits], res.facets)
    return stored, answers, fingerprints


class _Folder:
    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        self.pool = {name: text for name, text in ARTICLES.items()}
        for name, text in list(self.pool.items()):
            self.pool["x" + name] = text.replace("\n\n", "\n\nUne autre version. ", 1)
        self.records = [{"id": f"r{i}", "title": f"Dépêche {i}", "body": f"Le ministre Jean Exemple au Laos ({i}).",
                         "date": f"2024-0{1 + i % 9}-01"} for i in range(12)]
        self.files: dict[str, list[dict[str, str]]] = {"w1.jsonl": self.records[:6], "sub/w2.jsonl": self.records[6:]}
        for sub in ("", "sub", "sub/deep"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        for name in list(self.pool)[:10]:
            self.write(rng.choice(["", "sub"]) + "/" + name, self.pool[name])
        for name in self.files:
            self.write_jsonl(name)

    def write(self, rel: str, text: str) -> None:
        (self.root / rel.lstrip("/")).write_text(text, encoding="utf-8")

    def write_jsonl(self, name: str) -> None:
        self.write(name, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.files[name]))

    def change(self) -> str:
        rng, root = self.rng, self.root
        txts = sorted(p for p in root.rglob("*.txt") if p.is_file())
        op = rng.choice(["add", "edit", "delete", "move", "copy", "binary", "touch", "jmove", "jedit", "jdup"])
        if op == "add":
            name = rng.choice(sorted(self.pool))
            self.write(rng.choice(["", "sub", "sub/deep"]) + "/" + name, self.pool[name])
        elif op == "edit" and txts:
            p = rng.choice(txts)
            p.write_text(p.read_text(encoding="utf-8") + " Une phrase nouvelle.", encoding="utf-8")
        elif op == "delete" and txts:
            rng.choice(txts).unlink()
        elif op in ("move", "copy") and txts:
            p = rng.choice(txts)
            dest = root / rng.choice(["", "sub", "sub/deep"]) / p.name
            if dest != p:
                dest.write_bytes(p.read_bytes())
                if op == "move":
                    p.unlink()
        elif op == "binary" and txts:
            rng.choice(txts).write_bytes(b"%PDF-1.4\n\x00\x01")
        elif op == "touch" and txts:
            os.utime(rng.choice(txts))
        elif op in ("jmove", "jedit", "jdup"):
            a, b = rng.sample(sorted(self.files), 2)
            if self.files[a]:
                record = self.files[a][rng.randrange(len(self.files[a]))]
                if op == "jmove":
                    self.files[a].remove(record)
                    self.files[b].insert(rng.randrange(len(self.files[b]) + 1), record)
                elif op == "jedit":
                    record["body"] += " Une suite."
                else:
                    self.files[b].append(dict(record, title=record["title"] + " (copie)"))
                self.write_jsonl(a)
                self.write_jsonl(b)
        return op


@pytest.mark.parametrize("seed", [1, 2])
def test_random_changes_leave_the_index_a_fresh_build_would_make(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    folder = _Folder(tmp_path / "c", rng)
    registries = {}
    for name, body in REGISTRIES.items():
        registries[name] = tmp_path / f"{name}.toml"
        registries[name].write_text(f"[[official]]\n{body}roles = [{{ title = \"Minister\", start = \"2024-01\" }}]\n",
                                    encoding="utf-8")
    inc = tmp_path / "inc"
    build_index([folder.root], inc, procs=1)
    before = _state(inc)[2]
    lang: str | None = None
    registry: str | None = None
    for step in range(8):
        done = [folder.change() for _ in range(rng.randint(1, 3))]
        given = None
        if step in (2, 5):  # another registry, given to the same process (the index keeps its copy)
            registry = "paul" if registry == "jean" else "jean"
            given = registries[registry]
        if step == 6:
            lang = "fr"
        report = build_index([folder.root], inc, procs=1, lang=lang, registry=given)
        fresh_dir = tmp_path / f"fresh{step}"
        fresh = build_index([folder.root], fresh_dir, procs=1, lang=lang,
                            registry=registries[registry] if registry else None)
        (stored, answers, prints), (fresh_stored, fresh_answers, _) = _state(inc), _state(fresh_dir)
        where = f"step {step}: {done}, registry {registry}, lang {lang}"
        assert stored == fresh_stored, where
        assert answers == fresh_answers, where
        assert (report.total, report.languages) == (fresh.total, fresh.languages), where
        assert sorted((s.path, s.reason, s.line) for s in report.skipped) == \
            sorted((s.path, s.reason, s.line) for s in fresh.skipped), where
        common = set(before) & set(prints)
        updated = sum(before[i] != prints[i] for i in common)
        assert (report.added, report.updated, report.removed, report.unchanged) == (
            len(set(prints) - set(before)), updated, len(set(before) - set(prints)), len(common) - updated), where
        before = prints
