"""Open data: CSV and JSON of a road map, read back with the standard library."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from petajalan.reports.opendata import csv_columns, roadmap_csv, roadmap_json
from petajalan.reports.sample import sample_roadmap


def test_csv_has_documented_columns_and_one_row_per_action() -> None:
    roadmap = sample_roadmap()
    rows = list(csv.DictReader(io.StringIO(roadmap_csv(roadmap))))
    assert len(rows) == len(roadmap.actions)
    assert list(rows[0]) == csv_columns(roadmap)
    first = rows[0]
    assert first["fokus_kunci"] == "urn:rb:area:manajemen-perubahan"
    assert first["target_2025"] == "40" and first["anggaran_2025"] == "25000000"
    assert first["jadwal"] == "2025-Q1 | 2025-Q2 | 2025-Q3 | 2025-Q4 | 2026-Q1"
    assert first["permasalahan"] == "Belum optimalnya manajemen perubahan"


def test_csv_neutralises_formula_like_text_but_not_numbers() -> None:
    roadmap = sample_roadmap()
    roadmap.actions[0].activity = "=cmd|' /C calc'!A0"
    roadmap.actions[0].targets[0].value = Decimal(-5)
    row = next(csv.DictReader(io.StringIO(roadmap_csv(roadmap))))
    assert row["kegiatan"] == "'=cmd|' /C calc'!A0"
    assert row["target_2025"] == "-5"


def test_json_carries_the_whole_roadmap_without_any_nip() -> None:
    roadmap = sample_roadmap()
    text = roadmap_json(roadmap)
    data = json.loads(text)
    assert data["schema"] == "petajalan-roadmap-opendata" and data["schema_version"] == 1
    assert len(data["roadmap"]["actions"]) == len(roadmap.actions)
    assert data["roadmap"]["signatory"]["name"] == "dr. Budi Santoso, M.Kes."
    assert "nip" not in text and "196009101980031003" not in text and "199001012015032001" not in text
