"""Focus hints: the labelled set covers every node and the held-out accuracy stays above 80%."""

from __future__ import annotations

from collections import Counter

import pytest

from petajalan.clinic import focus
from petajalan.clinic.data import load_focus_data

AREAS = [
    "manajemen-perubahan",
    "deregulasi-kebijakan",
    "penataan-organisasi",
    "penataan-tatalaksana",
    "penataan-sdm-aparatur",
    "penguatan-akuntabilitas",
    "penguatan-pengawasan",
    "pelayanan-publik",
]
THEMES = ["kemiskinan", "investasi", "digitalisasi-administrasi", "produk-dalam-negeri", "inflasi"]


def test_labelled_set_has_150_examples_covering_every_area_main_activity_and_theme():
    data = load_focus_data()["examples"]
    assert len(data) >= 150
    areas = Counter(e["area"] for e in data)
    foci = Counter(e["focus"] for e in data)
    assert set(areas) == set(AREAS)
    expected = {f"general:{n:02d}" for n in range(1, 22)} | {f"tematik:{t}" for t in THEMES}
    assert set(foci) == expected
    assert min(foci.values()) >= 5  # every node keeps at least one held-out example
    assert len({e["text"] for e in data}) == len(data)


@pytest.mark.parametrize("pack", ["rb-roadmap:2023", "rb-roadmap:2020"])
def test_held_out_top3_accuracy_is_at_least_80_percent(pack):
    figures = focus.evaluate(pack)
    assert figures["n_test"] >= 25
    assert figures["top3"] >= 0.8, figures


def test_suggest_returns_three_ranked_hints_with_confidence():
    hints = focus.suggest("Pengelolaan pengaduan masyarakat lewat SP4N-LAPOR dan tindak lanjutnya")
    assert len(hints) == 3
    assert hints[0].key == "urn:rb:general:08"
    assert hints[0].title == "Pengelolaan pengaduan masyarakat"
    assert hints[0].confidence >= hints[1].confidence >= hints[2].confidence
    assert 0 < sum(h.confidence for h in hints) <= 1.0001


def test_area_pack_suggests_areas():
    hints = focus.suggest("Seleksi terbuka jabatan pimpinan tinggi", pack="rb-roadmap:2020")
    assert hints[0].key == "urn:rb:area:penataan-sdm-aparatur"


def test_empty_text_gives_no_hint_and_unknown_pack_is_refused():
    assert focus.suggest("dan yang di") == []
    with pytest.raises(focus.UnknownPack):
        focus.suggest("SOP", pack="lke:2023")
