"""The bulk segment writer (search/index/bulk.py) writes what Whoosh's own writer writes, one posting at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import index as whoosh_index

from search.index import codec, store
from search.index.bulk import VALUE_FIELDS, BulkSegmentWriter
from search.index.codec import Codec
from search.index.prepare import ARTICLE_FIELDS, POSITIONAL, Options, PreparedDoc, prepare
from search.index.schema import ArticleText
from search.index.writer import fingerprint
from search.ingest.parse import parse_text

from ..conftest import ARTICLES


def _documents() -> list[Any]:
    docs = [parse_text(text, name.removesuffix(".txt"), f"/corpus/{name}") for name, text in sorted(ARTICLES.items())]
    # A long article (many positions in one posting), and a word in 140 articles (several blocks: the tests
    # write blocks of 64 postings, see ``small_blocks``).
    docs.append(parse_text(" date 2024-01-01 Long\n\n" + " ".join(f"word{i % 7} common" for i in range(900)),
                           "long", "/corpus/long.txt"))
    docs += [parse_text(f" date 2024-02-{1 + i % 28:02d} Short {i}\n\nA common word and {i} more.", f"s{i}",
                        f"/corpus/s{i}.txt") for i in range(140)]
    return docs


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 64 postings (the index's are of 1,024): a term spans several with few documents."""
    monkeypatch.setattr(codec, "BLOCK_LIMIT", 64)


def _reference(index_dir: Path, prepared: Any) -> Path:
    """The same documents through Whoosh's add_document (the schema's per-posting path)."""
    ix, gen = store.create(index_dir)
    w = ix.writer(codec=Codec(), compound=False)
    for item in prepared.docs:
        doc = item.article.doc
        values = dict(item.values)
        text = ArticleText(doc.title, doc.body, doc.lang or "und", values["spelled"] == "exact")
        w.add_document(**values, fingerprint=fingerprint("1:2", "h"), title=text, body=text, exact=text, stem=text,
                       gap=text,
                       _stored_title=doc.title, _stored_body=doc.body)
    w.commit()
    ix.close()
    return gen


def _bulk(index_dir: Path, prepared: Any) -> Path:
    ix, gen = store.create(index_dir)
    w = BulkSegmentWriter(ix)
    w.add_prepared(prepared, list(range(len(prepared.docs))), [fingerprint("1:2", "h")] * len(prepared.docs))
    w.commit(merge=False)
    ix.close()
    return gen


def _dump(index_dir: Path) -> dict[str, Any]:
    ix = whoosh_index.open_dir(str(index_dir), indexname="MAIN")
    out: dict[str, Any] = {}
    with ix.reader() as r:
        for field, term in r.all_terms():
            m = r.postings(field, term)
            postings = []
            while m.is_active():
                postings.append((m.id(), m.weight(), m.value()))
                m.next()
            out[f"{field}:{term!r}"] = (postings, r.doc_frequency(field, term), r.frequency(field, term))
        for docnum in range(r.doc_count_all()):
            out[f"stored:{docnum}"] = r.stored_fields(docnum)
            for field in ARTICLE_FIELDS:
                out[f"length:{field}:{docnum}"] = r.doc_field_length(docnum, field)
        for field in ("id", "path", "lang", "date", "spelled", "fingerprint"):
            out[f"column:{field}"] = list(r.column_reader(field))
        for field in ARTICLE_FIELDS:
            out[f"field_length:{field}"] = r.field_length(field)
    ix.close()
    return out


def test_a_bulk_segment_holds_what_whooshs_writer_writes(tmp_path: Path) -> None:
    prepared = prepare(_documents(), Options(None, None))
    assert all(isinstance(d, PreparedDoc) for d in prepared.docs)
    expected = _dump(_reference(tmp_path / "reference", prepared))
    got = _dump(_bulk(tmp_path / "bulk", prepared))
    assert expected.keys() == got.keys()
    assert any(len(v[0]) > 128 for k, v in expected.items() if k.startswith("body:"))  # several blocks
    different = [k for k in expected if expected[k] != got[k]]
    assert different == []


@pytest.mark.parametrize("grouping", ["radix", "one_key", "stable"])
def test_a_chunks_arrays_hold_each_articles_index_terms_in_their_order(grouping: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """``prepare`` groups a whole chunk's tokens with numpy sorts (two radix sorts of 16-bit keys, by one int64
    key when a chunk has more terms or documents than 16 bits number, or by a stable sort when a chunk is too large
    for one): each article's postings are ``index_terms``' terms, positions and counts, in the order of its dicts
    (the OpenSearch backend's documents list them so)."""
    from search.analysis import index_terms
    from search.analysis.terms import MAX_TOKEN_CHARS
    from search.cluster.documents import article_terms
    from search.index import prepare as prepare_module

    if grouping != "radix":
        monkeypatch.setattr(prepare_module, "_RADIX", 0)
    if grouping == "stable":
        monkeypatch.setattr(prepare_module, "_KEY_BITS", 0)
    docs = _documents()
    docs += [parse_text(text, name, f"/corpus/{name}.txt") for name, text in (
        ("untitled", " date 2024-03-01 \n\nHun hun HUN Sen, Hun: " + "x" * (MAX_TOKEN_CHARS + 1) + " Sen sen."),
        ("blob", " date 2024-03-02 " + "y" * (MAX_TOKEN_CHARS + 1) + " Title\n\nBody " + "z" * 300 + " words"),
        ("khmer", " date 2024-03-03 ហ៊ុន​ម៉ាណែត ហ៊ុន\n\nសម្តេច​ហ៊ុន​ម៉ាណែត ។ ហ៊ុន ម៉ាណែត Hun Manet ហ៊ុន"),
        # acronyms (lang/acronyms.py): in capitals, with dots (title and body), a word both spelled and in capitals
        ("acronyms", " date 2024-03-04 U.N. talks\n\nThe U.S. and US, us, a.m., O.N.U., UN, T.Ư and TƯ, ĐẢNG, U.N."),
    )]
    prepared = prepare(docs, Options(None, None))
    assert all(isinstance(d, PreparedDoc) for d in prepared.docs)
    for item, got in zip(prepared.docs, article_terms(prepared), strict=True):
        doc = item.article.doc
        want = index_terms(doc.title, doc.body, doc.lang, item.values["spelled"] == "exact")
        for name in ARTICLE_FIELDS:
            expected = getattr(want, name)
            assert list(got[name].items()) == list(expected.items()), (doc.id, name)
            count = sum(map(len, expected.values())) if name in POSITIONAL else sum(expected.values())
            assert item.lengths[name] == count, (doc.id, name)


def test_an_index_built_by_worker_processes_answers_as_one_built_in_process(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from search import build_index, open_index
    from search.index import build

    folder = tmp_path / "c"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    build_index([folder], tmp_path / "inline", procs=1)
    monkeypatch.setattr(build, "PARALLEL_MIN_BYTES", 0)  # the seeds are small: force the worker processes
    monkeypatch.setattr(build, "CHUNK_DOCS", 2)
    report = build_index([folder], tmp_path / "workers", procs=2)
    assert report.added == len(ARTICLES)
    queries = ["Sơn", "Sơn La", "coopération", "Hun Manet", "ហ៊ុនម៉ាណែត", "范明政", "lang:fr", "kerja sama"]
    with open_index(tmp_path / "inline") as a, open_index(tmp_path / "workers") as b:
        for q in queries:
            ra, rb = a.search(q), b.search(q)
            assert [(h.id, round(h.score, 6)) for h in ra.hits] == [(h.id, round(h.score, 6)) for h in rb.hits], q
            assert ra.facets == rb.facets and ra.hits, q


def _many_terms() -> list[Any]:
    """More than 65,536 distinct words in one segment (the bulk writer sorts a field's postings by term in two
    16-bit radix passes past that many), among them words of one article and words of all of them."""
    docs = _documents()
    docs += [parse_text(f" date 2024-04-{1 + k % 28:02d} Many {k}\n\n" + " ".join(f"w{k}x{i} shared{i % 50}"
                                                                                  for i in range(2_200)),
                        f"many{k}", f"/corpus/many{k}.txt") for k in range(32)]
    return docs


@pytest.mark.parametrize("documents", [_documents, _many_terms])
def test_the_bulk_writer_and_whooshs_writer_write_the_same_postings_bytes_and_term_infos(
        documents: Any, tmp_path: Path) -> None:
    """``codec._FieldWriter.add_sorted`` (bulk, block headers and term infos computed with numpy) and
    ``codec._PostingsWriter`` (Whoosh's writer, merges) write the same blocks and term infos, for the analysed
    fields and the value fields (ID: no values; KEYWORD: frequencies): the segments' postings files are equal
    byte for byte, and so is every term's info in the term files (whose field numbers follow the order each
    writer first met the fields in)."""
    prepared = prepare(documents(), Options(None, None))
    postings, infos = [], []
    for name, write in (("reference", _reference), ("bulk", _bulk)):
        gen = write(tmp_path / name, prepared)
        paths = list(gen.glob("*.pst"))
        assert len(paths) == 1
        postings.append(paths[0].read_bytes())
        ix = whoosh_index.open_dir(str(gen), indexname="MAIN")
        with ix.reader() as reader:
            terms = reader._terms
            found = {}
            for field in (*ARTICLE_FIELDS, *VALUE_FIELDS):
                prefix = terms._keycoder(field, b"")
                found[field] = [(k[len(prefix):], v) for k, v in terms._tindex.items_from(prefix)
                                if k.startswith(prefix)]
            infos.append(found)
        ix.close()
    assert len(postings[0]) > 10_000 and postings[0] == postings[1]
    assert all(len(infos[0][f]) > 20 for f in ARTICLE_FIELDS if f != "gap"), {k: len(v) for k, v in infos[0].items()}
    assert len(infos[0]["gap"]) == 1  # GAP_TERM, where punctuation between Khmer words left a position empty
    assert all(infos[0][f] for f in ("id", "path", "lang", "official", "date")), {k: len(v) for k, v in infos[0].items()
                                                                                 if k not in ARTICLE_FIELDS}
    assert infos[0] == infos[1]
    if documents is _many_terms:
        assert len(infos[0]["body"]) > 0x10000


def test_lengths_are_stored_as_whooshs_length_bytes() -> None:
    """Block and term infos store each length as Whoosh's ``length_to_byte``, computed for a whole field at once."""
    from whoosh.util.numeric import length_to_byte

    lengths = np.arange(120_000)
    assert codec._length_bytes(lengths) == [length_to_byte(n) for n in range(120_000)]


def _records(tmp_path: Path) -> list[Any]:
    """Articles read from JSON Lines with every optional field given or left out, in several scripts: their
    stored values mix strings, None, lists, booleans and mentions of officials."""
    import json

    from search.ingest import parse_file
    from search.ingest.fields import FieldMap

    texts = ["Thủ tướng Phạm Minh Chính gặp Hun Manet tại Hà Nội.", "សម្តេច​ហ៊ុន​ម៉ាណែត បានជួប", "范明政 会见 洪玛奈",
             "Le ministre Bùi Thanh Sơn a reçu Prak Sokhonn.", "Menteri bertemu untuk kerja sama.", ""]
    lines = []
    for i in range(48):
        body = texts[i % 6] * (1 + i % 3) or "x"
        record: dict[str, Any] = {"id": f"r{i}", "title": f"T{i} " + texts[i % 6][:12], "body": body}
        if i % 2:
            record["url"] = f"https://example.com/{i}"
        if i % 3:
            record["author"] = ["A. Writer", "Nguyễn Văn A"][i % 2]
        if i % 4:
            record["date"] = f"2024-0{1 + i % 9}-1{i % 10}" + ("T08:30:00Z" if i % 5 else "")
        if i % 5 == 1:
            record["tags"] = ["politics", "ASEAN"][: 1 + i % 2]
        if i % 7 == 2:
            record["section"] = "Thế giới"
        if i % 6 == 3:
            record["source"] = "VNA"
        lines.append(json.dumps(record, ensure_ascii=bool(i % 2)))
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [d for d in parse_file(path, FieldMap(), {}) if not isinstance(d, Exception)]


def test_stored_fields_made_by_the_workers_are_the_bytes_whooshs_writer_stores(tmp_path: Path) -> None:
    """``prepare`` with ``stored``: each document's stored fields are pickled and compressed in the worker
    (``prepare.stored_bytes``), and the bulk writer adds those bytes: the segment's ``_stored`` column file is
    byte for byte the one Whoosh's own writer makes from the values, and the stored fields read back the same."""
    from search.index.prepare import stored_fields

    assert {"body", "path", "title", "url"} <= set(stored_fields())
    docs = _documents() + _records(tmp_path)
    made = prepare(docs, Options(None, None, stored=True))
    assert all(isinstance(d, PreparedDoc) and d.stored for d in made.docs)
    assert any(d.article.mentions for d in made.docs if isinstance(d, PreparedDoc))
    assert {d.values["url"] is None for d in made.docs if isinstance(d, PreparedDoc)} == {True, False}
    columns = []
    for name, write in (("reference", _reference), ("bulk", _bulk)):
        gen = write(tmp_path / name, made)
        (column,) = gen.glob("*._stored.col")
        columns.append(column.read_bytes())
    assert len(columns[0]) > 10_000 and columns[0] == columns[1]
    assert _dump(tmp_path / "reference" / "gen-0001") == _dump(tmp_path / "bulk" / "gen-0001")


def _segment_files(gen: Path) -> dict[str, bytes]:
    """The segment's files by their names without the segment's random id."""
    import re

    return {re.sub(r"^MAIN_[a-z0-9]+\.", "", f.name): f.read_bytes() for f in gen.glob("MAIN_*.*")}


def _field_lengths(gen: Path) -> list[tuple[str, int]]:
    """Each field's total length as the table of contents keeps it, in its order (pickled with it)."""
    ix = whoosh_index.open_dir(str(gen), indexname="MAIN")
    try:
        (segment,) = ix._segments()
        return list(segment._fieldlengths.items())
    finally:
        ix.close()


@pytest.mark.parametrize("made", [False, True])
def test_the_bulk_writers_columns_are_whooshs_byte_for_byte(made: bool, tmp_path: Path) -> None:
    """The bulk writer keeps each document's lengths, column values and stored fields (made by the workers, or
    from the values here) as lists and writes each column at once (``_write_columns``): every column file is
    byte for byte the one Whoosh's per-document writer makes, a value at a time (a length column up to its last
    document with a length, a value column for the documents without a value too), and the table of contents'
    field lengths have the same totals in the same order (the order the fields first had a length: ``gap`` last
    here, which only the later documents have)."""
    docs = _documents() + _records(tmp_path)
    prepared = prepare(docs, Options(None, None, stored=made))
    assert all(isinstance(d, PreparedDoc) for d in prepared.docs)
    assert not prepared.docs[0].lengths["gap"] and any(d.lengths["gap"] for d in prepared.docs)  # type: ignore[union-attr]
    reference, bulk = _reference(tmp_path / "reference", prepared), _bulk(tmp_path / "bulk", prepared)
    expected, got = _segment_files(reference), _segment_files(bulk)
    columns = sorted(name for name in expected if name.endswith(".col"))
    assert {"_gap_len.col", "_stored.col", "fingerprint.col", "id.col", "source.col"} <= set(columns)
    assert columns == sorted(name for name in got if name.endswith(".col"))
    assert [name for name in columns if expected[name] != got[name]] == []
    assert len(expected["_gap_len.col"]) < len(prepared.docs)  # (no byte after the last document with a gap)
    assert _field_lengths(reference) == _field_lengths(bulk)
    assert [name for name, _ in _field_lengths(bulk)][-1] == "gap"


def test_a_segment_written_chunk_after_chunk_is_the_segment_of_one_chunk(tmp_path: Path) -> None:
    """Chunks prepared apart (each its own vocabulary, as the workers make them), some documents left out (an
    unchanged or refused article), make the same segment, every file byte for byte, as the documents kept in one
    chunk: the terms of each chunk numbered in the segment's vocabulary (``_FieldPostings.extend``), the numbers
    left unused by terms already known compacted when a field is sorted."""
    docs = _documents() + _records(tmp_path)
    kept = [d for n, d in enumerate(docs) if n % 5 != 3]
    one = _bulk(tmp_path / "one", prepare(kept, Options(None, None, stored=True)))
    ix, chunked = store.create(tmp_path / "chunked")
    w = BulkSegmentWriter(ix)
    for at in range(0, len(docs), 17):
        chunk = docs[at:at + 17]
        keep = [n for n in range(len(chunk)) if (at + n) % 5 != 3]
        w.add_prepared(prepare(chunk, Options(None, None, stored=True)), keep, [fingerprint("1:2", "h")] * len(keep))
    w.commit(merge=False)
    ix.close()
    expected, got = _segment_files(one), _segment_files(chunked)
    assert {"pst", "trm", "_stored.col", "_body_len.col"} <= set(expected) and expected.keys() == got.keys()
    assert [name for name in expected if expected[name] != got[name]] == []
    assert _field_lengths(one) == _field_lengths(chunked)
