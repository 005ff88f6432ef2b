"""What changed between two pack versions, computed from their normalised documents (no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from petajalan.frameworks.schema import NODE_FIELDS

META_COMPARED = ("title", "legal_basis", "valid_from", "valid_to", "levels", "complete", "verified", "notes")


def as_text(value: Any) -> str:
    """A field value as a person reads it: lists joined, tables as "A = 1; B = 0.5", flags as ya/tidak."""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dict):
        return "; ".join(f"{k} = {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(as_text(v) for v in value)
    return "" if value is None else str(value)


# What a person reads instead of the YAML field name.
FIELD_LABELS = {
    "title": _("Judul"),
    "legal_basis": _("Dasar hukum"),
    "valid_from": _("Berlaku sejak"),
    "valid_to": _("Berlaku sampai"),
    "levels": _("Tingkat"),
    "complete": _("Lengkap"),
    "verified": _("Terverifikasi"),
    "notes": _("Catatan"),
    "parent": _("Induk"),
    "kind": _("Jenis"),
    "ref": _("Nomor"),
    "title_en": _("Judul (Inggris)"),
    "description": _("Uraian"),
    "description_en": _("Uraian (Inggris)"),
    "order": _("Urutan"),
    "weight": _("Bobot"),
    "answer_type": _("Jenis jawaban"),
    "conversion": _("Tabel konversi"),
    "expected_evidence": _("Data dukung yang diharapkan"),
    "guidance": _("Panduan penyusun"),
    "applicability": _("Berlaku untuk"),
    "source": _("Sumber"),
    "source_url": _("Tautan sumber"),
    "extra": _("Keterangan lain"),
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any

    @property
    def label(self) -> str:
        return str(FIELD_LABELS.get(self.field, self.field))

    @property
    def before_text(self) -> str:
        return as_text(self.before)

    @property
    def after_text(self) -> str:
        return as_text(self.after)


@dataclass
class NodeChange:
    key: str
    status: str  # "added", "removed" or "changed"
    kind: str
    ref: str
    title: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Diff:
    added: list[NodeChange] = field(default_factory=list)
    removed: list[NodeChange] = field(default_factory=list)
    changed: list[NodeChange] = field(default_factory=list)
    meta: list[FieldChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.meta)

    @property
    def rows(self) -> list[NodeChange]:
        """Every change in the newer version's order (removed ones where they used to be)."""
        return self.added + self.changed + self.removed


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> Diff:
    """Nodes added, removed and changed (with each changed field) from ``old`` to ``new``."""
    before = {node["key"]: node for node in old.get("nodes", [])}
    after = {node["key"]: node for node in new.get("nodes", [])}
    result = Diff()
    result.meta = [
        FieldChange(name, old.get(name), new.get(name))
        for name in META_COMPARED
        if old.get(name) != new.get(name)
    ]
    for key, node in after.items():
        if key not in before:
            result.added.append(NodeChange(key, "added", node["kind"], node["ref"], node["title"]))
            continue
        fields = [
            FieldChange(name, before[key].get(name), node.get(name))
            for name in NODE_FIELDS
            if name != "key" and before[key].get(name) != node.get(name)
        ]
        if fields:
            result.changed.append(
                NodeChange(key, "changed", node["kind"], node["ref"], node["title"], fields)
            )
        else:
            result.unchanged += 1
    for key, node in before.items():
        if key not in after:
            result.removed.append(NodeChange(key, "removed", node["kind"], node["ref"], node["title"]))
    return result
