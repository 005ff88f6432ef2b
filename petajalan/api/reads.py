"""The read endpoints: governments, units, road maps, actions, quarterly reports, realisation,
evidence metadata and evaluation cycles. Every object comes through the same gate as the pages
(``get_government``/``get_for_user`` and the QuerySets' ``visible_to``); lists are ``values()``
queries with a constant number of queries a page."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from petajalan.accounts.models import Government, Membership, Unit
from petajalan.accounts.permissions import get_for_user, get_government
from petajalan.accounts.querysets import _is_platform_operator, active_memberships
from petajalan.api import schemas as s
from petajalan.api.pages import DEFAULT_LIMIT, MAX_LIMIT, page
from petajalan.evaluations import services as evaluations
from petajalan.evaluations.models import Answer, Cycle
from petajalan.evidence.models import Item
from petajalan.monitoring.models import QuarterReport, Realisation
from petajalan.roadmaps import readers
from petajalan.roadmaps.models import Action, Roadmap

router = Router(tags=["baca"])  # also the write operations (writes.py): one path, one view
ERRORS = {401: s.Problem, 404: s.Problem, 422: s.Problem, 429: s.Problem}


class Paging(Schema):
    cursor: str | None = Field(None, description="next_cursor dari halaman sebelumnya")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def etag_of(version: int) -> str:
    return f'"{version}"'


# Governments and units ----------------------------------------------------------------------------


@router.get("/governments", response={200: s.GovernmentPage, **ERRORS}, summary="Pemerintah daerah saya")
def government_list(request: HttpRequest, paging: Query[Paging]) -> Any:
    """The governments where the token's owner holds a role, with those roles."""
    rows, links = page(
        request,
        Government.objects.visible_to(request.user).values("id", "slug", "name", "kind", "province", "code"),
        cursor=paging.cursor,
        limit=paging.limit,
    )
    roles: dict[int, list[str]] = defaultdict(list)
    if _is_platform_operator(request.user):
        for row in rows:
            roles[row["id"]].append(Membership.Role.ADMIN)
    else:
        for gov_id, role in (
            active_memberships(request.user)
            .filter(government_id__in=[r["id"] for r in rows])
            .values_list("government_id", "role")
            .distinct()
            .order_by("government_id", "role")
        ):
            roles[gov_id].append(role)
    for row in rows:
        row["roles"] = roles[row["id"]]
    return {"items": rows, **links}


@router.get("/governments/{gov}/units", response={200: s.UnitPage, **ERRORS}, summary="Perangkat daerah")
def unit_list(request: HttpRequest, gov: str, paging: Query[Paging]) -> Any:
    government = get_government(request, gov)
    units = (
        Unit.objects.visible_to(request.user)
        .filter(government=government)
        .values(
            "id", "uuid", "name", "short_name", "kind", "code", "is_active", parent_uuid=F("parent__uuid")
        )
    )
    rows, links = page(request, units, cursor=paging.cursor, limit=paging.limit)
    return {"items": _rename(rows, parent="parent_uuid"), **links}


# Road maps and actions ----------------------------------------------------------------------------

ROADMAP_FIELDS: tuple[str, ...] = (
    "id",
    "uuid",
    "title",
    "status",
    "start_year",
    "end_year",
    "period_label",
    "enactment_number",
    "enacted_on",
    "version",
    "last_activity_at",
)


class RoadmapFilters(Paging):
    unit: uuid.UUID | None = Field(None, description="UUID perangkat daerah")
    status: Roadmap.Status | None = None
    period: str | None = Field(None, max_length=40, description="Label periode, mis. 2025-2029")
    year: int | None = Field(None, ge=2000, le=2100, description="Road map yang mencakup tahun ini")


@router.get("/governments/{gov}/roadmaps", response={200: s.RoadmapPage, **ERRORS}, summary="Road map")
def roadmap_list(request: HttpRequest, gov: str, filters: Query[RoadmapFilters]) -> Any:
    government = get_government(request, gov)
    roadmaps = Roadmap.objects.visible_to(request.user).filter(government=government)
    if filters.unit:
        roadmaps = roadmaps.filter(unit__uuid=filters.unit)
    if filters.status:
        roadmaps = roadmaps.filter(status=filters.status)
    if filters.period:
        roadmaps = roadmaps.filter(period_label=filters.period)
    if filters.year:
        roadmaps = roadmaps.filter(start_year__lte=filters.year, end_year__gte=filters.year)
    values = roadmaps.values(*ROADMAP_FIELDS, unit_uuid=F("unit__uuid"), unit_name=F("unit__name"))
    rows, links = page(request, values, cursor=filters.cursor, limit=filters.limit)
    for row in rows:
        row["unit"], row["unit_name"] = row.pop("unit_uuid"), row.pop("unit_name")
    return {"items": rows, **links}


ACTION_FIELDS: tuple[str, ...] = ("id", "uid", "order", *readers.ACTION_CONTENT_FIELDS)


def _with_targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each action row with its targets and budgets: two queries for the whole page."""
    ids = [r["id"] for r in rows]
    targets = readers.all_targets(action_id__in=ids)
    budgets = readers.budgets(action_id__in=ids)
    for row in rows:
        row["targets"] = [{"year": y, "quarter": q, "value": v} for y, q, v in targets.get(row["id"], [])]
        row["budgets"] = [{"year": y, "amount": a} for y, a in budgets.get(row["id"], {}).items()]
        schedule = row["schedule"]  # JSON: ["2026-Q1", …]; anything else stored is shown as none
        row["schedule"] = [str(x) for x in schedule] if isinstance(schedule, list) else []
    return rows


def _actions() -> Any:
    return Action.objects.values(
        *ACTION_FIELDS, roadmap_uuid=F("roadmap__uuid"), unit_uuid=F("roadmap__unit__uuid")
    )


def _rename(rows: list[dict[str, Any]], **names: str) -> list[dict[str, Any]]:
    for row in rows:
        for new, old in names.items():
            row[new] = row.pop(old)
    return rows


@router.get(
    "/governments/{gov}/roadmaps/{roadmap}",
    response={200: s.RoadmapDetail, **ERRORS},
    summary="Satu road map",
)
def roadmap_detail(request: HttpRequest, gov: str, roadmap: uuid.UUID) -> Any:
    """One road map with its actions, their targets and budgets."""
    government = get_government(request, gov)
    obj = get_for_user(request, Roadmap.objects.select_related("unit"), uuid=roadmap, government=government)
    data = {name: getattr(obj, name) for name in ROADMAP_FIELDS}
    data |= {"unit": obj.unit.uuid if obj.unit else None, "unit_name": obj.unit.name if obj.unit else None}
    actions = list(_actions().filter(roadmap=obj).order_by("order", "id"))
    data["actions"] = _with_targets(_rename(actions, roadmap="roadmap_uuid", unit="unit_uuid"))
    return data


class ActionFilters(Paging):
    unit: uuid.UUID | None = Field(None, description="UUID perangkat daerah pemilik road map")
    roadmap: uuid.UUID | None = None
    focus: str | None = Field(None, max_length=200, description="Kunci area/tema, mis. urn:rb:area:…")


@router.get("/governments/{gov}/actions", response={200: s.ActionPage, **ERRORS}, summary="Rencana aksi")
def action_list(request: HttpRequest, gov: str, filters: Query[ActionFilters]) -> Any:
    """Actions of the road maps the owner may see, with their targets and budgets."""
    government = get_government(request, gov)
    actions = _actions().filter(
        roadmap__in=Roadmap.objects.visible_to(request.user).filter(government=government).values("pk")
    )
    if filters.unit:
        actions = actions.filter(roadmap__unit__uuid=filters.unit)
    if filters.roadmap:
        actions = actions.filter(roadmap__uuid=filters.roadmap)
    if filters.focus:
        actions = actions.filter(focus_key=filters.focus)
    rows, links = page(request, actions, cursor=filters.cursor, limit=filters.limit)
    return {"items": _with_targets(_rename(rows, roadmap="roadmap_uuid", unit="unit_uuid")), **links}


# Monitoring -----------------------------------------------------------------------------------------


class ReportFilters(Paging):
    year: int | None = Field(None, ge=2000, le=2100)
    quarter: int | None = Field(None, ge=1, le=4)
    unit: uuid.UUID | None = None
    status: QuarterReport.Status | None = None


@router.get("/governments/{gov}/reports", response={200: s.ReportPage, **ERRORS}, summary="Laporan triwulan")
def report_list(request: HttpRequest, gov: str, filters: Query[ReportFilters]) -> Any:
    government = get_government(request, gov)
    reports = QuarterReport.objects.visible_to(request.user).filter(government=government)
    if filters.year:
        reports = reports.filter(year=filters.year)
    if filters.quarter:
        reports = reports.filter(quarter=filters.quarter)
    if filters.unit:
        reports = reports.filter(unit__uuid=filters.unit)
    if filters.status:
        reports = reports.filter(status=filters.status)
    values = reports.values(
        "id",
        "uuid",
        "year",
        "quarter",
        "status",
        "submitted_at",
        "verified_at",
        "version",
        roadmap_uuid=F("roadmap__uuid"),
        unit_uuid=F("unit__uuid"),
    )
    rows, links = page(request, values, cursor=filters.cursor, limit=filters.limit)
    return {"items": _rename(rows, roadmap="roadmap_uuid", unit="unit_uuid"), **links}


REALISATION_FIELDS: tuple[str, ...] = (
    "id",
    "version",
    "focus_key",
    "year",
    "quarter",
    "target",
    "budget_planned",
    "value",
    "budget_spent",
    "progress_note",
    "supporting_factors",
    "inhibiting_factors",
    "follow_up",
    "verified_value",
    "verified_budget",
    "verifier_note",
    "achievement",
    "is_counted",
    "updated_at",
)


def realisation_values(queryset: Any) -> Any:
    return queryset.values(
        *REALISATION_FIELDS,
        report_uuid=F("report__uuid"),
        report_status=F("report__status"),
        roadmap=F("report__roadmap__uuid"),
        action_uid=F("action__uid"),
        unit_uuid=F("unit__uuid"),
        activity=F("action__activity"),
        indicator=F("action__indicator"),
        unit_of_measure=F("action__unit_of_measure"),
    )


def realisation_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return _rename(rows, report="report_uuid", action="action_uid", unit="unit_uuid")


class RealisationFilters(ReportFilters):
    report: uuid.UUID | None = None
    focus: str | None = Field(None, max_length=200)


@router.get(
    "/governments/{gov}/realisations",
    response={200: s.RealisationPage, **ERRORS},
    summary="Realisasi per triwulan",
)
def realisation_list(request: HttpRequest, gov: str, filters: Query[RealisationFilters]) -> Any:
    """Each action's row of each quarter: the unit's figures and, beside them, the verified ones."""
    government = get_government(request, gov)
    rows_qs = Realisation.objects.visible_to(request.user).filter(government=government)
    if filters.year:
        rows_qs = rows_qs.filter(year=filters.year)
    if filters.quarter:
        rows_qs = rows_qs.filter(quarter=filters.quarter)
    if filters.unit:
        rows_qs = rows_qs.filter(unit__uuid=filters.unit)
    if filters.status:
        rows_qs = rows_qs.filter(report__status=filters.status)
    if filters.report:
        rows_qs = rows_qs.filter(report__uuid=filters.report)
    if filters.focus:
        rows_qs = rows_qs.filter(focus_key=filters.focus)
    rows, links = page(request, realisation_values(rows_qs), cursor=filters.cursor, limit=filters.limit)
    return {"items": realisation_rows(rows), **links}


def get_realisation(request: HttpRequest, government: Government, row: int) -> dict[str, Any]:
    """One visible row as the API shows it, else 404."""
    found = get_for_user(request, Realisation.objects.all(), pk=row, government=government)
    return realisation_rows(list(realisation_values(Realisation.objects.filter(pk=found.pk))))[0]


@router.get(
    "/governments/{gov}/realisations/{row}",
    response={200: s.RealisationOut, **ERRORS},
    summary="Satu baris realisasi (ETag = versi)",
)
def realisation_detail(request: HttpRequest, response: HttpResponse, gov: str, row: int) -> Any:
    government = get_government(request, gov)
    data = get_realisation(request, government, row)
    response["ETag"] = etag_of(data["version"])
    return data


# Evidence ------------------------------------------------------------------------------------------


class EvidenceFilters(Paging):
    unit: uuid.UUID | None = None
    kind: Item.Kind | None = None
    year: int | None = Field(None, ge=2000, le=2100, description="Data dukung yang berlaku untuk tahun ini")
    q: str | None = Field(None, max_length=200, description="Kata dalam judul, nomor, penerbit, isi PDF")


def evidence_values(queryset: Any) -> Any:
    return queryset.values(
        "id",
        "uuid",
        "title",
        "kind",
        "number",
        "document_on",
        "issuer",
        "year_from",
        "year_to",
        "valid_until",
        "tags",
        "description",
        "version",
        "created_at",
        unit_uuid=F("unit__uuid"),
        file_name=F("current__original_name"),
        file_number=F("current__number"),
        file_kind=F("current__blob__file_kind"),
        size=F("current__blob__size"),
        sha256=F("current__blob__sha256"),
    )


def evidence_rows(
    request: HttpRequest, government: Government, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    base = reverse(
        "evidence:file-download", kwargs={"gov": government.slug, "item": uuid.UUID(int=0), "number": 1}
    )
    for row in rows:
        row["unit"] = row.pop("unit_uuid")
        number = row.pop("file_number")
        row["download"] = (
            request.build_absolute_uri(
                base.replace(str(uuid.UUID(int=0)), str(row["uuid"])).replace(
                    "/berkas/1/", f"/berkas/{number}/"
                )
            )
            if number
            else None
        )
    return rows


@router.get("/governments/{gov}/evidence", response={200: s.EvidencePage, **ERRORS}, summary="Data dukung")
def evidence_list(request: HttpRequest, gov: str, filters: Query[EvidenceFilters]) -> Any:
    """Metadata of the evidence the owner may see (the bank's own visibility); files through the
    site's download link."""
    government = get_government(request, gov)
    items = Item.objects.visible_to(request.user).filter(government=government)
    if filters.unit:
        items = items.filter(unit__uuid=filters.unit)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.year:
        items = items.covering(filters.year)
    if filters.q:
        items = items.search(filters.q)
    rows, links = page(request, evidence_values(items), cursor=filters.cursor, limit=filters.limit)
    return {"items": evidence_rows(request, government, rows), **links}


# Evaluations ---------------------------------------------------------------------------------------


def _column(score: Any) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "index": score.index,
        "rb_general": score.rb_general,
        "rb_tematik": score.rb_tematik,
        "band": score.band,
        "band_label": str(score.band_label),
    }


@router.get(
    "/governments/{gov}/evaluations", response={200: s.CyclePage, **ERRORS}, summary="Evaluasi mandiri RB"
)
def cycle_list(request: HttpRequest, gov: str, paging: Query[Paging]) -> Any:
    """The cycles with the three columns (mandiri, verifikasi, evaluator) as every role sees them on
    the cycle pages, and the official result."""
    government = get_government(request, gov)
    cycles_qs = (
        Cycle.objects.visible_to(request.user)
        .filter(government=government)
        .select_related("worksheet__pack", "bands")
        .order_by("id")
    )
    paging_rows, links = page(request, cycles_qs.values("id"), cursor=paging.cursor, limit=paging.limit)
    cycles = list(cycles_qs.filter(id__in=[r["id"] for r in paging_rows]))
    by_cycle: dict[int, list[Answer]] = {c.pk: [] for c in cycles}
    for answer in Answer.objects.filter(cycle__in=cycles).only(
        "cycle_id", "node_key", "self_value", "check_state", "verified_value", "evaluator_value"
    ):
        by_cycle[answer.cycle_id].append(answer)
    items = []
    for cycle in cycles:
        result = evaluations.scores(cycle, by_cycle[cycle.pk])
        mine = by_cycle[cycle.pk]
        items.append(
            {
                "uuid": cycle.uuid,
                "year": cycle.year,
                "phase": cycle.phase,
                "worksheet": str(cycle.worksheet),
                "is_published": cycle.is_published,
                "answered": sum(1 for a in mine if a.self_value),
                "total": len(mine),
                "self_assessment": _column(result.self),
                "verified": _column(result.verified),
                "evaluator": _column(result.evaluator),
                "evaluator_index": cycle.evaluator_index,
                "evaluator_predicate": cycle.evaluator_predicate,
            }
        )
    return {"items": items, **links}
