"""Browser journey: from the road map to its documents, download the Excel, upload an edited copy,
read the preview and confirm it; a bad file shows its problems (drafter)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from petajalan.roadmaps.services import to_plain
from petajalan.testing.browser import log_in, shot
from petajalan.testing.factories import PASSWORD


@pytest.mark.browser
def test_download_edit_upload_preview_confirm(page, live_server, drafter, roadmap, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log_in(page, live_server, drafter.email, PASSWORD)
    page.goto(f"{live_server.url}/g/{roadmap.government.slug}/roadmap/{roadmap.uuid}/")
    page.get_by_role("link", name="Buka dokumen").click()
    page.get_by_role("heading", name="Unduh dokumen").wait_for()
    shot(page, "reports-documents")
    with page.expect_download() as download:
        page.get_by_role("row", name="Excel (XLSX) Matriks").get_by_role("link", name="Unduh").click()
    path = tmp_path / "rencana.xlsx"
    download.value.save_as(path)
    wb = load_workbook(path)
    ws = wb[wb.sheetnames[3]]
    ws.cell(4, 5).value = "Kegiatan diperbarui lewat Excel"
    wb.save(path)

    page.get_by_role("link", name="Unggah berkas Excel").click()
    page.get_by_label("Berkas Excel (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Periksa berkas").click()
    page.get_by_text("Berkas terbaca tanpa masalah").wait_for()
    shot(page, "reports-import-preview")
    page.get_by_role("button", name="Setujui dan simpan semua").click()
    page.get_by_text("Impor diterapkan").wait_for()
    assert "Kegiatan diperbarui lewat Excel" in {a.activity for a in to_plain(roadmap).actions}

    page.goto(f"{live_server.url}/g/{roadmap.government.slug}/dokumen/{roadmap.uuid}/impor/")
    bad = tmp_path / "salah.xlsx"
    wb = load_workbook(io.BytesIO(path.read_bytes()))
    ws = wb[wb.sheetnames[3]]
    ws.cell(4, 12).value = "banyak sekali"
    ws.merge_cells("F5:G5")
    wb.save(bad)
    page.get_by_label("Berkas Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Periksa berkas").click()
    page.get_by_text("Ada 2 masalah dalam berkas").wait_for()
    assert page.get_by_role("cell", name="Nilai Dasar").count() == 1
    shot(page, "reports-import-problems")
    assert page.get_by_role("button", name="Setujui dan simpan semua").count() == 0
