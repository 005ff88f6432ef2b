"""Demo self-assessment for Kota Tanjungbalai (fictional figures): the RB evaluations of 2023 and
2024, closed with the ministry's result beside the city's, and the evaluation of 2025, still in its
verification phase on 4 December 2026. Everything is written through the evaluation services.

The story (each year is evaluated in the next one, on the 2023 worksheet, lke:2023):

- the units answer in January–February, the Bagian Organisasi compiles, the Inspektorat verifies in
  March; the ministry's result arrives (2023: end of June 2024; 2024: 30 April 2025) and the Bagian
  Organisasi types it in beside the city's; objections have ten working days, then the year closes;
- the official index climbs from CC 58.95 (the national kab/kota average was 59.32) to B 64.74, the
  BPK opinion WTP both years, no coefficient applied; 2025 predicts BB (self 75.04, verified 72.23);
- the units over-claim SAKIP, the SPBE index and the community-satisfaction survey (SKM) every
  year: the Inspektorat let SAKIP and SKM through in 2023 and corrected part of all three in 2024,
  so calibration shows the gap narrowing; two objections against the 2024 result (SKM, archives);
- 2025: every item answered but three whose national results were not out yet, evidence from the
  bank on most answers, two thirds verified in March 2026; the national evaluation of 2025 not having
  opened, the Bagian Organisasi reopened verification in November 2026 so the Inspektorat can
  finish (audited, with its reason); a what-if scenario for 2026; road-map actions declare the
  criteria they serve.

Past windows are closed today. As the monitoring demo does, a phase's window is opened for the
seeding moment (written directly: no reopening happened in the story) and closed again, so every
answer goes through the services and their checks; audit events and timestamps are then dated as
the story goes. Idempotent: a year already opened is left untouched, as are existing scenarios and
action links.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, Max, Value, When
from django.utils import timezone

from petajalan.accounts.models import AuditEvent, Government, Membership, Unit, User
from petajalan.evaluations import services
from petajalan.evaluations.links import link_actions
from petajalan.evaluations.models import ActionCriterion, Answer, Cycle, Phase, Scenario, Window
from petajalan.evidence import services as bank
from petajalan.evidence.models import Item, Link
from petajalan.evidence.targets import resolve
from petajalan.frameworks.models import PackVersion
from petajalan.lib.simplepdf import simple_pdf
from petajalan.monitoring.calendar import add_working_days
from petajalan.monitoring.services import holidays_of
from petajalan.roadmaps.demo_evidence import FICTION
from petajalan.roadmaps.models import Action, Roadmap

R = Membership.Role
P = Phase
AGREE = "="  # the Inspektorat agreed with the unit's answer
YEARS = (2023, 2024, 2025)

# One row per item of lke:2023: (ref, answering unit or None for the Bagian Organisasi,
# 2023 (self, verified, evaluator), 2024 (self, verified, evaluator), 2025 (self, verified)).
# "=" the Inspektorat agreed; 2025: "" self = missing, "" verified = not verified yet.
ROWS: list[tuple[str, str | None, tuple[str, str, str], tuple[str, str, str], tuple[str, str]]] = [
    ("1A.1", None, ("2.2", "1.8", "1.4"), ("2.3", "2", "1.7"), ("2.4", "2.1")),
    ("1A.2", None, ("70", AGREE, "55"), ("72", AGREE, "60"), ("78", AGREE)),
    ("1B.H.1", None, ("45", AGREE, "45"), ("55", AGREE, "50"), ("65", AGREE)),
    ("1B.H.2", None, ("2.5", AGREE, "2"), ("2.5", AGREE, "2.2"), ("3", AGREE)),
    ("1B.H.3", "Inspektorat", ("2.4", AGREE, "2.2"), ("2.8", "2.6", "2.6"), ("3", AGREE)),
    ("1B.H.4", "Inspektorat", ("1", "0.35", "0.35"), ("1", AGREE, "0.5"), ("1.2", AGREE)),
    ("1B.H.5", "Bapperida", ("68", AGREE, "61.3"), ("71.2", "67", "64.1"), ("73.5", "67.5")),
    ("1B.H.6", "Diskominfo", ("2.2", "1.8", "1.6"), ("2.5", "2.2", "2"), ("2.8", AGREE)),
    ("1B.H.7", "Dispusip", ("22", AGREE, "22"), ("42", AGREE, "34"), ("62", "55")),
    ("1B.H.8", "Diskominfo", ("2.6", AGREE, "2.6"), ("2.9", AGREE, "2.9"), ("3.4", AGREE)),
    ("1B.H.9", None, ("55.2", AGREE, "55.2"), ("58.4", AGREE, "58.4"), ("60.2", AGREE)),
    ("1B.H.10", None, ("52", AGREE, "52"), ("54", AGREE, "54"), ("", "")),
    ("1B.H.11", "Diskominfo", ("1.8", AGREE, "1.6"), ("1.8", AGREE, "1.7"), ("2.1", AGREE)),
    ("1B.H.12", None, ("55", AGREE, "55"), ("58", AGREE, "58"), ("", "")),
    ("1B.S.1", "BKPSDM", ("180", AGREE, "180"), ("209", AGREE, "209"), ("228", AGREE)),
    ("1B.S.2", None, ("2.8", AGREE, "2.8"), ("3.2", AGREE, "3.2"), ("", "")),
    ("1B.S.3", None, ("68.2", AGREE, "68.2"), ("85.84", AGREE, "85.84"), ("87.1", AGREE)),
    ("1C.H.1", "Diskominfo", ("2.8", "2.5", "2.2"), ("3.1", "2.8", "2.6"), ("3.2", "2.9")),
    ("1C.H.2", "Bapperida", ("76", AGREE, "70"), ("76", AGREE, "72"), ("79", AGREE)),
    ("1C.H.3", "Bapperida", ("72", "68", "65"), ("74", AGREE, "68"), ("77", AGREE)),
    ("1C.H.4", "BPKPD", ("WTP", AGREE, "WTP"), ("WTP", AGREE, "WTP"), ("WTP", AGREE)),
    ("1C.H.5", "Inspektorat", ("64", AGREE, "60"), ("66", AGREE, "63"), ("72", "")),
    ("1C.S.1", "BKPSDM", ("62", AGREE, "58"), ("62", AGREE, "60"), ("65", AGREE)),
    ("1C.S.2", "Inspektorat", ("61.2", AGREE, "61.2"), ("63.1", AGREE, "63.1"), ("66.5", AGREE)),
    ("1C.S.3", None, ("82.4", AGREE, "76.4"), ("85.5", "81", "79.5"), ("86.4", "82.1")),
    ("2A.1.1", "Dinsos", ("0.3", AGREE, "0.22"), ("0.32", AGREE, "0.26"), ("0.34", AGREE)),
    ("2A.1.2", "Dinsos", ("80", AGREE, "70"), ("82", AGREE, "76"), ("82", AGREE)),
    ("2A.2.1", "DPMPTSP", ("0.3", AGREE, "0.25"), ("0.34", AGREE, "0.3"), ("0.36", AGREE)),
    ("2A.2.2", "DPMPTSP", ("85", AGREE, "75"), ("88", AGREE, "80"), ("86", AGREE)),
    ("2A.3.1", "Dinkes", ("0.25", AGREE, "0.18"), ("0.3", AGREE, "0.24"), ("0.32", "")),
    ("2A.3.2", "Dinkes", ("70", AGREE, "60"), ("75", AGREE, "68"), ("76", "")),
    ("2A.4.1", None, ("0.2", AGREE, "0.17"), ("0.25", AGREE, "0.2"), ("0.28", "")),
    ("2A.4.2", None, ("75", AGREE, "65"), ("78", AGREE, "70"), ("78", "")),
    ("2A.5.1", "Disperindag", ("0.3", AGREE, "0.2"), ("0.3", AGREE, "0.25"), ("0.32", "")),
    ("2A.5.2", "Disperindag", ("80", AGREE, "70"), ("82", AGREE, "74"), ("82", "")),
    ("2B.1", "Dinsos", ("1.8", AGREE, "1.2"), ("1.8", AGREE, "1.3"), ("1.9", "")),
    ("2B.2", "DPMPTSP", ("2", AGREE, "1.4"), ("2", AGREE, "1.5"), ("2.1", "1.8")),
    ("2B.3", "Dinkes", ("1.4", AGREE, "0.9"), ("1.4", AGREE, "1"), ("1.6", "")),
    ("2B.4", None, ("1.4", AGREE, "1"), ("1.4", AGREE, "1"), ("1.5", "")),
    ("2B.5", "Disperindag", ("1.8", AGREE, "1.3"), ("1.8", AGREE, "1.3"), ("1.9", "")),
]
OVERCLAIMED = ("1B.H.5", "1C.H.1", "1C.S.3")  # SAKIP, SPBE index, SKM

# The unit's note with its answer ({year}: the year evaluated, {prev}: the year before).
SELF_NOTES = {
    "1A.1": "Penilaian mandiri atas rencana aksi RB {year} kota dan perangkat daerah.",
    "1A.2": "Realisasi rencana aksi {year} menurut laporan triwulan IV.",
    "1B.H.3": "Penilaian mandiri maturitas SPIP {year}; penjaminan kualitas BPKP menyusul.",
    "1B.H.5": "Nilai evaluasi internal AKIP {year} oleh Bapperida; LHE KemenPAN-RB belum terbit.",
    "1B.H.6": "Hasil pemantauan mandiri arsitektur SPBE {year}.",
    "1B.H.7": "Persentase arsip vital yang sudah dialihmediakan per Desember {year}.",
    "1B.S.1": "Penilaian mandiri sistem merit {year} (skala 0-410).",
    "1C.H.1": "Indeks SPBE hasil penilaian mandiri {year}.",
    "1C.H.2": "Capaian IKU makro {year} menurut data kinerja Bapperida (angka sementara).",
    "1C.H.3": "Rata-rata capaian IKU perangkat daerah {year} menurut data kinerja Bapperida.",
    "1C.H.4": "Opini BPK atas LKPD {prev}.",
    "1C.H.5": "Persentase rekomendasi BPK yang selesai ditindaklanjuti per 31 Desember {year}.",
    "1C.S.2": "Hasil Survei Penilaian Integritas KPK {year}.",
    "1C.S.3": "Rata-rata IKM unit layanan yang melaporkan SKM {year}.",
}
# The Inspektorat's note where its value differs: (year, ref) → note
VERIFY_NOTES = {
    (2023, "1A.1"): "Rencana aksi belum memuat target triwulan dan anggaran; nilai disesuaikan.",
    (2023, "1B.H.4"): "Belum ada unit kerja yang diusulkan WBK pada 2023; nilai disesuaikan.",
    (2023, "1B.H.6"): "Dua domain arsitektur SPBE belum didukung dokumen yang ditetapkan.",
    (2023, "1C.H.1"): "Indikator layanan SPBE belum didukung tangkapan layar dan data pemakaian.",
    (2023, "1C.H.3"): "Capaian IKU dihitung ulang dari data kinerja; dua IKU tanpa data dukung.",
    (2024, "1A.1"): "Sebagian indikator keluaran belum terukur; nilai disesuaikan.",
    (2024, "1B.H.3"): "Register risiko baru ada di 12 perangkat daerah; mengikuti hasil QA BPKP.",
    (2024, "1B.H.5"): "Predikat BB belum didukung: laporan kinerja 2024 belum memuat analisis efisiensi. "
    "Mengikuti evaluasi AKIP Inspektorat (67,0).",
    (2024, "1B.H.6"): "Peta rencana SPBE belum ditetapkan dengan Perwal.",
    (2024, "1C.H.1"): "Nilai mandiri SPBE belum divalidasi; tiga indikator layanan publik tanpa bukti.",
    (2024, "1C.S.3"): "SKM dihitung dari seluruh 31 unit layanan, bukan 8 unit yang sudah melapor.",
    (2025, "1A.1"): "Dua perangkat daerah belum menetapkan rencana aksi 2025 dengan target triwulan.",
    (2025, "1B.H.5"): "LHE AKIP 2025 belum terbit; mengikuti evaluasi AKIP Inspektorat (67,5).",
    (2025, "1B.H.7"): "Berita acara alih media hanya ada untuk 55% arsip vital.",
    (2025, "1C.H.1"): "Indikator integrasi layanan belum didukung bukti pemakaian; nilai disesuaikan.",
    (2025, "1C.S.3"): "Rata-rata seluruh 31 unit layanan 82,1; tiga unit belum menyurvei semester II.",
    (2025, "2B.2"): "Realisasi investasi mengikuti data LKPM triwulan IV dari DPMPTSP.",
}
# The ministry's note on its answer, typed in by the Bagian Organisasi: (year, ref) → note
EVALUATOR_NOTES = {
    (2023, "1B.H.5"): "Mengikuti LHE AKIP 2023 KemenPAN-RB (61,3).",
    (2023, "1C.H.1"): "Mengikuti hasil evaluasi SPBE 2023 (2,2).",
    (2023, "1C.S.3"): "Nilai SKM dari seluruh unit layanan yang dievaluasi.",
    (2024, "1B.H.5"): "Mengikuti LHE AKIP 2024 KemenPAN-RB (64,1).",
    (2024, "1B.H.7"): "Mengikuti berita acara alih media ANRI (34%).",
    (2024, "1C.H.1"): "Mengikuti hasil evaluasi SPBE 2024 (2,6).",
    (2024, "1C.S.3"): "Nilai SKM dari seluruh unit layanan; laporan semester II belum diterima.",
}
OBJECTIONS = {
    (2024, "1C.S.3"): "Laporan SKM semester II 2024 dari seluruh 31 unit layanan (terlampir) belum "
    "diperhitungkan; dengan laporan itu nilai kota 81,0.",
    (2024, "1B.H.7"): "Berita acara verifikasi ANRI 28 November 2024 mencatat 42% arsip vital sudah "
    "dialihmediakan, bukan 34%.",
}


@dataclass(frozen=True)
class Calendar:
    """When a year's evaluation ran (the year after the one evaluated)."""

    opened_on: dt.date
    windows: dict[str, tuple[dt.date, dt.date]]
    result_on: dt.date | None = None  # the ministry's result typed in
    closed_on: dt.date | None = None


def _d(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _calendar(opened: str, windows: str, result: str | None = None, closed: str | None = None) -> Calendar:
    """``windows``: "first..last" per phase in the phases' order, separated by spaces."""
    spans = [span.split("..") for span in windows.split()]
    phases = (P.ANSWERING, P.COMPILING, P.VERIFICATION, P.EVALUATOR, P.OBJECTION)
    return Calendar(
        _day(opened),
        {phase: (_day(first), _day(last)) for phase, (first, last) in zip(phases, spans, strict=True)},
        result_on=_day(result) if result else None,
        closed_on=_day(closed) if closed else None,
    )


# opened, then answering, compiling, verification, evaluator and objection windows, result, closed
CALENDARS = {
    2023: _calendar(
        "2024-01-05",
        "2024-01-08..2024-02-16 2024-02-19..2024-03-01 2024-03-04..2024-03-29 "
        "2024-04-01..2024-06-28 2024-07-01..2024-07-12",
        result="2024-06-27",
        closed="2024-07-22",
    ),
    2024: _calendar(
        "2025-01-03",
        "2025-01-06..2025-02-14 2025-02-17..2025-02-28 2025-03-03..2025-03-27 "
        "2025-04-01..2025-05-02 2025-05-05..2025-05-16",
        result="2025-05-02",
        closed="2025-06-02",
    ),
    # the ministry had set no date for its evaluation of 2025: no evaluator or objection window yet
    2025: Calendar(
        _d(2026, 1, 5),
        {p: w for p, w in services.default_windows(2025).items() if p not in (P.EVALUATOR, P.OBJECTION)},
    ),
}
REOPENED_ON = _d(2026, 11, 16)
REOPENED_UNTIL = _d(2027, 1, 29)
REOPEN_REASON = (
    "Evaluasi nasional 2025 belum dibuka KemenPAN-RB; verifikasi dibuka kembali agar Inspektorat "
    "menuntaskan butir yang belum diverifikasi."
)
SCENARIO = ("Target 2026: SAKIP BB dan SPBE 3,5", {"1B.H.5": "72", "1C.H.1": "3,5"})
# The units answer in the order of the sheet, a couple of working days apart; the Bagian Organisasi last.
ANSWER_ORDER = [*dict.fromkeys(row[1] for row in ROWS if row[1]), None]

# Evidence of the 2025 answers: documents already in the bank (roadmaps/demo_evidence.py) and the
# ones the units upload for the evaluation: (title, unit, kind, file, issued on, issuer, text, refs)
EXISTING_EVIDENCE = {
    "Peraturan Wali Kota Nomor 7 Tahun 2025 tentang Road Map RB DPMPTSP (salinan bertanda tangan)": ["1A.1"],
    "Laporan Survei Kepuasan Masyarakat DPMPTSP Semester II 2025": ["1C.S.3"],
    "Tangkapan layar pelacakan izin daring": ["1C.H.1"],
    "Foto loket layanan perizinan terpadu di MPP": ["1B.S.3"],
    "Rekap izin terbit per bulan 2025": ["2A.2.2", "2B.2"],
    "SK Tim Reformasi Birokrasi Dinas Kesehatan 2025": ["2A.3.1"],
}
K = Item.Kind
EVALUATION_DOCS: list[tuple[str, str | None, str, str, dt.date, str, str, list[str]]] = [
    (
        "Laporan capaian indikator kinerja utama Kota Tanjungbalai 2025 (angka sementara)",
        "Bapperida",
        K.REPORT,
        "capaian-iku-kota-2025.pdf",
        _d(2026, 1, 7),
        "Bapperida",
        "Capaian 9 IKU kota, rata-rata capaian IKU perangkat daerah dan evaluasi internal AKIP 2025.",
        ["1B.H.5", "1C.H.2", "1C.H.3"],
    ),
    (
        "Laporan penilaian mandiri maturitas SPIP Tahun 2025",
        "Inspektorat",
        K.REPORT,
        "penilaian-mandiri-spip-2025.pdf",
        _d(2026, 1, 5),
        "Inspektorat Daerah",
        "Tingkat maturitas 3 (terdefinisi); register risiko di 24 perangkat daerah.",
        ["1B.H.3", "1B.H.4"],
    ),
    (
        "Rekap tindak lanjut rekomendasi BPK per 31 Desember 2025",
        "Inspektorat",
        K.DATA_TABLE,
        "rekap-tl-bpk-2025.pdf",
        _d(2026, 1, 6),
        "Inspektorat Daerah",
        "312 rekomendasi; 225 selesai (72%), 71 dalam proses, 16 belum ditindaklanjuti.",
        ["1C.H.5"],
    ),
    (
        "Hasil Survei Penilaian Integritas Kota Tanjungbalai 2025",
        "Inspektorat",
        K.REPORT,
        "hasil-spi-2025.pdf",
        _d(2025, 12, 18),
        "Komisi Pemberantasan Korupsi",
        "Indeks integritas 66,5.",
        ["1C.S.2"],
    ),
    (
        "LHP BPK atas LKPD Kota Tanjungbalai Tahun 2024 (opini WTP)",
        "BPKPD",
        K.REPORT,
        "lhp-bpk-lkpd-2024.pdf",
        _d(2025, 5, 23),
        "BPK RI Perwakilan Sumatera Utara",
        "Opini: Wajar Tanpa Pengecualian.",
        ["1C.H.4"],
    ),
    (
        "Laporan pemantauan mandiri Indeks SPBE 2025",
        "Diskominfo",
        K.REPORT,
        "pemantauan-spbe-2025.pdf",
        _d(2026, 1, 12),
        "Dinas Komunikasi dan Informatika",
        "Indeks mandiri 3,2; arsitektur dan peta rencana SPBE; rekap aduan SP4N-LAPOR!.",
        ["1C.H.1", "1B.H.6", "1B.H.8", "1B.H.11"],
    ),
    (
        "Laporan penilaian mandiri sistem merit 2025",
        "BKPSDM",
        K.REPORT,
        "penilaian-merit-2025.pdf",
        _d(2026, 1, 16),
        "BKPSDM",
        "Nilai mandiri 228 dari 410; survei BerAKHLAK 1.140 pegawai, indeks 65.",
        ["1B.S.1", "1C.S.1"],
    ),
    (
        "Rekap alih media arsip vital per Desember 2025",
        "Dispusip",
        K.DATA_TABLE,
        "rekap-alih-media-arsip-2025.pdf",
        _d(2026, 1, 14),
        "Dinas Perpustakaan dan Arsip",
        "62% arsip vital perangkat daerah sudah dialihmediakan.",
        ["1B.H.7"],
    ),
    (
        "Laporan capaian rencana aksi RB Kota Tanjungbalai Tahun 2025",
        None,
        K.REPORT,
        "capaian-rencana-aksi-rb-2025.pdf",
        _d(2026, 1, 23),
        "Bagian Organisasi Sekretariat Daerah",
        "Realisasi rencana aksi RB General dan RB Tematik 2025 per triwulan.",
        ["1A.1", "1A.2", "1B.H.1", "1B.H.2", "1B.H.9", "2A.1.2", "2A.4.2", "2A.5.2"],
    ),
    (
        "Rekap Survei Kepuasan Masyarakat Kota Tanjungbalai 2025",
        None,
        K.DATA_TABLE,
        "rekap-skm-kota-2025.pdf",
        _d(2026, 2, 4),
        "Bagian Organisasi Sekretariat Daerah",
        "IKM 31 unit layanan; rata-rata 28 unit yang sudah menyurvei semester II.",
        ["1C.S.3", "1B.S.3"],
    ),
]

# Road-map actions that serve a criterion: (unit or None for the city, action order, refs)
SERVES: list[tuple[str | None, int, list[str]]] = [
    (None, 3, ["1B.H.5", "1C.H.3"]),
    (None, 1, ["1B.H.1"]),
    ("Bapperida", 1, ["1B.H.5", "1C.H.2", "1C.H.3"]),
    ("Bapperida", 2, ["1B.H.9"]),
    ("Bapperida", 3, ["1B.H.11"]),
    ("Bapperida", 4, ["2A.1.2"]),
    ("Inspektorat", 1, ["1B.H.3"]),
    ("Inspektorat", 2, ["1C.H.5"]),
    ("Inspektorat", 3, ["1B.H.4"]),
    ("Inspektorat", 5, ["1C.H.4", "1C.H.5"]),
    ("BKPSDM", 1, ["1B.S.1"]),
    ("BKPSDM", 3, ["1C.S.1"]),
    ("BKPSDM", 6, ["1B.H.2"]),
    ("DPMPTSP", 1, ["2A.2.2"]),
    ("DPMPTSP", 2, ["1C.S.3", "1B.S.3"]),
    ("DPMPTSP", 3, ["1C.H.1"]),
    ("DPMPTSP", 6, ["1C.S.2"]),
    ("Dispusip", 1, ["1B.H.7"]),
    ("Dinsos", 1, ["2A.1.2", "2B.1"]),
    ("Kec. Datuk Bandar Timur", 3, ["1C.H.1"]),
]


@dataclass
class Cast:
    """Who does what: the units' drafters answer, the Inspektorat verifies, the admin keeps the cycle."""

    admin: User | None
    verifier: User | None
    drafters: dict[str | None, User | None]


def build_demo_evaluations(password: str) -> list[Cycle]:
    """Tanjungbalai's evaluations of 2023, 2024 (closed) and 2025 (verification); idempotent."""
    government = Government.objects.filter(slug="tanjungbalai").first()
    worksheet = (
        PackVersion.objects.filter(pack__key="lke", version="2023", owner__isnull=True)
        .select_related("pack")
        .defer("document")
        .first()
    )
    if government is None or worksheet is None:
        return []
    made: list[Cycle] = []
    with transaction.atomic():
        units = {u.short_name: u for u in Unit.objects.filter(government=government)}
        cast = _cast(government, units)
        wanted = [y for y in YEARS if not Cycle.objects.filter(government=government, year=y).exists()]
        if wanted:
            holidays = holidays_of(government, [y + 1 for y in wanted])
        for year in wanted:
            made.append(_year(government, worksheet, year, units, cast, holidays))
        current = Cycle.objects.filter(government=government, year=YEARS[-1]).first()
        if current is not None:
            _scenario(current, cast)
            _serves(current, cast)
    return made


def _cast(government: Government, units: dict[str, Unit]) -> Cast:
    admin = _person(government, R.ADMIN)
    drafters: dict[str | None, User | None] = {None: admin}
    for name in {row[1] for row in ROWS if row[1]}:
        unit = units.get(name)
        drafters[name] = (
            _person(government, R.DRAFTER, unit) or _person(government, R.UNIT_HEAD, unit) or admin
        )
    return Cast(
        admin=admin, verifier=_person(government, R.REVIEWER, reviews_all=True) or admin, drafters=drafters
    )


def _year(
    government: Government,
    worksheet: PackVersion,
    year: int,
    units: dict[str, Unit],
    cast: Cast,
    holidays: set[dt.date],
) -> Cycle:
    """One year's evaluation, walked through its phases as far as the story goes."""
    cal = CALENDARS[year]
    with _dated(_at(cal.opened_on, 8, 40)):
        cycle = services.open_cycle(
            actor=cast.admin, government=government, year=year, worksheet=worksheet, windows=cal.windows
        )
        Cycle.objects.filter(pk=cycle.pk).update(created_at=_at(cal.opened_on, 8, 40))
        answers = _assign(cycle, units, cast, cal)
        cycle = services.set_coefficient(
            actor=cast.admin, cycle=cycle, column="self", value="0", version=cycle.version
        )
    stamps: dict[int, dict[str, dt.datetime]] = {}
    answers = _answer(cycle, answers, year, cast, holidays, stamps)
    cycle = _advance(cycle, cast, _at(cal.windows[P.COMPILING][0], 8, 5))
    cycle = _advance(cycle, cast, _at(cal.windows[P.VERIFICATION][0], 8, 5))
    answers = _verify(cycle, answers, year, cast, holidays, stamps)
    if year == YEARS[-1]:
        _stamp(stamps)
        return _reopen_verification(cycle, cast)
    assert cal.result_on is not None and cal.closed_on is not None
    with _dated(_at(cal.windows[P.VERIFICATION][1], 15, 30)):
        cycle = _fresh(cycle)
        cycle = services.set_coefficient(
            actor=cast.admin, cycle=cycle, column="verified", value="0", version=cycle.version
        )
    cycle = _advance(cycle, cast, _at(cal.windows[P.EVALUATOR][0], 8, 5))
    answers, cycle = _evaluator(cycle, answers, year, cast, cal.result_on)
    cycle = _advance(cycle, cast, _at(cal.windows[P.OBJECTION][0], 8, 5))
    answers = _objections(cycle, answers, year, cast, holidays, stamps)
    cycle = _advance(cycle, cast, _at(cal.closed_on, 9, 0))
    _stamp(stamps)
    return cycle


def _assign(cycle: Cycle, units: dict[str, Unit], cast: Cast, cal: Calendar) -> dict[str, Answer]:
    """Each item to the unit of ROWS where the suggestion differs; the answers by ref."""
    answers = {a.ref: a for a in cycle.answers.select_related("unit")}
    due = cal.windows[P.ANSWERING][1]
    for ref, unit_name, *_ in ROWS:
        answer = answers.get(ref)
        unit = units.get(unit_name) if unit_name else None
        if answer is not None and answer.unit_id != (unit.pk if unit else None):
            answers[ref] = services.assign(actor=cast.admin, answer=answer, unit=unit, due_on=due)
    return answers


def _answer(
    cycle: Cycle,
    answers: dict[str, Answer],
    year: int,
    cast: Cast,
    holidays: set[dt.date],
    stamps: dict[int, dict[str, dt.datetime]],
) -> dict[str, Answer]:
    """The units answer, a few working days apart, with the evidence the bank holds (2025)."""
    window = cycle.windows.get(phase=P.ANSWERING)
    with _open(cycle, P.ANSWERING) as fresh:
        documents = _documents(fresh.government) if year == YEARS[-1] else {}
        for n, unit_name in enumerate(ANSWER_ORDER):
            day = min(add_working_days(window.opens_on, 1 + 2 * n, holidays), window.closes_on)
            actor = cast.drafters.get(unit_name, cast.admin)
            refs = [r[0] for r in ROWS if r[1] == unit_name and _values(r[0], year)[0] and r[0] in answers]
            typed: dict[int, dt.datetime] = {}
            with _dated(_at(day, 9, 10)) as mark:
                for minute, ref in enumerate(refs):
                    answer = answers[ref]
                    answer.cycle = fresh
                    answers[ref] = services.answer_self(
                        actor=actor,
                        answer=answer,
                        value=_values(ref, year)[0],
                        note=SELF_NOTES.get(ref, "").format(year=year, prev=year - 1),
                        version=answer.version,
                    )
                    typed[answer.pk] = _at(day, 9, 10 + 4 * minute)
                if documents:
                    _link_evidence(fresh, [answers[r] for r in refs], actor, documents, _at(day, 9, 10))
            _redate(mark, typed, "answered_at", stamps)
    return answers


def _verify(
    cycle: Cycle,
    answers: dict[str, Answer],
    year: int,
    cast: Cast,
    holidays: set[dt.date],
    stamps: dict[int, dict[str, dt.datetime]],
) -> dict[str, Answer]:
    """The Inspektorat checks unit by unit: agrees, or gives its value with a note."""
    window = cycle.windows.get(phase=P.VERIFICATION)
    with _open(cycle, P.VERIFICATION) as fresh:
        for n, unit_name in enumerate(ANSWER_ORDER):
            day = min(add_working_days(window.opens_on, 1 + n * 3 // 2, holidays), window.closes_on)
            refs = [
                r[0] for r in ROWS if r[1] == unit_name and all(_values(r[0], year)[:2]) and r[0] in answers
            ]
            checked: dict[int, dt.datetime] = {}
            with _dated(_at(day, 13, 5)) as mark:
                for minute, ref in enumerate(refs):
                    verified = _values(ref, year)[1]
                    answer = answers[ref]
                    answer.cycle = fresh
                    answers[ref] = services.verify(
                        actor=cast.verifier,
                        answer=answer,
                        agree=verified == AGREE,
                        value="" if verified == AGREE else verified,
                        note=VERIFY_NOTES.get((year, ref), ""),
                        version=answer.version,
                    )
                    checked[answer.pk] = _at(day, 13, 5 + 6 * minute)
            _redate(mark, checked, "verified_at", stamps)
    return answers


def _evaluator(
    cycle: Cycle, answers: dict[str, Answer], year: int, cast: Cast, result_on: dt.date
) -> tuple[dict[str, Answer], Cycle]:
    """The ministry's result typed in by the Bagian Organisasi; the official index is the engine's."""
    with _open(cycle, P.EVALUATOR) as fresh, _dated(_at(result_on, 10, 15)):
        for ref, answer in list(answers.items()):
            answer.cycle = fresh
            answers[ref] = services.record_evaluator(
                actor=cast.admin,
                answer=answer,
                value=_values(ref, year)[2],
                note=EVALUATOR_NOTES.get((year, ref), ""),
                version=answer.version,
            )
        fresh = services.set_coefficient(
            actor=cast.admin, cycle=fresh, column="evaluator", value="0", version=fresh.version
        )
        scored = services.scores(fresh).evaluator
        assert scored is not None
        fresh = services.set_official_result(
            actor=cast.admin,
            cycle=fresh,
            index=scored.index.quantize(Decimal("0.01")),
            predicate=scored.band,
            version=fresh.version,
        )
    return answers, fresh


def _objections(
    cycle: Cycle,
    answers: dict[str, Answer],
    year: int,
    cast: Cast,
    holidays: set[dt.date],
    stamps: dict[int, dict[str, dt.datetime]],
) -> dict[str, Answer]:
    """The Bagian Organisasi files the year's objections a few working days into their window."""
    start = cycle.windows.get(phase=P.OBJECTION).opens_on
    filed = [(ref, text) for (y, ref), text in OBJECTIONS.items() if y == year]
    with _open(cycle, P.OBJECTION) as fresh:
        for n, (ref, text) in enumerate(filed):
            when = _at(add_working_days(start, 2 + 3 * n, holidays), 14, 20)
            answer = answers[ref]
            answer.cycle = fresh
            with _dated(when) as mark:
                answers[ref] = services.file_objection(
                    actor=cast.admin, answer=answer, text=text, version=answer.version
                )
            _redate(mark, {answer.pk: when}, "objection_at", stamps)
    return answers


def _reopen_verification(cycle: Cycle, cast: Cast) -> Cycle:
    """Verification extended by the admin, with its reason, so the Inspektorat can finish today."""
    today = timezone.localdate()
    until = max(REOPENED_UNTIL, today + dt.timedelta(days=14))
    cycle = _fresh(cycle)
    with _dated(_at(min(REOPENED_ON, today), 10, 30)):
        return services.reopen(
            actor=cast.admin,
            cycle=cycle,
            version=cycle.version,
            phase=P.VERIFICATION,
            reason=REOPEN_REASON,
            until=until,
        )


def _advance(cycle: Cycle, cast: Cast, when: dt.datetime) -> Cycle:
    with _dated(when):
        return services.advance(actor=cast.admin, cycle=cycle, version=cycle.version)


# Evidence, the scenario and the actions ----------------------------------------------------------


def _documents(government: Government) -> dict[str, Item]:
    """The bank's documents the 2025 answers cite, by title."""
    titles = [*EXISTING_EVIDENCE, *(doc[0] for doc in EVALUATION_DOCS)]
    return {
        i.title: i
        for i in Item.objects.filter(government=government, title__in=titles).select_related("current")
    }


def _link_evidence(
    cycle: Cycle, answers: list[Answer], actor: User | None, documents: dict[str, Item], when: dt.datetime
) -> None:
    """Link each answer to the documents that support it (the evaluation's own uploaded then)."""
    pairs = [(str(Link.TargetKind.CRITERION_ANSWER), str(a.pk)) for a in answers]
    described = resolve(pairs)
    for answer, pair in zip(answers, pairs, strict=True):
        titles = [t for t, refs in EXISTING_EVIDENCE.items() if answer.ref in refs]
        titles += [doc[0] for doc in EVALUATION_DOCS if answer.ref in doc[7]]
        target = described.get(pair)
        if target is None:
            continue
        for title in titles:
            if title not in documents:
                uploaded = _upload(cycle.government, title, actor, when)
                if uploaded is None:
                    continue
                documents[title] = uploaded
            bank.link_item(actor=actor, item=documents[title], target=target)


def _upload(government: Government, title: str, actor: User | None, when: dt.datetime) -> Item | None:
    doc = next((d for d in EVALUATION_DOCS if d[0] == title), None)
    if doc is None:
        return None
    _title, unit_name, kind, file_name, issued_on, issuer, text, _refs = doc
    unit = Unit.objects.filter(government=government, short_name=unit_name).first() if unit_name else None
    content = simple_pdf([title.upper(), text, f"Diterbitkan oleh {issuer}.", "", FICTION])
    try:
        item = bank.upload_item(
            actor=actor,
            government=government,
            upload=bank.Upload(io.BytesIO(content), file_name),
            data={
                "title": title,
                "kind": kind,
                "document_on": issued_on,
                "issuer": issuer,
                "unit": unit,
                "year_from": 2025,
                "year_to": 2025,
                "tags": "evaluasi RB, data dukung LKE",
                "description": "Dokumen demo fiktif, dibuat otomatis oleh petajalan load_demo.",
            },
        )
    except bank.DuplicateFile as exc:
        return exc.item
    Item.objects.filter(pk=item.pk).update(created_at=when)
    item.versions.update(uploaded_at=when)
    return item


def _scenario(cycle: Cycle, cast: Cast) -> None:
    name, wanted = SCENARIO
    if Scenario.objects.filter(cycle=cycle, name=name).exists():
        return
    by_ref = services.worksheet_of(cycle.worksheet).by_ref()
    with _dated(_at(_d(2026, 3, 30), 10, 0)):
        scenario = services.save_scenario(
            actor=cast.admin, cycle=cycle, name=name, answers={by_ref[r].key: v for r, v in wanted.items()}
        )
    Scenario.objects.filter(pk=scenario.pk).update(updated_at=_at(_d(2026, 3, 30), 10, 0))


def _serves(cycle: Cycle, cast: Cast) -> None:
    """The criteria enacted road-map actions serve, declared by the Bagian Organisasi."""
    by_ref = services.worksheet_of(cycle.worksheet).by_ref()
    actions = Action.objects.filter(
        roadmap__government=cycle.government, roadmap__status=Roadmap.Status.ENACTED, source__isnull=True
    ).select_related("roadmap__unit")
    found = {(a.roadmap.unit.short_name if a.roadmap.unit else None, a.order): a.pk for a in actions}
    wanted: dict[str, set[int]] = {}
    for unit_name, order, refs in SERVES:
        if (unit_name, order) in found:
            for ref in refs:
                wanted.setdefault(by_ref[ref].key, set()).add(found[(unit_name, order)])
    have: dict[str, set[int]] = {}
    for action_id, key in ActionCriterion.objects.filter(action_id__in=found.values()).values_list(
        "action_id", "node_key"
    ):
        have.setdefault(key, set()).add(action_id)
    with _dated(_at(CALENDARS[YEARS[-1]].opened_on, 11, 0)):
        for key, pks in wanted.items():
            if pks - have.get(key, set()):
                link_actions(
                    actor=cast.admin, cycle=cycle, node_key=key, add=sorted(pks - have.get(key, set()))
                )


# Helpers -----------------------------------------------------------------------------------------

ROWS_BY_REF = {row[0]: row for row in ROWS}


def _values(ref: str, year: int) -> tuple[str, ...]:
    """(self, verified, evaluator) of ``ref`` in ``year`` (2025: no evaluator yet)."""
    row = ROWS_BY_REF[ref]
    return row[2] if year == YEARS[0] else row[3] if year == YEARS[1] else row[4]


def _fresh(cycle: Cycle) -> Cycle:
    return (
        Cycle.objects.select_related("worksheet", "bands", "government")
        .defer("worksheet__document", "bands__document")
        .prefetch_related("windows")
        .get(pk=cycle.pk)
    )


@contextmanager
def _open(cycle: Cycle, phase: str) -> Iterator[Cycle]:
    """The phase's window open today while the demo writes it, then back to the story's dates."""
    window = Window.objects.get(cycle=cycle, phase=phase)
    today = timezone.localdate()
    Window.objects.filter(pk=window.pk).update(
        opens_on=min(window.opens_on, today), closes_on=max(window.closes_on, today)
    )
    try:
        yield _fresh(cycle)
    finally:
        Window.objects.filter(pk=window.pk).update(opens_on=window.opens_on, closes_on=window.closes_on)


@contextmanager
def _dated(when: dt.datetime) -> Iterator[int]:
    """Audit events and evidence links written inside are dated ``when`` (only the demo rewrites
    history); yields where the audit log stood before."""
    events = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    links = Link.objects.aggregate(last=Max("pk"))["last"] or 0
    yield events
    AuditEvent.objects.filter(pk__gt=events).update(created_at=when)
    Link.objects.filter(pk__gt=links).update(created_at=when)


def _redate(
    mark: int, moments: dict[int, dt.datetime], field: str, stamps: dict[int, dict[str, dt.datetime]]
) -> None:
    """Each answer's audit event at its own minute (one query); the answer's ``field`` kept for
    ``_stamp``."""
    if moments:
        AuditEvent.objects.filter(
            pk__gt=mark, object_type="evaluations.answer", object_id__in=[str(pk) for pk in moments]
        ).update(created_at=Case(*(When(object_id=str(pk), then=Value(w)) for pk, w in moments.items())))
    for pk, when in moments.items():
        stamps.setdefault(pk, {})[field] = when


def _stamp(stamps: dict[int, dict[str, dt.datetime]]) -> None:
    """The answers' own timestamps as the story goes (one query per field)."""
    for field in ("answered_at", "verified_at", "objection_at"):
        rows = [
            Answer(pk=pk, **{field: moments[field]}) for pk, moments in stamps.items() if field in moments
        ]
        Answer.objects.bulk_update(rows, [field])


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    extra, minute = divmod(minute, 60)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour + extra, minute)))


def _person(
    government: Government, role: str, unit: Unit | None = None, *, reviews_all: bool = False
) -> User | None:
    members = Membership.objects.filter(government=government, role=role, is_active=True).select_related(
        "user"
    )
    if role in Membership.UNIT_ROLES:
        members = members.filter(unit=unit)
    if reviews_all:
        members = members.filter(reviewed_units__isnull=True)
    first = members.order_by("pk").first()
    return first.user if first else None
