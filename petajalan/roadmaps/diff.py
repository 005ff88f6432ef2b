"""A readable difference between two plain road maps, row by row and field by field (no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from petajalan.roadmaps.plain import PlainRoadmap, to_dict

SECTIONS: list[tuple[str, Any]] = [
    ("chapters", _("Bab")),
    ("problems", _("Permasalahan")),
    ("actions", _("Rencana aksi")),
    ("quick_wins", _("Quick win")),
    ("team", _("Tim RB")),
    ("change_agents", _("Agen perubahan")),
]
HEAD_FIELDS = ("title", "period_label", "start_year", "end_year", "status", "enactment_number", "enacted_on")


FIELD_LABELS: dict[str, Any] = {
    "title": _("Judul"),
    "period_label": _("Periode"),
    "start_year": _("Tahun awal"),
    "end_year": _("Tahun akhir"),
    "status": _("Status"),
    "enactment_number": _("Nomor penetapan"),
    "enacted_on": _("Tanggal penetapan"),
    "focus_key": _("Area/kegiatan utama/tema"),
    "statement": _("Permasalahan"),
    "evidence": _("Bukti kondisi"),
    "activity": _("Kegiatan"),
    "problem_uids": _("Permasalahan yang dijawab"),
    "subactivity_code": _("Kode sub-kegiatan"),
    "output": _("Keluaran"),
    "indicator": _("Indikator"),
    "unit_of_measure": _("Satuan"),
    "direction": _("Arah"),
    "baseline_year": _("Tahun data dasar"),
    "baseline_value": _("Nilai data dasar"),
    "targets": _("Target per tahun"),
    "quarter_targets": _("Target per triwulan"),
    "budgets": _("Anggaran per tahun"),
    "no_budget_needed": _("Tidak perlu anggaran"),
    "responsible_unit": _("Penanggung jawab"),
    "supporting_units": _("Unit pendukung"),
    "schedule": _("Jadwal"),
    "expected_evidence": _("Data dukung"),
    "cascade_uid": _("Rencana aksi kota"),
    "change_for_citizens": _("Perubahan bagi masyarakat"),
    "owner": _("Penanggung jawab"),
    "deadline": _("Tenggat"),
    "before_measure": _("Ukuran sebelum"),
    "after_measure": _("Ukuran sesudah"),
    "body": _("Isi"),
    "role": _("Kedudukan"),
    "name": _("Nama"),
    "position": _("Jabatan"),
    "nip": _("NIP"),
    "group": _("Pokja"),
    "team": _("Tim"),
    "unit": _("Unit kerja"),
    "action_plan": _("Rencana tindak"),
}
SECTION_LABELS = dict(SECTIONS) | {"roadmap": _("Road map")}


@dataclass
class FieldChange:
    name: str
    before: Any
    after: Any

    @property
    def label(self) -> Any:
        return FIELD_LABELS.get(self.name, self.name)


@dataclass
class RowChange:
    section: str
    kind: str  # added, removed, changed
    key: str
    label: str
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def section_label(self) -> Any:
        return SECTION_LABELS.get(self.section, self.section)


def _row_key(section: str, row: dict[str, Any], index: int) -> str:
    if "uid" in row:
        return str(row["uid"])
    if section == "chapters":
        return str(row["key"])
    if section == "team":
        return f"{row['team']}|{row['role']}|{row['name']}"
    return f"{row.get('name', '')}|{index}" if section == "change_agents" else str(index)


def _label(row: dict[str, Any]) -> str:
    for name in ("activity", "statement", "title", "name"):
        if row.get(name):
            text = str(row[name])
            return text if len(text) <= 90 else text[:87] + "…"
    return ""


def _show(value: Any) -> Any:
    if isinstance(value, list):
        parts = []
        for v in value:
            if isinstance(v, dict) and "year" in v:
                when = f"{v['year']}-TW{v['quarter']}" if v.get("quarter") else str(v["year"])
                parts.append(f"{when}: {v.get('value')}")
            else:
                parts.append(str(v))
        return "; ".join(parts)
    return "" if value is None else value


def diff_plain(old: PlainRoadmap, new: PlainRoadmap) -> list[RowChange]:
    """Rows added, removed and changed from ``old`` to ``new``, in section order."""
    a, b = to_dict(old), to_dict(new)
    changes: list[RowChange] = []
    head = [FieldChange(k, _show(a.get(k)), _show(b.get(k))) for k in HEAD_FIELDS if a.get(k) != b.get(k)]
    if head:
        changes.append(RowChange("roadmap", "changed", "roadmap", str(b.get("title", "")), head))
    for section, _title in SECTIONS:
        before = {_row_key(section, r, i): r for i, r in enumerate(a.get(section, []))}
        after = {_row_key(section, r, i): r for i, r in enumerate(b.get(section, []))}
        for key, row in after.items():
            if key not in before:
                changes.append(RowChange(section, "added", key, _label(row)))
                continue
            old_row = before[key]
            fields = [
                FieldChange(name, _show(old_row.get(name)), _show(row.get(name)))
                for name in row
                if name not in {"uid", "order"} and old_row.get(name) != row.get(name)
            ]
            if fields:
                changes.append(RowChange(section, "changed", key, _label(row), fields))
        for key, row in before.items():
            if key not in after:
                changes.append(RowChange(section, "removed", key, _label(row)))
    return changes
