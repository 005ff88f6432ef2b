"""``petajalan import_evidence``: a shared folder or ZIP moved into the evidence bank in one run."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from petajalan.accounts.models import AuditEvent
from petajalan.evidence import bulk
from petajalan.evidence.models import Blob, Item, Version
from petajalan.evidence.tests.conftest import upload
from petajalan.testing.evidence import pdf_bytes, png_bytes

SK = pdf_bytes("Keputusan Kepala Dinas tentang Tim Reformasi Birokrasi")
REPORT = pdf_bytes("Laporan Triwulan I Rencana Aksi", pages=2)
PNG = png_bytes()
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500
# The archive as a shared folder holds it; the order is the sorted order of the output.
FILES = {
    "2024/SK_tim-RB.pdf": SK,
    "2024/laporan-triwulan.pdf": REPORT,
    "foto kegiatan 2023.png": PNG,
    "kosong.pdf": b"",
    "program.pdf": EXE,
    "salinan/SK_tim-RB (1).pdf": SK,
}
HIDDEN = {
    ".DS_Store": b"\x00\x00\x00\x01Bud1",
    "2024/Thumbs.db": b"\xd0\xcf\x11\xe0",
    ".git/config": b"[core]",
}


def make_folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def make_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def run(*args: Any, **options: Any) -> tuple[int, str, str]:
    """Run the command as the operator would; return its exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_evidence", *[str(a) for a in args], stdout=out, stderr=err, **options)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def stored_files(location: Path) -> list[Path]:
    return [p for p in location.rglob("*") if p.is_file()] if location.exists() else []


@pytest.fixture(params=["folder", "zip"])
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The same documents as a shared folder and as a ZIP."""
    everything = {**FILES, **HIDDEN}
    if request.param == "folder":
        return make_folder(tmp_path / "arsip", everything)
    return make_zip(tmp_path / "arsip.zip", everything)


pytestmark = pytest.mark.django_db


# A whole folder


def test_archive_is_imported_once_with_duplicates_and_refusals_reported(
    archive: Path, gov: Any, unit: Any, evidence_dir: Path
) -> None:
    code, out, err = run(archive, government="kota-uji", unit=unit.code)

    assert code == 1  # something was refused
    lines = out.splitlines()
    assert lines[:6] == [
        "DIIMPOR  2024/SK_tim-RB.pdf → «SK tim RB»",
        "DIIMPOR  2024/laporan-triwulan.pdf → «Laporan triwulan»",
        "DIIMPOR  foto kegiatan 2023.png → «Foto kegiatan 2023»",
        lines[3],
        lines[4],
        "DUPLIKAT salinan/SK_tim-RB (1).pdf: sama dengan «SK tim RB» (Dinkes)",
    ]
    assert lines[3].startswith("DITOLAK  kosong.pdf: ") and len(lines[3]) > len("DITOLAK  kosong.pdf: ") + 10
    assert lines[4].startswith("DITOLAK  program.pdf: ")
    assert lines[6].startswith("Ringkasan: 6 berkas: 3 diimpor (")
    assert "1 duplikat, 2 ditolak; 3 berkas sistem/tersembunyi dilewati." in lines[6]
    assert "2 berkas ditolak" in err

    assert Item.objects.filter(government=gov).count() == 3
    assert Version.objects.count() == 3 and Blob.objects.count() == 3  # the copy was not stored again
    assert len(stored_files(evidence_dir)) == 3
    items = {item.title: item for item in Item.objects.all()}
    assert {(t, i.year_from, i.year_to) for t, i in items.items()} == {
        ("SK tim RB", 2024, 2024),  # from the folder's name
        ("Laporan triwulan", 2024, 2024),
        ("Foto kegiatan 2023", 2023, 2023),  # from the file's name
    }
    assert {i.kind for i in items.values()} == {Item.Kind.OTHER}  # no guessing from names
    assert {i.unit for i in items.values()} == {unit}
    current = items["SK tim RB"].current
    assert current is not None and current.original_name == "SK_tim-RB.pdf"
    uploads = AuditEvent.objects.filter(action=AuditEvent.Action.UPLOAD, government=gov)
    assert uploads.count() == 3 and {e.actor for e in uploads} == {None}


def test_without_unit_the_documents_belong_to_the_government(
    tmp_path: Path, gov: Any, evidence_dir: Path
) -> None:
    folder = make_folder(tmp_path / "arsip", {"Perwal_RB_2025-2029.pdf": SK})
    code, out, _err = run(folder, government="kota-uji")
    assert code == 0
    assert out.splitlines()[0] == "DIIMPOR  Perwal_RB_2025-2029.pdf → «Perwal RB 2025 2029»"
    item = Item.objects.get()
    assert item.unit is None and (item.year_from, item.year_to) == (2025, 2025)


def test_running_again_reports_what_is_already_stored_as_duplicates(
    tmp_path: Path, gov: Any, unit: Any, evidence_dir: Path
) -> None:
    folder = make_folder(tmp_path / "arsip", {"a.pdf": SK, "b.png": PNG})
    assert run(folder, government="kota-uji", unit=unit.code)[0] == 0
    code, out, _err = run(folder, government="kota-uji", unit=unit.code)
    assert code == 0  # a duplicate is not a refusal
    assert out.splitlines()[:2] == [
        "DUPLIKAT a.pdf: sama dengan «A» (Dinkes)",
        "DUPLIKAT b.png: sama dengan «B» (Dinkes)",
    ]
    assert "0 diimpor (0 byte), 2 duplikat, 0 ditolak" in out
    assert Item.objects.count() == 2 and Version.objects.count() == 2


def test_a_file_already_in_the_bank_from_the_browser_is_a_duplicate(
    tmp_path: Path, gov: Any, unit: Any, other_unit: Any, drafter: Any, evidence_dir: Path
) -> None:
    upload(drafter, gov, SK, "sk.pdf", title="SK Tim RB Dinkes", unit=unit)
    folder = make_folder(tmp_path / "arsip", {"scan001.pdf": SK})
    code, out, _err = run(folder, government="kota-uji", unit=other_unit.code)
    assert code == 0
    assert out.splitlines()[0] == "DUPLIKAT scan001.pdf: sama dengan «SK Tim RB Dinkes» (Dinkes)"


# Dry run


def test_dry_run_checks_everything_and_stores_nothing(
    archive: Path, gov: Any, unit: Any, evidence_dir: Path
) -> None:
    code, out, _err = run(archive, government="kota-uji", unit=unit.code, dry_run=True)

    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("Uji coba (--dry-run)")
    assert lines[1] == "AKAN DIIMPOR 2024/SK_tim-RB.pdf → «SK tim RB»"
    assert lines[3] == "AKAN DIIMPOR foto kegiatan 2023.png → «Foto kegiatan 2023»"
    assert lines[4].startswith("DITOLAK  kosong.pdf: ")
    assert lines[5].startswith("DITOLAK  program.pdf: ")
    assert (
        lines[6] == "DUPLIKAT salinan/SK_tim-RB (1).pdf: sama dengan «SK tim RB» (Dinkes)"
    )  # within the run
    assert lines[7].startswith("Ringkasan: 6 berkas: 3 akan diimpor (")
    assert not Item.objects.exists() and not Blob.objects.exists() and not AuditEvent.objects.exists()
    assert stored_files(evidence_dir) == []


def test_dry_run_reports_what_the_bank_already_holds(
    tmp_path: Path, gov: Any, unit: Any, drafter: Any, evidence_dir: Path
) -> None:
    upload(drafter, gov, REPORT, "laporan.pdf", title="Laporan TW I", unit=unit)
    folder = make_folder(tmp_path / "arsip", {"laporan-tw1.pdf": REPORT})
    code, out, _err = run(folder, government="kota-uji", dry_run=True)
    assert code == 0
    assert "DUPLIKAT laporan-tw1.pdf: sama dengan «Laporan TW I» (Dinkes)" in out.splitlines()
    assert Item.objects.count() == 1


def test_dry_run_counts_the_quota_the_run_would_use(
    tmp_path: Path, gov: Any, settings: Any, evidence_dir: Path
) -> None:
    settings.EVIDENCE_QUOTA_BYTES = len(SK) + len(REPORT) - 1
    folder = make_folder(tmp_path / "arsip", {"a.pdf": SK, "b.pdf": REPORT})
    code, out, _err = run(folder, government="kota-uji", dry_run=True)
    assert code == 1
    assert out.splitlines()[1] == "AKAN DIIMPOR a.pdf → «A»"
    assert out.splitlines()[2].startswith("DITOLAK  b.pdf: Kuota penyimpanan")


# Metadata


def test_metadata_in_indonesian_with_semicolons_and_a_bom_is_applied(
    tmp_path: Path, gov: Any, unit: Any, other_unit: Any, evidence_dir: Path
) -> None:
    folder = make_folder(
        tmp_path / "arsip", {"2024/SK_tim-RB.pdf": SK, "laporan.pdf": REPORT, "foto.png": PNG}
    )
    sheet = tmp_path / "metadata.csv"
    sheet.write_text(
        "Berkas;Judul;Jenis;Nomor;Tanggal;Penerbit;Unit;Tahun Dari;Tahun_Sampai;Berlaku_Sampai;Label;"
        "Keterangan\n"
        "2024\\SK_tim-RB.pdf;SK Tim Reformasi Birokrasi;Surat keputusan;800/123/Dinkes/2025;15 April 2025;"
        f"Kepala Dinas Kesehatan;{other_unit.code};2025;2026;31/12/2026;tim RB, SK;Ditandatangani basah\n"
        "laporan.pdf;;laporan;;2025-07-10;;;;;;;\n",
        encoding="utf-8-sig",
    )
    code, out, _err = run(folder, government="kota-uji", unit=unit.code, metadata=sheet)

    assert code == 0, out
    sk = Item.objects.get(number="800/123/Dinkes/2025")
    assert sk.title == "SK Tim Reformasi Birokrasi"
    assert sk.kind == Item.Kind.DECREE
    assert sk.document_on == dt.date(2025, 4, 15)
    assert sk.issuer == "Kepala Dinas Kesehatan"
    assert sk.unit == other_unit  # the row's unit wins over --unit
    assert (sk.year_from, sk.year_to) == (2025, 2026)  # the sheet's years replace the folder's
    assert sk.valid_until == dt.date(2026, 12, 31)
    assert sk.tag_list == ["tim RB", "SK"]
    assert sk.description == "Ditandatangani basah"
    report = Item.objects.get(kind=Item.Kind.REPORT)
    assert report.title == "Laporan"  # an empty cell keeps the default from the name
    assert report.unit == unit and report.document_on == dt.date(2025, 7, 10)
    photo = Item.objects.get(title="Foto")  # not in the sheet: defaults
    assert photo.kind == Item.Kind.OTHER and photo.unit == unit
    assert "DIIMPOR  2024/SK_tim-RB.pdf → «SK Tim Reformasi Birokrasi»" in out.splitlines()


def test_metadata_with_english_headers_and_codes(
    tmp_path: Path, gov: Any, unit: Any, evidence_dir: Path
) -> None:
    folder = make_folder(tmp_path / "arsip", {"scan/001.pdf": SK})
    sheet = tmp_path / "meta.csv"
    sheet.write_text(
        "file,title,kind,number,date,issuer,unit,year_from,year_to,tags,description,Catatan\n"
        './scan/001.pdf,"Notulen rapat tim RB, Januari",minutes,NOT/01/2025,2025-01-20,Sekda,'
        f"{unit.short_name},"
        "2025,,,,abaikan\n",
        encoding="utf-8",
    )
    code, out, err = run(folder, government="kota-uji", metadata=sheet)
    assert code == 0, out
    item = Item.objects.get()
    assert (item.title, item.kind, item.number) == (
        "Notulen rapat tim RB, Januari",
        Item.Kind.MINUTES,
        "NOT/01/2025",
    )
    assert (item.unit, item.year_from, item.year_to) == (unit, 2025, None)
    assert "Kolom metadata diabaikan: Catatan" in err


def test_a_bad_metadata_row_refuses_its_file_naming_the_line(
    tmp_path: Path, gov: Any, unit: Any, evidence_dir: Path
) -> None:
    folder = make_folder(
        tmp_path / "arsip",
        {"a.pdf": SK, "b.pdf": REPORT, "c.png": PNG, "d.pdf": pdf_bytes("D"), "e.pdf": pdf_bytes("E")},
    )
    sheet = tmp_path / "metadata.csv"
    sheet.write_text(
        "berkas,jenis,tanggal,unit,tahun_dari,tahun_sampai\n"
        "a.pdf,peraturan,,,,\n"
        "b.pdf,laporan,31/02/2025,,,\n"
        "\n"
        "c.png,foto kegiatan,,9.99.0.00.0.00.01.0000,,\n"
        "d.pdf,,,,2026,2024\n"
        "hilang.pdf,laporan,,,,\n"
        "e.pdf,laporan,kemarin,,,\n"
        "a.pdf,laporan,,,,\n"
    )
    code, out, err = run(folder, government="kota-uji", unit=unit.code, metadata=sheet)

    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("DITOLAK  a.pdf: metadata baris 2: jenis “peraturan” tidak dikenal")
    assert lines[1] == "DITOLAK  b.pdf: metadata baris 3: tanggal “31/02/2025” tidak ada di kalender."
    assert lines[2].startswith("DITOLAK  c.png: metadata baris 5: perangkat daerah “9.99.0.00.0.00.01.0000”")
    assert lines[3].startswith(
        "DITOLAK  d.pdf: metadata baris 6: tahun sampai (2024) sebelum tahun dari (2026)"
    )
    assert lines[4].startswith("DITOLAK  e.pdf: metadata baris 8: tanggal “kemarin” tidak dikenali")
    assert lines[5] == "DITOLAK  hilang.pdf: metadata baris 7: berkas tidak ditemukan di sumber impor."
    assert lines[6] == "DITOLAK  a.pdf: metadata baris 9: berkas ini sudah disebut di baris 2."
    assert "7 berkas ditolak" in err
    assert not Item.objects.exists()


def test_the_metadata_file_inside_the_folder_is_not_imported(
    tmp_path: Path, gov: Any, evidence_dir: Path
) -> None:
    folder = make_folder(tmp_path / "arsip", {"a.pdf": SK})
    sheet = folder / "metadata.csv"
    sheet.write_text("berkas,judul\na.pdf,Dokumen A\n")
    code, out, _err = run(folder, government="kota-uji", metadata=sheet)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2 and lines[0] == "DIIMPOR  a.pdf → «Dokumen A»"
    assert lines[1].startswith("Ringkasan: 1 berkas: 1 diimpor")


def test_metadata_with_a_member_name_applies_to_the_zip(tmp_path: Path, gov: Any, evidence_dir: Path) -> None:
    archive = make_zip(tmp_path / "arsip.zip", {"Arsip/2023/sk.pdf": SK})
    sheet = tmp_path / "m.csv"
    sheet.write_text("berkas;judul;jenis\narsip/2023/SK.pdf;SK Tim RB 2023;decree\n")
    code, out, _err = run(archive, government="kota-uji", metadata=sheet)
    assert code == 0, out  # matched whatever the case of the letters
    item = Item.objects.get()
    assert (item.title, item.kind, item.year_from) == ("SK Tim RB 2023", Item.Kind.DECREE, 2023)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("judul,jenis\nA,laporan\n", "kolom “berkas”"),
        ("berkas,judul,title\na.pdf,A,B\n", "muncul dua kali"),
        ("", "kosong"),
    ],
)
def test_an_unusable_metadata_file_stops_before_anything(
    tmp_path: Path, gov: Any, evidence_dir: Path, content: str, message: str
) -> None:
    folder = make_folder(tmp_path / "arsip", {"a.pdf": SK})
    sheet = tmp_path / "m.csv"
    sheet.write_text(content)
    with pytest.raises(CommandError, match=message) as caught:
        run(folder, government="kota-uji", metadata=sheet)
    assert caught.value.returncode == 2
    assert not Item.objects.exists()


def test_metadata_not_in_utf8_is_refused_with_how_to_save_it(tmp_path: Path, gov: Any) -> None:
    folder = make_folder(tmp_path / "arsip", {"a.pdf": SK})
    sheet = tmp_path / "m.csv"
    sheet.write_bytes("berkas;judul\na.pdf;Laporan Dinas Pekerjaan Umum – Perbaikan\n".encode("cp1252"))
    with pytest.raises(CommandError, match="CSV UTF-8") as caught:
        run(folder, government="kota-uji", metadata=sheet)
    assert caught.value.returncode == 2


# Usage errors (exit 2, nothing imported)


def test_unknown_unit_stops_with_exit_status_2(
    tmp_path: Path, gov: Any, unit: Any, foreign_unit: Any
) -> None:
    folder = make_folder(tmp_path / "arsip", {"a.pdf": SK})
    with pytest.raises(
        CommandError, match=r"Perangkat daerah '9\.99\.0\.00\.0\.00\.01\.0000' tidak ada"
    ) as caught:
        run(folder, government="kota-uji", unit="9.99.0.00.0.00.01.0000")
    assert caught.value.returncode == 2
    assert not Item.objects.exists()


def test_unknown_government_stops_with_exit_status_2(tmp_path: Path, gov: Any) -> None:
    folder = make_folder(tmp_path / "arsip", {"a.pdf": SK})
    with pytest.raises(CommandError, match="'kota-entah' tidak ditemukan") as caught:
        run(folder, government="kota-entah")
    assert caught.value.returncode == 2


@pytest.mark.parametrize("name", ["tidak-ada", "berkas.txt", "rusak.zip"])
def test_a_missing_or_unreadable_source_stops_with_exit_status_2(tmp_path: Path, gov: Any, name: str) -> None:
    if name != "tidak-ada":
        (tmp_path / name).write_bytes(b"bukan zip")
    with pytest.raises(CommandError) as caught:
        run(tmp_path / name, government="kota-uji")
    assert caught.value.returncode == 2
    assert str(tmp_path / name) in str(caught.value) or "ZIP" in str(caught.value)


# ZIP safety


def test_a_highly_compressed_member_is_refused_without_being_read(
    tmp_path: Path, gov: Any, evidence_dir: Path
) -> None:
    archive = make_zip(
        tmp_path / "bom.zip", {"bom.pdf": b"%PDF-1.4\n" + b"\x00" * (8 * 1024**2), "a.pdf": SK}
    )
    code, out, _err = run(archive, government="kota-uji")
    assert code == 1
    assert out.splitlines()[0] == "DIIMPOR  a.pdf → «A»"
    assert out.splitlines()[1].startswith("DITOLAK  bom.pdf: rasio pemampatan")
    assert Item.objects.count() == 1


def test_a_zip_declaring_too_much_is_refused_whole(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "banyak.zip", {f"{n}.pdf": SK for n in range(5)})
    with (
        pytest.raises(bulk.SourceError, match="5 anggota"),
        bulk.open_source(archive, limits=bulk.ZipLimits(max_members=4)),
    ):
        pass
    with (
        pytest.raises(bulk.SourceError, match="ukuran asli"),
        bulk.open_source(archive, limits=bulk.ZipLimits(max_total_bytes=len(SK) * 5 - 1)),
    ):
        pass


def test_member_names_are_only_shown_never_used_as_paths(
    tmp_path: Path, gov: Any, evidence_dir: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    archive = make_zip(work / "a.zip", {"../../luar.pdf": SK, "/etc/x\u202egpj.pdf": REPORT})
    code, out, _err = run(archive, government="kota-uji")
    assert code == 0, out
    assert "DIIMPOR  ../../luar.pdf → «Luar»" in out.splitlines()
    assert "DIIMPOR  etc/xgpj.pdf → «Xgpj»" in out.splitlines()  # no right-to-left mark printed
    assert not (tmp_path / "luar.pdf").exists()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file() and p.suffix == ".pdf") == sorted(
        p.name for p in stored_files(evidence_dir)
    )


def test_encrypted_member_is_refused(tmp_path: Path, gov: Any, evidence_dir: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {"rahasia.pdf": SK})
    data = bytearray(archive.read_bytes())
    # Set the "encrypted" flag in the local and central headers, as a password-protected ZIP has it.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.find(signature)
        data[position + offset] |= 0x1
    archive.write_bytes(bytes(data))
    code, out, _err = run(archive, government="kota-uji")
    assert code == 1
    assert out.splitlines()[0] == "DITOLAK  rahasia.pdf: berkas di dalam ZIP terenkripsi."


# Folder walking


def test_symbolic_links_out_of_the_folder_are_refused(tmp_path: Path, gov: Any, evidence_dir: Path) -> None:
    outside = make_folder(tmp_path / "luar", {"rahasia.pdf": SK, "dalam/x.pdf": REPORT})
    folder = make_folder(tmp_path / "arsip", {"a.png": PNG})
    os.symlink(outside / "rahasia.pdf", folder / "tautan.pdf")
    os.symlink(outside / "dalam", folder / "folder-tautan")
    os.symlink(folder / "a.png", folder / "b.png")  # inside: read, reported as the duplicate it is
    code, out, _err = run(folder, government="kota-uji")
    assert code == 1
    assert out.splitlines()[:4] == [
        "DIIMPOR  a.png → «A»",
        "DUPLIKAT b.png: sama dengan «A» (tingkat pemerintah daerah)",
        "DITOLAK  folder-tautan/: tautan ke luar folder, tidak diikuti.",
        "DITOLAK  tautan.pdf: tautan ke luar folder, tidak diikuti.",
    ]
    assert Item.objects.count() == 1


# Pure helpers


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("SK_tim-RB  2024.pdf", "SK tim RB 2024"),
        ("laporan.final.docx", "Laporan.final"),
        ("arsip/2024/notulen_rapat.PDF", "Notulen rapat"),
        ("tanpa ekstensi", "Tanpa ekstensi"),
        ("__.pdf", "Dokumen tanpa judul"),
        ("\u202efdp.exe", "Fdp"),
    ],
)
def test_title_from_name(name: str, title: str) -> None:
    assert bulk.title_from_name(name) == title


@pytest.mark.parametrize(
    ("path", "year"),
    [
        ("2024/sk.pdf", 2024),
        ("arsip 2019-2023/2021/Laporan 2022.pdf", 2022),
        ("arsip_2021/laporan.pdf", 2021),
        ("scan_20240415.pdf", None),
        ("1999/laporan 2101.pdf", None),
        ("2100.pdf", 2100),
    ],
)
def test_year_from_path(path: str, year: int | None) -> None:
    assert bulk.year_from_path(path) == year


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2025-04-15", dt.date(2025, 4, 15)),
        ("15/04/2025", dt.date(2025, 4, 15)),
        ("5-4-2025", dt.date(2025, 4, 5)),
        ("15 April 2025", dt.date(2025, 4, 15)),
        ("1 agustus 2024", dt.date(2024, 8, 1)),
        ("17 Agt 2024", dt.date(2024, 8, 17)),
        ("3 Desember  2023", dt.date(2023, 12, 3)),
        ("9 May 2025", dt.date(2025, 5, 9)),
    ],
)
def test_parse_date(text: str, date: dt.date) -> None:
    assert bulk.parse_date(text) == date


@pytest.mark.parametrize("text", ["2025-13-01", "30 Februari 2025", "15 Apil 2025", "04/15/2025", "2025"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=text.split()[0]):
        bulk.parse_date(text)
