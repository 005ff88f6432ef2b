"""Bulk import and export of units and people: template, bad files, preview, all-or-nothing, round trip."""

from __future__ import annotations

import contextlib
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from petajalan.accounts import spreadsheet
from petajalan.accounts.audit import snapshot
from petajalan.accounts.demo import build_demo_governments
from petajalan.accounts.models import AuditEvent, Government, ImportBatch, Membership, Unit, User
from petajalan.testing.factories import make_person
from petajalan.testing.fixtures import client_for

UNIT_HEADERS = [title for _key, title in spreadsheet.UNIT_COLUMNS]
PEOPLE_HEADERS = [title for _key, title in spreadsheet.PEOPLE_COLUMNS]
XLSX = spreadsheet.XLSX_CONTENT_TYPE


def workbook(units=(), people=(), *, unit_headers=None, people_headers=None, sheets=None) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in [
        (spreadsheet.UNIT_SHEET, unit_headers or UNIT_HEADERS, units),
        (spreadsheet.PEOPLE_SHEET, people_headers or PEOPLE_HEADERS, people),
    ]:
        if sheets is not None and title not in sheets:
            continue
        ws = wb.create_sheet(title)
        ws.append(headers)
        for row in rows:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


UNIT_ROW = [
    "1.06.0.00.0.00.01.0000",
    "Dinas Sosial",
    "Dinsos",
    "Dinas",
    "",
    "Budi",
    "197001012000031001",
    "",
    "",
    "Ya",
]
CHILD_ROW = [
    "1.06.0.00.0.00.01.0001",
    "UPT Panti",
    "UPT Panti",
    "Lainnya",
    "1.06.0.00.0.00.01.0000",
    "",
    "",
    "",
    "",
    "Ya",
]
PERSON_ROW = [
    "ani@uji.test",
    "Ani, S.Sos.",
    "199002202015031002",
    "Perencana",
    "Penyusun",
    "1.06.0.00.0.00.01.0000",
    "Ya",
]


def upload(client, gov, data: bytes, name="data.xlsx"):
    return client.post(f"/g/{gov.slug}/impor/", {"file": SimpleUploadedFile(name, data, content_type=XLSX)})


@pytest.fixture
def admin_client(admin):
    return client_for(admin)


def test_template_has_two_sheets_headers_an_example_and_list_validation(admin_client, gov):
    response = admin_client.get(f"/g/{gov.slug}/impor/templat.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [spreadsheet.UNIT_SHEET, spreadsheet.PEOPLE_SHEET]
    units, people = wb[spreadsheet.UNIT_SHEET], wb[spreadsheet.PEOPLE_SHEET]
    assert [c.value for c in units[1]] == UNIT_HEADERS
    assert [c.value for c in people[1]] == PEOPLE_HEADERS
    assert units["A2"].value == "4.01.0.00.0.00.01.0000"
    assert people["E2"].value == "Penyusun"
    unit_lists = {str(v.sqref): v.formula1 for v in units.data_validations.dataValidation}
    people_lists = {str(v.sqref): v.formula1 for v in people.data_validations.dataValidation}
    assert "Dinas" in unit_lists["D2:D2001"] and "Kecamatan" in unit_lists["D2:D2001"]
    assert "Pendamping" in people_lists["E2:E2001"] and "Pimpinan" in people_lists["E2:E2001"]


def test_the_untouched_template_is_refused_as_having_no_data(admin_client, gov):
    template = admin_client.get(f"/g/{gov.slug}/impor/templat.xlsx").content
    response = upload(admin_client, gov, template)
    assert response.status_code == 400
    assert "Tidak ada baris data" in response.content.decode()
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Berkas kosong"),
        (b"Nama,Kode\nDinas,1\n", "bukan XLSX"),
        (b"%PDF-1.7 not a spreadsheet", "bukan XLSX"),
        ("zip", "arsip ZIP, bukan buku kerja"),
        ("broken", "rusak"),
        ("missing_sheet", "Lembar “Pengguna” tidak ada"),
        ("wrong_columns", "kolom yang tidak ada: NIP kepala"),
        ("unknown_column", "kolom yang tidak dikenal: Warna"),
        ("empty_sheet", "baris judul kolom tidak ada"),
    ],
)
def test_bad_files_get_a_precise_message_and_nothing_is_written(admin_client, gov, data, message):
    if data == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        data = buffer.getvalue()
    elif data == "broken":
        good = workbook([UNIT_ROW])
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buffer, "w") as dst:
            for item in src.infolist():
                content = src.read(item)
                dst.writestr(item, content[:40] if item.filename.endswith("sheet1.xml") else content)
        data = buffer.getvalue()
    elif data == "missing_sheet":
        data = workbook([UNIT_ROW], sheets=[spreadsheet.UNIT_SHEET])
    elif data == "wrong_columns":
        data = workbook([UNIT_ROW[:6]], unit_headers=UNIT_HEADERS[:6] + UNIT_HEADERS[7:])
    elif data == "unknown_column":
        data = workbook([UNIT_ROW], unit_headers=[*UNIT_HEADERS, "Warna"])
    elif data == "empty_sheet":
        wb = Workbook()
        wb.active.title = spreadsheet.UNIT_SHEET
        wb.create_sheet(spreadsheet.PEOPLE_SHEET)
        buffer = io.BytesIO()
        wb.save(buffer)
        data = buffer.getvalue()
    units_before = Unit.objects.count()
    response = upload(admin_client, gov, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ImportBatch.objects.count() == 0
    assert Unit.objects.count() == units_before


def test_a_file_over_the_size_limit_is_refused(admin_client, gov, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = upload(admin_client, gov, workbook([UNIT_ROW]))
    assert response.status_code == 400
    assert "Berkas terlalu besar" in response.content.decode()


def test_a_sheet_over_the_row_limit_is_refused(admin_client, gov, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    rows = [
        [f"1.06.0.00.0.00.01.{n:04d}", f"Unit {n}", f"U{n}", "Dinas", "", "", "", "", "", "Ya"]
        for n in range(4)
    ]
    response = upload(admin_client, gov, workbook(rows))
    assert response.status_code == 400
    assert "lebih dari 3 baris data" in response.content.decode()


def test_row_errors_are_listed_with_sheet_row_and_column_and_confirm_writes_nothing(admin_client, gov, unit):
    units = [
        UNIT_ROW,
        ['=HYPERLINK("http://jahat")', "Rumus", "R", "Dinas", "", "", "", "", "", "Ya"],
        ["1.07", "Kode salah", "KS", "Kantor", "9.99.0.00.0.00.01.0000", "", "12345", "", "", "Mungkin"],
        [unit.code, "Duplikat", "Dup", "Dinas", "", "", "", "", "", "Ya"],  # code of an existing unit: update
        ["1.06.0.00.0.00.01.0000", "Dua kali", "Dua", "Dinas", "", "", "", "", "", "Ya"],
    ]
    people = [
        PERSON_ROW,
        ["bukan-email", "", "", "", "Kepala perangkat daerah", "", "Ya"],
        ["pimpinan@uji.test", "Pimpinan", "", "", "Pimpinan", unit.code, "Ya"],
    ]
    response = upload(admin_client, gov, workbook(units, people))
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    expected = [
        "Lembar Perangkat Daerah, baris 3, kolom Kode unit: Sel berisi rumus",
        "Lembar Perangkat Daerah, baris 4, kolom Kode unit: Kode unit harus berbentuk Permendagri 90/2019",
        "Lembar Perangkat Daerah, baris 4, kolom Jenis: “Kantor” tidak dikenal",
        "Lembar Perangkat Daerah, baris 4, kolom Kode induk: Kode induk 9.99.0.00.0.00.01.0000 tidak ada",
        "Lembar Perangkat Daerah, baris 4, kolom NIP kepala: NIP harus 18 angka",
        "Lembar Perangkat Daerah, baris 4, kolom Aktif: Isi “Ya” atau “Tidak”",
        "Lembar Perangkat Daerah, baris 6, kolom Kode unit: Kode unit ini sudah ada di baris 2",
        "Lembar Pengguna, baris 3, kolom E-mail: Alamat e-mail tidak sah",
        "Lembar Pengguna, baris 3, kolom Nama lengkap: Wajib diisi",
        "Lembar Pengguna, baris 3, kolom Kode unit: Penyusun dan kepala perangkat daerah terikat pada",
        "Lembar Pengguna, baris 4, kolom Kode unit: Peran ini berlaku untuk seluruh pemerintah daerah",
    ]
    for line in expected:
        assert line in page, line
    assert "Simpan semua" not in page
    batch = ImportBatch.objects.get()
    response = admin_client.post(f"/g/{gov.slug}/impor/{batch.uuid}/simpan/", follow=True)
    assert "Tidak ada yang disimpan" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING
    assert not Unit.objects.filter(short_name__in=["Dinsos", "Dup"]).exists()
    assert not User.objects.filter(email="ani@uji.test").exists()


def test_a_valid_import_creates_units_and_people_once_and_invites_the_new_people(
    admin_client, admin, gov, django_capture_on_commit_callbacks
):
    people = [
        PERSON_ROW,
        [
            "coach.baru@uji.test",
            "Coach Baru",
            "",
            "",
            "Pendamping",
            "1.06.0.00.0.00.01.0000, 1.06.0.00.0.00.01.0001",
            "Ya",
        ],
        [admin.email, admin.full_name, "", "", "Pimpinan", "", "Tidak"],
    ]
    # The child comes before its parent: parents are linked after every unit exists.
    response = upload(admin_client, gov, workbook([CHILD_ROW, UNIT_ROW], people))
    batch = ImportBatch.objects.get()
    page = admin_client.get(response["Location"]).content.decode()
    assert "Simpan semua" in page
    assert "2 baru · 0 diubah · 0 tetap" in page
    assert "3 baru · 0 diubah · 0 tetap" in page
    assert Unit.objects.filter(short_name="Dinsos").count() == 0  # nothing written before confirming
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/g/{gov.slug}/impor/{batch.uuid}/simpan/", follow=True)
    assert "Impor disimpan: 2 perangkat daerah baru" in response.content.decode()
    child = Unit.objects.get(government=gov, short_name="UPT Panti")
    assert child.parent is not None and child.parent.short_name == "Dinsos"
    ani = User.objects.get(email="ani@uji.test")
    assert not ani.has_usable_password()
    assert ani.memberships.get().unit.short_name == "Dinsos"
    coach = Membership.objects.get(user__email="coach.baru@uji.test")
    assert sorted(u.short_name for u in coach.reviewed_units.all()) == ["Dinsos", "UPT Panti"]
    assert Membership.objects.get(user=admin, role="leader").is_active is False
    assert sorted(m.to[0] for m in mail.outbox) == ["ani@uji.test", "coach.baru@uji.test"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, object_id=str(batch.uuid)).count() == 1
    # A second confirmation writes nothing.
    response = admin_client.post(f"/g/{gov.slug}/impor/{batch.uuid}/simpan/", follow=True)
    assert "sudah disimpan sebelumnya" in response.content.decode()
    assert Unit.objects.filter(government=gov, short_name="Dinsos").count() == 1
    assert len(mail.outbox) == 2


def _state(government: Government) -> list:
    units = [snapshot(u) for u in Unit.objects.filter(government=government).order_by("code")]
    memberships = [
        (m.user.email, m.role, m.unit_id, m.is_active, sorted(m.reviewed_units.values_list("pk", flat=True)))
        for m in Membership.objects.filter(government=government).select_related("user").order_by("pk")
    ]
    users = [snapshot(u) for u in User.objects.filter(memberships__government=government).order_by("pk")]
    return [units, memberships, users, User.objects.count(), Unit.objects.count()]


def test_export_then_import_changes_nothing(db, django_capture_on_commit_callbacks):
    """The round trip on the demo city: every row is 'unchanged' and confirming writes no change."""
    build_demo_governments("sandi-demo-uji")
    government = Government.objects.get(slug="tanjungbalai")
    Unit.objects.filter(government=government, short_name="Setwan").update(is_active=False)
    Membership.objects.filter(user__email="penyusun.dukcapil@tanjungbalai.test").update(is_active=False)
    admin = User.objects.get(email="admin@tanjungbalai.test")
    client = client_for(admin)
    exported = client.get("/g/tanjungbalai/impor/ekspor.xlsx")
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content))[spreadsheet.PEOPLE_SHEET]
    assert sheet.max_row == 1 + Membership.objects.filter(government=government).count()
    before = _state(government)
    response = upload(client, government, exported.content, "ekspor.xlsx")
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    page = client.get(response["Location"]).content.decode()
    units = Unit.objects.filter(government=government).count()
    people = Membership.objects.filter(government=government).count()
    assert f"0 baru · 0 diubah · {units} tetap" in page
    assert f"0 baru · 0 diubah · {people} tetap" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/g/tanjungbalai/impor/{batch.uuid}/simpan/")
    assert _state(government) == before
    assert mail.outbox == []
    # Only the import itself is recorded; no unit or person event.
    after = AuditEvent.objects.filter(government=government).exclude(action=AuditEvent.Action.LOGIN)
    assert list(after.values_list("action", flat=True)) == [AuditEvent.Action.IMPORT]


def test_import_updates_what_changed_and_shows_it_in_the_preview(admin_client, gov, unit):
    data = workbook(
        [
            [
                unit.code,
                "Dinas Kesehatan Kota",
                unit.short_name,
                "Dinas",
                "",
                unit.head_name,
                unit.head_nip,
                "",
                "",
                "Ya",
            ]
        ]
    )
    response = upload(admin_client, gov, data)
    page = admin_client.get(response["Location"]).content.decode()
    assert "Nama perangkat daerah: Dinas Kesehatan → Dinas Kesehatan Kota" in page
    batch = ImportBatch.objects.get()
    admin_client.post(f"/g/{gov.slug}/impor/{batch.uuid}/simpan/")
    unit.refresh_from_db()
    assert unit.name == "Dinas Kesehatan Kota" and unit.version == 2


def test_conflicts_with_existing_people_are_reported(admin_client, gov, unit):
    make_person(gov, "leader", email="lama@uji.test", nip="199002202015031002")
    people = [
        ["baru@uji.test", "Baru", "199002202015031002", "", "Pimpinan", "", "Ya"],  # NIP of someone else
        ["lama@uji.test", "Lama", "198503142010012004", "", "Pimpinan", "", "Ya"],  # known e-mail, other NIP
        ["x@uji.test", "X", "", "", "Penyusun", "9.99.0.00.0.00.01.0000", "Ya"],  # unknown unit
    ]
    response = upload(admin_client, gov, workbook([], people))
    page = admin_client.get(response["Location"]).content.decode()
    assert "baris 2, kolom NIP: NIP ini sudah dipakai akun lain" in page
    assert "baris 3, kolom NIP: E-mail ini sudah terdaftar dengan NIP lain" in page
    assert "baris 4, kolom Kode unit: Kode unit 9.99.0.00.0.00.01.0000 tidak ada" in page


def test_nip_typed_as_a_number_is_refused(admin_client, gov):
    row: list = list(UNIT_ROW)
    row[6] = 197001012000031001
    response = upload(admin_client, gov, workbook([row]))
    page = admin_client.get(response["Location"]).content.decode()
    assert "Ubah format sel ke Teks" in page


def test_a_batch_of_another_government_is_404(personas, gov, other_gov):
    batch = ImportBatch.objects.create(government=other_gov, file_name="x.xlsx", payload={})
    client = client_for(personas["admin"])
    assert client.get(f"/g/{gov.slug}/impor/{batch.uuid}/").status_code == 404
    assert client.post(f"/g/{gov.slug}/impor/{batch.uuid}/simpan/").status_code == 404


def test_preview_runs_a_constant_number_of_queries(admin_client, gov, django_assert_max_num_queries):
    units = [
        [f"2.{n % 90 + 10:02d}.0.00.0.00.01.{n:04d}", f"Unit {n}", f"U{n}", "Dinas", "", "", "", "", "", "Ya"]
        for n in range(80)
    ]
    people = [[f"p{n}@uji.test", f"P {n}", "", "", "Penyusun", units[n % 80][0], "Ya"] for n in range(200)]
    response = upload(admin_client, gov, workbook(units, people))
    with django_assert_max_num_queries(11):
        page = admin_client.get(response["Location"])
    assert page.context["plan"].summary["people_new"] == 200


def test_a_zip_bomb_is_refused_before_parsing(admin_client, gov, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_UNCOMPRESSED_BYTES", 200_000)
    data = workbook([UNIT_ROW])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/media/padding.bin", b"\0" * 300_000)
    response = upload(admin_client, gov, buffer.getvalue())
    assert response.status_code == 400
    assert "terlalu besar setelah dibuka" in response.content.decode()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=5000), flip=st.integers(min_value=0, max_value=5000))
def test_damaged_files_never_escape_as_anything_but_a_file_error(cut, flip):
    """Truncated or bit-flipped workbooks either parse or raise ImportFileError: never another exception."""
    data = bytearray(workbook([UNIT_ROW, CHILD_ROW], [PERSON_ROW]))
    if flip < len(data):
        data[flip] ^= 0xFF
    damaged = bytes(data[: len(data) - cut]) if cut else bytes(data)
    with contextlib.suppress(spreadsheet.ImportFileError):
        spreadsheet.parse_workbook(damaged)
