"""The monitoring services the quarter page stands on: locks on dates (in the service and the view),
reopening, optimistic locking, the workflow's refusals, and the verifier's figures beside the unit's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from petajalan.accounts.models import AuditEvent
from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.monitoring import services
from petajalan.monitoring.models import QuarterReport
from petajalan.testing.fixtures import client_for

JAKARTA = ZoneInfo("Asia/Jakarta")
S = QuarterReport.Status


def at(day: dt.date, hour: int = 9) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=JAKARTA), tick=False)


def fill(rows, actor, values=("80", "12", "95")):
    for row, value in zip(rows, values, strict=False):
        row.refresh_from_db()
        services.save_realisation(actor=actor, row=row, data={"value": Decimal(value)}, version=row.version)


def test_open_report_makes_one_row_per_action_due_and_is_idempotent(report, rows, enacted_roadmap, drafter):
    assert [r.target for r in rows] == [Decimal(10)] * 3
    assert [r.budget_planned for r in rows] == [Decimal(25_000_000)] * 3
    again = services.open_report(actor=drafter, roadmap=enacted_roadmap, year=2025, quarter=1)
    assert again.pk == report.pk
    assert again.realisations.count() == 3


def test_saving_a_row_computes_its_achievement_by_direction(rows, drafter):
    fill(rows, drafter, ("8", "12", "9.5"))
    achievements = [r.achievement for r in (row.__class__.objects.get(pk=row.pk) for row in rows)]
    # up 8/10 → 80; down target 10 realised 12 → 80; keep target 10 realised 9,5 → 95
    assert achievements == [Decimal("80.00"), Decimal("80.00"), Decimal("95.00")]


def test_a_write_after_the_lock_date_is_refused_by_the_service(report, rows, period, drafter):
    with at(period.locks_on), pytest.raises(services.PeriodLocked) as refused:
        services.save_realisation(actor=drafter, row=rows[0], data={"value": Decimal(5)}, version=1)
    assert "dikunci" in refused.value.message
    rows[0].refresh_from_db()
    assert rows[0].value is None


def test_the_day_before_the_lock_date_still_accepts_writes(rows, period, drafter):
    with at(period.locks_on - dt.timedelta(days=1), hour=23):
        services.save_realisation(actor=drafter, row=rows[0], data={"value": Decimal(5)}, version=1)
    rows[0].refresh_from_db()
    assert rows[0].value == Decimal(5)


def test_a_write_after_the_lock_date_is_refused_by_the_view(gov, report, rows, period, drafter):
    url = f"/g/{gov.slug}/pemantauan/laporan/{report.uuid}/baris/{rows[0].pk}/"
    with at(period.locks_on + dt.timedelta(days=3)):
        client = client_for(drafter)  # sessions last 12 hours: sign in on the day
        page = client.get(f"/g/{gov.slug}/pemantauan/laporan/{report.uuid}/")
        response = client.post(url, {"value": "7", "version": "1"})
    assert "terkunci" in page.content.decode()
    assert f'href="{url}"' not in page.content.decode()  # no "Isi" button on a locked quarter
    assert response.status_code == 422
    assert "sudah dikunci" in response.content.decode()
    rows[0].refresh_from_db()
    assert rows[0].value is None


def test_reopening_lets_the_unit_write_again_until_the_date_and_is_audited(
    report, rows, period, admin, drafter
):
    late = period.locks_on + dt.timedelta(days=10)
    with at(late):
        services.reopen_report(
            actor=admin, report=report, until=late + dt.timedelta(days=3), reason="Data puskesmas terlambat"
        )
        services.save_realisation(actor=drafter, row=rows[0], data={"value": Decimal(9)}, version=1)
    with at(late + dt.timedelta(days=3), hour=22):
        services.save_realisation(actor=drafter, row=rows[0], data={"value": Decimal(10)}, version=2)
    with at(late + dt.timedelta(days=4)), pytest.raises(services.PeriodLocked):
        services.save_realisation(actor=drafter, row=rows[0], data={"value": Decimal(11)}, version=3)
    rows[0].refresh_from_db()
    assert rows[0].value == Decimal(10)
    event = AuditEvent.objects.filter(object_id=str(report.uuid), summary__contains="dibuka kembali").get()
    assert event.actor == admin
    assert event.after is not None
    assert event.after["reason"] == "Data puskesmas terlambat"


def test_reopen_needs_a_reason_and_a_date_not_past(report, admin):
    with pytest.raises(ServiceError, match="alasan"):
        services.reopen_report(actor=admin, report=report, until=dt.date(2099, 1, 1), reason=" ")
    with pytest.raises(ServiceError, match="sudah lewat"):
        services.reopen_report(actor=admin, report=report, until=dt.date(2000, 1, 1), reason="x")


def test_a_stale_save_is_refused_with_the_other_persons_values(rows, drafter, unit_head):
    services.save_realisation(actor=drafter, row=rows[0], data={"value": Decimal(8)}, version=1)
    with pytest.raises(StaleEdit) as stale:
        services.save_realisation(actor=unit_head, row=rows[0], data={"value": Decimal(3)}, version=1)
    assert stale.value.current.value == Decimal(8)
    assert stale.value.current.version == 2
    rows[0].refresh_from_db()
    assert rows[0].value == Decimal(8)


def test_submit_is_refused_while_values_are_missing(report, rows, drafter, unit_head):
    fill(rows[:2], drafter)
    with pytest.raises(ServiceError, match="1 rencana aksi belum diisi"):
        services.submit_report(actor=unit_head, report=report)
    fill(rows[2:], drafter, ("95",))
    services.submit_report(actor=unit_head, report=report)
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    assert report.submitted_by == unit_head


def test_a_submitted_report_refuses_the_units_writes(report, rows, drafter, unit_head):
    fill(rows, drafter)
    services.submit_report(actor=unit_head, report=report)
    rows[0].refresh_from_db()
    report.refresh_from_db()
    rows[0].report = report
    with pytest.raises(ServiceError, match="Diajukan"):
        services.save_realisation(
            actor=drafter, row=rows[0], data={"value": Decimal(1)}, version=rows[0].version
        )


def test_return_needs_a_note_and_a_returned_report_needs_an_answer(report, rows, drafter, unit_head, admin):
    fill(rows, drafter)
    services.submit_report(actor=unit_head, report=report)
    with pytest.raises(ServiceError, match="perlu diperbaiki"):
        services.return_report(actor=admin, report=report, note="  ")
    services.return_report(actor=admin, report=report, note="Lampirkan daftar hadir.")
    report.refresh_from_db()
    assert report.status == S.RETURNED
    with pytest.raises(ServiceError, match="tanggapan"):
        services.submit_report(actor=unit_head, report=report)
    services.answer_report(actor=drafter, report=report, note="Daftar hadir sudah dilampirkan.")
    report.refresh_from_db()
    services.submit_report(actor=unit_head, report=report)
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    assert report.answer_note == "Daftar hadir sudah dilampirkan."


def test_answer_is_only_for_a_returned_report(report, drafter):
    with pytest.raises(ServiceError, match="dikembalikan"):
        services.answer_report(actor=drafter, report=report, note="Sudah")


def test_verify_sets_is_counted(report, rows, drafter, unit_head, admin):
    fill(rows, drafter)
    services.submit_report(actor=unit_head, report=report)
    assert not report.realisations.filter(is_counted=True).exists()
    services.verify_report(actor=admin, report=report)
    report.refresh_from_db()
    assert report.status == S.VERIFIED
    assert report.realisations.filter(is_counted=True).count() == 3


def test_the_verifiers_values_are_kept_beside_the_units_and_count(report, rows, drafter, unit_head, reviewer):
    fill(rows, drafter, ("8", "12", "9.5"))
    services.submit_report(actor=unit_head, report=report)
    row = rows[0].__class__.objects.select_related("report").get(pk=rows[0].pk)
    services.verify_row(
        actor=reviewer,
        row=row,
        data={
            "verified_value": Decimal(6),
            "verified_budget": Decimal(1_000_000),
            "verifier_note": "Bukti 6",
        },
        version=row.version,
    )
    row.refresh_from_db()
    assert row.value == Decimal(8)  # the unit's figure stays
    assert row.verified_value == Decimal(6)
    assert row.achievement == Decimal("60.00")  # from the verifier's 6 against 10
    assert row.counted_value == Decimal(6)


def test_rows_are_verified_only_while_submitted(report, rows, reviewer):
    with pytest.raises(ServiceError, match="diajukan"):
        services.verify_row(actor=reviewer, row=rows[0], data={"verified_value": Decimal(1)}, version=1)


def test_a_locked_quarter_refuses_submit(report, rows, period, drafter, unit_head):
    fill(rows, drafter)
    with at(period.locks_on), pytest.raises(services.PeriodLocked):
        services.submit_report(actor=unit_head, report=report)
