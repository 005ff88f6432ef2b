"""Every validation rule of the pack format, each with a tiny broken pack (no database)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from petajalan.frameworks.schema import MAX_FILE_BYTES, checksum, parse_yaml, validate

BASE: dict[str, Any] = {
    "pack": "uji",
    "purpose": "worksheet",
    "version": "1",
    "title": "Paket uji",
    "nodes": [
        {"key": "urn:uji:a", "kind": "component", "title": "A", "weight": 10},
        {"key": "urn:uji:a:1", "parent": "urn:uji:a", "kind": "criterion", "title": "A1", "weight": 4},
        {"key": "urn:uji:a:2", "parent": "urn:uji:a", "kind": "criterion", "title": "A2", "weight": 6},
    ],
}


def pack(**changes):
    doc = copy.deepcopy(BASE)
    doc.update(changes)
    return doc


def node(**fields):
    return {"key": "urn:uji:x", "kind": "criterion", "title": "X", **fields}


def problems_of(doc, known=None):
    return [str(p) for p in validate(doc, "uji.yaml", known).problems]


def one_problem(doc, *expected, known=None):
    found = problems_of(doc, known)
    assert found, "expected a problem, got a valid pack"
    text = "\n".join(found)
    for part in expected:
        assert part in text, text
    return found


def test_valid_tiny_pack_has_no_problems_and_a_checksum():
    parsed = validate(pack(), "uji.yaml")
    assert parsed.is_valid
    assert len(parsed.checksum) == 64
    assert parsed.doc["nodes"][1]["weight"] == "4"


def test_normalised_document_validates_to_the_same_checksum():
    first = validate(pack(), "uji.yaml")
    again = validate(first.doc, "uji.yaml")
    assert again.checksum == first.checksum == checksum(again.doc)


def test_malformed_yaml_names_the_line():
    parsed = parse_yaml(b"pack: uji\nnodes: [\n  - key: a\n", "rusak.yaml")
    assert not parsed.is_valid
    assert parsed.problems[0].row is not None
    assert "YAML tidak dapat dibaca" in str(parsed.problems[0])


def test_key_written_twice_in_yaml_is_refused():
    parsed = parse_yaml(b"pack: uji\npack: lain\n", "dua.yaml")
    assert "ditulis dua kali" in str(parsed.problems[0])
    assert parsed.problems[0].row == 2


def test_yaml_aliases_are_refused_before_they_can_expand():
    laughs = b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    laughs += b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nnodes: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    parsed = parse_yaml(laughs, "tawa.yaml")
    assert [str(p) for p in parsed.problems] == [
        "tawa.yaml: baris 1: anchor/alias YAML (&, *) tidak diizinkan; tulis isinya langsung."
    ]


def test_file_that_is_not_a_mapping_is_refused():
    assert "pemetaan" in str(parse_yaml(b"- satu\n- dua\n", "daftar.yaml").problems[0])


def test_non_utf8_and_oversized_files_are_refused():
    assert "UTF-8" in str(parse_yaml(b"\xff\xfe\x00", "biner.yaml").problems[0])
    assert "terlalu besar" in str(parse_yaml(b"#" * (MAX_FILE_BYTES + 1), "besar.yaml").problems[0])


def test_problem_lines_name_file_line_key_and_field():
    text = yaml.safe_dump(pack(nodes=[*BASE["nodes"], node(kind="bukan-jenis")]), sort_keys=False)
    parsed = parse_yaml(text.encode(), "uji.yaml")
    line = str(parsed.problems[0])
    assert line.startswith("uji.yaml: baris ")
    assert ": urn:uji:x: kind: jenis tidak dikenal" in line


def test_missing_required_fields():
    doc = pack()
    del doc["version"]
    one_problem(doc, "version: wajib diisi")
    one_problem(pack(nodes=[{"kind": "criterion"}]), "butir #1: key: wajib diisi", "title: wajib diisi")


def test_unknown_fields_are_refused():
    one_problem(pack(wieght=3), "wieght: kolom tidak dikenal")
    one_problem(pack(nodes=[node(wieght=3)]), "urn:uji:x: wieght: kolom tidak dikenal")


def test_wrong_types():
    one_problem(pack(nodes="bukan daftar"), "nodes: harus berupa daftar butir")
    one_problem(pack(nodes=[node(weight="banyak")]), "weight: bobot harus angka")
    one_problem(pack(nodes=[node(weight=-1)]), "weight: bobot harus angka 0 atau lebih")
    one_problem(pack(nodes=[node(weight="1.2345")]), "paling banyak 3 angka")
    one_problem(pack(nodes=[node(verified="mungkin")]), "verified: harus ya atau tidak")
    one_problem(pack(nodes=[node(title=["a"])]), "title: harus berupa teks")
    one_problem(pack(nodes=[node(extra=[1])]), "extra: harus berupa pemetaan")
    one_problem(pack(valid_from="kemarin"), "valid_from: tanggal harus berbentuk")
    one_problem(pack(valid_from="2024-01-01", valid_to="2023-01-01"), "tanggal akhir sebelum tanggal mulai")
    one_problem(pack(levels=["kota"]), "tingkat tidak dikenal: kota")
    one_problem(pack(purpose="lain"), "purpose: harus salah satu dari")
    one_problem(pack(version="1 baru"), "version: hanya huruf")
    one_problem(pack(pack="Paket Uji"), "pack: hanya huruf kecil")
    one_problem(pack(sources=[{"title": "x", "url": "ftp://x"}]), "harus diawali http")


def test_unknown_kind():
    one_problem(pack(nodes=[node(kind="subkriteria")]), "kind: jenis tidak dikenal")


def test_key_format():
    one_problem(pack(nodes=[node(key="Kunci Salah")]), "kunci harus diawali 'urn:'")


def test_duplicate_node_keys():
    one_problem(pack(nodes=[node(), node(title="Y")]), "urn:uji:x: key: kunci dipakai lebih dari sekali")


def test_missing_parent():
    one_problem(pack(nodes=[node(parent="urn:uji:tidak-ada")]), "parent: induk 'urn:uji:tidak-ada' tidak ada")


def test_cycle_of_parents_is_reported_once():
    nodes = [
        node(key="urn:uji:a", parent="urn:uji:c"),
        node(key="urn:uji:b", parent="urn:uji:a"),
        node(key="urn:uji:c", parent="urn:uji:b"),
    ]
    found = one_problem(pack(nodes=nodes), "induk berputar")
    assert len(found) == 1
    one_problem(pack(nodes=[node(parent="urn:uji:x")]), "induk berputar: urn:uji:x → urn:uji:x")


def test_weights_that_do_not_add_up():
    nodes = copy.deepcopy(BASE["nodes"])
    nodes[2]["weight"] = 5
    one_problem(pack(nodes=nodes), "urn:uji:a: weight: bobot butir di bawahnya berjumlah 9, bukan 10")


def test_weights_may_differ_when_the_part_is_marked_incomplete():
    nodes = copy.deepcopy(BASE["nodes"])
    nodes[2]["weight"] = 5
    nodes[0]["complete"] = False
    assert problems_of(pack(nodes=nodes)) == []


def test_conversion_must_cover_the_answer_type():
    one_problem(
        pack(nodes=[node(answer_type="abcd", conversion={"A": 1, "B": 0.5, "C": 0})]),
        "tidak ada nilai untuk D",
    )
    one_problem(
        pack(nodes=[node(answer_type="yes_no", conversion={"Ya": 1, "Tidak": 0, "Mungkin": 0.5})]),
        "jawaban di luar jenisnya: Mungkin",
    )
    one_problem(pack(nodes=[node(answer_type="abc", conversion={"A": 2, "B": 1, "C": 0})]), "antara 0 dan 1")
    one_problem(pack(nodes=[node(answer_type="number")]), "perlu rentang min dan max")
    one_problem(pack(nodes=[node(answer_type="number", conversion={"min": 5, "max": 1})]), "min lebih kecil")
    one_problem(pack(nodes=[node(answer_type="category")]), "perlu tabel konversi")
    one_problem(pack(nodes=[node(answer_type="emoji")]), "jenis jawaban tidak dikenal")
    one_problem(pack(nodes=[node(conversion={"A": 1})]), "tabel konversi tanpa jenis jawaban")


def test_fixed_answer_types_get_their_verified_default_conversion():
    parsed = validate(
        pack(nodes=[node(answer_type="abcde"), node(key="urn:uji:y", answer_type="percent")]), "u"
    )
    assert parsed.doc["nodes"][0]["conversion"] == {
        "A": "1",
        "B": "0.75",
        "C": "0.5",
        "D": "0.25",
        "E": "0",
    }
    assert parsed.doc["nodes"][1]["conversion"] == {"min": "0", "max": "100"}


def band(key, low, high):
    return {"key": f"urn:band:{key}", "kind": "band", "title": key, "extra": {"min": low, "max": high}}


def test_bands_cover_0_to_100_without_gaps_or_overlaps():
    good = [band("b", 50, 100), band("c", 0, 50)]
    assert problems_of(pack(purpose="bands", nodes=good)) == []
    one_problem(pack(purpose="bands", nodes=[band("b", 60, 100), band("c", 0, 50)]), "celah antara", "50–60")
    one_problem(pack(purpose="bands", nodes=[band("b", 40, 100), band("c", 0, 50)]), "bertumpang tindih")
    one_problem(pack(purpose="bands", nodes=[band("b", 50, 100), band("c", 10, 50)]), "mulai dari 0")
    one_problem(pack(purpose="bands", nodes=[band("b", 50, 90), band("c", 0, 50)]), "sampai 100")
    one_problem(
        pack(purpose="bands", nodes=[{"key": "urn:band:x", "kind": "band", "title": "x"}]), "extra.min"
    )


CROSS: dict[str, Any] = {
    "pack": "padanan",
    "purpose": "crosswalk",
    "version": "1",
    "title": "Padanan uji",
    "crosswalk": {"source": {"pack": "lama", "version": "1"}, "target": {"pack": "baru", "version": "2"}},
    "links": [{"source": "urn:a", "target": "urn:b", "relation": "overlaps"}],
}


def known(pack_key, version):
    return {("lama", "1"): {"urn:a"}, ("baru", "2"): {"urn:b"}}.get((pack_key, version))


def test_crosswalk_links_point_at_existing_nodes():
    assert problems_of(CROSS, known) == []
    broken = copy.deepcopy(CROSS)
    broken["links"].append({"source": "urn:a", "target": "urn:tidak-ada", "relation": "overlaps"})
    broken["links"].append({"source": "urn:a", "target": "urn:b", "relation": "mirip"})
    found = one_problem(broken, "padanan #2: target: butir 'urn:tidak-ada' tidak ada", known=known)
    assert any("relation: hubungan harus" in p for p in found)
    assert any("padanan ini ditulis dua kali" in p for p in found)


def test_crosswalk_to_a_pack_that_is_not_loaded():
    other = copy.deepcopy(CROSS)
    other["crosswalk"]["target"]["version"] = "9"
    one_problem(other, "crosswalk.target: paket rujukan baru versi 9 belum dimuat", known=known)


def test_links_outside_a_crosswalk_pack_are_refused():
    one_problem(
        pack(links=[{"source": "urn:a", "target": "urn:b", "relation": "equal"}]), "links: padanan hanya"
    )


@pytest.mark.parametrize("value", [None, "", []])
def test_pack_without_nodes_is_refused(value):
    one_problem(pack(nodes=value), "paling sedikit satu butir")
