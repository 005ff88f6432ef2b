"""Server-drawn SVG charts: well-formed, sized, labelled in words, patterns as well as colours."""

from __future__ import annotations

import xml.etree.ElementTree as StdET
from decimal import Decimal

import pytest
from defusedxml import ElementTree as ET

from petajalan.lib import charts
from petajalan.lib.charts import Bar, Segment

NS = {"s": "http://www.w3.org/2000/svg"}
BARS = [
    Bar("Manajemen Perubahan", Decimal("95.5"), "green", "Hijau", "12 baris"),
    Bar("Penataan <Tatalaksana> & SOP", Decimal("72"), "amber", "Kuning"),
    Bar("Pelayanan Publik", Decimal("41.25"), "red", "Merah"),
    Bar("Pengawasan", None, "grey", "Belum ada data"),
]


def _parse(svg: str) -> StdET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert int(root.get("width", "0")) > 0 and int(root.get("height", "0")) > 0
    assert root.find("s:title", NS) is not None
    return root


def _texts(root: StdET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_horizontal_bars_label_each_bar_with_value_and_status_in_words():
    svg = charts.horizontal_bars(BARS, title="Capaian per area", thresholds=(Decimal(90), Decimal(60)))
    root = _parse(svg)
    texts = " | ".join(_texts(root))
    assert "95,5% · Hijau · 12 baris" in texts
    assert "72,0% · Kuning" in texts and "41,3% · Merah" in texts
    assert "— · Belum ada data" in texts
    assert "Penataan <Tatalaksana> & SOP" in texts  # escaped in the markup, intact as text
    assert "<Tatalaksana>" not in svg
    assert svg.count('stroke-dasharray="4 3"') == 2  # the two thresholds


def test_each_status_has_its_own_pattern_so_colour_is_never_alone():
    svg = charts.horizontal_bars(BARS, title="x")
    root = _parse(svg)
    patterns = {p.get("id", "").rsplit("-", 1)[1] for p in root.iter("{http://www.w3.org/2000/svg}pattern")}
    assert patterns == {"amber", "red"}  # green is solid, grey an empty dashed outline
    fills = {r.get("fill") for r in root.iter("{http://www.w3.org/2000/svg}rect")}
    assert "#1a7f37" in fills and any(f and f.startswith("url(#") for f in fills)
    kinds = {charts.STYLES[s][1] for s in ("green", "amber", "red", "grey")}
    assert len(kinds) == 4
    kinds = {charts.STYLES[s][1] for s in ("verified", "submitted", "returned", "late", "draft")}
    assert len(kinds) == 5


def test_two_charts_in_one_page_keep_their_pattern_ids_apart():
    one = charts.horizontal_bars(BARS, title="per area")
    two = charts.horizontal_bars(BARS[1:], title="per unit")
    ids_one = {p.get("id") for p in ET.fromstring(one).iter("{http://www.w3.org/2000/svg}pattern")}
    ids_two = {p.get("id") for p in ET.fromstring(two).iter("{http://www.w3.org/2000/svg}pattern")}
    assert ids_one and ids_two and not ids_one & ids_two
    assert charts.horizontal_bars(BARS, title="per area") == one  # deterministic


def test_values_above_100_widen_the_scale():
    svg = charts.horizontal_bars([Bar("Lebih", Decimal(135), "green", "Hijau")], title="x")
    assert "150</text>" in svg and "135,0% · Hijau" in svg


def test_columns_show_value_period_and_status_under_each_column():
    bars = [
        Bar("TW1 2025", Decimal("88.4"), "amber", "Kuning"),
        Bar("TW2 2025", Decimal(93), "green", "Hijau"),
        Bar("TW3 2025", None, "grey", "Belum ada data"),
    ]
    root = _parse(charts.columns(bars, title="Tren", thresholds=(90, 60)))
    texts = _texts(root)
    assert "88,4" in texts and "93,0" in texts
    assert "TW1 2025" in texts and "Kuning" in texts
    assert "90,0%" in texts and "60,0%" in texts  # the thresholds, labelled
    assert int(root.get("width", "0")) == 36 + 3 * 64 + 64


def test_stacked_bar_splits_by_count_with_a_legend_in_words():
    segments = [
        Segment("Terverifikasi", 6, "verified"),
        Segment("Menunggu verifikasi", 2, "submitted"),
        Segment("Dikembalikan", 1, "returned"),
        Segment("Terlambat", 1, "late"),
        Segment("Belum diajukan", 0, "draft"),
    ]
    root = _parse(charts.stacked_bar(segments, title="Status", width=600))
    texts = _texts(root)
    assert "Terverifikasi: 6" in texts and "Belum diajukan: 0" in texts
    parts = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("height") == "30"]
    widths = [float(r.get("width", "0")) for r in parts]
    assert len(widths) == 4  # an empty status has no part, only its legend line
    assert widths[0] == pytest.approx(598 * 6 / 10, abs=0.1)


@pytest.mark.parametrize(
    "svg",
    [
        charts.horizontal_bars([], title="kosong"),
        charts.columns([], title="kosong"),
        charts.stacked_bar([Segment("Terverifikasi", 0, "verified")], title="kosong"),
    ],
)
def test_empty_charts_are_still_valid_svg(svg):
    _parse(svg)


def test_labels_above_the_bars_keep_long_names_and_fit_a_narrow_chart():
    long = Bar("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", Decimal(91), "green", "Hijau")
    svg = charts.horizontal_bars([long, *BARS[1:]], title="Per unit", width=440, label_width=0)
    root = _parse(svg)
    assert root.get("width") == "440"
    labels = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if t.find("s:title", NS) is not None]
    assert labels[0].text is None and labels[0][0].tail == long.label  # whole, on its own line
    texts = _texts(root)
    assert "91,0% · Hijau" in texts and "— · Belum ada data" in texts
    bar = next(r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") == "#1a7f37")
    assert float(bar.get("x", "0")) + float(bar.get("width", "0")) < 440 - 13 * charts.CHAR
