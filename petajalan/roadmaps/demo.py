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
from petajalan.roadmaps.services import apply_plain, create_roadmap, focus_nodes, freeze_snapshot, to_plain

S = Roadmap.Status
START, END = 2025, 2029
NS = uuid.UUID("6f1d2a4e-7c1b-4f0e-9a55-0d3f1c2b9e10")  # stable uids: a rerun would write the same rows

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
        (
            "urn:rb:tematik:investasi",
            "Izin usaha mikro terbit rata-rata 14 hari.",
            "Data OSS 2024",
            "Pendampingan OSS berbasis risiko di mal pelayanan publik",
            "Loket pendampingan OSS",
            "Rata-rata hari terbit izin",
            "hari",
            14,
            [7, 5, 3, 2, 1],
            85_000_000,
            "down",
        ),
        (
            "urn:rb:general:21",
            "Indeks kepuasan masyarakat perizinan di bawah rata-rata kota.",
            "SKM 2024: 76,2",
            "Standar pelayanan perizinan diperbarui dan dipublikasikan",
            "Standar pelayanan 12 jenis izin",
            "Indeks kepuasan masyarakat",
            "indeks",
            Decimal("76.2"),
            [78, 80, 82, 84, 85],
            40_000_000,
            "up",
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
        "dari Inspektorat."
    ),
    "bab-7": (
        "Road map ini bersifat dinamis dan dapat diubah melalui usulan perubahan bila kebijakan nasional "
        "atau daerah berubah. Keberhasilannya bergantung pada komitmen pimpinan, keterlibatan seluruh "
        "pegawai, dan keterbukaan kepada masyarakat tentang capaian dan kendala pelaksanaannya."
    ),
}


def _uid(*parts: Any) -> str:
    return str(uuid.uuid5(NS, "/".join(str(p) for p in parts)))


def _plain_for(roadmap: Roadmap, theme: str, unit: Unit) -> P.PlainRoadmap:
    plain = to_plain(roadmap)
    known = {n.key for n in focus_nodes(roadmap)}
    rows = [r for r in ROWS[theme] if not known or r[0] in known]
    year = timezone.localdate().year if START <= timezone.localdate().year <= END else START
    for n, (
        key,
        problem,
        evidence,
        activity,
        output,
        indicator,
        uom,
        base,
        targets,
        budget,
        direction,
    ) in enumerate(rows, 1):
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
                no_budget_needed=False,
                responsible_unit=unit.short_name,
                schedule=[f"{year}-Q{q}" for q in (1, 2, 3, 4)] + [f"{year + 1}-Q1", f"{year + 1}-Q2"],
                expected_evidence="SK, SOP, laporan capaian triwulan dengan foto dan tangkapan layar",
                order=n,
            )
        )
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
        for short_name, status, theme in UNIT_STATES:
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
            apply_plain(actor=drafter, roadmap=r, plain=_plain_for(r, theme, unit))
            _seed_state(r, status, admin=admin, reviewer=reviewer)
            made.append(r)
    return made


def _seed_state(r: Roadmap, status: str, *, admin: User | None, reviewer: User | None) -> None:
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
    for step in path:
        updates: dict[str, Any] = {"status": step}
        if step == S.ENACTED:
            updates |= {
                "enactment_number": "Perwal Tanjungbalai (fiktif) Nomor 7 Tahun 2025",
                "enacted_on": dt.date(START, 4, 15),
            }
        Roadmap.objects.filter(pk=r.pk).update(**updates)
        r.refresh_from_db()
        if step in kinds:
            freeze_snapshot(actor=admin if step == S.ENACTED else reviewer, roadmap=r, kind=kinds[step])
        if step == S.CHANGES_REQUESTED:
            Comment.objects.create(
                government=r.government,
                roadmap=r,
                action=r.actions.order_by("order").first(),
                author=reviewer,
                needs_fix=True,
                body="Keluaran \u201cLaporan\u201d belum menjawab masalah; tuliskan indikator, data dasar "
                "dan target per tahun.",
            )
