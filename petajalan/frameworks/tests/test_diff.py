from __future__ import annotations

from petajalan.frameworks.diff import diff_documents
from petajalan.frameworks.loader import read_paths, shipped_paths
from petajalan.frameworks.schema import validate


def _doc(nodes, **meta):
    raw = {"pack": "uji", "purpose": "worksheet", "version": "1", "title": "Uji", "nodes": nodes, **meta}
    return validate(raw, "u").doc


def test_diff_lists_added_removed_and_changed_with_fields():
    old = _doc(
        [
            {"key": "urn:a", "kind": "component", "title": "A", "weight": 10},
            {"key": "urn:a:1", "parent": "urn:a", "kind": "criterion", "title": "Satu", "weight": 10},
            {"key": "urn:hapus", "kind": "criterion", "title": "Dihapus"},
        ]
    )
    new = _doc(
        [
            {"key": "urn:a", "kind": "component", "title": "A", "weight": 12},
            {
                "key": "urn:a:1",
                "parent": "urn:a",
                "kind": "criterion",
                "title": "Satu",
                "weight": 10,
                "answer_type": "abc",
            },
            {"key": "urn:a:2", "parent": "urn:a", "kind": "criterion", "title": "Dua", "weight": 2},
        ],
        title="Uji baru",
    )
    diff = diff_documents(old, new)
    assert [c.key for c in diff.added] == ["urn:a:2"]
    assert [c.key for c in diff.removed] == ["urn:hapus"]
    changed = {c.key: {f.field: (f.before, f.after) for f in c.fields} for c in diff.changed}
    assert changed["urn:a"] == {"weight": ("10", "12")}
    assert changed["urn:a:1"]["answer_type"] == ("", "abc")
    assert changed["urn:a:1"]["conversion"] == ({}, {"A": "1", "B": "0.5", "C": "0"})
    assert [(m.field, m.after) for m in diff.meta] == [("title", "Uji baru")]
    assert diff.unchanged == 0 and not diff.is_empty


def test_a_version_compared_with_itself_is_empty():
    doc = read_paths(shipped_paths())[0].doc
    diff = diff_documents(doc, doc)
    assert diff.is_empty and diff.unchanged == len(doc["nodes"])


def test_lke_2014_to_2020_keeps_the_shared_components_and_changes_nothing_silently():
    docs = {(r.doc["pack"], r.doc["version"]): r.doc for r in read_paths(shipped_paths())}
    diff = diff_documents(docs[("lke", "2014")], docs[("lke", "2020")])
    assert "urn:lke:pengungkit:pemenuhan" in [c.key for c in diff.added]
    assert "urn:lke:pengungkit:manajemen-perubahan" in [c.key for c in diff.removed]
    hasil = next(c for c in diff.changed if c.key == "urn:lke:hasil:akuntabilitas")
    assert {f.field: f.after for f in hasil.fields}["weight"] == "10"
