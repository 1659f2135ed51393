"""What a folder to index holds at the file-system level: pipes, devices, unreadable files and folders.

Every bad entry is reported and skipped, the rest is indexed, and the run never hangs."""

from __future__ import annotations

import errno
import gzip
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from search import build_index, open_index
from search.errors import ParseError
from search.index import store
from search.records import Document

from ..conftest import ARTICLES, write_articles


def _index_cli(corpus: Path, index_dir: Path) -> subprocess.CompletedProcess[str]:
    """``search index`` in a process of its own, with a deadline: a hang fails the test instead of blocking it."""
    return subprocess.run([sys.executable, "-m", "search", "index", str(corpus), "--index", str(index_dir),
                           "--procs", "1"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})


def test_a_pipe_or_a_device_named_like_an_article_is_skipped_without_hanging(tmp_path: Path) -> None:
    corpus = write_articles(tmp_path / "c", {"fr1.txt": ARTICLES["fr1.txt"]})
    pipes = ["crawl.warc", "crawl.warc.gz", "wire.jsonl", "story.txt", "page.html.gz"]
    for name in pipes:
        os.mkfifo(corpus / name)  # opening one waits for a writer; reading one never ends
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "nothing.warc").symlink_to("/dev/null")
    done = _index_cli(corpus, tmp_path / "ix")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    for name in [*pipes, "zero.txt", "nothing.warc"]:
        assert f"{name}: not a regular file" in done.stdout
    assert "1 added" in done.stdout and "7 skipped" in done.stdout


def _deny_listing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """``folder`` cannot be listed (permission denied), as chmod cannot make it for root."""
    real_scandir = os.scandir

    def no_listing(path: Any = ".") -> Any:
        if os.fspath(path) == str(folder):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", no_listing)


def test_a_file_or_folder_that_cannot_be_read_now_keeps_its_articles_in_the_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied or an I/O error (a network folder gone away) is not a deletion: the articles the index
    holds from that file or folder stay, and are there again, unchanged, when it can be read. (As root, chmod
    does not deny: the refusals are simulated.)"""
    corpus = write_articles(tmp_path / "c", {"fr1.txt": ARTICLES["fr1.txt"]})
    write_articles(corpus / "sub", {"fr2.txt": ARTICLES["fr2.txt"], "en1.txt": ARTICLES["en1.txt"]})
    first = build_index([corpus], tmp_path / "ix", procs=1)
    assert (first.added, first.total) == (3, 3)

    real_scandir, real_open = os.scandir, os.open
    _deny_listing(monkeypatch, corpus / "sub")
    report = build_index([corpus], tmp_path / "ix", procs=1)
    assert (report.removed, report.total) == (0, 3)
    [skipped] = report.skipped
    assert (skipped.path, skipped.reason) == (str(corpus / "sub"), "cannot list folder: Permission denied (the 2 "
                                                                   "articles indexed from it before kept)")
    rebuilt = build_index([corpus], tmp_path / "other", procs=1)  # a new index holds nothing from it: no promise
    assert [s.reason for s in rebuilt.skipped] == ["cannot list folder: Permission denied"]
    monkeypatch.setattr(os, "scandir", real_scandir)
    again = build_index([corpus], tmp_path / "ix", procs=1)
    assert (again.added, again.removed, again.unchanged, again.skipped) == (0, 0, 3, [])

    def io_error(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).endswith("en1.txt"):
            raise OSError(errno.EIO, "Input/output error", os.fspath(path))
        return real_open(path, *args, **kwargs)

    os.utime(corpus / "sub" / "en1.txt", ns=(1, 1))  # changed, as far as the index can tell: read again
    monkeypatch.setattr(os, "open", io_error)
    report = build_index([corpus], tmp_path / "ix", procs=1)
    assert (report.removed, report.total) == (0, 3)
    [skipped] = report.skipped
    assert skipped.path.endswith("en1.txt")
    assert skipped.reason == "cannot read: Input/output error (the 1 article indexed from it before kept)"
    monkeypatch.setattr(os, "open", real_open)
    with open_index(tmp_path / "ix") as ix:
        assert ix.search("Vientiane").total == 1

    (corpus / "sub" / "en1.txt").unlink()  # a file that is gone is removed, as before
    gone = build_index([corpus], tmp_path / "ix", procs=1)
    assert (gone.removed, gone.total, gone.skipped) == (1, 2, [])


def test_the_id_of_an_article_kept_from_an_unreadable_folder_is_not_taken_by_another_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy of a name in another folder was a duplicate while the folder holding the id could be read; when
    that folder could not be listed, the copy took the id over and the kept article was overwritten. Files of the
    same name now have their paths as ids; the name of the article kept from the unreadable folder still counts as
    shared, so the other file's id does not change either."""
    corpus = tmp_path / "c"
    write_articles(corpus / "a", {"1.txt": " date 2024-11 Minister visits Laos\n\nThe minister visited Vientiane.\n"})
    write_articles(corpus / "b", {"1.txt": " date 2024-11 Flood in Hue\n\nFloods hit Hue city.\n"})
    first = build_index([corpus], tmp_path / "ix", procs=1)
    assert (first.added, first.skipped) == (2, [])
    _deny_listing(monkeypatch, corpus / "a")
    report = build_index([corpus], tmp_path / "ix", procs=1)
    assert (report.added, report.removed, report.total) == (0, 0, 2)
    assert [s.reason.split(":")[0] for s in report.skipped] == ["cannot list folder"]
    with open_index(tmp_path / "ix") as ix:
        assert ix.show("c/a/1.txt").title == "Minister visits Laos"
        assert ix.show("c/b/1.txt").title == "Flood in Hue"


def test_hidden_files_and_folders_and_installed_packages_are_not_read_unless_named(tmp_path: Path) -> None:
    corpus = write_articles(tmp_path / "c", {"fr1.txt": ARTICLES["fr1.txt"]})
    write_articles(corpus / ".git", {"COMMIT_EDITMSG": "fix", "description.txt": ARTICLES["en1.txt"]})
    write_articles(corpus / ".venv", {"pyvenv.cfg": "home = /usr/bin"})
    write_articles(corpus / ".venv" / "lib" / "site-packages" / "pkg", {"LICENSE.txt": ARTICLES["en1.txt"]})
    write_articles(corpus / "venv", {"pyvenv.cfg": "home = /usr/bin", "README.md": ARTICLES["fr2.txt"]})
    write_articles(corpus / "node_modules" / "left-pad", {"README.md": ARTICLES["fr2.txt"],
                                                          "package.json": '{"name": "left-pad"}'})
    write_articles(corpus / "__pycache__", {"x.txt": ARTICLES["en1.txt"]})
    write_articles(corpus, {".DS_Store": "\x00\x00\x00\x01Bud1", "._fr1.txt": "\x00\x05\x16\x07" + "\x00" * 80,
                            ".draft.txt": ARTICLES["en1.txt"]})
    write_articles(corpus / "2024", {"id1.txt": ARTICLES["id1.txt"]})
    report = build_index([corpus], tmp_path / "ix", procs=1)
    assert report.added == 2 and _ids(tmp_path / "ix") == {"fr1", "id1"}
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {".git", ".venv", "venv", "node_modules", "__pycache__", ".DS_Store", "._fr1.txt",
                            ".draft.txt"}
    assert "hidden folder" in reasons[".git"] and "virtual environment" in reasons["venv"]
    assert all("give it as a PATH" in r for r in reasons.values())
    named = build_index([corpus / ".git", corpus / ".draft.txt"], tmp_path / "named", procs=1)  # named: read
    assert named.added == 2



def _ids(index_dir: Path) -> set[str]:
    from whoosh import index as whoosh_index

    gen = store.current(index_dir)
    assert gen is not None
    with whoosh_index.open_dir(str(gen), indexname="MAIN").reader() as r:
        return {r.stored_fields(d)["id"] for d in r.all_doc_ids()}


def test_a_small_collection_file_is_read_under_a_memory_limit(tmp_path: Path) -> None:
    """Every JSON, JSON Lines and CSV file was read (and every .gz decompressed) with read(1 GiB + 1), which asks
    for a buffer of the limit's size: under an address-space limit (ulimit -v, shared servers) a 30-byte file
    was "cannot be read: MemoryError"."""
    corpus = write_articles(tmp_path / "c", {"wire.jsonl": '{"id": "w1", "text": "Hun Manet met Bui Thanh Son."}\n',
                                             "wire.csv": "id,text\nc1,Hun Manet met Bui Thanh Son again.\n"})
    (corpus / "old.jsonl.gz").write_bytes(gzip.compress(b'{"id": "g1", "text": "Hun Manet met To Lam."}\n'))
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (900 * 2**20, 900 * 2**20)); "
            "from search.cli import main; sys.argv = ['search', 'index', sys.argv[1], '--index', sys.argv[2], "
            "'--procs', '1']; main()")
    done = subprocess.run([sys.executable, "-c", code, str(corpus), str(tmp_path / "ix")], capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert done.returncode == 0 and "3 added" in done.stdout and "skipped:" not in done.stdout, done.stdout


def _parse_peak(path: Path, records: int) -> int:
    """The peak of Python's memory while ``path`` is parsed into its ``records`` records (what parsing imports
    and caches is not counted: the file is parsed once before)."""
    import tracemalloc

    from search.ingest.parse import parse_file

    list(parse_file(path))
    tracemalloc.start()
    try:
        assert sum(1 for _ in parse_file(path)) == records
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_a_csv_file_holds_it_in_memory_about_four_times_not_six(tmp_path: Path) -> None:
    """Bytes, then text; not a StringIO copy of the text (4 bytes a character) nor a list of its lines besides:
    a 208 MB CSV of vi-news articles took 1.22 GB to read, 1 GiB is allowed (4.3 GB after, about 6 before)."""
    row = "Thủ tướng Phạm Minh Chính tiếp Thủ tướng Campuchia Hun Manet tại Hà Nội, hợp tác. " * 40
    path = tmp_path / "big.csv"
    path.write_text("id,text\n" + "".join(f"a{n},\"{row}\"\n" for n in range(1500)), encoding="utf-8")
    peak = _parse_peak(path, 1500)
    assert peak < 4.8 * path.stat().st_size


@pytest.mark.parametrize("name", ["big.jsonl", "big.jsonl.gz"])
def test_a_json_lines_file_is_read_a_line_at_a_time_not_whole(tmp_path: Path, name: str) -> None:
    """Its bytes, then its text: about 4 times the file in memory (a 1 GB export, over 4 GB); now a line and a
    piece of the file, and the same records as read whole."""
    import json

    from search.ingest.decode import decode_text, read_bytes
    from search.ingest.parse import parse_file, parse_jsonl

    row = "Thủ tướng Phạm Minh Chính tiếp Thủ tướng Campuchia Hun Manet tại Hà Nội, hợp tác. " * 40
    text = "".join(json.dumps({"title": f"T{n}", "text": row}, ensure_ascii=n % 2 == 0) + ("\r\n" if n % 3 else
                                                                                          "\n\n") for n in range(1500))
    path = tmp_path / name
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    peak = _parse_peak(path, 1500)
    assert peak < 0.25 * len(data), peak  # 4.1 times before
    whole = parse_jsonl(decode_text(str(path), read_bytes(path, 2**30, name.endswith(".gz")), False)[0], str(path),
                        stem="big")
    assert [(d.id, d.line, d.content_hash) for d in parse_file(path)] == [
        (d.id, d.line, d.content_hash) for d in whole]  # type: ignore[union-attr]


def test_a_pipe_named_on_the_command_line_is_refused_as_one_not_as_a_folder(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "feed.jsonl")
    report = build_index([tmp_path / "feed.jsonl"], tmp_path / "ix", procs=1)
    [skipped] = report.skipped  # was "cannot list folder: Not a directory"
    assert skipped.reason == "not a regular file (directory, pipe or device)"


def test_a_path_beginning_with_a_tilde_the_shell_did_not_expand_says_so(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from search.ingest.walk import walk

    write_articles(tmp_path / "news", {"fr1.txt": ARTICLES["fr1.txt"]})
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    skipped: list[Any] = []
    assert list(walk([Path("~/news"), Path("~/typo")], skipped)) == []  # quoted: '~/news' is not expanded
    assert "no such file or folder; ~ is your home folder only where the shell expands it" in skipped[0].reason
    assert skipped[1].reason == "no such file or folder"  # not there either way: no hint


def test_a_file_reached_twice_through_a_link_is_read_once(tmp_path: Path) -> None:
    """``latest.jsonl`` linked to the day's export, an article hard-linked into a second folder: each path was
    read, and every record without an id counted twice (``wire-1`` and ``latest-1``)."""
    corpus = write_articles(Path(os.path.realpath(tmp_path)) / "c" / "2024", {  # a path without links
        "wire.jsonl": '{"title": "A", "text": "Hun Manet met Bui Thanh Son."}\n'
                      '{"title": "B", "text": "Hun Manet met Pham Minh Chinh."}\n',
        "story.txt": ARTICLES["fr1.txt"]}).parent
    (corpus / "latest.jsonl").symlink_to(corpus / "2024" / "wire.jsonl")  # walked before the file it links to
    (corpus / "today.txt").symlink_to(corpus / "2024" / "story.txt")
    os.link(corpus / "2024" / "story.txt", corpus / "2024" / "zz-hard.txt")
    for _ in range(2):
        report = build_index([corpus], tmp_path / "ix", procs=1)
        assert report.total == 3 and report.added + report.unchanged == 3
        assert sorted(Path(s.path).name for s in report.skipped) == ["latest.jsonl", "today.txt", "zz-hard.txt"]
        assert all("the same file as" in s.reason for s in report.skipped)
    assert _ids(tmp_path / "ix") == {"wire-1", "wire-2", "story"}  # read where it is, not through the link


def test_a_page_of_a_crawl_that_decompresses_beyond_the_limit_is_refused_without_reading_it_all(
        tmp_path: Path) -> None:
    """A response sent with Content-Encoding: gzip is read decompressed: its declared length (checked) says
    nothing of that size, and a compression bomb in a crawl was read whole into memory."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from search.ingest.parse import parse_file

    html = b"<html><body><article><p>" + b"cooperation " * (25 * 2**20 // 12) + b"</p></article></body></html>"
    payload = gzip.compress(html, compresslevel=1)
    with open(tmp_path / "crawl.warc.gz", "wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                                              ("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.com/a", "response",
                                                      payload=io.BytesIO(payload), http_headers=headers))
    [refused] = list(parse_file(tmp_path / "crawl.warc.gz"))
    assert isinstance(refused, ParseError) and "decompresses to over the 20 MiB limit" in refused.reason


def test_an_id_made_from_a_file_name_with_a_tab_or_a_new_line_can_be_typed_as_the_listing_shows_it(
        tmp_path: Path) -> None:
    from search.site.text import one_line

    names = {"new\nline.txt": "new line", "tab\tname.txt": "tab name", "esc\x1b[31mred.txt": "esc [31mred",
             "\u202eevil.txt": " evil"}
    corpus = write_articles(tmp_path / "c", {name: f" date 2024-11-06 T{n}\n\nA story {n} about Laos.\n"
                                             for n, name in enumerate(names)})
    build_index([corpus], tmp_path / "ix", procs=1)
    assert _ids(tmp_path / "ix") == set(names.values())
    with open_index(tmp_path / "ix") as ix:
        for shown in (one_line(h.id) for h in ix.search("Laos").hits):  # as search query lists it
            assert ix.show(shown).id == shown


def test_a_broken_symlink_keeps_the_articles_indexed_through_it_until_it_is_deleted(tmp_path: Path) -> None:
    """A link into a drive not mounted or a folder being synced is broken for a while: it was taken as a deleted
    file, and its articles removed from the index without a word but "broken symlink"."""
    elsewhere = write_articles(tmp_path / "drive" / "wires", {"fr1.txt": ARTICLES["fr1.txt"], "wire.jsonl":
                                                              '{"id": "w1", "text": "Hun Manet met Bui Thanh Son."}\n'})
    (tmp_path / "drive" / "story.txt").write_text(ARTICLES["fr2.txt"], encoding="utf-8")
    corpus = write_articles(tmp_path / "c", {"en1.txt": ARTICLES["en1.txt"]})
    (corpus / "story.txt").symlink_to(tmp_path / "drive" / "story.txt")
    (corpus / "wires").symlink_to(elsewhere)  # a folder through a link
    first = build_index([corpus], tmp_path / "ix", procs=1)
    assert first.total == 4 and first.added == 4, first.skipped
    (tmp_path / "drive").rename(tmp_path / "unmounted")
    report = build_index([corpus], tmp_path / "ix", procs=1)
    assert (report.total, report.removed, report.unchanged) == (4, 0, 4)  # 3 removed before
    assert sorted(Path(s.path).name for s in report.skipped) == ["story.txt", "wires"]
    for s in report.skipped:
        assert s.reason.startswith(f"broken symlink: its target {tmp_path / 'drive'}")
        assert "delete the link to remove it from the index" in s.reason
    assert "(the 2 articles indexed from it before kept)" in [s for s in report.skipped if s.path.endswith("wires")
                                                              ][0].reason
    (tmp_path / "unmounted").rename(tmp_path / "drive")  # back: nothing to do
    assert build_index([corpus], tmp_path / "ix", procs=1).unchanged == 4
    (tmp_path / "drive").rename(tmp_path / "unmounted")
    (corpus / "story.txt").unlink()  # the link deleted: its article goes
    report = build_index([corpus], tmp_path / "ix", procs=1)
    assert (report.total, report.removed) == (3, 1)


def test_a_file_or_folder_reached_again_through_a_link_is_said_to_be_a_link_not_a_copy_or_a_loop(
        tmp_path: Path) -> None:
    """A link to a file indexed in an earlier run was reported as "duplicate: the same bytes as" (a copy), and a
    folder named twice, once through a link, as "folder already visited (symlink loop?)"."""
    base = Path(os.path.realpath(tmp_path))
    exp = write_articles(base / "exp", {"a.txt": ARTICLES["fr1.txt"]})
    write_articles(base / "other", {"a.txt": ARTICLES["fr2.txt"]})  # so that the ids are the files' paths
    (base / "cur").symlink_to(exp)
    (exp / "loop").symlink_to(exp)
    build_index([exp, base / "other"], base / "ix", procs=1)
    report = build_index([base / "cur" / "a.txt", base / "other"], base / "ix", procs=1)
    [link] = [s for s in report.skipped if s.path.endswith("a.txt")]
    assert link.reason == f"the same file as {exp / 'a.txt'} (a link): indexed from there, once"
    report = build_index([base / "cur", base / "other", exp], base / "iy", procs=1)
    assert sorted((s.path, s.reason) for s in report.skipped) == [
        (str(base / "cur" / "loop"), f"symlink loop: a link to {base / 'cur'}, which holds it; not walked again"),
        (str(exp), f"the same folder as {base / 'cur'} (a link): walked there, once")]
    assert report.total == 2
    *_, twice = build_index([exp, exp], base / "iz", procs=1).skipped  # after exp/loop
    assert twice.reason == "walked already (named twice, or inside another PATH named): not walked again"


def test_a_json_lines_file_streamed_cuts_its_lines_where_read_whole_does(tmp_path: Path) -> None:
    """A vertical tab or page break is a new line, and only those, ``\\r`` and ``\\n``: the streamed reading cut
    such a line with ``splitlines``, also at U+2028, U+2029 or U+0085 inside a JSON string (valid JSON), so a
    record was lost as invalid JSON and the lines after it (the ids made from them: ``wire-6``) shifted."""
    from search.ingest.decode import decode_text, read_bytes
    from search.ingest.parse import parse_file, parse_jsonl

    path = tmp_path / "wire.jsonl"
    path.write_text('{"title": "A", "text": "one"}\x0b{"title": "B", "text": "two\u2028lines\x85"}\n'
                    '{"title": "C", "text": "rec\u2029ord"}\x0c\n{"title": "D", "text": "four"}\n', encoding="utf-8")
    def read(records: Iterable[object]) -> list[object]:
        return [(d.id, d.line, d.content_hash) if isinstance(d, Document) else str(d) for d in records]

    expected = read(parse_jsonl(decode_text(str(path), read_bytes(path, 2**30), False)[0], str(path), stem="wire"))
    assert [d[:2] for d in expected] == [("wire-1", 1), ("wire-2", 2), ("wire-3", 3), ("wire-5", 5)]  # type: ignore[index]
    assert read(parse_file(path)) == expected


def test_a_json_lines_file_is_judged_as_text_on_what_read_whole_judges(tmp_path: Path) -> None:
    """decode_text judges a file's first 8,192 characters; the streamed reading judged its first piece only up to
    its last new line, so a short file whose last line (no new line after it) held the control characters of a
    binary file was read, record by record, where read whole it is refused."""
    from search.ingest.decode import decode_text, read_bytes
    from search.ingest.parse import parse_file

    path = tmp_path / "wire.jsonl"
    path.write_bytes(b'{"title": "A", "text": "one"}\n{"title": "B", "text": "\x01\x02\x03\x04"}')
    with pytest.raises(ParseError, match="binary file") as whole:
        decode_text(str(path), read_bytes(path, 2**30), False)
    with pytest.raises(ParseError) as streamed:
        list(parse_file(path))
    assert str(streamed.value) == str(whole.value)


def test_a_link_that_leads_back_to_itself_is_said_to_be_a_loop_not_a_missing_target(tmp_path: Path) -> None:
    """``self -> self`` (or ``a -> b -> a``) has no missing target: it was reported as "its target self is
    missing (a drive not mounted, a sync in progress?)", which sends the reader looking for a drive."""
    corpus = write_articles(tmp_path / "c", {"en1.txt": ARTICLES["en1.txt"]})
    (corpus / "self.txt").symlink_to("self.txt")
    (corpus / "a").symlink_to("b")
    (corpus / "b").symlink_to("a")
    report = build_index([corpus, corpus / "a"], tmp_path / "ix", procs=1)
    assert report.total == 1
    assert sorted((s.path, s.reason) for s in report.skipped) == [
        (str(corpus / name), f"symlink loop: its target {target} leads back to it; fix or delete the link")
        for name, target in (("a", "b"), ("a", "b"), ("b", "a"), ("self.txt", "self.txt"))]
