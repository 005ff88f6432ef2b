"""Fixtures the evaluation tests share (keep the names stable: other modules use them).

``packs``: every shipped pack loaded. ``cycle``: the 2025 evaluation of ``gov`` on lke:2023, in its
answering phase with every window open *today* (so writes succeed whatever day the tests run); the
items are assigned to nobody except those of ``UNIT_REFS``, assigned to ``unit`` (the drafter's,
coached by the reviewer). ``answers``: its answer rows by ref.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from petajalan.evaluations import services
from petajalan.evaluations.models import Answer, Cycle, Phase, Window
from petajalan.frameworks.models import PackVersion

UNIT_REFS = ("1B.H.5", "1C.H.2", "1C.H.3")


@pytest.fixture
def packs(db: None) -> None:
    call_command("load_frameworks", verbosity=0)


def lke(version: str) -> PackVersion:
    return PackVersion.objects.get(pack__key="lke", version=version)


def open_windows(cycle: Cycle) -> None:
    """Every phase's window open from yesterday to a week ahead."""
    today = timezone.localdate()
    for phase in Phase:
        if phase != Phase.CLOSED:
            Window.objects.update_or_create(
                cycle=cycle,
                phase=phase,
                defaults={
                    "opens_on": today - dt.timedelta(days=1),
                    "closes_on": today + dt.timedelta(days=7),
                },
            )


def move_to(cycle: Cycle, phase: str) -> Cycle:
    """Put the cycle in ``phase`` directly (tests of later phases)."""
    Cycle.objects.filter(pk=cycle.pk).update(phase=phase)
    cycle.refresh_from_db()
    return cycle


@pytest.fixture
def cycle(packs: None, gov: Any, unit: Any, admin: Any) -> Cycle:
    made = services.open_cycle(actor=admin, government=gov, year=2025, worksheet=lke("2023"))
    Answer.objects.filter(cycle=made).update(unit=None)
    Answer.objects.filter(cycle=made, ref__in=UNIT_REFS).update(unit=unit)
    open_windows(made)
    return made


@pytest.fixture
def answers(cycle: Cycle) -> dict[str, Answer]:
    return {a.ref: a for a in cycle.answers.select_related("cycle", "cycle__worksheet")}
