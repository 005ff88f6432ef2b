"""Every evaluation view, walked with every persona (rows live in matrix_cycles/analysis/documents).

``objects`` gives the placeholders the rows use: ``cycle`` (the 2025 cycle of ``gov`` in its answering
phase, windows open today), ``answer`` (an item assigned to ``unit``: the drafter's, coached by the
reviewer), ``city_answer`` (an item the Bagian Organisasi answers), ``other_answer`` (an item of
``other_unit``), ``other_cycle`` (a cycle of another government), ``scenario`` and ``action`` (an
action of the unit's enacted road map), plus the cycles in later phases the cycle pages' rows need
(``objects_for_cycles``). Each case runs on fresh objects.
"""

from __future__ import annotations

from typing import Any

import pytest

from petajalan.evaluations import services
from petajalan.evaluations.models import Answer
from petajalan.evaluations.tests.conftest import lke, open_windows
from petajalan.evaluations.tests.matrix_analysis import ANALYSIS_ROWS
from petajalan.evaluations.tests.matrix_cycles import CYCLE_ROWS, objects_for_cycles
from petajalan.evaluations.tests.matrix_documents import DOCUMENT_ROWS
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.tests.factories import make_action, make_roadmap
from petajalan.testing.matrix import walk

MATRIX = [*CYCLE_ROWS, *ANALYSIS_ROWS, *DOCUMENT_ROWS]


@pytest.fixture
def objects(
    packs: None, gov: Any, other_gov: Any, unit: Any, other_unit: Any, personas: dict
) -> dict[str, Any]:
    admin = personas["admin"]
    cycle = services.open_cycle(actor=admin, government=gov, year=2025, worksheet=lke("2023"))
    open_windows(cycle)
    answers = list(Answer.objects.filter(cycle=cycle).order_by("order"))
    Answer.objects.filter(cycle=cycle).update(unit=None)
    Answer.objects.filter(pk=answers[2].pk).update(unit=unit)
    Answer.objects.filter(pk=answers[3].pk).update(unit=other_unit)
    other_cycle = services.open_cycle(actor=None, government=other_gov, year=2025, worksheet=lke("2023"))
    scenario = services.save_scenario(
        actor=admin, cycle=cycle, name="Uji", answers={answers[0].node_key: "2"}
    )
    roadmap = make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)
    action = make_action(roadmap)
    shared = {
        "gov": gov.slug,
        "cycle": cycle.uuid,
        "answer": answers[2].pk,
        "city_answer": answers[0].pk,
        "other_answer": answers[3].pk,
        "other_cycle": other_cycle.uuid,
        "other_cycle_answer": other_cycle.answers.earliest("order").pk,
        "scenario": scenario.pk,
        "action": action.pk,
        "year": 2025,
    }
    return shared | objects_for_cycles(shared)


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_permission_matrix(case: Any, personas: dict, objects: dict) -> None:
    assert walk(case, personas, objects) == []
