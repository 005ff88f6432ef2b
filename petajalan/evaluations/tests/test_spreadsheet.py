"""The answers workbook of a cycle: what the export holds, the import's preview → confirm round trip
through ``services.answer_self`` (all or nothing), every refusal with its row and an Indonesian
message, malformed files as a message (never a 500), the phase and window rules."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from petajalan.accounts.models import AuditEvent
from petajalan.evaluations import hooks, services
from petajalan.evaluations.models import Answer, Cycle, Phase, Window
from petajalan.evaluations.tests.conftest import move_to
from petajalan.evaluations.tests.test_documents import answer, fill_cycle, fresh, older_cycle
from petajalan.reports import evaluation_xlsx as ex
from petajalan.testing.fixtures import client_for

URL = "/g/kota-uji/evaluasi/siklus/{cycle}/impor/"
HEADERS = [c.header for c in ex.COLUMNS]


def workbook(cycle: Cycle, user: Any = None) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(hooks.export(cycle, "xlsx", user=user).content))


def row_of(ws: Any, ref: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == ref)


def put(ws: Any, ref: str, header: str, value: Any) -> None:
    ws.cell(row_of(ws, ref), HEADERS.index(header) + 1, value)


def saved(wb: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def check(cycle: Cycle, content: bytes, user: Any = None) -> ex.ImportCheck:
    return ex.check_import(cycle, ex.read_workbook(content), user)


def problems(result: ex.ImportCheck) -> list[str]:
    return [str(p) for p in result.problems]


# Export -------------------------------------------------------------------------------------------------


def test_export_has_one_row_per_item_in_worksheet_order_with_everything_to_answer(
    cycle: Cycle, admin: Any, reviewer: Any, evidence_dir: Any, gov: Any
) -> None:
    from petajalan.evaluations.tests.test_documents import _link

    _link(gov, admin, fresh(cycle, "1B.H.5"), "LHE SAKIP 2025", "700/12/2026")
    fill_cycle(cycle, admin, reviewer)
    wb = workbook(cycle)
    assert wb.sheetnames == ["Petunjuk", "Info", "Jawaban"]
    ws = wb["Jawaban"]
    assert ws.freeze_panes == "C4"  # the header rows and No, Nomor stay in view
    assert [c.value for c in ws[2]] == HEADERS
    assert [c.value for c in ws[3]] == list(range(1, len(HEADERS) + 1))
    worksheet = services.worksheet_of(cycle.worksheet)
    assert [ws.cell(r, 2).value for r in range(4, ws.max_row + 1)] == [n.ref for n in worksheet.items]
    values = dict(zip(HEADERS, [c.value for c in ws[row_of(ws, "1B.H.5")]], strict=True))
    result = services.scores(cycle)
    key = worksheet.by_ref()["1B.H.5"].key
    assert values | {"Komponen": None} == {
        "No": 7,
        "Nomor": "1B.H.5",
        "Komponen": None,
        "Kriteria": "Nilai SAKIP",
        "Bobot": 4,
        "Jenis Jawaban": "Persen",
        "Jawaban yang Diperbolehkan": "0–100",
        "Penanggung Jawab": "Dinkes",
        "Jawaban Mandiri": 70.25,
        "Alasan Tidak Berlaku": None,
        "Catatan": "Catatan 1B.H.5",
        "Data Dukung": "700/12/2026 – LHE SAKIP 2025",
        "Status Verifikasi": "Nilai verifikasi berbeda",
        "Jawaban Verifikasi": 60,
        "Catatan Verifikasi": "LHE SAKIP menunjukkan 60,00",
        "Jawaban Evaluator": 61,
        "Nilai Mandiri": float(round(result.self.nodes[key].points, 2)),
        "Nilai Verifikasi": float(round(result.verified.nodes[key].points, 2)),
        "Nilai Evaluator": float(round(result.evaluator.nodes[key].points, 2)),  # type: ignore[union-attr]
    }
    assert values["Komponen"] == "RB General › Capaian Pelaksanaan Kebijakan RB › Elemen hard"
    na = dict(zip(HEADERS, [c.value for c in ws[row_of(ws, "1C.S.2")]], strict=True))
    assert (na["Jawaban Mandiri"], na["Nilai Mandiri"]) == ("NA", None)
    assert na["Alasan Tidak Berlaku"] == "Survei SPI tidak diselenggarakan di kota ini"
    # grey locked reference columns, open yellow answer cells; a drop-down on the choice item
    assert ws.protection.sheet
    bpk = row_of(ws, "1C.H.4")
    assert ws.cell(bpk, 9).protection.locked is False and ws.cell(bpk, 4).protection.locked is True
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists == {f"I{bpk}": '"WTP,WDP,NA"'}
    info = {r[0]: r[1] for r in wb["Info"].iter_rows(values_only=True)}
    assert info["Kode Pemerintah Daerah"] == "kota-uji" and info["Tahun"] == 2025
    assert info["Format"] == "Petajalan evaluasi mandiri 1"
    assert wb["Petunjuk"]["A1"].value == "Petunjuk pengisian lembar jawaban evaluasi mandiri RB"


def test_export_reads_a_constant_number_of_queries(
    cycle: Cycle, admin: Any, django_assert_max_num_queries: Any
) -> None:
    ex.write_workbook(cycle)  # the worksheet's parse is cached by checksum
    with django_assert_max_num_queries(5):
        ex.write_workbook(cycle)
    for ref in ("1A.1", "1A.2", "1B.H.1", "1C.H.4"):
        answer(cycle, ref, "WTP" if ref == "1C.H.4" else "1", admin)
    with django_assert_max_num_queries(5):
        ex.write_workbook(cycle, admin)


# The round trip ---------------------------------------------------------------------------------------


def test_import_previews_then_writes_every_change_through_the_service(cycle: Cycle, admin: Any) -> None:
    answer(cycle, "1A.2", "50", admin, note="lama")
    wb = workbook(cycle)
    ws = wb["Jawaban"]
    put(ws, "1A.1", "Jawaban Mandiri", "2,5")
    put(ws, "1A.2", "Jawaban Mandiri", 75)
    put(ws, "1A.2", "Catatan", "Realisasi 30 dari 40 aksi")
    put(ws, "1C.H.4", "Jawaban Mandiri", "wtp")
    put(ws, "1C.S.2", "Jawaban Mandiri", "NA")
    put(ws, "1C.S.2", "Alasan Tidak Berlaku", "SPI tidak diselenggarakan")
    pct = row_of(ws, "1B.H.1")
    ws.cell(pct, 9, 0.8).number_format = "0%"  # typed "80%" in Excel
    result = check(cycle, saved(wb), admin)
    assert result.ok, problems(result)
    assert [c.ref for c in result.changes] == ["1A.1", "1A.2", "1B.H.1", "1C.H.4", "1C.S.2"]
    second = result.changes[1]
    assert second.fields == [
        ("Jawaban Mandiri", "50", "75"),
        ("Catatan", "lama", "Realisasi 30 dari 40 aksi"),
    ]
    assert Answer.objects.get(cycle=cycle, ref="1A.1").self_value == ""  # nothing written yet
    assert ex.apply_import(actor=admin, cycle=cycle, batch=result.batch, user=admin) == 5
    stored = {a.ref: (a.self_value, a.na_reason, a.note) for a in cycle.answers.all()}
    assert stored["1A.1"] == ("2.5", "", "")
    assert stored["1A.2"] == ("75", "", "Realisasi 30 dari 40 aksi")
    assert stored["1B.H.1"][0] == "80" and stored["1C.H.4"][0] == "WTP"
    assert stored["1C.S.2"] == ("NA", "SPI tidak diselenggarakan", "")
    assert AuditEvent.objects.filter(object_type="evaluations.answer", summary="Jawaban 1A.2").count() == 2
    # the same file again: nothing left to change
    assert check(cycle, saved(wb), admin).changes == []


def test_a_missing_column_keeps_the_stored_values_and_an_empty_cell_clears_the_answer(
    cycle: Cycle, admin: Any
) -> None:
    answer(cycle, "1A.1", "2", admin, note="tetap")
    answer(cycle, "1A.2", "50", admin)
    wb = workbook(cycle)
    ws = wb["Jawaban"]
    ws.delete_cols(HEADERS.index("Catatan") + 1)
    ws.cell(row_of(ws, "1A.2"), 9).value = None
    result = check(cycle, saved(wb), admin)
    assert result.ok and [c.ref for c in result.changes] == ["1A.2"]
    ex.apply_import(actor=admin, cycle=cycle, batch=result.batch, user=admin)
    assert fresh(cycle, "1A.1").note == "tetap" and fresh(cycle, "1A.2").self_value == ""


def test_a_unit_changes_only_its_own_items(cycle: Cycle, drafter: Any) -> None:
    wb = workbook(cycle, drafter)
    ws = wb["Jawaban"]
    put(ws, "1B.H.5", "Jawaban Mandiri", "82,5")  # the drafter's unit
    put(ws, "1C.H.2", "Jawaban Mandiri", 90)
    result = check(cycle, saved(wb), drafter)
    assert result.ok
    ex.apply_import(actor=drafter, cycle=cycle, batch=result.batch, user=drafter)
    assert fresh(cycle, "1B.H.5").answered_by == drafter
    put(ws, "1A.1", "Jawaban Mandiri", 3)  # the Bagian Organisasi's item
    refused = check(cycle, saved(wb), drafter)
    row = row_of(ws, "1A.1")
    assert problems(refused) == [
        f"Jawaban, baris {row}, kolom Nomor: Kriteria 1A.1 dijawab oleh Bagian Organisasi; Anda tidak dapat "
        "mengubah jawabannya."
    ]


def test_every_bad_row_is_named_with_its_row_and_nothing_is_written(cycle: Cycle, admin: Any) -> None:
    wb = workbook(cycle)
    ws = wb["Jawaban"]
    put(ws, "1A.2", "Jawaban Mandiri", 120)
    put(ws, "1B.H.1", "Jawaban Mandiri", "banyak")
    put(ws, "1C.H.4", "Jawaban Mandiri", "WTP-DPP")
    put(ws, "1C.S.2", "Jawaban Mandiri", "NA")
    put(ws, "1B.H.2", "Jawaban Mandiri", "=2+2")
    put(ws, "1B.H.3", "Nomor", "9Z.9")
    put(ws, "1B.H.4", "Nomor", "1A.1")
    rows = {ref: row_of(ws, ref) for ref in ("1A.2", "1B.H.1", "1C.H.4", "1C.S.2", "1B.H.2", "9Z.9")}
    doubled = max(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == "1A.1")
    bpk = ", ".join(services.worksheet_of(cycle.worksheet).by_ref()["1C.H.4"].choices)  # the engine's order
    result = check(cycle, saved(wb), admin)
    assert not result.ok and result.batch == []
    assert {p.sheet for p in result.problems} == {"Jawaban"}
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (rows["1A.2"], "Jawaban Mandiri", "Jawaban 1A.2 harus antara 0 dan 100; tertulis 120."),
        (rows["1B.H.1"], "Jawaban Mandiri", "Jawaban 1B.H.1 harus berupa angka, bukan 'banyak'."),
        (rows["1B.H.2"], "Jawaban Mandiri", f"Sel I{rows['1B.H.2']} berisi rumus; ketik nilainya saja."),
        (
            rows["9Z.9"],
            "Nomor",
            "Nomor “9Z.9” tidak ada di lembar kerja evaluasi ini. Jangan mengubah kolom Nomor.",
        ),
        (doubled, "Nomor", "Nomor “1A.1” muncul lebih dari sekali."),
        (
            rows["1C.H.4"],
            "Jawaban Mandiri",
            f"Pilihan 'WTP-DPP' tidak dikenal untuk 1C.H.4; paket hanya memuat: {bpk}.",
        ),
        (
            rows["1C.S.2"],
            "Alasan Tidak Berlaku",
            "Kriteria 1C.S.2 ditandai NA: tuliskan alasan kriteria ini tidak berlaku.",
        ),
    ]
    assert not cycle.answers.exclude(self_value="").exists()


def test_a_file_of_another_government_or_year_is_refused(cycle: Cycle, admin: Any) -> None:
    wb = workbook(cycle)
    info = wb["Info"]
    for row in info.iter_rows():
        if row[0].value == "Kode Pemerintah Daerah":
            row[1].value = "kota-lain"
        if row[0].value == "Tahun":
            row[1].value = 2024
    assert problems(check(cycle, saved(wb), admin)) == [
        "Info, kolom Kode Pemerintah Daerah: Berkas ini milik pemerintah daerah lain (kota-lain).",
        "Info, kolom Tahun: Berkas ini untuk evaluasi tahun 2024, bukan 2025.",
    ]


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    return buffer.getvalue()


def _other_workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.active.append(["Nama", "Nilai"])
    return saved(wb)


def _monitoring_like() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = "Info"
    wb.active.append(["Format", "Petajalan pemantauan 1"])
    return saved(wb)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"ref,value\n1A.1,3\n", "bukan lembar kerja Excel (.xlsx)"),
        (b"%PDF-1.4 ...", "Berkas ini PDF"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "format Excel lama (.xls)"),
        (b"", "Berkas kosong."),
        (b"PK\x03\x04 rusak", "rusak"),
        (_zip_bomb(), "bom zip"),
        (_other_workbook(), "Lembar “Jawaban” tidak ditemukan."),
        (_monitoring_like(), "Berkas ini “Petajalan pemantauan 1”, bukan lembar jawaban evaluasi mandiri."),
    ],
    ids=["csv", "pdf", "xls", "empty", "corrupt", "zip-bomb", "wrong-sheet", "other-format"],
)
def test_malformed_files_are_one_clear_problem(
    cycle: Cycle, admin: Any, content: bytes, message: str
) -> None:
    result = check(cycle, content, admin)
    assert len(result.problems) == 1 and message in result.problems[0].message


def test_a_sheet_without_its_columns_or_with_merged_cells_is_refused(cycle: Cycle, admin: Any) -> None:
    wb = workbook(cycle)
    ws = wb["Jawaban"]
    ws.merge_cells("K5:L5")
    assert any("digabung" in p for p in problems(check(cycle, saved(wb), admin)))
    ws = workbook(cycle)
    sheet = ws["Jawaban"]
    sheet.delete_cols(2)  # no Nomor
    assert "Kolom “Nomor” tidak ada" in problems(check(cycle, saved(ws), admin))[0]


# Phases, windows, all or nothing, the pages --------------------------------------------------------------


def test_compiling_is_for_the_admin_and_later_phases_refuse_everyone(
    cycle: Cycle, admin: Any, drafter: Any
) -> None:
    move_to(cycle, Phase.COMPILING)
    assert ex.refusal(cycle, admin) == ""
    assert (
        ex.refusal(cycle, drafter) == "Tahap kompilasi: hanya Bagian Organisasi yang dapat mengubah jawaban."
    )
    wb = workbook(cycle)
    put(wb["Jawaban"], "1A.1", "Jawaban Mandiri", 3)
    result = check(cycle, saved(wb), admin)
    ex.apply_import(actor=admin, cycle=cycle, batch=result.batch, user=admin)
    assert fresh(cycle, "1A.1").self_value == "3"
    move_to(cycle, Phase.VERIFICATION)
    assert "sedang pada tahap Verifikasi Inspektorat" in ex.refusal(cycle, admin)
    with pytest.raises(ex.ImportRefused, match="sedang pada tahap Verifikasi Inspektorat"):
        ex.apply_import(actor=admin, cycle=cycle, batch=result.batch, user=admin)


def test_a_closed_window_refuses_the_import(cycle: Cycle, drafter: Any) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Window.objects.filter(cycle=cycle, phase=Phase.ANSWERING).update(opens_on=yesterday, closes_on=yesterday)
    assert "di luar jadwal" in ex.refusal(cycle, drafter)


def test_a_stale_row_undoes_the_whole_import(cycle: Cycle, admin: Any) -> None:
    wb = workbook(cycle)
    put(wb["Jawaban"], "1A.1", "Jawaban Mandiri", 3)
    put(wb["Jawaban"], "1A.2", "Jawaban Mandiri", 80)
    result = check(cycle, saved(wb), admin)
    answer(cycle, "1A.2", "10", admin)  # someone else, after the check
    with pytest.raises(ex.ImportRefused, match=r"Jawaban 1A\.2 diubah orang lain"):
        ex.apply_import(actor=admin, cycle=cycle, batch=result.batch, user=admin)
    assert fresh(cycle, "1A.1").self_value == "" and fresh(cycle, "1A.2").self_value == "10"


def test_the_page_previews_and_the_confirmation_writes_all(cycle: Cycle, drafter: Any) -> None:
    wb = workbook(cycle)
    put(wb["Jawaban"], "1B.H.5", "Jawaban Mandiri", "82,5")
    client = client_for(drafter)
    url = URL.format(cycle=cycle.uuid)
    page = client.get(url)
    assert page.status_code == 200 and "Periksa berkas" in page.content.decode()
    upload = io.BytesIO(saved(wb))
    upload.name = "jawaban.xlsx"
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "1 jawaban akan diubah" in text and "Setujui dan simpan semua" in text
    assert fresh(cycle, "1B.H.5").self_value == ""
    done = client.post(url + "konfirmasi/")
    assert done.status_code == 302
    assert fresh(cycle, "1B.H.5").self_value == "82.5"
    again = client.post(url + "konfirmasi/", follow=True)  # nothing waits any more
    assert "Tidak ada impor yang menunggu persetujuan" in again.content.decode()


def test_the_page_lists_problems_and_refuses_out_of_phase(cycle: Cycle, admin: Any) -> None:
    client = client_for(admin)
    url = URL.format(cycle=cycle.uuid)
    upload = io.BytesIO(b"bukan excel")
    upload.name = "jawaban.xlsx"
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    assert "bukan lembar kerja Excel (.xlsx)" in response.content.decode()
    move_to(cycle, Phase.VERIFICATION)
    upload.seek(0)
    refused = client.post(url, {"file": upload})
    assert refused.status_code == 409 and "Verifikasi Inspektorat" in refused.content.decode()


@pytest.mark.parametrize("version", ["2014", "2020"])
def test_older_worksheets_import_points_answered_directly(
    packs: None, gov: Any, admin: Any, version: str
) -> None:
    cycle, _first, node = older_cycle(gov, admin, version)
    wb = workbook(cycle)
    ws = wb["Jawaban"]
    values = dict(zip(HEADERS, [c.value for c in ws[4]], strict=True))
    assert values["Jenis Jawaban"] == "Nilai langsung (paket tanpa jenis jawaban)"
    assert values["Jawaban yang Diperbolehkan"] == f"0–{ex.shown_number(node.weight)}"  # type: ignore[arg-type]
    ws.cell(4, 9, float(node.weight) + 1)  # type: ignore[arg-type]
    assert "harus antara 0 dan" in problems(check(cycle, saved(wb), admin))[0]
    ws.cell(4, 9, float(node.weight) / 2)  # type: ignore[arg-type]
    result = check(cycle, saved(wb), admin)
    ex.apply_import(actor=admin, cycle=cycle, batch=result.batch, user=admin)
    assert services.scores(cycle).self.nodes[node.key].points == node.weight / 2  # type: ignore[operator]


@pytest.mark.browser
def test_a_drafter_downloads_fills_and_imports_the_answers_on_a_phone(
    browser: Any, live_server: Any, cycle: Cycle, drafter: Any
) -> None:
    from petajalan.testing.browser import log_in, shot
    from petajalan.testing.factories import PASSWORD

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="id-ID", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server, drafter.email, PASSWORD)
    page.goto(f"{live_server.url}{URL.format(cycle=cycle.uuid)}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Jawaban lembar kerja (Excel)").click()
    assert download.value.suggested_filename == "evaluasi-rb-kota-uji-2025.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    put(wb["Jawaban"], "1B.H.5", "Jawaban Mandiri", "82,5")
    put(wb["Jawaban"], "1B.H.5", "Catatan", "LHE SAKIP 2025 dari Inspektorat")
    page.get_by_label("Berkas Excel jawaban (.xlsx)").set_input_files(
        {"name": "jawaban.xlsx", "mimeType": "application/octet-stream", "buffer": saved(wb)}
    )
    page.get_by_role("button", name="Periksa berkas").click()
    page.get_by_text("1 jawaban akan diubah").wait_for()
    shot(page, "evaluations-import-preview-phone")
    page.get_by_role("button", name="Setujui dan simpan semua").click()
    page.get_by_text("Impor diterapkan: 1 jawaban diubah dari jawaban.xlsx.").wait_for()
    assert fresh(cycle, "1B.H.5").self_value == "82.5"
    context.close()
