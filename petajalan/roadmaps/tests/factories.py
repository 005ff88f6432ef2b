"""Factories for road-map tests (usable by other slices): packs, road maps and rows."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from petajalan.accounts.models import Government, Unit
from petajalan.frameworks.models import Node, Pack, PackVersion
from petajalan.roadmaps.models import Action, ActionBudget, ActionTarget, Problem, QuickWin, Roadmap
from petajalan.roadmaps.services import create_roadmap

_seq = itertools.count(1)

AREAS = [
    ("urn:rb:area:manajemen-perubahan", "Manajemen Perubahan"),
    ("urn:rb:area:penataan-tatalaksana", "Penataan Tatalaksana"),
    ("urn:rb:area:pelayanan-publik", "Pelayanan Publik"),
]
GENERAL = [
    ("urn:rb:general:04", "SAKIP terintegrasi"),
    ("urn:rb:general:08", "Pengelolaan pengaduan"),
]


def make_packs() -> list[PackVersion]:
    """A small rb-roadmap 2023 pack (3 areas, 2 main activities) and an rb-outline with 2 chapters."""
    roadmap_pack, _ = Pack.objects.get_or_create(
        key="rb-roadmap", defaults={"purpose": Pack.Purpose.ROADMAP, "title": "Road Map RB"}
    )
    outline_pack, _ = Pack.objects.get_or_create(
        key="rb-outline", defaults={"purpose": Pack.Purpose.OUTLINE, "title": "Sistematika"}
    )
    v, created = PackVersion.objects.get_or_create(
        pack=roadmap_pack, version="2023", defaults={"title": "Uji 2023", "checksum": "x"}
    )
    if created:
        for n, (key, title) in enumerate(AREAS, start=1):
            Node.objects.create(version=v, key=key, kind=Node.Kind.AREA, order=n, ref=str(n), title=title)
        for n, (key, title) in enumerate(GENERAL, start=1):
            Node.objects.create(
                version=v, key=key, kind=Node.Kind.MAIN_ACTIVITY, order=10 + n, ref=key[-2:], title=title
            )
    o, created = PackVersion.objects.get_or_create(
        pack=outline_pack, version="2013", defaults={"title": "Sistematika uji", "checksum": "y"}
    )
    if created:
        Node.objects.create(
            version=o,
            key="urn:outline:bab-1",
            kind=Node.Kind.CHAPTER,
            order=1,
            ref="BAB I",
            title="Pendahuluan",
            guidance="Tulis **latar belakang**.",
        )
        Node.objects.create(
            version=o,
            key="urn:outline:bab-4",
            kind=Node.Kind.CHAPTER,
            order=4,
            ref="BAB IV",
            title="Rencana Aksi",
            guidance="",
        )
    return [v, o]


def make_roadmap(government: Government, unit: Unit | None = None, **kwargs: Any) -> Roadmap:
    make_packs()
    values: dict[str, Any] = {"start_year": 2025, "end_year": 2029}
    values.update(kwargs)
    status = values.pop("status", None)
    r = create_roadmap(actor=None, government=government, unit=unit, **values)
    if status:
        Roadmap.objects.filter(pk=r.pk).update(status=status)
        r.refresh_from_db()
    return r


def make_problem(roadmap: Roadmap, **kwargs: Any) -> Problem:
    values = {"focus_key": AREAS[0][0], "statement": f"Masalah {next(_seq)}", "evidence": "Survei 2024"}
    values.update(kwargs)
    return Problem.objects.create(roadmap=roadmap, government=roadmap.government, **values)


def make_action(roadmap: Roadmap, *, targets: bool = True, **kwargs: Any) -> Action:
    n = next(_seq)
    values: dict[str, Any] = {
        "focus_key": AREAS[n % len(AREAS)][0],
        "activity": f"Kegiatan {n}",
        "subactivity_code": "1.02.02.2.01.0001",
        "output": "Dokumen SOP",
        "indicator": "Persentase layanan ber-SOP",
        "unit_of_measure": "%",
        "baseline_year": 2024,
        "baseline_value": Decimal("40"),
        "responsible_unit": roadmap.unit,
        "order": n,
    }
    values.update(kwargs)
    action = Action.objects.create(roadmap=roadmap, government=roadmap.government, **values)
    if targets:
        g = roadmap.government
        ActionTarget.objects.bulk_create(
            [
                ActionTarget(government=g, action=action, year=y, value=Decimal(50 + 10 * i))
                for i, y in enumerate(roadmap.years)
            ]
            + [
                ActionTarget(
                    government=g, action=action, year=roadmap.start_year, quarter=q, value=Decimal(q * 10)
                )
                for q in (1, 2, 3, 4)
            ]
        )
        ActionBudget.objects.bulk_create(
            [
                ActionBudget(government=g, action=action, year=y, amount=Decimal("25000000"))
                for y in roadmap.years
            ]
        )
    return action


def make_quick_win(roadmap: Roadmap, **kwargs: Any) -> QuickWin:
    values = {"title": f"Quick win {next(_seq)}", "change_for_citizens": "Antrean lebih singkat"}
    values.update(kwargs)
    return QuickWin.objects.create(roadmap=roadmap, government=roadmap.government, **values)
