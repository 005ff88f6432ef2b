"""What the national-size rows hold (``scale.py`` writes them): words, figures and states, decided
by the position of a row (government, road map, quarter, action) so that a run is deterministic. Pure:
reads the framework packs' keys, writes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from django.utils import timezone

from petajalan.accounts.models import Unit
from petajalan.frameworks.models import Node
from petajalan.monitoring import calendar
from petajalan.monitoring.achievement import achievement
from petajalan.monitoring.models import QuarterReport
from petajalan.roadmaps.models import Action

S = QuarterReport.Status
# realised value as a share of the target, cycling: mostly green, some amber, a few red
SHARES = [Decimal(x) for x in ("1.05", "0.95", "1", "0.92", "0.7", "1.2", "0.98", "0.45", "0.88", "1")]
CITY_ACTIONS = 10
LINK_EVERY = 10  # one realisation row in ten carries a piece of evidence
ACTION = ("id", "government_id", "roadmap_id", "focus_key", "activity", "output", "indicator",
          "unit_of_measure", "direction", "baseline_year", "baseline_value", "no_budget_needed",
          "responsible_unit_id", "schedule", "expected_evidence", "order", "updated_by_id")  # fmt: skip
REALISATION = ("id", "government_id", "report_id", "action_id", "unit_id", "focus_key", "year", "quarter",
               "value", "budget_spent", "progress_note", "verified_value", "verifier_note", "target",
               "budget_planned", "achievement", "is_counted", "updated_by_id", "updated_at")  # fmt: skip
UNIT_NAMES = [
    tuple(pair.strip().split("="))
    for pair in """
Dinas Pendidikan=Disdik; Dinas Kesehatan=Dinkes; Rumah Sakit Umum Daerah=RSUD;
Dinas Pekerjaan Umum dan Penataan Ruang=DPUPR; Dinas Perumahan dan Kawasan Permukiman=Perkim;
Satuan Polisi Pamong Praja=Satpol PP; Badan Penanggulangan Bencana Daerah=BPBD;
Dinas Sosial=Dinsos; Dinas Tenaga Kerja=Disnaker;
Dinas Pemberdayaan Perempuan dan Perlindungan Anak=DP3A; Dinas Ketahanan Pangan=DKP;
Dinas Lingkungan Hidup=DLH; Dinas Kependudukan dan Pencatatan Sipil=Dukcapil;
Dinas Pengendalian Penduduk dan Keluarga Berencana=DPPKB; Dinas Perhubungan=Dishub;
Dinas Komunikasi dan Informatika=Diskominfo; Dinas Koperasi dan Usaha Mikro=Diskop UM;
Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu=DPMPTSP; Dinas Pemuda dan Olahraga=Dispora;
Dinas Kebudayaan dan Pariwisata=Disbudpar; Dinas Perpustakaan dan Kearsipan=Dispusip;
Dinas Perikanan=Diskan; Dinas Pertanian=Distan; Dinas Perdagangan dan Perindustrian=Disdagin;
Sekretariat Daerah=Setda; Sekretariat DPRD=Setwan; Inspektorat=Inspektorat;
Badan Perencanaan, Penelitian dan Pengembangan Daerah=Bapperida;
Badan Keuangan dan Aset Daerah=BKAD; Badan Pendapatan Daerah=Bapenda;
Badan Kepegawaian dan Pengembangan SDM=BKPSDM; Badan Kesatuan Bangsa dan Politik=Kesbangpol;
Kecamatan Utara=Kec. Utara; Kecamatan Selatan=Kec. Selatan; Kecamatan Timur=Kec. Timur;
Kecamatan Barat=Kec. Barat; Kecamatan Tengah=Kec. Tengah; Kecamatan Pesisir=Kec. Pesisir;
Kecamatan Hulu=Kec. Hulu; Kecamatan Hilir=Kec. Hilir
""".replace("\n", " ").split(";")
]  # name=short name of a typical city's 40 units
NOTES = (
    "Kegiatan berjalan sesuai jadwal; data dukung diunggah ke bank data dukung.",
    "Sosialisasi dilakukan di seluruh unit layanan; sebagian belum selesai karena cuti bersama.",
    "Pelaksanaan tertunda karena anggaran perubahan baru disahkan.",
)


class Report(NamedTuple):
    """A quarter report's row as written (the fields are ``QuarterReport``'s)."""

    id: int
    uuid: uuid.UUID
    government_id: int
    roadmap_id: int
    unit_id: int | None
    year: int
    quarter: int
    status: str
    submitted_by_id: int | None
    submitted_at: dt.datetime | None
    verified_by_id: int | None
    verified_at: dt.datetime | None
    return_note: str
    created_at: dt.datetime
    updated_at: dt.datetime


def quarters_back(today: dt.date, n: int) -> list[tuple[int, int]]:
    """The ``n`` quarters ending with today's, oldest first."""
    found = [calendar.quarter_of(today)]
    while len(found) < n:
        found.append(calendar.previous_quarter(*found[-1]))
    return found[::-1]


@cache
def achieved(direction: str, target: Decimal, share: Decimal) -> tuple[Decimal, Decimal | None]:
    """(realised value, achievement) of a row that reached ``share`` of its target."""
    value = (target * (2 - share if direction == Action.Direction.DOWN else share)).quantize(Decimal("0.01"))
    return value, achievement(direction, target, value)


@dataclass(frozen=True)
class Template:
    """One action of ``roadmaps.demo_rows.ROWS``: the words and figures a generated action reuses."""

    index: int
    focus_key: str
    problem: str
    evidence: str
    activity: str
    output: str
    indicator: str
    unit_of_measure: str
    baseline: Decimal | None
    targets: tuple[Decimal | None, ...]
    budget: Decimal | None
    direction: str


def templates() -> list[Template]:
    """The demo's action rows under focus nodes of the road-map packs loaded (all when none is)."""
    from petajalan.roadmaps.demo_rows import ROWS

    known = set(Node.objects.filter(kind__in=Node.FOCUS_KINDS).values_list("key", flat=True))
    rows = [r for theme in ROWS.values() for r in theme]
    rows = [r for r in rows if r[0] in known] or rows
    made = []
    for i, r in enumerate(rows):
        key, problem, evidence, activity, output, indicator, uom, base, targets, budget, direction = r[:11]
        figures = tuple(None if v is None else Decimal(str(v)) for v in [base, *targets])
        made.append(
            Template(i, key, problem, evidence, activity, output, indicator, uom, figures[0], figures[1:],
                     Decimal(budget) if budget else None, direction)
        )  # fmt: skip
    return made


def status_of(n_roadmap: int, k: int, n_quarters: int) -> str:
    """Older quarters verified (a few still waiting for the verifier), the last one due mixed, the
    current one a draft."""
    if k == n_quarters - 1:
        return S.DRAFT
    if k == n_quarters - 2:
        return (S.VERIFIED, S.VERIFIED, S.SUBMITTED, S.RETURNED, S.DRAFT, S.VERIFIED)[n_roadmap % 6]
    return S.SUBMITTED if (n_roadmap + k) % 23 == 0 else S.VERIFIED


def unit_kind(name: str) -> str:
    kinds = {"Dinas": Unit.Kind.DINAS, "Badan": Unit.Kind.BADAN, "Kecamatan": Unit.Kind.KECAMATAN,
             "Rumah Sakit": Unit.Kind.RSUD, "Sekretariat Daerah": Unit.Kind.SETDA,
             "Sekretariat DPRD": Unit.Kind.SETWAN, "Inspektorat": Unit.Kind.INSPEKTORAT}  # fmt: skip
    return next((kind for prefix, kind in kinds.items() if name.startswith(prefix)), Unit.Kind.OTHER)


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def typed(status: str, j: int, k: int, n: int, nq: int) -> bool:
    """Whether the unit typed row ``n``: every row of a submitted report; part of a late one; in the
    current quarter most units have started."""
    if status != S.DRAFT:
        return True
    if k == nq - 1:
        return j % 6 != 5 and n % 3 != 2
    return n % 10 < 6


def answer_for(node: Any, order: int) -> str:
    """The best answer of a worksheet item, one item in four a middling one instead."""
    from petajalan.evaluations import scoring

    best = scoring.best_answer(node)
    if order % 4 != 3:
        return best
    choices, bounds = node.choices, node.range
    middling = (
        choices[len(choices) // 2]
        if choices
        else scoring.plain((bounds[0] + bounds[1]) / 2)
        if bounds
        else best
    )
    try:
        return scoring.normalise(node, middling)
    except scoring.AnswerError:
        return best
