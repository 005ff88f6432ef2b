"""The document page, downloads, jobs with progress, and the upload → preview → apply import."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from petajalan.accounts.models import AuditEvent
from petajalan.reports import services
from petajalan.reports.models import ReportJob
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.plain import PlainRoadmap
from petajalan.roadmaps.services import to_plain
from petajalan.testing.fixtures import client_for


def _rm(result: Any) -> PlainRoadmap:
    """The parsed road map of a result that must have one."""
    assert result.roadmap is not None, result.problems
    roadmap: PlainRoadmap = result.roadmap
    return roadmap


pytestmark = pytest.mark.django_db


def _url(roadmap: Roadmap, tail: str = "") -> str:
    return f"/g/{roadmap.government.slug}/dokumen/{roadmap.uuid}/{tail}"


def _edited_export(client: Any, roadmap: Roadmap, change: Any) -> bytes:
    data = client.get(_url(roadmap, "unduh/xlsx/")).content
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_document_page_lists_downloads_and_import(drafter: Any, roadmap: Roadmap) -> None:
    response = client_for(drafter).get(_url(roadmap))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unduh dokumen" in html and "Unggah berkas Excel" in html
    assert "Tersedia setelah road map ditetapkan." in html


def test_print_options_show_the_enacted_number_an_empty_field_prints(drafter: Any, roadmap: Roadmap) -> None:
    html = client_for(drafter).get(_url(roadmap)).content.decode()
    assert "Kosongkan bila belum ada nomor." in html and 'placeholder="' not in html
    Roadmap.objects.filter(pk=roadmap.pk).update(
        status=Roadmap.Status.ENACTED, enactment_number="19", enacted_on=dt.date(2025, 6, 30)
    )
    html = client_for(drafter).get(_url(roadmap)).content.decode()
    assert "nomor penetapan road map ini: Nomor 19 Tahun 2025." in html
    assert 'placeholder="19"' in html and 'placeholder="2025"' in html


def test_downloads_open_with_their_libraries(drafter: Any, roadmap: Roadmap) -> None:
    client = client_for(drafter)
    docx = client.get(_url(roadmap, "unduh/docx/"))
    assert docx["Content-Disposition"] == 'attachment; filename="road-map-dinkes-2025.docx"'
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "ROAD MAP RB DINAS KESEHATAN 2025-2029" in text
    pdf = client.get(_url(roadmap, "unduh/pdf/?product=annex&paper=A4&head_name=Wali+Fiktif"))
    reader = PdfReader(io.BytesIO(pdf.content))
    assert "LAMPIRAN" in reader.pages[0].extract_text()
    assert "WALI FIKTIF" in reader.pages[-1].extract_text()
    xlsx = load_workbook(io.BytesIO(client.get(_url(roadmap, "unduh/xlsx/")).content))
    assert "Quick Wins" in xlsx.sheetnames
    template = load_workbook(io.BytesIO(client.get(_url(roadmap, "unduh/template/")).content))
    assert template["Quick Wins"].max_row == 3


def test_the_foreword_typed_on_the_page_goes_into_the_booklet(drafter: Any, roadmap: Roadmap) -> None:
    client = client_for(drafter)
    page = client.get(_url(roadmap)).content.decode()
    assert 'name="foreword"' in page and "Kata pengantar" in page
    docx = client.get(_url(roadmap, "unduh/docx/?foreword=Kata+pengantar+dari+kantor+kami."))
    texts = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert texts[texts.index("KATA PENGANTAR") + 1] == "Kata pengantar dari kantor kami."
    # too long for a link: the page says so instead of printing
    too_long = client.get(_url(roadmap, "unduh/docx/?foreword=" + "a" * 3001))
    assert too_long.status_code == 302


def test_open_data_only_for_an_enacted_roadmap(drafter: Any, roadmap: Roadmap) -> None:
    client = client_for(drafter)
    assert client.get(_url(roadmap, "unduh/csv/")).status_code == 403
    Roadmap.objects.filter(pk=roadmap.pk).update(status=Roadmap.Status.ENACTED)
    csv_response = client.get(_url(roadmap, "unduh/csv/"))
    assert csv_response.status_code == 200 and csv_response.content.decode().count("\n") == 4
    assert client.get(_url(roadmap, "unduh/json/")).json()["roadmap"]["title"] == roadmap.title
    assert client.get(_url(roadmap, "unduh/exe/")).status_code == 404


def test_a_big_roadmap_is_prepared_as_a_job_with_progress(
    drafter: Any, roadmap: Roadmap, monkeypatch: Any
) -> None:
    monkeypatch.setattr(services, "INLINE_MAX_ACTIONS", 2)
    client = client_for(drafter)
    inline = client.get(_url(roadmap, "unduh/pdf/"))
    assert inline.status_code == 302 and inline["Location"] == _url(roadmap)
    assert "Siapkan" in client.get(_url(roadmap)).content.decode()
    response = client.post(_url(roadmap, "siapkan/pdf/"), {"paper": "A4"})
    job = ReportJob.objects.get()
    assert response["Location"] == _url(roadmap, f"tugas/{job.uuid}/")
    assert job.status == ReportJob.Status.DONE and job.progress == 100  # ImmediateBackend in tests
    page = client.get(_url(roadmap, f"tugas/{job.uuid}/"))
    assert "road-map-dinkes-2025.pdf" in page.content.decode()
    fragment = client.get(_url(roadmap, f"tugas/{job.uuid}/"), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="job-progress"') and "<html" not in fragment
    assert "hx-trigger" not in fragment  # finished: the polling stops
    pdf = client.get(_url(roadmap, f"tugas/{job.uuid}/unduh/"))
    assert round(float(PdfReader(io.BytesIO(pdf.content)).pages[0].mediabox.width) * 25.4 / 72) == 210


def test_a_running_job_polls(drafter: Any, roadmap: Roadmap) -> None:
    job = ReportJob.objects.create(
        government=roadmap.government, roadmap=roadmap, kind=ReportJob.Kind.EXPORT, format="pdf", progress=30
    )
    fragment = client_for(drafter).get(_url(roadmap, f"tugas/{job.uuid}/"), HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="30"' in html
    assert client_for(drafter).get(_url(roadmap, f"tugas/{job.uuid}/unduh/")).status_code == 404


def test_upload_preview_confirm_applies_all_changes(drafter: Any, roadmap: Roadmap) -> None:
    client = client_for(drafter)
    first = to_plain(roadmap).actions[0]

    def change(wb: Any) -> None:
        found = 0
        for ws in wb.worksheets:  # the row's sheet is its focus node's, wherever it stands
            for row in ws.iter_rows(min_row=4):
                if len(row) > 4 and row[1].value == first.uid:
                    row[4].value = "Kegiatan yang diperbaiki"
                    found += 1
        assert found == 1

    data = _edited_export(client, roadmap, change)
    response = client.post(_url(roadmap, "impor/"), {"file": io.BytesIO(data)}, format="multipart")
    job = ReportJob.objects.get(kind=ReportJob.Kind.IMPORT)
    assert response["Location"] == _url(roadmap, f"tugas/{job.uuid}/")
    assert job.problems == [] and job.changes["actions"]["changed"] == [first.uid]
    assert job.upload is None
    preview = client.get(_url(roadmap, f"tugas/{job.uuid}/")).content.decode()
    assert "Setujui dan simpan semua" in preview
    assert to_plain(roadmap).actions[0].activity == first.activity  # nothing written before confirming
    applied = client.post(_url(roadmap, f"tugas/{job.uuid}/terapkan/"))
    assert applied["Location"] == f"/g/{roadmap.government.slug}/roadmap/{roadmap.uuid}/"
    activities = {a.uid: a.activity for a in to_plain(roadmap).actions}
    assert activities[first.uid] == "Kegiatan yang diperbaiki"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 1
    again = client.post(_url(roadmap, f"tugas/{job.uuid}/terapkan/"))
    assert (
        again.status_code == 302 and AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 1
    )


def test_a_bad_file_is_previewed_with_every_problem_and_cannot_be_applied(
    drafter: Any, roadmap: Roadmap
) -> None:
    client = client_for(drafter)
    before = to_plain(roadmap)
    client.post(_url(roadmap, "impor/"), {"file": io.BytesIO(b"bukan excel")}, format="multipart")
    job = ReportJob.objects.get(kind=ReportJob.Kind.IMPORT)
    page = client.get(_url(roadmap, f"tugas/{job.uuid}/")).content.decode()
    assert "Ada 1 masalah dalam berkas" in page and "bukan lembar kerja Excel" in page
    assert "Setujui" not in page
    client.post(_url(roadmap, f"tugas/{job.uuid}/terapkan/"))
    assert to_plain(roadmap) == before


def test_an_import_checked_before_someone_else_changed_the_roadmap_is_refused(
    drafter: Any, roadmap: Roadmap
) -> None:
    client = client_for(drafter)
    data = client.get(_url(roadmap, "unduh/xlsx/")).content
    client.post(_url(roadmap, "impor/"), {"file": io.BytesIO(data)}, format="multipart")
    job = ReportJob.objects.get(kind=ReportJob.Kind.IMPORT)
    Roadmap.objects.filter(pk=roadmap.pk).update(version=roadmap.version + 1)
    response = client.post(_url(roadmap, f"tugas/{job.uuid}/terapkan/"), follow=True)
    assert "sudah diubah orang lain" in response.content.decode()


def test_upload_form_shows_errors_without_a_file(drafter: Any, roadmap: Roadmap) -> None:
    response = client_for(drafter).post(_url(roadmap, "impor/"), {})
    assert response.status_code == 400 and "field-error" in response.content.decode()


def test_a_stored_roadmap_round_trips_through_its_export(roadmap: Roadmap) -> None:
    from petajalan.roadmaps.plain import canonical_json

    result = services.read_import(roadmap, services.export_roadmap(roadmap, "xlsx").content)
    assert result.ok
    assert canonical_json(_rm(result)) == canonical_json(to_plain(roadmap))


def test_document_page_and_xlsx_download_run_a_constant_number_of_queries(
    drafter: Any, roadmap: Roadmap, django_assert_max_num_queries: Any
) -> None:
    from petajalan.roadmaps.tests.factories import make_action

    for _n in range(40):
        make_action(roadmap)
    for _n in range(12):
        services.start_export(actor=drafter, roadmap=roadmap, fmt="xlsx")
    client = client_for(drafter)
    with django_assert_max_num_queries(25):
        assert client.get(_url(roadmap)).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(_url(roadmap, "unduh/xlsx/")).status_code == 200


def test_the_unit_head_signs_the_approval_sheet_when_none_is_stored(drafter: Any, roadmap: Roadmap) -> None:
    unit = roadmap.unit
    assert unit is not None
    unit.head_name, unit.head_nip = "dr. Fiktif Sehat, M.Kes.", "196009101980031003"
    unit.head_position, unit.head_rank = "Kepala Dinas Kesehatan Kota Uji", "Pembina Utama Muda"
    unit.save()
    docx = client_for(drafter).get(_url(roadmap, "unduh/docx/")).content
    document = Document(io.BytesIO(docx))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "KEPALA DINAS KESEHATAN KOTA UJI," in text
    assert "dr. Fiktif Sehat, M.Kes." in text and "NIP. 19600910 198003 1 003" in text


@pytest.mark.django_db(transaction=True)
def test_on_the_database_backend_the_worker_finishes_the_job(
    drafter: Any, roadmap: Roadmap, settings: Any
) -> None:
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = services.start_export(actor=drafter, roadmap=roadmap, fmt="docx")
    assert job.status == ReportJob.Status.QUEUED and job.progress == 0
    polled = client_for(drafter).get(_url(roadmap, f"tugas/{job.uuid}/"), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in polled.content.decode()
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.progress == 100
    assert job.result is not None
    assert Document(io.BytesIO(bytes(job.result))).paragraphs
