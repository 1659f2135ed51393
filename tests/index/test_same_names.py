"""Files of the same name in several folders (a mirror's ``slug/index.html``, day folders' ``1.txt``): each is
an article, under its path when its name is shared, and an incremental run gives the ids and totals a fresh
build of the same folder gives. The oracle computes the expected ids in plain Python from the folder."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

from search import build_index, open_index
from search.index import store

FOLDERS = ("", "2024-01", "2024-02", "a", "a/b", "slug-x", "slug-y")
NAMES = ("1.txt", "1.md", "index.txt", "article.txt", "2.txt", "wire.jsonl", "1.jsonl", "wire.json")


def _stored(index_dir: Path) -> dict[str, str]:
    """id -> the path of its file, as the index holds them."""
    from whoosh import index as whoosh_index

    gen = store.current(index_dir)
    assert gen is not None
    ix = whoosh_index.open_dir(str(gen), indexname="MAIN")
    with ix.reader() as r:
        out = {s["id"]: s["path"] for s in (dict(r.stored_fields(d)) for d in r.all_doc_ids())}
    ix.close()
    return out


def _walk(folder: Path) -> list[Path]:
    """The files in the walk's order: a folder's files by name, then its folders by name."""
    entries = sorted(os.scandir(folder), key=lambda e: e.name)
    files = [Path(e.path) for e in entries if e.is_file()]
    for e in entries:
        if e.is_dir():
            files += _walk(Path(e.path))
    return files


def expected(root: Path) -> dict[str, str]:
    """id -> absolute path, by the rule: a name shared by other files of its kind (one article or a
    collection) gives paths from the folder holding ``root`` (with the record's line in a collection); a
    byte-for-byte copy of a file of the same name is read once, at the first in the walk."""
    groups: dict[tuple[bool, str], list[Path]] = {}
    for p in _walk(root):
        groups.setdefault((p.suffix in (".jsonl", ".json"), p.name.rsplit(".", 1)[0]), []).append(p)
    out: dict[str, str] = {}
    for (collection, stem), files in groups.items():
        kept: list[Path] = []
        seen: set[tuple[str, bytes]] = set()
        for p in files:
            if (p.suffix, p.read_bytes()) in seen:
                continue
            seen.add((p.suffix, p.read_bytes()))
            kept.append(p)
        for p in kept:
            base = stem if len(kept) == 1 else p.relative_to(root.parent).as_posix()
            lines = len(p.read_text(encoding="utf-8").splitlines()) if collection else 0
            for n in range(1, lines + 1):
                out[f"{base}-{n}"] = os.path.abspath(p)
            if not collection:
                out[base] = os.path.abspath(p)
    return out


class _Tree:
    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng, self.n = root, rng, 0
        for _ in range(rng.randrange(3, 12)):
            self.add()

    def text(self) -> str:
        self.n += 1
        return f" date 2024-0{1 + self.n % 9} Report number {self.n}\n\nThe minister visited Laos, report {self.n}.\n"

    def files(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*") if p.is_file())

    def add(self) -> None:
        dest = self.root / self.rng.choice(FOLDERS) / self.rng.choice(NAMES)
        dest.parent.mkdir(parents=True, exist_ok=True)
        self.fill(dest)

    def fill(self, dest: Path) -> None:
        if dest.suffix in (".jsonl", ".json"):  # records without ids: ids from the file's name and the line
            self.n += 1
            lines = [f'{{"title": "Wire {self.n}-{i}", "body": "The minister visited Laos ({self.n}-{i})."}}'
                     for i in range(self.rng.randrange(1, 4))]
            dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            dest.write_text(self.text(), encoding="utf-8")

    def change(self) -> str:
        rng, files = self.rng, self.files()
        op = rng.choice(["add", "add", "delete", "move", "copy", "edit", "rename-folder"])
        if op == "add" or not files:
            self.add()
        elif op == "delete":
            rng.choice(files).unlink()
        elif op in ("move", "copy"):
            src = rng.choice(files)
            dest = self.root / rng.choice(FOLDERS) / src.name
            if dest != src:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
                if op == "move":
                    src.unlink()
        elif op == "edit":
            self.fill(rng.choice(files))
        else:
            folders = sorted({p.parent for p in files if p.parent != self.root})
            if folders:
                folder = rng.choice(folders)
                target = self.root / f"moved-{self.n}"
                self.n += 1
                if not target.exists():
                    folder.rename(target)
        return op


@pytest.mark.parametrize("seed", range(4))
def test_incremental_runs_over_same_named_files_give_the_ids_of_a_fresh_build(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    tree = _Tree(tmp_path / "news", rng)
    done = []
    for step in range(6):
        done.append(tree.change())
        inc = build_index([tree.root], tmp_path / "inc", procs=1)
        fresh = build_index([tree.root], tmp_path / f"fresh{step}", procs=1, rebuild=True)
        want = expected(tree.root)
        got, new = _stored(tmp_path / "inc"), _stored(tmp_path / f"fresh{step}")
        assert new == want, (seed, step, done)
        assert got == want, (seed, step, done)
        assert inc.total == fresh.total == len(want)
        assert sorted(s.reason for s in inc.skipped) == sorted(s.reason for s in fresh.skipped), (seed, step, done)
        shutil.rmtree(tmp_path / f"fresh{step}")


def test_a_mirror_of_index_pages_gives_one_article_each_under_its_path(tmp_path: Path) -> None:
    root = tmp_path / "example.com"
    for n in range(30):
        (root / f"story-{n}").mkdir(parents=True)
        (root / f"story-{n}" / "index.txt").write_text(f" date 2024-11 Story {n}\n\nThe ministry said {n}.\n")
    report = build_index([root], tmp_path / "ix", procs=1)
    assert (report.added, report.skipped) == (30, [])
    with open_index(tmp_path / "ix") as ix:
        assert ix.search("ministry").total == 30
        assert ix.show("example.com/story-7/index.txt").title == "Story 7"


def test_the_ids_do_not_depend_on_where_the_folder_is_or_how_it_is_named_on_the_command_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(Records of collections of the same name had a hash of the absolute path in their ids: moving the
    folder changed them.)"""
    for where in ("one", "two"):
        root = tmp_path / where / "news"
        for day in ("2024-01", "2024-02"):
            (root / day).mkdir(parents=True)
            (root / day / "1.txt").write_text(f" date {day} Day {day}\n\nThe minister visited Laos.\n")
            (root / day / "wire.jsonl").write_text(f'{{"title": "Wire {day}", "body": "Laos."}}\n')
    build_index([tmp_path / "one" / "news"], tmp_path / "ix1", procs=1)
    monkeypatch.chdir(tmp_path / "two" / "news")
    build_index([Path(".")], tmp_path / "ix2", procs=1)
    assert set(_stored(tmp_path / "ix1")) == set(_stored(tmp_path / "ix2")) == {
        "news/2024-01/1.txt", "news/2024-02/1.txt", "news/2024-01/wire.jsonl-1", "news/2024-02/wire.jsonl-1"}
    # Several folders named: each one's files from its own name on.
    monkeypatch.chdir(tmp_path / "one" / "news")
    report = build_index([Path("2024-01"), Path("2024-02/1.txt")], tmp_path / "ix3", procs=1)
    assert (report.added, report.skipped) == (3, [])
    assert set(_stored(tmp_path / "ix3")) == {"2024-01/1.txt", "2024-02/1.txt", "wire-1"}


def test_a_name_becoming_shared_changes_the_id_and_says_so_and_the_old_id_is_gone(tmp_path: Path) -> None:
    """The id a bookmark holds is never given to another article: it goes away, and the run says what it became."""
    root = tmp_path / "news"
    (root / "b").mkdir(parents=True)
    (root / "b" / "x.txt").write_text(" date 2024-01 Old title\n\nOld text about Laos.\n")
    build_index([root], tmp_path / "ix", procs=1)
    (root / "a").mkdir()
    (root / "a" / "x.txt").write_text(" date 2024-02 New title\n\nNew text about Laos.\n")  # walked first
    report = build_index([root], tmp_path / "ix", procs=1)
    assert (report.added, report.removed, report.skipped) == (2, 1, [])
    assert [n.reason for n in report.notes if n.reason.startswith("id changed")] == [
        "id changed to the file's path (another file has its name): 'x' is now 'news/b/x.txt'"]
    with open_index(tmp_path / "ix") as ix:
        assert ix.show("news/a/x.txt").title == "New title"
        assert ix.show("news/b/x.txt").title == "Old title"
        assert ix.search("Laos").total == 2
    (root / "a" / "x.txt").unlink()
    back = build_index([root], tmp_path / "ix", procs=1)
    assert (back.added, back.removed) == (1, 2)
    assert [n.reason for n in back.notes if n.reason.startswith("id changed")] == [
        "id changed to the file's name (no other file has it now): 'news/b/x.txt' is now 'x'"]
    assert set(_stored(tmp_path / "ix")) == {"x"}


def test_a_byte_for_byte_copy_is_read_once_and_reported(tmp_path: Path) -> None:
    root = tmp_path / "news"
    for folder in ("a", "backup/a"):
        (root / folder).mkdir(parents=True)
        (root / folder / "1.txt").write_text(" date 2024-01 Title\n\nThe minister visited Laos.\n")
    report = build_index([root], tmp_path / "ix", procs=1)
    assert report.total == 1 and [s.reason.split(":")[0] for s in report.skipped] == ["duplicate"]
    assert set(_stored(tmp_path / "ix")) == {"1"}


def test_a_folder_indexed_after_another_does_not_replace_its_article_of_the_same_name(tmp_path: Path) -> None:
    """``search index A`` then ``search index B`` into the same index: B's 1.txt replaced A's article ("1
    updated", 1 article in the index); now each is an article, and indexing A again gives A's its path too."""
    for folder, text in (("A", "Minister visits Laos\n\nThe minister visited Vientiane."),
                         ("B", "Flood in Hue\n\nFloods hit Hue city.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "1.txt").write_text(f" date 2024-11 {text}\n")
    first = build_index([tmp_path / "A"], tmp_path / "ix", procs=1)
    second = build_index([tmp_path / "B"], tmp_path / "ix", procs=1)
    assert (first.added, second.added, second.updated, second.total) == (1, 1, 0, 2)
    assert set(_stored(tmp_path / "ix")) == {"1", "B/1.txt"}
    again = build_index([tmp_path / "A"], tmp_path / "ix", procs=1)
    assert (again.added, again.removed, again.total) == (1, 1, 2)
    assert set(_stored(tmp_path / "ix")) == {"A/1.txt", "B/1.txt"}
    # A byte-for-byte copy of A's file in a third folder is not a second article.
    (tmp_path / "C").mkdir()
    (tmp_path / "C" / "1.txt").write_bytes((tmp_path / "A" / "1.txt").read_bytes())
    copy = build_index([tmp_path / "C"], tmp_path / "ix", procs=1)
    assert (copy.added, copy.total, [s.reason.split(":")[0] for s in copy.skipped]) == (0, 2, ["duplicate"])
    # A file moved from B to C: in C under C's path, and its article under B's path is gone.
    (tmp_path / "C" / "1.txt").unlink()
    (tmp_path / "B" / "1.txt").rename(tmp_path / "C" / "1.txt")
    moved = build_index([tmp_path / "C"], tmp_path / "ix", procs=1)
    assert (moved.added, moved.removed, moved.skipped) == (1, 1, [])
    assert set(_stored(tmp_path / "ix")) == {"A/1.txt", "C/1.txt"}


def test_a_collection_of_the_same_name_added_before_another_does_not_take_its_record_ids(tmp_path: Path) -> None:
    """Line 1 of b/wire.jsonl was "wire-1"; a/wire.jsonl added (walked first) got "wire-1-<hash>" in the
    incremental run, while a fresh build gave a's line "wire-1" and b's the hash: two answers for one folder."""
    root = tmp_path / "news"
    (root / "b").mkdir(parents=True)
    (root / "b" / "wire.jsonl").write_text('{"title": "B one", "body": "Laos b."}\n{"title": "B two", "body": "b."}\n')
    build_index([root], tmp_path / "inc", procs=1)
    (root / "a").mkdir()
    (root / "a" / "wire.jsonl").write_text('{"title": "A one", "body": "Laos a."}\n')
    report = build_index([root], tmp_path / "inc", procs=1)
    build_index([root], tmp_path / "fresh", procs=1)
    assert _stored(tmp_path / "inc") == _stored(tmp_path / "fresh") == {
        "news/a/wire.jsonl-1": str(root / "a" / "wire.jsonl"), "news/b/wire.jsonl-1": str(root / "b" / "wire.jsonl"),
        "news/b/wire.jsonl-2": str(root / "b" / "wire.jsonl")}
    assert [n.reason for n in report.notes if "changed" in n.reason] == [
        f"id changed to the file's path (another file has its name): 'wire-{n}' is now 'news/b/wire.jsonl-{n}'"
        for n in (1, 2)]


def test_a_renamed_folder_indexed_into_the_same_index_is_not_counted_twice(tmp_path: Path) -> None:
    """Ids of files of a shared name begin with the named folder's name: renaming it changes them. The
    articles of the old name (its files gone, outside the folder now indexed) were kept beside the new ones:
    2 articles counted 4 times. Now an article read again under its new id replaces its old copy."""
    root = tmp_path / "news"
    for day in ("2024-01", "2024-02"):
        (root / day).mkdir(parents=True)
        (root / day / "1.txt").write_text(f" date {day} Day {day}\n\nThe minister visited Laos.\n")
    (root / "lone.txt").write_text(" date 2024-03 Lone\n\nThe minister visited Laos again.\n")
    build_index([root], tmp_path / "ix", procs=1)
    root.rename(tmp_path / "news2")
    report = build_index([tmp_path / "news2"], tmp_path / "ix", procs=1)
    assert (report.added, report.removed, report.total) == (2, 2, 3)
    assert set(_stored(tmp_path / "ix")) == {"news2/2024-01/1.txt", "news2/2024-02/1.txt", "lone"}
    assert sorted(n.reason for n in report.notes if "moved" in n.reason) == [
        f"id changed, the file moved (from {root / day / '1.txt'}): 'news/{day}/1.txt' is now 'news2/{day}/1.txt'"
        for day in ("2024-01", "2024-02")]


def test_path_ids_give_article_pages_in_the_articles_folder_of_an_exported_site(tmp_path: Path) -> None:
    """An id with "/" must not become a page in a sub-folder (or outside the site): each article's page is a
    file of articles/, linked from the pages that list it, and the search page's data link those pages."""
    import re

    from search.site.export import export_site
    from search.site.pack import read_script

    root = tmp_path / "news"
    for day in ("2024-01", "2024-02"):
        (root / day).mkdir(parents=True)
        (root / day / "1.txt").write_text(f" date {day} Day {day}\n\nThe minister visited Laos.\n")
    build_index([root], tmp_path / "ix", procs=1)
    out = tmp_path / "site"
    export_site(tmp_path / "ix", out, ["Laos"])
    pages = sorted(p.name for p in (out / "articles").iterdir())
    assert len(pages) == 2 and all(re.fullmatch(r"news-2024-0[12]-1-txt-[0-9a-f]{10}\.html", p) for p in pages)
    listed = set(re.findall(r'href="\.\./articles/([^"]+)"', next((out / "queries").iterdir()).read_text()))
    assert listed == set(pages)
    # each article's data file, read whole (compressed or not: pack.read_script), links its page
    data = "".join(json.dumps(read_script(p.read_bytes())[1], separators=(",", ":"), ensure_ascii=False)
                   for p in (out / "search" / "art").iterdir())
    assert set(re.findall(r'"href":"articles/([^"]+)"', data)) == set(pages)


def test_a_folder_indexed_after_another_of_many_same_named_files_is_compared_file_by_file_not_pair_by_pair(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file of B was compared with each of A's files of its name held by the index (a stat and more per
    pair): a second mirror of 1,327 ``slug/article.txt`` indexed after another took 75 s, 48 s when nothing
    changed. Now each file outside is looked at once, and each file's bytes hashed once at most."""
    import search.index.build as build

    for folder in ("A", "B"):
        for n in range(40):
            (tmp_path / folder / f"story-{folder}{n}").mkdir(parents=True)
            (tmp_path / folder / f"story-{folder}{n}" / "index.txt").write_text(
                f" date 2024-11 Story {folder}{n:02d}\n\nThe ministry said {n:02d}.\n")  # all of one size
    build_index([tmp_path / "A"], tmp_path / "ix", procs=1)
    sizes, digests = [0], [0]
    size, digest = build._size, build._file_digest
    monkeypatch.setattr(build, "_size", lambda p: (sizes.__setitem__(0, sizes[0] + 1), size(p))[1])
    monkeypatch.setattr(build, "_file_digest", lambda p: (digests.__setitem__(0, digests[0] + 1), digest(p))[1])
    report = build_index([tmp_path / "B"], tmp_path / "ix", procs=1)
    assert (report.added, report.total, report.skipped) == (40, 80, [])
    assert sizes[0] <= 40 and digests[0] <= 80, (sizes, digests)


def test_two_paths_of_the_same_name_in_different_places_give_each_article_an_id(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two wires' folders of one name (``search index afp/2024 reuters/2024``): ids from the folder holding
    each gave both ``01/1.txt`` files ``2024/01/1.txt``, and the second article (other text) was skipped as a
    duplicate id. Now ids go up as many folders as tell the PATHs apart."""
    for wire in ("afp", "reuters"):
        (tmp_path / wire / "2024" / "01").mkdir(parents=True)
        (tmp_path / wire / "2024" / "01" / "1.txt").write_text(f" date 2024-01-02 {wire}\n\nLaos, says {wire}.\n")
        (tmp_path / wire / "2024" / "01" / f"{wire}.txt").write_text(f" date 2024-01-02 {wire}\n\nOnly {wire}.\n")
    (tmp_path / "d" / "2024" / "01").mkdir(parents=True)
    (tmp_path / "d" / "2024" / "01" / "1.txt").write_text(" date 2024-01-02 d\n\nLaos, says d.\n")
    monkeypatch.chdir(tmp_path)
    report = build_index([Path("afp/2024"), Path("reuters/2024"), Path("d/2024")], tmp_path / "ix", procs=1)
    assert (report.added, report.skipped) == (5, [])
    assert set(_stored(tmp_path / "ix")) == {"afp/2024/01/1.txt", "reuters/2024/01/1.txt", "d/2024/01/1.txt",
                                             "afp", "reuters"}
    # One PATH of its name: from the folder holding it, as before.
    build_index([Path("afp/2024")], tmp_path / "ix2", procs=1)
    assert set(_stored(tmp_path / "ix2")) == {"1", "afp"}


def test_a_file_named_after_its_folder_keeps_the_id_the_folder_gives_it(tmp_path: Path) -> None:
    """``search index news news/a/1.txt`` read the file once, at its first place, but gave it the id of the
    second (``a/1.txt``, from the file's folder), another than ``search index news`` gives (``news/a/1.txt``)."""
    root = tmp_path / "news"
    for day in ("a", "b"):
        (root / day).mkdir(parents=True)
        (root / day / "1.txt").write_text(f" date 2024-01-02 {day}\n\nLaos, day {day}.\n")
    report = build_index([root, root / "a" / "1.txt"], tmp_path / "ix", procs=1)
    assert report.added == 2
    assert set(_stored(tmp_path / "ix")) == {"news/a/1.txt", "news/b/1.txt"}


def test_folders_of_one_name_indexed_in_turn_into_one_index_keep_both_articles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``search index afp/2024``, ``search index reuters/2024``, ``search index afp/2024``: the third run gave
    AFP's 1.txt the id Reuters' 1.txt held (``2024/01/1.txt``) and replaced its article ("1 updated", 1 article
    left of 2). Now an id the index holds for a file still there outside the walk is not taken."""
    for wire in ("afp", "reuters"):
        (tmp_path / wire / "2024" / "01").mkdir(parents=True)
        (tmp_path / wire / "2024" / "01" / "1.txt").write_text(f" date 2024-01-02 {wire}\n\nLaos, says {wire}.\n")
    monkeypatch.chdir(tmp_path)
    reports = [build_index([Path(wire)], tmp_path / "ix", procs=1)
               for wire in ("afp/2024", "reuters/2024", "afp/2024", "reuters/2024", "afp/2024")]
    assert [(r.added, r.updated, r.removed, r.total) for r in reports] == [
        (1, 0, 0, 1), (1, 0, 0, 2), (1, 0, 1, 2), (0, 0, 0, 2), (0, 0, 0, 2)]
    stored = _stored(tmp_path / "ix")
    assert sorted(stored.values()) == [str(tmp_path / w / "2024" / "01" / "1.txt") for w in ("afp", "reuters")]
    with open_index(tmp_path / "ix") as ix:
        assert ix.search("Laos").total == 2


def test_an_old_id_of_a_name_now_shared_is_not_found_with_the_ids_it_became(tmp_path: Path) -> None:
    """A bookmark's ``1`` after a second 1.txt was indexed: the error said "Ids are file names without
    extension", which the path ids are not, and left the user to guess; now it names the ids of that file name."""
    from search.errors import NotFoundError

    root = tmp_path / "news"
    for day in ("2024-01", "2024-02"):
        (root / day).mkdir(parents=True)
        (root / day / "1.txt").write_text(f" date {day} Day {day}\n\nThe minister visited Laos.\n")
        (root / day / "wire.jsonl").write_text(f'{{"title": "Wire", "body": "Laos {day}."}}\n')
    build_index([root], tmp_path / "ix", procs=1)
    with open_index(tmp_path / "ix") as ix:
        for old, now in (("1", "'news/2024-01/1.txt', 'news/2024-02/1.txt'"),
                         ("wire-1", "'news/2024-01/wire.jsonl-1', 'news/2024-02/wire.jsonl-1'")):
            with pytest.raises(NotFoundError) as e:
                ix.show(old)
            assert e.value.hint is not None and e.value.hint.endswith(f"their paths: {now}.")
        with pytest.raises(NotFoundError) as e:
            ix.show("2")
        assert e.value.hint is not None and "file names without extension" not in e.value.hint


def test_a_run_with_nothing_changed_reads_no_file_of_a_shared_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files of one name and size were hashed on every run to find byte copies, unchanged ones too: a run over a
    mirror of 2,653 slug/article.txt with nothing changed read 880 of them. Those the index holds under their
    paths were compared last run; a copy added (or a changed file) is still found."""
    import search.index.build as build

    root = tmp_path / "example.com"
    for n in range(30):
        (root / f"story-{n:02d}").mkdir(parents=True)
        text = f" date 2024-11 Story {n:02d}\n\nThe ministry said {n:02d}.\n"
        (root / f"story-{n:02d}" / "index.txt").write_text(text, encoding="utf-8")
    build_index([root], tmp_path / "ix", procs=1)
    digests = [0]
    digest = build._file_digest
    monkeypatch.setattr(build, "_file_digest", lambda p: (digests.__setitem__(0, digests[0] + 1), digest(p))[1])
    again = build_index([root], tmp_path / "ix", procs=1)
    assert (again.unchanged, again.added, digests[0]) == (30, 0, 0)
    (root / "backup").mkdir()
    shutil.copyfile(root / "story-07" / "index.txt", root / "backup" / "index.txt")  # walked first
    copy = build_index([root], tmp_path / "ix", procs=1)
    fresh = build_index([root], tmp_path / "fresh", procs=1)
    assert _stored(tmp_path / "ix") == _stored(tmp_path / "fresh") and len(_stored(tmp_path / "ix")) == 30
    assert [s.reason.split(":")[0] for s in copy.skipped] == [s.reason.split(":")[0] for s in fresh.skipped] == [
        "duplicate"]


@pytest.mark.parametrize("names", [("Cafe\u0301", "Caf\u00e9"), ("a\tb", "a b")], ids=["nfd-nfc", "tab-space"])
def test_paths_that_differ_only_in_what_an_id_does_not_keep_get_ids_that_differ_and_stay(
        tmp_path: Path, names: tuple[str, str]) -> None:
    """``Café/2024`` named twice, once in NFD (a folder from a Mac) and once in NFC: no folder above told them
    apart in an id (NFC, a tab as a space), and the second file was skipped as a duplicate id."""
    odd, plain = (tmp_path / name / "2024" for name in names)
    for n, folder in enumerate((odd, plain)):
        folder.mkdir(parents=True)
        (folder / "1.txt").write_text(f" date 2024-01 Story {n}\n\nThe ministry said {n}.\n", encoding="utf-8")
    ids = set()
    for roots in ([odd, plain], [odd, plain], [plain, odd]):
        report = build_index(roots, tmp_path / "ix", procs=1)
        assert (report.total, report.skipped) == (2, [])
        ids.add(frozenset(_stored(tmp_path / "ix")))
    [made] = ids  # the same ids in every run, whichever PATH comes first
    shown = names[1]
    assert f"{shown}/2024/1.txt" in made  # the one written as ids write it keeps its id
    assert len(made) == 2


def test_a_files_name_read_from_its_path_string_is_the_one_read_from_its_path() -> None:
    # build.py's _name_of/_stem_of read the name from the path string (a no-op run asks it of every file, and a
    # Path made for each was 40% of its time): the same as parse.py's _stem/supported on a Path, for generated
    # names of dots, "gz", suffixes, spaces, control characters and decomposed accents.
    import random
    import unicodedata

    from search.index.build import _name_of, _stem_of
    from search.ingest.names import SINGLE, SUPPORTED_SUFFIXES
    from search.ingest.parse import _UNTYPABLE

    def stem(path: Path) -> str:  # as parse.py made it from a Path (before stem_of_name)
        name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
        return _UNTYPABLE.sub(" ", unicodedata.normalize("NFC", Path(name).stem))

    def name_of(path: Path) -> tuple[bool, str] | None:
        suffix = Path(path.name[:-3] if path.name.lower().endswith(".gz") else path.name).suffix.lower()
        return (suffix not in SINGLE, stem(path)) if suffix in SUPPORTED_SUFFIXES else None

    rng = random.Random(7)
    pieces = [".", "..", "a", "B", "gz", "GZ", ".gz", ".txt", ".TXT", ".jsonl", ".md", ".html", ".csv", " ", "\t",
              "e\u0301", "é", "~", "-1"]
    names = {"".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) for _ in range(20000)}
    checked = 0
    for name in names:
        if name in (".", "..") or "/" in name:
            continue
        where = f"/data/news/{name}"
        assert _name_of(where) == name_of(Path(where)), name
        assert _stem_of(where) == stem(Path(where)), name
        checked += 1
    assert checked > 5000
