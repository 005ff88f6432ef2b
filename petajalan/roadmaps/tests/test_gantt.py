"""The Gantt SVG of ``petajalan.lib.gantt`` (pure, no database)."""

from __future__ import annotations

from defusedxml import ElementTree

from petajalan.lib.gantt import GanttRow, draw, quarters_of


def test_quarters_of_skips_bad_entries():
    assert quarters_of(["2026-Q1", "2026-Q4", "2026-Q5", "tahun depan", "2027-Q2"]) == [
        (2026, 1),
        (2026, 4),
        (2027, 2),
    ]


def test_draw_gives_valid_svg_with_one_bar_per_scheduled_quarter_inside_the_period():
    rows = [
        GanttRow("Aksi <satu> & dua", [(2025, 1), (2025, 2), (2031, 1)]),
        GanttRow("Quick win", [(2026, 3)], kind="quick_win"),
    ]
    svg = draw(rows, [2025, 2026, 2027], title="Uji")
    root = ElementTree.fromstring(svg)  # well-formed: labels are escaped
    bars = [e for e in root.iter("{http://www.w3.org/2000/svg}rect") if e.get("rx") == "3"]
    assert len(bars) == 3  # the 2031 quarter lies outside the period
    assert {b.get("fill") for b in bars} == {"#1d4ed8", "#b45309"}
    assert "Aksi &lt;satu&gt; &amp; dua" in svg


def test_draw_an_empty_chart():
    root = ElementTree.fromstring(draw([], [2025]))
    assert root.get("width") and root.get("height")
