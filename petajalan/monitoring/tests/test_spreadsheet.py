"""The realisation workbook out and back in (every bad-spreadsheet class of the road-map import, the
preview, all or nothing, locks) and the national portal's 35-column RB Tematik layout."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from petajalan.accounts.models import AuditEvent
from petajalan.monitoring import documents, services, spreadsheet
from petajalan.monitoring.models import Period, QuarterReport, Realisation
from petajalan.monitoring.tests.conftest import open_period
from petajalan.reports import monitoring_xlsx
from petajalan.reports.xlsx_export import export_xlsx
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.services import to_plain
from petajalan.roadmaps.tests.factories import make_action, make_roadmap
from petajalan.testing.fixtures import client_for

D = Decimal
S = QuarterReport.Status
# the unit workbook's columns: A No, B ID, C Fokus, D Kegiatan, … J Realisasi, K Realisasi Anggaran,
# L Uraian Kemajuan, M Faktor Pendukung, N Faktor Penghambat, O Tindak Lanjut
VALUE, BUDGET, NOTE, SUPPORT, BLOCK, FOLLOW = "J", "K", "L", "M", "N", "O"
# the keys the national portal's importer requires in row 1, in this order (domain brief §5a)
PORTAL_KEYS = [
    "tema",
    "sasaran",
    "indikator_roadmap",
    "target",
    "satuan_target",
    "realisasi",
    "capaian",
    "catatan",
    "permasalahan",
    "sasaran_permasalahan",
    "indikator_permasalahan",
    "target_indikator_permasalahan",
    "satuan_target_indikator_permasalahan",
    "realisasi_indikator_permasalahan",
    "capaian_indikator_permasalahan",
    "catatan_indikator_permasalahan",
    "rencana_aksi",
    "indikator_output",
    "satuan_output",
    "target_tw1",
    "target_tw2",
    "target_tw3",
    "target_tw4",
    "target_total",
    "anggaran",
    "fokus_intervensi",
    "koordinator",
    "pelaksana",
    "realisasi_tw1",
    "realisasi_tw2",
    "realisasi_tw3",
    "realisasi_tw4",
    "realisasi_total",
    "realisasi_anggaran",
    "catatan_monev",
]


def workbook(report):  # type: ignore[no-untyped-def]
    """The report's workbook as downloaded, opened for editing."""
    return load_workbook(io.BytesIO(documents.export_report(report, "xlsx").content))


def line_of(ws, activity: str) -> int:  # type: ignore[no-untyped-def]
    return next(c.row for c in ws["D"] if c.value == activity)


def save(wb) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def check(report, content: bytes) -> spreadsheet.ImportCheck:  # type: ignore[no-untyped-def]
    return spreadsheet.check_import(report, documents.engine().read_workbook(content))


def messages(result: spreadsheet.ImportCheck) -> list[str]:
    return [str(p) for p in result.problems]


# The workbook out ----------------------------------------------------------------------------------


def test_workbook_has_one_row_per_action_due_with_targets_and_cells_to_fill(report, rows) -> None:  # type: ignore[no-untyped-def]
    wb = workbook(report)
    assert wb.sheetnames == ["Petunjuk", "Info", "Realisasi"]
    ws = wb["Realisasi"]
    assert ws["A1"].value == "Realisasi Rencana Aksi Triwulan I Tahun 2025 – Dinas Kesehatan"
    headers = [c.value for c in ws[2]]
    assert headers == [c.header for c in spreadsheet.columns()]
    assert [c.value for c in ws[3]] == list(range(1, 16))
    data = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert len(data) == len(rows) == 3
    keys = {str(r.action.uid) for r in rows}
    assert {r[1] for r in data} == keys  # the hidden key column
    first = data[line_of(ws, "Rencana aksi 1") - 4]
    assert first[5:9] == ["%", "Naik", 10, 25000000]
    assert first[9:] == [None] * 6
    # the key column is hidden; the plan's columns are grey and locked; the cells to fill are open
    assert ws.column_dimensions["B"].hidden
    assert ws.protection.sheet
    row = line_of(ws, "Rencana aksi 1")
    assert ws[f"H{row}"].protection.locked and ws[f"H{row}"].fill.fgColor.rgb == "00EDEDED"
    for column in (VALUE, BUDGET, NOTE, SUPPORT, BLOCK, FOLLOW):
        assert not ws[f"{column}{row}"].protection.locked
    assert ws[f"H{row}"].number_format == '#,##0"%"'
    assert ws[f"I{row}"].number_format == '"Rp"#,##0'
    assert ws.freeze_panes == "E4"
    info = {r[0].value: r[1].value for r in wb["Info"].iter_rows()}
    assert info["Format"] == "Petajalan pemantauan 1"
    assert (info["Tahun"], info["Triwulan"], info["Kode Pemerintah Daerah"]) == (2025, 1, "kota-uji")


def test_city_workbook_names_the_unit_of_each_row(gov) -> None:  # type: ignore[no-untyped-def]
    from petajalan.monitoring.tests.city_data import seed_city

    seed_city(gov, units=2, actions=4, quarters=[(2026, 1)])
    wb = load_workbook(io.BytesIO(documents.export_city(gov, 2026, 1, "xlsx").content))
    ws = wb["Realisasi"]
    assert [c.value for c in ws[2]][:5] == ["No", "ID", "Fokus", "Perangkat Daerah", "Kegiatan"]
    assert ws.max_row == 3 + 2 * 4 + 3
    assert {ws[f"D{r}"].value for r in range(4, ws.max_row + 1)} == {"Dinas 1", "Dinas 2", "Kota Uji"}


# Back in: the round trip -------------------------------------------------------------------------


def test_round_trip_previews_then_writes_every_change_through_the_service(report, rows, drafter) -> None:  # type: ignore[no-untyped-def]
    wb = workbook(report)
    ws = wb["Realisasi"]
    one, two = line_of(ws, "Rencana aksi 1"), line_of(ws, "Rencana aksi 2")
    ws[f"{VALUE}{one}"] = "8,5"
    ws[f"{BUDGET}{one}"] = "Rp 1.250.000"
    ws[f"{NOTE}{one}"] = "Sosialisasi di 10 puskesmas"
    ws[f"{VALUE}{two}"] = 12
    ws[f"{BLOCK}{two}"] = "Jaringan belum stabil"
    result = check(report, save(wb))
    assert result.ok, messages(result)
    assert result.rows == 3
    by_activity = {c.activity: c.fields for c in result.changes}
    assert by_activity["Rencana aksi 1"] == [
        ("Realisasi", "—", "8,5"),
        ("Realisasi Anggaran (Rp)", "—", "Rp1.250.000"),
        ("Uraian Kemajuan", "—", "Sosialisasi di 10 puskesmas"),
    ]
    assert set(by_activity) == {"Rencana aksi 1", "Rencana aksi 2"}  # the untouched row is not a change
    assert Realisation.objects.filter(report=report, value__isnull=False).count() == 0  # nothing yet
    before = AuditEvent.objects.count()
    assert spreadsheet.apply_import(actor=drafter, report=report, batch=result.batch) == 2
    first = Realisation.objects.get(report=report, action__activity="Rencana aksi 1")
    assert (first.value, first.budget_spent, first.achievement) == (D("8.5"), D(1250000), D("85.00"))
    assert first.updated_by == drafter and first.version == 2
    assert AuditEvent.objects.count() == before + 2
    # the same file again changes nothing
    again = check(report, save(wb))
    assert again.ok and again.changes == []


def test_a_column_missing_from_the_file_keeps_the_stored_values(report, rows, drafter) -> None:  # type: ignore[no-untyped-def]
    row = rows[0]
    services.save_realisation(
        actor=drafter, row=row, data={"progress_note": "tersimpan"}, version=row.version
    )
    wb = workbook(report)
    ws = wb["Realisasi"]
    ws.delete_cols(12)  # Uraian Kemajuan
    ws[f"{VALUE}{line_of(ws, row.action.activity)}"] = 7
    result = check(report, save(wb))
    assert result.ok, messages(result)
    spreadsheet.apply_import(actor=drafter, report=report, batch=result.batch)
    row.refresh_from_db()
    assert (row.value, row.progress_note) == (D(7), "tersimpan")


def test_import_is_all_or_nothing(report, rows, drafter, unit_head) -> None:  # type: ignore[no-untyped-def]
    wb = workbook(report)
    ws = wb["Realisasi"]
    for n in range(4, 7):
        ws[f"{VALUE}{n}"] = 9
    result = check(report, save(wb))
    assert result.ok and len(result.batch) == 3
    # someone saves the last row between the check and the confirmation
    last = Realisation.objects.get(pk=result.batch[-1]["id"])
    services.save_realisation(actor=unit_head, row=last, data={"value": D(3)}, version=last.version)
    with pytest.raises(spreadsheet.ImportRefused, match="diubah orang lain"):
        spreadsheet.apply_import(actor=drafter, report=report, batch=result.batch)
    values = set(Realisation.objects.filter(report=report).values_list("value", flat=True))
    assert values == {None, D(3)}  # the first two rows were rolled back


def test_a_locked_quarter_refuses_the_import(report, rows, drafter, period) -> None:  # type: ignore[no-untyped-def]
    wb = workbook(report)
    wb["Realisasi"][f"{VALUE}4"] = 9
    result = check(report, save(wb))
    assert result.ok
    late = dt.datetime.combine(period.locks_on, dt.time(9), tzinfo=dt.UTC)
    with time_machine.travel(late):
        assert "sudah dikunci" in spreadsheet.refusal(report)
        with pytest.raises(spreadsheet.ImportRefused, match="sudah dikunci"):
            spreadsheet.apply_import(actor=drafter, report=report, batch=result.batch)
    assert not Realisation.objects.filter(report=report, value__isnull=False).exists()


def test_a_submitted_report_refuses_the_import(report, rows, drafter, unit_head) -> None:  # type: ignore[no-untyped-def]
    for row in rows:
        services.save_realisation(actor=drafter, row=row, data={"value": D(5)}, version=row.version)
    services.submit_report(actor=unit_head, report=report)
    report.refresh_from_db()
    assert "Diajukan" in spreadsheet.refusal(report)


# Back in: every bad spreadsheet gets a clear message with sheet, row and column ------------------


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"No;Kegiatan;Realisasi\n1;SOP;8\n", "bukan lembar kerja Excel (.xlsx)"),
        (b"%PDF-1.7\n%\xe2\xe3", "Berkas ini PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "format Excel lama (.xls)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), "dilindungi kata sandi"),
        (b"PK\x03\x04 rusak", "rusak"),
        (b"", "Berkas kosong"),
    ],
    ids=["text", "pdf", "xls", "password", "corrupt", "empty"],
)
def test_not_an_xlsx(report, content, expected) -> None:  # type: ignore[no-untyped-def]
    assert any(expected in m for m in messages(check(report, content)))


def test_an_ods_and_a_zip_bomb_are_refused(report) -> None:  # type: ignore[no-untyped-def]
    ods = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
    assert "OpenDocument (.ods)" in messages(check(report, ods))[0]
    bomb = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>", "xl/big.xml": b"0" * 3_000_000})
    assert "bom zip" in messages(check(report, bomb))[0]


def test_a_file_over_the_size_limit_is_refused(report) -> None:  # type: ignore[no-untyped-def]
    assert "lebih besar dari 20 MB" in messages(check(report, b"PK\x03\x04" + b"0" * (21 * 2**20)))[0]


def test_wrong_sheet(report) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    wb.active.title = "Data"
    wb.active["A1"] = "Rekap"
    wb.active["B3"] = 12
    found = messages(check(report, save(wb)))
    assert found == [
        "Data: Lembar ini tidak dikenali (tidak ada baris judul kolom realisasi); isinya tidak dibaca. "
        "Pakai lembar “Realisasi” dari berkas unduhan.",
        "Lembar “Realisasi” tidak ditemukan. Unggah berkas Excel yang diunduh dari halaman laporan "
        "triwulan ini.",
    ]


def test_a_road_map_workbook_is_not_a_realisation_workbook(report, enacted_roadmap) -> None:  # type: ignore[no-untyped-def]
    content = export_xlsx(to_plain(enacted_roadmap))
    found = messages(check(report, content))
    assert len(found) == 1
    assert found[0].startswith("Info, kolom Format: Berkas ini “Petajalan road map 1”, bukan lembar kerja")


def test_missing_key_column(report) -> None:  # type: ignore[no-untyped-def]
    wb = workbook(report)
    wb["Realisasi"].delete_cols(2)
    found = messages(check(report, save(wb)))
    assert found == [
        "Realisasi, baris 2, kolom ID: Kolom kunci “ID” tidak ada, jadi baris tidak dapat dicocokkan. "
        "Kolom itu tersembunyi di berkas unduhan: unduh berkasnya lagi dan jangan hapus kolom itu."
    ]


def test_unknown_row_key(report) -> None:  # type: ignore[no-untyped-def]
    wb = workbook(report)
    wb["Realisasi"]["B5"] = "bukan-id"
    assert messages(check(report, save(wb))) == [
        "Realisasi, baris 5, kolom ID: ID “bukan-id” tidak dikenal di laporan ini. Jangan mengubah kolom ID."
    ]


def test_a_row_of_another_road_map(report, gov, other_unit) -> None:  # type: ignore[no-untyped-def]
    other = make_roadmap(gov, other_unit, status=Roadmap.Status.ENACTED, title="Road Map RB Disdik")
    stranger = make_action(other, activity="Kegiatan Disdik")
    wb = workbook(report)
    wb["Realisasi"]["B4"] = str(stranger.uid)
    assert messages(check(report, save(wb))) == [
        "Realisasi, baris 4, kolom ID: Baris ini milik road map lain (Road Map RB Disdik, Disdik), bukan "
        "laporan ini."
    ]


def test_a_row_without_id_and_a_repeated_id(report) -> None:  # type: ignore[no-untyped-def]
    wb = workbook(report)
    ws = wb["Realisasi"]
    ws["A7"], ws["D7"], ws[f"{VALUE}7"] = 4, "Kegiatan baru", 5
    ws["B8"], ws[f"{VALUE}8"] = ws["B4"].value, 6
    found = messages(check(report, save(wb)))
    assert found[0].startswith("Realisasi, baris 7, kolom ID: Baris ini tidak memiliki ID.")
    assert found[1] == f"Realisasi, baris 8, kolom ID: ID “{ws['B4'].value}” muncul lebih dari sekali."


@pytest.mark.parametrize(
    ("column", "typed", "expected"),
    [
        (VALUE, "sepuluh", "kolom Realisasi: “sepuluh” bukan angka. Tulis misalnya 1.250.000,50 atau 75."),
        (VALUE, "1.2.3,4,5", "kolom Realisasi: “1.2.3,4,5” bukan angka yang jelas"),
        (
            BUDGET,
            "1.25.000",
            "kolom Realisasi Anggaran (Rp): “1.25.000”: pemisah ribuan tidak pada tempatnya",
        ),
        (BUDGET, -5, "kolom Realisasi Anggaran (Rp): Realisasi anggaran tidak boleh negatif."),
        (VALUE, dt.date(2026, 1, 5), "kolom Realisasi: Isi sel ini harus angka."),
        (VALUE, "=1+1", "kolom Realisasi: Sel J4 berisi rumus; ketik nilainya saja."),
        (NOTE, "x" * 4001, "kolom Uraian Kemajuan: Isian lebih dari 4.000 karakter; persingkat."),
    ],
    ids=["text-in-number", "bad-number", "bad-thousands", "negative", "date", "formula", "too-long"],
)
def test_bad_cells(report, column, typed, expected) -> None:  # type: ignore[no-untyped-def]
    wb = workbook(report)
    wb["Realisasi"][f"{column}4"] = typed
    found = messages(check(report, save(wb)))
    assert len(found) == 1 and found[0].startswith("Realisasi, baris 4, ") and expected in found[0], found


def test_unknown_column_data_without_header_and_merged_cells(report) -> None:  # type: ignore[no-untyped-def]
    wb = workbook(report)
    ws = wb["Realisasi"]
    ws["P2"] = "Catatan Lain"
    ws["R5"] = "tercecer"
    ws.merge_cells("M6:N6")
    found = messages(check(report, save(wb)))
    assert found == [
        "Realisasi, baris 2, kolom Catatan Lain: Kolom “Catatan Lain” tidak dikenal. Hapus kolom itu atau "
        "kembalikan judulnya.",
        "Realisasi, baris 5, kolom R: Sel R5 berisi data di kolom tanpa judul yang dikenal; data itu tidak "
        "terbaca.",
        "Realisasi, baris 6: Sel M6:N6 digabung (merge). Pisahkan sel itu, lalu unggah lagi.",
    ]


def test_too_many_rows(report, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(monitoring_xlsx, "MAX_DATA_ROWS", 2)
    found = messages(check(report, save(workbook(report))))
    assert found == [
        "Realisasi, baris 6: Berkas berisi lebih dari 2 baris data; batasnya 2. Bagi menjadi beberapa berkas."
    ]


def test_a_file_of_another_quarter_unit_or_government(report) -> None:  # type: ignore[no-untyped-def]
    wb = workbook(report)
    info = wb["Info"]
    cells = {row[0].value: row[1] for row in info.iter_rows()}
    cells["Triwulan"].value = 2
    cells["Kode Perangkat Daerah"].value = "1.01.0.00.0.00.01.0000"
    cells["Kode Pemerintah Daerah"].value = "kota-lain"
    found = messages(check(report, save(wb)))
    assert found == [
        "Info, kolom Kode Pemerintah Daerah: Berkas ini milik pemerintah daerah lain (kota-lain).",
        "Info, kolom Kode Perangkat Daerah: Berkas ini milik Dinas Kesehatan (1.01.0.00.0.00.01.0000), "
        "bukan Dinas Kesehatan (1.02.0.00.0.00.01.0000).",
        "Info, kolom Triwulan: Berkas ini untuk triwulan 2, bukan 1.",
    ]


# The web: upload, preview, confirm ------------------------------------------------------------------


def _import_url(report) -> str:  # type: ignore[no-untyped-def]
    return f"/g/{report.government.slug}/pemantauan/laporan/{report.uuid}/impor/"


def _upload(client, report, content: bytes):  # type: ignore[no-untyped-def]
    upload = io.BytesIO(content)
    upload.name = "realisasi.xlsx"
    return client.post(_import_url(report), {"file": upload})


def test_upload_preview_and_confirm(report, rows, drafter) -> None:  # type: ignore[no-untyped-def]
    client = client_for(drafter)
    page = client.get(_import_url(report))
    assert page.status_code == 200 and b"Periksa berkas" in page.content
    wb = workbook(report)
    ws = wb["Realisasi"]
    ws[f"{VALUE}{line_of(ws, 'Rencana aksi 1')}"] = "9,25"
    preview = _upload(client, report, save(wb))
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Setujui dan simpan semua" in text and "9,25" in text
    assert not Realisation.objects.filter(report=report, value__isnull=False).exists()
    done = client.post(_import_url(report) + "konfirmasi/")
    assert done.status_code == 302 and done["Location"].endswith(f"/laporan/{report.uuid}/")
    assert Realisation.objects.get(report=report, action__activity="Rencana aksi 1").value == D("9.25")
    # the batch is used once
    again = client.post(_import_url(report) + "konfirmasi/")
    assert again.status_code == 302 and again["Location"].endswith("/impor/")


def test_upload_with_problems_lists_them_and_keeps_nothing(report, drafter) -> None:  # type: ignore[no-untyped-def]
    client = client_for(drafter)
    wb = workbook(report)
    wb["Realisasi"][f"{VALUE}4"] = "sepuluh"
    response = _upload(client, report, save(wb))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Ada 1 masalah dalam berkas realisasi.xlsx" in text and "“sepuluh” bukan angka" in text
    assert "monitoring-import-" + str(report.uuid) not in client.session


def lock(period) -> None:  # type: ignore[no-untyped-def]
    """The quarter's lock date passes (as on the calendar page: dates are data)."""
    today = timezone.localdate()
    Period.objects.filter(pk=period.pk).update(due_on=today - dt.timedelta(days=6), locks_on=today)


def test_upload_to_a_locked_quarter_is_refused(report, drafter, period) -> None:  # type: ignore[no-untyped-def]
    client = client_for(drafter)
    content = save(workbook(report))
    lock(period)
    page = client.get(_import_url(report))
    assert page.status_code == 200 and "sudah dikunci" in page.content.decode()
    assert b"Periksa berkas" not in page.content
    response = _upload(client, report, content)
    assert response.status_code == 409 and "sudah dikunci" in response.content.decode()


def test_confirm_after_the_quarter_locked_writes_nothing(report, rows, drafter, period) -> None:  # type: ignore[no-untyped-def]
    client = client_for(drafter)
    wb = workbook(report)
    wb["Realisasi"][f"{VALUE}4"] = 4
    assert _upload(client, report, save(wb)).status_code == 200
    lock(period)
    response = client.post(_import_url(report) + "konfirmasi/", follow=True)
    assert "sudah dikunci" in response.content.decode()
    assert not Realisation.objects.filter(report=report, value__isnull=False).exists()


# The national portal's layout -----------------------------------------------------------------------


def test_portal_header_is_the_35_columns_in_order(report) -> None:  # type: ignore[no-untyped-def]
    export = documents.export_report(report, "portal")
    assert export.filename == "portal-rb-dinkes-2025-tw1.xlsx"
    wb = load_workbook(io.BytesIO(export.content))
    ws = wb.worksheets[0]  # the only sheet the portal's importer reads
    header = [c.value for c in ws[1]]
    assert len(header) == 35
    assert [spreadsheet.portal_key(h) for h in header] == PORTAL_KEYS
    assert header[19:24] == ["Target TW1", "Target TW2", "Target TW3", "Target TW4", "Target Total"]
    assert ws.max_row == 1 + 3


def test_portal_rows_carry_the_targets_and_every_quarters_realisation(
    gov, enacted_roadmap, report, rows, drafter, unit_head, admin
) -> None:  # type: ignore[no-untyped-def]
    first = next(r for r in rows if r.action.activity == "Rencana aksi 1")
    for row in rows:
        value = D("8") if row.pk == first.pk else D(10)
        services.save_realisation(
            actor=drafter,
            row=row,
            data={"value": value, "budget_spent": D(5_000_000), "progress_note": "Triwulan pertama"},
            version=row.version,
        )
    services.submit_report(actor=unit_head, report=report)
    first.refresh_from_db()
    services.verify_row(actor=admin, row=first, data={"verified_value": D("7.5")}, version=first.version)
    services.verify_report(actor=admin, report=report)
    open_period(gov, 2025, 2)
    second = services.open_report(actor=drafter, roadmap=enacted_roadmap, year=2025, quarter=2)
    row2 = second.realisations.get(action=first.action)
    services.save_realisation(
        actor=drafter, row=row2, data={"value": D(19), "budget_spent": D(11_000_000)}, version=row2.version
    )
    wb = load_workbook(io.BytesIO(documents.export_report(second, "portal").content))
    ws = wb.worksheets[0]
    keys = [spreadsheet.portal_key(c.value) for c in ws[1]]
    line = next(
        dict(zip(keys, [c.value for c in r], strict=True))
        for r in ws.iter_rows(min_row=2)
        if r[16].value == "Rencana aksi 1"
    )
    assert [line[f"target_tw{q}"] for q in (1, 2, 3, 4)] == [10, 20, 30, 40]
    assert (line["target_total"], line["anggaran"]) == (50, 25000000)
    assert line["realisasi_tw1"] == "7,5"  # the verifier's figure, as text with a decimal comma
    assert (line["realisasi_tw2"], line["realisasi_tw3"], line["realisasi_tw4"]) == (19, None, None)
    # the indicator is reported to date (latest quarter); the budget is spent per quarter (summed)
    assert (line["realisasi_total"], line["realisasi_anggaran"]) == (19, 16000000)
    assert line["catatan_monev"] == "TW1: Triwulan pertama"
    assert (line["koordinator"], line["pelaksana"], line["satuan_output"]) == ("Dinkes", "Dinkes", "%")
    assert line["fokus_intervensi"] is None  # chosen in the file from the portal's seven values
    validation = ws.data_validations.dataValidation[0]
    assert str(validation.sqref).startswith("Z2") and validation.formula1 == "Daftar!$A$2:$A$8"
    assert [c.value for c in wb["Daftar"]["A"]][1:] == spreadsheet.INTERVENTION_FOCUSES


def test_city_portal_covers_every_road_map(gov) -> None:  # type: ignore[no-untyped-def]
    from petajalan.monitoring.tests.city_data import seed_city

    seed_city(gov, units=2, actions=3, quarters=[(2026, 1)])
    ws = load_workbook(io.BytesIO(documents.export_city(gov, 2026, 1, "portal").content)).worksheets[0]
    assert ws.max_row == 1 + 2 * 3 + 3
    assert {ws[f"AA{r}"].value for r in range(2, ws.max_row + 1)} == {"Dinas 1", "Dinas 2", "Kota Uji"}
