"""Stored road maps for the report views and commands (built with the road-map slice's factories)."""

from __future__ import annotations

from typing import Any

import pytest

from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.tests.factories import make_action, make_problem, make_quick_win, make_roadmap


@pytest.fixture
def roadmap(gov: Any, unit: Any) -> Roadmap:
    r = make_roadmap(gov, unit, title="Road Map RB Dinas Kesehatan 2025-2029")
    problem = make_problem(r)
    for _n in range(3):
        action = make_action(r)
        action.problems.add(problem)
    make_quick_win(r)
    return r
