"""Reminders: N days before the due date and once overdue, each sent once, to the unit's people."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from petajalan.accounts.models import AuditEvent
from petajalan.accounts.services import ServiceError
from petajalan.monitoring import reminders, services, tasks
from petajalan.monitoring.models import Period, QuarterReport, ReminderSent
from petajalan.roadmaps.models import Notification, Roadmap
from petajalan.roadmaps.tests.factories import make_roadmap
from petajalan.testing.factories import make_unit
from petajalan.testing.fixtures import client_for

K = ReminderSent.Kind
S = QuarterReport.Status
DUE = dt.date(2026, 4, 14)
LOCKS = dt.date(2026, 4, 19)
BEFORE = "Laporan pemantauan TW I 2026 Dinas Kesehatan jatuh tempo 14 April 2026 (7 hari lagi)."


@pytest.fixture
def q1(gov: Any) -> Period:
    """TW I 2026 due on Tuesday 14 April 2026, locked from 19 April (7-day reminders by default)."""
    return Period.objects.create(government=gov, year=2026, quarter=1, due_on=DUE, locks_on=LOCKS)


@pytest.fixture
def people(drafter: Any, unit_head: Any) -> list[Any]:
    return [drafter, unit_head]


def _send(day: dt.date) -> list[reminders.Reminder]:
    with time_machine.travel(dt.datetime.combine(day, dt.time(7, 0)), tick=False):
        return reminders.send_reminders()


def test_sent_n_days_before_the_due_date_to_the_units_people(
    q1, enacted_roadmap, people, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = _send(dt.date(2026, 4, 7))
    assert [(r.roadmap, r.kind, r.recipients) for r in sent] == [(enacted_roadmap, K.BEFORE_DUE, 2)]
    assert sent[0].message == BEFORE
    notices = Notification.objects.filter(roadmap=enacted_roadmap)
    assert {n.recipient for n in notices} == set(people)  # not the admin
    assert {n.message for n in notices} == {BEFORE}
    assert {n.url for n in notices} == {f"/g/kota-uji/pemantauan/roadmap/{enacted_roadmap.uuid}/"}
    # one message per person: colleagues do not see each other's addresses
    assert sorted(m.to[0] for m in mail.outbox) == ["kepala@uji.test", "penyusun@uji.test"]
    assert all(len(m.to) == 1 and BEFORE in m.subject for m in mail.outbox)
    mark = ReminderSent.objects.get()
    assert (mark.year, mark.quarter, mark.kind, mark.recipients) == (2026, 1, K.BEFORE_DUE, 2)


def test_nothing_before_the_reminder_window(q1, enacted_roadmap, people):
    assert _send(dt.date(2026, 4, 6)) == []  # 8 days before the due date
    assert not Notification.objects.exists()


def test_sent_once_on_a_rerun_and_on_the_following_days(q1, enacted_roadmap, people):
    assert len(_send(dt.date(2026, 4, 7))) == 1
    assert _send(dt.date(2026, 4, 7)) == []
    assert _send(dt.date(2026, 4, 10)) == []
    assert _send(DUE) == []
    assert Notification.objects.count() == 2


def test_a_late_start_still_reminds_before_the_due_date(q1, enacted_roadmap, people):
    sent = _send(dt.date(2026, 4, 13))
    assert sent[0].kind == K.BEFORE_DUE
    assert sent[0].message.endswith("jatuh tempo 14 April 2026 (1 hari lagi).")


def test_overdue_after_the_due_date_once(q1, enacted_roadmap, people):
    _send(dt.date(2026, 4, 7))
    sent = _send(dt.date(2026, 4, 15))
    assert [r.kind for r in sent] == [K.OVERDUE]
    assert sent[0].message == (
        "Laporan pemantauan TW I 2026 Dinas Kesehatan terlambat: jatuh tempo 14 April 2026 (1 hari lalu). "
        "Ajukan sebelum triwulan dikunci pada 19 April 2026."
    )
    assert _send(dt.date(2026, 4, 15)) == []
    assert _send(dt.date(2026, 4, 17)) == []
    assert ReminderSent.objects.filter(kind=K.OVERDUE).count() == 1


def test_nothing_once_the_quarter_is_locked(q1, enacted_roadmap, people):
    assert _send(LOCKS) == []


@pytest.mark.parametrize("status", [S.SUBMITTED, S.VERIFIED])
def test_none_for_a_submitted_report(q1, enacted_roadmap, people, drafter, status):
    report = services.open_report(actor=drafter, roadmap=enacted_roadmap, year=2026, quarter=1)
    QuarterReport.objects.filter(pk=report.pk).update(status=status)
    assert _send(dt.date(2026, 4, 7)) == []
    assert _send(dt.date(2026, 4, 15)) == []
    assert not ReminderSent.objects.exists()


def test_a_returned_report_is_reminded_with_a_link_to_the_report(q1, enacted_roadmap, people, drafter):
    report = services.open_report(actor=drafter, roadmap=enacted_roadmap, year=2026, quarter=1)
    QuarterReport.objects.filter(pk=report.pk).update(status=S.RETURNED)
    sent = _send(dt.date(2026, 4, 15))
    assert [r.kind for r in sent] == [K.OVERDUE]
    assert set(Notification.objects.values_list("url", flat=True)) == {
        f"/g/kota-uji/pemantauan/laporan/{report.uuid}/"
    }


def test_none_for_a_draft_road_map(q1, gov, unit, people):
    make_roadmap(gov, unit, title="Draf Dinkes")  # a draft, never enacted
    assert _send(dt.date(2026, 4, 7)) == []
    assert _send(dt.date(2026, 4, 15)) == []


def test_none_for_a_road_map_whose_period_does_not_cover_the_year(q1, gov, unit, people):
    make_roadmap(gov, unit, status=Roadmap.Status.ENACTED, start_year=2021, end_year=2025)
    assert _send(dt.date(2026, 4, 7)) == []


def test_the_city_road_map_is_reminded_to_the_admins_once_monitoring_started(q1, gov, admin, leader):
    city = make_roadmap(gov, None, title="Road Map RB Kota Uji")  # not enacted yet
    assert _send(dt.date(2026, 4, 7)) == []
    services.open_report(actor=admin, roadmap=city, year=2025, quarter=4)  # monitoring has started
    sent = _send(dt.date(2026, 4, 8))
    assert [(r.roadmap, r.recipients) for r in sent] == [(city, 1)]
    assert sent[0].message == "Laporan pemantauan TW I 2026 Kota Uji jatuh tempo 14 April 2026 (6 hari lagi)."
    assert Notification.objects.get().recipient == admin


def test_the_lead_time_comes_from_the_governments_settings(q1, gov, enacted_roadmap, people, admin):
    rules = services.settings_for(gov)
    services.update_settings(actor=admin, settings=rules, data={"remind_days_before": 3}, version=1)
    assert _send(dt.date(2026, 4, 10)) == []
    assert [r.kind for r in _send(dt.date(2026, 4, 11))] == [K.BEFORE_DUE]


def test_a_reminder_another_worker_just_recorded_is_not_sent_twice(q1, enacted_roadmap, people, monkeypatch):
    """The row is inserted before the notices; when another worker inserted it first, nothing is sent."""
    real = reminders.unit_people

    def other_worker_wins(roadmap: Roadmap) -> list[Any]:
        ReminderSent.objects.create(
            government=roadmap.government, roadmap=roadmap, year=2026, quarter=1, kind=K.BEFORE_DUE
        )
        return real(roadmap)

    monkeypatch.setattr(reminders, "unit_people", other_worker_wins)
    assert _send(dt.date(2026, 4, 7)) == []
    assert not Notification.objects.exists()
    assert ReminderSent.objects.count() == 1


def test_no_one_to_tell_is_tried_again_later(q1, enacted_roadmap, drafter):
    drafter.memberships.update(is_active=False)
    assert _send(dt.date(2026, 4, 7)) == []
    drafter.memberships.update(is_active=True)
    assert len(_send(dt.date(2026, 4, 8))) == 1


def test_the_command_prints_one_line_per_reminder_and_is_idempotent(q1, enacted_roadmap, people):
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-04-07", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        "kota-uji · Dinas Kesehatan · TW I 2026 · sebelum batas (batas 14 April 2026) · 2 penerima",
        "1 pengingat terkirim kepada 2 penerima.",
    ]
    again = io.StringIO()
    call_command("send_reminders", "--date", "2026-04-07", stdout=again)
    assert again.getvalue().splitlines() == ["0 pengingat terkirim kepada 0 penerima."]


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "14-04-2026")


def test_remind_now_always_sends_and_is_audited(q1, enacted_roadmap, people, admin):
    with time_machine.travel(dt.datetime(2026, 4, 16, 9, 0), tick=False):
        assert reminders.remind_now(actor=admin, roadmap=enacted_roadmap, year=2026, quarter=1) == 2
        assert reminders.remind_now(actor=admin, roadmap=enacted_roadmap, year=2026, quarter=1) == 2
    assert not ReminderSent.objects.exists()  # a manual reminder does not use up the daily ones
    message = Notification.objects.latest("pk").message
    assert message.startswith(
        "Pengingat dari Bagian Organisasi: laporan pemantauan TW I 2026 Dinas Kesehatan"
    )
    assert "(2 hari lalu)" in message
    events = AuditEvent.objects.filter(object_type="monitoring.reminder")
    assert events.count() == 2
    last = events.latest("pk")
    assert last.actor == admin and last.after is not None and last.after["recipients"] == 2


def test_remind_now_refuses_a_submitted_report(q1, enacted_roadmap, people, admin, drafter):
    report = services.open_report(actor=drafter, roadmap=enacted_roadmap, year=2026, quarter=1)
    QuarterReport.objects.filter(pk=report.pk).update(status=S.SUBMITTED)
    with pytest.raises(ServiceError, match="sudah diajukan"):
        reminders.remind_now(actor=admin, roadmap=enacted_roadmap, year=2026, quarter=1)
    assert not Notification.objects.exists()


# The worker's daily task ---------------------------------------------------------------------------


def test_next_run_is_the_next_seven_oclock_local_time():
    jakarta = timezone.get_current_timezone()
    early = dt.datetime(2026, 4, 7, 6, 30, tzinfo=jakarta)
    late = dt.datetime(2026, 4, 7, 7, 0, tzinfo=jakarta)
    assert tasks.next_run(early) == dt.datetime(2026, 4, 7, 7, 0, tzinfo=jakarta)
    assert tasks.next_run(late) == dt.datetime(2026, 4, 8, 7, 0, tzinfo=jakarta)


def test_the_inline_backend_cannot_schedule(db):
    assert tasks.schedule_next() is None  # development: cron (or nothing) runs the command


@pytest.mark.django_db(transaction=True)
def test_on_the_database_backend_the_task_runs_at_seven_and_queues_the_next_day(
    settings, gov, unit, drafter, unit_head
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    roadmap = make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)
    Period.objects.create(government=gov, year=2026, quarter=1, due_on=DUE, locks_on=LOCKS)
    with time_machine.travel(dt.datetime(2026, 4, 6, 20, 0, tzinfo=timezone.get_current_timezone())):
        first = tasks.schedule_next()
        assert tasks.schedule_next() is None  # one chain only
    assert first is not None and timezone.localtime(first).isoformat() == "2026-04-07T07:00:00+07:00"
    with time_machine.travel(dt.datetime(2026, 4, 7, 7, 1, tzinfo=timezone.get_current_timezone())):
        call_command("db_worker", "--batch", "--interval", "0", verbosity=0)
    assert ReminderSent.objects.filter(roadmap=roadmap, kind=K.BEFORE_DUE).count() == 1
    waiting = DBTaskResult.objects.get(status="READY")
    assert timezone.localtime(waiting.run_after).isoformat() == "2026-04-08T07:00:00+07:00"
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


# Home-page next steps ------------------------------------------------------------------------------


def _home(user: Any, day: dt.date) -> str:
    with time_machine.travel(dt.datetime.combine(day, dt.time(9, 0)), tick=False):
        response = client_for(user).get("/g/kota-uji/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def q1_2025(gov: Any) -> Period:
    return Period.objects.create(
        government=gov, year=2025, quarter=1, due_on=dt.date(2025, 4, 14), locks_on=dt.date(2025, 4, 19)
    )


def test_drafter_sees_the_quarter_due_with_a_link_to_the_quarters_page(q1, enacted_roadmap, drafter):
    html = _home(drafter, dt.date(2026, 4, 7))
    assert "Laporan pemantauan TW I 2026 jatuh tempo 14 April 2026" in html
    assert f'href="/g/kota-uji/pemantauan/roadmap/{enacted_roadmap.uuid}/"' in html


def test_drafter_sees_a_returned_report_to_fix(q1_2025, enacted_roadmap, drafter, admin):
    report = services.open_report(actor=drafter, roadmap=enacted_roadmap, year=2025, quarter=1)
    QuarterReport.objects.filter(pk=report.pk).update(status=S.RETURNED, return_note="Lampirkan SK tim.")
    html = _home(drafter, dt.date(2025, 4, 10))
    assert "Laporan pemantauan TW I 2025 dikembalikan: perbaiki" in html
    assert "Lampirkan SK tim." in html
    assert f'href="/g/kota-uji/pemantauan/laporan/{report.uuid}/"' in html


def test_unit_head_is_asked_to_submit_once_every_row_is_filled(q1_2025, enacted_roadmap, drafter, unit_head):
    report = services.open_report(actor=drafter, roadmap=enacted_roadmap, year=2025, quarter=1)
    assert report.realisations.count() == 3
    report.realisations.exclude(pk=report.realisations.order_by("pk")[0].pk).update(value=10)
    html = _home(unit_head, dt.date(2025, 4, 8))
    assert "Ajukan laporan pemantauan TW I 2025" not in html
    assert "1 rencana aksi belum diisi realisasinya." in html
    report.realisations.update(value=10)
    assert "Ajukan laporan pemantauan TW I 2025" in _home(unit_head, dt.date(2025, 4, 8))
    assert "Ajukan laporan pemantauan" not in _home(drafter, dt.date(2025, 4, 8))  # heads submit


def test_admin_sees_reports_to_verify_and_late_units(q1_2025, gov, enacted_roadmap, drafter, admin):
    other = make_unit(gov, name="Dinas Pendidikan", short_name="Disdik", code="1.01.0.00.0.00.01.0000")
    make_roadmap(gov, other, status=Roadmap.Status.ENACTED)
    report = services.open_report(actor=drafter, roadmap=enacted_roadmap, year=2025, quarter=1)
    QuarterReport.objects.filter(pk=report.pk).update(status=S.SUBMITTED)
    before_due = _home(admin, dt.date(2025, 4, 10))
    assert "1 laporan menunggu verifikasi" in before_due
    assert "terlambat" not in before_due
    after_due = _home(admin, dt.date(2025, 4, 15))
    assert "1 perangkat daerah terlambat" in after_due  # Disdik; Dinkes submitted
    assert 'href="/g/kota-uji/pemantauan/tindak-lanjut/"' in after_due


def test_a_reviewer_s_waiting_reports_lead_to_pages_they_may_open(
    q1_2025, gov, unit, enacted_roadmap, drafter, reviewer
):
    """One report waiting: the step opens it; more: the chase list at their quarter, which shows a
    reviewer the reports they verify (a reviewer of chosen units only theirs) and no "Ingatkan"
    button (reminding is the admin's)."""
    from petajalan.accounts.models import Membership

    other = make_unit(gov, name="Dinas Pendidikan", short_name="Disdik", code="1.01.0.00.0.00.01.0000")
    other_roadmap = make_roadmap(gov, other, status=Roadmap.Status.ENACTED)
    first = services.open_report(actor=drafter, roadmap=enacted_roadmap, year=2025, quarter=1)
    QuarterReport.objects.filter(pk=first.pk).update(status=S.SUBMITTED)
    QuarterReport.objects.create(
        government=gov, roadmap=other_roadmap, unit=other, year=2025, quarter=1, status=S.SUBMITTED
    )
    chase = "/g/kota-uji/pemantauan/tindak-lanjut/?tahun=2025&tw=1"
    # the reviewer coaches Dinas Kesehatan only: one report, opened directly
    html = _home(reviewer, dt.date(2025, 4, 10))
    assert "1 laporan menunggu verifikasi" in html
    assert f'href="/g/kota-uji/pemantauan/laporan/{first.uuid}/"' in html
    assert client_for(reviewer).get(f"/g/kota-uji/pemantauan/laporan/{first.uuid}/").status_code == 200
    listed = client_for(reviewer).get(chase).content.decode()
    assert "Dinas Kesehatan" in listed and "Dinas Pendidikan" not in listed
    # a reviewer of every unit: two reports, the chase list at their quarter
    Membership.objects.get(user=reviewer, government=gov).reviewed_units.clear()
    html = _home(reviewer, dt.date(2025, 4, 10))
    assert "2 laporan menunggu verifikasi" in html
    assert f'href="{chase.replace("&", "&amp;")}"' in html
    page = client_for(reviewer).get(chase)
    assert page.status_code == 200
    listed = page.content.decode()
    assert "Dinas Kesehatan" in listed and "Dinas Pendidikan" in listed and "Ingatkan" not in listed


def test_next_steps_run_a_constant_number_of_queries(
    q1_2025, gov, admin, drafter, rf, django_assert_max_num_queries
):
    from petajalan.accounts.models import Membership
    from petajalan.monitoring.next_steps import monitoring_steps

    for n in range(40):
        unit = make_unit(gov)
        roadmap = make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)
        report = QuarterReport.objects.create(
            government=gov, roadmap=roadmap, unit=unit, year=2025, quarter=1, status=S.SUBMITTED
        )
        if n % 2:
            QuarterReport.objects.filter(pk=report.pk).update(status=S.DRAFT)
        Membership.objects.create(user=admin, government=gov, role=Membership.Role.DRAFTER, unit=unit)
    request = rf.get("/g/kota-uji/")
    request.user = admin
    roles: set[str] = {Membership.Role.ADMIN, Membership.Role.DRAFTER}
    with time_machine.travel(dt.datetime(2025, 4, 16, 9, 0), tick=False):
        monitoring_steps(request, gov, roles)  # the periods exist from here on
        with django_assert_max_num_queries(8):
            steps = monitoring_steps(request, gov, roles)
    assert len([s for s in steps if "jatuh tempo" in s.title]) == 20
    assert any(s.title == "20 perangkat daerah terlambat" for s in steps)
    assert any(s.title == "20 laporan menunggu verifikasi" for s in steps)
