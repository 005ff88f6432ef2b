"""The road map's quarters page and the quarter page: rows as planned, figures typed the Indonesian
way, htmx fragments and full pages, stale edits, evidence, the workflow buttons, weights, quick wins,
panels, and a constant number of queries at 30 and 300 actions."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petajalan.accounts.models import AuditEvent
from petajalan.evidence import services as evidence_services
from petajalan.evidence.models import Item, Link
from petajalan.evidence.targets import resolve
from petajalan.monitoring import hooks, services
from petajalan.monitoring.forms import NotANumber, parse_indonesian
from petajalan.monitoring.models import QuarterReport, QuickWinDelivery, Realisation
from petajalan.monitoring.tests.conftest import open_period
from petajalan.roadmaps.models import Action, ActionBudget, ActionTarget, Roadmap
from petajalan.roadmaps.tests.factories import make_roadmap
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.fixtures import client_for

S = QuarterReport.Status
D = Decimal


def page(report):
    return f"/g/{report.government.slug}/pemantauan/laporan/{report.uuid}/"


def fill_all(rows, actor, value="8"):
    for row in rows:
        row.refresh_from_db()
        services.save_realisation(actor=actor, row=row, data={"value": D(value)}, version=row.version)


# Numbers typed the Indonesian way ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "money", "expected"),
    [
        ("1.250,5", False, D("1250.5")),
        ("85%", False, D(85)),
        ("85 %", False, D(85)),
        ("12,5", False, D("12.5")),
        ("12.5", False, D("12.5")),
        ("1.250", False, D(1250)),
        ("1.250.000", False, D(1250000)),
        ("0", False, D(0)),
        ("Rp1.250.000", True, D(1250000)),
        ("Rp 1.250.000,00", True, D(1250000)),
        ("1250000", True, D(1250000)),
        ("rp. 2.500", True, D(2500)),
    ],
)
def test_numbers_typed_the_indonesian_way(text, money, expected):
    assert parse_indonesian(text, money=money) == expected


@pytest.mark.parametrize(
    ("text", "money"),
    [("sepuluh", False), ("1.25.0", False), ("1,2,3", False), ("12.50,5", False), ("", False), ("50%", True)],
)
def test_what_is_not_a_number(text, money):
    with pytest.raises(NotANumber):
        parse_indonesian(text, money=money)


# The road map's quarters ------------------------------------------------------------------------


def test_quarters_page_lists_quarters_with_dates_status_and_rollup(
    gov, enacted_roadmap, report, rows, drafter, unit_head, admin, leader
):
    fill_all(rows, drafter)
    services.submit_report(actor=unit_head, report=report)
    url = f"/g/{gov.slug}/pemantauan/roadmap/{enacted_roadmap.uuid}/"
    before = client_for(leader).get(url).content.decode()
    assert "TW I 2025" in before and "TW II 2025" in before
    assert "Diajukan" in before
    # 8 against 10: up 80, down 120 (capped at 100), keep 80 → 86,7, the unit's figures, not yet official
    assert "sementara 86,7%" in before
    assert "rag-grey" in before and "Belum diverifikasi" in before and "rag-amber" not in before
    assert "Mulai laporan" not in before  # a leader reads; only the unit opens a quarter
    services.verify_report(actor=admin, report=report)
    after = client_for(leader).get(url).content.decode()
    assert "86,7%" in after and "rag-amber" in after and "Kuning" in after
    assert "Rekap tahunan" in after


def test_the_unit_opens_a_quarter_and_lands_on_its_page(gov, enacted_roadmap, drafter):
    client = client_for(drafter)
    quarters = client.get(f"/g/{gov.slug}/pemantauan/roadmap/{enacted_roadmap.uuid}/").content.decode()
    assert "Mulai laporan" in quarters
    response = client.post(f"/g/{gov.slug}/pemantauan/roadmap/{enacted_roadmap.uuid}/2025/2/")
    report = QuarterReport.objects.get(roadmap=enacted_roadmap, year=2025, quarter=2)
    assert response.status_code == 302
    assert response["Location"] == page(report)
    assert report.realisations.count() == 3


def test_a_quarter_not_started_cannot_be_opened(gov, enacted_roadmap, drafter):
    client = client_for(drafter)
    response = client.post(f"/g/{gov.slug}/pemantauan/roadmap/{enacted_roadmap.uuid}/2029/4/", follow=True)
    assert "belum dimulai" in response.content.decode()
    assert not QuarterReport.objects.exists()


def test_a_road_map_not_enacted_is_not_monitored(gov, unit, drafter):
    draft = make_roadmap(gov, unit)
    client = client_for(drafter)
    page_text = client.get(f"/g/{gov.slug}/pemantauan/roadmap/{draft.uuid}/").content.decode()
    assert "setelah road map ditetapkan" in page_text
    response = client.post(f"/g/{gov.slug}/pemantauan/roadmap/{draft.uuid}/2025/1/", follow=True)
    assert "sudah ditetapkan" in response.content.decode()
    assert not QuarterReport.objects.exists()


# The quarter page ------------------------------------------------------------------------------


def test_rows_show_the_plan_as_written(report, rows, drafter):
    html = client_for(drafter).get(page(report)).content.decode()
    for n in (1, 2, 3):
        assert f"Rencana aksi {n}" in html and f"Indikator {n}" in html
    assert "arah naik" in html and "arah turun" in html and "arah tetap" in html
    assert html.count("Rp25.000.000") == 3
    assert "Batas laporan" in html and "Dikunci mulai" in html
    assert "Bobot" in html
    assert html.count(">Isi<") == 3


def test_realisation_typed_the_indonesian_way_is_saved_and_shown(report, rows, drafter):
    client = client_for(drafter)
    row = rows[0]
    response = client.post(
        f"{page(report)}baris/{row.pk}/",
        {
            "value": "1.250,5",
            "budget_spent": "Rp1.250.000",
            "progress_note": "Sudah berjalan",
            "version": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{page(report)}#r{row.pk}"
    row.refresh_from_db()
    assert row.value == D("1250.5") and row.budget_spent == D(1250000)
    assert row.achievement == D("12505.00")
    html = client.get(page(report)).content.decode()
    assert "1.250,5" in html and "Rp1.250.000" in html and "Sudah berjalan" in html
    assert "12.505%" in html and "Hijau" in html  # shown uncapped; the colour is capped


def test_percent_typed_with_its_sign(report, rows, drafter):
    client_for(drafter).post(f"{page(report)}baris/{rows[0].pk}/", {"value": "85%", "version": "1"})
    rows[0].refresh_from_db()
    assert rows[0].value == D(85)


def test_a_bad_number_gets_an_indonesian_message_and_nothing_is_saved(report, rows, drafter):
    response = client_for(drafter).post(
        f"{page(report)}baris/{rows[0].pk}/",
        {"value": "sepuluh", "budget_spent": "1.2.3", "progress_note": "Tetap ada", "version": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Realisasi: “sepuluh” bukan angka. Tulis misalnya 85 atau 1.250,5." in html
    assert "Realisasi anggaran (Rp): “1.2.3”" in html
    assert "Tetap ada" in html  # what was typed stays
    rows[0].refresh_from_db()
    assert rows[0].value is None and rows[0].version == 1


def test_row_edit_is_a_fragment_for_htmx_and_a_page_without(report, rows, drafter):
    client = client_for(drafter)
    url = f"{page(report)}baris/{rows[1].pk}/"
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    full = client.get(url).content.decode()
    assert "<html" not in fragment and fragment.strip().startswith(f'<tbody id="r{rows[1].pk}"')
    assert "<html" in full and f'<tbody id="r{rows[1].pk}"' in full
    assert f'id="r{rows[1].pk}_value"' in fragment
    assert "2. Rencana aksi 2" in fragment  # the row keeps its number


def test_saving_through_htmx_swaps_the_row_back_read_only(report, rows, drafter):
    response = client_for(drafter).post(
        f"{page(report)}baris/{rows[1].pk}/", {"value": "12", "version": "1"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'class="real saved"' in html
    assert "80%" in html and "Kuning" in html and "rag-amber" in html  # down: 10 → 12 is 80 %


def test_the_read_only_row_is_a_fragment_for_cancel(report, rows, drafter):
    html = (
        client_for(drafter).get(f"{page(report)}?baris={rows[2].pk}", HTTP_HX_REQUEST="true").content.decode()
    )
    assert html.strip().startswith(f'<tbody id="r{rows[2].pk}" class="real">')
    assert '<td data-label="No.">3</td>' in html


def test_a_stale_edit_shows_the_other_persons_values_and_keeps_yours(report, rows, drafter, unit_head):
    services.save_realisation(actor=unit_head, row=rows[0], data={"value": D(7)}, version=1)
    response = client_for(drafter).post(
        f"{page(report)}baris/{rows[0].pk}/", {"value": "9", "progress_note": "punya saya", "version": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Kepala Dinkes menyimpan baris ini lebih dulu" in html
    assert "realisasi: 7" in html
    assert "punya saya" in html and 'value="9"' in html
    assert 'name="version" value="2"' in html  # saving again overwrites knowingly
    rows[0].refresh_from_db()
    assert rows[0].value == D(7)


def test_evidence_of_a_row_is_shown_with_a_link_to_add_more(
    gov, report, rows, drafter, evidence_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = evidence_services.upload_item(
            actor=drafter,
            government=gov,
            upload=evidence_services.Upload(file=io.BytesIO(pdf_bytes("Daftar hadir")), name="hadir.pdf"),
            data={"title": "Daftar hadir sosialisasi", "kind": Item.Kind.MINUTES, "unit": report.unit},
        )
        target = resolve([("realisation", str(rows[0].pk))])[("realisation", str(rows[0].pk))]
        evidence_services.link_item(actor=drafter, item=item, target=target)
    html = client_for(drafter).get(page(report)).content.decode()
    assert 'title="Daftar hadir sosialisasi"' in html
    assert f"/data-dukung/{item.uuid}/pratinjau.png" in html
    assert "1 data dukung" in html
    assert html.count(f"/g/{gov.slug}/data-dukung/untuk/realisation/") == 3
    assert f"/g/{gov.slug}/data-dukung/paket/quarter_report/{report.pk}.zip" in html


def _document(actor, gov, title: str, unit, kind: str = Item.Kind.REPORT) -> Item:  # type: ignore[no-untyped-def]
    """A PDF uploaded to the evidence bank through its service."""
    return evidence_services.upload_item(
        actor=actor,
        government=gov,
        upload=evidence_services.Upload(file=io.BytesIO(pdf_bytes(title)), name=f"{title}.pdf"),
        data={"title": title, "kind": kind, "unit": unit},
    )


def test_a_row_names_only_evidence_the_reader_may_open(
    gov, report, rows, other_unit, drafter, admin, evidence_dir, django_capture_on_commit_callbacks
):
    """The admin may link another unit's document to a unit's row: the row counts it but shows the
    unit's people neither its title, its picture nor its address."""
    with django_capture_on_commit_callbacks(execute=True):
        item = _document(admin, gov, "Foto loket MPP", other_unit, Item.Kind.PHOTO)
        target = resolve([("realisation", str(rows[0].pk))])[("realisation", str(rows[0].pk))]
        evidence_services.link_item(actor=admin, item=item, target=target)
    mine = client_for(drafter).get(page(report)).content.decode()
    assert "1 data dukung" in mine
    assert "Foto loket MPP" not in mine and str(item.uuid) not in mine
    everything = client_for(admin).get(page(report)).content.decode()
    assert 'title="Foto loket MPP"' in everything and f"/data-dukung/{item.uuid}/" in everything


def test_the_downloads_are_linked(report, drafter):
    html = client_for(drafter).get(page(report)).content.decode()
    for fmt in ("xlsx", "pdf", "docx", "csv", "portal"):
        assert f'href="{page(report)}unduh.{fmt}"' in html
    assert f'href="{page(report)}impor/"' in html


def test_submit_shows_the_refusal_and_then_submits(report, rows, drafter, unit_head):
    client = client_for(unit_head)
    refused = client.post(f"{page(report)}ajukan/")
    assert refused.status_code == 422
    assert (
        "3 rencana aksi belum diisi realisasinya. Lengkapi dulu sebelum mengajukan."
        in refused.content.decode()
    )
    fill_all(rows, drafter)
    assert client.post(f"{page(report)}ajukan/").status_code == 302
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    html = client_for(drafter).get(page(report)).content.decode()
    assert "menunggu verifikasi" in html and ">Isi<" not in html and ">Ubah<" not in html


def test_the_drafter_sees_who_submits(report, drafter):
    html = client_for(drafter).get(page(report)).content.decode()
    assert "kepala perangkat daerah mengajukan" in html
    assert ">Ajukan<" not in html


def test_return_with_a_note_answer_resubmit_and_verify(report, rows, drafter, unit_head, admin):
    fill_all(rows, drafter)
    services.submit_report(actor=unit_head, report=report)
    boss = client_for(admin)
    assert "Kembalikan dengan catatan" in boss.get(page(report)).content.decode()
    empty = boss.post(f"{page(report)}kembalikan/", {"note": " "})
    assert empty.status_code == 422 and "Bagian ini wajib diisi." in empty.content.decode()
    assert boss.post(f"{page(report)}kembalikan/", {"note": "Lampirkan foto kegiatan."}).status_code == 302
    drafter_client = client_for(drafter)
    html = drafter_client.get(page(report)).content.decode()
    assert "Lampirkan foto kegiatan." in html and "Simpan tanggapan" in html and ">Ubah<" in html
    assert (
        drafter_client.post(f"{page(report)}tanggapan/", {"answer_note": "Foto sudah ada."}).status_code
        == 302
    )
    assert client_for(unit_head).post(f"{page(report)}ajukan/").status_code == 302
    assert boss.post(f"{page(report)}verifikasi/").status_code == 302
    report.refresh_from_db()
    assert report.status == S.VERIFIED and report.answer_note == "Foto sudah ada."
    html = drafter_client.get(page(report)).content.decode()
    assert "sudah diverifikasi" in html and "sementara" not in html


def test_verifying_a_draft_is_refused_with_the_services_message(report, admin):
    response = client_for(admin).post(f"{page(report)}verifikasi/")
    assert response.status_code == 422
    assert "Hanya laporan yang diajukan yang dapat diverifikasi." in response.content.decode()


def test_the_verifiers_figures_sit_beside_the_units(report, rows, drafter, unit_head, reviewer):
    fill_all(rows, drafter)
    services.submit_report(actor=unit_head, report=report)
    coach = client_for(reviewer)
    form = coach.get(f"{page(report)}baris/{rows[0].pk}/verifikasi/").content.decode()
    assert "<html" in form and "Angka unit" in form and "Realisasi hasil verifikasi" in form
    fragment = coach.get(
        f"{page(report)}baris/{rows[0].pk}/verifikasi/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment and f'id="v{rows[0].pk}_verified_value"' in fragment
    response = coach.post(
        f"{page(report)}baris/{rows[0].pk}/verifikasi/",
        {
            "verified_value": "6",
            "verified_budget": "Rp2.000.000",
            "verifier_note": "Bukti hanya 6",
            "version": "2",
        },
    )
    assert response.status_code == 302
    html = client_for(drafter).get(page(report)).content.decode()
    assert "Verifikator:</small> <strong>6</strong>" in html
    assert "Unit:</small> 8" in html
    assert "Bukti hanya 6" in html and "Rp2.000.000" in html
    assert "60%" in html  # the verifier's 6 against the target 10


def test_reopen_by_the_admin_is_audited_and_shown(report, period, admin, drafter):
    until = period.locks_on + dt.timedelta(days=20)
    response = client_for(admin).post(
        f"{page(report)}buka-kembali/", {"until": until.isoformat(), "reason": "Server puskesmas rusak"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.reopened_until == until
    assert AuditEvent.objects.filter(
        object_id=str(report.uuid), summary__contains="Server puskesmas rusak"
    ).exists()
    html = client_for(drafter).get(page(report)).content.decode()
    assert "dibuka kembali sampai" in html


def test_reopen_needs_a_reason(report, admin):
    response = client_for(admin).post(f"{page(report)}buka-kembali/", {"until": "2099-01-01", "reason": ""})
    assert response.status_code == 422
    assert "Bagian ini wajib diisi." in response.content.decode()


def test_the_admin_sets_a_weight_from_the_page(gov, report, rows, admin):
    client = client_for(admin)
    html = client.get(page(report)).content.decode()
    assert f'action="/g/{gov.slug}/pemantauan/bobot/{rows[0].action_id}/"' in html
    response = client.post(
        f"/g/{gov.slug}/pemantauan/bobot/{rows[0].action_id}/",
        {"weight": "2,5", "next": f"{page(report)}#r{rows[0].pk}"},
    )
    assert response.status_code == 302 and response["Location"] == f"{page(report)}#r{rows[0].pk}"
    rows[0].refresh_from_db()
    assert rows[0].weight == D("2.5")
    assert 'value="2,5"' in client.get(page(report)).content.decode()


def test_a_weight_must_be_a_number_and_elsewhere_goes_nowhere(gov, report, rows, admin):
    client = client_for(admin)
    response = client.post(
        f"/g/{gov.slug}/pemantauan/bobot/{rows[0].action_id}/",
        {"weight": "berat", "next": "https://contoh.test/"},
        follow=True,
    )
    assert "Bobot: “berat” bukan angka" in response.content.decode()
    assert response.redirect_chain[0][0] == f"/g/{gov.slug}/pemantauan/roadmap/{report.roadmap.uuid}/"


def test_a_quick_win_is_recorded_delivered(gov, report, enacted_roadmap, drafter):
    win = enacted_roadmap.quick_wins.get()
    client = client_for(drafter)
    response = client.post(
        f"{page(report)}quick-win/{win.pk}/",
        {
            f"qw{win.pk}-delivered_on": "15/02/2025",
            f"qw{win.pk}-after_measure": "20 menit",
            f"qw{win.pk}-note": "",
        },
    )
    assert response.status_code == 302
    delivery = QuickWinDelivery.objects.get(report=report, quick_win=win)
    assert delivery.delivered_on == dt.date(2025, 2, 15) and delivery.after_measure == "20 menit"
    html = client.get(page(report)).content.decode()
    assert "terwujud 15 Februari 2025" in html
    assert f"/g/{gov.slug}/data-dukung/untuk/quick_win/{win.pk}/" in html


def test_a_bad_delivery_date_is_reported(report, enacted_roadmap, drafter):
    win = enacted_roadmap.quick_wins.get()
    response = client_for(drafter).post(
        f"{page(report)}quick-win/{win.pk}/", {f"qw{win.pk}-delivered_on": "kemarin"}, follow=True
    )
    assert "Tulis tanggal seperti 15/04/2026." in response.content.decode()
    assert not QuickWinDelivery.objects.exists()


def test_registered_panels_are_rendered(report, drafter):
    def panel(request, rep):
        return ("monitoring/_rag.html", {"for": rep.pk})

    hooks.register_report_panel(panel)
    try:
        html = client_for(drafter).get(page(report)).content.decode()
    finally:
        hooks._report_panels.remove(panel)
    assert html.count('<span class="rag rag-') >= 1


# Constant queries ---------------------------------------------------------------------------------


def _big_report(gov, unit, n, start_year, drafter, item):
    roadmap = make_roadmap(
        gov, unit, status=Roadmap.Status.ENACTED, start_year=start_year, end_year=start_year + 4
    )
    actions = Action.objects.bulk_create(
        [
            Action(
                roadmap=roadmap,
                government=gov,
                focus_key="urn:rb:area:manajemen-perubahan",
                activity=f"Kegiatan {i}",
                indicator="Persentase",
                unit_of_measure="%",
                direction=["up", "down", "keep"][i % 3],
                order=i,
            )
            for i in range(n)
        ]
    )
    ActionTarget.objects.bulk_create(
        [ActionTarget(government=gov, action=a, year=start_year, quarter=1, value=D(10)) for a in actions]
    )
    ActionBudget.objects.bulk_create(
        [ActionBudget(government=gov, action=a, year=start_year, amount=D(1000000)) for a in actions]
    )
    open_period(gov, start_year, 1)
    report = services.open_report(actor=drafter, roadmap=roadmap, year=start_year, quarter=1)
    rows = list(report.realisations.all())
    for i, row in enumerate(rows):
        if i % 2:
            row.value, row.achievement, row.progress_note = D(8), D(80), "Berjalan"
        if i % 5 == 0:
            row.verified_value = D(7)
    Realisation.objects.bulk_update(rows, ["value", "achievement", "progress_note", "verified_value"])
    Link.objects.bulk_create(
        [
            Link(
                government=gov,
                item=item,
                version=item.current,
                target_kind="realisation",
                target_id=str(r.pk),
            )
            for r in rows[::3]
        ]
    )
    return report


@pytest.mark.parametrize("persona", ["drafter", "admin"])
def test_the_quarter_page_runs_the_same_queries_at_30_and_300_actions(
    persona,
    gov,
    unit,
    personas,
    evidence_dir,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    drafter = personas["drafter"]
    with django_capture_on_commit_callbacks(execute=True):
        item = _document(drafter, gov, "Bukti", unit)
    item.refresh_from_db()
    small = _big_report(gov, unit, 30, 2025, drafter, item)
    large = _big_report(gov, unit, 300, 2020, drafter, item)
    client = client_for(personas[persona])
    client.get(page(small))  # warm: periods, settings and holidays exist from here on
    client.get(page(large))
    counts = []
    for report in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page(report))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(45):
        client.get(page(large))
    assert response.content.decode().count('<tbody id="r') == 300


def test_the_quarters_page_runs_the_same_queries_with_more_reports(
    gov, enacted_roadmap, report, rows, drafter
):
    client = client_for(drafter)
    url = f"/g/{gov.slug}/pemantauan/roadmap/{enacted_roadmap.uuid}/"
    client.get(url)  # warm: every quarter's period exists from here on
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for quarter in (2, 3, 4):
        open_period(gov, 2025, quarter)
        services.open_report(actor=drafter, roadmap=enacted_roadmap, year=2025, quarter=quarter)
    fill_all(rows, drafter)
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)
    assert response.content.decode().count("Buka laporan") == 4
    assert len(one) == len(four)
