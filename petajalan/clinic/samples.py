"""Plain road maps for tests, benchmarks and the docs: an exemplary one and generated big ones.

All names and numbers are fictional.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from petajalan.roadmaps.plain import (
    Action,
    ChangeAgent,
    Chapter,
    FocusRef,
    PlainRoadmap,
    Problem,
    QuickWin,
    TeamMember,
    YearValue,
)

_BODY = (
    "Bab ini menguraikan kondisi perangkat daerah, capaian periode sebelumnya, permasalahan yang "
    "dihadapi dan arah perbaikan yang akan ditempuh bersama seluruh bidang. Uraian disusun dari data "
    "evaluasi tahun lalu, hasil survei kepuasan masyarakat, rekomendasi Inspektorat dan masukan pegawai "
    "dalam rapat koordinasi reformasi birokrasi."
)
CHAPTERS = [
    ("urn:outline:bab-1", "BAB I", "Pendahuluan"),
    ("urn:outline:bab-2", "BAB II", "Kondisi Umum"),
    ("urn:outline:bab-3", "BAB III", "Arah Kebijakan"),
    ("urn:outline:bab-4", "BAB IV", "Rencana Aksi"),
    ("urn:outline:bab-5", "BAB V", "Quick Wins"),
    ("urn:outline:bab-6", "BAB VI", "Manajemen Pelaksanaan, Monitoring dan Evaluasi"),
    ("urn:outline:bab-7", "BAB VII", "Penutup"),
]
AREA = "urn:rb:area:"


def make_action(uid: str, focus_key: str, activity: str, problem_uid: str, **kw: object) -> Action:
    """A complete action: output, measurable indicator, baseline, rising targets, budget, owner."""
    values: dict[str, object] = {
        "uid": uid,
        "focus_key": focus_key,
        "activity": activity,
        "problem_uids": [problem_uid] if problem_uid else [],
        "output": "Layanan dengan standar pelayanan yang dipublikasikan",
        "indicator": "Persentase layanan yang memiliki standar pelayanan",
        "unit_of_measure": "%",
        "direction": "up",
        "baseline_year": 2025,
        "baseline_value": Decimal("60"),
        "targets": [YearValue(y, Decimal(70 + 5 * i)) for i, y in enumerate(range(2026, 2030))],
        "budgets": [YearValue(2026, Decimal("25000000"))],
        "responsible_unit": "Bidang Pelayanan",
        "expected_evidence": "SK standar pelayanan, tangkapan layar publikasi",
    }
    values.update(kw)
    return Action(**values)  # type: ignore[arg-type]


def exemplary_roadmap() -> PlainRoadmap:
    """A small unit road map that the clinic finds nothing to fault in."""
    focus = [
        FocusRef(
            AREA + "pelayanan-publik",
            "H",
            "Peningkatan Kualitas Pelayanan Publik",
            "area",
            "rb-roadmap",
            "2020",
        ),
        FocusRef(AREA + "penataan-tatalaksana", "D", "Penataan Tatalaksana", "area", "rb-roadmap", "2020"),
    ]
    problems = [
        Problem("p1", focus[0].key, "Standar pelayanan belum dipublikasikan di semua loket"),
        Problem("p2", focus[1].key, "SOP belum dievaluasi sejak tahun 2019"),
    ]
    actions = [
        make_action("a1", focus[0].key, "Publikasi standar pelayanan di setiap loket dan laman", "p1"),
        make_action(
            "a2",
            focus[1].key,
            "Evaluasi dan penyempurnaan SOP administrasi pemerintahan",
            "p2",
            output="SOP administrasi pemerintahan yang dievaluasi",
            indicator="Persentase SOP yang dievaluasi dalam dua tahun terakhir",
            responsible_unit="Sekretariat",
            budgets=[],
            no_budget_needed=True,
            expected_evidence="Berita acara evaluasi SOP",
        ),
    ]
    return PlainRoadmap(
        level="unit",
        government="Kota Contoh (fiktif)",
        government_slug="kota-contoh",
        title="Road Map Reformasi Birokrasi Dinas Contoh 2026-2029",
        period_label="2026-2029",
        start_year=2026,
        end_year=2029,
        unit="Dinas Contoh",
        unit_short_name="Dinas Contoh",
        unit_code="1.02.0.00.0.00.01.0000",
        focus_nodes=focus,
        chapters=[Chapter(k, ref, title, body=_BODY, order=i) for i, (k, ref, title) in enumerate(CHAPTERS)],
        problems=problems,
        actions=actions,
        quick_wins=[
            QuickWin(
                "q1",
                "Akta kelahiran terbit di hari yang sama",
                owner="Bidang Pelayanan",
                deadline=dt.date(2026, 6, 30),
            )
        ],
        team=[TeamMember("implementing", "Ketua", "Budi Contoh", "Sekretaris Dinas")],
        change_agents=[
            ChangeAgent("Sari Contoh", "Analis Kebijakan", unit="Dinas Contoh", action_plan="Sosialisasi SOP")
        ],
    )


def generated_roadmap(n_actions: int, seed: int = 1, vocabulary: list[str] | None = None) -> PlainRoadmap:
    """A large, mostly complete road map with random activity texts (for benchmarks)."""
    rng = random.Random(seed)  # noqa: S311 (benchmark data, not security)
    words = vocabulary or [f"kata{i}" for i in range(2000)]
    plain = exemplary_roadmap()
    keys = [f.key for f in plain.focus_nodes]
    plain.problems = [
        Problem(f"p{i}", keys[i % 2], " ".join(rng.sample(words, 8))) for i in range(n_actions // 3)
    ]
    plain.actions = [
        make_action(
            f"a{i}",
            keys[i % 2],
            " ".join(rng.sample(words, 9)),
            f"p{i % max(1, n_actions // 3)}",
            output=" ".join(rng.sample(words, 5)),
        )
        for i in range(n_actions)
    ]
    return plain
