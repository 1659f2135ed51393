"""``FieldMap.keys`` is decided once per set of keys (cached): each answer is a copy, each map its own; and
a record's metadata objects are found as before (the last key of a name)."""

from __future__ import annotations

from search.ingest.fields import FieldMap
from search.ingest.parse import _unwrapped


def test_keys_answer_is_a_copy() -> None:
    fields = FieldMap()
    record = {"headline": "T", "text": "B", "published": "2024-01-02"}
    first = fields.keys(record)
    assert first == {"title": "headline", "body": "text", "date": "published"}
    first["body"] = "nothing"
    first["id"] = "x"
    assert fields.keys(dict(record)) == {"title": "headline", "body": "text", "date": "published"}


def test_keys_by_map_and_order() -> None:
    record = {"story": "S", "text": "B", "Title": "T", "title": "t"}
    assert FieldMap().keys(record) == {"title": "Title", "body": "text"}
    assert FieldMap.parse(["body=story"]).keys(record) == {"title": "Title", "body": "story"}
    assert FieldMap.parse(["body=STORY"]).keys(record) == {"title": "Title", "body": "story"}
    assert FieldMap().keys({"title": "t", "Title": "T", "text": "B"}) == {"title": "title", "body": "text"}
    assert FieldMap().keys({1: "x", "body": "b"}) == {"body": "body"}
    assert FieldMap().keys({}) == {}


def test_metadata_objects() -> None:
    fields = FieldMap()
    record = {"body": "B", "Meta": {"lang": "fr", "url": "https://a.example/1"}, "meta": {"lang": "vi"},
              "info": {"author": "A", "lang": "en"}}
    assert _unwrapped(record, fields) == {**record, "lang": "vi", "author": "A"}
    plain = {"body": "B", "meta": "not an object"}
    assert _unwrapped(plain, fields) is plain
    wrapped = {"_id": "7", "_source": {"text": "B", "metadata": {"date": "2024-05-06"}}}
    assert _unwrapped(wrapped, fields) == {"_id": "7", "text": "B", "metadata": {"date": "2024-05-06"},
                                           "date": "2024-05-06"}
