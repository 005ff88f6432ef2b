"""Writes of monitoring: the calendar, opening a quarter, typing and verifying realisation, the
report's workflow (submit, return, verify), reopening a locked quarter, weights.

Every function takes a keyword-only ``actor``, runs in one transaction and records an audit event.
A write to a locked quarter is refused here (``PeriodLocked``), so the views, the import and the
API all meet the same rule. Achievement is recomputed on every write of a row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record, snapshot
from petajalan.accounts.models import AuditEvent, Government
from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.lib.formatting import tanggal
from petajalan.lib.pause_points import pause_point
from petajalan.monitoring import calendar
from petajalan.monitoring.achievement import achievement
from petajalan.monitoring.models import (
    ActionWeight,
    Holiday,
    Period,
    QuarterReport,
    QuickWinDelivery,
    Realisation,
    Settings,
)
from petajalan.roadmaps.models import Action, ActionBudget, ActionTarget, QuickWin, Roadmap
from petajalan.roadmaps.services.notify import notify, reviewers_and_admins, unit_people

A = AuditEvent.Action
S = QuarterReport.Status
ROW_FIELDS = [
    "value",
    "budget_spent",
    "progress_note",
    "supporting_factors",
    "inhibiting_factors",
    "follow_up",
]
VERIFY_FIELDS = ["verified_value", "verified_budget", "verifier_note"]


class PeriodLocked(ServiceError):
    """The quarter is locked: nothing in it may be written until the admin reopens it."""


# Calendar --------------------------------------------------------------------------------------


def settings_for(government: Government) -> Settings:
    settings, _created = Settings.objects.get_or_create(government=government)
    return settings


def holidays_of(government: Government, years: list[int]) -> set[dt.date]:
    """The government's days off in ``years``, seeded from the ``holidays`` package the first time."""
    have = set(
        Holiday.objects.filter(government=government, on__year__in=years).values_list("on__year", flat=True)
    )
    missing = [y for y in years if y not in have]
    if missing:
        Holiday.objects.bulk_create(
            [
                Holiday(government=government, on=day, name=name[:150], is_from_package=True)
                for day, name in calendar.indonesian_holidays(missing).items()
            ],
            ignore_conflicts=True,
        )
    return set(Holiday.objects.filter(government=government, on__year__in=years).values_list("on", flat=True))


def ensure_period(government: Government, year: int, quarter: int) -> Period:
    """The reporting window of a quarter, made from the government's rule when it does not exist."""
    period = Period.objects.filter(government=government, year=year, quarter=quarter).first()
    if period is not None:
        return period
    rules = settings_for(government)
    days_off = holidays_of(government, [year, year + 1])
    due, locks = calendar.default_dates(
        year, quarter, due_working_days=rules.due_working_days, lock_days=rules.lock_days, holidays=days_off
    )
    period, _created = Period.objects.get_or_create(
        government=government, year=year, quarter=quarter, defaults={"due_on": due, "locks_on": locks}
    )
    return period


def is_locked(report: QuarterReport, period: Period, today: dt.date | None = None) -> bool:
    """Whether the quarter is closed for this report: past its lock date and not reopened."""
    today = today or timezone.localdate()
    if report.reopened_until and today <= report.reopened_until:
        return False
    return today >= period.locks_on


def _refuse_if_locked(report: QuarterReport) -> None:
    period = ensure_period(report.government, report.year, report.quarter)
    if is_locked(report, period):
        raise PeriodLocked(
            _(
                "%(q)s %(y)s sudah dikunci sejak %(d)s. Minta Bagian Organisasi membuka kembali "
                "laporan ini bila masih perlu diubah."
            )
            % {"q": calendar.quarter_label(report.quarter), "y": report.year, "d": tanggal(period.locks_on)}
        )


# Editing the calendar (the admin's calendar page) -----------------------------------------------

SETTINGS_FIELDS = ["green_from", "amber_from", "due_working_days", "lock_days", "remind_days_before"]


def default_period_dates(government: Government, year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """(due, lock) of a quarter under the government's rule and holidays as they are now; stored
    periods keep their dates until the admin recomputes them."""
    rules = settings_for(government)
    days_off = holidays_of(government, [year, year + 1])
    return calendar.default_dates(
        year, quarter, due_working_days=rules.due_working_days, lock_days=rules.lock_days, holidays=days_off
    )


def update_period(*, actor: Any, period: Period, due_on: dt.date, locks_on: dt.date) -> Period:
    """Set a quarter's due and lock dates (the lock may not come before the due date)."""
    if due_on <= calendar.quarter_end(period.year, period.quarter):
        raise ServiceError(
            _("Batas laporan harus sesudah triwulan berakhir (%(d)s).")
            % {"d": tanggal(calendar.quarter_end(period.year, period.quarter))},
            field="due_on",
        )
    if locks_on < due_on:
        raise ServiceError(_("Tanggal dikunci tidak boleh sebelum batas laporan."), field="locks_on")
    with transaction.atomic():
        before = snapshot(period, ["due_on", "locks_on"])
        Period.objects.filter(pk=period.pk).update(due_on=due_on, locks_on=locks_on)
        period.refresh_from_db()
        record(
            actor=actor,
            action=A.UPDATE,
            obj=period,
            government=period.government,
            summary=_("Kalender pelaporan TW %(q)s %(y)s") % {"q": period.quarter, "y": period.year},
            before=before,
            after=snapshot(period, ["due_on", "locks_on"]),
        )
    return period


def recompute_period(*, actor: Any, period: Period) -> Period:
    """Set a stored quarter's dates again from the current rule and holidays (the admin's choice:
    a changed holiday list never moves stored dates by itself)."""
    due, locks = default_period_dates(period.government, period.year, period.quarter)
    return update_period(actor=actor, period=period, due_on=due, locks_on=locks)


def add_holiday(*, actor: Any, government: Government, on: dt.date, name: str) -> Holiday:
    """Add a day off to the government's calendar (the package's holidays of that year are seeded
    first, so adding one never stops the year from being seeded)."""
    holidays_of(government, [on.year])
    clash = Holiday.objects.filter(government=government, on=on).first()
    if clash is not None:
        raise ServiceError(
            _("Tanggal %(d)s sudah tercatat sebagai hari libur: %(n)s.")
            % {"d": tanggal(on), "n": clash.name},
            field="on",
        )
    with transaction.atomic():
        holiday = Holiday.objects.create(government=government, on=on, name=name.strip()[:150])
        record(actor=actor, action=A.CREATE, obj=holiday, government=government, after=snapshot(holiday))
    return holiday


def delete_holiday(*, actor: Any, holiday: Holiday) -> None:
    """Remove a day off (from the package or added by hand) from the government's calendar."""
    with transaction.atomic():
        before = snapshot(holiday)
        record(actor=actor, action=A.DELETE, obj=holiday, government=holiday.government, before=before)
        holiday.delete()


def update_settings(*, actor: Any, settings: Settings, data: dict[str, Any], version: int) -> Settings:
    """Save the RAG thresholds and calendar offsets unless someone saved them since ``version``."""
    values = {k: data[k] for k in SETTINGS_FIELDS if k in data}
    green = values.get("green_from", settings.green_from)
    amber = values.get("amber_from", settings.amber_from)
    if amber > green:
        raise ServiceError(_("Batas kuning tidak boleh lebih tinggi dari batas hijau."), field="amber_from")
    with transaction.atomic():
        current = Settings.objects.get(pk=settings.pk)
        if current.version != version:
            raise StaleEdit(current)
        before = snapshot(current, SETTINGS_FIELDS)
        # the conditional UPDATE is the real guard against two saves racing past the check above
        if not Settings.objects.filter(pk=settings.pk, version=version).update(
            **values, version=F("version") + 1
        ):
            raise StaleEdit(Settings.objects.get(pk=settings.pk))
        saved = Settings.objects.get(pk=settings.pk)
        record(
            actor=actor,
            action=A.UPDATE,
            obj=saved,
            government=saved.government,
            summary=_("Pengaturan pemantauan"),
            before=before,
            after=snapshot(saved, SETTINGS_FIELDS),
        )
    return saved


# Opening a quarter -----------------------------------------------------------------------------


def due_action_ids(roadmap: Roadmap, year: int, quarter: int) -> list[int]:
    """Actions due in the quarter: a target for that quarter, or the quarter in their schedule."""
    mark = f"{year}-Q{quarter}"
    with_target = ActionTarget.objects.filter(action__roadmap=roadmap, year=year, quarter=quarter).values(
        "action_id"
    )
    scheduled = [
        pk
        for pk, schedule in Action.objects.filter(roadmap=roadmap).values_list("pk", "schedule")
        if mark in (schedule or [])
    ]
    ids = set(Action.objects.filter(Q(pk__in=with_target) | Q(pk__in=scheduled)).values_list("pk", flat=True))
    return sorted(ids)


def _targets(action_ids: list[int], year: int, quarter: int) -> dict[int, Decimal | None]:
    """The quarter's target of each action, else its year's target."""
    found: dict[int, Decimal | None] = {}
    rows = ActionTarget.objects.filter(action_id__in=action_ids, year=year).values_list(
        "action_id", "quarter", "value"
    )
    yearly: dict[int, Decimal | None] = {}
    for action_id, q, value in rows:
        if q == quarter:
            found[action_id] = value
        elif q is None:
            yearly[action_id] = value
    return {pk: found.get(pk, yearly.get(pk)) for pk in action_ids}


def open_report(*, actor: Any, roadmap: Roadmap, year: int, quarter: int) -> QuarterReport:
    """The road map's report for the quarter, created with one row per action due (idempotent:
    actions that became due since are added, rows already typed are kept)."""
    if roadmap.status != Roadmap.Status.ENACTED and roadmap.unit_id is not None:
        raise ServiceError(_("Hanya road map yang sudah ditetapkan yang dipantau per triwulan."))
    if not roadmap.start_year <= year <= roadmap.end_year:
        raise ServiceError(_("Tahun %(y)s di luar periode road map ini.") % {"y": year})
    with transaction.atomic():
        report, created = QuarterReport.objects.get_or_create(
            roadmap=roadmap,
            year=year,
            quarter=quarter,
            defaults={"government": roadmap.government, "unit_id": roadmap.unit_id},
        )
        ensure_period(roadmap.government, year, quarter)
        due = due_action_ids(roadmap, year, quarter)
        have = set(report.realisations.values_list("action_id", flat=True))
        new = [pk for pk in due if pk not in have]
        if new:
            targets = _targets(new, year, quarter)
            budgets = dict(
                ActionBudget.objects.filter(action_id__in=new, year=year).values_list("action_id", "amount")
            )
            weights = dict(ActionWeight.objects.filter(action_id__in=new).values_list("action_id", "weight"))
            actions = Action.objects.filter(pk__in=new).values("pk", "focus_key")
            Realisation.objects.bulk_create(
                [
                    Realisation(
                        government=roadmap.government,
                        report=report,
                        action_id=a["pk"],
                        unit_id=roadmap.unit_id,
                        focus_key=a["focus_key"],
                        year=year,
                        quarter=quarter,
                        target=targets.get(a["pk"]),
                        budget_planned=budgets.get(a["pk"]),
                        weight=weights.get(a["pk"], Decimal(1)),
                    )
                    for a in actions
                ]
            )
        if created:
            record(actor=actor, action=A.CREATE, obj=report, government=roadmap.government)
    return report


# Typing and verifying ----------------------------------------------------------------------------


def _recompute(row: Realisation, direction: str) -> None:
    counted = row.verified_value if row.verified_value is not None else row.value
    row.achievement = achievement(direction, row.target, counted)


def save_realisation(*, actor: Any, row: Realisation, data: dict[str, Any], version: int) -> Realisation:
    """Save the unit's figures of one row unless the quarter is locked, the report is not open for
    the unit, or someone saved the row since ``version`` was read."""
    report = row.report
    if not report.is_editable_state:
        raise ServiceError(
            _("Laporan ini berstatus %(s)s; isiannya tidak dapat diubah.")
            % {"s": report.get_status_display()}
        )
    _refuse_if_locked(report)
    with transaction.atomic():
        current = Realisation.objects.select_for_update().select_related("action").get(pk=row.pk)
        if current.version != version:
            raise StaleEdit(current)
        before = snapshot(current, ROW_FIELDS)
        for name in ROW_FIELDS:
            if name in data:
                value = data[name]
                setattr(
                    current, name, "" if value is None and name not in {"value", "budget_spent"} else value
                )
        _recompute(current, current.action.direction)
        current.version += 1
        current.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        current.save()
        pause_point("save-realisation")  # the crash tests kill the server here, inside the transaction
        QuarterReport.objects.filter(pk=report.pk).update(updated_at=timezone.now())
        record(
            actor=actor,
            action=A.UPDATE,
            obj=current,
            government=current.government,
            object_type="monitoring.realisation",
            before=before,
            after=snapshot(current, ROW_FIELDS),
        )
    return current


def verify_row(*, actor: Any, row: Realisation, data: dict[str, Any], version: int) -> Realisation:
    """The verifier's figures beside the unit's (the unit's are kept), while the report is submitted."""
    if row.report.status != S.SUBMITTED:
        raise ServiceError(_("Verifikasi per baris hanya untuk laporan yang sudah diajukan."))
    with transaction.atomic():
        current = Realisation.objects.select_for_update().select_related("action").get(pk=row.pk)
        if current.version != version:
            raise StaleEdit(current)
        before = snapshot(current, VERIFY_FIELDS)
        for name in VERIFY_FIELDS:
            if name in data:
                value = data[name]
                setattr(current, name, "" if value is None and name == "verifier_note" else value)
        _recompute(current, current.action.direction)
        current.version += 1
        current.save()
        record(
            actor=actor,
            action=A.UPDATE,
            obj=current,
            government=current.government,
            object_type="monitoring.realisation",
            summary=_("Verifikasi baris"),
            before=before,
            after=snapshot(current, VERIFY_FIELDS),
        )
    return current


def record_delivery(
    *, actor: Any, report: QuarterReport, quick_win: QuickWin, data: dict[str, Any]
) -> QuickWinDelivery:
    """A quick win reported delivered (or its delivery changed) in an open, unlocked report."""
    if not report.is_editable_state:
        raise ServiceError(_("Laporan ini tidak sedang dapat diubah."))
    if quick_win.roadmap_id != report.roadmap_id:
        raise ServiceError(_("Quick win ini bukan dari road map laporan ini."))
    _refuse_if_locked(report)
    with transaction.atomic():
        delivery, _created = QuickWinDelivery.objects.update_or_create(
            report=report,
            quick_win=quick_win,
            defaults={
                "government": report.government,
                **{
                    k: data.get(k) or (None if k == "delivered_on" else "")
                    for k in ("delivered_on", "after_measure", "note")
                },
            },
        )
        record(
            actor=actor, action=A.UPDATE, obj=delivery, government=report.government, after=snapshot(delivery)
        )
    return delivery


# The report's workflow ------------------------------------------------------------------------


def _transition(report: QuarterReport, allowed: tuple[str, ...], new: str, **fields: Any) -> int:
    return QuarterReport.objects.filter(pk=report.pk, status__in=allowed).update(
        status=new, version=F("version") + 1, updated_at=timezone.now(), **fields
    )


def _report_url(report: QuarterReport) -> str:
    from django.urls import reverse

    return reverse("monitoring:report-detail", kwargs={"gov": report.government.slug, "report": report.uuid})


def submit_report(*, actor: Any, report: QuarterReport, answer_note: str = "") -> QuarterReport:
    """Draft or returned → submitted (the unit head; the admin for the city). Refused while a row
    has no realised value, or when the quarter is locked."""
    _refuse_if_locked(report)
    missing = report.realisations.filter(value__isnull=True).count()
    if missing:
        raise ServiceError(
            _("%(n)s rencana aksi belum diisi realisasinya. Lengkapi dulu sebelum mengajukan.")
            % {"n": missing}
        )
    if report.status == S.RETURNED and not (answer_note or report.answer_note).strip():
        raise ServiceError(
            _("Tuliskan tanggapan atas catatan pengembalian sebelum mengajukan lagi."), field="answer_note"
        )
    with transaction.atomic():
        extra: dict[str, Any] = {"submitted_by": actor, "submitted_at": timezone.now()}
        if answer_note:
            extra["answer_note"] = answer_note
        if not _transition(report, (S.DRAFT, S.RETURNED), S.SUBMITTED, **extra):
            raise ServiceError(_("Laporan ini sudah diajukan."))
        report.refresh_from_db()
        record(actor=actor, action=A.TRANSITION, obj=report, summary=_("Laporan triwulan diajukan"))
        notify(
            reviewers_and_admins(report.roadmap),
            report.roadmap,
            _("Laporan pemantauan %(r)s TW %(q)s %(y)s diajukan untuk diverifikasi.")
            % {"r": report.roadmap.unit or report.roadmap.government, "q": report.quarter, "y": report.year},
            actor=actor,
            url=_report_url(report),
        )
    return report


def return_report(*, actor: Any, report: QuarterReport, note: str) -> QuarterReport:
    """Submitted → returned with a note the unit must answer."""
    if not note.strip():
        raise ServiceError(_("Tuliskan apa yang perlu diperbaiki."), field="note")
    with transaction.atomic():
        if not _transition(report, (S.SUBMITTED,), S.RETURNED, return_note=note, answer_note=""):
            raise ServiceError(_("Hanya laporan yang diajukan yang dapat dikembalikan."))
        report.refresh_from_db()
        record(
            actor=actor,
            action=A.TRANSITION,
            obj=report,
            summary=_("Laporan triwulan dikembalikan"),
            after={"note": note},
        )
        notify(
            unit_people(report.roadmap),
            report.roadmap,
            _("Laporan pemantauan TW %(q)s %(y)s dikembalikan: %(n)s")
            % {"q": report.quarter, "y": report.year, "n": note[:150]},
            actor=actor,
            url=_report_url(report),
        )
    return report


def verify_report(*, actor: Any, report: QuarterReport) -> QuarterReport:
    """Submitted → verified: from now its figures (the verifier's where given) roll up and go public."""
    with transaction.atomic():
        if not _transition(report, (S.SUBMITTED,), S.VERIFIED, verified_by=actor, verified_at=timezone.now()):
            raise ServiceError(_("Hanya laporan yang diajukan yang dapat diverifikasi."))
        report.realisations.update(is_counted=True)
        report.refresh_from_db()
        record(actor=actor, action=A.TRANSITION, obj=report, summary=_("Laporan triwulan diverifikasi"))
        notify(
            unit_people(report.roadmap),
            report.roadmap,
            _("Laporan pemantauan TW %(q)s %(y)s sudah diverifikasi.")
            % {"q": report.quarter, "y": report.year},
            actor=actor,
            url=_report_url(report),
        )
    return report


def reopen_report(*, actor: Any, report: QuarterReport, until: dt.date, reason: str) -> QuarterReport:
    """Open a locked quarter again for one unit until ``until``, with a reason (audited)."""
    if not reason.strip():
        raise ServiceError(_("Tuliskan alasan membuka kembali."), field="reason")
    if until < timezone.localdate():
        raise ServiceError(_("Tanggal batas pembukaan sudah lewat."), field="until")
    with transaction.atomic():
        before = {"reopened_until": str(report.reopened_until or ""), "status": report.status}
        updates: dict[str, Any] = {"reopened_until": until}
        if report.status == S.VERIFIED:
            updates["status"] = S.RETURNED
            report.realisations.update(is_counted=False)
        QuarterReport.objects.filter(pk=report.pk).update(version=F("version") + 1, **updates)
        report.refresh_from_db()
        record(
            actor=actor,
            action=A.UPDATE,
            obj=report,
            summary=_("Triwulan dibuka kembali: %(r)s") % {"r": reason[:200]},
            before=before,
            after={"reopened_until": str(until), "status": report.status, "reason": reason},
        )
    return report


def set_weight(*, actor: Any, action: Action, weight: Decimal) -> None:
    """An action's weight in roll-ups (1 by default), also on its rows not yet verified."""
    if weight < 0:
        raise ServiceError(_("Bobot tidak boleh negatif."), field="weight")
    with transaction.atomic():
        ActionWeight.objects.update_or_create(
            action=action, defaults={"weight": weight, "government": action.government}
        )
        Realisation.objects.filter(action=action).update(weight=weight)
        record(actor=actor, action=A.UPDATE, obj=action, summary=_("Bobot pemantauan: %(w)s") % {"w": weight})


def answer_report(*, actor: Any, report: QuarterReport, note: str) -> QuarterReport:
    """The unit's answer to a return note, saved without submitting (the drafter answers, the head
    submits). Only while the report is returned and the quarter is not locked."""
    if not note.strip():
        raise ServiceError(_("Tuliskan tanggapan atas catatan pengembalian."), field="answer_note")
    if report.status != S.RETURNED:
        raise ServiceError(_("Tanggapan hanya untuk laporan yang dikembalikan."))
    _refuse_if_locked(report)
    with transaction.atomic():
        before = {"answer_note": report.answer_note}
        if not QuarterReport.objects.filter(pk=report.pk, status=S.RETURNED).update(
            answer_note=note, version=F("version") + 1, updated_at=timezone.now()
        ):
            raise ServiceError(_("Tanggapan hanya untuk laporan yang dikembalikan."))
        report.refresh_from_db()
        record(
            actor=actor,
            action=A.UPDATE,
            obj=report,
            summary=_("Tanggapan atas catatan pengembalian"),
            before=before,
            after={"answer_note": note},
        )
    return report
