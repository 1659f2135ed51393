"""A segment's commit made with arrays (search/index/codec.py): the term file's hash tables filled for all tables
at once (``_TermsHashWriter._tables``) equal Whoosh's ``OrderedHashWriter``'s. (The term records made at once,
``_write_terms``, are read back through Whoosh's term reader and compared with Whoosh's writer's in
tests/index/test_bulk.py.)"""

from __future__ import annotations

import io
import random
import struct

import numpy as np
import pytest
from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.filedb.structfile import StructFile

from search.index import codec


class _Kept(io.BytesIO):
    def close(self) -> None:  # (the writers close their file: its bytes are read after)
        pass


def _records(keys: list[bytes]) -> list[tuple[bytes, bytes]]:
    return [(key, struct.pack("!i", i) * 3) for i, key in enumerate(keys)]


def _whoosh_table_file(items: list[tuple[bytes, bytes]]) -> bytes:
    out = _Kept()
    writer = OrderedHashWriter(StructFile(out))
    for key, value in items:
        writer.add(key, value)
    writer.close()
    return out.getvalue()


def _array_table_file(items: list[tuple[bytes, bytes]], split: int | None = None) -> bytes:
    """The same records written as ``_FieldWriter._write_terms`` does (their hashes and places as arrays), the
    keys from ``split`` on added one at a time by Whoosh's ``add``."""
    out = _Kept()
    writer = OrderedHashWriter(StructFile(out))
    writer.__class__ = codec._TermsHashWriter
    head = items if split is None else items[:split]
    positions, hashes = [], []
    for key, value in head:
        positions.append(writer.dbfile.tell())
        writer.index.append(writer.dbfile.tell())
        writer.dbfile.write(struct.pack("!ii", len(key), len(value)) + key + value)
        hashes.append(md5_hash(key))
        writer.lastkey = key
    writer.add_hashes(np.array(hashes, dtype=np.int64), np.array(positions, dtype=np.int64))
    for key, value in items[len(head):]:
        writer.add(key, value)
    writer.close()
    return out.getvalue()


@pytest.mark.parametrize("count", [0, 1, 3, 300, 5000, 40_000])
def test_hash_tables_filled_at_once_equal_whooshs(count: int) -> None:
    rng = random.Random(count)
    keys = sorted({bytes(rng.randrange(256) for _ in range(rng.randint(1, 12))) for _ in range(count)})
    items = _records(keys)
    want = _whoosh_table_file(items)
    assert _array_table_file(items) == want
    if count > 2:
        assert _array_table_file(items, split=count // 2) == want
