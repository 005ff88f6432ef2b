"""Property: for any road map, export to XLSX then import gives the identical road map."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petajalan.reports.spreadsheet import read_roadmap_xlsx
from petajalan.reports.xlsx_export import export_xlsx
from petajalan.roadmaps.plain import (
    Action,
    ChangeAgent,
    FocusRef,
    PlainRoadmap,
    Problem,
    QuarterValue,
    QuickWin,
    TeamMember,
    YearValue,
    canonical_json,
)


def _rm(result: Any) -> PlainRoadmap:
    """The parsed road map of a result that must have one."""
    assert result.roadmap is not None, result.problems
    roadmap: PlainRoadmap = result.roadmap
    return roadmap


FOCUS = [
    FocusRef("urn:rb:area:manajemen-perubahan", "A", "Manajemen Perubahan", "area", "rb-roadmap", "2020"),
    FocusRef("urn:rb:general:06", "6", "Zona Integritas", "main_activity", "rb-roadmap", "2023"),
    FocusRef("urn:rb:tematik:inflasi", "T5", "Pengendalian Inflasi", "theme", "rb-roadmap", "2023"),
]
UNITS = ["Setda", "Dinkes", "Disdik", "=Unit aneh"]
YEARS = list(range(2025, 2030))
# printable text with the characters that matter: formula starters, quotes, separators, Indonesian
ALPHABET = st.characters(
    codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x85\u2028\u2029"
)
text = st.text(ALPHABET, max_size=30)
one_line = st.text(ALPHABET, min_size=1, max_size=20).map(str.strip).filter(lambda s: s and ";" not in s)
required = text.filter(lambda s: s.strip() != "")
number = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
money = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


def _years(values):  # type: ignore[no-untyped-def]
    return (
        st.lists(st.sampled_from(YEARS), unique=True)
        .map(sorted)
        .flatmap(
            lambda ys: st.tuples(*[values for _ in ys]).map(
                lambda vs: [YearValue(y, v) for y, v in zip(ys, vs, strict=True)]
            )
        )
    )


@st.composite
def roadmaps(draw):  # type: ignore[no-untyped-def]
    problems = [
        Problem(
            uid=f"P{i}",
            focus_key=draw(st.sampled_from(FOCUS)).key,
            statement=draw(required),
            evidence=draw(text),
            order=i,
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    actions = []
    for i in range(draw(st.integers(0, 6))):
        no_budget = draw(st.booleans())
        actions.append(
            Action(
                uid=f"A{i}",
                focus_key=draw(st.sampled_from(FOCUS)).key,
                activity=draw(required),
                problem_uids=draw(st.lists(st.sampled_from([p.uid for p in problems]), unique=True))
                if problems
                else [],
                subactivity_code=draw(st.sampled_from(["", "1.02.02.2.01.0001", "X.XX.01.2.01.01"])),
                output=draw(text),
                indicator=draw(text),
                unit_of_measure=draw(st.sampled_from(["", "%", "dokumen", "indeks"])),
                direction=draw(st.sampled_from(["up", "down", "keep"])),
                baseline_year=draw(st.none() | st.integers(2015, 2029)),
                baseline_value=draw(st.none() | number),
                targets=draw(_years(number)),
                quarter_targets=draw(
                    st.lists(
                        st.builds(
                            QuarterValue, st.sampled_from(YEARS), st.integers(1, 4), st.none() | number
                        ),
                        max_size=3,
                    )
                ),
                budgets=[] if no_budget else draw(_years(money)),
                no_budget_needed=no_budget,
                responsible_unit=draw(st.sampled_from(["", *UNITS])),
                supporting_units=draw(st.lists(st.sampled_from(UNITS), unique=True, max_size=2)),
                schedule=draw(
                    st.lists(
                        st.builds(lambda y, q: f"{y}-Q{q}", st.sampled_from(YEARS), st.integers(1, 4)),
                        max_size=4,
                    )
                ),
                expected_evidence=draw(text),
                cascade_uid=draw(st.sampled_from(["", "kota-1"])),
                order=draw(st.integers(1, 500)),
            )
        )
    quick_wins = [
        QuickWin(
            uid=f"Q{i}",
            title=draw(required),
            change_for_citizens=draw(text),
            owner=draw(text),
            deadline=draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))),
            before_measure=draw(text),
            after_measure=draw(text),
            expected_evidence=draw(text),
            order=i + 1,
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    nip = st.sampled_from(["", "196009101980031003", "199001012015032001"])
    team = [
        TeamMember(
            team=draw(st.sampled_from(["steering", "implementing", "working_group"])),
            role=draw(required),
            name=draw(required),
            position=draw(text),
            nip=draw(nip),
            group=draw(text),
            order=i + 1,
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    agents = [
        ChangeAgent(
            name=draw(required),
            position=draw(text),
            nip=draw(nip),
            unit=draw(text),
            action_plan=draw(text),
            order=i + 1,
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    # the base order of rows is arbitrary: the import keeps it
    actions = draw(st.permutations(actions))
    return PlainRoadmap(
        level="unit",
        government="Kota Uji",
        government_slug="kota-uji",
        title=draw(required),
        period_label="2025-2029",
        start_year=2025,
        end_year=2029,
        unit="Dinas Kesehatan",
        unit_short_name="Dinkes",
        unit_code="1.02.0.00.0.00.01.0000",
        focus_nodes=list(FOCUS),
        problems=problems,
        actions=list(actions),
        quick_wins=quick_wins,
        team=team,
        change_agents=agents,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roadmaps())
def test_export_then_import_is_identical(roadmap: PlainRoadmap) -> None:
    result = read_roadmap_xlsx(export_xlsx(roadmap, units=UNITS), base=roadmap, units=UNITS)
    assert result.problems == []
    assert canonical_json(_rm(result)) == canonical_json(roadmap)
    assert not any(result.changes.values())


def test_decimal_places_survive_the_round_trip() -> None:
    action = Action(
        uid="A", focus_key=FOCUS[0].key, activity="x", targets=[YearValue(2025, Decimal("83.83"))]
    )
    roadmap = PlainRoadmap(
        "unit", "Kota Uji", "kota-uji", "t", "2025-2029", 2025, 2029, focus_nodes=FOCUS, actions=[action]
    )
    result = read_roadmap_xlsx(export_xlsx(roadmap), base=roadmap)
    assert _rm(result).actions[0].targets == [YearValue(2025, Decimal("83.83"))]
