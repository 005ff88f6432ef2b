"""Coaching sessions end to end: plan, check in (list and XLSX), materials, notes, downloads."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook, load_workbook

from petajalan.clinic.models import ClinicSession, FollowUp, Participant
from petajalan.evidence.models import Item, Link
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.fixtures import client_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("hadir.xlsx", out.getvalue(), content_type=XLSX)


def test_admin_plans_a_session_inviting_every_active_unit_by_default(personas, gov, unit, other_unit):
    response = client_for(personas["admin"]).post(
        f"/g/{gov.slug}/klinik/sesi/baru/",
        {
            "title": "Coaching Clinic Road Map",
            "held_on": "2026-06-07",
            "place": "Aula Setda",
            "speakers": "Inspektorat Provinsi",
        },
    )
    session = ClinicSession.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/sesi/{session.uuid}/")
    assert set(session.invited_units.all()) == {unit, other_unit}
    assert session.speaker_list == ["Inspektorat Provinsi"]


def test_session_form_errors_are_shown_in_indonesian(personas, gov):
    response = client_for(personas["admin"]).post(
        f"/g/{gov.slug}/klinik/sesi/baru/", {"title": "", "held_on": "kemarin"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong." in html
    assert not ClinicSession.objects.exists()


def test_check_in_from_the_list_as_fragment_and_full_page(personas, gov, session, participant):
    client = client_for(personas["admin"])
    url = f"/g/{gov.slug}/klinik/sesi/{session.uuid}/peserta/{participant.uuid}/hadir/"
    fragment = client.post(url, {"hadir": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith(f'<tr id="peserta-{participant.uuid}"') and "hadir" in fragment
    participant.refresh_from_db()
    assert participant.is_present and participant.checked_in_at
    assert client.post(url, {"hadir": "0"}).status_code == 302
    participant.refresh_from_db()
    assert not participant.is_present


def test_xlsx_import_adds_new_people_and_checks_in_known_ones(personas, gov, session, participant, unit):
    upload = _xlsx(
        [
            ["Nama", "NIP", "Jabatan", "Perangkat Daerah", "Hadir"],
            ["Rina Penyusun", "19900101 201503 2 001", "", unit.short_name, "Ya"],
            ["Andi Operator", "", "Pranata Komputer", unit.short_name, "ya"],
            ["Budi Tamu", None, "", "Kota Tetangga", "Tidak"],
            [None, None, None, None, None],
        ]
    )
    response = client_for(personas["admin"]).post(
        f"/g/{gov.slug}/klinik/sesi/{session.uuid}/peserta/impor/", {"file": upload}
    )
    assert response.status_code == 302
    people = {p.name: p for p in Participant.objects.filter(session=session)}
    assert set(people) == {"Rina Penyusun", "Andi Operator", "Budi Tamu"}
    assert people["Rina Penyusun"].is_present and people["Andi Operator"].is_present
    assert not people["Budi Tamu"].is_present
    assert people["Andi Operator"].unit == unit


def test_xlsx_import_with_a_bad_row_changes_nothing_and_names_the_row(personas, gov, session):
    upload = _xlsx([["Nama", "NIP"], ["Andi", "123"], ["", "199001012015032001"]])
    response = client_for(personas["admin"]).post(
        f"/g/{gov.slug}/klinik/sesi/{session.uuid}/peserta/impor/", {"file": upload}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Baris 2: NIP" in html and "Baris 3: kolom Nama kosong." in html
    assert not Participant.objects.exists()


def test_broken_xlsx_gives_a_clear_message_not_a_500(personas, gov, session):
    upload = SimpleUploadedFile("hadir.xlsx", b"bukan berkas excel", content_type=XLSX)
    response = client_for(personas["admin"]).post(
        f"/g/{gov.slug}/klinik/sesi/{session.uuid}/peserta/impor/", {"file": upload}
    )
    assert response.status_code == 400
    assert "bukan XLSX" in response.content.decode()


def test_a_participant_list_far_too_long_or_a_zip_bomb_is_refused_whole(personas, gov, session):
    import io
    import zipfile

    from openpyxl import Workbook

    from petajalan.clinic.services import MAX_PARTICIPANT_ROWS

    wb = Workbook()
    wb.active.append(["Nama", "NIP"])
    for n in range(MAX_PARTICIPANT_ROWS + 5):
        wb.active.append([f"Peserta {n}", ""])
    long_file = io.BytesIO()
    wb.save(long_file)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 60_000_000)  # over the 50 MB limit
    client = client_for(personas["admin"])
    url = f"/g/{gov.slug}/klinik/sesi/{session.uuid}/peserta/impor/"
    for name, data, message in [
        ("panjang.xlsx", long_file.getvalue(), "Lebih dari"),
        ("bom.xlsx", bomb.getvalue(), "terlalu besar"),
    ]:
        upload = SimpleUploadedFile(name, data, content_type=XLSX)
        response = client.post(url, {"file": upload})
        assert response.status_code == 400, name
        assert message in response.content.decode(), name
    assert not Participant.objects.exists()


def test_material_goes_to_the_evidence_bank_linked_to_the_session(personas, gov, session, evidence_dir):
    client = client_for(personas["admin"])
    content = pdf_bytes("Materi Inspektorat: rantai masalah ke indikator")
    upload = SimpleUploadedFile("materi-coach.pdf", content, content_type="application/pdf")
    response = client.post(
        f"/g/{gov.slug}/klinik/sesi/{session.uuid}/materi/", {"title": "Materi Inspektorat", "file": upload}
    )
    assert response.status_code == 302
    material = session.materials.select_related("item").get()
    assert material.item is not None and material.item.unit is None
    assert Link.objects.filter(
        item=material.item, target_kind="clinic_session", target_id=str(session.pk)
    ).exists()
    download = client_for(personas["drafter"]).get(
        f"/g/{gov.slug}/klinik/sesi/{session.uuid}/materi/{material.uuid}/", follow=True
    )
    assert download.status_code == 200
    assert download.getvalue() == content
    # the same file for another session is linked, not stored again
    again = SimpleUploadedFile("salinan.pdf", content, content_type="application/pdf")
    client.post(f"/g/{gov.slug}/klinik/sesi/{session.uuid}/materi/", {"title": "Salinan", "file": again})
    assert Item.objects.count() == 1
    bad = SimpleUploadedFile("skrip.pdf", b"MZ\x90\x00" + bytes(100), content_type="application/pdf")
    response = client.post(f"/g/{gov.slug}/klinik/sesi/{session.uuid}/materi/", {"title": "X", "file": bad})
    assert response.status_code == 400 and "Berkas" in response.content.decode()
    assert session.materials.count() == 2


def test_a_material_uploaded_before_the_bank_still_downloads(personas, gov, session, material):
    download = client_for(personas["drafter"]).get(
        f"/g/{gov.slug}/klinik/sesi/{session.uuid}/materi/{material.uuid}/"
    )
    assert download.getvalue() == b"%PDF-1.4 uji"


def test_consultation_follow_up_shows_on_the_units_home_until_done(personas, gov, session, unit):
    reviewer = client_for(personas["reviewer"])
    response = reviewer.post(
        f"/g/{gov.slug}/klinik/sesi/{session.uuid}/konsultasi/",
        {
            "unit": unit.pk,
            "notes": "Output masih berupa laporan; perlu indikator hasil.",
            "fu1_description": "Ganti indikator laporan dengan indikator hasil",
            "fu1_owner": "Kasubag Program",
            "fu1_due_on": "2026-07-01",
        },
    )
    assert response.status_code == 302
    item = FollowUp.objects.get()
    assert item.unit == unit and item.due_on == dt.date(2026, 7, 1)
    drafter = client_for(personas["drafter"])
    home = drafter.get(f"/g/{gov.slug}/").content.decode()
    assert "Ganti indikator laporan dengan indikator hasil" in home and "1 Juli 2026" in home
    other_home = client_for(personas["leader"]).get(f"/g/{gov.slug}/").content.decode()
    assert "Ganti indikator laporan" not in other_home
    drafter.post(f"/g/{gov.slug}/klinik/tindak-lanjut/{item.uuid}/selesai/")
    assert (
        "Ganti indikator laporan dengan indikator hasil"
        not in drafter.get(f"/g/{gov.slug}/").content.decode()
    )


def test_follow_up_row_without_owner_is_refused(personas, gov, session, unit):
    response = client_for(personas["admin"]).post(
        f"/g/{gov.slug}/klinik/sesi/{session.uuid}/konsultasi/",
        {"unit": unit.pk, "notes": "Catatan", "fu1_description": "Perbaiki", "fu1_due_on": "2026-07-01"},
    )
    assert response.status_code == 400 and "Siapa penanggung jawabnya?" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_reviewer_cannot_write_notes_for_a_unit_they_do_not_coach(personas, gov, session, other_unit):
    response = client_for(personas["reviewer"]).post(
        f"/g/{gov.slug}/klinik/sesi/{session.uuid}/konsultasi/", {"unit": other_unit.pk, "notes": "Catatan"}
    )
    assert response.status_code == 400
    assert not session.consultations.exists()


def test_attendance_xlsx_and_report_docx_open_with_their_libraries(
    personas, gov, session, participant, follow_up
):
    client = client_for(personas["admin"])
    participant.is_present = True
    participant.save()
    response = client.get(f"/g/{gov.slug}/klinik/sesi/{session.uuid}/daftar-hadir.xlsx")
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == session.title
    assert rows[4][1:6] == ("Rina Penyusun", "199001012015032001", None, "Dinkes", "Ya")
    response = client.get(f"/g/{gov.slug}/klinik/sesi/{session.uuid}/laporan.docx")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Laporan Pelaksanaan Coaching Clinic" in text and "Dinas Kesehatan" in text
    assert "7 Juni 2026" in cells and "1 dari 1 orang" in cells
    assert "Perbaiki indikator rencana aksi" in cells and "Kasubag Program" in cells


def test_session_list_counts_attendance(personas, gov, session, participant):
    html = client_for(personas["leader"]).get(f"/g/{gov.slug}/klinik/").content.decode()
    assert session.title in html and "7 Juni 2026" in html


def test_session_page_with_85_participants_runs_constant_queries(
    personas, gov, session, unit, admin, django_assert_max_num_queries
):
    from petajalan.clinic import services

    client = client_for(personas["admin"])
    url = f"/g/{gov.slug}/klinik/sesi/{session.uuid}/"
    for n in range(5):
        services.add_participant(actor=admin, session=session, name=f"Peserta {n}", unit=unit)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    baseline = len(small)
    for n in range(80):
        services.add_participant(actor=admin, session=session, name=f"Peserta lain {n}", unit=unit)
    for n in range(4):
        services.record_consultation(
            actor=admin,
            session=session,
            unit=unit,
            notes=f"Catatan {n}",
            follow_ups=[{"description": "Perbaiki", "owner": "Program", "due_on": dt.date(2026, 7, 1)}],
        )
    with django_assert_max_num_queries(baseline + 2):  # + the consultations and their follow-ups
        response = client.get(url)
    assert response.content.decode().count('id="peserta-') == 85


def test_demo_clinic_builds_once_for_the_demo_city(db):
    from petajalan.accounts.demo import build_demo_governments
    from petajalan.clinic.demo import build_demo_clinic

    build_demo_governments("kata-sandi-demo-123")
    (session,) = build_demo_clinic("kata-sandi-demo-123")
    assert session.participants.count() == 85
    assert 0 < session.participants.filter(is_present=True).count() < 85
    assert session.consultations.get().follow_ups.count() == 2
    assert build_demo_clinic("kata-sandi-demo-123") == []


def test_materials_from_before_the_bank_move_into_it_once(personas, gov, session, media, evidence_dir):
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile

    from petajalan.clinic.models import Material

    move = importlib.import_module("petajalan.clinic.migrations.0004_materials_into_the_bank").move_materials
    content = pdf_bytes("Materi lama sebelum bank data dukung")
    old = Material(government=gov, session=session, title="Materi lama")
    old.file.save("materi-lama.pdf", ContentFile(content), save=True)
    refused = Material(government=gov, session=session, title="Arsip ZIP")
    refused.file.save("arsip.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=True)
    move(apps, None)
    move(apps, None)  # a second run changes nothing
    old.refresh_from_db()
    refused.refresh_from_db()
    assert old.item is not None and old.item.current is not None
    assert (
        Link.objects.filter(item=old.item, target_kind="clinic_session", target_id=str(session.pk)).count()
        == 1
    )
    assert Item.objects.count() == 1
    assert refused.item is None  # the bank refuses a ZIP: it stays a plain material
    download = client_for(personas["drafter"]).get(
        f"/g/{gov.slug}/klinik/sesi/{session.uuid}/materi/{old.uuid}/", follow=True
    )
    assert download.getvalue() == content
