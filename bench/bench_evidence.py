"""Evidence bank: upload throughput, search over 10,000 items, a 1 GB packet streamed in flat memory.

Runs on a throw-away database and a temporary evidence folder.
BENCH_PACKET_MB sets the large packet's size in MiB (default 1000: 100 files of 10 MiB); the small one
is a tenth of it. The files are freshly written, so they are read from the page cache: the packet
figures are the cost of zipping and streaming, not of the disk.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import (
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
    teardown_test_environment,
)

UPLOADS = 200
SEARCH_ITEMS = 10_000
SEARCH_UNITS = 40
PAGE_SIZE = 50
REPEAT = 5
PACKET_FILE_MB = 10
MIB = 1024 * 1024
TASKS_DEFERRED = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _median(fn: Callable[[], Any]) -> tuple[float, Any]:
    fn()  # warm caches
    times, result = [], None
    for _ in range(REPEAT):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


# (a) upload ------------------------------------------------------------------------------------


def _uploads(government: Any, actor: Any) -> None:
    from petajalan.evidence import services
    from petajalan.evidence.models import Item
    from petajalan.testing.evidence import pdf_bytes

    files = [pdf_bytes(f"Laporan kinerja triwulan nomor {n}", pages=1 + n % 3) for n in range(UPLOADS)]
    size = sum(len(f) for f in files) / len(files)

    def upload(n: int, content: bytes) -> Any:
        return services.upload_item(
            actor=actor,
            government=government,
            upload=services.Upload(io.BytesIO(content), f"laporan-{n}.pdf"),
            data={"title": f"Laporan {n}", "kind": Item.Kind.REPORT},
        )

    # Thumbnails wait for the task worker, as in production: this is what the person waits for.
    with override_settings(TASKS=TASKS_DEFERRED):
        started = time.perf_counter()
        for n, content in enumerate(files):
            upload(n, content)
        elapsed = time.perf_counter() - started
        again = []
        for n in range(20):
            started = time.perf_counter()
            try:
                upload(n, files[n])
            except services.DuplicateFile:
                again.append(time.perf_counter() - started)
    print(f"upload {UPLOADS} distinct PDFs ({size / 1024:.1f} KB each), thumbnail deferred to the worker:")
    print(
        f"  {elapsed:6.2f} s   {UPLOADS / elapsed:6.1f} files/s   {elapsed / UPLOADS * 1000:6.1f} ms per file"
    )
    assert len(again) == 20, "every second upload of the same bytes must be refused as a duplicate"
    duplicate_ms = statistics.median(again) * 1000
    print(f"  same file again, refused as a duplicate: {duplicate_ms:6.1f} ms (median of 20)")
    print(f"  ratio new upload / duplicate check: {elapsed / UPLOADS * 1000 / duplicate_ms:.1f}×")


# (b) search ------------------------------------------------------------------------------------

TITLES = [
    "SK Tim Reformasi Birokrasi {unit}",
    "Laporan kinerja triwulan {q} tahun {year}",
    "Notulen rapat koordinasi kata kunci layanan {year}",
    "Foto kegiatan sosialisasi {unit}",
    "Tangkapan layar aplikasi pengaduan",
    "Rekapitulasi data kepuasan masyarakat {year}",
    "Standar operasional prosedur {unit}",
    "Berita acara evaluasi SAKIP {year}",
]
TAGS = ["SAKIP", "tim RB", "SK", "pelayanan publik", "pengaduan", "inovasi", "SPBE", "LKE"]
ISSUERS = ["Wali Kota", "Sekretaris Daerah", "Kepala Dinas", "Inspektur", "Kepala Bagian Organisasi"]


def _fill_items(government: Any, actor: Any) -> list[Any]:
    """SEARCH_ITEMS items over SEARCH_UNITS units with varied metadata, in bulk."""
    from petajalan.accounts.models import Unit
    from petajalan.evidence.models import Item
    from petajalan.evidence.services import build_search_text

    units = Unit.objects.bulk_create(
        Unit(
            government=government,
            name=f"Dinas Bangku {n}",
            short_name=f"Dinas {n}",
            kind=Unit.Kind.DINAS,
            code=f"8.{n:02d}.0.00.0.00.01.0000",
        )
        for n in range(SEARCH_UNITS)
    )
    kinds = list(Item.Kind)
    items = []
    for n in range(SEARCH_ITEMS):
        unit = units[n % len(units)] if n % 10 else None
        year = 2020 + n % 7
        item = Item(
            government=government,
            unit=unit,
            title=TITLES[n % len(TITLES)].format(
                unit=unit.short_name if unit else "", q=1 + n % 4, year=year
            ),
            kind=kinds[n % len(kinds)],
            number=f"{100 + n % 900}/{n}/{year}",
            document_on=dt.date(year, 1 + n % 12, 1 + n % 28),
            issuer=ISSUERS[n % len(ISSUERS)],
            year_from=year,
            year_to=year + n % 3,
            valid_until=dt.date(year + 1 + n % 5, 12, 31) if n % 4 else None,
            tags=", ".join(TAGS[(n + k) % len(TAGS)] for k in range(n % 3)),
            description=f"Dokumen nomor {n} untuk evaluasi reformasi birokrasi.",
            created_by=actor,
        )
        item.search_text = build_search_text(item, None)
        items.append(item)
    Item.objects.bulk_create(items, batch_size=1000)
    return units


def _search(government: Any, actor: Any) -> None:
    from petajalan.evidence.models import Item

    _fill_items(government, actor)
    today = dt.date(2026, 3, 1)

    def base() -> Any:
        # for_list() annotates a count, and Django leaves Meta.ordering out of GROUP BY queries
        items = Item.objects.visible_to(actor).filter(government=government).for_list()
        return items.order_by("-created_at", "-id")

    # filters taken from the data, so that each combination finds something
    minutes = base().search("kata").exclude(unit=None).first()
    report = base().search("laporan").covering(2024).exclude(tags="").first()
    tag = report.tag_list[0]
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("all, newest first", lambda: base()),
        ('search "kata"', lambda: base().search("kata")),
        ('search "laporan kinerja 2024"', lambda: base().search("laporan kinerja 2024")),
        (
            'search "kata" + unit + kind',
            lambda: base().search("kata").filter(unit=minutes.unit, kind=minutes.kind),
        ),
        (
            f'search "laporan" + year 2024 + tag "{tag}"',
            lambda: base().search("laporan").covering(2024).with_tag(tag),
        ),
        ("not linked", lambda: base().unlinked()),
        ("expiring", lambda: base().expiring(today).order_by("valid_until")),
    ]
    print(
        f"search over {SEARCH_ITEMS:,} items of {SEARCH_UNITS} units ({connection.vendor}), "
        f"first page of {PAGE_SIZE}"
    )
    print(f"  median of {REPEAT}, count + page as the list's paginator runs them")
    reference = None
    for label, query in cases:

        def page(query: Callable[[], Any] = query) -> tuple[int, int]:
            current = Paginator(query(), PAGE_SIZE).get_page(1)
            return current.paginator.count, len(list(current.object_list))

        with CaptureQueriesContext(connection) as queries:
            seconds, (found, shown) = _median(page)
        reference = reference or seconds
        per_run = len(queries.captured_queries) // (REPEAT + 1)
        print(
            f"  {label:<46} {seconds * 1000:7.1f} ms  {found:>6,} found  {shown:>2} shown  "
            f"{per_run} queries  ×{seconds / reference:.1f}"
        )


# (c) packet ------------------------------------------------------------------------------------


def _write_random(storage: Any, count: int, size: int) -> list[Any]:
    """``count`` incompressible files of ``size`` bytes stored as evidence, with their rows."""
    import hashlib

    from django.core.files.base import ContentFile

    from petajalan.evidence.models import Blob, Item, Version
    from petajalan.evidence.storage import content_key

    government = _government("kota-paket")
    versions = []
    for n in range(count):
        data = b"".join(os.urandom(MIB) for _ in range(size // MIB))
        sha = hashlib.sha256(data).hexdigest()
        key = storage.save(content_key(sha, "pdf"), ContentFile(data))
        del data
        blob = Blob.objects.create(
            sha256=sha, size=size, file_kind="pdf", content_type="application/pdf", storage_key=key
        )
        item = Item.objects.create(government=government, title=f"Berkas acak {n:03d}", number=f"{n}/2025")
        versions.append(
            Version.objects.create(
                government=government, item=item, number=1, blob=blob, original_name=f"{n}.pdf"
            )
        )
    return versions


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def _reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM (Linux 4.0+)
    except OSError:
        return False
    return True


def _drain(chunks: Iterator[bytes]) -> int:
    total = 0
    with open(os.devnull, "wb") as sink:
        for chunk in chunks:
            sink.write(chunk)
            total += len(chunk)
    return total


def _stream(entries: list[Any]) -> dict[str, float]:
    from petajalan.evidence.packet import stream_packet

    peak_reset = _reset_peak_rss()
    rss_before = _status_kb("VmRSS")
    started = time.perf_counter()
    total = _drain(stream_packet(entries, title="Paket bangku"))
    seconds = time.perf_counter() - started
    rss_after, peak = _status_kb("VmRSS"), _status_kb("VmHWM")
    tracemalloc.start()
    _drain(stream_packet(entries, title="Paket bangku"))
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "mb": total / MIB,
        "seconds": seconds,
        "mb_s": total / MIB / seconds,
        "rss_growth_mb": (rss_after - rss_before) / 1024,
        "peak_rss_growth_mb": (peak - rss_before) / 1024 if peak_reset else float("nan"),
        "traced_peak_mb": traced_peak / MIB,
    }


def _packets() -> None:
    from petajalan.evidence.packet import PacketEntry, stream_packet
    from petajalan.evidence.storage import evidence_storage

    large_mib = int(os.environ.get("BENCH_PACKET_MB", "1000"))
    count = max(10, large_mib // PACKET_FILE_MB)
    size = max(1, large_mib // count) * MIB
    started = time.perf_counter()
    versions = _write_random(evidence_storage(), count, size)
    print(
        f"packet: {count} files × {size // MIB} MiB of random bytes (stored, not deflated) written in "
        f"{time.perf_counter() - started:.1f} s; streamed to /dev/null"
    )
    entries = [
        PacketEntry(folder=f"{n // 10 + 1:02d} Area {n // 10 + 1}", version=v) for n, v in enumerate(versions)
    ]
    _drain(stream_packet(entries[:1], title="pemanasan"))  # imports openpyxl, warms the code paths
    small = _stream(entries[: count // 10])
    large = _stream(entries)
    for label, f in [("small", small), ("large", large)]:
        print(
            f"  {label:<5} {f['mb']:7.0f} MiB  {f['seconds']:6.2f} s  {f['mb_s']:6.0f} MiB/s   "
            f"RSS growth {f['rss_growth_mb']:5.1f} MiB (peak {f['peak_rss_growth_mb']:5.1f} MiB)   "
            f"tracemalloc peak {f['traced_peak_mb']:5.2f} MiB"
        )
    size_ratio, time_ratio = large["mb"] / small["mb"], large["seconds"] / small["seconds"]
    memory_ratio = large["traced_peak_mb"] / small["traced_peak_mb"]
    print(
        f"  ratio large / small: size ×{size_ratio:.1f}, time ×{time_ratio:.1f}, "
        f"tracemalloc peak ×{memory_ratio:.2f}"
    )


# setup -----------------------------------------------------------------------------------------


def _government(slug: str) -> Any:
    from petajalan.testing.factories import make_government

    return make_government(slug=slug, name=f"Kota {slug}")


def _measure() -> None:
    from petajalan.accounts.models import Membership
    from petajalan.testing.factories import make_person

    government = _government("kota-bangku")
    actor = make_person(government, Membership.Role.ADMIN)
    _uploads(government, actor)
    searched = _government("kota-cari")
    _search(searched, make_person(searched, Membership.Role.ADMIN))
    _packets()


def run() -> None:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    folder = tempfile.mkdtemp(prefix="bench-evidence-", dir=os.environ.get("BENCH_TMPDIR"))
    evidence = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": folder}}
    try:
        with override_settings(
            STORAGES={**settings.STORAGES, "evidence": evidence}, EVIDENCE_QUOTA_BYTES=10 * 1024**3
        ):
            _measure()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
