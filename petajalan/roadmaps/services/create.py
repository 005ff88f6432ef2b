"""Starting a road map (the wizard): empty from the pack skeleton, a copy of the previous period,
or the city-level actions assigned to this unit."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record, snapshot
from petajalan.accounts.models import AuditEvent, Government, Unit
from petajalan.frameworks.models import Node, Pack, PackVersion
from petajalan.frameworks.services import version_in_force
from petajalan.roadmaps import plain as P
from petajalan.roadmaps.models import Action, Chapter, Roadmap
from petajalan.roadmaps.services.convert import apply_plain, focus_nodes, to_plain, write_periods

# Used only when no outline pack is loaded; inferred from 37/2013 and real road maps (UNVERIFIED,
# domain brief §6), the same default the rb-outline pack carries.
DEFAULT_OUTLINE = [
    ("urn:outline:bab-1", "BAB I", "Pendahuluan", "Latar belakang, maksud dan tujuan, dasar hukum."),
    ("urn:outline:bab-2", "BAB II", "Kondisi Umum", "Capaian periode lalu, permasalahan, potensi."),
    ("urn:outline:bab-3", "BAB III", "Arah Kebijakan", "Visi, sasaran, target dan indikator."),
    (
        "urn:outline:bab-4",
        "BAB IV",
        "Rencana Aksi",
        "Per area atau per kegiatan utama RB General dan tema RB Tematik.",
    ),
    ("urn:outline:bab-5", "BAB V", "Quick Wins", "Perubahan yang dirasakan masyarakat dalam satu tahun."),
    (
        "urn:outline:bab-6",
        "BAB VI",
        "Manajemen Pelaksanaan, Monitoring dan Evaluasi",
        "Tim RB, agen perubahan, pelaporan.",
    ),
    ("urn:outline:bab-7", "BAB VII", "Penutup", ""),
]


class StartFrom:
    EMPTY = "empty"
    COPY = "copy"
    CITY = "city"


def versions_in_force(government: Government) -> list[PackVersion]:
    """The road-map (rb-roadmap) and outline (rb-outline) pack versions in force for the government."""
    versions = [version_in_force(government, key) for key in ("rb-roadmap", "rb-outline")]
    return [v for v in versions if v is not None]


def _chapters(roadmap: Roadmap, versions: list[PackVersion]) -> None:
    outline = [v for v in versions if v.pack.purpose == Pack.Purpose.OUTLINE]
    nodes = list(Node.objects.filter(version__in=outline, kind=Node.Kind.CHAPTER).order_by("order", "id"))
    rows = [(n.key, n.ref, n.title, n.guidance or n.description) for n in nodes] or DEFAULT_OUTLINE
    Chapter.objects.bulk_create(
        [
            Chapter(
                roadmap=roadmap, government=roadmap.government, key=k, ref=ref, title=t, guidance=g, order=i
            )
            for i, (k, ref, t, g) in enumerate(rows, start=1)
        ]
    )


def create_roadmap(
    *,
    actor: Any,
    government: Government,
    unit: Unit | None,
    start_year: int,
    end_year: int,
    title: str = "",
    period_label: str = "",
    deadline_on: dt.date | None = None,
    start_from: str = StartFrom.EMPTY,
) -> Roadmap:
    """A new road map with the chapters of the outline in force, filled as ``start_from`` says."""
    with transaction.atomic():
        versions = versions_in_force(government)
        label = period_label or f"{start_year}-{end_year}"
        owner = unit.name if unit else government.name
        r = Roadmap.objects.create(
            government=government,
            unit=unit,
            title=title or _("Road Map Reformasi Birokrasi %(o)s %(p)s") % {"o": owner, "p": label},
            start_year=start_year,
            end_year=end_year,
            period_label=label,
            deadline_on=deadline_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        r.pack_versions.set(versions)
        _chapters(r, versions)
        record(actor=actor, action=AuditEvent.Action.CREATE, obj=r, after=snapshot(r))
        if start_from == StartFrom.COPY:
            copy_previous(actor=actor, roadmap=r)
        elif start_from == StartFrom.CITY and unit is not None:
            pull_city_actions(actor=actor, roadmap=r)
    return r


def previous_roadmap(roadmap: Roadmap) -> Roadmap | None:
    """The same unit's (or the city's) road map of the latest earlier period."""
    return (
        Roadmap.objects.filter(
            government=roadmap.government, unit=roadmap.unit, start_year__lt=roadmap.start_year
        )
        .order_by("-start_year")
        .first()
    )


def copy_previous(*, actor: Any, roadmap: Roadmap) -> int:
    """Copy the previous period's rows with new uids; years outside the new period are dropped.
    Returns the number of actions copied (rows under focus nodes no longer in force are skipped)."""
    prev = previous_roadmap(roadmap)
    if prev is None:
        return 0
    Roadmap.objects.filter(pk=roadmap.pk).update(previous=prev)
    old, new = to_plain(prev), to_plain(roadmap)
    keys = {n.key for n in focus_nodes(roadmap)}
    years = set(roadmap.years)
    ok = (lambda k: k in keys) if keys else (lambda k: True)
    problem_map = {p.uid: str(uuid.uuid4()) for p in old.problems if ok(p.focus_key)}
    new.problems = [replace(p, uid=problem_map[p.uid]) for p in old.problems if p.uid in problem_map]
    new.actions = [
        replace(
            a,
            uid=str(uuid.uuid4()),
            problem_uids=[problem_map[u] for u in a.problem_uids if u in problem_map],
            targets=[t for t in a.targets if t.year in years],
            quarter_targets=[t for t in a.quarter_targets if t.year in years],
            budgets=[b for b in a.budgets if b.year in years],
            baseline_year=a.baseline_year,
            cascade_uid="",
        )
        for a in old.actions
        if ok(a.focus_key)
    ]
    new.quick_wins = [replace(q, uid=str(uuid.uuid4()), deadline=None) for q in old.quick_wins]
    new.team, new.change_agents = old.team, old.change_agents
    bodies = {c.key: c.body for c in old.chapters}
    new.chapters = [replace(c, body=bodies.get(c.key, c.body)) for c in new.chapters]
    apply_plain(actor=actor, roadmap=roadmap, plain=new)
    return len(new.actions)


def pull_city_actions(*, actor: Any, roadmap: Roadmap) -> int:
    """Create this unit's actions from the city road map's actions assigned to the unit (cascade)."""
    city = (
        Roadmap.objects.filter(
            government=roadmap.government,
            unit__isnull=True,
            start_year__lte=roadmap.end_year,
            end_year__gte=roadmap.start_year,
        )
        .order_by("-start_year")
        .first()
    )
    if city is None or roadmap.unit is None:
        return 0
    plain = to_plain(city)
    by_uid = {a.uid: a for a in plain.actions}
    mine = (
        Action.objects.filter(roadmap=city)
        .filter(Q(responsible_unit=roadmap.unit) | Q(supporting_units=roadmap.unit))
        .distinct()
    )
    years = set(roadmap.years)
    made = 0
    with transaction.atomic():
        for n, source in enumerate(mine.order_by("order", "id"), start=1):
            a = by_uid[str(source.uid)]
            action = Action.objects.create(
                roadmap=roadmap,
                government=roadmap.government,
                focus_key=a.focus_key,
                activity=a.activity,
                output=a.output,
                indicator=a.indicator,
                unit_of_measure=a.unit_of_measure,
                direction=a.direction,
                baseline_year=a.baseline_year,
                baseline_value=a.baseline_value,
                responsible_unit=roadmap.unit,
                expected_evidence=a.expected_evidence,
                cascade=source,
                order=n,
                updated_by=actor,
            )
            write_periods(
                action,
                P.Action(
                    uid="",
                    focus_key="",
                    activity="",
                    targets=[t for t in a.targets if t.year in years],
                    quarter_targets=[t for t in a.quarter_targets if t.year in years],
                ),
            )
            record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                obj=action,
                after=snapshot(action),
                summary=_("dari road map kota"),
            )
            made += 1
    return made
