"""Every monitoring view, walked with every persona (the whole monitoring matrix lives here).

``report`` is the 2025 TW1 report of ``unit`` (the drafter's, coached by the reviewer), a draft with
nothing typed; ``submitted`` is its 2025 TW2 report, every row typed and submitted by the unit head.
Each case runs on fresh objects, personas in the order anonymous, admin, drafter, unit_head, reviewer,
leader, outsider: a write that succeeds for one persona changes what the next one meets (a second
save of the same version is stale: 409; a second transition finds the state moved on: 422).

The dashboard, documents and calendar engineers add their rows in their marked sections below, using
the ``objects`` keys (add a key to the fixture if a view needs one more object).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from petajalan.monitoring import services
from petajalan.monitoring.models import Holiday
from petajalan.monitoring.tests.conftest import open_period
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.tests.factories import make_action, make_roadmap
from petajalan.testing.fixtures import client_for
from petajalan.testing.matrix import Case, walk

M = "/g/{gov}/pemantauan"
REPORT = M + "/laporan/{report}"
SUBMITTED = M + "/laporan/{submitted}"
UNIT = {"drafter": 200, "unit_head": 200}
VERIFIERS = {"admin": 200, "reviewer": 200}
NOT_OTHERS = {"drafter": 404, "unit_head": 404, "reviewer": 404}
CITY_READERS = {"drafter": 403, "unit_head": 403}  # the city's downloads: admin, leaders, reviewers

MATRIX = [
    # a road map's quarters and the quarter page (views/reports.py)
    Case("monitoring:roadmap-quarters", M + "/roadmap/{roadmap}/"),
    Case("monitoring:roadmap-quarters", M + "/roadmap/{other_roadmap}/", expect=NOT_OTHERS),
    Case("monitoring:roadmap-quarters", M + "/roadmap/{city_roadmap}/"),
    Case(
        "monitoring:report-open",
        M + "/roadmap/{roadmap}/2025/3/",
        method="post",
        expect={"drafter": 302, "unit_head": 302},
    ),
    Case(
        "monitoring:report-open", M + "/roadmap/{city_roadmap}/2025/3/", method="post", expect={"admin": 302}
    ),
    Case("monitoring:report-open", M + "/roadmap/{other_roadmap}/2025/3/", method="post", expect=NOT_OTHERS),
    Case("monitoring:report-detail", REPORT + "/"),
    Case("monitoring:report-detail", M + "/laporan/{other_report}/", expect=NOT_OTHERS),
    Case("monitoring:report-detail", M + "/laporan/{city_report}/"),
    Case("monitoring:row-edit", REPORT + "/baris/{row}/", default=403, expect=UNIT),
    Case(
        "monitoring:row-edit",
        REPORT + "/baris/{row}/",
        method="post",
        data={"value": "5", "version": "1"},
        expect={"drafter": 302, "unit_head": 409},
    ),
    # a row of another report under this report's address
    Case(
        "monitoring:row-edit",
        REPORT + "/baris/{submitted_row}/",
        default=403,
        expect={"drafter": 404, "unit_head": 404},
    ),
    Case(
        "monitoring:row-edit",
        M + "/laporan/{city_report}/baris/{city_row}/",
        default=403,
        expect={"admin": 200},
    ),
    Case(
        "monitoring:row-verify",
        SUBMITTED + "/baris/{submitted_row}/verifikasi/",
        default=403,
        expect=VERIFIERS,
    ),
    Case(
        "monitoring:row-verify",
        SUBMITTED + "/baris/{submitted_row}/verifikasi/",
        method="post",
        data={"verified_value": "5", "version": "2"},
        expect={"admin": 302, "reviewer": 409},
    ),
    Case(
        "monitoring:delivery-edit",
        REPORT + "/quick-win/{quick_win}/",
        method="post",
        data={"delivered_on": "2025-02-15"},
        expect={"drafter": 302, "unit_head": 302},
    ),
    # nothing typed yet: the permitted submitters get past the gate and meet the refusal
    Case(
        "monitoring:report-submit",
        REPORT + "/ajukan/",
        method="post",
        expect={"admin": 422, "unit_head": 422},
    ),
    Case(
        "monitoring:report-answer",
        REPORT + "/tanggapan/",
        method="post",
        data={"answer_note": "Sudah"},
        expect={"drafter": 422, "unit_head": 422},
    ),
    Case(
        "monitoring:report-return",
        SUBMITTED + "/kembalikan/",
        method="post",
        data={"note": "Lampirkan foto"},
        expect={"admin": 302, "reviewer": 422},
    ),
    Case(
        "monitoring:report-verify",
        SUBMITTED + "/verifikasi/",
        method="post",
        expect={"admin": 302, "reviewer": 422},
    ),
    Case(
        "monitoring:report-reopen",
        REPORT + "/buka-kembali/",
        method="post",
        data={"until": "2099-01-31", "reason": "Data terlambat"},
        expect={"admin": 302},
    ),
    Case(
        "monitoring:weight-edit",
        M + "/bobot/{action}/",
        method="post",
        data={"weight": "2"},
        expect={"admin": 302},
    ),
    # dashboard rows
    Case("monitoring:dashboard", M + "/", expect={"drafter": 302, "unit_head": 302, "reviewer": 302}),
    Case(
        "monitoring:dashboard",
        M + "/?tahun=2025&tw=1&ytd=1",
        expect={"drafter": 302, "unit_head": 302, "reviewer": 302},
    ),
    Case("monitoring:chase-list", M + "/tindak-lanjut/", default=403, expect=VERIFIERS),
    Case("monitoring:chase-list", M + "/tindak-lanjut/?tahun=2025&tw=1", default=403, expect=VERIFIERS),
    Case(
        "monitoring:remind",
        M + "/tindak-lanjut/ingatkan/{roadmap}/",
        method="post",
        data={"tahun": "2025", "tw": "1"},
        expect={"admin": 302},
    ),
    Case(
        "monitoring:remind",
        M + "/tindak-lanjut/ingatkan/{other_roadmap}/",
        method="post",
        data={"tahun": "2025", "tw": "1"},
        expect={"admin": 302, **NOT_OTHERS},
    ),
    Case("monitoring:rollup-rows", M + "/rincian/?tahun=2025&tw=1"),
    Case("monitoring:rollup-rows", M + "/rincian/?tahun=2025&tw=1&unit={unit_uuid}"),
    Case("monitoring:rollup-rows", M + "/rincian/?tahun=2025&tw=1&unit={other_unit_uuid}", expect=NOT_OTHERS),
    Case("monitoring:rollup-rows", M + "/rincian/?tahun=2025&tw=1&unit=kota&ytd=1"),
    Case("monitoring:rollup-rows", M + "/rincian/?tahun=2025&tw=4&ytd=1&peta={roadmap}&fokus=x"),
    Case("monitoring:rollup-rows", M + "/rincian/?peta={other_roadmap}", expect=NOT_OTHERS),
    # documents rows (views/documents.py): every format of a report, the city's downloads for the
    # admin, leaders and reviewers, the import for those who type the figures (a locked or submitted
    # report shows the refusal instead of the form)
    *[Case("monitoring:report-download", REPORT + f"/unduh.{fmt}") for fmt in ("pdf", "docx", "xlsx", "csv")],
    Case("monitoring:report-download", REPORT + "/unduh.portal"),
    Case("monitoring:report-download", M + "/laporan/{other_report}/unduh.csv", expect=NOT_OTHERS),
    Case("monitoring:report-download", M + "/laporan/{city_report}/unduh.xlsx"),
    Case("monitoring:report-download", REPORT + "/unduh.exe", default=404),
    Case(
        "monitoring:report-download",
        REPORT + "/unduh.csv",
        method="post",
        default=405,
        expect={"outsider": 405},
    ),
    *[
        Case("monitoring:city-download", M + f"/kota/{{year}}/{{quarter}}/unduh.{fmt}", expect=CITY_READERS)
        for fmt in ("pdf", "docx", "xlsx", "csv", "portal")
    ],
    Case("monitoring:city-download", M + "/kota/2025/5/unduh.csv", default=404, expect=CITY_READERS),
    Case(
        "monitoring:city-download",
        M + "/kota/2025/1/unduh.pdf",
        method="post",
        default=405,
        expect={"outsider": 405},
    ),
    Case("monitoring:report-import", REPORT + "/impor/", default=403, expect=UNIT),
    # a POST without a file: the form again with its error (400) for those who may type the figures
    Case(
        "monitoring:report-import",
        REPORT + "/impor/",
        method="post",
        expect={"drafter": 400, "unit_head": 400},
    ),
    Case("monitoring:report-import", SUBMITTED + "/impor/", default=403, expect=UNIT),
    Case(
        "monitoring:report-import",
        SUBMITTED + "/impor/",
        method="post",
        expect={"drafter": 409, "unit_head": 409},
    ),
    Case("monitoring:report-import", M + "/laporan/{city_report}/impor/", default=403, expect={"admin": 200}),
    Case("monitoring:report-import", M + "/laporan/{other_report}/impor/", default=403, expect=NOT_OTHERS),
    # nothing waiting for confirmation: back to the import page with a message
    Case(
        "monitoring:report-import-confirm",
        REPORT + "/impor/konfirmasi/",
        method="post",
        expect={"drafter": 302, "unit_head": 302},
    ),
    Case(
        "monitoring:report-import-confirm",
        REPORT + "/impor/konfirmasi/",
        default=405,
        expect={"outsider": 405},
    ),
    # calendar rows
    Case("monitoring:calendar", M + "/kalender/"),
    Case("monitoring:calendar", M + "/kalender/?tahun=2025"),
    Case("monitoring:period-edit", M + "/kalender/2025/1/", default=403, expect={"admin": 200}),
    Case(
        "monitoring:period-edit",
        M + "/kalender/2025/1/",
        method="post",
        data={"due_on": "2025-04-21", "locks_on": "2025-04-28"},
        expect={"admin": 302},
    ),
    Case(  # a lock before the due date: the admin gets the form back with the message
        "monitoring:period-edit",
        M + "/kalender/2025/1/",
        method="post",
        data={"due_on": "2025-04-21", "locks_on": "2025-04-20"},
        expect={"admin": 200},
    ),
    Case(
        "monitoring:period-edit",
        M + "/kalender/2025/1/",
        method="post",
        data={"hitung_ulang": "1"},
        expect={"admin": 302},
    ),
    Case("monitoring:period-edit", M + "/kalender/2025/5/", default=403, expect={"admin": 404}),
    Case(
        "monitoring:holiday-add",
        M + "/kalender/libur/",
        method="post",
        data={"on": "2025-09-01", "name": "Hari jadi kota"},
        expect={"admin": 302},
    ),
    Case("monitoring:holiday-add", M + "/kalender/libur/", method="post", expect={"admin": 400}),
    Case(
        "monitoring:holiday-delete",
        M + "/kalender/libur/{holiday}/hapus/",
        method="post",
        expect={"admin": 302},
    ),
    Case("monitoring:settings-edit", M + "/pengaturan/", default=403, expect={"admin": 200}),
    Case(
        "monitoring:settings-edit",
        M + "/pengaturan/",
        method="post",
        data={
            "version": "1",
            "green_from": "85",
            "amber_from": "55",
            "due_working_days": "10",
            "lock_days": "5",
            "remind_days_before": "7",
        },
        expect={"admin": 302},
    ),
]


@pytest.fixture
def objects(gov, unit, other_unit, personas):
    drafter, unit_head = personas["drafter"], personas["unit_head"]
    roadmap = make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)
    actions = [make_action(roadmap) for _n in range(2)]
    quick_win = roadmap.quick_wins.create(
        government=gov, title="Antrean daring", change_for_citizens="Singkat"
    )
    other = make_roadmap(gov, other_unit, status=Roadmap.Status.ENACTED)
    make_action(other)
    city = make_roadmap(gov, None)
    make_action(city)
    for quarter in (1, 2, 3):
        open_period(gov, 2025, quarter)
    report = services.open_report(actor=drafter, roadmap=roadmap, year=2025, quarter=1)
    submitted = services.open_report(actor=drafter, roadmap=roadmap, year=2025, quarter=2)
    for row in submitted.realisations.all():
        services.save_realisation(actor=drafter, row=row, data={"value": Decimal(15)}, version=row.version)
    services.submit_report(actor=unit_head, report=submitted)
    other_report = services.open_report(actor=None, roadmap=other, year=2025, quarter=1)
    city_report = services.open_report(actor=personas["admin"], roadmap=city, year=2025, quarter=1)
    holiday = Holiday.objects.create(government=gov, on="2025-08-18", name="Cuti bersama uji")
    return {
        "gov": gov.slug,
        "year": 2025,
        "quarter": 1,
        "roadmap": roadmap.uuid,
        "other_roadmap": other.uuid,
        "city_roadmap": city.uuid,
        "report": report.uuid,
        "report_pk": report.pk,
        "row": report.realisations.earliest("pk").pk,
        "submitted": submitted.uuid,
        "submitted_row": submitted.realisations.earliest("pk").pk,
        "other_report": other_report.uuid,
        "city_report": city_report.uuid,
        "city_row": city_report.realisations.get().pk,
        "quick_win": quick_win.pk,
        "action": actions[0].pk,
        "holiday": holiday.pk,
        "unit_uuid": unit.uuid,
        "other_unit_uuid": other_unit.uuid,
    }


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_permission_matrix(case, personas, objects):
    assert walk(case, personas, objects) == []


# The wrong method: the views refuse it with 405 (a signed-in person, past the login redirect).
POST_ONLY = [
    M + "/roadmap/{roadmap}/2025/3/",
    REPORT + "/quick-win/{quick_win}/",
    REPORT + "/ajukan/",
    REPORT + "/tanggapan/",
    REPORT + "/kembalikan/",
    REPORT + "/verifikasi/",
    REPORT + "/buka-kembali/",
    M + "/bobot/{action}/",
]
GET_ONLY = [M + "/roadmap/{roadmap}/", REPORT + "/"]
GET_AND_POST = [REPORT + "/baris/{row}/", REPORT + "/baris/{row}/verifikasi/"]


@pytest.mark.parametrize("url", POST_ONLY)
def test_post_only_views_refuse_get(url, personas, objects):
    assert client_for(personas["admin"]).get(url.format(**objects)).status_code == 405


@pytest.mark.parametrize("url", GET_ONLY)
def test_read_only_views_refuse_post(url, personas, objects):
    assert client_for(personas["admin"]).post(url.format(**objects)).status_code == 405


@pytest.mark.parametrize("url", GET_AND_POST)
def test_form_views_refuse_other_methods(url, personas, objects):
    client = client_for(personas["admin"])
    assert client.put(url.format(**objects)).status_code == 405
    assert client.delete(url.format(**objects)).status_code == 405
