"""The shapes the API sends and accepts: pydantic schemas, which also write the OpenAPI schema."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Schema
from pydantic import Field

Money = Decimal | None


class ProblemError(Schema):
    loc: list[str | int] = Field(default_factory=list, description="Letak isian yang salah")
    msg: str
    type: str = ""


class Problem(Schema):
    """RFC 9457 problem details; ``current`` holds the current values on a 412."""

    type: str = Field(examples=["urn:petajalan:problem:not-found"])
    title: str
    status: int
    detail: str
    errors: list[ProblemError] | None = None
    current: dict[str, Any] | None = None


class Page(Schema):
    next_cursor: str | None = Field(None, description="Kirim sebagai ?cursor= untuk halaman berikutnya")
    next: str | None = Field(None, description="Alamat lengkap halaman berikutnya")


class GovernmentOut(Schema):
    slug: str
    name: str
    kind: str
    province: str
    code: str
    roles: list[str]


class GovernmentPage(Page):
    items: list[GovernmentOut]


class UnitOut(Schema):
    uuid: UUID
    name: str
    short_name: str
    kind: str
    code: str
    parent: UUID | None
    is_active: bool


class UnitPage(Page):
    items: list[UnitOut]


class RoadmapOut(Schema):
    uuid: UUID
    title: str
    status: str
    unit: UUID | None = Field(description="Kosong: road map pemerintah daerah (kota/kabupaten)")
    unit_name: str | None
    start_year: int
    end_year: int
    period_label: str
    enactment_number: str
    enacted_on: dt.date | None
    version: int
    last_activity_at: dt.datetime


class RoadmapPage(Page):
    items: list[RoadmapOut]


class TargetOut(Schema):
    year: int
    quarter: int | None = Field(description="Kosong: target tahunan")
    value: Decimal | None


class BudgetOut(Schema):
    year: int
    amount: Decimal


class ActionOut(Schema):
    uid: UUID
    roadmap: UUID
    unit: UUID | None
    order: int
    focus_key: str
    activity: str
    subactivity_code: str
    output: str
    indicator: str
    unit_of_measure: str
    direction: str
    baseline_year: int | None
    baseline_value: Decimal | None
    no_budget_needed: bool
    schedule: list[str]
    targets: list[TargetOut]
    budgets: list[BudgetOut]


class ActionPage(Page):
    items: list[ActionOut]


class RoadmapDetail(RoadmapOut):
    actions: list[ActionOut]


class ReportOut(Schema):
    uuid: UUID
    roadmap: UUID
    unit: UUID | None
    year: int
    quarter: int
    status: str
    submitted_at: dt.datetime | None
    verified_at: dt.datetime | None
    version: int


class ReportPage(Page):
    items: list[ReportOut]


class RealisationOut(Schema):
    id: int
    version: int = Field(description="Kirim sebagai If-Match saat menyimpan")
    report: UUID
    report_status: str
    roadmap: UUID
    action: UUID
    unit: UUID | None
    focus_key: str
    year: int
    quarter: int
    activity: str
    indicator: str
    unit_of_measure: str
    target: Decimal | None
    budget_planned: Decimal | None
    value: Decimal | None = Field(description="Realisasi yang diisi unit")
    budget_spent: Decimal | None
    progress_note: str
    supporting_factors: str
    inhibiting_factors: str
    follow_up: str
    verified_value: Decimal | None = Field(
        description="Realisasi hasil verifikasi (kosong: angka unit berlaku)"
    )
    verified_budget: Decimal | None
    verifier_note: str
    achievement: Decimal | None = Field(description="Capaian (%) dari angka yang berlaku")
    is_counted: bool = Field(description="Sudah diverifikasi: angka ini masuk rekap dan halaman publik")
    updated_at: dt.datetime


class RealisationPage(Page):
    items: list[RealisationOut]


class RealisationIn(Schema):
    """The unit's figures of one row; fields left out keep their value."""

    value: Decimal | None = Field(None, ge=0, lt=Decimal("1e14"), max_digits=18, decimal_places=4)
    budget_spent: Decimal | None = Field(None, ge=0, lt=Decimal("1e16"), max_digits=18, decimal_places=2)
    progress_note: str | None = Field(None, max_length=4000)
    supporting_factors: str | None = Field(None, max_length=2000)
    inhibiting_factors: str | None = Field(None, max_length=2000)
    follow_up: str | None = Field(None, max_length=2000)


class EvidenceOut(Schema):
    uuid: UUID
    title: str
    kind: str
    number: str
    document_on: dt.date | None
    issuer: str
    unit: UUID | None
    year_from: int | None
    year_to: int | None
    valid_until: dt.date | None
    tags: str
    description: str
    version: int
    created_at: dt.datetime
    file_name: str | None
    file_kind: str | None
    size: int | None
    sha256: str | None
    download: str | None = Field(
        description="Unduhan berkas di situs (perlu masuk sebagai orang yang boleh melihatnya)"
    )


class EvidencePage(Page):
    items: list[EvidenceOut]


class UploadResult(Schema):
    duplicate: bool = Field(description="Berkas yang sama persis sudah ada: ini data dukung yang sudah ada")
    linked: bool
    item: EvidenceOut


class ColumnScore(Schema):
    index: Decimal
    rb_general: Decimal
    rb_tematik: Decimal
    band: str
    band_label: str


class CycleOut(Schema):
    uuid: UUID
    year: int
    phase: str
    worksheet: str
    is_published: bool
    answered: int
    total: int
    self_assessment: ColumnScore = Field(description="Kolom mandiri (jawaban unit)")
    verified: ColumnScore
    evaluator: ColumnScore | None
    evaluator_index: Decimal | None = Field(description="Indeks resmi dari evaluator (bila sudah ada)")
    evaluator_predicate: str


class CyclePage(Page):
    items: list[CycleOut]
