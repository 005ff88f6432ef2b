"""A fictional road map built directly as plain data, for tests, benchmarks and previews.

All names and figures are invented (demo city Kota Tanjungbalai, domain brief §10); nothing here is
a real plan. ``sample_roadmap(units=40, actions_per_unit=150)`` is the consolidated city road map
the benchmark prints.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from petajalan.roadmaps.plain import (
    Action,
    ChangeAgent,
    Chapter,
    FocusRef,
    PlainRoadmap,
    Problem,
    QuickWin,
    Signatory,
    TeamMember,
    YearValue,
)

AREAS = [
    ("urn:rb:area:manajemen-perubahan", "A", "Manajemen Perubahan"),
    ("urn:rb:area:deregulasi-kebijakan", "B", "Deregulasi Kebijakan"),
    ("urn:rb:area:penataan-organisasi", "C", "Penataan dan Penguatan Organisasi"),
    ("urn:rb:area:penataan-tatalaksana", "D", "Penataan Tatalaksana"),
    ("urn:rb:area:penataan-sdm-aparatur", "E", "Penataan Sistem Manajemen SDM Aparatur"),
    ("urn:rb:area:penguatan-akuntabilitas", "F", "Penguatan Akuntabilitas"),
    ("urn:rb:area:penguatan-pengawasan", "G", "Penguatan Pengawasan"),
    ("urn:rb:area:pelayanan-publik", "H", "Peningkatan Kualitas Pelayanan Publik"),
]
UNITS = [
    "Setda",
    "Bapperida",
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Sosial",
    "DPMPTSP",
    "Dinas PUTR",
    "Dinas Kominfo",
    "Dinas Dukcapil",
    "Dinas Perhubungan",
]
ACTIVITIES = [
    ("Pembaruan SK Tim Reformasi Birokrasi", "SK Wali Kota", "Jumlah rapat koordinasi tim RB", "kali"),
    ("Evaluasi peraturan daerah", "Laporan evaluasi", "Jumlah perda yang dievaluasi", "dokumen"),
    ("Evaluasi struktur organisasi perangkat daerah", "Rekomendasi", "Persentase OPD dievaluasi", "%"),
    ("Penyusunan dan evaluasi SOP", "SOP", "Persentase OPD dengan SOP terbaru", "%"),
    ("Penerapan sistem merit", "Laporan", "Indeks sistem merit", "indeks"),
    ("Penyusunan perjanjian kinerja", "Perjanjian kinerja", "Persentase OPD dengan PK", "%"),
    ("Penguatan SPIP", "Laporan penilaian", "Tingkat maturitas SPIP", "level"),
    ("Penerbitan standar pelayanan", "Standar pelayanan", "Persentase unit layanan berstandar", "%"),
]

OUTLINE = [
    (
        "BAB I",
        "Pendahuluan",
        "## Latar Belakang\nReformasi birokrasi di Kota Tanjungbalai (fiktif) …\n\n"
        "## Maksud dan Tujuan\n- Memberi arah\n- Menjadi acuan OPD",
    ),
    ("BAB II", "Kondisi Umum", "Hasil periode sebelumnya menunjukkan **kemajuan** yang belum merata."),
    ("BAB III", "Arah Kebijakan", "Visi: birokrasi yang bersih, akuntabel dan melayani."),
    ("BAB IV", "Rencana Aksi", "Rencana aksi disusun per area perubahan."),
    ("BAB V", "Quick Wins", "Quick wins dipilih agar terasa oleh masyarakat dalam satu tahun."),
    ("BAB VI", "Manajemen Pelaksanaan, Monitoring dan Evaluasi", "Tim RB memantau setiap triwulan."),
    ("BAB VII", "Penutup", "Road map ini menjadi pedoman bersama."),
]


def sample_roadmap(*, units: int = 1, actions_per_unit: int = 12, start_year: int = 2025) -> PlainRoadmap:
    """A road map of ``units`` × ``actions_per_unit`` fictional actions over five years."""
    years = list(range(start_year, start_year + 5))
    level = "unit" if units == 1 else "government"
    focus_nodes = [
        FocusRef(key=k, ref=ref, title=t, kind="area", pack="rb-roadmap", version="2020")
        for k, ref, t in AREAS
    ]
    problems = [
        Problem(uid=f"P-{i + 1}", focus_key=k, statement=f"Belum optimalnya {t.lower()}", order=i + 1)
        for i, (k, _r, t) in enumerate(AREAS)
    ]
    actions = []
    order = {k: 0 for k, _r, _t in AREAS}
    for u in range(units):
        unit_name = UNITS[u % len(UNITS)] + ("" if u < len(UNITS) else f" {u // len(UNITS) + 1}")
        for n in range(actions_per_unit):
            area = n % len(AREAS)
            key = AREAS[area][0]
            activity, output, indicator, measure = ACTIVITIES[area]
            order[key] += 1
            base = Decimal(30 + (n * 7) % 40)
            actions.append(
                Action(
                    uid=f"A-{u + 1:03d}-{n + 1:04d}",
                    focus_key=key,
                    activity=f"{activity} ({unit_name}, kegiatan {n + 1})",
                    problem_uids=[problems[area].uid],
                    subactivity_code="X.XX.01.2.01.0001" if n % 3 == 0 else "",
                    output=output,
                    indicator=indicator,
                    unit_of_measure=measure,
                    baseline_year=start_year - 1,
                    baseline_value=base,
                    targets=[YearValue(y, base + 10 * (i + 1)) for i, y in enumerate(years)],
                    budgets=[YearValue(y, Decimal(25_000_000 + 1_250_000 * i)) for i, y in enumerate(years)],
                    responsible_unit=unit_name,
                    supporting_units=["Setda"] if unit_name != "Setda" else [],
                    schedule=[f"{years[0]}-Q{q}" for q in range(1, 5)] + [f"{years[1]}-Q{1 + n % 4}"],
                    expected_evidence="Notulen dan laporan",
                    order=order[key],
                )
            )
    actions.sort(key=lambda a: ([k for k, _r, _t in AREAS].index(a.focus_key), a.order))
    return PlainRoadmap(
        level=level,
        government="Kota Tanjungbalai",
        government_slug="tanjungbalai",
        title=f"Road Map Reformasi Birokrasi Kota Tanjungbalai Tahun {years[0]}-{years[-1]} (fiktif)",
        period_label=f"{years[0]}-{years[-1]}",
        start_year=years[0],
        end_year=years[-1],
        unit="Dinas Kesehatan" if level == "unit" else "",
        unit_short_name="Dinkes" if level == "unit" else "",
        unit_code="1.02.0.00.0.00.01.0000" if level == "unit" else "",
        frameworks=[{"pack": "rb-roadmap", "version": "2020"}],
        focus_nodes=focus_nodes,
        chapters=[
            Chapter(key=f"urn:outline:bab-{i + 1}", ref=ref, title=t, body=body, order=i + 1)
            for i, (ref, t, body) in enumerate(OUTLINE)
        ],
        problems=problems,
        actions=actions,
        quick_wins=[
            QuickWin(
                uid=f"Q-{i + 1}",
                title=t,
                change_for_citizens=c,
                owner=o,
                deadline=dt.date(years[0], 4, 10 + i),
                before_measure=b,
                after_measure=a,
                order=i + 1,
            )
            for i, (t, c, o, b, a) in enumerate(
                [
                    (
                        "Akta kelahiran terbit di rumah sakit",
                        "Orang tua tidak perlu ke kantor",
                        "Dinas Dukcapil",
                        "7 hari",
                        "1 hari",
                    ),
                    (
                        "Izin usaha mikro satu hari",
                        "Pelaku usaha cepat berusaha",
                        "DPMPTSP",
                        "5 hari",
                        "1 hari",
                    ),
                ]
            )
        ],
        team=[
            TeamMember(team="steering", role="Ketua", name="Wali Kota Tanjungbalai", order=1),
            TeamMember(team="steering", role="Sekretaris", name="Sekretaris Daerah", order=2),
            TeamMember(team="implementing", role="Ketua", name="Sekretaris Daerah", order=1),
            TeamMember(
                team="working_group",
                role="Koordinator",
                name="Kepala Bagian Organisasi",
                group="Pokja Manajemen Perubahan",
                order=2,
            ),
        ],
        change_agents=[
            ChangeAgent(
                name="Rina Marpaung, S.Kep.",
                nip="199001012015032001",
                position="Perawat Ahli Pertama",
                unit="Dinas Kesehatan",
                action_plan="Sosialisasi nilai BerAKHLAK",
                order=1,
            )
        ],
        signatory=Signatory(
            name="dr. Budi Santoso, M.Kes.",
            nip="196009101980031003",
            position="Kepala Dinas Kesehatan Kota Tanjungbalai",
            rank="Pembina Utama Muda",
            place="Tanjungbalai",
            signed_on=dt.date(2026, 11, 28),
        ),
    )
