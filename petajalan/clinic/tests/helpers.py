"""A stored road map that passes every blocking rule (for the gate, queue and browser tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from petajalan.roadmaps.models import ChangeAgent, Roadmap, TeamMember
from petajalan.roadmaps.tests.factories import (
    AREAS,
    GENERAL,
    make_action,
    make_problem,
    make_quick_win,
    make_roadmap,
)

BODY = " ".join(["Uraian bab ini menjelaskan kondisi, tujuan dan langkah perangkat daerah."] * 6)


def ready_roadmap(gov: Any, unit: Any, **kwargs: Any) -> Roadmap:
    """Chapters written, three foci covered, every action complete: no blocking finding."""
    r = make_roadmap(gov, unit, **kwargs)
    r.chapters.update(body=BODY)
    for n, (key, _title) in enumerate([AREAS[0], AREAS[1], GENERAL[0]]):
        problem = make_problem(r, focus_key=key, statement=f"Permasalahan nomor {n} pada layanan")
        action = make_action(
            r,
            focus_key=key,
            activity=f"Kegiatan perbaikan nomor {n} untuk {key.rsplit(':', 1)[-1]}",
            expected_evidence="SK dan berita acara",
        )
        action.problems.add(problem)
    make_quick_win(r, owner="Sekretariat", deadline_on=dt.date(r.start_year, 6, 30))
    TeamMember.objects.create(roadmap=r, government=gov, team="implementing", role="Ketua", name="Budi")
    ChangeAgent.objects.create(
        roadmap=r, government=gov, name="Sari", unit_name=unit.short_name if unit else ""
    )
    return r
