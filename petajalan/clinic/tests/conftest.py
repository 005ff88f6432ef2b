"""Objects the clinic's view tests share: a session with a participant, material and follow-up,
and road maps of ``unit`` (draft) and ``other_unit`` (submitted)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile

from petajalan.clinic import services
from petajalan.clinic.models import Material
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.tests.factories import make_action, make_problem, make_roadmap


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def session(gov: Any, unit: Any, other_unit: Any, admin: Any) -> Any:
    return services.create_session(
        actor=admin,
        government=gov,
        title="Coaching Clinic Penyusunan Road Map RB Perangkat Daerah",
        held_on=dt.date(2026, 6, 7),
        place="Aula Setda",
        speakers="Inspektorat Provinsi\nBagian Organisasi Kota Tetangga",
        invited_units=[unit, other_unit],
    )


@pytest.fixture
def participant(session: Any, admin: Any, unit: Any) -> Any:
    return services.add_participant(
        actor=admin, session=session, name="Rina Penyusun", nip="199001012015032001", unit=unit
    )


@pytest.fixture
def material(session: Any, media: Any) -> Any:
    item = Material(government=session.government, session=session, title="Materi coach")
    item.file.save("materi.pdf", ContentFile(b"%PDF-1.4 uji"), save=True)
    return item


@pytest.fixture
def follow_up(session: Any, admin: Any, unit: Any) -> Any:
    consultation = services.record_consultation(
        actor=admin,
        session=session,
        unit=unit,
        notes="Indikator masih berupa laporan.",
        follow_ups=[
            {
                "description": "Perbaiki indikator rencana aksi",
                "owner": "Kasubag Program",
                "due_on": dt.date(2026, 7, 1),
            }
        ],
    )
    return consultation.follow_ups.get()


@pytest.fixture
def roadmap(gov: Any, unit: Any) -> Roadmap:
    r = make_roadmap(gov, unit)
    problem = make_problem(r)
    action = make_action(r, output="")
    action.problems.add(problem)
    return r


@pytest.fixture
def submitted_roadmap(gov: Any, other_unit: Any) -> Roadmap:
    r = make_roadmap(gov, other_unit, status=Roadmap.Status.SUBMITTED)
    make_action(r)
    return r
