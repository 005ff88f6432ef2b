"""Open data: an enacted road map as CSV (one row per action) and JSON, for an open-data portal.

Fields are documented in docs/documents.md. Numbers are machine-readable (dot decimals, no
thousands separators); personal identifiers (NIP) are never published.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from petajalan.roadmaps.plain import PlainRoadmap, to_dict

OPEN_DATA_SCHEMA = "petajalan-roadmap-opendata"
OPEN_DATA_VERSION = 1
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutral(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice)."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def csv_columns(plain: PlainRoadmap) -> list[str]:
    years = plain.years
    return [
        "pemerintah_daerah",
        "perangkat_daerah",
        "kode_perangkat_daerah",
        "periode",
        "status",
        "fokus_kunci",
        "fokus",
        "id",
        "no",
        "permasalahan",
        "kegiatan",
        "kode_sub_kegiatan",
        "output",
        "indikator",
        "satuan",
        "arah",
        "tahun_dasar",
        "nilai_dasar",
        *[f"target_{y}" for y in years],
        *[f"anggaran_{y}" for y in years],
        "tanpa_anggaran",
        "penanggung_jawab",
        "unit_pendukung",
        "jadwal",
        "bukti_yang_diharapkan",
    ]


def roadmap_csv(plain: PlainRoadmap) -> str:
    """UTF-8 CSV text, comma-separated, a header row and one row per action."""
    problems = {p.uid: p.statement for p in plain.problems}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_columns(plain))
    focus_order = {f.key: i for i, f in enumerate(plain.focus_nodes)}
    actions = sorted(plain.actions, key=lambda a: (focus_order.get(a.focus_key, len(focus_order)), a.order))
    for a in actions:
        focus = plain.focus(a.focus_key)
        targets = {t.year: t.value for t in a.targets}
        budgets = {b.year: b.value for b in a.budgets}
        text = [
            plain.government,
            plain.unit,
            plain.unit_code,
            plain.period_label,
            plain.status,
            a.focus_key,
            focus.title if focus else "",
            a.uid,
        ]
        row: list[str] = [_neutral(v) for v in text]
        row.append(str(a.order))
        row += [
            _neutral(v)
            for v in [
                " | ".join(problems.get(uid, "") for uid in a.problem_uids),
                a.activity,
                a.subactivity_code,
                a.output,
                a.indicator,
                a.unit_of_measure,
                a.direction,
            ]
        ]
        row += ["" if a.baseline_year is None else str(a.baseline_year), _number(a.baseline_value)]
        row += [_number(targets.get(y)) for y in plain.years]
        row += [_number(budgets.get(y)) for y in plain.years]
        row.append("ya" if a.no_budget_needed else "tidak")
        row += [
            _neutral(v) for v in [a.responsible_unit, " | ".join(a.supporting_units), " | ".join(a.schedule)]
        ]
        row.append(_neutral(a.expected_evidence))
        writer.writerow(row)
    return buffer.getvalue()


def _without_nip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nip(v) for k, v in value.items() if k != "nip"}
    if isinstance(value, list):
        return [_without_nip(v) for v in value]
    return value


def roadmap_json(plain: PlainRoadmap) -> str:
    """The whole road map (outline, actions, quick wins, team) as JSON, without any NIP."""
    data = _without_nip(to_dict(plain))
    document = {"schema": OPEN_DATA_SCHEMA, "schema_version": OPEN_DATA_VERSION, "roadmap": data}
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
