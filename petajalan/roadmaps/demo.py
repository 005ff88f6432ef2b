"""Demo road maps for Kota Tanjungbalai (fictional): one unit road map in each workflow state and a
city road map, with rows that are good examples (problem → action → measurable indicator with a
baseline, yearly targets, budget and owner). For monitoring, ``build_demo_enacted_roadmaps`` adds
six more units' enacted road maps with quarterly targets and enacts the city road map. Idempotent:
an existing road map is left untouched.
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
from petajalan.roadmaps.demo_rows import CITY_ROWS, END, ROWS, START
from petajalan.roadmaps.demo_text import CHAPTER_TEXT, EXEMPLARY_CHAPTERS, QUICK_WINS
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

# Further units whose road maps were enacted after DPMPTSP's, each by its own Perwal, so that
# monitoring has a city to follow (``build_demo_enacted_roadmaps``; kept apart from UNIT_STATES,
# which holds exactly one road map in each workflow state): (unit, theme, enacted on, Perwal number).
ENACTED_UNITS = [
    ("Bapperida", "perencanaan", dt.date(START, 4, 22), "9"),
    ("Inspektorat", "pengawasan", dt.date(START, 4, 29), "10"),
    ("BKPSDM", "kepegawaian", dt.date(START, 5, 8), "12"),
    ("Dinsos", "sosial", dt.date(START, 5, 20), "14"),
    ("Dispusip", "kearsipan", dt.date(START, 6, 3), "15"),
    ("Kec. Datuk Bandar Timur", "kecamatan", dt.date(START, 6, 17), "17"),
]

CITY_ENACTED = (dt.date(START, 6, 30), "19")
CITY_STEPS: dict[str, Moment] = {
    S.SUBMITTED: (START, 6, 23, 10, 20),
    S.IN_REVIEW: (START, 6, 24, 9, 0),
    S.APPROVED: (START, 6, 26, 15, 30),
    S.ENACTED: (START, 6, 30, 14, 0),
}


def _uid(*parts: Any) -> str:
    return str(uuid.uuid5(NS, "/".join(str(p) for p in parts)))


def _quarter_targets(years: list[int], baseline: Any, targets: list[Any]) -> list[P.QuarterValue]:
    """Targets per quarter for an indicator that is a level: from the year before's target (the
    baseline in the first year) to this year's, in even steps; the fourth quarter's is the year's."""
    out: list[P.QuarterValue] = []
    before = Decimal(str(baseline)) if baseline is not None else None
    quantum = (
        Decimal("0.01")
        if max((abs(Decimal(str(v))) for v in targets if v is not None), default=0) < 10
        else Decimal("0.1")
    )
    for year, value in zip(years, targets, strict=False):
        if value is None:
            before = None
            continue
        goal = Decimal(str(value))
        start = goal if before is None else before
        for q in (1, 2, 3, 4):
            step = (start + (goal - start) * q / 4).quantize(quantum)
            out.append(
                P.QuarterValue(year, q, step.quantize(Decimal(1)) if step == step.to_integral() else step)
            )
        before = goal
    return out


def _add_rows(
    plain: P.PlainRoadmap, roadmap: Roadmap, theme_rows: list[tuple[Any, ...]], unit: Unit, *, quarterly: bool
) -> None:
    """Append ``theme_rows`` (those under a focus node of the road map) as problems and actions that
    ``unit`` is responsible for."""
    known = {n.key for n in focus_nodes(roadmap)}
    rows = [r for r in theme_rows if not known or r[0] in known]
    year = timezone.localdate().year if START <= timezone.localdate().year <= END else START
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
                quarter_targets=_quarter_targets(roadmap.years, base, targets) if quarterly else [],
                budgets=[P.YearValue(y, Decimal(budget)) for y in roadmap.years] if budget else [],
                no_budget_needed=budget is None,
                responsible_unit=unit.short_name,
                schedule=[f"{year}-Q{q}" for q in (1, 2, 3, 4)] + [f"{year + 1}-Q1", f"{year + 1}-Q2"],
                expected_evidence=expected,
                order=n,
            )
        )


def _plain_for(roadmap: Roadmap, theme: str, unit: Unit, *, quarterly: bool = False) -> P.PlainRoadmap:
    """The demo rows of ``theme``; ``quarterly`` adds a target for every quarter (for the enacted
    road maps that the demo monitors)."""
    plain = to_plain(roadmap)
    exemplary = unit.short_name == EXEMPLARY_UNIT
    _add_rows(plain, roadmap, ROWS[theme], unit, quarterly=quarterly)
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
    if theme in QUICK_WINS:
        title, change, deadline, before, after = QUICK_WINS[theme]
        plain.quick_wins = [
            P.QuickWin(
                uid=_uid(unit.code, "qw", 1),
                title=title,
                change_for_citizens=change,
                owner=unit.head_name or unit.short_name,
                deadline=deadline,
                before_measure=before,
                after_measure=after,
                expected_evidence="Foto layanan, tangkapan layar, rekap sebelum dan sesudah",
                order=1,
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
            plain = _plain_for(r, theme, unit, quarterly=status == S.ENACTED)
            apply_plain(actor=drafter, roadmap=r, plain=plain)
            head = _person(government, Membership.Role.UNIT_HEAD, unit) or drafter
            _seed_state(r, status, head=head, admin=admin, reviewer=reviewer, lag=lag)
            made.append(r)
        city = next((r for r in made if r.unit_id is None), None)
        if city is not None:
            # the city draft starts from the approved and enacted unit rows, as the Bagian
            # Organisasi would consolidate them (only when the city road map is new: idempotent)
            consolidate(actor=admin, city=city)
    return made


def build_demo_enacted_roadmaps(password: str) -> list[Roadmap]:
    """The road maps of ENACTED_UNITS, enacted in April–June 2025 with quarterly targets, and the
    city road map with its own rows and theirs, enacted on 30 June 2025 (idempotent: only missing
    road maps are made, and the city only while it is a draft)."""
    government = Government.objects.filter(slug="tanjungbalai").first()
    if government is None:
        return []
    if version_in_force(government, "rb-roadmap") is None:
        call_command("load_frameworks", verbosity=0)
    admin = _person(government, Membership.Role.ADMIN)
    reviewer = _person(government, Membership.Role.REVIEWER)
    made: list[Roadmap] = []
    with transaction.atomic():
        for lag, (short_name, theme, enacted_on, number) in enumerate(ENACTED_UNITS, start=len(UNIT_STATES)):
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
            apply_plain(actor=drafter, roadmap=r, plain=_plain_for(r, theme, unit, quarterly=True))
            head = _person(government, Membership.Role.UNIT_HEAD, unit) or drafter
            _seed_state(
                r,
                S.ENACTED,
                head=head,
                admin=admin,
                reviewer=reviewer,
                lag=lag,
                enacted_on=enacted_on,
                enactment_number=number,
            )
            made.append(r)
        city = Roadmap.objects.filter(government=government, unit__isnull=True, start_year=START).first()
        if made and city is not None and city.is_editable_state:
            _enact_city(city, admin=admin, reviewer=reviewer)
    return made


def _enact_city(city: Roadmap, *, admin: User | None, reviewer: User | None) -> None:
    """The Bagian Organisasi writes the city's own rows, takes in the units' enacted rows, and the
    city road map is enacted at the end of June 2025."""
    bagian = Unit.objects.filter(government=city.government, short_name="Bagian Organisasi").first()
    if bagian is not None and not city.actions.filter(source__isnull=True).exists():
        plain = to_plain(city)
        _add_rows(plain, city, CITY_ROWS, bagian, quarterly=True)
        for chapter in plain.chapters:
            if not chapter.body:
                chapter.body = CHAPTER_TEXT.get(chapter.key.rsplit(":", 1)[-1], CHAPTER_TEXT["bab-1"]).format(
                    unit=city.government.name, period=city.period_label
                )
        apply_plain(actor=admin, roadmap=city, plain=plain)
    consolidate(actor=admin, city=city)
    enacted_on, number = CITY_ENACTED
    _seed_state(
        city,
        S.ENACTED,
        head=admin,
        admin=admin,
        reviewer=reviewer,
        at=CITY_STEPS,
        enacted_on=enacted_on,
        enactment_number=number,
    )


def _seed_state(
    r: Roadmap,
    status: str,
    *,
    head: User | None,
    admin: User | None,
    reviewer: User | None,
    lag: int = 0,
    enacted_on: dt.date = ENACTED_ON,
    enactment_number: str = "7",
    at: dict[str, Moment] | None = None,
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
        when = _at(STEP_AT[step], lag=lag)
        if step == S.ENACTED:  # the afternoon the Perwal was signed
            when = _at((enacted_on.year, enacted_on.month, enacted_on.day, 14, 0))
        if at is not None:  # a road map of its own timetable (the city's)
            when = _at(at[step])
        updates: dict[str, Any] = {"status": step, "last_activity_at": when}
        if step == S.ENACTED:
            updates |= {"enactment_number": enactment_number, "enacted_on": enacted_on}
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
