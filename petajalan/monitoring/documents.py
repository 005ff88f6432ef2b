"""What the quarterly monitoring documents and spreadsheets hold, read from the database once.

``unit_quarter(report)`` and ``city_quarter(government, year, quarter, reports)`` gather one
quarter as plain data (``QuarterData``): every realisation row with its action, the roll-ups per
focus node and per unit (``rollup.aggregate``), the quick wins delivered and who signs. The DOCX,
PDF and XLSX renderers live in the reports app, which sits above this one in the import order: it
registers them here at start-up (``register_engine``), so the monitoring views and commands ask
for a document without importing the reports app. The open-data CSV needs no engine and is
written here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from petajalan.accounts.models import Government, Unit
from petajalan.frameworks.models import Node, PackVersion
from petajalan.monitoring import calendar, rollup
from petajalan.monitoring.achievement import Rag, absorption, rag
from petajalan.monitoring.models import Period, QuarterReport, QuickWinDelivery, Realisation, Settings
from petajalan.monitoring.services import settings_for
from petajalan.roadmaps.models import Action, Roadmap

if TYPE_CHECKING:
    from petajalan.monitoring.spreadsheet import PortalSheet, WorkbookRead

ROMAN = ("I", "II", "III", "IV")
RAG_WORDS = {
    Rag.GREEN: N_("Hijau"),
    Rag.AMBER: N_("Kuning"),
    Rag.RED: N_("Merah"),
    Rag.GREY: N_("Abu-abu"),
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def roman(quarter: int) -> str:
    return ROMAN[quarter - 1]


def rag_word(colour: Rag | str) -> str:
    """'Hijau', 'Kuning', 'Merah', 'Abu-abu' (translated)."""
    return _(RAG_WORDS[Rag(colour)])


# -- the data --------------------------------------------------------------------------------------


@dataclass
class Row:
    """One action due in the quarter with the figures that count (the verifier's when given)."""

    realisation_id: int
    report_id: int
    key: str  # the action's uid: the spreadsheet's hidden key column
    version: int
    focus_key: str
    unit: str  # the reporting unit's name ("" for the city road map)
    unit_short_name: str
    unit_code: str
    responsible: str  # the action's responsible unit (short name)
    order: int
    activity: str
    output: str
    indicator: str
    unit_of_measure: str
    direction: str
    target: Decimal | None
    value: Decimal | None  # counted: the verified value when there is one, else the unit's
    unit_value: Decimal | None  # as the unit typed it
    verified_value: Decimal | None
    achievement: Decimal | None
    colour: Rag
    budget_planned: Decimal | None
    budget_spent: Decimal | None  # counted, as ``value``
    unit_budget: Decimal | None
    progress_note: str
    supporting_factors: str
    inhibiting_factors: str
    follow_up: str
    verifier_note: str
    report_status: str
    is_verified: bool

    @property
    def absorption(self) -> Decimal | None:
        return absorption(self.budget_spent, self.budget_planned)


@dataclass
class Line:
    """One line of a roll-up table: a focus node, a unit, or the total."""

    key: str
    label: str
    rows: int
    measured: int
    score: Decimal | None
    colour: Rag
    planned: Decimal
    spent: Decimal
    status: str = ""  # the unit's report status (city tables)
    is_verified: bool = True

    @property
    def absorption(self) -> Decimal | None:
        return absorption(self.spent, self.planned) if self.planned else None


@dataclass
class Delivery:
    title: str
    unit: str
    change_for_citizens: str
    before_measure: str
    after_measure: str
    delivered_on: dt.date | None
    note: str


@dataclass
class Signer:
    """Who signs the report (the unit head; for the city the Sekda or the head of the Bagian
    Organisasi). ``office`` is as stored; the renderers print it in capitals with a comma."""

    office: str
    name: str = ""
    nip: str = ""
    rank: str = ""
    signed_on: dt.date | None = None


@dataclass
class FocusNode:
    key: str
    ref: str
    title: str


@dataclass
class QuarterData:
    """One quarter of one unit (``scope="unit"``) or of the whole city (``scope="city"``)."""

    scope: str
    government: str
    government_slug: str
    government_kind: str
    year: int
    quarter: int
    unit: str = ""
    unit_short_name: str = ""
    unit_code: str = ""
    roadmap_title: str = ""
    roadmap_uuid: str = ""
    period_label: str = ""
    report_uuid: str = ""
    status: str = ""  # the report's status (unit scope)
    due_on: dt.date | None = None
    locks_on: dt.date | None = None
    green_from: Decimal = Decimal(90)
    amber_from: Decimal = Decimal(60)
    rows: list[Row] = field(default_factory=list)
    focus_nodes: list[FocusNode] = field(default_factory=list)
    focus_lines: list[Line] = field(default_factory=list)
    unit_lines: list[Line] = field(default_factory=list)  # city scope: one per report
    total: Line | None = None
    deliveries: list[Delivery] = field(default_factory=list)
    signer: Signer = field(default_factory=lambda: Signer(office=""))
    reports: int = 0
    verified_reports: int = 0
    printed_on: dt.date = field(default_factory=timezone.localdate)

    @property
    def quarter_start(self) -> dt.date:
        return calendar.quarter_start(self.year, self.quarter)

    @property
    def quarter_end(self) -> dt.date:
        return calendar.quarter_end(self.year, self.quarter)

    @property
    def holder(self) -> str:
        """Whose report: the unit, or the government for the city."""
        return self.unit or self.government

    def focus_title(self, key: str) -> str:
        for node in self.focus_nodes:
            if node.key == key:
                return node.title or key
        return key


_ROW_VALUES = (
    "pk",
    "report_id",
    "version",
    "focus_key",
    "target",
    "value",
    "verified_value",
    "achievement",
    "budget_planned",
    "budget_spent",
    "verified_budget",
    "progress_note",
    "supporting_factors",
    "inhibiting_factors",
    "follow_up",
    "verifier_note",
    "action__uid",
    "action__order",
    "action__activity",
    "action__output",
    "action__indicator",
    "action__unit_of_measure",
    "action__direction",
    "action__responsible_unit__short_name",
    "report__status",
    "report__unit__name",
    "report__unit__short_name",
    "report__unit__code",
)


def _rows(reports: list[QuarterReport], thresholds: Settings) -> list[Row]:
    """Every realisation row of ``reports`` in one query."""
    values = Realisation.objects.filter(report__in=[r.pk for r in reports]).values_list(*_ROW_VALUES)
    rows = []
    green, amber = thresholds.green_from, thresholds.amber_from
    verified = QuarterReport.Status.VERIFIED
    for v in values:
        (pk, report_id, version, focus_key, target, value, verified_value, achieved, planned, spent) = v[:10]
        verified_budget = v[10]
        rows.append(
            Row(
                realisation_id=pk,
                report_id=report_id,
                key=str(v[16]),
                version=version,
                focus_key=focus_key,
                unit=v[25] or "",
                unit_short_name=v[26] or "",
                unit_code=v[27] or "",
                responsible=v[23] or "",
                order=v[17],
                activity=v[18],
                output=v[19],
                indicator=v[20],
                unit_of_measure=v[21],
                direction=v[22],
                target=target,
                value=verified_value if verified_value is not None else value,
                unit_value=value,
                verified_value=verified_value,
                achievement=achieved,
                colour=rag(achieved, green_from=green, amber_from=amber),
                budget_planned=planned,
                budget_spent=verified_budget if verified_budget is not None else spent,
                unit_budget=spent,
                progress_note=v[11],
                supporting_factors=v[12],
                inhibiting_factors=v[13],
                follow_up=v[14],
                verifier_note=v[15],
                report_status=v[24],
                is_verified=v[24] == verified,
            )
        )
    return rows


def focus_nodes(roadmap_ids: Iterable[int], keys: Iterable[str]) -> list[FocusNode]:
    """The focus nodes named by ``keys``, in the order of their framework packs (one query)."""
    wanted = set(keys)
    versions = PackVersion.objects.filter(roadmaps__in=list(roadmap_ids)).values("pk")
    found: dict[str, FocusNode] = {}
    for key, ref, title in (
        Node.objects.filter(version__in=versions, key__in=wanted)
        .order_by("version__pack__key", "order", "pk")
        .values_list("key", "ref", "title")
    ):
        found.setdefault(key, FocusNode(key, ref, title))
    nodes = list(found.values())
    nodes += [FocusNode(k, "", k) for k in sorted(wanted - set(found))]
    return nodes


def _sort(rows: list[Row], nodes: list[FocusNode]) -> list[Row]:
    index = {n.key: i for i, n in enumerate(nodes)}
    return sorted(rows, key=lambda r: (index.get(r.focus_key, len(index)), r.unit_code, r.order))


def _line(key: str, label: str, group: rollup.Rollup | None, thresholds: Settings) -> Line:
    if group is None:
        colour = rag(None, green_from=thresholds.green_from, amber_from=thresholds.amber_from)
        return Line(key, label, 0, 0, None, colour, Decimal(0), Decimal(0))
    return Line(
        key,
        label,
        group.rows,
        group.measured,
        group.score,
        group.colour,
        group.planned,
        group.spent,
    )


def _rollups(
    rows: QuerySet, nodes: list[FocusNode], thresholds: Settings
) -> tuple[list[Line], Line, dict[Any, rollup.Rollup]]:
    by_focus = {g.key: g for g in rollup.aggregate(rows, "focus_key", thresholds)}
    present = [n for n in nodes if n.key in by_focus]
    # lettered as the action tables are ("A. Manajemen Perubahan"), in the packs' order
    lines = [
        _line(n.key, f"{chr(ord('A') + i % 26)}. {n.title}", by_focus.get(n.key), thresholds)
        for i, n in enumerate(present)
    ]
    whole = rollup.aggregate(rows, None, thresholds)
    total = _line("", _("Jumlah"), whole[0] if whole else None, thresholds)
    by_report = {g.key: g for g in rollup.aggregate(rows, "report_id", thresholds)}
    return lines, total, by_report


def _deliveries(reports: list[QuarterReport]) -> list[Delivery]:
    deliveries = QuickWinDelivery.objects.filter(report__in=[r.pk for r in reports])
    return [
        Delivery(
            title=title,
            unit=unit or "",
            change_for_citizens=change,
            before_measure=before,
            after_measure=after or planned_after,
            delivered_on=delivered_on,
            note=note,
        )
        for title, unit, change, before, after, planned_after, delivered_on, note in deliveries.order_by(
            "report__unit__code", "quick_win__order", "pk"
        ).values_list(
            "quick_win__title",
            "report__unit__short_name",
            "quick_win__change_for_citizens",
            "quick_win__before_measure",
            "after_measure",
            "quick_win__after_measure",
            "delivered_on",
            "note",
        )
    ]


def _unit_signer(unit: Unit, roadmap: Roadmap, government: Government) -> Signer:
    """The unit head from the unit's record, else the road map's signatory."""
    if unit.head_name:
        return Signer(
            office=unit.head_position or f"Kepala {unit.name} {government.name}",
            name=unit.head_name,
            nip=unit.head_nip,
            rank=unit.head_rank,
        )
    return Signer(
        office=roadmap.signatory_position or f"Kepala {unit.name} {government.name}",
        name=roadmap.signatory_name,
        nip=roadmap.signatory_nip,
        rank=roadmap.signatory_rank,
    )


def city_signer(government: Government) -> Signer:
    """The Sekda (head of the Setda unit), else the head of the Bagian Organisasi, else the city
    road map's signatory; without any, the Sekda's office with a blank name to sign by hand."""
    units = Unit.objects.filter(
        government=government, is_active=True, kind__in=[Unit.Kind.SETDA, Unit.Kind.BAGIAN]
    )
    setda = next((u for u in units if u.kind == Unit.Kind.SETDA and u.head_name), None)
    if setda is not None:
        return Signer(
            office=setda.head_position or f"Sekretaris Daerah {government.name}",
            name=setda.head_name,
            nip=setda.head_nip,
            rank=setda.head_rank,
        )
    bagian = next(
        (
            u
            for u in units
            if u.kind == Unit.Kind.BAGIAN and "organisasi" in u.name.casefold() and u.head_name
        ),
        None,
    )
    if bagian is not None:
        return Signer(
            office=bagian.head_position or f"Kepala {bagian.name} Sekretariat Daerah {government.name}",
            name=bagian.head_name,
            nip=bagian.head_nip,
            rank=bagian.head_rank,
        )
    city = (
        Roadmap.objects.filter(government=government, unit__isnull=True)
        .exclude(signatory_name="")
        .order_by("-start_year")
        .first()
    )
    if city is not None:
        return Signer(
            office=city.signatory_position or f"Sekretaris Daerah {government.name}",
            name=city.signatory_name,
            nip=city.signatory_nip,
            rank=city.signatory_rank,
        )
    return Signer(office=f"Sekretaris Daerah {government.name}")


def _signed_on(report: QuarterReport) -> dt.date:
    moment = report.submitted_at if report.status != QuarterReport.Status.DRAFT else None
    return timezone.localdate(moment) if moment else timezone.localdate()


def unit_quarter(report: QuarterReport) -> QuarterData:
    """One report (a unit's road map, or the city road map's own) as document data."""
    report = QuarterReport.objects.select_related("government", "unit", "roadmap").get(pk=report.pk)
    government = report.government
    thresholds = settings_for(government)
    rows = _rows([report], thresholds)
    nodes = focus_nodes([report.roadmap_id], {r.focus_key for r in rows})
    queryset = Realisation.objects.filter(report=report)
    lines, total, _by_report = _rollups(queryset, nodes, thresholds)
    period = Period.objects.filter(government=government, year=report.year, quarter=report.quarter).first()
    unit = report.unit
    signer = _unit_signer(unit, report.roadmap, government) if unit is not None else city_signer(government)
    signer.signed_on = _signed_on(report)
    return QuarterData(
        scope="unit",
        government=government.name,
        government_slug=government.slug,
        government_kind=government.kind,
        year=report.year,
        quarter=report.quarter,
        unit=unit.name if unit else "",
        unit_short_name=unit.short_name if unit else "",
        unit_code=unit.code if unit else "",
        roadmap_title=report.roadmap.title,
        roadmap_uuid=str(report.roadmap.uuid),
        period_label=report.roadmap.period_label,
        report_uuid=str(report.uuid),
        status=report.status,
        due_on=period.due_on if period else None,
        locks_on=period.locks_on if period else None,
        green_from=Decimal(str(thresholds.green_from)),
        amber_from=Decimal(str(thresholds.amber_from)),
        rows=_sort(rows, nodes),
        focus_nodes=nodes,
        focus_lines=lines,
        total=total,
        deliveries=_deliveries([report]),
        signer=signer,
        reports=1,
        verified_reports=int(report.status == QuarterReport.Status.VERIFIED),
    )


def city_reports(government: Government, year: int, quarter: int, user: Any = None) -> list[QuarterReport]:
    """The quarter's reports of every road map of the government (those ``user`` may see)."""
    reports = QuarterReport.objects.filter(government=government, year=year, quarter=quarter)
    if user is not None:
        reports = reports.visible_to(user)
    return list(reports.select_related("unit", "roadmap").order_by("unit__code", "pk"))


def city_quarter(
    government: Government, year: int, quarter: int, reports: list[QuarterReport] | None = None
) -> QuarterData:
    """Every report of the quarter together: the unit's figures where a report is not verified
    yet (each row and unit line says whether it is)."""
    if reports is None:
        reports = city_reports(government, year, quarter)
    thresholds = settings_for(government)
    rows = _rows(reports, thresholds)
    nodes = focus_nodes([r.roadmap_id for r in reports], {r.focus_key for r in rows})
    queryset = Realisation.objects.filter(report__in=[r.pk for r in reports])
    lines, total, by_report = _rollups(queryset, nodes, thresholds)
    statuses = dict(QuarterReport.Status.choices)
    unit_lines = []
    for report in reports:
        label = (
            report.unit.name
            if report.unit
            else _("%(gov)s (road map pemerintah daerah)") % {"gov": government.name}
        )
        line = _line(str(report.uuid), label, by_report.get(report.pk), thresholds)
        line.status = str(statuses.get(report.status, report.status))
        line.is_verified = report.status == QuarterReport.Status.VERIFIED
        unit_lines.append(line)
    period = Period.objects.filter(government=government, year=year, quarter=quarter).first()
    signer = city_signer(government)
    signer.signed_on = timezone.localdate()
    return QuarterData(
        scope="city",
        government=government.name,
        government_slug=government.slug,
        government_kind=government.kind,
        year=year,
        quarter=quarter,
        due_on=period.due_on if period else None,
        locks_on=period.locks_on if period else None,
        green_from=Decimal(str(thresholds.green_from)),
        amber_from=Decimal(str(thresholds.amber_from)),
        rows=_sort(rows, nodes),
        focus_nodes=nodes,
        focus_lines=lines,
        unit_lines=unit_lines,
        total=total,
        deliveries=_deliveries(reports),
        signer=signer,
        reports=len(reports),
        verified_reports=sum(1 for r in reports if r.status == QuarterReport.Status.VERIFIED),
    )


def supporting_units(action_ids: Iterable[int]) -> dict[int, list[str]]:
    """Short names of each action's supporting units (one query)."""
    found: dict[int, list[str]] = {}
    through = Action.supporting_units.through
    for action_id, name in (
        through.objects.filter(action_id__in=list(action_ids))
        .order_by("unit__code")
        .values_list("action_id", "unit__short_name")
    ):
        found.setdefault(action_id, []).append(name)
    return found


# -- formats ----------------------------------------------------------------------------------------


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "portal": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMATS = tuple(CONTENT_TYPES)


# -- open data -----------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "pemerintah_daerah",
    "tahun",
    "triwulan",
    "perangkat_daerah",
    "kode_perangkat_daerah",
    "status_laporan",
    "terverifikasi",
    "fokus_kunci",
    "fokus",
    "id",
    "no",
    "kegiatan",
    "output",
    "indikator",
    "satuan",
    "arah",
    "target",
    "realisasi",
    "realisasi_unit",
    "capaian",
    "warna",
    "anggaran",
    "realisasi_anggaran",
    "penyerapan",
    "uraian_kemajuan",
    "faktor_pendukung",
    "faktor_penghambat",
    "tindak_lanjut",
    "catatan_verifikator",
    "penanggung_jawab",
]


def _neutral(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (as the road-map CSV)."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def quarter_csv(data: QuarterData) -> bytes:
    """UTF-8 CSV, comma-separated, a header row and one row per action due in the quarter.

    ``realisasi`` and ``realisasi_anggaran`` are the figures that count (the verifier's where
    given); ``realisasi_unit`` is what the unit typed; ``warna`` is green/amber/red/grey."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    numbers: dict[str, int] = {}
    for row in data.rows:
        numbers[row.focus_key] = numbers.get(row.focus_key, 0) + 1
        text = {
            "pemerintah_daerah": data.government,
            "perangkat_daerah": row.unit,
            "kode_perangkat_daerah": row.unit_code,
            "status_laporan": row.report_status,
            "fokus_kunci": row.focus_key,
            "fokus": data.focus_title(row.focus_key),
            "id": row.key,
            "kegiatan": row.activity,
            "output": row.output,
            "indikator": row.indicator,
            "satuan": row.unit_of_measure,
            "arah": row.direction,
            "uraian_kemajuan": row.progress_note,
            "faktor_pendukung": row.supporting_factors,
            "faktor_penghambat": row.inhibiting_factors,
            "tindak_lanjut": row.follow_up,
            "catatan_verifikator": row.verifier_note,
            "penanggung_jawab": row.responsible,
        }
        plain = {
            "tahun": str(data.year),
            "triwulan": str(data.quarter),
            "terverifikasi": "ya" if row.is_verified else "tidak",
            "no": str(numbers[row.focus_key]),
            "target": _plain(row.target),
            "realisasi": _plain(row.value),
            "realisasi_unit": _plain(row.unit_value),
            "capaian": _plain(row.achievement),
            "warna": str(row.colour),
            "anggaran": _plain(row.budget_planned),
            "realisasi_anggaran": _plain(row.budget_spent),
            "penyerapan": _plain(row.absorption),
        }
        writer.writerow([_neutral(text[c]) if c in text else plain[c] for c in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8")


# -- the engines the reports app registers ---------------------------------------------------------


class DocumentEngine(Protocol):
    """What the reports app provides (registered from its ``AppConfig.ready``)."""

    def render_document(self, data: QuarterData, fmt: str) -> bytes:
        """The quarterly report as ``fmt`` ("pdf" or "docx")."""

    def write_workbook(self, data: QuarterData) -> bytes:
        """The realisation workbook to fill in (one row per action due)."""

    def write_portal(self, sheet: PortalSheet) -> bytes:
        """The national portal's RB Tematik layout as XLSX."""

    def read_workbook(self, content: bytes) -> WorkbookRead:
        """A filled-in realisation workbook read back: its rows and every problem."""


_engines: list[DocumentEngine] = []


class EngineMissing(RuntimeError):
    """No document engine registered (the reports app is not installed)."""


def register_engine(engine: DocumentEngine) -> DocumentEngine:
    _engines[:] = [engine]
    return engine


def engine() -> DocumentEngine:
    if not _engines:
        raise EngineMissing("no monitoring document engine registered")
    return _engines[0]


@dataclass
class Export:
    content: bytes
    filename: str
    content_type: str


def _name(who: str, year: int, quarter: int, fmt: str) -> str:
    from django.utils.text import slugify

    stem = "portal-rb" if fmt == "portal" else "pemantauan"
    extension = "xlsx" if fmt == "portal" else fmt
    return f"{stem}-{slugify(who)}-{year}-tw{quarter}.{extension}"


def export_report(report: QuarterReport, fmt: str) -> Export:
    """One report's quarter in ``fmt`` (the web download and ``export_monitoring --unit`` use this)."""
    who = report.unit.short_name if report.unit else report.government.slug
    name = _name(who, report.year, report.quarter, fmt)
    if fmt == "portal":
        from petajalan.monitoring.spreadsheet import portal_sheet

        sheet = portal_sheet(report.government.name, report.year, [report.roadmap_id])
        return Export(engine().write_portal(sheet), name, CONTENT_TYPES[fmt])
    return Export(render(unit_quarter(report), fmt), name, CONTENT_TYPES[fmt])


def export_city(
    government: Government, year: int, quarter: int, fmt: str, reports: list[QuarterReport] | None = None
) -> Export:
    """The city's quarter in ``fmt``: every report of ``reports`` (default: all of the quarter); the
    portal layout covers their road maps over the whole year."""
    if reports is None:
        reports = city_reports(government, year, quarter)
    name = _name(government.slug, year, quarter, fmt)
    if fmt == "portal":
        from petajalan.monitoring.spreadsheet import portal_sheet

        roadmaps = sorted({r.roadmap_id for r in reports})
        sheet = portal_sheet(government.name, year, roadmaps)
        return Export(engine().write_portal(sheet), name, CONTENT_TYPES[fmt])
    return Export(render(city_quarter(government, year, quarter, reports), fmt), name, CONTENT_TYPES[fmt])


def render(data: QuarterData, fmt: str) -> bytes:
    """The bytes of one format of a quarter ("pdf", "docx", "xlsx", "csv"; "portal" needs
    ``spreadsheet.portal_sheet`` and is built by ``export``)."""
    if fmt == "csv":
        return quarter_csv(data)
    if fmt == "xlsx":
        return engine().write_workbook(data)
    if fmt in ("pdf", "docx"):
        return engine().render_document(data, fmt)
    raise ValueError(fmt)
