"""The evaluator packet: folders in the targets' order, the cited versions, an index that matches the
bytes, and a ZIP streamed lazily with memory that does not grow with the packet."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import shutil
import subprocess
import tracemalloc
import zipfile
from typing import Any

import openpyxl
import pytest
from django.core.files.storage import FileSystemStorage

from petajalan.evidence import services
from petajalan.evidence.models import Item, Link, Version
from petajalan.evidence.packet import (
    CHUNK_SIZE,
    INDEX_CSV,
    INDEX_HEADERS,
    INDEX_XLSX,
    MISSING_NOTE,
    PacketEntry,
    packet_entries,
    packet_filename,
    safe_name,
    stream_packet,
)
from petajalan.evidence.storage import evidence_storage
from petajalan.evidence.targets import Target
from petajalan.testing.evidence import pdf_bytes, png_bytes

K = Link.TargetKind


class CountingStorage(FileSystemStorage):
    """The filesystem storage, remembering every file opened for reading."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.opened: list[str] = []

    def open(self, name: str, mode: str = "rb") -> Any:
        if "r" in mode:
            self.opened.append(name)
        return super().open(name, mode)


@pytest.fixture
def storage(settings: Any, tmp_path: Any) -> CountingStorage:
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": f"{__name__}.CountingStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence"), "base_url": None},
        },
    }
    store = evidence_storage()
    assert isinstance(store, CountingStorage)
    return store


def upload(actor: Any, government: Any, content: bytes, name: str, **data: Any) -> Item:
    values: dict[str, Any] = {"title": name.rsplit(".", 1)[0], "kind": Item.Kind.OTHER}
    values.update(data)
    return services.upload_item(
        actor=actor, government=government, upload=services.Upload(io.BytesIO(content), name), data=values
    )


def target(
    gov: Any, kind: str, target_id: str, folder: str, order: tuple[Any, ...], label: str = ""
) -> Target:
    return Target(
        kind=kind,
        id=target_id,
        government_id=gov.pk,
        unit_id=None,
        label=label or f"{kind} {target_id}",
        url="/",
        folder=folder,
        order=order,
    )


def loaded_links(gov: Any) -> list[Link]:
    """The links as the packet view loads them."""
    return list(
        Link.objects.filter(government=gov).select_related("item", "item__unit", "version", "version__blob")
    )


def packet(entries: list[PacketEntry], title: str = "Road map Dinas Kesehatan") -> zipfile.ZipFile:
    data = b"".join(stream_packet(entries, title=title))
    return zipfile.ZipFile(io.BytesIO(data))


def csv_rows(archive: zipfile.ZipFile) -> list[list[str]]:
    raw = archive.read(INDEX_CSV)
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the byte-order mark
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def xlsx_rows(archive: zipfile.ZipFile) -> tuple[Any, list[tuple[Any, ...]]]:
    workbook = openpyxl.load_workbook(io.BytesIO(archive.read(INDEX_XLSX)))
    sheet = workbook.active
    return sheet, list(sheet.iter_rows(values_only=True))


@pytest.fixture
def worksheet(gov: Any, unit: Any, admin: Any, storage: CountingStorage) -> dict[str, Any]:
    """Three targets in worksheet order (given out of order), four documents linked to them."""
    targets = {
        "later": target(gov, K.CRITERION_ANSWER, "7", "2.a Penataan Tatalaksana", (2, 1)),
        "first": target(gov, K.CRITERION_ANSWER, "3", "1.a Manajemen Perubahan", (1, 1)),
        "first_b": target(gov, K.CRITERION_ANSWER, "4", "1.a Manajemen Perubahan", (1, 2)),
    }
    decree = upload(
        admin,
        gov,
        pdf_bytes("SK Tim RB"),
        "sk-tim-rb.pdf",
        title="SK Tim Reformasi Birokrasi",
        kind=Item.Kind.DECREE,
        number="800/123/Dinkes/2025",
        document_on=dt.date(2025, 1, 6),
        issuer="Kepala Dinas Kesehatan",
        unit=unit,
    )
    plan = upload(
        admin, gov, pdf_bytes("Rencana kerja"), "rencana.pdf", title="Rencana Kerja Tim RB", unit=unit
    )
    photo = upload(admin, gov, png_bytes(), "foto.png", title="Foto rapat", kind=Item.Kind.PHOTO)
    table = upload(admin, gov, b"no,nama\r\n1,Layanan A\r\n", "data.csv", title="Data layanan")
    for item, key in [
        (plan, "first"),
        (decree, "first"),
        (photo, "first_b"),
        (table, "later"),
        (decree, "later"),
    ]:
        services.link_item(actor=admin, item=item, target=targets[key])
    contents = {}
    for item in [decree, plan, photo, table]:
        assert item.current is not None
        with storage.open(item.current.blob.storage_key, "rb") as stored:
            contents[item.pk] = stored.read()
    described = {(t.kind, t.id): t for t in targets.values()}
    return {"targets": described, "items": [decree, plan, photo, table], "contents": contents}


# packet_entries


@pytest.mark.django_db
def test_entries_follow_the_targets_order_then_the_titles(gov: Any, worksheet: dict[str, Any]) -> None:
    entries = packet_entries(loaded_links(gov), worksheet["targets"])
    assert [(e.folder, e.version.item.title) for e in entries] == [
        ("1.a Manajemen Perubahan", "Rencana Kerja Tim RB"),
        ("1.a Manajemen Perubahan", "SK Tim Reformasi Birokrasi"),
        ("1.a Manajemen Perubahan", "Foto rapat"),  # its target comes second in the folder
        ("2.a Penataan Tatalaksana", "Data layanan"),
        ("2.a Penataan Tatalaksana", "SK Tim Reformasi Birokrasi"),  # the same file, another folder
    ]


@pytest.mark.django_db
def test_a_version_linked_twice_in_one_folder_is_one_entry(
    gov: Any, admin: Any, worksheet: dict[str, Any]
) -> None:
    decree = worksheet["items"][0]
    targets = dict(worksheet["targets"])
    again = target(gov, K.ACTION, "9", "1.a Manajemen Perubahan", (1, 3))
    targets[(again.kind, again.id)] = again
    services.link_item(actor=admin, item=decree, target=again)
    entries = packet_entries(loaded_links(gov), targets)
    in_first = [e.version.item.title for e in entries if e.folder == "1.a Manajemen Perubahan"]
    assert in_first.count("SK Tim Reformasi Birokrasi") == 1
    assert len(entries) == 5


@pytest.mark.django_db
def test_links_whose_target_is_not_described_are_left_out(gov: Any, worksheet: dict[str, Any]) -> None:
    targets = {key: t for key, t in worksheet["targets"].items() if t.id != "7"}
    entries = packet_entries(loaded_links(gov), targets)
    assert {e.folder for e in entries} == {"1.a Manajemen Perubahan"}


@pytest.mark.django_db
def test_a_target_without_folder_is_foldered_by_its_label(
    gov: Any, admin: Any, storage: CountingStorage
) -> None:
    item = upload(admin, gov, pdf_bytes("Perwal"), "perwal.pdf", title="Perwal Road Map RB")
    plain = target(gov, K.ROADMAP, "1", "", (), label="Road map: RB 2025/2029 ‮gpj.exe")
    services.link_item(actor=admin, item=item, target=plain)
    entries = packet_entries(loaded_links(gov), {(plain.kind, plain.id): plain})
    assert [e.folder for e in entries] == ["Road map- RB 2025-2029 gpj.exe"]


@pytest.mark.django_db
def test_orders_of_different_shapes_sort_without_error(
    gov: Any, admin: Any, storage: CountingStorage
) -> None:
    one = upload(admin, gov, pdf_bytes("satu"), "satu.pdf", title="Satu")
    two = upload(admin, gov, pdf_bytes("dua"), "dua.pdf", title="Dua")
    by_text = target(gov, K.QUICK_WIN, "1", "Quick win", ("b", None))
    by_number = target(gov, K.ACTION, "2", "Aksi", (1, 5))
    services.link_item(actor=admin, item=one, target=by_text)
    services.link_item(actor=admin, item=two, target=by_number)
    described = {(t.kind, t.id): t for t in [by_text, by_number]}
    assert [e.folder for e in packet_entries(loaded_links(gov), described)] == ["Aksi", "Quick win"]


# stream_packet: layout and index


@pytest.mark.django_db
def test_packet_has_the_index_first_then_numbered_files_in_their_folders(
    gov: Any, worksheet: dict[str, Any]
) -> None:
    archive = packet(packet_entries(loaded_links(gov), worksheet["targets"]))
    assert archive.namelist() == [
        INDEX_CSV,
        INDEX_XLSX,
        "1.a Manajemen Perubahan/01 Rencana Kerja Tim RB.pdf",
        "1.a Manajemen Perubahan/02 SK Tim Reformasi Birokrasi.pdf",
        "1.a Manajemen Perubahan/03 Foto rapat.png",
        "2.a Penataan Tatalaksana/01 Data layanan.csv",
        "2.a Penataan Tatalaksana/02 SK Tim Reformasi Birokrasi.pdf",
    ]
    assert archive.testzip() is None


@pytest.mark.django_db
def test_every_file_is_the_stored_bytes_and_its_hash_is_in_both_indexes(
    gov: Any, worksheet: dict[str, Any]
) -> None:
    entries = packet_entries(loaded_links(gov), worksheet["targets"])
    archive = packet(entries, title="Paket LKE 2025")
    rows = csv_rows(archive)
    assert rows[0] == INDEX_HEADERS
    sheet, xlsx = xlsx_rows(archive)
    assert xlsx[0][0] == "Paket LKE 2025"
    assert list(xlsx[1]) == INDEX_HEADERS
    assert len(rows) - 1 == len(xlsx) - 2 == len(entries) == len(archive.namelist()) - 2
    for entry, row, sheet_row in zip(entries, rows[1:], xlsx[2:], strict=True):
        data = archive.read(f"{row[0]}/{row[1]}")
        assert data == worksheet["contents"][entry.version.item_id]
        assert hashlib.sha256(data).hexdigest() == row[6] == sheet_row[6] == entry.version.blob.sha256
        assert row[2] == sheet_row[2] == entry.version.item.title
        assert list(sheet_row[:2]) == row[:2]
    decree_row = next(r for r in rows if r[2] == "SK Tim Reformasi Birokrasi")
    assert decree_row[3:6] == ["800/123/Dinkes/2025", "2025-01-06", "Kepala Dinas Kesehatan"]
    decree_cells = next(r for r in xlsx if r[2] == "SK Tim Reformasi Birokrasi")
    assert decree_cells[4].date() == dt.date(2025, 1, 6)
    assert sheet.freeze_panes == "A3"
    assert all(cell.font.bold for cell in sheet[2])


@pytest.mark.django_db
def test_the_version_the_link_cited_is_packed_not_the_current_one(
    gov: Any, admin: Any, storage: CountingStorage
) -> None:
    old, new = pdf_bytes("SK versi lama"), pdf_bytes("SK versi baru")
    item = upload(admin, gov, old, "sk.pdf", title="SK Tim RB")
    cited_old = target(gov, K.ACTION, "1", "2024", (1,))
    services.link_item(actor=admin, item=item, target=cited_old)
    services.add_version(
        actor=admin, item=item, upload=services.Upload(io.BytesIO(new), "sk.pdf"), version=item.version
    )
    item.refresh_from_db()
    cited_new = target(gov, K.ACTION, "2", "2025", (2,))
    services.link_item(actor=admin, item=item, target=cited_new)
    described = {(t.kind, t.id): t for t in [cited_old, cited_new]}
    archive = packet(packet_entries(loaded_links(gov), described))
    assert archive.read("2024/01 SK Tim RB.pdf") == old
    assert archive.read("2025/01 SK Tim RB.pdf") == new
    assert Version.objects.filter(item=item).count() == 2


@pytest.mark.django_db
def test_already_compressed_files_are_stored_and_text_is_deflated(
    gov: Any, worksheet: dict[str, Any]
) -> None:
    archive = packet(packet_entries(loaded_links(gov), worksheet["targets"]))
    methods = {info.filename.rsplit(".", 1)[1]: info.compress_type for info in archive.infolist()}
    assert methods == {
        "csv": zipfile.ZIP_DEFLATED,
        "xlsx": zipfile.ZIP_STORED,
        "pdf": zipfile.ZIP_STORED,
        "png": zipfile.ZIP_STORED,
    }
    # written to a sink that cannot seek: sizes follow each member in a data descriptor
    assert all(info.flag_bits & 0x08 for info in archive.infolist())


@pytest.mark.skipif(shutil.which("unzip") is None, reason="Info-ZIP unzip is not installed")
@pytest.mark.django_db
def test_info_zip_unzip_reads_the_streamed_zip64_members(
    gov: Any, worksheet: dict[str, Any], tmp_path: Any
) -> None:
    path = tmp_path / "paket.zip"
    path.write_bytes(
        b"".join(stream_packet(packet_entries(loaded_links(gov), worksheet["targets"]), title="x"))
    )
    result = subprocess.run(["unzip", "-tq", str(path)], capture_output=True, text=True, check=False)  # noqa: S603, S607
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_names_are_plain_path_parts_that_keep_indonesian_readable(
    gov: Any, admin: Any, storage: CountingStorage
) -> None:
    titles = [
        "../../etc/passwd",
        "Laporan Kinerja – Triwulan I: Dinas Kesehatan",
        "Rékap «Pengaduan»\u202e",
        "...",
    ]
    described = {}
    for n, title in enumerate(titles):
        item = upload(admin, gov, pdf_bytes(f"isi {n}"), f"{n}.pdf", title=title)
        t = target(gov, K.ACTION, str(n), "Bab 1/Fokus: \u200bSDM", (n,))
        services.link_item(actor=admin, item=item, target=t)
        described[(t.kind, t.id)] = t
    names = packet(packet_entries(loaded_links(gov), described)).namelist()[2:]
    assert names == [
        "Bab 1-Fokus- SDM/01 etc-passwd.pdf",
        "Bab 1-Fokus- SDM/02 Laporan Kinerja - Triwulan I- Dinas Kesehatan.pdf",
        "Bab 1-Fokus- SDM/03 Rekap Pengaduan.pdf",
        "Bab 1-Fokus- SDM/04 Tanpa judul.pdf",
    ]


def test_safe_name_is_stable_and_bounded() -> None:
    for text in ["CON", " .hidden", "a" * 200, "Sekretariat Daerah / Bagian Organisasi", "\x00\x1f"]:
        name = safe_name(text, 60, "Lainnya")
        assert safe_name(name, 60, "Lainnya") == name
        assert len(name) <= 61 and name.isascii() and "/" not in name
        assert not name.startswith(".")
    assert safe_name("CON", 60, "x") == "CON_"
    assert safe_name("\x00", 60, "Lainnya") == "Lainnya"


@pytest.mark.django_db
def test_formula_like_titles_stay_text_in_both_indexes(
    gov: Any, admin: Any, storage: CountingStorage
) -> None:
    item = upload(admin, gov, pdf_bytes("x"), "x.pdf", title="=HYPERLINK(1)", issuer="@Wali Kota")
    t = target(gov, K.ACTION, "1", "Aksi", (1,))
    services.link_item(actor=admin, item=item, target=t)
    archive = packet(packet_entries(loaded_links(gov), {(t.kind, t.id): t}))
    row = csv_rows(archive)[1]
    assert (row[2], row[5]) == ("'=HYPERLINK(1)", "'@Wali Kota")
    sheet, rows = xlsx_rows(archive)
    assert sheet.cell(row=3, column=3).data_type == "s"
    assert rows[2][2] == "=HYPERLINK(1)"


@pytest.mark.django_db
def test_a_file_missing_from_storage_is_named_and_the_zip_stays_whole(
    gov: Any, worksheet: dict[str, Any], storage: CountingStorage
) -> None:
    entries = packet_entries(loaded_links(gov), worksheet["targets"])
    lost = entries[0]
    storage.delete(lost.version.blob.storage_key)
    archive = packet([lost, entries[2]])
    assert archive.testzip() is None
    assert archive.namelist()[-1] == MISSING_NOTE
    assert "1.a Manajemen Perubahan/01 Rencana Kerja Tim RB.pdf" in archive.read(MISSING_NOTE).decode()
    assert (
        archive.read("1.a Manajemen Perubahan/02 Foto rapat.png")
        == worksheet["contents"][entries[2].version.item_id]
    )


def test_packet_filename_is_an_ascii_slug() -> None:
    assert (
        packet_filename("Road map RB Dinas Kesehatan 2025–2029")
        == "paket-data-dukung-road-map-rb-dinas-kesehatan-20252029.zip"
    )
    assert packet_filename("Rékap: «LKE»") == "paket-data-dukung-rekap-lke.zip"
    assert packet_filename("“”") == "paket-data-dukung.zip"


# stream_packet: streaming


@pytest.mark.django_db
def test_loading_and_streaming_a_packet_takes_one_query(
    gov: Any, worksheet: dict[str, Any], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        entries = packet_entries(loaded_links(gov), worksheet["targets"])
        assert b"".join(stream_packet(entries, title="x"))


@pytest.mark.django_db
def test_chunks_leave_before_the_next_file_is_opened(
    gov: Any, worksheet: dict[str, Any], storage: CountingStorage
) -> None:
    entries = packet_entries(loaded_links(gov), worksheet["targets"])
    storage.opened.clear()
    opened_at_each_chunk = []
    for chunk in stream_packet(entries, title="x"):
        assert chunk
        opened_at_each_chunk.append(len(storage.opened))
    assert opened_at_each_chunk[0] == 0  # the index goes out before any file is read
    for n in range(1, len(entries) + 1):
        assert n in opened_at_each_chunk  # a chunk left while only n files had been opened
    assert len(storage.opened) == len(entries)


@pytest.mark.django_db
def test_memory_stays_near_one_chunk_whatever_the_packet_size(
    gov: Any, admin: Any, storage: CountingStorage
) -> None:
    """Files are written straight to storage (the upload limit is lower than a big file)."""
    from django.core.files.base import ContentFile

    from petajalan.evidence.models import Blob
    from petajalan.evidence.storage import content_key

    t = target(gov, K.ACTION, "1", "Aksi", (1,))
    entries = []
    for n in range(12):
        content = os.urandom(2 * CHUNK_SIZE + n)
        digest = hashlib.sha256(content).hexdigest()
        key = storage.save(content_key(digest, "pdf"), ContentFile(content))
        blob = Blob.objects.create(
            sha256=digest, size=len(content), file_kind="pdf", content_type="application/pdf", storage_key=key
        )
        item = Item.objects.create(government=gov, title=f"Berkas {n}")
        version = Version.objects.create(
            government=gov, item=item, number=1, blob=blob, original_name=f"{n}.pdf"
        )
        entries.append(PacketEntry(folder=t.folder, version=version))

    def peak(count: int) -> tuple[int, int, int]:
        tracemalloc.start()
        try:
            total, largest = 0, 0
            for chunk in stream_packet(entries[:count], title="x"):
                total += len(chunk)
                largest = max(largest, len(chunk))
            return tracemalloc.get_traced_memory()[1], total, largest
        finally:
            tracemalloc.stop()

    small_peak, small_total, _ = peak(2)
    large_peak, large_total, largest = peak(12)
    assert large_total > 5 * small_total
    assert largest <= CHUNK_SIZE + 64 * 1024
    assert large_peak < 4 * CHUNK_SIZE
    assert large_peak < small_peak + CHUNK_SIZE
