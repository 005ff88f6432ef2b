"""The monitoring spreadsheets: what goes into them and what an upload may change.

Two workbooks, written by the reports app's engine (openpyxl) from the layouts declared here:

- the **realisation workbook** of a quarter: sheets ``Petunjuk``, ``Info`` and ``Realisasi`` (title
  in row 1, headers in row 2, column numbers in row 3, one row per action due from row 4). The
  plan's columns are grey and locked; the unit fills in the realised value, budget spent, progress
  note, factors and follow-up. A hidden ``ID`` column (the action's uid) matches each row on
  import. The city's workbook adds a ``Perangkat Daerah`` column and holds every unit's rows.
- the **portal workbook**: the national Portal RB's RB Tematik import, 35 columns in its order
  (domain brief §5a), the header in row 1 as its importer reads it, one row per action with the
  targets and realisation of TW1–TW4 of the year.

An upload is read by the engine into a ``WorkbookRead`` (rows and sheet problems); ``check_import``
matches it to a report and lists every problem or every change; ``apply_import`` writes the
changes all or nothing through ``services.save_realisation`` (locks, states and audit apply).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.lib.formatting import angka, rupiah
from petajalan.monitoring import services
from petajalan.monitoring.documents import QuarterData, focus_nodes, supporting_units
from petajalan.monitoring.models import QuarterReport, Realisation
from petajalan.roadmaps.models import Action, ActionBudget, ActionTarget

FORMAT_NAME = "Petajalan pemantauan"
FORMAT_VERSION = 1
GUIDE_SHEET = "Petunjuk"
INFO_SHEET = "Info"
DATA_SHEET = "Realisasi"
TITLE_ROW, HEADER_ROW, NUMBER_ROW, FIRST_DATA_ROW = 1, 2, 3, 4
KEY = "key"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # as the road-map import (reports.spreadsheet.MAX_FILE_BYTES)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 14
    editable: bool = False
    kind: str = "text"  # text, number, money
    max_length: int = 0
    hidden: bool = False


def columns(*, city: bool = False) -> list[Column]:
    """The realisation sheet's columns (the city's workbook names the unit of each row)."""
    unit = [Column("unit", "Perangkat Daerah", 22)] if city else []
    return [
        Column("no", "No", 6),
        Column(KEY, "ID", 14, hidden=True),
        Column("focus", "Fokus", 26),
        *unit,
        Column("activity", "Kegiatan", 40),
        Column("indicator", "Indikator", 30),
        Column("unit_of_measure", "Satuan", 10),
        Column("direction", "Arah", 8),
        Column("target", "Target", 12, kind="number"),
        Column("budget_planned", "Anggaran (Rp)", 18, kind="money"),
        Column("value", "Realisasi", 12, editable=True, kind="number"),
        Column("budget_spent", "Realisasi Anggaran (Rp)", 18, editable=True, kind="money"),
        Column("progress_note", "Uraian Kemajuan", 40, editable=True, max_length=4000),
        Column("supporting_factors", "Faktor Pendukung", 30, editable=True, max_length=2000),
        Column("inhibiting_factors", "Faktor Penghambat", 30, editable=True, max_length=2000),
        Column("follow_up", "Tindak Lanjut", 30, editable=True, max_length=2000),
    ]


ALL_COLUMNS = {c.key: c for c in columns(city=True)}
EDITABLE = [c.key for c in columns() if c.editable]
DIRECTION_LABELS = {"up": "Naik", "down": "Turun", "keep": "Tetap"}

INFO_FIELDS = [
    ("format", "Format"),
    ("government", "Pemerintah Daerah"),
    ("government_slug", "Kode Pemerintah Daerah"),
    ("unit", "Perangkat Daerah"),
    ("unit_code", "Kode Perangkat Daerah"),
    ("roadmap", "Road Map"),
    ("year", "Tahun"),
    ("quarter", "Triwulan"),
    ("status", "Status Laporan"),
]


def normalise_header(text: object) -> str:
    """Case, spacing and a trailing '*' do not matter in a header."""
    return re.sub(r"\s+", " ", str(text or "")).strip().rstrip("*").strip().casefold()


def info_values(data: QuarterData) -> dict[str, Any]:
    return {
        "format": f"{FORMAT_NAME} {FORMAT_VERSION}",
        "government": data.government,
        "government_slug": data.government_slug,
        "unit": data.unit if data.scope == "unit" else "",
        "unit_code": data.unit_code if data.scope == "unit" else "",
        "roadmap": data.roadmap_uuid,
        "year": data.year,
        "quarter": data.quarter,
        "status": data.status,
    }


def row_values(data: QuarterData, *, city: bool) -> list[list[Any]]:
    """The realisation sheet's rows: one per action due, in document order (focus, unit, order)."""
    numbers: dict[str, int] = {}
    result = []
    for row in data.rows:
        numbers[row.focus_key] = numbers.get(row.focus_key, 0) + 1
        values = {
            "no": numbers[row.focus_key],
            KEY: row.key,
            "focus": data.focus_title(row.focus_key),
            "unit": row.unit_short_name or data.government,
            "activity": row.activity,
            "indicator": row.indicator,
            "unit_of_measure": row.unit_of_measure,
            "direction": DIRECTION_LABELS.get(row.direction, row.direction),
            "target": row.target,
            "budget_planned": row.budget_planned,
            "value": row.unit_value,
            "budget_spent": row.unit_budget,
            "progress_note": row.progress_note,
            "supporting_factors": row.supporting_factors,
            "inhibiting_factors": row.inhibiting_factors,
            "follow_up": row.follow_up,
        }
        result.append([values[c.key] for c in columns(city=city)])
    return result


# -- reading an upload back --------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetProblem:
    """One thing wrong with an upload: ``row`` is the Excel row (0: the sheet or the file) and
    ``column`` the header as printed ("" when the problem is not about one column)."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = [self.sheet] if self.sheet else []
        if self.row:
            where.append(_("baris %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("kolom %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class SheetRow:
    number: int  # the Excel row
    key: str
    values: dict[str, Any]  # editable column key -> Decimal | None (numbers) or str (texts)


@dataclass
class WorkbookRead:
    """What the engine read from an upload: the Info sheet, the rows and every problem."""

    info: dict[str, Any] = field(default_factory=dict)  # normalised label -> value
    rows: list[SheetRow] = field(default_factory=list)
    present: set[str] = field(default_factory=set)  # editable columns the file has
    problems: list[SheetProblem] = field(default_factory=list)
    sheet: str = DATA_SHEET


@dataclass
class RowChange:
    realisation_id: int
    number: int  # Excel row
    activity: str
    fields: list[tuple[str, str, str]]  # (column header, before, after) as printed


@dataclass
class ImportCheck:
    """The outcome of checking an upload against a report: every problem, or the changes."""

    problems: list[SheetProblem]
    changes: list[RowChange] = field(default_factory=list)
    batch: list[dict[str, Any]] = field(default_factory=list)  # JSON-ready, for apply_import
    rows: int = 0  # data rows read

    @property
    def ok(self) -> bool:
        return not self.problems


def _shown(key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if key == "budget_spent":
        return rupiah(value, 0 if value == value.to_integral_value() else 2)
    if key == "value":
        decimals = max(0, -value.normalize().as_tuple().exponent)
        return angka(value, min(decimals, 4))
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"


def _same(key: str, old: Any, new: Any) -> bool:
    if key in ("value", "budget_spent"):
        return old == new  # Decimal("2.60") == Decimal("2.6"); None == None
    return (old or "").replace("\r\n", "\n").strip() == (new or "").replace("\r\n", "\n").strip()


def refusal(report: QuarterReport) -> str:
    """Why the report's figures cannot be changed now ("" when they can)."""
    if not report.is_editable_state:
        return _("Laporan ini berstatus %(s)s; isiannya tidak dapat diubah lewat impor.") % {
            "s": report.get_status_display()
        }
    period = services.ensure_period(report.government, report.year, report.quarter)
    if services.is_locked(report, period):
        return _(
            "Triwulan %(q)s %(y)s sudah dikunci sejak %(d)s. Minta Bagian Organisasi membuka kembali "
            "laporan ini bila masih perlu diubah."
        ) % {"q": report.quarter, "y": report.year, "d": period.locks_on.strftime("%d-%m-%Y")}
    return ""


def _check_info(report: QuarterReport, read: WorkbookRead, problems: list[SheetProblem]) -> None:
    """A file exported for another government, unit or quarter must not write into this report."""
    info = read.info
    slug = str(info.get("kode pemerintah daerah") or "").strip()
    if slug and slug != report.government.slug:
        problems.append(
            SheetProblem(
                INFO_SHEET,
                0,
                "Kode Pemerintah Daerah",
                _("Berkas ini milik pemerintah daerah lain (%(slug)s).") % {"slug": slug},
            )
        )
    code = str(info.get("kode perangkat daerah") or "").strip()
    if code and report.unit is not None and code != report.unit.code:
        problems.append(
            SheetProblem(
                INFO_SHEET,
                0,
                "Kode Perangkat Daerah",
                _("Berkas ini milik %(unit)s (%(code)s), bukan %(owner)s (%(owner_code)s).")
                % {
                    "unit": str(info.get("perangkat daerah") or code),
                    "code": code,
                    "owner": report.unit.name,
                    "owner_code": report.unit.code,
                },
            )
        )
    for label, header, expected in (
        ("tahun", "Tahun", report.year),
        ("triwulan", "Triwulan", report.quarter),
    ):
        given = info.get(label)
        text = str(given).strip() if given is not None else ""
        if text and text.removesuffix(".0") != str(expected):
            problems.append(
                SheetProblem(
                    INFO_SHEET,
                    0,
                    header,
                    _("Berkas ini untuk %(label)s %(given)s, bukan %(expected)s.")
                    % {"label": label, "given": text, "expected": expected},
                )
            )


def check_import(report: QuarterReport, read: WorkbookRead) -> ImportCheck:
    """Match an upload to ``report``: every problem (rows of another road map, unknown or repeated
    IDs, the Info of another quarter or government) or, when there is none, the changes."""
    problems = list(read.problems)
    _check_info(report, read, problems)
    current = {
        str(uid): row
        for uid, row in (
            (r.action.uid, r)
            for r in Realisation.objects.filter(report=report).select_related("action").order_by("pk")
        )
    }
    keys = {r.key for r in read.rows} - set(current)
    elsewhere = {
        str(uid): (unit or "", title)
        for uid, unit, title in Action.objects.filter(government=report.government, uid__in=_uuids(keys))
        .exclude(roadmap=report.roadmap)
        .values_list("uid", "roadmap__unit__short_name", "roadmap__title")
    }
    own_not_due = {
        str(uid)
        for uid in Action.objects.filter(roadmap=report.roadmap, uid__in=_uuids(keys)).values_list(
            "uid", flat=True
        )
    }
    seen: set[str] = set()
    changes: list[RowChange] = []
    batch: list[dict[str, Any]] = []
    sheet = read.sheet
    for item in read.rows:
        if item.key in seen:
            problems.append(
                SheetProblem(
                    sheet, item.number, "ID", _("ID “%(key)s” muncul lebih dari sekali.") % {"key": item.key}
                )
            )
            continue
        seen.add(item.key)
        row = current.get(item.key)
        if row is None:
            if item.key in elsewhere:
                unit, title = elsewhere[item.key]
                message = _("Baris ini milik road map lain (%(title)s%(unit)s), bukan laporan ini.") % {
                    "title": title,
                    "unit": f", {unit}" if unit else "",
                }
            elif item.key in own_not_due:
                message = _(
                    "Rencana aksi ini tidak dijadwalkan pada triwulan ini, jadi tidak ada baris realisasinya."
                )
            else:
                message = _("ID “%(key)s” tidak dikenal di laporan ini. Jangan mengubah kolom ID.") % {
                    "key": item.key
                }
            problems.append(SheetProblem(sheet, item.number, "ID", message))
            continue
        data: dict[str, Any] = {}
        fields = []
        for key in EDITABLE:
            if key not in read.present:
                continue  # a column missing from the file keeps the stored values
            new = item.values.get(key)
            old = getattr(row, key)
            if not _same(key, old, new):
                data[key] = new
                fields.append((ALL_COLUMNS[key].header, _shown(key, old), _shown(key, new)))
        if data:
            changes.append(RowChange(row.pk, item.number, row.action.activity, fields))
            batch.append(
                {
                    "id": row.pk,
                    "version": row.version,
                    "data": {k: (str(v) if isinstance(v, Decimal) else v) for k, v in data.items()},
                }
            )
    # the Info sheet's first, then each sheet top to bottom, problems of the whole file last
    problems = sorted(problems, key=lambda p: (p.sheet != INFO_SHEET, p.sheet == "", p.row))
    if problems:
        return ImportCheck(problems, rows=len(read.rows))
    return ImportCheck([], changes, batch, rows=len(read.rows))


def _uuids(keys: set[str]) -> list[str]:
    pattern = re.compile(r"^[0-9a-fA-F-]{32,36}$")
    return [k for k in keys if pattern.match(k)]


class ImportRefused(ServiceError):
    """Nothing was written: a row could not be saved (locked, not editable, changed since)."""


def apply_import(*, actor: Any, report: QuarterReport, batch: list[dict[str, Any]]) -> int:
    """Write a checked batch into ``report``, all or nothing; the number of rows changed.

    Each row goes through ``services.save_realisation`` (the lock, the report's state, the row's
    version and the audit event apply per row); any refusal undoes every row written before it."""
    why = refusal(report)
    if why:
        raise ImportRefused(why)
    ids = [int(item["id"]) for item in batch]
    rows = {
        r.pk: r
        for r in Realisation.objects.filter(report=report, pk__in=ids).select_related("report__government")
    }
    try:
        with transaction.atomic():
            for item in batch:
                row = rows.get(int(item["id"]))
                if row is None:
                    raise ImportRefused(
                        _("Sebagian baris sudah tidak ada di laporan ini. Unggah berkasnya lagi.")
                    )
                data = {
                    k: (Decimal(v) if k in ("value", "budget_spent") and v is not None else v)
                    for k, v in item["data"].items()
                }
                services.save_realisation(actor=actor, row=row, data=data, version=int(item["version"]))
    except StaleEdit as exc:
        activity = getattr(getattr(exc.current, "action", None), "activity", "")
        raise ImportRefused(
            _(
                "Baris “%(activity)s” diubah orang lain sejak berkas diperiksa. Tidak ada yang disimpan; "
                "unggah berkasnya lagi."
            )
            % {"activity": activity[:80]}
        ) from exc
    except ImportRefused:
        raise
    except ServiceError as exc:
        raise ImportRefused(exc.message) from exc
    return len(batch)


# -- the national portal's RB Tematik layout ------------------------------------------------------------

# (the key its importer reads, the header as printed); the importer slugs row 1 of the first sheet
# and requires exactly these 35 keys in this order (domain brief §5a)
PORTAL_COLUMNS = [
    ("tema", "Tema"),
    ("sasaran", "Sasaran"),
    ("indikator_roadmap", "Indikator Roadmap"),
    ("target", "Target"),
    ("satuan_target", "Satuan Target"),
    ("realisasi", "Realisasi"),
    ("capaian", "Capaian"),
    ("catatan", "Catatan"),
    ("permasalahan", "Permasalahan"),
    ("sasaran_permasalahan", "Sasaran Permasalahan"),
    ("indikator_permasalahan", "Indikator Permasalahan"),
    ("target_indikator_permasalahan", "Target Indikator Permasalahan"),
    ("satuan_target_indikator_permasalahan", "Satuan Target Indikator Permasalahan"),
    ("realisasi_indikator_permasalahan", "Realisasi Indikator Permasalahan"),
    ("capaian_indikator_permasalahan", "Capaian Indikator Permasalahan"),
    ("catatan_indikator_permasalahan", "Catatan Indikator Permasalahan"),
    ("rencana_aksi", "Rencana Aksi"),
    ("indikator_output", "Indikator Output"),
    ("satuan_output", "Satuan Output"),
    ("target_tw1", "Target TW1"),
    ("target_tw2", "Target TW2"),
    ("target_tw3", "Target TW3"),
    ("target_tw4", "Target TW4"),
    ("target_total", "Target Total"),
    ("anggaran", "Anggaran"),
    ("fokus_intervensi", "Fokus Intervensi"),
    ("koordinator", "Koordinator"),
    ("pelaksana", "Pelaksana"),
    ("realisasi_tw1", "Realisasi TW1"),
    ("realisasi_tw2", "Realisasi TW2"),
    ("realisasi_tw3", "Realisasi TW3"),
    ("realisasi_tw4", "Realisasi TW4"),
    ("realisasi_total", "Realisasi Total"),
    ("realisasi_anggaran", "Realisasi Anggaran"),
    ("catatan_monev", "Catatan Monev"),
]
PORTAL_NUMBERS = {
    "target_tw1",
    "target_tw2",
    "target_tw3",
    "target_tw4",
    "target_total",
    "anggaran",
    "realisasi_tw1",
    "realisasi_tw2",
    "realisasi_tw3",
    "realisasi_tw4",
    "realisasi_total",
    "realisasi_anggaran",
}
# the seven values the portal accepts (a drop-down in the file: Petajalan does not store them)
INTERVENTION_FOCUSES = [
    "Perencanaan dan Penganggaran",
    "Proses Bisnis dan SOP",
    "Sumber Daya Manusia",
    "Pengawasan",
    "Teknologi dan Informasi",
    "Inovasi",
    "Lain-lain",
]


def portal_key(header: str) -> str:
    """The key the portal's importer makes of a header (Laravel's ``Str::slug(…, '_')``)."""
    return re.sub(r"[^a-z0-9]+", "_", header.casefold()).strip("_")


@dataclass
class PortalSheet:
    title: str
    rows: list[list[Any]]  # 35 values each: text, Decimal or None

    @property
    def headers(self) -> list[str]:
        return [header for _key, header in PORTAL_COLUMNS]


def _sum_or_none(values: Any) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def portal_sheet(government_name: str, year: int, roadmap_ids: list[int], *, title: str = "") -> PortalSheet:
    """One row per action of the road maps with a target, budget or realisation in ``year``:
    TW1–TW4 targets and realisation (the figures that count) from every quarter of that year.

    The portal's totals are read the way Petajalan keeps the plan: the year's target is the
    "Target Total"; an indicator's realisation is reported to date, so "Realisasi Total" is that of
    the latest quarter reported; budget spent is typed per quarter, so "Realisasi Anggaran" is the
    sum of the year's quarters."""
    targets: dict[int, dict[int | None, Decimal | None]] = {}
    for action_id, quarter, value in ActionTarget.objects.filter(
        action__roadmap__in=roadmap_ids, year=year
    ).values_list("action_id", "quarter", "value"):
        targets.setdefault(action_id, {})[quarter] = value
    budgets = dict(
        ActionBudget.objects.filter(action__roadmap__in=roadmap_ids, year=year).values_list(
            "action_id", "amount"
        )
    )
    realised: dict[int, dict[int, tuple[Decimal | None, Decimal | None, str]]] = {}
    for action_id, quarter, value, verified, spent, verified_budget, note in Realisation.objects.filter(
        action__roadmap__in=roadmap_ids, year=year
    ).values_list(
        "action_id", "quarter", "value", "verified_value", "budget_spent", "verified_budget", "progress_note"
    ):
        realised.setdefault(action_id, {})[quarter] = (
            verified if verified is not None else value,
            verified_budget if verified_budget is not None else spent,
            note,
        )
    ids = set(targets) | set(budgets) | set(realised)
    actions = list(
        Action.objects.filter(pk__in=ids)
        .order_by("roadmap__unit__code", "order", "pk")
        .values(
            "pk",
            "roadmap_id",
            "focus_key",
            "activity",
            "indicator",
            "unit_of_measure",
            "responsible_unit__short_name",
            "roadmap__unit__short_name",
        )
    )
    problems_of: dict[int, list[str]] = {}
    through = Action.problems.through
    for action_id, statement in (
        through.objects.filter(action_id__in=ids)
        .order_by("problem__order")
        .values_list("action_id", "problem__statement")
    ):
        problems_of.setdefault(action_id, []).append(statement)
    helpers = supporting_units(ids)
    nodes = focus_nodes(roadmap_ids, {a["focus_key"] for a in actions})
    order = {n.key: i for i, n in enumerate(nodes)}
    titles = {n.key: n.title for n in nodes}
    actions.sort(key=lambda a: order.get(a["focus_key"], len(order)))
    rows = []
    for a in actions:
        pk = a["pk"]
        quarters = realised.get(pk, {})
        reported = [q for q in sorted(quarters) if quarters[q][0] is not None or quarters[q][1] is not None]
        latest = quarters[reported[-1]] if reported else (None, None, "")
        owner = a["responsible_unit__short_name"] or a["roadmap__unit__short_name"] or government_name
        notes = "; ".join(
            f"TW{q}: {quarters[q][2].strip()}" for q in sorted(quarters) if quarters[q][2].strip()
        )
        planned = targets.get(pk, {})
        values: dict[str, Any] = {
            "tema": titles.get(a["focus_key"], a["focus_key"]),
            "permasalahan": " | ".join(problems_of.get(pk, [])),
            "rencana_aksi": a["activity"],
            "indikator_output": a["indicator"],
            "satuan_output": a["unit_of_measure"],
            **{f"target_tw{q}": planned.get(q) for q in range(1, 5)},
            "target_total": planned.get(None),
            "anggaran": budgets.get(pk),
            "koordinator": owner,
            "pelaksana": ", ".join(dict.fromkeys([owner, *helpers.get(pk, [])])),
            **{f"realisasi_tw{q}": quarters.get(q, (None, None, ""))[0] for q in range(1, 5)},
            "realisasi_total": latest[0],
            "realisasi_anggaran": _sum_or_none(quarters[q][1] for q in quarters),
            "catatan_monev": notes,
        }
        rows.append([values.get(key) for key, _header in PORTAL_COLUMNS])
    return PortalSheet(title or f"RB Tematik {year}", rows)
