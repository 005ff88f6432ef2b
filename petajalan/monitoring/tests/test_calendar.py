"""The reporting calendar as data: periods with due and lock dates, holidays, thresholds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from petajalan.accounts.models import AuditEvent
from petajalan.monitoring import services
from petajalan.monitoring.models import Holiday, Period, Settings
from petajalan.roadmaps.tests.factories import make_roadmap
from petajalan.testing.factories import make_unit
from petajalan.testing.fixtures import client_for

CAL = "/g/kota-uji/pemantauan/kalender/"
GOOD_FRIDAY = dt.date(2026, 4, 3)


def _period(gov: Any, quarter: int = 1, year: int = 2026) -> Period:
    return Period.objects.get(government=gov, year=year, quarter=quarter)


@time_machine.travel(dt.date(2026, 4, 7), tick=False)
def test_first_view_creates_the_quarters_from_the_default_rule_and_holidays(gov, leader):
    response = client_for(leader).get(CAL + "?tahun=2026")
    assert response.status_code == 200
    # hand-worked: TW I ends Tuesday 31 March; 10 working days skipping Good Friday 3 April are
    # 1, 2, 6, 7, 8, 9, 10, 13, 14, 15 April; locked 5 days later
    q1 = _period(gov)
    assert (q1.due_on, q1.locks_on) == (dt.date(2026, 4, 15), dt.date(2026, 4, 20))
    assert Period.objects.filter(government=gov, year=2026).count() == 4
    html = response.content.decode()
    assert "Kalender pelaporan 2026" in html and "2.026" not in html  # a year, not a number
    assert "15 April 2026" in html and "20 April 2026" in html
    assert "Hari Raya Idul Fitri" in html  # seeded from the holidays package
    assert "masa pelaporan" in html  # TW I on 7 April: ended, not yet due
    assert "Ubah tanggal" not in html and "Tambah hari libur" not in html  # leaders read only


def test_year_picker_falls_back_to_this_year_on_nonsense(gov, admin):
    with time_machine.travel(dt.date(2026, 5, 1), tick=False):
        response = client_for(admin).get(CAL + "?tahun=abc")
    assert response.status_code == 200
    assert response.context["year"] == 2026


def test_admin_edits_a_quarter_and_it_is_audited(gov, admin):
    client = client_for(admin)
    response = client.post(
        "/g/kota-uji/pemantauan/kalender/2026/1/", {"due_on": "2026-04-14", "locks_on": "2026-04-21"}
    )
    assert response.status_code == 302
    q1 = _period(gov)
    assert (q1.due_on, q1.locks_on) == (dt.date(2026, 4, 14), dt.date(2026, 4, 21))
    event = AuditEvent.objects.filter(government=gov, object_type="monitoring.period").latest("pk")
    assert event.actor == admin
    assert event.after == {"due_on": "2026-04-14", "locks_on": "2026-04-21"}
    assert event.before is not None and event.before["due_on"] != "2026-04-14"


def test_a_lock_before_the_due_date_is_refused_with_a_clear_message(gov, admin):
    client = client_for(admin)
    client.get(CAL + "?tahun=2026")
    before = _period(gov)
    response = client.post(
        "/g/kota-uji/pemantauan/kalender/2026/1/", {"due_on": "2026-04-14", "locks_on": "2026-04-10"}
    )
    assert response.status_code == 200
    assert "Tanggal dikunci (10 April 2026) tidak boleh sebelum batas laporan (14 April 2026)." in (
        response.content.decode()
    )
    assert "Batas laporan dan kunci TW I 2026" in response.content.decode()
    assert _period(gov).due_on == before.due_on


def test_a_due_date_inside_the_quarter_is_refused(gov, admin):
    response = client_for(admin).post(
        "/g/kota-uji/pemantauan/kalender/2026/1/", {"due_on": "2026-03-20", "locks_on": "2026-04-10"}
    )
    assert response.status_code == 200
    assert "Batas laporan harus sesudah triwulan berakhir (31 Maret 2026)." in response.content.decode()


def test_the_service_refuses_a_lock_before_due_too(gov, admin):
    period = services.ensure_period(gov, 2026, 2)
    with pytest.raises(services.ServiceError) as exc:
        services.update_period(
            actor=admin, period=period, due_on=dt.date(2026, 7, 14), locks_on=dt.date(2026, 7, 13)
        )
    assert exc.value.field == "locks_on"


def test_a_removed_holiday_does_not_move_stored_dates_until_recomputed(gov, admin):
    client = client_for(admin)
    client.get(CAL + "?tahun=2026")
    assert _period(gov).due_on == dt.date(2026, 4, 15)
    friday = Holiday.objects.get(government=gov, on=GOOD_FRIDAY)
    response = client.post(f"/g/kota-uji/pemantauan/kalender/libur/{friday.pk}/hapus/")
    assert response.status_code == 302 and response["Location"].endswith("?tahun=2026")
    assert not Holiday.objects.filter(government=gov, on=GOOD_FRIDAY).exists()
    assert _period(gov).due_on == dt.date(2026, 4, 15)  # not silently moved
    page = client.get(CAL + "?tahun=2026").content.decode()
    assert "berbeda dari aturan" in page and "14 April 2026" in page and "Hitung ulang TW I" in page
    response = client.post("/g/kota-uji/pemantauan/kalender/2026/1/", {"hitung_ulang": "1"})
    assert response.status_code == 302
    q1 = _period(gov)
    assert (q1.due_on, q1.locks_on) == (dt.date(2026, 4, 14), dt.date(2026, 4, 19))
    assert AuditEvent.objects.filter(
        object_type="monitoring.holiday", action=AuditEvent.Action.DELETE
    ).exists()
    assert "berbeda dari aturan" not in client.get(CAL + "?tahun=2026").content.decode()


def test_an_added_holiday_is_kept_and_flags_the_quarter(gov, admin):
    client = client_for(admin)
    client.get(CAL + "?tahun=2026")
    response = client.post(
        "/g/kota-uji/pemantauan/kalender/libur/", {"on": "2026-04-13", "name": "Hari jadi kota"}
    )
    assert response.status_code == 302
    holiday = Holiday.objects.get(government=gov, on=dt.date(2026, 4, 13))
    assert holiday.name == "Hari jadi kota" and not holiday.is_from_package
    assert _period(gov).due_on == dt.date(2026, 4, 15)
    rule_due, _locks = services.default_period_dates(gov, 2026, 1)
    assert rule_due == dt.date(2026, 4, 16)
    assert AuditEvent.objects.filter(
        object_type="monitoring.holiday", action=AuditEvent.Action.CREATE
    ).exists()


def test_a_holiday_on_a_day_already_off_is_refused(gov, admin):
    response = client_for(admin).post(
        "/g/kota-uji/pemantauan/kalender/libur/", {"on": "2026-08-17", "name": "Upacara"}
    )
    assert response.status_code == 400
    assert (
        "sudah tercatat sebagai hari libur: Hari Kemerdekaan Republik Indonesia" in response.content.decode()
    )
    assert Holiday.objects.filter(government=gov, on=dt.date(2026, 8, 17)).count() == 1


def test_adding_a_holiday_to_an_unseen_year_still_seeds_that_year(gov, admin):
    response = client_for(admin).post(
        "/g/kota-uji/pemantauan/kalender/libur/", {"on": "2028-04-10", "name": "Hari jadi kota"}
    )
    assert response.status_code == 302
    assert Holiday.objects.filter(government=gov, on__year=2028, is_from_package=True).count() > 5


def test_holidays_of_another_government_cannot_be_deleted(gov, admin, other_gov):
    services.holidays_of(other_gov, [2026])
    theirs = Holiday.objects.filter(government=other_gov).first()
    assert theirs is not None
    response = client_for(admin).post(f"/g/kota-uji/pemantauan/kalender/libur/{theirs.pk}/hapus/")
    assert response.status_code == 404
    assert Holiday.objects.filter(pk=theirs.pk).exists()


def test_settings_are_saved_with_their_version_and_audited(gov, admin):
    client = client_for(admin)
    form = client.get("/g/kota-uji/pemantauan/pengaturan/")
    assert form.status_code == 200
    assert 'value="90"' in form.content.decode()
    data = {
        "version": "1",
        "green_from": "92,5",
        "amber_from": "70",
        "due_working_days": "5",
        "lock_days": "3",
        "remind_days_before": "4",
    }
    assert client.post("/g/kota-uji/pemantauan/pengaturan/", data).status_code == 302
    rules = Settings.objects.get(government=gov)
    assert (rules.green_from, rules.amber_from) == (Decimal("92.5"), Decimal("70"))
    assert (rules.due_working_days, rules.lock_days, rules.remind_days_before, rules.version) == (5, 3, 4, 2)
    event = AuditEvent.objects.filter(object_type="monitoring.settings").latest("pk")
    assert event.before is not None and event.after is not None
    assert event.before["green_from"] == "90.0" and event.after["green_from"] == "92.5"


def test_amber_above_green_is_refused(gov, admin):
    data = {
        "version": "1",
        "green_from": "60",
        "amber_from": "80",
        "due_working_days": "10",
        "lock_days": "5",
        "remind_days_before": "7",
    }
    response = client_for(admin).post("/g/kota-uji/pemantauan/pengaturan/", data)
    assert response.status_code == 200
    assert "Batas kuning (80%) tidak boleh lebih tinggi dari batas hijau (60%)." in response.content.decode()
    assert Settings.objects.get(government=gov).green_from == Decimal(90)


def test_a_stale_settings_form_shows_the_other_persons_values(gov, admin):
    rules = services.settings_for(gov)
    services.update_settings(actor=admin, settings=rules, data={"green_from": Decimal(85)}, version=1)
    data = {
        "version": "1",
        "green_from": "95",
        "amber_from": "60",
        "due_working_days": "10",
        "lock_days": "5",
        "remind_days_before": "7",
    }
    client = client_for(admin)
    response = client.post("/g/kota-uji/pemantauan/pengaturan/", data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "sudah diubah orang lain" in html and "85" in html
    assert Settings.objects.get(government=gov).green_from == Decimal(85)
    # the form now carries the current version: saving again overrides knowingly
    data["version"] = "2"
    assert client.post("/g/kota-uji/pemantauan/pengaturan/", data).status_code == 302
    assert Settings.objects.get(government=gov).green_from == Decimal(95)


def test_changed_rules_do_not_move_stored_quarters(gov, admin):
    q1 = services.ensure_period(gov, 2026, 1)
    rules = services.settings_for(gov)
    services.update_settings(actor=admin, settings=rules, data={"due_working_days": 5}, version=1)
    assert _period(gov).due_on == q1.due_on
    assert services.default_period_dates(gov, 2026, 1)[0] == dt.date(2026, 4, 8)


def test_calendar_page_runs_a_constant_number_of_queries(gov, admin, django_assert_max_num_queries):
    client = client_for(admin)
    client.get(CAL + "?tahun=2026")  # creates the periods and seeds the holidays once
    for n in range(30):
        unit = make_unit(gov, name=f"Dinas {n}", short_name=f"D{n}", code=f"9.{n:02d}.0.00.0.00.01.0000")
        make_roadmap(gov, unit, title=f"Road map {n}", start_year=2020 + n % 5, end_year=2029)
        day = dt.date(2026, 1, 2) + dt.timedelta(days=7 * n)
        Holiday.objects.get_or_create(government=gov, on=day, defaults={"name": f"Libur {n}"})
    with django_assert_max_num_queries(16):
        response = client.get(CAL + "?tahun=2026")
    assert response.status_code == 200


def test_each_view_refuses_the_wrong_method(gov, admin):
    holiday = Holiday.objects.create(government=gov, on=dt.date(2026, 9, 1), name="Uji")
    client = client_for(admin)
    assert client.post(CAL).status_code == 405
    assert client.get(CAL + "libur/").status_code == 405
    assert client.get(f"{CAL}libur/{holiday.pk}/hapus/").status_code == 405
    assert client.put(CAL + "2026/1/").status_code == 405
    assert client.delete("/g/kota-uji/pemantauan/pengaturan/").status_code == 405
