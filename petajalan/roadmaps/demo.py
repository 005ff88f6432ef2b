"""Demo road maps for Kota Tanjungbalai (fictional): one unit road map in each workflow state and a
city road map, with rows that are good examples (problem → action → measurable indicator with a
baseline, yearly targets, budget and owner). Idempotent: an existing road map is left untouched.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from petajalan.accounts.models import Government, Membership, Unit, User
from petajalan.frameworks.services import version_in_force
from petajalan.roadmaps import plain as P
from petajalan.roadmaps.models import Comment, Roadmap, Snapshot
from petajalan.roadmaps.services import (
    apply_plain,
    consolidate,
    create_roadmap,
    focus_nodes,
    freeze_snapshot,
    to_plain,
)

S = Roadmap.Status
START, END = 2025, 2029
# The showcase: an enacted unit road map written the way the clinic asks (no open finding; the
# focus nodes this unit does not act on are explained in the clinic, see clinic/demo.py).
EXEMPLARY_UNIT = "DPMPTSP"
NS = uuid.UUID("6f1d2a4e-7c1b-4f0e-9a55-0d3f1c2b9e10")  # stable uids: a rerun would write the same rows

# When each seeded step happened, as the first round of the period would go: drafting from January,
# submitted before the deadline (31 March), reviewed, approved and then enacted by the Perwal of
# 15 April (local time). Each unit runs a day behind the one before it in UNIT_STATES, except the
# enactment. Snapshots, the coach's comment and the road map's dates follow it.
Moment = tuple[int, int, int, int, int]  # year, month, day, hour, minute
DRAFTING_FROM: Moment = (START, 1, 13, 9, 0)
ENACTED_ON = dt.date(START, 4, 15)
STEP_AT: dict[str, Moment] = {
    S.SUBMITTED: (START, 3, 17, 15, 42),
    S.IN_REVIEW: (START, 3, 20, 9, 5),
    S.CHANGES_REQUESTED: (START, 3, 24, 13, 30),
    S.APPROVED: (START, 4, 3, 10, 15),
    S.ENACTED: (START, 4, 15, 14, 0),
}

# unit short name → (status, theme of its rows)
UNIT_STATES = [
    ("Dinkes", S.DRAFT, "kesehatan"),
    ("RSUD", S.SUBMITTED, "rumah sakit"),
    ("Dukcapil", S.IN_REVIEW, "adminduk"),
    ("Disdik", S.CHANGES_REQUESTED, "pendidikan"),
    ("Diskominfo", S.APPROVED, "spbe"),
    ("DPMPTSP", S.ENACTED, "perizinan"),
]

# (focus key, problem, evidence, activity, output, indicator, unit, baseline, yearly targets, budget Rp/yr)
ROWS: dict[str, list[tuple[Any, ...]]] = {
    "kesehatan": [
        (
            "urn:rb:general:21",
            "Antrean pendaftaran puskesmas rata-rata 75 menit.",
            "Survei waktu tunggu 2024, 8 puskesmas",
            "Menerapkan pendaftaran daring dan nomor antrean SMS di 8 puskesmas",
            "Layanan antrean daring berjalan",
            "Rata-rata waktu tunggu pendaftaran",
            "menit",
            75,
            [60, 45, 30, 25, 20],
            180_000_000,
            "down",
        ),
        (
            "urn:rb:general:08",
            "Pengaduan layanan kesehatan tidak tercatat dan tidak ditindaklanjuti.",
            "Rekap SP4N-LAPOR! 2024: 12 dari 41 aduan dijawab",
            "Menetapkan SOP pengelolaan pengaduan dan petugas penghubung di tiap puskesmas",
            "SOP dan SK petugas pengaduan",
            "Persentase aduan dijawab ≤ 5 hari kerja",
            "%",
            29,
            [50, 70, 85, 90, 95],
            35_000_000,
            "up",
        ),
        (
            "urn:rb:general:06",
            "Belum ada unit layanan yang berpredikat WBK.",
            "Hasil TPI 2024",
            "Membangun Zona Integritas di RSUD dan 2 puskesmas percontohan",
            "Unit kerja diusulkan WBK",
            "Jumlah unit kerja berpredikat WBK",
            "unit",
            0,
            [0, 1, 1, 2, 3],
            60_000_000,
            "up",
        ),
    ],
    "rumah sakit": [
        (
            "urn:rb:general:21",
            "Waktu tunggu rawat jalan lebih dari 3 jam.",
            "Audit mutu 2024",
            "Menerapkan perjanjian jadwal poliklinik daring",
            "Sistem jadwal poliklinik",
            "Waktu tunggu rawat jalan",
            "menit",
            190,
            [150, 120, 90, 75, 60],
            250_000_000,
            "down",
        ),
        (
            "urn:rb:general:06",
            "Praktik gratifikasi belum terkendali.",
            "Temuan Inspektorat 2024",
            "Sosialisasi dan pelaporan gratifikasi daring",
            "Kanal pelaporan gratifikasi",
            "Jumlah laporan gratifikasi ditangani",
            "laporan",
            0,
            [5, 10, 10, 10, 10],
            20_000_000,
            "up",
        ),
    ],
    "adminduk": [
        (
            "urn:rb:general:05",
            "Penerbitan akta kelahiran masih manual dan perlu datang 3 kali.",
            "Data layanan 2024",
            "Layanan akta kelahiran daring terintegrasi dengan rumah sakit dan puskesmas",
            "Layanan daring akta kelahiran",
            "Persentase akta kelahiran terbit ≤ 1 hari",
            "%",
            35,
            [55, 70, 85, 90, 95],
            120_000_000,
            "up",
        ),
        (
            "urn:rb:general:12",
            "Arsip dokumen kependudukan berupa kertas dan rawan rusak.",
            "Inventaris arsip 2024",
            "Digitalisasi arsip register akta 1990–2020",
            "Arsip digital terindeks",
            "Persentase register akta terdigitalisasi",
            "%",
            10,
            [30, 50, 70, 90, 100],
            90_000_000,
            "up",
        ),
    ],
    "pendidikan": [
        (
            "urn:rb:general:18",
            "Kinerja guru tidak dipantau berbasis data.",
            "Rekap e-kinerja 2024",
            "Laporan",
            "Laporan",
            "",
            "",
            None,
            [None, None, None, None, None],
            0,
            "up",
        ),
        (
            "urn:rb:general:21",
            "Pendaftaran peserta didik baru menimbulkan antrean panjang.",
            "Pengaduan PPDB 2024: 63 aduan",
            "PPDB daring dengan kanal bantuan di setiap kecamatan",
            "Layanan PPDB daring",
            "Jumlah aduan PPDB",
            "aduan",
            63,
            [40, 25, 15, 10, 10],
            75_000_000,
            "down",
        ),
    ],
    "spbe": [
        (
            "urn:rb:general:03",
            "Aplikasi OPD tidak saling terhubung (47 aplikasi, 6 terintegrasi).",
            "Inventaris aplikasi 2024",
            "Menyusun arsitektur SPBE kota dan peta rencana integrasi",
            "Dokumen Arsitektur SPBE",
            "Indeks SPBE",
            "indeks",
            Decimal("2.1"),
            [Decimal("2.4"), Decimal("2.7"), Decimal("3.0"), Decimal("3.2"), Decimal("3.5")],
            150_000_000,
            "up",
        ),
        (
            "urn:rb:tematik:digitalisasi-administrasi",
            "Naskah dinas masih dicetak dan diparaf manual.",
            "Survei Bagian Umum 2024",
            "Menerapkan tanda tangan elektronik dan naskah dinas elektronik",
            "TTE untuk pejabat struktural",
            "Persentase naskah dinas bertanda tangan elektronik",
            "%",
            5,
            [25, 50, 75, 90, 95],
            110_000_000,
            "up",
        ),
    ],
    "perizinan": [
        # the exemplary road map (EXEMPLARY_UNIT): every row complete, each with its own evidence
        (
            "urn:rb:tematik:investasi",
            "Izin usaha mikro dan kecil terbit rata-rata 14 hari kerja.",
            "Data OSS 2024: 1.212 izin, rata-rata 14 hari kerja",
            "Pendampingan OSS berbasis risiko bagi pelaku usaha mikro di Mal Pelayanan Publik",
            "Loket pendampingan OSS buka setiap hari kerja",
            "Rata-rata lama terbit izin usaha mikro dan kecil",
            "hari kerja",
            14,
            [7, 5, 3, 2, 1],
            85_000_000,
            "down",
            "Rekap OSS per triwulan, daftar pelaku usaha yang didampingi, foto loket",
        ),
        (
            "urn:rb:general:21",
            "Indeks kepuasan masyarakat layanan perizinan 76,2, di bawah rata-rata kota.",
            "Survei kepuasan masyarakat 2024: 76,2 (rata-rata kota 79,5)",
            "Memperbarui standar pelayanan 12 jenis izin bersama wakil pemohon dan memajangnya di loket",
            "Standar pelayanan 12 jenis izin ditetapkan dan dipajang",
            "Indeks kepuasan masyarakat layanan perizinan",
            "indeks (0-100)",
            Decimal("76.2"),
            [78, 80, 82, 84, 85],
            40_000_000,
            "up",
            "Keputusan kepala dinas tentang standar pelayanan, notulen forum konsultasi publik, laporan SKM",
        ),
        (
            "urn:rb:general:05",
            "Permohonan izin reklame dan persetujuan bangunan gedung masih diajukan dengan berkas kertas.",
            "Register permohonan 2024: 80% berkas kertas",
            "Membuka permohonan izin reklame dan persetujuan bangunan gedung secara daring",
            "Formulir permohonan daring untuk 2 jenis izin",
            "Persentase permohonan izin yang diajukan daring",
            "%",
            20,
            [40, 60, 75, 85, 90],
            120_000_000,
            "up",
            "Tangkapan layar layanan daring, rekap permohonan daring dan luring per bulan",
        ),
        (
            "urn:rb:general:08",
            "Aduan perizinan di SP4N-LAPOR! lambat dijawab.",
            "Rekap SP4N-LAPOR! 2024: 18 dari 30 aduan dijawab dalam 5 hari kerja",
            "Menunjuk petugas penghubung pengaduan dan menetapkan batas jawab 5 hari kerja",
            "Alur tindak lanjut aduan dengan petugas penghubung berjalan",
            "Persentase aduan perizinan dijawab dalam 5 hari kerja",
            "%",
            60,
            [75, 85, 90, 95, 95],
            None,  # no budget needed: a decree and a procedure, done by existing staff
            "up",
            "SK petugas penghubung, rekap SP4N-LAPOR! per triwulan",
        ),
        (
            "urn:rb:general:06",
            "Unit layanan perizinan belum membangun Zona Integritas.",
            "Penilaian mandiri Zona Integritas 2024: nilai 62",
            "Membangun Zona Integritas di unit layanan perizinan Mal Pelayanan Publik",
            "Unit layanan perizinan diusulkan berpredikat WBK",
            "Nilai penilaian mandiri Zona Integritas unit layanan perizinan",
            "nilai (0-100)",
            62,
            [70, 75, 80, 85, 88],
            60_000_000,
            "up",
            "Lembar kerja evaluasi Zona Integritas, berita acara penilaian Tim Penilai Internal",
        ),
        (
            "urn:rb:general:09",
            "Sebagian pemohon masih dimintai imbalan oleh perantara di sekitar loket.",
            "Survei integritas layanan 2024: 9% responden pernah dimintai imbalan",
            "Memisahkan pemohon dari pemroses berkas dan membuka kanal pelaporan gratifikasi",
            "Pemrosesan berkas di ruang tertutup dan kanal pelaporan gratifikasi aktif",
            "Persentase responden survei yang pernah dimintai imbalan",
            "%",
            9,
            [6, 4, 2, 1, 0],
            15_000_000,
            "down",
            "Hasil survei integritas tahunan, rekap laporan gratifikasi, foto tata ruang layanan",
        ),
        (
            "urn:rb:general:18",
            "Kinerja petugas loket belum dinilai dengan data layanan.",
            "E-kinerja 2024: 40% pegawai dinilai triwulanan tepat waktu",
            "Menetapkan sasaran kinerja petugas loket dari data waktu layanan dan menilainya tiap triwulan",
            "Sasaran kinerja petugas loket berbasis data waktu layanan",
            "Persentase pegawai yang dinilai kinerjanya tiap triwulan tepat waktu",
            "%",
            40,
            [70, 85, 95, 100, 100],
            None,
            "up",
            "Rekap e-kinerja per triwulan, berita acara penilaian kinerja",
        ),
        (
            "urn:rb:general:04",
            "Indikator kinerja utama DPMPTSP belum mengukur hasil layanan bagi pemohon.",
            "Evaluasi SAKIP 2024 oleh Inspektorat: nilai 61,5",
            "Menyelaraskan indikator kinerja utama dan perjanjian kinerja dengan lama terbit izin",
            "Indikator kinerja utama yang mengukur lama terbit izin",
            "Nilai evaluasi SAKIP DPMPTSP",
            "nilai (0-100)",
            Decimal("61.5"),
            [65, 68, 71, 74, 77],
            None,
            "up",
            "Keputusan IKU, perjanjian kinerja, laporan hasil evaluasi SAKIP",
        ),
    ],
}


# Fictional chapter text, long enough to read as a real draft (the clinic asks ~40 words per chapter).
CHAPTER_TEXT = {
    "bab-1": (
        "Road map ini memuat langkah reformasi birokrasi **{unit}** untuk periode {period}. Dokumen ini "
        "menjadi acuan bagi seluruh pegawai dalam memperbaiki tata kelola dan pelayanan, sejalan dengan "
        "road map kota dan pedoman Kementerian PANRB yang berlaku. Data dalam demo ini **fiktif** dan "
        "hanya dipakai untuk latihan penyusunan."
    ),
    "bab-2": (
        "Pada periode lalu {unit} telah menerbitkan standar pelayanan dan membuka kanal pengaduan, namun "
        "waktu tunggu layanan masih panjang, pengaduan belum tercatat rapi, dan data kinerja belum "
        "dipakai untuk mengambil keputusan. Potensi yang ada: pegawai muda yang terbiasa dengan aplikasi "
        "dan dukungan jaringan dari Diskominfo."
    ),
    "bab-3": (
        "Arah kebijakan {unit} periode {period} adalah layanan yang cepat, pasti dan terbuka. Sasaran "
        "diukur dengan waktu tunggu, persentase pengaduan yang dijawab tepat waktu, dan jumlah unit "
        "kerja berpredikat WBK. Setiap sasaran punya data dasar 2024 dan target per tahun pada matriks "
        "rencana aksi."
    ),
    "bab-4": (
        "Rencana aksi disusun per kegiatan utama RB General dan tema RB Tematik yang relevan. Setiap "
        "baris menjawab satu permasalahan hasil diagnosis, memiliki keluaran, indikator dengan satuan, "
        "target tahunan, anggaran per tahun dan penanggung jawab, serta data dukung yang akan "
        "dikumpulkan setiap triwulan."
    ),
    "bab-5": (
        "Quick win {unit} dipilih karena langsung dirasakan warga dalam satu tahun: layanan tanpa antre "
        "dengan nomor antrean dari rumah. Ukuran sebelum dan sesudah dicatat, dan hasilnya dilaporkan "
        "kepada tim pengarah reformasi birokrasi kota setiap triwulan bersama foto dan rekap waktu tunggu."
    ),
    "bab-6": (
        "Pelaksanaan dipimpin kepala perangkat daerah sebagai ketua tim pelaksana, dibantu sekretaris dan "
        "kelompok kerja. Agen perubahan menjalankan rencana tindak masing-masing. Capaian dilaporkan "
        "setiap triwulan kepada Bagian Organisasi dengan data dukung, lalu dievaluasi bersama pendamping "
        "dari Inspektorat. Kendala yang muncul dibahas dalam rapat tim setiap bulan agar rencana aksi "
        "yang tertinggal segera dikejar."
    ),
    "bab-7": (
        "Road map ini bersifat dinamis dan dapat diubah melalui usulan perubahan bila kebijakan nasional "
        "atau daerah berubah. Keberhasilannya bergantung pada komitmen pimpinan, keterlibatan seluruh "
        "pegawai, dan keterbukaan kepada masyarakat tentang capaian dan kendala pelaksanaannya. Capaian "
        "tahunan diumumkan di laman resmi agar warga ikut mengawasi."
    ),
}


# The showcase's chapters: specific to the unit, each well above the clinic's 40-word minimum.
EXEMPLARY_CHAPTERS = {
    "bab-1": (
        "Road map reformasi birokrasi **{unit}** periode {period} menjabarkan road map Kota Tanjungbalai "
        "ke dalam langkah yang dapat dikerjakan dan diukur oleh satu perangkat daerah. Dokumen ini "
        "disusun oleh tim pelaksana RB bersama pendamping dari Inspektorat dan Bagian Organisasi, lalu "
        "ditetapkan dengan Peraturan Wali Kota. *Seluruh data dalam contoh ini fiktif dan dipakai untuk "
        "latihan penyusunan.*"
    ),
    "bab-2": (
        "Pada 2024 {unit} menerbitkan 1.212 izin usaha melalui OSS dengan rata-rata 14 hari kerja. "
        "Indeks kepuasan masyarakat layanan perizinan 76,2, di bawah rata-rata kota 79,5. Delapan dari "
        "sepuluh permohonan izin reklame dan persetujuan bangunan gedung masih berupa berkas kertas, 12 "
        "dari 30 aduan di SP4N-LAPOR! dijawab lewat dari lima hari kerja, dan survei integritas mencatat "
        "9% responden pernah dimintai imbalan. Permasalahan ini dirinci per kegiatan utama pada bagian "
        "diagnosis, masing-masing dengan data dukungnya."
    ),
    "bab-3": (
        "Arah kebijakan {unit} periode {period}: izin terbit cepat, pasti dan bersih. Sasarannya lama "
        "terbit izin usaha mikro turun dari 14 menjadi 1 hari kerja, indeks kepuasan masyarakat naik "
        "menjadi 85, 90% permohonan diajukan daring, dan unit layanan perizinan berpredikat WBK. Setiap "
        "sasaran mendukung sasaran road map kota pada kegiatan utama pelayanan publik dan tema RB "
        "Tematik peningkatan investasi."
    ),
    "bab-4": (
        "Rencana aksi disusun dari permasalahan hasil diagnosis: setiap baris menjawab satu "
        "permasalahan, menyebut keluaran, indikator dengan satuan, data dasar 2024, target setiap tahun "
        "yang bergerak ke arah yang benar, anggaran per tahun atau keterangan tidak memerlukan anggaran, "
        "penanggung jawab, dan data dukung yang dikumpulkan. Kegiatan utama yang menjadi kewenangan "
        "perangkat daerah lain dijelaskan alasannya pada hasil klinik."
    ),
    "bab-5": (
        "Dua quick win dipilih karena langsung dirasakan pemohon dalam tahun pertama: izin usaha mikro "
        "terbit di hari yang sama melalui loket pendampingan OSS, dan status berkas yang dikirim lewat "
        "pesan singkat sehingga pemohon tidak perlu datang menanyakan berkasnya. Ukuran sebelum dan "
        "sesudah dicatat dari rekap OSS dan dilaporkan kepada tim pengarah setiap triwulan."
    ),
    "bab-6": (
        "Tim pengarah dipimpin Sekretaris Daerah; tim pelaksana dipimpin Kepala {unit} dengan dua "
        "kelompok kerja: pelayanan publik dan Zona Integritas, serta akuntabilitas kinerja. Dua agen "
        "perubahan menjalankan rencana tindak masing-masing. Capaian setiap rencana aksi dipantau "
        "bulanan dalam rapat tim, dilaporkan triwulanan kepada Bagian Organisasi dengan data dukung, "
        "dan dievaluasi setiap tahun bersama pendamping dari Inspektorat."
    ),
    "bab-7": (
        "Road map ini menjadi pegangan seluruh pegawai {unit} sampai akhir periode {period}. Perubahan "
        "hanya dilakukan melalui usulan perubahan kepada Bagian Organisasi bila kebijakan nasional atau "
        "daerah berubah. Capaian tahunan diumumkan di laman resmi dan di ruang tunggu Mal Pelayanan "
        "Publik agar pemohon ikut mengawasi dan memberi masukan."
    ),
}


def _uid(*parts: Any) -> str:
    return str(uuid.uuid5(NS, "/".join(str(p) for p in parts)))


def _plain_for(roadmap: Roadmap, theme: str, unit: Unit) -> P.PlainRoadmap:
    plain = to_plain(roadmap)
    known = {n.key for n in focus_nodes(roadmap)}
    rows = [r for r in ROWS[theme] if not known or r[0] in known]
    year = timezone.localdate().year if START <= timezone.localdate().year <= END else START
    exemplary = unit.short_name == EXEMPLARY_UNIT
    for n, row in enumerate(rows, 1):
        key, problem, evidence, activity, output, indicator, uom, base, targets, budget, direction = row[:11]
        expected = (
            row[11] if len(row) > 11 else "SK, SOP, laporan capaian triwulan dengan foto dan tangkapan layar"
        )
        puid = _uid(unit.code, "problem", n)
        plain.problems.append(
            P.Problem(uid=puid, focus_key=key, statement=problem, evidence=evidence, order=n)
        )
        plain.actions.append(
            P.Action(
                uid=_uid(unit.code, "action", n),
                focus_key=key,
                activity=activity,
                problem_uids=[puid],
                subactivity_code=f"{unit.code[:4]}.01.2.0{n}.0001" if unit.code[0].isdigit() else "",
                output=output,
                indicator=indicator,
                unit_of_measure=uom,
                direction=direction,
                baseline_year=2024 if base is not None else None,
                baseline_value=Decimal(str(base)) if base is not None else None,
                targets=[
                    P.YearValue(y, Decimal(str(v)) if v is not None else None)
                    for y, v in zip(roadmap.years, targets, strict=False)
                    if v is not None
                ],
                quarter_targets=[],
                budgets=[P.YearValue(y, Decimal(budget)) for y in roadmap.years] if budget else [],
                no_budget_needed=budget is None,
                responsible_unit=unit.short_name,
                schedule=[f"{year}-Q{q}" for q in (1, 2, 3, 4)] + [f"{year + 1}-Q1", f"{year + 1}-Q2"],
                expected_evidence=expected,
                order=n,
            )
        )
    if exemplary:
        _exemplary_parts(plain, unit)
        return plain
    plain.quick_wins = [
        P.QuickWin(
            uid=_uid(unit.code, "qw", 1),
            title=f"Layanan tanpa antre {unit.short_name}",
            change_for_citizens="Warga mengambil nomor antrean dari rumah dan datang sesuai jadwal.",
            owner=unit.head_name or unit.short_name,
            deadline=dt.date(START + 1, 6, 30),
            before_measure="Antre rata-rata 75 menit",
            after_measure="Antre paling lama 20 menit",
            expected_evidence="Tangkapan layar aplikasi, rekap waktu tunggu",
        )
    ]
    plain.team = [
        P.TeamMember(
            team="implementing",
            role="Ketua",
            name=unit.head_name or "Kepala",
            position=f"Kepala {unit.short_name}",
        ),
        P.TeamMember(
            team="implementing", role="Sekretaris", name="Sekretaris (fiktif)", position="Sekretaris Dinas"
        ),
        P.TeamMember(
            team="working_group",
            role="Anggota",
            name="Staf Perencanaan (fiktif)",
            group="Pokja Pelayanan Publik",
        ),
    ]
    plain.change_agents = [
        P.ChangeAgent(
            name="Agen Perubahan (fiktif)",
            position="Pelaksana",
            unit=unit.short_name,
            action_plan="Menggerakkan budaya antre daring dan melatih rekan kerja.",
        ),
    ]
    for chapter in plain.chapters:
        if not chapter.body:
            chapter.body = CHAPTER_TEXT.get(chapter.key.rsplit(":", 1)[-1], CHAPTER_TEXT["bab-1"]).format(
                unit=unit.name, period=roadmap.period_label
            )
    return plain


def _exemplary_parts(plain: P.PlainRoadmap, unit: Unit) -> None:
    """The showcase's quick wins, team, change agents and chapters (all fictional people)."""
    plain.quick_wins = [
        P.QuickWin(
            uid=_uid(unit.code, "qw", 1),
            title="Izin usaha mikro terbit di hari yang sama",
            change_for_citizens=(
                "Pelaku usaha mikro yang datang ke loket pendampingan OSS pulang membawa Nomor Induk "
                "Berusaha dan izinnya pada hari yang sama."
            ),
            owner="Kepala Bidang Pelayanan Perizinan",
            deadline=dt.date(START, 12, 31),
            before_measure="Rata-rata 14 hari kerja (data OSS 2024)",
            after_measure="Paling lama 1 hari kerja untuk 80% permohonan",
            expected_evidence="Rekap OSS bulanan, daftar pelaku usaha yang didampingi, foto loket",
            order=1,
        ),
        P.QuickWin(
            uid=_uid(unit.code, "qw", 2),
            title="Status berkas izin dapat dilacak lewat pesan singkat",
            change_for_citizens="Pemohon tidak perlu datang menanyakan berkasnya; status dikirim otomatis.",
            owner="Kepala Seksi Data dan Informasi",
            deadline=dt.date(START, 9, 30),
            before_measure="Rata-rata 2 kali datang untuk menanyakan berkas",
            after_measure="Tidak perlu datang untuk menanyakan berkas",
            expected_evidence="Tangkapan layar pesan status, rekap pesan terkirim",
            order=2,
        ),
    ]
    plain.team = [
        P.TeamMember(team="steering", role="Pengarah", name="Sekretaris Daerah (fiktif)", order=1),
        P.TeamMember(
            team="implementing",
            role="Ketua",
            name=unit.head_name or "Kepala DPMPTSP (fiktif)",
            position="Kepala DPMPTSP",
            order=2,
        ),
        P.TeamMember(
            team="implementing",
            role="Sekretaris",
            name="Nurhayati Lubis (fiktif)",
            position="Sekretaris",
            order=3,
        ),
        P.TeamMember(
            team="working_group",
            role="Koordinator",
            name="Rahmat Siregar (fiktif)",
            position="Kepala Bidang Pelayanan Perizinan",
            group="Pokja Pelayanan Publik dan Zona Integritas",
            order=4,
        ),
        P.TeamMember(
            team="working_group",
            role="Koordinator",
            name="Fitri Harahap (fiktif)",
            position="Kepala Subbagian Program",
            group="Pokja Akuntabilitas Kinerja",
            order=5,
        ),
    ]
    plain.change_agents = [
        P.ChangeAgent(
            name="Dedi Pohan (fiktif)",
            position="Analis Perizinan",
            unit=unit.short_name,
            action_plan="Melatih rekan loket memakai OSS berbasis risiko dan mencatat lama layanan harian.",
            order=1,
        ),
        P.ChangeAgent(
            name="Sari Nasution (fiktif)",
            position="Pengelola Pengaduan",
            unit=unit.short_name,
            action_plan="Menjawab aduan SP4N-LAPOR! dalam 5 hari kerja dan melaporkan rekapnya setiap bulan.",
            order=2,
        ),
    ]
    for chapter in plain.chapters:
        chapter.body = EXEMPLARY_CHAPTERS.get(chapter.key.rsplit(":", 1)[-1], chapter.body or "").format(
            unit=unit.name, period=plain.period_label
        )


def _person(government: Government, role: str, unit: Unit | None = None) -> User | None:
    m = Membership.objects.filter(government=government, role=role, unit=unit, is_active=True).select_related(
        "user"
    )
    first = m.first()
    return first.user if first else None


def build_demo_roadmaps(password: str) -> list[Roadmap]:
    """One Tanjungbalai unit road map in each workflow state and a draft city road map."""
    government = Government.objects.filter(slug="tanjungbalai").first()
    if government is None:
        return []
    if version_in_force(government, "rb-roadmap") is None:
        call_command("load_frameworks", verbosity=0)
    admin = _person(government, Membership.Role.ADMIN)
    reviewer = _person(government, Membership.Role.REVIEWER)
    made: list[Roadmap] = []
    with transaction.atomic():
        if not Roadmap.objects.filter(government=government, unit__isnull=True, start_year=START).exists():
            made.append(
                create_roadmap(
                    actor=admin,
                    government=government,
                    unit=None,
                    start_year=START,
                    end_year=END,
                    deadline_on=dt.date(START, 3, 31),
                )
            )
        for lag, (short_name, status, theme) in enumerate(UNIT_STATES):
            unit = Unit.objects.filter(government=government, short_name=short_name).first()
            if (
                unit is None
                or Roadmap.objects.filter(government=government, unit=unit, start_year=START).exists()
            ):
                continue
            drafter = _person(government, Membership.Role.DRAFTER, unit) or admin
            r = create_roadmap(
                actor=drafter,
                government=government,
                unit=unit,
                start_year=START,
                end_year=END,
                deadline_on=dt.date(START, 3, 31),
            )
            if short_name == EXEMPLARY_UNIT:
                r.title = f"{r.title} (contoh teladan)"
                Roadmap.objects.filter(pk=r.pk).update(title=r.title)
            apply_plain(actor=drafter, roadmap=r, plain=_plain_for(r, theme, unit))
            head = _person(government, Membership.Role.UNIT_HEAD, unit) or drafter
            _seed_state(r, status, head=head, admin=admin, reviewer=reviewer, lag=lag)
            made.append(r)
        city = next((r for r in made if r.unit_id is None), None)
        if city is not None:
            # the city draft starts from the approved and enacted unit rows, as the Bagian
            # Organisasi would consolidate them (only when the city road map is new: idempotent)
            consolidate(actor=admin, city=city)
    return made


def _seed_state(
    r: Roadmap,
    status: str,
    *,
    head: User | None,
    admin: User | None,
    reviewer: User | None,
    lag: int = 0,
) -> None:
    """Walk a seeded road map to ``status``, freezing the snapshots the workflow would have frozen
    (the clinic's submit checks are not asked: this is seeding, not a submission)."""
    steps: dict[str, list[str]] = {
        S.DRAFT: [],
        S.SUBMITTED: [S.SUBMITTED],
        S.IN_REVIEW: [S.SUBMITTED, S.IN_REVIEW],
        S.CHANGES_REQUESTED: [S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED],
        S.APPROVED: [S.SUBMITTED, S.IN_REVIEW, S.APPROVED],
        S.ENACTED: [S.SUBMITTED, S.IN_REVIEW, S.APPROVED, S.ENACTED],
    }
    path = steps[status]
    kinds: dict[str, str] = {
        S.SUBMITTED: Snapshot.Kind.SUBMIT,
        S.APPROVED: Snapshot.Kind.APPROVE,
        S.ENACTED: Snapshot.Kind.ENACT,
    }
    # who takes each step in the workflow: the unit head submits, a reviewer approves, the admin enacts
    actors: dict[str, User | None] = {S.SUBMITTED: head, S.APPROVED: reviewer, S.ENACTED: admin}
    Roadmap.objects.filter(pk=r.pk).update(created_at=_at(DRAFTING_FROM))
    for step in path:
        when = _at(STEP_AT[step], lag=0 if step == S.ENACTED else lag)
        updates: dict[str, Any] = {"status": step, "last_activity_at": when}
        if step == S.ENACTED:
            updates |= {"enactment_number": "7", "enacted_on": ENACTED_ON}
        Roadmap.objects.filter(pk=r.pk).update(**updates)
        r.refresh_from_db()
        if step in kinds:
            snapshot = freeze_snapshot(actor=actors[step], roadmap=r, kind=kinds[step])
            # dated as the story goes, inside the transaction that made it (only the demo does this)
            Snapshot.objects.filter(pk=snapshot.pk).update(created_at=when)
        if step == S.CHANGES_REQUESTED:
            Comment.objects.create(
                government=r.government,
                roadmap=r,
                action=r.actions.order_by("order").first(),
                author=reviewer,
                needs_fix=True,
                body="Keluaran \u201cLaporan\u201d belum menjawab masalah; tuliskan indikator, data dasar "
                "dan target per tahun.",
                created_at=when,
            )


def _at(moment: Moment, lag: int = 0) -> dt.datetime:
    """A local wall-clock moment of the story, ``lag`` days (and a few minutes) later, made aware."""
    return timezone.make_aware(dt.datetime(*moment) + dt.timedelta(days=lag, minutes=13 * lag))
