"""The copy-paste detector on hand-written pairs: copied, reworded and unrelated."""

from __future__ import annotations

import pytest

from petajalan.clinic.copypaste import Kind, scan
from petajalan.clinic.samples import exemplary_roadmap, make_action
from petajalan.clinic.text import normalise, similarity, tokens
from petajalan.roadmaps.plain import PlainRoadmap

COPIED = [
    (
        "Penyusunan standar operasional prosedur pelayanan perizinan berusaha",
        "penyusunan Standar Operasional Prosedur pelayanan perizinan berusaha.",
    ),
    (
        "Pelaksanaan survei kepuasan masyarakat terhadap layanan puskesmas setiap semester",
        "Pelaksanaan Survei Kepuasan Masyarakat terhadap layanan Puskesmas setiap semester",
    ),
]
REWORDED = [
    (
        "Menyusun SOP pelayanan administrasi kependudukan secara daring",
        "Penyusunan SOP pelayanan daring administrasi kependudukan",
    ),
    (
        "Digitalisasi arsip vital perangkat daerah melalui alih media",
        "Alih media dan digitalisasi arsip vital di perangkat daerah",
    ),
    (
        "Meningkatkan penanganan pengaduan masyarakat melalui SP4N-LAPOR",
        "Peningkatan penanganan aduan masyarakat lewat SP4N-LAPOR",
    ),
]
UNRELATED = [
    (
        "Penyusunan SOP pelayanan administrasi kependudukan",
        "Pelatihan kompetensi teknis bagi pejabat fungsional pengadaan",
    ),
    (
        "Evaluasi kelembagaan dan penyederhanaan struktur organisasi",
        "Pembangunan aplikasi pengaduan masyarakat berbasis telepon genggam",
    ),
]


def test_stemming_makes_affixed_forms_equal():
    assert normalise("Penyusunan perencanaan") == normalise("menyusun rencana")
    assert "dan" not in tokens("SOP dan standar pelayanan")


@pytest.mark.parametrize(("a", "b"), COPIED)
def test_copied_text_is_nearly_identical(a, b):
    assert similarity(a, b) >= 0.95


@pytest.mark.parametrize(("a", "b"), REWORDED)
def test_reworded_text_stays_similar(a, b):
    assert similarity(a, b) >= 0.6


@pytest.mark.parametrize(("a", "b"), UNRELATED)
def test_unrelated_text_is_not_similar(a, b):
    assert similarity(a, b) < 0.3


def _unit(name: str, activities: list[str], cascade: str = "") -> PlainRoadmap:
    plain = exemplary_roadmap()
    plain.unit_short_name = name
    plain.chapters = []
    plain.problems = []
    plain.actions = [
        make_action(f"{name}-{n}", plain.focus_nodes[0].key, text, "", output="", cascade_uid=cascade)
        for n, text in enumerate(activities)
    ]
    return plain


def test_scan_reports_copied_pair_between_units_with_similarity():
    a = _unit("Dinkes", [COPIED[0][0], UNRELATED[0][1]])
    b = _unit("Disdik", [COPIED[0][1], UNRELATED[1][1]])
    pairs = scan([a, b])
    assert len(pairs) == 1
    pair = pairs[0]
    assert pair.kind == Kind.ACTION
    assert {pair.a.unit, pair.b.unit} == {"Dinkes", "Disdik"}
    assert pair.similarity >= 0.95


def test_scan_ignores_same_unit_and_cascaded_actions():
    a = _unit("Dinkes", [COPIED[1][0], COPIED[1][1]])
    assert scan([a]) == []
    city_text = "Penguatan tim reformasi birokrasi dan rapat koordinasi triwulanan seluruh bidang"
    b = _unit("Disdik", [city_text], cascade="kota-1")
    c = _unit("Dinsos", [city_text], cascade="kota-1")
    assert scan([b, c]) == []


def test_scan_finds_copied_problems_and_chapter_paragraphs():
    a, b = _unit("Dinkes", []), _unit("Disdik", [])
    statement = (
        "Sebagian besar layanan belum memiliki standar pelayanan yang dipublikasikan kepada masyarakat"
    )
    from petajalan.roadmaps.plain import Chapter, Problem

    a.problems = [Problem("pa", "", statement)]
    b.problems = [Problem("pb", "", statement.upper())]
    body = (
        "Kondisi umum perangkat daerah menunjukkan capaian kinerja yang membaik namun pelayanan belum merata."
    )
    a.chapters = [Chapter("urn:outline:bab-2", "BAB II", "Kondisi Umum", body="Pembuka khusus.\n\n" + body)]
    b.chapters = [Chapter("urn:outline:bab-2", "BAB II", "Kondisi Umum", body=body)]
    kinds = sorted(p.kind for p in scan([a, b]))
    assert kinds == [Kind.CHAPTER, Kind.PROBLEM]


def test_short_generic_texts_are_not_reported():
    a = _unit("Dinkes", ["Penyusunan LKjIP"])
    b = _unit("Disdik", ["Penyusunan LKjIP"])
    assert scan([a, b]) == []
